"""From line scores to the article's lines: two-state Viterbi smoothing and the layout rules applied after it.

A two-state Viterbi pass over the classifier's scores (`smooth`) decides article/not for the sequence, so a
widget inside the article ("Related Stories") does not cut the body short and a short list item or table row
between article paragraphs is kept. The rules after it drop a section header's links and other stories below
the article, and keep its subheadings (its closing sentences: `closing_sentences.py`).
"""

from __future__ import annotations

import math
import re

from newsdigest.ingest import rules
from newsdigest.ingest.lines import PROSE_UNITS, Page, ends_like_sentence


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
FAR_GAP = 60                # lines outside the article, at least, between it and a stretch far below it (a footer's
FAR_SHARE = 0.5             # product blurbs under the site index), which is another story when this much lighter


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

    A stretch is another story when it is much lighter than the article's (the heaviest from line `start` on; only
    half as heavy where `FAR_GAP` lines or more stand between, as a footer's blurbs under a site index), or when
    each of its lines follows a headline printed more than once on the page (a teaser's link and heading).
    In-article widgets ("Related Stories" with a few links) are shorter than the gap, and the article's own text
    after them is kept.
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
        share = FAR_SHARE if a - previous_end >= FAR_GAP else TAIL_SHARE
        if not dropping and any(is_section_header(page.lines[j].text) for j in range(previous_end, a)) and (
                mass[k] < share * mass[main] or _teasers(keep, page, a, b, counts)):
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


TABLE_REACH = 2             # a table within this many lines of article prose on both sides is in the article
TABLE_PROSE_UNITS = 10      # ... prose: a kept line of this many words, no label or section header


def keep_tables(keep: list[bool], page: Page) -> None:
    """A table (two or more rows printed with tabs between their cells) with article prose just above and just
    below it is part of the article, however little its rows look like prose to the model; so is the header row of
    a table whose other rows the model kept. (Lists of links laid out as tables sit among labels and section
    headers: "Related", "Tags: ...".)"""
    lines, i = page.lines, 0

    def prose(j: int) -> bool:
        line = lines[j]
        return keep[j] and line.units >= TABLE_PROSE_UNITS and not (line.section or line.noise or line.caption)

    while i < len(lines):
        if len(lines[i].cells) < 2:
            i += 1
            continue
        end = i
        while end < len(lines) and len(lines[end].cells) >= 2:
            end += 1
        above = any(prose(j) for j in range(max(0, i - TABLE_REACH), i))
        below = any(prose(j) for j in range(end, min(len(lines), end + TABLE_REACH)))
        if end - i >= 3 and not keep[i] and all(keep[i + 1:end]) and len(lines[i].cells) == len(lines[i + 1].cells):
            keep[i] = True   # the header row of a table the model kept, all labels, looks least like prose
        if end - i >= 2 and above and below:
            for j in range(i, end):
                keep[j] = True
        i = end


def keep_introduced_lists(keep: list[bool], page: Page) -> None:
    """The short lines right under a kept sentence that introduces them ("... advises households to:") and right
    above kept prose are the article's list, however little each item looks like prose to the model."""
    lines = page.lines
    for i, line in enumerate(lines[:-2]):
        if not (keep[i] and line.text.rstrip().endswith((":", "：")) and line.units >= LIST_INTRO_UNITS):
            continue
        end = i + 1
        while end < len(lines) and (end == i + 1 or not lines[end].blank_before) \
                and 0 < lines[end].units < LIST_ITEM_UNITS \
                and not (lines[end].section or lines[end].noise or lines[end].caption):
            end += 1
        if end - i > 2 and end < len(lines) and keep[end] and lines[end].units >= TABLE_PROSE_UNITS:
            for j in range(i + 1, end):
                keep[j] = True


_ITEM_NUMBER = re.compile(r"^(\d{1,3})[.)]\s+\S")
NUMBERED_ITEMS = 3          # items numbered 1, 2, 3, ... in order, at least, for a numbered list
ITEM_GAP = 3                # lines from one item to the next at most (a description, a link between them)
NUMBERED_REACH = 4          # lines above the first item within which the article's text runs


def keep_numbered_lists(keep: list[bool], page: Page, is_boundary) -> None:
    """Items numbered 1, 2, 3, ... in order, right under kept article text or under a line that introduces them
    ("Top weather stories of the year:"), with nothing between that ends the article's section (`is_boundary`: a
    section header, a tags line, share buttons), are the article's list (a ranking, the steps of a recipe, a list
    of offers): every line from the first item to the last is kept, with what stands between items (a
    description, a link). A menu is never numbered so, and a "Most Read" list stands under its own header."""
    lines = page.lines
    i = 0
    while i < len(lines):
        first = _ITEM_NUMBER.match(lines[i].text)
        if not first or first.group(1) != "1":
            i += 1
            continue
        expected, last, j = 2, i, i + 1
        while j < len(lines) and j - last <= ITEM_GAP and not lines[j].section:
            item = _ITEM_NUMBER.match(lines[j].text)
            if item and int(item.group(1)) == expected:
                expected, last = expected + 1, j
            j += 1
        prose = next((k for k in range(i - 1, max(-1, i - 1 - NUMBERED_REACH), -1)
                      if keep[k] and lines[k].units >= TABLE_PROSE_UNITS), None)
        introduced = prose is not None and (prose == i - 1 or any(
            lines[k].text.rstrip().endswith((":", "：")) for k in (prose, i - 1)))
        if expected - 1 >= NUMBERED_ITEMS and introduced and not any(is_boundary(lines[k]) for k in range(prose, i)):
            for k in range(i, last + 1):
                if not (lines[k].noise or lines[k].section or lines[k].caption):
                    keep[k] = True
        i = max(i + 1, last + 1)


LIST_INTRO_UNITS = 5        # a line ending in ":" of this many words introduces a list
LIST_ITEM_UNITS = 20        # a list item is shorter than this


WIDGET_REACH = 12           # lines after a section header that may be its links
WIDGET_END_PROBABILITY = 0.5   # a sentence the model thinks this likely article text ends them


def drop_widget_links(keep: list[bool], page: Page, probabilities: list[float]) -> None:
    """After a section header ("Most Read", "Related Articles") come its links: every line up to the next
    sentence of PROSE_UNITS words or more, or the next sentence the model takes for article text
    (`WIDGET_END_PROBABILITY`: a short lead, "Barely a shot was fired.", under a headline a few lines below a
    header), is dropped."""
    lines = page.lines
    i = 0
    while i < len(lines):
        if not lines[i].section:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and j - i <= WIDGET_REACH and not (ends_like_sentence(lines[j].text) and (
                lines[j].units >= PROSE_UNITS or probabilities[j] >= WIDGET_END_PROBABILITY)):
            keep[j] = False
            j += 1
        i = j


BETWEEN_UNITS = 25          # words of a paragraph the model doubted that is kept between article lines
BETWEEN_PROBABILITY = 0.3   # the least the model may think of it
BETWEEN_REACH = 3           # lines on either side within which article text must be kept


def keep_paragraphs_between(keep: list[bool], page: Page, probabilities: list[float]) -> None:
    """A paragraph of sentences with article text kept close above and below it is the article's, though the model
    doubted it: a chart's consent notice or a video's label just above makes the paragraph after it look like the
    end of a widget. A paragraph's length and the article around it say more than its neighbours' noise. Decided
    on the lines kept before, so one such paragraph never vouches for the next."""
    lines = page.lines
    n = len(lines)
    doubted = []
    for i, line in enumerate(lines):
        if keep[i] or line.units < BETWEEN_UNITS or probabilities[i] < BETWEEN_PROBABILITY:
            continue
        if line.noise or line.caption or line.meta or line.section or not ends_like_sentence(line.text):
            continue
        if any(keep[max(0, i - BETWEEN_REACH):i]) and any(keep[i + 1:min(n, i + 1 + BETWEEN_REACH)]):
            doubted.append(i)
    for i in doubted:
        keep[i] = True


def drop_glued_teasers(keep: list[bool], page: Page) -> None:
    """Teaser links printed as a headline run into its summary (`rules.is_glued_teaser`) are never article text,
    however much their summary reads like it."""
    for i, line in enumerate(page.lines):
        if keep[i] and rules.is_glued_teaser(line.text, page.stop_words):
            keep[i] = False


INTRODUCTION_UNITS = 12   # words of a sentence ending in ":" that introduces the article text under it


def keep_introductions(keep: list[bool], page: Page) -> None:
    """A sentence ending in a colon right above kept article text introduces it ("After the election, the company
    issued a statement:" over the statement): it is the article's, however little the model trusts a line that
    does not end like a sentence."""
    lines = page.lines
    for i in range(len(lines) - 1):
        line = lines[i]
        if keep[i] or not keep[i + 1] or line.units < INTRODUCTION_UNITS:
            continue
        if line.text.rstrip().endswith((":", "：")) and not (line.noise or line.caption or line.meta or line.section):
            keep[i] = True
