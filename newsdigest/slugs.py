"""URL slugs: lowercase ASCII words joined by hyphens, safe as a single path segment on any OS."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^a-z0-9]+")
# Names Windows refuses as file or folder names, whatever the extension.
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
MAX_SLUG_LENGTH = 80
# Latin letters that Unicode does not decompose into a base letter and a mark, so folding accents alone drops
# them ("dømt" -> "dmt", "Straße" -> "strae"): spelled as their languages write them without the letter.
_UNDECOMPOSED_LATIN = str.maketrans({
    "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "ẞ": "SS", "ł": "l", "Ł": "L",
    "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T",
    "ŀ": "l", "Ŀ": "L", "ĸ": "k", "ſ": "s", "ƒ": "f"})


def slugify(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """Turn any text into a slug; returns '' when nothing usable is left (the caller picks a fallback).

    Accents are folded ("Señor" -> "senor"), and Latin letters without one are spelled out ("Tromsø" -> "tromso",
    "Straße" -> "strasse", "Łódź" -> "lodz"); every other character, including '/', '.', and
    look-alike Unicode, becomes a separator, so a slug can never climb out of its folder.
    """
    return _slug_of(str(text), max_length)


@lru_cache(maxsize=1 << 16)  # a build slugs the same source, tag and topic names many times over
def _slug_of(text: str, max_length: int) -> str:
    folded = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED_LATIN)).encode("ascii", "ignore")
    folded = folded.decode("ascii").lower()
    slug = _NON_WORD.sub("-", folded).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    if slug in _WINDOWS_RESERVED:
        slug = f"{slug}-x"
    return slug


def title_slug(title: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """`slugify(title)`, or '' for a title written mostly in another script than Latin: its Latin letters and digits
    alone ("157" of a Chinese headline, "kbs" of a Korean one) would name the page after a number or an acronym."""
    kept = sum(1 for char in slugify(title, max_length=1 << 62) if char != "-")
    written = sum(1 for char in title if char.isalnum())
    return slugify(title, max_length) if written and 2 * kept >= written else ""


def article_slug(stated: str, title: str) -> str:
    """The slug an article's address is made of: its front matter's `slug` as `slugify` writes it, else its title's
    (`title_slug`); '' when neither gives one (the build then names it after a digest of its file's path)."""
    return slugify(stated) or title_slug(title)


@lru_cache(maxsize=1 << 16)
def name_slug(name: str) -> str:
    """`distinct_slug` of a tag's or an outlet's name written in Latin letters (and digits, signs); '' for a name
    with letters of another script, whose Latin part alone would merge names that differ only in the other
    script ("2027년 예산" and "2027년 경제전망" are not both "2027"; "한국 Times" and "코리아 Times" not "times")."""
    folded = unicodedata.normalize("NFKD", name.translate(_UNDECOMPOSED_LATIN))
    if any(char.isalpha() and not char.isascii() and not _latin_or_sign(char) for char in folded):
        return ""
    return distinct_slug(name)


def _latin_or_sign(char: str) -> bool:
    """A Latin letter beyond ASCII ("ə" of Azərbaycan, "ŋ"), or a modifier letter used as a sign ("ʻ" of Hawaiʻi)."""
    return unicodedata.category(char) == "Lm" or unicodedata.name(char, "").startswith("LATIN")


def distinct_slug(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """`slugify`, but a slug that has to be cut ends in 8 hex digits of the whole slug, so two long names that
    differ only past the cut ("... Newspapers Alpha", "... Newspapers Beta") never share a slug, while names
    that slugify alike still do. A slug that fits is `slugify`'s, unchanged."""
    whole = slugify(text, max_length=1 << 62)
    if len(whole) <= max_length:
        return whole
    digest = hashlib.sha1(whole.encode("ascii")).hexdigest()[:8]
    return f"{slugify(whole, max_length - len(digest) - 1)}-{digest}"


def reading_order(name: str) -> tuple[str, str]:
    """A sort key for names as readers look them up in a list: letters with accents among their base letters
    ("Börsen-Zeitung" before "Business Insider", "Übergewicht" under U), then case and accents to break ties.
    (Letters of other scripts keep their code point order.)"""
    folded = unicodedata.normalize("NFKD", name.translate(_UNDECOMPOSED_LATIN)).casefold()
    return "".join(char for char in folded if not unicodedata.combining(char)), name.casefold()
