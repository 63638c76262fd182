"""Fixtures for the ingest tests: the repository's config pointed at a temporary content folder."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import pytest
import yaml

from newsdigest.config import Config, load_config
from newsdigest.front_matter import split_front_matter
from newsdigest.ingest import add_arguments

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = REPO_ROOT.parent / "shared" / "seeds"
DEVSET_DIR = REPO_ROOT / "devset"


# A short made-up news article the ingest tests build their pages from.
FERRY_HEADLINE = "Harbour authority approves night ferry service for the islands"
FERRY_PARAGRAPHS = [
    "The harbour authority approved a night ferry service on Tuesday that will link the three outer islands with "
    "the mainland terminal after the last regular sailing, its board said in a statement.",
    "Islanders have campaigned for years for a later connection, saying the last boat at half past eight made it "
    "impossible to work evening shifts or attend events in the city without staying overnight.",
    "The service will run on Fridays and Saturdays during a six-month trial, and the authority said it would decide "
    "on a permanent timetable once it has seen how many passengers use the late crossings.",
]


@pytest.fixture(autouse=True)
def ingest_caches_outside_the_repository(monkeypatch, tmp_path):
    """Tests that run the command line with the repository's config.yaml keep ingest's index cache in their
    temporary folder, not in the repository's .newsdigest-cache (where a developer's own caches are)."""
    from newsdigest.ingest import command, indexed_files
    beside_config = indexed_files.index_cache_file

    def placed(root: Path, content_dir: Path) -> Path:
        return beside_config(tmp_path if Path(root).resolve() == REPO_ROOT.resolve() else root, content_dir)

    monkeypatch.setattr(command, "index_cache_file", placed)


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir() or not any(SEEDS_DIR.glob("*.txt")):
        pytest.skip("../shared/seeds not found: the real scraped seed pages are only present in CI/dev workspaces")
    return SEEDS_DIR


@pytest.fixture
def config(tmp_path: Path) -> Config:
    # (the sample site's `ingest:` settings left out: these tests start from what a site without them gets; its
    # folder the temporary one, where ingest keeps its index cache, not the repository)
    config = load_config(REPO_ROOT / "config.yaml",
                         overrides={"content_dir": str(tmp_path / "content"), "output_dir": str(tmp_path / "site"),
                                    "ingest": {}})
    return dataclasses.replace(config, root=tmp_path.resolve())


@pytest.fixture
def content_dir(config: Config) -> Path:
    return config.content_dir


def front_matter(path: Path) -> dict:
    """The front matter of a written article, as YAML reads it."""
    front, _, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
    return yaml.safe_load(front)


def ingest_args(*paths: Path, out: Path, extra: tuple[str, ...] = ()) -> argparse.Namespace:
    """The parsed command line of `ingest PATHS --out OUT EXTRA...`."""
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args([str(p) for p in paths] + ["--out", str(out), *extra])
