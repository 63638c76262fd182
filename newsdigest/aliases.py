"""An article's earlier addresses (front matter `aliases:`, as Hugo, Zola and Jekyll's redirect_from have them):
each gets a page that leads on to the article's page (`pages.alias_redirects`), so a link to where the article
was published before (a slug changed, a date corrected across midnight) still reaches it.

An alias is an address on this site, as the permalink patterns write them: a path from the site's root (under
its base path), ending in `/` or in a file name ending `.html`, percent escapes read as the letters they stand for
(a server looks up `/caf%C3%A9/` in the folder `café`). Anything else (a full URL, `..`, a query, a hidden name,
the name of a file the build writes itself, such as `sitemap.xml` or `index.html`) is refused with a message: a page
from content must never be written outside the output folder, or over a file the site needs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from newsdigest.markup import strip_control_chars
from newsdigest.problems import Problem
from newsdigest.urls import output_path

if TYPE_CHECKING:
    from newsdigest.article import Article

# Characters a path segment may not hold: separators, spaces and controls, what a URL path cannot carry as is, and
# the ":" and "*" no Windows file name holds. A segment may end in no "." (Windows drops it: "tags." is "tags"),
# be no device name (CON, nul.html), and be no longer than file systems allow a name (255 bytes on most).
_NOT_IN_SEGMENT = re.compile(r"[\s/?#\\\"<>:*|\x00-\x1f\x7f]")
_WINDOWS_DEVICE = re.compile(r"con|prn|aux|nul|com[0-9]|lpt[0-9]", re.IGNORECASE)
MAX_SEGMENT_BYTES = 200
# Files and folders the build writes itself, which no alias may take the place of (newsdigest.urls, render, search).
GENERATED_NAMES = frozenset({"index.html", "404.html", "sitemap.xml", "robots.txt", "feed.xml", "atom.xml",
                             "feed.json", "daily.xml", "feeds.opml"})
_GENERATED = re.compile(r"sitemap-[0-9]+\.xml|pagefind(?:-[0-9]+)?", re.IGNORECASE)


def alias_paths(value: object) -> tuple[tuple[str, ...], list[str]]:
    """The addresses `aliases:` gives (a string or a list of strings), each ending in `/` unless it names an
    `.html` file, with percent escapes read, and a message for each value that is not one."""
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else [value]
    paths: list[str] = []
    refused: list[str] = []
    for item in values:
        text = unquote(item.strip()) if isinstance(item, str) else ""
        if text and not text.endswith((".html", "/")):
            text += "/"
        if not _is_alias(text):
            refused.append(f"{item!r} is not an address on this site such as /2026/03/20/old-title/ (nor one of the "
                           "files the build writes itself); ignored")
        elif text not in paths:
            paths.append(text)
    return tuple(paths), refused


def _is_alias(text: str) -> bool:
    # (checked as it is written and read: the characters front matter values lose must not be lost after the check)
    if not text.startswith("/") or text == "/" or strip_control_chars(text) != text:
        return False
    parts = text[1:].removesuffix("/").split("/")
    if parts[0].casefold() == "static":   # the theme's assets (static/style.css) go there
        return False
    return all(part and not part.startswith(".") and not part.endswith(".") and not _NOT_IN_SEGMENT.search(part)
               and len(part.encode("utf-8", "surrogatepass")) <= MAX_SEGMENT_BYTES
               and _WINDOWS_DEVICE.fullmatch(part.split(".", 1)[0]) is None
               and part.casefold() not in GENERATED_NAMES and not _GENERATED.fullmatch(part) for part in parts)


def shared_aliases(content_dir: Path, articles: list[Article]) -> list[Problem]:
    """A warning for each earlier address (`aliases:`) that two articles give, in any letter case: it can lead on to
    one of them only, the newest (`articles` are newest first, as pages list them); and for each that needs a folder
    where another alias, of this article or another, is a file (`/a.html/b/` beside `/a.html`), or a file where the
    other needs a folder: the first of them leads on, as `pages` writes them, and the other is left out."""
    files: dict[str, tuple[Article, str]] = {}     # the file each alias is written to, in any letter case
    folders: dict[str, tuple[Article, str]] = {}   # the folders they need, each with the first alias needing it
    problems = []
    for article in articles:
        for alias in article.extra.get("aliases", ()):
            path = output_path(alias).casefold()
            needed = folders_of(path)
            if (other := files.get(path)) is not None:
                if other[0] is not article:
                    problems.append(Problem(content_dir / article.source_path,
                                            f"aliases: {alias} is also an alias of {other[0].source_path}, whose "
                                            "page it leads to"))
                continue
            clash = folders.get(path) or next((files[folder] for folder in needed if folder in files), None)
            if clash is not None:
                owner = "this article" if clash[0] is article else clash[0].source_path
                problems.append(Problem(content_dir / article.source_path,
                                        f"aliases: {alias} and {clash[1]} (an alias of {owner}) cannot both be "
                                        f"written: one needs a folder where the other is a file; {alias} is left out"))
                continue
            files[path] = (article, alias)
            for folder in needed:
                folders.setdefault(folder, (article, alias))
    return problems


def folders_of(path: str) -> list[str]:
    """The folders a file's output path goes through: "a/b/index.html" -> ["a", "a/b"]."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[:end]) for end in range(1, len(parts) + 1)]
