"""Train the text-dump line classifier and the title/date choosers; write newsdigest/ingest/line_model.json.

    .venv/bin/python -m evaluation.train_lines            # cross-validate on train, then fit and write the model
    .venv/bin/python -m evaluation.train_lines --cv-only  # only the cross-validated figures

Only the `train` split is read, and of it the Fundus and Readability pages (`--with-benchmark` adds the Article
Extraction Benchmark's, an experiment; see TRAINING_CORPORA). Each dump line is labelled article/not by aligning it
with the truth body (`label_lines`): a line of three or more words is "in" when most of its word trigrams sit at one
offset of the truth text, and the lines so found must follow the truth's order (the heaviest increasing chain wins,
so a repeated headline or a teaser that repeats the lead is matched once). Shorter lines are "in" only when their
exact words sit in the stretch of truth between the matched lines around them.

`--snippet-weight W` (an experiment; the shipped model is trained without) also lets the line model learn from the
snippet corpus's train pages (`evaluation/snippet-corpus`, sites the development corpus does not hold): only their
annotated lines, a line holding a snippet of the article as "in" and a line made up largely of a snippet of the
rest of the page as "out", each weighed W (see `SnippetPageData`, and docs/ingest.md for what it measured).

Cross-validation groups pages by `publisher_group` (GroupKFold), so every figure is for publishers the model
did not see. Training needs scikit-learn (the `eval` extra); the shipped model is plain JSON read by
`newsdigest/ingest/classifier.py` without it. Everything is seeded: two runs write the same file.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from evaluation import metrics, weak_titles
from evaluation.corpus import CorpusPage, load_pages
from newsdigest.ingest import classifier, publication_date, rules, smoothing, title_candidates, title_features, titles
from newsdigest.ingest import lines as line_features
from newsdigest.ingest.lang import tokens
from newsdigest.ingest.publication_date import publication_candidates
from newsdigest.ingest.text import drop_above_title, first_reading

SEED = 13
FOLDS = 5
MIN_TRUTH_IN_DUMP = 0.8
MODEL_PATH = Path(__file__).resolve().parents[1] / "newsdigest" / "ingest" / classifier.MODEL_FILE


# -- labels ----------------------------------------------------------------------------------------

def label_lines(lines: list[str], body: str) -> list[int]:
    """1 for each dump line that is part of the truth body, else 0 (see the module docstring)."""
    truth = tokens(body)
    n = len(truth)
    trigrams: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i in range(n - 2):
        trigrams[(truth[i], truth[i + 1], truth[i + 2])].append(i)
    where: dict[str, list[int]] = defaultdict(list)
    for i, token in enumerate(truth):
        where[token].append(i)
    words = [tokens(line) for line in lines]
    labels = [0] * len(lines)
    spans: dict[int, tuple[int, int]] = {}
    candidates = []                                  # (line, truth offset, trigram hits)
    for k, toks in enumerate(words):
        grams = len(toks) - 2
        if grams < 1:
            continue
        offsets: Counter = Counter()
        for j in range(grams):
            for p in trigrams.get((toks[j], toks[j + 1], toks[j + 2]), ()):
                offsets[p - j] += 1
        if not offsets:
            continue
        best = max(offsets.values())
        offset = min(o for o, c in offsets.items() if c == best)
        if best >= max(1.0, 0.6 * grams):
            candidates.append((k, offset, best))
    # The heaviest chain of candidates whose truth offsets increase with their line numbers.
    weight = [c[2] for c in candidates]
    previous = [-1] * len(candidates)
    for a in range(len(candidates)):
        for b in range(a):
            if candidates[b][1] < candidates[a][1] and weight[b] + candidates[a][2] > weight[a]:
                weight[a] = weight[b] + candidates[a][2]
                previous[a] = b
    chain = []
    if candidates:
        a = max(range(len(candidates)), key=lambda i: weight[i])
        while a != -1:
            chain.append(a)
            a = previous[a]
    anchors = []
    for a in reversed(chain):
        k, offset, _ = candidates[a]
        labels[k] = 1
        spans[k] = (max(0, offset), min(n, offset + len(words[k])))
        anchors.append(k)

    def find(sequence: list[str], lo: int, hi: int) -> int | None:
        for p in where.get(sequence[0], ()):
            if lo <= p and p + len(sequence) <= hi and truth[p:p + len(sequence)] == sequence:
                return p
        return None

    bounds = [(-1, (0, 0))] + [(k, spans[k]) for k in anchors] + [(len(lines), (n, n))]
    for (ka, sa), (kb, sb) in zip(bounds, bounds[1:]):
        lo, hi = (sa[1] if ka >= 0 else 0), sb[0]
        if ka < 0:
            lo = max(0, hi - 40)                     # before the first match: only just before it
        if kb >= len(lines):
            hi = min(n, lo + 40)                     # after the last match: only just after it
        for k in range(ka + 1, kb):
            if labels[k] or not words[k]:
                continue
            p = find(words[k], lo, hi)
            if p is not None:
                labels[k] = 1
                lo = p + len(words[k])
    return labels


# -- data ------------------------------------------------------------------------------------------

class PageData:
    def __init__(self, page: CorpusPage):
        self.page = page
        self.read = line_features.read_page(page.dump)
        self.X = line_features.features(self.read)
        self.y = label_lines([line.text for line in self.read.lines], page.body)
        self.units = [line.units for line in self.read.lines]


class SnippetPageData:
    """A snippet corpus page as training data: a line holding a snippet of the article is labelled 1, a line
    that a snippet of the rest of the page makes up at least `SNIPPET_LINE_SHARE` of is labelled 0, and every
    other line is left unlabelled (-1): only the lines the annotators vouched for are learned from."""

    def __init__(self, page, weight: float):
        from evaluation.snippets import normalised
        self.page = page
        self.weight = weight
        self.read = line_features.read_page(page.dump)
        self.X = line_features.features(self.read)
        self.units = [line.units for line in self.read.lines]
        keep = [normalised(s) for s in page.with_]
        drop = [normalised(s) for s in page.without]
        self.y = []
        for line in self.read.lines:
            text = normalised(line.text)
            article = any(s in text for s in keep)
            other = any(s in text and len(s) >= SNIPPET_LINE_SHARE * len(text) for s in drop)
            self.y.append(1 if article and not other else 0 if other and not article else -1)


SNIPPET_LINE_SHARE = 0.3
# 0: the shipped model leaves the snippet pages out. At 0.5 (the best weight on the train side) the held-back
# bodies were as good or better but the headlines worse on all three held-back sets (docs/ingest.md).
SNIPPET_WEIGHT = 0.0


def snippet_training_data(weight: float) -> list[SnippetPageData]:
    """The snippet corpus's train pages of sites the development corpus does not hold."""
    from evaluation.corpus import development_sites
    from evaluation.snippets import load_snippet_pages
    known = development_sites()
    return [SnippetPageData(page, weight) for page in load_snippet_pages("train") if page.publisher_group not in known]


