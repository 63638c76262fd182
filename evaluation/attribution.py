"""How often ingest names the right outlet: `python -m evaluation.attribution [--show-misses] [--split test]`.

For each corpus page with a known `site_name`, the source that ingest writes (`newsdigest.ingest.pipeline.extract`:
what the page states outright, a dateline's or a "Source:" line's, else `newsdigest.ingest.attribution.attribute`)
is compared with it, in three situations: the HTML page with its URL, the text dump with its URL (a JSON Lines
record), and the text dump alone (a bare .txt file). "exact" compares names without case, accents, spaces,
punctuation or a leading "The"; "same outlet" also accepts the outlet's domain ("derstandard.at" for
"Der Standard"), a name inside the other ("Schweizer Radio und Fernsehen" in "Schweizer Radio und Fernsehen
(SRF)"), the acronym in brackets ("NDR" for "Norddeutscher Rundfunk (NDR)"), a name the other starts with
("CBC" for "CBC News") and one starting with the other's initials ("FAZ.NET" for "Frankfurter Allgemeine
Zeitung"). Names in another script ("한국일보" for "Hankook Ilbo") count as wrong: check the misses by hand.
Measures only; exit status 0.

The test split is held back (see evaluation/corpus/README.md): the command reads the train split unless asked
for the test split's figures, and it lists misses for the train split only (reading the held-back pages' misses
is tuning on them).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter

from datetime import date

from evaluation.corpus import load_pages
from newsdigest.ingest.model import IngestError, RawPage
from newsdigest.ingest.outlet_names import Attribution, agrees, compact
from newsdigest.ingest.pipeline import DateFallbacks, extract

# Pages that state no date are read all the same: the source is what is measured.
_ANY_DAY = DateFallbacks(date=date(2000, 1, 1))


def ingested_source(text: str, kind: str, url: str = "") -> Attribution | None:
    """The outlet ingest writes for this page, and where it was found; None when it writes none (or refuses the
    page: no article found)."""
    try:
        extraction = extract(RawPage(text=text, kind=kind, label="page", file_name="page", url=url), _ANY_DAY)
    except IngestError:
        return None
    name = extraction.extracted.source
    return Attribution(name, extraction.source_found_in) if name else None


def same_name(found: str, truth: str) -> bool:
    a, b = compact(found), compact(truth)
    return bool(a) and (a == b or a.removeprefix("the") == b.removeprefix("the"))


def same_outlet(found: str, truth: str) -> bool:
    if same_name(found, truth):
        return True
    bare_truth = re.sub(r"\s*\([^)]*\)\s*", " ", truth).strip()
    acronyms = re.findall(r"\(([^)]*)\)", truth)
    a, b = compact(found).removeprefix("the"), compact(bare_truth).removeprefix("the")
    if not a or not b:
        return False
    if a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a)):
        return True
    if any(compact(acronym) == a for acronym in acronyms):
        return True
    if min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)):
        return True                                  # "CBC" for "CBC News", "ZDFheute" for "ZDF"
    initials = "".join(word[0] for word in re.findall(r"\w+", bare_truth.casefold()) if word != "the")
    if len(initials) >= 2 and a.startswith(initials):
        return True                                  # "FAZ.NET" for "Frankfurter Allgemeine Zeitung", "AP News"
    if re.fullmatch(r"(?:[\w-]+\.)+[a-z]{2,}", found.lower()):   # a domain: does the truth spell it?
        return agrees(bare_truth, found) or any(agrees(acronym, found) for acronym in acronyms)
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show-misses", action="store_true", help="list the pages whose source is wrong or missing")
    parser.add_argument("--split", choices=("train", "test"), default="train",
                        help="corpus split (default: train; test: the held-back publishers, figures only)")
    args = parser.parse_args(argv)
    if args.show_misses and args.split == "test":
        parser.error("--show-misses lists the train split's pages only: the test split is held back")
    pages = [page for page in load_pages(args.split) if page.site_name]
    situations = {
        "HTML + URL": lambda p: ingested_source(p.html, "html", p.url or ""),
        "text dump + URL": lambda p: ingested_source(p.dump, "text", p.url or ""),
        "text dump, no URL": lambda p: ingested_source(p.dump, "text"),
    }
    print(f"{args.split} split: {len(pages)} pages with a site name "
          f"({sum(1 for p in pages if p.url)} with a URL)\n")
    print("| situation | pages | source found | exact name | same outlet | wrong | none |")
    print("|---|---|---|---|---|---|---|")
    misses: dict[str, list[str]] = {}
    for label, run in situations.items():
        subset = [p for p in pages if p.url] if "URL" in label and "no URL" not in label else pages
        found = exact = outlet = 0
        how: Counter[str] = Counter()
        for page in subset:
            result = run(page)
            if result is None:
                misses.setdefault(label, []).append(f"  {page.id}: none (truth {page.site_name!r})")
                continue
            found += 1
            how[result.found_in] += 1
            exact += same_name(result.name, page.site_name)
            if same_outlet(result.name, page.site_name):
                outlet += 1
            else:
                misses.setdefault(label, []).append(
                    f"  {page.id}: {result.name!r} from {result.found_in} (truth {page.site_name!r})")
        n = len(subset)
        print(f"| {label} | {n} | {found / n:.0%} | {exact / n:.0%} | {outlet / n:.0%} | {(found - outlet) / n:.0%} "
              f"| {(n - found) / n:.0%} |")
        misses.setdefault(label, []).insert(0, "found in: " + ", ".join(f"{k} {v}" for k, v in how.most_common()))
    if args.show_misses:
        for label, lines in misses.items():
            print(f"\n{label}:")
            print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
