"""Judge a change to the text-dump cleaner on the train pages, each read by a model that never saw its publisher.

    .venv/bin/python -m evaluation.cv_pages fit folds.json               # fit the five folds' models once (~2 min)
    .venv/bin/python -m evaluation.cv_pages run folds.json --json a.json  # read every train page with them (~10 s)
    .venv/bin/python -m evaluation.cv_pages run folds.json --json b.json --against a.json  # after a change

`evaluation.ingest --split train` reads the Fundus and Readability train pages with the shipped model, which was
fitted on those very pages: its figures there are in-sample, and a rule judged against such over-confident
probabilities tends not to carry to unseen publishers. `fit` fits the same publisher folds as
`evaluation.train_lines` (GroupKFold by `publisher_group`) and saves each fold's whole model (line model, title
and date choosers) with the ids of the pages it left out. `run` then reads each page through `extract_text` with
the model of the fold that left it out: a rule change (one that keeps the model's features as they were) is
measured out of sample in seconds, with no refit. After a change to the features themselves, `fit` again, with
and without the change, over a few `--shuffle` seeds: a refit moves many pages whatever changed.

`--against` lists the pages whose body F1 moved by more than `--moved` and the pages whose title or date
verdict changed, the way to see what a change does beyond its mean.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

from evaluation import metrics
from evaluation import train_lines as training
from newsdigest.ingest import classifier
from newsdigest.ingest.model import IngestError
from newsdigest.ingest.text import extract_text


def fit_folds(path: Path, shuffle: int | None = None) -> None:
    """Fit the publisher folds' models on the train pages and write them, with the pages each left out, to `path`
    (`shuffle`: a seed that deals the publishers to the folds at random, for another view of the same change)."""
    pages = training.training_pages(training.TRAINING_CORPORA)
    data = [training.PageData(page) for page in pages]
    groups = [page.publisher_group for page in pages]
    folds, oof = training.cross_validated_probabilities(data, groups, [], shuffle=shuffle)
    articles = [training.Article(d, p) for d, p in zip(data, oof)]
    saved = []
    for train_idx, test_idx, fitted in folds:
        spec = {**fitted.spec(), **training.fit_choosers([articles[i] for i in train_idx]),
                "smoothing": training.SMOOTHING}
        saved.append({"left_out": [pages[i].id for i in test_idx], "spec": spec})
    path.write_text(json.dumps(saved, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {len(saved)} folds' models to {path}")


def read_pages(path: Path) -> dict[str, dict]:
    """Each train page read by the saved model of the fold that left it out: body F1, title and date verdicts."""
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        sys.exit(f"{path}: cannot read the saved folds ({error}); write them with `fit {path}`")
    by_id = {page.id: page for page in training.training_pages(training.TRAINING_CORPORA)}
    rows: dict[str, dict] = {}
    for fold in saved:
        model = classifier.LineModel.from_spec(fold["spec"])
        for page_id in fold["left_out"]:
            page = by_id.get(page_id)
            if page is None:
                sys.exit(f"{path}: page {page_id} is not in the train split any more; fit the folds again")
            rows[page_id] = _read_one(page, model)
    return rows


def _read_one(page, model) -> dict:
    row = {"language": page.language, "f1": 0.0, "title": None, "date": None, "refused": None,
           "title_ok": False if page.title else None, "date_ok": False if page.published else None}
    try:
        extracted = extract_text(page.dump, model, url=page.url or "")
    except IngestError as error:
        row["refused"] = str(error)
        return row
    row["f1"] = training.token_f1(page.body, "\n\n".join(block.text for block in extracted.blocks))[0]
    row["title"] = extracted.title
    row["date"] = str(extracted.published) if extracted.published else None
    if page.title:
        row["title_ok"] = training.same_title(extracted.title, page.title)
    if page.published:
        row["date_ok"] = bool(metrics.same_day(extracted.published, page.published))
    return row


def summary(rows: dict[str, dict]) -> str:
    """One line of the figures, then the body F1 per language with two pages or more."""
    f1s = [row["f1"] for row in rows.values()]
    titled = [row["title_ok"] for row in rows.values() if row["title_ok"] is not None]
    dated = [row["date_ok"] for row in rows.values() if row["date_ok"] is not None]
    by_language: dict[str, list[float]] = defaultdict(list)
    for row in rows.values():
        by_language[row["language"]].append(row["f1"])
    languages = ", ".join(f"{language} {statistics.mean(values):.3f} ({len(values)})" for language, values
                          in sorted(by_language.items(), key=lambda kv: (-len(kv[1]), kv[0])) if len(values) > 1)
    return (f"{len(rows)} pages: body F1 mean {statistics.mean(f1s):.4f} median {statistics.median(f1s):.4f}, "
            f"under 0.8: {sum(f < 0.8 for f in f1s)}; titles {sum(titled)}/{len(titled)}; "
            f"dates {sum(dated)}/{len(dated)}; refused {sum(1 for row in rows.values() if row['refused'])}\n"
            f"  per language: {languages}")


def differences(before: dict[str, dict], after: dict[str, dict], moved: float) -> list[str]:
    """The pages whose body F1 moved by more than `moved`, worst first, and those whose title or date verdict
    changed."""
    shared = sorted(set(before) & set(after))
    lines = []
    deltas = sorted((after[i]["f1"] - before[i]["f1"], i) for i in shared)
    for delta, page_id in deltas:
        if abs(delta) > moved:
            lines.append(f"  body {delta:+.3f} ({before[page_id]['f1']:.3f} -> {after[page_id]['f1']:.3f}) "
                         f"{after[page_id]['language']} {page_id}")
    worse, better = sum(d < -moved for d, _ in deltas), sum(d > moved for d, _ in deltas)
    lines.insert(0, f"{better} pages better, {worse} worse (body F1 moved by more than {moved})")
    for key, value in (("title_ok", "title"), ("date_ok", "date")):
        for page_id in shared:
            if before[page_id][key] != after[page_id][key]:
                lines.append(f"  {value} {'right' if after[page_id][key] else 'wrong'} now: "
                             f"{after[page_id][value]!r} (was {before[page_id][value]!r}) {page_id}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    fit = commands.add_parser("fit", help="fit the publisher folds' models and save them")
    fit.add_argument("folds", type=Path, metavar="FILE", help="where the folds' models go (JSON, about 1 MB)")
    fit.add_argument("--shuffle", type=int, metavar="SEED",
                     help="deal the publishers to the folds at random with this seed (default: by size, as "
                          "evaluation.train_lines does); a change to the model's features is judged over a few")
    run = commands.add_parser("run", help="read every train page with the fold model that left it out")
    run.add_argument("folds", type=Path, metavar="FILE", help="the folds' models written by `fit`")
    run.add_argument("--json", type=Path, metavar="OUT", help="also write each page's figures to OUT")
    run.add_argument("--against", type=Path, metavar="BASE",
                     help="a `--json` file of an earlier run: list the pages whose figures changed")
    run.add_argument("--moved", type=float, default=0.005, help="body F1 change worth listing (%(default)s)")
    args = parser.parse_args(argv)
    if args.command == "fit":
        fit_folds(args.folds, args.shuffle)
        return 0
    rows = read_pages(args.folds)
    print(summary(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=0, ensure_ascii=False), encoding="utf-8")
    if args.against:
        before = json.loads(args.against.read_text(encoding="utf-8"))
        print(summary(before).replace("pages:", "pages before:", 1))
        print("\n".join(differences(before, rows, args.moved)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
