"""Hand edits in output/: a file newsdigest made and someone changed since is copied aside before a build
overwrites or removes it, and the build warns.

The output manifest (newsdigest.output) records each file as the build left it: the SHA-1 of its bytes, its size
and its modification time. Before any write path replaces or deletes a file the manifest lists (a one-shot build
and its render child putting staged pages in place, a watcher's full build, a quick update, the removal of stale
files), it asks `HandEdits.save_if_edited`. A file whose size and time are still the manifest's is taken as it
is, never read: a build in a folder nobody touched does no extra reads. Any other is read, and kept unless its
bytes are a version newsdigest itself left there (`ManifestEntry.made`) or the ones about to be written: it is
copied to `.newsdigest-cache/edited/<UTC time of the build>/<its path in output/>` beside the config, before
the original is touched. A copy that cannot be made stops the build with the file still in place.
"""

from __future__ import annotations

import hashlib
import os
import stat as file_mode
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from newsdigest.fileio import read_regular_file, write_all
from newsdigest.problems import NewsdigestError, Problem

EDITED_DIR = "edited"     # inside the cache folder (.newsdigest-cache): one folder of copies a build
SHOWN_EDITS = 10          # edited files named one by one in a build's warnings; the rest are counted
LOOKBACK = 3              # earlier builds' copies an edit is compared with before it is copied again
DONE_LIST = "edited-done.txt"   # in the cache folder: the builds whose copies were followed by their writes
_COPY_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


@dataclass(frozen=True)
class CopyNotice(Problem):
    """A warning that this build copied an edited output file aside: news of the build that made the copy, so a
    build with nothing to do does not tell it again (newsdigest.build_state keeps the warnings that stay true)."""


class Backup(NamedTuple):
    """One edited file a build copied aside (sent from a split build's child to the parent in its report)."""

    path: Path       # the file in output/
    copy: Path       # where its edited bytes were copied
    removed: bool    # the build removed the file (a stale page), rather than writing new bytes over it


