"""The persistent build cache: what a command-line build keeps for the next one, so a build after an edit
parses only the changed content files, renders only the pages whose inputs changed and indexes only the
search bundles holding a changed page. In `.newsdigest-cache/build-<output folder key>.sqlite` beside the
config (SQLite from the standard library; values are JSON, never pickles). Rows:

- articles: per content file, the parse of one version (the `Article` or its problems, and its
  `ArticleFacts`), looked up by path and the hash of the file's bytes, never by modification time: two
  saves within the file system's timestamp granularity must not serve the older version. The article's body
  (HTML and Markdown) has columns of its own: an article served from here reads it only when a page or feed
  that shows it is rendered (newsdigest.body_store.CachedBody), so a build after an edit neither decodes nor
  copies the bodies of the pages it leaves alone.
- pages: per output file, the fingerprint of its inputs (render.page_fingerprint) and the SHA-1 of the bytes
  it was rendered to; bundles: per search bundle, a key of its pages and its files' digests; indexed: per
  article page, the SHA-1 of its bytes and of the part of it the search index reads. What a build
  keeps of output/ with them (only what the output manifest shows intact) is in newsdigest.caches.

Article rows belong to the engine's code and the config (`parse_key`), page and bundle rows also to the
theme, the output folder and the build options (`render_key`): a changed key drops its rows. A file that is
not a cache of this version (garbage, truncated, another schema) is deleted and started afresh; a row that
does not decode is a miss. Either way the build only does more work, never different work.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import sqlite3
from pathlib import Path

from newsdigest.body_store import CacheBodies, CachedBody
from newsdigest.cache_keys import SCHEMA, parse_key, render_key
from newsdigest.cache_rows import CacheFormatError, decode_parsed, encode_parsed
from newsdigest.config import Config

FLUSH_ROWS = 500           # new article rows held before they are written (about 12 MB at typical sizes)
FETCH_ROWS = 500           # article rows read ahead at once (their data only, about 3 KB each: bodies stay put)
CACHE_FILE = "build-{}.sqlite"   # one per output folder (as state files): two output folders do not evict each other
log = logging.getLogger(__name__)


# --- the store ----------------------------------------------------------------------------------------------

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (path TEXT PRIMARY KEY, file_hash TEXT NOT NULL, data TEXT NOT NULL,
                                     html TEXT NOT NULL, markdown TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pages (path TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, digest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS bundles (folder TEXT PRIMARY KEY, key TEXT NOT NULL, files TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS indexed (path TEXT PRIMARY KEY, digest TEXT NOT NULL, indexed TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS memos (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class BuildCache:
    """One build's view of the persistent cache: read when opened, written by `save()` after a good build.

    Use `BuildCache.open(...)`, which returns None when no cache can be kept (a read-only folder); the
    build then simply works without one.
    """

    def __init__(self, db: sqlite3.Connection, path: Path, articles: dict[str, str],
                 pages: dict[str, tuple[str, str]], bundles: dict[str, tuple[str, list]] | None = None,
                 indexed: dict[str, tuple[str, str]] | None = None, related: dict | None = None):
        self._db, self.path = db, path
        self.related = related if related is not None else {}   # the related lists' memory (newsdigest.related)
        # path -> file hash, as read; a row's data (about 3 KB an article, its body apart) is read only when its
        # article is asked for (a batch ahead at a time), so a rebuild does not hold every row at once.
        self._articles = articles
        self.pages = pages                         # output path -> (fingerprint, digest), as read
        self.bundles = bundles or {}               # search bundle folder -> (key, [[file, digest], ...]), as read
        self.indexed = indexed or {}               # article page -> (digest, digest of its indexed part), as read
        self._new_articles: dict[str, tuple[str, str, str, str]] = {}
        self._seen_articles: set[str] = set()
        self._listed: list[str] = []                     # the content files in the order the build asks for them
        self._place: dict[str, int] = {}                 # path -> its place in _listed
        self._fetched: dict[str, tuple] = {}             # rows read ahead: path -> (file hash, data, bodies are text)
        # The bodies of the articles served from here stay in their rows until a page asks for them.
        self.bodies = CacheBodies(path, "SELECT html, markdown FROM articles WHERE path = ? AND file_hash = ?")

    @classmethod
    def open(cls, config: Config, output_dir: Path, options: tuple = ()) -> BuildCache | None:
        path = cache_path(config, output_dir)
        keys = {"schema": str(SCHEMA), "parse_key": parse_key(config),
                "render_key": render_key(config, output_dir, options)}
        for attempt in range(2):
            db = None
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(path, timeout=1.0, isolation_level=None)
                cache = cls._read(db, path, keys)
                db.execute("INSERT OR REPLACE INTO meta VALUES ('output_dir', ?)", (str(output_dir.resolve()),))
                _remove_caches_of_gone_folders(path)
                return cache
            except (sqlite3.Error, OSError, ValueError) as err:
                if db is not None:
                    db.close()
                if isinstance(err, sqlite3.OperationalError) and "locked" in str(err):
                    return None  # another build is saving its cache: build without one this time
                if attempt == 0:  # not a cache this version can read: start afresh, once
                    log.info("build cache %s unreadable (%s); starting a new one", path, err)
                    remove_database(path)
        return None

    @classmethod
    def _read(cls, db: sqlite3.Connection, path: Path, keys: dict[str, str]) -> BuildCache:
        db.executescript(_TABLES)
        meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
        if meta.get("schema", keys["schema"]) != keys["schema"]:
            raise ValueError(f"schema {meta.get('schema')!r}, expected {keys['schema']}")
        stale_articles = meta.get("parse_key") != keys["parse_key"]
        stale_pages = stale_articles or meta.get("render_key") != keys["render_key"]
        if stale_articles or stale_pages:
            db.execute("BEGIN")
            if stale_articles:
                db.execute("DELETE FROM articles")
            db.execute("DELETE FROM pages")
            db.execute("DELETE FROM bundles")
            db.execute("DELETE FROM indexed")
            db.execute("DELETE FROM memos")
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", keys.items())
            db.execute("COMMIT")
        articles = {row[0]: row[1] for row in db.execute("SELECT path, file_hash FROM articles")
                    if all(isinstance(value, str) for value in row)}
        pages = {row[0]: (row[1], row[2]) for row in db.execute("SELECT path, fingerprint, digest FROM pages")
                 if all(isinstance(value, str) for value in row)}
        bundles = {}
        for folder, key, files in db.execute("SELECT folder, key, files FROM bundles"):
            try:
                listed = json.loads(files)
                if isinstance(folder, str) and isinstance(key, str) and isinstance(listed, list) and all(
                        isinstance(item, list) and len(item) == 2 and all(isinstance(v, str) for v in item)
                        for item in listed):
                    bundles[folder] = (key, listed)
            except (ValueError, TypeError):
                continue  # a row that does not decode: that bundle is indexed again
        indexed = {row[0]: (row[1], row[2]) for row in db.execute("SELECT path, digest, indexed FROM indexed")
                   if all(isinstance(value, str) for value in row)}
        related = {"json": value for name, value in db.execute("SELECT name, value FROM memos WHERE name = 'related'")
                   if isinstance(value, str)}
        return cls(db, path, articles, pages, bundles, indexed, related)

    def present(self, paths) -> None:
        """These content files exist, and their rows are asked for in this order: their rows stay (the rows of
        files gone are dropped by `save`), and are read ahead a batch at a time."""
        self._listed = [str(path) for path in paths]
        self._place = {key: place for place, key in enumerate(self._listed)}
        self._seen_articles.update(self._listed)

    def _row(self, key: str, file_hash: str):
        """(data, bodies are text) of the row for this path and hash, or None. Rows are read FETCH_ROWS at a time,
        in the order `present` listed the files: one query a batch, not one a file."""
        if key not in self._fetched:
            place = self._place.get(key)
            batch = [key] if place is None else \
                [k for k in self._listed[place:place + FETCH_ROWS] if k in self._articles]
            query = (f"SELECT path, file_hash, data, typeof(html) = 'text' AND typeof(markdown) = 'text' "
                     f"FROM articles WHERE path IN ({', '.join('?' * len(batch))})")
            self._fetched = {row[0]: row[1:] for row in self._db.execute(query, batch)}
        row = self._fetched.get(key)
        return None if row is None or row[0] != file_hash else row[1:]

    def article(self, path: Path, file_hash: str):
        """The cached parse of this version of the file, as (Article or problems, facts), or None. The article's
        body stays in the cache (a CachedBody) until it is read."""
        key = str(path)
        if self._articles.get(key) != file_hash:
            return None
        try:
            row = self._row(key, file_hash)
            if row is None or not isinstance(row[0], str) or row[1] != 1:
                return None
            return decode_parsed(row[0], path, file_hash, CachedBody(self.bodies, key, file_hash))
        except (CacheFormatError, ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError,
                sqlite3.Error):
            return None  # a row this version cannot read back: parse the file again

    def put_article(self, path: Path, file_hash: str, result, facts) -> None:
        """Remember a fresh parse (skipped quietly for a value the cache cannot hold)."""
        key = str(path)
        try:
            data, html, markdown = encode_parsed(result, facts)
            for text in (key, data, html, markdown):
                text.encode("utf-8")  # a name or value SQLite cannot store (lone surrogates)
            self._new_articles[key] = (file_hash, data, html, markdown)
        except (CacheFormatError, ValueError, TypeError, RecursionError):
            self._new_articles.pop(key, None)
        if len(self._new_articles) >= FLUSH_ROWS:
            self._write_articles()

    def _write_articles(self) -> None:
        """Store the new rows now, not all at the build's end (a parse is right whatever happens to the build);
        a locked or failing database leaves them for `save`."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._insert_new_articles()
            self._db.execute("COMMIT")
            self._new_articles.clear()
        except sqlite3.Error as err:
            log.info("build cache %s: article rows kept for later: %s", self.path, err)
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")

    def _insert_new_articles(self) -> None:
        self._db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?)",
                             [(key, *row) for key, row in self._new_articles.items()])

    def save(self, pages: dict[str, tuple[str, str]] | None,
             bundles: dict[str, tuple[str, list]] | None = None,
             indexed: dict[str, tuple[str, str]] | None = None) -> None:
        """Write what this build learned: new article rows, rows of files gone, the related lists' memory, and
        (when given) the pages, the search bundles and their pages' indexed digests (all of them: a build with
        search off keeps none).
        Failing to write only costs the next build time, so errors are logged, never raised."""
        try:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            gone = [(key,) for key in self._articles.keys() - self._seen_articles]
            db.executemany("DELETE FROM articles WHERE path = ?", gone)
            self._insert_new_articles()
            if pages is not None:
                old = self.pages
                db.executemany("DELETE FROM pages WHERE path = ?", [(key,) for key in old.keys() - pages.keys()])
                db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?)",
                               [(key, *value) for key, value in pages.items() if old.get(key) != value])
                db.execute("DELETE FROM bundles")
                db.executemany("INSERT INTO bundles VALUES (?, ?, ?)",
                               [(folder, key, json.dumps(files)) for folder, (key, files) in (bundles or {}).items()])
                indexed = indexed or {}
                db.executemany("DELETE FROM indexed WHERE path = ?",
                               [(key,) for key in self.indexed.keys() - indexed.keys()])
                db.executemany("INSERT OR REPLACE INTO indexed VALUES (?, ?, ?)",
                               [(key, *value) for key, value in indexed.items() if self.indexed.get(key) != value])
            if isinstance(self.related.get("json"), str):
                db.execute("INSERT OR REPLACE INTO memos VALUES ('related', ?)", (self.related["json"],))
            else:
                db.execute("DELETE FROM memos WHERE name = 'related'")
            db.execute("COMMIT")
        except sqlite3.Error as err:
            log.info("build cache %s not saved: %s", self.path, err)
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()


