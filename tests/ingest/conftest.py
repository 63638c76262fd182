"""Fixtures for the ingest tests: the repository's config pointed at a temporary content folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdigest.config import Config, load_config

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
