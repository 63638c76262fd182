"""The time zone of a page that prints its time without one ("Publicado: 14:47"): the zone its address's country
or its language points to, where that is a single zone.

A time with no zone is the outlet's local time. Read as the site's zone instead, a Korean report of 09:00 sorts
nine hours late among its neighbours, and a story's timeline puts it after reports it came before. A country code
in the address (`.no`, `.kr`) names the country; a language spoken in one zone (Korean, Czech, Norwegian) or in
several with one offset (German: Germany, Austria, Switzerland) names it too. Countries and languages that span
zones (`.us`, `.ru`, `.au`, English, Spanish, Arabic) name none, and the time stays as printed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from newsdigest.ingest.model import Extracted

# Country code of an address -> the zone of the whole country (or of nearly all its people).
COUNTRY_ZONES = {
    "at": "Europe/Vienna", "ba": "Europe/Sarajevo", "be": "Europe/Brussels", "bg": "Europe/Sofia",
    "ch": "Europe/Zurich", "cy": "Asia/Nicosia", "cz": "Europe/Prague", "de": "Europe/Berlin", "dk": "Europe/Copenhagen",
    "ee": "Europe/Tallinn", "es": "Europe/Madrid", "fi": "Europe/Helsinki", "fr": "Europe/Paris", "gr": "Europe/Athens",
    "hr": "Europe/Zagreb", "hu": "Europe/Budapest", "ie": "Europe/Dublin", "is": "Atlantic/Reykjavik",
    "it": "Europe/Rome", "li": "Europe/Vaduz", "lt": "Europe/Vilnius", "lu": "Europe/Luxembourg", "lv": "Europe/Riga",
    "mt": "Europe/Malta", "nl": "Europe/Amsterdam", "no": "Europe/Oslo", "pl": "Europe/Warsaw", "pt": "Europe/Lisbon",
    "ro": "Europe/Bucharest", "rs": "Europe/Belgrade", "se": "Europe/Stockholm", "si": "Europe/Ljubljana",
    "sk": "Europe/Bratislava", "ua": "Europe/Kyiv", "uk": "Europe/London", "tr": "Europe/Istanbul",
    "ae": "Asia/Dubai", "bd": "Asia/Dhaka", "cn": "Asia/Shanghai", "hk": "Asia/Hong_Kong", "il": "Asia/Jerusalem",
    "in": "Asia/Kolkata", "jp": "Asia/Tokyo", "kr": "Asia/Seoul", "lk": "Asia/Colombo", "my": "Asia/Kuala_Lumpur",
    "np": "Asia/Kathmandu", "ph": "Asia/Manila", "pk": "Asia/Karachi", "qa": "Asia/Qatar", "sa": "Asia/Riyadh",
    "sg": "Asia/Singapore", "th": "Asia/Bangkok", "tw": "Asia/Taipei", "vn": "Asia/Ho_Chi_Minh",
    "eg": "Africa/Cairo", "gh": "Africa/Accra", "ke": "Africa/Nairobi", "ls": "Africa/Maseru", "ma": "Africa/Casablanca",
    "na": "Africa/Windhoek", "ng": "Africa/Lagos", "tz": "Africa/Dar_es_Salaam", "ug": "Africa/Kampala",
    "za": "Africa/Johannesburg", "zw": "Africa/Harare", "nz": "Pacific/Auckland", "ar": "America/Argentina/Buenos_Aires",
    "pe": "America/Lima", "uy": "America/Montevideo", "ve": "America/Caracas",
    # the other countries of a national press with one zone in the tz database's zone.tab (or nearly all their
    # people in one: Chile, Ecuador, Mongolia, Uzbekistan), less country codes sold as generic names
    "al": "Europe/Tirane", "by": "Europe/Minsk", "gb": "Europe/London", "mk": "Europe/Skopje",
    "af": "Asia/Kabul", "az": "Asia/Baku", "bh": "Asia/Bahrain", "ge": "Asia/Tbilisi", "iq": "Asia/Baghdad",
    "ir": "Asia/Tehran", "jo": "Asia/Amman", "kg": "Asia/Bishkek", "kh": "Asia/Phnom_Penh", "kw": "Asia/Kuwait",
    "lb": "Asia/Beirut", "mm": "Asia/Yangon", "mn": "Asia/Ulaanbaatar", "mo": "Asia/Macau", "om": "Asia/Muscat",
    "sy": "Asia/Damascus", "tj": "Asia/Dushanbe", "tm": "Asia/Ashgabat", "uz": "Asia/Tashkent", "ye": "Asia/Aden",
    "ao": "Africa/Luanda", "bw": "Africa/Gaborone", "ci": "Africa/Abidjan", "cm": "Africa/Douala",
    "dz": "Africa/Algiers", "et": "Africa/Addis_Ababa", "mw": "Africa/Blantyre", "mz": "Africa/Maputo",
    "rw": "Africa/Kigali", "sd": "Africa/Khartoum", "sn": "Africa/Dakar", "tn": "Africa/Tunis", "zm": "Africa/Lusaka",
    "bo": "America/La_Paz", "cl": "America/Santiago", "cr": "America/Costa_Rica", "cu": "America/Havana",
    "do": "America/Santo_Domingo", "ec": "America/Guayaquil", "gt": "America/Guatemala",
    "hn": "America/Tegucigalpa", "jm": "America/Jamaica", "ni": "America/Managua", "pa": "America/Panama",
    "py": "America/Asuncion", "sv": "America/El_Salvador", "tt": "America/Port_of_Spain",
}
# Country codes sold as generic names (a `.co` or `.io` site is seldom Colombian or in the Indian Ocean).
GENERIC_COUNTRY_CODES = frozenset({"co", "io", "tv", "me", "ai", "fm", "ly", "to", "cc", "ws", "gg", "am", "im",
                                   "la", "nu", "sh", "ac", "so", "vc", "gl", "md"})
# Language of a page -> its zone, for languages spoken in one zone, or in several with the same offsets all year.
LANGUAGE_ZONES = {
    "bg": "Europe/Sofia", "cs": "Europe/Prague", "da": "Europe/Copenhagen", "de": "Europe/Berlin",
    "el": "Europe/Athens", "et": "Europe/Tallinn", "fi": "Europe/Helsinki", "he": "Asia/Jerusalem",
    "hr": "Europe/Zagreb", "hu": "Europe/Budapest", "it": "Europe/Rome", "ja": "Asia/Tokyo", "ko": "Asia/Seoul",
    "lt": "Europe/Vilnius", "lv": "Europe/Riga", "nb": "Europe/Oslo", "nl": "Europe/Amsterdam", "nn": "Europe/Oslo",
    "no": "Europe/Oslo", "pl": "Europe/Warsaw", "ro": "Europe/Bucharest", "sk": "Europe/Bratislava",
    "sl": "Europe/Ljubljana", "sr": "Europe/Belgrade", "th": "Asia/Bangkok", "tr": "Europe/Istanbul",
    "uk": "Europe/Kyiv", "vi": "Asia/Ho_Chi_Minh", "zh": "Asia/Shanghai",
}


def page_zone(url: str, language: str) -> tuple[str, str] | None:
    """(IANA zone, what named it) for a page's local time: its address's country code, else its language; None
    where neither names a single zone."""
    try:
        host = (urlsplit(url).hostname or "") if url else ""
    except ValueError:
        host = ""
    code = host.rsplit(".", 1)[-1] if "." in host else ""
    country = code if len(code) == 2 and code.isalpha() and code not in GENERIC_COUNTRY_CODES else ""
    if country:     # a country that spans zones (.us, .ru, .br) names none, whatever the language
        zone = COUNTRY_ZONES.get(country)
        return (zone, f"a .{country} address") if zone else None
    language = (language or "").split("-")[0].lower()
    zone = LANGUAGE_ZONES.get(language)
    return (zone, f"a page in {language}") if zone else None


def as_local_time(naive: datetime, zone: str) -> datetime:
    """A time printed without a zone, read in `zone`, with a fixed offset (as front matter writes it)."""
    aware = naive.replace(tzinfo=ZoneInfo(zone))
    return naive.replace(tzinfo=timezone(aware.utcoffset()))


def with_local_zone(extracted: Extracted, url: str) -> Extracted:
    """The article with a publication time printed without a zone read in the zone its address or language
    names (`page_zone`), and `date_zone` saying so; else as it was."""
    published = extracted.published
    if not isinstance(published, datetime) or published.tzinfo is not None:
        return extracted
    local = page_zone(url, extracted.lang)
    if local is None:
        return extracted
    zone, named_by = local
    return replace(extracted, published=as_local_time(published, zone),
                   date_zone=f"not stated on the page; read as the local time of {zone} ({named_by})")