# The corpora the shipped model is trained on. The Article Extraction Benchmark's train pages (body truth only) were
# tried with the same folds (docs/ingest.md, "Evaluation"): they lowered the other pages' cross-validated body F1
# (0.923 -> 0.918, all of it on Readability's non-news pages) and cost a seed its last paragraph, so they are
# measured on, not trained on, unless --with-benchmark asks for them.
TRAINING_CORPORA = ("fundus", "readability")


def training_pages(corpora: tuple[str, ...] = TRAINING_CORPORA) -> list[CorpusPage]:
    return [page for page in load_pages("train")
            if page.truth_in_dump >= MIN_TRUTH_IN_DUMP and page.corpus in corpora]


# -- models ----------------------------------------------------------------------------------------

STAGE_PARAMS = dict(max_iter=60, max_depth=5, learning_rate=0.2, min_samples_leaf=30, l2_regularization=1.0)


def sample_weights(units: list[float]) -> list[float]:
    """Long lines carry most of the F1, short ones most of the mistakes: weigh by the square root of length."""
    return [1.0 + math.sqrt(max(u, 0.0)) for u in units]


def fit_trees(X, y, w, seed: int = SEED):
    from sklearn.ensemble import HistGradientBoostingClassifier
    model = HistGradientBoostingClassifier(random_state=seed, early_stopping=False, **STAGE_PARAMS)
    model.fit(X, y, sample_weight=w)
    return model


