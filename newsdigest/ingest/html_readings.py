"""An HTML page read twice, by trafilatura and by the text-dump cleaner, and the better reading kept.

trafilatura (`html.py`) reads the page's markup and metadata; the text-dump cleaner (`text.py`) reads the text a
browser would show (`html_text.visible_text`). Measured on two corpora of real pages with human-labelled
articles (`python -m evaluation.ingest [--corpus-dir evaluation/gn1]`), each is better on a different kind of page:

- pages made to today's conventions (the development corpus, 2020s; 221 of its 233 titled train pages declare an
  og:title or a JSON-LD headline): trafilatura's body F1 0.956 on the train pages, the cleaner's 0.941, and the
  declared headline is what those pages call their title;
- the L3S-GN1 news pages of 2008 (`evaluation/build_gn1.py`, development half), none of which declares a
  headline: trafilatura 0.859, the cleaner 0.934. trafilatura kept comment threads, "more news" blocks and
  sidebars, and found no article on 4% of the pages; its headline came from `<title>` and was right on 56% of
  them, the cleaner's on 80%.

So a page that declares its headline keeps trafilatura's reading. On a page that does not, the cleaner's
headline is taken (unless trafilatura's is the page's `<h1>`), and so is its body where trafilatura found more
that the cleaner left out: more than `EXTRA_SHARE` of trafilatura's words outside the cleaner's body, at least
`KEPT_SHARE` of the cleaner's words inside trafilatura's and at least `MIN_SHARED` of trafilatura's inside the
cleaner's (less is a part of the article, not a cleaner copy of it); the thresholds lie in a plateau over
0.03-0.07, 0.6-0.8 and 0.2-0.3 on both development halves. Where trafilatura finds no article at all, the
cleaner's reading is the article, with htmldate's date and the section the metadata declares. Date, outlet,
author, tags and caption otherwise stay trafilatura's and the metadata's.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date, datetime

from newsdigest.ingest.clean import comparable
from newsdigest.ingest.date_text import as_ascii_date_text
from newsdigest.ingest.dates import find_dates
from newsdigest.ingest.declared_body import with_declared_body
from newsdigest.ingest.html import extract_html
from newsdigest.ingest.html_titles import every_title_piece, headline_text
from newsdigest.ingest.html_dates import (find_publication_date, guessed, searched, with_printed_zone,
                                         with_stated_offset)
from newsdigest.ingest.html_text import visible_text
from newsdigest.ingest.model import Extracted, IngestError, PageNotRead
from newsdigest.ingest.publication_date import UPDATED_WORDS
from newsdigest.ingest.site_metadata import DeclaredTitles, declared_section, declared_titles, unwrapped_json_ld
from newsdigest.ingest.standfirst import with_standfirst
from newsdigest.ingest.split_body import unread_containers, with_unread
from newsdigest.ingest.teaser_cards import TEASER_CARDS, cards_in_reading, without_cards
from newsdigest.ingest.lines import ends_like_sentence
from newsdigest.ingest.text import SENTENCE_TITLE_UNITS, extract_text
from newsdigest.scripts import WORD_OR_IDEOGRAPH

EXTRA_SHARE = 0.05     # trafilatura's words outside the cleaner's body, above which its extra is suspect
KEPT_SHARE = 0.7       # the cleaner's words inside trafilatura's body, at least, for the two to be one article
MIN_SHARED = 0.3       # trafilatura's words inside the cleaner's body, at least: else the cleaner found a part
# As a text dump's (text.MIN_ARTICLE_UNITS): less is an error page, a paywall's or cookie wall's notice, a stub.
MIN_ARTICLE_WORDS = 25
_WORD = WORD_OR_IDEOGRAPH


def read_html(html: str, url: str = "", captured: date | datetime | None = None, saved: date | None = None
              ) -> Extracted:
    """The article of an HTML page: trafilatura's reading, the text cleaner's, or the two combined
    (`choose_reading`); raises IngestError, with trafilatura's reason, when neither finds one (and at once for a
    page too large to read, `html.MAX_BLOCKS`). `captured` and `saved` as for `text.extract_text`."""
    shown = ""    # the page's visible text, once it is needed
    html = unwrapped_json_ld(html)
    try:
        markup = extract_html(html, url)
        if (words := sum(_words(markup).values())) < MIN_ARTICLE_WORDS:   # a paywall's or a script's page?
            markup = with_declared_body(markup, html)   # (the text its data declares: declared_body.py)
            words = sum(_words(markup).values())
        if words < MIN_ARTICLE_WORDS:
            raise IngestError(f"no article found in the HTML: its main text is only {words} words")
    except PageNotRead:
        raise
    except IngestError as refused:
        shown = visible_text(html)
        try:
            text = extract_text(shown, url=url, captured=captured, saved=saved)
        except IngestError:
            raise refused from None
        published, inferred = find_publication_date(html, url, None)
        if published is not None and not guessed(published, inferred, shown, url, text.lang):
            # htmldate reads the page's metadata, which its text does not show
            text = replace(text, published=published, date_inferred_from=inferred)
        # the section the metadata declares, not a label the text shows (a menu's "Sports" above the headline)
        return replace(text, category=declared_section(html) or text.category)
    if _run_together(markup):   # trafilatura's crude reading: the cleaner's paragraphs, where it finds the article
        cleaned = _cleaner_reading(shown := visible_text(html), url, captured, saved)
        if cleaned is not None:
            markup = replace(markup, blocks=cleaned.blocks, inline_markdown=cleaned.inline_markdown)
    if markup.published is not None and guessed(markup.published, markup.date_inferred_from,
                                                 shown := visible_text(html) if searched(markup) else "", url,
                                                 markup.lang):
        markup = replace(markup, published=None, date_inferred_from="")
    cleaned: Extracted | None = None    # the text cleaner's reading, once it is needed
    read_by_cleaner = False
    from trafilatura.utils import load_html    # (loaded with trafilatura: extract_html succeeded)

    tree = load_html(html)   # parsed once for the two checks of trafilatura's reading below
    if cards_in_reading(tree, markup):   # (newsdigest.ingest.teaser_cards)
        cleaned, read_by_cleaner = _cleaner_reading(shown := shown or visible_text(html), url, captured, saved), True
        markup = without_cards(markup, _without_teaser_cards(html, url), cleaned)
    if unread := unread_containers(tree, markup.blocks):   # (newsdigest.ingest.split_body)
        if not read_by_cleaner:
            shown = shown or visible_text(html)
            cleaned, read_by_cleaner = _cleaner_reading(shown, url, captured, saved), True
        markup = with_unread(markup, unread, cleaned)
    markup = with_declared_body(markup, html, tree)   # the whole article a paywalled page declares (declared_body.py)
    declared = declared_titles(html)
    if declared.description:   # the standfirst trafilatura left out (newsdigest.ingest.standfirst)
        markup = with_standfirst(markup, declared.description, shown := shown or visible_text(html))
    if isinstance(markup.published, datetime) and markup.published.tzinfo is None:   # the zone printed beside it
        shown = shown or visible_text(html)
        markup = replace(markup, published=with_printed_zone(shown, markup.published, markup.lang))
    # (a page that declares its headline and states the day alone takes the date it prints only with a time, and is
    # read again only for that or for a byline its metadata lacks)
    date_settled = bool(declared.og or declared.json_ld) and (
        isinstance(markup.published, datetime) or markup.published is not None and not _PRINTED_TIME.search(html))
    if date_settled and markup.author:
        return markup
    shown = shown or visible_text(html)
    text = cleaned if read_by_cleaner else _cleaner_reading(shown, url, captured, saved)
    if text is None:
        return markup
    if not date_settled and (markup.published is None and text.published is not None
                             or _time_of_that_day(markup.published, text.published)
                             or _update_beside(markup.published, text.published, shown, markup.lang)):
        # the date the page prints, as the text cleaner reads it ("Publicado el 4 de marzo de 2026"), or the time
        # it prints for the day the metadata gives alone ("3. Dezember 2026, 18:45 Uhr")
        markup = replace(markup, published=text.published, date_inferred_from=text.date_inferred_from,
                         date_zone=text.date_zone)
        if (stated := with_stated_offset(html, markup.published)) is not markup.published:
            markup = replace(markup, published=stated, date_zone="")
    if not markup.author and text.author:
        markup = replace(markup, author=text.author)    # the byline the page prints, its metadata naming no one
    return markup if declared.og or declared.json_ld else choose_reading(markup, text, declared)


def _run_together(markup: Extracted) -> bool:
    """Whether trafilatura's reading is its fallback on a page where it found no main text (a photo essay told in
    figure captions, which it does not read): the page's text run into one paragraph, the headline first."""
    title = comparable(markup.title)
    return (len(markup.blocks) == 1 and bool(title)
            and comparable(markup.blocks[0].text).startswith(title + " "))


