"""A feed item's article as feeds and feed readers give it: feedparser's `content` list, and HTML that is the
article alone (JSON Feed's `content_html`, RSS `content:encoded`) rather than a page."""

from __future__ import annotations

import html
from collections.abc import Mapping


def feed_entry_content(place: Mapping) -> dict[str, str]:
    """feedparser's `content` (an RSS item's `content:encoded`, an Atom entry's `content`: a list of objects with
    a `type` and a `value`) as the JSON Feed fields it amounts to: `content_html`, `content_text`; {} for none."""
    content = place.get("content")
    found: dict[str, str] = {}
    for item in content if isinstance(content, list) else ():
        if isinstance(item, dict) and isinstance(item.get("value"), str) and item["value"].strip():
            kind = item.get("type") or "text/html"   # (feedparser's default, as for `content:encoded`)
            name = "content_text" if kind == "text/plain" else "content_html" if "html" in kind else ""
            if name:
                found.setdefault(name, item["value"])
    return found


def fragment_page(fragment: str, title: str) -> str:
    """The HTML of an article alone (paragraphs, subheadings, lists: no page around them) as a page with its stated
    headline, so that it is read as a page is: without one, the page reader took the first paragraph for the
    headline and the article lost it."""
    headline = html.escape(title)
    return (f"<!DOCTYPE html><html><head><title>{headline}</title></head><body><article><h1>{headline}</h1>\n"
            f"{fragment}\n</article></body></html>")
