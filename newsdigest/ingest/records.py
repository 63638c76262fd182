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

import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime

from newsdigest.ingest.bylines import stated_authors
from newsdigest.ingest.categories import section_name
from newsdigest.ingest.feed_entries import decoded_text, feed_entry_content, fragment_page
from newsdigest.ingest.flattened import is_flattened
from newsdigest.ingest.lang import language_code
from newsdigest.ingest.model import IngestError, RawPage, StatedFacts
from newsdigest.ingest.page_tags import page_tags
from newsdigest.ingest.page_urls import picture_url
from newsdigest.ingest.record_json import RecordLabel, json_kind, labelled_values
from newsdigest.markup import render_markdown
from newsdigest.ingest.record_times import fetched_by_now, published_by_then, read_timestamp

# Names of each field, in the order they are tried; the first that holds a usable value counts.
FIELDS: dict[str, tuple[str, ...]] = {
    "html": ("html", "rawHtml", "raw_html", "browserHtml", "page_html", "content_html"),
    "article": ("maintext", "articleBody", "article_body", "article_text", "plaintext", "body", "content_text"),
    "text": ("text", "markdown", "content"),
    "url": ("url", "pageUrl", "resolvedPageUrl", "loadedUrl", "sourceURL", "source_url", "redirected_url",
            "canonicalUrl", "canonical_link", "link", "source"),
    "title": ("title", "headline"),
    "published": ("date_publish", "publishing_date", "publish_date", "datePublished", "published_at",
                  "publishedAt", "published", "publishedTime", "published_time", "publication_date",
                  "published_date", "date_published", "article:published_time", "pubDate", "pub_date", "date"),
    "modified": ("date_modify", "dateModified", "date_modified", "modified_at", "modifiedAt", "modifiedTime",
                 "modified_time", "article:modified_time", "updated_at", "updatedAt", "lastModified", "updated"),
    "fetched": ("fetched_at", "fetchedAt", "date_download", "dateDownloaded", "loadedTime", "crawled_at",
                "crawledAt", "scraped_at", "scrapedAt", "downloaded_at", "downloadedAt", "retrieved_at"),
    "source": ("source", "site_name", "sitename", "siteName", "source-hostname", "meta_site_name", "ogSiteName",
               "og:site_name", "og_site_name", "publisher"),
    "author": ("authors", "author", "byline"),
    "lang": ("language", "lang", "inLanguage", "humanLanguage", "languageCode", "meta_lang"),
    # newspaper's `keywords` are the words its statistics found most often ("said", "would"), beside the page's own
    # `meta_keywords`: a record that has `meta_keywords` has its tags there (see `_tags`)
    "tags": ("tags", "topics", "article:tag", "article_tag", "meta_keywords", "keywords"),
    "image": ("image", "image_url", "imageUrl", "top_image", "mainImage", "ogImage", "og:image", "og_image",
              "twitter:image", "thumbnail", "thumbnailUrl", "images"),
    "category": ("category", "section", "articleSection", "article:section", "article_section", "categories",
                 "breadcrumbs"),
    # a feed item's or a page's own summary: the text of a headline record (`--headlines`), which holds no page
    "summary": ("summary", "description", "excerpt", "abstract", "dek", "standfirst", "og:description",
                "meta_description", "og_description", "subtitle"),
}
NO_PAGE = (f"record has no page: none of {', '.join(repr(n) for n in (*FIELDS['html'][:2], *FIELDS['article'][:2]))}, "
           "'text' (or the other names of those fields) holds text")
HEADLINES_HINT = "; --headlines (or `ingest: headlines: true`) writes such a record as a headline with its link"
# Where a record keeps those fields: Zyte nests the article under "article", Diffbot under "objects",
# Firecrawl, Apify and crawl4ai put the page's metadata under "metadata", Apify its crawl under "crawl".
WRAPPERS = ("article", "objects")
SIDE_OBJECTS = ("metadata", "crawl", "request")

SHORT_LINE_WORDS = 5          # a line of fewer words, and under SHORT_LINE_CHARS, is a menu entry or label
SHORT_LINE_CHARS = 40
PAGE_DUMP_SHORT_SHARE = 0.2   # a page's text has at least this share of short lines...
PAGE_DUMP_SHORT_LINES = 5     # ...and at least this many
_URL = re.compile(r"^https?://\S+(?:[ \t]+\S+)*$", re.IGNORECASE)   # (spaces a link held: escaped_address)
_HTML_DOCUMENT = re.compile(r"\s*<(?:!doctype|html|head|body|div|p|article)\b", re.IGNORECASE)
_HTML_END_TAG = re.compile(r"</(?:html|body|div|p|article)>", re.IGNORECASE)
_HTML_PAGE = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype|html|head)\b", re.IGNORECASE | re.DOTALL)
_LIST_SPLIT = re.compile(r"\s*[;,]\s*")
_MARKDOWN_HEADLINE = re.compile(r"\s*# +(?P<title>[^\n]*?\w[^\n]*?)(?: +#+)? *\n")   # a first line "# Headline"
_LINK_TARGET = re.compile(r"\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)")


