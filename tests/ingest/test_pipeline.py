"""The ingest pipeline end to end on the dev set, and its promises: idempotent, never overwrites, reports."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import pytest

from newsdigest.article import parse_article
from newsdigest.content import load_articles
from newsdigest.ingest import add_arguments, ingest_file, run
from newsdigest.ingest import pipeline
from newsdigest.ingest.ledger import LEDGER_NAME
from tests.ingest.conftest import front_matter

REPO_ROOT = Path(__file__).resolve().parents[2]
DEVSET_DIR = REPO_ROOT / "devset"

# The dev set proper plus the held-out pages: invented pages used as fixtures (measuring is evaluation/ingest.py's job).
CASES = sorted(str(p.relative_to(DEVSET_DIR)).removesuffix(".expected.json") for p in DEVSET_DIR.rglob("*.expected.json"))
TEXT_PAGE = DEVSET_DIR / "caspian_bulletin_grain.raw.txt"


def _args(*paths: Path, out: Path, **options) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    argv = [str(p) for p in paths] + ["--out", str(out)]
    argv += [f"--{k.replace('_', '-')}" for k, v in options.items() if v is True]
    argv += [item for k, v in options.items() if isinstance(v, str) for item in (f"--{k.replace('_', '-')}", v)]
    return parser.parse_args(argv)


@pytest.mark.parametrize("name", CASES)
def test_devset_page_ingests_to_a_valid_article(name, config, content_dir):
    raw = next((DEVSET_DIR / name).parent.glob(f"{Path(name).name}.raw.*"))
    expected = json.loads((DEVSET_DIR / f"{name}.expected.json").read_text(encoding="utf-8"))
    cases = expected.get("records", [expected])
    report = ingest_file(raw, config, out_dir=content_dir)
    assert report.ok, report.outcomes
    assert len(report.written) == len(cases)
    for outcome, case in zip(report.written, cases):
        article = parse_article(outcome.path, outcome.path.read_bytes(), config)
        assert article.title == case["title"]
        assert article.date.date().isoformat() == case["date"][:10]
        for paragraph in case["body"]:
            assert paragraph.removeprefix("## ") in article.body_markdown
        for text in case.get("must_not_contain", []):
            assert text.casefold() not in article.body_markdown.casefold()


def test_reingesting_the_same_page_is_a_no_op(config, content_dir):
    first = ingest_file(TEXT_PAGE, config, out_dir=content_dir)
    [written] = first.written
    before = written.path.read_bytes()
    second = ingest_file(TEXT_PAGE, config, out_dir=content_dir)
    assert not second.written and len(second.skipped) == 1
    assert "already ingested" in second.skipped[0].message
    assert written.path.read_bytes() == before
    assert len(list(content_dir.rglob("*.md"))) == 1


def test_hand_edits_survive_unless_force(config, content_dir):
    [written] = ingest_file(TEXT_PAGE, config, out_dir=content_dir).written
    edited = written.path.read_text(encoding="utf-8").replace("ingest_hash:", "ingest_hash: edited-") + "\nA note.\n"
    written.path.write_text(edited, encoding="utf-8")
    again = ingest_file(TEXT_PAGE, config, out_dir=content_dir)
    assert again.skipped and "--force" in again.skipped[0].message
    assert written.path.read_text(encoding="utf-8") == edited
    forced = ingest_file(TEXT_PAGE, config, out_dir=content_dir, force=True)
    assert [o.path for o in forced.written] == [written.path]
    assert "A note." not in written.path.read_text(encoding="utf-8")
    # the edited text is not lost: it is kept aside, where the build does not read it, and the summary says where
    [kept] = (content_dir / ".newsdigest-replaced").rglob("*.md")
    assert kept.read_text(encoding="utf-8") == edited and kept.relative_to(content_dir).as_posix() in forced.written[0].message
    assert [a.source_path for a in _placed(config)] == [written.path.relative_to(content_dir).as_posix()]
    [unchanged] = ingest_file(TEXT_PAGE, config, out_dir=content_dir, force=True).written
    assert "replaced" not in unchanged.message    # nothing to keep when the file holds what is written again


def test_different_article_with_the_same_slug_gets_its_own_file(config, content_dir, tmp_path):
    [first] = ingest_file(TEXT_PAGE, config, out_dir=content_dir).written
    other = tmp_path / "other.txt"
    other.write_text(TEXT_PAGE.read_text(encoding="utf-8").replace("Kazakhstan and Azerbaijan agreed", "Officials from both countries agreed")
                     .replace("Under the plan, a new", "A completely different plan calls for a").replace(
                         "Last year about 400,000 tonnes", "In 2023 roughly 350,000 tonnes").replace(
                         "The ministers also discussed", "Separately, the delegations discussed"), encoding="utf-8")
    report = ingest_file(other, config, out_dir=content_dir, force=True)   # force: allow the near-duplicate
    [second] = report.written
    assert second.path != first.path and second.path.name.endswith("-2.md")
    assert first.path.exists()
    assert front_matter(second.path)["slug"] == second.path.stem
    assert front_matter(first.path)["slug"] == first.path.stem
    [again] = ingest_file(other, config, out_dir=content_dir, force=True).written   # rewritten in place
    assert again.path == second.path and front_matter(second.path)["slug"] == second.path.stem


def test_an_older_article_ingested_later_does_not_take_the_address_of_one_published(config, content_dir, tmp_path):
    """Two reports under one headline on one day: the one ingested first keeps its address, though the other
    was published earlier that day (the build gives a shared address to the older article)."""
    [first] = ingest_file(TEXT_PAGE, config, out_dir=content_dir).written
    first_key = first.path.relative_to(content_dir).as_posix()
    published_before = {a.source_path: a for a in _placed(config)}[first_key].page_url
    earlier = tmp_path / "earlier.txt"
    earlier.write_text(TEXT_PAGE.read_text(encoding="utf-8").replace("• 11:20", "• 07:05").replace(
        "Kazakhstan and Azerbaijan agreed", "Officials from both countries agreed").replace(
        "Under the plan, a new", "A completely different plan calls for a").replace(
        "Last year about 400,000 tonnes", "In 2023 roughly 350,000 tonnes").replace(
        "The ministers also discussed", "Separately, the delegations discussed"), encoding="utf-8")
    [second] = ingest_file(earlier, config, out_dir=content_dir, force=True).written
    placed = {a.source_path: a for a in _placed(config)}
    older, newer = placed[second.path.relative_to(content_dir).as_posix()], placed[first_key]
    assert older.date < newer.date and older.day == newer.day
    assert newer.page_url == published_before
    assert older.page_url == published_before.replace(first.path.stem, second.path.stem)


def test_an_article_renamed_by_hand_keeps_its_address_when_another_takes_its_slug(config, content_dir, tmp_path):
    """The file's name was the only slug looked at: once the article published at an address was renamed (its
    `slug:` kept), a new report under the same headline on the same day took `slug.md`, and the build gave the new
    one the address the renamed one was published at. A hand-written article of that title did the same."""
    [first] = ingest_file(TEXT_PAGE, config, out_dir=content_dir).written
    published = {a.source_path: a for a in _placed(config)}[first.path.relative_to(content_dir).as_posix()].page_url
    renamed = first.path.with_name("my-own-name.md")
    first.path.rename(renamed)
    other = tmp_path / "other.txt"
    other.write_text(TEXT_PAGE.read_text(encoding="utf-8").replace("Kazakhstan and Azerbaijan agreed", "Officials from both countries agreed")
                     .replace("Under the plan, a new", "A completely different plan calls for a").replace(
                         "Last year about 400,000 tonnes", "In 2023 roughly 350,000 tonnes").replace(
                         "The ministers also discussed", "Separately, the delegations discussed"), encoding="utf-8")
    [second] = ingest_file(other, config, out_dir=content_dir, force=True).written
    assert second.path.name == first.path.name.replace(".md", "-2.md")
    placed = {a.source_path: a.page_url for a in _placed(config)}
    assert placed[renamed.relative_to(content_dir).as_posix()] == published
    assert placed[second.path.relative_to(content_dir).as_posix()] != published


def test_a_slug_of_another_day_is_taken_where_the_sites_addresses_name_no_day(config, content_dir, tmp_path):
    """With `permalinks.article: /news/{slug}/`, three daily "Morning briefing" records of three months were each
    given the slug morning-briefing: the build renamed two, with a warning, so their addresses were not stable."""
    import dataclasses
    config = dataclasses.replace(config, permalinks=dataclasses.replace(config.permalinks, article="/news/{slug}/"))
    texts = ["The council approved the harbour plan on Monday after a long debate about the cost of the quay wall.",
             "Snow closed the mountain pass overnight, and the island ferry was cancelled because of the high winds.",
             "The football club signed a goalkeeper from the league champions for a fee its chairman called fair."]
    feed = tmp_path / "briefings.jsonl"
    feed.write_text("".join(json.dumps({"url": f"https://f.example/brief-{month}", "title": "Morning briefing",
                                        "date_publish": f"2026-0{month}-01T07:00:00Z", "maintext": f"{text} {text}"})
                            + "\n" for month, text in zip((4, 5, 6), texts)), encoding="utf-8")
    report = ingest_file(feed, config, out_dir=content_dir)
    assert sorted(front_matter(written.path)["slug"] for written in report.written) == \
        ["morning-briefing", "morning-briefing-2", "morning-briefing-3"]
    warnings = []
    from newsdigest.site_model import assign_urls_and_days
    assign_urls_and_days(config, load_articles(config).articles, warnings)
    assert not warnings


def test_the_day_a_slug_is_taken_on_is_the_sites_digest_day(config, content_dir, tmp_path):
    """With `digest_timezone` set (as `init` writes it), a page of 3 February 17:00 UTC and an article of 4 February
    01:00 +09:00 (3 February in UTC) share a day: ingest gave both the same slug, and the build then moved the
    article published first to a `-2` address."""
    import dataclasses
    config = dataclasses.replace(config, digest_timezone="UTC")
    existing = content_dir / "2026" / "02" / "port.md"   # (its address is its title's: no file name in the way)
    existing.parent.mkdir(parents=True)
    existing.write_text("---\ntitle: Port reopens after storm\ndate: 2026-02-04T01:00:00+09:00\nsource: Harbor Times"
                        "\n---\n\nThe port reopened on Wednesday after the storm passed, and the first ships came."
                        "\n",
                        encoding="utf-8")
    before = {article.source_path: article.page_url for article in _placed(config)}
    record = tmp_path / "page.jsonl"
    record.write_text(json.dumps({"url": "https://isle.example/port", "title": "Port reopens after storm",
                                  "date_publish": "2026-02-03T17:00:00+00:00", "source": "Isle Courier",
                                  "maintext": "The island's port reopened after the storm on Tuesday evening, after "
                                              "three days in which no ferry could sail and the shops ran short."}),
                      encoding="utf-8")
    [written] = ingest_file(record, config, out_dir=content_dir).written
    assert front_matter(written.path)["slug"] == "port-reopens-after-storm-2"
    after = {article.source_path: article.page_url for article in _placed(config)}
    assert after["2026/02/port.md"] == before["2026/02/port.md"]


def _placed(config):
    """The content folder's articles with the addresses a build gives them."""
    from newsdigest.site_model import assign_urls_and_days
    warnings = []
    return assign_urls_and_days(config, load_articles(config).articles, warnings)


