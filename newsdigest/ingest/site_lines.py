"""Lines a site prints on many of its pages: its template, learned from the other pages of one ingest run.

A menu, a footer, a newsletter pitch, an author's box or a disclaimer reads like any other line on one page, and
the line model keeps some of them. Printed word for word on another page of the same site, such a line is the
site's, not the article's. So a run of many text dumps first reads every page's lines (`SiteLineCounter`), and each
page then loses the blocks its site prints on other pages (`without_site_lines`).

Five guards keep the article:
- Pages are counted once per address (`page_urls.page_key`: tracking parameters, `www.`, AMP and scheme aside): the
  same article fetched twice (a crawler's second visit) is one page.
- A page whose kept text would lose more than half of its words to such lines is a copy of another page of the site
  (the same report at a second address, an update), not a page with a template: it keeps them all.
- On a site with many pages in the run, a line must be on `MIN_SHARE` of them: a background paragraph repeated by
  a few reports of one running story is still article text.
- A page's first block is never dropped: a teaser on another page of the site may print its lead word for word.
- A line of prose that only a few pages print, all of them reports of one story (their own prose alike), is
  theirs: a follow-up repeats the first report's background paragraphs word for word.

Measured on the train pages of the development corpus and of L3S-GN1's development half, each split read as one run
(docs/ingest.md, "Lines a site prints on other pages").
"""

from __future__ import annotations

import bisect
import hashlib
import re
from array import array
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

import numpy as np

from newsdigest.ingest.model import BlockKind, Extracted
from newsdigest.ingest.page_urls import original_address, page_key, site_of
from newsdigest.ingest.readers import read_file

MIN_PAGES = 2        # a line is the site's when at least this many of its pages print it ...
MIN_SHARE = 0.3      # ... and this share of its pages in the run
MAX_DROPPED_SHARE = 0.5   # a page that would lose more of its words than this to such lines keeps them all
# A line printed by this many pages or fewer is the site's only where they are not all reports of one story: their
# own prose (lines of PROSE_WORDS words or more that are not the site's) shares less than RELATED_SIMILARITY of its
# words (Jaccard). Reports of one event by different outlets (BASIL): 0.21 in the median, 0.137 at the 5th
# percentile; two unrelated pages of one site in the corpora: 0.08 in the median, 0.147 at the 95th.
RELATED_CHECK_PAGES = 5
PROSE_WORDS = 10
RELATED_SIMILARITY = 0.15
_WORD = re.compile(r"\w{3,}")
_PRUNED_KINDS = (BlockKind.PARAGRAPH, BlockKind.HEADING)


def _original(url: str) -> str:
    """The original's address of an archive's copy, of a copy of a copy (or of an AMP cache's page) too: the same
    whether the reader looked through the copy once already (as `pipeline.extract` does) or not. "" when unreadable."""
    try:
        for _ in range(3):
            original = original_address(url)
            if original == url:
                break
            url = original
        return url
    except (ValueError, UnicodeError):   # (an address that cannot be read, or not written in any encoding)
        return ""


def _site(url: str) -> str:
    """The site of a page's address (`page_urls.site_of`), an archive's copy counted as its original's."""
    return site_of(_original(url)) if url else ""


def _page(url: str) -> str:
    """The page an address names, as `page_urls.page_key` folds the addresses of one article ("" when none)."""
    try:
        return page_key(_original(url)) if url else ""
    except (ValueError, UnicodeError):
        return ""


def _normalised(line: str) -> str:
    return " ".join(line.split()).casefold()


def line_key(site: str, line: str) -> int:
    """A line of a site as a number: the site and the line (whitespace and case aside) hashed together."""
    digest = hashlib.blake2b(f"{site}\n{_normalised(line)}".encode("utf-8", "surrogatepass"), digest_size=8)
    return int.from_bytes(digest.digest(), "big")


