#!/usr/bin/env python3
"""What stories add to a clean build: the same corpus built with stories on and off, in the same run.

    python -m benchmarks.stories_cost [--count 10000] [--workdir DIR] [--pairs 5]

Generates (or reuses) a corpus with benchmarks/generate_corpus.py, then runs `--pairs` pairs of clean builds
(the corpus config, and a copy that sets `stories.enabled: false`), each build in a fresh process
(`newsdigest.build.build`, as `newsdigest build --no-cache` runs it), the order within a pair alternating.
A shared machine's speed drifts by tens of percent from one minute to the next, more than stories cost,
so the figure that counts is the **median of the paired differences**: each pair's two builds ran a
minute apart. Each build also reports the wall time of its steps (reading, grouping, rendering, writing),
which shows where the difference goes; the builds' figures are also saved as `stories-cost-builds.json` in the
work folder. Last, the stories' own steps are timed alone in this process (`stories.story_inputs`,
`group_stories` as the story child runs it, `stories_from_groups`), on articles whose term counts were made
beforehand, as the parse workers make them.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def make_corpus(count: int, workdir: Path) -> Path:
    corpus = workdir / f"corpus-{count}"
    if not (corpus / "config.yaml").is_file():
        subprocess.run([sys.executable, "-m", "benchmarks.generate_corpus", "--count", str(count), "--out", str(corpus)],
                       cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return corpus


def config_without_stories(corpus: Path) -> Path:
    settings = yaml.safe_load((corpus / "config.yaml").read_text(encoding="utf-8"))
    settings.setdefault("stories", {})["enabled"] = False
    path = corpus / "config-no-stories.yaml"
    path.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return path


def clean_build_steps(config: Path, output: Path) -> dict[str, float]:
    """One clean build into an empty `output`, in a fresh process: wall seconds of each step and in all
    (`total`), and the CPU seconds of the build and its worker processes (`cpu`)."""
    shutil.rmtree(output, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-m", "benchmarks.stories_cost", "--one-build", str(config), str(output)],
                          cwd=REPO, check=True, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    steps = json.loads(done.stdout.strip().splitlines()[-1])
    steps["cpu"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return steps


def one_build(config_path: Path, output: Path) -> None:
    """Build once, printing the wall seconds of each step as JSON (the child side of `clean_build_steps`)."""
    from newsdigest.build import build
    from newsdigest.config import load_config
    from newsdigest.progress import BuildProgress

    class StepClock(BuildProgress):
        def __init__(self) -> None:
            self.steps: dict[str, float] = {}
            self.current, self.since = "", time.perf_counter()

        def phase(self, name: str, total: int | None = None) -> None:
            self.stop()
            self.current = STEP_NAMES.get(name, name)

        def stop(self) -> None:
            now = time.perf_counter()
            if self.current:
                self.steps[self.current] = self.steps.get(self.current, 0.0) + now - self.since
            self.since = now

    config = load_config(config_path)
    clock, started = StepClock(), time.perf_counter()
    build(config, force=True, output_dir=output, progress=clock)
    clock.stop()
    print(json.dumps({**clock.steps, "total": time.perf_counter() - started}))


STEP_NAMES = {"Reading content": "reading", "Grouping articles and stories": "grouping",
              "Rendering pages and feeds": "rendering", "Writing files": "writing"}


def clustering_seconds(config_path: Path, rounds: int = 3) -> tuple[dict[str, float], int]:
    """The stories' own steps alone, best CPU seconds of `rounds`, on articles whose term counts are already
    made (as the build's parse workers make them): `story_inputs` and `stories_from_groups` run in the build's
    process, `group_stories` (vectors, similar pairs, grouping) in the story child beside it."""
    from newsdigest.config import load_config
    from newsdigest.content import load_articles
    from newsdigest.site_model import assign_urls_and_days
    from newsdigest.stories import group_stories, stories_from_groups, story_inputs
    from newsdigest.story_terms import LanguageMemos, article_tokens, pack_terms

    config = load_config(config_path)
    loaded = load_articles(config)
    articles = assign_urls_and_days(config, list(loaded.articles if hasattr(loaded, "articles") else loaded), [])
    articles.sort(key=lambda article: article.sort_key)
    memo = LanguageMemos()
    counts = {article.file_hash: pack_terms(article_tokens(article, memo)) for article in articles}
    settings = config.stories
    best: dict[str, float] = {}
    found = 0
    for _ in range(rounds):
        clock = time.process_time()
        inputs = story_inputs(articles, dict(counts), min_sources=settings.min_sources)
        inputs_done = time.process_time()
        groups = group_stories(inputs, threshold=settings.threshold, headline_threshold=settings.headline_threshold,
                               window_days=settings.window_days,
                               min_sources=settings.min_sources) if inputs is not None else []
        groups_done = time.process_time()
        found = len(stories_from_groups(articles, groups))
        for step, seconds in (("story_inputs", inputs_done - clock), ("group_stories", groups_done - inputs_done),
                              ("stories_from_groups", time.process_time() - groups_done)):
            best[step] = min(best.get(step, float("inf")), seconds)
    return best, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="articles in the corpus (default 10000)")
    parser.add_argument("--workdir", type=Path, default=None, help="where corpora and outputs go (default: a temp folder)")
    parser.add_argument("--pairs", type=int, default=5, help="pairs of clean builds, on and off (default 5)")
    parser.add_argument("--one-build", nargs=2, type=Path, metavar=("CONFIG", "OUTPUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one_build:
        one_build(*args.one_build)
        return 0
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="newsdigest-stories-"))
    corpus = make_corpus(args.count, workdir)
    with_stories, without = corpus / "config.yaml", config_without_stories(corpus)
    on, off = [], []
    for run in range(args.pairs):
        print(f"pair {run + 1}/{args.pairs}", file=sys.stderr)
        builds = [(on, with_stories, "out-stories"), (off, without, "out-no-stories")]
        for results, config, folder in builds if run % 2 == 0 else reversed(builds):
            # Inside the corpus folder, its project: a build may write there also when the work folder is
            # /dev/shm, which keeps a disk's state out of the figures (see docs/benchmark.md, "Where to run").
            results.append(clean_build_steps(config, corpus / folder))
    (workdir / "stories-cost-builds.json").write_text(json.dumps({"on": on, "off": off}, indent=1), encoding="utf-8")
    print(f"| {args.count:,} articles, {args.pairs} pairs of clean builds | stories on (median) "
          f"| stories off (median) | paired difference: median (range) |")
    print("|---|---|---|---|")
    for key, label in (("reading", "reading content (wall)"), ("grouping", "grouping (wall)"),
                       ("rendering", "rendering (wall)"), ("writing", "writing (wall)"),
                       ("total", "**clean build (wall)**"), ("cpu", "clean build (CPU, all processes)")):
        differences = [a.get(key, 0.0) - b.get(key, 0.0) for a, b in zip(on, off)]
        print(f"| {label} | {statistics.median(a.get(key, 0.0) for a in on):.2f} s "
              f"| {statistics.median(b.get(key, 0.0) for b in off):.2f} s "
              f"| {statistics.median(differences):+.2f} s ({min(differences):+.2f} to {max(differences):+.2f}) |",
              flush=True)
    steps, found = clustering_seconds(with_stories)
    print(f"\nThe stories' own steps alone, best of 3, CPU seconds ({found:,} stories): "
          + ", ".join(f"{step} {seconds:.2f}" for step, seconds in steps.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
