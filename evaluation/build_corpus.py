"""Rebuild the development corpus (`evaluation/corpus/`) from Fundus's and Readability's test pages and Zyte's
Article Extraction Benchmark.

    .venv/bin/python -m evaluation.build_corpus \\
        --fundus /path/to/flairNLP/fundus --readability /path/to/mozilla/readability \\
        --extraction-benchmark /path/to/scrapinghub/article-extraction-benchmark [--out evaluation/corpus]

Each source may be a checkout or a bare git mirror (read at HEAD). For every page the build:

1. decodes the HTML and reads the truth (see `corpus_sources`), checks the page's language against its text;
2. makes the plain-text dump as headless Chromium's `document.body.innerText`, offline and without JavaScript
   (see `browser_text`), the way the real-world dumps were made;
3. slims the HTML for storage (see `html_tools.slim_html`) and checks, on every page or a sample, that
   trafilatura and htmldate read the slimmed page as they read the original;
4. splits the pages by publisher into train and test (see `assign_splits`);
5. writes `pages.jsonl.xz`, `NOTICE.md` and the counts in `README.md`.

Needs Chromium and chromedriver (Debian: chromium, chromium-driver) and the test extras (selenium).
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import logging
import lzma
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import regex

from evaluation import html_tools
from evaluation.browser_text import RenderedText, render_inner_texts
from evaluation.corpus import CORPUS_DIR, PAGES_FILE
from evaluation.corpus_sources import SourcePage, materialise, read_article_benchmark, read_fundus, read_readability
from evaluation.corpus_sources import BENCHMARK_HTML, BENCHMARK_TRUTH, FUNDUS_PUBLISHERS, FUNDUS_TEST_DATA
from evaluation.corpus_sources import READABILITY_TEST_PAGES
from evaluation.language_guess import checked_language

FUNDUS_URL = "https://github.com/flairNLP/fundus"
READABILITY_URL = "https://github.com/mozilla/readability"
BENCHMARK_URL = "https://github.com/scrapinghub/article-extraction-benchmark"

# The split: a page's publisher group is in `test` when a stable hash of the group's key falls below this share.
TEST_SHARE = 0.35
SPLIT_SALT = "newsdigest-corpus-split-v1"
# What the test split must hold (issue 13): >= 30% of the publisher groups, >= 5 languages with several pages.
MIN_TEST_GROUP_SHARE = 0.30
MIN_TEST_LANGUAGES = 5
MIN_PAGES_PER_TEST_LANGUAGE = 3

# Pages whose dump holds less than this share of the truth's tokens get a note: the truth is not (all) visible.
LOW_TRUTH_IN_DUMP = 0.8

README_COUNTS_START = "<!-- counts: written by evaluation/build_corpus.py -->"
README_COUNTS_END = "<!-- end of counts -->"

log = logging.getLogger("build_corpus")


# ---------------------------------------------------------------------------------------------------------------
# Tokens (for the truth-in-dump share and the slimming check)

# A token is a run of letters, marks and digits, or one Chinese/Japanese character (those scripts have no spaces).
_TOKEN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]|[\p{L}\p{M}\p{N}]+")


def tokens(text: str) -> list[str]:
    return [token.lower() for token in _TOKEN.findall(text or "")]


def token_recall(truth: str, found: str) -> float:
    """Share of the truth's tokens (counted with repeats) that `found` also holds."""
    wanted = collections.Counter(tokens(truth))
    if not wanted:
        return 1.0
    have = collections.Counter(tokens(found))
    return sum(min(count, have[token]) for token, count in wanted.items()) / sum(wanted.values())


def token_f1(a: str, b: str) -> float:
    ta, tb = collections.Counter(tokens(a)), collections.Counter(tokens(b))
    if not ta and not tb:
        return 1.0
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    precision, recall = common / sum(tb.values()), common / sum(ta.values())
    return 2 * precision * recall / (precision + recall)


# ---------------------------------------------------------------------------------------------------------------
# Split by publisher


@dataclass
class PublisherGroup:
    key: str  # what the split hash is computed from
    page_ids: list[str]
    language: str | None  # the language of most of its pages
    split: str = "train"


