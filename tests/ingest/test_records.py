"""Scraper records in the shapes common scrapers write them: which field is the page, what the record states."""

from __future__ import annotations

import gzip
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdigest.front_matter import split_front_matter
from newsdigest.ingest import ingest_file, pipeline
from newsdigest.ingest.model import IngestError
from newsdigest.ingest import record_json
from newsdigest.ingest.record_json import MAX_RECORD_BYTES
from newsdigest.ingest.records import (FIELDS, SIDE_OBJECTS, WRAPPERS, RecordError, RecordLabel, looks_like_page_dump,
                                       read_timestamp, record_page)

REPO_ROOT = Path(__file__).resolve().parents[2]
DUMP = (REPO_ROOT / "devset" / "harbor_ledger_blue_line.raw.txt").read_text(encoding="utf-8")

PARAGRAPHS = [
    "The regional water board approved a plan on Tuesday to rebuild the old river weir before the spring floods.",
    "Engineers said the work would take eleven weeks and close the footpath along the east bank.",
    "Residents asked for a temporary crossing.",   # a short paragraph the page cleaner would take for a label
    "- Footpath closed from March",
    "- Ferry service extended",
    "The board will publish the contractor's schedule next month, a spokeswoman said.",
]
ARTICLE = "\n\n".join(PARAGRAPHS)
LABEL = RecordLabel("items.jsonl:1", "line 1")


def _front(path: Path) -> tuple[dict, str]:
    front, body, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
    return yaml.safe_load(front), body


def _ingest_one(tmp_path, config, record, name="items.jsonl") -> tuple[dict, str]:
    feed = tmp_path / name
    feed.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    report = ingest_file(feed, config, out_dir=tmp_path / "content")
    assert report.ok and len(report.written) == 1, report.outcomes
    return _front(report.written[0].path)


def test_news_please_record_keeps_its_article_text_whole(tmp_path, config):
    meta, body = _ingest_one(tmp_path, config, {
        "url": "https://www.riverside-gazette.example/local/weir-plan", "title": "Water board approves weir rebuild",
        "maintext": ARTICLE, "date_publish": "2025-02-11 09:30:00", "date_download": "2025-02-12 00:00:00",
        "authors": ["Mira Holt", "Jon Ekberg"], "language": "en", "source_domain": "www.riverside-gazette.example",
        "text": None, "description": "A plan for the weir."})
    assert meta["title"] == "Water board approves weir rebuild"
    assert str(meta["date"]).startswith("2025-02-11") and "date_inferred_from" not in meta
    assert meta["author"] == "Mira Holt, Jon Ekberg" and meta["lang"] == "en"
    for paragraph in PARAGRAPHS:  # nothing dropped, the list items kept as a list
        assert paragraph in body


@pytest.mark.parametrize("stated, title", [("<b>Live:</b> weir vote count", "Live: weir vote count"),
                                           ("Weir vote: 2 < 3 councils agree", "Weir vote: 2 < 3 councils agree"),
                                           ("Weir vote<br>tonight", "Weir vote tonight")])
def test_a_records_title_keeps_no_emphasis_tags_a_feed_left_in_it(tmp_path, config, stated, title):
    meta, _ = _ingest_one(tmp_path, config, {"url": "https://f.example/a", "title": stated, "maintext": ARTICLE,
                                             "date_publish": "2025-02-11 09:30:00"})
    assert meta["title"] == title


def test_trafilatura_json_names_the_url_source_and_the_site_source_hostname(tmp_path, config):
    meta, body = _ingest_one(tmp_path, config, {
        "title": "Water board approves weir rebuild | Riverside Gazette", "author": "Mira Holt",
        "hostname": "riverside-gazette.example", "date": "2025-02-11", "categories": "Local;Environment",
        "tags": "weir;floods", "source": "https://riverside-gazette.example/local/weir-plan",
        "source-hostname": "Riverside Gazette", "excerpt": "A plan.", "text": ARTICLE,
        "raw_text": " ".join(PARAGRAPHS)}, name="page.json")
    assert meta["title"] == "Water board approves weir rebuild"          # the site's name dropped
    assert meta["source"] == "Riverside Gazette" and meta["url"] == "https://riverside-gazette.example/local/weir-plan"
    assert meta["category"] == "Local" and meta["tags"] == ["weir", "floods"]
    assert str(meta["date"]) == "2025-02-11"
    assert PARAGRAPHS[2] in body


@pytest.mark.parametrize("field, value, expected", [
    ("authors", ["By Ann Lee"], "Ann Lee"),
    ("authors", [{"nameRaw": "By Ines Kahl and Oskar Bell"}], "Ines Kahl, Oskar Bell"),
    ("authors", [{"name": "Ann Lee"}, {"name": "Ann Lee"}], "Ann Lee"),
    ("author", ["By Ann Lee", "Bo Park"], "Ann Lee, Bo Park"),
    ("author", "By Ann Lee and Bo Park", "Ann Lee, Bo Park"),
    ("author", "Ann Lee; ann lee", "Ann Lee"),
    ("byline", "By ANN LEE, Staff Writer", "ANN LEE"),
    ("authors", ["Von Ines Kahl"], "Ines Kahl"),
    # commas inside a name, and one man's compound surname, stay
    ("author", "Lee, Ann", "Lee, Ann"),
    ("authors", ["José Ortega y Gasset"], "José Ortega y Gasset"),
])
def test_a_records_authors_are_cleaned_in_every_shape_as_a_string_is(field, value, expected):
    """A list's names and Zyte's `nameRaw` kept "By"; the same name given twice was named twice."""
    page = record_page({"url": "https://a.example/x", "title": "Weir rebuild approved", "text": ARTICLE, field: value},
                       LABEL)
    assert page.stated.author == expected


def test_zyte_and_diffbot_records_are_read_inside_their_wrappers():
    zyte = record_page({"url": "https://a.example/x", "article": {
        "headline": "Weir rebuild approved", "articleBody": ARTICLE, "datePublished": "2025-02-11T09:30:00Z",
        "authors": [{"name": "Mira Holt", "nameRaw": "By Mira Holt"}], "inLanguage": "en",
        "url": "https://a.example/x-final"}}, LABEL)
    assert (zyte.kind, zyte.url, zyte.stated.title) == ("article", "https://a.example/x-final", "Weir rebuild approved")
    assert zyte.stated.published == datetime(2025, 2, 11, 9, 30, tzinfo=timezone.utc)
    assert zyte.stated.author == "Mira Holt"
    diffbot = record_page({"request": {"pageUrl": "https://b.example/y"}, "objects": [{
        "type": "article", "title": "Weir rebuild approved", "text": ARTICLE, "date": "Tue, 11 Feb 2025 09:30:00 GMT",
        "siteName": "B Daily", "pageUrl": "https://b.example/y", "humanLanguage": "en",
        "tags": [{"label": "Flood defence", "score": 0.9}, {"label": "Rivers"}]}]}, LABEL)
    assert (diffbot.kind, diffbot.url, diffbot.source) == ("article", "https://b.example/y", "B Daily")
    assert diffbot.stated.published == datetime(2025, 2, 11, 9, 30, tzinfo=timezone.utc)
    assert diffbot.stated.tags == ("Flood defence", "Rivers")


def test_firecrawl_and_crawl4ai_records_take_their_metadata_and_prefer_html():
    firecrawl = record_page({"markdown": "# Weir rebuild approved\n\n" + ARTICLE, "metadata": {
        "title": "Weir rebuild approved - C News", "sourceURL": "https://c.example/z", "ogSiteName": "C News",
        "publishedTime": "2025-02-11T09:30:00+01:00", "language": "en-US"}}, LABEL)
    assert (firecrawl.kind, firecrawl.url, firecrawl.source) == ("markdown", "https://c.example/z", "C News")
    assert firecrawl.stated.lang == "en"   # a language tag's code; a name ("English") is not taken
    assert firecrawl.stated.published.isoformat() == "2025-02-11T09:30:00+01:00"
    crawl4ai = record_page({"url": "https://d.example/w", "html": "<html><body><p>Hi</p></body></html>",
                            "markdown": {"raw_markdown": ARTICLE}, "metadata": {"title": "Weir"}}, LABEL)
    assert crawl4ai.kind == "html" and crawl4ai.text.startswith("<html>")
    listed = record_page({"url": "https://e.example/v", "text": ARTICLE, "tags": ["weir, floods", "Rivers"]}, LABEL)
    assert listed.stated.tags == ("weir", "floods", "Rivers")   # a list's string of names is split too


def test_fundus_body_object_becomes_paragraphs_and_subheadings():
    page = record_page({"title": "Weir rebuild approved", "publishing_date": "2025-02-11 09:30:00+00:00",
                        "topics": ["Rivers", "Floods"], "body": {"summary": ["A plan for the old weir."], "sections": [
                            {"headline": [], "paragraphs": PARAGRAPHS[:2]},
                            {"headline": ["What happens next"], "paragraphs": PARAGRAPHS[5:]}]}}, LABEL)
    assert page.kind == "article" and page.stated.tags == ("Rivers", "Floods")
    assert page.text.split("\n\n") == ["A plan for the old weir.", *PARAGRAPHS[:2], "## What happens next",
                                       PARAGRAPHS[5]]


def test_text_field_is_a_page_dump_or_an_article_by_its_shape():
    assert looks_like_page_dump(DUMP) and not looks_like_page_dump(ARTICLE)
    assert record_page({"url": "https://e.example/", "text": DUMP, "title": "Blue line"}, LABEL).kind == "text"
    assert record_page({"url": "https://e.example/", "text": ARTICLE, "title": "Weir"}, LABEL).kind == "article"
    # article text with no headline stated: the page extractor finds the headline
    assert record_page({"text": ARTICLE}, LABEL).kind == "text"
    # a response body stored as "body" or "content" is HTML
    assert record_page({"content": "<!doctype html><html><body><p>x</p></body></html>"}, LABEL).kind == "html"


def test_timestamps_in_the_forms_scrapers_write():
    assert read_timestamp("2025-02-11 09:30:00") == datetime(2025, 2, 11, 9, 30)
    assert read_timestamp("2025-02-11") == date(2025, 2, 11)
    assert read_timestamp("Tue, 11 Feb 2025 09:30:00 GMT") == datetime(2025, 2, 11, 9, 30, tzinfo=timezone.utc)
    assert read_timestamp(1739266200) == read_timestamp(1739266200000) == datetime(2025, 2, 11, 9, 30,
                                                                                   tzinfo=timezone.utc)
    assert read_timestamp("last Tuesday") is None and read_timestamp(True) is None and read_timestamp([]) is None
    # as front matter takes a date: a day, a month name and a year; numbers alone are ambiguous
    assert read_timestamp("March 4, 2026") == date(2026, 3, 4) and read_timestamp("01/02/2026") is None
    assert read_timestamp("4 March 2026 15:08 +0100") == datetime(2026, 3, 4, 15, 8,
                                                                  tzinfo=timezone(timedelta(hours=1)))
    # a day written as a number is that day; 0 or -1 is a placeholder, not 1970
    assert read_timestamp(20260304) == date(2026, 3, 4) and read_timestamp(20261340) is None
    assert read_timestamp(0) is None and read_timestamp(-1) is None and read_timestamp(86400) is None
    # an e-mail date of a year too big for the calendar is no date (it raised OverflowError: a crash of the file)
    assert read_timestamp("Tue, 03 Mar 99999999999999999999 10:00:00 +0000") is None
    # nor is a number past the year 9999: one of 400 digits raised OverflowError dividing it, and failed the file
    assert read_timestamp(10 ** 400) is None and read_timestamp(-10 ** 400) is None
    assert read_timestamp(253402300800000) is None and read_timestamp(float("nan")) is None
    # milliseconds of a time before 1990 are a placeholder as seconds are
    assert read_timestamp(500000000000) is None and read_timestamp(631151999999) is None


