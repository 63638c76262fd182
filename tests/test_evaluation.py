"""The ingest evaluation (`python -m evaluation.ingest`): its scoring functions on hand-made inputs, the way it
runs the extractor, one smoke run on a few corpus pages, and how the corpus is read and split. No test here
asserts a score level of the extractor: it measures whatever the extractor does."""

from __future__ import annotations

import gzip
import json
from datetime import date, datetime, timedelta, timezone

import pytest

from evaluation import ingest as evaluation_ingest
from evaluation import metrics
from evaluation.corpus import CORPUS_DIR, PAGES_FILE, CorpusPage
from newsdigest.ingest import pipeline
from newsdigest.ingest.model import Block, Extracted, IngestError
from newsdigest.ingest.site_lines import line_key


def page(id="fundus/xx/Test_2024_01_01", *, body="One two three four.", dump="Menu\nOne two three four.\n",
         html="<html><body><p>One two three four.</p></body></html>", title="A headline",
         published="2024-01-01T10:00:00+01:00", language="en", url="https://example.org/a",
         truth_in_dump=1.0) -> CorpusPage:
    return CorpusPage(id=id, corpus="fundus", split="train", publisher="Test", publisher_group="site:test",
                      language=language, url=url, title=title, body=body, authors=(), published=published,
                      site_name="Test", dump=dump, html=html, html_charset="utf-8", truth_in_dump=truth_in_dump,
                      notes=())


# -- body tokens --------------------------------------------------------------------------------------

def test_token_f1_counts_multiplicities():
    score = metrics.body_overlap("the the the cat", "The cat, the hat.")
    assert (score.found, score.truth, score.common) == (4, 4, 3)
    assert score.precision == pytest.approx(0.75) and score.recall == pytest.approx(0.75)
    assert score.f1 == pytest.approx(0.75)


def test_token_f1_edges():
    assert metrics.body_overlap("", "some truth").f1 == 0.0
    assert metrics.body_overlap("", "").f1 == 1.0
    perfect = metrics.body_overlap("Hello, WORLD!", "hello world")
    assert perfect.precision == perfect.recall == perfect.f1 == 1.0
    half = metrics.body_overlap("a b c d", "a b")
    assert half.precision == 0.5 and half.recall == 1.0 and half.f1 == pytest.approx(2 / 3)


def test_tokens_split_scripts_without_spaces_into_characters():
    assert metrics.tokens("東京の天気") == {"東": 1, "京": 1, "の": 1, "天": 1, "気": 1}
    assert metrics.tokens("カタカナ") == {"カ": 2, "タ": 1, "ナ": 1}
    assert sorted(metrics.tokens("iPhone 15を発売")) == ["15", "iphone", "を", "売", "発"]
    assert len(metrics.tokens("ภาษาไทย")) >= 5                # Thai: no spaces, one token per character
    assert metrics.tokens("한국어 뉴스") == {"한국어": 1, "뉴스": 1}  # Hangul is written with spaces


def test_tokens_normalise_and_keep_combining_marks():
    assert metrics.tokens("ＡＢＣ Straße") == {"abc": 1, "strasse": 1}       # NFKC, casefold
    assert metrics.tokens("हिन्दी समाचार") == {"हिन्दी": 1, "समाचार": 1}  # vowel signs stay in words
    assert metrics.tokens("e\u0301te\u0301 -- ok") == {"été": 1, "ok": 1}


# -- titles -------------------------------------------------------------------------------------------

def test_title_normalisation():
    assert metrics.normalise_title("  “Hello”   —  World’s end. ") == "\"hello\" - world's end"
    assert metrics.title_right("Brexit: what’s next?", "Brexit: what's next?")
    assert metrics.title_right("Ｆｕｌｌ width – title", "full width - title.")
    assert metrics.title_right("Line\nbreak", "Line break")
    assert metrics.title_right("Ein bisschen Fortschritt", "Ein bisschen Fortschritt\u200b")  # zero-width space
    assert not metrics.title_right("Title | Site", "Title")
    assert not metrics.title_right("", "Title") and not metrics.title_right(None, "Title")


