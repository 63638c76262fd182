"""RSS and Atom feeds given to ingest as files: each item is read as a scraper record, another XML document is
refused by name, and a folder's feeds are read beside its pages."""

from __future__ import annotations

import html
import time
from pathlib import Path

import pytest

from newsdigest.ingest import run
from newsdigest.ingest.feed_files import FEED_ROOTS, read_feed, root_element
from newsdigest.ingest.model import IngestError
from newsdigest.markup import render_markdown
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
    assert (root_element(text) in FEED_ROOTS) is expected


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


def test_a_folder_reads_its_feeds_and_skips_other_xml_by_name(tmp_path, config, content_dir, capsys):
    """A sitemap saved beside the pages failed the run (exit status 1), which a daily cron job mails every day."""
    inbox = tmp_path / "inbox"
    _write(inbox, "gazette.xml", _rss(FULL_ITEM))
    _write(inbox, "sitemap.xml", '<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                 "<url><loc>https://www.harbourgazette.com/</loc></url></urlset>")
    assert run(ingest_args(inbox, out=content_dir), config) == 0
    out = capsys.readouterr().out
    assert "sitemap.xml: an XML document that is neither a page nor an RSS or Atom feed" in out
    assert "1 written, 1 skipped, 0 failed." in out


@pytest.mark.parametrize("text, message", [
    (_rss(""), "an RSS or Atom feed with no items"),
    ('<?xml version="1.0"?><rss version="2.0"><channel><title>Cut short', "an RSS or Atom feed"),
])
def test_a_feed_with_no_item_to_read_fails_naming_why(text, message):
    with pytest.raises(IngestError, match=message):
        read_feed("feed.xml", text)


def test_an_atom_feeds_entries(tmp_path):
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de"><title>Hafenblatt</title><id>urn:hafen</id>
<updated>2026-12-06T16:00:00Z</updated>
<entry><title>Hafen wird im Frühjahr ausgebaggert</title><id>urn:hafen:1</id>
<link href="https://www.hafenblatt.de/2026/hafen-baggern"/><published>2026-12-06T16:00:00Z</published>
<updated>2026-12-06T16:00:00Z</updated><author><name>Jo Okafor</name></author>
<content type="html">{CONTENT.replace("<", "&lt;").replace(">", "&gt;")}</content></entry></feed>"""
    pages, problems = read_feed("hafen.atom", atom)
    assert not problems
    (page,) = pages
    assert page.kind == "html" and page.label == "hafen.atom:1"
    assert page.source == "Hafenblatt" and page.stated.lang == "de"   # the feed's title and language
    assert page.stated.title == "Hafen wird im Frühjahr ausgebaggert" and page.stated.author == "Jo Okafor"
    assert page.url == "https://www.hafenblatt.de/2026/hafen-baggern"
    assert all(paragraph in page.text for paragraph in PARAGRAPHS)


def test_a_hostile_prolog_is_read_in_one_pass():
    """Thousands of comments before a root element that is no feed's took exponential time to reject (a hang)."""
    started = time.monotonic()
    assert root_element('<?xml version="1.0"?>\n' + "<!-- c -->\n" * 5000 + "<urlset>") == "urlset"
    assert time.monotonic() - started < 5
    assert root_element('<!DOCTYPE rss [<!ENTITY nbsp "&#160;">]>\n<rss version="2.0">') == "rss"
    assert root_element("<!-- never closed <rss>") == ""


def _one_item(tmp_path, config, content_dir, feed_text: str, name: str = "feed.xml", encoding: str = "utf-8"):
    feed = _write(tmp_path, name, feed_text, encoding)
    assert run(ingest_args(feed, out=content_dir), config) == 0
    (article,) = content_dir.rglob("*.md")
    return front_matter(article), article.read_text(encoding="utf-8")


def test_an_items_article_keeps_its_first_paragraph_and_subheadings(tmp_path, config, content_dir):
    """Read as a page of its own, an item's HTML lost its first paragraph (taken for the headline) and, with it, a
    list's first entry or the subheading after it."""
    body = f"<p>{PARAGRAPHS[0]}</p><h2>Night shifts</h2><p>{PARAGRAPHS[1]}</p><ul><li>{PARAGRAPHS[2]}</li></ul>"
    meta, text = _one_item(tmp_path, config, content_dir, _rss(FULL_ITEM.replace(CONTENT, body)))
    assert meta["title"] == "Port workers vote to end week-long strike"
    assert all(paragraph in text for paragraph in PARAGRAPHS) and "## Night shifts" in text


def test_an_items_article_keeps_its_list_of_short_points_and_its_last_paragraph(tmp_path, config, content_dir):
    """The page reader doubted the extractor's reading of an item's page, which declared no headline, and took the
    text cleaner's: the list of short points and the paragraph after it were gone."""
    points = "<ul><li>New landing stage by May</li><li>Second boat in service by July</li></ul>"
    last = "The budget will be reviewed again in the autumn, when the council expects the final figures."
    item = FULL_ITEM.replace(CONTENT, f"{CONTENT}{points}<p>{last}</p>")
    meta, text = _one_item(tmp_path, config, content_dir, _rss(item))
    assert all(paragraph in text for paragraph in PARAGRAPHS)
    assert "- New landing stage by May\n- Second boat in service by July" in text and last in text


def test_an_undeclared_legacy_encoding_is_the_one_detected(tmp_path, config, content_dir):
    title = "Совет утвердил новый мост через реку у старого порта"
    paragraph = ("Городской совет во вторник утвердил проект нового моста через реку, который соединит старый порт "
                 "с новыми жилыми кварталами на другом берегу.")
    item = FULL_ITEM.replace("Port workers vote to end week-long strike", title)
    item = item.replace(CONTENT, f"<p>{paragraph}</p>" * 3)
    meta, text = _one_item(tmp_path, config, content_dir, _rss(item), encoding="windows-1251")
    assert meta["title"] == title and paragraph in text


def test_what_an_item_leaves_out_and_what_it_says_itself(tmp_path, config, content_dir):
    """An Atom entry with <updated> alone is dated by it; its own xml:lang wins over the feed's; a title written as
    HTML is read as text; a "&#xD800;" costs nothing but its character."""
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>Hafenblatt</title><id>urn:h</id>
<updated>2026-12-06T16:00:00Z</updated>
<entry xml:lang="de"><title type="html">&lt;b&gt;Live:&lt;/b&gt; Hafen wird ausgebaggert&#xD800;</title><id>urn:h:1</id>
<link href="https://www.hafenblatt.de/2026/hafen"/><updated>2026-03-03T10:00:00Z</updated>
<content type="html">{CONTENT.replace("<", "&lt;").replace(">", "&gt;")}</content></entry></feed>"""
    meta, _ = _one_item(tmp_path, config, content_dir, atom, "hafen.atom")
    assert meta["date"].isoformat() == "2026-03-03T10:00:00+00:00"
    assert meta["lang"] == "de"
    assert meta["title"] == "Live: Hafen wird ausgebaggert\ufffd"


def test_an_items_relative_address_is_read_against_the_site_and_no_word_of_a_title_is_an_outlet(
        tmp_path, config, content_dir):
    item = FULL_ITEM.replace("https://www.harbourgazette.com/2026/12/06/port-strike-ends", "/2026/12/06/port-strike")
    meta, _ = _one_item(tmp_path, config, content_dir, _rss(item, title="Harbour: weekend reading"))
    assert meta["url"] == "https://www.harbourgazette.com/2026/12/06/port-strike"
    assert meta["source"] != "Harbour"   # a word the domain only starts with


def test_a_list_of_feeds_is_no_feed(tmp_path, config, content_dir, capsys):
    opml = _write(tmp_path, "feeds.xml", '<?xml version="1.0"?>\n<opml version="2.0"><head><title>My feeds</title>'
                  '</head><body><outline text="Gazette" xmlUrl="https://www.harbourgazette.com/feed"/></body></opml>')
    assert run(ingest_args(opml, out=content_dir), config) == 0
    out = capsys.readouterr().out
    assert "an XML document that is neither a page nor an RSS or Atom feed" in out and "0 written, 1 skipped" in out


def test_the_watchers_line_for_a_feed_names_each_item(tmp_path, config):
    """The inbox log called a feed's items "line 1", "line 2", as for JSON Lines."""
    from newsdigest.ingest import ingest_file

    feed = _write(tmp_path, "gazette.xml", _rss(FULL_ITEM + SUMMARY_ITEM))
    status = ingest_file(feed, config, out_dir=tmp_path / "content").status
    assert status.startswith("item 1 written ") and "; item 2 failed: record has no page" in status


def test_the_site_lines_count_before_a_run_does_not_parse_feeds(tmp_path, monkeypatch):
    """Lines a site prints on its other pages are counted over text dumps alone: a feed was parsed twice a run."""
    from newsdigest.ingest import readers, site_lines

    feed = _write(tmp_path, "gazette.xml", _rss(FULL_ITEM))
    monkeypatch.setattr(readers, "read_feed", lambda *args, **kwargs: pytest.fail("the feed was parsed"))
    site_lines.count_site_lines([feed])
    with pytest.raises(pytest.fail.Exception):
        readers.read_file(feed)


@pytest.mark.parametrize("ending, kept", [
    ('<p>The post <a href="https://www.harbourgazette.com/x">Port strike ends</a> appeared first on '
     '<a href="https://www.harbourgazette.com">Harbour Gazette</a>.</p>', False),
    ("<p>Der Beitrag Hafenstreik beendet erschien zuerst auf Hafenblatt.</p>", False),
    # a sentence of the article that happens to start and go on so, and a last paragraph after it, stay
    ("<p>The post office appeared first on the list of closures, the council said, and the library second.</p>", True),
    # a blogging platform's: the linked headline, "was originally published in" the publication
    ('<hr><p><a href="https://medium.com/gazette/port-strike-ends-1f2e">Port strike ends</a> was originally published '
     'in '
     '<a href="https://medium.com/gazette">Harbour Gazette</a> on Medium, where people are continuing the conversation '
     "by highlighting and responding to this story.</p>", False),
    ("<p>The agreement was originally published in 2019 and renewed twice, the union said.</p>", True),
])
def test_a_wordpress_feeds_closing_line_is_no_text_of_the_article(tmp_path, config, content_dir, ending, kept):
    meta, text = _one_item(tmp_path, config, content_dir, _rss(FULL_ITEM.replace(HOSTILE, HOSTILE + ending)))
    assert all(paragraph in text for paragraph in PARAGRAPHS)
    assert any(words in text for words in ("appeared first on", "erschien zuerst", "originally published")) is kept


def test_a_headline_items_summary_loses_the_closing_line_too(tmp_path, config, content_dir):
    item = SUMMARY_ITEM.replace("the operator said.</description>",
                                "the operator said. The post Ferry timetable changes appeared first on Harbour "
                                "Gazette.</description>")
    feed = _write(tmp_path, "gazette.xml", _rss(item))
    assert run(ingest_args(feed, out=content_dir, extra=("--headlines",)), config) == 0
    (headline,) = content_dir.rglob("*.md")
    text = headline.read_text(encoding="utf-8")
    assert "Fewer crossings on weekdays from January, the operator said." in text and "appeared first" not in text


def test_a_description_that_holds_the_whole_article_is_the_article(tmp_path, config, content_dir):
    """Many RSS feeds carry the whole article in <description>, with no content:encoded: it was a headline's summary,
    its paragraphs run into one (and without --headlines the item failed)."""
    more = ("The harbour authority said it would publish a new schedule for the container terminal by Wednesday, "
            "after talks with the shipping lines whose vessels had waited at anchor outside the port.")
    description = "".join(f"&lt;p&gt;{paragraph}&lt;/p&gt;" for paragraph in [*PARAGRAPHS, more])
    item = SUMMARY_ITEM.replace("Fewer crossings on weekdays from January, the operator said.", description)
    meta, text = _one_item(tmp_path, config, content_dir, _rss(item))
    assert meta["title"] == "Ferry timetable changes for the winter months"
    assert all(f"\n{paragraph}\n" in text for paragraph in [*PARAGRAPHS, more])   # each a paragraph of its own


def test_an_item_whose_content_is_a_teaser_is_a_headline(tmp_path, config, content_dir, capsys):
    """An excerpt feed's content ("Fares will rise. Continue reading", and WordPress's closing line) failed as an
    article of 18 words, with --headlines too."""
    teaser = ('<p>Fewer crossings on weekdays from January. <a href="https://www.harbourgazette.com/x">Continue '
              'reading</a></p><p>The post Ferry timetable changes appeared first on Harbour Gazette.</p>')
    item = SUMMARY_ITEM.replace("</description>", f"</description><content:encoded><![CDATA[{teaser}]]>"
                                                  "</content:encoded>")
    feed = _write(tmp_path, "gazette.xml", _rss(item))
    assert run(ingest_args(feed, out=content_dir), config) == 1
    assert "--headlines" in capsys.readouterr().out
    assert run(ingest_args(feed, out=content_dir, extra=("--headlines",)), config) == 0
    (headline,) = content_dir.rglob("*.md")
    text = headline.read_text(encoding="utf-8")
    assert "Fewer crossings on weekdays from January, the operator said." in text and "appeared first" not in text


def test_no_category_and_a_categorys_address_are_no_tags(tmp_path, config, content_dir):
    item = FULL_ITEM.replace("<category>Business</category>", "<category>Business</category><category>Uncategorized"
                             "</category><category>https://www.harbourgazette.com/category/port</category>")
    meta, _ = _one_item(tmp_path, config, content_dir, _rss(item))
    assert meta["tags"] == ["Business"]


def test_an_aggregators_list_of_other_reports_is_no_summary(tmp_path, config, content_dir):
    """A news aggregator's item lists its outlets' reports of the story as its summary: it ran into one paragraph of
    headlines and outlet names."""
    reports = "".join(f'<li><a href="https://www.{outlet.lower()}.com/x">Ferry timetable changes</a> {outlet}</li>'
                      for outlet in ("Gazette", "Courier", "Post"))
    item = SUMMARY_ITEM.replace("Fewer crossings on weekdays from January, the operator said.",
                                f"&lt;ol&gt;{reports.replace('<', '&lt;').replace('>', '&gt;')}&lt;/ol&gt;")
    feed = _write(tmp_path, "news.xml", _rss(item))
    assert run(ingest_args(feed, out=content_dir, extra=("--headlines",)), config) == 0
    (headline,) = content_dir.rglob("*.md")
    assert "Courier" not in headline.read_text(encoding="utf-8")


def test_an_atom_entry_whose_content_is_elsewhere_is_a_headline():
    """Atom's <content src="..."/> points at the article and holds no text: the entry failed as a record with no
    page, with --headlines too."""
    atom = """<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Bay Daily</title><id>u</id>
<updated>2026-03-03T10:00:00Z</updated><entry><title>Harbour fees to rise next year</title><id>u:1</id>
<link href="https://bay.example/fees"/><updated>2026-03-03T10:00:00Z</updated>
<summary>Fees will rise next year, the harbour authority said.</summary>
<content src="https://bay.example/fees.html" type="text/html"/></entry></feed>"""
    pages, problems = read_feed("bay.atom", atom, headlines=True)
    assert not problems and pages[0].kind == "headline"
    assert pages[0].text == "Fees will rise next year, the harbour authority said."


def test_a_file_named_as_a_feed_that_holds_another_xml_document_fails(tmp_path, config, content_dir, capsys):
    """A feed download that brought an error document instead must not pass unnoticed, as a sitemap in a folder may."""
    error = _write(tmp_path, "gazette.rss", '<?xml version="1.0"?>\n<Error><Code>AccessDenied</Code></Error>')
    assert run(ingest_args(error, out=content_dir), config) == 1
    assert "neither a page nor an RSS or Atom feed, though named as a feed" in capsys.readouterr().out


def test_an_atom_feed_written_with_a_namespace_prefix_is_a_feed(tmp_path, config, content_dir):
    feed = _write(tmp_path, "gazette.xml", '<?xml version="1.0"?>\n<atom:feed xmlns:atom="http://www.w3.org/2005/Atom">'
                  "<atom:title>Harbour Gazette</atom:title><atom:link href=\"https://www.harbourgazette.com/\"/>"
                  "<atom:entry><atom:title>Port workers vote to end week-long strike</atom:title>"
                  '<atom:link href="https://www.harbourgazette.com/2026/12/06/port-strike-ends"/>'
                  "<atom:updated>2026-12-06T14:20:00Z</atom:updated><atom:content type=\"html\">"
                  + html.escape(CONTENT) + "</atom:content></atom:entry></atom:feed>")
    assert run(ingest_args(feed, out=content_dir), config) == 0
    (article,) = content_dir.rglob("*.md")
    assert front_matter(article)["title"] == "Port workers vote to end week-long strike"


@pytest.mark.parametrize("cut_at", ["Port managers said", "</content:encoded>", "<pubDate>Sun, 06 Dec"])
def test_the_item_a_cut_feed_ends_inside_is_left_out_saying_so(tmp_path, config, content_dir, capsys, cut_at):
    """A feed download cut short lost its last item's article without a word: the item was written as a headline
    with no text (with --headlines), which the whole feed, read later, could no longer replace."""
    whole = _rss(SUMMARY_ITEM + FULL_ITEM)
    feed = _write(tmp_path, "gazette.rss", whole[:whole.index(cut_at, whole.index("port-strike-ends"))])
    assert run(ingest_args(feed, out=content_dir, extra=("--headlines",)), config) == 1
    out = capsys.readouterr().out
    assert "gazette.rss:2: cut short: the feed ends inside this item" in out and "not well-formed" in out
    (headline,) = content_dir.rglob("*.md")   # the item before it is read
    assert front_matter(headline)["title"] == "Ferry timetable changes for the winter months"
    _write(tmp_path, "gazette.rss", whole)
    assert run(ingest_args(feed, out=content_dir, extra=("--headlines",)), config) == 0
    assert any("forty ships" in path.read_text(encoding="utf-8") for path in content_dir.rglob("*.md"))


@pytest.mark.parametrize("stated, image", [
    ('<media:content url="//img.harbourgazette.com/strike.jpg" medium="image"/>',
     "https://img.harbourgazette.com/strike.jpg"),
    ('<media:content url="https://v.harbourgazette.com/strike.mp4" medium="video"/>'
     '<media:thumbnail url="https://img.harbourgazette.com/still.jpg"/>', "https://img.harbourgazette.com/still.jpg"),
    ('<enclosure url="https://img.harbourgazette.com/strike.jpg" type="image/jpeg" length="1"/>',
     "https://img.harbourgazette.com/strike.jpg"),
    ('<enclosure url="https://cdn.harbourgazette.com/strike.mp3" type="audio/mpeg" length="1"/>', None),
])
def test_the_picture_an_item_states_is_its_image(tmp_path, config, content_dir, stated, image):
    """A feed's picture of an item (media:content, media:thumbnail, an enclosure of an image) was lost: no `image:`."""
    item = FULL_ITEM.replace("<category>", stated + "<category>")
    meta, _ = _one_item(tmp_path, config, content_dir, _rss(item).replace(
        "<rss ", '<rss xmlns:media="http://search.yahoo.com/mrss/" '))
    assert meta.get("image") == image


def test_the_picture_of_an_items_first_figure_is_its_image(tmp_path, config, content_dir):
    """The caption of an item's first figure was written, its picture not: a caption under no picture."""
    figure = ('<figure><img src="/uploads/strike-1024x683.jpg" alt="Dockers"><figcaption>Dock workers leave the vote '
              "at the union hall.</figcaption></figure>")
    meta, _ = _one_item(tmp_path, config, content_dir, _rss(FULL_ITEM.replace("<![CDATA[", "<![CDATA[" + figure)))
    assert meta["image"] == "https://www.harbourgazette.com/uploads/strike-1024x683.jpg"
    assert meta["image_caption"] == "Dock workers leave the vote at the union hall."


def test_a_thumbnail_too_small_for_a_page_is_no_image(tmp_path, config, content_dir):
    item = FULL_ITEM.replace("<category>", '<media:thumbnail url="https://img.harbourgazette.com/s72-c/strike.jpg" '
                                           'width="72" height="72"/><category>')
    meta, _ = _one_item(tmp_path, config, content_dir, _rss(item).replace(
        "<rss ", '<rss xmlns:media="http://search.yahoo.com/mrss/" '))
    assert "image" not in meta


@pytest.mark.parametrize("title, link, outlet", [
    ("Le Courrier des Alpes", "https://www.courrierdesalpes.fr/a", "Le Courrier des Alpes"),
    ("El Diario del Puerto | Portada", "https://www.diariodelpuerto.es/a", "El Diario del Puerto"),
    ("L'Écho du Lac - Actualités", "https://echodulac.fr/a", "L'Écho du Lac"),
    ("Die Hafenzeitung: Lokales", "https://www.hafenzeitung.de/a", "Die Hafenzeitung"),
    ("Le Monde de la Mer", "https://www.lemondedelamer.fr/a", "Le Monde de la Mer"),
    ("Les Actualités", "https://www.lesactualites-du-port.fr/a", ""),
])
def test_a_feed_title_names_its_outlet_after_an_article_of_any_language(title, link, outlet):
    """"Le Courrier des Alpes" was not taken for courrierdesalpes.fr's outlet ("The" alone was read as an article),
    which was then named by its host."""
    from newsdigest.ingest.feed_files import _outlet_of
    assert _outlet_of(title, link) == outlet


def test_a_folders_rss_1_feed_named_rdf_is_read(tmp_path, config, content_dir, capsys):
    """RSS 1.0 feeds are published as `index.rdf`: given alone one was read, in a folder it was left unread by name."""
    rdf = f"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns="http://purl.org/rss/1.0/" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel rdf:about="https://www.harbourgazette.com/index.rdf"><title>Harbour Gazette</title>
<link>https://www.harbourgazette.com/</link><description>News</description></channel>
<item rdf:about="https://www.harbourgazette.com/2026/12/06/port-strike-ends">
<title>Port workers vote to end strike</title>
<link>https://www.harbourgazette.com/2026/12/06/port-strike-ends</link><dc:date>2026-12-06T14:20:00+00:00</dc:date>
<content:encoded><![CDATA[{CONTENT}]]></content:encoded></item></rdf:RDF>"""
    _write(tmp_path / "inbox", "index.rdf", rdf)
    assert run(ingest_args(tmp_path / "inbox", out=content_dir), config) == 0
    (article,) = content_dir.rglob("*.md")
    assert front_matter(article)["title"] == "Port workers vote to end strike"


_FULL_TEXT_NAMESPACES = ('xmlns:yandex="http://news.yandex.ru" xmlns:turbo="http://turbo.yandex.ru" '
                         'xmlns:rambler="http://news.rambler.ru" xmlns:dc="http://purl.org/dc/elements/1.1/" '
                         'xmlns:content="http://purl.org/rss/1.0/modules/content/"')


@pytest.mark.parametrize("full_text", [
    "<yandex:full-text>{}</yandex:full-text>".format("\n\n".join(PARAGRAPHS)),
    "<yandex:full-text>{}</yandex:full-text>".format("\n".join(PARAGRAPHS)),   # a paragraph a line
    "<turbo:content><![CDATA[<header><h1>Ferry timetable changes for the winter months</h1></header>"
    f"{CONTENT}<script>alert(1)</script>{HOSTILE}]]></turbo:content>",
    f"<rambler:fulltext>{html.escape(CONTENT)}</rambler:fulltext>",
    f"<dc:content><![CDATA[{CONTENT}]]></dc:content>",
])
def test_an_items_full_text_for_aggregators_is_its_article(tmp_path, config, content_dir, full_text):
    """Feeds written for news aggregators carry the article in a field of their own beside a short <description>
    (Yandex's yandex:full-text and turbo:content, Rambler's rambler:fulltext, dc:content): it was ignored, and the
    item was a headline with its summary (with --headlines; without, it failed)."""
    item = SUMMARY_ITEM.replace("</description>", f"</description>{full_text}")
    feed = _rss(item).replace('xmlns:content="http://purl.org/rss/1.0/modules/content/"', _FULL_TEXT_NAMESPACES)
    meta, text = _one_item(tmp_path, config, content_dir, feed)
    assert meta["title"] == "Ferry timetable changes for the winter months"
    assert all(f"\n{paragraph}\n" in text for paragraph in PARAGRAPHS)   # each a paragraph of its own
    assert "Fewer crossings" not in text and "alert" not in text and "onclick" not in text


def test_character_references_escaped_again_are_read_as_in_a_title(tmp_path, config, content_dir):
    """A feed that escapes its text twice or three times ("students &amp;amp;amp; residents") had it decoded in a
    title and not in a summary or an article ("students \\&amp; residents"); markup escaped so stays text."""
    escaped = "&amp;amp;amp;"
    summary = SUMMARY_ITEM.replace("Fewer crossings on weekdays", f"Fewer crossings {escaped} fares on weekdays")
    summary = summary.replace("from January,", "from January &amp;amp;#8211;")
    body = CONTENT.replace("voted on Sunday", "voted on Sunday &amp;amp;amp; Monday")
    script = "&amp;amp;lt;script&amp;amp;gt;alert(3)&amp;amp;lt;/script&amp;amp;gt;"
    body = body.replace("The union said", f"The union said {script}")
    feed = _write(tmp_path, "gazette.rss", _rss(FULL_ITEM.replace(CONTENT, body) + summary))
    assert run(ingest_args(feed, out=content_dir, extra=("--headlines",)), config) == 0
    texts = {path.name: path.read_text(encoding="utf-8") for path in content_dir.rglob("*.md")}
    ferry = next(text for name, text in texts.items() if "ferry" in name)
    assert "Fewer crossings & fares on weekdays from January – the operator said." in ferry
    port = next(text for name, text in texts.items() if "port" in name)
    assert "voted on Sunday & Monday" in port and "&amp;" not in port
    assert "<script" not in render_markdown(port.split("\n---\n", 1)[1])[0]


@pytest.mark.parametrize("ending, words, kept", [
    ('<p><em>Support independent local news. <a href="https://www.harbourgazette.com/join">Become a member.</a></em>'
     "</p>", "Become a member", False),
    ('<p>Unterstützen Sie unabhängigen Lokaljournalismus: <a href="https://www.harbourgazette.com/join">Werden Sie '
     "jetzt Mitglied</a>.</p>", "Mitglied", False),
    ("<p>¿Te gusta lo que lees? Hazte socio de Harbour Gazette.</p>", "Hazte socio", False),
    ("<hr><p>Thanks for reading Harbour Notes! Subscribe for free to receive new posts and support my work.</p>",
     "Subscribe for free", False),
    # an article's own last sentence that tells of support or members stays
    ("<p>Support for the deal was strongest among younger members, the union said.</p>", "Support for the deal", True),
    ("<p>Dock workers can become members of the union after six months on the job.</p>", "become members", True),
    # nor a call the article quotes or tells of
    ("<p>Organisers handed out flags. Support our troops, the banners read along the route.</p>", "troops", True),
    ("<p>Подпишитесь на петицию, призвал депутат.</p>", "петицию", True),
    # a call with a comma of its own is still the outlet's
    ("<p>Guter Journalismus kostet Geld. Unterstützen Sie uns, damit wir weiter unabhängig berichten können.</p>",
     "Unterstützen Sie uns", False),
    ("<p>We rely on readers like you. Become a member, and help keep local news free for all.</p>", "Become", False),
])
def test_a_call_to_support_the_outlet_ending_an_item_is_no_text_of_it(tmp_path, config, content_dir, ending, words,
                                                                      kept):
    """An outlet's or a platform's call to support or subscribe, as an item's last short paragraph, was kept as the
    article's last paragraph."""
    meta, text = _one_item(tmp_path, config, content_dir, _rss(FULL_ITEM.replace(HOSTILE, HOSTILE + ending)))
    assert all(paragraph in text for paragraph in PARAGRAPHS) and "forty ships" in text
    assert (words in text) is kept


_STORY = '<a href="https://www.harbourgazette.com/2026/12/01/cranes">Cranes stand idle as talks stall</a>'


@pytest.mark.parametrize("line, kept", [
    (f"<p><em>Read more</em>: {_STORY} and "
     '<a href="https://www.harbourgazette.com/2026/12/02/anchor">Ships wait at anchor</a></p>', False),
    (f"<p>Read more:<br>{_STORY}</p>", False),
    (f"<p><em>Lesen Sie auch: {_STORY}</em></p>", False),
    # a sentence that links the report it tells of stays
    (f"<p>More than forty ships waited outside, as {_STORY} reported on Monday.</p>", True),
])
def test_a_read_more_line_inside_an_items_article_is_no_text_of_it(tmp_path, config, content_dir, line, kept):
    body = CONTENT.replace("</p>", f"</p>{line}", 1)
    meta, text = _one_item(tmp_path, config, content_dir, _rss(FULL_ITEM.replace(CONTENT, body)))
    assert all(paragraph in text for paragraph in PARAGRAPHS)
    assert ("Cranes stand idle" in text) is kept


@pytest.mark.parametrize("summary, shown", [
    ("Fewer crossings on weekdays from January, the [&amp;#8230;]", "Fewer crossings on weekdays from January, the…"),
    ("Fewer crossings on weekdays from January, the operator said. [...]",
     "Fewer crossings on weekdays from January, the operator said.\n"),
    ("<![CDATA[<p>Fewer crossings on weekdays from January, the operator said &#8230;</p> [&#8230;]]]>",
     "Fewer crossings on weekdays from January, the operator said …\n"),
])
def test_wordpress_excerpt_mark_ends_no_summary(tmp_path, config, content_dir, summary, shown):
    """WordPress ends an excerpt with "[…]" (or "[...]"): it was shown at the end of the summary, escaped."""
    item = SUMMARY_ITEM.replace("Fewer crossings on weekdays from January, the operator said.", summary)
    feed = _write(tmp_path, "gazette.xml", _rss(item))
    assert run(ingest_args(feed, out=content_dir, extra=("--headlines",)), config) == 0
    (headline,) = content_dir.rglob("*.md")
    text = headline.read_text(encoding="utf-8")
    assert shown in text and "[" not in text.split("\n---\n", 1)[1]
