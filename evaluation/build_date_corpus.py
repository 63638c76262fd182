"""Build the date corpus (`evaluation/date-corpus/`): htmldate's date-annotated web pages as plain-text dumps.

    .venv/bin/python -m evaluation.build_date_corpus --htmldate /path/to/adbar/htmldate [--out evaluation/date-corpus]

htmldate's evaluation set (`tests/eval_default.json`, `tests/eval_mediacloud_2020.json`, the pages in
`tests/test_set/`, `tests/eval/` and `tests/cache/`) gives 994 real pages of about 900 sites, each with the day it
was published, annotated by hand. The development corpus has about 200 dated pages; this adds several times as
many outlets for the one question of which date a page was published on. For every page the build:

1. decodes the HTML (`html_tools.decode_html`) and takes the original address out of a web archive's address;
2. makes the plain-text dump as headless Chromium's `document.body.innerText`, offline and without JavaScript
   (`browser_text`), as the development corpus does;
3. splits the pages by site: a site the development corpus holds keeps that corpus's side, any other falls on
   the side the same hash rule gives its name (`build_corpus.assign_splits`, rule 1), so no outlet is on one
   side in one corpus and on the other in the other;
4. takes the page's `<h1>` as its `headline` where its og:title or JSON-LD headline says the same and the dump
   prints it (`weak_titles.derived_headline`; a derived label, about half the pages get one);
5. writes `pages.jsonl.xz` (dumps only: htmldate was developed on these pages' HTML, so they cannot measure an
   HTML date finder built on it), `NOTICE.md` and the counts in `README.md`.

Needs Chromium and chromedriver (Debian: chromium, chromium-driver) and the test extras (selenium).
"""

from __future__ import annotations

import argparse
import collections
import json
import logging
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from evaluation import html_tools
from evaluation.browser_text import render_inner_texts
from evaluation.build_corpus import README_COUNTS_END, README_COUNTS_START, TEST_SHARE, _stable_fraction, _table
from evaluation.build_corpus import chromium_version, update_readme, write_pages
from evaluation.corpus import PAGES_FILE, development_sites
from evaluation.corpus_sources import _domain_label, materialise
from evaluation.dates import DATE_CORPUS_DIR
from evaluation.language_guess import checked_language
from evaluation.weak_titles import derived_headline

