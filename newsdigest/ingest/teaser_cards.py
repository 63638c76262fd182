"""Cards of other stories in an HTML page, which trafilatura can take for the article, and the reading without them.

A page's "more stories" rail, story stream or gallery is made of cards: a linked headline with a line or two of
text. trafilatura reads the page's largest block of text, and where the article is short, or its own reading
comes out short and it falls back on a wider one, those cards become the article: another story's headline and
summary after each paragraph. The cards have a shape the article's own paragraphs do not (`TEASER_CARDS`), so the
page is read again without them.

The shape is not proof: a list of linked subheadings inside the article looks the same. So the reading without the
cards is kept only where what it left out is mostly absent from the text cleaner's reading of the page's visible
text (`text.extract_text`), which reads each line in its context and leaves other stories' teasers out. Measured
on the development corpus's train pages: what the cards held shared 0-5% of its word triples with the cleaner's
reading on pages with a rail of teasers, 75-99% where the "cards" were the article's own sections.
"""

from __future__ import annotations

from dataclasses import replace

from newsdigest.ingest.model import Extracted
from newsdigest.scripts import word_runs

_HEADING = "self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6"
_CARD = (f"*[string-length(normalize-space()) < 600]"
         f"[.//*[{_HEADING}][normalize-space()][.//a[@href] or ancestor::a[@href]]]")
# A paragraph of the article's prose: a rail of cards stands apart from the article, while the items of a list
# article (a gift guide's products, linked too) sit among its paragraphs.
_PROSE = "p[string-length(normalize-space()) >= 100]"
# An element of three or more children, two thirds of them cards: a short block with a linked headline. And a link
# around a headline and a summary of 80 characters or more: a card on its own. Neither with the article's prose
# beside it.
TEASER_CARDS = (
    f"//*[count(*) >= 3][count({_CARD}) * 3 >= count(*) * 2][not({_PROSE})][not(../{_PROSE})]",
    f"//a[@href][.//*[{_HEADING}][normalize-space()]]"
    f"[.//*[self::p or self::div or self::span][string-length(normalize-space()) >= 80]]"
    f"[not(../{_PROSE})][not(../../{_PROSE})]",
)
CLEANER_SHARE = 0.3   # of the left-out text's word triples in the cleaner's reading, at most, to leave it out


def cards_in_reading(tree, reading: Extracted) -> bool:
    """Whether `reading` (trafilatura's of the page parsed as `tree`) holds text of elements shaped as teaser cards
    (`TEASER_CARDS`), a run of `SHARED_WORDS` words: only then is the page worth reading again without them.
    (trafilatura often leaves a card's linked headline out and keeps its summary.)"""
    import lxml.etree

    if tree is None:
        return False
    body = word_runs(" ".join(block.text for block in reading.blocks), SHARED_WORDS)
    try:
        return any(word_runs(card.text_content(), SHARED_WORDS) & body
                   for path in TEASER_CARDS for card in tree.xpath(path))
    except lxml.etree.XPathError:
        return False


SHARED_WORDS = 8   # a run of words this long in both a card and the reading: the reading holds the card's text


def without_cards(markup: Extracted, pruned: Extracted | None, cleaned: Extracted | None) -> Extracted:
    """`markup` (trafilatura's reading) with the body of `pruned` (its reading without the cards) where the text
    that leaves out is mostly not in `cleaned` (the text cleaner's reading); `markup` itself otherwise, and when
    either other reading is missing."""
    if pruned is None or cleaned is None or not pruned.blocks:
        return markup
    kept = {block.text for block in pruned.blocks}
    left_out = word_runs(" ".join(block.text for block in markup.blocks if block.text not in kept), 3)
    if not left_out:
        return markup
    in_cleaned = len(left_out & word_runs(" \n ".join(block.text for block in cleaned.blocks), 3)) / len(left_out)
    return replace(markup, blocks=pruned.blocks) if in_cleaned < CLEANER_SHARE else markup