@pytest.mark.parametrize("written, day", [
    ("2 décembre 2026", date(2026, 12, 2)), ("2. Dezember 2026 14:05", datetime(2026, 12, 2, 14, 5)),
    ("4 de marzo de 2026", date(2026, 3, 4)), ("12 maja 2026", date(2026, 5, 12)),
    ("2 декабря 2026, 10:30", datetime(2026, 12, 2, 10, 30)), ("3 maggio 2026", date(2026, 5, 3))])
def test_a_records_date_in_the_words_of_its_pages_language(written, day):
    """A scraper that keeps the date the page printed ("2 décembre 2026") had it ignored (English month names
    only): the article fell back to the fetch's day and lost its time."""
    assert read_timestamp(written) == day
    assert read_timestamp("2 décembre") is None and read_timestamp("mardi") is None   # (no year: no date)


@pytest.mark.parametrize("written, hours", [
    ("Wed, 11 Mar 2026 19:40:00 GMT+2", 2), ("Wed, 11 Mar 2026 19:40:00 GMT+0200", 2),
    ("Wed, 11 Mar 2026 19:40:00 UTC-05:00", -5), ("Wed, 11 Mar 2026 19:40:00 GMT+5:30", 5.5),
    ("Wed Mar 11 2026 19:40:00 GMT+0200 (Eastern European Standard Time)", 2),   # (Date.toString() names it)
    ("Wed Mar 11 2026 19:40:00 GMT+0200 (GMT+02:00)", 2)])
def test_an_email_dates_zone_written_as_an_offset_from_gmt(written, hours):
    """Feeds and scripts write the zone as an offset from GMT ("GMT+2", JavaScript's "GMT+0200"): the time was read
    as of no zone, "local time as printed", hours off."""
    assert read_timestamp(written) == datetime(2026, 3, 11, 19, 40, tzinfo=timezone(timedelta(hours=hours)))
    assert read_timestamp("Wed, 11 Mar 2026 19:40:00 GMT+99") == datetime(2026, 3, 11, 19, 40)   # (no such zone)


@pytest.mark.parametrize("written", ["Di, 10 Mär 2026 14:30:00 +0100", "mar., 10 mars 2026 14:30:00 +0100",
                                     "Dienstag, 10. März 2026 14:30 +0100"])
def test_an_email_date_with_its_weekday_in_the_pages_language(written):
    """Feeds of German and French sites write their items' dates in the e-mail form in their own words ("Di, 10 Mär
    2026"): the weekday before the day made it no date, and the item was dated by the file's time."""
    assert read_timestamp(written) == datetime(2026, 3, 10, 14, 30, tzinfo=timezone(timedelta(hours=1)))
    assert read_timestamp("März, 2026") is None


def test_a_record_refused_for_want_of_a_date_says_which_date_it_could_not_read(tmp_path, config):
    feed = tmp_path / "items.jsonl"
    feed.write_text(json.dumps({"url": "https://f.example/a", "title": "Weir rebuild approved", "maintext": ARTICLE,
                                "date_publish": "sometime"}) + "\n", encoding="utf-8")
    [failed] = ingest_file(feed, config, out_dir=tmp_path / "content").failed
    assert "no publication date found" in failed.message
    assert "the record's date_publish ('sometime') is not a date; ignored" in failed.message


def test_a_record_that_states_an_unreadable_date_still_ingests_with_a_note(tmp_path, config):
    feed = tmp_path / "items.jsonl"
    feed.write_text(json.dumps({"url": "https://f.example/a", "title": "Weir rebuild approved", "maintext": ARTICLE,
                                "date_publish": "sometime", "fetched_at": "2025-02-12T06:00:00Z"}) + "\n",
                    encoding="utf-8")
    report = ingest_file(feed, config, out_dir=tmp_path / "content")
    [written] = report.written
    assert "the record's date_publish ('sometime') is not a date; ignored" in written.message
    meta, _ = _front(written.path)
    assert str(meta["date"]) == "2025-02-12" and meta["date_inferred_from"] == "fetched_at of the scraper record"


def test_a_records_publication_date_after_its_fetching_is_none_and_fetched_at_dates_it(tmp_path, config):
    # a date of 2030 on a page fetched in 2026 was written as stated (an HTML page's gets the fallbacks)
    feed = tmp_path / "items.jsonl"
    records = [{"url": "https://f.example/a", "title": "Weir rebuild approved", "maintext": ARTICLE,
                "date_publish": "2030-01-01T00:00:00Z", "fetched_at": "2025-02-12T06:00:00Z"},
               {"url": "https://f.example/b", "title": "Ferry fares rise", "maintext": "The ferry company raised its "
                "fares by a tenth on Thursday, blaming the price of fuel, which has doubled since the crossing opened, "
                "and the cost of the new landing stage.",
                "date_publish": "2025-02-13T01:00:00+09:00", "fetched_at": "2025-02-12T17:00:00Z"}]   # zones apart
    feed.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    first, second = ingest_file(feed, config, out_dir=tmp_path / "content").written
    assert "the record's publication date (2030-01-01) is after it was fetched (2025-02-12); ignored" in first.message
    meta, _ = _front(first.path)
    assert str(meta["date"]) == "2025-02-12" and meta["date_inferred_from"] == "fetched_at of the scraper record"
    assert str(_front(second.path)[0]["date"]) == "2025-02-13 01:00:00+09:00" and "ignored" not in second.message


