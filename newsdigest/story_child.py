"""Stories found by a forked child process while the build's own process groups everything else.

Finding stories (newsdigest.stories) needs the articles with their URLs and days, and nothing the rest of
the site model makes; only the digest days need the stories. In a one-shot build the second core is idle
while the site model is made, so a child forked there finds the stories while the parent groups topics,
tags, sources, archives and related articles. Forked, the child inherits the articles and their term
counts as they are (copy-on-write, as newsdigest.split_build's render child); it sends the stories back as
positions in the article list, a few kilobytes to pickle, and the parent puts them together from its own
articles.

Where forking is not safe or not worth it (not Linux, one core, another thread running as in the
watcher, a small site) the stories are found in the build's own process. A child that dies or fails
leaves the same work to the parent: the stories are the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from newsdigest.article import Article
from newsdigest.heap import freeze_heap, thaw_heap
from newsdigest.lifetime import die_with_parent, may_fork_a_helper
from newsdigest.stories import Story

CHILD_MIN_ARTICLES = 2000   # below this, forking costs more than the time saved


@dataclass(frozen=True)
class StoryShape:
    """A story with its articles as positions in the article list: what the child sends back."""

    id: str
    members: tuple[int, ...]
    lead: int
    sources: tuple[str, ...]
    cohesion: float
    url: str
    copies: tuple[tuple[int, ...], ...]


class PendingStories:
    """Stories being found; `result()` waits for them. Runs `find` in a forked child when it may."""

    def __init__(self, find: Callable[[], list[Story]], articles: list[Article], *, fork: bool):
        self._find, self._articles = find, articles
        self._stories: list[Story] | None = None
        self._process = self._conn = None
        if not (fork and len(articles) >= CHILD_MIN_ARTICLES and may_fork_a_helper()):
            self._stories = find()
            return
        context = multiprocessing.get_context("fork")
        self._conn, child_end = context.Pipe(duplex=False)
        for stream in (sys.stdout, sys.stderr):  # or the child would flush the parent's output again
            if stream is not None:
                stream.flush()
        # Objects that exist now are never collected in the child: freezing them keeps its garbage collector
        # from touching (and so copying) the inherited heap.
        freeze_heap()
        try:
            self._process = context.Process(target=_child_main, name="newsdigest-stories", daemon=True,
                                            args=(child_end, self._conn, os.getpid(), find, articles))
            self._process.start()
        except BaseException:
            thaw_heap()
            self._conn.close()
            raise
        finally:
            child_end.close()

    @property
    def forked(self) -> bool:
        return self._process is not None

    def result(self) -> list[Story]:
        """The stories, as `find()` returns them."""
        if self._stories is None:
            shapes = self._receive()
            self._stories = self._find() if shapes is None else [_story(shape, self._articles) for shape in shapes]
        return self._stories

    def cancel(self) -> None:
        """Stop the child when the stories are no longer wanted (the build failed before it needed them)."""
        if self._process is not None and self._stories is None:
            self._process.kill()
            self._receive()
            self._stories = []

    def _receive(self) -> list[StoryShape] | None:
        """The child's stories, or None when it failed (its work is then done here)."""
        try:
            message = self._conn.recv()
        except (EOFError, OSError):
            message = None
        finally:
            self._conn.close()
            self._process.join()
            thaw_heap()
        return message if isinstance(message, list) else None


def _child_main(conn, parent_end, parent_pid: int, find: Callable[[], list[Story]], articles: list[Article]) -> None:
    die_with_parent(parent_pid)
    parent_end.close()  # the child's reads never wait on an end it holds itself
    try:
        position = {article.source_path: number for number, article in enumerate(articles)}
        conn.send([_shape(story, position) for story in find()])
    except BaseException:  # a bug: the parent finds the stories itself, and meets it there with a traceback
        print(traceback.format_exc(), file=sys.stderr, end="")
        _send_failure(conn)
    finally:
        conn.close()


def _send_failure(conn) -> None:
    try:
        conn.send(None)
    except OSError:
        pass


def _shape(story: Story, position: dict) -> StoryShape:
    def places(articles) -> tuple[int, ...]:
        return tuple(position[article.source_path] for article in articles)

    return StoryShape(story.id, places(story.articles), position[story.lead.source_path], story.sources,
                      story.cohesion, story.url, tuple(places(group) for group in story.copies))


def _story(shape: StoryShape, articles: list[Article]) -> Story:
    members = tuple(articles[number] for number in shape.members)
    return Story(id=shape.id, articles=members, lead=articles[shape.lead], sources=shape.sources,
                 cohesion=shape.cohesion, url=shape.url,
                 copies=tuple(tuple(articles[number] for number in group) for group in shape.copies))
