"""Bylines: who wrote the article, as a text dump prints it above or just below the article's start.

English ("By Ana Ferreira", "Written by ...", "Author: ...") and the bylines of other languages ("Von Nina
Magoley", "Par ...", "Por ...", "Door ...", "Av ...", "Autor: ..."). A byline is a meta line for the line model
(`lines.py`) and gives the article's author (`text_meta.py`).
"""

from __future__ import annotations

import re

from newsdigest.ingest.dates import MONTHS

BYLINE = re.compile(r"^(?:(?:by|written\s+by|words\s+by|reported\s+by|reporter|author)\s*:?|(?:text|words|story)\s*:)"
                    r"\s+(?P<name>[^|•·,;]+?)"
                    r"(?:\s*(?:[|•·,;]|\band\b(?=\s+(?:staff|senior|chief|special))).*)?$", re.IGNORECASE)


def is_byline(text: str) -> bool:
    """A byline, in English ("By Ana Ferreira", "Author: ...") or another language ("Von Nina Magoley")."""
    return bool(BYLINE.match(text)) or bool(other_byline(text))


_AFTER_NAME = re.compile(r"\s*@|\s+(?:follow|updated|published|posted)\b", re.IGNORECASE)


def byline_name(text: str) -> str:
    """The author's name when the line is a byline ("By Ana Ferreira", "Von Nina Magoley"), else "".

    A date, a handle or "Follow"/"Updated" run into the line ends the name ("By Erin Vale March 18 at 3:57 PM");
    a name starts with a capital ("Author of the article:" is a label, its name on another line).
    """
    match = BYLINE.match(text)
    name = _AFTER_NAME.split(match.group("name") if match else other_byline(text), maxsplit=1)[0]
    words = name.split()
    cut = next((i for i, word in enumerate(words) if word[:1].isdigit()), len(words))
    while cut and words[cut - 1].casefold().strip(".,") in MONTHS and cut < len(words):
        cut -= 1            # "Erin Vale March 18": the month of a date run into the byline
    name = " ".join(words[:cut]).strip(" .,:;-–—")
    return name if name[:1].isupper() else ""


# A byline in a language besides English: "Von Nina Magoley", "Par Denis Loctier", "Kommentar von Nicole Opitz",
# "Autor: Monika Bolliger und Anna Trechsel, Sweidah". The label, then the name up to a separator.
_BYLINE_LABEL = re.compile(r"""^(?:
    (?:(?:ein\s+|eine\s+)?(?:kommentar|gastbeitrag|kolumne|analyse|interview|reportage|essay)\s+)?von
  | par | por | di | door | av | af | oleh
  | (?:autor(?:in|ka|e)?|auteur|autore|автор|yazar|penulis|texto|testo|tekst|redacci[óo]n)\s*:
)(?:\s*:)?\s+""", re.IGNORECASE | re.VERBOSE)
_NAME_END = re.compile(r"\s*[,|•·;/(–—]\s*|\s+\d|\s+-\s+")
_NAME_JOINS = re.compile(r"\s+(?:und|et|y|e|i|og|och|mit|avec|con|com|ja|oraz|и|ve|dan)\s+", re.IGNORECASE)
_NAME_PARTICLES = frozenset("de del della der den di da das do dos van von vom zu le la du des ter ten al el bin".split())
_BYLINE_MAX_CHARS = 120


def other_byline(text: str) -> str:
    """The (first) author's name when `text` is a byline in a language besides English, else "".

    The name is two to five words, each starting with a capital but for particles such as "de" or "van": "Von
    den 30 Gästen kamen 12", "Par exemple, ..." and "Von Ärzten und Pflegern" (German capitalises its nouns) are
    not bylines.
    """
    text = text.strip()
    label = _BYLINE_LABEL.match(text) if len(text) <= _BYLINE_MAX_CHARS else None
    if label is None:
        return ""
    name = _NAME_JOINS.split(_NAME_END.split(text[label.end():], maxsplit=1)[0], maxsplit=1)[0].strip(" .:")
    words = name.split()
    named = [word for word in words if word.casefold() not in _NAME_PARTICLES]
    if not 2 <= len(named) <= len(words) <= 5 or not all(word[:1].isupper() for word in named):
        return ""
    return name
