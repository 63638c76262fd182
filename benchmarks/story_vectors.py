#!/usr/bin/env python3
"""The memory and time of making the story vectors (`story_vectors.tfidf_matrix`), the story child's first step,
on synthetic term counts as many as a big archive's.

    python -m benchmarks.story_vectors [--documents 1000000] [--engine DIR]

Each document gets about a hundred distinct words drawn from a Zipf-like vocabulary of 300,000, and three
names of its own drawn from twice as many as there are documents (as headlines' names make the vocabulary grow
with the archive); counts of 1 to 9; times spread over as many days as 137 articles a day fill, so the word
weights are counted over months (story_idf.MonthPools). The vectors are made in a fresh process for each run
(`--engine`: a checkout's engine to measure instead of this one), which prints the growth of its peak
resident memory over what the documents themselves hold, the time, and a digest of the vectors: two engines
that give the same digest made the same vectors.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARTICLES_A_DAY = 137

_CHILD = r"""
import hashlib, json, resource, sys, time
sys.path.insert(0, ENGINE)
from array import array
import numpy as np
from newsdigest.story_idf import calendar_months
from newsdigest.story_vectors import PackedDocuments, tfidf_matrix

rng = np.random.default_rng(7)
vocabulary = [f"w{i}" for i in range(300_000)]
terms, ends, counts, sizes = bytearray(), array("q"), bytearray(), array("q")
for _ in range(COUNT):
    words = np.unique(np.minimum(rng.zipf(1.1, 120), len(vocabulary) - 1))[:100]
    document = list(dict.fromkeys([vocabulary[i] for i in words] + [f"={rng.integers(2 * COUNT)}" for _ in range(3)]))
    terms += "\t".join(document).encode()
    ends.append(len(terms))
    counts += np.minimum(rng.geometric(0.5, len(document)), 9).astype(np.uint32).tobytes()
    sizes.append(len(document))
documents = PackedDocuments(bytes(terms), ends, bytes(counts), sizes)
del terms, counts
months = calendar_months(np.sort(rng.uniform(0, COUNT / DAILY * 86400, COUNT)) + 1.1e9)
with open("/proc/self/status") as status:
    resident = next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
clock = time.perf_counter()
vectors, rests = tfidf_matrix(documents, months=months)
seconds = time.perf_counter() - clock
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
matrix = vectors.matrix
digest = hashlib.sha1(b"".join(np.ascontiguousarray(a).tobytes() for a in (
    matrix.indptr.astype(np.int64), matrix.indices.astype(np.int64), matrix.data, np.asarray(rests)))).hexdigest()
print(json.dumps({"documents": COUNT, "entries": int(sum(sizes)), "vocabulary": len(vectors.terms),
                  "documents_mb": round(resident / 1024), "growth_mb": round(max(0, peak - resident) / 1024),
                  "seconds": round(seconds, 2), "digest": digest[:16]}))
"""


def measure(documents: int, engine: Path) -> dict:
    """One run in a fresh process: what making the vectors of `documents` synthetic documents took."""
    code = _CHILD.replace("ENGINE", repr(str(engine))).replace("COUNT", str(documents)) \
        .replace("DAILY", str(ARTICLES_A_DAY))
    result = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.story_vectors", description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1_000_000, help="how many documents (default 1,000,000)")
    parser.add_argument("--engine", type=Path, default=REPO, help="a newsdigest checkout to measure (default: this one)")
    args = parser.parse_args(argv)
    found = measure(args.documents, args.engine.resolve())
    print(f"{found['documents']:,} documents, {found['entries']:,} terms in all, vocabulary {found['vocabulary']:,}: "
          f"vectors made in {found['seconds']} s, peak memory {found['growth_mb']:,} MB over the "
          f"{found['documents_mb']:,} MB before (digest {found['digest']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
