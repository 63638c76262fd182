"""The whole build, start to finish: load content -> site model -> render -> write -> search index -> finish.

`SiteBuilder.build` tells the story in a few lines; each step is one method of `BuildRun`, which holds
what the steps hand each other for one build. What a builder keeps between builds is in
newsdigest.caches, the quick-update path in newsdigest.quick, the output folder in newsdigest.output.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path

from newsdigest.build_cache import BuildCache
from newsdigest.caches import KEPT, BuildCaches, StoredBundles, StoredPages
from newsdigest.config import Config
from newsdigest.content import LoadResult, load_articles
from newsdigest.feeds import feed_count, feed_specs
from newsdigest.fileio import OutputFiles
from newsdigest.hand_edits import HandEdits
from newsdigest.heap import freeze_heap, refreeze, release_free_memory, thaw_heap
from newsdigest.lifetime import interrupts_held
from newsdigest.output import Output
from newsdigest.output_check import check_output_dir
from newsdigest.pages import PageKind
from newsdigest.problems import NewsdigestError, Problem
from newsdigest.progress import BuildProgress, BuildResult, StoppableProgress
from newsdigest.quick import NeedsFullBuild, QuickUpdates
from newsdigest.render import (SharedParts, page_fingerprint, render_page, render_site, site_fingerprint,
                               template_missing)
from newsdigest.render_parts import shared_context, story_marks
from newsdigest.search import build_search_index, bundle_folders
from newsdigest.search_bundle import KEPT_INDEX, index_folder_files, last_index_files
from newsdigest.site_model import Site, build_site_model
from newsdigest.sitemap import is_sitemap_file
from newsdigest.split_build import SPLIT_MAX_ARTICLES, SPLIT_MIN_PAGES, ChildRenderer, SplitFailed, can_split
from newsdigest.staged_output import StagedFiles, clear_the_way
from newsdigest.templating import load_templates, static_file_clashes, theme_static_files


@dataclass(frozen=True)
class BuildOptions:
    include_drafts: bool = False
    skip_bad: bool = False
    force: bool = False    # write into an output folder holding files newsdigest did not create
    reuse: bool = True     # keep rendered pages for the next build (False: a single build)
    split: bool | None = None  # render in two processes: None when worth it, or always / never


class SiteBuilder:
    """Builds one site repeatedly, reusing what did not change since its last build.

    Content files are parsed again only when they changed; pages are rendered again only when
    what they show changed; the search index is rebuilt only when an article page changed. Call
    `templates_changed()` after a theme edit (pages re-render, Markdown is not re-parsed); make a
    new SiteBuilder after a config change. `reuse=False` is for a single build: rendered pages are
    not kept for a next one. `quick_updates=True` also indexes each build for `update()`.
    A one-shot build renders and writes in two processes when it can (see newsdigest.split_build);
    `split=False` keeps it in one, `split=True` splits even a small site (for tests).

    Content problems fail a build, all reported at once, unless `skip_bad`; nothing is written until
    every page has rendered, so a failed build leaves the last output intact. A build that fails or
    is killed while writing (a full disk) leaves a journal of what it wrote: the next good build
    removes what it no longer makes. `should_stop`, if given to `build`, is asked between steps and
    pages; when it returns true the build raises BuildCancelled before writing anything (the
    watcher's follow-up builds use it).

    A one-shot build may be given a `store`, the persistent build cache (newsdigest.build_cache): it parses
    only files the cache does not hold, renders only pages output/ does not already hold as they would be,
    and `build` saves what it learned there.
    """

    def __init__(self, config: Config, *, include_drafts: bool = False, skip_bad: bool = False,
                 force: bool = False, output_dir: Path | None = None, quick_updates: bool = False,
                 reuse: bool = True, split: bool | None = None, store: BuildCache | None = None):
        self.config = config
        self.output_dir = (output_dir or config.output_dir).resolve()
        self.options = BuildOptions(include_drafts, skip_bad, force, reuse or quick_updates, split)
        self.store = None if self.options.reuse else store  # a builder that keeps its pages keeps them in memory
        self.caches = BuildCaches(config, keep=self.options.reuse, store=self.store)
        self.quick = QuickUpdates(self) if quick_updates else None

    def build(self, progress: BuildProgress | None = None, should_stop=None) -> BuildResult:
        """Build into the output folder (see the class docstring for what a failed or stopped build leaves)."""
        run = BuildRun(self, StoppableProgress(progress or BuildProgress(), should_stop))
        # What a single build reads and makes lives until it ends: the collector need not scan it (newsdigest.heap).
        held = not self.options.reuse
        if held:
            freeze_heap()
        try:
            site = run.model(run.load())
            refreeze()
            with Output(self.output_dir, self.quick and self.quick.kept_manifest(), self.hand_edits()) as output:
                run.render(site, output)
                with interrupts_held():  # Ctrl-C stops the build once every file is in place, never half-way
                    run.write(site, output)
                run.index(site, output)
                output.finish()
            if self.store is not None:
                self.store.save(self.caches.pages.next, run.bundles.next if run.bundles else {},
                                run.bundles.next_indexed if run.bundles else {})
            return run.finish(site, output)
        finally:
            if held:
                thaw_heap()

    def hand_edits(self) -> HandEdits:
        """Where this build copies output files edited by hand before it writes over or removes them."""
        return HandEdits(self.config.cache_dir)

    def update(self, paths) -> BuildResult:
        """Quick update after edits to these content files (see QuickUpdates.update); needs `quick_updates=True`."""
        if self.quick is None:
            raise NeedsFullBuild("this builder makes no quick updates (quick_updates=False)")
        return self.quick.update(paths)

    def templates_changed(self) -> None:
        self.caches.templates_changed()
        if self.quick:
            self.quick.forget()


class BuildRun:
    """One full build of a SiteBuilder: its steps, in order, and what they hand each other."""

    def __init__(self, builder: SiteBuilder, progress: StoppableProgress):
        self.builder, self.config, self.caches = builder, builder.config, builder.caches
        self.options, self.progress = builder.options, progress
        self.started = time.perf_counter()
        self.parsed_before, self.rendered_before = self.caches.articles.parsed, self.caches.pages.rendered
        self.shown_in: dict | None = {} if builder.quick else None   # filled by rendering, for quick updates
        self.loaded: LoadResult | None = None
        self.warnings: list[Problem] = []
        self.child: ChildRenderer | None = None
        self.files: Mapping[str, bytes] = {}   # rendered; after writing, only the article pages search indexes
        self.staged: StagedFiles | None = None  # a one-shot build's rendered files, on disk until the write
        self.kept: list[str] = []              # not rendered: output/ holds them as they are (caches.KEPT)
        self.child_pages: dict[str, str] = {}  # a split build's child's pages -> their fingerprints, to store
        self.bundles: StoredBundles | None = None  # the search bundles known to the persistent cache
        self.feeds, self.sitemap, self.search_files, self.search_bundles = 0, {}, 0, (0, 0)

    def load(self) -> LoadResult:
        """Refuse a dangerous output folder, then read the content folder."""
        check_output_dir(self.config, self.builder.output_dir, self.options.force)
        self.progress.phase("Reading content")
        loaded = load_articles(self.config, include_drafts=self.options.include_drafts, cache=self.caches.articles)
        if loaded.problems and not self.options.skip_bad:
            raise NewsdigestError(loaded.problems)
        self.loaded = loaded
        return loaded

    def model(self, loaded: LoadResult) -> Site:
        self.progress.phase("Grouping articles and stories")
        if not self.options.reuse:
            release_free_memory()  # what reading freed (the parse results, the bodies now on disk), before the model
        for file_hash, facts in loaded.facts.items():
            self.caches.keep_facts(file_hash, facts)
        if not self.options.reuse:  # a single build holds what it read once, as the site model's articles
            loaded.facts.clear()
            self.caches.articles.let_go()
        helpers = self._may_use_helpers
        site = build_site_model(self.config, loaded.articles, search=self.caches.search_ready,
                                token_cache=self.caches.story_tokens, topic_cache=self.caches.topics,
                                stories_beside=helpers, while_waiting=self._load_theme if helpers else None,
                                related_memory=self.caches.related, release_loaded=not self.options.reuse)
        if not self.options.reuse:  # a single build: the story terms, topics and articles as read, before rendering
            self.caches.story_tokens.clear()
            self.caches.topics.clear()
            loaded.articles.clear()
        self.warnings = loaded.warnings + site.warnings
        return site

    @property
    def _may_use_helpers(self) -> bool:
        """Whether this build may fork helpers (the story child, the render child): one-shot builds that split."""
        return not self.options.reuse and self.options.split is not False

    def _load_theme(self) -> None:
        """Compile the theme's templates before a render child is forked, which then shares them compiled."""
        load_templates(self.caches.environment())

    def render(self, site: Site, output: Output) -> None:
        """Render every file, a share of the pages in a forked child when this build splits."""
        if clashes := static_file_clashes(theme_static_files(self.config), site):
            raise NewsdigestError(clashes)
        previous = output.read_previous()  # before rendering, as a split build's child needs it
        stored = self.caches.pages if isinstance(self.caches.pages, StoredPages) else None
        if stored is not None:
            stored.attach(output.dir, previous)
        if not self.options.reuse:
            release_free_memory()  # what reading the articles freed (their parses, bodies now on disk), before forking
            # A one-shot build keeps no pages: each goes to disk as it is rendered (newsdigest.staged_output), so
            # the folder is held from here on, before the render child starts. `output` holds the staged files
            # too: a build that stops before its write removes them when the block is left, after the child.
            output.lock()
            self._clear_the_way(site, output)
            self.staged = output.hold(StagedFiles(output.dir, previous, edits=output.edits))
        if self._may_use_helpers:
            self._load_theme()  # (done already when the build waited for its stories)
        self.child = child = self._child_renderer(site, output)
        env = self.caches.environment()
        self.progress.phase("Rendering pages and feeds", total=len(site.pages))

        def advance_with_child() -> None:  # the child's pages count as the parent's progress shows them
            self.progress.advance(1 + child.progress())

        on_page = advance_with_child if child else self.progress.advance
        try:
            files = render_site(site, env, self.caches.pages, on_page=on_page, shown_in=self.shown_in,
                                items=self.caches.items, pages=child.parent_pages if child else None,
                                shared=child.shared if child else None, files=self.staged)
        except NewsdigestError:
            self.builder.templates_changed()  # a template error may come from a half-loaded template: start afresh
            raise
        if child:
            try:
                child.wait_rendered(self.progress.advance)
                self.child_pages = child.fingerprints
            except SplitFailed as failure:
                if failure.exit_code is None:  # a bug in the child, not its death: report it as it is
                    raise
                self._render_dead_childs_share(site, env, child, failure, output, files)
                child = None
        if isinstance(files, StagedFiles):
            self.kept = files.kept()
        else:
            self.kept = [path for path, data in files.items() if data is KEPT]
            for path in self.kept:
                del files[path]
        files.update({name: path.read_bytes() for name, path in theme_static_files(self.config).items()})
        self.files = files

    def _render_dead_childs_share(self, site: Site, env, child: ChildRenderer, failure: SplitFailed, output: Output,
                                  files: MutableMapping[str, bytes]) -> None:
        """The pages of a render child that died before it wrote anything (killed, e.g. by the kernel when
        memory ran out), rendered here instead, with a warning: the build goes on in one process."""
        child.close()
        self.child, counted = None, child.reported   # the progress bar already counts the pages the child rendered
        self.warnings.append(Problem(output.dir, f"{failure} while rendering its {child.page_count} pages "
                                     "(out of memory?); this process rendered them instead"))
        keep = isinstance(self.caches.pages, StoredPages)
        site_key, marks = (site_fingerprint(site), story_marks(site)) if keep else ("", {})
        parts = SharedParts()
        for number, page in enumerate(child.child_pages):
            files[page.output_path] = render_page(env, page, child.shared)
            if keep:
                self.child_pages[page.output_path] = page_fingerprint(site_key, page, marks, parts=parts)
            if number >= counted:
                self.progress.advance()

    def _clear_the_way(self, site: Site, output: Output) -> None:   # (staged_output.clear_the_way)
        clear_the_way(output.dir, [*(page.output_path for page in site.pages), *theme_static_files(self.config),
                                   *(spec.output_path for spec in feed_specs(site))], output.previous, output.report,
                      output.edits)

    def _child_renderer(self, site: Site, output: Output) -> ChildRenderer | None:
        """A ChildRenderer taking a share of the pages when this build may split (newsdigest.split_build): one-shot
        builds only, the others keep their pages. Held by `output`: the folder is let go once the child has exited."""
        split = self.options.split
        if self.options.reuse or split is False or not can_split(len(site.pages), 1 if split else SPLIT_MIN_PAGES) \
                or (split is None and len(site.articles) >= SPLIT_MAX_ARTICLES):
            return None
        env = self.caches.environment()
        # With pages known from the last build (the build cache), the child too leaves the pages whose inputs did
        # not change as they are: after an edit, most of what either process does is work out fingerprints.
        stored = self.caches.pages if isinstance(self.caches.pages, StoredPages) else None
        return output.hold(ChildRenderer(site, env, shared_context(site, env, self.caches.items), output.dir,
                                         output.previous, fingerprints=stored is not None, stored=stored,
                                         edits=output.edits))

    def write(self, site: Site, output: Output) -> None:
        """Write the rendered files (the child its own share at the same time), then keep only what search needs."""
        self.progress.writing = True   # from here on the build runs to the end, so the output stays whole
        self.progress.phase("Writing files")
        if self.builder.quick:
            self.builder.quick.forget()  # from here on the output may differ from what the index describes
        output.lock()
        self._clear_the_way(site, output)
        if site.search:   # (the index is written after the pages: someone else's file in its folder stopped it then)
            output.refuse_foreign(index_folder_files(output.dir))
        files, child = self.files, self.child
        if not self.options.reuse:  # what rendering freed (its list items, pages' text), before the manifest is made
            release_free_memory()
        self.feeds = feed_count([*files, *self.kept])
        self.sitemap = {path: files[path] for path in files if is_sitemap_file(path)}
        if child:  # both processes write: no file of either may be someone else's
            output.refuse_foreign([*files, *(page.output_path for page in site.pages)])
            if isinstance(files, StagedFiles):
                # All of this share on disk (a full disk fails here) before the child puts any of its own in place,
                # and the child's in place before this share's renames: a failure leaves output/ as it was.
                files.prepare()
                files.others_write()
            child.start_writing()
            output.add(child.written())
            output.keep(child.kept)
            child.close()
        if isinstance(files, StagedFiles):
            output.add(files.commit())
        else:
            output.write(files)
        output.keep(self.kept)
        for path, fingerprint in self.child_pages.items():
            entry = output.report.manifest.get(path)
            if entry is not None:
                self.caches.pages.record(path, fingerprint, entry.digest)
        # Pagefind, the build's largest user of memory, runs once the pages are written: the render child
        # has gone, and a one-shot build lets its pages go too and reads the article pages back from disk.
        # The journal lists every page written so far, so a build stopped while indexing loses nothing.
        article_paths = [page.output_path for page in site.pages if page.kind == PageKind.ARTICLE] \
            if site.search else []
        self.files = {path: files[path] for path in article_paths} if self.options.reuse \
            else OutputFiles(output.dir, article_paths)

    def index(self, site: Site, output: Output) -> None:
        """Build the search index from the article pages and write it."""
        article_pages, self.files = self.files, {}
        if article_pages:
            release_free_memory()
        bundle = self._search_bundle(site, article_pages, output)
        output.write({path: data for path, data in bundle.items() if data is not KEPT})
        output.keep([path for path, data in bundle.items() if data is KEPT])
        self.search_files = len(bundle)

    def _search_bundle(self, site: Site, article_pages: Mapping[str, bytes], output: Output) -> dict[str, bytes]:
        """The Pagefind bundles (pagefind/...) built from the article pages; none when search is off.
        A builder that keeps its pages keeps the index too, and rebuilds it only when a page changed; a build
        with a persistent cache indexes again only the bundles holding a changed page (their files are KEPT)."""
        output_dir = output.dir
        if not site.search:
            return {}
        bundles = bundle_folders(len(article_pages), self.config.search.bundle_pages)
        self.progress.phase("Indexing for search", total=len(bundles))
        options = {"language": self.config.search_index_language, "bundle_pages": self.config.search.bundle_pages,
                   "on_bundle": self.progress.advance, "on_plan": self._planned}
        if len(bundles) > 1 and (search_page := template_missing(self.caches.env, "search.html", "search_bundles")):
            self.warnings.append(Problem(search_page, f"the search index is in {len(bundles)} bundles "
                                         "(search.bundle_pages), but this search page does not use `search_bundles`: "
                                         "it searches only the first bundle's articles (see README, Themes)"))
        if self.builder.store is not None:
            written = output.report.manifest  # every article page is in it by now, with the digest of its bytes
            self.bundles = StoredBundles(self.builder.store.bundles, output_dir, output.previous,
                                         {path: written[path].digest for path in article_pages if path in written},
                                         (options["language"], options["bundle_pages"]), article_pages,
                                         self.builder.store.indexed)
        try:
            bundle = self.caches.search.get(article_pages, **options) if self.options.reuse \
                else build_search_index(article_pages, reuse=self.bundles, **options)
            failure = "" if bundle else "Pagefind did not run"
        except Exception as err:  # Pagefind itself failed: the site is still worth publishing, with the last index
            failure = str(err)
        if failure:
            self.warnings.append(Problem(output_dir / "pagefind", f"search index not built: {failure}{KEPT_INDEX}"))
            return dict.fromkeys(last_index_files(output.previous), KEPT)
        if self.bundles is not None:
            self.bundles.record(bundle)
        return bundle

    def _planned(self, indexed: int, bundles: int) -> None:
        self.search_bundles = (indexed, bundles)

    def finish(self, site: Site, output: Output) -> BuildResult:
        """Index the build for quick updates (when the builder makes them), and report."""
        report = output.report
        if self.shown_in is not None:
            self.builder.quick.remember(site, self.shown_in, self.sitemap, report.manifest)
        warnings = self.warnings + output.edits.warnings(report.backups)
        return BuildResult(site, report, len(report.manifest), time.perf_counter() - self.started,
                           warnings=warnings, skipped=self.loaded.problems,
                           parsed=self.caches.articles.parsed - self.parsed_before,
                           rendered=self.caches.pages.rendered - self.rendered_before
                           + (self.child.page_count - len(self.child.kept) if self.child else 0),
                           feeds=self.feeds, search_files=self.search_files,
                           search_bundles=self.search_bundles if self.search_files else (0, 0),
                           content_files=self.loaded.files)


def build(config: Config, *, include_drafts: bool = False, skip_bad: bool = False, force: bool = False,
          output_dir: Path | None = None, progress: BuildProgress | None = None, cache: bool = False) -> BuildResult:
    """Build the site once into output_dir (config.output_dir by default).

    With `cache` (what `newsdigest build` asks for), the persistent build cache in `.newsdigest-cache/` beside
    the config (newsdigest.build_cache) makes a build after an edit parse, render and index only what changed;
    the output is the same either way. Without it, a build writes nothing outside output_dir but the copies of
    output files edited by hand that it writes over or removes (newsdigest.hand_edits).
    """
    output_dir = (output_dir or config.output_dir).resolve()
    store = BuildCache.open(config, output_dir, (include_drafts, skip_bad)) if cache else None
    builder = SiteBuilder(config, include_drafts=include_drafts, skip_bad=skip_bad, force=force,
                          output_dir=output_dir, reuse=False, store=store)
    try:
        return builder.build(progress)
    except BaseException:
        if store is not None:
            store.save(None)  # the articles parsed are right whatever stopped the build; the pages may not be
        raise
    finally:
        if store is not None:
            store.close()
