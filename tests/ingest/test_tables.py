"""Tables in an article: kept from a text dump (rows printed with tabs) and from HTML, written as Markdown tables."""

from __future__ import annotations

from newsdigest.ingest.html import extract_html
from newsdigest.ingest.model import Block, BlockKind, table_block
from newsdigest.ingest.lines import read_page
from newsdigest.ingest.smoothing import keep_introduced_lists, keep_numbered_lists, keep_tables
from newsdigest.ingest.text import extract_text, section_end
from newsdigest.ingest.text_body import read_body
from newsdigest.ingest.text_marks import Line
from newsdigest.ingest.writer import body_markdown
from newsdigest.markup import render_markdown

BEFORE = ("The harbour authority published the costs of its plan on Tuesday, and councillors will debate them next "
          "week before a vote in the spring.")
AFTER = ("The largest item is the new quay, which the authority says will take two years to build and will need a "
         "temporary ferry berth meanwhile.")


def dump(rows: list[str], around: tuple[str, str] = (BEFORE, AFTER)) -> str:
    return "\n".join(["Home", "News", "Sport", "", "Harbour plan costs published", "", "3 March 2025", "",
                      around[0], "", *rows, "", around[1], "", "Most Read", "Other story"])


def test_a_table_between_article_paragraphs_is_kept_as_a_markdown_table():
    extracted = extract_text(dump(["Item\tCost\tYears", "Quay\t1.2m\t2", "Crane\t0.4m\t1", "\tTotal | 1.6m\t"]))
    assert [block.kind for block in extracted.blocks] == [BlockKind.PARAGRAPH, BlockKind.TABLE, BlockKind.PARAGRAPH]
    assert extracted.blocks[1].rows == [["Item", "Cost", "Years"], ["Quay", "1.2m", "2"], ["Crane", "0.4m", "1"],
                                        ["", "Total | 1.6m", ""]]
    markdown = body_markdown(extracted)
    assert "| Item | Cost | Years |\n|---|---|---|\n| Quay | 1.2m | 2 |" in markdown
    assert "|  | Total \\| 1.6m |  |" in markdown
    html, _ = render_markdown(markdown)
    assert "<th>Item</th>" in html and "<td>Total | 1.6m</td>" in html


def test_links_laid_out_as_a_table_among_labels_are_not_kept():
    rows = ["[photo]\tHow to set up a second monitor", "[photo]\tThe best budget headphones this year"]
    extracted = extract_text(dump(["Tags: software", "Related articles", *rows], around=(BEFORE, "Sign up for our newsletter")))
    assert all(block.kind != BlockKind.TABLE for block in extracted.blocks)
    assert "second monitor" not in body_markdown(extracted)


def test_a_table_in_html_becomes_a_table_block():
    paragraph = f"<p>{BEFORE} {BEFORE}</p>"
    html = ("<html><head><title>Harbour plan costs</title></head><body><article><h1>Harbour plan costs</h1>"
            f"{paragraph}<table><tr><th>Item</th><th>Cost | note</th></tr><tr><td>Quay</td><td>1.2m</td></tr>"
            f"<tr><td>Crane</td><td></td></tr></table><p>{AFTER}</p></article></body></html>")
    blocks = extract_html(html).blocks
    tables = [block for block in blocks if block.kind == BlockKind.TABLE]
    assert len(tables) == 1 and tables[0].rows == [["Item", "Cost | note"], ["Quay", "1.2m"], ["Crane", ""]]


def test_a_table_needs_two_rows_of_two_cells():
    assert table_block([["only one row", "two cells"]]) is None
    assert table_block([["one cell"], ["each"]]) is None
    assert table_block([["a", "b", "c"], ["d"]]) == Block(BlockKind.TABLE, "a\tb\tc\nd\t\t")


def test_a_table_row_is_never_the_title():
    rows = [f"{n}\tDriver Number {n}\t{5000 - n * 100}\t{n % 3}" for n in range(1, 9)]
    text = "\n".join(["Standings", "", *rows, "",
                      "This page always shows the standings after the latest race of the season, with points "
                      "and wins for every driver in the championship.",
                      "", "The top twelve drivers after the regular season race for the title in the last ten "
                      "races of the year, and their points are reset before the first of them."])
    extracted = extract_text(text)
    assert "\t" not in extracted.title and not extracted.title.startswith(("1 Driver", "Driver Number"))


LEVY_PAGE = """Harbor Ledger
News
Business
Water levy: what households will pay
By Clara Endo
4 March 2026

The new water levy comes into force on April 1. The ministry has published the allowances and typical yearly \
costs for each household size, which we set out below.

Household\tAllowance\tTypical cost
1 person\t40,000 l\t€12
2 people\t55,000 l\t€21
4 people\t80,000 l\t€38

To prepare, the water board advises households to:

Check the meter reading
Register online by March 31
Apply for an exemption if eligible

The board says most households will pay less than 40 euros a year, and that the levy will fund repairs to the \
pipes under the old town.

A spokesperson said the board would publish a calculator on its website next week so that households can check \
their own costs.

Most read
Ferry strike ends
New bridge approved
"""


def _kept_after(rule, kept: set[int]) -> set[int]:
    page = read_page(LEVY_PAGE)
    keep = [i in kept for i in range(len(page.lines))]
    rule(keep, page)
    return {i for i, k in enumerate(keep) if k}


