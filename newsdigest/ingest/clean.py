"""Scraping artefacts, fixed one small function at a time: mojibake, escaped quotes, indentation, quotes.

Each function takes and returns text, so they can be tested alone and composed in `clean_text`.
"""

from __future__ import annotations

import re

from newsdigest.markup import strip_control_chars
from newsdigest.scripts import composed

# A UTF-8 sequence wrongly decoded as Windows-1252/Latin-1 starts with a lead byte shown as Â-ô and
# continues with one to three bytes shown as cp1252 "continuation" characters (€, ™, ©, ...).
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE_RUN = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf" + re.escape(_CP1252_HIGH) + "]{1,3}"
)
_ESCAPED_QUOTE = re.compile(r"\\(['\"])")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Zero-width spaces and word joiners go. The zero-width non-joiner and joiner (U+200C, U+200D) are spelling inside
# a word of Persian, Hindi or Malayalam and inside an emoji sequence: they stay between two characters of such text
# and go beside ASCII, a space or a line's edge, where they are only markup residue.
_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff]|[\u200c\u200d](?![^\x00-\x7f\\s])|(?<![^\x00-\x7f\\s])[\u200c\u200d]")
# trafilatura drops every character Python does not print, the non-joiner and joiner among them ("بارش‌ها" came
# out "بارشها", "सम्‍मान" lost its half form, a family emoji fell apart): the page goes to it with each one, or its
# character reference, as a printable stand-in it does not touch, and they are put back in what it read. A page
# that already holds a stand-in is left as it is.
_JOINER_STAND_INS = {"\u200c": "\U0001d300", "\u200d": "\U0001d301"}
_JOINER_IN_HTML = re.compile(r"[\u200c\u200d]|&(zwn?j|#8204|#8205|#x0*200[cd]);", re.IGNORECASE)
_PUT_BACK = str.maketrans({stand_in: joiner for joiner, stand_in in _JOINER_STAND_INS.items()})


def joiners_kept(html: str) -> str:
    """`html` with its zero-width non-joiners and joiners (characters or references) as stand-ins trafilatura keeps;
    `joiners_back` puts them back."""
    if not _JOINER_IN_HTML.search(html) or any(stand_in in html for stand_in in _JOINER_STAND_INS.values()):
        return html

    def stand_in(found: re.Match) -> str:
        name = (found[1] or "").casefold()
        joiner = found[0] if not name else "\u200c" if name in ("zwnj", "#8204") or name.endswith("c") else "\u200d"
        return _JOINER_STAND_INS[joiner]
    return _JOINER_IN_HTML.sub(stand_in, html)


def joiners_back(text: str) -> str:
    """Text read from a page `joiners_kept` prepared, with its joiners back."""
    return text.translate(_PUT_BACK)


_READING_TEXTS = ("title", "author", "description", "sitename", "text", "raw_text", "comments", "image", "url")


def reading_with_joiners(reading):
    """trafilatura's reading (a `Document`, or None) of a page `joiners_kept` prepared, its text and names with their
    joiners back."""
    for field in _READING_TEXTS if reading is not None else ():
        if isinstance(getattr(reading, field, None), str):
            setattr(reading, field, joiners_back(getattr(reading, field)))
    for field in ("categories", "tags") if reading is not None else ():
        if isinstance(getattr(reading, field, None), list):
            setattr(reading, field, [joiners_back(v) if isinstance(v, str) else v for v in getattr(reading, field)])
    return reading


QUOTE_TRANSLATION = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                                   "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "`": "'"})


def _cp1252_bytes(text: str) -> bytes | None:
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) < 256:       # the five bytes cp1252 leaves undefined come through as Latin-1
                out.append(ord(char))
            else:
                return None
    return bytes(out)


def fix_mojibake(text: str) -> str:
    """Repair UTF-8 text that was decoded as Windows-1252 ("â€™" -> "’", "Ã©" -> "é").

    Only runs that decode cleanly as UTF-8 are replaced, so genuine accented text ("Ãrbol" in a
    Spanish name is not a valid UTF-8 sequence) is left alone.
    """
    def repair(match: re.Match) -> str:
        raw = _cp1252_bytes(match.group(0))
        if raw is None:
            return match.group(0)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return match.group(0)

    # A right double quote (E2 80 9D) loses its last byte in cp1252, leaving "â€" + a replacement character.
    text = text.replace("â€\ufffd", "”").replace("â€\x9d", "”")
    previous = None
    while previous != text:  # doubly-encoded text needs two passes
        previous, text = text, _MOJIBAKE_RUN.sub(repair, text)
    return text


def unescape_quotes(text: str) -> str:
    """Undo backslash-escaped quotes left by a scraper that serialised strings twice: \\' -> '."""
    return _ESCAPED_QUOTE.sub(r"\1", text)


def normalise_spaces(line: str) -> str:
    """Collapse runs of spaces (including no-break and typographic spaces); drop zero-width characters."""
    return _SPACES.sub(" ", _ZERO_WIDTH.sub("", line)).strip()


def straighten_quotes(text: str) -> str:
    """Curly quotes to ASCII, so the same headline with different quote characters compares equal."""
    return text.translate(QUOTE_TRANSLATION)


def clean_text(text: str) -> str:
    """All artefact fixes for a whole page; leading indentation goes with `normalise_spaces` per line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = strip_control_chars(fix_mojibake(text))
    text = composed(text)    # NFC, the compatibility ideographs Korean text may use kept as written
    return unescape_quotes(text)


def clean_lines(text: str) -> list[str]:
    """A page as cleaned lines, stripped of indentation (which Markdown would turn into code blocks)."""
    return [normalise_spaces(line) for line in clean_text(text).split("\n")]


def comparable(text: str) -> str:
    """A line reduced for comparison: straight quotes, no punctuation at the edges, casefolded, single spaces."""
    text = straighten_quotes(text).casefold()
    return " ".join(text.split()).strip(" .,:;!?\"'")


_MARKDOWN_START = re.compile(r"^(#{1,6}\s|>|[-*+]\s|\d{1,9}[.)]\s|={3,}|-{3,}|\*{3,}|_{3,}|`{3,}|~{3,})")


