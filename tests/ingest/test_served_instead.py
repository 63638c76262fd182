"""Pages a crawler was served instead of the article (bot checks, error pages, paywall stubs) are refused, a record's
stated article text stands in for HTML that yields none, a saved page's own address dates it, and a scraper's
Markdown loses the raw HTML and script links it carried. The article text is this project's own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from newsdigest.front_matter import split_front_matter
from newsdigest.ingest import ingest_file
from newsdigest.ingest.served_instead import served_instead

PARAGRAPHS = [
    "The harbour board voted on Monday to extend the night ferry across the bay until the end of the year.",
    "Ridership in the first month of the trial was twice what the board had planned for, the chair told members.",
    "Crews will keep the two older boats in service while the new one is refitted over the winter.",
    "Residents on the north shore had asked for a later last crossing on Fridays and Saturdays.",
]
TEXT = "\n\n".join(PARAGRAPHS)
# A bot check as such a service serves it, with the site's own host name in it
BOT_CHECK = ('<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head><body>'
             '<div class="main-content"><h1>bay-courier.example</h1><h2>Checking if the site connection is secure</h2>'
             '<noscript><div>Enable JavaScript and cookies to continue</div></noscript><div>bay-courier.example needs '
             'to review the security of your connection before proceeding.</div></div><script>var x=1;</script>'
             '</body></html>')
SCRIPTED_PAGE = ('<html><head><title>Night ferry</title></head><body><div id="root"></div>'
                 '<noscript>Enable JavaScript</noscript><script src="/app.js"></script></body></html>')


def ingest(tmp_path: Path, config, name: str, text: str):
    path = tmp_path / "in" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return ingest_file(path, config, out_dir=tmp_path / "content")


def articles(report) -> list[tuple[dict, str]]:
    out = []
    for item in report.written:
        front, body, _ = split_front_matter(item.path.read_text(encoding="utf-8"), item.path)
        out.append((yaml.safe_load(front), body))
    return out


def record(**fields) -> str:
    return json.dumps({"url": "https://bay-courier.example/news/ferry", "title": "Night ferry trial extended",
                       "date_publish": "2025-11-03T08:00:00+00:00", **fields}) + "\n"


@pytest.mark.parametrize("stub", [
    "Access Denied", "Access Denied. You don't have permission to access this page on this server.",
    "Please enable JavaScript to view this site.", "Just a moment... Checking your browser before accessing the site.",
    "404 Not Found", "Subscribe to continue reading.",
    "This content is available to subscribers only. Log in or subscribe to continue.", "y"])
@pytest.mark.parametrize("field", ["maintext", "text", "articleBody"])
def test_a_records_stub_text_is_no_article(tmp_path, config, stub, field):
    report = ingest(tmp_path, config, "feed.jsonl", record(**{field: stub}))
    assert not report.written and len(report.failed) == 1
    assert report.failed[0].label == "feed.jsonl:1" and "no article found" in report.failed[0].message
    assert not list((tmp_path / "content").rglob("*.md"))


def test_a_brief_of_one_sentence_is_still_an_article(tmp_path, config):
    brief = ("The harbour board kept the night ferry running through the winter after a vote on Monday evening, "
             "the chair said.")
    [(meta, body)] = articles(ingest(tmp_path, config, "feed.jsonl", record(maintext=brief)))
    assert meta["title"] == "Night ferry trial extended" and "kept the night ferry" in body


def test_a_bot_check_page_saved_as_html_is_refused_naming_what_it_is(tmp_path, config):
    report = ingest(tmp_path, config, "ferry.html", BOT_CHECK)
    assert not report.written
    assert report.failed[0].message == "no article found: the page is a bot check, served instead of the article"


@pytest.mark.parametrize("html", [SCRIPTED_PAGE, BOT_CHECK], ids=["script-built page", "bot check"])
@pytest.mark.parametrize("field", ["maintext", "articleBody"])
def test_a_records_stated_text_stands_in_for_html_that_yields_no_article(tmp_path, config, html, field):
    [(meta, body)] = articles(ingest(tmp_path, config, "feed.jsonl", record(html=html, **{field: TEXT})))
    assert meta["title"] == "Night ferry trial extended"
    assert all(paragraph in body for paragraph in PARAGRAPHS)


def test_html_that_yields_no_article_beside_a_stub_text_keeps_the_htmls_reason(tmp_path, config):
    report = ingest(tmp_path, config, "feed.jsonl", record(html=SCRIPTED_PAGE, maintext="Access Denied"))
    assert not report.written and "in the HTML" in report.failed[0].message


def test_a_browsers_saved_from_url_note_dates_a_page_that_states_no_other_date(tmp_path, config):
    page = ("<!-- saved from url=(0051)https://bay-courier.example/2025/03/04/night-ferry -->\n<html><head><title>"
            "Night ferry trial extended</title></head><body><h1>Night ferry trial extended</h1>"
            + "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS) + "</body></html>")
    [(meta, _)] = articles(ingest(tmp_path, config, "ferry.html", page))
    assert str(meta["date"]).startswith("2025-03-04")
    assert meta["url"] == "https://bay-courier.example/2025/03/04/night-ferry"


def test_a_scrapers_markdown_loses_raw_html_and_script_links_and_keeps_web_links(tmp_path, config):
    markdown = (PARAGRAPHS[0] + "\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n"
                "The board published [the minutes](https://bay-courier.example/minutes) of the meeting on Tuesday, "
                "with [a timetable](javascript:alert(1)) for the winter crossings, "
                '<a href="javascript:alert(2)">a map of the route</a> and '
                '[a picture](data:text/html,hi) of the boat.\n\n'
                '<iframe src="https://elsewhere.example/"></iframe>\n\n' + "\n\n".join(PARAGRAPHS[1:]))
    [(_, body)] = articles(ingest(tmp_path, config, "feed.jsonl", record(markdown=markdown)))
    for left_out in ("<script", "alert", "<img", "onerror", "javascript:", "<iframe", "<a ", "data:"):
        assert left_out not in body
    assert "[the minutes](https://bay-courier.example/minutes)" in body
    assert "with a timetable for the winter crossings, a map of the route and a picture of the boat." in body
    assert all(paragraph in body for paragraph in PARAGRAPHS)


def test_markdown_written_as_text_for_its_script_link_shows_an_address_in_brackets_as_typed(tmp_path, config):
    # the "<" escaped as raw HTML's was escaped again as text: the page showed "\\<https://..."
    markdown = "\n\n".join([PARAGRAPHS[0], "See <https://bay-courier.example/fares> or the [notes][n] below.",
                             "[n]: javascript:alert(3)", *PARAGRAPHS[1:]])
    [(_, body)] = articles(ingest(tmp_path, config, "feed.jsonl", record(markdown=markdown)))
    from newsdigest.markup import render_markdown
    html, _ = render_markdown(body)
    assert "See &lt;https://bay-courier.example/fares&gt; or the [notes][n] below." in html and "\\" not in html
    assert "javascript" not in html.replace("[n]: javascript:alert(3)", "")


@pytest.mark.parametrize("trick", [
    "[the map][1]\n\n[1]: javascript:alert(1)", "[the map](javascript:void((1)))", "[the map](javascript:x() 't')",
    "[the\nmap](javascript:alert(1))", "[a [b] map](javascript:alert(1))", "<javascript:alert(1)>",
    "<scr<b>ipt>alert(1)</script>", '<a title="<" onmouseover=alert(1)>the map</a>'])
def test_no_form_of_markdown_keeps_a_script_link_or_a_tag(tmp_path, config, trick):
    from markdown_it import MarkdownIt
    markdown = "\n\n".join([PARAGRAPHS[0], f"The board published {trick} of the new route.", *PARAGRAPHS[1:]])
    [(_, body)] = articles(ingest(tmp_path, config, "feed.jsonl", record(markdown=markdown)))
    parser = MarkdownIt("commonmark", {"html": True})
    parser.validateLink = lambda url: True
    html = parser.render(body)   # as any Markdown tool with raw HTML on would show the article
    assert 'href="javascript' not in html.lower() and "<script" not in html.lower() and "<a title=" not in html
    assert all(paragraph in body for paragraph in PARAGRAPHS)


@pytest.mark.parametrize("text", [
    "500 homes lost power on Tuesday.",
    "Access denied to journalists at the border crossing, officials said.",
    # a brief of news that uses the notices' words inside its sentences
    "Customers of the bank saw 503 Service Unavailable errors on its app for three hours on Monday.",
    "The court ruled that the archive will remain available to subscribers only until 2027.",
    "Just a moment... the minister paused before answering the question about the ferry.",
    "A new law requires ticket sites to verify you are a human before they sell more than four tickets.",
    "Researchers found that pages saying 'Checking if the site connection is secure' " + "are served often. " * 20,
])
def test_news_that_mentions_such_words_is_no_page_served_instead(text):
    assert served_instead(text) == ""


def test_reading_a_long_text_of_unclosed_tags_and_blocks_takes_no_time():
    """Patterns that looked ahead for every opening tag took seconds to minutes on such texts (a page refused after
    the 60 s a page may take)."""
    import time
    from newsdigest.ingest.article_text import without_raw_html
    from newsdigest.ingest.site_metadata import unwrapped_json_ld
    from newsdigest.ingest.site_metadata import declared_titles
    started = time.process_time()
    without_raw_html("Use <script> tags carefully. " * 10_000)
    unwrapped_json_ld('<script type="application/ld+json"><![CDATA[' * 5_000)
    declared_titles('<meta content="x" ' * 5_000)
    assert time.process_time() - started < 2   # each took over a second; now milliseconds


def front_page(address: str) -> str:
    """A site's front page: its own address declared, teasers of three articles under their links."""
    teasers = "".join(f'<article><h2><a href="/news/{n}">{paragraph[:40]}</a></h2><p>{paragraph}</p></article>'
                      for n, paragraph in enumerate(PARAGRAPHS))
    return (f'<html><head><title>Bay Courier</title><link rel="canonical" href="{address}">'
            f'<meta property="og:url" content="{address}"><meta property="og:type" content="website">'
            '<meta property="article:published_time" content="2025-11-03T08:00:00Z"></head>'
            f'<body><nav><a href="/">Home</a></nav><main>{teasers}</main></body></html>')


