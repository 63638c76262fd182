"""Bylines: who wrote the article, as a text dump prints it above or just below the article's start.

English ("By Ana Ferreira", "Written by ...", "Posted by ...", "Author: ...") and the bylines of other languages
("Von Nina Magoley", "Par ...", "Por ...", "Door ...", "Av ...", "Autor: ...", "Escrito por ...", "Από ...").
A byline is a meta line for the line model
(`lines.py`) and gives the article's author (`text_meta.py`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

from newsdigest.ingest.byline_labels import CASELESS_NAME_WORDS, byline_label, caseless, sentence_end, starts_like_name
from newsdigest.ingest.byline_roles import (NAME_PARTICLES, NOT_NAME_WORDS, ROLES, after_role, between_chinese_roles,
                                             cut_at_line_break, email_names, role_dropped, split_at_joins,
                                             without_korean_role, without_stray_brackets)
from newsdigest.ingest.dates import MONTHS, WEEKDAYS, find_dates
from newsdigest.ingest.domains import registered_domain
from newsdigest.ingest.lang import stop_words_written_lowercase
from newsdigest.ingest.outlet_names import compact

BYLINE = re.compile(r"^(?:[^\w\s]{1,3}\s*)?"     # an icon before it: "👤by Jane Roe"
                    r"(?:(?:(?:by|written\s+by|words\s+by|reported\s+by|posted\s+by|reporter|author)\s*:?"
                    r"|(?:text|words|story)\s*:|(?:reporting|story)\s+by)\s+"
                    r"|(?-i:By(?=[A-Z][a-z])))"   # "ByTravis Haney": the label styled apart, run into the name
                    r"(?P<name>[^|•·,;]+?)"
                    r"(?:\s*(?:[|•·,;]|\band\b(?=\s+(?:staff|senior|chief|special))).*)?$", re.IGNORECASE)


# "Posted on 12 May 2025 by Tom Reilly": a name after "by" at the end of a dated line.
TRAILING_AUTHOR = re.compile(r"\bby\s+(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s*$")


def trailing_author(text: str) -> str:
    """The name in "Posted on 12 May 2025 by Tom Reilly"; never a picture's credit in a caption that tells its day
    ("... in Shah Alam on November 19, 2024. — Picture by Yusof Mat Isa"), which stood above the byline."""
    match = TRAILING_AUTHOR.search(text)
    if match is None or credited(text[:match.start()]) or not find_dates(text):
        return ""
    return match.group("name")


def credited(before: str) -> bool:
    """Whether the text before a "by" ends in a picture's credit ("— Picture by", "Photo by")."""
    return bool(_CREDIT_WORD.search(before))


_CREDIT_WORD = re.compile(r"\b(?:pictures?|photos?|photograph|images?|illustration|graphics?|video|footage|pic|"
                          r"fotos?|bild)\s+$", re.IGNORECASE)


def is_byline(text: str, language: str = "") -> bool:
    """A byline, in English ("By Ana Ferreira", "Author: ...") or another language ("Von Nina Magoley")."""
    return bool(BYLINE.match(text)) or bool(other_byline(text, language))


# Words that lead from a byline's name into its date ("on", a weekday): never the end of a name.
# A name's last word with a number or a month run into it: a word of three letters or more ending in a small one
# (four letters or more before a month: "MacAugust" and "MacMay" are names)
_GLUED_STAMP = re.compile(r"^(?:(?P<name>[^\W\d_]{2,}[^\W\d_A-ZÀ-ÖØ-Þ])(?P<digit>\d)|(?P<month_name>[^\W\d_]{3,}"
                          r"[^\W\d_A-ZÀ-ÖØ-Þ])(?:January|February|March|April|May|June|July|August|September|October"
                          r"|November|December)$)")
_BEFORE_DATE = frozenset(["on", "at", *WEEKDAYS, *(day[:3] for day in WEEKDAYS), "tues", "thur", "thurs"])
_AFTER_NAME = re.compile(r"\s*@|\s+(?:follow|updated|published|posted)\b", re.IGNORECASE)


