"""Elements a page keeps out of sight, and which of them to leave out of its reading.

A browser shows no element styled `display: none` or `visibility: hidden`, nor one with the utility class CSS
frameworks define as `display: none` ("hidden", "d-none"). Pages keep there what no reader sees: menus and login
forms for later, and schema.org copies of the article for search engines, its dates and logo address as bare text.
trafilatura's own reading prunes such elements; its fallback readings (when its own looks short) do not, and took
the copy and its metadata in after the article. But a page may also keep its article hidden until a script shows
it, or the rest of it behind a "Read more" button, and those are the article. So a hidden element is left out of
the reading only when it is surely not that:

- it holds no prose: no run of text of `PROSE_CHARACTERS` outside links, nor an element of that much text with
  one link at most (a menu, a form's labels, a timestamp);
- or it is itself a schema.org Article (microdata: `itemscope`, an `itemtype` naming an article) without three
  paragraphs of its own: the copy for search engines, whose article body is one run of bare text; an article
  shown by a script has its paragraphs.

An element a class shows again on larger screens ("d-none d-md-block", "hidden md:block", "visible-lg") is not
hidden, and the page's `<body>` never is (some pages hide it until their styles load). Only the outermost hidden
element is judged: what is inside it goes or stays with it. And where the reading without the elements left out
is short, the page read whole is kept if it says several times as much (`html.main_text`).
"""

from __future__ import annotations

import re

PROSE_CHARACTERS = 40     # a run of text this long outside links is prose (a sentence; Chinese or Japanese, a few)
PARAGRAPH_CHARACTERS = 100   # a paragraph of more characters than this is the article's, maybe
ARTICLE_PARAGRAPHS = 3       # ... and so many of them make an article

# A declaration that hides its element, at the start of the style or after a ";" (not "backface-visibility").
HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.IGNORECASE)

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# (the style lowercased, without white space, after a ";": its declarations each start after a ";")
_STYLE = f"concat(';', translate(@style, '{_UPPER} \t\n\r', '{_UPPER.lower()}'))"
_BY_STYLE = (f"(contains(@style, 'one') or contains(@style, 'idden') or contains(@style, 'ONE') or "
             f"contains(@style, 'IDDEN')) and (contains({_STYLE}, ';display:none') or "
             f"contains({_STYLE}, ';visibility:hidden'))")
_CLASSES = "concat(' ', normalize-space(@class), ' ')"
_SHOWN_AGAIN = ("d-sm-", "d-md-", "d-lg-", "d-xl-", "d-xxl-", "sm:", "md:", "lg:", "xl:", "visible-")
_BY_CLASS = (f"(contains(@class, 'hidden') or contains(@class, 'd-none')) and (contains({_CLASSES}, ' hidden ') or "
             f"contains({_CLASSES}, ' d-none ')) and not("
             + " or ".join(f"contains(@class, '{mark}')" for mark in _SHOWN_AGAIN) + ")")
_HIDDEN = f"({_BY_STYLE}) or ({_BY_CLASS})"
# Prose: a run of text outside links, or an element with one link at most whose text is that long (a sentence cut
# into pieces by inline tags and a link).
_NO_PROSE = (f"not(.//text()[not(ancestor::a)][string-length(normalize-space(.)) >= {PROSE_CHARACTERS}] or "
             f".//*[not(self::a) and count(.//a) < 2][string-length(normalize-space(.)) >= {PROSE_CHARACTERS}])")
_ARTICLE_COPY = ("@itemscope and contains(translate(@itemtype, 'A', 'a'), 'article') and "
                 f"count(.//text()[string-length(normalize-space(.)) > {PARAGRAPH_CHARACTERS}]) < {ARTICLE_PARAGRAPHS}")
_LEFT_OUT = f"[not(self::body or self::html)][not(ancestor::*[{_HIDDEN}])][{_NO_PROSE} or ({_ARTICLE_COPY})]"

# For trafilatura's `prune_xpath` (compiled there without namespaces: XPath 1.0 only); the attribute's presence
# tested first, the bare word next, the rest last. A `<template>`'s content is never shown either: a script's
# pattern for what it may add ("Write your comment here"), which trafilatura read as the article's text.
UNREAD_XPATH = f"//template | //*[@style or @class][{_HIDDEN}]{_LEFT_OUT}"


def hidden_by_style(style: str | None) -> bool:
    """Whether an element's `style` attribute hides it (`display: none`, `visibility: hidden`)."""
    return bool(style) and HIDDEN_STYLE.search(style) is not None
