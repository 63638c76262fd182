"""The ingest stage start to finish: read -> extract -> compose -> store, one outcome per article."""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from newsdigest.config import Config
from newsdigest.ingest.attribution import attribute
from newsdigest.ingest.html import extract_html
from newsdigest.ingest.model import Extracted, IngestError, RawPage
from newsdigest.ingest.readers import find_inputs, read_file
from newsdigest.ingest.text import extract_text
from newsdigest.ingest.writer import Composed, ContentIndex, compose, free_path, write_atomically
from newsdigest.topics import TopicMatcher

WRITTEN, WOULD_WRITE, SKIPPED, FAILED = "written", "would write", "skipped", "failed"
# Where a date came from when the page states none (front matter `date_inferred_from`).
FROM_FETCHED_AT = "fetched_at of the scraper record"
FROM_DATE_OPTION = "--date option"
FROM_MTIME = "file modification time"
PROGRESS_MIN_FILES = 20     # fewer files than this finish before a progress bar would tell anything


@dataclass(frozen=True)
class Outcome:
    """What happened to one page: written (or would be, in a dry run), skipped, or failed, and why."""

    label: str
    status: str
    path: Path | None = None
    message: str = ""
    source: str = ""            # the outlet recorded for a written article; "" when none was found
    source_found_in: str = ""   # where it came from: "given" (--source or the record), "the page", "URL host", ...
    date_fallback: str = ""     # FROM_FETCHED_AT, FROM_DATE_OPTION or FROM_MTIME when the page states no date


@dataclass
class IngestReport:
    """All outcomes for one input file (a JSON Lines file holds many pages)."""

    input: Path
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def written(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status in (WRITTEN, WOULD_WRITE)]

    @property
    def skipped(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == SKIPPED]

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == FAILED]

    @property
    def unattributed(self) -> list[Outcome]:
        """Articles written (or that would be) with no source: pages show them as "source unknown"."""
        return [o for o in self.written if not o.source]

    @property
    def date_fallbacks(self) -> list[Outcome]:
        """Articles written (or that would be) whose date came from a fallback, not from the page."""
        return [o for o in self.written if o.date_fallback]

    @property
    def status(self) -> str:
        """One line for logs: "written 2025/03/x.md", "skipped: already ingested as ...", "failed: file is empty"."""
        parts = [f"{o.status} {_show(o.path)}" if o.status in (WRITTEN, WOULD_WRITE) else f"{o.status}: {o.message}"
                 for o in self.outcomes]
        return "; ".join(parts) or "nothing found"


@dataclass(frozen=True)
class DateFallbacks:
    """Where a page's date may come from when the page states none, tried in this order: the JSON Lines record's
    `fetched_at`, `date` (--date), the file's modification time (`mtime`, with --date-from-mtime).

    `required` (--require-date) turns them all off: a page without a date of its own is refused.
    """

    date: date | datetime | None = None
    from_mtime: bool = False
    required: bool = False


@dataclass(frozen=True)
class Extraction:
    extracted: Extracted
    source_found_in: str = ""
    date_fallback: str = ""


def extract_page(page: RawPage, fallbacks: DateFallbacks | None = None, *, mtime: date | None = None) -> Extracted:
    """Pick the extractor for the page's format, name its outlet, and check that it found a dated article.

    Without `fallbacks`, a page with no date of its own takes its record's `fetched_at`, else is refused.
    """
    return extract(page, fallbacks, mtime=mtime).extracted


def extract(page: RawPage, fallbacks: DateFallbacks | None = None, *, mtime: date | None = None) -> Extraction:
    """`extract_page`, also telling where the source and a fallback date came from."""
    fallbacks = fallbacks or DateFallbacks()
    extracted = extract_html(page.text, page.url) if page.kind == "html" else extract_text(page.text)
    url = page.url or extracted.url
    source, found_in = _source(page, extracted, url)
    # What the user or the scraper record says about the page wins over what was read from it.
    extracted = replace(extracted, source=source, url=url)
    fallback = ""
    if extracted.published is None:
        published, fallback = fallback_date(page, fallbacks, mtime)
        if published is None:
            raise IngestError(_no_date_message(fallbacks))
        extracted = replace(extracted, published=published, date_inferred_from=fallback)
    return Extraction(extracted, found_in, fallback)


