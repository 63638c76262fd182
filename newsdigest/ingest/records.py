"""Scraper records -> `RawPage`s: one JSON object per page, as news scrapers and crawlers write them.

Every scraper names its fields its own way, so each purpose has a list of names, tried in order
(`FIELDS`): news-please's `maintext` and `date_publish`, trafilatura's `text`, `date` and `source-hostname`,
newspaper4k's `publish_date`, Fundus's `publishing_date` and `topics`, Zyte's `article.articleBody`, Diffbot's
`objects[0]`, Firecrawl's and Apify's `metadata.*`, crawl4ai's `html`, and this project's own `html`, `text`,
`fetched_at` and `source`. A record's page is one of three kinds:

- the page's HTML (`html`, `rawHtml`...), read like an HTML file;
- article text the scraper already extracted (`maintext`, `articleBody`...): kept as it is, paragraph by
  paragraph, since cleaning it again would drop article lines;
- text under a name that means either (`text`, `markdown`, `content`): this project's own records hold a page's
  whole text there, trafilatura, newspaper4k and Diffbot the article alone. `looks_like_page_dump` tells them
  apart by the share of short lines (menus, buttons, teaser labels): on the development corpus's train pages,
  37 of 359 articles look like page dumps and 8 of 357 dumps like articles.

What a record states about its page (title, publication date, authors, language, tags, section) wins over
what ingest would read from the page, as `--source` and `--url` do.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

from newsdigest.ingest.categories import section_name
from newsdigest.ingest.domains import registered_domain
from newsdigest.ingest.flattened import is_flattened
from newsdigest.ingest.html import headline_text, strip_site_name
from newsdigest.ingest.model import Extracted, IngestError, RawPage, StatedFacts
from newsdigest.ingest.page_tags import page_tags
from newsdigest.ingest.record_times import read_timestamp

# Names of each field, in the order they are tried; the first that holds a usable value counts.
FIELDS: dict[str, tuple[str, ...]] = {
    "html": ("html", "rawHtml", "raw_html", "browserHtml", "page_html"),
    "article": ("maintext", "articleBody", "article_body", "article_text", "plaintext", "body"),
    "text": ("text", "markdown", "content"),
    "url": ("url", "pageUrl", "resolvedPageUrl", "loadedUrl", "sourceURL", "source_url", "redirected_url",
            "canonicalUrl", "canonical_link", "link", "source"),
    "title": ("title", "headline"),
    "published": ("date_publish", "publishing_date", "publish_date", "datePublished", "published_at",
                  "published", "publishedTime", "published_time", "article:published_time", "pubDate", "date"),
    "fetched": ("fetched_at", "date_download", "dateDownloaded", "loadedTime", "crawled_at", "scraped_at",
                "downloaded_at"),
    "source": ("source", "site_name", "sitename", "siteName", "source-hostname", "meta_site_name", "ogSiteName",
               "og:site_name", "og_site_name", "publisher"),
    "author": ("authors", "author", "byline"),
    "lang": ("language", "lang", "inLanguage", "humanLanguage", "languageCode", "meta_lang"),
    "tags": ("tags", "topics", "article:tag", "article_tag", "keywords"),
    "category": ("category", "section", "articleSection", "article:section", "article_section", "categories"),
}
# Where a record keeps those fields: Zyte nests the article under "article", Diffbot under "objects",
# Firecrawl, Apify and crawl4ai put the page's metadata under "metadata", Apify its crawl under "crawl".
WRAPPERS = ("article", "objects")
SIDE_OBJECTS = ("metadata", "crawl", "request")

SHORT_LINE_WORDS = 5          # a line of fewer words, and under SHORT_LINE_CHARS, is a menu entry or label
SHORT_LINE_CHARS = 40
PAGE_DUMP_SHORT_SHARE = 0.2   # a page's text has at least this share of short lines...
PAGE_DUMP_SHORT_LINES = 5     # ...and at least this many
# One record (as UTF-8) larger than this is refused, a JSON Lines one before it is decoded: the development
# corpus's records are 84 kB in the median and 1.2 MB at most, so more is many pages in one, or inlined media.
MAX_RECORD_BYTES = 8 << 20
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_HTML_DOCUMENT = re.compile(r"\s*<(?:!doctype|html|head|body|div|p|article)\b", re.IGNORECASE)
_HTML_END_TAG = re.compile(r"</(?:html|body|div|p|article)>", re.IGNORECASE)
_HTML_PAGE = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype|html|head)\b", re.IGNORECASE | re.DOTALL)
_LIST_SPLIT = re.compile(r"\s*[;,]\s*")
_LANGUAGE_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")


class RecordError(ValueError):
    """A record that holds no page: the message says what is missing."""


class NotRecords(IngestError):
    """A `.json` file that holds no scraper record at all (no object with a page field): some other JSON file
    in the folder, skipped rather than failed."""


@dataclass(frozen=True)
class RecordLabel:
    """How a record is named in messages and front matter: "feed.jsonl:3" (its line), "page.json" (a file of one
    record), "items.json:3" (the third record of a JSON array, `where` "record 3"; "" for the others)."""

    label: str
    where: str


def looks_like_page_dump(text: str) -> bool:
    """Whether text is a page's whole text (menus, labels, teasers and the article) rather than an article alone."""
    if is_flattened(text):
        return True  # a page run into one line: only the dump extractor can cut it apart
    lines = [line for line in (raw.strip() for raw in text.splitlines()) if line]
    short = sum(1 for line in lines if len(line) < SHORT_LINE_CHARS and len(line.split()) < SHORT_LINE_WORDS)
    return bool(lines) and short >= PAGE_DUMP_SHORT_LINES and short / len(lines) >= PAGE_DUMP_SHORT_SHARE


