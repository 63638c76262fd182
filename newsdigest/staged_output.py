"""A one-shot build's rendered files, put on disk as they are rendered instead of held until the write.

Holding every rendered page until the write made a build's memory grow with its output (8.9 GB of pages at
100,000 articles). `StagedFiles` takes each file as it is rendered: a file that output/ already holds byte for
byte is only noted; any other is listed in the journal (newsdigest.journal) and written to its temporary name
beside its target (newsdigest.fileio.temp_path), a few megabytes at a time. Nothing the reader sees changes
until `commit` renames them all into place, after every page has rendered; `discard` removes them instead.
So a build that fails leaves output/ as it was, and one that is killed leaves only temporary files its
journal names, which the next build removes when it takes the folder (journal.writing_into). Files edited by
hand since a build wrote them are copied aside by `commit` before the first rename (newsdigest.hand_edits).

It is used where `write_files` would be given a dict of bytes: by `render.render_site` (through
newsdigest.build) and by a split build's child (newsdigest.split_build), each for its own share.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import NamedTuple

from newsdigest.caches import KEPT
from newsdigest.fileio import safe_output_name, temp_name, temp_path, write_temp_file
from newsdigest.hand_edits import Backup, HandEdits
from newsdigest.journal import append_to_journal, drop_journal, interrupted_build_left_files, remove_empty_parents
from newsdigest.output import FOREIGN, UNCHANGED, Manifest, ManifestEntry, WriteReport, file_state
from newsdigest.output_check import foreign_files_problem
from newsdigest.problems import NewsdigestError

FLUSH_BYTES = 4 * 1024 * 1024   # rendered bytes held before they are journalled and written to temporary files


class _Staged(NamedTuple):
    path: str               # the target's absolute path (a Path object for each of a big site's files took 1 KB)
    digest: str
    size: int
    # "pending" (bytes held), "written" (in its temporary file), "unchanged", "kept", or "foreign": someone
    # else's file is in the way (the bytes are held; `commit` refuses, and the path stays listed, so that a
    # split build's check of every path before either process writes sees it)
    state: str
    data: bytes | None      # while pending, or foreign
    mtime_ns: int = -1      # unchanged: the file's modification time then (a later one is an edit since)

    @property
    def target(self) -> Path:
        return Path(self.path)


class StagedFiles(MutableMapping):
    """{path relative to output/: bytes}, as `write_files` takes it, whose bytes go to disk as they come.

    `previous` is the manifest of what earlier builds made in output_dir (Output.previous). The folder must
    be held (journal.writing_into) before the first file is set. A value may also be caches.KEPT (a page
    output/ already holds as it would be rendered): it is remembered, not written (see `kept`). With `edits`,
    `commit` copies the files about to be replaced that were edited since a build wrote them aside first.

    As a context manager (newsdigest.build holds it with the output folder), leaving the block before `commit`
    began discards what was staged, and drops the journal too when there was none before: nothing was put
    in place, by this process or a split build's child (which writes only once the parent is writing).
    """

    def __init__(self, output_dir: Path, previous: Manifest, flush_bytes: int = FLUSH_BYTES,
                 edits: HandEdits | None = None):
        self.dir = output_dir.resolve()
        self.previous = previous
        self.edits = edits
        self.flush_bytes = flush_bytes
        self._files: dict[str, _Staged] = {}
        self._pending: list[str] = []
        self._pending_bytes = 0
        self._checked_dirs: set[str] = set()
        self._pid = os.getpid()
        self._journal_was_there = interrupted_build_left_files(self.dir)
        self._committing = False
        self._backups: list[Backup] | None = None   # the edited files copied aside, once `prepare` has run
        self._others_write = False                  # see `others_write`

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(self, *exc_info) -> None:
        if not self._committing:
            self.discard()
            if not self._journal_was_there and not self._others_write:
                drop_journal(self.dir)

    def others_write(self) -> None:
        """Note that another process (a split build's child) now puts its files in place, journalled here too: the
        journal then stays even if this share is discarded, for the next build to find what that process wrote."""
        self._others_write = True

    # -- the mapping -------------------------------------------------------------------------------
    def __setitem__(self, relative: str, data) -> None:
        if relative in self._files:
            self._drop(relative)
        if data is KEPT:  # nothing is written to it (a build after an edit keeps most files): no path to check
            self._files[relative] = _KEPT
            return
        target = safe_output_name(self.dir, relative, self._checked_dirs)
        state, digest, stat = file_state(target, data, self.previous.get(relative))
        if state == FOREIGN:
            self._files[relative] = _Staged(target, digest, len(data), "foreign", data)
            return
        if state == UNCHANGED:
            self._files[relative] = _Staged(target, digest, len(data), "unchanged", None, stat.st_mtime_ns)
            return
        self._files[relative] = _Staged(target, digest, len(data), "pending", data)
        self._pending.append(relative)
        self._pending_bytes += len(data)
        if self._pending_bytes >= self.flush_bytes:
            self.flush()

    def __getitem__(self, relative: str):
        staged = self._files[relative]
        if staged.state == "kept":
            return KEPT
        if staged.state in ("pending", "foreign"):
            return staged.data
        source = temp_path(staged.target, self._pid) if staged.state == "written" else staged.target
        return source.read_bytes()

    def __delitem__(self, relative: str) -> None:
        if relative not in self._files:
            raise KeyError(relative)
        self._drop(relative)

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    # -- staging -----------------------------------------------------------------------------------
    def kept(self) -> list[str]:
        """The paths set to KEPT, taken out of this mapping (the build keeps their manifest entries)."""
        paths = [relative for relative, staged in self._files.items() if staged.state == "kept"]
        for relative in paths:
            del self._files[relative]
        return paths

    def flush(self) -> None:
        """Journal the files rendered since the last flush, then write each to its temporary file."""
        pending, self._pending, self._pending_bytes = self._pending, [], 0
        pending = [relative for relative in pending if self._files.get(relative, _NONE).state == "pending"]
        if not pending:
            return
        append_to_journal(self.dir, [(relative, self._files[relative].digest) for relative in pending])
        for relative in pending:
            staged = self._files[relative]
            temp = temp_name(staged.path, self._pid)
            try:
                write_temp_file(temp, staged.data)
            except OSError as err:  # named by its target, as a full disk says which page it was writing
                # (a file where its folder should be fails here too: the write's error is the one to report)
                _remove_quietly(Path(temp))
                blocking = next((folder for folder in staged.target.parents if folder.is_file()), None) \
                    if isinstance(err, NotADirectoryError) else None
                reason = f"{blocking} is a file where a folder must be" if blocking else err.strerror
                raise OSError(err.errno, reason, str(staged.target)) from err
            self._files[relative] = staged._replace(state="written", data=None)

    def prepare(self) -> None:
        """Everything before the first rename: the check for files of someone else's (NewsdigestError), every
        staged file written to its temporary file (OSError: a full disk), the edited files copied aside (OSError,
        see HandEdits.save_if_edited). When any of it fails, everything staged is removed and nothing was renamed."""
        if self._backups is not None:
            return
        foreign = sorted(relative for relative, staged in self._files.items() if staged.state == "foreign")
        if foreign:
            self.discard()
            raise NewsdigestError(foreign_files_problem(self.dir, foreign))
        try:
            self.flush()
            # A folder where a file goes fails its rename: found now, before any rename, output/ stays whole
            for staged in self._files.values():
                if staged.state == "written" and os.path.isdir(staged.path):
                    raise OSError(errno.EISDIR, "a folder is where this file must be written", staged.path)
            self._backups = self._save_edited()   # every copy before the first rename
        except (OSError, NewsdigestError):
            self.discard()
            raise

    def commit(self) -> WriteReport:
        """Rename every staged file into place (after `prepare`, which it runs when it has not run) and report as
        `write_files` does."""
        self.prepare()
        self._committing = True
        report = WriteReport(backups=self._backups or [])
        for relative in sorted(self._files):
            staged = self._files[relative]
            if staged.state == "kept":
                continue
            if staged.state == "written":
                try:
                    os.replace(temp_name(staged.path, self._pid), staged.path)
                except OSError as err:
                    # The files already in place are in the journal, for the next build; the rest go.
                    self._files = {path: entry for path, entry in self._files.items() if path >= relative}
                    self.discard()
                    raise OSError(err.errno, err.strerror, str(staged.target)) from err
                report.written += 1
                report.changed_paths.append(relative)
            else:
                report.unchanged += 1
            stat = os.stat(staged.path)
            if staged.state == "unchanged" and (stat.st_size, stat.st_mtime_ns) != (staged.size, staged.mtime_ns):
                # edited while this build rendered: the next build reads it, and keeps the edit
                report.manifest[relative] = ManifestEntry.unknown([staged.digest])
                continue
            report.manifest[relative] = ManifestEntry(staged.digest, stat.st_size, stat.st_mtime_ns)
        self._files.clear()
        return report

    def _save_edited(self) -> list[Backup]:
        """Copy aside the files about to be replaced that were edited since a build wrote them. Looked at now,
        not when they were staged: an edit made while the build rendered is kept too."""
        if self.edits is None or not self.previous:  # (a build into an empty folder: nothing to look at)
            return []
        backups = []
        for relative, staged in self._files.items():
            if staged.state != "written":
                continue
            old = self.previous.get(relative)  # (none: a new file, nothing to keep)
            if old is not None and \
                    (backup := self.edits.save_if_edited(relative, staged.target, old, replacing_with=staged.digest)):
                backups.append(backup)
        return backups

    def discard(self) -> None:
        """Remove every temporary file written so far: output/ stays as it was."""
        for relative in list(self._files):
            self._drop(relative)
        self._pending, self._pending_bytes = [], 0

    def _drop(self, relative: str) -> None:
        staged = self._files.pop(relative)
        if staged.state == "written":
            temp = temp_path(staged.target, self._pid)
            _remove_quietly(temp)
            remove_empty_parents(temp.parent, self.dir)
        elif staged.state == "pending":  # its folder may have been made for a write that failed
            self._pending_bytes -= staged.size
            # ... and its temporary file begun, by a write that Ctrl-C stopped before the file was marked written
            _remove_quietly(temp_path(staged.target, self._pid))
            remove_empty_parents(staged.target.parent, self.dir)


def _remove_quietly(temp: Path) -> None:
    """Remove a temporary file if it is there. Where its folder is a file ("Not a directory") or on a read-only
    file system there is none (its write failed the same way), and the error that led here is the one to report,
    not this one (a read-only folder's unlink put a traceback of the render child's clean-up first). Any other
    failure is raised: the file may be there, and the journal that lists it must stay for the next build."""
    try:
        temp.unlink(missing_ok=True)
    except (NotADirectoryError, IsADirectoryError):
        pass
    except OSError as err:
        if err.errno != errno.EROFS:
            raise


_NONE = _Staged("", "", 0, "", None)
_KEPT = _Staged("", "", 0, "kept", None)

