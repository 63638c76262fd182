"""Finding dates in page text: datelines, glued "Source25-07-2025" stamps, photo-caption stamps, weekdays.

`find_dates` returns every date it can read in a text, with the time and zone written next to it. It reads
numeric forms (2019-11-19, 19.11.2019, 11/19/19, 2019.11.19, 2019年11月19日, 2019년 11월 19일, 令和元年11月19日)
and dates with month names: English always, and the page's own language when given (German, French, Spanish,
Russian, Czech..., from dateparser's locale tables with their regional variants, read without dateparser's slow
parser), also without accents, with two-digit years ("19 Nov 19"), Thai Buddhist-Era years and, on a Persian
page, the Solar Hijri calendar's dates ("۲۹ بهمن ۱۳۹۸", converted by jdatetime). Digits of other
scripts (١٩, １９) count as digits, and dates the browser glued to the words around them are read ("Associated
PressNovember 19, 20193 years ago"). A numeric date whose day and month could be swapped is read in the order
the caller gives (`order`: "DMY" or "MDY"), which the extractor decides from the page's language and from the
unambiguous dates elsewhere on the page; one written with dots (02.12.19) is read day first on any page, as
month-first dates are written with slashes. `is_date_line` tells a line that is mostly a date.
Which date is the publication date is decided in `publication_date.py`, not here.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from newsdigest.ingest.date_text import as_ascii_date_text, locale_table, weekday_end
from newsdigest.ingest.zones import REGION_ZONES, parse_zone

MONTHS = {name: number for number, names in enumerate([
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
    ("november", "nov"), ("december", "dec")], start=1) for name in names}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

# Devanagari to Malayalam, Ethiopic, Myanmar: the scripts whose May is a two-letter word of its own (the two-letter
# forms of other months there are abbreviations that are words too: Kannada ಜನ "people", Marathi ऑग).
_SHORT_MAY_SCRIPTS = re.compile(r"[\u0900-\u0d7f\u1200-\u137f\u1000-\u109f]")
_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")
_YEAR = r"(?P<year>(?:19|20|21)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)"
# The months of the Solar Hijri calendar in Persian, spelled with the Persian or the Arabic yeh and kaf.
SOLAR_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")
_SOLAR_MONTHS = "|".join(month.replace("ی", "[یي]").replace("ک", "[کك]") for month in SOLAR_MONTHS)
_NOT_LETTER_AFTER = r"(?![^\W\d_])"
# Connecting words between a date and its time ("19 November 2019 at 12:21", "19.11.2019 um 14:02 Uhr").
TIME_CONNECTORS = (r"at|um|à|a\s+las|a\s+les|alle|ore|às|kl|klo|kello|om|o|saat|godz|lúc|pukul|в|updated|updated:"
               r"|t|오전|오후|午前|午後")
_TIME = re.compile(
    r"(?P<gap>(?:[\s,•·|\-–—/]|T(?=\d)|(?:" + TIME_CONNECTORS + r")\b\.?){0,6}?)"
    r"(?P<hour>[0-2]?\d)[:.h](?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?"
    r"(?:\.\d+)?\s*(?P<ampm>[ap]\.?\s?m\.?)?(?![\d])"
    r"(?:\s*\(?(?P<offset>(?:UTC|GMT)?\s?[+-]\d{1,2}(?::?\d\d)?|Z\b)\)?"
    r"|\s*\(?(?P<abbr>[A-Z]{1,4})(?:\b|(?-i:(?=[A-Z][a-z])))\)?)?",
    re.IGNORECASE)
_TIME_BEFORE = re.compile(
    r"(?<![\d:.])(?P<hour>[0-2]?\d)[:.](?P<minute>[0-5]\d)\s*(?P<ampm>[ap]\.?\s?m\.?)?"
    r"(?:\s*\(?(?P<abbr>[A-Z]{2,4})\b\)?)?\s*[,•·|\-–—/]?\s*(?:on\s+)?$", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_ROMAN = re.compile(r"[ivxlc]+")
_DIGIT = re.compile(r"\d")
# A year glued to what follows it in a browser's text ("April 10, 20233 years ago", "10.04.202312:05", and a
# page's published and updated dates side by side, "25. Januar 202225. Januar 2022", "15/01/201614/01/2016"): the
# four digits are the year when a count with its word, a time or another date follows.
_GLUED = r"(?=\d{1,4}\.?\s?[^\W\d_]|[0-2]?\d:[0-5]\d|[0-3]?\d[./-][01]?\d[./-])"
_YEAR_END = r"(?:(?!\d|\.\d)|" + _GLUED + ")"
# A two-digit year glued to the time after it ("28.09.1912:44" is 28.09.19, 12:44): four digits and a colon
# are never a year and what follows it.
_GLUED_TIME = r"(?=[0-2]?\d:[0-5]\d(?!\d))"
# Japanese eras: 令和5年 is 2023.
_ERAS = {"令和": 2018, "平成": 1988}
# Month forms dateparser's tables lack: South Slavic genitives ("10. aprila 2023"), Thai abbreviations with dots.
_EXTRA_MONTHS = {
    "sl": "januarja februarja marca aprila maja junija julija avgusta septembra oktobra novembra decembra",
    "sr": "januara februara marta aprila maja juna jula avgusta septembra oktobra novembra decembra "
          "јануара фебруара марта априла маја јуна јула августа септембра октобра новембра децембра",
    "bs": "januara februara marta aprila maja juna jula avgusta septembra oktobra novembra decembra",
    "th": "ม.ค ก.พ มี.ค เม.ย พ.ค มิ.ย ก.ค ส.ค ก.ย ต.ค พ.ย ธ.ค",
}
_SHORT_MONTHS = {"ar": {"آب": 8}}   # the Levant's August, no common word: "28 آب 2013", also "آب/اغسطس"


@functools.cache
def month_names(language: str | None = None) -> dict[str, int]:
    """Month names and abbreviations (case-folded, no final dot) -> month number: English plus `language`'s.

    The language's forms are those of dateparser's table for it, its regional variants (Levantine "نيسان",
    Austrian "Jänner") and its scripts (Serbian in Latin and Cyrillic letters); a form two months share is
    left out.
    """
    table = dict(MONTHS)
    if not language or language == "en":
        return table
    tables = [locale_table(language)] + [locale_table(f"{language}-{script}") for script in ("Latn", "Cyrl")]
    tables += [variant for info in tables for variant in info.get("locale_specific", {}).values()]
    extra = _EXTRA_MONTHS.get(language, "").split()
    found: dict[str, set[int]] = {}
    for number, key in enumerate(_MONTH_KEYS, start=1):
        tokens = [token for info in tables for token in info.get(key, ())] + extra[number - 1::12]
        for token in tokens:
            token = token.casefold().rstrip(".")
            # Short tokens ("Ha"), forms with digits ("tháng 11": read by their own pattern) and Roman numerals
            # (Hungarian "XI") are left out: they are words or numbers far more often than months. May is the one
            # month whose whole name has two letters in the Indic, Ethiopic and Burmese scripts (मई, মে, மே).
            if len(token) < 3 and not (number == 5 and _SHORT_MAY_SCRIPTS.match(token)) \
                    or any(c.isdigit() for c in token) or _ROMAN.fullmatch(token):
                continue
            # Also without accents (Greek capitals drop them, "fevrier"), Arabic without hamza ("ابريل").
            plain = _without_accents(token) if len(token) > 3 else token
            # casefold() takes "ΐ" apart (ι and two marks), which a page writes as one letter, as NFC does: "Μαΐου"
            # is read in either form, as is "ΜΑΪΟΥ", capitals that keep the diaeresis and drop the accent.
            composed = unicodedata.normalize("NFC", token)
            no_tonos = unicodedata.normalize("NFC", unicodedata.normalize("NFD", token).replace("\u0301", "")) \
                if "GREEK" in unicodedata.name(token[0], "") else token
            for form in {token, plain, token.translate(_PLAIN_ALEF), composed, no_tonos, no_tonos.casefold()}:
                found.setdefault(form, set()).add(number)
    table.update({token: numbers.pop() for token, numbers in found.items() if len(numbers) == 1})
    table.update(_SHORT_MONTHS.get(language, {}))
    return table


_PLAIN_ALEF = str.maketrans("أإآ", "ااا")


def _without_accents(token: str) -> str:
    """Latin and Greek letters without their accents; other scripts as they are (their marks are letters' parts)."""
    if not all("LATIN" in unicodedata.name(c, "") or "GREEK" in unicodedata.name(c, "") for c in token if c.isalpha()):
        return token
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", token)
                                                if not unicodedata.combining(c)))