def export_trees(model) -> dict:
    """sklearn HistGradientBoostingClassifier (binary) -> the flat JSON trees `classifier.Trees` evaluates."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append({
            "feature": [0 if l else int(f) for f, l in zip(nodes["feature_idx"], leaf)],
            "threshold": [0.0 if l else float(t) for t, l in zip(nodes["num_threshold"], leaf)],
            "left": [-1 if l else int(c) for c, l in zip(nodes["left"], leaf)],
            "right": [-1 if l else int(c) for c, l in zip(nodes["right"], leaf)],
            "value": [round(float(v), 6) if l else 0.0 for v, l in zip(nodes["value"], leaf)],
        })
    return {"base": round(float(model._baseline_prediction.ravel()[0]), 6), "trees": trees}


def predict(model, X) -> list[float]:
    return [float(p) for p in model.predict_proba(X)[:, 1]] if len(X) else []


def _stack(data: list[PageData], key) -> tuple[list, list, list]:
    """Training rows of `data`: every labelled line (a snippet page leaves most of its lines unlabelled, -1)."""
    X, y, w = [], [], []
    for d in data:
        weight = getattr(d, "weight", 1.0)
        for x, label, line_weight in zip(key(d), d.y, sample_weights(d.units)):
            if label >= 0:
                X.append(x)
                y.append(label)
                w.append(weight * line_weight)
    return X, y, w


def _per_page(data: list[PageData], flat: list[float]) -> list[list[float]]:
    out, at = [], 0
    for d in data:
        out.append(flat[at:at + len(d.y)])
        at += len(d.y)
    return out


def oof_stage1(data: list[PageData], groups: list[str], folds: int = FOLDS) -> list[list[float]]:
    """Stage-one scores of each page from a model that did not see its publisher."""
    from sklearn.model_selection import GroupKFold
    out: list[list[float]] = [[] for _ in data]
    for train_idx, test_idx in GroupKFold(n_splits=folds).split(data, groups=groups):
        model = fit_trees(*_stack([data[i] for i in train_idx], lambda d: d.X))
        for i, probabilities in zip(test_idx, _per_page([data[i] for i in test_idx],
                                                          predict(model, [x for i in test_idx for x in data[i].X]))):
            out[i] = probabilities
    return out


class Fitted:
    """Both stages as sklearn models (fast to apply in bulk while training) and as the shipped JSON spec."""

    def __init__(self, data: list[PageData], groups: list[str]):
        self.stage1 = fit_trees(*_stack(data, lambda d: d.X))
        first = oof_stage1(data, groups)
        context = {id(d): classifier.context_features(p, d.units) for d, p in zip(data, first)}
        self.stage2 = fit_trees(*_stack(data, lambda d: [x + c for x, c in zip(d.X, context[id(d)])]))

    def probabilities(self, data: list[PageData]) -> list[list[float]]:
        first = _per_page(data, predict(self.stage1, [x for d in data for x in d.X]))
        X2 = [x + c for d, p in zip(data, first) for x, c in zip(d.X, classifier.context_features(p, d.units))]
        return _per_page(data, predict(self.stage2, X2))

    def spec(self) -> dict:
        return {"stage1": export_trees(self.stage1), "stage2": export_trees(self.stage2)}


# -- title and date choosers ------------------------------------------------------------------------

CHOOSER_PARAMS = dict(max_iter=100, max_depth=2, learning_rate=0.1, min_samples_leaf=20, l2_regularization=1.0)
THRESHOLD = 0.4


def same_title(a: str, b: str) -> bool:
    """The evaluation's title match (`evaluation.metrics.title_right`)."""
    return metrics.title_right(a, b)


# Features whose effect on a title's score may only go one way (a caption flag never helps): the constraint keeps
# the small tree model from learning accidents of the training pages.
TITLE_MONOTONE = {"echo": 1, "lead_overlap": 1, "body_overlap": 1, "noise": -1, "caption": -1, "section": -1,
                  "date_line": -1, "meta_line": -1, "in_body_text": -1, "headline_shape": 1, "slug_precision": 1,
                  "slug_recall": 1, "slug_precision_vs_best": 1, "slug_recall_vs_best": 1}


