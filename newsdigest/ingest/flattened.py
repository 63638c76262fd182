"""Dumps saved without their line breaks: the whole page as one line (or a few), as some scrapers store text.

The line classifier reads a page by its lines; a page run together into one line is one "line" of menus,
headline and article at once, which it can only refuse. Such a dump is cut back into lines at the ends of its
sentences (`unflatten`), so the classifier sees sentence-sized lines again, and a piece that starts with the
header of other stories ("Related Articles ...") is cut after the header, which then ends the article as it does
in a dump with its line breaks. The article's sentences are then joined back into paragraphs of a few sentences
(`rejoin_paragraphs`), since the dump no longer says where its paragraphs ended. The headline is run into the
menu above it and the first sentence below it; when the page's address is known, the words its slug spells are
cut out of that piece as a line of their own.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newsdigest.ingest import rules
from newsdigest.ingest.model import Block, BlockKind
from newsdigest.ingest.title_features import slug_words, spelled_in
from newsdigest.scripts import SENTENCE_END_MARKS

LONG_LINE = 1000            # characters: few paragraphs are longer, and a dump is mostly much shorter lines
FLATTENED_SHARE = 0.7       # a dump is run together when this share of its text sits in such lines
ONE_LINE_MIN, ONE_LINE_SENTENCES = 200, 3   # a dump that is one line this long, of this many sentences, is one too
PARAGRAPH_CHARS = 600       # sentences rejoined into paragraphs of about this length
# What the summary says of such a page: its headline and date are found far less often (the README's table)
FLATTENED_NOTE = "saved without line breaks: check its headline and date"

# The end of a sentence: . ! ? … (or the full stop of another script: `SENTENCE_END_MARKS`, then closing quotes or
# brackets) and a space before a capital, digit or quote; or a Chinese/Japanese full stop, which needs no space.
_SPACED_ENDS = "".join(mark for mark in SENTENCE_END_MARKS if mark not in "。！？")
_SENTENCE_END = re.compile(rf"[{_SPACED_ENDS}][\"'”’»)\]]?(?=\s+[\"'“‘«(\[¿¡]?(?:[^\W\d_a-zà-ÿ]|\d))|[。！？]")


def is_flattened(text: str) -> bool:
    """Whether most of the dump's text sits in lines longer than any paragraph a browser would print, or the dump
    is one line of several sentences (a brief run together: no headline line stands apart from it)."""
    lines = text.split("\n")
    total = sum(len(line) for line in lines)
    long = sum(len(line) for line in lines if len(line) > LONG_LINE)
    return total > LONG_LINE and long >= FLATTENED_SHARE * total or _one_line_of_sentences(lines)


def _one_line_of_sentences(lines: list[str]) -> bool:
    written = [line for line in lines if line.strip()]
    return len(written) == 1 and len(written[0]) > ONE_LINE_MIN and len(sentences(written[0])) >= ONE_LINE_SENTENCES


HEADLINE_SEARCH = 6         # the first pieces searched for the headline the page's address spells
SLUG_GAP = 2                # words in a row the address may leave out of its headline ("to", "the", a name)
SLUG_SHARE = 0.6            # ... of whose words the piece must hold this share (at least three)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def unflatten(text: str, url: str = "") -> str:
    """The dump with each line longer than LONG_LINE cut at its sentence ends (for a dump `is_flattened` finds
    run together); with the page's address, the headline it spells is cut out of the piece that holds it, where
    the menu above and the first sentence below were run into it."""
    out, lines = [], text.split("\n")
    longest = ONE_LINE_MIN if _one_line_of_sentences(lines) else LONG_LINE
    for line in lines:
        if len(line) > longest:
            out.extend(part for piece in sentences(line) if piece for part in _header_cut(piece))
        else:
            out.append(line)
    return "\n".join(_cut_headline(out, url))


def _cut_headline(lines: list[str], url: str) -> list[str]:
    # The address's longest segment only: its section folders (/politik/, /sport/) name menu entries too.
    segments = urlsplit(url).path.split("/") if url else []
    longest = max(segments, key=len, default="")
    slug = slug_words(f"http://host/{longest}") if longest else ()
    if not slug:
        return lines
    terms = frozenset().union(*slug)
    needed = max(3, round(SLUG_SHARE * len(slug)))
    for k, line in enumerate(lines[:HEADLINE_SEARCH]):
        span = _spelled_span(line, terms, needed)
        if span is not None:
            pieces = [line[:span[0]].strip(), line[span[0]:span[1]].strip(), line[span[1]:].strip()]
            return lines[:k] + [piece for piece in pieces if piece] + lines[k + 1:]
    return lines


def _spelled_span(line: str, terms: frozenset[str], needed: int) -> tuple[int, int] | None:
    """(start, end) of the longest run of words the address spells, allowing SLUG_GAP words in a row it does
    not, when the run holds `needed` such words or more. A word met again ends the run: a headline printed
    twice in a row is one headline."""
    best, run_start, run_end, count, gap, seen = None, None, 0, 0, 0, set()
    for word in _WORD.finditer(line):
        if spelled_in(word.group(), terms):
            key = word.group().casefold()
            if run_start is None or key in seen:
                run_start, count, seen = word.start(), 0, set()
            seen.add(key)
            run_end, count, gap = word.end(), count + 1, 0
            if count >= needed and (best is None or count > best[0]):
                best = (count, run_start, run_end)
        elif run_start is not None:
            gap += 1
            if gap > SLUG_GAP:
                run_start, count, gap, seen = None, 0, 0, set()
    if best is None:
        return None
    start, end = best[1], best[2]
    while start > 0 and line[start - 1] in _OPENING:      # the headline's own quotation marks and final ? or !
        start -= 1
    while end < len(line) and line[end] in _CLOSING:
        end += 1
    return start, end


_OPENING = "\"'„“‘«‹¿¡(["
_CLOSING = "\"'“”’»›?!…)]"


HEADER_WORDS = 4            # words at the start of a piece searched for the header of other stories


def _header_cut(piece: str) -> list[str]:
    """A piece that starts with the header of other stories or comments ("Related Articles Why breakfast
    matters ...", "Most Popular ..."), cut after the header: on its own line the header ends the article, as
    it does in a dump with its line breaks; run into the teasers under it, it was one more sentence."""
    words = piece.split()
    for count in range(min(HEADER_WORDS, len(words) - 1), 0, -1):   # the longest header: "Related Articles"
        following = words[count]
        if not following[:1].islower() and rules.is_section_header(" ".join(words[:count])):
            return [" ".join(words[:count]), " ".join(words[count:])]
    return [piece]


def sentences(line: str) -> list[str]:
    """The line's sentences, as a full stop (or a question or exclamation mark) and a capital part them."""
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
