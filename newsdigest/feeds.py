"""RSS 2.0 feeds (feedgen) for the whole site and for each topic."""

from __future__ import annotations

import re

from feedgen.feed import FeedGenerator

from newsdigest.config import Config
from newsdigest.content import Article
from newsdigest.markup import strip_control_chars, truncate_words

_TAG = re.compile(r"<[^<>]*>|[<>]")
MAX_FIELD = 100_000  # characters; a runaway scraped field must not balloon every subscriber's feed


def render_feed(config: Config, articles: tuple[Article, ...] | list[Article], *, title: str, page_url: str,
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
    items = list(articles)[: config.feed_items]
    if items:
        feed.lastBuildDate(max(a.date for a in items))
    for article in reversed(items):  # feedgen prepends entries, so add oldest first
        link = absolute_url(config, article.page_url)
        entry = feed.add_entry()
        entry.title(_plain(article.title) or "Untitled")
        entry.link(href=link)
        entry.guid(link, permalink=True)
        entry.pubDate(article.date)
        entry.description(_plain(article.summary) or _plain(article.title) or "Untitled")
        body = strip_control_chars(article.body_html)
        if config.feed_content == "full" and len(body) <= MAX_FIELD:  # a huge body: summary only
            # A literal "]]>" would end the CDATA section early; as HTML, "]]&gt;" reads the same.
            entry.content(body.replace("]]>", "]]&gt;"), type="CDATA")
        if article.author:
            entry.dc.dc_creator(_plain(article.author))  # RSS <author> must be an e-mail address
        for slug in article.topics:
            entry.category(term=slug)
    return feed.rss_str(pretty=True)


def absolute_url(config: Config, path: str) -> str:
    """base_url + a site path; the site path's leading '/' is relative to the base path."""
    return config.base_url + path.lstrip("/")


def _plain(text: str) -> str:
    """Text for fields readers may treat as HTML (RSS titles are ambiguous): markup-like runs are removed."""
    return " ".join(_TAG.sub(" ", _clean(text)).split())


def _clean(text: str) -> str:
    # lxml refuses XML-invalid characters outright.
    text = strip_control_chars(text or "")
    return truncate_words(text, MAX_FIELD) if len(text) > MAX_FIELD else text
