"""Elements a page keeps out of sight stay out of its article where they are surely not the article: a menu, a
form, a schema.org copy for search engines. A hidden "Read more" part, an article a script shows and the like stay."""

from __future__ import annotations

import pytest

from lxml import etree, html as lxml_html

from newsdigest.ingest.hidden_elements import UNREAD_XPATH, hidden_by_style
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
                                    'style="color: red; DISPLAY: NONE !important"', 'class="schema-copy hidden"',
                                    'class="d-none"'])
@pytest.mark.parametrize("shown", [2, 6])
def test_a_hidden_copy_of_the_article_and_its_metadata_stay_out(hiding, shown):
    visible = "<div class='story'>" + "".join(f"<p>{text}</p>" for text in PARAGRAPHS[:shown]) + "</div>"
    html = _page(visible, _hidden_copy(PARAGRAPHS[:shown], hiding))
    for extracted in (extract_html(html), read_html(html)):
        body = _body(extracted)
        assert [block.text for block in extracted.blocks] == PARAGRAPHS[:shown]
        assert STAMP not in body and LOGO not in body and "ValleyCourierOnline" not in body


def test_a_templates_content_is_never_read_a_browser_never_shows_it():
    form = "Write your comment here and press the send button below to post it, then wait for a moderator."
    article = ("<div class='story'>" + f"<p>{PARAGRAPHS[0]}</p><template id='comment'><p>{form}</p></template>"
               + "".join(f"<p>{text}</p>" for text in PARAGRAPHS[1:4]) + "</div>")
    extracted = extract_html(_page(article))
    assert [block.text for block in extracted.blocks] == PARAGRAPHS[:4]


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


def _left_out(fragment: str) -> list[str]:
    """The ids of the elements of `fragment` (inside a page's body) that the reading leaves out."""
    tree = lxml_html.document_fromstring(f"<html><body><main>{fragment}</main></body></html>")
    return [element.get("id") for element in etree.XPath(UNREAD_XPATH)(tree)]


LINKS = "".join(f'<a href="/{name}">{name.title()} section of the site</a> ' for name in ("news", "sport", "culture"))
SENTENCE = "The council will publish the full timetable for the repairs on its website next week."


@pytest.mark.parametrize("hiding", ['style="display:none"', 'style="visibility:hidden"', 'class="menu hidden"',
                                    'class="d-none"', 'class="d-none d-print-block"'])
def test_a_hidden_menu_or_form_without_prose_is_left_out(hiding):
    assert _left_out(f'<div id="menu" {hiding}>{LINKS}<label>Email</label><span>{STAMP}</span></div>') == ["menu"]


@pytest.mark.parametrize("attributes", [
    'style="overflow:hidden"', 'style="border:none"', 'style="-webkit-backface-visibility: hidden"',
    'style="backface-visibility:hidden"', 'style="content-visibility: hidden"', 'class="is-hidden"',
    'class="hidden-xs"', 'class="overflow-hidden"', 'class="sr-only"', 'class="visually-hidden"', "hidden",
    'class="d-none d-md-block"', 'class="hidden md:block"', 'class="hidden visible-lg"'])
def test_an_element_shown_on_some_screen_or_hidden_otherwise_is_read(attributes):
    assert _left_out(f'<div id="menu" {attributes}>{LINKS}</div>') == []


def test_a_hidden_element_holding_prose_is_read_it_can_be_the_article_or_its_rest():
    assert _left_out(f'<div id="more" style="display:none"><div>{SENTENCE}</div></div>') == []
    assert _left_out(f'<div id="more" class="hidden">{LINKS}<p>{SENTENCE}</p></div>') == []
    cut = ('<p>The council <b>will publish</b> the full <i>timetable</i> for the repairs <a href="/works">on its '
           'website</a> next week.</p>')    # no piece of 40 characters outside the link
    assert _left_out(f'<div id="more" class="hidden">{cut}</div>') == []
    # structured data that is no copy of the article: a breadcrumb's, an author's
    assert _left_out(f'<div id="more" style="visibility:hidden"><ol itemscope itemtype="https://schema.org/'
                     f'BreadcrumbList"><li itemprop="itemListElement">News</li></ol><p>{SENTENCE}</p></div>') == []
    assert _left_out(f'<div id="more" class="hidden" itemprop="articleBody">{SENTENCE}<br>{SENTENCE}</div>') == []


def test_the_body_is_never_left_out_some_pages_hide_it_until_their_styles_load():
    tree = lxml_html.document_fromstring(f'<html><body style="display:none"><p>{LINKS}</p></body></html>')
    assert etree.XPath(UNREAD_XPATH)(tree) == []


@pytest.mark.parametrize("paragraphs, left_out", [(2, ["copy"]), (3, [])])
def test_structured_data_with_paragraphs_of_its_own_is_read_an_article_a_script_shows(paragraphs, left_out):
    body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS[:paragraphs])
    assert all(len(text) > 100 for text in PARAGRAPHS[:paragraphs])
    assert _left_out(f'<article id="copy" style="display:none" itemscope itemtype="https://schema.org/NewsArticle">'
                     f'<div itemprop="articleBody">{body}</div></article>') == left_out


def test_only_the_outermost_hidden_element_is_judged():
    assert _left_out(f'<div id="outer" style="display:none"><div id="inner" class="hidden">{LINKS}</div></div>') \
        == ["outer"]


def _short(paragraph: str) -> str:
    """The paragraph's first 95 characters (a paragraph of a short article), or the whole of a shorter one."""
    return paragraph[:95].strip()


@pytest.mark.parametrize("story", [
    # each paragraph in a hidden wrapper
    '<div class="story">' + "".join(f'<div style="display:none"><p>{text}</p></div>' for text in PARAGRAPHS[:3])
    + "</div>",
    # the rest behind a "Read more" button
    f'<div class="story"><p>{PARAGRAPHS[0]}</p><div class="more hidden"><p>{PARAGRAPHS[1]}</p>'
    f"<p>{PARAGRAPHS[2]}</p></div></div>",
    # the whole article, its paragraphs in <div>s
    '<article class="hidden">' + "".join(f"<div>{text}</div>" for text in PARAGRAPHS[:3]) + "</article>",
    # the whole article, declared as such, in paragraphs too short to be told from a copy's metadata: the reading
    # without it says next to nothing, the page read whole says more
    '<article class="hidden" itemscope itemtype="https://schema.org/NewsArticle">'
    + "".join(f"<p>{_short(text)}</p>" for text in PARAGRAPHS[:3]) + "</article>"])
def test_an_article_kept_out_of_sight_until_a_script_shows_it_is_still_read(story):
    assert all(_short(text) in _body(extract_html(_page(story))) for text in PARAGRAPHS[:3])


def test_the_style_rule_is_the_one_the_visible_text_reads_too():
    assert hidden_by_style("display:none") and hidden_by_style("color: red; visibility : hidden")
    assert not hidden_by_style("backface-visibility: hidden") and not hidden_by_style("overflow: hidden")
    assert not hidden_by_style(None) and not hidden_by_style("")

