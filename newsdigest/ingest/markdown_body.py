"""An article's blocks (`model.Block`) as the Markdown body of its content file.

Scraped plain text is escaped so that it shows as written (no link, image, emphasis or list made of it); Markdown
that HTML ingest or a scraper's record gives is kept. Lists, tables and blocks of code keep their shape.
"""

from __future__ import annotations

from itertools import groupby
from typing import Callable

from newsdigest.ingest.clean import code_fence, escape_markdown_inline, escape_markdown_start, list_markers
from newsdigest.ingest.model import BlockKind, Extracted


def body_markdown(extracted: Extracted) -> str:
    """The article's blocks as the Markdown of its content file: scraped plain text escaped so that it shows as
    written (no link, image or emphasis made of it), Markdown from HTML ingest kept."""
    inline = inline_for(extracted)
    parts = []
    markers = _item_markers(extracted.blocks)
    for position, block in enumerate(extracted.blocks):
        if block.kind == BlockKind.HEADING:
            parts.append("## " + inline(block.text))
        elif block.kind == BlockKind.ITEM:
            marker, text = markers[position]   # ("- 1. x" would be a list in a list: escaped)
            parts.append(marker + escape_markdown_start(inline(text)))
        elif block.kind == BlockKind.TABLE:
            parts.append(_markdown_table(block.rows, inline))
        elif block.kind == BlockKind.CODE:
            parts.append(code_fence(block.text))
        else:
            parts.append(paragraph_markdown(block.text, inline))
    # Consecutive list items form one list (joined block by block: a block of code may hold "- " lines of its own).
    kinds = [block.kind for block in extracted.blocks]
    text = "".join(("\n" if kinds[i - 1] == kinds[i] == BlockKind.ITEM else "\n\n") + part if i else part
                   for i, part in enumerate(parts))
    return text + "\n"


def _item_markers(blocks) -> dict[int, tuple[str, str]]:
    """Each list item's marker and text by its position, a run of consecutive items being one list."""
    markers: dict[int, tuple[str, str]] = {}
    for key, run in groupby(enumerate(blocks), key=lambda pair: pair[1].kind == BlockKind.ITEM):
        if key:
            run = list(run)
            markers.update(zip((position for position, _ in run), list_markers([block.text for _, block in run])))
    return markers


def paragraph_markdown(text: str, inline: Callable[[str], str]) -> str:
    """One paragraph's Markdown: its text through `inline` (escaped, or kept as Markdown), never a heading, quote
    or list item by its first characters."""
    return escape_markdown_start(inline(text))


def _as_is(text: str) -> str:
    return text


def inline_for(extracted: Extracted) -> Callable[[str], str]:
    """How the blocks' text becomes Markdown: escaped when it is plain text, as it is when it is Markdown already."""
    return _as_is if extracted.inline_markdown else escape_markdown_inline


def _markdown_table(rows: list[list[str]], inline: Callable[[str], str]) -> str:
    """A pipe table, its first row the header; a "|" in a cell is escaped so it stays text."""
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(inline(cell).replace("|", "\\|") for cell in cells) + " |"
    return "\n".join([line(rows[0]), "|" + "---|" * len(rows[0])] + [line(row) for row in rows[1:]])
