"""Watch mode: changes (newsdigest.dev.changes) -> incremental rebuilds, and the first build before them.

The output folder is never watched, so a rebuild can never trigger another.
"""

from __future__ import annotations

import hashlib
import sys
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit, urlunsplit

from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

from newsdigest.build import SiteBuilder
from newsdigest.check import is_local_url
from newsdigest.config import Config, load_config
from newsdigest.dev.changes import ChangeCollector, ChangeKind, ChangeSet, classify
from newsdigest.journal import OutputBusy, check_not_busy
from newsdigest.output import OutputChanged
from newsdigest.problems import NewsdigestError
from newsdigest.progress import BuildCancelled, BuildResult
from newsdigest.search import is_search_file
from newsdigest.wording import plural


def with_port(base_url: str, port: int, host: str = "") -> str:
    """A base_url on this machine (a preview's) with `port` and the `host` served on, where that is one address
    (on every address, "0.0.0.0" or "::", its own host reaches the server); any other base_url as it is."""
    if not is_local_url(base_url):
        return base_url
    parts = urlsplit(base_url)
    every = not host or host.partition("%")[0].strip("0:.") == ""   # ("::", "0.0.0.0", "0:0:0:0:0:0:0:0")
    host = (parts.hostname or "") if every else host.replace("%", "%25")   # (a zone id's "%": RFC 6874)
    return urlunsplit(parts._replace(netloc=f"[{host}]:{port}" if ":" in host else f"{host}:{port}"))


@dataclass
class BuildOutcome:
    """What one (re)build produced, for the terminal and the browser."""

    number: int
    ok: bool
    message: str
    result: BuildResult | None = None
    follow_up: bool = False   # the full build that follows quick updates once edits pause
    reload: bool = True       # whether open pages should reload (a follow-up that changed no page: no)
    problems: tuple[str, ...] = ()   # the lines of `message` after its first: "warning: ...", "skipped: ..."


KEEP_RESULTS = 2  # older outcomes drop their BuildResult, so a long session does not hold every site model