def byline_name(text: str, language: str = "") -> str:
    """The author's name when the line is a byline ("By Ana Ferreira", "Von Nina Magoley"), else "".

    A date, a handle or "Follow"/"Updated" run into the line ends the name ("By Erin Vale March 18 at 3:57 PM");
    a name starts with a capital ("Author of the article:" is a label, its name on another line).
    """
    match = BYLINE.match(text)
    name = _AFTER_NAME.split(match.group("name") if match else other_byline(text, language), maxsplit=1)[0]
    words = name.split()
    glued = next((i for i, word in enumerate(words) if (found := _GLUED_STAMP.match(word))
                  and (found["digit"] or words[i + 1:i + 2] and words[i + 1][:1].isdigit())), None)
    if glued is not None:   # "Lucas Nolan22 Dec 2016", "Lesotho TimesNovember 21": the stamp run into the name
        found = _GLUED_STAMP.match(words[glued])
        words = words[:glued] + [found["name"] or found["month_name"], "0"]
    cut = next((i for i, word in enumerate(words) if word[:1].isdigit()), len(words))
    while cut and words[cut - 1].casefold().strip(".,") in MONTHS and cut < len(words):
        cut -= 1            # "Erin Vale March 18": the month of a date run into the byline
    dated = cut < len(words) or not text.rstrip(" .").endswith(name.rstrip(" ."))
    while cut > 1 and dated and words[cut - 1].casefold().strip(".,") in _BEFORE_DATE:
        cut -= 1            # "By Erin Vale on Wed, Nov 8": what leads into the date ("By Ana On" stays)
    name = " ".join(words[:cut]).strip(" .,:;-–—")
    if all((folded := word.casefold().strip(".,")) in _BEFORE_DATE or folded in MONTHS for word in words[:cut]):
        return ""           # "By Sunday, the storm had passed.": a day is no name
    return name if starts_like_name(name) else ""


# A byline in a language besides English: "Von Nina Magoley", "Par Denis Loctier", "Kommentar von Nicole Opitz",
# "Autor: Monika Bolliger und Anna Trechsel, Sweidah". The label, then the name up to a separator.
_NAME_END = re.compile(r"\s*[,،|•·;/(–—]\s*|\s+\d|\s+-\s+")
_NAME_JOINS = re.compile(r"\s+(?:und|et|y|e|i|og|och|mit|avec|con|com|ja|oraz|и|ve|dan)\s+", re.IGNORECASE)
_BYLINE_MAX_CHARS = 120


def other_byline(text: str, language: str = "") -> str:
    """The (first) author's name when `text` is a byline in a language besides English (`byline_labels`; or a
    writer's role and desk before the name, "Health reporter Tom Adeyemi"), else "".

    The name is two to five words, each starting with a capital but for particles such as "de" or "van": "Von
    den 30 Gästen kamen 12", "Par exemple, ..." and "Von Ärzten und Pflegern" (German capitalises its nouns) are
    not bylines. In a script without capitals ("كتب: سامي الحداد", "מאת נועה ברק") it is four words at most, on
    a line that does not end like a sentence.
    """
    text = text.strip()
    label = byline_label(text, language) if len(text) <= _BYLINE_MAX_CHARS else None
    if label is None:
        rest = after_role(text) if len(text) <= _BYLINE_MAX_CHARS else ""
        return bare_name(_NAME_END.split(rest, maxsplit=1)[0]) if rest else ""
    name = _NAME_JOINS.split(_NAME_END.split(text[label.end():], maxsplit=1)[0], maxsplit=1)[0].strip(" .:")
    words = name.split()
    named = [word for word in words if word.casefold() not in NAME_PARTICLES]
    if not 2 <= len(named) <= len(words) <= 5 or not all(starts_like_name(word) for word in named):
        return ""
    if caseless(named) and (len(words) > CASELESS_NAME_WORDS or sentence_end(text)):
        return ""
    return name


# A name printed alone on its line, as many sites print their bylines: two to four capitalised words of letters.
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_.'’-]*(?:[.'’-][^\W\d_]*)*\.?$")
_GLUED_WORD = re.compile(r"(?<=[^\W\d_])[A-ZÀ-ÖØ-Þ][^\W\d_A-ZÀ-ÖØ-Þ]+$")


