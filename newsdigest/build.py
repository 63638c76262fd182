"""The whole build, start to finish: config -> content -> site model -> render -> write -> search index -> write."""

from __future__ import annotations

import ctypes
import gc
import sys
import time
from collections.abc import Mapping
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from newsdigest.config import Config
from newsdigest.content import ArticleCache, load_articles
from newsdigest.problems import NewsdigestError, Problem
from newsdigest.quick import NeedsFullBuild, SiteIndex, apply_quick_update, index_site, plan_quick_update
from newsdigest.feeds import feed_count
from newsdigest.render import (ItemCache, RenderCache, make_environment, page_fingerprint, render_daily_edition,
                               render_feed_spec, render_page, render_site, shared_context, site_fingerprint,
                               template_missing)
from newsdigest.search import SearchIndexCache, build_search_index, bundle_folders, search_available
from newsdigest.site_model import Site, article_facts, assign_topics, build_site_model
from newsdigest.sitemap import SITEMAP_FILE, move_in_sitemap
from newsdigest.split_build import SPLIT_MIN_PAGES, ChildRenderer, can_split
from newsdigest.urls import DAILY_FEED
from newsdigest.write import (MANIFEST_NAME, OutputFiles, WriteReport, check_output_dir, finish_output,
                              merge_reports, previous_manifest, refuse_foreign_files, update_output, write_files,
                              writing_into)


class BuildProgress:
    """What a build reports while it runs; this one reports nothing. The CLI shows a rich progress bar."""

    def phase(self, name: str, total: int | None = None) -> None:
        """A new step starts; `total` is how many units it will `advance` by, when known."""

    def advance(self, count: int = 1) -> None:
        """One more unit of the current step is done."""


class BuildCancelled(Exception):
    """The build stopped early because `should_stop` said so; nothing was written."""


@dataclass
class BuildResult:
    site: Site
    report: WriteReport
    files: int
    seconds: float
    warnings: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    parsed: int = 0      # content files parsed (not taken from the cache)
    rendered: int = 0    # pages and feeds rendered (not taken from the cache)
    feeds: int = 0       # feed files written (RSS, Atom, JSON Feed, daily)
    search_files: int = 0  # files of the search index (0: no search)
    quick: bool = False    # a quick update (see SiteBuilder.update), not a full build


