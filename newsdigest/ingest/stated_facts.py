"""What a scraper record states about its page, put together with what ingest reads from the page.

A record states facts (title, date, authors, tags...: `model.StatedFacts`), which win over what was read
(`with_stated_facts`), and may state the article's text beside the page's HTML, which is read where the HTML
yields no article (`read_record_html`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from newsdigest.ingest.article_text import extract_article_text
from newsdigest.ingest.domains import registered_domain
from newsdigest.ingest.flattened import FLATTENED_NOTE
from newsdigest.ingest.html_readings import read_html
from newsdigest.ingest.html_titles import headline_text, strip_site_name
from newsdigest.ingest.model import Extracted, IngestError, PageNotRead, RawPage, StatedFacts
from newsdigest.ingest.served_instead import refuse_served_instead


def with_stated_facts(extracted: Extracted, stated: StatedFacts) -> Extracted:
    """The extracted article with what its record states put in place of what was read from the page. A stated
    title loses the site's name at either end ("Headline | Site"); a stated bare day keeps the time the page
    gives for that same day."""
    changes: dict = {}
    if stated.title:
        names = [extracted.source] if extracted.source else []   # the outlet as given, stated or found
        title = strip_site_name(headline_text(stated.title), names, registered_domain(extracted.url))
        if title:
            changes["title"] = title
    published = stated.published
    if published is not None:
        found = extracted.published
        same_day_with_time = type(published) is date and isinstance(found, datetime) and found.date() == published
        if not same_day_with_time:
            changes.update(published=published, date_inferred_from="", date_zone="")
    for name in ("author", "lang", "category", "image", "modified"):
        if getattr(stated, name):
            changes[name] = getattr(stated, name)
    if stated.tags:
        changes["tags"] = stated.tags
    notes = extracted.notes
    if "title" in changes and published is not None:   # (what a run-together dump's note asks to check is stated)
        notes = tuple(note for note in notes if note != FLATTENED_NOTE)
    if notes != extracted.notes or stated.notes:
        changes["notes"] = notes + stated.notes
    return replace(extracted, **changes) if changes else extracted


def read_record_html(page: RawPage, url: str, saved_day: date | None) -> Extracted:
    """An HTML page's article (`html_readings.read_html`); where the page yields none, or a page served instead of
    it (a bot check, an error page), and a scraper record states the article's text beside it, that text's."""
    try:
        return refuse_served_instead(read_html(page.text, url, page.fetched_at, saved_day))
    except PageNotRead:
        raise
    except IngestError as refused:
        if not page.stated_text:
            raise
        try:
            return extract_article_text(page.stated_text, page.stated.title, url)
        except IngestError:
            raise refused from None