def bare_name(text: str, language: str = "en") -> str:
    """The name in a line that is nothing but a person's name ("Amanda Krause", "CHRIS WILSON-SMITH", "Daniel
    Beispiel Redakteur" without its role), else "". Where such a line is a byline is for the caller to judge:
    a name alone is also a kicker or a photo credit."""
    words = text.split()
    while words and (words[-1].casefold() in ROLES or words[-1].casefold() in NOT_NAME_WORDS):
        words.pop()          # "Sophie Foster Travel News Reporter": the desk and the role after the name
    if words:            # "Daniel BeispielRedakteur", "Emma BeispielLifestyle": the same run into the name
        glued = _GLUED_WORD.search(words[-1])
        if glued and (glued[0].casefold() in ROLES or glued[0].casefold() in NOT_NAME_WORDS):
            words[-1] = words[-1][:glued.start()]
    if not 2 <= len(words) <= 4 or len(" ".join(words)) > 40:
        return ""
    common = _common_words(language)
    for word in words:
        initial = len(word) == 2 and word.endswith(".")    # "Miguel A. Herguedas"
        if word.endswith(("’s", "'s")):
            return ""                                       # "Geingob's Funeral": a name's thing, not a name
        if not _NAME_WORD.match(word) or not word[:1].isupper() or not initial and word.casefold() in common:
            return ""
    return " ".join(words)


@functools.lru_cache(maxsize=64)
def _common_words(language: str) -> frozenset[str]:
    """The words no name is made of in `language`: its function words and the sections' words (made once)."""
    return stop_words_written_lowercase(language) | NOT_NAME_WORDS


# A byline's label printed on a line of its own, the name on the next ("By" / "Sophie Foster", "Author:" / ...).
BYLINE_LABEL_ALONE = re.compile(r"^(?:by|von|par|por|door|av|af|oleh|(?:ein\s+)?kommentar\s+von"
                                r"|author(?:\s+of\s+the\s+article)?|autor(?:in|ka)?|auteur|autore|автор|yazar|penulis)"
                                r"\s*:?$", re.IGNORECASE)
# What a byline's line goes on with, or the line beside it holds: when the article was published or updated (in
# words of several languages, or as a time ago), or the writer's role.
_STAMP_WORDS = re.compile(r"""\b(?:published|updated|posted|publiziert|ver[öo]ffentlicht|aktualisiert|stand(?=:)|publi[ée]
  |mis\s+[àa]\s+jour|publicado|actualizado|pubblicato|aggiornato|gepubliceerd|bijgewerkt|publicerad|uppdaterad
  |publisert|oppdatert|offentliggjort|opdateret|julkaistu|p[äa]ivitetty|opublikowano|zaktualizowano|publikov[áa]no
  |опубликовано|обновлено|yay[ıi]nlanma|g[üu]ncelleme|diterbitkan|diperbarui)\b
  |\b\d+\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|weeks?)\b(?:\s+ago)?$|\bago$
  |^(?:vor|il\s+y\s+a|hace)\s+\d""", re.IGNORECASE | re.VERBOSE)
_ROLE_START = re.compile(r"^(?:\w+\s+)?(?:editor|correspondent|reporter|journalist|writer|redakteur|korrespondent|"
                         r"corresponsal|periodista|giornalista|journaliste|redact(?:or|ora|eur|rice))(?:in)?\b",
                         re.IGNORECASE)
# A name, then a separator, a space before a number, or nothing before a number or a handle ("Tobias
# Beispiel24.04.2024", "Bradly Beispiel@handle"), then the rest; or the rest first and the name last, after a
# separator and maybe its label ("9. September 2025 um 15:46 Uhr / Frank Beispiel", "14:07 Uhr | Von Eva Beispiel").
_NAME_AND_STAMP = re.compile(r"^(?P<name>[^|·•/,—–@]+?)\s*(?:[|·•/—–]\s*|\s(?=\d)|(?<=[^\W\d_])(?=\d)|,?\s*(?=@\w))"
                             r"(?P<rest>.+)$")
_STAMP_AND_NAME = re.compile(r"^(?P<rest>.+?)\s*[|·•/,—–]\s*(?P<label>(?:by|von|par|por|di|door|av|af|autor)\s+)?"
                             r"(?P<name>[^|·•/,—–\d]+)$", re.IGNORECASE)
