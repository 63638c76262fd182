"""The ingest stage start to finish: read -> extract -> compose -> store, one outcome per article."""

from __future__ import annotations

import argparse
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from newsdigest.config import Config
from newsdigest.ingest.html import extract_html
from newsdigest.ingest.model import Extracted, IngestError, RawPage
from newsdigest.ingest.readers import find_inputs, read_pages
from newsdigest.ingest.text import extract_text
from newsdigest.ingest.writer import Composed, ContentIndex, compose, free_path, write_atomically
from newsdigest.topics import TopicMatcher

WRITTEN, WOULD_WRITE, SKIPPED, FAILED = "written", "would write", "skipped", "failed"


@dataclass(frozen=True)
class Outcome:
    """What happened to one page: written (or would be, in a dry run), skipped, or failed, and why."""

    label: str
    status: str
    path: Path | None = None
    message: str = ""


@dataclass
class IngestReport:
    """All outcomes for one input file (a JSON Lines file holds many pages)."""

    input: Path
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def written(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status in (WRITTEN, WOULD_WRITE)]

    @property
    def skipped(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == SKIPPED]

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == FAILED]

    @property
    def status(self) -> str:
        """One line for logs: "written 2025/03/x.md", "skipped: already ingested as ...", "failed: file is empty"."""
        parts = [f"{o.status} {_show(o.path)}" if o.status in (WRITTEN, WOULD_WRITE) else f"{o.status}: {o.message}"
                 for o in self.outcomes]
        return "; ".join(parts) or "nothing found"


def extract_page(page: RawPage) -> Extracted:
    """Pick the extractor for the page's format and check that it found a dated article."""
    extracted = extract_html(page.text, page.url) if page.kind == "html" else extract_text(page.text)
    # What the user or the scraper record says about the page wins over what was read from it.
    extracted = _replace(extracted, source=page.source or extracted.source, url=page.url or extracted.url)
    if extracted.published is None:
        if page.fetched_at is None:
            raise IngestError("no publication date found on the page (no dateline, dated caption or date line)")
        extracted = _replace(extracted, published=page.fetched_at, date_inferred_from="fetched_at of the record")
    return extracted


def _replace(extracted: Extracted, **changes) -> Extracted:
    from dataclasses import replace
    return replace(extracted, **changes)


def ingest_file(path: Path, config: Config, *, out_dir: Path, source: str | None = None, url: str | None = None,
                force: bool = False, dry_run: bool = False, index: ContentIndex | None = None,
                debug: bool = False) -> IngestReport:
    """Ingest one file into `out_dir`. Never raises for bad input: every problem becomes a failed outcome."""
    path = Path(path)
    report = IngestReport(path)
    index = index if index is not None else ContentIndex.load(out_dir)
    try:
        pages, problems = read_pages(path, source=source or "", url=url or "")
    except IngestError as err:
        report.outcomes.append(Outcome(path.name, FAILED, message=str(err)))
        return report
    report.outcomes.extend(Outcome(label, FAILED, message=message) for label, message in problems)
    matcher = TopicMatcher(config)
    for page in pages:
        try:
            composed = compose(extract_page(page), page, config, matcher)
            report.outcomes.append(store(composed, page, out_dir, index, force=force, dry_run=dry_run))
        except IngestError as err:
            report.outcomes.append(Outcome(page.label, FAILED, message=str(err)))
        except Exception as err:  # one broken page must never lose the others
            detail = traceback.format_exc() if debug else f"{type(err).__name__}: {err}"
            report.outcomes.append(Outcome(page.label, FAILED, message=f"internal error while ingesting ({detail})"))
    return report


