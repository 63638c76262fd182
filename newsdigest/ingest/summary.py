"""What an ingest run prints at the end: written, skipped and failed pages, then the counts (a line or a table)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from newsdigest.ingest.outcomes import WOULD_WRITE, WRITTEN, IngestReport, Outcome, printable, show_path


def page_path(path: Path, outcome: Outcome) -> str:
    """The page an outcome is about: the input file, or the page inside it (a JSON Lines record)."""
    return printable(str(path) if outcome.label == path.name else str(path.parent / outcome.label))


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
                # the input's path, not only its name: two folders' index.html are two pages
                print(f"  {show_path(outcome.path)}  <- {page_path(report.input, outcome)}{note}", file=out)
            else:
                print(f"  {page_path(report.input, outcome)}: {outcome.message}", file=out)
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

    where = f" into {show_path(out_dir)}" if out_dir is not None else ""
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
