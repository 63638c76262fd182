"""Measure the category (section) ingest finds, against the section the page's own metadata declares.

    .venv/bin/python -m evaluation.categories [--split test|train|all] [--show N]

A page's HTML often declares its section: `<meta property="article:section">`, JSON-LD `articleSection`, or a
JSON-LD `BreadcrumbList`. Those names are the truth here; a page declaring none is counted apart (what ingest
gives there cannot be judged). Each page goes through ingest's own entry point as its text dump (URL known, as
`evaluation.ingest` runs it) and as its HTML. A found category is **right** when its words and those of one
declared name contain one another ("Business" and "Business News", "Politik" and "Politik"), **wrong** when it
is another name, and **none** when ingest gives no category. Casing and punctuation are ignored.

Right is not the whole story: a kicker such as "Berlinale" over a culture story is a fair label that counts as
wrong here, while "Tumblr" or a writer's name is no section at all. `--show N` lists the wrong ones to read.
The HTML route reads the same metadata, so its figure mainly shows what cleaning the names costs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter

import lxml.html

from evaluation import ingest as ingest_eval
from evaluation.corpus import CorpusPage, load_pages

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> tuple[str, ...]:
    """Casefolded words, punctuation dropped."""
    return tuple(_WORD.findall((text or "").casefold()))


def declared_sections(html: str) -> set[tuple[str, ...]]:
    """The section names the page's metadata declares (each as its `words`), breadcrumb items included."""
    try:
        document = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return set()
    names: set[tuple[str, ...]] = set()
    for content in document.xpath("//meta[@property='article:section' or @name='article:section']/@content"):
        names.add(words(content))
    for script in document.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        names.update(_json_ld_sections(data))
    names.discard(())
    return names


def _json_ld_sections(data) -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        section = item.get("articleSection")
        for value in section if isinstance(section, list) else [section]:
            if isinstance(value, str):
                found.add(words(value))
        if item.get("@type") == "BreadcrumbList":
            for element in item.get("itemListElement") or []:
                if isinstance(element, dict):
                    inner = element.get("item")
                    name = element.get("name") or (inner.get("name") if isinstance(inner, dict) else None)
                    if isinstance(name, str):
                        found.add(words(name))
        stack.extend(item[key] for key in ("@graph", "mainEntity", "isPartOf") if key in item)
    return found


def verdict(found: str, declared: set[tuple[str, ...]]) -> str:
    """'right', 'wrong' or 'none' for a found category against the declared section names."""
    found_words = words(found)
    if not found_words:
        return "none"
    mine = set(found_words)
    return "right" if any(mine <= set(name) or set(name) <= mine for name in declared) else "wrong"


def measure(pages: list[CorpusPage], kind: str) -> tuple[Counter, list[tuple[str, str, str]]]:
    """Counts of right/wrong/none over the pages that declare a section (and 'undeclared, given' /
    'undeclared, none' over the others), and the wrong ones as (page id, found, declared)."""
    counts: Counter = Counter()
    wrong: list[tuple[str, str, str]] = []
    for page in pages:
        if kind == "text" and page.truth_in_dump < ingest_eval.TRUTH_IN_DUMP_MIN:
            continue
        extracted, *_ = ingest_eval.run_ingest(page, kind)
        found = extracted.category if extracted else ""
        declared = declared_sections(page.html)
        if not declared:
            counts["undeclared, given" if found else "undeclared, none"] += 1
            continue
        outcome = verdict(found, declared)
        counts[outcome] += 1
        if outcome == "wrong":
            wrong.append((page.id, found, "; ".join(" ".join(name) for name in sorted(declared))[:80]))
    return counts, wrong


def report(kind: str, counts: Counter, wrong: list[tuple[str, str, str]], show: int) -> str:
    """The figures of one route as text."""
    declared = counts["right"] + counts["wrong"] + counts["none"]
    given = counts["right"] + counts["wrong"]
    lines = [f"{kind}: {declared} pages declare a section: right {counts['right']}, wrong {counts['wrong']}, "
             f"none {counts['none']}; precision {counts['right'] / given:.1%} of {given} given"
             if given else f"{kind}: {declared} pages declare a section, no category given",
             f"{kind}: {counts['undeclared, given'] + counts['undeclared, none']} pages declare none: "
             f"a category given on {counts['undeclared, given']}"]
    lines += [f"  wrong: {page_id} | {found!r} | declared: {names}" for page_id, found, names in wrong[:show]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.categories", description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("test", "train", "all"), default="test")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="list N wrong categories of each route")
    args = parser.parse_args(argv)
    pages = load_pages(None if args.split == "all" else args.split)
    for kind in ("text", "html"):
        counts, wrong = measure(pages, kind)
        print(report(kind, counts, wrong, args.show))
    return 0


if __name__ == "__main__":
    sys.exit(main())
