"""Site model: days across time zones, pagination edges, duplicate slugs, topics, related articles."""

from datetime import date
from pathlib import PurePosixPath

import pytest

from newsdigest.content import load_articles
from newsdigest.pages import DayGroups, PageKind, group_articles_by_day, paginate
from newsdigest.site_model import build_site_model


def model(project):
    return build_site_model(project.config, load_articles(project.config).articles)


def test_article_after_local_midnight_lands_on_its_local_day(project):
    project.add("late", title="Late tariff news", date="2026-01-30T00:30:00+09:00")  # 29 Jan 15:30 UTC
    project.add("ny", title="New York tariff news", date="2026-01-29T22:00:00-05:00")  # 30 Jan 03:00 UTC
    site = model(project)
    days = {a.title: a.day for a in site.articles}
    assert days == {"Late tariff news": date(2026, 1, 30), "New York tariff news": date(2026, 1, 29)}
    assert site.articles[0].page_url == "/2026/01/29/new-york-tariff-news/"  # newest instant first
    assert [g.day for g in site.days] == [date(2026, 1, 30), date(2026, 1, 29)]


def test_digest_timezone_regroups_days(project):
    project.settings["digest_timezone"] = "UTC"
    project.add("late", title="Late", date="2026-01-30T00:30:00+09:00")
    project.add("dateonly", title="Date only", date="2026-01-30")
    site = model(project)
    days = {a.title: a.day for a in site.articles}
    assert days == {"Late": date(2026, 1, 29), "Date only": date(2026, 1, 30)}  # a bare date is never shifted


def test_day_groups_articles_by_primary_topic_in_config_order(project):
    project.add("a", title="Summit ends", date="2026-01-29T10:00:00+09:00")
    project.add("b", title="Tariff rise", date="2026-01-29T11:00:00+09:00")
    project.add("c", title="Weather", date="2026-01-29T12:00:00+09:00")
    (group,) = model(project).days
    assert [(term.slug, [a.title for a in items]) for term, items in group.by_topic] == [
        ("trade", ["Tariff rise"]), ("diplomacy", ["Summit ends"]), ("general", ["Weather"])]


@pytest.mark.parametrize("count, per_page, sizes", [
    (0, 2, [0]), (1, 2, [1]), (2, 2, [2]), (3, 2, [2, 1]), (4, 2, [2, 2]), (5, 1, [1, 1, 1, 1, 1]),
])
def test_paginate_edges(count, per_page, sizes):
    pagers = paginate(list(range(count)), per_page, "/topics/x/")
    assert [len(p.items) for p in pagers] == sizes
    assert pagers[0].url == "/topics/x/" and pagers[0].prev_url is None
    assert pagers[-1].next_url is None and all(p.total == len(sizes) for p in pagers)
    if len(pagers) > 1:
        assert pagers[1].url == "/topics/x/page/2/" and pagers[1].prev_url == "/topics/x/"
        assert pagers[0].next_url == "/topics/x/page/2/"
    assert sum(len(p.items) for p in pagers) == count


def test_duplicate_slugs_on_one_day_never_share_a_page(project):
    project.add("one", title="Same title", date="2026-01-29T10:00:00+09:00")
    project.add("two", title="Same title", date="2026-01-29T11:00:00+09:00")
    project.add("three", title="Same title", date="2026-01-30T11:00:00+09:00")
    site = model(project)
    assert sorted(a.page_url for a in site.articles) == [
        "/2026/01/29/same-title-2/", "/2026/01/29/same-title/", "/2026/01/30/same-title/"]
    assert len(site.warnings) == 1 and "two.md" in str(site.warnings[0])


def test_a_slug_clash_under_an_address_without_the_day_names_no_day(project):
    """Under /news/{slug}/ the warning said the older article used the slug "on" the new one's day."""
    project.settings["permalinks"] = {"article": "/news/{slug}/"}
    project.add("weekly", title="Weekly briefing", date="2026-01-20T10:00:00+09:00")
    project.add("next", title="Weekly briefing", date="2026-01-27T10:00:00+09:00")
    [warning] = model(project).warnings
    assert "weekly.md already uses slug 'weekly-briefing' (its file" in warning.message
    assert "published at /news/weekly-briefing-2/" in warning.message


