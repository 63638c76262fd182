"""Which files under the content folder are articles: every `*.md` file, files and folders starting with `.` or `_`
and editor temp files skipped, symlinked folders followed only while they stay inside the folder; and the walk
of every input folder that the no-change check and the cache keys digest, each real folder entered once.

Apart from the content stage (newsdigest.content) so that a build with nothing to do, and the setup warnings
every build gives first, look at the folder without loading the parsers.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from itertools import islice
from pathlib import Path


def find_content_files(content_dir: Path) -> list[Path]:
    """Every `*.md` file under the content folder, sorted; files and folders starting with `.` or `_` and editor
    temp files are skipped.

    Symlinked folders are followed only while they stay inside the content folder; one that points
    outside is listed itself (never entered), so `load_articles` reports it, as is a folder that cannot be
    listed (its articles would otherwise vanish from the site without a word).
    """
    return sorted(_content_files(content_dir))


# Names of Markdown files that are not articles only because of how they end: other spellings of ".md", and what
# Windows' Notepad saves with "Text documents" chosen (Explorer shows "name.md").
_MARKDOWN_ENDINGS = (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".md.txt")


def misnamed_articles(content_dir: Path) -> list[tuple[Path, str]]:
    """Files under the content folder that look like articles but are not read as such, each with the name it
    would be read under: "Note.MD", "note.markdown", "note.md.txt" (-> "note.md")."""
    found = []
    for dirpath, dirnames, filenames in os.walk(content_dir):   # (symlinked folders: find_content_files' concern)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for name in sorted(filenames):
            folded = name.lower()
            if name.endswith(".md") or name.startswith((".", "_", "#", "~")):
                continue
            ending = next((e for e in _MARKDOWN_ENDINGS if folded.endswith(e)), None)
            if ending is not None:
                found.append((Path(dirpath) / name, name[: len(name) - len(ending)] + ".md"))
    return found


def has_content_files(content_dir: Path) -> bool:
    """Whether `find_content_files` would find anything, without listing the whole folder."""
    return has_more_content_files_than(content_dir, 0)


def has_more_content_files_than(content_dir: Path, count: int) -> bool:
    """Whether `find_content_files` would find more than `count` files, without listing them all (a million
    files' paths, held at once, took 430 MB)."""
    return next(islice(_content_files(content_dir), count, None), None) is not None


def walk_files(folder: Path, *, inside_only: bool) -> Iterator[str]:
    """Every file under folder, in a stable order, following symlinked folders but entering each real folder
    once; with `inside_only`, never one that resolves outside folder.

    os.walk(followlinks=True) alone enters a link back up (`d/up -> ..`) at every level until the path is too
    long, so two such links cost 2**40 steps: the build's input digest hung where `check` was done at once.
    """
    root = folder.resolve()
    visited: set[Path] = set()
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=True):
        real = Path(dirpath).resolve()
        if real in visited or (inside_only and not real.is_relative_to(root)):
            dirnames[:] = []
            continue
        visited.add(real)
        dirnames.sort()
        for name in sorted(filenames):
            yield os.path.join(dirpath, name)


def _content_files(content_dir: Path) -> Iterator[Path]:
    root = content_dir.resolve()
    visited: set[Path] = set()
    unreadable: list[OSError] = []

    def cannot_list(err: OSError) -> None:
        if not isinstance(err, FileNotFoundError):  # (no content folder at all is the build's warning; a folder
            unreadable.append(err)                  # removed while it is walked is simply gone)

    for dirpath, dirnames, filenames in os.walk(content_dir, followlinks=True, onerror=cannot_list):
        while unreadable:
            yield Path(unreadable.pop().filename)
        here = Path(dirpath)
        real = here.resolve()
        if not real.is_relative_to(root):
            yield here
            dirnames[:] = []
            continue
        if real in visited:  # a symlink loop inside content/
            dirnames[:] = []
            continue
        visited.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for name in filenames:
            if name.endswith(".md") and not name.startswith((".", "_", "#", "~")):
                yield here / name
    while unreadable:
        yield Path(unreadable.pop().filename)


def linked_article(path: Path, listed: list[Path], by_real_path: dict[Path, Path]) -> Path | None:
    """The content file that `path`, a symlink, leads to when that file is listed as an article too (it would be
    read twice); None for anything else. `listed` holds the paths `find_content_files` gave; `by_real_path`, empty
    at first, is filled on the first link met with each listed file that is no link, by where it really is (a
    file may be listed under a symlinked folder's name)."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):   # (a dangling link or a loop: the content stage reports those)
        return None
    if not by_real_path:
        by_real_path.update((other.resolve(), other) for other in listed if not other.is_symlink())
    other = by_real_path.get(target)
    return other if other is not None and other != path else None
