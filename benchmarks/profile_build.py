#!/usr/bin/env python3
"""Profile one clean newsdigest build with cProfile and print the hot spots.

    python benchmarks/profile_build.py CONFIG [--top 15] [--save FILE.prof]

The output folder named by CONFIG is removed first, so this is a full clean build. cProfile slows pure
Python code down (roughly 1.5-2x), so read the numbers as shares of the build, not as build times.
Open a saved profile with `python -m pstats FILE.prof` or snakeviz.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import sys
import time
from pathlib import Path


def profile_build(config_path: Path, save: Path | None = None, top: int = 15) -> str:
    from newsdigest.build import build
    from newsdigest.config import load_config

    config = load_config(config_path)
    shutil.rmtree(config.output_dir, ignore_errors=True)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    result = build(config)
    profiler.disable()
    seconds = time.perf_counter() - started
    if save:
        profiler.dump_stats(save)
    report = io.StringIO()
    report.write(f"Profiled clean build of {len(result.site.articles)} articles: {seconds:.1f}s under cProfile\n")
    stats = pstats.Stats(profiler, stream=report).strip_dirs()
    report.write(f"\nTop {top} by cumulative time:\n")
    stats.sort_stats("cumulative").print_stats(top)
    report.write(f"\nTop {top} by own time:\n")
    stats.sort_stats("tottime").print_stats(top)
    return report.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("config", type=Path)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--save", type=Path, help="write the raw profile here (pstats format)")
    args = parser.parse_args(argv)
    print(profile_build(args.config, args.save, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