def _source(page: RawPage, extracted: Extracted, url: str) -> tuple[str, str]:
    """(outlet, where it came from): --source or the record's `source`, then the extractor's, then attribution."""
    if page.source:
        return page.source, "given"
    if extracted.source:
        return extracted.source, "the page"
    try:
        found = attribute(text=page.text if page.kind != "html" else "",
                          html=page.text if page.kind == "html" else "", url=url)
    except Exception as err:  # a name is worth less than the article: a bug here leaves the page unattributed
        return "", f"attribution failed: {type(err).__name__}: {err}"
    return (found.name, found.found_in) if found is not None else ("", "")


def fallback_date(page: RawPage, fallbacks: DateFallbacks, mtime: date | None) -> tuple[date | datetime | None, str]:
    """(date, where it came from) for a page that states no date; (None, "") when there is no fallback.

    A fetch or save time says on which day the page existed, not when it was published: only its day is kept.
    A --date value is the user's own statement and is kept as given.
    """
    if fallbacks.required:
        return None, ""
    if page.fetched_at is not None:
        return _day(page.fetched_at), FROM_FETCHED_AT
    if fallbacks.date is not None:
        return fallbacks.date, FROM_DATE_OPTION
    if fallbacks.from_mtime and mtime is not None:
        return mtime, FROM_MTIME
    return None, ""


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _no_date_message(fallbacks: DateFallbacks) -> str:
    if fallbacks.required:
        return "no publication date found on the page (--require-date refuses pages without one)"
    return ("no publication date found on the page, and no fallback date: pass --date YYYY-MM-DD, or "
            "--date-from-mtime to use the file's modification time (a JSON Lines record's fetched_at also works)")


def ingest_file(path: Path, config: Config, *, out_dir: Path, source: str | None = None, url: str | None = None,
                force: bool = False, dry_run: bool = False, index: ContentIndex | None = None,
                debug: bool = False, dates: DateFallbacks | None = None) -> IngestReport:
    """Ingest one file into `out_dir`. Never raises for bad input: every problem becomes a failed outcome."""
    path = Path(path)
    report = IngestReport(path)
    index = index if index is not None else ContentIndex.load(out_dir)
    try:
        read = read_file(path, source=source or "", url=url or "")
    except IngestError as err:
        report.outcomes.append(Outcome(path.name, FAILED, message=str(err)))
        return report
    report.outcomes.extend(Outcome(label, FAILED, message=message) for label, message in read.problems)
    decoding = read.decoded.note
    mtime = modification_day(path, config) if dates is not None and dates.from_mtime else None
    matcher = TopicMatcher(config)
    for page in read.pages:
        try:
            extraction = extract(page, dates, mtime=mtime)
            composed = compose(extraction.extracted, page, config, matcher)
            outcome = store(composed, page, out_dir, index, force=force, dry_run=dry_run)
            if outcome.status in (WRITTEN, WOULD_WRITE):
                outcome = replace(outcome, source=extraction.extracted.source,
                                  source_found_in=extraction.source_found_in, date_fallback=extraction.date_fallback,
                                  message=_notes(outcome.message, _source_note(extraction), decoding))
            report.outcomes.append(outcome)
        except IngestError as err:
            report.outcomes.append(Outcome(page.label, FAILED, message=_with_note(str(err), decoding)))
        except Exception as err:  # one broken page must never lose the others
            detail = traceback.format_exc() if debug else f"{type(err).__name__}: {err}"
            report.outcomes.append(Outcome(page.label, FAILED, message=f"internal error while ingesting ({detail})"))
    return report


def modification_day(path: Path, config: Config) -> date | None:
    """The day the file was last modified, in the site's time zone."""
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, config.zone).date()
    except (OSError, ValueError, OverflowError):
        return None


def _source_note(extraction: Extraction) -> str:
    if not extraction.extracted.source:
        failed = extraction.source_found_in
        return f"source unknown ({failed})" if failed else "source unknown"
    if extraction.source_found_in in ("given", "the page"):
        return ""
    return f"source {extraction.extracted.source!r} from the {extraction.source_found_in}"