def test_near_duplicate_is_detected_and_reported(config, content_dir, tmp_path):
    ingest_file(TEXT_PAGE, config, out_dir=content_dir)
    rescrape = tmp_path / "aggregator-copy.txt"
    text = TEXT_PAGE.read_text(encoding="utf-8")
    rescrape.write_text("Aggregator Home\nTop Stories\n" + text.replace("the two countries' agriculture ministers said",
                        "the agriculture ministers of the two countries said"), encoding="utf-8")
    report = ingest_file(rescrape, config, out_dir=content_dir)
    assert not report.written
    assert "near-duplicate of" in report.skipped[0].message
    assert len(list(content_dir.rglob("*.md"))) == 1


def test_another_outlets_copy_of_one_report_is_no_duplicate(config, content_dir, tmp_path):
    """Two outlets running one agency's report are two articles (the build shows them as a story's wire copies);
    the same report again from the same outlet, or from a page that names none, is a duplicate."""
    assert ingest_file(TEXT_PAGE, config, out_dir=content_dir, source="Caspian Bulletin").written
    original = TEXT_PAGE.read_text(encoding="utf-8")

    def copy(number: int, wording: str) -> Path:
        path = tmp_path / f"copy-{number}.txt"
        path.write_text("Aggregator Home\nTop Stories\n" + original.replace(
            "the two countries' agriculture ministers said", wording), encoding="utf-8")
        return path

    assert ingest_file(copy(1, "the agriculture ministers of the two countries said"), config,
                       out_dir=content_dir, source="Harbour Times").written
    for number, same_outlet in ((2, "caspian bulletin"), (3, None)):   # (without --source the copy names none)
        same = ingest_file(copy(number, f"the ministers said in statement {number}"), config, out_dir=content_dir,
                           source=same_outlet)
        assert not same.written and "near-duplicate of" in same.skipped[0].message
    assert len(list(content_dir.rglob("*.md"))) == 2


