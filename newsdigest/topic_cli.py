"""The `topics suggest` and `topics explain` command lines. Every command builds the whole parser, so this
module stays light: the work (newsdigest.topic_tools, newsdigest.topic_explain) is imported when the command runs."""

from __future__ import annotations

import argparse
from pathlib import Path

from newsdigest.config import Config
from newsdigest.ingest.arguments import positive_int

GROUPINGS = ("auto", "category", "topic", "story")


def add_topics_command(commands, parents: list[argparse.ArgumentParser] = ()) -> argparse.ArgumentParser:
    """Add `topics suggest` and `topics explain FILE` to the `commands` subparsers of the main parser (each with
    the options of `parents`).

    Each sets `handler(args, config)`, which the main program calls with the loaded config; problems are
    raised as NewsdigestError, which it reports.
    """
    topics = commands.add_parser("topics", parents=list(parents),
                                 help="suggest topic rules from the content, or explain an article's topics")
    actions = topics.add_subparsers(dest="topics_command", metavar="ACTION", required=True)
    suggest = actions.add_parser("suggest", parents=list(parents),
                                 help="print distinctive keywords per category as YAML for `topics:`")
    suggest.add_argument("--by", choices=GROUPINGS, default="auto",
                         help="group articles by source category, current topic or story "
                              "(default: auto, categories when most articles have one)")
    suggest.add_argument("--keywords", type=positive_int, default=12, metavar="N",
                         help="keywords per topic (default: 12)")
    suggest.add_argument("--drafts", action="store_true", help="read drafts too")
    suggest.set_defaults(handler=_run_suggest)
    explain = actions.add_parser("explain", parents=list(parents),
                                 help="show which topic rule fires for one article file, and why")
    explain.add_argument("file", type=Path, help="a content file (Markdown with front matter)")
    explain.set_defaults(handler=_run_explain)
    return topics


def _run_suggest(args: argparse.Namespace, config: Config) -> int:
    from newsdigest.topic_tools import run_suggest
    return run_suggest(args, config)


def _run_explain(args: argparse.Namespace, config: Config) -> int:
    from newsdigest.topic_explain import run_explain
    return run_explain(args, config)
