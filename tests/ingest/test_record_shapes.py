"""Scraper records in the shapes real tools write them, and pages: file names, response wrappers, field names and values
that were misread (a file published as raw JSON, a wrapper taken for the outlet, word statistics taken for tags,
a picture never kept, a correction's time lost). The article text is this project's own."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import yaml

from newsdigest.front_matter import split_front_matter
from newsdigest.ingest import ingest_file
from newsdigest.ingest.records import looks_like_page_dump
from newsdigest.ingest.record_times import read_timestamp

PARAGRAPHS = [
    "The harbour board voted on Monday to extend the night ferry across the bay until the end of the year.",
    "Ridership in the first month of the trial was twice what the board had planned for, the chair told members.",
    "Crews will keep the two older boats in service while the new one is refitted over the winter.",
    "Residents on the north shore had asked for a later last crossing on Fridays and Saturdays.",
    "The board said it would publish a timetable for the spring in the first week of February.",
]
TEXT = "\n\n".join(PARAGRAPHS)
# Other reports of the same file, each on its own subject (near-duplicate texts would be skipped as copies).
OTHER_TEXTS = {
    2: "The county library reopened its reading room on Tuesday after a year of repairs to the roof and the heating. "
       "Volunteers moved eleven thousand books back onto the shelves over the weekend, the head librarian said. "
       "Opening hours on Thursdays will run until eight in the evening from next month.",
    3: "A new cycle lane along the seafront will be painted in March, the transport committee agreed on Wednesday. "
       "Parking bays on the landward side will move to the side streets, and two crossings will get signals. "
       "Shop owners asked for deliveries to be allowed before ten in the morning, which the committee accepted.",
}


def record(number: int = 1, **fields) -> dict:
    return {"url": f"https://www.bay-courier.co.uk/news/report-{number}", "title": f"Night ferry trial extended {number}",
            "maintext": OTHER_TEXTS.get(number, TEXT), "date_publish": "2025-11-03T08:00:00+00:00", **fields}


def written(tmp_path: Path, config, name: str, text: str) -> list[tuple[dict, str]]:
    path = tmp_path / name
    tmp_path.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(text.encode()) if name.endswith(".gz") else text.encode())
    report = ingest_file(path, config, out_dir=tmp_path / "content")
    assert not report.failed, report.failed
    out = []
    for item in report.written:
        front, body, _ = split_front_matter(item.path.read_text(encoding="utf-8"), item.path)
        out.append((yaml.safe_load(front), body))
    return out


@pytest.mark.parametrize("name", ["items.jl", "items.jsonlines", "items.ndjson", "items.jl.gz"])
def test_json_lines_files_by_every_name_scrapers_give_them(tmp_path, config, name):
    long_record = record(1, maintext=TEXT + "\n\n" + "More of the board's minutes followed in full. " * 60)
    assert len(json.dumps(long_record)) > 2000
    pages = written(tmp_path, config, name, "\n".join(json.dumps(r) for r in (long_record, record(2))) + "\n")
    assert sorted(meta["title"] for meta, _ in pages) == ["Night ferry trial extended 1", "Night ferry trial extended 2"]
    assert all(meta["source"] != "items" and not body.lstrip().startswith("{") for meta, body in pages)


def test_a_file_of_unknown_name_whose_first_line_is_a_long_record_is_read_as_records(tmp_path, config):
    long_record = record(1, maintext=TEXT + "\n\n" + "More of the board's minutes followed in full. " * 60)
    pages = written(tmp_path, config, "crawl-output", json.dumps(long_record) + "\n" + json.dumps(record(2)) + "\n")
    assert len(pages) == 2 and not any(meta["title"].startswith("{") for meta, _ in pages)


@pytest.mark.parametrize("response", [
    {"items": [record(1), record(2)]},
    {"status": "ok", "totalResults": 2, "articles": [record(1), record(2)]},
    {"status": "ok", "data": {"items": [record(1), record(2)]}},
])
def test_an_api_response_is_read_as_its_records_and_its_key_is_no_outlet(tmp_path, config, response):
    pages = written(tmp_path, config, "response.json", json.dumps(response))
    assert len(pages) == 2
    assert {meta.get("source") for meta, _ in pages} == {"bay-courier.co.uk"}


def test_a_fundus_file_still_names_each_articles_outlet(tmp_path, config):
    pages = written(tmp_path, config, "fundus.json", json.dumps({"Bay Courier": [record(1)], "Gull Post": [record(2)]}))
    assert sorted(meta["source"] for meta, _ in pages) == ["Bay Courier", "Gull Post"]


def test_json_lines_saved_as_json_and_a_line_holding_an_array_of_records(tmp_path, config):
    assert len(written(tmp_path / "a", config, "items.json", "\n".join(json.dumps(record(n)) for n in (1, 2, 3)))) == 3
    lines = json.dumps(record(1)) + "\n" + json.dumps([record(2), record(3)]) + "\n"
    assert len(written(tmp_path / "b", config, "items.jsonl", lines)) == 3


def test_a_whole_page_in_markdown_is_a_page_to_clean_though_its_menu_links_are_long():
    menu = "\n".join(f"- [{word}](https://www.bay-courier.co.uk/{word.lower()}/section-index/)"
                     for word in ("Home", "News", "Sport", "Business", "Opinion", "Subscribe"))
    page = f"[Skip to content](#main)\n\n{menu}\n\n# Night ferry trial extended\n\n12 September 2024\n\n{TEXT}"
    assert looks_like_page_dump(page)
    assert not looks_like_page_dump(TEXT.replace("ferry", "[ferry](https://www.bay-courier.co.uk/tags/ferry/)"))


def test_newspapers_keyword_statistics_are_no_tags_where_the_page_has_its_own(tmp_path, config):
    shape = record(1, keywords=["ferry", "said", "would", "board", "new"], meta_keywords=["ferries", "Bay"], tags=[])
    [(meta, _)] = written(tmp_path / "a", config, "n.jsonl", json.dumps(shape))
    assert meta["tags"] == ["ferries", "Bay"]
    [(meta, _)] = written(tmp_path / "b", config, "n.jsonl", json.dumps(record(1, keywords=["night ferry"])))
    assert meta["tags"] == ["night ferry"]  # a record that has no meta_keywords: its keywords are the page's


@pytest.mark.parametrize("fields", [
    {"image_url": "https://img.bay-courier.co.uk/ferry.jpg"},                                      # news-please
    {"top_image": "https://img.bay-courier.co.uk/ferry.jpg", "meta_keywords": []},                 # newspaper4k
    {"mainImage": {"url": "https://img.bay-courier.co.uk/ferry.jpg"}},                             # Zyte
    {"images": [{"url": "https://img.bay-courier.co.uk/side.jpg"},
                {"url": "https://img.bay-courier.co.uk/ferry.jpg", "primary": True}]},             # Diffbot
    {"metadata": {"ogImage": "https://img.bay-courier.co.uk/ferry.jpg"}},                          # Firecrawl
])
def test_a_records_picture_is_kept(tmp_path, config, fields):
    [(meta, _)] = written(tmp_path, config, "p.jsonl", json.dumps(record(1, **fields)))
    assert meta["image"] == "https://img.bay-courier.co.uk/ferry.jpg"


def test_a_picture_that_is_no_web_address_is_not_kept(tmp_path, config):
    [(meta, _)] = written(tmp_path, config, "p.jsonl", json.dumps(record(1, image="javascript:alert(1)")))
    assert "image" not in meta


def test_camel_case_times_and_days_and_seconds_written_as_strings(tmp_path, config):
    shape = record(1, publishedAt="2024-12-02T09:15:00+00:00", fetchedAt="2024-12-03T10:00:00Z")
    del shape["date_publish"]
    [(meta, _)] = written(tmp_path, config, "c.jsonl", json.dumps(shape))
    assert str(meta["date"]).startswith("2024-12-02 09:15") or str(meta["date"]).startswith("2024-12-02T09:15")
    assert str(read_timestamp("20240301")) == "2024-03-01"          # a day, not its midnight
    assert read_timestamp("1709283600").isoformat() == "2024-03-01T09:00:00+00:00"


def test_character_references_and_break_tags_in_extracted_text_are_read(tmp_path, config):
    text = ("Smith &amp; Sons said the bakery&#39;s new oven&nbsp;would arrive in May.<br>Staff were told on "
            "Friday that the <b>council</b> had approved the plans.<br/>" + TEXT)
    [(meta, body)] = written(tmp_path, config, "e.jsonl", json.dumps(record(1, maintext=text)))
    assert "Smith & Sons said the bakery's new oven would arrive in May." in " ".join(body.split())
    assert "the council had approved" in body and "<b>" not in body and "&amp;" not in body and "<br" not in body


def test_language_codes_authors_and_their_raw_names(tmp_path, config):
    [(meta, _)] = written(tmp_path / "a", config, "l.jsonl", json.dumps(record(1, language="und", authors="By Ann Lee")))
    assert meta.get("lang") != "und" and meta["author"] == "Ann Lee"
    [(meta, _)] = written(tmp_path / "b", config, "l.jsonl",
                          json.dumps(record(1, language="eng", authors=[{"nameRaw": "Bo Park"}])))
    assert meta["lang"] == "en" and meta["author"] == "Bo Park"


def test_an_html_pages_picture_is_kept_as_an_absolute_address(tmp_path, config):
    paragraphs = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    page = ("<!DOCTYPE html><html lang='en'><head><title>Night ferry trial extended | Bay Courier</title>"
            "<meta property='og:title' content='Night ferry trial extended'>"
            "<meta property='og:image' content='/media/ferry.jpg'>"
            "<meta property='article:published_time' content='2025-11-03T08:00:00+00:00'>"
            "<link rel='canonical' href='https://www.bay-courier.co.uk/news/night-ferry'></head>"
            f"<body><article><h1>Night ferry trial extended</h1>{paragraphs}</article></body></html>")
    [(meta, _)] = written(tmp_path, config, "ferry.html", page)
    assert meta["image"] == "https://www.bay-courier.co.uk/media/ferry.jpg"
    [(meta, _)] = written(tmp_path / "b", config, "ferry.html", page.replace("/media/ferry.jpg", "data:image/png;x"))
    assert "image" not in meta


def test_a_correction_time_becomes_updated_and_a_restated_publication_time_does_not(tmp_path, config):
    [(meta, _)] = written(tmp_path / "a", config, "m.jsonl", json.dumps(record(1, date_modify="2025-11-04 10:30:00")))
    assert str(meta["updated"]).startswith("2025-11-04") and str(meta["date"]).startswith("2025-11-03")
    [(meta, _)] = written(tmp_path / "b", config, "m.jsonl",
                          json.dumps(record(1, dateModified="2025-11-03T08:00:00+00:00")))
    assert "updated" not in meta  # the page states its publication time again: no correction
    paragraphs = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    page = ("<html><head><title>Night ferry trial extended</title>"
            "<meta property='article:published_time' content='2025-11-03T08:00:00+00:00'>"
            "<meta property='article:modified_time' content='2025-11-05T17:45:00+00:00'></head>"
            f"<body><article><h1>Night ferry trial extended</h1>{paragraphs}</article></body></html>")
    [(meta, _)] = written(tmp_path / "c", config, "ferry.html", page)
    assert str(meta["updated"]).startswith("2025-11-05") and "17:45" in str(meta["updated"])


def test_ingest_force_of_a_corrected_page_records_when_it_was_corrected(tmp_path, config):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(record(1)) + "\n", encoding="utf-8")
    [first] = ingest_file(feed, config, out_dir=tmp_path / "content").written
    feed.write_text(json.dumps(record(1, title="Night ferry trial extended to March",
                                      date_modify="2025-11-06T12:00:00+00:00")) + "\n", encoding="utf-8")
    [again] = ingest_file(feed, config, out_dir=tmp_path / "content", force=True).written
    assert again.path == first.path
    front, _, _ = split_front_matter(again.path.read_text(encoding="utf-8"), again.path)
    meta = yaml.safe_load(front)
    assert meta["title"] == "Night ferry trial extended to March" and str(meta["updated"]).startswith("2025-11-06")


def test_undecodable_bytes_in_a_file_name_or_source_give_readable_front_matter(tmp_path, config):
    folder = tmp_path / "in"
    folder.mkdir()
    name = b"bad\xff\xfename.jsonl".decode("utf-8", "surrogateescape")
    (folder / name).write_text(json.dumps(record(1)) + "\n", encoding="utf-8")
    source = b"Valley\xffPost".decode("utf-8", "surrogateescape")
    for _ in range(2):  # a second run finds the first's article: no copy
        report = ingest_file(folder / name, config, out_dir=tmp_path / "content", source=source)
    assert not report.failed
    [article] = (tmp_path / "content").rglob("*.md")
    front, _, _ = split_front_matter(article.read_text(encoding="utf-8"), article)
    meta = yaml.safe_load(front)
    assert meta["source"] == "Valley\ufffdPost" and meta["ingested_from"].startswith("bad\ufffd\ufffdname.jsonl")


def test_a_ledger_line_cut_short_does_not_swallow_the_next(tmp_path, config):
    from newsdigest.ingest.ledger import LEDGER_NAME
    content = tmp_path / "content"
    content.mkdir()
    (content / LEDGER_NAME).write_text('{"hash": "cced75043c8b6bc2", "source": "Bay', encoding="utf-8")  # a full disk
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(record(1)) + "\n", encoding="utf-8")
    [first] = ingest_file(feed, config, out_dir=content).written
    lines = (content / LEDGER_NAME).read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[-1])["file"].endswith(first.path.name)
    first.path.unlink()   # deleted by hand: the ledger remembers it was ingested
    report = ingest_file(feed, config, out_dir=content)
    assert not report.written and "since deleted" in report.outcomes[0].message


def test_a_named_pipe_put_in_a_listed_files_place_fails_alone_without_hanging(tmp_path):
    """The folder was listed when the file was regular; a named pipe put there since must not block the read
    (opening one waits for a writer)."""
    import os
    import threading

    from newsdigest.ingest.model import IngestError
    from newsdigest.ingest.readers import read_file
    fifo = tmp_path / "page.txt"
    os.mkfifo(fifo)
    outcome: list = []

    def read() -> None:
        try:
            read_file(fifo)
        except IngestError as err:
            outcome.append(str(err))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(10)
    if reader.is_alive():  # unblock the stuck reader so the test run can end
        open(fifo, "wb").close()
    assert outcome and "named pipe" in outcome[0]


def test_a_full_disk_is_reported_with_the_article_it_was_writing(tmp_path, config, monkeypatch):
    import errno

    from newsdigest.ingest import content_writes

    def full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(content_writes.os, "fsync", full)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(record(1)) + "\n", encoding="utf-8")
    [failed] = ingest_file(feed, config, out_dir=tmp_path / "content").failed
    assert "No space left on device" in failed.message and "night-ferry-trial-extended-1.md" in failed.message, \
        failed.message
    assert not list((tmp_path / "content").rglob("*.md")) and not list((tmp_path / "content").rglob("*.tmp"))


def test_input_names_reach_the_terminal_as_text_not_as_commands(tmp_path, config, capsys):
    """A newline, an escape sequence or a direction override in a file's name would split a log line, recolour
    or rewrite the terminal, or turn the name around: the summary shows them as escapes."""
    from newsdigest.ingest.summary import print_summary
    folder = tmp_path / "in"
    folder.mkdir()
    name = "bad\x1b[31mname\nx\u202e.jsonl"
    (folder / name).write_text("not json\n", encoding="utf-8")
    report = ingest_file(folder / name, config, out_dir=tmp_path / "content")
    print_summary([report])
    shown = capsys.readouterr().out
    assert "\x1b" not in shown and "\u202e" not in shown and "bad\\x1b[31mname\\x0ax\\u202e.jsonl" in shown


@pytest.mark.parametrize("category", ["Home", "Startseite", "Homepage", "Inicio"])
def test_a_home_page_named_as_a_category_is_no_section(tmp_path, config, category):
    [(meta, _)] = written(tmp_path, config, "h.jsonl", json.dumps(record(1, category=category)))
    assert "category" not in meta
    [(meta, _)] = written(tmp_path / "b", config, "h.jsonl", json.dumps(record(1, category="Home & Garden")))
    assert meta["category"] == "Home & Garden"
    [(meta, _)] = written(tmp_path / "c", config, "h.jsonl", json.dumps(record(1, category=f"{category} | World")))
    assert meta["category"] == "World"


def test_dates_as_pages_print_them_and_no_guess_at_an_ambiguous_one():
    assert read_timestamp("2024/03/01") == read_timestamp("2024-03-01")
    assert read_timestamp("1.3.2024 10:00").isoformat() == "2024-03-01T10:00:00"
    assert read_timestamp("2024-03-01 10:00:00 CET").isoformat() == "2024-03-01T10:00:00+01:00"
    assert read_timestamp("01/03/2024") is None            # 1 March or 3 January: not guessed
    assert read_timestamp("updated 2024/03/01 by the desk") is None


def test_zytes_breadcrumbs_give_the_section_after_the_home_page():
    from newsdigest.ingest.records import RecordLabel, record_page
    zyte = {"url": "https://www.bay-courier.co.uk/news/ferry", "article": {
        "headline": "Night ferry trial extended", "articleBody": TEXT, "datePublished": "2025-11-03T08:00:00Z",
        "breadcrumbs": [{"name": "Home", "url": "https://www.bay-courier.co.uk/"},
                        {"name": "Local", "url": "https://www.bay-courier.co.uk/local/"}]}}
    assert record_page(zyte, RecordLabel("z.jsonl:1", "")).stated.category == "Local"


def test_a_stray_nul_early_in_a_page_does_not_make_it_binary(tmp_path, config):
    page = ("Valley Post\n\nRiverton opens its night ferry to cyclists\x00\n\nPublished March 3, 2026\n\n"
            + "The harbour board agreed on Monday that cyclists may take the night ferry across the bay from April, "
              "after riders asked for a later crossing on weekends. " * 3)
    [(meta, body)] = written(tmp_path, config, "ferry.txt", page)
    assert meta["title"] == "Riverton opens its night ferry to cyclists" and "\x00" not in body
    binary = tmp_path / "b" / "blob.txt"
    binary.parent.mkdir()
    binary.write_bytes(bytes(range(256)) * 40)
    [failed] = ingest_file(binary, config, out_dir=tmp_path / "b" / "content").failed
    assert "binary file" in failed.message
    pickled = tmp_path / "c" / "data.txt"   # a few NULs among text-like bytes: still no page
    pickled.parent.mkdir()
    pickled.write_bytes(b"\x80\x04\x95\x1c\x00\x00\x00\x00\x00\x00\x00}\x94\x8c\x05title\x94" * 20)
    [failed] = ingest_file(pickled, config, out_dir=tmp_path / "c" / "content").failed
    assert "binary file" in failed.message


@pytest.mark.parametrize("name", ["items.jsonl", "items.json"])
def test_records_written_over_several_lines_each_one_after_another(tmp_path, config, name):
    """`jq` writes each object over many lines, one after another: each was a failure for every line it spanned."""
    text = "".join(json.dumps(record(number), indent=2) + "\n" for number in (1, 2, 3))
    pages = written(tmp_path, config, name, text)
    assert sorted(meta["title"] for meta, _ in pages) == [f"Night ferry trial extended {n}" for n in (1, 2, 3)]
    assert {meta["ingested_from"].split(":")[0] for meta, _ in pages} == {name}


def test_a_correction_is_told_by_instants_whatever_the_zones():
    from datetime import datetime as moment, timedelta as span, timezone as zone

    from newsdigest.ingest.model import Extracted
    pacific, tokyo = zone(span(hours=-8)), zone(span(hours=9))
    before = Extracted("T", (), published=moment(2026, 3, 1, 20, tzinfo=pacific),
                       modified=moment(2026, 3, 2, 3, tzinfo=zone.utc))        # an hour before it was published
    assert before.correction_time is None
    later = Extracted("T", (), published=moment(2026, 3, 2, 1, tzinfo=tokyo),
                      modified=moment(2026, 3, 1, 19, tzinfo=zone.utc))        # three hours after, the day before in UTC
    assert later.correction_time == moment(2026, 3, 1, 19, tzinfo=zone.utc)


def test_markup_words_in_prose_are_kept_and_a_breadcrumb_that_is_the_headline_is_no_section():
    from newsdigest.ingest.records import RecordLabel, _plain_text, record_page
    assert _plain_text("In HTML, the <b> tag makes text bold.") == "In HTML, the <b> tag makes text bold."
    assert _plain_text("If x <a and b> y") == "If x <a and b> y"
    assert _plain_text("The <b>council</b> agreed.") == "The council agreed."
    assert _plain_text("A.<p>B.<p>C.") == "A.\n\nB.\n\nC."   # paragraphs an extractor left as tags
    zyte = {"url": "https://www.bay-courier.co.uk/news/fed", "article": {
        "headline": "Fed raises rates", "articleBody": TEXT, "datePublished": "2025-11-03T08:00:00Z",
        "breadcrumbs": [{"name": "Home"}, {"name": "Fed raises rates"}]}}
    assert record_page(zyte, RecordLabel("z.jsonl:1", "")).stated.category == ""


def test_json_lines_saved_as_json_with_a_bad_line_loses_that_line_alone(tmp_path, config):
    text = json.dumps(record(1)) + "\n" + json.dumps(record(2))[:40] + "\n" + json.dumps(record(3)) + "\n"
    path = tmp_path / "crawl.json"
    path.write_text(text, encoding="utf-8")
    report = ingest_file(path, config, out_dir=tmp_path / "content")
    assert len(report.written) == 2 and [o.label for o in report.failed] == ["crawl.json:2"]


def test_json_lines_saved_as_json_whose_first_line_is_bad_loses_that_line_alone(tmp_path, config):
    text = json.dumps(record(1))[:30] + "\n" + json.dumps(record(2)) + "\n" + json.dumps(record(3)) + "\n"
    path = tmp_path / "crawl.json"
    path.write_text(text, encoding="utf-8")
    report = ingest_file(path, config, out_dir=tmp_path / "content")
    assert len(report.written) == 2 and [o.label for o in report.failed] == ["crawl.json:1"]


@pytest.mark.parametrize("name", ["crawl.jsonl", "crawl.json", "crawl-output"])
@pytest.mark.parametrize("broken", [1, 2, 3])
def test_records_over_several_lines_lose_only_the_object_that_cannot_be_read(tmp_path, config, name, broken):
    """One broken object in `jq`'s output failed every line of the file (or the whole `.json` file)."""
    objects = [json.dumps(record(number), indent=2) for number in (1, 2, 3)]
    objects[broken - 1] = objects[broken - 1].replace('",\n', '"\n', 1)   # a comma lost: invalid JSON
    text = "\n".join(objects) + "\n"
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = ingest_file(path, config, out_dir=tmp_path / "content")
    first_lines = [number for number, line in enumerate(text.split("\n"), start=1) if line == "{"]
    assert [o.label for o in report.failed] == [f"{name}:{first_lines[broken - 1]}"]
    assert "invalid JSON" in report.failed[0].message
    titles = sorted(yaml.safe_load(split_front_matter(item.path.read_text(encoding="utf-8"), item.path)[0])["title"]
                    for item in report.written)
    assert titles == [f"Night ferry trial extended {n}" for n in (1, 2, 3) if n != broken]


