"""Grouping similar articles into stories: centroid linkage over a sparse similarity graph, weakened by time.

Pure functions over plain data (vectors as dicts, times in seconds); `newsdigest.stories` turns articles into
that data and the groups back into stories.

Why the time decay has two paces: reports of one event come in a burst (many outlets within hours), and a
later burst about the same subject is usually a new event (the next day's market report; the criminal
probe announced a day after the internal one). But a small site may carry one report a day of a story that
develops over three days. So grouping runs in two rounds:

1. **Bursts.** Links halve every `burst_half_life` (6 hours) between two groups: reports of the same hours
   group on their words, a report a day later almost never does.
2. **Developing stories.** The links that round 1 held back only for time are offered again, now halving
   at the groups' own pace: `BURST_SPACING_FACTOR` times the mean time between a group's reports (the
   larger of the two groups'), between `burst_half_life` and `half_life`. A group of reports minutes apart
   keeps the burst pace, so a burst a day later stays a story of its own; two single reports use `half_life`
   (`window_days`), so one report a day still grows a story (one meeting a group takes its pace). Nor do reports
   dated by the day only (`date: 2026-03-09`, placed at midday): two of one day may be hours apart, so a group
   with such a report has no pace either, unless both groups have several reports and an outlet in common
   (an outlet that reports again is a new development, as the daily market report is a new event each day).

On the labelled headlines (`python -m evaluation.stories`) the second pace keeps neighbouring events of one
subject apart: pairwise precision over all 44 labelled events 0.87 -> 0.97 at the same recall (their times are
when they were collected, so bursts there are sharper than on a real site). On BASIL's full texts, dated by the
day (`--set basil`), day-dated groups at the burst pace gave B-cubed F1 0.881, 0.963 with no pace (docs/stories.md).

Two established stories (`ESTABLISHED_REPORTS` reports each) join only at `ESTABLISHED_MARGIN` over the threshold:
on a day of many events, two stories that share a name but not their event ("SXSW" in the Snowden story and in
the festival's; a singer's two events) met at the threshold and made one group of hundreds (docs/stories.md).
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence

import numpy as np

from newsdigest.story_pairs import SimilarPairs

KEEP_TERMS = 60                   # heaviest terms kept per vector and per centroid
BURST_HALF_LIFE = 6 * 3600.0      # seconds; chosen on the `dev` half of the labelled headlines
BURST_SPACING_FACTOR = 10.0       # a group tolerates silences of about ten times its usual spacing
# A story runs at most this many half-lives (`window_days`: 15 days by default) from its first report to its last.
# Without a limit, a subject covered every day grows into one "story" as long as the archive (a group spanning months
# overlaps every later report, so no decay applies; its centroid is the subject's words): a topic, not an event,
# and merging into it costs a cosine with each of its many neighbours (at 100,000 generated articles, over 15 min).
MAX_SPAN_HALF_LIVES = 5.0
ESTABLISHED_REPORTS = 10          # a group of this many reports is a story of its own ...
ESTABLISHED_MARGIN = 0.05         # ... which joins another such only at this much over the threshold
GATHER_MIN_ROWS = 24              # from this many neighbours, a merge weighs them in arrays instead of one by one
HEAP_COMPACT_MIN = 1 << 16        # queued links from which stale ones are cleared out (see `_Grouping.compact`)


class _Links:
    """Links (a, b, similarity) kept for a later round, in flat arrays (tuples took ~100 bytes a link; 32 bits hold
    a group number, below twice the item count)."""

    def __init__(self) -> None:
        self.firsts, self.seconds, self.values = array("i"), array("i"), array("d")

    def append(self, link: tuple[int, int, float]) -> None:
        self.firsts.append(link[0])
        self.seconds.append(link[1])
        self.values.append(link[2])

    def __iter__(self) -> Iterator[tuple[int, int, float]]:
        return zip(self.firsts, self.seconds, self.values)


def centroid_link_groups(vectors: Sequence[Mapping] | TermRows,
                         pairs: SimilarPairs | Mapping[tuple[int, int], float],
                         threshold: float, keep: int = KEEP_TERMS, rests: list[float] | None = None,
                         spans: Iterable[tuple[float, float]] | None = None, half_life: float = 0.0,
                         burst_half_life: float = BURST_HALF_LIFE, day_only: Sequence[int] = (),
                         sources: Sequence[int] = ()) -> list[list[int]]:
    """Agglomerative clustering by centroid linkage over a sparse similarity graph; groups of 2+ items.

    `vectors` are the items' vectors with positive weights: {term: weight} mappings, or `TermRows` (as
    `story_vectors.Vectors.by_term_id` gives them). `rests` (from
    `stories.tfidf_vectors`) are the squared weights each vector has outside its stored terms, so cosines
    divide by whole lengths. `spans` are the (first, last) time of each item in seconds (read once); with a
    `half_life` the cosine of two groups is halved for every half-life between their spans, in the two
    rounds the module docstring describes. `day_only` flags (1) the items dated by the day only and `sources`
    numbers each item's outlet (-1 for none), for the pace of such items' groups.

    Each group is the sum of its members' vectors (its centroid, cut to its `keep` heaviest terms). Two groups
    merge, most similar first, while the cosine of their centroids reaches `threshold` (two of `ESTABLISHED_REPORTS`
    each: `ESTABLISHED_MARGIN` over it, undecayed) and, with a `half_life`, the merged group spans at most
    `MAX_SPAN_HALF_LIVES` half-lives; only groups joined by a pair in `pairs` are compared, so the cost follows the
    similarity graph. Unlike average linkage, a group's centroid gathers the words its members share, so a headline
    that shares a name with the story as a whole joins it although it shares few words with each single member;
    unlike single linkage it does not chain, because the centroid of a group is what must be similar, not any one
    member. Ties go to the pair whose earliest members come first, so the result depends only on the sorted input.
    """
    timed = spans is not None and half_life > 0
    if not isinstance(pairs, SimilarPairs):
        pairs = SimilarPairs.of(pairs)
    rows = vectors if isinstance(vectors, TermRows) else TermRows.of(vectors)
    grouping = _Grouping(rows, pairs, threshold, keep, rests, spans if timed else None)
    grouping.day_only = {item for item, flag in enumerate(day_only) if flag}
    grouping.sources = sources
    if not timed:
        grouping.run(0.0)
        return grouping.groups()
    grouping.max_span = MAX_SPAN_HALF_LIVES * half_life
    burst = min(burst_half_life, half_life)
    grouping.burst, grouping.slowest = burst, half_life
    grouping.run(burst)
    grouping.run(None)
    return grouping.groups()


class TermRows:
    """Vectors as the rows of a sparse matrix: row i's term ids are ids[pointers[i]:pointers[i + 1]] and
    their weights are the same slice of weights. A term's id orders as its term does, so ties between equal
    weights are broken as they would be by term."""

    def __init__(self, ids: np.ndarray, weights: np.ndarray, pointers: Sequence[int]) -> None:
        self.ids, self.weights, self.pointers = ids, weights, pointers

    @classmethod
    def of(cls, vectors: Sequence[Mapping]) -> TermRows:
        """The rows of {term: weight} mappings, their terms numbered in sorted order."""
        number = {term: rank for rank, term in enumerate(sorted({term for vector in vectors for term in vector}))}
        ids = np.fromiter((number[term] for vector in vectors for term in vector), dtype=np.int64)
        weights = np.fromiter((weight for vector in vectors for weight in vector.values()), dtype=np.float64)
        return cls(ids, weights, np.cumsum([0, *map(len, vectors)]).tolist())

    def __len__(self) -> int:
        return len(self.pointers) - 1


class _Grouping:
    """The state of one centroid-link clustering: live groups, their centroids, spans and candidate links.

    Vectors are pairs of arrays (term ids, weights): a single item's is a view of its row, a merged group's
    its own centroid. A merge adds the two vectors and weighs the merged centroid against all its neighbours
    in a few array operations, in `dense` (one weight per term of the vocabulary, all zero between merges):
    per term, in Python dicts, merging took most of the time of finding stories.
    """

    def __init__(self, rows: TermRows, pairs, threshold, keep, rests, spans) -> None:
        self.rows = rows
        self.row_starts = np.asarray(rows.pointers, dtype=np.int64)
        self.next_id = self.items = items = len(rows)  # items are groups 0..items-1; merged groups are numbered on
        self.threshold, self.keep = threshold, keep
        self.centroid: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.dense = np.zeros(int(rows.ids.max()) + 1 if len(rows.ids) else 0)
        self.norm: dict[int, float] = {}
        # The squared weight a group's vector has outside its kept terms (one member's own terms, terms cut from a
        # centroid: they add up). Kept in arrays by group number (items first, merged groups appended), read only
        # while the group is live: Python lists, sets and tuples took about 180 bytes an item.
        self.rest = array("d", rests if rests is not None else bytes(8 * items))
        self.members: dict[int, list[int]] = {}
        self.timed = spans is not None
        self.span_first, self.span_last = array("d"), array("d")   # the (first, last) time of each group's reports
        for first, last in spans or ():
            self.span_first.append(first)
            self.span_last.append(last)
        self.first: dict[int, int] = {}  # a merged group's earliest member
        # The groups linked to a group by a pair, as they were when it was made (`group_of` says which live group
        # each is in now): a single item's partners in `pairs`, a merged group's in an array (sets took most memory).
        self.pointers, self.partners = pairs.neighbours(len(rows))
        self.neighbours: dict[int, np.ndarray] = {}
        self.joined = array("q", range(items))  # item or group -> the group it was merged into (or itself)
        self.alive = bytearray(b"\1" * items)  # 1 while a group is live
        self.heap: list[tuple[float, int, int, int, int]] = []
        self.compact_at = HEAP_COMPACT_MIN
        # Links to queue at the start of the next round, as (a, b, cosine): at first every pair (a chunk at a time),
        # later those a round held back as too far apart in time at its pace. A pair of single items is not held
        # back: the next round reads it from `pairs` again (most are such pairs, unchanged since made).
        self.pairs = pairs
        self.held_back: SimilarPairs | _Links = pairs
        self.half_life: float | None = 0.0  # one for all links, or None: each at its groups' own pace
        self.burst = self.slowest = 0.0  # the fastest and the slowest own pace
        self.spacing: dict[int, float] = {}  # mean seconds between a merged group's reports
        self.max_span = math.inf
        self.day_only: set[int] = set()  # items and groups with a report dated by the day only
        self.sources: Sequence[int] = ()

    def vector(self, group: int) -> tuple[np.ndarray, np.ndarray]:
        """A live group's (term ids, weights)."""
        vector = self.centroid.get(group)
        if vector is None:
            start, end = self.rows.pointers[group], self.rows.pointers[group + 1]
            vector = self.rows.ids[start:end], self.rows.weights[start:end]
        return vector

    def own_pace(self, a: int, b: int) -> float:
        """The half-life between two groups at their own pace (the module's second round; one report has none)."""
        spacing_a, spacing_b = self.spacing.get(a), self.spacing.get(b)
        if self.day_only and (a in self.day_only or b in self.day_only) and not (
                spacing_a is not None and spacing_b is not None and self.share_an_outlet(a, b)):
            return self.slowest
        if spacing_a is None:
            if spacing_b is None:
                return self.slowest
            spacing = spacing_b
        else:
            spacing = spacing_a if spacing_b is None or spacing_a > spacing_b else spacing_b
        return min(self.slowest, max(self.burst, BURST_SPACING_FACTOR * spacing))

    def share_an_outlet(self, a: int, b: int) -> bool:
        """Whether two merged groups have a report of one (known) outlet each."""
        if not self.sources:
            return False
        outlets = {self.sources[item] for item in self.members[a]}
        return any(self.sources[item] in outlets for item in self.members[b] if self.sources[item] >= 0)

    def push(self, a: int, b: int, similarity: float) -> None:
        if similarity < self.threshold:
            return  # (time only weakens a link: no need to work out the decay)
        if similarity < self.threshold + ESTABLISHED_MARGIN and len(self.members.get(a, ())) >= ESTABLISHED_REPORTS \
                and len(self.members.get(b, ())) >= ESTABLISHED_REPORTS:
            return  # two established stories (module docstring)
        decayed = similarity
        if self.timed:
            firsts, lasts = self.span_first, self.span_last
            first_a, last_a, first_b, last_b = firsts[a], lasts[a], firsts[b], lasts[b]
            # (conditional expressions: min() and max() took a tenth of the grouping's time here)
            earliest, latest = (first_a if first_a < first_b else first_b), (last_a if last_a > last_b else last_b)
            if latest - earliest > self.max_span:
                return  # the merged group would be a subject's whole coverage, not one story
            gap = (first_a if first_a > first_b else first_b) - (last_a if last_a < last_b else last_b)
            if gap > 0:
                half_life = self.half_life if self.half_life is not None else self.own_pace(a, b)
                if half_life:
                    decayed = similarity * 0.5 ** (gap / half_life)
                    if decayed < self.threshold:
                        # Kept for the next round only where one comes and its pace, at most `slowest`, could
                        # lift the link over the threshold (the two groups are unchanged when it is offered again).
                        if (self.half_life is not None and similarity * 0.5 ** (gap / self.slowest) >= self.threshold
                                and (a >= self.items or b >= self.items)):
                            self.held_back.append((a, b, similarity))
                        return
        first_a, first_b = self.first.get(a, a), self.first.get(b, b)
        if first_a > first_b:
            first_a, first_b = first_b, first_a
        heapq.heappush(self.heap, (-decayed, first_a, first_b, a, b))

    def run(self, half_life: float | None) -> None:
        """Merge the most similar pair of groups while one reaches the threshold; the `half_life` of links in
        seconds, or None for each at its groups' own pace."""
        self.half_life = half_life
        held, self.held_back = self.held_back, _Links()
        if half_life is None:
            # Pairs of items still single: held back or dropped (again now), never queued: a queued link merges.
            single = np.frombuffer(self.alive, dtype=bool, count=self.items).copy()
            pairs = self.pairs
            chosen = np.flatnonzero(single[pairs.firsts] & single[pairs.seconds])
            chosen_pairs = SimilarPairs(pairs.firsts[chosen], pairs.seconds[chosen], pairs.values[chosen])
            held = itertools.chain(chosen_pairs, held)
        alive = self.alive
        for a, b, similarity in held:
            if alive[a] and alive[b]:
                self.push(a, b, similarity)
        while self.heap:
            _, _, _, a, b = heapq.heappop(self.heap)
            if alive[a] and alive[b]:  # else one of them was merged since this was pushed
                self.merge(a, b)
                if len(self.heap) >= self.compact_at:
                    self.compact()

    def compact(self) -> None:
        """Drop the queued links of groups merged since (a merge queues its own): on a dense archive they were
        nearly all of the queue (1.7 million links, 22,000 live) and most of the grouping's memory. Live links keep
        their order, so the merges are the same; done when the queue has doubled (a few operations a link)."""
        alive = self.alive
        self.heap = [link for link in self.heap if alive[link[3]] and alive[link[4]]]
        heapq.heapify(self.heap)
        self.compact_at = max(HEAP_COMPACT_MIN, 2 * len(self.heap))

    def merge(self, a: int, b: int) -> None:
        merged = self.next_id
        self.next_id += 1
        (ids_a, weights_a), (ids_b, weights_b) = self.vector(a), self.vector(b)
        dense = self.dense
        dense[ids_a] = weights_a
        ids = np.concatenate((ids_a, ids_b[dense[ids_b] == 0.0]))  # weights are positive: 0 is a term a lacks
        dense[ids_b] += weights_b
        weights = dense[ids]
        rest = self.rest
        left_out = rest[a] + rest[b]
        if len(ids) > self.keep:
            ranked = np.lexsort((-ids, -weights))  # heaviest first, equal weights by term, last first
            cut = ranked[self.keep:]
            left_out += float(weights[cut] @ weights[cut])
            dense[ids[cut]] = 0.0
            ids, weights = ids[ranked[:self.keep]], weights[ranked[:self.keep]]
        self.centroid[merged] = ids, weights
        rest.append(left_out)
        norm = self.norm[merged] = math.sqrt(float(weights @ weights) + left_out) or 1.0
        self.members[merged] = self.members.pop(a, [a]) + self.members.pop(b, [b])
        self.first[merged] = min(self.first.pop(a, a), self.first.pop(b, b))
        if self.timed:
            first = min(self.span_first[a], self.span_first[b])
            last = max(self.span_last[a], self.span_last[b])
            self.span_first.append(first)
            self.span_last.append(last)
            self.spacing[merged] = (last - first) / (len(self.members[merged]) - 1)
            if a in self.day_only or b in self.day_only:
                self.day_only.add(merged)
        for old in (a, b):
            self.centroid.pop(old, None)
            self.norm.pop(old, None)
            self.spacing.pop(old, None)
        self.alive[a] = self.alive[b] = 0
        self.alive.append(1)
        around = self.linked(a) | self.linked(b)
        around -= {a, b}
        if self.timed:
            # Spans only grow: a neighbour the merged group is already too long with can never join it or what it
            # joins later, so it is dropped (no cosine worked out). Each span is at most max_span, so that is when
            # one starts over max_span before the other ends.
            firsts, lasts, limit = self.span_first, self.span_last, self.max_span
            around = {other for other in around if last - firsts[other] <= limit and lasts[other] - first <= limit}
        self.joined[a] = self.joined[b] = merged
        self.joined.append(merged)
        others = sorted(around)
        self.neighbours[merged] = np.array(others, dtype=np.int32)
        if others:
            self.push_neighbours(merged, others, norm)
        dense[ids] = 0.0

    def push_neighbours(self, merged: int, others: list[int], norm: float) -> None:
        """Queue the links of a merged group, whose centroid is in `dense`, with each of its (sorted) neighbours.

        Many neighbours' dot products and cosines are worked out in a few array operations, their single items'
        rows (ids below the item count, so they come first) gathered at once: a loop over every neighbour took
        most of the grouping's time at 100,000 articles, a hundred neighbours a merge. A few neighbours (most
        merges of a small site) are taken one by one, for less than the arrays' fixed cost.
        """
        many = len(others) >= GATHER_MIN_ROWS
        singles = bisect.bisect_left(others, self.items) if many else 0
        all_ids, all_weights, id_parts, weight_parts = self.rows.ids, self.rows.weights, [], []
        starts, size, empty = [], 0, False
        if singles:
            rows = np.asarray(others[:singles], dtype=np.int64)
            firsts = self.row_starts[rows]
            lengths = self.row_starts[rows + 1] - firsts
            size = int(lengths.sum())
            offsets = np.cumsum(lengths) - lengths
            at = np.arange(size) - np.repeat(offsets - firsts, lengths)
            id_parts, weight_parts, starts, empty = [all_ids[at]], [all_weights[at]], offsets.tolist(), \
                not lengths.all()
        centroid_of, pointers = self.centroid.get, self.rows.pointers
        for other in others[singles:]:  # (`vector()` written out)
            vector = centroid_of(other)
            if vector is None:
                first, end = pointers[other], pointers[other + 1]
                vector = all_ids[first:end], all_weights[first:end]
            id_parts.append(vector[0])
            weight_parts.append(vector[1])
            starts.append(size)
            size += len(vector[0])
            empty = empty or not len(vector[0])
        products = self.dense[np.concatenate(id_parts)] * np.concatenate(weight_parts)
        if size and not empty:  # as a pair's vectors share terms; reduceat cannot sum empty parts
            dots = np.add.reduceat(products, starts)
        else:
            dots = np.bincount(np.repeat(np.arange(len(others)), np.diff(starts + [size])), weights=products,
                               minlength=len(others))
        norm_of, threshold, push = self.norm.get, self.threshold, self.push
        if not many:
            for other, dot in zip(others, dots.tolist()):
                similarity = dot / (norm * norm_of(other, 1.0))
                if similarity >= threshold:  # (push would drop it: spared the call)
                    push(merged, other, similarity)
            return
        # A single item's vector has unit length; a merged group's length is in `norm`.
        similarities = dots / (norm * np.array([1.0] * singles + [norm_of(other, 1.0) for other in others[singles:]]))
        values = similarities.tolist()
        for place in np.flatnonzero(similarities >= threshold).tolist():
            push(merged, others[place], values[place])

    def linked(self, group: int) -> set[int]:
        """The live groups linked to a live group by a pair (each item's own links, read as their groups now)."""
        known = self.neighbours.pop(group, None)
        if known is None:
            known = self.partners[self.pointers[group]:self.pointers[group + 1]]
        joined = self.joined
        return {other if joined[other] == other else self.group_of(other) for other in known.tolist()}

    def group_of(self, item: int) -> int:
        """The live group an item or an earlier group is part of now."""
        joined = self.joined
        root = item
        while joined[root] != root:
            root = joined[root]
        while joined[item] != root:  # shorten the path for the next time
            joined[item], item = root, joined[item]
        return root

    def groups(self) -> list[list[int]]:
        return sorted((sorted(group) for group in self.members.values()), key=lambda g: g[0])
