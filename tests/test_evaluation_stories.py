"""The story-clustering evaluation: its scores on hand-checked clusterings, and a run on the labelled headlines."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation import stories as evaluation_stories
from evaluation.stories import score

LABELLED = Path(__file__).resolve().parents[2] / "shared" / "labelled" / "headline-stories.csv"


def test_perfect_clustering_scores_one():
    truth = {"a": "x", "b": "x", "c": "y"}
    s = score({"a": "1", "b": "1", "c": "2"}, truth)
    assert (s.bcubed_precision, s.bcubed_recall, s.bcubed_f1) == (1.0, 1.0, 1.0)
    assert (s.pair_precision, s.pair_recall, s.pair_f1) == (1.0, 1.0, 1.0)


def test_all_singletons_have_full_precision_and_low_recall():
    truth = {"a": "x", "b": "x", "c": "x", "d": "y"}
    s = score({k: k for k in truth}, truth)
    assert s.bcubed_precision == 1.0
    assert s.bcubed_recall == pytest.approx((1 / 3 * 3 + 1) / 4)
    assert s.pair_recall == 0.0 and s.pair_f1 == 0.0


def test_one_big_cluster_has_full_recall_and_low_precision():
    truth = {"a": "x", "b": "x", "c": "y", "d": "y"}
    s = score({k: "all" for k in truth}, truth)
    assert s.bcubed_recall == 1.0 and s.bcubed_precision == 0.5
    assert s.pair_precision == pytest.approx(2 / 6) and s.pair_recall == 1.0


def test_story_split_is_stable_and_uses_both_halves():
    ids = [f"story-{n}" for n in range(200)]
    halves = [evaluation_stories.story_split(i) for i in ids]
    assert halves == [evaluation_stories.story_split(i) for i in ids]
    assert 60 < halves.count("dev") < 140


@pytest.mark.skipif(not LABELLED.is_file(), reason=f"{LABELLED} is absent (the shared labelled data)")
def test_command_runs_on_the_labelled_headlines(capsys):
    assert evaluation_stories.main(["--data", str(LABELLED), "--split", "held"]) == 0
    out = capsys.readouterr().out
    assert "| threshold | B-cubed P |" in out and "(default)" in out
    headlines = evaluation_stories.load_headlines(LABELLED, "all")
    assert len(headlines) == 2989 and len({h.story for h in headlines}) == 44


@pytest.mark.skipif(not LABELLED.is_file(), reason=f"{LABELLED} is absent (the shared labelled data)")
def test_same_time_measures_the_text_alone(capsys):
    headlines = evaluation_stories.load_headlines(LABELLED, "held")
    articles = [evaluation_stories.as_article(h, same_time=True) for h in headlines[:50]]
    assert len({a.date for a in articles}) == 1
    assert evaluation_stories.main(["--data", str(LABELLED), "--split", "held", "--same-time"]) == 0
    assert "All at one time (text only)." in capsys.readouterr().out


@pytest.mark.skipif(not LABELLED.is_file(), reason=f"{LABELLED} is absent (the shared labelled data)")
def test_default_settings_meet_the_quality_bar_on_all_labelled_events():
    # All 44 events at once, as a real site would hold them: neighbouring events of one subject in the same
    # days are what pulls pairwise precision down, so this is the harder measure (docs/stories.md).
    result = evaluation_stories.run(evaluation_stories.load_headlines(LABELLED, "all"))
    assert result.scores.bcubed_f1 >= 0.80
    assert result.scores.pair_precision >= 0.90


@pytest.mark.skipif(not LABELLED.is_file(), reason=f"{LABELLED} is absent (the shared labelled data)")
def test_a_threshold_given_applies_to_headlines_alone_too():
    from newsdigest.stories import cluster_stories
    headlines = evaluation_stories.load_headlines(LABELLED, "held")
    articles = [evaluation_stories.as_article(h, same_time=False) for h in headlines]
    default = evaluation_stories.run(headlines)
    assert default.threshold == pytest.approx(0.12)         # headlines alone: HEADLINE_SCALE of 0.15
    assert default.stories == len(cluster_stories(articles))
    stricter = evaluation_stories.run(headlines, threshold=0.15)
    assert stricter.threshold == 0.15
    assert stricter.stories == len(cluster_stories(articles, threshold=0.15, headline_threshold=0.15))
    assert stricter.stories > default.stories


def test_the_committed_events_are_disjoint_from_the_shared_ones():
    more = evaluation_stories.load_headlines(evaluation_stories.MORE_DATA, "all")
    assert len(more) == 3377 and len({h.story for h in more}) == 43
    assert all(h.title and h.publisher and h.published.year == 2014 for h in more)
    if LABELLED.is_file():
        shared = evaluation_stories.load_headlines(LABELLED, "all")
        assert not {h.story for h in more} & {h.story for h in shared}
        assert not {h.id for h in more} & {h.id for h in shared}


def test_default_settings_meet_the_quality_bar_on_events_never_tuned_on(capsys):
    # The threshold and time decay were chosen on the shared set's `dev` half; these 43 events were added
    # after, and only measured.
    assert evaluation_stories.main(["--set", "more"]) == 0
    out = capsys.readouterr().out
    assert "Set `more`, split `all`: 3377 headlines, 43 labelled stories" in out
    result = evaluation_stories.run(evaluation_stories.load_headlines(evaluation_stories.MORE_DATA, "all"))
    assert result.scores.bcubed_f1 >= 0.80
    assert result.scores.pair_precision >= 0.90


@pytest.mark.skipif(not LABELLED.is_file(), reason=f"{LABELLED} is absent (the shared labelled data)")
def test_the_stream_set_clusters_both_sets_at_once(capsys):
    # 87 events of the same days side by side: B-cubed F1 holds the bar; pairwise precision, below 0.90 there, is
    # what such density costs (docs/stories.md).
    assert evaluation_stories.main(["--set", "stream"]) == 0
    assert "Set `stream`, split `all`: 6366 headlines, 87 labelled stories" in capsys.readouterr().out
    headlines = [h for path in evaluation_stories.SETS["stream"] for h in evaluation_stories.load_headlines(path)]
    assert evaluation_stories.run(headlines).scores.bcubed_f1 >= 0.80


def test_the_rebuild_script_leaves_out_shared_stories_and_cut_rows(tmp_path):
    from evaluation import build_headlines
    source, shared, out = tmp_path / "uci.csv", tmp_path / "shared.csv", tmp_path / "more.csv.xz"
    header = ",".join(build_headlines.COLUMNS)
    source.write_text(header + "\n"
                      "1,Fed holds rates,http://a.example/1,A,b,s1,a.example,1394470370698\n"
                      "2,Fed keeps rates steady,http://b.example/2,B,b,s2,b.example,1394470371207\n"
                      "3,Fed rates unchanged,http://c.example/3,C,b,s2,c.example,1394470371550\n"
                      "4,Cut short,http://d.example/4,D,b,s2\n", encoding="utf-8")
    shared.write_text(header + "\n1,Fed holds rates,http://a.example/1,A,b,s1,a.example,1394470370698\n",
                      encoding="utf-8")
    assert build_headlines.main([str(source), "--shared", str(shared), "--out", str(out)]) == 0
    first = out.read_bytes()
    assert [h.id for h in evaluation_stories.load_headlines(out, "all")] == ["2", "3"]
    assert build_headlines.main([str(source), "--shared", str(shared), "--out", str(out)]) == 0
    assert out.read_bytes() == first


def test_the_uci_files_own_format_reads_as_the_csv_does_and_unusable_rows_are_named(tmp_path, capsys):
    rows = [("1", "Fed holds rates", "http://a.example/1", "A", "b", "s1", "a.example", "1394470370698"),
            ("2", "Fed keeps rates steady", "http://b.example/2", "", "b", "s1", "b.example", "1394470371207"),
            ("3", "Spreadsheet time", "http://c.example/3", "C", "b", "s2", "c.example", "1.39E+12")]
    tabbed, with_header = tmp_path / "newsCorpora.csv", tmp_path / "labelled.csv"
    tabbed.write_text("".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    with_header.write_text(",".join(evaluation_stories.UCI_COLUMNS) + "\n"
                           + "".join(",".join(row) + "\n" for row in rows), encoding="utf-8")
    read = evaluation_stories.load_headlines(tabbed)
    assert read == evaluation_stories.load_headlines(with_header)
    assert [(h.id, h.publisher, h.story) for h in read] == [("1", "A", "s1"), ("2", "b.example", "s1")]
    assert "1 row(s)" in capsys.readouterr().err
    other = tmp_path / "other.csv"
    other.write_text("id,headline\n1,Fed holds rates\n", encoding="utf-8")
    assert evaluation_stories.main(["--data", str(other)]) == 2
    assert "newsCorpora.csv" in capsys.readouterr().err


def test_labelled_data_of_another_shape_reads_too(tmp_path, capsys):
    """Any case in the header, no ID or PUBLISHER, ISO 8601 times or days, a BODY or TEXT column, spaces around
    values: all read; --data measures all of a file's stories unless --split says otherwise."""
    from datetime import datetime, timezone
    text = ("title,Story,timestamp,url,body,HOSTNAME\n"
            "Quake shakes port city, q ,2019-03-09T10:00:00+02:00,https://one.example/a,Buildings fell.,\n"
            "Port city quake damages old town,q,2019-03-09T11:30:00,https://two.example/b,,host.example\n"
            "Council passes bridge budget,b,20190602,http://[bad,\"Two lines\nof text\",\n"
            "No time here,b,,https://three.example/c,,\n"
            "Far future,b,99999999999999999999,https://three.example/c,,\n"
            "Spreadsheet time,b,1.39E+12,https://three.example/c,,\n")
    labelled = tmp_path / "labelled.csv"
    labelled.write_text(text, encoding="utf-8")
    first, second, third = evaluation_stories.load_headlines(labelled)
    assert "3 row(s) without a story, a title or a readable time left out (line 6, 7, 8)" in capsys.readouterr().err
    assert (first.id, first.story, first.publisher, first.body) == ("line 2", "q", "one.example", "Buildings fell.")
    assert first.published == datetime(2019, 3, 9, 8, tzinfo=timezone.utc) and not first.day_only
    assert second.published == datetime(2019, 3, 9, 11, 30, tzinfo=timezone.utc)   # no offset: UTC
    assert second.publisher == "host.example" and second.body == ""
    assert third.id == "line 4" and third.day_only and third.published == datetime(2019, 6, 2, tzinfo=timezone.utc)
    assert third.publisher == "" and third.body == "Two lines\nof text"
    assert evaluation_stories.main(["--data", str(labelled)]) == 0
    assert "Set `labelled.csv`, split `all`: 3 headlines, 2 labelled stories" in capsys.readouterr().out
    assert evaluation_stories.main(["--data", str(labelled), "--split", "held"]) == 2     # "q" and "b" are `dev`
    assert "no usable labelled headline in split `held`" in capsys.readouterr().err
    texts = tmp_path / "texts.csv"
    texts.write_text("ID,TITLE,STORY,TIMESTAMP,TEXT\nx/1,Quake,q,2019-03-09,Buildings fell.\n", encoding="utf-8")
    (quake,) = evaluation_stories.load_headlines(texts)
    assert (quake.id, quake.body) == ("x/1", "Buildings fell.")
    (tmp_path / "none.csv").write_text("title,story,timestamp\nA,s,soon\n", encoding="utf-8")
    assert evaluation_stories.main(["--data", str(tmp_path / "none.csv")]) == 2
    assert "no usable labelled headline" in capsys.readouterr().err
    twice = tmp_path / "twice.csv"
    twice.write_text("ID,TITLE,STORY,TIMESTAMP\n7,A,s,2019-03-09\n7,B,s,2019-03-09\n", encoding="utf-8")
    assert evaluation_stories.main(["--data", str(twice)]) == 2
    assert "line 3: ID 7 is given twice (first on line 2)" in capsys.readouterr().err


