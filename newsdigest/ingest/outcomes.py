"""What happened to each page an ingest read: written (or would be, in a dry run), skipped or failed, and why;
gathered per input file (`IngestReport`) for the summary (summary.py) and the watcher's log."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

WRITTEN, WOULD_WRITE, SKIPPED, FAILED = "written", "would write", "skipped", "failed"


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
        parts = [f"{o.status} {show_path(o.path)}" if o.status in (WRITTEN, WOULD_WRITE) else f"{o.status}: {o.message}"
                 for o in self.outcomes]
        return "; ".join(parts) or "nothing found"


def show_path(path: Path) -> str:
    """A path as the summary shows it: relative to the working folder when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
