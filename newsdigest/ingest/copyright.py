"""Copyright and masthead lines: which lines of a page are its copyright lines, and the outlet names in them.

Photo credits ("... im Einsatz. © dpa | Jens Kalaene") are not copyright lines: a line counts when it carries a
year or an "all rights reserved" phrase, or stands among the last lines of the page, and has no sentence before
the mark.
"""

from __future__ import annotations

import re

from newsdigest.ingest.outlet_names import valid_name

FOOTER_LINES = 8           # a copyright mark in the last lines of the page is the footer's, even without a year

_MARK = r"(?:(?<![ÃÂ])©|ⓒ|Ⓒ|\(c\)|\(C\)|&copy;|\bcopyright\b|\bCopyright\b|\bCOPYRIGHT\b)"
_MARK_RE = re.compile(_MARK)
_SYMBOL_RE = re.compile(r"(?<![ÃÂ])©|ⓒ|Ⓒ|\([cC]\)")
_YEAR = r"(?:19|20)\d\d"
_YEAR_RE = re.compile(rf"(?<!\d){_YEAR}(?!\d)")
_RIGHTS = re.compile(
    r"all\s+rights?\s+reserved|alle\s+rechte\s+vorbehalten|tous\s+droits\s+r[ée]serv[ée]s|"
    r"todos\s+los\s+derechos\s+reservados|todos\s+os\s+direitos\s+reservados|tutti\s+i\s+diritti\s+riservati|"
    r"wszystkie\s+prawa\s+zastrze[żz]one|alle\s+rettigheter\s+forbeholdt|alla\s+rättigheter\s+förbehållna|"
    r"alle\s+rettigheder\s+forbeholdes|alle\s+rechten\s+voorbehouden|tüm\s+hakları\s+saklıdır|"
    r"все\s+права\s+защищены|všechna\s+práva\s+vyhrazena|minden\s+jog\s+fenntartva|"
    r"무단\s*전재|無断転載|版权所有|版權所有|جميع\s+الحقوق\s+محفوظة|haki\s+zote\s+zimehifadhiwa", re.IGNORECASE)
# A word of each rights phrase, to skip the search on lines that hold none (most lines of a page).
_RIGHTS_WORDS = ("rights", "rechte", "droits", "derechos", "direitos", "diritti", "prawa", "rettighe", "rättigheter",
                 "rechten", "hakları", "права", "práva", "jog", "무단", "無断", "版", "الحقوق", "haki")


def states_rights_reserved(text: str) -> bool:
    """The line says "All rights reserved", in one of the languages `_RIGHTS` knows ("Alle Rechte vorbehalten",
    "Tous droits réservés ..."): a footer's or a photo credit's line, never article text or a headline."""
    folded = text.casefold()
    return any(word in folded for word in _RIGHTS_WORDS) and _RIGHTS.search(text) is not None


def opens_with_mark(text: str) -> bool:
    """The line begins with a copyright mark ("© Example Media AG | Main Street 1 | ..."): a footer's line."""
    return _MARK_RE.match(text.lstrip()) is not None


# After the mark: more marks, years and year ranges, "by", "all contents" - then the name.
_LEAD = re.compile(rf"^(?:\s|{_MARK}|{_YEAR}(?:\s*[-–—/]\s*(?:{_YEAR}|present|now))?|by\b|[,.:|\-–—])+",
                   re.IGNORECASE)
# Where the name ends: a rights phrase, a year, a separator, a sentence end, ", a division of"...
_NAME_END = re.compile(
    rf"\s*(?:{_RIGHTS.pattern}|{_MARK}|(?<!\d){_YEAR}(?!\d)|\s[|/]\s?|\s?[|]|\s[-–—]\s|[,;]|\.\s|\.$|"
    r"\s+(?:is\s+(?:a\s+)?part\s+of|a\s+division\s+of|an?\s+\w+\s+company)\b)", re.IGNORECASE)


def copyright_lines(lines: list[str]) -> list[int]:
    """Indices of the page's copyright lines: a mark with a year or a rights phrase, or a mark in the footer.

    Photo credits are left out: a mark after a sentence ("... im Einsatz. © dpa | Jens Kalaene"), a mark inside a
    word (mojibake "cafÃ©"), a long line with neither year nor rights phrase.
    """
    found = []
    footer_start = max(0, len(lines) - FOOTER_LINES)
    for number, line in enumerate(lines):
        mark = _MARK_RE.search(line)
        if mark is None or len(line) > 400:
            continue
        rights = _RIGHTS.search(line) is not None
        year = _YEAR_RE.search(line) is not None
        if not (rights or year or number >= footer_start):
            continue
        if not rights and len(line.split()) > 20:
            continue
        if _is_sentence(line[: mark.start()].strip()) and not rights:
            continue
        found.append(number)
    return found


def copyright_names(lines: list[str], numbers: list[int] | None = None) -> list[str]:
    """Outlet names from the page's copyright lines, in page order (the footer's last)."""
    names: list[str] = []
    for number in copyright_lines(lines) if numbers is None else numbers:
        line = lines[number]
        mark = _MARK_RE.search(line)
        before = line[: mark.start()].strip()
        found = [_name_after(line[mark.start():])]
        if before and _SYMBOL_RE.match(line[mark.start():]) and len(before.split()) <= 4:
            found.append(_name_before(before))   # "Anadolu Ajansı © 2021", "washingtonpost.com © 1996-2024 ..."
        names.extend(name for name in found if name)
    return names


def _is_sentence(text: str) -> bool:
    return len(text.split()) > 4 and bool(re.search(r"[.!?:)\]]\s*[-–—]?\s*$", text))


def _name_after(text: str) -> str:
    rest = _LEAD.sub("", text, count=1)
    end = _NAME_END.search(rest)
    return valid_name(rest[: end.start()] if end else rest)


def _name_before(text: str) -> str:
    parts = re.split(r"\s[|/]\s|\s[-–—]\s|/", text)
    return valid_name(parts[0] if parts else "")
