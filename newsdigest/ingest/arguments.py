"""The `ingest` command's arguments and their argparse types, apart from the command itself so that building
the command line does not load the extractors."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path

from newsdigest.ingest.page_time import PAGE_SECONDS


def iso_date(value: str) -> date | datetime:
    """argparse type for --date: an ISO 8601 date, or date and time ("2026-02-04", "2026-02-04T09:30+09:00")."""
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO 8601 date: {value!r} (use YYYY-MM-DD, or YYYY-MM-DDTHH:MM with an optional +HH:MM)") from None


def positive_int(value: str) -> int:
    """argparse type for a count (--jobs, topics suggest --keywords): a whole number, 1 or more."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {value!r}")
    return number


def seconds(value: str) -> float:
    """argparse type for --page-timeout: a number of seconds, 0 (no limit) to a day."""
    from newsdigest.ingest.page_time import MAX_PAGE_SECONDS
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not MAX_PAGE_SECONDS >= number >= 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds from 0 (no limit) to {MAX_PAGE_SECONDS:,.0f}, "
                                         f"got {value!r}")
    return number


# Every command builds the whole parser: the input readers are imported only when an input is read.

def input_location(value: str):
    """argparse type for an input: a local path or a URL (newsdigest.ingest.input_urls.input_location)."""
    from newsdigest.ingest.input_urls import input_location as location
    try:
        return location(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def local_folder(value: str) -> Path:
    """argparse type for --out: a local folder. URLs are for inputs only; the content folder is local."""
    from newsdigest.ingest.input_urls import is_url
    if is_url(value):
        raise argparse.ArgumentTypeError(f"{value!r} is a URL: ingest writes into a local content folder (inputs "
                                         "may be URLs)")
    return Path(value)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=input_location, metavar="PATH",
                        help="raw pages: .txt dumps, .html pages, .jsonl/.json scraper records (each also .gz), or "
                             "folders of them; also URLs read through fsspec (s3://bucket/dumps/, file:///srv/inbox/)")
    parser.add_argument("--out", type=local_folder,
                        help="content folder to write into (default: content_dir from config)")
    parser.add_argument("--source", help="outlet name to record for every page, instead of the one found on the "
                                         "page, in the scraper record or from the URL")
    parser.add_argument("--url", help="original URL of the page (single-page ingests)")
    parser.add_argument("--date", type=iso_date, metavar="DATE",
                        help="date (ISO 8601) for pages that state none and have no fetched_at in their record")
    parser.add_argument("--date-from-mtime", action="store_true",
                        help="date pages that state none by their file's modification time (after fetched_at "
                             "and --date); that day is also what a stamp such as '2 days ago' counts from")
    parser.add_argument("--headlines", action="store_true",
                        help="write a scraper record that has no page field at all but a headline and an address (a "
                             "feed's item) as a headline article: its summary, if any, and the link to the original")
    parser.add_argument("--require-date", action="store_true",
                        help="refuse pages that state no date, even with a fetched_at (no fallback dates)")
    rewrites = parser.add_mutually_exclusive_group()   # (--force does all --update does, and more)
    rewrites.add_argument("--force", action="store_true",
                        help="rewrite the article of a page ingested before (an edited file is copied to "
                             "content/.newsdigest-replaced/ first) and write near-duplicates anyway")
    rewrites.add_argument("--update", action="store_true",
                        help="write a page's newer text (a correction) over the article ingest wrote from it before, "
                             "unless that file was edited since; deleted articles and near-duplicates stay out")
    parser.add_argument("--dry-run", action="store_true", help="show what would be written; write nothing")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print nothing but errors (for cron: no mail unless a page failed)")
    parser.add_argument("--page-timeout", type=seconds, default=PAGE_SECONDS, metavar="SECONDS",
                        help="give up on a page that takes longer than this to read, and go on with the others "
                             "(default 60; 0: no limit; holds in the ingest command and its worker processes)")
    parser.add_argument("--jobs", type=positive_int, metavar="N",
                        help="worker processes that read and extract pages (default: one per core; 1: none, all "
                             "in this process); a run uses at most one per 50 files")
    parser.add_argument("--executor", choices=("local", "dask"), default="local",
                        help="where pages are read and extracted: local processes, or tasks on a Dask cluster "
                             "(needs newsdigest[dask] and --scheduler); articles are always written here")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="the Dask scheduler for --executor dask, e.g. tcp://HOST:8786")
