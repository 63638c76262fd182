"""Finding dates in page text: datelines, glued "Source25-07-2025" stamps, photo-caption stamps, weekdays.

`find_dates` returns every date it can read in a text, with the time and zone that follow it when present.
Which of them is the publication date is decided by the extractor (`text.py`), not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

MONTHS = {name: number for number, names in enumerate([
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
    ("november", "nov"), ("december", "dec")], start=1) for name in names}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

# Zone abbreviations that are unambiguous enough to trust on a news page.
ZONE_ABBREVIATIONS = {
    "UTC": 0, "GMT": 0, "Z": 0, "KST": 9, "JST": 9, "HKT": 8, "SGT": 8, "CST": -6, "CDT": -5, "EST": -5,
    "EDT": -4, "PST": -8, "PDT": -7, "MST": -7, "MDT": -6, "BST": 1, "CET": 1, "CEST": 2, "EET": 2,
    "EEST": 3, "IST": 5.5, "AEST": 10, "AEDT": 11, "AZT": 4, "MSK": 3,
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20|21)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DATE_FORMS = [
    ("iso", rf"(?<!\d){_YEAR}-(?P<mnum>[01]?\d)-(?P<dnum>[0-3]?\d)(?![\d-])"),
    ("ymd", rf"(?<![\d.]){_YEAR}[./](?P<mnum>[01]?\d)[./](?P<dnum>[0-3]?\d)\.?(?![\d/])"),
    ("dmy_num", rf"(?<![\d.-])(?P<dnum>[0-3]?\d)[./-](?P<mnum>[01]?\d)[./-]{_YEAR}(?!\d)"),
    ("dmy", rf"(?<![\w]){_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}(?!\d|\.\d)"),
    ("mdy", rf"(?<![\w]){_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d|\.\d)"),
]
DATE_PATTERN = re.compile("|".join(f"(?P<{name}>{pattern})".replace("(?P<year>", f"(?P<{name}_year>")
                                   .replace("(?P<month>", f"(?P<{name}_month>").replace("(?P<day>", f"(?P<{name}_day>")
                                   .replace("(?P<mnum>", f"(?P<{name}_mnum>").replace("(?P<dnum>", f"(?P<{name}_dnum>")
                                   for name, pattern in _DATE_FORMS), re.IGNORECASE)
_TIME = re.compile(
    r"[\sT,•·|\-–—/]*(?:at\s+|updated\s*:?\s*)?(?P<hour>[0-2]?\d)[:.h](?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?"
    r"(?:\.\d+)?\s*(?P<ampm>[ap]\.?\s?m\.?)?(?![\d])"
    r"(?:\s*\(?(?P<offset>(?:UTC|GMT)?\s?[+-]\d{1,2}(?::?\d\d)?|Z\b)\)?|\s*\(?(?P<abbr>[A-Z]{1,4})\b\)?)?",
    re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class FoundDate:
    """One date read from text, with the time and zone written right after it, if any."""

    day: date
    clock: time | None
    zone: tzinfo | None
    start: int
    end: int
    text: str

    def value(self) -> date | datetime:
        """A date, a naive datetime (time but unknown zone) or an aware datetime."""
        if self.clock is None:
            return self.day
        return datetime.combine(self.day, self.clock, tzinfo=self.zone)


def find_dates(text: str) -> list[FoundDate]:
    """Every valid calendar date in `text`, in order of appearance."""
    found = []
    for match in DATE_PATTERN.finditer(text):
        day = _date_from_match(match)
        if day is None:
            continue
        clock, zone, end = _time_after(text, match.end())
        found.append(FoundDate(day, clock, zone, match.start(), end, text[match.start():end]))
    return found


def _date_from_match(match: re.Match) -> date | None:
    form = match.lastgroup
    groups = {key[len(form) + 1:]: value
              for key, value in match.groupdict().items() if key.startswith(form + "_") and value}
    try:
        year = int(groups["year"])
        month = MONTHS[groups["month"].lower().rstrip(".")] if "month" in groups else int(groups["mnum"])
        day = int(groups["day"] if "day" in groups else groups["dnum"])
        return date(year, month, day)
    except (KeyError, ValueError):
        return None


def _time_after(text: str, position: int) -> tuple[time | None, tzinfo | None, int]:
    match = _TIME.match(text, position)
    if not match or not text[position:match.start("hour")].strip(" ,•·|-–—/").lower() in ("", "t", "at", "updated", "updated:"):
        return None, None, position
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    second = int(match.group("second") or 0)
    ampm = (match.group("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23:
        return None, None, position
    zone = parse_zone(match.group("offset") or match.group("abbr") or "")
    end = match.end() if zone is not None or not match.group("abbr") else match.start("abbr")
    return time(hour, minute, second), zone, end


def parse_zone(text: str) -> tzinfo | None:
    """'+09:00', 'GMT+9', 'UTC-05', 'KST' -> a fixed-offset zone; anything else -> None."""
    text = text.strip().upper()
    if not text:
        return None
    if text in ZONE_ABBREVIATIONS:
        return timezone(timedelta(hours=ZONE_ABBREVIATIONS[text]))
    match = re.fullmatch(r"(?:UTC|GMT)?\s?([+-])(\d{1,2}):?(\d\d)?", text)
    if not match:
        return None
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if hours > 14 or minutes >= 60:
        return None
    sign = 1 if match.group(1) == "+" else -1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


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
    if len(value) == 10:
        return parsed.date()
    return parsed


def weekdays_in(text: str) -> list[int]:
    """Weekday numbers (Monday=0) named in `text`, in order."""
    return [WEEKDAYS.index(m.group(1).lower()) for m in _WEEKDAY.finditer(text)]


def next_weekday(start: date, weekday: int) -> date:
    """The first date on or after `start` that falls on `weekday`."""
    return start + timedelta(days=(weekday - start.weekday()) % 7)

