"""Articles' term counts as TF-IDF vectors, and the pairs of articles whose vectors are alike.

Sparse matrices (scipy) so the many dot products of articles in one time window run as one matrix product
instead of a loop per word: at 10,000 articles this is what keeps stories to a small share of a build.
Pure functions over plain data; newsdigest.stories turns articles into term counts and pairs into stories.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse

from newsdigest.story_groups import KEEP_TERMS, TermRows
from newsdigest.story_idf import MonthPools
from newsdigest.story_pairs import SimilarPairs
from newsdigest.story_terms import PackedTerms, pack_terms

BLOCK_ROWS = 512      # articles compared per matrix product at most: bounds the memory of one product
MIN_BLOCK_ROWS = 32   # ... and at least, where a window holds fewer: each product has a fixed cost
TFIDF_BLOCK_ROWS = 4096  # articles weighed at once: bounds the work arrays of making the vectors
MAX_EARLIER_PARTNERS = 50  # an article's most similar earlier articles kept as its pairs (see similar_pairs)


class Vectors(Sequence):
    """The stored part of each article's vector, as a {term: weight} dict made when asked for (not kept:
    grouping keeps the vectors it still needs, newsdigest.story_groups).

    Grouping reads the vectors of the articles that have a similar pair, usually far fewer than all. Made with
    `tfidf_matrix(..., lean=True)` they have no vocabulary (`terms` is empty): their rows are read by term id only.
    """

    def __init__(self, matrix: sparse.csr_matrix, terms: list[str], words: np.ndarray | None = None) -> None:
        self.matrix = matrix
        self.terms = terms
        # Which term ids are words (`is_word_term`), kept where the vocabulary is not (one byte a term)
        self.words = words if words is not None else np.fromiter(map(is_word_term, terms), bool, len(terms))

    def __len__(self) -> int:
        return self.matrix.shape[0]

    def __getitem__(self, row: int) -> dict[str, float]:
        start, end = self.matrix.indptr[row], self.matrix.indptr[row + 1]
        terms = self.terms
        return {terms[t]: w for t, w in zip(self.matrix.indices[start:end].tolist(),
                                            self.matrix.data[start:end].tolist())}

    def by_term_id(self) -> TermRows:
        """The same vectors as the rows grouping reads: term ids (a term's id is its rank in the sorted
        vocabulary, so ids order as their terms do and ties between equal weights break as they would by term)."""
        starts = array("q", self.matrix.indptr.astype(np.int64).tobytes())   # (a list of a million ints: 40 MB)
        return TermRows(self.matrix.indices, self.matrix.data, starts)


def tfidf_matrix(documents: PackedDocuments | list[PackedTerms | Counter], keep: int = KEEP_TERMS,
                 months: np.ndarray | None = None, lean: bool = False) -> tuple[Vectors, list[float]]:
    """TF-IDF vectors of unit length, weight (1 + ln tf) * (1 + ln((1 + N) / (1 + df))), as (kept terms, rest).
    With `months` (each document's calendar month, story_idf.calendar_months), N and df count the articles of
    the months around each document's (story_idf.MonthPools), else all of them.

    `documents` are term counts: `PackedDocuments`, or a list of Counters or of `story_terms.pack_terms`. A
    vector keeps only its `keep` heaviest terms *that another article also uses* (of equal weights, the terms
    that sort last): a word of one article alone adds nothing to any dot product, and keeping it would push out
    the shared words that do (a long report's rare words outweigh the names it shares with other reports). The squared
    weight of all that is left out is returned as the vector's `rest`, so `sum(w * w) + rest == 1` and a
    cosine divides by the whole length: the dot product of two kept parts is the cosine of the whole
    vectors, less only products of light shared terms past the `keep` heaviest.

    `lean` is for the story child, which reads the vectors' rows by term id only: the documents' text is let go
    of once their terms are numbered, and the vectors keep no vocabulary (0.7 GB at a million articles).
    """
    if not isinstance(documents, PackedDocuments):
        documents = pack_documents(documents)
    count = len(documents)
    vocabulary, ids, sizes, tfs = _term_ids(documents)
    terms = len(vocabulary)
    words = np.fromiter(map(is_word_term, vocabulary), bool, terms)
    if lean:
        documents.terms, documents.ends, vocabulary = b"", array("q"), []
    pools = MonthPools(np.asarray(months, dtype=np.int64), ids, sizes) if months is not None and count else None
    if pools is not None and pools.whole:
        pools = None   # (the weights of all the articles)
    frequency = np.bincount(ids, minlength=terms) if pools is None else None
    idf = 1.0 + np.log((1.0 + count) / (1.0 + frequency)) if pools is None else None
    ends = np.cumsum(sizes)
    # The kept entries go straight into arrays sized for the most a vector may keep: gathered in a list of parts
    # and joined at the end, they were held twice at once (at a million articles, twice 0.7 GB).
    room = int(np.minimum(sizes, keep).sum()) if count else 0
    kept_ids, kept_weights, sizes_kept = np.empty(room, dtype=ids.dtype), np.empty(room), np.zeros(count, np.int64)
    filled, stored = 0, np.zeros(count)
    # A block of articles at a time: the work arrays of all the articles' terms at once took several times the
    # memory of the terms themselves. Every value is worked out as it would be for all at once.
    for first in range(0, count, TFIDF_BLOCK_ROWS):
        last = min(count, first + TFIDF_BLOCK_ROWS)
        start, end = (ends[first - 1] if first else 0), ends[last - 1]
        rows = np.repeat(np.arange(first, last, dtype=np.int64), sizes[first:last])
        block_ids = ids[start:end].astype(np.int64)
        if pools is None:
            factors, shared = idf[block_ids], frequency[block_ids] > 1
        else:
            factors, shared = pools.weights(rows, start, end)
        weights = (1.0 + np.log(tfs[start:end].astype(np.float64))) * factors
        local = rows - first
        norms = np.sqrt(np.bincount(local, weights=weights * weights, minlength=last - first))
        weights /= np.where(norms > 0, norms, 1.0)[local]
        rows, block_ids, weights = rows[shared], block_ids[shared], weights[shared]
        order = _by_article_heaviest_first(rows, block_ids, weights, count, terms)
        rows, block_ids, weights = rows[order], block_ids[order], weights[order]
        starts = np.searchsorted(rows, np.arange(first, last))
        kept = (np.arange(len(rows)) - starts[rows - first]) < keep
        rows, block_ids, weights = rows[kept], block_ids[kept], weights[kept]
        stored[first:last] = np.bincount(rows - first, weights=weights * weights, minlength=last - first)
        # Kept: each article's count of entries (they are in article order), not a row number for every entry.
        sizes_kept[first:last] = np.bincount(rows - first, minlength=last - first)
        kept_ids[filled:filled + len(rows)], kept_weights[filled:filled + len(rows)] = block_ids, weights
        filled += len(rows)
    pointers = np.concatenate(([0], np.cumsum(sizes_kept)))
    matrix = sparse.csr_matrix((kept_weights[:filled], kept_ids[:filled], pointers), shape=(count, terms))
    rests = np.where(sizes > 0, np.maximum(0.0, 1.0 - stored), 0.0)
    return Vectors(matrix, vocabulary, words), rests.tolist()


def is_word_term(term: str) -> bool:
    """Whether a term is a word (or a pair of Chinese or Japanese letters): not a number ("12", "3/10") and not a
    name's term ("=tv", "=energy report 3"), which repeats the words of the title it was read from."""
    return not term.startswith("=") and any(character.isalpha() for character in term)


SUPPORT_WORDS = 2   # words a report shares with the rest of its story, at least ...
OWN_WORD_SHARE = 0.5   # ... or one, of whose articles this share at least are the story's (its own word)


def supported_groups(groups: Iterable[list[int]], vectors: Vectors) -> list[list[int]]:
    """Each group without the reports it holds on one common word alone: a report stays when it shares two words
    with the rest of the group, or one that is the group's own (`OWN_WORD_SHARE` of the articles using it are in
    the group: "Titanfall", "FTSE"). Two reports left with nothing else are no group: "Business Wire" beside
    "Business Highlights", "Sign in to Celebuzz" beside a hiring survey's "warning sign". Dropping a report can
    leave another with too little: repeated until none is dropped."""
    matrix, is_word = vectors.matrix, vectors.words
    users = None   # how many articles use each term (made when a group first needs it)
    kept_groups = []
    for members in groups:
        terms = {member: np.unique(matrix.indices[matrix.indptr[member]:matrix.indptr[member + 1]])
                 for member in members}
        terms = {member: ids[is_word[ids]].tolist() for member, ids in terms.items()}
        while len(members) > 1:
            uses = Counter(term for member in members for term in terms[member])
            shared = {member: [term for term in terms[member] if uses[term] > 1] for member in members}
            if users is None and any(len(words) < SUPPORT_WORDS for words in shared.values()):
                users = np.bincount(matrix.indices, minlength=matrix.shape[1])
            kept = [member for member in members if len(shared[member]) >= SUPPORT_WORDS
                    or any(uses[term] >= OWN_WORD_SHARE * users[term] for term in shared[member])]
            if len(kept) == len(members):
                break
            members = kept
        if len(members) > 1:
            kept_groups.append(members)
    return kept_groups


class PackedDocuments:
    """Many documents' term counts in four flat objects: every document's terms (UTF-8, joined by tabs), where
    each document's terms end, their counts (32-bit unsigned integers) and how many terms each has.

    What the story child is handed (newsdigest.story_child): a few objects in place of a pair of them per
    article, and one packing for both the counts the parse workers sent and those counted here.
    """

    def __init__(self, terms: bytes, ends: array, counts: bytes, sizes: array) -> None:
        self.terms, self.ends, self.counts, self.sizes = terms, ends, counts, sizes

    def __len__(self) -> int:
        return len(self.sizes)

    def term_lists(self):
        """Each document's terms, one list at a time."""
        terms, start = self.terms, 0
        for end in self.ends:
            yield terms[start:end].decode("utf-8", "surrogatepass").split("\t") if end > start else []
            start = end


def pack_documents(documents: Iterable[PackedTerms | Counter]) -> PackedDocuments:
    """`documents` (Counters, or packed by `story_terms.pack_terms`) as one `PackedDocuments`."""
    terms, ends, counts, sizes = bytearray(), array("q"), bytearray(), array("q")
    for document in documents:
        if type(document) is not tuple:
            document = pack_terms(document)
        text, count_bytes = document
        terms += text.encode("utf-8", "surrogatepass")  # a YAML escape such as "\ud800" makes a lone surrogate
        ends.append(len(terms))
        counts += count_bytes
        sizes.append(len(count_bytes) // 4)
    return PackedDocuments(bytes(terms), ends, bytes(counts), sizes)


class _NumberedOnFirstSight(dict):
    """{term: number}, numbering each term the first time it is looked up."""

    def __missing__(self, term: str) -> int:
        self[term] = number = len(self)
        return number


def _term_ids(documents: PackedDocuments) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """The vocabulary in term order (for ties, see `tfidf_matrix`), and every document's terms as ids into it
    (all documents one after another), the number of terms of each document and each term's count (as
    32-bit integers where they fit: these arrays hold every term of every article).

    One document's terms are split at a time and only the distinct ones kept: holding every document's
    list of term strings at once took most of the memory of finding stories (about 50 bytes a term).
    """
    first_seen = _NumberedOnFirstSight()
    number = first_seen.__getitem__  # a known term's number is looked up in C; only new ones call Python
    # 4 bytes a term (more than 2**31 distinct terms would not fit in memory anyway), sized once: grown as they
    # came, the array was copied as it grew (every term of a million articles, 0.27 GB, held twice)
    ids, at = array(_NUMBER_CODE, [0]) * sum(documents.sizes), 0
    for terms in documents.term_lists():
        ids[at:at + len(terms)] = array(_NUMBER_CODE, map(number, terms))
        at += len(terms)
    vocabulary = sorted(first_seen)
    rank = np.empty(len(first_seen), dtype=np.int32)
    rank[np.fromiter(map(first_seen.__getitem__, vocabulary), dtype=np.int64, count=len(vocabulary))] = \
        np.arange(len(vocabulary), dtype=rank.dtype)
    tfs = np.frombuffer(documents.counts, dtype=np.uint32)
    sizes = np.frombuffer(documents.sizes, dtype=np.int64)
    numbers = np.frombuffer(ids, dtype=np.int32)
    for start in range(0, len(numbers), RENUMBER_BLOCK):   # in place, not into a copy of them all
        block = numbers[start:start + RENUMBER_BLOCK]
        block[:] = rank[block]
    return vocabulary, numbers, sizes, tfs


RENUMBER_BLOCK = 1 << 16  # term ids given their rank at once


_NUMBER_CODE = next(code for code in "il" if array(code).itemsize == 4)   # a signed 32-bit array


WEIGHT_BITS = 24  # weights closer than 2**-24 (about 6e-8) rank as equal, and their terms decide


def _by_article_heaviest_first(rows: np.ndarray, ids: np.ndarray, weights: np.ndarray, count: int,
                               terms: int) -> np.ndarray:
    """The order of the entries by article, heaviest first, equal weights by term (last first).

    One sort of one 64-bit key (article, rank of weight, term) where the three fit in 63 bits, which is
    several times faster than np.lexsort or two stable sorts; two stable sorts where they do not.
    """
    row_bits, term_bits = max(1, count.bit_length()), max(1, terms.bit_length())
    weight_bits = min(WEIGHT_BITS, 63 - row_bits - term_bits)
    if weight_bits >= 16:
        scale = (1 << weight_bits) - 1
        lightness = np.rint((1.0 - np.clip(weights, 0.0, 1.0)) * scale).astype(np.int64)
        key = (rows << (weight_bits + term_bits)) | (lightness << term_bits) | (terms - 1 - ids)
        return np.argsort(key)
    by_term = np.argsort(-ids, kind="stable")
    return by_term[np.argsort(rows[by_term] + (1.0 - weights[by_term]) * 0.5, kind="stable")]


def tfidf_vectors(documents: list[Counter], keep: int = KEEP_TERMS) -> tuple[list[dict[str, float]], list[float]]:
    """`tfidf_matrix` of plain term counts, with every vector as a {term: weight} dict."""
    vectors, rests = tfidf_matrix(documents, keep)
    return [vectors[row] for row in range(len(vectors))], rests


def similar_pairs(vectors: Vectors, stamps: list[float], window: float, floor: float,
                  max_earlier: int = MAX_EARLIER_PARTNERS) -> SimilarPairs:
    """Cosine similarity of every pair (i < j) at most `window` seconds apart, where it reaches `floor`; of an
    article's pairs with earlier articles, its `max_earlier` most similar (equal ones: the earliest first).

    `stamps` must be ascending. Articles are taken a block at a time and multiplied with every article
    from `window` before the block's first one to the block's last, so the work follows the articles per
    window, not the square of the corpus. The cap keeps the pairs, and the grouping's work over them, in
    proportion to the articles where days hold hundreds of alike reports: most such pairs join reports of one
    story, where a few dozen links of each report say as much. Pairs are only the candidates grouping weighs
    (it compares whole groups), so a report still joins its story through its closest earlier reports.
    """
    matrix = vectors.matrix
    count = matrix.shape[0]
    times = np.asarray(stamps, dtype=np.float64)
    firsts, seconds, values = [], [], []
    start = 0
    while start < count:
        # A block spans at most one window of time: each of its rows is compared with the block and
        # the window before it, so a longer block would mostly multiply pairs too far apart to count.
        window_end = int(np.searchsorted(times, times[start] + window, side="right"))
        end = min(count, start + BLOCK_ROWS, max(start + MIN_BLOCK_ROWS, window_end))
        oldest = int(np.searchsorted(times, times[start] - window, side="left"))
        product = (matrix[start:end] @ matrix[oldest:end].T).tocoo()
        later, earlier = product.row + start, product.col + oldest
        wanted = (earlier < later) & (product.data >= floor) & (times[later] - times[earlier] <= window)
        later, earlier, similarity = later[wanted], earlier[wanted], np.minimum(product.data[wanted], 1.0)
        if len(later) > max_earlier and np.bincount(later - start).max() > max_earlier:
            kept = _most_similar_earlier(later, earlier, similarity, max_earlier)
            later, earlier, similarity = later[kept], earlier[kept], similarity[kept]
        firsts.append(earlier)
        seconds.append(later)
        values.append(similarity)
        start = end
    # Positions as 32-bit integers where they fit: a big archive has tens of millions of pairs, and grouping
    # copies them twice more (each item's partners).
    position = np.int32 if count < 2**31 else np.int64
    if not firsts:
        return SimilarPairs(np.zeros(0, position), np.zeros(0, position), np.zeros(0))
    return SimilarPairs(np.concatenate(firsts).astype(position, copy=False),
                        np.concatenate(seconds).astype(position, copy=False), np.concatenate(values))


def _most_similar_earlier(later: np.ndarray, earlier: np.ndarray, similarity: np.ndarray, most: int) -> np.ndarray:
    """Which of these pairs to keep (a mask, the pairs in their given order): each later article's `most` most
    similar earlier ones, equal similarities going to the earlier article."""
    ranked = np.lexsort((earlier, -similarity, later))          # by article, most similar first, then earliest
    sorted_later = later[ranked]
    rank = np.arange(len(ranked)) - np.searchsorted(sorted_later, sorted_later, side="left")
    kept = np.zeros(len(ranked), dtype=bool)
    kept[ranked[rank < most]] = True
    return kept
