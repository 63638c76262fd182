"""Characters that word-based text handling must treat apart. Letters of the writing systems that put no spaces
between words (Chinese, Japanese) or attach particles to them (Korean: "대통령은", "대통령이"), as character class
bodies for regular expressions; the punctuation outside ASCII that news text is full of; and text composed (NFC)
with the compatibility ideographs kept."""

from __future__ import annotations

import functools
import re
import unicodedata

HIRAGANA = "\u3040-\u309f"
# Hiragana, katakana (and their extension), Han (with extension A and the compatibility ideographs).
HAN_KANA = f"{HIRAGANA}\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Hangul jamo, compatibility jamo and syllables.
HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
# A letter of those scripts, written without spaces between words or with particles attached.
UNSPACED_LETTER = re.compile(f"[{HAN_KANA}{HANGUL}]")
# A word, or one character of Chinese or Japanese, which are written without spaces (else a sentence is one word).
WORD_OR_IDEOGRAPH = re.compile(f"[{HAN_KANA}]|(?:(?![{HAN_KANA}])[^\\W_])+")


def word_runs(text: str, size: int) -> set[tuple[str, ...]]:
    """The runs of `size` words (a Chinese or Japanese character a word) of a text, casefolded: what two readings
    of a page share, compared run by run."""
    words = WORD_OR_IDEOGRAPH.findall(text.casefold())
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}
# What ends a sentence, in the scripts news is written in: . ! ? … and the full stops and question marks of
# Chinese and Japanese (。！？), Armenian (։), Devanagari and Bengali (। ॥: Hindi, Marathi, Nepali, Bengali), Urdu (۔),
# Arabic (؟), Ethiopic (።: Amharic), Myanmar (။), Tibetan (།) and Khmer (។). A character class body.
SENTENCE_END_MARKS = ".!?…。！？։।॥۔؟።။།។"
# Curly quotes, dashes, the ellipsis, the no-break space and guillemets: none is part of a word (`\w`), so a text
# whose only characters outside ASCII these are can take an ASCII fast path once they are turned into spaces.
COMMON_PUNCTUATION = "\u2019\u2018\u201c\u201d\u2014\u2013\u2026\u00a0\u00ab\u00bb"


def without_common_punctuation(text: str) -> str:
    r"""`text` with each of COMMON_PUNCTUATION turned into a space (the words `\w+` finds stay the same)."""
    for mark in COMMON_PUNCTUATION:
        if mark in text:
            text = text.replace(mark, " ")
    return text


@functools.cache
def combining_marks() -> str:
    """A character class body of the combining marks (Unicode categories Mn, Mc, Me) of the Basic Multilingual
    Plane: the vowel signs of Devanagari, Bengali, Tamil or Thai, Arabic and Hebrew points, accents. `\\w` does not
    match them. Worked out on first use (a few milliseconds), from the running Python's Unicode tables."""
    marks = [code for code in range(0x300, 0x10000) if unicodedata.category(chr(code)) in ("Mn", "Mc", "Me")]
    ranges: list[list[int]] = []
    for code in marks:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(re.escape(chr(first)) + (f"-{re.escape(chr(last))}" if last > first else "")
                   for first, last in ranges)


# Languages written right to left (BCP 47 primary subtags; "iw" is Hebrew's old code) and the scripts that are,
# for a tag that names its script ("ku-Arab", "az-Arab"; "ku" alone is written in Latin letters mostly).
_RIGHT_TO_LEFT_LANGUAGES = frozenset("ar arc ckb dv fa he iw ps sd syr ug ur yi".split())
_RIGHT_TO_LEFT_SCRIPTS = frozenset("arab hebr nkoo syrc thaa".split())


def text_direction(language: str) -> str:
    """"rtl" or "ltr": how text of a BCP 47 language tag ("ar", "fa-IR", "ku-Arab", "az-Latn") is written."""
    primary, *rest = language.lower().replace("_", "-").split("-")
    script = next((part for part in rest if len(part) == 4 and part.isalpha()), None)
    if script is not None:
        return "rtl" if script in _RIGHT_TO_LEFT_SCRIPTS else "ltr"
    return "rtl" if primary in _RIGHT_TO_LEFT_LANGUAGES else "ltr"


# CJK compatibility ideographs, which NFC maps to their unified forms: Korean text writes some hanja with them on
# purpose (a reading, a glyph), so they stay as written.
_COMPATIBILITY_IDEOGRAPHS = re.compile("[\uf900-\ufaff\U0002f800-\U0002fa1f]+")


def composed(text: str) -> str:
    """`text` in Unicode's composed form (NFC), CJK compatibility ideographs kept as written."""
    kept = _COMPATIBILITY_IDEOGRAPHS.findall(text)
    if not kept:
        return unicodedata.normalize("NFC", text)
    pieces = [unicodedata.normalize("NFC", piece) for piece in _COMPATIBILITY_IDEOGRAPHS.split(text)]
    return "".join(piece + ideographs for piece, ideographs in zip(pieces, [*kept, ""]))