def store(composed: Composed, page: RawPage, out_dir: Path, index: ContentIndex, *, force: bool,
          dry_run: bool) -> Outcome:
    """Write one article unless it is already there, exists (hand edits are precious) or is a near-duplicate."""
    target = out_dir / composed.relative_path
    same = index.with_hash(composed.ingest_hash)
    if same is not None:
        if not force:
            return Outcome(page.label, SKIPPED, same, f"already ingested as {_show(same)}")
        target = same
    elif target.exists():
        origin = composed.front_matter.get("url") or composed.front_matter.get("ingested_from")
        if index.origin_of(target) != origin:
            target = free_path(target)      # a different article that happens to share the slug: keep both
        elif not force:
            return Outcome(page.label, SKIPPED, target,
                           f"{_show(target)} exists (edited since, or from an older ingest); --force overwrites it")
    duplicate = index.near_duplicate(composed.shingles, ignore=target if force else None)
    if duplicate is not None and not force:
        other, score = duplicate
        return Outcome(page.label, SKIPPED, other,
                       f"near-duplicate of {_show(other)} (similarity {score:.2f}); --force writes it anyway")
    if dry_run:
        return Outcome(page.label, WOULD_WRITE, target, _note(composed))
    write_atomically(target, composed.text)
    index.add(target, composed)
    return Outcome(page.label, WRITTEN, target, _note(composed))


def _note(composed: Composed) -> str:
    inferred = composed.front_matter.get("date_inferred_from")
    return f"date inferred from {inferred}" if inferred else ""


def _show(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# -- command line ----------------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="raw pages: .txt dumps, .html pages, .jsonl scraper output, or folders of them")
    parser.add_argument("--out", type=Path, help="content folder to write into (default: content_dir from config)")
    parser.add_argument("--source", help="publication name to record when the page does not state one")
    parser.add_argument("--url", help="original URL of the page (single-page ingests)")
    parser.add_argument("--force", action="store_true",
                        help="overwrite existing articles and write near-duplicates anyway")
    parser.add_argument("--dry-run", action="store_true", help="show what would be written; write nothing")


def run(args: argparse.Namespace, config: Config) -> int:
    """`ingest PATH...`: exit status 0 when every page was written or skipped, 1 when any failed."""
    out_dir = (args.out or config.content_dir).resolve()
    files, missing = find_inputs(list(args.paths))
    reports = [IngestReport(path, [Outcome(path.name, FAILED, message=message)]) for path, message in missing]
    for path, message in missing:
        print(f"error: {path}: {message}", file=sys.stderr)
    index = ContentIndex.load(out_dir)
    for path in files:
        report = ingest_file(path, config, out_dir=out_dir, source=args.source, url=args.url, force=args.force,
                             dry_run=args.dry_run, index=index, debug=getattr(args, "debug", False))
        for outcome in report.failed:
            print(f"error: {_where(path, outcome)}: {outcome.message}", file=sys.stderr)
        reports.append(report)
    print_summary(reports, dry_run=args.dry_run)
    return 0 if all(report.ok for report in reports) else 1


def _where(path: Path, outcome: Outcome) -> str:
    return str(path) if outcome.label == path.name else str(path.parent / outcome.label)


def print_summary(reports: list[IngestReport], *, dry_run: bool = False, out=None) -> None:
    out = out or sys.stdout
    written = [(r, o) for r in reports for o in r.written]
    skipped = [(r, o) for r in reports for o in r.skipped]
    failed = [(r, o) for r in reports for o in r.failed]
    verb = "Would write" if dry_run else "Written"
    for heading, items in ((verb, written), ("Skipped", skipped), ("Failed", failed)):
        if not items:
            continue
        print(f"{heading} ({len(items)}):", file=out)
        for report, outcome in items:
            if outcome.status in (WRITTEN, WOULD_WRITE):
                note = f"  [{outcome.message}]" if outcome.message else ""
                print(f"  {_show(outcome.path)}  <- {outcome.label}{note}", file=out)
            else:
                print(f"  {_where(report.input, outcome)}: {outcome.message}", file=out)
    print(f"{len(written)} {'to write' if dry_run else 'written'}, {len(skipped)} skipped, {len(failed)} failed"
          + (" (dry run: nothing was written)" if dry_run else "") + ".", file=out)
