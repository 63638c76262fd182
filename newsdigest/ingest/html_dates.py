"""The publication date of an HTML page: htmldate's reading of its metadata, else of its text, minus the dates that
name no calendar day (2025-02-30) and the first of a month htmldate makes of a year or month printed alone, with its
times' fractions of a second left out (which htmldate cannot read), and with the JSON-LD article's own date where
htmldate took a photo's nested before it."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from newsdigest.ingest.dates import find_dates, parse_iso
from newsdigest.ingest.model import Extracted
from newsdigest.front_matter import MAX_YEAR
from newsdigest.ingest.publication_date import date_in_url, latest_publication_day
from newsdigest.ingest.site_metadata import json_ld_published


def find_publication_date(html: str, url: str, fallback: str | None) -> tuple[date | datetime | None, str]:
    """htmldate's original (not last-modified) date, with time and offset when the page's metadata has them.

    A date that names no calendar day (2025-02-30) counts as none: see `without_impossible_dates`.
    """
    try:
        import htmldate
    except ImportError:
        htmldate = None
    possible = without_impossible_dates(html)
    checked = without_fractional_seconds(possible)
    if htmldate is not None:
        found = _declared_not_later(htmldate, checked, url)
        if found is _LATER:
            return None, ""
        if found:
            published = _with_metadata_time(htmldate, checked, url, _from_htmldate(found))
            published = _declared_published(checked, _nested_date_avoided(checked, published))
            return _in_local_offset(checked, _with_declared_offset(checked, published)), ""
        found = _htmldate(htmldate, checked, url, extensive_search=True)
        if found:
            return parse_iso(found), "htmldate's search of the page text and URL"
    # trafilatura's date is htmldate's reading of the page as it came, impossible dates and all
    if fallback and possible == html:
        return parse_iso(fallback), "trafilatura metadata"
    return None, ""


# A date in figures whose day or month does not exist (2025-02-30, 31.04.2025, 2025-13-05, 0000-00-00), with the
# time after it: htmldate keeps its year and month and makes it the 1st, or reads 2025-13-05 as 13 May.
_NUMERIC_DATE = re.compile(r"(?<!\d)(?:(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
                           r"|(?P<a>\d{1,2})(?P<sep2>[-/.])(?P<b>\d{1,2})(?P=sep2)(?P<year2>\d{4}))"
                           r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?!\d)")


def without_impossible_dates(html: str) -> str:
    """The page with each date in figures that names no calendar day (2025-02-30) taken out, for htmldate to read:
    it would make such a date another day, where a page with no date of its own gets the usual fallbacks."""
    return _NUMERIC_DATE.sub(lambda match: "" if _names_no_day(match) else match[0], html)


# An ISO 8601 time with a fraction of its second ("2019-04-19T20:00:00.000Z", as JavaScript's toISOString writes
# every time). htmldate takes the fraction's three digits for a telephone number or a postal code and throws the
# whole date away, so a page's article:published_time so written lost to the date of a teaser lower down.
_FRACTIONAL_SECOND = re.compile(r"(?<=\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2})[.,]\d{1,9}"
                                r"(?=Z|[+-]\d{2}:?\d{2}|[\"'\s<])")
# Where a page declares its own dates: its meta tags and its JSON-LD. (No "<" inside a tag: each try stops at the
# next one, so a page of unclosed tags costs no more than its length.)
_META_TAG = re.compile(r"<meta\b[^<>]*>", re.IGNORECASE)
_JSON_LD_OPENING = re.compile(r"<script\b[^<>]*application/ld\+json[^<>]*>", re.IGNORECASE)
_SCRIPT_CLOSING = re.compile(r"</script\s*>", re.IGNORECASE)


def metadata_spans(html: str) -> list[tuple[int, int]]:
    """Where the page's meta tags and JSON-LD scripts are, in order and apart, read in one pass."""
    spans = [tag.span() for tag in _META_TAG.finditer(html)]
    position = 0
    while (opening := _JSON_LD_OPENING.search(html, position)) is not None:
        closing = _SCRIPT_CLOSING.search(html, opening.end())
        if closing is None:
            break
        spans.append((opening.start(), closing.end()))
        position = closing.end()
    apart, end = [], -1
    for start, stop in sorted(spans):
        if start >= end:
            apart.append((start, stop))
            end = stop
    return apart


def without_fractional_seconds(html: str) -> str:
    """The page with the fractions of a second taken out of the ISO 8601 times of its metadata (meta tags and
    JSON-LD), for htmldate to read them. The times of `<time>` elements in the body keep theirs: those of teasers
    for other stories are as many as the article's own, and htmldate's skipping them is no loss."""
    pieces, position = [], 0
    for start, stop in metadata_spans(html):
        pieces += [html[position:start], _FRACTIONAL_SECOND.sub("", html[start:stop])]
        position = stop
    return "".join(pieces) + html[position:] if pieces else html


