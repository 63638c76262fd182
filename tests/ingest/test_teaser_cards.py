"""Cards of other stories that trafilatura takes for the article are left out where the text cleaner agrees."""

from __future__ import annotations

from newsdigest.ingest.html import extract_html
from newsdigest.ingest.html_readings import read_html
from newsdigest.ingest.teaser_cards import cards_in_reading, without_cards
from trafilatura.utils import load_html

ARTICLE = [
    "The harbour board voted on Tuesday to rebuild the north pier, which storms damaged twice last winter, and to "
    "open the south quay to fishing crews while the work goes on.",
    "Work starts in March and should take two years, the board said, at a cost shared with the county and the "
    "national ports fund.",
    "Ferries keep their usual times, and the cafe at the end of the pier reopens in the summer, its owner said.",
]
CARDS = [
    ("Council names a new mayor after a long count",
     "The count went on until dawn, and the new mayor thanked the volunteers who kept the polling stations open."),
    ("Storm closes the coast road for a second night",
     "Police asked drivers to use the inland route while crews clear fallen trees and check the sea wall."),
    ("School on the small island gets a new roof",
     "Pupils return next week to classrooms that stayed dry through the winter for the first time in years."),
    ("Fishing quotas cut again for the spring season",
     "Crews say the cut will cost them a third of their income, and the union has asked for talks."),
    ("Lighthouse keeper retires after forty years",
     "She climbed the tower's hundred steps twice a day and never missed a night, her neighbours said."),
    ("New ferry timetable starts on Monday",
     "Two evening crossings are added and the first boat leaves half an hour earlier on weekdays."),
]


def page(rail_label: str = "<div>More stories</div>", stamps: bool = True) -> str:
    """An article of three paragraphs, then, beside their container in the `<article>` element, a rail of six
    cards: a linked headline, a summary and (with `stamps`) a time stamp each."""
    cards = "".join(f'<div class="card"><a href="/story/{number}"><h3>{headline}</h3></a><p>{summary}</p>'
                    + (f"<span>{number + 2} hours ago</span>" if stamps else "") + "</div>"
                    for number, (headline, summary) in enumerate(CARDS))
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in ARTICLE)
    return ("<html><head><title>Harbour board votes to rebuild the north pier</title></head><body>"
            "<h1>Harbour board votes to rebuild the north pier</h1>"
            f'<article><div class="story">{paragraphs}</div>{rail_label}<div class="more">{cards}</div></article>'
            "</body></html>")


def test_a_rail_of_cards_read_as_the_article_is_left_out():
    html = page()
    markup = extract_html(html)
    # trafilatura took the cards in
    assert len(markup.blocks) > len(ARTICLE) and cards_in_reading(load_html(html), markup)
    assert [block.text for block in read_html(html).blocks] == ARTICLE


def test_cards_the_cleaner_reads_as_article_text_stay():
    # With no time stamps and no label over them the cards read as the article's own paragraphs to the text
    # cleaner too: a list of the article's linked sections looks the same, so nothing is left out.
    html = page(rail_label="", stamps=False)
    markup = extract_html(html)
    assert cards_in_reading(load_html(html), markup)
    texts = [block.text for block in read_html(html).blocks]
    assert texts[:len(ARTICLE)] == ARTICLE and all(summary in texts for _, summary in CARDS[:3])


def test_without_cards_keeps_the_reading_when_another_is_missing():
    markup = extract_html(page())
    assert without_cards(markup, None, markup) is markup and without_cards(markup, markup, None) is markup


def test_a_reading_without_card_text_asks_for_no_second_reading():
    html = page().split('<div class="more">')[0] + "</article></body></html>"
    assert not cards_in_reading(load_html(html), extract_html(html))


def test_the_linked_items_of_a_list_article_stay():
    # A gift guide: two paragraphs, then its items (a linked name, a line about it) among them. The cleaner drops
    # such short items too, so its agreement alone would take them out; the article's prose beside them keeps them.
    items = "".join(f'<div class="item"><h3><a href="/shop/{number}">{headline}</a></h3><p>{summary[:60]}</p></div>'
                    for number, (headline, summary) in enumerate(CARDS))
    html = ('<html><head><meta property="og:title" content="Six gifts from the harbour">'
            "<title>Six gifts from the harbour</title></head><body><h1>Six gifts from the harbour</h1>"
            f'<article><p>{ARTICLE[0]}</p><p>{ARTICLE[1]}</p><div class="gifts">{items}</div></article></body></html>')
    markup = extract_html(html)
    assert len(markup.blocks) > 2
    assert [block.text for block in read_html(html).blocks] == [block.text for block in markup.blocks]
