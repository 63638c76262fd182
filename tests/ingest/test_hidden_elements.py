"""Elements styled not to be shown stay out of an HTML page's article, unless they may be the article itself."""

from __future__ import annotations

import pytest

from newsdigest.ingest.html import extract_html
from newsdigest.ingest.html_readings import read_html
from tests.ingest.test_split_body import PARAGRAPHS

STAMP = "2026-03-04T08:57:40+01:00"
LOGO = "https://www.example.com/assets/logo.png"


def _hidden_copy(paragraphs: list[str], hiding: str) -> str:
    """A schema.org copy of the article the page does not show: its name, dates and publisher as bare text, then
    the article's text run together in one element (no paragraphs)."""
    return (f'<div {hiding} itemscope itemtype="http://schema.org/NewsArticle">'
            '<h1 itemprop="name">Committee keeps the plan</h1>'
            f'<div itemprop="datePublished">{STAMP}</div>'
            '<div itemprop="publisher" itemscope itemtype="http://schema.org/Organization">'
            f'<div itemprop="name">ValleyCourierOnline</div><span itemprop="url">{LOGO}</span></div>'
            '<div itemprop="articleBody">' + "\n".join(paragraphs) + "</div></div>")


def _page(article: str, after: str = "") -> str:
    return ("<html><head><title>Committee keeps the plan | The Valley Courier</title>"
            '<meta property="og:title" content="Committee keeps the plan"></head><body>'
            '<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
            '<main><h1>Committee keeps the plan</h1><p class="byline">By Ann Writer, 4 March 2026</p>'
            f"{article}{after}</main><footer><p>Contact us</p></footer></body></html>")


def _body(extracted) -> str:
    return "\n".join(block.text for block in extracted.blocks)


@pytest.mark.parametrize("hiding", ['style="display:none;"', 'style="display: none"', 'style="visibility: hidden"',
                                    'class="schema-copy hidden"', 'class="d-none"'])
@pytest.mark.parametrize("shown", [2, 6])
def test_a_hidden_copy_of_the_article_and_its_metadata_stay_out(hiding, shown):
    visible = "<div class='story'>" + "".join(f"<p>{text}</p>" for text in PARAGRAPHS[:shown]) + "</div>"
    html = _page(visible, _hidden_copy(PARAGRAPHS[:shown], hiding))
    for extracted in (extract_html(html), read_html(html)):
        body = _body(extracted)
        assert [block.text for block in extracted.blocks] == PARAGRAPHS[:shown]
        assert STAMP not in body and LOGO not in body and "ValleyCourierOnline" not in body


def test_a_hidden_element_of_three_paragraphs_or_more_is_read_it_can_be_the_article_a_script_shows():
    hidden_article = ('<div id="story" style="display:none">'
                      + "".join(f"<p>{text}</p>" for text in PARAGRAPHS[:4]) + "</div>")
    extracted = extract_html(_page(hidden_article))
    assert [block.text for block in extracted.blocks] == PARAGRAPHS[:4]


@pytest.mark.parametrize("classes", ["d-none d-md-block", "hidden md:block", "hidden visible-lg"])
def test_an_element_a_class_shows_again_on_larger_screens_is_read(classes):
    article = (f'<div class="story">{"".join(f"<p>{text}</p>" for text in PARAGRAPHS[:3])}'
               f'<div class="{classes}">{"".join(f"<p>{text}</p>" for text in PARAGRAPHS[3:5])}</div></div>')
    assert [block.text for block in extract_html(_page(article)).blocks] == PARAGRAPHS[:5]
