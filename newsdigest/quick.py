"""Quick updates: an edit that leaves the site's structure alone re-renders only the files that show the article.

After a full build, `SiteIndex` (newsdigest.quick_index) remembers every page and feed of the site and which
articles each one shows. When the watcher reports edited content files, `plan_quick_update` checks that every edit keeps
the site's structure: the article keeps its date, day, topics, tags, source and place in the order, and
any new URL is one no other article has or wants (a story's first report keeps its slug: the story's address
is made from it). Then the new version replaces the old one in the pages
and feeds that show it, and only those are rendered and written: milliseconds, whatever the site's size.
Anything else (a new, deleted or now-draft file, a moved date, another topic) raises `NeedsFullBuild`.

Two things a quick update leaves as they were, because they depend on every article: stories (their
TF-IDF weights are corpus-wide) and the order of exact ties among related articles (broken by URL).
The watcher therefore follows quick updates with a full build once edits pause, so the output always
ends byte-identical to a clean build's. Hugo's server does the same with its "fast render" mode.
"""

from __future__ import annotations

import dataclasses
import gc
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from newsdigest.article import Article
from newsdigest.feeds import FeedSpec, feed_count
from newsdigest.journal import MANIFEST_NAME, manifest_stamp
from newsdigest.output import Manifest, update_output
from newsdigest.pages import Page, PageKind, address_by_report
from newsdigest.problems import NewsdigestError
from newsdigest.progress import BuildResult
from newsdigest.render import (SharedParts, page_fingerprint, render_daily_edition, render_feed_spec, render_page,
                               site_fingerprint)
from newsdigest.render_parts import shared_context, story_marks
from newsdigest.templating import templates_of_their_own
from newsdigest.site_model import Period, Site, Term, digest_day
from newsdigest.stories import Story
from newsdigest.sitemap import move_in_sitemap
from newsdigest.quick_index import SiteIndex, index_site, wanted_url
from newsdigest.urls import DAILY_FEED, canonical_is_original, output_path

if TYPE_CHECKING:
    from newsdigest.build import SiteBuilder


class NeedsFullBuild(Exception):
    """The edit changes the site's structure (or cannot be judged): only a full build gives the right output."""


