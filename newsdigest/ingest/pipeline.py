"""The ingest of one input file: read -> extract -> compose -> store, one outcome per article.

`prepare_file` does the first three, which have no side effects and may run in a worker process or on a Dask
cluster (executors.py); `store_file` decides names and duplicates against the content index and writes, in the
command's process, one file at a time. The command line (`command.py`) runs both for every input and prints the
summary (`summary.py`); `ingest_file` runs both for one file (the watcher's inbox).
"""

from __future__ import annotations

import contextlib
import re
import traceback
from collections.abc import Container
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from newsdigest.urls import is_web_url
from newsdigest.config import Config
from newsdigest.front_matter import MAX_YEAR, MIN_YEAR
from newsdigest.ingest.article_text import extract_article_text
from newsdigest.ingest.attribution import attribute
from newsdigest.ingest.bylines import plain_names, without_outlet_names
from newsdigest.ingest.categories import category_or_none
from newsdigest.ingest.date_fallbacks import (FROM_DATE_OPTION, FROM_FETCHED_AT, FROM_MTIME, DateFallbacks,  # noqa: F401
                                             fallback_date, no_date_message)
from newsdigest.ingest.domains import registered_domain
from newsdigest.ingest.html_titles import strip_site_name
from newsdigest.ingest.indexed_files import front_matter_day
from newsdigest.ingest.local_zone import with_local_zone
from newsdigest.ingest.ledger import SeenInputs, Written, keep_replaced_text, page_digest
from newsdigest.ingest.model import Extracted, IngestError, RawPage
from newsdigest.ingest.readers import read_file
from newsdigest.ingest.page_time import PAGE_SECONDS, within_time_limit
from newsdigest.ingest.page_urls import article_url, original_address, page_key, site_of
from newsdigest.ingest.publication_date import latest_publication_day
from newsdigest.ingest.record_times import still_to_come
from newsdigest.ingest.records import NotRecords
from newsdigest.ingest.served_instead import refuse_served_instead
from newsdigest.ingest.stated_facts import read_record_html, with_stated_facts
from newsdigest.ingest.site_metadata import canonical_link, saved_from_url
from newsdigest.ingest.site_lines import SiteLines, without_site_lines
from newsdigest.ingest.text import extract_text
from newsdigest.ingest.content_writes import free_path, write_atomically
from newsdigest.ingest.writer import Composed, ContentIndex, compose
from newsdigest.ingest.page_tags import cleaned_tags
from newsdigest.ingest.outcomes import FAILED, SKIPPED, WOULD_WRITE, WRITTEN, IngestReport, Outcome, show_path
from newsdigest.journal import ingesting_into
from newsdigest.problems import describe_os_error

# A page passed over unread (`PrepareOptions.seen_inputs`): `store_file` names the article, else says this.
INGESTED_BEFORE = "ingested before from this same input (the content folder's ledger says so); --force writes it again"


@dataclass(frozen=True)
class Extraction:
    extracted: Extracted
    source_found_in: str = ""
    date_fallback: str = ""


def extract_page(page: RawPage, fallbacks: DateFallbacks | None = None, *, mtime: date | None = None,
                 site_lines: SiteLines = SiteLines()) -> Extracted:
    """Pick the extractor for the page's format, name its outlet, and check that it found a dated article.
    Without `fallbacks`, a page with no date of its own takes its record's `fetched_at`, else is refused. A text
    dump loses the `site_lines` its site prints on the run's other pages (site_lines.py)."""
    return extract(page, fallbacks, mtime=mtime, site_lines=site_lines).extracted


