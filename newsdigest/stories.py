"""Stories: articles from different sources about the same event, grouped by text similarity.

Pure functions over plain data: no I/O, no config, no templates. Same articles in (in any order), same
stories out.

How articles become stories:

1. **Text to vectors** (newsdigest.story_terms). Title and the start of the body are split into lowercase words; a small
   stopword list, one-letter words and URLs are dropped and plurals are folded ("tariffs" -> "tariff").
   Title words count `TITLE_WEIGHT` times, and the title's names and numbers ("Kim Jung-kwan", "GM",
   "475") are terms of their own besides (`title_names`). Each article is a TF-IDF vector (sublinear
   term frequency, smoothed IDF over the articles given) of length 1, of which only the heaviest terms
   that other articles share are stored (newsdigest.story_vectors): cosines are those of the whole vectors.
2. **Pairs within the time window.** Articles are sorted by date; only articles at most `window_days`
   apart are compared, a block of articles at a time by sparse matrix products, so the cost grows with the
   articles per window, not with the square of the corpus. The similarity of two articles is the cosine
   of their vectors; articles further apart than the window, and pairs under `threshold`, count as 0 (a
   pair under the threshold cannot start a merge; groups are compared through pairs that can).
3. **Centroid-link grouping** (newsdigest.story_groups). Starting from single articles, the two groups whose
   centroids (the sum of their members' vectors) are most similar are merged, as long as that cosine,
   weakened by the time between the two groups, reaches `threshold`. A story's centroid gathers the names
   and words its reports share, so a new report joins when it is like the story as a whole, though it may
   share few words with any single report (headlines of one event are short and worded differently); and a
   chain of weak links cannot join unrelated events, as it could with single ("any") link. Time weakens a
   link in two rounds: first at a burst's pace (halved every 6 hours), then at each group's own pace, so a
   second burst of reports a day after the first about the same subject (the next day's market report)
   stays a story of its own, while single reports a day apart (one story told over three days by a small
   site) still grow into one developing story; `window_days` is the slowest half-life.
4. **Stories.** A group is a story when it has articles from at least `min_sources` distinct sources
   (names compared as slugs: "Korea Herald" == "korea herald"). Articles without a source count for
   none. Two articles of one source can be inside a story, but are never a story by themselves.
5. **Wire copies** (newsdigest.story_copies). Within a story, reports whose bodies are the same text (one
   agency report run by several outlets) are marked as copies of one report.
"""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

from newsdigest.article import Article
from newsdigest.slugs import name_slug
from newsdigest.story_copies import wire_copies
from newsdigest.story_groups import centroid_link_groups
from newsdigest.story_idf import calendar_months
from newsdigest.story_terms import LanguageMemos, PackedTerms, article_tokens, pack_terms
from newsdigest.story_vectors import PackedDocuments, pack_documents, similar_pairs, supported_groups, tfidf_matrix

# Chosen on the `dev` half of the labelled headlines (python -m evaluation.stories --split dev --sweep), kept for
# full texts: below it, full reports of related events merge. A headline shares fewer words with the other
# reports of its event: a site of reports mostly headlines alone (`applied_threshold`) is grouped at this share of
# the threshold, 0.12, what `dev` chooses since the rule for established stories (docs/stories.md).
DEFAULT_THRESHOLD = 0.15
HEADLINE_SCALE = 0.8
HEADLINE_TERMS = 20             # a report of at most this many distinct terms is a headline alone (a short line)
MIDDAY = 12 * 3600.0            # seconds after midnight where an article dated by day only is placed
# A pair of reports is compared for wire copies (newsdigest.story_copies) from this cosine up: a copy under a
# new headline still shares its whole lede, while reports in their own words rarely come near.
COPY_CANDIDATE_COSINE = 0.5


