"""HTML pages -> `Extracted` article, with trafilatura for the text and metadata and htmldate for the date.

trafilatura's Markdown output is then put through the same line rules as plain-text pages (noise, captions,
foreign-language lines, section headers, repeats), so both paths clean up the same artefacts."""

from __future__ import annotations

import functools
import re

from newsdigest.ingest import captions, rules
from newsdigest.ingest.breadcrumbs import breadcrumb_section
from newsdigest.ingest.page_tags import declared_tags
from newsdigest.ingest.page_urls import picture_url
from newsdigest.ingest.record_times import read_timestamp
from newsdigest.ingest.domains import registered_domain
from newsdigest.ingest.site_metadata import declared_titles, from_html_metadata, page_language
from newsdigest.ingest.bylines import byline_name, distinct_names, is_stamp
from newsdigest.ingest.clean import (clean_text, comparable, joiners_kept, normalise_spaces, reading_with_joiners,
                                     without_formatting_tags)
from newsdigest.ingest.dates import find_dates, is_date_line
from newsdigest.ingest.publication_date import swapped_to_url_month
from newsdigest.ingest.hidden_elements import UNREAD_XPATH
from newsdigest.ingest.html_dates import find_publication_date
from newsdigest.ingest.html_titles import choose_headline
from newsdigest.ingest.lang import tokens, word_units
from newsdigest.ingest.lines import ends_like_sentence
from newsdigest.ingest.preformatted import preformatted_as_code
from newsdigest.ingest.model import Block, BlockKind, Extracted, IngestError, PageNotRead, table_block
from newsdigest.ingest.page_furniture import is_furniture
from newsdigest.scripts import UNSPACED_LETTER

_HEADING = re.compile(r"^#{1,6}\s+")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+")
_BULLET = re.compile(r"^[-*+]\s+")
_NUMBER_MARK = re.compile(r"^(\d{1,3}[.)])\s+")
PROSE_WORDS = 25            # a paragraph of this many words is never dropped as noise or a caption
SENTENCE_WORDS = 15         # a sentence of this many words is prose, not a teaser's headline
# Block elements a page may have for trafilatura to read it. Its time grows faster than the page: 40,000 <p> took
# about 6 s, 400,000 about 10 minutes. News pages have hundreds, their menus and footers a few thousand.
MAX_BLOCKS = 30_000
_BLOCK_TAG = re.compile(r"<(?:p|div|li|tr|td|section|article|span)[\s>/]", re.IGNORECASE)
DEEPEST_READ = 250   # lxml's HTML parser reads elements up to 255 levels deep; a page that nests this deep is read again
MAX_SECTIONS = 4     # a page's category field with more names than this is a list of keywords


