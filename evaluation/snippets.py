"""Measure ingest's article text on the snippet corpus: `python -m evaluation.snippets [--split train|test|all]`.

Every page of `evaluation/snippet-corpus/` (trafilatura's evaluation pages of about 900 sites as plain-text
dumps; see its README) goes through `ingest`'s own `pipeline.extract_page` as a text dump with its URL. Each page
comes with snippets its article text must hold ("with") and snippets of its menus, footers and teasers it must
not ("without"), as trafilatura's own evaluation scores them: a kept snippet found in the body is a true
positive, one missing a false negative; a dropped snippet found is a false positive, one absent a true negative.
Precision, recall and F1 are over all snippets of the split; "pages all right" is the share of pages with every
snippet right. A snippet is found when its text, after NFKC, casefolding, straightened quotes and collapsed
white space, is a substring of the body's text so normalised (the headline is not part of the body). "In the
dump" counts the kept snippets the dump shows at all, the most a text cleaner can keep. The two baselines of
`evaluation.ingest` (the whole dump; every line of 15+ words) run on the same pages.

The `test` split is held back: `--show-wrong` lists the pages of `train` only. It measures and never fails.
"""

from __future__ import annotations

import functools
import json
import lzma
import re
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from evaluation import metrics
from evaluation.build_snippet_corpus import SNIPPET_CORPUS_DIR
from evaluation.corpus import PAGES_FILE
from evaluation.dates import run_measurement
from evaluation.ingest import DATE_FALLBACKS, STAND_IN_SAVED_DAY, body_text
from newsdigest.ingest import pipeline
from newsdigest.ingest.model import IngestError, RawPage

METHODS = {"ingest": "ingest, text dumps (URL known)", "whole_dump": "keep the whole dump",
           "long_lines": f"keep every line of {metrics.LONG_LINE_WORDS}+ words"}
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SnippetPage:
    id: str
    split: str
    publisher_group: str
    language: str | None
    url: str
    with_: tuple[str, ...]     # snippets of the main text: to keep
    without: tuple[str, ...]   # snippets of the page's other parts: to drop
    dump: str


@functools.cache
def load_snippet_pages(split: str | None = None, corpus_dir: Path = SNIPPET_CORPUS_DIR) -> tuple[SnippetPage, ...]:
    """The snippet corpus's pages of `split` (None: all)."""
    pages = []
    with lzma.open(corpus_dir / PAGES_FILE, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                record["with_"] = tuple(record.pop("with"))
                record["without"] = tuple(record["without"])
                pages.append(SnippetPage(**record))
    return tuple(page for page in pages if split is None or page.split == split)


def normalised(text: str) -> str:
    """Text as snippets are matched: NFKC, casefolded, straight quotes and dashes, no soft hyphens, single spaces."""
    return _SPACE.sub(" ", metrics.straightened(text).casefold()).strip()


@dataclass
class SnippetRow:
    """One page read one way: how many of its snippets came out right."""

    method: str
    id: str
    language: str | None
    kept: int            # snippets to keep that the body holds (true positives)
    missed: int          # snippets to keep that it lacks (false negatives)
    leaked: int          # snippets to drop that it holds (false positives)
    dropped: int         # snippets to drop that it lacks (true negatives)
    keep_in_dump: int    # snippets to keep that the dump shows at all
    refused: str | None
    ms: float
    missed_snippets: list[str]
    leaked_snippets: list[str]


def score(method: str, page: SnippetPage, body: str, refused: str | None = None, ms: float = 0.0) -> SnippetRow:
    """The page's snippets checked against `body` (the extracted text)."""
    text, dump = normalised(body), normalised(page.dump)
    keep = [normalised(s) for s in page.with_]
    drop = [normalised(s) for s in page.without]
    missed = [s for s in keep if s not in text]
    leaked = [s for s in drop if s in text]
    return SnippetRow(method, page.id, page.language, len(keep) - len(missed), len(missed), len(leaked),
                      len(drop) - len(leaked), sum(s in dump for s in keep), refused, ms, missed, leaked)


def measure(page: SnippetPage) -> SnippetRow:
    """The page through `pipeline.extract_page` as a text dump with its URL."""
    raw = RawPage(text=page.dump, kind="text", label=page.id, file_name=page.id.replace("/", "_") + ".txt",
                  url=page.url)
    body, refused = "", None
    start = time.perf_counter()
    try:
        body = body_text(pipeline.extract_page(raw, DATE_FALLBACKS, mtime=STAND_IN_SAVED_DAY))
    except IngestError as err:
        refused = str(err) or "IngestError"
    except Exception as err:  # a crash counts as a refusal, with its kind
        refused = f"{type(err).__name__}: {err}"
    return score("ingest", page, body, refused, (time.perf_counter() - start) * 1000)


def summarise(rows: list[SnippetRow]) -> dict:
    """Snippet precision, recall, F1 and accuracy over `rows`, pages all right, refusals."""
    tp, fn = sum(r.kept for r in rows), sum(r.missed for r in rows)
    fp, tn = sum(r.leaked for r in rows), sum(r.dropped for r in rows)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"pages": len(rows), "precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            "accuracy": (tp + tn) / max(1, tp + fn + fp + tn),
            "all_right": sum(not r.missed and not r.leaked for r in rows), "refused": sum(r.refused is not None
                                                                                       for r in rows),
            "keep_in_dump": sum(r.keep_in_dump for r in rows) / max(1, tp + fn),
            "ms": sum(r.ms for r in rows) / max(1, len(rows))}