def _stable_fraction(key: str) -> float:
    """A number in [0, 1) that depends only on `key` (SHA-256), the same on every machine and Python version."""
    digest = hashlib.sha256(f"{SPLIT_SALT}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def publisher_groups(pages: list[SourcePage], languages: dict[str, str | None]) -> list[PublisherGroup]:
    """Pages joined into groups that must stay on one side of the split.

    Two pages are in one group when they share any group id: the Fundus publisher, or the name of a site
    (bbc.com and bbc.co.uk are both "site:bbc"), so an outlet present in two sources, or under two names,
    cannot leak from train into test. A group's key is its first site name, else its first id.
    """
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for page in pages:
        first = root(page.group_ids[0])
        for other in page.group_ids[1:]:
            parent[root(other)] = first
    members: dict[str, list[SourcePage]] = collections.defaultdict(list)
    for page in pages:
        members[root(page.group_ids[0])].append(page)
    groups = []
    for group_pages in members.values():
        ids = sorted({gid for page in group_pages for gid in page.group_ids})
        sites = [gid for gid in ids if gid.startswith("site:")]
        language_counts = collections.Counter(languages[page.id] for page in group_pages)
        majority = max(sorted(language_counts, key=str), key=lambda lang: language_counts[lang])
        groups.append(PublisherGroup(key=(sites or ids)[0], page_ids=sorted(p.id for p in group_pages),
                                     language=majority))
    return sorted(groups, key=lambda group: group.key)


def hash_split(groups: list[PublisherGroup]) -> None:
    """Rule 1 of `assign_splits`: test when the stable hash of the group's key falls below TEST_SHARE."""
    for group in groups:
        group.split = "test" if _stable_fraction(group.key) < TEST_SHARE else "train"


def assign_splits(groups: list[PublisherGroup], languages: dict[str, str | None]) -> str:
    """Put each group in train or test; returns the rule used, for the README.

    Rule 1 (used when it meets the requirements): a group is in test when `_stable_fraction(key)` < TEST_SHARE.
    A group's side then depends on its own name only, so adding pages or publishers never moves another one.
    Rule 2 (fallback when rule 1 gives too few test groups or languages): per language, the groups sorted by
    `_stable_fraction(key)`; the first round(TEST_SHARE * n) of them, at least one for a language with two or
    more groups, go to test.
    """
    hash_split(groups)
    if not _split_problems(groups, languages):
        return f"hash: a publisher group is in test when SHA-256 of its key maps below {TEST_SHARE}"
    by_language: dict[str | None, list[PublisherGroup]] = collections.defaultdict(list)
    for group in groups:
        by_language[group.language].append(group)
    for language_groups in by_language.values():
        language_groups.sort(key=lambda group: _stable_fraction(group.key))
        quota = round(TEST_SHARE * len(language_groups))
        if len(language_groups) >= 2:
            quota = max(quota, 1)
        for position, group in enumerate(language_groups):
            group.split = "test" if position < quota else "train"
    if problems := _split_problems(groups, languages):
        raise SystemExit("the split does not meet its requirements: " + "; ".join(problems))
    return (f"stratified by language: per language, publisher groups ordered by SHA-256 of their key; the first "
            f"{TEST_SHARE:.0%} (at least one where a language has two groups) are in test")


def _split_problems(groups: list[PublisherGroup], languages: dict[str, str | None]) -> list[str]:
    problems = []
    test_groups = [group for group in groups if group.split == "test"]
    if len(test_groups) < MIN_TEST_GROUP_SHARE * len(groups):
        problems.append(f"only {len(test_groups)} of {len(groups)} publisher groups in test")
    test_pages_per_language = collections.Counter(languages[pid] for group in test_groups for pid in group.page_ids)
    well_covered = [lang for lang, count in test_pages_per_language.items()
                    if lang and count >= MIN_PAGES_PER_TEST_LANGUAGE]
    if len(well_covered) < MIN_TEST_LANGUAGES:
        problems.append(f"only {len(well_covered)} languages with {MIN_PAGES_PER_TEST_LANGUAGE}+ test pages")
    return problems


# ---------------------------------------------------------------------------------------------------------------
# Slimming check


def check_slimming(pages: list[SourcePage], slimmed: dict[str, str], sample_size: int | None) -> dict:
    """Do trafilatura and htmldate read the slimmed HTML as they read the original? On all pages or a sample.

    Uses the calls newsdigest's HTML ingest makes (newsdigest/ingest/html.py), repeated here so the check does
    not depend on ingest code that changes. Text is compared with whitespace normalised (slimming collapses
    indentation, which trafilatura sometimes keeps at the start of a line).
    """
    import htmldate
    import trafilatura

    # trafilatura warns about every page it finds no main text in (HankookIlbo); the comparison covers that.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    sample = sorted(pages, key=lambda page: _stable_fraction("slim-check:" + page.id))[:sample_size]

    def read(html: str) -> dict:
        document = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_formatting=True, include_tables=False,
            include_images=False, include_links=False, output_format="python")
        found_date = htmldate.find_date(html, original_date=True, extensive_search=False,
                                        outputformat="%Y-%m-%dT%H:%M:%S%z")
        return {
            "text": " ".join(((document.text if document else None) or "").split()),
            "title": document.title if document else None,
            "author": document.author if document else None,
            "sitename": document.sitename if document else None,
            "date": found_date,
        }

    same = collections.Counter()
    f1_scores = []
    differing: list[str] = []
    started = time.perf_counter()
    for page in sample:
        original, slim = read(page.html), read(slimmed[page.id])
        for field_name in original:
            same[field_name] += original[field_name] == slim[field_name]
        f1_scores.append(token_f1(original["text"], slim["text"]))
        if original != slim:
            differing.append(f"{page.id}: " + ", ".join(k for k in original if original[k] != slim[k]))
    return {
        "pages": len(sample),
        "same": dict(same),
        "text_f1_mean": statistics.fmean(f1_scores) if f1_scores else None,
        "text_f1_min": min(f1_scores) if f1_scores else None,
        "differing": differing,
        "seconds": time.perf_counter() - started,
    }


