"""What a byline prints beside its authors' names is no name: a role or a desk, an e-mail address, the line under
the name, the word for "and" between two names, a stray bracket (`byline_roles.py`, through `distinct_names` and
`plain_names`). trafilatura splits a byline at its commas and bars and reads each piece as an author."""

from __future__ import annotations

import pytest

from newsdigest.ingest.bylines import distinct_names, plain_names
from newsdigest.ingest.model import RawPage
from newsdigest.ingest.pipeline import extract_page


def authors(found: str, page: str = "") -> str:
    """As the pipeline cleans trafilatura's authors of an HTML page."""
    return plain_names(distinct_names(found, page))


@pytest.mark.parametrize("found, expected", [
    # "By Ann Lee, Reporter", "By Ann Lee, Senior Staff Writer", "By Dana Whitaker | Investigations Editor" ...
    ("Ann Lee; Reporter", "Ann Lee"),
    ("Ann Lee; Senior Staff Writer", "Ann Lee"),
    ("Ann Lee; Times Staff Writer", "Ann Lee"),
    ("Ann Lee; Staff", "Ann Lee"),
    ("Dana Whitaker; Investigations Editor", "Dana Whitaker"),
    ("Ann Lee; Metro Reporter", "Ann Lee"),
    ("Ann Lee; Washington Correspondent", "Ann Lee"),
    ("Ann Lee; Photojournalist", "Ann Lee"),
    ("Ann Lee; Omar Haddad; Staff Writers", "Ann Lee; Omar Haddad"),
    ("Ann Lee; Senior Reporter; Omar Haddad; Data Reporter", "Ann Lee; Omar Haddad"),
    ("Ann Lee; Special", "Ann Lee"),                    # "Special to the Post", cut at "to" by trafilatura
    ("Ann Lee; For the Riverbend Post", "Ann Lee"),
    # the article's editor credited after its writer, and the word "and" joined to a name with no name of its own
    ("Reporting by Ann Lee; Editing by Bo Park", "Ann Lee"), ("Dimas Prasetyo; Editor Rina Kusuma", "Dimas Prasetyo"),
    ("Priya Nair; team", "Priya Nair"), ("Ann Lee; agencies", "Ann Lee"),
    # a byline's label in Hebrew, Hindi and Turkish
    ("מאת נועה ברגר", "נועה ברגר"), ("रिपोर्ट अनिल शर्मा", "अनिल शर्मा"), ("Haber: Elif Kaya", "Elif Kaya"),
    ("Claire Dubois; Journaliste", "Claire Dubois"),
    # Korean reporter and correspondent, Chinese roles between names, a bracket left of a pair, an Arabic role
    ("이서연 기자", "이서연"), ("김민수 특파원", "김민수"), ("박준석기자", "박준석"),
    ("记者 陈晓 通讯员 李明", "陈晓; 李明"),
    ("【鈴木花子", "鈴木花子"), ("【鈴木花子】", "鈴木花子"),
    ("بقلم أحمد الشمري، محرر الشؤون الاقتصادية", "أحمد الشمري"),
    # names stay: two words alone may be a name; a co-author; a bracket that pairs; a role's word inside a name
    ("Sarah Writer", "Sarah Writer"), ("Ann Lee; Bo Park", "Ann Lee; Bo Park"), ("Ann (Annie) Lee", "Ann (Annie) Lee"),
    ("Tom Gillespie News reporter", "Tom Gillespie"), ("Jane Editor-Smith", "Jane Editor-Smith"),
    ("أحمد الشمري، سارة علي", "أحمد الشمري; سارة علي"), ("Reuters", "Reuters"), ("编辑部", "编辑部"),
])
def test_a_role_printed_with_a_name_is_no_author(found, expected):
    assert authors(found) == expected


def test_an_e_mail_address_and_the_line_under_a_name_are_no_part_of_it():
    """trafilatura reads "rdelgado@riverbendpost.com" as the author "Rdelgado Com", and runs the line under a name
    into it ("Ann Lee<br>Courts and Crime Reporter")."""
    page = '<div class="byline">By Rick Delgado | rdelgado@riverbendpost.com | @RickDelgadoRP</div>'
    assert authors("Rick Delgado; Rdelgado Com", page) == "Rick Delgado"
    page = '<div class="byline">By Ann Lee<br>Courts and Crime Reporter</div>'
    assert authors("Ann Lee Courts; Crime Reporter", page) == "Ann Lee"
    # a name of three words the page prints whole stays, <br> or not
    assert authors("Ann Lee Courts", '<p class="byline">By Ann Lee Courts</p><p>One<br>two</p>') == "Ann Lee Courts"