def _names_no_day(match: re.Match) -> bool:
    if match["year"]:
        return not _is_day(int(match["year"]), int(match["month"]), int(match["day"]))
    year, a, b = int(match["year2"]), int(match["a"]), int(match["b"])
    return not _is_day(year, b, a) and not _is_day(year, a, b)   # neither 31.04.2025 nor 04/31/2025


def _is_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _htmldate(htmldate, html: str, url: str, **options) -> str | None:
    """htmldate's find; None also where it fails on a date it cannot represent (a UTC offset of +25:00 in the
    page's metadata raises ValueError), so the page is dated as one that states no date."""
    try:
        return htmldate.find_date(html, url=url or None, original_date=True, **options)
    except (ValueError, OverflowError):
        return None


_WITH_TIME = "%Y-%m-%dT%H:%M:%S%z"


def _with_metadata_time(htmldate, html: str, url: str, found: date | datetime | None) -> date | datetime | None:
    """htmldate reads a date in the page's address (".../2026/04/02/...") before its metadata, and the address
    gives the day alone: the metadata's time of that same day, with its offset, where it states one."""
    if not url or found is None or isinstance(found, datetime):
        return found
    stated = _htmldate(htmldate, html, "", extensive_search=False, outputformat=_WITH_TIME)
    timed = _from_htmldate(stated) if stated else None
    return timed if isinstance(timed, datetime) and timed.tzinfo is not None and timed.date() == found else found


# The first "datePublished" of a page's JSON-LD as text, which htmldate takes.
_DATE_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')


def _nested_date_avoided(html: str, published: date | datetime | None) -> date | datetime | None:
    """The article's own datePublished where htmldate took the first one in the page's JSON-LD and that one is a
    photo's, a video's or an author's nested in the article (it comes first in the text); else `published`.
    The page is parsed for its JSON-LD only when its text holds a datePublished of another day (seldom)."""
    days = [_day(parse_iso(value)) for value in _DATE_PUBLISHED.findall(html)] if published is not None else []
    if not days or days[0] != _day(published) or all(day == days[0] for day in days):
        return published
    declared = parse_iso(json_ld_published(html))
    return declared if declared is not None and _day(declared) != _day(published) else published


# A meta tag declaring the article's publication time, in either attribute order, and its value.
_PUBLISHED_META = re.compile(r"<meta\b(?=[^<>]*\b(?:property|name|itemprop)\s*=\s*[\"']?(?:article:published_time|"
                             r"datePublished)[\"'\s>])[^<>]*\bcontent\s*=\s*[\"']([^\"'<>]{8,40})", re.IGNORECASE)
EARLIEST_DECLARED_YEAR = 1990   # a CMS's empty date ("0001-01-01T00:00:00Z") declares nothing


def _declared_published(html: str, published: date | datetime | None) -> date | datetime | None:
    """The time the page declares as the article's publication (its first `article:published_time` or
    `datePublished` meta tag, else its JSON-LD article's) where htmldate took a time of another day from the
    metadata: htmldate counts a `dateCreated` as original too and takes the first it meets, and a CMS may stamp
    the draft's creation after the publication it declares."""
    if not isinstance(published, datetime):
        return published     # a day alone: htmldate read it in the address, which the page's metadata does not overrule
    declared = _declared_time(html)
    if isinstance(declared, datetime) and declared.year >= EARLIEST_DECLARED_YEAR \
            and declared.date() != published.date():
        return declared
    return published


def _with_declared_offset(html: str, published: date | datetime | None) -> date | datetime | None:
    """The declared publication time, with its offset, where htmldate gave its day without one: a day alone (read
    in the address, or in metadata whose time it dropped: "2024-04-30 16:00:34 +02:00", the offset after a space)
    or a time of no zone ("dateCreated": "2024-04-25 04:21:02"). A reader's feed and the stories' time decay need
    the instant; a declared midnight is a day alone too, so it adds nothing."""
    if isinstance(published, datetime) and published.tzinfo is not None or published is None:
        return published
    declared = _declared_time(html)
    if not isinstance(declared, datetime) or declared.tzinfo is None or declared.time() == datetime.min.time() \
            or declared.date() != _day(published):
        return published
    return declared


def _declared_time(html: str) -> date | datetime | None:
    """The page's first `article:published_time` or `datePublished` meta tag, else its JSON-LD article's."""
    match = _PUBLISHED_META.search(html)
    return parse_iso(match[1].strip() if match else json_ld_published(html))


# An ISO 8601 time with its UTC offset, as metadata writes it ("2024-10-15T23:35:43+02:00").
_OFFSET_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:[+-]\d{2}:?\d{2})")


