"""A small language guesser for checking the language a page declares: writing system, then stop words.

It only has to confirm or overturn a declared language (an `<html lang="en">` left on a German page), not to
name a language from a few words, so it is deliberately simple: CJK scripts decide zh/ja/ko, and otherwise the
language whose jusText stop-word list covers the largest share of the words wins. The script test and the
stop-word lists are the ingest cleaner's own (`newsdigest/ingest/lang.py`).
"""

from __future__ import annotations

import regex

from newsdigest.ingest import lang

# Deprecated or alternative codes pages declare, mapped to the codes used in the corpus.
_CODE_ALIASES = {"nb": "no", "iw": "he", "in": "id", "ji": "yi", "jw": "jv"}

# Words of two or more letters: single letters are as often symbols (math, list labels) as words.
# Letters with their combining marks (Devanagari vowel signs are marks, not letters, for `re`).
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]+")

# Languages whose stop-word lists overlap so much that the stop-word share cannot tell them apart; a page's
# declaration of one of them is never overruled in favour of another of the same family.
_CLOSE_LANGUAGES = ({"hi", "ne", "mr"}, {"da", "no", "nn", "sv"}, {"hr", "sr", "bs", "sl"}, {"id", "ms"},
                    {"es", "gl", "pt", "ca"}, {"cs", "sk"}, {"ru", "uk", "be", "bg"})


def normalise_language_code(code: str | None) -> str | None:
    """'nb' -> 'no', 'iw' -> 'he'; other codes unchanged."""
    return _CODE_ALIASES.get(code, code) if code else None


def stop_word_share(text: str, language: str) -> float:
    """The share of the words of `text` that are stop words of `language` (0 for a language without a list)."""
    stop_words = lang.stop_words(language) if language not in lang.CJK_FUNCTION_CHARS else None
    words = [word.lower() for word in _WORD.findall(text)]
    if not stop_words or not words:
        return 0.0
    return sum(word in stop_words for word in words) / len(words)


def guess_language(text: str) -> tuple[str | None, float]:
    """(language, confidence): the script's language with confidence 1, or the best stop-word share."""
    if cjk := lang.script_language(text):
        return cjk, 1.0
    words = [word.lower() for word in _WORD.findall(text)]
    if not words:
        return None, 0.0
    best, best_share = None, 0.0
    for code in lang.JUSTEXT_LISTS.values():
        stop_words = lang.stop_words(code)
        if not stop_words:
            continue
        share = sum(word in stop_words for word in words) / len(words)
        if share > best_share:
            best, best_share = code, share
    return best, best_share


def checked_language(declared: str | None, text: str) -> tuple[str | None, str | None]:
    """The page's language: the declared one unless the text clearly says otherwise.

    Returns (language, note); the note explains an overruled or missing declaration. A declaration is
    overruled when the text is in a CJK script that differs from it, or when another language's stop words
    cover at least 20% of the words and at least 1.5 times the share the declared language's list covers,
    and the two are not close languages (Hindi and Nepali, Danish and Norwegian share many stop words).
    """
    declared = normalise_language_code(declared)
    guess, confidence = guess_language(text)
    if declared is None:
        return guess, f"language not declared; guessed {guess} from the text" if guess else "language unknown"
    if guess is None or guess == declared or any({guess, declared} <= family for family in _CLOSE_LANGUAGES):
        return declared, None
    if confidence == 1.0 or (confidence >= 0.2 and confidence >= 1.5 * stop_word_share(text, declared)):
        return guess, f"declared {declared}, but the text is {guess}"
    return declared, None
