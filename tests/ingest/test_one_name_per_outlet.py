"""One outlet keeps one name in a content folder: a page whose outlet is found under another spelling of the same
site's name takes the name the folder already gives that site (ContentIndex.established_name)."""

from __future__ import annotations

import json

from newsdigest.ingest import ingest_file
from newsdigest.ingest.writer import ContentIndex
from tests.ingest.conftest import front_matter

BODY = ("<p>{lead} The decision came on Tuesday after a long meeting at which {lead_lower} was put to a vote of "
        "the members.</p><p>What follows from it is expected by Wednesday morning, a spokesperson said in a "
        "statement on the website.</p>")


def _html_record(url: str, title: str, site_name: str, lead: str) -> dict:
    head = f"<meta property='og:site_name' content='{site_name}'>" if site_name else ""
    body = BODY.format(lead=lead, lead_lower=lead.lower())
    return {"url": url, "html": f"<html><head>{head}<title>{title}</title></head><body><article><h1>{title}</h1>"
                                f"<p>Published 3 March 2026</p>{body}</article></body></html>"}


def _dump_record(url: str, title: str, lead: str, footer: str) -> dict:
    text = BODY.format(lead=lead, lead_lower=lead.lower()).replace("<p>", "").replace("</p>", "\n")
    return {"url": url, "text": f"{title}\n4 March 2026\n{text}{footer}\n"}


def _ingest(tmp_path, config, content_dir, name: str, *records: dict):
    feed = tmp_path / name
    feed.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    report = ingest_file(feed, config, out_dir=content_dir)
    assert report.ok, report.outcomes
    return report


def test_a_later_page_takes_the_name_the_folder_gives_its_site(tmp_path, config, content_dir):
    _ingest(tmp_path, config, content_dir, "first.jsonl",
            _html_record("https://www.harbourtimes.com/a", "Ferry strike ends after two weeks",
                         "Harbour Times Online", "Ferry crews are back."))
    report = _ingest(tmp_path, config, content_dir, "second.jsonl",
                     _dump_record("https://harbourtimes.com/b", "Council delays the bridge vote by a month",
                                  "The council postponed its vote.", "© 2026 Harbour Times"))
    [written] = report.written
    assert front_matter(written.path)["source"] == "Harbour Times Online"
    assert written.source == "Harbour Times Online"
    assert "'Harbour Times Online', the content folder's name for harbourtimes.com" in written.message


def test_a_wire_service_on_a_portal_keeps_its_own_name(tmp_path, config, content_dir):
    _ingest(tmp_path, config, content_dir, "first.jsonl",
            _html_record("https://news.portal-site.com/a", "Ferry strike ends after two weeks", "Portal News",
                         "Ferry crews are back."))
    report = _ingest(tmp_path, config, content_dir, "second.jsonl",
                     _html_record("https://news.portal-site.com/b", "Markets steady before the rate decision",
                                  "Wire Agency", "Shares held steady."))
    assert front_matter(report.written[0].path)["source"] == "Wire Agency"


def test_a_given_source_is_never_renamed(tmp_path, config, content_dir):
    _ingest(tmp_path, config, content_dir, "first.jsonl",
            _html_record("https://harbourtimes.com/a", "Ferry strike ends after two weeks", "Harbour Times Online",
                         "Ferry crews are back."))
    record = {**_dump_record("https://harbourtimes.com/b", "Council delays the bridge vote by a month",
                             "The council postponed its vote.", ""), "source": "Harbour Times"}
    report = _ingest(tmp_path, config, content_dir, "second.jsonl", record)
    assert front_matter(report.written[0].path)["source"] == "Harbour Times"


def test_the_most_common_spelling_wins_and_a_name_as_common_stays(tmp_path):
    assert ContentIndex(tmp_path).established_name("https://harbourtimes.com/x", "Harbour Times") == "Harbour Times"
    index = ContentIndex(tmp_path)
    for number, name in enumerate(["harbourtimes.com", "Harbour Times Online", "Harbour Times Online"]):
        index.articles[tmp_path / f"{number}.md"] = _indexed(tmp_path / f"{number}.md", name, number)
    assert index.established_name("https://www.harbourtimes.com/y", "Harbour Times") == "Harbour Times Online"
    assert index.established_name("https://harbourtimes.com/y", "Harbour Times Online") == "Harbour Times Online"
    assert index.established_name("https://harbourtimes.com/y", "Wire Agency") == "Wire Agency"
    assert index.established_name("https://other-site.com/y", "Harbour Times") == "Harbour Times"


def _indexed(path, source: str, number: int):
    from newsdigest.ingest.writer import IndexedArticle
    return IndexedArticle(path, f"hash{number}", f"https://harbourtimes.com/{number}", frozenset(), source,
                          has_url=True, day="2026-03-03")
