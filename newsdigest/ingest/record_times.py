"""When a scraper record says a page was published or fetched: the forms scrapers write times in."""

from __future__ import annotations

import email.utils
import re
from datetime import date, datetime, timedelta, timezone

from newsdigest.front_matter import parse_date_text
from newsdigest.ingest.dates import find_dates, parse_iso
from newsdigest.ingest.publication_date import latest_publication_day
from newsdigest.ingest.zones import ZONE_ABBREVIATIONS

# Seconds since 1970 before this (1990-01-01) are a placeholder (0, -1), not when a page was published or fetched.
EARLIEST_TIMESTAMP = 631152000
# Milliseconds since 1970 past this (the year 9999) are no time at all.
LATEST_TIMESTAMP_MS = 253402300799999


def read_timestamp(value: object) -> date | datetime | None:
    """A scraper's timestamp: ISO 8601 ("2019-11-19T12:21:00Z", news-please's "2019-11-19 12:21:00"), the
    e-mail form Diffbot writes ("Wed, 20 Nov 2019 05:52:00 GMT"), a day, a month name and a year as front matter
    takes them ("March 4, 2026"), seconds (or milliseconds) since 1970, or a day written as a number (20260304)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if isinstance(value, int) and 19000101 <= value <= 21991231:
            try:
                return date(value // 10000, value // 100 % 100, value % 100)
            except ValueError:
                return None
        if not LATEST_TIMESTAMP_MS >= value >= EARLIEST_TIMESTAMP:
            return None         # (an integer of hundreds of digits is too large even to divide into a float)
        seconds = value / 1000 if value > 1e11 else value
        if seconds < EARLIEST_TIMESTAMP:
            return None
        try:
            return datetime.fromtimestamp(seconds, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    if value.strip().isdigit() and 9 <= len(value.strip()) <= 13:
        return read_timestamp(int(value))  # seconds or milliseconds since 1970, written as a string
    found = parse_iso(value)
    if found is not None:
        return found
    value = _ZONE_NAME.sub("", value)   # JavaScript's "... GMT+0200 (Eastern European Standard Time)"
    try:
        stated = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):   # (a year of twenty digits overflows)
        pass
    else:
        return stated if stated.tzinfo else _in_named_zone(stated, value)
    try:
        written, day_only = parse_date_text(value)
    except ValueError:
        text = value.strip()
        found = _written_date(text)
        if found is None and (rest := _WEEKDAY.sub("", text, count=1)) != text:
            found = _written_date(rest)   # "Di, 10 Mär 2026 14:30:00 +0100": the weekday in the page's words
        return found
    return written.date() if day_only else written


# The zone's name in brackets after its offset, as JavaScript's Date.toString() writes it.
# (Chrome writes "(GMT+02:00)" for a zone it has no name for)
_ZONE_NAME = re.compile(r"(?<=\d)\s+\((?:[^()\d]{2,60}|(?:GMT|UTC)[+-]\d{1,2}(?::?\d\d)?)\)\s*$")
# A weekday before a date ("Di, 10 Mär 2026", "mer., 11 mars 2026", "Dienstag, 10. März 2026"), in any language.
_WEEKDAY = re.compile(r"^[^\W\d_]{2,12}\.?,\s*(?=\d)")


def _in_named_zone(stated: datetime, value: str) -> datetime:
    """An e-mail date's time in the zone its last word names: the e-mail parser knows only the US zones and GMT,
    and gives "08:00:00 CET" as a time without a zone (read as UTC later: an hour off), and "GMT+2" or JavaScript's
    "GMT+0200" (an offset from GMT, east of it when +) too."""
    zone = value.split()[-1].upper()
    hours = ZONE_ABBREVIATIONS.get(zone)
    if offset := _GMT_OFFSET.fullmatch(zone):
        hours = int(offset["hours"]) + int(offset["minutes"] or 0) / 60
        hours = (-hours if offset["sign"] == "-" else hours) if hours <= 14 else None
    return stated if hours is None else stated.replace(tzinfo=timezone(timedelta(hours=hours)))


_GMT_OFFSET = re.compile(r"(?:GMT|UTC?)(?P<sign>[+-])(?P<hours>\d{1,2})(?::?(?P<minutes>[0-5]\d))?")


# Languages whose month names a record's date may be written in (its page's own words: "2 décembre 2026"), tried in
# turn where English reads none: the languages of most news sites that write the month as a word.
RECORD_DATE_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk", "tr", "sv", "da", "nb", "fi", "cs",
                         "ro", "hu", "id", "el", "ca")


def _written_date(text: str) -> date | datetime | None:
    """A date as pages print them ("2024/03/01", "1.3.2024 10:00", "2024-03-01 10:00:00 CET", "2 décembre 2026"),
    read by the dump's date finder when it is the whole value; None for one whose day and month could be either way
    round ("01/03/2024"), or for anything else."""
    def whole(found: list) -> bool:
        return len(found) == 1 and found[0].start == 0 and found[0].end == len(text)

    found = find_dates(text)
    if not whole(found) and any(character.isalpha() for character in text):
        found = next((dates for language in RECORD_DATE_LANGUAGES if whole(dates := find_dates(text, language))), [])
    if not whole(found) or found[0].swappable:
        return None
    one = found[0]
    if one.clock is None:
        return one.day
    return datetime.combine(one.day, one.clock, tzinfo=one.zone)


def published_by_then(published: date | datetime | None, fetched: date | datetime | None,
                      today: date | None = None) -> tuple[date | datetime | None, str]:
    """(`published`, "") where it can be when the page was published; else (None, a note saying why): a day after
    the record's own fetching, or with no fetch time a day after tomorrow (the record's zone may be a day ahead).
    An HTML page declaring such a date gets the fallbacks too (newsdigest.ingest.html_dates)."""
    if published is None:
        return None, ""
    if _aware(published) and fetched is not None and _aware(fetched):   # two instants: compared as such
        if published <= fetched + timedelta(days=1):
            return published, ""
    else:   # a day, or a time of no zone: compared by the day written, with a day for the zones between
        latest = _day(fetched) if fetched is not None else latest_publication_day(today)
        if _day(published) <= latest + (timedelta(days=1) if fetched is not None else timedelta(0)):
            return published, ""
    after = f"after it was fetched ({_day(fetched)})" if fetched is not None else "after tomorrow"
    return None, f"the record's publication date ({_day(published)}) is {after}; ignored"


def still_to_come(value: date | datetime | None) -> bool:
    """Whether a time a page or record states about itself (fetched, corrected) lies after tomorrow: a clock's
    mistake, which would date the article into the future or head the feeds with its correction for years."""
    return value is not None and _day(value) > latest_publication_day()


def fetched_by_now(fetched: date | datetime | None) -> tuple[date | datetime | None, str]:
    """(`fetched`, "") where it can be a fetch time; (None, a note) for one still to come."""
    if still_to_come(fetched):
        return None, f"the record's fetch time ({_day(fetched)}) is still to come; ignored"
    return fetched, ""


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _aware(value: date | datetime) -> bool:
    return isinstance(value, datetime) and value.utcoffset() is not None
