"""A plain-text dump read as lines, and the features of each line that the line classifier scores.

A page is read as its non-empty lines (`read_page`), remembering the layout a browser's innerText leaves:
a blank line around a paragraph, none between list items or menu entries, a tab between table cells, leading
spaces before inline elements. Each line gets features that hold in any language (`features`):

- its size (characters, words; Chinese and Japanese count characters), sentence shape (final . ! ? 。 ！ ？
  » ” and the like), punctuation, digit, capital and title-case ratios, link-ish separators (| › » •);
- the share of its words that are stop words of the page's own language (jusText's lists, see `lang.py`);
- where it is: relative position, repetition within the page, distance to the longest dense run of prose;
- the rules that hold everywhere (`rules.py`: share bars, cookie notices, section headers, captions,
  date lines), as features the model weighs, not as verdicts;
- the same size/shape/stop-word figures for the two lines before and after it.

The model that scores them is in `classifier.py`; the smoothing that turns scores into the article's lines in
`smoothing.py`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from newsdigest.ingest import bylines, captions, lang, rules
from newsdigest.ingest.clean import clean_text, comparable, normalise_spaces
from newsdigest.scripts import SENTENCE_END_MARKS, combining_marks

_SENTENCE_END = re.compile(rf"[{SENTENCE_END_MARKS}](?:[\s\"'”’»«)\]」』）]*)$")
_SENTENCE_ENDS = re.compile(rf"[{SENTENCE_END_MARKS.replace('…', '')}](?:\s|$)")
_SEPARATORS = re.compile(r"[|›»•·►▸>/]")

# Not a letter, digit, space or combining mark: `\w` leaves the marks out, and without them every Hindi line
# counted a third of its characters (its vowel signs) as punctuation.
_PUNCT = re.compile(rf"[^\w\s{combining_marks()}]")
_DIGIT = re.compile(r"\d")
_URLISH = re.compile(r"https?://|www\.|@\w|\.(?:com|org|net|de|co\.uk)\b|#\w", re.IGNORECASE)
_LIST_MARK = re.compile(r"^(?:[•·▪●◦‣∙*–-]\s|\d{1,3}[.)]\s)")


@dataclass(slots=True)
class PageLine:
    """One non-empty line of the dump, with the layout around it."""

    text: str
    blank_before: bool
    blank_after: bool
    indented: bool
    tabbed: bool
    words: list[str] = field(default_factory=list)
    key: str = ""
    units: float = 0.0       # about how many words (lang.word_units: Chinese and Japanese count by characters)
    # The rules of `rules.py`, read once per line.
    section: bool = False    # a section header ("Related Articles", "Comments (12)")
    noise: bool = False      # share buttons, cookie and newsletter blurbs, ad labels, copyright
    caption: bool = False    # a photo caption or credit
    headline: bool = False   # shaped like a headline
    date_line: bool = False  # mostly a date (English month names or numbers)
    meta: bool = False       # a dateline, byline or reading time
    cells: tuple[str, ...] = ()  # a table row's cells, where the browser printed tabs between them


@dataclass
class Page:
    lines: list[PageLine]
    language: str
    stop_words: frozenset[str]


def read_page(text: str) -> Page:
    """The non-empty lines of a dump with their layout, and the page's language."""
    raw_lines = clean_text(text).split("\n")
    lines: list[PageLine] = []
    blank = True
    for raw in raw_lines:
        line = normalise_spaces(raw)
        if not line:
            blank = True
            if lines:
                lines[-1].blank_after = True
            continue
        words = lang.tokens(line)
        row = raw.strip(" \u00a0\r")
        cells = tuple(normalise_spaces(cell) for cell in row.split("\t")) if "\t" in row else ()
        lines.append(PageLine(line, blank, False, raw[:1] in (" ", "\t", "\u00a0"), "\t" in raw.strip(),
                              words, comparable(line), lang.word_units(line, words), cells=cells))
        blank = False
    if lines:
        lines[-1].blank_after = True
    for line in lines:
        _flag(line)
    for label, line in zip(lines, lines[1:]):
        # "Image caption," right over the caption's own line, as BBC pages print it (a player's "Captions" is no label)
        if _CAPTION_LABEL.match(label.text) and not label.blank_after:
            label.noise, label.caption = True, False
            line.caption = not (line.noise or line.section)
    all_words = [w for line in lines for w in line.words]
    language = lang.detect_language(all_words, "")
    return Page(lines, language, lang.stop_words(language))


