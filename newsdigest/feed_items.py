"""What a feed item says about its article or story, in every feed format: plain-text fields, the credit
(outlet or "source unknown", byline, original address), topic titles, and a story's summary and report list.

Scraped text is plain text, whatever it looks like: a title "2 < 3 and <Acme> wins" is that title. Every field
goes through `plain_field` or `clean_field` (no control characters, no runaway length) and is escaped for its
place: lxml escapes XML text and json.dumps writes JSON strings, and a field that is HTML (the RSS
<description>, the content) gets the text HTML-escaped first (`html_field`), so no markup in scraped text is
ever active there. Links are kept only when they are web addresses.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable
from html import escape
from urllib.parse import urlsplit

from feedgen.entry import FeedEntry
from feedgen.ext.dc import DcEntryExtension, DcExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from newsdigest.article import Article
from newsdigest.config import Config
from newsdigest.markup import strip_control_chars, truncate_words, with_absolute_links
from newsdigest.stories import Story
from newsdigest.topics import topic_rules
from newsdigest.urls import FeedFormat, absolute_url, named_term_url, term_feed_path
from newsdigest.wording import plural

MAX_FIELD = 100_000  # characters; a runaway scraped field must not balloon every subscriber's feed
UNKNOWN_SOURCE = "source unknown"   # what an item without a known outlet says where the outlet would be


@dataclasses.dataclass(frozen=True)
class Credit:
    """Who reported an article, as a feed item states it: the outlet (or "source unknown"), the byline,
    the original article's address and the outlet's address."""

    outlet: str        # the outlet's name, or UNKNOWN_SOURCE
    byline: str        # the author, or ""
    original: str      # the original article's address (http or https), or ""
    outlet_url: str    # the original's site (scheme://host/) when known, else "" (see `source_url`)

    @property
    def creator(self) -> str:
        """'Ann Lee (Seoul Wire)', 'Seoul Wire' or 'source unknown': the item's dc:creator."""
        return f"{self.byline} ({self.outlet})" if self.byline else self.outlet


def credit(article: Article) -> Credit:
    """The credit a feed item gives its article; a source name or address that is no web address is left out."""
    original = article.url if is_web_address(article.url) else ""
    site = ""
    if original:
        parts = urlsplit(original)
        site = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}/"
    return Credit(plain_field(article.source) or UNKNOWN_SOURCE, plain_field(article.author), original, site)


def source_url(config: Config, article: Article) -> str:
    """The RSS <source url>: the original's site when known, else this site's feed of the outlet's articles,
    else (no outlet known) this site's own address."""
    found = credit(article)
    if found.outlet_url:
        return found.outlet_url
    if plain_field(article.source):
        return absolute_url(config, term_feed_path(named_term_url(config, "source", article.source), FeedFormat.RSS))
    return config.base_url


def topic_titles(config: Config, slugs) -> list[str]:
    """Topic titles for slugs, as the site names them: the config's title, else the slug as words (as the
    site model names a topic only front matter gives)."""
    titles = {rule.slug: rule.title for rule in topic_rules(config)}
    return list(dict.fromkeys(plain_field(titles.get(slug) or slug.replace("-", " ").title()) for slug in slugs))


def story_credits(story: Story) -> list[Credit]:
    """One credit per outlet of a story, in order of first coverage (an outlet's first article gives its address);
    a report of no known outlet credits none ("source unknown" is no outlet to list among its authors)."""
    found: dict[str, Credit] = {}
    for article in story.articles:
        one = credit(article)
        if one.outlet != UNKNOWN_SOURCE:
            found.setdefault(one.outlet, one)
    return list(found.values())


def story_summary(story: Story) -> str:
    """'3 reports from Seoul Wire, Pacific Ledger and Han River Herald.' ('... and an unknown source.')"""
    names = [c.outlet for c in story_credits(story)]
    unknown = sum(1 for article in story.articles if credit(article).outlet == UNKNOWN_SOURCE)
    if unknown:
        names.append("an unknown source" if unknown == 1 else "unknown sources")
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{plural(len(story.articles), 'report')} from {listed}."


def story_html(config: Config, story: Story) -> str:
    """A story as HTML for feeds: the lead's summary, then every report with its outlet and original (absolute URLs)."""
    parts = []
    lead_summary = plain_field(story.lead.summary)
    if lead_summary:
        parts.append(f"<p>{escape(lead_summary)}</p>")
    parts.append(f"<p>{escape(story_summary(story))}</p>\n<ul>")
    for article in reversed(story.articles):  # newest report first
        found = credit(article)
        page = escape(absolute_url(config, article.page_url))
        line = (f'<a href="{page}">{escape(plain_field(article.title) or "Untitled")}</a>'
                f" – {escape(found.outlet)}, {article.date.day} {article.date:%B %Y}")
        if found.original:
            line += f' (<a href="{escape(found.original)}">original</a>)'
        parts.append(f"<li>{line}</li>")
    parts.append("</ul>")
    return "\n".join(parts)


