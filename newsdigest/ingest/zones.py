"""Time zones as pages print them next to a time: "+09:00", "GMT+9", "UTC-05", "KST", and the North American
regions' "ET", "CT", "MT" and "PT", whose offset follows daylight saving time on the day they are read with."""

from __future__ import annotations

import re
from datetime import timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

# Zone abbreviations that are unambiguous enough to trust on a news page.
ZONE_ABBREVIATIONS = {
    "UTC": 0, "GMT": 0, "Z": 0, "KST": 9, "JST": 9, "HKT": 8, "SGT": 8, "CST": -6, "CDT": -5, "EST": -5,
    "EDT": -4, "PST": -8, "PDT": -7, "MST": -7, "MDT": -6, "BST": 1, "CET": 1, "CEST": 2, "EET": 2,
    "EEST": 3, "IST": 5.5, "AEST": 10, "AEDT": 11, "AZT": 4, "MSK": 3,
    "WIB": 7, "WITA": 8, "WIT": 9,   # Indonesia's western, central and eastern time
}
# How North American papers name the zone of a time ("Dec 19, 2016 at 2:19 pm ET"): a region, standard or daylight
# time as the day has it. Read in capitals only ("et" is French and Latin for "and", "pt" Portuguese's code), and
# `dates` reads them only after a.m. or p.m. (a French page in capitals: "14H30 ET MIS À JOUR").
REGION_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
                "PT": "America/Los_Angeles"}


def parse_zone(text: str) -> tzinfo | None:
    """'+09:00', 'GMT+9', 'UTC-05', 'KST' -> a fixed-offset zone; 'ET', 'PT' -> the region's zone (its offset
    follows daylight saving time); anything else -> None."""
    text = text.strip()
    if text in REGION_ZONES:
        return ZoneInfo(REGION_ZONES[text])
    text = text.upper()
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