def date_order(language: str | None) -> str:
    """How the language writes an ambiguous numeric date: "MDY" (US English) or "DMY" (most others)."""
    if not language:
        return "DMY"
    if language == "en":
        return "MDY"
    return "MDY" if locale_table(language).get("date_order") == "MDY" else "DMY"


@functools.cache
def _pattern(language: str | None) -> re.Pattern:
    names = sorted(month_names(language), key=len, reverse=True)
    month = r"(?P<month>" + "|".join(re.escape(name) for name in names) + r")\.?" + _NOT_LETTER_AFTER
    ordinal = r"(?:st|nd|rd|th|er|e|º|ª|\.)?"
    # the same month's other name after a slash, as Arabic pages pair them ("آب/اغسطس"); "Jan/Feb" is two months
    paired = [re.escape(name) for name in names if not name.isascii()]
    also_month = r"(?:\s?/\s?(?:" + "|".join(paired) + r")(?!\w))?" if paired else ""
    forms = [
        ("iso", rf"(?<![\d.]){_YEAR}-(?P<mnum>[01]?\d)-(?P<dnum>[0-3]?\d)(?![\d-])"),
        ("cjk", rf"{_YEAR}\s*[年년]\s*(?P<mnum>[01]?\d)\s*[月월]\s*(?P<dnum>[0-3]?\d)\s*[日일]?"),
        ("ymd", rf"(?<![\d.]){_YEAR}[./]\s?(?P<mnum>[01]?\d)[./]\s?(?P<dnum>[0-3]?\d)\.?(?![\d/])"),
        ("num", r"(?<![\d.])(?<!\d-)(?P<a>[0-3]?\d)(?P<sep>[./-])\s?(?P<b>[0-3]?\d)(?P=sep)\s?" + _YEAR
                + r"(?!:[0-5]\d)(?:(?!\d)|" + _GLUED + ")"),
        ("num2", r"(?<![\d./])(?<!\d-)(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<yy>\d\d)"
                 + r"(?:(?![\d./]|-\d)|" + _GLUED_TIME + ")"),
        ("vi", rf"(?<!\d)(?P<dnum>[0-3]?\d)\s+tháng\s+(?P<mnum>[01]?\d)(?:\s*,|\s+năm)?\s+{_YEAR}(?!\d)"),
        # Two-digit years only with a month name and a mark or nothing after: "10 Apr 23", "10-Apr-23", "Apr 10, '23",
        # not "10 April 23 people"; a day is never a time's minutes ("09:31 August 20, 2019"), nor a year one before
        # a year.
        ("dmy", rf"(?<![\d.])(?<!\d:)(?<!_){_DAY}{ordinal}[\s\-/]*(?:(?:de|of|del)\s+)?{month}{also_month}"
                rf"(?:[\s,\-/]*(?:(?:de|del)\s+)?{_YEAR}{_YEAR_END}"
                rf"|[\s\-/]*['’]?(?P<yy>\d\d)(?![\d:.]|\s*[^\W\d_]|,?\s*(?:19|20)\d\d(?!\d)))"),
        ("mdy", rf"(?:(?<!\w)|(?<=[^\W\d_])(?-i:(?=[^\W\d_a-zà-ÿа-я]))){month}[\s\-]*{_DAY}(?:st|nd|rd|th)?"
                rf"(?:\.?,?\s+{_YEAR}{_YEAR_END}|,?\s*['’](?P<yy>\d\d)(?![\d:.]))"),
        ("ymd_named", rf"(?<![\w.]){_YEAR}\.?\s*(?:m\.\s*|г\.\s*)?{month}\s+{_DAY}\.?(?:\s*d\.)?(?!\d)"),
        ("era", r"(?P<eraname>令和|平成)\s*(?P<eyear>元|\d{1,2})\s*年\s*(?P<mnum>[01]?\d)\s*月\s*"
                r"(?P<dnum>[0-3]?\d)\s*日"),
    ]
    if language == "th":        # Thai years are of the Buddhist Era: 2566 is 2023
        forms.append(("thai", rf"(?<![\w.]){_DAY}\s*{month}\s*(?:พ\.\s?ศ\.\s*)?(?P<be>25\d\d)(?!\d)"))
    if language == "fa":        # Iranian pages date by the Solar Hijri calendar: 29 Bahman 1398 is 18 February 2020
        forms.append(("persian", rf"(?<![\w.]){_DAY}\s*(?P<smonth>{_SOLAR_MONTHS})\s*(?P<syear>1[34]\d\d)(?!\d)"))
        forms.append(("persian_num", rf"(?<![\d./])(?P<syear>13\d\d|14[01]\d)/(?P<smnum>[01]?\d)/{_DAY}(?![\d/])"))
    # Group names are made unique per form: "(?P<year>" in form "dmy" becomes "(?P<dmy_year>".
    combined = "|".join(f"(?P<{name}>{form})".replace("(?P<", f"(?P<{name}_")
                        .replace(f"(?P<{name}_{name}>", f"(?P<{name}>").replace("(?P=sep)", f"(?P={name}_sep)")
                        for name, form in forms)
    return re.compile(combined, re.IGNORECASE)


