"""The article's text a page declares in its data, taken where the page shows only its start.

A paywalled page shows a paragraph or two and keeps the whole article in its JSON-LD (`articleBody` of its
NewsArticle), for search engines; a page a script writes (Next.js) shows little more than its headline and keeps
the article in its `__NEXT_DATA__` JSON. Mature extractors read such declared text too. It is taken here only
where trafilatura's reading is much shorter (`DECLARED_FACTOR`) and the declared text is the same article: it
starts as one of the reading's first paragraphs does (within `START_WITHIN` words), or, where the reading is too
short to be an article (`MIN_WORDS`), it is prose declared with the page's own headline (a Next.js article
object holds the headline beside its text). Many sites declare a cut or teaser `articleBody` (a sixth of the
article or less, on 12 of the 70 train pages that declare one): it is never longer than the reading, so it is
never taken; nor is one with the site's boilerplate beside a whole reading (not twice as long).

The declared text is split into paragraphs as it was written: its HTML's block elements, its line breaks, runs of
two spaces, or the sentence ends a site's template ran together with no space ("...am Montag.Die Stadt").
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from newsdigest.ingest.clean import clean_text, comparable
from newsdigest.ingest.html import markdown_blocks
from newsdigest.ingest.lines import ends_like_sentence
from newsdigest.ingest.model import BlockKind, Extracted
from newsdigest.ingest.site_metadata import ARTICLE_TYPES, json_ld_objects, parse_html
from newsdigest.scripts import WORD_OR_IDEOGRAPH

DECLARED_FACTOR = 2   # the declared text is taken where it has at least this many times the reading's words
START_WORDS = 8       # words of a paragraph's start that must be found in the declared text ...
START_WITHIN = 60     # ... that many words into it at most
READ_PARAGRAPHS = 3   # the reading's first paragraphs whose start is looked for
PROSE_SHARE = 0.6     # the share of its words in paragraphs that end like a sentence, for declared text to be prose
MIN_WORDS = 25        # the fewest words of a declared article (as a text dump's)
_MAX_DEPTH = 12       # levels of a Next.js page's data searched for its article
_WORD = WORD_OR_IDEOGRAPH
_TAG = re.compile(r"<(?:p|br|div|h[1-6]|li|blockquote)\b", re.IGNORECASE)
_NEWLINES = re.compile(r"\n\s*")   # (no "\s*" before it: tried at each space of a long run, it took quadratic time)
_TWO_SPACES = re.compile(r"(?<=\S)\s{2,}(?=\S)")
# A sentence's end run into the next one's capital: two paragraphs' text joined with nothing between them
# (the capital is checked with str.isupper: "Amazon.com" and "Node.js" are no two sentences)
_GLUED = re.compile(r"(?<=[^\W\d_]{2}[.!?])(?=[^\W\d_][^\W\d_])|(?<=[^\W\d_]{2}[.!?][\"”’»])(?=[^\W\d_][^\W\d_])")


def with_declared_body(markup: Extracted, html: str, tree=None) -> Extracted:
    """`markup` with the body the page declares (see the module's docstring) where it is the article's whole text
    and the reading only its start; `tree`, the page already parsed, where the caller has it."""
    if "articleBody" not in html and "__NEXT_DATA__" not in html:
        return markup
    tree = parse_html(html) if tree is None else tree
    if tree is None:
        return markup
    read = sum(len(_WORD.findall(block.text)) for block in markup.blocks)
    starts = [words[:START_WORDS] for block in markup.blocks[:READ_PARAGRAPHS + 1]
              if block.kind == BlockKind.PARAGRAPH and len(words := _words(block.text)) >= START_WORDS]
    for text, with_headline in _declared_texts(tree, markup.title):
        paragraphs = body_paragraphs(text)
        declared = _words(" ".join(paragraphs))
        if len(declared) < max(MIN_WORDS, DECLARED_FACTOR * read) or not _prose(paragraphs):
            continue
        if not (_starts_alike(starts, declared) or with_headline and read < MIN_WORDS):
            continue
        blocks = markdown_blocks("\n\n".join(paragraphs), markup.title, code=False)
        if blocks:
            return replace(markup, blocks=tuple(blocks), inline_markdown=False)
    return markup


def _declared_texts(tree, title: str):
    """(text, declared with the page's headline) of each article text the page declares: its JSON-LD articles'
    `articleBody`, then the longest text of the object in its Next.js data that names its headline."""
    for item, types in json_ld_objects(tree):
        if types & ARTICLE_TYPES and isinstance(item.get("articleBody"), str):
            yield item["articleBody"], comparable(str(item.get("headline") or "")) == comparable(title)
    for script in tree.xpath('//script[@id="__NEXT_DATA__"]'):
        try:
            data = json.loads(script.text_content() or "")
        except (ValueError, RecursionError):
            continue
        article = _headlined_object(data, comparable(title), 0) if comparable(title) else None
        if article is not None:
            texts = [text for text in _strings(article, 0) if comparable(text) != comparable(title)]
            if texts:
                yield max(texts, key=len), True


def _headlined_object(data, headline: str, depth: int):
    """The first object (depth first) in `data` holding a string that is `headline`, or None."""
    if depth > _MAX_DEPTH:
        return None
    values = data.values() if isinstance(data, dict) else data if isinstance(data, list) else ()
    if isinstance(data, dict) and any(isinstance(v, str) and comparable(v) == headline for v in values):
        return data
    for value in values:
        if isinstance(value, (dict, list)) and (found := _headlined_object(value, headline, depth + 1)) is not None:
            return found
    return None


def _strings(data, depth: int):
    """The strings an object holds, however deep (to `_MAX_DEPTH`), leaving out other objects with a headline of
    their own (related stories)."""
    if depth > _MAX_DEPTH:
        return
    for key, value in (data.items() if isinstance(data, dict) else enumerate(data)):
        if isinstance(value, str):
            yield value
        elif isinstance(value, (dict, list)) and not (depth and isinstance(value, dict) and (
                "headline" in value or "title" in value)):
            yield from _strings(value, depth + 1)


def body_paragraphs(text: str) -> list[str]:
    """A declared article text as its paragraphs (see the module's docstring)."""
    text = clean_text(text).strip()
    if _TAG.search(text):
        from newsdigest.ingest.html_text import visible_text

        return [line.strip() for line in visible_text(f"<html><body><div>{text}</div></body></html>").split("\n")
                if line.strip()]
    for pattern in (_NEWLINES, _TWO_SPACES):
        pieces = [piece.strip() for piece in pattern.split(text) if piece.strip()]
        if len(pieces) > 1:
            return pieces
    cuts = [0, *(found.start() for found in _GLUED.finditer(text) if text[found.start()].isupper()), len(text)]
    pieces = [text[start:end].strip() for start, end in zip(cuts, cuts[1:]) if text[start:end].strip()]
    if len(pieces) > 1:
        return pieces
    return [text] if text else []


def _words(text: str) -> list[str]:
    return [word.casefold() for word in _WORD.findall(text)]


def _prose(paragraphs: list[str]) -> bool:
    """Whether most of the words are in paragraphs that end like sentences (no list of links, no data)."""
    counts = [(len(_WORD.findall(paragraph)), ends_like_sentence(paragraph)) for paragraph in paragraphs]
    total = sum(count for count, _ in counts)
    return bool(total) and sum(count for count, sentence in counts if sentence) >= PROSE_SHARE * total


def _starts_alike(starts: list[list[str]], declared: list[str]) -> bool:
    """Whether one of the reading's first paragraphs starts within the declared text's first words."""
    head = declared[:START_WITHIN + START_WORDS]
    return any(head[at:at + len(start)] == start for start in starts for at in range(START_WITHIN + 1))

