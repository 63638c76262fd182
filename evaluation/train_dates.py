"""Train the text-dump date chooser on both corpora's train pages, cross-validated by site; write it into the model.

    .venv/bin/python -m evaluation.train_dates --cv-only   # only the cross-validated figures
    .venv/bin/python -m evaluation.train_dates             # ... then refit the date chooser into line_model.json

The development corpus has about 200 dated train pages of about 150 outlets; the date corpus (htmldate's
annotated pages, `evaluation/date-corpus/`) adds about 600 train pages of about 580 other sites, with the day
each was published and nothing else. Its pages are read by the shipped line model and title chooser (neither
ever saw them), so their date candidates and features are those ingest meets on a site it does not know; the
development corpus's pages by models cross-validated by publisher, as `train_lines` reads them.

Both sets of pages are then split into five folds by site (a date-corpus page of an outlet the development
corpus holds joins that outlet's group), and each fold's dates are chosen by a chooser fitted on the other four:
once on the development corpus's pages alone (the chooser as `train_lines` fits it) and once on both. The figures
are reported per corpus. Only the date chooser is refitted: the line model and title chooser stay as shipped.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass

from evaluation import train_lines
from evaluation.corpus import development_sites
from evaluation.dates import load_dated_pages
from evaluation.train_lines import FOLDS, MODEL_PATH, Article, PageData, export_trees, fit_date_chooser
from newsdigest.ingest import classifier, publication_date, titles


@dataclass(frozen=True)
class DatedTrainingPage:
    """A date-corpus page in the shape `train_lines.PageData` reads: no body or title truth, only the day."""

    id: str
    dump: str
    url: str
    published: str
    publisher_group: str
    language: str | None
    body: str = ""
    title: str | None = None


def date_corpus_articles(model: classifier.LineModel) -> list[Article]:
    """The date corpus's train pages read by the shipped line model, each headline chosen by the shipped chooser."""
    articles = []
    for page in load_dated_pages("train"):
        data = PageData(DatedTrainingPage(page.id, page.dump, page.url, page.published, page.publisher_group,
                                          page.language))
        if not data.read.lines:
            continue
        article = Article(data, model.probabilities(data.read))
        if article.title_candidates and model.title is not None:
            scores = [model.title.log_odds(x) for x in article.title_X]
            best = titles.pick(data.read, article.title_candidates, scores, article.anchor, article.keep)
            article.set_title(best.line)
        articles.append(article)
    return articles


def site_groups(main: list[Article], extra: list[Article]) -> list[str]:
    """A split key per page: the development corpus's publisher group, which a date-corpus page of the same site
    (by its domain name) joins; else the page's own site."""
    known = development_sites()
    return [a.d.page.publisher_group for a in main] + \
        [known[key].publisher_group if (key := a.d.page.publisher_group) in known else key for a in extra]


def chosen_day(trees: classifier.Trees, rows) -> str:
    """The day the chooser takes from a page's (candidates, features, labels), as `choose_date` does; "" for none."""
    candidates, X, _ = rows
    best = publication_date.best_date([trees.log_odds(x) for x in X])
    return "" if best is None else candidates[best].found.day.isoformat()


def cross_validate(articles: list[Article], groups: list[str], main_count: int) -> dict[str, int]:
    """Right days per corpus, with the chooser fitted on the development corpus alone and on both."""
    from sklearn.model_selection import GroupKFold
    rows = [a.date_rows(a.title_line) for a in articles]
    truths = [(a.d.page.published or "")[:10] for a in articles]
    right = {f"{fitted} / {corpus}": 0 for fitted in ("development only", "both") for corpus in ("development",
                                                                                                  "date")}
    for train_idx, test_idx in GroupKFold(n_splits=FOLDS).split(articles, groups=groups):
        dated = [i for i in train_idx if truths[i]]
        for fitted, chosen in (("development only", [i for i in dated if i < main_count]), ("both", dated)):
            trees = classifier.Trees(export_trees(fit_date_chooser(
                [x for i in chosen for x in rows[i][1]], [v for i in chosen for v in rows[i][2]])))
            for i in test_idx:
                if truths[i] and chosen_day(trees, rows[i]) == truths[i]:
                    right[f"{fitted} / {'development' if i < main_count else 'date'}"] += 1
    return right


def fitted_date_chooser(main_articles: list[Article], extra: list[Article]) -> dict:
    """The date chooser fitted on every dated page of both corpora, as `line_model.json` stores it."""
    rows = [a.date_rows(a.title_line) for a in main_articles + extra if a.d.page.published]
    return export_trees(fit_date_chooser([x for r in rows for x in r[1]], [v for r in rows for v in r[2]]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.train_dates", description=__doc__.split("\n")[0])
    parser.add_argument("--cv-only", action="store_true", help="report the cross-validated figures, write nothing")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    pages = train_lines.training_pages()
    data = [PageData(page) for page in pages]
    groups = [page.publisher_group for page in pages]
    _folds, oof = train_lines.cross_validated_probabilities(data, groups)
    main_articles = [Article(d, p) for d, p in zip(data, oof)]
    train_lines.choose_titles(main_articles, groups)  # each page's headline as a chooser that never saw it picks
    shipped = classifier.load_model()
    extra = date_corpus_articles(shipped)
    articles = main_articles + extra
    dated = {"development": sum(1 for a in main_articles if a.d.page.published), "date": len(extra)}
    right = cross_validate(articles, site_groups(main_articles, extra), len(main_articles))
    for key, count in right.items():
        corpus = key.split(" / ")[1]
        print(f"date chooser fitted on {key} corpus pages: {count / dated[corpus]:.3f} ({count}/{dated[corpus]}), "
              "cross-validated by site")
    if not args.cv_only:
        spec = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
        if spec.get("date_features") != publication_date.DATE_FEATURES:
            sys.exit(f"{MODEL_PATH}: its date features differ from publication_date.DATE_FEATURES; refit the model")
        spec["date"] = fitted_date_chooser(main_articles, extra)
        MODEL_PATH.write_text(json.dumps(spec, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote the date chooser into {MODEL_PATH}")
    print(f"{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
