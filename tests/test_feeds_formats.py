"""Feeds for every taste: Atom and JSON Feed beside RSS (site and topics), tag and source RSS, the story feeds,
the OPML list, autodiscovery links, the render cache for all of them, and the credit every item gives its
outlet and original (tests/test_feed_credit.py checks it on the sample site and the real seed pages)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from html import unescape
from pathlib import Path

import feedparser
import pytest

from newsdigest.build import SiteBuilder, build
from newsdigest.feed_items import rss_title
from tests.test_build_site import fill

BASE = "https://news.example.org/"


@pytest.fixture
def built(project):
    fill(project)
    project.add("hostile", title='<b>Bold</b> tariff "quotes" & </script>', date="2026-01-16T08:00:00+09:00",
                source="Evil & Co", author="Ann <Writer>", tags=["x & y"], body="Body with ]]> and <script>x</script>.")
    result = build(project.config)
    return project, result


def parse(path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, (path, feed.get("bozo_exception"))
    return feed


def test_atom_feeds_parse_without_errors_and_match_rss(built):
    project, result = built
    out = project.output
    for atom_path, rss_path in [("atom.xml", "feed.xml"), ("topics/trade/atom.xml", "topics/trade/feed.xml"),
                                ("topics/diplomacy/atom.xml", "topics/diplomacy/feed.xml")]:
        atom, rss = parse(out / atom_path), parse(out / rss_path)
        assert atom.version == "atom10"
        assert [e.link for e in atom.entries] == [e.link for e in rss.entries]
        # (an RSS title loses what is shaped like an HTML tag: some readers show RSS titles as HTML)
        assert [rss_title(e.title) for e in atom.entries] == [e.title for e in rss.entries]
        assert all(e.id == e.link for e in atom.entries)
        assert atom.feed.title == rss.feed.title
    atom = parse(out / "atom.xml")
    newest = result.site.articles[0]
    assert atom.entries[0].link == BASE + newest.page_url.lstrip("/")
    assert datetime.fromisoformat(atom.entries[0].published) == newest.date
    assert any(link.rel == "self" and link.href == BASE + "atom.xml" for link in atom.feed.links)
    assert atom.feed.link == BASE
    hostile = next(e for e in atom.entries if "tariff" in e.title and "Bold" in e.title)
    assert hostile.title == '<b>Bold</b> tariff "quotes" & </script>'  # Atom titles are text: shown as written
    assert hostile.title_detail.type == "text/plain"
    assert "]]&gt;" in hostile.content[0].value or "]]>" in hostile.content[0].value
    assert "<script" not in hostile.content[0].value
    assert [a.name for a in hostile.authors] == ["Evil & Co", "Ann <Writer>"]


def test_json_feeds_have_the_required_fields(built):
    project, result = built
    out = project.output
    for path, home in [("feed.json", BASE), ("topics/trade/feed.json", BASE + "topics/trade/")]:
        feed = json.loads((out / path).read_text(encoding="utf-8"))
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert feed["title"] and feed["home_page_url"] == home and feed["feed_url"] == BASE + path
        assert feed["items"]
        for item in feed["items"]:
            assert {"id", "url", "title", "content_html", "summary", "date_published"} <= set(item)
            assert item["id"] == item["url"] and item["url"].startswith(BASE)
            assert datetime.fromisoformat(item["date_published"]).tzinfo is not None  # RFC 3339, with offset
            assert isinstance(item.get("tags", []), list)
    feed = json.loads((out / "feed.json").read_text(encoding="utf-8"))
    assert len(feed["items"]) == len(result.site.articles) and feed["items"][0]["url"] == BASE + \
        result.site.articles[0].page_url.lstrip("/")
    first = next(i for i in feed["items"] if i["title"].startswith("Tariff talks day 4"))
    assert "<h2>Details</h2>" in first["content_html"]
    assert first["authors"] == [{"name": "Source 0", "url": "https://example.com/"}]  # the outlet; no byline known
    assert first["external_url"] == "https://example.com/4/0"
    assert "Kim Jung-kwan" in first["tags"] and "Trade & tariffs" in first["tags"] and "trade" not in first["tags"]
    hostile = next(i for i in feed["items"] if "Bold" in i["title"])
    assert hostile["title"] == '<b>Bold</b> tariff "quotes" & </script>' and hostile["authors"][0]["name"]


def test_summary_mode_json_feed_still_has_content(project):
    fill(project, days=1)
    project.settings["feeds"] = {"content": "summary"}
    build(project.config)
    feed = json.loads((project.output / "feed.json").read_text(encoding="utf-8"))
    assert all(item["content_html"].startswith("<p>") and "<h2>" not in item["content_html"] for item in feed["items"])


def test_an_article_without_a_body_has_no_empty_content_in_any_feed(project):
    """RSS gave an empty body an empty <content:encoded>, which readers that prefer it show as a blank item."""
    project.add("empty", title="Harbour closed today", date="2026-01-29T10:00:00+00:00", body="",
                summary="The harbour is closed for the storm.")
    build(project.config)
    for name in ("feed.xml", "atom.xml"):
        [entry] = parse(project.output / name).entries
        assert "content" not in entry and "harbour is closed" in entry.summary, name
    assert "<content:encoded>" not in (project.output / "feed.xml").read_text(encoding="utf-8")


def test_tag_and_source_feeds_hold_their_articles(built):
    project, result = built
    for term in [*result.site.tags, *result.site.sources]:
        feed = parse(project.output / term.url.lstrip("/") / "feed.xml")
        expected = [BASE + a.page_url.lstrip("/") for a in term.articles[:20]]
        assert [e.link for e in feed.entries] == expected, term.url
        assert feed.feed.link == BASE + term.url.lstrip("/")
        html = (project.output / term.url.lstrip("/") / "index.html").read_text(encoding="utf-8")
        assert 'type="application/rss+xml" title="Test Digest: ' in html
        assert f'href="{BASE}{term.url.lstrip("/")}feed.xml"' in html
        assert not (project.output / term.url.lstrip("/") / "atom.xml").exists()  # RSS is enough there


def test_opml_lists_the_site_feed_and_every_topic_feed(built):
    project, result = built
    root = ET.fromstring((project.output / "feeds.opml").read_bytes())
    assert root.tag == "opml" and root.get("version") == "2.0"
    outlines = root.findall("./body/outline")
    urls = [o.get("xmlUrl") for o in outlines]
    assert all(url.startswith(BASE) for url in urls)
    assert BASE + "feed.xml" in urls
    topic_urls = [url for url in urls if "/topics/" in url]
    assert topic_urls == [BASE + t.url.lstrip("/") + "feed.xml" for t in result.site.topics]
    assert len(set(urls)) == len(urls)
    for outline in outlines:
        assert outline.get("text") and outline.get("type") == "rss" and outline.get("htmlUrl").startswith(BASE)
    assert any(o.get("text") == "Test Digest: Trade & tariffs" for o in outlines)


def test_every_page_links_site_feeds_and_topic_pages_link_their_own(built):
    project, _ = built
    home = (project.output / "index.html").read_text(encoding="utf-8")
    for kind, path in (("rss+xml", "feed.xml"), ("atom+xml", "atom.xml"), ("feed+json", "feed.json")):
        assert f'type="application/{kind}" title="Test Digest' in home and f'href="{BASE}{path}"' in home
    topic = (project.output / "topics/trade/index.html").read_text(encoding="utf-8")
    for path in ("feed.xml", "atom.xml", "feed.json"):
        assert f'href="{BASE}topics/trade/{path}"' in topic
        assert f'href="/topics/trade/{path}"' in topic  # visible links too


def test_feeds_under_a_base_path(project):
    fill(project, days=2)
    project.settings["base_url"] = "https://example.org/digest/"
    build(project.config)
    out = project.output
    assert all(e.link.startswith("https://example.org/digest/2026/") for e in parse(out / "atom.xml").entries)
    feed = json.loads((out / "topics/trade/feed.json").read_text(encoding="utf-8"))
    assert feed["feed_url"] == "https://example.org/digest/topics/trade/feed.json"
    root = ET.fromstring((out / "feeds.opml").read_bytes())
    assert all(o.get("xmlUrl").startswith("https://example.org/digest/") for o in root.iter("outline"))


def test_relative_links_in_a_body_point_where_the_page_points_in_every_feed(project):
    """A feed reader shows the body away from its page: a relative link or image is resolved against the
    article's own address (as on the page), not left for the reader to resolve against the feed's."""
    project.settings["base_url"] = "https://example.org/digest/"
    project.add("rel", title="Relative links", date="2026-01-16T08:00:00+09:00", source="Wire",
                body="See [the next one](../other/), ![a chart](img/chart.png?v=1&w=2), [notes](#notes), "
                     "[mail](mailto:desk@example.com), [elsewhere](https://example.net/a) and "
                     "![a picture on another host](//cdn.example.net/p.jpg).")
    build(project.config)
    out = project.output
    page_url = parse(out / "atom.xml").entries[0].link
    assert page_url.startswith("https://example.org/digest/2026/01/16/")
    page_dir = page_url.rsplit("/", 2)[0] + "/"
    expected = {"href": {page_dir + "other/", page_url + "#notes", "mailto:desk@example.com",
                         "https://example.net/a"},
                # (a host without a scheme takes the page's: the feed validator calls it relative)
                "src": {page_url + "img/chart.png?v=1&w=2", "https://cdn.example.net/p.jpg"}}
    bodies = [parse(out / name).entries[0].content[0].value for name in ("feed.xml", "atom.xml")]
    bodies.append(json.loads((out / "feed.json").read_text(encoding="utf-8"))["items"][0]["content_html"])
    for body in bodies:
        for attribute, addresses in expected.items():
            found = {unescape(value) for value in re.findall(rf'{attribute}="([^"]*)"', body)}
            assert found == addresses, (attribute, body)
    # The page itself keeps the addresses as written: a browser resolves them against the page.
    page = (out / Path(page_url.removeprefix("https://example.org/digest/")) / "index.html").read_text(encoding="utf-8")
    assert 'href="../other/"' in page and 'src="img/chart.png?v=1&amp;w=2"' in page


def test_empty_feeds_are_valid_and_the_same_every_build(project, tmp_path):
    build(project.config)  # no articles at all
    def feeds(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
                if p.suffix in (".xml", ".json", ".opml") and not p.name.startswith(".")}

    first = feeds(project.output)
    assert "topics/trade/atom.xml" in first
    for name in ("atom.xml", "feed.xml", "daily.xml", "topics/trade/atom.xml"):
        assert not feedparser.parse(first[name]).bozo
    assert json.loads(first["feed.json"])["items"] == []
    again = tmp_path / "again"
    build(project.config, output_dir=again)
    assert feeds(again) == first


def test_new_feeds_use_the_render_cache(project):
    fill(project, days=3)
    builder = SiteBuilder(project.config)
    builder.build()
    again = builder.build()
    assert again.rendered == 0  # nothing changed: no page and no feed is rendered again
    path = project.content / "d1n1.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Summit 1-1", "Summit one"), encoding="utf-8")
    edited = builder.build()
    assert 0 < edited.rendered
    assert "Summit one" in (project.output / "atom.xml").read_text(encoding="utf-8")
    assert "Summit one" in (project.output / "sources/source-1/feed.xml").read_text(encoding="utf-8")
    assert "Summit one" in (project.output / "daily.xml").read_text(encoding="utf-8")


def test_an_empty_topic_feed_is_dated_by_the_sites_newest_article_not_1970(project, tmp_path):
    project.add("old", title="Tariff rise", date="2026-01-20T10:00:00+09:00")
    project.add("new", title="Weather", date="2026-01-29T15:08:00+09:00")  # the newest: fallback topic
    build(project.config)
    newest = datetime.fromisoformat("2026-01-29T15:08:00+09:00")
    empty = parse(project.output / "topics/diplomacy/atom.xml")  # a configured topic with no article
    assert empty.entries == []
    assert datetime.fromisoformat(empty.feed.updated) == newest
    assert "1970" not in empty.feed.updated
    trade = parse(project.output / "topics/trade/atom.xml")  # a topic with articles keeps its own newest date
    assert datetime.fromisoformat(trade.feed.updated) == datetime.fromisoformat("2026-01-20T10:00:00+09:00")
    again = tmp_path / "again"
    build(project.config, output_dir=again)  # same content, same bytes: no clock involved
    name = "topics/diplomacy/atom.xml"
    assert (again / name).read_bytes() == (project.output / name).read_bytes()


def test_an_empty_topic_feed_follows_the_newest_article_in_incremental_builds(project):
    project.add("a", title="Weather", date="2026-01-20T10:00:00+09:00")
    builder = SiteBuilder(project.config)
    builder.build()
    project.add("b", title="More weather", date="2026-01-25T10:00:00+09:00")
    builder.build()
    empty = parse(project.output / "topics/diplomacy/atom.xml")
    assert datetime.fromisoformat(empty.feed.updated) == datetime.fromisoformat("2026-01-25T10:00:00+09:00")


def test_a_site_with_no_articles_gives_its_atom_feeds_the_epoch_never_the_build_time(project):
    """Atom requires a feed's <updated> (RFC 4287, 4.1.1; the W3C validator flags a feed without one); a site with no
    article has no date of its own, and "now" would make every build differ: the Unix epoch says it never changed."""
    build(project.config)
    for name in ("atom.xml", "topics/trade/atom.xml"):
        text = (project.output / name).read_text(encoding="utf-8")
        assert text.count("<updated>") == 1 and "<updated>1970-01-01T00:00:00+00:00</updated>" in text
        assert not feedparser.parse(text).bozo


def test_every_item_credits_its_outlet_byline_and_original_in_each_format(built):
    project, result = built
    project.add("nameless", title="Anonymous tariff memo", date="2026-01-17T08:00:00+09:00", body="No outlet.")
    project.add("nameless-linked", title="Linked tariff memo", date="2026-01-17T09:00:00+09:00",
                url="https://user:pw@memo.example.net:8443/a?b=1", body="No outlet either.")
    build(project.config)
    out = project.output
    atom = {e.title: e for e in parse(out / "atom.xml").entries}
    by_link = {e.link: e for e in parse(out / "feed.xml").entries}
    rss = {title: by_link[entry.link] for title, entry in atom.items()}  # (RSS titles lose tag-shaped runs)
    items = {i["title"]: i for i in json.loads((out / "feed.json").read_text(encoding="utf-8"))["items"]}

    known = "Tariff talks day 4 item 0"  # Source 0, https://example.com/4/0, no byline
    assert rss[known].source == {"href": "https://example.com/", "title": "Source 0"}
    assert rss[known].author == "Source 0"
    assert [t.term for t in rss[known].tags] == ["Trade & tariffs"]
    assert [a.name for a in atom[known].authors] == ["Source 0"]
    assert atom[known].authors[0].href == "https://example.com/"
    links = {link.rel: link.href for link in atom[known].links}
    assert links == {"alternate": rss[known].link, "via": "https://example.com/4/0"}
    assert [t.term for t in atom[known].tags] == ["Trade & tariffs"]

    hostile = next(title for title in rss if "Bold" in title)  # source "Evil & Co", author "Ann <Writer>"
    assert rss[hostile].source.title == "Evil & Co" and rss[hostile].author == "Ann <Writer> (Evil & Co)"
    assert rss[hostile].source.href == BASE + "sources/evil-co/feed.xml"  # no original: the outlet's feed here
    assert [a.name for a in atom[hostile].authors] == ["Evil & Co", "Ann <Writer>"]
    assert "via" not in {link.rel for link in atom[hostile].links}
    assert items[hostile]["authors"] == [{"name": "Evil & Co"}, {"name": "Ann <Writer>"}]

    for title in ("Anonymous tariff memo", "Linked tariff memo"):
        assert rss[title].source.title == "source unknown" and rss[title].author == "source unknown"
        assert atom[title].author == "source unknown"
        assert items[title]["authors"][0]["name"] == "source unknown"
    assert rss["Anonymous tariff memo"].source.href == BASE and "external_url" not in items["Anonymous tariff memo"]
    # ... and the full text closes with the credit, for readers that show only the text (it had none)
    for entry_of in (rss, atom):
        assert entry_of[known].content[0].value.endswith(
            '<p class="credit">Source: <a href="https://example.com/4/0">Source 0</a></p>')
        assert entry_of[hostile].content[0].value.endswith('<p class="credit">Source: Evil &amp; Co</p>')
        assert entry_of["Anonymous tariff memo"].content[0].value.endswith('<p class="credit">Source unknown</p>')
    assert items[known]["content_html"].endswith('<a href="https://example.com/4/0">Source 0</a></p>')
    linked = items["Linked tariff memo"]
    assert linked["external_url"] == "https://user:pw@memo.example.net:8443/a?b=1"
    assert linked["authors"] == [{"name": "source unknown", "url": "https://memo.example.net:8443/"}]  # no password
    assert "source unknown" in (out / "daily.xml").read_text(encoding="utf-8")


def test_a_story_item_keeps_its_id_and_is_updated_when_another_outlet_reports(project):
    project.settings["stories"] = {"enabled": True}
    body = ("Trade minister Yeo Han-koo met Jamieson Greer in Washington on semiconductor tariffs, "
            "shipbuilding investment and the currency swap, officials said after the talks.")
    project.add("a", title="Yeo meets Greer on chip tariffs", date="2026-01-20T09:00:00+09:00", source="Seoul Wire",
                url="https://wire.example/a", body=body)
    project.add("b", title="Yeo and Greer discuss chip tariffs", date="2026-01-20T11:00:00+09:00",
                source="Pacific Ledger", url="https://ledger.example/b", body=body + " Both sides called it useful.")
    builder = SiteBuilder(project.config)  # incremental: the render cache must not keep the old story item
    builder.build()
    first = parse(project.output / "stories/atom.xml").entries
    assert len(first) == 1
    entry = first[0]
    assert [a.name for a in entry.authors] == ["Seoul Wire", "Pacific Ledger"]
    assert datetime.fromisoformat(entry.updated) == datetime.fromisoformat("2026-01-20T11:00:00+09:00")
    assert datetime.fromisoformat(entry.published) == datetime.fromisoformat("2026-01-20T09:00:00+09:00")
    assert {link.rel for link in entry.links} == {"alternate", "via"}

    project.add("c", title="Yeo, Greer hold chip tariff talks", date="2026-01-21T08:00:00+09:00",
                source="Han River Herald", url="https://herald.example/c", body=body + " More talks are planned.")
    builder.build()
    again = parse(project.output / "stories/atom.xml").entries[0]
    assert again.id == entry.id  # the story id is its earliest article's: a later outlet does not change it
    assert datetime.fromisoformat(again.updated) == datetime.fromisoformat("2026-01-21T08:00:00+09:00")
    assert [a.name for a in again.authors] == ["Seoul Wire", "Pacific Ledger", "Han River Herald"]
    rss = parse(project.output / "stories/feed.xml").entries[0]
    assert rss.id == again.id and "Han River Herald" in rss.author
    item = json.loads((project.output / "stories/feed.json").read_text(encoding="utf-8"))["items"][0]
    assert item["id"] == again.id and item["date_modified"].startswith("2026-01-21T08:00")
    assert item["external_url"] and [a["name"] for a in item["authors"]][-1] == "Han River Herald"
    opml = (project.output / "feeds.opml").read_text(encoding="utf-8")
    assert BASE + "stories/feed.xml" in opml
    sitemap = (project.output / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{again.id}</loc><lastmod>2026-01-21T08:00:00+09:00</lastmod>" in sitemap  # the story page too

    # A report corrected later changes what the story's item shows: the item says so, as an article's does.
    project.add("b", title="Yeo and Greer agree on chip tariff framework", date="2026-01-20T11:00:00+09:00",
                source="Pacific Ledger", url="https://ledger.example/b", updated="2026-01-22T15:30:00+09:00",
                body=body + " Both sides called it useful.")
    builder.build()
    corrected = parse(project.output / "stories/atom.xml").entries[0]
    assert corrected.id == entry.id and "chip tariff framework" in corrected.content[0].value
    assert datetime.fromisoformat(corrected.updated) == datetime.fromisoformat("2026-01-22T15:30:00+09:00")
    assert json.loads((project.output / "stories/feed.json").read_text(encoding="utf-8"))["items"][0][
        "date_modified"].startswith("2026-01-22T15:30")
    assert "<lastmod>2026-01-22T15:30:00+09:00</lastmod>" in (project.output / "sitemap.xml").read_text("utf-8")


def test_angle_brackets_in_plain_text_reach_every_feed_intact(project):
    """Titles, outlets, bylines and summaries are plain text: `<` and `>` are escaped for the format, never
    stripped as if they were tags; the HTML fields (RSS description, content) carry them as text, not markup."""
    title, source, author = "Rates: 2 < 3 and <Acme> wins", "AT&T <News>", "Ann <Writer>"
    project.add("angles", title=title, date="2026-01-16T08:00:00+09:00", source=source, author=author,
                tags=["a<b"], body="a<b and c>d\n\nMore <script>alert(1)</script> text.")
    build(project.config)
    out = project.output
    summary = "a<b and c>d"
    for path in ("feed.xml", "atom.xml", "sources/at-t-news/feed.xml"):
        entry = parse(out / path).entries[0]
        # RSS does not say whether a title is HTML, and some readers show it so: a run shaped like a tag goes there
        shown = title if path == "atom.xml" else "Rates: 2 < 3 and wins"
        assert entry.title == shown and entry.title_detail.type == "text/plain", path
        if path == "atom.xml":  # an Atom summary is text
            assert entry.summary == summary and entry.summary_detail.type == "text/plain"
        else:  # an RSS description is HTML: the summary is escaped once more there, and holds no tag
            assert unescape(entry.summary) == summary and "<" not in entry.summary, path
        assert "<script" not in entry.content[0].value and "&lt;script&gt;" in entry.content[0].value
    rss, atom = parse(out / "feed.xml").entries[0], parse(out / "atom.xml").entries[0]
    assert rss.source.title == source and rss.author == f"{author} ({source})"
    assert [a.name for a in atom.authors] == [source, author]
    raw = (out / "feed.xml").read_text(encoding="utf-8")
    assert "<description>a&amp;lt;b and c&amp;gt;d</description>" in raw
    item = json.loads((out / "feed.json").read_text(encoding="utf-8"))["items"][0]
    assert item["title"] == title and item["summary"] == summary and "a<b" in item["tags"]
    assert item["authors"] == [{"name": source}, {"name": author}]
    assert "<script" not in item["content_html"] and "a&lt;b and c&gt;d" in item["content_html"]
    page = (out / Path(rss.link.removeprefix(BASE)) / "index.html").read_text(encoding="utf-8")
    assert "Rates: 2 &lt; 3 and &lt;Acme&gt; wins" in page and "AT&amp;T &lt;News&gt;" in page
    daily = feedparser.parse((out / "daily.xml").read_bytes()).entries[0]
    assert unescape(daily.summary).endswith(title) and "&lt;Acme&gt;" in daily.content[0].value


def test_the_daily_feed_treats_the_sites_title_and_description_as_every_rss_feed_does(project):
    """Its channel description is HTML, so it is escaped once more; its titles lose tag-shaped runs (some readers
    show an RSS title as HTML). Before, `<news>` vanished from the description, `&copy;` became an entity, and
    `<b>Daily</b>` reached the titles as markup."""
    project.settings.update(title="Digest <b>Daily</b>", description="Tom & Jerry <news> &copy;")
    project.add("one", title="Council meets", date="2026-01-16T08:00:00+09:00")
    build(project.config)
    daily, site = (feedparser.parse((project.output / name).read_bytes()) for name in ("daily.xml", "feed.xml"))
    assert daily.feed.subtitle == "One edition a day: " + site.feed.subtitle
    assert unescape(site.feed.subtitle) == "Tom & Jerry <news> &copy;"
    assert "<b>" not in daily.feed.title and "<b>" not in daily.entries[0].title
    assert daily.entries[0].title.startswith("Digest Daily: ")


def test_tags_that_share_a_slug_list_an_article_once_on_the_page_and_in_the_feed(project):
    project.add("local", title="Council meets", date="2026-01-16T08:00:00+09:00",
                tags=["Local news", "local-news", "Local News!"])
    build(project.config)
    page = (project.output / "tags/local-news/index.html").read_text(encoding="utf-8")
    assert "1 article" in page and "3 articles" not in page and page.count("Council meets</a>") == 1
    feed = parse(project.output / "tags/local-news/feed.xml")
    assert [e.title for e in feed.entries] == ["Council meets"] and feed.feed.title == "Test Digest: Local news"
    item = json.loads((project.output / "feed.json").read_text(encoding="utf-8"))["items"][0]
    assert item["tags"].count("Local news") == 1 and "local-news" not in item["tags"]
    article = (project.output / Path(feed.entries[0].link.removeprefix(BASE)) / "index.html").read_text("utf-8")
    assert article.count('href="/tags/local-news/"') == 1


def test_a_base_url_beyond_ascii_gives_feeds_and_sitemap_addresses_in_ascii(project):
    project.settings["base_url"] = "https://bücher.example/nachrichten-für-dich/"
    project.add("a", title="Tariff news", body="Body.")
    build(project.config)
    out = project.config.output_dir
    base = "https://xn--bcher-kva.example/nachrichten-f%C3%BCr-dich/"
    locs = [loc.text for loc in ET.parse(out / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    links = [entry.link for entry in feedparser.parse((out / "feed.xml").read_bytes()).entries]
    assert locs and links and all(url.isascii() and url.startswith(base) for url in locs + links)
    assert f'href="{base}' in (out / "index.html").read_text(encoding="utf-8")


def test_an_updated_article_says_so_in_every_feed_format_and_the_sitemap(project):
    """`updated:` is when the article last changed: Atom's <updated>, JSON Feed's date_modified and the sitemap's
    lastmod carry it; one before the article's own date is no update."""
    project.add("fixed", title="Ferry timetable corrected", date="2026-01-20T09:00:00+09:00",
                updated="2026-01-22T18:30:00+09:00")
    project.add("odd", title="Harbour fees unchanged", date="2026-01-21T09:00:00+09:00",
                updated="2026-01-19T08:00:00+09:00")
    project.add("day", title="Bridge reopens", date="2026-01-23")
    build(project.config)
    out = project.output
    atom = {entry.title: entry for entry in feedparser.parse((out / "atom.xml").read_bytes()).entries}
    assert atom["Ferry timetable corrected"].updated.startswith("2026-01-22T18:30:00")
    assert atom["Harbour fees unchanged"].updated == atom["Harbour fees unchanged"].published
    feed = json.loads((out / "feed.json").read_text(encoding="utf-8"))
    items = {item["title"]: item for item in feed["items"]}
    assert items["Ferry timetable corrected"]["date_modified"].startswith("2026-01-22T18:30:00")
    assert "date_modified" not in items["Harbour fees unchanged"]
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2026-01-22T18:30:00+09:00</lastmod>" in sitemap
    assert "<lastmod>2026-01-23</lastmod>" in sitemap   # dated by its day only: no made-up midnight


SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_a_site_of_more_pages_than_one_sitemap_may_list_gets_an_index_of_numbered_sitemaps(project, monkeypatch):
    """One sitemap.xml listed every page: 58,652 at 49,500 articles, where sitemaps.org and search engines take
    50,000 at most in one file (the limit is made small here)."""
    from newsdigest import sitemap
    monkeypatch.setattr(sitemap, "MAX_SITEMAP_URLS", 7)
    fill(project)
    project.settings["base_url"] = "https://example.org/digest/"
    build(project.config)
    out = project.output
    index = ET.parse(out / "sitemap.xml").getroot()
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", SITEMAP_NS)]
    assert len(parts) >= 2 and parts[0] == "https://example.org/digest/sitemap-1.xml"
    listed = []
    for address in parts:
        urls = ET.parse(out / address.rsplit("/", 1)[1]).getroot().findall("s:url/s:loc", SITEMAP_NS)
        assert 1 <= len(urls) <= 7
        listed += [url.text for url in urls]
    pages = {p.parent.relative_to(out).as_posix() for p in out.rglob("index.html")} - {"search"}
    assert len(listed) == len(set(listed)) == len(pages)
    monkeypatch.setattr(sitemap, "MAX_SITEMAP_URLS", 50_000)
    build(project.config)    # back to one file: the numbered ones go
    assert ET.parse(out / "sitemap.xml").getroot().tag.endswith("urlset") and not list(out.glob("sitemap-*.xml"))


