"""Measure story clustering on real labelled headlines: `python -m evaluation.stories [--sweep]`.

The data is `../shared/labelled/headline-stories.csv` (or `--data FILE`): real headlines from many outlets, each
labelled with the event (story) it reports (`load_headlines` has the columns a file may have). Every headline
becomes an `Article` with its title, outlet and time and no body (or its text, where a file gives it), and goes
through the engine's own `stories.cluster_stories` with the settings the build uses by default (or the ones
given). A headline that ends up in no story is a cluster of its own, as the site shows it.

Printed per run: B-cubed precision/recall/F1 (each headline's share of its found cluster that is truly its
story, and of its story that was found with it, averaged over headlines), pairwise precision/recall/F1 over all
pairs of headlines, the number of stories found and the clustering time. `--sweep` repeats it over thresholds.

The labelled stories are split in two halves by a hash of their id: `dev` (for choosing settings) and `held`
(never used for choosing; the README reports it). `--split all` measures both together. `--set more` measures
`evaluation/headlines/more-stories.csv.xz` instead: 43 other events from the same data and days, none of them in
the shared set, all held back (`evaluation/build_headlines.py` makes it; its NOTICE names the source). `--set
stream` clusters both as one stream, 87 events of the same three days side by side, as a digest receives them:
more events at once means more neighbours of one subject that may be taken for one story.

The data's times are when each headline was collected, and a story's headlines were collected within a minute
or two of each other, hours away from the next story's: real coverage of an event spreads over hours and days.
So the engine's time decay (a link halves in strength every `window_days`) helps more here than it will on a
real site. `--same-time` gives every headline one time, to measure what the text alone does.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import lzma
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from evaluation.fulltext_stories import load_basil
from newsdigest.article import Article, ArticleBody
from newsdigest.stories import (DEFAULT_THRESHOLD, HEADLINE_SCALE, applied_threshold, cluster_stories,
                                story_inputs)

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "labelled" / "headline-stories.csv"
MORE_DATA = Path(__file__).resolve().parent / "headlines" / "more-stories.csv.xz"
# `stream`: both files as one stream, the days' coverage as a digest would receive it (87 events at once).
SETS = {"shared": (DEFAULT_DATA,), "more": (MORE_DATA,), "stream": (DEFAULT_DATA, MORE_DATA), "basil": ()}
SPLITS = ("dev", "held", "all")
SWEEP = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
DEFAULT_WINDOW_DAYS = 3.0
DEFAULT_MIN_SOURCES = 2


@dataclass(frozen=True)
class Headline:
    id: str
    title: str
    publisher: str
    story: str
    published: datetime
    body: str = ""         # the article's text, where the set has it (`basil`)
    day_only: bool = False  # dated by the day only (`basil`): `published` is the day's midnight, UTC


def story_split(story: str) -> str:
    """'dev' or 'held' for a labelled story, by a stable hash of its id (about half each)."""
    return "dev" if hashlib.sha256(story.encode("utf-8")).digest()[0] % 2 == 0 else "held"


# The UCI data set's own file (newsCorpora.csv) has these columns, tab-separated, and no header line.
UCI_COLUMNS = ("ID", "TITLE", "URL", "PUBLISHER", "CATEGORY", "STORY", "HOSTNAME", "TIMESTAMP")


def load_headlines(path: Path, split: str = "all") -> list[Headline]:
    """The labelled headlines of one split, in file order: a CSV with a header line (as the shared labelled file),
    or the UCI data set's own tab-separated `newsCorpora.csv` without one; `path` may be xz-compressed (`.xz`).

    A header names its columns in any case: TITLE, STORY and TIMESTAMP are needed, the last in milliseconds since 1970
    (UTC) or as an ISO 8601 date or time (a day alone counts as dated by the day, a time without an offset as UTC); ID
    (else "line N"), PUBLISHER (else HOSTNAME, else the URL's host) and BODY or TEXT (the article's text, for
    labelled full texts) may be left out; values are read without the spaces around them. Rows without a story, a
    title or a readable time are left out and counted in a warning that names their (first) lines; an ID given
    twice is a ValueError."""
    csv.field_size_limit(1 << 30)  # (a full text may be longer than the csv module's default 131,072 characters)
    data = lzma.decompress(path.read_bytes()) if path.suffix == ".xz" else path.read_bytes()
    text = data.decode("utf-8-sig")
    first_line = text.split("\n", 1)[0]
    names = {name.strip().upper() for name in next(csv.reader([first_line]), [])}
    has_header = {"TITLE", "STORY", "TIMESTAMP"} <= names
    if has_header:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        reader.fieldnames = [(name or "").strip().upper() for name in reader.fieldnames or ()]
    elif first_line.count("\t") == len(UCI_COLUMNS) - 1:
        reader = csv.DictReader(io.StringIO(text, newline=""), fieldnames=UCI_COLUMNS, delimiter="\t",
                                quoting=csv.QUOTE_NONE)
    else:
        raise ValueError(f"{path}: neither a CSV whose header names at least TITLE, STORY and TIMESTAMP (the "
                         f"shared file's columns are {', '.join(UCI_COLUMNS)}) nor the UCI data set's "
                         "tab-separated newsCorpora.csv")
    headlines, unusable, ids = [], [], {}
    for line, raw in _rows(reader, path):
        row = {key: value.strip() for key, value in raw.items() if isinstance(key, str) and isinstance(value, str)}
        story, title = row.get("STORY", ""), row.get("TITLE", "")
        published, day_only = _labelled_time(row.get("TIMESTAMP", ""))
        if not story or not title or published is None:
            unusable.append(str(line))  # a row cut short, or a time written as "1.39E+12" by a spreadsheet
            continue
        identifier = row.get("ID") or f"line {line}"
        if identifier in ids:
            raise ValueError(f"{path}: line {line}: ID {identifier} is given twice (first on line {ids[identifier]})")
        ids[identifier] = line
        if split != "all" and story_split(story) != split:
            continue
        publisher = row.get("PUBLISHER") or row.get("HOSTNAME") or _host(row.get("URL", ""))
        headlines.append(Headline(identifier, title, publisher, story, published,
                                  body=row.get("BODY") or row.get("TEXT") or "", day_only=day_only))
    if unusable:
        print(f"warning: {path}: {len(unusable)} row(s) without a story, a title or a readable time left out "
              f"(line {', '.join(unusable[:5])}{', ...' if len(unusable) > 5 else ''})", file=sys.stderr)
    return headlines


def _rows(reader: csv.DictReader, path: Path):
    """(the line a row starts on, the row) for each row; a file the csv module cannot read is a ValueError."""
    ended = reader.line_num
    try:
        for row in reader:
            yield ended + 1, row
            ended = reader.line_num
    except csv.Error as err:  # a value over the size limit, a line break inside an unquoted value
        raise ValueError(f"{path}: line {reader.line_num}: {err}") from None


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:  # an address that cannot be read ("http://[bad")
        return ""


def _labelled_time(value: str) -> tuple[datetime | None, bool]:
    """A labelled row's time and whether it is a day alone: milliseconds since 1970 (11 digits or more), or what
    `datetime.fromisoformat` reads of ISO 8601 ("20190309" is a day); None where it is neither."""
    try:
        if value.isascii() and value.isdigit() and len(value) >= 11:
            return datetime.fromtimestamp(int(value) / 1000, tz=timezone.utc), False
        moment = datetime.fromisoformat(value)
    except (ValueError, OverflowError, OSError):  # not a time, or one no calendar holds
        return None, False
    day_only = len(value) <= 10
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)), day_only


SAME_TIME = datetime(2014, 3, 11, tzinfo=timezone.utc)


def as_article(headline: Headline, same_time: bool = False) -> Article:
    """A headline as the build sees an article, with its body if it has one (all at one time with `same_time`)."""
    return Article(source_path=Path(f"{headline.id}.md"), title=headline.title,
                   date=SAME_TIME if same_time else headline.published, slug=f"h{headline.id}",
                   summary="", source=headline.publisher, body=ArticleBody(markdown=headline.body),
                   date_only=headline.day_only and not same_time)


# -- scores ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scores:
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    pair_precision: float
    pair_recall: float
    pair_f1: float


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(found: dict[str, str], truth: dict[str, str]) -> Scores:
    """B-cubed and pairwise scores of a clustering `found` (item -> cluster) against `truth` (item -> class)."""
    items = list(truth)
    found_members: dict[str, list[str]] = defaultdict(list)
    for item in items:
        found_members[found[item]].append(item)
    truth_sizes = Counter(truth[item] for item in items)
    precisions, recalls = [], []
    for item in items:
        cluster = found_members[found[item]]
        same = sum(1 for other in cluster if truth[other] == truth[item])
        precisions.append(same / len(cluster))
        recalls.append(same / truth_sizes[truth[item]])
    bp, br = statistics.fmean(precisions), statistics.fmean(recalls)
    # Pairs: within each found cluster, count pairs of one true story.
    together = sum(len(c) * (len(c) - 1) // 2 for c in found_members.values())
    correct = 0
    for cluster in found_members.values():
        counts = Counter(truth[item] for item in cluster)
        correct += sum(n * (n - 1) // 2 for n in counts.values())
    truly = sum(n * (n - 1) // 2 for n in truth_sizes.values())
    pp = correct / together if together else 1.0
    pr = correct / truly if truly else 1.0
    return Scores(bp, br, _f1(bp, br), pp, pr, _f1(pp, pr))


# -- running ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    threshold: float
    scores: Scores
    stories: int
    seconds: float


def run(headlines: list[Headline], *, threshold: float | None = None, window_days: float = DEFAULT_WINDOW_DAYS,
        min_sources: int = DEFAULT_MIN_SOURCES, same_time: bool = False) -> Run:
    """Cluster the headlines with the engine's `cluster_stories` and score the result: at `threshold` whatever
    the reports are, or with None at the build's defaults (`default_threshold`: the one they apply here)."""
    articles = [as_article(h, same_time) for h in headlines]
    if threshold is None:
        threshold = default_threshold(headlines, same_time, min_sources)
    started = time.perf_counter()
    stories = cluster_stories(articles, threshold=threshold, headline_threshold=threshold, window_days=window_days,
                              min_sources=min_sources)
    seconds = time.perf_counter() - started
    found = {h.id: f"single:{h.id}" for h in headlines}
    headline_of = {article.source_path: headline.id for article, headline in zip(articles, headlines)}
    for number, story in enumerate(stories):
        for article in story.articles:
            found[headline_of[article.source_path]] = f"story:{number}"
    truth = {h.id: h.story for h in headlines}
    return Run(threshold, score(found, truth), len(stories), seconds)


