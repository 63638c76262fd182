"""Parallel ingest (`--jobs`) writes what a one-process ingest writes: the same files, byte for byte, and the same
messages in the same order, slug collisions, duplicates and failures included; a killed worker loses nothing; and
inputs may be URLs read through fsspec. Timing is measured by benchmarks/ingest_parallel.py, never here."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import shutil
import signal
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import SimpleNamespace

import pytest

from newsdigest.config import Config, load_config
from newsdigest.ingest import add_arguments, executors, run
from newsdigest.ingest.executors import InProcess, ProcessPool, local_workers, open_preparer
from newsdigest.ingest.pipeline import PrepareOptions
from newsdigest.ingest.ledger import LEDGER_NAME
from newsdigest.ingest.article_table import jaccard
from newsdigest.ingest.writer import NEAR_DUPLICATE_THRESHOLD, ContentIndex, IndexedArticle

REPO = Path(__file__).resolve().parents[1]
DEVSET = REPO / "devset"

PLACES = ["Harbour Point", "Eastfield", "Marrow Bay", "North Quay", "Lindale", "Port Carrow", "Westmere", "Oakridge",
          "Saltmarsh", "Kingsford", "Brightwater", "Highcliff", "Redmoor", "Ashby Vale", "Glenhaven", "Stonebridge"]
SUBJECTS = ["The town council", "The port authority", "The regional water board", "Local fishermen",
            "The school district", "A group of residents", "The transport ministry", "The hospital trust",
            "Farmers in the valley", "The city's largest employer", "Volunteer firefighters", "The library board"]
VERBS = ["approved", "rejected", "postponed", "announced", "questioned", "welcomed", "criticised", "funded",
         "reviewed", "extended", "cancelled", "proposed"]
OBJECTS = ["a new ferry timetable", "plans for a solar farm", "the repair of the old sea wall",
           "a budget for road maintenance", "longer opening hours", "a study of flood risks", "a cycling path",
           "a pilot for electric buses", "the sale of the market hall", "a grant for the harbour museum",
           "a ban on night deliveries", "new rules for short-term rentals"]
WHO = ["its chairwoman", "a spokesman", "the mayor", "two councillors", "the project's engineer", "union leaders"]


def headline(n: int) -> str:
    return f"{PLACES[n % len(PLACES)]} {VERBS[n % len(VERBS)]} {OBJECTS[(n * 7) % len(OBJECTS)]} in vote {n}"


def paragraphs(n: int) -> list[str]:
    """Four paragraphs of prose of page n's own (pages that share sentences would be near-duplicates)."""
    rng = random.Random(n)

    def sentence() -> str:
        return (f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} in {rng.choice(PLACES)} on "
                f"{rng.choice(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'])}, {rng.choice(WHO)} said, "
                f"after {rng.randint(3, 90)} people "
                f"{rng.choice(['wrote in', 'spoke at the meeting', 'signed a petition'])}.")
    return [" ".join(sentence() for _ in range(3)) for _ in range(4)]


def text_dump(title: str, body: list[str], *, day: int | None = 3) -> str:
    """A page as a browser's text dump shows it: masthead, headline, section and date, body, then other news."""
    dated = f"    {day} March, 2025\n    10:{day:02d}\n" if day is not None else ""
    return ("Valley Courier  Home  News  Sport  Weather\n\n    " + title + "\n\n    News\n" + dated + "\n    " + title
            + "\n\n    " + "\n\n    ".join(body) + "\n\n    Latest News\n\n    18:40\n\n    Weather warning for the "
            "coast\n\n    Region\n    All News Feed\n    © 2025 Valley Courier\n")


