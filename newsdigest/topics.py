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

FIELD_WEIGHTS = {"title": 3.0, "summary": 2.0, "tags": 2.0, "body": 1.0}
MAX_BODY_HITS = 3


@dataclass(frozen=True)
class TopicScore:
    slug: str
    score: float


class TopicMatcher:
    """All topic keywords compiled into one regular expression, so each text is scanned once."""

    def __init__(self, config: Config):
        self.config = config
        self._keyword_topics: list[list[tuple[str, float]]] = []  # group index -> [(topic slug, weight)]
        alternatives = []
        by_pattern: dict[str, int] = {}
        for rule in config.topics:
            for keyword, weight in rule.keywords:
                pattern = _keyword_pattern(keyword)
                if pattern not in by_pattern:
                    by_pattern[pattern] = len(alternatives)
                    alternatives.append(f"(?P<k{len(alternatives)}>{pattern})")
                    self._keyword_topics.append([])
                self._keyword_topics[by_pattern[pattern]].append((rule.slug, weight))
        self._regex = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE) \
            if alternatives else None

    def scores(self, *, title: str = "", summary: str = "", tags: tuple[str, ...] | list[str] = (),
               body: str = "") -> list[TopicScore]:
        """Every topic with a non-zero score, best first (ties in config order)."""
        if self._regex is None:
            return []
        totals: dict[str, float] = defaultdict(float)
        fields = {"title": title, "summary": summary, "tags": " ; ".join(tags), "body": body}
        for field_name, text in fields.items():
            if not text:
                continue
            hits: dict[int, int] = defaultdict(int)
            for match in self._regex.finditer(text):
                hits[int(match.lastgroup[1:])] += 1
            for group, count in hits.items():
                if field_name == "body":
                    count = min(count, MAX_BODY_HITS)
                for slug, weight in self._keyword_topics[group]:
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