class RecordError(ValueError):
    """A record that holds no page: the message says what is missing."""


class NotRecords(IngestError):
    """A `.json` file that holds no scraper record (no object with a page field), an `.xml` file that is no feed (a
    scraper's state, a sitemap), or a records file with none (`EMPTY`): skipped, as an empty inbox is, not failed."""
    EMPTY = "holds no records (a scraper run that found nothing): nothing to ingest"


def looks_like_page_dump(text: str) -> bool:
    """Whether text is a page's whole text (menus, labels, teasers and the article) rather than an article alone."""
    if is_flattened(text):
        return True  # a page run into one line: only the dump extractor can cut it apart
    # (a Markdown link's target is not text a reader sees: a menu of linked words measures as its words)
    lines = [line for line in (_LINK_TARGET.sub("]", raw).strip() for raw in text.splitlines()) if line]
    short = sum(1 for line in lines if len(line) < SHORT_LINE_CHARS and len(line.split()) < SHORT_LINE_WORDS)
    return bool(lines) and short >= PAGE_DUMP_SHORT_LINES and short / len(lines) >= PAGE_DUMP_SHORT_SHARE


def record_page(record: Mapping, name: RecordLabel, *, source: str = "", headlines: bool = False) -> RawPage:
    """The page a scraper record holds (see the module docstring); raises RecordError when it holds none.
    `source` (--source) wins over the record's own outlet name. With `headlines`, a record with no page but a
    headline and an address (a feed's item) is a page of kind "headline", its text its summary ("" for none)."""
    fields = _Fields(record)
    (body, html_field), kind = fields.named_text("html"), "html"
    if body and not _HTML_PAGE.match(body) and (_article_text(fields.first("article")) or fields.text("text")):
        body = ""  # an HTML fragment of the article (Diffbot's `html`) beside its text: the text is the article
    stated_text = _stated_article_text(fields) if body else ""
    if not body:
        kind, body = "article", _plain_text(_article_text(fields.first("article")))
    if not body:
        body, field = fields.named_text("text")
        kind = "text" if looks_like_page_dump(body) else "markdown" if field == "markdown" else "article"
    # A feed's item: a headline and an address, and no page field at all (a scraper's record whose fetch failed has
    # one, empty: news-please's `"maintext": null`, stated beside a bot check's title as often as beside a headline).
    headline_only = not body and fields.is_record() and not fields.names_a_page()
    if headline_only:   # (without --headlines, read to be known as an input an earlier run wrote: RawPage.refusal)
        kind, body = "headline", fields.text("summary")   # (its markup dropped by article_text.headline_article)
    elif not body:
        raise RecordError(NO_PAGE)
    if kind not in ("html", "headline") and _HTML_DOCUMENT.match(body) and _HTML_END_TAG.search(body):
        kind = "html"  # a scraper that stores the response under "body" or "content"
    title = fields.text("title")
    if kind == "markdown" and not title and (heading := _MARKDOWN_HEADLINE.match(body)):
        # its "# Headline" line states one: as the reader sees it ("**Breaking**: [Fed](...)" as "Breaking: Fed")
        title, body = " ".join(render_markdown(heading["title"])[1].split()), body[heading.end():]
    if "<" in title and _MARKUP_SIGN.search(title):   # "<b>Live:</b> ferry vote": emphasis tags a feed left in
        title = " ".join(_INLINE_TAG.sub("", _BREAK_TAG.sub(" ", title)).split())
    if kind in ("article", "markdown") and not title:
        kind = "text"  # no headline stated: the page extractor finds one (and the article around it)
    if kind == "html" and html_field == "content_html" and title and not _HTML_PAGE.match(body):
        body = fragment_page(body, title)   # (a feed's article HTML: its first paragraph is no headline)
    url = next((value for value in fields.strings("url") if _URL.match(value)), "")
    stated_source = next((name for _, value in fields.values("source") for name in _names(value)
                          if not _URL.match(name)), "")
    published, published_note = _when(fields, "published")
    fetched, fetched_note = _when(fields, "fetched")
    fetched, future_note = fetched_by_now(fetched)
    modified, _ = _when(fields, "modified")
    published, late_note = published_by_then(published, fetched)
    notes = tuple(note for note in (published_note, late_note, fetched_note, future_note) if note)
    stated = StatedFacts(
        title=title, published=published, modified=modified,
        author=stated_authors(_names(_authors(fields.first("author")))),
        lang=language_code(fields.strings("lang")), tags=page_tags(_names(_tags(fields))),
        image=next(filter(None, map(_image_url, (value for _, value in fields.values("image")))), ""),
        category=_section(fields, title),
        notes=notes)
    return RawPage(text=body, kind=kind, label=name.label, file_name=name.label,
                   source=source or stated_source, url=url, fetched_at=fetched, stated=stated,
                   stated_text=stated_text if kind == "html" and title else "",
                   refusal=f"{name.where}: " * bool(name.where) + NO_PAGE + HEADLINES_HINT if headline_only
                   and not headlines else "")


