"""Read the three source corpora into `SourcePage`s: the original HTML plus its ground truth.

- Fundus (github.com/flairNLP/fundus), `tests/resources/parser/test_data/<group>/`: per publisher a JSON file of
  the parser's reviewed output (title, body, authors, publishing date) keyed by parser version, the pages as
  `<Publisher>_<YYYY_MM_DD>.html.gz`, and `meta.info` with each page's URL and crawl date.
- Mozilla Readability (github.com/mozilla/readability), `test/test-pages/<name>/`: `source.html`, the expected
  article as `expected.html`, and `expected-metadata.json` (title, byline, siteName, publishedTime, lang).
- Zyte's (Scrapinghub's) Article Extraction Benchmark (github.com/scrapinghub/article-extraction-benchmark):
  `html/<id>.html.gz` and `ground-truth.json` with each page's `url` and hand-made `articleBody`; no title,
  date or authors, so these pages count for the body only.

A source may be given as a bare git mirror (read at HEAD with `git archive`) or as a checkout.
"""

from __future__ import annotations

import ast
import gzip
import html as html_entities
import io
import json
import logging
import re
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from dateutil import parser as date_parser

from evaluation import html_tools

log = logging.getLogger(__name__)

FUNDUS_TEST_DATA = "tests/resources/parser/test_data"
FUNDUS_PUBLISHERS = "src/fundus/publishers"
READABILITY_TEST_PAGES = "test/test-pages"
BENCHMARK_HTML = "html"
BENCHMARK_TRUTH = "ground-truth.json"

# Readability's test pages mix real pages saved from real sites with hand-written unit cases, mostly named after
# the feature they test (base-url, svg-parsing, rtl-1...). Rule: a page is a real web page when its
# source.html is at least this large and holds no "Lorem ipsum" filler. Every unit case is under 4 KB or filler;
# the smallest real page (daringfireball-1) is 10 KB.
READABILITY_SMALLEST_REAL_PAGE_BYTES = 8_000
_FILLER_TEXT = re.compile(rb"lorem ipsum", re.IGNORECASE)

# "Title - Site", "Title | Site", "Title _Section _Site", "Title [Site]": the separators Readability's titles
# keep before a site name.
_TITLE_SUFFIX_SEPARATOR = re.compile(r"^\s*(?:[|\-–—_·:]|::|\[)")


@dataclass
class SourcePage:
    """One page as read from a source, before rendering: original HTML and ground truth."""

    id: str
    corpus: str  # "fundus", "readability" or "article-extraction-benchmark"
    publisher: str  # the outlet's name as the source gives it
    group_ids: tuple[str, ...]  # names that tie this page to others of the same outlet, for the split
    html: str  # the original page, decoded
    html_codec: str  # the codec the bytes were decoded with
    declared_charset: str | None  # what the page's <meta> declares (may be stale: see html_tools.decode_html)
    url: str | None
    title: str | None  # None where the source gives no headline
    body: str  # paragraphs separated by blank lines
    authors: tuple[str, ...]
    published: str | None  # ISO 8601
    site_name: str | None
    declared_language: str | None
    notes: list[str] = field(default_factory=list)


def _domain_label(url: str | None) -> str | None:
    """The registrable name of a URL's host without its public suffix: www.bbc.co.uk -> 'bbc'.

    The label rather than the whole domain, so one outlet's national domains (bbc.com, bbc.co.uk) group together.
    """
    if not url:
        return None
    import tld  # the public-suffix list; installed with trafilatura (through courlan)

    parsed = tld.get_tld(url, as_object=True, fail_silently=True, fix_protocol=True)
    return parsed.domain.lower() if parsed is not None and parsed.domain else None


