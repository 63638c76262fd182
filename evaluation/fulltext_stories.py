"""Full-text reports labelled with their event, for `python -m evaluation.stories --set basil --source DIR`.

The labelled headlines measure stories on titles alone; a site's articles have bodies, and the engine compares
the start of each body as well (`story_terms.BODY_CHARS`). BASIL (Fan et al., "In Plain Sight: Media Bias Through
the Lens of Factual Reporting", EMNLP 2019; github.com/launchnlp/BASIL) holds 300 full news articles on 100
events from 2010 to 2019, each event reported by three outlets of different leanings (a wire-style paper, a
right-leaning and a left-leaning site), with the event's label, the day, the headline, the address and the
paragraphs of the text. Its repository states no licence, so nothing of it is committed: the loader reads a
checkout or bare git mirror of it at HEAD (`articles/<year>/<event>_<n>.json`).

Its three reports of an event were written from different angles and are often a day apart, which makes the
events a fair test of recall on full text; and with `--same-time` the hundred events, all at one time, test what
the text alone tells apart.
"""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, time, timezone
from pathlib import Path


def load_basil(source: Path) -> list[dict]:
    """BASIL's articles as dicts (id, title, body, publisher, story, published, day_only) from a checkout or bare
    git mirror; ValueError naming `source` when it holds no BASIL articles. The day is all the data gives, so each
    is dated by the day only, as a content file's `date: 2019-03-09` (the build places it at midday)."""
    files = dict(_article_files(source))
    if not files:
        raise ValueError(f"{source}: no BASIL articles (articles/<year>/<event>_<n>.json) found")
    articles = []
    for name, text in sorted(files.items()):
        try:
            record = json.loads(text)
            day = datetime.combine(datetime.strptime(record["date"], "%Y-%m-%d").date(), time(0), timezone.utc)
            paragraphs = [" ".join(part) if isinstance(part, list) else str(part)
                          for part in record["body-paragraphs"]]
            articles.append({"id": Path(name).stem, "title": record["title"].strip(),
                             "body": "\n\n".join(p.strip() for p in paragraphs if p.strip()),
                             "publisher": record["source"].casefold(), "story": record["triplet-uuid"],
                             "published": day, "day_only": True})
        except (ValueError, KeyError, TypeError) as err:
            raise ValueError(f"{source}: {name}: not a BASIL article ({err})") from err
    return articles


def _article_files(source: Path):
    """(path, text) of every `articles/*/*.json`: from the folder when it is a checkout, else from git at HEAD."""
    folder = source / "articles"
    if folder.is_dir():
        for path in sorted(folder.glob("*/*.json")):
            yield f"articles/{path.parent.name}/{path.name}", path.read_text(encoding="utf-8")
        return
    try:
        listing = subprocess.run(
            ["git", "--git-dir", str(source), "ls-tree", "-r", "--name-only", "HEAD", "articles"],
            check=True, capture_output=True, text=True).stdout.split()
    except (OSError, subprocess.CalledProcessError) as err:
        raise ValueError(f"{source}: no BASIL articles: neither a checkout (articles/<year>/<event>_<n>.json) "
                         "nor a git mirror of one") from err
    for name in listing:
        if name.endswith(".json"):
            yield name, subprocess.run(["git", "--git-dir", str(source), "show", f"HEAD:{name}"], check=True,
                                       capture_output=True).stdout.decode("utf-8")