def test_one_record_written_over_several_lines_among_one_line_records_is_read(tmp_path, config):
    """JSON Lines whose first record is one line and whose second was written indented (a crawler's items joined
    with one written by hand): each line of the second failed as invalid JSON, and the record was lost."""
    text = (json.dumps(record(1)) + "\n" + json.dumps(record(2), indent=2) + "\n" + json.dumps(record(3)) + "\n")
    path = tmp_path / "crawl.jsonl"
    path.write_text(text, encoding="utf-8")
    report = ingest_file(path, config, out_dir=tmp_path / "content")
    assert not report.failed and len(report.written) == 3
    third = 2 + json.dumps(record(2), indent=2).count("\n") + 1   # (the line after the indented record's last)
    assert sorted(o.label for o in report.written) == sorted(["crawl.jsonl:1", "crawl.jsonl:2", f"crawl.jsonl:{third}"])
    # a line that is no JSON at all among one-line records still fails alone, naming its line once
    path.write_text(json.dumps(record(1)) + "\n{not json\n" + json.dumps(record(3)) + "\n", encoding="utf-8")
    report = ingest_file(path, config, out_dir=tmp_path / "other")
    assert [(o.label, o.message.split(" (")[0]) for o in report.failed] == [("crawl.jsonl:2", "invalid JSON")]


