"""The pages of a site: every HTML page to render, what kind it is, and how long lists are split into pages."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from itertools import islice
from typing import TYPE_CHECKING, Any

from newsdigest.aliases import folders_of
from newsdigest.article import Article
from newsdigest.display_time import long_date, relative_day
from newsdigest.search import bundle_folders
from newsdigest.story_view import story_view
from newsdigest.urls import INDEX_URLS, output_path, story_url

if TYPE_CHECKING:
    from newsdigest.config import Config
    from newsdigest.site_model import Site, Term


class PageKind(StrEnum):
    """What a page shows; templates compare `page.kind` with these values as text ("home", "article"...)."""

    HOME = "home"
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    ARCHIVE = "archive"
    TOPICS = "topics"
    TAGS = "tags"
    SOURCES = "sources"
    TOPIC = "topic"
    TAG = "tag"
    SOURCE = "source"
    STORIES = "stories"
    STORY = "story"
    SEARCH = "search"
    ARTICLE = "article"
    NOT_FOUND = "404"
    REDIRECT = "redirect"


@dataclass(frozen=True)
class Pager:
    """One page of a paginated list; `number` counts from 1."""

    number: int
    total: int
    items: tuple[Any, ...]
    url: str
    prev_url: str | None
    next_url: str | None
    first_url: str
    last_url: str


@dataclass(frozen=True, slots=True)  # slots: 48 bytes a page less (a million articles make two million pages)
class Page:
    """One HTML page to render: where it goes, which template, and what the template sees (read, never changed:
    pages may share one context)."""

    url: str                   # site path such as /topics/trade/page/2/
    template: str
    title: str
    kind: PageKind
    context: Mapping[str, Any] = field(default_factory=dict)
    day: date | None = None    # the newest day it lists or shows; None for pages of the whole site (render order)

    @property
    def output_path(self) -> str:
        return output_path(self.url)


class ArticlePageContext(Mapping):
    """What an article page's template sees: `article`, `related` (its related articles) and `story` (or None).
    A read-only mapping in three slots: a dict of the three took 144 bytes more an article (a million articles)."""

    __slots__ = ("article", "related", "story")
    _KEYS = __slots__

    def __init__(self, article: Article, related: tuple[Article, ...], story):
        self.article, self.related, self.story = article, related, story

    def __getitem__(self, key: str) -> Any:
        if key not in self._KEYS:
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._KEYS)

    def __len__(self) -> int:
        return len(self._KEYS)


def paginate(items: list | tuple, per_page: int, first_url: str) -> list[Pager]:
    """Split items into pages: page 1 lives at `first_url`, page N at `first_url`page/N/. Never zero pages."""
    chunks = [tuple(items[i:i + per_page]) for i in range(0, len(items), per_page)] or [()]
    urls = [first_url if n == 1 else f"{first_url}page/{n}/" for n in range(1, len(chunks) + 1)]
    return [
        Pager(number=n, total=len(chunks), items=chunk, url=urls[n - 1],
              prev_url=urls[n - 2] if n > 1 else None, next_url=urls[n] if n < len(chunks) else None,
              first_url=urls[0], last_url=urls[-1])
        for n, chunk in enumerate(chunks, start=1)
    ]


RAIL_STORIES = 6  # stories in the home page's side column


@dataclass(frozen=True)
class DayLink:
    """A neighbouring day in the day pager: its date and page."""

    day: date
    url: str


@dataclass(frozen=True)
class MonthStrip:
    """The archive's month strip: every year of the site, and the months of one year (oldest first)."""

    year: int
    years: tuple[tuple[int, str], ...]         # (year, page URL), newest first
    months: tuple[tuple[date, str, int], ...]  # (first day, page URL, articles) of `year`, January first


def month_strip(site: Site, year: int) -> MonthStrip:
    return MonthStrip(year, tuple((y.start.year, y.url) for y in site.years),
                      tuple((m.start, m.url, m.count) for m in reversed(site.months) if m.start.year == year))


def group_articles_by_day(articles: tuple[Article, ...]) -> list[tuple[date, list[Article]]]:
    """The articles (newest first) under date headings, newest day first, each day's in their order.

    A day groups all its articles, not each run of them: an article's day is its outlet's (or the digest's)
    day, which the order by the instant can put out of step with its neighbours' (a report dated by the day
    only, at its midnight in Seoul, comes before one of the evening before in New York), and runs gave one day
    two headings with another day between them."""
    by_day: dict[date, list[Article]] = {}
    for article in articles:
        by_day.setdefault(article.day, []).append(article)
    return sorted(by_day.items(), key=lambda item: item[0] or date.min, reverse=True)


