#!/usr/bin/env python3
"""The story child's memory, step by step, on a corpus's own articles.

    python -m benchmarks.story_child CONFIG [--inputs FILE] [--engine DIR]

Reads the corpus's articles as a one-shot build does and saves what the story child is handed
(`stories.story_inputs`, pickled) to FILE, which later runs read again instead (the articles of a million-article
corpus take minutes to read). The inputs are then grouped in a fresh process (`--engine`: a checkout's engine to
measure instead of this one), as the build's spawned story child groups them, and that process samples its own
resident memory every 20 ms: it prints the peak of each step (the vectors, the similar pairs, each article's
partners, the grouping's two rounds, the pairs inside each story), the time, and a digest of the groups: two
engines that give the same digest found the same stories.
"""

from __future__ import annotations

import argparse
import json
import pickle
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

_CHILD = r"""
import hashlib, json, pickle, re, sys, threading, time
sys.path.insert(0, ENGINE)
from newsdigest import stories, story_groups, story_pairs

step, peaks, order = ["reading the inputs"], {}, []

def resident_mb():
    with open("/proc/self/status") as status:
        return int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1)) // 1024

def sample():
    while True:
        peaks[step[0]] = max(peaks.get(step[0], 0), resident_mb())
        time.sleep(0.02)

def begin(name):
    peaks[step[0]] = max(peaks.get(step[0], 0), resident_mb())
    name = name if name not in peaks else f"{name} (again)"
    order.append(name)
    step[0] = name

def measured(owner, attribute, name):
    call = getattr(owner, attribute)
    def wrapped(*args, **kwargs):
        begin(name)
        try:
            return call(*args, **kwargs)
        finally:
            begin("between steps")
    setattr(owner, attribute, wrapped)

measured(stories, "tfidf_matrix", "vectors")
measured(stories, "similar_pairs", "similar pairs")
measured(story_pairs.SimilarPairs, "neighbours", "each article's partners")
measured(story_groups._Grouping, "run", "grouping round")
measured(story_pairs.SimilarPairs, "partners_by_group", "pairs inside each story")
threading.Thread(target=sample, daemon=True).start()
order.append(step[0])
with open(INPUTS, "rb") as file:
    grouping = pickle.load(file)
started = time.perf_counter()
groups = grouping()
seconds = time.perf_counter() - started
begin("done")
digest = hashlib.blake2b(repr([(g.members, g.lead, round(g.cohesion, 9), g.copy_candidates) for g in groups]).encode(),
                         digest_size=8).hexdigest()
print(json.dumps({"steps": {name: peaks[name] for name in order if name in peaks and name != "done"
                            and not name.startswith("between")},
                  "peak_mb": max(peaks.values()), "seconds": round(seconds, 1), "stories": len(groups),
                  "digest": digest}))
"""


def save_inputs(config_path: Path, inputs_path: Path) -> int:
    """Read the corpus's articles and pickle the story child's call over them (`stories.StoryGrouping`, with
    the config's settings) to `inputs_path`; the number of articles."""
    from newsdigest.config import load_config
    from newsdigest.content import load_articles
    from newsdigest.stories import StoryGrouping, story_inputs

    config = load_config(config_path)
    articles = load_articles(config).articles
    settings = config.stories
    inputs = story_inputs(articles, None, min_sources=settings.min_sources)
    if inputs is None:
        raise SystemExit(f"{config_path}: these articles cannot make a story (fewer than two sources)")
    grouping = StoryGrouping(inputs, threshold=settings.threshold, headline_threshold=settings.headline_threshold,
                             window_days=settings.window_days, min_sources=settings.min_sources)
    with open(inputs_path, "wb") as file:
        pickle.dump(grouping, file, protocol=pickle.HIGHEST_PROTOCOL)
    return len(articles)


def measure(inputs_path: Path, engine: Path) -> dict:
    """Group the saved inputs with `engine`'s code in a fresh process: each step's peak resident memory (MB), the
    whole peak, the seconds, the stories found and their digest."""
    code = _CHILD.replace("ENGINE", repr(str(engine))).replace("INPUTS", repr(str(inputs_path)))
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(done.stdout.splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("config", type=Path, help="the corpus's config.yaml")
    parser.add_argument("--inputs", type=Path, help="where the child's inputs are kept (default: beside the config)")
    parser.add_argument("--engine", type=Path, default=REPO, help="a checkout whose engine groups them")
    options = parser.parse_args(argv)
    inputs = options.inputs or options.config.with_name("story-child-inputs.pickle")
    if not inputs.exists():
        print(f"read {save_inputs(options.config, inputs):,} articles; inputs saved to {inputs}", flush=True)
    found = measure(inputs, options.engine.resolve())
    for name, peak in found["steps"].items():
        print(f"{name:28s} {peak:7,d} MB")
    print(f"peak {found['peak_mb']:,} MB, {found['seconds']} s, {found['stories']:,} stories, digest {found['digest']}")


if __name__ == "__main__":   # (the articles of a big corpus are read by spawned workers, which import this module)
    main()