def make_corpus(folder: Path, generated: int = 24) -> Path:
    """Input files exercising every cross-file decision and per-file failure ingest makes: the dev set's pages
    (text, HTML, JSON Lines), generated dumps, three articles that share a slug, an exact copy, a near-duplicate,
    a page with no date, an empty file, an image, broken JSON Lines records and an undeclared windows-1252 page."""
    folder.mkdir(parents=True)
    for raw in sorted(DEVSET.rglob("*.raw.*")):
        shutil.copyfile(raw, folder / f"devset-{raw.name}")
    for n in range(generated):
        (folder / f"g{n:02d}.txt").write_text(text_dump(headline(n), paragraphs(n), day=n % 27 + 1), encoding="utf-8")
    for n in (101, 102, 103):   # a different article under page 0's headline: slug-2.md, slug-3.md, slug-4.md
        (folder / f"same-title-{n}.txt").write_text(text_dump(headline(0), paragraphs(n), day=1), encoding="utf-8")
    shutil.copyfile(folder / "g01.txt", folder / "g01-copy.txt")
    near = paragraphs(2)
    near[-1] = paragraphs(200)[-1]
    (folder / "g02-near.txt").write_text(text_dump(headline(2), near, day=3), encoding="utf-8")
    (folder / "undated.txt").write_text(text_dump(headline(300), paragraphs(300), day=None), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    good = {"url": "https://valley.example/a", "text": text_dump(headline(400), paragraphs(400)), "source": "Valley"}
    (folder / "feed.jsonl").write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"url": "x"}) + "\n",
                                       encoding="utf-8")
    cafe = [f"{text} The café’s owner, Zoë Müller, said the crème brûlée stays." for text in paragraphs(500)]
    (folder / "cafe.txt").write_bytes(text_dump(headline(500), cafe).encode("cp1252"))
    return folder


def corpus_config(tmp_path: Path) -> Config:
    config = load_config(REPO / "config.yaml", overrides={"content_dir": str(tmp_path / "unused-content"),
                                                          "output_dir": str(tmp_path / "unused-site"),
                                                          "ingest": {}})   # (an undated page is refused)
    return dataclasses.replace(config, root=tmp_path.resolve())   # (ingest's index cache goes beside the config)


def ingest_args(*inputs, extra: tuple[str, ...] = ()) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args([str(i) for i in inputs] + ["--out", "content", *extra])


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under the folder (hidden temp files too, which must not be there), by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def ingest_into(workdir: Path, inputs, config: Config, monkeypatch, capsys, extra: tuple[str, ...] = ()):
    """Run `ingest INPUTS --out content EXTRA` from `workdir`: (exit status, stdout, error lines, written tree).

    Each run writes into its own folder under the same relative name, so the summaries of two runs compare equal
    when they did the same."""
    workdir.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(workdir)
    capsys.readouterr()
    status = run(ingest_args(*inputs, extra=extra), config)
    captured = capsys.readouterr()
    errors = [line for line in captured.err.splitlines() if line.startswith("error: ")]
    return status, captured.out, errors, tree(workdir / "content")


@pytest.fixture
def workers_on_small_runs(monkeypatch):
    """Lets a test corpus of a few dozen files use worker processes, and records the pools started."""
    monkeypatch.setattr(executors, "MIN_FILES_PER_WORKER", 1)
    started = []
    real = executors.ProcessPool

    class Recording(real):
        def __init__(self, workers):
            super().__init__(workers)
            started.append(workers)

    monkeypatch.setattr(executors, "ProcessPool", Recording)
    return started


