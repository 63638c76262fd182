"""Stories found by a forked child process while the build's own process groups everything else.

Finding stories (newsdigest.stories) needs the articles' times, sources and words, and nothing the rest of the
site model makes (not even their URLs and days); only the digest days need the stories. In a one-shot build the
second core is idle while the site model is made, so a child forked there groups the stories while the parent
groups topics, tags, sources, archives and related articles. The child runs only `stories.group_stories` over
the articles' `StoryInputs` (a few flat objects made before the fork), never reading an article, and sends the
groups back as positions in the article list as loaded, a few kilobytes to pickle; the parent moves them to the
sorted list (`stories.moved_groups`) and makes the stories from its own articles.

On a large site the child is spawned instead, a fresh interpreter handed the pickled inputs: a forked child
shares the parent's pages until the parent writes to them, which it does all along while it makes the rest of
the site model, so the forked child's memory grows to much of the parent's (1.5 GB at 100,000 articles, 0.7 GB
of it its own work). Spawning costs about half a second, nothing beside the minutes of grouping such a site
takes, and much against the second or so of a small site's: small sites still fork. `group` must then be
picklable (a `stories.StoryGrouping`). It is written to a private temporary file which
the child reads, and the parent lets go of it while the child works (150 MB of inputs at 100,000 articles),
reading it back only if the child fails.

Where forking is not safe or not worth it (not Linux, one core, another thread running as in the
watcher, a small site) the stories are found in the build's own process. A child that dies or fails
leaves the same work to the parent: the stories are the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import tempfile
import traceback
from collections.abc import Callable
from contextlib import suppress

from newsdigest.article import Article
from newsdigest.config import Stories
from newsdigest.heap import freeze_heap, thaw_heap
from newsdigest.lifetime import die_with_parent, may_fork_a_helper
from newsdigest.stories import StoryGroup, StoryGrouping, story_inputs

CHILD_MIN_ARTICLES = 2000   # below this, forking costs more than the time saved
SPAWN_MIN_ARTICLES = 50_000  # from this many, the child is spawned (see the module docstring)


def start_finding_stories(articles: list[Article], settings: Stories, token_cache: dict | None, *,
                          beside: bool) -> PendingStories:
    """Stories of `articles` (as loaded) being found with the `stories` settings of the config: beside this
    process when `beside` allows it (a one-shot build: its `token_cache` is emptied, the term counts now being
    packed in the inputs), else at once. Nothing here holds the inputs once the child has them."""
    inputs = story_inputs(articles, token_cache, min_sources=settings.min_sources) if settings.enabled else None
    if beside and token_cache is not None:
        token_cache.clear()
    if inputs is None:
        return PendingStories(list, articles=len(articles), fork=False)
    # Reads `inputs` alone, and pickles for a spawned child.
    group = StoryGrouping(inputs, threshold=settings.threshold, headline_threshold=settings.headline_threshold,
                          window_days=settings.window_days, min_sources=settings.min_sources)
    del inputs
    return PendingStories(group, articles=len(articles), fork=beside)


class PendingStories:
    """Stories being grouped; `result()` waits for the groups. `group()` (`stories.group_stories` over the
    articles' `StoryInputs`) runs in a forked child when it may, else at once."""

    def __init__(self, group: Callable[[], list[StoryGroup]], *, articles: int, fork: bool):
        self._group = group
        self._groups: list[StoryGroup] | None = None
        self._process = self._conn = None
        if not (fork and articles >= CHILD_MIN_ARTICLES and may_fork_a_helper()):
            self._groups = group()
            return
        spawn = articles >= SPAWN_MIN_ARTICLES
        context = multiprocessing.get_context("spawn" if spawn else "fork")
        if spawn:
            with suppress(OSError):  # no room in the temporary folder: the child is handed the call itself
                self._group = group = _StoredCall(group)
        self._conn, child_end = context.Pipe(duplex=False)
        for stream in (sys.stdout, sys.stderr):  # or the child would flush the parent's output again
            if stream is not None:
                stream.flush()
        # Objects that exist now are never collected in the child: freezing them keeps its garbage collector
        # from touching (and so copying) the inherited heap.
        freeze_heap()
        try:
            self._process = context.Process(target=_child_main, name="newsdigest-stories", daemon=True,
                                            args=(child_end, self._conn, os.getpid(), group))
            self._process.start()
        except BaseException:
            thaw_heap()
            self._conn.close()
            self._forget_stored()
            raise
        finally:
            child_end.close()

    @property
    def forked(self) -> bool:
        return self._process is not None

    def result(self) -> list[StoryGroup]:
        """The groups, as `group()` returns them."""
        if self._groups is None:
            groups = self._receive()
            try:
                self._groups = self._group() if groups is None else groups
            finally:
                self._forget_stored()
        return self._groups

    def cancel(self) -> None:
        """Stop the child when the stories are no longer wanted (the build failed before it needed them)."""
        if self._process is not None and self._groups is None:
            self._process.kill()
            self._receive()
            self._forget_stored()
            self._groups = []

    def _forget_stored(self) -> None:
        if isinstance(self._group, _StoredCall):
            self._group.remove()
            self._group = list

    def _receive(self) -> list[StoryGroup] | None:
        """The child's groups, or None when it failed (its work is then done here)."""
        try:
            message = self._conn.recv()
        except (EOFError, OSError):
            message = None
        finally:
            self._conn.close()
            self._process.join()
            thaw_heap()
        return message if isinstance(message, list) else None


class _StoredCall:
    """A picklable call kept in a temporary file (readable by this user alone) until called: what a spawned
    child is handed instead of the call itself, so that the parent does not hold its data meanwhile."""

    def __init__(self, call: Callable[[], list[StoryGroup]]):
        handle, self.path = tempfile.mkstemp(prefix="newsdigest-stories-", suffix=".pickle")
        try:
            with os.fdopen(handle, "wb") as file:
                pickle.dump(call, file, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            self.remove()
            raise

    def __call__(self) -> list[StoryGroup]:
        with open(self.path, "rb") as file:
            call = pickle.load(file)
        return call()

    def remove(self) -> None:
        with suppress(OSError):
            os.unlink(self.path)


def _child_main(conn, parent_end, parent_pid: int, group: Callable[[], list[StoryGroup]]) -> None:
    die_with_parent(parent_pid)
    parent_end.close()  # the child's reads never wait on an end it holds itself
    try:
        conn.send(group())
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
