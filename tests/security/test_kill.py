"""`kill -9` of a build leaves no process running and, after the next build, no search temp folder.

Real processes throughout: a generated site big enough for parse workers and split rendering is built by
the real CLI, SIGKILLed in a chosen phase, and every process that ran below it (read from /proc just
before the kill) must be gone a few seconds later.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from newsdigest.lifetime import process_alive
from newsdigest.search import remove_stale_temp_folders
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process tree from /proc")
needs_two_cores = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="parse workers and split rendering need two")

PYTHON = sys.executable
ARTICLES = 220        # parse workers start at 200 files, the render child at 400 pages (this makes ~800)
GONE_WITHIN = 5.0     # seconds a child may take to die once its parent is killed
PHASE_TIMEOUT = 120.0


# --------------------------------------------------------------------------------------------------
# The process tree, from /proc
# --------------------------------------------------------------------------------------------------

def read_process(pid: int) -> tuple[int, int, str] | None:
    """(parent id, start time in clock ticks, state) of a process; None when there is none."""
    try:
        data = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = data[data.rindex(")") + 2:].split()
    return int(fields[1]), int(fields[19]), fields[0]


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


def descendants(root: int) -> dict[int, tuple[int, str]]:
    """{pid: (start time, command line)} of every process below `root`."""
    children: dict[int, list[tuple[int, int]]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (info := read_process(int(entry))):
            children.setdefault(info[0], []).append((int(entry), info[1]))
    tree, todo = {}, [root]
    while todo:
        for pid, start in children.get(todo.pop(), []):
            tree[pid] = (start, command_line(pid))
            todo.append(pid)
    return tree


def running(pid: int, start: int) -> bool:
    """Whether that very process (not a later one given its id) still runs; a zombie has ended."""
    info = read_process(pid)
    return info is not None and info[1] == start and info[2] not in ("Z", "X")


def survivors_of(tree: dict[int, tuple[int, str]], within: float = GONE_WITHIN) -> list[str]:
    """The processes of `tree` still running after `within` seconds (each then killed, so none outlives the test)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and any(running(pid, start) for pid, (start, _) in tree.items()):
        time.sleep(0.05)
    left = [f"{pid}: {cmd[:120]}" for pid, (start, cmd) in tree.items() if running(pid, start)]
    # The resource tracker last, and only if it does not end once the others have: killed, it would leave
    # the semaphores it tracks in /dev/shm.
    for pid, (start, cmd) in sorted(tree.items(), key=lambda item: is_resource_tracker(item[1][1])):
        if is_resource_tracker(cmd):
            deadline = time.monotonic() + GONE_WITHIN
            while running(pid, start) and time.monotonic() < deadline:
                time.sleep(0.05)
        if running(pid, start):
            os.kill(pid, signal.SIGKILL)
    return left


def is_spawned_worker(cmd: str) -> bool:
    return "multiprocessing.spawn" in cmd


def thread_count(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("Threads:")))


def is_resource_tracker(cmd: str) -> bool:
    return "multiprocessing.resource_tracker" in cmd


def is_pagefind(cmd: str) -> bool:
    """Pagefind's binary indexing a bundle (or its API's service, for a site without articles)."""
    return "pagefind" in cmd and ("--service" in cmd or cmd.endswith("--silent"))


# --------------------------------------------------------------------------------------------------
# A generated site, built and killed
# --------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """config.yaml of a generated corpus with search on; its pages carry a base URL unique to this run."""
    from benchmarks.generate_corpus import write_corpus

    root = tmp_path_factory.mktemp("kill") / "site"
    config = Path(write_corpus(root, ARTICLES, seed=12)["config"])
    token = f"kill{os.getpid()}"
    text = config.read_text(encoding="utf-8")
    text = text.replace("search:\n  enabled: false", "search:\n  enabled: true")
    text = text.replace("base_url: http://127.0.0.1:8000/", f"base_url: https://{token}.example.org/")
    assert f"{token}.example.org" in text and "enabled: true" in text
    config.write_text(text, encoding="utf-8")
    return config, token


