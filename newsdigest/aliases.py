"""An article's earlier addresses (front matter `aliases:`, as Hugo, Zola and Jekyll's redirect_from have them):
each gets a page that leads on to the article's page (`pages.alias_redirects`), so a link to where the article
was published before (a slug changed, a date corrected across midnight) still reaches it.

An alias is an address on this site, as the permalink patterns write them: a path from the site's root (under
its base path), ending in `/` or in a file name ending `.html`. Anything else (a full URL, `..`, a query) is refused
with a message: a page from content must never be written outside the output folder.
"""

from __future__ import annotations

import re

# One path segment: what a URL path allows unescaped, and percent escapes; "." and ".." are refused apart.
_SEGMENT = r"[A-Za-z0-9._~!$&'()*+,;=:@%-]+"
_ALIAS = re.compile(rf"/(?:{_SEGMENT}/)*(?:{_SEGMENT}\.html)?")


def alias_paths(value: object) -> tuple[tuple[str, ...], list[str]]:
    """The addresses `aliases:` gives (a string or a list of strings), each ending in `/` unless it names an
    `.html` file, and a message for each value that is not one."""
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else [value]
    paths: list[str] = []
    refused: list[str] = []
    for item in values:
        text = item.strip() if isinstance(item, str) else ""
        if text and not text.endswith((".html", "/")):
            text += "/"
        if not text or not _ALIAS.fullmatch(text) or any(part in (".", "..") for part in text.split("/")):
            refused.append(f"{item!r} is not an address on this site such as /2026/03/20/old-title/; ignored")
        elif text not in paths:
            paths.append(text)
    return tuple(paths), refused
