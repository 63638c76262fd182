"""Content stage: Markdown files with YAML front matter -> validated `Article` records."""

from __future__ import annotations

import errno
import hashlib
import multiprocessing
import os
import re
import stat as file_mode
import time as clock
from collections.abc import Hashable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

import yaml
from dateutil import parser as date_parser

from newsdigest.config import LANGUAGE_TAG, Config
from newsdigest.lifetime import die_with_parent
from newsdigest.markup import render_markdown, strip_control_chars, truncate_words
from newsdigest.problems import Problem
from newsdigest.slugs import slugify

# libyaml's safe loader when PyYAML was built with it (10x faster); the same safe subset of YAML either way.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TEXT_KEYS = {"title", "source", "url", "author", "category", "summary", "lang", "slug"}
LIST_KEYS = {"topics", "tags"}   # a list of text, or one comma-separated text
KNOWN_KEYS = TEXT_KEYS | LIST_KEYS | {"date", "draft"}
MIN_YEAR, MAX_YEAR = 1900, 2199
_FENCE = re.compile(r"^---[ \t]*$")
_CLOSING_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


@dataclass(frozen=True)
class Article:
    """One published (or draft) article, as read from `content/`.

    `topics` holds the front matter's topics until the site model assigns the final list.
    """

    source_path: Path          # relative to the content folder, with '/' separators
    title: str
    date: datetime             # always timezone-aware
    slug: str
    body_html: str
    summary: str
    date_only: bool = False
    source: str = ""
    url: str = ""
    author: str = ""
    category: str = ""
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    lang: str = "en"
    draft: bool = False
    body_markdown: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    content_hash: str = ""     # of the file's bytes: identifies this version of the article
    warnings: tuple[Problem, ...] = ()  # found in the file without stopping it: e.g. a bad `url`, left out
    # Filled in by the site model (newsdigest.site_model), empty straight out of a content file:
    page_url: str = ""         # site path such as /2026/01/29/slug/, without the base path
    day: date | None = None    # the digest day the article is listed under

    @property
    def sort_key(self) -> tuple:
        """Newest first, ties broken by title and file so every build orders articles the same way."""
        return (-self.date.timestamp(), self.title.lower(), str(self.source_path))


