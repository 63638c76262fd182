"""An article's category is a section's name or nothing: never a share button, a writer's name or a sponsor line."""

from __future__ import annotations

import json

import pytest

from newsdigest.ingest import pipeline
from newsdigest.ingest.categories import category_or_none, is_button, named_in_address, section_name
from newsdigest.ingest.model import RawPage
from newsdigest.ingest.records import read_records


@pytest.mark.parametrize("given, name", [
    ("Politics", "Politics"),
    ("general-news,trials,legal-proceedings", "General news"),
    ("business-business", "Business"),
    ("Commercial Real Estate,Home Page,Popular", "Commercial Real Estate"),
    ("HomeWorld News", "World News"),
    ("StartseitePolitik", "Politik"),
    ("Startseite Leben", "Leben"),
    ("Home News", "Home News"),          # a British paper's section, not a breadcrumb
    ("Homeland Security", "Homeland Security"),
    ("SHOP NOW >", ""),
    ("TRD NATIONAL /", ""),
    ("MSV-", ""),
    ("News > World", "World"),
    ("NewsWorld", "World"),                   # a breadcrumb run together: its last step
    ("Superbike WSBKNews", "News"),
    ("TechCrunch", "TechCrunch"),             # a name, not two steps: "Crunch" is no section
    ("SportsCenter", "SportsCenter"),
    ("YouTube", "YouTube"),
    ("2024-01-05", ""),
    ("\u200fPolitics", "Politics"),
    ("A long line of words that is no section name", ""),
])
def test_section_name_is_one_short_name(given, name):
    assert section_name(given) == name


@pytest.mark.parametrize("label, url, named", [
    ("Politics", "https://news.example/politics/2026/03/vote-count", True),
    ("Sport News", "https://news.example/sport-news/match.html", True),
    ("Culture", "https://news.example/culture.html", True),
    ("Économie", "https://journal.example/economie/article-1", True),
    ("Politics", "https://news.example/world/vote-count", False),
    ("Politics", "", False),
])
def test_named_in_address(label, url, named):
    assert named_in_address(label, url) is named


@pytest.mark.parametrize("label", ["Tumblr", "Shares", "Artikel teilen", "Partager cet article", "SUSCRÍBETE",
                                   "Facebookでシェアする", "X（旧Twitter）", "Supported by", "Related Coverage",
                                   "Advertise", "Contact", "Save", "Accueil", "Startseite", "Back to Gallery",
                                   "Web Share", "Afficher plus", "Volver a la noticia", "Inhalt", "Kleinanzeigen",
                                   "Caption", "Close", "Anzeige", "Iklan", "English", "Italiano", "Español", "Skip Ad",
                                   "Resize Text", "Watch Live", "Full Screen", "Print Article", "Подписаться",
                                   "Suche öffnen", "Поиск"])
def test_buttons_and_site_pages_are_no_section(label):
    assert is_button(label)
    assert category_or_none(label) == ""


@pytest.mark.parametrize("label", ["Politics", "Wide Angle", "Premier League", "Climate Lab", "Wirtschaft", "国際",
                                   "Noticias del mundo", "Cronaca del Veneto", "English Football", "Closer Look",
                                   "Поиск пропавших", "Suche nach Vermissten"])
def test_section_names_are_kept(label):
    assert not is_button(label)
    assert category_or_none(label) == label


@pytest.mark.parametrize("label, kept", [
    # a blog platform's category for posts given none, and the site's own address, name no section
    ("Uncategorized", False), ("Sin categoría", False), ("Non classé", False), ("gizmodo.com", False),
    ("www.harbour-gazette.co.uk", False), ("Node.js", True), ("Web 2.0", True), ("St. Louis", True)])
def test_a_platforms_default_category_or_the_sites_address_is_no_section(label, kept):
    assert category_or_none(label) == (label if kept else "")


def test_a_label_below_the_headline_counts_only_where_the_address_names_it():
    assert category_or_none("Football", below_headline=True) == ""
    assert category_or_none("Football", below_headline=True, url="https://paper.example/football/a-match") == "Football"


def test_the_author_the_outlet_or_the_headline_is_no_section():
    assert category_or_none("Dana Okafor", author="Lee Park; Dana Okafor") == ""
    assert category_or_none("Harbour Gazette", source="Harbour Gazette") == ""
    assert category_or_none("Storm warning", title="Storm Warning") == ""


