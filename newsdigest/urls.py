"""URLs: every permalink and link of the site, and where its feeds go.

A site path ('/2026/01/29/some-slug/') is what pages, feeds and the site model pass around; `site_url`
turns it into a link that works under base_url's path, `absolute_url` into a full URL for feeds, the
sitemap and canonical links. Permalinks follow the config's `permalinks` patterns, whose date fields
are formatted here once (`date_fields`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from newsdigest.config import Config
from newsdigest.markup import valid_host
from newsdigest.slugs import MAX_SLUG_LENGTH, name_slug, slugify

if TYPE_CHECKING:  # pages and article import this module: only type hints may name their classes
    from newsdigest.article import Article
    from newsdigest.pages import Page


class FeedFormat(StrEnum):
    """The formats of article feeds (str-valued: each equals its plain name, "rss", "atom" or "json")."""

    RSS = "rss"
    ATOM = "atom"
    JSON = "json"


SITE_FEED = "/feed.xml"
SITE_FEEDS = {FeedFormat.RSS: SITE_FEED, FeedFormat.ATOM: "/atom.xml", FeedFormat.JSON: "/feed.json"}
TERM_FEED_FILES = {FeedFormat.RSS: "feed.xml", FeedFormat.ATOM: "atom.xml",
                   FeedFormat.JSON: "feed.json"}  # under each term's page URL
DAILY_FEED = "/daily.xml"
OPML_FILE = "/feeds.opml"
INDEX_URLS = {"topic": "/topics/", "tag": "/tags/", "source": "/sources/"}  # the page listing each kind of term


def permalink(config: Config, kind: str, **fields: Any) -> str:
    """The site path of a page of this kind; `fields` fill the config's pattern (extra ones are ignored)."""
    return getattr(config.permalinks, kind).format(**fields)


def date_fields(day: date) -> dict[str, str]:
    """A day as permalink fields: zero-padded year, month and day (a pattern uses those it names)."""
    return {"year": f"{day.year:04d}", "month": f"{day.month:02d}", "day": f"{day.day:02d}"}


def article_url(config: Config, day: date, slug: str) -> str:
    return permalink(config, "article", slug=slug, **date_fields(day))


def day_url(config: Config, day: date) -> str:
    return permalink(config, "day", **date_fields(day))


def month_url(config: Config, day: date) -> str:
    return permalink(config, "month", **date_fields(day))


def year_url(config: Config, day: date) -> str:
    return permalink(config, "year", **date_fields(day))


def term_url(config: Config, kind: str, slug: str) -> str:
    """A topic's, tag's or source's page, by its slug."""
    return permalink(config, kind, slug=slug)


def named_term_url(config: Config, kind: str, name: str) -> str:
    """A tag's or source's page, by its name as articles spell it."""
    return term_url(config, kind, term_slug(name, kind))


def story_url(config: Config, story_id: str) -> str:
    return permalink(config, "story", slug=story_id)


def term_slug(name: str, kind: str) -> str:
    """Slug for a tag or source name; names with letters of another script than Latin ("Москва", "한국 Times") get
    a short stable hash (`name_slug`), and so does the end
    of a slug cut to length (`distinct_slug`), so two long names never share a page. A name spelled like such a
    slug ("source-2589ab84", or 49 characters and more ending in "-" and eight hex digits) gets a hash of its
    own, or it would share the page of the name that slug was made for (an outlet's name in another script)."""
    if _SHAPED_LIKE_A_MADE_SLUG.match(slugify(name, max_length=1 << 62)):
        return f"{kind}-{_name_hash('as written: ' + name)}"
    return name_slug(name) or f"{kind}-{_name_hash(name)}"


def _name_hash(name: str) -> str:
    """A name's hash, the same for its spellings in other letter case or Unicode normal form ("Москва" and
    "москва" are one tag, as "Apple" and "apple" are through their slug)."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())
    return hashlib.sha1(folded.encode("utf-8", "surrogatepass")).hexdigest()[:8]


# The slugs made above: "tag-" or "source-" and a hash, and a long name's slug cut at a word's end before the hash.
_SHAPED_LIKE_A_MADE_SLUG = re.compile(
    rf"^(?:(?:tag|source)-[0-9a-f]{{8}}|.{{40,{MAX_SLUG_LENGTH - 9}}}-[0-9a-f]{{8}})$")


def term_feed_path(term_url: str, kind: FeedFormat) -> str:
    """A topic's, tag's or source's feed in one format, next to its page."""
    return term_url + TERM_FEED_FILES[kind]


def output_path(url: str) -> str:
    """The file, relative to the output folder, that a page's site path is written to: its folder's index.html,
    or the file an address ending in `.html` names (an article's alias, newsdigest.aliases)."""
    return url.lstrip("/") if url.endswith(".html") else url.lstrip("/") + "index.html"


def site_url(config: Config, path: str) -> str:
    """A link that works when the site is served under base_url's path ('/digest/topics/...'); an address of
    another site ("https://cdn.example/font.css") stays as it is. (A path of this site starts with "/", and may
    start with "//" where a permalink pattern does.)"""
    if path[:1] != "/" and path[:8].lower().startswith(("http://", "https://")):
        return path
    return config.base_path + path.lstrip("/")


def absolute_url(config: Config, path: str) -> str:
    """base_url + a site path; the site path's leading '/' is relative to the base path."""
    return config.base_url + path.lstrip("/")


def canonical_url(config: Config, page: Page) -> str:
    """The page's own absolute URL, or for an article the original's when `canonical_to_original`
    (or the article's front matter `canonical: original`) asks for it and the original is known."""
    article = page.context.get("article") if page.kind == "article" else None
    if article is not None and canonical_is_original(config, article):
        return article.url
    return absolute_url(config, page.url)


def canonical_is_original(config: Config, article: Article) -> bool:
    """Whether the article's `rel=canonical` is its original (`canonical_to_original`, or its `canonical:`)."""
    if not article.url:
        return False
    wanted = article.extra.get("canonical")
    return wanted == "original" or (config.canonical_to_original and wanted not in ("self", "digest"))


# Characters a link must not hold: whitespace and controls, quotes and angle brackets (which end or open
# markup in careless templates), and what RFC 3986 and the HTML checker refuse in URLs.
_NOT_IN_URL = re.compile(r"[\s\x00-\x1f\x7f-\x9f\"<>\\^`{|}]")


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host: a link to the original article that is safe to show
    (`http:javascript:1`, `https:///x`, relative paths and anything with spaces, quotes or controls are refused)."""
    if _NOT_IN_URL.search(url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # raises ValueError for a port that is not a number in range
    except ValueError:
        return False
    if not parts.netloc.isascii() and any(unicodedata.category(ch)[0] == "C" for ch in parts.netloc if ord(ch) > 127):
        return False   # (a zero-width joiner in a host is gone from the host a browser looks up: another site)
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and valid_host(parts)
