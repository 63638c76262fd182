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
from collections.abc import Iterable, Iterator, MutableMapping
from array import array
from pathlib import Path

from newsdigest.caches import KEPT
from newsdigest.fileio import CheckedFolders, safe_output_name, temp_name, write_temp_file
from newsdigest.hand_edits import Backup, HandEdits
from newsdigest.journal import append_to_journal, drop_journal, interrupted_build_left_files, remove_empty_parents
from newsdigest.output import FOREIGN, UNCHANGED, Manifest, ManifestEntry, WriteReport, file_state, remove_stale
from newsdigest.output_check import foreign_files_problem
from newsdigest.problems import NewsdigestError

FLUSH_BYTES = 4 * 1024 * 1024   # rendered bytes held before they are journalled and written to temporary files

# What became of a staged file (one byte each in `StagedFiles._states`)
_PENDING = 0     # its bytes held, to be written at the next flush
_WRITTEN = 1     # in its temporary file
_UNCHANGED = 2   # output/ holds these bytes already (its modification time is kept: a later one is an edit since)
_KEPT = 3        # caches.KEPT: a page output/ already holds as it would be rendered; nothing to check or write
# someone else's file is in the way: the bytes are held, `commit` refuses, and the path stays listed so that a
# split build's check of every path before either process writes sees it
_FOREIGN = 4
_DROPPED = 5     # replaced or removed: its record is a hole, no path refers to it
_DIGEST_BYTES = 20  # a SHA-1, kept as bytes (its 40 hexadecimal digits are written out where they are needed)