# -- dates --------------------------------------------------------------------------------------------

def test_an_author_is_right_when_it_names_one_of_the_truths_authors():
    assert metrics.author_right("Steven Lee Myers", ("Steven Lee Myers", "Keith Bradsher"))
    assert metrics.author_right("Erin Vale", ("By Erin Vale",))
    assert metrics.author_right("JÖRG ZSCHOCHE", ("Jörg Zschoche",))
    assert not metrics.author_right("Yusof Mat Isa", ("Yiswaree Palansamy",))
    assert not metrics.author_right("", ("Erin Vale",)) and not metrics.author_right(None, ("Erin Vale",))
    assert metrics.author_in_dump(("Erin Vale",), "Harbour reopens\nBy Erin Vale, 3 March\nText.")
    assert not metrics.author_in_dump(("Erin Vale",), "Harbour reopens\nText.")


def test_same_day_reads_each_date_in_its_own_offset():
    truth = "2024-04-25T23:30:00-05:00"
    assert metrics.same_day(datetime(2024, 4, 25, 23, 30, tzinfo=timezone(timedelta(hours=-5))), truth)
    assert metrics.same_day(date(2024, 4, 25), truth)                             # a date-only value: by day
    assert metrics.same_day(datetime(2024, 4, 25, 8, 0), truth)                   # naive: as written
    assert not metrics.same_day(datetime(2024, 4, 26, 4, 30, tzinfo=timezone.utc), truth)  # same instant, UTC day
    assert metrics.same_day(datetime(2024, 4, 26, 4, 30, tzinfo=timezone.utc), "2024-04-26T04:30:00+00:00")
    assert metrics.same_day(datetime(2024, 1, 2, 0, 5, tzinfo=timezone(timedelta(hours=9))), "2024-01-02")
    assert metrics.same_day("2024-04-25", truth)
    assert metrics.same_day(None, truth) is False
    assert metrics.same_day(date(2024, 4, 25), None) is None                      # no truth date: not counted
    assert metrics.day_difference(date(2024, 4, 26), truth) == 1


# -- baselines ----------------------------------------------------------------------------------------

def test_long_lines_baseline_keeps_lines_of_fifteen_words():
    fifteen = " ".join(f"w{i}" for i in range(15))
    fourteen = " ".join(f"w{i}" for i in range(14))
    dump = f"Menu\n{fourteen}\n{fifteen}\n"
    assert metrics.long_lines(dump) == fifteen
    assert metrics.whole_dump(dump) == dump


def test_long_lines_baseline_counts_cjk_characters_as_half_words():
    assert metrics.line_words("東" * 30) == 15 and metrics.line_words("東" * 29) == 14.5
    assert metrics.line_words("한국어 뉴스 기사") == 3
    assert metrics.line_words("Apple の 新しい iPhone") == 2 + 4 / 2   # 4 kana/kanji: 2 words
    dump = "東" * 29 + "\n" + "京" * 30
    assert metrics.long_lines(dump) == "京" * 30


# -- running the extractor ----------------------------------------------------------------------------

def _extracted(title="A headline", published=date(2024, 1, 1), text="One two three four.", **more):
    return Extracted(title=title, blocks=(Block("paragraph", text),), published=published, **more)


def test_pages_go_through_the_ingest_entry_point(monkeypatch):
    seen = []

    def fake(raw, fallbacks=None, *, mtime=None, site_lines=None):
        seen.append(raw)
        return _extracted()

    monkeypatch.setattr(pipeline, "extract_page", fake)
    extracted, refused, crashed, ms, cpu_ms = evaluation_ingest.run_ingest(page(), "text")
    assert extracted is not None and refused is None and not crashed and ms >= 0 and cpu_ms >= 0
    evaluation_ingest.run_ingest(page(url=None), "html")
    text, html = seen
    assert (text.kind, text.text, text.url, text.source) == ("text", page().dump, "https://example.org/a", "")
    assert (html.kind, html.text, html.url) == ("html", page().html, "")


