"""Inputs named by URL (`s3://bucket/dumps/`, `gs://...`, `file:///srv/inbox/`), listed and read through fsspec.

An `InputURL` offers the part of `pathlib.Path` that reading an input uses (`name`, `suffix`, `parent`, `/`,
`read_bytes`, `stat().st_mtime`), so a page read from object storage goes through the same readers, extractors and
messages as a local file. fsspec is imported only when a URL is used: Dask brings it (`newsdigest[dask]`); a store
such as S3 needs its own package too (s3fs, gcsfs, adlfs). Only inputs can be URLs: the content folder that
ingest writes into is local (see docs/scaling-ingest.md).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from types import SimpleNamespace
from urllib.parse import quote, unquote, urlsplit

from newsdigest.fileio import read_regular_file
from newsdigest.ingest.input_files import find_inputs
from newsdigest.ingest.readers import is_input_name

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
# What a URL's path cannot hold as itself (the rest of a name, "é" or ":", reads the same either way).
_URL_MARKS = re.compile(r"[%?#\x00-\x20\x7f]")
# The keys file systems give a file's modification time under, most specific first (local, S3, Azure, GCS...).
_MTIME_KEYS = ("mtime", "LastModified", "last_modified", "updated", "modified", "created")


def is_url(text: str) -> bool:
    """Whether a command-line input is a URL ("s3://b/x", "file:///x") rather than a local path."""
    return bool(_URL.match(text))


def input_location(text: str) -> Path | InputURL:
    """argparse type for ingest's inputs: a URL stays a URL (Path would fold its "//"), anything else is a path.
    ValueError for a `file://` URL that names no local path (`file_url_problem`)."""
    if not is_url(text):
        return Path(text)
    if problem := file_url_problem(text):
        raise ValueError(problem)
    return InputURL(text)


def _is_file_url(url: str) -> bool:
    return url[:7].lower() == "file://"


def file_url_problem(url: str) -> str | None:
    """Why a `file://` URL names no path on this machine, or None: "file://inbox/" (a relative folder, mistyped)
    names the host "inbox" and the path "/", which would read every file from the root of the disk."""
    if not _is_file_url(url):
        return None
    parts = urlsplit(url)
    if parts.netloc and parts.netloc.lower() != "localhost":
        return (f"{url}: a file:// URL names a file on this machine, not on the host {parts.netloc!r}; a path starts "
                f"with a third slash (file:///srv/inbox/), or give the path alone")
    if posixpath.normpath(unquote(parts.path) or "/").strip("/") == "":   # ("file:///.", "file:///srv/..", "%2F")
        return f"{url}: names no folder (the whole disk); give the folder's path (file:///srv/inbox/)"
    return None


def _filesystem(url: str):
    """(fsspec file system, path inside it) for a URL; OSError with a message for people when that fails."""
    try:
        import fsspec
    except ImportError:
        raise OSError("reading URLs needs fsspec: pip install 'newsdigest[dask]' (or pip install fsspec)") from None
    try:
        return fsspec.core.url_to_fs(url)
    except ImportError as err:      # fsspec names the package a protocol needs: "Install s3fs to access S3"
        raise OSError(str(err)) from None
    except ValueError as err:       # "Protocol not known: ..."
        raise OSError(str(err)) from None


@dataclass(frozen=True)
class InputURL:
    """One input file (or folder) named by URL. Plain data: it travels to worker processes and Dask workers, each
    of which opens the file system itself."""

    url: str

    def __str__(self) -> str:
        return self.url

    @property
    def name(self) -> str:
        name = self.url.rstrip("/").rsplit("/", 1)[-1]
        return unquote(name) if _is_file_url(self.url) else name

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix

    @property
    def parent(self) -> InputURL:
        return InputURL(self.url.rstrip("/").rsplit("/", 1)[0])

    def __truediv__(self, name: str) -> InputURL:
        if _is_file_url(self.url):   # a local file's name may hold "?", "#" or "%" (pages wget saved): escaped,
            name = _URL_MARKS.sub(lambda mark: quote(mark.group()), name)   # as `local_path` reads it unescaped
        return InputURL(f"{self.url.rstrip('/')}/{name}")

    def absolute(self) -> InputURL:
        """A URL already names the same file from every machine (Path.absolute's counterpart)."""
        return self

    def local_path(self) -> Path | None:
        """The path a `file://` URL names on this machine; None for any other kind of URL."""
        if not _is_file_url(self.url):
            return None
        if problem := file_url_problem(self.url):
            raise OSError(problem)
        return Path(unquote(urlsplit(self.url).path))

    def read_bytes(self) -> bytes:
        """The file's bytes. Every failure is an OSError, as with a local file, so the readers report it per file."""
        local = self.local_path()
        if local is not None:
            return read_regular_file(local)   # never blocks on a named pipe, never reads a device
        fs, path = _filesystem(self.url)
        try:
            return fs.cat_file(path)
        except OSError:
            raise
        except Exception as err:    # a store's own errors (credentials, throttling) cost this file only
            raise OSError(f"{type(err).__name__}: {err}") from err

    def stat(self) -> SimpleNamespace:
        """The file's modification time as `st_mtime`, for --date-from-mtime; OSError when the store gives none."""
        local = self.local_path()
        if local is not None:
            return SimpleNamespace(st_mtime=local.stat().st_mtime)
        fs, path = _filesystem(self.url)
        try:
            info = fs.info(path)
        except OSError:
            raise
        except Exception as err:
            raise OSError(f"{type(err).__name__}: {err}") from err
        for key in _MTIME_KEYS:
            stamp = _timestamp(info.get(key))
            if stamp is not None:
                return SimpleNamespace(st_mtime=stamp)
        raise OSError(f"{self.url}: the file system gives no modification time")


def _timestamp(value) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
        except ValueError:
            return None
    return None


def find_url_inputs(location: InputURL) -> tuple[list[InputURL], list[tuple[InputURL, str]]]:
    """`input_files.find_inputs` for a URL: a folder (prefix) is listed recursively, supported suffixes only, hidden
    files skipped, sorted; a URL that names nothing, or cannot be listed, is reported with why. A `file://` URL is
    listed as its local folder is, with the same checks (a link to a file outside it, a named pipe: not read)."""
    if problem := file_url_problem(location.url):
        return [], [(location, problem)]
    local = location.local_path()
    if local is not None:
        found, problems = find_inputs([local])
        return [_as_url(location, local, path) for path in found], [(_as_url(location, local, path), why)
                                                                   for path, why in problems]
    try:
        fs, root = _filesystem(location.url)
        if fs.isdir(root):
            found = fs.find(root)
        elif fs.isfile(root):
            return [location], []
        else:
            return [], [(location, "no such file or folder")]
    except Exception as err:    # no backend package, no credentials, no network: the message says which
        return [], [(location, f"cannot list it: {err}")]
    prefix = root.rstrip("/") + "/"
    files = []
    for path in sorted(found, key=PurePosixPath):  # in the order find_inputs gives a local folder's files
        relative = path[len(prefix):] if path.startswith(prefix) else None
        if relative is None:  # the store spells its paths differently from the URL given: use its own spelling
            child = InputURL(fs.unstrip_protocol(path))
            relative = child.name
        else:
            child = location / relative
        if is_input_name(relative.rsplit("/", 1)[-1]) \
                and not any(part.startswith(".") for part in relative.split("/")):
            files.append(child)
    return files, []


def _as_url(location: InputURL, local: Path, path: Path) -> InputURL:
    """The URL under `location` of a file found under its local path `local`."""
    try:
        relative = path.relative_to(local)
    except ValueError:
        return location
    return location / relative.as_posix() if relative.parts else location
