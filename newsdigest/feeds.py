"""Feeds: which feeds a site has (the feed plan), and their documents: RSS 2.0 and Atom (feedgen),
JSON Feed 1.1 (json), the story feeds, the daily edition feed and the OPML list.

Every item credits the reporting it summarises, in each format's own elements: the outlet (or "source
unknown") and the byline, a link to the original article when its address is known, and its topics by
their titles (see `Credit`). A story feed (/stories/feed.xml, atom.xml, feed.json) has one item per story:
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
import re
from datetime import datetime
from html import escape
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as xml_escape, quoteattr

from feedgen.feed import FeedGenerator
from lxml import etree

from newsdigest.config import Config
from newsdigest.article import Article
from newsdigest.markup import strip_control_chars, truncate_words
from newsdigest.site_model import Site, Term
from newsdigest.stories import Story
from newsdigest.topics import topic_rules
from newsdigest.urls import (DAILY_FEED, SITE_FEED, SITE_FEEDS, TERM_FEED_FILES, FeedFormat, absolute_url,
                             named_term_url, term_feed_path)

_TAG = re.compile(r"<[^<>]*>|[<>]")
_ATOM_UPDATED = re.compile(rb"\n *<updated>[^<]*</updated>")
MAX_FIELD = 100_000  # characters; a runaway scraped field must not balloon every subscriber's feed
FEED_TYPES = {FeedFormat.RSS: "application/rss+xml", FeedFormat.ATOM: "application/atom+xml",
              FeedFormat.JSON: "application/feed+json"}
FEED_NAMES = {FeedFormat.RSS: "RSS", FeedFormat.ATOM: "Atom", FeedFormat.JSON: "JSON Feed"}
UNKNOWN_SOURCE = "source unknown"   # what an item without a known outlet says where the outlet would be
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


@dataclasses.dataclass(frozen=True)
class Credit:
    """Who reported an article, as a feed item states it: the outlet (or "source unknown"), the byline,
    the original article's address and the outlet's address."""

    outlet: str        # the outlet's name, or UNKNOWN_SOURCE
    byline: str        # the author, or ""
    original: str      # the original article's address (http or https), or ""
    outlet_url: str    # the original's site (scheme://host/) when known, else "" (see `source_url`)

    @property
    def creator(self) -> str:
        """'Ann Lee (Seoul Wire)', 'Seoul Wire' or 'source unknown': the item's dc:creator."""
        return f"{self.byline} ({self.outlet})" if self.byline else self.outlet


def credit(article: Article) -> Credit:
    """The credit a feed item gives its article; a source name or address that is no web address is left out."""
    original = article.url if _is_web_address(article.url) else ""
    site = ""
    if original:
        parts = urlsplit(original)
        site = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}/"
    return Credit(_plain(article.source) or UNKNOWN_SOURCE, _plain(article.author), original, site)


def source_url(config: Config, article: Article) -> str:
    """The RSS <source url>: the original's site when known, else this site's feed of the outlet's articles,
    else (no outlet known) this site's own address."""
    found = credit(article)
    if found.outlet_url:
        return found.outlet_url
    if _plain(article.source):
        return absolute_url(config, term_feed_path(named_term_url(config, "source", article.source), FeedFormat.RSS))
    return config.base_url


def topic_titles(config: Config, slugs) -> list[str]:
    """Topic titles for slugs, as the site names them: the config's title, else the slug as words (as the
    site model names a topic only front matter gives)."""
    titles = {rule.slug: rule.title for rule in topic_rules(config)}
    return list(dict.fromkeys(_plain(titles.get(slug) or slug.replace("-", " ").title()) for slug in slugs))


def story_credits(story: Story) -> list[Credit]:
    """One credit per outlet of a story, in order of first coverage (an outlet's first article gives its address)."""
    found: dict[str, Credit] = {}
    for article in story.articles:
        one = credit(article)
        found.setdefault(one.outlet, one)
    return list(found.values())


def story_summary(story: Story) -> str:
    """'3 reports from Seoul Wire, Pacific Ledger and Han River Herald.'"""
    names = [c.outlet for c in story_credits(story)]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    count = len(story.articles)
    return f"{count} report{'s' if count != 1 else ''} from {listed}."