# What starts a link, an image, an autolink, an emphasis, a code span or a strikethrough, and entity- or tag-shaped
# text: in scraped plain text these are characters to show, never markup ("[x](https://...)" stays text).
_MARKDOWN_INLINE = re.compile(r"[\\`*_\[\]~]|<(?=[A-Za-z/!?])|&(?=#?\w+;)")


def escape_markdown_inline(text: str) -> str:
    """Plain text as Markdown that renders as exactly that text: every character that could start inline markup
    is backslash-escaped ("AT&T" and "2 < 3" need none, but "AT&amp;T" and "<https://...>" do)."""
    return _MARKDOWN_INLINE.sub(lambda match: "\\" + match.group(), text)


def code_fence(code: str) -> str:
    """A block of code as fenced Markdown, behind a fence longer than any run of backticks in it: none can close it."""
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall("`+", code)), default=0))
    return f"{fence}\n{code}\n{fence}"


def escape_markdown_start(paragraph: str) -> str:
    """Escape a paragraph that would otherwise render as a heading, quote, list or rule. (A backslash escapes
    punctuation only: before a digit it would show, so a number's "1." or "1)" is escaped at its dot.)"""
    start = _MARKDOWN_START.match(paragraph)
    if not start:
        return paragraph
    if paragraph[0].isdigit():
        at = len(start.group()) - 2     # the "." or ")" before the space
        return paragraph[:at] + "\\" + paragraph[at:]
    return "\\" + paragraph


# Super- and subscript figures as the characters that show them: "10<sup>6</sup>" is 10⁶, not 106; "H<sub>2</sub>O".
_RAISED = str.maketrans("0123456789+-−=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾")
_LOWERED = str.maketrans("0123456789+-−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎")
_FIGURES = re.compile(r"<(sup|sub)>([0-9+\-−=()]{1,12})</\1>")
_FORMATTING_TAG = re.compile(r"</?(?:u|sup|sub)>")


def without_formatting_tags(markdown: str) -> str:
    """trafilatura's Markdown without the HTML tags it writes for underline, superscript and subscript (raw HTML is
    off in the site's Markdown, so "M<sup>me</sup> Binet" showed its tags): figures become super- and subscript
    characters, other text stays as it is ("Mme Binet")."""
    if "<" not in markdown:
        return markdown
    raised = _FIGURES.sub(lambda m: shifted_figures(m[2], m[1]), markdown)
    return _FORMATTING_TAG.sub("", raised)


def shifted_figures(text: str, tag: str) -> str:
    """The text of a `<sup>` or `<sub>` element as it shows: figures as super- or subscript characters ("6" in
    "10<sup>6</sup>" is "⁶"); other text ("me" in "M<sup>me</sup>") as it is."""
    if not _ONLY_FIGURES.fullmatch(text):
        return text
    return text.translate(_RAISED if tag == "sup" else _LOWERED)


_ONLY_FIGURES = re.compile(r"[0-9+\-−=()]{1,12}")



_NUMBERED = re.compile(r"([1-9]\d{0,2}|0)[.)]\s+(?=\S)")   # ("01." is no Markdown number: it would show as 1.)


def list_markers(items: list[str]) -> list[tuple[str, str]]:
    """(marker, text) for the Markdown of consecutive list items: "1. ", "2. ", ... with the numbers taken off the
    items' text where every item is numbered and the numbers count up by one (a ranking, a recipe's steps), each
    new count from 1 a list of its own (two numbered lists one after the other: the second's marker "1)", since
    Markdown would number it on as part of the first); else "- " and the text as it is: Markdown numbers a list on
    from its first item, so a countdown ("3.", "2.", "1.") written as one would read 3, 4, 5, and its numbers stay
    in the text of bullet items instead."""
    numbered = [_NUMBERED.match(item) for item in items]
    if not items or not all(numbered):
        return [("- ", item) for item in items]
    numbers = [int(found[1]) for found in numbered]
    lists = [0] + [place for place in range(1, len(items)) if numbers[place] == 1 and numbers[place - 1] != 0]
    for start, end in zip(lists, [*lists[1:], len(items)]):
        if numbers[start:end] != list(range(numbers[start], numbers[start] + end - start)):
            return [("- ", item) for item in items]
    delimiters = {start: ". " if count % 2 == 0 else ") " for count, start in enumerate(lists)}
    markers, delimiter = [], ". "
    for place, (found, item) in enumerate(zip(numbered, items)):
        delimiter = delimiters.get(place, delimiter)
        markers.append((f"{found[1]}{delimiter}", item[found.end():]))
    return markers
