"""Tables in an article: kept from a text dump (rows printed with tabs) and from HTML, written as Markdown tables."""

from __future__ import annotations

from newsdigest.ingest.html import extract_html
from newsdigest.ingest.model import Block, BlockKind, table_block
from newsdigest.ingest.text import extract_text
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
