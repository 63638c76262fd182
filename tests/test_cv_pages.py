"""evaluation/cv_pages.py: the figures of a cross-validated run, and what changed between two runs."""

from __future__ import annotations

import pytest

pytest.importorskip("sklearn", reason="evaluation.train_lines needs scikit-learn (the eval extra)")

from evaluation.cv_pages import differences, summary  # noqa: E402


def _row(f1, title_ok=True, date_ok=True, language="en", title="A headline", date="2024-05-01"):
    return {"language": language, "f1": f1, "title": title, "date": date, "refused": None,
            "title_ok": title_ok, "date_ok": date_ok}


def test_summary_counts_pages_under_0_8_titles_dates_and_languages():
    rows = {"a": _row(1.0), "b": _row(0.5, title_ok=False), "c": _row(0.9, date_ok=None, language="de"),
            "d": _row(0.7, title_ok=None, language="de")}
    text = summary(rows)
    assert "body F1 mean 0.7750" in text
    assert "under 0.8: 2" in text
    assert "titles 2/3" in text and "dates 3/3" in text
    assert "de 0.800 (2)" in text and "en 0.750 (2)" in text


def test_differences_list_moved_pages_worst_first_and_changed_verdicts():
    before = {"a": _row(0.9), "b": _row(0.8), "c": _row(0.95, title_ok=False, title="Menu")}
    after = {"a": _row(0.7), "b": _row(0.802), "c": _row(0.99, title_ok=True)}
    lines = differences(before, after, moved=0.005)
    assert lines[0] == "1 pages better, 1 worse (body F1 moved by more than 0.005)"
    assert lines[1].startswith("  body -0.200") and lines[1].endswith(" a")
    assert lines[2].startswith("  body +0.040") and lines[2].endswith(" c")
    assert lines[3] == "  title right now: 'A headline' (was 'Menu') c"
    assert len(lines) == 4