def _cleaner_reading(shown: str, url: str, captured: date | datetime | None, saved: date | None) -> Extracted | None:
    """The text cleaner's reading of the page's visible text, or None where it finds no article."""
    try:
        return extract_text(shown, url=url, captured=captured, saved=saved)
    except IngestError:
        return None


def _without_teaser_cards(html: str, url: str) -> Extracted | None:
    """trafilatura's reading of the page without its teaser cards, or None where that leaves no article."""
    try:
        return extract_html(html, url, prune=TEASER_CARDS)
    except IngestError:
        return None


# A clock time in a page's text (between tags): "18:45", "6:00 p.m.", "18h45".
_PRINTED_TIME = re.compile(r">[^<]*?(?<![\d:])(?:[01]?\d|2[0-3])[:h][0-5]\d(?![\d:])[^<]*<")


def _update_beside(day: date | datetime | None, printed: date | datetime | None, shown: str, language: str) -> bool:
    """Whether htmldate's `day` is one the page prints only as the day it was updated on, and the text cleaner read
    another day it prints (`printed`): htmldate takes the first date of a "meta" or "date" element, and a page that
    prints "Updated: May 13, 2026" above "Published: May 12, 2026" was dated by its update."""
    if day is None or printed is None or _as_day(day) == _as_day(printed):
        return False
    labels = []
    for line in shown.splitlines():
        previous_end = 0
        for found in (find_dates(line, language or None) if str(_as_day(day).day) in as_ascii_date_text(line) else ()):
            if found.day == _as_day(day):
                labels.append(bool(UPDATED_WORDS.search(line[previous_end:found.start])))
            previous_end = found.end
    return bool(labels) and all(labels)


