"""The headline of a plain-text dump: scored candidates at or before the start of the article.

Candidates are the lines from `WINDOW` lines above the first article line to just after it, and the pieces of
lines that join a headline with a site name or a kicker ("Title | Site", "Title - Site", "Kicker: Title",
"KICKER IN CAPITALS Title"). A piece knows what it leaves out, and the features say how long that is, whether it
is in capitals and how often it recurs on the page (a site or section name is printed on many lines, a kicker
seldom). Each candidate is scored by a small learned model (`title` in `line_model.json`, trained by
`evaluation/train_lines.py`) from features that hold in any language: where it is relative to the article, its
size and shape, how many of its words the article's opening uses, how often it recurs, and the rules that mark
captions, share bars, ratings, date lines and bylines; a few figures are also given relative to the page's best
candidate. The best-scoring candidate wins, corrected by what the layout says for sure (`pick`): a headline
printed twice is a unit, and a kicker the page prints apart from its headline is not part of it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from newsdigest.ingest import rules
from newsdigest.ingest.clean import comparable
from newsdigest.ingest.dates import find_dates
from newsdigest.ingest.lang import tokens
from newsdigest.ingest.lines import Page, Trees

WINDOW = 40                  # lines above the article searched for its headline
AFTER = 3                    # and lines after its first line
_SPLITTERS = re.compile(r"\s+[|–—·•/»›-]\s+|\s+::\s+")
_KICKER = re.compile(r"^(?P<kicker>[^:]{2,60}):\s+(?P<rest>\S.{8,})$")
_SENTENCE_END = re.compile(r"[.!?…。！？]$")
_DIGIT = re.compile(r"\d")

FEATURES = [
    "distance", "before_start", "log_units", "log_chars", "period_end", "question_end", "title_case",
    "upper_ratio", "stop_ratio", "repeats", "p_article", "noise", "section", "caption", "date_line", "meta_line",
    "separators", "lead_overlap", "body_overlap", "piece", "piece_first", "piece_last", "pieces",
    "piece_recurs", "blank_before", "headline_shape", "digit_ratio", "units_vs_best", "in_body_text", "meta_between",
    "kicker_split", "echo", "kept_between", "prose_between", "mass_after", "headline_rank",
    "share_after", "prose_above", "lead_below", "headline_above", "sentence_shape",
    "dropped_words", "dropped_upper", "dropped_recurs", "kicker_apart",
]
# Figures also given relative to the page's best candidate (value minus the page's maximum): the chooser scores
# one candidate at a time, and whether a headline is followed by "much" article text or shares "many" words with
# it only means something next to the other candidates of the same page.
RELATIVE = ["mass_after", "lead_overlap", "body_overlap", "log_units", "echo", "p_article"]
FEATURES += [name + "_vs_best" for name in RELATIVE]


@dataclass(frozen=True)
class Candidate:
    line: int                # index into page.lines
    text: str
    piece: int = 0           # 0: the whole line; 1: the first piece of a split; 2: a later piece
    pieces: int = 1
    kicker: bool = False
    dropped: str = ""        # what a piece leaves out of its line (a site name, a kicker)


# A kicker in capitals run into its headline without a separator ("STORM WARNING Coastal towns brace ..."): two or
# more words in capitals, then a word in lower case (checked with str.isupper too: the pattern's "capital" is any
# letter but a-z, which lets accented capitals in, and letters of scripts without case, which the check keeps out).
_CAPS_KICKER = re.compile(r"^(?P<kicker>(?:[^\W\d_a-z]{2,}[\s\-']+){1,5}?[^\W\d_a-z]{2,})\s+(?P<rest>[^\W\d_][^\W\d_A-Z]\S*\s.{8,})$")


def candidates(page: Page, start: int) -> list[Candidate]:
    lines = page.lines
    out: list[Candidate] = []
    for i in range(max(0, start - WINDOW), min(len(lines), start + AFTER)):
        text = lines[i].text
        if len(text) > 300 or not any(c.isalpha() for c in text) or _never_a_title_line(lines[i], page.language):
            continue
        out.append(Candidate(i, text))
        parts = [p.strip() for p in _SPLITTERS.split(text) if p.strip()]
        if 1 < len(parts) <= 5:
            for k, part in enumerate(parts):
                if len(part) >= 8:
                    dropped = " ".join(parts[:k] + parts[k + 1:])
                    out.append(Candidate(i, part, 1 if k == 0 else 2, len(parts), dropped=dropped))
        kicker = _KICKER.match(text)
        if kicker and len(kicker.group("kicker").split()) <= 8:
            out.append(Candidate(i, kicker.group("rest").strip(), 2, 2, kicker=True,
                                 dropped=kicker.group("kicker").strip()))
        capitals = _CAPS_KICKER.match(text)
        if capitals and not kicker and len(parts) == 1 and capitals.group("kicker").isupper() \
                and not capitals.group("rest").split()[0].isupper():
            out.append(Candidate(i, capitals.group("rest").strip(), 2, 2, kicker=True,
                                 dropped=capitals.group("kicker")))
    return out


def _squashed(text: str) -> str:
    """Only the letters and digits of a text, casefolded: the same headline whatever joins its kicker to it."""
    return "".join(c for c in text.casefold() if c.isalnum())


def _kicker_printed_apart(page: Page, c: Candidate, reach: int = 4) -> bool:
    """The kicker of a "Kicker: Headline" line is printed apart from the headline nearby, run into it without the
    colon ("Kicker Headline", '"Quote"Headline'): the kicker is a separate element of the page, not part of the
    headline."""
    if not c.kicker or not c.dropped:
        return False
    text = page.lines[c.line].text
    whole = _squashed(text)
    if len(whole) < 15:
        return False
    for j in range(max(0, c.line - reach), min(len(page.lines), c.line + reach + 1)):
        other = page.lines[j].text
        if j != c.line and other != text and _squashed(other) == whole and ":" not in other:
            return True
    return False


def _lead_below(lines, line: int) -> float:
    """1 when one of the next two lines is a standfirst: a sentence of 12 words or more."""
    for j in range(line + 1, min(len(lines), line + 3)):
        if lines[j].units >= 12 and _SENTENCE_END.search(lines[j].text.rstrip()):
            return 1.0
    return 0.0


def _headline_above(lines, line: int) -> float:
    """1 when one of the two lines above is shaped like a headline and is not a label, caption or date."""
    for j in range(max(0, line - 2), line):
        other = lines[j]
        if other.headline and not (other.noise or other.caption or other.section or other.meta):
            return 1.0
    return 0.0


def _headline_ranks(page: Page, cands: list[Candidate], start: int) -> dict[int, int]:
    """How many other headline-shaped lines stand between each candidate line and the article (0: the nearest).

    Copies of one headline (the same text, or with a label glued in front) share a rank.
    """
    ranks: dict[int, int] = {}
    rank = -1
    previous_key = ""
    for line in sorted({c.line for c in cands if c.line < start and not c.piece}, reverse=True):
        if not page.lines[line].headline:
            continue
        key = page.lines[line].key
        if not (previous_key and (key.endswith(previous_key) or previous_key.endswith(key))):
            rank += 1
        ranks[line] = rank
        previous_key = key
    return ranks


def _mass_after(page: Page, line: int, key: str, end: int, keep: list[bool], cache: dict) -> float:
    """The article text that follows a candidate before the next headline-shaped line outside the article.

    A teaser's headline is followed by its one-line summary and then the next teaser's headline; an article's
    headline by the whole article.
    """
    if (line, key) in cache:
        return cache[(line, key)]
    lines = page.lines
    mass = 0.0
    for j in range(line + 1, min(end, len(lines))):
        other = lines[j]
        if keep[j]:
            mass += max(other.units, 0.0)
        elif other.headline and not other.caption and not (key and other.key.endswith(key)):
            break
    cache[(line, key)] = value = math.log1p(mass)
    return value


def never_a_title(text: str, language: str) -> bool:
    """Captions and photo credits, share bars, cookie and newsletter blurbs, section headers, date lines, bylines."""
    return (rules.is_caption(text) or rules.is_noise(text) or rules.is_share_bar(text)
            or rules.is_section_header(text) or rules.is_meta_line(text) or is_date_line(text, language))


def is_date_line(text: str, language: str) -> bool:
    """Mostly a date: at most three words besides the dates on it."""
    found = find_dates(text, language) if any(c.isdigit() for c in text) else []
    if not found:
        return False
    rest = text
    for item in found:
        rest = rest.replace(item.text.strip(), " ")
    return len(re.findall(r"[^\W\d_]{2,}", rest)) <= 3


def _never_a_title_line(line, language: str) -> bool:
    """`never_a_title` for a whole line, from the rule flags read with the page."""
    return (line.caption or line.noise or line.section or line.meta or rules.is_share_bar(line.text)
            or (_has_digit(line.text) and (rules.is_meta_line(line.text) or is_date_line(line.text, language))))


def _has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


def _lines_containing(joined: str, key: str) -> int:
    """How many rows of `joined` (lines, each ended by a newline) contain `key` (which has no newline)."""
    if not key:
        return joined.count("\n")
    count = 0
    at = joined.find(key)
    while at >= 0:
        count += 1
        at = joined.find(key, joined.find("\n", at) + 1)
    return count


def _content_words(words: list[str], stop_words: frozenset[str]) -> set[str]:
    return {w for w in words if w not in stop_words and (len(w) >= 3 or not w.isascii())}


def features(page: Page, cands: list[Candidate], start: int, end: int, probabilities: list[float],
             keep: list[bool]) -> list[list[float]]:
    lines = page.lines
    stop = page.stop_words
    # The article's words, from a little after its start, so that a candidate inside the article's first lines
    # is not compared with itself.
    kept = [i for i in range(start, end) if keep[i]]
    leads = {}
    body_words: list[str] = []
    for i in kept:
        body_words.extend(lines[i].words)
    body = _content_words(body_words, stop)

    def lead_after(line: int) -> set[str]:
        if line not in leads:
            words: list[str] = []
            for i in kept:
                if i > line:
                    words.extend(lines[i].words)
                    if len(words) >= 150:
                        break
            leads[line] = _content_words(words[:150], stop)
        return leads[line]

    body_text = "\n".join(lines[i].key for i in range(start, end) if keep[i])
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.key] = counts.get(line.key, 0) + 1
    # Recurrences are counted in one string of all the page's lines (one per row) rather than line by line: the
    # same counts, without a Python loop over every line for every candidate.
    joined = "\n".join(line.key for line in lines) + "\n"
    piece_lines: dict[str, int] = {}
    for c in cands:
        if c.piece:
            key = comparable(c.text)
            if key not in piece_lines:
                piece_lines[key] = _lines_containing(joined, key)
    echoes: dict[str, int] = {}
    for c in cands:
        key = comparable(c.text)
        if key not in echoes:
            # Lines that end with the text: a row ends where a newline follows.
            echoes[key] = joined.count(key + "\n") - 1 if len(key) >= 15 else 0
    # How many other lines hold what a piece drops: a site name or section name recurs, a kicker seldom does.
    dropped_lines: dict[str, int] = {}
    for c in cands:
        if c.dropped and c.dropped not in dropped_lines:
            key = comparable(c.dropped)
            dropped_lines[c.dropped] = _lines_containing(joined, key) - 1 if len(key) >= 3 else 0
    best_units = max((lines[c.line].units for c in cands), default=1.0) or 1.0
    first_line = min((c.line for c in cands), default=start)
    meta = {j: lines[j].meta or _is_dated(lines[j].text, page.language)
            for j in range(first_line, max(start, first_line))}
    meta_between = {}
    running = 0
    for j in range(max(start, first_line) - 1, first_line - 1, -1):
        meta_between[j] = running
        running += meta.get(j, False)
    kept_before = [0]                 # kept lines, and kept prose lines, above each line
    prose_before = [0]
    for i, line in enumerate(lines):
        kept_before.append(kept_before[-1] + (1 if keep[i] else 0))
        prose_before.append(prose_before[-1] + (1 if keep[i] and line.units >= 15 else 0))
    mass_after: dict[tuple[int, str], float] = {}
    ranks = _headline_ranks(page, cands, start)
    total_after = {}
    for c in cands:
        if c.line not in total_after:
            total_after[c.line] = sum(max(lines[j].units, 0.0) for j in range(c.line + 1, end) if keep[j])
    out = []
    for c in cands:
        text = c.text
        words = tokens(text)
        content = _content_words(words, stop)
        key = comparable(text)
        units = len(words) - sum(1 for w in words if len(w) == 1 and not w.isascii()) / 2
        letters = sum(map(str.isalpha, text)) or 1
        alpha_words = [w for w in text.split() if w[:1].isalpha()]
        distance = start - c.line
        whole = lines[c.line] if not c.piece else None
        dated = _is_dated(text, page.language)
        noise = whole.noise if whole else rules.is_noise(text)
        section = whole.section if whole else rules.is_section_header(text)
        caption = whole.caption if whole else rules.is_caption(text)
        meta_line = whole.meta if whole else rules.is_meta_line(text)
        headline = whole.headline if whole else rules.is_headline(text)
        out.append([
            math.copysign(math.log1p(abs(distance)), distance),
            1.0 if distance > 0 else 0.0,
            math.log1p(max(units, 0.0)),
            math.log1p(len(text)),
            1.0 if text.endswith(".") and not text.endswith("...") else 0.0,
            1.0 if text.endswith(("?", "!", "？", "！")) else 0.0,
            sum(1 for w in alpha_words if w[0].isupper()) / len(alpha_words) if alpha_words else 0.0,
            sum(map(str.isupper, text)) / letters,
            sum(1 for w in words if w in stop) / len(words) if words else 0.0,
            math.log(counts.get(lines[c.line].key, 1)),
            probabilities[c.line],
            1.0 if noise else 0.0,
            1.0 if section else 0.0,
            1.0 if caption else 0.0,
            1.0 if dated else 0.0,
            1.0 if dated or meta_line else 0.0,
            float(len(re.findall(r"[|›»•·]", text))),
            len(content & lead_after(c.line)) / len(content) if content else 0.0,
            len(content & body) / len(content) if content else 0.0,
            1.0 if c.piece else 0.0,
            1.0 if c.piece == 1 else 0.0,
            1.0 if c.piece == 2 else 0.0,
            float(c.pieces),
            math.log1p(piece_lines.get(key, 0)) if c.piece else 0.0,
            float(lines[c.line].blank_before),
            1.0 if headline else 0.0,
            sum(map(str.isdigit, text)) / len(text),
            max(units, 0.0) / best_units,
            1.0 if len(key) >= 12 and key in body_text and not keep[c.line] else 0.0,
            float(min(meta_between.get(c.line, 0), 5)),
            1.0 if c.kicker else 0.0,
            math.log1p(max(echoes[key], 0)),
            math.log1p(max(kept_before[start] - kept_before[c.line + 1], 0)),
            math.log1p(max(prose_before[start] - prose_before[c.line + 1], 0)),
            _mass_after(page, c.line, key, end, keep, mass_after),
            float(min(ranks.get(c.line, 6), 6)),
            math.expm1(mass_after[(c.line, key)]) / total_after[c.line] if total_after[c.line] else 0.0,
            float(prose_before[c.line] - prose_before[max(0, c.line - 8)]),
            _lead_below(lines, c.line),
            _headline_above(lines, c.line),
            1.0 if _SENTENCE_END.search(text.rstrip()) and units >= 12 else 0.0,
            math.log1p(len(c.dropped.split())),
            1.0 if c.dropped and _upper_share(c.dropped) >= 0.8 else 0.0,
            math.log1p(max(dropped_lines.get(c.dropped, 0), 0)),
            1.0 if _kicker_printed_apart(page, c) else 0.0,
        ])
    columns = [FEATURES.index(name) for name in RELATIVE]
    for k in columns:
        best = max((row[k] for row in out), default=0.0)
        for row in out:
            row.append(row[k] - best)
    return out


def _upper_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(map(str.isupper, letters)) / len(letters) if letters else 0.0


def _is_dated(text: str, language: str) -> bool:
    """A line that carries a date in the page's language ("2025年1月13日 21時37分", "Von X, 9. September 2025")."""
    return _has_digit(text) and bool(find_dates(text, language))


