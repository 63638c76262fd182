"""Plain-text page dumps (a browser's innerText) -> `Extracted` article.

The page is read as lines. Body paragraphs (long sentence-like lines) form runs; section headers
("Related Articles", "Most Popular", "Comments") and anything that is neither prose nor a subheading end a
run. The main run is the heaviest, favouring runs right after a repeated headline and penalising runs
after a section header. The headline, dateline, category and byline are read from the lines just above
the main run; tags and a trailing dateline from the lines just below it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from newsdigest.ingest import rules
from newsdigest.ingest.clean import clean_lines, comparable, straighten_quotes
from newsdigest.ingest.dates import FoundDate, find_dates, next_weekday, weekdays_in
from newsdigest.ingest.model import Block, Extracted, IngestError

HEADER_WINDOW = 10          # lines above the main run searched for headline and dateline
MIN_ARTICLE_CHARS = 150     # a main run lighter than this is not an article
AFTER_HEADER_PENALTY = 0.25
REPEATED_TITLE_BONUS = 1.5
SKIPPABLE_WORDS = 6         # a line this short between two paragraphs is a widget label, not the end of the body


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


@dataclass
class Run:
    start: int               # index into the page's lines
    end: int                 # exclusive
    blocks: list[Block] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    after_section: bool = False

    @property
    def mass(self) -> int:
        return sum(len(b.text) for b in self.blocks if b.kind == "paragraph")


def extract_text(text: str) -> Extracted:
    """Find the article in a plain-text page dump; raises IngestError when there is none."""
    lines = [Line(i, t, comparable(t)) for i, t in enumerate(t for t in clean_lines(text) if t)]
    if not lines:
        raise IngestError("no text found")
    english = rules.english_ratio(" ".join(l.text for l in lines)) >= 0.12
    groups = _mark_lines(lines)
    runs = _find_runs(lines)
    if not runs:
        raise IngestError("no article found: no run of sentence-like paragraphs")
    main = _choose_main_run(runs, lines)
    if main.mass < MIN_ARTICLE_CHARS:
        raise IngestError(f"no article found: the longest stretch of prose is only {main.mass} characters")

    title_line, header_start = _find_title(lines, main, groups)
    header = [l for l in lines[header_start:main.start] if l.title_group != title_line.title_group or l.title_group < 0]
    header = [l for l in header if l is not title_line]
    footer = _footer_lines(lines, main)

    category = title_line.prefix and rules.split_camel(title_line.prefix) or _group_prefix(lines, title_line)
    source, author, dateline, more_category = _read_header(header, lines, header_start)
    category = category or more_category
    tags, footer_source, footer_date = _read_footer(footer, main, english)
    source = source or footer_source or _copyright_source(lines[main.end:])
    captions = [l.text for l in header if l.caption] + main.captions
    published, inferred = _choose_date(dateline or footer_date, lines, main, captions)
    body_blocks = _dedupe_blocks(main.blocks, captions)
    return Extracted(
        title=_clean_title(title_line.text, title_line.prefix),
        blocks=tuple(body_blocks),
        published=published,
        date_inferred_from=inferred,
        source=source,
        author=author,
        category=category,
        tags=tuple(tags),
        caption=captions[0] if captions else "",
        lang="en" if english else "",
    )


# -- marking lines ---------------------------------------------------------------------------------

def _mark_lines(lines: list[Line]) -> dict[int, list[Line]]:
    """Flag noise, captions and section headers; group repeated headlines (also with a glued label)."""
    for line in lines:
        line.section = rules.is_section_header(line.text)
        line.noise = not line.section and rules.is_noise(line.text)
        line.caption = not line.noise and rules.is_caption(line.text)
    by_key: dict[str, list[Line]] = {}
    for line in lines:
        if not (line.noise or line.section) and rules.is_headline(line.text) and not rules.is_date_line(line.text):
            by_key.setdefault(line.key, []).append(line)
    headlines = {key: members for key, members in by_key.items()}
    # A repeated line with a label glued in front joins its headline's group.
    for line in lines:
        if line.noise or line.section:
            continue
        for key, members in headlines.items():
            if line.key != key and len(line.key) > len(key) and line.key.endswith(key):
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


# -- runs of body text -----------------------------------------------------------------------------

def _find_runs(lines: list[Line]) -> list[Run]:
    runs: list[Run] = []
    current: Run | None = None
    seen_section = False

    def close(at: int) -> None:
        nonlocal current
        if current is not None and current.blocks:
            current.end = at
            runs.append(current)
        current = None

    for position, line in enumerate(lines):
        if line.section or line.title_group >= 0:
            close(position)
            seen_section = seen_section or line.section
            continue
        if line.noise:
            continue
        if line.caption:
            if current is not None:
                current.captions.append(line.text)
            continue
        if current is not None and _repeats_run_text(line, current):
            continue        # a pull quote or a line printed twice
        paragraphs = sum(1 for b in current.blocks if b.kind == "paragraph") if current else 0
        if rules.is_body_paragraph(line.text) and not rules.is_foreign(line.text):
            if current is None:
                current = Run(position, position + 1, after_section=seen_section)
            current.blocks.append(Block("paragraph", line.text))
            current.end = position + 1
        elif current is not None and rules.is_sentence(line.text, min_words=3):
            current.blocks.append(Block("paragraph", line.text))
            current.end = position + 1
        elif current is not None and paragraphs >= 2 and rules.is_subheading(line.text) \
                and _next_is_paragraph(lines, position):
            current.blocks.append(Block("heading", line.text.rstrip(":")))
        elif current is not None and len(rules.words(line.text)) <= SKIPPABLE_WORDS \
                and _next_is_paragraph(lines, position, within=2):
            continue        # a stray widget label between two paragraphs ("Image 1 of 5")
        else:
            close(position)
    close(len(lines))
    for run in runs:
        while run.blocks and run.blocks[-1].kind == "heading":
            run.blocks.pop()
    return runs


def _repeats_run_text(line: Line, run: Run) -> bool:
    return len(line.key) >= 30 and any(line.key in comparable(b.text) for b in run.blocks)


def _next_is_paragraph(lines: list[Line], position: int, within: int = 1) -> bool:
    """True when the next real line (after noise and captions, looking at most `within` lines) is prose."""
    for line in lines[position + 1:]:
        if line.noise or line.caption:
            continue
        if line.section or line.title_group >= 0:
            return False
        if rules.is_body_paragraph(line.text):
            return True
        within -= 1
        if within <= 0 or len(rules.words(line.text)) > SKIPPABLE_WORDS:
            return False
    return False


def _choose_main_run(runs: list[Run], lines: list[Line]) -> Run:
    def score(run: Run) -> float:
        value = float(run.mass)
        if run.after_section and any(r.mass >= 300 and r.start < run.start and not r.after_section for r in runs):
            value *= AFTER_HEADER_PENALTY
        above = [l for l in lines[max(0, run.start - HEADER_WINDOW):run.start]]
        if any(l.title_group >= 0 for l in above):
            value *= REPEATED_TITLE_BONUS
        return value

    best = max(score(run) for run in runs)
    return next(run for run in runs if score(run) == best)


# -- headline and the lines around the body --------------------------------------------------------

def _find_title(lines: list[Line], main: Run, groups: dict[int, list[Line]]) -> tuple[Line, int]:
    """The headline for the main run and where the article's header starts."""
    window = lines[max(0, main.start - HEADER_WINDOW):main.start]
    for line in reversed(window):
        if line.title_group >= 0:
            members = groups[line.title_group]
            plain = [m for m in members if not m.prefix] or members
            best = min(plain, key=lambda m: (_curly_count(m.text), m.index))
            best.prefix = next((m.prefix for m in members if m.prefix), "")
            first = min(m.index for m in members)
            return best, max(first, main.start - HEADER_WINDOW)
    for line in reversed(window):
        if line.noise or line.caption or line.section or rules.is_meta_line(line.text):
            continue
        if rules.is_category_label(line.text) and len(rules.words(line.text)) < 3:
            continue
        if rules.is_headline(line.text) and not rules.is_foreign(line.text):
            return line, line.index
    raise IngestError("no headline found above the article text")


