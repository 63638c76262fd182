"""Site model: articles -> their topics, URLs and days; stories; topic, tag and source terms; days, months
and years; related articles.

Pure functions over plain data: no file I/O, no templates. The pages themselves are listed by newsdigest.pages;
the renderer turns each into bytes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from zoneinfo import ZoneInfo

from newsdigest.aliases import shared_aliases
from newsdigest.article import Article
from newsdigest.config import Config, TopicRule
from newsdigest.pages import Page, PageKind, describe, list_pages, shared_addresses, term_pages
from newsdigest.problems import NewsdigestError, Problem
from newsdigest.related import find_related
from newsdigest.stories import (Story, moved_groups, new_places, stories_by_article,
                                stories_from_groups)
from newsdigest.story_child import start_finding_stories
from newsdigest.story_view import FrontDay, front_day
from newsdigest.topics import TopicMatcher, topic_rules
from newsdigest.slugs import reading_order
from newsdigest.urls import article_url, day_url, month_url, story_url, term_slug, term_url, year_url




@dataclass(frozen=True)
class Term:
    """A topic, tag or source, with its articles newest first."""

    kind: str                  # "topic" | "tag" | "source"
    slug: str
    name: str
    url: str
    description: str = ""
    articles: tuple[Article, ...] = ()

    @property
    def count(self) -> int:
        return len(self.articles)


# One entry of a digest list: an article and, when it leads a story, the story's other articles in that list.
Entry = tuple[Article, tuple[Article, ...]]


@dataclass(frozen=True)
class LedeLine:
    """One line of a daily edition's lede: a topic, its lead headline that day, and how many articles it has."""

    term: Term
    lead: Article
    count: int


@dataclass(frozen=True)
class DayGroup:
    """One day's articles, grouped by each article's primary topic in config order.

    `entries_by_topic` is the day's entries as `front` shows them, by topic: each story once (the report shown, plus
    one report of each other outlet, "also covered by");
    `lede` names each topic's lead headline: the daily edition's summary (feeds use both). `front` is the
    day as its digest pages show it: the lead slot, then topic blocks (newsdigest.story_view).
    """

    day: date
    url: str
    articles: tuple[Article, ...]
    by_topic: tuple[tuple[Term, tuple[Article, ...]], ...]
    entries_by_topic: tuple[tuple[Term, tuple[Entry, ...]], ...] = ()
    lede: tuple[LedeLine, ...] = ()
    front: FrontDay = FrontDay(None)


@dataclass(frozen=True)
class Period:
    """A month or a year of articles."""

    kind: str                  # "month" | "year"
    start: date
    url: str
    articles: tuple[Article, ...]

    @property
    def count(self) -> int:
        return len(self.articles)


@dataclass
class Site:
    config: Config
    articles: list[Article]                    # newest first
    topics: list[Term]                         # config order, then front-matter-only topics, fallback last
    tags: list[Term]                           # by name
    sources: list[Term]                        # by name
    days: list[DayGroup]                       # newest first
    months: list[Period]                       # newest first
    years: list[Period]                        # newest first
    related: dict[str, tuple[Article, ...]]   # article (its source_path) -> related articles
    pages: list[Page]
    warnings: list[Problem]
    stories: list[Story] = field(default_factory=list)        # newest coverage first
    story_of: dict[str, Story] = field(default_factory=dict)  # article page URL -> its story (themes look it up so)
    search: bool = False                                      # the site has a search page

    def topic(self, slug: str) -> Term | None:
        return next((t for t in self.topics if t.slug == slug), None)

    @property
    def configured_topics(self) -> list[Term]:
        """The topics config.yaml declares, in config order with the fallback last: the site's sections,
        shown in every page's topic navigation. A topic only front matter names is a term like a tag
        (its own page and feeds, listed under /topics/), not a section: one article's whim must not
        add a link to every page of the site."""
        declared = {rule.slug for rule in topic_rules(self.config)}
        return [term for term in self.topics if term.slug in declared]


