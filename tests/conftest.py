"""Shared fixtures: small real projects (config + content + the repo's themes) in temporary folders."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from newsdigest.config import config_from_mapping

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"

BASE_CONFIG = {
    "title": "Test Digest",
    "description": "Digest used by the test suite.",
    "base_url": "https://news.example.org/",
    "timezone": "Asia/Seoul",
    # Off unless a test turns it on: each index is a Pagefind run, which took a third of the suite's time in
    # tests about other things. The tests of search, and the site-wide integration tests, turn it on.
    "search": {"enabled": False},
    "home": {"days_per_page": 2},
    "paginate": 2,
    "topics": [
        {"slug": "trade", "title": "Trade & tariffs", "keywords": {"tariff*": 3, "trade deal": 3}},
        {"slug": "diplomacy", "title": "Diplomacy", "keywords": {"summit": 3, "foreign minister*": 3}},
    ],
}


def article_text(title: str = "A title", date: str = "2026-01-29T15:08:00+09:00", body: str = "Body text.",
                 **meta) -> str:
    """A content file as text; extra keyword arguments become front matter keys."""
    front = {"title": title, "date": date, **meta}
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n" + body + "\n"


class Project:
    """A throwaway site: write content files, get a validated Config."""

    def __init__(self, root: Path, **overrides):
        self.root = root
        self.content = root / "content"
        self.content.mkdir(parents=True, exist_ok=True)
        self.settings = {**BASE_CONFIG, "themes_dir": str(REPO / "themes"), **overrides}

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
            return path
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return path

    def add(self, name: str, **kwargs) -> Path:
        return self.write(f"{name}.md", article_text(**kwargs))

    @property
    def config(self):
        return config_from_mapping(dict(self.settings), self.root)

    @property
    def output(self) -> Path:
        return self.config.output_dir

    def write_config_file(self) -> Path:
        path = self.root / "config.yaml"
        path.write_text(yaml.safe_dump(self.settings, sort_keys=False), encoding="utf-8")
        return path


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "site")


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not found: the real scraped seed pages exist only in the team's workspaces and CI")
    return SEEDS


@pytest.fixture
def indexed_bundles(monkeypatch) -> list[list[str]]:
    """The page paths of each search bundle Pagefind indexes during the test, in the order indexed (it still runs)."""
    from newsdigest import search

    indexed: list[list[str]] = []
    index_pages = search._index_pages

    def counting(pages, language):
        indexed.append(sorted(pages))
        return index_pages(pages, language)

    monkeypatch.setattr(search, "_index_pages", counting)
    return indexed


def pytest_collection_modifyitems(config, items):
    """Run the Dask tests last. A Dask client leaves its event-loop and offload threads running in the
    process after it closes, and a process with other threads never forks a second renderer
    (split_build.can_split), so the split-build tests must run before any Dask client exists."""
    items.sort(key=lambda item: item.nodeid.startswith("tests/test_ingest_dask.py"))
