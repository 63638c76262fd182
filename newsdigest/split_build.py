"""A one-shot build's render and write stages, shared by two processes.

Rendering is pure Python: threads would take turns on one core. A forked child inherits the site model,
the Jinja environment and the shared template context as they are (copy-on-write), where a spawned
worker would need them pickled and rebuilt (about 300 MB at 10,000 articles). Forking is safe only in
a process running a single thread, so `can_split` requires that; the watcher's builds, which run
beside its threads, render in one process.

The child renders its share of the pages while the parent renders the rest, the feeds and the other
files. Each stages its pages on disk as it renders them (newsdigest.staged_output), and nothing is renamed
into place until every page of both shares has rendered, so a template error in either leaves the output
folder as it was. Then each process puts its own files in place, and the parent removes stale files and
writes the manifest once both are done. The folder is held (journal.writing_into) before the child starts.

The child dies with the parent, also when the parent is killed (newsdigest.lifetime): a killed build
leaves no renderer behind.

A site of SPLIT_MAX_ARTICLES articles or more renders in one process. The child's pages list nearly every
article, and CPython writes a reference count into every object it touches, so the child ends up with a copy of
nearly all of the parent's heap: at 100,000 articles the two processes held 1.0 GB each at the end of rendering,
against 0.9 GB for the parent alone before it forked. One process renders such a site about a fifth slower, and
its memory no longer doubles.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from newsdigest.caches import KEPT
from newsdigest.hand_edits import HandEdits
from newsdigest.heap import freeze_heap, thaw_heap
from newsdigest.journal import remove_stray_temp_files
from newsdigest.lifetime import die_with_parent, ignore_interrupts, may_fork_a_helper
from newsdigest.problems import NewsdigestError, Problem
from newsdigest.render import SharedParts, page_fingerprint, render_page, site_fingerprint
from newsdigest.render_parts import story_marks
from newsdigest.output import Manifest, WriteReport
from newsdigest.feeds import feed_specs
from newsdigest.pages import Page, in_render_order
from newsdigest.site_model import Site
from newsdigest.staged_output import StagedFiles

SPLIT_MIN_PAGES = 400   # below this, forking costs more than the second core saves
SPLIT_MAX_ARTICLES = 50_000  # from this many, rendering stays in one process (see the module docstring)
# The parent also renders the feeds (and the sitemap and 404 page): a feed of 20 items with their full text is
# about as much work as three pages. With that, both processes took about as long at 10,000 articles (the
# child 55% of 15,443 pages, the parent also 495 feeds) and at 100,000.
FEED_PAGES = 3.0
MAX_CHILD_SHARE = 0.7
POLL_SECONDS = 0.1      # how often the parent reports the child's progress while it waits
CLOSE_SECONDS = 10.0    # how long a stopping build waits for the child to exit after its report


def can_split(page_count: int, min_pages: int = SPLIT_MIN_PAGES) -> bool:
    """Whether a build of this many pages may render in two processes here and now."""
    return page_count >= min_pages and may_fork_a_helper()


def child_share(page_count: int, feed_count: int) -> float:
    """The child's share of `page_count` pages that leaves it about as much to render as the parent, which
    also renders `feed_count` feeds."""
    if not page_count:
        return 0.5
    return min(0.5 + FEED_PAGES * feed_count / (2 * page_count), MAX_CHILD_SHARE)


def site_shares(site: Site) -> tuple[list[Page], list[Page]]:
    """(parent's pages, child's pages) of a site, as a split build shares them."""
    return share_pages(site.pages, child_share(len(site.pages), len(feed_specs(site))))


def share_pages(pages: list[Page], share: float) -> tuple[list[Page], list[Page]]:
    """(parent's pages, child's pages), each in render order (`pages.in_render_order`): every page in exactly
    one list, the child's about `share` of them.

    The child takes the newest `share` of the dated pages, the parent the older rest, so the two draw few of the
    same list items (an article is listed on pages of about the same days); each gets its part of every page
    kind all the same (article pages cost less than long listing pages). The pages of the whole site (indexes,
    archive) interleave.
    """
    ordered = in_render_order(pages)
    undated = sum(page.day is None for page in ordered)
    parent, child, owed = [], [], 0.0
    for page in ordered[:undated]:
        owed += share
        if owed >= 1.0:
            child.append(page)
            owed -= 1.0
        else:
            parent.append(page)
    dated = ordered[undated:]
    cut = min(max(round(share * len(pages)) - len(child), 0), len(dated))
    return parent + dated[cut:], child + dated[:cut]


class SplitFailed(Exception):
    """The child process died or hit a bug (not a template error): its message and traceback.

    `exit_code` is set when the child died without a word (killed, often by the kernel for memory)."""

    def __init__(self, message: str, exit_code: int | None = None):
        super().__init__(message)
        self.exit_code = exit_code


# What goes through the pipe. Parent -> child: StartWriting. Child -> parent: Rendered, then Written;
# or, at any point, TemplateProblems, WriteFailed or Crashed, after which the child exits.

@dataclass(frozen=True)
class StartWriting:
    """The parent's go-ahead: every page of both shares has rendered."""