def test_a_fetch_or_correction_time_still_to_come_is_ignored(tmp_path, config):
    """A fetch time of 2099 dated the article 2099, heading the site; a correction of 2099 headed the feeds."""
    feed = tmp_path / "items.jsonl"
    records = [{"url": "https://f.example/a", "title": "Weir rebuild approved", "maintext": ARTICLE,
                "fetched_at": "2099-01-01T00:00:00Z"},
               {"url": "https://f.example/b", "title": "Weir rebuild approved again", "maintext": ARTICLE + " Later.",
                "date_publish": "2025-02-12T06:00:00Z", "date_modify": "2099-01-01"},
               {"url": "https://f.example/c", "title": "Weir works begin", "maintext": "\n\n".join(reversed(PARAGRAPHS)),
                "date_publish": "2025-02-12T06:00:00Z", "date_modify": "2025-02-13T08:00:00Z"}]
    feed.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    report = ingest_file(feed, config, out_dir=tmp_path / "content")
    assert "the record's fetch time (2099-01-01) is still to come; ignored" in report.failed[0].message
    corrected_later, corrected = (_front(written.path)[0] for written in report.written)
    assert "updated" not in corrected_later and str(corrected["updated"]) == "2025-02-13 08:00:00+00:00"
    page = tmp_path / "page.html"   # an HTML page's article:modified_time likewise
    page.write_text('<html><head><title>Weir closed for repairs</title>'
                    '<meta property="article:published_time" content="2025-02-14T06:00:00Z">'
                    '<meta property="article:modified_time" content="2099-01-01T00:00:00Z"></head><body><article>'
                    "<h1>Weir closed for repairs</h1>" + "".join(f"<p>{p} Repairs.</p>" for p in PARAGRAPHS)
                    + "</article></body></html>", encoding="utf-8")
    [written] = ingest_file(page, config, out_dir=tmp_path / "content", force=True).written
    assert "updated" not in _front(written.path)[0]


def test_a_publication_and_a_fetch_in_zones_a_day_apart_are_compared_as_instants():
    from newsdigest.ingest.record_times import published_by_then
    published = datetime(2024, 3, 3, 0, 30, tzinfo=timezone(timedelta(hours=14)))     # 10:30 UTC on 2 March
    fetched = datetime(2024, 3, 1, 23, 59, tzinfo=timezone(timedelta(hours=-12)))     # 11:59 UTC on 2 March
    assert published_by_then(published, fetched) == (published, "")
    assert published_by_then(date(2030, 1, 1), None, today=date(2026, 12, 7))[0] is None
    assert published_by_then(date(2026, 12, 8), None, today=date(2026, 12, 7))[0] == date(2026, 12, 8)  # zones


@pytest.mark.parametrize("indent", [2, None])
def test_a_json_array_saved_under_a_json_lines_name_is_read_as_its_records(tmp_path, config, indent):
    items = tmp_path / "items.jsonl"
    items.write_text(json.dumps([
        {"url": f"https://g.example/{n}", "title": f"Weir rebuild approved {n}", "maintext": text, "date": "2025-02-11"}
        for n, text in ((1, ARTICLE), (2, "\n\n".join(reversed(PARAGRAPHS))))] + ["not an object"],
        indent=indent), encoding="utf-8")
    report = ingest_file(items, config, out_dir=tmp_path / "content")
    assert [o.label for o in report.written] == ["items.jsonl:1", "items.jsonl:2"]
    assert [(o.label, o.message) for o in report.failed] == [
        ("items.jsonl:3", "record 3: expected a JSON object, got a string")]


def test_json_array_files_report_each_bad_record_by_its_number(tmp_path, config):
    items = tmp_path / "items.json"
    items.write_text(json.dumps([
        {"url": "https://g.example/1", "title": "Weir rebuild approved", "maintext": ARTICLE, "date": "2025-02-11"},
        {"url": "https://g.example/2", "title": "Nothing here"},
        "not an object", None, [1], 2.5, True]), encoding="utf-8")
    report = ingest_file(items, config, out_dir=tmp_path / "content")
    assert [o.label for o in report.written] == ["items.json:1"]
    messages = {o.label: o.message for o in report.failed}
    assert messages["items.json:2"].startswith("record 2: record has no page")
    assert messages["items.json:3"] == "record 3: expected a JSON object, got a string"
    assert [messages[f"items.json:{n}"].split(", got ")[1] for n in range(4, 8)] == ["null", "an array", "a number",
                                                                                  "true"]
    meta, _ = _front(report.written[0].path)
    assert meta["ingested_from"] == "items.json:1"


@pytest.mark.parametrize("content", ['{"site": "x", "body": ["a list is not a page"]}', '[1, 2, 3]'])
def test_a_json_file_that_holds_no_record_is_skipped_not_failed(tmp_path, config, content):
    other = tmp_path / "settings.json"
    other.write_text(content, encoding="utf-8")
    report = ingest_file(other, config, out_dir=tmp_path / "content")
    assert report.ok and not report.written and report.skipped
    assert "not a scraper record" in report.skipped[0].message


