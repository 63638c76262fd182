"""HTML pages are read twice, by trafilatura and by the text cleaner on the page's visible text; the better
reading is kept (newsdigest.ingest.html_readings)."""

from __future__ import annotations

import json
import textwrap

import pytest

from newsdigest.ingest.html import extract_html, first_caption
from newsdigest.ingest.html_readings import choose_reading, read_html
from newsdigest.ingest.html_text import visible_text
from newsdigest.ingest.model import Block, BlockKind, Extracted, IngestError, PageNotRead
from newsdigest.ingest.site_metadata import DeclaredTitles

PARAGRAPHS = [
    "The harbour council voted on Tuesday to approve a new ferry timetable that adds two early crossings on "
    "weekdays, after a debate that ran for more than three hours and drew dozens of residents to the town hall.",
    "Supporters said the earlier crossings would help people who work on the mainland, while opponents warned "
    "that the extra trips would raise costs for the operator and could lead to higher fares within two years.",
    "The timetable takes effect at the start of next month, and the council asked the operator to report on "
    "passenger numbers after six months so that the schedule can be reviewed before the winter season begins.",
]
COMMENTS = [
    "I have taken the early boat for years and it was always full, so this is overdue in my view honestly.",
    "Fares went up last spring already and nobody on the council seems to remember that at all, sadly.",
]


def test_visible_text_follows_the_browsers_line_rules():
    html = ("<html><head><title>T</title><style>p{}</style></head><body><nav><a>Home</a> <a>News</a></nav>"
            "<h1>Ferry  timetable\n approved</h1><script>var x = 1;</script><p>First <b>bold</b> line.<br>Second"
            "</p><div hidden>secret</div><div style='display: none'>gone</div><p>Next paragraph.</p>"
            "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table><pre>keep   this</pre>"
            "</body></html>")
    assert visible_text(html) == ("Home News\nFerry timetable approved\n\nFirst bold line.\nSecond\n\n"
                                  "Next paragraph.\n\na\tb\nc\td\nkeep   this")


def test_visible_text_of_a_page_nested_very_deep_is_bounded():
    html = "<html><body>" + "<div>" * 2000 + "deep text" + "</div>" * 2000 + "</body></html>"
    assert "deep text" in visible_text(html)
    assert visible_text("") == ""


def _extracted(title: str, paragraphs: list[str], *, markdown: bool) -> Extracted:
    return Extracted(title=title, blocks=tuple(Block(BlockKind.PARAGRAPH, text) for text in paragraphs),
                     source="Harbour Gazette", inline_markdown=markdown)


def test_the_cleaners_body_replaces_trafilaturas_comment_thread():
    markup = _extracted("Ferry timetable | Harbour Gazette", PARAGRAPHS + COMMENTS, markdown=True)
    text = _extracted("Council approves the new ferry timetable", PARAGRAPHS, markdown=False)
    chosen = choose_reading(markup, text, DeclaredTitles(title="Ferry timetable | Harbour Gazette"))
    assert [block.text for block in chosen.blocks] == PARAGRAPHS and not chosen.inline_markdown
    assert chosen.title == "Council approves the new ferry timetable" and chosen.source == "Harbour Gazette"


def test_trafilaturas_body_stays_when_the_cleaner_found_only_a_part_or_the_same():
    markup = _extracted("Council approves the new ferry timetable", PARAGRAPHS, markdown=True)
    part = _extracted("Council approves the new ferry timetable", [PARAGRAPHS[0][:90]], markdown=False)
    assert choose_reading(markup, part, DeclaredTitles()).blocks == markup.blocks
    same = _extracted("Council approves the new ferry timetable", PARAGRAPHS, markdown=False)
    assert choose_reading(markup, same, DeclaredTitles()).inline_markdown


def test_trafilaturas_headline_stays_when_it_is_the_pages_h1():
    markup = _extracted("Council approves the new ferry timetable", PARAGRAPHS, markdown=True)
    text = _extracted("Harbour Gazette local news", PARAGRAPHS, markdown=False)
    declared = DeclaredTitles(h1=("Council approves the new ferry timetable",))
    assert choose_reading(markup, text, declared).title == "Council approves the new ferry timetable"


def _page(head: str, body: str) -> str:
    return f"<!doctype html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


ARTICLE_HTML = ("<div class='top'><a href='/'>Harbour Gazette</a> <a href='/local'>Local</a></div>"
                "<h1>Council approves the new ferry timetable</h1><div class='date'>March 3, 2026</div>"
                + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
                + "<div class='comments'><h3>Comments</h3>" + "".join(f"<p>{c}</p>" for c in COMMENTS) + "</div>")


def test_a_page_that_declares_its_headline_keeps_trafilaturas_reading():
    html = _page("<meta property='og:title' content='Council approves the new ferry timetable'>"
                 "<title>Ferry timetable | Harbour Gazette</title>", ARTICLE_HTML)
    assert read_html(html, "https://gazette.example/local/ferry") == extract_html(html, "https://gazette.example/local/ferry")


def test_a_byline_the_metadata_lacks_is_read_from_the_pages_text():
    # The page declares its headline and publication time but no author; it prints "Von Clara Endo" above the text.
    body = ("<div class='top'><a href='/'>Harbour Gazette</a></div><h1>Council approves the new ferry timetable</h1>"
            "<div class='meta'><span>Von Clara Endo</span></div><main>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</main>")
    html = _page("<meta property='og:title' content='Council approves the new ferry timetable'>"
                 "<meta property='article:published_time' content='2026-03-03T09:00:00+01:00'>", body)
    assert extract_html(html, "https://gazette.example/local/ferry").author == ""
    article = read_html(html, "https://gazette.example/local/ferry")
    assert article.author == "Clara Endo" and article.blocks == extract_html(html, "https://gazette.example/x").blocks



