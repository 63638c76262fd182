#!/usr/bin/env python3
"""What stories add to a clean build: the same corpus built with stories on and off, in the same run.

    python -m benchmarks.stories_cost [--count 10000] [--workdir DIR] [--repeat 3]

Generates (or reuses) a corpus with benchmarks/generate_corpus.py, then alternates clean builds
(`python build.py -c CONFIG build --no-cache`, each in a fresh child process) with the corpus config and with
a copy that sets `stories.enabled: false`, and reports the best of `--repeat` runs of each and their
difference. Alternating the two keeps a noisy machine's drift out of the difference. It also times the
clustering step alone in this process (`site_model.find_stories` on articles whose term counts were made
beforehand, as the build's parse workers make them). Times are wall and CPU seconds: on a shared machine
the CPU seconds (of the build and its worker processes together) are the steadier measure.
"""

from __future__ import annotations

import argparse
import resource
import shutil
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


def clean_build_seconds(config: Path, output: Path) -> tuple[float, float]:
    """One clean build into an empty `output` (an earlier build there would allow the no-change fast path),
    as (wall seconds, CPU seconds of the build and its worker processes)."""
    shutil.rmtree(output, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "build.py", "-c", str(config), "build", "--no-cache", "--force", "-o", str(output)],
                   cwd=REPO, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def clustering_seconds(config_path: Path) -> tuple[float, int]:
    """The stories step alone, on articles whose term counts are already made (as the build's workers do)."""
    from newsdigest.config import load_config
    from newsdigest.content import load_articles
    from newsdigest.site_model import find_stories
    from newsdigest.story_terms import TermMemo, article_tokens, pack_terms

    config = load_config(config_path)
    loaded = load_articles(config)
    articles = loaded.articles if hasattr(loaded, "articles") else loaded
    memo = TermMemo()
    counts = {article.file_hash: pack_terms(article_tokens(article, memo)) for article in articles}
    best, found = float("inf"), 0
    for _ in range(3):
        started = time.process_time()
        found = len(find_stories(config, articles, token_cache=dict(counts)))
        best = min(best, time.process_time() - started)
    return best, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="articles in the corpus (default 10000)")
    parser.add_argument("--workdir", type=Path, default=None, help="where corpora and outputs go (default: a temp folder)")
    parser.add_argument("--repeat", type=int, default=3, help="clean builds of each kind; the best counts (default 3)")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="newsdigest-stories-"))
    corpus = make_corpus(args.count, workdir)
    with_stories, without = corpus / "config.yaml", config_without_stories(corpus)
    on, off = [], []
    for run in range(args.repeat):
        print(f"run {run + 1}/{args.repeat}", file=sys.stderr)
        on.append(clean_build_seconds(with_stories, workdir / "out-stories"))
        off.append(clean_build_seconds(without, workdir / "out-no-stories"))
    step, found = clustering_seconds(with_stories)
    print(f"| {args.count:,} articles, best of {args.repeat} | stories on | stories off | difference |")
    print("|---|---|---|---|")
    for label, index in (("clean build, wall", 0), ("clean build, CPU (all processes)", 1)):
        best_on, best_off = min(run[index] for run in on), min(run[index] for run in off)
        print(f"| {label} | {best_on:.2f} s | {best_off:.2f} s | {best_on - best_off:+.2f} s |")
    print(f"\nThe clustering step alone: {step:.2f} s of CPU, {found:,} stories.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
