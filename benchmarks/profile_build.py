#!/usr/bin/env python3
"""Profile one clean newsdigest build with cProfile and print the hot spots.

    python benchmarks/profile_build.py CONFIG [--top 15] [--save FILE.prof] [--edit ARTICLE.md [--cli]]

The output folder named by CONFIG and the build cache beside CONFIG are removed first, so this is a full
clean build. With --edit, the clean build runs unprofiled in a warm builder (as in warm_rebuild.py),
ARTICLE's title is edited, and the rebuild after that edit is what gets profiled (the article is
restored afterwards). With --edit and --cli, the clean build is a one-shot build as the command line runs
it, filling the persistent build cache (newsdigest.build_cache), and the profiled rebuild after the edit is
another one-shot build using that cache: what `newsdigest build` costs after an edit. To profile another
checkout, put it first on PYTHONPATH (its themes must match CONFIG's). cProfile slows pure Python code down (roughly 1.5-2x), so read the numbers as shares of the
build, not as build times. It sees only the main process: work done in worker processes shows up as waiting.
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

if __package__ in (None, ""):  # run as a script: our benchmarks package, but newsdigest from PYTHONPATH
    _REPO = str(Path(__file__).resolve().parents[1])
    sys.path.insert(0, _REPO)
    from benchmarks.editing import edit_title
    from benchmarks.warm_rebuild import make_rebuilder
    sys.path.remove(_REPO)
else:
    from benchmarks.editing import edit_title
    from benchmarks.warm_rebuild import make_rebuilder


def profile_build(config_path: Path, save: Path | None = None, top: int = 15, edit: Path | None = None,
                  cli: bool = False) -> str:
    from newsdigest.config import load_config

    config = load_config(config_path)
    for folder in (config.output_dir, config.root / ".newsdigest-cache"):  # no output, no build cache
        shutil.rmtree(folder, ignore_errors=True)
    if edit and cli:  # one-shot builds with the persistent cache, as `newsdigest build` runs them
        import newsdigest.build as engine

        rebuild = lambda _edited=None: (engine.build(config, cache=True), "one-shot, cached")  # noqa: E731
        how = "newsdigest.build.build(config, cache=True)"
    elif edit:
        rebuild, how = make_rebuilder(config)
    else:  # a clean build as the CLI runs it: one-shot, nothing kept for a next build
        import newsdigest.build as engine

        rebuild, how = (lambda _edited=None: (engine.build(config), "one-shot")), "newsdigest.build.build(config)"
    what = "clean build"
    original = edit.read_bytes() if edit else None
    try:
        if edit:
            rebuild(None)
            edit_title(edit, "warm edit 1")
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        result, way = rebuild(edit.resolve() if edit else None)
        profiler.disable()
        if edit:
            what = f"one-article edit rebuild ({way}) via {how}"
        seconds = time.perf_counter() - started
    finally:
        if edit:
            edit.write_bytes(original)
    if save:
        profiler.dump_stats(save)
    report = io.StringIO()
    report.write(f"Profiled {what} of {len(result.site.articles)} articles: {seconds:.1f}s under cProfile\n")
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
    parser.add_argument("--edit", type=Path, help="profile the rebuild after editing this article's title instead")
    parser.add_argument("--cli", action="store_true",
                        help="with --edit: profile a one-shot build using the persistent build cache (the CLI's way)")
    args = parser.parse_args(argv)
    print(profile_build(args.config, args.save, args.top, args.edit, args.cli))
    return 0


if __name__ == "__main__":
    sys.exit(main())
