"""Render stage: the site model -> file bytes: HTML pages via Jinja2 themes (environment in newsdigest.templating),
the feeds (newsdigest.feeds), sitemap and robots.txt (newsdigest.sitemap), each rendered again only when what it
shows changed."""

from __future__ import annotations

import dataclasses
import hashlib
import traceback
from collections.abc import Mapping, MutableMapping
from datetime import date, datetime
from pathlib import Path

import jinja2

from newsdigest.article import Article
from newsdigest.config import Config
from newsdigest.daily_feed import render_daily_feed
from newsdigest.feed_items import RssItems
from newsdigest.feeds import FEED_RENDERERS, FeedSpec, feed_specs, opml_outlines, render_opml
from newsdigest.pages import Page, PageKind, in_render_order
from newsdigest.problems import NewsdigestError, Problem
from newsdigest.site_model import Period, Site, Term
from newsdigest.sitemap import sitemap_files
from newsdigest.render_parts import ItemCache, shared_context, story_marks
from newsdigest.templating import make_environment, templates_of_their_own
from newsdigest.urls import DAILY_FEED, OPML_FILE, FeedFormat


class RenderCache:
    """Rendered pages and feeds of the last build, keyed by a fingerprint of everything they show.

    A page is rendered again only when its fingerprint changes: an edited article re-renders its
    own page and the pages listing it, nothing else. `clear()` after a template change.
    """

    def __init__(self, keep: bool = True) -> None:
        self.keep = keep  # False for a one-shot build: nothing is kept, and fingerprints are not needed
        self._files: dict[str, tuple[str, bytes]] = {}
        self.rendered = 0
        self.reused = 0

    def get_or_render(self, path: str, fingerprint: str, render) -> bytes:
        if not self.keep:
            self.rendered += 1
            return render()
        cached = self._files.get(path)
        if cached and cached[0] == fingerprint:
            self.reused += 1
            return cached[1]
        data = render()
        self._files[path] = (fingerprint, data)
        self.rendered += 1
        return data

    def forget(self, paths) -> None:
        for path in paths:
            self._files.pop(path, None)

    def keep_only(self, paths) -> None:
        for path in set(self._files) - set(paths):
            del self._files[path]

    def clear(self) -> None:
        self._files.clear()


def render_site(site: Site, env: jinja2.Environment | None = None, cache: RenderCache | None = None,
                on_page=None, shown_in: dict[str, set[str]] | None = None,
                items: ItemCache | None = None, pages: list[Page] | None = None,
                shared: dict | None = None, files: MutableMapping[str, bytes] | None = None) -> MutableMapping[str, bytes]:
    """Every generated file of the site (except theme static files), keyed by path relative to output/.

    `on_page`, if given, is called after each HTML page (for a progress bar). `shown_in`, if given, is
    filled with each article's content file -> the output files that show it (see newsdigest.quick).
    `items`, kept by a SiteBuilder with its environment, lets list items be reused from the last build.
    Pages are rendered in `pages.in_render_order`; `pages`, in that order, renders only those of the site's
    pages (the feeds and other files still all), when another process renders the rest with the same `shared`
    context (see newsdigest.split_build). `files`, if given, receives the files instead of a new dict (a
    one-shot build's newsdigest.staged_output.StagedFiles).
    """
    config = site.config
    env = env or make_environment(config)
    cache = cache or RenderCache()
    site_key, marks = site_fingerprint(site), story_marks(site)
    if items is not None:
        items.new_build(site_key)
    shared = shared or shared_context(site, env, items)
    files = {} if files is None else files

    parts = SharedParts()

    def seen_by(path: str) -> set[str] | None:
        return None if shown_in is None else _ShownRecorder(shown_in, path)

    for page in in_render_order(site.pages) if pages is None else pages:
        fingerprint = page_fingerprint(site_key, page, marks, seen_by(page.output_path), parts) \
            if cache.keep or shown_in is not None else ""
        files[page.output_path] = cache.get_or_render(
            page.output_path, fingerprint, lambda page=page: render_page(env, page, shared))
        if on_page is not None:
            on_page()
    not_found = Page("/404.html", "404.html", "Page not found", PageKind.NOT_FOUND)
    files["404.html"] = cache.get_or_render("404.html", site_key, lambda: render_page(env, not_found, shared))
    specs, feed_key = feed_specs(site), site_fingerprint(site, templates=False)
    rss_items = RssItems(config, [item for spec in specs if spec.format == FeedFormat.RSS
                                  for item in spec.articles[: config.feeds.items]])
    for spec in specs:
        files[spec.output_path] = render_feed_spec(config, spec, feed_key, cache, seen_by(spec.output_path), rss_items)
    files[DAILY_FEED.lstrip("/")] = render_daily_edition(site, feed_key, cache, seen_by(DAILY_FEED.lstrip("/")))
    files[OPML_FILE.lstrip("/")] = render_opml(config, opml_outlines(site), title=f"{config.title}: feeds")
    files.update(sitemap_files(site))
    cache.keep_only(files)
    return files


