"""Topic assignment: weighted, case-insensitive whole-word keyword rules from the config.

Where a keyword is found matters: a hit in the title counts three times, in the summary or tags
twice, in the body once (at most three body hits per keyword, so long articles do not win by length).
A keyword ending in '*' matches any word starting with it ("tariff*" matches "tariffs").

A site without rules (`topics:` empty) still gets sections: the categories its sources filed the articles
under, mapped onto a fixed set of sections (`newsdigest.sections`).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from newsdigest.config import Config, TopicRule
from newsdigest.sections import SECTIONS, section_for
from newsdigest.scripts import UNSPACED_LETTER, without_common_punctuation

_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
FIELD_WEIGHTS = {"title": 3.0, "summary": 2.0, "tags": 2.0, "body": 1.0}
MAX_BODY_HITS = 3
# Turns every ASCII byte that cannot be part of a word (`\w`: letters, digits, "_") into a space; other bytes,
# the UTF-8 of every character outside ASCII, stay.
_ASCII_NON_WORD_TO_SPACE = bytes(byte if byte >= 128 or chr(byte).isalnum() or byte == 95 else 32 for byte in range(256))


def word_counts(folded: str) -> Counter:
    r"""How often each word (`\w+`) occurs in `folded`: exactly `Counter(_WORD.findall(folded))`, about 40% faster.

    ASCII punctuation becomes spaces in one `bytes.translate`, and `str.split` cuts at every space; a piece
    with a character outside ASCII that is not a letter or digit (a dash, a combining accent) is cut again by
    the regular expression, which finds the same words in it as in the whole text.
    """
    if not folded.isascii():
        folded = without_common_punctuation(folded)
    if folded.isascii():
        return Counter(folded.encode("ascii").translate(_ASCII_NON_WORD_TO_SPACE).decode("ascii").split())
    counts = Counter(folded.encode("utf-8").translate(_ASCII_NON_WORD_TO_SPACE).decode("utf-8").split())
    for piece in [piece for piece in counts if not piece.isalnum() and not piece.isascii()]:
        times = counts.pop(piece)
        for word in _WORD.findall(piece):
            counts[word] += times
    return counts


@dataclass(frozen=True)
class TopicScore:
    slug: str
    score: float


class TopicMatcher:
    """All topic keywords compiled once, so scoring a text costs about one pass over it.

    The text's lower-cased words are counted in C (`Counter`); single-word keywords are then
    dictionary look-ups and prefix keywords ("tariff*") a binary search in the sorted distinct words. Phrases
    ("trade deal") and keywords with other characters ("U.S.") are searched with a regular
    expression, and a phrase only when its first word occurs at all. A keyword in Chinese, Japanese or Korean
    counts wherever it occurs (`str.count`): those scripts mark no word boundaries a keyword could respect.
    """

    def __init__(self, config: Config):
        self.config = config
        self._keyword_topics: list[list[tuple[str, float]]] = []  # keyword index -> [(topic slug, weight)]
        self._single: dict[str, int] = {}                         # word -> keyword index
        self._prefixes: list[tuple[str, int]] = []                # (word prefix, keyword index)
        self._phrases: list[tuple[str, re.Pattern, int]] = []     # (first word, pattern, keyword index)
        self._inside_words: list[tuple[str, int]] = []             # (Chinese, Japanese or Korean keyword, index)
        seen: dict[tuple[str, bool], int] = {}
        for rule in config.topics:
            for keyword, weight in rule.keywords:
                prefix = keyword.endswith("*")
                bare = keyword.rstrip("*").strip().casefold()
                if (bare, prefix) not in seen:
                    index = seen[(bare, prefix)] = len(self._keyword_topics)
                    self._keyword_topics.append([])
                    words = _WORD.findall(bare)
                    # Chinese and Japanese put no spaces between words, and Korean attaches particles to them
                    # ("지진이"): a keyword in these scripts is found anywhere in the text, not as a whole word.
                    if UNSPACED_LETTER.search(bare):
                        self._inside_words.append((bare, index))
                    elif len(words) == 1 and words[0] == bare:
                        (self._prefixes.append((bare, index)) if prefix else self._single.__setitem__(bare, index))
                    else:
                        # No leading (?<!\w): it would stop re's fast literal-prefix scan (20x slower);
                        # the word boundary before a match is checked in _hits instead.
                        pattern = re.compile(_keyword_pattern(keyword.casefold()) + r"(?!\w)")
                        self._phrases.append((words[0] if words and bare.startswith(words[0]) else "", pattern, index))
                self._keyword_topics[seen[(bare, prefix)]].append((rule.slug, weight))
        self._prefix_tuple = tuple(prefix for prefix, _ in self._prefixes)

    def _hits(self, text: str) -> dict[int, int]:
        hits: dict[int, int] = defaultdict(int)
        folded = text.casefold()
        counts = word_counts(folded)
        # Loop over whichever is shorter: a title's few words, or the keywords for a long body.
        if len(counts) < len(self._single):
            for word, count in counts.items():
                index = self._single.get(word)
                if index is not None:
                    hits[index] += count
        else:
            for word, index in self._single.items():
                if word in counts:
                    hits[index] += counts[word]
        if self._prefixes:
            if len(counts) < len(self._prefixes):
                for word, count in counts.items():
                    if word.startswith(self._prefix_tuple):
                        for prefix, index in self._prefixes:
                            if word.startswith(prefix):
                                hits[index] += count
            else:
                # Words starting with a prefix sit together in sorted order: a binary search per prefix.
                words = sorted(counts)
                for prefix, index in self._prefixes:
                    at = bisect.bisect_left(words, prefix)
                    while at < len(words) and words[at].startswith(prefix):
                        hits[index] += counts[words[at]]
                        at += 1
        for first_word, pattern, index in self._phrases:
            if not first_word or first_word in counts:
                for match in pattern.finditer(folded):
                    start = match.start()
                    if start == 0 or not _WORD_CHAR.match(folded, start - 1):
                        hits[index] += 1
        for keyword, index in self._inside_words:
            found = folded.count(keyword)
            if found:
                hits[index] += found
        return hits

    def scores(self, *, title: str = "", summary: str = "", tags: tuple[str, ...] | list[str] = (),
               body: str = "") -> list[TopicScore]:
        """Every topic with a non-zero score, best first (ties in config order)."""
        if not self._keyword_topics:
            return []
        totals: dict[str, float] = defaultdict(float)
        fields = {"title": title, "summary": summary, "tags": " ; ".join(tags), "body": body}
        for field_name, text in fields.items():
            if not text:
                continue
            for index, count in self._hits(text).items():
                if field_name == "body":
                    count = min(count, MAX_BODY_HITS)
                for slug, weight in self._keyword_topics[index]:
                    totals[slug] += weight * count * FIELD_WEIGHTS[field_name]
        order = {rule.slug: index for index, rule in enumerate(self.config.topics)}
        ranked = sorted(totals.items(), key=lambda item: (-item[1], order[item[0]]))
        return [TopicScore(slug, score) for slug, score in ranked]

    def contributions(self, *, title: str = "", summary: str = "", tags: tuple[str, ...] | list[str] = (),
                      body: str = "") -> list[KeywordHit]:
        """Every (topic, keyword, field) that adds to a score, with its hits and points, in config order.

        The points of one topic add up to its score in `scores`; this is the slower, itemised form of it,
        for explaining one article (`newsdigest topics explain`).
        """
        found: list[KeywordHit] = []
        keyword_of = {}
        for rule in self.config.topics:
            for keyword, _weight in rule.keywords:
                bare = keyword.rstrip("*").strip().casefold()
                keyword_of.setdefault((bare, keyword.endswith("*")), keyword)
        names = {index: keyword_of[key] for key, index in self._keyword_indexes().items()}
        fields = {"title": title, "summary": summary, "tags": " ; ".join(tags), "body": body}
        for field_name, text in fields.items():
            if not text:
                continue
            for index, count in sorted(self._hits(text).items()):
                counted = min(count, MAX_BODY_HITS) if field_name == "body" else count
                for slug, weight in self._keyword_topics[index]:
                    found.append(KeywordHit(slug, names[index], field_name, count,
                                            weight * counted * FIELD_WEIGHTS[field_name]))
        order = {rule.slug: index for index, rule in enumerate(self.config.topics)}
        return sorted(found, key=lambda hit: (order[hit.slug], list(fields).index(hit.field)))

    def _keyword_indexes(self) -> dict[tuple[str, bool], int]:
        """(bare keyword, is prefix) -> keyword index, as __init__ numbered them."""
        indexes: dict[tuple[str, bool], int] = {}
        for rule in self.config.topics:
            for keyword, _weight in rule.keywords:
                key = (keyword.rstrip("*").strip().casefold(), keyword.endswith("*"))
                indexes.setdefault(key, len(indexes))
        return indexes

    def threshold(self, slug: str) -> float:
        """The score a topic of the config's rules needs: its own `threshold`, else `topic_threshold`."""
        rule = next(rule for rule in self.config.topics if rule.slug == slug)
        return rule.threshold if rule.threshold is not None else self.config.topic_threshold

    def assign(self, *, title: str = "", summary: str = "", tags: tuple[str, ...] | list[str] = (),
               body: str = "", declared: tuple[str, ...] | list[str] = (), category: str = "",
               url: str = "") -> tuple[str, ...]:
        """Topic slugs for one article: those its front matter declares win; else rules; else the fallback topic.

        A config without rules assigns the section of the source's `category` (or of the article's `url`)
        instead, mapped by `section_for`; an article with neither gets the fallback topic too.
        """
        if declared:
            return tuple(declared)
        if not self.config.topics:
            return (section_for(category, url) or self.config.fallback_topic.slug,)
        thresholds = {rule.slug: rule.threshold if rule.threshold is not None else self.config.topic_threshold
                      for rule in self.config.topics}
        chosen = [s.slug for s in self.scores(title=title, summary=summary, tags=tags, body=body)
                  if s.score >= thresholds[s.slug]]
        return tuple(chosen[: self.config.max_topics]) or (self.config.fallback_topic.slug,)


@dataclass(frozen=True)
class KeywordHit:
    """One keyword of one topic found in one field of an article, and the points it adds to the topic."""

    slug: str
    keyword: str      # as the config writes it, e.g. "tariff*"
    field: str        # "title" | "summary" | "tags" | "body"
    count: int        # times found (in the body only MAX_BODY_HITS of them count)
    points: float


def _keyword_pattern(keyword: str) -> str:
    prefix = keyword.endswith("*")
    words = keyword.rstrip("*").split()
    pattern = r"\s+".join(re.escape(word) for word in words)
    return pattern + r"\w*" if prefix else pattern


def topic_rules(config: Config) -> tuple[TopicRule, ...]:
    """The topics a site's articles are assigned to, in the order the site lists them, fallback last:
    the config's rules when it has any, else the category sections (`SECTIONS`)."""
    rules = config.topics or tuple(rule for rule in SECTIONS if rule.slug != config.fallback_topic.slug)
    return rules + (config.fallback_topic,)