def test_a_pretty_printed_record_in_a_file_without_a_suffix_is_a_record_not_a_page(tmp_path, config):
    pages = written(tmp_path, config, "article-0001", json.dumps(record(1), indent=2) + "\n")
    assert [meta["title"] for meta, _ in pages] == ["Night ferry trial extended 1"]
    assert not pages[0][1].lstrip().startswith("{")


def test_a_single_json_document_that_is_broken_is_one_failure_naming_its_line(tmp_path, config):
    """An object written over several lines whose inner objects start lines of their own is still one document."""
    text = '{\n"url": "https://www.bay-courier.co.uk/news/report-1",\n"article":\n{\n"headline": "Night ferry"\n' \
           '"articleBody": "text"\n}\n}\n'
    path = tmp_path / "page.json"
    path.write_text(text, encoding="utf-8")
    report = ingest_file(path, config, out_dir=tmp_path / "content")
    assert not report.written and [o.label for o in report.failed] == ["page.json"]
    assert report.failed[0].message.startswith("line 6: invalid JSON")


def test_an_email_date_keeps_the_zone_its_name_gives():
    """The e-mail parser knows only US zones and GMT: "08:00:00 CET" lost its zone (an hour off once read as UTC)."""
    assert read_timestamp("Mon, 03 Nov 2025 08:00:00 CET").isoformat() == "2025-11-03T08:00:00+01:00"
    assert read_timestamp("Mon, 03 Nov 2025 08:00:00 cest").isoformat() == "2025-11-03T08:00:00+02:00"
    assert read_timestamp("Mon, 03 Nov 2025 08:00:00 PST").isoformat() == "2025-11-03T08:00:00-08:00"
    assert read_timestamp("Mon, 03 Nov 2025 08:00:00 -0000").tzinfo is None   # "zone unknown", as RFC 5322 says


