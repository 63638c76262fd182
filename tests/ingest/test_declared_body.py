"""The article's text a page declares (JSON-LD articleBody, a Next.js page's data) is its body where the page
shows only its start (newsdigest.ingest.declared_body)."""

from __future__ import annotations

import json

import time

import pytest

from newsdigest.ingest.declared_body import body_paragraphs
from newsdigest.ingest.html_readings import read_html
from newsdigest.ingest.model import IngestError

HEADLINE = "Harbour town opens new ferry terminal"
PARAGRAPHS = [
    "The harbour town of Westerby opened its new ferry terminal on Monday after three years of building work and "
    "a long dispute over its cost. The terminal replaces a wooden shed that had served passengers for decades.",
    "Councillors said the building would let the town take larger boats in winter, when storms often closed the "
    "old pier for days at a time. The first crossing left at seven in the morning with forty passengers on board.",
    "Local traders welcomed the opening but warned that parking near the quay remained scarce. A new car park is "
    "planned for next spring, the council said, though no contract has yet been signed.",
    "The ferry company expects passenger numbers to rise by a fifth over the next two years as the island routes "
    "grow busier in summer.",
]
OTHER = ("Schools across the county will close an hour early on Friday so that staff can attend a training day, "
         "the education office said. Parents were told by letter last week and most buses will run earlier.")


def _page(article_body: str, shown: list[str], headline: str = HEADLINE) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": headline,
            "datePublished": "2026-05-05T09:30:00+00:00", "articleBody": article_body}
    paragraphs = "".join(f"<p>{text}</p>" for text in shown)
    return (f"<html lang='en'><head><title>{HEADLINE} | Coastline Courier</title>"
            f"<meta property='og:title' content='{HEADLINE}'>"
            f"<script type='application/ld+json'>{json.dumps(data)}</script></head><body>"
            "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            f"<article><h1>{HEADLINE}</h1>{paragraphs}<div class='paywall'><p>Subscribe to keep reading.</p></div>"
            "</article></body></html>")


def _texts(html: str) -> list[str]:
    return [block.text for block in read_html(html, "https://courier.example/2026/05/05/ferry").blocks]


@pytest.mark.parametrize("separator", ["\n\n", "\n", "  ", ""])
def test_a_paywalled_pages_declared_article_body_is_its_body(separator):
    # (a site's template may run its paragraphs together with nothing between them: "...decades.Councillors")
    assert _texts(_page(separator.join(PARAGRAPHS), PARAGRAPHS[:1])) == PARAGRAPHS


def test_an_article_body_declared_as_html_is_read_by_its_paragraphs():
    body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    assert _texts(_page(body, PARAGRAPHS[:1])) == PARAGRAPHS


def test_a_teaser_or_another_articles_body_is_not_taken():
    assert _texts(_page(PARAGRAPHS[0][:120] + "...", PARAGRAPHS)) == PARAGRAPHS   # cut: shorter than the page
    other = " ".join([OTHER] * 4)
    assert _texts(_page(other, PARAGRAPHS[:2])) == PARAGRAPHS[:2]   # it starts as no paragraph shown does


def test_a_declared_body_of_no_prose_is_not_taken():
    listing = "\n".join(f"Ferry times for week {week} and the harbour fees" for week in range(40))
    assert _texts(_page(listing, PARAGRAPHS[:1])) == PARAGRAPHS[:1]


def _next_page(story: dict) -> str:
    return (f"<html lang='en'><head><title>{HEADLINE} - Bayside Post</title>"
            f"<meta property='og:title' content='{HEADLINE}'>"
            "<meta property='article:published_time' content='2026-05-05T08:00:00Z'></head><body><div id='__next'>"
            f"<main><h1>{HEADLINE}</h1><p>A new terminal for the town's island ferries.</p></main></div>"
            "<script id='__NEXT_DATA__' type='application/json'>"
            + json.dumps({"props": {"pageProps": {"story": story}}, "page": "/story/[slug]"})
            + "</script></body></html>")


def test_a_next_js_pages_article_in_its_data_is_its_body():
    story = {"id": 81, "headline": HEADLINE, "summary": "A new terminal for the town's island ferries.",
             "body": "".join(f"<p>{text}</p>" for text in PARAGRAPHS),
             "related": [{"headline": "Schools close early on Friday", "body": OTHER}]}
    assert _texts(_next_page(story))[-4:] == PARAGRAPHS


def test_a_next_js_pages_data_without_its_headline_is_not_its_article():
    story = {"id": 81, "headline": "Schools close early on Friday", "body": " ".join([OTHER] * 3)}
    with pytest.raises(IngestError):
        read_html(_next_page(story))


def test_declared_text_is_split_as_it_was_written():
    assert body_paragraphs("First one here.\n\nSecond one.") == ["First one here.", "Second one."]
    assert body_paragraphs("Er kam am Montag.Die Stadt, sagte er.") == ["Er kam am Montag.", "Die Stadt, sagte er."]
    assert body_paragraphs("The U.S. Army and e.g. Dr. Lee.") == ["The U.S. Army and e.g. Dr. Lee."]
    # a site's name with its domain is no two sentences run together; a long run of spaces is read in linear time
    assert body_paragraphs("Shares of Amazon.com rose. Node.js was updated.") == [
        "Shares of Amazon.com rose. Node.js was updated."]
    started = time.perf_counter()
    assert body_paragraphs("One" + " " * 60_000 + "two.") == ["One", "two."]
    assert time.perf_counter() - started < 1.0
    assert body_paragraphs("<p>One.</p><p>Two<br>three.</p>") == ["One.", "Two", "three."]
