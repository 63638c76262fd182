"""The near-duplicate index of what a content folder holds (ingest/article_table.py): its candidates are exactly
the articles whose shingle prefix shares a shingle with the new article's, in the table's order, through any
sequence of additions, replacements and deletions."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from newsdigest.ingest.article_table import ArticleTable, prefix
from newsdigest.ingest.writer import jaccard


@dataclass(frozen=True)
class Article:
    shingles: frozenset[int]


def test_candidates_are_every_article_sharing_a_prefix_shingle_in_table_order():
    rng = random.Random(11)
    table, held = ArticleTable(0.6), {}
    for step in range(3000):
        path = Path(f"/content/{rng.randrange(200)}.md")
        if rng.random() < 0.75:   # a new article or a new version of one, often close to another (a shared story)
            start = rng.randrange(30) * 40
            article = Article(frozenset(rng.sample(range(start, start + 60), rng.randrange(1, 50))))
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
            assert all(a in found for a in held.values() if jaccard(a.shingles, query) >= 0.6)
    assert list(table) == list(held) and table._by_shingle   # (the dict's order: first insertion, kept on replace)
    for path in list(held):
        del table[path]
    assert not table._by_shingle   # nothing left behind in the inverted index
