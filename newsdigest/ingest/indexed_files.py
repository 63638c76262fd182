"""What ingest knows of each article already in a content folder (`IndexedArticle`: its ingest hash, the page it
came from, its outlet, day and shingles), and the ingest index cache that keeps it between runs.

Every ingest reads the whole content folder first (newsdigest.ingest.writer.ContentIndex), to know what is already
there: each file's front matter parsed and its body cut into shingles took 7.6 s at 10,000 short generated
articles and 20 s at 10,000 of full length, before every run of `ingest` and before every batch of files the watched
inbox of `serve` took in. The cache keeps each file's `IndexedArticle` in
`.newsdigest-cache/ingest-<content folder key>.sqlite` beside the config (SQLite from the standard library; values
are JSON and arrays of numbers, never pickles), looked up by the file's path and the digest of its bytes, never by
modification time: a file saved twice within the file system's timestamp granularity must not serve its older
version. The rows belong to the engine's code (`cache_keys.engine_digest`) and the content folder: another key drops
them all. A cache that is no cache of ours (garbage, another schema) is started afresh; one that cannot be used now
(held by another process, read-only) is done without: ingest then only reads more, never decides differently.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sqlite3
import sys
from array import array
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from newsdigest.article import file_hash
from newsdigest.build_cache import remove_database
from newsdigest.ingest.article_table import SHINGLE_TYPE, shingle_array
from newsdigest.ingest.page_urls import page_key, site_of
from newsdigest.slugs import article_slug

SCHEMA = 4                     # bump whenever what a row holds changes meaning
CACHE_FILE = "ingest-{}.sqlite"
KEPT_FILES = 4                 # caches of other content folders kept (a preview folder's, a test's): the latest
LOCK_SECONDS = 2               # how long to wait for a cache another process holds before doing without it
# SQLite's (primary) result codes of a cache that is sound but cannot be used now: busy, locked, read-only, an I/O
# error, a full disk, a file that cannot be opened, no permission. Any other error means it is no cache of ours.
_PASSING = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR,
            sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM}
log = logging.getLogger(__name__)


@dataclass
class IndexedArticle:
    """One article of the content folder as ingest compares new pages with it."""

    path: Path
    ingest_hash: str
    origin: str          # url or ingested_from: what page the file came from
    shingles: array      # its body's 5-word shingles, sorted (article_table.shingle_array)
    source: str = ""     # the outlet, where known
    has_url: bool = False  # whether `origin` is the page's address (else only the name of the file it came from)
    day: str = ""        # its `date` as its day is read from it (`front_matter_day`)
    page: str = ""       # its url's `page_key`: the addresses one article is crawled under fold to it
    site: str = ""       # its url's site (`site_of`): whatever the names, one site is one outlet
    slug: str = ""       # the slug its address is made of, as the build makes it (`address_slug`)


def indexed_article(path: Path, meta: dict[str, Any], digest: str, fingerprint: frozenset[int]) -> IndexedArticle:
    """The article at `path` as the index knows it, from its front matter `meta`, `ingest_hash` and shingles."""
    url = str(meta.get("url") or "")
    return IndexedArticle(path, digest, url or str(meta.get("ingested_from") or ""), shingle_array(fingerprint),
                          str(meta.get("source") or ""), bool(url), front_matter_day(meta.get("date")), page_key(url),
                          site_of(url) if url else "", address_slug(meta))


def address_slug(meta: dict[str, Any]) -> str:
    """The slug the build makes an article's address of: its front matter's `slug`, else its title's (whatever its
    file is named: an article renamed by hand keeps its address)."""
    slug, title = meta.get("slug"), meta.get("title")
    return article_slug(slug if isinstance(slug, str) else "", title if isinstance(title, str) else "")


def front_matter_day(value: Any) -> str:
    """A front matter date as its day is read from it: YYYY-MM-DD, or the time with its offset, whose day depends on
    the site's `digest_timezone` (`ContentIndex.address_taken`); "" for none."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.isoformat()
    return value.isoformat()[:10] if isinstance(value, (date, datetime)) else str(value or "")[:10]