class ContentError(Exception):
    """A content file that cannot be published; carries the problems found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


@dataclass
class LoadResult:
    articles: list[Article]
    problems: list[Problem]
    warnings: list[Problem]
    derived: dict[str, Any] = field(default_factory=dict)  # content_hash -> what `derive` computed (see load_articles)


# A later stage's per-article work, done where the article is parsed (in the worker processes for big
# batches): given the config, returns a function from a parsed Article to a picklable value. It must be
# a module-level function, so worker processes can import it.
Deriver = Callable[[Config], Callable[["Article"], Any]]


def find_content_files(content_dir: Path) -> list[Path]:
    """Every `*.md` file under the content folder, sorted; hidden files and editor temp files are skipped.

    Symlinked folders are followed only while they stay inside the content folder; one that points
    outside is listed itself (never entered), so `load_articles` reports it.
    """
    root = content_dir.resolve()
    files = []
    visited: set[Path] = set()
    for dirpath, dirnames, filenames in os.walk(content_dir, followlinks=True):
        here = Path(dirpath)
        real = here.resolve()
        if not real.is_relative_to(root):
            files.append(here)
            dirnames[:] = []
            continue
        if real in visited:  # a symlink loop inside content/
            dirnames[:] = []
            continue
        visited.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for name in filenames:
            if name.endswith(".md") and not name.startswith((".", "#", "~")):
                files.append(here / name)
    return sorted(files)


class ArticleCache:
    """Parsed articles kept between builds of one session, so a rebuild re-parses only changed files.

    A file counts as unchanged when its size and modification time are the same. A file modified in
    the last two seconds is also compared by content hash, because two saves within the file
    system's timestamp granularity can leave the time unchanged (git's "racy clean" problem).
    """

    RACY_SECONDS = 2.0

    def __init__(self, derive: Deriver | None = None) -> None:
        self.derive = derive
        self._entries: dict[Path, tuple[tuple[int, int], str, Article | list[Problem]]] = {}
        self._derived: dict[Path, Any] = {}
        self.parsed = 0

    def refresh(self, paths: list[Path], config: Config, content_root: Path) -> None:
        """Bring the cache up to date for these files; changed files are parsed, in parallel when many."""
        todo: list[tuple[Path, tuple[int, int], str]] = []
        now = clock.time()
        with BatchParser(config, content_root, self.derive, expected=len(paths)) as parser:
            for path in paths:
                try:
                    stat = path.stat()
                    if not file_mode.S_ISREG(stat.st_mode):
                        raise NotRegularFileError(path)
                    stamp = (stat.st_mtime_ns, stat.st_size)
                    cached = self._entries.get(path)
                    if cached and cached[0] == stamp and now - stat.st_mtime_ns / 1e9 >= self.RACY_SECONDS:
                        continue
                    raw = read_regular_file(path)
                except OSError as err:
                    self._entries[path] = ((0, -1), "", [Problem(path, f"cannot read file: {err.strerror or err}")])
                    continue
                digest = content_hash(raw)
                if cached and cached[1] == digest:
                    self._entries[path] = (stamp, digest, cached[2])
                    continue
                todo.append((path, stamp, digest))
                parser.add(path, raw)
            results = parser.results()
        for (path, stamp, digest), (result, derived) in zip(todo, results):
            self._entries[path] = (stamp, digest, result)
            self._derived[path] = derived
        self.parsed += len(todo)

    def result(self, path: Path) -> Article | list[Problem]:
        return self._entries[path][2]

    def take_derived(self, path: Path) -> Any:
        """What the cache's `derive` function computed for this file's article, handed over once (then None)."""
        return self._derived.pop(path, None)

    def forget_missing(self, present: set[Path]) -> None:
        for path in set(self._entries) - present:
            del self._entries[path]
            self._derived.pop(path, None)


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


PARALLEL_MIN_FILES = 200  # below this, starting worker processes costs more than it saves
CHUNKS_PER_WORKER = 16    # small enough that no worker idles long at the end while another finishes
MIN_CHUNK = 50


class BatchParser:
    """Parses content files as they are read: in this process for a few, in worker processes for many.

    The workers start as soon as the batch reaches PARALLEL_MIN_FILES (`expected` is how many files
    may come), and each chunk of files goes to them once read, so starting the workers and reading the
    rest of the files overlap with parsing. Use as a context manager; `results()` gives (article or
    problems, derived value) per file, in the order added.
    """

    def __init__(self, config: Config, content_root: Path, derive: Deriver | None = None, expected: int = 0):
        self.config, self.content_root, self.derive = config, content_root, derive
        self.workers = min(os.cpu_count() or 1, 8)
        self.chunk_size = max(MIN_CHUNK, -(-expected // (self.workers * CHUNKS_PER_WORKER)))
        self._pending: list[tuple[Path, bytes]] = []
        self._submitted: list = []
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> BatchParser:
        return self

    def __exit__(self, *exc_info) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def add(self, path: Path, raw: bytes) -> None:
        self._pending.append((path, raw))
        if self._pool is None and self.workers >= 2 and len(self._pending) >= PARALLEL_MIN_FILES:
            # "spawn": the build may run inside the watcher, which has threads, and fork with threads is unsafe.
            # die_with_parent: a killed build must not leave its workers running (and holding the resource tracker).
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=die_with_parent)
        while self._pool is not None and len(self._pending) >= self.chunk_size:
            self._submit()

    def results(self) -> list[tuple[Article | list[Problem], Any]]:
        if self._pool is None:
            return _parse_chunk(self._pending, self.config, self.content_root, self.derive)
        while self._pending:
            self._submit()
        return [result for future in self._submitted for result in future.result()]

    def _submit(self) -> None:
        chunk, self._pending = self._pending[:self.chunk_size], self._pending[self.chunk_size:]
        self._submitted.append(self._pool.submit(_parse_chunk, chunk, self.config, self.content_root, self.derive))


def parse_many(items: list[tuple[Path, bytes]], config: Config, content_root: Path,
               derive: Deriver | None = None) -> list[tuple[Article | list[Problem], Any]]:
    """Parse many files, using every core for large batches; (article or problems, derived value) in input order."""
    with BatchParser(config, content_root, derive, expected=len(items)) as parser:
        for path, raw in items:
            parser.add(path, raw)
        return parser.results()


def _parse_chunk(items: list[tuple[Path, bytes]], config: Config, content_root: Path,
                 derive: Deriver | None = None) -> list[tuple[Article | list[Problem], Any]]:
    derive_one = derive(config) if derive else None
    results: list[tuple[Article | list[Problem], Any]] = []
    for path, raw in items:
        try:
            article = parse_article(path, raw, config, content_root)
            derived = derive_one(article) if derive_one else None
        except ContentError as err:
            results.append((err.problems, None))
            continue
        except Exception as err:  # a bug, here or in a library: it costs this one file, never the whole build
            results.append(([Problem(path, f"could not be read: {type(err).__name__}: {err} "
                                           "(a newsdigest bug: please report it with this file)")], None))
            continue
        results.append((article, derived))
    return results


def content_hash(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def load_articles(config: Config, include_drafts: bool = False, cache: ArticleCache | None = None) -> LoadResult:
    """Read every content file; collects all problems instead of stopping at the first.

    With a cache made with a `derive` function, `LoadResult.derived` holds its value for each article
    parsed in this call (articles the cache already held were handed over by an earlier call).
    """
    cache = cache or ArticleCache()
    articles, problems, warnings = [], [], []
    content_root = config.content_dir.resolve()
    files = find_content_files(config.content_dir)
    readable = []
    for path in files:
        refused = _refused_entry(path, content_root)
        if refused:
            problems.append(refused)
        else:
            readable.append(path)
    cache.refresh(readable, config, content_root)
    derived: dict[str, Any] = {}
    for path in readable:
        result = cache.result(path)
        if isinstance(result, list):
            problems.extend(result)
        elif include_drafts or not result.draft:
            articles.append(result)
            warnings.extend(result.warnings)
            value = cache.take_derived(path)
            if value is not None:
                derived[result.content_hash] = value
    cache.forget_missing(set(readable))
    return LoadResult(articles, problems, warnings, derived)


def _refused_entry(path: Path, content_root: Path) -> Problem | None:
    """Why a listed path must not be read: a folder or symlink that leads out of content/, or a symlink loop."""
    if path.is_dir():  # find_content_files lists a folder only when it leads outside
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


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """Split a file into (front matter YAML, body, file line where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0].rstrip("\r\n")):
        raise ContentError([Problem(path, "missing front matter: the file must start with a '---' line", 1)])
    for index in range(1, len(lines)):
        if _CLOSING_FENCE.match(lines[index].rstrip("\r\n")):
            return "".join(lines[1:index]), "".join(lines[index + 1:]), index + 2
    raise ContentError([Problem(path, "front matter opened with '---' here is never closed by a '---' line", 1)])


