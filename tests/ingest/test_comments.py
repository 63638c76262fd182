"""Comment threads under an article are cut from the body; quotes and counts inside the article are not."""

from __future__ import annotations

import pytest

from newsdigest.ingest import lines
from newsdigest.ingest.comments import is_comment_signature, is_thread_header, thread_start
from newsdigest.ingest.text import extract_text

ARTICLE = [
    "Harbour ferry returns after the winter storms",
    "By Ana Ribeiro",
    "March 4, 2025",
    "The ferry between the two islands ran again on Tuesday morning after three weeks in which the winter storms "
    "kept every boat in the harbour, the operator said in a statement on its website.",
    "Crews spent the weekend checking the landing ramps on both sides, and the first crossing left on time with "
    "forty passengers and a lorry carrying building supplies for the school on the smaller island.",
    "The operator said it would add two evening crossings until the end of the month so that people who had been "
    "stranded on the mainland could get home, and that tickets bought for cancelled trips remain valid.",
    "Residents had asked the regional council for a second boat after the last long closure, and the council has "
    "promised to discuss the request at its next meeting in April, according to the harbour master.",
]
THREAD = [
    "3 Comments",
    "Marta Keller says:",
    "March 4, 2025 at 9:12 am",
    "Finally some good news for the islanders, who waited far too long for the council to act on this matter.",
    "Reply",
    "Tom on March 4, 2025 at 10:40 am said:",
    "A second boat has been promised for years and nothing ever happens until the next storm shows how fragile it is.",
    "Reply",
    "harbourwatcher says:",
    "March 5, 2025 at 7:03 am",
    "The evening crossings are welcome, but the timetable on the website has not been updated since January at all.",
    "Reply",
]


def body_of(lines: list[str]) -> str:
    return "\n".join(block.text for block in extract_text("\n\n".join(lines)).blocks)


@pytest.mark.parametrize("line", ["Marta Keller says:", "Modern Wife sagt:", "Tom on March 4, 2025 at 10:40 am said:",
                                  "Rating: 10 Votes", "jo wrote on 04.03.2025, 10:40:",
                                  "Submitted by jo on Tue, 03/04/2025 - 10:40",
                                  "Soumis par jo, le mardi 4 mars 2025 à 10h40"])
def test_comment_signatures(line):
    assert is_comment_signature(line)


@pytest.mark.parametrize("line", ["The minister said: we will build the second boat.", "Reply",
                                  "Residents had asked the council for a second boat, she says: " + "word " * 30])
def test_article_lines_are_not_signatures(line):
    assert not is_comment_signature(line)


def test_thread_headers_in_several_languages():
    assert all(map(is_thread_header, ["3 Comments", "3 Kommentare", "Leave a Reply", "12 réponses", "Commentaires",
                                      "7 comments:", "Reader Comments 3 Total", "10 réactions"]))
    assert not is_thread_header("Comments on the budget came from every party in the council chamber yesterday.")
    assert not is_thread_header("Comment réagissent les pêcheurs ?")     # French: "How do the fishermen react?"


def test_a_comment_thread_under_the_article_is_cut():
    body = body_of(ARTICLE + THREAD)
    assert "harbour master" in body
    assert "islanders" not in body and "timetable" not in body and "says:" not in body


def test_a_comment_forms_notes_right_under_the_article_are_no_article_text():
    form = ["Your email address will not be published. Required fields are marked *",
            "This site uses Akismet to reduce spam. Learn how your comment data is processed."]
    body = body_of(ARTICLE + form)
    assert "harbour master" in body and "published" not in body and "Akismet" not in body


def test_a_quote_introduced_inside_the_article_is_kept():
    quoted = ARTICLE[:5] + ["The harbour master said:", "We have never had a closure this long, and we have to plan for "
                            "the next one now, not when it comes.", "The mayor says:", "It is a relief for the "
                            "whole island, and especially for the children who go to school on the mainland."] \
        + ARTICLE[5:]
    body = body_of(quoted)
    assert "plan for the next one" in body and "relief for the whole island" in body and "harbour master" in body


def test_a_comment_count_next_to_the_byline_is_no_thread():
    with_count = ARTICLE[:3] + ["5 Comments"] + ARTICLE[3:]
    assert "harbour master" in body_of(with_count) and "first crossing" in body_of(with_count)


@pytest.mark.parametrize("line", ["Posted by Idris Okoye on March 4, 2025 9:12 AM",
                                  "Posted By: harbourwatcher | March 05 2025 at 07:03 AM"])
def test_posted_by_signatures(line):
    assert is_comment_signature(line)
    assert not is_comment_signature("Posted by the ministry on Tuesday, the plan was ready by 10:30 that morning.")


