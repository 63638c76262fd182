"""Stories found by a forked child (newsdigest.story_child) are the stories found in the build's own process."""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import sys
import threading
import time

import pytest

import newsdigest.story_child as story_child
from newsdigest.article import Article
from newsdigest.config import load_config
from newsdigest.content import load_articles
from newsdigest.site_model import assign_urls_and_days, build_site_model, story_pages
from newsdigest.stories import group_stories, stories_from_groups, story_inputs
from newsdigest.story_child import PendingStories
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="stories are found in a forked child only on Linux")


@pytest.fixture(scope="module")
def sample():
    """The sample site's config and articles, with URLs and days as the site model sets them."""
    config = load_config(REPO / "config.yaml")
    articles = assign_urls_and_days(config, load_articles(config).articles, [])
    articles.sort(key=lambda a: a.sort_key)
    return config, articles


@pytest.fixture
def any_size(monkeypatch):
    monkeypatch.setattr(story_child, "CHILD_MIN_ARTICLES", 1)


def grouper(config, articles):
    """What the site model runs in the child: grouping over the articles' inputs."""
    inputs = story_inputs(articles)
    settings = config.stories
    return lambda: group_stories(inputs, threshold=settings.threshold, headline_threshold=settings.headline_threshold,
                                 window_days=settings.window_days, min_sources=settings.min_sources)


def find_stories(config, articles):
    return story_pages(config, stories_from_groups(articles, grouper(config, articles)()))


def pending_stories(group, config, articles) -> PendingStories:
    return PendingStories(group, articles=len(articles), fork=True)


def test_a_child_finds_the_same_stories_as_the_build_process(sample, any_size):
    config, articles = sample
    expected = find_stories(config, articles)
    pending = pending_stories(grouper(config, articles), config, articles)
    assert pending.forked
    stories = story_pages(config, stories_from_groups(articles, pending.result()))
    assert len(expected) >= 3
    assert stories == expected
    own = {id(article) for article in articles}  # put together from the parent's own articles, not copies
    assert all(id(article) in own for story in stories for article in (*story.articles, story.lead))


def test_a_spawned_child_finds_the_same_stories_as_the_build_process(sample, any_size, monkeypatch):
    """A large site's child is a fresh interpreter handed the pickled inputs, not a fork of the build."""
    import functools

    config, articles = sample
    monkeypatch.setattr(story_child, "SPAWN_MIN_ARTICLES", 1)
    settings = config.stories
    group = functools.partial(group_stories, story_inputs(articles), threshold=settings.threshold,
                              headline_threshold=settings.headline_threshold, window_days=settings.window_days,
                              min_sources=settings.min_sources)
    pending = pending_stories(group, config, articles)
    assert pending.forked and isinstance(pending._process, multiprocessing.context.SpawnProcess)
    assert story_pages(config, stories_from_groups(articles, pending.result())) == find_stories(config, articles)


def _in_the_parent_only(parent: int, group):
    """`group()`, but a child dies at once (module level: a spawned child unpickles it)."""
    if os.getpid() != parent:
        os._exit(3)
    return group()


def reaches(start, kind: type) -> bool:
    """Whether an object of `kind` can be reached from `start` through references."""
    seen, pending = set(), [start]
    while pending:
        value = pending.pop()
        if id(value) in seen or isinstance(value, type) or type(value).__name__ == "module":
            continue
        if isinstance(value, kind):
            return True
        seen.add(id(value))
        pending += gc.get_referents(value)
    return False


@pytest.mark.parametrize("child_dies", [False, True])
def test_a_spawned_childs_parent_lets_go_of_the_inputs(sample, any_size, monkeypatch, child_dies):
    """The inputs go to a private temporary file the spawned child reads; the parent holds none of them while the
    child works, reads them back only if the child dies, and removes the file either way."""
    import functools

    from newsdigest.stories import StoryInputs

    config, articles = sample
    monkeypatch.setattr(story_child, "SPAWN_MIN_ARTICLES", 1)
    expected = grouper(config, articles)()
    settings = config.stories
    group = functools.partial(group_stories, story_inputs(articles), threshold=settings.threshold,
                              headline_threshold=settings.headline_threshold, window_days=settings.window_days,
                              min_sources=settings.min_sources)
    if child_dies:
        group = functools.partial(_in_the_parent_only, os.getpid(), group)
    pending = pending_stories(group, config, articles)
    del group
    assert pending.forked and not reaches(pending, StoryInputs)
    stored = pending._group.path
    assert os.path.exists(stored) and os.stat(stored).st_mode & 0o077 == 0
    assert pending.result() == expected != []
    assert not os.path.exists(stored)