class HandEdits:
    """Where one build copies the edited files it meets: `edited/<UTC time>/` in `cache_dir` (.newsdigest-cache
    beside the config). The time is taken when the build starts, so a split build's child, forked with this
    object, copies into the same folder; the folder is made only when a file is copied."""

    def __init__(self, cache_dir: Path, started: datetime | None = None):
        stamp = (started or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
        self.cache_dir = cache_dir.resolve()
        self.folder = self.cache_dir / EDITED_DIR / stamp
        self._earlier: list[Path] | None = None   # the latest earlier builds' folders of copies, once looked for

    def save_if_edited(self, relative: str, target: Path, entry, stat: os.stat_result | None = None,
                       replacing_with: str | None = None, removing: bool = False) -> Backup | None:
        """Copy `target` (output/`relative`, already checked to lie inside output/) aside if it was edited since
        newsdigest wrote it, and say where; None when it needs no copy.

        `entry` is its ManifestEntry (None for a path no earlier build made: nothing of newsdigest's to protect),
        `stat` its stat when the caller has just taken one, `replacing_with` the SHA-1 of the bytes about to be
        written over it (a file that already holds them loses nothing). Raises OSError when the copy fails
        (NewsdigestError when it would leave the cache folder): the caller must then leave the file alone.
        """
        if entry is None:
            return None
        if stat is None:
            try:
                stat = os.stat(target)
            except (FileNotFoundError, NotADirectoryError):
                return None
        data = edited_bytes(target, entry, stat, replacing_with)
        if data is None or self._copied_before(relative, data):
            return None
        return Backup(target, self._copy(relative, data, stat), removing)

    def _copied_before(self, relative: str, data: bytes) -> bool:
        """Whether the latest copy of this file, by one of the last `LOOKBACK` builds that copied edited files and
        went on to write over them (not one that failed), holds these very bytes: an edit made again after every
        build (analytics put into each page) is kept once, and told once. An edit that differs from the latest
        copy is copied and told, even when an older copy holds it."""
        if self._earlier is None:
            try:
                stamps = sorted((entry.name for entry in os.scandir(self.folder.parent) if entry.is_dir()),
                                reverse=True)
            except OSError:
                stamps = []
            try:
                done = set((self.cache_dir / DONE_LIST).read_text(encoding="utf-8").split())
            except (OSError, UnicodeDecodeError):
                done = set()
            self._earlier = [self.folder.parent / stamp for stamp in stamps if stamp in done][:LOOKBACK]
        parts = PurePosixPath(relative).parts
        for folder in self._earlier:
            copy = folder.joinpath(*parts)
            try:
                return copy.stat().st_size == len(data) and read_regular_file(copy) == data
            except FileNotFoundError:
                continue   # that build did not copy this file: the one before may have
            except (OSError, NewsdigestError):
                return False
        return False

    def mark_done(self) -> None:
        """Note that the build whose copies these are went on to write over the files (`_copied_before`)."""
        if self.folder.is_dir():
            with suppress(OSError), open(self.cache_dir / DONE_LIST, "a", encoding="utf-8") as done:
                done.write(self.folder.name + "\n")

    def _copy(self, relative: str, data: bytes, stat: os.stat_result) -> Path:
        parts = PurePosixPath(relative).parts   # (output paths are checked: relative, no "..")
        copy = self.folder.joinpath(*parts)
        self._make_folder(copy.parent)
        number = 1
        while True:  # a copy already there (another build the same microsecond) is never replaced
            try:
                handle = os.open(copy, _COPY_FLAGS, 0o644)
                break
            except FileExistsError:
                number += 1
                copy = self.folder.joinpath(*parts[:-1], f"{parts[-1]}.{number}")
        try:
            try:
                write_all(handle, data)
            finally:
                os.close(handle)
            os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns))   # the time of the edit, not of the copy
        except OSError as err:
            copy.unlink(missing_ok=True)   # no half copy passing for the edit
            raise OSError(err.errno, err.strerror, str(copy)) from err
        return copy

    def _make_folder(self, folder: Path) -> None:
        """Make `folder`, below the cache folder, refusing a symlink on the way there: one planted in the cache
        folder could lead the copy anywhere. (The cache folder itself may be a symlink: it is resolved.)"""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        for part in reversed(folder.relative_to(self.cache_dir).parents[:-1]):
            self._make_subfolder(self.cache_dir / part)
        self._make_subfolder(folder)

    def _make_subfolder(self, folder: Path) -> None:
        try:
            os.mkdir(folder)
        except FileExistsError:
            if folder.is_symlink() or not folder.is_dir():
                raise NewsdigestError(Problem(folder, "refusing to copy an edited output file into a symlink or a "
                                              "file where the cache keeps a folder")) from None

    def warnings(self, backups: list[Backup]) -> list[Problem]:
        """The build's warnings for the edited files it copied aside: each named, up to SHOWN_EDITS, then a count."""
        ordered = sorted(backups)
        warnings: list[Problem] = [
            CopyNotice(backup.path, "edited since newsdigest wrote it: the edited file was copied to "
                       f"{backup.copy} before the build {_REMOVED if backup.removed else _REPLACED}")
            for backup in ordered[:SHOWN_EDITS]]
        if len(ordered) > SHOWN_EDITS:
            rest = len(ordered) - SHOWN_EDITS
            warnings.append(CopyNotice(self.folder, f"{rest} more file{'s' if rest != 1 else ''} edited since "
                                       "newsdigest wrote them were copied here, under their paths in the output "
                                       "folder, before the build wrote over or removed them"))
        return warnings


_REPLACED = "wrote over it"
_REMOVED = "removed it (it no longer makes this file)"


def edited_bytes(target: Path, entry, stat: os.stat_result, replacing_with: str | None = None) -> bytes | None:
    """The bytes of `target` (whose stat is `stat`) when it is a file newsdigest made (`entry`, its ManifestEntry)
    and changed since; None when it is not a regular file, or holds a version newsdigest left there or the bytes
    whose SHA-1 is `replacing_with`. Read only when its size or modification time is not the entry's."""
    if entry.describes(stat) or not file_mode.S_ISREG(stat.st_mode):
        return None
    try:
        data = read_regular_file(target)
    except (FileNotFoundError, NotADirectoryError):
        return None
    digest = hashlib.sha1(data).hexdigest()
    if digest == replacing_with or entry.made(digest):
        return None
    return data