def index_cache_file(site_root: Path, content_dir: Path) -> Path:
    """The cache file of the content folder `content_dir` in the cache folder beside the config in `site_root`:
    one per content folder, so that ingests into two folders (`--out`) do not evict each other's rows."""
    from newsdigest.config import CACHE_DIR_NAME
    key = hashlib.blake2b(str(content_dir.resolve()).encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
    return site_root / CACHE_DIR_NAME / CACHE_FILE.format(key)


def resolved_path(path: Path, real_folders: dict[Path, Path]) -> Path:
    """`path.resolve()`, each folder resolved once (`real_folders`): resolving every path looked up each of its
    folders again, a fifth of the time ingest took to index 10,000 articles (ContentIndex.load)."""
    if path.is_symlink():
        return path.resolve()
    folder = real_folders.get(path.parent)
    if folder is None:
        folder = real_folders[path.parent] = path.parent.resolve()
    return folder / path.name


class IndexCache:
    """One run's view of the ingest index cache of one content folder: every row read when opened, what changed
    written when closed (`with IndexCache.open(...) as cache:`), and the rows of files no longer there dropped."""

    def __init__(self, connection: sqlite3.Connection | None = None,
                 rows: dict[str, tuple[str, str, bytes]] | None = None) -> None:
        self._connection = connection
        self._rows = rows or {}
        self._new: dict[str, tuple[str, str, bytes]] = {}
        self._met: set[str] = set()

    @classmethod
    def open(cls, file: Path | None, content_dir: Path, keep: bool = True) -> IndexCache:
        """The cache in `file` for `content_dir`; one that holds and keeps nothing when `file` is None or cannot be
        used. Without `keep` (a dry run, which writes nothing) an existing cache is read and nothing is written."""
        if file is None or not (keep or file.is_file()):
            return cls()
        key = hashlib.blake2b(repr((SCHEMA, _engine(), sys.byteorder, array(SHINGLE_TYPE).itemsize,
                                    str(content_dir.resolve()))).encode("utf-8", "surrogateescape"),
                              digest_size=16).hexdigest()
        for attempt in (1, 2):
            connection = None
            try:
                if keep:
                    file.parent.mkdir(parents=True, exist_ok=True)
                    connection = sqlite3.connect(file, timeout=LOCK_SECONDS)
                    connection.executescript("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);"
                                             "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, digest TEXT, "
                                             "facts TEXT, shingles BLOB);")
                else:
                    connection = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True, timeout=LOCK_SECONDS)
                stored = connection.execute("SELECT value FROM meta WHERE name = 'key'").fetchone()
                if (stored is None or stored[0] != key) and not keep:
                    connection.close()
                    return cls()
                if stored is None or stored[0] != key:
                    with connection:
                        connection.execute("DELETE FROM files")
                        connection.execute("INSERT OR REPLACE INTO meta VALUES ('key', ?)", (key,))
                rows = {path: (digest, facts, shingles) for path, digest, facts, shingles
                        in connection.execute("SELECT path, digest, facts, shingles FROM files")}
                if not keep:
                    connection.close()
                    return cls(None, rows)
                with contextlib.suppress(OSError):
                    os.utime(file)   # (used now: the caches of other folders are dropped by their last use)
                _drop_older_caches(file)
                return cls(connection, rows)
            except sqlite3.DatabaseError as err:
                if (getattr(err, "sqlite_errorcode", 0) & 0xFF) in _PASSING:   # held by another process, read-only
                    _close(connection)
                    log.debug("no ingest index cache at %s this time (%s)", file, err)
                    return cls()
                # garbage, a truncated file, another program's database or another schema: made afresh
                _close(connection)
                log.debug("ingest index cache %s unusable (%s)", file, err)
                if attempt == 1 and keep:
                    remove_database(file)
                    if not file.exists():
                        continue
                return cls()
            except (OSError, sqlite3.Error) as err:   # a read-only folder, a file in the cache folder's place
                _close(connection)
                log.debug("no ingest index cache at %s (%s)", file, err)
                return cls()
        return cls()

    def get(self, path: Path, raw: bytes) -> IndexedArticle | None:
        """The indexed article at `path` (resolved) as the cache holds it for these bytes of its file, if it does."""
        name = str(path)
        self._met.add(name)
        row = self._rows.get(name)
        if row is None or row[0] != file_hash(raw):
            return None
        try:
            ingest_hash, origin, source, has_url, day, page, site, slug = json.loads(row[1])
            shingles = array(SHINGLE_TYPE)
            shingles.frombytes(row[2])
            if len(shingles) > 1 and not (np.diff(np.frombuffer(shingles, dtype=np.uint32).astype(np.int64)) > 0).all():
                return None   # (not sorted, each once, as `put` wrote it: its prefix would be another)
            return IndexedArticle(path, str(ingest_hash), str(origin), shingles, str(source),
                                  bool(has_url), str(day), str(page), str(site), str(slug))
        except (ValueError, TypeError):   # a row that does not decode is a miss
            return None

    def put(self, path: Path, raw: bytes, article: IndexedArticle) -> None:
        """Keep `article`, read from the file at `path` of these bytes, for the next run (not one whose name or facts
        are no UTF-8 text: a file name in another encoding is read as undecodable bytes, which SQLite cannot hold)."""
        facts = json.dumps([article.ingest_hash, article.origin, article.source, article.has_url, article.day,
                            article.page, article.site, article.slug], ensure_ascii=False)
        try:
            str(path).encode("utf-8")
            facts.encode("utf-8")
        except UnicodeEncodeError:
            return
        self._new[str(path)] = (file_hash(raw), facts, article.shingles.tobytes())

    def __enter__(self) -> IndexCache:
        return self

    def __exit__(self, *exc_info) -> None:
        if self._connection is None:
            return
        try:
            if exc_info[0] is None:
                gone = [(name,) for name in self._rows if name not in self._met]
                with self._connection:
                    self._connection.executemany("DELETE FROM files WHERE path = ?", gone)
                    self._connection.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
                                                 [(name, *row) for name, row in self._new.items()])
        except sqlite3.Error as err:   # (a full disk): the next run reads those files again
            log.debug("ingest index cache not written (%s)", err)
        finally:
            self._connection.close()
            self._connection = None


def _close(connection: sqlite3.Connection | None) -> None:
    if connection is not None:
        connection.close()


def _drop_older_caches(kept: Path) -> None:
    """Remove the caches of other content folders but the KEPT_FILES last used: one is made for every folder
    ingested into, and a folder ingested into once (a dry run's preview, a test's) would leave its cache for ever."""
    others = []
    for other in kept.parent.glob(CACHE_FILE.format("*")):
        with contextlib.suppress(OSError):
            if other != kept:
                others.append((other.stat().st_mtime, other))
    for _, other in sorted(others, reverse=True)[KEPT_FILES:]:
        remove_database(other)


def _engine() -> str:
    from newsdigest.cache_keys import engine_digest   # (reads the package's files once a process)
    return engine_digest()