def build_site_model(config: Config, articles: list[Article], *, search: bool | None = None,
                     token_cache: dict | None = None, topic_cache: dict | None = None,
                     stories_beside: bool = False, while_waiting: Callable[[], None] | None = None,
                     related_memory: dict | None = None, release_loaded: bool = False) -> Site:
    """Assign URLs, days and topics, find stories, group everything, and list every page of the site.

    `search` says whether the site gets a search page (default: `search.enabled`); the builder turns
    it off when Pagefind is not installed. `token_cache` and `topic_cache` (kept by a SiteBuilder
    between builds) let story clustering and topic rules re-read only changed articles.
    `related_memory` (kept between builds, newsdigest.related) lets only the related lists an edit touches be worked
    out again. `stories_beside` lets a big site's stories be found in a forked process while this one groups the
    rest (newsdigest.story_child): for one-shot builds, whose token cache is not kept. `while_waiting` is called
    when this process is done with everything else and the child is still at work: a later stage's work that
    needs no site model (loading the theme) fills the wait. With `release_loaded` (a one-shot build), `articles` is
    emptied once they have their URLs: the build then holds each article once, not also as loaded, while the
    stories are found (a million articles held 220 MB of articles as loaded meanwhile).
    """
    warnings: list[Problem] = []
    as_loaded = articles
    # Stories are grouped first (beside this process where it may), as they need the articles' times and words
    # only: from the articles as loaded, so that the child starts before they get their URLs and days. The
    # groups' positions are then moved to the articles' places in the sorted list (`moved_groups`); topics
    # keep that order.
    pending = start_finding_stories(as_loaded, config.stories, token_cache, beside=stories_beside)
    try:
        articles = assign_urls_and_days(config, articles, warnings)
        articles.sort(key=lambda a: a.sort_key)
        places = new_places(as_loaded, articles)
        if release_loaded:
            as_loaded.clear()
        articles = assign_topics(config, articles, topic_cache)
        topics = group_by_topic(config, articles)
        tags = group_by_term(config, articles, "tag", lambda a: a.tags)
        sources = group_by_term(config, articles, "source", lambda a: (a.source,) if a.source else ())
        months = group_by_period(config, articles, "month")
        years = group_by_period(config, articles, "year")
        related = find_related(config, articles, related_memory)
        listed_terms = term_pages(config, [*topics, *tags, *sources])
        if while_waiting is not None and pending.forked:
            while_waiting()
    except BaseException:
        pending.cancel()
        raise
    stories = story_pages(config, stories_from_groups(articles, moved_groups(pending.result(), places)))
    story_of = stories_by_article(stories)
    days = group_by_day(config, articles, {t.slug: t for t in topics}, story_of)
    site = Site(config, articles, topics, tags, sources, days, months, years, related, [], warnings,
                stories, story_of, config.search.enabled if search is None else search)
    site.pages = list_pages(site, listed_terms)
    warnings += shared_aliases(config.content_dir, articles)
    clashes = shared_addresses(site.pages)
    if clashes:
        raise NewsdigestError([_clash_source(config, first, second,
                                             f"{describe(second)} and {describe(first)} would both be written to "
                                             f"{second.url}" + ("" if first.url == second.url else f" and {first.url}, "
                                             "one file on macOS and Windows") + ": change `permalinks` in the config "
                                             "so they differ") for first, second in clashes])
    return site


def _clash_source(config: Config, first: Page, second: Page, message: str) -> Problem:
    """The problem of two pages that share an address, naming an article's content file, else the config's
    `permalinks` (file and line)."""
    for page in (first, second):
        if page.kind == PageKind.ARTICLE:
            return Problem(config.content_dir / page.context["article"].source_path, message)
    return Problem(config.source or config.root / "config.yaml", message, config.line_of("permalinks"))


def story_pages(config: Config, stories: list[Story]) -> list[Story]:
    """The stories, each with the URL of its page."""
    return [replace(story, url=story_url(config, story.id)) for story in stories]