class QuickUpdates:
    """A SiteBuilder's quick-update path: its last full build, indexed, and the manifest of what it wrote since.

    The builder's full builds `remember` what they made; from the moment a build starts writing until it
    is remembered, there is nothing to update (`forget`).
    """

    def __init__(self, builder: SiteBuilder):
        self.builder = builder
        self.index: SiteIndex | None = None
        self.manifest: Manifest | None = None  # newer than the manifest file once updates rewrote pages
        self._manifest_stamp: tuple | None = None  # the manifest file as this builder last left it

    def remember(self, site: Site, shown_in: dict[str, set[str]], sitemap: dict[str, bytes], manifest: Manifest
                 ) -> None:
        self.index, self.manifest = index_site(site, shown_in, sitemap), manifest
        self._manifest_stamp = manifest_stamp(self.builder.output_dir)

    def kept_manifest(self) -> Manifest | None:
        """The manifest of what this builder wrote, while no other build has written the folder since (another
        `build` beside `watch`, say): then the manifest file on disk is the newer one."""
        if self.manifest is not None and manifest_stamp(self.builder.output_dir) == self._manifest_stamp:
            return self.manifest
        return None

    def forget(self) -> None:
        self.index = None

    def update(self, paths) -> BuildResult:
        """Quick update after edits to these content files: re-render and write only the pages and feeds
        that show the edited articles. Needs a full build first; raises NeedsFullBuild when the edits change
        the site's structure or a file has problems (a full build then gives the right output and reports
        the problems).

        Stories, related-article ties and the search index are left as they were: follow quick updates
        with a full build once edits pause.
        """
        started = time.perf_counter()
        if self.index is None or self.manifest is None:
            raise NeedsFullBuild("no full build to update yet")
        if not (self.builder.output_dir / MANIFEST_NAME).is_file():
            raise NeedsFullBuild(f"{self.builder.output_dir} was emptied or replaced since the last build")
        if self.kept_manifest() is None:
            raise NeedsFullBuild(f"another build wrote into {self.builder.output_dir} since the last one")
        # A quick update allocates little, but enough to start a full garbage collection now and then,
        # and on a large site that walks every object of the site model: longer than the update itself.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._update(paths, started)
        finally:
            if collecting:
                gc.enable()

    def _update(self, paths, started: float) -> BuildResult:
        caches, config = self.builder.caches, self.builder.config
        if templates_of_their_own(config):   # (a page the edit does not show may still show something of it)
            raise NeedsFullBuild("the theme has templates of its own, which may show any article on any page")
        edited = [self._parse_edited(Path(path)) for path in sorted(set(paths))]
        index = self.index
        plan = plan_quick_update(index, edited, caches.topics_of, include_drafts=self.builder.options.include_drafts)
        rendered_before = caches.pages.rendered
        self.index = None  # until the output matches the index again
        pages, feeds, daily = apply_quick_update(index, plan)
        site = index.site
        shared = shared_context(site, caches.env, caches.items)
        site_key, marks, parts = site_fingerprint(site), story_marks(site), SharedParts()
        feed_key = site_fingerprint(site, templates=False)
        files: dict[str, bytes] = {}
        try:
            for page in pages:
                files[page.output_path] = caches.pages.get_or_render(
                    page.output_path, page_fingerprint(site_key, page, marks, parts=parts),
                    lambda page=page: render_page(caches.env, page, shared))
            for spec in feeds:
                files[spec.output_path] = render_feed_spec(config, spec, feed_key, caches.pages)
            if daily:
                files[DAILY_FEED.lstrip("/")] = render_daily_edition(site, feed_key, caches.pages)
            for old_url, new_url in plan.moved_urls.items():
                changed = move_in_sitemap(config, index.sitemap, old_url, new_url)
                index.sitemap = {**index.sitemap, **changed}
                files.update(changed)
        except NewsdigestError:
            self.builder.templates_changed()
            raise
        gone = set(plan.moved) | {output_path(before) for before in plan.moved_redirects}
        caches.pages.forget(gone)
        edits = self.builder.hand_edits()
        report = update_output(self.builder.output_dir, self.manifest, files, removed=gone, edits=edits)
        self._manifest_stamp = manifest_stamp(self.builder.output_dir)
        self.index = index
        return BuildResult(site, report, len(files), time.perf_counter() - started, parsed=len(edited),
                           rendered=caches.pages.rendered - rendered_before, feeds=feed_count(files), quick=True,
                           warnings=edits.warnings(report.backups))

    def _parse_edited(self, path: Path) -> Article:
        """The new version of an edited content file, parsed (and kept in the article cache)."""
        caches, content_dir = self.builder.caches, self.builder.config.content_dir
        if not path.is_relative_to(content_dir) or path.suffix != ".md" or path.is_symlink() or not path.is_file():
            raise NeedsFullBuild(f"{path} is not an existing content file")
        name = str(path)   # the article cache's key for the file (see content.ArticleCache.refresh)
        caches.articles.refresh([name], self.builder.config, content_dir)
        result = caches.articles.result(name)
        if isinstance(result, list):
            raise NeedsFullBuild(f"{path} has problems")
        caches.keep_facts(result.file_hash, caches.articles.take_facts(name))
        return result


@dataclass
class QuickUpdate:
    """The new versions of edited articles, and what they touch in the output."""

    articles: dict[str, Article]       # content file -> new version, with topics, day and URL set
    outputs: set[str]                  # output files (pages and feeds) to render again, by their old path
    moved_urls: dict[str, str]         # old page URL -> new, for articles whose URL changed
    moved_redirects: dict[str, str] = dataclasses.field(default_factory=dict)  # a story's redirect page: old -> new

    @property
    def moved(self) -> dict[str, str]:
        """The same as output paths: old page file -> new."""
        return {output_path(old): output_path(new) for old, new in self.moved_urls.items()}


