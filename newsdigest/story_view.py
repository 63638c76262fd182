"""Stories and digest days as a front page shows them: the lead slot, topic blocks, "More:" lists, timelines.

newsdigest.stories finds stories; this module only decides how they are presented:

- **Lead slot.** A day's biggest story leads it: the entry with the most outlets that day (a developing story
  counts its coverage of the day, not all it had so far: one late report of yesterday's big story does not head
  today), then the earliest. Topic blocks rank their entries the same way.
- **One entry per story per day.** A story is shown once on a day, by its lead when the lead was published
  that day, else by its earliest article that day, under that article's primary topic.
- **More:** each other outlet that covered it that day once, with that outlet's own latest headline of the day,
  in order of first coverage; earlier days' coverage is on the story page, which the entry links. Articles
  with no source are each listed (as "source unknown"). The theme shows the first few and links the rest.
  Outlets that ran one headline word for word (a wire report) share its line (`more_lines`), and those that ran
  the entry's own headline are named apart, above the others.
- **More coverage** (an article page): each outlet's latest report of the story but the page's own, in order
  of first coverage, at most `stories.coverage_items` of them; the story page lists every report.
- **Developing stories.** A story whose coverage runs over several days is one story: each day it
  appears on says which day of the story it is ("day 3") and links the story page.

Pure functions over plain data (articles, stories, terms): no templates, no I/O.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from newsdigest.article import Article
from newsdigest.ingest.clean import comparable
from newsdigest.slugs import name_slug
from newsdigest.stories import Story, placed_time

if TYPE_CHECKING:
    from newsdigest.site_model import Term


def outlet_key(article: Article) -> str:
    """Which outlet an article is from, as stories compare names ("Korea Herald" == "korea herald");
    an article without a source is its own unknown outlet."""
    return name_slug(article.source) or article.source.strip().casefold() or f"{UNKNOWN_KEY}{article.source_path}"


UNKNOWN_KEY = "unknown:"   # (no outlet's key starts so: `name_slug` writes no colon, and a name has letters first)


def day_of(article: Article) -> date:
    return article.day or article.date.date()


@dataclass(frozen=True)
class StoryRef:
    """Where a story stands on one day: which day of the story it is, of how many, and its size so far."""

    url: str
    day_number: int       # 1 on the story's first day
    days: int             # calendar days from the first coverage to the last
    reports: int          # articles up to and including this day
    outlets: int          # distinct outlets up to and including this day
    total_reports: int = 0  # the whole story's articles and outlets, as its page shows them
    total_outlets: int = 0
    day_outlets: int = 0  # distinct outlets of this day alone: what the day's ranking counts

    @property
    def developing(self) -> bool:
        return self.days > 1


@dataclass(frozen=True)
class FrontEntry:
    """One item of a digest page: an article, or a story shown by one of its articles with "More:"."""

    article: Article
    more: tuple[Article, ...] = ()      # other outlets' coverage, one article per outlet
    story: StoryRef | None = None
    topic: str = ""                     # the topic it is filed under: its article's first, else `filed_under`'s

    @property
    def topic_slug(self) -> str:
        return self.topic or self.article.topics[0]

    @property
    def outlets(self) -> int:
        """The outlets that covered it on the day shown: a story's second day ranks by that day's coverage, not by
        all it had so far (one late report of a big story would head the next day's page)."""
        return self.story.day_outlets if self.story else 1


@dataclass(frozen=True)
class TopicBlock:
    """A topic's entries on one digest day (never empty)."""

    term: Term
    entries: tuple[FrontEntry, ...]


@dataclass(frozen=True)
class FrontDay:
    """A day as its digest page shows it: the lead slot, then the other entries by topic in config order."""

    lead: FrontEntry | None
    blocks: tuple[TopicBlock, ...] = ()

    @property
    def entries(self) -> tuple[FrontEntry, ...]:
        return ((self.lead,) if self.lead else ()) + tuple(e for block in self.blocks for e in block.entries)


@dataclass(frozen=True)
class TimelineDay:
    """One day of a story's timeline: its number in the story and the reports of that day, oldest first."""

    day: date
    number: int
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class StoryView:
    """A story as its page and the stories list show it."""

    story: Story
    more: tuple[Article, ...]             # every other outlet's own (latest) headline
    timeline: tuple[TimelineDay, ...]
    days: int                             # calendar days from first to last coverage

    @property
    def developing(self) -> bool:
        return self.days > 1


def story_days(story: Story) -> int:
    """Calendar days from the story's first coverage to its last (1 for a one-day story)."""
    days = [day_of(a) for a in story.articles]
    return (max(days) - min(days)).days + 1


def day_number(story: Story, day: date) -> int:
    """Which day of the story `day` is: 1 on the day of its first coverage."""
    return (day - min(day_of(a) for a in story.articles)).days + 1


class StoryOutlets:
    """Each article's day and outlet of one story, worked out once: a story is shown on every day it runs,
    and each of those days asks who covered it up to then."""

    __slots__ = ("days", "outlets", "first", "span", "total_outlets")

    def __init__(self, story: Story) -> None:
        self.days = tuple(day_of(a) for a in story.articles)
        self.outlets = tuple(outlet_key(a) for a in story.articles)
        self.first = min(self.days)
        self.span = (max(self.days) - self.first).days + 1
        self.total_outlets = known_outlets(self.outlets)


class OutletReports:
    """Each outlet of one story with its latest two reports, outlets in order of first coverage: what the page
    of every article of the story picks its "More coverage" list from (`besides`), worked out once a story."""

    __slots__ = ("reports",)

    def __init__(self, story: Story) -> None:
        latest: dict[str, tuple[Article, Article | None]] = {}
        for article in story.articles:  # oldest first
            key = outlet_key(article)
            known = latest.get(key)
            latest[key] = (article, known[0] if known else None)
        self.reports = tuple(latest.values())

    def besides(self, shown: Article, limit: int = 0) -> tuple[Article, ...]:
        """Each outlet's latest report other than `shown` (so `shown`'s own outlet too, when it has another), in
        order of first coverage; at most `limit` of them (0: every outlet)."""
        picked: list[Article] = []
        url = shown.page_url  # (an address compares many times faster than a Path)
        for latest, previous in self.reports:
            report = previous if latest.page_url == url else latest
            if report is not None:
                picked.append(report)
                if len(picked) == limit:
                    break
        return tuple(picked)


def story_ref(story: Story, day: date, outlets: StoryOutlets | None = None) -> StoryRef:
    known = outlets or StoryOutlets(story)
    upto, that_day = [], set()
    for key, when in zip(known.outlets, known.days):
        if when <= day:
            upto.append(key)
            if when == day:
                that_day.add(key)
    return StoryRef(url=story.url, day_number=(day - known.first).days + 1, days=known.span,
                    reports=len(upto), outlets=known_outlets(upto),
                    total_reports=len(story.articles), total_outlets=known.total_outlets,
                    day_outlets=known_outlets(that_day))


def known_outlets(keys) -> int:
    """How many outlets `outlet_key`s name: a report of no known outlet is its own key, and counts as none (pages
    said "3 reports from 3 outlets" where the stories list said 2)."""
    return len({key for key in keys if not key.startswith(UNKNOWN_KEY)})


def more_coverage(articles: tuple[Article, ...] | list[Article], shown: Article, on_day: date | None = None,
                  outlets: StoryOutlets | None = None) -> tuple[Article, ...]:
    """Each outlet but `shown`'s once, with its latest article (of day `on_day` alone, when given: a developing
    story's entry on a later day lists that day's coverage; its page has the rest), in order of first coverage.

    `articles` are a story's, oldest first; `outlets`, when given, are that story's (`StoryOutlets`).
    """
    mine = outlet_key(shown)
    days = outlets.days if outlets else [day_of(a) for a in articles]
    keys = outlets.outlets if outlets else [outlet_key(a) for a in articles]
    latest: dict[str, Article] = {}
    for article, when, key in zip(articles, days, keys):
        if on_day is not None and when != on_day:
            continue
        if key != mine:
            latest[key] = article  # oldest first: the last one seen is the latest; the dict keeps first order
    return tuple(latest.values())


@dataclass(frozen=True, slots=True)
class HeadlineGroup:
    """One line of a "More:" list: the first outlet to run a headline, and the others that ran it word for word."""

    article: Article
    also: tuple[Article, ...] = ()


@dataclass(frozen=True, slots=True)
class MoreLines:
    """A "More:" list as it is shown: the outlets that ran the headline shown above it (`same_as_shown`), one line
    per other headline (`lines`), and how many outlets were left out to keep it short (`hidden`)."""

    same_as_shown: tuple[Article, ...]
    lines: tuple[HeadlineGroup, ...]
    hidden: int = 0


def more_lines(more: tuple[Article, ...], shown: Article | None = None, limit: int = 0) -> MoreLines:
    """`more` (a "More:" list's articles, one an outlet, in order) with the outlets that ran one headline word for
    word on one line: a wire report carried by twenty outlets is one headline and twenty names, not twenty lines.
    Those that ran the headline of `shown` (the entry's own article, above the list) are named apart. Headlines are
    compared as ingest compares lines (`comparable`: letter case, quote forms, spacing and edge punctuation aside).
    With a `limit`, at most that many lines and names a line; `hidden` counts the outlets left out."""
    shown_key = comparable(shown.title) if shown is not None else None
    same: list[Article] = []
    groups: dict[str, list[Article]] = {}
    for article in more:
        key = comparable(article.title)
        if key == shown_key:
            same.append(article)
        else:
            groups.setdefault(key, []).append(article)
    lines = [HeadlineGroup(first, tuple(rest)) for first, *rest in groups.values()]
    if limit:
        same = same[:limit]
        lines = [HeadlineGroup(line.article, line.also[:limit]) for line in lines[:limit]]
    kept = len(same) + sum(1 + len(line.also) for line in lines)
    return MoreLines(tuple(same), tuple(lines), len(more) - kept)


def choose_lead(entries: list[FrontEntry]) -> FrontEntry | None:
    """The day's biggest story: the most outlets that day, then the earliest (then the first listed)."""
    if not entries:
        return None
    most = max(entry.outlets for entry in entries)
    contenders = [entry for entry in entries if entry.outlets == most]  # (only these need their times worked out)
    if len(contenders) == 1:
        return contenders[0]
    return min(contenders, key=lambda e: (_earliest(e).timestamp(), e.article.page_url))


def _earliest(entry: FrontEntry):
    return min([entry.article.date, *(a.date for a in entry.more)])


def front_day(day: date, articles: tuple[Article, ...] | list[Article], topics: dict[str, Term],
              story_of: dict[str, Story], known: dict[str, StoryOutlets] | None = None,
              fallback: str = "") -> FrontDay:
    """A day's articles (newest first) as a front page: the lead slot and topic blocks (see the module doc).

    `known` (story id -> its StoryOutlets), shared by the calls for every day of a site, saves working out
    a story's outlets again on each day it runs; a story is filed as `filed_under` says (`fallback`: the slug of
    the topic of articles no rule or section files)."""
    known = {} if known is None else known
    stories = [story_of.get(article.page_url) for article in articles]
    by_story: dict[str, list[Article]] = defaultdict(list)
    for article, story in zip(articles, stories):
        if story is not None:
            by_story[story.id].append(article)
    entries: list[FrontEntry] = []
    shown: set[str] = set()
    for article, story in zip(articles, stories):
        if story is None:
            entries.append(FrontEntry(article))
            continue
        if story.id in shown:
            continue
        shown.add(story.id)
        that_day = by_story[story.id]
        lead_url = story.lead.page_url  # (articles are told apart by address here, as `story_of` finds them)
        head = next((a for a in that_day if a.page_url == lead_url), None) \
            or min(that_day, key=lambda a: (placed_time(a), a.page_url))
        outlets = known.get(story.id)
        if outlets is None:
            outlets = known[story.id] = StoryOutlets(story)
        entries.append(FrontEntry(head, more_coverage(story.articles, head, day, outlets),
                                  story_ref(story, day, outlets), filed_under(head, story, fallback)))
    lead = choose_lead(entries)
    order = {slug: index for index, slug in enumerate(topics)}
    grouped: dict[str, list[FrontEntry]] = defaultdict(list)
    for entry in entries:
        if entry is not lead:
            grouped[entry.topic_slug].append(entry)
    blocks = []
    for slug in sorted(grouped, key=lambda s: order.get(s, len(order))):
        # Bigger stories first; otherwise newest first, as listed.
        ranked = sorted(enumerate(grouped[slug]), key=lambda item: (-item[1].outlets, item[0]))
        blocks.append(TopicBlock(topics[slug], tuple(entry for _, entry in ranked)))
    return FrontDay(lead, tuple(blocks))


def filed_under(head: Article, story: Story, fallback: str) -> str:
    """The topic a story is filed under on a digest page: that of the report shown for it, unless that is the
    `fallback` topic (a wire copy filed as "Wire", an outlet's section no table knows) while other reports of the
    story are filed in a topic: then the one most of them are in (the first such report's on a tie)."""
    first = head.topics[0]
    if not fallback or first != fallback:
        return first
    counts = Counter(a.topics[0] for a in story.articles if a.topics and a.topics[0] != fallback)
    return counts.most_common(1)[0][0] if counts else first


def story_view(story: Story) -> StoryView:
    """A story's page: its lead, every other outlet's latest headline, and who reported when, day by day."""
    first = min(day_of(a) for a in story.articles)
    by_day: dict[date, list[Article]] = defaultdict(list)
    for article in story.articles:
        by_day[day_of(article)].append(article)
    timeline = tuple(TimelineDay(day, (day - first).days + 1, tuple(by_day[day])) for day in sorted(by_day))
    return StoryView(story, more_coverage(story.articles, story.lead), timeline, story_days(story))
