"""Wire copies: reports in one story that are the same text, as when several outlets run one agency report.

A reader wants to see such reports as one report carried by several outlets, not as independent coverage.
Two reports are copies when the Jaccard similarity of their bodies' word 5-shingles (runs of five words)
reaches `COPY_JACCARD`: an agency report with a changed headline, a trimmed last paragraph or an outlet's
own standfirst still counts, two reports of one event in their own words do not (they share names and
numbers, hardly any five-word run). Compared exactly, within each story only and only for pairs whose
story vectors are alike (a copy's are nearly the same): this costs little next to the clustering, and no
estimate (MinHash) is needed.
"""

from __future__ import annotations

import re

from newsdigest.article import Article
from newsdigest.story_terms import has_letter_pairs, letter_pairs

COPY_JACCARD = 0.8
SHINGLE_WORDS = 5
MIN_WORDS = 40  # shorter texts (headlines, briefs) share runs by chance: never called copies
_MARKUP = re.compile(r"\]\([^)]*\)|<[^>]*>|https?://\S+|www\.\S+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def shingles(text: str) -> frozenset[tuple[str, ...]]:
    """The text's runs of `SHINGLE_WORDS` words, lowercased, without link targets and markup; empty when
    the text has fewer than `MIN_WORDS` words."""
    text = _MARKUP.sub(" ", text).lower()
    words = _WORD.findall(text)
    if has_letter_pairs(text):
        words = letter_pairs(words)  # Chinese, Japanese and Korean as pairs of letters, as stories compare them
    if len(words) < MIN_WORDS:
        return frozenset()
    return frozenset(zip(*(words[start:] for start in range(SHINGLE_WORDS))))


def jaccard(first: frozenset, second: frozenset) -> float:
    if not first or not second:
        return 0.0
    shared = len(first & second)
    return shared / (len(first) + len(second) - shared)


def wire_copies(articles: tuple[Article, ...] | list[Article],
                candidates: set[tuple[int, int]] | None = None) -> tuple[tuple[Article, ...], ...]:
    """Groups of 2+ articles whose bodies are copies of one text, each oldest first as given, in order of
    their first article. Copies of copies join one group (a report and two outlets' trims of it).

    `candidates`, pairs of indexes (i < j) into `articles`, limits the comparison to those pairs: the
    clustering knows which reports are alike enough to be copies at all, and skips the rest.
    """
    memo: dict[int, frozenset] = {}

    def text(i: int) -> frozenset:
        if i not in memo:
            memo[i] = shingles(articles[i].body_markdown)
        return memo[i]

    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs = sorted(candidates) if candidates is not None else \
        [(i, j) for i in range(len(articles)) for j in range(i + 1, len(articles))]
    for i, j in pairs:
        if root(i) != root(j) and text(i) and text(j) and _could_reach(text(i), text(j)) and \
                jaccard(text(i), text(j)) >= COPY_JACCARD:
            parent[root(j)] = root(i)
    groups: dict[int, list[Article]] = {}
    for i, article in enumerate(articles):
        if memo.get(i):
            groups.setdefault(root(i), []).append(article)
    return tuple(tuple(group) for group in groups.values() if len(group) > 1)


def _could_reach(first: frozenset, second: frozenset) -> bool:
    """Whether the sizes alone allow the Jaccard threshold: |A ∩ B| / |A ∪ B| <= min / max."""
    small, large = sorted((len(first), len(second)))
    return small >= COPY_JACCARD * large
