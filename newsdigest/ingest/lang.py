"""Words, scripts and stop words of a page in any language: the language-neutral ground the cleaner stands on.

`tokens` splits text into word tokens, with each Chinese or Japanese character a token of its own (those
scripts have no spaces). `detect_language` names a page's language from its script (Chinese, Japanese, Korean)
or from which of jusText's stop-word lists (about 65 languages with an ISO code) covers most of its words.
`stop_words` gives that list; for Chinese and Japanese, whose lists jusText lacks, a small set of function
characters stands in. jusText is installed with trafilatura; its lists are read once per process.
"""

from __future__ import annotations

import functools
import pkgutil
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from newsdigest.scripts import HAN_KANA, HANGUL, combining_marks

_CJK_CHARS = HAN_KANA
# Combining marks are part of a word (Devanagari vowel signs, Arabic and Hebrew points, accents); the danda (।)
# and other punctuation of those scripts is not.
_MARKS = combining_marks()
# A word starts with a letter or digit: a mark alone (the variation selector after an emoji) is none.
_TOKEN = re.compile(rf"[{_CJK_CHARS}]|[^\W_{_CJK_CHARS}]+(?:[{_MARKS}]+[^\W_{_CJK_CHARS}]*)*")
_CJK = re.compile(rf"[{_CJK_CHARS}]")
_HANGUL = re.compile(f"[{HANGUL}]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_LETTER = re.compile(r"[^\W\d_]")
# Languages whose jusText list should hold no Latin-script words.
_NON_LATIN = frozenset("ar hy be bn bg ka el gu he hi kn kk mk ml mr ne fa ru ta te uk ur".split())

# jusText's lists with an ISO 639-1 code.
JUSTEXT_LISTS = {
    "Afrikaans": "af", "Albanian": "sq", "Arabic": "ar", "Armenian": "hy", "Azerbaijani": "az", "Basque": "eu",
    "Belarusian": "be", "Bengali": "bn", "Bosnian": "bs", "Breton": "br", "Bulgarian": "bg", "Catalan": "ca",
    "Croatian": "hr", "Czech": "cs", "Danish": "da", "Dutch": "nl", "English": "en", "Esperanto": "eo",
    "Estonian": "et", "Finnish": "fi", "French": "fr", "Galician": "gl", "Georgian": "ka", "German": "de",
    "Greek": "el", "Gujarati": "gu", "Hebrew": "he", "Hindi": "hi", "Hungarian": "hu", "Icelandic": "is",
    "Indonesian": "id", "Irish": "ga", "Italian": "it", "Kannada": "kn", "Kazakh": "kk", "Korean": "ko",
    "Latvian": "lv", "Lithuanian": "lt", "Luxembourgish": "lb", "Macedonian": "mk", "Malay": "ms",
    "Malayalam": "ml", "Maltese": "mt", "Marathi": "mr", "Nepali": "ne", "Norwegian_Bokmal": "no",
    "Norwegian_Nynorsk": "nn", "Persian": "fa", "Polish": "pl", "Portuguese": "pt", "Romanian": "ro",
    "Russian": "ru", "Serbian": "sr", "Slovak": "sk", "Slovenian": "sl", "Spanish": "es", "Swahili": "sw",
    "Swedish": "sv", "Tagalog": "tl", "Tamil": "ta", "Telugu": "te", "Turkish": "tr", "Ukrainian": "uk",
    "Urdu": "ur", "Vietnamese": "vi", "Welsh": "cy",
}

# Function characters of Chinese and Japanese prose (particles, copulas, common grammatical characters).
CJK_FUNCTION_CHARS = {
    "zh": frozenset("的了是在不有和也就都而及与这那个们为以于之其中对说到着被把从但又或如所很"),
    "ja": frozenset("のにはをがでとたしてもなるれいうかすありこそだまよやへ"),
}


def tokens(text: str) -> list[str]:
    """Case-folded word tokens; each Chinese or Japanese character is a token."""
    return _TOKEN.findall(text.casefold())


def cjk_count(text: str) -> int:
    """Number of Chinese/Japanese characters (these scripts count characters, not words)."""
    return len(_CJK.findall(text))


# Thai, Lao, Tibetan, Myanmar and Khmer put no spaces between words either: their letters (with the vowel signs and
# tone marks of the same blocks) run on into whole phrases between spaces, about five to a word.
_PHRASE_LETTER = re.compile("[\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff]")
PHRASE_LETTERS_PER_WORD = 5


def word_units(text: str, words: list[str]) -> float:
    """About how many words `text` (tokenised as `words`) holds: a Chinese or Japanese character counts half a word,
    a run of Thai, Lao, Tibetan, Myanmar or Khmer letters a word per five of them (not one word per phrase)."""
    units = len(words) - cjk_count(text) / 2
    if _PHRASE_LETTER.search(text):
        for word in words:
            letters = len(_PHRASE_LETTER.findall(word))
            if letters > PHRASE_LETTERS_PER_WORD:
                units += letters / PHRASE_LETTERS_PER_WORD - 1
    return units


# Thai and Lao end a sentence with a space, or with nothing at the end of a paragraph: no mark tells one.
_UNMARKED_LETTER = re.compile("[\u0e00-\u0eff]")


def ends_unmarked(text: str) -> bool:
    """`text` ends in a letter of a script that marks no sentence's end (Thai, Lao): a paragraph of it may end so."""
    return bool(_UNMARKED_LETTER.match(text.rstrip()[-1:]))


def letter_count(text: str) -> int:
    return len(_LETTER.findall(text))


@functools.cache
def _lists() -> dict[str, frozenset[str]]:
    try:
        import justext
    except ImportError:  # pragma: no cover - justext comes with trafilatura
        return {"en": frozenset("the a an and or of to in on at for is was are were be by with that this it".split())}
    lists = {}
    available = set(justext.get_stoplists())
    for name, code in JUSTEXT_LISTS.items():
        if name in available:
            words = justext.get_stoplist(name)
            if code in _NON_LATIN:      # some lists hold stray English words (the Marathi list): drop them
                words = [word for word in words if _script(word) not in ("LATIN", "")]
            lists[code] = frozenset(words)
    return lists


@functools.cache
def stop_words_written_lowercase(language: str) -> frozenset[str]:
    """The stop words of `language` that its list writes in lower case: the function words, without the people's
    and places' names the lists (counted over Wikipedia) hold only capitalised ("John", "Anna", "Michał")."""
    name = next((name for name, code in JUSTEXT_LISTS.items() if code == language), None)
    try:
        raw = pkgutil.get_data("justext", f"stoplists/{name}.txt") if name else None
    except (ImportError, OSError):  # pragma: no cover - justext comes with trafilatura
        raw = None
    if raw is None:
        return stop_words(language)
    return stop_words(language) & {word for word in raw.decode("utf-8").split() if word == word.lower()}


def _script(word: str) -> str:
    """The script of a word's first letter: 'LATIN', 'CYRILLIC', 'ARABIC', 'DEVANAGARI'..."""
    letter = next((c for c in word if c.isalpha()), "")
    return unicodedata.name(letter, "?").split(" ")[0] if letter else ""


@functools.cache
def _word_languages() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for code, words in _lists().items():
        for word in words:
            index.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in index.items()}