def _stated_article_text(fields: _Fields) -> str:
    """The article text a record states beside its page's HTML, or "" (none, or the page's whole text)."""
    text = _plain_text(_article_text(fields.first("article")))
    if not text:
        text, field = fields.named_text("text")
        text = "" if field == "markdown" else text
    return "" if looks_like_page_dump(text) else text


def read_records(path_name: str, text: str, *, source: str = "", lines: bool = True, headlines: bool = False
                 ) -> tuple[list[RawPage], list[tuple[str, str]]]:
    """Pages of a JSON Lines file (`lines`, one record a line) or a JSON file (one record, or an array of them),
    plus (label, message) problems: a bad record costs only itself. `headlines` as for `record_page`."""
    pages: list[RawPage] = []
    problems: list[tuple[str, str]] = []
    records = [unwrapped for name, record in labelled_values(path_name, text, lines, problems, _is_record)
               for unwrapped in _unwrapped(name, record)]
    if not records and not problems:
        raise NotRecords(NotRecords.EMPTY)
    if not lines and not problems and not any(isinstance(record, dict) and _Fields(record).is_record()
                                              for _, record in records):
        raise NotRecords("not a scraper record: no object in it has a page field (html, maintext, text...)")
    pages_of_records(records, pages, problems, source=source, headlines=headlines)
    return pages, problems


def pages_of_records(records: list[tuple[RecordLabel, object]], pages: list[RawPage], problems: list[tuple[str, str]],
                     *, source: str = "", headlines: bool = False) -> None:
    """Add each record's page to `pages`, or its (label, message) problem to `problems`: a bad record costs only
    itself. `source` and `headlines` as for `record_page`."""
    for name, record in records:
        where = f"{name.where}: " if name.where else ""
        if not isinstance(record, dict):
            problems.append((name.label, f"{where}expected a JSON object, got {json_kind(record)}"))
            continue
        try:
            pages.append(record_page(record, name, source=source, headlines=headlines))
        except RecordError as err:
            problems.append((name.label, f"{where}{err}"))


def _is_record(value: object) -> bool:
    return isinstance(value, dict) and _Fields(value).holds_page()


# Keys under which a scraper's or an API's whole response holds its records: Firecrawl's `data`, crawl4ai's
# `results`, NewsAPI's and many crawlers' `articles` or `items`, search APIs' `hits` and `documents`.
RESPONSE_KEYS = ("data", "results", "articles", "items", "records", "documents", "docs", "entries", "hits")


def _unwrapped(name: RecordLabel, value: object, depth: int = 0) -> Iterator[tuple[RecordLabel, object]]:
    """The records of a scraper's whole response: `{"success": true, "data": {...} or [...]}`, `{"status": "ok",
    "articles": [...]}`, `{"data": {"items": [...]}}` (see RESPONSE_KEYS), a Fundus file of
    `{"Publisher": [articles]}` (each article then names that outlet); a record as it is."""
    if not isinstance(value, dict) or _Fields(value).holds_page() or depth > 3:
        yield name, value
        return
    inner = next((value[key] for key in RESPONSE_KEYS if isinstance(value.get(key), (dict, list))), None)
    if inner is None and value and all(isinstance(v, list) for v in value.values()):
        inner = [{"publisher": outlet, **item} if isinstance(item, dict) else item
                 for outlet, items in value.items() for item in items]
    if isinstance(inner, dict):
        yield from _unwrapped(name, inner, depth + 1)
    elif isinstance(inner, list) and inner:
        for number, item in enumerate(inner, start=1):
            yield from _unwrapped(RecordLabel(f"{name.label}:{number}" if len(inner) > 1 else name.label,
                                              f"{name.where + ', ' if name.where else ''}record {number}"),
                                  item, depth + 1)
    else:
        yield name, value


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
        places += [content for place in list(places) if (content := feed_entry_content(place))]
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

    def names_a_page(self) -> bool:
        """Whether the record has a field for its page at all, holding something or not."""
        return any(name in place for purpose in ("html", "article", "text") for name in FIELDS[purpose]
                   for place in self.places)

    def holds_page(self) -> bool:
        return bool(self.text("html") or _article_text(self.first("article")) or self.text("text"))

    def is_record(self) -> bool:
        """A scraper's record: one that holds a page, or one whose page field is empty beside the address and the
        headline it states (news-please's `"maintext": null` where its extraction failed): a failure, not a file
        of some other kind to pass over."""
        return self.holds_page() or bool(self.text("title")) and any(_URL.match(url) for url in self.strings("url"))

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


