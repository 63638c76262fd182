"""RSS and Atom feeds given to ingest: each item read as a scraper record (newsdigest.ingest.records).

A feed is how most outlets publish what is new, and a collector often keeps the feed itself. feedparser reads it
(RSS 0.9x to 2.0, RSS 1.0, Atom; malformed feeds too; no external entity is fetched) from the file's own bytes, so
its encoding is found as a feed's is, and turns each item into an entry: a title, a link, dates, authors, tags,
a summary and, where the feed carries the article, a `content` list (RSS `content:encoded`, Atom `content`). Each
entry is then a scraper record like any other: its article is its content, or, with `--headlines`, a headline
with its summary when it has none.

What the feed says of all its items fills in what an item leaves out: the feed's language, and its title as the
outlet's name when a piece of it spells the item's site ("Harbour Gazette - Business" for an item of
harbourgazette.example); a title that names no site ("Top stories") names no outlet.
"""

from __future__ import annotations

import io
import json
import re

from newsdigest.ingest.domains import registered_domain
from newsdigest.ingest.model import IngestError, RawPage
from newsdigest.ingest.outlet_names import agrees
from newsdigest.ingest.record_json import RecordLabel
from newsdigest.ingest.records import pages_of_records

# The root element of an RSS 2.0 or 0.9x, RSS 1.0 (RDF) or Atom document, after its XML declaration, comments,
# processing instructions and document type.
_FEED_ROOT = re.compile(r"\A\ufeff?\s*(?:(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)\s*)*<(?:rss|feed|rdf:RDF)\b",
                        re.IGNORECASE | re.DOTALL)
# The pieces of a feed's title, as outlets join their name with a section's: "Outlet - World", "Outlet: Sport".
_TITLE_PIECES = re.compile(r"\s+[-–—|>»:]\s+|:\s+")
_OUTLET_FIELDS = ("source", "site_name", "publisher")


def is_feed(text: str) -> bool:
    """Whether a document's root element is an RSS or Atom feed's."""
    return _FEED_ROOT.match(text[:4000]) is not None


def read_feed(path_name: str, raw: bytes, *, source: str = "", headlines: bool = False
              ) -> tuple[list[RawPage], list[tuple[str, str]]]:
    """The pages of a feed's items (raw: the file's bytes), plus (label, message) problems of items that hold none;
    IngestError when no item can be read from it. Each item is labelled "feed.xml:3" (its place in the feed)."""
    import feedparser   # (a few tenths of a second to import: only for a run that reads a feed)

    parsed = feedparser.parse(io.BytesIO(raw), sanitize_html=True, resolve_relative_uris=True)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise IngestError(f"an RSS or Atom feed that cannot be read: {problem}" if problem
                          else "an RSS or Atom feed with no items")
    feed = parsed.get("feed", {})
    records = []
    for number, entry in enumerate(parsed.entries, start=1):
        # As plain JSON values, as a scraper saves an entry (feedparser's times are struct_time: written as text).
        record = json.loads(json.dumps(entry, default=str))
        if feed.get("language") and not record.get("language"):
            record["language"] = feed["language"]
        if not any(record.get(name) for name in _OUTLET_FIELDS):
            if outlet := _outlet_of(feed.get("title", ""), record.get("link", "")):
                record["site_name"] = outlet
        records.append((RecordLabel(f"{path_name}:{number}", f"item {number}"), record))
    pages: list[RawPage] = []
    problems: list[tuple[str, str]] = []
    pages_of_records(records, pages, problems, source=source, headlines=headlines)
    return pages, problems


def _outlet_of(feed_title: str, link: object) -> str:
    """The piece of a feed's title that spells the domain of an item's address, or ""."""
    domain = registered_domain(link) if isinstance(link, str) and link.startswith(("http://", "https://")) else ""
    if not domain:
        return ""
    return next((piece for piece in _TITLE_PIECES.split(" ".join(feed_title.split())) if agrees(piece, domain)), "")