def test_a_page_without_a_date_is_measured_with_the_fallback_and_its_date_counts_wrong():
    dateless = page("n", dump="Harbour ferry resumes\n\n" + "The ferry between the two islands runs again after "
                    "the storm, the operator said on its website, with extra crossings for stranded travellers. " * 3,
                    published="2024-03-05")
    extracted, refused, crashed, _, _ = evaluation_ingest.run_ingest(dateless, "text")
    assert refused is None and not crashed
    assert extracted.published == evaluation_ingest.STAND_IN_SAVED_DAY
    assert extracted.date_inferred_from == pipeline.FROM_MTIME
    rows = evaluation_ingest.measure_ingest([dateless], "text", {"n": metrics.tokens(dateless.body)})
    assert rows[0].date_same_day is False and rows[0].date_inferred_from == pipeline.FROM_MTIME


def test_refusals_and_crashes_score_zero_and_are_counted(monkeypatch):
    def fake(raw, fallbacks=None, *, mtime=None, site_lines=None):
        if "refuse" in raw.text:
            raise IngestError("no publication date found")
        if "crash" in raw.text:
            raise RuntimeError("boom")
        return _extracted(published=datetime(2024, 1, 1, 9, 0), date_inferred_from="fetched_at of the record")

    monkeypatch.setattr(pipeline, "extract_page", fake)
    pages = [page("a", dump="fine"), page("b", dump="refuse"), page("c", dump="crash"), page("d", published=None)]
    truths = {p.id: metrics.tokens(p.body) for p in pages}
    rows = evaluation_ingest.measure_ingest(pages, "text", truths)
    by_id = {row.id: row for row in rows}
    assert by_id["a"].f1 == 1.0 and by_id["a"].title_right and by_id["a"].date_same_day
    assert by_id["b"].refused == "no publication date found" and by_id["b"].f1 == 0 and not by_id["b"].crashed
    assert by_id["c"].crashed and "RuntimeError: boom" in by_id["c"].refused and by_id["c"].recall == 0
    assert by_id["d"].date_same_day is None
    summary = evaluation_ingest.summarise("ingest_text", rows)
    assert summary["refused"] == 2 and summary["crashed"] == 1 and summary["refused_share"] == 0.5
    assert summary["title_right"] == 0.5 and summary["date_pages"] == 3
    assert summary["date_same_day"] == pytest.approx(1 / 3) and summary["date_fallbacks"] == 2
    assert summary["body_f1_median"] == 0.5 and summary["share_f1_below_0_8"] == 0.5
    assert "RuntimeError: boom" in evaluation_ingest.why(json.loads(json.dumps(vars(by_id["c"]))))


def test_pages_whose_truth_has_no_title_count_for_the_body_only(monkeypatch):
    monkeypatch.setattr(pipeline, "extract_page", lambda raw, fallbacks=None, *, mtime=None, site_lines=None:
                        _extracted())
    pages = [page("a"), page("b", title="Another headline"), page("c", title=None, published=None)]
    rows = evaluation_ingest.measure_ingest(pages, "text", {p.id: metrics.tokens(p.body) for p in pages})
    assert [row.title_right for row in rows] == [True, False, None]
    summary = evaluation_ingest.summarise("ingest_text", rows)
    assert summary["title_pages"] == 2 and summary["title_right"] == 0.5 and summary["title_right_count"] == 1
    assert summary["pages"] == 3 and summary["body_f1_mean"] == 1.0


