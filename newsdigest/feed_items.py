"""What a feed item says about its article or story, in every feed format: plain-text fields, the credit
(outlet or "source unknown", byline, original address), topic titles, and a story's summary and report list.

Scraped text reaches feed readers that may treat fields as HTML, so every field goes through `plain_field`
or `clean_field`; links are kept only when they are web addresses.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from html import escape
from urllib.parse import urlsplit

from newsdigest.article import Article
from newsdigest.config import Config
from newsdigest.markup import strip_control_chars, truncate_words
from newsdigest.stories import Story
from newsdigest.topics import topic_rules
from newsdigest.urls import FeedFormat, absolute_url, named_term_url, term_feed_path
from newsdigest.wording import plural

_MARKUP = re.compile(r"<[^<>]*>|[<>]")
MAX_FIELD = 100_000  # characters; a runaway scraped field must not balloon every subscriber's feed
UNKNOWN_SOURCE = "source unknown"   # what an item without a known outlet says where the outlet would be


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
    original = article.url if is_web_address(article.url) else ""
    site = ""
    if original:
        parts = urlsplit(original)
        site = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}/"
    return Credit(plain_field(article.source) or UNKNOWN_SOURCE, plain_field(article.author), original, site)


def source_url(config: Config, article: Article) -> str:
    """The RSS <source url>: the original's site when known, else this site's feed of the outlet's articles,
    else (no outlet known) this site's own address."""
    found = credit(article)
    if found.outlet_url:
        return found.outlet_url
    if plain_field(article.source):
        return absolute_url(config, term_feed_path(named_term_url(config, "source", article.source), FeedFormat.RSS))
    return config.base_url


def topic_titles(config: Config, slugs) -> list[str]:
    """Topic titles for slugs, as the site names them: the config's title, else the slug as words (as the
    site model names a topic only front matter gives)."""
    titles = {rule.slug: rule.title for rule in topic_rules(config)}
    return list(dict.fromkeys(plain_field(titles.get(slug) or slug.replace("-", " ").title()) for slug in slugs))


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
    return f"{plural(len(story.articles), 'report')} from {listed}."


def story_html(config: Config, story: Story) -> str:
    """A story as HTML for feeds: the lead's summary, then every report with its outlet and original (absolute URLs)."""
    parts = []
    lead_summary = plain_field(story.lead.summary)
    if lead_summary:
        parts.append(f"<p>{escape(lead_summary)}</p>")
    parts.append(f"<p>{escape(story_summary(story))}</p>\n<ul>")
    for article in reversed(story.articles):  # newest report first
        found = credit(article)
        page = escape(absolute_url(config, article.page_url))
        line = (f'<a href="{page}">{escape(plain_field(article.title) or "Untitled")}</a>'
                f" – {escape(found.outlet)}, {article.date.day} {article.date:%B %Y}")
        if found.original:
            line += f' (<a href="{escape(found.original)}">original</a>)'
        parts.append(f"<li>{line}</li>")
    parts.append("</ul>")
    return "\n".join(parts)


def full_content(config: Config, article: Article) -> str | None:
    """The article HTML for feeds with `feeds.content: full`; None for summary feeds or a runaway body."""
    if config.feeds.content != "full":
        return None
    body = _feed_safe_html(article.body_html)
    return body if len(body) <= MAX_FIELD else None


@functools.lru_cache(maxsize=4096)
def _feed_safe_html(body_html: str) -> str:
    # One article sits in several feeds (site, topics, tags, source): clean its body once, not once a feed.
    return strip_control_chars(body_html)


def plain_field(text: str) -> str:
    """Text for fields readers may treat as HTML (RSS titles are ambiguous): markup-like runs are removed."""
    return " ".join(_MARKUP.sub(" ", clean_field(text)).split())


def is_web_address(url: str) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def clean_field(text: str) -> str:
    # lxml refuses XML-invalid characters outright.
    text = strip_control_chars(text or "")
    return truncate_words(text, MAX_FIELD) if len(text) > MAX_FIELD else text
