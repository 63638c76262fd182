"""The scraper-record evaluation (`python -m evaluation.records`): the records it makes from a corpus page, how
it scores them, and one smoke run on a few corpus pages. No test here asserts a score level of the extractor."""

from __future__ import annotations

import json

from evaluation import records as evaluation_records
from evaluation.corpus import CorpusPage

ARTICLE = ("The regional water board approved a plan on Tuesday to rebuild the old river weir before the floods.\n\n"
           "Engineers said the work would take eleven weeks and close the footpath along the east bank.")
DUMP = "Home\nNews\nSport\nWeather\nContact\nLogin\nWater board approves weir rebuild\n11 February 2025\n" + ARTICLE + \
       "\nMost read\nShare\nPrivacy\nCookies\n"


def page(**changes) -> CorpusPage:
    values = dict(id="fundus/xx/Test_2025_02_11", corpus="fundus", split="train", publisher="Test",
                  publisher_group="site:test", language="en", url="https://example.org/weir",
                  title="Water board approves weir rebuild", body=ARTICLE, authors=(),
                  published="2025-02-11T09:30:00+01:00", site_name="Test", dump=DUMP,
                  html="<html><head><title>Water board approves weir rebuild</title></head><body><article>"
                       "<h1>Water board approves weir rebuild</h1>"
                       + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n")) + "</article></body></html>",
                  html_charset="utf-8", truth_in_dump=1.0, notes=())
    values.update(changes)
    return CorpusPage(**values)


def test_records_are_made_in_each_scrapers_shape():
    assert evaluation_records.page_text_record(page()) == {"url": "https://example.org/weir", "text": DUMP}
    assert evaluation_records.page_text_record(page(truth_in_dump=0.3)) is None  # the article is not in the dump
    news_please = evaluation_records.news_please_record(page())
    assert news_please["maintext"] == ARTICLE and news_please["date_publish"] == "2025-02-11T09:30:00+01:00"
    assert evaluation_records.news_please_record(page(title=None)) is None
    made = evaluation_records.trafilatura_record(page())  # trafilatura's own JSON of the page's HTML
    assert made["source"] == "https://example.org/weir" and "rebuild the old river weir" in made["text"]


def test_each_record_is_read_as_its_kind_and_scored():
    row = evaluation_records.measure(page(), "page_text", {"url": "https://example.org/weir", "text": DUMP})
    assert row.kind == "text"
    row = evaluation_records.measure(page(), "news_please", evaluation_records.news_please_record(page()))
    assert (row.kind, row.f1, row.title_right, row.date_same_day) == ("article", 1.0, True, True)
    forced = evaluation_records.measure(page(), "trafilatura_as_page",
                                        {"title": "Water board approves weir rebuild", "text": ARTICLE})
    assert forced.kind == "text"
    refused = evaluation_records.measure(page(), "news_please", {"title": "x"})
    assert refused.refused.startswith("record has no page") and refused.f1 == 0.0 and refused.title_right is False


def test_a_short_run_on_the_corpus_reports_every_method(tmp_path, capsys):
    out = tmp_path / "records.json"
    assert evaluation_records.main(["--split", "train", "--limit", "3", "--json", str(out)]) == 0
    report = capsys.readouterr().out
    for label in evaluation_records.METHODS.values():
        assert label in report
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["pages"] == 3 and set(result["methods"]) == set(evaluation_records.METHODS)
    page_rows = result["rows"]["page_text"]
    assert page_rows and all(row["kind"] in ("text", "") for row in page_rows)