def add_entry(feed: FeedGenerator, config: Config, item: Article | Story, *, atom: bool) -> None:
    """Add one article (or story) to `feed` as an RSS item or an Atom entry (see `fill_entry`)."""
    fill_entry(feed.add_entry(), config, item, atom=atom)


def fill_entry(entry: FeedEntry, config: Config, item: Article | Story, *, atom: bool) -> None:
    """One article (or story) as an RSS item or an Atom entry: the same link, title, summary, body, credit and
    topics, each in its format's own element (feedgen serialises a format's elements in a fixed order)."""
    if isinstance(item, Story):
        fill_story_entry(entry, config, item, atom=atom)
        return
    article = item
    link = absolute_url(config, article.page_url)
    summary = plain_field(article.summary) or plain_field(article.title) or "Untitled"
    body = full_content(config, article)
    found = credit(article)
    entry.title((plain_field if atom else rss_title)(article.title) or "Untitled")
    if atom:
        entry.id(link)
        entry.link(href=link, rel="alternate", type="text/html")  # the via link is added by _atom_with_links
        entry.published(article.date)
        entry.updated(article.modified)
        entry.summary(summary)
        if body:
            entry.content(body, type="html")  # escaped text of type html: no CDATA needed
        entry.author(atom_outlet(found))
        if found.byline:
            entry.author({"name": found.byline})
    else:
        entry.link(href=link)
        entry.guid(link, permalink=True)
        entry.pubDate(article.date)
        entry.description(html_field(summary))  # RSS 2.0: the description is HTML
        if body:  # (an empty content:encoded made readers that prefer it show a blank item: the description shows)
            # A literal "]]>" would end the CDATA section early; as HTML, "]]&gt;" reads the same.
            entry.content(body.replace("]]>", "]]&gt;"), type="CDATA")
        entry.source(url=source_url(config, article), title=found.outlet)
        entry.dc.dc_creator(found.creator)  # RSS <author> must be an e-mail address
        kind = image_type(article.image_url)
        if kind:   # RSS requires an enclosure's type and size: a size that is not known is written 0
            entry.enclosure(article.image_url, "0", kind)
    for name in topic_titles(config, article.topics):
        entry.category(term=name)


def fill_story_entry(entry: FeedEntry, config: Config, story: Story, *, atom: bool) -> None:
    """One story as an RSS item or Atom entry: its page, the lead's title, every outlet, updated as reports join."""
    link = absolute_url(config, story.url)
    credits = story_credits(story)
    entry.title((plain_field if atom else rss_title)(story.lead.title) or "Untitled")
    if atom:
        entry.id(link)
        entry.link(href=link, rel="alternate", type="text/html")
        entry.published(story.first_date)
        entry.updated(story.updated)
        entry.summary(story_summary(story))
        entry.content(story_html(config, story), type="html")
        for one in credits:
            entry.author(atom_outlet(one))
    else:
        entry.link(href=link)
        entry.guid(link, permalink=True)
        entry.pubDate(story.updated)
        entry.description(html_field(story_summary(story)))
        entry.content(story_html(config, story).replace("]]>", "]]&gt;"), type="CDATA")
        entry.source(url=source_url(config, story.lead), title=credit(story.lead).outlet)
        entry.dc.dc_creator(", ".join(one.outlet for one in credits))
    for name in topic_titles(config, dict.fromkeys(slug for a in story.articles for slug in a.topics)):
        entry.category(term=name)


def atom_outlet(found: Credit) -> dict:
    return {"name": found.outlet, "uri": found.outlet_url} if found.outlet_url else {"name": found.outlet}


class RssItems:
    """Each article's RSS <item> as serialised bytes, made once per build and spliced into every feed listing it.

    An article sits in up to a dozen RSS feeds (the site's, its topics', tags' and source's), and its item is
    the same in all of them: it depends on the article and the config only. feedgen makes the item; its bytes
    are cut from a document of that one item under an <rss> root with the same namespaces, serialised as
    feedgen serialises a feed (lxml indents an element by its depth alone), so a feed put together from them
    is byte for byte the one feedgen writes with every item added. Stories are made each time.

    `uses` (articles, once per RSS feed that will list them) lets an item go after the last feed that uses
    it, so the build never holds every item at once; without it, items are kept until the object goes. Make
    one per build: it holds the articles it was given.
    """

    def __init__(self, config: Config, uses: Iterable[Article | Story] = ()) -> None:
        self.config = config
        self._items: dict[int, tuple[Article, bytes]] = {}
        self._left = Counter(id(item) for item in uses if not isinstance(item, Story))
        self._channel = _rss_channel()

    def item(self, item: Article | Story) -> bytes:
        if isinstance(item, Story):
            return self._render(item)
        key = id(item)
        found = self._items.get(key)
        if found is None or found[0] is not item:
            found = self._items[key] = (item, self._render(item))
        left = self._left.get(key)
        if left == 1:  # its last feed
            del self._left[key], self._items[key]
        elif left:
            self._left[key] = left - 1
        return found[1]

    def _render(self, item: Article | Story) -> bytes:
        entry = FeedEntry()
        entry.register_extension("dc", DcEntryExtension, atom=True, rss=True)  # as FeedGenerator.add_entry does
        fill_entry(entry, self.config, item, atom=False)
        element = entry.rss_entry()
        self._channel.append(element)
        try:
            document = etree.tostring(self._channel.getparent(), pretty_print=True, encoding="UTF-8")
        finally:
            self._channel.remove(element)
        start = document.index(b"    <item>")
        return document[start:document.rindex(b"</item>") + len(b"</item>\n")]


