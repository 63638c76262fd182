"""Command line: `newsdigest build|serve|ingest|check` (also `python build.py ...`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsdigest import __version__
from newsdigest.config import Config, load_config
from newsdigest.problems import NewsdigestError


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
        print(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", file=sys.stderr)
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


def run_build(args: argparse.Namespace, config: Config) -> int:
    from newsdigest.build import build

    result = build(config, include_drafts=args.drafts, skip_bad=args.skip_bad, force=args.force)
    for problem in result.skipped:
        print(f"skipped: {problem}", file=sys.stderr)
    for problem in result.warnings:
        print(f"warning: {problem}", file=sys.stderr)
    site = result.site
    print(f"Built {len(site.articles)} articles, {len(site.pages)} pages, {len(site.topics) + 1} feeds "
          f"into {config.output_dir} in {result.seconds:.2f}s "
          f"({result.report.written} written, {result.report.unchanged} unchanged, {result.report.removed} removed)")
    return 0


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
    from newsdigest.content import load_articles
    from newsdigest.site_model import build_site_model

    loaded = load_articles(config, include_drafts=args.drafts)
    if loaded.problems:
        raise NewsdigestError(loaded.problems)
    site = build_site_model(config, loaded.articles)
    for problem in loaded.warnings + site.warnings:
        print(f"warning: {problem}", file=sys.stderr)
    print(f"OK: config and {len(loaded.articles)} articles are valid.")
    return 0


def _unavailable(command: str) -> int:
    print(f"error: the {command} command is not available in this installation", file=sys.stderr)
    return 2