def extract(page: RawPage, fallbacks: DateFallbacks | None = None, *, mtime: date | None = None,
            site_lines: SiteLines = SiteLines()) -> Extraction:
    """`extract_page`, also telling where the source and a fallback date came from."""
    fallbacks = fallbacks or DateFallbacks()
    if page.url and readable_url(page.url) != page.url:   # (an archive's copy's address names the original)
        page = replace(page, url=readable_url(page.url))  # an address nothing can read ("http://[::1") tells nothing
    saved_day = mtime if fallbacks.from_mtime and not fallbacks.required else None   # what "2 days ago" counts from
    html = page.text if page.kind == "html" else ""
    saved = readable_url(saved_from_url(html))   # (a browser's "saved from url" note, when it is a web address)
    if page.kind == "html":
        extracted = read_record_html(page, page.url or (saved if is_web_url(saved) else ""), saved_day)
    elif page.kind in ("article", "markdown", "headline"):
        extracted = extract_article_text(page.text, page.stated.title, page.url, kind=page.kind, source=page.source)
    else:
        extracted = without_site_lines(extract_text(page.text, url=page.url, captured=page.fetched_at, saved=saved_day),
                                       page.url, site_lines)
    # The page's own address on its site, without tracking parameters: the one readers follow (see page_urls.py)
    url = article_url(page.url or readable_url(extracted.url) or (saved if is_web_url(saved) else ""),
                      canonical_link(html))
    extracted = refuse_served_instead(extracted, url, page.text if page.kind != "html" else "")
    source, found_in = _source(page, extracted, url)
    if page.kind == "html" and source and found_in not in ("given", "the page"):
        # The outlet attribution found ("Headline - Entermedia" without a URL): not part of the headline either.
        extracted = replace(extracted, title=strip_site_name(extracted.title, [source]))
    if extracted.category:
        extracted = replace(extracted, category=category_or_none(
            extracted.category, url=url, title=extracted.title, author=extracted.author, source=source))
    # A time printed without a zone (a scraper record's own times are taken as stated); the outlet is no author.
    authors = without_outlet_names(plain_names(extracted.author), source, url)
    extracted = replace(with_local_zone(extracted, url), author=authors)
    # What the user or the scraper record says about the page wins over what was read from it; no tag names the outlet.
    extracted = with_stated_facts(replace(extracted, source=source, url=url), page.stated)
    if still_to_come(extracted.modified):   # (no correction the clock puts in the future)
        extracted = replace(extracted, modified=None)
    extracted = replace(extracted, tags=cleaned_tags(extracted.tags, source, url, extracted.author))
    fallback = ""
    if extracted.published is None:
        published, fallback = fallback_date(page, fallbacks, mtime)
        if published is None:
            raise IngestError(_notes(no_date_message(fallbacks), *page.stated.notes))
        extracted = replace(extracted, published=published, date_inferred_from=fallback)
    if not MIN_YEAR <= extracted.published.year <= MAX_YEAR:
        # What the build would refuse, and with it the whole site: a record's or option's date from another era.
        where = f" (from the {fallback})" if fallback else ""
        hint = "" if fallback == FROM_DATE_OPTION else "; pass --date YYYY-MM-DD for such pages"
        raise IngestError(f"date {extracted.published.isoformat()}{where} is outside the years {MIN_YEAR}-{MAX_YEAR} "
                          f"a site's articles can have{hint}")
    return Extraction(extracted, found_in, fallback)


def readable_url(url: str) -> str:
    """`url` as ingest reads it: the original's address where it is an archive's copy's (`original_address`), ""
    when `urllib.parse.urlsplit` refuses it (a bracketed host that never closes)."""
    try:
        urlsplit(url)
    except ValueError:
        return ""
    return original_address(url)


def _source(page: RawPage, extracted: Extracted, url: str) -> tuple[str, str]:
    """(outlet, where it came from): --source or the record's `source`, then the extractor's, then attribution."""
    if page.source:
        return page.source, "given"
    if extracted.source:
        return extracted.source, "the page"
    try:
        found = attribute(text=page.text if page.kind != "html" else "",
                          html=page.text if page.kind == "html" else "", url=url)
    except Exception as err:  # a name is worth less than the article: a bug here leaves the page unattributed
        return "", f"attribution failed: {type(err).__name__}: {err}"
    return (found.name, found.found_in) if found is not None else ("", "")


@dataclass(frozen=True)
class PrepareOptions:
    """What reading, extracting and composing a file depend on besides the file: the same for every file of a run,
    and plain data, so it travels to worker processes and Dask workers as it is."""

    config: Config
    source: str = ""
    url: str = ""
    dates: DateFallbacks | None = None
    debug: bool = False
    page_seconds: float = PAGE_SECONDS   # the time limit on reading one page (newsdigest.ingest.page_time); 0: none
    site_lines: SiteLines = SiteLines()  # what each site prints on several pages of the run (site_lines.py)
    headlines: bool = False   # a record with a headline and an address but no page is one (or config.ingest's)
    # The inputs articles were written from before (`ledger.SeenInputs`, or the ledger's own `by_page` in this
    # process): such a page is passed over unread, and `store_file` says where its article went.
    seen_inputs: Container[str] = SeenInputs()


@dataclass(frozen=True)
class PreparedPage:
    """One page extracted and composed, not yet stored: where it goes is decided when it is stored."""

    label: str
    composed: Composed
    source: str
    source_found_in: str
    date_fallback: str
    notes: str                  # the source note and the decoding note, for the written outcome's message