_CAPTION_LABEL = re.compile(r"^(?:image|photo|picture|video|media)\s+(?:caption|source|credit)s?\s*[,:]$",
                            re.IGNORECASE)


def _flag(line: PageLine) -> None:
    text = line.text
    line.section = rules.is_section_header(text)
    line.noise = not line.section and rules.is_noise(text)
    line.caption = not line.noise and captions.is_caption(text)
    line.headline = rules.is_headline(text)
    if _DIGIT.search(text) and len(text) <= 200:
        line.date_line = rules.is_date_line(text)
        line.meta = line.date_line or rules.is_meta_line(text)
    elif len(text) <= 200 and (bylines.is_byline(text) or rules.BREADCRUMB.match(text)):
        line.meta = True


# -- features --------------------------------------------------------------------------------------

BASE_FEATURES = [
    "log_chars", "log_units", "sentence_end", "colon_end", "comma_end", "sentences", "punct_ratio", "digit_ratio",
    "upper_ratio", "title_case", "starts_upper", "stop_ratio", "stop_count", "separators", "urlish", "list_mark",
    "blank_before", "blank_after", "indented", "tabbed", "rel_position", "repeats", "noise", "section", "caption",
    "date_line", "meta_line", "headline_shape", "in_dense_run", "run_distance", "rel_units", "max_units_share",
    "stop_rel", "prose_before", "prose_after", "since_section", "after_comments", "window_units",
    "window_sentences",
]
NEIGHBOUR_FEATURES = ["log_units", "sentence_end", "stop_ratio", "blank_before", "noise", "separators", "repeats",
                      "headline_shape"]
OFFSETS = (-2, -1, 1, 2)
FEATURE_NAMES = BASE_FEATURES + [f"{name}@{offset:+d}" for offset in OFFSETS for name in NEIGHBOUR_FEATURES]
PROSE_UNITS = 15            # a line this long ending like a sentence is prose
PROSE_REACH = 12            # how far (in lines) the distance to the nearest prose line is counted


def _base(line: PageLine, stop_words: frozenset[str], cjk_page: bool) -> list[float]:
    text = line.text
    chars = len(text)
    words = line.words
    units = max(line.units, 0.0)
    uppers = sum(map(str.isupper, text))
    cased = uppers + sum(map(str.islower, text))
    alpha_words = [w for w in text.split() if w[:1].isalpha()]
    if cjk_page:
        stops = sum(map(stop_words.__contains__, text))
        stop_ratio = stops / max(1, lang.cjk_count(text))
    else:
        stops = sum(map(stop_words.__contains__, words))
        stop_ratio = stops / len(words) if words else 0.0
    ends = text.rstrip()
    return [
        math.log1p(chars),
        math.log1p(units),
        1.0 if _SENTENCE_END.search(ends) else 0.0,
        1.0 if ends.endswith((":", "：")) else 0.0,
        1.0 if ends.endswith((",", ";", "、", "，")) else 0.0,
        float(len(_SENTENCE_ENDS.findall(text))),
        len(_PUNCT.findall(text)) / chars,
        len(_DIGIT.findall(text)) / chars,
        uppers / cased if cased else 0.0,
        sum(1 for w in alpha_words if w[0].isupper()) / len(alpha_words) if alpha_words else 0.0,
        1.0 if text[:1].isupper() or text[:1].isdigit() or text[:1] in "\"'“‘«„" else 0.0,
        stop_ratio,
        math.log1p(stops),
        float(len(_SEPARATORS.findall(text))),
        1.0 if _URLISH.search(text) else 0.0,
        1.0 if _LIST_MARK.match(text) else 0.0,
        float(line.blank_before),
        float(line.blank_after),
        float(line.indented),
        float(line.tabbed),
    ]