PERSIAN_PARAGRAPHS = ["به گزارش خبرنگار ما، میزان بارش\u200cها در حوضه دریاچه از ابتدای سال آبی تاکنون نسبت به میانگین "
                      "بلندمدت حدود سی درصد کاهش یافته است و این روند نگران\u200cکننده است.",
                      "کارشناسان هشدار داده\u200cاند که ادامه این روند می\u200cتواند به گسترش کانون\u200cهای گرد و غبار "
                      "نمکی در اطراف دریاچه منجر شود و سلامت ساکنان شهرهای مجاور را تهدید کند."]


@pytest.mark.parametrize("joiner", ["\u200c", "&zwnj;", "&#8204;", "&#x200C;"])
def test_the_non_joiners_of_persian_words_are_kept_in_the_body(joiner):
    """trafilatura drops every character Python does not print: "بارش\u200cها" came out "بارشها", in every Persian
    article (and a Hindi word's half form or an emoji sequence lost its joiner likewise)."""
    body = "<h1>کاهش بارش\u200cها در حوضه دریاچه</h1>" + "".join(f"<p>{p}</p>" for p in PERSIAN_PARAGRAPHS)
    html = _page("<meta property='og:title' content='کاهش بارش\u200cها در حوضه دریاچه'>",
                 body.replace("\u200c", joiner))
    article = read_html(html, "https://khabar.example/news/1")
    assert [block.text for block in article.blocks][:2] == PERSIAN_PARAGRAPHS
    assert article.title == "کاهش بارش\u200cها در حوضه دریاچه"


def test_a_non_joiner_in_a_pages_picture_address_is_no_stand_in():
    body = "<h1>کاهش بارش\u200cها در حوضه دریاچه</h1>" + "".join(f"<p>{p}</p>" for p in PERSIAN_PARAGRAPHS)
    html = _page("<meta property='og:title' content='کاهش بارش\u200cها در حوضه دریاچه'>"
                 "<meta property='og:image' content='https://khabar.example/files/بارش\u200cها.jpg'>", body)
    image = read_html(html, "https://khabar.example/news/1").image
    assert image.startswith("https://khabar.example/files/") and "%F0%9D%8C" not in image and "\U0001d300" not in image


@pytest.mark.parametrize("start, end", [("//<![CDATA[", "//]]>"), ("<![CDATA[", "]]>"), ("/*<![CDATA[*/", "/*]]>*/")])
def test_json_ld_wrapped_in_cdata_as_xhtml_pages_write_it_is_read(start, end):
    """`<script type="application/ld+json">//<![CDATA[ {...} //]]></script>` is no JSON as it stands: its date,
    author and publisher were passed over (the page's modification time dated it instead)."""
    json_ld = ('{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Council approves the new '
               'ferry timetable", "datePublished": "2020-07-10T14:15:42Z", "dateModified": "2025-01-07T09:08:22Z", '
               '"author": {"@type": "Person", "name": "Clara Endo"}, "publisher": {"@type": "Organization", '
               '"name": "Harbour Gazette"}}')
    body = ("<h1>Council approves the new ferry timetable</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    html = _page("<meta property='og:title' content='Council approves the new ferry timetable'>"
                 "<meta property='article:modified_time' content='2025-01-07T09:08:22Z'>"
                 f"<script type='application/ld+json'>\n{start}\n{json_ld}\n{end}\n</script>", body)
    article = read_html(html, "https://gazette.example/local/ferry")
    assert article.published.date().isoformat() == "2020-07-10" and article.author == "Clara Endo"

