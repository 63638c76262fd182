"""Topic assignment: weighted, case-insensitive whole-word keyword rules from the config.

Where a keyword is found matters: a hit in the title counts three times, in the summary or tags
twice, in the body once (at most three body hits per keyword, so long articles do not win by length).
A keyword ending in '*' matches any word starting with it ("tariff*" matches "tariffs").
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from newsdigest.config import Config, TopicRule

_WORD = re.compile(r"\w+")
_PLAIN_KEYWORD = re.compile(r"[\w\s'’-]+")
FIELD_WEIGHTS = {"title": 3.0, "summary": 2.0, "tags": 2.0, "body": 1.0}
MAX_BODY_HITS = 3


@dataclass(frozen=True)
class TopicScore:
    slug: str
    score: float


class TopicMatcher:
    """All topic keywords compiled once, so each text is scanned once.

    Keywords made of words (letters, digits, spaces, hyphens, apostrophes) are matched on the text's
    lower-cased word tokens with dictionary look-ups, which is linear in the text's length; the few
    with other characters ("U.S.", "C++") go through one regular expression.
    """

    def __init__(self, config: Config):
        self.config = config
        self._keyword_topics: list[list[tuple[str, float]]] = []  # keyword index -> [(topic slug, weight)]
        self._exact: dict[tuple[str, ...], int] = {}     # token sequence -> keyword index
        self._prefixes: dict[tuple[str, ...], int] = {}  # token sequence whose last token is a prefix
        self._first_tokens: set[str] = set()
        self._prefix_heads: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
        self._longest = 1
        alternatives = []
        seen: dict[tuple[str, str], int] = {}
        for rule in config.topics:
            for keyword, weight in rule.keywords:
                prefix = keyword.endswith("*")
                bare = keyword.rstrip("*").strip()
                key = (bare.casefold(), "*" if prefix else "")
                if key not in seen:
                    seen[key] = len(self._keyword_topics)
                    self._keyword_topics.append([])
                    index = seen[key]
                    tokens = tuple(_WORD.findall(bare.casefold()))
                    if _PLAIN_KEYWORD.fullmatch(bare) and tokens:
                        self._longest = max(self._longest, len(tokens))
                        if prefix:
                            self._prefixes[tokens] = index
                            self._prefix_heads[tokens[0][:1]].append((tokens, index))
                        else:
                            self._exact[tokens] = index
                            self._first_tokens.add(tokens[0])
                    else:
                        alternatives.append(f"(?P<k{index}>{_keyword_pattern(keyword)})")
                self._keyword_topics[seen[key]].append((rule.slug, weight))
        self._regex = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE) \
            if alternatives else None

    def _hits(self, text: str) -> dict[int, int]:
        hits: dict[int, int] = defaultdict(int)
        tokens = _WORD.findall(text.casefold())
        exact, prefixes, first_tokens, heads = self._exact, self._prefixes, self._first_tokens, self._prefix_heads
        for position, token in enumerate(tokens):
            if token in first_tokens:
                for length in range(1, min(self._longest, len(tokens) - position) + 1):
                    index = exact.get(tuple(tokens[position:position + length]))
                    if index is not None:
                        hits[index] += 1
            for candidate, index in heads.get(token[:1], ()):
                end = position + len(candidate)
                window = tokens[position:end]
                if (len(window) == len(candidate) and window[-1].startswith(candidate[-1])
                        and tuple(window[:-1]) == candidate[:-1]):
                    hits[index] += 1
        if self._regex is not None:
            for match in self._regex.finditer(text):
                hits[int(match.lastgroup[1:])] += 1
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
               body: str = "", explicit: tuple[str, ...] | list[str] = ()) -> tuple[str, ...]:
        """Topic slugs for one article: front matter `topics` win; else rules; else the fallback topic."""
        if explicit:
            return tuple(explicit)
        thresholds = {rule.slug: rule.threshold if rule.threshold is not None else self.config.topic_threshold
                      for rule in self.config.topics}
        chosen = [s.slug for s in self.scores(title=title, summary=summary, tags=tags, body=body)
                  if s.score >= thresholds[s.slug]]
        return tuple(chosen[: self.config.max_topics]) or (self.config.fallback_topic.slug,)


def topic_rules_by_slug(config: Config) -> dict[str, TopicRule]:
    return {rule.slug: rule for rule in config.all_topics()}


def _keyword_pattern(keyword: str) -> str:
    prefix = keyword.endswith("*")
    words = keyword.rstrip("*").split()
    pattern = r"\s+".join(re.escape(word) for word in words)
    return pattern + r"\w*" if prefix else pattern
