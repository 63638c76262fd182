"""An article split over sibling containers of one class is read whole, where the text cleaner reads it so too."""

from __future__ import annotations

from dataclasses import replace

from trafilatura.utils import load_html

from newsdigest.ingest.html import extract_html
from newsdigest.ingest.html_readings import read_html
from newsdigest.ingest.model import Block, BlockKind
from newsdigest.ingest.split_body import MIN_UNREAD, unread_paragraphs, with_unread

SYLLABLES = ["ka", "lor", "mi", "sen", "tu", "var", "del", "no", "ris", "pa", "qua", "ben"]


def _word(paragraph: int, slot: int) -> str:
    """An invented word for each (paragraph, slot): paragraphs that share no run of three words but the template's."""
    n = paragraph * 7 + slot * 131 + 17
    return "".join(SYLLABLES[(n // 12 ** j) % 12] for j in range(3))


def _paragraph(i: int) -> str:
    w = [_word(i, k) for k in range(8)]
    return (f"The {w[0]} committee of {w[1].title()} said on Tuesday that the {w[2]} plan would keep the {w[3]} "
            f"open until {w[4].title()}, while critics in {w[5].title()} argued that the {w[6]} budget could not "
            f"cover the {w[7]} repairs this year.")


PARAGRAPHS = [_paragraph(i) for i in range(24)]


def _page(parts: list[list[str]], rail: list[str] = ()) -> str:
    """A page whose article is cut into `div.article-body` containers with an advertisement between each two
    (trafilatura reads the first element of that class only), and a rail of other stories after it."""
    sections = []
    for chunk in parts:
        sections.append('<div class="article-body">' + "".join(f"<p>{text}</p>" for text in chunk) + "</div>")
        sections.append('<div class="ad-slot"><p>Advertisement</p></div>')
    cards = "".join(f'<div class="teaser"><h3><a href="/story-{k}">Another story {k}</a></h3><p>{text}</p></div>'
                    for k, text in enumerate(rail))
    return ("<html><head><title>Committee keeps the plan | The Valley Courier</title>"
            '<meta property="og:title" content="Committee keeps the plan"></head><body>'
            '<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
            '<main><h1>Committee keeps the plan</h1><p class="byline">By Ann Writer, 4 March 2026</p>'
            '<div class="story-wrap">' + "".join(sections) + "</div>"
            f'<aside class="more">{cards}</aside></main>'
            "<footer><p>Contact us</p></footer></body></html>")


def _texts(extracted) -> list[str]:
    return [block.text for block in extracted.blocks]


def test_an_article_cut_into_containers_of_one_class_is_read_whole_in_page_order():
    html = _page([PARAGRAPHS[:12], PARAGRAPHS[12:16], PARAGRAPHS[16:20], PARAGRAPHS[20:]])
    assert _texts(extract_html(html)) == PARAGRAPHS[:12]       # trafilatura reads the first container only
    assert _texts(read_html(html)) == PARAGRAPHS


def test_the_left_out_paragraphs_go_after_the_block_before_them_on_the_page():
    html = _page([PARAGRAPHS[:12], PARAGRAPHS[12:16], PARAGRAPHS[16:20]])
    markup = extract_html(html)
    unread = unread_paragraphs(load_html(html), markup.blocks)
    assert [paragraph.text for paragraph in unread] == PARAGRAPHS[12:20]
    assert {paragraph.after for paragraph in unread} == {12}
    # the headline above them as the reading's first block: each goes one place further down
    headed = replace(markup, blocks=(Block(BlockKind.HEADING, "Committee keeps the plan"), *markup.blocks))
    assert {paragraph.after for paragraph in unread_paragraphs(load_html(html), headed.blocks)} == {13}


def test_too_few_left_out_paragraphs_are_not_added():
    html = _page([PARAGRAPHS[:12], PARAGRAPHS[12:12 + MIN_UNREAD - 1]])
    assert unread_paragraphs(load_html(html), extract_html(html).blocks) == []
    assert _texts(read_html(html)) == PARAGRAPHS[:12]


def test_paragraphs_the_text_cleaner_leaves_out_are_not_added():
    html = _page([PARAGRAPHS[:12], PARAGRAPHS[12:16], PARAGRAPHS[16:20]])
    markup = extract_html(html)
    unread = unread_paragraphs(load_html(html), markup.blocks)
    cleaner = replace(markup, blocks=tuple(Block(BlockKind.PARAGRAPH, text) for text in PARAGRAPHS[:14]))
    assert with_unread(markup, unread, cleaner) == markup        # two of eight confirmed: fewer than MIN_UNREAD
    assert with_unread(markup, unread, None) == markup
    everything = replace(markup, blocks=tuple(Block(BlockKind.PARAGRAPH, text) for text in PARAGRAPHS))
    assert _texts(with_unread(markup, unread, everything)) == PARAGRAPHS[:20]


def test_left_out_text_is_escaped_as_the_markdown_it_joins():
    marked = [text.replace("Tuesday", "Tuesday [1](javascript:x) *now*") for text in PARAGRAPHS[12:16]]
    html = _page([PARAGRAPHS[:12], marked])
    texts = _texts(read_html(html))
    assert len(texts) == 16 and "\\[1\\](javascript:x) \\*now\\*" in texts[12]


def test_a_page_read_in_full_gains_nothing():
    html = _page([PARAGRAPHS[:12]], rail=PARAGRAPHS[12:18])
    assert unread_paragraphs(load_html(html), extract_html(html).blocks) == []
