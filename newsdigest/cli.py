"""Command line: `newsdigest build|serve|ingest|check` (also `python build.py ...`)."""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from newsdigest import __version__
from newsdigest.config import Config, load_config
from newsdigest.problems import NewsdigestError, Problem, describe_os_error


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        config = load_config(args.config, overrides=_overrides(args))
        return args.handler(args, config)
    except NewsdigestError as err:
        if args.debug:
            raise
        for problem in err.problems:
            print(f"error: {problem}", file=sys.stderr)
        count = len(err.problems)
        outcome = "" if args.command == "check" else "; nothing was written"
        print(f"{count} problem{'s' if count != 1 else ''} found{outcome}.", file=sys.stderr)
        return 1
    except OSError as err:  # the system refused a file operation: full disk, read-only file system, permissions
        if args.debug:
            raise
        print(f"error: {describe_os_error(err)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsdigest", description="Static news-digest site generator.")
    parser.add_argument("--version", action="version", version=f"newsdigest {__version__}")
    parser.add_argument("-c", "--config", default="config.yaml", type=Path, help="config file (default: config.yaml)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the site into the output folder")
    _add_build_options(build)
    build.set_defaults(handler=run_build)

    serve = commands.add_parser("serve", help="build, watch for changes and serve with live reload")
    _add_watch_options(serve)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to bind (default: 127.0.0.1, this machine only; 0.0.0.0 for all interfaces)")
    serve.add_argument("--port", default=8000, type=int, help="port (default: 8000)")
    serve.set_defaults(handler=run_serve)

    watch = commands.add_parser("watch", help="build, then rebuild whenever content, theme or config change")
    _add_watch_options(watch)
    watch.set_defaults(handler=run_watch)

    check = commands.add_parser("check", help="validate config and content without building")
    check.add_argument("--drafts", action="store_true", help="check drafts too")
    check.set_defaults(handler=run_check)

    ingest = commands.add_parser("ingest", help="turn raw scraped pages into content articles")
    try:
        from newsdigest import ingest as ingest_stage
    except ImportError:  # the ingest stage is optional at import time so a broken extractor never blocks builds
        ingest_stage = None
    if ingest_stage is not None and hasattr(ingest_stage, "add_arguments"):
        ingest_stage.add_arguments(ingest)
        ingest.set_defaults(handler=ingest_stage.run)
    else:
        ingest.set_defaults(handler=lambda args, config: _unavailable("ingest"))
    return parser


def _add_build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    parser.add_argument("--skip-bad", action="store_true", help="leave out invalid content files instead of failing")
    parser.add_argument("-o", "--output", type=Path, help="output folder (default: output_dir from config)")
    parser.add_argument("--base-url", help="override base_url, e.g. https://example.org/digest/")
    parser.add_argument("--force", action="store_true", help="write into an output folder holding other files")


def _add_watch_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    parser.add_argument("-o", "--output", type=Path, help="output folder (default: output_dir from config)")
    parser.add_argument("--base-url", help="override base_url")


def _overrides(args: argparse.Namespace) -> dict:
    overrides = {}
    if getattr(args, "base_url", None):
        overrides["base_url"] = args.base_url
    if getattr(args, "output", None):
        overrides["output_dir"] = str(Path(args.output).resolve())
    return overrides


PROGRESS_MIN_ARTICLES = 500   # smaller builds finish before a progress bar would help


def run_build(args: argparse.Namespace, config: Config) -> int:
    from newsdigest.build import build
    from newsdigest.build_state import record_build, unchanged_since_last_build

    # Everything besides config and files that changes what a build writes.
    options = {"drafts": args.drafts, "skip_bad": args.skip_bad}
    if unchanged_since_last_build(config, config.output_dir, options):
        print(f"Nothing changed since the last build: {config.output_dir} is up to date.")
        return 0
    progress = make_progress(config)
    try:
        result = build(config, include_drafts=args.drafts, skip_bad=args.skip_bad, force=args.force,
                       progress=progress)
    finally:
        if progress is not None:
            progress.close()
    for problem in result.skipped:
        print(f"skipped: {problem}", file=sys.stderr)
    for problem in result.warnings:
        print(f"warning: {problem}", file=sys.stderr)
    print_summary(config, result, fancy=progress is not None or _is_terminal(sys.stdout))
    if not result.skipped and not result.warnings:  # keep showing problems until they are fixed
        record_build(config, config.output_dir, options)
    return 0


def make_progress(config: Config):
    """A rich progress bar on stderr for long builds in a terminal; None for small builds, pipes and CI."""
    if not _is_terminal(sys.stderr):
        return None
    from newsdigest.content import find_content_files

    if not config.content_dir.is_dir() or len(find_content_files(config.content_dir)) <= PROGRESS_MIN_ARTICLES:
        return None
    try:
        return RichBuildProgress()
    except ImportError:  # rich is a dependency, but a build never fails for the lack of a progress bar
        return None