def test_a_page_trafilatura_finds_no_article_in_is_read_from_its_text():
    # No <title>, og:title or <h1>: trafilatura refuses the page ("no headline found"), its text has the article.
    body = ("<div class='top'>Harbour Gazette</div><div class='hl'><b>Council approves the new ferry timetable</b>"
            "</div><div>March 3, 2026</div>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    html = _page("", body)
    article = read_html(html, "https://gazette.example/local/ferry")
    assert article.title == "Council approves the new ferry timetable"
    assert [block.text for block in article.blocks] == PARAGRAPHS
    assert str(article.published).startswith("2026-03-03")


def test_a_page_too_large_to_read_is_not_read_as_text_either(monkeypatch):
    import newsdigest.ingest.html as html_module
    import newsdigest.ingest.html_readings as readings

    monkeypatch.setattr(html_module, "MAX_BLOCKS", 3)
    read_as_text = []
    monkeypatch.setattr(readings, "extract_text", lambda *args, **kwargs: read_as_text.append(args))
    html = _page("", "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 2))
    with pytest.raises(PageNotRead, match="block elements"):
        read_html(html)
    assert not read_as_text


def test_the_cleaners_headline_is_not_left_in_trafilaturas_body():
    markup = _extracted("Harbour Gazette - Local news", ["Council approves the new ferry timetable"] + PARAGRAPHS,
                        markdown=True)
    text = _extracted("Council approves the new ferry timetable", [PARAGRAPHS[0][:90]], markdown=False)
    chosen = choose_reading(markup, text, DeclaredTitles())     # trafilatura's body kept, the cleaner's title
    assert chosen.title == "Council approves the new ferry timetable"
    assert [block.text for block in chosen.blocks] == PARAGRAPHS and chosen.inline_markdown


def test_a_page_that_prints_no_headline_takes_it_from_its_title_and_keeps_its_lead():
    """No og:title, JSON-LD or <h1>, and no headline in the text: the cleaner's title is the lead sentence, and the
    piece of the <title> that names the same article is the headline; the lead stays the body's first paragraph."""
    html = ("<!DOCTYPE html><html><head><title>Harbour Gazette &gt; Local -- Council approves new ferry timetable"
            "</title><meta property='article:published_time' content='2026-03-03'></head><body><div id='nav'>"
            "<a href='/'>Home</a> <a href='/local'>Local</a></div><div class='story'>"
            + "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS) + "</div></body></html>")
    extracted = read_html(html)
    assert extracted.title == "Council approves new ferry timetable"
    assert extracted.blocks[0].text == PARAGRAPHS[0]
    # a <title> that is the site's name alone says nothing of the article: the lead sentence stays the title
    alone = read_html(html.replace("Harbour Gazette &gt; Local -- Council approves new ferry timetable",
                                   "Harbour Gazette"))
    assert alone.title == PARAGRAPHS[0]


def test_table_cells_are_separated_by_tabs_however_the_markup_is_laid_out():
    html = "<table>\n  <tr>\n    <td>Crossing</td>\n    <td>Time</td>\n  </tr>\n  <tr><td>First</td><td>6:10</td></tr>\n</table>"
    assert visible_text(html) == "Crossing\tTime\nFirst\t6:10"


def test_a_keywords_tag_gives_one_tag_per_name():
    html = ("<html><head><title>Council approves the new ferry timetable</title>"
            "<meta name='keywords' content='Ferries, Harbour council; Timetables，Harbour Council'>"
            "<meta property='article:tag' content='Commuters'></head><body><article>"
            "<h1>Council approves the new ferry timetable</h1>"
            + "".join(f"<p>{text}</p>" for text in PARAGRAPHS) + "</article></body></html>")
    tags = extract_html(html, "https://gazette.example/ferry").tags
    assert set(tags) == {"Ferries", "Harbour council", "Timetables", "Commuters"} and len(tags) == 4


def test_a_long_keywords_list_gives_its_first_names_only():
    from newsdigest.ingest.page_tags import MAX_TAGS, page_tags

    names = [f"Keyword {n}" for n in range(40)]
    assert page_tags([", ".join(names)]) == tuple(names[:MAX_TAGS])


def test_a_sites_keyword_list_for_every_page_gives_no_tags():
    # the site's search terms, the same on each of its pages; the article is about a ferry timetable
    site_list = ", ".join(["athletics", "auctions", "audio", "baseball", "bowls", "bulletin boards", "chat", "college",
                           "contests", "football", "games", "hockey", "lacrosse", "merchandise", "radio", "recruiting",
                           "rugby", "schedules", "scores", "shop", "softball", "tickets", "trivia", "video"])
    page = ("<html><head><title>Council approves the new ferry timetable</title>"
            "<meta name='keywords' content='{}'></head><body><article>"
            "<h1>Council approves the new ferry timetable</h1>"
            + "".join(f"<p>{text}</p>" for text in PARAGRAPHS) + "</article></body></html>")
    assert extract_html(page.format(site_list), "https://gazette.example/ferry").tags == ()
    # as long a list of the article's own names is its tags
    own = ", ".join(["council", "ferry", "timetable", "harbour"] + [f"keyword {n}" for n in range(20)])
    assert extract_html(page.format(own), "https://gazette.example/ferry").tags[:3] == ("council", "ferry", "timetable")
    short = "athletics, auctions, audio, baseball"   # a short list is the page's choice, whatever it names
    assert extract_html(page.format(short), "https://gazette.example/ferry").tags == tuple(short.split(", "))


def _tagged_page(head: str) -> str:
    return ("<html><head><title>Council approves the new ferry timetable</title>" + head + "</head><body><article>"
            "<h1>Council approves the new ferry timetable</h1>"
            + "".join(f"<p>{text}</p>" for text in PARAGRAPHS) + "</article></body></html>")


def _json_ld(data: dict) -> str:
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


FERRY_TAGS = ("911", "ferry timetable", "harbour council", "commuters")


@pytest.mark.parametrize("head", [
    "<meta name='news_keywords' content='911, ferry timetable, harbour council, commuters'>",
    "<meta name='NEWS_KEYWORDS' content='911; ferry timetable; harbour council; commuters'>",
    _json_ld({"@type": "NewsArticle", "headline": "Ferry", "keywords": ", ".join(FERRY_TAGS)}),
    _json_ld({"@type": "NewsArticle", "headline": "Ferry", "keywords": list(FERRY_TAGS)}),
    _json_ld({"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Harbour Gazette"},
        {"@type": ["NewsArticle"], "headline": "Ferry", "keywords": ", ".join(FERRY_TAGS)}]}),
])
def test_news_keywords_and_json_ld_keywords_are_tags_where_no_keywords_tag_names_any(head):
    assert extract_html(_tagged_page(head), "https://gazette.example/ferry").tags == FERRY_TAGS


def test_the_keywords_tag_comes_first_and_a_sites_list_for_every_page_leaves_no_tags_to_the_others():
    news = "<meta name='news_keywords' content='ferry timetable, harbour council'>"
    keywords = "<meta name='keywords' content='Ferries, Timetables'>"
    assert extract_html(_tagged_page(keywords + news), "https://gazette.example/ferry").tags == (
        "Ferries", "Timetables")
    site_list = ", ".join(f"search term {n}" for n in range(30))
    site_wide = f"<meta name='keywords' content='{site_list}'>" + news
    assert extract_html(_tagged_page(site_wide), "https://gazette.example/ferry").tags == ()
    # a keywords tag that names nothing (internal numbers) leaves the say to the next list
    numbers = "<meta name='keywords' content='100312362, 100312363'>"
    assert extract_html(_tagged_page(numbers + news), "https://gazette.example/ferry").tags == (
        "ferry timetable", "harbour council")
    # the keywords of a video or a picture on the page are not the article's
    video = _json_ld({"@type": "VideoObject", "name": "Harbour at dawn", "keywords": ["drone", "sunrise"]})
    assert extract_html(_tagged_page(video), "https://gazette.example/ferry").tags == ()


def test_a_publishing_systems_codes_among_json_ld_keywords_make_no_tag():
    codes = ["26157981-b4f7-4929-adc1-e860c6f03636", "Category: Travel", "NLP Category: General", "Page Type: Article",
             "Section:culture", "@post-id:1913719", "@river", "editors_pick", "type_news", "sections/sverige",
             "topic/misshandel & överfall", "Front Page", "News", "Trending", "PERSON", "ferry timetable"]
    page = _tagged_page(_json_ld({"@type": "NewsArticle", "headline": "Ferry", "keywords": codes}))
    assert extract_html(page, "https://gazette.example/ferry").tags == ("ferry timetable",)


@pytest.mark.parametrize("name, code", [
    ("Rogue One: A Star Wars Story", False), ("Hills 90210", False), ("AC/DC", False), ("Israel/Gaza", False),
    ("24/7", False), ("COVID-19", False), ("Section: News:World News", True), ("AdNode:culture/wide_angle", True),
    ("Subject: Justice", True), ("Day: Friday", True), ("stream-23490979", True), ("_Prio_3", True),
])
def test_what_is_a_code(name, code):
    from newsdigest.ingest.page_tags import is_code
    assert is_code(name) is code


def test_a_number_of_three_or_four_digits_is_a_tag_a_longer_or_shorter_one_is_not():
    from newsdigest.ingest.page_tags import page_tags
    assert page_tags(["911, 2024, 9/11, 58, 100312362"]) == ("911", "2024", "9/11")


def test_a_tag_that_is_the_outlets_own_address_is_no_tag():
    from newsdigest.ingest.page_tags import cleaned_tags
    assert cleaned_tags(("o.canada.com", "canada.com", "Jasper"), "", "https://o.canada.com/travel/jasper") == (
        "Jasper",)


def test_a_page_with_a_few_words_of_text_is_no_article():
    # a paywall's notice, with and without a declared headline: no article to write
    for head in ("", "<meta property='og:title' content='Ferry timetable approved'>"):
        html = (f"<html><head><title>Ferry timetable approved</title>{head}</head><body><article>"
                "<p>This story is for subscribers only.</p></article></body></html>")
        with pytest.raises(IngestError, match="no article found"):
            read_html(html, "https://gazette.example/ferry")


def _undated_page(lead: str, lang: str = "en", og: bool = False) -> str:
    head = "<meta property='og:title' content='Harbour council approves ferry timetable'>" if og else ""
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>{head}<title>Harbour council approves "
            f"ferry timetable - Harbour Echo</title></head><body><h1>Harbour council approves ferry timetable</h1>"
            f"{lead}" + "".join(f"<p>{text}</p>" for text in PARAGRAPHS) +
            "<p>The crossing was first proposed in 2016.</p><footer>© 2026 Harbour Echo</footer></body></html>")


