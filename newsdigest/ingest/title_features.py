"""Features of each headline candidate, for the learned title chooser (`title` in `line_model.json`).

They hold in any language: where the candidate is relative to the article, its size and shape, how many of its
words the article's opening uses, how often it recurs on the page, what a piece leaves out (how long, in capitals,
recurring: a site or section name is printed on many lines, a kicker seldom), whether a byline or date line
follows, and the rules that mark captions, share bars, ratings, date lines and bylines; a few figures are also
given relative to the page's best candidate.
"""

from __future__ import annotations

import functools
import math
import re
from urllib.parse import unquote, urlsplit

from newsdigest.ingest import captions, rules
from newsdigest.ingest.clean import comparable
from newsdigest.ingest.outlet_names import TRANSLITERATION, compact
from newsdigest.ingest.dates import find_dates
from newsdigest.ingest.lang import tokens
from newsdigest.ingest.lines import Page
from newsdigest.ingest.title_candidates import DURATION, Candidate, kicker_printed_apart
from newsdigest.scripts import SENTENCE_END_MARKS

_SENTENCE_END = re.compile(rf"[{SENTENCE_END_MARKS}]$")
_DIGIT = re.compile(r"\d")

FEATURES = [
    "distance", "before_start", "log_units", "log_chars", "period_end", "question_end", "title_case",
    "upper_ratio", "stop_ratio", "repeats", "p_article", "noise", "section", "caption", "date_line", "meta_line",
    "separators", "lead_overlap", "body_overlap", "piece", "piece_first", "piece_last", "pieces",
    "piece_recurs", "blank_before", "headline_shape", "digit_ratio", "units_vs_best", "in_body_text", "meta_between",
    "kicker_split", "echo", "kept_between", "prose_between", "mass_after", "headline_rank",
    "share_after", "prose_above", "lead_below", "headline_above", "sentence_shape",
    "dropped_words", "dropped_upper", "dropped_recurs", "kicker_apart",
    "slug_known", "slug_precision", "slug_recall", "meta_below",
]
# Figures also given relative to the page's best candidate (value minus the page's maximum): the chooser scores
# one candidate at a time, and whether a headline is followed by "much" article text or shares "many" words with
# it only means something next to the other candidates of the same page.
RELATIVE = ["mass_after", "lead_overlap", "body_overlap", "log_units", "echo", "p_article", "slug_precision",
            "slug_recall"]
FEATURES += [name + "_vs_best" for name in RELATIVE]


def _lead_below(lines, line: int) -> float:
    """1 when one of the next two lines is a standfirst: a sentence of 12 words or more."""
    for j in range(line + 1, min(len(lines), line + 3)):
        if lines[j].units >= 12 and _SENTENCE_END.search(lines[j].text.rstrip()):
            return 1.0
    return 0.0


def _meta_below(page: Page, line: int, cache: dict[int, bool], lengths: frozenset[int]) -> float:
    """1 when one of the next three lines is a byline or a dated line: an article's header goes on below its
    headline with who wrote it and when. A video's length under its title in a playlist (a line in `lengths`)
    tells nothing."""
    lines = page.lines
    for j in range(line + 1, min(len(lines), line + 4)):
        if j not in cache:
            cache[j] = j not in lengths and (
                lines[j].meta or lines[j].date_line or _is_dated(lines[j].text, page.language))
        if cache[j]:
            return 1.0
    return 0.0


def video_lengths(page: Page) -> frozenset[int]:
    """The lines of a video playlist that give a video's length ("03:29"): a time alone, with another two lines
    above or below it (title, length, title, length ...). A time alone under a headline, with none such beside it,
    is the article's."""
    alone = {i for i, line in enumerate(page.lines) if DURATION.match(line.text)}
    return frozenset(i for i in alone if i - 2 in alone or i + 2 in alone)


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
             keep: list[bool], url: str = "") -> list[list[float]]:
    lines = page.lines
    slug = slug_words(url)
    in_slug = frozenset().union(*slug)
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
    meta_cache: dict[int, bool] = {}
    lengths = video_lengths(page)
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
        caption = whole.caption if whole else captions.is_caption(text)
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
            1.0 if kicker_printed_apart(page, c) else 0.0,
            *_slug_match(text, slug, in_slug),
            _meta_below(page, c.line, meta_cache, lengths),
        ])
    columns = [FEATURES.index(name) for name in RELATIVE]
    for k in columns:
        best = max((row[k] for row in out), default=0.0)
        for row in out:
            row.append(row[k] - best)
    return out


# -- the page's address ------------------------------------------------------------------------------
# Most outlets spell the headline in the page's address ("/2024/04/25/nepal-says-no-proof-flydubai-plane-..."): how
# much of a candidate the address spells, and how much of the address the candidate holds, is a strong hint where
# the address is known (`--url`, a scraper record's `url`). Without one the three features are 0 for every
# candidate, and the chooser was trained on pages both with and without their address.

MIN_SLUG_WORDS = 3
_SLUG_SPLIT = re.compile(r"[^\w]+|_")
WORD_SPLIT = re.compile(r"[\s\-‐‑–—/|:]+")


@functools.lru_cache(maxsize=4096)
def _spellings(word: str) -> frozenset[str]:
    """A word as an address may spell it: accents dropped, umlauts and ß written out ("Grüße": grusse, gruesse)."""
    folded = word.casefold()
    return frozenset((compact(folded), compact(folded.translate(TRANSLITERATION)))) - {""}


def spelled_in(word: str, slug_terms: frozenset[str]) -> bool:
    """Whether an address whose words are `slug_terms` (the union of `slug_words`) spells this word."""
    return bool(_spellings(word) & slug_terms)


def slug_words(url: str) -> tuple[frozenset[str], ...]:
    """The words of a URL's path (not its host or query), each in its spellings; empty when fewer than three
    (an address of numbers and ids spells no headline)."""
    if not url:
        return ()
    path = unquote(urlsplit(url).path)
    words = dict.fromkeys(w for w in _SLUG_SPLIT.split(path.casefold()) if len(w) >= 2 and not w.isdigit())
    spelled = tuple(_spellings(w) for w in words)
    return spelled if len(spelled) >= MIN_SLUG_WORDS else ()


def _slug_match(text: str, slug: tuple[frozenset[str], ...], in_slug: frozenset[str] | None = None
                ) -> tuple[float, float, float]:
    """(address known, share of the candidate's words the address spells, share of the address's words the
    candidate holds)."""
    if not slug:
        return 0.0, 0.0, 0.0
    words = [spelled for spelled in (_spellings(w) for w in WORD_SPLIT.split(text)) if spelled]
    if not words:
        return 1.0, 0.0, 0.0
    in_slug = frozenset().union(*slug) if in_slug is None else in_slug
    held = set().union(*words)
    return (1.0, sum(1 for spelled in words if spelled & in_slug) / len(words),
            sum(1 for spelled in slug if spelled & held) / len(slug))


def _upper_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(map(str.isupper, letters)) / len(letters) if letters else 0.0


def _is_dated(text: str, language: str) -> bool:
    """A line that carries a date in the page's language ("2025年1月13日 21時37分", "Von X, 9. September 2025")."""
    return _DIGIT.search(text) is not None and bool(find_dates(text, language))