@dataclass(frozen=True)
class Rendered:
    """The child rendered its share; with the fingerprint of each page's inputs when asked for them."""

    fingerprints: dict[str, str] = field(default_factory=dict)   # output path -> render.page_fingerprint
    kept: list[str] = field(default_factory=list)   # pages output/ already held as the last build wrote them


@dataclass(frozen=True)
class Written:
    report: WriteReport   # the child's share, written


@dataclass(frozen=True)
class TemplateProblems:
    problems: list[Problem]   # a template error in the child's share: raised as NewsdigestError


@dataclass(frozen=True)
class WriteFailed:
    """An OSError while writing, raised again in the parent as it would be in one process."""

    errno: int | None
    strerror: str
    filename: str | None


@dataclass(frozen=True)
class Crashed:
    traceback: str   # a bug in the child: raised as SplitFailed


class ChildRenderer:
    """The forked child rendering its share of the site's pages (`site_shares`), then writing them when told to.

    The parent renders `parent_pages` with the same `shared` template context. With `stored` (the build cache's
    caches.StoredPages, and `fingerprints`), the child leaves the pages output/ still holds as they would be
    rendered as they are (`kept`). With `edits` (newsdigest.hand_edits), the child copies the files of its share
    edited since a build wrote them aside before writing over them, and its report lists them. Use as a
    context manager: leaving the block stops the child if it is still running.
    """

    def __init__(self, site: Site, env, shared: dict, output_dir: Path, previous: Manifest,
                 fingerprints: bool = False, stored=None, edits: HandEdits | None = None):
        context = multiprocessing.get_context("fork")
        self.shared = shared
        self.parent_pages, pages = site_shares(site)
        self.child_pages = pages   # the child's share, for the parent to render should the child die
        self.page_count = len(pages)
        self.fingerprints: dict[str, str] = {}  # with `fingerprints`, the child's pages' (see `Rendered`)
        self.kept: list[str] = []               # its pages that output/ already held (see `Rendered`)
        self._output_dir = output_dir
        self._committed = False                 # the child put its files in place
        self._done = context.RawValue("q", 0)   # pages the child has rendered, for the progress bar
        self._reported = 0
        self._writing = False                   # told to write, and not yet reported back
        self._closed = False
        self._conn, child_end = context.Pipe()
        try:
            for stream in (sys.stdout, sys.stderr):  # or the child would flush the parent's output again
                if stream is not None:  # None under pythonw and some service managers
                    stream.flush()
            self._process = context.Process(
                target=_child_main,
                args=(child_end, self._conn, os.getpid(), pages, env, shared, output_dir, previous, self._done,
                      fingerprints, stored, edits),
                name="newsdigest-render", daemon=True)
            # Objects that exist now are never collected in the child; freezing them keeps the garbage
            # collector from touching (and so copying) the whole inherited heap there.
            freeze_heap()
            try:
                self._process.start()
            except BaseException:
                thaw_heap()
                raise
        except BaseException:
            self._conn.close()
            raise
        finally:
            child_end.close()

    def __enter__(self) -> ChildRenderer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    @property
    def reported(self) -> int:
        """Pages of the child's share that `progress` has reported so far."""
        return self._reported

    def progress(self) -> int:
        """Pages the child rendered since the last call."""
        done = self._done.value
        new, self._reported = done - self._reported, done
        return new

    def wait_rendered(self, on_pages=None) -> None:
        """Wait until the child rendered its share. Raises NewsdigestError for a template error in the
        child's share, SplitFailed when it died or hit a bug. `on_pages(count)` hears of its progress."""
        while not self._conn.poll(POLL_SECONDS):
            if not self._process.is_alive() and not self._conn.poll():
                break
            if on_pages:
                on_pages(self.progress())
        rendered = self._receive()
        self.fingerprints, self.kept = rendered.fingerprints, rendered.kept
        if on_pages:
            on_pages(self.progress())

    def start_writing(self) -> None:
        """Have the child write its share (call `written` for its report)."""
        self._writing = True  # first: from here on the child must be let finish, never killed mid-file
        self._conn.send(StartWriting())

    def written(self) -> WriteReport:
        """The child's report once it has written its share."""
        report = self._receive().report
        self._writing = False
        self._committed = True
        return report

    def close(self) -> None:
        """Stop the child: at once while it renders (nothing it staged is in place yet; its temporary files
        go), after its last file when the parent stopped while the child was writing."""
        if self._closed:
            return
        self._closed = True
        if self._process.is_alive() and self._writing:
            try:  # its report may not fit the pipe: read it, or the child never gets to exit
                while not self._conn.poll(POLL_SECONDS) and self._process.is_alive():
                    pass
                if self._conn.poll():
                    self._conn.recv()
            except (EOFError, OSError):
                pass
            self._process.join(CLOSE_SECONDS)
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._conn.close()
        thaw_heap()
        if not self._committed:  # killed or failed with files staged: remove them, as the next build would
            remove_stray_temp_files(self._output_dir, only_pid=self._process.pid)

    def _receive(self) -> Rendered | Written:
        try:
            message = self._conn.recv()
        except EOFError:
            self._process.join()
            code = self._process.exitcode
            raise SplitFailed(f"the render process stopped unexpectedly (exit code {code})", code) from None
        if isinstance(message, TemplateProblems):
            raise NewsdigestError(message.problems)
        if isinstance(message, WriteFailed):  # as the same failure in one process would raise it
            raise OSError(message.errno, message.strerror, message.filename)
        if isinstance(message, Crashed):
            raise SplitFailed(message.traceback)
        return message


