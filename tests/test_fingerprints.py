"""Page fingerprints (newsdigest.render.fingerprint_of): what decides whether a page is rendered again."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import NamedTuple

from newsdigest.article import Article, ArticleBody
from newsdigest.pages import Pager
from newsdigest.render import fingerprint_of
from newsdigest.site_model import Period, Term

WHEN = datetime(2026, 1, 29, 9, 0, tzinfo=timezone.utc)


def article(name: str, **changes) -> Article:
    base = Article(source_path=Path(f"{name}.md"), title=name.title(), date=WHEN, slug=name,
                   body=ArticleBody("<p>x</p>", "x"), summary="x", source="Wire", file_hash=f"hash-{name}", page_url=f"/{name}/",
                   topics=("world",), day=date(2026, 1, 29))
    return replace(base, **changes)


class Entry(NamedTuple):
    lead: Article
    more: tuple


def context(first: Article, second: Article) -> dict:
    pager = Pager(1, 2, (first, second), "/page/1/", None, "/page/2/", "/", "/page/2/")
    return {"pager": pager, "entries": [Entry(first, (second,))], "count": 2, "title": "World"}


def test_the_same_data_gives_the_same_fingerprint_and_each_listed_fact_changes_it():
    first, second = article("one"), article("two")
    assert fingerprint_of(context(first, second)) == fingerprint_of(context(article("one"), article("two")))
    for change in ({"file_hash": "hash-edited"}, {"page_url": "/moved/"}, {"topics": ("business",)},
                   {"day": date(2026, 1, 30)}):
        assert fingerprint_of(context(replace(first, **change), second)) != fingerprint_of(context(first, second))
    # the order of a list is what a page shows: it counts
    swapped = {**context(first, second), "pager": Pager(1, 2, (second, first), "/page/1/", None, "/page/2/", "/", "/page/2/")}
    assert fingerprint_of(swapped) != fingerprint_of(context(first, second))


def test_every_article_shown_is_seen_through_dataclasses_tuples_lists_and_dicts():
    first, second, third = article("one"), article("two"), article("three")
    seen: set[Path] = set()
    fingerprint_of({**context(first, second), "extra": {"nested": [third]}}, seen)
    assert seen == {first.source_path, second.source_path, third.source_path}


def test_terms_and_periods_count_by_what_lists_show_of_them():
    first, second = article("one"), article("two")
    term = Term("topic", "world", "World", "/topics/world/", "", (first,))
    assert fingerprint_of(term) == fingerprint_of(replace(term, articles=(second,)))  # same count, same link
    assert fingerprint_of(term) != fingerprint_of(replace(term, articles=(first, second)))
    assert fingerprint_of(term) != fingerprint_of(replace(term, name="The world"))
    month = Period("month", date(2026, 1, 1), "/2026/01/", (first,))
    assert fingerprint_of(month) != fingerprint_of(replace(month, articles=(first, second)))
