"""Related articles: up to `related.count` an article, sharing a tag or a topic with it, within `related.window_days`.

A build after an edit works out again only the lists the edit can change, from what the last build kept of them
(`memory`: its lists as JSON text, which the persistent build cache stores and a watching process keeps). An
article's list depends on the articles that share one of its pages (a topic or tag) and lie within the window of
it, and on what the list compares of them: their time, tags, topics and address (an article's "signature"). So
the lists to work out again are the changed articles' own, and those of the articles that share a page with a
changed, added or removed article's version before or after the edit and lie within the window of it; every
other list is the last build's, the same articles as a build without the memory would find.
"""

from __future__ import annotations

import bisect
import json
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

from newsdigest.article import Article
from newsdigest.config import Config
from newsdigest.urls import term_slug

RELATED_CANDIDATES = 20  # per topic and side: nearest articles in time considered for "related"
TAG_CANDIDATES = 5       # ... per tag (an article has several: 20 each made "related" twice as slow)
WINDOW_MARGIN = 1.0      # seconds added to the window when finding the lists an edit touches (rounding of times)
RANKED_PER_SHOWN = 2
MEMORY_MAX_ARTICLES = 30_000    # a larger site keeps none: 450 bytes an article, 131 MB more at the peak at 100,000


def find_related(config: Config, articles: list[Article], memory: dict | None = None
                 ) -> dict[Path, tuple[Article, ...]]:
    """Up to twice `related.count` articles per article sharing a tag or a topic, within `related.window_days`: shared
    tags count most, shared topics next; nearer in time breaks ties, then the URL. The fallback topic is no topic in
    common (on a site whose rules left most articles there, "related" was any article of the fortnight).

    `memory`, when given, holds what the last call kept (see the module docstring); it is updated for the next."""
    if config.related.count == 0:
        if memory is not None:
            memory.clear()
        return {}
    window = timedelta(days=config.related.window_days).total_seconds()
    # Twice as many as a page shows: it lists one report of each story (pages.one_report_a_story), and the
    # stories are found beside this, not before it.
    count = RANKED_PER_SHOWN * config.related.count
    # Per article, computed once: its time, and its tag slugs and topics as bit sets (a shared tag is a shared
    # page), since scoring compares them hundreds of thousands of times and `(a & b).bit_count()` is cheap.
    stamps = [a.date.timestamp() for a in articles]
    tag_bits: dict[str, int] = {}
    topic_bits: dict[str, int] = {}

    def bit_set(values, bits: dict[str, int]) -> int:
        mask = 0
        for value in values:
            mask |= 1 << bits.setdefault(value, len(bits))
        return mask

    tag_slugs = [sorted({term_slug(t, "tag") for t in a.tags}) for a in articles]
    shared_topics = [[slug for slug in a.topics if slug != config.fallback_topic.slug] for a in articles]
    tag_masks = [bit_set(slugs, tag_bits) for slugs in tag_slugs]
    topic_masks = [bit_set(topics, topic_bits) for topics in shared_topics]
    by_page: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index in sorted(range(len(articles)), key=stamps.__getitem__):
        for key in _pages(shared_topics[index], tag_slugs[index]):   # a tag may be named as a topic
            by_page[key].append(index)
    page_stamps = {key: [stamps[i] for i in members] for key, members in by_page.items()}
    paths = [str(a.source_path) for a in articles]
    # What each list compares of an article, in the form JSON gives back (lists, not tuples).
    signatures = [[stamps[i], tag_slugs[i], shared_topics[i], a.page_url] for i, a in enumerate(articles)]
    params = [count, window, config.fallback_topic.slug, RELATED_CANDIDATES, TAG_CANDIDATES]
    kept = _kept_lists(memory, params)
    touched = _touched(kept, paths, signatures, by_page, page_stamps, window) if kept else range(len(articles))

    def ranked_for(index: int) -> tuple[int, ...]:
        when, tags, topics = stamps[index], tag_masks[index], topic_masks[index]
        candidates: set[int] = set()
        for key in _pages(shared_topics[index], tag_slugs[index]):
            # Only the nearest articles in time are candidates: a busy topic or tag with thousands of articles in
            # the window must not make this quadratic.
            times = page_stamps[key]
            here = bisect.bisect_left(times, when)
            reach = RELATED_CANDIDATES if key[0] == "topic" else TAG_CANDIDATES
            low = max(bisect.bisect_left(times, when - window), here - reach)
            high = min(bisect.bisect_right(times, when + window), here + reach)
            candidates.update(by_page[key][low:high])
        candidates.discard(index)
        ranked = sorted([(-(3 * (tags & tag_masks[other]).bit_count() + 2 * (topics & topic_masks[other]).bit_count()),
                          abs(stamps[other] - when), other) for other in candidates])
        if len(ranked) > count:  # ties at the cut are all kept, so the URL can order them below
            end = count
            while end < len(ranked) and ranked[end][:2] == ranked[count - 1][:2]:
                end += 1
            ranked = ranked[:end]
        ranked.sort(key=lambda entry: (entry[0], entry[1], articles[entry[2]].page_url))
        return tuple(entry[2] for entry in ranked[:count])

    place = {path: index for index, path in enumerate(paths)}
    chosen: list[tuple[int, ...] | None] = [None] * len(articles)
    for index in touched:
        chosen[index] = ranked_for(index)
    for index, path in enumerate(paths):
        if chosen[index] is None:
            listed = [place.get(other) for other in kept[path][1]]
            chosen[index] = tuple(listed) if None not in listed else ranked_for(index)
    if memory is not None:
        memory.clear()
        if len(articles) <= MEMORY_MAX_ARTICLES:
            lists = {path: [signatures[index], [paths[other] for other in chosen[index]]]
                     for index, path in enumerate(paths)}
            # ASCII: a file name that is not UTF-8 (a lone surrogate here) is stored escaped, as SQLite takes only UTF-8
            memory["json"] = json.dumps({"params": params, "lists": lists}, separators=(",", ":"))
    return {article.source_path: tuple(articles[other] for other in chosen[index])
            for index, article in enumerate(articles)}