@dataclass(frozen=True)
class DayGroups:
    """A list page's articles as (day, articles of that day) runs, the `groups` its template iterates over, worked
    out each time a template reads them. Held ready for every topic, tag and source page until it rendered, the runs
    took about 470 bytes an article (each article is on several such pages): half a gigabyte at a million articles.
    Fingerprinted by its articles, as the runs follow from them."""

    articles: tuple[Article, ...]   # newest first

    def __iter__(self):
        return iter(group_articles_by_day(self.articles))

    def __len__(self) -> int:
        return len(group_articles_by_day(self.articles))

    def __bool__(self) -> bool:
        return bool(self.articles)


def term_pages(config: Config, terms: list[Term]) -> list[Page]:
    """The pages listing each topic's, tag's and source's articles: they need no stories, so a build makes
    them while its stories are still being found (newsdigest.story_child)."""
    return [Page(pager.url, "term.html", term.name, PageKind(term.kind),
                 {"term": term, "pager": pager, "groups": DayGroups(pager.items)},
                 pager.items[0].day if pager.items else None)
            for term in terms for pager in paginate(term.articles, config.paginate, term.url)]


def list_pages(site: Site, listed_terms: list[Page] | None = None) -> list[Page]:
    """Every HTML page of the site, in a stable order; `listed_terms`, when given, are the site's
    `term_pages`, made beforehand."""
    config = site.config
    pages: list[Page] = []
    # "Latest" marks the newest day of the site, never the clock's day: builds stay reproducible (display_time).
    today = site.days[0].day if site.days else None
    for pager in paginate(site.days, config.home.days_per_page, "/"):
        context = {"pager": pager, "today": today, "rail": ()}
        if pager.number == 1:  # the side column: the latest stories not already on the page
            on_page = {site.story_of[e.article.page_url].id for g in pager.items for e in g.front.entries
                       if e.article.page_url in site.story_of}
            context["rail"] = tuple(story_view(story) for story in islice(
                (story for story in site.stories if story.id not in on_page), RAIL_STORIES))
        pages.append(Page(pager.url, "index.html", config.title, PageKind.HOME, context,
                          pager.items[0].day if pager.items else None))
    for index, group in enumerate(site.days):
        newer = site.days[index - 1] if index > 0 else None
        older = site.days[index + 1] if index + 1 < len(site.days) else None
        pages.append(Page(group.url, "day.html", long_date(group.day), PageKind.DAY,
                          {"group": group, "newer": DayLink(newer.day, newer.url) if newer else None,
                           "older": DayLink(older.day, older.url) if older else None,
                           "day_word": relative_day(group.day, today)}, group.day))
    for period in site.months:
        days = [g for g in site.days if g.day.replace(day=1) == period.start]
        pages.append(Page(period.url, "month.html", f"{period.start:%B %Y}", PageKind.MONTH,
                          {"period": period, "days": days, "strip": month_strip(site, period.start.year)},
                          days[0].day if days else None))
    for period in site.years:
        months = [m for m in site.months if m.start.year == period.start.year]
        pages.append(Page(period.url, "year.html", f"{period.start:%Y}", PageKind.YEAR,
                          {"period": period, "months": months, "strip": month_strip(site, period.start.year)}))
    pages.append(Page("/archive/", "archive.html", "Archive", PageKind.ARCHIVE,
                      {"years": [(y, [m for m in site.months if m.start.year == y.start.year]) for y in site.years],
                       "strip": month_strip(site, today.year) if today else None}))
    pages.append(Page(INDEX_URLS["topic"], "topics.html", "Topics", PageKind.TOPICS, {"terms": site.topics}))
    pages.append(Page(INDEX_URLS["tag"], "terms.html", "Tags", PageKind.TAGS, {"terms": site.tags, "term_kind": "tag"}))
    pages.append(Page(INDEX_URLS["source"], "terms.html", "Sources", PageKind.SOURCES,
                      {"terms": site.sources, "term_kind": "source"}))
    pages += term_pages(config, [*site.topics, *site.tags, *site.sources]) if listed_terms is None else listed_terms
    views = tuple(story_view(story) for story in site.stories)  # one each, for the index and the story's page
    if config.stories.enabled:  # newest first, `paginate` stories a page, as every long list
        for pager, shown in zip(paginate(site.stories, config.paginate, "/stories/"),
                                paginate(views, config.paginate, "/stories/")):
            pages.append(Page(pager.url, "stories.html", "Stories", PageKind.STORIES,
                              {"stories": pager.items, "views": shown.items, "pager": pager, "today": today},
                              pager.items[0].articles[-1].day if pager.items else None))  # newest coverage first
    for story, view in zip(site.stories, views):
        pages.append(Page(story.url, "story.html", story.lead.title, PageKind.STORY, {"story": story, "view": view},
                          story.articles[-1].day))
    redirects = story_redirects(config, site.stories)
    if site.search:
        pages.append(Page("/search/", "search.html", "Search", PageKind.SEARCH,
                          {"search_bundles": bundle_folders(len(site.articles), config.search.bundle_pages)}))
    for article in site.articles:
        story = site.story_of.get(article.page_url)
        related = one_report_a_story(site.related.get(article.source_path, ()), story, site.story_of)
        pages.append(Page(article.page_url, "article.html", article.title, PageKind.ARTICLE,
                          ArticlePageContext(article, related[:config.related.count], story), article.day))
    # Compared by the file each is written to, in any letter case (one file on macOS and Windows): a redirect
    # never takes a page's place, however its address is written ("/index.html", "/Tags/"), nor needs a folder
    # where a file is written ("/a.html/b/" beside "/a.html"), nor a file where a folder is.
    taken = {page.output_path.casefold() for page in pages}
    folders = {folder for path in taken for folder in folders_of(path)}
    for redirect in redirects + alias_redirects(site.articles):
        path = redirect.output_path.casefold()
        if path not in taken and path not in folders and taken.isdisjoint(folders_of(path)):
            taken.add(path)
            folders.update(folders_of(path))
            pages.append(redirect)
    return pages


