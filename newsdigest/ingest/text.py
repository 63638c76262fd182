"""Plain-text page dumps (a browser's innerText) -> `Extracted` article.

The body is chosen line by line by a learned classifier (`lines.py`: features of each line and its
neighbours in the page's own language, two stages of boosted trees, optional smoothing), so the article may
be interrupted by widgets ("Related Stories", "Advertisement") and still be kept whole, and its short lines
(list items, table rows, subheadings) are kept where the model places them inside the article. The headline is
the best-scoring candidate at or before the article's start (`titles.py`); the publication date the
best-scoring date on the page (`dates.py`), with the inference from dated photo captions and weekdays as a
fallback. Category, source, author, caption and tags are read from the lines around the article by rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from newsdigest.ingest import dates, rules, titles
from newsdigest.ingest.clean import comparable, straighten_quotes
from newsdigest.ingest.lang import language_script, main_script
from newsdigest.ingest.dates import find_dates, next_weekday, weekdays_in
from newsdigest.ingest.lines import (LineModel, Page, anchor, bounds, decide, drop_other_stories, ends_like_sentence,
                                     drop_widget_links, keep_closing_sentences, keep_subheadings,
                                     load_model, read_page)
from newsdigest.ingest.model import Block, Extracted, IngestError

HEADER_WINDOW = 10          # lines above the article searched for a repeated headline's other copies
MIN_ARTICLE_UNITS = 25      # words of article text (a Chinese/Japanese character counts half) below which a page
                            # has no article, unless they are sentences
MIN_DATE_SCORE = -4.0       # a date scored below this (log-odds) is not taken as the publication date
_LIST_MARK = re.compile(r"^(?:[•·▪●◦‣∙*–-]\s+|\d{1,3}[.)]\s+)")


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
class Body:
    start: int               # first article line
    end: int                 # one past the last
    blocks: list[Block]
    prose: str               # the paragraphs' text, for weekday inference


def extract_text(text: str, model: LineModel | None = None) -> Extracted:
    """Find the article in a plain-text page dump; raises IngestError when there is none."""
    page = read_page(text)
    if not page.lines:
        raise IngestError("no text found")
    model = model or load_model()
    probabilities = model.probabilities(page)
    keep, lines, groups = first_reading(page, probabilities, model.threshold, model.switch_cost)
    start, end = bounds(keep)
    if not _has_article_text(page, keep):
        chars = sum(len(page.lines[i].text) for i in range(start, end) if keep[i])
        raise IngestError(f"no article found: the longest stretch of prose is only {chars} characters")

    chosen, title_line, title, prefix = _choose_title(page, lines, groups, anchor(keep, page), end, probabilities,
                                                      keep, model)
    start, end = drop_above_title(keep, chosen, page)
    drop_other_stories(keep, page, rules.is_section_header, start)
    start, end = bounds(keep)
    header_start = _header_start(lines, groups, title_line, start)
    header = [l for l in lines[header_start:start] if l.index != title_line.index
              and (l.title_group < 0 or l.title_group != title_line.title_group)]
    footer = _footer_lines(lines, end)
    english = page.language == "en"

    category = prefix and rules.split_camel(prefix) or _group_prefix(lines, title_line)
    source, author, more_category = _read_header(header, lines, header_start)
    category = category or more_category
    body = _body(page, lines, keep, start, end, title)
    tags, footer_source = _read_footer(footer, body, english)
    source = source or footer_source or _copyright_source(lines[end:])
    captions = [l.text for l in header if l.caption] + [l.text for l in lines[start:end] if l.caption]
    published, inferred = _publication_date(page, lines, title_line.index, body, probabilities, captions, model)
    body_blocks = _dedupe_blocks(body.blocks, captions)
    return Extracted(
        title=_clean_title(title, prefix),
        blocks=tuple(body_blocks),
        published=published,
        date_inferred_from=inferred,
        source=source,
        author=author,
        category=category,
        tags=tuple(tags),
        caption=captions[0] if captions else "",
        lang=page.language,
    )


def first_reading(page: Page, probabilities: list[float], threshold: float, switch_cost: float
                  ) -> tuple[list[bool], list[Line], dict[int, list[Line]]]:
    """The article lines before the headline is known: the model's decisions, the structural rules, and no
    captions or copies of a repeated headline. Also the marked lines and the repeated-headline groups."""
    keep = decide(probabilities, threshold, switch_cost)
    drop_widget_links(keep, page)
    keep_subheadings(keep, page, probabilities)
    keep_closing_sentences(keep, page, probabilities, section_end)
    lines = [Line(i, l.text, l.key) for i, l in enumerate(page.lines)]
    groups = _mark_lines(lines, page)
    for line in lines:
        if line.caption or line.title_group >= 0:
            keep[line.index] = False        # captions go to front matter; a repeated headline is the title
    if not any(keep):
        keep = _densest_prose(page)
    return keep, lines, groups


def section_end(line) -> bool:
    """A line that ends the article's section: a section header, a tags line, share buttons or a newsletter blurb."""
    return line.section or line.noise or bool(rules.TAGS_LINE.match(line.text)) or rules.is_share_bar(line.text)


