"""Dumps saved without their line breaks: the whole page as one line (or a few), as some scrapers store text.

The line classifier reads a page by its lines; a page run together into one line is one "line" of menus,
headline and article at once, which it can only refuse. Such a dump is cut back into lines at the ends of its
sentences (`unflatten`), so the classifier sees sentence-sized lines again; the article's sentences are then
joined back into paragraphs of a few sentences (`rejoin_paragraphs`), since the dump no longer says where its
paragraphs ended.
"""

from __future__ import annotations

import re

from newsdigest.ingest.model import Block, BlockKind

LONG_LINE = 1000            # characters: few paragraphs are longer, and a dump is mostly much shorter lines
FLATTENED_SHARE = 0.7       # a dump is run together when this share of its text sits in such lines
PARAGRAPH_CHARS = 600       # sentences rejoined into paragraphs of about this length

# The end of a sentence: . ! ? … (then closing quotes or brackets) and a space before a capital, digit or
# quote; or a Chinese/Japanese full stop, which needs no space after it.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]?(?=\s+[\"'“‘«(\[¿¡]?(?:[^\W\d_a-zà-ÿ]|\d))|[。！？]")


def is_flattened(text: str) -> bool:
    """Whether most of the dump's text sits in lines longer than any paragraph a browser would print."""
    lines = text.split("\n")
    total = sum(len(line) for line in lines)
    long = sum(len(line) for line in lines if len(line) > LONG_LINE)
    return total > LONG_LINE and long >= FLATTENED_SHARE * total


def unflatten(text: str) -> str:
    """The dump with each line longer than LONG_LINE cut at its sentence ends (for a dump `is_flattened` finds
    run together)."""
    out = []
    for line in text.split("\n"):
        if len(line) > LONG_LINE:
            out.extend(piece for piece in _sentences(line) if piece)
        else:
            out.append(line)
    return "\n".join(out)


def _sentences(line: str) -> list[str]:
    pieces, start = [], 0
    for end in _SENTENCE_END.finditer(line):
        pieces.append(line[start:end.end()].strip())
        start = end.end()
    pieces.append(line[start:].strip())
    return pieces


def rejoin_paragraphs(blocks: list[Block]) -> list[Block]:
    """Consecutive paragraphs of an unflattened dump joined into paragraphs of about PARAGRAPH_CHARS."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if (block.kind == BlockKind.PARAGRAPH and previous is not None and previous.kind == BlockKind.PARAGRAPH
                and len(previous.text) < PARAGRAPH_CHARS):
            out[-1] = Block(BlockKind.PARAGRAPH, f"{previous.text} {block.text}")
        else:
            out.append(block)
    return out