def _notes(*notes: str) -> str:
    return "; ".join(note for note in notes if note)


def _with_note(message: str, note: str) -> str:
    return f"{message} [{note}]" if note else message


def store(composed: Composed, page: RawPage, out_dir: Path, index: ContentIndex, *, force: bool,
          dry_run: bool) -> Outcome:
    """Write one article unless it is already there, exists (hand edits are precious) or is a near-duplicate."""
    target = out_dir / composed.relative_path
    same = index.with_hash(composed.ingest_hash)
    if same is not None:
        if not force:
            return Outcome(page.label, SKIPPED, same, f"already ingested as {_show(same)}")
        target = same
    elif target.exists():
        origin = composed.front_matter.get("url") or composed.front_matter.get("ingested_from")
        if index.origin_of(target) != origin:
            target = free_path(target)      # a different article that happens to share the slug: keep both
        elif not force:
            return Outcome(page.label, SKIPPED, target,
                           f"{_show(target)} exists (edited since, or from an older ingest); --force overwrites it")
    duplicate = index.near_duplicate(composed.shingles, ignore=target if force else None)
    if duplicate is not None and not force:
        other, score = duplicate
        return Outcome(page.label, SKIPPED, other,
                       f"near-duplicate of {_show(other)} (similarity {score:.2f}); --force writes it anyway")
    if dry_run:
        return Outcome(page.label, WOULD_WRITE, target, _note(composed))
    write_atomically(target, composed.text)
    index.add(target, composed)
    return Outcome(page.label, WRITTEN, target, _note(composed))


def _note(composed: Composed) -> str:
    inferred = composed.front_matter.get("date_inferred_from")
    if inferred in (FROM_FETCHED_AT, FROM_DATE_OPTION, FROM_MTIME):
        return f"no date on the page: date from the {inferred}"
    return f"date inferred from {inferred}" if inferred else ""


