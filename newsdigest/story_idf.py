"""How much a word weighs in a story vector: its inverse document frequency among the articles of nearby months.

Over the whole archive, every article added or removed moved every word's weight a little, and on a site of
20,000 articles a daily run of twelve new ones regrouped dozens of stories years back (their similarities sat at
the threshold), so story pages published long ago went away. Counted among the articles of the same few months,
an edit moves only the weights of the months around it; the months counted around each one are as few as hold
`POOL_ARTICLES` articles, so a small site (or a short stretch of time) still counts them all, as before.
"""

from __future__ import annotations

import numpy as np

POOL_ARTICLES = 2000  # articles whose words weigh a word at least, where the archive has them


def calendar_months(stamps) -> np.ndarray:
    """Each time (seconds since the epoch) as its calendar month in UTC, counted from January 1970."""
    seconds = np.asarray(stamps, dtype=np.float64)
    return np.floor(seconds).astype("datetime64[s]").astype("datetime64[M]").astype(np.int64)


class MonthPools:
    """Document frequencies of terms among the articles of the months around each article's month.

    `months` holds each document's calendar month; `ids` every document's term ids one document after another
    (`sizes` terms each, each term once), as `story_vectors.tfidf_matrix` reads them. For a month m, the pool is
    months m-k to m+k with the smallest k whose articles number `POOL_ARTICLES` or more (or every month).
    `whole` is true when every pool is the whole archive: the weights are then those of all the articles.

    Whether a term is shared with another article is counted a month wider than the pool on either side, so two
    reports an hour apart across a month's end, in pools of their own, still share their words.
    """

    def __init__(self, months: np.ndarray, ids: np.ndarray, sizes: np.ndarray, pool_articles: int | None = None
                 ) -> None:
        pool_articles = pool_articles or POOL_ARTICLES
        first = int(months.min()) if len(months) else 0
        self.month = months - first                       # 0 .. span-1
        span = self.span = int(self.month.max()) + 1 if len(months) else 1
        before = np.concatenate(([0], np.cumsum(np.bincount(self.month, minlength=span))))
        self.low, self.high = _pool_bounds(before, pool_articles)
        self.articles = before[self.high + 1] - before[self.low]    # N of each month's pool
        self.whole = bool((self.low == 0).all() and (self.high == span - 1).all())
        if self.whole:
            return
        # Each distinct (term, month) once, sorted, with the running count of articles using it: the count of a
        # term in months a..b is the running count at (term, b) less the one just before (term, a).
        keys, inverse, counts = np.unique(ids.astype(np.int64) * span + np.repeat(self.month, sizes),
                                          return_inverse=True, return_counts=True)
        running = np.cumsum(counts)
        base, month = keys - keys % span, keys % span

        def counted(low: np.ndarray, high: np.ndarray) -> np.ndarray:
            def upto(query):
                at = np.searchsorted(keys, query, side="right")
                return np.where(at > 0, running[np.maximum(at - 1, 0)], 0)
            return upto(base + high) - upto(base + low - 1)

        low, high = self.low[month], self.high[month]
        self.frequency = counted(low, high)[inverse].astype(np.int32)     # per entry
        self.shared = (counted(np.maximum(low - 1, 0), np.minimum(high + 1, span - 1)) > 1)[inverse]

    def weights(self, rows: np.ndarray, start: int, end: int) -> tuple[np.ndarray, np.ndarray]:
        """The IDF factor 1 + ln((1 + N) / (1 + df)) of the entries start..end (of documents `rows`) over their
        month's pool, and whether each is shared with another article."""
        return (1.0 + np.log((1.0 + self.articles[self.month[rows]]) / (1.0 + self.frequency[start:end])),
                self.shared[start:end])


def _pool_bounds(before: np.ndarray, pool_articles: int) -> tuple[np.ndarray, np.ndarray]:
    """Each month's pool, as its first and last month: the fewest months on either side holding `pool_articles`."""
    span = len(before) - 1
    months = np.arange(span)
    if before[-1] < pool_articles:   # every pool is the whole archive
        return np.zeros(span, dtype=np.int64), np.full(span, span - 1, dtype=np.int64)
    low_reach, high_reach = np.zeros(span, dtype=np.int64), np.full(span, span, dtype=np.int64)
    while (high_reach - low_reach > 1).any():    # a binary search of every month's reach at once
        middle = (low_reach + high_reach) // 2
        held = before[np.minimum(span, months + middle + 1)] - before[np.maximum(0, months - middle)]
        enough = held >= pool_articles
        high_reach = np.where(enough, middle, high_reach)
        low_reach = np.where(enough, low_reach, middle)
    first = before[np.minimum(span, months + 1)] - before[months] >= pool_articles   # a month enough alone
    reach = np.where(first, 0, high_reach)
    return np.maximum(0, months - reach), np.minimum(span - 1, months + reach)
