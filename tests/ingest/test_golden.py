"""Golden files: the exact content files written for two dev set pages (one text dump, one HTML page).

Refresh after an intended change with `NEWSDIGEST_REFRESH_GOLDEN=1 pytest tests/ingest/test_golden.py`,
then review the diff of tests/ingest/golden/ before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsdigest.ingest import ingest_file

HERE = Path(__file__).resolve().parent
DEVSET_DIR = HERE.parents[1] / "devset"
GOLDEN_DIR = HERE / "golden"


@pytest.mark.parametrize("page", ["hanriver_chip_exports.raw.txt", "daily_meridian_port_strike.raw.html"])
def test_output_matches_golden_file(page, config, content_dir):
    [written] = ingest_file(DEVSET_DIR / page, config, out_dir=content_dir).written
    golden = GOLDEN_DIR / (page.split(".raw.")[0] + ".md")
    produced = written.path.read_text(encoding="utf-8")
    if os.environ.get("NEWSDIGEST_REFRESH_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(produced, encoding="utf-8")
    assert golden.is_file(), f"{golden} missing: run with NEWSDIGEST_REFRESH_GOLDEN=1 to create it"
    assert produced == golden.read_text(encoding="utf-8")