def _plain_text(text: str) -> str:
    """Extracted article text as the reader should see it: character references decoded ("&amp;", "&#39;") and the
    line breaks and emphasis tags some extractors leave in it ("<br>", "<p>", "<b>") read as breaks or dropped.
    (What it decodes is plain text still: the writer escapes it, as any article text.)"""
    if "<" in text and _MARKUP_SIGN.search(text):   # a break, or a closing tag: markup, not "the <b> tag" in prose
        text = _PARAGRAPH_TAG.sub("\n\n", _BREAK_TAG.sub("\n", text))
        text = _INLINE_TAG.sub("", text)
    return decoded_text(text) if "&" in text and _CHARACTER_REFERENCE.search(text) else text


_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PARAGRAPH_TAG = re.compile(r"</?(?:p|div)(?:\s[^<>]*)?>", re.IGNORECASE)
_INLINE_TAG = re.compile(r"</?(?:b|strong|i|em|u|span|a|font|small|sup|sub|mark)(?:\s[^<>]*)?>", re.IGNORECASE)
_MARKUP_SIGN = re.compile(r"<br\s*/?>|<p>|</(?:p|div|b|strong|i|em|u|span|a|font|small|sup|sub|mark)>", re.IGNORECASE)
_CHARACTER_REFERENCE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")


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


def _section(fields: _Fields, title: str) -> str:
    """The first of the record's category names that names a section; a breadcrumb's step that is the headline
    itself (Zyte's `[Home, <headline>]`) is none."""
    headline = " ".join(title.split()).casefold()
    names = (name for name in _names(fields.first("category"), split=True) if name.casefold() != headline)
    return next(filter(None, map(section_name, names)), "")


def _tags(fields: _Fields) -> object:
    """The record's tags; newspaper's `keywords` (word statistics) only where it has no `meta_keywords` field."""
    statistics = any("meta_keywords" in place for place in fields.places)
    return next((value for name, value in fields.values("tags") if not (statistics and name == "keywords")), None)


def _image_url(value: object) -> str:
    """A picture's address from a string, an object with one (Zyte's `{"url": ...}`) or a list of those (Diffbot's
    images, the one marked `primary` first); "" unless it is an http(s) address."""
    if isinstance(value, list):
        ordered = sorted(value, key=lambda item: not (isinstance(item, dict) and item.get("primary")))
        return next(filter(None, map(_image_url, ordered)), "")
    if isinstance(value, dict):
        value = value.get("url") or value.get("src") or value.get("contentUrl")
    return picture_url(value) if isinstance(value, str) else ""


def _authors(value: object) -> object:
    """A record's authors, with a string of several split at its semicolons (trafilatura's "Ann Lee; Bo Park");
    commas stay, as in "Lee, Ann". Each name is cleaned as any other (`bylines.stated_authors`)."""
    return [name for name in value.split(";") if name.strip()] if isinstance(value, str) else value


_NAME_KEYS = ("name", "label", "nameRaw", "term", "title")


def _names(value: object, split: bool = False) -> list[str]:
    """Names from a string ("a; b" split when `split`, as is each string of a list), a list of strings, or objects
    with a name or label (Zyte's authors, Diffbot's tags, a JSON-LD publisher, feedparser's tags and the outlet an
    item's <source> names)."""
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list):
        return []
    names = []
    for item in value:
        if isinstance(item, dict):
            item = next((item[key] for key in _NAME_KEYS if item.get(key)), None)
        if isinstance(item, str) and item.strip():
            names.extend(" ".join(part.split()) for part in (_LIST_SPLIT.split(item) if split else [item])
                         if part.strip())
    return names

