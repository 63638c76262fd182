"""A time limit on reading one page, so a page that no reader copes with fails alone instead of holding up the run.

The readers' inputs are bounded (a dump's lines, an HTML page's blocks), but a page can still take a library
far longer than any real article: deeply nested markup, a regular expression's worst case, a record of many
megabytes. A crawler's day of pages must not wait on one of them. The limit is a timer signal, which Python
delivers between two steps of Python code: it stops the extractors (trafilatura, htmldate, the text-dump
cleaner) wherever they return to Python, which they do all the time, but not inside one long call into C.

Signals reach only the main thread of a process: the limit holds where ingest reads pages there (the
`ingest` command in one process, and each of its worker processes). Elsewhere (the watcher's inbox thread, a
Dask worker's task threads) there is no limit, as there is none on a system without `setitimer`.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import TypeVar

from newsdigest.ingest.model import IngestError

PAGE_SECONDS = 60.0   # a real article takes well under a second
MAX_PAGE_SECONDS = 86_400.0   # the longest limit taken (0 is none): the timer holds no more than the system's time
T = TypeVar("T")


class PageTooSlow(IngestError):
    """Reading a page took longer than the limit."""


class _OutOfTime(BaseException):
    """What the timer raises: not an Exception, so the `except Exception` of a reader that retries another way
    does not swallow it (and should something swallow it all the same, the timer fires again every second)."""


def limit_applies(seconds: float) -> bool:
    """Whether `time_limit(seconds)` can stop a page here: a limit above 0, in a process's main thread, on a
    system with interval timers."""
    return seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def within_time_limit(seconds: float, work: Callable[[], T]) -> T:
    """`work()`, or PageTooSlow once it has run for `seconds` (see the module docstring for where the limit holds;
    elsewhere it runs unlimited). A function, not a `with` block: a signal that came as a block ended would raise
    in the code that leaves it, outside any handler, and end the run; here the timer is disarmed inside the handler's
    reach, and a signal after that does nothing."""
    if not limit_applies(seconds):
        return work()
    armed = True

    def expired(signum, frame):
        if armed:
            raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, expired)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
            return work()
        finally:
            armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _OutOfTime:
        raise PageTooSlow(f"gave up reading this page after {seconds:g} s (a real article takes well under a "
                          "second: the page may be malformed or huge); the other pages go on") from None
    finally:
        signal.signal(signal.SIGALRM, previous)
