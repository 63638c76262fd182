"""The front page and day pages as a digest: the lead slot, "More:" lists, topic blocks, developing stories and
their timelines, times in one display zone, and credit to the outlet on every page (newsdigest.story_view,
newsdigest.display_time and the default theme)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest

from newsdigest.article import Article
from newsdigest.build import build
from newsdigest.config import load_config
from newsdigest.display_time import (TIME_NOT_STATED, date_note, day_label, day_span, display_time, relative_day,
                                     short_day, when_text, zone_abbreviation)
from newsdigest.site_model import Term
from newsdigest.stories import Story
from newsdigest.story_view import (FrontEntry, OutletReports, StoryRef, choose_lead, day_number, front_day,
                                   more_coverage, more_lines, story_days, story_view)
from tests.conftest import REPO
from tests.sitecheck import broken_links, parse_page

KST = timezone(timedelta(hours=9))
EDT = timezone(timedelta(hours=-4))


def art(slug: str, when: datetime, source: str = "", *, topics=("trade",), url: str = "", day: date | None = None,
        date_only: bool = False, **extra) -> Article:
    return Article(source_path=f"{slug}.md", title=f"Headline {slug}", date=when, slug=slug,
                   summary=f"Summary of {slug}.", source=source, url=url, topics=tuple(topics),
                   page_url=f"/{(day or when.date()):%Y/%m/%d}/{slug}/", day=day or when.date(), date_only=date_only,
                   extra=extra)


def story_of(articles: list[Article], lead: Article, story_id: str = "s") -> Story:
    ordered = tuple(sorted(articles, key=lambda a: a.date))
    sources = tuple(dict.fromkeys(a.source for a in ordered if a.source))
    return Story(story_id, ordered, lead, sources, 0.5, f"/stories/{story_id}/")


TOPICS = {slug: Term("topic", slug, slug.title(), f"/topics/{slug}/") for slug in ("trade", "diplomacy", "general")}


# --------------------------------------------------------------------------------------------------
# Lead choice, "More:", topic blocks
# --------------------------------------------------------------------------------------------------

def test_lead_is_the_entry_with_most_outlets_then_the_earliest():
    early = art("early", datetime(2026, 1, 27, 8, 0, tzinfo=KST))
    late = art("late", datetime(2026, 1, 27, 9, 0, tzinfo=KST))
    big = FrontEntry(late, (early,), StoryRef("/stories/x/", 1, 1, 2, 2, day_outlets=2))
    alone = FrontEntry(art("alone", datetime(2026, 1, 27, 7, 0, tzinfo=KST)))
    assert choose_lead([alone, big]) is big  # two outlets beat one, though it is later
    other_big = FrontEntry(art("other", datetime(2026, 1, 27, 7, 30, tzinfo=KST)), (late,),
                           StoryRef("/stories/y/", 1, 1, 2, 2, day_outlets=2))
    assert choose_lead([big, other_big]) is other_big  # equal outlets: the earliest coverage (07:30 < 08:00)
    # a developing story counts that day's outlets, not all it had so far: one late report is one outlet
    yesterdays = FrontEntry(art("again", datetime(2026, 1, 27, 6, 0, tzinfo=KST)), (),
                            StoryRef("/stories/z/", 2, 2, 40, 30, 40, 30, day_outlets=1))
    assert choose_lead([yesterdays, big]) is big
    singles = [FrontEntry(late), FrontEntry(early)]
    assert choose_lead(singles).article is early
    assert choose_lead([]) is None


def test_more_lists_each_other_outlet_once_with_its_latest_headline_of_the_day():
    wire1 = art("wire1", datetime(2026, 1, 26, 9, 0, tzinfo=KST), "Seoul Wire")
    ledger = art("ledger", datetime(2026, 1, 26, 19, 0, tzinfo=EDT), "Pacific Ledger", day=date(2026, 1, 26))
    wire2 = art("wire2", datetime(2026, 1, 27, 9, 0, tzinfo=KST), "seoul wire")  # same outlet, spelled otherwise
    herald = art("herald", datetime(2026, 1, 27, 10, 0, tzinfo=KST), "Han River Herald")
    unknown = art("unknown", datetime(2026, 1, 27, 11, 0, tzinfo=KST))
    later = art("later", datetime(2026, 1, 28, 9, 0, tzinfo=KST), "Eastbridge Times")
    articles = [wire1, ledger, wire2, herald, unknown, later]
    assert more_coverage(articles, herald, date(2026, 1, 27)) == (wire2, unknown)  # that day's, not the day before
    assert more_coverage(articles, wire1, date(2026, 1, 26)) == (ledger,)  # not what came later
    assert more_coverage(articles, wire2) == (ledger, herald, unknown, later)  # every day's; never the shown outlet
    assert more_coverage([wire1, ledger, wire2, herald], herald) == (wire2, ledger)  # first-coverage order


def test_an_article_page_lists_each_outlets_latest_other_report_up_to_the_limit():
    wire1 = art("wire1", datetime(2026, 1, 26, 9, 0, tzinfo=KST), "Seoul Wire")
    ledger = art("ledger", datetime(2026, 1, 26, 19, 0, tzinfo=EDT), "Pacific Ledger")
    wire2 = art("wire2", datetime(2026, 1, 27, 9, 0, tzinfo=KST), "seoul wire")
    unknown1 = art("unknown1", datetime(2026, 1, 27, 10, 0, tzinfo=KST))
    wire3 = art("wire3", datetime(2026, 1, 27, 11, 0, tzinfo=KST), "Seoul Wire")
    unknown2 = art("unknown2", datetime(2026, 1, 27, 12, 0, tzinfo=KST))
    reports = OutletReports(story_of([wire3, unknown2, wire1, ledger, wire2, unknown1], ledger))
    # outlets in order of first coverage, each with its latest report; an article without a source is its own
    assert reports.besides(ledger) == (wire3, unknown1, unknown2)
    assert reports.besides(wire1) == (wire3, ledger, unknown1, unknown2)
    assert reports.besides(wire3) == (wire2, ledger, unknown1, unknown2)  # its outlet's report before it
    assert reports.besides(unknown1) == (wire3, ledger, unknown2)
    assert reports.besides(wire3, limit=2) == (wire2, ledger)
    assert reports.besides(ledger, limit=1) == (wire3,)
    alone = OutletReports(story_of([ledger], ledger))
    assert alone.besides(ledger) == ()


def test_front_day_shows_a_story_once_leads_with_it_and_hides_empty_topics():
    day = date(2026, 1, 27)
    wire = art("wire", datetime(2026, 1, 27, 9, 0, tzinfo=KST), "Seoul Wire", topics=("trade",))
    herald = art("herald", datetime(2026, 1, 27, 10, 0, tzinfo=KST), "Han River Herald", topics=("diplomacy",))
    single = art("single", datetime(2026, 1, 27, 11, 0, tzinfo=KST), "Eastbridge Times", topics=("general", "trade"))
    story = story_of([wire, herald], lead=herald)
    found = {a.page_url: story for a in (wire, herald)}
    front = front_day(day, [single, herald, wire], TOPICS, found)  # newest first, as a day lists them
    assert front.lead.article is herald and front.lead.more == (wire,)
    assert front.lead.story == StoryRef("/stories/s/", 1, 1, 2, 2, 2, 2, day_outlets=2)
    # the story's other article has no entry of its own; trade and diplomacy are left empty, so hidden
    assert [(b.term.slug, [e.article.slug for e in b.entries]) for b in front.blocks] == [("general", ["single"])]
    assert [e.article.slug for e in front.entries] == ["herald", "single"]


def test_a_story_shown_by_a_report_no_topic_files_is_filed_where_its_other_reports_are():
    """A story led by a wire copy (its section "Wire", which no table maps) was filed under General on the digest,
    though its other outlets filed it as trade news."""
    day = date(2026, 1, 27)
    wire = art("wire", datetime(2026, 1, 27, 9, 0, tzinfo=KST), "Seoul Wire", topics=("general",))
    herald = art("herald", datetime(2026, 1, 27, 10, 0, tzinfo=KST), "Han River Herald", topics=("trade",))
    times = art("times", datetime(2026, 1, 27, 10, 30, tzinfo=KST), "Eastbridge Times", topics=("trade",))
    single = art("single", datetime(2026, 1, 27, 11, 0, tzinfo=KST), "Port Daily", topics=("diplomacy",))
    lone = art("lone", datetime(2026, 1, 27, 11, 30, tzinfo=KST), "Port Daily", topics=("general",))
    story = story_of([wire, herald, times], lead=wire)
    found = {a.page_url: story for a in (wire, herald, times)}
    front = front_day(day, [lone, single, times, herald, wire], TOPICS, found, fallback="general")
    filed = {e.article.slug: e.topic_slug for e in front.entries}
    assert filed == {"wire": "trade", "single": "diplomacy", "lone": "general"}   # (a lone article stays where it is)
    # without a fallback named, or where the shown report has a topic, the report's own topic files it
    assert {e.article.slug: e.topic_slug for e in front_day(day, [times, herald, wire], TOPICS, found).entries} == {
        "wire": "general"}


def test_a_story_on_a_later_day_is_shown_by_that_days_report_with_its_day_number():
    first = art("first", datetime(2025, 9, 5, 9, 40, tzinfo=KST), "Seoul Wire")
    second = art("second", datetime(2025, 9, 6, 11, 15, tzinfo=EDT), "Pacific Ledger", day=date(2025, 9, 6))
    third = art("third", datetime(2025, 9, 7, 17, 20, tzinfo=KST), "Han River Herald")
    story = story_of([first, second, third], lead=second)
    found = {a.page_url: story for a in (first, second, third)}
    front = front_day(date(2025, 9, 7), [third], TOPICS, found)
    # that day's coverage alone: the days before are on the story page, which the entry links ("day 3 of 3")
    assert front.lead.article is third and front.lead.more == ()
    assert front.lead.story.day_number == 3 and front.lead.story.days == 3 and front.lead.story.developing
    assert front.lead.story.outlets == 3 and front.lead.story.day_outlets == 1
    day_one = front_day(date(2025, 9, 5), [first], TOPICS, found).lead
    assert day_one.more == () and day_one.story.reports == 1 and day_one.story.outlets == 1  # as known that day
    assert story_days(story) == 3 and day_number(story, date(2025, 9, 6)) == 2



def test_a_more_list_shows_ten_outlets_then_links_the_story_for_the_rest():
    """A story covered by hundreds of outlets made a digest entry of hundreds of links (a home page of 750 KB)."""
    from newsdigest.templating import make_environment
    config = load_config(REPO / "config.yaml")
    macros = make_environment(config).get_template("partials/macros.html").module
    others = [art(f"other{n}", datetime(2026, 1, 27, 8, n, tzinfo=KST), f"Outlet {n}") for n in range(13)]
    html = str(macros.more_list(others, None, 10, "/stories/s/"))
    assert [f"Outlet {n}<" in html for n in range(13)] == [True] * 10 + [False] * 3
    assert '<a href="/stories/s/">and 3 more outlets</a>' in html
    every = str(macros.more_list(others[:10], None, 10, "/stories/s/"))
    assert "more outlet" not in every and every.count("<li>") == 10
    assert str(macros.more_list(others)).count("<li>") == 13   # 0 shown: every outlet, as the story page lists

def test_outlets_that_ran_one_headline_share_its_line_and_those_that_ran_the_entrys_are_named_first():
    """A wire report carried by many outlets filled a "More:" list with one headline over and over."""
    from dataclasses import replace
    from newsdigest.templating import make_environment
    macros = make_environment(load_config(REPO / "config.yaml")).get_template("partials/macros.html").module
    lead = replace(art("lead", datetime(2026, 1, 27, 7, 0, tzinfo=KST), "Seoul Wire"), title="Port strike ends")
    wire = [replace(art(f"wire{n}", datetime(2026, 1, 27, 8, n, tzinfo=KST), f"Paper {n}",
                        url=f"https://paper{n}.example/strike"), title="Dock workers back at work after deal")
            for n in range(4)]
    same_as_lead = replace(art("copy", datetime(2026, 1, 27, 9, 0, tzinfo=KST), "Copy Desk"),
                           title="Port Strike Ends.")
    own = art("own", datetime(2026, 1, 27, 9, 5, tzinfo=KST), "Harbour Herald")
    lines = more_lines((wire[0], same_as_lead, wire[1], own, wire[2], wire[3]), lead)
    assert lines.same_as_shown == (same_as_lead,) and lines.hidden == 0
    assert [(line.article, line.also) for line in lines.lines] == [(wire[0], tuple(wire[1:])), (own, ())]
    html = str(macros.more_list((wire[0], same_as_lead, *wire[1:], own), None, 0, None, lead))
    assert html.count("<li") == 3 and html.count("Dock workers back at work") == 1
    assert '<li class="more-same">Same headline: <a class="outlet" href="/2026/01/27/copy/">Copy Desk</a></li>' in html
    assert '(also <a class="outlet" href="https://paper1.example/strike" rel="nofollow noopener">Paper 1</a>, ' in html
    # with a limit: at most that many lines and names a line, the outlets left out counted and linked
    short = more_lines(tuple(wire) + tuple(art(f"o{n}", datetime(2026, 1, 27, 10, n, tzinfo=KST), f"O {n}")
                                           for n in range(3)), lead, 2)
    assert [len(line.also) for line in short.lines] == [2, 0] and short.hidden == 1 + 2


def test_headlines_alike_but_for_case_quotes_and_closing_mark_are_one_line():
    from dataclasses import replace
    wire = [replace(art(f"w{n}", datetime(2026, 1, 27, 8, n, tzinfo=KST), f"Paper {n}"), title=title)
            for n, title in enumerate(["\u201cWe\u2019re back,\u201d  dockers say!", '"we\'re back," Dockers say',
                                       "We're back, dockers say and strike ends"])]
    lines = more_lines(tuple(wire))
    assert [(line.article, line.also) for line in lines.lines] == [(wire[0], (wire[1],)), (wire[2], ())]


def test_story_view_has_every_other_outlet_and_a_timeline_by_day():
    first = art("first", datetime(2025, 9, 5, 9, 40, tzinfo=KST), "Seoul Wire")
    second = art("second", datetime(2025, 9, 7, 8, 0, tzinfo=KST), "Pacific Ledger")
    update = art("update", datetime(2025, 9, 7, 17, 20, tzinfo=KST), "Seoul Wire")
    view = story_view(story_of([first, second, update], lead=second))
    assert view.more == (update,)  # Seoul Wire once, with its latest headline
    assert [(step.day, step.number, [a.slug for a in step.articles]) for step in view.timeline] == [
        (date(2025, 9, 5), 1, ["first"]), (date(2025, 9, 7), 3, ["second", "update"])]
    assert view.days == 3 and view.developing


# --------------------------------------------------------------------------------------------------
# Times people read
# --------------------------------------------------------------------------------------------------

def test_times_are_shown_in_the_display_zone_with_its_short_name():
    new_york = art("ny", datetime(2025, 9, 6, 11, 15, tzinfo=EDT), day=date(2025, 9, 6))
    shown = display_time(new_york, "Asia/Seoul")
    assert shown.clock == "00:15 KST" and shown.day == date(2025, 9, 7) and shown.stated
    assert shown.iso == "2025-09-06T11:15:00-04:00"  # the machine-readable time keeps what the source said
    assert display_time(new_york, "America/New_York").clock == "11:15 EDT"
    # under its own day heading it shows the day too, as the display zone puts it on another day
    assert when_text(new_york, "Asia/Seoul", listed_on=date(2025, 9, 6)) == "Sun 7 Sep, 00:15 KST"
    assert when_text(new_york, "America/New_York", listed_on=date(2025, 9, 6)) == "11:15 EDT"


@pytest.mark.parametrize("zone, expected", [
    ("Asia/Seoul", "KST"), ("America/New_York", "EST"), ("Europe/London", "GMT"), ("UTC", "UTC"),
    ("America/Sao_Paulo", "UTC-3"), ("Asia/Kolkata", "IST"), ("Asia/Dubai", "UTC+4"), ("Asia/Kathmandu", "UTC+5:45"),
])
def test_zone_abbreviations(zone, expected):
    from zoneinfo import ZoneInfo
    assert zone_abbreviation(datetime(2026, 1, 15, 12, 0, tzinfo=ZoneInfo(zone))) == expected


def test_date_only_articles_show_no_time_and_timelines_say_it_was_not_stated():
    bare = art("bare", datetime(2026, 1, 30, 0, 0, tzinfo=KST), date_only=True)
    shown = display_time(bare, "UTC")  # a bare date is never shifted into another zone
    assert shown.clock == "" and not shown.stated and shown.day == date(2026, 1, 30)
    assert shown.clock_or_note == TIME_NOT_STATED == "time not stated"
    assert shown.iso == "2026-01-30"
    assert when_text(bare, "UTC", listed_on=date(2026, 1, 30)) == ""
    assert when_text(bare, "UTC", year=2026) == "Fri 30 Jan"


def test_date_notes_speak_to_readers_not_of_tools():
    fetched = art("f", datetime(2026, 1, 30, tzinfo=KST), date_only=True,
                  date_inferred_from="fetched_at of the scraper record")
    assert date_note(fetched, "Asia/Seoul") == (
        "The original page states no date; this one comes from the day the page was collected.")
    caption = art("c", datetime(2026, 1, 30, tzinfo=KST), date_only=True,
                  date_inferred_from="photo caption dated 2026.1.31 and 'Tuesday' in the text")
    assert "photo caption dated 2026.1.31" in date_note(caption, "Asia/Seoul")
    zoneless = art("z", datetime(2026, 1, 29, 15, 8, tzinfo=timezone(timedelta(hours=9), "KST")),
                   date_zone="not stated on the page (local time as printed)")
    assert date_note(zoneless, "Asia/Seoul") == "The original page gives no time zone; its time is read as KST."
    assert date_note(art("plain", datetime(2026, 1, 29, tzinfo=KST)), "Asia/Seoul") == ""


def test_the_newest_day_is_latest_whatever_the_clock_says():
    newest = date(2026, 2, 3)
    assert relative_day(date(2026, 2, 3), newest) == "Latest"
    assert relative_day(date(2026, 2, 2), newest) == "" and relative_day(date(2026, 2, 1), newest) == ""
    assert relative_day(date(2026, 2, 3), None) == ""
    assert day_label(date(2026, 2, 3), newest, 2026) == "Latest, Tue 3 Feb"
    assert day_label(date(2026, 2, 2), newest, 2026) == "Mon 2 Feb"
    assert short_day(date(2025, 9, 24), 2025) == "Wed 24 Sep" and short_day(date(2025, 9, 24)) == "Wed 24 Sep 2025"
    assert day_span(date(2025, 9, 5), date(2025, 9, 7)) == "5–7 Sep 2025"
    assert day_span(date(2025, 7, 30), date(2025, 8, 1), 2025) == "30 Jul – 1 Aug"
    assert day_span(date(2025, 12, 31), date(2026, 1, 2)) == "31 Dec 2025 – 2 Jan 2026"
    assert day_span(date(2026, 1, 29), date(2026, 1, 29), 2026) == "29 Jan"


# --------------------------------------------------------------------------------------------------
# The sample site, built
# --------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("front") / "output"
    config = load_config(REPO / "config.yaml", overrides={"output_dir": str(out), "search": {"enabled": False}})
    return config, build(config).site


def page(config, url: str) -> str:
    return (config.output_dir / url.lstrip("/") / "index.html").read_text(encoding="utf-8")


def test_every_article_page_names_its_outlet_and_links_the_original(sample):
    config, site = sample
    for article in site.articles:
        html = page(config, article.page_url)
        header = html.split("<header>", 1)[1].split("</header>", 1)[0]  # the article's own header
        if article.source:
            assert f">{_html(article.source)}</a>" in header, article.page_url
        else:
            assert "source unknown" in header, article.page_url
        if article.url:
            assert f'href="{_html(article.url)}"' in header
            credit = f">Read at <bdi>{_html(article.source)}</bdi></a>" if article.source else ">Original page</a>"
            assert credit in header
        assert "Photo caption:" not in html and "date inferred from" not in html


def test_every_digest_item_credits_its_outlet(sample):
    config, site = sample
    html = page(config, "/")
    for entry in re.findall(r'<article class="entry.*?</article>', html, re.S):
        assert 'class="read-at"' in entry or 'class="source' in entry


def test_home_page_leads_with_the_newest_days_biggest_story(sample):
    config, site = sample
    html = page(config, "/")
    newest = site.days[0]
    lead = newest.front.lead
    slot = html.split('class="lead-slot"', 1)[1].split("</article>", 1)[0]
    assert f'href="{lead.article.page_url}"' in slot and "Top story" in slot
    for other in lead.more:  # More: each other outlet's own headline, to the original
        assert f'<span class="outlet">{_html(other.source)}</span>: <a href="{_html(other.url)}"' in slot
    assert html.count('class="day-word">Latest</span>') == 1 and "Today" not in html and "Yesterday" not in html
    assert 'class="rail"' in html and "More stories" in html
    # times in the site's zone with its short name
    assert re.search(r">\d\d:\d\d KST</time>", html)


def test_only_the_newest_days_top_story_is_shown_large_and_day_titles_are_written_as_their_headings(sample):
    # every page of the home page's pager opened with a large "Top story" (the docs: the newest day's alone),
    # and a day page's <title> said "Friday, 02 August 2024" under the heading "Friday, 2 August 2024"
    config, site = sample
    second = page(config, "/page/2/")
    assert 'class="lead-slot"' not in second and 'class="lead-slot lead-slot-small"' in second
    assert 'class="lead-slot"' in page(config, "/")
    day = site.days[-1].day
    assert f"<title>{day:%A}, {day.day} {day:%B %Y}" in page(config, site.days[-1].url)


def test_a_day_is_said_to_have_a_top_story_only_where_it_has_other_entries(sample):
    """A day of one entry was labelled "Top story" on its month and day pages, and not on later pages of the home
    page; a day of several had the label everywhere. The home page's newest day leads with the site's top story."""
    config, site = sample
    assert any(not group.front.blocks for group in site.days[1:]) and any(group.front.blocks for group in site.days)
    months = {group.day.strftime("/%Y/%m/") for group in site.days}
    home = page(config, "/")
    pages = [home, *(page(config, f"/page/{n}/") for n in range(2, 4)), *(page(config, month) for month in months)]
    for group in site.days:
        for html in [page(config, group.url), *(p for p in pages if f'id="day-{group.day.isoformat()}"' in p)]:
            day = html.split(f'id="day-{group.day.isoformat()}"', 1)[-1].split('class="day"', 1)[0]
            slot = day.split("lead-slot", 1)[1].split("</article>", 1)[0]
            site_top = html is home and group is site.days[0]
            assert ("Top story" in slot) == bool(group.front.blocks or site_top), group.url
            # ... and shown large only where so labelled (a month's first day of one entry was large, unlabelled)
            large = "lead-slot-small" not in day.split("lead-slot", 1)[1][:40]
            assert not large or "Top story" in slot, group.url
        assert ('href="#top-story">Top story</a>' in page(config, group.url)) == bool(group.front.blocks)


def test_the_topics_index_offers_no_topic_without_articles_whose_page_stays(sample):
    """The sample's Culture topic, of no article, was listed as "0 articles" leading to "No articles yet"."""
    config, site = sample
    empty = [topic for topic in site.topics if not topic.articles]
    assert empty, "the sample config has a topic no article is in"
    index = page(config, "/topics/")
    for topic in site.topics:
        assert (f'href="{topic.url}"' in index.split("<main", 1)[1].split("</main>", 1)[0]) == bool(topic.articles)
    assert all((config.output_dir / topic.url.strip("/") / "index.html").is_file() for topic in empty)


