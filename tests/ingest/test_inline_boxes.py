"""A box of related stories inside the article ("Related" over two headlines, "Read also: ...") neither ends the
article nor joins it (newsdigest.ingest.inline_boxes)."""

from __future__ import annotations

import pytest

from newsdigest.ingest.text import extract_text

LEAD = [
    "The regional transit board approved a new fare plan on Wednesday that cuts the price of a monthly pass for "
    "students and older riders by a third from June, after a hearing that lasted more than four hours.",
    "Board members voted seven to two for the plan, which raises the standard monthly pass from eighty to eighty-six "
    "dollars while the reduced pass falls from forty to twenty-seven dollars.",
    "The board expects the change to cost about three million dollars a year in fares, which it plans to cover with "
    "a state grant approved last month for transit services in the county.",
]
AFTER = [
    '"I clean offices at night and I take two buses each way," said one rider at the hearing. "Six dollars a month '
    'is not nothing for me."',
    "The board's chair said staff would study a discount based on income and report back to the board before the "
    "end of the year.",
]
TEASERS = ["County opens new park-and-ride lot near the interstate", "Bus drivers reach tentative contract deal"]


def _body(lines: list[str]) -> list[str]:
    page = ["Home", "News", "Local", "The Riverton Star", "Transit board approves cheaper passes for students",
            "By Helen Park", "March 11, 2026", "", *[line + "\n" for line in lines],
            "Share this article", "Facebook", "Most Read", "Man charged in downtown crash",
            "© 2026 The Riverton Star. All rights reserved."]
    return [block.text for block in extract_text("\n".join(page)).blocks]


@pytest.mark.parametrize("box", [["Related", *TEASERS], ["Read more", *TEASERS], [f"Read more: {TEASERS[0]}"],
                                 [f"Baca juga: {TEASERS[0]}"], [f"Lesen Sie auch: {TEASERS[1]}"]])
def test_the_paragraphs_below_a_related_box_stay_and_the_box_goes(box):
    """The paragraphs below the box, which the model doubted next to the share buttons, were lost."""
    assert _body([*LEAD, *box, "", *AFTER]) == [*LEAD, *AFTER]


def test_a_box_inside_the_kept_article_goes_with_any_headline_kept_as_a_subheading():
    body = _body([*LEAD[:2], "Read more", *TEASERS, "", LEAD[2], *AFTER])
    assert body == [*LEAD, *AFTER] and not any(teaser in body for teaser in TEASERS)


def test_a_most_read_list_or_comments_are_no_box_the_article_goes_on_after():
    """Only related-story boxes: what follows comments or a "most read" list is never the article's."""
    comments = ["Comments", "Jane from Northside", "This is a long overdue decision and I hope the board keeps the "
                "reduced pass for good, since many of us depend on it every single day."]
    body = _body([*LEAD, *comments])
    assert body == LEAD


def test_a_sentence_after_a_related_header_is_no_teaser_of_its_box():
    """A box's headlines end in no full stop; a quoted sentence the model kept right after a "Related" line was
    taken for one and dropped with the box."""
    from newsdigest.ingest.inline_boxes import keep_past_related_boxes
    from newsdigest.ingest.lines import read_page
    from newsdigest.ingest.text import section_end
    quote = '"We are proud," said the chair. "Riders win."'
    page = read_page("\n".join([LEAD[0], "Related", quote, LEAD[1]]))
    keep = [True, False, True, True]
    keep_past_related_boxes(keep, page, [0.9, 0.1, 0.9, 0.9], section_end)
    assert keep == [True, False, True, True]