@dataclass(frozen=True)
class Story:
    """One event as covered by several sources.

    `id` is the earliest article's digest day and slug, e.g. "2026-01-29-korea-tariff-talks"
    (`Article.day` when the site model has set it, else the article's own local date). Two stories
    whose earliest articles share day and slug get "-2", "-3"... in date order. The id changes only when
    an earlier article joins the story or the earliest one leaves it.
    """

    id: str
    articles: tuple[Article, ...]   # oldest first
    lead: Article                   # the most representative article: highest similarity to the others
    sources: tuple[str, ...]        # distinct source names, in order of first coverage
    cohesion: float                 # average pairwise similarity of the articles, 0..1
    url: str = ""                   # site path of the story page, filled in by the site model
    copies: tuple[tuple[Article, ...], ...] = ()  # groups of wire copies: one text run by several outlets

    @property
    def first_date(self) -> datetime:
        return self.articles[0].date

    @property
    def last_date(self) -> datetime:
        return self.articles[-1].date

    @property
    def updated(self) -> datetime:
        """When the story last changed as its feeds and the sitemap say it: its newest report's date, or a later
        correction of any of its reports (`Article.modified`), which changes what the story's item shows. A report
        or correction known by the day only counts from the middle of its day, where the story places it: from its
        midnight, a report joining the story later in its timeline would not move the story's date."""
        return max((_changed_at(article) for article in self.articles), default=self.last_date, key=_utc)

    @property
    def others(self) -> tuple[Article, ...]:
        """Every article but the lead, oldest first: the "also covered by" list."""
        return tuple(a for a in self.articles if a is not self.lead)

    def copies_of(self, article: Article) -> tuple[Article, ...]:
        """The story's other articles that are copies of this one's text (newsdigest.story_copies), oldest first."""
        for group in self.copies:
            if any(member.source_path == article.source_path for member in group):
                return tuple(member for member in group if member.source_path != article.source_path)
        return ()

    def copy_sources(self, article: Article) -> tuple[str, ...]:
        """The outlets that ran a copy of this article's text (`copies_of`), each named once, case aside."""
        if not self.copies:
            return ()
        names: dict[str, str] = {}
        for copy in self.copies_of(article):
            if copy.source:
                names.setdefault(copy.source.lower(), copy.source)
        return tuple(names.values())

    def coverage_besides(self, article: Article) -> tuple[Article, ...]:
        """The story's other articles, oldest first. (The default theme's article page lists them through the
        `story_coverage` helper; themes copied before it call this.)"""
        return tuple(a for a in self.articles if a.source_path != article.source_path)


def placed_time(article: Article) -> float:
    """When the article is taken to have been published, in seconds since 1970: its date, or for an article dated
    by the day only the middle of that day, its likeliest time (not its first second: a report of the day would
    come before the morning's reports, and take the story's id and its first place in the timeline)."""
    return article.date.timestamp() + (MIDDAY if article.date_only else 0.0)


def _changed_at(article: Article) -> datetime:
    """When a report last changed the story: its correction, and never before where the story places the report
    (a correction at 10:00 of a report dated by the day, placed at midday, would take the story's date back)."""
    moment, day_only = article.last_change()
    placed = article.date + timedelta(seconds=MIDDAY) if article.date_only else article.date
    return max(moment + timedelta(seconds=MIDDAY) if day_only else moment, placed)


def _in_time_order(article: Article) -> tuple:
    """Oldest first; articles of the same second by their address, as readers see them listed."""
    return (placed_time(article), article.page_url, str(article.source_path))


def cluster_stories(articles: list[Article], *, threshold: float = DEFAULT_THRESHOLD,
                    headline_threshold: float | None = None, window_days: float = 3.0,
                    min_sources: int = 2, token_cache: dict[str, PackedTerms] | None = None) -> list[Story]:
    """Group articles about the same event into stories, newest coverage first (see the module docstring).

    `threshold` is the cosine two groups' centroids need (0..1; higher means stricter), weakened by the time
    between them (newsdigest.story_groups), `headline_threshold` where they are mostly headlines (`applied_threshold`);
    `window_days` is the slowest half-life of that decay and the most time between two articles alike.
    `token_cache`, a dict kept between calls (watch/serve), holds each article's term counts by
    `file_hash` (packed, `story_terms.pack_terms`), so a rebuild reads only the text of changed articles.

    The three steps, `story_inputs`, `group_stories` and `stories_from_groups`, can be called apart: the middle
    one, nearly all of the work, reads no article (newsdigest.story_child runs it in a forked process).
    """
    inputs = story_inputs(articles, token_cache, min_sources=min_sources)
    if inputs is None:
        return []
    groups = group_stories(inputs, threshold=threshold, headline_threshold=headline_threshold,
                           window_days=window_days, min_sources=min_sources)
    return stories_from_groups(articles, groups)


@dataclass(frozen=True)
class StoryInputs:
    """What grouping reads of the articles, oldest first, in a few flat objects (see
    story_vectors.PackedDocuments) rather than the articles themselves."""

    order: array                 # each article's position in the article list, oldest first
    stamps: array                # its time, in seconds since the epoch
    date_only: bytes             # 1 where it is dated by the day only
    sources: array               # its source as a number (names that slugify alike are one), -1 for none
    documents: PackedDocuments | None  # its term counts (None once a StoryGrouping has made their vectors)
    headlines: int = 0           # how many of the articles are headlines alone (`HEADLINE_TERMS`)

    def __len__(self) -> int:
        return len(self.order)


