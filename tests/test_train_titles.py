"""The HTML title experiment (evaluation/train_titles.py): its candidates, features and fit on made-up pages."""

from __future__ import annotations

from evaluation import train_titles
from newsdigest.ingest.site_metadata import DeclaredTitles


def by_text(cands):
    return {c.text: c for c in cands}


def test_candidates_read_alike_are_one_that_remembers_its_sources():
    declared = DeclaredTitles(og="Harbour ferry resumes after storm | Coast Herald",
                              title="Harbour ferry resumes after storm - Coast Herald",
                              json_ld="Harbour ferry resumes after storm", h1=("Harbour Ferry Resumes After Storm",))
    cands = by_text(train_titles.candidates(declared, "", "", ["Coast Herald"], ""))
    assert cands["Harbour ferry resumes after storm"].whole == {"og", "title", "ld", "h1"}
    assert cands["Harbour ferry resumes after storm | Coast Herald"].raw == {"og"}


def test_pieces_of_a_title_are_candidates():
    assert train_titles.piece_runs("Storm damage: Harbour ferry resumes - National") == [
        "Storm damage", "Storm damage: Harbour ferry resumes", "Harbour ferry resumes",
        "Harbour ferry resumes - National", "National"]
    cands = by_text(train_titles.candidates(DeclaredTitles(og="Storm damage: Harbour ferry resumes after the storm"),
                                            "", "", [], ""))
    assert cands["Harbour ferry resumes after the storm"].piece == {"og"}
    assert "Storm damage" not in cands     # too short for a headline


def test_features_give_one_row_per_candidate():
    declared = DeclaredTitles(og="Ferry back after storm", json_ld="Harbour ferry resumes after storm")
    cands = train_titles.candidates(declared, "", "", [], "")
    rows = train_titles.features(cands, "https://coastherald.com/harbour-ferry-resumes-after-storm",
                                 "Ferry back after storm")
    assert all(len(row) == len(train_titles.FEATURES) for row in rows) and len(rows) == len(cands)
    named = {c.text: dict(zip(train_titles.FEATURES, row)) for c, row in zip(cands, rows)}
    assert named["Ferry back after storm"]["rule"] == 1.0 and named["Ferry back after storm"]["is_og"] == 1.0
    assert named["Harbour ferry resumes after storm"]["slug_recall"] == 1.0


def test_the_fit_learns_which_source_is_right():
    class Page:
        def __init__(self, title):
            self.title, self.publisher_group = title, title

    pages = []
    for k in range(6):
        declared = DeclaredTitles(og=f"Teaser wording number {k} for the ferry", json_ld=f"Harbour ferry resumes {k}")
        pages.append(train_titles.PageTitles(Page(f"Harbour ferry resumes {k}"), declared, "", "", [], "", ""))
    weights = dict(zip(train_titles.FEATURES, train_titles.fit(pages)))
    assert weights["is_ld"] > weights["is_og"]
    assert all(page.choose(list(weights.values())) == page.page.title for page in pages)
