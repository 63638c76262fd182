"""Tools for writing topic rules: `newsdigest topics suggest` and `newsdigest topics explain FILE`.

`suggest_topics` groups the site's articles (by their sources' categories, else by their current
topics, else by story) and finds each group's distinctive words: the weighted log-odds ratio with an
informative Dirichlet prior (Monroe, Colaresi and Quinn 2008, "Fightin' Words"), which ranks a word by
how much more often the group's articles use it than the rest of the site does, discounted for words
seen only a few times. A keyword must also set its group apart: the group uses it at least twice as often as
the rest of the site's articles in the languages that use it, and it is no word common to the whole site, in half
the articles of every group ("gehen", or "korean" on a site about Korea). newsdigest.topic_terms reads the words.
`format_suggestions` prints them as a `topics:` list ready to paste into config.yaml, each topic with a comment
on how many of its articles the suggested rule would catch.

`topics explain` is in newsdigest.topic_explain. Both return plain data; newsdigest.topic_cli puts them on
the command line.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from itertools import chain

import yaml

from newsdigest.article import PLACEHOLDER_BODY, Article
from newsdigest.config import Config, config_from_mapping
from newsdigest.problems import NewsdigestError, Problem
from newsdigest.slugs import slugify
from newsdigest.story_terms import fold_plural
from newsdigest.topic_cli import GROUPINGS
from newsdigest.topic_terms import article_terms, reading_language
from newsdigest.sections import section_for, section_rule
from newsdigest.topics import TopicMatcher

PRIOR_STRENGTH = 200.0   # the Dirichlet prior's total count: how far rare words are pulled to the site's rate
MIN_SHARE = 0.2          # a keyword must be in at least this share of its group's articles (and in two)
MIN_GROUP = 2            # a group of one article has no words "distinctive of the group", only of the article
MIN_LIFT = 2.0           # a keyword's share of its group's articles, at least this times its share of the rest
COMMON_SHARE = 0.5       # a word in this share of every group's articles is common to the site: no keyword


# --------------------------------------------------------------------------------------------------
# suggest
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Keyword:
    """One suggested keyword of a group: as config.yaml would write it, its weight and why it was chosen."""

    keyword: str        # e.g. "tariff*", "trade deal"
    weight: int         # 1..3, from its z-score among the group's keywords
    z: float            # log-odds z-score of the group against the rest of the site
    in_group: int       # articles of the group that use it
    elsewhere: int      # articles outside the group that use it


@dataclass(frozen=True)
class SuggestedTopic:
    """A group of articles and the rule suggested for it."""

    slug: str
    title: str
    articles: int
    keywords: tuple[Keyword, ...]
    caught: int = 0       # articles of the group the suggested rules assign to this topic
    strays: int = 0       # articles outside the group they assign to it as well


@dataclass(frozen=True)
class Suggestions:
    """What `suggest_topics` found: the grouping used and a rule per group."""

    grouped_by: str       # "category" | "topic" | "story"
    articles: int
    topics: tuple[SuggestedTopic, ...]


def article_group(article: Article, grouped_by: str) -> tuple[str, str] | None:
    """(slug, title) of the group an article belongs to for `grouped_by` "category" or "topic"; None: none.

    A category that names a known section goes to that section ("Economy" and "Markets" are both
    business); any other category is a group of its own, named as written. One without Latin letters
    ("囲碁・将棋", "Политика") has no slug to spell, so a digest of it names its group.
    """
    if grouped_by == "category":
        section = section_rule(section_for(article.category, article.url))
        if section is not None:
            return section.slug, section.title
        if not any(char.isalnum() for char in article.category):   # none, or punctuation only: no name
            return None
        digest = hashlib.sha1(article.category.casefold().encode("utf-8")).hexdigest()[:8]
        return slugify(article.category) or f"category-{digest}", article.category
    if grouped_by == "topic" and article.topics:
        return article.topics[0], article.topics[0].replace("-", " ").title()
    return None


def _groups(articles: list[Article], config: Config, grouped_by: str) -> tuple[str, dict[tuple[str, str], list[int]]]:
    """Resolve "auto" and group article indexes. Categories win when most articles have one; topics when
    the config's rules put articles in at least two topics besides the fallback; stories otherwise."""
    def grouping(kind: str) -> dict[tuple[str, str], list[int]]:
        found: dict[str, list[int]] = defaultdict(list)
        titles: dict[str, str] = {}
        for index, article in enumerate(articles):
            group = article_group(article, kind)
            if group is not None:  # categories spelled alike ("Economy", "economy") are one group
                titles.setdefault(group[0], group[1])
                found[group[0]].append(index)
        return {(slug, titles[slug]): members for slug, members in found.items()}

    if grouped_by in ("auto", "category"):
        by_category = grouping("category")
        covered = sum(len(members) for members in by_category.values())
        if grouped_by == "category" or (len(by_category) >= 2 and covered * 2 >= len(articles)):
            return "category", by_category
    if grouped_by in ("auto", "topic") and config.topics:
        titles = {rule.slug: rule.title for rule in config.all_topics()}
        with_topics = [replace(a, topics=TopicMatcher(config).assign(title=a.title, summary=a.summary, tags=a.tags,
                                                                      body=a.body_markdown,
                                                                      declared=a.declared_topics))
                       if not a.topics else a for a in articles]
        found: dict[tuple[str, str], list[int]] = defaultdict(list)
        for index, article in enumerate(with_topics):
            slug = article.topics[0]
            if slug != config.fallback_topic.slug:
                found[(slug, titles.get(slug, slug.replace("-", " ").title()))].append(index)
        if grouped_by == "topic" or len(found) >= 2:
            return "topic", found
    from newsdigest.stories import cluster_stories     # numpy and scipy: only when stories are needed
    stories = cluster_stories(articles, threshold=config.stories.threshold,
                              headline_threshold=config.stories.headline_threshold,
                              window_days=config.stories.window_days, min_sources=1)
    position = {article.source_path: index for index, article in enumerate(articles)}
    by_story: dict[tuple[str, str], list[int]] = {}
    taken: set[str] = set()
    for story in stories:   # (leads' headlines alike, or of digits only, give one slug: each story its own)
        base = slug = slugify(story.lead.title, max_length=40) or story.id
        number = 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        by_story[(slug, story.lead.title)] = sorted(position[a.source_path] for a in story.articles)
    return "story", by_story