class SiteBuilder:
    """Builds one site repeatedly, reusing what did not change since its last build.

    Content files are parsed again only when they changed; pages are rendered again only when
    what they show changed; the search index is rebuilt only when an article page changed. Call
    `templates_changed()` after a theme edit (pages re-render, Markdown is not re-parsed); make a
    new SiteBuilder after a config change. `reuse=False` is for a single build: rendered pages are
    not kept for a next one. `quick_updates=True` also indexes each build for `update()`.
    A one-shot build renders and writes in two processes when it can (see newsdigest.split_build);
    `split=False` keeps it in one, `split=True` splits even a small site (for tests).
    """

    def __init__(self, config: Config, *, include_drafts: bool = False, skip_bad: bool = False,
                 force: bool = False, output_dir: Path | None = None, quick_updates: bool = False,
                 reuse: bool = True, split: bool | None = None):
        self.config = config
        self.include_drafts = include_drafts
        self.skip_bad = skip_bad
        self.force = force
        self.output_dir = (output_dir or config.output_dir).resolve()
        self.quick_updates = quick_updates
        self._articles = ArticleCache(derive=article_facts)
        self._reuse = reuse or quick_updates
        self._pages = RenderCache(keep=self._reuse)
        self._story_tokens: dict = {}
        self._topic_cache: dict = {}
        self._search = SearchIndexCache()
        self._search_ready = config.search_enabled and search_available()
        self._env = None
        self._items: ItemCache | None = None  # rendered list items, for the current environment
        self._index: SiteIndex | None = None      # for quick updates: the last full build, indexed
        self._manifest: dict[str, list] | None = None
        self.split = split

    def templates_changed(self) -> None:
        self._env = None
        self._items = None
        self._pages.clear()
        self._index = None

    def build(self, progress: BuildProgress | None = None, should_stop=None) -> BuildResult:
        """Build into the output folder. Content problems fail the build, all reported at once,
        unless `skip_bad`; nothing is written until every page has rendered, so a failed build
        leaves the last output intact. A build that fails or is killed while writing (a full disk)
        leaves a journal of what it wrote: the next good build removes what it no longer makes.

        `should_stop`, if given, is asked between steps and pages; when it returns true the build
        raises BuildCancelled before writing anything (the watcher's follow-up builds use it).
        """
        progress = _Stoppable(progress or BuildProgress(), should_stop) if should_stop else progress or BuildProgress()
        started = time.perf_counter()
        parsed_before, rendered_before = self._articles.parsed, self._pages.rendered
        check_output_dir(self.config, self.output_dir, self.force)
        progress.phase("Reading content")
        loaded = load_articles(self.config, include_drafts=self.include_drafts, cache=self._articles)
        if loaded.problems and not self.skip_bad:
            raise NewsdigestError(loaded.problems)
        progress.phase("Grouping articles and stories")
        for content_hash, derived in loaded.derived.items():
            self._keep_derived(content_hash, derived)
        site = build_site_model(self.config, loaded.articles, search=self._search_ready,
                                token_cache=self._story_tokens, topic_cache=self._topic_cache)
        if not self._reuse:  # a single build: let the story terms go before rendering
            self._story_tokens.clear()
        shown_in: dict | None = {} if self.quick_updates else None
        # The manifest in memory is newer than the file when quick updates rewrote pages since.
        previous = previous_manifest(self.output_dir, self._manifest)
        # Writing holds the output folder (see write.writing_into) from the first file to the manifest. It is
        # taken once rendering is done (a failed render writes nothing, and the render child never holds it)
        # and released after the child has exited.
        with ExitStack() as holding_output:
            with self._child_renderer(site, previous) as child:
                files = self._render(site, progress, shown_in, child)
                if child:
                    child.wait_rendered(progress.advance)
                files.update({name: path.read_bytes() for name, path in theme_static_files(self.config).items()})
                progress.phase("Writing files")
                self._index = None  # from here on the output may differ from what the index describes
                holding_output.enter_context(writing_into(self.output_dir))
                if child:  # both processes write at once: no file of either may be someone else's
                    refuse_foreign_files(self.output_dir, [*files, *(page.output_path for page in site.pages)],
                                         previous)
                    child.start_writing()
                report = write_files(self.output_dir, files, previous)
                if child:
                    merge_reports(report, child.written())
            feeds, sitemap = feed_count(files), files[SITEMAP_FILE]
            # Pagefind, the build's largest user of memory, runs once the pages are written: the render child
            # has gone, and a one-shot build lets its pages go too and reads the article pages back from disk.
            # The journal lists every page written so far, so a build stopped while indexing loses nothing.
            article_paths = [page.output_path for page in site.pages if page.kind == "article"] if site.search else []
            search_pages = {path: files[path] for path in article_paths} if self._reuse \
                else OutputFiles(self.output_dir, article_paths)
            del files
            if search_pages:
                release_free_memory()
            warnings = loaded.warnings + site.warnings
            search_bundle = self._index_for_search(site, search_pages, progress, warnings)
            merge_reports(report, write_files(self.output_dir, search_bundle, previous))
            finish_output(self.output_dir, report, previous)
        if shown_in is not None:
            self._index, self._manifest = index_site(site, shown_in, sitemap), report.manifest
        return BuildResult(site, report, len(report.manifest), time.perf_counter() - started,
                           warnings=warnings, skipped=loaded.problems,
                           parsed=self._articles.parsed - parsed_before,
                           rendered=self._pages.rendered - rendered_before + (child.page_count if child else 0),
                           feeds=feeds, search_files=len(search_bundle))

    def update(self, paths) -> BuildResult:
        """Quick update after edits to these content files: re-render and write only the pages and feeds
        that show the edited articles (see newsdigest.quick). Needs `quick_updates=True` and a full build
        first; raises NeedsFullBuild when the edits change the site's structure or a file has problems
        (a full `build()` then gives the right output and reports the problems).

        Stories, related-article ties and the search index are left as they were: follow quick updates
        with a full `build()` once edits pause.
        """
        started = time.perf_counter()
        if self._index is None or self._manifest is None:
            raise NeedsFullBuild("no full build to update yet")
        if not (self.output_dir / MANIFEST_NAME).is_file():
            raise NeedsFullBuild(f"{self.output_dir} was emptied or replaced since the last build")
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
        edited = [self._parse_edited(Path(path)) for path in sorted(set(paths))]
        index = self._index
        plan = plan_quick_update(index, edited, self._topics_of, include_drafts=self.include_drafts)
        rendered_before = self._pages.rendered
        self._index = None  # until the output matches the index again
        pages, feeds, daily = apply_quick_update(index, plan)
        site, config = index.site, self.config
        shared, site_key = shared_context(site, self._env, self._items), site_fingerprint(site)
        files: dict[str, bytes] = {}
        try:
            for page in pages:
                files[page.output_path] = self._pages.get_or_render(
                    page.output_path, page_fingerprint(site_key, page),
                    lambda page=page: render_page(self._env, page, shared))
            for spec in feeds:
                files[spec.output_path] = render_feed_spec(config, spec, site_key, self._pages)
            if daily:
                files[DAILY_FEED.lstrip("/")] = render_daily_edition(site, site_key, self._pages)
            for old_url, new_url in plan.moved_urls.items():
                index.sitemap = move_in_sitemap(config, index.sitemap, old_url, new_url)
            if plan.moved_urls:
                files[SITEMAP_FILE] = index.sitemap
        except NewsdigestError:
            self.templates_changed()
            raise
        gone = set(plan.moved)
        self._pages.forget(gone)
        report = update_output(self.output_dir, self._manifest, files, removed=gone)
        self._index = index
        return BuildResult(site, report, len(files), time.perf_counter() - started, parsed=len(edited),
                           rendered=self._pages.rendered - rendered_before, feeds=feed_count(files), quick=True)

    def _parse_edited(self, path: Path):
        """The new version of an edited content file, parsed (and kept in the article cache)."""
        content_dir = self.config.content_dir
        if not path.is_relative_to(content_dir) or path.suffix != ".md" or path.is_symlink() or not path.is_file():
            raise NeedsFullBuild(f"{path} is not an existing content file")
        self._articles.refresh([path], self.config, content_dir)
        result = self._articles.result(path)
        if isinstance(result, list):
            raise NeedsFullBuild(f"{path} has problems")
        self._keep_derived(result.content_hash, self._articles.take_derived(path))
        return result

    def _keep_derived(self, content_hash: str, derived) -> None:
        """File what the parse worked out for an article (see site_model.article_facts) for later builds."""
        if derived is not None:
            topics, tokens = derived
            self._topic_cache[content_hash] = topics
            if tokens is not None:
                self._story_tokens[content_hash] = tokens

    def _topics_of(self, article) -> tuple[str, ...]:
        topics = self._topic_cache.get(article.content_hash)
        return topics if topics is not None else assign_topics(self.config, [article], self._topic_cache)[0].topics

    def _child_renderer(self, site: Site, previous: dict[str, list]):
        """A ChildRenderer taking a share of the pages when this build may split (see newsdigest.split_build),
        else a context giving None. Only one-shot builds split: the others keep their pages for the next."""
        if self._reuse or self.split is False or not can_split(len(site.pages), 1 if self.split else SPLIT_MIN_PAGES):
            return nullcontext(None)
        self._environment()
        return ChildRenderer(site.pages, self._env, shared_context(site, self._env, self._items), self.output_dir,
                             previous)

    def _environment(self) -> None:
        if self._env is None:
            self._env = make_environment(self.config)
            self._items = ItemCache() if self._reuse else None

    def _render(self, site: Site, progress: BuildProgress, shown_in: dict | None = None,
                child: ChildRenderer | None = None) -> dict[str, bytes]:
        self._environment()
        progress.phase("Rendering pages and feeds", total=len(site.pages))

        def advance_with_child() -> None:  # the child's pages count as the parent's progress shows them
            progress.advance(1 + child.progress())

        on_page = advance_with_child if child else progress.advance
        try:
            return render_site(site, self._env, self._pages, on_page=on_page, shown_in=shown_in,
                               items=self._items, pages=child.parent_pages if child else None,
                               shared=child.shared if child else None)
        except NewsdigestError:
            self.templates_changed()  # a template error may come from a half-loaded template: start afresh
            raise

    def _index_for_search(self, site: Site, article_pages: Mapping[str, bytes], progress: BuildProgress,
                          warnings: list[Problem]) -> dict[str, bytes]:
        """The Pagefind bundles (pagefind/...) built from the article pages; none when search is off.
        A builder that keeps its pages keeps the index too, and rebuilds it only when a page changed."""
        if not site.search:
            return {}
        bundles = bundle_folders(len(article_pages), self.config.search_bundle_pages)
        progress.phase("Indexing for search", total=len(bundles))
        options = {"language": self.config.search_index_language, "bundle_pages": self.config.search_bundle_pages,
                   "on_bundle": progress.advance}
        if len(bundles) > 1 and (search_page := template_missing(self._env, "search.html", "search_bundles")):
            warnings.append(Problem(search_page, f"the search index is in {len(bundles)} bundles (search.bundle_pages), "
                                    "but this search page does not use `search_bundles`: it searches only the "
                                    "first bundle's articles (see README, Themes)"))
        try:
            bundle = self._search.get(article_pages, **options) if self._reuse \
                else build_search_index(article_pages, **options)
        except Exception as err:  # Pagefind itself failed: the site is still worth publishing
            warnings.append(Problem(self.output_dir / "pagefind", f"search index not built: {err}"))
            return {}
        if not bundle:
            warnings.append(Problem(self.output_dir / "pagefind", "search index not built (Pagefind did not run)"))
        return bundle