_YAML = "tag:yaml.org,2002:"
# Scalars a text key keeps exactly as written, whatever YAML 1.1 would have made of them: `title: No`,
# `source: on`, `title: 1e3`, `title: 2026-02-30` are text. Null (`~`, `null`, nothing) still means "not given".
_AS_WRITTEN_TAGS = {_YAML + name for name in ("str", "bool", "int", "float", "timestamp", "null", "value", "merge")}
_VALUE_KINDS = {_YAML + "timestamp": "date", _YAML + "int": "integer", _YAML + "float": "number",
                _YAML + "bool": "boolean"}


class BadValueError(yaml.constructor.ConstructorError):
    """A value YAML can read but not build, or a repeated key; its message is for people as it is."""


class FrontMatterLoader(SAFE_LOADER):
    """The safe YAML loader, made strict where plain YAML 1.1 surprises people.

    - Only `true` and `false` (any case) are booleans, as in YAML 1.2: `yes`, `no`, `on`, `off` are text.
    - A value that its constructor cannot build (`2026-02-30`, `!!int abc`, a `+25:00` offset) is a YAML
      error marked at that node, instead of a bare ValueError or AttributeError with no line.
    - A key given twice in one mapping is an error at its second line, instead of the last one winning.
    """

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except Exception as err:  # PyYAML's constructors raise ValueError, TypeError, AttributeError, OverflowError
            raise BadValueError(None, None, _bad_value_message(node, err), node.start_mark) from None

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            _check_unique_keys(self, node)
        return super().construct_mapping(node, deep)


FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _YAML + "bool"]
    for first, resolvers in SAFE_LOADER.yaml_implicit_resolvers.items()}
FrontMatterLoader.add_implicit_resolver(_YAML + "bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                        list("tTfF"))


def _bad_value_message(node: yaml.Node, err: Exception) -> str:
    kind = _VALUE_KINDS.get(node.tag, "value")
    if not isinstance(node, yaml.ScalarNode):
        return f"invalid {kind} ({type(err).__name__})"
    # datetime's reasons ("day is out of range for month") help; int()'s and float()'s only repeat the value.
    reason = f" ({err})" if kind == "date" and isinstance(err, (ValueError, OverflowError)) else ""
    return f"invalid {kind} {node.value!r}{reason}"


def _check_unique_keys(loader: yaml.constructor.BaseConstructor, node: yaml.MappingNode) -> None:
    """Raise at the second of two equal keys written in this mapping (keys merged in with `<<` may repeat)."""
    first_line: dict[Any, int] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _YAML + "merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        if key in first_line:
            raise BadValueError(None, None, f"duplicate key {key!r} (first on line {first_line[key]}); keep only one",
                                key_node.start_mark)
        first_line[key] = _file_line(key_node.start_mark)


def _file_line(mark) -> int:
    """File line of a position in the front matter, which starts on the file's line 2."""
    return mark.line + 2


def read_front_matter(front_text: str, path: Path) -> tuple[dict[Any, Any], dict[Any, int]]:
    """Front matter YAML -> (mapping, file line of each key); raises ContentError naming file and line.

    Loaded with FrontMatterLoader (safe, YAML 1.2 booleans, no duplicate keys). Text keys keep a
    scalar's characters as written (see _AS_WRITTEN_TAGS); every other value is built by YAML.
    """
    loader = FrontMatterLoader(front_text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as err:
            raise ContentError([_yaml_problem(path, err)]) from None
        if node is None:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            raise ContentError([Problem(path, "front matter must be a mapping of keys to values", 2)])
        try:
            _check_unique_keys(loader, node)
            loader.flatten_mapping(node)
        except yaml.YAMLError as err:
            raise ContentError([_yaml_problem(path, err)]) from None
        meta: dict[Any, Any] = {}
        lines: dict[Any, int] = {}
        problems: list[Problem] = []
        for key_node, value_node in node.value:
            try:
                key = loader.construct_object(key_node, deep=True)
                if not isinstance(key, Hashable):
                    raise yaml.constructor.ConstructorError(None, None, "a key must be text", key_node.start_mark)
                meta[key] = _front_matter_value(loader, key, value_node)
                lines[key] = _file_line(key_node.start_mark)
            except yaml.YAMLError as err:
                key_text = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                problems.append(_yaml_problem(path, err, key_text))
        if problems:
            raise ContentError(problems)
        return meta, lines
    finally:
        loader.dispose()


def _front_matter_value(loader: FrontMatterLoader, key: Any, node: yaml.Node) -> Any:
    if key in TEXT_KEYS:
        return _as_written(loader, node)
    if key in LIST_KEYS and isinstance(node, yaml.SequenceNode) and node.tag == _YAML + "seq":
        return [_as_written(loader, item) for item in node.value]
    if key == "date" and isinstance(node, yaml.ScalarNode) and node.tag in _AS_WRITTEN_TAGS - {
            _YAML + "timestamp", _YAML + "null"}:
        return node.value  # `date: 12:30` is not 750 minutes, `date: 2027` not a number: parse_date refuses them
    return loader.construct_object(node, deep=True)


def _as_written(loader: FrontMatterLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode) and node.tag in _AS_WRITTEN_TAGS:
        return None if node.tag == _YAML + "null" else node.value
    return loader.construct_object(node, deep=True)


def _yaml_problem(path: Path, err: yaml.YAMLError, key: str | None = None) -> Problem:
    """The problem a YAML error makes, at the line of the node it is about; `key` is the top-level key it is in."""
    mark = getattr(err, "problem_mark", None)
    reason = getattr(err, "problem", None) or str(err).splitlines()[0]
    if isinstance(err, BadValueError):
        message = f"{key}: {reason}" if key else reason
    else:
        message = f"{key}: invalid YAML: {reason}" if key else f"invalid YAML in front matter: {reason}"
    return Problem(path, message, _file_line(mark) if mark else 1)


def parse_article(path: Path, raw: bytes, config: Config, content_root: Path | None = None) -> Article:
    """Parse one content file's bytes into an Article, or raise ContentError naming file and line.

    Problems that do not stop the article from being published (a `url` or `lang` that is not
    valid, so it is left out) come back in `Article.warnings`.
    """
    content_root = content_root or config.content_dir.resolve()
    if not raw.strip():
        raise ContentError([Problem(path, "file is empty")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ContentError([Problem(path, f"not valid UTF-8 (byte 0x{raw[err.start]:02x}); save it as UTF-8", line)])
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front_text, body, _body_line = split_front_matter(text, path)
    meta, key_lines = read_front_matter(front_text, path)

    problems: list[Problem] = []
    warnings: list[Problem] = []

    def report(key: str, message: str, found: list[Problem] = problems) -> None:
        found.append(Problem(path, f"{key}: {message}", key_lines.get(key)))

    texts = {}
    for key in sorted(TEXT_KEYS):
        value = meta.get(key)
        if value is not None and not isinstance(value, str):
            report(key, f"must be text, not {_kind_of(value)}")
        texts[key] = _text(value) if isinstance(value, str) else ""
    title = texts["title"]
    if not title and isinstance(meta.get("title"), (str, type(None))):  # (one that is not text is reported above)
        if "title" in meta:
            report("title", "required, and must be non-empty text")
        else:
            problems.append(Problem(path, "missing required key 'title'", 1))
    published, date_only = None, False
    if "date" not in meta or meta["date"] in (None, ""):
        problems.append(Problem(path, "missing required key 'date' (e.g. date: 2026-01-29T15:08:00+09:00)", 1))
    else:
        try:
            published, date_only = parse_date(meta["date"], config)
        except ValueError as err:
            report("date", str(err))
    draft = meta.get("draft", False)
    if not isinstance(draft, bool):
        report("draft", "must be true or false")
    lists = {}
    for key in sorted(LIST_KEYS):
        value = meta.get(key)
        if not isinstance(value, (list, str, type(None))):
            report(key, "must be a list (e.g. [a, b]) or a comma-separated string")
        elif isinstance(value, list) and not all(isinstance(item, (str, type(None))) for item in value):
            report(key, "each item must be text (e.g. [a, b])")
        else:
            lists[key] = _text_list(value)
    if problems:
        raise ContentError(sorted(problems, key=lambda problem: problem.line or 0))

    url = texts["url"]
    if url and not is_web_url(url):
        report("url", f"{url!r} is not an absolute http(s) URL; left out", warnings)
        url = ""
    lang = texts["lang"]
    if lang and not LANGUAGE_TAG.fullmatch(lang):
        report("lang", f"{lang!r} is not a language tag such as 'en' or 'pt-BR'; using {config.language!r}", warnings)
        lang = ""
    body_html, lede = render_markdown(body)
    summary = texts["summary"] or truncate_words(lede, config.summary_length)
    relative = path.relative_to(content_root) if path.is_relative_to(content_root) else path
    # A file name that is not UTF-8 holds surrogate escapes (PEP 383): hash its bytes as they are on disk.
    slug = slugify(texts["slug"]) or slugify(title) or "article-" + hashlib.sha1(
        str(relative).encode("utf-8", "surrogateescape")).hexdigest()[:10]
    return Article(
        source_path=Path(relative.as_posix()),
        title=title,
        date=published,
        date_only=date_only,
        slug=slug,
        body_html=body_html,
        summary=summary,
        source=texts["source"],
        url=url,
        author=texts["author"],
        category=texts["category"],
        topics=tuple(dict.fromkeys(s for s in (slugify(t) for t in lists["topics"]) if s)),
        tags=_unique_casefold(lists["tags"]),
        lang=lang or config.language,
        draft=draft,
        body_markdown=body,
        extra={strip_control_chars(k): _clean_extra(v) for k, v in meta.items()
               if k not in KNOWN_KEYS and isinstance(k, str)},
        content_hash=content_hash(raw),
        warnings=tuple(warnings),
    )


# Characters a link must not hold: whitespace and controls, quotes and angle brackets (which end or open
# markup in careless templates), and what RFC 3986 and the HTML checker refuse in URLs.
_NOT_IN_URL = re.compile(r"[\s\x00-\x1f\x7f-\x9f\"<>\\^`{|}]")


def is_web_url(url: str) -> bool:
    """True for an absolute http or https URL with a host: a link to the original article that is safe to show.

    `http:javascript:1`, `https:///x`, relative paths and anything with spaces, quotes or control
    characters are refused.
    """
    if _NOT_IN_URL.search(url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # raises ValueError for a port that is not a number in range
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


# Zone abbreviations a written date may end with: those the IANA time zone database uses for exactly
# one UTC offset today. The ones it uses for several are refused, so a date is never hours off.
ZONE_OFFSETS = {
    "UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 60, "BST": 60, "CET": 60, "CEST": 120,
    "EET": 120, "EEST": 180, "MSK": 180,
    "EST": -300, "EDT": -240, "MST": -420, "MDT": -360, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600,
    "HKT": 480, "KST": 540, "JST": 540, "AWST": 480, "ACST": 570, "ACDT": 630, "AEST": 600, "AEDT": 660,
    "NZST": 720, "NZDT": 780,
}
AMBIGUOUS_ZONES = {
    "CST": "US Central -06:00, China +08:00 or Cuba -05:00",
    "CDT": "US Central -05:00 or Cuba -04:00",
    "IST": "India +05:30, Ireland +01:00 or Israel +02:00",
    "PST": "US Pacific -08:00 or Philippines +08:00",
}
DATE_FORMS = ("use ISO 8601 (2026-01-29T15:08:00+09:00, 2026-01-29) or a day, a month name and a year "
              "(29 January 2026 15:08 +09:00)")
_DATE_WORDS = date_parser.parserinfo()
# dateutil fills what a text leaves out from a default date (today, if not given); parsing with two
# defaults that differ in every part shows which parts the text really has.
_DEFAULTS = (datetime(2000, 1, 1), datetime(2004, 2, 2, 1, 1, 1))  # both leap years: 29 February parses
_ZONE_BEFORE_OFFSET = re.compile(r"(?<![A-Za-z])(?:UTC|GMT|UT)\s*(?=[+-]\d)")


def parse_date(value: Any, config: Config) -> tuple[datetime, bool]:
    """Front matter date -> (aware datetime, date_only). Naive values are in the config's time zone.

    Accepts YAML dates and timestamps, ISO 8601 text, and text with a day, a month name and a
    four-digit year, optionally a time and an offset or an unambiguous zone abbreviation
    (ZONE_OFFSETS). Anything that would leave a part to guess (a time alone, a weekday, "01/02/2026",
    a two-digit year, CST) is a ValueError, so a build never depends on the day it runs.
    """
    date_only = False
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed, date_only = datetime.combine(value, time()), True
    elif isinstance(value, str):
        parsed, date_only = _parse_date_text(" ".join(value.split()))
    else:
        raise ValueError(f"expected a date, got {type(value).__name__} {value!r}")
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise ValueError(f"year {parsed.year} is out of range ({MIN_YEAR}-{MAX_YEAR})")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=config.zone)
    return parsed, date_only


def _parse_date_text(text: str) -> tuple[datetime, bool]:
    try:
        return datetime.combine(date.fromisoformat(text), time()), True
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text), False
    except ValueError as err:
        if re.match(r"\d{4}-?\d\d", text):  # meant as ISO 8601: say what is wrong with it
            raise ValueError(f"invalid date {text!r} ({err})") from None
    words = re.findall(r"[^\W\d_]+", text)
    if not any(_DATE_WORDS.month(word) for word in words):
        raise ValueError(f"cannot understand date {text!r}: no month name (numbers alone are ambiguous); {DATE_FORMS}")
    readable = _ZONE_BEFORE_OFFSET.sub("", text)  # "GMT+3" is +03:00; dateutil would read it POSIX-style, -03:00
    try:
        first, second = (date_parser.parse(readable, default=default, tzinfos=_zone) for default in _DEFAULTS)
    except _ZoneError as err:
        raise ValueError(f"{err} in date {text!r}; write the offset instead (e.g. 15:08 +09:00)") from None
    except (ValueError, OverflowError) as err:
        reason = f" ({err.__cause__})" if err.__cause__ else ""  # e.g. the day is out of range for the month
        raise ValueError(f"cannot understand date {text!r}{reason}; {DATE_FORMS}") from None
    missing = [part for part in ("year", "month", "day") if getattr(first, part) != getattr(second, part)]
    if missing:
        raise ValueError(f"date {text!r} has no {' and no '.join(missing)}; {DATE_FORMS}")
    if not re.search(rf"(?<!\d){first.year}(?!\d)", text):
        raise ValueError(f"date {text!r} needs a four-digit year; {DATE_FORMS}")
    weekdays = {_DATE_WORDS.weekday(word) for word in words} - {None}
    if weekdays and weekdays != {first.weekday()}:
        raise ValueError(f"date {text!r} names the wrong weekday: {first:%d %B %Y} is a {first:%A}")
    return first, first.hour != second.hour


class _ZoneError(ValueError):
    pass


def _zone(name: str | None, offset: int | None) -> timezone | None:
    """dateutil's hook for the zone a written date names: an explicit offset, or a known abbreviation."""
    if name is None:
        return None if offset is None else timezone(timedelta(seconds=offset))
    if name in AMBIGUOUS_ZONES:
        raise _ZoneError(f"ambiguous time zone {name!r} ({AMBIGUOUS_ZONES[name]})")
    if name not in ZONE_OFFSETS:
        raise _ZoneError(f"unknown time zone {name!r}")
    known = timedelta(minutes=ZONE_OFFSETS[name])
    if offset is not None and timedelta(seconds=offset) != known:
        raise _ZoneError(f"time zone {name!r} does not match its offset")
    return timezone(known, name)


def _kind_of(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__} value"


def _text(value: str) -> str:
    return " ".join(strip_control_chars(value).split())


def _text_list(value: list | str | None) -> list[str]:
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else value
    return [t for t in (_text(item) for item in items if item is not None) if t]


def _clean_extra(value: Any) -> Any:
    """A front matter value templates may show, without the characters no page may carry, at any depth."""
    if isinstance(value, str):
        return strip_control_chars(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return type(value)(_clean_extra(item) for item in value)
    if isinstance(value, dict):
        return {_clean_extra(key): _clean_extra(item) for key, item in value.items()}
    return value


def _unique_casefold(items: list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.casefold(), item)
    return tuple(seen.values())