@pytest.mark.parametrize("name, content", [("items.jsonl", b""), ("items.jsonl", b"\n\n  \r\n"),
                                           ("items.jsonl", b"\xef\xbb\xbf"), ("items.json", b"[\n\n]"),
                                           ("items.ndjson", b"\n")])
def test_a_scraper_output_with_no_records_is_passed_over_not_failed(tmp_path, config, name, content):
    """A scraper's run that found nothing leaves an empty items file: it failed the run ("file is empty", exit 1 and a
    cron job's mail every quiet day), and an empty array read as "not a scraper record"."""
    items = tmp_path / name
    items.write_bytes(content)
    report = ingest_file(items, config, out_dir=tmp_path / "content")
    assert report.ok and not report.written and not report.failed
    assert [outcome.message for outcome in report.skipped] == [
        "holds no records (a scraper run that found nothing): nothing to ingest"]
    cut = tmp_path / "cut.jsonl.gz"   # (a cut gzip whose readable start is blank lost its records: no "nothing")
    cut.write_bytes(gzip.compress(b"\n" * 600 + json.dumps({"title": "x" * 5000}).encode(), compresslevel=0)[:400])
    assert ingest_file(cut, config, out_dir=tmp_path / "content").status.startswith(
        "failed: the gzip file is cut short or broken after its first")
    page = tmp_path / "page.txt"   # (a page saved empty is a failed download: that still fails)
    page.write_bytes(content.replace(b"[", b"").replace(b"]", b""))
    assert ingest_file(page, config, out_dir=tmp_path / "content").status == "failed: file is empty"


def test_a_scrapers_record_whose_extraction_failed_is_a_failure_not_a_file_to_pass_over(tmp_path, config):
    """news-please writes `"maintext": null` where it found no text: in a .json file that was passed over as "not a
    scraper record" (silent with -q), where the same record in JSON Lines failed with its reason."""
    failed = tmp_path / "ferry.json"
    failed.write_text('{"url": "https://isle.example/ferry", "title": "Ferry timetable changes", "maintext": null, '
                      '"text": null, "date_publish": null, "source_domain": "isle.example"}', encoding="utf-8")
    report = ingest_file(failed, config, out_dir=tmp_path / "content")
    assert not report.ok and not report.skipped and "record has no page" in report.failed[0].message


def test_a_broken_json_file_fails_with_its_line(tmp_path, config):
    broken = tmp_path / "items.json"
    broken.write_text('{"title": "x",\n "maintext": oops}', encoding="utf-8")
    report = ingest_file(broken, config, out_dir=tmp_path / "content")
    [failed] = report.failed
    assert failed.message.startswith("line 2: invalid JSON")


@pytest.mark.parametrize("first", [
    {"url": "https://isle.example/weir", "title": "Weir rebuild approved", "maintext": ARTICLE,
     "date_publish": "2025-02-11"},
    [{"url": "https://isle.example/weir", "title": "Weir rebuild approved", "maintext": ARTICLE,
      "date_publish": "2025-02-11"}],
])
def test_json_lines_saved_as_json_and_cut_short_in_the_second_record_keep_the_first(tmp_path, config, first):
    """A scraper killed while writing its second record: the file is no JSON and not "mostly" JSON Lines (one line
    of two reads), and its whole first record was lost with it."""
    cut = tmp_path / "items.json"
    cut.write_text(json.dumps(first) + '\n{"url": "https://isle.example/ferry", "title": "Ferry ti', encoding="utf-8")
    report = ingest_file(cut, config, out_dir=tmp_path / "content")
    assert [outcome.path.name for outcome in report.written] == ["weir-rebuild-approved.md"]
    [failed] = report.failed
    assert failed.label.endswith("items.json:2") and "invalid JSON" in failed.message


ANY_VALUE = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=60),
                         lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                     max_size=3), max_leaves=6)
FIELD_NAMES = sorted({name for names in FIELDS.values() for name in names} | set(WRAPPERS) | set(SIDE_OBJECTS))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=st.dictionaries(st.sampled_from(FIELD_NAMES), ANY_VALUE | st.just(ARTICLE) | st.just(DUMP), max_size=8))
def test_any_record_is_read_or_refused_with_a_message(record):
    """Whatever types a scraper puts under whichever names, a record is a page or a clear RecordError, and a page
    is extracted or refused with an IngestError: never another exception."""
    try:
        page = record_page(record, LABEL)
    except RecordError as err:
        assert str(err)
        return
    assert page.kind in ("html", "text", "article", "markdown") and page.text.strip()
    try:
        extracted = pipeline.extract_page(page, pipeline.DateFallbacks(date=date(2025, 2, 11)))
    except IngestError:
        return
    assert extracted.title and extracted.blocks and extracted.published is not None


def test_a_lone_surrogate_escape_in_a_record_costs_one_character_not_the_rest_of_the_page(tmp_path, config):
    # JSON allows "\ud800" without its pair; the HTML parser stops at it, and no file can hold it.
    paragraphs = "".join(f"<p>{text}</p>" for text in PARAGRAPHS[:2] + PARAGRAPHS[-1:])
    html = f"<html><body><article><h1>Weir rebuild approved</h1>{paragraphs}</article></body></html>"
    line = json.dumps({"url": "https://g.example/weir", "html": html.replace("eleven", "ele@@ven"),
                       "title": "Weir rebuild approved", "date": "2025-02-11"}).replace("@@", "\\ud800")
    for name, text in (("items.jsonl", line), ("item.json", line), ("items.json", f"[{line}]")):
        feed = tmp_path / name
        feed.write_text(text, encoding="utf-8")
        report = ingest_file(feed, config, out_dir=tmp_path / name.replace(".", "-"))
        assert report.ok and len(report.written) == 1, report.outcomes
        _, body = _front(report.written[0].path)
        assert "ele\ufffdven weeks" in body and PARAGRAPHS[-1] in body