def record_page(record: Mapping, name: RecordLabel, *, source: str = "") -> RawPage:
    """The page a scraper record holds (see the module docstring); raises RecordError when it holds none.
    `source` (--source) wins over the record's own outlet name."""
    fields = _Fields(record)
    kind, body = "html", fields.text("html")
    if body and not _HTML_PAGE.match(body) and (_article_text(fields.first("article")) or fields.text("text")):
        body = ""  # an HTML fragment of the article (Diffbot's `html`) beside its text: the text is the article
    if not body:
        kind, body = "article", _article_text(fields.first("article"))
    if not body:
        body, field = fields.named_text("text")
        kind = "text" if looks_like_page_dump(body) else "markdown" if field == "markdown" else "article"
    if not body:
        names = ", ".join(f"'{n}'" for n in FIELDS["html"][:2] + FIELDS["article"][:2] + FIELDS["text"][:1])
        raise RecordError(f"record has no page: none of {names} (or the other names of those fields) holds text")
    if kind != "html" and _HTML_DOCUMENT.match(body) and _HTML_END_TAG.search(body):
        kind = "html"  # a scraper that stores the response under "body" or "content"
    title = fields.text("title")
    if kind in ("article", "markdown") and not title:
        kind = "text"  # no headline stated: the page extractor finds one (and the article around it)
    url = next((value for value in fields.strings("url") if _URL.match(value)), "")
    stated_source = next((name for _, value in fields.values("source") for name in _names(value)
                          if not _URL.match(name)), "")
    published, published_note = _when(fields, "published")
    fetched, fetched_note = _when(fields, "fetched")
    notes = tuple(note for note in (published_note, fetched_note) if note)
    stated = StatedFacts(
        title=title, published=published, author=", ".join(_names(_authors(fields.first("author")))),
        lang=_language_code(fields.strings("lang")), tags=page_tags(_names(fields.first("tags"))),
        category=next(filter(None, map(section_name, _names(fields.first("category"), split=True))), ""),
        notes=notes)
    return RawPage(text=body, kind=kind, label=name.label, file_name=name.label,
                   source=source or stated_source, url=url, fetched_at=fetched, stated=stated)