@dataclass(frozen=True)
class FoundDate:
    """One date read from text, with the time and zone written next to it, if any.

    `order_hint` is "DMY" or "MDY" when a numeric date can only be read one way (19/11/2019, 11/19/2019): the
    extractor uses such dates to read the page's ambiguous ones. `swappable` marks a numeric date whose day
    and month could be swapped (05/06/2019), read in the order the caller asked for.
    """

    day: date
    clock: time | None
    zone: tzinfo | None
    start: int
    end: int
    text: str
    order_hint: str = ""
    swappable: bool = False

    def value(self) -> date | datetime:
        """A date, a naive datetime (time but unknown zone) or an aware datetime."""
        if self.clock is None:
            return self.day
        return datetime.combine(self.day, self.clock, tzinfo=self.zone)


def find_dates(text: str, language: str | None = None, order: str | None = None) -> list[FoundDate]:
    """Every valid calendar date in `text`, in order of appearance.

    `language` adds that language's month names to the English ones; `order` ("DMY" or "MDY") reads numeric
    dates whose day and month could be swapped (default: day first).
    """
    if not _DIGIT.search(text):
        return []                     # every date form has digits
    return list(_find_dates(text, language, order))


@functools.lru_cache(maxsize=4096)
def _find_dates(text: str, language: str | None, order: str | None) -> tuple[FoundDate, ...]:
    """`find_dates`, remembered: the extractor reads the same line's dates for its flags, its headline candidates
    and its date candidates (FoundDate is immutable, so the results can be shared)."""
    found: list[FoundDate] = []
    months = month_names(language)
    original = text
    text = as_ascii_date_text(text)
    for match in _pattern(language).finditer(text):
        read = _date_from_match(match, months, order or "DMY")
        if read is None or _glued_to_a_name(text, match):
            continue
        day, hint, swappable = read
        clock, zone, end = time_after(text, match.end())
        if clock is None and (after := time_after(text, weekday_end(text, match.end(), language)))[0] is not None:
            clock, zone, end = after    # a weekday between the date and its time ("12 Mayıs 2026 Salı 16:40")
        start = match.start()
        if clock is None:
            clock, zone, start = _time_before(text, start)
        found.append(FoundDate(day, clock, zone, start, end, original[start:end], hint, swappable))
    return tuple(found)


