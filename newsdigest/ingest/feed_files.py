"""RSS and Atom feeds given to ingest: each item read as a scraper record (newsdigest.ingest.records).

A feed is how most outlets publish what is new, and a collector often keeps the feed itself. The file is decoded as
any input is (newsdigest.ingest.decoding: its declaration, else the encoding detected), then feedparser reads it
(RSS 0.9x to 2.0, RSS 1.0, Atom; malformed feeds as far as they go; HTML sanitised; no external entity fetched) and
turns each item into an entry: a title, a link, dates, authors, tags, a summary and, where the feed carries the
article, a `content` list (RSS `content:encoded`, Atom `content`). Each entry is then a scraper record like any
other: its article is its content, or, with `--headlines`, a headline with its summary when it has none.

What the feed says of all its items fills in what an item leaves out (`_record_of`: dates, language, address,
outlet), and what feeds are known to add to an item is taken out (a teaser for content, a list of other reports
for a summary); docs/ingest.md, "Feeds", lists each rule.
"""

from __future__ import annotations

import io
import json
import re
from urllib.parse import urljoin

from newsdigest.ingest.article_text import feed_summary_text
from newsdigest.ingest.domains import registered_domain
from newsdigest.ingest.feed_entries import full_text_content, without_feed_footer
from newsdigest.ingest.html_readings import MIN_ARTICLE_WORDS
from newsdigest.ingest.model import IngestError, RawPage
from newsdigest.ingest.outlet_names import compact, spellings
from newsdigest.ingest.page_urls import picture_url
from newsdigest.ingest.record_json import RecordLabel
from newsdigest.ingest.records import pages_of_records
from newsdigest.scripts import WORD_OR_IDEOGRAPH

FEED_ROOTS = ("rss", "feed", "rdf:RDF")    # RSS 0.9x and 2.0, Atom, RSS 1.0


def is_feed_root(root: str) -> bool:
    """Whether a document's root element is a feed's: one of FEED_ROOTS, an Atom or RSS root written with a
    namespace prefix as well (`<atom:feed xmlns:atom="http://www.w3.org/2005/Atom">`, which feedparser reads)."""
    return root in FEED_ROOTS or root.rpartition(":")[2] in ("rss", "feed")
PROLOG_CHARS = 65_536   # how far into a document its root element is looked for
# The pieces of a feed's title, as outlets join their name with a section's: "Outlet - World", "Outlet: Sport".
_TITLE_PIECES = re.compile(r"\s+[-–—|>»:]\s+|:\s+")
_ROOT_NAME = re.compile(r"<([A-Za-z_][\w.:-]*)")
_OUTLET_FIELDS = ("source", "site_name", "publisher")
ARTICLE_WORDS = 80   # a summary of paragraphs of this many words is the article (a teaser has a sentence or three)
_PARAGRAPH_START = re.compile(r"<p[\s>]", re.IGNORECASE)
_PARAGRAPH_GAP = re.compile(r"<br\s*/?>\s*<br|\n[ \t]*\n", re.IGNORECASE)
_CHARACTER_NUMBER = re.compile(r"&#([xX][0-9A-Fa-f]{1,8}|[0-9]{1,10});")


def root_element(text: str) -> str:
    """The name of an XML document's root element ("rss", "feed", "urlset"), or "" when the text does not start as
    XML does: after an optional byte order mark, the XML declaration, comments, processing instructions and a
    document type (with its internal subset), in any order. One pass, no backtracking: a hostile prolog of a
    thousand comments is read in linear time."""
    at, end = 0, min(len(text), PROLOG_CHARS)
    text = text[:end]
    while True:
        while at < end and text[at] in "\ufeff \t\r\n":
            at += 1
        if text.startswith("<?", at):
            at = text.find("?>", at + 2)
            closing = 2
        elif text.startswith("<!--", at):
            at = text.find("-->", at + 4)
            closing = 3
        elif text[at:at + 9].upper() == "<!DOCTYPE":
            subset, gt = text.find("[", at), text.find(">", at)
            if 0 <= subset < gt:   # an internal subset ends at "]" then ">"
                at = text.find("]", subset)
                at = text.find(">", at) if at >= 0 else -1
            else:
                at = gt
            closing = 1
        else:
            match = _ROOT_NAME.match(text, at)
            return match[1] if match else ""
        if at < 0:
            return ""
        at += closing