# A clock time ("15:46", "14.07 Uhr"): a place after a date ("3 March 2024 | Los Angeles") is no byline; after the
# time of day it was published, a name is the writer's.
_CLOCK = re.compile(r"(?<!\d)(?:[01]?\d|2[0-3])[:.h][0-5]\d(?!\d)")
_HANDLE = re.compile(r"^@\w+")


def is_stamp(text: str) -> bool:
    """A line (or the rest of one) that says when the article was published or updated, or who wrote it in what
    role: what stands beside a byline ("Published 3 seconds ago", "12:43, 20 Apr 2026", "Games Editor")."""
    return bool(find_dates(text) or _STAMP_WORDS.search(text) or _ROLE_START.match(text))


def name_with_stamp(text: str, language: str = "en") -> str:
    """The name in a line that is a name and then, after a separator, a stamp: "Jonisayi Maromo|Published 1 day
    ago", "Aashish Saxena / TIMESOFINDIA.COM / Sep 2, 2024", "Kyle Wiggers 7 hours"; else ""."""
    text = text.strip()
    for pattern in (_NAME_AND_STAMP, _STAMP_AND_NAME):
        match = pattern.match(text)
        name = bare_name(match["name"], language) if match else ""
        if not name:
            continue
        if pattern is _NAME_AND_STAMP and (is_stamp(match["rest"]) or _HANDLE.match(match["rest"])):
            return name
        if pattern is _STAMP_AND_NAME and (match["label"] or _CLOCK.search(match["rest"])) and is_stamp(match["rest"]):
            return name
    comma = text.split(",", 1)
    if len(comma) == 2 and _STAMP_WORDS.match(comma[1].strip()):   # "Habeeb Beispiel, Published 07/08/2025"
        return bare_name(comma[0], language)
    return ""


# A byline's label trafilatura leaves on a name it read from the page ("Por Lucía Ferrer", "Autor: Jan Nowak",
# "Story by Ann Lee", Hebrew "מאת", Hindi "रिपोर्ट:", Turkish "Haber:"): taken off where a name of two words or
# more follows ("Di Natale" is a name)
_LEADING_LABEL = re.compile(r"^(?:(?:photographs?|photos?|story|reporting|analysis|text|words|written|reported|posted)"
                            r"\s+by|by|von|par|por|di|door|av|af|oleh|autor(?:in|ka)?|auteur|autore|author|автор|yazan"
                            r"|yazar|penulis|texte|بقلم|نویسنده|מאת|रिपोर्ट|लेखक|haber)\s*:?\s+(?=\S+\s+\S)",
                            re.IGNORECASE)


def distinct_names(authors: str, page: str = "") -> str:
    """trafilatura's "; "-joined authors, each once: a page's byline and its metadata often give one name twice,
    in two cases ("Jane Doe; JANE DOE"); the spelling that is not all capitals is kept. An agency's or an editor's
    short code trafilatura wrote with a capital the page never gives it ("Dpa", "Srf", "Amw") is spelled as the page
    spells it ("dpa", "SRF"); a person's name keeps trafilatura's capitals ("jane doe" in a meta tag is Jane Doe).
    A placeholder ("Username", the font-size button "字号") or a time stamp ("Last Updated January 7") is no name; a
    Chinese role label before a name goes ("责任编辑：刘光博", "本报记者 王乐文"), as does one between two names.
    Authors that trafilatura left joined are split: at an Arabic comma, and at the word for "and" of the languages it
    does not split at ("Claire Dubois et Marc Petit"). A page's e-mail address is no author ("Rdelgado Com"), nor
    the start of the line under a name ("Ann Lee<br>Courts and Crime Reporter" read as "Ann Lee Courts")."""
    names: dict[str, str] = {}
    emails = email_names(page) if page else frozenset()
    for name in (cut_at_line_break(joined, page) for part in _rejoined(re.split(r"[;；،、]", authors), page)
                 for piece in between_chinese_roles(_CJK_ROLE.sub("", part.strip()))
                 for joined in split_at_joins(_LEADING_LABEL.sub("", piece), page)):
        key = " ".join(name.casefold().split())
        if key in _PLACEHOLDER_NAMES or key in emails or _STAMP_WORDS.search(name) and any(c.isdigit() for c in name):
            continue   # a publishing system's "Username"; a time stamp, "Last Updated January 7" ("Jo Ago" stays)
        if name and (key not in names or names[key].isupper() and not name.isupper()):
            names[key] = name
    return "; ".join(_as_the_page_spells(_with_its_marks(name, page), page) for name in names.values())


