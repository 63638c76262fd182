"""Article text a scraper already extracted (a record's `maintext`, `articleBody`...) -> `Extracted`.

The text is the article alone, so it is taken as it is, paragraph by paragraph (Markdown lists, tables and
subheadings included), through the same tidying as trafilatura's output (`html.markdown_blocks`), not through the
page cleaner: given the development corpus's own article texts, the page cleaner keeps a mean body F1 of 0.92 of
them (it drops short paragraphs and list items it takes for a menu), taken as they are 0.99 (train pages).
"""

from __future__ import annotations

import re

from newsdigest.ingest import lang
from newsdigest.ingest.clean import clean_text, comparable
from newsdigest.ingest.html import markdown_blocks, title_pieces
from newsdigest.ingest.model import Extracted, IngestError


def extract_article_text(text: str, title: str, url: str = "", markdown: bool = False) -> Extracted:
    """The article of a record's extracted text, under the headline the record states; `markdown` when the text is
    the Markdown a scraper wrote, whose links are kept.

    Paragraphs are parted by blank lines, or, in a text that has none, by line breaks: news-please's `maintext`
    and trafilatura's `text` put one paragraph on each line. A first line that is the headline (with or without
    the site's name the stated title carries: "Headline | Site") is the title, not the body's start."""
    text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n")).strip("\n")
    if "\n" in text and not re.search(r"\n[ \t]*\n", text):
        text = text.replace("\n", "\n\n")
    first, _, rest = text.partition("\n")
    if rest and comparable(first) in {comparable(piece) for piece in title_pieces(title)}:
        text = rest
    # Markdown a scraper wrote (`markdown`: Firecrawl's, crawl4ai's) keeps its links, and its pictures go (an image
    # is no text); in article text, "[log in](https://...)" is text shaped like a link, shown as written.
    if markdown:
        text = _MARKDOWN_IMAGE.sub("", text)
    blocks = markdown_blocks(text, title)
    if not blocks:
        raise IngestError("no article found in the record's article text (only boilerplate was left)")
    return Extracted(title=title, blocks=tuple(blocks), lang=lang.detect_language(lang.tokens(text)), url=url,
                     inline_markdown=markdown)


_MARKDOWN_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
