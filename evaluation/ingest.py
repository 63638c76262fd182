"""Measure newsdigest's ingest on the development corpus: `python -m evaluation.ingest [--split test]`.

`--corpus-dir DIR` measures another corpus in the same format instead, e.g. the L3S-GN1 pages built by
`python -m evaluation.build_gn1` (`--corpus-dir evaluation/gn1`); pages without a title or date truth count for
the body only.

Each page of the chosen split (default: the held-back `test` publishers) goes through the same entry point as
`newsdigest ingest --date-from-mtime` (`newsdigest.ingest.pipeline.extract_page`), once as its plain-text dump and
once as its HTML, with the page's URL where the corpus knows it and no source or other hint. A page that states no
date takes the fallback a saved file or a scraper record always has (its modification day, a record's
`fetched_at`); the corpus does not know those days, so a stand-in day on which no page was published is used:
the page is measured, not refused, and its date counts as wrong. Two baselines run on the same
text dumps: keep the whole dump, and keep every line of 15 or more words. For each method it prints body token
precision/recall/F1 (per page: mean, median, share under 0.8), exact titles, same-day dates, refused pages and
milliseconds per page, then body F1 per language and, with --show-worst N, the worst pages. Scoring is in
`evaluation/metrics.py`. It measures and never gates: the exit status is 0.

Text-dump figures leave out the pages whose article is not visible in the dump (`truth_in_dump` < 0.8: paywalls,
script-only text), since no cleaner can find text that is not there; they are listed apart. HTML figures use
every page.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass
from importlib import metadata
from datetime import date
from pathlib import Path
from typing import Callable

from evaluation import metrics
from evaluation.corpus import CORPUS_DIR, PAGES_FILE, CorpusPage, load_pages
from newsdigest.ingest import pipeline
from newsdigest.ingest.model import Extracted, IngestError, RawPage
from newsdigest.ingest.site_lines import SiteLineCounter, SiteLines

TRUTH_IN_DUMP_MIN = 0.8
# The modification day given to every page, as `--date-from-mtime` would: a day no corpus page was published on,
# so a page dated by the fallback is never counted as right.
STAND_IN_SAVED_DAY = date(1999, 12, 31)
DATE_FALLBACKS = pipeline.DateFallbacks(from_mtime=True)
F1_GOOD = 0.8

METHODS = {
    "ingest_text": "ingest, text dumps",
    "ingest_bare": "ingest, text dumps without their URL",
    "ingest_run": "ingest, text dumps read as one run (each site's lines on its other pages dropped)",
    "ingest_flat": "ingest, text dumps run into one line",
    "whole_dump": "keep the whole dump",
    "long_lines": f"keep every line of {metrics.LONG_LINE_WORDS}+ words",
    "ingest_html": "ingest, HTML input",
    "ingest_html_bare": "ingest, HTML without its URL (a page saved on its own)",
}
INGEST_METHODS = ("ingest_text", "ingest_bare", "ingest_run", "ingest_flat", "ingest_html", "ingest_html_bare")
TEXT_METHODS = ("ingest_text", "ingest_bare", "ingest_run", "ingest_flat", "whole_dump", "long_lines")

# Summary figures that are shares in [0, 1] (None where they do not apply, e.g. titles for a baseline).
FRACTIONS = ("body_f1_mean", "body_f1_median", "body_precision_mean", "body_recall_mean", "share_f1_below_0_8",
             "title_right", "date_same_day", "refused_share")

REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Row:
    """One page measured by one method."""

    method: str
    id: str
    language: str | None
    publisher: str
    precision: float
    recall: float
    f1: float
    found_tokens: int
    truth_tokens: int
    title_found: str | None = None
    title_truth: str | None = None
    title_right: bool | None = None           # None for the baselines (they find no title)
    date_found: str | None = None
    date_truth: str | None = None
    date_same_day: bool | None = None         # None when the truth has no date, or for the baselines
    date_day_difference: int | None = None    # found - truth, in calendar days
    date_inferred_from: str = ""              # set when the date came from a fallback, not from the page
    refused: str | None = None                # the message of the page's IngestError (or crash)
    crashed: bool = False                     # refused by an exception other than IngestError
    ms: float = 0.0                           # wall time of the extraction alone
    cpu_ms: float = 0.0                       # CPU time of the extraction alone (less noisy on a busy machine)
    title_in_dump: bool | None = None         # text dumps: the truth title is a line of the dump (None: no truth)
    date_in_dump: bool | None = None          # text dumps: the truth's day is a date written in the dump
    author_found: str | None = None
    author_right: bool | None = None          # None when the truth names no author (text dumps: none it prints)


# -- running the extractors ---------------------------------------------------------------------------

def raw_page(page: CorpusPage, kind: str) -> RawPage:
    """The corpus page as `ingest` would read it: its dump or HTML, its URL when known (as `--url` or a scraper
    record gives it; none for kinds "bare" and "html_bare", a page saved on its own), no source or date. Kind "flat"
    is the dump run into one line, as a scraper that stores text without its line breaks saves it; kind "run" the
    dump with its URL, as for "text" (read with the run's site lines)."""
    html = kind in ("html", "html_bare")
    name = page.id.replace("/", "_") + (".html" if html else ".txt")
    text = page.html if html else " ".join(page.dump.split()) if kind == "flat" else page.dump
    return RawPage(text=text, kind="html" if html else "text",
                   label=page.id, file_name=name, url="" if kind in ("bare", "html_bare") else page.url or "")


def run_ingest(page: CorpusPage, kind: str, site_lines: SiteLines = SiteLines()
               ) -> tuple[Extracted | None, str | None, bool, float, float]:
    """(extracted, refusal message, crashed, wall ms, CPU ms) for one page through `pipeline.extract_page`, with
    the lines its site prints on the run's other pages (`site_lines.py`) where given."""
    raw = raw_page(page, kind)
    extracted, refused, crashed = None, None, False
    start, start_cpu = time.perf_counter(), time.thread_time()
    try:
        extracted = pipeline.extract_page(raw, DATE_FALLBACKS, mtime=STAND_IN_SAVED_DAY, site_lines=site_lines)
    except IngestError as err:
        refused = str(err) or "IngestError"
    except Exception as err:  # a crash refuses the page too, and is counted apart
        refused, crashed = f"{type(err).__name__}: {err}", True
    ms, cpu_ms = (time.perf_counter() - start) * 1000, (time.thread_time() - start_cpu) * 1000
    return extracted, refused, crashed, ms, cpu_ms


def body_text(extracted: Extracted) -> str:
    return "\n\n".join(block.text for block in extracted.blocks)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def measure_ingest(pages: list[CorpusPage], kind: str, truths: dict[str, Counter],
                   site_lines: SiteLines = SiteLines()) -> list[Row]:
    method = {"text": "ingest_text", "bare": "ingest_bare", "run": "ingest_run", "flat": "ingest_flat",
              "html": "ingest_html", "html_bare": "ingest_html_bare"}[kind]
    if pages:  # untimed warm-up: imports and first-call set-up are not a page's cost
        run_ingest(pages[0], kind, site_lines)
    rows = []
    for page in pages:
        extracted, refused, crashed, ms, cpu_ms = run_ingest(page, kind, site_lines)
        if extracted is None:
            row = Row(method, page.id, page.language, page.publisher, 0.0, 0.0, 0.0, 0, sum(truths[page.id].values()),
                      title_truth=page.title, title_right=False if page.title else None, date_truth=page.published,
                      date_same_day=False if page.published else None, refused=refused, crashed=crashed, ms=ms,
                      cpu_ms=cpu_ms)
        else:
            overlap = metrics.body_overlap(body_text(extracted), truths[page.id])
            row = Row(method, page.id, page.language, page.publisher, overlap.precision, overlap.recall,
                      overlap.f1, overlap.found, overlap.truth,
                      title_found=extracted.title, title_truth=page.title,
                      title_right=metrics.title_right(extracted.title, page.title) if page.title else None,
                      date_found=_iso(extracted.published), date_truth=page.published,
                      date_same_day=metrics.same_day(extracted.published, page.published),
                      date_day_difference=metrics.day_difference(extracted.published, page.published),
                      date_inferred_from=getattr(extracted, "date_inferred_from", "") or "", ms=ms, cpu_ms=cpu_ms)
        row.author_found = extracted.author if extracted is not None else None
        if page.authors and (kind == "html" or metrics.author_in_dump(page.authors, page.dump)):
            row.author_right = metrics.author_right(row.author_found, page.authors)
        if kind != "html":
            row.title_in_dump = metrics.title_in_dump(page.title, page.dump) if page.title else None
            row.date_in_dump = metrics.date_in_dump(page.published, page.dump, page.language) if page.published \
                else None
        rows.append(row)
    return rows


def measure_baseline(pages: list[CorpusPage], method: str, clean: Callable[[str], str],
                     truths: dict[str, Counter]) -> list[Row]:
    rows = []
    for page in pages:
        start, start_cpu = time.perf_counter(), time.thread_time()
        kept = clean(page.dump)
        ms, cpu_ms = (time.perf_counter() - start) * 1000, (time.thread_time() - start_cpu) * 1000
        overlap = metrics.body_overlap(kept, truths[page.id])
        rows.append(Row(method, page.id, page.language, page.publisher, overlap.precision, overlap.recall,
                        overlap.f1, overlap.found, overlap.truth, ms=ms, cpu_ms=cpu_ms))
    return rows


# -- summaries ----------------------------------------------------------------------------------------

def summarise(method: str, rows: list[Row]) -> dict:
    """The figures of one method over its pages (shares in [0, 1]; None where a figure does not apply)."""
    f1s = [row.f1 for row in rows]
    finds_meta = method in INGEST_METHODS
    dated = [row for row in rows if row.date_truth]
    titled = [row for row in rows if row.title_truth]
    refused = [row for row in rows if row.refused is not None]
    return {
        "label": METHODS[method],
        "pages": len(rows),
        "body_f1_mean": metrics.mean(f1s),
        "body_f1_median": metrics.median(f1s),
        "body_precision_mean": metrics.mean([row.precision for row in rows]),
        "body_recall_mean": metrics.mean([row.recall for row in rows]),
        "share_f1_below_0_8": metrics.share([f1 < F1_GOOD for f1 in f1s]),
        "title_pages": len(titled) if finds_meta else None,
        "title_right": metrics.share([bool(row.title_right) for row in titled]) if finds_meta else None,
        "title_right_count": sum(bool(row.title_right) for row in titled) if finds_meta else None,
        "date_pages": len(dated) if finds_meta else None,
        "date_same_day": metrics.share([bool(row.date_same_day) for row in dated]) if finds_meta else None,
        "date_same_day_count": sum(bool(row.date_same_day) for row in dated) if finds_meta else None,
        "date_off_by_one_day": sum(abs(row.date_day_difference or 0) == 1 for row in dated) if finds_meta else None,
        "date_fallbacks": sum(bool(row.date_inferred_from) for row in rows) if finds_meta else None,
        # Text dumps only: how many truths the dump shows at all (the most an extractor can get right), and how
        # many of those were found.
        "title_in_dump": _count_if(titled, "title_in_dump"),
        "title_right_in_dump": _count_if(titled, "title_in_dump", "title_right"),
        "date_in_dump": _count_if(dated, "date_in_dump"),
        "date_right_in_dump": _count_if(dated, "date_in_dump", "date_same_day"),
        "author_pages": sum(row.author_right is not None for row in rows) if finds_meta else None,
        "author_right_count": sum(bool(row.author_right) for row in rows) if finds_meta else None,
        "refused": len(refused),
        "refused_share": len(refused) / len(rows) if rows else None,
        "crashed": sum(row.crashed for row in rows),
        "ms_per_page": metrics.mean([row.ms for row in rows]),
        "cpu_ms_per_page": metrics.mean([row.cpu_ms for row in rows]),
        "ms_total": sum(row.ms for row in rows),
    }


def _count_if(rows: list[Row], *flags: str) -> int | None:
    """How many rows have every flag true; None when the first flag is not measured for these rows."""
    if all(getattr(row, flags[0]) is None for row in rows):
        return None
    return sum(all(getattr(row, flag) for flag in flags) for row in rows)


def by_language(rows_by_method: dict[str, list[Row]]) -> dict[str, dict[str, dict]]:
    """{language: {method: {"pages": n, "body_f1_mean": x}}}."""
    table: dict[str, dict[str, dict]] = {}
    for method, rows in rows_by_method.items():
        groups: dict[str, list[float]] = {}
        for row in rows:
            groups.setdefault(row.language or "?", []).append(row.f1)
        for language, f1s in groups.items():
            table.setdefault(language, {})[method] = {"pages": len(f1s), "body_f1_mean": metrics.mean(f1s)}
    return dict(sorted(table.items(), key=lambda item: (-max(m["pages"] for m in item[1].values()), item[0])))


def environment() -> dict:
    def version(package: str) -> str | None:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return None

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", "-C", str(REPO_ROOT), *args], capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.rstrip() if done.returncode == 0 else None

    status = git("status", "--porcelain", "--", "newsdigest")
    kinds = {"?": "new", "D": "deleted", "A": "new"}
    changed = None if status is None else [
        f"{line[3:]} ({kinds.get(line[:2].strip()[:1], 'modified')})" for line in status.splitlines()]
    return {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "trafilatura": version("trafilatura"),
        "htmldate": version("htmldate"),
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes": changed,  # files of newsdigest/ that differ from the commit, None without git
        "processes": 1,
    }


def evaluate(split: str | None, *, only: str | None = None, limit: int | None = None,
             progress: Callable[[str], None] | None = None, corpus_dir: Path | None = None) -> dict:
    """Run every method on the split of the corpus in `corpus_dir` (default: the development corpus); returns the
    figures, the per-language table and the per-page rows."""
    pages = load_pages(split) if corpus_dir is None else load_pages(split, corpus_dir)
    if limit is not None:
        pages = pages[:limit]
    truths = {page.id: metrics.tokens(page.body) for page in pages}
    visible = [page for page in pages if page.truth_in_dump >= TRUTH_IN_DUMP_MIN]
    hidden = [page for page in pages if page.truth_in_dump < TRUTH_IN_DUMP_MIN]
    rows: dict[str, list[Row]] = {}
    say = progress or (lambda message: None)
    if only in (None, "text"):
        say(f"ingest, text dumps: {len(visible)} pages")
        rows["ingest_text"] = measure_ingest(visible, "text", truths)
        say(f"ingest, text dumps without their URL: {len(visible)} pages")
        rows["ingest_bare"] = measure_ingest(visible, "bare", truths)
        say(f"ingest, text dumps read as one run: {len(visible)} pages")
        rows["ingest_run"] = measure_ingest(visible, "run", truths, run_site_lines(pages))
        say(f"ingest, text dumps run into one line: {len(visible)} pages")
        rows["ingest_flat"] = measure_ingest(visible, "flat", truths)
        rows["whole_dump"] = measure_baseline(visible, "whole_dump", metrics.whole_dump, truths)
        rows["long_lines"] = measure_baseline(visible, "long_lines", metrics.long_lines, truths)
    if only in (None, "html"):
        say(f"ingest, HTML input: {len(pages)} pages (trafilatura)")
        rows["ingest_html"] = measure_ingest(pages, "html", truths)
        say(f"ingest, HTML without its URL: {len(pages)} pages")
        rows["ingest_html_bare"] = measure_ingest(pages, "html_bare", truths)
    return {
        "corpus_dir": _shown_path(corpus_dir or CORPUS_DIR),
        "split": split or "all",
        "limit": limit,
        "pages": len(pages),
        "languages": len({page.language for page in pages}),
        "corpora": dict(Counter(page.corpus for page in pages)),
        "truth_in_dump_min": TRUTH_IN_DUMP_MIN,
        "excluded_from_text": [{"id": page.id, "truth_in_dump": page.truth_in_dump} for page in hidden],
        "long_lines_rule": f"lines of {metrics.LONG_LINE_WORDS}+ words; a character of a script written without "
                           f"spaces ({', '.join(metrics.NO_SPACE_SCRIPTS)}) counts as half a word",
        "environment": environment(),
        "methods": {method: summarise(method, method_rows) for method, method_rows in rows.items()},
        "by_language": by_language(rows),
        "rows": [asdict(row) for method_rows in rows.values() for row in method_rows],
    }


def run_site_lines(pages: list[CorpusPage]) -> SiteLines:
    """What each site prints on several of the pages, as `ingest` learns it when they are ingested in one run: from
    every page's dump under its URL (its text only: no truth is read)."""
    counter = SiteLineCounter()
    for page in pages:
        if page.url:
            counter.add_page(page.url, page.dump)
    return counter.site_lines()


def _shown_path(path: Path) -> str:
    """A corpus folder as the report names it: relative to the repository when inside it."""
    resolved = path.resolve()
    return str(resolved.relative_to(REPO_ROOT)) if resolved.is_relative_to(REPO_ROOT) else str(resolved)


# -- output -------------------------------------------------------------------------------------------

def _num(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _cell(text: str | None, width: int = 70) -> str:
    text = " ".join((text or "").split()).replace("|", "\\|")
    return text if len(text) <= width else text[: width - 1] + "…"


def format_report(result: dict, show_worst: int = 0) -> str:
    methods = result["methods"]
    out = []
    env = result["environment"]
    excluded = result["excluded_from_text"]
    corpora = ", ".join(f"{n} {name}" for name, n in sorted(result["corpora"].items()))
    corpus_dir = result.get("corpus_dir")
    of_corpus = f" of `{corpus_dir}`" if corpus_dir and corpus_dir != _shown_path(CORPUS_DIR) else ""
    out.append(f"Split `{result['split']}`{of_corpus}: {result['pages']} pages ({corpora}), "
               f"{result['languages']} languages"
               + (f" (first {result['limit']} pages only)" if result["limit"] is not None else "") + ".")
    out.append("")
    out.append("| method | pages | body F1 mean | median | P | R | F1 < 0.8 | title right | date same day "
               "| refused | crashed | ms/page |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for key in METHODS:
        if key not in methods:
            continue
        m = methods[key]
        title = "–" if m["title_right"] is None else \
            f"{_pct(m['title_right'])} ({m['title_right_count']}/{m['title_pages']})"
        date = "–" if m["date_same_day"] is None else \
            f"{_pct(m['date_same_day'])} ({m['date_same_day_count']}/{m['date_pages']})"
        refused = f"{m['refused']} ({_pct(m['refused_share'])})"
        ms = _num(m["ms_per_page"], 1 if (m["ms_per_page"] or 0) >= 1 else 2)
        out.append(f"| {m['label']} | {m['pages']} | {_num(m['body_f1_mean'])} | {_num(m['body_f1_median'])} "
                   f"| {_num(m['body_precision_mean'])} | {_num(m['body_recall_mean'])} "
                   f"| {_pct(m['share_f1_below_0_8'])} | {title} | {date} | {refused} | {m['crashed']} | {ms} |")
    out.append("")
    notes = ["Body: bag-of-tokens precision/recall/F1 per page, averaged over pages (NFKC, casefolded words; one "
             "token per character in Han, Kana, Thai, Lao, Khmer, Myanmar); a refused page scores 0.",
             "Title: exact after NFKC, straightened quotes and dashes, collapsed spaces (zero-width ones dropped), "
             "no trailing period, casefolded, over the pages whose truth has a title. Date: the extracted calendar "
             "day equals the truth's, each as written in its own offset, over the pages whose truth has a date; a "
             "refused page is wrong on both.",
             f"ms/page: wall time of the extraction alone, one process on one core, after one untimed warm-up page"
             f" (python {env['python']}, trafilatura {env['trafilatura']}, commit {env['commit']}"
             + (f", with uncommitted changes: {', '.join(env['uncommitted_changes'])}"
                if env["uncommitted_changes"] else "")
             + "). CPU time per page (steadier when other work shares the cores): "
             + ", ".join(f"{methods[key]['label']} {_num(methods[key]['cpu_ms_per_page'], 1)} ms"
                         for key in INGEST_METHODS if key in methods) + "."]
    if any(key in methods for key in TEXT_METHODS):
        notes.append(f"Text-dump rows leave out {len(excluded)} page(s) whose article is not visible in the dump "
                     f"(truth_in_dump < {result['truth_in_dump_min']}); the HTML row uses all {result['pages']}."
                     + (" Left out: " + ", ".join(f"{e['id']} ({e['truth_in_dump']:.2f})" for e in excluded) + "."
                        if excluded else ""))
        notes.append(f"Baseline \"{METHODS['long_lines']}\": {result['long_lines_rule']}.")
    authors = [f"{methods[key]['label']} {methods[key]['author_right_count']}/{methods[key]['author_pages']}"
               for key in INGEST_METHODS if key in methods and methods[key].get("author_pages")]
    if authors:
        notes.append("Author: the extracted author names one of the truth's authors (words compared, NFKC, "
                     "casefolded), over the pages whose truth names one (text dumps: one the dump prints): "
                     + ", ".join(authors) + ".")
    for key in INGEST_METHODS:
        m = methods.get(key)
        shown = []
        if m and m["title_in_dump"] is not None:
            shown.append(f"the truth title is a line of the dump on {m['title_in_dump']}/{m['title_pages']} pages "
                         f"({_pct(metrics.ratio(m['title_in_dump'], m['title_pages']))}; right on "
                         f"{m['title_right_in_dump']} of them)")
        if m and m["date_in_dump"] is not None:
            shown.append(f"the truth's day is a date written in the dump on {m['date_in_dump']}/{m['date_pages']} "
                         f"({_pct(metrics.ratio(m['date_in_dump'], m['date_pages']))}; right on "
                         f"{m['date_right_in_dump']} of them)")
        if shown:
            notes.append(f"{m['label']}, what the dump shows: " + "; ".join(shown) + ". The other pages' truths "
                         "come from the page's metadata (og:title, <title>, JSON-LD), which a text dump does not "
                         "carry.")
        if key in methods and methods[key]["date_fallbacks"]:
            counted = "counted wrong" if methods[key]["date_pages"] else "not counted: no page has a date truth"
            notes.append(f"{methods[key]['label']}: {methods[key]['date_fallbacks']} page(s) state no date the "
                         f"extractor found and took the fallback (the file's modification day, as with "
                         f"--date-from-mtime; a stand-in day here, so {counted}); without a fallback "
                         f"they would be refused.")
        if key in methods and methods[key]["date_off_by_one_day"]:
            notes.append(f"{methods[key]['label']}: {methods[key]['date_off_by_one_day']} date miss(es) are one "
                         f"calendar day off (often a time zone).")
    out.extend(f"- {note}" for note in notes)

    present = [key for key in METHODS if key in methods]
    out.append("")
    out.append("| language | " + " | ".join(f"{METHODS[key]} (pages, F1)" for key in present) + " |")
    out.append("|---|" + "---|" * len(present))
    for language, cells in result["by_language"].items():
        parts = [f"{cells[key]['pages']}, {_num(cells[key]['body_f1_mean'])}" if key in cells else "–"
                 for key in present]
        out.append(f"| {language} | " + " | ".join(parts) + " |")

    if show_worst:
        by_method: dict[str, list[dict]] = {}
        for row in result["rows"]:
            by_method.setdefault(row["method"], []).append(row)
        for key in INGEST_METHODS:
            if key not in by_method:
                continue
            worst = sorted(by_method[key], key=lambda row: (row["f1"], row["id"]))[:show_worst]
            out.append("")
            out.append(f"Worst {len(worst)} pages, {METHODS[key]}:")
            out.append("")
            out.append("| page | lang | F1 | P | R | why |")
            out.append("|---|---|---|---|---|---|")
            for row in worst:
                out.append(f"| {row['id']} | {row['language']} | {row['f1']:.3f} | {row['precision']:.3f} "
                           f"| {row['recall']:.3f} | {_cell(why(row), 320)} |")
    return "\n".join(out)


def format_readme(result: dict) -> str:
    """The two tables for the README: the main one, and body F1 by language with languages as columns."""
    report = format_report(result)
    main_table = report[report.index("| method |"):].split("\n\n")[0]
    if not any(m["crashed"] for m in result["methods"].values()):  # drop the crashed column when it is all 0
        main_table = "\n".join("|".join(line.split("|")[:11] + line.split("|")[12:])
                               for line in main_table.splitlines())
    languages = result["by_language"]
    present = [key for key in INGEST_METHODS if key in result["methods"]]
    out = [main_table, "",
           "| body F1 by language (pages) | " + " | ".join(
               f"{language} ({max(cell['pages'] for cell in cells.values())})"
               for language, cells in languages.items()) + " |",
           "|---|" + "---|" * len(languages)]
    for key in present:
        out.append(f"| {METHODS[key]} | " + " | ".join(
            _num(cells[key]["body_f1_mean"], 2) if key in cells else "–" for cells in languages.values()) + " |")
    return "\n".join(out)


def why(row: dict) -> str:
    """In words, what went wrong on one page."""
    if row["refused"] is not None:
        return f"{'crashed' if row['crashed'] else 'refused'}: {row['refused']}"
    parts = []
    if row["precision"] < F1_GOOD and row["recall"] < F1_GOOD:
        parts.append("wrong text")
    elif row["precision"] < F1_GOOD <= row["recall"]:
        parts.append("kept too much")
    elif row["recall"] < F1_GOOD <= row["precision"]:
        parts.append("cut short")
    if row["title_right"] is False:
        parts.append(f"title: found “{_cell(row['title_found'], 90)}”, truth “{_cell(row['title_truth'], 90)}”")
    if row["date_same_day"] is False:
        parts.append(f"date: found {row['date_found'] or 'none'}, truth {row['date_truth']}")
    return "; ".join(parts) or "–"


# -- command line -------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.ingest", description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("test", "train", "all"), default="test",
                        help="corpus split to measure on (default: test, the held-back publishers)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every figure and per-page row here")
    parser.add_argument("--only", choices=("text", "html"), help="measure only text dumps (with the baselines) or "
                                                                  "only HTML")
    parser.add_argument("--limit", type=int, metavar="N", help="measure only the first N pages of the split (by id)")
    parser.add_argument("--show-worst", type=int, default=0, metavar="N",
                        help="list the N worst pages of each ingest method, with why")
    parser.add_argument("--readme", action="store_true",
                        help="print only the README's two tables (languages as columns)")
    parser.add_argument("--corpus-dir", type=Path, default=None, metavar="DIR",
                        help=f"the corpus folder to measure (default: the development corpus, "
                             f"{_shown_path(CORPUS_DIR)}; e.g. evaluation/gn1 from evaluation.build_gn1)")
    args = parser.parse_args(argv)
    corpus_file = (args.corpus_dir or CORPUS_DIR) / PAGES_FILE
    if not corpus_file.exists():
        builder = "`python -m evaluation.build_corpus`" if args.corpus_dir is None else \
            "`python -m evaluation.build_gn1` (L3S-GN1) or `python -m evaluation.build_corpus --out DIR`"
        print(f"error: {corpus_file} is missing: build it with {builder}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    result = evaluate(None if args.split == "all" else args.split, only=args.only, limit=args.limit,
                      progress=lambda message: print(f"measuring {message}...", file=sys.stderr),
                      corpus_dir=args.corpus_dir)
    result["seconds"] = round(time.perf_counter() - started, 1)
    if args.readme:
        print(format_readme(result))
    else:
        print(format_report(result, args.show_worst))
        print(f"\n({result['seconds']} s in all, corpus loading and scoring included)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