def test_ids_shaped_like_paths_are_scored_as_themselves():
    from datetime import datetime, timezone
    when = datetime(2019, 3, 9, 10, tzinfo=timezone.utc)
    headlines = [evaluation_stories.Headline(f"x/{n}", title, outlet, "q", when)
                 for n, (title, outlet) in enumerate([("Magnitude 6 quake shakes Valparaiso port", "A"),
                                                      ("Valparaiso port shaken by magnitude 6 quake", "B"),
                                                      ("Quake of magnitude 6 hits Valparaiso port", "C")])]
    result = evaluation_stories.run(headlines)
    assert result.stories == 1 and result.scores.pair_f1 == 1.0


def _basil_record(event: str, number: int, source: str, day: str, title: str, body: list[str]) -> dict:
    return {"title": title, "date": day, "source": source, "triplet-uuid": event,
            "url": f"https://{source}.test/{number}", "main-event": title,
            "body-paragraphs": [[paragraph] for paragraph in body]}


def _write_basil_checkout(root: Path) -> None:
    """Two events told by three outlets each, in BASIL's layout (articles/<year>/<event>_<n>.json)."""
    import json
    quake = ["A magnitude 6.1 earthquake shook the Valparaiso region, damaging buildings in the old port.",
             "Power was cut to thousands of homes in Valparaiso after the earthquake, officials said.",
             "Rescue teams searched collapsed houses on the hillsides while aftershocks rattled the coast."]
    budget = ["The city council of Tromso approved its budget for the new harbour bridge after a long debate.",
              "Tromso council members said the harbour bridge budget would be reviewed again next spring.",
              "Opposition members wanted the money spent on schools, ferries and roads in the northern districts."]
    for event, words, day in (("e-quake", quake, "2019-03-09"), ("e-budget", budget, "2019-06-02")):
        for number, source in enumerate(("ledger", "WIRE", "herald"), start=1):
            path = root / "articles" / day[:4] / f"{event}_{number}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            title = f"{words[0].split(',')[0]} ({source})"
            path.write_text(json.dumps(_basil_record(event, number, source, day, title, words[number % 2:])),
                            encoding="utf-8")


