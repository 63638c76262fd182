"""Page fingerprints (newsdigest.render.fingerprint_of): what decides whether a page is rendered again."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import NamedTuple

from newsdigest.article import Article, ArticleBody
from newsdigest.pages import Page, PageKind, Pager
from newsdigest.render import SharedParts, fingerprint_of, page_fingerprint
from newsdigest.site_model import Period, Term

WHEN = datetime(2026, 1, 29, 9, 0, tzinfo=timezone.utc)


def article(name: str, **changes) -> Article:
    base = Article(source_path=f"{name}.md", title=name.title(), date=WHEN, slug=name,
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


def test_shared_parts_sum_up_what_many_pages_show_once_with_the_same_figures_and_articles_seen():
    first, second, third = article("one"), article("two"), article("three")
    day = Pager(1, 1, (first, second), "/2026/01/29/", None, None, "/2026/01/29/", "/2026/01/29/")
    pages = [Page(f"/p{n}/", "list.html", "List", PageKind.TAG, context={"pager": day, "extra": (third,) * n})
             for n in range(3)]
    parts = SharedParts()
    shared = [page_fingerprint("site", page, {}, seen := set(), parts) for page in pages]
    assert seen == {first.source_path, second.source_path, third.source_path}  # the last page's, part included
    assert len(parts) == 1  # the day's pager was summed up once, for all three pages
    alone = [page_fingerprint("site", page, {}) for page in pages]  # each page with parts of its own
    assert shared == alone and len(set(shared)) == 3
    # an edited article shown through the part changes every page that shows it
    edited = replace(day, items=(replace(first, file_hash="hash-edited"), second))
    again = [page_fingerprint("site", replace(page, context={**page.context, "pager": edited}), {}, set(), SharedParts())
             for page in pages]
    assert not set(again) & set(shared)


def test_a_part_is_known_by_its_type_as_well_as_its_fields():
    first = article("one")
    pager = Pager(1, 1, (first,), "/a/", None, None, "/a/", "/a/")

    @dataclass(frozen=True)
    class LookAlike:
        number: int
        total: int
        items: tuple
        url: str
        prev_url: str | None
        next_url: str | None
        first_url: str
        last_url: str

    twin = LookAlike(1, 1, (first,), "/a/", None, None, "/a/", "/a/")
    assert fingerprint_of(pager, None, SharedParts()) != fingerprint_of(twin, None, SharedParts())
