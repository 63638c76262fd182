"""The garbage collector and a one-shot build's heap, and giving what it freed back to the system.

A build makes about a hundred objects per article that live until it ends: the parsed articles, the site
model, rendered list items. CPython's cyclic collector scans its oldest generation again each time that
generation has grown by a quarter, so while the heap grows the build keeps scanning it: at 10,000 articles,
eight full passes took 0.8 s of the build process, though they found next to nothing to free (these
objects die with the build, by reference counting). `gc.freeze()` moves every object alive at the time to
a permanent generation that passes skip.

So a one-shot build holds the heap frozen (`freeze_heap`) from its start to its end, and adds what it made
since (`refreeze`) as each chunk of parsed articles arrives and once the site model is made. The forked
helpers (newsdigest.story_child, newsdigest.split_build, the forked parse workers of newsdigest.content)
freeze the heap before they fork for another reason, so that the child's collector never writes to, and so
copies, the pages it shares with the parent; their `thaw_heap` unfreezes only when no one else holds the heap.
A session that builds again and again (watch, serve) holds nothing: its old articles must stay collectable.

What Python frees stays in the C heap, counted as the process's memory, until something trims it
(`release_free_memory`). A one-shot build trims it after reading (the parse results), before it forks, once
rendering is over (its bounded cache of list items, up to 128 MB of text, and the pages' text go then: without
the trim the manifest's entries were made on top of them, and at 100,000 articles that was the build's peak),
and before Pagefind starts.

A command that has finished exits through `exit_process`: as the interpreter shuts down it collects the whole
heap once more before it frees it, and after a build of 10,000 articles that scan alone took a quarter of a
second (the build's heap, thawed). Frozen, the objects are freed by reference counting alone.

While the heap is held, the collector's youngest generation is also let grow to `YOUNG_OBJECTS` containers
(700 by default) before it is scanned. What a build makes besides what it keeps (template contexts, list items
being joined) dies by reference counting as soon as it is used, but each young pass walks everything made
since the last one: rendering the 10,000-article site in one process made 533 such passes, 0.19–0.24 s of
5.5 s; with 10,000, 29 passes and 0.06 s.
"""

from __future__ import annotations

import ctypes
import gc
import sys
from typing import NoReturn

YOUNG_OBJECTS = 10_000

_holders = 0
_thresholds: tuple[int, ...] | None = None  # the collector's own, while the heap is held


def freeze_heap() -> None:
    """Keep every object alive now out of the collector's passes, until the matching `thaw_heap`."""
    global _holders, _thresholds
    gc.freeze()
    if _holders == 0:
        _thresholds = gc.get_threshold()
        if 0 < _thresholds[0] < YOUNG_OBJECTS:  # (0: the collector is switched off, and stays so)
            gc.set_threshold(YOUNG_OBJECTS, *_thresholds[1:])
    _holders += 1


def thaw_heap() -> None:
    """Undo one `freeze_heap`; the last one gives the frozen objects back to the collector."""
    global _holders, _thresholds
    _holders = max(0, _holders - 1)
    if _holders == 0:
        gc.unfreeze()
        if _thresholds is not None:
            gc.set_threshold(*_thresholds)
            _thresholds = None


def refreeze() -> None:
    """Freeze the objects made since the last freeze too, while the heap is held (else nothing)."""
    if _holders:
        gc.freeze()


def exit_process(status: int) -> NoReturn:
    """End the process with `status`, without the collector's last pass over everything it still holds."""
    gc.freeze()
    sys.exit(status)


def release_free_memory() -> None:
    """Hand memory Python has freed back to the system (glibc only; elsewhere nothing happens).

    Freed page bytes stay in the C heap, counted as this process's memory, until something trims it;
    trimming before Pagefind starts leaves the memory to Pagefind.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        pass
