"""The garbage collector and a one-shot build's heap.

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
"""

from __future__ import annotations

import gc

_holders = 0


def freeze_heap() -> None:
    """Keep every object alive now out of the collector's passes, until the matching `thaw_heap`."""
    global _holders
    gc.freeze()
    _holders += 1


def thaw_heap() -> None:
    """Undo one `freeze_heap`; the last one gives the frozen objects back to the collector."""
    global _holders
    _holders = max(0, _holders - 1)
    if _holders == 0:
        gc.unfreeze()


def refreeze() -> None:
    """Freeze the objects made since the last freeze too, while the heap is held (else nothing)."""
    if _holders:
        gc.freeze()
