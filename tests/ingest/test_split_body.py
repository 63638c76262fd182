"""An article split over sibling containers of one class is read whole, where the text cleaner reads it so too."""

from __future__ import annotations

from dataclasses import replace

from trafilatura.utils import load_html

from newsdigest.ingest.html import extract_html
from newsdigest.ingest.html_readings import read_html
from newsdigest.ingest.model import Block, BlockKind
from newsdigest.ingest.split_body import MIN_UNREAD, unread_containers, with_unread

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


def _page(parts: list[str | list[str]], rail: str = "") -> str:
    """A page whose article is cut into `div.article-body` containers with an advertisement between each two
    (trafilatura reads the first element of that class only); a part given as a string is the container's HTML,
    one given as a list its paragraphs. `rail` is HTML after the article."""
    sections = []
    for part in parts:
        inner = part if isinstance(part, str) else "".join(f"<p>{text}</p>" for text in part)
        sections.append(f'<div class="article-body">{inner}</div>')
        sections.append('<div class="ad-slot"><p>Advertisement</p></div>')
    return ("<html><head><title>Committee keeps the plan | The Valley Courier</title>"
            '<meta property="og:title" content="Committee keeps the plan"></head><body>'
            '<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
            '<main><h1>Committee keeps the plan</h1><p class="byline">By Ann Writer, 4 March 2026</p>'
            '<div class="story-wrap">' + "".join(sections) + f"</div>{rail}</main>"
            "<footer><p>Contact us</p></footer></body></html>")


def _texts(extracted) -> list[str]:
    return [block.text for block in extracted.blocks]


def _unread(html: str):
    return unread_containers(load_html(html), extract_html(html).blocks)


def test_an_article_cut_into_containers_of_one_class_is_read_whole_in_page_order():
    html = _page([PARAGRAPHS[:12], PARAGRAPHS[12:16], PARAGRAPHS[16:20], PARAGRAPHS[20:]])
    assert _texts(extract_html(html)) == PARAGRAPHS[:12]       # trafilatura reads the first container only
    assert _texts(read_html(html)) == PARAGRAPHS


def test_a_containers_subheadings_and_lists_come_with_it_and_the_reading_keeps_its_order():
    """The first container ends with a subheading, a short paragraph and a list: the rest goes after them."""
    first = "".join(f"<p>{text}</p>" for text in PARAGRAPHS[:10]) + (
        "<h2>What happens next</h2><p>He declined to comment.</p><ul><li>First hearing in May</li>"
        "<li>A vote in June</li></ul>")
    second = ("<h2>The budget</h2>" + "".join(f"<p>{text}</p>" for text in PARAGRAPHS[10:13])
              + "<ul><li>Roads: 2 million</li><li>Schools: 3 million</li></ul>")
    html = _page([first, second, PARAGRAPHS[13:16]])
    markup = extract_html(html)
    assert len(markup.blocks) == 14 and markup.blocks[-1] == Block(BlockKind.ITEM, "A vote in June")
    assert [(block.kind, block.text) for block in read_html(html).blocks[14:]] == [
        (BlockKind.HEADING, "The budget"), *[(BlockKind.PARAGRAPH, text) for text in PARAGRAPHS[10:13]],
        (BlockKind.ITEM, "Roads: 2 million"), (BlockKind.ITEM, "Schools: 3 million"),
        *[(BlockKind.PARAGRAPH, text) for text in PARAGRAPHS[13:16]]]


def test_the_left_out_containers_go_after_the_block_before_them_on_the_page():
    html = _page([PARAGRAPHS[:12], PARAGRAPHS[12:16], PARAGRAPHS[16:20]])
    markup = extract_html(html)
    unread = unread_containers(load_html(html), markup.blocks)
    assert [[block.text for block in container.blocks] for container in unread] == [PARAGRAPHS[12:16],
                                                                                   PARAGRAPHS[16:20]]
    assert {container.after for container in unread} == {12}
    # the headline above them as the reading's first block: each goes one place further down
    headed = replace(markup, blocks=(Block(BlockKind.HEADING, "Committee keeps the plan"), *markup.blocks))
    assert {container.after for container in unread_containers(load_html(html), headed.blocks)} == {13}


def test_too_few_left_out_paragraphs_are_not_added():
    html = _page([PARAGRAPHS[:12], PARAGRAPHS[12:12 + MIN_UNREAD - 1]])
    assert _unread(html) == []
    assert _texts(read_html(html)) == PARAGRAPHS[:12]


def test_paragraphs_the_text_cleaner_leaves_out_are_not_added():
    html = _page([PARAGRAPHS[:12], PARAGRAPHS[12:14], PARAGRAPHS[14:16], PARAGRAPHS[16:18]])
    markup = extract_html(html)
    unread = unread_containers(load_html(html), markup.blocks)
    cleaner = replace(markup, blocks=tuple(Block(BlockKind.PARAGRAPH, text) for text in PARAGRAPHS[:14]))
    assert with_unread(markup, unread, cleaner) == markup        # two of six confirmed: fewer than MIN_UNREAD
    assert with_unread(markup, unread, None) == markup
    most = replace(markup, blocks=tuple(Block(BlockKind.PARAGRAPH, text) for text in PARAGRAPHS[:17]))
    # the third container: one of its two paragraphs confirmed is half, enough; the one left out stays out
    assert _texts(with_unread(markup, unread, most)) == PARAGRAPHS[:17]


