"""Template helpers that render what many pages share once and reuse it: an article's list item, credit,
time and topic chips, its entry in a story's coverage list, a digest entry, the topic navigation.

`shared_context` is what every template sees besides its page's own context; the rendered parts live in an
`ItemCache`, kept between the builds of one session.
"""

from __future__ import annotations


import jinja2
from markupsafe import Markup

from newsdigest.article import Article
from newsdigest.site_model import Site
from newsdigest.stories import Story
from newsdigest.story_view import FrontEntry, OutletReports
from newsdigest.urls import SITE_FEED

ARTICLE_ITEM = "partials/article_item.html"
MACROS = "partials/macros.html"
FRONT_ENTRY = "partials/front_entry.html"
TOPIC_NAV = "partials/topic_nav.html"


ITEM_OVERHEAD = 256            # bytes a cached item costs besides its text: the str, its key tuple, the dict entry
ONE_BUILD_ITEM_BYTES = 128 << 20 # what a one-shot build's render process keeps of its rendered items, at most
STORIES_KEPT = 4096            # stories whose coverage lists are kept ready, at most


class ItemCache:
    """Rendered list items (see `article_item_renderer`), kept between the builds of one session.

    Valid for one template set and config: make a new one with a new Jinja environment. Each full
    build calls `new_build()`, so items no page used in the last build are let go.

    With `max_bytes` (a one-shot build), it holds about that much at most, whatever the site's size: when
    the items kept since the last turn reach half of it (a character counted as a byte), they become the
    older half and the items before them go. The pages render newest day first
    (newsdigest.pages.in_render_order), so an item is mostly asked for again within a few hundred pages of
    the last time, and a dropped one is drawn again the same.
    """

    def __init__(self, max_bytes: int | None = None) -> None:
        self._current: dict[tuple, Markup] = {}
        self._previous: dict[tuple, Markup] = {}
        self._turn_at = None if max_bytes is None else max_bytes // 2
        self._held = 0   # bytes of `_current`, counted when bounded
        self._site_key: str | None = None

    def new_build(self, site_key: str | None = None) -> None:
        """Items no page used in the last build go. A build whose `site_key` (render.site_fingerprint) differs from
        the last one's lets every item go: templates of the site's own may show more of the site in an item."""
        if site_key is not None and site_key != self._site_key:
            self._current, self._site_key = {}, site_key
        self._previous, self._current, self._held = self._current, {}, 0

    def get(self, key: tuple) -> Markup | None:
        html = self._current.get(key)
        if html is None:
            html = self._previous.get(key)
            if html is not None:
                self.put(key, html)
        return html

    def put(self, key: tuple, html: Markup) -> None:
        self._current[key] = html
        if self._turn_at is not None:
            self._held += len(html) + ITEM_OVERHEAD
            if self._held >= self._turn_at:
                self.new_build()


def shared_context(site: Site, env: jinja2.Environment, items: ItemCache | None = None) -> dict:
    """What every template sees besides its page's own context."""
    # `topics` feeds the topic navigation: the configured topics only. `topic_by_slug` has every topic,
    # so an article still links to a topic only its front matter names.
    shared = {"site": site, "config": site.config, "topics": site.configured_topics, "site_feed": SITE_FEED,
              "topic_by_slug": {term.slug: term for term in site.topics}}
    items = items or ItemCache(ONE_BUILD_ITEM_BYTES)   # a one-shot build: nothing is kept for a next one
    shared.update(item_parts(env, shared, items))
    shared["article_item"] = article_item_renderer(env, shared, items)
    shared["front_entry"] = front_entry_renderer(env, shared, items)
    shared["topic_nav"] = topic_nav_renderer(env, shared)
    return shared


