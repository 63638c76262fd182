"""The headline of a plain-text dump: the best-scoring candidate at or before the start of the article.

Candidates come from `title_candidates.py`, their features from `title_features.py`, their scores from a small
learned model (`title` in `line_model.json`, trained by `evaluation/train_lines.py`). The best-scoring candidate
wins, corrected by what the layout says for sure (`pick`): a headline printed twice is a unit, a kicker the
page prints apart from its headline is not part of it, and a headline the page also spells with the colon its
kicker lost in the browser's text takes that spelling.
"""

from __future__ import annotations

from newsdigest.ingest.classifier import Trees
from newsdigest.ingest.lines import Page
from newsdigest.ingest.title_candidates import (AFTER, Candidate, candidates, kicker_printed_apart, never_a_title_line,
                                                squashed)
from newsdigest.ingest.title_features import WORD_SPLIT, features, slug_words, spelled_in


def choose(page: Page, start: int, end: int, probabilities: list[float], keep: list[bool], model: Trees,
           url: str = "", first: int | None = None) -> Candidate | None:
    """The best-scoring headline candidate for the article whose heaviest stretch starts at line `start` and
    whose first line is `first` (`url`: the page's address, when known)."""
    cands = candidates(page, start, first)
    if not cands:
        return None
    scores = [model.log_odds(x) for x in features(page, cands, start, end, probabilities, keep, url)]
    return spelled_by_address(cands, pick(page, cands, scores, start, keep), start, url)


SPELLED_WORDS = 4      # words of a candidate the address spells, at least, for the address to decide
SPELLED_SHARE = 0.8    # and the share of its words they are
PICK_SPELLED_SHARE = 0.35   # a pick whose words the address spells this much stays (a longer headline's)


def spelled_by_address(cands: list[Candidate], best: Candidate, start: int, url: str) -> Candidate:
    """The candidate the page's address spells word for word, over a pick it does not spell: most outlets write
    the headline into the address ("/2017/03/trumpcare-proves-that-trumps-promise-..."), and no teaser of another
    story, caption or sign-in bar printed above the article is spelled there. A pick the address spells for the
    part stays: a longer headline holds more than the address's words, a kicker or site name is the model's to judge."""
    slug = slug_words(url)
    if not slug:
        return best
    in_slug = frozenset().union(*slug)
    if _spelled(best.text, in_slug)[1] >= PICK_SPELLED_SHARE:
        return best
    spelled = {c: _spelled(c.text, in_slug) for c in cands}
    sure = [c for c in cands if spelled[c][0] >= SPELLED_WORDS and spelled[c][1] >= SPELLED_SHARE]
    if not sure:
        return best
    return max(sure, key=lambda c: (spelled[c][0], -abs(start - c.line)))


def _spelled(text: str, in_slug: frozenset[str]) -> tuple[int, float]:
    """(how many of the text's words the address spells, their share of its words); numbers do not count, as
    addresses' words are read without them (`slug_words`)."""
    words = [word for word in WORD_SPLIT.split(text) if any(ch.isalpha() for ch in word)]
    count = sum(1 for word in words if spelled_in(word, in_slug))
    return count, count / len(words) if words else 0.0


def pick(page: Page, cands: list[Candidate], scores: list[float], start: int, keep: list[bool]) -> Candidate:
    """The best-scoring candidate, corrected by what the layout says for sure (used in training too)."""
    best = cands[max(range(len(cands)), key=lambda i: (scores[i], -abs(start - cands[i].line)))]
    if best.piece and _printed_twice(page, best.line):
        # A headline printed twice in full is a unit: its kicker or site name is part of it.
        best = Candidate(best.line, page.lines[best.line].text)
    if not best.piece and _printed_twice(page, best.line, reach=8):
        # Of two lines each printed twice above the article (a row of trending topics at the top, the headline
        # above the text), the one nearer the article is its headline.
        nearer = _nearer_printed_twice(page, best.line, start)
        if nearer is not None:
            best = Candidate(nearer, page.lines[nearer].text)
    repeated = _repeated_headline(page, start, keep)
    if repeated is not None and best.line < repeated < start + AFTER:
        # The model's pick has other, lighter prose (teasers' summaries) between it and a headline that is printed
        # twice right above the article: that one is the article's. (Further down, past the start of the article's
        # heaviest stretch, a headline printed twice is another story's teaser, as under "Related Articles".)
        between = sum(max(page.lines[i].units, 0.0) for i in range(best.line + 1, repeated) if keep[i])
        after = sum(max(page.lines[i].units, 0.0) for i in range(repeated + 1, len(keep)) if keep[i])
        if 0 < between < 0.5 * after:
            return Candidate(repeated, page.lines[repeated].text)
    return _spelled_with_its_separators(page, _without_glued_kicker(page, _without_separate_kicker(page, cands, best)))