def _curly_count(text: str) -> int:
    return sum(text.count(c) for c in "‘’“”")


def _group_prefix(lines: list[Line], title: Line) -> str:
    if title.title_group < 0:
        return ""
    for line in lines:
        if line.title_group == title.title_group and line.prefix:
            return rules.split_camel(line.prefix)
    return ""


def _clean_title(text: str, prefix: str) -> str:
    if prefix and text.startswith(prefix):
        text = text[len(prefix):]
    return " ".join(straighten_quotes(text).split())


def _read_header(header: list[Line], lines: list[Line], header_start: int
                 ) -> tuple[str, str, FoundDate | None, str]:
    """Source, author, dateline and category from the lines between headline and body."""
    source = author = category = ""
    dateline: FoundDate | None = None
    # Lines just above the headline may carry a breadcrumb or dateline; the very first page line is a banner.
    above = [l for l in lines[max(1, header_start - 3):header_start] if not l.noise]
    for line in above + header:
        text = line.text
        if line.caption or line.noise:
            continue
        glued = rules.GLUED_SOURCE_DATE.match(text)
        if glued and not source:
            source = glued.group("source").strip()
        byline = rules.BYLINE.match(text)
        if byline and not author:
            author = _clean_author(byline.group("name"))
            continue
        if not author and rules.trailing_author(text):
            author = rules.trailing_author(text)
        named = rules.SOURCE_LINE.match(text)
        if named and not source:
            source = named.group("name").strip()
            continue
        if rules.BREADCRUMB.match(text):
            category = category or rules.breadcrumb_category(text)
            continue
        is_kicker = line in header or (line.index == header_start - 1 and len(rules.words(text)) <= 2)
        if is_kicker and rules.is_category_label(text) and not rules.is_date_line(text) and not category:
            category = text
    joined = " ".join(l.text.lstrip("•·| ") for l in above + header if not l.caption and not l.noise)
    found = find_dates(joined)
    if found:
        # The first date wins; the same day repeated later with a time ("Input 2025.04.02 ... 17:31") adds the time.
        timed = [f for f in found if f.day == found[0].day and f.clock is not None]
        dateline = found[0] if found[0].clock is not None or not timed else timed[0]
    return source, author, dateline, category