def test_json_lines_whose_first_line_is_cut_short_are_still_read_line_by_line(tmp_path, config):
    """A cut first line sent the file down the path for `jq`'s objects over several lines, which reads no line
    holding an array of records (a crawler's batch) and no size limit."""
    text = "\n".join([json.dumps(record(4))[:50], json.dumps(record(1)), json.dumps([record(2), record(3)])]) + "\n"
    path = tmp_path / "crawl.jsonl"
    path.write_text(text, encoding="utf-8")
    report = ingest_file(path, config, out_dir=tmp_path / "content")
    assert len(report.written) == 3 and [o.label for o in report.failed] == ["crawl.jsonl:1"]


def test_an_object_of_jq_output_larger_than_a_record_may_be_is_refused(tmp_path, config, monkeypatch):
    from newsdigest.ingest import record_json
    monkeypatch.setattr(record_json, "MAX_RECORD_BYTES", 2000)
    big = record(2, maintext=OTHER_TEXTS[2] + " More." * 400)
    text = json.dumps(record(1), indent=2) + "\n" + json.dumps(big, indent=2) + "\n"
    path = tmp_path / "crawl.jsonl"
    path.write_text(text, encoding="utf-8")
    report = ingest_file(path, config, out_dir=tmp_path / "content")
    assert len(report.written) == 1 and "MB" in report.failed[0].message