@pytest.mark.parametrize("address", ["https://bay-courier.example/", "https://news.bay-courier.example",
                                     "http://bay-courier.example/index.html"])
def test_a_sites_home_page_is_no_article(tmp_path, config, address):
    report = ingest(tmp_path, config, "front.html", front_page(address))
    assert not report.written
    assert report.failed[0].message.startswith(f"no article found: {address} is the site's home page")


def test_a_records_home_page_address_is_no_article(tmp_path, config):
    report = ingest(tmp_path, config, "feed.jsonl", record(url="https://bay-courier.example/", maintext=TEXT))
    assert not report.written and "is the site's home page" in report.failed[0].message


@pytest.mark.parametrize("address", ["https://bay-courier.example/?p=4127",
                                     "https://bay-courier.example/index.php?article=9",
                                     "https://bay-courier.example/night-ferry"])
def test_an_article_named_by_its_query_or_path_is_no_home_page(tmp_path, config, address):
    [(meta, body)] = articles(ingest(tmp_path, config, "front.html", front_page(address)))
    assert meta["url"] == address and PARAGRAPHS[0] in body


def test_an_article_whose_canonical_link_names_the_home_page_keeps_its_own_address(tmp_path, config):
    # Some sites point every article's canonical link at their home page: the crawled address is the article's.
    report = ingest(tmp_path, config, "feed.jsonl",
                    record(html=front_page("https://bay-courier.example/"), url="https://bay-courier.example/news/3"))
    [(meta, _)] = articles(report)
    assert meta["url"] == "https://bay-courier.example/news/3"