def _rss_channel() -> etree._Element:
    """An empty <channel> in an <rss> root declaring the namespaces a feedgen RSS feed with Dublin Core declares."""
    namespaces = {**DcExtension().extend_ns(), "atom": "http://www.w3.org/2005/Atom",
                  "content": "http://purl.org/rss/1.0/modules/content/"}
    return etree.SubElement(etree.Element("rss", version="2.0", nsmap=namespaces), "channel")


_IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
                ".webp": "image/webp", ".avif": "image/avif", ".svg": "image/svg+xml"}


def image_type(url: str) -> str:
    """The type of a picture by its address's file name ("" when the address does not tell)."""
    path = urlsplit(url).path.lower() if url else ""
    return next((kind for ending, kind in _IMAGE_TYPES.items() if path.endswith(ending)), "")


def full_content(config: Config, article: Article) -> str | None:
    """The article HTML for feeds with `feeds.content: full`, closed by its outlet's credit; None for summary
    feeds or a runaway body."""
    if config.feeds.content != "full":
        return None
    body = with_absolute_links(_feed_safe_html(article), absolute_url(config, article.page_url))
    if len(body) > MAX_FIELD:
        return None
    return body + credit_html(article) if body.strip() else body


def credit_html(article: Article) -> str:
    """The credit closing an article's full text in a feed: a reader that shows only the text (many do) lost the
    outlet and the link to the original, which the item's other elements carry."""
    found = credit(article)
    link = f'<a href="{escape(found.original)}">' if found.original else ""
    if found.outlet == UNKNOWN_SOURCE:
        return f'\n<p class="credit">Source unknown{f" ({link}the original</a>)" if link else ""}</p>'
    return f'\n<p class="credit">Source: {link}{escape(found.outlet)}{"</a>" if link else ""}</p>'


# Article versions (file hash, body length) whose body holds nothing to clean. One article sits in several
# feeds (site, topics, tags, source): its body is checked once, and no body is kept for it (a one-shot build
# reads bodies from disk, newsdigest.body_store).
_CLEAN_BODIES: dict[tuple[str, int], None] = {}
_CLEAN_BODIES_MAX = 1 << 16


def _feed_safe_html(article: Article) -> str:
    body = article.body_html
    version = (article.file_hash, len(body))
    if article.file_hash and version in _CLEAN_BODIES:
        return body
    cleaned = strip_control_chars(body)
    if article.file_hash and cleaned == body:
        if len(_CLEAN_BODIES) >= _CLEAN_BODIES_MAX:
            _CLEAN_BODIES.clear()
        _CLEAN_BODIES[version] = None
    return cleaned


def plain_field(text: str) -> str:
    """Plain text for a one-line field (a title, an outlet, a summary): clean, on one line, and kept whole;
    `<` and `>` are text like any other character, escaped by the serialiser where the format needs it."""
    return " ".join(clean_field(text).split())


# A tag, closed or not, up to its first ">" whatever "<" comes before it (a browser's tag reads on past one:
# "<img src=x onerror=alert(1)//<>" is a tag): a reader that shows the title as HTML puts its own markup after it,
# whose ">" would close "<img src=x onerror=...".
_TAG_SHAPED = re.compile(r"<[A-Za-z!/?][^>]*(?:>|$)")


def rss_title(text: str) -> str:
    """`plain_field` for an RSS title, less runs shaped like HTML tags ("<b>", "</script>", an unclosed "<img ..."
    at the end), until none is left (taking out "<b>" must not join "<im<b>g" into a tag): RSS does not say whether
    a title is text or HTML, and some readers show it as HTML. "2 < 3" and "a<3" stay."""
    while (stripped := _TAG_SHAPED.sub(" ", text)) != text:
        text = stripped
    return plain_field(text)


def html_field(text: str) -> str:
    """Plain text for a field that feed readers show as HTML (the RSS <description>): escaped, so "a<b" stays."""
    return escape(plain_field(text), quote=False)


def is_web_address(url: str) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def clean_field(text: str) -> str:
    # lxml refuses XML-invalid characters outright.
    text = strip_control_chars(text or "")
    return truncate_words(text, MAX_FIELD) if len(text) > MAX_FIELD else text