FERRY_ARTICLE = ("The ferry operator said on Friday that it would add an evening crossing to the island from May.\n\n"
                 "Islanders had asked for a later boat for years, as the last one left before most shops closed.\n\n"
                 "The new timetable will be posted at both harbours and online by the end of April.")


def _weir_record(number: int, maintext: str = ARTICLE, **extra) -> str:
    return json.dumps({"url": f"https://g.example/{number}", "title": f"Weir rebuild approved, part {number}",
                       "maintext": maintext, "date": "2025-02-11", **extra}, ensure_ascii=False)


def test_a_record_over_the_size_bound_fails_alone_naming_its_line(tmp_path, config):
    # ~9 MB in characters that take 3 bytes each in UTF-8: the bound is on the bytes, not the characters
    huge = _weir_record(2, html="<p>" + "€" * (3 << 20) + "</p>")
    assert len(huge) < MAX_RECORD_BYTES < len(huge.encode("utf-8"))
    feed = tmp_path / "items.jsonl"
    feed.write_text("\n".join([_weir_record(1), huge, _weir_record(3, FERRY_ARTICLE)]) + "\n", encoding="utf-8")
    report = ingest_file(feed, config, out_dir=tmp_path / "content")
    assert [o.label for o in report.written] == ["items.jsonl:1", "items.jsonl:3"], report.outcomes
    [failed] = report.failed
    assert failed.label == "items.jsonl:2"
    assert failed.message.startswith("a record of 9.0 MB, more than the 8 MB one page's record has")


def test_a_json_file_of_one_record_over_the_size_bound_fails(tmp_path, config):
    item = tmp_path / "item.json"
    item.write_text(_weir_record(1, html="<p>" + "x" * MAX_RECORD_BYTES + "</p>"), encoding="utf-8")
    report = ingest_file(item, config, out_dir=tmp_path / "content")
    [failed] = report.failed
    assert failed.label == "item.json" and "more than the 8 MB one page's record has" in failed.message


def test_a_record_of_exactly_the_size_bound_is_read(tmp_path, config, monkeypatch):
    line = _weir_record(1, summary="Ein Wehr für den Fluss")
    monkeypatch.setattr(record_json, "MAX_RECORD_BYTES", len(line.encode("utf-8")))
    feed = tmp_path / "items.jsonl"
    feed.write_text(line + "\n", encoding="utf-8")
    assert len(ingest_file(feed, config, out_dir=tmp_path / "content").written) == 1
    monkeypatch.setattr(record_json, "MAX_RECORD_BYTES", len(line.encode("utf-8")) - 1)
    [failed] = ingest_file(feed, config, out_dir=tmp_path / "content-2").failed
    assert failed.message.startswith("a record of 0.0 MB, more than the 0 MB")


# -- the shapes real scrapers write ------------------------------------------------------------------------------

PROSE = [p for p in PARAGRAPHS if not p.startswith("- ")]


def _ingested(tmp_path, config, name: str, content) -> list[tuple[dict, str]]:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    report = ingest_file(path, config, out_dir=tmp_path / f"content-{name}")
    assert not report.failed, [o.message for o in report.failed]
    return [_front(outcome.path) for outcome in report.written]


def test_article_text_with_a_paragraph_on_each_line_keeps_its_paragraphs(tmp_path, config):
    """news-please's `maintext` and trafilatura's `text` put one paragraph on each line (no blank lines), and
    trafilatura's begins with the headline."""
    for name, record in (
            ("newsplease.json", {"title": "Weir rebuild approved", "maintext": "\n".join(PROSE),
                                 "date_publish": "2025-02-11 09:30:00", "url": "https://f.example/weir"}),
            ("trafilatura.json", {"title": "Weir rebuild approved", "date": "2025-02-11",
                                  "author": "Ann Lee; Bo Park", "url": "https://f.example/w2",
                                  "text": "Weir rebuild approved\n" + "\n".join(PROSE)})):
        [(meta, body)] = _ingested(tmp_path, config, name, record)
        assert [paragraph for paragraph in body.strip().split("\n\n")] == PROSE, name
    assert meta["author"] == "Ann Lee, Bo Park"


def test_a_firecrawl_response_with_markdown_keeps_its_links_and_its_metadata(tmp_path, config):
    """The scrape endpoint's whole response; the Python SDK's snake_case metadata; Markdown whose links stay links
    and whose pictures go."""
    markdown = ("# Weir rebuild approved\n\n![The weir in flood](https://cdn.f.example/weir.jpg)\n\n" + PARAGRAPHS[0]
                + "\n\nThe footpath along the [east bank](https://f.example/east-bank) will close.")
    response = {"success": True, "data": {"markdown": markdown, "metadata": {
        "title": "Weir rebuild approved | River Courier", "published_time": "2025-02-11T09:30:00-05:00",
        "og_site_name": "River Courier", "source_url": "https://f.example/weir", "article:section": "Local",
        "keywords": "weir, floods, river"}}}
    [(meta, body)] = _ingested(tmp_path, config, "firecrawl.json", response)
    assert (meta["title"], meta["source"], meta["url"]) == ("Weir rebuild approved", "River Courier",
                                                           "https://f.example/weir")
    assert meta["date"].isoformat() == "2025-02-11T09:30:00-05:00" and meta["tags"] == ["weir", "floods", "river"]
    assert meta["category"] == "Local"
    assert "[east bank](https://f.example/east-bank)" in body and "weir.jpg" not in body and "\\[" not in body


