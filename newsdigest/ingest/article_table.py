"""The articles ingest knows of in a content folder, by path, with an index that finds near-duplicate candidates
without comparing a new article with every one (newsdigest.ingest.writer.ContentIndex keeps them here).

Near duplicates are articles whose shingle sets have a Jaccard similarity of at least a threshold `t`. Comparing
each new article with every indexed one made storing quadratic: 5,000 pages of one outlet took about 145 s, nearly
all of it in those comparisons. Prefix filtering (as in Bayardo, Ma and Srikant, "Scaling up all pairs similarity
search", WWW 2007) finds the same pairs exactly: two sets with Jaccard `t` or more share at least `t` times the
size of either, so under any fixed order of the shingles, the first `|x| - ceil(t |x|) + 1` shingles of each set
(its prefix) have one in common. Each article's prefix goes into an inverted index; a new article is compared only
with the articles one of its prefix shingles names, which for text that is not a copy is almost none.

Each article's shingles are a sorted array of 4-byte numbers (`shingle_array`), so its prefix is the start of it.
The inverted index of the articles the content folder held when the run began is two sorted numpy arrays (a prefix
shingle, the article's number: 8 bytes an entry, made at once by `add_many`); the articles stored during the run go
into a dict beside it. A frozenset of the shingles and a dict entry for each prefix shingle held about 80 KB an
article at 10,000 full-length articles (800 MB for one ingest); these hold about 6 KB.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

import numpy as np

SHINGLE_TYPE = "I"   # shingles are CRC-32 values: unsigned, 32 bits


class Shingled(Protocol):
    shingles: array


def shingle_array(shingles: Iterable[int]) -> array:
    """Shingles as ArticleTable keeps them: sorted, each once, 4 bytes apiece."""
    return array(SHINGLE_TYPE, sorted(set(shingles)))


def prefix(shingles: array | np.ndarray | frozenset[int], threshold: float) -> array | np.ndarray | list[int]:
    """The shingles two sets of Jaccard `threshold` or more must share one of: the smallest values, as many as
    `len - ceil(threshold * len) + 1`. (floor in place of ceil where floating point puts the product a hair above a
    whole number: a longer prefix finds a candidate more, never one fewer.) `shingles` is a `shingle_array` or a
    numpy array (sorted already) or a set."""
    keep = len(shingles) - math.floor(threshold * len(shingles)) + 1
    return shingles[:keep] if isinstance(shingles, (array, np.ndarray)) else sorted(shingles)[:keep]


def jaccard(a: frozenset[int] | array, b: frozenset[int] | array) -> float:
    """|a ∩ b| / |a ∪ b| of two sets of shingles (a frozenset, or an indexed article's `shingle_array`), the union's
    size counted rather than built: building it took 8 times as long as the intersection."""
    if not len(a) or not len(b):
        return 0.0
    if not isinstance(a, frozenset):
        a, b = b, a
    common = len((a if isinstance(a, frozenset) else frozenset(a)).intersection(b))
    return common / (len(a) + len(b) - common)


def sorted_jaccard(ordered: np.ndarray, shingles: array | frozenset[int]) -> float:
    """`jaccard` of a sorted uint32 array and an indexed article's shingles (each once, as both are), counted in
    numpy: a frozenset's intersection with an array made a Python number of every shingle (800 in a full-length
    article)."""
    if not len(ordered) or not len(shingles):
        return 0.0
    other = np.frombuffer(shingles, dtype=np.uint32) if isinstance(shingles, array) else \
        np.fromiter(shingles, dtype=np.uint32, count=len(shingles))
    at = np.minimum(np.searchsorted(ordered, other), len(ordered) - 1)
    common = int(np.count_nonzero(ordered[at] == other))
    return common / (len(ordered) + len(other) - common)


class ArticleTable(dict):
    """path -> indexed article, as a dict (insertion order kept, an article replaced in its place), that also
    keeps each article's shingle prefix at `threshold` in an inverted index (`candidates`).

    The inverted index names each article by its number in the table's order. Those `add_many` added are in the
    sorted arrays `_keys` (prefix shingles) and `_owners` (their articles' numbers); an article added, replaced or
    deleted since is in `_by_shingle` (a shingle -> the number of its one article, or a set once two share it), and
    the arrays' entries of one replaced or deleted are ignored (`_stale`)."""

    def __init__(self, threshold: float) -> None:
        super().__init__()
        self.threshold = threshold
        self._order: dict[Path, int] = {}
        self._path_at: dict[int, Path] = {}
        self._added = 0
        self._keys = np.zeros(0, dtype=np.uint32)
        self._owners = np.zeros(0, dtype=np.int32)
        self._in_arrays: set[int] = set()
        self._stale: set[int] = set()
        self._by_shingle: dict[int, int | set[int]] = {}
        self._by_hash: dict[str, set[Path]] = {}   # see `with_ingest_hash`

    def add_many(self, articles: Iterable[tuple[Path, Shingled]]) -> None:
        """Add these articles (paths not in the table yet), their prefixes into the sorted arrays at once."""
        keys, owners = [self._keys], [self._owners]
        for path, article in articles:
            if path in self:
                self[path] = article
                continue
            number = self._number(path)
            super().__setitem__(path, article)
            self._hashed(path, article)
            start = np.asarray(prefix(article.shingles, self.threshold), dtype=np.uint32)
            keys.append(start)
            owners.append(np.full(len(start), number, dtype=np.int32))
            self._in_arrays.add(number)
        all_keys = np.concatenate(keys)
        order = np.argsort(all_keys, kind="stable")
        self._keys, self._owners = all_keys[order], np.concatenate(owners)[order]

    def _number(self, path: Path) -> int:
        number = self._order[path] = self._added
        self._path_at[number] = path
        self._added += 1
        return number

    def __setitem__(self, path: Path, article: Shingled) -> None:
        previous = self.get(path)
        if previous is not None:
            self._forget(path, previous)
            number = self._order[path]
        else:
            number = self._number(path)
        super().__setitem__(path, article)
        self._hashed(path, article)
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

    def _hashed(self, path: Path, article: Shingled) -> None:
        if (digest := getattr(article, "ingest_hash", "")):
            self._by_hash.setdefault(digest, set()).add(path)

    def with_ingest_hash(self, digest: str) -> list[Shingled]:
        """The articles whose `ingest_hash` is `digest`, in the table's order: looked up, where scanning every
        article cost 5 ms a page at 100,000 articles, for every page of a run that was ingested before."""
        return [self[path] for path in sorted(self._by_hash.get(digest, ()), key=self._order.__getitem__)]

    def _forget(self, path: Path, article: Shingled) -> None:
        if (digest := getattr(article, "ingest_hash", "")) and digest in self._by_hash:
            self._by_hash[digest].discard(path)
            if not self._by_hash[digest]:
                del self._by_hash[digest]
        number = self._order[path]
        if number in self._in_arrays:   # (its entries in the arrays: ignored from now on)
            self._in_arrays.discard(number)
            self._stale.add(number)
            return
        for shingle in prefix(article.shingles, self.threshold):
            held = self._by_shingle.get(shingle)
            if held == number:
                del self._by_shingle[shingle]
            elif held.__class__ is set:
                held.discard(number)
                if len(held) == 1:
                    self._by_shingle[shingle] = held.pop()

    def candidates(self, shingles: array | np.ndarray | frozenset[int]) -> Iterator[Shingled]:
        """Every article that may have a Jaccard similarity of `threshold` or more with `shingles` (a superset of
        those that have), in the table's order, as iterating over `values()` would meet them."""
        wanted = prefix(shingles, self.threshold)
        found: set[int] = set()
        if len(self._keys) and len(wanted):
            query = wanted if isinstance(wanted, np.ndarray) else np.asarray(wanted, dtype=np.uint32)
            low, high = np.searchsorted(self._keys, query, "left"), np.searchsorted(self._keys, query, "right")
            hit = high > low
            low, lengths = low[hit], (high - low)[hit]
            if len(low):   # every position of every matching range, at once: [low, high) for each shingle found
                starts = np.repeat(low - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
                found.update(self._owners[starts + np.arange(int(lengths.sum()))].tolist())
                if self._stale:
                    found = {number for number in found if number not in self._stale}
        if self._by_shingle:   # (the articles stored during the run)
            for shingle in wanted.tolist() if isinstance(wanted, np.ndarray) else wanted:
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
