"""The headline choosers: the shipped text-dump chooser matches its features; HTML titles read as the reader sees."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from newsdigest.ingest import lines, title_candidates, title_features
from newsdigest.ingest.html_titles import choose_headline, headline_text
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


@pytest.mark.parametrize("notice", ["Something went wrong with the connection!", "Oops! Something went wrong.",
                                    "Please enable JavaScript to view this page", "JavaScript is disabled",
                                    "Your browser is out of date", "You are offline", "An error occurred."])
def test_a_notice_the_page_prints_about_itself_is_never_a_headline(notice):
    from newsdigest.ingest.title_candidates import never_a_title
    assert never_a_title(notice, "en")


@pytest.mark.parametrize("headline", ["Something went wrong at the port, union says",
                                      "Oops: how a typo cost the city $2 million in a road contract it never needed",
                                      "Network error grounds flights across the region for three hours"])
def test_a_headline_that_only_starts_like_a_notice_stays_a_candidate(headline):
    from newsdigest.ingest.title_candidates import never_a_title
    assert not never_a_title(headline, "en")
