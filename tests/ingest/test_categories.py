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