@pytest.mark.parametrize("og", [False, True])
def test_a_year_printed_alone_is_no_publication_date(og):
    # htmldate's search of the text makes "2016" (or the footer's 2026) the first of January of that year
    extracted = read_html(_undated_page("", og=og), "https://harbour-echo.com/news/ferry-timetable")
    assert extracted.published is None and extracted.date_inferred_from == ""


@pytest.mark.parametrize("og", [False, True])
def test_the_date_the_page_prints_is_read_as_a_text_dump_reads_it(og):
    page = _undated_page("<p>Published on 1 March 2026</p>", og=og)
    assert str(read_html(page, "https://harbour-echo.com/news/ferry-timetable").published) == "2026-03-01"
    page = _undated_page("<p>Published on 4 March 2026</p>", og=og)
    assert str(read_html(page, "https://harbour-echo.com/news/ferry-timetable").published)[:10] == "2026-03-04"


def test_a_first_of_the_month_in_the_address_counts():
    extracted = read_html(_undated_page(""), "https://harbour-echo.com/2026/03/01/ferry-timetable")
    assert extracted.published is not None and str(extracted.published)[:10] == "2026-03-01"


def _sectioned_page(heading: str) -> str:
    parts = [f"<p>{text}</p>" for text in PARAGRAPHS]
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><meta property='og:title' content='Ferry "
            "timetable approved'><title>Ferry timetable approved</title></head><body><article><h1>Ferry timetable "
            "approved</h1><p>Published 4 March 2026</p>" + parts[0] + f"<h2>{heading}</h2>" + parts[1] + parts[2] +
            "<h2>What comes next</h2>" + parts[0].replace("harbour council", "port authority") +
            "</article></body></html>")


def test_a_subheading_worded_like_a_related_block_over_the_articles_prose_does_not_end_it():
    # "More on ..." heads a block of other stories' headlines as often as a part of the article itself
    extracted = read_html(_sectioned_page("More on the fares"), "https://harbour-echo.com/2026/03/04/ferry")
    texts = [block.text for block in extracted.blocks]
    assert "More on the fares" in texts and "What comes next" in texts and texts[-1].startswith("The port authority")
    assert texts[0].startswith("The harbour council voted")   # the date line is no paragraph of the article


def test_a_related_block_of_headlines_still_ends_the_article():
    page = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><meta property='og:title' content='Ferry "
            "timetable approved'><title>Ferry timetable approved</title></head><body><article><h1>Ferry timetable "
            "approved</h1>" + "".join(f"<p>{text}</p>" for text in PARAGRAPHS) + "<h2>More on ferries</h2>"
            "<p>Island route gets a second boat</p><p>Fares to rise in spring, operator says</p>"
            "</article></body></html>")
    texts = [block.text for block in read_html(page, "https://harbour-echo.com/2026/03/04/ferry").blocks]
    assert texts == PARAGRAPHS


def test_the_byline_and_date_lines_above_the_first_paragraph_are_not_the_article():
    page = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><meta property='og:title' content='Ferry "
            "timetable approved'></head><body><article><h1>Ferry timetable approved</h1><p>By Clara Endo</p>"
            "<p>Updated March 9, 2026 at 8:15 a.m.</p><p>Published March 8, 2026 at 6:00 p.m.</p>"
            + "".join(f"<p>{text}</p>" for text in PARAGRAPHS) + "</article></body></html>")
    extracted = read_html(page, "https://harbour-echo.com/news/ferry")
    assert [block.text for block in extracted.blocks] == PARAGRAPHS
    assert extracted.author == "Clara Endo"    # the page's metadata names no author


def test_a_first_sentence_that_starts_with_by_is_no_byline():
    page = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><meta property='og:title' content='Storm "
            "passes'></head><body><article><h1>Storm passes</h1><p>Published March 8, 2026</p><p>By Sunday, the "
            "storm had passed.</p>" + "".join(f"<p>{text}</p>" for text in PARAGRAPHS) + "</article></body></html>")
    extracted = read_html(page, "https://harbour-echo.com/news/storm")
    assert extracted.author == "" and extracted.blocks[0].text == "By Sunday, the storm had passed."