def start_build(config: Path, python_code: str | None = None) -> subprocess.Popen:
    """The CLI building `config`, run afresh (no up-to-date skip); `python_code` runs first, in the build process."""
    shutil.rmtree(config.parent / ".newsdigest-cache", ignore_errors=True)
    prelude = ["-c", f"{python_code}\nimport sys\nfrom newsdigest.cli import main\nsys.exit(main(sys.argv[1:]))"] \
        if python_code else [str(REPO / "build.py")]
    return subprocess.Popen([PYTHON, *prelude, "-c", str(config), "build"], cwd=REPO, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def kill_when(build: subprocess.Popen, reached, settle: float = 0.0) -> dict[int, tuple[int, str]]:
    """SIGKILL the build (only its own process) once `reached(tree)` holds for its process tree, `settle`
    seconds later; the tree recorded just before the kill, joined with every process seen before."""
    seen: dict[int, tuple[int, str]] = {}
    deadline = time.monotonic() + PHASE_TIMEOUT
    while True:
        tree = descendants(build.pid)
        seen.update(tree)
        if reached(tree):
            break
        if build.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"the build ended (exit {build.returncode}) before the phase was reached: "
                                 f"{build.stderr.read().decode(errors='replace')[-2000:]}")
        time.sleep(0.01)
    time.sleep(settle)
    seen.update(descendants(build.pid))
    build.kill()
    build.wait()
    build.stderr.close()
    return seen


def forked_children(build: subprocess.Popen, tree) -> set[int]:
    """The processes forked from the build: they run its own command line."""
    own = command_line(build.pid)
    return {pid for pid, (_, cmd) in tree.items() if cmd == own}


def parse_workers(build: subprocess.Popen, tree) -> set[int]:
    """A one-shot build's parse workers are forked too, but only while the build runs the process pool's
    threads: a build renders (and forks its render child) in a single thread."""
    return forked_children(build, tree) if thread_count(build.pid) > 1 else set()


def render_child_running(build: subprocess.Popen):
    """The forked render child: a child with the build's own command line, seen twice while the build runs a
    single thread, that never ran beside the parse pool's threads (a parse worker is forked just before them)."""
    seen_before, parse_pids = set(), set()

    def reached(tree) -> bool:
        parse_pids.update(parse_workers(build, tree))
        single = thread_count(build.pid) == 1
        forked = forked_children(build, tree) - parse_pids if single else set()
        found = forked & seen_before
        seen_before.clear()
        seen_before.update(forked)
        return bool(found)
    return reached


def search_temp_folders() -> set[Path]:
    places = {Path("/dev/shm"), Path(tempfile.gettempdir())}
    return {path for place in places if place.is_dir() for path in place.glob("newsdigest-search-*")}


def holds_pages_of(folder: Path, token: str) -> bool:
    for page in list(folder.glob("site/**/*.html"))[:5]:
        try:
            if token.encode() in page.read_bytes():
                return True
        except OSError:
            pass
    return False


@pytest.mark.slow
@needs_two_cores
def test_parse_workers_die_with_a_killed_build(site):
    config, _ = site
    # Forked workers start at once and parse 220 articles in a blink: each chunk takes half a second more here, so
    # the test sees them running on any machine. (Forked, the workers run this very function.)
    slow_chunks = textwrap.dedent("""
        import time
        import newsdigest.content as content
        parse_chunk = content._parse_chunk
        def slow_parse_chunk(*args, **kwargs):
            time.sleep(0.5)
            return parse_chunk(*args, **kwargs)
        content._parse_chunk = slow_parse_chunk
    """)
    build = start_build(config, slow_chunks)
    tree = kill_when(build, lambda tree: len(parse_workers(build, tree)) >= 2, settle=0.2)
    assert survivors_of(tree) == []


@pytest.mark.slow
@needs_two_cores
def test_render_child_and_resource_tracker_die_with_a_killed_build(site):
    config, _ = site
    build = start_build(config)
    tree = kill_when(build, render_child_running(build), settle=0.3)
    assert survivors_of(tree) == []


@pytest.mark.slow
@needs_two_cores
def test_render_child_ends_at_eof_of_its_pipe_where_no_death_signal_comes(site):
    """With the death signal switched off (as where the kernel has none), the child still ends: once it has
    rendered its share, its read of the pipe sees EOF, as it holds no copy of the parent's end."""
    config, _ = site
    no_death_signal = textwrap.dedent("""
        import newsdigest.lifetime as lifetime
        lifetime._ask_kernel_for_parent_death_signal = lambda: False
        lifetime._watch_parent_in_a_thread = lambda: None
    """)
    build = start_build(config, no_death_signal)
    tree = kill_when(build, render_child_running(build), settle=0.3)
    assert survivors_of(tree, within=30) == []


