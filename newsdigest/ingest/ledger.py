"""What ingest has written into a content folder, kept in `content/.newsdigest-ingested.jsonl`: one line per
article written, with its `ingest_hash`, outlet and file. An article deleted from the folder (or whose front
matter an edit broke) is then not written again when the same page comes back, as an inbox ingested every day
brings it: ingest says it was written before and where, and `--force` writes it again."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from newsdigest.fileio import write_all

LEDGER_NAME = ".newsdigest-ingested.jsonl"


@dataclass(frozen=True)
class Written:
    """One article ingest wrote: its ingest hash, its outlet, its file relative to the content folder."""

    digest: str
    source: str
    file: str
    url: str = ""   # the page's address, when known: the same page comes back with its text updated


@dataclass
class IngestLedger:
    """The articles ingest has written into one content folder, by ingest hash."""

    root: Path
    by_hash: dict[str, list[Written]] = field(default_factory=dict)
    by_url: dict[str, list[Written]] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path) -> IngestLedger:
        """The folder's ledger; a line that cannot be read (a half-written one, a hand edit) is passed over."""
        ledger = cls(root)
        try:
            lines = (root / LEDGER_NAME).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ledger
        for line in lines:
            try:
                entry = json.loads(line)
                written = Written(str(entry["hash"]), str(entry.get("source") or ""), str(entry["file"]),
                                  str(entry.get("url") or ""))
            except (ValueError, KeyError, TypeError, AttributeError):
                continue
            ledger._remember(written)
        return ledger

    def _remember(self, written: Written) -> None:
        self.by_hash.setdefault(written.digest, []).append(written)
        if written.url:
            self.by_url.setdefault(written.url, []).append(written)

    def record(self, digest: str, source: str, path: Path, url: str = "") -> None:
        """Note an article just written (one appended line: a killed ingest leaves at most that line half). The
        article is written whatever happens here: a line that cannot be written (a full disk, a file reached
        through a symlink out of the folder) only forgets it."""
        try:
            written = Written(digest, source, path.resolve().relative_to(self.root.resolve()).as_posix(), url)
        except ValueError:
            return
        self._remember(written)
        line = json.dumps({"hash": written.digest, "source": written.source, "file": written.file,
                           **({"url": url} if url else {})}, ensure_ascii=False) + "\n"
        try:
            handle = os.open(self.root / LEDGER_NAME, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o644)
            try:
                write_all(handle, line.encode("utf-8"))
            finally:
                os.close(handle)
        except OSError:
            pass

    def written_before(self, digest: str, url: str, same_outlet) -> Written | None:
        """The article written before with this ingest hash, or from the page at `url`, by an outlet
        `same_outlet(source)` accepts (the latest such)."""
        found = [*self.by_hash.get(digest, ()), *(self.by_url.get(url, ()) if url else ())]
        return next((written for written in reversed(found) if same_outlet(written.source)), None)
