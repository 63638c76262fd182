#!/usr/bin/env python3
"""Child process of benchmarks/run.py: one-article edit rebuilds in a process that has already built once.

    python benchmarks/warm_rebuild.py CONFIG ARTICLE.md --repeat N

This stands in for `watch`/`serve`: the process builds the site, then for each repeat edits ARTICLE's title
and times the rebuild until the updated page is on disk, the way the watcher rebuilds: a quick update of
the pages showing the article (`SiteBuilder.update`) when the engine offers one and the edit allows it,
else a full rebuild with a warm `SiteBuilder`. After the repeats it times the full build the watcher runs
once edits pause (the "follow-up", which brings stories and the search index up to date). File-watcher latency
(noticing the save) is not included. Prints one JSON object; the article is restored at the end.
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
    """(rebuild, how): rebuild(edited_path or None) rebuilds as the watcher would and says which way it went."""
    import newsdigest.build as engine

    builder_class = getattr(engine, "SiteBuilder", None)
    if builder_class is None:
        if "cache" in inspect.signature(engine.build).parameters:
            from newsdigest.content import ArticleCache

            cache = ArticleCache()
            return (lambda edited=None: (engine.build(config, cache=cache), "full")), "build(config, cache=...)"
        return (lambda edited=None: (engine.build(config), "full")), "build(config)"
    quick = "quick_updates" in inspect.signature(builder_class).parameters
    builder = builder_class(config, quick_updates=True) if quick else builder_class(config)

    def rebuild(edited=None):
        if edited is not None and quick:
            from newsdigest.quick import NeedsFullBuild
            try:
                return builder.update([edited]), "quick"
            except NeedsFullBuild:
                pass
        return builder.build(), "full"

    how = ("SiteBuilder(config, quick_updates=True): update([article]), else build()" if quick
           else "SiteBuilder(config).build()")
    return rebuild, how


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
    rebuild(None)
    first = time.perf_counter() - started
    original = args.article.read_bytes()
    article = args.article.resolve()
    times, ways, verified = [], [], True
    try:
        for attempt in range(1, args.repeat + 1):
            new_title = edit_title(article, f"warm edit {attempt}")
            started = time.perf_counter()
            _result, way = rebuild(article)
            times.append(time.perf_counter() - started)
            ways.append(way)
            verified = verified and edited_page(config.output_dir, new_title) is not None
        started = time.perf_counter()
        rebuild(None)  # the full build the watcher runs once edits pause
        follow_up = time.perf_counter() - started
        verified = verified and edited_page(config.output_dir, new_title) is not None
    finally:
        args.article.write_bytes(original)
    print(json.dumps({"first_build": first, "edit_rebuilds": times, "ways": ways, "follow_up_build": follow_up,
                      "verified": verified, "how": how,
                      "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
