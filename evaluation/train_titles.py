"""Could a learned choice among an HTML page's declared titles beat ingest's rule? `python -m evaluation.train_titles`

Measures only, on the `train` split, and writes nothing: ingest keeps its rule (`html_titles.choose_headline`: og:title,
else the JSON-LD headline, `<title>`, `<h1>`, each without the site's name; the `<h1>` or JSON-LD headline when it
is a piece of that title), because the learned choice below did not generalise (see docs/ingest.md, Evaluation).

Each page's HTML goes through trafilatura as `html.extract_html` calls it (for its title, site name and URL). The
candidates are og:title, the JSON-LD headline, `<title>`, `<meta name="title">` (or an itemprop headline),
twitter:title, the `<h1>`s and trafilatura's title, each whole without the site's name, with it, and the runs of its
separator-joined pieces ("Kicker: Headline - Section"); candidates that read alike are one, remembering every
source. Features (`FEATURES`) say which sources give a candidate and in what form, how many agree, whether the rule
takes it and how much of the page's address it spells. A conditional logit (a logistic regression over each page's
candidates: softmax of a linear score, L2 penalty) is fitted and cross-validated by `publisher_group` (GroupKFold,
and again over shuffled group folds for a steadier figure); the best-scoring candidate is the headline, unless the
`<h1>` or JSON-LD headline is a piece of it, as in the rule. Needs scikit-learn and scipy (the `eval` extra).
"""

from __future__ import annotations

import argparse
import pickle
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from evaluation import metrics
from evaluation.corpus import CorpusPage, load_pages
from newsdigest.ingest.clean import comparable
from newsdigest.ingest.domains import registered_domain
from newsdigest.ingest.html_titles import choose_headline, headline_text, strip_site_name, _PIECE_JOINS
from newsdigest.ingest.lang import cjk_count
from newsdigest.ingest.site_metadata import DeclaredTitles, parse_html, declared_titles, from_html_metadata
from newsdigest.ingest.title_features import _slug_match, slug_words

FOLDS = 5
PENALTY = 0.3               # L2 strength, chosen by cross-validation (`--sweep`)
REPEATS = 5                 # the first is sklearn's GroupKFold, the others shuffle the publisher groups
MAX_PIECES = 6
SOURCES = ("og", "ld", "title", "meta", "tw", "h1", "traf")
FEATURES = ["rule", *(f"is_{source}" for source in SOURCES), "is_h1_other", "sources", "raw_only", "piece_only",
            "piece_confirmed", "slug_precision", "slug_recall"]


# -- candidates and features -----------------------------------------------------------------------------

@dataclass
class Candidate:
    text: str
    whole: set[str] = field(default_factory=set)      # sources whose title it is, without the site's name
    raw: set[str] = field(default_factory=set)        # sources whose title it is only with the site's name kept
    piece: set[str] = field(default_factory=set)      # sources of which it is a run of pieces


def headline_sized(text: str) -> bool:
    return len(text.split()) >= 3 or cjk_count(text) >= 6


def piece_runs(title: str) -> list[str]:
    """Every run of consecutive separator-joined pieces of a title except the whole title."""
    parts = _PIECE_JOINS.split(title)
    count = len(parts[0::2])
    if count > MAX_PIECES:
        return []
    return ["".join(parts[2 * i:2 * j - 1]).strip()
            for i in range(count) for j in range(i + 1, count + 1) if (i, j) != (0, count)]


def title_key(text: str) -> str:
    return metrics.normalise_title(text)


def candidates(declared: DeclaredTitles, meta_title: str, fallback: str, site_names: list[str],
               domain: str) -> list[Candidate]:
    found: dict[str, Candidate] = {}

    def add(text: str, source: str, kind: str) -> None:
        key = title_key(text)
        if key and any(c.isalnum() for c in key):
            getattr(found.setdefault(key, Candidate(text)), kind).add(source)

    texts = [("og", declared.og), ("ld", declared.json_ld), ("title", declared.title), ("meta", meta_title),
             ("tw", declared.twitter), *(("h1" if k == 0 else "h1_other", h1) for k, h1 in enumerate(declared.h1)),
             ("traf", fallback)]
    for source, text in texts:
        if not text:
            continue
        raw = headline_text(text)
        tidy = strip_site_name(raw, site_names, domain)
        if not tidy:
            continue
        add(tidy, source, "whole")
        if title_key(raw) != title_key(tidy):
            add(raw, source, "raw")
        for run in piece_runs(tidy):
            if headline_sized(run):
                add(run, source, "piece")
    return list(found.values())


