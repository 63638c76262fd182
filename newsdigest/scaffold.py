"""Starting points written for people: a new site (`init`), a new article (`new`), a copy of the default theme
(`theme copy`). Nothing here ever overwrites a file: each file is created only where none exists, whole or
not at all."""

from __future__ import annotations

import hashlib
import os
import shlex
from datetime import datetime
from pathlib import Path

import yaml

from newsdigest.article import PLACEHOLDER_BODY
from newsdigest.config import BUILTIN_THEMES_DIR, Config
from newsdigest.fileio import temp_path, write_all
from newsdigest.problems import NewsdigestError, Problem
from newsdigest.slugs import slugify, title_slug

STARTER_DIR = Path(__file__).resolve().parent / "starter"
# Package data globs leave out dot files, so the starter keeps them under a plain name.
STARTER_RENAMES = {"gitignore": ".gitignore"}


def create_file(target: Path, data: bytes) -> bool:
    """Write a new file whole, or not at all; False (and nothing written) when `target` already exists.

    The bytes go to a temporary file first, which is then hard-linked to the target: unlike a rename, a
    link never replaces an existing file, so a file that appears meanwhile is kept as it is.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() or target.is_symlink():
        return False
    temp = temp_path(target, os.getpid())
    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
    try:
        try:
            write_all(handle, data)
        finally:
            os.close(handle)
        try:
            os.link(temp, target)
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links (FAT, some network shares): create exclusively instead
            return _create_exclusively(target, data)
    finally:
        temp.unlink(missing_ok=True)
    return True


def _create_exclusively(target: Path, data: bytes) -> bool:
    try:
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except FileExistsError:
        return False
    try:
        write_all(handle, data)
    except BaseException:
        os.close(handle)
        target.unlink(missing_ok=True)  # ours, just created: leave no half-written file behind
        raise
    os.close(handle)
    return True


def copy_tree(files: list[tuple[Path, Path]]) -> tuple[list[Path], list[Path]]:
    """Copy (source, target) pairs, never overwriting; returns the targets written and those skipped as existing.
    A file where a folder must be (`themes/mine/templates` a file) is an error before anything is written."""
    for _source, target in files:
        if blocking := file_in_the_way(target.parent):
            raise NewsdigestError(Problem(blocking, f"is a file where a folder is needed (for {target.name}); "
                                                    "move it away, then run again"))
    written, skipped = [], []
    for source, target in files:
        (written if create_file(target, source.read_bytes()) else skipped).append(target)
    return written, skipped


def _files_under(folder: Path) -> list[Path]:
    """Every file under a packaged folder, sorted, without Python's or editors' leftovers."""
    return sorted(path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts
                  and not path.name.startswith((".", "#")) and not path.name.endswith(("~", ".pyc")))


def file_in_the_way(folder: Path) -> Path | None:
    """The nearest of `folder` and its parents that exists and is no folder, if any (a file, a broken link)."""
    for place in (folder, *folder.parents):
        if place.exists() or place.is_symlink():
            return None if place.is_dir() else place
    return None


def _refuse_non_empty(folder: Path, what: str, force: bool) -> None:
    if folder.exists() and not folder.is_dir():
        raise NewsdigestError(Problem(folder, "exists and is not a folder"))
    if (blocking := file_in_the_way(folder.parent)) is not None:
        raise NewsdigestError(Problem(folder, f"cannot be made: {blocking} is a file, not a folder"))
    if not force and folder.is_dir() and any(folder.iterdir()):
        raise NewsdigestError(Problem(folder, f"folder is not empty; {what} only into an empty or new folder, or "
                                              "pass --force to add the files that are missing (existing files "
                                              "are never overwritten)"))


# --- newsdigest init ----------------------------------------------------------------------------

def starter_files(site: Path) -> list[tuple[Path, Path]]:
    """The starter site's files as (packaged source, target in `site`) pairs."""
    pairs = []
    for source in _files_under(STARTER_DIR):
        relative = source.relative_to(STARTER_DIR)
        name = STARTER_RENAMES.get(relative.as_posix(), relative.name)
        pairs.append((source, site / relative.parent / name))
    return pairs


def init_site(site: Path, force: bool = False) -> tuple[list[Path], list[Path]]:
    """Write a starter site into `site` (created if needed): a commented config.yaml, example articles, an
    example raw page in inbox/ and a .gitignore. Returns the files written and those skipped as existing.

    A folder that is not empty is refused unless `force`; even then no existing file is overwritten.
    """
    site = site.resolve()
    _refuse_non_empty(site, "a new site is created", force)
    site.mkdir(parents=True, exist_ok=True)
    return copy_tree(starter_files(site))