class StagedFiles(MutableMapping):
    """{path relative to output/: bytes}, as `write_files` takes it, whose bytes go to disk as they come.

    `previous` is the manifest of what earlier builds made in output_dir (Output.previous). The folder must
    be held (journal.writing_into) before the first file is set. A value may also be caches.KEPT (a page
    output/ already holds as it would be rendered): it is remembered, not written (see `kept`). With `edits`,
    `commit` copies the files about to be replaced that were edited since a build wrote them aside first.

    As a context manager (newsdigest.build holds it with the output folder), leaving the block before `commit`
    began discards what was staged, and drops the journal too when there was none before: nothing was put
    in place, by this process or a split build's child (which writes only once the parent is writing).

    A build of a million articles stages more than two million files, and what it keeps of each until the commit
    is most of what its memory grows by while rendering. So each file is a record number in parallel arrays of its
    SHA-1 (as bytes), size, modification time and state, and its absolute path is made again from the folder and
    its relative path when needed: about 250 bytes a file with the path itself, where a tuple of Python objects of
    each took about 670.
    """

    def __init__(self, output_dir: Path, previous: Manifest, flush_bytes: int = FLUSH_BYTES,
                 edits: HandEdits | None = None):
        self.dir = output_dir.resolve()
        self.previous = previous
        self.edits = edits
        self.flush_bytes = flush_bytes
        self._records: dict[str, int] = {}   # relative path -> record number in the arrays below
        self._digests = bytearray()
        self._sizes = array("q")
        self._mtimes = array("q")            # of an unchanged file, else -1
        self._states = bytearray()
        self._held: dict[int, bytes] = {}    # record number -> bytes, while pending, or foreign
        self._odd_targets: dict[int, str] = {}  # record number -> target, where it is not the folder + "/" + path
        self._top = str(self.dir)
        self._pending: list[str] = []
        self._pending_bytes = 0
        self._checked_dirs = CheckedFolders()
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
        if relative in self._records:
            self._drop(relative)
        if data is KEPT:  # nothing is written to it (a build after an edit keeps most files): no path to check
            self._records[relative] = self._new_record(bytes(_DIGEST_BYTES), 0, _KEPT)
            return
        target = safe_output_name(self.dir, relative, self._checked_dirs)
        state, digest, stat = file_state(target, data, self.previous.get(relative))
        code = _FOREIGN if state == FOREIGN else _UNCHANGED if state == UNCHANGED else _PENDING
        number = self._records[relative] = self._new_record(bytes.fromhex(digest), len(data), code,
                                                            stat.st_mtime_ns if code == _UNCHANGED else -1)
        if target != self._top + "/" + relative:
            self._odd_targets[number] = target
        if code == _UNCHANGED:
            return
        self._held[number] = data
        if code == _PENDING:
            self._pending.append(relative)
            self._pending_bytes += len(data)
            if self._pending_bytes >= self.flush_bytes:
                self.flush()

    def __getitem__(self, relative: str):
        number = self._records[relative]
        state = self._states[number]
        if state == _KEPT:
            return KEPT
        if state in (_PENDING, _FOREIGN):
            return self._held[number]
        target = self._target(number, relative)
        return Path(temp_name(target, self._pid) if state == _WRITTEN else target).read_bytes()

    def __delitem__(self, relative: str) -> None:
        if relative not in self._records:
            raise KeyError(relative)
        self._drop(relative)

    def __iter__(self) -> Iterator[str]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    def _new_record(self, digest: bytes, size: int, state: int, mtime_ns: int = -1) -> int:
        self._digests += digest
        self._sizes.append(size)
        self._mtimes.append(mtime_ns)
        self._states.append(state)
        return len(self._states) - 1

    def _target(self, number: int, relative: str) -> str:
        """The absolute path a record is staged for."""
        return self._odd_targets.get(number) or self._top + "/" + relative

    def _digest(self, number: int) -> str:
        return self._digests[number * _DIGEST_BYTES:(number + 1) * _DIGEST_BYTES].hex()

    def _in_state(self, *states: int) -> Iterator[tuple[str, int]]:
        """(relative path, record number) of every file staged in one of `states`."""
        return ((relative, number) for relative, number in self._records.items() if self._states[number] in states)

    # -- staging -----------------------------------------------------------------------------------
    def kept(self) -> list[str]:
        """The paths set to KEPT, taken out of this mapping (the build keeps their manifest entries)."""
        paths = [relative for relative, _ in self._in_state(_KEPT)]
        for relative in paths:
            self._drop(relative)
        return paths

    def flush(self) -> None:
        """Journal the files rendered since the last flush, then write each to its temporary file."""
        pending, self._pending, self._pending_bytes = self._pending, [], 0
        # (a path set again before this flush is listed twice: its one record is written once)
        pending = [(relative, self._records[relative]) for relative in dict.fromkeys(pending)
                   if relative in self._records and self._states[self._records[relative]] == _PENDING]
        if not pending:
            return
        append_to_journal(self.dir, [(relative, self._digest(number)) for relative, number in pending])
        for relative, number in pending:
            target = self._target(number, relative)
            temp = temp_name(target, self._pid)
            try:
                write_temp_file(temp, self._held[number])
            except OSError as err:  # named by its target, as a full disk says which page it was writing
                # (a file where its folder should be fails here too: the write's error is the one to report)
                _remove_quietly(Path(temp))
                blocking = next((folder for folder in Path(target).parents if folder.is_file()), None) \
                    if isinstance(err, NotADirectoryError) else None
                reason = f"{blocking} is a file where a folder must be" if blocking else err.strerror
                raise OSError(err.errno, reason, target) from err
            self._states[number] = _WRITTEN
            del self._held[number]

    def prepare(self) -> None:
        """Everything before the first rename: the check for files of someone else's (NewsdigestError), every
        staged file written to its temporary file (OSError: a full disk), the edited files copied aside (OSError,
        see HandEdits.save_if_edited). When any of it fails, everything staged is removed and nothing was renamed."""
        if self._backups is not None:
            return
        foreign = sorted(relative for relative, _ in self._in_state(_FOREIGN))
        if foreign:
            self.discard()
            raise NewsdigestError(foreign_files_problem(self.dir, foreign))
        try:
            self.flush()
            # A folder where a file goes fails its rename: found now, before any rename, output/ stays whole
            for relative, number in self._in_state(_WRITTEN):
                if os.path.isdir(target := self._target(number, relative)):
                    raise OSError(errno.EISDIR, "a folder is where this file must be written", target)
            self._backups = self._save_edited()   # every copy before the first rename
        except (OSError, NewsdigestError):
            self.discard()
            raise

    def commit(self) -> WriteReport:
        """Rename every staged file into place (after `prepare`, which it runs when it has not run) and report as
        `write_files` does. The report's manifest is a `StagedManifest` over these records, which are then its."""
        self.prepare()
        self._committing = True
        report = WriteReport(backups=self._backups or [])
        placed: dict[str, int] = {}   # in path order, as `write_files` lists them
        edited: dict[str, ManifestEntry] = {}
        for relative in sorted(self._records):
            number = self._records[relative]
            state, target = self._states[number], self._target(number, relative)
            if state == _KEPT:
                continue
            if state == _WRITTEN:
                try:
                    os.replace(temp_name(target, self._pid), target)
                except OSError as err:
                    # The files already in place are in the journal, for the next build; the rest go.
                    for done in [path for path in self._records if path < relative]:
                        del self._records[done]
                    self.discard()
                    raise OSError(err.errno, err.strerror, target) from err
                report.written += 1
                report.changed_paths.append(relative)
            else:
                report.unchanged += 1
            stat = os.stat(target)
            placed[relative] = number
            if state == _UNCHANGED and (stat.st_size, stat.st_mtime_ns) != (self._sizes[number], self._mtimes[number]):
                # edited while this build rendered: the next build reads it, and keeps the edit
                edited[relative] = ManifestEntry.unknown([self._digest(number)])
                continue
            self._sizes[number], self._mtimes[number] = stat.st_size, stat.st_mtime_ns
        report.manifest = StagedManifest(placed, self._digests, self._sizes, self._mtimes, edited)
        self._forget_all()
        return report

    def _save_edited(self) -> list[Backup]:
        """Copy aside the files about to be replaced that were edited since a build wrote them. Looked at now,
        not when they were staged: an edit made while the build rendered is kept too."""
        if self.edits is None or not self.previous:  # (a build into an empty folder: nothing to look at)
            return []
        backups = []
        for relative, number in self._in_state(_WRITTEN):
            old = self.previous.get(relative)  # (none: a new file, nothing to keep)
            if old is not None and (backup := self.edits.save_if_edited(
                    relative, Path(self._target(number, relative)), old, replacing_with=self._digest(number))):
                backups.append(backup)
        return backups

    def discard(self) -> None:
        """Remove every temporary file written so far: output/ stays as it was."""
        for relative in list(self._records):
            self._drop(relative)
        self._forget_all()

    def _forget_all(self) -> None:
        self._records.clear()
        self._digests, self._sizes, self._mtimes, self._states = bytearray(), array("q"), array("q"), bytearray()
        self._held.clear()
        self._odd_targets.clear()
        self._pending, self._pending_bytes = [], 0

    def _drop(self, relative: str) -> None:
        number = self._records.pop(relative)
        state, self._states[number] = self._states[number], _DROPPED
        self._held.pop(number, None)
        if state == _KEPT:
            return
        target = self._odd_targets.pop(number, None) or self._top + "/" + relative
        if state == _WRITTEN:
            temp = Path(temp_name(target, self._pid))
            _remove_quietly(temp)
            remove_empty_parents(temp.parent, self.dir)
        elif state == _PENDING:  # its folder may have been made for a write that failed
            self._pending_bytes -= self._sizes[number]
            # ... and its temporary file begun, by a write that Ctrl-C stopped before the file was marked written
            _remove_quietly(Path(temp_name(target, self._pid)))
            remove_empty_parents(Path(target).parent, self.dir)


