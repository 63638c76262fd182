"""The text extractor's view of a dump's lines: noise, captions, section headers, and repeated-headline groups.

A headline printed more than once (also with a label glued in front, "WorldStorm hits coast") forms a group;
its copies are the title, not article text, and a glued label is the article's category.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsdigest.ingest import rules
from newsdigest.ingest.lines import Page


MAX_GLUED_LABEL = 30        # characters of a label glued in front of a repeated headline (`rules.glued_prefix`)
_LABEL_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz &/-")


@dataclass
class Line:
    index: int
    text: str
    key: str                 # comparable form, for spotting repeats
    noise: bool = False
    caption: bool = False
    section: bool = False    # a section header such as "Related Articles"
    title_group: int = -1    # index of the repeated-headline group this line belongs to
    prefix: str = ""         # a label glued in front of a repeated headline


def mark_lines(lines: list[Line], page: Page) -> dict[int, list[Line]]:
    """Flag noise, captions and section headers; group repeated headlines (also with a glued label)."""
    for line, read in zip(lines, page.lines):
        line.section, line.noise, line.caption = read.section, read.noise, read.caption
    by_key: dict[str, list[Line]] = {}
    for line, read in zip(lines, page.lines):
        if not (line.noise or line.section) and read.headline and not read.date_line:
            by_key.setdefault(line.key, []).append(line)
    headlines = {key: members for key, members in by_key.items()}
    # A repeated line with a label glued in front joins its headline's group. The label is 2-30 ASCII letters,
    # spaces, "&", "/" or "-" (`rules.glued_prefix`), so the headline can only start within the line's first 31
    # characters, right after such a run: a few lookups a line, however many lines share an ending.
    starts = {key[:8] for key in headlines}
    for line in lines:
        if line.noise or line.section:
            continue
        key = line.key
        for cut in range(2, min(len(key), MAX_GLUED_LABEL + 1)):
            if key[cut - 1] not in _LABEL_CHARACTERS:
                break
            if key[cut:cut + 8] not in starts or key[cut:] not in headlines:
                continue
            members = headlines[key[cut:]]
            prefix = rules.glued_prefix(line.text, members[0].text)
            if prefix:
                line.prefix = prefix
                members.append(line)
                break
    groups: dict[int, list[Line]] = {}
    for number, members in enumerate(m for m in headlines.values() if len(m) >= 2):
        if all(m.caption for m in members):
            continue        # a duplicated caption, not a headline
        for member in members:
            member.title_group = number
            member.caption = False
        groups[number] = sorted(members, key=lambda m: m.index)
    # A caption printed twice is still a caption; a repeated prose line is a duplicate, handled later.
    return groups