@pytest.mark.parametrize("found, page, expected", [
    ("Par Claire Dubois et Marc Petit", "", "Claire Dubois; Marc Petit"),
    ("Por María López y Juan Pérez", "", "María López; Juan Pérez"),
    ("Door Pieter de Vries en Sanne Bakker", "", "Pieter de Vries; Sanne Bakker"),
    ("Ana Souza e João Lima", "", "Ana Souza; João Lima"),
    ("Anna Berg och Erik Lund", "", "Anna Berg; Erik Lund"),
    ("Ann Lee y Bo Park y Cy Young", "", "Ann Lee; Bo Park; Cy Young"),
    # trafilatura writes "di Marco Rossi e Luca Bianchi" with capitals: the page prints the "e" small
    ("Di Marco Rossi E Luca Bianchi", '<div class="byline">di Marco Rossi e Luca Bianchi</div>',
     "Marco Rossi; Luca Bianchi"),
    # one person's names: a compound surname, a capital "E" (an initial), one word on a side
    ("José Ortega y Gasset", "", "José Ortega y Gasset"),
    ("Santiago Ramón y Cajal", "", "Santiago Ramón y Cajal"),
    ("Josep Puig i Cadafalch", "", "Josep Puig i Cadafalch"),
    ("Mary Ann E Lee Smith", "<p>By Mary Ann E. Lee Smith</p>", "Mary Ann E Lee Smith"),
    ("Le Figaro et AFP", "", "Le Figaro et AFP"),
    ("Marco Rossi E Luca Bianchi", "", "Marco Rossi E Luca Bianchi"),
])
def test_two_authors_joined_by_and_in_their_language_are_two(found, page, expected):
    assert authors(found, page) == expected


ARTICLE = "".join(f"<p>The county board approved the new emergency dispatch centre on Tuesday, paragraph {n}, after "
                  f"months of debate about its cost, its staff and the site beside the fire station.</p>"
                  for n in range(8))


@pytest.mark.parametrize("byline, expected", [
    ("By Ann Lee, Senior Staff Writer", "Ann Lee"),
    ("By Ann Lee<br>Courts and Crime Reporter", "Ann Lee"),
    ("By Ann Lee and Omar Haddad, Staff Writers", "Ann Lee; Omar Haddad"),
    ("di Marco Rossi e Luca Bianchi", "Marco Rossi; Luca Bianchi"),
])
def test_an_html_pages_byline_gives_its_authors_names_alone(byline, expected):
    html = ('<html lang="en"><head><title>County approves dispatch centre</title>'
            '<meta property="article:published_time" content="2026-03-05T10:00:00-05:00"></head><body><article>'
            f'<h1>County approves dispatch centre</h1><div class="byline">{byline}</div>{ARTICLE}'
            '</article></body></html>')
    page = RawPage(text=html, kind="html", label="x.html", file_name="x.html", url="https://post.example/a")
    assert extract_page(page).author == expected