def test_what_the_dump_shows_bounds_the_title_and_date_figures(monkeypatch):
    shown = page("a", dump="Menu\nA headline\nMarch 5, 2024\nOne two three four.\n", published="2024-03-05")
    hidden = page("b", dump="Menu\nA headline | Site\nOne two three four.\n", published="2024-03-05T09:00:00Z")
    assert metrics.title_in_dump("A “headline”", "x\n A \"headline\"  \n") and not metrics.title_in_dump("A", "A b")
    assert metrics.date_in_dump("2024-03-05", "Posted 05.03.2024", "de")
    assert metrics.date_in_dump("2024-03-05", "03/05/2024", "en") and metrics.date_in_dump("2024-05-03", "03/05/2024", "en")
    assert not metrics.date_in_dump("2024-03-05", "3 hours ago", "en")
    monkeypatch.setattr(pipeline, "extract_page", lambda raw, fallbacks=None, *, mtime=None, site_lines=None:
                        _extracted(published=date(2024, 3, 5) if "March" in raw.text else date(1999, 12, 31)))
    pages = [shown, hidden, page("c", title=None, published=None)]
    rows = evaluation_ingest.measure_ingest(pages, "text", {p.id: metrics.tokens(p.body) for p in pages})
    assert [(row.title_in_dump, row.date_in_dump) for row in rows] == [(True, True), (False, False), (None, None)]
    summary = evaluation_ingest.summarise("ingest_text", rows)
    assert (summary["title_in_dump"], summary["title_right_in_dump"], summary["title_pages"]) == (1, 1, 2)
    assert (summary["date_in_dump"], summary["date_right_in_dump"], summary["date_pages"]) == (1, 1, 2)
    html_rows = evaluation_ingest.measure_ingest(pages, "html", {p.id: metrics.tokens(p.body) for p in pages})
    assert evaluation_ingest.summarise("ingest_html", html_rows)["title_in_dump"] is None


def test_only_the_one_run_row_reads_pages_with_the_lines_their_site_prints_on_other_pages(monkeypatch):
    seen = {}

    def fake(raw, fallbacks=None, *, mtime=None, site_lines=None):
        seen.setdefault(raw.label, []).append(bool(site_lines) and line_key("example.org", "Menu") in site_lines)
        return _extracted()

    pages = [page("a", url="https://example.org/a"), page("b", url="https://example.org/b")]
    monkeypatch.setattr(evaluation_ingest, "load_pages", lambda split: pages)
    monkeypatch.setattr(pipeline, "extract_page", fake)
    evaluation_ingest.evaluate("train", only="text")
    # Per page: with its URL, without it, read as one run (after the warm-up page's call), run into one line.
    assert seen["b"] == [False, False, True, False]


def test_pages_hidden_from_the_dump_are_left_out_of_text_rows_only(monkeypatch):
    pages = [page("a"), page("b", truth_in_dump=0.3), page("c", language="ja", body="東京", dump="東京\n")]
    monkeypatch.setattr(evaluation_ingest, "load_pages", lambda split: pages)
    monkeypatch.setattr(pipeline, "extract_page", lambda raw, fallbacks=None, *, mtime=None, site_lines=None:
                        _extracted())
    result = evaluation_ingest.evaluate("train")
    methods = result["methods"]
    assert [e["id"] for e in result["excluded_from_text"]] == ["b"]
    assert [methods[m]["pages"] for m in evaluation_ingest.METHODS] == [2, 2, 2, 2, 2, 2, 3, 3]
    assert methods["whole_dump"]["body_recall_mean"] == 1.0 and methods["whole_dump"]["title_right"] is None
    assert result["by_language"]["ja"]["ingest_text"] == {"pages": 1, "body_f1_mean": 0.0}
    report = evaluation_ingest.format_report(result, show_worst=2)
    assert "| keep every line of 15+ words | 2 |" in report and "Left out: b (0.30)" in report
    assert "Worst 2 pages, ingest, text dumps" in report
    assert "the truth title is a line of the dump on 0/2 pages (0.0%; right on 0 of them)" in report
    readme = evaluation_ingest.format_readme(result)
    assert "| body F1 by language (pages) | en (2) | ja (1) |" in readme and "crashed" not in readme


# -- the command on the real corpus -------------------------------------------------------------------

@pytest.mark.skipif(not (CORPUS_DIR / PAGES_FILE).exists(),
                    reason=f"{CORPUS_DIR / PAGES_FILE} is missing (build it with python -m evaluation.build_corpus)")