def test_a_file_named_after_its_slug_keeps_the_address_when_an_older_article_shares_it(project):
    """The published page does not move when a file about an earlier hour of the same day is added."""
    project.add("same-title", title="Same title", date="2026-01-29T10:00:00+09:00")
    before = {a.title: a.page_url for a in model(project).articles}
    project.add("added-later", title="Same title", date="2026-01-29T07:00:00+09:00", summary="Earlier.")
    site = model(project)
    urls = {PurePosixPath(a.source_path).stem: a.page_url for a in site.articles}
    assert urls == {"same-title": before["Same title"], "added-later": "/2026/01/29/same-title-2/"}
    assert len(site.warnings) == 1 and "added-later.md" in str(site.warnings[0])


def test_an_address_an_article_asks_for_by_its_slug_is_never_given_to_another_as_its_dash_number(project):
    """`slug: same-title-2` was the address a later file about an earlier hour took as its `-2`, so adding that
    file moved the page already published there to `same-title-2-2`."""
    project.add("same-title", title="Same title", date="2026-01-29T10:00:00+09:00")
    project.add("follow-up", title="Same title, again", slug="same-title-2", date="2026-01-29T12:00:00+09:00")
    before = {PurePosixPath(a.source_path).stem: a.page_url for a in model(project).articles}
    assert before["follow-up"] == "/2026/01/29/same-title-2/"
    project.add("added-later", title="Same title", date="2026-01-29T07:00:00+09:00")
    urls = {PurePosixPath(a.source_path).stem: a.page_url for a in model(project).articles}
    assert urls == {**before, "added-later": "/2026/01/29/same-title-3/"}


def test_tags_and_sources_merge_spellings_and_topics_from_front_matter_appear(project):
    project.add("a", title="A", tags=["U.S.", "Tariffs"], source="Seoul Wire", topics=["Space Race"])
    project.add("b", title="B", date="2026-01-30T10:00:00+09:00", tags=["u.s."], source="seoul wire")
    site = model(project)
    assert [(t.slug, t.name, t.count) for t in site.tags] == [("tariffs", "Tariffs", 1), ("u-s", "U.S.", 2)]
    assert [(s.slug, s.count) for s in site.sources] == [("seoul-wire", 2)]
    assert site.topic("space-race").name == "Space Race"


def test_related_shares_topic_within_window_and_prefers_shared_tags(project):
    project.settings["related"] = {"count": 2, "window_days": 5}
    project.add("base", title="Tariff base", date="2026-01-10T10:00:00+09:00", tags=["Kim"])
    project.add("near", title="Tariff near", date="2026-01-11T10:00:00+09:00")
    project.add("tagged", title="Tariff tagged", date="2026-01-14T10:00:00+09:00", tags=["kim"])
    project.add("far", title="Tariff far", date="2026-02-20T10:00:00+09:00", tags=["Kim"])
    project.add("other", title="Summit", date="2026-01-10T11:00:00+09:00")
    site = model(project)
    base = next(a for a in site.articles if a.title == "Tariff base")
    assert [a.title for a in site.related[base.source_path]] == ["Tariff tagged", "Tariff near"]


def test_group_articles_by_day_keeps_runs(project):
    project.add("a", title="A", date="2026-01-29T10:00:00+09:00")
    project.add("b", title="B", date="2026-01-29T09:00:00+09:00")
    project.add("c", title="C", date="2026-01-28T09:00:00+09:00")
    groups = group_articles_by_day(tuple(model(project).articles))
    assert [(d, [a.title for a in items]) for d, items in groups] == [
        (date(2026, 1, 29), ["A", "B"]), (date(2026, 1, 28), ["C"])]


def test_a_day_out_of_step_with_the_order_by_instant_is_one_heading_newest_day_first(project):
    # Each article is listed under its outlet's day: a Seoul report dated by the day only (its midnight, 15:00
    # UTC the day before) comes after a New York report of the evening before, whose day was shown twice around it
    project.add("ny1", title="New York late", date="2025-10-30T20:45:00+00:00")
    project.add("seoul", title="Seoul day only", date="2025-10-31")
    project.add("ny2", title="New York early", date="2025-10-30T14:00:00+00:00")
    project.settings["timezone"] = "Asia/Seoul"
    articles = tuple(model(project).articles)
    assert [a.title for a in articles] == ["New York late", "Seoul day only", "New York early"]
    groups = group_articles_by_day(articles)
    assert [(d, [a.title for a in items]) for d, items in groups] == [
        (date(2025, 10, 31), ["Seoul day only"]), (date(2025, 10, 30), ["New York late", "New York early"])]