def extract_html(html: str, url: str = "", prune: tuple[str, ...] = ()) -> Extracted:
    """Find the article in an HTML page, leaving out the elements the XPath expressions `prune` select; raises
    IngestError when trafilatura finds no main text."""
    try:
        import trafilatura
    except ImportError as err:  # lxml >= 5.2 needs the separate lxml_html_clean package
        raise PageNotRead(f"HTML ingest needs trafilatura, which failed to load: {err}") from None
    blocks = sum(1 for _ in _BLOCK_TAG.finditer(html))
    if blocks > MAX_BLOCKS:
        raise PageNotRead(f"the HTML has {blocks:,} block elements, more than the {MAX_BLOCKS:,} an article page "
                          "has (a listing or a dump of many pages?): not read")
    document = main_text(trafilatura, html, url, prune)
    if document is None:
        raise IngestError("no article found in the HTML (no main text block)")
    declared = from_html_metadata(html)
    site_names = [name for name in (declared.name if declared else "", document.sitename or "") if name]
    titles = declared_titles(html, url)
    # (a page that declares only its site's home page as its address is stored at the address it was given, if any)
    address = titles.address or url or titles.home_address
    title = choose_headline(titles, document.title or "", site_names, registered_domain(address))
    blocks = markdown_blocks(clean_text(without_formatting_tags(document.text)), title)
    if not blocks:
        raise IngestError("no article found in the HTML (only boilerplate was left)")
    if not title:
        raise IngestError("no headline found in the HTML (no <title>, og:title or <h1>)")
    published, inferred = find_publication_date(html, url, document.date)
    # The outlet as the page's own metadata names it (og:site_name, JSON-LD publisher, application-name);
    # trafilatura's sitename can also be a Twitter handle or a piece of the title. When the metadata names no
    # outlet, the pipeline attributes the page from its title, copyright line or URL (see attribution.py).
    tags = declared_tags(html, document.tags or [], title + "\n" + "\n".join(block.text for block in blocks))
    # (a list of many names is the page's keywords, not its section: "Scott Strenfel, PG&E, ..., Business News")
    categories = [c.strip() for c in (document.categories or []) if c and c.strip() and c.count(",") < MAX_SECTIONS]
    language = document.language or page_language(html, " ".join(b.text for b in blocks))
    if published is not None:   # htmldate reads a US byline's "10/04/2016" day first, also under /2016/10/
        published = swapped_to_url_month(published, url or address, language)
    return Extracted(
        title=title,
        blocks=tuple(blocks),
        published=published, modified=read_timestamp(titles.modified) if titles.modified else None,
        date_inferred_from=inferred,
        source=clean_text(declared.name).strip() if declared else "",
        author=distinct_names(clean_text(document.author or "").strip(), html) or byline_above(document.text or ""),
        category=categories[0] if categories else breadcrumb_section(html, title, address, site_names),
        tags=tags,
        caption=first_caption(html), image=picture_url(document.image or "", document.url or url),
        lang=language,
        url=address,   # (trafilatura's own also takes <base href>: see DeclaredTitles.address)
        inline_markdown=True,
    )


SHORT_READING_WORDS = 150   # a reading shorter than this is checked against the page read whole
WHOLE_READING_FACTOR = 3    # ... which is kept when it says this many times as much


def main_text(trafilatura, html: str, url: str = "", prune: tuple[str, ...] = ()):
    """trafilatura's extraction (text and metadata) of the page without the elements `prune` selects, or None when
    it finds no main text.

    The elements the page keeps out of sight that are surely not its article go too (`hidden_elements`). Where
    the reading without them is short and the page read with them says several times as much, that reading is
    kept: an article shown by a script that those checks did not recognise (trafilatura's own pruning keeps a
    backup likewise).
    """
    html = joiners_kept(preformatted_as_code(html))
    document = _read(trafilatura, html, url, [*prune, UNREAD_XPATH])
    words = _length(document)
    if words < SHORT_READING_WORDS:
        whole = _read(trafilatura, html, url, list(prune))
        if _length(whole) > WHOLE_READING_FACTOR * max(words, 1):
            document = whole
    return reading_with_joiners(document)


def _length(document) -> float:
    """About how many words a reading's text holds (0 for none)."""
    text = (document.text or "") if document is not None else ""
    return word_units(text, tokens(text))


def _read(trafilatura, html: str, url: str, prune_xpath: list[str]):
    """One extraction by trafilatura (see `main_text`), or None.

    Where it finds no text, it is asked again in the two cases where it drops a page for something other than its
    text: lxml's HTML parser stops reading at 255 levels of nested elements, so an article below them is lost
    (the page is parsed again without that limit); and a metadata field it cannot read (a date whose UTC offset
    is +25:00) makes it discard the whole page (the text is then taken without metadata; the headline, date and
    outlet come from the page's own metadata and htmldate anyway).
    """
    options = dict(url=url or None, include_comments=False, include_formatting=True, include_tables=True,
                   include_images=False, include_links=False, output_format="python",
                   prune_xpath=prune_xpath or None)
    if _in_dense_script(html):
        options["config"] = _dense_script_config()
    document = trafilatura.bare_extraction(html, with_metadata=True, **options)
    if _has_text(document):
        return document
    unlimited = _unlimited_tree(html)
    if unlimited is not None:
        document = trafilatura.bare_extraction(unlimited, with_metadata=True, **options)
        if _has_text(document):
            return document
    # (the deep page parsed once more: trafilatura prunes the tree it is given)
    document = trafilatura.bare_extraction(_unlimited_tree(html) if unlimited is not None else html,
                                           with_metadata=False, **options)
    return document if _has_text(document) else None


