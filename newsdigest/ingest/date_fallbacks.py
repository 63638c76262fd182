"""Where an article's date comes from when its page states none: the scraper record's `fetched_at`, `--date`, the
file's modification time (`--date-from-mtime`), unless `--require-date` refuses such pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from newsdigest.ingest.model import RawPage

# Where a date came from when the page states none (front matter `date_inferred_from`).
FROM_FETCHED_AT = "fetched_at of the scraper record"
FROM_DATE_OPTION = "--date option"
FROM_MTIME = "file modification time"


@dataclass(frozen=True)
class DateFallbacks:
    """Where a page's date may come from when the page states none, tried in this order: the JSON Lines record's
    `fetched_at`, `date` (--date), the file's modification time (`mtime`, with --date-from-mtime).
    `required` (--require-date) turns them all off: a page without a date of its own is refused."""

    date: date | datetime | None = None
    from_mtime: bool = False
    required: bool = False
    # What the refusal of an undated page advises, where the command's options cannot be given (the watched inbox).
    advice: str = ""
    zone: tzinfo | None = None   # the site's time zone, whose day a fetch time falls on (set from the config)


def fallback_date(page: RawPage, fallbacks: DateFallbacks, mtime: date | None) -> tuple[date | datetime | None, str]:
    """(date, where it came from) for a page that states no date; (None, "") when there is no fallback.
    A fetch or save time says on which day the page existed, not when it was published: only its day is kept.
    A --date value is the user's own statement and is kept as given.
    """
    if fallbacks.required:
        return None, ""
    if page.fetched_at is not None:
        return _day(page.fetched_at, fallbacks.zone), FROM_FETCHED_AT
    if fallbacks.date is not None:
        return fallbacks.date, FROM_DATE_OPTION
    if fallbacks.from_mtime and mtime is not None:
        return mtime, FROM_MTIME
    return None, ""


def _day(value: date | datetime, zone: tzinfo | None = None) -> date:
    """The day of a time, in `zone` when the time states its own offset (else as written)."""
    zoned = isinstance(value, datetime) and zone is not None and value.tzinfo is not None
    return value.astimezone(zone).date() if zoned else value.date() if isinstance(value, datetime) else value


def no_date_message(fallbacks: DateFallbacks) -> str:
    """Why a page without a date of its own is refused, and what would date it."""
    if fallbacks.required:
        return "no publication date found on the page (--require-date refuses pages without one)"
    return ("no publication date found on the page, and no fallback date: " + (fallbacks.advice or
            "pass --date YYYY-MM-DD, or --date-from-mtime to use the file's modification time (a JSON Lines "
            "record's fetched_at also works)"))