def test_a_scrapers_markdown_link_relative_to_the_page_leads_to_the_pages_site_not_the_digests(tmp_path, config):
    """"[report](/documents/report.pdf)" was written as it was: on the digest it led to the digest's own host
    ("works/timetable.html": to a page under the article's address), in the page and in the feeds."""
    markdown = (PARAGRAPHS[0] + "\n\nThe full [inspection report](/documents/weir-report.pdf) is out, with [the "
                "timetable](works/timetable.html \"Works\"), [the notes](#notes) and "
                "[a map](https://maps.example/weir).")
    meta, body = _ingest_one(tmp_path, config, {"url": "https://f.example/local/weir", "markdown": markdown,
                                                 "title": "Weir rebuild approved", "date": "2025-02-11T09:30:00Z"})
    assert ("[inspection report](https://f.example/documents/weir-report.pdf)" in body
            and '[the timetable](https://f.example/local/works/timetable.html "Works")' in body
            and "[the notes](https://f.example/local/weir#notes)" in body
            and "[a map](https://maps.example/weir)" in body)
    # with no address of the page, such a link is its words alone; a link to the web stays a link
    (tmp_path / "bare").mkdir()
    meta, body = _ingest_one(tmp_path / "bare", config, {"markdown": markdown, "title": "Weir rebuild approved",
                                                          "date": "2025-02-11T09:30:00Z", "source": "F"})
    assert "The full inspection report is out, with the timetable, the notes and [a map](https://maps.example/weir)." \
        in body
    # nested brackets, a title in single quotes and a reference's definition are read so too (one of them, left
    # relative, made the whole record plain text, its other links shown as typed: the review)
    other = (PARAGRAPHS[0] + "\n\nThe [full [PDF] report](/weir.pdf) and [the notes](/notes 'Notes') are out; "
             "see [the map][1] and [the board](https://board.example/).\n\n[1]: /map")
    (tmp_path / "forms").mkdir()
    meta, body = _ingest_one(tmp_path / "forms", config, {"url": "https://f.example/local/weir", "markdown": other,
                                                           "title": "Weir rebuild approved",
                                                           "date": "2025-02-11T09:30:00Z"})
    assert ("[full [PDF] report](https://f.example/weir.pdf)" in body and "https://f.example/notes 'Notes'" in body
            and "[the board](https://board.example/)" in body and "[1]: https://f.example/map" in body)


def test_markdown_without_a_stated_title_takes_its_headline_line_and_stays_markdown(tmp_path, config):
    """Read as a page's text dump instead: the title was "# Weir rebuild approved", the link showed as typed and
    the table lost its header."""
    markdown = ("# Weir rebuild approved #\n\n" + PARAGRAPHS[0] + "\n\nThe footpath along the [east bank]"
                "(https://f.example/east-bank) will close.\n\n| Item | Cost |\n|---|---|\n| Wall | 5.9m |\n\n"
                + PARAGRAPHS[1])
    meta, body = _ingest_one(tmp_path, config, {"url": "https://f.example/weir", "markdown": markdown,
                                                 "date_publish": "2025-02-11T09:30:00Z"})
    assert meta["title"] == "Weir rebuild approved" and "Weir rebuild approved" not in body
    assert "[east bank](https://f.example/east-bank)" in body and "| Item | Cost |\n|---|---|\n| Wall | 5.9m |" in body
    # the headline as the reader sees it: no emphasis marks, a link's words only, tags dropped
    (tmp_path / "fed").mkdir()
    meta, _ = _ingest_one(tmp_path / "fed", config, {"url": "https://f.example/fed", "markdown": "# **Breaking**: "
                          "[Fed](https://f.example/fed) raises *rates* <b>now</b>\n\n" + ARTICLE,
                          "date_publish": "2025-02-11T09:30:00Z"})
    assert meta["title"] == "Breaking: Fed raises rates now"


def test_response_envelopes_and_a_fundus_file_are_read_as_their_records(tmp_path, config):
    crawl = {"success": True, "status": "completed", "data": [
        {"markdown": ARTICLE, "metadata": {"title": f"Weir report {n}", "publishedTime": "2025-02-11",
                                           "sourceURL": f"https://f.example/{n}"}} for n in (1, 2)]}
    assert len(_ingested(tmp_path, config, "crawl.json", crawl)) == 1   # (the second is a near-duplicate)
    results = {"success": True, "results": [{"url": "https://g.example/a", "html": (
        "<!DOCTYPE html><html><head><title>Weir rebuild approved</title><meta property='article:published_time' "
        "content='2025-02-11'></head><body><article><h1>Weir rebuild approved</h1>"
        + "".join(f"<p>{p}</p>" for p in PROSE) + "</article></body></html>")}]}
    [(meta, _)] = _ingested(tmp_path, config, "crawl4ai.json", results)
    assert meta["url"] == "https://g.example/a"
    fundus = {"River Courier": [{"title": "Weir rebuild approved again", "body": {"summary": [PROSE[0]], "sections": [
        {"headline": [], "paragraphs": PROSE[1:]}]}, "publishing_date": "2025-02-12 10:00:00+01:00"}]}
    [(meta, _)] = _ingested(tmp_path, config, "fundus.json", fundus)
    assert meta["source"] == "River Courier"


def test_an_article_html_fragment_beside_its_text_gives_way_to_the_text(tmp_path, config):
    """Diffbot's `html` is the article's own markup, with no page around it to read a headline from."""
    record = {"objects": [{"title": "Weir rebuild approved", "text": "\n".join(PROSE), "date":
                           "Tue, 11 Feb 2025 14:30:00 GMT", "pageUrl": "https://d.example/weir", "html":
                           "".join(f"<p>{p}</p>" for p in PROSE[:2]) + f"<h2>What it costs</h2><p>{PROSE[2]}</p>"}]}
    [(meta, body)] = _ingested(tmp_path, config, "diffbot.json", record)
    assert body.strip().split("\n\n") == PROSE


