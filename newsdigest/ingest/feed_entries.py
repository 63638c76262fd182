"""A feed item's article as feeds and feed readers give it: feedparser's `content` list, and HTML that is the
article alone (JSON Feed's `content_html`, RSS `content:encoded`) rather than a page."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from html.entities import html5

from newsdigest.ingest.feed_furniture import without_furniture


def feed_entry_content(place: Mapping) -> dict[str, str]:
    """feedparser's `content` (an RSS item's `content:encoded`, an Atom entry's `content`: a list of objects with
    a `type` and a `value`) as the JSON Feed fields it amounts to: `content_html`, `content_text`; {} for none."""
    content = place.get("content") or full_text_content(place)
    found: dict[str, str] = {}
    for item in content if isinstance(content, list) else ():
        if isinstance(item, dict) and isinstance(item.get("value"), str) and item["value"].strip():
            kind = item.get("type") or "text/html"   # (feedparser's default, as for `content:encoded`)
            name = "content_text" if kind == "text/plain" else "content_html" if "html" in kind else ""
            if name:
                found.setdefault(name, item["value"])
    return found


# Fields, as feedparser names them, that carry an item's whole article beside a short <description>: those of feeds
# written for news aggregators (Yandex's yandex:full-text and turbo:content, Rambler's, Mail.ru's) and dc:content
# (a publisher's copy of content:encoded). feedparser leaves them as written: plain text, or HTML.
FULL_TEXT_FIELDS = ("yandex_full-text", "turbo_content", "rambler_fulltext", "rambler_full-text", "mailru_full-text",
                    "dc_content", "full-text", "fulltext")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def full_text_content(place: Mapping) -> list[dict[str, str]]:
    """An item's article in one of `FULL_TEXT_FIELDS` as feedparser's `content` list gives an article: its HTML
    ("text/html"), or its plain text ("text/plain": no tag in it, as Yandex asks for); [] for none."""
    value = next((value for name in FULL_TEXT_FIELDS if isinstance(value := place.get(name), str) and value.strip()),
                 "")
    return [{"type": "text/html" if _TAG.search(value) else "text/plain", "value": value}] if value else []


def fragment_page(fragment: str, title: str) -> str:
    """The HTML of an article alone (paragraphs, subheadings, lists: no page around them) as a page with its stated
    headline, so that it is read as a page is: without one, the page reader took the first paragraph for the
    headline and the article lost it. The headline is declared (og:title) too: the page reader doubts the
    extractor's reading of a page that declares none, and took the text cleaner's, which left out a list."""
    fragment, headline = _ESCAPED_AGAIN.sub(_once, without_feed_footer(fragment)), html.escape(title)
    return (f'<!DOCTYPE html><html><head><title>{headline}</title><meta property="og:title" content="{headline}">'
            f"</head><body><article><h1>{headline}</h1>\n"
            f"{fragment}\n</article></body></html>")


# The line WordPress's most used SEO plugin (Yoast) ends every item of a site's feeds with, in its languages:
# "The post <a>Headline</a> appeared first on <a>Site</a>." Its gaps are bounded: one short scan from each start, and
# a run of spaces is scanned from its first (from each of its spaces, a long run took quadratic time).
_FEED_FOOTER = re.compile(
    r"(?:<p[^<>]*>)?(?<!\s)\s*"
    r"(?:The post|Der Beitrag|L[’']article|La entrada|El post|Het bericht|L[’']articolo|O post)\s"
    r"(?:(?!</?p\b|\n\n).){1,600}?\s(?:appeared first on|erschien zuerst auf|est apparu en premier sur|"
    r"se publicó primero en|apareció primero en|verscheen eerst op|sembra essere il primo su|apareceu primeiro em)\s"
    r"(?:<a\b[^<>]{0,400}>)?[^<>,;\n]{1,80}(?:</a>)?\.?\s*(?:</p>)?\s*\Z", re.IGNORECASE | re.DOTALL)


# A blogging platform's closing line (Medium's): the linked headline "was originally published in" the publication,
# often below a rule. The headline's link before the words tells it from an article's own sentence.
_PUBLISHED_IN = re.compile(
    r"(?:<hr\b[^<>]{0,100}>\s*)?<p[^<>]*>\s*<a\b[^<>]{0,400}>[^<>]{1,300}</a>\s+was\s+originally\s+published\s+"
    r"(?:in|on|at)\s(?:(?!</?p\b).){1,600}?</p>\s*\Z", re.IGNORECASE | re.DOTALL)


def without_feed_footer(text: str) -> str:
    """A feed item's article or summary without the "The post X appeared first on Site." line a WordPress plugin
    ends it with, or the "X was originally published in Site" of a blogging platform: it names the item and its site
    again, and is no text of the article; nor is what `feed_furniture` takes out (a last call to support the outlet,
    a "Read more:" line, WordPress's "[…]")."""
    return without_furniture(_PUBLISHED_IN.sub("", _FEED_FOOTER.sub("", text).rstrip()).rstrip())


# A character reference of HTML's kinds, named or numeric, and one escaped again ("&amp;amp;amp;", "&amp;#8211;").
_REFERENCE = r"&(#[0-9]{1,7};|#[xX][0-9A-Fa-f]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)"
_ESCAPED_AGAIN = re.compile(r"&(?:amp;)+(?=" + _REFERENCE[1:] + ")")
_REFERENCE_AGAIN = re.compile(_REFERENCE)


def _once(escaped: re.Match) -> str:
    """A reference escaped again in HTML ("&amp;amp;amp;") as the one reference ("&amp;"): never markup."""
    return "&" if escaped[1][0] == "#" or escaped[1] in html5 else escaped[0]


def decoded_text(text: str) -> str:
    """Text of HTML (a feed's summary, a scraper's article text) with its character references decoded, and those a
    feed or a scraper escaped again ("students &amp;amp;amp; residents", "&amp;#8211;") too: decoded again while
    what is decoded is still a reference, named or numeric, that HTML knows. It is plain text, escaped where it is
    written: "&amp;lt;b&amp;gt;" is the text "<b>", never a tag."""
    text = html.unescape(text) if "&" in text else text
    while "&" in text and (again := _REFERENCE_AGAIN.sub(_character, text)) != text:
        text = again
    return text


def _character(reference: re.Match) -> str:
    return html.unescape(reference[0]) if reference[1][0] == "#" or reference[1] in html5 else reference[0]
