"""Stories and daily editions on a built site: digest pages show a story once with "More:" (each other outlet's
own headline, linking the original), article pages list the other coverage, story pages show the lead, every
other outlet and the timeline; each day page has a lead slot and an edition summary, and /daily.xml has one
item per day."""

from __future__ import annotations

import re
from dataclasses import replace

import feedparser
import pytest

from newsdigest.article import ArticleBody
from newsdigest.build import build
from tests.sitecheck import broken_links, parse_page
from tests.test_stories import ALBUM, EXPORTS, TARIFF_HERALD, TARIFF_LEDGER, TARIFF_WIRE, TARIFF_WIRE_UPDATE

STORY = [TARIFF_LEDGER, TARIFF_WIRE, TARIFF_HERALD, TARIFF_WIRE_UPDATE]
OTHERS = [EXPORTS, ALBUM]
STORY_ID = "2026-01-26-trump-says-korean-tariffs-will-climb-back-to-25-percent"


def add_coverage(project, articles=(*STORY, *OTHERS), tags=()) -> None:
    """The hand-made coverage of tests/test_stories.py as content files."""
    for article in articles:
        project.add(article.slug, title=article.title, date=article.date.isoformat(), source=article.source,
                    slug=article.slug, url=f"https://{article.source.lower().replace(' ', '')}.example/{article.slug}",
                    body=article.body_markdown, **({"tags": list(tags)} if tags else {}))


@pytest.fixture
def story_site(project):
    add_coverage(project)
    result = build(project.config)
    return project, result


def page_url(result, article) -> str:
    return next(a.page_url for a in result.site.articles if a.slug == article.slug)


def read(project, url: str) -> str:
    return (project.output / url.lstrip("/") / "index.html").read_text(encoding="utf-8")


def digest_items(html: str) -> list[str]:
    """The title links of digest items (not the "More:" links)."""
    return re.findall(r'class="item-title"><a href="([^"]+)"', html)


def original(article) -> str:
    """The original URL add_coverage gives an article."""
    return f"https://{article.source.lower().replace(' ', '')}.example/{article.slug}"


def section(html: str, css_class: str, end: str = "</section>") -> str:
    return html.split(f'class="{css_class}"', 1)[1].split(end, 1)[0]


def test_the_story_is_found_and_gets_a_page(story_site):
    project, result = story_site
    assert [s.id for s in result.site.stories] == [STORY_ID]
    story = result.site.stories[0]
    assert story.url == f"/stories/{STORY_ID}/"
    assert {a.slug for a in story.articles} == {a.slug for a in STORY}
    html = read(project, story.url)
    # the timeline: every article, oldest first, under the day it is listed on, each with a time
    timeline = section(html, "story-timeline")
    positions = [timeline.index(f'href="{page_url(result, a)}"') for a in sorted(STORY, key=lambda a: a.date)]
    assert positions == sorted(positions)
    assert "Day 1: Monday, 26 January 2026" in timeline and "Day 2: Tuesday, 27 January 2026" in timeline
    assert timeline.count("KST</time>") == len(STORY)  # all in the site's zone, with its short name
    assert "Developing story, 2 days" in html
    # one flex item (`.meta` is a flex box: each <bdi> apart put gaps before the commas)
    assert ('<p class="meta"><span>4 reports from <bdi>Pacific Ledger</bdi>, <bdi>Seoul Wire</bdi>, '
            '<bdi>Han River Herald</bdi>' in " ".join(html.split()))
    # More: every other outlet once, with its own (latest) headline, linking the original
    more = section(html, "story-more")
    lead_outlet = story.lead.source
    for source in {"Pacific Ledger", "Seoul Wire", "Han River Herald"} - {lead_outlet}:
        latest = [a for a in STORY if a.source == source][-1]
        assert f'<span class="outlet">{source}</span>: <a href="{original(latest)}"' in more
    assert lead_outlet not in more
    assert f'<loc>https://news.example.org{story.url}</loc>' in (project.output / "sitemap.xml").read_text()
    # A reader following the story finds the stories' feed from its page, as from the stories list.
    assert '<link rel="alternate" type="application/rss+xml" title="Test Digest: stories' in html
    index = read(project, "/stories/")
    assert f'href="{story.url}"' in index and "More:" in index