# trafilatura takes a main text of fewer than 250 characters for a failure and falls back on its crude reading
# of the whole page (headline, dateline and byline run into the body as one paragraph). Chinese, Japanese and
# Korean say in 100 characters what English says in 250: a short article there is not a failure.
DENSE_SCRIPT_MIN_TEXT = 100
_TITLE = re.compile(r"<title[^>]*>([^<]{1,500})", re.IGNORECASE)


def _in_dense_script(html: str) -> bool:
    """Whether the page's <title> is written mostly in Chinese, Japanese or Korean letters."""
    found = _TITLE.search(html[:200_000])
    letters = [char for char in (found[1] if found else "") if char.isalpha()]
    return bool(letters) and 2 * sum(1 for char in letters if UNSPACED_LETTER.match(char)) >= len(letters)


@functools.lru_cache(maxsize=1)
def _dense_script_config():
    from trafilatura.settings import use_config
    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(DENSE_SCRIPT_MIN_TEXT))
    return config


def _has_text(document) -> bool:
    return document is not None and bool((document.text or "").strip())


def _unlimited_tree(html: str):
    """The page parsed as trafilatura parses it, but without lxml's limit on depth; None when there is no need
    (it nests less than `DEEPEST_READ` deep) or it cannot be parsed."""
    if html.count("<") < DEEPEST_READ:
        return None
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                                  remove_pis=True, huge_tree=True)
    try:
        tree = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.LxmlError, ValueError):
        return None
    depth = deepest = 0
    for event, _ in lxml.etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return tree if deepest >= DEEPEST_READ else None


def markdown_blocks(markdown: str, title: str, code: bool = True) -> list[Block]:
    """trafilatura Markdown -> blocks, dropping the repeated headline, noise, captions and repeats. `code`: fenced
    blocks are code (Markdown); in plain text, a "~~~" is a scene break like any other line."""
    blocks: list[Block] = []
    seen = {comparable(title)}
    entries = list(_entries(markdown, code))
    for position, (kind, line) in enumerate(entries):
        if kind == BlockKind.TABLE:
            if comparable(line.text) not in seen:
                seen.add(comparable(line.text))
                blocks.append(line)
            continue
        if kind == BlockKind.CODE:   # (as written: no noise or caption rule reads code)
            blocks.append(Block(kind, line))
            continue
        text = _NUMBER_MARK.sub("", line) if kind == BlockKind.ITEM else line   # (the rules read an item's text)
        key = comparable(text)
        if not key or key in seen:
            continue
        if rules.is_section_header(line) and blocks and not _prose_follows(entries, position):
            return _trim(_drop_leading_date(blocks))
        # trafilatura chose these paragraphs as the article: a long one is prose even when it names an app
        # store or ends like a photo credit, so the noise and caption rules only drop short ones.
        short = len(rules.words(text)) < PROSE_WORDS
        if short and (rules.is_noise(text) or captions.is_caption(text) or is_furniture(text)):
            continue
        seen.add(key)
        blocks.append(Block(kind, line))
    return _trim(_drop_leading_date(blocks))


def _entries(markdown: str, code: bool = True):
    """trafilatura Markdown as (kind, text) lines, a table as (TABLE, its Block), a fenced block of code as (CODE,
    its lines): joined as prose, a program's lines ran into one line and into the paragraph after it."""
    for text, fenced in (fenced_pieces(markdown) if code else [(markdown, False)]):
        if fenced:
            yield BlockKind.CODE, text
        else:
            yield from _prose_entries(text)