def story_inputs(articles: list[Article], token_cache: dict[str, PackedTerms] | None = None, *,
                 min_sources: int = 2) -> StoryInputs | None:
    """The articles as grouping reads them (`token_cache` as for `cluster_stories`); None when they cannot
    make a story: fewer than two articles, or fewer than `min_sources` sources on the whole site."""
    if len(articles) < 2 or len({a.source.strip().casefold() for a in articles if a.source.strip()}) < min_sources:
        return None  # skip the text work
    times = [placed_time(article) for article in articles]
    # Oldest first, articles of the same second by their file: not by their address, which the build gives them
    # while the story child already works (newsdigest.site_model).
    order = sorted(range(len(articles)), key=lambda position: (times[position], str(articles[position].source_path)))
    ordered = [articles[position] for position in order]
    memo = LanguageMemos()
    documents = pack_documents(_cached_tokens(article, memo, token_cache) for article in ordered)
    if token_cache is not None:  # forget articles that are gone or changed
        for stale in set(token_cache) - {a.file_hash for a in ordered}:
            del token_cache[stale]
    numbers: dict[str, int] = {}
    sources = array("q", (numbers.setdefault(key, len(numbers)) if (key := _source_key(a.source)) else -1
                          for a in ordered))
    return StoryInputs(array("q", order), array("d", (times[position] for position in order)),
                       bytes(a.date_only for a in ordered), sources, documents,
                       sum(1 for size in documents.sizes if size <= HEADLINE_TERMS))


def applied_threshold(inputs: StoryInputs, threshold: float = DEFAULT_THRESHOLD,
                      headline_threshold: float | None = None) -> float:
    """The threshold `inputs` are grouped at: where at least half of them are headlines alone (`HEADLINE_TERMS`
    distinct terms or fewer), `headline_threshold` (None: `HEADLINE_SCALE` times `threshold`), else `threshold`."""
    headline = HEADLINE_SCALE * threshold if headline_threshold is None else headline_threshold
    return headline if 2 * inputs.headlines >= len(inputs) else threshold


@dataclass(frozen=True)
class StoryGroup:
    """A story found by `group_stories`, its articles given by their positions in the article list."""

    members: tuple[int, ...]                       # oldest first
    lead: int                                      # the most representative member
    cohesion: float                                # average pairwise similarity of the members, 0..1
    copy_candidates: tuple[tuple[int, int], ...]   # pairs of indexes into `members` alike enough to be copies


def group_stories(inputs: StoryInputs, *, threshold: float = DEFAULT_THRESHOLD,
                  headline_threshold: float | None = None, window_days: float = 3.0,
                  min_sources: int = 2) -> list[StoryGroup]:
    """The stories among `inputs` (settings as for `cluster_stories`): vectors, similar pairs, groups."""
    vectors, rests = tfidf_matrix(inputs.documents, months=calendar_months(inputs.stamps))
    return _grouped(inputs, vectors, rests, threshold=threshold, headline_threshold=headline_threshold,
                    window_days=window_days, min_sources=min_sources)


class StoryGrouping:
    """`group_stories` over `inputs` as a picklable call made once (what the story child runs): it lets go of the
    articles' term counts, the largest of its inputs, once their vectors are made."""

    def __init__(self, inputs: StoryInputs, **settings) -> None:
        self.inputs, self.settings = inputs, settings

    def __call__(self) -> list[StoryGroup]:
        inputs, self.inputs = self.inputs, None
        if inputs is None:
            raise RuntimeError("a StoryGrouping is called once")
        vectors, rests = tfidf_matrix(inputs.documents, months=calendar_months(inputs.stamps), lean=True)
        inputs = replace(inputs, documents=None)
        return _grouped(inputs, vectors, rests, **self.settings)


def _grouped(inputs: StoryInputs, vectors, rests: list[float], *, threshold: float = DEFAULT_THRESHOLD,
             headline_threshold: float | None = None, window_days: float = 3.0,
             min_sources: int = 2) -> list[StoryGroup]:
    """`group_stories` once the vectors are made: similar pairs and groups (`inputs.documents` is not read)."""
    stamps, threshold = inputs.stamps, applied_threshold(inputs, threshold, headline_threshold)
    pairs = similar_pairs(vectors, stamps, window_days * 86400.0, threshold)
    # An article dated by day only is taken at the middle of its day, its likeliest time (`placed_time`: the
    # stamps hold it). Spanning the whole day instead put two reports of neighbouring days at no distance at all,
    # so the time decay could never part the events of one subject on consecutive days (daily market reports):
    # with the labelled headlines dated by day only, pairwise precision fell to 0.82 over all events, against
    # 0.94 at midday (docs/stories.md).
    spans = zip(stamps, stamps)   # (read once: a list of a million tuples took 70 MB)
    groups = centroid_link_groups(vectors.by_term_id(), pairs, threshold, rests=rests, spans=spans,
                                  half_life=window_days * 86400.0, day_only=inputs.date_only,
                                  sources=inputs.sources)
    sources = inputs.sources
    groups = [members for members in supported_groups(groups, vectors)
              if len({sources[i] for i in members} - {-1}) >= min_sources]
    return [_story_group(members, inputs.order, partners)
            for members, partners in zip(groups, pairs.partners_by_group(groups, len(inputs)))]


