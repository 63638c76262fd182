"""Measure ingest's publication dates on the date corpus: `python -m evaluation.dates [--split train|test|all]`.

Every page of `evaluation/date-corpus/` (htmldate's date-annotated pages of about 950 sites, as plain-text dumps;
see its README) goes through `ingest`'s own `pipeline.extract_page` as a text dump, once with its URL (as `--url`
or a scraper record gives it) and once without (a dump saved on its own). A page with no date the extractor finds
takes the `--date-from-mtime` fallback, a stand-in day that counts as wrong. A date is right when it is the
annotation's calendar day. "In the dump" is the share of pages whose annotated day is a date the date finder
reads in the dump (either day-month order), or a full date in the URL's path: what a text-dump date chooser
could get right at most. Titles are compared with the page's derived headline (its `<h1>` where its og:title or
JSON-LD headline says the same and the dump prints it), on the pages that have one: a weaker truth than the
development corpus's, on pages whose headline is easier to find than most.

The `test` split is held back: `--show-wrong` lists the wrong pages of `train` only. It measures and never fails.
"""

from __future__ import annotations

import argparse
import functools
import json
import lzma
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from evaluation import metrics
from evaluation.corpus import PAGES_FILE
from evaluation.ingest import DATE_FALLBACKS, STAND_IN_SAVED_DAY
from newsdigest.ingest import pipeline
from newsdigest.ingest.model import IngestError, RawPage
from newsdigest.ingest.publication_date import date_in_url

DATE_CORPUS_DIR = Path(__file__).resolve().parent / "date-corpus"
KINDS = {"text": "ingest, text dumps (URL known)", "bare": "ingest, text dumps without their URL"}


@dataclass(frozen=True)
class DatedPage:
    id: str
    source: str
    split: str
    publisher_group: str
    language: str | None
    url: str
    published: str
    headline: str | None   # derived: the page's <h1> where its metadata headline agrees and the dump prints it
    dump: str


@functools.cache
def load_dated_pages(split: str | None = None, corpus_dir: Path = DATE_CORPUS_DIR) -> tuple[DatedPage, ...]:
    """The date corpus's pages of `split` (None: all)."""
    with lzma.open(corpus_dir / PAGES_FILE, "rt", encoding="utf-8") as lines:
        pages = (DatedPage(**json.loads(line)) for line in lines if line.strip())
        return tuple(page for page in pages if split is None or page.split == split)


@dataclass
class DateRow:
    """One page measured one way (`kind`: "text" with its URL, "bare" without)."""

    kind: str
    id: str
    language: str | None
    truth: str
    found: str | None
    right: bool
    day_difference: int | None
    inferred_from: str
    refused: str | None
    in_dump: bool
    ms: float
    title_right: bool | None = None   # against the derived headline; None where the page has none


def measure(page: DatedPage, kind: str) -> DateRow:
    """The page through `pipeline.extract_page` as a text dump, with its URL (kind "text") or without ("bare")."""
    raw = RawPage(text=page.dump, kind="text", label=page.id, file_name=page.id.replace("/", "_") + ".txt",
                  url=page.url if kind == "text" else "")
    found, inferred, refused, title = None, "", None, None
    start = time.perf_counter()
    try:
        extracted = pipeline.extract_page(raw, DATE_FALLBACKS, mtime=STAND_IN_SAVED_DAY)
        found = extracted.published.isoformat() if extracted.published is not None else None
        inferred = getattr(extracted, "date_inferred_from", "") or ""
        title = extracted.title
    except IngestError as err:
        refused = str(err) or "IngestError"
    except Exception as err:  # a crash counts as a refusal, with its kind
        refused = f"{type(err).__name__}: {err}"
    ms = (time.perf_counter() - start) * 1000
    url_day = date_in_url(page.url) if kind == "text" else None
    in_dump = metrics.date_in_dump(page.published, page.dump, page.language) or \
        (url_day is not None and metrics.same_day(url_day, page.published))
    title_right = metrics.title_right(title, page.headline) if page.headline else None
    return DateRow(kind, page.id, page.language, page.published, found, bool(metrics.same_day(found, page.published)),
                   metrics.day_difference(found, page.published), inferred, refused, bool(in_dump), ms, title_right)


