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
KEY_BLOCK_ROWS = 4096  # articles whose (term, month) keys are made at once


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

    What is kept is each distinct (term, month) once, with how many articles use it; the frequencies of the
    entries are worked out a block at a time (`weights`). Working them out for every entry at once held five
    arrays as long as all the articles' terms (60 bytes a term: 6 GB for a million articles' hundred terms).
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
        self.ids = ids
        # Each distinct (term, month) once, sorted, with the running count of articles using it: the count of a
        # term in months a..b is the running count at (term, b) less the one just before (term, a). Every
        # entry's key is written into one array, a block of articles at a time, and sorted where it is.
        keys = np.empty(len(ids), dtype=np.int64)
        ends = np.cumsum(sizes)
        for first in range(0, len(sizes), KEY_BLOCK_ROWS):
            last = min(len(sizes), first + KEY_BLOCK_ROWS)
            start, end = (int(ends[first - 1]) if first else 0), int(ends[last - 1])
            rows = np.repeat(np.arange(first, last), sizes[first:last])
            keys[start:end] = self._keys(rows, start, end)
        keys.sort()
        breaks = np.flatnonzero(keys[1:] != keys[:-1]) + 1   # where each distinct key's entries end
        self.keys = keys[np.concatenate(([0], breaks))] if len(keys) else keys
        self.running = np.append(breaks, len(keys))
        del keys

    def _keys(self, rows: np.ndarray, start: int, end: int) -> np.ndarray:
        """The (term, month) key of the entries start..end, of documents `rows` (one row per entry)."""
        return self.ids[start:end].astype(np.int64) * self.span + self.month[rows]

    def _counted(self, base: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
        """How many articles use each term (`base`: its id times the span) in months low..high."""
        def upto(query):
            at = np.searchsorted(self.keys, query, side="right")
            return np.where(at > 0, self.running[np.maximum(at - 1, 0)], 0)
        return upto(base + high) - upto(base + low - 1)

    def counts(self, rows: np.ndarray, start: int, end: int) -> tuple[np.ndarray, np.ndarray]:
        """For the entries start..end (of documents `rows`, one row per entry): how many articles of their
        month's pool use their term, and whether another article within a month more either side does."""
        keys, inverse = np.unique(self._keys(rows, start, end), return_inverse=True)
        month = keys % self.span
        base, low, high = keys - month, self.low[month], self.high[month]
        frequency = self._counted(base, low, high)
        shared = self._counted(base, np.maximum(low - 1, 0), np.minimum(high + 1, self.span - 1)) > 1
        return frequency[inverse], shared[inverse]

    def weights(self, rows: np.ndarray, start: int, end: int) -> tuple[np.ndarray, np.ndarray]:
        """The IDF factor 1 + ln((1 + N) / (1 + df)) of the entries start..end (of documents `rows`, one row per
        entry) over their month's pool, and whether each is shared with another article."""
        frequency, shared = self.counts(rows, start, end)
        return 1.0 + np.log((1.0 + self.articles[self.month[rows]]) / (1.0 + frequency)), shared


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
