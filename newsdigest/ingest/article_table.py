"""The articles ingest knows of in a content folder, by path, with an index that finds near-duplicate candidates
without comparing a new article with every one (newsdigest.ingest.writer.ContentIndex keeps them here).

Near duplicates are articles whose shingle sets have a Jaccard similarity of at least a threshold `t`. Comparing
each new article with every indexed one made storing quadratic: 5,000 pages of one outlet took about 145 s, nearly
all of it in those comparisons. Prefix filtering (as in Bayardo, Ma and Srikant, "Scaling up all pairs similarity
search", WWW 2007) finds the same pairs exactly: two sets with Jaccard `t` or more share at least `t` times the
size of either, so under any fixed order of the shingles, the first `|x| - ceil(t |x|) + 1` shingles of each set
(its prefix) have one in common. Each article's prefix goes into an inverted index; a new article is compared only
with the articles one of its prefix shingles names, which for text that is not a copy is almost none.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol


class Shingled(Protocol):
    shingles: frozenset[int]


def prefix(shingles: frozenset[int], threshold: float) -> list[int]:
    """The shingles two sets of Jaccard `threshold` or more must share one of: the smallest values, as many as
    `len - ceil(threshold * len) + 1`. (floor in place of ceil where floating point puts the product a hair above a
    whole number: a longer prefix finds a candidate more, never one fewer.)"""
    keep = len(shingles) - math.floor(threshold * len(shingles)) + 1
    return sorted(shingles)[:keep]


class ArticleTable(dict):
    """path -> indexed article, as a dict (insertion order kept, an article replaced in its place), that also
    keeps each article's shingle prefix at `threshold` in an inverted index (`candidates`).

    The inverted index names each article by its number in the table's order, and a shingle of one article's prefix
    only (most of them) by that number alone, a set only once a second article shares it: loading 10,000 articles
    into the table made half a million sets of Paths, most of the time ingest spent on what the folder holds."""

    def __init__(self, threshold: float) -> None:
        super().__init__()
        self.threshold = threshold
        self._order: dict[Path, int] = {}
        self._path_at: dict[int, Path] = {}
        self._added = 0
        self._by_shingle: dict[int, int | set[int]] = {}

    def __setitem__(self, path: Path, article: Shingled) -> None:
        previous = self.get(path)
        if previous is not None:
            self._forget(path, previous)
            number = self._order[path]
        else:
            number = self._order[path] = self._added
            self._path_at[number] = path
            self._added += 1
        super().__setitem__(path, article)
        by_shingle = self._by_shingle
        for shingle in prefix(article.shingles, self.threshold):
            held = by_shingle.setdefault(shingle, number)
            if held.__class__ is set:
                held.add(number)
            elif held != number:
                by_shingle[shingle] = {held, number}

    def __delitem__(self, path: Path) -> None:
        self._forget(path, self[path])
        del self._path_at[self._order.pop(path)]
        super().__delitem__(path)

    def _forget(self, path: Path, article: Shingled) -> None:
        number = self._order[path]
        for shingle in prefix(article.shingles, self.threshold):
            held = self._by_shingle.get(shingle)
            if held == number:
                del self._by_shingle[shingle]
            elif held.__class__ is set:
                held.discard(number)
                if len(held) == 1:
                    self._by_shingle[shingle] = held.pop()

    def candidates(self, shingles: frozenset[int]) -> Iterator[Shingled]:
        """Every article that may have a Jaccard similarity of `threshold` or more with `shingles` (a superset of
        those that have), in the table's order, as iterating over `values()` would meet them."""
        found: set[int] = set()
        for shingle in prefix(shingles, self.threshold):
            held = self._by_shingle.get(shingle)
            if held.__class__ is set:
                found.update(held)
            elif held is not None:
                found.add(held)
        for number in sorted(found):
            yield self[self._path_at[number]]

    # Changes a dict allows besides the two above would leave the index behind: none is used, so none is allowed.
    def _not_kept(self, *args, **kwargs):
        raise TypeError("ArticleTable changes only by item assignment and del")

    pop = popitem = clear = update = setdefault = __ior__ = _not_kept
