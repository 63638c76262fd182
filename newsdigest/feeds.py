"""Feeds: which feeds a site has (the feed plan), and their documents: RSS 2.0 and Atom (feedgen),
JSON Feed 1.1 (json), the daily edition feed and the OPML list.

The plan (`feed_specs`, `opml_outlines`) is read from the site model; every renderer takes plain data
(articles newest first, or day groups) and returns bytes; the same input always gives the same bytes
(no "now" anywhere), so the render cache and incremental builds hold. Where each feed goes is in
newsdigest.urls.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import datetime
from html import escape
from xml.sax.saxutils import escape as xml_escape, quoteattr

from feedgen.feed import FeedGenerator

from newsdigest.config import Config
from newsdigest.article import Article
from newsdigest.markup import strip_control_chars, truncate_words
from newsdigest.site_model import Site, Term
from newsdigest.urls import (DAILY_FEED, SITE_FEED, SITE_FEEDS, TERM_FEED_FILES, FeedFormat, absolute_url,
                             term_feed_path)

_TAG = re.compile(r"<[^<>]*>|[<>]")
_ATOM_UPDATED = re.compile(rb"\n *<updated>[^<]*</updated>")
MAX_FIELD = 100_000  # characters; a runaway scraped field must not balloon every subscriber's feed
FEED_TYPES = {FeedFormat.RSS: "application/rss+xml", FeedFormat.ATOM: "application/atom+xml",
              FeedFormat.JSON: "application/feed+json"}
FEED_NAMES = {FeedFormat.RSS: "RSS", FeedFormat.ATOM: "Atom", FeedFormat.JSON: "JSON Feed"}


@dataclasses.dataclass(frozen=True)
class FeedSpec:
    """One feed file: where it goes, its format, what it describes and its articles (newest first)."""

    path: str
    format: FeedFormat
    title: str
    page_url: str
    description: str
    articles: tuple[Article, ...]
    site_updated: datetime | None = None   # the site's newest article date: the date of a feed with no articles

    @property
    def output_path(self) -> str:
        return self.path.lstrip("/")


def feed_specs(site: Site) -> list[FeedSpec]:
    """Every article feed: the site's and each topic's in RSS, Atom and JSON Feed; each tag's and source's in RSS."""
    config = site.config
    articles = tuple(site.articles)
    site_updated = articles[0].date if articles else None  # articles are newest first
    specs = [FeedSpec(path, kind, config.title, "/", config.description, articles, site_updated)
             for kind, path in SITE_FEEDS.items()]
    for term in [*site.topics, *site.tags, *site.sources]:
        description = term.description or f"{term.kind.capitalize()}: {term.name}"
        for kind in term_feed_formats(term):
            specs.append(FeedSpec(term_feed_path(term.url, kind), kind, f"{config.title}: {term.name}", term.url,
                                  description, term.articles, site_updated))
    return specs


def term_feed_formats(term: Term) -> tuple[str, ...]:
    """Topics get RSS, Atom and JSON Feed; tags and sources RSS."""
    return tuple(TERM_FEED_FILES) if term.kind == "topic" else (FeedFormat.RSS,)


def term_feed_links(term: Term) -> list[tuple[str, str, str]]:
    """(MIME type, format name, site path) of each feed of a topic, tag or source page."""
    return [(FEED_TYPES[kind], FEED_NAMES[kind], term_feed_path(term.url, kind)) for kind in term_feed_formats(term)]


def site_feed_links() -> list[tuple[str, str, str]]:
    """(MIME type, format name, site path) of each of the site's own feeds."""
    return [(FEED_TYPES[kind], FEED_NAMES[kind], path) for kind, path in SITE_FEEDS.items()]


def opml_outlines(site: Site) -> list[tuple[str, str, str]]:
    """(title, feed path, page path) for the OPML: the site feed, the daily edition, then every topic feed (RSS)."""
    config = site.config
    outlines = [(config.title, SITE_FEED, "/"), (f"{config.title}: daily edition", DAILY_FEED, "/")]
    outlines += [(f"{config.title}: {term.name}", term_feed_path(term.url, FeedFormat.RSS), term.url)
                 for term in site.topics]
    return outlines


def feed_count(files: dict[str, bytes] | list[str]) -> int:
    """How many of the generated files are feeds (for the build summary)."""
    return sum(1 for name in files if name.endswith(("feed.xml", "atom.xml", "feed.json", "daily.xml")))


