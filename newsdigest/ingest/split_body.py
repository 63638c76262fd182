"""An article body split over sibling containers of one kind, of which trafilatura read only the first.

trafilatura finds the article through a list of expressions and reads the first element one of them matches: one
container of the article's text is expected. Pages that cut their article into several containers of one class,
with an advertisement or a newsletter box between them (`div.body__inner-container` four times over), lose the
text of every container but the first; its maintainer describes the case on trafilatura's issue 488.

So the paragraphs trafilatura read are found in the page, and the kind of element that holds most of them (its tag
and first class name). Other elements of that kind in the same place in the page (the same tags and first class
names on the way up to where they meet a read one), which it left out, are read too: their paragraphs,
subheadings and list items, each container added after the block of the reading that comes before it on the page.
A container counts only where most of its paragraphs of prose are also in the text cleaner's reading of the page's
visible text (`text.extract_text`, which reads the page as a browser shows it, every container together), and only
where `MIN_UNREAD` paragraphs of prose come in so: that keeps out teaser summaries, comments and notices that
share the article's class. Measured on the development corpus's train pages: two articles cut short (0.64 and 0.66
body F1) read whole (0.98 and 1.00); no page of L3S-GN1 changed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace
from itertools import accumulate

from newsdigest.ingest import captions, rules
from newsdigest.ingest.clean import comparable, escape_markdown_inline, shifted_figures
from newsdigest.ingest.model import Block, BlockKind, Extracted
from newsdigest.scripts import word_runs

PROSE_WORDS = 12        # a paragraph of prose has this many words at least
MIN_READ = 3            # paragraphs trafilatura read in containers of one kind, at least, to name the kind
MIN_UNREAD = 3          # paragraphs of prose left out in other containers of that kind, at least, to add them
IN_SHARE = 0.5          # share of a paragraph's word triples in a reading, at least, for the reading to hold it
_KEY_CHARS = 50         # a paragraph is known by the start of its text
_MARKUP = re.compile(r"[*_\\`]")
_BLOCKS = {"p": BlockKind.PARAGRAPH, "blockquote": BlockKind.PARAGRAPH, "li": BlockKind.ITEM,
           **{f"h{level}": BlockKind.HEADING for level in range(2, 7)}}
# Elements a browser shows apart from the text around them (a line break, a block): a space between the words.
_BREAKS = frozenset({"br", "p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
                     "dt", "dd", "section", "ul", "ol", "table", "hr", "pre"})
# What a browser does not show as text (or shows as a control), and what a container holds beside its text.
_UNSHOWN = frozenset({"script", "style", "noscript", "template", "button", "select", "textarea", "svg", "iframe",
                      "figure", "figcaption", "aside", "nav", "form"})


@dataclass(frozen=True)
class Unread:
    """A container trafilatura left out: its blocks (plain text), and how many of its reading's blocks come before
    it on the page."""

    after: int
    blocks: tuple[Block, ...]

    @property
    def prose(self) -> list[str]:
        """Its paragraphs of prose."""
        return _prose(self.blocks)


def unread_containers(tree, blocks: tuple[Block, ...]) -> list[Unread]:
    """The containers of the kind and place of those holding the paragraphs of `blocks` (trafilatura's reading of
    the page parsed as `tree`) that the reading left out, in page order, each with what it holds that the reading
    does not; [] where they hold fewer than `MIN_UNREAD` paragraphs of prose."""
    if tree is None:
        return []
    texts = [_MARKUP.sub("", block.text) for block in blocks]
    prose_keys = {_key(text) for block, text in zip(blocks, texts)
                  if block.kind == BlockKind.PARAGRAPH and len(text.split()) >= PROSE_WORDS}
    if len(prose_keys) < MIN_READ:
        return []
    read = [paragraph for paragraph in tree.iter("p") if _key(paragraph.text_content()) in prose_keys]
    kind = _read_kind(read)
    if kind is None or not any(
            len(text.split()) >= PROSE_WORDS and _key(text) not in prose_keys
            for element in tree.iter(kind[0]) if _kind(element) == kind
            for text in (paragraph.text_content() for paragraph in element.iterchildren("p"))):
        return []       # (most pages: no paragraph of prose of the kind's elements left out; the rest takes longer)
    # A paragraph the reading starts the same way is one it read where most of its word triples are there too.
    reading = word_runs(" \n ".join(texts), 3)
    read = [paragraph for paragraph in read if _mostly_in(_shown_text(paragraph), reading)]
    kind = _read_kind(read)
    if kind is None:
        return []
    read_in = list(dict.fromkeys(paragraph.getparent() for paragraph in read
                                 if _kind(paragraph.getparent()) == kind))
    places = _paths_down(read_in)
    position = {element: at for at, element in enumerate(tree.iter())}
    first_read = set(read_in[0].iter())
    headlines = [position[h1] for h1 in tree.iter("h1") if h1 not in first_read]
    seen = {comparable(text) for text in texts}
    found = []
    for container in tree.iter(kind[0]):
        if _kind(container) != kind or container in places or not _in_place(container, places) \
                or _headline_between(headlines, position[read_in[0]], position[container]):
            continue
        held = []
        for block in _container_blocks(container):
            key = comparable(block.text)
            if key and key not in seen and not (len(block.text.split()) >= PROSE_WORDS
                                                and _mostly_in(block.text, reading)):
                seen.add(key)
                held.append(block)
        if _prose(held):
            found.append((container, tuple(held)))
    if sum(len(_prose(held)) for _, held in found) < MIN_UNREAD:
        return []
    return [Unread(after, held) for after, (_, held) in zip(_places(position, read_in, texts, found), found)]


def _read_kind(read: list) -> tuple[str, str] | None:
    """The kind of element (tag, first class name) that holds the most of the `read` paragraphs, `MIN_READ` at
    least; None where none does."""
    kinds = Counter(_kind(paragraph.getparent()) for paragraph in read)
    kinds.pop(None, None)
    kind, count = kinds.most_common(1)[0] if kinds else (None, 0)
    return kind if count >= MIN_READ else None


def with_unread(markup: Extracted, unread: list[Unread], cleaned: Extracted | None) -> Extracted:
    """`markup` with the `unread` containers most of whose prose the text cleaner's reading (`cleaned`) holds too,
    each after the block before it on the page, with their paragraphs that reading holds (a "Read more" teaser
    inside one stays out) and their subheadings and list items; `markup` itself where fewer than `MIN_UNREAD`
    paragraphs of prose come in so, or `cleaned` is None."""
    if cleaned is None:
        return markup
    cleaner_words = word_runs(" \n ".join(block.text for block in cleaned.blocks), 3)
    cleaner_lines = {comparable(block.text) for block in cleaned.blocks}

    def in_cleaned(block: Block) -> bool:
        if _prose([block]):
            return _mostly_in(block.text, cleaner_words)
        if block.kind != BlockKind.PARAGRAPH:    # (the cleaner leaves out many a list's short items)
            return not (rules.is_noise(block.text) or captions.is_caption(block.text))
        return comparable(block.text) in cleaner_lines     # (a short line: too few word triples to tell)

    confirmed = [(container, [block for block in container.blocks if in_cleaned(block)]) for container in unread
                 if 2 * sum(_mostly_in(text, cleaner_words) for text in container.prose) >= len(container.prose)]
    if sum(len(_prose(held)) for _, held in confirmed) < MIN_UNREAD:
        return markup
    blocks = list(markup.blocks)
    for container, held in reversed(confirmed):      # from the last, so that earlier positions still hold
        added = [replace(block, text=escape_markdown_inline(block.text)) if markup.inline_markdown else block
                 for block in held]
        at = min(container.after, len(blocks))
        blocks[at:at] = added
    return replace(markup, blocks=tuple(blocks))


def _prose(blocks) -> list[str]:
    return [block.text for block in blocks
            if block.kind == BlockKind.PARAGRAPH and len(block.text.split()) >= PROSE_WORDS]


def _places(position: dict, read_in: list, texts: list[str], found: list) -> list[int]:
    """For each container found, how many blocks of the reading come before it: those of the block elements in the
    read containers (any kind and length) that are above it on the page."""
    block_of = {}
    for index, text in enumerate(texts):
        block_of.setdefault(_key(text), index)
    read_positions = sorted((position[element], block_of[key]) for container in read_in
                            for element in container.iter(*_BLOCKS) if (key := _key(_shown_text(element))) in block_of)
    last_block = list(accumulate((index for _, index in read_positions), max))
    places = []
    for container, _ in found:
        above = bisect_left(read_positions, (position[container], -1))
        places.append(last_block[above - 1] + 1 if above else 0)
    return places


def _container_blocks(container) -> list[Block]:
    """A container's own paragraphs, subheadings and list items, in page order, as plain text (not those of a box
    inside it: a "Read more" teaser, a gallery), up to a section header ("Related coverage") and without the
    subheadings it ends with; a list item that is a link and nothing else is another page's."""
    out = []
    for element in container:
        if not isinstance(element.tag, str):
            continue
        if element.tag in ("ul", "ol"):
            out.extend(Block(BlockKind.ITEM, text) for item in element.iterchildren("li")
                       if (text := _shown_text(item)) and not _only_a_link(item, text))
        elif element.tag in _BLOCKS and (text := _shown_text(element)):
            if len(text.split()) < PROSE_WORDS and rules.is_section_header(text):
                break
            out.append(Block(_BLOCKS[element.tag], text))
    while out and out[-1].kind == BlockKind.HEADING:
        out.pop()
    return out