def _densest_prose(page: Page) -> list[bool]:
    """When the model finds no article line: the densest stretch of sentence-like lines, if any."""
    keep = [False] * len(page.lines)
    best, best_sum, start, running = (0, 0), 0.0, 0, 0.0
    for i, line in enumerate(page.lines):
        prose = line.units >= 8 and ends_like_sentence(line.text) or line.units >= 25
        running += min(line.units, 60.0) if prose else -10.0
        if running <= 0:
            running, start = 0.0, i + 1
        elif running > best_sum:
            best_sum, best = running, (start, i + 1)
    for i in range(*best):
        keep[i] = page.lines[i].units >= 3
    return keep


def _has_article_text(page: Page, keep: list[bool]) -> bool:
    """Article text: some 25 words (150 characters of English; Chinese and Japanese count characters), or a
    couple of sentence-like lines in any script."""
    kept = [l for l, k in zip(page.lines, keep) if k]
    if sum(max(l.units, 0.0) for l in kept) >= MIN_ARTICLE_UNITS:
        return True
    sentences = [l for l in kept if l.units >= 6 and ends_like_sentence(l.text)]
    return sum(l.units for l in sentences) >= 14


# -- the body --------------------------------------------------------------------------------------

def _body(page: Page, lines: list[Line], keep: list[bool], start: int, end: int, title: str) -> Body:
    """The kept lines as paragraphs, subheadings and list items."""
    title_key = comparable(title)
    script = language_script(page.language)
    chosen = [i for i in range(start, end) if keep[i] and lines[i].key != title_key
              and (not lines[i].noise or page.lines[i].units >= 40)
              and not _dateline(page, i) and not _other_script(page.lines[i].text, script)]
    blank_separated = [page.lines[i].blank_before for i in chosen if page.lines[i].units >= 15]
    paragraphs_spaced = bool(blank_separated) and sum(blank_separated) >= 0.6 * len(blank_separated)
    blocks: list[Block] = []
    for position, i in enumerate(chosen):
        line = page.lines[i]
        text = line.text
        following = chosen[position + 1] if position + 1 < len(chosen) else None
        previous = chosen[position - 1] if position else None
        marked = _LIST_MARK.match(text)
        if marked and len(text) > marked.end():
            blocks.append(Block("item", text[marked.end():].strip()))
            continue
        if following is not None and blocks and blocks[-1].kind != "heading" and _is_heading(page, i, following):
            blocks.append(Block("heading", text.rstrip(":：")))
            continue
        tight_before = previous is not None and previous == i - 1 and not line.blank_before
        tight_after = following is not None and following == i + 1 and not page.lines[following].blank_before
        if paragraphs_spaced and (tight_before or tight_after) and line.units < 30 \
                and not rules.ends_like_sentence(text):
            blocks.append(Block("item", text))
            continue
        blocks.append(Block("paragraph", text))
    # The article does not end on a subheading, nor on a line that introduces something not there ("... for you:").
    while blocks and (blocks[-1].kind == "heading" or blocks[-1].text.rstrip().endswith((":", "："))):
        blocks.pop()
    prose = " ".join(b.text for b in blocks if b.kind == "paragraph")
    return Body(start, end, blocks, prose)


def _dateline(page: Page, i: int) -> bool:
    """A short line that is mostly a date ("Jun. 5, 2025, 6:30 PM ET"): never article text."""
    line = page.lines[i]
    return line.units <= 8 and any(c.isdigit() for c in line.text) and titles.is_date_line(line.text, page.language)


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
    if not text or rules.ends_like_sentence(text) or text.rstrip().endswith((",", ";")):
        return False
    if text[0] in "\"'‘“«„" and text.rstrip()[-1] in "\"'’”»":
        return False                # a pull quote
    words = line.units
    return 1 <= words <= 20 and after.units >= max(8.0, words + 4) and (text[0].isupper() or not text[0].isalpha())