# ---------------------------------------------------------------------------------------------------------------
# Output


def _record(page: SourcePage, split: str, group_key: str, language: str | None, dump: str, html: str,
            truth_in_dump: float) -> dict:
    """The JSON record of a page; keys in the order of evaluation.corpus.CorpusPage, big fields last."""
    return {
        "id": page.id,
        "corpus": page.corpus,
        "split": split,
        "publisher": page.publisher,
        "publisher_group": group_key,
        "language": language,
        "url": page.url,
        "title": page.title,
        "body": page.body,
        "authors": list(page.authors),
        "published": page.published,
        "site_name": page.site_name,
        "html_charset": page.declared_charset,
        "truth_in_dump": round(truth_in_dump, 4),
        "notes": page.notes,
        "dump": dump,
        "html": html,
    }


def write_pages(records: list[dict], path: Path) -> int:
    """JSON Lines, compressed with xz at its strongest preset; returns the file's size in bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".partial")
    with lzma.open(temporary, "wt", encoding="utf-8", preset=9 | lzma.PRESET_EXTREME) as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    temporary.replace(path)
    return path.stat().st_size


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def counts_markdown(records: list[dict], split_rule: str, size_bytes: int, slim_check: dict | None,
                    excluded: list[str], sources: dict[str, str], failures: dict[str, str]) -> str:
    """The README's counts section: pages, publishers and languages per split and corpus, and the checks."""
    def count(split: str | None, key) -> int:
        """Distinct values of key(record) among the records of `split` (None: all)."""
        return len({key(r) for r in records if split is None or r["split"] == split})

    splits = ("train", "test", None)
    rows = [["pages"] + [count(s, lambda r: r["id"]) for s in splits],
            ["publisher groups (split unit)"] + [count(s, lambda r: r["publisher_group"]) for s in splits],
            ["publishers"] + [count(s, lambda r: r["publisher"]) for s in splits],
            ["languages"] + [count(s, lambda r: r["language"]) for s in splits]]
    for corpus in ("fundus", "readability", "article-extraction-benchmark"):
        rows.append([f"pages from {corpus}"] + [
            sum(1 for r in records if r["corpus"] == corpus and (s is None or r["split"] == s)) for s in splits])
    overview = _table(["", "train", "test", "all"], rows)
    per_language = collections.Counter((r["language"], r["split"]) for r in records)
    groups_per_language = collections.defaultdict(set)
    for r in records:
        groups_per_language[(r["language"], r["split"])].add(r["publisher_group"])
    languages = sorted({r["language"] for r in records}, key=lambda lang: (-sum(
        per_language[(lang, s)] for s in ("train", "test")), str(lang)))
    language_table = _table(
        ["language", "train pages", "train groups", "test pages", "test groups"],
        [[lang or "?", per_language[(lang, "train")], len(groups_per_language[(lang, "train")]),
          per_language[(lang, "test")], len(groups_per_language[(lang, "test")])] for lang in languages])
    truth_shares = [r["truth_in_dump"] for r in records]
    low = [r["id"] for r in records if r["truth_in_dump"] < LOW_TRUTH_IN_DUMP]
    parts = [
        README_COUNTS_START,
        f"Built from {', '.join(f'{name} `{commit}`' for name, commit in sources.items())}; "
        f"`{PAGES_FILE}` is {size_bytes / 1e6:.1f} MB.",
        "",
        f"Split rule used: {split_rule}.",
        "",
        overview,
        "",
        language_table,
        "",
        f"Truth in dump (share of the truth body's tokens present in the dump): mean "
        f"{statistics.fmean(truth_shares):.3f}, median {statistics.median(truth_shares):.3f}; "
        f"{len(low)} pages under {LOW_TRUTH_IN_DUMP}: {', '.join(low) or 'none'}.",
    ]
    if slim_check:
        same = slim_check["same"]
        parts += ["", f"Slimmed vs original HTML on {slim_check['pages']} pages (trafilatura `bare_extraction` as "
                  f"newsdigest calls it; htmldate `find_date`): same text (whitespace normalised) "
                  f"{same.get('text', 0)}, same title {same.get('title', 0)}, author {same.get('author', 0)}, "
                  f"site name {same.get('sitename', 0)}, date {same.get('date', 0)}; text token F1 mean "
                  f"{slim_check['text_f1_mean']:.4f}, lowest {slim_check['text_f1_min']:.4f}."]
        if slim_check["differing"]:
            parts += ["Pages that differ: " + "; ".join(slim_check["differing"]) + "."]
    parts += ["", f"Readability test pages left out as unit cases ({len(excluded)}): "
              + ", ".join(f"`{name}`" for name in excluded) + "."]
    if failures:
        parts += ["", "Pages that did not render (left out): "
                  + "; ".join(f"{page_id}: {error}" for page_id, error in sorted(failures.items())) + "."]
    parts.append(README_COUNTS_END)
    return "\n".join(parts)


