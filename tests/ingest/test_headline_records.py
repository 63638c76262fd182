"""`ingest --headlines`: scraper records that hold a headline and an address but no page (a feed's items) become
headline articles, and a site of them is grouped into stories at the headlines' threshold."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import pytest

from newsdigest.build import build
from newsdigest.config import load_config
from newsdigest.ingest import ingest_file, run
from newsdigest.ingest.article_text import HEADLINE_NOTE, feed_summary_text, headline_article
from newsdigest.ingest.model import IngestError
from newsdigest.ingest.records import RecordError, RecordLabel, read_records, record_page
from tests.ingest.conftest import REPO_ROOT, front_matter, ingest_args

# Three outlets' feed items about one invented event, and one about another.
ITEMS = [
    {"link": "https://harbour.example/news/ferry-strike-halts-crossings",
     "title": "Ferry strike halts island crossings", "published": "2026-03-02T07:10:00Z", "source": "Harbour Post",
     "summary": "<p>Crews walked out at dawn, stranding <b>commuters</b> on both sides.</p>"
                "<img src=x onerror=alert(1)>"},
    {"url": "https://isle.example/2026/03/02/ferry-crews-strike",
     "title": "Ferry crews strike, island crossings halted", "date_publish": "2026-03-02T08:05:00Z",
     "source": "Isle Courier"},
    {"url": "https://bay.example/ferry-walkout", "title": "Island ferry walkout strands commuters",
     "published": "2026-03-02T09:30:00Z", "source": "Bay Daily",
     "description": "Island ferry walkout strands commuters"},
    {"url": "https://bay.example/orchard-prize", "title": "Orchard wins regional cider prize",
     "published": "2026-03-02T10:00:00Z", "source": "Bay Daily", "summary": "[see](javascript:alert(1)) the winners"},
]


def _feed(tmp_path: Path, items=ITEMS, name: str = "feed.jsonl") -> Path:
    path = tmp_path / name
    if name.endswith(".jsonl"):
        path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    else:
        path.write_text(json.dumps(items), encoding="utf-8")
    return path


def test_a_record_without_a_page_is_refused_with_the_option_named(tmp_path):
    # (read all the same, to be known as the input of an article an earlier run with --headlines wrote)
    refused = record_page(ITEMS[1], RecordLabel("feed.jsonl:2", ""))
    taken = record_page(ITEMS[1], RecordLabel("feed.jsonl:2", ""), headlines=True)
    assert refused.kind == "headline" and refused == replace(taken, refusal=refused.refusal) and not taken.refusal
    assert refused.refusal.endswith("headlines: true`) writes such a record as a headline with its link")
    with pytest.raises(RecordError) as refused:   # no address: no headline article either
        record_page({"title": "Ferry strike"}, RecordLabel("feed.jsonl:1", ""), headlines=True)
    assert "--headlines" not in str(refused.value)


def test_a_headline_record_is_a_page_whose_text_is_its_summary_without_markup():
    page = record_page(ITEMS[0], RecordLabel("feed.jsonl:1", ""), headlines=True)
    assert page.kind == "headline" and page.url == ITEMS[0]["link"] and page.stated.title == ITEMS[0]["title"]
    (block,) = headline_article(page.text, page.stated.title, page.url).blocks
    assert block.text == "Crews walked out at dawn, stranding commuters on both sides."
    assert record_page(ITEMS[1], RecordLabel("feed.jsonl:2", ""), headlines=True).text == ""
    pages, problems = read_records("feed.json", json.dumps(ITEMS), lines=False, headlines=True)
    assert len(pages) == 4 and problems == []


def test_ingest_headlines_writes_headline_articles_and_the_build_groups_them(tmp_path, config, content_dir, capsys):
    feed = _feed(tmp_path)
    assert run(ingest_args(feed, out=content_dir), config) == 1
    assert not list(content_dir.rglob("*.md"))
    capsys.readouterr()
    assert run(ingest_args(feed, out=content_dir, extra=("--headlines",)), config) == 0
    assert HEADLINE_NOTE in capsys.readouterr().out
    written = {front_matter(path)["title"]: path for path in content_dir.rglob("*.md")}
    assert len(written) == 4
    strike = written["Ferry strike halts island crossings"].read_text(encoding="utf-8")
    assert strike.rstrip().endswith("Crews walked out at dawn, stranding commuters on both sides.")
    assert "<img" not in strike and "onerror" not in strike
    walkout = written["Island ferry walkout strands commuters"]
    assert walkout.read_text(encoding="utf-8").rstrip().endswith("---")   # its summary only said the headline again
    assert front_matter(walkout)["url"] == "https://bay.example/ferry-walkout" and "lang" not in front_matter(walkout)
    site = build(config).site
    orchard = next(a for a in site.articles if a.title.startswith("Orchard"))
    assert "<a " not in orchard.body_html and "[see](javascript:alert(1)) the winners" in orchard.body_html  # text
    (story,) = site.stories
    assert {a.source for a in story.articles} == {"Harbour Post", "Isle Courier", "Bay Daily"}
    assert all("orchard" not in a.title.lower() for a in story.articles)


def test_headlines_written_once_are_passed_over_by_a_later_run_without_the_option(tmp_path, config, content_dir,
                                                                                   capsys):
    """A feed's items ingested once with --headlines failed on every later run of the inbox without it, exit status
    1 each day; an item not written before still fails, naming the option."""
    feed = _feed(tmp_path, ITEMS[:2])
    assert run(ingest_args(feed, out=content_dir, extra=("--headlines",)), config) == 0
    _feed(tmp_path, ITEMS[:3])
    capsys.readouterr()
    assert run(ingest_args(feed, out=content_dir), config) == 1
    out = capsys.readouterr().out
    assert "feed.jsonl:1: already ingested as" in out and "feed.jsonl:2: already ingested as" in out
    assert "0 written, 2 skipped, 1 failed" in out and "feed.jsonl:3: record has no page" in out
    _feed(tmp_path, ITEMS[:2])
    assert run(ingest_args(feed, out=content_dir), config) == 0


def test_the_config_key_takes_headline_records_in_every_ingest(tmp_path, config):
    """`ingest: headlines: true` does for the watched inbox (`ingest_file`) what `--headlines` does for a run."""
    feed = _feed(tmp_path, ITEMS[:2], name="feed.json")
    assert [o.label for o in ingest_file(feed, config, out_dir=tmp_path / "plain").failed] == ["feed.json:1",
                                                                                             "feed.json:2"]
    taking = load_config(REPO_ROOT / "config.yaml", overrides={"content_dir": str(tmp_path / "content"),
                                                               "ingest": {"headlines": True}})
    report = ingest_file(feed, taking, out_dir=tmp_path / "content")
    assert len(report.written) == 2 and all(HEADLINE_NOTE in o.message for o in report.written)


def test_a_failed_scrape_is_no_headline_record():
    """news-please's `"maintext": null` is a fetch that failed (its title as often a bot check's): it fails still."""
    failed = {"url": "https://isle.example/ferry", "title": "Just a moment...", "maintext": None,
              "date_download": "2026-03-02T08:00:00Z"}
    with pytest.raises(RecordError) as refused:
        record_page(failed, RecordLabel("feed.jsonl:1", ""), headlines=True)
    assert "--headlines" not in str(refused.value)


def test_summaries_lose_their_markup_but_not_their_text():
    page = record_page({**ITEMS[1], "summary": "<style>p{color:red}</style>Shares fell <1% while bonds rose >2%"
                        " &amp; gold &lt;b&gt;held&lt;/b&gt;.<script>alert(1)</script><!-- x -->"},
                       RecordLabel("feed.jsonl:1", ""), headlines=True)
    (block,) = headline_article(page.text, page.stated.title, page.url).blocks
    assert block.text == "Shares fell <1% while bonds rose >2% & gold <b>held</b>."
    # An aggregator's summary: the headline again, the outlet's name after it.
    echo = f"{ITEMS[1]['title']}&nbsp;&nbsp;<font color=\"#6f6f6f\">Isle Courier</font>"
    assert headline_article(echo, ITEMS[1]["title"], page.url, "Isle Courier").blocks == ()
    assert headline_article("Port closed Isle Courier", "Port closed - Isle Courier", page.url).blocks == ()
    lede = "Ferry crews strike, island crossings halted for a second day"   # a summary that starts as the headline
    assert headline_article(lede, ITEMS[1]["title"], page.url, "Isle Courier").blocks[0].text == lede
    # An unclosed comment or script ends the text, in one scan: 200 KB of them took over a minute when each "<!--"
    # scanned to the end.
    started = time.perf_counter()
    assert feed_summary_text("Lede. " + "<!--" * 50_000) == "Lede."
    assert feed_summary_text("Lede. " + "<script" * 30_000) == "Lede."
    assert time.perf_counter() - started < 10


def test_a_bot_checks_headline_is_refused():
    """Scrapers that leave a failed fetch's page fields out, rather than empty, state the bot check's title."""
    with pytest.raises(IngestError, match="the headline is that of a bot check"):
        headline_article("", "Just a moment...", "https://isle.example/ferry")
    for headline in ("404 Not Found: how dead links are eating the web", "Golf club votes to stay members only",
                     "Are you a robot? New test aims to tell"):   # headlines that only begin or end as notices do
        assert headline_article("", headline, "https://isle.example/news").title == headline


def test_recurring_headlines_and_boilerplate_summaries_are_each_an_article(tmp_path, config, content_dir):
    """One outlet's "Morning briefing" of four days, and four items whose summaries all say "Read more": eight
    articles, none of them a copy or a near-duplicate of another, in one run and again with --force."""
    items = [{"url": f"https://port.example/briefing/2026-03-0{day}", "title": "Morning briefing",
              "published": f"2026-03-0{day}T06:00:00Z", "source": "Port News"} for day in range(1, 5)]
    items += [{"url": f"https://port.example/story/{n}", "title": f"Harbour works, part {n}", "summary": "Read more",
               "published": "2026-03-05T06:00:00Z", "source": "Port News"} for n in range(1, 5)]
    feed = _feed(tmp_path, items)
    assert run(ingest_args(feed, out=content_dir, extra=("--headlines",)), config) == 0
    assert len(list(content_dir.rglob("*.md"))) == 8
    assert run(ingest_args(feed, out=content_dir, extra=("--headlines", "--force")), config) == 0
    assert sorted(front_matter(path)["url"] for path in content_dir.rglob("*.md")) == sorted(i["url"] for i in items)


def test_a_headline_record_never_updates_the_article_of_its_whole_page(tmp_path, config, content_dir, capsys):
    page = {"url": "https://isle.example/2026/03/02/ferry-crews-strike", "title": ITEMS[1]["title"],
            "date_publish": "2026-03-02T08:05:00Z", "source": "Isle Courier",
            "maintext": "Ferry crews walked out at dawn on Monday, halting every crossing to the island. " * 6}
    assert run(ingest_args(_feed(tmp_path, [page], "page.jsonl"), out=content_dir), config) == 0
    (article,) = content_dir.rglob("*.md")
    whole = article.read_text(encoding="utf-8")
    capsys.readouterr()
    feed = _feed(tmp_path, [ITEMS[1]])
    assert run(ingest_args(feed, out=content_dir, extra=("--headlines", "--update")), config) == 0
    assert article.read_text(encoding="utf-8") == whole
    assert "a headline record replaces it only with --force" in capsys.readouterr().out


def test_a_headline_record_updates_a_headline_article(tmp_path, config, content_dir, capsys):
    """A corrected summary (here with Markdown's characters, which the file escapes) replaces the headline article of
    its page with --update; a dry run says what the run does, though the first file is only planned there."""
    first = {**ITEMS[1], "summary": "Crossings halted; see https://isle.example/a_b?utm_source=x and *notes* [1]."}
    corrected = {**ITEMS[1], "summary": "Crossings halted until Wednesday."}
    both = _feed(tmp_path, [first, corrected], "both.jsonl")
    assert run(ingest_args(both, out=content_dir, extra=("--headlines", "--update", "--dry-run")), config) == 0
    assert "1 skipped" not in capsys.readouterr().out
    assert run(ingest_args(_feed(tmp_path, [first], "one.jsonl"), out=content_dir, extra=("--headlines",)), config) == 0
    feed = _feed(tmp_path, [corrected], "two.jsonl")
    assert run(ingest_args(feed, out=content_dir, extra=("--headlines", "--update")), config) == 0
    (article,) = content_dir.rglob("*.md")
    assert article.read_text(encoding="utf-8").rstrip().endswith("Crossings halted until Wednesday.")


def test_a_json_feeds_items_are_read_as_articles(tmp_path, config, content_dir):
    """JSON Feed 1.1 keeps each item's article under `content_html` or `content_text`: articles, not headlines."""
    paragraphs = ["Crews walked out at dawn on Monday, stranding commuters on both sides of the sound and halting "
                  "every crossing to the island for the first time in a decade.",
                  "The union said the strike would last until the operator reopened talks on pay and rosters, "
                  "which broke down last week after three months of negotiation."]
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Harbour Post", "items": [
        {"id": "1", "url": "https://harbour.example/news/ferry-strike", "title": "Ferry strike halts crossings",
         "date_published": "2026-03-02T07:10:00Z", "content_html": "".join(f"<p>{p}</p>" for p in paragraphs)},
        {"id": "2", "url": "https://harbour.example/news/ferry-talks", "title": "Ferry talks to resume",
         "date_published": "2026-03-03T07:10:00Z", "content_text": "\n\n".join(paragraphs)}]}), encoding="utf-8")
    assert run(ingest_args(feed, out=content_dir, extra=("--source", "Harbour Post")), config) == 0
    for path in content_dir.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert all(paragraph in text for paragraph in paragraphs), path
