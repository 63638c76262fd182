"""`newsdigest ingest PATH...`: the command's arguments, the run over every input file, and its progress bar."""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

from newsdigest.urls import is_web_url
from newsdigest.config import Config
from newsdigest.ingest.executors import ExecutorUnavailable, open_preparer
from newsdigest.ingest.input_files import files_not_read, find_inputs
from newsdigest.ingest.indexed_files import index_cache_file
from newsdigest.ingest.input_urls import InputURL, find_url_inputs
from newsdigest.ingest.ledger import SeenInputs
from newsdigest.ingest.page_time import PAGE_SECONDS
from newsdigest.ingest.outcomes import FAILED, IngestReport, Outcome, printable
from newsdigest.journal import ingesting_into
from newsdigest.lifetime import interrupts_held
from newsdigest.ingest.pipeline import DateFallbacks, PrepareOptions, store_file
from newsdigest.ingest.readers import SUPPORTED_SUFFIXES
from newsdigest.ingest.site_lines import count_site_lines
from newsdigest.ingest.summary import page_path, print_summary
from newsdigest.ingest.writer import ContentIndex
from newsdigest.wording import plural

PROGRESS_MIN_FILES = 20     # fewer files than this finish before a progress bar would tell anything


def run(args: argparse.Namespace, config: Config) -> int:
    """`ingest PATH...`: exit status 0 when every page was written or skipped, 1 when any failed, 2 for misuse.

    Pages are read, extracted and composed by worker processes or a Dask cluster (executors.py) and stored here,
    one file at a time in input order: the same files and messages as with --jobs 1.
    """
    dates = DateFallbacks(date=getattr(args, "date", None), from_mtime=getattr(args, "date_from_mtime", False),
                          required=getattr(args, "require_date", False))
    if dates.required and (dates.date is not None or dates.from_mtime):
        print("error: --require-date refuses pages without a date; it cannot be combined with --date or "
              "--date-from-mtime", file=sys.stderr)
        return 2
    if config.ingest.date_from_mtime and not dates.required and dates.date is None:
        dates = replace(dates, from_mtime=True)   # the site's own setting, which this run's options override
    executor, jobs, scheduler = (getattr(args, "executor", "local"), getattr(args, "jobs", None),
                                 getattr(args, "scheduler", None))
    misuse = executor_misuse(executor, jobs, scheduler)
    if misuse:
        print(f"error: {misuse}", file=sys.stderr)
        return 2
    if args.url and not is_web_url(args.url):   # the build would leave it out of every article, with a warning
        print(f"error: --url {args.url!r}: not an absolute http(s) address with a host (https://example.com/story)",
              file=sys.stderr)
        return 2
    out_dir = (args.out or config.content_dir).resolve()
    if out_dir.exists() and not out_dir.is_dir():   # else every page would fail on its own with the same error
        print(f"error: {out_dir}: a file, not a folder: articles are written into a folder (--out, else "
              "content_dir in the config)", file=sys.stderr)
        return 2
    files, missing, empty = find_all_inputs(list(args.paths))
    if args.url and len(files) > 1:   # every page would name that one address as its own
        print(f"error: --url gives the address of one page, and the inputs hold {len(files)} files; ingest that "
              "page on its own with --url (a scraper record's url, or a page's canonical link, is read anyway)",
              file=sys.stderr)
        return 2
    reports = [IngestReport(path, [Outcome(path.name, FAILED, message=message)]) for path, message in missing]
    for path, message in missing:
        print(f"error: {printable(str(path))}: {message}", file=sys.stderr)
    quiet = getattr(args, "quiet", False)
    for folder in [] if quiet else empty:   # no failure (an inbox may be empty today); the zeros need a reason
        print(f"note: {printable(str(folder))}: no pages in this folder (read are files ending in "
              f"{', '.join(sorted(SUPPORTED_SUFFIXES))}, each also .gz; hidden ones are skipped)", file=sys.stderr)
    for folder in [] if quiet else [path for path in args.paths if isinstance(path, Path) and path.is_dir()]:
        if passed := files_not_read(folder):   # (a download still under way, a list of feeds saved beside the pages)
            shown = ", ".join(printable(path.name) for path in passed[:5]) + (", ..." if len(passed) > 5 else "")
            print(f"note: {printable(str(folder))}: {plural(len(passed), 'file')} not read, their names not a page's "
                  f"(read are files ending in {', '.join(sorted(SUPPORTED_SUFFIXES))}, each also .gz): {shown}",
                  file=sys.stderr)
    try:
        preparer = open_preparer(executor, jobs=jobs or os.cpu_count() or 1, scheduler=scheduler, files=len(files))
    except ExecutorUnavailable as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    # A name as one line of single spaces: a blank --source ("", "  ") names no outlet, and the page's own is used.
    source = " ".join((args.source or "").split())
    options = PrepareOptions(config, source=source, url=args.url or "", dates=dates,
                             debug=getattr(args, "debug", False),
                             page_seconds=getattr(args, "page_timeout", PAGE_SECONDS),
                             headlines=getattr(args, "headlines", False),
                             seen_inputs=SeenInputs() if args.force else SeenInputs.in_folder(out_dir))
    progress = None
    try:
        # Read once before: what each site prints on several of the run's pages is its template, not an article's.
        options = replace(options, site_lines=count_site_lines(files, source=source, url=args.url or ""))
        prepared = preparer.prepare(files, options)
        if not args.dry_run:
            out_dir.mkdir(parents=True, exist_ok=True)   # (to be held from the first ingest on)
        waiting = f"note: {out_dir}: another ingest is writing into this content folder; waiting for it"
        with ingesting_into(out_dir, on_wait=None if quiet else lambda: print(waiting, file=sys.stderr)):
            index = ContentIndex.load(out_dir, tidy=not args.dry_run, cache=index_cache_file(config.root, out_dir),
                                      article_address=config.permalinks.article,
                                      digest_timezone=config.digest_timezone)
            progress = None if quiet else make_progress(len(files))
            for path in files:
                if progress is not None:
                    progress.start_file(path.name)
                prepared_file = next(prepared)   # (a stop while waiting for the workers comes at once)
                # A stop acts once the file is stored and counted: let in mid-store, it came between an article's
                # write and its ledger line or its count, and the summary said one article fewer than were written.
                with interrupts_held():
                    report = store_file(prepared_file, out_dir, index, force=args.force, dry_run=args.dry_run,
                                        update=getattr(args, "update", False), debug=options.debug)
                    for outcome in report.failed:   # while the bar shows, rich prints these above it
                        print(f"error: {page_path(path, outcome)}: {outcome.message}", file=sys.stderr)
                    reports.append(report)
                if progress is not None:
                    progress.advance()
    except KeyboardInterrupt:
        if progress is not None:
            progress.close()
            progress = None
        done = sum(len(report.written) for report in reports)
        print(f"\nStopped after {len(reports) - len(missing)} of {len(files)} files: {done} "
              f"{'would be written' if args.dry_run else 'written'}. Running the same command again ingests the rest "
              "(what was written is skipped).", file=sys.stderr)
        raise
    finally:
        if progress is not None:
            progress.close()
        preparer.close()
    if not quiet:
        print_summary(reports, dry_run=args.dry_run, fancy=_is_terminal(sys.stdout), out_dir=out_dir)
    return 0 if all(report.ok for report in reports) else 1