class DevSession:
    """Builds on start and after every change; keeps the last good output when a build fails.

    An edit to existing articles that keeps the site's structure is a quick update (only the pages
    showing them are rendered; see newsdigest.quick). Once no change has come in for `follow_up_delay`
    seconds, a full build follows, which also brings stories and the search index up to date; it
    stops early, writing nothing, when another change comes in.
    """

    def __init__(self, config_path: Path, *, overrides: dict | None = None, include_drafts: bool = False,
                 delay: float = 0.2, on_build: Callable[[BuildOutcome], None] | None = None, quiet: bool = False,
                 follow_up_delay: float = 1.0, preview_port: int | None = None, preview_host: str = ""):
        self.config_path = Path(config_path).resolve()
        self.overrides = overrides or {}
        self.preview_port, self.preview_host = preview_port, preview_host
        self.include_drafts = include_drafts
        self.listeners: list[Callable[[BuildOutcome], None]] = [on_build] if on_build else []
        self.quiet = quiet
        self.follow_up_delay = follow_up_delay
        self.config = self._load_config()
        self.builder = self._new_builder()
        self.outcomes: list[BuildOutcome] = []
        # inotify reports when a program closes a file it wrote: then a file is read only once it is whole.
        self.collector = ChangeCollector(self._on_changes, delay=delay,
                                         closes_reported=Observer.__name__ == "InotifyObserver")
        self.collector.resolve = self._classify
        self._observer = None
        self._watches: dict[Path, tuple[ObservedWatch, tuple[bool, int, int]]] = {}
        self._lock = threading.Lock()
        self._follow_up_due = False
        self._waiting = False   # whether a build waits for another process's build into the output folder (told once)
        # What the last full build met: a config that does not load, or a failed build. Until it is fixed, every
        # change reads the config again and builds in full: a quick update that succeeds beside them would report
        # a good build, clearing the browser's error message, while the broken file still stops the site.
        self._config_failed = self._build_failed = False
        # inbox file -> (size, digest) when this session ingested it, and the articles it wrote
        self._inbox_ingested: dict[Path, tuple[int, bytes, tuple[Path, ...]]] = {}
        self._told: set[str] = set()   # the warnings the last full build printed (see `_told_anew`)
        self._requeued: dict[Path, tuple] = {}   # files a failed build read again, as they were then

    def _load_config(self) -> Config:
        """The config, with the preview's own port and host in a base_url on this machine (`serve --port 8765
        --host ::1` with the default http://127.0.0.1:8000/): the preview's feeds, sitemap and share links then lead
        to itself."""
        config = load_config(self.config_path, self.overrides)
        if self.preview_port is None or "base_url" in self.overrides:
            return config
        return replace(config, base_url=with_port(config.base_url, self.preview_port, self.preview_host))

    def _new_builder(self) -> SiteBuilder:
        return SiteBuilder(self.config, include_drafts=self.include_drafts, quick_updates=True)

    @property
    def settled(self) -> bool:
        """No change waiting and no follow-up build due: the output equals a clean build's."""
        return not self._follow_up_due and not self.collector.has_pending()

    def _classify(self, paths: set[Path]) -> ChangeSet:
        changes = ChangeSet()
        for path in paths:
            kind = classify(path, self.config, self.config_path)
            if kind:
                changes.kinds.add(kind)
                changes.paths.add(path)
        return changes

    def watched_folders(self) -> dict[Path, bool]:
        """The folders to watch that exist, each with whether its subfolders are watched too. The config file's
        folder and the themes folder are watched alone: for the config, and for the content folder and a theme
        folder coming and going (`newsdigest theme copy` while serving). The others are watched whole."""
        folders = [self.config.content_dir, *self.config.theme_dirs]
        if self.config.inbox_dir:
            self.config.inbox_dir.mkdir(parents=True, exist_ok=True)
            folders.append(self.config.inbox_dir)
        watched = {folder.resolve(): True for folder in folders}
        for alone in (self.config_path.parent, self.config.themes_dir.resolve()):
            watched.setdefault(alone, False)
        return {folder: recursive for folder, recursive in watched.items() if folder.is_dir()}

    def start(self) -> BuildOutcome:
        """Start watching, then build; what changed during the first build is rebuilt right after it (the
        preview answers meanwhile, so a save made then must not be lost), and the inbox's pages are ingested."""
        for folder, recursive in self.watched_folders().items():
            files = folder.rglob("*") if recursive else [self.config_path]
            self.collector.remember(p for p in files if p.is_file())
        self._observer = Observer()
        self._follow_folders()
        self._observer.start()
        outcome = self.rebuild(set())
        if dropped := self._dropped_while_unwatched():
            self.collector.queue(dropped)
        self.collector.start()
        return outcome

    def _follow_folders(self) -> None:
        """Watch every folder of `watched_folders`, also one that appeared since (named by a config edit, or made
        anew after being deleted: a restored backup, a checkout). A watch follows the folder it was given, not its
        name, so a folder that is not the one watched any more gets a new watch."""
        wanted = {}
        for folder, recursive in self.watched_folders().items():
            try:
                info = folder.stat()
            except OSError:
                continue
            wanted[folder] = (recursive, info.st_dev, info.st_ino)
        for folder, (watch, identity) in list(self._watches.items()):
            if wanted.get(folder) != identity:
                self._observer.unschedule(watch)
                del self._watches[folder]
        for folder, identity in wanted.items():
            if folder not in self._watches:
                try:
                    self._watches[folder] = (self._observer.schedule(self.collector, str(folder),
                                                                     recursive=identity[0]), identity)
                except OSError:  # gone again, or out of inotify watches: tried again at the next change
                    continue
                if self._observer.is_alive():
                    # Its files came with no event of their own (copied in before the watch began), and the
                    # collector may remember them as deleted with the folder they replace: deleting one then
                    # looked like no change at all, and its pages stayed.
                    files = folder.rglob("*") if identity[0] else [self.config_path]
                    self.collector.remember(path for path in files if path.is_file())

    def stop(self) -> None:
        """Stop watching and the debounce thread; also after a start that Ctrl-C cut short."""
        self.collector.stop()
        if self._observer:
            self._observer.stop()
            if self._observer.is_alive():  # (Ctrl-C may land between making the observer and starting it)
                self._observer.join(timeout=5)

    def _on_changes(self, changes: ChangeSet) -> None:
        if ChangeKind.INBOX in changes.kinds:
            self._ingest_inbox(p for p in changes.paths if classify(p, self.config, self.config_path) == ChangeKind.INBOX)
            changes.kinds.discard(ChangeKind.INBOX)
            if not changes.kinds:
                return  # the new content files arrive as their own events
        self.rebuild(changes.kinds, changes.paths)

    def _dropped_while_unwatched(self) -> list[Path]:
        """The inbox's pages changed since the last ingest into the content folder (its ledger's time), which no
        watch saw arrive: dropped while serve and watch were stopped. Older ones were there for that ingest."""
        from newsdigest.ingest.input_files import find_inputs
        from newsdigest.ingest.ledger import LEDGER_NAME

        if not self.config.inbox_dir or not self.config.inbox_dir.is_dir():
            return []
        try:
            since = (self.config.content_dir / LEDGER_NAME).stat().st_mtime
        except OSError:
            since = 0.0
        return [path for path in find_inputs([self.config.inbox_dir])[0] if _changed_after(path, since) is not None]

    def _ingest_inbox(self, paths) -> None:
        from newsdigest.ingest import ingest_file
        from newsdigest.ingest.input_files import find_inputs, in_saved_page_files, leads_outside
        from newsdigest.ingest.outcomes import printable
        from newsdigest.ingest.pipeline import DateFallbacks
        from newsdigest.ingest.indexed_files import index_cache_file
        from newsdigest.ingest.writer import ContentIndex
        from newsdigest.journal import ingesting_into

        # A folder (moved in whole, or the inbox itself after events were lost) is its pages.
        paths = set(paths)
        folders = {path for path in paths if path.is_dir() and not leads_outside(path, self.config.inbox_dir)}
        paths = (paths - folders) | set(find_inputs(sorted(folders))[0] if folders else ())
        # serve and watch take no --date: say what works for an undated page here.
        dates = DateFallbacks(from_mtime=self.config.ingest.date_from_mtime,
                              advice="ingest it with `newsdigest ingest FILE --date YYYY-MM-DD` (or "
                                     "--date-from-mtime), set `ingest: date_from_mtime: true` in the config, or save "
                                     "it as a JSON Lines record with its fetched_at")
        pages = [path for path in sorted(paths) if not in_saved_page_files(path, self.config.inbox_dir)]
        if not pages:   # (a frame or resource of a page a browser saved whole beside its folder: not a page)
            return
        out_dir = self.config.content_dir
        with ingesting_into(out_dir, on_wait=lambda: self._say("inbox: waiting for another ingest writing into "
                                                                "the content folder")):
            # one for the batch: loading it reads every article the ingest index cache does not hold as it is
            index = ContentIndex.load(out_dir, cache=index_cache_file(self.config.root, out_dir),
                                      article_address=self.config.permalinks.article,
                                      digest_timezone=self.config.digest_timezone)
            for path in pages:
                name = printable(path.name)   # (a newline or escape sequence in a name must not act on the terminal)
                if self.collector.is_stopping():
                    break   # stopping: the pages left are read at the next start
                if leads_outside(path, self.config.inbox_dir):
                    self._say(f"inbox: {name}: a symbolic link to a file outside the inbox: not read")
                elif path.is_file():
                    try:
                        data = path.read_bytes()
                        report = ingest_file(path, self.config, out_dir=out_dir, dates=dates, index=index,
                                             force=self._grew_since_ingested(path, data))
                        if report.written:
                            self._inbox_ingested[path] = (len(data), hashlib.blake2b(data, digest_size=16).digest(),
                                                          tuple(outcome.path for outcome in report.written))
                        self._say(f"inbox: {name}: {getattr(report, 'status', report)}")
                    except Exception as err:  # one bad page must not stop the watcher
                        self._say(f"inbox: {name}: {err}")

    def _grew_since_ingested(self, path: Path, data: bytes) -> bool:
        """Whether the inbox file is one page this session ingested, since grown by more written after it, whose
        article is still there: a scraper that writes a page in several chunks, closing the file between them, had
        its first chunk ingested as the page; the whole page then replaces that article (as `ingest --force`,
        keeping a hand-edited article's text in content/.newsdigest-replaced/). Only a text or HTML page: a JSON
        or JSON Lines file grows by records of their own, each ingested once."""
        from newsdigest.ingest.readers import HTML_SUFFIXES, TEXT_SUFFIXES   # files of one page each

        known = self._inbox_ingested.get(path)
        one_page = path.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES
        return known is not None and one_page and len(data) > known[0] and \
            hashlib.blake2b(data[:known[0]], digest_size=16).digest() == known[1] and \
            all(written.is_file() for written in known[2])

    def rebuild(self, kinds: set[ChangeKind], paths: set[Path] | None = None, *,
                follow_up: bool = False) -> BuildOutcome | None:
        """Rebuild after changes of these kinds (an empty set means a first build): a quick update when
        only content files changed and the change allows one, else a full build. None when a follow-up
        build stopped early for new changes."""
        with self._lock:
            number = len(self.outcomes) + 1
            started = time.time()
            try:
                result = None
                if ChangeKind.CONFIG in kinds or self._config_failed:
                    self._config_failed = True
                    self.config = self._load_config()
                    self._config_failed = False
                    self.builder = self._new_builder()
                elif ChangeKind.TEMPLATE in kinds:
                    self.builder.templates_changed()
                elif kinds == {ChangeKind.CONTENT} and paths and not follow_up and not self._build_failed:
                    try:
                        result = self.builder.update(paths)
                    except Exception:  # NeedsFullBuild, or an update that failed half-way: a full build repairs it
                        result = None
                if self._observer is not None:
                    self._follow_folders()   # before the build reads them: a folder made anew is watched from now on
                if result is None:
                    check_not_busy(self.config.output_dir)   # (else the whole site renders, then waits anyway)
                    stop = self.collector.should_stop if follow_up else self.collector.is_stopping
                    result = self.builder.build(should_stop=stop)
                outcome = self._outcome(number, result, follow_up)
            except BuildCancelled:
                if not self.collector.is_stopping():
                    self.collector.when_idle(self._follow_up, self.follow_up_delay)  # try again when quiet
                return None
            except (OutputBusy, OutputChanged) as err:
                # A `build` in another terminal holds the folder, or wrote into it while this one rendered: no fault
                # of the site's, so no failed build: a full build again once it has finished, told once.
                self._follow_up_due = True   # (not settled: `settled` says so while it waits)
                self.collector.when_idle(self._follow_up, self.follow_up_delay)
                if not self._waiting:
                    self._say(f"build {number} waits: {err.problems[0].message.split(';')[0]}; it builds again once "
                              "that build has finished")
                self._waiting = True
                return None
            except NewsdigestError as err:
                outcome = BuildOutcome(number, False, f"build {number} failed; nothing was written: the output "
                                                      f"folder keeps the last good build\n{err}")
                # A file it failed on may have been read mid-save (an editor's save in place truncates it first):
                # once saved, it is read again, though its bytes may then be those seen before the build
                self.collector.forget(problem.path for problem in err.problems)
                stamps = {path: _changed_after(path, started) for path in {problem.path for problem in err.problems}}
                if again := [path for path, stamp in stamps.items() if stamp and self._requeued.get(path) != stamp]:
                    self._requeued.update((path, stamps[path]) for path in again)   # (once: a future mtime stays)
                    self.collector.queue(again)
            except Exception as err:  # keep watching whatever happens; the traceback is the user's bug report
                outcome = BuildOutcome(number, False, f"build {number} crashed: {type(err).__name__}: {err}")
            self._waiting = False   # (a build ran, good or failed: a later wait is told again)
            if outcome.result is None or not outcome.result.quick:
                self._build_failed = not outcome.ok
            if outcome.result is not None and outcome.result.quick:
                self._follow_up_due = True
                self.collector.when_idle(self._follow_up, self.follow_up_delay)
            else:  # a full build, good or failed, leaves no quick update to follow up
                self._follow_up_due = False
                self.collector.cancel_idle()
            self.outcomes.append(outcome)
            for older in self.outcomes[:-KEEP_RESULTS]:
                older.result = None
            told = self._told_anew(outcome)   # (under the lock: builds one after another tell in their order)
        self._say(told)
        if outcome.reload:
            for listener in self.listeners:
                listener(outcome)
        return outcome

    def _follow_up(self) -> None:
        self.rebuild({ChangeKind.CONTENT}, follow_up=True)

    def _told_anew(self, outcome: BuildOutcome) -> str:
        """What the terminal is told of a build: its summary line, and the warnings not told since the last full
        build, with a count of the others. (Each build finds every warning of the site again, and a list of them
        printed after every save buried what the save changed.)"""
        if not outcome.problems:
            if outcome.result is not None and not outcome.result.quick:
                self._told = set()
            return outcome.message
        fresh = [line for line in outcome.problems if line not in self._told]
        again = len(outcome.problems) - len(fresh)
        if outcome.result is not None and not outcome.result.quick:
            self._told = set(outcome.problems)
        else:
            self._told.update(outcome.problems)
        return "\n".join([outcome.message.split("\n", 1)[0], *fresh,
                          *([f"({plural(again, 'problem')} as before)"] if again else [])])

    def _outcome(self, number: int, result: BuildResult, follow_up: bool) -> BuildOutcome:
        problems = tuple([f"skipped: {problem}" for problem in result.skipped]
                         + [f"warning: {problem}" for problem in result.warnings])
        files = (f"{plural(result.rendered, 'file')} rendered, {result.report.written} written, "
                 f"{result.report.removed} removed in {result.seconds * 1000:.0f} ms")
        if result.quick:
            message = (f"update {number}: {plural(result.parsed, 'edited article')}, {files} "
                       "(a full build follows when edits pause)")
        else:
            # A first build reads every file, and a follow-up none (the update before it read the edits): only in
            # between does the count say something. Never "0 parsed" beside the articles just edited.
            changed = f" ({plural(result.parsed, 'file')} re-read)" if result.parsed and number > 1 and not follow_up \
                else ""
            message = (f"build {number}{' (follow-up: stories and search brought up to date)' if follow_up else ''}: "
                       f"{plural(len(result.site.articles), 'article')}{changed}, {files}")
        # A follow-up that changed only the search index, or a quick update that changed no file (a typo'd key
        # added), has nothing an open page shows: the page keeps its place.
        written = result.report.changed_paths
        reload = not (follow_up or result.quick) or any(not is_search_file(path) for path in written)
        return BuildOutcome(number, True, "\n".join([message, *problems]), result, follow_up, reload, problems)

    def _say(self, message: str) -> None:
        if not self.quiet:
            print(message, file=sys.stderr, flush=True)


def _changed_after(path: Path, since: float) -> tuple | None:
    """The file's (modification, change time, size) where it changed, or came into its folder, after `since` (the
    change time counts too: `mv`, `cp -p` and unzip keep the modification time), else None."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime, info.st_ctime, info.st_size) if max(info.st_mtime, info.st_ctime) > since else None
