"""Headlines for training pages whose source gives none (the Article Extraction Benchmark's: body truth only).

A page's `<h1>` is taken as its headline when the page's metadata headline (og:title, else the JSON-LD headline)
says the same and the dump prints it as a line. On the titled train pages where the two agree, the `<h1>` equals
the truth title on 114 of 124 (92%), so these labels are right about as often as a second annotator would be.
They add training rows for the title chooser (`train_lines.py --titles-from-benchmark`); the date corpus stores
them as its pages' `headline` (`build_date_corpus.py`).
"""

from __future__ import annotations

import dataclasses

from evaluation.corpus import CorpusPage
from evaluation.metrics import normalise_title, title_in_dump
from newsdigest.ingest.site_metadata import declared_titles


def derived_title(page: CorpusPage) -> str | None:
    """The page's `<h1>` when its metadata headline agrees and its dump prints it, else None."""
    return derived_headline(page.html, page.dump)


def derived_headline(html: str, dump: str) -> str | None:
    """The `<h1>` of `html` when its metadata headline (og:title, else JSON-LD) agrees and `dump` prints it."""
    declared = declared_titles(html)
    metadata = declared.og or declared.json_ld
    h1 = declared.h1[0] if declared.h1 else ""
    if not metadata or not h1 or normalise_title(metadata) != normalise_title(h1):
        return None
    return h1 if title_in_dump(h1, dump) else None


def with_derived_titles(pages: list[CorpusPage]) -> list[CorpusPage]:
    """The untitled pages of `pages` that get a derived headline, carrying it as their title."""
    out = []
    for page in pages:
        if not page.title and (title := derived_title(page)):
            out.append(dataclasses.replace(page, title=title))
    return out
