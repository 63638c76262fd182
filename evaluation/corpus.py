"""The development corpus: real article pages with ground truth, split by publisher into train and test.

    from evaluation.corpus import load_pages
    for page in load_pages("test"):
        ...  # page.dump (browser innerText), page.html (slimmed page), page.title / page.body (truth)

The `test` split is held back: never look at it to tune rules or train models; it only measures them.
Field meanings and counts are in `evaluation/corpus/README.md`; `python -m evaluation.build_corpus` rebuilds it.
"""

from __future__ import annotations

import functools
import json
import lzma
from dataclasses import dataclass
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
PAGES_FILE = "pages.jsonl.xz"
SPLITS = ("train", "test")


@dataclass(frozen=True)
class CorpusPage:
    """One real article page: its plain-text dump, its (slimmed) HTML and the ground truth."""

    id: str  # "fundus/de/BR_2024_04_22", "readability/bbc-1"
    corpus: str  # "fundus", "readability" or "article-extraction-benchmark"
    split: str  # "train" or "test"
    publisher: str  # the outlet's name as its source gives it
    publisher_group: str  # pages of one outlet share it; the split is made by this key
    language: str | None  # ISO 639-1 code of the article's language
    url: str | None  # the page's address, where known
    title: str | None  # truth: the headline (None where the source gives none)
    body: str  # truth: the article text, paragraphs separated by blank lines
    authors: tuple[str, ...]  # truth: author names (Readability gives one byline string)
    published: str | None  # truth: publication date or date-time, ISO 8601
    site_name: str | None  # the outlet's name (Fundus's publisher name, Readability's siteName)
    dump: str  # headless Chromium's document.body.innerText of the original page (no JavaScript, offline)
    html: str  # the original page, slimmed (no scripts except JSON-LD, styles, SVG, comments); declares UTF-8
    html_charset: str | None  # the charset the original page declared (the stored HTML declares utf-8)
    truth_in_dump: float  # share of the truth body's tokens found in the dump (1.0 = all there)
    notes: tuple[str, ...]  # quirks of this page's truth or source, in words

    @classmethod
    def from_record(cls, record: dict) -> CorpusPage:
        values = dict(record)
        values["authors"] = tuple(values.get("authors") or ())
        values["notes"] = tuple(values.get("notes") or ())
        return cls(**values)


@functools.cache
def _all_pages(path: Path) -> tuple[CorpusPage, ...]:
    """Every page of the corpus file at `path`, read once per process."""
    with lzma.open(path, "rt", encoding="utf-8") as lines:
        return tuple(CorpusPage.from_record(json.loads(line)) for line in lines if line.strip())


def load_pages(split: str | None = None, corpus_dir: Path | None = None) -> list[CorpusPage]:
    """The corpus pages of one split ("train" or "test"), or all of them, in id order.

    The file is read once per process (about a second) and kept; the pages are immutable, so callers share them.
    """
    if split is not None and split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: choose one of {', '.join(SPLITS)} or None for all")
    path = (corpus_dir or CORPUS_DIR) / PAGES_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: build it with `python -m evaluation.build_corpus`")
    return [page for page in _all_pages(path) if split is None or page.split == split]


def development_sites() -> dict[str, CorpusPage]:
    """Each site of the corpus by its split key (`site:<domain name without its public suffix>`, as the date corpus
    names its groups), with the site's first page: another corpus's page of the same site takes its split and
    group from it, so that no outlet is on both sides."""
    from evaluation.corpus_sources import _domain_label

    sites: dict[str, CorpusPage] = {}
    for page in load_pages():
        if label := _domain_label(page.url):
            sites.setdefault(f"site:{label}", page)
    return sites
