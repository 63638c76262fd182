"""Content stage: the content folder -> its `Article` records (see newsdigest.article) and, for a build, their
`ArticleFacts`; parsed in parallel when there are many, and kept between builds so a rebuild parses only the
files that changed."""

from __future__ import annotations

import errno
import multiprocessing
import os
import stat as file_mode
import time as clock
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

from newsdigest.article import Article, file_hash, parse_article
from newsdigest.body_store import BodyFile
from newsdigest.config import Config
from newsdigest.content_files import find_content_files, linked_article, misnamed_articles
from newsdigest.fileio import RACY_SECONDS, NotRegularFileError, read_regular_file
from newsdigest.front_matter import ContentError
from newsdigest.future_dates import future_dated
from newsdigest.heap import freeze_heap, refreeze, thaw_heap
from newsdigest.lifetime import die_with_parent, may_fork_a_helper
from newsdigest.problems import Problem
from newsdigest.story_terms import LanguageMemos, PackedTerms, article_tokens, pack_terms
from newsdigest.topics import TopicMatcher


@dataclass(frozen=True)
class ArticleFacts:
    """What the site model needs of one article version beyond its front matter, worked out where the article
    is parsed (in the worker processes for big batches) so the build's own process need not.

    Depends only on the article and the config; a SiteBuilder keeps it by `Article.file_hash` (see caches).
    """

    topics: tuple[str, ...]          # assigned as site_model.assign_topics would: declared, else by rules
    story_terms: PackedTerms | None  # weighted term counts for stories (story_terms.article_tokens), packed; None if off


class FactFinder:
    """Works out ArticleFacts for one config, reusing its compiled topic rules and word memo between articles."""

    def __init__(self, config: Config):
        self.matcher, self.memo, self.stories = TopicMatcher(config), LanguageMemos(), config.stories.enabled

    def __call__(self, article: Article) -> ArticleFacts:
        topics = self.matcher.assign(title=article.title, summary=article.summary, tags=article.tags,
                                     body=article.body_markdown, declared=article.declared_topics,
                                     category=article.category, url=article.url)
        return ArticleFacts(topics, pack_terms(article_tokens(article, self.memo)) if self.stories else None)


class Parsed(NamedTuple):
    """One content file, parsed: the article or why it is not one, and its facts when they were asked for."""

    result: Article | list[Problem]
    facts: ArticleFacts | None = None


@dataclass
class LoadResult:
    articles: list[Article]
    problems: list[Problem]
    warnings: list[Problem]
    facts: dict[str, ArticleFacts] = field(default_factory=dict)  # file hash -> facts (see load_articles)
    files: int = 0  # content files found (articles, drafts, and files that are not articles)


class CacheEntry(NamedTuple):
    """What ArticleCache keeps of one content file."""

    stamp: tuple[int, int]               # (mtime_ns, size) when it was read; (0, -1) when it could not be
    file_hash: str                       # of the bytes read (see article.file_hash); "" when unreadable
    result: Article | list[Problem]      # the article, or why the file is not one


_NOT_COMPARED = (0, -2)   # the stamp of an entry whose version is not kept: no file has it, none is unchanged