def json_kind(value) -> str:
    """What JSON calls the kind of a decoded value: "an array", "null", "a string"..."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    return {dict: "an object", list: "an array", str: "a string"}.get(type(value), "a number")


def read_records(path_name: str, text: str, *, source: str = "", lines: bool = True
                 ) -> tuple[list[RawPage], list[tuple[str, str]]]:
    """Pages of a JSON Lines file (`lines`, one record a line) or a JSON file (one record, or an array of them),
    plus (label, message) problems: a bad record costs only itself."""
    pages: list[RawPage] = []
    problems: list[tuple[str, str]] = []
    records = [unwrapped for name, record in _records(path_name, text, lines, problems)
               for unwrapped in _unwrapped(name, record)]
    if not lines and not problems and not any(isinstance(record, dict) and _Fields(record).holds_page()
                                              for _, record in records):
        raise NotRecords("not a scraper record: no object in it has a page field (html, maintext, text...)")
    for name, record in records:
        where = f"{name.where}: " if name.where else ""
        if not isinstance(record, dict):
            problems.append((name.label, f"{where}expected a JSON object, got {json_kind(record)}"))
            continue
        try:
            pages.append(record_page(record, name, source=source))
        except RecordError as err:
            problems.append((name.label, f"{where}{err}"))
    if not pages and not problems:
        problems.append((path_name, "no records found"))
    return pages, problems


def _unwrapped(name: RecordLabel, value: object) -> Iterator[tuple[RecordLabel, object]]:
    """The records of a scraper's whole response: Firecrawl's `{"success": true, "data": {...} or [...]}`,
    crawl4ai's `{"results": [...]}`, a Fundus file of `{"Publisher": [articles]}` (each article then names that
    outlet); a record as it is."""
    if not isinstance(value, dict) or _Fields(value).holds_page():
        yield name, value
        return
    inner = next((value[key] for key in ("data", "results") if isinstance(value.get(key), (dict, list))), None)
    if inner is None and value and all(isinstance(v, list) for v in value.values()):
        inner = [{"publisher": outlet, **item} if isinstance(item, dict) else item
                 for outlet, items in value.items() for item in items]
    if isinstance(inner, dict):
        yield name, inner
    elif isinstance(inner, list) and inner:
        for number, item in enumerate(inner, start=1):
            yield RecordLabel(f"{name.label}:{number}" if len(inner) > 1 else name.label,
                              f"{name.where + ', ' if name.where else ''}record {number}"), item
    else:
        yield name, value


def _records(path_name: str, text: str, lines: bool, problems: list) -> Iterator[tuple[RecordLabel, object]]:
    if lines and text.lstrip().startswith("["):
        # A JSON array saved under a JSON Lines name: its records, not a failure for each of its lines
        with contextlib.suppress(ValueError, RecursionError):
            lines = not isinstance(_decoded_json(text), list)
    if not lines:
        try:
            value = _decoded_json(text)
        except (ValueError, RecursionError) as err:
            problems.append((path_name, _invalid_json(err)))
            return
        if isinstance(value, list):
            for number, record in enumerate(value, start=1):
                yield RecordLabel(f"{path_name}:{number}", f"record {number}"), record
        elif isinstance(value, dict) and _Fields(value).holds_page() and (refused := _too_large(text)):
            problems.append((path_name, refused))
        else:
            yield RecordLabel(path_name, ""), value
        return
    # JSON Lines records end at "\n" only: str.splitlines would also split at U+2028, U+2029 and U+0085,
    # which JSON writers leave raw inside strings (ensure_ascii=False), cutting a record in pieces.
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if not line.strip():
            continue
        label = f"{path_name}:{number}"   # names the line, as "file:line" does: messages need not say it again
        if refused := _too_large(line):
            problems.append((label, refused))
            continue
        try:
            record = _decoded_json(line)
        except (ValueError, RecursionError) as err:
            problems.append((label, _invalid_json(err, in_line=True)))
            continue
        yield RecordLabel(label, ""), record


def _too_large(text: str) -> str | None:
    """Why a record is refused for its size; None when it is within the bound."""
    if len(text) * 4 <= MAX_RECORD_BYTES:  # at most 4 bytes a character: no need to encode a copy to know
        return None
    if (size := len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))) <= MAX_RECORD_BYTES:
        return None
    return (f"a record of {size / (1 << 20):.1f} MB, more than the {MAX_RECORD_BYTES >> 20} MB one page's record has "
            "(many pages in one, or media inlined?): not read")


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _decoded_json(text: str):
    """`json.loads`, with each lone surrogate (a "\\ud800" escape without its pair, which JSON allows) replaced by
    U+FFFD: the HTML parser would cut the page there, and no file can be written with one."""
    value = json.loads(text)
    return _without_lone_surrogates(value) if _SURROGATE_ESCAPE.search(text) else value


def _without_lone_surrogates(value):
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {_without_lone_surrogates(key): _without_lone_surrogates(item) for key, item in value.items()}
    return value


def _invalid_json(err: Exception, in_line: bool = False) -> str:
    """Why a record is not JSON that can be read: a syntax error where it is (its line in the file, unless the
    record is one line of JSON Lines, which its label names), or what Python refuses to read in valid JSON (a
    number of thousands of digits, arrays nested thousands deep)."""
    if isinstance(err, json.JSONDecodeError):
        return f"{'' if in_line else f'line {err.lineno}: '}invalid JSON ({err.msg} at column {err.colno})"
    what = "nested too deeply" if isinstance(err, RecursionError) else str(err)
    return f"JSON that cannot be read ({what})"


class _Fields:
    """A record's fields by purpose, looked up in the record, the article object it wraps, then its side objects."""

    def __init__(self, record: Mapping):
        places = []
        for key in WRAPPERS:
            inner = record.get(key)
            if isinstance(inner, list) and inner and isinstance(inner[0], dict):
                inner = inner[0]
            if isinstance(inner, dict):
                places.append(inner)
        places.append(record)
        # side objects of the record, then of the article it wraps (Zyte's article.metadata.dateDownloaded)
        places += [place[key] for place in (record, *places[:-1]) for key in SIDE_OBJECTS
                   if isinstance(place.get(key), dict)]
        self.places = places

    def values(self, purpose: str) -> Iterator[tuple[str, object]]:
        """(field name, value) of every field that may hold this purpose, best first."""
        for name in FIELDS[purpose]:
            for place in self.places:
                value = place.get(name)
                if value is not None and value != "" and value != [] and value != {}:
                    yield name, value

    def holds_page(self) -> bool:
        return bool(self.text("html") or _article_text(self.first("article")) or self.text("text"))

    def first(self, purpose: str) -> object:
        return next((value for _, value in self.values(purpose)), None)

    def strings(self, purpose: str) -> Iterator[str]:
        for _, value in self.values(purpose):
            if isinstance(value, str) and value.strip():
                yield value.strip()

    def text(self, purpose: str) -> str:
        """The first non-blank string of this purpose ("" when none); a text body keeps its line breaks."""
        return self.named_text(purpose)[0]

    def named_text(self, purpose: str) -> tuple[str, str]:
        """`text`, and the name of the field that held it."""
        for name, value in self.values(purpose):
            if isinstance(value, dict) and purpose == "text":
                value = value.get("raw_markdown")  # crawl4ai's markdown, dumped as an object
            if isinstance(value, str) and value.strip():
                return (value if purpose in ("html", "text") else value.strip()), name
        return "", ""