def one_report_a_story(related: tuple[Article, ...], story, story_of: dict) -> tuple[Article, ...]:
    """An article's related articles as its page lists them: none of its own story (that coverage is listed
    apart), and one report of each other story, the first ranked (three reports of one event took three of five
    places); newsdigest.related ranks twice as many as the page shows, so the places freed go to other news."""
    shown = {story.id} if story else set()
    kept = []
    for other in related:
        other_story = story_of.get(other.page_url)
        if other_story is None or other_story.id not in shown:
            kept.append(other)
            if other_story is not None:
                shown.add(other_story.id)
    return tuple(kept)


def alias_redirects(articles: list[Article]) -> list[Page]:
    """A page at each of an article's earlier addresses (front matter `aliases:`, newsdigest.aliases) that leads
    on to its page. An alias that is the address of a page the site has is left out: the page is what is there."""
    return [Page(alias, "redirect.html", article.title, PageKind.REDIRECT, {"target": article.page_url},
                 article.day)
            for article in articles for alias in article.extra.get("aliases", ())]


def story_redirects(config: Config, stories: list) -> list[Page]:
    """A page at the address each report of a story would give the story had it been its first, leading to the
    story's page. A story's id is its first report's day and slug, so it changes when an earlier report joins
    late, or when two stories merge; the page at the old address, and the feed readers' and other sites' links to
    it, then lead on to where the story is now. (A static build keeps no record of earlier builds: these pages
    are what today's reports say, the same for a clean build as for an incremental one.)"""
    redirects: dict[str, Page] = {}
    for story in stories:
        context = {"target": story.url, "story": True}  # one for all the story's pages (most reports have one)
        for report in story.articles[1:]:
            address = address_by_report(config, report)
            if address != story.url and address not in redirects:
                redirects[address] = Page(address, "redirect.html", story.lead.title, PageKind.REDIRECT,
                                          context, story.articles[-1].day)
    return list(redirects.values())


def address_by_report(config: Config, report: Article) -> str:
    """The address a story would have with this report as its first: its day and slug."""
    return story_url(config, f"{report.day or report.date.date():%Y-%m-%d}-{report.slug}")


def shared_addresses(pages: list[Page]) -> list[tuple[Page, Page]]:
    """Pairs of pages of different kinds that the permalink patterns give one address ("/{slug}/" for articles,
    and an article titled "Tags"): one would overwrite the other. Addresses that differ only in letter case
    ("/Tags/x/" of a pattern and "/tags/x/") are one file on macOS's and Windows' file systems, so they clash too.
    (Articles never share one: see `site_model.assign_urls_and_days`.)"""
    first: dict[str, Page] = {}
    clashes = []
    for page in pages:
        known = first.setdefault(page.output_path.casefold(), page)
        if known is not page:
            clashes.append((known, page))
    return clashes


def describe(page: Page) -> str:
    """A page as a message names it: an article by its title, other pages by their kind and title."""
    return f"the article '{page.title}'" if page.kind == PageKind.ARTICLE else f"the {page.kind} page '{page.title}'"


def in_render_order(pages: list[Page]) -> list[Page]:
    """`pages` as they are rendered: those of the whole site first, then newest `Page.day` first; pages of the
    same day keep their order.

    An article's list items are then drawn on pages close together (its day's, its month's, its topics'), so
    a bounded cache of rendered items (newsdigest.render_parts.ItemCache) keeps most of what it will be asked
    for again, whatever the archive's size; a rare tag's page, whose items span weeks, is where it misses.
    """
    undated = [page for page in pages if page.day is None]
    dated = sorted((page for page in pages if page.day is not None), key=lambda page: page.day, reverse=True)
    return undated + dated   # the sort is stable, also in reverse