def test_day_page_shows_the_story_once_with_more_from_each_other_outlet(story_site):
    project, result = story_site
    story = result.site.stories[0]
    day = read(project, "/2026/01/27/")
    items = digest_items(day)
    story_urls = {a.page_url for a in story.articles}
    shown = [url for url in items if url in story_urls]
    assert len(shown) == 1  # one entry for the story in the 27 January digest
    head = next(a for a in STORY if page_url(result, a) == shown[0])
    that_day = [a for a in STORY if page_url(result, a).startswith("/2026/01/27/")]
    for other in STORY:
        if other.source != head.source and other in that_day:  # each other outlet's latest headline of the day
            latest = [a for a in that_day if a.source == other.source][-1]
            assert f'href="{original(latest)}"' in day
        elif other.source != head.source and not any(a.source == other.source for a in that_day):
            assert f'href="{original(other)}"' not in day   # only the day before: on the story page, linked
        if page_url(result, other) != shown[0]:
            assert page_url(result, other) not in items  # negative: no separate item for the other coverage
    assert "More:" in day and "Developing story, day 2 of 2: 4 reports from 3 outlets" in day
    assert f'href="{story.url}"' in day
    # the story is the day's biggest: it leads the page
    lead_slot = day.split('class="lead-slot"', 1)[1].split('class="topic-grid"', 1)[0]
    assert f'href="{shown[0]}"' in lead_slot
    # articles outside the story are listed as usual
    assert page_url(result, EXPORTS) in items and page_url(result, ALBUM) in items


def test_a_report_of_no_known_outlet_counts_as_no_outlet_anywhere(project):
    """A report without `source:` was an outlet on the day and home pages ("4 reports from 3 outlets") where the
    stories list said 2, and the story feeds named "source unknown" among the outlets and their authors."""
    import json

    add_coverage(project, (TARIFF_LEDGER, TARIFF_WIRE, TARIFF_WIRE_UPDATE))
    project.add(TARIFF_HERALD.slug, title=TARIFF_HERALD.title, date=TARIFF_HERALD.date.isoformat(),
                slug=TARIFF_HERALD.slug, body=TARIFF_HERALD.body_markdown)
    result = build(project.config)
    [story] = result.site.stories
    assert len(story.articles) == 4
    day, stories = read(project, "/2026/01/27/"), read(project, "/stories/")
    assert "4 reports from 2 outlets" in day and "4 reports from 3 outlets" not in day
    assert "4 reports from 2 outlets" in stories
    feed = json.loads((project.output / "stories" / "feed.json").read_text(encoding="utf-8"))
    [item] = feed["items"]
    assert [author["name"] for author in item["authors"]] == ["Pacific Ledger", "Seoul Wire"]
    assert "4 reports from Pacific Ledger, Seoul Wire and an unknown source." in item["content_html"]


def test_home_page_shows_each_story_once(story_site):
    project, result = story_site
    home = (project.output / "index.html").read_text(encoding="utf-8")
    story_urls = {a.page_url for a in result.site.stories[0].articles}
    per_day = [digest_items(section) for section in home.split('class="day"')[1:]]
    for items in per_day:
        assert len([url for url in items if url in story_urls]) <= 1


def test_a_storys_more_list_is_drawn_once_for_every_page_that_shows_its_entry(project, monkeypatch):
    from newsdigest.render_parts import ItemCache

    add_coverage(project)
    drawn: list[tuple] = []
    put = ItemCache.put

    def recording_put(self, key, html):
        if key[0] == "more_list" and "<li>" in html:
            drawn.append(key)
        put(self, key, html)

    monkeypatch.setattr(ItemCache, "put", recording_put)
    build(project.config)
    assert drawn and len(drawn) == len(set(drawn))  # each list drawn once
    more_lists = {html.split('<div class="more">', 1)[1].split("</div>", 1)[0]
                  for html in (read(project, "/2026/01/27/"), read(project, "/2026/01/"),
                               (project.output / "index.html").read_text(encoding="utf-8"))}
    assert len(more_lists) == 1  # ... and shown alike on the day's page, the month's page and the home page


