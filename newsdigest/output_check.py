"""Which output folders a build may use: never one whose use could destroy or pollute files that are not its own."""

from __future__ import annotations

import json
import os
from pathlib import Path

from newsdigest.config import Config
from newsdigest.content_files import has_content_files
from newsdigest.journal import JOURNAL_NAME, MANIFEST_NAME
from newsdigest.problems import NewsdigestError, Problem

# Folders outside the project no build may write into, even with --force: the system's own trees (and
# everything in them) except the usual places for web sites and scratch files under /var and /dev ...
SYSTEM_TREES = tuple(Path(p) for p in ("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32",
                                        "/proc", "/run", "/sbin", "/sys", "/usr", "/var"))
SYSTEM_TREE_EXCEPTIONS = tuple(Path(p) for p in ("/var/www", "/var/tmp", "/dev/shm"))
# ... and folders that hold other people's or programs' folders: refused themselves, not their subfolders.
SYSTEM_FOLDERS = tuple(Path(p) for p in ("/", "/home", "/root", "/opt", "/srv", "/mnt", "/media", "/tmp",
                                          "/var/www", "/var/tmp", "/dev/shm"))
FOREIGN_SHOWN = 5   # foreign files named in the error when a build would overwrite some


def check_output_dir(config: Config, output_dir: Path, force: bool = False) -> None:
    """Refuse an output folder whose use could destroy or pollute files that are not the build's own.

    Refused even with `force`: a system folder (outside the project, see SYSTEM_TREES), your home, the
    project, content, theme and inbox folders, any folder that contains one of them or lies inside content,
    a theme or the inbox (each build would copy the last one), the build's cache folder or one inside it, a file,
    and a folder the build cannot write. Without `force`, also a non-empty folder that newsdigest did not create,
    and a built site of articles when the content folder is missing or holds none (the build would remove every
    article page); a built site without articles is no loss.
    """
    output_dir = output_dir.resolve()
    if reason := _dangerous_output(config, output_dir):
        line = config.line_of("output_dir") if output_dir == config.output_dir.resolve() else None
        # (named where the config says so: `output_dir: content`; else the folder an option gave)
        raise NewsdigestError(Problem(config.source, f"output_dir {output_dir}: refusing to use this output folder: "
                                      f"{reason}", line) if line else Problem(
                                          output_dir, f"refusing to use this output folder: {reason}"))
    if reason := _cannot_write(output_dir):
        raise NewsdigestError(Problem(output_dir, f"cannot write into this output folder: {reason}"))
    if output_dir.is_dir() and not force and not _made_by_newsdigest(output_dir) and any(output_dir.iterdir()):
        raise NewsdigestError(Problem(
            output_dir, "output folder holds files newsdigest did not create; empty it, pick another, or use --force"))
    if not force and not config.content_dir.is_dir() and (output_dir / MANIFEST_NAME).is_file() \
            and _lists_articles(output_dir):
        # A renamed folder, a wrong -c or an unmounted disk: the build would take every article off the site
        # (a site built before any article was written has none to lose)
        raise NewsdigestError(Problem(
            config.content_dir, f"content folder not found, yet {output_dir} holds a site built before, whose "
            "article pages this build would remove; restore the folder or fix content_dir in the config "
            "(--force builds the site without articles)"))
    if not force and config.content_dir.is_dir() and (output_dir / MANIFEST_NAME).is_file() \
            and not has_content_files(config.content_dir) and _lists_articles(output_dir):
        # An empty mount point, a checkout or a sync that failed: as above, and cron would publish an empty site
        raise NewsdigestError(Problem(
            config.content_dir, f"content folder holds no articles, yet {output_dir} holds a site of articles "
            "built before, which this build would remove; restore the articles or fix content_dir in the config "
            "(--force builds the site without articles)"))


def _lists_articles(output_dir: Path) -> bool:
    """Whether the site built in output_dir lists articles: its JSON feed has items."""
    try:
        return bool(json.loads((output_dir / "feed.json").read_text(encoding="utf-8")).get("items"))
    except (OSError, ValueError, AttributeError):
        return False


