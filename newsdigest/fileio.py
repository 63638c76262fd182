"""Reading and writing single files safely: whole-or-nothing writes, paths that cannot leave the output
folder, reads that never block on a FIFO, and how long a just-written file's timestamp cannot be trusted."""

from __future__ import annotations

import json
import os
import re
import stat as file_mode
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from pathlib import Path

from newsdigest.problems import NewsdigestError, Problem

# A file modified this recently may change again within the file system's timestamp granularity without
# its mtime moving (git's "racy clean" problem): compare its bytes, or do not trust it.
RACY_SECONDS = 2.0

# Each target is written by one process (a split build's two write different files), so a temporary
# name with the process id is unique enough, and cheaper than mkstemp; the output journal names the process
# too, so the next build finds a killed build's temporary files without walking output/.
_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
TEMP_NAME = re.compile(r"\..+\.[0-9]+\.tmp")


def atomic_write(target: Path, data: bytes | Iterable[bytes]) -> None:
    """Write to a temporary file beside the target, then rename: readers never see a half-written file. `data`
    may come in pieces (any iterable of bytes), each written as it comes: a big file need not be held whole.

    An OSError names the target (a full disk says which file it was writing); the temporary file goes.
    """
    temp = temp_path(target, os.getpid())
    try:
        write_temp_file(temp, data)
        os.replace(temp, target)
    except BaseException as err:
        try:
            temp.unlink(missing_ok=True)
        except OSError:
            pass
        if isinstance(err, OSError) and err.errno is not None:
            raise OSError(err.errno, err.strerror, str(target)) from err
        raise


def write_temp_file(temp: Path | str, data: bytes | Iterable[bytes]) -> None:
    """Write `data` (bytes, or bytes in pieces) to the temporary file `temp`, making its folder when it is new. The
    caller renames it into place (atomic_write, staged_output) or removes it when this raises."""
    try:
        handle = os.open(temp, _TEMP_FLAGS, 0o666)
    except FileNotFoundError:  # a new folder (tried second: most writes go to folders that exist)
        os.makedirs(os.path.dirname(temp), exist_ok=True)
        handle = os.open(temp, _TEMP_FLAGS, 0o666)
    try:
        for piece in (data,) if isinstance(data, (bytes, bytearray, memoryview)) else data:
            write_all(handle, piece)
    finally:
        os.close(handle)


def temp_path(target: Path, pid: int) -> Path:
    """The temporary file process `pid` writes before renaming it to `target` (see atomic_write)."""
    return Path(temp_name(str(target), pid))


def temp_name(target: str, pid: int) -> str:
    """`temp_path` of a path given as a string, as a string: a build stages a file for each of thousands of pages,
    and the Path objects on the way cost more than the file's write."""
    folder, name = os.path.split(target)
    return os.path.join(folder, f".{name}.{pid}.tmp")


def json_object_pieces(mapping: Mapping, items_a_piece: int = 10_000) -> Iterator[bytes]:
    """`json.dumps(mapping, separators=(",", ":")).encode()`, the same bytes, a few thousand items a piece: the
    text of a manifest listing two million files held whole, and its bytes beside it, took 0.6 GB."""
    items = iter(mapping.items())
    opening = b"{"
    while piece := dict(islice(items, items_a_piece)):
        yield opening + json.dumps(piece, separators=(",", ":"))[1:-1].encode()
        opening = b","
    yield b"{}" if opening == b"{" else b"}"


def write_all(handle: int, data: bytes) -> None:
    """Write every byte to an open file descriptor (os.write may write fewer)."""
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view):]


class NotRegularFileError(OSError):
    """A FIFO, socket or device where a content file should be: reading it could block forever or never end."""

    def __init__(self, path: Path):
        super().__init__(f"{path}: not a regular file")
        self.strerror = "not a regular file (a FIFO, socket or device); refusing to read it"


def read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file; raises NotRegularFileError for anything else, without ever blocking.

    Opened non-blocking and checked on the open file, so a FIFO put in place after a `stat` cannot
    hang the caller either (opening a FIFO normally waits for a writer).
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with open(descriptor, "rb") as file:
        if not file_mode.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotRegularFileError(path)
        return file.read()