def _dated_page(meta: str, printed: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f'<html><head><title>Ferry timetable approved | Harbour Gazette</title>'
            f'<meta property="og:title" content="Ferry timetable approved">{meta}</head><body><article>'
            f"<h1>Ferry timetable approved</h1>{f'<p>{printed}</p>' if printed else ''}{body}</article></body></html>")


def test_the_metadatas_time_is_kept_when_the_address_gives_the_day():
    """htmldate reads the date in the address (.../2026/04/02/...) before the metadata: the time of day and its
    offset, stated in article:published_time, were lost, and the story timelines said "time not stated"."""
    from datetime import datetime, timedelta, timezone
    page = _dated_page('<meta property="article:published_time" content="2026-04-02T08:15:00+02:00">')
    address = "https://www.harbourgazette.co.uk/news/2026/04/02/ferry-timetable-approved"
    expected = datetime(2026, 4, 2, 8, 15, tzinfo=timezone(timedelta(hours=2)))
    assert read_html(page, address).published == read_html(page, "").published == expected
    # a metadata time of another day than the address's is not taken for it
    other = _dated_page('<meta property="article:published_time" content="2026-04-05T08:15:00+02:00">')
    assert read_html(other, address).published != expected


def test_the_time_a_page_prints_completes_a_day_its_metadata_gives_alone():
    """"3. Dezember 2026, 18:45 Uhr" under metadata stating the day only: the time was read and dropped (here in
    the page's own language)."""
    from datetime import date, datetime
    day_only = '<meta property="article:published_time" content="2026-12-03">'
    page = _dated_page(day_only, "Published 3 December 2026, 18:45")
    assert read_html(page, "").published == datetime(2026, 12, 3, 18, 45)
    elsewhere = _dated_page(day_only, "Published 1 December 2026, 18:45")
    assert read_html(elsewhere, "").published == date(2026, 12, 3)


