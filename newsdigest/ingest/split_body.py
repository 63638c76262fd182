"""An article body split over sibling containers of one kind, of which trafilatura read only the first.

trafilatura finds the article through a list of expressions and reads the first element one of them matches: one
container of the article's text is expected. Pages that cut their article into several containers of one class,
with an advertisement or a newsletter box between them (`div.body__inner-container` four times over), lose the
text of every container but the first; its maintainer describes the case on trafilatura's issue 488.

So the paragraphs trafilatura read are found in the page, and the kind of element that holds most of them (its tag
and first class name). Paragraphs of prose in other elements of that kind, which it left out, are added in page
order: where there are `MIN_UNREAD` of them at least, and each is also in the text cleaner's reading of the
page's visible text (`text.extract_text`, which reads the page as a browser shows it, every container together),
which keeps out teaser summaries that share the article's class. Measured on the development corpus's train
pages: two articles cut short (0.64 and 0.66 body F1) read whole (0.98 and 1.00); no page of L3S-GN1 changed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from itertools import accumulate
from dataclasses import dataclass, replace

from newsdigest.ingest.clean import escape_markdown_inline
from newsdigest.ingest.model import Block, BlockKind, Extracted
from newsdigest.scripts import WORD_OR_IDEOGRAPH

PROSE_WORDS = 12        # a paragraph of prose has this many words at least
MIN_READ = 3            # paragraphs trafilatura read in containers of one kind, at least, to name the kind
MIN_UNREAD = 3          # paragraphs left out in other containers of that kind, at least, to add them
IN_SHARE = 0.5          # share of a paragraph's word triples in a reading, at least, for the reading to hold it
_KEY_CHARS = 50         # a paragraph is known by the start of its text
_MARKUP = re.compile(r"[*_\\`]")


@dataclass(frozen=True)
class Unread:
    """A paragraph trafilatura left out, and how many of its reading's blocks come before it on the page."""

    after: int
    text: str


def unread_paragraphs(tree, blocks: tuple[Block, ...]) -> list[Unread]:
    """The paragraphs of prose in the containers of the kind that holds the paragraphs of `blocks` (trafilatura's
    reading of the page parsed as `tree`) that the reading left out, in page order; [] where there are fewer than
    `MIN_UNREAD`."""
    if tree is None:
        return []
    block_of = {}
    for index, block in enumerate(blocks):
        if block.kind == BlockKind.PARAGRAPH and len(block.text.split()) >= PROSE_WORDS:
            block_of.setdefault(_key(_MARKUP.sub("", block.text)), index)
    if len(block_of) < MIN_READ:
        return []
    read = {}                        # each paragraph of the page trafilatura read: the block it became
    for paragraph in tree.iter("p"):
        index = block_of.get(_key(_MARKUP.sub("", paragraph.text_content())))
        if index is not None:
            read[paragraph] = index
    kinds = Counter(_kind(paragraph.getparent()) for paragraph in read)
    kinds.pop(None, None)
    if not kinds:
        return []
    kind, count = kinds.most_common(1)[0]
    if count < MIN_READ:
        return []
    read_in = {paragraph.getparent() for paragraph in read if _kind(paragraph.getparent()) == kind}
    around_read = {ancestor for container in read_in for ancestor in container.iterancestors()}
    # (what the reading holds in another form, a paragraph it split at a line break or made a list item, is read)
    reading = _triples(" \n ".join(_MARKUP.sub("", block.text) for block in blocks))
    found = []
    for container in tree.iter(kind[0]):
        if container in read_in or container in around_read or _kind(container) != kind \
                or any(ancestor in read_in for ancestor in container.iterancestors()):
            continue
        for paragraph in container.iterchildren("p"):
            text = " ".join(paragraph.text_content().split())
            if len(text.split()) >= PROSE_WORDS and not _mostly_in(_triples(text), reading):
                found.append((paragraph, text))
    if len(found) < MIN_UNREAD:
        return []
    # Each goes after the last block (in the reading's order) of the read paragraphs above it on the page.
    position = {element: at for at, element in enumerate(tree.iter())}
    read_positions = sorted((position[paragraph], index) for paragraph, index in read.items())
    last_block = list(accumulate((index for _, index in read_positions), max))
    unread = []
    for paragraph, text in found:
        above = bisect_left(read_positions, (position[paragraph], -1))
        unread.append(Unread(last_block[above - 1] + 1 if above else 0, text))
    return unread


def with_unread(markup: Extracted, unread: list[Unread], cleaned: Extracted | None) -> Extracted:
    """`markup` with the `unread` paragraphs that the text cleaner's reading (`cleaned`) holds too, each after
    the block before it on the page; `markup` itself where fewer than `MIN_UNREAD` pass or `cleaned` is None."""
    if cleaned is None:
        return markup
    cleaner_words = _triples(" \n ".join(block.text for block in cleaned.blocks))
    confirmed = [paragraph for paragraph in unread if _mostly_in(_triples(paragraph.text), cleaner_words)]
    if len(confirmed) < MIN_UNREAD:
        return markup
    blocks = list(markup.blocks)
    for paragraph in reversed(confirmed):      # from the last, so that earlier positions still hold
        text = escape_markdown_inline(paragraph.text) if markup.inline_markdown else paragraph.text
        blocks.insert(min(paragraph.after, len(blocks)), Block(BlockKind.PARAGRAPH, text))
    return replace(markup, blocks=tuple(blocks))


def _mostly_in(triples: set, other: set) -> bool:
    """Whether `IN_SHARE` of `triples` at least are in `other` (False for none)."""
    return bool(triples) and len(triples & other) >= IN_SHARE * len(triples)


def _kind(element) -> tuple[str, str] | None:
    """An element's tag and first class name; None for one without a class (every plain <div> is no kind)."""
    if element is None or not isinstance(element.tag, str):
        return None
    names = (element.get("class") or "").split()
    return (element.tag, names[0]) if names else None


def _key(text: str) -> str:
    return " ".join(text.split())[:_KEY_CHARS]


def _triples(text: str) -> set[tuple[str, str, str]]:
    words = WORD_OR_IDEOGRAPH.findall(text.casefold())
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}