class ArticleCache:
    """Parsed articles kept between builds of one session, so a rebuild re-parses only changed files.

    A file counts as unchanged when its size and modification time are the same. A file modified in
    the last RACY_SECONDS is also compared by its file hash, because two saves within the file
    system's timestamp granularity can leave the time unchanged (git's "racy clean" problem).
    With `facts=True` each parse also works out the article's ArticleFacts, handed over once (`take_facts`).
    With a `store` (newsdigest.build_cache.BuildCache, the persistent cache of command-line builds), a file
    this session has not read yet is looked up there by the hash of its bytes before it is parsed, and each
    fresh parse is handed to it; only real parses count in `parsed`. With `bodies` (a one-shot build's
    newsdigest.body_store.BodyFile) each article's body is written there and the cache holds the article without it.
    Without `session` (a cache read once, as a one-shot build's), no file's size, time and hash are kept: nothing
    would compare them, and at a million files they took 200 MB while the files were read.
    """

    def __init__(self, facts: bool = False, store=None, bodies: BodyFile | None = None, session: bool = True) -> None:
        self.facts = facts
        self.store = store
        self.bodies = bodies
        self.session = session
        self._entries: dict[str, CacheEntry] = {}
        self._facts: dict[str, ArticleFacts] = {}
        self.parsed = 0

    def refresh(self, paths: list[str], config: Config, content_root: Path) -> None:
        """Bring these files (named as `str(Path)` does: the keys) up to date; changed ones are parsed, in parallel."""
        now = clock.time()
        store = self.store
        if store is not None:
            store.present(paths)
        waiting: deque[tuple[str, tuple[int, int], str]] = deque()   # sent to the parser, in order

        def file_parsed(results: Iterable[Parsed]) -> None:
            for result, facts in results:
                path, stamp, digest = waiting.popleft()
                if store is not None:
                    store.put_article(path, digest, result, facts)
                self._entries[path] = self._entry(stamp, digest, result)
                if facts is not None:
                    self._facts[path] = facts
                self.parsed += 1

        with BatchParser(config, content_root, self.facts, expected=len(paths)) as parser:
            for path in paths:
                try:
                    stat = os.stat(path)
                    if not file_mode.S_ISREG(stat.st_mode):
                        raise NotRegularFileError(path)
                    stamp = (stat.st_mtime_ns, stat.st_size)
                    cached = self._entries.get(path)
                    if cached and cached.stamp == stamp and now - stat.st_mtime_ns / 1e9 >= RACY_SECONDS:
                        continue
                    raw = read_regular_file(path)
                except OSError as err:
                    unread = Problem(Path(path), f"cannot read file: {err.strerror or err}")
                    self._entries[path] = CacheEntry((0, -1), "", [unread])
                    continue
                digest = file_hash(raw)
                if cached and cached.file_hash == digest:
                    self._entries[path] = cached._replace(stamp=stamp)
                    continue
                stored = store.article(path, digest) if store is not None else None
                # (a row without facts serves a build that works them out only when it holds problems)
                if stored is not None and (stored[1] is not None or not self.facts or isinstance(stored[0], list)):
                    self._entries[path] = self._entry(stamp, digest, stored[0])
                    if self.facts and isinstance(stored[0], Article):
                        self._facts[path] = stored[1]
                    continue
                waiting.append((path, stamp, digest))
                parser.add(path, raw)
                file_parsed(parser.finished())
            file_parsed(parser.results())

    def _entry(self, stamp: tuple[int, int], digest: str, result: Article | list[Problem]) -> CacheEntry:
        """What this cache holds of a file read: the article with its body in the body file when it has one, and
        the file's version when this cache lives on (`session`)."""
        if self.bodies is not None and isinstance(result, Article):
            result = self.bodies.keep(result)
        return CacheEntry(stamp, digest, result) if self.session else CacheEntry(_NOT_COMPARED, "", result)

    def result(self, path: str) -> Article | list[Problem]:
        return self._entries[path].result

    def take_facts(self, path: str) -> ArticleFacts | None:
        """The facts of this file's article when it was parsed since the last call (else None)."""
        return self._facts.pop(path, None)

    def let_go(self) -> None:
        """Forget every article and its facts (a one-shot build, once it holds them elsewhere); `parsed` stays."""
        self._entries.clear()
        self._facts.clear()

    def forget_missing(self, present: set[str]) -> None:
        for path in set(self._entries) - present:
            del self._entries[path]
            self._facts.pop(path, None)


PARALLEL_MIN_FILES = 200  # below this, starting worker processes costs more than it saves
CHUNKS_PER_WORKER = 16    # small enough that no worker idles long at the end while another finishes
MIN_CHUNK = 50
MAX_CHUNK = 500           # files a chunk, at most: what is read ahead of the workers stays bounded (see `finished`)
IN_FLIGHT_PER_WORKER = 3  # chunks sent to the workers and not yet handed on, a worker, before reading waits
# From this many files the workers are spawned: a forked one comes to hold its own copy of the pages it was forked
# with as this process writes to them (360 MB a worker at a million files); a fresh one, about 80 MB.
SPAWN_MIN_FILES = 50_000