def site_fingerprint(site: Site, templates: bool = True) -> str:
    """What every page shows besides its own context: the config, the topic navigation, the tags and search links. With
    templates of the site's own (`templating.templates_of_their_own`), which may show anything of the site, every
    article's version as well: any change of content renders every page again, as a build without the cache does.
    (`templates` False: the key of the feeds, which no template makes.)"""
    shown = [repr(site.config), [(t.slug, t.name, t.url, t.count > 0) for t in site.topics], site.search,
             bool(site.tags)]
    if templates and templates_of_their_own(site.config):
        shown.append([article.version_key for article in site.articles])
    return _digest(shown)


def page_fingerprint(site_key: str, page: Page, marks: dict[str, tuple[str, int, int]],
                     seen: set[str] | None = None, parts: SharedParts | None = None) -> str:
    """Everything that decides a page's bytes: its context, and the story marks (`story_marks`) of every
    article it shows. `seen` collects the content files of those articles. `parts`, shared by the pages of
    one build, fingerprints what many pages show once (see `SharedParts`); the figure is the same without."""
    shown: set[str] = set()
    context = fingerprint_of(page.context, shown, SharedParts() if parts is None else parts)
    if seen is not None:
        for path in shown:
            seen.add(path)
    stories = sorted({marks[path] for path in shown if path in marks})
    return _digest((site_key, page.url, page.template, page.title, page.kind, context, stories))


def render_feed_spec(config: Config, spec: FeedSpec, site_key: str, cache: RenderCache,
                     seen: set[str] | None = None, rss_items: RssItems | None = None) -> bytes:
    """One article feed's bytes (its newest `feeds.items` articles), from the cache when nothing in it changed.
    `rss_items` shares each article's RSS item between the feeds of one build."""
    newest = spec.articles[: config.feeds.items]
    # Atom alone requires a feed date; an empty Atom feed borrows the site's newest article date, so only
    # an empty feed's bytes depend on it (a new article elsewhere must not re-render every other feed).
    dated_by_site = spec.format == FeedFormat.ATOM and not newest
    options = {"updated_if_empty": spec.site_updated} if dated_by_site else {}
    if spec.format == FeedFormat.RSS and rss_items is not None:
        options["items_made"] = rss_items
    fingerprint = _digest((site_key, spec.format, spec.title, spec.page_url, spec.description,
                           fingerprint_of(newest, seen), options.get("updated_if_empty")))
    return cache.get_or_render(spec.output_path, fingerprint, lambda: FEED_RENDERERS[spec.format](
        config, newest, title=spec.title, page_url=spec.page_url, feed_url=spec.path, description=spec.description,
        **options))


def render_daily_edition(site: Site, site_key: str, cache: RenderCache, seen: set[str] | None = None) -> bytes:
    """The daily feed: one item per day, newest `feeds.items` days."""
    config = site.config
    editions = tuple(site.days[: config.feeds.items])
    return cache.get_or_render(
        DAILY_FEED.lstrip("/"), _digest((site_key, "daily", fingerprint_of(editions, seen))),
        lambda: render_daily_feed(config, editions, title=f"{config.title}: daily edition", feed_url=DAILY_FEED,
                                  description=f"One edition a day: {config.description}".strip()))


class _ShownRecorder(set):
    """A set that files each article's content path under one output file in `shown_in` as it is added."""

    def __init__(self, shown_in: dict[str, set[str]], output_path: str):
        super().__init__()
        self._shown_in = shown_in
        self._output_path = output_path

    def add(self, source_path: str) -> None:
        self._shown_in.setdefault(source_path, set()).add(self._output_path)


_PLAIN_TYPES = frozenset({str, int, float, bool, type(None), date, datetime})
_NOT_A_DATACLASS = ()
_field_names: dict[type, tuple[str, ...]] = {}  # per type met: its dataclass field names, or _NOT_A_DATACLASS


class SharedParts(dict):
    """What the pages of one build show in common, fingerprinted once: id of a dataclass instance (a day's
    digest, a story, a front-page entry) -> (the instance, the digest of its fingerprint, the content files it
    shows). A day is shown by its own page, its month's, home pages and feeds, a story by the page of each of its
    reports: summing them up again for every page took most of the time of fingerprinting a site.

    Good for one pass over a site whose objects do not change meanwhile (the instance is held, so its id is
    not reused); the figures differ from `fingerprint_of` without it, so compare only fingerprints made alike.
    """


