"""The whole build, start to finish: config -> content -> site model -> render -> write."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from newsdigest.config import Config
from newsdigest.content import load_articles
from newsdigest.problems import NewsdigestError, Problem
from newsdigest.render import render_site, theme_static_files
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


def build(config: Config, *, include_drafts: bool = False, skip_bad: bool = False, force: bool = False,
          output_dir: Path | None = None) -> BuildResult:
    """Build the site into output_dir (config.output_dir by default).

    Content problems fail the build, all reported at once, unless `skip_bad` leaves those files out.
    Nothing is written until every page has rendered, so a failed build leaves the last output intact.
    """
    started = time.perf_counter()
    output_dir = (output_dir or config.output_dir).resolve()
    check_output_dir(config, output_dir, force)
    loaded = load_articles(config, include_drafts=include_drafts)
    if loaded.problems and not skip_bad:
        raise NewsdigestError(loaded.problems)
    site = build_site_model(config, loaded.articles)
    files = render_site(site)
    files.update({name: path.read_bytes() for name, path in theme_static_files(config).items()})
    report = write_output(output_dir, files)
    return BuildResult(site, report, len(files), time.perf_counter() - started,
                       warnings=loaded.warnings + site.warnings, skipped=loaded.problems)
