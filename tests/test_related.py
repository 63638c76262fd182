"""Related lists worked out again only where an edit can change them (newsdigest.related): the same lists as
working every one out, over a long series of random edits, and the memory's own safeguards."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsdigest.article import Article, ArticleBody
from newsdigest.config import load_config
from newsdigest.related import find_related

REPO = Path(__file__).resolve().parents[1]
START = datetime(2026, 1, 1, tzinfo=timezone.utc)
TAGS = ["ports", "ferries", "tariffs", "steel", "grain", "rail"]
TOPICS = ["trade", "security", "general"]     # "general": the fallback topic, which relates nothing


@pytest.fixture
def config(tmp_path):
    return load_config(REPO / "config.yaml", overrides={
        "content_dir": str(tmp_path / "content"), "related": {"count": 3, "window_days": 2},
        "fallback_topic": {"slug": "general", "title": "General"}})


def an_article(rng: random.Random, name: str) -> Article:
    when = START + timedelta(hours=rng.randint(0, 24 * 12))   # twelve days: windows of two overlap in part
    return Article(source_path=f"{name}.md", title=name, date=when, slug=name,
                   body=ArticleBody("<p>x</p>", "x"), summary="x", source="Wire", file_hash=name,
                   page_url=f"/{name}/", topics=tuple(rng.sample(TOPICS, rng.randint(1, 2))),
                   tags=tuple(rng.sample(TAGS, rng.randint(0, 2))), day=when.date())


def edited(rng: random.Random, article: Article) -> Article:
    change = rng.choice(["date", "tags", "topics", "address", "nothing"])
    if change == "date":
        when = article.date + timedelta(hours=rng.choice((-30, -3, 3, 30)))
        return replace(article, date=when, day=when.date())
    if change == "tags":
        return replace(article, tags=tuple(rng.sample(TAGS, rng.randint(0, 2))))
    if change == "topics":
        return replace(article, topics=tuple(rng.sample(TOPICS, rng.randint(1, 2))))
    if change == "address":   # a new title's slug: the URL that orders exact ties
        return replace(article, page_url=f"/{rng.choice('abcxyz')}-{article.slug}/")
    return article


def lists(related: dict) -> dict:
    return {str(path): [str(other.source_path) for other in others] for path, others in related.items()}


def test_an_edit_series_gives_the_lists_a_full_pass_gives(config):
    rng = random.Random(11)
    articles = [an_article(rng, f"a{n}") for n in range(60)]
    memory: dict = {}
    assert lists(find_related(config, articles, memory)) == lists(find_related(config, articles))
    for step in range(150):
        what = rng.random()
        if what < 0.15:
            articles.append(an_article(rng, f"new{step}"))
        elif what < 0.25 and len(articles) > 10:
            articles.pop(rng.randrange(len(articles)))
        else:
            for _ in range(rng.randint(1, 3)):
                at = rng.randrange(len(articles))
                articles[at] = edited(rng, articles[at])
        articles.sort(key=lambda a: (a.date, a.slug))
        assert lists(find_related(config, articles, memory)) == lists(find_related(config, articles)), step


def test_only_the_lists_an_edit_can_change_are_worked_out_again(config, monkeypatch):
    """An article's new tag touches the lists of its window on its pages, not those of articles days away."""
    rng = random.Random(3)
    articles = sorted((an_article(rng, f"a{n}") for n in range(200)), key=lambda a: (a.date, a.slug))
    memory: dict = {}
    find_related(config, articles, memory)
    import newsdigest.related as related
    seen: list[int] = []
    real = related._touched
    monkeypatch.setattr(related, "_touched", lambda *args: seen.append(len(found := real(*args))) or found)
    articles[0] = replace(articles[0], tags=("ports",))
    assert lists(find_related(config, articles, memory)) == lists(find_related(config, articles))
    assert 0 < seen[0] < len(articles) // 4


@pytest.mark.parametrize("damage", [
    lambda text: text[: len(text) // 2],                                   # cut short
    lambda text: json.dumps({"params": "?", "lists": {}}),                 # another version's
    lambda text: text.replace('"a1.md"', '["a1.md"]', 1),                  # a path that is no text
    lambda text: text.replace('[[', '[[null,', 1),                         # a signature of the wrong shape
])
def test_a_damaged_memory_is_worked_around_never_trusted(config, damage):
    rng = random.Random(5)
    articles = sorted((an_article(rng, f"a{n}") for n in range(40)), key=lambda a: (a.date, a.slug))
    memory: dict = {}
    find_related(config, articles, memory)
    memory["json"] = damage(memory["json"])
    articles[3] = replace(articles[3], tags=("grain",))
    assert lists(find_related(config, articles, memory)) == lists(find_related(config, articles))


def test_a_list_naming_an_article_that_is_gone_is_worked_out_again(config):
    """A memory whose list names a file no longer there (a cache from another content folder) is not reused."""
    rng = random.Random(9)
    articles = sorted((an_article(rng, f"a{n}") for n in range(30)), key=lambda a: (a.date, a.slug))
    memory: dict = {}
    find_related(config, articles, memory)
    kept = json.loads(memory["json"])
    path = next(path for path, (_, others) in kept["lists"].items() if others)
    kept["lists"][path][1][0] = "nowhere.md"
    memory["json"] = json.dumps(kept)
    assert lists(find_related(config, articles, memory)) == lists(find_related(config, articles))


def test_no_memory_is_kept_when_nothing_is_related(config):
    memory = {"json": "{}"}
    assert find_related(replace(config, related=replace(config.related, count=0)), [], memory) == {}
    assert memory == {}


def test_a_file_name_that_is_not_utf8_is_kept_as_text_the_cache_can_store(config):
    """A content file named by bytes that are not UTF-8 ("\\udcff" in its path) crashed the build cache's save."""
    rng = random.Random(2)
    articles = sorted((an_article(rng, f"a{n}") for n in range(20)), key=lambda a: (a.date, a.slug))
    articles[0] = replace(articles[0], source_path="\udcff-news.md")
    memory: dict = {}
    first = lists(find_related(config, articles, memory))
    memory["json"].encode("utf-8")
    assert lists(find_related(config, articles, memory)) == first


def test_a_site_larger_than_the_memory_holds_keeps_none(config, monkeypatch):
    import newsdigest.related as related
    monkeypatch.setattr(related, "MEMORY_MAX_ARTICLES", 10)
    rng = random.Random(4)
    articles = sorted((an_article(rng, f"a{n}") for n in range(20)), key=lambda a: (a.date, a.slug))
    memory = {"json": "left from a smaller site"}
    assert lists(find_related(config, articles, memory)) == lists(find_related(config, articles))
    assert memory == {}
