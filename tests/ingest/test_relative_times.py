"""Relative time stamps ("3 hours ago", "vor 2 Tagen", "Yesterday at 5:32 PM") under a headline, counted back from
the time the page was captured (a scraper record's `fetched_at`) when the page prints no date."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from newsdigest.ingest import ingest_file
from newsdigest.ingest.relative_times import read_stamp, relative_date
from tests.ingest.conftest import FERRY_HEADLINE, FERRY_PARAGRAPHS, front_matter

CAPTURED = datetime(2026, 12, 5, 1, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize("line, language, expected", [
    ("Published 3 hours ago", "en", datetime(2026, 12, 4, 22, 30, tzinfo=timezone.utc)),
    ("By Mara Lind | 22 hours ago", "en", datetime(2026, 12, 4, 3, 30, tzinfo=timezone.utc)),
    ("an hour ago", "en", datetime(2026, 12, 5, 0, 30, tzinfo=timezone.utc)),
    ("1H ago", "en", datetime(2026, 12, 5, 0, 30, tzinfo=timezone.utc)),
    ("Posted 4 mins ago", "en", datetime(2026, 12, 5, 1, 26, tzinfo=timezone.utc)),
    ("2 days ago", "en", date(2026, 12, 3)),
    ("2 days ago at 07:52 am", "en", datetime(2026, 12, 3, 7, 52)),
    ("2 months ago", "en", date(2026, 10, 5)),
    ("By Salah Nasrawi, Associated Press Writer 1 hour, 24 minutes ago", "en",
     datetime(2026, 12, 5, 0, 6, tzinfo=timezone.utc)),
    ("Updated 1 hour ago | Published 3 hours ago", "en", datetime(2026, 12, 4, 22, 30, tzinfo=timezone.utc)),
    ("Yesterday at 5:32 PM", "en", datetime(2026, 12, 4, 17, 32)),
    ("Yesterday at 5:32 PM EST", "en", datetime(2026, 12, 4, 17, 32, tzinfo=timezone(timedelta(hours=-5)))),
    ("오늘 오후 2:19", "ko", datetime(2026, 12, 5, 14, 19)),                # the time read as dates.time_after reads it
    ("Today 12:01 AM", "en", datetime(2026, 12, 5, 0, 1)),
    ("vor 14 Minuten", "de", datetime(2026, 12, 5, 1, 16, tzinfo=timezone.utc)),
    ("vor einer Stunde", "de", datetime(2026, 12, 5, 0, 30, tzinfo=timezone.utc)),
    ("Gestern, 18:45 Uhr", "de", datetime(2026, 12, 4, 18, 45)),
    ("Publié il y a 2 jours", "fr", date(2026, 12, 3)),
    ("hace 2 horas", "es", datetime(2026, 12, 4, 23, 30, tzinfo=timezone.utc)),
    ("Publicado hace 2 días a las 10:15", "es", datetime(2026, 12, 3, 10, 15)),
    ("5 часов назад", "ru", datetime(2026, 12, 4, 20, 30, tzinfo=timezone.utc)),
    ("3時間前", "ja", datetime(2026, 12, 4, 22, 30, tzinfo=timezone.utc)),
    ("3시간 전", "ko", datetime(2026, 12, 4, 22, 30, tzinfo=timezone.utc)),   # dateparser's own expression
    ("2 saat önce", "tr", datetime(2026, 12, 4, 23, 30, tzinfo=timezone.utc)),
    ("3 hari yang lalu", "id", date(2026, 12, 2)),
    # Not a stamp of the page's own article:
    ("Updated 2 hours ago", "en", None),                    # a change, not the publication
    ("Two days ago, the storm reached the coast.", "en", None),   # a sentence
    ("3 days before the vote", "en", None),
    ("Vor 20 Jahren", "de", None),                          # a kicker: years are not counted back
    ("Today's Paper", "en", None), ("Today", "en", None),   # "today" without its time is a menu's link
    ("12 min read", "en", None),
    ("Season 2024 hours ago", "en", None),                  # no count of three digits cut from a longer number
])
def test_stamps_in_many_languages(line, language, expected):
    found = read_stamp(line, language, CAPTURED)
    assert (found and found[0]) == expected


def test_a_day_counted_back_from_a_capture_day_without_time():
    assert read_stamp("3 hours ago", "en", date(2026, 12, 5)) == (date(2026, 12, 5), "3 hours ago")
    assert read_stamp("1 day ago", "en", date(2026, 12, 5)) == (date(2026, 12, 4), "1 day ago")


def test_only_beside_the_headline_and_only_with_a_capture_time():
    texts = ["Island Courier", FERRY_HEADLINE, "By Mara Lind", "3 hours ago", *FERRY_PARAGRAPHS]
    found, inferred = relative_date(texts, 1, "en", CAPTURED)
    assert found == datetime(2026, 12, 4, 22, 30, tzinfo=timezone.utc)
    assert inferred == "'3 hours ago' counted back from when the page was captured"
    assert relative_date(texts, 1, "en", None) == (None, "")
    # A teaser list's stamps further down belong to other stories.
    teasers = ["Island Courier", FERRY_HEADLINE, "By Mara Lind", *FERRY_PARAGRAPHS, "Most Read",
               "Storm warning for the weekend", "2 hours ago"]
    assert relative_date(teasers, 1, "en", CAPTURED, body_end=3 + len(FERRY_PARAGRAPHS)) == (None, "")
    assert relative_date(teasers, 1, "en", CAPTURED)[0] is not None   # (what the article's end rules out)


def _record(tmp_path, stamp: str, fetched_at: str = "2026-12-05T01:30:00+00:00"):
    dump = "\n".join(["Island Courier", "News | Sport | Weather", FERRY_HEADLINE, "By Mara Lind", stamp,
                      *FERRY_PARAGRAPHS, "Most Read", "Storm warning for the weekend", "5 hours ago"]) + "\n"
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"url": "https://courier.example/ferry", "text": dump, "fetched_at": fetched_at})
                    + "\n", encoding="utf-8")
    return feed


def test_a_record_dated_by_its_stamp_and_its_fetch_time(tmp_path, config, content_dir):
    """A page stamped "Published 3 hours ago" took its record's fetch day: the day after the publication here."""
    [written] = ingest_file(_record(tmp_path, "Published 3 hours ago"), config, out_dir=content_dir).written
    meta = front_matter(written.path)
    assert meta["date"] == datetime(2026, 12, 4, 22, 30, tzinfo=timezone.utc)
    assert meta["date_inferred_from"] == "'3 hours ago' counted back from when the page was captured"
    assert written.date_fallback == ""     # read from the page: not counted as a fallback