class BatchParser:
    """Parses content files as they are read: in this process for a few, in worker processes for many.

    The workers start as soon as the batch reaches PARALLEL_MIN_FILES (`expected` is how many files
    may come), and each chunk of files goes to them once read, so starting the workers and reading the
    rest of the files overlap with parsing. Use as a context manager; `results()` gives one Parsed per
    file, in the order added, with its ArticleFacts when `facts`.
    """

    def __init__(self, config: Config, content_root: Path, facts: bool = False, expected: int = 0):
        self.config, self.content_root, self.facts = config, content_root, facts
        self.workers = min(os.cpu_count() or 1, 8)
        self.expected = expected
        self.chunk_size = min(MAX_CHUNK, max(MIN_CHUNK, -(-expected // (self.workers * CHUNKS_PER_WORKER))))
        self._pending: list[tuple[Path, bytes]] = []
        self._submitted: deque = deque()
        self._pool: ProcessPoolExecutor | None = None
        self._heap_frozen = False   # frozen by this parser for its forked workers (see `add`)

    def __enter__(self) -> BatchParser:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers (the pending chunks are cancelled) and let go of the heap they were forked with."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        if self._heap_frozen:
            thaw_heap()
            self._heap_frozen = False

    def add(self, path: Path, raw: bytes) -> None:
        self._pending.append((path, raw))
        if self._pool is None and self.workers >= 2 and len(self._pending) >= PARALLEL_MIN_FILES:
            # Forked where that is safe (a process running one thread, as a one-shot build does), so the workers
            # start with this process's modules loaded; else "spawn": beside the watcher's threads a fork could copy
            # a held lock. A forked worker's collector must not scan (and so copy) the heap it shares with this
            # process: the heap is frozen while the pool runs (newsdigest.heap). die_with_parent: a killed build
            # must not leave its workers running (and holding the resource tracker). (multiprocessing flushes
            # stdout and stderr before it forks: no worker writes them again.) A big batch spawns them
            # (SPAWN_MIN_FILES): a second to start is nothing beside its minutes of parsing.
            method = "fork" if may_fork_a_helper() and self.expected < SPAWN_MIN_FILES else "spawn"
            if method == "fork":
                freeze_heap()
                self._heap_frozen = True
            try:
                self._pool = ProcessPoolExecutor(max_workers=self.workers,
                                                 mp_context=multiprocessing.get_context(method),
                                                 initializer=die_with_parent)
            except BaseException:
                self.close()
                raise
        while self._pool is not None and len(self._pending) >= self.chunk_size:
            self._submit()

    def finished(self) -> Iterator[Parsed]:
        """The results ready so far, in the order added: those of the chunks the workers are done with, up to the
        first one still at work. While more than IN_FLIGHT_PER_WORKER chunks a worker are out, it waits for the
        oldest: the files read ahead of the workers, and the results not yet handed on, are then a window of a few
        chunks, where they used to grow with the site (the whole content folder's bytes at 100,000 articles)."""
        if self._pool is None and self.workers < 2 and len(self._pending) >= self.chunk_size:  # one core: parsed here
            chunk, self._pending = self._pending, []
            yield from _parse_chunk(chunk, self.config, self.content_root, self.facts)
        limit = self.workers * IN_FLIGHT_PER_WORKER
        while self._submitted and (self._submitted[0].done() or len(self._submitted) > limit):
            yield from self._submitted.popleft().result()
            refreeze()

    def results(self) -> Iterator[Parsed]:
        """The results not yet handed on by `finished`, in the order added, a chunk at a time: each chunk is let go
        once the caller has moved past it, so a caller that keeps less of an article than its parse (no body) never
        holds them all."""
        if self._pool is None:
            yield from _parse_chunk(self._pending, self.config, self.content_root, self.facts)
            return
        while self._pending:
            self._submit()
        while self._submitted:
            yield from self._submitted.popleft().result()
            refreeze()  # a one-shot build's articles stay to its end: out of the collector's passes (newsdigest.heap)

    def _submit(self) -> None:
        chunk, self._pending = self._pending[:self.chunk_size], self._pending[self.chunk_size:]
        self._submitted.append(self._pool.submit(_parse_chunk, chunk, self.config, self.content_root, self.facts))


def parse_many(items: list[tuple[Path, bytes]], config: Config, content_root: Path,
               facts: bool = False) -> list[Parsed]:
    """Parse many files, using every core for large batches; one Parsed per file, in input order."""
    with BatchParser(config, content_root, facts, expected=len(items)) as parser:
        for path, raw in items:
            parser.add(path, raw)
        return list(parser.results())


def _parse_chunk(items: list[tuple[Path | str, bytes]], config: Config, content_root: Path,
                 facts: bool = False) -> list[Parsed]:
    items = [(Path(path), raw) for path, raw in items]
    results = [_parse_one(path, raw, config, content_root) for path, raw in items]
    if facts:
        # After the whole chunk is parsed, not article by article: the topic rules and the term memo stay in the
        # processor's caches between articles instead of being pushed out by the Markdown parser (0.5 s less CPU
        # at 10,000 articles).
        find_facts = FactFinder(config)
        results = [_with_facts(parsed, path, find_facts) for (path, _), parsed in zip(items, results)]
    return results


def _parse_one(path: Path, raw: bytes, config: Config, content_root: Path) -> Parsed:
    try:
        return Parsed(parse_article(path, raw, config, content_root))
    except ContentError as err:
        return Parsed(err.problems)
    except Exception as err:  # a bug, here or in a library: it costs this one file, never the whole build
        return Parsed([_bug(path, err)])


def _with_facts(parsed: Parsed, path: Path, find_facts: FactFinder) -> Parsed:
    if not isinstance(parsed.result, Article):
        return parsed
    try:
        return Parsed(parsed.result, find_facts(parsed.result))
    except Exception as err:  # as in _parse_one
        return Parsed([_bug(path, err)])


def _bug(path: Path, err: Exception) -> Problem:
    return Problem(path, f"could not be read: {type(err).__name__}: {err} "
                         "(a newsdigest bug: please report it with this file)")


def load_articles(config: Config, include_drafts: bool = False, cache: ArticleCache | None = None) -> LoadResult:
    """Read every content file; collects all problems instead of stopping at the first.

    With a cache made with `facts=True`, `LoadResult.facts` holds the ArticleFacts of each article parsed
    in this call (articles the cache already held were handed over by an earlier call).
    """
    cache = cache or ArticleCache(session=False)
    articles, problems, warnings = [], [], []
    content_root = config.content_dir.resolve()
    files = find_content_files(config.content_dir)
    readable, by_real_path = [], {}
    for path in files:
        refused = _refused_entry(path, content_root)
        if refused:
            problems.append(refused)
        elif (copy_of := linked_article(path, files, by_real_path)) is not None:
            warnings.append(Problem(path, f"a link to {copy_of}, which is read as an article already: left out (it "
                                          "would publish the article twice)"))
        else:
            readable.append(str(path))
    # Read by their names (a Path held took 430 bytes more a file); a link to an article read already is not counted
    listed, files, by_real_path = len(readable) + len(problems), None, None
    cache.refresh(readable, config, content_root)
    facts: dict[str, ArticleFacts] = {}
    for path in readable:
        result = cache.result(path)
        if isinstance(result, list):
            problems.extend(result)
        elif include_drafts or not result.draft:
            articles.append(result)
            warnings.extend(result.warnings)
            found = cache.take_facts(path)
            if found is not None:
                facts[result.file_hash] = found
    cache.forget_missing(set(readable))
    warnings.extend(future_dated(articles, config.content_dir, datetime.now(timezone.utc)))
    for path, name in misnamed_articles(config.content_dir):
        warnings.append(Problem(path, f"not read as an article: articles are files whose names end in .md (in lower "
                                      f"case); rename it {name} to publish it"))
    return LoadResult(articles, problems, warnings, facts, listed)


def _refused_entry(path: Path, content_root: Path) -> Problem | None:
    """Why a listed path must not be read: a folder that cannot be listed, a folder or symlink that leads out of
    content/, or a symlink loop."""
    if path.is_dir():  # find_content_files lists a folder only when it leads outside or cannot be listed
        if path.resolve().is_relative_to(content_root):
            return Problem(path, "cannot list this folder (no permission to read it?): its articles would be left out")
        return Problem(path, "symlink points outside the content folder; refusing to read it")
    if not path.is_symlink():  # only symlinks can lead outside; lstat is cheap, resolve is not
        return None
    loop = Problem(path, "symlink loop: the link leads back to itself; refusing to read it")
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # how Python 3.11 reports a loop
        return loop
    except OSError as err:  # a loop (ELOOP), or a dangling link, which reading then reports
        return loop if err.errno == errno.ELOOP else None
    if not target.is_relative_to(content_root):
        return Problem(path, "symlink points outside the content folder; refusing to read it")
    return None