def read_feed(path_name: str, text: str, *, source: str = "", headlines: bool = False
              ) -> tuple[list[RawPage], list[tuple[str, str]]]:
    """The pages of a feed's items (`text`: the file decoded, newsdigest.ingest.decoding), plus (label, message)
    problems of items that hold none; IngestError when no item can be read from it. Each item is labelled
    "feed.xml:3" (its place in the feed)."""
    import feedparser   # (a few tenths of a second to import: only for a run that reads a feed)

    if "&#" in text:
        text = _CHARACTER_NUMBER.sub(_no_surrogate, text)
    try:   # the text as ingest decoded it, in UTF-8: a header's charset wins over the XML declaration's
        parsed = feedparser.parse(io.BytesIO(text.encode("utf-8")), sanitize_html=True, resolve_relative_uris=True,
                                  response_headers={"content-type": "application/xml; charset=utf-8"})
    except Exception as err:   # (feedparser's own errors on broken feeds: KeyError, TypeError...)
        raise IngestError(f"an RSS or Atom feed that cannot be read: {type(err).__name__}: {err}") from None
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise IngestError(f"an RSS or Atom feed that cannot be read: {problem}" if problem
                          else "an RSS or Atom feed with no items")
    feed = parsed.get("feed", {})
    records: list[tuple[RecordLabel, object]] = []
    pages: list[RawPage] = []
    problems: list[tuple[str, str]] = []
    cut = bool(parsed.get("bozo")) and ends_inside_item(text)
    for number, entry in enumerate(parsed.entries, start=1):
        label = RecordLabel(f"{path_name}:{number}", "")   # (the label says which item)
        if cut and number == len(parsed.entries):   # its text lost or cut short: never written as if whole
            problems.append((label.label, CUT_ITEM))
            continue
        try:
            records.append((label, _record_of(entry, feed)))
        except (KeyError, TypeError, ValueError) as err:
            problems.append((label.label, f"cannot be read ({type(err).__name__}: {err})"))
    pages_of_records(records, pages, problems, source=source, headlines=headlines)
    if parsed.get("bozo") and problems:   # items lost to a broken feed: say why, beside each
        problems.append((path_name, f"the feed is not well-formed ({parsed.get('bozo_exception')}): items may be "
                                    "missing or cut short"))
    return pages, problems


CUT_ITEM = ("cut short: the feed ends inside this item (a download cut short?); left out, a whole copy of the feed "
            "writes it")
# An item's or an entry's tag, opening or closing, with or without a namespace prefix (not RSS 1.0's <items>).
_ITEM_TAG = re.compile(r"<(/?)(?:[A-Za-z_][\w.-]*:)?(?:item|entry)(?=[\s>/])")


def ends_inside_item(text: str) -> bool:
    """Whether a feed's text ends after an item opened and before it closed: the file was cut inside it."""
    last = None
    for last in _ITEM_TAG.finditer(text):
        pass
    return last is not None and not last[1]


def _no_surrogate(reference: re.Match) -> str:
    """A character reference to half of a UTF-16 surrogate pair ("&#xD800;") as U+FFFD: it names no character a
    file can hold, and feedparser failed on the whole feed for it."""
    number = reference[1]
    value = int(number[1:], 16) if number[0] in "xX" else int(number)
    return "&#xFFFD;" if 0xD800 <= value <= 0xDFFF else reference[0]


def _record_of(entry, feed) -> dict:
    """One feedparser entry as a scraper record, with what the feed says of all its items filled in."""
    # As plain JSON values, as a scraper saves an entry (feedparser's times are struct_time: written as text); a lone
    # surrogate a character reference made ("&#xD800;") can be written nowhere: replaced.
    dumped = json.dumps(entry, default=str, ensure_ascii=False).encode("utf-8", "replace").decode("utf-8")
    record = json.loads(dumped)
    if not record.get("published") and record.get("updated"):
        record["published"] = record["updated"]   # Atom's one required time; RSS 1.0's dc:date
    if not record.get("content") and (full_text := full_text_content(record)):
        record["content"] = full_text   # an aggregator's full text beside a short <description> (yandex:full-text)
    if not record.get("content") and is_whole_article(record.get("summary")):
        # Many feeds carry the whole article in RSS's <description>, which feedparser calls the summary.
        record["content"] = [{"type": "text/html", "value": record["summary"]}]
    teaser = _teaser(record.get("content"))
    if teaser is not None:
        # Content too short for an article ("Fares will rise. Continue reading"): the item is a headline, its
        # summary that text where it has none (written with --headlines; without, the item fails saying so).
        del record["content"]
        record.setdefault("summary", teaser)
    if _is_link_list(record.get("summary")):
        record.pop("summary")   # other stories' headlines (a news aggregator's item lists its outlets' reports)
    details = [record.get("title_detail"), record.get("summary_detail"), *(record.get("content") or [])]
    language = next((item["language"] for item in details if isinstance(item, dict) and item.get("language")), "")
    if language or feed.get("language") and not record.get("content"):
        # An item's own xml:lang; the channel's <language> only for a headline, whose few words name none (a page's
        # text names its own).
        record["language"] = language or feed["language"]
    if isinstance(record.get("title_detail"), dict) and "html" in str(record["title_detail"].get("type")):
        record["title"] = feed_summary_text(str(record.get("title", "")))   # a title written as HTML, as text
    link = record.get("link")
    if isinstance(link, str) and link and not link.startswith(("http://", "https://")):
        base = feed.get("link", "")
        if isinstance(base, str) and base.startswith(("http://", "https://")):
            record["link"] = urljoin(base, link)   # an item's address relative to the site's
    if image := _item_image(record):
        record["image"] = image
    if not any(record.get(name) for name in _OUTLET_FIELDS):
        if outlet := _outlet_of(feed.get("title", ""), record.get("link", "")):
            record["site_name"] = outlet
    return record


