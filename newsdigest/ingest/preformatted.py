"""HTML `<pre>` blocks made readable for trafilatura, which keeps the lines of a `<pre>` only where it holds a
`<code>`: a shell session or a table drawn in characters keeps its lines, a wrapped article stays prose."""

from __future__ import annotations

import re

_OPENING = re.compile(r"<pre(?=[\s>/])[^<>]*>", re.IGNORECASE)   # (not <pre-x>; an attribute's ">" ends it)
_CLOSING = re.compile(r"</pre\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")   # (a "<" without a ">" is passed at the next "<": linear, however many there are)
_CODE_MARK = re.compile(r"[{}=;$|\\<>]|&[lg]t;|\S {3,}\S")   # (a drawn table's columns: the spaces between)
PROSE_LINE_WORDS = 6     # a line of preformatted prose runs on for this many words ...
PROSE_LINE_SHARE = 0.6   # ... and most lines of a <pre> of prose do, which hold a paragraph's words at least
PROSE_WORDS = 60         # (a command's few lines of output also run on without marks of code)


def preformatted_as_code(html: str) -> str:
    """`html` with each `<pre>` that holds no `<code>` read as one: trafilatura fences only a `<pre><code>`, and the
    lines of any other `<pre>` (a shell session, a config file, a table drawn in characters) ran into one paragraph.
    A `<pre>` of wrapped prose (an old site's or a wire service's whole article) stays prose, its lines joined.
    One pass over the page: each `<pre>` is paired with the first `</pre>` after it (an unclosed one is left)."""
    pieces, done = [], 0
    for opening in _OPENING.finditer(html):
        if opening.start() < done:
            continue   # (inside the block before)
        closing = _CLOSING.search(html, opening.end())
        if closing is None:
            break
        inner = html[opening.end():closing.start()]
        if "<code" not in inner.lower() and not _wrapped_prose(_TAG.sub("", inner)):
            pieces += [html[done:opening.end()], "<code>", inner, "</code>"]
            done = closing.start()
    return "".join(pieces) + html[done:] if pieces else html


def _wrapped_prose(text: str) -> bool:
    """Whether preformatted text reads as paragraphs of prose broken into lines: most of its lines run on for
    several words with none of the marks that code, commands and drawn tables are made of, a paragraph's worth."""
    lines = [line for line in text.splitlines() if line.strip()]
    prose = [line for line in lines if len(line.split()) >= PROSE_LINE_WORDS and not _CODE_MARK.search(line)]
    return len(prose) >= PROSE_LINE_SHARE * len(lines) and sum(len(line.split()) for line in prose) >= PROSE_WORDS