def story_html(config: Config, story: Story) -> str:
    """A story as HTML for feeds: the lead's summary, then every report with its outlet and original (absolute URLs)."""
    parts = []
    lead_summary = _plain(story.lead.summary)
    if lead_summary:
        parts.append(f"<p>{escape(lead_summary)}</p>")
    parts.append(f"<p>{escape(story_summary(story))}</p>\n<ul>")
    for article in reversed(story.articles):  # newest report first
        found = credit(article)
        page = escape(absolute_url(config, article.page_url))
        line = (f'<a href="{page}">{escape(_plain(article.title) or "Untitled")}</a>'
                f" – {escape(found.outlet)}, {article.date.day} {article.date:%B %Y}")
        if found.original:
            line += f' (<a href="{escape(found.original)}">original</a>)'
        parts.append(f"<li>{line}</li>")
    parts.append("</ul>")
    return "\n".join(parts)


def render_rss_feed(config: Config, articles: tuple[Article | Story, ...] | list[Article | Story], *, title: str,
                    page_url: str, feed_url: str, description: str) -> bytes:
    """An RSS 2.0 document for the newest `feeds.items` articles or stories (already sorted newest first).

    GUIDs are the article (or story) permalinks, which stay stable as long as base_url and permalinks do.
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
        feed.lastBuildDate(max(_item_updated(item) for item in items))
    else:
        _omit_build_date(feed)
    for item in reversed(items):  # feedgen prepends entries, so add oldest first
        _add_entry(feed, config, item, atom=False)
    return feed.rss_str(pretty=True)


def render_atom_feed(config: Config, articles: tuple[Article | Story, ...] | list[Article | Story], *, title: str,
                     page_url: str, feed_url: str, description: str, updated_if_empty: datetime | None = None) -> bytes:
    """An Atom 1.0 document for the newest `feeds.items` articles or stories; entry ids are their permalinks.

    The feed's `updated` is its newest item's date; a feed with no items (an empty topic)
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
    updated = max((_item_updated(item) for item in items), default=updated_if_empty)
    if updated is not None:
        feed.updated(updated)
    originals = {}
    for item in reversed(items):
        _add_entry(feed, config, item, atom=True)
        original = credit(item.lead if isinstance(item, Story) else item).original
        if original:
            originals[_item_link(config, item)] = original
    document = _atom_with_links(feed, originals)
    if updated is None:
        # feedgen insists on a feed date and defaults to now; with no entries, the feed's is the only one.
        document = _ATOM_UPDATED.sub(b"", document, count=1)
    return document


def _atom_with_links(feed: FeedGenerator, originals: dict[str, str]) -> bytes:
    """The Atom document with each entry's links as meant: feedgen 1.0 drops rel and type from entry links,
    so they are set here, and an entry whose original is known gets a rel="via" link to it."""
    root, document = feed._create_atom()
    for entry in root.iter("entry"):
        links = entry.findall("link")
        for link in links:
            link.set("rel", "alternate")
            link.set("type", "text/html")
        original = originals.get(entry.findtext("id"))
        if original and links:
            via = etree.Element("link", href=original, rel="via", type="text/html")
            links[-1].addnext(via)
    return etree.tostring(document, pretty_print=True, encoding="UTF-8", xml_declaration=True)


def _item_updated(item: Article | Story) -> datetime:
    """An item's date in a feed: an article's own date, a story's newest article's."""
    return item.last_date if isinstance(item, Story) else item.date


def _item_link(config: Config, item: Article | Story) -> str:
    return absolute_url(config, item.url if isinstance(item, Story) else item.page_url)


