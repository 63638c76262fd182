"""Topic assignment: weighted, case-insensitive whole-word keyword rules from the config.

Where a keyword is found matters: a hit in the title counts three times, in the summary or tags
twice, in the body once (at most three body hits per keyword, so long articles do not win by length).
A keyword ending in '*' matches any word starting with it ("tariff*" matches "tariffs").
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from newsdigest.config import Config

_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
FIELD_WEIGHTS = {"title": 3.0, "summary": 2.0, "tags": 2.0, "body": 1.0}
MAX_BODY_HITS = 3


@dataclass(frozen=True)
class TopicScore:
    slug: str
    score: float


class TopicMatcher:
    """All topic keywords compiled once, so scoring a text costs about one pass over it.

    The text's lower-cased words are counted in C (`Counter`); single-word keywords are then
    dictionary look-ups and prefix keywords ("tariff*") a binary search in the sorted distinct words. Phrases
    ("trade deal") and keywords with other characters ("U.S.") are searched with a regular
    expression, and a phrase only when its first word occurs at all.
    """

    def __init__(self, config: Config):
        self.config = config
        self._keyword_topics: list[list[tuple[str, float]]] = []  # keyword index -> [(topic slug, weight)]
        self._single: dict[str, int] = {}                         # word -> keyword index
        self._prefixes: list[tuple[str, int]] = []                # (word prefix, keyword index)
        self._phrases: list[tuple[str, re.Pattern, int]] = []     # (first word, pattern, keyword index)
        seen: dict[tuple[str, bool], int] = {}
        for rule in config.topics:
            for keyword, weight in rule.keywords:
                prefix = keyword.endswith("*")
                bare = keyword.rstrip("*").strip().casefold()
                if (bare, prefix) not in seen:
                    index = seen[(bare, prefix)] = len(self._keyword_topics)
                    self._keyword_topics.append([])
                    words = _WORD.findall(bare)
                    if len(words) == 1 and words[0] == bare:
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
        counts = Counter(_WORD.findall(folded))
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

    def assign(self, *, title: str = "", summary: str = "", tags: tuple[str, ...] | list[str] = (),
               body: str = "", declared: tuple[str, ...] | list[str] = ()) -> tuple[str, ...]:
        """Topic slugs for one article: those its front matter declares win; else rules; else the fallback topic."""
        if declared:
            return tuple(declared)
        thresholds = {rule.slug: rule.threshold if rule.threshold is not None else self.config.topic_threshold
                      for rule in self.config.topics}
        chosen = [s.slug for s in self.scores(title=title, summary=summary, tags=tags, body=body)
                  if s.score >= thresholds[s.slug]]
        return tuple(chosen[: self.config.max_topics]) or (self.config.fallback_topic.slug,)


def _keyword_pattern(keyword: str) -> str:
    prefix = keyword.endswith("*")
    words = keyword.rstrip("*").split()
    pattern = r"\s+".join(re.escape(word) for word in words)
    return pattern + r"\w*" if prefix else pattern
