"""Test helpers that inspect a built site the way a browser or crawler would."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class LinkCollector(HTMLParser):
    """Collects every link and asset reference, every id, and the headings of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.headings: list[int] = []
        self.scripts = 0
        self.landmarks: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            if attrs.get(name) is not None:
                self.links.append(attrs[name])
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        if tag == "script":
            self.scripts += 1
        if tag in ("main", "header", "footer", "nav"):
            self.landmarks.add(tag)


def parse_page(path: Path) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def local_target(output: Path, base_url: str, page_url: str, link: str) -> tuple[Path | None, str]:
    """Map a link on a page to (file in output/, fragment); (None, '') for links off the site."""
    absolute = urljoin(page_url, link)
    if not absolute.startswith(base_url):
        return None, ""
    parts = urlsplit(absolute)
    relative = unquote(parts.path)[len(urlsplit(base_url).path):]
    target = output / relative
    if relative == "" or relative.endswith("/"):
        target = target / "index.html"
    return target, parts.fragment


def broken_links(output: Path, base_url: str) -> list[str]:
    """Every internal link, asset or fragment on every page that does not resolve to a file (or id)."""
    problems = []
    pages = {p: parse_page(p) for p in output.rglob("*.html")}
    for path, page in pages.items():
        relative = path.relative_to(output).as_posix()
        page_url = base_url + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)
        for link in page.links:
            target, fragment = local_target(output, base_url, page_url, link)
            if target is None:
                continue
            if not target.is_file():
                problems.append(f"{relative}: {link} -> missing {target.relative_to(output)}")
            elif fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse_page(target).ids
                if fragment not in ids:
                    problems.append(f"{relative}: {link} -> no id {fragment!r}")
    return problems