def features(cands: list[Candidate], url: str, rule: str) -> list[list[float]]:
    slug = slug_words(url)
    rule_key = title_key(rule)
    rows = []
    for c in cands:
        named = c.whole | c.raw
        rows.append([
            1.0 if title_key(c.text) == rule_key else 0.0,
            *(1.0 if source in named else 0.0 for source in SOURCES),
            1.0 if "h1_other" in named else 0.0,
            float(len(named - {"h1_other"})),
            1.0 if c.raw and not c.whole else 0.0,
            1.0 if not named else 0.0,
            1.0 if named and c.piece - named else 0.0,     # a source's whole title and a piece of another's
            *_slug_match(c.text, slug)[1:],
        ])
    return rows


def shorter_reading(title: str, declared: DeclaredTitles, site_names: list[str], domain: str) -> str:
    """As the rule: the `<h1>` or JSON-LD headline when it is a run of the title's pieces."""
    runs = {comparable(run) for run in piece_runs(title)}
    for text in (*declared.h1, declared.json_ld):
        shorter = strip_site_name(headline_text(text), site_names, domain) if text else ""
        if shorter and comparable(shorter) in runs and headline_sized(shorter):
            return shorter
    return title


def meta_title(html: str) -> str:
    tree = parse_html(html)
    if tree is None:
        return ""
    values = tree.xpath('//meta[@name="title" or @name="dc.title" or @name="DC.title" or @itemprop="headline"]'
                        '/@content') or [n.text_content() for n in tree.xpath('//body//*[@itemprop="headline"]')[:1]]
    return next((" ".join(str(v).split()) for v in values if str(v).strip()), "")


# -- pages ------------------------------------------------------------------------------------------------

@dataclass
class PageTitles:
    page: CorpusPage
    declared: DeclaredTitles
    meta_title: str
    fallback: str
    site_names: list[str]
    domain: str
    url: str

    def __post_init__(self):
        self.rule = choose_headline(self.declared, self.fallback, self.site_names, self.domain)
        self.candidates = candidates(self.declared, self.meta_title, self.fallback, self.site_names, self.domain)
        self.X = features(self.candidates, self.url, self.rule)
        self.y = [int(metrics.title_right(c.text, self.page.title)) for c in self.candidates]

    def choose(self, weights: list[float]) -> str:
        if not self.candidates:
            return self.rule
        scores = [sum(w * x for w, x in zip(weights, row)) for row in self.X]
        best = max(range(len(scores)), key=lambda i: (scores[i], -i))
        return shorter_reading(self.candidates[best].text, self.declared, self.site_names, self.domain)


def trafilatura_metadata(page: CorpusPage) -> tuple[str, str, str]:
    """(title, site name, URL) as trafilatura finds them with the options `html.extract_html` uses."""
    import trafilatura
    document = trafilatura.bare_extraction(
        page.html, url=page.url or None, with_metadata=True, include_comments=False, include_formatting=True,
        include_tables=True, include_images=False, include_links=False, output_format="python")
    if document is None:
        return "", "", page.url or ""
    return document.title or "", document.sitename or "", document.url or page.url or ""


def load(cache: Path | None = None) -> list[PageTitles]:
    stored = pickle.loads(cache.read_bytes()) if cache and cache.exists() else {}
    out = []
    for page in load_pages("train"):
        if not page.title:                      # a source that gives no headline
            continue
        if page.id not in stored:
            stored[page.id] = trafilatura_metadata(page)
        title, sitename, url = stored[page.id]
        declared = from_html_metadata(page.html)
        names = [name for name in (declared.name if declared else "", sitename) if name]
        out.append(PageTitles(page, declared_titles(page.html), meta_title(page.html), title, names,
                              registered_domain(url), url))
    if cache:
        cache.write_bytes(pickle.dumps(stored))
    return out