class CheckedFolders:
    """The folders `safe_output_name` has found free of symlinks out, the most recently met of them: a set that
    forgets. A build's pages each have a folder of their own (2026/01/05/slug/), met once, and a set of every one
    held a string of each until the build ended (about 200 bytes a page, a fifth of a gigabyte at a million
    articles); a folder forgotten is only checked again (one lstat). Two generations of at most `size` folders
    each: a folder met again moves to the newer, so the folders above many pages stay."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._newer: set[str] = set()
        self._older: set[str] = set()

    def __contains__(self, folder: str) -> bool:
        if folder in self._newer:
            return True
        if folder in self._older:
            self.add(folder)
            return True
        return False

    def add(self, folder: str) -> None:
        if len(self._newer) >= self.size:
            self._older, self._newer = self._newer, set()
        self._newer.add(folder)


def safe_output_path(output_dir: Path, relative: str, checked_dirs: set[str] | CheckedFolders | None = None) -> Path:
    """Resolve a generated file's path, refusing anything that would land outside output_dir.

    `output_dir` is trusted as given (callers pass it resolved); every folder below it on the way to the file
    is checked. `checked_dirs` remembers folders already found free of symlinks out (as strings: a build
    remembers one for each article page's folder, and a Path object of each took ten times the memory), so a
    build with thousands of files and folders checks each folder once.
    """
    return Path(safe_output_name(output_dir, relative, checked_dirs))


def safe_output_name(output_dir: Path, relative: str, checked_dirs: set[str] | CheckedFolders | None = None) -> str:
    """`safe_output_path` as a string, for a build that stages thousands of files (their Path objects cost more
    than the checks). `relative` is read as a POSIX path: empty and "." parts are left out."""
    parts = [part for part in relative.split("/") if part not in ("", ".")]
    if relative.startswith("/") or ".." in parts or "\\" in relative or not parts:
        raise NewsdigestError(Problem(output_dir, f"refusing to write outside the output folder: {relative!r}"))
    top = str(output_dir)
    target = os.path.join(top, *parts)
    checked_dirs = set() if checked_dirs is None else checked_dirs
    # The folders from output_dir down to the target's, top first, that no earlier call has checked: each must be
    # a real folder (or not there yet), or a symlink that resolves inside. One lstat a folder, where resolving
    # the target's folder would stat every component of its path again for each of thousands of page folders.
    unchecked = []
    folder = os.path.dirname(target)
    while folder not in checked_dirs and len(folder) > len(top):  # (the target lies below output_dir: no "..")
        unchecked.append(folder)
        folder = os.path.dirname(folder)
    for folder in reversed(unchecked):
        if os.path.islink(folder) and not Path(folder).resolve().is_relative_to(output_dir):
            raise NewsdigestError(Problem(output_dir, f"refusing to write through a symlink: {relative!r}"))
        checked_dirs.add(folder)
    if os.path.islink(target) and not Path(target).resolve().is_relative_to(output_dir):
        raise NewsdigestError(Problem(output_dir, f"refusing to write through a symlink: {relative!r}"))
    return target


# Names editors and downloads give files that are not the file yet, or no longer: swap files, backups, partial
# downloads, our own temporary files.
TEMPORARY_SUFFIXES = (".swp", ".swx", ".swo", ".tmp", ".temp", ".part", ".crdownload", "~", ".bak", ".orig")


def is_editor_temporary(name: str) -> bool:
    """Whether a file name is an editor's temporary or a hidden file: vim's .x.swp and 4913, emacs' #x# and .#x,
    x~ backups, partial downloads, our own temporary files. The watcher ignores them, and no theme publishes them."""
    return name.startswith((".", "#", "~")) or name.endswith(TEMPORARY_SUFFIXES) or name == "4913"


class OutputFiles(Mapping):
    """Files of output/ read back on demand, by path relative to it: {path: bytes} without holding them."""

    def __init__(self, output_dir: Path, paths: list[str]):
        self.output_dir = output_dir.resolve()
        self._paths = list(paths)
        self._known = set(self._paths)

    def __getitem__(self, relative: str) -> bytes:
        if relative not in self._known:
            raise KeyError(relative)
        return safe_output_path(self.output_dir, relative).read_bytes()

    def __iter__(self):
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)
