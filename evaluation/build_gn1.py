"""Build the L3S-GN1 evaluation corpus (`evaluation/gn1/`, git-ignored) from the dataset's annotated news pages.

    .venv/bin/python -m evaluation.build_gn1 --source DIR [--out evaluation/gn1] [--browsers 2] [--limit N]

`--source`: a checkout or bare git mirror (read at HEAD) holding `L3S-GN1-20100130203947-00001/` with
`original/<uuid>.html` (the page as crawled), `annotated/<uuid>.html` (the same page with the assessors' labels as
`<span class="x-nc-selN">`) and `url-mapping.txt`; github.com/geodrome/page-signal is a public mirror.

The dataset: 621 English news articles from 408 sites, sampled at random from Google News in the first half of
2008, labelled by human assessors (headline, full text, supplemental, related content, comments, not content).
newsdigest was never tuned on it. Cite: Christian Kohlschütter, Peter Fankhauser, Wolfgang Nejdl. Boilerplate
Detection using Shallow Text Features. WSDM 2010. Licence (L3S): non-exclusive, non-transferable, research use
only: the built corpus is never committed; whoever wants it builds it from the source.

For every page the build reads the truth from the annotated page (`annotated_truth`), renders the original page's
plain-text dump in headless Chromium (`evaluation.browser_text`, as `build_corpus`), slims its HTML, splits the
pages by site into `train` (the development half) and `test` (held back: measure only), and writes
`pages.jsonl.xz` (records as `evaluation.corpus.CorpusPage`) and a generated `README.md`.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from evaluation import html_tools
from evaluation.build_corpus import LOW_TRUTH_IN_DUMP, _stable_fraction, chromium_version, render_dumps
from evaluation.build_corpus import _record, token_recall, tokens, write_pages
from evaluation.corpus import PAGES_FILE
from evaluation.corpus_sources import SourcePage, _domain_label, materialise

DATASET = "L3S-GN1-20100130203947-00001"
CORPUS = "l3s-gn1"
OUT_DIR = Path(__file__).resolve().parent / "gn1"
TEST_SHARE = 0.5  # a site is in test when build_corpus._stable_fraction("site:<label>") is below this
MIN_BODY_WORDS = 30

_SELECTION = re.compile(r"\bx-nc-sel([0-5])\b")
_INVISIBLE = re.compile(r"\bx-nc-invisible\b")
HEADLINE, FULL_TEXT = "1", "2"
# Elements whose start and end break a paragraph of the truth (block boxes of a page without its style sheet).
_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "legend", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
_SKIPPED = {"head", "script", "style", "title", "template"}
_CLOSERS = tuple(",.;:!)]")  # a labelled run starting with one follows the previous run without a space


@dataclass
class Truth:
    """What the assessors labelled on one page."""

    title: str | None  # the headline (one of the blocks labelled headline; see `choose_headline`)
    body: str  # the full text, paragraphs separated by blank lines
    headlines: list[str] = field(default_factory=list)  # every block labelled headline, in order


def _labelled_blocks(root, wanted: str, repair) -> list[str]:
    """The text labelled `wanted` ("1" headline, "2" full text), one string per block of the page. A text's label is
    the selection class of its nearest labelled ancestor; x-nc-invisible elements, scripts, styles and <head> are
    left out (not the text after them); the texts inside one block are joined with spaces."""
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append("".join(run if run.startswith(_CLOSERS) or not n else " " + run
                                  for n, run in enumerate(current)))
        current.clear()

    def add(text: str | None, label: str | None) -> None:
        if label == wanted and (squeezed := " ".join((text or "").split())):
            current.append(repair(squeezed))

    def walk(element, label: str | None) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else None
        classes = (element.get("class") or "") if tag else ""
        if tag is not None and tag not in _SKIPPED and not _INVISIBLE.search(classes):
            own_label = match.group(1) if (match := _SELECTION.search(classes)) else label
            if tag in _BLOCKS:
                flush()
            add(element.text, own_label)
            for child in element:
                walk(child, own_label)
            if tag in _BLOCKS:
                flush()
        add(element.tail, label)  # the text after an element belongs to its parent

    walk(root, None)
    flush()
    return blocks


def choose_headline(headlines: list[str], page_title: str | None) -> str | None:
    """The headline among the blocks labelled so. Assessors sometimes label a kicker ("Football News"), a byline,
    a deck or a standfirst as headline too. Blocks of fewer than three words are passed over when longer ones
    exist; of the rest, those that share at least half their words with the page's <title> are preferred, the
    one sharing most words first; otherwise the first block is the headline."""
    candidates = [block for block in headlines if len(block.split()) >= 3] or headlines
    if not candidates:
        return None
    wanted = collections.Counter(tokens(page_title or ""))
    best, best_shared = candidates[0], 0
    for block in candidates:
        words = collections.Counter(tokens(block))
        shared = sum((words & wanted).values())
        if shared * 2 >= sum(words.values()) and shared > best_shared:
            best, best_shared = block, shared
    return best


def annotated_truth(html: str, repair=None, title_hint: str | None = None) -> Truth:
    """Title and body from an annotated L3S-GN1 page (decoded HTML).

    Labels are `<span class="x-nc-selN">` (sel1 headline, sel2 full text, sel3 supplemental, sel4 related, sel5
    comments, sel0 not content); elements a reader cannot see carry x-nc-invisible. The body is the full text, a
    paragraph per block (one ends where <p>, <div>, <li>, <td>, a heading, <br>... starts or ends), text inside a
    block joined with spaces. The title is the headline block `choose_headline` picks with the page's <title>
    (`title_hint`). `repair(text)` may restore the characters of a text run (see `CharacterRepair`).
    """
    repair = repair or (lambda text: text)
    root = html_tools.parse_document(html)
    headlines = _labelled_blocks(root, HEADLINE, repair)
    body = "\n\n".join(_labelled_blocks(root, FULL_TEXT, repair))
    return Truth(title=choose_headline(headlines, title_hint), body=body, headlines=headlines)


class CharacterRepair:
    """Restores the characters the annotated pages lost, from the original page: they were saved in Latin-1, and
    every character outside it (curly quotes, dashes) became "?" ("the island?s"). A run of text holding "?" is looked
    up in the original's text, each "?" standing for itself or a character outside Latin-1; if all matches agree,
    that text is taken. Runs with under three word characters, or no unique match, stay as they are."""

    def __init__(self, original_doc):
        self._text = "\n".join(squeezed for text in original_doc.itertext() if (squeezed := " ".join(text.split())))
        self.repaired = 0
        self.unresolved = 0

    def __call__(self, text: str) -> str:
        if "?" not in text:
            return text
        parts = text.split("?")
        if sum(len(re.findall(r"\w", part)) for part in parts) < 3:
            self.unresolved += 1
            return text
        pattern = re.compile(r"(?:\?|[^\x00-\xff])".join(re.escape(part) for part in parts))
        found = {match.group(0) for match in pattern.finditer(self._text)}
        if len(found) != 1:
            self.unresolved += 1
            return text
        (restored,) = found
        self.repaired += restored != text
        return restored


_BROKEN_XML_DECLARATION = re.compile(r"^\s*<\?xml\b[^>]*>", re.IGNORECASE)


def without_xml_declaration(html: str) -> str:
    """The page without a leading `<?xml ...>` declaration, even a malformed one (lxml refuses those in text)."""
    return _BROKEN_XML_DECLARATION.sub("", html, count=1)


_ATTRIBUTE_NAME = re.compile(r"[A-Za-z_:][-A-Za-z0-9_.:]*\Z")


def slimmed(html: str) -> tuple[str, str | None]:
    """`html_tools.slim_html` of the page, and a note if the page had to be mended first: a few crawls are cut
    and spliced (script text inside a <meta> tag), which gives attribute names lxml can parse but not read."""
    html = without_xml_declaration(html)
    try:
        return html_tools.slim_html(html), None
    except ValueError:
        doc = html_tools.parse_document(html)
        for element in doc.iter(etree.Element):
            attributes = element.items()
            if not all(_ATTRIBUTE_NAME.match(name) for name, _ in attributes):
                element.attrib.clear()
                for name, value in attributes:
                    if _ATTRIBUTE_NAME.match(name):
                        element.set(name, value)
        mended = lxml.html.tostring(doc, encoding="unicode", method="html")
        return html_tools.slim_html(mended), "malformed attribute names (spliced crawl) dropped before slimming"


def read_url_mapping(text: str) -> dict[str, str]:
    """{uuid: URL} from url-mapping.txt (`<urn:uuid:...>` TAB URL per line)."""
    found = (re.match(r"\s*<urn:uuid:([0-9a-f-]+)>\s+(\S+)", line, re.IGNORECASE) for line in text.splitlines())
    return {match.group(1).lower(): match.group(2) for match in found if match}


@dataclass
class ReadStats:
    """What reading the dataset found, for the README."""

    annotated: int = 0
    skipped: dict[str, str] = field(default_factory=dict)  # page id -> reason
    repaired_runs: int = 0
    unresolved_runs: int = 0
    several_headlines: int = 0
    no_headline: int = 0


def read_gn1(folder: Path, limit: int | None = None) -> tuple[list[SourcePage], ReadStats]:
    """The dataset's pages with their truth; pages whose full text is missing or short are skipped (in stats)."""
    urls = read_url_mapping((folder / "url-mapping.txt").read_text(encoding="utf-8"))
    paths = sorted((folder / "annotated").glob("*.html"))
    if limit:  # a quick trial run: every n-th page
        paths = paths[:: max(1, len(paths) // limit)][:limit]
    stats = ReadStats(annotated=len(paths))
    pages: list[SourcePage] = []
    for annotated_path in paths:
        uuid = annotated_path.stem.lower()
        page_id = f"{CORPUS}/{uuid}"
        data = (folder / "original" / annotated_path.name).read_bytes()
        html, codec = html_tools.decode_html(data)
        annotated_html, _ = html_tools.decode_html(annotated_path.read_bytes())
        original_doc = html_tools.parse_document(without_xml_declaration(html))
        repair = CharacterRepair(original_doc)
        title = " ".join((original_doc.findtext(".//title") or "").split())
        truth = annotated_truth(annotated_html, repair, title if len(title) <= 300 else None)  # else unclosed
        stats.repaired_runs += repair.repaired
        stats.unresolved_runs += repair.unresolved
        words = len(truth.body.split())
        if words < MIN_BODY_WORDS:
            stats.skipped[page_id] = (f"full text of {words} words (under {MIN_BODY_WORDS})" if words
                                      else "no full text annotated")
            continue
        notes = []
        if not truth.headlines:
            stats.no_headline += 1
            notes.append("no headline annotated")
        elif len(truth.headlines) > 1:
            stats.several_headlines += 1
            notes.append(f"{len(truth.headlines)} blocks labelled headline (the title is chosen among them): "
                         + " | ".join(truth.headlines))
        if repair.unresolved:
            notes.append(f"{repair.unresolved} truth text run(s) keep a '?' that may stand for a lost character")
        url = urls.get(uuid)
        host = (urlsplit(url).hostname or "") if url else ""
        label = _domain_label(url)
        pages.append(SourcePage(
            id=page_id, corpus=CORPUS, publisher=host or uuid,
            group_ids=(f"site:{label}" if label else f"host:{host or uuid}",),
            html=html, html_codec=codec, declared_charset=html_tools.declared_charset(data), url=url,
            title=truth.title, body=truth.body, authors=(), published=None, site_name=None,
            declared_language="en", notes=notes))
    return pages, stats


def site_split(group_key: str) -> str:
    """"test" when the stable hash of the site's key maps below TEST_SHARE, else "train" (the development half)."""
    return "test" if _stable_fraction(group_key) < TEST_SHARE else "train"


def _development_overlap(records: list[dict]) -> str:
    """In words: how many of these sites also have pages in the development corpus, by split on each side."""
    from evaluation.corpus import development_sites
    try:
        development = development_sites()
    except FileNotFoundError:
        return "The development corpus is missing, so the sites shared with it were not counted."
    shared = collections.Counter((split, development[key].split) for key, split in
                                 {r["publisher_group"]: r["split"] for r in records}.items() if key in development)
    return ("Sites that also have pages in the development corpus, as (split here, split there): "
            + (", ".join(f"({a}, {b}) {n}" for (a, b), n in sorted(shared.items())) or "none") + ".")


README = """\
# L3S-GN1: human-annotated news pages from 2008 (built locally, never committed)

{pages} English news articles from {sites} sites, sampled at random from the articles Google News linked to in the
first half of 2008, their text labelled by human assessors (headline, full text, supplemental, related content,
comments; the rest is not content). Built by `evaluation/build_gn1.py` on {day} from `{source}` (commit
`{commit}`) in {seconds:.0f} s. newsdigest was never tuned on it.

Source: Kohlschütter, Fankhauser, Nejdl, *Boilerplate Detection using Shallow Text Features*, WSDM 2010
(http://www.l3s.de/~kohlschuetter/boilerplate/). **Licence (L3S): non-exclusive, non-transferable, research use
only.** This folder is git-ignored: do not commit, publish or pass on its files; rebuild them from the source.

    .venv/bin/python -m evaluation.ingest --corpus-dir evaluation/gn1 --split train   # or test: measure only

## How it was built

- **Body** (truth): the text of `annotated/<uuid>.html` labelled full text (`x-nc-sel2`), one paragraph per block
  element (a paragraph ends where `<p>`, `<div>`, `<li>`, `<td>`, a heading, `<br>`... starts or ends), elements
  marked `x-nc-invisible` left out. Pages with under {min_words} words of full text are left out.
- **Title**: a block labelled headline (`x-nc-sel1`). {several} pages label several (a kicker, byline or deck
  too; all are in the page's notes): the title is the first of three or more words, unless one shares at least
  half its words with the page's `<title>` (then the one sharing most). {no_headline} pages label none (title
  null). No authors, dates or site names are labelled.
- **Lost characters**: the annotated pages were saved in Latin-1, so curly quotes, dashes and every other character
  outside it are "?" there. Each labelled run of text holding "?" was looked up in the original page: {repaired}
  runs were restored; {unresolved} (short, or no unique match) keep their "?" (noted on the page).
- **Dump**: `document.body.innerText` of `original/<uuid>.html` in headless Chromium {chromium}, offline,
  without JavaScript or images (`evaluation/browser_text.py`, as for the development corpus). **HTML**: the
  original page slimmed by `html_tools.slim_html`. The originals are stored as UTF-8 whatever they declare
  (`html_charset` keeps the declaration). Language is "en" for every page.
- **Split by site**: key `site:<domain name without its public suffix>`; a site is in `test` when SHA-256 of the
  key (build_corpus's `_stable_fraction`) maps below {test_share}, so the development corpus's test sites are on
  the test side here too. `train` is the development half; `test` is held back: never look at its pages.
  {overlap}
- `truth_in_dump`: share of the truth body's tokens found in the dump; {low} pages under {low_share}.

## Counts

| | train | test | all |
|---|---|---|---|
{rows}

Pages left out ({left_out_count}): {left_out}
"""


def _reasons(left_out: dict[str, str]) -> str:
    """The reasons pages were left out, with counts."""
    counts = collections.Counter(re.sub(r"\d+ words", "N words", reason).split(":")[0] for reason in left_out.values())
    return ", ".join(f"{reason}: {n}" for reason, n in counts.most_common()) or "none"


def count_rows(records: list[dict], *more) -> str:
    """The README's table rows of counts per split (train, test, all): pages, sites, hosts, pages with a title,
    and `more` (name, function of a split's records) pairs."""
    def per_split(value) -> str:
        return " | ".join(str(value([r for r in records if s is None or r["split"] == s]))
                          for s in ("train", "test", None))

    return "\n".join(f"| {name} | {per_split(value)} |" for name, value in (
        ("pages", len), ("sites (split unit)", lambda rs: len({r["publisher_group"] for r in rs})),
        ("hosts", lambda rs: len({r["publisher"] for r in rs})),
        ("pages with a title", lambda rs: sum(bool(r["title"]) for r in rs)), *more))


def readme_text(records: list[dict], stats: ReadStats, left_out: dict[str, str], source: Path, commit: str,
                seconds: float) -> str:
    """The generated README of the built corpus: what it is, licence, how it was built, counts, pages left out."""
    rows = count_rows(records)
    listed = "; ".join(f"{page_id} ({reason})" for page_id, reason in sorted(left_out.items()))
    return README.format(
        pages=len(records), sites=len({r["publisher_group"] for r in records}), day=time.strftime("%Y-%m-%d"),
        source=source, commit=commit, seconds=seconds, min_words=MIN_BODY_WORDS, several=stats.several_headlines,
        no_headline=stats.no_headline, repaired=stats.repaired_runs, unresolved=stats.unresolved_runs,
        chromium=chromium_version(), test_share=TEST_SHARE, overlap=_development_overlap(records),
        low=sum(r["truth_in_dump"] < LOW_TRUTH_IN_DUMP for r in records), low_share=LOW_TRUTH_IN_DUMP, rows=rows,
        left_out_count=len(left_out), left_out=_reasons(left_out) + (f" ({listed})." if listed else "."))


def build(source: Path, out: Path, browsers: int, limit: int | None) -> None:
    """Read the dataset, render, slim, split and write the corpus to `out` (see the module docstring)."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsdigest-gn1-") as scratch:
        files = [f"{DATASET}/{name}" for name in ("original", "annotated", "url-mapping.txt")]
        root, commit = materialise(source, files, Path(scratch))
        pages, stats = read_gn1(root / DATASET, limit)
    print(f"read {stats.annotated} annotated pages; {len(pages)} with enough full text", file=sys.stderr)
    shown, failures = rendered_pages(pages, browsers, slimmed)
    records = []
    for page, dump, slim in shown:
        truth_in_dump = token_recall(page.body, dump)
        if truth_in_dump < LOW_TRUTH_IN_DUMP:
            page.notes.append(f"only {truth_in_dump:.0%} of the truth's tokens are in the dump")
        group_key = page.group_ids[0]
        records.append(_record(page, site_split(group_key), group_key, "en", dump, slim, truth_in_dump))
    left_out = stats.skipped | {page_id: f"not rendered: {error}" for page_id, error in failures.items()}
    write_built(out, records, left_out, started,
                lambda seconds: readme_text(records, stats, left_out, source, commit, seconds))


def rendered_pages(pages: list, browsers: int, slim_page) -> tuple[list[tuple], dict[str, str]]:
    """Each page slimmed (`slim_page(html)` -> (HTML, note or None)) and its text dump rendered in Chromium:
    (page, dump, slimmed HTML) in the order of the pages' ids, and the pages that failed to render with why."""
    slim = {}
    for page in pages:
        slim[page.id], note = slim_page(page.html)
        page.notes += [note] if note else []
    rendered, failures = render_dumps(pages, browsers)
    shown = []
    for page in sorted((page for page in pages if page.id in rendered), key=lambda p: p.id):
        if rendered[page.id].unhidden:
            page.notes.append("the page hides itself until its scripts run; the dump was made with it un-hidden")
        shown.append((page, rendered[page.id].text, slim[page.id]))
    return shown, failures


def write_built(out: Path, records: list[dict], left_out: dict[str, str], started: float, readme) -> None:
    """Write a built corpus's records and its README (`readme(seconds)`: the text, given the build's time) into
    `out`, and print a summary line."""
    size = write_pages(records, out / PAGES_FILE)
    seconds = time.perf_counter() - started
    (out / "README.md").write_text(readme(seconds), encoding="utf-8")
    splits = collections.Counter(record["split"] for record in records)
    print(f"wrote {out / PAGES_FILE}: {size / 1e6:.2f} MB, {len(records)} pages (train {splits['train']}, test "
          f"{splits['test']}) in {seconds:.0f} s; left out: {_reasons(left_out)}", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    """The command line (see the module docstring)."""
    run_builder(argv, "python -m evaluation.build_gn1", __doc__, build, OUT_DIR,
                f"checkout or bare git mirror holding {DATASET}/ (e.g. of geodrome/page-signal)")


def run_builder(argv: list[str] | None, prog: str, doc: str, build_corpus, out_dir: Path, source_help: str) -> None:
    """The command line of a corpus built from one source: `--source DIR`, `--out`, `--browsers`, `--limit N`,
    then `build_corpus(source, out, browsers, limit)`."""
    parser = argparse.ArgumentParser(prog=prog, description=doc.split("\n")[0])
    parser.add_argument("--source", type=Path, required=True, help=source_help)
    parser.add_argument("--out", type=Path, default=out_dir, help="output folder (default: %(default)s)")
    parser.add_argument("--browsers", type=int, default=2, help="Chromium instances rendering in parallel")
    parser.add_argument("--limit", type=int, default=None, metavar="N",
                        help="trial run on N pages spread over the source (give another --out)")
    args = parser.parse_args(argv)
    build_corpus(args.source, args.out, args.browsers, args.limit)


if __name__ == "__main__":
    main()