@pytest.mark.parametrize("name", ["ศิริพร แก้วมณี", "अनिल शर्मा", "সুমন দত্ত", "அருண் குமார்"])
def test_a_name_keeps_the_vowel_sign_it_ends_in(name):
    """trafilatura strips what no letter or digit ends a name with, the vowel sign or virama many scripts end a
    word in among them: "แก้วมณี" was written "แก้วมณ", "शर्मा" "शर्म"."""
    html = ('<html lang="en"><head><title>County approves dispatch centre</title>'
            '<meta property="article:published_time" content="2026-03-05T10:00:00-05:00">'
            '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
            f'"headline": "County approves dispatch centre", "author": {{"@type": "Person", "name": "{name}"}}}}'
            f'</script></head><body><article><h1>County approves dispatch centre</h1>{ARTICLE}</article></body></html>')
    page = RawPage(text=html, kind="html", label="x.html", file_name="x.html", url="https://post.example/a")
    assert extract_page(page).author == name
    assert distinct_names("अनिल शर्म", "शर्मनाक बात: अनिल शर्मा, जयपुर") == "अनिल शर्मा"   # (a longer word is another)
    # the marks of the name as the page writes it whole, not of another word that starts as its last one does
    assert distinct_names("अमित कुमार", "अमित कुमार की रिपोर्ट। कुमारी शैलजा ने कहा") == "अमित कुमार"
    assert distinct_names("अमित कुमार", "कुमारी शैलजा ने कहा। अमित कुमार, जयपुर") == "अमित कुमार"
    assert distinct_names("अनिल शर्म", '<p class="byline">अनिल&nbsp;शर्मा, जयपुर</p>') == "अनिल शर्मा"
    assert distinct_names("अनिल शर्म", "<a>अनिल</a> <a>शर्मा</a>") == "अनिल शर्मा"


DUMP_ARTICLE = (
    "The harbour council voted on Tuesday to approve a new ferry timetable that adds two early crossings on "
    "weekdays, after a debate that ran for more than three hours and drew dozens of residents to the hall.\n\n"
    "Supporters said the earlier crossings would help people who work on the mainland, while opponents warned "
    "that the extra trips would raise costs for the operator and could lead to higher fares within two years.\n\n")
DUMP_ARTICLES = {
    "fr": "Le conseil municipal a approuvé mardi le nouvel horaire des traversées, qui ajoute deux départs tôt le "
          "matin en semaine, après un débat de plus de trois heures devant des dizaines d'habitants.\n\n"
          "Les partisans estiment que ces départs aideront ceux qui travaillent sur le continent, tandis que les "
          "opposants craignent une hausse des tarifs dans les deux prochaines années.\n\n",
    "es": "El ayuntamiento aprobó el martes el nuevo horario de los transbordadores, que añade dos salidas a "
          "primera hora de la mañana entre semana, tras un debate de más de tres horas ante decenas de vecinos.\n\n"
          "Los partidarios creen que las nuevas salidas ayudarán a quienes trabajan en el continente, mientras que "
          "los críticos temen una subida de las tarifas en los próximos dos años.\n\n",
}


@pytest.mark.parametrize("line, name, language", [
    ("21 May 2026, 17:45 BST By Callum Reid, Courts Reporter", "Callum Reid", "en"),
    ("14 February 2026, 08:05 GMT By Nadia Crewe", "Nadia Crewe", "en"),
    ("09.05.2026, 06:00 Uhr Von Jonas Wehrle", "Jonas Wehrle", "en"),
    ("Publié le 15 mars 2026 à 21h30 Par Yann Le Goff", "Yann Le Goff", "fr"),
    ("12 de abril de 2026, 22:40 Por Lucía Ferrán", "Lucía Ferrán", "es"),
    ("May 21, 2026 | By Callum Reid", "Callum Reid", "en"),
])
def test_a_byline_printed_after_the_date_on_its_line_names_the_author(line, name, language):
    """A page that prints its date and its byline side by side (two inline elements) gives a dump one line of
    both: the byline after the date is read as a byline standing alone is."""
    article = DUMP_ARTICLES.get(language, DUMP_ARTICLE)
    dump = f"Harbour Gazette\nHome\nNews\nSport\n\nFerry timetable approved after long debate\n{line}\n\n{article}"
    page = RawPage(text=dump, kind="text", label="x.txt", file_name="x.txt")
    assert extract_page(page).author == name


@pytest.mark.parametrize("line", [
    "Harbour at dawn, 3 May 2026. Photo by Ann Roe",        # a picture's credit
    "On 3 May 2026 the vote was held by Ann Roe's committee after a long debate in the town hall.",
    "3 May 2026 by Ann Roe SHARE TWEET EMAIL Harbour Gazette Sports Weather",   # a dump run into one line
])
def test_a_credit_or_a_sentence_after_a_date_names_no_author(line):
    dump = f"Harbour Gazette\nHome\nNews\nSport\n\nFerry timetable approved after long debate\n{line}\n\n{DUMP_ARTICLE}"
    page = RawPage(text=dump, kind="text", label="x.txt", file_name="x.txt")
    assert extract_page(page).author == ""