def executor_misuse(executor: str, jobs: int | None, scheduler: str | None) -> str:
    """Why --executor, --jobs and --scheduler do not go together, or "" when they do."""
    if executor == "dask" and not scheduler:
        return "--executor dask needs --scheduler ADDRESS (the Dask scheduler, e.g. tcp://HOST:8786)"
    if executor == "dask" and jobs is not None:
        return "--jobs sets the local worker processes; with --executor dask the cluster's workers do the work"
    if executor != "dask" and scheduler:
        return "--scheduler is for --executor dask"
    return ""


def find_all_inputs(locations: list[Path | InputURL]) -> tuple[list, list[tuple[Path | InputURL, str]], list]:
    """Every input file under the paths and URLs given, in order, each once; the ones that name nothing readable,
    with why; and the folders that hold no input at all."""
    files: list[Path | InputURL] = []
    missing: list[tuple[Path | InputURL, str]] = []
    empty: list[Path | InputURL] = []
    for location in locations:
        found, lost = find_url_inputs(location) if isinstance(location, InputURL) else find_inputs([location])
        files.extend(found)
        missing.extend(lost)
        if not found and not lost:
            empty.append(location)
    return list(dict.fromkeys(files)), list(dict.fromkeys(missing)), empty


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def make_progress(files: int) -> IngestProgress | None:
    """A progress bar on stderr for runs of PROGRESS_MIN_FILES files or more in a terminal; None otherwise."""
    if files < PROGRESS_MIN_FILES or not _is_terminal(sys.stderr):
        return None
    try:
        return IngestProgress(files)
    except ImportError:  # rich is a dependency, but an ingest never fails for the lack of a progress bar
        return None


class IngestProgress:
    """rich progress bar: files done of all, the file being read, elapsed and remaining time. It disappears when
    the run ends; error lines printed to stderr meanwhile appear above it."""

    REDRAW_SECONDS = 0.1

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        self._progress = Progress(TextColumn("Ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                  TimeRemainingColumn(), TextColumn("{task.fields[name]}", markup=False),
                                  console=Console(stderr=True), transient=True, auto_refresh=False)
        self._progress.start()
        self._task = self._progress.add_task("ingest", total=total, name="")
        self._drawn = 0.0

    def start_file(self, name: str) -> None:
        self._progress.update(self._task, name=name if len(name) <= 40 else name[:39] + "…")
        self._redraw()

    def advance(self) -> None:
        self._progress.advance(self._task)
        self._redraw()

    def _redraw(self) -> None:
        now = time.monotonic()
        if now - self._drawn >= self.REDRAW_SECONDS:
            self._progress.refresh()
            self._drawn = now

    def close(self) -> None:
        self._progress.stop()
