"""A page's date text made readable by the date patterns of newsdigest.ingest.dates, which read ASCII digits and
"HH:MM" times: digits of other scripts and full-width signs as ASCII, and Japanese and Korean clock times in words
("20時01分", "午後8時1分", "오후 8시 1분") as "20:01". Each rewrite keeps the text's length or shortens a run padded
with spaces to its length, so a position found in the result is the same in the original.
"""

from __future__ import annotations

import functools
import importlib
import re
import unicodedata

# Digits of other scripts (Arabic-Indic, Persian, Devanagari, Bengali, Thai, full-width...) and full-width
# separators, read as ASCII: one character for one.
_ASCII = {zero + k: str(k) for zero in (0x660, 0x6F0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6,
                                        0xD66, 0xE50, 0xED0, 0x1040, 0x17E0, 0xFF10) for k in range(10)}
_ASCII.update({ord(wide): unicodedata.normalize("NFKC", wide) for wide in "／．－：，"})
_ASCII[ord("،")] = ","          # the Arabic comma
_NOT_ASCII = re.compile("[" + "".join(map(chr, _ASCII)) + "]")
# A Japanese or Korean clock time in words, with its half of the day when one is written before it.
_CJK_CLOCK = re.compile(r"(?<!\d)(午前|午後|오전|오후)?\s?([0-2]?\d)\s?[時시]\s?([0-5]?\d)\s?[分분]")
_CJK_CLOCK_MARK = re.compile("[分분]")


def as_ascii_date_text(text: str) -> str:
    """The text with other scripts' digits and separators as ASCII and CJK clock times as "H:MM", position for
    position (see the module's docstring)."""
    if _NOT_ASCII.search(text):
        text = text.translate(_ASCII)
    if _CJK_CLOCK_MARK.search(text):
        text = _CJK_CLOCK.sub(_colon_time, text)
    return text


def _colon_time(match: re.Match) -> str:
    half, hour, minute = match.group(1), int(match.group(2)), int(match.group(3))
    if half in ("午後", "오후") and hour < 12:
        hour += 12
    elif half in ("午前", "오전") and hour == 12:
        hour = 0
    return f"{hour}:{minute:02d}".ljust(len(match.group()))


@functools.cache
def locale_table(language: str) -> dict:
    """dateparser's locale table for a language code ({} when there is none); only its data, not its parser."""
    code = {"no": "nb", "iw": "he", "in": "id"}.get(language, language)
    if not code or not re.fullmatch(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?", code):
        return {}
    try:
        return importlib.import_module(f"dateparser.data.date_translation_data.{code}").info
    except (ImportError, AttributeError):
        return {}


_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WORD_AFTER = re.compile(r"[\s,]{1,3}([^\W\d_]{2,15})\.?,?")


@functools.cache
def weekday_names(language: str | None) -> frozenset[str]:
    """The weekdays' names and abbreviations (case-folded) in English and in `language`, as dateparser has them."""
    tables = [locale_table("en")] + ([locale_table(language)] if language and language != "en" else [])
    return frozenset(name.casefold().rstrip(".") for table in tables for key in _WEEKDAY_KEYS
                     for name in table.get(key, ()) if len(name.rstrip(".")) >= 2)


def weekday_end(text: str, position: int, language: str | None) -> int:
    """Where a weekday's name written at `position` ends ("12 Mayıs 2026 Salı 16:40", "5 May 2026, Tuesday,
    16:40": many pages print it between a date and its time); `position` itself where none is written there."""
    found = _WORD_AFTER.match(text, position)
    return found.end() if found and found[1].casefold() in weekday_names(language) else position
