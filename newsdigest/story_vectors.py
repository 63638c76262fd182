"""Articles' term counts as TF-IDF vectors, and the pairs of articles whose vectors are alike.

Sparse matrices (scipy) so the many dot products of articles in one time window run as one matrix product
instead of a loop per word: at 10,000 articles this is what keeps stories to a small share of a build.
Pure functions over plain data; newsdigest.stories turns articles into term counts and pairs into stories.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import chain

import numpy as np
from scipy import sparse

from newsdigest.story_groups import KEEP_TERMS

BLOCK_ROWS = 512  # articles compared per matrix product: bounds the memory of one product


class Vectors(Sequence):
    """The stored part of each article's vector, as {term: weight} dicts made on first use.

    Grouping reads the vectors of the articles that have a similar pair, usually far fewer than all.
    """

    def __init__(self, matrix: sparse.csr_matrix, terms: list[str]) -> None:
        self.matrix = matrix
        self.terms = terms
        self._made: dict[int, dict[str, float]] = {}

    def __len__(self) -> int:
        return self.matrix.shape[0]

    def __getitem__(self, row: int) -> dict[str, float]:
        vector = self._made.get(row)
        if vector is None:
            start, end = self.matrix.indptr[row], self.matrix.indptr[row + 1]
            terms = self.terms
            vector = self._made[row] = {terms[t]: w for t, w in zip(self.matrix.indices[start:end].tolist(),
                                                                     self.matrix.data[start:end].tolist())}
        return vector


def tfidf_matrix(documents: list[Counter], keep: int = KEEP_TERMS) -> tuple[Vectors, list[float]]:
    """TF-IDF vectors of unit length, weight (1 + ln tf) * (1 + ln((1 + N) / (1 + df))), as (kept terms, rest).

    A vector keeps only its `keep` heaviest terms *that another article also uses* (of equal weights, the
    terms that sort last): a word of one article alone adds nothing to any dot product, and keeping it would push
    out the shared words that do (a long report's rare words outweigh the names it shares with other
    reports). The squared weight of all that is left out is returned as the vector's `rest`, so
    `sum(w * w) + rest == 1` and a cosine divides by the whole length: the dot product of two kept parts is
    the cosine of the whole vectors, less only products of light shared terms past the `keep` heaviest.
    """
    count = len(documents)
    vocabulary = sorted(set(chain.from_iterable(documents)))  # term ids in term order, for ties below
    term_id = {term: number for number, term in enumerate(vocabulary)}
    sizes = np.array([len(counts) for counts in documents], dtype=np.int64)
    ids = np.array(list(map(term_id.__getitem__, chain.from_iterable(documents))), dtype=np.int64)
    tfs = np.array(list(chain.from_iterable(counts.values() for counts in documents)), dtype=np.float64)
    rows = np.repeat(np.arange(count, dtype=np.int64), sizes)
    frequency = np.bincount(ids, minlength=len(vocabulary))
    weights = (1.0 + np.log(tfs)) * (1.0 + np.log((1.0 + count) / (1.0 + frequency[ids])))
    norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=count))
    weights /= np.where(norms > 0, norms, 1.0)[rows]
    shared = frequency[ids] > 1
    rows, ids, weights = rows[shared], ids[shared], weights[shared]
    # By article, heaviest first, equal weights by term (last first): two stable sorts, which is several
    # times faster than np.lexsort here. (Weights closer than about 1e-10 count as equal.)
    by_term = np.argsort(-ids, kind="stable")
    order = by_term[np.argsort(rows[by_term] + (1.0 - weights[by_term]) * 0.5, kind="stable")]
    rows, ids, weights = rows[order], ids[order], weights[order]
    starts = np.searchsorted(rows, np.arange(count))
    kept = (np.arange(len(rows)) - starts[rows]) < keep
    rows, ids, weights = rows[kept], ids[kept], weights[kept]
    pointers = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=count))))
    matrix = sparse.csr_matrix((weights, ids, pointers), shape=(count, len(vocabulary)))
    stored = np.bincount(rows, weights=weights * weights, minlength=count)
    rests = np.where(sizes > 0, np.maximum(0.0, 1.0 - stored), 0.0)
    return Vectors(matrix, vocabulary), rests.tolist()


def tfidf_vectors(documents: list[Counter], keep: int = KEEP_TERMS) -> tuple[list[dict[str, float]], list[float]]:
    """`tfidf_matrix` with every vector as a {term: weight} dict."""
    vectors, rests = tfidf_matrix(documents, keep)
    return [vectors[row] for row in range(len(vectors))], rests


def similar_pairs(vectors: Vectors, stamps: list[float], window: float,
                  floor: float) -> dict[tuple[int, int], float]:
    """Cosine similarity of every pair (i < j) at most `window` seconds apart, where it reaches `floor`.

    `stamps` must be ascending. Articles are taken a block at a time and multiplied with every article
    from `window` before the block's first one to the block's last, so the work follows the articles per
    window, not the square of the corpus.
    """
    matrix = vectors.matrix
    count = matrix.shape[0]
    times = np.asarray(stamps, dtype=np.float64)
    firsts, seconds, values = [], [], []
    for start in range(0, count, BLOCK_ROWS):
        end = min(count, start + BLOCK_ROWS)
        oldest = int(np.searchsorted(times, times[start] - window, side="left"))
        product = (matrix[start:end] @ matrix[oldest:end].T).tocoo()
        later, earlier = product.row + start, product.col + oldest
        wanted = (earlier < later) & (product.data >= floor) & (times[later] - times[earlier] <= window)
        firsts.append(earlier[wanted])
        seconds.append(later[wanted])
        values.append(np.minimum(product.data[wanted], 1.0))
    if not firsts:
        return {}
    pairs = zip(np.concatenate(firsts).tolist(), np.concatenate(seconds).tolist())
    return dict(zip(pairs, np.concatenate(values).tolist()))
