"""Scoring functions for the ingest evaluation: body token overlap, title match, same-day dates, baselines.

Body text is compared as a bag of tokens (with multiplicities), the usual measure for boilerplate removal
(Kohlschütter et al. 2010; trafilatura's evaluation): precision is the share of the extracted tokens that are in
the truth, recall the share of the truth's tokens that were extracted. Tokens are the words of the text after
Unicode NFKC and casefolding; in scripts written without spaces between words (Han, Hiragana, Katakana, Thai,
Lao, Khmer, Myanmar) every character is a token. Hangul is written with spaces and is split into words.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

import regex

from newsdigest.ingest.dates import find_dates

# Scripts written without spaces between words: each character is one token.
NO_SPACE_SCRIPTS = ("Han", "Hiragana", "Katakana", "Thai", "Lao", "Khmer", "Myanmar")
_NO_SPACE = "".join(rf"\p{{{script}}}" for script in NO_SPACE_SCRIPTS)
# One character of a no-space script, or a run of word characters (letters with their combining marks, digits)
# that holds none.
_TOKEN = regex.compile(rf"[{_NO_SPACE}]|(?:(?![{_NO_SPACE}])[\w\p{{M}}])+")
_NO_SPACE_CHAR = regex.compile(rf"[{_NO_SPACE}]")


def tokens(text: str) -> Counter[str]:
    """The bag of tokens of `text`: casefolded words, and single characters of scripts without spaces."""
    return Counter(_TOKEN.findall(unicodedata.normalize("NFKC", text or "").casefold()))


@dataclass(frozen=True)
class Overlap:
    """Token overlap of an extracted body with the truth body."""

    precision: float
    recall: float
    f1: float
    found: int      # tokens extracted
    truth: int      # tokens in the truth
    common: int     # tokens in both, counted with multiplicity


REFUSED = Overlap(0.0, 0.0, 0.0, 0, 0, 0)


def body_overlap(found: str, truth: str | Counter[str]) -> Overlap:
    """Bag-of-tokens precision, recall and F1 of `found` against `truth` (a text or its `tokens`).

    Nothing extracted scores 0 (not a vacuous precision of 1); both empty scores 1.
    """
    found_tokens = tokens(found)
    truth_tokens = truth if isinstance(truth, Counter) else tokens(truth)
    n_found, n_truth = sum(found_tokens.values()), sum(truth_tokens.values())
    if not n_found and not n_truth:
        return Overlap(1.0, 1.0, 1.0, 0, 0, 0)
    common = sum((found_tokens & truth_tokens).values())
    precision = common / n_found if n_found else 0.0
    recall = common / n_truth if n_truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Overlap(precision, recall, f1, n_found, n_truth, common)


# -- titles -------------------------------------------------------------------------------------------

_STRAIGHTEN = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "\u0060": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2039": "'", "\u203a": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00ad": None,  # soft hyphen
    # Invisible spaces: zero-width space, word joiner, byte order mark (whitespace a reader cannot see).
    "\u200b": None, "\u2060": None, "\ufeff": None,
})


def straightened(text: str) -> str:
    """NFKC, with quotes, apostrophes and dashes straightened and soft hyphens and zero-width spaces dropped."""
    return unicodedata.normalize("NFKC", text).translate(_STRAIGHTEN)


def normalise_title(title: str | None) -> str:
    """A title as compared: NFKC, quotes, apostrophes and dashes straightened, whitespace (zero-width spaces
    included) collapsed, no trailing period, casefolded."""
    text = " ".join(straightened(title or "").split())
    text = text.rstrip(".").rstrip()
    return text.casefold()


def title_right(found: str | None, truth: str) -> bool:
    return bool(found) and normalise_title(found) == normalise_title(truth)


def title_in_dump(truth: str, dump: str) -> bool:
    """Whether the truth title is a whole line of the dump (as `normalise_title` compares): a text-dump extractor
    can only get right a title the reader of the dump sees. Sources often give the page's og:title or `<title>`,
    which may differ from the headline printed on the page."""
    wanted = normalise_title(truth)
    return any(normalise_title(line) == wanted for line in dump.splitlines() if line.strip())


# -- authors ------------------------------------------------------------------------------------------

def normalise_name(name: str | None) -> str:
    """A name as compared: NFKC, words only (punctuation dropped), casefolded."""
    return " ".join(re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", name or ""))).casefold()


def author_right(found: str | None, truths: tuple[str, ...]) -> bool:
    """Whether the extracted author names one of the truth's authors: one holds the other's words ("Steven Lee
    Myers" found for "Steven Lee Myers, Keith Bradsher"; "Erin Vale" found for "By Erin Vale")."""
    name = normalise_name(found)
    wanted = [normalise_name(truth) for truth in truths]
    return bool(name) and any(truth and (truth in name or name in truth) for truth in wanted)


def author_in_dump(truths: tuple[str, ...], dump: str) -> bool:
    """Whether the dump prints one of the truth's authors: a text-dump extractor can only find those."""
    text = normalise_name(dump)
    return any(normalise_name(truth) and normalise_name(truth) in text for truth in truths)


# -- dates --------------------------------------------------------------------------------------------

def calendar_day(value: str | date | datetime | None) -> date | None:
    """The calendar day of a date or date-time as written, in its own offset (no conversion between zones)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip()[:10])


def same_day(found: str | date | datetime | None, truth: str | date | datetime | None) -> bool | None:
    """Whether `found` falls on the truth's calendar day, each read in its own offset: None when the truth has
    no date (the page does not count), False when nothing was found."""
    truth_day = calendar_day(truth)
    if truth_day is None:
        return None
    return calendar_day(found) == truth_day


def day_difference(found: str | date | datetime | None, truth: str | date | datetime | None) -> int | None:
    """found - truth in calendar days (each in its own offset), None when either is missing."""
    found_day, truth_day = calendar_day(found), calendar_day(truth)
    return None if found_day is None or truth_day is None else (found_day - truth_day).days


def date_in_dump(truth: str, dump: str, language: str | None) -> bool:
    """Whether the truth's calendar day is written in the dump as a date the extractor's date finder reads
    (either day-month order; relative dates such as "3 hours ago" do not count): the most a text-dump
    extractor with that finder could get right."""
    wanted = calendar_day(truth)
    return any(found.day == wanted for order in ("DMY", "MDY") for found in find_dates(dump, language, order))


# -- baselines ----------------------------------------------------------------------------------------

LONG_LINE_WORDS = 15


def line_words(line: str) -> float:
    """Words in a line for the long-lines baseline: space-separated words, with the characters of scripts
    written without spaces (CJK, Thai...) counted as half a word each."""
    no_space = len(_NO_SPACE_CHAR.findall(line))
    words = len(re.findall(r"\S+", _NO_SPACE_CHAR.sub(" ", line)))
    return words + no_space / 2


def whole_dump(dump: str) -> str:
    """Baseline: keep everything."""
    return dump


def long_lines(dump: str, min_words: int = LONG_LINE_WORDS) -> str:
    """Baseline: keep every line of `min_words` words or more (see `line_words`)."""
    return "\n".join(line for line in dump.splitlines() if line_words(line) >= min_words)


# -- summaries ----------------------------------------------------------------------------------------

def mean(values: list[float]) -> float | None:
    return statistics.fmean(values) if values else None


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def share(flags: list[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def ratio(part: int | None, whole: int | None) -> float | None:
    return part / whole if part is not None and whole else None