def next_steps(site: Path, cwd: Path | None = None) -> list[str]:
    """The commands to run after `init`, ready to paste: go there, preview, turn the example page into an article."""
    cwd = (cwd or Path.cwd()).resolve()
    site = site.resolve()
    try:
        shown = site.relative_to(cwd)
    except ValueError:
        shown = site
    inbox = sorted(p.relative_to(site).as_posix() for p in (site / "inbox").glob("*") if p.is_file())
    example = [name for name in inbox if (STARTER_DIR / name).is_file()]   # (init --force beside pages of one's own)
    steps = [] if shown == Path(".") else [(f"cd {shlex.quote(str(shown))}", "")]
    if example or len(inbox) == 1:
        steps.append((f"newsdigest ingest {shlex.quote((example or inbox)[0])}",
                      "turn the example raw page into an article"))
    elif inbox:
        steps.append(("newsdigest ingest inbox/", "turn the raw pages in inbox/ into articles"))
    steps.append(("newsdigest serve", "build and preview with live reload (or: newsdigest build)"))
    width = max(len(command) for command, _ in steps) + 2
    return [f"{command:<{width}}# {why}" if why else command for command, why in steps]


# --- newsdigest new -----------------------------------------------------------------------------

def _quoted(text: str) -> str:
    """A YAML double-quoted scalar: safe for any title (colons, quotes, '#', leading dashes)."""
    return yaml.safe_dump(text, default_style='"', allow_unicode=True, width=1 << 30).strip()


def article_text(title: str, when: datetime, source: str = "", draft: bool = False, slug: str = "") -> str:
    """A new article's Markdown: its front matter and a line to replace."""
    lines = ["---", f"title: {_quoted(title)}", f"date: {when.isoformat()}",
             f"source: {_quoted(source)}" if source else "source:"]
    if slug:
        lines.append(f"slug: {slug}   # its address: stays when the title changes")
    if draft:
        lines.append("draft: true")
    lines += ["---", "", PLACEHOLDER_BODY, ""]
    return "\n".join(lines)


def new_article(config: Config, title: str, source: str = "", draft: bool = False,
                now: datetime | None = None) -> Path:
    """Write `content/YYYY/MM/<slug>.md` (`article-<digest>.md` for a title with no Latin letters or digits to
    make a slug from), with that `slug:` stated, dated now in the config's time zone; returns its path.

    An existing file of that name is never overwritten: that is an error naming it.
    """
    title = title.strip()
    for name, text in (("title", title), ("source", source)):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as err:   # bytes of another encoding, as a Latin-1 terminal passes them
            byte = ord(text[err.start]) - 0xDC00 if "\udc80" <= text[err.start] <= "\udcff" else None
            raise NewsdigestError(Problem(config.content_dir, f"the {name} {text!r} is not UTF-8 text"
                                          + (f" (byte 0x{byte:02x})" if byte is not None else "")
                                          + ": set the terminal to UTF-8, or fix it in the file afterwards")) from None
    slug = title_slug(title)    # (a title mostly in another script would be named after its digits: "3-10")
    if not slug:
        if not any(character.isalnum() for character in title):
            raise NewsdigestError(Problem(config.content_dir, f"the title {title!r} has no letters or digits to "
                                                              "name the article's file after"))
        # A title in a script with no Latin letters ("横浜港でストライキ"): its file is named after a digest of it,
        # and so is its address (`slug:`), which otherwise the build would make from the file's path.
        slug = "article-" + hashlib.sha1(title.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    # The address is stated, as the file's name: a typo fixed in the title later must not move a published page
    # (its links, and its id in every feed reader) to another address.
    when = (now or datetime.now(config.zone)).astimezone(config.zone).replace(microsecond=0)
    path = _free_name(config, config.content_dir / f"{when:%Y}" / f"{when:%m}" / f"{slug}.md")
    if blocking := file_in_the_way(path.parent):
        raise NewsdigestError(Problem(blocking, "is a file where the article's folder is needed; move it away"))
    if not create_file(path, article_text(title, when, source, draft, path.stem).encode("utf-8")):
        raise NewsdigestError(Problem(path, "already exists and was left as it is; edit it, or choose another title"))
    return path


def _free_name(config: Config, path: Path) -> Path:
    """`slug.md`, else `slug-2.md`, ...: a name no file of its month has, nor, where the site's article address
    holds no month (`/news/{slug}/`), any article file of the content folder, whose slug would give the same
    address (articles are named after their slugs; a look at names only, so that `new` stays quick)."""
    from newsdigest.ingest.content_writes import free_path

    anywhere = "{month}" not in config.permalinks.article
    return free_path(path, lambda name: name.exists() or anywhere and config.content_dir.is_dir()
                     and any(True for _ in config.content_dir.rglob(name.name)))


# --- newsdigest theme copy ----------------------------------------------------------------------

def copy_theme(config: Config, name: str = "default", force: bool = False) -> tuple[Path, list[Path], list[Path]]:
    """Copy the built-in default theme into `themes_dir/<name>` for editing. Returns the folder, the files
    written and those skipped as existing. A folder that is not empty is refused unless `force`."""
    if not name or slugify(name) != name:
        raise NewsdigestError(Problem(config.themes_dir, f"theme name {name!r} must be lowercase letters, digits "
                                                         f"and hyphens, such as {slugify(name) or 'my-theme'!r}"))
    source = BUILTIN_THEMES_DIR / "default"
    target = (config.themes_dir / name).resolve()
    _refuse_non_empty(target, "the theme is copied", force)
    written, skipped = copy_tree([(path, target / path.relative_to(source)) for path in _files_under(source)])
    return target, written, skipped