@pytest.mark.parametrize("name", ["crawl.json", "crawl.jsonl", "crawl-output"])
def test_a_refused_object_of_jq_output_is_that_objects_refusal_alone(tmp_path, config, monkeypatch, name):
    """An object refused for its size counted as unreadable: the file's other objects were lost with a misleading
    "invalid JSON", or a lone large object gave a failure for each of its lines (or was read as a text page)."""
    from newsdigest.ingest import record_json
    monkeypatch.setattr(record_json, "MAX_RECORD_BYTES", 2000)
    big = json.dumps(record(2, maintext=OTHER_TEXTS[2] + " More." * 400), indent=2)
    for text, kept in ((big + "\n" + json.dumps(record(1), indent=2) + "\n", 1), (big + "\n", 0)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        report = ingest_file(path, config, out_dir=tmp_path / f"content-{kept}")
        assert len(report.written) == kept and len(report.failed) == 1, [o.message for o in report.outcomes]
        assert "MB" in report.failed[0].message and report.failed[0].label in (f"{name}:1", name)


@pytest.mark.parametrize("stop", ["ctrl-c", "sigterm"])
def test_stopping_ingest_says_how_far_it_got(tmp_path, config, monkeypatch, capsys, stop):
    """Ctrl-C between two files tells how far the run got; SIGTERM (a cron job's timeout, `kill`) ended ingest
    wherever it was, with no count of what was written: it now stops as Ctrl-C does."""
    import os
    import signal

    from newsdigest.cli import main
    from newsdigest.ingest import command
    from newsdigest.ingest.executors import InProcess
    folder = tmp_path / "in"
    folder.mkdir()
    for number in (1, 2, 3):
        (folder / f"r{number}.jsonl").write_text(json.dumps(record(number)) + "\n", encoding="utf-8")

    class StoppedBeforeTheSecondFile(InProcess):
        """The stop comes while the run waits for the second file (one that comes while a file is stored waits
        for it to be stored: tests/test_ingest_parallel.py)."""

        def prepare(self, files, options):
            for number, prepared in enumerate(super().prepare(files, options)):
                if number == 1:
                    if stop == "ctrl-c":
                        raise KeyboardInterrupt
                    os.kill(os.getpid(), signal.SIGTERM)
                yield prepared

    def not_handled(signum, frame):   # (what the process would do without ingest's handler: end there; failed here)
        raise AssertionError("SIGTERM reached the process's own handler")

    monkeypatch.setattr(command, "open_preparer", lambda *args, **kwargs: StoppedBeforeTheSecondFile())
    config_file = tmp_path / "config.yaml"
    config_file.write_text(f"title: T\nbase_url: https://news.example.org/\ncontent_dir: {tmp_path / 'content'}\n",
                           encoding="utf-8")
    before = signal.signal(signal.SIGTERM, not_handled)
    try:
        status = main(["-c", str(config_file), "ingest", str(folder), str(tmp_path / "missing.html"), "--jobs", "1"])
        assert signal.getsignal(signal.SIGTERM) is not_handled   # put back as it was
    finally:
        signal.signal(signal.SIGTERM, before)
    assert status == 130
    assert "Stopped after 1 of 3 files: 1 written" in capsys.readouterr().err


def test_the_records_of_a_file_are_reported_in_the_files_order(tmp_path, config):
    """A line that is no JSON was reported before every other record ("records.jsonl:81" before ":9")."""
    lines = [json.dumps(record(n)) for n in (1, 2, 3)]
    lines[2] = lines[2][:30]            # line 3: cut short
    lines.insert(1, json.dumps({"url": "https://www.bay-courier.co.uk/x", "title": "No text"}))   # line 2: no article
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ingest_file(path, config, out_dir=tmp_path / "content")
    assert [o.label for o in report.outcomes] == [f"records.jsonl:{n}" for n in (1, 2, 3, 4)]



def test_json_lines_files_joined_each_with_its_byte_order_mark_read_every_record(tmp_path, config):
    """`cat a.jsonl b.jsonl > all.jsonl` of files that each begin with a byte order mark: the first record of every
    file after the first failed as invalid JSON ("Unexpected UTF-8 BOM")."""
    joined = "".join("\ufeff" + json.dumps(record(number)) + "\n" for number in (1, 2, 3))
    pages = written(tmp_path, config, "all.jsonl", joined)
    assert sorted(meta["title"] for meta, _ in pages) == [f"Night ferry trial extended {n}" for n in (1, 2, 3)]


def test_no_tag_names_the_outlet_the_tag_list_or_an_internal_code(tmp_path, config):
    """A tag page of every article of one outlet is its source page again: "Bay Courier" by the Bay Courier,
    "baycourier" (its address), the list's own label "Tags" and a publishing system's "stream-23490979" were tags."""
    pages = written(tmp_path, config, "feed.jsonl", json.dumps(record(
        1, source="Bay Courier", tags=["Bay Courier", "ferries", "baycourier", "Tags:", "stream-23490979", "covid-19",
                                        "night services", "News", "Beverly Hills 90210"])) + "\n")
    [(meta, _)] = pages
    # (a subject such as "News", and a name with a number in it, stay)
    assert meta["source"] == "Bay Courier"
    assert meta["tags"] == ["ferries", "covid-19", "night services", "News", "Beverly Hills 90210"]


def test_no_tag_is_an_author_a_path_a_code_or_the_words_of_the_address(tmp_path, config):
    """Seen on real pages: the author as a tag, "deportes/formula-1", "_Prio_3", and a publishing system's list of
    the address's words ("juez", "cita", "investigado" of /juez-cita-investigado-...) where the editor gave none."""
    def tags_of(url: str, tags: list[str], author: str = "") -> list[str]:
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        folder.mkdir()
        line = json.dumps({**record(1), "url": url, "tags": tags, "author": author}) + "\n"
        [(meta, _)] = written(folder, config, "feed.jsonl", line)
        return meta.get("tags", [])

    assert tags_of("https://bay.example/news/night-ferry-trial-extended", ["night", "ferry", "trial"]) == []
    assert tags_of("https://bay.example/news/night-ferry-trial-extended",
                   ["deportes/formula-1", "_Prio_3", "Ann Lee", "Ferries", "AC/DC"], "Ann Lee") == ["Ferries", "AC/DC"]
    # an editor's tags that the address also spells stay: in its words' order as written, they are no copy of it
    assert tags_of("https://bay.example/news/ferry-night-trial", ["Night", "Ferry", "Trial"]) == [
        "Night", "Ferry", "Trial"]
    assert tags_of("https://bay.example/news/ferry-night-trial", ["night", "ferry", "trial"]) == [
        "night", "ferry", "trial"]

