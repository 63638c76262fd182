"""The tags a page's metadata names: its keywords meta tag and `article:tag` names, one tag per name."""

from __future__ import annotations

import re

_TAG_SEPARATORS = re.compile(r"\s*[,;，；、]\s*")
# Keywords lists run to dozens of search terms and internal codes (116 on one development page); the first
# names are the page's own choice of what it is about, and each tag is a page of the site.
MAX_TAGS = 10


def page_tags(values: list[str]) -> tuple[str, ...]:
    """The page's tags, one name each: a keywords meta tag holds them all in one string ("Trade, Tariffs,
    China"; "инстаграм, кулинария"), where article:tag gives one per tag; the first spelling of a name is kept, and
    the first `MAX_TAGS` names."""
    tags: dict[str, str] = {}
    for value in values:
        for tag in _TAG_SEPARATORS.split(value or ""):
            tag = " ".join(tag.strip(" #").split())
            if tag:
                tags.setdefault(tag.casefold(), tag)
    return tuple(tags.values())[:MAX_TAGS]
