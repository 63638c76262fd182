"""A time printed without a zone is read in the zone the page's address or language names (ingest.local_zone)."""

from __future__ import annotations

from datetime import datetime

import pytest

from newsdigest.ingest.local_zone import as_local_time, page_zone, with_local_zone
from newsdigest.ingest.model import Block, BlockKind, Extracted


@pytest.mark.parametrize("url, language, zone", [
    ("https://www.avis.example.no/nyheter/1", "no", "Europe/Oslo"),        # the address's country
    ("https://zeitung.example.de/a", "en", "Europe/Berlin"),               # the address wins over the language
    ("https://news.example.com/a", "ko", "Asia/Seoul"),                    # a generic address: the language
    ("", "cs", "Europe/Prague"),
    ("https://news.example.co/a", "ja", "Asia/Tokyo"),                     # .co is sold as a generic name
    ("http://[::1", "ko", "Asia/Seoul"),                                    # an address nothing reads: the language
    ("https://report.example.az/en/x/", "en", "Asia/Baku"),               # every country of one zone, not Europe's only
    ("https://diario.example.cl/a", "es", "America/Santiago"),
])
def test_a_country_or_a_language_of_one_zone_names_it(url, language, zone):
    assert page_zone(url, language)[0] == zone


@pytest.mark.parametrize("url, language", [
    ("https://news.example.com/a", "en"), ("https://news.example.com/a", "es"), ("", "ar"),
    ("https://paper.example.us/a", "de"),     # a country of many zones names none, whatever the language
    ("https://paper.example.ru/a", "ru"),
])
def test_countries_and_languages_of_many_zones_name_none(url, language):
    assert page_zone(url, language) is None


def test_daylight_saving_time_is_the_days_own():
    assert as_local_time(datetime(2024, 8, 4, 17, 29), "Europe/Oslo").isoformat() == "2024-08-04T17:29:00+02:00"
    assert as_local_time(datetime(2024, 1, 4, 17, 29), "Europe/Oslo").isoformat() == "2024-01-04T17:29:00+01:00"


def test_only_a_time_without_a_zone_is_changed_and_the_note_says_how():
    article = Extracted(title="T", blocks=(Block(BlockKind.PARAGRAPH, "x"),), published=datetime(2025, 3, 2, 9, 30),
                        lang="ko")
    read = with_local_zone(article, "https://news.example.com/a")
    assert read.published.isoformat() == "2025-03-02T09:30:00+09:00"
    assert read.date_zone == "not stated on the page; read as the local time of Asia/Seoul (a page in ko)"
    assert with_local_zone(read, "https://news.example.com/a") == read                    # aware: as it was
    english = Extracted(title="T", blocks=(), published=datetime(2025, 3, 2, 9, 30), lang="en")
    assert with_local_zone(english, "https://news.example.com/a") == english