def plan_quick_update(index: SiteIndex, edited: list[Article], topics_of: Callable[[Article], tuple[str, ...]], *,
                      include_drafts: bool = False) -> QuickUpdate:
    """Check that the edits keep the site's structure and work out what they touch; else raise NeedsFullBuild."""
    config = index.site.config
    articles: dict[str, Article] = {}
    for fresh in edited:
        path = fresh.source_path
        old = index.current.get(path)
        if old is None:
            raise NeedsFullBuild(f"{path} is not on the site yet")
        if fresh.draft and not include_drafts:
            raise NeedsFullBuild(f"{path} is now a draft")
        new = replace(fresh, topics=topics_of(fresh), day=digest_day(config, fresh), page_url=old.page_url)
        if (new.date, new.date_only, new.day, new.topics, new.tags, new.source) != \
                (old.date, old.date_only, old.day, old.topics, old.tags, old.source):
            raise NeedsFullBuild(f"{path}: its date, topics, tags or source changed")
        if (new.modified_text, canonical_is_original(config, new)) != \
                (old.modified_text, canonical_is_original(config, old)):
            raise NeedsFullBuild(f"{path}: its entry in the sitemap changed (updated:, or its canonical address)")
        articles[path] = new
    outputs: set[str] = set()
    moved_urls: dict[str, str] = {}
    moved_redirects: dict[str, str] = {}
    claimed: set[str] = set()
    for path, new in articles.items():
        old = index.current[path]
        _check_order(index, path, new, articles)  # against the new versions of edited neighbours too
        if new.slug != old.slug:
            new = articles[path] = replace(new, page_url=_new_url(index, old, new, claimed))
            moved_urls[old.page_url] = new.page_url
            if path in index.story_of:
                moved_redirects.update(_moved_redirect(index, index.story_of[path], old, new, claimed))
        outputs |= index.shown_in.get(path, set())
    return QuickUpdate(articles, outputs, moved_urls, moved_redirects)


def _moved_redirect(index: SiteIndex, story: Story, old: Article, new: Article, claimed: set[str]) -> dict[str, str]:
    """A story member's new slug moves the page at the address the story would have had with it first
    (`pages.story_redirects`), when only this report makes that page and nothing has the new address; the
    story's own address is its first report's, which only a full build moves."""
    path = old.source_path
    if story.articles[0].source_path == path:
        raise NeedsFullBuild(f"{path}: its story's address is made from its URL")
    config = index.site.config
    before, after = address_by_report(config, old), address_by_report(config, new)
    taken = output_path(after).casefold()   # (one file on macOS and Windows in any letter case)
    if index.redirects[before] != 1 or output_path(before) not in index.pages or after in index.redirects \
            or after in claimed or any(other.casefold() == taken for other in index.pages):
        raise NeedsFullBuild(f"{path}: the address its story's redirect page moves to or from is shared")
    claimed.add(after)
    return {before: after}


def _check_order(index: SiteIndex, path: str, new: Article, edited: dict[str, Article]) -> None:
    """The article must keep its place among articles of the same time (a title edit can move it)."""
    articles = index.site.articles
    at = index.position[path]
    newer = articles[at - 1] if at > 0 else None
    older = articles[at + 1] if at + 1 < len(articles) else None
    newer = edited.get(newer.source_path, newer) if newer is not None else None
    older = edited.get(older.source_path, older) if older is not None else None
    if (newer is not None and not newer.sort_key < new.sort_key) or \
            (older is not None and not new.sort_key < older.sort_key):
        raise NeedsFullBuild(f"{path}: its new title moves it among articles of the same time")


def _new_url(index: SiteIndex, old: Article, new: Article, claimed: set[str]) -> str:
    """The edited article's new URL, when the slug change cannot move any other article's URL."""
    config = index.site.config
    url = wanted_url(config, new, new.slug)
    if (index.wanted_urls[wanted_url(config, old, old.slug)] != 1 or old.page_url in index.contested
            or url in index.urls or url in claimed):
        raise NeedsFullBuild(f"{new.source_path}: its old or new URL is shared with another article")
    # ... or with another page (under `article: /{slug}/` a title "Search" asks for /search/): the full build says so
    taken = output_path(url).casefold()
    if url != old.page_url and any(other.casefold() == taken for other in index.pages):
        raise NeedsFullBuild(f"{new.source_path}: its new URL is another page's")
    claimed.add(url)
    return url