def _keyword_text(term: str, forms: Counter) -> str:
    """How config.yaml should write a term: the spelling used most, or 'stem*' when the spellings all start
    with the term ("tariff*" for "tariff" and "tariffs"), so one keyword matches them all."""
    if " " in term:
        return term
    spellings = list(forms)
    if len(spellings) > 1 and all(s.startswith(term) for s in spellings) and len(term) >= 4:
        return term + "*"
    return forms.most_common(1)[0][0]


def log_odds(in_group: int, group_total: int, elsewhere: int, rest_total: int, prior: float,
             prior_total: float) -> float:
    """z-score of the weighted log-odds ratio of a term in a group vs the rest (Monroe et al. 2008, eq. 22)."""
    a = in_group + prior
    b = elsewhere + prior
    delta = math.log(a / (group_total + prior_total - a)) - math.log(b / (rest_total + prior_total - b))
    return delta / math.sqrt(1.0 / a + 1.0 / b)


def suggest_topics(articles: list[Article], config: Config, *, grouped_by: str = "auto",
                   per_topic: int = 12) -> Suggestions:
    """A suggested topic rule for each group of articles (see the module docstring), groups largest first."""
    if grouped_by not in GROUPINGS:
        raise ValueError(f"grouped_by must be one of {GROUPINGS}")
    kind, groups = _groups(articles, config, grouped_by)
    forms: dict[str, Counter] = defaultdict(Counter)
    memo: dict[str, tuple[str, str]] = {}
    languages = [reading_language(article) for article in articles]
    written_as_names: Counter = Counter()
    terms_of = [article_terms(article, forms, memo, language, written_as_names)
                for article, language in zip(articles, languages)]
    document_frequency: Counter = Counter(chain.from_iterable(terms_of))
    site_total = sum(document_frequency.values()) or 1
    used_in: dict[str, set[str]] = defaultdict(set)   # term -> the languages of the articles that use it
    for terms, language in zip(terms_of, languages):
        for term in terms:
            used_in[term].add(language)
    site_languages = Counter(languages)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    group_terms = [Counter(chain.from_iterable(terms_of[index] for index in members)) for _, members in ordered]
    group_languages = [Counter(languages[index] for index in members) for _, members in ordered]
    common = _site_common_words(group_terms, group_languages, used_in)
    topics = []
    for ((slug, title), members), in_group, in_languages in zip(ordered, group_terms, group_languages):
        group_total = sum(in_group.values()) or 1
        rest_total = max(site_total - group_total, 1)
        least = max(2, math.ceil(MIN_SHARE * len(members)))
        scored = []
        for term, count in in_group.items() if len(members) >= MIN_GROUP else ():
            if count < least:
                continue
            # The group must use it twice as often as the rest, both counted among the articles written in the
            # languages that use it: a German verb of every German report ("gehen") sets apart no group, even the
            # one most German reports are in.
            inside = sum(in_languages[language] for language in used_in[term])
            outside = sum(site_languages[language] for language in used_in[term]) - inside
            if outside and count / inside < MIN_LIFT * (document_frequency[term] - count) / outside:
                continue
            # Nor is a word common to the site one, or a phrase with one in it ("kommen mehr", "banken gehen"): it
            # says no more than its other word, unless it is a name ("Kim Jung-kwan" where most reports name a Kim).
            if common and not common.isdisjoint(map(fold_plural, term.split())) and (
                    " " not in term or 2 * written_as_names[term] <= document_frequency[term]):
                continue
            prior = PRIOR_STRENGTH * document_frequency[term] / site_total
            z = log_odds(count, group_total, document_frequency[term] - count, rest_total, prior, PRIOR_STRENGTH)
            if z > 0:
                scored.append((z, term, count))
        scored.sort(key=lambda item: (-item[0], item[1]))
        chosen: list[tuple[float, str, int]] = []
        for z, term, count in scored:
            # A word and a phrase holding it, found in the same articles, say one thing: the phrase says it
            # more precisely ("central bank" rather than "central" and "bank"), so it takes the word's place.
            same = [at for at, (_, kept, kept_count) in enumerate(chosen)
                    if kept_count == count and (term in kept.split() or kept in term.split())]
            # Overlapping phrases found in the same articles are pieces of one longer name
            # ("commerce secretary", "secretary howard", "howard lutnick"): the first says it.
            if " " in term and any(kept_count == count and " " in kept and set(kept.split()) & set(term.split())
                                   for _, kept, kept_count in chosen):
                continue
            if same:
                if " " in term and all(" " not in chosen[at][1] for at in same):
                    chosen[same[0]] = (chosen[same[0]][0], term, count)
                    chosen = [item for at, item in enumerate(chosen) if at not in same[1:]]
                continue
            chosen.append((z, term, count))
            if len(chosen) == per_topic:
                break
        top = chosen[0][0] if chosen else 1.0
        keywords = tuple(Keyword(_keyword_text(term, forms[term]), _weight(z, top), round(z, 2), count,
                                 document_frequency[term] - count) for z, term, count in chosen)
        topics.append(SuggestedTopic(slug, title, len(members), keywords))
    return Suggestions(kind, len(articles), tuple(_with_coverage(topics, groups, articles, config)))