def _only_a_link(item, text: str) -> bool:
    return any(_shown_text(link) == text for link in item.iter("a"))


def _shown_text(element) -> str:
    """An element's text as a browser shows it: without scripts, styles and buttons, a line break or a block
    inside it a space, the figures of a superscript raised ("10⁶")."""
    parts: list[str] = []

    def walk(node) -> None:
        if not isinstance(node.tag, str) or node.tag in _UNSHOWN:
            return
        apart = node.tag in _BREAKS
        if apart:
            parts.append(" ")
        if node.tag in ("sup", "sub") and len(node) == 0:
            parts.append(shifted_figures(node.text or "", node.tag))
        else:
            parts.append(node.text or "")
            for child in node:
                walk(child)
                parts.append(child.tail or "")
        if apart:
            parts.append(" ")

    walk(element)
    return " ".join("".join(parts).split())


def _paths_down(read_in: list) -> dict:
    """For each element above a read container: the paths (tags and first class names) from it down to the read
    containers under it. A read container itself maps to None."""
    places: dict = {container: None for container in read_in}
    for container in read_in:
        path: list = []
        for ancestor in container.iterancestors():
            if ancestor in places and places[ancestor] is None:     # (another read container)
                break
            places.setdefault(ancestor, set()).add(tuple(path))
            path.append(_kind(ancestor) or ancestor.tag)
    return places