def test_a_box_of_that_class_elsewhere_on_the_page_is_not_the_article():
    """A site's utility class opens the article's containers and an author's box alike."""
    bio = [_paragraph(100 + i) for i in range(4)]
    html = _page([PARAGRAPHS[:12], PARAGRAPHS[12:16]],
                 rail='<div class="about-author"><div class="article-body">'
                      + "".join(f"<p>{text}</p>" for text in bio) + "</div></div>")
    assert [block.text for container in _unread(html) for block in container.blocks] == PARAGRAPHS[12:16]


def test_a_second_copy_of_the_left_out_containers_is_not_added_again():
    html = _page([PARAGRAPHS[:12], PARAGRAPHS[12:16], PARAGRAPHS[16:20], PARAGRAPHS[12:16], PARAGRAPHS[16:20]])
    assert _texts(read_html(html)) == PARAGRAPHS[:20]


def test_a_left_out_paragraph_that_starts_as_a_read_one_does_not_hide_its_container():
    twin = PARAGRAPHS[0][:60] + " but the rest of this paragraph says something else about the harbour entirely."
    html = _page([PARAGRAPHS[:12], [twin, *PARAGRAPHS[12:16]]])
    assert _texts(read_html(html)) == [*PARAGRAPHS[:12], twin, *PARAGRAPHS[12:16]]


def test_left_out_text_is_read_as_shown_and_escaped_as_the_markdown_it_joins():
    shown = ("<p>" + PARAGRAPHS[12].replace("Tuesday", "Tuesday [1](javascript:x) *now*")
             + "<script>window.ads=[1,2,3];</script><style>.x{color:red}</style><button>Copy link</button></p>"
             + "<p>" + PARAGRAPHS[13].replace("the ", "the<br>", 1) + "</p>"
             + f"<p>{PARAGRAPHS[14]} It rose to 10<sup>6</sup> in all.</p><p>{PARAGRAPHS[15]}</p>")
    texts = _texts(read_html(_page([PARAGRAPHS[:12], shown])))
    assert len(texts) == 16 and texts[12].endswith("repairs this year.")
    assert "\\[1\\](javascript:x) \\*now\\*" in texts[12] and "window" not in texts[12] and "Copy" not in texts[12]
    assert texts[13] == PARAGRAPHS[13] and texts[14].endswith("It rose to 10⁶ in all.")


def test_a_page_read_in_full_gains_nothing():
    rail = "".join(f'<div class="teaser"><h3><a href="/story-{k}">Another story {k}</a></h3><p>{text}</p></div>'
                   for k, text in enumerate(PARAGRAPHS[12:18]))
    assert _unread(_page([PARAGRAPHS[:12]], rail=f'<aside class="more">{rail}</aside>')) == []


def test_the_next_story_of_an_endless_page_is_not_the_article():
    """The next story below the article repeats its markup (`<article class="post">` with the same containers)."""
    def story(headline: str, parts: list[list[str]]) -> str:
        inner = '<div class="ad-slot"><p>Advertisement</p></div>'.join(
            '<div class="entry-content">' + "".join(f"<p>{text}</p>" for text in part) + "</div>" for part in parts)
        return f'<article class="post"><header><h2>{headline}</h2><p>By Ann Writer</p></header>{inner}</article>'
    html = ("<html><head><title>Committee keeps the plan</title></head><body><main>"
            + story("Committee keeps the plan", [PARAGRAPHS[:12]])
            + story("Another story entirely", [PARAGRAPHS[12:18], PARAGRAPHS[18:24]]) + "</main></body></html>")
    assert _unread(html) == []


def test_a_container_ends_at_a_section_header_and_its_list_of_links():
    second = ("".join(f"<p>{text}</p>" for text in PARAGRAPHS[12:16]) + "<h2>Related coverage</h2><ul>"
              + "".join(f'<li><a href="/{k}">Mayor defends harbour budget, part {k}</a></li>' for k in range(3))
              + '</ul><ul><li><a href="/x">Ferries</a> run again</li></ul>')
    [container] = _unread(_page([PARAGRAPHS[:12], second]))
    assert [block.text for block in container.blocks] == PARAGRAPHS[12:16]
    third = ("".join(f"<p>{text}</p>" for text in PARAGRAPHS[12:16])
             + "<ul><li><a href='/x'>Ferries</a> run again</li></ul>")
    [container] = _unread(_page([PARAGRAPHS[:12], third]))
    assert container.blocks[-1] == Block(BlockKind.ITEM, "Ferries run again")     # a link within its text stays


def test_blocks_inside_a_block_keep_a_space_between_them():
    quote = f"<blockquote><p>{PARAGRAPHS[12]}</p><p>{PARAGRAPHS[13]}</p></blockquote>"
    [container] = _unread(_page([PARAGRAPHS[:12], quote + "".join(f"<p>{t}</p>" for t in PARAGRAPHS[14:17])]))
    assert container.blocks[0].text == f"{PARAGRAPHS[12]} {PARAGRAPHS[13]}"
