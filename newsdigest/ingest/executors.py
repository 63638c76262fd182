"""Where each input file is read, extracted and composed (`pipeline.prepare_file`): in this process, in local
worker processes, or as tasks on a Dask cluster.

Whichever does the work, results come back in input order and the command stores them one at a time
(`pipeline.store_file`): which file name an article gets and which page is a duplicate of which depend on every
article stored before it, so deciding them in one place, in input order, makes a parallel run write the same files
and report the same outcomes as a run in one process. Preparing a file has no side effects, so a task that runs
twice (retried after its worker died) changes nothing.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path

from newsdigest.ingest.outcomes import FAILED, Outcome
from newsdigest.ingest.pipeline import PreparedFile, PrepareOptions, prepare_file
from newsdigest.lifetime import die_with_parent

# A spawned worker spends 1-2 s of CPU importing the extractors and loading their models before its first page;
# pages take 30-250 ms each, so a worker pays for itself only over tens of files. With one worker per
# MIN_FILES_PER_WORKER files at most, a pool is never slower than one process, even on short text dumps.
MIN_FILES_PER_WORKER = 50
# Files in flight per worker: enough that no worker runs out while the command waits for a long page (up to 2 s)
# or stores, few enough that the results waiting to be stored (a file's articles, not its page) stay small.
FILES_IN_FLIGHT_PER_WORKER = 16
DASK_MIN_IN_FLIGHT = 64     # a cluster whose workers are still joining reports few threads at first
DASK_WORKER_WAIT_SECONDS = 60   # tasks on a scheduler without workers would wait for ever: say so instead
DASK_RESUBMISSIONS = 2      # times a file whose task failed is submitted again before it counts as failed


class ExecutorUnavailable(Exception):
    """The executor asked for cannot be used (Dask not installed, scheduler unreachable); the message says why."""


def local_workers(jobs: int, files: int) -> int:
    """Worker processes for `files` input files with --jobs `jobs`: at most `jobs`, one per MIN_FILES_PER_WORKER
    files; 1 means the files are prepared in the command's process, with no workers."""
    return max(1, min(jobs, files // MIN_FILES_PER_WORKER))


class InProcess:
    """Prepares each file in this process when the command asks for it (--jobs 1, or too few files for workers)."""

    def prepare(self, files: Iterable[Path], options: PrepareOptions) -> Iterator[PreparedFile]:
        return (prepare_file(path, options) for path in files)

    def close(self) -> None:
        pass


class _InOrder:
    """Prepares files on a concurrent.futures Executor, `in_flight` at a time, and gives the results in input order.

    The first files are submitted at once, so the workers start while the command loads its content index.
    """

    executor: Executor
    in_flight: int              # files given out and not yet handed back, in order

    def prepare(self, files: Iterable[Path], options: PrepareOptions) -> Iterator[PreparedFile]:
        waiting: deque = deque(files)
        running: deque[tuple[Path, Future]] = deque()
        self._fill(waiting, running, options)
        return self._in_order(waiting, running, options)

    def _fill(self, waiting: deque, running: deque, options: PrepareOptions) -> None:
        while waiting and len(running) < self.in_flight:
            path = waiting.popleft()
            running.append((path, self._submit(path, options)))

    def _submit(self, path, options: PrepareOptions) -> Future:
        # Workers may run in another folder (a Dask worker on another machine): they get the absolute path, and
        # the result is given back under the path as the user wrote it, which the messages show.
        try:
            return self.executor.submit(prepare_file, path.absolute(), options)
        except BrokenProcessPool as err:
            # The pool broke after the last result came back (a worker killed meanwhile): this file's future
            # fails as the ones in flight do, and is prepared again with them (`_recover`), in its turn.
            failed: Future = Future()
            failed.set_exception(err)
            return failed

    def _in_order(self, waiting: deque, running: deque, options: PrepareOptions) -> Iterator[PreparedFile]:
        while running:
            path, future = running.popleft()
            try:
                prepared = future.result()
            except Exception as err:
                yield from self._recover(path, err, running, options)
                self._fill(waiting, running, options)
                continue
            self._fill(waiting, running, options)   # before the command stores this one: no worker waits meanwhile
            yield replace(prepared, path=path)

    def _recover(self, path, err: Exception, running: deque, options: PrepareOptions) -> Iterator[PreparedFile]:
        raise NotImplementedError


def failed_file(path, message: str) -> PreparedFile:
    """A file whose task failed as a whole: one failed outcome naming the file, as an unreadable file gets."""
    return PreparedFile(path, (Outcome(path.name, FAILED, message=message),))


class ProcessPool(_InOrder):
    """Prepares files in `workers` local worker processes (`--jobs`); the command's process stores them.

    Workers are spawned, not forked (the command may run where threads are, and fork with threads is unsafe),
    and die with the command (`lifetime.die_with_parent`). When a worker dies (killed, out of memory, crashed),
    every file in flight is lost with it: those files are prepared again one at a time in a fresh pool, so the
    one that kills its worker again is the only one that fails.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.in_flight = workers * FILES_IN_FLIGHT_PER_WORKER
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=die_with_parent)

    def _restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._start()

    def _recover(self, path, err: Exception, running: deque, options: PrepareOptions) -> Iterator[PreparedFile]:
        if not isinstance(err, BrokenProcessPool):
            yield failed_file(path, f"internal error while ingesting ({type(err).__name__}: {err})")
            return
        lost = [(path, None)] + list(running)
        running.clear()
        self._restart()
        for lost_path, future in lost:
            if future is not None and future.done() and future.exception() is None:  # done before the break
                yield replace(future.result(), path=lost_path)
                continue
            try:
                prepared = self._submit(lost_path, options).result()
            except BrokenProcessPool:
                self._restart()
                yield failed_file(lost_path, "the worker process ingesting this file died (killed, out of memory "
                                             "or crashed), also when it ran alone")
            except Exception as other:
                yield failed_file(lost_path, f"internal error while ingesting ({type(other).__name__}: {other})")
            else:
                yield replace(prepared, path=lost_path)

    def close(self) -> None:
        self.executor.shutdown(cancel_futures=True)


class DaskCluster(_InOrder):
    """Prepares files as tasks on a Dask distributed cluster, through the client's concurrent.futures Executor.

    The scheduler reruns the tasks of a worker that dies on the other workers; a task whose workers kept dying
    (distributed's `allowed-failures`), or that failed on its worker, is submitted again (`DASK_RESUBMISSIONS`
    times) and then fails its file only, with Dask's reason.
    Workers read the inputs by path (one every worker sees at the same place) or URL; the articles are written
    here, by the command, into the local content folder.
    """

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise ExecutorUnavailable("--executor dask needs Dask's distributed scheduler: "
                                      "pip install 'newsdigest[dask]'") from None
        try:
            self.client = Client(address, set_as_default=False)
        except Exception as err:    # unreachable, refused, timed out, not a scheduler: Dask's own words say which
            raise ExecutorUnavailable(f"cannot reach the Dask scheduler at {address}: {type(err).__name__}: "
                                      f"{err}") from None
        try:
            self.client.wait_for_workers(1, timeout=DASK_WORKER_WAIT_SECONDS)
        except Exception:   # distributed's TimeoutError
            self.client.close()
            raise ExecutorUnavailable(f"the Dask scheduler at {address} has no workers (waited "
                                      f"{DASK_WORKER_WAIT_SECONDS} s): start some with `dask worker {address}`") \
                from None
        # pure=False: every submission is its own task; a task is rerun only when its worker is lost.
        self.executor = self.client.get_executor(pure=False)
        threads = sum(self.client.nthreads().values())
        self.in_flight = max(DASK_MIN_IN_FLIGHT, threads * FILES_IN_FLIGHT_PER_WORKER)

    def prepare(self, files: Iterable[Path], options: PrepareOptions) -> Iterator[PreparedFile]:
        # The options go to every worker once, not with every task: the inputs ingested before
        # (`PrepareOptions.seen_inputs`) are 8 bytes an article, 800 KB a task at 100,000 articles.
        return super().prepare(files, self.client.scatter(options, broadcast=True, hash=False))

    def _recover(self, path, err: Exception, running: deque, options: PrepareOptions) -> Iterator[PreparedFile]:
        # `prepare_file` never raises: what fails a task is the cluster (a worker lost again and again, a result
        # lost on its way back: distributed once raised a TypeError of its own about a result when a worker was
        # killed). The task is idempotent, so it is submitted again before its file counts as failed.
        for _ in range(DASK_RESUBMISSIONS):
            try:
                prepared = self._submit(path, options).result()
            except Exception as again:
                err = again
                continue
            yield replace(prepared, path=path)
            return
        yield failed_file(path, f"the Dask task for this file failed ({type(err).__name__}: {err})")

    def close(self) -> None:
        try:
            self.executor.shutdown(wait=False)
        finally:
            self.client.close()


def open_preparer(executor: str, *, jobs: int, scheduler: str | None,
                  files: int) -> InProcess | ProcessPool | DaskCluster:
    """The preparer for `--executor`: local worker processes (or this process) or a Dask cluster at `scheduler`.
    Raises ExecutorUnavailable when Dask is missing or its scheduler cannot be reached."""
    if executor == "dask":
        return DaskCluster(scheduler or "")
    workers = local_workers(jobs, files)
    return ProcessPool(workers) if workers > 1 else InProcess()