def test_command_smoke_run_on_five_train_pages(tmp_path, capsys):
    out = tmp_path / "figures.json"
    status = evaluation_ingest.main(["--split", "train", "--limit", "5", "--json", str(out), "--show-worst", "2"])
    assert status == 0
    printed = capsys.readouterr().out
    assert "| method | pages | body F1 mean |" in printed and "| language |" in printed and "Worst" in printed
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["split"] == "train" and result["pages"] == 5 and result["limit"] == 5
    assert set(result["methods"]) == set(evaluation_ingest.METHODS)
    text_pages = 5 - len(result["excluded_from_text"])
    assert [result["methods"][m]["pages"] for m in evaluation_ingest.METHODS] == [text_pages] * 6 + [5, 5]
    for method, figures in result["methods"].items():
        for key in evaluation_ingest.FRACTIONS:
            value = figures[key]
            assert value is None or 0.0 <= value <= 1.0, (method, key, value)
        assert figures["ms_per_page"] >= 0 and figures["cpu_ms_per_page"] >= 0
        assert 0 <= figures["refused"] <= figures["pages"]
    assert len(result["rows"]) == 6 * text_pages + 2 * 5
    for row in result["rows"]:
        assert 0.0 <= row["precision"] <= 1.0 and 0.0 <= row["recall"] <= 1.0 and 0.0 <= row["f1"] <= 1.0
        assert row["method"] in evaluation_ingest.METHODS
        assert row["id"].startswith(("fundus/", "readability/", "article-extraction-benchmark/"))
    for cells in result["by_language"].values():
        assert all(0.0 <= cell["body_f1_mean"] <= 1.0 for cell in cells.values())


# -- the corpus's sources and split ---------------------------------------------------------------------------

def test_article_benchmark_pages_are_read_with_their_body_and_no_title(tmp_path):
    from evaluation.corpus_sources import read_article_benchmark
    page_id = "ab" * 32
    (tmp_path / "html").mkdir()
    html = ('<html lang="pt-BR"><head><meta charset="utf-8"><title>Chuva forte - Jornal</title></head>'
            "<body><h1>Chuva forte</h1><p>Primeiro parágrafo.</p><p>Segundo   parágrafo.</p></body></html>")
    (tmp_path / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(html.encode("utf-8")))
    (tmp_path / "ground-truth.json").write_text(json.dumps({page_id: {
        "articleBody": "Primeiro parágrafo.\n\nSegundo   parágrafo.\n", "url": "https://www.jornal.com.br/a/1"}}))
    (source,) = read_article_benchmark(tmp_path)
    assert source.id == "article-extraction-benchmark/" + page_id[:16]
    assert (source.corpus, source.publisher, source.group_ids) == (
        "article-extraction-benchmark", "jornal", ("site:jornal",))
    assert source.title is None and source.published is None and source.authors == ()
    assert source.body == "Primeiro parágrafo.\n\nSegundo parágrafo."
    assert source.declared_language == "pt" and "Chuva forte" in source.html


@pytest.mark.skipif(not (CORPUS_DIR / PAGES_FILE).exists(), reason=f"{CORPUS_DIR / PAGES_FILE} is missing")
def test_the_corpus_split_is_the_hash_of_each_publisher_group():
    from evaluation.build_corpus import TEST_SHARE, _stable_fraction
    from evaluation.corpus import load_pages
    pages = load_pages()
    assert {p.corpus for p in pages} == {"fundus", "readability", "article-extraction-benchmark"}
    for p in pages:
        assert p.split == ("test" if _stable_fraction(p.publisher_group) < TEST_SHARE else "train"), p.id
    sides = {}
    for p in pages:
        assert sides.setdefault(p.publisher_group, p.split) == p.split, p.publisher_group
    assert all(p.title for p in pages if p.corpus != "article-extraction-benchmark")


def test_the_attribution_figures_of_the_held_back_split_come_without_its_pages(capsys):
    from evaluation import attribution
    with pytest.raises(SystemExit):
        attribution.main(["--split", "test", "--show-misses"])
    assert "held back" in capsys.readouterr().err