def fit_chooser(X, y, seed: int = SEED, monotone: dict[str, int] | None = None, names: list[str] | None = None):
    from sklearn.ensemble import HistGradientBoostingClassifier
    options = dict(CHOOSER_PARAMS)
    if monotone and names:
        options["monotonic_cst"] = [monotone.get(name, 0) for name in names]
    model = HistGradientBoostingClassifier(random_state=seed, early_stopping=False, **options)
    model.fit(X, y)
    return model


def fit_title_chooser(X, y):
    return fit_chooser(X, y, monotone=TITLE_MONOTONE, names=title_features.FEATURES)


def fit_date_chooser(X, y):
    return fit_chooser(X, y, monotone=publication_date.DATE_MONOTONE, names=publication_date.DATE_FEATURES)


class Article:
    """What the body model decided for one page, and the title and date candidates that follow from it."""

    def __init__(self, d: PageData, probabilities: list[float]):
        self.d = d
        self.probabilities = probabilities
        self.keep, lines, _ = first_reading(d.read, probabilities, THRESHOLD, 0.0)
        self.caption_at = {line.index for line in lines if line.caption}
        self.start, self.end = smoothing.bounds(self.keep)
        self.anchor = smoothing.anchor(self.keep, d.read)
        self.title_candidates = title_candidates.candidates(d.read, self.anchor, self.start)
        self.url = d.page.url or ""
        self.title_X = title_features.features(d.read, self.title_candidates, self.anchor, self.end, probabilities,
                                               self.keep, self.url)
        # The same candidates as a page without its address (a bare text dump): the chooser is trained on both.
        self.title_X_bare = self.title_X if not title_features.slug_words(self.url) else title_features.features(
            d.read, self.title_candidates, self.anchor, self.end, probabilities, self.keep)
        self.title_y = [int(same_title(c.text, d.page.title)) for c in self.title_candidates]
        self.title_line = self.start - 1

    def set_title(self, line: int) -> None:
        """The chosen headline: lines kept above it are dropped, as the extractor does."""
        self.title_line = line
        self.keep = list(self.keep)
        start, _ = drop_above_title(self.keep, line, self.d.read)
        smoothing.drop_other_stories(self.keep, self.d.read, rules.is_section_header, start)
        self.start, self.end = smoothing.bounds(self.keep)

    def date_rows(self, title_line: int):
        texts = [line.text for line in self.d.read.lines]
        captions = self.caption_at
        cands = publication_candidates(texts, self.d.read.language, captions, title_line)
        X = publication_date.date_features(cands, texts, title_line, self.start, self.end, self.probabilities, captions)
        truth = (self.d.page.published or "")[:10]
        y = [int(c.found.day.isoformat() == truth) for c in cands]
        return cands, X, y


def title_rows(articles: list[Article]) -> tuple[list, list]:
    """The title chooser's training rows: every page's candidates with its address and, for a page whose
    address spells words, again without it, so that the chooser serves bare text dumps as well."""
    X, y = [], []
    for a in articles:
        if not a.d.page.title:                  # a source that gives no headline teaches nothing about titles
            continue
        X += a.title_X
        y += a.title_y
        if a.title_X_bare is not a.title_X:
            X += a.title_X_bare
            y += a.title_y
    return X, y


def choose_titles(articles: list[Article], groups: list[str], with_url: bool = True,
                  extra: list[Article] = ()) -> list[str]:
    """Cross-validated title choice for each page (its publisher unseen), with or without the page's address;
    `extra` pages (other publishers, headlines derived from their HTML) only add training rows to every fold."""
    from sklearn.model_selection import GroupKFold
    chosen = [""] * len(articles)
    for train_idx, test_idx in GroupKFold(n_splits=FOLDS).split(articles, groups=groups):
        trees = classifier.Trees(export_trees(fit_title_chooser(
            *title_rows([articles[i] for i in train_idx] + list(extra)))))
        for i in test_idx:
            a = articles[i]
            if a.title_candidates:
                scores = [trees.log_odds(x) for x in (a.title_X if with_url else a.title_X_bare)]
                best = titles.pick(a.d.read, a.title_candidates, scores, a.anchor, a.keep)
                chosen[i] = best.text
                if with_url:
                    a.set_title(best.line)
    return chosen


