"""The date corpus and its evaluation (`python -m evaluation.dates`): how htmldate's annotated pages are read and
split, how a page is measured, and one smoke run of the command. No test asserts a score level."""

from __future__ import annotations

import json
from datetime import date

import pytest

from evaluation import dates as evaluation_dates
from evaluation.build_date_corpus import original_url, read_pages
from evaluation.corpus import PAGES_FILE
from evaluation.dates import DATE_CORPUS_DIR, DatedPage, measure

HAVE_DATE_CORPUS = (DATE_CORPUS_DIR / PAGES_FILE).exists()
NO_DATE_CORPUS = f"{DATE_CORPUS_DIR / PAGES_FILE} is missing (build it with python -m evaluation.build_date_corpus)"


def dated_page(dump: str, published: str = "2024-03-05", url: str = "https://news.example/ferry") -> DatedPage:
    return DatedPage(id="htmldate/bbaw/test.html", source="bbaw", split="train", publisher_group="site:example",
                     language="en", url=url, published=published, headline=None, dump=dump)


ARTICLE = ("Harbour ferry resumes service after storm\n\n5 March 2024\n\n"
           + "\n\n".join(f"The harbour ferry carried {n} hundred passengers across the bay today, the operator said, "
                         "after the storm had kept every boat in port for most of the week." for n in range(2, 7)))


def test_a_date_printed_under_the_headline_is_measured_right_with_and_without_the_url():
    for kind in ("text", "bare"):
        row = measure(dated_page(ARTICLE), kind)
        assert (row.found[:10], row.right, row.in_dump, row.refused) == ("2024-03-05", True, True, None)


def test_titles_are_compared_with_the_derived_headline_where_there_is_one():
    from dataclasses import replace
    assert measure(dated_page(ARTICLE), "text").title_right is None
    titled = replace(dated_page(ARTICLE), headline="Harbour ferry resumes service after storm")
    assert measure(titled, "text").title_right is True
    assert measure(replace(titled, headline="Another headline"), "text").title_right is False


def test_a_page_with_no_date_takes_the_stand_in_day_and_counts_wrong():
    row = measure(dated_page(ARTICLE.replace("5 March 2024", "Updated recently")), "text")
    assert not row.right and not row.in_dump and row.inferred_from.startswith("file modification")


def test_a_date_only_in_the_url_counts_as_shown_when_the_url_is_known():
    undated = ARTICLE.replace("5 March 2024", "Updated recently")
    with_url = measure(dated_page(undated, url="https://news.example/2024/03/05/ferry"), "text")
    bare = measure(dated_page(undated, url="https://news.example/2024/03/05/ferry"), "bare")
    assert with_url.in_dump and with_url.right
    assert not bare.in_dump and not bare.right


def test_archive_addresses_are_replaced_by_the_archived_page():
    assert original_url("https://web.archive.org/web/20190301120000/https://news.example/a") == \
        "https://news.example/a"
    assert original_url("https://web.archive.org/web/20190301120000id_/http://news.example/a?b=1") == \
        "http://news.example/a?b=1"
    assert original_url("https://news.example/a") == "https://news.example/a"


def test_annotations_are_read_with_their_files_and_entries_without_a_date_left_out(tmp_path):
    tests = tmp_path / "tests"
    for folder in ("eval", "test_set", "cache"):
        (tests / folder).mkdir(parents=True)
    (tests / "eval" / "a.html").write_bytes("<html lang='de'><body><p>Grüße</p></body></html>".encode("cp1252"))
    (tests / "test_set" / "1.html").write_text("<html><body>x</body></html>", encoding="utf-8")
    (tests / "eval_default.json").write_text(json.dumps({
        "https://web.archive.org/web/2019/https://zeitung.example/a": {"file": "a.html", "date": "2019-03-01"},
        "https://gone.example/": {"file": "missing.html", "date": "2020-01-01"},
        "https://zeitung.example/a/": {"file": "a.html", "date": "2019-03-01"}}), encoding="utf-8")
    (tests / "eval_mediacloud_2020.json").write_text(
        '{"https://news.example/1": {"file": "1.html", "date": "2020-05-06"},'
        ' "https://news.example/2": {"file": "1.html", "date": NaN}}', encoding="utf-8")
    pages, left_out = read_pages(tmp_path)
    assert [(p["id"], p["url"], p["published"], p["declared_language"]) for p in pages] == [
        ("htmldate/bbaw/a.html", "https://zeitung.example/a", "2019-03-01", "de"),
        ("htmldate/mediacloud/1.html", "https://news.example/1", "2020-05-06", None)]
    assert "Grüße" in pages[0]["html"]   # not UTF-8: decoded as what it is
    assert any("missing.html" in reason for reason in left_out) and any("nan" in reason for reason in left_out)
    assert any("a.html: annotated twice" in reason for reason in left_out)   # one page, read once


@pytest.mark.skipif(not HAVE_DATE_CORPUS, reason=NO_DATE_CORPUS)
def test_the_date_corpus_is_split_by_site_and_agrees_with_the_development_corpus():
    from evaluation.build_corpus import TEST_SHARE, _stable_fraction
    from evaluation.corpus import load_pages
    from evaluation.corpus_sources import _domain_label
    development = {}
    for page in load_pages():
        if label := _domain_label(page.url):
            development.setdefault(label, page.split)
    pages = evaluation_dates.load_dated_pages()
    assert len(pages) > 900 and {p.split for p in pages} == {"train", "test"}
    assert len({page.id for page in pages}) == len(pages)
    sides = {}
    for page in pages:
        label = page.publisher_group.removeprefix("site:")
        expected = development.get(label) or ("test" if _stable_fraction(page.publisher_group) < TEST_SHARE
                                              else "train")
        assert page.split == expected, page.id
        assert sides.setdefault(page.publisher_group, page.split) == page.split
        assert date.fromisoformat(page.published)
    # A page whose text only a script writes has an empty dump: kept (ingest meets such pages too), but few.
    assert sum(not page.dump.strip() for page in pages) < 0.02 * len(pages)


@pytest.mark.skipif(not HAVE_DATE_CORPUS, reason=NO_DATE_CORPUS)
def test_command_smoke_run_and_the_test_split_stays_unlisted(tmp_path, capsys):
    out = tmp_path / "dates.json"
    assert evaluation_dates.main(["--split", "train", "--limit", "4", "--show-wrong", "2", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "| method | pages | date same day |" in printed and "wrong with the URL known" in printed
    result = json.loads(out.read_text(encoding="utf-8"))
    assert [result["summary"][kind]["pages"] for kind in evaluation_dates.KINDS] == [4, 4]
    assert len(result["rows"]) == 8 and all(row["id"].startswith("htmldate/") for row in result["rows"])
    with pytest.raises(SystemExit):
        evaluation_dates.main(["--split", "test", "--show-wrong", "5"])