class SiteLines:
    """The lines each site of a run prints on several of its pages, as `line_key` numbers, sorted in an array: it
    travels to worker processes with each file's options, and an array of 20,000 numbers unpickles at once where a
    set of them took over a millisecond a file. Read-only once made."""

    __slots__ = ("keys",)

    def __init__(self, keys: Iterable[int] = ()) -> None:
        self.keys = array("Q", sorted(keys))

    def __contains__(self, key: int) -> bool:
        at = bisect.bisect_left(self.keys, key)
        return at < len(self.keys) and self.keys[at] == key

    def __bool__(self) -> bool:
        return bool(self.keys)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SiteLines) and self.keys == other.keys

    def __hash__(self) -> int:
        return hash(self.keys.tobytes())

    def __repr__(self) -> str:
        return f"SiteLines({len(self.keys)} lines)"


class SiteLineCounter:
    """Counts, for each site, on how many of its pages each line is printed. Pages without a site (no address) and
    a second page at an address already counted add nothing."""

    def __init__(self) -> None:
        # Each site's pages' distinct line keys, one after the other, and the page each came from (12 bytes a line:
        # a dict of counts took about 76 bytes a distinct line, nearly 2 GB for a run of 100,000 pages).
        self.keys_of: dict[str, array] = {}
        self.page_of: dict[str, array] = {}
        self.origins: dict[str, list] = {}   # each counted page's origin, for `site_lines` to read it again
        self.seen: set[str] = set()

    def add_page(self, url: str, text: str, origin: object = None) -> None:
        """Count one page's lines (its text dump) under the site of `url` (`page_urls.site_of`). `origin` tells
        `site_lines`' `texts_of` where to read the text again (default: the text itself, kept)."""
        site, key = _site(url), _page(url)
        if not site or not key or key in self.seen:   # (the addresses one article is reached under are one page)
            return
        self.seen.add(key)
        origins = self.origins.setdefault(site, [])
        keys = {line_key(site, line) for line in text.splitlines() if line.strip()}
        self.keys_of.setdefault(site, array("Q")).extend(keys)
        self.page_of.setdefault(site, array("I")).extend([len(origins)] * len(keys))
        origins.append(text if origin is None else origin)

    def site_lines(self, texts_of: Callable[[list], list[str]] = list) -> SiteLines:
        """The lines printed on at least `MIN_PAGES` pages of their site and `MIN_SHARE` of its pages in the run,
        but not a line of prose that only a few reports of one story print (`_one_story`). `texts_of(origins)` gives
        those pages' texts again, all asked for at once (so that each file is read once)."""
        found: list[int] = []
        checks = []   # (site, its lines, [(key, the pages that print it)]) where a few pages print a line
        for site, origins in self.origins.items():
            needed = max(MIN_PAGES, MIN_SHARE * len(origins))
            if len(origins) < needed:
                continue
            keys = np.frombuffer(self.keys_of[site], np.uint64)
            if needed > RELATED_CHECK_PAGES:   # (no line is printed by few enough pages to be checked)
                distinct, counts = np.unique(keys, return_counts=True)
                found.extend(distinct[counts >= needed].tolist())
                continue
            order = np.argsort(keys, kind="stable")
            keys, pages = keys[order], np.frombuffer(self.page_of[site], np.uint32)[order]
            starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
            counts = np.diff(np.r_[starts, len(keys)])
            common = counts >= needed
            lines = set(keys[starts[common]].tolist())
            few = [(int(keys[start]), pages[start:start + count].tolist())
                   for start, count in zip(starts[common], counts[common]) if count <= RELATED_CHECK_PAGES]
            checks.append((site, lines, few))
            found.extend(lines)
        if not checks:
            return SiteLines(found)
        wanted = sorted({(at, page) for at, (_, _, few) in enumerate(checks) for _, pages in few for page in pages})
        site_names = [site for site, _, _ in checks]
        try:
            texts = dict(zip(wanted, texts_of([self.origins[site_names[at]][page] for at, page in wanted])))
        except Exception:   # (the files changed or went since: no line is checked, all are kept as found)
            return SiteLines(found)
        dropped = set()
        for at, (site, lines, few) in enumerate(checks):
            prose, own = _own_prose(site, {page: texts.get((at, page), "") for _, pages in few for page in pages},
                                    lines)
            dropped.update(key for key, pages in few if key in prose and _one_story([own[page] for page in pages]))
        return SiteLines(key for key in found if key not in dropped)