def cache_path(config: Config, output_dir: Path) -> Path:
    """The cache file of builds of this config's site into output_dir."""
    key = hashlib.blake2b(str(output_dir.resolve()).encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
    return config.cache_dir / CACHE_FILE.format(key)


def _remove_caches_of_gone_folders(kept: Path) -> None:
    """Remove the cache files of output folders that are gone (a preview built with `-o` and deleted since): each
    holds every article of the site again, 300 MB at 20,000 articles, and nothing else ever removed them."""
    for other in kept.parent.glob(CACHE_FILE.format("*")):
        if other == kept:
            continue
        try:
            with contextlib.closing(sqlite3.connect(f"{other.as_uri()}?mode=ro", uri=True, timeout=0.1)) as db:
                row = db.execute("SELECT value FROM meta WHERE name = 'output_dir'").fetchone()
        except (sqlite3.Error, OSError, ValueError):
            continue   # in use, or no cache of this version: left as it is
        if row and isinstance(row[0], str) and not Path(row[0]).is_dir():
            remove_database(other)


def remove_database(path: Path) -> None:
    """Delete an SQLite cache file and what SQLite keeps beside it (a journal replayed into the next database of
    that name would bring the old pages back). Whatever cannot be deleted is left."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink(missing_ok=True)