def _ingest(dump: str, url: str = "") -> str:
    page = RawPage(text=dump, kind="text", label="page.txt", file_name="page.txt", url=url)
    return pipeline.extract_page(page).category


ARTICLE = """Harbour council approves the new ferry timetable after a long debate

{below}

March 3, 2026

The harbour council voted on Tuesday to approve a new ferry timetable that adds two early crossings on weekdays,
after a debate that ran for more than three hours and drew dozens of residents to the town hall.

Supporters said the earlier crossings would help people who work on the mainland, while opponents warned that the
extra trips would raise costs for the operator and could lead to higher fares within two years.

The timetable takes effect at the start of next month, and the council asked the operator to report on passenger
numbers after the first six months so that the schedule can be reviewed before the winter season begins.
"""


def test_a_dump_keeps_a_section_label_above_its_headline():
    dump = "Harbour Gazette\n\nLocal Politics\n\n" + ARTICLE.format(below="Dana Okafor")
    assert _ingest(dump) == "Local Politics"


@pytest.mark.parametrize("above, category", [
    ("Home | News | Sport | Weather", ""),            # a menu: its last item is no section
    ("Home > News > Transport", "Transport"),          # a breadcrumb: its last step is
    ("Home | Transport", "Transport"),
])
def test_a_menu_of_bars_over_the_headline_gives_no_section_where_a_breadcrumb_does(above, category):
    dump = f"Harbour Gazette\n{above}\n\n" + ARTICLE.format(below="Dana Okafor")
    assert _ingest(dump) == category


def test_a_dump_takes_no_name_or_button_from_below_its_headline():
    for below in ("Dana Okafor", "Tumblr"):
        dump = "Harbour Gazette\n\n" + ARTICLE.format(below=below)
        assert _ingest(dump) == "", below
        assert _ingest(dump, url="https://gazette.example/news/ferry-timetable") == "", below


def test_a_label_below_the_headline_that_the_address_names_is_the_section():
    dump = "Harbour Gazette\n\n" + ARTICLE.format(below="Transport")
    assert _ingest(dump) == ""
    assert _ingest(dump, url="https://gazette.example/transport/ferry-timetable") == "Transport"


@pytest.mark.parametrize("stated, category", [("world-news", "World news"), (["general-news", "Politics"], "General news"),
                                               ("HomeWorld News", "World News")])
def test_a_records_category_is_one_section_name(stated, category):
    record = {"title": "Harbour council approves the new ferry timetable", "date": "2026-03-03",
              "url": "https://gazette.example/news/ferry", "category": stated, "maintext": ARTICLE.format(below="")}
    pages, problems = read_records("feed.jsonl", json.dumps(record))
    assert not problems and pages[0].stated.category == category


HTML_PARAGRAPHS = "".join(f"<p>{paragraph}</p>" for paragraph in ARTICLE.split("\n\n")[3:] if paragraph.strip())
HEADLINE = "Harbour council approves the new ferry timetable after a long debate"
PAGE_URL = "https://gazette.example/news/2026/03/03/ferry-timetable/"


def _html_category(head: str = "", above: str = "", url: str = PAGE_URL) -> str:
    html = (f"<html><head><title>{HEADLINE} | Harbour Gazette</title>"
            f"<meta property='og:site_name' content='Harbour Gazette'>{head}</head><body>"
            f"<header><a href='/'>Harbour Gazette</a></header><main>{above}<article><h1>{HEADLINE}</h1>"
            f"{HTML_PARAGRAPHS}</article></main></body></html>")
    page = RawPage(text=html, kind="html", label="page.html", file_name="page.html", url=url)
    return pipeline.extract_page(page).category


def _crumbs(*steps: tuple[str, str | None], graph: bool = False) -> str:
    items = [{"@type": "ListItem", "position": n, "name": name, **({"item": link} if link else {})}
             for n, (name, link) in enumerate(steps, 1)]
    crumbs = {"@type": "BreadcrumbList", "itemListElement": items}
    data = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, crumbs]} if graph else crumbs
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


HOME = ("Home", "https://gazette.example/")
LOCAL = ("Local News", "https://gazette.example/local/")