def _show(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# -- command line ----------------------------------------------------------------------------------

def iso_date(value: str) -> date | datetime:
    """argparse type for --date: an ISO 8601 date, or date and time ("2026-02-04", "2026-02-04T09:30+09:00")."""
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO 8601 date: {value!r} (use YYYY-MM-DD, or YYYY-MM-DDTHH:MM with an optional +HH:MM)") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="raw pages: .txt dumps, .html pages, .jsonl scraper output, or folders of them")
    parser.add_argument("--out", type=Path, help="content folder to write into (default: content_dir from config)")
    parser.add_argument("--source", help="outlet name to record for every page, instead of the one found on the "
                                         "page, in the scraper record or from the URL")
    parser.add_argument("--url", help="original URL of the page (single-page ingests)")
    parser.add_argument("--date", type=iso_date, metavar="DATE",
                        help="date (ISO 8601) for pages that state none and have no fetched_at in their record")
    parser.add_argument("--date-from-mtime", action="store_true",
                        help="date pages that state none by their file's modification time (after fetched_at "
                             "and --date)")
    parser.add_argument("--require-date", action="store_true",
                        help="refuse pages that state no date, even with a fetched_at (no fallback dates)")
    parser.add_argument("--force", action="store_true",
                        help="overwrite existing articles and write near-duplicates anyway")
    parser.add_argument("--dry-run", action="store_true", help="show what would be written; write nothing")


def run(args: argparse.Namespace, config: Config) -> int:
    """`ingest PATH...`: exit status 0 when every page was written or skipped, 1 when any failed, 2 for misuse."""
    dates = DateFallbacks(date=getattr(args, "date", None), from_mtime=getattr(args, "date_from_mtime", False),
                          required=getattr(args, "require_date", False))
    if dates.required and (dates.date is not None or dates.from_mtime):
        print("error: --require-date refuses pages without a date; it cannot be combined with --date or "
              "--date-from-mtime", file=sys.stderr)
        return 2
    out_dir = (args.out or config.content_dir).resolve()
    files, missing = find_inputs(list(args.paths))
    reports = [IngestReport(path, [Outcome(path.name, FAILED, message=message)]) for path, message in missing]
    for path, message in missing:
        print(f"error: {path}: {message}", file=sys.stderr)
    index = ContentIndex.load(out_dir)
    progress = make_progress(len(files))
    try:
        for path in files:
            if progress is not None:
                progress.start_file(path.name)
            report = ingest_file(path, config, out_dir=out_dir, source=args.source, url=args.url, force=args.force,
                                 dry_run=args.dry_run, index=index, debug=getattr(args, "debug", False), dates=dates)
            for outcome in report.failed:   # while the bar shows, rich prints these above it
                print(f"error: {_where(path, outcome)}: {outcome.message}", file=sys.stderr)
            reports.append(report)
            if progress is not None:
                progress.advance()
    finally:
        if progress is not None:
            progress.close()
    print_summary(reports, dry_run=args.dry_run, fancy=_is_terminal(sys.stdout), out_dir=out_dir)
    return 0 if all(report.ok for report in reports) else 1


def _where(path: Path, outcome: Outcome) -> str:
    return str(path) if outcome.label == path.name else str(path.parent / outcome.label)


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


def print_summary(reports: list[IngestReport], *, dry_run: bool = False, out=None, fancy: bool = False,
                  out_dir: Path | None = None) -> None:
    """What was written, skipped and failed, one line each, then the counts: one line for logs, a table in a
    terminal (`fancy`). The counts also give the articles with no source and those dated by a fallback."""
    out = out or sys.stdout
    written = [(r, o) for r in reports for o in r.written]
    skipped = [(r, o) for r in reports for o in r.skipped]
    failed = [(r, o) for r in reports for o in r.failed]
    unattributed = sum(len(r.unattributed) for r in reports)
    fallbacks = Counter(o.date_fallback for r in reports for o in r.date_fallbacks)
    verb = "Would write" if dry_run else "Written"
    for heading, items in ((verb, written), ("Skipped", skipped), ("Failed", failed)):
        if not items:
            continue
        print(f"{heading} ({len(items)}):", file=out)
        for report, outcome in items:
            if outcome.status in (WRITTEN, WOULD_WRITE):
                note = f"  [{outcome.message}]" if outcome.message else ""
                print(f"  {_show(outcome.path)}  <- {outcome.label}{note}", file=out)
            else:
                print(f"  {_where(report.input, outcome)}: {outcome.message}", file=out)
    breakdown = ", ".join(f"{count} from the {where}" for where, count in sorted(fallbacks.items()))
    if fancy:
        try:
            _print_table(len(written), len(skipped), len(failed), unattributed, sum(fallbacks.values()), breakdown,
                         dry_run=dry_run, out=out, out_dir=out_dir)
            return
        except ImportError:
            pass
    print(f"{len(written)} {'to write' if dry_run else 'written'}, {len(skipped)} skipped, {len(failed)} failed"
          + (" (dry run: nothing was written)" if dry_run else "") + ".", file=out)
    print(f"{unattributed} unattributed (no source found: pages say \"source unknown\"), "
          f"{sum(fallbacks.values())} dated by a fallback" + (f" ({breakdown})" if breakdown else "") + ".", file=out)


def _print_table(written: int, skipped: int, failed: int, unattributed: int, fallbacks: int, breakdown: str, *,
                 dry_run: bool, out, out_dir: Path | None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    where = f" into {_show(out_dir)}" if out_dir is not None else ""
    title = f"Dry run{where}: nothing was written" if dry_run else f"Ingested{where}"
    table = Table(show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_column()
    rows = ((("would write" if dry_run else "written"), written, "", ""),
            ("skipped", skipped, "already there, or near-duplicates" if skipped else "", ""),
            ("failed", failed, "see the errors above" if failed else "", "red"),
            ("unattributed", unattributed, 'no source found: pages say "source unknown"' if unattributed else "",
             "yellow"),
            ("date fallbacks", fallbacks, breakdown, "yellow"))
    for label, value, note, colour in rows:
        table.add_row(label, Text(str(value), style=colour if value and colour else ""), Text(note))
    console = Console(file=out)
    console.print(Text(title, style="bold"), soft_wrap=True)
    console.print(table)
