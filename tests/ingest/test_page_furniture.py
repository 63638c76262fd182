"""Page furniture alone on its line (pagination, a gallery's counter, an ad's label) is no article text, in a text
dump or an HTML page."""

from __future__ import annotations

import time

import pytest

from newsdigest.ingest.html import extract_html
from newsdigest.ingest.page_furniture import is_ad_label, is_furniture, is_gallery_counter, is_pagination
from newsdigest.ingest.text import extract_text

PARAGRAPHS = [
    "The town library opened its doors again on Monday after a year in which builders replaced most of the old "
    "slate roof and the wooden beams beneath it.",
    "Readers queued outside before nine o'clock, and the head librarian said more than two hundred people came in "
    "during the first hour alone.",
    "The repairs cost about 1.2 million pounds, most of it paid by a heritage grant and the rest by the council, "
    "which had delayed the work twice.",
    "Children's reading groups start again next week, and the café on the ground floor will open at the end of "
    "the month once its new kitchen is fitted.",
    "A new reading room on the top floor, under the repaired roof, will be open to students in the evenings "
    "during exam season, the council said.",
]
HEADLINE = "Library reopens after a year of repairs to its roof"


def _dump(between: list[str]) -> str:
    """A dump whose article holds `between[i]` on its own line after paragraph i."""
    parts = ["Home\nNews\nSport\n", HEADLINE, "By Tom Reilly\nMay 12, 2026"]
    for i, paragraph in enumerate(PARAGRAPHS):
        parts.append(paragraph)
        if i < len(between) and between[i]:
            parts.append(between[i])
    parts.append("Related Stories\nCouncil votes on new bus lanes\nPark café to close for winter")
    return "\n\n".join(parts) + "\n"


def _html(between: list[str]) -> str:
    article = []
    for i, paragraph in enumerate(PARAGRAPHS):
        article.append(f"<p>{paragraph}</p>")
        if i < len(between) and between[i]:
            article.append(f"<div class='x{i}'>{between[i]}</div>")
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<meta property='og:title' content='{HEADLINE}'>"
            "<meta property='article:published_time' content='2026-05-12T09:00:00+01:00'></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{HEADLINE}</h1>{''.join(article)}</article></body></html>")


def _texts(extracted) -> list[str]:
    return [block.text for block in extracted.blocks]


@pytest.mark.parametrize("line", [
    "Page 1 of 3", "Pages: 1 2 3", "Seite 1 von 2", "Strona 1 z 3", "Página 1 de 2", "Pagina 2 di 4", "Halaman: 1 2",
    "Halaman 1 2 Selanjutnya", "Sayfa 1 / 3", "Страница 1 из 5", "1 2 3 Next »", "« Previous 1 2 3 Next »",
    "1 2 3 … 9 »", "‹ 1 2 3", "1 | 2 | 3 | Weiter",
])
def test_pagination_lines(line):
    assert is_pagination(line) and is_furniture(line)


@pytest.mark.parametrize("line", [
    "Seite 3", "Page Six", "Next", "Next Post", "Previous Story", "1 2 3", "Front Page",
    "The vote was 12 to 3 on page 2 of the report.", "See page 4 of the budget for the figures",
    "30 31 1 2 3 4 5", "Strona główna",
])
def test_no_pagination(line):
    assert not is_pagination(line)


@pytest.mark.parametrize("line", ["1" * 40 + " x", "1 " * 50 + "x", "1 | " * 30 + "x"])
def test_a_long_run_of_numbers_is_refused_at_once(line):
    start = time.perf_counter()
    assert not is_furniture(line)
    assert time.perf_counter() - start < 0.05      # (read in many ways, such a line took seconds)


@pytest.mark.parametrize("lines, in_html", [
    (["Halaman: 1 2", "« 1 2 3 Next »", "", "Strona 1 z 3"], "Page 1 of 2"),    # pagination
    (["1 / 4", "Bild 3 von 8", "", "Photo 2 of 12"], "3 / 22"),                 # a gallery's counters
    (["Anzeige", "Publicité", "", "Reklama"], "Pubblicità"),                     # ads' labels
    (["विज्ञापन", "広告", "광고", "Реклама"], "Annons"),
    (["- Anzeige -", "إعلان", "[Werbung]", "PUBLICIDAD"], "Iklan"),
])
def test_furniture_between_paragraphs_is_no_article_text(lines, in_html):
    text = extract_text(_dump(lines), url="https://gazette.example/local/library")
    assert _texts(text) == PARAGRAPHS
    html = extract_html(_html(lines + [in_html]), "https://gazette.example/local/library")
    assert _texts(html) == PARAGRAPHS


@pytest.mark.parametrize("line", [
    "1 / 4", "3 / 22", "1\xa0/\xa012", "Bild 2 von 12", "Photo 3 of 8", "Image 1 of / 9", "Foto 4 de 10", "Zdjęcie 2 z 5",
    "Фото 1 из 6", "1 of 6", "Slide 7/7", "1 / 5",
])
def test_gallery_counters(line):
    assert is_gallery_counter(line) and is_furniture(line)


@pytest.mark.parametrize("line", [
    "2 / 1",            # a score: the first number is the larger
    "24/7", "245/6",    # round the clock, a cricket score
    "8/10", "4 / 5", "85/100",     # a rating out of 10, 5 or 100 (a gallery counter starts at 1)
    "0 / 5",            # a rating widget's empty count
    "16/20", "1/5", "3/4", "9/11", "2/3", "3/45",   # figures with an unspaced slash: a rating, a fraction, a name
    "3/4 cup flour", "Bild: dpa", "Photo 3", "1 / 4 / 2026", "02/12/2024",
])
def test_no_gallery_counter(line):
    assert not is_gallery_counter(line)


@pytest.mark.parametrize("line", [
    "विज्ञापन", "Anzeige", "ANZEIGE", "- Anzeige -", "[Werbung]", "Publicité", "PUBLICIDAD", "Pubblicità", "Reklama",
    "Advertisement", "広告", "광고", "Реклама", "إعلان", "Annons", "Iklan", "\\- Anzeige -",
])
def test_ad_labels(line):
    assert is_ad_label(line) and is_furniture(line)


@pytest.mark.parametrize("line", [
    "Anzeige erstattet", "Die Polizei hat Anzeige erstattet.", "Werbung für Zigaretten wird verboten",
    "- Advertising", "• Werbung", "Advertising:", "2. Publicidad",   # a list's item, a heading
    "Reklama w internecie", "広告費", "Publicité mensongère : l'enquête",
])
def test_no_ad_label(line):
    assert not is_ad_label(line)
