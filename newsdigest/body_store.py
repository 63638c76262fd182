"""Article bodies of a one-shot build, kept in a temporary file instead of the build's memory.

The bodies (HTML and Markdown, about 19 KB an article of typical news) are most of what a build holds of its
articles, yet each is read only a few times: by its own page, the feeds that carry it in full and the check
for wire copies. A one-shot build writes each body here as the article is read and keeps a `StoredBody`
(its place in the file) in the article instead, so its memory grows with the archive's titles and lists,
not with its text. The forked render and story processes inherit the open file and read from it too.

The file is anonymous (unlinked while open where the system allows), so nothing is left behind however the
build ends; it is closed when the last article that points into it is let go (a build's result still reads
its articles' bodies). Builds that keep their articles for the next build (watch, serve) keep bodies in memory.

An article a command-line build takes from its persistent cache (newsdigest.build_cache) already has its body
on disk, in the cache's own row: it keeps a `CachedBody` that reads it from there (`CacheBodies`), so a build
after an edit neither reads the bodies of the articles whose pages it does not render nor copies them.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import replace
from pathlib import Path

from newsdigest.article import Article, ArticleBody

_ENCODING, _ERRORS = "utf-8", "surrogatepass"   # every str round-trips, lone surrogates included


class BodyFile:
    """A temporary file of article bodies: `keep(article)` writes its body and returns it with a StoredBody."""

    def __init__(self, folder: str | None = None):
        self.folder = folder or tempfile.gettempdir()
        self._file = tempfile.TemporaryFile(dir=self.folder)
        self.fd = self._file.fileno()
        self.size = 0

    def keep(self, article: Article) -> Article:
        """The article with its body written here, read back only when asked for (a body already on disk stays
        where it is)."""
        if not isinstance(article.body, ArticleBody):
            return article
        html = article.body.html.encode(_ENCODING, _ERRORS)
        markdown = article.body.markdown.encode(_ENCODING, _ERRORS)
        start = self.size
        data = html + markdown
        written = 0
        try:
            while written < len(data):  # os.pwrite may write less than asked (a signal, a nearly full disk)
                written += os.pwrite(self.fd, data[written:], start + written)
        except OSError as err:  # a full disk: the error names the folder (TMPDIR) to free or change
            err.filename = err.filename or self.folder
            raise
        self.size += len(data)
        return replace(article, body=StoredBody(self, start, len(html), len(markdown)))

    def read(self, offset: int, size: int) -> str:
        data = os.pread(self.fd, size, offset)
        while len(data) < size:  # a short read: read on from where it stopped
            more = os.pread(self.fd, size - len(data), offset + len(data))
            if not more:
                raise OSError(f"article body file ended at {offset + len(data)} of {offset + size}")
            data += more
        return data.decode(_ENCODING, _ERRORS)

    def __del__(self) -> None:
        file = getattr(self, "_file", None)
        if file is not None:
            file.close()


class StoredBody:
    """An article's body in a BodyFile: read from the file each time it is asked for (nothing is kept)."""

    __slots__ = ("_file", "_offset", "_html_size", "_markdown_size")

    def __init__(self, file: BodyFile, offset: int, html_size: int, markdown_size: int):
        self._file, self._offset = file, offset
        self._html_size, self._markdown_size = html_size, markdown_size

    @property
    def html(self) -> str:
        return self._file.read(self._offset, self._html_size) if self._html_size else ""

    @property
    def markdown(self) -> str:
        return self._file.read(self._offset + self._html_size, self._markdown_size) if self._markdown_size else ""

    def __eq__(self, other) -> bool:
        if not isinstance(other, (StoredBody, ArticleBody)):
            return NotImplemented
        return (self.html, self.markdown) == (other.html, other.markdown)

    def __hash__(self) -> int:
        return hash((self.html, self.markdown))

    def __reduce__(self):
        # Sent to another process (which has no such file), a body travels as its text.
        return ArticleBody, (self.html, self.markdown)

    def __repr__(self) -> str:
        return f"StoredBody(offset={self._offset}, html={self._html_size} B, markdown={self._markdown_size} B)"


class CacheBodiesChanged(OSError):
    """A body a cached article points to is no longer in the build cache (another build rewrote its row)."""


class CacheBodies:
    """Read access to the article bodies stored in a build cache file. Each process opens its own read-only
    connection on first use: a forked render or story process must not share its parent's."""

    def __init__(self, path: os.PathLike | str, query: str):
        self.path, self.query = os.fspath(path), query  # query: (key, file hash) -> one row (html, markdown)
        self._db: sqlite3.Connection | None = None
        self._pid = 0

    def read(self, key: str, file_hash: str) -> tuple[str, str]:
        if self._pid != os.getpid():
            # (as a URI, so that "?", "#" and "%" in the folder's name are escaped)
            uri = Path(self.path).resolve().as_uri() + "?mode=ro"
            self._db = sqlite3.connect(uri, uri=True, timeout=5.0, check_same_thread=False)
            self._pid = os.getpid()
        try:
            row = self._db.execute(self.query, (key, file_hash)).fetchone()
        except sqlite3.Error as err:
            raise CacheBodiesChanged(f"cannot read an article body from the build cache {self.path}: {err}") from None
        if row is None or not all(isinstance(text, str) for text in row):
            raise CacheBodiesChanged(f"the build cache {self.path} changed during the build (another build of the "
                                     f"same site?): {key} is no longer in it; build again")
        return row[0], row[1]

    def __del__(self) -> None:
        if getattr(self, "_db", None) is not None and self._pid == os.getpid():
            self._db.close()


class CachedBody:
    """An article's body in the build cache: read from there each time it is asked for (nothing is kept)."""

    __slots__ = ("_bodies", "_key", "_file_hash")

    def __init__(self, bodies: CacheBodies, key: str, file_hash: str):
        self._bodies, self._key, self._file_hash = bodies, key, file_hash

    @property
    def html(self) -> str:
        return self._bodies.read(self._key, self._file_hash)[0]

    @property
    def markdown(self) -> str:
        return self._bodies.read(self._key, self._file_hash)[1]

    def __eq__(self, other) -> bool:
        if not isinstance(other, (CachedBody, StoredBody, ArticleBody)):
            return NotImplemented
        return (self.html, self.markdown) == (other.html, other.markdown)

    def __hash__(self) -> int:
        return hash(self._bodies.read(self._key, self._file_hash))

    def __reduce__(self):
        # Sent to another process (a parse or story worker that is not a fork), a body travels as its text.
        return ArticleBody, self._bodies.read(self._key, self._file_hash)

    def __repr__(self) -> str:
        return f"CachedBody({self._key!r}, {self._file_hash!r})"