_FENCE = re.compile(r"([ ]{0,3})(`{3,}|~{3,})[^`]*")
# A fence run onto the end of the text before it: trafilatura writes a <pre> in a list item or a quote so
# ("- Step one```"), and read as text, its closing fence opened a block that took the prose after it.
_GLUED_FENCE = re.compile(r"(?m)^(.*\S)(`{3,}|~{3,})[ \t]*$")


def fenced_pieces(markdown: str) -> list[tuple[str, bool]]:
    """`markdown` as pieces of text and fenced code blocks (True), in order, each code line without the opening
    fence's indent; a fence never closed is text."""
    pieces: list[tuple[str, bool]] = []
    lines = _GLUED_FENCE.sub(lambda glued: glued[1] + "\n" + glued[2], markdown).split("\n")
    text_start, index = 0, 0
    while index < len(lines):
        opening = _FENCE.fullmatch(lines[index])
        if opening:
            indent, fence = len(opening.group(1)), opening.group(2)
            close = next((j for j in range(index + 1, len(lines))
                          if lines[j].strip().startswith(fence) and not lines[j].strip().strip(fence[0])), None)
            if close is not None:
                pieces.append(("\n".join(lines[text_start:index]), False))
                code = "\n".join(line[min(indent, len(line) - len(line.lstrip(" "))):]
                                 for line in lines[index + 1:close])
                if code.strip():
                    pieces.append((code, True))
                index = text_start = close + 1
                continue
        index += 1
    pieces.append(("\n".join(lines[text_start:]), False))
    return pieces


def _prose_entries(markdown: str):
    for chunk in re.split(r"\n\s*\n", markdown):
        table = _pipe_table(chunk)
        if table is not None:
            yield BlockKind.TABLE, table
            continue
        for raw_line in _unwrap(chunk):
            line = _strip_emphasis(normalise_spaces(raw_line))
            if _HEADING.match(line):
                yield BlockKind.HEADING, _HEADING.sub("", line).strip("* ").strip()
            elif _LIST_ITEM.match(line):   # (an ordered list's number stays, as in a text dump: `list_markers`)
                yield BlockKind.ITEM, _BULLET.sub("", _NUMBER_MARK.sub(r"\1 ", line)).strip()
            elif line.strip():
                yield BlockKind.PARAGRAPH, line.strip()


def _prose_follows(entries: list, position: int) -> bool:
    """Whether the two lines after a section header are paragraphs of prose ("More on fuel duty" over the
    article's next part): a subheading of the article, where a block of other stories lists headlines."""
    following = entries[position + 1:position + 3]
    return len(following) == 2 and all(kind == BlockKind.PARAGRAPH and len(rules.words(text)) >= SENTENCE_WORDS
                                       and ends_like_sentence(text) for kind, text in following)


def byline_above(text: str) -> str:
    """The author from a byline among the first lines of trafilatura's text, or of a record's article text ("By
    Clara Endo"), for a page whose metadata names none; `markdown_blocks` leaves the byline out of the body."""
    for line in text.splitlines()[:BYLINE_LINES]:
        if _byline(_strip_emphasis(line.strip())):
            return byline_name(_strip_emphasis(line.strip()))
    return ""


def _byline(text: str) -> bool:
    """A short line that names the author ("By Clara Endo"), not a sentence that starts with "By" ("By Sunday, the
    storm had passed.")."""
    return len(rules.words(text)) <= 10 and not ends_like_sentence(text) and bool(byline_name(text))


BYLINE_LINES = 4


