"""Source, author, category and tags of a text dump, read by rules from the lines around the article.

Between the headline and the body: bylines, "Source:" lines, breadcrumbs and kickers; after the body: tag lines
(listed, hashtags, or a bare line of capitalised phrases that the body uses) and a source line; failing those,
a copyright line names the source.
"""

from __future__ import annotations

import re

from newsdigest.ingest import bylines, rules
from newsdigest.ingest.dates import find_dates
from newsdigest.ingest.text_body import Body
from newsdigest.ingest.text_marks import Line


def read_header(header: list[Line], lines: list[Line], header_start: int,
                headline_end: int, language: str = "") -> tuple[str, str, str, bool]:
    """Source, author and category from the lines between headline and body (and a breadcrumb or label just
    above), and whether the category is a label from below the headline's last copy (line `headline_end`; see
    ingest.categories)."""
    source = author = category = ""
    below = False
    # Lines just above the headline may carry a breadcrumb; the very first page line is a banner.
    above = [l for l in lines[max(1, header_start - 3):header_start] if not l.noise]
    for line in above + header:
        text = line.text
        if line.caption or line.noise:
            continue
        glued = rules.GLUED_SOURCE_DATE.match(text)
        if glued and not source:
            source = glued.group("source").strip()
        byline = bylines.byline_name(text, language)
        if byline and not author:
            author = _clean_author(byline)
            continue
        if not author and (trailing := bylines.trailing_author(text) or byline_after_date(text, language)):
            author = _clean_author(trailing)
        named = rules.SOURCE_LINE.match(text)
        if named and not source:
            source = named.group("name").strip()
            continue
        if rules.BREADCRUMB.match(text):
            category = category or rules.breadcrumb_category(text)
            continue
        is_kicker = line in header or (line.index == header_start - 1 and len(rules.words(text)) <= 2)
        if is_kicker and rules.is_category_label(text) and not rules.is_date_line(text) and not category:
            category, below = text, line.index > headline_end
    return source, author, category, below


DATE_TO_BYLINE_WORDS = 3   # words between a date (with its time and zone) and a byline after it, at most
NAME_WORDS = 5             # words of the name, at most (a dump run into one line runs on after it)


def byline_after_date(text: str, language: str = "") -> str:
    """The author of a byline printed after the date on one line, as two inline elements give a dump ("21 May
    2026, 17:45 BST By Callum Reid, Courts Reporter", "09.05.2026, 06:00 Uhr Von Jonas Wehrle"), else "": the
    byline starts within a few words of the line's last date, is no picture's credit ("Photo by Ann Roe"), and its
    name is five words at most."""
    found = find_dates(text, language or None)
    if not found:
        return ""
    for n, word in enumerate(re.finditer(r"\S+", text[found[-1].end:])):
        if n > DATE_TO_BYLINE_WORDS:
            break
        start = found[-1].end + word.start()
        name = bylines.byline_name(text[start:], language)
        if name and len(name.split()) <= NAME_WORDS and not bylines.credited(text[:start]):
            return name
    return ""


# How far into the article a byline is looked for when the header has none: a standfirst, a photo and its
# caption often stand between the headline and the byline, and the model keeps the standfirst as article text.
BYLINE_WINDOW = 8


def author_in_lead(lines: list[Line], keep: list[bool], start: int, end: int, language: str = "") -> str:
    """The author from a byline among the first lines of the article that are not article text."""
    for line in lines[start:min(end, start + BYLINE_WINDOW)]:
        name = "" if keep[line.index] else bylines.byline_name(line.text, language)
        if name:
            return _clean_author(name)
    return ""