def test_topic_tag_and_source_pages_hold_their_articles_not_their_runs_by_day(project):
    """The runs were held ready for every list page until it rendered: about 470 bytes an article."""
    for n, day in enumerate(["29", "29", "28", "27", "27", "27"]):
        project.add(f"a{n}", title=f"Tariff {n}", date=f"2026-01-{day}T{10 + n}:00:00+09:00", tags=["x"], source="S")
    pages = [page for page in model(project).pages if page.kind in (PageKind.TAG, PageKind.SOURCE, PageKind.TOPIC)]
    assert {page.kind for page in pages} >= {PageKind.TAG, PageKind.SOURCE}
    for page in pages:
        groups, items = page.context["groups"], page.context["pager"].items
        assert type(groups) is DayGroups and groups.articles is items     # the pager's own tuple, nothing more
        assert list(groups) == group_articles_by_day(items) and len(groups) == len(group_articles_by_day(items))
        assert bool(groups) == bool(items)
    shown: dict[date, int] = {}
    for page in pages:
        if page.kind == PageKind.TAG:
            for day, run in page.context["groups"]:
                shown[day] = shown.get(day, 0) + len(run)
    assert shown == {date(2026, 1, 29): 2, date(2026, 1, 28): 1, date(2026, 1, 27): 3}
    assert not DayGroups(()) and len(DayGroups(())) == 0


def test_every_page_url_is_unique_and_listed(project):
    for n in range(5):
        project.add(f"a{n}", title=f"Tariff {n}", date=f"2026-01-2{n}T10:00:00+09:00", tags=["x"], source="S")
    site = model(project)
    urls = [p.url for p in site.pages]
    assert len(urls) == len(set(urls))
    for expected in ("/", "/page/2/", "/page/3/", "/2026/01/20/", "/2026/01/", "/2026/", "/archive/", "/topics/",
                     "/topics/trade/", "/topics/trade/page/3/", "/tags/", "/tags/x/", "/sources/", "/sources/s/",
                     "/2026/01/24/tariff-4/"):
        assert expected in urls
    assert "/page/4/" not in urls


def test_configured_topics_are_the_site_sections_and_leave_out_front_matter_only_topics(project):
    project.add("a", title="Tariff rise", topics=["Space Race", "trade"])
    project.add("b", title="Weather", date="2026-01-30T10:00:00+09:00")
    site = model(project)
    assert [t.slug for t in site.topics] == ["trade", "diplomacy", "space-race", "general"]  # every term
    assert [t.slug for t in site.configured_topics] == ["trade", "diplomacy", "general"]  # config order, fallback last
    assert site.topic("space-race").count == 1


def test_without_topic_rules_the_sources_own_sections_become_the_topics(project, tmp_path):
    """A new site with no rules: articles land in the section their source filed them under (or their URL names),
    listed in the navigation with a title; only sections with articles appear."""
    project.settings["topics"] = []
    project.add("a", title="Budget vote", category="Wirtschaft")
    project.add("b", title="Cup final", date="2026-01-30T10:00:00+09:00", url="https://example.org/sport/cup-final")
    project.add("c", title="Something else", date="2026-01-31T10:00:00+09:00")
    site = model(project)
    topics_of = {article.title: article.topics for article in site.articles}
    assert topics_of == {"Budget vote": ("business",), "Cup final": ("sports",), "Something else": ("general",)}
    assert [t.slug for t in site.configured_topics] == ["business", "sports", "general"]
    assert site.topic("business").name == "Business"
    # the parse workers' facts and the model agree: a full build lists the same pages
    from newsdigest.build import build
    result = build(project.config, output_dir=tmp_path / "out")
    assert (tmp_path / "out" / "topics" / "business" / "index.html").is_file()
    assert not (tmp_path / "out" / "topics" / "politics").exists()
    assert {t.slug for t in result.site.topics} == {"business", "sports", "general"}


def test_tags_are_deduplicated_by_slug_per_article_keeping_the_first_spelling(project):
    project.add("a", title="A", tags=["Local news", "local-news", "Local News!", "U.S."])
    project.add("b", title="B", date="2026-01-30T10:00:00+09:00", tags="LOCAL NEWS, local_news")
    site = model(project)
    by_title = {a.title: a.tags for a in site.articles}
    assert by_title == {"A": ("Local news", "U.S."), "B": ("LOCAL NEWS",)}
    local = next(t for t in site.tags if t.slug == "local-news")
    assert local.name == "Local news" and local.count == 2 and len(set(map(id, local.articles))) == 2