def render_rss_feed(config: Config, articles: tuple[Article, ...] | list[Article], *, title: str, page_url: str,
                feed_url: str, description: str) -> bytes:
    """An RSS 2.0 document for the newest `feeds.items` articles (already sorted newest first).

    GUIDs are the article permalinks, which stay stable as long as base_url and permalinks do.
    """
    feed = FeedGenerator()
    feed.load_extension("dc")
    feed.title(_plain(title) or _plain(config.title) or "News digest")
    feed.link(href=absolute_url(config, feed_url), rel="self")
    feed.link(href=absolute_url(config, page_url), rel="alternate")  # feedgen's RSS <link> is the last one set
    feed.description(_plain(description) or _plain(config.description) or _plain(title) or "News digest")
    feed.language(config.language)
    feed.generator("newsdigest")
    items = list(articles)[: config.feeds.items]
    if items:
        feed.lastBuildDate(max(a.date for a in items))
    else:
        _omit_build_date(feed)
    for article in reversed(items):  # feedgen prepends entries, so add oldest first
        _add_entry(feed, config, article, atom=False)
    return feed.rss_str(pretty=True)


def render_atom_feed(config: Config, articles: tuple[Article, ...] | list[Article], *, title: str, page_url: str,
                     feed_url: str, description: str, updated_if_empty: datetime | None = None) -> bytes:
    """An Atom 1.0 document for the newest `feeds.items` articles; entry ids are the article permalinks.

    The feed's `updated` is its newest article's date; a feed with no articles (an empty topic)
    takes `updated_if_empty`, the site's newest article date. Never "now": same input, same bytes.
    With neither (a site with no articles at all) `updated` is left out rather than invented.
    """
    feed = FeedGenerator()
    feed.id(absolute_url(config, page_url))
    feed.title(_plain(title) or _plain(config.title) or "News digest")
    feed.author({"name": _plain(config.title) or "newsdigest"})
    feed.link(href=absolute_url(config, page_url), rel="alternate", type="text/html")
    feed.link(href=absolute_url(config, feed_url), rel="self", type="application/atom+xml")
    subtitle = _plain(description) or _plain(config.description)
    if subtitle:
        feed.subtitle(subtitle)
    feed.language(config.language)
    feed.generator("newsdigest")
    items = list(articles)[: config.feeds.items]
    updated = max((a.date for a in items), default=updated_if_empty)
    if updated is not None:
        feed.updated(updated)
    for article in reversed(items):
        _add_entry(feed, config, article, atom=True)
    document = feed.atom_str(pretty=True)
    if updated is None:
        # feedgen insists on a feed date and defaults to now; with no entries, the feed's is the only one.
        document = _ATOM_UPDATED.sub(b"", document, count=1)
    return document


def _add_entry(feed: FeedGenerator, config: Config, article: Article, *, atom: bool) -> None:
    """One article as an RSS item or an Atom entry: the same link, title, summary, body, author and topics,
    each in its format's own element (feedgen serialises a format's elements in a fixed order)."""
    link = absolute_url(config, article.page_url)
    summary = _plain(article.summary) or _plain(article.title) or "Untitled"
    body = full_content(config, article)
    entry = feed.add_entry()
    entry.title(_plain(article.title) or "Untitled")
    if atom:
        entry.id(link)
        # One link only: feedgen 1.0 drops rel and type from entry links, so a second would read as alternate too.
        entry.link(href=link, rel="alternate", type="text/html")
        entry.published(article.date)
        entry.updated(article.date)
        entry.summary(summary)
        if body:
            entry.content(body, type="html")  # escaped text of type html: no CDATA needed
        if article.author:
            entry.author({"name": _plain(article.author)})
    else:
        entry.link(href=link)
        entry.guid(link, permalink=True)
        entry.pubDate(article.date)
        entry.description(summary)
        if body is not None:  # an empty body still gets its (empty) content:encoded, as it always has
            # A literal "]]>" would end the CDATA section early; as HTML, "]]&gt;" reads the same.
            entry.content(body.replace("]]>", "]]&gt;"), type="CDATA")
        if article.author:
            entry.dc.dc_creator(_plain(article.author))  # RSS <author> must be an e-mail address
    for slug in article.topics:
        entry.category(term=slug)


