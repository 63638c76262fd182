"""Command line: `newsdigest build|serve|ingest|check` (also `python build.py ...`)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from newsdigest import __version__
from newsdigest.config import Config, load_config
from newsdigest.problems import NewsdigestError, describe_os_error


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
    from newsdigest import ingest as ingest_stage

    ingest_stage.add_arguments(ingest)
    ingest.set_defaults(handler=ingest_stage.run)
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


def run_build(args: argparse.Namespace, config: Config) -> int:
    from newsdigest.build import build
    from newsdigest.build_state import record_build, unchanged_since_last_build
    from newsdigest.progress import is_terminal, make_progress

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
    print_summary(config, result, fancy=progress is not None or is_terminal(sys.stdout))
    if not result.skipped and not result.warnings:  # keep showing problems until they are fixed
        record_build(config, config.output_dir, options)
    return 0


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
    from newsdigest.dev.serve import serve

    return serve(args.config, host=args.host, port=args.port, overrides=_overrides(args), include_drafts=args.drafts)


def run_watch(args: argparse.Namespace, config: Config) -> int:
    from newsdigest.dev.watch import DevSession

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
    from newsdigest.check import find_problems

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
