"""Content files written as ingest writes them: atomically, synced, mode 0644, and the temporary files of an
ingest that was killed while writing found and removed."""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path
from typing import Callable

from newsdigest.lifetime import process_alive

STRAY_TEMP_SECONDS = 3600  # no ingest takes this long to write one file: an older temporary file is a stray
# `.{name}.md.{pid}-{random}.tmp`, and `.{name}.md.{random}.tmp` as ingests before the process id wrote them.
_TEMP_FILE = re.compile(r"\..+\.md\.(?:(?P<pid>[0-9]+)-)?[a-z0-9_]{8}\.tmp")


def write_atomically(path: Path, text: str) -> None:
    """Write via a hidden temp file in the same folder and os.replace: readers never see half a file.

    The temp file's name carries the process id, so a later ingest can tell a killed run's strays
    (see remove_stray_temp_files) from the files of one still running. Unlike the build's
    `fileio.atomic_write`, it syncs to disk and sets mode 0644: a content file is a source that cannot be
    made again, where build output can always be rebuilt and is written thousands at a time.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except OSError as err:   # (a full disk names no file: the message names the article it was writing)
        Path(temp_name).unlink(missing_ok=True)
        if err.filename is None:
            err.filename = str(path)
        raise
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def remove_stray_temp_files(root: Path) -> list[Path]:
    """Remove the temp files `write_atomically` left under `root` when an ingest was killed while writing;
    returns them. A temp file is a stray when the process that made it is gone, or it is over an hour old."""
    removed = []
    now = time.time()
    for dirpath, dirnames, filenames in os.walk(root):  # symlinks are not followed: only root's own files go
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        for name in filenames:
            match = _TEMP_FILE.fullmatch(name)
            if not match:
                continue
            path = Path(dirpath) / name
            try:
                stray = (match["pid"] is not None and not process_alive(int(match["pid"]))) \
                    or now - path.lstat().st_mtime > STRAY_TEMP_SECONDS
                if stray:
                    path.unlink()
                    removed.append(path)
            except OSError:  # gone meanwhile, or not ours to remove
                continue
    return removed


def free_path(path: Path, taken: Callable[[Path], bool] = Path.exists) -> Path:
    """`slug.md`, else `slug-2.md`, `slug-3.md`... for a different article that happens to share a slug."""
    candidate, number = path, 2
    while taken(candidate):
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate
