"""An input an earlier ingest wrote an article from is passed over unread: an inbox ingested every day brings back
every page of the days before, and each was extracted again (about 18 ms a feed item, 30-250 ms a page) only to be
skipped as already ingested."""

from __future__ import annotations

import argparse
import json
import pickle

import pytest

from newsdigest.ingest import add_arguments, ingest_file, pipeline, run
from newsdigest.ingest.ledger import LEDGER_NAME, IngestLedger, SeenInputs
from tests.ingest.conftest import FERRY_HEADLINE, FERRY_PARAGRAPHS

SECOND_HEADLINE = "Council votes to keep the old market hall open through the winter"
SECOND_PARAGRAPHS = [
    "The town council voted on Monday to keep the old market hall open through the winter, reversing a plan to close "
    "it in November while the roof is repaired, after traders said they could not move their stalls at short notice.",
    "Repairs will now be done in sections so that two thirds of the hall stays open at any time, the council said, "
    "and the work is expected to take until the end of March.",
]


def _record(headline: str, paragraphs: list[str], slug: str) -> str:
    return json.dumps({"url": f"https://news.example/{slug}", "title": headline, "text": "\n\n".join(paragraphs),
                       "date_publish": "2026-03-02T08:00:00Z", "source": "Example News"}) + "\n"


@pytest.fixture
def extractions(monkeypatch) -> list[str]:
    """The labels of the pages extracted in this process."""
    seen: list[str] = []
    extract = pipeline.extract

    def counting(page, *args, **kwargs):
        seen.append(page.label)
        return extract(page, *args, **kwargs)

    monkeypatch.setattr(pipeline, "extract", counting)
    return seen


def test_a_record_ingested_before_is_not_read_again(config, content_dir, tmp_path, extractions):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(_record(FERRY_HEADLINE, FERRY_PARAGRAPHS, "ferry"), encoding="utf-8")
    [written] = ingest_file(feed, config, out_dir=content_dir).written
    assert extractions == ["feed.jsonl:1"]
    # the scraper appends today's record: only that one is read
    with feed.open("a", encoding="utf-8") as lines:
        lines.write(_record(SECOND_HEADLINE, SECOND_PARAGRAPHS, "market"))
    report = ingest_file(feed, config, out_dir=content_dir)
    assert extractions == ["feed.jsonl:1", "feed.jsonl:2"]
    [skipped] = report.skipped
    assert (skipped.label, skipped.path) == ("feed.jsonl:1", written.path)
    assert skipped.message == f"already ingested as {written.path}"
    assert len(report.written) == 1


def test_force_reads_an_input_ingested_before(config, content_dir, tmp_path, extractions):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(_record(FERRY_HEADLINE, FERRY_PARAGRAPHS, "ferry"), encoding="utf-8")
    ingest_file(feed, config, out_dir=content_dir)
    [rewritten] = ingest_file(feed, config, out_dir=content_dir, force=True).written
    assert extractions == ["feed.jsonl:1", "feed.jsonl:1"] and rewritten.path.exists()


def test_an_input_passed_over_says_what_became_of_its_article(config, content_dir, tmp_path, extractions):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(_record(FERRY_HEADLINE, FERRY_PARAGRAPHS, "ferry"), encoding="utf-8")
    [written] = ingest_file(feed, config, out_dir=content_dir).written
    text = written.path.read_text(encoding="utf-8")
    written.path.write_text(text + "\nAn editor's note.\n", encoding="utf-8")
    [noted] = ingest_file(feed, config, out_dir=content_dir).skipped
    assert noted.message == f"already ingested as {written.path}"   # (the text ingest wrote is there: its hash says so)
    written.path.write_text(text.replace("ingest_hash: ", "ingest_hash: edited-") + "\nAn editor's note.\n",
                            encoding="utf-8")
    [edited] = ingest_file(feed, config, out_dir=content_dir).skipped
    assert edited.message.startswith(f"{written.path} exists and was edited since ingest wrote it")
    assert "An editor's note." in written.path.read_text(encoding="utf-8")
    written.path.unlink()
    [deleted] = ingest_file(feed, config, out_dir=content_dir).skipped
    assert deleted.message.endswith("since deleted; --force writes it again") and deleted.path is None
    assert extractions == ["feed.jsonl:1"] and not list(content_dir.rglob("*.md"))


def test_the_command_passes_over_the_inputs_of_earlier_runs(config, content_dir, tmp_path, extractions, capsys):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ferry.jsonl").write_text(_record(FERRY_HEADLINE, FERRY_PARAGRAPHS, "ferry"), encoding="utf-8")
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args([str(inbox), "--out", str(content_dir), "--jobs", "1"])
    assert run(args, config) == 0
    (inbox / "market.jsonl").write_text(_record(SECOND_HEADLINE, SECOND_PARAGRAPHS, "market"), encoding="utf-8")
    assert run(args, config) == 0
    assert extractions == ["ferry.jsonl:1", "market.jsonl:1"]
    assert "1 written, 1 skipped, 0 failed." in capsys.readouterr().out
    assert len(list(content_dir.rglob("*.md"))) == 2


def test_seen_inputs_hold_the_ledgers_page_digests_and_nothing_else(tmp_path):
    ledger = IngestLedger(tmp_path)
    digests = ["0123456789abcdef0123", "fedcba98765432100000", "ffffffffffffffffffff"]
    for at, digest in enumerate(digests):
        ledger.record(f"hash{at}", "Example News", tmp_path / f"a{at}.md", page=digest)
    ledger.record("hash9", "Example News", tmp_path / "b.md")   # (an older ledger line: no page digest)
    with (tmp_path / LEDGER_NAME).open("ab") as lines:
        lines.write(b'[1, 2]\n{"page": 7}\n{"hash": "x", "pa\xff\n{"page": "0000000000000000')   # (torn, hand-edited)
    seen = SeenInputs.in_folder(tmp_path)
    assert len(seen) == 3 and all(digest in seen for digest in digests)
    assert seen == SeenInputs.of(IngestLedger.load(tmp_path).by_page)
    assert "0123456789abcdee0123" not in seen and "" not in seen and None not in seen
    # what a hand edit may leave in the ledger is no digest, and matches none ("+", "_" and spaces read as hex by int)
    assert len(SeenInputs.of(["+123456789abcdef0123", "0123_56789abcdef0123", "short", "-fffffffffffffff"])) == 0
    assert pickle.loads(pickle.dumps(seen)) == seen   # (it travels with every file given to a worker)
    assert SeenInputs().keys.itemsize == 8 and "0123456789abcdef0123" not in SeenInputs()


def _labels(report) -> list[str]:
    return [outcome.label for outcome in report.outcomes]