def _is_terminal(stream) -> bool:
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


def print_summary(config: Config, result, fancy: bool = False) -> None:
    """One line for logs and CI; a small table in a terminal."""
    site, report = result.site, result.report
    problems = len(result.warnings) + len(result.skipped)
    search = f"{result.search_files} search files" if result.search_files else "no search index"
    if not fancy:
        print(f"Built {len(site.articles)} articles, {len(site.pages)} pages, {result.feeds} feeds, "
              f"{len(site.stories)} stories into {config.output_dir} in {result.seconds:.2f}s "
              f"({report.written} written, {report.unchanged} unchanged, {report.removed} removed; {search}; "
              f"{problems} warning{'s' if problems != 1 else ''})")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Built into {config.output_dir} in {result.seconds:.2f}s", show_header=False,
                  title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    for label, value in (("articles", len(site.articles)), ("pages", len(site.pages)), ("feeds", result.feeds),
                         ("stories", len(site.stories)), ("search index files", result.search_files),
                         ("files written", report.written), ("unchanged", report.unchanged),
                         ("removed", report.removed), ("warnings", problems)):
        table.add_row(label, f"[yellow]{value}[/]" if label == "warnings" and value else str(value))
    Console().print(table)


def run_serve(args: argparse.Namespace, config: Config) -> int:
    from newsdigest.serve import serve

    return serve(args.config, host=args.host, port=args.port, overrides=_overrides(args), include_drafts=args.drafts)


def run_watch(args: argparse.Namespace, config: Config) -> int:
    import time

    from newsdigest.watch import DevSession

    session = DevSession(args.config, overrides=_overrides(args), include_drafts=args.drafts)
    session.start()
    print(f"Watching {config.content_dir}, the theme and {args.config} (Ctrl-C stops)", file=sys.stderr, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print("\nStopping.", file=sys.stderr)
    finally:
        session.stop()
    return 0


def run_check(args: argparse.Namespace, config: Config) -> int:
    """Everything a build would find, without writing: content errors, template errors, duplicate URLs,
    an output folder the build would refuse, and a missing search engine. Exit status 1 on any error."""
    found = find_problems(config, include_drafts=args.drafts)
    errors, warnings = found.errors, found.warnings
    for problem in errors:
        print(f"error: {problem}", file=sys.stderr)
    for problem in warnings:
        print(f"warning: {problem}", file=sys.stderr)
    if errors:
        print(f"{len(errors)} error{'s' if len(errors) != 1 else ''} and {len(warnings)} "
              f"warning{'s' if len(warnings) != 1 else ''} found.", file=sys.stderr)
        return 1
    print(f"OK: config, templates and {found.articles} articles are valid"
          + (f" ({len(warnings)} warning{'s' if len(warnings) != 1 else ''})." if warnings else "."))
    return 0


@dataclass
class CheckReport:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    articles: int = 0


def find_problems(config: Config, include_drafts: bool = False) -> CheckReport:
    """The errors and warnings a build would report, found by running every stage but the writing."""
    from newsdigest.content import load_articles
    from newsdigest.render import make_environment, render_page, shared_context
    from newsdigest.search import search_available
    from newsdigest.site_model import Page, build_site_model
    from newsdigest.write import check_output_dir

    errors: list = []
    warnings: list = []
    try:
        check_output_dir(config, config.output_dir)
    except NewsdigestError as err:
        errors += err.problems
    loaded = load_articles(config, include_drafts=include_drafts)
    errors += loaded.problems
    warnings += loaded.warnings
    search = config.search_enabled and search_available()
    if config.search_enabled and not search:
        warnings.append(Problem(config.root / "config.yaml", "search.enabled is true but Pagefind is not installed "
                                "(pip install 'pagefind[bin]'); the site would be built without search"))
    site = build_site_model(config, loaded.articles, search=search)
    warnings += site.warnings
    report = CheckReport(errors, warnings, len(site.articles))
    try:
        env = make_environment(config)
    except NewsdigestError as err:
        errors += err.problems
        return report
    # Render one page of each template, as the build would: a missing template, a syntax error or a
    # template that fails at run time is reported with its file and line.
    shared = shared_context(site, env)
    samples: dict[str, Page] = {}
    for page in [*site.pages, Page("/404.html", "404.html", "Page not found", "404")]:
        samples.setdefault(page.template, page)
    for template, page in sorted(samples.items()):
        try:
            render_page(env, page, shared)
        except NewsdigestError as err:
            errors += err.problems
    return report


def _unavailable(command: str) -> int:
    print(f"error: the {command} command is not available in this installation", file=sys.stderr)
    return 2