@dataclass(frozen=True)
class PreparedFile:
    """One input file read, extracted and composed, with nothing written: what a worker hands back.

    `pages` holds, in the file's order (a record that is no JSON among the others), a failed Outcome or a PreparedPage.
    Making it has no side effects, so a task that runs twice (a retry after a worker died) changes nothing.
    """

    path: Path
    pages: tuple[Outcome | PreparedPage, ...]
    decoding: str = ""          # how the file was decoded, when that is worth a note ("detected windows-1251")
    inputs: tuple[str, ...] = ()  # each of `pages`' input digest (`ledger.page_digest`), or ""


def ingest_file(path: Path, config: Config, *, out_dir: Path, source: str | None = None, url: str | None = None,
                force: bool = False, dry_run: bool = False, index: ContentIndex | None = None,
                debug: bool = False, dates: DateFallbacks | None = None, on_wait=None, update: bool = False
                ) -> IngestReport:
    """Ingest one file into `out_dir`. Never raises for bad input: every problem becomes a failed outcome.
    `on_wait()` is called when another ingest is writing into `out_dir` and this one waits for it."""
    seen = SeenInputs() if force else index.ledger.by_page if index is not None and index.ledger is not None \
        else SeenInputs.in_folder(out_dir)
    options = PrepareOptions(config, source=source or "", url=url or "", dates=dates, debug=debug, seen_inputs=seen)
    prepared = prepare_file(path, options)
    with ingesting_into(out_dir, on_wait) if index is None else contextlib.nullcontext():   # (another ingest: after it)
        index = index if index is not None else ContentIndex.load(
            out_dir, article_address=config.permalinks.article, digest_timezone=config.digest_timezone)
        return store_file(prepared, out_dir, index, force=force, dry_run=dry_run, debug=debug, update=update)


def prepare_file(path: Path, options: PrepareOptions) -> PreparedFile:
    """Read one file and extract and compose each of its pages: the expensive part of an ingest, with no side
    effects and nothing that depends on other files, so worker processes can do it for many files at once.
    Never raises for bad input: every problem becomes a failed outcome."""
    path = Path(path) if isinstance(path, str) else path
    try:
        read = read_file(path, source=options.source, url=options.url,
                         headlines=options.headlines or options.config.ingest.headlines)
    except NotRecords as err:
        return PreparedFile(path, (Outcome(path.name, SKIPPED, message=str(err)),))
    except IngestError as err:
        return PreparedFile(path, (Outcome(path.name, FAILED, message=str(err)),))
    except Exception as err:  # a bug, here or in a library: it costs this one file, never the whole run
        return PreparedFile(path, (Outcome(path.name, FAILED, message=_failure(err, "", options.debug)),))
    steps: list[Outcome | PreparedPage] = [Outcome(label, FAILED, message=message) for label, message in read.problems]
    inputs = [""] * len(steps) + [page_digest(page) for page in read.pages]
    decoding = read.decoded.note
    dates = replace(options.dates or DateFallbacks(), zone=options.config.zone)
    mtime = modification_day(path, options.config) if dates.from_mtime else None
    for page, digest in zip(read.pages, inputs[len(read.problems):]):
        if digest in options.seen_inputs or page.refusal:   # (a refusal is an input passed over when stored)
            steps.append(Outcome(page.label, SKIPPED if not page.refusal else FAILED,
                                 message=page.refusal or INGESTED_BEFORE))
            continue
        try:
            extraction, composed = within_time_limit(options.page_seconds, lambda: _extracted_and_composed(
                page, dates, mtime, options))
            steps.append(PreparedPage(page.label, composed, extraction.extracted.source, extraction.source_found_in,
                                      extraction.date_fallback,
                                      _notes(_source_note(extraction), *extraction.extracted.notes, decoding)))
        except Exception as err:
            steps.append(Outcome(page.label, FAILED, message=_failure(err, decoding, options.debug)))
    order = sorted(range(len(steps)), key=lambda at: [int(part) for part in re.findall(r"(?<=:)\d+", steps[at].label)])
    return PreparedFile(path, tuple(steps[at] for at in order), decoding, tuple(inputs[at] for at in order))


def _extracted_and_composed(page: RawPage, dates: DateFallbacks, mtime: date | None, options: PrepareOptions):
    extraction = extract(page, dates, mtime=mtime, site_lines=options.site_lines)
    return extraction, compose(extraction.extracted, page, options.config)