def stop_words(language: str) -> frozenset[str]:
    """The stop-word list of a language code ('de'), or the function characters of zh/ja; empty if unknown."""
    if language in CJK_FUNCTION_CHARS:
        return CJK_FUNCTION_CHARS[language]
    return _lists().get(language, frozenset())


def script_language(text: str) -> str | None:
    """zh, ja or ko when that script makes up a third of the letters of `text`."""
    letters = letter_count(text)
    if not letters:
        return None
    hangul = len(_HANGUL.findall(text))
    cjk = cjk_count(text)
    if hangul + cjk < letters / 3:
        return None
    if hangul >= cjk:
        return "ko"
    return "ja" if len(_KANA.findall(text)) >= cjk / 20 else "zh"


def detect_language(words: list[str], text: str = "") -> str:
    """The page's language code from its script or its word tokens; '' when there are no words.

    Chinese, Japanese and Korean are told by their scripts. Otherwise each word votes for the stop-word lists
    that hold it, a word in k lists giving each 1/k, so short words common to many languages count little.
    """
    alpha = [word for word in words if not word[0].isdigit()]
    if not alpha:
        return ""
    cjk = sum(1 for word in alpha if len(word) == 1 and _CJK.match(word))
    hangul = sum(1 for word in alpha if _HANGUL.match(word))
    if max(cjk, hangul) >= 0.25 * len(alpha):
        if hangul >= cjk:
            return "ko"
        kana = sum(1 for word in alpha if len(word) == 1 and _KANA.match(word))
        return "ja" if kana >= cjk / 20 else "zh"
    for code, letter in _PHRASE_SCRIPT_LANGUAGES:   # (no stop-word list: their pages voted for their menus' English)
        if sum(1 for word in alpha if letter.match(word)) >= 0.25 * len(alpha):
            return code
    scores = language_scores(alpha)
    if not scores:
        return ""
    return max(scores, key=lambda code: (scores[code], code == "en"))