_FIGURE_IMAGE = re.compile(r"<figure\b(?:(?!</figure).){0,2000}?<img\b[^<>]*?\ssrc\s*=\s*[\"']([^\"'<>]+)",
                           re.IGNORECASE | re.DOTALL)


def _item_image(record: dict) -> str:
    """The picture a feed states for an item (media:content of an image, an enclosure of an image), else the one of
    its article's first figure, whose caption is the article's, else its media:thumbnail unless that is stated
    narrower than `_THUMBNAIL_PIXELS` (Blogger's 72-pixel square); resolved against the item's address
    ("//img.site.com/x.jpg", "/uploads/x.jpg"); "" for none."""
    link = record.get("link") if isinstance(record.get("link"), str) else ""
    stated = [item.get("url") for item in record.get("media_content") or () if isinstance(item, dict)
              and (item.get("medium") or "image") == "image" and str(item.get("type") or "image/").startswith("image/")]
    stated += [item.get("href") for item in record.get("links") or () if isinstance(item, dict)
               and item.get("rel") == "enclosure" and str(item.get("type")).startswith("image/")]
    html = next((item.get("value") for item in record.get("content") or () if isinstance(item, dict)), "")
    if isinstance(html, str) and (figure := _FIGURE_IMAGE.search(html)):
        stated.append(figure[1])
    stated += [item.get("url") for item in record.get("media_thumbnail") or () if isinstance(item, dict)
               and not (str(item.get("width", "")).isdigit() and int(item["width"]) < _THUMBNAIL_PIXELS)]
    return next(filter(None, (picture_url(value, link) for value in stated if isinstance(value, str))), "")


_THUMBNAIL_PIXELS = 200


def is_whole_article(summary: object) -> bool:
    """Whether an item's summary is its whole article rather than a teaser: two paragraphs or more (in `<p>`, or
    parted by a blank line or `<br><br>`) of `ARTICLE_WORDS` words or more; a teaser is a sentence or three."""
    if not isinstance(summary, str):
        return False
    paragraphs = max(len(_PARAGRAPH_START.findall(summary)), len(_PARAGRAPH_GAP.findall(summary)) + 1)
    return paragraphs >= 2 and len(feed_summary_text(summary).split()) >= ARTICLE_WORDS


def _is_link_list(summary: object) -> bool:
    """Whether a summary is a list of links alone (two items or more, each with a link, and no paragraph)."""
    if not isinstance(summary, str) or "<li" not in summary.lower() or _PARAGRAPH_START.search(summary):
        return False
    items = _LIST_ITEM.split(summary)[1:]
    return len(items) >= 2 and all("<a " in item.lower() for item in items)


_LIST_ITEM = re.compile(r"<li[\s>]", re.IGNORECASE)


def _teaser(content: object) -> str | None:
    """The text of an item's content when it is shorter than any article (`MIN_ARTICLE_WORDS`), else None."""
    if not isinstance(content, list):
        return None
    values = [item.get("value") for item in content if isinstance(item, dict) and isinstance(item.get("value"), str)]
    text = feed_summary_text(without_feed_footer(values[0])) if values else ""
    return text if values and len(WORD_OR_IDEOGRAPH.findall(text)) < MIN_ARTICLE_WORDS else None


def _outlet_of(feed_title: str, link: object) -> str:
    """The piece of a feed's title that spells the whole of the domain of an item's address ("The Kestel Herald" for
    kestelherald.com), or "": a piece that only starts as the domain does ("Science" for sciencenews.com) is none."""
    domain = registered_domain(link) if isinstance(link, str) and link.startswith(("http://", "https://")) else ""
    if not domain:
        return ""
    names = {compact(domain.split(".", 1)[0]), compact(domain)} - {""}
    return next((piece for piece in _TITLE_PIECES.split(" ".join(feed_title.split()))
                 if names & (spellings(piece) | spellings(_ARTICLE.sub("", piece)))), "")


# An article a name starts with, which its domain leaves out: "The", "Le", "L'", "El", "Die", "De", "Il", "O"...
_ARTICLE = re.compile(r"^(?:(?:the|les?|la|el|los|las|il|lo|gli|der|die|das|de|het|os?|as?)\s+|l['’]\s*)",
                      re.IGNORECASE)
