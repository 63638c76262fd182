"""HTML `<pre>` blocks made readable for trafilatura, which keeps the lines of a `<pre>` only where it holds a
`<code>`: a shell session or a table drawn in characters keeps its lines, a wrapped article stays prose."""

from __future__ import annotations

import re

_PREFORMATTED = re.compile(r"(<pre\b[^>]*>)(.*?)(</pre\s*>)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_CODE_MARK = re.compile(r"[{}=;$|\\<>]|&[lg]t;|\S {3,}\S")   # (a drawn table's columns: the spaces between)
PROSE_LINE_WORDS = 6     # a line of preformatted prose runs on for this many words ...
PROSE_LINE_SHARE = 0.6   # ... and most lines of a <pre> of prose do, which hold a paragraph's words at least
PROSE_WORDS = 60         # (a command's few lines of output also run on without marks of code)


def preformatted_as_code(html: str) -> str:
    """`html` with each `<pre>` that holds no `<code>` read as one: trafilatura fences only a `<pre><code>`, and the
    lines of any other `<pre>` (a shell session, a config file, a table drawn in characters) ran into one paragraph.
    A `<pre>` of wrapped prose (an old site's or a wire service's whole article) stays prose, its lines joined."""
    def as_code(found: re.Match) -> str:
        inner = found[2]
        if "<code" in inner.lower() or _wrapped_prose(_TAG.sub("", inner)):
            return found[0]
        return f"{found[1]}<code>{inner}</code>{found[3]}"
    return _PREFORMATTED.sub(as_code, html)


def _wrapped_prose(text: str) -> bool:
    """Whether preformatted text reads as paragraphs of prose broken into lines: most of its lines run on for
    several words with none of the marks that code, commands and drawn tables are made of, a paragraph's worth."""
    lines = [line for line in text.splitlines() if line.strip()]
    prose = [line for line in lines if len(line.split()) >= PROSE_LINE_WORDS and not _CODE_MARK.search(line)]
    return len(prose) >= PROSE_LINE_SHARE * len(lines) and sum(len(line.split()) for line in prose) >= PROSE_WORDS