class StagedManifest(MutableMapping):
    """The manifest of the files a `StagedFiles` put in place: {relative path: ManifestEntry}, each entry made
    when asked from the staged records' arrays (SHA-1 as bytes, size, time), and any entry set since held as it is.
    It keeps its paths in order as a dict does: a path set again stays in its place, a new one comes last.

    A dict of ManifestEntry tuples held about 250 bytes a file beside the path (the tuple, the SHA-1 in hex, two
    integers): 0.6 GB while a million-article build put its 2.3 million files in place and wrote the manifest.
    """

    def __init__(self, records: dict[str, int], digests: bytearray, sizes: array, mtimes: array,
                 entries: dict[str, ManifestEntry]):
        self._records = records     # relative path -> record number, in the manifest's order
        self._digests, self._sizes, self._mtimes = digests, sizes, mtimes
        self._entries = entries     # entries held as they are: of paths in `_records` (they win), or added since
        self._added = sum(relative not in records for relative in entries)

    def __getitem__(self, relative: str) -> ManifestEntry:
        entry = self._entries.get(relative)
        if entry is not None:
            return entry
        number = self._records[relative]
        digest = self._digests[number * _DIGEST_BYTES:(number + 1) * _DIGEST_BYTES].hex()
        return ManifestEntry(digest, self._sizes[number], self._mtimes[number])

    def __setitem__(self, relative: str, entry: ManifestEntry) -> None:
        if relative not in self._records and relative not in self._entries:
            self._added += 1
        self._entries[relative] = entry

    def __delitem__(self, relative: str) -> None:
        if relative in self._records:
            del self._records[relative]
            self._entries.pop(relative, None)
        else:
            del self._entries[relative]
            self._added -= 1

    def __contains__(self, relative: object) -> bool:
        return relative in self._records or relative in self._entries

    def __iter__(self) -> Iterator[str]:
        yield from self._records
        records = self._records
        yield from (relative for relative in self._entries if relative not in records)

    def __len__(self) -> int:
        return len(self._records) + self._added


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


def clear_the_way(output_dir: Path, paths: Iterable[str], previous: Manifest, report: WriteReport,
                  edits: HandEdits | None) -> None:
    """Remove the files earlier builds made that stand where this build's `paths` go and are none of them: a file
    where a folder must be ("old.html", where an alias now writes "old.html/amp/index.html"), or a folder holding
    only such files where a file goes. Each build failed on them until they were deleted by hand. Someone else's
    files are never touched: they stay in the way, and the build names them."""
    if not previous:
        return
    paths = list(paths)
    root = f"{output_dir.resolve()}{os.sep}"
    in_the_way: dict[str, ManifestEntry] = {}
    for relative in paths:
        parts = relative.split("/")
        for depth in range(1, len(parts)):
            if (folder := "/".join(parts[:depth])) in previous:
                in_the_way[folder] = previous[folder]
        if relative not in previous and os.path.isdir(root + relative):
            inside = [os.path.relpath(os.path.join(path, name), root).replace(os.sep, "/")
                      for path, _, names in os.walk(root + relative) for name in names]
            if inside and all(name in previous for name in inside):
                in_the_way.update((name, previous[name]) for name in inside)
    if in_the_way:   # (this build's own paths are never in the way: the set only for a site that has any)
        new = set(paths)
        remove_stale(output_dir, sorted(item for item in in_the_way.items() if item[0] not in new), report, edits)
