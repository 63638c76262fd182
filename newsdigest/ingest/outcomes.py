"""What happened to each page an ingest read: written (or would be, in a dry run), skipped or failed, and why;
gathered per input file (`IngestReport`) for the summary (summary.py) and the watcher's log."""

from __future__ import annotations

import re

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
        """One line for logs: "written 2025/03/x.md", "skipped: already ingested as ...", "failed: file is empty";
        each led by its record's line in a file of records ("line 2 failed: invalid JSON ...")."""
        parts = [_where(o.label, self.input.name) + (f"{o.status} {show_path(o.path)}" if o.status in (
            WRITTEN, WOULD_WRITE) else f"{o.status}: {o.message}") for o in self.outcomes]
        return "; ".join(parts) or "nothing found"


def _where(label: str, file_name: str) -> str:
    """ "line 2 " for the outcome of a file's record labelled "feed.jsonl:2" (in a JSON file "record 2 ", in a feed
    "item 2 "), "" for the file's only page."""
    place = label.removeprefix(file_name)
    if not (place.startswith(":") and place[1:].isdigit()):
        return ""
    suffix = Path(file_name.lower().removesuffix(".gz")).suffix
    return f"{'line' if suffix in _LINES_SUFFIXES else 'record' if suffix == '.json' else 'item'} {place[1:]} "


_LINES_SUFFIXES = (".jsonl", ".jl", ".jsonlines", ".ndjson")


def show_path(path: Path) -> str:
    """A path as the summary shows it: relative to the working folder when it is below it (`printable`)."""
    try:
        return printable(str(path.resolve().relative_to(Path.cwd())))
    except ValueError:
        return printable(str(path))


# Characters of a file name that would act on the terminal instead of being shown (a newline splitting a log
# line, an escape sequence, a direction override turning the name around) or that no terminal can show (an
# undecodable byte), shown as their escapes: "bad\x1b[31mname.txt".
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` with every character that would act on the terminal, or that it cannot show, as its escape."""
    return _UNPRINTABLE.sub(lambda found: _escape(ord(found[0])), text)


def _escape(code: int) -> str:
    if 0xDC80 <= code <= 0xDCFF:   # an undecodable byte of a file name, as Python keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