def _drop_leading_date(blocks: list[Block]) -> list[Block]:
    """A dateline trafilatura glued onto the first paragraph ("March 4, 2025 A regional court...") is not prose,
    nor are the date lines and the byline before it ("By Clara Endo", "Updated ...", "Published 4 March 2026")."""
    blocks = _trim(blocks)   # (a heading above them, trimmed only after, left the date lines under it)
    while len(blocks) > 1 and blocks[0].kind == BlockKind.PARAGRAPH and _header_line(blocks[0].text):
        blocks = _trim(blocks[1:])
    if blocks and blocks[0].kind == BlockKind.PARAGRAPH:
        found = find_dates(blocks[0].text[:60])
        if found and found[0].start == 0:
            rest = blocks[0].text[found[0].end:].lstrip(" ,.|-–—:")
            if rest[:1].isupper() and len(rest) < len(blocks[0].text):
                return [Block(BlockKind.PARAGRAPH, rest)] + blocks[1:]
    return blocks


def _header_line(text: str) -> bool:
    """A line of an article's header above its first paragraph: a date or a stamp ("Uppdaterad 15.59 | Publicerad
    14.14"), a byline, or a code of a few letters or digits (an agency's "AP", a comment count "47"; not a
    dateline, "NEW DELHI:", which the article's text begins with)."""
    return len(rules.words(text)) <= 10 and (is_date_line(text, "") or is_stamp(text) or _byline(text)) \
        or len(text) <= 5 and text.isalnum()


def _strip_emphasis(line: str) -> str:
    """Drop Markdown bold/italic markers trafilatura adds ("**Read more:** ..."); the body keeps plain text."""
    return re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)


_PIPE = re.compile(r"(?<!\\)\|")
_RULE_CELL = re.compile(r":?-{3,}:?")


def _pipe_table(chunk: str) -> Block | None:
    """A chunk that is all table rows ("| a | b |", trafilatura's Markdown tables), as a table block."""
    lines = [line.strip() for line in chunk.split("\n") if line.strip()]
    if len(lines) < 2 or not all(line.startswith("|") and line.endswith("|") for line in lines):
        return None
    rows = []
    for line in lines:
        cells = [_strip_emphasis(cell.replace("\\|", "|")).strip() for cell in _PIPE.split(line[1:-1])]
        if not all(_RULE_CELL.fullmatch(cell) for cell in cells):
            rows.append(cells)
    return table_block(rows)


def _unwrap(chunk: str) -> list[str]:
    """A Markdown chunk as logical lines: list items and headings stay separate, wrapped prose is joined."""
    lines = chunk.split("\n")
    if any(_HEADING.match(l.strip()) or _LIST_ITEM.match(l.strip()) for l in lines):
        return lines
    return [" ".join(l.strip() for l in lines)]


def _trim(blocks: list[Block]) -> list[Block]:
    """Without headings at either end; a "heading" that is a sentence of `SENTENCE_WORDS` or more is the lead a page
    set in bold (as a heading to trafilatura), a paragraph (a question is a headline's shape: another headline)."""
    while blocks and blocks[-1].kind == BlockKind.HEADING:
        blocks.pop()
    while blocks and blocks[0].kind == BlockKind.HEADING:
        lead = blocks[0].text
        if len(rules.words(lead)) >= SENTENCE_WORDS and ends_like_sentence(lead) and not lead.endswith("?"):
            return [Block(BlockKind.PARAGRAPH, lead), *blocks[1:]]
        blocks.pop(0)
    return blocks


def first_caption(html: str) -> str:
    """The text of the page's first <figcaption> that is a caption, if any: not a byline or a date ("Von Eileen
    Wagner 10.09.2025, 09:53 Uhr": some sites put the author's box in a figure), nor a single word."""
    try:
        from lxml import html as lxml_html
        tree = lxml_html.fromstring(html)
    except (ValueError, TypeError, ImportError, Exception):  # lxml raises ParserError on empty documents
        return ""
    for node in tree.iter("figcaption"):
        text = normalise_spaces(clean_text(node.text_content()))
        if word_units(text, tokens(text)) >= 2 and not _byline(text) and not is_date_line(text, ""):
            return text
    return ""
