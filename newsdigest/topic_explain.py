"""`newsdigest topics explain FILE`: which topics one article lands in and why, exactly as the build decides.

`explain_article` returns plain data: declared topics, each rule's score against its threshold with the keywords
found in which field, the `max_topics` cut, or the category section and the fallback when the config has no
rules. `format_explanation` prints it; `run_explain` is the command.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from newsdigest.article import Article, parse_article
from newsdigest.config import Config
from newsdigest.fileio import NotRegularFileError, read_regular_file
from newsdigest.front_matter import ContentError
from newsdigest.problems import NewsdigestError, Problem
from newsdigest.sections import section_of_name, section_of_url
from newsdigest.topics import MAX_BODY_HITS, KeywordHit, TopicMatcher


@dataclass(frozen=True)
class RuleScore:
    """One configured topic's score for an article, its threshold, and the keyword hits behind the score."""

    slug: str
    title: str
    score: float
    threshold: float
    hits: tuple[KeywordHit, ...]

    @property
    def passed(self) -> bool:
        return self.score >= self.threshold


@dataclass(frozen=True)
class Explanation:
    """Why one article gets the topics it gets."""

    path: str                        # the article's content file (Article.source_path)
    title: str
    topics: tuple[str, ...]          # what the build assigns
    decided_by: str                  # "front matter" | "rules" | "category" | "url" | "fallback"
    reasons: tuple[str, ...]         # sentences, in the order the decision was made
    rules: tuple[RuleScore, ...]     # every configured topic, best score first
    category: str
    category_section: str            # the section the category names, '' if none
    url_section: str                 # the section the URL's path names, '' if none


def explain_article(article: Article, config: Config) -> Explanation:
    """Which topics `article` gets and why, exactly as the build decides (see `TopicMatcher.assign`)."""
    matcher = TopicMatcher(config)
    fields = {"title": article.title, "summary": article.summary, "tags": article.tags, "body": article.body_markdown}
    topics = matcher.assign(**fields, declared=article.declared_topics, category=article.category, url=article.url)
    by_slug: dict[str, list[KeywordHit]] = defaultdict(list)
    for hit in matcher.contributions(**fields):
        by_slug[hit.slug].append(hit)
    rules = [RuleScore(rule.slug, rule.title, round(sum(h.points for h in by_slug[rule.slug]), 6),
                       matcher.threshold(rule.slug), tuple(by_slug[rule.slug])) for rule in config.topics]
    order = {rule.slug: index for index, rule in enumerate(config.topics)}
    rules.sort(key=lambda rule: (-rule.score, order[rule.slug]))
    category_section, url_section = section_of_name(article.category), section_of_url(article.url)
    fallback = config.fallback_topic.slug
    reasons: list[str] = []
    if article.declared_topics:
        decided_by = "front matter"
        reasons.append(f"the front matter's `topics` names {_slugs(article.declared_topics)}: declared topics win, "
                       "so neither rules nor category are used")
    elif config.topics:
        passed = [rule for rule in rules if rule.passed]
        decided_by = "rules" if passed else "fallback"
        for rule in passed:
            place = "kept" if rule.slug in topics else f"dropped: only the best max_topics={config.max_topics} are kept"
            reasons.append(f"{rule.slug} scores {rule.score:g}, reaching its threshold {rule.threshold:g} ({place})")
        if not passed:
            best = next((rule for rule in rules if rule.score > 0), None)
            reasons.append("no rule reaches its threshold" + (f" (best: {best.slug} {best.score:g} < "
                                                               f"{best.threshold:g})" if best else
                                                               " (no keyword of any rule is in the article)"))
            reasons.append(f"so it gets the fallback topic {fallback}")
        if category_section or url_section:
            reasons.append("the config has topic rules, so the source's category is not used "
                           f"(it would give {category_section or url_section})")
    else:
        reasons.append("the config has no topic rules: the article goes to the section its source filed it under")
        if category_section:
            decided_by = "category"
            reasons.append(f"category {article.category!r} is a name of the section {category_section}")
        else:
            reasons.append(f"category {article.category!r} is no known section name" if article.category
                           else "the front matter has no category")
            if url_section:
                decided_by = "url"
                reasons.append(f"the URL's path names the section {url_section}")
            else:
                decided_by = "fallback"
                reasons.append(("the URL's path names no section" if article.url else "it has no URL")
                               + f", so it gets the fallback topic {fallback}")
    return Explanation(article.source_path, article.title, topics, decided_by, tuple(reasons), tuple(rules),
                       article.category, category_section, url_section)


def _slugs(slugs) -> str:
    return ", ".join(slugs)


def format_explanation(explanation: Explanation) -> str:
    """An explanation as text for a terminal."""
    e = explanation
    lines = [f"{e.path}: {e.title}", f"topics: {_slugs(e.topics)}  (decided by {e.decided_by})", ""]
    lines += [f"- {reason}" for reason in e.reasons]
    lines.append(f"category: {e.category!r}" + (f" -> section {e.category_section}" if e.category_section else
                                                "" if not e.category else " -> no known section")
                 + (f"; URL path -> section {e.url_section}" if e.url_section else ""))
    if e.rules:
        lines += ["", "rule scores (title x3, summary/tags x2, body x1 with at most 3 hits per keyword):"]
        for rule in e.rules:
            mark = "pass" if rule.passed else "    "
            lines.append(f"  {mark} {rule.slug:<20} {rule.score:>6g} / threshold {rule.threshold:g}")
            for hit in rule.hits:
                capped = hit.field == "body" and hit.count > MAX_BODY_HITS
                counted = min(hit.count, MAX_BODY_HITS) if hit.field == "body" else hit.count
                lines.append(f"         {hit.keyword!r} in {hit.field}: {counted}x -> {hit.points:g}"
                             + (f" ({hit.count} found)" if capped else ""))
    return "\n".join(lines) + "\n"


def run_explain(args: argparse.Namespace, config: Config) -> int:
    """`newsdigest topics explain FILE`: print why the file's article gets its topics."""
    path = Path(args.file)
    try:
        raw = read_regular_file(path)   # a named pipe is refused: opening it would wait for a writer forever
    except NotRegularFileError as err:
        raise NewsdigestError(Problem(path, err.strerror)) from None
    except FileNotFoundError:
        raise NewsdigestError(Problem(path, "no such file")) from None
    except IsADirectoryError:
        raise NewsdigestError(Problem(path, "is a folder; give one content file")) from None
    try:
        article = parse_article(path, raw, config)
    except ContentError as err:
        raise NewsdigestError(err.problems) from None
    print(format_explanation(explain_article(article, config)), end="")
    if note := _not_built_note(path, article, config):
        print(note)
    return 0


def _not_built_note(path: Path, article, config: Config) -> str:
    """Why the build leaves the file out, when it does: the topics above are those it would get if built."""
    try:
        relative = path.resolve().relative_to(config.content_dir.resolve())
    except ValueError:
        return f"Note: {path} is not under the content folder ({config.content_dir}): the build does not read it."
    if any(part.startswith((".", "_")) for part in relative.parts) or relative.suffix != ".md":
        return (f"Note: the build does not read {path}: it reads `.md` files, and none whose name, or whose folder's, "
                "starts with `.` or `_`.")
    if article.draft:
        return "Note: a draft (draft: true): the build leaves it out unless run with --drafts."
    return ""

