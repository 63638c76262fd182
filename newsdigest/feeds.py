"""Feeds: which feeds a site has (the feed plan), and their documents: RSS 2.0 and Atom (feedgen),
JSON Feed 1.1 (json), the story feeds and the OPML list; the daily edition is in newsdigest.daily_feed.

Every item credits the reporting it summarises, in each format's own elements: the outlet (or "source
unknown") and the byline, a link to the original article when its address is known, and its topics by
their titles (see newsdigest.feed_items). A story feed (/stories/feed.xml, atom.xml, feed.json) has one item per story:
its id is the story's page (made from the story id, so it stays put as outlets join) and its updated date
is the newest article's, so the item is updated when another outlet reports the event.

The plan (`feed_specs`, `opml_outlines`) is read from the site model; every renderer takes plain data
(articles newest first, or day groups) and returns bytes; the same input always gives the same bytes
(no "now" anywhere), so the render cache and incremental builds hold. Where each feed goes is in
newsdigest.urls.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timezone
from html import escape
from xml.sax.saxutils import escape as xml_escape, quoteattr

from feedgen.feed import FeedGenerator
from lxml import etree

from newsdigest.config import Config
from newsdigest.article import Article
from newsdigest.feed_items import (Credit, RssItems, add_entry, clean_field, credit, full_content, html_field,
                                   image_type, plain_field, rss_title, story_credits, story_html, story_summary,
                                   topic_titles)
from newsdigest.site_model import Site, Term
from newsdigest.stories import Story
from newsdigest.urls import DAILY_FEED, SITE_FEED, SITE_FEEDS, TERM_FEED_FILES, FeedFormat, absolute_url, term_feed_path

NEVER_UPDATED = datetime(1970, 1, 1, tzinfo=timezone.utc)   # the `updated` of an Atom feed of a site with no articles
FEED_TYPES = {FeedFormat.RSS: "application/rss+xml", FeedFormat.ATOM: "application/atom+xml",
              FeedFormat.JSON: "application/feed+json"}
FEED_NAMES = {FeedFormat.RSS: "RSS", FeedFormat.ATOM: "Atom", FeedFormat.JSON: "JSON Feed"}
STORIES_URL = "/stories/"            # the stories page; its feeds sit next to it


@dataclasses.dataclass(frozen=True)
class FeedSpec:
    """One feed file: where it goes, its format, what it describes and its items (newest first): articles,
    or for a story feed, stories."""

    path: str
    format: FeedFormat
    title: str
    page_url: str
    description: str
    articles: tuple[Article | Story, ...]
    site_updated: datetime | None = None   # the site's newest article date: the date of a feed with no articles

    @property
    def output_path(self) -> str:
        return self.path.lstrip("/")


def feed_specs(site: Site) -> list[FeedSpec]:
    """Every article feed: the site's and each topic's in RSS, Atom and JSON Feed; each tag's and source's in RSS;
    with stories enabled, the story feeds in the three formats."""
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
    if config.stories.enabled:
        stories = tuple(site.stories)
        specs += [FeedSpec(path, kind, f"{config.title}: stories", STORIES_URL,
                           "Events reported by more than one outlet; an item is updated as more outlets report it.",
                           stories, site_updated)
                  for kind, path in story_feed_paths().items()]
    return specs


def story_feed_paths() -> dict[FeedFormat, str]:
    """Where the story feeds go: next to the stories page, named like a topic's."""
    return {kind: term_feed_path(STORIES_URL, kind) for kind in TERM_FEED_FILES}


def story_feed_links() -> list[tuple[str, str, str]]:
    """(MIME type, format name, site path) of each story feed, for the stories page."""
    return [(FEED_TYPES[kind], FEED_NAMES[kind], path) for kind, path in story_feed_paths().items()]


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
    """(title, feed path, page path) for the OPML: the site feed, the daily edition, the story feed (with stories
    enabled), then every topic feed (RSS)."""
    config = site.config
    outlines = [(config.title, SITE_FEED, "/"), (f"{config.title}: daily edition", DAILY_FEED, "/")]
    if config.stories.enabled:
        outlines.append((f"{config.title}: stories", story_feed_paths()[FeedFormat.RSS], STORIES_URL))
    outlines += [(f"{config.title}: {term.name}", term_feed_path(term.url, FeedFormat.RSS), term.url)
                 for term in site.topics]
    return outlines


def feed_count(files: dict[str, bytes] | list[str]) -> int:
    """How many of the generated files are feeds (for the build summary)."""
    return sum(1 for name in files if name.endswith(("feed.xml", "atom.xml", "feed.json", "daily.xml")))