def evaluate(split: str | None, limit: int | None = None) -> dict:
    """Every page of `split` (None: all) measured both ways: the summary per way, per language, and every row."""
    pages = list(load_dated_pages(split))[:limit]
    rows = [measure(page, kind) for kind in KINDS for page in pages]
    summary = {}
    for kind in KINDS:
        mine = [row for row in rows if row.kind == kind]
        bound = [row for row in mine if row.in_dump]
        summary[kind] = {
            "pages": len(mine), "right": sum(row.right for row in mine),
            "in_dump": len(bound), "right_of_in_dump": sum(row.right for row in bound),
            "fallback": sum(row.inferred_from.startswith("file modification") for row in mine),
            "one_day_off": sum(row.day_difference in (-1, 1) for row in mine),
            "refused": sum(row.refused is not None for row in mine),
            "headlines": sum(row.title_right is not None for row in mine),
            "headline_right": sum(bool(row.title_right) for row in mine),
            "ms": sum(row.ms for row in mine) / max(1, len(mine)),
        }
    languages = Counter(page.language for page in pages)
    by_language = {language: {"pages": count, "right": sum(row.right for row in rows
                                                           if row.kind == "text" and row.language == language)}
                   for language, count in languages.most_common(8)}
    return {"split": split or "all", "summary": summary, "by_language": by_language,
            "rows": [asdict(row) for row in rows]}


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.1%} ({part}/{whole})" if whole else "–"


def format_report(result: dict) -> str:
    """The summary and the per-language figures as Markdown tables."""
    lines = [f"Date corpus, split `{result['split']}`:", "",
             "| method | pages | date same day | truth's day in the dump or URL | right of those | fallback day "
             "(no date found) | one day off | refused | title = derived headline | ms/page |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for kind, label in KINDS.items():
        s = result["summary"][kind]
        lines.append(f"| {label} | {s['pages']} | {_pct(s['right'], s['pages'])} | {_pct(s['in_dump'], s['pages'])} "
                     f"| {_pct(s['right_of_in_dump'], s['in_dump'])} | {s['fallback']} | {s['one_day_off']} "
                     f"| {s['refused']} | {_pct(s['headline_right'], s['headlines'])} | {s['ms']:.1f} |")
    lines += ["", "| language (URL known) | " + " | ".join(str(k) for k in result["by_language"]) + " |",
              "|---|" + "---|" * len(result["by_language"]),
              "| date same day | " + " | ".join(_pct(v["right"], v["pages"]) for v in result["by_language"].values())
              + " |"]
    return "\n".join(lines)


def format_wrong(result: dict, count: int) -> str:
    """The first `count` pages whose date is wrong with the URL known: truth, what was found and from where."""
    wrong = [row for row in result["rows"] if row["kind"] == "text" and not row["right"]]
    lines = [f"\n{len(wrong)} wrong with the URL known; the first {min(count, len(wrong))}:"]
    for row in wrong[:count]:
        lines.append(f"- {row['id']} truth {row['truth']} found {row['found']} "
                     f"{'(in dump) ' if row['in_dump'] else ''}{row['inferred_from'] or row['refused'] or ''}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    return run_measurement(argv, "python -m evaluation.dates", __doc__.split("\n")[0], evaluate, format_report,
                           format_wrong)


def run_measurement(argv: list[str] | None, prog: str, description: str, evaluate, format_report, format_wrong,
                    corpus_dir: Path | None = None) -> int:
    """The command line of a measurement over a corpus's split: `--split`, `--limit N`, `--show-wrong N` (train
    only: the test split is held back), `--json FILE` and, with a `corpus_dir` default, `--corpus-dir DIR`.
    Prints the report; returns 0 (it measures and never fails)."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--split", choices=("train", "test", "all"), default="test")
    parser.add_argument("--limit", type=int, default=None, help="the first N pages only (a quick check)")
    parser.add_argument("--show-wrong", type=int, default=0, metavar="N", help="list N wrong pages (train only)")
    parser.add_argument("--json", type=Path, help="also write every page's result here")
    if corpus_dir is not None:
        parser.add_argument("--corpus-dir", type=Path, default=corpus_dir, help="the corpus folder to measure")
    args = parser.parse_args(argv)
    if args.show_wrong and args.split != "train":
        parser.error("--show-wrong lists train pages only: the test split is held back (use --split train)")
    folder = {"corpus_dir": args.corpus_dir} if corpus_dir is not None else {}
    result = evaluate(None if args.split == "all" else args.split, args.limit, **folder)
    print(format_report(result))
    if args.show_wrong:
        print(format_wrong(result, args.show_wrong))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