def assign_topics(config: Config, articles: list[Article], cache: dict | None = None) -> list[Article]:
    """Front matter topics win; otherwise the config's keyword rules (with no rules: the section of the source's
    own category or URL); otherwise the fallback topic.

    `cache` maps an article version (`file_hash`) to its topics, for one config: keep it between
    builds so only changed articles are matched against the rules again.
    """
    matcher = TopicMatcher(config)
    cache = {} if cache is None else cache
    result = []
    for article in articles:
        topics = cache.get(article.file_hash) if article.file_hash else None
        if topics is None:
            topics = matcher.assign(title=article.title, summary=article.summary, tags=article.tags,
                                    body=article.body_markdown, declared=article.declared_topics,
                                    category=article.category, url=article.url)
            if article.file_hash:
                cache[article.file_hash] = topics
        result.append(article.placed(topics=topics))
    if len(cache) > 2 * len(articles) + 100:  # forget versions no longer in the content folder
        current = {article.file_hash for article in articles}
        for stale in [key for key in cache if key not in current]:
            del cache[stale]
    return result


def digest_day(config: Config, article: Article) -> date:
    """The day an article is listed under: its own local date, or the date in `digest_timezone` if set.

    An article dated 2026-01-30T00:30+09:00 belongs to 30 January, even though it is still
    29 January in UTC: readers see the date the source printed.
    """
    if article.date_only or not config.digest_timezone:
        return article.date.date()
    return article.date.astimezone(ZoneInfo(config.digest_timezone)).date()


def assign_urls_and_days(config: Config, articles: list[Article], warnings: list[Problem]) -> list[Article]:
    """Give each article its day and permalink; two articles never share a URL (the others get -2, -3...).

    Of articles that would share an address, the one whose file is named after its slug (`slug.md`) keeps
    it, then the oldest: a file's name does not change when another article is added, so a later file
    about an earlier hour (`slug-copy.md`) does not move the page of one already published.
    """
    taken: dict[str, Article] = {}
    result = []
    one_date_a_day: dict[date, date] = {}   # (each article's own date object took 32 bytes; a million articles)
    days = {}
    for article in articles:
        day = digest_day(config, article)
        days[id(article)] = one_date_a_day.setdefault(day, day)
    # A `-2` is never an address another article asks for by its slug (`slug: same-title-2`, as ingest
    # writes): taking it would move that article's page, whichever of the two is read first.
    asked = {article_url(config, days[id(article)], article.slug) for article in articles}

    def named_after_slug(article: Article) -> bool:   # its file's name without the ending, as Path.stem reads it
        name = article.source_path.rpartition("/")[2]
        dot = name.rfind(".")
        return (name[:dot] if 0 < dot < len(name) - 1 else name) == article.slug

    for article in sorted(articles, key=lambda a: (not named_after_slug(a), a.date.timestamp(), a.source_path)):
        day = days[id(article)]
        url = article_url(config, day, article.slug)
        suffix = 1
        while url in taken or (suffix > 1 and url in asked):
            suffix += 1
            url = article_url(config, day, f"{article.slug}-{suffix}")
        if suffix > 1:
            first = taken[article_url(config, day, article.slug)]
            # (the day only where the address holds it: under /news/{slug}/ a slug of any day is the same address)
            on = f" on {day}" if "{day}" in config.permalinks.article else ""
            warnings.append(Problem(config.content_dir / article.source_path,
                                    f"{first.source_path} already uses slug '{article.slug}'{on} (its file is named "
                                    f"after the slug, or it is older); published at {url}. Give one of them a slug of "
                                    "its own: an address and a feed id should not change once published"))
        taken[url] = article
        result.append(article.placed(page_url=url, day=day))
    return result


def group_by_topic(config: Config, articles: list[Article]) -> list[Term]:
    """Every configured topic (even empty ones, so topic URLs stay stable), then topics only front matter named."""
    members: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        for slug in article.topics:
            members[slug].append(article)
    rules: list[TopicRule] = list(topic_rules(config)[:-1])  # the fallback goes last, below
    known = {rule.slug for rule in rules} | {config.fallback_topic.slug}
    rules += [TopicRule(slug, slug.replace("-", " ").title()) for slug in sorted(members) if slug not in known]
    rules.append(config.fallback_topic)
    return [
        Term("topic", rule.slug, rule.title, term_url(config, "topic", rule.slug), rule.description,
             tuple(members.get(rule.slug, ())))
        for rule in rules
        if rule.slug in members or rule in config.topics
    ]


