"""The article's lines of a text dump as Markdown blocks: paragraphs, subheadings and list items.

Datelines, lines in another script than the page's and a copy of the headline are left out; repeated
paragraphs (pull quotes, doubled lines), paragraphs that repeat a photo caption, a quote pulled out with the name
of who said it and the author's note under the article are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdigest.ingest import rules
from newsdigest.ingest.bylines import bare_name
from newsdigest.ingest.clean import comparable
from newsdigest.ingest.consent import is_consent
from newsdigest.ingest.dates import is_date_line
from newsdigest.ingest.lang import language_script, main_script
from newsdigest.ingest.lines import Page, ends_like_sentence
from newsdigest.ingest.model import Block, BlockKind, table_block
from newsdigest.ingest.page_furniture import is_furniture
from newsdigest.ingest.text_marks import Line

# A list item's mark: a bullet and a space, a dash, a number, or the Japanese bullet "・", written without a space.
_LIST_MARK = re.compile(r"^(?:[•·▪●◦‣∙*]\s+|・\s*|(?P<dash>[–—-])\s+|(?P<number>\d{1,3})[.)]\s+)")
# A dash or a number starts as many lines that are no list item: the dash of a quotation in Scandinavian, Slavic
# and other languages ("– Vi var tydelige, sier ..."), a club's or a date's number ("1. FC Köln gewinnt ...", "1.
# Mai"). Such a mark makes an item only in a run of lines marked alike, each shorter than a paragraph.
ITEM_MAX_UNITS = 30


@dataclass
class Body:
    start: int               # first article line
    end: int                 # one past the last
    blocks: list[Block]
    prose: str               # the paragraphs' text, for weekday inference



def read_body(page: Page, lines: list[Line], keep: list[bool], start: int, end: int, title: str) -> Body:
    """The kept lines as paragraphs, subheadings and list items."""
    title_key = comparable(title)
    script = language_script(page.language)
    chosen = [i for i in range(start, end) if keep[i] and lines[i].key != title_key
              and (not lines[i].noise or page.lines[i].units >= 40) and not is_consent(page.lines[i].text)
              and not rules.is_section_header(page.lines[i].text) and not rules.is_share_bar(page.lines[i].text)
              and not is_furniture(page.lines[i].text)
              and not _dateline(page, i) and not _other_script(page.lines[i].text, script)]
    blank_separated = [page.lines[i].blank_before for i in chosen if page.lines[i].units >= 15]
    paragraphs_spaced = bool(blank_separated) and sum(blank_separated) >= 0.6 * len(blank_separated)
    blocks: list[Block] = []
    in_table: set[int] = set()
    for position, i in enumerate(chosen):
        if i in in_table:
            continue
        line = page.lines[i]
        text = line.text
        rows = _table_rows(page, chosen, position)
        if rows:
            table = table_block([list(page.lines[j].cells) for j in rows])
            if table is not None:
                blocks.append(table)
                in_table.update(rows)
                continue
        following = chosen[position + 1] if position + 1 < len(chosen) else None
        previous = chosen[position - 1] if position else None
        marked = _LIST_MARK.match(text)
        if marked and len(text) > marked.end() and _is_list_item(page, chosen, position, marked):
            # a number stays ("1. Preheat the oven"): the items' order is part of what they say
            blocks.append(Block(BlockKind.ITEM, text if marked.group("number") else text[marked.end():].strip()))
            continue
        tight_before = previous is not None and previous == i - 1 and not line.blank_before
        tight_after = following is not None and following == i + 1 and not page.lines[following].blank_before
        last_item = tight_before and blocks and blocks[-1].kind == BlockKind.ITEM   # a list's last item, no heading
        if following is not None and blocks and blocks[-1].kind != BlockKind.HEADING and not last_item \
                and _is_heading(page, i, following):
            blocks.append(Block(BlockKind.HEADING, text))
            continue
        # a short line printed tight against its neighbours is a list's item; one that introduces them is not
        if paragraphs_spaced and (tight_before or tight_after) and line.units < 30 \
                and not ends_like_sentence(text) and not text.rstrip().endswith((":", "：")):
            blocks.append(Block(BlockKind.ITEM, text))
            continue
        blocks.append(Block(BlockKind.PARAGRAPH, text))
    # The article does not end on a subheading, nor on a line that introduces something not there ("... for you:").
    while blocks and (blocks[-1].kind == BlockKind.HEADING or blocks[-1].text.rstrip().endswith((":", "："))):
        blocks.pop()
    prose = " ".join(b.text for b in blocks if b.kind == BlockKind.PARAGRAPH)
    return Body(start, end, blocks, prose)


def _is_list_item(page: Page, chosen: list[int], position: int, marked: re.Match) -> bool:
    """Whether a line with a list mark is a list item: a bullet always; a dash or a number only beside a kept line
    marked the same way, both shorter than a paragraph (see `ITEM_MAX_UNITS`)."""
    kind = "dash" if marked.group("dash") else "number" if marked.group("number") else ""
    if not kind:
        return True
    i = chosen[position]
    if page.lines[i].units >= ITEM_MAX_UNITS:
        return False
    for neighbour in (position - 1, position + 1):
        if 0 <= neighbour < len(chosen) and abs(chosen[neighbour] - i) == 1:
            other = _LIST_MARK.match(page.lines[chosen[neighbour]].text)
            if other and other.group(kind) and page.lines[chosen[neighbour]].units < ITEM_MAX_UNITS:
                return True
    return False


def _table_rows(page: Page, chosen: list[int], position: int) -> list[int]:
    """The lines of a table starting at chosen[position]: consecutive lines printed with tabs between two or
    more cells, two or more of them; [] where no table starts."""
    rows = []
    for at in range(position, len(chosen)):   # (not a slice: one per line made long pages quadratic)
        i = chosen[at]
        if len(page.lines[i].cells) < 2 or (rows and i != rows[-1] + 1):
            break
        rows.append(i)
    return rows if len(rows) >= 2 else []


def _dateline(page: Page, i: int) -> bool:
    """A short line that is mostly a date ("Jun. 5, 2025, 6:30 PM ET"): never article text."""
    line = page.lines[i]
    return line.units <= 10 and any(c.isdigit() for c in line.text) and is_date_line(line.text, page.language)


def _other_script(text: str, script: str) -> bool:
    """A line in another script than the page's (a translated headline): never article text.

    Latin lines on pages in other scripts stay (names, quotes, product names).
    """
    if text.isascii():
        return False                # Latin or no letters at all: the common case, without naming every letter
    if script == "LATIN":
        # Naming every letter is slow; on a Latin-script page a line is only in another script when most of its
        # letters are beyond the Latin blocks (Latin with diacritics ends at U+024F, Latin Extended Additional
        # sits at U+1E00-U+1EFF).
        letters = [c for c in text if c.isalpha()]
        latin = sum(1 for c in letters if c <= "\u024f" or "\u1e00" <= c <= "\u1eff")
        if 2 * latin > len(letters):
            return False
    main, letters = main_script(text)
    return letters >= 5 and main not in ("LATIN", script)


def _is_heading(page: Page, i: int, following: int) -> bool:
    line, after = page.lines[i], page.lines[following]
    text = line.text
    if not text or ends_like_sentence(text) or text.rstrip().endswith((",", ";", ":", "：")):
        return False
    if text[0] in "\"'‘“«„" and text.rstrip()[-1] in "\"'’”»":
        return False                # a pull quote
    words = line.units
    return 1 <= words <= 20 and after.units >= max(8.0, words + 4) and (text[0].isupper() or not text[0].isalpha())


CONTAINED_REACH = 300   # kept paragraphs a new one is looked for in: an article's own, not a whole archive's


def dedupe_blocks(blocks: list[Block], captions: list[str]) -> list[Block]:
    """Drop repeated paragraphs (pull quotes, doubled lines) and any paragraph that repeats a caption.

    A paragraph is also dropped when it is part of one of the last `CONTAINED_REACH` paragraphs kept (a pull
    quote repeats its article's own text); looking in every one kept made a page of 50,000 lines take minutes."""
    seen = {comparable(c) for c in captions}
    kept: list[Block] = []
    kept_keys: list[str] = []
    for block in blocks:
        key = comparable(block.text)
        if key in seen or (len(key) >= 30 and any(key in other for other in kept_keys[-CONTAINED_REACH:])):
            continue
        seen.add(key)
        kept.append(block)
        kept_keys.append(key)
    return kept


# An author's note under the article: the byline's name, then what the author is or does ("Ana Ferreira is a
# reporter for ...", "Max Muster schreibt seit 2008 für ...", "Marie Dupont est journaliste ...").
_AUTHOR_NOTE = re.compile(r"^(?:[^\W\d_][\w.'’-]*\s+){1,3}(?:is|was|ist|war|est|es|è|é|schreibt|writes|covers|reports)"
                          r"\s+(?:a|an|the|ein|eine|der|die|un|une|uno|una|um|uma|seit|for|für|about|über)\b")
AUTHOR_NOTE_CHARS = 400     # an author's note is a sentence or two
AUTHOR_NOTE_REACH = 2       # of the last blocks, where it stands


def drop_author_note(blocks: list[Block], author: str) -> list[Block]:
    """Without the author's note under the article ("Ana Ferreira is a politics reporter for ..."): about the
    author, not the news. Only a paragraph among the last `AUTHOR_NOTE_REACH` that opens with the byline's first
    name goes, so a sentence about someone else stays."""
    if not author or len(blocks) < 2:
        return blocks
    first_name = author.split()[0]
    for j in range(len(blocks) - 1, max(0, len(blocks) - AUTHOR_NOTE_REACH) - 1, -1):
        text = blocks[j].text
        if blocks[j].kind == BlockKind.PARAGRAPH and text.startswith(first_name + " ") \
                and len(text) < AUTHOR_NOTE_CHARS and _AUTHOR_NOTE.match(text):
            return blocks[:j] + blocks[j + 1:]
    return blocks


PULL_QUOTE_REACH = 6        # lines above and below a pulled-out quote within which the article goes on
PULL_QUOTE_UNITS = (6, 80)  # words a pulled-out quote has
_QUOTE_END = re.compile(r"""[.!?…]["“”»«'’]?$|["“”»]$""")


def drop_pull_quotes(keep: list[bool], page: Page) -> None:
    """Drop a quote pulled out of the article with the name of who said it on the line under it ("... keine
    bedeutende Rolle." / "Jane Roe, Stiftung für Politik"; "— Advocate Jane Roe"): a box set beside the text, which
    repeats or previews what the article says. Only between article lines, and only where the name line is a name
    and a role after a comma, or a name after a dash (a name alone is as often a subheading), and not in a run of
    quotes each with its speaker's name."""
    lines = page.lines
    low, high = PULL_QUOTE_UNITS
    speakers = {i for i in range(1, len(lines)) if _names_a_speaker(lines[i].text, page.language)}
    for i in sorted(speakers):
        if not keep[i] or i - 2 in speakers or i + 2 in speakers:
            continue    # quote after quote, each with its speaker's name: the article's own (reviewers' verdicts)
        quote = lines[i - 1]
        if not (low <= quote.units <= high and _QUOTE_END.search(quote.text.rstrip())):
            continue
        if any(keep[max(0, i - 1 - PULL_QUOTE_REACH):i - 1]) and any(keep[i + 1:i + 1 + PULL_QUOTE_REACH]):
            keep[i - 1] = keep[i] = False


def _names_a_speaker(text: str, language: str) -> bool:
    """A line that is a person's name and their role after a comma ("Jane Roe, Stiftung für Politik"), or a
    name after a dash ("— Advocate Jane Roe")."""
    stripped = text.strip()
    dashed = stripped[:1] in "—–"
    stripped = stripped.lstrip("—– ")
    if not 2 <= len(stripped.split()) <= 14 or stripped[-1:] in ".:!?" or not (dashed or "," in stripped):
        return False
    name, _, role = stripped.partition(",")
    return bool(bare_name(name.strip(), language)) and (dashed or 1 <= len(role.split()) <= 10)
