"""`ingest --headlines`: scraper records that hold a headline and an address but no page (a feed's items) become
headline articles, and a site of them is grouped into stories at the headlines' threshold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdigest.build import build
from newsdigest.ingest import run
from newsdigest.ingest.article_text import HEADLINE_NOTE
from newsdigest.ingest.records import RecordError, RecordLabel, read_records, record_page
from tests.ingest.conftest import front_matter, ingest_args

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
    with pytest.raises(RecordError, match="--headlines writes such a record as a headline with its link"):
        record_page(ITEMS[1], RecordLabel("feed.jsonl:2", ""))
    with pytest.raises(RecordError) as refused:   # no address: no headline article either
        record_page({"title": "Ferry strike"}, RecordLabel("feed.jsonl:1", ""), headlines=True)
    assert "--headlines" not in str(refused.value)


def test_a_headline_record_is_a_page_whose_text_is_its_summary_without_markup():
    page = record_page(ITEMS[0], RecordLabel("feed.jsonl:1", ""), headlines=True)
    assert page.kind == "headline" and page.url == ITEMS[0]["link"] and page.stated.title == ITEMS[0]["title"]
    assert page.text == "Crews walked out at dawn, stranding commuters on both sides."
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


def test_the_config_key_takes_headline_records_in_every_ingest(tmp_path, config):
    """`ingest: headlines: true` does for the watched inbox (`ingest_file`) what `--headlines` does for a run."""
    from newsdigest.config import load_config
    from newsdigest.ingest import ingest_file
    from tests.ingest.conftest import REPO_ROOT
    feed = _feed(tmp_path, ITEMS[:2], name="feed.json")
    assert [o.label for o in ingest_file(feed, config, out_dir=tmp_path / "plain").failed] == ["feed.json:1",
                                                                                             "feed.json:2"]
    taking = load_config(REPO_ROOT / "config.yaml", overrides={"content_dir": str(tmp_path / "content"),
                                                               "ingest": {"headlines": True}})
    report = ingest_file(feed, taking, out_dir=tmp_path / "content")
    assert len(report.written) == 2 and all(HEADLINE_NOTE in o.message for o in report.written)
