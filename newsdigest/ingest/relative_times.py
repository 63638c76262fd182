"""Times a page states relative to when it was read ("Published 3 hours ago", "vor 2 Tagen", "il y a 5 minutes",
"2 часа назад", "3時間前", "Yesterday at 5:32 PM", "heute, 12:19 Uhr"), as many sites stamp their latest articles
instead of dating them.

Such a stamp says when the page was published only against the time the page was captured (a scraper record's
`fetched_at`, or the day the file was saved with --date-from-mtime), so it is read only then, and only when the
page prints no date: on a short line beside the headline, where a page stamps its own article (teaser lists stamp
other stories the same way, further down), that is no sentence ("Two days ago, the storm reached the coast.") and
not an update ("Updated 1 hour ago"). The words of each language are dateparser's locale tables' (its words for
"ago", the units, "today" and "yesterday"; only its data, not its parser), with English's on every page.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from newsdigest.ingest.dates import TIME_CONNECTORS, locale_table, time_after
from newsdigest.ingest.lines import ends_like_sentence
from newsdigest.ingest.publication_date import UPDATED_WORDS
from newsdigest.ingest.rules import words

LINES_ABOVE, LINES_BELOW = 2, 8   # lines around the headline searched: the byline and date lines under it
STAMP_WORDS = 8                   # words of a stamp line, at most, besides the stamp ("By Jane Roe | 4 min read")
MAX_COUNT = 400                   # "400 days ago"; a larger number is no stamp of the page's own article
MAX_STAMP_CHARS = 200             # characters of a stamp line, at most (a longer one is not read at all)

# Units a page counts back in, as dateparser's tables name them. Years are left out: an article's own stamp does
# not say "3 years ago" without its date beside it, while a kicker does ("Vor 50 Jahren").
_UNITS = ("second", "minute", "hour", "day", "week", "month")
# "before" is dateparser's English word for "ago" too, but "3 days before the vote" is no stamp.
_NOT_AGO = {"before"}
# What may end a stamp: the line's end, a separator, or the time after it ("2 days ago at 07:52 am", "hace 2 días a
# las 10:15", the words `dates.time_after` reads before a time).
_STAMP_END = rf"(?=\s*(?:$|[|·•,;–—/-]|\(|\d|(?:{TIME_CONNECTORS})(?![^\W\d_])))"
_SPACELESS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


def relative_date(texts: list[str], title: int, language: str, captured: date | datetime | None,
                  body_end: int | None = None) -> tuple[date | datetime | None, str]:
    """The publication time a stamp beside the headline at line `title` (and above `body_end`, where the article's
    text ends and other stories' teasers begin) counts back from `captured`, and where it came from (front
    matter's `date_inferred_from`); (None, "") without a capture time or such a stamp. Minutes and hours give a
    time (when `captured` has one), days and longer a day."""
    if captured is None:
        return None, ""
    last = min(len(texts), title + LINES_BELOW + 1, len(texts) if body_end is None else body_end)
    for number in range(max(0, title - LINES_ABOVE), last):
        if number == title:
            continue
        found = read_stamp(texts[number], language, captured)
        if found is not None:
            return found[0], f"'{found[1]}' counted back from when the page was captured"
    return None, ""


def read_stamp(text: str, language: str, captured: date | datetime) -> tuple[date | datetime, str] | None:
    """(the time it means, the stamp as printed) when the line is a relative time stamp, else None."""
    if len(text) > MAX_STAMP_CHARS or ends_like_sentence(text):
        return None
    word_count = len(words(text))
    if word_count > STAMP_WORDS + 4:
        return None
    label_start = 0
    for match in _ago_pattern(language).finditer(text):
        label, label_start = text[label_start:match.start()], match.end()
        if UPDATED_WORDS.search(label):    # ("Updated 1 hour ago | Published 3 hours ago": the second's label)
            continue
        count = _count(match["count"] or match["count2"], language)
        unit = _unit_of(match["unit"] or match["unit2"], language)
        if count is None or unit is None or count > MAX_COUNT or word_count - len(words(match[0])) > STAMP_WORDS:
            continue
        moment = _counted_back(captured, count, unit)
        lead = _lead_count(text[:match.start()], language) if match["count2"] else None
        if lead is not None:    # "1 hour, 24 minutes ago"
            moment = _counted_back(moment if isinstance(moment, datetime) else captured, lead[0], lead[1])
            return moment, text[lead[2]:match.end()].strip()
        clock, zone, end = time_after(text, match.end()) if unit == "day" else (None, None, 0)
        if clock is not None:   # "2 days ago at 07:52 am": that day, at that time
            return datetime.combine(moment, clock, zone), text[match.start():end].strip()
        return moment, match[0].strip()
    for pattern, unit in _table_patterns(language):   # the table's own forms, where it names no word for "ago"
        match = pattern.search(text)
        if match and not UPDATED_WORDS.search(text[:match.start()]) and int(match[1]) <= MAX_COUNT:
            return _counted_back(captured, int(match[1]), unit), match[0].strip()
    match = _day_pattern(language).search(text)
    if match is None or UPDATED_WORDS.search(text[:match.start()]) or len(words(text[:match.start()])) > 3:
        return None
    clock, zone, end = time_after(text, match.end())
    if clock is None:   # (right after it: `time_after` allows a few separators and connecting words)
        return None   # "Today" alone is a menu's link ("Today's Paper"); a stamp gives the time with it
    day = _day_of(captured) - timedelta(days=_days_back(match, language))
    return datetime.combine(day, clock, zone), text[match.start():end].strip()


def _day_of(moment: date | datetime) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _counted_back(captured: date | datetime, count: int, unit: str) -> date | datetime:
    if unit in ("second", "minute", "hour"):
        if not isinstance(captured, datetime):
            return captured           # the capture's day is all that is known
        moment = captured - timedelta(**{f"{unit}s": count})
        return moment.replace(second=0, microsecond=0)
    return _day_of(captured) - relativedelta(**{f"{unit}s": count})


@functools.cache
def _vocabulary(language: str) -> dict[str, dict[str, str]]:
    """The page language's words, with English's: "ago", each unit (word -> unit), counts written as words
    (word -> digits: "an", "einer", "une"), and the days counted back ("yesterday" -> "1")."""
    tables = [locale_table("en")] + ([locale_table(language)] if language and language != "en" else [])
    vocabulary: dict[str, dict[str, str]] = {"ago": {}, "unit": {}, "count": {}, "day": {}}
    for info in tables:
        vocabulary["ago"].update({w.casefold(): "" for w in info.get("ago", ()) if w.casefold() not in _NOT_AGO})
        for unit in _UNITS:
            vocabulary["unit"].update({w.casefold(): unit for w in info.get(unit, ())})
        for item in info.get("simplifications", ()):
            for word, digits in item.items():
                if digits.isdigit() and re.fullmatch(r"[^\W\d_]+(?:[' ][^\W\d_]+)?", word):
                    vocabulary["count"][word.casefold()] = digits
        for key, forms in info.get("relative-type", {}).items():
            if key in ("0 day ago", "1 day ago", "2 day ago"):
                vocabulary["day"].update({w.casefold(): key[0] for w in forms})
    return vocabulary


def _alternatives(forms) -> str:
    """A regular expression of the words, longest first, each standing as a word of its own (except in scripts
    written without spaces)."""
    def one(form: str) -> str:
        escaped = re.escape(form).replace(r"\ ", r"\s*")
        return escaped if _SPACELESS.search(form) else rf"(?<![^\W\d_]){escaped}(?![^\W\d_])"
    return "|".join(one(form) for form in sorted(forms, key=len, reverse=True))


@functools.cache
def _ago_pattern(language: str) -> re.Pattern:
    vocabulary = _vocabulary(language)
    ago, unit = _alternatives(vocabulary["ago"]), _alternatives(vocabulary["unit"])
    count = r"(?<![\d.,:])\d{1,3}(?![\d.,:])|" + _alternatives(vocabulary["count"])
    # The word for "ago" before the count ("vor 3 Stunden", "il y a 5 minutes", "hace 2 horas") or after the unit
    # ("3 hours ago", "2 часа назад", "3時間前"; "3 hari yang lalu", with a short word between).
    before = rf"(?:{ago})\s*(?P<count>{count})\s*(?P<unit>{unit})\.?"
    after = rf"(?P<count2>{count})\s*(?P<unit2>{unit})\.?(?:\s+[^\W\d_]{{1,4}})?\s*(?:{ago})"
    return re.compile(rf"(?:{before}|{after}){_STAMP_END}", re.IGNORECASE)


@functools.cache
def _table_patterns(language: str) -> tuple[tuple[re.Pattern, str], ...]:
    """dateparser's own expressions of "N units ago" for a language whose table names no word for "ago" (Korean's
    "3시간 전"), each with its unit."""
    info = locale_table(language) if language else {}
    if info.get("ago"):
        return ()
    found = []
    for key, expressions in info.get("relative-type-regex", {}).items():
        unit = key.split()[1] if re.fullmatch(r"\\1 \w+ ago", key) else ""
        if unit in _UNITS:
            for expression in expressions:
                counted = expression.replace(r"(\d++[.,]?\d*+)", r"(\d{1,3})")
                found.append((re.compile(counted + _STAMP_END, re.IGNORECASE), unit))
    return tuple(found)


@functools.cache
def _lead_pattern(language: str) -> re.Pattern:
    """The larger unit before a stamp's count ("1 hour, " of "1 hour, 24 minutes ago")."""
    vocabulary = _vocabulary(language)
    count = r"(?<![\d.,:])\d{1,3}|" + _alternatives(vocabulary["count"])
    return re.compile(rf"(?P<count>{count})\s*(?P<unit>{_alternatives(vocabulary['unit'])})\.?\s*,?\s*$",
                      re.IGNORECASE)


def _lead_count(text: str, language: str) -> tuple[int, str, int] | None:
    """(count, unit, where it starts) of the larger unit that ends `text`, or None."""
    match = _lead_pattern(language).search(text)
    if match is None:
        return None
    count, unit = _count(match["count"], language), _unit_of(match["unit"], language)
    return (count, unit, match.start()) if count is not None and unit is not None else None


@functools.cache
def _day_pattern(language: str) -> re.Pattern:
    return re.compile(_alternatives(_vocabulary(language)["day"]), re.IGNORECASE)


def _count(text: str, language: str) -> int | None:
    text = text.casefold()
    if text.isdigit():
        return int(text)
    digits = _vocabulary(language)["count"].get(text)
    return int(digits) if digits else None


def _unit_of(text: str, language: str) -> str | None:
    return _vocabulary(language)["unit"].get(re.sub(r"\s+", " ", text.casefold()))


def _days_back(match: re.Match, language: str) -> int:
    return int(_vocabulary(language)["day"].get(re.sub(r"\s+", " ", match[0].casefold()), "0"))