def test_an_unread_page_keeps_its_place_among_the_files_pages(config, content_dir, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(_record(FERRY_HEADLINE, FERRY_PARAGRAPHS, "ferry") + "not json\n", encoding="utf-8")
    ingest_file(feed, config, out_dir=content_dir)
    feed.write_text(_record(SECOND_HEADLINE, SECOND_PARAGRAPHS, "market") + "not json\n"
                    + _record(FERRY_HEADLINE, FERRY_PARAGRAPHS, "ferry"), encoding="utf-8")
    report = ingest_file(feed, config, out_dir=content_dir)
    assert _labels(report) == ["feed.jsonl:1", "feed.jsonl:2", "feed.jsonl:3"]
    assert [o.status for o in report.outcomes] == ["written", "failed", "skipped"]


def test_a_run_without_a_content_folder_yet_reads_every_page(config, tmp_path, extractions):
    out = tmp_path / "new-content"
    feed = tmp_path / "feed.jsonl"
    feed.write_text(_record(FERRY_HEADLINE, FERRY_PARAGRAPHS, "ferry"), encoding="utf-8")
    assert len(ingest_file(feed, config, out_dir=out).written) == 1 and extractions == ["feed.jsonl:1"]


def test_an_article_moved_or_saved_with_other_line_ends_is_still_already_ingested(config, content_dir, tmp_path,
                                                                                   extractions):
    """The input's article is looked up by its text (`ingest_hash`), wherever it is now, as the store does."""
    feed = tmp_path / "feed.jsonl"
    feed.write_text(_record(FERRY_HEADLINE, FERRY_PARAGRAPHS, "ferry"), encoding="utf-8")
    [written] = ingest_file(feed, config, out_dir=content_dir).written
    moved = written.path.with_name("ferry-moved.md")
    moved.write_bytes(written.path.read_bytes().replace(b"\n", b"\r\n"))   # (as git's autocrlf checks it out)
    written.path.unlink()
    [skipped] = ingest_file(feed, config, out_dir=content_dir).skipped
    assert skipped.message == f"already ingested as {moved}" and skipped.path == moved
    assert extractions == ["feed.jsonl:1"]


def test_an_article_deleted_and_its_name_taken_by_another_page_is_said_to_be_deleted(config, content_dir, tmp_path,
                                                                                      extractions):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(_record(FERRY_HEADLINE, FERRY_PARAGRAPHS, "ferry"), encoding="utf-8")
    [written] = ingest_file(feed, config, out_dir=content_dir).written
    written.path.unlink()
    other = tmp_path / "other.jsonl"   # another outlet's report under the same headline takes the file name
    other.write_text(_record(FERRY_HEADLINE, SECOND_PARAGRAPHS, "other").replace("Example News", "Other Post"),
                     encoding="utf-8")
    [taken] = ingest_file(other, config, out_dir=content_dir).written
    assert taken.path == written.path
    [skipped] = ingest_file(feed, config, out_dir=content_dir).skipped
    assert skipped.message == f"ingested before as {written.path}, since deleted; --force writes it again"
    assert len(list(content_dir.rglob("*.md"))) == 1


def test_a_ledger_line_that_names_no_article_passes_no_page_over(config, content_dir, tmp_path, extractions):
    """A line the ledger itself would not read (no article file named, a digest cut short) must not make a page be
    passed over with no article to name."""
    feed = tmp_path / "feed.jsonl"
    feed.write_text(_record(FERRY_HEADLINE, FERRY_PARAGRAPHS, "ferry"), encoding="utf-8")
    [written] = ingest_file(feed, config, out_dir=content_dir).written
    ledger = content_dir / LEDGER_NAME
    [line] = ledger.read_text(encoding="utf-8").splitlines()
    page = json.loads(line)["page"]
    ledger.write_text(json.dumps({"page": page}) + "\n" + json.dumps({"hash": "x", "file": "y.md", "page": page[:16]})
                      + "\n", encoding="utf-8")
    written.path.unlink()
    assert page not in SeenInputs.in_folder(content_dir)
    assert len(ingest_file(feed, config, out_dir=content_dir).written) == 1
    assert extractions == ["feed.jsonl:1", "feed.jsonl:1"]


def test_a_page_without_an_address_whose_file_another_took_says_so(config, content_dir, tmp_path, extractions):
    """Without an address, the article in the file cannot be told to be a later copy of the same page: it is not
    said to be one (--force would write the page beside it, not over it)."""
    first, second = tmp_path / "in1" / "page.txt", tmp_path / "in2" / "other.txt"
    for page, paragraphs in ((first, FERRY_PARAGRAPHS), (second, SECOND_PARAGRAPHS)):
        page.parent.mkdir()
        page.write_text(f"{FERRY_HEADLINE}\n\nMarch 2, 2026\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    [written] = ingest_file(first, config, out_dir=content_dir).written
    written.path.unlink()
    [taken] = ingest_file(second, config, out_dir=content_dir).written
    assert taken.path == written.path
    [skipped] = ingest_file(first, config, out_dir=content_dir).skipped
    assert skipped.message == f"ingested before as {written.path}, which holds another article now; --force " \
                              "writes it again"


def test_the_ledger_and_the_inputs_seen_read_the_same_lines(tmp_path):
    """A line ends at a line feed only: JSON writes U+2028 (in an address, a name) as it is."""
    ledger = IngestLedger(tmp_path)
    ledger.record("hash", "Example\u2028News", tmp_path / "a.md", url="https://news.example/a\u0085b",
                  page="0123456789abcdef0123")
    assert "0123456789abcdef0123" in IngestLedger.load(tmp_path).by_page
    assert "0123456789abcdef0123" in SeenInputs.in_folder(tmp_path)
    ledger_file = tmp_path / LEDGER_NAME   # (saved by an editor that starts a file with a byte order mark)
    ledger_file.write_bytes(b"\xef\xbb\xbf" + ledger_file.read_bytes())
    with ledger_file.open("ab") as lines:   # (two lines a hand edit joined by a carriage return)
        lines.write(b'{"hash": "h", "file": "b.md", "page": "1123456789abcdef0123"}\r'
                    b'{"hash": "h", "file": "c.md", "page": "2123456789abcdef0123"}\n')
    assert SeenInputs.of(IngestLedger.load(tmp_path).by_page) == SeenInputs.in_folder(tmp_path)


def test_the_ledgers_addresses_are_folded_only_when_asked_for(tmp_path):
    """A run whose every page was ingested before never looks an address up: folding them all was most of the
    2.6-3.2 s each run spent reading a ledger of 100,000 articles. Asked for, they are every line's, in the ledger's order, later lines included."""
    ledger = IngestLedger(tmp_path)
    for number, url in enumerate(["https://www.news.example/a", "http://news.example/a/", "https://news.example/b"]):
        ledger.record(f"hash{number}", "Example News", tmp_path / f"{number}.md", url=url, page=f"{number:020x}")
    loaded = IngestLedger.load(tmp_path)
    assert loaded._by_url is None
    loaded.record("hash9", "Example News", tmp_path / "9.md", url="https://news.example/a?utm_source=x")
    assert [[w.file for w in found] for found in loaded.by_url.values()] == [["0.md", "1.md", "9.md"], ["2.md"]]
    assert loaded.written_before("hash1", "", lambda source: True).file == "1.md"
    assert loaded.written_before("nothing", "https://news.example/a", lambda source: True).file == "9.md"
