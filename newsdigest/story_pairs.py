"""The pairs of articles alike enough to be candidates for one story, in flat arrays (see newsdigest.story_vectors
for how they are found and newsdigest.story_groups for how grouping reads them)."""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterator, Mapping

import numpy as np


class SimilarPairs:
    """The pairs of items (i < j) whose similarity counts, as three arrays: the first items, the second items and
    the similarities. A dict of them took about 200 bytes a pair, and a big archive has millions of pairs."""

    CHUNK = 1 << 16  # pairs made into Python objects at a time
    NEIGHBOUR_PART_ENTRIES = 1 << 20  # partners sorted at once by `neighbours`
    SCAN_PAIRS = 1 << 22  # pairs looked through at once where every pair is (their work arrays, not all of them)

    def __init__(self, firsts: np.ndarray, seconds: np.ndarray, values: np.ndarray) -> None:
        self.firsts, self.seconds, self.values = firsts, seconds, values

    @classmethod
    def of(cls, pairs: Mapping[tuple[int, int], float]) -> SimilarPairs:
        """The pairs of a {(i, j): similarity} mapping."""
        ends = np.array(list(pairs), dtype=np.int64).reshape(-1, 2)
        return cls(ends[:, 0], ends[:, 1], np.array(list(pairs.values()), dtype=np.float64))

    def __len__(self) -> int:
        return len(self.values)

    def __iter__(self) -> Iterator[tuple[int, int, float]]:
        """Every pair as (i, j, similarity), a chunk of them made at a time."""
        for start in range(0, len(self), self.CHUNK):
            end = start + self.CHUNK
            yield from zip(self.firsts[start:end].tolist(), self.seconds[start:end].tolist(),
                           self.values[start:end].tolist())

    def neighbours(self, count: int) -> tuple[array, np.ndarray]:
        """Each of `count` items' partners, as (pointers, partners): item i's are
        partners[pointers[i]:pointers[i + 1]], those it is the first of first, each in the pairs' order.

        Sorted a range of items at a time (about NEIGHBOUR_PART_ENTRIES entries): sorting all of them at once
        held every pair's two ends, their order as 64-bit numbers and both copies (0.7 GB at a million articles).
        """
        firsts, seconds = self.firsts, self.seconds
        pointers = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(np.bincount(firsts, minlength=count) + np.bincount(seconds, minlength=count), out=pointers[1:])
        partners = np.empty(2 * len(self), dtype=firsts.dtype)
        step = -(-count // max(1, 2 * len(self) // self.NEIGHBOUR_PART_ENTRIES)) if count else 1
        reach = self._reach()
        for low in range(0, count, step):
            high = min(count, low + step)
            if reach is None:
                as_first = np.flatnonzero((firsts >= low) & (firsts < high))
                as_second = np.flatnonzero((seconds >= low) & (seconds < high))
            else:   # a range's pairs lie between its first item's and its last item's `reach` later ones
                bounds = np.array([low, high, min(high + reach, np.iinfo(seconds.dtype).max)], dtype=seconds.dtype)
                start, end, beyond = np.searchsorted(seconds, bounds).tolist()   # (of the array's own type: no copy)
                near = firsts[start:beyond]
                as_first = start + np.flatnonzero((near >= low) & (near < high))
                as_second = np.arange(start, end)
            order = np.argsort(np.concatenate((firsts[as_first], seconds[as_second])), kind="stable")
            partners[pointers[low]:pointers[high]] = np.concatenate((seconds[as_first], firsts[as_second]))[order]
        return array("q", pointers.tobytes()), partners

    def _reach(self) -> int | None:
        """The most items between a pair's two ends when every pair's first item comes before its second and the
        pairs come sorted by their second (as story_vectors.similar_pairs makes them), else None."""
        firsts, seconds, reach = self.firsts, self.seconds, 0
        for start in range(0, len(self), self.SCAN_PAIRS):
            end = start + self.SCAN_PAIRS
            gaps = seconds[start:end].astype(np.int64) - firsts[start:end]
            later = seconds[start + 1:end + 1]
            if gaps.min() <= 0 or (later < seconds[start:start + len(later)]).any():
                return None
            reach = max(reach, int(gaps.max()))
        return reach

    def partners_by_group(self, groups: list[list[int]], count: int) -> Iterator[dict[int, list[tuple[int, float]]]]:
        """For each of `groups` (of `count` items in all) in turn, {item: [(other item, similarity), ...]} of the
        pairs inside it, each pair under both its items. One group's at a time: the pairs inside all the groups
        at once, as Python objects, took 260 MB at 100,000 generated articles. The pairs inside are found a chunk
        of pairs at a time: each end's group for all of them at once was 0.5 GB at a million articles."""
        group_of = np.full(count, -1, dtype=np.int64 if len(groups) >= 2**31 else np.int32)
        for number, group in enumerate(groups):
            group_of[group] = number
        found = [np.zeros(0, dtype=np.int64)]
        for start in range(0, len(self), self.SCAN_PAIRS):
            firsts = group_of[self.firsts[start:start + self.SCAN_PAIRS]]
            seconds = group_of[self.seconds[start:start + self.SCAN_PAIRS]]
            found.append(start + np.flatnonzero((firsts >= 0) & (firsts == seconds)))
        inside = np.concatenate(found)
        first_group = group_of[self.firsts[inside]]
        order = np.argsort(first_group, kind="stable")
        inside, first_group = inside[order], first_group[order]
        bounds = np.searchsorted(first_group, np.arange(len(groups) + 1)).tolist()
        for number in range(len(groups)):
            chosen = inside[bounds[number]:bounds[number + 1]]
            partners: dict[int, list[tuple[int, float]]] = defaultdict(list)
            for first, second, value in zip(self.firsts[chosen].tolist(), self.seconds[chosen].tolist(),
                                            self.values[chosen].tolist()):
                partners[first].append((second, value))
                partners[second].append((first, value))
            yield partners
