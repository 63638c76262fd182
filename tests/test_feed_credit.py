"""Every feed item credits the reporting it summarises, read back with feedparser as a subscriber's reader would:
on the shipped sample site, and on the five real scraped pages in ../shared/seeds ingested into a fresh site.

An item names its outlet (RSS <source> and dc:creator, Atom <author>, JSON Feed `authors`), or says
"source unknown" when the outlet is not known, and links the original article wherever its address is known
(RSS <source url> on the original's site, Atom rel="via", JSON Feed `external_url`). Story feeds name every
outlet of the story. tests/test_feeds_formats.py checks the same on small hand-made articles.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

from newsdigest.build import build
from newsdigest.config import load_config
from newsdigest.ingest import ingest_file

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
UNKNOWN = "source unknown"
ARTICLE_FEEDS = ("feed.xml", "atom.xml", "feed.json")
STORY_FEEDS = ("stories/feed.xml", "stories/atom.xml", "stories/feed.json")


def build_site(root: Path, content: Path):
    config = load_config(REPO / "config.yaml", {"content_dir": str(content), "output_dir": str(root / "out"),
                                                "search": {"enabled": False}})
    return config, build(config)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("sample"), REPO / "content")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """The seed pages ingested as ingest finds them (outlet and address from the page itself, or none)."""
    if not SEEDS.is_dir():
        pytest.skip(f"no seed pages at {SEEDS}: the real scraped pages exist only in the team's workspaces and CI")
    root = tmp_path_factory.mktemp("seeded")
    content = root / "content"
    content.mkdir()
    config = load_config(REPO / "config.yaml", {"content_dir": str(content)})
    for page in sorted(SEEDS.glob("*.txt")):
        report = ingest_file(page, config, out_dir=content)
        assert report.ok and len(report.written) == 1, [o.message for o in report.outcomes]
    return build_site(root, content)


def read_feed(path: Path):
    """(format, items) with each item as {"outlets", "original", "link", "id", "updated"} as a reader sees them."""
    if path.suffix == ".json":
        items = json.loads(path.read_text(encoding="utf-8"))["items"]
        return "json", [{"outlets": [a["name"] for a in item.get("authors", [])], "original": item.get("external_url"),
                         "id": item["id"], "item": item} for item in items]
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, (path, feed.get("bozo_exception"))
    if feed.version == "atom10":
        return "atom", [{"outlets": [a.get("name") for a in e.get("authors", [])], "id": e.id, "item": e,
                         "original": next((link.href for link in e.links if link.rel == "via"), None)}
                        for e in feed.entries]
    return "rss", [{"outlets": [e.source.title] if "source" in e else [], "creator": e.get("author", ""),
                    "source_url": e.source.get("href") if "source" in e else None, "id": e.id, "item": e}
                   for e in feed.entries]


def assert_credited(output: Path, articles_by_link: dict, base: str) -> int:
    """Every article item of the site's feeds names its outlet (or "source unknown") and links the original."""
    checked = 0
    for name in ARTICLE_FEEDS:
        kind, items = read_feed(output / name)
        assert items, name
        for item in items:
            article = articles_by_link[item["id"]]
            outlet = article.source.strip() or UNKNOWN
            assert outlet in item["outlets"], (name, item["id"], item["outlets"])
            if kind == "rss":
                assert outlet in item["creator"]
                if article.url:  # the <source url> is the original's own site
                    parts = urlsplit(article.url)
                    assert item["source_url"] == f"{parts.scheme}://{parts.netloc}/", item["id"]
                else:
                    assert item["source_url"].startswith(base)
            else:
                assert item["original"] == (article.url or None), (name, item["id"])
            checked += 1
    return checked


def by_link(config, result) -> dict:
    return {config.base_url + a.page_url.lstrip("/"): a for a in result.site.articles}


def test_every_sample_feed_item_names_its_outlet_and_links_the_original(sample):
    config, result = sample
    assert all(a.source and a.url for a in result.site.articles)  # the sample credits every article
    checked = assert_credited(config.output_dir, by_link(config, result), config.base_url)
    assert checked == 3 * min(len(result.site.articles), config.feeds.items)


def test_every_sample_story_item_names_every_outlet_of_the_story(sample):
    config, result = sample
    stories = {config.base_url + s.url.lstrip("/"): s for s in result.site.stories}
    assert len(stories) >= 3
    for name in STORY_FEEDS:
        kind, items = read_feed(config.output_dir / name)
        assert [item["id"] for item in items] == list(stories)[: config.feeds.items], name
        for item in items:
            story = stories[item["id"]]
            if kind == "rss":
                assert all(source in item["creator"] for source in story.sources)
                # (the story's date: its newest report's, a day-dated one's at midday, or a later correction's)
                assert item["item"].published_parsed[:6] == story.updated.utctimetuple()[:6]
            else:
                assert item["outlets"] == list(story.sources), name
                assert item["original"] == story.lead.url
    _, atom = read_feed(config.output_dir / "stories/atom.xml")
    for item in atom:
        story = stories[item["id"]]
        assert item["item"].updated_parsed[:6] == story.updated.utctimetuple()[:6]  # the newest report's date


def test_topic_feeds_categorise_by_topic_title_not_slug(sample):
    config, result = sample
    titles = {rule.slug: rule.title for rule in config.all_topics()}
    for name in ("feed.xml", "atom.xml"):
        feed = feedparser.parse((config.output_dir / name).read_bytes())
        terms = {tag.term for entry in feed.entries for tag in entry.get("tags", [])}
        assert terms and terms <= set(titles.values()), terms
    items = json.loads((config.output_dir / "feed.json").read_text(encoding="utf-8"))["items"]
    assert not {tag for item in items for tag in item.get("tags", [])} & (set(titles) - set(titles.values()))


def test_every_seed_feed_item_names_its_outlet_or_says_source_unknown(seeded):
    config, result = seeded
    assert len(result.site.articles) == len(list(SEEDS.glob("*.txt")))
    checked = assert_credited(config.output_dir, by_link(config, result), config.base_url)
    assert checked == 3 * len(result.site.articles)
    raw = (config.output_dir / "feed.xml").read_text(encoding="utf-8")
    for article in result.site.articles:
        if not article.source:
            assert f">{UNKNOWN}</source>" in raw



def test_every_seed_article_page_names_its_outlet_or_says_source_unknown(seeded):
    """The same on the article pages of the ingested seeds: the outlet (or "source unknown") in the article's
    header, with a link to the original wherever ingest found its address."""
    from markupsafe import escape  # as Jinja's autoescape writes it

    config, result = seeded
    for article in result.site.articles:
        html = (config.output_dir / article.page_url.lstrip("/") / "index.html").read_text(encoding="utf-8")
        header = html.split("<header>", 1)[1].split("</header>", 1)[0]
        if article.source:
            assert f">{escape(article.source)}</a>" in header, article.page_url
        else:
            assert UNKNOWN in header, article.page_url
        if article.url:
            assert f'href="{escape(article.url)}"' in header, article.page_url
        assert "Photo caption:" not in html and "date inferred from" not in html