def test_a_printed_time_takes_the_offset_its_time_element_states():
    # "By Mara Lind | <time datetime="...-05:00">February 10, 2026 11:30 PM</time>": the time was kept with no zone,
    # and the build read it as UTC, five hours early
    from datetime import datetime, timedelta, timezone
    printed = 'By Mara Lind | <time datetime="2026-02-10T23:30:00-05:00">February 10, 2026 11:30 PM</time>'
    extracted = read_html(_dated_page("", printed).replace("<p>By", '<p class="byline">By'), "")
    assert extracted.published == datetime(2026, 2, 10, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert not extracted.date_zone
    from newsdigest.ingest.html_dates import with_stated_offset
    naive = datetime(2026, 2, 10, 23, 30)
    assert with_stated_offset(printed.replace("23:30:00-05", "21:30:00-05"), naive) is naive   # another time
    assert with_stated_offset(printed.replace("-05:00", ""), naive) is naive                   # no offset stated
    spaced = printed.replace("2026-02-10T23", "2026-02-10 23")     # a space in the value, quoted: valid HTML
    assert with_stated_offset(spaced, naive) == datetime(2026, 2, 10, 23, 30, tzinfo=timezone(timedelta(hours=-5)))


def test_a_metadata_time_without_an_offset_takes_the_zone_the_page_prints_beside_it():
    """`article:published_time` "2026-03-04T23:40:00" with "March 4, 2026 11:40 PM ET" in the byline was written
    without a zone ("not stated"): the build read it as the digest's time, a day off from New York's."""
    from datetime import datetime
    from zoneinfo import ZoneInfo
    meta = ('<meta property="article:published_time" content="2026-03-04T23:40:00">'
            '<meta name="author" content="M. Lind">')
    extracted = read_html(_dated_page(meta, "By M. Lind | March 4, 2026 11:40 PM ET"), "")
    assert extracted.published == datetime(2026, 3, 4, 23, 40, tzinfo=ZoneInfo("America/New_York"))
    # a zone printed beside another time (a correction's), or none, leaves it as the metadata states it
    for printed in ("By M. Lind | Updated March 5, 2026 9:10 AM ET", "By M. Lind | March 4, 2026 11:40 PM"):
        assert read_html(_dated_page(meta, printed), "").published == datetime(2026, 3, 4, 23, 40)


def test_a_short_article_in_korean_keeps_its_paragraphs_and_leaves_out_its_dateline():
    """trafilatura took a main text under 250 characters for a failure and used its reading of the whole page: a
    short Korean article (a few hundred words' worth in English) became one paragraph starting with its headline,
    dateline and byline, on list pages, in feeds and in share cards."""
    paragraphs = ["항구 도시의 시의회가 새 여객선 시간표를 승인했다. 평일 아침 두 편이 늘어난다.",
                  "찬성 측은 본토로 출근하는 주민에게 도움이 된다고 말했다. 반대 측은 운임 인상을 걱정했다.",
                  "새 시간표는 다음 달부터 적용되며 시의회는 여섯 달 뒤 승객 수를 보고받기로 했다."]
    html = ("<html lang='ko'><head><title>새 여객선 시간표 승인 | 항구일보</title>"
            "<meta property='og:title' content='새 여객선 시간표 승인'></head><body><article>"
            "<h1>새 여객선 시간표 승인</h1><div class='meta'>입력 2026년 3월 4일 오전 9:15 | 박지민 기자</div>"
            + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>")
    extracted = read_html(html, "")
    assert [block.text for block in extracted.blocks] == paragraphs


def test_keywords_that_name_no_subject_make_no_tag():
    """Each tag is a page of the site: internal numbers, the rest of a name a comma cut ("& Economics"), whole
    headlines became tag pages; a Chinese keyword list written with spaces was one tag."""
    from newsdigest.ingest.page_tags import page_tags
    assert page_tags(["Business, Finance, & Economics", "100312362", "«Politik»",
                      "A whole headline given to the keywords as if it were one", "金融 股市", "G7, COVID-19"]) == (
        "Business", "Finance", "Politik", "金融", "股市", "G7", "COVID-19")
    assert page_tags(["기준 금리"]) == ("기준 금리",)    # Korean writes spaces inside a name


GERMAN_PARAGRAPHS = [
    "Der Hafenrat hat am Dienstag einen neuen Fahrplan für die Fähre beschlossen, der an Werktagen zwei frühe "
    "Überfahrten hinzufügt, nachdem die Debatte im Rathaus mehr als drei Stunden gedauert hatte.",
    "Die Befürworter sagten, die früheren Fahrten würden den Menschen helfen, die auf dem Festland arbeiten, "
    "während die Gegner vor höheren Kosten für den Betreiber und steigenden Preisen in zwei Jahren warnten.",
    "Der Fahrplan gilt ab dem kommenden Monat, und der Rat bat den Betreiber, nach sechs Monaten über die Zahl "
    "der Fahrgäste zu berichten, damit der Plan vor dem Beginn der Wintersaison geprüft werden kann.",
]


@pytest.mark.parametrize("declared, expected", [("de-ch", "de-CH"), ("de_DE", "de-DE"), ("en", "de"), ("", "de")])
def test_an_html_page_in_another_language_than_english_says_which(declared, expected):
    """Only English pages got a `lang` (pages, feeds and stories then took the site's language for the rest)."""
    body = "<h1>Hafenrat beschließt neuen Fahrplan für die Fähre</h1>" + "".join(
        f"<p>{p}</p>" for p in GERMAN_PARAGRAPHS)
    html = _page("<title>Hafenrat beschließt neuen Fahrplan</title>", body)
    if declared:   # a theme's default "en" on a German page is not believed
        html = html.replace("<html>", f"<html lang='{declared}'>")
    assert read_html(html, "https://hafen.example/fahrplan").lang == expected


def test_an_english_page_keeps_english_and_the_way_it_declares_it():
    """A short English text's stop-word vote named Finnish ("night" is on its list); English is told first."""
    html = _page("<title>Night ferry</title>", "<h1>Council approves the new ferry timetable</h1>" + "".join(
        f"<p>{p}</p>" for p in PARAGRAPHS)).replace("<html>", "<html lang='en-gb'>")
    assert read_html(html, "https://harbour.example/ferry").lang == "en-GB"


def test_a_declared_language_the_words_could_be_in_is_kept_where_the_vote_leans_elsewhere():
    from newsdigest.ingest.site_metadata import page_language
    foods = "Breakfast: oats, berries, almonds. Lunch: chicken, quinoa, spinach. Dinner: salmon, rice, broccoli."
    html = "<html lang='en-US'><body></body></html>"
    assert page_language(html, foods * 5) == "en-US"
    assert page_language(html, " ".join(GERMAN_PARAGRAPHS)) == "de"   # a theme's default "en" on a German page


def test_a_japanese_page_quoting_english_is_japanese():
    """English was told before the script: one English quote in four short Japanese sentences made the page 'en'."""
    from newsdigest.ingest.site_metadata import page_language
    text = ("首相は記者団に対し、政策を続ける考えを示した。会見では英語で次のように述べた。"
            "We will stay on the path as long as it takes to get there. 市場は落ち着いた反応を見せた。")
    assert page_language("<html lang='ja'>", text) == "ja"



US_BYLINE_PAGE = """<html lang="en"><head><title>Debate night: who won the vice presidential debate - Example News</title></head><body>
<nav><a href="/">Home</a> <a href="/politics">Politics</a></nav>
<article><h1>Debate night: who won the vice presidential debate</h1>
<p class="byline">By Jane Reporter 10/04/2016 07:30 AM EDT</p>
<p>The two candidates met on the stage in Virginia for ninety minutes on Tuesday evening, trading barbs over taxes, trade and the economy while the moderator tried to keep them to time.</p>
<p>Insiders in both parties said the debate was unlikely to change the race much, though several noted that one candidate looked calmer and more prepared than expected from the start.</p>
<p>Polls after the event showed a split audience, with most viewers saying their minds were already made up before the night began and only a few undecided voters moving at all.</p>
</article></body></html>
"""


def test_a_us_bylines_month_first_date_is_not_read_day_first_under_an_address_naming_its_month():
    """htmldate read "10/04/2016" in the byline as 10 April on a page under /2016/10/."""
    from datetime import date
    extracted = read_html(US_BYLINE_PAGE, url="https://news.example/story/2016/10/debate-night-229079")
    assert extracted.published.date() == date(2016, 10, 4)


def test_underline_superscript_and_subscript_are_no_tags_shown_as_text():
    """trafilatura writes them into its Markdown as HTML, which the site's Markdown shows as text."""
    paragraph = ("The debate changed when M<sup>me</sup> Binet spoke at length about the reforms and the water's "
                 "H<sub>2</sub>O content, and 10<sup>6</sup> people in the hall cheered for a long time afterwards.")
    html = (f"<html lang='en'><head><title>Reform debate in the hall</title></head><body><article>"
            f"<h1>Reform debate in the hall</h1><p><u>The tenor of</u> the meeting was calm. {paragraph}</p>"
            f"<p>{paragraph}</p><p>{paragraph}</p></article></body></html>")
    text = "\n".join(block.text for block in extract_html(html, "https://news.example/2026/01/05/reform").blocks)
    assert "<" not in text and "The tenor of the meeting" in text and "Mme Binet" in text and "H₂O" in text
    assert "10⁶ people" in text   # (not 106)


def test_the_caption_is_the_first_figcaption_that_is_no_byline_date_or_single_word():
    """Some sites put the author's box in a <figure>: the photo under the headline was captioned "Von Eileen Wagner
    10.09.2025, 09:53 Uhr"; another captioned a photo with its photographer's first name alone."""
    figures = "".join(f"<figure><img src='{n}.jpg'><figcaption>{text}</figcaption></figure>" for n, text in enumerate([
        "Von Clara Endo 10.09.2025, 09:53 Uhr", "By Clara Endo", "Kevin", "10.09.2025, 09:53 Uhr",
        "The new ferry at the quay on its first morning in service. Photo: Clara Endo"]))
    caption = first_caption(_page("", figures))
    assert caption == "The new ferry at the quay on its first morning in service. Photo: Clara Endo"
    assert first_caption(_page("", "<figure><figcaption>By Clara Endo</figcaption></figure>")) == ""
    # a caption in a script written without spaces is no single word
    assert first_caption(_page("", "<figure><figcaption>東京駅前で運行を始めた新しい路面電車</figcaption></figure>")) \
        == "東京駅前で運行を始めた新しい路面電車"


def test_the_header_lines_above_the_first_paragraph_go_and_a_lead_set_as_a_heading_stays():
    """Under a kicker trafilatura read as a heading, the date lines stayed (the heading was trimmed only after them);
    an agency's code ("AA") or a stamp in another language ("Uppdaterad 15.59 | Publicerad 14.14") opened the body;
    and a lead paragraph set in bold, a heading to trafilatura, was trimmed with the headings."""
    from newsdigest.ingest.html import markdown_blocks
    lead = ("The harbour council approved the new ferry timetable on Tuesday after a long debate about the cost of "
            "the extra morning crossings.")
    markdown = "\n\n".join(["## Harbour", "10.11.2025 17:59", "Uppdaterad 15.59 | Publicerad 14.14", "AA",
                             "## " + lead, *PARAGRAPHS])
    blocks = markdown_blocks(markdown, "Council approves the new ferry timetable")
    assert blocks[0] == Block(BlockKind.PARAGRAPH, lead) and [b.text for b in blocks[1:]] == PARAGRAPHS
    # a dateline the article's text begins with stays; a question set as a heading is another headline
    dateline = markdown_blocks("\n\n".join(["NEW DELHI:", *PARAGRAPHS]), "Ferry timetable")
    assert dateline[0].text == "NEW DELHI:"
    question = "## Who will pay for the extra morning crossings that the harbour council approved on Tuesday?"
    assert markdown_blocks("\n\n".join([question, *PARAGRAPHS]), "Ferry timetable")[0].text == PARAGRAPHS[0]


def test_names_with_accents_and_a_quote_in_another_script_stay_in_an_english_article():
    """An English article's list of scorers ("Darwin Núñez, Liverpool – 11") and its Arabic quote were dropped as
    lines in another language: what trafilatura reads as the article is the article, whatever its script."""
    from newsdigest.ingest.html import markdown_blocks
    kept = ["- Darwin Núñez, Liverpool – 11", "- Thomas Müller, Bayern – 11", "قال المدرب إن الفريق سيقاتل حتى النهاية."]
    blocks = markdown_blocks("\n\n".join([PARAGRAPHS[0], *kept, *PARAGRAPHS[1:]]), "Scorers at the break")
    assert [block.text for block in blocks] == [PARAGRAPHS[0], *(line.lstrip("- ") for line in kept), *PARAGRAPHS[1:]]


STANDFIRST = ("The council voted on Tuesday to add two morning crossings, after a year of complaints from commuters "
              "on the north shore.")


def _standfirst_page(description: str, printed: str) -> str:
    body = (f"<header><h1>Council approves the new ferry timetable</h1><p class='dek'>{printed}</p>"
            "<p class='byline'>By Clara Endo</p></header><article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
            + "</article><footer><p>The Harbour Gazette: news of the bay and its islands since 1901, every day.</p>"
            "</footer>")
    return _page("<meta property='og:title' content='Council approves the new ferry timetable'>"
                 f"<meta name='description' content='{description}'>", body)


def test_the_standfirst_printed_under_the_headline_is_the_first_paragraph():
    """trafilatura took the lead printed between the headline and the article for part of the header."""
    article = read_html(_standfirst_page(STANDFIRST, STANDFIRST), "https://gazette.example/local/ferry")
    assert [block.text for block in article.blocks] == [STANDFIRST, *PARAGRAPHS]


@pytest.mark.parametrize("description, printed", [
    ("The Harbour Gazette: news of the bay and its islands since 1901, every day.", "Read on for the details."),
    ("Harbour council news in brief", "Harbour council news in brief"),        # too short for a lead
    (STANDFIRST, "Read on for the details of the vote."),                        # not printed: for search engines
])
def test_a_description_printed_elsewhere_short_or_not_at_all_is_no_standfirst(description, printed):
    article = read_html(_standfirst_page(description, printed), "https://gazette.example/local/ferry")
    assert [block.text for block in article.blocks][-len(PARAGRAPHS):] == PARAGRAPHS
    assert description not in [block.text for block in article.blocks]




FIRST_STEPS = ["The operator adds an early crossing from the harbour at ten past six on weekdays",
               "A late crossing from the island leaves at eleven at night on Fridays and Saturdays"]
LATER_STEPS = ["The council reviews passenger numbers after the first six months of the timetable",
               "The operator reports on fares and costs to the transport committee every quarter",
               "A winter schedule is agreed before the end of September with the island's residents"]


def test_preformatted_text_keeps_its_lines_and_two_numbered_lists_stay_two():
    """A <pre> without <code> (a shell session, a config file) ran into one paragraph; the second of two <ol>s one
    after the other was read as part of the first, and both lists became bullets showing their numbers."""
    from newsdigest.ingest.writer import body_markdown
    from newsdigest.markup import render_markdown
    body = (f"<article><h1>Council approves the new ferry timetable</h1><p>{PARAGRAPHS[0]}</p>"
            "<PRE class='terminal'>$ ferry --timetable\n06:10  Harbour\n06:40  Island</PRE>"
            f"<p>{PARAGRAPHS[1]}</p><ol>" + "".join(f"<li>{item}</li>" for item in FIRST_STEPS) + "</ol><ol>"
            + "".join(f"<li>{item}</li>" for item in LATER_STEPS) + f"</ol><p>{PARAGRAPHS[2]}</p></article>")
    html = _page("<meta property='og:title' content='Council approves the new ferry timetable'>", body)
    extracted = extract_html(html, "https://gazette.example/local/ferry")
    assert Block(BlockKind.CODE, "$ ferry --timetable\n06:10  Harbour\n06:40  Island") in extracted.blocks
    page = render_markdown(body_markdown(extracted))[0]
    assert "<pre><code>$ ferry --timetable\n06:10  Harbour\n06:40  Island\n</code></pre>" in page
    assert page.count("<ol>") == 2 and f"<li>{FIRST_STEPS[-1]}</li>\n</ol>\n<ol>\n<li>{LATER_STEPS[0]}</li>" in page
    coded = body.replace("<PRE class='terminal'>", "<PRE class='terminal'><code>").replace("</PRE>", "</code></PRE>")
    assert extract_html(html.replace(body, coded), "https://gazette.example/local/ferry") == extracted   # as before
    # only <pre> elements, each with the first </pre> after it (one pass: an unclosed one is left as it is)
    from newsdigest.ingest.preformatted import preformatted_as_code
    assert preformatted_as_code("<pre-x>note</pre-x><p>Busan</p><pre>ls</pre>") == \
        "<pre-x>note</pre-x><p>Busan</p><pre><code>ls</code></pre>"
    assert preformatted_as_code("<pre>x <pre>y") == "<pre>x <pre>y"
    assert preformatted_as_code("<pre title='a'>$ ls <b\n$ cd</pre>") == \
        "<pre title='a'><code>$ ls <b\n$ cd</code></pre>"
    # a wire service's article in a <pre>, wrapped at 72 characters, stays paragraphs of prose
    wrapped = "\n\n".join(textwrap.fill(paragraph, 72) for paragraph in PARAGRAPHS)
    wire = extract_html(_page("<meta property='og:title' content='Council approves the new ferry timetable'>",
                              f"<article><h1>Council approves the new ferry timetable</h1><pre>{wrapped}</pre>"
                              "</article>"),
                        "https://gazette.example/local/ferry")
    assert {block.kind for block in wire.blocks} == {BlockKind.PARAGRAPH}   # (trafilatura gives it as one)
    assert " ".join(block.text for block in wire.blocks) == " ".join(PARAGRAPHS)


def test_keywords_in_capitals_stay_where_the_article_names_them_in_any_case():
    """The review's: "COVID-19", "UNESCO" and "BREXIT" were dropped as codes where the article writes "Covid-19",
    "Unesco", "Brexit"; a tagger's kind ("PERSON") and a code the article never writes still go, and a tag of
    thousands of characters is none (40 KB took 24 s through the path rule)."""
    from newsdigest.ingest.page_tags import article_tags, page_tags
    text = "Covid-19 cases fell, Unesco said; Brexit talks resumed and a person was hurt."
    assert article_tags(["COVID-19", "UNESCO", "BREXIT", "PERSON", "INDG08", "Vaccines"], text) == (
        "COVID-19", "UNESCO", "BREXIT", "Vaccines")
    assert page_tags(["ab" * 20000, "ferry"]) == ("ferry",)


def test_a_keywords_list_of_placeholders_alone_leaves_the_page_its_news_keywords():
    """The review's: `<meta name="keywords" content="News">` gave no tags and hid the page's news_keywords."""
    from newsdigest.ingest.page_tags import declared_tags
    page = '<html><head><meta name="news_keywords" content="ferry, harbour"></head><body></body></html>'
    assert declared_tags(page, ["News"], "The ferry left the harbour.") == ("ferry", "harbour")



@pytest.mark.parametrize("declared", ["<meta property='article:section' content='Health'>",
                                      "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
                                      "\"articleSection\": [\"Health\", \"Local\"]}</script>"])
def test_a_page_read_as_its_text_keeps_the_section_its_metadata_declares(declared):
    # No headline trafilatura finds, so the page is read as its visible text, whose label above it is a menu's
    body = ("<div class='top'>Harbour Gazette</div><div class='kicker'>Sports</div><div class='hl'><b>Council "
            "approves the new ferry timetable</b></div><div>March 3, 2026</div>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    assert read_html(_page("", body), "https://gazette.example/2026/ferry").category == "Sports"
    assert read_html(_page(declared, body), "https://gazette.example/2026/ferry").category == "Health"


def test_a_photo_essay_whose_captions_are_its_article_is_read_paragraph_by_paragraph():
    # trafilatura reads no figure caption: finding no main text, it falls back on the page's text run into one
    # paragraph, headline, dateline and byline first. The text cleaner's paragraphs are the body then.
    captions = [
        "At dawn the oldest fisherman on the island checks his nets in the harbour, as he has done every morning "
        "for fifty years, and says this season will be his last one at sea.",
        "The catch is sorted on the quay by hand while gulls circle overhead. A good tide can fill every crate "
        "in less than three hours, and the buyers arrive before the sun is up.",
        "In the evening he counts the crates alone. Nobody will take over the boat, he says, without bitterness.",
    ]
    figures = "".join(f"<figure><img src='/{n}.jpg' alt=''><figcaption>{text}</figcaption></figure>"
                      for n, text in enumerate(captions))
    html = ("<html lang='en'><head><title>In pictures: the last season | Harbour Gazette</title>"
            "<meta property='og:title' content='In pictures: the last season of the island fishermen'>"
            "<meta property='article:published_time' content='2026-09-03T07:00:00+01:00'>"
            "<meta name='author' content='Ailsa Moray'></head><body><nav><a href='/'>Home</a></nav><main><article>"
            "<h1>In pictures: the last season of the island fishermen</h1><p class='meta'>3 September 2026</p>"
            f"<p class='byline'>Photographs and words: Ailsa Moray</p>{figures}</article></main></body></html>")
    read = read_html(html)
    assert [block.text for block in read.blocks] == captions
    assert read.title == "In pictures: the last season of the island fishermen" and read.author == "Ailsa Moray"