def saved_article(head: str) -> str:
    """An article page saved without its address, declaring `head`'s addresses."""
    return (f'<html><head><title>Night ferry trial extended | Bay Courier</title>{head}'
            '<meta property="article:published_time" content="2025-11-03T08:00:00Z"></head><body><article>'
            '<h1>Night ferry trial extended</h1>' + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + '</article></body></html>')


@pytest.mark.parametrize("head, stored", [
    # a template's og:url naming the home page on every article, beside the canonical link naming the article
    ('<meta property="og:url" content="https://bay-courier.example/">'
     '<link rel="canonical" href="https://bay-courier.example/news/ferry">', "https://bay-courier.example/news/ferry"),
    # ... or on a page that says it is an article, with no other address: stored without one
    ('<meta property="og:url" content="https://bay-courier.example/"><meta property="og:type" content="article">', None),
    # ... and its relative canonical link read against that home page's address
    ('<meta property="og:url" content="https://bay-courier.example/"><meta property="og:type" content="article">'
     '<link rel="canonical" href="/news/ferry">', "https://bay-courier.example/news/ferry"),
    # a relative canonical link, read against the page's <base href> as a browser reads it
    ('<base href="https://bay-courier.example/"><link rel="canonical" href="/news/ferry">',
     "https://bay-courier.example/news/ferry"),
])
def test_an_article_saved_without_its_address_is_no_home_page_for_its_templates_og_url(tmp_path, config, head, stored):
    """Refused as "the site's home page": its og:url named the home page, which its template sets on every page."""
    [(meta, body)] = articles(ingest(tmp_path, config, "saved.html", saved_article(head)))
    assert meta.get("url") == stored and PARAGRAPHS[0] in body