def item_parts(env: jinja2.Environment, shared: dict, items: ItemCache) -> dict:
    """The `credit(item)`, `time_of(item, listed_on, year)`, `chips(item, hide_topic)`, `coverage_entry(item,
    year)` and `more_list(more, day, shown, rest_url, lead)` template helpers: the theme's macros of the same names
    (partials/macros.html), each called once per article version (or list of them) and arguments.

    An article's credit, time and topic links are the same in every list that shows it (its day, the home
    page, its topic, tag and source pages, related lists), in whichever heading or setting the list shows it;
    its entry in a story's "More coverage" list is the same on the page of every other article of the story.
    """
    macros = []  # the theme's macro module, loaded when first used (a theme need not have one)
    topic_by_slug = shared["topic_by_slug"]

    def macro_named(name: str):
        if not macros:
            macros.append(env.get_template(MACROS).module)
        macro = getattr(macros[0], name, None)
        if macro is None:
            raise LookupError(f"the theme's {MACROS} has no macro `{name}`: copy it from the default theme")
        return macro

    def cached(name: str, item: Article, *args) -> Markup:
        key = (name, item.source_path, item.file_hash, item.page_url, item.topics, item.day, *args)
        html = items.get(key)
        if html is None:
            macro = macro_named(name)
            html = Markup(macro(item, topic_by_slug, *args) if name == "chips" else macro(item, *args))
            items.put(key, html)
        return html

    limit = shared["config"].stories.coverage_items
    entries_by_story: dict[tuple[int, int | None], tuple[Story, OutletReports, dict[int, Markup]]] = {}

    def story_coverage(story: Story, article: Article) -> Markup:
        # Every member's page lists some of the others: who may be listed is worked out once per story, and each
        # entry is rendered once and joined as the plain string it is (Markup already).
        year = article.day.year if article.day else None
        known = entries_by_story.get((id(story), year))
        if known is None or known[0] is not story:
            if len(entries_by_story) >= STORIES_KEPT:  # pages render by day: the stories of days long past are done
                entries_by_story.clear()
            known = entries_by_story[id(story), year] = (story, OutletReports(story), {})
        entries = known[2]  # id of the article -> its entry; the story keeps the articles alive
        html = []
        for other in known[1].besides(article, limit):
            entry = entries.get(id(other))
            if entry is None:
                entry = entries[id(other)] = cached("coverage_entry", other, year)
            html.append(entry)
        return Markup("\n    ".join(html))

    def more_list(more: tuple[Article, ...], day=None, shown: int = 0, rest_url: str | None = None,
                  lead: Article | None = None) -> Markup:
        # A story's "More:" list on a digest day is the same in each entry that shows it (its day's page, its
        # month's, home pages, each at its own heading level): drawn once per version of its reports.
        key = ("more_list", day, shown, rest_url, lead.title if lead is not None else None,
               *((other.source_path, other.file_hash, other.page_url, other.day) for other in more))
        html = items.get(key)
        if html is None:
            macro = macro_named("more_list")
            # (a theme copied before the macro took `lead` still renders, listing every headline as it did)
            extra = (lead,) if "lead" in getattr(macro, "arguments", ("lead",)) else ()
            html = Markup(macro(more, day, shown, rest_url, *extra))
            items.put(key, html)
        return html

    return {"credit": lambda item: cached("credit", item),
            "more_list": more_list,
            "time_of": lambda item, listed_on=None, year=None: cached("time_of", item, listed_on, year),
            "chips": lambda item, hide_topic="": cached("chips", item, hide_topic),
            "coverage_entry": lambda item, year=None: cached("coverage_entry", item, year),
            "story_coverage": story_coverage}


def story_marks(site: Site) -> dict[str, tuple[str, int, int]]:
    """What a list item shows of its article's story (looked up on the site, not in the page's context):
    the story's address and how many reports and outlets it has, by the article's content file."""
    return {article.source_path: (story.url, len(story.articles), len(story.sources))
            for story in site.stories for article in story.articles}


def topic_nav_renderer(env: jinja2.Environment, shared: dict):
    """The `topic_nav()` template helper: the topic navigation, the same on every page, rendered once."""
    rendered: list[Markup] = []

    def topic_nav() -> Markup:
        if not rendered:
            rendered.append(Markup(env.get_template(TOPIC_NAV).render(**shared)))
        return rendered[0]

    return topic_nav


def article_item_renderer(env: jinja2.Environment, shared: dict, items: ItemCache):
    """The `article_item(item, heading, show_date, also)` template helper: one article in a list.

    An article is listed on many pages (its day, month, home, topic, tag and source pages, related
    lists): the partial is rendered once per article version, heading and date setting, then reused.
    What it shows besides the article (topic names and links) is fixed by the config. With `also`
    (a story's other coverage) it is rendered each time.
    """

    marks = story_marks(shared["site"])  # an item may link its story, with its counts

    def article_item(item: Article, heading: str = "h3", show_date: bool = False, also=(),
                     hide_topic: str = "") -> Markup:
        key = (item.source_path, item.file_hash, item.page_url, item.topics, item.day, heading, bool(show_date),
               hide_topic, marks.get(item.source_path))
        html = None if also else items.get(key)
        if html is None:
            html = Markup(env.get_template(ARTICLE_ITEM).render(
                **shared, item=item, heading=heading, show_date=show_date, also=also, hide_topic=hide_topic))
            if not also:
                items.put(key, html)
        return html

    return article_item


def front_entry_renderer(env: jinja2.Environment, shared: dict, items: ItemCache):
    """The `front_entry(entry, heading, hide_topic, lead)` template helper: one entry of a digest page
    (newsdigest.story_view.FrontEntry), or with `lead` the day's lead slot.

    Each entry is rendered once per version of what it shows and setting, then reused: a story's entry ("More:",
    "day 3") is shown on its day's page, its month's page and the home page.
    """

    def front_entry(entry: FrontEntry, heading: str = "h3", hide_topic: str = "", lead: bool = False) -> Markup:
        item = entry.article
        key = ("entry", item.source_path, item.file_hash, item.page_url, item.topics, item.day, heading,
               hide_topic, lead, entry.story,
               *((other.source_path, other.file_hash, other.page_url, other.day) for other in entry.more))
        html = items.get(key)
        if html is None:
            html = Markup(env.get_template(FRONT_ENTRY).render(
                **shared, entry=entry, item=item, heading=heading, hide_topic=hide_topic, lead=lead))
            items.put(key, html)
        return html

    return front_entry
