"""Command line: `newsdigest init|new|build|serve|watch|check|ingest|theme` (also `python build.py ...` and
`python -m newsdigest ...`)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from newsdigest import __version__
from newsdigest.config import Config, load_config
from newsdigest.heap import exit_process
from newsdigest.problems import NewsdigestError, Problem, describe_os_error
from newsdigest.topic_cli import add_topics_command
from newsdigest.wording import plural, them


def run() -> None:
    """The `newsdigest` command (and `python build.py`, `python -m newsdigest`): `main`, then exit."""
    exit_process(main())


DEFAULT_CONFIG = "config.yaml"


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    if not hasattr(args, "handler"):  # a command group such as `theme` without its subcommand
        args.parser.print_help()
        return 2
    try:
        if not args.needs_config:
            return args.handler(args)
        config = load_config(_existing_config(args.config), overrides=_overrides(args))
        return args.handler(args, config)
    except NewsdigestError as err:
        if args.debug:
            raise
        for problem in err.problems:
            print(f"error: {problem}", file=sys.stderr)
        outcome = "" if args.command in ("check", "topics") else "; nothing was written"   # they write nothing
        print(f"{plural(len(err.problems), 'problem')} found{outcome}.", file=sys.stderr)
        return 1
    except BrokenPipeError:  # what read the output went away (`newsdigest ingest inbox/ | head`): nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())   # nor at exit, when stdout is flushed
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
    parser.add_argument("-c", "--config", default=DEFAULT_CONFIG, type=Path, help="config file (default: config.yaml)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    parser.set_defaults(needs_config=True)
    # -c and --debug also after the command (`newsdigest build -c site/config.yaml`); given there, they win
    anywhere = argparse.ArgumentParser(add_help=False)
    anywhere.add_argument("-c", "--config", type=Path, default=argparse.SUPPRESS,
                          help="config file (default: config.yaml)")
    anywhere.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks for errors")
    anywhere.add_argument("--version", action="version", version=f"newsdigest {__version__}")

    init = commands.add_parser("init", parents=[anywhere],
                               help="start a new site: config, example articles and an example raw page")
    init.add_argument("dir", nargs="?", default=Path("."), type=Path, metavar="DIR",
                      help="folder of the new site, created if needed (default: the current folder)")
    init.add_argument("--force", action="store_true",
                      help="add the starter files to a folder that is not empty; existing files are never overwritten")
    init.set_defaults(handler=run_init, needs_config=False)

    new = commands.add_parser("new", parents=[anywhere], help="write a new article, dated now, into content/YYYY/MM/")
    new.add_argument("title", help="the article's title; its file is named after it")
    new.add_argument("--source", default="", help="the outlet the article comes from")
    new.add_argument("--draft", action="store_true", help="mark it draft: true (left out unless --drafts)")
    new.set_defaults(handler=run_new)

    build = commands.add_parser("build", parents=[anywhere], help="build the site into the output folder")
    _add_build_options(build)
    build.set_defaults(handler=run_build)

    serve = commands.add_parser("serve", parents=[anywhere], help="build, watch for changes and serve with live reload")
    _add_watch_options(serve)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to bind (default: 127.0.0.1, this machine only; 0.0.0.0 for all interfaces)")
    serve.add_argument("--port", default=8000, type=port_number, help="port (default: 8000)")
    serve.set_defaults(handler=run_serve)

    watch = commands.add_parser("watch", parents=[anywhere],
                                help="build, then rebuild whenever content, theme or config change")
    _add_watch_options(watch)
    watch.set_defaults(handler=run_watch)

    check = commands.add_parser("check", parents=[anywhere], help="validate config and content without building")
    check.add_argument("--drafts", action="store_true", help="check drafts too")
    check.add_argument("--base-url", help="check with this base_url, as `build --base-url` builds (a CI job's address)")
    check.set_defaults(handler=run_check)

    ingest = commands.add_parser("ingest", parents=[anywhere], help="turn raw scraped pages into content articles")
    from newsdigest.ingest.arguments import add_arguments as add_ingest_arguments

    add_ingest_arguments(ingest)
    ingest.set_defaults(handler=run_ingest)

    theme = commands.add_parser("theme", parents=[anywhere],
                                help="work with themes: `theme copy` copies the default theme to edit")
    theme_commands = theme.add_subparsers(dest="theme_command", metavar="SUBCOMMAND")
    theme.set_defaults(parser=theme)
    copy = theme_commands.add_parser("copy", parents=[anywhere],
                                     help="copy the built-in default theme into themes_dir to edit it")
    copy.add_argument("name", nargs="?", default="default",
                      help="name of the theme folder (default: default, which overrides the built-in one)")
    copy.add_argument("--force", action="store_true",
                      help="add the missing files to a theme folder that is not empty; existing files are kept")
    copy.set_defaults(handler=run_theme_copy)
    add_topics_command(commands, parents=[anywhere])
    return parser


def port_number(value: str) -> int:
    """argparse type for --port: a TCP port, 0 to 65535 (0: any free port)."""
    try:
        number = int(value)
    except ValueError:
        number = -1
    if not 0 <= number <= 65535:
        # Checked here: the socket refuses it with an OverflowError, which no message of ours would explain.
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, got {value!r}")
    return number


def _add_build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    parser.add_argument("--skip-bad", action="store_true", help="leave out invalid content files instead of failing")
    parser.add_argument("-o", "--output", type=Path, help="output folder (default: output_dir from config)")
    parser.add_argument("--base-url", help="override base_url, e.g. https://example.org/digest/")
    parser.add_argument("--force", action="store_true", help="write into an output folder holding other files, or "
                        "build a site whose content folder is missing")
    parser.add_argument("--no-cache", dest="cache", action="store_false",
                        help="build without the build cache in .newsdigest-cache/, also when nothing changed (slower; "
                        "same output)")
    parser.add_argument("--strict", action="store_true",
                        help="exit with status 1 if the build warned or skipped a file (the site is still written): "
                             "for a CI job that publishes only a clean build")


def _add_watch_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    parser.add_argument("-o", "--output", type=Path, help="output folder (default: output_dir from config)")
    parser.add_argument("--base-url", help="override base_url")


def _existing_config(path: Path) -> Path:
    """The config file to load; when it does not exist, an error that says how to start a site, or where the
    sites below the current folder are (`newsdigest init site` then `newsdigest build`, without `cd site`), or the
    site above it (a command run in its content folder)."""
    if path.exists() or path.is_symlink():
        return path
    if path != Path(DEFAULT_CONFIG):
        raise NewsdigestError(Problem(path.resolve(), "config file not found"))
    try:
        below = sorted(str(found.parent) for found in Path().glob(f"*/{DEFAULT_CONFIG}") if found.is_file())
    except OSError:
        below = []
    above = next((folder for folder in Path.cwd().parents
                  if (folder / DEFAULT_CONFIG).is_file() and (folder / "content").is_dir()), None)
    if above is not None and not below:   # run from inside the site (its content/ folder)
        advice = f"the site is in {above}: cd {above} first (or pass -c {above / DEFAULT_CONFIG})"
    elif len(below) == 1:
        advice = f"the site is in {below[0]}/: cd {below[0]} first (or pass -c {below[0]}/{DEFAULT_CONFIG})"
    elif below:
        advice = f"cd into the site's folder first: {', '.join(below[:5])}{', ...' if len(below) > 5 else ''}"
    else:
        advice = "`newsdigest init DIR` starts a new site in DIR, or pass -c PATH to use another config file"
    raise NewsdigestError(Problem(path.resolve(), f"config file not found; {advice}"))


def _overrides(args: argparse.Namespace) -> dict:
    overrides = {}
    if getattr(args, "base_url", None):
        overrides["base_url"] = args.base_url
    if getattr(args, "output", None):
        overrides["output_dir"] = str(Path(args.output).resolve())
    return overrides


def run_ingest(args: argparse.Namespace, config: Config) -> int:
    from newsdigest.ingest.command import run    # the extractors load only for this command
    from newsdigest.lifetime import sigterm_as_interrupt

    with sigterm_as_interrupt():   # (a cron job's timeout, `kill`: stopped as Ctrl-C stops it, with its count)
        return run(args, config)


def run_build(args: argparse.Namespace, config: Config) -> int:
    from newsdigest.build_state import input_state, record_build, unchanged_since_last_build
    from newsdigest.check import setup_warnings
    from newsdigest.progress import is_terminal, make_progress, print_build_summary

    # Told before every build, even one with nothing to do: they stay true until fixed.
    setup = setup_warnings(config, args.config.resolve(), base_url_given=bool(getattr(args, "base_url", None)))
    for problem in setup:
        print(f"warning: {problem}", file=sys.stderr)
    # Everything besides config and files that changes what a build writes.
    options = {"drafts": args.drafts, "skip_bad": args.skip_bad}
    inputs = input_state(config, options)   # before the build reads them (see record_build)
    # (--no-cache builds all the same: what it is for is a build that trusts nothing remembered)
    last_warnings = unchanged_since_last_build(config, config.output_dir, options, inputs) if args.cache else None
    if last_warnings is not None:
        for line in last_warnings:
            print(line, file=sys.stderr)
        # Counted as the build's summary counts them: the setup's warnings told above, then that build's own.
        shown = len(setup) + len(last_warnings)
        told = f" ({plural(shown, 'warning')}, shown above)" if shown else ""
        print(f"Nothing changed since the last build: {config.output_dir} is up to date{told}.")
        return _strict_status(args, shown)
    from newsdigest.build import build    # the stages load only when there is something to build
    from newsdigest.hand_edits import CopyNotice

    from newsdigest.lifetime import sigterm_as_interrupt

    progress = make_progress(config)
    try:
        # SIGTERM (`timeout`, systemd, a cancelled CI job) stops a build as Ctrl-C does: before it, the build ended
        # wherever it was and left thousands of hidden temporary pages in output/
        with sigterm_as_interrupt():
            result = build(config, include_drafts=args.drafts, skip_bad=args.skip_bad, force=args.force,
                           progress=progress, cache=args.cache)
    except KeyboardInterrupt:   # (exit status 130, from main)
        print(f"\nStopped: {config.output_dir} holds the last whole build, never half of one.", file=sys.stderr)
        raise
    finally:
        if progress is not None:
            progress.close()
    problem_lines = [f"skipped: {problem}" for problem in result.skipped]
    problem_lines += [f"warning: {problem}" for problem in result.warnings]
    # A build that skipped bad files or warned is remembered with those lines: a build with nothing to do
    # prints them again, so they stay in sight until fixed. Copies of hand-edited files were made once, by this build.
    lasting = [f"skipped: {problem}" for problem in result.skipped]
    lasting += [f"warning: {problem}" for problem in result.warnings if not isinstance(problem, CopyNotice)]
    unremembered = 0
    try:
        record_build(config, config.output_dir, options, lasting, inputs)
    except OSError as err:   # a read-only project folder (a container's mount): the site is written all the same
        problem_lines.append(f"warning: this build could not be remembered, so the next one runs in full: "
                             f"{describe_os_error(err)}")
        unremembered = 1   # (a warning like any other: counted in the summary and by --strict)
    for line in problem_lines:
        print(line, file=sys.stderr)
    print_build_summary(config, result, fancy=progress is not None or is_terminal(sys.stdout),
                        setup_warnings=len(setup) + unremembered, drafts=_drafts_left_out(config, result, args.drafts))
    return _strict_status(args, len(setup) + len(problem_lines))


def _strict_status(args: argparse.Namespace, warnings: int) -> int:
    """The exit status of a build that printed `warnings` warning lines: 1 under --strict if there were any."""
    if warnings and getattr(args, "strict", False):
        print(f"error: {plural(warnings, 'warning')} above, and --strict makes a warning fail the build",
              file=sys.stderr)
        return 1
    return 0


def _drafts_left_out(config: Config, result, include_drafts: bool) -> int:
    """Drafts the build left out (none with --drafts: then they are among the articles)."""
    from newsdigest.check import count_drafts
    from newsdigest.content_files import find_content_files

    if include_drafts:
        return 0
    files = result.content_files
    if files is None:
        files = len(find_content_files(config.content_dir))
    return count_drafts(files, result.site.articles, result.skipped, False)


def run_serve(args: argparse.Namespace, config: Config) -> int:
    from newsdigest.dev.serve import serve

    return serve(args.config, host=args.host, port=args.port, overrides=_overrides(args), include_drafts=args.drafts)


def run_watch(args: argparse.Namespace, config: Config) -> int:
    from newsdigest.check import setup_warnings
    from newsdigest.dev.watch import DevSession
    from newsdigest.lifetime import sigterm_as_interrupt

    for problem in setup_warnings(config, args.config.resolve(), base_url_given=bool(getattr(args, "base_url", None))):
        print(f"warning: {problem}", file=sys.stderr)
    session = DevSession(args.config, overrides=_overrides(args), include_drafts=args.drafts)
    with sigterm_as_interrupt():
        try:
            session.start()
            print(f"Watching {config.content_dir}, the theme and {args.config} (Ctrl-C stops)", file=sys.stderr,
                  flush=True)
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

    found = find_problems(config, include_drafts=args.drafts, config_path=args.config.resolve(),
                          base_url_given=bool(args.base_url))
    errors, warnings = found.errors, found.warnings
    for problem in errors:
        print(f"error: {problem}", file=sys.stderr)
    for problem in warnings:
        print(f"warning: {problem}", file=sys.stderr)
    if errors:
        print(f"{plural(len(errors), 'error')} and {plural(len(warnings), 'warning')} found.", file=sys.stderr)
        return 1
    notes = [plural(len(warnings), "warning")] if warnings else []
    if args.drafts:
        drafts = f" ({plural(found.drafts, 'draft')})" if found.drafts else ""
    else:
        drafts = ""
        if found.drafts:
            notes.append(f"{plural(found.drafts, 'draft')} left out; --drafts includes {them(found.drafts)}")
    print(f"OK: config, templates and {plural(found.articles, 'article')}{drafts} are valid"
          + (f" ({'; '.join(notes)})." if notes else "."))
    return 0


def run_init(args: argparse.Namespace) -> int:
    """`init [DIR]`: a starter site, then the commands to run next."""
    from newsdigest.scaffold import init_site, next_steps

    if Path(args.config) != Path(DEFAULT_CONFIG):   # (said: it was ignored without a word)
        print(f"note: init reads no config and writes DIR/config.yaml; -c {args.config} is not used", file=sys.stderr)
    written, skipped = init_site(args.dir, force=args.force)
    where = args.dir.resolve()
    done = "Added the missing starter files to" if skipped else "Created a new site in"
    print(f"{done} {where}: {plural(len(written), 'file')} written.")
    for path in written:
        print(f"  {path.relative_to(where).as_posix()}")
    if skipped:
        print(f"Kept {plural(len(skipped), 'existing file')} as {'they were' if len(skipped) > 1 else 'it was'}:")
        for path in skipped:
            print(f"  {path.relative_to(where).as_posix()}")
    print("\nNext:")
    for step in next_steps(args.dir):
        print(f"  {step}")
    return 0


def run_new(args: argparse.Namespace, config: Config) -> int:
    """`new "Title"`: a dated article file; prints its path."""
    from newsdigest.scaffold import new_article

    print(_shown(new_article(config, args.title, source=args.source or "", draft=args.draft)))
    return 0


def run_theme_copy(args: argparse.Namespace, config: Config) -> int:
    """`theme copy [NAME]`: the built-in default theme, copied into themes_dir/NAME to edit."""
    from newsdigest.scaffold import copy_theme

    folder, written, skipped = copy_theme(config, args.name, force=args.force)
    print(f"Copied the default theme into {_shown(folder)}: {plural(len(written), 'file')} written"
          + (f", {plural(len(skipped), 'existing file')} kept as {'they were' if len(skipped) > 1 else 'it was'}."
             if skipped else "."))
    if args.name != config.theme and args.name != "default":
        print(f"To use it, set `theme: {args.name}` in {_shown(args.config)}.")
    return 0


def _shown(path: Path) -> str:
    """A path as people typed it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
