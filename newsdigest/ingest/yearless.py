"""Dates printed without their year under a headline ("10 мая", "May 10", "10. Mai"), as many sites date the
current year's articles: read only when the page's capture time is known, which says the year (the latest such day
on or before the capture, or the day after it, where the page's zone is a day ahead), and only on a short line
beside the headline, where a page prints its date."""

from __future__ import annotations

import functools
import re
from datetime import date, datetime

from newsdigest.ingest.dates import MONTHS, month_names
from newsdigest.ingest.publication_date import latest_publication_day
from newsdigest.ingest.rules import words

DATE_LINE_WORDS = 6      # words of a date line, at most, besides the day and the month ("10 мая · 112K прочитали")
LINES_ABOVE, LINES_BELOW = 2, 6   # lines around the headline searched


_NO_YEAR = r"(?!\s*,?\s*(?:\d{4}|['’]?\d\d(?![:.\d])))"   # a year after it, not a time ("10. Mai, 14:32")


@functools.cache
def _pattern(language: str) -> re.Pattern:
    names = "|".join(re.escape(name) for name in sorted(month_names(language), key=len, reverse=True))
    # Day then month ("10 мая", "10. Mai", "3 de mayo") or month then day ("May 10"), with no year after: a year
    # makes it a full date, which `dates.find_dates` reads.
    day_month = rf"(?<![\d.:/])(?P<day>[0-3]?\d)\.?\s*(?:de\s+)?(?P<month>{names})\.?(?![^\W\d_]){_NO_YEAR}"
    month_day = rf"(?<![^\W\d_])(?<!\d\s)(?<!\d\.\s)(?P<month2>{names})\.?\s+(?P<day2>[0-3]?\d)(?![\d:.]){_NO_YEAR}"
    return re.compile(f"{day_month}|{month_day}", re.IGNORECASE)


def yearless_date(texts: list[str], title: int, language: str, captured: date | datetime | None
                  ) -> tuple[date | None, str]:
    """The day of the first date line without a year beside the headline at line `title`, in the year that puts it
    on or before `captured`, and where it came from (front matter's `date_inferred_from`); (None, "") without a
    capture time or such a line."""
    if captured is None:
        return None, ""
    found = yearless_day(texts, title, language, latest_publication_day(captured))
    if found is None:
        return None, ""
    return found[0], f"'{found[1]}' printed without its year, in the year the page was captured"


def yearless_day(texts: list[str], title: int, language: str, latest: date) -> tuple[date, str] | None:
    """The day of the first date line without a year beside (not in) the headline at line `title`, in the year that
    puts it on or before `latest` (`latest_publication_day` of the capture); with the text it was read from. None
    when there is none. An English month name counts only with its capital: "may" is a verb."""
    months = month_names(language)
    for number in range(max(0, title - LINES_ABOVE), min(len(texts), title + LINES_BELOW + 1)):
        text = texts[number]
        match = _pattern(language).search(text) if number != title else None
        if match is None or len(words(text)) > DATE_LINE_WORDS + 2:
            continue
        name, day = (match["month"], match["day"]) if match["month"] else (match["month2"], match["day2"])
        month = months.get(name.casefold().rstrip("."))
        if month is None or name.casefold().rstrip(".") in MONTHS and not name[0].isupper():
            continue   # ("may" is a verb; other languages write their months small: "10 maja", "3 de mayo")
        for year in (latest.year, latest.year - 1):
            try:
                found = date(year, month, int(day))
            except ValueError:
                continue
            if found <= latest:
                return found, match.group(0).strip()
    return None
