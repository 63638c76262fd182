"""Measure ingest of scraper records on the development corpus: `python -m evaluation.records [--split test]`.

Scrapers store a page in a record under names of their own, and what one stores under `text` is the page's
whole text while another's is the article alone (newsdigest.ingest.records tells them apart by the text's
shape). Each page of the split is made into records the way scrapers write them and goes through `ingest`'s own
record reader and `pipeline.extract_page`:

- `page text`: this project's JSON Lines shape, the page's browser text dump under `text` with its `url`; it
  should be cleaned as a page (the routing is right when it says "page");
- `trafilatura JSON`: the page's HTML through trafilatura's own JSON output (`text` is the article it extracted,
  `title`, `date`, `source` the URL): it should be taken as the article it is ("article");
- the same records with every `text` cleaned as a page regardless, to show what the routing saves;
- `news-please shape`: the truth's own article text under `maintext`, its title and date stated: nothing may
  be lost on the way (paragraphs, title, day).

Body, title and date are scored as in `evaluation.ingest` (a refused page scores 0). It measures and never fails.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from evaluation import metrics
from evaluation.corpus import CorpusPage, load_pages
from evaluation.ingest import DATE_FALLBACKS, STAND_IN_SAVED_DAY, TRUTH_IN_DUMP_MIN, body_text
from newsdigest.ingest import pipeline
from newsdigest.ingest.model import IngestError
from newsdigest.ingest.records import RecordError, RecordLabel, record_page

METHODS = {
    "page_text": "page text under `text` (this project's shape)",
    "trafilatura": "trafilatura JSON of the page (`text` is the article)",
    "trafilatura_as_page": "the same, `text` always cleaned as a page",
    "news_please": "news-please shape (truth's article, title, date stated)",
}


@dataclass
class RecordRow:
    method: str
    id: str
    kind: str              # how ingest read the record: "text" (a page), "article", "html"; "" when not made
    f1: float
    title_right: bool | None
    date_same_day: bool | None
    refused: str = ""


def page_text_record(page: CorpusPage) -> dict | None:
    return {"url": page.url or "", "text": page.dump} if page.truth_in_dump >= TRUTH_IN_DUMP_MIN else None


def trafilatura_record(page: CorpusPage) -> dict | None:
    import trafilatura
    made = trafilatura.extract(page.html, url=page.url or None, output_format="json", with_metadata=True,
                               include_comments=False)
    return json.loads(made) if made else None


def news_please_record(page: CorpusPage) -> dict | None:
    if not page.title:
        return None
    return {"url": page.url or "", "title": page.title, "maintext": page.body,
            "date_publish": page.published or None, "source_domain": "", "text": None}


RECORD_MAKERS: dict[str, Callable[[CorpusPage], dict | None]] = {
    "page_text": page_text_record, "trafilatura": trafilatura_record,
    "trafilatura_as_page": trafilatura_record, "news_please": news_please_record,
}


def measure(page: CorpusPage, method: str, record: dict) -> RecordRow:
    """One page's record through the record reader and `pipeline.extract_page`, scored against the truth."""
    try:
        raw = record_page(record, RecordLabel(page.id, ""))
        if raw.refusal:   # (a headline without a page, which ingest writes only with --headlines)
            raise RecordError(raw.refusal)
        if method == "trafilatura_as_page" and raw.kind == "article":
            raw = replace(raw, kind="text")
        extracted = pipeline.extract_page(raw, DATE_FALLBACKS, mtime=STAND_IN_SAVED_DAY)
    except (IngestError, RecordError) as err:
        return RecordRow(method, page.id, "", 0.0, False if page.title else None,
                         False if page.published else None, refused=str(err))
    overlap = metrics.body_overlap(body_text(extracted), page.body)
    return RecordRow(method, page.id, raw.kind, overlap.f1,
                     metrics.title_right(extracted.title, page.title) if page.title else None,
                     metrics.same_day(extracted.published, page.published))


def evaluate(split: str | None, limit: int | None = None) -> dict:
    """Every method's rows and summary on the split's pages (the first `limit` of them when given)."""
    pages = [page for page in load_pages(split) if page.body.strip()][:limit]
    rows: dict[str, list[RecordRow]] = {method: [] for method in METHODS}
    for page in pages:
        made: dict[Callable, dict | None] = {}
        for method, maker in RECORD_MAKERS.items():
            if maker not in made:
                made[maker] = maker(page)
            if made[maker] is not None:
                rows[method].append(measure(page, method, made[maker]))
    return {"split": split or "all", "pages": len(pages),
            "methods": {method: summarise(method_rows) for method, method_rows in rows.items()},
            "rows": {method: [asdict(row) for row in method_rows] for method, method_rows in rows.items()}}


def summarise(rows: list[RecordRow]) -> dict:
    titled = [row.title_right for row in rows if row.title_right is not None]
    dated = [row.date_same_day for row in rows if row.date_same_day is not None]
    kinds = {kind: sum(1 for row in rows if row.kind == kind) for kind in ("text", "article", "html")}
    return {"pages": len(rows), "body_f1_mean": metrics.mean([row.f1 for row in rows]),
            "body_f1_median": metrics.median([row.f1 for row in rows]),
            "share_f1_below_0_8": metrics.share([row.f1 < 0.8 for row in rows]),
            "title_right": metrics.share(titled), "title_pages": len(titled),
            "date_same_day": metrics.share(dated), "date_pages": len(dated),
            "read_as_page": kinds["text"], "read_as_article": kinds["article"],
            "refused": sum(1 for row in rows if row.refused)}


def _share(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def format_report(result: dict) -> str:
    lines = [f"Split `{result['split']}`: {result['pages']} pages with a body truth.", "",
             "| record | pages | read as page / article | body F1 mean | median | F1 < 0.8 | title right | "
             "date same day | refused |", "|---|---|---|---|---|---|---|---|---|"]
    for method, label in METHODS.items():
        s = result["methods"][method]
        mean = "–" if s["body_f1_mean"] is None else f"{s['body_f1_mean']:.3f}"
        median = "–" if s["body_f1_median"] is None else f"{s['body_f1_median']:.3f}"
        lines.append(f"| {label} | {s['pages']} | {s['read_as_page']} / {s['read_as_article']} | {mean} | {median} | "
                     f"{_share(s['share_f1_below_0_8'])} | {_share(s['title_right'])} ({s['title_pages']}) | "
                     f"{_share(s['date_same_day'])} ({s['date_pages']}) | {s['refused']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.records", description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("train", "test", "all"), default="test")
    parser.add_argument("--limit", type=int, default=None, help="the first N pages only (a quick check)")
    parser.add_argument("--json", type=Path, help="also write every page's result here")
    args = parser.parse_args(argv)
    result = evaluate(None if args.split == "all" else args.split, args.limit)
    print(format_report(result))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