def author_without_by(lines: list[Line], keep: list[bool], header_start: int, start: int, end: int,
                       title_index: int, language: str) -> str:
    """The author printed without "By", between the headline and the article's first lines: a bare name next to
    the date line or the writer's role ("Amanda Krause" over "Feb 14, 2024"), a name run into its stamp
    ("Jonisayi Maromo|Published 1 day ago"), or the name under a label alone on its line ("By" / "Sophie Foster").
    A name alone elsewhere is as often a kicker or a photo credit: the stamp beside it is what marks a byline."""
    texts = [line.text for line in lines]

    def stamp_at(i: int) -> bool:
        return 0 <= i < len(texts) and not bylines.is_byline(texts[i]) and bylines.is_stamp(texts[i])

    for line in lines[header_start:min(end, start + BYLINE_WINDOW)]:
        if line.index == title_index or keep[line.index] or line.caption or line.noise or line.section:
            continue
        following = texts[line.index + 1] if line.index + 1 < len(texts) else ""
        if bylines.BYLINE_LABEL_ALONE.match(line.text.strip()):
            name = bylines.bare_name(following, language) or bylines.name_with_stamp(following, language)
            if name:
                return name
        name = bylines.bare_name(line.text, language)
        beside_photo = any(0 <= i < len(lines) and lines[i].caption for i in (line.index - 1, line.index + 1))
        if name and not beside_photo and (stamp_at(line.index - 1) or stamp_at(line.index + 1)):
            return name       # (a name over a photo credit is who the photo shows)
        name = bylines.name_with_stamp(line.text, language)
        if name:
            return name
    return ""


def _clean_author(name: str) -> str:
    name = re.split(r"\s+(?:staff|senior|chief|special|contributing)\b|\s*[,|•]\s*", name, flags=re.IGNORECASE)[0]
    return " ".join(name.split()).strip(" .")


def footer_lines(lines: list[Line], end: int) -> list[Line]:
    footer = []
    for line in lines[end:end + 6]:
        if line.section:
            break
        footer.append(line)
    return footer


def read_footer(footer: list[Line], body: Body, english: bool) -> tuple[list[str], str]:
    """Tags and a source line from the lines right after the body."""
    tags: list[str] = []
    source = ""
    text = " ".join(b.text for b in body.blocks)
    for position, line in enumerate(footer):
        if line.noise or line.caption or rules.is_foreign(line.text, english):
            continue
        if rules.HASHTAGS.match(line.text) and not tags:
            tags = [t.lstrip("#") for t in line.text.split()]
            continue
        listed = rules.TAGS_LINE.match(line.text)
        if listed and not tags:
            tags = [t.strip(" #.") for t in re.split(r"[,;|•#]", listed.group("tags")) if t.strip(" #.")]
            continue
        named = rules.SOURCE_LINE.match(line.text)
        if named and not source:
            source = named.group("name").strip()
            continue
        if position == 0 and not tags:
            tags = split_tag_line(line.text, text)
    return tags, source


_BARE_TAG_LABELS = frozenset({"tags", "tag", "tagged", "topics", "keywords"})


def split_tag_line(text: str, body: str) -> list[str]:
    """A bare tag line after the body ("South Korea United States Kim Jung-kwan US tariffs") -> tags.

    Conservative: the line must have no sentence punctuation, be mostly capitalised words, and contain at
    least one multi-word phrase that also appears in the body. Phrases found in the body are tags; the words
    between two such phrases form one tag.
    """
    tokens = text.split()
    if tokens and tokens[0].casefold() in _BARE_TAG_LABELS:      # "Tags Kristi Noem South Dakota": no colon
        tokens = tokens[1:]
    if not 2 <= len(tokens) <= 16 or re.search(r"[.,;:!?\"“”]", text) or rules.is_section_header(text):
        return []
    capitalised = sum(1 for t in tokens if t[0].isupper() or t[0].isdigit())
    if capitalised / len(tokens) < 0.6:
        return []

    def in_body(phrase: str) -> bool:
        return re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", body) is not None

    tags: list[str] = []
    gap: list[str] = []
    i = anchors = 0

    def flush_gap() -> None:
        # Capitalised words that each occur in the body on their own are separate tags ("Kazakhstan Azerbaijan").
        if len(gap) > 1 and not in_body(" ".join(gap)) and all(t[0].isupper() and in_body(t) for t in gap):
            tags.extend(gap)
        elif gap:
            tags.append(" ".join(gap))
        gap.clear()

    while i < len(tokens):
        for size in range(min(4, len(tokens) - i), 1, -1):
            phrase = " ".join(tokens[i:i + size])
            if in_body(phrase):
                flush_gap()
                tags.append(phrase)
                anchors += 1
                i += size
                break
        else:
            gap.append(tokens[i])
            i += 1
    flush_gap()
    # A small word between two phrases makes the line a phrase of its own ("Light a Wish by OGE Group", a credit).
    if anchors == 0 or any(len(t.split()) > 3 or t in rules.ENGLISH_STOPWORDS or not any(c.isalpha() for c in t)
                           for t in tags):       # (a number alone is a score or a table's cell, not a tag)
        return []
    return tags
