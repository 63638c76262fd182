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
    (`sizes` terms each), as `story_vectors.tfidf_matrix` reads them. For a month m, the pool is months m-k to
    m+k with the smallest k whose articles number `POOL_ARTICLES` or more (or every month of the archive).
    """

    def __init__(self, months: np.ndarray, ids: np.ndarray, sizes: np.ndarray, pool_articles: int | None = None
                 ) -> None:
        pool_articles = pool_articles or POOL_ARTICLES
        first = int(months.min()) if len(months) else 0
        self.month = months - first                       # 0 .. span-1
        span = int(self.month.max()) + 1 if len(months) else 1
        per_month = np.bincount(self.month, minlength=span)
        before = np.concatenate(([0], np.cumsum(per_month)))   # articles of the months before each month
        reach = np.zeros(span, dtype=np.int64)
        for month in range(span):   # (a few hundred months at most)
            k = 0
            while k < span and before[min(span, month + k + 1)] - before[max(0, month - k)] < pool_articles:
                k += 1
            reach[month] = k
        self.low = np.maximum(0, np.arange(span) - reach)
        self.high = np.minimum(span - 1, np.arange(span) + reach)
        self.articles = before[self.high + 1] - before[self.low]    # N of each month's pool
        self.span = span
        # Every (term, month) an article uses, sorted, with the running count of articles: the count of a term
        # in months a..b is the running count at (term, b) less the one just before (term, a).
        entry_months = np.repeat(self.month, sizes)
        keys, counts = np.unique(ids.astype(np.int64) * span + entry_months, return_counts=True)
        self.keys, self.running = keys, np.cumsum(counts)

    def _counted_to(self, keys: np.ndarray) -> np.ndarray:
        at = np.searchsorted(self.keys, keys, side="right")
        return np.where(at > 0, self.running[np.maximum(at - 1, 0)], 0)

    def frequencies(self, rows: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """The pooled document frequency of each (document row, term id) entry."""
        month = self.month[rows]
        base = ids.astype(np.int64) * self.span
        return self._counted_to(base + self.high[month]) - self._counted_to(base + self.low[month] - 1)

    def idf(self, rows: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each entry's weight factor 1 + ln((1 + N) / (1 + df)) over its month's pool, and its df."""
        frequency = self.frequencies(rows, ids)
        return 1.0 + np.log((1.0 + self.articles[self.month[rows]]) / (1.0 + frequency)), frequency
