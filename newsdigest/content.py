"""Content stage: Markdown files with YAML front matter -> validated `Article` records."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import time as clock
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

import yaml
from dateutil import parser as date_parser

from newsdigest.config import Config
from newsdigest.markup import render_markdown, strip_control_chars, truncate_words
from newsdigest.problems import Problem
from newsdigest.slugs import slugify

# libyaml's safe loader when PyYAML was built with it (10x faster); the same safe subset of YAML either way.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
KNOWN_KEYS = {"title", "date", "source", "url", "author", "category", "topics", "tags", "summary", "lang",
              "draft", "slug"}
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
                    stamp = (stat.st_mtime_ns, stat.st_size)
                    cached = self._entries.get(path)
                    if cached and cached[0] == stamp and now - stat.st_mtime_ns / 1e9 >= self.RACY_SECONDS:
                        continue
                    raw = path.read_bytes()
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
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"))
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
        except ContentError as err:
            results.append((err.problems, None))
            continue
        results.append((article, derive_one(article) if derive_one else None))
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
        # Only symlinks can lead outside (folders were checked while walking); lstat is cheap, resolve is not.
        if path.is_dir() or (path.is_symlink() and not path.resolve().is_relative_to(content_root)):
            problems.append(Problem(path, "symlink points outside the content folder; refusing to read it"))
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
            value = cache.take_derived(path)
            if value is not None:
                derived[result.content_hash] = value
    cache.forget_missing(set(readable))
    return LoadResult(articles, problems, warnings, derived)


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """Split a file into (front matter YAML, body, file line where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0].rstrip("\r\n")):
        raise ContentError([Problem(path, "missing front matter: the file must start with a '---' line", 1)])
    for index in range(1, len(lines)):
        if _CLOSING_FENCE.match(lines[index].rstrip("\r\n")):
            return "".join(lines[1:index]), "".join(lines[index + 1:]), index + 2
    raise ContentError([Problem(path, "front matter opened with '---' here is never closed by a '---' line", 1)])


def parse_article(path: Path, raw: bytes, config: Config, content_root: Path | None = None) -> Article:
    """Parse one content file's bytes into an Article, or raise ContentError naming file and line."""
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
    try:
        meta = yaml.load(front_text, Loader=SAFE_LOADER)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        reason = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise ContentError([Problem(path, f"invalid YAML in front matter: {reason}",
                                    mark.line + 2 if mark else 1)]) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ContentError([Problem(path, "front matter must be a mapping of keys to values", 2)])

    problems: list[Problem] = []

    def report(key: str, message: str) -> None:
        problems.append(Problem(path, f"{key}: {message}", _line_of_key(front_text, key)))

    title = _text(meta.get("title"))
    if not title:
        report("title", "required, and must be non-empty text") if "title" in meta else problems.append(
            Problem(path, "missing required key 'title'", 1))
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
    for key in ("tags", "topics"):
        if key in meta and not isinstance(meta[key], (list, str, type(None))):
            report(key, "must be a list (e.g. [a, b]) or a comma-separated string")
    if problems:
        raise ContentError(problems)

    url = _text(meta.get("url"))
    if url and urlsplit(url).scheme not in ("http", "https"):
        url = ""  # an unsafe or relative 'original article' link is worse than none
    body_html, lede = render_markdown(body)
    summary = _text(meta.get("summary")) or truncate_words(lede, config.summary_length)
    relative = path.relative_to(content_root) if path.is_relative_to(content_root) else path
    slug = slugify(_text(meta.get("slug"))) or slugify(title) or "article-" + hashlib.sha1(
        str(relative).encode()).hexdigest()[:10]
    return Article(
        source_path=Path(relative.as_posix()),
        title=title,
        date=published,
        date_only=date_only,
        slug=slug,
        body_html=body_html,
        summary=summary,
        source=_text(meta.get("source")),
        url=url,
        author=_text(meta.get("author")),
        category=_text(meta.get("category")),
        topics=tuple(dict.fromkeys(s for s in (slugify(t) for t in _text_list(meta.get("topics"))) if s)),
        tags=_unique_casefold(_text_list(meta.get("tags"))),
        lang=_text(meta.get("lang")) or config.language,
        draft=bool(draft),
        body_markdown=body,
        extra={k: v for k, v in meta.items() if k not in KNOWN_KEYS and isinstance(k, str)},
        content_hash=content_hash(raw),
    )


def parse_date(value: Any, config: Config) -> tuple[datetime, bool]:
    """Front matter date -> (aware datetime, date_only). Naive values are in the config's time zone."""
    date_only = False
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed, date_only = datetime.combine(value, time()), True
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
            date_only = len(value.strip()) == 10
        except ValueError:
            try:
                parsed = date_parser.parse(value)
            except (ValueError, OverflowError):
                raise ValueError(f"cannot understand date {value!r}; use ISO 8601 like 2026-01-29T15:08:00+09:00")
    else:
        raise ValueError(f"expected a date, got {type(value).__name__} {value!r}")
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise ValueError(f"year {parsed.year} is out of range ({MIN_YEAR}-{MAX_YEAR})")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=config.zone)
    return parsed, date_only


def _text(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return " ".join(strip_control_chars(str(value)).split())


def _text_list(value: Any) -> list[str]:
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else value
    return [t for t in (_text(item) for item in items) if t]


def _unique_casefold(items: list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.casefold(), item)
    return tuple(seen.values())


def _line_of_key(front_text: str, key: str) -> int | None:
    """File line of `key:` in the front matter (the front matter starts on file line 2)."""
    for number, line in enumerate(front_text.splitlines(), start=2):
        if line.startswith(f"{key}:"):
            return number
    return None