def test_another_outlets_word_for_word_copy_is_its_own_article_and_force_overwrites_neither(config, content_dir,
                                                                                             tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(TEXT_PAGE.read_bytes())
    [first] = ingest_file(TEXT_PAGE, config, out_dir=content_dir, source="Caspian Bulletin").written
    [second] = ingest_file(copy, config, out_dir=content_dir, source="Harbour Times").written
    assert second.path != first.path
    for page, source in ((TEXT_PAGE, "Caspian Bulletin"), (copy, "Harbour Times")):
        assert not ingest_file(page, config, out_dir=content_dir, source=source).written   # already ingested
        [forced] = ingest_file(page, config, out_dir=content_dir, source=source, force=True).written
        assert forced.path == (first if source == "Caspian Bulletin" else second).path
    assert {front_matter(p)["source"] for p in content_dir.rglob("*.md")} == {"Caspian Bulletin", "Harbour Times"}


def test_two_pages_saved_under_one_file_name_are_two_articles(config, content_dir, tmp_path):
    """A column saved as `page.txt` in a folder per day: without an address, the file name alone does not make
    two pages one, and --force rewrites each page's own file."""
    text = TEXT_PAGE.read_text(encoding="utf-8")
    days = {"d1": text, "d2": text.replace("3 March, 2025", "4 March, 2025").replace(
        "Kazakhstan and Azerbaijan agreed", "Officials from both countries agreed").replace(
        "Under the plan, a new", "A completely different plan calls for a").replace(
        "Last year about 400,000 tonnes", "In 2023 roughly 350,000 tonnes").replace(
        "The ministers also discussed", "Separately, the delegations discussed")}
    for folder, page in days.items():
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "page.txt").write_text(page, encoding="utf-8")
    [first] = ingest_file(tmp_path / "d1" / "page.txt", config, out_dir=content_dir).written
    [second] = ingest_file(tmp_path / "d2" / "page.txt", config, out_dir=content_dir, force=True).written  # near-dup
    assert second.path != first.path and first.path.exists()
    assert {str(front_matter(p)["date"])[:10] for p in content_dir.rglob("*.md")} == {"2025-03-03", "2025-03-04"}
    again = ingest_file(tmp_path / "d2" / "page.txt", config, out_dir=content_dir)
    assert not again.written and "already ingested" in again.skipped[0].message
    [rewritten] = ingest_file(tmp_path / "d2" / "page.txt", config, out_dir=content_dir, force=True).written
    assert rewritten.path == second.path and len(list(content_dir.rglob("*.md"))) == 2


def test_an_updated_page_is_found_where_it_was_stored_beside_another(config, content_dir, tmp_path):
    """A page stored as `slug-2.md` (another page had the slug) and scraped again after an update is the same
    page: skipped as existing, and --force rewrites `slug-2.md` rather than adding `slug-3.md`."""
    text = TEXT_PAGE.read_text(encoding="utf-8")
    other, page = tmp_path / "other.txt", tmp_path / "page.txt"
    other.write_text(text, encoding="utf-8")
    page.write_text(text.replace("Kazakhstan and Azerbaijan agreed", "Officials from both countries agreed").replace(
        "Under the plan, a new", "A completely different plan calls for a").replace(
        "Last year about 400,000 tonnes", "In 2023 roughly 350,000 tonnes"), encoding="utf-8")
    ingest_file(other, config, out_dir=content_dir, url="https://example.com/grain-one")
    [stored] = ingest_file(page, config, out_dir=content_dir, url="https://example.com/grain-two", force=True).written
    assert stored.path.stem.endswith("-2")
    page.write_text(page.read_text(encoding="utf-8").replace(
        "The ministers also discussed", "Updated: the ministers also discussed"), encoding="utf-8")
    again = ingest_file(page, config, out_dir=content_dir, url="https://example.com/grain-two")
    assert not again.written and again.skipped[0].path == stored.path and "--update" in again.skipped[0].message
    [rewritten] = ingest_file(page, config, out_dir=content_dir, url="https://example.com/grain-two", force=True).written
    assert rewritten.path == stored.path and "Updated:" in stored.path.read_text(encoding="utf-8")
    assert len(list(content_dir.rglob("*.md"))) == 2


def test_a_page_ingested_again_with_its_url_is_the_same_page(config, content_dir):
    [first] = ingest_file(TEXT_PAGE, config, out_dir=content_dir).written
    assert "url" not in front_matter(first.path)
    again = ingest_file(TEXT_PAGE, config, out_dir=content_dir, url="https://news.example/grain")
    assert not again.written and again.skipped[0].path == first.path
    [forced] = ingest_file(TEXT_PAGE, config, out_dir=content_dir, url="https://news.example/grain", force=True).written
    assert forced.path == first.path and front_matter(first.path)["url"] == "https://news.example/grain"
    assert len(list(content_dir.rglob("*.md"))) == 1


def test_dry_run_writes_nothing(config, content_dir, capsys):
    status = run(_args(DEVSET_DIR, out=content_dir, dry_run=True), config)
    assert status == 0
    assert not content_dir.exists() or not any(content_dir.rglob("*"))
    out = capsys.readouterr().out
    assert "Would write" in out and "dry run: nothing was written" in out


def _stored(paths, config, out: Path, dry_run: bool) -> list[tuple[str, str, str]]:
    """(page, status, file) of each page an ingest run of `paths` stores, as the command stores them."""
    index = pipeline.ContentIndex.load(out)
    options = pipeline.PrepareOptions(config)
    outcomes = [outcome for path in paths
                for outcome in pipeline.store_file(pipeline.prepare_file(path, options), out, index,
                                                   dry_run=dry_run).outcomes]
    return [(o.label, "written" if o.status == pipeline.WOULD_WRITE else o.status,
             o.path.relative_to(out).as_posix() if o.path else "") for o in outcomes]


