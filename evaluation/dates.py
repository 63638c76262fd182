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

`--corpus-dir DIR` measures another corpus instead. A corpus in the development corpus's format
(`evaluation.corpus.CorpusPage` records, such as `evaluation/mercury/` from `python -m evaluation.build_mercury`)
gives its real title truth (the column says "page title", not "derived headline"), its pages without a date
truth count for the title only, and where it stores HTML the same pages are measured as HTML too. A date truth
given as a UTC instant ("2016-09-19T11:46:01.000Z", as Postlight Parser's tests give it) is right on the same
UTC day, and also, when the date found has no offset or a non-zero one (the page's local day), on any day the
instant falls on somewhere between UTC-12 and UTC+14; the pages right only through that allowance are counted
apart under the table.

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
from datetime import date, datetime, timedelta
from pathlib import Path

from evaluation import metrics
from evaluation.corpus import PAGES_FILE
from evaluation.ingest import DATE_FALLBACKS, STAND_IN_SAVED_DAY
from newsdigest.ingest import pipeline
from newsdigest.ingest.dates import find_dates
from newsdigest.ingest.model import IngestError, RawPage
from newsdigest.ingest.publication_date import date_in_url

DATE_CORPUS_DIR = Path(__file__).resolve().parent / "date-corpus"
REPO_ROOT = Path(__file__).resolve().parents[1]
KINDS = {"text": "ingest, text dumps (URL known)", "bare": "ingest, text dumps without their URL"}
# Measured too where the corpus stores each page's HTML (the date corpus stores dumps only).
HTML_KINDS = {"html": "ingest, HTML input (URL known)"}
# The offsets a local day can have against UTC: a UTC instant's day somewhere on Earth lies in this range.
EARLIEST_OFFSET, LATEST_OFFSET = timedelta(hours=-12), timedelta(hours=14)


@dataclass(frozen=True)
class DatedPage:
    id: str
    source: str
    split: str
    publisher_group: str
    language: str | None
    url: str
    published: str | None  # None: no date truth (only in a corpus of the development corpus's format)
    headline: str | None   # derived: the page's <h1> where its metadata headline agrees and the dump prints it
    dump: str
    html: str = ""  # the page's (slimmed) HTML, where the corpus stores it
    title_is_page_title: bool = False  # `headline` is the corpus's title truth, not a derived headline


def dated_page(record: dict) -> DatedPage:
    """A page of the date corpus's records, or of the development corpus's format (`CorpusPage`: its `title` is
    the title truth and its HTML is kept)."""
    if "headline" in record:
        return DatedPage(**record)
    return DatedPage(id=record["id"], source=record["corpus"], split=record["split"],
                     publisher_group=record["publisher_group"], language=record["language"], url=record["url"] or "",
                     published=record["published"], headline=record["title"], dump=record["dump"],
                     html=record.get("html") or "", title_is_page_title=True)


@functools.cache
def load_dated_pages(split: str | None = None, corpus_dir: Path = DATE_CORPUS_DIR) -> tuple[DatedPage, ...]:
    """The pages of `split` (None: all) of the date corpus, or of the corpus in `corpus_dir`."""
    with lzma.open(corpus_dir / PAGES_FILE, "rt", encoding="utf-8") as lines:
        pages = (dated_page(json.loads(line)) for line in lines if line.strip())
        return tuple(page for page in pages if split is None or page.split == split)


def _is_utc_instant(truth: str | None) -> bool:
    """Whether a date truth is a date-time in UTC written with "Z", which names no local day."""
    return bool(truth) and "T" in truth and truth.rstrip().endswith("Z")


def local_days(truth: str) -> tuple[date, date]:
    """The first and last calendar day a UTC instant falls on somewhere between UTC-12 and UTC+14."""
    instant = datetime.fromisoformat(truth.strip())
    return (instant + EARLIEST_OFFSET).date(), (instant + LATEST_OFFSET).date()


def day_right(found: str | None, truth: str | None) -> tuple[bool, bool]:
    """(right, right only through the local-day allowance). Right is the truth's calendar day, each in its own
    offset (`metrics.same_day`). A truth given as a UTC instant names no local day, while a page prints its own:
    a found date without an offset, or with a non-zero one, is also right on any day the instant falls on
    between UTC-12 and UTC+14 (`local_days`). A date found in UTC gets no allowance."""
    if metrics.same_day(found, truth):
        return True, False
    if not found or not _is_utc_instant(truth):
        return False, False
    if "T" in found and datetime.fromisoformat(found).utcoffset() == timedelta(0):
        return False, False
    first, last = local_days(truth)
    allowed = first <= metrics.calendar_day(found) <= last
    return allowed, allowed


def _day_shown(truth: str, dump: str, language: str | None, url_day) -> bool:
    """Whether a day that counts as right is a date the date finder reads in the dump (either day-month
    order), or the URL's date (`url_day`, None without one)."""
    if not _is_utc_instant(truth):
        return metrics.date_in_dump(truth, dump, language) or \
            (url_day is not None and bool(metrics.same_day(url_day, truth)))
    first, last = local_days(truth)
    shown = [found.day for order in ("DMY", "MDY") for found in find_dates(dump, language, order)]
    shown += [metrics.calendar_day(url_day)] if url_day is not None else []
    return any(first <= day <= last for day in shown)


@dataclass
class DateRow:
    """One page measured one way (`kind`: "text" with its URL, "bare" without)."""

    kind: str
    id: str
    language: str | None
    truth: str | None  # None: the page has no date truth and counts for its title only
    found: str | None
    right: bool
    day_difference: int | None
    inferred_from: str
    refused: str | None
    in_dump: bool | None  # None for HTML input and for pages without a date truth
    ms: float
    title_right: bool | None = None   # against the derived headline (or title truth); None where there is none
    right_by_allowance: bool = False  # right only through the local-day allowance of a UTC truth (`day_right`)
    title_found: str | None = None
    title_truth: str | None = None  # the page's derived headline or title truth


def measure(page: DatedPage, kind: str) -> DateRow:
    """The page through `pipeline.extract_page` as a text dump, with its URL (kind "text") or without ("bare"),
    or as its HTML with its URL (kind "html")."""
    html = kind == "html"
    raw = RawPage(text=page.html if html else page.dump, kind="html" if html else "text", label=page.id,
                  file_name=page.id.replace("/", "_") + (".html" if html else ".txt"),
                  url=page.url if kind != "bare" else "")
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
    in_dump = _day_shown(page.published, page.dump, page.language, url_day) \
        if page.published and not html else None
    title_right = metrics.title_right(title, page.headline) if page.headline else None
    right, by_allowance = day_right(found, page.published)
    return DateRow(kind, page.id, page.language, page.published, found, right,
                   metrics.day_difference(found, page.published), inferred, refused, in_dump, ms, title_right,
                   by_allowance, title, page.headline)


def evaluate(split: str | None, limit: int | None = None, corpus_dir: Path = DATE_CORPUS_DIR) -> dict:
    """Every page of `split` (None: all) measured every way (as HTML too where the corpus stores it): the summary
    per way, per language, and every row."""
    pages = list(load_dated_pages(split, corpus_dir))[:limit]
    kinds = [*KINDS, *(HTML_KINDS if pages and all(page.html for page in pages) else ())]
    rows = [measure(page, kind) for kind in kinds for page in pages]
    summary = {}
    for kind in kinds:
        mine = [row for row in rows if row.kind == kind]
        dated = [row for row in mine if row.truth]
        bound = [row for row in dated if row.in_dump]
        summary[kind] = {
            "pages": len(mine), "dated": len(dated), "right": sum(row.right for row in dated),
            "in_dump": None if kind == "html" else len(bound), "right_of_in_dump": sum(row.right for row in bound),
            "right_by_allowance": sum(row.right_by_allowance for row in dated),
            "utc_truths": sum(_is_utc_instant(row.truth) for row in dated),
            "fallback": sum(row.inferred_from.startswith("file modification") for row in dated),
            "one_day_off": sum(not row.right and row.day_difference in (-1, 1) for row in dated),
            "refused": sum(row.refused is not None for row in mine),
            "headlines": sum(row.title_right is not None for row in mine),
            "headline_right": sum(bool(row.title_right) for row in mine),
            "ms": sum(row.ms for row in mine) / max(1, len(mine)),
        }
    languages = Counter(page.language for page in pages if page.published)
    by_language = {language: {"pages": count, "right": sum(row.right for row in rows
                                                           if row.kind == "text" and row.language == language
                                                           and row.truth)}
                   for language, count in languages.most_common(8)}
    return {"split": split or "all", "summary": summary, "by_language": by_language,
            "corpus_dir": None if corpus_dir.resolve() == DATE_CORPUS_DIR else _shown_path(corpus_dir),
            "title_truth": "page title" if pages and all(page.title_is_page_title for page in pages)
            else "derived headline", "rows": [asdict(row) for row in rows]}


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.1%} ({part}/{whole})" if whole else "–"


def format_report(result: dict) -> str:
    """The summary and the per-language figures as Markdown tables."""
    corpus = f"Corpus `{result['corpus_dir']}`" if result.get("corpus_dir") else "Date corpus"
    lines = [f"{corpus}, split `{result['split']}`:", "",
             "| method | pages | date same day | truth's day in the dump or URL | right of those | fallback day "
             f"(no date found) | one day off | refused | title = {result.get('title_truth', 'derived headline')} "
             "| ms/page |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for kind, label in (KINDS | HTML_KINDS).items():
        if kind not in result["summary"]:
            continue
        s = result["summary"][kind]
        shown = "–" if s["in_dump"] is None else _pct(s["in_dump"], s["dated"])
        of_shown = "–" if s["in_dump"] is None else _pct(s["right_of_in_dump"], s["in_dump"])
        lines.append(f"| {label} | {s['pages']} | {_pct(s['right'], s['dated'])} | {shown} "
                     f"| {of_shown} | {s['fallback']} | {s['one_day_off']} "
                     f"| {s['refused']} | {_pct(s['headline_right'], s['headlines'])} | {s['ms']:.1f} |")
    summaries = result["summary"].values()
    if any(s["dated"] != s["pages"] for s in summaries):
        lines += ["", f"Dates over the {next(iter(summaries))['dated']} pages with a date truth; the other pages "
                  "count for their title only."]
    if any(s.get("utc_truths") for s in summaries):
        lines += ["", "Date truths given as a UTC instant: right on the UTC day, or, for a date found without an "
                  "offset or with a non-zero one, on a day the instant falls on between UTC-12 and UTC+14. Right "
                  "only through that allowance: " + ", ".join(
                      f"{(KINDS | HTML_KINDS)[kind]} {s['right_by_allowance']} of {s['right']}"
                      for kind, s in result["summary"].items()) + "."]
    lines += ["", "| language (URL known) | " + " | ".join(str(k) for k in result["by_language"]) + " |",
              "|---|" + "---|" * len(result["by_language"]),
              "| date same day | " + " | ".join(_pct(v["right"], v["pages"]) for v in result["by_language"].values())
              + " |"]
    return "\n".join(lines)


def format_wrong(result: dict, count: int) -> str:
    """The first `count` pages whose date is wrong with the URL known: truth, what was found and from where; and,
    where the corpus's title truth is the page title, the first `count` wrong titles too."""
    wrong = [row for row in result["rows"] if row["kind"] == "text" and row["truth"] and not row["right"]]
    lines = [f"\n{len(wrong)} wrong with the URL known; the first {min(count, len(wrong))}:"]
    for row in wrong[:count]:
        lines.append(f"- {row['id']} truth {row['truth']} found {row['found']} "
                     f"{'(in dump) ' if row['in_dump'] else ''}{row['inferred_from'] or row['refused'] or ''}")
    if result.get("title_truth") == "page title":
        titles = [row for row in result["rows"] if row["kind"] == "text" and row["title_right"] is False]
        lines.append(f"\n{len(titles)} titles wrong with the URL known; the first {min(count, len(titles))} "
                     "(found | truth | page):")
        lines += [f"- {row['title_found'] or row['refused']} | {row['title_truth']} | {row['id']}"
                  for row in titles[:count]]
    return "\n".join(lines)


def _shown_path(path: Path) -> str:
    """A corpus folder as the report names it: relative to the repository when inside it."""
    resolved = path.resolve()
    return str(resolved.relative_to(REPO_ROOT)) if resolved.is_relative_to(REPO_ROOT) else str(resolved)


def main(argv: list[str] | None = None) -> int:
    return run_measurement(argv, "python -m evaluation.dates", __doc__.split("\n")[0], evaluate, format_report,
                           format_wrong, DATE_CORPUS_DIR)


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
