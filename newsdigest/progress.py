"""What a build reports: its progress while it runs (plain, or a rich bar in a terminal), a way to stop it
early, and its result (`print_build_summary`: a line for logs, a table in a terminal)."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsdigest.problems import Problem
from newsdigest.wording import plural, them

if TYPE_CHECKING:
    from newsdigest.config import Config
    from newsdigest.output import WriteReport
    from newsdigest.site_model import Site

PROGRESS_MIN_ARTICLES = 500   # smaller builds finish before a progress bar would help


class BuildProgress:
    """What a build reports while it runs; this one reports nothing. The CLI shows a rich progress bar."""

    def phase(self, name: str, total: int | None = None) -> None:
        """A new step starts; `total` is how many units it will `advance` by, when known."""

    def advance(self, count: int = 1) -> None:
        """One more unit of the current step is done."""


class BuildCancelled(Exception):
    """The build stopped early because `should_stop` said so; nothing was written."""


class StoppableProgress(BuildProgress):
    """Passes progress on, and stops the build at the next step or page once `should_stop()` is true,
    until the build sets `writing`: from then on it runs to the end, so the output stays whole."""

    def __init__(self, inner: BuildProgress, should_stop=None):
        self.inner = inner
        self.should_stop = should_stop
        self.writing = False

    def phase(self, name: str, total: int | None = None) -> None:
        if self._stopping():
            raise BuildCancelled(name)
        self.inner.phase(name, total)

    def advance(self, count: int = 1) -> None:
        if self._stopping():
            raise BuildCancelled("rendering")
        self.inner.advance(count)

    def _stopping(self) -> bool:
        return self.should_stop is not None and not self.writing and self.should_stop()


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
    search_bundles: tuple[int, int] = (0, 0)  # index bundles made by this build, and of the index in all
    quick: bool = False    # a quick update (see SiteBuilder.update), not a full build
    content_files: int | None = None  # content files found by a full build (drafts and bad files too)


def make_progress(config: Config):
    """A rich progress bar on stderr for long builds in a terminal; None for small builds, pipes and CI."""
    if not is_terminal(sys.stderr):
        return None
    from newsdigest.content_files import has_more_content_files_than

    if not config.content_dir.is_dir() or not has_more_content_files_than(config.content_dir, PROGRESS_MIN_ARTICLES):
        return None
    return RichBuildProgress()


def is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class RichBuildProgress:
    """BuildProgress shown with rich: one line with the current step, a bar when its size is known, and time.

    Redrawn when the build reports progress (at most ten times a second), not by rich's refresh thread:
    a build renders in two processes only while it runs a single thread (see newsdigest.split_build).
    """

    REDRAW_SECONDS = 0.1

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                                   TimeElapsedColumn)

        self._progress = Progress(SpinnerColumn(), TextColumn("{task.description:<32}"), BarColumn(),
                                  MofNCompleteColumn(), TimeElapsedColumn(), console=Console(stderr=True),
                                  transient=True, auto_refresh=False)
        self._progress.start()
        self._task = self._progress.add_task("Starting", total=None)
        self._drawn = 0.0

    def phase(self, name: str, total: int | None = None) -> None:
        self._progress.reset(self._task, description=name, total=total, completed=0)
        self._redraw(force=True)

    def advance(self, count: int = 1) -> None:
        self._progress.advance(self._task, count)
        self._redraw()

    def _redraw(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._drawn >= self.REDRAW_SECONDS:
            self._progress.refresh()
            self._drawn = now

    def close(self) -> None:
        self._progress.stop()


def print_build_summary(config: Config, result, fancy: bool = False, setup_warnings: int = 0, drafts: int = 0) -> None:
    """One line for logs and CI; a small table in a terminal. The warnings counted are the `warning:` and
    `skipped:` lines printed above it, setup warnings included, so the total matches what was shown."""
    site, report = result.site, result.report
    problems = len(result.warnings) + len(result.skipped) + setup_warnings
    left_out = f" ({plural(drafts, 'draft')} left out; --drafts includes {them(drafts)})" if drafts else ""
    if not fancy:
        search = plural(result.search_files, "search file") if result.search_files else "no search index"
        indexed, bundles = result.search_bundles
        if result.search_files and bundles:
            search += f" ({indexed} of {plural(bundles, 'bundle')} indexed)"
        print(f"Built {plural(len(site.articles), 'article')}{left_out}, {plural(len(site.pages), 'page')}, "
              f"{plural(result.feeds, 'feed')}, {plural(len(site.stories), 'story')} into {config.output_dir} "
              f"in {result.seconds:.2f}s ({plural(report.written, 'file')} written, {report.unchanged} unchanged, "
              f"{report.removed} removed; {search}; {plural(problems, 'warning')})")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Built into {config.output_dir} in {result.seconds:.2f}s", show_header=False,
                  title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    rows = [("articles", len(site.articles))] + ([("drafts left out", drafts)] if drafts else []) + [
        ("pages", len(site.pages)), ("feeds", result.feeds), ("stories", len(site.stories)),
        ("search index files", result.search_files)]
    indexed, bundles = result.search_bundles
    if result.search_files and bundles:
        rows.append(("search bundles indexed", f"{indexed} of {bundles}"))
    rows += [("files written", report.written), ("unchanged", report.unchanged), ("removed", report.removed),
             ("warnings", problems)]
    for label, value in rows:
        table.add_row(label, f"[yellow]{value}[/]" if label == "warnings" and value else str(value))
    Console().print(table)
