"""The pairs of articles alike enough to be candidates for one story, in flat arrays (see newsdigest.story_vectors
for how they are found and newsdigest.story_groups for how grouping reads them)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping

import numpy as np


class SimilarPairs:
    """The pairs of items (i < j) whose similarity counts, as three arrays: the first items, the second items and
    the similarities. A dict of them took about 200 bytes a pair, and a big archive has millions of pairs."""

    CHUNK = 1 << 16  # pairs made into Python objects at a time

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

    def neighbours(self, count: int) -> tuple[list[int], np.ndarray]:
        """Each of `count` items' partners, as (pointers, partners): item i's are
        partners[pointers[i]:pointers[i + 1]]."""
        ends = np.concatenate((self.firsts, self.seconds))
        partners = np.concatenate((self.seconds, self.firsts))[np.argsort(ends, kind="stable")]
        pointers = np.concatenate(([0], np.cumsum(np.bincount(ends, minlength=count))))
        return pointers.tolist(), partners

    def partners_by_group(self, groups: list[list[int]], count: int) -> Iterator[dict[int, list[tuple[int, float]]]]:
        """For each of `groups` (of `count` items in all) in turn, {item: [(other item, similarity), ...]} of the
        pairs inside it, each pair under both its items. One group's at a time: the pairs inside all the groups
        at once, as Python objects, took 260 MB at 100,000 generated articles."""
        group_of = np.full(count, -1, dtype=np.int64)
        for number, group in enumerate(groups):
            group_of[group] = number
        first_group = group_of[self.firsts]
        inside = np.flatnonzero((first_group >= 0) & (first_group == group_of[self.seconds]))
        inside = inside[np.argsort(first_group[inside], kind="stable")]
        bounds = np.searchsorted(first_group[inside], np.arange(len(groups) + 1)).tolist()
        for number in range(len(groups)):
            chosen = inside[bounds[number]:bounds[number + 1]]
            partners: dict[int, list[tuple[int, float]]] = defaultdict(list)
            for first, second, value in zip(self.firsts[chosen].tolist(), self.seconds[chosen].tolist(),
                                            self.values[chosen].tolist()):
                partners[first].append((second, value))
                partners[second].append((first, value))
            yield partners