def render_json_feed(config: Config, articles: tuple[Article, ...] | list[Article], *, title: str, page_url: str,
                     feed_url: str, description: str) -> bytes:
    """A JSON Feed 1.1 document (https://jsonfeed.org/version/1.1) for the newest `feeds.items` articles."""
    items = []
    for article in list(articles)[: config.feeds.items]:
        link = absolute_url(config, article.page_url)
        item: dict = {"id": link, "url": link}
        if article.url:
            item["external_url"] = article.url
        item["title"] = _plain(article.title) or "Untitled"
        body = full_content(config, article)
        summary = _plain(article.summary) or _plain(article.title)
        item["content_html"] = body or f"<p>{escape(summary)}</p>"
        if summary:
            item["summary"] = summary
        item["date_published"] = rfc3339(article.date)
        if article.author:
            item["authors"] = [{"name": _clean(article.author)}]
        tags = list(dict.fromkeys([*article.topics, *map(_clean, article.tags)]))
        if tags:
            item["tags"] = tags
        item["language"] = article.lang or config.language
        items.append(item)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": _plain(title) or _plain(config.title) or "News digest",
        "home_page_url": absolute_url(config, page_url),
        "feed_url": absolute_url(config, feed_url),
        "description": _clean(description) or _clean(config.description),
        "language": config.language,
        "authors": [{"name": _clean(config.title) or "newsdigest", "url": config.base_url}],
        "items": items,
    }
    if not document["description"]:
        del document["description"]
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render_daily_feed(config: Config, days, *, title: str, feed_url: str, description: str) -> bytes:
    """RSS 2.0 with one item per day, newest first: the day's edition (lede, then headlines by topic).

    `days` are site_model.DayGroup objects; each item links to its day page, which is also its GUID.
    """
    feed = FeedGenerator()
    feed.load_extension("dc")
    feed.title(_plain(title) or "Daily edition")
    feed.link(href=absolute_url(config, feed_url), rel="self")
    feed.link(href=config.base_url, rel="alternate")
    feed.description(_plain(description) or _plain(title) or "Daily edition")
    feed.language(config.language)
    feed.generator("newsdigest")
    items = list(days)[: config.feeds.items]
    if items:
        feed.lastBuildDate(max(a.date for a in items[0].articles))
    else:
        _omit_build_date(feed)
    for group in reversed(items):
        link = absolute_url(config, group.url)
        entry = feed.add_entry()
        entry.title(f"{_plain(config.title) or 'News digest'}: {group.day:%A}, {group.day.day} {group.day:%B %Y}")
        entry.link(href=link)
        entry.guid(link, permalink=True)
        entry.pubDate(max(a.date for a in group.articles))
        entry.description(edition_lede_text(group) or "No articles.")
        entry.content(edition_html(config, group).replace("]]>", "]]&gt;"), type="CDATA")
    return feed.rss_str(pretty=True)


def edition_lede_text(group) -> str:
    """'Trade & tariffs: <headline>; Diplomacy: <headline>' for a day: one clause per topic."""
    return "; ".join(f"{_plain(line.term.name)}: {_plain(line.lead.title)}" for line in group.lede)


def edition_html(config: Config, group) -> str:
    """A day's edition as HTML: the lede, then every headline by topic with links (absolute URLs)."""
    def link(article: Article, text: str) -> str:
        return f'<a href="{escape(absolute_url(config, article.page_url))}">{escape(_clean(text))}</a>'

    count = len(group.articles)
    parts = [f"<p>{count} article{'s' if count != 1 else ''} on {group.day:%A}, {group.day.day} {group.day:%B %Y}.</p>"]
    for term, entries in group.entries_by_topic:
        parts.append(f"<h2>{escape(_clean(term.name))}</h2>\n<ul>")
        for article, also in entries:
            line = link(article, article.title)
            if article.source:
                line += f" ({escape(_clean(article.source))})"
            if also:
                line += " – also covered by " + ", ".join(link(other, other.source or other.title) for other in also)
            parts.append(f"<li>{line}</li>")
        parts.append("</ul>")
    return "\n".join(parts)


def render_opml(config: Config, feeds: list[tuple[str, str, str]], *, title: str) -> bytes:
    """OPML 2.0 listing feeds as (title, feed path, page path); feed readers import it in one go."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">',
             f"  <head><title>{xml_escape(_plain(title))}</title></head>", "  <body>"]
    for name, feed_path, page_path in feeds:
        text = quoteattr(_plain(name))
        lines.append(f'    <outline type="rss" text={text} title={text} '
                     f'xmlUrl={quoteattr(absolute_url(config, feed_path))} '
                     f'htmlUrl={quoteattr(absolute_url(config, page_path))}/>')
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines).encode("utf-8")


def full_content(config: Config, article: Article) -> str | None:
    """The article HTML for feeds with `feeds.content: full`; None for summary feeds or a runaway body."""
    body = strip_control_chars(article.body_html)
    return body if config.feeds.content == "full" and len(body) <= MAX_FIELD else None


def rfc3339(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _omit_build_date(feed: FeedGenerator) -> None:
    """feedgen defaults lastBuildDate to now; an empty feed has no date, and must not change every build."""
    feed._FeedGenerator__rss_lastBuildDate = None


def _plain(text: str) -> str:
    """Text for fields readers may treat as HTML (RSS titles are ambiguous): markup-like runs are removed."""
    return " ".join(_TAG.sub(" ", _clean(text)).split())


def _clean(text: str) -> str:
    # lxml refuses XML-invalid characters outright.
    text = strip_control_chars(text or "")
    return truncate_words(text, MAX_FIELD) if len(text) > MAX_FIELD else text


FEED_RENDERERS = {FeedFormat.RSS: render_rss_feed, FeedFormat.ATOM: render_atom_feed,
                  FeedFormat.JSON: render_json_feed}
