"""An HTML page's text as a browser shows it, near enough for the text-dump cleaner to read it.

The text-dump cleaner (`text.py`) learned its lines from browsers' `innerText` of real pages: block elements end
lines, a paragraph is set off by a blank line, table cells are tab-separated, scripts and hidden elements are
not there. `visible_text` makes that from the HTML with lxml, following the innerText rules that need no
style sheet (CSS a page loads is not read, so an element it hides stays in).

HTML ingest reads every page both ways, with trafilatura and as this text, and `pipeline` keeps the better
reading (see `choose_reading` there): trafilatura is best on pages whose metadata and markup follow today's
conventions, the line cleaner on older or unusual markup, where trafilatura keeps comment threads and "more
news" blocks or finds nothing at all.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

from newsdigest.ingest.hidden_elements import hidden_by_style

# Elements whose text a browser does not show (or shows as a control, not as text).
_NOT_SHOWN = frozenset("""script style noscript noframes template head title meta link base iframe object embed svg math
canvas video audio map area source track select datalist textarea input img picture""".split())
# Block-level elements (the HTML standard's rendering section): a line break before and after.
_BLOCKS = frozenset("""address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption
figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr html legend li listing main menu nav ol p plaintext pre
section summary table tbody thead tfoot tr ul caption""".split())
_CELLS = frozenset({"td", "th"})
_SPACES = re.compile(r"[ \t\n\r\f]+")
MAX_DEPTH = 400     # deeper nesting is read as the text of its element (the recursion stays bounded)


def visible_text(html: str) -> str:
    """The page's text with the line breaks a browser's innerText gives it ('' if it cannot be parsed)."""
    # (without lxml's limit of 255 levels, below which a deeply nested page's article would be lost)
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        document = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (ValueError, lxml.etree.LxmlError):
        return ""
    # (gone before the walk, so that text read in one piece below MAX_DEPTH holds none of theirs either)
    lxml.etree.strip_elements(document, *_NOT_SHOWN, with_tail=False)
    body = document.find("body")
    pieces: list[str | int] = []     # text, or a required line break count (1 or 2)
    _walk(body if body is not None else document, pieces, preformatted=False, depth=0)
    return _joined(pieces)


def _walk(element, pieces: list[str | int], preformatted: bool, depth: int) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if not tag or tag in _NOT_SHOWN or _hidden(element):
        return                      # (a comment or processing instruction; the tail is the caller's)
    breaks = 2 if tag == "p" else 1 if tag in _BLOCKS else 0
    preformatted = preformatted or tag in ("pre", "listing", "plaintext", "textarea")
    if breaks:
        pieces.append(breaks)
    if tag == "br":
        pieces.append("\n")
    if element.text:
        pieces.append(_spaced(element.text, preformatted))
    for child in element:
        if depth < MAX_DEPTH:
            _walk(child, pieces, preformatted, depth + 1)
        elif isinstance(child.tag, str):
            pieces.append(_spaced(child.text_content(), preformatted))
        if child.tail:
            pieces.append(_spaced(child.tail, preformatted))
    if breaks:
        pieces.append(breaks)
    if tag in _CELLS and _next_cell(element) is not None:
        pieces.append("\t")            # innerText: a tab after every cell of a row but its last


def _next_cell(element):
    following = element.getnext()
    while following is not None and not (isinstance(following.tag, str) and following.tag.lower() in _CELLS):
        following = following.getnext()
    return following


def _hidden(element) -> bool:
    return element.get("hidden") is not None or hidden_by_style(element.get("style"))


def _spaced(text: str, preformatted: bool) -> str:
    return text if preformatted else _SPACES.sub(" ", text)


def _joined(pieces: list[str | int]) -> str:
    """The pieces as text: runs of required line breaks become the largest of them, none at either end, and
    each line loses the spaces at its ends (as innerText's collapsing does)."""
    out: list[str] = []
    pending = 0
    for piece in pieces:
        if isinstance(piece, int):
            pending = max(pending, piece)
            continue
        if not piece.strip(" ") and (not out or out[-1].endswith(("\n", " ", "\t")) or pending):
            continue
        if pending and out:
            out.append("\n" * pending)
        pending = 0
        out.append(piece)
    lines = (line.strip(" ") for line in "".join(out).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