# -- marking lines ---------------------------------------------------------------------------------

def _mark_lines(lines: list[Line], page: Page) -> dict[int, list[Line]]:
    """Flag noise, captions and section headers; group repeated headlines (also with a glued label)."""
    for line, read in zip(lines, page.lines):
        line.section, line.noise, line.caption = read.section, read.noise, read.caption
    by_key: dict[str, list[Line]] = {}
    for line, read in zip(lines, page.lines):
        if not (line.noise or line.section) and read.headline and not read.date_line:
            by_key.setdefault(line.key, []).append(line)
    headlines = {key: members for key, members in by_key.items()}
    # A repeated line with a label glued in front joins its headline's group.
    by_ending: dict[str, list[str]] = {}
    for key in headlines:
        by_ending.setdefault(key[-8:], []).append(key)
    for line in lines:
        if line.noise or line.section:
            continue
        for key in by_ending.get(line.key[-8:], ()):
            if line.key != key and len(line.key) > len(key) and line.key.endswith(key):
                members = headlines[key]
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


# -- headline and the lines around the body --------------------------------------------------------

def drop_above_title(keep: list[bool], title: int | None, page: Page) -> tuple[int, int]:
    """An article starts after its headline: lines kept above it (teasers of other stories) go.

    Unless they weigh as much as what follows the headline: then the headline is more likely a subheading or
    a caption inside the article, and nothing is dropped.
    """
    if title is not None:
        above = sum(max(page.lines[i].units, 0.0) for i in range(title + 1) if keep[i])
        below = sum(max(page.lines[i].units, 0.0) for i in range(title + 1, len(keep)) if keep[i])
        if below and above < below:
            for i in range(title + 1):
                keep[i] = False
    return bounds(keep)


def _choose_title(page: Page, lines: list[Line], groups: dict[int, list[Line]], start: int, end: int,
                  probabilities: list[float], keep: list[bool], model: LineModel
                  ) -> tuple[int | None, Line, str, str]:
    """The chosen headline line, the line whose text is used, its text, and a label glued in front of a
    repeated copy of it (the category)."""
    chosen = titles.choose(page, start, end, probabilities, keep, model.title) if model.title else None
    if chosen is None:
        line = next((l for l in reversed(lines[:start]) if rules.is_headline(l.text)), lines[start])
        return None, line, line.text, ""
    line = lines[chosen.line]
    if line.title_group >= 0 and not chosen.piece:
        members = groups[line.title_group]
        plain = [m for m in members if not m.prefix] or members
        best = min(plain, key=lambda m: (_curly_count(m.text), m.index))
        prefix = next((m.prefix for m in members if m.prefix), "")
        return chosen.line, best, best.text, prefix
    if line.prefix and not chosen.piece:
        return chosen.line, line, line.text, line.prefix
    return chosen.line, line, chosen.text, ""


def _header_start(lines: list[Line], groups: dict[int, list[Line]], title: Line, start: int) -> int:
    """Where the article's header begins: the first copy of a repeated headline, else the headline."""
    if title.title_group >= 0 and title.index < start:
        first = min(m.index for m in groups[title.title_group])
        return max(first, start - HEADER_WINDOW, 0) if first < start else title.index
    return min(title.index, start)


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


def _read_header(header: list[Line], lines: list[Line], header_start: int) -> tuple[str, str, str]:
    """Source, author and category from the lines between headline and body."""
    source = author = category = ""
    # Lines just above the headline may carry a breadcrumb; the very first page line is a banner.
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
    return source, author, category


def _clean_author(name: str) -> str:
    name = re.split(r"\s+(?:staff|senior|chief|special|contributing)\b|\s*[,|•]\s*", name, flags=re.IGNORECASE)[0]
    return " ".join(name.split()).strip(" .")


def _footer_lines(lines: list[Line], end: int) -> list[Line]:
    footer = []
    for line in lines[end:end + 6]:
        if line.section:
            break
        footer.append(line)
    return footer


def _read_footer(footer: list[Line], body: Body, english: bool) -> tuple[list[str], str]:
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

