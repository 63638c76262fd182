"""The words an article is compared by when stories are found: its title (weighted), the start of its body, and
the title's names and numbers as terms of their own. Plain functions over text; see newsdigest.stories for how
the counts become vectors and stories."""

from __future__ import annotations

import functools
import re
from array import array
from collections import Counter

from newsdigest.article import Article
from newsdigest.scripts import HAN_KANA, HANGUL, without_common_punctuation

TITLE_WEIGHT = 3           # a title word counts as much as three body words
BODY_CHARS = 1500          # only the start of the body is read: the lede says what the event is
NAME_WEIGHT = 1            # a name or number of the title counts once more, as a term of its own (see title_names)
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he
her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
now of off on once only or other our ours ourselves out over own same she should so some such than that the
their theirs them themselves then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours yourself yourselves
said says say told according reported report reports added mr ms mrs amp via http https www com html
one two three new year years day days week weeks month months time monday tuesday wednesday thursday friday
saturday sunday yesterday today tomorrow last next first may since however including
""".split())
_URL = re.compile(r"\]\([^)]*\)|<[^>]*>|https?://\S+|www\.\S+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Chinese and Japanese are written without spaces between words, and a Korean word carries its particles
# ("대통령은", "대통령이"): a run of their letters is one "word" to `_WORD`, and two reports of one event would
# share none. As search engines do for these scripts, such a run is indexed as its overlapping pairs of
# characters, which the names of people and places have in common wherever they are written.
_PAIRED_RUN = re.compile(f"[{HAN_KANA}{HANGUL}]+")


def tokenize(text: str, language: str = "en") -> list[str]:
    """Lowercase words without stopwords, one-letter words or URLs; plurals folded to the singular; Chinese,
    Japanese and Korean as pairs of letters (see `words`)."""
    memo = TermMemo(stop_words_of(language))
    return [term for term in map(memo.__getitem__, words(_URL.sub(" ", text))) if term]


def index_form(word: str, stop_words: frozenset[str] = STOPWORDS) -> str:
    """The indexed form of a lowercase word, or '' for a word that is not indexed."""
    if len(word) < 2 or word in stop_words:
        return ""
    return fold_plural(word)


@functools.cache
def stop_words_of(language: str) -> frozenset[str]:
    """The words a report in `language` (a tag such as 'de' or 'pt-BR') is not compared by: `STOPWORDS`, and
    for another language than English its function words as well (python-stop-words' list, 33 languages).

    Without them, two reports in a language that few of the site's articles are written in shared their
    articles and prepositions ("de", "la", "und", "på"), which the whole archive's document frequencies rate as
    rare words, and unrelated reports of one day joined; on a site in that language alone they still add to the
    cosine of every pair. English keeps the list the settings were chosen with;
    Chinese, Japanese and Korean, compared by pairs of letters, keep it too.
    """
    primary = language.split("-")[0].casefold()
    primary = _STOP_WORD_LANGUAGES.get(primary, primary)
    if primary in ("en", "zh", "ja", "ko"):  # (Chinese, Japanese and Korean are compared by pairs of letters)
        return STOPWORDS
    try:
        import stop_words
        listed = stop_words.get_stop_words(primary)
    except Exception:  # a language without a list (or the package missing): the English list alone
        return STOPWORDS
    return STOPWORDS | frozenset(word.casefold() for word in listed)


# Language tags whose list goes by another code (Norwegian Bokmål and Nynorsk share python-stop-words' "nb").
_STOP_WORD_LANGUAGES = {"no": "nb", "nn": "nb"}


def fold_plural(word: str) -> str:
    """A light stemmer for English plurals; enough for "tariffs"/"tariff", "talks"/"talk", "cities"/"city"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


class TermMemo(dict):
    """word (str, or ASCII bytes from `words`) -> index form in one language (its `stop_words`), computed once
    per distinct word."""

    def __init__(self, stop_words: frozenset[str] = STOPWORDS) -> None:
        super().__init__()
        self.stop_words = stop_words

    def __missing__(self, word: str | bytes) -> str:
        term = self[word] = index_form(word if isinstance(word, str) else word.decode("ascii"), self.stop_words)
        return term


class LanguageMemos(dict):
    """language tag -> its TermMemo; share one between `article_tokens` calls."""

    def __missing__(self, language: str) -> TermMemo:
        memo = self[language] = TermMemo(stop_words_of(language))
        return memo


# Lowercases ASCII letters and turns every ASCII character that is not a letter or digit into a space.
_ASCII_WORD_BYTES = bytes(byte + 32 if 65 <= byte <= 90 else byte if chr(byte).isalnum() and byte < 128 else 32
                          for byte in range(256))


def words(text: str) -> list[str | bytes]:
    """The lowercase words of `text`, as `_WORD` finds them, with runs of Chinese, Japanese and Korean letters
    cut into pairs (`letter_pairs`); ASCII words may come as bytes.

    Most of the cost of term counting is the regular expression's work per word; in ASCII text a
    byte table and `bytes.split` find the same words several times faster. (TermMemo keys accept both.)
    """
    if not text.isascii():
        text = without_common_punctuation(text)
        if not text.isascii():
            found = _WORD.findall(text.lower())
            return letter_pairs(found) if has_letter_pairs(text) else found
    return text.encode("ascii").translate(_ASCII_WORD_BYTES).split()


def has_letter_pairs(text: str) -> bool:
    """Whether `text` has Chinese, Japanese or Korean letters, which `letter_pairs` cuts into pairs."""
    return _PAIRED_RUN.search(text) is not None


def letter_pairs(found: list[str]) -> list[str]:
    """Words with their runs of Chinese, Japanese or Korean letters cut into overlapping pairs of characters
    ("東京都知事" -> "東京", "京都", "都知", "知事"); the rest of such a word ("iphone15発売" -> "iphone15") stays whole.
    A run of one letter stays as it is (and, one letter long, is not indexed)."""
    out: list[str] = []
    for word in found:
        at = 0
        for run in _PAIRED_RUN.finditer(word):
            if run.start() > at:
                out.append(word[at:run.start()])
            letters = run.group()
            out.extend([letters[i:i + 2] for i in range(len(letters) - 1)] if len(letters) > 1 else [letters])
            at = run.end()
        if at < len(word):
            out.append(word[at:])
    return out


def _without_links(text: str) -> str:
    return _URL.sub(" ", text) if "](" in text or "<" in text or "http" in text or "www." in text else text


# Full-width letters, digits and signs, as Japanese and Chinese text often writes them ("１３日", "Ｍ６・６"), as the
# ASCII ones they are: one outlet's "13日" and another's "１３日" were two terms.
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")
_AS_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def _half_width(text: str) -> str:
    return text.translate(_AS_HALF_WIDTH) if not text.isascii() and _FULL_WIDTH.search(text) else text


def article_tokens(article: Article, memos: LanguageMemos | None = None) -> Counter:
    """Weighted term counts of one article: title words `TITLE_WEIGHT` times, then the body's start, and the
    title's names and numbers (`title_names`) as terms of their own; its language's stop words left out."""
    memo = (LanguageMemos() if memos is None else memos)[article.lang]
    counts = Counter(map(memo.__getitem__, words(_without_links(_half_width(article.body_markdown[:BODY_CHARS])))))
    title = _half_width(article.title)
    for word in words(_without_links(title)):
        counts[memo[word]] += TITLE_WEIGHT
    for name in title_names(title):
        counts[name] += NAME_WEIGHT
    counts.pop("", None)
    return counts


_CAPITALISED = re.compile(r"(?<![\w'’])(?:[A-Z][\w'’.-]*|\d[\w.,%-]*)(?: (?:[A-Z][\w'’.-]*|\d[\w.,%-]*))*")
_POSSESSIVE = re.compile(r"['’]s?$")


def title_names(title: str) -> list[str]:
    """The names and numbers of a title, as terms: '=kim jung-kwan', '=time warner cable', '=475'.

    A name is a run of capitalised words or numbers, without a leading stopword ("The U.S. Justice
    Department" -> "u.s. justice department"); the title's capitalised first word alone is no name. A
    title in title case capitalises every word, so there only acronyms ("GM", "NSA") and numbers count.
    As a term of its own a name weighs more than its words, and "American Eagle" no longer matches
    "American Airlines" on "American" alone. (Names of the body are left out: on scraped pages they
    are as often bylines, captions and menus as the event's actors.)
    """
    words = [word for word in title.split() if len(word) > 3]
    title_case = len(words) >= 3 and sum(word[:1].isupper() for word in words) >= 0.7 * len(words)
    found = []
    for match in _CAPITALISED.finditer(_URL.sub(" ", title)):
        at_start = not title[:match.start()].strip(" \"'“‘(")
        for run in _sentence_runs(match.group().split()):
            parts = [_POSSESSIVE.sub("", part.rstrip(".,:;")) for part in run]
            if title_case:
                found += ["=" + part.lower() for part in parts
                          if len(part) > 1 and (part.replace(".", "").isupper() or part[:1].isdigit())]
                continue
            while parts and parts[0].lower() in STOPWORDS:
                parts.pop(0)
                at_start = False
            if parts and not (len(parts) == 1 and at_start and not parts[0][:1].isdigit()):
                found.append("=" + " ".join(parts).lower())
            at_start = True  # a run after a full stop starts a sentence
    return found


def _sentence_runs(words: list[str]) -> list[list[str]]:
    """A run of capitalised words cut where a sentence ends ("July 25. Officials" -> "July 25", "Officials");
    an abbreviation's dots ("U.S.") end none."""
    runs, current = [], []
    for word in words:
        current.append(word)
        if word.endswith(".") and "." not in word[:-1]:
            runs.append(current)
            current = []
    return runs + [current] if current else runs


# --------------------------------------------------------------------------------------------------
# Packed term counts: what parse workers send, caches keep and the vectors are made from
# --------------------------------------------------------------------------------------------------

PackedTerms = tuple[str, bytes]   # (the terms joined by tabs, their counts as 32-bit unsigned integers)
_COUNT_CODE = next(code for code in "IL" if array(code).itemsize == 4)


def pack_terms(counts: Counter) -> PackedTerms:
    """Term counts as two objects: a Counter of a hundred words takes longer to pickle, send to the build
    process and load again than counting them took. (No term holds a tab: terms are words, or a title's
    words joined by single spaces.)"""
    return "\t".join(counts), array(_COUNT_CODE, counts.values()).tobytes()


def unpack_terms(packed: PackedTerms) -> Counter:
    """The Counter `pack_terms` packed."""
    terms, counts = packed
    return Counter(dict(zip(terms.split("\t"), array(_COUNT_CODE, counts)))) if terms else Counter()


def is_packed_terms(value) -> bool:
    """Whether `value` is a PackedTerms as `pack_terms` makes it (for data read back from a cache)."""
    return (type(value) is tuple and len(value) == 2 and type(value[0]) is str and type(value[1]) is bytes
            and len(value[1]) == 4 * (value[0].count("\t") + 1 if value[0] else 0))