def _site_common_words(group_terms: list[Counter], group_languages: list[Counter],
                        used_in: dict[str, set[str]]) -> set[str]:
    """The words common to the whole site: in at least `COMMON_SHARE` of the articles of every group, counting
    the articles written in the languages that use the word (groups of two or more such articles, two at least).

    The stop-word lists hold few of a language's verbs and adverbs ("gehen", "kommen", "mehr"), and what a site
    writes about in every section is no section's keyword either ("korean" on a site about Korea).
    """
    common = set()
    for word, languages in used_in.items():
        if " " in word:
            continue
        assessed = 0
        for in_group, in_languages in zip(group_terms, group_languages):
            articles = sum(in_languages[language] for language in languages)
            if articles < MIN_GROUP:
                continue
            if in_group[word] < COMMON_SHARE * articles:
                break
            assessed += 1
        else:
            if assessed >= 2:
                common.add(word)
    return common


def _with_coverage(topics: list[SuggestedTopic], groups: dict[tuple[str, str], list[int]],
                   articles: list[Article], config: Config) -> list[SuggestedTopic]:
    """Each topic with how many of its group's articles the suggested rules assign to it, and how many others."""
    rules = [topic_mapping(topic) for topic in topics if topic.keywords]
    if not rules:
        return topics
    taken = {rule["slug"] for rule in rules}
    fallback = next(name for name in ("general", "unassigned", "no-topic-suggested") if name not in taken)
    trial = config_from_mapping({"topics": rules, "topic_threshold": config.topic_threshold,
                                 "max_topics": config.max_topics, "fallback_topic": {"slug": fallback}}, config.root)
    matcher = TopicMatcher(trial)
    assigned = [set(matcher.assign(title=a.title, summary=a.summary, tags=a.tags, body=a.body_markdown))
                for a in articles]
    members = {slug: set(indexes) for (slug, _title), indexes in groups.items()}
    result = []
    for topic in topics:
        slug = slugify(topic.slug)
        hit = {index for index, slugs in enumerate(assigned) if slug in slugs}
        inside = members.get(topic.slug, set())
        result.append(replace(topic, caught=len(hit & inside), strays=len(hit - inside)))
    return result


