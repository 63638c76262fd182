"""Characters that word-based text handling must treat apart. Letters of the writing systems that put no spaces
between words (Chinese, Japanese) or attach particles to them (Korean: "대통령은", "대통령이"), as character class
bodies for regular expressions; and the punctuation outside ASCII that news text is full of."""

from __future__ import annotations

import re

HIRAGANA = "\u3040-\u309f"
# Hiragana, katakana (and their extension), Han (with extension A and the compatibility ideographs).
HAN_KANA = f"{HIRAGANA}\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Hangul jamo, compatibility jamo and syllables.
HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
# A letter of those scripts, written without spaces between words or with particles attached.
UNSPACED_LETTER = re.compile(f"[{HAN_KANA}{HANGUL}]")
# Curly quotes, dashes, the ellipsis, the no-break space and guillemets: none is part of a word (`\w`), so a text
# whose only characters outside ASCII these are can take an ASCII fast path once they are turned into spaces.
COMMON_PUNCTUATION = "\u2019\u2018\u201c\u201d\u2014\u2013\u2026\u00a0\u00ab\u00bb"


def without_common_punctuation(text: str) -> str:
    r"""`text` with each of COMMON_PUNCTUATION turned into a space (the words `\w+` finds stay the same)."""
    for mark in COMMON_PUNCTUATION:
        if mark in text:
            text = text.replace(mark, " ")
    return text