def _glued_to_a_name(text: str, match: re.Match) -> bool:
    """A day or month name glued to the letter before it that is part of a word, not a word the browser ran into
    the date: a capital before it ("COVID19 March 2020") or a small letter before a small one ("dismay 12, 2024").
    A small letter before a digit or a capital is a word's end ("Jane Doe12 March 2024", "IsraelMarch 6, 2024"), and
    so is a label in capitals before a month name that starts with one ("BUSINESSNOV 7, 2023", "POLITICSNov 7");
    letters without case (Chinese, Japanese) end words anywhere."""
    start = match.start()
    before = text[start - 1] if start else ""
    if match.lastgroup not in ("dmy", "mdy") or not before.isalpha():
        return False
    if match.lastgroup == "mdy" and before.isupper() and text[start].isupper():
        return False
    return before.isupper() or (before.islower() and text[start].islower())


def _date_from_match(match: re.Match, months: dict[str, int], order: str) -> tuple[date, str, bool] | None:
    form = match.lastgroup
    groups = {key[len(form) + 1:]: value
              for key, value in match.groupdict().items() if key.startswith(form + "_") and value}
    hint, swappable = "", False
    try:
        if "syear" in groups:       # (also written with numbers: "۱۴۰۵/۰۲/۱۵")
            import jdatetime        # only for Persian pages' dates (13 ms to import)
            month = int(groups["smnum"]) if "smnum" in groups else next(
                number for number, name in enumerate(SOLAR_MONTHS, start=1)
                if name == groups["smonth"].replace("ي", "ی").replace("ك", "ک"))
            return jdatetime.date(int(groups["syear"]), month, int(groups["day"])).togregorian(), hint, swappable
        if "a" in groups:
            a, b = int(groups["a"]), int(groups["b"])
            year = _year(groups)
            if a > 12 >= b:
                day, month, hint = a, b, "DMY"
            elif b > 12 >= a:
                month, day, hint = a, b, "MDY"
            elif groups.get("sep") == ".":
                day, month = a, b     # dots are the day-first custom (02.12.19); month-first dates take slashes
            else:
                swappable = a != b
                day, month = (a, b) if order != "MDY" else (b, a)
        else:
            year = _year(groups)
            month = months[groups["month"].casefold().rstrip(".")] if "month" in groups else int(groups["mnum"])
            day = int(groups["day"] if "day" in groups else groups["dnum"])
        return date(year, month, day), hint, swappable
    except (KeyError, ValueError):
        return None