def coverage_links(project, result, article) -> list[str]:
    """The article pages an article page's "More coverage of this story" links, in order."""
    html = read(project, page_url(result, article))
    aside = html.split('class="story-coverage"', 1)[1].split("</aside>", 1)[0]
    assert f'href="{result.site.stories[0].url}"' in aside  # the whole story is a link away
    return re.findall(r'<span class="outlet">[^<]*</span>: <a href="([^"]+)"', aside)


def test_article_pages_list_each_other_outlets_latest_report(story_site):
    project, result = story_site
    # Seoul Wire has two reports: the others' pages list its update, and each of its own pages the other one
    expected = [(TARIFF_LEDGER, [TARIFF_WIRE_UPDATE, TARIFF_HERALD]),
                (TARIFF_WIRE, [TARIFF_LEDGER, TARIFF_WIRE_UPDATE, TARIFF_HERALD]),
                (TARIFF_HERALD, [TARIFF_LEDGER, TARIFF_WIRE_UPDATE]),
                (TARIFF_WIRE_UPDATE, [TARIFF_LEDGER, TARIFF_WIRE, TARIFF_HERALD])]
    assert [a.source for a in sorted(STORY, key=lambda a: a.date)][:3] == ["Pacific Ledger", "Seoul Wire",
                                                                          "Han River Herald"]
    for article, listed in expected:
        assert coverage_links(project, result, article) == [page_url(result, a) for a in listed], article.slug
    for article in STORY:
        html = read(project, page_url(result, article))
        # the story's coverage is not repeated under "Related coverage"
        if 'class="related"' in html:
            related = html.split('class="related"', 1)[1]
            assert not any(f'href="{page_url(result, other)}"' in related for other in STORY)
    unrelated = read(project, page_url(result, ALBUM))
    assert "story-coverage" not in unrelated


def test_an_articles_related_list_shows_one_report_of_each_story_and_fills_the_places_freed(project):
    # three reports of one event took three of an unrelated article's five related places
    add_coverage(project, tags=["Korea"])
    others = ["Ferry timetable changes for the winter", "Library opens a repair cafe on Saturdays",
              "Marathon route closes the river road", "Orchestra names a new conductor"]
    for n, title in enumerate(others):
        project.add(f"other-{n}", title=title, date=f"2026-01-2{n}T09:00:00+09:00", source=f"Paper {n}",
                    tags=["Korea"], body=f"{title}, the organisers said in a statement on the day.")
    result = build(project.config)
    story = next(story for story in result.site.stories if len(story.articles) >= 3)
    page = next(page for page in result.site.pages if page.url == page_url(result, EXPORTS))
    related = page.context["related"]
    assert sum(1 for a in related if a in story.articles) == 1
    assert len(related) == project.config.related.count    # the places are filled with other news


def test_coverage_items_caps_the_article_pages_list_not_the_story_page(project):
    project.settings["stories"] = {"coverage_items": 1}
    add_coverage(project)
    result = build(project.config)
    assert coverage_links(project, result, TARIFF_HERALD) == [page_url(result, TARIFF_LEDGER)]
    assert coverage_links(project, result, TARIFF_LEDGER) == [page_url(result, TARIFF_WIRE_UPDATE)]
    timeline = section(read(project, result.site.stories[0].url), "story-timeline")
    assert all(f'href="{page_url(result, a)}"' in timeline for a in STORY)