def _in_place(container, places: dict) -> bool:
    """Whether `container` stands where the read containers do: on the way up to where it meets one, the same tags
    and first class names, and no element that holds a story of its own (an `<article>`, an element declared an
    Article: the next story of an endless page repeats the article's markup)."""
    path: list = []
    for ancestor in container.iterancestors():
        if ancestor in places:
            # (inside a read container, which maps to None: read with it)
            return places[ancestor] is not None and tuple(path) in places[ancestor]
        if ancestor.tag == "article" or "Article" in (ancestor.get("itemtype") or ""):
            return False
        path.append(_kind(ancestor) or ancestor.tag)
    return False


def _headline_between(headlines: list[int], first: int, container: int) -> bool:
    """Whether a headline (`<h1>`, at the page `headlines` positions) stands between the first read container and
    `container` on the page: what follows it is another story."""
    at = bisect_left(headlines, first)
    return at < len(headlines) and headlines[at] < container


def _mostly_in(text: str, triples: set) -> bool:
    """Whether `IN_SHARE` of the word triples of `text` at least are in `triples` (False for a text of none)."""
    own = word_runs(text, 3)
    return bool(own) and len(own & triples) >= IN_SHARE * len(own)


def _kind(element) -> tuple[str, str] | None:
    """An element's tag and first class name; None for one without a class (every plain <div> is no kind)."""
    if element is None or not isinstance(element.tag, str):
        return None
    names = (element.get("class") or "").split()
    return (element.tag, names[0]) if names else None


def _key(text: str) -> str:
    return " ".join(text.split())[:_KEY_CHARS]