def test_a_spawned_child_is_handed_its_inputs_when_no_temporary_file_can_be_made(sample, any_size, monkeypatch):
    import tempfile

    config, articles = sample
    monkeypatch.setattr(story_child, "SPAWN_MIN_ARTICLES", 1)

    def no_room(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", no_room)
    pending = story_child.start_finding_stories(list(articles), config.stories, {}, beside=True)
    assert pending.forked and not isinstance(pending._group, story_child._StoredCall)
    assert pending.result() == grouper(config, articles)() != []


def test_finding_stories_starts_a_spawned_child_holding_no_inputs(sample, any_size, monkeypatch):
    from newsdigest.stories import StoryInputs

    config, articles = sample
    monkeypatch.setattr(story_child, "SPAWN_MIN_ARTICLES", 1)
    pending = story_child.start_finding_stories(list(articles), config.stories, {}, beside=True)
    assert pending.forked and not reaches(pending, StoryInputs)
    assert pending.result() == grouper(config, articles)()


def test_the_story_child_lets_go_of_the_term_counts_once_their_vectors_are_made(sample, monkeypatch):
    import newsdigest.stories as stories

    config, articles = sample
    settings = config.stories
    inputs = story_inputs(articles)
    grouping = stories.StoryGrouping(inputs, threshold=settings.threshold,
                                     headline_threshold=settings.headline_threshold,
                                     window_days=settings.window_days, min_sources=settings.min_sources)
    del inputs
    grouped_from = []
    real_grouped = stories._grouped

    def grouped(inputs, *args, **kwargs):
        grouped_from.append(inputs)
        return real_grouped(inputs, *args, **kwargs)

    monkeypatch.setattr(stories, "_grouped", grouped)
    assert grouping() == grouper(config, articles)() != []
    assert grouping.inputs is None and grouped_from[0].documents is None  # its inputs' term counts were let go
    with pytest.raises(RuntimeError):
        grouping()


def test_a_child_that_fails_leaves_the_work_to_the_parent(sample, any_size, capfd):
    config, articles = sample
    parent = os.getpid()

    group = grouper(config, articles)

    def find():
        if os.getpid() != parent:
            raise RuntimeError("broken in the child")
        return group()

    pending = pending_stories(find, config, articles)
    assert pending.forked
    assert pending.result() == group() != []
    assert "broken in the child" in capfd.readouterr().err  # the child's traceback is not swallowed


def test_a_child_that_dies_leaves_the_work_to_the_parent(sample, any_size):
    config, articles = sample
    parent = os.getpid()

    group = grouper(config, articles)

    def find():
        if os.getpid() != parent:
            os._exit(3)
        return group()

    pending = pending_stories(find, config, articles)
    assert pending.forked
    assert pending.result() == group() != []


def test_a_cancelled_child_is_stopped_and_leaves_nothing_behind(sample, any_size):
    config, articles = sample
    def slow() -> list:
        time.sleep(60)
        return []

    pending = pending_stories(slow, config, articles)
    assert pending.forked
    pending.cancel()
    assert not [child for child in multiprocessing.active_children() if child.name == "newsdigest-stories"]
    assert pending.result() == []


def test_no_child_for_small_sites_beside_threads_or_when_not_asked(sample, monkeypatch):
    config, articles = sample
    assert not pending_stories(lambda: [], config, articles).forked  # fewer than CHILD_MIN_ARTICLES
    monkeypatch.setattr(story_child, "CHILD_MIN_ARTICLES", 1)
    assert not PendingStories(lambda: [], articles=len(articles), fork=False).forked
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not pending_stories(lambda: [], config, articles).forked
    finally:
        stop.set()
        other.join()


def test_the_site_model_is_the_same_with_stories_found_beside(sample, any_size):
    config, articles = sample
    beside = build_site_model(config, list(articles), stories_beside=True)
    alone = build_site_model(config, list(articles))
    assert beside.stories == alone.stories and beside.story_of == alone.story_of
    assert [page.output_path for page in beside.pages] == [page.output_path for page in alone.pages]
    assert beside.days == alone.days


def test_what_the_child_runs_reaches_no_article(sample, monkeypatch):
    """A forked child that reads the parent's articles copies the memory pages that hold them (their reference
    counts change), and a spawned one would be sent them: the site model hands the child only the articles'
    flat inputs."""
    config, articles = sample
    handed = []

    def capture(group, *, articles, fork):
        handed.append(pickle.loads(pickle.dumps(group)))  # what a spawned child is handed (running it lets go)
        return PendingStories(group, articles=articles, fork=False)

    monkeypatch.setattr(story_child, "PendingStories", capture)
    model = build_site_model(config, list(articles), stories_beside=True)
    assert len(model.stories) >= 3
    (group,) = handed
    from newsdigest.story_vectors import PackedDocuments

    assert reaches(group, PackedDocuments)  # the walk does look through the inputs ...
    assert not reaches(group, Article)      # ... and finds no article there
