"""The sitemap (sitemaps.org XML) and robots.txt, which points crawlers at it."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape as xml_escape

from newsdigest.config import Config
from newsdigest.site_model import Site
from newsdigest.urls import absolute_url, canonical_is_original

SITEMAP_FILE = "sitemap.xml"
ROBOTS_FILE = "robots.txt"
# sitemaps.org: at most 50,000 URLs (and 50 MB) in one file; a site with more lists them in numbered files
# (`sitemap-1.xml`, ...) that `sitemap.xml`, then a sitemap index, names.
MAX_SITEMAP_URLS = 50_000
_URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'


def sitemap_files(site: Site) -> dict[str, bytes]:
    """sitemap.xml (and its numbered parts, for a site of more pages than one file may list) and robots.txt,
    keyed by path relative to output/."""
    return {**render_sitemaps(site), ROBOTS_FILE: render_robots(site.config)}


def is_sitemap_file(path: str) -> bool:
    """Whether an output path is the sitemap or one of its numbered parts."""
    return path == SITEMAP_FILE or (path.startswith("sitemap-") and re.fullmatch(r"sitemap-[0-9]+\.xml", path)
                                    is not None)


def render_sitemaps(site: Site) -> dict[str, bytes]:
    """sitemaps.org XML listing every page but the search page and the article pages whose `rel=canonical` is the
    original's (a sitemap lists the addresses a search engine should index); articles carry when they last changed
    (`updated:`, else their date) as lastmod, stories their newest report's date (a story page changes when
    another outlet reports the event). More than `MAX_SITEMAP_URLS` pages: numbered files and an index."""
    config = site.config
    entries = []
    for page in site.pages:
        if page.kind in ("search", "redirect"):
            continue   # a search box, with nothing of its own to find; a page that leads to another
        lastmod = ""
        if page.kind == "article":
            if canonical_is_original(config, page.context["article"]):
                continue   # this address names the original as the page to index
            # (W3C date-times allow a date alone: an article dated, or updated, by its day has no time to state)
            lastmod = f"<lastmod>{page.context['article'].modified_text}</lastmod>"
        elif page.kind == "story" and "story" in page.context:
            lastmod = f"<lastmod>{page.context['story'].updated.isoformat()}</lastmod>"
        entries.append(f"  <url>{_sitemap_loc(config, page.url)}{lastmod}</url>")
    if len(entries) <= MAX_SITEMAP_URLS:
        return {SITEMAP_FILE: _urlset(entries)}
    parts = {f"sitemap-{number}.xml": _urlset(entries[start:start + MAX_SITEMAP_URLS])
             for number, start in enumerate(range(0, len(entries), MAX_SITEMAP_URLS), start=1)}
    index = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
             *(f"  <sitemap>{_sitemap_loc(config, '/' + name)}</sitemap>" for name in parts), "</sitemapindex>\n"]
    return {SITEMAP_FILE: "\n".join(index).encode("utf-8"), **parts}


def _urlset(entries: list[str]) -> bytes:
    return "\n".join(['<?xml version="1.0" encoding="UTF-8"?>', _URLSET, *entries, "</urlset>\n"]).encode("utf-8")


def render_robots(config: Config) -> bytes:
    """Every crawler may read everything; the sitemap lists it."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute_url(config, '/' + SITEMAP_FILE)}\n".encode()


def move_in_sitemap(config: Config, sitemaps: dict[str, bytes], old_url: str, new_url: str) -> dict[str, bytes]:
    """The sitemap files that list one page, with its URL changed in place (a quick update's moved article page);
    none when no file lists it (an article whose canonical address is the original's)."""
    old, new = _sitemap_loc(config, old_url).encode(), _sitemap_loc(config, new_url).encode()
    changed = {path: data.replace(old, new) for path, data in sitemaps.items() if old in data}
    if any(data.count(new) != 1 for data in changed.values()) or len(changed) > 1:
        raise ValueError(f"{old_url} is not listed once in the sitemap")
    return changed


def _sitemap_loc(config: Config, url: str) -> str:
    return f"<loc>{xml_escape(absolute_url(config, url))}</loc>"
