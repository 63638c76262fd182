"""Plain-text page dumps (a browser's innerText) -> `Extracted` article: the extraction from start to finish.

The body is chosen line by line by a learned classifier (`lines.py`: features of each line and its neighbours in
the page's own language; `classifier.py`: two stages of boosted trees; `smoothing.py`: Viterbi smoothing and the
layout rules), so the article may be interrupted by widgets ("Related Stories", "Advertisement") and still be
kept whole, and its short lines (list items, table rows, subheadings) are kept where the model places them
inside the article. The headline is the best-scoring candidate at or before the article's start (`titles.py`),
and this module fits the article around it. The body's blocks come from `text_body.py`; the publication date
from `publication_date.py`; category, source, author and tags from the lines around the article
(`text_meta.py`).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from newsdigest.ingest import categories, rules, titles
from newsdigest.ingest.classifier import LineModel, load_model
from newsdigest.ingest.closing_sentences import keep_closing_sentences
from newsdigest.ingest.clean import straighten_quotes
from newsdigest.ingest.comments import drop_comment_thread, drop_thread_holding_the_article
from newsdigest.ingest.copyright import opens_with_mark
from newsdigest.ingest.dated_lists import keep_dated_lists
from newsdigest.ingest.drop_caps import joined_drop_caps
from newsdigest.ingest.flattened import FLATTENED_NOTE, is_flattened, rejoin_paragraphs, sentences, unflatten
from newsdigest.ingest.inline_boxes import keep_past_related_boxes
from newsdigest.ingest.lang import ends_unmarked
from newsdigest.ingest.lines import Page, ends_like_sentence, read_page
from newsdigest.ingest.model import Extracted, IngestError
from newsdigest.ingest.publication_date import choose_date, latest_publication_day, with_url_date
from newsdigest.ingest.relative_times import relative_date
from newsdigest.ingest.smoothing import (anchor, bounds, decide, drop_glued_teasers, drop_other_stories,
                                         drop_widget_links, keep_introduced_lists, keep_introductions,
                                         keep_numbered_lists, keep_paragraphs_between, keep_subheadings, keep_tables)
from newsdigest.ingest.text_body import dedupe_blocks, drop_author_note, drop_pull_quotes, read_body
from newsdigest.ingest.text_marks import Line, mark_lines
from newsdigest.ingest.yearless import yearless_date
from newsdigest.ingest.text_meta import (author_in_lead, author_without_by, footer_lines, read_footer,
                                         read_header)

HEADER_WINDOW = 10          # lines above the article searched for a repeated headline's other copies
MAX_LINES = 50_000          # lines of a dump that is read at all: real pages have up to 2,000; 100,000 take 15 s
MAX_CHARS = 10_000_000      # characters of a dump that is read at all: real pages hold 10-500 kB, a live blog 2 MB
MIN_ARTICLE_UNITS = 25      # words of article text (a Chinese/Japanese character counts half) below which a page
                            # has no article, unless they are sentences


def extract_text(text: str, model: LineModel | None = None, url: str = "",
                 captured: date | datetime | None = None, saved: date | None = None) -> Extracted:
    """Find the article in a plain-text page dump (`url`: its address, when known; `captured`: when it was saved,
    when known, else now: no later date is its publication date; `saved`: the day the file was saved, where the
    user says its modification time tells (--date-from-mtime), which dates a relative stamp or a date without its
    year as `captured` does but bounds no date on the page); raises IngestError when there is none."""
    if len(text) > MAX_CHARS:   # (reading one took the whole time limit, a minute, before it failed)
        raise IngestError(f"the dump holds {len(text) / 1e6:,.0f} million characters, more than the "
                          f"{MAX_CHARS // 10**6} million an article page has (a log, or many pages in one?): not read")
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # (a dump saved with old Mac line ends is not run together)
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines > MAX_LINES:
        raise IngestError(f"the dump has {lines:,} lines, more than the {MAX_LINES:,} an article page has (a listing, "
                          "a log, or many pages in one file?): not read")
    flattened = is_flattened(text)
    if flattened:
        text = unflatten(text, url)
        # Its sentences are its lines now: the same bound, or a page run into one line escapes it.
        lines = text.count("\n") + (not text.endswith("\n"))
        if lines > MAX_LINES:
            raise IngestError(f"the dump, saved without line breaks, has {lines:,} sentences, more than the "
                              f"{MAX_LINES:,} lines an article page has (a listing, or many pages in one?): not read")
    if not flattened:
        text = without_interleaved_labels(joined_drop_caps(text))
    page = read_page(text)
    if not page.lines:
        raise IngestError("no text found")
    model = model or load_model()
    probabilities = model.probabilities(page)
    keep, lines, groups = first_reading(page, probabilities, model.threshold, model.switch_cost, flattened)
    start, end = bounds(keep)
    if not _has_article_text(page, keep):
        chars = sum(len(page.lines[i].text) for i in range(start, end) if keep[i])
        raise IngestError(f"no article found: the longest stretch of prose is only {chars} characters")

    chosen, title_line, title, prefix = _choose_title(page, lines, groups, anchor(keep, page), end, probabilities,
                                                      keep, model, url, start)
    # A run-together dump seldom keeps its headline apart from the menu above it, and a page may have no headline
    # at all: a title that is a sentence of the article (a long one, kept as article text) stays in the body too.
    title_in_body = (chosen is not None and keep[chosen] and ends_like_sentence(title)
                     and (flattened or page.lines[chosen].units >= SENTENCE_TITLE_UNITS))
    # No headline on the page, and the line taken for one is a paragraph (a record that states its text and no
    # title, a dump of the article alone): its first sentence heads it, and it stays in the body.
    untitled = not flattened and is_paragraph(title, page.lines[title_line.index].units)
    if untitled:
        title = lead_headline(title)
    start, end = drop_above_title(keep, chosen, page)
    if not flattened and keep_lead(keep, page, probabilities, lines, -1 if chosen is None else chosen):
        start, end = bounds(keep)
    if title_in_body:
        keep[chosen] = True
        start, end = bounds(keep)
    drop_other_stories(keep, page, rules.is_section_header, start)
    drop_comment_thread(keep, page, start)
    if not flattened:
        drop_pull_quotes(keep, page)
    start, end = bounds(keep)
    header_start = _header_start(lines, groups, title_line, start)
    header = [l for l in lines[header_start:start] if l.index != title_line.index
              and (l.title_group < 0 or l.title_group != title_line.title_group)]
    footer = footer_lines(lines, end)
    english = page.language == "en"

    category = prefix and rules.split_camel(prefix) or _group_prefix(lines, title_line)
    copies = groups[title_line.title_group] if title_line.title_group >= 0 else [title_line]
    source, author, more_category, below = read_header(header, lines, header_start,
                                                       max(line.index for line in copies + [title_line]), page.language)
    if below and not categories.named_in_address(more_category, url):
        more_category = ""  # a byline, a share button or a caption far more often than the section
    author = author or author_in_lead(lines, keep, start, end, page.language) or author_without_by(
        lines, keep, header_start, start, end, title_line.index, page.language)
    category = category or more_category
    body = read_body(page, lines, keep, start, end, "" if title_in_body or untitled else title)
    tags, footer_source = read_footer(footer, body, english)
    # Only what the page states outright ("SEOUL (Yonhap) --", "Source: X"): a copyright line often names the
    # owning group or is no name at all ("All rights reserved"): attribution weighs it (ingest.attribution).
    source = source or footer_source
    captions = [l.text for l in header if l.caption] + [l.text for l in lines[start:end] if l.caption]
    latest = latest_publication_day(captured)
    published, inferred = with_url_date(
        *choose_date(page, lines, title_line.index, body, probabilities, captions, model, latest, url), url, latest)
    if published is None:   # "10 мая" or "3 hours ago" under the headline: the capture time, when known, tells
        texts = [line.text for line in page.lines]
        published, inferred = yearless_date(texts, title_line.index, page.language, captured or saved)
        if published is None:
            published, inferred = relative_date(texts, title_line.index, page.language, captured or saved, end)
    body_blocks = drop_author_note(dedupe_blocks(body.blocks, captions), author)
    if flattened:
        body_blocks = rejoin_paragraphs(body_blocks)
    if not body_blocks:
        raise IngestError("no article found: nothing is left below the headline")
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
        # (its lines are sentences cut apart again: the headline and the date are found far less often)
        notes=(FLATTENED_NOTE,) if flattened else (),
    )


def first_reading(page: Page, probabilities: list[float], threshold: float, switch_cost: float,
                  flattened: bool = False) -> tuple[list[bool], list[Line], dict[int, list[Line]]]:
    """The article lines before the headline is known: the model's decisions, the structural rules, and no
    captions or copies of a repeated headline. Also the marked lines and the repeated-headline groups.
    (`flattened`: the page's lines are the sentences of a dump saved without line breaks.)"""
    keep = decide(probabilities, threshold, switch_cost)
    drop_widget_links(keep, page, probabilities)
    if not flattened:   # (a sentence there is no paragraph: menus' and teasers' sentences are as long)
        keep_paragraphs_between(keep, page, probabilities)
    drop_glued_teasers(keep, page)
    keep_subheadings(keep, page, probabilities)
    keep_tables(keep, page)
    keep_introduced_lists(keep, page)
    keep_numbered_lists(keep, page, section_end)
    keep_dated_lists(keep, page, section_end)
    keep_closing_sentences(keep, page, probabilities, section_end, not flattened)
    if not flattened:
        keep_past_related_boxes(keep, page, probabilities, section_end)
    keep_introductions(keep, page)
    lines = [Line(i, l.text, l.key) for i, l in enumerate(page.lines)]
    groups = mark_lines(lines, page)
    for line in lines:
        if line.caption or line.title_group >= 0:
            keep[line.index] = False        # captions go to front matter; a repeated headline is the title
    drop_thread_holding_the_article(keep, page)
    if not any(keep):
        keep = _densest_prose(page)
    elif not _states_something(keep, page):
        # What the model kept states nothing (a list of other stories' headlines, when a paywalled article's few
        # lines scored lower): the densest prose that makes a statement is the article.
        prose = _densest_prose(page)
        if _states_something(prose, page):
            keep = prose
    return keep, lines, groups


LEAD_UNITS = 25             # words of a lead paragraph, at least (a Chinese or Japanese character half of one)
LEAD_PROBABILITY = 0.2      # the least the model may think of it
LEAD_REACH = 4              # lines above the article's first line where it may stand
SHORT_UNITS = 6             # the lines between it and the article are shorter (names, numbers, credits)


def keep_lead(keep: list[bool], page: Page, probabilities: list[float], lines: list[Line], title: int) -> bool:
    """The lead paragraph the model doubted, kept: a paragraph of sentences under the headline (line `title`) and
    within `LEAD_REACH` lines above the article's first kept line, with only short lines between them (a photo's
    names, a results box's numbers). Layouts put a picture or a fact box between the first paragraph and the rest,
    and the first paragraph, standing alone under the headline, looks to the model like a teaser's summary.
    Returns whether a line was kept."""
    if not any(keep):
        return False
    first = keep.index(True)
    for i in range(first - 1, max(title, first - LEAD_REACH - 1), -1):
        line = page.lines[i]
        if line.units < LEAD_UNITS or probabilities[i] < LEAD_PROBABILITY or not ends_like_sentence(line.text) \
                or line.noise or line.caption or line.meta or line.section or lines[i].caption:
            continue
        if all(page.lines[j].units < SHORT_UNITS or lines[j].caption for j in range(i + 1, first)):
            keep[i] = True
            return True
        return False
    return False


STATEMENT_UNITS = 6          # words (a Chinese or Japanese character half of one) of a line that states something
_FULL_STOPS = (".", "。", "．")
_CLOSERS = "\"'”’」』)）"


def _states_something(flags: list[bool], page: Page) -> bool:
    """Some flagged line of `STATEMENT_UNITS` or more ends in a full stop (before closing quotes or brackets): a
    statement. Headlines end in nothing, "?" or "!", so a list of them never states anything."""
    return any(flag and line.units >= STATEMENT_UNITS and (line.text.rstrip().rstrip(_CLOSERS).endswith(_FULL_STOPS)
                                                           or ends_unmarked(line.text))
               for flag, line in zip(flags, page.lines))


def section_end(line) -> bool:
    """A line that ends the article's section: a section header, a tags line, share buttons or a newsletter blurb."""
    return line.section or line.noise or bool(rules.TAGS_LINE.match(line.text)) or rules.is_share_bar(line.text)


FOOTER_BARS = 3             # a line with this many " | " between its parts is a footer's or a menu's, not prose


def _densest_prose(page: Page) -> list[bool]:
    """When the model finds no article line: the densest stretch of sentence-like lines, if any (never a line of
    the footer: "© Example Media AG | Main Street 1 | Phone ...", nor a byline or a date line inside it)."""
    keep = [False] * len(page.lines)
    best, best_sum, start, running = (0, 0), 0.0, 0, 0.0
    for i, line in enumerate(page.lines):
        prose = (line.units >= 8 and (ends_like_sentence(line.text) or ends_unmarked(line.text))
                 or line.units >= 25) and not (
            line.noise or opens_with_mark(line.text) or line.text.count(" | ") >= FOOTER_BARS)
        running += min(line.units, 60.0) if prose else -10.0
        if running <= 0:
            running, start = 0.0, i + 1
        elif running > best_sum:
            best_sum, best = running, (start, i + 1)
    for i in range(*best):
        keep[i] = page.lines[i].units >= 3 and not (page.lines[i].meta and not ends_like_sentence(page.lines[i].text))
    return keep


def _has_article_text(page: Page, keep: list[bool]) -> bool:
    """Article text: some 25 words (150 characters of English; Chinese and Japanese count characters), or a
    couple of sentence-like lines in any script."""
    kept = [l for l, k in zip(page.lines, keep) if k]
    if sum(max(l.units, 0.0) for l in kept) >= MIN_ARTICLE_UNITS:
        return True
    sentences = [l for l in kept if l.units >= 6 and (ends_like_sentence(l.text) or ends_unmarked(l.text))]
    return sum(l.units for l in sentences) >= 14



LABEL_REPEATS = 8            # times a label is printed on the page, at least, to be page furniture
LABEL_WORDS = 4              # words of such a label, at most ("Article content", "Advertisement", "REKLAMA")
PARAGRAPH_WORDS = 15         # a paragraph on either side of it has this many words ...
PARAGRAPH_CHARS = 100        # ... or this many characters (Chinese, Japanese)


def without_interleaved_labels(text: str) -> str:
    """The dump without the labels a layout prints between the article's paragraphs: a short line printed
    `LABEL_REPEATS` times or more ("Article content" before each paragraph of some publishers' pages, an ad slot's
    "Advertisement"), where the lines either side of it are paragraphs. The line model reads each line with its
    neighbours, and a paragraph between two such labels looks like a teaser between widgets. A label among short
    lines (a teaser list's section name or ad label) stays: there it says what the list is; and a label
    ending in a colon ("Anne:", an interview's speaker) is never one."""
    rows = text.split("\n")
    keys = [row.strip() for row in rows]
    counts = Counter(key for key in keys if key)
    labels = {key for key, n in counts.items()
              if n >= LABEL_REPEATS and len(key.split()) <= LABEL_WORDS and not key.endswith((":", "："))}
    if not labels:
        return text

    def paragraph_near(indexes) -> bool:
        key = next((keys[j] for j in indexes if keys[j] and keys[j] not in labels), "")
        return len(key.split()) >= PARAGRAPH_WORDS or len(key) >= PARAGRAPH_CHARS

    between = {i for i, key in enumerate(keys) if key in labels
               and paragraph_near(range(i - 1, -1, -1)) and paragraph_near(range(i + 1, len(keys)))}
    return "\n".join(row for i, row in enumerate(rows) if i not in between) if between else text


# -- headline and the lines around the body --------------------------------------------------------

SENTENCE_TITLE_UNITS = 12  # words (a Chinese or Japanese character half of one) of a title that is a lead sentence
ABOVE_PARAGRAPHS = 3     # kept lines above the headline, at least, for them to be the article (drop_above_title)


def drop_above_title(keep: list[bool], title: int | None, page: Page) -> tuple[int, int]:
    """An article starts after its headline: lines kept above it (teasers of other stories) go.

    Unless they are paragraphs (`ABOVE_PARAGRAPHS` or more) weighing as much as what follows the headline: then
    the headline is more likely a subheading or a caption inside the article, and nothing is dropped. One long
    line above is never that (a ticker of other stories run into one line of 400 words).
    """
    if title is not None:
        kept_above = [i for i in range(title + 1) if keep[i]]
        above = sum(max(page.lines[i].units, 0.0) for i in kept_above)
        below = sum(max(page.lines[i].units, 0.0) for i in range(title + 1, len(keep)) if keep[i])
        if below and (above < below or len(kept_above) < ABOVE_PARAGRAPHS):
            for i in range(title + 1):
                keep[i] = False
    return bounds(keep)


def _choose_title(page: Page, lines: list[Line], groups: dict[int, list[Line]], start: int, end: int,
                  probabilities: list[float], keep: list[bool], model: LineModel, url: str = "",
                  first: int | None = None) -> tuple[int | None, Line, str, str]:
    """The chosen headline line, the line whose text is used, its text, and a label glued in front of a
    repeated copy of it (the category)."""
    chosen = titles.choose(page, start, end, probabilities, keep, model.title, url, first) if model.title else None
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


HEADLINE_UNITS = 40   # words (a Chinese or Japanese character half of one): a longer line is no headline
LEAD_UNITS = 25       # ... nor is a line of three sentences or more this long (a headline may have two)
LEAD_HEADLINE_WORDS = 16   # a lead sentence longer than this heads the article cut at a word, with "…"
LEAD_MIN_WORDS = 4    # ... and one shorter runs on into the next (its "end" was an abbreviation's full stop)


def is_paragraph(line: str, units: float) -> bool:
    """Whether a line is a paragraph rather than a headline: longer than any headline, or sentences of a lead."""
    return units > HEADLINE_UNITS or units > LEAD_UNITS and sum(1 for piece in sentences(line) if piece) >= 3


def lead_headline(paragraph: str) -> str:
    """A headline for an article that has none, from its first paragraph: the first sentence, cut after
    `LEAD_HEADLINE_WORDS` words (with "…") when longer. Text without spaces between words (Chinese, Japanese)
    is cut after twice as many characters."""
    # (a full stop after an abbreviation is no sentence's end: "Gov. Gavin Newsom signed ..." is not headed "Gov")
    pieces = [piece for piece in sentences(paragraph) if piece] or [paragraph.strip()]
    sentence = pieces.pop(0)
    while pieces and len(sentence.split()) < LEAD_MIN_WORDS:
        sentence += " " + pieces.pop(0)
    last = sentence.split()[-1] if sentence.split() else ""
    if last.endswith(".") and "." not in last[:-1] and not sentence.endswith(".."):
        sentence = sentence[:-1]   # a headline ends without one; "U.S." keeps its own
    words = sentence.split()
    if len(words) > LEAD_HEADLINE_WORDS:
        return " ".join(words[:LEAD_HEADLINE_WORDS]).rstrip(",;:") + "…"
    if len(words) <= 3 and len(sentence) > 2 * LEAD_HEADLINE_WORDS:   # Chinese or Japanese: no spaces to cut at
        return sentence[:2 * LEAD_HEADLINE_WORDS] + "…"
    return sentence


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