# The languages of the scripts that write words without spaces between them, besides Chinese, Japanese and Korean,
# each written in a script of its own: Thai, Lao, Tibetan, Burmese, Khmer.
_PHRASE_SCRIPT_LANGUAGES = tuple((code, re.compile(f"[{letters}]")) for code, letters in (
    ("th", "\u0e00-\u0e7f"), ("lo", "\u0e80-\u0eff"), ("bo", "\u0f00-\u0fff"), ("my", "\u1000-\u109f"),
    ("km", "\u1780-\u17ff")))


def language_scores(words: list[str]) -> dict[str, float]:
    """Each language's vote from the words (`detect_language`): a word in k stop-word lists gives each 1/k."""
    index = _word_languages()
    scores: dict[str, float] = {}
    for word, count in Counter(words).items():
        codes = index.get(word) if len(word) >= 2 else None
        if codes:
            share = count / len(codes)
            for code in codes:
                scores[code] = scores.get(code, 0.0) + share
    return scores


# The script each language is written in, where it is not Latin.
_SCRIPTS = {
    **{code: "CJK" for code in ("zh", "ja")}, "ko": "HANGUL",
    **{code: "CYRILLIC" for code in ("ru", "uk", "be", "bg", "mk", "kk", "sr")},
    **{code: "ARABIC" for code in ("ar", "fa", "ur")}, **{code: "DEVANAGARI" for code in ("hi", "mr", "ne")},
    "el": "GREEK", "he": "HEBREW", "hy": "ARMENIAN", "ka": "GEORGIAN", "bn": "BENGALI", "gu": "GUJARATI",
    "kn": "KANNADA", "ml": "MALAYALAM", "ta": "TAMIL", "te": "TELUGU", "th": "THAI", "lo": "LAO", "bo": "TIBETAN",
    "my": "MYANMAR", "km": "KHMER",
}


def language_script(language: str) -> str:
    """The script a language code is written in: "LATIN", "CJK", "CYRILLIC", ..."""
    return _SCRIPTS.get(language, "LATIN")


def main_script(text: str) -> tuple[str, int]:
    """The script most of the letters of `text` are in, and the number of letters."""
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "?").split(" ")[0]
            if name in ("HIRAGANA", "KATAKANA"):
                name = "CJK"
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        return "", 0
    return max(counts, key=counts.get), sum(counts.values())


_LANGUAGE_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")


def language_code(values: Iterable[str]) -> str:
    """The first value that is a language tag, as its language code ("en-US" -> "en", "deu" -> "de"); names such
    as "English", and the codes for no particular language ("und", "mul", "zxx"), are left to the page's own."""
    for value in values:
        if match := _LANGUAGE_TAG.match(value):
            code = match[1].lower()
            code = _THREE_LETTER_CODES.get(code, code)
            if code not in ("und", "mul", "zxx", "mis"):
                return code
    return ""


# ISO 639-2 codes of the languages most often written so, for their ISO 639-1 codes (the form `lang:` keeps).
_THREE_LETTER_CODES = {
    "eng": "en", "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "spa": "es", "ita": "it", "por": "pt",
    "nld": "nl", "dut": "nl", "rus": "ru", "ukr": "uk", "pol": "pl", "ces": "cs", "cze": "cs", "swe": "sv",
    "nor": "no", "nob": "no", "dan": "da", "fin": "fi", "tur": "tr", "ell": "el", "gre": "el", "hun": "hu",
    "ron": "ro", "rum": "ro", "jpn": "ja", "kor": "ko", "zho": "zh", "chi": "zh", "ara": "ar", "heb": "he",
    "hin": "hi", "vie": "vi", "ind": "id", "fas": "fa", "per": "fa", "cat": "ca", "bul": "bg", "hrv": "hr",
}