LONG_COMMENTS = [
    "Finally some good news for the islanders, who waited far too long for the council to act on this matter.",
    "A second boat has been promised for years and nothing ever happens until the next storm shows how fragile it is.",
    "The evening crossings are welcome, but the timetable on the website has not been updated since January at all.",
    "My mother missed two hospital appointments on the mainland because of the closure, and nobody ever called her.",
    "The crews did a fine job on the ramps; the problem is the old boat itself, which should have been replaced.",
    "I would gladly pay a little more for the tickets if it meant a second boat that runs when the weather turns.",
]


def test_a_thread_longer_than_the_article_is_not_taken_for_it():
    # Prose in every comment, more of it than the article has: the heaviest stretch of kept lines is the thread.
    thread = ["Comments"]
    for number, comment in enumerate(LONG_COMMENTS * 3):
        thread += [comment, f"Posted by reader{number} on March {4 + number % 3}, 2025 {9 + number % 3}:{10 + number} AM",
                   "Report this comment"]
    body = body_of(ARTICLE + thread)
    assert ARTICLE[3] in body and ARTICLE[-1] in body
    assert not any(comment in body for comment in LONG_COMMENTS)


def test_a_comment_widget_above_the_article_leaves_the_article_whole():
    blurb = ("Welcome to the island's own news site, where volunteers from every village report on the ferries, "
             "the schools, the council and the weather, and where readers can write to us about anything that "
             "matters to the people who live here all year round.")
    widget = ["Comments", "Posted by ann on March 3, 2025 at 9:12 AM", LONG_COMMENTS[0],
              "Posted by bo on March 3, 2025 at 9:40 AM", LONG_COMMENTS[1]]
    body = body_of([blurb] + widget + ARTICLE)
    assert ARTICLE[3] in body and ARTICLE[-1] in body



ARTICULO = [
    "El ferry vuelve a navegar tras los temporales",
    "Por Ana Ribeiro",
    "4 de marzo de 2025",
    "El ferry entre las dos islas volvió a navegar el martes por la mañana, después de tres semanas en las que los "
    "temporales de invierno mantuvieron todos los barcos en el puerto, según informó la naviera en un comunicado.",
    "Los equipos pasaron el fin de semana revisando las rampas de ambos lados, y la primera travesía salió a su hora "
    "con cuarenta pasajeros y un camión con material de obra para la escuela de la isla pequeña.",
    "La naviera añadirá dos travesías por la tarde hasta final de mes para que quienes se quedaron en tierra firme "
    "puedan volver a casa, y los billetes de los viajes cancelados siguen siendo válidos.",
]


def test_a_live_blogs_posts_stamped_with_times_counted_back_are_no_thread():
    # A "Comments" link under the lead, then posts: a name, "N hours ago", the post's sentences. A thread of comments
    # has the same shape, but taking it for one lost every post of the live blog.
    posts = ["Comments"]
    for number, (name, post) in enumerate(zip(["Ana Ribeiro", "Tom Hale", "Ana Ribeiro"], LONG_COMMENTS)):
        posts += [name, f"{number + 1} hours ago", post]
    page = lines.read_page("\n\n".join(ARTICLE + posts))
    assert thread_start(page, [True] * len(page.lines), 3) is None


def test_a_teaser_list_stamped_with_times_counted_back_is_no_thread():
    # A "Comentarios" button under the standfirst, then the article, then other stories' headlines stamped
    # "Hace 3 horas": no name over the stamps, no comment's sentence under them.
    teasers = ["Más noticias", "El puerto nuevo abrirá en verano con dos muelles más grandes", "Hace 3 horas",
               "La isla pequeña tendrá escuela nueva el próximo curso escolar", "Hace 5 horas",
               "Los pescadores piden ayudas por los días perdidos en el temporal", "Hace 12 horas"]
    page_lines = ARTICULO[:4] + ["compartir", "Comentarios"] + ARTICULO[4:] + teasers
    page = lines.read_page("\n".join(page_lines))
    assert thread_start(page, [True] * len(page.lines), 2) is None
    assert ARTICULO[-1] in body_of(page_lines)


def test_a_blogger_thread_with_its_reply_and_delete_buttons_run_together_is_cut():
    # Blogger prints "N comments:", each comment's name run into its time, and "ReplyDelete" under each.
    thread = ["3 comments:"]
    for name, comment in zip(["Marta Keller", "Tom", "harbourwatcher"], LONG_COMMENTS):
        thread += [f"{name}March 4, 2025 at 9:12 AM", comment, "ReplyDelete"]
    page = lines.read_page("\n\n".join(ARTICLE + thread))
    assert thread_start(page, [True] * len(page.lines), 3) == len(ARTICLE)