# The vowel signs and other marks a word of many scripts ends in (Unicode's M categories: Thai "แก้วมณี", Hindi
# "शर्मा", Bengali, Tamil, Arabic written with its vowels): trafilatura strips what no letter or digit ends a name
# with, and took them off too ("แก้วมณ", "शर्म"). The name's last word is completed as the page writes the whole
# name: another word that starts as its last one does ("कुमारी" of another person, beside "अमित कुमार") is not it.
_BETWEEN_WORDS = r"(?:\s|&nbsp;|&#160;|&#xa0;|<[^<>]{0,200}>)+"   # what a page's HTML puts between two words of a name


def _with_its_marks(name: str, page: str) -> str:
    """`name` with the marks the page writes at the end of it, where the page writes it whole, which trafilatura
    took off."""
    words = name.split() if page else []
    if not words or unicodedata.category(name[-1]).startswith("M"):
        return name
    for found in re.finditer(r"(?<![^\W\d_])" + _BETWEEN_WORDS.join(map(re.escape, words)), page):
        end = found.end()
        while end < len(page) and unicodedata.category(page[end]).startswith("M"):
            end += 1
        if end > found.end() and not (end < len(page) and page[end].isalnum()):
            return name + page[found.end():end]
    return name


# A name written family name first in a page's metadata, "Lenharo, Mariana" (Dublin Core's and the scholarly
# citation tags' convention), which trafilatura splits at the comma into two authors.
_INVERTED_NAME_META = re.compile(
    r"""<meta\s[^>]*?name\s*=\s*["']?(?:dc\.creator|dcterms\.creator|citation_author)["']?"""
    r"""[^>]*?content\s*=\s*["']\s*([^"',;<>]{1,60}),\s*([^"',;<>]{1,60}?)\s*["']""", re.IGNORECASE)


def _rejoined(parts: list[str], page: str) -> list[str]:
    """trafilatura's authors with each "family name; given name" pair the page's metadata writes as "Lenharo,
    Mariana" joined again as "Mariana Lenharo"."""
    inverted = {(family.strip().casefold(), given.strip().casefold()): f"{given.strip()} {family.strip()}"
                for family, given in _INVERTED_NAME_META.findall(page)} if page and "," in page else {}
    if not inverted:
        return parts
    joined, i = [], 0
    while i < len(parts):
        pair = (parts[i].strip().casefold(), parts[i + 1].strip().casefold()) if i + 1 < len(parts) else None
        if pair in inverted:
            joined.append(inverted[pair])
            i += 2
        else:
            joined.append(parts[i])
            i += 1
    return joined


# What a site's publishing system writes where the author's name belongs when it has none.
_PLACEHOLDER_NAMES = frozenset(["username", "user", "admin", "administrator", "anonymous", "author", "unknown",
                                "字号", "字體", "字体"])
# The role before a name in Chinese bylines: editor in charge, (this paper's) reporter, correspondent, author.
# A separator or a space must follow: "编辑部" (the editorial office) and "记者站" (a bureau) are no roles.
_CJK_ROLE = re.compile(r"^(?:责任编辑|責任編輯|责编|責編|编辑|編輯|(?:本报|本報|特约|特約)?(?:记者|記者)|通讯员|通訊員|作者|文|图|圖)"
                       r"(?:\s*[：:/]\s*|\s+)(?=[^\W\d_])")


def _as_the_page_spells(name: str, page: str) -> str:
    if not page or " " in name or len(name) > SHORT_CODE or not name.istitle():
        return name
    spellings = re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", page, re.IGNORECASE)
    if not spellings or name in spellings:
        return name
    counts = Counter(spellings)   # the commonest spelling; of equal counts, the first in the page
    return max(counts, key=counts.__getitem__)


SHORT_CODE = 5   # letters of an agency's or editor's code at most ("dpa", "AFP", "hosb")


