#!/usr/bin/env python3
"""Ingest with --jobs 1 and with --jobs N on the same pages: wall and CPU times, the speed-up, and whether the two
runs wrote the same files, byte for byte, and printed the same summary.

    .venv/bin/python -m benchmarks.ingest_parallel [--pages N] [--jobs 2] [--repeat 1]

The pages are the real ones of the evaluation corpus (evaluation/corpus/), each as its text dump and as its
HTML: 1,064 input files for all 532 pages. Each run is a fresh `newsdigest ingest` process into an empty folder,
so worker start-up is counted. Each run also says how many cores other processes used meanwhile (Linux): on a
shared machine, a speed-up only means something when that is near 0. Exits 1 when the runs wrote different files.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # run as a script: the evaluation package from this repository
    sys.path.insert(0, str(REPO))
from evaluation.corpus import load_pages  # noqa: E402


def write_inputs(folder: Path, pages: int | None) -> int:
    """The first `pages` corpus pages (train, then test) as .txt dumps and .html pages; returns the file count."""
    folder.mkdir(parents=True)
    corpus = [*load_pages("train"), *load_pages("test")][:pages]   # pages=None: all of them
    for number, page in enumerate(corpus):
        (folder / f"{number:03d}.txt").write_text(page.dump, encoding="utf-8")
        (folder / f"{number:03d}.html").write_text(page.html, encoding="utf-8")
    return 2 * len(corpus)


# Runs the command as `newsdigest` would, then reports the CPU time of the command's own process (without its
# workers) on the last line of stderr: what the workers cannot take off it (storing, writing, the summary).
_RUN_AND_REPORT_OWN_CPU = """
import resource, sys
from newsdigest.cli import main
try:
    status = main(sys.argv[1:])
finally:
    own = resource.getrusage(resource.RUSAGE_SELF)
    print(f"own-cpu {own.ru_utime + own.ru_stime}", file=sys.stderr)
sys.exit(status)
"""


def busy_cpu_seconds() -> float | None:
    """CPU seconds every process on the machine has used since boot (Linux's /proc/stat); None elsewhere."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    user, nice, system, idle, iowait, irq, softirq, steal = (int(value) for value in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def ingest(inputs: Path, workdir: Path, jobs: int) -> tuple[float, float, float, str]:
    """One `newsdigest ingest` run into workdir/content: (wall seconds, CPU seconds of the command and its workers,
    CPU seconds of the command's own process, stdout)."""
    workdir.mkdir(parents=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _RUN_AND_REPORT_OWN_CPU, "-c", str(REPO / "config.yaml"), "ingest",
                           str(inputs), "--out", "content", "--date", "2024-01-01", "--jobs", str(jobs)],
                          cwd=workdir, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # 1: some pages failed, as some corpus pages do
        sys.exit(f"ingest --jobs {jobs} failed ({done.returncode}):\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    own = float(done.stderr.strip().splitlines()[-1].split()[-1])
    return wall, cpu, own, done.stdout


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ingest_parallel",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=None, help="corpus pages to ingest, two files each (default: all)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes of the parallel run (default: 2)")
    parser.add_argument("--repeat", type=int, default=1, help="pairs of runs (default: 1)")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="newsdigest-ingest-bench-"))
    try:
        files = write_inputs(scratch / "inputs", args.pages)
        print(f"{files} input files ({files // 2} pages, dump and HTML); {os.cpu_count()} cores")
        same = True
        for round_ in range(1, args.repeat + 1):
            times = {}
            for jobs in (1, args.jobs):
                busy_before = busy_cpu_seconds()
                wall, cpu, own, out = ingest(scratch / "inputs", scratch / f"run{round_}-jobs{jobs}", jobs)
                busy_after = busy_cpu_seconds()
                times[jobs] = (wall, out)
                # What other processes took meanwhile: on a shared machine, the speed-up is only the engine's
                # when this is near 0.
                others = "" if busy_before is None else \
                    f"; other processes used {max(0.0, busy_after - busy_before - cpu) / wall:.2f} cores meanwhile"
                print(f"  --jobs {jobs}: {wall:6.1f} s wall, {cpu:6.1f} s CPU ({own:5.1f} s in the command's own "
                      f"process){others}")
            identical = tree(scratch / f"run{round_}-jobs1" / "content") \
                == tree(scratch / f"run{round_}-jobs{args.jobs}" / "content") and times[1][1] == times[args.jobs][1]
            same = same and identical
            print(f"  speed-up: {times[1][0] / times[args.jobs][0]:.2f}x; written files and summary "
                  + ("identical" if identical else "DIFFER"))
        print(times[1][1].strip().splitlines()[-2])
        return 0 if same else 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
