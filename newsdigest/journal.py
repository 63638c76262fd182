"""While a build writes: the output folder's lock, and the journal of files it is about to write; and the
content folder's lock while an ingest writes (`ingesting_into`).

A journal (output/.newsdigest-journal) lists every file, with the SHA-1 of the bytes it is about to get, before
it is renamed into place, so a build that fails or is killed half-way loses track of nothing: the next good
build removes what it left (and knows those bytes for its own, newsdigest.hand_edits), and the temporary files
of a killed one (see newsdigest.fileio) go first thing when the next one takes the lock.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager, suppress
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on Windows: builds there are not locked against each other
    fcntl = None

from newsdigest.fileio import TEMP_NAME, safe_output_path, temp_path, write_all
from newsdigest.problems import NewsdigestError, Problem

MANIFEST_NAME = ".newsdigest-manifest.json"   # what the last good build wrote (see newsdigest.output)
JOURNAL_NAME = ".newsdigest-journal"


class OutputBusy(NewsdigestError):
    """Another newsdigest build holds the output folder: a watcher builds again once it has finished."""


def manifest_stamp(output_dir: Path) -> tuple[int, int, int] | None:
    """The manifest file's identity (inode, size, modification time), or None when there is none. Every build
    replaces the file whole, so a builder that kept its own copy (see `output.previous_manifest`) can tell
    whether another build has written the folder since."""
    try:
        stat = (output_dir / MANIFEST_NAME).stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def folder_stamp(output_dir: Path) -> tuple:
    """What builds leave in the folder, as its files' identities (`manifest_stamp`, and the journal's likewise): a
    build that finished, failed or quick-updated since changed one of them."""
    try:
        stat = (output_dir / JOURNAL_NAME).stat()
        journal = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    except OSError:
        journal = None
    return manifest_stamp(output_dir), journal


@contextmanager
def writing_into(output_dir: Path):
    """Hold output_dir while a build writes into it: no other newsdigest process writes there meanwhile,
    so the temporary files that earlier builds' journals name are strays of killed builds, and go first."""
    output_dir = output_dir.resolve()
    output_dir.mkdir(parents=True, exist_ok=True)
    lock = _lock_folder(output_dir)
    try:
        remove_stray_temp_files(output_dir)
        yield
    finally:
        if lock is not None:
            os.close(lock)


@contextmanager
def ingesting_into(content_dir: Path, on_wait=None):
    """Hold the content folder while an ingest decides file names and duplicates and writes: a second ingest (an
    overlapping cron run, `serve`'s inbox) waits for the first, then sees what it wrote, where both read the
    folder before either wrote and each wrote the same pages (`-2.md` copies). `on_wait()` is called once when
    it has to wait. A folder that is not there yet (or a system without locks) is not held."""
    handle = None
    if fcntl is not None and content_dir.is_dir():
        try:
            handle = os.open(content_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                with suppress(Exception):   # (a note that cannot be shown, a closed stderr: wait all the same)
                    on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError:  # a file system without locks: not held, as before
            pass
    try:
        yield
    finally:
        if handle is not None:
            os.close(handle)


def check_not_busy(output_dir: Path) -> None:
    """OutputBusy when another newsdigest build holds output_dir now (a watcher asks before it renders the site
    for nothing); the folder is not held after."""
    if output_dir.is_dir() and (handle := _lock_folder(output_dir.resolve())) is not None:
        os.close(handle)


def _lock_folder(output_dir: Path) -> int | None:
    if fcntl is None:
        return None
    try:
        handle = os.open(output_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(handle)
        raise OutputBusy(Problem(output_dir, "another newsdigest build is writing into this output folder; "
                                 "try again when it has finished")) from None
    except OSError:  # a file system without locks: build unlocked, as before
        pass
    return handle


def remove_stray_temp_files(output_dir: Path, only_pid: int | None = None) -> None:
    """Remove the temporary files of builds that were killed while writing (only names newsdigest makes:
    those beside the files their journal lists, and the manifest's own); with `only_pid`, only that
    process's (a split build's render child that died, while the build itself goes on)."""
    output_dir = output_dir.resolve()
    checked_dirs: set[str] = set()
    for pid, relative, _ in read_journal(output_dir):
        if only_pid is not None and pid != only_pid:
            continue
        try:
            temp = temp_path(safe_output_path(output_dir, relative, checked_dirs), pid)
            temp.unlink()
        except (NewsdigestError, OSError):
            continue
        remove_empty_parents(temp.parent, output_dir)
    if only_pid is not None:
        return
    for temp in output_dir.glob(f".{MANIFEST_NAME}.*.tmp"):
        if TEMP_NAME.fullmatch(temp.name):
            temp.unlink(missing_ok=True)


def interrupted_build_left_files(output_dir: Path) -> bool:
    """Whether a build failed or was killed while writing into output_dir since the last good build
    (its journal is there): the next build must run, to remove what that one wrote."""
    return (output_dir.resolve() / JOURNAL_NAME).exists()


def append_to_journal(output_dir: Path, files: list[tuple[str, str]]) -> None:
    """Append `files`, (relative path, SHA-1 of the bytes it will hold), to the journal before any of them is
    written, as `[pid, path, digest]` lines (the digest tells the next build which version is newsdigest's).

    Appends are unbuffered, so a killed process has recorded them; each process of a split build appends
    its own. An append that fails raises before anything is written, and may leave a torn last line:
    each append starts on a new line, and readers skip lines that do not parse.
    """
    if not files:
        return
    pid = os.getpid()
    text = "\n" + "".join(json.dumps([pid, relative, digest]) + "\n" for relative, digest in files)  # ASCII: \u escapes
    path = output_dir / JOURNAL_NAME
    try:
        handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            write_all(handle, text.encode("ascii"))
        finally:
            os.close(handle)
    except OSError as err:
        raise OSError(err.errno, err.strerror, str(path)) from err


def read_journal(output_dir: Path) -> list[tuple[int, str, str]]:
    """(pid, path, digest) of every file a failed or killed build set out to write since the last manifest
    (the digest of the bytes it was to get; "" in lines of versions that did not record it)."""
    try:
        raw = (output_dir / JOURNAL_NAME).read_bytes()
    except OSError:
        return []
    records = []
    for line in raw.splitlines():
        try:
            pid, relative, *digest = json.loads(line)
        except (ValueError, TypeError):
            continue  # empty, or torn by a failed append (nothing of that append was written)
        digest = digest[0] if len(digest) == 1 else ""
        if isinstance(pid, int) and isinstance(relative, str) and isinstance(digest, str):
            records.append((pid, relative, digest))
    return records


def drop_journal(output_dir: Path) -> None:
    """The write is complete: the manifest now lists every file of newsdigest's in output_dir."""
    (output_dir / JOURNAL_NAME).unlink(missing_ok=True)


def remove_empty_parents(folder: Path, stop: Path) -> None:
    """Remove `folder` and its parents up to `stop` (not included) while they are empty."""
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