def render_rss_feed(config: Config, articles: tuple[Article | Story, ...] | list[Article | Story], *, title: str,
                    page_url: str, feed_url: str, description: str, items_made: RssItems | None = None) -> bytes:
    """An RSS 2.0 document for the newest `feeds.items` articles or stories (already sorted newest first).

    GUIDs are the article (or story) permalinks, which stay stable as long as base_url and permalinks do.
    `items_made` (one per build) keeps each article's item for the next feed that lists it.
    """
    feed = FeedGenerator()
    feed.load_extension("dc")
    # A tag's or outlet's feed is titled and described by its name as the pages spell it: in RSS the channel's
    # description is HTML and readers may show its title as HTML, as they do an item's (see feed_items).
    feed.title(rss_title(title) or rss_title(config.title) or "News digest")
    feed.link(href=absolute_url(config, feed_url), rel="self")
    feed.link(href=absolute_url(config, page_url), rel="alternate")  # feedgen's RSS <link> is the last one set
    feed.description(html_field(plain_field(description) or plain_field(config.description) or plain_field(title)
                                or "News digest"))
    feed.language(config.language)
    feed.generator("newsdigest")
    items = list(articles)[: config.feeds.items]
    if items:
        feed.lastBuildDate(max(_item_updated(item) for item in items))
    else:
        omit_build_date(feed)
    document = feed.rss_str(pretty=True)
    if not items:
        return document
    # The channel without items, then the items as feedgen would have added them (see feed_items.RssItems).
    head, tail = document.rsplit(b"  </channel>\n", 1)
    made = items_made or RssItems(config)
    return b"".join([head, *map(made.item, items), b"  </channel>\n", tail])


def render_atom_feed(config: Config, articles: tuple[Article | Story, ...] | list[Article | Story], *, title: str,
                     page_url: str, feed_url: str, description: str, updated_if_empty: datetime | None = None) -> bytes:
    """An Atom 1.0 document for the newest `feeds.items` articles or stories; entry ids are their permalinks.

    The feed's `updated` is its newest item's date; a feed with no items (an empty topic)
    takes `updated_if_empty`, the site's newest article date. Never "now": same input, same bytes.
    With neither (a site with no articles at all) it is the Unix epoch, 1970-01-01: Atom requires the element
    (RFC 4287, 4.1.1), and a date that old says the feed has never changed.
    """
    feed = FeedGenerator()
    feed.id(absolute_url(config, page_url))
    feed.title(plain_field(title) or plain_field(config.title) or "News digest")
    feed.author({"name": plain_field(config.title) or "newsdigest"})
    feed.link(href=absolute_url(config, page_url), rel="alternate", type="text/html")
    feed.link(href=absolute_url(config, feed_url), rel="self", type="application/atom+xml")
    subtitle = plain_field(description) or plain_field(config.description)
    if subtitle:
        feed.subtitle(subtitle)
    feed.language(config.language)
    feed.generator("newsdigest")
    items = list(articles)[: config.feeds.items]
    updated = max((_item_updated(item) for item in items), default=updated_if_empty)
    feed.updated(updated or NEVER_UPDATED)
    originals, images, languages = {}, {}, {}
    for item in reversed(items):
        add_entry(feed, config, item, atom=True)
        article = item.lead if isinstance(item, Story) else item
        original = credit(article).original
        if original:
            originals[_item_link(config, item)] = original
        if isinstance(item, Article) and item.image_url:
            images[_item_link(config, item)] = item.image_url
        if article.lang and article.lang != config.language:
            languages[_item_link(config, item)] = article.lang
    return _atom_with_links(feed, originals, images, languages)


def _atom_with_links(feed: FeedGenerator, originals: dict[str, str], images: dict[str, str],
                     languages: dict[str, str]) -> bytes:
    """The Atom document with each entry's links as meant: feedgen 1.0 drops rel and type from entry links,
    so they are set here; an entry whose original is known gets a rel="via" link to it, one with a picture a
    rel="enclosure" link to that, one in another language than the feed's its own xml:lang."""
    root, document = feed._create_atom()
    for entry in root.iter("entry"):
        if language := languages.get(entry.findtext("id")):
            entry.set("{http://www.w3.org/XML/1998/namespace}lang", language)
        links = entry.findall("link")
        for link in links:
            link.set("rel", "alternate")
            link.set("type", "text/html")
        original, image = originals.get(entry.findtext("id")), images.get(entry.findtext("id"))
        if original and links:
            via = etree.Element("link", href=original, rel="via", type="text/html")
            links[-1].addnext(via)
        if image and links:
            kind = image_type(image)
            enclosure = etree.Element("link", href=image, rel="enclosure", **({"type": kind} if kind else {}))
            entry.findall("link")[-1].addnext(enclosure)
    return etree.tostring(document, pretty_print=True, encoding="UTF-8", xml_declaration=True)