def test_an_update_stamp_leaves_the_fetch_day(tmp_path, config, content_dir):
    [written] = ingest_file(_record(tmp_path, "Updated 3 days ago"), config, out_dir=content_dir).written
    meta = front_matter(written.path)
    assert meta["date"] == date(2026, 12, 5) and written.date_fallback


def test_without_a_capture_time_a_stamp_dates_nothing(tmp_path, config, content_dir):
    dump = "\n".join(["Island Courier", FERRY_HEADLINE, "By Mara Lind", "3 hours ago", *FERRY_PARAGRAPHS]) + "\n"
    page = tmp_path / "ferry.txt"
    page.write_text(dump, encoding="utf-8")
    [failed] = ingest_file(page, config, out_dir=content_dir).failed
    assert failed.message.startswith("no publication date found on the page")


def test_an_html_page_without_a_date_in_its_markup_is_dated_by_its_stamp():
    """htmldate finds no date in such a page; the text the browser shows has the stamp."""
    from newsdigest.ingest.model import RawPage
    from newsdigest.ingest.pipeline import extract
    article = "".join(f"<p>{text}</p>" for text in FERRY_PARAGRAPHS)
    html = (f"<html><head><title>Night ferry - Island Courier</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>{FERRY_HEADLINE}</h1><div>By Mara Lind</div><div>3 hours ago</div>{article}</article>"
            "</body></html>")
    page = RawPage(label="ferry.html", file_name="ferry.html", kind="html", text=html,
                   url="https://courier.example/ferry", fetched_at=CAPTURED)
    found = extract(page)
    assert found.extracted.published == datetime(2026, 12, 4, 22, 30, tzinfo=timezone.utc)
    assert found.date_fallback == ""


@pytest.mark.parametrize("stamp, expected, inferred", [
    ("2 days ago", date(2026, 3, 10), "'2 days ago' counted back from when the page was captured"),
    ("Mar 9", date(2026, 3, 9), "'Mar 9' printed without its year, in the year the page was captured"),
])
def test_with_date_from_mtime_the_save_day_is_what_a_stamp_counts_from(tmp_path, config, content_dir, stamp,
                                                                      expected, inferred):
    """A dump saved by a browser has no record's fetch time; with --date-from-mtime the user says its modification
    time tells when it was saved: "2 days ago" is two days before that day, not that day."""
    import os
    from newsdigest.ingest.pipeline import DateFallbacks
    dump = "\n".join(["Island Courier", FERRY_HEADLINE, "By Mara Lind", stamp, *FERRY_PARAGRAPHS]) + "\n"
    page = tmp_path / "ferry.txt"
    page.write_text(dump, encoding="utf-8")
    saved = datetime(2026, 3, 12, 12, 0, tzinfo=timezone.utc).timestamp()
    os.utime(page, (saved, saved))
    [written] = ingest_file(page, config, out_dir=content_dir, dates=DateFallbacks(from_mtime=True)).written
    meta = front_matter(written.path)
    assert (meta["date"], meta["date_inferred_from"], written.date_fallback) == (expected, inferred, "")


def test_a_long_line_is_no_stamp_and_costs_nothing():
    """A stamp is a short line; a line of a megabyte (one "word") was searched for a stamp, a second a line."""
    assert read_stamp("1" * 1_000_000 + " hours ago", "en", CAPTURED) is None
    assert read_stamp("x" * 180 + " 3 hours ago", "en", CAPTURED) is not None


def test_any_short_line_is_read_without_error():
    """Random lines of the stamps' own pieces (counts, units, "ago" words, clock times) in several languages."""
    import random
    rng = random.Random(1)
    pieces = ["2", "14", "a", "an", "hours", "h", "days", "ago", "vor", "Stunden", "Tagen", "il y a", "jours", "hace",
              "a las", "10:15", "5:32 PM", "Yesterday", "heute", "um", "前", "時間", "시간 전", "назад", "часа", ",", "|"]
    for _ in range(3000):
        line = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 7)))
        for language in ("en", "de", "fr", "es", "ja", "ko", "ru"):
            found = read_stamp(line, language, CAPTURED)
            assert found is None or isinstance(found[0], (date, datetime)) and found[1]
