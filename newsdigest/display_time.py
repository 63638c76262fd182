"""Times as readers see them: one display zone for the whole site, with its short name ("KST").

Every time on a page is converted into the site's display zone (`digest_timezone`, else `timezone`). A date
written without a time shows no time; where a time is expected (a story's timeline) it says "time not
stated" instead of showing an invented midnight. The one relative word, "Latest" on the site's newest day, is
true whenever the page is read: a page built from the clock ("Today") would be wrong the next morning, on every
copy of a site that is not rebuilt each day, and two builds of the same content would differ.

Pure functions over plain data: no templates, no I/O.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from newsdigest.article import Article
from newsdigest.config import Config

TIME_NOT_STATED = "time not stated"

# Where ingest says a date came from (front matter `date_inferred_from`), in words for readers. Values not
# listed here are already written for people ("photo caption dated 2026.1.31") and are shown as they are.
DATE_SOURCES = {
    "fetched_at of the scraper record": "the day the page was collected",
    "--date option": "the date given when the page was added",
    "file modification time": "the day the saved page was last changed",
    "htmldate's search of the page text and URL": "the page's text and address",
    "trafilatura metadata": "the page's metadata",
}


def display_zone_name(config: Config) -> str:
    """The IANA name of the zone every time on the site is shown in."""
    return config.digest_timezone or config.timezone


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def zone_abbreviation(moment: datetime) -> str:
    """The short name of an aware time's zone: "KST", "EDT", else "UTC", "UTC+9" or "UTC+5:30"."""
    name = moment.tzname() or ""
    if name.isalpha() and name.isupper() and 2 <= len(name) <= 5:
        return name
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def in_zone(moment: datetime, zone_name: str) -> datetime:
    """`moment` as the clocks of the zone showed it. Through UTC: `astimezone` returns a time already in that zone
    as it is, and a local time a clock never showed (01:30 in London as summer time begins) would be shown."""
    return moment.astimezone(timezone.utc).astimezone(_zone(zone_name))


@functools.lru_cache(maxsize=65536)  # a few hundred days, on every list that shows a date: strftime is slow
def short_day(day: date, year: int | None = None) -> str:
    """"Thu 24 Sep"; the year is added unless it is `year` (the year of the page's own day, so a page's
    text does not change when the site's newest day moves into a new year)."""
    text = f"{day:%a} {day.day} {day:%b}"
    return text if day.year == year else f"{text} {day.year}"


def relative_day(day: date, today: date | None) -> str:
    """"Latest" for the site's newest day (`today`); "" for any other day."""
    return "Latest" if today is not None and day == today else ""


def day_label(day: date, today: date | None = None, year: int | None = None) -> str:
    """"Latest, Tue 3 Feb" or "Mon 2 Feb" (with the year unless it is `year`)."""
    word = relative_day(day, today)
    text = short_day(day, year)
    return f"{word}, {text}" if word else text


@dataclass(frozen=True)
class DisplayTime:
    """When an article was published, as a page shows it.

    `clock` is "07:30 KST", or "" for a date-only article. `day` is the date in the display zone (for a
    date-only article, its own date: a bare date is never shifted). `note` says, for a tooltip, what the
    reader should know about the date: where it came from when the page did not state it, or that the page
    gave no time zone.
    """

    iso: str
    day: date
    clock: str
    stated: bool
    note: str = ""
    as_written: str = ""   # "Sat 6 Sep 2025, 11:15 UTC-4": the time in the source's own zone, when that is another

    @property
    def tooltip(self) -> str:
        """What a tooltip on the time says: the time as the source wrote it, then the date note."""
        written = f"{self.as_written} where it was published." if self.as_written else ""
        return " ".join(part for part in (written, self.note) if part)

    @property
    def clock_or_note(self) -> str:
        """The clock time, or "time not stated": for lists where every line has a time (timelines)."""
        return self.clock or TIME_NOT_STATED