def store_file(prepared: PreparedFile, out_dir: Path, index: ContentIndex, *, force: bool = False,
               dry_run: bool = False, debug: bool = False, update: bool = False) -> IngestReport:
    """Store each page of a prepared file, in order, against the index of what is already there: this decides
    every file name and duplicate, so a run stores its files one at a time, in input order, whatever prepared them."""
    report = IngestReport(prepared.path)
    for step, page in zip(prepared.pages, prepared.inputs or [""] * len(prepared.pages)):
        if isinstance(step, Outcome):
            # A page an earlier run wrote as an article is that article: passed over unread (`seen_inputs`), or
            # failing only as read today (no date, where that run was given `--date`)
            earlier = index.ingested_input(page) if not force and step.status in (FAILED, SKIPPED) else None
            report.outcomes.append(step if earlier is None else _ingested_before(step.label, earlier, page, out_dir,
                                                                                 index))
            continue
        if step.source_found_in != "given" and step.composed.front_matter.get("url"):
            step = _with_established_source(step, index)
        try:
            outcome = store(step.composed, step.label, out_dir, index, force=force, dry_run=dry_run, page=page,
                            update=update)
        except OSError as err:  # the system refused the write (a full disk, a permission): no bug, and said so
            outcome = Outcome(step.label, FAILED, message=f"cannot write {describe_os_error(err)}")
        except Exception as err:
            outcome = Outcome(step.label, FAILED, message=_failure(err, prepared.decoding, debug))
        if outcome.status in (WRITTEN, WOULD_WRITE):
            outcome = replace(outcome, source=step.source, source_found_in=step.source_found_in,
                              date_fallback=step.date_fallback, message=_notes(outcome.message, step.notes))
        report.outcomes.append(outcome)
    return report


def _ingested_before(label: str, earlier: Written, page: str, out_dir: Path, index: ContentIndex) -> Outcome:
    """The outcome of a page passed over unread, whose input (of digest `page`) an earlier ingest wrote the article
    `earlier` from: what `store` would say of the article it gave then, the same ingest hash from the same page."""
    same = index.with_hash(earlier.digest, earlier.source, site_of(earlier.url) if earlier.url else "")
    if same is not None:   # (wherever it is now: moved, renamed, its bytes changed but not its text)
        return Outcome(label, SKIPPED, same, f"already ingested as {show_path(same)}")
    written = out_dir / earlier.file
    held = index.articles.get(written.resolve())
    if held is None or held.page != page_key(earlier.url) or not earlier.url:
        # gone, or another page's article took its name (a page without an address cannot tell which is its own)
        state = "which cannot be read now" if held is None and written.exists() else \
            "since deleted" if held is None or earlier.url else "which holds another article now"
        return Outcome(label, SKIPPED, None, f"ingested before as {show_path(written)}, {state}; --force writes it again")
    # The article of this page with another text: edited since, or written since from a later copy of the page
    return Outcome(label, SKIPPED, written, f"{show_path(written)} exists and "
                                            f"{index.why_kept(written, page if index.holds_as_ingested(written) else '')}")


def _with_established_source(step: PreparedPage, index: ContentIndex) -> PreparedPage:
    """The page with the name the content folder already gives its outlet (`ContentIndex.established_name`)."""
    url = str(step.composed.front_matter["url"])
    name = index.established_name(url, step.source)
    if name == step.source:
        return step
    note = f"source written as {name!r}, the content folder's name for {registered_domain(url)}"
    if not step.notes.startswith("source "):
        note = f"{step.source!r} {note}"
    return replace(step, composed=step.composed.with_source(name), source=name, notes=_notes(step.notes, note))


def _failure(err: Exception, decoding: str, debug: bool) -> str:
    """A failed page's message: the refusal, or for a bug (it never loses the other pages) the error (--debug: and
    its traceback)."""
    if isinstance(err, IngestError):
        return f"{err} [{decoding}]" if decoding else str(err)
    detail = traceback.format_exc() if debug else f"{type(err).__name__}: {err}"
    return f"internal error while ingesting ({detail})"


def modification_day(path: Path, config: Config) -> date | None:
    """The day the file was last modified, in the site's time zone; None for a day still to come (a clock that
    was wrong when the file was saved: the article would head the site as its latest day for days)."""
    try:
        day = datetime.fromtimestamp(path.stat().st_mtime, config.zone).date()
    except (OSError, ValueError, OverflowError):
        return None
    return day if day <= latest_publication_day() else None


