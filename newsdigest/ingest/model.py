"""Plain data passed between the ingest steps: raw pages in, extracted articles out."""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum


class IngestError(Exception):
    """A page that cannot be ingested; the message is for people and names no internals."""


class PageNotRead(IngestError):
    """A page refused before its text is read at all (too large, or its reader is missing): no other reading of it
    is tried either."""


@dataclass(frozen=True)
class StatedFacts:
    """What a scraper record states about its page (newsdigest.ingest.records): it wins over what is read from
    the page. `notes` name fields that held something unreadable."""

    title: str = ""
    published: date | datetime | None = None
    modified: date | datetime | None = None
    author: str = ""
    lang: str = ""
    tags: tuple[str, ...] = ()
    category: str = ""
    image: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RawPage:
    """One page to ingest, already decoded. `label` names it in messages ("feed.jsonl:3")."""

    text: str
    kind: str                        # "text" (a page's text), "html", "article" (text a scraper extracted) or
    #                                   "markdown" (an article in the Markdown a scraper wrote: Firecrawl's, crawl4ai's)
    #                                   or "headline" (a feed item's summary: `ingest --headlines`)
    label: str
    file_name: str
    source: str = ""
    url: str = ""
    fetched_at: date | datetime | None = None
    stated: StatedFacts = StatedFacts()
    # A record's own article text beside its page's HTML ("maintext", "articleBody"): read when the HTML yields no
    # article (a page that builds its text with scripts, a bot check served to the crawler).
    stated_text: str = ""
    # Why the page is not to be read, unless an earlier run wrote it (a feed item's headline without --headlines:
    # read only to be known by its `ledger.page_digest`, so that a daily run passes over what it wrote then)
    refusal: str = ""


class BlockKind(StrEnum):
    """What a piece of article body is; the writer turns each into its Markdown form."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"              # a subheading: "## ..."
    ITEM = "item"                    # a list item: "- ..."
    TABLE = "table"                  # a table: a row a line, cells split by tabs, the first row the header
    CODE = "code"                    # preformatted text (code): its lines as written, in a fenced block


@dataclass(frozen=True)
class Block:
    """One piece of article body: a paragraph, a subheading, a list item or a table."""

    kind: BlockKind
    text: str

    @property
    def rows(self) -> list[list[str]]:
        """A table's rows of cells (a row a line of `text`, cells split by tabs)."""
        return [row.split("\t") for row in self.text.split("\n")]


def table_block(rows: list[list[str]]) -> Block | None:
    """A table of these rows, each padded to the widest; None unless there are two rows of two cells or more."""
    rows = [[" ".join(cell.split()) for cell in row] for row in rows]
    width = max((len(row) for row in rows), default=0)
    if len(rows) < 2 or width < 2 or not any(cell for row in rows for cell in row):
        return None
    return Block(BlockKind.TABLE, "\n".join("\t".join(row + [""] * (width - len(row))) for row in rows))


@dataclass(frozen=True)
class Extracted:
    """What an extractor found on a page, before front matter and Markdown are written."""

    title: str
    blocks: tuple[Block, ...]
    published: date | datetime | None = None
    modified: date | datetime | None = None   # when the page or record says it was last changed
    date_inferred_from: str = ""     # empty when the page states the date outright
    date_zone: str = ""              # how the zone of a time printed without one was decided (ingest.local_zone)
    source: str = ""
    author: str = ""
    category: str = ""
    tags: tuple[str, ...] = ()
    caption: str = ""
    image: str = ""                  # the page's picture: an http(s) address (og:image, a record's image field)
    lang: str = ""
    url: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    # The blocks' text is Markdown already (trafilatura's output of an HTML page: its emphasis and escapes), not
    # plain text, whose Markdown syntax ("[a](https://...)", "<https://...>", "*") the writer escapes.
    inline_markdown: bool = False

    @property
    def correction_time(self) -> date | datetime | None:
        """`modified` when it is later than `published` (a minute or more, or a later day): the page was
        corrected after it was published; None otherwise (many pages state their publication time again)."""
        changed, published = self.modified, self.published
        if changed is None or published is None:
            return None
        if isinstance(changed, datetime) and isinstance(published, datetime):
            if (changed.tzinfo is None) != (published.tzinfo is None):   # one zone unknown: compare the clocks
                changed, published = changed.replace(tzinfo=None), published.replace(tzinfo=None)
            return self.modified if changed - published >= timedelta(minutes=1) else None   # instants, any zones
        changed_day = changed.date() if isinstance(changed, datetime) else changed
        published_day = published.date() if isinstance(published, datetime) else published
        return self.modified if changed_day > published_day else None

    @property
    def paragraphs(self) -> list[str]:
        return [block.text for block in self.blocks if block.kind == BlockKind.PARAGRAPH]


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def readable(text: str) -> str:
    """`text` with each lone surrogate (an undecodable byte of a file name or a command-line argument, as Python
    keeps it) replaced by U+FFFD: no file can be written with one, and YAML refuses the escape it writes for it."""
    return _LONE_SURROGATE.sub("\ufffd", text)
