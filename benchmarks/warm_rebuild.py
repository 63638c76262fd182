#!/usr/bin/env python3
"""Child process of benchmarks/run.py: one-article edit rebuilds in a process that has already built once.

    python benchmarks/warm_rebuild.py CONFIG ARTICLE.md --repeat N

This stands in for `watch`/`serve`: the process builds the site, then for each repeat edits ARTICLE's title
and times the rebuild until the updated page is on disk. It passes the same `ArticleCache` to every build
when `newsdigest.build.build` accepts a `cache` argument, and reuses one `newsdigest.build.SiteBuilder` (what
`watch` and `serve` rebuild with) when the engine offers it, so it measures whatever incremental machinery the
engine has. File-watcher
latency (noticing the save) is not included. Prints one JSON object; the article is restored at the end.
"""

from __future__ import annotations

import argparse
import inspect
import json
import resource
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: our benchmarks package, but newsdigest from PYTHONPATH
    _REPO = str(Path(__file__).resolve().parents[1])
    sys.path.insert(0, _REPO)
    from benchmarks.editing import edited_page, edit_title
    sys.path.remove(_REPO)
else:
    from benchmarks.editing import edited_page, edit_title


def make_rebuilder(config):
    """A zero-argument function that rebuilds the site, keeping whatever state the engine lets us keep."""
    import newsdigest.build as engine

    for name in ("SiteBuilder", "IncrementalBuilder", "Builder"):
        builder_class = getattr(engine, name, None)
        if builder_class is not None:
            builder = builder_class(config)
            return (lambda: builder.build()), f"newsdigest.build.{name}(config).build()"
    if "cache" in inspect.signature(engine.build).parameters:
        from newsdigest.content import ArticleCache

        cache = ArticleCache()
        return (lambda: engine.build(config, cache=cache)), "build(config, cache=ArticleCache())"
    return (lambda: engine.build(config)), "build(config) (no cache argument: a full rebuild in a warm process)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("config", type=Path)
    parser.add_argument("article", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)

    from newsdigest.config import load_config

    config = load_config(args.config)
    rebuild, how = make_rebuilder(config)
    started = time.perf_counter()
    rebuild()
    first = time.perf_counter() - started
    original = args.article.read_bytes()
    times, verified = [], True
    try:
        for attempt in range(1, args.repeat + 1):
            new_title = edit_title(args.article, f"warm edit {attempt}")
            started = time.perf_counter()
            rebuild()
            times.append(time.perf_counter() - started)
            verified = verified and edited_page(config.output_dir, new_title) is not None
    finally:
        args.article.write_bytes(original)
    print(json.dumps({"first_build": first, "edit_rebuilds": times, "verified": verified, "how": how,
                      "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