def test_a_date_a_zyte_item_keeps_under_its_metadata_is_the_fallback(tmp_path, config):
    record = {"url": "https://z.example/weir", "article": {"headline": "Weir rebuild approved", "articleBody": ARTICLE,
                                                           "metadata": {"dateDownloaded": "2025-02-12T06:00:00Z"}}}
    [(meta, _)] = _ingested(tmp_path, config, "zyte.jsonl", json.dumps(record) + "\n")
    assert str(meta["date"]) == "2025-02-12" and meta["date_inferred_from"] == "fetched_at of the scraper record"


def test_a_byline_and_a_dateline_above_the_article_text_are_not_its_body(tmp_path, config):
    """Apify's Website Content Crawler `text`: the headline (its stated title carries the site's name), the byline
    and the dateline, then the article."""
    record = {"url": "https://a.example/weir", "metadata": {"title": "Weir rebuild approved | River Courier"},
              "crawl": {"loadedTime": "2025-02-12T06:00:00Z"},
              "text": "Weir rebuild approved\n\nBy Ann Lee and Bo Park\n\nFebruary 11, 2025 at 9:30 a.m. EST\n\n"
                      + "\n\n".join(PROSE)}
    [(meta, body)] = _ingested(tmp_path, config, "apify.json", record)
    assert body.strip().split("\n\n") == PROSE and meta["author"] == "Ann Lee and Bo Park"


def test_nul_bytes_a_crash_left_in_a_json_lines_file_cost_no_record(tmp_path, config):
    """A block of NULs near the start of a file (what a crash leaves in a file being appended to) had the whole
    file refused as binary, every good record with it."""
    texts = [ARTICLE,
             "The county library will open on Sundays from January, after a year in which its reading rooms were "
             "full on most Saturdays, the head librarian told the council's culture committee.\n\nThe extra day "
             "costs less than the committee expected, as volunteers have offered to run the children's corner.",
             "Two new electric buses joined the airport route on Monday, and the operator says the rest of the "
             "fleet on that line will be replaced by the summer.\n\nDrivers were trained over the autumn, and the "
             "depot's chargers were fitted in October, a spokesman said."]
    records = [json.dumps({"url": f"https://harbor-ledger.example/news/{n}", "title": f"Headline {n}",
                           "maintext": text, "date_publish": "2025-11-03 08:00:00"}) for n, text in enumerate(texts)]
    raw = (records[0] + "\n" + "\x00" * 3 + "\n" + records[1] + "\n" + records[2] + "\n" + "\x00" * 4096).encode()
    path = tmp_path / "in" / "items.jsonl"
    path.parent.mkdir()
    path.write_bytes(raw)
    report = ingest_file(path, config, out_dir=tmp_path / "content")
    assert [item.label for item in report.written] == ["items.jsonl:1", "items.jsonl:3", "items.jsonl:4"]
    assert not report.failed
    binary = tmp_path / "in" / "page.txt"
    binary.write_bytes(b"\x00" * 50 + ARTICLE.encode())
    assert "binary file" in ingest_file(binary, config, out_dir=tmp_path / "content").failed[0].message


def test_a_record_stating_text_but_no_title_is_headed_by_its_first_sentence_and_keeps_it(tmp_path, config):
    """The whole first paragraph became the title (and the slug), and the body started at the second."""
    first = ("Two bakeries on the quay agreed on Tuesday to share one oven while the older of them rebuilds its "
             "kitchen after the fire in August. The owners said customers would see no difference. Bread will be "
             "baked overnight.")
    text = first + "\n\n" + ARTICLE
    meta, body = _ingest_one(tmp_path, config, {"url": "https://harbor-ledger.example/news/ovens", "text": text,
                                                "date_publish": "2025-11-03 08:00:00"})
    assert meta["title"] == "Two bakeries on the quay agreed on Tuesday to share one oven while the older of…"
    assert body.lstrip().startswith(first)


def test_the_watchers_line_for_a_file_of_records_names_each_records_line(tmp_path, config):
    """The watcher's inbox log said "failed: invalid JSON" without the line, which a long crawl file needs."""
    good = json.dumps({"url": "https://harbor-ledger.example/news/weir", "title": "Weir to be rebuilt",
                       "maintext": ARTICLE, "date_publish": "2025-11-03 08:00:00"})
    feed = tmp_path / "feed.jsonl"
    feed.write_text(good + "\nnot json\n", encoding="utf-8")
    status = ingest_file(feed, config, out_dir=tmp_path / "content").status
    assert status.startswith("line 1 written ") and "; line 2 failed: invalid JSON" in status
    page = tmp_path / "page.txt"
    page.write_text("", encoding="utf-8")
    assert ingest_file(page, config, out_dir=tmp_path / "content").status == "failed: file is empty"


@pytest.mark.parametrize("lead, headline", [
    ("Gov. Jane Roe signed the harbour bill on Tuesday after a long debate. It takes effect in May. Critics "
     "said the cost was too high.", "Gov. Jane Roe signed the harbour bill on Tuesday after a long debate"),
    ("Prices rose in the U.S. and in Canada. The index was up. Traders were calm.", "Prices rose in the U.S. and in Canada"),
])
def test_a_lead_headline_runs_past_an_abbreviations_full_stop(lead, headline):
    """"Gov. Jane Roe signed ..." was headed "Gov"."""
    from newsdigest.ingest.text import lead_headline
    assert lead_headline(lead) == headline
