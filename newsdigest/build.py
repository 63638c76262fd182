"""The whole build, start to finish: config -> content -> site model -> render -> write."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from newsdigest.config import Config
from newsdigest.content import ArticleCache, load_articles
from newsdigest.problems import NewsdigestError, Problem
from newsdigest.render import RenderCache, make_environment, render_site, theme_static_files
from newsdigest.site_model import Site, build_site_model
from newsdigest.write import WriteReport, check_output_dir, write_output


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


class SiteBuilder:
    """Builds one site repeatedly, reusing what did not change since its last build.

    Content files are parsed again only when they changed; pages are rendered again only when
    what they show changed. Call `templates_changed()` after a theme edit (pages re-render,
    Markdown is not re-parsed); make a new SiteBuilder after a config change.
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
        self._env = None

    def templates_changed(self) -> None:
        self._env = None
        self._pages.clear()

    def build(self) -> BuildResult:
        """Build into the output folder. Content problems fail the build, all reported at once,
        unless `skip_bad`; nothing is written until every page has rendered, so a failed build
        leaves the last output intact.
        """
        started = time.perf_counter()
        parsed_before, rendered_before = self._articles.parsed, self._pages.rendered
        check_output_dir(self.config, self.output_dir, self.force)
        loaded = load_articles(self.config, include_drafts=self.include_drafts, cache=self._articles)
        if loaded.problems and not self.skip_bad:
            raise NewsdigestError(loaded.problems)
        site = build_site_model(self.config, loaded.articles)
        if self._env is None:
            self._env = make_environment(self.config)
        try:
            files = render_site(site, self._env, self._pages)
        except NewsdigestError:
            self.templates_changed()  # a template error may come from a half-loaded template: start afresh
            raise
        files.update({name: path.read_bytes() for name, path in theme_static_files(self.config).items()})
        report = write_output(self.output_dir, files)
        return BuildResult(site, report, len(files), time.perf_counter() - started,
                           warnings=loaded.warnings + site.warnings, skipped=loaded.problems,
                           parsed=self._articles.parsed - parsed_before,
                           rendered=self._pages.rendered - rendered_before)


def build(config: Config, *, include_drafts: bool = False, skip_bad: bool = False, force: bool = False,
          output_dir: Path | None = None) -> BuildResult:
    """Build the site once into output_dir (config.output_dir by default)."""
    return SiteBuilder(config, include_drafts=include_drafts, skip_bad=skip_bad, force=force,
                       output_dir=output_dir).build()