def group_by_term(config: Config, articles: list[Article], kind: str, names_of) -> list[Term]:
    """Tags or sources: names that slugify alike ("U.S." and "u.s.") share one page, named by the spelling most of
    its articles use (of equal counts, the first used): one late article spelling it "RIVERTON LEDGER" does not
    rename the page every other article calls "Riverton Ledger". An article giving two of them is listed once."""
    members: dict[str, list[Article]] = defaultdict(list)
    spellings: dict[str, Counter] = defaultdict(Counter)
    for article in reversed(articles):  # oldest first: of spellings used as often, the first used names the term
        slugs: dict[str, str] = {}
        for name in names_of(article):
            slugs.setdefault(term_slug(name, kind), name)
        for slug, name in slugs.items():
            spellings[slug][name] += 1
            members[slug].append(article)
    terms = [
        Term(kind, slug, spellings[slug].most_common(1)[0][0], term_url(config, kind, slug), "",
             tuple(reversed(items)))
        for slug, items in members.items()
    ]
    return sorted(terms, key=lambda t: (reading_order(t.name), t.slug))


def group_by_day(config: Config, articles: list[Article], topics: dict[str, Term],
                 story_of: dict[str, Story] | None = None) -> list[DayGroup]:
    """Days newest first; each day's articles by primary topic, with stories collapsed and a lede line per topic."""
    story_of = story_of or {}
    by_day: dict[date, list[Article]] = defaultdict(list)
    for article in articles:
        by_day[article.day].append(article)
    order = {slug: index for index, slug in enumerate(topics)}
    groups = []
    known: dict = {}  # story id -> its outlets, shared by the days it runs (story_view.StoryOutlets)
    for day in sorted(by_day, reverse=True):
        by_topic: dict[str, list[Article]] = defaultdict(list)
        for article in by_day[day]:
            by_topic[article.topics[0]].append(article)
        grouped = tuple((topics[slug], tuple(items)) for slug, items in
                        sorted(by_topic.items(), key=lambda item: order[item[0]]))
        # The day's entries as its page shows them (`front_day`: each story once, by the report it shows, under that
        # report's topic, with one report of each other outlet): two reports of one story that the rules file
        # under two topics were two entries of the daily feed.
        front = front_day(day, by_day[day], topics, story_of, known, config.fallback_topic.slug)
        entries_of: dict[str, list[Entry]] = defaultdict(list)
        for entry in front.entries:
            entries_of[entry.topic_slug].append((entry.article, entry.more))
        entries = tuple((topics[slug], tuple(items)) for slug, items in
                        sorted(entries_of.items(), key=lambda item: order[item[0]]))
        groups.append(DayGroup(
            day=day,
            url=day_url(config, day),
            articles=tuple(by_day[day]),
            by_topic=grouped,
            entries_by_topic=entries,
            lede=tuple(LedeLine(term, lead_entry(items)[0], sum(1 + len(also) for _, also in items))
                       for term, items in entries),
            front=front,
        ))
    return groups


def lead_entry(entries: tuple[Entry, ...]) -> Entry:
    """A topic's lead on a day: the story covered by the most sources there, else the newest article."""
    best = max(range(len(entries)), key=lambda index: (len(entries[index][1]), -index))
    return entries[best]


def group_by_period(config: Config, articles: list[Article], kind: str) -> list[Period]:
    by_start: dict[date, list[Article]] = defaultdict(list)
    for article in articles:
        start = article.day.replace(day=1) if kind == "month" else article.day.replace(month=1, day=1)
        by_start[start].append(article)
    return [
        Period(kind, start, (month_url if kind == "month" else year_url)(config, start), tuple(by_start[start]))
        for start in sorted(by_start, reverse=True)
    ]
