"""Write stage: put rendered files into output/, touching only files whose bytes changed.

A manifest (output/.newsdigest-manifest.json) records what the last good build wrote, so the next build
can remove its own stale pages and knows it may write there. While a build writes, a journal
(output/.newsdigest-journal) lists every file before it is renamed into place, so a build that fails or is
killed half-way loses track of nothing: the next good build removes what it left. Files newsdigest did
not create are never overwritten or deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

try:
    import fcntl
except ImportError:  # not on Windows: builds there are not locked against each other
    fcntl = None

from newsdigest.config import Config
from newsdigest.problems import NewsdigestError, Problem

MANIFEST_NAME = ".newsdigest-manifest.json"
JOURNAL_NAME = ".newsdigest-journal"
FOREIGN_SHOWN = 5   # foreign files named in the error when a build would overwrite some

# Folders outside the project no build may write into, even with --force: the system's own trees (and
# everything in them) except the usual places for web sites and scratch files under /var ...
SYSTEM_TREES = tuple(Path(p) for p in ("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32",
                                        "/proc", "/run", "/sbin", "/sys", "/usr", "/var"))
SYSTEM_TREE_EXCEPTIONS = tuple(Path(p) for p in ("/var/www", "/var/tmp"))
# ... and folders that hold other people's or programs' folders: refused themselves, not their subfolders.
SYSTEM_FOLDERS = tuple(Path(p) for p in ("/", "/home", "/root", "/opt", "/srv", "/mnt", "/media", "/tmp",
                                          "/var/www", "/var/tmp"))


@dataclass
class WriteReport:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    changed_paths: list[str] = field(default_factory=list)   # written or removed, relative to output/
    manifest: dict[str, list] = field(default_factory=dict, repr=False)  # what output/ holds (see MANIFEST_NAME)


def check_output_dir(config: Config, output_dir: Path, force: bool = False) -> None:
    """Refuse an output folder whose use could destroy or pollute files that are not the build's own.

    Refused even with `force`: a system folder (outside the project, see SYSTEM_TREES), your home, the
    project, content, theme and inbox folders, any folder that contains one of them or lies inside content,
    a theme or the inbox (each build would copy the last one), a file, and a folder the build cannot
    write. Without `force`, also a non-empty folder that newsdigest did not create.
    """
    output_dir = output_dir.resolve()
    if reason := _dangerous_output(config, output_dir):
        raise NewsdigestError(Problem(output_dir, f"refusing to use this output folder: {reason}"))
    if reason := _cannot_write(output_dir):
        raise NewsdigestError(Problem(output_dir, f"cannot write into this output folder: {reason}"))
    if output_dir.is_dir() and not force and not _made_by_newsdigest(output_dir) and any(output_dir.iterdir()):
        raise NewsdigestError(Problem(
            output_dir, "output folder holds files newsdigest did not create; empty it, pick another, or use --force"))


def _dangerous_output(config: Config, output_dir: Path) -> str | None:
    # A project may live in a system tree (/usr/src/app, /var/lib/jenkins/workspace/x): its own output is fine.
    inside_project = output_dir.is_relative_to(config.root) and config.root not in (*SYSTEM_TREES, *SYSTEM_FOLDERS)
    if not inside_project and (reason := _system_folder(output_dir)):
        return reason
    theme_dirs = [folder.resolve() for folder in config.theme_dirs]
    protected = {Path("/"), Path.home().resolve(), config.root, config.content_dir, config.themes_dir, *theme_dirs}
    if config.inbox_dir:
        protected.add(config.inbox_dir)
    for place in protected:
        if output_dir == place or place.is_relative_to(output_dir):
            return f"it is or contains {place}"
    for source in (config.content_dir, *theme_dirs, config.inbox_dir):
        if source and output_dir.is_relative_to(source):
            return f"it is inside {source}, which the build reads"
    if output_dir.exists() and not output_dir.is_dir():
        return "it is a file, not a folder"
    return None


def _system_folder(output_dir: Path) -> str | None:
    # Compared with the resolved output folder: /bin/x is /usr/bin/x on most systems, and /var/x on macOS
    # is /private/var/x, where temporary folders live.
    for tree in SYSTEM_TREES:
        if output_dir.is_relative_to(tree) and not any(output_dir.is_relative_to(ok) for ok in SYSTEM_TREE_EXCEPTIONS):
            return f"it is a system folder ({tree})"
    if output_dir in SYSTEM_FOLDERS:
        return "it is a system folder"
    return None


def _cannot_write(output_dir: Path) -> str | None:
    """Why the build could not write into output_dir (or create it), or None."""
    folder = output_dir
    while not folder.exists() and folder != folder.parent:  # the build would create the missing folders here
        folder = folder.parent
    if os.access(folder, os.W_OK | os.X_OK):
        return None
    try:
        read_only = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows)
        read_only = False
    where = "" if folder == output_dir else f" ({folder}, where it would be created)"
    return f"read-only file system{where}" if read_only else f"permission denied{where}"


def interrupted_build_left_files(output_dir: Path) -> bool:
    """Whether a build failed or was killed while writing into output_dir since the last good build
    (its journal is there): the next build must run, to remove what that one wrote."""
    return (output_dir.resolve() / JOURNAL_NAME).exists()


def _made_by_newsdigest(output_dir: Path) -> bool:
    """A manifest or a journal: a build wrote here (a failed or killed one leaves only its journal)."""
    return (output_dir / MANIFEST_NAME).exists() or (output_dir / JOURNAL_NAME).exists()


def write_output(output_dir: Path, files: dict[str, bytes], previous: dict[str, list] | None = None) -> WriteReport:
    """Write `files` (relative POSIX path -> bytes) under output_dir; remove files of the last build not in it.

    `previous` is the manifest of the last write, when the caller kept it (fresher than the file after
    quick updates); by default the manifest file is read. Entries must only ever name files this tool wrote.
    """
    with writing_into(output_dir):
        previous = previous_manifest(output_dir, previous)
        report = write_files(output_dir, files, previous)
        finish_output(output_dir, report, previous)
    return report


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
        raise NewsdigestError(Problem(output_dir, "another newsdigest build is writing into this output folder; "
                                      "try again when it has finished")) from None
    except OSError:  # a file system without locks: build unlocked, as before
        pass
    return handle


def remove_stray_temp_files(output_dir: Path) -> None:
    """Remove the temporary files of builds that were killed while writing (only names newsdigest makes:
    those beside the files their journal lists, and the manifest's own)."""
    output_dir = output_dir.resolve()
    checked_dirs: set[Path] = set()
    for pid, relative in _read_journal(output_dir):
        try:
            temp = _temp_path(safe_output_path(output_dir, relative, checked_dirs), pid)
            temp.unlink()
        except (NewsdigestError, OSError):
            continue
        _remove_empty_parents(temp.parent, output_dir)
    for temp in output_dir.glob(f".{MANIFEST_NAME}.*.tmp"):
        if _TEMP_NAME.fullmatch(temp.name):
            temp.unlink(missing_ok=True)


def previous_manifest(output_dir: Path, kept: dict[str, list] | None = None) -> dict[str, list]:
    """What earlier builds wrote into output_dir: the last good build's manifest (or `kept`, a builder's copy,
    while the manifest file is there), plus every file a failed or killed build since listed in its journal.

    Journal entries are empty ([]): such a file may have been rewritten since the manifest described it.
    """
    output_dir = output_dir.resolve()
    if kept is None or not (output_dir / MANIFEST_NAME).is_file():
        kept = _read_manifest(output_dir)
    journal = _read_journal(output_dir)
    if not journal:
        return kept
    return {**kept, **{relative: [] for _, relative in journal}}


def write_files(output_dir: Path, files: dict[str, bytes], previous: dict[str, list]) -> WriteReport:
    """Write those of `files` whose bytes differ from what output_dir holds; nothing is removed.

    `previous` (see `previous_manifest`) names the files earlier builds made: a file of `files` that
    exists but is not listed there belongs to someone else, and then nothing is written (NewsdigestError).
    Files are listed in the journal before any is renamed into place. The report's manifest lists exactly
    `files`. Several processes may each write their own share of a build this way (see
    newsdigest.split_build) inside one `writing_into`; `finish_output` then completes the write once.
    """
    output_dir = output_dir.resolve()
    report = WriteReport()
    manifest = report.manifest
    output_dir.mkdir(parents=True, exist_ok=True)
    checked_dirs: set[Path] = set()
    to_write: list[tuple[str, Path, bytes, str]] = []
    foreign: list[str] = []
    for relative, data in sorted(files.items()):
        target = safe_output_path(output_dir, relative, checked_dirs)
        digest = hashlib.sha1(data).hexdigest()
        old = previous.get(relative)
        try:
            stat = target.stat()
        except (FileNotFoundError, NotADirectoryError):
            stat = None
        if old is None and (stat or target.is_symlink()):
            foreign.append(relative)
            continue
        if stat and old and old[0] == digest and old[1:] == [stat.st_size, stat.st_mtime_ns]:
            report.unchanged += 1
        elif stat and stat.st_size == len(data) and target.read_bytes() == data:
            report.unchanged += 1
        else:
            to_write.append((relative, target, data, digest))
            manifest[relative] = []  # filled in below, keeping the sorted order
            continue
        manifest[relative] = [digest, stat.st_size, stat.st_mtime_ns]
    if foreign:
        raise NewsdigestError(_foreign_files_problem(output_dir, foreign))
    _journal(output_dir, [relative for relative, *_ in to_write])
    for relative, target, data, digest in to_write:
        manifest[relative] = _write_file(target, data, digest)
        report.written += 1
        report.changed_paths.append(relative)
    return report


def refuse_foreign_files(output_dir: Path, paths: Iterable[str], previous: dict[str, list]) -> None:
    """Raise NewsdigestError when any of `paths` (relative to output_dir) is taken by a file no newsdigest
    build made (not in `previous`): for a build whose processes write at once, before any of them starts."""
    output_dir = output_dir.resolve()
    foreign = sorted({relative for relative in paths
                      if relative not in previous and os.path.lexists(output_dir / relative)})
    if foreign:
        raise NewsdigestError(_foreign_files_problem(output_dir, foreign))


def _foreign_files_problem(output_dir: Path, foreign: list[str]) -> Problem:
    shown = ", ".join(foreign[:FOREIGN_SHOWN]) + (f" and {len(foreign) - FOREIGN_SHOWN} more"
                                                   if len(foreign) > FOREIGN_SHOWN else "")
    return Problem(output_dir, f"{len(foreign)} file{'s' if len(foreign) != 1 else ''} newsdigest did not create "
                   f"would be overwritten: {shown}. Move them away or pick another output folder (even --force "
                   "never overwrites or deletes such files)")


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


def merge_reports(report: WriteReport, other: WriteReport) -> None:
    """Add another share's `write_files` report to this one (the shares write different files)."""
    report.written += other.written
    report.unchanged += other.unchanged
    report.changed_paths.extend(other.changed_paths)
    report.manifest.update(other.manifest)


def finish_output(output_dir: Path, report: WriteReport, previous: dict[str, list]) -> None:
    """After every share is written: remove earlier builds' files this one did not make, write the manifest,
    and drop the journal (the manifest now lists every file of newsdigest's in output_dir)."""
    output_dir = output_dir.resolve()
    _remove_stale(output_dir, sorted(set(previous) - set(report.manifest)), report)
    _write_manifest(output_dir, report.manifest)
    (output_dir / JOURNAL_NAME).unlink(missing_ok=True)


def update_output(output_dir: Path, manifest: dict[str, list], changed: dict[str, bytes],
                  removed: set[str] = frozenset()) -> WriteReport:
    """Write a few files and remove a few, given the manifest of the last `write_output` (updated in place).

    For quick updates: only the named files are looked at, so the cost does not grow with the site.
    Files are removed only when the manifest says this tool wrote them; a new file never replaces one
    it did not write. The manifest file is rewritten only when files came or went: an outdated entry for
    a rewritten file merely makes the next full build compare that file's bytes instead of trusting its
    size and time.
    """
    with writing_into(output_dir):
        return _update_output(output_dir.resolve(), manifest, changed, removed)


def _update_output(output_dir: Path, manifest: dict[str, list], changed: dict[str, bytes],
                   removed: set[str]) -> WriteReport:
    report = WriteReport(manifest=manifest)
    listed = set(manifest)
    checked_dirs: set[Path] = set()
    targets = {relative: safe_output_path(output_dir, relative, checked_dirs) for relative in sorted(changed)}
    refuse_foreign_files(output_dir, [relative for relative in targets if relative not in listed], manifest)
    _journal(output_dir, list(targets))
    for relative, target in targets.items():
        data = changed[relative]
        digest = hashlib.sha1(data).hexdigest()
        try:
            unchanged = target.stat().st_size == len(data) and target.read_bytes() == data
        except FileNotFoundError:
            unchanged = False
        if unchanged:
            report.unchanged += 1
            stat = target.stat()
            manifest[relative] = [digest, stat.st_size, stat.st_mtime_ns]
        else:
            manifest[relative] = _write_file(target, data, digest)
            report.written += 1
            report.changed_paths.append(relative)
    gone = sorted(relative for relative in removed if relative in manifest and relative not in changed)
    for relative in gone:
        del manifest[relative]
    _remove_stale(output_dir, gone, report)
    if gone or any(relative not in listed for relative in changed):
        _write_manifest(output_dir, manifest)
    (output_dir / JOURNAL_NAME).unlink(missing_ok=True)
    return report


def _write_file(target: Path, data: bytes, digest: str) -> list:
    atomic_write(target, data)
    stat = target.stat()
    return [digest, stat.st_size, stat.st_mtime_ns]


def _remove_stale(output_dir: Path, relatives: list[str], report: WriteReport) -> None:
    for relative in relatives:
        try:
            stale = safe_output_path(output_dir, relative)
        except NewsdigestError:
            continue  # a tampered manifest must not make us delete anything outside output/
        if stale.is_file():
            stale.unlink()
            report.removed += 1
            report.changed_paths.append(relative)
            _remove_empty_parents(stale.parent, output_dir)


def _write_manifest(output_dir: Path, manifest: dict[str, list]) -> None:
    # Compact and unsorted: the manifest is read by this tool only, and quick updates rewrite it whole.
    atomic_write(output_dir / MANIFEST_NAME, json.dumps(manifest, separators=(",", ":")).encode())


def safe_output_path(output_dir: Path, relative: str, checked_dirs: set[Path] | None = None) -> Path:
    """Resolve a generated file's path, refusing anything that would land outside output_dir.

    `checked_dirs` remembers folders already found free of symlinks out, so a build with
    thousands of files in one folder resolves that folder once.
    """
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or "\\" in relative or not pure.parts:
        raise NewsdigestError(Problem(output_dir, f"refusing to write outside the output folder: {relative!r}"))
    target = output_dir.joinpath(*pure.parts)
    checked_dirs = set() if checked_dirs is None else checked_dirs
    if target.parent not in checked_dirs:
        if not target.parent.resolve().is_relative_to(output_dir):
            raise NewsdigestError(Problem(output_dir, f"refusing to write through a symlink: {relative!r}"))
        checked_dirs.add(target.parent)
    if target.is_symlink() and not target.resolve().is_relative_to(output_dir):
        raise NewsdigestError(Problem(output_dir, f"refusing to write through a symlink: {relative!r}"))
    return target


def atomic_write(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: readers never see a half-written file.

    An OSError names the target (a full disk says which file it was writing); the temporary file goes.
    """
    temp = _temp_path(target, os.getpid())
    try:
        try:
            handle = os.open(temp, _TEMP_FLAGS, 0o666)
        except FileNotFoundError:  # a new folder (tried second: most writes go to folders that exist)
            target.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(temp, _TEMP_FLAGS, 0o666)
        try:
            _write_all(handle, data)
        finally:
            os.close(handle)
        os.replace(temp, target)
    except BaseException as err:
        try:
            temp.unlink(missing_ok=True)
        except OSError:
            pass
        if isinstance(err, OSError) and err.errno is not None:
            raise OSError(err.errno, err.strerror, str(target)) from err
        raise


# Each target is written by one process (a split build's two write different files), so a temporary
# name with the process id is unique enough, and cheaper than mkstemp; the journal names the process too,
# so the next build finds a killed build's temporary files without walking output/.
_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_TEMP_NAME = re.compile(r"\..+\.[0-9]+\.tmp")


def _temp_path(target: Path, pid: int) -> Path:
    return target.with_name(f".{target.name}.{pid}.tmp")


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view):]


def _journal(output_dir: Path, relatives: list[str]) -> None:
    """Append `relatives` to the journal before any of them is written, as `[pid, path]` lines.

    Appends are unbuffered, so a killed process has recorded them; each process of a split build appends
    its own. An append that fails raises before anything is written, and may leave a torn last line:
    each append starts on a new line, and readers skip lines that do not parse.
    """
    if not relatives:
        return
    pid = os.getpid()
    text = "\n" + "".join(json.dumps([pid, relative]) + "\n" for relative in relatives)  # ASCII: \u escapes
    path = output_dir / JOURNAL_NAME
    try:
        handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            _write_all(handle, text.encode("ascii"))
        finally:
            os.close(handle)
    except OSError as err:
        raise OSError(err.errno, err.strerror, str(path)) from err


def _read_journal(output_dir: Path) -> list[tuple[int, str]]:
    """(pid, path) of every file a failed or killed build set out to write since the last manifest."""
    try:
        raw = (output_dir / JOURNAL_NAME).read_bytes()
    except OSError:
        return []
    records = []
    for line in raw.splitlines():
        try:
            pid, relative = json.loads(line)
        except (ValueError, TypeError):
            continue  # empty, or torn by a failed append (nothing of that append was written)
        if isinstance(pid, int) and isinstance(relative, str):
            records.append((pid, relative))
    return records


def _read_manifest(output_dir: Path) -> dict[str, list]:
    try:
        data = json.loads((output_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