HTMLDATE_URL = "https://github.com/adbar/htmldate"
TRUTH_FILES = {"bbaw": "tests/eval_default.json", "mediacloud": "tests/eval_mediacloud_2020.json"}
PAGE_FOLDERS = ("tests/test_set", "tests/eval", "tests/cache")
# https://web.archive.org/web/20190101000000/https://example.com/a -> https://example.com/a
_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/\d+[a-z_]*/(https?://.+)$", re.IGNORECASE)


def original_url(url: str) -> str:
    """The page's own address: the archived one when `url` is a web archive's copy."""
    match = _ARCHIVED.match(url)
    return match.group(1) if match else url


def read_pages(root: Path) -> tuple[list[dict], list[str]]:
    """Every annotated page with a date, as records without their dump; and the entries left out, with why."""
    pages, left_out, seen = [], [], set()
    for source, truth_file in TRUTH_FILES.items():
        entries = json.loads((root / truth_file).read_text(encoding="utf-8"))
        for address, entry in entries.items():
            day = entry.get("date")
            if not isinstance(day, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
                left_out.append(f"{entry.get('file')}: no date in the annotation ({day!r})")
                continue
            path = next((root / folder / entry["file"] for folder in PAGE_FOLDERS
                         if (root / folder / entry["file"]).is_file()), None)
            if path is None:
                left_out.append(f"{entry['file']}: file missing")
                continue
            if (source, entry["file"]) in seen:
                left_out.append(f"{entry['file']}: annotated twice (under {address})")
                continue
            seen.add((source, entry["file"]))
            html, _codec = html_tools.decode_html(path.read_bytes())
            url = original_url(address)
            declared = html_tools.declared_language(html_tools.parse_document(html))
            pages.append({"id": f"htmldate/{source}/{entry['file']}", "source": source, "url": url,
                          "published": day, "declared_language": declared, "html": html})
    return pages, left_out


def assign_splits(pages: list[dict]) -> dict[str, int]:
    """Each page's split and group key, by site (see the module docstring); returns how many sites took their
    side from the development corpus."""
    known = development_sites()
    inherited = collections.Counter()
    for page in pages:
        label = _domain_label(page["url"]) or page["url"]
        page["publisher_group"] = f"site:{label}"
        if page["publisher_group"] in known:
            page["split"] = known[page["publisher_group"]].split
            inherited[label] += 1
        else:
            page["split"] = "test" if _stable_fraction(page["publisher_group"]) < TEST_SHARE else "train"
    return inherited


NOTICE = """\
# Notice: source of the date corpus

`{pages_file}` is built by `evaluation/build_date_corpus.py` from the evaluation data of htmldate. Nothing in it
was written by the newsdigest project.

| source | commit | licence of the repository |
|---|---|---|
| htmldate, `tests/eval_default.json`, `tests/eval_mediacloud_2020.json`, `tests/test_set/`, `tests/eval/`, \
`tests/cache/` — {url} | `{commit}` | Apache License 2.0 ({url}/blob/{commit}/LICENSE) |

htmldate's evaluation README credits the annotated pages to the BBAW collection (Adrien Barbaresi, Shiyang Chen,
Lukas Kozmus) and, for the additional news pages, to the Data Culture Group at Northeastern University.

**The pages belong to their publishers.** The page texts are the copyrighted work of the sites that published
them (each record's `url`). htmldate distributes them as evaluation fixtures; this repository includes their
visible text, for research and evaluation of date extraction only. They are not part of newsdigest's software,
are not covered by its licence, and must not be republished. The annotated dates are htmldate's.

What was changed: only each page's plain-text dump is stored, made by rendering the page in headless Chromium
{chromium}, offline and with JavaScript and images off, and taking `document.body.innerText` (as for the
development corpus, `evaluation/corpus/README.md`); a web archive's address is replaced by the archived page's
own address. Entries whose annotation gives no date are left out.
"""


def counts_markdown(records: list[dict], commit: str, size: int, inherited: dict, left_out: list[str],
                    failures: dict[str, str]) -> str:
    """The README's counts section: pages, sites, sources, languages and years per split; what was left out."""
    splits = ("train", "test")

    def count(split, key):
        return len({key(r) for r in records if split is None or r["split"] == split})

    rows = [["pages", *(count(s, lambda r: r["id"]) for s in splits), len(records)],
            ["sites (split unit)", *(count(s, lambda r: r["publisher_group"]) for s in splits),
             count(None, lambda r: r["publisher_group"])]]
    for source in TRUTH_FILES:
        rows.append([f"pages from {source}", *(sum(r["split"] == s and r["source"] == source for r in records)
                                               for s in splits), sum(r["source"] == source for r in records)])
    rows.append(["pages with a derived headline", *(sum(r["split"] == s and bool(r["headline"]) for r in records)
                                                    for s in splits), sum(bool(r["headline"]) for r in records)])
    years = collections.Counter(r["published"][:4] for r in records)
    text = [README_COUNTS_START, f"Built from htmldate `{commit}`; `{PAGES_FILE}` is {size / 1e6:.1f} MB.", "",
            _table(["", "train", "test", "all"], rows), "", language_table(records), "",
            "Publication years: " + ", ".join(f"{year}: {n}" for year, n in sorted(years.items())) + ".", "",
            f"{sum(inherited.values())} pages of {len(inherited)} sites that the development corpus also holds take "
            f"its side ({', '.join(sorted(inherited)) or 'none'}).", ""]
    return "\n".join([*text, *left_out_lines(left_out, failures), README_COUNTS_END])


def language_table(records: list[dict]) -> str:
    """The pages of each split in the 12 most common languages, as a Markdown table."""
    languages = collections.Counter(r["language"] for r in records)
    rows = [[lang or "unknown", *(sum(r["language"] == lang and r["split"] == s for r in records)
                                  for s in ("train", "test"))] for lang, _ in languages.most_common(12)]
    return _table(["language (12 most common)", "train pages", "test pages"], rows)


def left_out_lines(left_out: list[str], failures: dict[str, str]) -> list[str]:
    """The README's line naming the entries left out and the pages that did not render, if any."""
    if not (left_out or failures):
        return []
    return ["Left out: " + "; ".join(left_out + [f"{k}: not rendered ({v})" for k, v in failures.items()]) + ".", ""]


def build(htmldate: Path, out: Path, browsers: int, limit: int | None) -> None:
    """Read, render, split and write the date corpus to `out` (see the module docstring)."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsdigest-date-corpus-") as scratch:
        root, commit = materialise(htmldate, [*TRUTH_FILES.values(), *PAGE_FOLDERS, "LICENSE"], Path(scratch))
        pages, left_out = read_pages(root)
    if limit:
        pages = pages[:: max(1, len(pages) // limit)][:limit]
    print(f"read {len(pages)} dated pages ({len(left_out)} entries left out)", file=sys.stderr)

    def record(page: dict, dump: str, language: str | None) -> dict:
        return {"id": page["id"], "source": page["source"], "split": page["split"],
                "publisher_group": page["publisher_group"], "language": language, "url": page["url"],
                "published": page["published"], "headline": derived_headline(page["html"], dump), "dump": dump}

    records, inherited, failures = rendered_records(pages, browsers, record)
    notice = NOTICE.format(pages_file=PAGES_FILE, url=HTMLDATE_URL, commit=commit, chromium=chromium_version())
    write_corpus(out, records, notice, lambda size: counts_markdown(records, commit, size, inherited, left_out,
                                                                    failures), started)


def rendered_records(pages: list[dict], browsers: int, record: Callable[[dict, str, str | None], dict]
                     ) -> tuple[list[dict], dict[str, int], dict[str, str]]:
    """Each page's dump rendered by headless Chromium (progress on stderr), the pages split by site
    (`assign_splits`), and `record(page, dump, language)` made of each page that rendered, in id order. Also the
    sites that took the development corpus's side, and the pages that did not render, with why."""
    failures: dict[str, str] = {}
    done = collections.Counter()

    def progress(page_id, rendered, error):
        if error:
            failures[page_id] = error
        done["pages"] += 1
        if done["pages"] % 50 == 0:
            print(f"  rendered {done['pages']}/{len(pages)}", file=sys.stderr)

    rendered = render_inner_texts(((page["id"], page["html"]) for page in pages), browsers=browsers,
                                  on_done=progress)
    inherited = assign_splits(pages)
    records = []
    for page in sorted(pages, key=lambda p: p["id"]):
        if page["id"] in rendered:
            dump = rendered[page["id"]].text
            records.append(record(page, dump, checked_language(page["declared_language"], dump)[0]))
    return records, inherited, failures


def write_corpus(out: Path, records: list[dict], notice: str, counts_of: Callable[[int], str], started: float) -> None:
    """`pages.jsonl.xz`, `NOTICE.md` and the README's counts (`counts_of(size of the pages file)`) into `out`."""
    size = write_pages(records, out / PAGES_FILE)
    (out / "NOTICE.md").write_text(notice, encoding="utf-8")
    counts = counts_of(size)
    update_readme(out / "README.md", counts)
    print(counts)
    print(f"wrote {len(records)} pages in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def build_arguments(argv: list[str] | None, prog: str, description: str, source: str, default_out: Path
                    ) -> argparse.Namespace:
    """The command line of a corpus builder: `--<source> DIR` (a checkout or bare mirror), `--out`, `--browsers`,
    `--limit`."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument(f"--{source}", type=Path, required=True, help=f"{source} checkout or bare mirror")
    parser.add_argument("--out", type=Path, default=default_out, help="output folder (default: %(default)s)")
    parser.add_argument("--browsers", type=int, default=2, help="Chromium instances rendering in parallel")
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="a trial run on N pages")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return args


def main(argv: list[str] | None = None) -> None:
    args = build_arguments(argv, "python -m evaluation.build_date_corpus", __doc__.split("\n")[0], "htmldate",
                           DATE_CORPUS_DIR)
    build(args.htmldate, args.out, args.browsers, args.limit)


if __name__ == "__main__":
    main()
