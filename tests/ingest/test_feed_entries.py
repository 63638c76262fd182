"""Entries of RSS and Atom feeds as feedparser gives them, saved as JSON Lines (`json.dumps(entry, default=str)`):
the article in an entry's `content` list is read as the article, its tags and its item's `<source>` kept."""

from __future__ import annotations

import json
import time
from pathlib import Path

import feedparser
import pytest

from newsdigest.ingest import run
from newsdigest.ingest.feed_entries import without_feed_footer
from newsdigest.ingest.records import RecordLabel, read_records, record_page
from tests.ingest.conftest import front_matter, ingest_args
from tests.ingest.test_feed_files import PARAGRAPHS


RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Harbour Gazette</title><link>https://gazette.example/</link><description>News</description>
<item>
  <title>Port workers vote to end week-long strike</title>
  <link>https://gazette.example/2026/12/06/port-strike-ends</link>
  <pubDate>Sun, 06 Dec 2026 14:20:00 +0000</pubDate>
  <dc:creator>Mara Lindqvist</dc:creator>
  <category>Business</category><category>Labour</category>
  <description>Dock workers accepted a new pay offer on Sunday.</description>
  <content:encoded><![CDATA[{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}<script>alert(1)</script>]]></content:encoded>
</item>
<item>
  <title>Ferry timetable changes for winter</title>
  <link>https://news.aggregator.example/articles/ferry-winter</link>
  <pubDate>Sun, 06 Dec 2026 15:00:00 +0000</pubDate>
  <source url="https://isle-courier.example">Isle Courier</source>
  <description>Fewer crossings on weekdays from January.</description>
</item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Bay Daily</title><id>urn:bay</id>
<updated>2026-12-06T16:00:00Z</updated>
<entry><title>Harbour dredging to start in spring</title><id>urn:bay:1</id>
  <link href="https://bay.example/harbour-dredging"/><published>2026-12-06T16:00:00Z</published>
  <updated>2026-12-06T16:00:00Z</updated><author><name>Jo Okafor</name></author>
  <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</div></content>
</entry>
<entry><title>Harbour fees to rise next year</title><id>urn:bay:2</id>
  <link href="https://bay.example/harbour-fees"/><published>2026-12-06T17:00:00Z</published>
  <updated>2026-12-06T17:00:00Z</updated>
  <content type="text">{"&#10;&#10;".join(PARAGRAPHS)}</content>
</entry>
</feed>"""


def _entries(tmp_path: Path, feed: str, name: str) -> Path:
    """The feed's entries as a scraper that uses feedparser saves them."""
    path = tmp_path / name
    path.write_text("".join(json.dumps(entry, default=str) + "\n" for entry in feedparser.parse(feed).entries),
                    encoding="utf-8")
    return path


def test_an_entrys_content_list_is_its_article(tmp_path, config, content_dir):
    entries = _entries(tmp_path, RSS, "rss.jsonl")
    assert run(ingest_args(entries, out=content_dir), config) == 1   # the second item holds no page
    (written,) = content_dir.rglob("*.md")
    text = written.read_text(encoding="utf-8")
    meta = front_matter(written)
    assert meta["title"] == "Port workers vote to end week-long strike"
    assert meta["url"] == "https://gazette.example/2026/12/06/port-strike-ends"
    assert meta["author"] == "Mara Lindqvist"
    assert meta["tags"] == ["Business", "Labour"]
    assert meta["date"].isoformat() == "2026-12-06T14:20:00+00:00"
    assert all(paragraph in text for paragraph in PARAGRAPHS)
    assert "alert" not in text and "<script" not in text


def test_an_item_of_an_aggregators_feed_names_the_outlet_of_its_source(tmp_path, config, content_dir):
    """Google News' and other aggregators' RSS items name the outlet in `<source>`: feedparser's {"href", "title"}."""
    entries = _entries(tmp_path, RSS, "rss.jsonl")
    assert run(ingest_args(entries, out=content_dir, extra=("--headlines",)), config) == 0
    (headline,) = [path for path in content_dir.rglob("*.md") if "ferry" in path.name]
    meta = front_matter(headline)
    assert meta["source"] == "Isle Courier"
    assert meta["url"] == "https://news.aggregator.example/articles/ferry-winter"
    assert "Fewer crossings on weekdays from January." in headline.read_text(encoding="utf-8")


@pytest.mark.parametrize("number, kind", [(1, "html"), (2, "article")])
def test_atom_entries_in_xhtml_and_in_plain_text(number, kind):
    record = feedparser.parse(ATOM).entries[number - 1]
    page = record_page(json.loads(json.dumps(record, default=str)), RecordLabel(f"atom.jsonl:{number}", ""))
    assert page.kind == kind
    assert page.stated.title.startswith("Harbour")
    assert all(paragraph in page.text for paragraph in PARAGRAPHS)


def test_a_content_list_without_usable_content_is_no_page():
    """An entry whose `content` holds nothing readable (an empty value, a type that is neither HTML nor text)
    fails as a record with no page, naming --headlines only when no page field is there at all."""
    pages, problems = read_records("feed.jsonl", json.dumps({
        "title": "Harbour fees to rise", "link": "https://bay.example/harbour-fees",
        "content": [{"type": "image/png", "value": "iVBORw0KGgo="}, {"type": "text/html", "value": "  "}]}))
    assert not pages
    assert len(problems) == 1 and "record has no page" in problems[0][1] and "--headlines" not in problems[0][1]


def test_only_a_feeds_article_html_is_headed_by_its_title():
    """A feed's article HTML is the article alone, read under its stated headline; a scraper's `html` fragment may be
    a whole page's body (menus and all) and is read as it is."""
    fragment = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    fields = {"title": "Port workers vote", "url": "https://gazette.example/port"}
    feed_page = record_page({**fields, "content_html": fragment}, RecordLabel("feed.jsonl:1", ""))
    scraped_page = record_page({**fields, "html": fragment}, RecordLabel("crawl.jsonl:1", ""))
    assert feed_page.text.startswith("<!DOCTYPE html>") and "<h1>Port workers vote</h1>" in feed_page.text
    assert scraped_page.text == fragment


@pytest.mark.parametrize("field, value, kind", [
    ("yandex_full-text", "\n\n".join(PARAGRAPHS), "article"),
    ("turbo_content", "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS), "html"),
])
def test_an_entrys_full_text_for_aggregators_is_its_article(field, value, kind):
    """feedparser leaves a feed's yandex:full-text or turbo:content as a field of its own ("yandex_full-text"): an
    entry saved with one beside its short summary was a headline record."""
    record = {"title": "Ferry timetable changes", "link": "https://bay.example/ferry", "summary": "Fewer crossings.",
              field: value}
    page = record_page(record, RecordLabel("feed.jsonl:1", ""))
    assert page.kind == kind and all(paragraph in page.text for paragraph in PARAGRAPHS)


def test_a_long_run_of_spaces_in_an_items_article_is_read_in_one_pass():
    """The search for WordPress's closing line started again at each space of a run: an item with 20,000 spaces in
    its article took some twenty seconds (quadratic time), a feed of such items a hang."""
    started = time.monotonic()
    text = "<p>The ferry runs again." + " " * 20_000 + "Crossings resume on Monday.</p>"
    assert without_feed_footer(text) == text
    assert time.monotonic() - started < 2
    footer = "The post Ferry runs appeared first on Bay Daily.</p>"
    assert without_feed_footer(text.replace("Crossings resume on Monday.</p>", footer)) == "<p>The ferry runs again."
