"""A drop cap put back on its word: the large first letter of an article, set in a block of its own.

Many outlets set the first letter of an article large, in an element the browser lays out as a block, so the
page's text reads "H" on one line and "ong Kong is burning. The authorities ..." on the next. Left as it is,
the article would open with "ong Kong", and the line classifier would read a lone letter and a paragraph that
starts in the middle of a word. The letter and its paragraph are one line again before the page is read.
"""

from __future__ import annotations

import re
from collections import Counter

from newsdigest.ingest import lang

MIN_PARAGRAPH_CHARS = 40    # the line after the letter is a paragraph of at least this many characters


def joined_drop_caps(text: str) -> str:
    """The dump with each drop cap joined to the paragraph it begins: a line of one capital letter, then (after at
    most one blank line) a paragraph that starts with a small letter. The letter joins the paragraph's first word
    ("H" + "ong Kong" -> "Hong Kong"), unless the page uses that word on its own, or the letter is a word of one
    letter in the page's language (its stop words: "A", "I", Russian "В", Polish "W", Spanish "Y"), and the joined
    word is not on the page: then the letter was a word of its own ("A" + "man walked" -> "A man walked", but "A" +
    "dam Schiff" -> "Adam Schiff" where the page names him)."""
    rows = text.split("\n")
    joins = [(i, after) for i, row in enumerate(rows) if _is_capital_letter(row)
             for after in [_paragraph_after(rows, i)] if after is not None]
    if not joins:
        return text
    words = Counter(lang.tokens(text.lower()))
    one_letter_words = {word for word in lang.stop_words(lang.detect_language(list(words), "")) if len(word) == 1}
    for letter_row, paragraph_row in reversed(joins):
        letter, paragraph = rows[letter_row].strip(), rows[paragraph_row].lstrip()
        first = _FIRST_WORD.match(paragraph).group(0).lower()
        joined = (letter + first).lower()
        is_word = letter.lower() in one_letter_words or letter.lower() in _ENGLISH_ONE_LETTER_WORDS
        own_word = (words.get(first, 0) > 1 or is_word) and not words.get(joined, 0)
        rows[letter_row:paragraph_row + 1] = [letter + (" " if own_word else "") + paragraph]
    return "\n".join(rows)


_ENGLISH_ONE_LETTER_WORDS = {"a", "i"}


_FIRST_WORD = re.compile(r"\w+")


def _is_capital_letter(row: str) -> bool:
    letter = row.strip()
    return len(letter) == 1 and letter.isalpha() and letter.isupper()


def _paragraph_after(rows: list[str], index: int) -> int | None:
    """The row of the paragraph a lone letter at `index` begins, or None when the next text is no such paragraph."""
    for after in (index + 1, index + 2):
        if after >= len(rows):
            return None
        row = rows[after].strip()
        if row:
            starts_small = row[0].isalpha() and row[0].islower()
            return after if starts_small and len(row) >= MIN_PARAGRAPH_CHARS else None
    return None
