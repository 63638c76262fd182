"""The whole build, start to finish: config -> content -> site model -> render -> search index -> write."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from newsdigest.config import Config
from newsdigest.content import ArticleCache, load_articles
from newsdigest.problems import NewsdigestError, Problem
from newsdigest.render import RenderCache, feed_count, make_environment, render_site, theme_static_files
from newsdigest.search import SearchIndexCache, search_available
from newsdigest.site_model import Site, build_site_model
from newsdigest.write import WriteReport, check_output_dir, write_output


class BuildProgress:
    """What a build reports while it runs; this one reports nothing. The CLI shows a rich progress bar."""

    def phase(self, name: str, total: int | None = None) -> None:
        """A new step starts; `total` is how many units it will `advance` by, when known."""

    def advance(self, count: int = 1) -> None:
        """One more unit of the current step is done."""


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


class SiteBuilder:
    """Builds one site repeatedly, reusing what did not change since its last build.

    Content files are parsed again only when they changed; pages are rendered again only when
    what they show changed; the search index is rebuilt only when an article page changed. Call
    `templates_changed()` after a theme edit (pages re-render, Markdown is not re-parsed); make a
    new SiteBuilder after a config change.
    """

    def __init__(self, config: Config, *, include_drafts: bool = False, skip_bad: bool = False,
                 force: bool = False, output_dir: Path | None = None):
        self.config = config
        self.include_drafts = include_drafts
        self.skip_bad = skip_bad
        self.force = force
        self.output_dir = (output_dir or config.output_dir).resolve()
        self._articles = ArticleCache()
        self._pages = RenderCache()
        self._story_tokens: dict = {}
        self._search = SearchIndexCache()
        self._search_ready = config.search_enabled and search_available()
        self._env = None

    def templates_changed(self) -> None:
        self._env = None
        self._pages.clear()

    def build(self, progress: BuildProgress | None = None) -> BuildResult:
        """Build into the output folder. Content problems fail the build, all reported at once,
        unless `skip_bad`; nothing is written until every page has rendered, so a failed build
        leaves the last output intact.
        """
        progress = progress or BuildProgress()
        started = time.perf_counter()
        parsed_before, rendered_before = self._articles.parsed, self._pages.rendered
        check_output_dir(self.config, self.output_dir, self.force)
        progress.phase("Reading content")
        loaded = load_articles(self.config, include_drafts=self.include_drafts, cache=self._articles)
        if loaded.problems and not self.skip_bad:
            raise NewsdigestError(loaded.problems)
        progress.phase("Grouping articles and stories")
        site = build_site_model(self.config, loaded.articles, search=self._search_ready,
                                token_cache=self._story_tokens)
        files = self._render(site, progress)
        warnings = loaded.warnings + site.warnings
        search_files = self._index_for_search(site, files, progress, warnings)
        files.update({name: path.read_bytes() for name, path in theme_static_files(self.config).items()})
        progress.phase("Writing files")
        report = write_output(self.output_dir, files)
        return BuildResult(site, report, len(files), time.perf_counter() - started,
                           warnings=warnings, skipped=loaded.problems,
                           parsed=self._articles.parsed - parsed_before,
                           rendered=self._pages.rendered - rendered_before,
                           feeds=feed_count(files), search_files=search_files)

    def _render(self, site: Site, progress: BuildProgress) -> dict[str, bytes]:
        if self._env is None:
            self._env = make_environment(self.config)
        progress.phase("Rendering pages and feeds", total=len(site.pages))
        try:
            return render_site(site, self._env, self._pages, on_page=progress.advance)
        except NewsdigestError:
            self.templates_changed()  # a template error may come from a half-loaded template: start afresh
            raise

    def _index_for_search(self, site: Site, files: dict[str, bytes], progress: BuildProgress,
                          warnings: list[Problem]) -> int:
        """Add the Pagefind bundle (pagefind/...) built from the article pages; skipped when search is off."""
        if not site.search:
            return 0
        progress.phase("Indexing for search")
        article_pages = {page.output_path: files[page.output_path] for page in site.pages if page.kind == "article"}
        try:
            bundle = self._search.get(article_pages, language=self.config.search_index_language)
        except Exception as err:  # Pagefind itself failed: the site is still worth publishing
            warnings.append(Problem(self.output_dir / "pagefind", f"search index not built: {err}"))
            return 0
        if not bundle:
            warnings.append(Problem(self.output_dir / "pagefind", "search index not built (Pagefind did not run)"))
        files.update(bundle)
        return len(bundle)


def build(config: Config, *, include_drafts: bool = False, skip_bad: bool = False, force: bool = False,
          output_dir: Path | None = None, progress: BuildProgress | None = None) -> BuildResult:
    """Build the site once into output_dir (config.output_dir by default)."""
    return SiteBuilder(config, include_drafts=include_drafts, skip_bad=skip_bad, force=force,
                       output_dir=output_dir).build(progress)