def plain_names(authors: str) -> str:
    """The "; "-joined authors without what a byline printed beside a name: a weekday or a month that began its date
    ("Jeff Foust Monday, November 18" read as "Jeff Foust Monday; November"), the writer's role ("Tom Gillespie News
    reporter", "Sina Zehrfeld Landespolitische Korrespondentin", "이서연 기자", and after a name "Ann Lee; Data
    Reporter": `byline_roles.role_dropped`), a leading label ("Текст Лида Буслаева") and a stray bracket
    ("【鈴木花子"). A part that is nothing else goes ("Staff writer", "Reporter")."""
    names = []
    for part in authors.split(";"):
        words = without_korean_role(without_stray_brackets(part.strip(" -–—|"))).split()
        if len(words) > 2 and words[0].casefold().rstrip(":") in _NAME_LABELS:
            words = words[1:]
        if all(word.casefold().strip(".,") in _DATE_WORDS for word in words):
            continue          # ("Theresa May" keeps her name: a month ends a name, a weekday does not)
        # Two words of a name stay whatever they are: "Joe Friday", "Sarah Writer" and "Text Neck" are names.
        while len(words) > 2 and words[-1].casefold().strip(".,") in WEEKDAYS:
            words.pop()
        words = role_dropped(words, after_name=bool(names))
        if words:
            names.append(" ".join(words))
    return "; ".join(names)


def stated_authors(names: list[str]) -> str:
    """A scraper record's authors (a list's names, its objects' names or a string's, split at semicolons) as one
    ", "-joined list, each cleaned as a page's: without a byline's label ("By Ann Lee"), two names joined by "and"
    as two (Zyte's `nameRaw` "By Ines Kahl and Oskar Bell"), without a role after a comma ("ANN LEE, Staff
    Writer"), each name once ("Ann Lee, Ann Lee"). Other commas stay: "Lee, Ann" is one name."""
    kept: dict[str, str] = {}
    for name in names:
        pieces: list[str] = []
        for piece in _LEADING_LABEL.sub("", _BY.sub("", name)).split(","):
            # ("Lee, Ann": a name after the comma stays; a role after one goes)
            if words := role_dropped(piece.split(), after_name=bool(pieces)):
                pieces.append(" ".join(words))
        for author in split_at_joins(", ".join(pieces)):
            if (key := " ".join(author.casefold().split())) not in kept:
                kept[key] = author
    return ", ".join(kept.values())


_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)


_DATE_WORDS = frozenset([*WEEKDAYS, *MONTHS])
_NAME_LABELS = frozenset(["text", "текст", "texto", "testo", "tekst", "teksti"])


def without_outlet_names(authors: str, source: str, url: str = "") -> str:
    """The "; "-joined authors less those that name the outlet itself: its name ("Les Echos" by Les Echos), or its
    site's domain as a publishing system writes it ("Sportschau De", "Cleveland com"). The page credits
    its outlet as the source already; as an author it only said the outlet's name twice ("Les Echos, by Les Echos").
    A person or an agency named beside it stays ("Le Figaro et AFP")."""
    if not authors or not (source or url):
        return authors
    domain = registered_domain(url)
    names = [name.strip() for name in authors.split(";")]
    return "; ".join(name for name in names if name and not names_outlet(name, source, domain))


def names_outlet(name: str, source: str, domain: str) -> bool:
    """Whether an author's name is the outlet's: its name; its domain as a publishing system writes it ("Cleveland
    com", "Www Washingtontimes Com"); or, a single word, the domain's name ("WDR" on wdr.de). A person's name that
    is also their site's ("Nate Silver" on natesilver.net) is a name of two words or more, and stays."""
    key = _squashed(_WEB_PREFIX.sub("", name))
    if not key:
        return False
    if key == _squashed(source):
        return True
    if not domain:
        return False
    web_form = _WEB_PREFIX.match(name).group(0) or name.casefold().endswith(domain.rsplit(".", 1)[-1])
    return key == _squashed(domain) and bool(web_form) or " " not in name and key == _squashed(domain.split(".")[0])


_WEB_PREFIX = re.compile(r"^(?:https?\W+)?(?:www\b\W*)?", re.IGNORECASE)


def _squashed(name: str) -> str:
    """`outlet_names.compact` of a name ("N-TV.de" -> "ntvde"), "" for a name of fewer than three letters."""
    squashed = compact(name)
    return squashed if len(squashed) >= 3 else ""