def fingerprint_of(value, seen: set[str] | None = None, parts: SharedParts | None = None) -> object:
    """A hashable summary of template data: articles by version and URL, terms and periods by what lists show.

    Each article met is added (by content file) to `seen`, when given: the articles the data shows.
    A site's pages hold about a million such values between them; the common types are told apart by
    their exact type first, which is several times faster than a chain of isinstance checks. With `parts`,
    a dataclass instance met before is summed up by the digest worked out the first time (`SharedParts`).
    """
    kind = type(value)
    if kind in _PLAIN_TYPES:
        return value
    if kind is Article:
        if seen is not None:
            seen.add(value.source_path)
        return value.version_key
    if kind is tuple or kind is list:
        return tuple([fingerprint_of(item, seen, parts) for item in value])
    names = _field_names.get(kind)
    if names is None:
        names = _field_names[kind] = (tuple(f.name for f in dataclasses.fields(kind))
                                      if dataclasses.is_dataclass(kind) else _NOT_A_DATACLASS)
    if names and kind is not Term and kind is not Period:
        if parts is not None:
            return _shared_part(value, names, seen, parts)
        return tuple([fingerprint_of(getattr(value, name), seen) for name in names])
    return _fingerprint_of_other(value, seen, parts)


def _shared_part(value, names: tuple[str, ...], seen: set[str] | None, parts: SharedParts) -> str:
    known = parts.get(id(value))
    if known is None or known[0] is not value:
        shown: set[str] = set()
        summary = tuple([fingerprint_of(getattr(value, name), shown, parts) for name in names])
        known = parts[id(value)] = (value, _digest((_kind_name(value), summary)), tuple(shown))
    if type(seen) is set:
        seen.update(known[2])
    elif seen is not None:  # a _ShownRecorder files each one
        for path in known[2]:
            seen.add(path)
    return known[1]


def _kind_name(value) -> str:
    """The qualified name of a value's type (two dataclasses with alike fields must not sum up alike)."""
    kind = type(value)
    return f"{kind.__module__}.{kind.__qualname__}"


def _fingerprint_of_other(value, seen: set[str] | None, parts: SharedParts | None = None) -> object:
    """Terms, periods, and the types `fingerprint_of` does not know by their exact type (named tuples...)."""
    if isinstance(value, Term):
        return ("T", value.kind, value.slug, value.name, value.url, value.description, value.count)
    if isinstance(value, Period):
        return ("P", value.kind, value.start, value.url, value.count)
    if isinstance(value, (list, tuple)):
        return tuple(fingerprint_of(item, seen, parts) for item in value)
    if isinstance(value, Mapping):   # a dict, or an article page's context (newsdigest.pages.ArticlePageContext)
        return tuple(sorted((key, fingerprint_of(item, seen, parts)) for key, item in value.items()))
    return value


def _digest(value: object) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def template_missing(env: jinja2.Environment, name: str, word: str) -> Path | None:
    """The theme file of template `name` when its source never mentions `word`, else None."""
    try:
        source, filename, _ = env.loader.get_source(env, name)
        if word not in source and f'"builtin/{name}"' in source or f"'builtin/{name}'" in source:
            source += env.loader.get_source(env, f"builtin/{name}")[0]   # (it extends the built-in one)
    except jinja2.TemplateNotFound:
        return None
    return None if word in source else Path(filename or name)


def render_page(env: jinja2.Environment, page: Page, shared: dict) -> bytes:
    """Render one page; a template mistake becomes a NewsdigestError naming the template file and line."""
    try:
        template = env.get_template(page.template)
        html = template.render(**shared, page=page, **page.context)
    except jinja2.TemplateSyntaxError as err:
        raise NewsdigestError(Problem(Path(err.filename or err.name or page.template), err.message or str(err),
                                      err.lineno)) from None
    except jinja2.TemplateNotFound as err:   # the page's template, or one that a template includes or extends
        frame = _template_frame(err)
        raise NewsdigestError(Problem(Path(frame.filename) if frame else Path(page.template),
                                      f"template not found in the theme: {err.name}",
                                      frame.lineno if frame else None)) from None
    except Exception as err:  # an error raised while running a template: point at the template line
        frame = _template_frame(err)
        where = Path(frame.filename) if frame else Path(page.template)
        raise NewsdigestError(Problem(where, f"error while rendering {page.url}: {err}",
                                      frame.lineno if frame else None)) from None
    return html.encode("utf-8")


def _template_frame(err: Exception) -> traceback.FrameSummary | None:
    """The innermost place in a template file where `err` was raised (Jinja maps it to the template's line)."""
    return next((frame for frame in reversed(traceback.extract_tb(err.__traceback__))
                 if frame.filename.endswith((".html", ".xml", ".txt"))), None)