def test_a_theme_whose_macros_lack_the_coverage_entry_gets_an_error_that_says_so(project, tmp_path):
    """A theme that copied partials/macros.html before `coverage_entry` existed, and keeps the default article page."""
    from newsdigest.config import BUILTIN_THEMES_DIR
    from newsdigest.problems import NewsdigestError

    add_coverage(project)
    macros = (BUILTIN_THEMES_DIR / "default/templates/partials/macros.html").read_text(encoding="utf-8")
    start = macros.index("{% macro coverage_entry")
    end = macros.index("{%- endmacro %}", start) + len("{%- endmacro %}")
    old_theme = tmp_path / "themes" / "old" / "templates" / "partials"
    old_theme.mkdir(parents=True)
    (old_theme / "macros.html").write_text(macros[:start] + macros[end:], encoding="utf-8")
    project.settings.update(themes_dir=str(tmp_path / "themes"), theme="old")
    with pytest.raises(NewsdigestError) as caught:
        build(project.config)
    problem = caught.value.problems[0]
    assert problem.path.name == "article.html" and problem.line
    assert "partials/macros.html has no macro `coverage_entry`" in problem.message


def test_a_theme_whose_more_list_takes_no_lead_still_builds(project, tmp_path):
    """A theme that copied partials/macros.html before `more_list` took the headline shown above the list."""
    from newsdigest.config import BUILTIN_THEMES_DIR

    add_coverage(project)
    macros = (BUILTIN_THEMES_DIR / "default/templates/partials/macros.html").read_text(encoding="utf-8")
    start = macros.index("{% macro more_list(")
    end = macros.index("{%- endmacro %}", start) + len("{%- endmacro %}")
    old_macro = ('{% macro more_list(more, day=none, shown=0, rest_url=none) -%}<div class="more">'
                 '{% for other in more %}<span class="old-more">{{ other.title }}</span>{% endfor %}</div>'
                 '{%- endmacro %}')
    old_theme = tmp_path / "themes" / "old" / "templates" / "partials"
    old_theme.mkdir(parents=True)
    (old_theme / "macros.html").write_text(macros[:start] + old_macro + macros[end:], encoding="utf-8")
    project.settings.update(themes_dir=str(tmp_path / "themes"), theme="old")
    build(project.config)
    assert 'class="old-more"' in (project.output / "2026/01/27/index.html").read_text(encoding="utf-8")


def test_story_site_links_resolve_and_pages_keep_their_outline(story_site):
    project, result = story_site
    assert broken_links(project.output, project.config.base_url) == []
    for path in [project.output / "stories/index.html", project.output / result.site.stories[0].url.strip("/") /
                 "index.html", project.output / "2026/01/27/index.html"]:
        page = parse_page(path)
        assert page.headings.count(1) == 1
        assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:])), (path, page.headings)


def test_stories_can_be_turned_off(project):
    add_coverage(project)
    project.settings["stories"] = {"enabled": False}
    result = build(project.config)
    assert result.site.stories == [] and not (project.output / "stories").exists()
    assert "More:" not in (project.output / "2026/01/27/index.html").read_text(encoding="utf-8")
    assert 'href="/stories/"' not in (project.output / "index.html").read_text(encoding="utf-8")


def test_a_strict_threshold_finds_no_story(project):
    add_coverage(project)
    project.settings["stories"] = {"threshold": 0.95}
    assert build(project.config).site.stories == []


def test_a_site_of_headlines_is_grouped_at_the_headline_threshold(project):
    """Reports with no text but their headline take `stories.headline_threshold`, full texts `threshold`."""
    headlines = [replace(article, body=ArticleBody()) for article in STORY]
    add_coverage(project, headlines)
    project.settings["stories"] = {"threshold": 0.01, "headline_threshold": 0.95}
    assert build(project.config).site.stories == []
    project.settings["stories"] = {"threshold": 0.95, "headline_threshold": 0.01}
    (story,) = build(project.config).site.stories
    assert len(story.articles) == len(STORY)


def test_day_page_is_an_edition_with_a_lede_line_per_topic(story_site):
    project, result = story_site
    group = next(g for g in result.site.days if g.day.isoformat() == "2026-01-27")
    html = read(project, "/2026/01/27/")
    lede = html.split('class="rail edition-lede"', 1)[1].split("</aside>", 1)[0]
    front = group.front
    assert front.lead is not None and len(front.blocks) >= 1
    assert 'href="#top-story"' in lede and 'id="top-story"' in html
    assert f'href="{front.lead.article.page_url}"' in lede
    for block in front.blocks:
        assert f'href="#topic-{block.term.slug}"' in lede and f'id="topic-{block.term.slug}"' in html
        assert f'href="{block.entries[0].article.page_url}"' in lede
    # the feeds' edition summary still has a line per topic, a topic's lead being its story when it has one
    assert len(group.lede) == len(group.by_topic) >= 2
    trade = next(line for line in group.lede if line.term.slug == "trade")
    assert trade.lead.page_url in {a.page_url for a in result.site.stories[0].articles}
    assert 'href="https://news.example.org/daily.xml"' in html  # autodiscovery of the daily edition


