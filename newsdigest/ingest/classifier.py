"""The learned line classifier: boosted trees evaluated in plain Python, stage two's context, `line_model.json`.

The model (`line_model.json`, trained offline by `evaluation/train_lines.py`) is two stages of gradient-boosted
trees: stage one scores each line from its features (`lines.py`), stage two adds the stage-one scores of the
lines around it and where the article region lies. The same file holds the title and date choosers' trees.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from importlib import resources

from newsdigest.ingest.lines import Page, distances, features

MODEL_FILE = "line_model.json"

CONTEXT_FEATURES = ["p", "p@-1", "p@+1", "p@-2", "p@+2", "mean5", "mean11", "max_before5", "max_after5",
                    "sure_before", "sure_after", "mass_before", "mass_after", "in_region", "region_distance"]
SURE = 0.7                  # a stage-one score this high counts as a sure article line


def context_features(probabilities: list[float], units: list[float] | None = None) -> list[list[float]]:
    """Stage-two inputs: the stage-one scores of a line and of the lines around it, and where the article is.

    The article region is the stretch with the largest sum of (score - 0.5), weighted by line length.
    """
    n = len(probabilities)
    p = probabilities
    units = units if units is not None else [10.0] * n
    weights = [1.0 + math.log1p(max(u, 0.0)) for u in units]
    prefix = [0.0]
    for value in p:
        prefix.append(prefix[-1] + value)

    def mean(lo: int, hi: int) -> float:
        lo, hi = max(0, lo), min(n, hi)
        return (prefix[hi] - prefix[lo]) / (hi - lo) if hi > lo else 0.0

    sure = [value >= SURE for value in p]
    sure_before = distances(sure)
    sure_after = distances(sure[::-1])[::-1]
    mass = [value * max(u, 0.0) for value, u in zip(p, units)]
    region_start, region_end = _max_subarray([(value - 0.5) * w for value, w in zip(p, weights)])
    out = []
    for i in range(n):
        out.append([
            p[i],
            p[i - 1] if i >= 1 else 0.0,
            p[i + 1] if i + 1 < n else 0.0,
            p[i - 2] if i >= 2 else 0.0,
            p[i + 2] if i + 2 < n else 0.0,
            mean(i - 2, i + 3),
            mean(i - 5, i + 6),
            max(p[max(0, i - 5):i], default=0.0),
            max(p[i + 1:i + 6], default=0.0),
            float(sure_before[i]),
            float(sure_after[i]),
            math.log1p(sum(mass[max(0, i - 10):i])),
            math.log1p(sum(mass[i + 1:i + 11])),
            1.0 if region_start <= i < region_end else 0.0,
            math.log1p(max(region_start - i, i - region_end + 1, 0)),
        ])
    return out


def _max_subarray(values: list[float]) -> tuple[int, int]:
    best, best_sum, start, running = (0, 0), 0.0, 0, 0.0
    for i, value in enumerate(values):
        running += value
        if running <= 0:
            running, start = 0.0, i + 1
        elif running > best_sum:
            best_sum, best = running, (start, i + 1)
    return best


class Trees:
    """Gradient-boosted regression trees in flat arrays: predict(x) = base + sum of leaf values (log-odds).

    Walking the arrays node by node in Python costs most of the extraction time (two stages of sixty trees for
    every line), so the trees are turned once into one Python function of nested conditional expressions, which
    gives the same sums (the same comparisons, the leaves added in the same order) several times faster.
    """

    def __init__(self, spec: dict):
        self.base = spec["base"]
        self.trees = [(t["feature"], t["threshold"], t["left"], t["right"], t["value"]) for t in spec["trees"]]
        self.log_odds = _compile(self.base, self.trees)

    def walk(self, x: list[float]) -> float:
        """The sum read by walking the arrays: the reference the compiled function must equal."""
        total = self.base
        for feature, threshold, left, right, value in self.trees:
            node = 0
            while left[node] >= 0:
                node = left[node] if x[feature[node]] <= threshold[node] else right[node]
            total += value[node]
        return total

    def probability(self, x: list[float]) -> float:
        z = self.log_odds(x)
        return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0


def _compile(base: float, trees: list) -> callable:
    def node(tree, k: int) -> str:
        feature, threshold, left, right, value = tree
        if left[k] < 0:
            return repr(float(value[k]))
        return (f"({node(tree, left[k])} if x[{int(feature[k])}] <= {float(threshold[k])!r} "
                f"else {node(tree, right[k])})")

    terms = [repr(float(base))] + [node(tree, 0) for tree in trees]
    source = "def log_odds(x):\n    total = " + terms[0] + "\n" + "".join(
        f"    total += {term}\n" for term in terms[1:]) + "    return total\n"
    namespace: dict = {"inf": math.inf, "nan": math.nan}     # repr() of infinite thresholds
    exec(compile(source, "<trees>", "exec"), namespace)
    return namespace["log_odds"]


@dataclass(frozen=True)
class LineModel:
    stage1: Trees
    stage2: Trees
    switch_cost: float      # the smoother's price for each change between article and not
    threshold: float
    title: Trees | None
    date: Trees | None
    spec: dict

    @classmethod
    def from_spec(cls, spec: dict) -> LineModel:
        smoothing = spec["smoothing"]
        return cls(Trees(spec["stage1"]), Trees(spec["stage2"]), smoothing["switch_cost"],
                   smoothing.get("threshold", 0.5), Trees(spec["title"]) if "title" in spec else None,
                   Trees(spec["date"]) if "date" in spec else None, spec)

    def probabilities(self, page: Page) -> list[float]:
        vectors = features(page)
        first = [self.stage1.probability(x) for x in vectors]
        second_inputs = context_features(first, [line.units for line in page.lines])
        return [self.stage2.probability(x + c) for x, c in zip(vectors, second_inputs)]


@functools.cache
def load_model() -> LineModel:
    spec = json.loads(resources.files("newsdigest.ingest").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
    return LineModel.from_spec(spec)