@pytest.mark.slow
def test_two_workers_write_what_one_process_writes(tmp_path, monkeypatch, capsys, workers_on_small_runs):
    corpus = make_corpus(tmp_path / "inbox")
    config = corpus_config(tmp_path)
    one = ingest_into(tmp_path / "one", [corpus], config, monkeypatch, capsys, ("--jobs", "1"))
    assert workers_on_small_runs == []
    two = ingest_into(tmp_path / "two", [corpus], config, monkeypatch, capsys, ("--jobs", "2"))
    assert workers_on_small_runs == [2]
    assert two == one
    status, out, errors, written = one
    assert status == 1
    # The corpus did exercise the cross-file decisions and the per-file failures:
    slug = "2025/03/harbour-point-approved-a-new-ferry-timetable-in-vote-0"
    assert {f"{slug}.md", f"{slug}-2.md", f"{slug}-3.md", f"{slug}-4.md"} <= set(written)
    assert "inbox/g01.txt: already ingested as content/" in out      # its copy, g01-copy.txt, sorts first
    assert "inbox/g02.txt: near-duplicate of content/" in out
    assert not [name for name in written if "/." in f"/{name}" and name != LEDGER_NAME], "temporary files left behind"
    failed = [line.split(": ", 2)[1] for line in errors]
    assert [Path(p).name for p in failed] == ["empty.txt", "feed.jsonl:2", "feed.jsonl:3", "image.html",
                                             "undated.txt"]
    assert "encoding not declared, detected as windows-1252" in out