def test_no_topic_chip_repeats_its_own_topic_block_and_empty_topics_are_hidden(sample):
    config, site = sample
    for group in site.days:
        html = page(config, group.url)
        for block in group.front.blocks:
            assert block.entries  # never an empty block
            part = html.split(f'id="topic-{block.term.slug}"', 1)[1].split("</section>", 1)[0]
            assert f'class="topic" href="{block.term.url}"' not in part, (group.url, block.term.slug)


def test_day_pages_have_a_dated_pager_and_developing_stories_say_which_day(sample):
    config, site = sample
    html = page(config, site.days[1].url)
    assert f"← Newer: {short_day(site.days[0].day, site.days[1].day.year)}</a>" in html
    assert f"Older: {short_day(site.days[2].day, site.days[1].day.year)} →</a>" in html
    developing = [s for s in site.stories if story_days(s) >= 3]
    assert developing, "the sample content has a story over three days"
    story = developing[0]
    for article in story.articles:
        day_html = page(config, f"/{article.day:%Y/%m/%d}/")
        assert f'href="{story.url}"' in day_html
        assert f"Developing story, day {day_number(story, article.day)} of {story_days(story)}:" in day_html
    story_html = page(config, story.url)
    assert "Timeline: who reported when" in story_html and "Day 3:" in story_html


