"""Letters of the writing systems that word-based text handling must treat apart: Chinese and Japanese put no
spaces between words, and Korean attaches its particles to them ("대통령은", "대통령이"). Character class bodies,
for regular expressions."""

from __future__ import annotations

HIRAGANA = "\u3040-\u309f"
# Hiragana, katakana (and their extension), Han (with extension A and the compatibility ideographs).
HAN_KANA = f"{HIRAGANA}\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Hangul jamo, compatibility jamo and syllables.
HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