def _source_note(extraction: Extraction) -> str:
    if not extraction.extracted.source:
        return f"source unknown ({failed})" if (failed := extraction.source_found_in) else "source unknown"
    if (where := extraction.source_found_in) in ("given", "the page"):
        return ""
    return f"source {extraction.extracted.source!r} from {where if where.startswith('the ') else 'the ' + where}"


def _notes(*notes: str) -> str:
    return "; ".join(note for note in notes if note)


def store(composed: Composed, label: str, out_dir: Path, index: ContentIndex, *, force: bool,
          dry_run: bool, page: str = "", update: bool = False) -> Outcome:
    """Write one article unless it is already there, exists (hand edits are precious) or is a near-duplicate.
    `label` names its page in the outcome ("page.txt", "feed.jsonl:3"); `page` is its input's digest. `update`
    writes the page's newer text over the file ingest wrote from it, when that file holds what ingest wrote."""
    target = out_dir / composed.relative_path
    source = str(composed.front_matter.get("source") or "")
    url = str(composed.front_matter.get("url") or "")
    site = site_of(url) if url else ""
    same = index.with_hash(composed.ingest_hash, source, site)
    if same is not None and not force:
        return Outcome(label, SKIPPED, same, f"already ingested as {show_path(same)}")
    removed = index.removed_before(composed.ingest_hash, url, source) if same is None else None
    if removed and not force:
        state = "which cannot be read now" if (where := out_dir / removed).exists() else "since deleted"
        return Outcome(label, SKIPPED, None, f"ingested before as {show_path(where)}, {state}; --force writes it again")
    # --force writes over the file of this very page only, never over another page's (nor another outlet's)
    earlier = index.file_of_page(composed.front_matter, target)
    if earlier is None and force:
        earlier = same    # the same text under another address, or with no address: that file, not one more copy
    if earlier is None and force and removed and (out_dir / removed).is_file() \
            and (out_dir / removed).resolve().is_relative_to(out_dir.resolve()):
        earlier = out_dir / removed   # its front matter broken by an edit: replaced, its bytes kept, not slug-2.md
    # (an older copy still in the inbox is no correction, nor is a headline record of a page ingest wrote whole)
    updating = update and earlier is not None and not force and index.holds_as_ingested(earlier) \
        and index.ingested_input(page) is None and (not composed.headline or index.holds_a_headline(earlier)) \
        and not index.later_version(earlier, composed)
    if earlier is not None:
        if not force and not updating:
            why = index.why_kept(earlier, page, composed.headline, composed)
            return Outcome(label, SKIPPED, earlier, f"{show_path(earlier)} exists and {why}")
        target = earlier
    else:   # a different article that happens to share the slug, under this name or another: keep both
        day = front_matter_day(composed.front_matter.get("date"))
        target = free_path(target, lambda path: index.holds(path) or index.address_taken(day, path.stem))
    duplicate = index.near_duplicate(composed.shingles, ignore=target if force or updating else None, source=source,
                                     site=site)
    if duplicate is not None and not force:
        other, score = duplicate
        return Outcome(label, SKIPPED, other,
                       f"near-duplicate of {show_path(other)} (similarity {score:.2f}); --force writes it anyway")
    if target.stem != composed.relative_path.stem:
        # Written as slug-2.md (now, or by the first ingest of a page rewritten with --force): its front matter names
        # that slug, so its address is its own. Otherwise the build would give the bare address to the older of the
        # two, and an older article ingested later would take over the address already published for the other.
        composed = composed.with_slug(target.stem)
    kept = None
    if not dry_run:
        if earlier is not None and index.ledger is not None:
            kept = keep_replaced_text(target, index.ledger, composed.text, index.run_stamp)
        write_atomically(target, composed.text)
        if index.ledger is not None:
            index.ledger.record(composed.ingest_hash, source, target, url, composed.text, page)
    # Also in a dry run: the run's later pages are then stored against it as they would be against the file.
    index.add(target, composed)
    note = _notes(f"replaced; the earlier text kept as {show_path(kept)}" if kept else "updated" if updating else "",
                  _note(composed))
    return Outcome(label, WOULD_WRITE if dry_run else WRITTEN, target, note)


def _note(composed: Composed) -> str:
    if (inferred := composed.front_matter.get("date_inferred_from")) in (FROM_FETCHED_AT, FROM_DATE_OPTION, FROM_MTIME):
        return f"no date on the page: date from the {inferred}"
    return f"date inferred from {inferred}" if inferred else ""
