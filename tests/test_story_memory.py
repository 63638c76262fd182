"""What the story child holds at once: its vectors' making, each item's partners and the grouping's own state.

At a million articles the child's largest moments were the making of the vectors (the documents' text held
beside every term's number, twice), sorting every pair's two ends at once (0.7 GB) and the grouping's state
of each item as Python numbers, tuples and a set; each is measured here on a small scale with tracemalloc,
which counts numpy's arrays too.
"""

from __future__ import annotations

import tracemalloc
from collections import Counter

import numpy as np

from newsdigest.story_groups import TermRows, _Grouping
from newsdigest.story_pairs import SimilarPairs
from newsdigest.story_vectors import _term_ids, pack_documents, tfidf_matrix


def peak_while(call):
    """(result, the most memory traced at once during `call` over what was traced before it)."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        result = call()
        return result, tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def random_pairs(items: int, count: int, seed: int = 1) -> SimilarPairs:
    rng = np.random.default_rng(seed)
    firsts = rng.integers(0, items - 1, count)
    seconds = np.minimum(firsts + rng.integers(1, 50, count), items - 1)
    return SimilarPairs(firsts.astype(np.int32), seconds.astype(np.int32), rng.random(count))


def test_each_items_partners_are_the_global_sorts_and_sorted_a_range_of_items_at_a_time(monkeypatch):
    pairs = random_pairs(200_000, 1_000_000)
    ends = np.concatenate((pairs.firsts, pairs.seconds))
    expected = np.concatenate((pairs.seconds, pairs.firsts))[np.argsort(ends, kind="stable")]
    expected_pointers = np.concatenate(([0], np.cumsum(np.bincount(ends, minlength=200_000))))
    del ends
    monkeypatch.setattr(SimilarPairs, "NEIGHBOUR_PART_ENTRIES", 1 << 17, raising=False)   # 16 parts, as at scale
    (pointers, partners), peak = peak_while(lambda: pairs.neighbours(200_000))
    assert np.array_equal(partners, expected) and list(pointers) == expected_pointers.tolist()
    # The partners themselves (8 MB), the pointers (1.6 MB) and a part's work at a time; sorting all the entries
    # at once held their two ends, their order in 64 bits and a copy besides: about six times the partners.
    assert peak < 2.5 * partners.nbytes, f"{peak / partners.nbytes:.1f} times the partners' own bytes"
    by_later = np.argsort(pairs.seconds, kind="stable")   # as similar_pairs makes them: found by bisection
    in_order = SimilarPairs(pairs.firsts[by_later], pairs.seconds[by_later], pairs.values[by_later])
    ends = np.concatenate((in_order.firsts, in_order.seconds))
    assert np.array_equal(in_order.neighbours(200_000)[1],
                          np.concatenate((in_order.seconds, in_order.firsts))[np.argsort(ends, kind="stable")])
    for part in (7, 1):   # parts of very few entries: the same order
        monkeypatch.setattr(SimilarPairs, "NEIGHBOUR_PART_ENTRIES", part)
        small = random_pairs(300, 2_000, seed=part)
        ends = np.concatenate((small.firsts, small.seconds))
        assert np.array_equal(small.neighbours(300)[1],
                              np.concatenate((small.seconds, small.firsts))[np.argsort(ends, kind="stable")])
    assert len(SimilarPairs(np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0)).neighbours(0)[0]) == 1


def test_the_groupings_state_of_each_item_is_a_few_numbers_in_arrays():
    items = 100_000
    rows = TermRows(np.arange(items, dtype=np.int32), np.ones(items), list(range(items + 1)))
    pairs = random_pairs(items, 10)
    spans = [(float(n), float(n)) for n in range(items)]
    rests = [0.0] * items
    grouping, peak = peak_while(lambda: _Grouping(rows, pairs, 0.5, 10, rests, spans))
    # the rest, the span's two ends, the group each item joined, a live flag and where its partners start: 41 bytes
    # (and 16 for its row's start and the centroids' work array), where lists of Python numbers, a tuple per span
    # and a set of the live groups took about 180
    assert peak / items < 80, f"{peak / items:.0f} bytes an item"
    assert (grouping.span_first[5], grouping.span_last[5], grouping.rest[5], grouping.alive[5]) == (5.0, 5.0, 0.0, 1)


def test_the_story_childs_vectors_let_go_of_the_text_once_numbered_and_keep_no_vocabulary():
    rng = np.random.default_rng(3)
    words = [f"word{n}" for n in range(3000)]
    documents = [Counter({words[i]: 1 + int(i % 3) for i in rng.integers(0, 3000, 40)}) for _ in range(2000)]
    months = np.repeat(np.arange(4), 500)
    full, full_rests = tfidf_matrix(pack_documents(documents), months=months)
    packed = pack_documents(documents)
    lean, lean_rests = tfidf_matrix(packed, months=months, lean=True)
    assert (lean.matrix != full.matrix).nnz == 0 and lean_rests == full_rests
    assert packed.terms == b"" and not len(packed.ends) and lean.terms == [] and len(full.terms) > 2900
    assert packed.counts and len(packed.sizes) == 2000   # (the counts are still read, by the vectors' weights)


def test_terms_are_given_their_ranks_in_place():
    """Every term of every article as a number (0.27 GB at a million articles) was held twice: copied as the array
    grew, and again when the numbers were ranked."""
    words = [f"term{n:04d}" for n in range(2_000)]
    documents = pack_documents(Counter(words[(7 * d + 13 * k) % 2_000] for k in range(100)) for d in range(5000))
    (vocabulary, ids, _, _), peak = peak_while(lambda: _term_ids(documents))
    assert vocabulary == sorted(vocabulary) and [vocabulary[i] for i in ids[:3]] == \
        next(documents.term_lists())[:3]
    assert peak < 1.4 * ids.nbytes, f"{peak / ids.nbytes:.2f} times the ids' own bytes"


def test_the_pairs_inside_each_story_are_found_a_chunk_of_pairs_at_a_time(monkeypatch):
    pairs = random_pairs(200_000, 2_000_000)
    groups = [[item, item + 1] for item in range(0, 200_000, 2)]
    expected = {}
    for first, second, value in zip(pairs.firsts.tolist(), pairs.seconds.tolist(), pairs.values.tolist()):
        if first // 2 == second // 2:
            expected.setdefault(first // 2, {}).setdefault(first, []).append((second, value))
            expected[first // 2].setdefault(second, []).append((first, value))
    monkeypatch.setattr(SimilarPairs, "SCAN_PAIRS", 1 << 18, raising=False)   # 262,144 pairs at a time
    each_group = pairs.partners_by_group(groups, 200_000)
    first, peak = peak_while(lambda: next(each_group))
    assert [dict(first), *map(dict, each_group)] == [expected.get(number, {}) for number in range(len(groups))]
    # each pair's two groups and whether it is inside one, for all of them at once: 19 bytes a pair (38 MB)
    assert peak < 4 * len(pairs), f"{peak / len(pairs):.1f} bytes a pair"