TEASER = "The ferry company said on Monday that fares on the night crossing will rise by a fifth from the spring."


@pytest.mark.parametrize("name, text", [
    ("teaser.txt", f"Bay Courier\nNews\nSport\n\nFerry fares to rise\n\nBy Ada Quill\n\n{TEASER}\n\n"
                   "Subscribe to continue reading.\n\nAbout us\nContact"),
    ("feed.jsonl", json.dumps({"url": "https://bay-courier.example/news/fares", "title": "Ferry fares to rise",
                               "date_publish": "2025-11-03T08:00:00+00:00",
                               "maintext": f"{TEASER}\n\nSubscribe to continue reading."}) + "\n"),
    ("feed2.jsonl", json.dumps({"url": "https://bay-courier.example/news/fares", "title": "Ferry fares to rise",
                                "date_publish": "2025-11-03T08:00:00+00:00",
                                "maintext": f"{TEASER}\n\nThis article is only available to subscribers."}) + "\n"),
])
def test_a_paywalls_teaser_in_a_dump_or_a_record_is_no_article(tmp_path, config, name, text):
    """The cleaner left the notice out as it leaves out any button, and the teaser was written as the article."""
    report = ingest(tmp_path, config, name, text)
    assert not report.written and "a paywall's teaser" in report.failed[0].message


def test_a_brief_under_a_prompt_to_subscribe_for_comments_is_still_an_article(tmp_path, config):
    dump = (f"Bay Courier\nNews\n\nFerry fares to rise\n\nBy Ada Quill\n3 November 2025\n\n{TEASER} The company blamed "
            "the price of fuel, which has doubled since the crossing opened.\n\nLog in or subscribe to comment.\n\n"
            "About us")
    [(meta, body)] = articles(ingest(tmp_path, config, "brief.txt", dump))
    assert meta["title"] == "Ferry fares to rise" and TEASER in body
