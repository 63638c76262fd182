"""Scraped content is hostile: no script, handler or unsafe URL reaches a page or feed; template syntax stays text."""

from __future__ import annotations

import re
from html import unescape

import feedparser
import pytest

from newsdigest.build import build
from newsdigest.feed_items import rss_title
from tests.security.audit import audit_fragment, audit_page

HOSTILE_TITLE = '<script>alert("t")</script> Tariff {{ 7*7 }} {% raw %}'
HOSTILE_BODY = """Lede with <script>alert(1)</script> and <img src=x onerror=alert(2)> and {{ 7*7 }} {% for x in y %}.

<iframe src="https://evil.example/"></iframe>

[js](javascript:alert(3)) [js2](JAVASCRIPT:alert(4)) [entity](jav&#x61;script:alert(5)) [tab](java	script:alert(6))
[vb](vbscript:msgbox(7)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==)
![img](javascript:alert(9)) ![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMTApPg==)
<javascript:alert(11)> [ok](https://example.org/fine)

<a href="javascript:alert(12)">raw anchor</a>
"""
@pytest.fixture
def hostile_site(project):
    project.add("evil", title=HOSTILE_TITLE, date="2026-01-29T10:00:00+09:00", body=HOSTILE_BODY,
                summary='<img src=x onerror=alert("s")> summary {{ config }}',
                tags=["<b>bold tag</b>", "{{ 7*7 }}", "javascript:alert(1)"], source="<i>Evil</i> Source",
                author='"><svg onload=alert(1)>', category="<u>Cat</u>", url="javascript:alert(13)",
                mood="<script>alert(14)</script>", topics=["<script>x</script>"])
    build(project.config)
    return project


def test_no_script_handler_or_unsafe_url_in_any_page(hostile_site):
    out = hostile_site.output
    pages = list(out.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        if page.parent.name == "search":
            continue  # the search page loads the Pagefind UI script by design; it shows no content
        assert audit_page(page.read_text(encoding="utf-8")) == [], page


def test_hostile_text_is_shown_as_text(hostile_site):
    article = next(hostile_site.output.rglob("*tariff-7-7-raw/index.html")).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; Tariff {{ 7*7 }} {% raw %}" in article
    assert "{{ 7*7 }} {% for x in y %}" in article  # template syntax in content is never evaluated
    assert "49" not in article
    assert "&lt;i&gt;Evil&lt;/i&gt; Source" in article
    assert '<a href="https://example.org/fine" rel="nofollow noopener">ok</a>' in article
    assert "Read the original article" not in article  # the javascript: original URL was dropped


def test_feed_fields_are_escaped_plain_text_and_valid(hostile_site):
    for feed_path in hostile_site.output.rglob("feed.xml"):
        feed = feedparser.parse(feed_path.read_bytes())
        assert not feed.bozo, (feed_path, feed.get("bozo_exception"))
        for entry in feed.entries:
            # plain text, escaped as XML, less the runs shaped like HTML tags (some readers show RSS titles as HTML)
            assert entry.title == rss_title(HOSTILE_TITLE) and "<" not in entry.title
            # The description is HTML: the summary is in it as text, so the <img> is no element there.
            assert unescape(entry.summary) == '<img src=x onerror=alert("s")> summary {{ config }}'
            assert audit_fragment(entry.summary) == [] and "<" not in entry.summary
        # A tag's or outlet's feed is titled and described by the scraped name: the same rules as an item's.
        channel = feed.feed
        assert "<" not in channel.title and "<" not in channel.subtitle, feed_path
        assert audit_fragment(channel.subtitle) == [], feed_path
        raw = feed_path.read_text(encoding="utf-8")
        for body in re.findall(r"<!\[CDATA\[(.*?)\]\]>", raw, re.S):
            assert audit_fragment(body) == [], feed_path  # the HTML a feed reader would render


@pytest.mark.parametrize("title", [
    "Budget vote <img src=x onerror=alert(document.domain)//",
    "<svg/onload=alert(1)//",
    "Vote <a href=javascript:alert(1)//",
    'Vote <img src=x onerror=alert(1) x="',
    "Vote <!--",
])
def test_an_rss_title_keeps_no_unclosed_tag(title):
    """A reader that shows an RSS title as HTML writes its own markup after it, whose ">" would close the tag."""
    assert "<" not in rss_title(title)


@pytest.mark.parametrize("title", [
    "Tram plan <img src=x onerror=alert(1)//<>",          # a "<" inside the tag: a browser reads on to the ">"
    "Tram plan <img src=x onerror=alert(1)<b>>",          # taking out "<b>" joined the rest into a tag
    "<im<b>g src=x onerror=alert(1)>",
    "<<b>img src=x onerror=alert(1)>",
    "<svg<!-- -->/onload=alert(1)>",
])
def test_an_rss_title_shown_as_html_by_a_reader_opens_no_tag_of_its_own(title):
    """What a reader that shows titles as HTML parses, its own markup after the title: no element but the reader's."""
    from html.parser import HTMLParser

    class Elements(HTMLParser):
        opened: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.opened.append(tag)

    reader = Elements()
    reader.opened = []
    reader.feed(rss_title(title) + "<span>reader's own</span>")
    reader.close()
    assert reader.opened == ["span"], rss_title(title)


def test_an_rss_title_keeps_text_that_is_no_tag():
    assert rss_title("2 < 3 and a<3, <b>bold</b>") == "2 < 3 and a<3, bold"