def _pages(topics: list[str], tags: list[str]) -> list[tuple[str, str]]:
    return [*(("topic", slug) for slug in topics), *(("tag", slug) for slug in tags)]


def _kept_lists(memory: dict | None, params: list) -> dict:
    """The last call's lists, when it ran with the same settings and they read as written; else {}."""
    try:
        kept = json.loads(memory["json"]) if memory and isinstance(memory.get("json"), str) else {}
    except (ValueError, RecursionError):
        return {}
    if type(kept) is not dict or kept.get("params") != params or type(kept.get("lists")) is not dict:
        return {}
    lists = kept["lists"]
    if not all(type(entry) is list and len(entry) == 2 and type(entry[1]) is list
               and all(type(other) is str for other in entry[1]) for entry in lists.values()):
        return {}
    return lists


def _touched(kept: dict, paths: list[str], signatures: list[list], by_page: dict, page_stamps: dict,
             window: float) -> set[int]:
    """The articles whose lists an edit may have changed: the changed and added ones, and those within the window
    of a changed, added or removed article's version (as it was and as it is) on a page they share with it."""
    changed: list[list] = []
    touched: set[int] = set()
    now = dict(zip(paths, signatures))
    for path, (signature, _) in kept.items():
        if now.get(path) != signature:
            changed.append(signature)
    for index, path in enumerate(paths):
        before = kept.get(path)
        if before is None or before[0] != signatures[index]:
            changed.append(signatures[index])
            touched.add(index)
    reach = window + WINDOW_MARGIN
    for signature in changed:
        try:
            when = float(signature[0])
            for key in _pages(list(signature[2]), list(signature[1])):
                members = by_page.get(key)
                if members:
                    times = page_stamps[key]
                    touched.update(members[bisect.bisect_left(times, when - reach):
                                           bisect.bisect_right(times, when + reach)])
        except (TypeError, ValueError, IndexError):
            return set(range(len(paths)))   # a version the cache holds in a form never written: every list again
    return touched
