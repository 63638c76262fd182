"""What a quick update (newsdigest.quick) knows of the last full build: every page and feed, which articles each
one shows, the articles' URLs and stories, indexed for the checks an edit must pass.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass

from newsdigest.article import Article
from newsdigest.config import Config
from newsdigest.feeds import FeedSpec, feed_specs
from newsdigest.pages import Page, address_by_report
from newsdigest.site_model import Site
from newsdigest.stories import Story
from newsdigest.urls import article_url


@dataclass
class SiteIndex:
    """What the last full build produced, arranged for quick updates."""

    site: Site
    pages: dict[str, Page]             # output path -> page
    feeds: dict[str, FeedSpec]         # output path -> article feed
    shown_in: dict[str, set[str]]      # article content file -> output files that show it
    current: dict[str, Article]        # article content file -> the version the output shows
    position: dict[str, int]           # article content file -> its index in site.articles (newest first)
    wanted_urls: Counter               # article permalink before any "-2" suffix -> articles wanting it
    urls: set[str]                     # article page URLs in use
    story_of: dict[str, Story]         # article content file -> its story
    redirects: Counter = dataclasses.field(default_factory=Counter)    # a story's address by each report -> reports
    sitemap: dict[str, bytes] = dataclasses.field(default_factory=dict)   # the sitemap's files as written
    contested: set[str] = dataclasses.field(default_factory=set)  # URLs a numbered article had to pass over


def index_site(site: Site, shown_in: dict[str, set[str]], sitemap: dict[str, bytes] | None = None) -> SiteIndex:
    """Index a freshly built site model; `shown_in` comes from `render_site`, `sitemap` its sitemap's files."""
    config = site.config
    story_of = {article.source_path: story for story in site.stories for article in story.articles}
    return SiteIndex(
        site=site,
        pages={page.output_path: page for page in site.pages},
        feeds={spec.output_path: spec for spec in feed_specs(site)},
        shown_in=shown_in,
        current={article.source_path: article for article in site.articles},
        position={article.source_path: index for index, article in enumerate(site.articles)},
        wanted_urls=Counter(wanted_url(config, article, article.slug) for article in site.articles),
        urls={article.page_url for article in site.articles},
        story_of=story_of,
        redirects=Counter(address_by_report(config, article) for story in site.stories for article in story.articles),
        sitemap=sitemap or {},
        contested=contested_urls(config, site.articles),
    )


def contested_urls(config: Config, articles: list[Article]) -> set[str]:
    """The URLs that articles published as "slug-2", "slug-3"... passed over because they were taken.

    Freeing one of them could renumber such an article, which only a full build does.
    """
    contested: set[str] = set()
    for article in articles:
        base = wanted_url(config, article, article.slug)
        if article.page_url == base:
            continue
        contested.add(base)
        for number in range(2, len(articles) + 2):
            url = wanted_url(config, article, f"{article.slug}-{number}")
            if url == article.page_url:
                break
            contested.add(url)
    return contested


def wanted_url(config: Config, article: Article, slug: str) -> str:
    """The permalink an article gets when no other article has taken it first."""
    return article_url(config, article.day, slug)