def choose_dates(articles: list[Article], groups: list[str]) -> list[str]:
    from sklearn.model_selection import GroupKFold
    rows = [a.date_rows(a.title_line) for a in articles]
    chosen = [""] * len(articles)
    for train_idx, test_idx in GroupKFold(n_splits=FOLDS).split(articles, groups=groups):
        X = [x for i in train_idx if articles[i].d.page.published for x in rows[i][1]]
        y = [v for i in train_idx if articles[i].d.page.published for v in rows[i][2]]
        trees = classifier.Trees(export_trees(fit_date_chooser(X, y)))
        for i in test_idx:
            cands, X_i, _ = rows[i]
            if cands:
                scores = [trees.log_odds(x) for x in X_i]
                best = max(range(len(scores)), key=lambda k: (scores[k], -k))
                chosen[i] = cands[best].found.day.isoformat()
    return chosen


def fit_choosers(articles: list[Article], extra: list[Article] = ()) -> dict:
    title = export_trees(fit_title_chooser(*title_rows(articles + list(extra))))
    rows = [a.date_rows(a.title_line) for a in articles if a.d.page.published]
    date = export_trees(fit_date_chooser([x for r in rows for x in r[1]], [v for r in rows for v in r[2]]))
    return {"title": title, "date": date}


# -- scoring ---------------------------------------------------------------------------------------

def token_f1(truth: str, produced: str) -> tuple[float, float, float]:
    """Body token F1, precision and recall as the evaluation counts them (`evaluation.metrics.body_overlap`)."""
    overlap = metrics.body_overlap(produced, truth)
    return overlap.f1, overlap.precision, overlap.recall