def update_readme(readme: Path, counts: str) -> None:
    """Replace the counts section of the README (between its markers), or append it."""
    text = readme.read_text(encoding="utf-8") if readme.exists() else "# Development corpus\n"
    pattern = re.compile(re.escape(README_COUNTS_START) + r".*?" + re.escape(README_COUNTS_END), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: counts, text)
    else:
        text = text.rstrip("\n") + "\n\n" + counts + "\n"
    readme.write_text(text, encoding="utf-8")


NOTICE_TEMPLATE = """\
# Notice: sources of the development corpus

`{pages_file}` is built by `evaluation/build_corpus.py` from the test data of three open-source projects.
Nothing in it was written by the newsdigest project.

| source | commit | licence of the repository |
|---|---|---|
| Fundus, `{fundus_path}` — {fundus_url} | `{fundus_commit}` | MIT ({fundus_url}/blob/{fundus_commit}/LICENSE) |
| Mozilla Readability, `{readability_path}` — {readability_url} | `{readability_commit}` | \
Apache License 2.0 ({readability_url}/blob/{readability_commit}/LICENSE.md) |
| Article Extraction Benchmark (Zyte, formerly Scrapinghub), `{benchmark_path}` — {benchmark_url} | \
`{benchmark_commit}` | MIT ({benchmark_url}/blob/{benchmark_commit}/LICENSE) |

**The pages belong to their publishers.** The article texts, headlines, bylines and page markup are the
copyrighted work of the outlets that published them (named in each record's `publisher`, `site_name` and `url`).
The three projects distribute them as test fixtures; this repository includes them, reduced, **for research and
evaluation of text extraction only**. They are not part of newsdigest's software, are not covered by its
licence, and must not be republished as articles. The ground truth (title, body, authors, date) is taken from
the projects' expected test output: Fundus's reviewed parser output, Readability's expected article and
metadata, and the Article Extraction Benchmark's hand-annotated article bodies (it gives no titles or dates);
the licences above apply to that test data as the projects publish it.

What was changed: each page's HTML is stored slimmed (scripts other than JSON-LD, style sheets, SVG,
comments, event handlers and data: URIs removed; its charset declaration set to UTF-8). Each page's plain-text
dump was made by rendering the original HTML in headless Chromium {chromium_version}, offline and with
JavaScript and images off, and taking `document.body.innerText` (README.md tells the details). Readability's
hand-written unit-case pages are left out (listed in README.md).

## Fundus licence (MIT), as in the repository

{fundus_licence}

## Readability NOTICE, as in the repository

{readability_notice}

The Apache License 2.0 text: https://www.apache.org/licenses/LICENSE-2.0 (also `LICENSE.md` in the repository).

## Article Extraction Benchmark licence (MIT), as in the repository

{benchmark_licence}
"""