def new_places(before: list[Article], after: list[Article]) -> array:
    """Where each article of `before` is in `after` (the same articles, placed and in another order)."""
    position = {article.source_path: index for index, article in enumerate(after)}
    return array("q", (position[article.source_path] for article in before))


def moved_groups(groups: list[StoryGroup], places: array) -> list[StoryGroup]:
    """The groups found among the articles as they were, with their positions where `places` (`new_places`) puts
    them."""
    return [replace(group, members=tuple(places[member] for member in group.members), lead=places[group.lead])
            for group in groups]


def stories_from_groups(articles: list[Article], groups: list[StoryGroup]) -> list[Story]:
    """Stories of `articles` from the groups `group_stories` found among them, newest coverage first."""
    stories = []
    for group in groups:
        members = [articles[position] for position in group.members]
        first = members[0]
        day = first.day or first.date.date()
        stories.append(Story(id=f"{day:%Y-%m-%d}-{first.slug}", articles=tuple(members), lead=articles[group.lead],
                             sources=distinct_sources(members), cohesion=group.cohesion,
                             copies=wire_copies(members, set(group.copy_candidates))))
    return _with_unique_ids(stories)


def _cached_tokens(article: Article, memo: LanguageMemos,
                   cache: dict[str, PackedTerms] | None) -> PackedTerms | Counter:
    counts = cache.get(article.file_hash) if cache is not None and article.file_hash else None
    if counts is None:
        counts = article_tokens(article, memo)
        if cache is not None and article.file_hash:
            cache[article.file_hash] = pack_terms(counts)
    return counts


# --------------------------------------------------------------------------------------------------
# Grouping
# --------------------------------------------------------------------------------------------------

def _source_key(name: str) -> str:
    return name_slug(name) or name.strip().casefold()


def distinct_sources(articles: list[Article]) -> tuple[str, ...]:
    """Source names in order of first appearance; names that slugify alike are one source."""
    seen: dict[str, str] = {}
    for article in articles:
        key = _source_key(article.source)
        if key:
            seen.setdefault(key, article.source)
    return tuple(seen.values())


def _story_group(members: list[int], order: array, partners: dict[int, list[tuple[int, float]]]) -> StoryGroup:
    """The group of articles (by their places in time order, ascending) as a StoryGroup: its lead, cohesion and
    copy candidates. `partners` holds each member's similar members with their similarity; a pair that is not
    there counts as 0."""
    # Each member's similarities summed in its partners' order, as a sum over all the other members in order
    # would add them (the zeros of the pairs that are not there change no sum).
    linked = [sorted(partners.get(member, ())) for member in members]
    centrality = [sum(value for _, value in row) for row in linked]
    # Copies of one text have nearly the same vectors; only such pairs are worth comparing word by word.
    place = {member: index for index, member in enumerate(members)}
    candidates = tuple(sorted((a, place[other]) for a, row in enumerate(linked) for other, value in row
                              if other > members[a] and value >= COPY_CANDIDATE_COSINE))
    lead = members[max(range(len(members)), key=lambda k: (centrality[k], -k))]  # ties: the earliest
    pair_count = len(members) * (len(members) - 1) / 2
    cohesion = sum(centrality) / 2 / pair_count
    return StoryGroup(tuple(order[i] for i in members), order[lead], round(cohesion, 6), candidates)


def _with_unique_ids(stories: list[Story]) -> list[Story]:
    """Suffix colliding ids in date order, then order stories by their newest coverage, newest first."""
    taken: set[str] = set()
    unique = []
    for story in sorted(stories, key=lambda s: _in_time_order(s.articles[0])):
        story_id, suffix = story.id, 1
        while story_id in taken:
            suffix += 1
            story_id = f"{story.id}-{suffix}"
        taken.add(story_id)
        unique.append(story if story_id == story.id else replace(story, id=story_id))
    return sorted(unique, key=lambda s: (-placed_time(s.articles[-1]), s.id))


# --------------------------------------------------------------------------------------------------
# Helpers for pages
# --------------------------------------------------------------------------------------------------

def stories_by_article(stories: list[Story]) -> dict[str, Story]:
    """Article page URL -> its story, for article pages ("other coverage"), digest lists and themes, which
    look a story up by the URL of an article they show (`site.story_of.get(item.page_url)`)."""
    return {article.page_url: story for story in stories for article in story.articles}


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)
