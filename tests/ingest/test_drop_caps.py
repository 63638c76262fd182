"""A drop cap the browser printed on a line of its own is put back on its word."""

from __future__ import annotations

from newsdigest.ingest.drop_caps import joined_drop_caps
from newsdigest.ingest.text import extract_text

PARAGRAPHS = [
    "The harbour board voted on Tuesday to rebuild the north pier, which storms damaged twice last winter.",
    "Work starts in March and should take two years, the board said, at a cost shared with the county.",
    "Fishing crews will use the south quay while the pier is closed, and ferries keep their usual times.",
]


def test_the_letter_joins_the_word_it_begins():
    dump = "Harbour board votes to rebuild pier\nH\narbour repairs were voted on Tuesday by the board, at last."
    assert joined_drop_caps(dump).split("\n")[1] == "Harbour repairs were voted on Tuesday by the board, at last."
    # one blank line between the letter and its paragraph (the letter set in an element before the paragraph's)
    assert joined_drop_caps("T\n\nhe board met on Tuesday and voted to rebuild the north pier.").startswith("The board")


def test_a_letter_that_is_a_word_of_its_own_keeps_its_space():
    # "man" is a word of the page and "Aman" is not: the "A" was the article's first word.
    dump = "The man who fixed the pier\nA\nman walked along the rebuilt pier on Tuesday, the first to do so."
    assert joined_drop_caps(dump).split("\n")[1] == "A man walked along the rebuilt pier on Tuesday, the first to do so."


def test_a_one_letter_word_of_the_pages_language_keeps_its_space():
    # "A", "I" (and Russian "В", "in") are words: "Aferocious" and "Inever" are on no page
    assert joined_drop_caps("A\nferocious storm tore through the harbour on Tuesday night, the coastguard said.") \
        == "A ferocious storm tore through the harbour on Tuesday night, the coastguard said."
    assert joined_drop_caps("I\nnever expected the pier to be rebuilt so quickly, said the harbour master.") \
        .startswith("I never expected")
    assert joined_drop_caps("В\nпонедельник в городе прошёл сильный дождь, и улицы были затоплены водой.") \
        .startswith("В понедельник")


def test_lone_letters_that_begin_no_paragraph_stay():
    for dump in ("A\nB\nC\nD", "Q\nshort line", "X\n\n\ntext after two blank lines that is long enough to count",
                 "H\nHarbour board votes to rebuild the north pier on Tuesday", "ab\ncd efg hij klm nop qrs tuv wxy z"):
        assert joined_drop_caps(dump) == dump


def test_an_article_opening_with_a_drop_cap_starts_with_its_whole_first_word():
    first = PARAGRAPHS[0]
    dump = "\n".join(["Home", "News", "Sport", "", "Harbour board votes to rebuild the north pier", "",
                      "By Jane Roe", "12 March 2024", "", first[0], first[1:], "", PARAGRAPHS[1], "", PARAGRAPHS[2],
                      "", "Most read", "Storm closes coast road", "Council names new mayor"])
    extracted = extract_text(dump)
    assert extracted.blocks[0].text == first
    assert [block.text for block in extracted.blocks] == PARAGRAPHS
