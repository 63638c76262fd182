"""Outlet names: the `Attribution` record, tidying and checking a name, and whether a name spells a domain.

A name is tidied of legal suffixes ("GmbH", "Inc.", "Ltd") and edge punctuation, and refused when it is no name
(a URL, a sentence, a rights phrase, a bare number). `agrees` tells whether a name spells a domain's own label
("Ottawa Citizen" ~ ottawacitizen.com), also through German/Nordic transliteration.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

MAX_NAME_WORDS = 6
MAX_NAME_CHARS = 60


@dataclass(frozen=True)
class Attribution:
    name: str
    found_in: str


_SPACES = re.compile(r"\s+")
_LEGAL_SUFFIX = re.compile(
    r"(?:[,\s]+(?:GmbH\s*&\s*Co\.?\s*KG(?:aA)?|GmbH|gGmbH|m\.?\s?b\.?\s?H\.?|Inc\.?|Incorporated|LLC|L\.L\.C\.|"
    r"Ltd\.?|Limited|\(?Pty\)?\.?(?:\s*Ltd\.?)?|plc|PLC|S\.?A\.?U?\.?|S\.?L\.?U?\.?|SLU|S\.?p\.?A\.?|S\.?r\.?l\.?|"
    r"N\.?V\.?|B\.?V\.?|AG|SE|KG|AS|ASA|AB|A/S|Oy|Oyj|hf\.?|ehf\.?|Corp\.?|Corporation|Co\.|K\.?K\.?|"
    r"S\.?A\.?S\.?|SARL|Sp\.\s*z\s*o\.?\s*o\.?|SA))+\s*$")
_EDGE_PUNCTUATION = " \t,;:.|/-–—·•*<>«»\"'“”‘’()[]{}"
# ... and the Chinese and Japanese ones: the company of a paper or an agency ("東邦新報社", "南方晨报社", "株式会社")
_CJK_COMPANY = re.compile(r"(?<=[聞闻報报信刊])社$|^株式会社\s*|\s*(?:株式会社|有限公司|有限責任公司|有限责任公司)$")


# A company's legal name after the outlet's ("Freie Presse - Chemnitzer Verlag und Druck GmbH & Co. KG"): what an
# organisation's metadata (JSON-LD publisher) often gives, never the name readers know the outlet by.
_LEGAL_TAIL = re.compile(r"\s+[-–—|]\s+[^-–—|]*\b(?:GmbH(?: & Co\.? KG)?|AG|KG|Ltd\.?|LTD\.?|Limited|Inc\.?|INC\.?|"
                         r"LLC|plc|PLC|S\.A\.?|S\.L\.?|S\.p\.A\.?|SpA|B\.V\.?|N\.V\.?|ASA|Oy|Corp\.?|Pty Ltd)$")


def clean_name(value: str) -> str:
    """A site name as metadata gives it, tidied; empty when it is no name (a URL, a sentence, a bare number).
    Entities a site's metadata escaped twice ("&amp;amp;") are read, and a legal name after the outlet's goes."""
    if "&" in value and ";" in value:
        value = html.unescape(value)
    name = _LEGAL_TAIL.sub("", normal_spaces(value))
    name = name.strip(_EDGE_PUNCTUATION.replace(".", "").replace(")", "").replace("(", ""))
    if not name or len(name) > MAX_NAME_CHARS or name.startswith(("http://", "https://")):
        return ""
    if not any(char.isalpha() for char in name):
        return ""
    if name.lower().startswith("www.") and "." in name[4:]:
        name = name[4:]
    return name


def normal_spaces(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


def compact(text: str) -> str:
    """Lower-case letters and digits only, accents removed: "The Globe and Mail" -> "theglobeandmail"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if char.isalnum() and not unicodedata.combining(char))


TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "å": "aa"})


def spellings(text: str) -> set[str]:
    """compact() of the text, plus its German/Nordic transliteration ("Börsen" -> borsen, boersen)."""
    return {compact(text), compact(text.casefold().translate(TRANSLITERATION))}