@pytest.mark.slow
def test_a_run_stopped_halfway_then_run_again_ends_with_the_same_files(tmp_path, monkeypatch, capsys):
    """What makes a whole run idempotent, whoever prepares the files: the articles a stopped run (or a client
    that died) wrote are skipped as already ingested, and the rest get the names they would have had."""
    corpus = make_corpus(tmp_path / "inbox", generated=8)
    config = corpus_config(tmp_path)
    whole = ingest_into(tmp_path / "whole", [corpus], config, monkeypatch, capsys, ("--jobs", "1"))
    files = sorted(corpus.iterdir())
    for stop in (len(files) // 3, 2 * len(files) // 3):
        workdir = tmp_path / f"stopped-at-{stop}"
        ingest_into(workdir, files[:stop], config, monkeypatch, capsys, ("--jobs", "1"))
        again = ingest_into(workdir, [corpus], config, monkeypatch, capsys, ("--jobs", "1"))
        assert again[3] == whole[3]
        assert "already ingested" in again[1]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_just_after_an_article_is_written_counts_it_and_records_it(tmp_path, monkeypatch, capsys,
                                                                            workers_on_small_runs, jobs):
    """SIGTERM that came while a file was being stored, after its article was renamed into place, stopped the run
    there: the summary said one article fewer than content/ held, and the ledger had no line for it. The file
    being stored is now finished first. The signal is sent from inside the write, not after a sleep: no race."""
    from newsdigest.cli import main
    from newsdigest.ingest import pipeline
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(4):
        (inbox / f"g{n}.txt").write_text(text_dump(headline(n), paragraphs(n), day=n + 1), encoding="utf-8")
    content = tmp_path / "content"
    config_file = tmp_path / "config.yaml"
    config_file.write_text(f"title: T\nbase_url: https://news.example.org/\ncontent_dir: {content}\n",
                           encoding="utf-8")
    write = pipeline.write_atomically

    def write_then_stop(path, text):
        write(path, text)
        os.kill(os.getpid(), signal.SIGTERM)   # (as `timeout` or systemd would, the moment the article is there)

    def not_handled(signum, frame):
        raise AssertionError("SIGTERM reached the process's own handler")

    monkeypatch.setattr(pipeline, "write_atomically", write_then_stop)
    before = signal.signal(signal.SIGTERM, not_handled)
    try:
        status = main(["-c", str(config_file), "ingest", str(inbox), "--jobs", jobs])
    finally:
        signal.signal(signal.SIGTERM, before)
    assert status == 130
    assert workers_on_small_runs == ([2] if jobs == "2" else [])
    on_disk = sorted(path.relative_to(content).as_posix() for path in content.rglob("*.md"))
    lines = (content / LEDGER_NAME).read_text(encoding="utf-8").splitlines() if (content / LEDGER_NAME).exists() else []
    ledger = [json.loads(line)["file"] for line in lines]
    assert len(on_disk) == 1 and ledger == on_disk
    assert "Stopped after 1 of 4 files: 1 written." in capsys.readouterr().err


def test_a_few_files_are_read_in_this_process():
    assert local_workers(jobs=8, files=10) == 1
    assert local_workers(jobs=2, files=1000) == 2
    assert local_workers(jobs=1, files=1000) == 1
    assert local_workers(jobs=8, files=3 * executors.MIN_FILES_PER_WORKER) == 3
    assert isinstance(open_preparer("local", jobs=8, scheduler=None, files=10), InProcess)


def broken_pool_run(tmp_path, breaking) -> tuple[list, list, list]:
    """(results, results of one process, restarts) of preparing 30 files in a pool of two workers that
    `breaking(pool)` breaks after the first result."""
    corpus = make_corpus(tmp_path / "inbox", generated=30)
    files = sorted(corpus.iterdir())
    options = PrepareOptions(corpus_config(tmp_path))
    expected = list(InProcess().prepare(files, options))
    pool = ProcessPool(2)
    restarts = []
    restart = pool._restart
    pool._restart = lambda: restarts.append(1) or restart()
    try:
        results = pool.prepare(files, options)
        got = [next(results)]
        breaking(pool)
        got.extend(results)
    finally:
        pool.close()
    return got, expected, restarts


@pytest.mark.slow
def test_a_killed_worker_process_loses_nothing(tmp_path):
    """A worker killed mid-run (the OOM killer, kill -9) breaks the pool: the files in flight are prepared again."""
    def kill_a_worker(pool) -> None:
        os.kill(next(iter(pool.executor._processes.values())).pid, signal.SIGKILL)   # the pool's map of its workers

    got, expected, restarts = broken_pool_run(tmp_path, kill_a_worker)
    assert restarts, "the killed worker did not break the pool: nothing was recovered"
    assert got == expected


def test_a_pool_that_breaks_between_two_results_loses_nothing(tmp_path):
    """A worker killed just after a file's result came back: the next submission meets the broken pool, which
    must lead to the recovery as a failed result does, not out of the run with a traceback."""
    def broken(*args, **kwargs):
        raise BrokenProcessPool("A child process terminated abruptly")

    def break_submissions(pool) -> None:
        pool.executor.submit = broken   # this pool only: a restart makes a new one

    got, expected, restarts = broken_pool_run(tmp_path, break_submissions)
    assert restarts and got == expected


def test_near_duplicate_search_finds_what_comparing_every_pair_finds(tmp_path):
    rng = random.Random(7)
    pool = list(range(400))
    index = ContentIndex(tmp_path)
    for n in range(60):
        shingles = frozenset(rng.sample(pool, rng.randint(0, 120)))
        path = (tmp_path / f"a{n}.md").resolve()
        index.articles[path] = IndexedArticle(path, "", "", shingles)
    for _ in range(300):
        probe = frozenset(rng.sample(pool, rng.randint(0, 120)))
        best = None
        for article in index.articles.values():
            a, b = probe, article.shingles
            score = len(a & b) / len(a | b) if a and b else 0.0
            if score >= NEAR_DUPLICATE_THRESHOLD and (best is None or score > best[1]):
                best = (article.path, score)
        assert index.near_duplicate(probe) == best
    same = next(iter(index.articles.values()))
    assert index.near_duplicate(same.shingles) == (same.path, 1.0) or not same.shingles


def test_near_duplicate_candidates_miss_no_pair_of_near_copies_and_follow_replacements(tmp_path):
    """Near copies (a set with a fifth of it changed) at every size, articles replaced in place and removed: the
    prefix index (ingest/article_table.py) gives what comparing every pair gives, ties to the first in order."""
    rng = random.Random(11)
    index = ContentIndex(tmp_path)
    sets = [frozenset(rng.sample(range(100_000), rng.choice([1, 2, 3, 5, 8, 20, 60, 300]))) for _ in range(80)]
    paths = [(tmp_path / f"a{n}.md").resolve() for n in range(len(sets))]
    for path, shingles in zip(paths, sets):
        index.articles[path] = IndexedArticle(path, "", "", shingles)
    for n in range(0, 80, 7):   # replaced in place (keeps its turn), or removed
        index.articles[paths[n]] = IndexedArticle(paths[n], "", "", frozenset(rng.sample(range(100_000), 40)))
        if n % 2:
            del index.articles[paths[n]]

    def brute(probe):
        best = None
        for article in index.articles.values():
            score = jaccard(probe, article.shingles)
            if score >= NEAR_DUPLICATE_THRESHOLD and (best is None or score > best[1]):
                best = (article.path, score)
        return best

    for base in [a.shingles for a in index.articles.values()] * 3:
        members = sorted(base)
        kept = rng.sample(members, max(0, len(members) - rng.randint(0, len(members) // 5)))
        probe = frozenset(kept) | frozenset(rng.sample(range(100_000, 101_000), rng.randint(0, len(members) // 5)))
        assert index.near_duplicate(probe) == brute(probe)


@pytest.mark.slow
def test_file_urls_are_read_like_paths(tmp_path, monkeypatch, capsys, workers_on_small_runs):
    pytest.importorskip("fsspec")
    corpus = make_corpus(tmp_path / "inbox", generated=6)
    config = corpus_config(tmp_path)
    by_path = ingest_into(tmp_path / "path", [corpus], config, monkeypatch, capsys, ("--jobs", "1"))
    url = f"file://{corpus}"
    status, out, errors, written = ingest_into(tmp_path / "url", [url], config, monkeypatch, capsys, ("--jobs", "2"))
    assert workers_on_small_runs == [2]
    assert (status, written) == by_path[::3] and len(errors) == len(by_path[2])
    assert f"error: {url}/empty.txt: file is empty" in errors
    assert f"error: {url}/feed.jsonl:2: invalid JSON" in "\n".join(errors)


def test_a_file_url_that_names_another_host_or_no_folder_is_refused(tmp_path, capsys):
    """"file://inbox/" (a relative folder, mistyped) named the host "inbox" and the path "/": ingest read every
    file from the root of the disk."""
    for bad, message in (("file://inbox/", "not on the host 'inbox'"), ("file://", "names no folder"),
                         ("file:///", "names no folder"), ("FILE://some.host/srv/x", "not on the host 'some.host'"),
                         ("file:///.", "names no folder"), ("file:///%2F", "names no folder"),
                         ("file:///srv/..", "names no folder")):
        with pytest.raises(SystemExit) as stop:
            ingest_args(bad)
        assert stop.value.code == 2 and message in capsys.readouterr().err
    assert str(ingest_args(f"file://localhost{tmp_path}").paths[0]) == f"file://localhost{tmp_path}"


def test_files_whose_names_hold_url_marks_are_read_through_a_file_url(tmp_path, monkeypatch, capsys):
    """A folder's file named "article.php?id=3.txt" (as wget saves pages) was looked for as "article.php": the name
    was put into the URL as it was, and "?", "#", "%" and line breaks read as the URL's."""
    pytest.importorskip("fsspec")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    names = ["article.php?id=3.txt", "page#top.txt", "50%25 off.txt", "line\nbreak.txt"]
    for n, name in enumerate(names):
        (inbox / name).write_text(text_dump(headline(n), paragraphs(n)), encoding="utf-8")
    status, out, errors, written = ingest_into(tmp_path / "w", [f"file://{inbox}"], corpus_config(tmp_path),
                                               monkeypatch, capsys, ("--jobs", "1"))
    assert (status, errors) == (0, [])
    assert len([name for name in written if name.endswith(".md")]) == len(names)


def test_memory_urls_in_one_process_with_dates_from_the_store(tmp_path, monkeypatch, capsys):
    fsspec = pytest.importorskip("fsspec")
    memory = fsspec.filesystem("memory")
    undated = text_dump(headline(600), paragraphs(600), day=None).encode()
    memory.pipe({"/inbox-test/a.txt": text_dump(headline(1), paragraphs(1)).encode(),
                 "/inbox-test/b/undated.txt": undated, "/inbox-test/.hidden/c.txt": b"hidden",
                 "/inbox-test/notes.pdf": b"%PDF", "/inbox-test/empty.txt": b""})
    try:
        status, out, errors, written = ingest_into(tmp_path / "mem", ["memory://inbox-test", "memory://nothing-here"],
                                                   corpus_config(tmp_path), monkeypatch, capsys,
                                                   ("--jobs", "1", "--date-from-mtime"))
    finally:
        memory.rm("/inbox-test", recursive=True)
    assert status == 1
    assert errors == ["error: memory://nothing-here: no such file or folder",
                      "error: memory://inbox-test/empty.txt: file is empty"]
    assert len([name for name in written if name.endswith(".md")]) == 2
    assert "2 written, 0 skipped, 2 failed." in out and "1 from the file modification time" in out


def test_options_that_do_not_go_together(tmp_path, capsys):
    config = corpus_config(tmp_path)
    for extra, message in ((("--executor", "dask"), "--executor dask needs --scheduler"),
                           (("--scheduler", "tcp://h:8786"), "--scheduler is for --executor dask"),
                           (("--executor", "dask", "--scheduler", "tcp://h:8786", "--jobs", "2"),
                            "--jobs sets the local worker processes")):
        assert run(ingest_args(tmp_path, extra=extra), config) == 2
        assert message in capsys.readouterr().err
    for bad in (("--jobs", "0"), ("--jobs", "many"), ("--out", "s3://bucket/content")):
        with pytest.raises(SystemExit) as stop:
            ingest_args(tmp_path, extra=bad)
        assert stop.value.code == 2
    assert "ingest writes into a local content folder" in capsys.readouterr().err


def test_an_unknown_url_scheme_is_reported_per_input(tmp_path, monkeypatch, capsys):
    pytest.importorskip("fsspec")
    status, _, errors, written = ingest_into(tmp_path / "w", ["nosuch://bucket/pages/"], corpus_config(tmp_path),
                                             monkeypatch, capsys)
    assert status == 1 and not written
    assert errors == ["error: nosuch://bucket/pages/: cannot list it: Protocol not known: nosuch"]


class _ScriptedExecutor:
    """A concurrent.futures executor whose tasks end as scripted: an exception, else a prepared file."""

    def __init__(self, endings):
        self.endings, self.submitted = list(endings), 0

    def submit(self, fn, path, options):
        from concurrent.futures import Future
        from newsdigest.ingest.pipeline import PreparedFile
        self.submitted += 1
        future: Future = Future()
        ending = self.endings.pop(0)
        if isinstance(ending, Exception):
            future.set_exception(ending)
        else:
            future.set_result(PreparedFile(Path(path), ()))
        return future


@pytest.mark.parametrize("endings, failed, submitted", [
    ([TypeError("cannot unpack non-iterable PreparedFile object"), "ok"], False, 2),   # lost once: run again
    ([RuntimeError("KilledWorker")] * 3, True, 3),                                      # lost every time: fails
])
def test_a_dask_task_that_fails_is_submitted_again_before_its_file_fails(tmp_path, endings, failed, submitted):
    cluster = object.__new__(executors.DaskCluster)     # (no scheduler: the executor is scripted)
    cluster.executor, cluster.in_flight = _ScriptedExecutor(endings), 4
    cluster.client = SimpleNamespace(scatter=lambda options, **how: options)   # (the options sent to workers once)
    options = PrepareOptions(corpus_config(tmp_path))
    (prepared,) = list(cluster.prepare([tmp_path / "page.txt"], options))
    assert prepared.path == tmp_path / "page.txt" and cluster.executor.submitted == submitted
    assert bool(prepared.pages and "the Dask task for this file failed" in prepared.pages[0].message) == failed
