"""The near-duplicate index of what a content folder holds (ingest/article_table.py): its candidates are exactly
the articles whose shingle prefix shares a shingle with the new article's, in the table's order, through any
sequence of additions, replacements and deletions."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from newsdigest.ingest.article_table import ArticleTable, jaccard, prefix, shingle_array, sorted_jaccard

@dataclass(frozen=True)
class Article:
    shingles: frozenset[int] | object
    ingest_hash: str = ""


@pytest.mark.parametrize("loaded", [0, 150])
def test_candidates_are_every_article_sharing_a_prefix_shingle_in_table_order(loaded):
    """`loaded` articles are added at once first (as a run finds the content folder: the sorted arrays), then
    articles are added, replaced and deleted one at a time (as a run stores pages)."""
    rng = random.Random(11 + loaded)
    table, held = ArticleTable(0.6), {}
    first = []
    for number in range(loaded):
        start = rng.randrange(30) * 40
        first.append((Path(f"/content/{number}.md"),
                      Article(shingle_array(rng.sample(range(start, start + 60), rng.randrange(1, 50))),
                              f"h{rng.randrange(20)}")))
    first += first[3:4]   # (a path met twice: the later one counts)
    table.add_many(first)
    held.update(first)
    for step in range(3000):
        path = Path(f"/content/{rng.randrange(200)}.md")
        if rng.random() < 0.75:   # a new article or a new version of one, often close to another (a shared story)
            start = rng.randrange(30) * 40
            shingles = rng.sample(range(start, start + 60), rng.randrange(1, 50))
            article = Article(shingle_array(shingles) if step % 2 else frozenset(shingles), f"h{rng.randrange(20)}")
            table[path] = held[path] = article
        elif path in held:
            del table[path]
            del held[path]
        if step % 25 == 0:
            start = rng.randrange(30) * 40
            query = frozenset(rng.sample(range(start, start + 60), rng.randrange(1, 50)))
            wanted = set(prefix(query, 0.6))
            expected = [a for a in held.values() if wanted & set(prefix(a.shingles, 0.6))]
            found = list(table.candidates(query))
            assert found == expected
            assert list(table.candidates(np.array(sorted(query), dtype=np.uint32))) == expected   # (as ingest asks)
            digest = f"h{rng.randrange(20)}"
            assert table.with_ingest_hash(digest) == [a for a in held.values() if a.ingest_hash == digest]
            assert all(a in found for a in held.values() if jaccard(a.shingles, query) >= 0.6)
    assert list(table) == list(held)   # (the dict's order: first insertion, kept on replace)
    for path in list(held):
        del table[path]
    assert not table._by_shingle and not list(table.candidates(frozenset(range(2000))))   # nothing left behind
    assert not table._by_hash


def test_shingles_are_kept_sorted_each_once_in_four_bytes():
    shingles = shingle_array([7, 3, 2**32 - 1, 3, 0])
    assert list(shingles) == [0, 3, 7, 2**32 - 1] and shingles.itemsize == 4
    assert list(prefix(shingles, 0.6)) == prefix(frozenset(shingles), 0.6) == [0, 3, 7]


def test_jaccard_in_numpy_is_the_jaccard_of_the_sets():
    rng = random.Random(5)
    for _ in range(300):
        a = frozenset(rng.sample(range(300), rng.randrange(1, 120)))
        b = frozenset(rng.sample(range(300), rng.randrange(1, 120)))
        ordered = np.array(sorted(a), dtype=np.uint32)
        assert sorted_jaccard(ordered, shingle_array(b)) == sorted_jaccard(ordered, b) == jaccard(a, b)
    assert sorted_jaccard(np.array([0, 2**32 - 1], dtype=np.uint32), shingle_array([2**32 - 1])) == 0.5