def _publication_date(page: Page, lines: list[Line], title: int, body: Body, probabilities: list[float],
                      captions: list[str], model: LineModel) -> tuple[date | datetime | None, str]:
    """The best-scoring date printed on the page; else inferred from dated captions and weekdays."""
    texts = [l.text for l in page.lines]
    if model.date is not None:
        caption_at = {l.index for l in lines if l.caption}
        candidates = publication_candidates(texts, page.language, caption_at, title)
        if candidates:
            X = dates.date_features(candidates, texts, title, body.start, body.end, probabilities, caption_at)
            scores = [model.date.log_odds(x) for x in X]
            best = max(range(len(candidates)), key=lambda k: (scores[k], -k))
            if scores[best] >= MIN_DATE_SCORE:
                return _with_time_below(candidates[best], texts), ""
    return _infer_date(lines, body, captions, page.language)


def publication_candidates(texts: list[str], language: str, caption_at: set[int], title: int
                           ) -> list[dates.DateCandidate]:
    """The dates that may be the publication date: all but the "today" banner and the stamps of photo captions."""
    return [c for c in dates.date_candidates(texts, language)
            if not _is_banner(c.line, title) and not (c.line in caption_at and _photo_stamp(texts[c.line], c))]


def _photo_stamp(text: str, candidate: dates.DateCandidate) -> bool:
    """A date inside a photo caption ("... at Incheon airport 2026.1.31 / News1"), not a dateline with a credit."""
    return len(text.split()) > 12 or bool(re.fullmatch(r"\d{4}\.\d{1,2}\.\d{1,2}\.?", candidate.found.text.strip()))


def _is_banner(line: int, title: int) -> bool:
    """A date in the page's first two lines, well above the headline: the site's "today" banner."""
    return line < 2 and title - line > 2


def _with_time_below(candidate: dates.DateCandidate, texts: list[str]) -> date | datetime:
    """A date whose time is printed alone on the next line ("• 29 January, 2026" / "• 15:08")."""
    found = candidate.found
    if found.clock is None and candidate.line + 1 < len(texts) and rules.is_time_line(texts[candidate.line + 1]):
        match = re.search(r"([0-2]?\d):([0-5]\d)\s*([ap]\.?m\.?)?", texts[candidate.line + 1], re.IGNORECASE)
        if match:
            hour, minute = int(match.group(1)), int(match.group(2))
            ampm = (match.group(3) or "").lower().replace(".", "")
            hour = hour + 12 if ampm == "pm" and hour < 12 else 0 if ampm == "am" and hour == 12 else hour
            if hour < 24:
                return datetime.combine(found.day, time(hour, minute))
    return found.value()


def _infer_date(lines: list[Line], body: Body, captions: list[str], language: str
                ) -> tuple[date | datetime | None, str]:
    """No date stated: infer one from dated photo captions and weekdays, else the banner at the top.

    A photo is taken before the story is published, so the latest caption stamp is a lower bound; the
    first weekday the text names ("will depart on Tuesday") is taken as the first such day on or after it.
    A date line at the very top of the page is usually the site's "today" banner (the day it was scraped),
    so it is only an upper bound, and the fallback of last resort.
    """
    banner = _banner_date(lines, language)
    stamps = [(item.day, item.text.strip()) for caption in captions for item in find_dates(caption)
              if re.fullmatch(r"\d{4}\.\d{1,2}\.\d{1,2}\.?", item.text.strip())]
    if stamps:
        lower, stamp = max(stamps)
        named = weekdays_in(body.prose)
        if named:
            guess = next_weekday(lower, named[0])
            if banner is None or guess <= banner:
                day_name = guess.strftime("%A")
                return guess, f"photo caption dated {stamp} and '{day_name}' in the text"
        return lower, f"photo caption dated {stamp}"
    if banner is not None:
        return banner, "date line at the top of the page (may be the day the page was saved)"
    return None, ""


def _banner_date(lines: list[Line], language: str) -> date | None:
    for line in lines[:2]:
        if titles.is_date_line(line.text, language):
            return find_dates(line.text, language)[0].day
    return None


def _dedupe_blocks(blocks: list[Block], captions: list[str]) -> list[Block]:
    """Drop repeated paragraphs (pull quotes, doubled lines) and any paragraph that repeats a caption."""
    seen = {comparable(c) for c in captions}
    kept: list[Block] = []
    kept_keys: list[str] = []
    for block in blocks:
        key = comparable(block.text)
        if key in seen or (len(key) >= 30 and any(key in other for other in kept_keys)):
            continue
        seen.add(key)
        kept.append(block)
        kept_keys.append(key)
    return kept