def test_daily_feed_has_one_item_per_day_newest_first_with_the_days_links(story_site):
    project, result = story_site
    feed = feedparser.parse((project.output / "daily.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    days = result.site.days
    assert len(feed.entries) == len(days) == 2
    assert [e.link for e in feed.entries] == [f"https://news.example.org{g.url}" for g in days]
    assert all(e.id == e.link for e in feed.entries)
    for entry, group in zip(feed.entries, days):
        content = entry.content[0].value
        for article in group.articles:   # each, or its outlet's other report of its story (one an outlet, as shown)
            story = result.site.story_of.get(article.page_url)
            assert any(f'href="https://news.example.org{other.page_url}"' in content
                       for other in ([article] + [o for o in story.articles if o.source == article.source]
                                     if story else [article]))
        for term, _ in group.by_topic:
            assert f"<h2>{term.name.replace('&', '&amp;')}</h2>" in content
        assert group.day.strftime("%B %Y") in entry.title
    assert "Trade &amp; tariffs" in feed.entries[1].content[0].value


def test_the_daily_feed_lists_a_story_filed_under_two_topics_once_as_the_day_page_does(project):
    # one report's own front matter files it under another topic: the feed listed the story under each of them
    for article in STORY:
        project.add(article.slug, title=article.title, date=article.date.isoformat(), source=article.source,
                    slug=article.slug, body=article.body_markdown,
                    **({"topics": ["diplomacy"]} if article is TARIFF_HERALD else {}))
    result = build(project.config)
    story = next(story for story in result.site.stories if TARIFF_HERALD.slug in {a.slug for a in story.articles})
    day = next(group for group in result.site.days if any(a.slug == TARIFF_HERALD.slug for a in group.articles))
    in_story = [a for a in day.articles if a in story.articles]
    assert len({a.topics[0] for a in in_story}) == 2   # the story's reports that day are under two topics
    entries = [entry for _, topic_entries in day.entries_by_topic for entry in topic_entries]
    assert sum(1 for head, _ in entries if head in story.articles) == 1
    shown = next(entry.article for entry in day.front.entries if entry.article in story.articles)
    assert next(head for head, _ in entries if head in story.articles) is shown   # the report the day page shows
    feed = feedparser.parse((project.output / "daily.xml").read_bytes())
    content = next(e for e in feed.entries if e.link.endswith(day.url)).content[0].value
    assert content.count("also covered by") == 1 and "<h2>Diplomacy</h2>" not in content


def test_daily_feed_keeps_feeds_items_days(project):
    for day in range(6):
        project.add(f"a{day}", title=f"Tariff day {day}", date=f"2026-02-{day + 1:02d}T09:00:00+09:00")
    project.settings["feeds"] = {"items": 4}
    build(project.config)
    feed = feedparser.parse((project.output / "daily.xml").read_bytes())
    assert [e.link.rsplit("/", 2)[-2] for e in feed.entries] == ["06", "05", "04", "03"]


def test_the_daily_feeds_build_date_is_its_latest_report_of_any_day(project):
    """Each report is listed under its own local day: 23:30 in New York on the 10th is later than 09:00 in Seoul
    on the 11th, and the feed's lastBuildDate, taken from the newest day alone, was before an item's pubDate."""
    from email.utils import parsedate_to_datetime
    project.add("ny", title="Port deal signed", date="2026-03-10T23:30:00-05:00")
    project.add("seoul", title="Ferry fares rise", date="2026-03-11T09:00:00+09:00")
    build(project.config)
    feed = feedparser.parse((project.output / "daily.xml").read_bytes())
    built = parsedate_to_datetime(feed.feed.updated)
    assert built == max(parsedate_to_datetime(e.published) for e in feed.entries)
    assert built == parsedate_to_datetime("Tue, 10 Mar 2026 23:30:00 -0500")


def test_incremental_rebuild_with_stories_matches_a_clean_build(project, tmp_path):
    from newsdigest.build import SiteBuilder

    add_coverage(project, STORY[:2] + OTHERS)
    builder = SiteBuilder(project.config)
    builder.build()
    add_coverage(project, STORY[2:])  # two more articles join the story
    result = builder.build()
    assert len(result.site.stories) == 1 and len(result.site.stories[0].articles) == 4
    clean = tmp_path / "clean"
    build(project.config, output_dir=clean)
    watched = {p.relative_to(project.output): p.read_bytes() for p in project.output.rglob("*") if p.is_file()
               and p.name != ".newsdigest-manifest.json"}
    fresh = {p.relative_to(clean): p.read_bytes() for p in clean.rglob("*") if p.is_file()
             and p.name != ".newsdigest-manifest.json"}
    assert watched == fresh


@pytest.mark.parametrize("how", ["command line, with the build cache", "watching"])
def test_a_story_that_moves_re_renders_only_the_pages_that_show_it(project, tmp_path, how):
    """An earlier report joining a story gives the story a new address. The pages that show its reports
    change; the others (an unrelated article's page, its tag page) are not rendered again."""
    from newsdigest.build import SiteBuilder

    add_coverage(project, STORY[1:])
    add_coverage(project, OTHERS, tags=["Elsewhere"])
    builder = SiteBuilder(project.config)
    rebuild = (lambda: build(project.config, cache=True)) if how.startswith("command") else builder.build
    before = rebuild()
    add_coverage(project, STORY[:1])  # the earliest report: the story's id and page move
    after = rebuild()
    (old_story,), (new_story,) = before.site.stories, after.site.stories
    assert old_story.url != new_story.url and len(new_story.articles) == 4
    clean = tmp_path / "clean"
    everything = build(project.config, output_dir=clean).rendered
    assert 0 < after.rendered <= everything - 10  # before: every page and feed, as the site's key held every story URL
    rebuilt = {p.relative_to(project.output): p.read_bytes() for p in project.output.rglob("*") if p.is_file()
               and p.name != ".newsdigest-manifest.json"}
    fresh = {p.relative_to(clean): p.read_bytes() for p in clean.rglob("*") if p.is_file()
             and p.name != ".newsdigest-manifest.json"}
    assert rebuilt == fresh


def test_wire_copies_are_shown_as_one_report_on_the_story_page(project):
    from tests.test_stories import WIRE
    for slug, source, hour in (("port-strike-agency", "Wire Agency", 9), ("port-strike-harbour", "Harbour Times", 10),
                               ("port-strike-coast", "Coast Herald", 11)):
        project.add(slug, title="Dock workers strike at three container ports", date=f"2026-03-02T{hour:02d}:00:00+00:00",
                    source=source, slug=slug, url=f"https://{slug}.example/", body=WIRE)
    result = build(project.config)
    (story,) = result.site.stories
    assert len(story.copies) == 1 and len(story.copies[0]) == 3
    html = read(project, story.url)
    assert "The same report also ran at" in section(html, "story-lead")
    assert section(html, "story-more").count('class="copy-note"') == 2


def test_a_storys_earlier_address_leads_to_where_it_is_now(project):
    """A report dated before the story's first joins late: the story's id (its first report's day and slug)
    changes, and the page at the address readers, feeds and other sites had leads on to the story."""
    add_coverage(project, [TARIFF_WIRE, TARIFF_HERALD, TARIFF_WIRE_UPDATE, *OTHERS])
    first = build(project.config)
    [before] = first.site.stories
    assert before.id != STORY_ID
    add_coverage(project, [TARIFF_LEDGER])   # the earliest report, collected late
    second = build(project.config)
    [after] = second.site.stories
    assert after.id == STORY_ID
    old = (project.output / before.url.lstrip("/") / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="https://news.example.org{after.url}">' in old
    assert f'http-equiv="refresh" content="0; url={after.url}"' in old and f'<a href="{after.url}">' in old
    assert "noindex" in old
    sitemap = (project.output / "sitemap.xml").read_text(encoding="utf-8")
    assert after.url in sitemap and before.url not in sitemap   # only the page it leads to is listed
    assert broken_links(project.output, project.config.base_url) == []


def test_an_articles_aliases_lead_on_to_its_page(project):
    """`aliases:` keeps an article's earlier addresses working (a slug changed, a date corrected across midnight);
    one that is a real page's address leaves that page as it is, and one that is no address on the site is
    refused with a warning naming it."""
    project.add("bus", title="Night bus added", date="2026-03-21T00:05:00+00:00", slug="night-bus-added",
                aliases=["/2026/03/20/night-bus-added/", "/old/night-bus.html", "/2026/03/21/", "../../etc",
                         "https://elsewhere.example/x/"])
    result = build(project.config)
    moved = (project.output / "2026/03/20/night-bus-added/index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=/2026/03/21/night-bus-added/"' in moved and "This page" in moved
    assert 'url=/2026/03/21/night-bus-added/"' in (project.output / "old/night-bus.html").read_text("utf-8")
    assert "refresh" not in (project.output / "2026/03/21/index.html").read_text("utf-8")  # the day page stays
    refused = [w.message for w in result.warnings if "aliases" in w.message]
    assert len(refused) == 2 and "'../../etc'" in refused[0] and "elsewhere.example" in refused[1]
    assert not list(project.output.parent.glob("etc*"))
    assert broken_links(project.output, project.config.base_url) == []


@pytest.mark.parametrize("alias", ["/sitemap.xml/", "/feed.xml/", "/robots.txt/", "/404.html", "/index.html",
                                   "/index.html/", "/static/style.css/", "/.newsdigest-manifest.json/", "/pagefind/",
                                   "/%2e%2e/x/", "/a b/",
                                   # what front matter values lose, lost after the check: the name it then was
                                   "/%C2%9Ffeed.xml/", "/%C2%80.newsdigest-journal/", "/%C2%80static/x.html",
                                   "/a/%C2%80.hidden/", "/%EF%B7%90pagefind/", "/%C2%80../%C2%80../pwned/",
                                   # longer than a file name may be; names Windows reads otherwise
                                   "/" + "a" * 300 + "/", "/CON/", "/nul.html", "/x:y.html", "/tags./"])
def test_an_alias_never_takes_the_place_of_a_file_the_build_writes(project, alias):
    project.add("bus", title="Night bus added", date="2026-03-21T00:05:00+00:00", aliases=[alias])
    result = build(project.config)
    assert [w for w in result.warnings if "aliases" in w.message]
    assert (project.output / "sitemap.xml").is_file() and (project.output / "static/style.css").is_file()


@pytest.mark.parametrize("alias", ["/Tags/", "/2026/03/21/index.html", "/2026/03/21/NIGHT-BUS-ADDED/"])
def test_an_alias_that_is_a_pages_address_written_otherwise_leaves_the_page(project, alias):
    project.add("bus", title="Night bus added", date="2026-03-21T00:05:00+00:00", tags=["Transport"],
                aliases=[alias])
    build(project.config)
    assert "refresh" not in (project.output / "2026/03/21/index.html").read_text(encoding="utf-8")
    assert "refresh" not in (project.output / "tags/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("older, newer", [("/a.html/b/", "/a.html"), ("/a.html", "/a.html/b/")])
def test_an_alias_that_needs_a_folder_where_another_writes_a_file_is_left_out(project, older, newer):
    """"/a.html" and "/a.html/b/": one needs a folder where the other is a file, and the build failed
    half-written ("output/a.html: Is a directory"). The newer article's alias is kept, as for a shared one."""
    project.add("old", title="Night bus trial", date="2026-03-20T09:00:00+00:00", aliases=[older])
    project.add("new", title="Night bus added", date="2026-03-21T09:00:00+00:00", aliases=[newer])
    result = build(project.config)
    kept = project.output / newer.strip("/") / ("" if newer.endswith(".html") else "index.html")
    assert "url=/2026/03/21/night-bus-added/" in kept.read_text(encoding="utf-8")
    assert (project.output / "sitemap.xml").is_file()
    # and it says so, naming both (it left one out without a word)
    [warning] = [w for w in result.warnings if "aliases" in w.message]
    assert warning.path.name == "old.md" and f"{older} is left out" in warning.message and "new.md" in warning.message


def test_one_articles_aliases_that_need_a_folder_where_the_other_is_a_file_are_a_warning(project):
    project.add("bus", title="Night bus added", date="2026-03-21T09:00:00+00:00", aliases=["/a.html", "/a.html/b/"])
    result = build(project.config)
    [warning] = [w for w in result.warnings if "aliases" in w.message]
    assert "/a.html/b/ is left out" in warning.message and "an alias of this article" in warning.message
    assert "refresh" in (project.output / "a.html").read_text(encoding="utf-8")


def test_a_percent_escaped_alias_is_written_where_a_server_looks_for_it(project):
    project.add("cafe", title="Cafe reopens", date="2026-03-21T09:00:00+00:00", aliases=["/caf%C3%A9/"])
    build(project.config)
    assert "refresh" in (project.output / "café/index.html").read_text(encoding="utf-8")


def test_an_alias_two_articles_give_is_a_warning_naming_both(project):
    project.add("old", title="Night bus trial", date="2026-03-20T09:00:00+00:00", aliases=["/bus/"])
    project.add("new", title="Night bus added", date="2026-03-21T09:00:00+00:00", aliases=["/bus/"])
    result = build(project.config)
    [warning] = [w for w in result.warnings if "aliases" in w.message]
    assert warning.path.name == "old.md" and "new.md" in warning.message
    assert "url=/2026/03/21/night-bus-added/" in (project.output / "bus/index.html").read_text(encoding="utf-8")


def test_daily_editions_are_dated_in_the_order_of_their_days(project):
    """The 11th's only report is dated by its day (its midnight in Seoul, 15:00 UTC on the 10th), before the 10th's
    last report in New York: the newer edition's pubDate came before the older one's, and readers sort by it."""
    from email.utils import parsedate_to_datetime
    project.add("ny", title="Port deal signed", date="2026-03-10T23:30:00-05:00")
    project.add("seoul", title="Ferry fares rise", date="2026-03-11")
    project.settings["timezone"] = "Asia/Seoul"
    build(project.config)
    entries = feedparser.parse((project.output / "daily.xml").read_bytes()).entries
    assert [e.link.rstrip("/").rsplit("/", 1)[-1] for e in entries] == ["11", "10"]
    newer, older = (parsedate_to_datetime(e.published) for e in entries)
    assert newer >= older


def test_a_report_dated_by_its_day_that_joins_a_story_moves_the_storys_date(project):
    """A story's feed item says it changed when an outlet joins; a report dated by the day only counted from its
    midnight, before the story's other reports of that day, so the item's date stayed where it was."""
    from newsdigest.build import SiteBuilder
    add_coverage(project, STORY[:3])
    builder = SiteBuilder(project.config)
    before = builder.build().site.stories[0]
    joining = TARIFF_WIRE_UPDATE
    project.add(joining.slug, title=joining.title, date=joining.date.date().isoformat(), source="Harbour Daily",
                slug=joining.slug, body=joining.body_markdown)
    after = builder.build().site.stories[0]
    assert len(after.articles) == len(before.articles) + 1
    assert after.updated > before.updated
    atom = feedparser.parse((project.output / "stories/atom.xml").read_bytes()).entries[0]
    assert atom.updated.startswith(after.updated.isoformat()[:19])
    # a correction of that report earlier in its day does not take the story's date back
    project.add(joining.slug, title=joining.title, date=joining.date.date().isoformat(), source="Harbour Daily",
                slug=joining.slug, body=joining.body_markdown, updated=f"{joining.date.date()}T10:00:00+09:00")
    assert builder.build().site.stories[0].updated == after.updated
