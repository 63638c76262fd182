"""Rebuild `evaluation/headlines/more-stories.csv.xz`: labelled headlines of events the shared set does not hold.

    .venv/bin/python -m evaluation.build_headlines UCI_CSV [--shared FILE]

UCI_CSV is the UCI "News Aggregator" data (`uci-news-aggregator.csv`, or any copy of its first rows: the
NOTICE names the one used). Every row whose story is one of the shared labelled stories
(`../shared/labelled/headline-stories.csv`) is left out, and so is a row cut short (no time), so what is written
is a second, disjoint set of events from the same days: the threshold was never chosen on it, and
`python -m evaluation.stories --set more` measures the defaults there.
"""

from __future__ import annotations

import argparse
import csv
import io
import lzma
import sys
from pathlib import Path

from evaluation.stories import DEFAULT_DATA, MORE_DATA

COLUMNS = ("ID", "TITLE", "URL", "PUBLISHER", "CATEGORY", "STORY", "HOSTNAME", "TIMESTAMP")


def other_events(rows: list[dict[str, str]], shared_stories: set[str]) -> list[dict[str, str]]:
    """The complete rows whose story is not one of `shared_stories`, in file order."""
    return [row for row in rows
            if row.get("STORY") and row["STORY"] not in shared_stories and (row.get("TIMESTAMP") or "").isdigit()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.build_headlines", description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the UCI News Aggregator CSV (or its first rows)")
    parser.add_argument("--shared", type=Path, default=DEFAULT_DATA, help="the shared labelled headlines")
    parser.add_argument("--out", type=Path, default=MORE_DATA)
    args = parser.parse_args(argv)
    with args.shared.open(encoding="utf-8", newline="") as handle:
        shared = {row["STORY"] for row in csv.DictReader(handle)}
    with args.source.open(encoding="utf-8", newline="") as handle:
        rows = other_events(list(csv.DictReader(handle)), shared)
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # xz with no time stamp in the stream: the same input writes the same bytes.
    args.out.write_bytes(lzma.compress(text.getvalue().encode("utf-8"), preset=9 | lzma.PRESET_EXTREME))
    print(f"{args.out}: {len(rows)} headlines, {len({r['STORY'] for r in rows})} stories", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