def test_an_article_whose_canonical_address_is_the_originals_is_left_out_of_the_sitemap(project):
    """With canonical_to_original, article pages named the original as the page to index, and the sitemap still
    listed them: two contradicting signals to a search engine."""
    project.settings["canonical_to_original"] = True
    project.add("linked", title="Port strike ends", url="https://harbour-news.example.org/strike-ends")
    project.add("own", title="Ferry fares rise", date="2026-01-30T10:00:00+09:00")   # no original: its own
    build(project.config)
    sitemap = (project.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "port-strike-ends" not in sitemap and "ferry-fares-rise" in sitemap
    page = (project.output / "2026/01/30/ferry-fares-rise/index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' in page


def test_an_atom_entry_in_another_language_than_the_feeds_says_so(project):
    """An Arabic article sat under the feed's xml:lang="en" with nothing of its own: readers set it left to right
    and with English hyphenation and fonts (JSON Feed already gave the item's language)."""
    project.add("ar", title="ارتفاع أسعار النفط", date="2026-03-12T09:00:00+03:00", lang="ar", body="ارتفعت الأسعار.")
    project.add("en", title="Ferry fares rise", date="2026-03-11T09:00:00+03:00", body="Fares rose.")
    build(project.config)
    entries = {e.title: e for e in parse(project.output / "atom.xml").entries}
    assert entries["ارتفاع أسعار النفط"].title_detail.language == "ar"
    assert entries["Ferry fares rise"].title_detail.language == project.config.language
