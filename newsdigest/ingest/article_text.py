"""Article text a scraper already extracted (a record's `maintext`, `articleBody`...) -> `Extracted`.

The text is the article alone, so it is taken as it is, paragraph by paragraph (Markdown lists, tables and
subheadings included), through the same tidying as trafilatura's output (`html.markdown_blocks`), not through the
page cleaner: given the development corpus's own article texts, the page cleaner keeps a mean body F1 of 0.92 of
them (it drops short paragraphs and list items it takes for a menu), taken as they are 0.99 (train pages).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from newsdigest.ingest import lang
from newsdigest.ingest.bylines import byline_name, is_byline
from newsdigest.ingest.clean import clean_text, code_fence, comparable
from newsdigest.ingest.dates import find_dates
from newsdigest.ingest.feed_entries import decoded_text, without_feed_footer
from newsdigest.ingest.html import byline_above, fenced_pieces, markdown_blocks
from newsdigest.ingest.html_titles import title_pieces
from newsdigest.ingest.lines import ends_like_sentence
from newsdigest.ingest.model import Block, BlockKind, Extracted, IngestError
from newsdigest.ingest.page_urls import escaped_address
from newsdigest.ingest.served_instead import served_instead
from newsdigest.ingest.text import MIN_ARTICLE_UNITS
from newsdigest.markup import is_safe_url
from newsdigest.urls import is_web_url


HEADLINE_NOTE = "a headline and its link: the record holds no page (--headlines, or `ingest: headlines: true`)"
HEADLINE_LANGUAGE_WORDS = 30   # the fewest words of a headline and summary whose language is told by their words
NOTICE_TITLE_WORDS = 4         # a failed fetch's title is a notice of a few words ("Attention Required! | Cloudflare")


def extract_article_text(text: str, title: str, url: str = "", kind: str = "article", source: str = "") -> Extracted:
    """The article of a record's extracted text, under the headline the record states; `kind` "markdown" when the
    text is the Markdown a scraper wrote, whose links are kept, "headline" when it is a feed item's summary alone
    (`headline_article`, `source` its outlet).

    Paragraphs are parted by blank lines, or, in a text that has none, by line breaks: news-please's `maintext`
    and trafilatura's `text` put one paragraph on each line. A first line that is the headline (with or without
    the site's name the stated title carries: "Headline | Site") is the title, not the body's start."""
    if kind == "headline":
        return headline_article(text, title, url, source)
    markdown = kind == "markdown"
    text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n")).strip("\n")
    if "\n" in text and not re.search(r"\n[ \t]*\n", text):
        text = text.replace("\n", "\n\n")
    first, _, rest = text.partition("\n")
    if rest and comparable(first) in {comparable(piece) for piece in title_pieces(title)}:
        text = rest
    # Markdown a scraper wrote (`markdown`: Firecrawl's, crawl4ai's) keeps its links, and its pictures go (an image
    # is no text); in article text, "[log in](https://...)" is text shaped like a link, shown as written.
    if markdown:
        text = without_raw_html(_MARKDOWN_IMAGE.sub("", text), url)
        markdown = not has_unsafe_link(text)   # (else its links are written as the text they are, escaped)
        if not markdown:   # a "<" that raw HTML's removal wrote as text is one again: escaped twice, "\<" showed
            text = text.replace("\\<", "<")
    blocks = markdown_blocks(text, title, code=kind == "markdown")
    author = byline_above(text)
    while blocks and blocks[0].kind == BlockKind.PARAGRAPH and len(blocks[0].text.split()) <= HEADER_WORDS:
        first = _MARKDOWN_LINK.sub(r"\1", blocks[0].text) if markdown else blocks[0].text
        if is_byline(first):        # "By Dana Whitcombe and Lee Park" above the article
            author = author or byline_name(first)
        elif not _is_dateline(first):   # "March 4, 2025 at 10:40 p.m. EST"
            break
        blocks.pop(0)
    if not blocks:
        raise IngestError("no article found in the record's article text (only boilerplate was left)")
    words = sum(lang.word_units(block.text, lang.tokens(block.text)) for block in blocks)
    sentences = sum(units for block in blocks if (units := lang.word_units(block.text, lang.tokens(block.text)))
                    >= SENTENCE_UNITS and ends_like_sentence(block.text))
    if words < MIN_ARTICLE_UNITS and sentences < MIN_SENTENCE_UNITS:
        # as a text dump's (`text._has_article_text`): an error page, a paywall's notice, a stub ("Access Denied")
        raise IngestError(f"no article found in the record's article text: only {words:.0f} words")
    return Extracted(title=title, blocks=tuple(blocks), lang=lang.detect_language(lang.tokens(text)), url=url,
                     inline_markdown=markdown, author=author)


def headline_article(summary: str, title: str, url: str = "", source: str = "") -> Extracted:
    """A record that holds a headline and an address but no page (a feed's item; `ingest --headlines`): the headline,
    its summary as the body's one paragraph (none when it has none, or only the headline again, perhaps with its
    outlet `source` after it as a news aggregator's feed writes it: "Headline&nbsp;&nbsp;<font>Outlet</font>"), and
    a note saying so. The article page links to the original, as every article page does. A headline of a few words
    that is a bot check's or an error page's ("Just a moment...", "404 Not Found": a scraper's failed fetch) is
    refused; a headline that only begins so ("404 Not Found: how dead links eat the web") is not."""
    if len(title.split()) <= NOTICE_TITLE_WORDS and (what := served_instead(title)):
        raise IngestError(f"no article found: the headline is that of {what}, a failed fetch's record")
    summary = clean_text(feed_summary_text(without_feed_footer(summary))).strip()
    repeats = {_words(piece) for piece in (title, *title_pieces(title), f"{title} {source}")}
    same = not summary or _words(summary) in repeats   # (words alone: "Headline - Outlet" is "Headline Outlet")
    blocks = () if same else (Block(BlockKind.PARAGRAPH, summary),)
    # A headline's few words vote for the wrong stop-word list as often as not ("Quake hits port city": Estonian);
    # without a language of its own (or the record's) the article has the site's.
    words = lang.tokens(f"{title}\n{summary}")
    language = lang.detect_language(words) if len(words) >= HEADLINE_LANGUAGE_WORDS else ""
    return Extracted(title=title, blocks=blocks, lang=language, url=url, notes=(HEADLINE_NOTE,))


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def feed_summary_text(text: str) -> str:
    """A feed item's summary as one paragraph of plain text: its markup dropped (scripts and styles with their
    content; a "<" that starts no tag, as in "<1%", is text), then its character references decoded (and those
    escaped again: `feed_entries.decoded_text`)."""
    text = _MARKUP_TAG.sub(" ", _SCRIPT_OR_STYLE.sub(" ", text))   # (both scan once: an unclosed one ends the text)
    return " ".join(decoded_text(text).split())


_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_MARKUP_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?(?:-->|$)", re.DOTALL)
HEADER_WORDS = 12   # a byline or a dateline above the article is a short line
SENTENCE_UNITS, MIN_SENTENCE_UNITS = 6, 14   # a brief of a sentence or two is an article (`text._has_article_text`)


def without_raw_html(markdown: str, page_url: str = "") -> str:
    """A scraper's Markdown without the raw HTML it carried over from the page (scripts, frames and styles with their
    content; other tags leaving their text; any "<" left that could start a tag written as text) and with links to
    anything but the web and mail (javascript:, data:) turned into their text: what ingest writes is Markdown for any
    tool to read, not the page's markup. A link relative to the page ("/documents/report.pdf") is read against its
    address `page_url`, else turned into its text: on the digest it would lead into the digest's own site.
    (`has_unsafe_link` tells the links this misses, written in forms of Markdown it does not read.)"""
    return "\n".join(code_fence(text) if fenced else _prose_without_raw_html(text, page_url)
                     for text, fenced in fenced_pieces(markdown))


def _prose_without_raw_html(markdown: str, page_url: str) -> str:
    # (a block of code is shown as written, "<" and all: its "<" escaped showed the backslash)
    markdown = _RAW_HTML_TAG.sub("", _without_raw_elements(markdown))
    markdown = _TAG_START.sub(r"\\<", markdown)

    def link(found: re.Match) -> str:
        target = absolute_link(found[2], page_url) if is_safe_url(found[2]) else ""
        if not target:
            return found[1]
        start, end = found.start(2) - found.start(), found.end(2) - found.start()
        return found[0][:start] + target + found[0][end:]

    def reference(found: re.Match) -> str:   # (one that leads nowhere safe is left for has_unsafe_link)
        target = absolute_link(found[2], page_url) if is_safe_url(found[2]) else ""
        return found[1] + target if target else found[0]
    return _REFERENCE_TARGET.sub(reference, _MARKDOWN_LINK_TARGET.sub(link, markdown))


def absolute_link(target: str, page_url: str) -> str:
    """A safe link's `target` as an address that leads where it led on the page at `page_url`: a web or mail address
    as it is, a relative one read against the page's address; "" when it is relative and the address unknown."""
    if _has_scheme(target):
        return target
    return escaped_address(urljoin(page_url, target)) if is_web_url(page_url) else ""


