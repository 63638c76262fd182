"""A page's date text made readable by the date patterns of newsdigest.ingest.dates, which read ASCII digits and
"HH:MM" times: digits of other scripts and full-width signs as ASCII, and Japanese and Korean clock times in words
("20時01分", "午後8時1分", "오후 8시 1분") as "20:01". Each rewrite keeps the text's length or shortens a run padded
with spaces to its length, so a position found in the result is the same in the original.
"""

from __future__ import annotations

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
