"""What counts as a change while `watch` and `serve` run: watchdog events -> debounced, de-duplicated paths.

Only real changes count: open/read events are dropped, editors' swap and backup files are ignored, and a
file whose bytes are the same as last seen (a `touch`, a save without edits) triggers nothing. `classify`
says which part of the project a path belongs to; newsdigest.dev.watch rebuilds for it.
"""

from __future__ import annotations

import hashlib
import stat
import sys
import threading
import time
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Callable

from watchdog import events as watchdog_events
from watchdog.events import (EVENT_TYPE_CLOSED, EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED,
                             EVENT_TYPE_MOVED, FileSystemEvent, FileSystemEventHandler)

from newsdigest.config import Config
from newsdigest.fileio import NotRegularFileError, is_editor_temporary, read_regular_file

# (watchdog 5+ says when the system dropped events, an inotify queue overflowing: the folder is rescanned)
EVENTS_LOST = getattr(watchdog_events, "EVENT_TYPE_EVENTS_LOST", "events_lost")
CHANGE_EVENTS = {EVENT_TYPE_CREATED, EVENT_TYPE_MODIFIED, EVENT_TYPE_DELETED, EVENT_TYPE_MOVED, EVENT_TYPE_CLOSED,
                 EVENTS_LOST}
# JSON Lines files are read record by record: one a crawler keeps open and appends to is read as it grows (a last
# line not yet complete fails alone, and is read again once it is), never held back till the crawl ends.
GROWING_SUFFIXES = (".jsonl", ".jl", ".jsonlines", ".ndjson")


class ChangeKind(Enum):
    CONFIG = "config"
    TEMPLATE = "theme"
    CONTENT = "content"
    INBOX = "inbox"


def is_ignored(path: Path) -> bool:
    """Editor temporaries and hidden files (`fileio.is_editor_temporary`)."""
    return is_editor_temporary(path.name)


def classify(path: Path, config: Config, config_path: Path) -> ChangeKind | None:
    """Which part of the project a path belongs to; None for paths that do not matter."""
    if path == config_path:
        return ChangeKind.CONFIG
    if is_ignored(path):
        return None
    if config.inbox_dir and _inside(path, config.inbox_dir) is not None:
        return ChangeKind.INBOX
    if (inside := _inside(path, config.content_dir)) is not None:
        if any(part.startswith((".", "_")) for part in inside.parts):
            return None  # hidden and underscore folders are not content (see find_content_files)
        # (a folder moved out leaves only its own event, and "batch.2026-05" has no article's suffix: a path that
        # is a folder, or is gone, may have held articles)
        return ChangeKind.CONTENT if path.suffix == ".md" or not path.suffix or not path.is_file() else None
    if any(_inside(path, theme) is not None for theme in config.theme_dirs):
        return ChangeKind.TEMPLATE
    if any(theme.is_relative_to(path) for theme in (config.themes_dir / config.theme, config.themes_dir / "default")):
        return ChangeKind.TEMPLATE  # a theme folder coming or going (`newsdigest theme copy`), or a folder holding one
    return None


def _inside(path: Path, folder: Path) -> Path | None:
    """`path` relative to `folder`, or None when it is not inside it. A folder that is a symlink (a theme shared by
    several sites) is watched where it leads, so events name paths under its target."""
    for base in (folder, folder.resolve()):
        if path.is_relative_to(base):
            return path.relative_to(base)
    return None


@dataclass
class ChangeSet:
    kinds: set[ChangeKind] = field(default_factory=set)
    paths: set[Path] = field(default_factory=set)