@pytest.mark.slow
@needs_two_cores
def test_pagefind_dies_and_the_next_build_removes_the_killed_builds_temp_folder(site):
    config, token = site
    before = search_temp_folders()
    build = start_build(config)
    killed = build.pid
    tree = kill_when(build, lambda tree: any(is_pagefind(cmd) for _, cmd in tree.values()), settle=0.3)
    assert survivors_of(tree) == []
    # Named after the killed build, or (whatever its name) holding this site's pages.
    left = {folder for folder in search_temp_folders() - before
            if folder.name.startswith(f"newsdigest-search-{killed}-") or holds_pages_of(folder, token)}
    assert left, "a build killed while indexing leaves its temp folder (nothing of it runs to remove it)"
    next_build = subprocess.run([PYTHON, str(REPO / "build.py"), "-c", str(config), "build"], cwd=REPO,
                                capture_output=True, text=True, timeout=PHASE_TIMEOUT)
    assert next_build.returncode == 0, next_build.stderr
    assert {folder for folder in left if folder.exists()} == set()


# --------------------------------------------------------------------------------------------------
# A pool built as BatchParser builds it, and the pieces
# --------------------------------------------------------------------------------------------------

POOL_SCRIPT = '''
import multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from newsdigest import lifetime

def without_kernel_request():  # as on a system without PR_SET_PDEATHSIG
    lifetime._ask_kernel_for_parent_death_signal = lambda: False
    lifetime.die_with_parent()

def worker_id(_):
    time.sleep(0.05)
    return os.getpid()

if __name__ == "__main__":
    initializer = {"kernel": lifetime.die_with_parent, "thread": without_kernel_request}[sys.argv[1]]
    pool = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn"), initializer=initializer)
    print(len(set(pool.map(worker_id, range(20)))), flush=True)
    time.sleep(120)
'''


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["kernel", "thread"])
def test_spawned_pool_workers_die_with_their_parent(tmp_path, mode):
    script = tmp_path / "pool.py"
    script.write_text(POOL_SCRIPT, encoding="utf-8")
    parent = subprocess.Popen([PYTHON, str(script), mode], cwd=REPO, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert parent.stdout.readline().strip() in ("1", "2")
        tree = descendants(parent.pid)
    finally:
        parent.kill()
        parent.wait()
        parent.stdout.close()
    assert sum(is_spawned_worker(cmd) for _, cmd in tree.values()) == 2
    assert any(is_resource_tracker(cmd) for _, cmd in tree.values())
    assert survivors_of(tree) == []


def test_a_child_whose_parent_died_before_asking_ends_at_once():
    """The parent id the child was started by no longer being its parent means the parent has died."""
    code = "import sys, newsdigest.lifetime as lifetime; lifetime.die_with_parent(int(sys.argv[1])); print('alive')"
    for parent_pid, expected in ((os.getpid(), (0, "alive\n")), (os.getpid() + 1_000_000, (1, ""))):
        child = subprocess.run([PYTHON, "-c", code, str(parent_pid)], cwd=REPO, capture_output=True, text=True,
                               timeout=30)
        assert (child.returncode, child.stdout, child.stderr) == (*expected, "")


def test_stale_search_temp_folders_go_and_live_ones_stay(tmp_path):
    ended = subprocess.run([PYTHON, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(ended.stdout)
    assert not process_alive(dead)
    stale = tmp_path / f"newsdigest-search-{dead}-abc123"
    live = tmp_path / f"newsdigest-search-{os.getpid()}-def456"
    unrelated = [tmp_path / f"other-{dead}-x", tmp_path / "newsdigest-search-gyi4bgs2"]
    for folder in (stale, live, *unrelated):
        (folder / "site").mkdir(parents=True)
        (folder / "site" / "index.html").write_text("<p>page</p>")
    link = tmp_path / f"newsdigest-search-{dead}-link"
    link.symlink_to(live)
    assert remove_stale_temp_folders([tmp_path]) == [stale]
    assert not stale.exists() and live.is_dir() and link.is_symlink() and all(f.is_dir() for f in unrelated)