def _in_local_offset(html: str, published: date | datetime | None) -> date | datetime | None:
    """A time found in UTC, written in the page's own offset where its metadata writes its times so (the
    `article:published_time` in UTC, the JSON-LD's dates at +02:00): the day the outlet published on is the local
    one, which near midnight is not the UTC day. The offset of the same instant where the metadata writes it
    again, else of the first time it writes with one."""
    if not isinstance(published, datetime) or published.utcoffset() != timedelta(0):
        return published
    offsets = []
    for start, stop in metadata_spans(html):
        for written in _OFFSET_TIME.findall(html, start, stop):
            local = parse_iso(written)
            if isinstance(local, datetime) and local.utcoffset():
                if local == published:
                    return local
                offsets.append(local.tzinfo)
    return published.astimezone(offsets[0]) if offsets else published


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


_LATER = "later"   # the page's metadata dates it later than it can have been published


def _declared_not_later(htmldate, html: str, url: str) -> str | None:
    """htmldate's reading of the page's metadata, or `_LATER` where that is a day after tomorrow.

    htmldate drops a date later than today, then makes the first of that date's month out of its year and month
    (a page declaring 2026-12-24 on 2026-12-06 was dated 2026-12-01, with no note), or finds none (a date of
    tomorrow in the next month). Read again with no bound, the declared date is taken when it is no later than
    tomorrow (the page's zone may be a day ahead), and is none otherwise: the page gets the usual fallbacks,
    which say where its date came from."""
    found = _htmldate(htmldate, html, url, extensive_search=False, outputformat=_WITH_TIME)
    first = _from_htmldate(found) if found else None
    if first is not None and (isinstance(first, datetime) or first.day != 1):
        return found
    unbounded = _htmldate(htmldate, html, url, extensive_search=False, outputformat=_WITH_TIME,
                          max_date=f"{MAX_YEAR}-12-31")
    declared = _from_htmldate(unbounded) if unbounded else None
    if declared is None or _day(declared) == first:
        return found
    return unbounded if _day(declared) <= latest_publication_day() else _LATER


def _from_htmldate(value: str) -> date | datetime | None:
    parsed = parse_iso(value)
    if isinstance(parsed, datetime) and parsed.tzinfo is None and parsed.time() == datetime.min.time():
        return parsed.date()    # htmldate pads a date-only find with midnight
    return parsed


# Where a date came from when htmldate found none in the page's metadata and searched its text and URL instead.
_SEARCHED = ("htmldate's search of the page text and URL", "trafilatura metadata")


def searched(extracted: Extracted) -> bool:
    """Whether the extracted date came from htmldate's search of the page's text (not from its metadata)."""
    return extracted.date_inferred_from in _SEARCHED


def guessed(published: date | datetime, inferred: str, shown: str, url: str, language: str) -> bool:
    """Whether a date htmldate found by searching the page's text (not its metadata) is a guess: htmldate makes a
    year or a month printed alone ("© 2016", "March 2026") the first of it, so a first of a month counts only
    when the page or its URL writes that day out."""
    day = _day(published)
    if inferred not in _SEARCHED or day.day != 1:
        return False
    # line by line: find_dates keeps what it read in a cache, which must not hold whole pages
    written = {found.day for line in shown.splitlines() if str(day.day) in line
               for found in find_dates(line, language or None)}
    return day not in written and date_in_url(url) != day


# (a quoted value may hold a space: "2026-02-10 23:30:00-05:00" is a valid date and time)
_TIME_ELEMENT = re.compile(r"""<time\b[^>]*?\sdatetime\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def with_stated_offset(html: str, printed: date | datetime | None) -> date | datetime | None:
    """A time read as printed, without a zone ("February 10, 2026 11:30 PM"), with the offset of a `<time>` element
    of the page that states that very time of that day with one (`datetime="2026-02-10T23:30:00-05:00"`, the
    element the byline prints it in); else as it is."""
    if not isinstance(printed, datetime) or printed.tzinfo is not None or "<time" not in html.lower():
        return printed
    for values in _TIME_ELEMENT.findall(html):
        stated = parse_iso("".join(values).strip())
        if isinstance(stated, datetime) and stated.utcoffset() is not None \
                and stated.replace(tzinfo=None, second=0, microsecond=0) == printed.replace(second=0, microsecond=0):
            return printed.replace(tzinfo=stated.tzinfo)
    return printed


def with_printed_zone(shown: str, published: date | datetime | None, language: str = "") -> date | datetime | None:
    """A time the page's metadata states without an offset (`article:published_time` "2026-03-04T23:40:00"), with
    the zone the page prints beside that very time of that day ("March 4, 2026 11:40 PM ET" in the byline, `shown`
    being its visible text); else as it is. Read without one, the build would take it as the digest's time."""
    if not isinstance(published, datetime) or published.tzinfo is not None:
        return published
    clock = published.time().replace(second=0, microsecond=0)
    for line in shown.splitlines():
        if str(published.day) in line and len(line) <= PRINTED_LINE_CHARS:
            for found in find_dates(line, language or None):
                if found.zone is not None and found.day == published.date() and found.clock is not None \
                        and found.clock.replace(second=0, microsecond=0) == clock:
                    return published.replace(tzinfo=found.zone)
    return published


PRINTED_LINE_CHARS = 200   # a byline's or a date line's length, at most (not a paragraph that quotes a time)