def default_threshold(headlines: list[Headline], same_time: bool = False,
                      min_sources: int = DEFAULT_MIN_SOURCES) -> float:
    """The threshold the build's defaults apply to these reports: the one for headlines alone where most of them
    are (`stories.applied_threshold`), else the one for full texts."""
    inputs = story_inputs([as_article(h, same_time) for h in headlines], min_sources=min_sources)
    if inputs is None:
        return DEFAULT_THRESHOLD
    return applied_threshold(inputs)


def format_runs(runs: list[Run], headlines: list[Headline], split: str, default: float, same_time: bool = False,
                labelled_set: str = "shared") -> str:
    """The runs as a Markdown table, under a line naming the set, the split (and `--same-time`)."""
    stories = len({h.story for h in headlines})
    outlets = len({h.publisher for h in headlines})
    times = " All at one time (text only)." if same_time else ""
    out = [f"Set `{labelled_set}`, split `{split}`: {len(headlines)} headlines, {stories} labelled stories, "
           f"{outlets} outlets.{times}", "",
           "| threshold | B-cubed P | B-cubed R | B-cubed F1 | pairwise P | pairwise R | pairwise F1 "
           "| stories found | seconds |",
           "|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        s = r.scores
        mark = " (default)" if abs(r.threshold - default) < 1e-9 else ""
        out.append(f"| {r.threshold:g}{mark} | {s.bcubed_precision:.3f} | {s.bcubed_recall:.3f} | "
                   f"**{s.bcubed_f1:.3f}** | {s.pair_precision:.3f} | {s.pair_recall:.3f} | {s.pair_f1:.3f} "
                   f"| {r.stories} | {r.seconds:.2f} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.stories", description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="shared",
                        help="shared: the shared labelled headlines (default); more: 43 other events, all held back; "
                             "stream: both as one stream")
    parser.add_argument("--data", type=Path, default=None,
                        help=f"labelled headlines CSV, .xz allowed (default: the --set's file(s), {DEFAULT_DATA})")
    parser.add_argument("--split", choices=SPLITS, default=None,
                        help="which half of the labelled stories to measure (default: held, never used for tuning; "
                             "all with --set more or stream, or --data)")
    parser.add_argument("--source", type=Path, default=None,
                        help="--set basil: a checkout or bare git mirror of github.com/launchnlp/BASIL")
    parser.add_argument("--threshold", type=float, default=None,
                        help="clustering threshold, whatever the reports are (default: the build's: "
                             f"{HEADLINE_SCALE * DEFAULT_THRESHOLD:g} for headlines alone, {DEFAULT_THRESHOLD:g} else)")
    parser.add_argument("--window-days", type=float, default=DEFAULT_WINDOW_DAYS)
    parser.add_argument("--min-sources", type=int, default=DEFAULT_MIN_SOURCES)
    parser.add_argument("--sweep", action="store_true", help="also measure the thresholds " +
                        ", ".join(f"{t:g}" for t in SWEEP))
    parser.add_argument("--same-time", action="store_true",
                        help="give every headline one time: measure the text alone, without the time decay")
    args = parser.parse_args(argv)
    # The shared set's `dev` half chose the settings; any other labelled data is unseen, all of it.
    args.split = args.split or ("held" if args.set == "shared" and args.data is None else "all")
    if args.set == "basil":
        return _full_text(args)
    files = (args.data,) if args.data else SETS[args.set]
    missing = next((path for path in files if not path.is_file()), None)
    if missing:
        print(f"error: {missing}: labelled data not found (pass --data FILE)", file=sys.stderr)
        return 2
    try:
        headlines = [headline for path in files for headline in load_headlines(path, args.split)]
    except (ValueError, UnicodeDecodeError, lzma.LZMAError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if not headlines:
        print(f"error: no usable labelled headline in split `{args.split}` of {', '.join(map(str, files))}",
              file=sys.stderr)
        return 2
    default = default_threshold(headlines, args.same_time, args.min_sources)
    chosen = default if args.threshold is None else args.threshold
    thresholds = sorted(set(SWEEP) | {chosen}) if args.sweep else [chosen]
    runs = [run(headlines, threshold=t, window_days=args.window_days, min_sources=args.min_sources,
                same_time=args.same_time) for t in thresholds]
    print(format_runs(runs, headlines, args.split, default, args.same_time, args.data.name if args.data else args.set))
    return 0


def _full_text(args) -> int:
    """`--set basil`: BASIL's full-text reports (evaluation.fulltext_stories), all of them. (The pace of groups
    dated by the day only was set on what they showed: development figures, not held-back ones.)"""
    if args.source is None:
        print("error: --set basil needs --source DIR (a checkout or git mirror of github.com/launchnlp/BASIL)",
              file=sys.stderr)
        return 2
    try:
        records = load_basil(args.source)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    reports = [Headline(**record) for record in records]
    for with_body in (True, False):
        measured = reports if with_body else [replace(r, body="") for r in reports]
        default = default_threshold(measured, args.same_time, args.min_sources)
        chosen = default if args.threshold is None else args.threshold
        thresholds = sorted(set(SWEEP) | {chosen}) if args.sweep else [chosen]
        runs = [run(measured, threshold=t, window_days=args.window_days, min_sources=args.min_sources,
                    same_time=args.same_time) for t in thresholds]
        print(("Full text." if with_body else "Headlines alone.") + " "
              + format_runs(runs, measured, args.split, default, args.same_time, args.set) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