def test_full_text_reports_load_from_a_checkout_and_a_git_mirror(tmp_path, capsys):
    import shutil
    import subprocess
    from evaluation.fulltext_stories import load_basil
    checkout = tmp_path / "basil"
    _write_basil_checkout(checkout)
    reports = load_basil(checkout)
    assert len(reports) == 6 and {r["publisher"] for r in reports} == {"ledger", "wire", "herald"}
    quake = next(r for r in reports if r["id"] == "e-quake_2")
    assert quake["story"] == "e-quake" and "Power was cut" in quake["body"]
    assert quake["day_only"] and quake["published"].hour == 0
    if shutil.which("git"):
        def git(*args: str) -> None:
            subprocess.run(["git", *args], cwd=checkout, check=True, capture_output=True)
        git("init", "-q")
        git("add", "-A")
        git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "data")
        assert load_basil(checkout / ".git") == reports
    assert evaluation_stories.main(["--set", "basil", "--source", str(checkout)]) == 0
    out = capsys.readouterr().out
    assert "Full text. Set `basil`" in out and "Headlines alone." in out
    full_text, headlines = out.split("Headlines alone.")
    # Both events found, nothing mixed; full texts at their threshold, headlines alone at theirs (HEADLINE_SCALE).
    assert "| 0.15 (default) | 1.000 | 1.000 | **1.000** |" in full_text
    assert "| 0.12 (default) | 1.000 | 1.000 | **1.000** |" in headlines
    (tmp_path / "empty").mkdir()
    assert evaluation_stories.main(["--set", "basil", "--source", str(tmp_path / "empty")]) == 2
    assert "no BASIL articles" in capsys.readouterr().err
    assert evaluation_stories.main(["--set", "basil"]) == 2
    assert "--source" in capsys.readouterr().err