def _add_entry(feed: FeedGenerator, config: Config, item: Article | Story, *, atom: bool) -> None:
    """One article (or story) as an RSS item or an Atom entry: the same link, title, summary, body, credit and
    topics, each in its format's own element (feedgen serialises a format's elements in a fixed order)."""
    if isinstance(item, Story):
        _add_story_entry(feed, config, item, atom=atom)
        return
    article = item
    link = absolute_url(config, article.page_url)
    summary = _plain(article.summary) or _plain(article.title) or "Untitled"
    body = full_content(config, article)
    found = credit(article)
    entry = feed.add_entry()
    entry.title(_plain(article.title) or "Untitled")
    if atom:
        entry.id(link)
        entry.link(href=link, rel="alternate", type="text/html")  # the via link is added by _atom_with_links
        entry.published(article.date)
        entry.updated(article.date)
        entry.summary(summary)
        if body:
            entry.content(body, type="html")  # escaped text of type html: no CDATA needed
        entry.author(_atom_outlet(found))
        if found.byline:
            entry.author({"name": found.byline})
    else:
        entry.link(href=link)
        entry.guid(link, permalink=True)
        entry.pubDate(article.date)
        entry.description(summary)
        if body is not None:  # an empty body still gets its (empty) content:encoded, as it always has
            # A literal "]]>" would end the CDATA section early; as HTML, "]]&gt;" reads the same.
            entry.content(body.replace("]]>", "]]&gt;"), type="CDATA")
        entry.source(url=source_url(config, article), title=found.outlet)
        entry.dc.dc_creator(found.creator)  # RSS <author> must be an e-mail address
    for name in topic_titles(config, article.topics):
        entry.category(term=name)


def _add_story_entry(feed: FeedGenerator, config: Config, story: Story, *, atom: bool) -> None:
    """One story as an RSS item or Atom entry: its page, the lead's title, every outlet, updated as reports join."""
    link = absolute_url(config, story.url)
    credits = story_credits(story)
    entry = feed.add_entry()
    entry.title(_plain(story.lead.title) or "Untitled")
    if atom:
        entry.id(link)
        entry.link(href=link, rel="alternate", type="text/html")
        entry.published(story.first_date)
        entry.updated(story.last_date)
        entry.summary(story_summary(story))
        entry.content(story_html(config, story), type="html")
        for one in credits:
            entry.author(_atom_outlet(one))
    else:
        entry.link(href=link)
        entry.guid(link, permalink=True)
        entry.pubDate(story.last_date)
        entry.description(story_summary(story))
        entry.content(story_html(config, story).replace("]]>", "]]&gt;"), type="CDATA")
        entry.source(url=source_url(config, story.lead), title=credit(story.lead).outlet)
        entry.dc.dc_creator(", ".join(one.outlet for one in credits))
    for name in topic_titles(config, dict.fromkeys(slug for a in story.articles for slug in a.topics)):
        entry.category(term=name)


def _atom_outlet(found: Credit) -> dict:
    return {"name": found.outlet, "uri": found.outlet_url} if found.outlet_url else {"name": found.outlet}


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


def _json_article(config: Config, article: Article) -> dict:
    link = absolute_url(config, article.page_url)
    found = credit(article)
    item: dict = {"id": link, "url": link}
    if found.original:
        item["external_url"] = found.original
    item["title"] = _plain(article.title) or "Untitled"
    body = full_content(config, article)
    summary = _plain(article.summary) or _plain(article.title)
    item["content_html"] = body or f"<p>{escape(summary)}</p>"
    if summary:
        item["summary"] = summary
    item["date_published"] = rfc3339(article.date)
    item["authors"] = _json_authors([found], found.byline)
    tags = list(dict.fromkeys([*topic_titles(config, article.topics), *map(_clean, article.tags)]))
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
    item["title"] = _plain(story.lead.title) or "Untitled"
    item["content_html"] = story_html(config, story)
    item["summary"] = story_summary(story)
    item["date_published"] = rfc3339(story.first_date)
    item["date_modified"] = rfc3339(story.last_date)
    item["authors"] = _json_authors(story_credits(story))
    tags = topic_titles(config, dict.fromkeys(slug for a in story.articles for slug in a.topics))
    if tags:
        item["tags"] = tags
    item["language"] = story.lead.lang or config.language
    return item


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
            line = link(article, article.title) + f" ({escape(_plain(article.source) or UNKNOWN_SOURCE)})"
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


def _is_web_address(url: str) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _clean(text: str) -> str:
    # lxml refuses XML-invalid characters outright.
    text = strip_control_chars(text or "")
    return truncate_words(text, MAX_FIELD) if len(text) > MAX_FIELD else text


FEED_RENDERERS = {FeedFormat.RSS: render_rss_feed, FeedFormat.ATOM: render_atom_feed,
                  FeedFormat.JSON: render_json_feed}