def choose(page: Page, start: int, end: int, probabilities: list[float], keep: list[bool], model: Trees
           ) -> Candidate | None:
    """The best-scoring headline candidate for the article that starts at line `start`."""
    cands = candidates(page, start)
    if not cands:
        return None
    scores = [model.log_odds(x) for x in features(page, cands, start, end, probabilities, keep)]
    return pick(page, cands, scores, start, keep)


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
    if repeated is not None and repeated > best.line:
        # The model's pick has other, lighter prose (teasers' summaries) between it and a headline that is printed
        # twice right above the article: that one is the article's.
        between = sum(max(page.lines[i].units, 0.0) for i in range(best.line + 1, repeated) if keep[i])
        after = sum(max(page.lines[i].units, 0.0) for i in range(repeated + 1, len(keep)) if keep[i])
        if 0 < between < 0.5 * after:
            return Candidate(repeated, page.lines[repeated].text)
    return _without_separate_kicker(page, cands, best)


def _without_separate_kicker(page: Page, cands: list[Candidate], best: Candidate) -> Candidate:
    """A headline whose kicker the page prints as a separate element is the headline without it.

    The page shows "Kicker: Headline" in one place and "Kicker Headline" (or '"Kicker"Headline') in another, the
    same letters with the colon gone: the kicker is styled apart from the headline there, a label over it rather
    than part of it.
    """
    if best.piece:
        return best
    whole = _squashed(page.lines[best.line].text)
    for c in cands:
        if c.kicker and abs(c.line - best.line) <= 4 and _squashed(page.lines[c.line].text) == whole \
                and _kicker_printed_apart(page, c):
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
                and not _never_a_title_line(other, page.language):
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
                and not _never_a_title_line(lines[shorter], page.language):
            return shorter
    return None
