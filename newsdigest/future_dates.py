"""Articles dated after the day of the build: published all the same (a build does not depend on the day it runs),
with a warning, since a mistyped year ("2062") is the likely cause and the article would head the site and its
feeds for decades."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from newsdigest.article import Article
from newsdigest.problems import Problem

FUTURE_MARGIN = timedelta(days=1)   # a day ahead at most: an article dated "tomorrow" where the day starts sooner
CHANGE_KEYS = ("updated", "modified", "date_modified")   # as Article.last_change reads them


def future_dated(articles: list[Article], content_dir: Path, now: datetime) -> list[Problem]:
    """A warning for each article (not a draft) dated more than a day after `now`, or whose `updated:` is: the
    article heads the site, its feeds and their dates as the latest news until then, or its feeds, sitemap and
    JSON-LD say it changed then."""
    warnings = []
    for article in articles:
        if article.draft:
            continue
        if article.date > now + FUTURE_MARGIN:
            warnings.append(Problem(content_dir / article.source_path, f"date: {article.date.isoformat()} is in the "
                                    "future: the article is published now and heads the site as its latest news "
                                    "until then (fix the date, or mark it draft: true until it is due)"))
        elif article.modified > now + FUTURE_MARGIN:
            key = next((key for key in CHANGE_KEYS if article.extra.get(key) is not None), CHANGE_KEYS[0])
            warnings.append(Problem(content_dir / article.source_path, f"{key}: {article.modified_text} is in the "
                                    "future: the feeds, the sitemap and the page's metadata say the article changed "
                                    "then (fix the date)"))
    return warnings