@pytest.mark.parametrize("head", [
    _crumbs(HOME, LOCAL),
    _crumbs(HOME, LOCAL, graph=True),
    _crumbs(HOME, LOCAL, (HEADLINE, PAGE_URL)),                              # the article: its headline and address
    _crumbs(HOME, LOCAL, ("Ferry timetable approved", PAGE_URL)),            # ... its address
    _crumbs(HOME, LOCAL, ("Ferry timetable approved", None)),                # ... the one step without a link
    _crumbs(("Harbour Gazette", "https://gazette.example/"), LOCAL),         # the site for the home page
])
def test_a_json_ld_breadcrumb_names_the_section_before_the_article(head):
    assert _html_category(head) == "Local News"


def test_a_breadcrumb_in_microdata_or_rdfa_names_the_section():
    microdata = ("<ol itemscope itemtype='https://schema.org/BreadcrumbList'>" + "".join(
        f"<li itemprop='itemListElement' itemscope itemtype='https://schema.org/ListItem'><a itemprop='item' "
        f"href='{link}'><span itemprop='name'>{name}</span></a><meta itemprop='position' content='{n}'></li>"
        for n, (name, link) in enumerate((HOME, LOCAL), 1)) + "</ol>")
    assert _html_category(above=microdata) == "Local News"
    rdfa = ("<ol vocab='https://schema.org/' typeof='BreadcrumbList'>" + "".join(
        f"<li property='itemListElement' typeof='ListItem'><a property='item' typeof='WebPage' href='{link}'>"
        f"<span property='name'>{name}</span></a></li>" for name, link in (HOME, LOCAL)) + "</ol>")
    assert _html_category(above=rdfa) == "Local News"


@pytest.mark.parametrize("above, category", [
    ("<nav class='breadcrumb'><ol><li><a href='/'>Home</a></li><li><a href='/local/'>Local News</a></li></ol></nav>",
     "Local News"),
    ("<nav aria-label='Breadcrumb'><a href='/'>Startseite</a> › <a href='/lokales'>Lokales</a> › "
     "<a href='/lokales/lindenau'>Lindenau</a> › <span>Baustart verschiebt sich</span></nav>", "Lindenau"),
    # the box that holds the breadcrumb holds the page's buttons too: its steps are the inner list's
    ("<div id='breadcrumb_ctr'><div id='breadcrumb_rdr'><a href='/'>Home</a> <a href='/local/'>Local News</a></div>"
     "<div><a href='#'>Email a Friend</a> <a href='?print=true'>Print Article</a></div></div>", "Local News"),
    ("<ol class='crumbs'><li class='breadcrumb-item'><a href='/'>Home</a></li>"
     "<li class='breadcrumb-item'><a href='/local/'>Local News</a></li></ol>", "Local News"),
    # a breadcrumb of the home page alone, and an element that only names the word, give none
    ("<nav class='breadcrumb'><a href='/'>Home</a> › <span>Ferry timetable approved</span></nav>", ""),
    ("<div class='js-article url-breadcrumb'><a href='/tech'>TECH</a> <a href='#'>EMAIL ME</a>"
     + "<p>Words of another story.</p>" * 40 + "</div>", ""),
])
def test_a_breadcrumb_the_page_shows_names_the_section(above, category):
    assert _html_category(above=above) == category


def test_the_section_the_metadata_declares_wins_over_the_breadcrumb():
    head = "<meta property='article:section' content='Transport'>" + _crumbs(HOME, LOCAL)
    assert _html_category(head) == "Transport"


def test_a_breadcrumbs_tool_links_and_date_archive_steps_name_no_section():
    """The review's: a breadcrumb box's "Email a Friend" (mailto:) was the category, and so was a date archive's
    step ("March 2026")."""
    from newsdigest.ingest.breadcrumbs import breadcrumb_section
    tools = ('<html><body><div class="breadcrumb"><a href="/">Home</a> › <a href="/news">News</a><span>'
             '<a href="mailto:desk@p.example">Email a Friend</a> <a href="javascript:print()">Print</a></span></div>'
             '<h1>Ferry fares rise</h1></body></html>')
    assert breadcrumb_section(tools, "Ferry fares rise", "https://p.example/news/ferry") == "News"
    archive = ('<html><body><nav class="breadcrumbs"><a href="/">Home</a> › <a href="/local">Local News</a> › '
               '<a href="/2026/03">March 2026</a></nav><h1>Ferry fares rise</h1></body></html>')
    assert breadcrumb_section(archive, "Ferry fares rise", "https://p.example/news/ferry") == "Local News"