def _dangerous_output(config: Config, output_dir: Path) -> str | None:
    # A project may live in a system tree (/usr/src/app, /var/lib/jenkins/workspace/x): its own output is fine.
    inside_project = output_dir.is_relative_to(config.root) and config.root not in (*SYSTEM_TREES, *SYSTEM_FOLDERS)
    if not inside_project and (reason := _system_folder(output_dir)):
        return reason
    theme_dirs = [folder.resolve() for folder in config.theme_dirs]
    protected = {Path("/"), Path.home().resolve(), config.root, config.content_dir, config.themes_dir, *theme_dirs,
                 config.cache_dir.resolve()}
    if config.inbox_dir:
        protected.add(config.inbox_dir)
    for place in protected:
        if output_dir == place or place.is_relative_to(output_dir):
            return f"it is or contains {place}"
    for source in (config.content_dir, *theme_dirs, config.inbox_dir):
        if source and output_dir.is_relative_to(source):
            return f"it is inside {source}, which the build reads"
    if output_dir.is_relative_to(config.cache_dir.resolve()):
        return f"it is inside {config.cache_dir}, the build's cache"
    if output_dir.exists() and not output_dir.is_dir():
        return "it is a file, not a folder"
    return None


def _system_folder(output_dir: Path) -> str | None:
    # Compared with the resolved output folder: /bin/x is /usr/bin/x on most systems, and /var/x on macOS
    # is /private/var/x, where temporary folders live.
    for tree in SYSTEM_TREES:
        if output_dir.is_relative_to(tree) and not any(output_dir.is_relative_to(ok) for ok in SYSTEM_TREE_EXCEPTIONS):
            return f"it is a system folder ({tree})"
    if output_dir in SYSTEM_FOLDERS:
        return "it is a system folder"
    return None


def _cannot_write(output_dir: Path) -> str | None:
    """Why the build could not write into output_dir (or create it), or None."""
    folder = output_dir
    while not folder.exists() and folder != folder.parent:  # the build would create the missing folders here
        folder = folder.parent
    if os.access(folder, os.W_OK | os.X_OK):
        return None
    try:
        read_only = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows)
        read_only = False
    where = "" if folder == output_dir else f" ({folder}, where it would be created)"
    return f"read-only file system{where}" if read_only else f"permission denied{where}"


def _made_by_newsdigest(output_dir: Path) -> bool:
    """A manifest or a journal: a build wrote here (a failed or killed one leaves only its journal)."""
    return (output_dir / MANIFEST_NAME).exists() or (output_dir / JOURNAL_NAME).exists()


def foreign_files_problem(output_dir: Path, foreign: list[str]) -> Problem:
    """The error of a build that would overwrite `foreign`, files in output_dir newsdigest did not create."""
    shown = ", ".join(foreign[:FOREIGN_SHOWN]) + (f" and {len(foreign) - FOREIGN_SHOWN} more"
                                                   if len(foreign) > FOREIGN_SHOWN else "")
    damaged = (f" (the list of the files newsdigest made, {MANIFEST_NAME}, is damaged: if they are its own, delete "
               "the folder's contents and build again)" if _manifest_damaged(output_dir) else "")
    return Problem(output_dir, f"{len(foreign)} file{'s' if len(foreign) != 1 else ''} newsdigest did not create "
                   f"would be overwritten: {shown}{damaged}. Move them away or pick another output folder (even "
                   "--force never overwrites or deletes such files)")


def _manifest_damaged(output_dir: Path) -> bool:
    """Whether output_dir has a manifest that cannot be read as one (truncated, edited, not JSON)."""
    path = output_dir / MANIFEST_NAME
    if not path.is_file():
        return False
    try:
        return not isinstance(json.loads(path.read_text(encoding="utf-8")), dict)
    except (OSError, ValueError):
        return True