class ChangeCollector(FileSystemEventHandler):
    """Collects watchdog events and hands them on as one ChangeSet once things have been quiet for `delay`.

    Bursts (a `git checkout`, 100 files copied in) become one rebuild; a never-ending stream is
    still flushed every `max_wait` seconds.

    With `closes_reported` (inotify, on Linux, says when a program closes a file it wrote), a file written to
    and not closed yet is held back until it is: a page downloading into the inbox, or a scraper between two
    chunks, would otherwise be read half-written, and ingested so, since ingest never overwrites.
    """

    def __init__(self, on_changes: Callable[[ChangeSet], None], delay: float = 0.2, max_wait: float = 2.0,
                 closes_reported: bool = False):
        self.on_changes = on_changes
        self.delay = delay
        self.max_wait = max_wait
        self.closes_reported = closes_reported
        self._writing: set[Path] = set()   # written to and not closed since (only with closes_reported)
        self._pending: set[Path] = set()
        self._created: set[Path] = set()   # files made since the changes were last handed on
        self._first = self._last = 0.0
        self._lock = threading.Condition()
        self._stopped = False
        self._seen: dict[Path, str | None] = {}
        self.resolve: Callable[[set[Path]], ChangeSet] = lambda paths: ChangeSet(paths=paths)
        self._idle_task: Callable[[], None] | None = None
        self._idle_at = 0.0
        self._thread = threading.Thread(target=self._run, name="newsdigest-debounce", daemon=True)

    def when_idle(self, task: Callable[[], None], after: float) -> None:
        """Run `task` in this collector's thread once no change has come in for `after` seconds.

        One task at a time: a later call replaces an earlier one; changes that come in first run before it.
        """
        with self._lock:
            self._idle_task, self._idle_at = task, time.monotonic() + after
            self._lock.notify_all()

    def cancel_idle(self) -> None:
        with self._lock:
            self._idle_task = None

    def has_pending(self) -> bool:
        """Whether changes have come in that are not handed on yet (a long task can stop early for them)."""
        with self._lock:
            return bool(self._pending)

    def should_stop(self) -> bool:
        """Whether a long task should stop early: changes came in, or the collector is stopping."""
        with self._lock:
            return bool(self._pending) or self._stopped

    def is_stopping(self) -> bool:
        """Whether the collector is stopping (a rebuild then stops before it writes, or finishes writing)."""
        with self._lock:
            return self._stopped

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            self._lock.notify_all()
        if self._thread.is_alive():   # (a session stopped during its first build never started it)
            # A rebuild running in the thread stops at its next page, before it writes anything; one that is
            # writing finishes, so the output is never left half old, half new; an inbox page being read is read
            # to its end (at most its --page-timeout), the pages after it at the next start. (Ctrl-C again ends the
            # wait.)
            self._thread.join(timeout=0.5)
            if self._thread.is_alive():
                print("Waiting for the rebuild to finish writing, or the inbox's page being read (Ctrl-C again stops "
                      "at once; the next build then repairs the output)...", file=sys.stderr, flush=True)
                self._thread.join()

    def queue(self, paths) -> None:
        """Hand these paths on as changes (a folder: rescanned), whatever bytes were last seen of them."""
        paths = list(paths)
        with self._lock:
            for path in paths:
                self._seen.pop(path, None)
            if not self._pending:
                self._first = time.monotonic()
            self._last = time.monotonic()
            self._pending.update(paths)
            self._lock.notify_all()

    def forget(self, paths) -> None:
        """Forget the bytes last seen of these files: their next event is a change, whatever they hold then."""
        for path in paths:
            self._seen.pop(path, None)

    def remember(self, paths) -> None:
        """Record the current bytes of files, so later events that change nothing are dropped."""
        for path in paths:
            self._seen[path] = _file_digest(path)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGE_EVENTS:
            return  # opened / closed-without-write / attribute events: reads, not changes
        if event.is_directory and event.event_type in (EVENT_TYPE_MODIFIED, EVENT_TYPE_CLOSED):
            return
        # Events lost: the watched folder itself is the change, which `_really_changed` passes on as a folder to
        # rescan (a full build, or every page of the inbox ingested: those it had already are skipped).
        paths = [event.src_path] + ([event.dest_path] if event.event_type == EVENT_TYPE_MOVED else [])
        with self._lock:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._last = now
            self._pending.update(Path(_str(p)) for p in paths)
            if event.event_type == EVENT_TYPE_CREATED and not event.is_directory:
                self._created.add(Path(_str(event.src_path)))
            if self.closes_reported and not event.is_directory:
                self._note_writing(event)
            self._lock.notify_all()

    def _note_writing(self, event: FileSystemEvent) -> None:
        """Keep `_writing` up to date: a write opens a spell that only closing the file ends (or its removal, or
        renaming it: a file renamed into place is complete). A new empty file is being written as well."""
        path = Path(_str(event.src_path))
        if path.suffix.lower() in GROWING_SUFFIXES:
            return
        if event.event_type == EVENT_TYPE_MODIFIED or (event.event_type == EVENT_TYPE_CREATED and _is_empty(path)):
            self._writing.add(path)
        else:
            self._writing.discard(path)
            if event.event_type == EVENT_TYPE_MOVED:
                self._writing.discard(Path(_str(event.dest_path)))

    def _run(self) -> None:
        while True:
            idle_task = None
            with self._lock:
                while not self._pending and not self._stopped:
                    if self._idle_task is None:
                        self._lock.wait()
                    elif time.monotonic() < self._idle_at:
                        self._lock.wait(self._idle_at - time.monotonic())
                    else:
                        idle_task, self._idle_task = self._idle_task, None
                        break
                if self._stopped:
                    return
            if idle_task is not None:
                idle_task()
                continue
            with self._lock:
                now = time.monotonic()
                quiet_until = self._last + self.delay
                if now < quiet_until and now < self._first + self.max_wait:
                    self._lock.wait(min(quiet_until, self._first + self.max_wait) - now)
                    continue
                # A file still open for writing comes back with the event of its closing.
                paths, self._pending = self._pending - self._writing, set()
                created, self._created = self._created, set()
            changed = self._really_changed(paths, created)
            if changed:
                changes = self.resolve(changed)
                if changes.kinds:
                    self.on_changes(changes)

    def _really_changed(self, paths: set[Path], created: set[Path] = frozenset()) -> set[Path]:
        changed = set()
        for path in paths:
            if path.is_dir():
                changed.add(path)  # a folder moved or created: let the rebuild rescan it
                continue
            digest = _file_digest(path)
            if digest is None and path in created and path not in self._seen:
                continue   # made and gone again within the burst: `sed -i`'s, perl's or an editor's temporary file
            if path not in self._seen or self._seen[path] != digest:
                changed.add(path)
            self._seen[path] = digest
        return changed


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.blake2b(read_regular_file(path), digest_size=16).hexdigest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    except NotRegularFileError:  # a FIFO named *.md must not block the watcher; the build reports it
        return "not a regular file"
    except OSError:
        return "unreadable"


def _is_empty(path: Path) -> bool:
    """An empty regular file: a FIFO's size is 0 too, but no close ever follows (the build reports it)."""
    try:
        info = path.stat()
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size == 0


def _str(path: str | bytes) -> str:
    return path.decode() if isinstance(path, bytes) else path