def _as_day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _time_of_that_day(day: date | datetime | None, printed: date | datetime | None) -> bool:
    """Whether `printed` is a time on `day`, a date given without one."""
    return type(day) is date and isinstance(printed, datetime) and printed.date() == day


def choose_reading(markup: Extracted, text: Extracted, declared: DeclaredTitles) -> Extracted:
    """trafilatura's reading (`markup`) of a page that declares no headline, with the text cleaner's headline
    unless trafilatura's is the page's `<h1>`, and the cleaner's body where trafilatura's holds more that the
    cleaner left out (see the module's docstring)."""
    chosen = markup
    if text.title and comparable(markup.title) not in {comparable(h1) for h1 in declared.h1}:
        # A page that prints no headline: the cleaner's title is the lead sentence, and the <title> says better
        lead = ends_like_sentence(text.title) and len(_WORD.findall(text.title)) >= SENTENCE_TITLE_UNITS
        chosen = replace(chosen, title=lead and headline_from_title(declared.title, text.title) or text.title)
    markup_words, text_words = _words(markup), _words(text)
    common = sum((markup_words & text_words).values())
    markup_total, text_total = sum(markup_words.values()), sum(text_words.values())
    if (markup_total and text_total and MIN_SHARED <= common / markup_total < 1 - EXTRA_SHARE
            and common / text_total >= KEPT_SHARE):
        chosen = replace(chosen, blocks=text.blocks, inline_markdown=text.inline_markdown)
    elif chosen.title != markup.title:
        # trafilatura may have kept the headline it did not take as its first block: it is the title now
        headline = comparable(chosen.title)
        kept = tuple(block for block in chosen.blocks if comparable(block.text) != headline)
        chosen = replace(chosen, blocks=kept or chosen.blocks)
    return chosen


def headline_from_title(title: str, lead: str) -> str:
    """The piece of a page's `<title>` that names the article whose lead sentence is `lead`: the piece sharing the
    most words with it (two at least), or '' when none does (the title is the site's name alone)."""
    lead_words = set(_WORD.findall(lead.casefold()))
    best, most = "", 1
    for piece in every_title_piece(headline_text(title)):
        shared = len(set(_WORD.findall(piece.casefold())) & lead_words)
        if shared > most:
            best, most = piece, shared
    return best


def _words(extracted: Extracted) -> Counter:
    return Counter(word for block in extracted.blocks for word in _WORD.findall(block.text.casefold()))
