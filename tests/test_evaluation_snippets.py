"""The snippet corpus and its evaluation (`python -m evaluation.snippets`): how trafilatura's annotated pages are
read, how a page's snippets are checked, and one smoke run of the command. No test asserts a score level."""

from __future__ import annotations

import json

import pytest

from evaluation import snippets
from evaluation.build_snippet_corpus import SNIPPET_CORPUS_DIR, read_pages
from evaluation.corpus import PAGES_FILE
from evaluation.snippets import SnippetPage, measure, normalised, score, summarise

HAVE_SNIPPET_CORPUS = (SNIPPET_CORPUS_DIR / PAGES_FILE).exists()
NO_SNIPPET_CORPUS = (f"{SNIPPET_CORPUS_DIR / PAGES_FILE} is missing "
                     "(build it with python -m evaluation.build_snippet_corpus)")

MENU = "Home\nPolitics\nBusiness\nSport\n"
ARTICLE = ("Harbour ferry resumes service after storm\n\n5 March 2024\n\n"
           + "\n\n".join(f"The harbour ferry carried {n} hundred passengers across the bay today, the operator said, "
                         "after the storm had kept every boat in port for most of the week." for n in range(2, 7)))
FOOTER = "\n\nMost popular\nCouncil votes on new parking rules\n© 2024 Harbour Courier. All rights reserved.\n"


def snippet_page(dump: str, keep: tuple[str, ...], drop: tuple[str, ...]) -> SnippetPage:
    return SnippetPage(id="trafilatura/ferry.html", split="train", publisher_group="site:example", language="en",
                       url="https://news.example/ferry", with_=keep, without=drop, dump=dump)


def test_snippets_match_across_case_quotes_soft_hyphens_and_line_breaks():
    assert normalised("The  Ferry’s\nbig  DAY") == normalised("the ferry's big day")
    assert normalised("Helikopter\u00adlandeplatz") == "helikopterlandeplatz"
    row = score("ingest", snippet_page("", ("ferry’s big day", "harbour"), ("parking",)),
                "The FERRY'S\nbig day at the harbour")
    assert (row.kept, row.missed, row.leaked, row.dropped) == (2, 0, 0, 1)


def test_a_cleaned_page_keeps_its_article_snippets_and_drops_its_menu_and_footer():
    page = snippet_page(MENU + ARTICLE + FOOTER, keep=("carried 4 hundred passengers", "kept every boat in port"),
                        drop=("Council votes on new parking rules", "All rights reserved"))
    row = measure(page)
    assert row.refused is None
    assert (row.kept, row.missed, row.leaked, row.dropped, row.keep_in_dump) == (2, 0, 0, 2, 2)
    whole = score("whole_dump", page, page.dump)
    assert (whole.kept, whole.leaked) == (2, 2)


def test_a_refused_page_misses_every_snippet_to_keep_and_leaks_none():
    row = measure(snippet_page("Home\nLogin", keep=("carried 4 hundred passengers",), drop=("Login",)))
    assert row.refused and (row.kept, row.missed, row.leaked, row.dropped, row.keep_in_dump) == (0, 1, 0, 1, 0)


def test_the_summary_counts_snippets_as_trafilaturas_evaluation_does():
    page = snippet_page("", ("a",), ("b",))
    rows = [score("ingest", page, "a"), score("ingest", page, "b"), score("ingest", page, "a b")]
    summary = summarise(rows)
    # true positives 2, false negatives 1, false positives 2, true negatives 1
    assert summary["precision"] == pytest.approx(2 / 4) and summary["recall"] == pytest.approx(2 / 3)
    assert summary["accuracy"] == pytest.approx(3 / 6) and summary["all_right"] == 1


def test_annotations_are_read_with_their_files_and_entries_without_snippets_left_out(tmp_path):
    tests = tmp_path / "tests"
    for folder in ("eval", "cache"):
        (tests / folder).mkdir(parents=True)
    (tests / "eval" / "a.html").write_bytes("<html lang='de'><body><p>Grüße</p></body></html>".encode("cp1252"))
    (tests / "cache" / "b.html").write_text("<html><body><p>Hello</p></body></html>", encoding="utf-8")
    (tests / "evaldata.json").write_text(json.dumps({
        "https://zeitung.example/a": {"file": "a.html", "with": ["Grüße"], "without": ["Impressum", ""]},
        "https://news.example/b": {"file": "b.html", "with": [], "without": []},
        "https://news.example/c": {"file": "missing.html", "with": ["x"]},
        "https://zeitung.example/a2": {"file": "a.html", "with": ["Grüße"]}}), encoding="utf-8")
    pages, left_out = read_pages(tmp_path)
    assert [(p["id"], p["url"], p["with"], p["without"], p["declared_language"]) for p in pages] == [
        ("trafilatura/a.html", "https://zeitung.example/a", ["Grüße"], ["Impressum"], "de")]
    assert "Grüße" in pages[0]["html"]
    assert left_out == ["b.html: no snippets", "missing.html: file missing",
                        "a.html: annotated twice (under https://zeitung.example/a2)"]


@pytest.mark.skipif(not HAVE_SNIPPET_CORPUS, reason=NO_SNIPPET_CORPUS)
def test_the_command_runs_on_a_few_pages_and_refuses_to_list_test_pages(capsys):
    assert snippets.main(["--split", "train", "--limit", "3"]) == 0
    report = capsys.readouterr().out
    assert "| ingest, text dumps (URL known) | 3 |" in report and "keep the whole dump" in report
    with pytest.raises(SystemExit):
        snippets.main(["--split", "test", "--show-wrong", "3"])


def test_only_the_annotated_lines_of_a_snippet_page_become_training_rows():
    from evaluation.train_lines import SnippetPageData, _stack
    page = snippet_page(MENU + ARTICLE + FOOTER, keep=("carried 4 hundred passengers",),
                        drop=("Council votes on new parking rules", "Harbour"))
    data = SnippetPageData(page, weight=0.5)
    labelled = {line.text: label for line, label in zip(data.read.lines, data.y) if label >= 0}
    assert labelled == {next(line.text for line in data.read.lines if "carried 4 hundred" in line.text): 1,
                        "Council votes on new parking rules": 0}
    # "Harbour" is a word of the headline and of the copyright line, too small a share of either to label it.
    X, y, w = _stack([data], lambda d: d.X)
    texts = [line.text for line in data.read.lines]
    rows = [i for i, label in enumerate(data.y) if label >= 0]
    assert y == [1, 0] and X == [data.X[i] for i in rows]
    assert w == [pytest.approx(0.5 * (1 + data.units[i] ** 0.5)) for i in rows]
    assert texts[rows[1]] == "Council votes on new parking rules"
