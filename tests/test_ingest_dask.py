"""`ingest --executor dask`: per-file tasks on a Dask distributed cluster (here a LocalCluster of two worker
processes) write the same articles, byte for byte, and report the same outcomes as a local run; a worker killed
mid-run loses nothing, because the scheduler reruns its tasks and a task writes nothing itself."""

from __future__ import annotations

import io
import logging
import os
import signal
import sys
import threading
import time
from types import SimpleNamespace

import pytest

from newsdigest.ingest import executors, run
from tests.test_ingest_parallel import corpus_config, ingest_args, ingest_into, make_corpus

distributed = pytest.importorskip("distributed", reason="Dask is an optional extra: pip install 'newsdigest[dask]'")
pytestmark = pytest.mark.slow     # a cluster of two worker processes takes seconds to start


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes (as the docs advise: extraction is pure Python and holds the GIL)."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=logging.ERROR) as local:
        yield local


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("dask") / "inbox", generated=40)


@pytest.fixture(scope="module")
def local_run(corpus, tmp_path_factory):
    """The reference: the corpus ingested in one process."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        capsys = _Capture()
        monkeypatch.setattr(sys, "stdout", capsys.out)
        monkeypatch.setattr(sys, "stderr", capsys.err)
        workdir = tmp_path_factory.mktemp("local")
        return ingest_into(workdir, [corpus], corpus_config(workdir), monkeypatch, capsys, ("--jobs", "1"))


class _Capture:
    """capsys for a module-scoped fixture (pytest's own is per test)."""

    def __init__(self):
        self.out, self.err = io.StringIO(), io.StringIO()

    def readouterr(self):
        captured = SimpleNamespace(out=self.out.getvalue(), err=self.err.getvalue())
        for stream in (self.out, self.err):
            stream.seek(0)
            stream.truncate()
        return captured


def _worker_pids(cluster) -> dict[str, int]:
    with distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
        return client.run(os.getpid)


def test_dask_writes_what_a_local_run_writes(cluster, corpus, local_run, tmp_path, monkeypatch, capsys):
    on_dask = ingest_into(tmp_path, [corpus], corpus_config(tmp_path), monkeypatch, capsys,
                          ("--executor", "dask", "--scheduler", cluster.scheduler_address))
    assert on_dask == local_run
    status, out, errors, written = on_dask
    assert status == 1 and len(errors) == 5 and len(written) > 60


def test_a_worker_killed_mid_run_loses_nothing(cluster, corpus, local_run, tmp_path, monkeypatch, capsys):
    before = _worker_pids(cluster)
    victim = min(before.values())
    content = tmp_path / "content"
    killed = threading.Event()
    written_when_killed = []

    def kill_once_articles_arrive():
        # The client writes articles as the tasks' results come back: once the first is there, the workers are
        # in the middle of the run, with tasks running and queued.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not killed.is_set():
            written = list(content.rglob("*.md")) if content.is_dir() else []
            if written:
                written_when_killed.append((len(written), time.time()))
                os.kill(victim, signal.SIGKILL)
                killed.set()
                return
            time.sleep(0.005)

    killer = threading.Thread(target=kill_once_articles_arrive, daemon=True)
    killer.start()
    on_dask = ingest_into(tmp_path, [corpus], corpus_config(tmp_path), monkeypatch, capsys,
                          ("--executor", "dask", "--scheduler", cluster.scheduler_address))
    killer.join()
    assert killed.is_set(), "the run ended before a worker could be killed"
    articles_then, killed_at = written_when_killed[0]
    assert articles_then < len(local_run[3]) / 2, "the worker was killed too late to lose tasks"
    assert on_dask == local_run
    # The scheduler took back the tasks the dead worker was running (and ran them again: every article is there).
    taken_back = [key for key, start, finish, *_, stamp in cluster.scheduler.transition_log
                  if str(key).startswith("prepare_file") and (start, finish) == ("processing", "released")
                  and stamp >= killed_at]
    assert taken_back, "no task was running on the killed worker"
    # The worker really died: its nanny started a new process in its place.
    with distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
        client.wait_for_workers(2, timeout=60)
        after = client.run(os.getpid)
    assert victim not in after.values()


def test_an_unreachable_scheduler_is_an_error_not_a_hang(tmp_path, capsys):
    import dask
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        status = run(ingest_args(tmp_path, extra=("--executor", "dask", "--scheduler", "tcp://127.0.0.1:9")),
                     corpus_config(tmp_path))
    assert status == 1
    assert "error: cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err


def test_a_scheduler_without_workers_is_an_error_not_a_hang(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(executors, "DASK_WORKER_WAIT_SECONDS", 1)
    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=":0",
                                  silence_logs=logging.ERROR) as empty:
        status = run(ingest_args(tmp_path, extra=("--executor", "dask", "--scheduler", empty.scheduler_address)),
                     corpus_config(tmp_path))
    assert status == 1
    assert f"the Dask scheduler at {empty.scheduler_address} has no workers" in capsys.readouterr().err


def test_without_dask_the_message_says_what_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)    # as if the extra were not installed
    status = run(ingest_args(tmp_path, extra=("--executor", "dask", "--scheduler", "tcp://127.0.0.1:9")),
                 corpus_config(tmp_path))
    assert status == 1
    assert "pip install 'newsdigest[dask]'" in capsys.readouterr().err