def evaluate(split: str | None, limit: int | None = None, corpus_dir: Path = SNIPPET_CORPUS_DIR) -> dict:
    """Every page of `split` (None: all), by ingest and by the two baselines: the summaries and every row."""
    pages = list(load_snippet_pages(split, corpus_dir))[:limit]
    if pages:  # untimed warm-up: imports and first-call set-up are not a page's cost
        measure(pages[0])
    rows = [measure(page) for page in pages]
    rows += [score("whole_dump", page, metrics.whole_dump(page.dump)) for page in pages]
    rows += [score("long_lines", page, metrics.long_lines(page.dump)) for page in pages]
    summary = {method: summarise([r for r in rows if r.method == method]) for method in METHODS}
    languages = Counter(page.language for page in pages)
    by_language = {str(language): summarise([r for r in rows if r.method == "ingest" and r.language == language])
                   for language, _ in languages.most_common(6)}
    return {"split": split or "all", "summary": summary, "by_language": by_language,
            "rows": [asdict(row) for row in rows]}


def format_report(result: dict) -> str:
    """The summary per method and the F1 per language, as Markdown tables."""
    lines = [f"Snippet corpus, split `{result['split']}`:", "",
             "| method | pages | snippet P | R | F1 | accuracy | pages all right | kept snippets in the dump "
             "| refused | ms/page |", "|---|---|---|---|---|---|---|---|---|---|"]
    for method, label in METHODS.items():
        s = result["summary"][method]
        lines.append(f"| {label} | {s['pages']} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} "
                     f"| {s['accuracy']:.3f} | {s['all_right'] / max(1, s['pages']):.1%} | {s['keep_in_dump']:.1%} "
                     f"| {s['refused']} | {s['ms']:.1f} |")
    languages = result["by_language"]
    lines += ["", "| ingest by language (pages) | " + " | ".join(f"{k} ({v['pages']})" for k, v in languages.items())
              + " |", "|---|" + "---|" * len(languages),
              "| snippet F1 | " + " | ".join(f"{v['f1']:.3f}" for v in languages.values()) + " |"]
    return "\n".join(lines)


def format_wrong(result: dict, count: int) -> str:
    """The first `count` ingest pages with a snippet wrong: which were missed and which leaked."""
    wrong = [row for row in result["rows"] if row["method"] == "ingest" and (row["missed"] or row["leaked"])]
    lines = [f"\n{len(wrong)} pages with a snippet wrong; the first {min(count, len(wrong))}:"]
    for row in wrong[:count]:
        lines.append(f"- {row['id']}{' REFUSED ' + row['refused'] if row['refused'] else ''}")
        lines += [f"    missed: {snippet[:100]}" for snippet in row["missed_snippets"]]
        lines += [f"    leaked: {snippet[:100]}" for snippet in row["leaked_snippets"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    return run_measurement(argv, "python -m evaluation.snippets", __doc__.split("\n")[0], evaluate, format_report,
                           format_wrong, corpus_dir=SNIPPET_CORPUS_DIR)


if __name__ == "__main__":
    sys.exit(main())