def display_time(article: Article, zone_name: str) -> DisplayTime:
    """The article's publication time in the display zone (see DisplayTime)."""
    # Equal instants in other zones compare equal: the offset and zone name (which with the instant make the
    # written form) are part of the cache key.
    moment = article.date
    return _display_time(moment, moment.utcoffset(), moment.tzname(), article.date_only,
                         _text(article.extra.get("date_inferred_from")), _text(article.extra.get("date_zone")),
                         zone_name)


def display_update(article: Article, zone_name: str) -> DisplayTime | None:
    """When the article last changed (`updated:`, see Article.modified) in the display zone; None if never since,
    or if it would read as the publication time does (a publishing system's modified time seconds after it, or an
    update dated by the publication's own day)."""
    moment, day_only = article.last_change()
    if moment == article.date and day_only == article.date_only:
        return None
    changed = _display_time(moment, moment.utcoffset(), moment.tzname(), day_only, "", "", zone_name)
    shown = display_time(article, zone_name)
    return None if changed.day == shown.day and changed.clock in (shown.clock, "") else changed


@functools.lru_cache(maxsize=16384)  # an article is shown on many pages: its day, topics, tags, source, home
def _display_time(moment: datetime, offset: timedelta | None, zone_label: str | None, date_only: bool, inferred: str,
                  zone_note: str, zone_name: str) -> DisplayTime:
    iso = moment.isoformat()
    note = _date_note(moment, date_only, inferred, zone_note)
    if date_only:
        return DisplayTime(moment.date().isoformat(), moment.date(), "", False, note)
    local = in_zone(moment, zone_name)
    as_written = ""
    if moment.utcoffset() != local.utcoffset():
        as_written = f"{short_day(moment.date())}, {moment:%H:%M} {zone_abbreviation(moment)}"
    return DisplayTime(iso, local.date(), f"{local:%H:%M} {zone_abbreviation(local)}", True, note, as_written)


def date_note(article: Article, zone_name: str = "") -> str:
    """What a reader should know about how the article's date was found; "" when the page stated it."""
    return _date_note(article.date, article.date_only, _text(article.extra.get("date_inferred_from")),
                      _text(article.extra.get("date_zone")))


def _date_note(moment: datetime, date_only: bool, inferred: str, zone_note: str) -> str:
    parts = []
    if inferred:
        parts.append(f"The original page states no date; this one comes from {date_source(inferred)}.")
    if zone_note and not date_only:
        parts.append(f"The original page gives no time zone; its time is read as "
                     f"{moment.tzname() or zone_abbreviation(moment)}.")
    return " ".join(parts)


def _text(value) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def date_source(value: str) -> str:
    """Ingest's `date_inferred_from` in words for readers."""
    value = " ".join(value.split())
    return DATE_SOURCES.get(value, value)


def when_text(article: Article, zone_name: str, listed_on: date | None = None, year: int | None = None) -> str:
    """"07:30 KST" under the article's own day heading (`listed_on`; "" for a date-only article there);
    with the day in front ("Sun 7 Sep, 00:15 KST") when the display zone puts it on another day, or when
    there is no day heading. The year is shown unless it is `year`."""
    shown = display_time(article, zone_name)
    if listed_on is not None and shown.day == listed_on:
        return shown.clock
    day = short_day(shown.day, year if year is not None else listed_on.year if listed_on else None)
    return f"{day}, {shown.clock}" if shown.clock else day


def day_span(first: date, last: date, year: int | None = None) -> str:
    """"29 Jan", "5–7 Sep 2025", "30 Jul – 1 Aug 2025": the days a story ran (the year unless it is `year`)."""
    tail = "" if last.year == year and first.year == year else f" {last.year}"
    if first == last:
        return f"{first.day} {first:%b}{tail}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b}{tail}"
    head = f"{first.day} {first:%b}" + (f" {first.year}" if first.year != last.year else "")
    return f"{head} – {last.day} {last:%b}{tail}"


@functools.lru_cache(maxsize=8192)  # a few hundred distinct days, formatted tens of thousands of times
def long_date(value: date | datetime) -> str:
    """"Friday, 2 August 2024": a day as pages, their titles and the daily feed write it in full."""
    return f"{value:%A}, {value.day} {value:%B %Y}"

