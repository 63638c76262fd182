"""The headline choosers: the shipped text-dump chooser matches its features; HTML titles read as the reader sees."""

from __future__ import annotations

import json
from importlib import resources

from newsdigest.ingest import lines, title_candidates, title_features
from newsdigest.ingest.html import choose_headline, headline_text
from newsdigest.ingest.site_metadata import DeclaredTitles


def test_shipped_text_title_chooser_matches_its_features():
    spec = json.loads(resources.files("newsdigest.ingest").joinpath("line_model.json").read_text(encoding="utf-8"))
    assert spec["title_features"] == title_features.FEATURES, "retrain: python -m evaluation.train_lines"


def test_a_headline_with_its_byline_below_is_marked():
    page = lines.read_page("Weather\nCoastal towns brace for the worst weekend in years\nBy Jane Doe\n"
                           "Most read: Ferry timetable changes for the summer\n"
                           "The weather service said on Friday that the coast should expect strong winds and rain.")
    cands = title_candidates.candidates(page, 4)
    rows = title_features.features(page, cands, 4, 5, [0.1] * 4 + [0.9], [False] * 4 + [True])
    below = title_features.FEATURES.index("meta_below")
    marked = {c.text: row[below] for c, row in zip(cands, rows)}
    assert marked["Coastal towns brace for the worst weekend in years"] == 1.0
    assert marked["Most read: Ferry timetable changes for the summer"] == 0.0


def test_character_references_in_a_declared_title_are_decoded():
    assert headline_text("Ferry &#039;back&#039; after storm &amp; floods") == "Ferry 'back' after storm & floods"
    assert headline_text("Fish & chips; a history") == "Fish & chips; a history"
    declared = DeclaredTitles(json_ld="&#039;We are back&#039;: harbour ferry resumes after storm")
    assert choose_headline(declared, "", []) == "'We are back': harbour ferry resumes after storm"
