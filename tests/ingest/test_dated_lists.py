"""A list whose items open with a day of a month (a tour's dates, a month's events) stays with the article."""

from __future__ import annotations

import pytest

from newsdigest.ingest.dated_lists import opens_with_day
from newsdigest.ingest.dates import month_names
from newsdigest.ingest.text import extract_text

ARTICLE = [
    "The Harbour Strings will tour North America next summer for the first time in twelve years, the band said on "
    "Tuesday, with a string of outdoor shows that starts in June and runs through the autumn.",
    "The band's founding members will be joined by two new players, and the shows will feature songs from every one "
    "of its nine albums, its manager said in a statement released after the announcement.",
    "Tickets go on sale to the public on Friday morning, with a presale for members of the band's fan club on "
    "Wednesday, and the band said part of the proceeds will go to music programs in schools.",
]
TOUR = ["June 9 – West Harbour, FL @ Bayside Amphitheatre", "June 10 – Northport, FL @ Pier Park Pavilion",
        "June 14 – Ridgeville, GA @ Lakeside Music Park", "June 17 – Easton, TN @ River Arena",
        "June 19 – Milltown, NC @ Pine Music Pavilion", "June 20 – Oakfield, NC @ Walnut Hill Stage"]


def _dump(between: list[str], items: list[str]) -> str:
    return "\n".join(["Home", "Music", "Tour news", "Harbour Strings announce their first tour in twelve years",
                      "By Clara Endo", "March 3, 2026", "", *[p + "\n" for p in ARTICLE], *between, "",
                      *items, "", "Share this article", "Privacy policy", "Terms of use"])


def _body(dump: str) -> list[str]:
    return [block.text for block in extract_text(dump).blocks]


def test_a_tours_dates_under_the_article_stay_with_it():
    body = _body(_dump(["The Harbour Strings tour dates"], TOUR))
    assert body[:3] == ARTICLE and all(item in body for item in TOUR)


def test_teasers_dated_with_their_year_and_a_list_under_a_section_header_do_not():
    teasers = [f"January {day}, 2026 - Another band announces a tour" for day in range(3, 9)]
    assert not any("Another band" in text for text in _body(_dump([], teasers)))
    assert not any(item in _body(_dump(["Related Articles"], TOUR)) for item in TOUR)
    assert not any(item in _body(_dump([], TOUR[:4])) for item in TOUR)     # four items: too few to tell


@pytest.mark.parametrize("header, items", [
    ("In other news", [f"June {day} Police arrest two men after a break-in at the harbour pharmacy" for day in
                       range(3, 9)]),
    ("", [f"June {day} Police arrest two men after a break-in at the harbour pharmacy" for day in range(3, 9)]),
    ("Upcoming fixtures", [f"Sat {day} June: Riverside v Northgate, 3pm" for day in range(3, 9)]),
    ("On TV this week", [f"Mon {day} June 20:00 Channel One – Gardening hour" for day in range(3, 9)]),
])
def test_other_stories_fixtures_and_listings_under_the_article_are_not_its_list(header, items):
    """Other stories dated without their year are headlines, not entries; a header that shares no word with the
    article does not introduce its list."""
    body = _body(_dump([header] if header else [], items))
    assert not any(item in body for item in items) and header not in body


def test_a_noise_line_among_the_items_leaves_the_list_but_not_the_rest():
    items = [*TOUR[:3], "June 16 – Click here for tickets", *TOUR[3:]]
    body = _body(_dump(["The Harbour Strings tour dates"], items))
    assert all(item in body for item in TOUR)


@pytest.mark.parametrize("text, language, expected", [
    ("Aug. 30 -- Riverside Arena, Northport, CO", "en", True),
    ("Jan. 15-18: Boat Show, Convention Hall, 500", "en", True),
    ("Sat, June 9 – Tampa", "en", True),
    ("9 juin : concert au parc", "fr", True),
    ("15. Januar – Stadthalle", "de", True),
    ("October 2019 (12)", "en", False),                   # an archive's month
    ("January 10, 2008 - Sympathy for the band", "en", False),   # a teaser, dated with its year
    ("June is the month the tour begins", "en", False),
    ("May 2026", "en", False),
])
def test_a_line_opening_with_a_day_of_a_month(text, language, expected):
    assert opens_with_day(text, month_names(language)) is expected