def agrees(name: str, domain: str) -> bool:
    """Does the name spell the domain's own label? ("Ottawa Citizen" ~ ottawacitizen.com, "Golem.de" ~ golem.de)."""
    label = compact(domain.split(".", 1)[0])
    whole = compact(domain)
    if not label:
        return False
    for spelled in spellings(name):
        if not spelled:
            continue
        candidates = {spelled, spelled.removeprefix("the")}
        if label in candidates or whole in candidates:
            return True
        if len(label) >= 4 and any(c.startswith(label) or (len(c) >= 4 and label.startswith(c)) for c in candidates):
            return True
    return False



_NOT_A_NAME = re.compile(
    r"\b(?:rights?|reserved|licen[cs]\w*|copyright\w*|riproduzione|vorbehalten|protected|contents?|contributors|"
    r"terms|privacy|policy|permission|reprint|unless|otherwise|photo|foto|image|bild|getty|shutterstock|"
    r"imago|istock|reuters\s+photo|ap\s+photo|afp\s+photo|dpa)\b", re.IGNORECASE)
_LOWER_STARTS = {"a", "an", "by", "all", "this", "unless", "portions", "and", "or", "of", "for", "with", "the"}


def valid_name(candidate: str) -> str:
    name = candidate.strip(_EDGE_PUNCTUATION)
    while True:
        shorter = _CJK_COMPANY.sub("", _LEGAL_SUFFIX.sub("", name)).strip(_EDGE_PUNCTUATION)
        if shorter == name:
            break
        name = shorter
    name = name.strip(_EDGE_PUNCTUATION)
    words = name.split()
    if not words or len(words) > MAX_NAME_WORDS or len(name) > MAX_NAME_CHARS or len(compact(name)) < 2:
        return ""
    if _NOT_A_NAME.search(name) or not any(char.isalpha() for char in name):
        return ""
    first = words[0]
    if first.lower() in _LOWER_STARTS and first[0].islower():
        return ""
    if first[0].islower() and not _looks_like_domain(first) and len(words) > 1:
        return ""                       # "a Reach plc subsidiary", "by individual contributors"
    if first[0].isdigit():
        return ""
    return name


def _looks_like_domain(word: str) -> bool:
    return bool(re.fullmatch(r"(?:[\w-]+\.)+[a-z]{2,}", word.lower()))


def other_outlet(source: str, other: str) -> bool:
    """Whether two articles' sources, both known, name different outlets ("Reuters" and "reuters.com" are one)."""
    if not source or not other:
        return False
    if compact(source) == compact(other) or agrees(source, other) or agrees(other, source):
        return False
    # A host whose name is short ("bbc.co.uk", "cnn.com") and a name it starts ("BBC News"): `agrees` wants four
    # letters, to tell outlets apart; here a doubt counts as the same outlet, as before sources were compared.
    for host, name in ((source, other), (other, source)):
        label = compact(host.split(".", 1)[0]) if "." in host and " " not in host.strip() else ""
        if label and compact(name).startswith(label):
            return False
    return True


def spelled_site(url: str, name: str) -> str:
    """The registered domain of `url` when the outlet `name` spells it ("Sky News" on news.sky.com gives
    sky.com), else "" (no URL or no name, or a name of someone else's, as a wire service's on a portal)."""
    from newsdigest.ingest.domains import registered_domain   # (domains reads the names this module checks)

    site = registered_domain(url) if url and name else ""
    return site if site and not other_outlet(name, site) else ""


def one_outlet(name: str, site: str, other_name: str, other_site: str) -> bool:
    """Whether pages of outlets named `name` and `other_name`, on sites `site` and `other_site` (registered domains,
    "" when not known), are one outlet's: their names are not another's (`other_outlet`), or both pages are on one
    site and either name spells it (朝日新聞デジタル and The Asahi Shimbun Company on asahi.com; an aggregator or a
    shared host, whose name no outlet on it spells, carries many outlets)."""
    if not other_outlet(name, other_name):
        return True
    return bool(site) and site == other_site and any(spelled_site(f"https://{site}/", each)
                                                     for each in (name, other_name))
