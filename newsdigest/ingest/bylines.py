"""Bylines: who wrote the article, as a text dump prints it above or just below the article's start.

English ("By Ana Ferreira", "Written by ...", "Author: ...") and the bylines of other languages ("Von Nina
Magoley", "Par ...", "Por ...", "Door ...", "Av ...", "Autor: ..."). A byline is a meta line for the line model
(`lines.py`) and gives the article's author (`text_meta.py`).
"""

from __future__ import annotations

import re

from newsdigest.ingest.dates import MONTHS
from newsdigest.ingest.lang import stop_words

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


# A name printed alone on its line, as many sites print their bylines: two to four capitalised words of letters.
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_.'’-]*(?:[.'’-][^\W\d_]*)*\.?$")
_ROLES = frozenset("""redakteur redakteurin korrespondent korrespondentin reporter reporterin editor writer
correspondent journalist journalistin autor autorin volontär volontärin""".split())
# Words of the lines that look like names but are not: outlets, sections, labels.
_NOT_NAME_WORDS = frozenset("""news live updated published posted share comments comment video photo photos opinion
analysis world politics business sport sports breaking latest home menu subscribe staff press associated agency
times post daily herald journal tribune online media network radio magazine weekly report reports editorial
newsletter podcast watch listen read more top stories story edition international national local related topics
topic tags review reviews guide guides feature features culture entertainment lifestyle travel health science tech
technology money markets economy weather environment education crime court property motoring cars car food style
fashion music film films movies books arts games gaming deals shopping sponsored partner content""".split())
_GLUED_ROLE = re.compile(r"(?<=[^\W\d_])(?:Redakteur|Korrespondent|Reporter|Editor|Correspondent|Autor|Volontär)(?:in)?$")


def bare_name(text: str, language: str = "en") -> str:
    """The name in a line that is nothing but a person's name ("Amanda Krause", "CHRIS WILSON-SMITH", "Daniel
    Beispiel Redakteur" without its role), else "". Where such a line is a byline is for the caller to judge:
    a name alone is also a kicker or a photo credit."""
    words = text.split()
    while words and words[-1].casefold() in _ROLES:
        words.pop()
    if words:
        words[-1] = _GLUED_ROLE.sub("", words[-1])   # "Daniel BeispielRedakteur": a role run into the name
    if not 2 <= len(words) <= 4 or len(" ".join(words)) > 40:
        return ""
    common = stop_words(language) | _NOT_NAME_WORDS
    for word in words:
        initial = len(word) == 2 and word.endswith(".")    # "Miguel A. Herguedas"
        if not _NAME_WORD.match(word) or not word[:1].isupper() or not initial and word.casefold() in common:
            return ""
    return " ".join(words)
