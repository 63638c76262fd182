"""Story vectors weigh words among the articles of nearby months: an edit far away changes none of them."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone

import numpy as np

from newsdigest import story_idf
from newsdigest.story_idf import calendar_months
from newsdigest.story_vectors import tfidf_matrix


def stamp(year: int, month: int) -> float:
    return datetime(year, month, 10, 12, tzinfo=timezone.utc).timestamp()


def documents(months: list[tuple[int, int]]) -> tuple[list[Counter], np.ndarray]:
    words = ["harbour", "strike", "cargo", "ferry", "storm", "council", "budget", "tram"]
    docs = [Counter({words[n % 8]: 2, words[(n + 3) % 8]: 1, "news": 1, f"only{n}": 1}) for n in range(len(months))]
    return docs, calendar_months([stamp(*month) for month in months])


def dense(vectors) -> list[dict[str, float]]:
    return [vectors[row] for row in range(len(vectors))]


def test_calendar_months_count_from_1970_in_utc():
    assert calendar_months([0.0, stamp(1970, 2), stamp(2024, 12)]).tolist() == [0, 1, 54 * 12 + 11]


def test_a_site_whose_months_hold_fewer_articles_than_a_pool_weighs_words_over_all_of_them():
    docs, months = documents([(2024, m) for m in (1, 1, 2, 3, 7, 7, 12)])
    assert dense(tfidf_matrix(docs, months=months)[0]) == dense(tfidf_matrix(docs)[0])


def test_articles_added_months_away_change_no_earlier_vector(monkeypatch):
    """Over the whole archive every article added moved every weight, and stories years back regrouped."""
    monkeypatch.setattr(story_idf, "POOL_ARTICLES", 3)
    early = [(2024, 1)] * 3 + [(2024, 2)] * 3
    docs, months = documents(early)
    before = dense(tfidf_matrix(docs, months=months)[0])
    more, more_months = documents(early + [(2024, 9)] * 4)
    after = dense(tfidf_matrix(more, months=more_months)[0])
    assert after[:len(early)] == before
    # ... while over the whole archive they moved
    assert dense(tfidf_matrix(more)[0])[:len(early)] != dense(tfidf_matrix(docs)[0])


def frequencies(pools: story_idf.MonthPools) -> list[int]:
    """The pool frequency of every entry of articles holding one term each."""
    everyone = np.arange(len(pools.month))
    return pools.counts(everyone, 0, len(everyone))[0].tolist()


def test_a_pool_is_the_fewest_months_around_that_hold_enough_articles():
    months = calendar_months([stamp(2024, m) for m in (1, 1, 2, 3, 3, 3, 6)])
    ids, sizes = np.zeros(7, dtype=np.int64), np.ones(7, dtype=np.int64)   # one term, in every article
    pools = story_idf.MonthPools(months, ids, sizes, pool_articles=3)
    # January: January and February (3); February: January to March (6); March alone (3); June: March to June (4)
    assert frequencies(pools) == [3, 3, 6, 3, 3, 3, 4]
    assert pools.articles[pools.month].tolist() == [3, 3, 6, 3, 3, 3, 4]
    assert not pools.whole and story_idf.MonthPools(months, ids, sizes, pool_articles=50).whole


def test_a_pool_over_centuries_of_dates_is_found_at_once():
    months = calendar_months([stamp(1900, 1), *[stamp(2024, 5)] * 5, stamp(2199, 12)])
    pools = story_idf.MonthPools(months, np.zeros(7, dtype=np.int64), np.ones(7, dtype=np.int64), pool_articles=5)
    assert frequencies(pools) == [6, 5, 5, 5, 5, 5, 6]


def test_words_two_reports_share_across_a_months_end_count_as_shared(monkeypatch):
    """Each report in a pool of its own month: their shared words counted once in each pool were dropped as
    unshared, and two reports of one event an hour apart had nothing in common."""
    monkeypatch.setattr(story_idf, "POOL_ARTICLES", 4)
    late_january = datetime(2024, 1, 31, 23, 30, tzinfo=timezone.utc).timestamp()
    early_february = datetime(2024, 2, 1, 0, 30, tzinfo=timezone.utc).timestamp()
    filler = [Counter({f"word{n}": 1, "news": 1}) for n in range(8)]
    docs = [Counter({"ferry": 2, "capsized": 1, "bosporus": 1, "news": 1}),
            Counter({"ferry": 1, "capsized": 2, "bosporus": 1, "news": 1})] + filler
    stamps = [late_january, early_february] + [stamp(2024, 1)] * 4 + [stamp(2024, 2)] * 4
    vectors, _ = tfidf_matrix(docs, months=calendar_months(stamps))
    assert {"ferry", "capsized", "bosporus"} <= set(vectors[0]) and {"ferry", "capsized", "bosporus"} <= set(vectors[1])
