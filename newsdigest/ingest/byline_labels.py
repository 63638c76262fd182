"""The label a byline prints before its name in languages besides English, and what starts a name.

"Von Nina Magoley", "Par ...", "Autor: ...", Arabic "بقلم" and "كتب:", Hebrew "מאת", Persian "نویسنده:", Hindi
"लेखक:", Thai "ผู้เขียน:"; Swahili "Na" and Romanian "de" only on a page in that language, since they are common
words of others ("Na Dolnym Śląsku" is Polish for "in Lower Silesia"). Arabic, Hebrew, Persian, Hindi, Thai and
other scripts have no capitals: a name's word in them starts with a letter that is neither small nor capital.
`bylines.other_byline` reads the name after the label.
"""

from __future__ import annotations

import re

from newsdigest.scripts import SENTENCE_END_MARKS

BYLINE_LABEL = re.compile(r"""^(?:
    (?:(?:ein\s+|eine\s+)?(?:kommentar|gastbeitrag|kolumne|analyse|interview|reportage|essay)\s+)?von
  | par | por | di | door | av | af | oleh | από
    # "written by" in those languages
  | (?:escrito|redactado)\s+por | scritto\s+da | geschrieben\s+von | [ée]crit\s+par | ditulis\s+oleh
  | skrevet\s+av | geschreven\s+door | napisa[łl]a?
  | (?:autor(?:in|ka|e)?|auteur|autore|автор|yazar|penulis|texto|testo|tekst|redacci[óo]n)\s*:
    # by the pen of, he or she wrote (Arabic); by (Hebrew); writer, by the pen of (Persian); writer (Hindi);
    # writer, written by (Thai)
  | بقلم | كتبت?\s*(?=[:\-–—]) | מאת | نویسنده | به\s+قلم | लेखक | ผู้เขียน | เขียนโดย
)(?:\s*[:\-–—])?\s+""", re.IGNORECASE | re.VERBOSE)
# A byline's label that is a common word in other languages: read only on a page in its own language.
_LANGUAGE_LABELS = {"sw": re.compile(r"^na\s+", re.IGNORECASE), "ro": re.compile(r"^de\s+")}


def byline_label(text: str, language: str = "") -> re.Match[str] | None:
    """The byline's label that `text` starts with, in any language or in the page's `language`, else None."""
    found = BYLINE_LABEL.match(text)
    if found is None and language in _LANGUAGE_LABELS:
        found = _LANGUAGE_LABELS[language].match(text)
    return found


def starts_like_name(word: str) -> bool:
    """A word that may be part of a name: it starts with a capital, or with a letter of a script that has no
    capitals ("سامي", "נועה", "राहुल", "สมชาย")."""
    first = word[:1]
    return first.isupper() or first.isalpha() and not first.islower()


def caseless(words: list[str]) -> bool:
    """Whether a name's words are written in a script without capitals (the capital that tells a name from
    prose is missing: the name must be short and end its line)."""
    return any(starts_like_name(word) and not word[:1].isupper() for word in words)


CASELESS_NAME_WORDS = 4


def sentence_end(text: str) -> bool:
    """Whether `text` ends like a sentence of prose (a byline does not)."""
    return text.rstrip()[-1:] in SENTENCE_END_MARKS