def theme_static_files(config: Config) -> dict[str, Path]:
    """Theme assets to copy into output/static/: the chosen theme's files override the default theme's."""
    files: dict[str, Path] = {}
    for theme_dir in reversed(config.theme_dirs):
        static = theme_dir / "static"
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    if not path.resolve().is_relative_to(static.resolve()):
                        continue  # a symlink out of the theme is never published
                    files["static/" + path.relative_to(static).as_posix()] = path
    return files


def release_free_memory() -> None:
    """Hand memory Python has freed back to the system (glibc only; elsewhere nothing happens).

    Freed page bytes stay in the C heap, counted as this process's memory, until something trims it;
    trimming before Pagefind starts leaves the memory to Pagefind.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        pass


class _Stoppable(BuildProgress):
    """Passes progress on, and stops the build at the next step or page once `should_stop()` is true,
    until writing starts: from then on the build runs to the end, so the output stays whole."""

    def __init__(self, inner: BuildProgress, should_stop):
        self.inner = inner
        self.should_stop = should_stop
        self.writing = False

    def phase(self, name: str, total: int | None = None) -> None:
        self.writing = self.writing or name == "Writing files"
        if not self.writing and self.should_stop():
            raise BuildCancelled(name)
        self.inner.phase(name, total)

    def advance(self, count: int = 1) -> None:
        if not self.writing and self.should_stop():
            raise BuildCancelled("rendering")
        self.inner.advance(count)


def build(config: Config, *, include_drafts: bool = False, skip_bad: bool = False, force: bool = False,
          output_dir: Path | None = None, progress: BuildProgress | None = None) -> BuildResult:
    """Build the site once into output_dir (config.output_dir by default)."""
    return SiteBuilder(config, include_drafts=include_drafts, skip_bad=skip_bad, force=force,
                       output_dir=output_dir, reuse=False).build(progress)