def _child_main(conn, parent_end, parent_pid: int, pages: list[Page], env, shared: dict, output_dir: Path,
                previous: Manifest, done, fingerprints: bool, stored=None, edits: HandEdits | None = None) -> None:
    die_with_parent(parent_pid)
    ignore_interrupts()
    # The fork copied the parent's end of the pipe: closed here, so the child's reads see EOF once the
    # parent is gone, where they would otherwise wait on an end the child itself holds open.
    parent_end.close()
    files = StagedFiles(output_dir, previous, edits=edits)
    committed = False
    try:
        prints: dict[str, str] = {}
        if fingerprints:  # for the build cache: worked out here, beside the rendering, not after it in the parent
            site = shared["site"]
            site_key, marks, parts = site_fingerprint(site), story_marks(site), SharedParts()
        for page in pages:
            fingerprint = page_fingerprint(site_key, page, marks, parts=parts) if fingerprints else ""
            if stored is not None and stored.still_there(page.output_path, fingerprint):
                files[page.output_path] = KEPT  # as the build's own process does (caches.StoredPages)
            else:
                files[page.output_path] = render_page(env, page, shared)
            if fingerprints:
                prints[page.output_path] = fingerprint
            done.value += 1
        files.flush()
        conn.send(Rendered(prints, files.kept()))
        if not isinstance(conn.recv(), StartWriting):
            return
        report = files.commit()
        committed = True
        conn.send(Written(report))
    except NewsdigestError as err:
        _send(conn, TemplateProblems(err.problems))
    except OSError as err:
        _send(conn, WriteFailed(err.errno, err.strerror or str(err), err.filename))
    except BaseException as err:  # a bug: the parent reports it with the traceback
        _send(conn, Crashed("".join(traceback.format_exception(err)).rstrip()))
    finally:
        if not committed:
            files.discard()
        conn.close()


def _send(conn, message) -> None:
    try:
        conn.send(message)
    except OSError:  # the parent is gone or stopped listening
        pass