def _item_updated(item: Article | Story) -> datetime:
    """An item's date in a feed: when an article last changed, when a story last changed (Story.updated)."""
    return item.updated if isinstance(item, Story) else item.modified


def _item_link(config: Config, item: Article | Story) -> str:
    return absolute_url(config, item.url if isinstance(item, Story) else item.page_url)


def _json_authors(credits: list[Credit], byline: str = "") -> list[dict]:
    authors = [{"name": c.outlet, "url": c.outlet_url} if c.outlet_url else {"name": c.outlet} for c in credits]
    return authors + ([{"name": byline}] if byline else [])


def render_json_feed(config: Config, articles: tuple[Article | Story, ...] | list[Article | Story], *, title: str,
                     page_url: str, feed_url: str, description: str) -> bytes:
    """A JSON Feed 1.1 document (https://jsonfeed.org/version/1.1) for the newest `feeds.items` articles or stories."""
    items = []
    for entry in list(articles)[: config.feeds.items]:
        items.append(_json_story(config, entry) if isinstance(entry, Story) else _json_article(config, entry))
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": plain_field(title) or plain_field(config.title) or "News digest",
        "home_page_url": absolute_url(config, page_url),
        "feed_url": absolute_url(config, feed_url),
        "description": clean_field(description) or clean_field(config.description),
        "language": config.language,
        "authors": [{"name": clean_field(config.title) or "newsdigest", "url": config.base_url}],
        "items": items,
    }
    if not document["description"]:
        del document["description"]
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_article(config: Config, article: Article) -> dict:
    link = absolute_url(config, article.page_url)
    found = credit(article)
    item: dict = {"id": link, "url": link}
    if found.original:
        item["external_url"] = found.original
    item["title"] = plain_field(article.title) or "Untitled"
    if article.image_url:
        item["image"] = article.image_url
    body = full_content(config, article)
    summary = plain_field(article.summary) or plain_field(article.title)
    item["content_html"] = body or f"<p>{escape(summary)}</p>"
    if summary:
        item["summary"] = summary
    item["date_published"] = rfc3339(article.date)
    if article.modified != article.date:
        item["date_modified"] = rfc3339(article.modified)
    item["authors"] = _json_authors([found], found.byline)
    tags = list(dict.fromkeys([*topic_titles(config, article.topics), *map(clean_field, article.tags)]))
    if tags:
        item["tags"] = tags
    item["language"] = article.lang or config.language
    return item


def _json_story(config: Config, story: Story) -> dict:
    link = absolute_url(config, story.url)
    item: dict = {"id": link, "url": link}
    original = credit(story.lead).original
    if original:
        item["external_url"] = original
    item["title"] = plain_field(story.lead.title) or "Untitled"
    item["content_html"] = story_html(config, story)
    item["summary"] = story_summary(story)
    item["date_published"] = rfc3339(story.first_date)
    item["date_modified"] = rfc3339(story.updated)
    item["authors"] = _json_authors(story_credits(story))
    tags = topic_titles(config, dict.fromkeys(slug for a in story.articles for slug in a.topics))
    if tags:
        item["tags"] = tags
    item["language"] = story.lead.lang or config.language
    return item


def render_opml(config: Config, feeds: list[tuple[str, str, str]], *, title: str) -> bytes:
    """OPML 2.0 listing feeds as (title, feed path, page path); feed readers import it in one go."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">',
             f"  <head><title>{xml_escape(plain_field(title))}</title></head>", "  <body>"]
    for name, feed_path, page_path in feeds:
        text = quoteattr(plain_field(name))
        lines.append(f'    <outline type="rss" text={text} title={text} '
                     f'xmlUrl={quoteattr(absolute_url(config, feed_path))} '
                     f'htmlUrl={quoteattr(absolute_url(config, page_path))}/>')
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines).encode("utf-8")


def rfc3339(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def omit_build_date(feed: FeedGenerator) -> None:
    """feedgen defaults lastBuildDate to now; an empty feed has no date, and must not change every build."""
    feed._FeedGenerator__rss_lastBuildDate = None


FEED_RENDERERS = {FeedFormat.RSS: render_rss_feed, FeedFormat.ATOM: render_atom_feed,
                  FeedFormat.JSON: render_json_feed}