def _weight(z: float, top: float) -> int:
    """A keyword's weight from its z-score against the group's best: 3 near the top, then 2, then 1."""
    share = z / top if top > 0 else 0.0
    return 3 if share >= 0.8 else 2 if share >= 0.55 else 1


def topic_mapping(topic: SuggestedTopic) -> dict:
    """One suggested topic as the mapping config.yaml's `topics:` list holds."""
    return {"slug": topic.slug, "title": topic.title,
            "keywords": {keyword.keyword: keyword.weight for keyword in topic.keywords}}


def format_suggestions(suggestions: Suggestions, source: str = "content/") -> str:
    """The suggestions as YAML to paste into config.yaml (it loads as it is), with a comment per topic."""
    lines = [f"# Suggested by `newsdigest topics suggest` from {suggestions.articles} articles in {source},",
             f"# grouped by {suggestions.grouped_by}. Keywords are ranked by how much more often the group's",
             "# articles use them than the rest do. Edit, merge or drop topics, then paste under `topics:`.",
             "topics:"]
    if not any(topic.keywords for topic in suggestions.topics):   # (the groups' comments follow: still YAML)
        lines[-1] = "topics: []  # no group with distinctive words: add articles with categories, or write rules"
    for topic in suggestions.topics:
        if not topic.keywords:
            why = "too few to tell" if topic.articles < MIN_GROUP else "no distinctive keyword"
            lines.append(f"  # {topic.title}: {topic.articles} article{'s' if topic.articles != 1 else ''}, {why}")
            continue
        plural, others = "s" if topic.articles != 1 else "", "s" if topic.strays != 1 else ""
        lines.append(f"  # {topic.title}: {topic.articles} article{plural}; these keywords catch {topic.caught} "
                     f"of them and {topic.strays} other{others}")
        dumped = yaml.safe_dump([topic_mapping(topic)], allow_unicode=True, sort_keys=False,
                                default_flow_style=None, width=100)
        lines += ["  " + line for line in dumped.splitlines()]
    return "\n".join(lines) + "\n"


def run_suggest(args: argparse.Namespace, config: Config) -> int:
    """`newsdigest topics suggest`: read content/, print the suggested `topics:` YAML."""
    from newsdigest.content import load_articles

    loaded = load_articles(config, include_drafts=args.drafts)
    for problem in loaded.problems:
        print(f"skipped: {problem}", file=sys.stderr)
    # (`newsdigest new`'s placeholder text, in every article not yet written, was suggested as a topic's keywords)
    written = [article for article in loaded.articles if article.body_markdown.strip() != PLACEHOLDER_BODY]
    if not written:
        raise NewsdigestError(Problem(config.content_dir, "no articles to read" if not loaded.articles else
                                      "no article is written yet: each still has `newsdigest new`'s placeholder"))
    if args.by == "topic" and not config.topics:   # (it grouped by story without a word)
        raise NewsdigestError(Problem(config.root, "--by topic groups articles by "
                                      "the config's topic rules, and it has none: --by category or --by story"))
    suggestions = suggest_topics(written, config, grouped_by=args.by, per_topic=max(1, args.keywords))
    print(format_suggestions(suggestions, str(config.content_dir)), end="")
    return 0