def _clean_author(name: str) -> str:
    name = re.split(r"\s+(?:staff|senior|chief|special|contributing)\b|\s*[,|•]\s*", name, flags=re.IGNORECASE)[0]
    return " ".join(name.split()).strip(" .")


def _footer_lines(lines: list[Line], main: Run) -> list[Line]:
    footer = []
    for line in lines[main.end:main.end + 6]:
        if line.section:
            break
        footer.append(line)
    return footer


def _read_footer(footer: list[Line], main: Run, english: bool) -> tuple[list[str], str, FoundDate | None]:
    """Tags, a source line and a trailing dateline from the lines right after the body."""
    tags: list[str] = []
    source = ""
    dateline: FoundDate | None = None
    body = " ".join(b.text for b in main.blocks)
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
        if dateline is None and rules.is_date_line(line.text) and re.search(
                r"\b(?:published|posted|updated)\b", line.text, re.IGNORECASE):
            dateline = find_dates(line.text)[0]
            continue
        if position == 0 and not tags:
            tags = split_tag_line(line.text, body)
    return tags, source, dateline


def split_tag_line(text: str, body: str) -> list[str]:
    """A bare tag line after the body ("South Korea United States Kim Jung-kwan US tariffs") -> tags.

    Conservative: the line must have no sentence punctuation, be mostly capitalised words, and contain at
    least one multi-word phrase that also appears in the body. Phrases found in the body are tags; the words
    between two such phrases form one tag.
    """
    tokens = text.split()
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
    if anchors == 0 or any(len(t.split()) > 3 for t in tags):
        return []
    return tags


def _copyright_source(lines: list[Line]) -> str:
    for line in lines:
        match = re.match(r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?P<name>[A-Z][\w&.' -]+?)"
                         r"(?:[.,]|\s+all\s+rights|$)", line.text, re.IGNORECASE)
        if match:
            return match.group("name").strip()
    return ""


# -- the publication date --------------------------------------------------------------------------

def _choose_date(dateline: FoundDate | None, lines: list[Line], main: Run, captions: list[str]
                 ) -> tuple[date | datetime | None, str]:
    """The dateline when the page states one; else infer from dated photo captions and weekdays.

    A photo is taken before the story is published, so the latest caption stamp is a lower bound; the
    first weekday the text names ("will depart on Tuesday") is taken as the first such day on or after it.
    A date line at the very top of the page is usually the site's "today" banner (the day it was scraped),
    so it is only an upper bound, and the fallback of last resort.
    """
    if dateline is not None:
        return dateline.value(), ""
    banner = _banner_date(lines)
    stamps = [(item.day, item.text.strip()) for caption in captions for item in find_dates(caption)
              if re.fullmatch(r"\d{4}\.\d{1,2}\.\d{1,2}\.?", item.text.strip())]
    if stamps:
        lower, stamp = max(stamps)
        prose = " ".join(b.text for b in main.blocks if b.kind == "paragraph")
        named = weekdays_in(prose)
        if named:
            guess = next_weekday(lower, named[0])
            if banner is None or guess <= banner:
                day_name = guess.strftime("%A")
                return guess, f"photo caption dated {stamp} and '{day_name}' in the text"
        return lower, f"photo caption dated {stamp}"
    if banner is not None:
        return banner, "date line at the top of the page (may be the day the page was saved)"
    return None, ""


def _banner_date(lines: list[Line]) -> date | None:
    for line in lines[:2]:
        if rules.is_date_line(line.text):
            return find_dates(line.text)[0].day
    return None


def _dedupe_blocks(blocks: list[Block], captions: list[str]) -> list[Block]:
    """Drop repeated paragraphs (pull quotes, doubled lines) and any paragraph that repeats a caption."""
    seen = {comparable(c) for c in captions}
    kept: list[Block] = []
    for block in blocks:
        key = comparable(block.text)
        if key in seen or (len(key) >= 30 and any(key in comparable(k.text) for k in kept)):
            continue
        seen.add(key)
        kept.append(block)
    return kept
