"""Build the snippet corpus (`evaluation/snippet-corpus/`): trafilatura's evaluation pages as plain-text dumps.

    .venv/bin/python -m evaluation.build_snippet_corpus --trafilatura /path/to/adbar/trafilatura [--out DIR]

trafilatura's evaluation set (`tests/evaldata.json` and the pages in `tests/eval/` and `tests/cache/`) gives
about 990 real web pages of some 900 sites (news, blogs, magazines, institutions; mostly German and English),
each annotated by hand with a few snippets of its main text that an extractor must keep ("with") and a few of
its menus, footers and teasers that it must drop ("without"). The development corpus measures a body against a
whole truth on about 350 outlets; this one asks fewer questions of three times as many sites. For every page
the build:

1. decodes the HTML (`html_tools.decode_html`);
2. makes the plain-text dump as headless Chromium's `document.body.innerText`, offline and without JavaScript
   (`browser_text`), as the development and date corpora do;
3. splits the pages by site with the date corpus's rule (`build_date_corpus.assign_splits`): a site the
   development corpus holds keeps that corpus's side, any other falls on the side its hash gives, so a site is
   on the same side in all three corpora;
4. writes `pages.jsonl.xz` (dumps only: trafilatura was developed on these pages' HTML, so they cannot measure
   an HTML extractor built on it), `NOTICE.md` and the counts in `README.md`.

Needs Chromium and chromedriver (Debian: chromium, chromium-driver) and the test extras (selenium).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from evaluation import html_tools
from evaluation.build_corpus import README_COUNTS_END, README_COUNTS_START, _table, chromium_version
from evaluation.build_date_corpus import build_arguments, language_table, left_out_lines, rendered_records
from evaluation.build_date_corpus import write_corpus
from evaluation.corpus import PAGES_FILE

TRAFILATURA_URL = "https://github.com/adbar/trafilatura"
TRUTH_FILE = "tests/evaldata.json"
PAGE_FOLDERS = ("tests/eval", "tests/cache")
SNIPPET_CORPUS_DIR = Path(__file__).resolve().parent / "snippet-corpus"


def read_pages(root: Path) -> tuple[list[dict], list[str]]:
    """Every annotated page with at least one snippet, as records without their dump; and the entries left out,
    with why."""
    entries = json.loads((root / TRUTH_FILE).read_text(encoding="utf-8"))
    pages, left_out, seen = [], [], set()
    for address, entry in entries.items():
        name = entry.get("file")
        keep = [s for s in entry.get("with") or [] if isinstance(s, str) and s.strip()]
        drop = [s for s in entry.get("without") or [] if isinstance(s, str) and s.strip()]
        if not name or not (keep or drop):
            left_out.append(f"{name or address}: no snippets")
            continue
        path = next((root / folder / name for folder in PAGE_FOLDERS if (root / folder / name).is_file()), None)
        if path is None:
            left_out.append(f"{name}: file missing")
            continue
        if name in seen:
            left_out.append(f"{name}: annotated twice (under {address})")
            continue
        seen.add(name)
        html, _codec = html_tools.decode_html(path.read_bytes())
        declared = html_tools.declared_language(html_tools.parse_document(html))
        pages.append({"id": f"trafilatura/{name}", "url": address, "with": keep, "without": drop,
                      "declared_language": declared, "html": html})
    return pages, left_out


NOTICE = """\
# Notice: source of the snippet corpus

`{pages_file}` is built by `evaluation/build_snippet_corpus.py` from the evaluation data of trafilatura. Nothing
in it was written by the newsdigest project.

| source | commit | licence of the repository |
|---|---|---|
| trafilatura, `tests/evaldata.json`, `tests/eval/`, `tests/cache/` — {url} | `{commit}` | Apache License 2.0 \
({url}/blob/{commit}/LICENSE) |

The snippets ("with", "without") are trafilatura's annotations (Adrien Barbaresi and contributors).

**The pages belong to their publishers.** The page texts are the copyrighted work of the sites that published
them (each record's `url`). trafilatura distributes them as evaluation fixtures; this repository includes their
visible text, for research and evaluation of text extraction only. They are not part of newsdigest's software,
are not covered by its licence, and must not be republished.

What was changed: only each page's plain-text dump is stored, made by rendering the page in headless Chromium
{chromium}, offline and with JavaScript and images off, and taking `document.body.innerText` (as for the
development corpus, `evaluation/corpus/README.md`). Entries without snippets are left out.
"""


def counts_markdown(records: list[dict], commit: str, size: int, inherited: dict, left_out: list[str],
                    failures: dict[str, str]) -> str:
    """The README's counts section: pages, sites, snippets and languages per split; what was left out."""
    splits = ("train", "test")

    def count(split, key):
        return len({key(r) for r in records if split is None or r["split"] == split})

    def total(split, key):
        return sum(key(r) for r in records if split is None or r["split"] == split)

    rows = [["pages", *(count(s, lambda r: r["id"]) for s in (*splits, None))],
            ["sites (split unit)", *(count(s, lambda r: r["publisher_group"]) for s in (*splits, None))],
            ["snippets to keep", *(total(s, lambda r: len(r["with"])) for s in (*splits, None))],
            ["snippets to drop", *(total(s, lambda r: len(r["without"])) for s in (*splits, None))]]
    text = [README_COUNTS_START, f"Built from trafilatura `{commit}`; `{PAGES_FILE}` is {size / 1e6:.1f} MB.", "",
            _table(["", "train", "test", "all"], rows), "", language_table(records), "",
            f"{sum(inherited.values())} pages of {len(inherited)} sites that the development corpus also holds take "
            "its side.", ""]
    return "\n".join([*text, *left_out_lines(left_out, failures), README_COUNTS_END])


def build(trafilatura: Path, out: Path, browsers: int, limit: int | None) -> None:
    """Read, render, split and write the snippet corpus to `out` (see the module docstring)."""
    from evaluation.corpus_sources import materialise

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsdigest-snippet-corpus-") as scratch:
        root, commit = materialise(trafilatura, [TRUTH_FILE, *PAGE_FOLDERS, "LICENSE"], Path(scratch))
        pages, left_out = read_pages(root)
    if limit:
        pages = pages[:: max(1, len(pages) // limit)][:limit]
    print(f"read {len(pages)} annotated pages ({len(left_out)} entries left out)", file=sys.stderr)

    def record(page: dict, dump: str, language: str | None) -> dict:
        return {"id": page["id"], "split": page["split"], "publisher_group": page["publisher_group"],
                "language": language, "url": page["url"], "with": page["with"], "without": page["without"],
                "dump": dump}

    records, inherited, failures = rendered_records(pages, browsers, record)
    notice = NOTICE.format(pages_file=PAGES_FILE, url=TRAFILATURA_URL, commit=commit, chromium=chromium_version())
    write_corpus(out, records, notice, lambda size: counts_markdown(records, commit, size, inherited, left_out,
                                                                    failures), started)


def main(argv: list[str] | None = None) -> None:
    args = build_arguments(argv, "python -m evaluation.build_snippet_corpus", __doc__.split("\n")[0], "trafilatura",
                           SNIPPET_CORPUS_DIR)
    build(args.trafilatura, args.out, args.browsers, args.limit)


if __name__ == "__main__":
    main()