def _article_text(value: object) -> str:
    """Article text as a string: a string as it is, Fundus's body object (summary, sections of headlines and
    paragraphs) as paragraphs and `##` subheadings."""
    if isinstance(value, str):
        return value if value.strip() else ""
    if not isinstance(value, dict):
        return ""
    parts = _strings(value.get("summary"))
    for section in value.get("sections") if isinstance(value.get("sections"), list) else []:
        if isinstance(section, dict):
            parts += [f"## {text}" for text in _strings(section.get("headline"))] + _strings(section.get("paragraphs"))
    return "\n\n".join(part.strip() for part in parts if part.strip())


def _strings(value: object) -> list[str]:
    return [text for text in value if isinstance(text, str)] if isinstance(value, list) else []


def _when(fields: _Fields, purpose: str) -> tuple[date | datetime | None, str]:
    """(the first readable timestamp of this purpose, a note naming a field that held something else)."""
    note = ""
    for name, value in fields.values(purpose):
        found = read_timestamp(value)
        if found is not None:
            return found, note
        note = note or f"the record's {name} ({str(value)[:40]!r}) is not a date; ignored"
    return None, note


def _language_code(values: Iterator[str]) -> str:
    """The first value that is a language tag, as its language code ("en-US" -> "en"); names such as "English" are
    not codes and are left to the page's own language."""
    return next((match[1].lower() for value in values if (match := _LANGUAGE_TAG.match(value))), "")


def _authors(value: object) -> object:
    """A record's authors, with a string of several split at its semicolons (trafilatura's "Ann Lee; Bo Park");
    commas stay, as in "Lee, Ann"."""
    return [name for name in value.split(";") if name.strip()] if isinstance(value, str) else value


def _names(value: object, split: bool = False) -> list[str]:
    """Names from a string ("a; b" split when `split`, as is each string of a list), a list of strings, or objects
    with a name or label (Zyte's authors, Diffbot's tags, a JSON-LD publisher)."""
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list):
        return []
    names = []
    for item in value:
        if isinstance(item, dict):
            item = item.get("name") or item.get("label")
        if isinstance(item, str) and item.strip():
            names.extend(" ".join(part.split()) for part in (_LIST_SPLIT.split(item) if split else [item])
                         if part.strip())
    return names


def with_stated_facts(extracted: Extracted, stated: StatedFacts) -> Extracted:
    """The extracted article with what its record states put in place of what was read from the page. A stated
    title loses the site's name at either end ("Headline | Site"); a stated bare day keeps the time the page
    gives for that same day."""
    changes: dict = {}
    if stated.title:
        names = [extracted.source] if extracted.source else []   # the outlet as given, stated or found
        title = strip_site_name(headline_text(stated.title), names, registered_domain(extracted.url))
        if title:
            changes["title"] = title
    published = stated.published
    if published is not None:
        found = extracted.published
        same_day_with_time = type(published) is date and isinstance(found, datetime) and found.date() == published
        if not same_day_with_time:
            changes.update(published=published, date_inferred_from="", date_zone="")
    for name in ("author", "lang", "category"):
        if getattr(stated, name):
            changes[name] = getattr(stated, name)
    if stated.tags:
        changes["tags"] = stated.tags
    if stated.notes:
        changes["notes"] = extracted.notes + stated.notes
    return replace(extracted, **changes) if changes else extracted