def test_the_header_row_of_a_table_whose_other_rows_were_kept_is_kept():
    # lines 7-10: the header row, all labels, and three rows of figures; the model kept the figures only
    assert _kept_after(keep_tables, {6, 8, 9, 10, 15}) == {6, 7, 8, 9, 10, 15}
    assert _kept_after(keep_tables, {6, 9, 10, 15}) == {6, 9, 10, 15}     # not when a row is left out


def test_a_list_the_article_introduces_is_kept_and_read_as_items():
    # line 11 "... advises households to:", the items 12-14, then the article's prose again (15)
    assert _kept_after(keep_introduced_lists, {6, 11, 14, 15, 16}) == {6, 11, 12, 13, 14, 15, 16}
    assert _kept_after(keep_introduced_lists, {6, 11, 14, 16}) == {6, 11, 14, 16}   # no prose right after them
    page = read_page(LEVY_PAGE)
    keep = [i in {6, 11, 12, 13, 14, 15, 16} for i in range(len(page.lines))]
    lines = [Line(i, line.text, line.key) for i, line in enumerate(page.lines)]
    blocks = read_body(page, lines, keep, 6, 17, "").blocks
    assert [block.kind for block in blocks] == [BlockKind.PARAGRAPH, BlockKind.PARAGRAPH, *[BlockKind.ITEM] * 3,
                                                BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]   # the last item no heading


RANKING_PAGE = """Harbour News

The ten busiest ferry routes of the year

The harbour authority counted every crossing of the year and ranked the routes by the passengers they carried, \
from the island shuttles to the night boats.

The authority's ranking of the year:
1. Island shuttle, 2.1 million passengers
https://example.com/routes/island-shuttle
2. Night boat to the north, 1.4 million passengers
3. Harbour loop, 0.9 million passengers
4. Airport express, 0.7 million passengers
Tags: ferries, harbour
Most read
1. Ferry strike ends
2. New bridge approved
3. Council budget passed
"""


def _numbered_kept(kept: set[int]) -> set[int]:
    page = read_page(RANKING_PAGE)
    keep = [i in kept for i in range(len(page.lines))]
    keep_numbered_lists(keep, page, section_end)
    return {i for i, k in enumerate(keep) if k}


def test_items_numbered_in_order_under_the_article_are_its_list():
    # lines: 2 the prose, 3 "... ranking of the year:", 4-8 the items with a link between, 9 tags, 10 "Most read"
    assert _numbered_kept({2, 3}) == {2, 3, 4, 5, 6, 7, 8}
    assert _numbered_kept({2}) == {2, 4, 5, 6, 7, 8}     # introduced by the colon line right above them
    # a "Most read" list under its header, after the tags line, is no part of the article however numbered
    assert _numbered_kept({2, 3, 4, 5, 6, 7, 8}) == {2, 3, 4, 5, 6, 7, 8}


def test_a_numbered_list_needs_the_article_right_above_it():
    page = read_page("Harbour News\n\nThe harbour authority counted every crossing of the year and ranked the routes "
                     "by their passengers.\n\nFerries: all the coverage...\n1. Ferry strike ends\n2. New bridge "
                     "approved\n3. Council budget passed\n")
    keep = [False, True, False, False, False, False]
    keep_numbered_lists(keep, page, section_end)
    assert keep == [False, True, False, False, False, False]     # a teaser list under a heading of its own


def test_a_ranking_is_kept_as_items_in_a_dump():
    blocks = [(block.kind, block.text) for block in extract_text(RANKING_PAGE).blocks]
    assert blocks[1:] == [(BlockKind.PARAGRAPH, "The authority's ranking of the year:"),
                          (BlockKind.ITEM, "1. Island shuttle, 2.1 million passengers"),
                          (BlockKind.ITEM, "https://example.com/routes/island-shuttle"),
                          (BlockKind.ITEM, "2. Night boat to the north, 1.4 million passengers"),
                          (BlockKind.ITEM, "3. Harbour loop, 0.9 million passengers"),
                          (BlockKind.ITEM, "4. Airport express, 0.7 million passengers")]


def test_a_short_lead_the_model_trusts_ends_a_widgets_links():
    """A section header a few lines above the headline ("Most Read") had its links cleared up to the first sentence
    of fifteen words, taking the article's short first line ("Barely a shot was fired.") with them."""
    from newsdigest.ingest.smoothing import drop_widget_links
    lines = ["Most Read", "Ferry fares to rise in spring", "Harbour works begin", "Night ferry kept for winter",
             "By Ada Quill", "Barely a shot was fired.",
             "The harbour board voted on Monday to keep the night ferry running through the whole of the winter."]
    page = read_page("\n".join(lines))
    lead = lines.index("Barely a shot was fired.")
    probabilities = [0.1] * len(lines)
    probabilities[lead] = 0.6
    keep = [True] * len(lines)
    drop_widget_links(keep, page, probabilities)
    assert keep == [True, False, False, False, False, True, True]
    probabilities[lead] = 0.3   # a short line the model doubts is still taken for a link
    keep = [True] * len(lines)
    drop_widget_links(keep, page, probabilities)
    assert keep == [True, False, False, False, False, False, True]
