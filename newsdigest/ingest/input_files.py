"""Which files an `ingest PATH...` run reads: the paths given, and the inputs under the folders among them, with a
reason for each path that cannot be read (newsdigest.ingest.input_urls does the same for URLs)."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from newsdigest.ingest.readers import is_input_name


def find_inputs(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand folders (recursively, supported suffixes only, hidden files skipped); report the paths that name no
    readable file or folder, the folders that cannot be listed and the inputs in them that are no regular files,
    each with why."""
    files: list[Path] = []
    problems: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            found, unreadable = _folder_inputs(path)
            files.extend(found)
            problems.extend(unreadable)
        elif path.is_file():
            files.append(path)
        else:
            problems.append((path, not_a_file(path)))
    return list(dict.fromkeys(files)), problems


def _folder_inputs(folder: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The input files under `folder`, sorted; and the subfolders that cannot be listed and the entries with an
    input's name that are no regular files (a named pipe, a broken symbolic link), which are not read."""
    found: list[Path] = []
    problems: list[tuple[Path, str]] = []

    def unreadable(err: OSError) -> None:
        problems.append((Path(err.filename or folder), f"a folder that cannot be read: {err.strerror or err}"))

    # os.walk, unlike Path.rglob, says which folders it could not list; neither follows links to folders
    for root, folders, names in os.walk(folder, onerror=unreadable):
        folders[:] = [name for name in folders if not name.startswith(".") and not saved_page_files(name, names)]
        for name in names:
            if name.startswith(".") or not is_input_name(name):
                continue
            path = Path(root, name)
            if not path.is_file():
                problems.append((path, not_a_file(path)))
            elif leads_outside(path, folder):
                problems.append((path, f"a symbolic link to {os.readlink(path)}, outside {folder}: not read (to "
                                       "ingest the file it leads to, name that file)"))
            else:
                found.append(path)
    found.sort()
    return found, problems


def files_not_read(folder: Path) -> list[Path]:
    """The files under `folder` that ingest passes over for their names (no page's suffix: a half-downloaded
    "page.html.part", "feeds.opml"), hidden ones and a saved page's own files left out, sorted: for a note."""
    passed: list[Path] = []
    for root, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".") and not saved_page_files(name, names)]
        passed += [Path(root, name) for name in names
                   if not name.startswith(".") and not is_input_name(name) and os.path.isfile(os.path.join(root, name))]
    return sorted(passed)


# A browser saving a page whole ("Save Page As…, complete") writes `Name.html` and the page's pictures, scripts and
# frames in `Name_files/` beside it; some older browsers named that folder in the user's language.
_SAVED_PAGE_FOLDER = re.compile(r"(?P<page>.+)(?:_files|-Dateien|_archivos|_fichiers|_arquivos|_bestanden|_file)$")


def saved_page_files(folder_name: str, names_beside: Iterable[str]) -> bool:
    """Whether a folder named `folder_name` holds the files of a page a browser saved whole beside it (one of
    `names_beside` is its page): its HTML files are frames and resources of that page, not pages to ingest."""
    match = _SAVED_PAGE_FOLDER.fullmatch(folder_name)
    if match is None:
        return False
    pages = {match["page"] + ending for ending in (".html", ".htm", ".xhtml", ".HTML", ".HTM")}
    return any(name in pages for name in names_beside)


def in_saved_page_files(path: Path, folder: Path) -> bool:
    """Whether `path`, under `folder`, is inside a folder of a page a browser saved whole (`saved_page_files`)."""
    try:
        parts = path.relative_to(folder).parts[:-1]
    except ValueError:
        return False
    where = folder
    for part in parts:
        try:
            beside = os.listdir(where)
        except OSError:
            return False
        if saved_page_files(part, beside):
            return True
        where = where / part
    return False


def leads_outside(path: Path, folder: Path) -> bool:
    """Whether `path`, found in `folder`, is a symbolic link to a file outside it. Whoever may save a link in a
    folder that is read (an inbox that the watcher ingests) would otherwise publish any file the site's owner can
    read; links within the folder are read as the files they lead to."""
    try:
        return path.is_symlink() and not path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop: `not_a_file` says so
        return False


def not_a_file(path: Path) -> str:
    """Why `path`, which is neither a regular file nor a folder (or a link to one), cannot be read."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return "no such file or folder"
    if stat.S_ISLNK(mode):
        try:
            path.stat()
        except OSError as err:
            if err.errno == errno.ELOOP:
                return "a symbolic link that leads back to itself (a loop)"
            return f"a symbolic link to {os.readlink(path)}, which does not exist"
        mode = path.stat().st_mode
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    return f"{kind}, not a file: only regular files are read"