def iso_date(value: str | None) -> str | None:
    """A date or date-time in ISO 8601 ('2024-06-25', '2018-04-05T06:00:00', '2021-11-01T10:52:50+01:00')."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    try:
        parsed = date_parser.isoparse(value)
    except ValueError:
        parsed = date_parser.parse(value)
    return parsed.isoformat()


# ---------------------------------------------------------------------------------------------------------------
# Reading a repository at HEAD


def materialise(repo: Path, paths: list[str], into: Path) -> tuple[Path, str]:
    """A folder holding `paths` of `repo` at HEAD, and the commit: the checkout itself, or an export of a mirror."""
    commit = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True)
    commit_id = commit.stdout.strip() if commit.returncode == 0 else "unknown"
    if all((repo / path).exists() for path in paths):
        return repo, commit_id
    if commit.returncode != 0:
        raise SystemExit(f"{repo} is neither a checkout holding {paths[0]} nor a git repository")
    archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", "HEAD", *paths],
                             capture_output=True, check=True)
    into.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into, commit_id


# ---------------------------------------------------------------------------------------------------------------
# Fundus


@dataclass(frozen=True)
class FundusPublisher:
    attribute: str  # the name Fundus files are named after, e.g. "BR"
    name: str  # e.g. "Bayerischer Rundfunk (BR)"
    domain: str | None
    group_language: str | None  # the group's default_language


def fundus_publishers(root: Path) -> dict[str, FundusPublisher]:
    """Fundus's publisher registry, read from `src/fundus/publishers/*/__init__.py` without importing Fundus.

    Each group is a class whose attributes are `Publisher(name=..., domain=..., ...)` calls and whose
    `default_language` names the group's language.
    """
    publishers: dict[str, FundusPublisher] = {}
    for init_file in sorted((root / FUNDUS_PUBLISHERS).glob("*/__init__.py")):
        tree = ast.parse(init_file.read_text(encoding="utf-8"))
        for group in (node for node in tree.body if isinstance(node, ast.ClassDef)):
            group_language = None
            members: dict[str, dict] = {}
            for statement in group.body:
                if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                        and isinstance(statement.targets[0], ast.Name)):
                    continue
                name, value = statement.targets[0].id, statement.value
                if name == "default_language" and isinstance(value, ast.Constant):
                    group_language = value.value
                elif isinstance(value, ast.Call) and getattr(value.func, "id", None) == "Publisher":
                    members[name] = {k.arg: k.value.value for k in value.keywords if isinstance(k.value, ast.Constant)}
            for attribute, keywords in members.items():
                publishers[attribute] = FundusPublisher(attribute, keywords.get("name", attribute),
                                                        keywords.get("domain"), group_language)
    return publishers


def _fundus_body(body: dict | None) -> str:
    """Summary, then each section's headline and paragraphs, in order, separated by blank lines."""
    if not body:
        return ""
    parts = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        parts += section.get("headline") or []
        parts += section.get("paragraphs") or []
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def _page_of_version(index: int, title: str, html_files: list[Path],
                     visible_text: dict[Path, str]) -> tuple[Path | None, str | None]:
    """The page that the index-th truth entry belongs to, and a note when date order was not the answer.

    The i-th page by date, if the entry's title is in it; else the one page whose text holds the title.
    """
    probe = title[:60]
    by_date = html_files[index] if index < len(html_files) else None
    if by_date is not None and (not probe or probe in visible_text[by_date]):
        return by_date, None
    holders = [path for path in html_files if probe and probe in visible_text[path]]
    if len(holders) == 1:
        return holders[0], f"truth matched to {holders[0].name} by its title, not by date order"
    if by_date is not None:
        return by_date, "truth title not found in the page"
    return None, None


def read_fundus(root: Path) -> list[SourcePage]:
    """Every Fundus test page with the truth of the parser version it belongs to.

    Fundus picks a page's parser version by its crawl date: each version is valid until a date, and the test
    JSON lists one entry per version in version order. So the i-th page by date belongs to the i-th entry;
    the build checks this by finding the entry's title in the page, and otherwise takes the page whose text
    holds the title.
    """
    publishers = fundus_publishers(root)
    pages: list[SourcePage] = []
    for group_dir in sorted(p for p in (root / FUNDUS_TEST_DATA).iterdir() if p.is_dir()):
        meta_info = json.loads((group_dir / "meta.info").read_text(encoding="utf-8"))
        for truth_file in sorted(group_dir.glob("*.json")):
            attribute = truth_file.stem
            publisher = publishers.get(attribute) or FundusPublisher(attribute, attribute, None, None)
            page_name = re.compile(re.escape(attribute) + r"_(\d{4}_\d{2}_\d{2})\.html\.gz")
            html_files = sorted(p for p in group_dir.glob(f"{attribute}_*.html.gz") if page_name.fullmatch(p.name))
            decoded: dict[Path, tuple[str, str, str | None]] = {}
            for path in html_files:
                # Fundus writes every page as UTF-8 (it stores the decoded text), whatever the page declares.
                data = gzip.decompress(path.read_bytes())
                text, codec = html_tools.decode_html(data, known_encoding="utf-8")
                decoded[path] = (text, codec, html_tools.declared_charset(data))
            visible_text = {path: _squeezed(html_entities.unescape(text)) for path, (text, _, _) in decoded.items()}
            for index, (version, truth) in enumerate(json.loads(truth_file.read_text(encoding="utf-8")).items()):
                title = _squeezed(truth.get("title") or "")
                path, note = _page_of_version(index, title, html_files, visible_text)
                if path is None:
                    log.warning("fundus %s %s: no page for this truth entry; skipped", attribute, version)
                    continue
                html, codec, charset = decoded[path]
                url = meta_info.get(path.name, {}).get("url")
                site_labels = [_domain_label(url), _domain_label(publisher.domain)]
                pages.append(SourcePage(
                    id=f"fundus/{group_dir.name}/{attribute}_{page_name.fullmatch(path.name).group(1)}",
                    corpus="fundus",
                    publisher=publisher.name,
                    group_ids=tuple(dict.fromkeys([f"fundus:{attribute}"]
                                                  + [f"site:{label}" for label in site_labels if label])),
                    html=html,
                    html_codec=codec,
                    declared_charset=charset,
                    url=url,
                    title=title,
                    body=_fundus_body(truth.get("body")),
                    authors=tuple(a.strip() for a in truth.get("authors") or [] if a and a.strip()),
                    published=iso_date(truth.get("publishing_date")),
                    site_name=publisher.name,
                    declared_language=(html_tools.declared_language(html_tools.parse_document(html))
                                       or publisher.group_language),
                    notes=[f"{version}: {note}"] if note else [],
                ))
    return pages