def test_long_source_names_sharing_a_slug_prefix_get_pages_of_their_own(project):
    stem = "The Very Long Name Of A Regional Broadcasting Corporation And Its Affiliated Newspapers"
    project.add("a", title="A", source=stem + " Alpha")
    project.add("b", title="B", date="2026-01-30T10:00:00+09:00", source=stem + " Beta")
    site = model(project)
    assert sorted((s.name.rsplit(" ", 1)[1], [a.title for a in s.articles]) for s in site.sources) == [
        ("Alpha", ["A"]), ("Beta", ["B"])]
    assert len({s.url for s in site.sources}) == 2


def test_a_late_article_spelling_a_source_otherwise_does_not_rename_its_page(project):
    """The page was named after the oldest article's spelling: one article dated earlier, collected late and
    written in capitals, renamed the page (and every credit) that all the others spell "Riverton Ledger"."""
    for n in range(3):
        project.add(f"a{n}", title=f"Story {n}", date=f"2026-03-1{n}T10:00:00+00:00", source="Riverton Ledger",
                    tags=["Old Mill Bridge"])
    project.add("late", title="Late", date="2026-03-09T10:00:00+00:00", source="RIVERTON LEDGER",
                tags=["OLD MILL BRIDGE"])
    site = model(project)
    assert [s.name for s in site.sources] == ["Riverton Ledger"]
    assert [t.name for t in site.tags] == ["Old Mill Bridge"]


def test_tags_and_sources_are_listed_with_accented_letters_among_their_base_letters(project):
    """By code point, "Business Insider" came before "Börsen-Zeitung" and "Übergewicht" after "zweite"."""
    for number, (source, tag) in enumerate([("Business Insider", "zweite"), ("Börsen-Zeitung", "Übergewicht"),
                                            ("Aachener Zeitung", "Ärzte"), ("Zeit Online", "Bahn")]):
        project.add(f"a{number}", title=f"Bericht {number}", date=f"2026-01-1{number}T10:00:00+01:00",
                    source=source, tags=[tag])
    site = model(project)
    assert [s.name for s in site.sources] == ["Aachener Zeitung", "Börsen-Zeitung", "Business Insider", "Zeit Online"]
    assert [t.name for t in site.tags] == ["Ärzte", "Bahn", "Übergewicht", "zweite"]


def test_source_names_from_the_config_merge_an_outlets_spellings_and_drop_a_false_one(project):
    """Pages spell an outlet several ways ("Reuters.com", "Reuters"): two outlets to the site, so one outlet's two
    reports made a story. The config's `source_names` gives them one name, one source page, and one outlet in a
    story; an empty name leaves an article unattributed."""
    body = "Dock workers walked out at the harbour on Monday, and cargo ships waited offshore for a second day."
    project.add("a", title="Port strike halts cargo", date="2026-03-10T10:00:00+00:00", source="Reuters.com",
                body=body)
    project.add("b", title="Port strike halts cargo at docks", date="2026-03-10T11:00:00+00:00", source="Reuters",
                body=body)
    project.add("c", title="Port strike: cargo waits", date="2026-03-10T12:00:00+00:00", source="U.S.", body=body)
    assert len(model(project).stories) == 1
    project.settings["source_names"] = {"Reuters.com": "Reuters", "U.S.": ""}
    site = model(project)
    assert {a.title: a.source for a in site.articles} == {
        "Port strike halts cargo": "Reuters", "Port strike halts cargo at docks": "Reuters",
        "Port strike: cargo waits": ""}
    assert [(s.name, s.url) for s in site.sources] == [("Reuters", "/sources/reuters/")]
    assert site.stories == []   # one outlet and an unattributed report


def test_the_fallback_topic_alone_makes_no_article_related_but_a_shared_tag_does(project):
    """Articles no rule matched share only the fallback topic: "related" was whatever came the same fortnight."""
    project.settings["related"] = {"count": 3, "window_days": 14}
    project.add("strike", title="Dock workers strike for a day", date="2026-03-10T10:00:00+00:00",
                tags=["Harbour"], body="Dock workers stopped the cranes.")
    project.add("snow", title="Snow closes the airport", date="2026-03-10T11:00:00+00:00",
                body="Flights were grounded by snow.")
    project.add("pay", title="Harbour pay talks resume", date="2026-03-12T11:00:00+00:00", tags=["harbour"],
                body="Talks on dock pay began again.")
    site = model(project)
    assert {a.title for a in site.articles} and all(a.topics == ("general",) for a in site.articles)
    titles = {PurePosixPath(a.source_path).stem: [r.title for r in site.related[a.source_path]] for a in site.articles}
    assert titles == {"strike": ["Harbour pay talks resume"], "pay": ["Dock workers strike for a day"], "snow": []}