def line_f1(d: PageData, keep: list[bool]) -> float:
    return token_f1(d.page.body, "\n".join(l.text for l, k in zip(d.read.lines, keep) if k))[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cv-only", action="store_true", help="report the cross-validated figures, write nothing")
    parser.add_argument("--dump-cv", type=Path, metavar="FILE",
                        help="also pickle the pages' ids and cross-validated line probabilities to FILE, for analysis")
    parser.add_argument("--titles-from-benchmark", action=argparse.BooleanOptionalAction, default=False,
                        help="also train the title chooser on the Article Extraction Benchmark's train pages, with "
                             "the headline their HTML declares where it is printed (evaluation/weak_titles.py)")
    parser.add_argument("--titles-from-date-corpus", action=argparse.BooleanOptionalAction, default=False,
                        help="also train the title chooser on the date corpus's train pages that have a derived "
                             "headline (evaluation/date-corpus; sites of the development corpus left out)")
    parser.add_argument("--titles-from-mercury", action=argparse.BooleanOptionalAction, default=False,
                        help="also train the title chooser on the train half of the Postlight Parser pages, with their "
                             "asserted titles (the git-ignored evaluation/mercury, built by evaluation.build_mercury; "
                             "sites of the development corpus left out)")
    parser.add_argument("--titles-from-gn1", action=argparse.BooleanOptionalAction, default=False,
                        help="also train the title chooser on the development half of L3S-GN1's pages, with their "
                             "annotated headlines (the git-ignored evaluation/gn1, built by evaluation.build_gn1; "
                             "sites of the development corpus left out)")
    parser.add_argument("--title-chooser-only", action="store_true",
                        help="refit only the title chooser and write it into the shipped model, keeping its line "
                             "model and date chooser (the line model's features move with every rule change, so a "
                             "full refit changes the body too)")
    parser.add_argument("--snippet-weight", type=float, default=SNIPPET_WEIGHT, metavar="W",
                        help="also train the line model on the snippet corpus's train pages, a line of them weighed W "
                             "times one of the development corpus's (an experiment; default %(default)s: left out)")
    parser.add_argument("--with-benchmark", action="store_true",
                        help="also train on the Article Extraction Benchmark's train pages (an experiment: the "
                             "shipped model is trained without them)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    pages = training_pages(TRAINING_CORPORA + ("article-extraction-benchmark",) if args.with_benchmark
                           else TRAINING_CORPORA)
    data = [PageData(page) for page in pages]
    groups = [page.publisher_group for page in pages]
    print(f"{len(data)} pages, {sum(len(d.y) for d in data)} lines, features in {time.perf_counter() - started:.1f}s")
    extra_lines = snippet_training_data(args.snippet_weight) if args.snippet_weight > 0 else []
    if extra_lines:
        print(f"line model: {len(extra_lines)} snippet pages, "
              f"{sum(sum(v >= 0 for v in d.y) for d in extra_lines)} annotated lines added to every fit")
    folds, oof = cross_validated_probabilities(data, groups, extra_lines)
    if args.dump_cv:
        import pickle
        args.dump_cv.write_bytes(pickle.dumps({"ids": [d.page.id for d in data], "probabilities": oof}))
    report_lines(data, oof)
    articles = [Article(d, p) for d, p in zip(data, oof)]
    extra = extra_title_articles(folds, benchmark=args.titles_from_benchmark and not args.with_benchmark,
                                 date_corpus=args.titles_from_date_corpus, mercury=args.titles_from_mercury,
                                 gn1=args.titles_from_gn1)
    if extra:
        print(f"title chooser: {len(extra)} more pages with headlines derived from their HTML")
    titled = sum(1 for d in data if d.page.title)
    chosen = choose_titles(articles, groups, with_url=False, extra=extra)
    right = sum(same_title(c, d.page.title) for c, d in zip(chosen, data) if d.page.title)
    print(f"title (line choice, cross-validated), bare dump without its URL: {right / titled:.3f} ({titled} pages)")
    chosen = choose_titles(articles, groups, extra=extra)
    right = sum(same_title(c, d.page.title) for c, d in zip(chosen, data) if d.page.title)
    print(f"title (line choice, cross-validated), with the page's URL: {right / titled:.3f}")
    chosen = choose_dates(articles, groups)
    dated = [(c, d) for c, d in zip(chosen, data) if d.page.published]
    right = sum(c == d.page.published[:10] for c, d in dated)
    print(f"date (candidate choice, cross-validated): {right / len(dated):.3f}")
    end_to_end(data, groups, folds, articles, extra)
    if args.title_chooser_only and not args.cv_only:
        spec = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
        if spec.get("title_features") != title_features.FEATURES:
            sys.exit(f"{MODEL_PATH}: its title features differ from title_features.FEATURES; refit the whole model")
        spec["title"] = export_trees(fit_title_chooser(*title_rows(articles + list(extra))))
        MODEL_PATH.write_text(json.dumps(spec, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote the title chooser into {MODEL_PATH} in {time.perf_counter() - started:.0f}s")
    elif not args.cv_only:
        fitted = Fitted(data + extra_lines, groups + [d.page.publisher_group for d in extra_lines])
        spec = {"version": 1, "features": line_features.FEATURE_NAMES, "context_features": classifier.CONTEXT_FEATURES,
                "title_features": title_features.FEATURES, "date_features": publication_date.DATE_FEATURES, **fitted.spec(),
                **fit_choosers(articles, extra), "smoothing": SMOOTHING}
        # The shipped date chooser also learns from the date corpus's pages, read by the model just fitted
        # (evaluation/train_dates.py, which this module's figures above leave out).
        from evaluation.train_dates import date_corpus_articles, fitted_date_chooser
        spec["date"] = fitted_date_chooser(articles, date_corpus_articles(classifier.LineModel.from_spec(spec)))
        check_export(fitted, data[:5], spec)
        MODEL_PATH.write_text(json.dumps(spec, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size // 1024} KB) in {time.perf_counter() - started:.0f}s")
    return 0


SMOOTHING = {"threshold": THRESHOLD, "switch_cost": 0.0}


def cross_validated_probabilities(data: list[PageData], groups: list[str], extra: list = (),
                                  shuffle: int | None = None) -> tuple[list, list[list[float]]]:
    """Each page's line probabilities from models fitted without its publisher (GroupKFold), and the folds.
    `extra` pages (other sites) join every fold's training; `shuffle` (a seed) deals the publishers to the folds
    at random instead of by size."""
    from sklearn.model_selection import GroupKFold
    out: list[list[float]] = [[] for _ in data]
    folds = []
    extra_groups = [page.page.publisher_group for page in extra]
    splitter = GroupKFold(n_splits=FOLDS) if shuffle is None else GroupKFold(FOLDS, shuffle=True, random_state=shuffle)
    for fold, (train_idx, test_idx) in enumerate(splitter.split(data, groups=groups)):
        fitted = Fitted([data[i] for i in train_idx] + list(extra), [groups[i] for i in train_idx] + extra_groups)
        for i, probabilities in zip(test_idx, fitted.probabilities([data[i] for i in test_idx])):
            out[i] = probabilities
        folds.append((train_idx, test_idx, fitted))
        print(f"  fold {fold + 1}/{FOLDS} fitted", flush=True)
    return folds, out


def extra_title_articles(folds: list, benchmark: bool = True, date_corpus: bool = False,
                         mercury: bool = False, gn1: bool = False) -> list[Article]:
    """Train pages with a derived headline, read by the first fold's line model (fitted without them, as on pages
    of unseen publishers): the Article Extraction Benchmark's, and the date corpus's of sites the development
    corpus does not hold (so no fold's held-out outlet teaches the chooser through them); and the Postlight
    Parser pages' train half with their asserted titles, and L3S-GN1's development half with its annotated
    headlines, each of sites the development corpus does not hold either."""
    pages: list = weak_titles.with_derived_titles(training_pages(("article-extraction-benchmark",))) if benchmark \
        else []
    if date_corpus:
        from evaluation.corpus import development_sites
        from evaluation.dates import load_dated_pages
        from evaluation.train_dates import DatedTrainingPage
        known = development_sites()
        pages += [DatedTrainingPage(page.id, page.dump, page.url, page.published, page.publisher_group,
                                    page.language, title=page.headline)
                  for page in load_dated_pages("train") if page.headline and page.publisher_group not in known]
    if mercury:
        from evaluation.build_mercury import OUT_DIR as MERCURY_DIR
        pages += _titled_pages_of_other_sites(MERCURY_DIR, "python -m evaluation.build_mercury --source DIR")
    if gn1:
        from evaluation.build_gn1 import OUT_DIR as GN1_DIR
        pages += _titled_pages_of_other_sites(GN1_DIR, "python -m evaluation.build_gn1")
    if not pages:
        return []
    data = [PageData(page) for page in pages]
    fitted = folds[0][2]
    return [Article(d, p) for d, p in zip(data, fitted.probabilities(data))]


def _titled_pages_of_other_sites(corpus_dir: Path, build_command: str) -> list[CorpusPage]:
    """The train pages of a built corpus (Postlight Parser's, L3S-GN1's) that have a title and a dump, of sites the
    development corpus does not hold; exits naming `build_command` when the corpus is not built."""
    from evaluation.corpus import PAGES_FILE, development_sites
    if not (corpus_dir / PAGES_FILE).exists():
        sys.exit(f"{corpus_dir}: not built; run `{build_command}` first")
    known = development_sites()
    return [page for page in load_pages("train", corpus_dir=corpus_dir)
            if page.title and page.dump and page.publisher_group not in known]


def end_to_end(data: list[PageData], groups: list[str], folds: list, articles: list[Article],
               extra: list[Article] = ()) -> None:
    """The whole text-dump extractor, cross-validated: each fold's pages read by models that never saw them."""
    from newsdigest.ingest.model import IngestError
    from newsdigest.ingest.text import extract_text
    rows = []
    for train_idx, test_idx, fitted in folds:
        spec = {**fitted.spec(), **fit_choosers([articles[i] for i in train_idx], extra), "smoothing": SMOOTHING}
        model = classifier.LineModel.from_spec(spec)
        for i in test_idx:
            page = data[i].page
            began = time.perf_counter()
            try:
                extracted = extract_text(page.dump, model, url=page.url or "")
            except IngestError:
                extracted = None
            elapsed = time.perf_counter() - began
            if extracted is None:
                rows.append((page, 0.0, False, False, True, elapsed, True))
                continue
            f1 = token_f1(page.body, "\n\n".join(b.text for b in extracted.blocks))[0]
            title_ok = same_title(extracted.title, page.title) if page.title else None
            date_ok = bool(metrics.same_day(extracted.published, page.published))
            rows.append((page, f1, title_ok, date_ok, False, elapsed, extracted.published is None))
    f1s = [r[1] for r in rows]
    dated = [r for r in rows if r[0].published]
    titled = [r for r in rows if r[0].title]
    undated = [r for r in rows if not r[4] and r[6]]
    print(f"end to end, cross-validated by publisher ({len(rows)} pages): body F1 mean {statistics.mean(f1s):.3f} "
          f"median {statistics.median(f1s):.3f}, under 0.8: {sum(f < 0.8 for f in f1s)}; "
          f"title {sum(bool(r[2]) for r in titled) / len(titled):.3f} ({len(titled)} pages); "
          f"date {sum(r[3] for r in dated) / len(dated):.3f} "
          f"({len(dated)} dated pages); refused {sum(r[4] for r in rows)}; "
          f"{1000 * statistics.mean(r[5] for r in rows):.1f} ms/page")
    as_pipeline = [0.0 if r[6] else r[1] for r in rows]
    print(f"  {len(undated)} pages get no date from the page ({sum(1 for r in undated if r[0].published)} of them "
          f"have one in the truth); counted as refused, as the pipeline does without a fallback date: body F1 mean "
          f"{statistics.mean(as_pipeline):.3f}")
    by_language: dict[str, list] = defaultdict(list)
    by_corpus: dict[str, list] = defaultdict(list)
    for r in rows:
        by_language[r[0].language].append(r)
        by_corpus[r[0].corpus].append(r)
    print("  per corpus: " + ", ".join(f"{corpus} {statistics.mean(r[1] for r in rs):.3f} ({len(rs)})"
                                       for corpus, rs in sorted(by_corpus.items())))
    print("  per language: " + ", ".join(
        f"{language} {statistics.mean(r[1] for r in rs):.3f} ({len(rs)})"
        for language, rs in sorted(by_language.items(), key=lambda kv: (-len(kv[1]), kv[0]))))
    global LAST_ROWS
    LAST_ROWS = rows


LAST_ROWS: list = []


def report_lines(data: list[PageData], oof: list[list[float]]) -> None:
    scores: dict[str, list[float]] = defaultdict(list)
    for d, probabilities in zip(data, oof):
        for threshold in (0.4, 0.5, 0.6):
            scores[f"threshold {threshold}"].append(line_f1(d, [p >= threshold for p in probabilities]))
        for cost in (0.5, 1.0, 2.0):
            scores[f"switch cost {cost}"].append(line_f1(d, smoothing.smooth(probabilities, cost)))
        scores["oracle labels"].append(line_f1(d, [bool(v) for v in d.y]))
    for name, values in scores.items():
        print(f"{name:16} mean {statistics.mean(values):.3f} median {statistics.median(values):.3f} "
              f"<0.8 {sum(v < 0.8 for v in values)}")


def check_export(fitted: Fitted, data: list[PageData], spec: dict) -> None:
    """The JSON trees evaluated in plain Python give sklearn's probabilities, stage by stage, each stage fed the
    same inputs: the leaves are rounded to six decimals, and a stage-one difference of a millionth can tip one of
    stage two's splits on a context feature, so the two whole models may differ on the odd line."""
    model = classifier.LineModel.from_spec(spec)
    for d in data:
        vectors = line_features.features(d.read)
        first = [model.stage1.probability(x) for x in vectors]
        context = classifier.context_features(first, d.units)
        second = [model.stage2.probability(x + c) for x, c in zip(vectors, context)]
        expected = predict(fitted.stage1, d.X) + predict(fitted.stage2, [x + c for x, c in zip(d.X, context)])
        worst = max((abs(a - b) for a, b in zip(first + second, expected)), default=0.0)
        assert worst < 1e-4, f"exported model differs from sklearn by {worst}"


if __name__ == "__main__":
    sys.exit(main())