def _has_scheme(target: str) -> bool:
    try:
        return bool(urlsplit(target).scheme)
    except ValueError:   # (a bracketed host that never closes: no address to follow)
        return False


def _without_raw_elements(markdown: str) -> str:
    """`markdown` without the script, style, frame... elements of the page and their content; of one that is never
    closed, only its tag (prose that mentions "<script>"). Each end is found with `str.find`, once per kind of
    element: a pattern that looked ahead for every opening tag took seconds on a long text that mentions one often."""
    pieces, at = [], 0
    folded = markdown.casefold()
    unclosed: set[str] = set()
    while (found := _RAW_ELEMENT_START.search(markdown, at)) is not None:
        pieces.append(markdown[at:found.start()])
        name = found[1].casefold()
        end = -1 if name in unclosed else folded.find(f"</{name}", found.end())
        if end < 0:
            unclosed.add(name)
            at = found.end()
            continue
        close = markdown.find(">", end)
        at = len(markdown) if close < 0 else close + 1
    return "".join(pieces) + markdown[at:]


def has_unsafe_link(markdown: str) -> bool:
    """Whether markdown-it reads a link, picture, autolink or reference in `markdown` whose target is not a web or
    mail address, or is relative (the forms `without_raw_html` leaves: nested brackets, titles in parentheses,
    reference links)."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark")
    parser.validateLink = lambda url: True   # (to see every link; the build's parser refuses unsafe ones)
    for token in parser.parse(markdown):
        for child in [token, *(token.children or ())]:
            target = child.attrGet("href") if child.type == "link_open" else child.attrGet("src")
            if isinstance(target, str) and not (is_safe_url(target) and _has_scheme(target)):
                return True
    return False


def _is_dateline(text: str) -> bool:
    """A line that is a date (and time) and little else."""
    found = find_dates(text)
    return bool(found) and sum(date.end - date.start for date in found) >= 0.6 * len(text.strip())


_MARKDOWN_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
# A link: its text (brackets inside it one deep: "[full [PDF] report]"), its target, a title in quotes of either kind.
_MARKDOWN_LINK_TARGET = re.compile(
    r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*<?([^()\s>]*(?:\([^()\s]*\)[^()\s>]*)*)>?"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)")
# A reference link's definition ("[1]: /documents/report.pdf"), its target read as a link's is.
_REFERENCE_TARGET = re.compile(r"(?m)^( {0,3}\[[^\[\]\n]+\]:[ \t]*<?)([^\s>]+)")
_RAW_ELEMENT_START = re.compile(r"<(script|style|iframe|object|embed|noscript|template|svg)\b[^>]*>", re.IGNORECASE)
# A tag, not an autolink ("<https://...>") nor text such as "a <b" or "x < y"
_RAW_HTML_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")
_TAG_START = re.compile(r"(?<!\\)<(?=[A-Za-z/!?])")   # what is left that a Markdown reader would take for a tag