def _year(groups: dict[str, str]) -> int:
    if "year" in groups:
        return int(groups["year"])
    if "be" in groups:                          # Thai Buddhist Era
        return int(groups["be"]) - 543
    if "eraname" in groups:                       # Japanese era: its first year is 元
        return _ERAS[groups["eraname"]] + (1 if groups["eyear"] == "元" else int(groups["eyear"]))
    return 2000 + int(groups["yy"])


def time_after(text: str, position: int) -> tuple[time | None, tzinfo | None, int]:
    """(time, zone, where it ends) of a time written at `position`, after at most a few separators and connecting
    words ("at 12:21", "um 14:02 Uhr", ", 5:32 PM EST"); (None, None, position) when there is none."""
    match = _TIME.match(text, position)
    if not match or len(match.group("gap")) > 14:
        return None, None, position
    gap = match.group("gap").casefold()
    if re.search(r"\d", gap):
        return None, None, position
    clock, zone, end = _read_time(match)
    if clock is None:
        return None, None, position
    return clock, zone, end


def _time_before(text: str, position: int) -> tuple[time | None, tzinfo | None, int]:
    """A time written just before the date ("10:02 AM EST Nov 19, 2019")."""
    window = text[max(0, position - 30):position]
    match = _TIME_BEFORE.search(window)
    if not match:
        return None, None, position
    clock, zone, _ = _read_time(match)
    if clock is None:
        return None, None, position
    return clock, zone, position - len(window) + match.start()


def _read_time(match: re.Match) -> tuple[time | None, tzinfo | None, int]:
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    second = int(match.groupdict().get("second") or 0)
    ampm = (match.group("ampm") or "").lower().replace(".", "").replace(" ", "")
    gap = (match.groupdict().get("gap") or "")
    if "오후" in gap or "午後" in gap:
        ampm = "pm"
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23:
        return None, None, match.end()
    offset, abbr = match.groupdict().get("offset"), match.group("abbr") or ""
    # A region ("2:19 pm ET") only after a.m./p.m., as North American papers print it: "14H30 ET" is French "and".
    zone = parse_zone(offset or ("" if abbr in REGION_ZONES and not ampm else abbr))
    end = match.end() if zone is not None or not match.group("abbr") else match.start("abbr")
    return time(hour, minute, second), zone, end


def parse_iso(value: str) -> date | datetime | None:
    """A machine timestamp (JSON-LD, meta tags, JSONL `fetched_at`) -> date or datetime; None if unreadable."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            from dateutil import parser as date_parser
            parsed = date_parser.isoparse(value)
        except (ValueError, OverflowError):
            return None
    if _ISO_DAY.fullmatch(value):  # "2024-03-01", "20240301", "2024-W09-5": a day, not its midnight
        return parsed.date()
    return parsed


_ISO_DAY = re.compile(r"\d{4}-?(?:\d{2}-?\d{2}|W\d{2}-?\d)")


def weekdays_in(text: str) -> list[int]:
    """Weekday numbers (Monday=0) named in `text`, in order."""
    return [WEEKDAYS.index(m.group(1).lower()) for m in _WEEKDAY.finditer(text)]


def next_weekday(start: date, weekday: int) -> date:
    """The first date on or after `start` that falls on `weekday`."""
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def is_date_line(text: str, language: str) -> bool:
    """Mostly a date: at most three words besides the dates on it."""
    found = find_dates(text, language) if any(c.isdigit() for c in text) else []
    if not found:
        return False
    rest = text
    for item in found:
        rest = rest.replace(item.text.strip(), " ")
    return len(re.findall(r"[^\W\d_]{2,}", rest)) <= 3

