"""Score the extractor against the development set: `python -m newsdigest.ingest.evaluate [devset/]`.

Each case is `<name>.raw.{txt,html,jsonl}` plus `<name>.expected.json` (for JSON Lines: {"records": [...]}).
Body precision/recall/F1 are token level: the multiset of lower-cased word tokens of the extracted body
against the expected body, micro-averaged over all pages. Title accuracy is exact match (whitespace
collapsed); date accuracy compares the calendar day, and "timestamp" the full value where the expected
date has a time. Leaks count `must_not_contain` strings found in the output. Exits 1 below the floors.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from newsdigest.ingest.model import Extracted, IngestError
from newsdigest.ingest.pipeline import extract_page
from newsdigest.ingest.readers import read_pages

FLOORS = {"body_f1": 0.95, "title": 0.9, "date": 0.9, "leaks": 0}
_TOKEN = re.compile(r"\w+")


@dataclass
class PageScore:
    name: str
    site: str
    overlap: int = 0
    predicted: int = 0
    expected: int = 0
    title_ok: bool = False
    date_ok: bool = False
    timestamp_ok: bool | None = None
    fields: dict[str, bool] = field(default_factory=dict)
    leaks: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def f1(self) -> float:
        return f1(self.overlap, self.predicted, self.expected)


def tokens(text: str) -> Counter:
    return Counter(t.casefold() for t in _TOKEN.findall(text))


def f1(overlap: int, predicted: int, expected: int) -> float:
    precision = overlap / predicted if predicted else 0.0
    recall = overlap / expected if expected else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def date_text(value: date | datetime | None) -> str:
    return value.isoformat() if value is not None else ""


def score_page(name: str, extracted: Extracted | None, expected: dict, error: str = "") -> PageScore:
    score = PageScore(name, expected.get("site", ""), error=error)
    gold = tokens(" ".join(p.removeprefix("## ") for p in expected["body"]))
    score.expected = sum(gold.values())
    if extracted is None:
        return score
    produced_text = "\n".join(b.text for b in extracted.blocks)
    produced = tokens(produced_text)
    score.predicted = sum(produced.values())
    score.overlap = sum((gold & produced).values())
    score.title_ok = " ".join(extracted.title.split()) == " ".join(expected["title"].split())
    got = date_text(extracted.published)
    score.date_ok = got[:10] == expected["date"][:10]
    if len(expected["date"]) > 10:
        score.timestamp_ok = datetime.fromisoformat(got) == datetime.fromisoformat(expected["date"]) \
            if len(got) > 10 and (datetime.fromisoformat(got).tzinfo is None) == (
                datetime.fromisoformat(expected["date"]).tzinfo is None) else False
    for key in ("source", "category", "author", "caption"):
        if expected.get(key):
            score.fields[key] = getattr(extracted, key) == expected[key]
    if expected.get("tags"):
        score.fields["tags"] = list(extracted.tags) == expected["tags"]
    everything = "\n".join([extracted.title, produced_text])
    score.leaks = [s for s in expected.get("must_not_contain", []) if s.casefold() in everything.casefold()]
    return score


def evaluate(devset: Path) -> list[PageScore]:
    scores = []
    for expected_path in sorted(devset.glob("*.expected.json")):
        name = expected_path.name.removesuffix(".expected.json")
        raw = next(iter(sorted(devset.glob(f"{name}.raw.*"))), None)
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        cases = expected["records"] if "records" in expected else [expected]
        if raw is None:
            scores.extend(score_page(name, None, case, "raw page missing") for case in cases)
            continue
        try:
            pages, problems = read_pages(raw)
        except IngestError as err:
            scores.extend(score_page(name, None, case, str(err)) for case in cases)
            continue
        for number, case in enumerate(cases):
            label = f"{name}#{number + 1}" if len(cases) > 1 else name
            if number >= len(pages):
                scores.append(score_page(label, None, case, "record missing"))
                continue
            try:
                scores.append(score_page(label, extract_page(pages[number]), case))
            except IngestError as err:
                scores.append(score_page(label, None, case, str(err)))
    return scores


def summarise(scores: list[PageScore]) -> dict[str, float]:
    overlap = sum(s.overlap for s in scores)
    predicted = sum(s.predicted for s in scores)
    expected = sum(s.expected for s in scores)
    stamps = [s.timestamp_ok for s in scores if s.timestamp_ok is not None]
    fields = [ok for s in scores for ok in s.fields.values()]
    count = len(scores) or 1
    return {
        "pages": len(scores),
        "sites": len({s.site for s in scores}),
        "body_precision": overlap / predicted if predicted else 0.0,
        "body_recall": overlap / expected if expected else 0.0,
        "body_f1": f1(overlap, predicted, expected),
        "title": sum(s.title_ok for s in scores) / count,
        "date": sum(s.date_ok for s in scores) / count,
        "timestamp": sum(stamps) / len(stamps) if stamps else 1.0,
        "fields": sum(fields) / len(fields) if fields else 1.0,
        "leaks": sum(len(s.leaks) for s in scores),
        "errors": sum(1 for s in scores if s.error),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsdigest.ingest.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("devset", nargs="?", type=Path, default=Path("devset"), help="dev set folder (default: devset)")
    args = parser.parse_args(argv)
    if not args.devset.is_dir():
        print(f"error: {args.devset}: no such folder", file=sys.stderr)
        return 2
    scores = evaluate(args.devset)
    print(f"{'page':42} {'F1':>5} {'title':>5} {'date':>5} {'time':>5} {'fields':>7}  notes")
    for s in scores:
        fields = f"{sum(s.fields.values())}/{len(s.fields)}" if s.fields else "-"
        stamp = "-" if s.timestamp_ok is None else ("ok" if s.timestamp_ok else "NO")
        bad = [k for k, ok in s.fields.items() if not ok]
        notes = "; ".join(filter(None, [s.error, f"leaks: {s.leaks}" if s.leaks else "",
                                        f"wrong: {', '.join(bad)}" if bad else ""]))
        print(f"{s.name[:42]:42} {s.f1:5.3f} {'ok' if s.title_ok else 'NO':>5} {'ok' if s.date_ok else 'NO':>5} "
              f"{stamp:>5} {fields:>7}  {notes}")
    total = summarise(scores)
    print()
    print(f"{total['pages']} pages from {total['sites']} sites (body scored on word tokens, micro-averaged)")
    print(f"body precision {total['body_precision']:.3f}  recall {total['body_recall']:.3f}  F1 {total['body_f1']:.3f}")
    print(f"title accuracy {total['title']:.3f}  date accuracy {total['date']:.3f}  "
          f"timestamp accuracy {total['timestamp']:.3f}  source/category/author/caption/tags {total['fields']:.3f}")
    print(f"boilerplate leaks {total['leaks']}  extraction errors {total['errors']}")
    failures = [f"{key} {total[key]:.3f} < {floor}" for key, floor in FLOORS.items() if key != "leaks"
                and total[key] < floor]
    if total["leaks"] > FLOORS["leaks"]:
        failures.append(f"{total['leaks']} boilerplate leaks")
    if failures:
        print("below the floor: " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