def apply_quick_update(index: SiteIndex, update: QuickUpdate) -> tuple[list[Page], list[FeedSpec], bool]:
    """Put the new article versions into the index; returns the pages and feeds to render again, and
    whether the daily feed must be rendered again. Article pages that moved are filed under their new path.
    """
    memo: dict[int, Any] = {}
    moved = update.moved
    pages: list[Page] = []
    feeds: list[FeedSpec] = []
    daily = False
    for output in sorted(update.outputs):
        if output in index.pages:
            page = _refreshed_page(index.pages[output], update.articles, memo)
            new_output = moved.get(output, output)
            if new_output != output:
                del index.pages[output]
                _replace_in_list(index.site.pages, output, page)
            index.pages[new_output] = page
            pages.append(page)
        elif output in index.feeds:
            index.feeds[output] = spec = substitute(index.feeds[output], update.articles, memo)
            feeds.append(spec)
        elif output == DAILY_FEED.lstrip("/"):
            daily = True
    if daily:
        editions = index.site.days[: index.site.config.feeds.items]
        index.site.days[: len(editions)] = substitute(editions, update.articles, memo)
    for path, article in update.articles.items():
        old = index.current[path]
        index.site.articles[index.position[path]] = article
        index.current[path] = article
        if article.page_url != old.page_url:
            index.urls.discard(old.page_url)
            index.urls.add(article.page_url)
            index.wanted_urls[wanted_url(index.site.config, old, old.slug)] -= 1
            index.wanted_urls[wanted_url(index.site.config, article, article.slug)] += 1
    for old_url, new_url in update.moved_urls.items():
        if old_url in index.site.story_of:   # themes look an article's story up by its URL
            index.site.story_of[new_url] = index.site.story_of.pop(old_url)
    for before, after in update.moved_redirects.items():
        page = replace(index.pages.pop(output_path(before)), url=after)
        index.pages[page.output_path] = page
        _replace_in_list(index.site.pages, output_path(before), page)
        index.redirects[before] -= 1
        index.redirects[after] += 1
        pages = [other for other in pages if other.output_path != output_path(before)] + [page]
    moved = {**moved, **{output_path(before): output_path(after) for before, after in update.moved_redirects.items()}}
    for old_output, new_output in moved.items():
        for outputs in index.shown_in.values():
            if old_output in outputs:
                outputs.discard(old_output)
                outputs.add(new_output)
    return pages, feeds, daily


def _refreshed_page(page: Page, articles: dict[str, Article], memo: dict[int, Any]) -> Page:
    """The page with the new article versions; an article page follows its article's URL and title,
    a story page its lead's title (as `pages.list_pages` names them)."""
    context = substitute(page.context, articles, memo)
    if page.kind == PageKind.ARTICLE:
        article = context["article"]
        return replace(page, url=article.page_url, title=article.title, context=context)
    if page.kind == PageKind.STORY:
        return replace(page, title=context["story"].lead.title, context=context)
    return replace(page, context=context)


def _replace_in_list(pages: list[Page], old_output: str, page: Page) -> None:
    for at, existing in enumerate(pages):
        if existing.output_path == old_output:
            pages[at] = page
            return


def substitute(value: Any, articles: dict[str, Article], memo: dict[int, Any]) -> Any:
    """`value` with each article whose content file is in `articles` swapped for its new version.

    Walks dataclasses, tuples, lists and dicts; parts holding no such article are returned as they are
    (not copied), and `memo` makes an object shared by several pages become one new object. The memo
    keeps each object it has seen alive, so no id in it can be reused by a new object.

    Terms and periods are left whole: pages show their name, link and count, never their article list
    (the render fingerprint reads them the same way), and their lists hold thousands of articles.
    """
    key = id(value)
    if key in memo:
        return memo[key][1]
    result = value
    if isinstance(value, (Term, Period)):
        pass
    elif isinstance(value, Article):
        result = articles.get(value.source_path, value)
    elif isinstance(value, (tuple, list)):
        if all(type(item) is Article for item in value):  # a term's or a day's articles: thousands, so no recursion
            if any(item.source_path in articles for item in value):
                result = type(value)(articles.get(item.source_path, item) for item in value)
        else:
            items = [substitute(item, articles, memo) for item in value]
            if any(new is not old for new, old in zip(items, value)):
                result = type(value)(items)
    elif isinstance(value, Mapping):   # a dict, or an article page's context: a dict once anything changed
        items = {k: substitute(v, articles, memo) for k, v in value.items()}
        if any(items[k] is not v for k, v in value.items()):
            result = items
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        changed = {}
        for item in dataclasses.fields(value):
            if item.init:
                old = getattr(value, item.name)
                new = substitute(old, articles, memo)
                if new is not old:
                    changed[item.name] = new
        if changed:
            result = replace(value, **changed)
    memo[key] = (value, result)
    return result