def _without_glued_kicker(page: Page, best: Candidate, reach: int = 4) -> Candidate:
    """A headline line that is a nearby line run into a label the page also prints on a line of its own is that
    nearby line: "Premier League" over "Setback in the title race" is one element in the browser's text, "Premier
    League Setback in the title race", and the label is a kicker styled apart, not part of the headline."""
    if best.piece:
        return best
    text = page.lines[best.line].text.strip()
    near = range(max(0, best.line - reach), min(len(page.lines), best.line + reach + 1))
    for j in near:
        other = page.lines[j].text.strip()
        if j == best.line or len(other) < 15 or len(other) >= len(text) or not text.endswith(other):
            continue
        kicker = text[:-len(other)].strip()
        if 0 < len(kicker.split()) <= 4 and any(page.lines[k].text.strip() == kicker for k in near if k != best.line):
            return Candidate(j, page.lines[j].text)
    return best


def _spelled_with_its_separators(page: Page, best: Candidate) -> Candidate:
    """The headline as another line of the page spells it with more punctuation between its words, where the pick
    has the same letters: a kicker styled apart from its headline loses its colon in the browser's text ("Flood
    inquiry Two resign"), while a breadcrumb or a second copy of the headline keeps it ("Flood inquiry: Two
    resign"), as the publisher wrote it."""
    whole = squashed(best.text)
    if len(whole) < 20:
        return best
    marks, longest = _inner_marks(best.text), 2 * len(best.text) + 20
    spelled = [j for j, line in enumerate(page.lines)
               if j != best.line and len(whole) <= len(line.text) <= longest and line.text != best.text
               and squashed(line.text) == whole and _inner_marks(line.text) > marks]
    if not spelled:
        return best
    richest = max(spelled, key=lambda j: (_inner_marks(page.lines[j].text), -abs(j - best.line)))
    return Candidate(richest, page.lines[richest].text)


def _inner_marks(text: str) -> int:
    """The punctuation between a text's first and last letter or digit (a bullet or quote around it not counted)."""
    inner = [i for i, c in enumerate(text) if c.isalnum()]
    if not inner:
        return 0
    return sum(1 for c in text[inner[0]:inner[-1] + 1] if not c.isalnum() and not c.isspace())


def _without_separate_kicker(page: Page, cands: list[Candidate], best: Candidate) -> Candidate:
    """A headline whose kicker the page prints as a separate element is the headline without it.

    The page shows "Kicker: Headline" in one place and "Kicker Headline" (or '"Kicker"Headline') in another, the
    same letters with the colon gone: the kicker is styled apart from the headline there, a label over it rather
    than part of it.
    """
    if best.piece:
        return best
    whole = squashed(page.lines[best.line].text)
    for c in cands:
        if c.kicker and abs(c.line - best.line) <= 4 and squashed(page.lines[c.line].text) == whole \
                and kicker_printed_apart(page, c):
            return c
    return best


def _printed_twice(page: Page, line: int, reach: int = 2) -> bool:
    """The line's text is printed again within `reach` lines (the same, or with a label glued in front)."""
    key = page.lines[line].key
    return len(key) >= 15 and any(
        _same_headline(other.key, key)
        for other in page.lines[max(0, line - reach):line] + page.lines[line + 1:line + reach + 1])


def _same_headline(a: str, b: str) -> bool:
    return len(a) >= 15 and len(b) >= 15 and (a.endswith(b) or b.endswith(a))


def _nearer_printed_twice(page: Page, line: int, start: int) -> int | None:
    """The nearest line above `start` and below `line` that is another headline printed twice."""
    key = page.lines[line].key
    for j in range(start - 1, line, -1):
        other = page.lines[j]
        if other.headline and not _same_headline(other.key, key) and _printed_twice(page, j, reach=8) \
                and not never_a_title_line(other, page.language):
            return j
    return None


def _repeated_headline(page: Page, start: int, keep: list[bool]) -> int | None:
    """A headline printed twice in a row (the same text, or with a label glued in front), outside the article,
    with article text within a few lines after it and most of the article's text below it: the index of its
    shorter copy."""
    lines = page.lines
    mass = [max(line.units, 0.0) if k else 0.0 for line, k in zip(lines, keep)]
    total = sum(mass)
    after = total
    for j in range(len(lines) - 1):
        after -= mass[j]
        if j < start - 6 or after < 0.5 * total:
            continue
        i = j + 1
        a, b = lines[j].key, lines[i].key
        if len(a) < 15 or len(b) < 15 or not (a.endswith(b) or b.endswith(a)) or keep[j] or keep[i]:
            continue
        shorter = j if len(a) <= len(b) else i
        following = next((k for k in range(i + 1, min(len(lines), i + 6)) if keep[k]), None)
        if following is not None and lines[shorter].headline \
                and not never_a_title_line(lines[shorter], page.language):
            return shorter
    return None
