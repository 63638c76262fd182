"""The daily edition feed (/daily.xml): one RSS item per digest day, its lede line and every headline by topic."""

from __future__ import annotations

from html import escape

from feedgen.feed import FeedGenerator

from newsdigest.article import Article
from newsdigest.config import Config
from newsdigest.display_time import long_date
from newsdigest.feed_items import UNKNOWN_SOURCE, clean_field, html_field, plain_field, rss_title
from newsdigest.feeds import omit_build_date
from newsdigest.urls import absolute_url
from newsdigest.wording import plural

def render_daily_feed(config: Config, days, *, title: str, feed_url: str, description: str) -> bytes:
    """RSS 2.0 with one item per day, newest first: the day's edition (lede, then headlines by topic).

    `days` are site_model.DayGroup objects; each item links to its day page, which is also its GUID.
    """
    feed = FeedGenerator()
    feed.load_extension("dc")
    # As in every RSS feed (newsdigest.feeds): readers may show a title as HTML, and the description is HTML.
    feed.title(rss_title(title) or "Daily edition")
    feed.link(href=absolute_url(config, feed_url), rel="self")
    feed.link(href=config.base_url, rel="alternate")
    feed.description(html_field(plain_field(description) or plain_field(title) or "Daily edition"))
    feed.language(config.language)
    feed.generator("newsdigest")
    items = list(days)[: config.feeds.items]
    if items:
        # The latest report of any edition listed: the newest day's may be earlier, where each report is listed
        # under its own local day (23:30 in New York is the next morning in Seoul)
        feed.lastBuildDate(max(a.date for group in items for a in group.articles))
    else:
        omit_build_date(feed)
    latest = None
    for group in reversed(items):
        link = absolute_url(config, group.url)
        entry = feed.add_entry()
        entry.title(f"{rss_title(config.title) or 'News digest'}: {long_date(group.day)}")
        entry.link(href=link)
        entry.guid(link, permalink=True)
        # An edition is out once its newest report is in, and never before an older day's edition: a day's first
        # report in Seoul (or one dated by the day only, at its midnight) can be earlier than the last report of the
        # day before in New York, and readers order items by this date, not by their place in the feed.
        newest = max(a.date for a in group.articles)
        latest = newest if latest is None or newest > latest else latest
        entry.pubDate(latest)
        entry.description(html_field(edition_lede_text(group)) or "No articles.")
        entry.content(edition_html(config, group).replace("]]>", "]]&gt;"), type="CDATA")
    return feed.rss_str(pretty=True)


def edition_lede_text(group) -> str:
    """'Trade & tariffs: <headline>; Diplomacy: <headline>' for a day: one clause per topic."""
    return "; ".join(f"{plain_field(line.term.name)}: {plain_field(line.lead.title)}" for line in group.lede)


def edition_html(config: Config, group) -> str:
    """A day's edition as HTML: the lede, then every headline by topic with links (absolute URLs)."""
    def link(article: Article, text: str) -> str:
        return f'<a href="{escape(absolute_url(config, article.page_url))}">{escape(clean_field(text))}</a>'

    parts = [f"<p>{plural(len(group.articles), 'article')} on {long_date(group.day)}.</p>"]
    for term, entries in group.entries_by_topic:
        parts.append(f"<h2>{escape(clean_field(term.name))}</h2>\n<ul>")
        for article, also in entries:
            line = link(article, article.title) + f" ({escape(plain_field(article.source) or UNKNOWN_SOURCE)})"
            if also:
                line += " – also covered by " + ", ".join(link(other, other.source or other.title) for other in also)
            parts.append(f"<li>{line}</li>")
        parts.append("</ul>")
    return "\n".join(parts)
