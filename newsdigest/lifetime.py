"""Child processes that die with the build that started them.

A build starts worker processes: the forked render child (newsdigest.split_build), the parse workers
(newsdigest.content: forked in a one-shot build, spawned beside the watcher's threads) and, through spawned
ones, multiprocessing's resource tracker. When the build is
killed (`kill -9`, the OOM killer, a closed terminal's SIGKILL), nothing of Python runs to stop them:
a worker waiting on a pipe whose other end it holds itself never sees EOF and runs forever.

`die_with_parent` asks the Linux kernel to SIGKILL the calling process when its parent dies
(prctl PR_SET_PDEATHSIG). Elsewhere a watcher thread waits for the parent's end of the pipe
multiprocessing gives every child to close. The resource tracker needs neither: it exits on its own
once every process holding its pipe is gone, after unlinking the semaphores they left. Pagefind's
binary (newsdigest.search) is started through `dying_with_this_process`, which asks the kernel for the same
signal before it becomes Pagefind.

One caveat of PR_SET_PDEATHSIG: the kernel sends the signal when the *thread* that started the child
ends, not the whole process. Start such children from a thread that outlives them.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
from collections.abc import Iterator

PR_SET_PDEATHSIG = 1   # from <linux/prctl.h>


def die_with_parent(parent_pid: int | None = None) -> None:
    """Make this process end as soon as its parent process dies, even by SIGKILL: on Linux the kernel kills
    it (SIGKILL), elsewhere a thread watching for the parent's death ends it.

    Call it first thing in a child process; it is a ProcessPoolExecutor `initializer` as it is.
    `parent_pid` is the process that started this one: by default the multiprocessing parent; a process
    not started by multiprocessing must pass it. A child whose parent died before this call ends at once.
    """
    if parent_pid is None:
        parent = multiprocessing.parent_process()
        if parent is None:
            raise ValueError("die_with_parent: not a multiprocessing child; pass parent_pid")
        parent_pid = parent.pid
    if not _ask_kernel_for_parent_death_signal():
        _watch_parent_in_a_thread()
    # The parent may have died before the request above: the kernel then had already made init (or a
    # subreaper) the parent, and will never send the signal. A changed parent id tells.
    if os.getppid() != parent_pid:
        os._exit(1)


# Run as `python -I -S -c ... PARENT_PID PROGRAM ARGS...`: asks the kernel for SIGKILL on the parent's death, then
# becomes PROGRAM (the request outlives exec). A fresh interpreter, not subprocess's preexec_fn, which is unsafe
# in a process with threads (serve's watcher runs beside the build).
_EXEC_DYING_WITH_PARENT = """
import ctypes, os, signal, sys
try:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)
except (OSError, AttributeError):
    pass
if os.getppid() != int(sys.argv[1]):
    os._exit(1)
os.execv(sys.argv[2], sys.argv[2:])
"""


def dying_with_this_process(command: list[str]) -> list[str]:
    """`command` (a program and its arguments) as run so that the kernel kills it when this process dies, even by
    SIGKILL (Linux: PR_SET_PDEATHSIG, through a small interpreter that sets it and then execs the program); the
    command as it is elsewhere, where a program that ends on its own is left to end. Start it from a thread that
    outlives it (see the module's caveat)."""
    if not sys.platform.startswith("linux"):
        return list(command)
    return [sys.executable, "-I", "-S", "-c", _EXEC_DYING_WITH_PARENT, str(os.getpid()), *command]


def may_fork_a_helper() -> bool:
    """Whether this process may fork a child to share its work here and now: on Linux (where a fork is
    cheap and copy-on-write), with a second core to run it, and in a process running a single thread
    (forking beside other threads can copy a lock one of them holds, and the child then waits forever)."""
    return sys.platform == "linux" and (os.cpu_count() or 1) >= 2 and threading.active_count() == 1


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) and SIGTERM (what `timeout`, systemd, `docker stop` and a cancelled CI job send) back
    while the block runs, then act on them as they would have: for a step that must not stop half-way, such as
    renaming a build's files into place (stopped there, readers would get some pages of the new site beside the
    old). Outside the main thread it does nothing; a signal that is ignored stays ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {}
    for held in HELD_SIGNALS:
        if signal.getsignal(held) not in (signal.SIG_IGN, None):
            previous[held] = signal.signal(held, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        for held, handler in previous.items():
            signal.signal(held, handler)
    if caught:
        signal.raise_signal(caught[0])  # to the handler held back: KeyboardInterrupt for Ctrl-C, by default


HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """While the block runs, SIGTERM (systemd, `docker stop`, `kill`) stops a long-running command the way Ctrl-C
    does, as a KeyboardInterrupt its own clean-up handles, instead of ending the process wherever it is. Outside
    the main thread, or where SIGTERM is ignored, it changes nothing."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) in (
            signal.SIG_IGN, None):
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def ignore_interrupts() -> None:
    """Leave Ctrl-C and SIGTERM to the parent: a terminal sends SIGINT to every process of the build, systemd
    SIGTERM, and a child stopped by one half-way through its own renames would leave the site half old, half new
    (the parent stops it when the build stops, see `interrupts_held`, and it ends when the parent dies)."""
    for held in HELD_SIGNALS:
        signal.signal(held, signal.SIG_IGN)


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists (one of another user counts as alive). Outside POSIX
    systems the answer is always True: there os.kill would end the process rather than probe it."""
    if os.name != "posix":
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # no such process (or an id too large to be one)
        return False
    except PermissionError:
        return True
    return True


def _ask_kernel_for_parent_death_signal() -> bool:
    """PR_SET_PDEATHSIG(SIGKILL) for this process; False where the system has no such request."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):  # no C library to load, or one without prctl
        return False


def _watch_parent_in_a_thread() -> None:
    """End this process once the parent's end of multiprocessing's sentinel pipe closes, i.e. the parent died."""
    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return

    def wait_then_exit() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=wait_then_exit, name="die-with-parent", daemon=True).start()