def _dense_run(units: list[float]) -> tuple[int, int]:
    """The stretch of lines with the most prose: maximum-sum subarray of (words - 8), capped per line."""
    best = (0, 0)
    best_sum = 0.0
    start = 0
    running = 0.0
    for i, u in enumerate(units):
        running += min(u, 40.0) - 8.0
        if running <= 0:
            running = 0.0
            start = i + 1
        elif running > best_sum:
            best_sum = running
            best = (start, i + 1)
    return best


def features(page: Page) -> list[list[float]]:
    """One feature vector per line, in the order of `FEATURE_NAMES`."""
    lines = page.lines
    n = len(lines)
    if not n:
        return []
    cjk_page = page.language in ("zh", "ja")
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.key] = counts.get(line.key, 0) + 1
    units = [line.units for line in lines]
    run_start, run_end = _dense_run(units)
    top = sorted(units)[max(0, int(n * 0.9) - 1)] or 1.0
    longest = max(units) or 1.0
    base = [_base(line, page.stop_words, cjk_page) for line in lines]
    # The page's own level of stop words in its prose: jusText's lists differ in size from language to language.
    prose_stops = [b[11] for b, u in zip(base, units) if u >= 10]
    stop_level = (sum(prose_stops) / len(prose_stops)) if prose_stops else 0.0
    prose = [u >= PROSE_UNITS and b[2] > 0 for u, b in zip(units, base)]
    before = distances(prose)
    after = distances(prose[::-1])[::-1]
    since_section = distances([line.section for line in lines])
    comments_above = []
    seen_comments = False
    for line in lines:
        comments_above.append(seen_comments)
        seen_comments = seen_comments or rules.is_comment_count(line.text)
    for i, line in enumerate(lines):
        text = line.text
        short = len(text) <= 200
        base[i] += [
            i / max(1, n - 1),
            math.log(counts[line.key]) if line.key else 0.0,
            1.0 if short and line.noise else 0.0,
            1.0 if line.section else 0.0,
            1.0 if line.caption or line.noise and captions.is_caption(text) else 0.0,
            1.0 if line.date_line else 0.0,
            1.0 if line.meta else 0.0,
            1.0 if line.headline else 0.0,
            1.0 if run_start <= i < run_end else 0.0,
            math.log1p(max(run_start - i, i - run_end + 1, 0)),
            min(units[i] / top, 3.0),
            max(units[i], 0.0) / longest,
            min(base[i][11] / stop_level, 3.0) if stop_level else 0.0,
            float(before[i]),
            float(after[i]),
            float(since_section[i]),
            1.0 if comments_above[i] else 0.0,
        ]
    # Window figures: words and sentence-shaped lines within three lines either side.
    for i in range(n):
        lo, hi = max(0, i - 3), min(n, i + 4)
        base[i].append(math.log1p(sum(max(u, 0.0) for u in units[lo:hi])))
        base[i].append(sum(base[j][2] for j in range(lo, hi)) / (hi - lo))
    index = [BASE_FEATURES.index(name) for name in NEIGHBOUR_FEATURES]
    padding = [0.0] * len(index)
    for i in range(n):
        extra: list[float] = []
        for offset in OFFSETS:
            j = i + offset
            extra += [base[j][k] for k in index] if 0 <= j < n else padding
        base[i] = base[i] + extra
    return base


def distances(flags: list[bool]) -> list[int]:
    """For each position, how many lines back the last flagged line is (capped at PROSE_REACH)."""
    out = []
    last = None
    for i, flag in enumerate(flags):
        out.append(min(i - last, PROSE_REACH) if last is not None else PROSE_REACH)
        if flag:
            last = i
    return out


def ends_like_sentence(text: str) -> bool:
    """Ends with sentence punctuation of any script (. ! ? … 。 ！ ？ । ։ and others: `SENTENCE_END_MARKS`), maybe
    followed by closing quotes."""
    return _SENTENCE_END.search(text.rstrip()) is not None

