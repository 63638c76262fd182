"""Write stage: put rendered files into output/, touching only files whose bytes changed.

A manifest (output/.newsdigest-manifest.json) records what the build wrote, so the next build can
remove its own stale pages and knows it may write there; files it did not create are never deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from newsdigest.config import Config
from newsdigest.problems import NewsdigestError, Problem

MANIFEST_NAME = ".newsdigest-manifest.json"


@dataclass
class WriteReport:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    changed_paths: list[str] = field(default_factory=list)   # written or removed, relative to output/
    manifest: dict[str, list] = field(default_factory=dict, repr=False)  # what output/ holds (see MANIFEST_NAME)


def check_output_dir(config: Config, output_dir: Path, force: bool = False) -> None:
    """Refuse an output folder whose cleaning could destroy the user's own files."""
    output_dir = output_dir.resolve()
    protected = {Path("/"), Path.home().resolve(), config.root, config.content_dir, config.themes_dir,
                 *(d.resolve() for d in config.theme_dirs)}
    if config.inbox_dir:
        protected.add(config.inbox_dir)
    for place in protected:
        if output_dir == place or place.is_relative_to(output_dir):
            raise NewsdigestError(Problem(output_dir, f"refusing to use this output folder: it is or contains {place}"))
    if output_dir.is_dir() and not (output_dir / MANIFEST_NAME).exists() and any(output_dir.iterdir()) and not force:
        raise NewsdigestError(Problem(
            output_dir, "output folder holds files newsdigest did not create; empty it, pick another, or use --force"))


def write_output(output_dir: Path, files: dict[str, bytes], previous: dict[str, list] | None = None) -> WriteReport:
    """Write `files` (relative POSIX path -> bytes) under output_dir; remove files of the last build not in it.

    `previous` is the manifest of the last write, when the caller kept it (fresher than the file after
    quick updates); by default the manifest file is read. Entries must only ever name files this tool wrote.
    """
    previous = previous_manifest(output_dir, previous)
    report = write_files(output_dir, files, previous)
    finish_output(output_dir, report, previous)
    return report


def previous_manifest(output_dir: Path, kept: dict[str, list] | None = None) -> dict[str, list]:
    """What the last build wrote into output_dir: `kept` (a builder's copy) while the manifest file is there."""
    output_dir = output_dir.resolve()
    if kept is None or not (output_dir / MANIFEST_NAME).is_file():
        return _read_manifest(output_dir)
    return kept


def write_files(output_dir: Path, files: dict[str, bytes], previous: dict[str, list]) -> WriteReport:
    """Write those of `files` whose bytes differ from what output_dir holds; nothing is removed.

    The report's manifest lists exactly `files`. Several processes may each write their own share of a
    build this way (see newsdigest.split_build); `finish_output` then completes the write once.
    """
    output_dir = output_dir.resolve()
    report = WriteReport()
    manifest = report.manifest
    output_dir.mkdir(parents=True, exist_ok=True)
    checked_dirs: set[Path] = set()
    to_write: list[tuple[str, Path, bytes, str]] = []
    for relative, data in sorted(files.items()):
        target = safe_output_path(output_dir, relative, checked_dirs)
        digest = hashlib.sha1(data).hexdigest()
        old = previous.get(relative)
        try:
            stat = target.stat()
        except FileNotFoundError:
            stat = None
        if stat and old and old[0] == digest and old[1:] == [stat.st_size, stat.st_mtime_ns]:
            report.unchanged += 1
        elif stat and stat.st_size == len(data) and target.read_bytes() == data:
            report.unchanged += 1
        else:
            to_write.append((relative, target, data, digest))
            manifest[relative] = []  # filled in below, keeping the sorted order
            continue
        manifest[relative] = [digest, stat.st_size, stat.st_mtime_ns]
    for relative, target, data, digest in to_write:
        manifest[relative] = _write_file(target, data, digest)
        report.written += 1
        report.changed_paths.append(relative)
    return report


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


def record_written(output_dir: Path, report: WriteReport, previous: dict[str, list]) -> None:
    """List what has been written so far in the manifest, beside what the last build left, before a long
    step that may be interrupted: whatever happens next, the next build knows every file it may remove."""
    _write_manifest(output_dir.resolve(), {**previous, **report.manifest})


def finish_output(output_dir: Path, report: WriteReport, previous: dict[str, list]) -> None:
    """After every share is written: remove the last build's files this one did not make, write the manifest."""
    output_dir = output_dir.resolve()
    _remove_stale(output_dir, sorted(set(previous) - set(report.manifest)), report)
    _write_manifest(output_dir, report.manifest)


def update_output(output_dir: Path, manifest: dict[str, list], changed: dict[str, bytes],
                  removed: set[str] = frozenset()) -> WriteReport:
    """Write a few files and remove a few, given the manifest of the last `write_output` (updated in place).

    For quick updates: only the named files are looked at, so the cost does not grow with the site.
    Files are removed only when the manifest says this tool wrote them. The manifest file is rewritten
    only when files came or went: an outdated entry for a rewritten file merely makes the next full
    build compare that file's bytes instead of trusting its size and time.
    """
    output_dir = output_dir.resolve()
    report = WriteReport(manifest=manifest)
    listed = set(manifest)
    checked_dirs: set[Path] = set()
    for relative, data in sorted(changed.items()):
        target = safe_output_path(output_dir, relative, checked_dirs)
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
    """Write to a temporary file beside the target, then rename: readers never see a half-written file."""
    # Each target is written by one process (a split build's two write different files), so a temporary
    # name with the process id is unique enough, and cheaper than mkstemp.
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        try:
            handle = open(tmp, "wb")
        except FileNotFoundError:  # a new folder (tried second: most writes go to folders that exist)
            target.parent.mkdir(parents=True, exist_ok=True)
            handle = open(tmp, "wb")
        with handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


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