def test_a_dry_run_reports_what_the_run_then_does(config, content_dir, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    text = TEXT_PAGE.read_text(encoding="utf-8")
    (inbox / "a.txt").write_text(text, encoding="utf-8")
    (inbox / "b.txt").write_text(text, encoding="utf-8")   # the same page saved twice
    paragraph = "Ferry crews walked out on Monday over pay, and the strike closed the harbour for the day. "
    records = [{"url": f"https://news.example/{n}", "title": "Ferry strike closes the harbour", "maintext": body,
                "date_publish": "2026-02-03"}
               for n, body in enumerate([paragraph * 3, "The mayor met the union on Tuesday to end the dispute. "
                                         "Talks will go on next week, both sides said in a short statement. " * 3])]
    (inbox / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    paths = sorted(inbox.iterdir())
    planned = _stored(paths, config, content_dir, dry_run=True)
    assert not content_dir.exists() or not any(content_dir.rglob("*.md"))
    done = _stored(paths, config, content_dir, dry_run=False)
    assert [status for _, status, _ in done] == ["written", "skipped", "written", "written"]
    assert done[3][2].endswith("-2.md")  # another article with the same title: a file of its own
    assert planned == done


def test_one_url_for_many_files_is_refused_before_anything_is_written(config, content_dir, capsys):
    # Every page would name that one address as its own
    assert run(_args(DEVSET_DIR, out=content_dir, url="https://news.example/one-page"), config) == 2
    assert "--url gives the address of one page" in capsys.readouterr().err
    assert not content_dir.exists() or not any(content_dir.rglob("*.md"))
    assert run(_args(TEXT_PAGE, out=content_dir, url="https://news.example/one-page"), config) == 0


@pytest.mark.parametrize("url", ["javascript:alert(1)", "/2026/03/story", "news.example/story", "https:///x"])
def test_a_url_option_that_is_no_web_address_is_refused_before_anything_is_written(config, content_dir, capsys, url):
    assert run(_args(TEXT_PAGE, out=content_dir, url=url), config) == 2
    assert f"error: --url {url!r}: not an absolute http(s) address" in capsys.readouterr().err
    assert not content_dir.exists() or not any(content_dir.rglob("*.md"))


def test_a_blank_source_option_names_no_outlet(config, content_dir):
    assert run(_args(TEXT_PAGE, out=content_dir, source="   "), config) == 0
    (written,) = content_dir.rglob("*.md")
    assert front_matter(written).get("source", "none").strip()   # the page's own outlet, or none: never a blank one
    other = content_dir.parent / "other-content"
    assert run(_args(TEXT_PAGE, out=other, source=" Caspian\n Bulletin "), config) == 0
    (written,) = other.rglob("*.md")
    assert front_matter(written)["source"] == "Caspian Bulletin"


def test_an_out_folder_that_is_a_file_is_refused_up_front(config, tmp_path, capsys):
    out = tmp_path / "content"
    out.write_text("notes", encoding="utf-8")
    assert run(_args(TEXT_PAGE, out=out), config) == 2
    err = capsys.readouterr().err
    assert f"error: {out}: a file, not a folder" in err and "internal error" not in err
    assert out.read_text(encoding="utf-8") == "notes"


def test_a_write_the_system_refuses_names_the_file_and_the_reason(config, content_dir, monkeypatch, capsys):
    def full_disk(path, text):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(pipeline, "write_atomically", full_disk)
    assert run(_args(TEXT_PAGE, out=content_dir), config) == 1
    err = capsys.readouterr().err
    assert "internal error" not in err
    assert "caspian_bulletin_grain.raw.txt: cannot write " in err and ".md: No space left on device" in err


def test_bad_inputs_fail_one_by_one_and_others_still_ingest(config, content_dir, tmp_path, capsys):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a-empty.txt").write_bytes(b"  \n\n")
    (inbox / "b-binary.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (inbox / "c-image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    (inbox / "d-bad-utf8.txt").write_bytes("Headline here\n".encode() + b"caf\xc3 \x81\x8d\x9d broken bytes\n")
    (inbox / "e-no-article.txt").write_text("Home\nNews\nSport\nWeather\nContact us\n", encoding="utf-8")
    (inbox / "f-good.txt").write_bytes(TEXT_PAGE.read_bytes())
    before = sorted(p.name for p in inbox.iterdir())

    status = run(_args(inbox, tmp_path / "missing.txt", out=content_dir), config)

    assert status == 1
    captured = capsys.readouterr()
    err, out = captured.err, captured.out
    assert "a-empty.txt: file is empty" in err
    assert "b-binary.txt: binary file" in err
    assert "c-image.html: this is a PNG image" in err
    assert "d-bad-utf8.txt: not valid UTF-8" in err and "line 2" in err
    assert "e-no-article.txt: no article found" in err
    assert "missing.txt: no such file or folder" in err
    assert "1 written, 0 skipped, 6 failed." in out and "Failed (6):" in out and "Written (1):" in out
    assert len(load_articles(config).articles) == 1
    assert sorted(p.name for p in inbox.iterdir()) == before, "inputs are never deleted"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_paths_that_are_no_files_say_what_they_are(config, content_dir, tmp_path, capsys):
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    os.mkfifo(inbox / "sub" / "pipe.txt")              # reading it would wait for a writer forever
    (inbox / "broken.html").symlink_to(tmp_path / "gone.html")
    (inbox / "loop.txt").symlink_to(inbox / "loop.txt")
    (inbox / "notes.md").symlink_to(tmp_path / "gone.md")   # not an input's name: not looked at
    (inbox / "good.txt").write_bytes(TEXT_PAGE.read_bytes())
    empty = tmp_path / "empty.html"                     # a folder, whatever its name says
    empty.mkdir()

    status = run(_args(inbox, inbox / "loop.txt", empty, out=content_dir), config)

    assert status == 1
    captured = capsys.readouterr()
    assert "pipe.txt: a named pipe (FIFO), not a file" in captured.err
    assert f"broken.html: a symbolic link to {tmp_path / 'gone.html'}, which does not exist" in captured.err
    assert "loop.txt: a symbolic link that leads back to itself (a loop)" in captured.err
    assert "notes.md" not in captured.err
    assert "empty.html: no pages in this folder" in captured.err and "empty.html" not in captured.out
    assert "1 written, 0 skipped, 3 failed." in captured.out   # the loop once, though named twice


def test_a_link_in_a_folder_to_a_file_outside_it_is_not_read(config, content_dir, tmp_path, capsys):
    """Whoever may save a link in a folder that is read would otherwise publish any file the site's owner can read."""
    inbox, private = tmp_path / "inbox", tmp_path / "private"
    inbox.mkdir()
    private.mkdir()
    (private / "notes.txt").write_bytes(TEXT_PAGE.read_bytes())
    (inbox / "story.txt").symlink_to(private / "notes.txt")
    (inbox / "page.txt").write_bytes(TEXT_PAGE.read_bytes())
    (inbox / "same-page.txt").symlink_to(inbox / "page.txt")   # a link within the folder is read

    assert run(_args(inbox, out=content_dir), config) == 1
    captured = capsys.readouterr()
    assert f"story.txt: a symbolic link to {private / 'notes.txt'}, outside {inbox}: not read" in captured.err
    assert "1 written, 1 skipped, 1 failed." in captured.out      # the link within is the same page again

    # Named on the command line, the link is the user's own choice: read (the same page again, so skipped).
    assert run(_args(inbox / "story.txt", out=content_dir), config) == 0
    assert "0 written, 1 skipped, 0 failed." in capsys.readouterr().out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_folder_named_by_a_file_url_is_read_with_the_same_checks(config, content_dir, tmp_path, capsys):
    """`file:///srv/inbox/` is the local folder: a link to a file outside it and a named pipe are not read (a pipe
    would hang the run), as when the folder is named by its path."""
    inbox, private = tmp_path / "inbox", tmp_path / "private"
    inbox.mkdir()
    private.mkdir()
    (private / "notes.txt").write_bytes(TEXT_PAGE.read_bytes())
    (inbox / "story.txt").symlink_to(private / "notes.txt")
    os.mkfifo(inbox / "pipe.txt")
    (inbox / "page.txt").write_bytes(TEXT_PAGE.read_bytes())
    url = f"file://{inbox}"

    assert run(_args(url, out=content_dir), config) == 1
    captured = capsys.readouterr()
    assert f"{url}/story.txt: a symbolic link to {private / 'notes.txt'}, outside {inbox}: not read" in captured.err
    assert f"{url}/pipe.txt: " in captured.err
    assert "1 written, 0 skipped, 2 failed." in captured.out
    # its modification time (--date-from-mtime) is the file's, with or without fsspec
    from newsdigest.ingest.input_urls import InputURL
    assert InputURL(f"{url}/page.txt").stat().st_mtime == (inbox / "page.txt").stat().st_mtime


def test_files_passed_over_for_their_names_are_a_note(config, content_dir, tmp_path, capsys):
    """A half-downloaded page.html.part or a feed's OPML list in the inbox was passed over without a word."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "page.txt").write_bytes(TEXT_PAGE.read_bytes())
    for name in ("later.html.part", "feeds.opml", ".hidden.txt.tmp"):
        (inbox / name).write_text("x", encoding="utf-8")
    assert run(_args(inbox, out=content_dir), config) == 0
    err = capsys.readouterr().err
    assert "inbox: 2 files not read, their names not a page's" in err and "feeds.opml, later.html.part" in err
    assert ".hidden" not in err
    run(_args(inbox, out=content_dir, quiet=True), config)
    assert "not read" not in capsys.readouterr().err


def test_an_empty_folder_is_a_note_not_a_failure(config, content_dir, tmp_path, capsys):
    (tmp_path / "inbox" / ".hidden").mkdir(parents=True)
    (tmp_path / "inbox" / ".hidden" / "page.txt").write_bytes(TEXT_PAGE.read_bytes())
    assert run(_args(tmp_path / "inbox", out=content_dir), config) == 0
    captured = capsys.readouterr()
    assert "inbox: no pages in this folder" in captured.err and ".txt" in captured.err
    assert "0 written, 0 skipped, 0 failed." in captured.out


def test_inputs_python_cannot_read_fail_one_by_one_with_their_file_named(config, content_dir, tmp_path, capsys):
    """Valid JSON that Python refuses to read (a number of thousands of digits, arrays nested thousands deep), a
    charset label of a codec no browser reads a page with, an address urlsplit refuses, and a date no site can
    hold: each costs its own file or record, with a reason, never the run."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    page = TEXT_PAGE.read_text(encoding="utf-8")
    (inbox / "a-bigint.json").write_text('{"html": "<p>x</p>", "n": ' + "9" * 5000 + "}", encoding="utf-8")
    (inbox / "b-deep.jsonl").write_text("\n".join([json.dumps({"url": "https://example.org/a", "text": page}),
                                                   "[" * 100000 + "]" * 100000, "1" * 5000]) + "\n",
                                       encoding="utf-8")
    (inbox / "c-base64.html").write_bytes(b'<html><head><meta charset="base64"><title>Caf\xe9 prices climb</title>'
                                          b"</head><body><h1>Caf\xe9 prices climb</h1>"
                                          + b"".join(b"<p>Prices at the caf\xe9 rose again in week %d, owners said.</p>" % n
                                                     for n in range(20))
                                          + b"</body></html>")
    other_page = (DEVSET_DIR / "harbor_ledger_blue_line.raw.txt").read_text(encoding="utf-8")
    (inbox / "d-bad-address.jsonl").write_text(json.dumps({"url": "http://[::1", "text": other_page}) + "\n",
                                               encoding="utf-8")
    (inbox / "e-old-date.jsonl").write_text(json.dumps({"url": "https://example.org/e", "text": page,
                                                        "date_publish": "1874-12-02T10:00:00Z"}) + "\n",
                                            encoding="utf-8")
    status = run(_args(inbox, out=content_dir, date="2026-01-05"), config)
    assert status == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "internal error" not in captured.err
    assert "a-bigint.json: JSON that cannot be read (Exceeds the limit" in captured.err
    assert "b-deep.jsonl:2: JSON that cannot be read (nested too deeply)" in captured.err
    assert "b-deep.jsonl:3: JSON that cannot be read" in captured.err
    assert "e-old-date.jsonl:1: date 1874-12-02" in captured.err and "outside the years 1900-2199" in captured.err
    written = {article.extra.get("ingested_from") for article in load_articles(config).articles}
    assert {"b-deep.jsonl:1", "c-base64.html", "d-bad-address.jsonl:1"} <= written


def test_latin1_page_is_decoded_rather_than_refused(config, content_dir, tmp_path):
    page = tmp_path / "latin1.txt"
    page.write_bytes(TEXT_PAGE.read_text(encoding="utf-8").replace("Türkiye", "Turkey").replace(
        "Caspian Sea by 2027", "Caspian Sea by 2027 (café deal)").encode("utf-8").decode("utf-8")
        .encode("cp1252", errors="replace"))
    report = ingest_file(page, config, out_dir=content_dir)
    assert report.ok and "café" in report.written[0].path.read_text(encoding="utf-8")


def test_jsonl_bad_lines_are_reported_with_their_line_number(config, content_dir, tmp_path):
    feed = tmp_path / "feed.jsonl"
    good = json.dumps({"url": "https://example.org/a", "text": TEXT_PAGE.read_text(encoding="utf-8"),
                       "source": "Caspian Bulletin"})
    feed.write_text("\n".join([good, "{not json", json.dumps(["a list"]), json.dumps({"url": "https://x.org"})]) + "\n",
                    encoding="utf-8")
    report = ingest_file(feed, config, out_dir=content_dir)
    assert len(report.written) == 1
    messages = {o.label: o.message for o in report.failed}
    assert messages["feed.jsonl:2"].startswith("invalid JSON")
    assert "expected a JSON object" in messages["feed.jsonl:3"]
    assert messages["feed.jsonl:4"].startswith("record has no page: none of 'html'")
    meta = front_matter(report.written[0].path)
    assert meta["source"] == "Caspian Bulletin" and meta["url"] == "https://example.org/a"
    assert meta["ingested_from"] == "feed.jsonl:1"


def test_crash_in_one_page_does_not_lose_the_others(config, content_dir, tmp_path, monkeypatch):
    real = pipeline.extract_text

    def flaky(text, url="", captured=None, saved=None):
        if "CRASH-ME" in text:
            raise RuntimeError("boom")
        return real(text)

    monkeypatch.setattr(pipeline, "extract_text", flaky)
    (tmp_path / "a.txt").write_text("CRASH-ME\n" + TEXT_PAGE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.txt").write_bytes((DEVSET_DIR / "harbor_ledger_blue_line.raw.txt").read_bytes())
    status = run(_args(tmp_path / "a.txt", tmp_path / "b.txt", out=content_dir), config)
    assert status == 1
    assert len(load_articles(config).articles) == 1


def test_written_files_are_complete_and_leave_no_temp_files(config, content_dir):
    status = run(_args(DEVSET_DIR, out=content_dir), config)
    assert status == 0
    files = list(content_dir.rglob("*"))
    assert not [f for f in files if f.name.startswith(".") and f.name != LEDGER_NAME], "temp files left behind"
    loaded = load_articles(config)
    assert not loaded.problems and len(loaded.articles) == len(CASES) + 1   # the JSONL file holds two pages
    for article in loaded.articles:
        relative = article.source_path
        assert relative.startswith(f"{article.date.year:04d}/{article.date.month:02d}/")


def test_front_matter_keys_follow_the_content_contract(config, content_dir):
    [written] = ingest_file(DEVSET_DIR / "daily_meridian_port_strike.raw.html", config, out_dir=content_dir).written
    meta = front_matter(written.path)
    assert list(meta)[:2] == ["title", "date"]
    assert meta["source"] == "The Daily Meridian" and meta["author"] == "Ana Ferreira"
    assert meta["tags"] == ["ports", "labour"] and meta["category"] == "Business"
    assert meta["image_caption"].startswith("Cranes stand idle")
    assert "date: 2025-04-11T07:45:00+01:00" in written.path.read_text(encoding="utf-8")
    assert len(meta["summary"]) <= config.summary_length and meta["summary"].startswith("Dock workers")
    assert "topics" not in meta and meta["lang"] == "en" and meta["ingest_hash"]   # topics: the build's rules


def test_cli_entry_point(config, content_dir, tmp_path):
    from newsdigest.cli import main
    status = main(["-c", str(REPO_ROOT / "config.yaml"), "ingest", str(TEXT_PAGE), "--out", str(content_dir)])
    assert status == 0
    assert len(list(content_dir.rglob("*.md"))) == 1
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert main(["-c", str(REPO_ROOT / "config.yaml"), "ingest", str(empty), "--out", str(content_dir)]) == 1


def test_gzip_compressed_inputs_are_read_as_what_they_hold(config, content_dir, tmp_path):
    """`page.html.gz`, `feed.jsonl.gz`: decompressed, then read by the name inside (a folder lists them too)."""
    import gzip

    inputs = tmp_path / "inbox"
    inputs.mkdir()
    html = next(DEVSET_DIR.glob("*.raw.html"))
    (inputs / "page.html.gz").write_bytes(gzip.compress(html.read_bytes()))
    record = {"url": "https://example.org/a", "text": TEXT_PAGE.read_text(encoding="utf-8"), "source": "Caspian"}
    (inputs / "feed.jsonl.gz").write_bytes(gzip.compress((json.dumps(record) + "\n").encode("utf-8")))
    (inputs / "bundle.tar.gz").write_bytes(gzip.compress(b"not an input"))
    assert run(_args(inputs, out=content_dir), config) == 0
    written = {front_matter(path)["ingested_from"]: front_matter(path) for path in content_dir.rglob("*.md")}
    assert set(written) == {"page.html.gz", "feed.jsonl.gz:1"}     # bundle.tar.gz is not an input
    plain = ingest_file(html, config, out_dir=tmp_path / "plain")
    [expected] = [front_matter(outcome.path) for outcome in plain.written]
    assert written["page.html.gz"]["title"] == expected["title"] and written["feed.jsonl.gz:1"]["source"] == "Caspian"


def test_a_broken_or_oversized_gzip_input_fails_with_a_reason(config, content_dir, tmp_path, monkeypatch):
    import gzip

    from newsdigest.ingest import readers

    broken = tmp_path / "page.html.gz"
    broken.write_bytes(gzip.compress(b"<html><body><p>" + b"word " * 2000 + b"</p></body></html>")[:60])
    [failed] = ingest_file(broken, config, out_dir=content_dir).failed
    assert failed.message.startswith("a gzip file that cannot be decompressed")
    monkeypatch.setattr(readers, "MAX_DECOMPRESSED_BYTES", 1000)
    big = tmp_path / "big.txt.gz"
    big.write_bytes(gzip.compress(b"a line of text\n" * 1000))
    [failed] = ingest_file(big, config, out_dir=content_dir).failed
    assert "decompresses to more than" in failed.message


def test_a_compressed_json_lines_file_cut_short_keeps_its_whole_records(config, content_dir, tmp_path):
    """A scraper stopped while writing `items.jsonl.gz`: the records before the cut were lost with the file. Now
    they are read, the cut record fails, and the file's line says it was cut; members one after another are read
    too (`cat a.gz b.gz`), and a file cut in its first bytes still fails."""
    import gzip

    import random

    text, words = TEXT_PAGE.read_text(encoding="utf-8"), random.Random(5)   # (each record its own: little to share)
    records = [json.dumps({"url": f"https://example.org/{n}", "source": "Caspian", "text": text + "\n\n" + " ".join(
        f"{words.choice(['port', 'grain', 'rail', 'ferry', 'wheat'])}{words.randrange(10 ** 6)}" for _ in range(400))
                           + ".", "title": f"Grain shipments, part {n}"}) for n in range(12)]
    whole = gzip.compress(("\n".join(records) + "\n").encode("utf-8"))
    cut = tmp_path / "items.jsonl.gz"
    cut.write_bytes(whole[:len(whole) // 2])
    report = ingest_file(cut, config, out_dir=content_dir, force=True)
    assert 0 < len(report.written) < 12
    assert any("cut short or broken" in outcome.message for outcome in report.failed)
    joined = tmp_path / "joined.jsonl.gz"
    joined.write_bytes(gzip.compress(records[0].encode() + b"\n") + gzip.compress(records[1].encode() + b"\n"))
    assert len(ingest_file(joined, config, out_dir=tmp_path / "joined", force=True).written) == 2
    cut.write_bytes(whole[:15])
    [failed] = ingest_file(cut, config, out_dir=tmp_path / "none").failed
    assert failed.message.startswith("a gzip file that cannot be decompressed")
    # a member that ends inside a megabyte read at once, another after it: the rest of that read was dropped
    from newsdigest.ingest.readers import decompressed
    big = random.Random(3).randbytes(3_000_000)   # (compressed, still three megabytes)
    assert decompressed(gzip.compress(b"small") + gzip.compress(big)) == (b"small" + big, False)


def test_a_second_ingest_into_the_same_content_folder_waits_for_the_first(tmp_path):
    """Two ingests at once (an overlapping cron run, serve's inbox beside a cron ingest) each read the content
    folder before the other wrote, and wrote every page twice (`-2.md`). The second now waits for the first."""
    import subprocess
    import sys
    import time

    from newsdigest.journal import ingesting_into

    site = tmp_path / "site"
    assert subprocess.run([sys.executable, "-m", "newsdigest", "init", str(site)], capture_output=True).returncode == 0
    content = site / "content"
    before = sorted(content.rglob("*.md"))
    page = site / "inbox" / "valley-post-solar-roofs.txt"
    with ingesting_into(content):   # the first ingest, still writing
        second = subprocess.Popen([sys.executable, "-m", "newsdigest", "ingest", str(page)], cwd=site,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert second.poll() is None and sorted(content.rglob("*.md")) == before
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert "another ingest is writing into this content folder; waiting for it" in err
    assert len(sorted(content.rglob("*.md"))) == len(before) + 1


def test_an_ingested_article_deleted_since_is_not_written_again_unless_forced(config, content_dir):
    """An inbox ingested every day brought back every article deleted from the content folder, and wrote a
    second copy (`-2.md`) of one whose front matter an edit had broken."""
    [written] = ingest_file(TEXT_PAGE, config, out_dir=content_dir).written
    relative = written.path.relative_to(content_dir)
    text = written.path.read_text(encoding="utf-8")
    written.path.write_text(text.replace("title:", "title: 'broken' quote", 1), encoding="utf-8")
    [skipped] = ingest_file(TEXT_PAGE, config, out_dir=content_dir).skipped
    assert skipped.message.endswith(f"{relative}, which cannot be read now; --force writes it again")
    written.path.unlink()
    [skipped] = ingest_file(TEXT_PAGE, config, out_dir=content_dir).skipped
    assert skipped.message.endswith(f"{relative}, since deleted; --force writes it again")
    assert not list(content_dir.rglob("*.md"))
    [again] = ingest_file(TEXT_PAGE, config, out_dir=content_dir, force=True).written
    assert again.path == written.path and again.path.read_text(encoding="utf-8") == text


def test_forcing_a_page_whose_article_an_edit_broke_replaces_that_file_and_keeps_its_bytes(config, content_dir):
    """--force wrote the page's article again as `-2.md` beside the file whose front matter an edit had broken,
    which the build then refused: two files for one page. The broken file is the page's article: replaced, its
    bytes kept in .newsdigest-replaced/ as any edited article's are."""
    [written] = ingest_file(TEXT_PAGE, config, out_dir=content_dir).written
    text = written.path.read_text(encoding="utf-8")
    broken = text.replace("title:", "title: 'broken' quote", 1)
    written.path.write_text(broken, encoding="utf-8")
    [again] = ingest_file(TEXT_PAGE, config, out_dir=content_dir, force=True).written
    assert again.path == written.path and written.path.read_text(encoding="utf-8") == text
    assert "the earlier text kept as" in again.message
    [kept] = (content_dir / ".newsdigest-replaced").rglob("*.md")
    assert kept.read_text(encoding="utf-8") == broken
    assert sorted(content_dir.rglob("*.md")) == sorted([written.path, kept])


def test_a_ledger_line_naming_a_file_outside_the_folder_is_never_written_over(config, content_dir, tmp_path):
    """--force replaced "the page's broken article" at whatever file the ledger named: an edited line naming
    ../../victim/notes.md had the article written over a file outside the content folder."""
    [written] = ingest_file(TEXT_PAGE, config, out_dir=content_dir).written
    entry = json.loads((content_dir / LEDGER_NAME).read_text(encoding="utf-8").splitlines()[0])
    victim = tmp_path / "victim" / "notes.md"
    victim.parent.mkdir()
    victim.write_text("mine", encoding="utf-8")
    written.path.write_text(written.path.read_text(encoding="utf-8").replace("title:", "title: 'broken' x", 1),
                            encoding="utf-8")
    outside = os.path.relpath(victim, content_dir)
    with (content_dir / LEDGER_NAME).open("a", encoding="utf-8") as ledger:
        ledger.write(json.dumps({**entry, "file": outside}) + "\n")
    ingest_file(TEXT_PAGE, config, out_dir=content_dir, force=True)
    assert victim.read_text(encoding="utf-8") == "mine"


def test_fixing_an_ingested_headline_keeps_the_articles_address(config, content_dir):
    """Ingest stated no slug: a title fixed by hand moved the page to another address, and its feed id with it."""
    [written] = ingest_file(TEXT_PAGE, config, out_dir=content_dir).written
    before = parse_article(written.path, written.path.read_bytes(), config)
    text = written.path.read_text(encoding="utf-8")
    written.path.write_text(text.replace(f"title: {before.title}", "title: Caspian grain deal, a correction", 1)
                            .replace(f'title: "{before.title}"', 'title: "Caspian grain deal, a correction"', 1),
                            encoding="utf-8")
    after = parse_article(written.path, written.path.read_bytes(), config)
    assert after.title == "Caspian grain deal, a correction" and after.slug == before.slug == written.path.stem



def test_quiet_prints_nothing_but_errors(config, content_dir, tmp_path, capsys):
    """For cron, which mails whatever a job prints: every run listed every page skipped again, and an empty inbox
    printed a note."""
    empty = tmp_path / "inbox"
    empty.mkdir()
    assert run(_args(empty, out=content_dir, quiet=True), config) == 0
    assert run(_args(TEXT_PAGE, out=content_dir, quiet=True), config) == 0
    assert run(_args(TEXT_PAGE, out=content_dir, quiet=True), config) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    (empty / "bad.txt").write_text("garbage", encoding="utf-8")
    assert run(_args(empty, out=content_dir, quiet=True), config) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("error: ") and "bad.txt" in captured.err


def test_where_a_source_was_found_reads_as_english():
    from newsdigest.ingest.model import Extracted

    def note(found_in):
        return pipeline._source_note(pipeline.Extraction(Extracted(title="T", blocks=(), source="Harbour Herald"),
                                                         found_in))
    assert note("the site's own links and blurbs") == "source 'Harbour Herald' from the site's own links and blurbs"
    assert note("copyright line") == "source 'Harbour Herald' from the copyright line"


def test_a_deleted_article_stays_deleted_when_its_page_comes_back_updated(config, content_dir, tmp_path):
    """The ledger knew the article's ingest hash only: the same page with one word changed by its outlet brought
    the deleted article back (and wrote a `-2.md` beside one whose front matter was broken)."""
    page = tmp_path / "page.jsonl"

    def record(text: str) -> str:
        return json.dumps({"url": "https://example.org/grain", "text": text, "source": "Caspian Bulletin"}) + "\n"

    original = TEXT_PAGE.read_text(encoding="utf-8")
    page.write_text(record(original), encoding="utf-8")
    [written] = ingest_file(page, config, out_dir=content_dir).written
    written.path.unlink()
    page.write_text(record(original.replace("400,000 tonnes", "410,000 tonnes")), encoding="utf-8")
    [skipped] = ingest_file(page, config, out_dir=content_dir).skipped
    assert "since deleted; --force writes it again" in skipped.message and not list(content_dir.rglob("*.md"))
    [again] = ingest_file(page, config, out_dir=content_dir, force=True).written
    assert again.path == written.path
    # the older text after the newer one was written with --force: the file is there, readable
    page.write_text(record(original), encoding="utf-8")
    [older] = ingest_file(page, config, out_dir=content_dir).skipped
    assert "holds a later version of this page (this copy was ingested before it); --force overwrites it" \
        in older.message


def test_a_note_that_cannot_be_shown_never_skips_the_wait_for_another_ingest(tmp_path):
    import fcntl
    import threading

    from newsdigest.journal import ingesting_into

    folder = tmp_path / "content"
    folder.mkdir()
    holder = os.open(folder, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    entered = threading.Event()

    def broken_note():
        raise BrokenPipeError("stderr is gone")

    def second():
        with ingesting_into(folder, on_wait=broken_note):
            entered.set()

    waiting = threading.Thread(target=second)
    waiting.start()
    assert not entered.wait(1.0)        # still waiting: the first ingest holds the folder
    os.close(holder)
    waiting.join(10)
    assert entered.is_set()


def test_update_writes_a_pages_correction_over_its_article_unless_edited_or_deleted(config, content_dir, tmp_path):
    """A daily run saw a page's correction only as "exists ... --force overwrites it", and --force also brought back
    deleted articles and wrote near-duplicates: `--update` takes the correction alone."""
    page = tmp_path / "page.jsonl"

    def record(text: str, url: str = "https://example.org/grain") -> str:
        return json.dumps({"url": url, "text": text, "source": "Caspian Bulletin"}) + "\n"

    original = TEXT_PAGE.read_text(encoding="utf-8")
    page.write_text(record(original), encoding="utf-8")
    [written] = ingest_file(page, config, out_dir=content_dir).written
    corrected = original.replace("400,000 tonnes", "410,000 tonnes")
    page.write_text(record(corrected), encoding="utf-8")
    [stays] = ingest_file(page, config, out_dir=content_dir).skipped   # without --update: the article stays,
    assert "holds another version of this page; --update writes this one over it" in stays.message  # why
    [updated] = ingest_file(page, config, out_dir=content_dir, update=True).written
    assert updated.path == written.path and "updated" in updated.message
    assert "410,000 tonnes" in written.path.read_text(encoding="utf-8")
    assert len(list(content_dir.rglob("*.md"))) == 1
    # the same copy under another address is a near-duplicate still, not a second article
    page.write_text(record(corrected, "https://mirror.example.net/grain"), encoding="utf-8")
    assert not ingest_file(page, config, out_dir=content_dir, update=True).written
    # an article edited by hand is never written over by --update
    written.path.write_text(written.path.read_text(encoding="utf-8") + "\nAn editor's note.\n", encoding="utf-8")
    page.write_text(record(corrected.replace("410,000", "420,000")), encoding="utf-8")
    [kept] = ingest_file(page, config, out_dir=content_dir, update=True).skipped
    assert "was edited since ingest wrote it" in kept.message and "--force overwrites it" in kept.message
    assert "An editor's note." in written.path.read_text("utf-8")
    # nor does it bring back a deleted one
    written.path.unlink()
    assert not ingest_file(page, config, out_dir=content_dir, update=True).written
    assert not list(content_dir.rglob("*.md"))


def test_update_never_takes_a_correction_back_for_an_older_copy_still_in_the_inbox(config, content_dir, tmp_path):
    """An older copy of the page still in the inbox, ingested before, was written back over the correction by every
    daily run; and a dry run could not tell a correction of a page it had only planned."""
    def record(text: str, day: str) -> str:
        return json.dumps({"url": "https://example.org/grain", "text": text, "source": "Caspian Bulletin",
                           "fetched_at": day}) + "\n"

    original = TEXT_PAGE.read_text(encoding="utf-8")
    corrected = original.replace("400,000 tonnes", "410,000 tonnes")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "b-monday.jsonl").write_text(record(original, "2024-05-01"), encoding="utf-8")
    ingest_file(inbox / "b-monday.jsonl", config, out_dir=content_dir)
    (inbox / "a-tuesday.jsonl").write_text(record(corrected, "2024-05-02"), encoding="utf-8")
    for _ in range(2):   # two daily runs over the whole inbox
        for path in sorted(inbox.iterdir()):
            ingest_file(path, config, out_dir=content_dir, update=True)
        [article] = content_dir.rglob("*.md")
        assert "410,000 tonnes" in article.read_text(encoding="utf-8")
    both = tmp_path / "both.jsonl"
    both.write_text(record(original, "2024-05-01") + record(corrected, "2024-05-02"), encoding="utf-8")
    planned = ingest_file(both, config, out_dir=tmp_path / "fresh", update=True, dry_run=True)
    assert [o.status for o in planned.outcomes] == ["would write", "would write"]


def test_update_leaves_a_later_version_for_an_older_copy_met_for_the_first_time(config, content_dir, tmp_path):
    """A backlog, or an inbox read in name order, brought the page's first copy after its correction: `--update` wrote
    the older text over the corrected one (its `updated:` lost), with nothing kept aside."""
    def record(text: str, **times: str) -> str:
        return json.dumps({"url": "https://example.org/grain", "text": text, "source": "Caspian Bulletin",
                           "date": "2024-05-01T08:00:00Z", **times}) + "\n"

    original = TEXT_PAGE.read_text(encoding="utf-8")
    corrected = original.replace("400,000 tonnes", "410,000 tonnes")
    (tmp_path / "a-tuesday.jsonl").write_text(record(corrected, date_modified="2024-05-02T07:00:00Z",
                                                     fetched_at="2024-05-02T09:00:00Z"), encoding="utf-8")
    (tmp_path / "b-monday.jsonl").write_text(record(original, fetched_at="2024-05-01T09:00:00Z"), encoding="utf-8")
    [written] = ingest_file(tmp_path / "a-tuesday.jsonl", config, out_dir=content_dir, update=True).written
    [kept] = ingest_file(tmp_path / "b-monday.jsonl", config, out_dir=content_dir, update=True).skipped
    assert "holds a later version of this page (changed 2024-05-02T07:00:00+00:00); --force overwrites it" \
        in kept.message
    text = written.path.read_text(encoding="utf-8")
    assert "410,000 tonnes" in text and "updated: 2024-05-02" in text
    # a copy fetched after that change updates it, though it states no time of its own, and so does one that
    # states neither (a saved page: whether it is older is not known); one changed later, as before
    (tmp_path / "c-friday.jsonl").write_text(record(corrected.replace("410,000", "420,000"),
                                                    fetched_at="2024-05-03T09:00:00Z"), encoding="utf-8")
    assert ingest_file(tmp_path / "c-friday.jsonl", config, out_dir=content_dir, update=True).written
    (tmp_path / "d-saved.jsonl").write_text(record(corrected.replace("410,000", "430,000")), encoding="utf-8")
    assert ingest_file(tmp_path / "d-saved.jsonl", config, out_dir=content_dir, update=True).written
    (tmp_path / "e-later.jsonl").write_text(record(original, date_modified="2024-05-04T07:00:00Z"), encoding="utf-8")
    assert ingest_file(tmp_path / "e-later.jsonl", config, out_dir=content_dir, update=True).written