def _own_prose(site: str, texts: dict[int, str], lines: set[int]) -> tuple[set[int], dict[int, set[str]]]:
    """(the keys of `lines` that are prose: `PROSE_WORDS` words or more, the words of each page's own prose: its
    lines of prose not among `lines`), from the pages' `texts` by page number."""
    prose, own = set(), {}
    for page, text in texts.items():
        own[page] = set()
        for line in text.splitlines():
            if len(line.split()) >= PROSE_WORDS:
                key = line_key(site, line)
                if key in lines:
                    prose.add(key)
                else:
                    own[page].update(word.casefold() for word in _WORD.findall(line))
    return prose, own


def _one_story(word_sets: list[set[str]]) -> bool:
    """Whether pages are reports of one story (a follow-up and the report before it): the first page's own words
    are alike (`RELATED_SIMILARITY`, Jaccard) with every other's."""
    first, *others = word_sets
    return bool(first) and all(len(first & other) >= RELATED_SIMILARITY * len(first | other) for other in others)


def without_site_lines(extracted: Extracted, url: str, lines: SiteLines) -> Extracted:
    """The page without the paragraphs and subheadings its site prints on its other pages, unless that would take
    more than `MAX_DROPPED_SHARE` of its words (a copy of another page) or leave nothing."""
    site = _site(url) if lines else ""
    if not site:
        return extracted
    # The first block is never dropped: another page's teaser may print this article's lead word for word.
    dropped = [at > 0 and block.kind in _PRUNED_KINDS and line_key(site, block.text) in lines
               for at, block in enumerate(extracted.blocks)]
    if not any(dropped):
        return extracted
    words = [len(block.text.split()) for block in extracted.blocks]
    lost = sum(count for count, drop in zip(words, dropped) if drop)
    if lost > MAX_DROPPED_SHARE * sum(words):
        return extracted
    return replace(extracted, blocks=tuple(block for block, drop in zip(extracted.blocks, dropped) if not drop))


def count_site_lines(files: Iterable[Path], *, source: str = "", url: str = "") -> SiteLines:
    """The site lines of a run's input files, read once before they are ingested: the text dumps with an address
    among the local files (not inputs named by URL). A file or page that cannot be read adds nothing; the run's own
    reading of it reports why."""
    counter = SiteLineCounter()
    for path in files:
        if not isinstance(path, Path):
            continue
        try:
            pages = read_file(path, source=source, url=url, feeds=False).pages
        except Exception:   # (a bug included: the file's own reading, next, reports it; no run stops here)
            continue
        for at, page in enumerate(pages):
            if page.kind == "text" and page.url:
                try:
                    counter.add_page(page.url, page.text, (path, at, page.url))
                except Exception:   # (the page's own reading, next, reports what is wrong with it)
                    continue

    def texts_of(origins: list[tuple[Path, int, str]]) -> list[str]:
        """The pages' texts read again, each file once and one file at a time; "" for a page that is not where it
        was (the file changed since)."""
        texts, current, pages = [""] * len(origins), None, []
        for place in sorted(range(len(origins)), key=lambda place: (str(origins[place][0]), origins[place][1])):
            path, at, address = origins[place]
            if path != current:
                current = path
                try:
                    pages = read_file(path, source=source, url=url, feeds=False).pages
                except Exception:   # (gone or changed: its pages tell nothing)
                    pages = []
            if at < len(pages) and pages[at].url == address:
                texts[place] = pages[at].text
        return texts

    return counter.site_lines(texts_of)
