"""Big and many inputs: a 10 MB article, 10,000 tiny articles, BOM/CRLF mixes; and the server's default bind."""

from __future__ import annotations

import shutil

import feedparser
import pytest

from newsdigest.build import build
from newsdigest.cli import make_parser
from tests.conftest import article_text


@pytest.mark.slow
def test_ten_megabyte_article_builds(project):
    paragraph = "Tariff negotiations continued with long technical sessions on autos and steel. " * 12
    body = "\n\n".join(f"## Part {n}\n\n{paragraph}" if n % 20 == 0 else paragraph for n in range(10_600))
    assert len(body.encode()) > 10_000_000
    project.add("huge", title="A very long tariff report", body=body)
    result = build(project.config)
    page = project.output / result.site.articles[0].page_url.lstrip("/") / "index.html"
    assert page.stat().st_size > 10_000_000
    feed = feedparser.parse((project.output / "feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 1
    assert "content" not in feed.entries[0]  # over the per-field limit: the feed carries the summary only


@pytest.fixture
def throwaway_project(project):
    """The project, deleted after the test: 100,000 files would slow every later pytest run's cleanup."""
    yield project
    shutil.rmtree(project.root, ignore_errors=True)


@pytest.mark.slow
def test_ten_thousand_tiny_articles(throwaway_project):
    # Enough files to catch per-article leaks and slug or folder collisions at scale; archives of 100,000 and
    # more are measured by the benchmark (benchmarks/), which is where scale belongs, not the test suite.
    project = throwaway_project
    # The search index is a separate feature with its own (Pagefind) cost; this test is about the engine.
    project.settings.update(related={"count": 3, "window_days": 7}, feeds={"items": 20}, search={"enabled": False})
    for n in range(10_000):
        folder = project.content / f"{n // 1000:03d}"
        if n % 1000 == 0:
            folder.mkdir()
        (folder / f"t{n}.md").write_text(
            f"---\ntitle: Tiny {n}\ndate: 2025-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:00+09:00\n"
            f"tags: [t{n % 500}]\n---\nItem {n}.\n", encoding="utf-8")
    result = build(project.config)
    assert len(result.site.articles) == 10_000
    assert len({a.page_url for a in result.site.articles}) == 10_000
    assert (project.output / "2025/04/04/tiny-9999/index.html").is_file()  # month 1 + 9999 % 12, day 1 + 9999 % 28
    feed = feedparser.parse((project.output / "feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 20


def test_mixed_bom_crlf_and_cr_files_build(project):
    project.write("bom.md", "\ufeff" + article_text(title="Bom tariff"))
    project.write("crlf.md", article_text(title="Crlf tariff").replace("\n", "\r\n"))
    project.write("cr.md", article_text(title="Cr tariff").replace("\n", "\r"))
    result = build(project.config)
    assert sorted(a.title for a in result.site.articles) == ["Bom tariff", "Cr tariff", "Crlf tariff"]


def test_preview_binds_loopback_unless_asked():
    parser = make_parser()
    assert parser.parse_args(["serve"]).host == "127.0.0.1"
    assert parser.parse_args(["serve", "--host", "0.0.0.0"]).host == "0.0.0.0"