def test_a_days_edition_box_accounts_for_the_articles_it_counts(sample):
    """"2 articles." over one title: the lead was a story of two reports, the second shown only under it."""
    config, site = sample
    for group in site.days:
        box = page(config, group.url).split('class="rail edition-lede"', 1)[1].split("</aside>", 1)[0]
        more = len(group.front.lead.more) if group.front.lead else 0
        assert (f"and {more} more report" in box) == bool(more), group.url
    assert any(group.front.lead and group.front.lead.more for group in site.days)


def test_archive_pages_have_a_month_strip_and_term_pages_link_their_feeds(sample):
    config, site = sample
    month = site.months[0]
    html = page(config, month.url)
    strip = html.split('class="month-strip"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{month.url}" aria-current="page"' in strip
    assert all(f'href="{year.url}"' in strip for year in site.years)
    topic = next(t for t in site.topics if t.count)
    assert f'href="{topic.url}feed.xml"' in page(config, topic.url)
    source = site.sources[0]
    assert f'href="{source.url}feed.xml"' in page(config, source.url)


def test_sample_pages_keep_their_outline_and_links(sample):
    config, site = sample
    for url in ["/", site.days[0].url, "/stories/", site.stories[0].url, site.months[0].url, "/archive/"]:
        parsed = parse_page(config.output_dir / url.lstrip("/") / "index.html")
        assert parsed.headings.count(1) == 1, url
        assert all(b - a <= 1 for a, b in zip(parsed.headings, parsed.headings[1:])), (url, parsed.headings)
    assert broken_links(config.output_dir, config.base_url) == []


# --------------------------------------------------------------------------------------------------
# Ingest metadata on article pages
# --------------------------------------------------------------------------------------------------

def test_ingest_metadata_is_shown_for_readers(project):
    project.add("caption", title="Tariff caption story", date="2026-01-30", source="Seoul Wire",
                url="https://seoulwire.example/a", category="Economy", image_caption="Ministers meet / Pool photo",
                date_inferred_from="fetched_at of the scraper record")
    project.add("pictured", title="Tariff pictured story", date="2026-01-29T15:08:00", source="Seoul Wire",
                image="https://seoulwire.example/p.jpg", image_caption="Talks in Washington",
                date_zone="not stated on the page (local time as printed)")
    project.add("nosource", title="Tariff anonymous story", date="2026-01-28T10:00:00+09:00",
                url="https://unknown.example/b")
    build(project.config)
    out = project.output
    caption = (out / "2026/01/30/tariff-caption-story/index.html").read_text(encoding="utf-8")
    assert '<p class="caption">Ministers meet / Pool photo</p>' in caption  # no image: a plain caption line
    assert "Photo caption" not in caption and "<figure" not in caption
    assert "Section: <bdi>Economy</bdi> at <bdi>Seoul Wire</bdi>" in caption
    assert 'title="The original page states no date; this one comes from the day the page was collected."' in caption
    assert "About the date:" in caption and "fetched_at" not in caption
    assert ">Friday, 30 January 2026</time>" in caption  # date only: no invented time
    pictured = (out / "2026/01/29/tariff-pictured-story/index.html").read_text(encoding="utf-8")
    assert '<img src="https://seoulwire.example/p.jpg"' in pictured and "<figcaption>Talks in Washington" in pictured
    assert "15:08 KST</time>" in pictured and "its time is read as KST" in pictured
    anonymous = (out / "2026/01/28/tariff-anonymous-story/index.html").read_text(encoding="utf-8")
    assert "source unknown" in anonymous and 'href="https://unknown.example/b"' in anonymous


def _html(text: str) -> str:
    """Text as autoescape writes it."""
    from markupsafe import escape
    return str(escape(text))



def test_equal_instants_written_in_other_zones_keep_their_own_datetime():
    seoul = art("seoul", datetime(2026, 1, 29, 15, 8, tzinfo=KST))
    utc = art("utc", datetime(2026, 1, 29, 6, 8, tzinfo=timezone.utc))
    assert display_time(seoul, "Asia/Seoul").iso == "2026-01-29T15:08:00+09:00"
    assert display_time(utc, "Asia/Seoul").iso == "2026-01-29T06:08:00+00:00"
    assert display_time(utc, "Asia/Seoul").clock == "15:08 KST"


def test_a_converted_time_keeps_the_time_as_the_source_wrote_it_for_its_tooltip():
    new_york = art("ny", datetime(2025, 9, 6, 11, 15, tzinfo=EDT), day=date(2025, 9, 6))
    shown = display_time(new_york, "Asia/Seoul")
    assert shown.as_written == "Sat 6 Sep 2025, 11:15 UTC-4"
    assert shown.tooltip == "Sat 6 Sep 2025, 11:15 UTC-4 where it was published."
    assert display_time(art("s", datetime(2025, 9, 6, 11, 15, tzinfo=KST)), "Asia/Seoul").tooltip == ""


def test_the_stories_list_is_paginated_newest_first(tmp_path):
    out = tmp_path / "output"
    config = load_config(REPO / "config.yaml", overrides={"output_dir": str(out), "search": {"enabled": False},
                                                          "paginate": 2})
    site = build(config).site
    assert len(site.stories) >= 3
    pages = [page(config, "/stories/")] + [page(config, f"/stories/page/{n}/")
                                           for n in range(2, (len(site.stories) + 1) // 2 + 1)]
    assert not (out / "stories" / "page" / str(len(pages) + 1)).exists()
    listed = [re.findall(r'class="item-title"><a href="([^"]+)"', html) for html in pages]
    assert [url for urls in listed for url in urls] == [story.url for story in site.stories]  # each once, in order
    assert all(len(urls) <= 2 for urls in listed)
    assert 'rel="next" href="/stories/page/2/"' in pages[0] and 'rel="prev" href="/stories/"' in pages[1]
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert broken_links(out, config.base_url) == []


def test_a_pager_links_the_newest_and_oldest_pages_when_they_are_more_than_a_step_away(tmp_path):
    """A reader on page 1 of 40 could only step one page at a time to the oldest stories, and back."""
    out = tmp_path / "output"
    config = load_config(REPO / "config.yaml", overrides={"output_dir": str(out), "search": {"enabled": False},
                                                          "paginate": 1})
    total = len(build(config).site.stories)
    assert total >= 5
    first, second, third, last = (page(config, url) for url in
                                  ("/stories/", "/stories/page/2/", "/stories/page/3/", f"/stories/page/{total}/"))
    ends = [re.findall(r'<a href="([^"]+)">(?:« Newest|Oldest »)</a>', html) for html in (first, second, third, last)]
    assert ends == [[f"/stories/page/{total}/"], [f"/stories/page/{total}/"], ["/stories/", f"/stories/page/{total}/"],
                    ["/stories/"]]
    assert 'rel="prev" href="/stories/page/2/"' in third and 'rel="next" href="/stories/page/4/"' in third


def test_home_and_month_pages_show_a_busy_days_topic_in_part_and_link_the_rest_on_its_day(project):
    """Home and month pages listed every article of every day they show: a busy month's page ran to megabytes."""
    subjects = ["Library", "Ferry", "Orchard", "Stadium", "Bakery", "Museum", "Glacier", "Violin", "Tractor",
                "Lighthouse", "Chess", "Beehive"]
    for n, subject in enumerate(subjects):
        project.add(f"n{n}", title=f"{subject} news of the week", source=f"Wire {n}",
                    date=f"2026-03-10T{8 + n:02d}:00:00+00:00", body=f"The {subject.lower()} story, told by wire {n}.")
    result = build(project.config)
    day = next(group for group in result.site.days)
    home = (project.output / "index.html").read_text(encoding="utf-8")
    month = (project.output / "2026" / "03" / "index.html").read_text(encoding="utf-8")
    day_page = (project.output / day.url.strip("/") / "index.html").read_text(encoding="utf-8")
    for page in (home, month):
        assert page.count('class="item-title"') + page.count('class="entry-title"') <= 9   # a lead and 8 a topic
        assert f'<a href="{day.url}#topic-general">' in page and "more in General</a>" in page
    assert 'id="topic-general"' in day_page and all(f"{subject} news of the week" in day_page for subject in subjects)
    assert broken_links(project.output, project.config.base_url) == []   # fragments too


def test_the_tags_link_is_shown_only_where_there_are_tags(project):
    """A site without any tags linked a Tags page that said "None yet"; every page is rendered again once the
    first tag comes, as the link appears on all of them."""
    project.add("plain", title="Ferry timetable changes", source="Bay Courier", date="2026-01-20T09:00:00+09:00")
    build(project.config, cache=True)
    home = (project.output / "index.html").read_text(encoding="utf-8")
    assert 'href="/tags/"' not in home and 'rel="icon"' in home
    project.add("tagged", title="Harbour works begin", source="Bay Courier", tags=["harbour"])
    build(project.config, cache=True)   # (the cache's build renders again only pages whose inputs changed)
    for page in ["2026/01/20/ferry-timetable-changes/index.html", "404.html"]:   # nothing of the new article on them
        assert 'href="/tags/"' in (project.output / page).read_text(encoding="utf-8"), page


def test_an_article_updated_since_says_so_to_readers_in_the_display_zone(project):
    """An `updated:` reached feeds, the sitemap and JSON-LD only: a reader of a corrected article saw when it was
    first published and nothing to say it had changed since."""
    project.settings["digest_timezone"] = "Asia/Seoul"
    project.add("fixed", title="Bridge closed", date="2026-03-04T09:00:00+00:00", updated="2026-03-05T14:00:00+00:00")
    project.add("day", title="Rates hold", date="2026-03-04T09:00:00+00:00", updated="2026-03-06")
    project.add("same", title="Port opens", date="2026-03-04T09:00:00+00:00")
    # changed seconds after publication, or dated by the publication's own day: nothing new to say
    project.add("seconds", title="Mill sold", date="2026-03-04T09:00:00+00:00", updated="2026-03-04T09:00:40+00:00")
    project.add("that-day", title="Pier shut", date="2026-03-04T09:00:00+00:00", updated="2026-03-04")
    build(project.config)
    pages = {name: next(project.output.rglob(f"{slug}/index.html")).read_text(encoding="utf-8")
             for name, slug in (("fixed", "bridge-closed"), ("day", "rates-hold"), ("same", "port-opens"),
                                ("seconds", "mill-sold"), ("that-day", "pier-shut"))}
    assert ('<span class="updated">Updated <time datetime="2026-03-05T14:00:00+00:00">Thursday, 5 March 2026, '
            '23:00 KST</time></span>') in pages["fixed"]
    assert '<span class="updated">Updated <time datetime="2026-03-06">Friday, 6 March 2026</time></span>' \
        in pages["day"]
    assert "Updated" not in pages["same"] and "Updated" not in pages["seconds"] and "Updated" not in pages["that-day"]
