"""Which lines of a plain-text dump are the article: features of each line, a small learned model, smoothing.

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

The model (`line_model.json`, trained offline by `evaluation/train_lines.py`) is two stages of gradient-boosted
trees evaluated here in plain Python: stage one scores each line from its features, stage two adds the
stage-one scores of the lines around it. A two-state Viterbi pass over the scores (`smooth`) then decides
article/not for the sequence, so a widget inside the article ("Related Stories") does not cut the body short
and a short list item or table row between article paragraphs is kept.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass, field
from importlib import resources

from newsdigest.ingest import lang, rules
from newsdigest.ingest.clean import clean_text, comparable, normalise_spaces

MODEL_FILE = "line_model.json"

_SENTENCE_END = re.compile(r"[.!?…。！？](?:[\s\"'”’»«)\]」』）]*)$")
_SEPARATORS = re.compile(r"[|›»•·►▸>/]")
_PUNCT = re.compile(r"[^\w\s]")
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
    units: float = 0.0       # words, with a Chinese/Japanese character counting half a word
    # The rules of `rules.py`, read once per line.
    section: bool = False    # a section header ("Related Articles", "Comments (12)")
    noise: bool = False      # share buttons, cookie and newsletter blurbs, ad labels, copyright
    caption: bool = False    # a photo caption or credit
    headline: bool = False   # shaped like a headline
    date_line: bool = False  # mostly a date (English month names or numbers)
    meta: bool = False       # a dateline, byline or reading time


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
        cjk = lang.cjk_count(line)
        lines.append(PageLine(line, blank, False, raw[:1] in (" ", "\t", "\u00a0"), "\t" in raw.strip(),
                              words, comparable(line), len(words) - cjk / 2))
        blank = False
    if lines:
        lines[-1].blank_after = True
    for line in lines:
        _flag(line)
    all_words = [w for line in lines for w in line.words]
    language = lang.detect_language(all_words, "")
    return Page(lines, language, lang.stop_words(language))


def _flag(line: PageLine) -> None:
    text = line.text
    line.section = rules.is_section_header(text)
    line.noise = not line.section and rules.is_noise(text)
    line.caption = not line.noise and rules.is_caption(text)
    line.headline = rules.is_headline(text)
    if _DIGIT.search(text) and len(text) <= 200:
        line.date_line = rules.is_date_line(text)
        line.meta = line.date_line or rules.is_meta_line(text)
    elif len(text) <= 200 and (rules.BYLINE.match(text) or rules.BREADCRUMB.match(text)):
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
        float(len(re.findall(r"[.!?。！？](?:\s|$)", text))),
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
    before = _distances(prose)
    after = _distances(prose[::-1])[::-1]
    since_section = _distances([line.section for line in lines])
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
            1.0 if line.caption or line.noise and rules.is_caption(text) else 0.0,
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


def _distances(flags: list[bool]) -> list[int]:
    """For each position, how many lines back the last flagged line is (capped at PROSE_REACH)."""
    out = []
    last = None
    for i, flag in enumerate(flags):
        out.append(min(i - last, PROSE_REACH) if last is not None else PROSE_REACH)
        if flag:
            last = i
    return out


def ends_like_sentence(text: str) -> bool:
    """Ends with sentence punctuation of any script (. ! ? … 。 ！ ？), maybe followed by closing quotes."""
    return _SENTENCE_END.search(text.rstrip()) is not None


def _has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


# -- the model -------------------------------------------------------------------------------------

CONTEXT_FEATURES = ["p", "p@-1", "p@+1", "p@-2", "p@+2", "mean5", "mean11", "max_before5", "max_after5",
                    "sure_before", "sure_after", "mass_before", "mass_after", "in_region", "region_distance"]
SURE = 0.7                  # a stage-one score this high counts as a sure article line


def context_features(probabilities: list[float], units: list[float] | None = None) -> list[list[float]]:
    """Stage-two inputs: the stage-one scores of a line and of the lines around it, and where the article is.

    The article region is the stretch with the largest sum of (score - 0.5), weighted by line length.
    """
    n = len(probabilities)
    p = probabilities
    units = units if units is not None else [10.0] * n
    weights = [1.0 + math.log1p(max(u, 0.0)) for u in units]
    prefix = [0.0]
    for value in p:
        prefix.append(prefix[-1] + value)

    def mean(lo: int, hi: int) -> float:
        lo, hi = max(0, lo), min(n, hi)
        return (prefix[hi] - prefix[lo]) / (hi - lo) if hi > lo else 0.0

    sure = [value >= SURE for value in p]
    sure_before = _distances(sure)
    sure_after = _distances(sure[::-1])[::-1]
    mass = [value * max(u, 0.0) for value, u in zip(p, units)]
    region_start, region_end = _max_subarray([(value - 0.5) * w for value, w in zip(p, weights)])
    out = []
    for i in range(n):
        out.append([
            p[i],
            p[i - 1] if i >= 1 else 0.0,
            p[i + 1] if i + 1 < n else 0.0,
            p[i - 2] if i >= 2 else 0.0,
            p[i + 2] if i + 2 < n else 0.0,
            mean(i - 2, i + 3),
            mean(i - 5, i + 6),
            max(p[max(0, i - 5):i], default=0.0),
            max(p[i + 1:i + 6], default=0.0),
            float(sure_before[i]),
            float(sure_after[i]),
            math.log1p(sum(mass[max(0, i - 10):i])),
            math.log1p(sum(mass[i + 1:i + 11])),
            1.0 if region_start <= i < region_end else 0.0,
            math.log1p(max(region_start - i, i - region_end + 1, 0)),
        ])
    return out


def _max_subarray(values: list[float]) -> tuple[int, int]:
    best, best_sum, start, running = (0, 0), 0.0, 0, 0.0
    for i, value in enumerate(values):
        running += value
        if running <= 0:
            running, start = 0.0, i + 1
        elif running > best_sum:
            best_sum, best = running, (start, i + 1)
    return best


class Trees:
    """Gradient-boosted regression trees in flat arrays: predict(x) = base + sum of leaf values (log-odds).

    Walking the arrays node by node in Python costs most of the extraction time (two stages of sixty trees for
    every line), so the trees are turned once into one Python function of nested conditional expressions, which
    gives the same sums (the same comparisons, the leaves added in the same order) several times faster.
    """

    def __init__(self, spec: dict):
        self.base = spec["base"]
        self.trees = [(t["feature"], t["threshold"], t["left"], t["right"], t["value"]) for t in spec["trees"]]
        self.log_odds = _compile(self.base, self.trees)

    def walk(self, x: list[float]) -> float:
        """The sum read by walking the arrays: the reference the compiled function must equal."""
        total = self.base
        for feature, threshold, left, right, value in self.trees:
            node = 0
            while left[node] >= 0:
                node = left[node] if x[feature[node]] <= threshold[node] else right[node]
            total += value[node]
        return total

    def probability(self, x: list[float]) -> float:
        z = self.log_odds(x)
        return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0


def _compile(base: float, trees: list) -> callable:
    def node(tree, k: int) -> str:
        feature, threshold, left, right, value = tree
        if left[k] < 0:
            return repr(float(value[k]))
        return (f"({node(tree, left[k])} if x[{int(feature[k])}] <= {float(threshold[k])!r} "
                f"else {node(tree, right[k])})")

    terms = [repr(float(base))] + [node(tree, 0) for tree in trees]
    source = "def log_odds(x):\n    total = " + terms[0] + "\n" + "".join(
        f"    total += {term}\n" for term in terms[1:]) + "    return total\n"
    namespace: dict = {"inf": math.inf, "nan": math.nan}     # repr() of infinite thresholds
    exec(compile(source, "<trees>", "exec"), namespace)
    return namespace["log_odds"]


@dataclass(frozen=True)
class LineModel:
    stage1: Trees
    stage2: Trees
    switch_cost: float      # the smoother's price for each change between article and not
    threshold: float
    title: Trees | None
    date: Trees | None
    spec: dict

    @classmethod
    def from_spec(cls, spec: dict) -> LineModel:
        smoothing = spec["smoothing"]
        return cls(Trees(spec["stage1"]), Trees(spec["stage2"]), smoothing["switch_cost"],
                   smoothing.get("threshold", 0.5), Trees(spec["title"]) if "title" in spec else None,
                   Trees(spec["date"]) if "date" in spec else None, spec)

    def probabilities(self, page: Page) -> list[float]:
        vectors = features(page)
        first = [self.stage1.probability(x) for x in vectors]
        second_inputs = context_features(first, [line.units for line in page.lines])
        return [self.stage2.probability(x + c) for x, c in zip(vectors, second_inputs)]


@functools.cache
def load_model() -> LineModel:
    spec = json.loads(resources.files("newsdigest.ingest").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
    return LineModel.from_spec(spec)


def smooth(probabilities: list[float], switch_cost: float) -> list[bool]:
    """The article/not sequence that best fits the line probabilities with few switches (two-state Viterbi).

    Each line costs -log p as article and -log(1 - p) as not; every change of state costs `switch_cost`.
    A lone doubtful line between article lines stays in, a lone confident widget line still drops out.
    """
    n = len(probabilities)
    if not n:
        return []
    eps = 1e-6
    cost_in = cost_out = 0.0
    back: list[tuple[bool, bool]] = []      # for each line after the first: previous state if now in / now out
    for i, p in enumerate(probabilities):
        p = min(max(p, eps), 1 - eps)
        here_in, here_out = -math.log(p), -math.log(1 - p)
        if i == 0:
            cost_in, cost_out = here_in, here_out
            continue
        in_from_in, in_from_out = cost_in, cost_out + switch_cost
        out_from_out, out_from_in = cost_out, cost_in + switch_cost
        back.append((in_from_in <= in_from_out, out_from_in < out_from_out))
        cost_in = min(in_from_in, in_from_out) + here_in
        cost_out = min(out_from_out, out_from_in) + here_out
    state = cost_in <= cost_out
    path = [state]
    for came_in, came_out in reversed(back):
        state = came_in if state else came_out
        path.append(state)
    path.reverse()
    return path


def decide(probabilities: list[float], threshold: float, switch_cost: float) -> list[bool]:
    """Article lines: the smoothed sequence when `switch_cost` > 0, else each line against the threshold."""
    if switch_cost > 0:
        return smooth(probabilities, switch_cost)
    return [p >= threshold for p in probabilities]


def bounds(keep: list[bool]) -> tuple[int, int]:
    """First article line and one past the last; (0, 0) when there is none."""
    kept = [i for i, k in enumerate(keep) if k]
    return (kept[0], kept[-1] + 1) if kept else (0, 0)


ANCHOR_GAP = 3              # this many lines in a row outside the article split it into separate stretches
ANCHOR_SHARE = 0.5          # the article starts at the first stretch at least this share of the heaviest's weight


def anchor(keep: list[bool], page: Page) -> int:
    """The first line of the heaviest stretch of article lines: where the headline search starts.

    Teasers of other stories above or below the article (a headline and its summary, again and again) may be
    kept line by line, but they form light stretches apart from the article's own.
    """
    runs = stretches(keep)
    if not runs:
        return 0
    # Square roots: an article's many paragraphs outweigh one long excerpt in a teaser.
    mass = [sum(math.sqrt(max(page.lines[i].units, 0.0)) for i in range(*run) if keep[i]) for run in runs]
    heaviest = max(mass)
    # The first stretch that is about as heavy as the heaviest: an article broken by a photo is still one.
    return next(run[0] for run, m in zip(runs, mass) if m >= ANCHOR_SHARE * heaviest)


TAIL_GAP = 8                # lines outside the article between it and a later stretch that is another story
TAIL_SHARE = 0.25           # ... whose text is this much lighter than the article's


def stretches(keep: list[bool], gap: int = ANCHOR_GAP) -> list[tuple[int, int]]:
    """Runs of article lines, split where `gap` or more lines in a row are outside the article."""
    out: list[tuple[int, int]] = []
    start = end = None
    for i, k in enumerate(keep):
        if k:
            if start is None or i - end >= gap:
                if start is not None:
                    out.append((start, end))
                start = i
            end = i + 1
    if start is not None:
        out.append((start, end))
    return out


def drop_other_stories(keep: list[bool], page: Page, is_section_header, start: int | None = None) -> None:
    """After the article, a section header ("Comments", "Related Articles") and a long gap lead to other stories:
    stretches there much lighter than the article's own are dropped, and everything after them.

    A stretch is another story when it is much lighter than the article's (the heaviest from line `start` on),
    or when each of its lines follows a headline printed more than once on the page (a teaser's
    link and heading). In-article widgets ("Related Stories" with a few links) are shorter than the gap, and the
    article's own text after them is kept.
    """
    runs = stretches(keep, TAIL_GAP)
    if len(runs) < 2:
        return
    # Square roots: an article's many paragraphs outweigh one long excerpt in a teaser.
    mass = [sum(math.sqrt(max(page.lines[i].units, 0.0)) for i in range(a, b) if keep[i]) for a, b in runs]
    first = next((k for k, (a, b) in enumerate(runs) if b > start), 0) if start is not None else 0
    main = max(range(first, len(runs)), key=mass.__getitem__)
    counts: dict[str, int] = {}
    for line in page.lines:
        counts[line.key] = counts.get(line.key, 0) + 1
    previous_end = runs[main][1]
    dropping = False
    for k in range(main + 1, len(runs)):
        a, b = runs[k]
        if not dropping and any(is_section_header(page.lines[j].text) for j in range(previous_end, a)) and (
                mass[k] < TAIL_SHARE * mass[main] or _teasers(keep, page, a, b, counts)):
            dropping = True
        if dropping:
            for i in range(a, b):
                keep[i] = False
        previous_end = b


def _teasers(keep: list[bool], page: Page, a: int, b: int, counts: dict[str, int]) -> bool:
    """Each kept line in [a, b) follows its own headline printed two or three times (a teaser's link and heading).

    A label printed before every paragraph ("Article content") is boilerplate, not a teaser's headline.
    """
    headlines = set()
    for i in range(a, b):
        if not keep[i]:
            continue
        found = next((page.lines[j].key for j in range(i - 1, max(0, i - 4) - 1, -1)
                      if page.lines[j].headline and 15 <= len(page.lines[j].key)
                      and 2 <= counts[page.lines[j].key] <= 3), None)
        if found is None or found in headlines:
            return False
        headlines.add(found)
    return bool(headlines)


SUBHEADING_MIN = 0.1        # a subheading-shaped line between article paragraphs needs only this score


def keep_subheadings(keep: list[bool], page: Page, probabilities: list[float]) -> None:
    """A short title-like line between two article paragraphs is the article's subheading: keep it.

    Only when the model gives it some chance, and it is no label, caption, date or sentence.
    """
    lines = page.lines
    for i in range(1, len(keep) - 1):
        if keep[i] or not (keep[i - 1] and keep[i + 1]) or probabilities[i] < SUBHEADING_MIN:
            continue
        line = lines[i]
        text = line.text
        if line.noise or line.caption or line.section or line.meta or line.date_line:
            continue
        if ends_like_sentence(text) or text.rstrip().endswith((",", ";", ":")):
            continue
        if not 2 <= line.units <= 20 or not (text[0].isupper() or not text[0].isalpha()):
            continue
        if lines[i + 1].units >= max(8.0, line.units + 4) and lines[i - 1].units >= 8:
            keep[i] = True


WIDGET_REACH = 12           # lines after a section header that may be its links


def drop_widget_links(keep: list[bool], page: Page) -> None:
    """After a section header ("Most Read", "Related Articles") come its links: every line up to the next
    sentence of PROSE_UNITS words or more is dropped."""
    lines = page.lines
    i = 0
    while i < len(lines):
        if not lines[i].section:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and j - i <= WIDGET_REACH and not (
                lines[j].units >= PROSE_UNITS and ends_like_sentence(lines[j].text)):
            keep[j] = False
            j += 1
        i = j


LAST_SENTENCE_MIN = 0.05    # a closing sentence needs only this score


def keep_closing_sentences(keep: list[bool], page: Page, probabilities: list[float], is_boundary) -> None:
    """Complete sentences that carry the article on right up to the end of its section (a section header, a
    tags or share line, the end of the page) are its closing paragraphs, even when the model doubts them.

    A pull quote (a line repeating part of the text above) or an ad label between them and the article is
    stepped over.
    """
    lines = page.lines
    n = len(lines)
    i = 1
    while i < n:
        if not keep[i - 1] or keep[i]:
            i += 1
            continue
        run: list[int] = []
        j = i
        while j < n and not keep[j]:
            line = lines[j]
            if _repeats_above(page, keep, j) or not run and line.noise and line.units <= 6:
                j += 1              # a pull quote, or an ad label right after the article ("Continue reading")
                continue
            if is_boundary(line):
                break
            if (probabilities[j] < LAST_SENTENCE_MIN or line.units < 8 or not ends_like_sentence(line.text)
                    or line.noise or line.caption or line.meta):
                break
            run.append(j)
            j += 1
        if run and (j == n or is_boundary(lines[j])):
            for k in run:
                keep[k] = True
        i = j + 1


def _repeats_above(page: Page, keep: list[bool], j: int) -> bool:
    key = page.lines[j].key
    return len(key) >= 20 and any(keep[k] and key in page.lines[k].key for k in range(max(0, j - 8), j))