# ---------------------------------------------------------------------------------------------------------------
# Readability


def readability_is_real_page(source_bytes: bytes) -> bool:
    """True for a page saved from a real site, False for a hand-written unit case (see the rule above)."""
    return len(source_bytes) >= READABILITY_SMALLEST_REAL_PAGE_BYTES and not _FILLER_TEXT.search(source_bytes)


def _title_without_site_suffix(title: str, doc) -> tuple[str, str | None]:
    """Readability's title, shortened to the page's <h1> when it is that <h1> plus a " - Site"-like suffix.

    Readability's expected titles are its own output and sometimes keep the site name ("How to Build a
    Terrarium | eHow", "Mozilla - Wikipedia"). A headline a reader sees is the truth an extractor should find.
    """
    for heading in doc.xpath("//h1"):
        h1 = _squeezed(heading.text_content())
        if h1 and len(h1) < len(title) and title.startswith(h1) and _TITLE_SUFFIX_SEPARATOR.match(title[len(h1):]):
            return h1, f"title: Readability's {title!r} shortened to the page's <h1>"
    return title, None


def read_readability(root: Path) -> tuple[list[SourcePage], list[str]]:
    """The real pages among Readability's test pages, and the names of the unit cases left out."""
    pages: list[SourcePage] = []
    excluded: list[str] = []
    for page_dir in sorted(p for p in (root / READABILITY_TEST_PAGES).iterdir() if p.is_dir()):
        source = (page_dir / "source.html").read_bytes()
        if not readability_is_real_page(source):
            excluded.append(page_dir.name)
            continue
        metadata = json.loads((page_dir / "expected-metadata.json").read_text(encoding="utf-8"))
        html, codec = html_tools.decode_html(source)
        doc = html_tools.parse_document(html)
        url = html_tools.own_url(doc, html)
        stem = re.sub(r"-\d+$", "", page_dir.name)
        site_label = _domain_label(url)
        title, title_note = _title_without_site_suffix(_squeezed(metadata.get("title") or ""), doc)
        byline = _squeezed(metadata.get("byline") or "")
        pages.append(SourcePage(
            id=f"readability/{page_dir.name}",
            corpus="readability",
            publisher=_squeezed(metadata.get("siteName") or "") or site_label or stem,
            group_ids=(f"site:{site_label}",) if site_label else (f"readability:{stem}",),
            html=html,
            html_codec=codec,
            declared_charset=html_tools.declared_charset(source),
            url=url,
            title=title,
            body=html_tools.block_text((page_dir / "expected.html").read_text(encoding="utf-8")),
            authors=(byline,) if byline else (),
            published=iso_date(metadata.get("publishedTime")),
            site_name=_squeezed(metadata.get("siteName") or "") or None,
            declared_language=(html_tools.primary_language(metadata.get("lang"))
                               or html_tools.declared_language(doc)),
            notes=[title_note] if title_note else [],
        ))
    return pages, excluded


# ---------------------------------------------------------------------------------------------------------------
# Article Extraction Benchmark


def _paragraphs(text: str) -> str:
    """The truth's paragraphs (one per line or blank-line block), each with its spaces squeezed."""
    return "\n\n".join(squeezed for line in text.splitlines() if (squeezed := _squeezed(line)))


def read_article_benchmark(root: Path) -> list[SourcePage]:
    """Every page of the Article Extraction Benchmark with its hand-made article body (no title or date)."""
    truths = json.loads((root / BENCHMARK_TRUTH).read_text(encoding="utf-8"))
    pages: list[SourcePage] = []
    for page_hash, truth in sorted(truths.items()):
        data = gzip.decompress((root / BENCHMARK_HTML / f"{page_hash}.html.gz").read_bytes())
        html, codec = html_tools.decode_html(data)
        url = truth.get("url") or None
        site_label = _domain_label(url)
        pages.append(SourcePage(
            id=f"article-extraction-benchmark/{page_hash[:16]}",
            corpus="article-extraction-benchmark",
            publisher=site_label or page_hash[:16],
            group_ids=(f"site:{site_label}",) if site_label else (f"article-extraction-benchmark:{page_hash}",),
            html=html,
            html_codec=codec,
            declared_charset=html_tools.declared_charset(data),
            url=url,
            title=None,
            body=_paragraphs(truth.get("articleBody") or ""),
            authors=(),
            published=None,
            site_name=None,
            declared_language=html_tools.declared_language(html_tools.parse_document(html)),
        ))
    return pages
