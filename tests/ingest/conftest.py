"""Fixtures for the ingest tests: the repository's config pointed at a temporary content folder."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
import yaml

from newsdigest.config import Config, load_config
from newsdigest.front_matter import split_front_matter
from newsdigest.ingest import add_arguments

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = REPO_ROOT.parent / "shared" / "seeds"
DEVSET_DIR = REPO_ROOT / "devset"


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir() or not any(SEEDS_DIR.glob("*.txt")):
        pytest.skip("../shared/seeds not found: the real scraped seed pages are only present in CI/dev workspaces")
    return SEEDS_DIR


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return load_config(REPO_ROOT / "config.yaml",
                       overrides={"content_dir": str(tmp_path / "content"), "output_dir": str(tmp_path / "site")})


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
