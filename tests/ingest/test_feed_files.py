"""RSS and Atom feeds given to ingest as files: each item is read as a scraper record, another XML document is
refused by name, and a folder's feeds are read beside its pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdigest.ingest import run
from newsdigest.ingest.feed_files import is_feed, read_feed
from newsdigest.ingest.model import IngestError
from tests.ingest.conftest import front_matter, ingest_args

PARAGRAPHS = [
    "Dock workers at the container port voted on Sunday to accept a revised pay offer, ending a strike that had "
    "halted shipping for a week.",
    "The union said most members backed the deal, which raises wages over two years and limits night shifts.",
    "Port managers said the first vessels would be unloaded on Monday morning and the backlog cleared within ten "
    "days.",
]
CONTENT = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
HOSTILE = ('<p onclick="alert(2)">Shipping firms had diverted more than forty ships to other harbours during the '
           "dispute.</p>")


def _rss(items: str, title: str = "Harbour Gazette - Business", declaration: str = '<?xml version="1.0"?>') -> str:
    return f"""{declaration}
<!-- written by the outlet's publishing system -->
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>{title}</title><link>https://www.harbourgazette.com/</link><description>News</description>
<language>en-gb</language>
{items}
</channel></rss>"""


FULL_ITEM = f"""<item><title>Port workers vote to end week-long strike</title>
<link>https://www.harbourgazette.com/2026/12/06/port-strike-ends</link>
<pubDate>Sun, 06 Dec 2026 14:20:00 +0000</pubDate><category>Business</category>
<content:encoded><![CDATA[{CONTENT}<script>alert(1)</script>{HOSTILE}]]></content:encoded>
</item>"""
SUMMARY_ITEM = """<item><title>Ferry timetable changes for the winter months</title>
<link>https://www.harbourgazette.com/2026/12/06/ferry-winter</link>
<pubDate>Sun, 06 Dec 2026 15:00:00 +0000</pubDate>
<description>Fewer crossings on weekdays from January, the operator said.</description></item>"""


def _write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("text, expected", [
    ('<?xml version="1.0" encoding="utf-8"?>\n<!-- c --><?xml-stylesheet href="a.xsl"?>\n<rss version="2.0">', True),
    ('<feed xmlns="http://www.w3.org/2005/Atom">', True),
    ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', True),
    ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', False),
    ("<!DOCTYPE html><html><body><p>RSS feeds explained</p>", False),
    ("How to read an <rss> feed, in plain words.", False),
])
def test_a_feed_is_told_by_its_root_element(text, expected):
    assert is_feed(text) is expected


def test_a_feeds_items_are_articles_and_its_summaries_headlines(tmp_path, config, content_dir, capsys):
    feed = _write(tmp_path / "feeds", "gazette.rss", _rss(FULL_ITEM + SUMMARY_ITEM))
    assert run(ingest_args(feed, out=content_dir), config) == 1   # the summary's item holds no page
    out = capsys.readouterr().out
    assert "gazette.rss:2" in out and "--headlines" in out
    (article,) = content_dir.rglob("*.md")
    meta, text = front_matter(article), article.read_text(encoding="utf-8")
    assert meta["title"] == "Port workers vote to end week-long strike"
    assert meta["source"] == "Harbour Gazette"   # the piece of the feed's title that spells the site
    assert meta["lang"] == "en"                  # the feed's language
    assert meta["ingested_from"] == "gazette.rss:1"
    assert all(paragraph in text for paragraph in PARAGRAPHS) and "forty ships" in text
    assert "alert" not in text and "onclick" not in text

    assert run(ingest_args(feed, out=content_dir, extra=("--headlines",)), config) == 0
    (headline,) = [path for path in content_dir.rglob("*.md") if path != article]
    assert front_matter(headline)["source"] == "Harbour Gazette"
    assert "Fewer crossings on weekdays from January" in headline.read_text(encoding="utf-8")


def test_a_feed_title_that_names_no_site_names_no_outlet(tmp_path, config, content_dir):
    feed = _write(tmp_path, "top.xml", _rss(FULL_ITEM, title="Top stories: Business"))
    assert run(ingest_args(feed, out=content_dir), config) == 0
    (article,) = content_dir.rglob("*.md")
    assert front_matter(article)["source"] != "Top stories"


def test_a_feed_is_decoded_as_it_declares(tmp_path, config, content_dir):
    item = FULL_ITEM.replace("Port workers vote", "Café workers vote")
    feed = _write(tmp_path, "latin.xml", _rss(item, declaration='<?xml version="1.0" encoding="windows-1252"?>'),
                  encoding="windows-1252")
    assert run(ingest_args(feed, out=content_dir), config) == 0
    (article,) = content_dir.rglob("*.md")
    assert front_matter(article)["title"] == "Café workers vote to end week-long strike"


def test_a_folder_reads_its_feeds_and_refuses_other_xml_by_name(tmp_path, config, content_dir, capsys):
    inbox = tmp_path / "inbox"
    _write(inbox, "gazette.xml", _rss(FULL_ITEM))
    _write(inbox, "sitemap.xml", '<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                 "<url><loc>https://www.harbourgazette.com/</loc></url></urlset>")
    assert run(ingest_args(inbox, out=content_dir), config) == 1
    out = capsys.readouterr().out
    assert "sitemap.xml: an XML document that is neither a page nor an RSS or Atom feed" in out
    assert "1 written, 0 skipped, 1 failed." in out


@pytest.mark.parametrize("text, message", [
    (_rss(""), "an RSS or Atom feed with no items"),
    ('<?xml version="1.0"?><rss version="2.0"><channel><title>Cut short', "an RSS or Atom feed"),
])
def test_a_feed_with_no_item_to_read_fails_naming_why(text, message):
    with pytest.raises(IngestError, match=message):
        read_feed("feed.xml", text.encode("utf-8"))


def test_an_atom_feeds_entries(tmp_path):
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de"><title>Hafenblatt</title><id>urn:hafen</id>
<updated>2026-12-06T16:00:00Z</updated>
<entry><title>Hafen wird im Frühjahr ausgebaggert</title><id>urn:hafen:1</id>
<link href="https://www.hafenblatt.de/2026/hafen-baggern"/><published>2026-12-06T16:00:00Z</published>
<updated>2026-12-06T16:00:00Z</updated><author><name>Jo Okafor</name></author>
<content type="html">{CONTENT.replace("<", "&lt;").replace(">", "&gt;")}</content></entry></feed>"""
    pages, problems = read_feed("hafen.atom", atom.encode("utf-8"))
    assert not problems
    (page,) = pages
    assert page.kind == "html" and page.label == "hafen.atom:1"
    assert page.source == "Hafenblatt" and page.stated.lang == "de"   # the feed's title and language
    assert page.stated.title == "Hafen wird im Frühjahr ausgebaggert" and page.stated.author == "Jo Okafor"
    assert page.url == "https://www.hafenblatt.de/2026/hafen-baggern"
    assert all(paragraph in page.text for paragraph in PARAGRAPHS)
