"""Write stage: put rendered files into output/, touching only files whose bytes changed.

A manifest (output/.newsdigest-manifest.json) records what the last good build wrote, so the next build can remove
its own stale pages and knows it may write there. While a build writes, a journal (newsdigest.journal) lists every
file before it is renamed into place, so a build that fails or is killed half-way loses track of nothing. Files
newsdigest did not create are never overwritten or deleted; files it made and someone edited since are copied aside
first (newsdigest.hand_edits). A build writes through one `Output`; a quick update calls `update_output`.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat as file_mode
from collections.abc import Iterable, MutableMapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from newsdigest.fileio import atomic_write, json_object_pieces, safe_output_path
from newsdigest.hand_edits import Backup, HandEdits
from newsdigest.journal import (MANIFEST_NAME, append_to_journal, drop_journal, folder_stamp, read_journal,
                                remove_empty_parents, writing_into)
from newsdigest.output_check import foreign_files_problem
from newsdigest.problems import NewsdigestError, Problem


class ManifestEntry(NamedTuple):
    """What the manifest records of one file newsdigest wrote (a JSON list [digest, size, mtime_ns] in the file)."""

    digest: str      # SHA-1 of the file's bytes (of unknown state: each version newsdigest may have left, see `made`)
    size: int        # -1: of unknown state
    mtime_ns: int

    @classmethod
    def parse(cls, value) -> ManifestEntry:
        """The entry a manifest file holds; UNKNOWN for one this version cannot read (a tampered manifest)."""
        if isinstance(value, list) and len(value) == 3 and isinstance(value[0], str) \
                and all(type(number) is int for number in value[1:]):
            return cls(*value)
        return UNKNOWN

    @classmethod
    def unknown(cls, digests) -> ManifestEntry:
        """The entry of a file newsdigest made whose state is not known, which holds one of these versions unless
        edited since (a file a failed build's journal lists: the last good build's bytes, or that build's)."""
        return cls(" ".join(sorted(set(digests) - {""})), -1, -1)

    def describes(self, stat: os.stat_result) -> bool:
        """Whether the file on disk still has the size and time this entry recorded."""
        return self.size == stat.st_size and self.mtime_ns == stat.st_mtime_ns

    def made(self, digest: str) -> bool:
        """Whether bytes of this SHA-1 are a version newsdigest left in the file (not an edit made since)."""
        return digest in self.digest.split(" ")


# A file newsdigest made whose state is not known at all (an entry of a tampered manifest): its bytes are
# compared, never trusted, and any other than those about to be written are kept as an edit.
UNKNOWN = ManifestEntry.unknown(())

# path relative to output/ -> its entry: a dict, or a staged share's (newsdigest.staged_output.StagedManifest)
Manifest = MutableMapping[str, ManifestEntry]


@dataclass
class WriteReport:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    changed_paths: list[str] = field(default_factory=list)   # written or removed, relative to output/
    backups: list[Backup] = field(default_factory=list)      # edited files copied aside before (newsdigest.hand_edits)
    manifest: Manifest = field(default_factory=dict, repr=False)  # what output/ holds (see MANIFEST_NAME)


class OutputChanged(NewsdigestError):
    """Another build wrote into the output folder while this one rendered from what was there before."""


class Output:
    """One build's writing into output_dir, from the first file to the manifest. Use as a context manager.

    `previous` (read when first needed) is what earlier builds made there: the last good build's manifest,
    or `kept`, a builder's fresher copy after quick updates (see `previous_manifest`). `lock()` holds the
    folder (see journal.writing_into) before the first file is written; `write(files)` writes a share of
    the build, `add(report)` counts a share another process wrote (see newsdigest.split_build); `finish()`
    removes what earlier builds made and this one did not, writes the manifest and drops the journal.
    Leaving the block closes what `hold` was given (another share's writer), then releases the folder.
    `edits` is where files edited by hand since a build wrote them are copied before they are touched.
    """

    def __init__(self, output_dir: Path, kept: Manifest | None = None, edits: HandEdits | None = None):
        self.dir = output_dir.resolve()
        self.edits = edits
        self.report = WriteReport()
        self._kept = kept
        self._previous: Manifest | None = None
        self._previous_stamp: tuple | None = None   # the folder when `previous` was read (journal.folder_stamp)
        self._stack = ExitStack()
        self._lock = ExitStack()
        self._locked = False

    def __enter__(self) -> Output:
        self._stack.enter_context(self._lock)  # entered first, so left last: after every held writer
        return self

    def __exit__(self, *exc_info) -> bool:
        return self._stack.__exit__(*exc_info)

    @property
    def previous(self) -> Manifest:
        return self.read_previous()

    def read_previous(self) -> Manifest:
        """What earlier builds made here, read the first time it is asked for."""
        if self._previous is None:
            for _ in range(3):   # (read again when a build ended while it was read: the two would disagree)
                stamp = folder_stamp(self.dir)
                self._previous = previous_manifest(self.dir, self._kept)
                if folder_stamp(self.dir) == stamp:
                    break
            self._previous_stamp = stamp
        return self._previous

    def hold(self, writer):
        """Enter `writer` (a context manager) so that it is left before the folder is released."""
        return self._stack.enter_context(writer)

    def lock(self) -> None:
        """Hold the folder (journal.writing_into) until the block is left; a second call changes nothing."""
        if not self._locked:
            self._lock.enter_context(writing_into(self.dir))
            self._locked = True
            if self._previous is not None and folder_stamp(self.dir) != self._previous_stamp:
                # Another build wrote here since this one read what earlier builds made (`serve` rendering while a
                # `build --drafts` ran): its files would be taken for hand edits or for someone else's, for good.
                raise OutputChanged(Problem(self.dir, "another newsdigest build wrote into this output folder while "
                                            "this one was rendering; build again"))

    def refuse_foreign(self, paths: Iterable[str]) -> None:
        """For shares written at once: raise before any starts when a path is taken by someone else's file."""
        refuse_foreign_files(self.dir, paths, self.previous)

    def write(self, files: dict[str, bytes]) -> None:
        self.add(write_files(self.dir, files, self.previous, self.edits))

    def add(self, report: WriteReport) -> None:
        merge_reports(self.report, report)

    def keep(self, paths: Iterable[str]) -> None:
        """Files this build did not render because output/ already holds them byte for byte as they would be
        (see newsdigest.caches, KEPT): left as they are, and listed in the manifest as before."""
        report = WriteReport()
        for relative in paths:
            report.manifest[relative] = self.previous[relative]
            report.unchanged += 1
        self.add(report)

    def finish(self) -> None:
        finish_output(self.dir, self.report, self.previous, self.edits)


def write_output(output_dir: Path, files: dict[str, bytes], previous: Manifest | None = None,
                 edits: HandEdits | None = None) -> WriteReport:
    """Write `files` (relative POSIX path -> bytes) under output_dir; remove files of the last build not in it.

    `previous` is the manifest of the last write, when the caller kept it (fresher than the file after quick
    updates); by default the manifest file is read. Entries must only ever name files this tool wrote. With
    `edits`, files edited since they were written are copied there first (see `Output`).
    """
    with Output(output_dir, previous, edits) as output:
        output.lock()
        output.write(files)
        output.finish()
    return output.report


def previous_manifest(output_dir: Path, kept: Manifest | None = None) -> Manifest:
    """What earlier builds wrote into output_dir: the last good build's manifest (or `kept`, a builder's copy,
    while the manifest file is there), plus every file a failed or killed build since listed in its journal.

    Journal entries are of unknown state (`ManifestEntry.unknown`): such a file may have been rewritten since
    the manifest described it, with the bytes the journal names or (a failed write) not.
    """
    output_dir = output_dir.resolve()
    if kept is None or not (output_dir / MANIFEST_NAME).is_file():
        kept = _read_manifest(output_dir)
    journal = read_journal(output_dir)
    if not journal:
        return kept
    versions: dict[str, set[str]] = {}
    for _, relative, digest in journal:
        versions.setdefault(relative, set(kept[relative].digest.split(" ")) if relative in kept else set()).add(digest)
    return {**kept, **{relative: ManifestEntry.unknown(digests) for relative, digests in versions.items()}}


def write_files(output_dir: Path, files: dict[str, bytes], previous: Manifest,
                edits: HandEdits | None = None) -> WriteReport:
    """Write those of `files` whose bytes differ from what output_dir holds; nothing is removed.

    `previous` (see `previous_manifest`) names the files earlier builds made: a file of `files` that
    exists but is not listed there belongs to someone else, and then nothing is written (NewsdigestError).
    With `edits`, a file of theirs edited since is copied aside before anything is written (newsdigest.hand_edits).
    Files are listed in the journal before any is renamed into place. The report's manifest lists exactly `files`.
    Processes may each write a share of a build so (newsdigest.split_build); `finish_output` then completes it.
    """
    output_dir = output_dir.resolve()
    report = WriteReport()
    manifest = report.manifest
    output_dir.mkdir(parents=True, exist_ok=True)
    checked_dirs: set[str] = set()
    to_write: list[tuple[str, Path, bytes, str]] = []
    foreign: list[str] = []
    rewritten: list[tuple[str, Path, os.stat_result, str]] = []   # files earlier builds made, written over
    for relative, data in sorted(files.items()):
        target = safe_output_path(output_dir, relative, checked_dirs)
        old = previous.get(relative)
        state, digest, stat = file_state(target, data, old)
        if state == FOREIGN:
            foreign.append(relative)
            continue
        if state == UNCHANGED:
            report.unchanged += 1
        else:
            to_write.append((relative, target, data, digest))
            manifest[relative] = UNKNOWN  # filled in below, keeping the sorted order
            if stat is not None and old is not None and not old.describes(stat):  # else not edited: no read
                rewritten.append((relative, target, stat, digest))
            continue
        manifest[relative] = ManifestEntry(digest, stat.st_size, stat.st_mtime_ns)
    if foreign:
        raise NewsdigestError(foreign_files_problem(output_dir, foreign))
    if edits is not None:
        for relative, target, stat, digest in rewritten:
            if backup := edits.save_if_edited(relative, target, previous[relative], stat, digest):
                report.backups.append(backup)
    append_to_journal(output_dir, [(relative, digest) for relative, _, _, digest in to_write])
    for relative, target, data, digest in to_write:
        manifest[relative] = _write_file(target, data, digest)
        report.written += 1
        report.changed_paths.append(relative)
    return report


FOREIGN, UNCHANGED, CHANGED = "foreign", "unchanged", "changed"


def file_state(target: Path | str, data: bytes, old: ManifestEntry | None) -> tuple[str, str, os.stat_result | None]:
    """(state, SHA-1 of `data`, the target's stat) for a file about to be written to `target`, where `old` is
    its entry in the manifest of earlier builds: FOREIGN when a file newsdigest did not make is in the way,
    UNCHANGED when the target already holds `data` (by the manifest's digest, size and time, else by its bytes),
    otherwise CHANGED."""
    digest = hashlib.sha1(data).hexdigest()
    # One lstat where no file or a plain file is there (nearly always); a symlink's target is then looked up.
    try:
        stat = os.lstat(target)
    except (FileNotFoundError, NotADirectoryError):
        stat = None
    is_link = stat is not None and file_mode.S_ISLNK(stat.st_mode)
    if is_link:
        try:
            stat = os.stat(target)
        except (FileNotFoundError, NotADirectoryError):
            stat = None
    if old is None and (stat or is_link):
        return FOREIGN, digest, stat
    if stat and (old is not None and old.digest == digest and old.describes(stat)
                 or stat.st_size == len(data) and Path(target).read_bytes() == data):
        return UNCHANGED, digest, stat
    return CHANGED, digest, stat


def refuse_foreign_files(output_dir: Path, paths: Iterable[str], previous: Manifest) -> None:
    """Raise NewsdigestError when any of `paths` (relative to output_dir) is taken by a file no newsdigest
    build made (not in `previous`): for a build whose processes write at once, before any of them starts."""
    output_dir = output_dir.resolve()
    prefix = f"{output_dir}{os.sep}"   # (joined as strings: a Path for each of a big site's files took 0.1 s more)
    foreign = sorted({relative for relative in paths
                      if relative not in previous and os.path.lexists(prefix + relative)})
    if foreign:
        raise NewsdigestError(foreign_files_problem(output_dir, foreign))


def merge_reports(report: WriteReport, other: WriteReport) -> None:
    """Add another share's `write_files` report to this one (the shares write different files); the first share's
    manifest is taken as it is, not copied."""
    report.written += other.written
    report.unchanged += other.unchanged
    report.changed_paths.extend(other.changed_paths)
    report.backups.extend(other.backups)
    if report.manifest:
        report.manifest.update(other.manifest)
    else:
        report.manifest = other.manifest


def finish_output(output_dir: Path, report: WriteReport, previous: Manifest, edits: HandEdits | None = None) -> None:
    """After every share is written: remove earlier builds' files this one did not make (copying those edited
    since aside first, with `edits`), write the manifest, and drop the journal (the manifest now lists every
    file of newsdigest's in output_dir)."""
    output_dir = output_dir.resolve()
    stale = sorted(relative for relative in previous if relative not in report.manifest)
    remove_stale(output_dir, [(relative, previous[relative]) for relative in stale], report, edits)
    _write_manifest(output_dir, report.manifest)
    drop_journal(output_dir)
    if edits is not None:
        edits.mark_done()


def update_output(output_dir: Path, manifest: Manifest, changed: dict[str, bytes],
                  removed: set[str] = frozenset(), edits: HandEdits | None = None) -> WriteReport:
    """Write a few files and remove a few, given the manifest of the last `write_output` (updated in place).

    For quick updates: only the named files are looked at, so the cost does not grow with the site.
    Files are removed only when the manifest says this tool wrote them; a new file never replaces one
    it did not write. The manifest file is rewritten only when files came or went; until it is, the journal
    keeps listing the files rewritten since, with their digests, so that the next full build (in another
    process, should this one stop first) compares their bytes instead of trusting the outdated entries, and
    knows them for newsdigest's. With `edits`, files edited since they were written are copied there first.
    """
    with writing_into(output_dir):
        return _update_output(output_dir.resolve(), manifest, changed, removed, edits)


def _update_output(output_dir: Path, manifest: Manifest, changed: dict[str, bytes],
                   removed: set[str], edits: HandEdits | None) -> WriteReport:
    report = WriteReport(manifest=manifest)
    listed = set(manifest)
    checked_dirs: set[str] = set()
    targets = {relative: safe_output_path(output_dir, relative, checked_dirs) for relative in sorted(changed)}
    refuse_foreign_files(output_dir, [relative for relative in targets if relative not in listed], manifest)
    digests = {relative: hashlib.sha1(changed[relative]).hexdigest() for relative in targets}
    to_write = []
    for relative, target in targets.items():
        data = changed[relative]
        try:
            stat = target.stat()
        except FileNotFoundError:
            stat = None
        if stat is not None and stat.st_size == len(data) and target.read_bytes() == data:
            report.unchanged += 1
            manifest[relative] = ManifestEntry(digests[relative], stat.st_size, stat.st_mtime_ns)
            continue
        if edits is not None and (backup := edits.save_if_edited(relative, target, manifest.get(relative), stat,
                                                                 digests[relative])):
            report.backups.append(backup)
        to_write.append(relative)
    append_to_journal(output_dir, [(relative, digests[relative]) for relative in to_write])
    for relative in to_write:
        manifest[relative] = _write_file(targets[relative], changed[relative], digests[relative])
        report.written += 1
        report.changed_paths.append(relative)
    gone = sorted(relative for relative in removed if relative in manifest and relative not in changed)
    remove_stale(output_dir, [(relative, manifest.pop(relative)) for relative in gone], report, edits)
    if gone or any(relative not in listed for relative in changed):
        _write_manifest(output_dir, manifest)
        drop_journal(output_dir)
    return report


def _write_file(target: Path, data: bytes, digest: str) -> ManifestEntry:
    atomic_write(target, data)
    stat = target.stat()
    return ManifestEntry(digest, stat.st_size, stat.st_mtime_ns)


def remove_stale(output_dir: Path, stale_files: list[tuple[str, ManifestEntry]], report: WriteReport,
                 edits: HandEdits | None) -> None:
    """Remove files earlier builds made (each a regular file; a hand-edited one copied aside first)."""
    for relative, entry in stale_files:
        try:
            stale = safe_output_path(output_dir, relative)
        except NewsdigestError:
            continue  # a tampered manifest must not make us delete anything outside output/
        try:
            stat = stale.stat()
        except OSError:  # gone already (or unreadable, as Path.is_file would tell)
            continue
        if file_mode.S_ISREG(stat.st_mode):
            if edits is not None and (backup := edits.save_if_edited(relative, stale, entry, stat, removing=True)):
                report.backups.append(backup)
            stale.unlink()
            report.removed += 1
            report.changed_paths.append(relative)
            remove_empty_parents(stale.parent, output_dir)


def _write_manifest(output_dir: Path, manifest: Manifest) -> None:
    # Compact and unsorted: the manifest is read by this tool only, and quick updates rewrite it whole.
    atomic_write(output_dir / MANIFEST_NAME, json_object_pieces(manifest))


def _read_manifest(output_dir: Path) -> Manifest:
    try:
        data = json.loads((output_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {relative: ManifestEntry.parse(entry) for relative, entry in data.items()} if isinstance(data, dict) else {}