# -- fitting and cross-validation ---------------------------------------------------------------------------

def fit(data: list[PageTitles], penalty: float = PENALTY) -> list[float]:
    """Weights maximising the log-probability of each page's right candidates among its candidates, minus
    `penalty` times their squared norm (pages with no right candidate are left out)."""
    import numpy as np
    from scipy.optimize import minimize
    pages = [(np.array(d.X, dtype=float), np.array(d.y, dtype=float)) for d in data if any(d.y)]

    def loss(w):
        value, gradient = penalty * w @ w, 2 * penalty * w
        for X, y in pages:
            e = np.exp(X @ w - (X @ w).max())
            right, total = (e * y).sum(), e.sum()
            value -= np.log(right / total)
            gradient -= X.T @ (e * y) / right - X.T @ e / total
        return value, gradient

    return [float(v) for v in minimize(loss, np.zeros(len(FEATURES)), jac=True, method="L-BFGS-B").x]


def folds(data: list[PageTitles], repeat: int) -> list[tuple[list[int], list[int]]]:
    """Five folds of whole publisher groups: sklearn's GroupKFold for repeat 0, shuffled groups after."""
    groups = [d.page.publisher_group for d in data]
    if repeat == 0:
        from sklearn.model_selection import GroupKFold
        return [(list(a), list(b)) for a, b in GroupKFold(n_splits=FOLDS).split(data, groups=groups)]
    order = sorted(set(groups))
    random.Random(repeat).shuffle(order)
    fold_of = {group: k % FOLDS for k, group in enumerate(order)}
    return [([i for i, g in enumerate(groups) if fold_of[g] != k], [i for i, g in enumerate(groups) if fold_of[g] == k])
            for k in range(FOLDS)]


def cross_validate(data: list[PageTitles], penalty: float = PENALTY, repeat: int = 0) -> list[str]:
    """Each page's headline chosen by weights fitted without its publisher."""
    out = [""] * len(data)
    for train_idx, test_idx in folds(data, repeat):
        weights = fit([data[i] for i in train_idx], penalty)
        for i in test_idx:
            out[i] = data[i].choose(weights)
    return out


def right(data: list[PageTitles], titles: list[str]) -> int:
    return sum(metrics.title_right(t, d.page.title) for t, d in zip(titles, data))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sweep", action="store_true", help="also cross-validate other penalties")
    parser.add_argument("--cache", type=Path, metavar="FILE", help="keep trafilatura's findings here between runs")
    parser.add_argument("--show", action="store_true", help="list where the cross-validated choice and the rule differ")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    data = load(args.cache)
    n = len(data)
    rule = right(data, [d.rule for d in data])
    print(f"{n} pages, {sum(len(d.candidates) for d in data)} candidates ({time.perf_counter() - started:.0f}s)")
    print(f"rule (html_titles.choose_headline): {rule / n:.3f} ({rule}/{n})")
    print(f"oracle over the candidates: {sum(any(d.y) for d in data) / n:.3f}")
    for penalty in ((0.03, 0.1, 0.3, 1.0, 3.0) if args.sweep else (PENALTY,)):
        counts = [right(data, cross_validate(data, penalty, repeat)) for repeat in range(REPEATS)]
        print(f"learned, cross-validated by publisher (penalty {penalty}): {counts[0] / n:.3f} ({counts[0]}/{n}); "
              f"over {REPEATS} fold shufflings {sum(counts) / REPEATS / n:.3f} ({', '.join(map(str, counts))})")
    print("weights fitted on every page: " + ", ".join(f"{name} {w:+.2f}" for name, w in zip(FEATURES, fit(data))))
    if args.show:
        for d, title in zip(data, cross_validate(data)):
            if metrics.title_right(title, d.page.title) != metrics.title_right(d.rule, d.page.title):
                better = "learned" if metrics.title_right(title, d.page.title) else "rule"
                print(f"  {better:7} {d.page.id}: learned {title!r}, rule {d.rule!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