def _quoted(text: str) -> str:
    """A text file shown as it is, in a Markdown code block."""
    return f"```text\n{text}\n```"


def chromium_version() -> str:
    try:
        result = subprocess.run(["chromium", "--version"], capture_output=True, text=True, timeout=30)
        match = re.search(r"\d+\.\d+\.\d+\.\d+", result.stdout)
        return match.group(0) if match else "(unknown version)"
    except (OSError, subprocess.SubprocessError):
        return "(unknown version)"


# ---------------------------------------------------------------------------------------------------------------
# The build


def render_dumps(pages: list[SourcePage], browsers: int) -> tuple[dict[str, RenderedText], dict[str, str]]:
    """Each page's innerText by Chromium, with progress on stderr; returns (rendered by id, errors by id)."""
    done = 0
    failures: dict[str, str] = {}

    def progress(page_id: str, rendered: RenderedText | None, error: str | None) -> None:
        nonlocal done
        done += 1
        if error:
            failures[page_id] = error
            print(f"  {page_id}: not rendered: {error}", file=sys.stderr)
        if done % 25 == 0 or done == len(pages):
            print(f"  rendered {done}/{len(pages)}", file=sys.stderr)

    started = time.perf_counter()
    rendered = render_inner_texts(((page.id, page.html) for page in pages), browsers=browsers, on_done=progress)
    print(f"rendered {len(rendered)} pages in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return rendered, failures


def build(fundus: Path, readability: Path, benchmark: Path, out: Path, browsers: int, slim_check_pages: int | None,
          limit: int | None) -> None:
    """Read the three sources, render, slim, split and write the corpus to `out` (see the module docstring)."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsdigest-corpus-sources-") as scratch:
        fundus_root, fundus_commit = materialise(fundus, [FUNDUS_TEST_DATA, FUNDUS_PUBLISHERS, "LICENSE"],
                                                 Path(scratch) / "fundus")
        readability_root, readability_commit = materialise(readability, [READABILITY_TEST_PAGES, "NOTICE"],
                                                           Path(scratch) / "readability")
        benchmark_root, benchmark_commit = materialise(benchmark, [BENCHMARK_HTML, BENCHMARK_TRUTH, "LICENSE"],
                                                       Path(scratch) / "article-extraction-benchmark")
        fundus_licence = (fundus_root / "LICENSE").read_text(encoding="utf-8").strip()
        readability_notice = (readability_root / "NOTICE").read_text(encoding="utf-8").strip()
        benchmark_licence = (benchmark_root / "LICENSE").read_text(encoding="utf-8").strip()
        pages = read_fundus(fundus_root)
        readability_pages, excluded = read_readability(readability_root)
        benchmark_pages = read_article_benchmark(benchmark_root)
    print(f"read {len(pages)} Fundus pages, {len(readability_pages)} Readability pages "
          f"({len(excluded)} Readability unit cases left out) and {len(benchmark_pages)} Article Extraction "
          f"Benchmark pages", file=sys.stderr)
    pages += readability_pages + benchmark_pages
    if limit:  # a quick trial run: every n-th page
        pages = pages[:: max(1, len(pages) // limit)][:limit]

    languages: dict[str, str | None] = {}
    for page in pages:
        languages[page.id], note = checked_language(page.declared_language, f"{page.title or ''}\n{page.body}")
        if note:
            page.notes.append(note)
        stored_as = page.html_codec.removesuffix("-sig")  # a byte-order mark is no other encoding
        if page.declared_charset and html_tools.python_codec(page.declared_charset) != stored_as:
            page.notes.append(f"declares charset {page.declared_charset} but is stored as {stored_as}")

    slimmed = {page.id: html_tools.slim_html(page.html) for page in pages}
    print(f"slimmed the HTML: {sum(len(p.html) for p in pages) / 1e6:.1f} -> "
          f"{sum(len(h) for h in slimmed.values()) / 1e6:.1f} million characters", file=sys.stderr)

    rendered, failures = render_dumps(pages, browsers)
    pages = [page for page in pages if page.id in rendered]
    dumps = {page_id: result.text for page_id, result in rendered.items()}
    for page in pages:
        if rendered[page.id].unhidden:
            page.notes.append("the page hides itself until its scripts run; the dump was made with it un-hidden")

    groups = publisher_groups(pages, languages)
    if limit:  # a sample cannot meet the split's requirements; use the plain hash rule
        hash_split(groups)
        split_rule = "trial run (--limit): hash rule only"
    else:
        split_rule = assign_splits(groups, languages)
    group_of = {page_id: group for group in groups for page_id in group.page_ids}

    records = []
    for page in sorted(pages, key=lambda p: p.id):
        truth_in_dump = token_recall(page.body, dumps[page.id])
        if truth_in_dump < LOW_TRUTH_IN_DUMP:
            page.notes.append(f"only {truth_in_dump:.0%} of the truth's tokens are in the dump")
        group = group_of[page.id]
        records.append(_record(page, group.split, group.key, languages[page.id], dumps[page.id],
                               slimmed[page.id], truth_in_dump))

    slim_check = check_slimming(pages, slimmed, slim_check_pages) if slim_check_pages != 0 else None
    size = write_pages(records, out / PAGES_FILE)
    sources = {"Fundus": fundus_commit, "Readability": readability_commit,
               "Article Extraction Benchmark": benchmark_commit}
    (out / "NOTICE.md").write_text(NOTICE_TEMPLATE.format(
        pages_file=PAGES_FILE, fundus_url=FUNDUS_URL, fundus_commit=fundus_commit, fundus_path=FUNDUS_TEST_DATA,
        readability_url=READABILITY_URL, readability_commit=readability_commit,
        readability_path=READABILITY_TEST_PAGES, benchmark_url=BENCHMARK_URL, benchmark_commit=benchmark_commit,
        benchmark_path=f"{BENCHMARK_HTML}/, {BENCHMARK_TRUTH}", chromium_version=chromium_version(),
        fundus_licence=_quoted(fundus_licence), readability_notice=_quoted(readability_notice),
        benchmark_licence=_quoted(benchmark_licence)), encoding="utf-8")
    counts = counts_markdown(records, split_rule, size, slim_check, excluded, sources, failures)
    update_readme(out / "README.md", counts)
    print(counts)
    print(f"\nwrote {out / PAGES_FILE}: {size / 1e6:.2f} MB, {len(records)} pages, "
          f"in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if size > 15e6:
        print("warning: the corpus is over 15 MB", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m evaluation.build_corpus", description=__doc__.split("\n")[0])
    parser.add_argument("--fundus", type=Path, required=True, help="flairNLP/fundus checkout or bare mirror")
    parser.add_argument("--readability", type=Path, required=True, help="mozilla/readability checkout or mirror")
    parser.add_argument("--extraction-benchmark", type=Path, required=True,
                        help="scrapinghub/article-extraction-benchmark checkout or mirror")
    parser.add_argument("--out", type=Path, default=CORPUS_DIR, help="output folder (default: %(default)s)")
    parser.add_argument("--browsers", type=int, default=2, help="Chromium instances rendering in parallel")
    parser.add_argument("--slim-check", type=int, default=None, metavar="N",
                        help="check the slimmed HTML against the original on N pages (default: all; 0: skip)")
    parser.add_argument("--limit", type=int, default=None, metavar="N",
                        help="trial run on N pages spread over the sources (writes to --out: use another folder)")
    args = parser.parse_args(argv)
    if args.limit and args.out.resolve() == CORPUS_DIR:
        parser.error("a trial run (--limit) needs --out DIR outside evaluation/corpus, to keep the real corpus")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    build(args.fundus, args.readability, args.extraction_benchmark, args.out, args.browsers, args.slim_check,
          args.limit)


if __name__ == "__main__":
    main()
