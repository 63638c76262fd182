"""A pip user's first run, from the built wheel: install it into a fresh virtual environment, then in an empty
folder with no repository files around `newsdigest init site`, `ingest`, `build` and `serve`.

This is the path people take who never clone the repository, so it catches what the tree hides: package data
left out of the wheel (the built-in theme, the starter files), a dependency only the development environment
has, a path that only works from the repository's folder. Dependencies come from PyPI through pip's cache.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_PAGES = Path(__file__).resolve().parents[2] / "shared" / "seeds"
# What pip says when it cannot reach PyPI at all (a dependency that does not exist fails the test instead).
OFFLINE_SIGNS = ("NewConnectionError", "Temporary failure in name resolution", "Network is unreachable",
                 "ConnectTimeoutError", "Max retries exceeded")


def run(command: list, cwd: Path, env: dict, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, f"{result.args} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


def clean_environment(bin_dir: Path, home: Path) -> dict:
    """The environment of someone who only pip-installed newsdigest: its virtual environment first on PATH, no
    PYTHONPATH leading back into the repository."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONSTARTUP")}
    env.update(PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", VIRTUAL_ENV=str(bin_dir.parent),
               PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONDONTWRITEBYTECODE="1", NO_COLOR="1")
    env.setdefault("HOME", str(home))
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """The wheel, built from the tree and installed into a fresh virtual environment."""
    work = tmp_path_factory.mktemp("wheel-install")
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH",)}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    pip = [sys.executable, "-m", "pip"]
    built = run([*pip, "wheel", source_copy(work / "source"), "--no-deps", "--wheel-dir", work / "dist"], cwd=work,
                env=env)
    _skip_when_offline(built)
    ok(built)
    (wheel,) = (work / "dist").glob("newsdigest-*.whl")
    ok(run([sys.executable, "-m", "venv", "--without-pip", work / "venv"], cwd=work, env=env))
    python = work / "venv" / "bin" / "python"
    # This environment's pip installs into the new one (pip --python): no copy of pip needed there.
    install = run([*pip, "--python", python, "install", wheel], cwd=work, env=env)
    _skip_when_offline(install)
    ok(install)
    return {"python": python, "bin": python.parent, "wheel": wheel, "env": clean_environment(python.parent, work)}


def source_copy(target: Path) -> Path:
    """What the wheel is built from, copied out of the tree: setuptools builds in the source folder, and a
    `build/` folder left from an earlier build there could hand the wheel files the tree no longer has."""
    target.mkdir(parents=True)
    for path in [REPO / "pyproject.toml", REPO / "README.md", *REPO.glob("LICEN[CS]E*")]:
        shutil.copy2(path, target / path.name)
    shutil.copytree(REPO / "newsdigest", target / "newsdigest", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


def _skip_when_offline(result: subprocess.CompletedProcess) -> None:
    if result.returncode != 0 and any(sign in result.stdout + result.stderr for sign in OFFLINE_SIGNS):
        pytest.skip("pip could not reach PyPI for newsdigest's dependencies (offline?): "
                    + (result.stderr.strip().splitlines() or ["no output"])[-1])


@pytest.fixture(scope="module")
def first_run(installed, tmp_path_factory) -> dict:
    """`newsdigest init site`, then ingest and build, in an empty folder away from the repository."""
    home = tmp_path_factory.mktemp("first-run")
    assert not any(home.iterdir())
    env, newsdigest = installed["env"], installed["bin"] / "newsdigest"
    init = ok(run([newsdigest, "init", "site"], cwd=home, env=env))
    site = home / "site"
    pages = sorted(EXAMPLE_PAGES.glob("*.txt")) if EXAMPLE_PAGES.is_dir() else []
    inbox_page = ok(run([newsdigest, "ingest", "inbox"], cwd=site, env=env))
    seeds = ok(run([newsdigest, "ingest", *pages], cwd=site, env=env)) if pages else None
    build = ok(run([newsdigest, "build"], cwd=site, env=env))
    return {"home": home, "site": site, "init": init, "inbox": inbox_page, "seeds": seeds, "pages": pages,
            "build": build, "newsdigest": newsdigest, "env": env}


def test_the_installed_package_is_the_wheel_not_the_tree(installed, tmp_path):
    where = ok(run([installed["python"], "-c", "import newsdigest; print(newsdigest.__file__)"], cwd=tmp_path,
                   env=installed["env"])).stdout.strip()
    assert Path(where).is_relative_to(installed["bin"].parent) and not Path(where).is_relative_to(REPO)
    version = installed["wheel"].name.split("-")[1]
    for command in ([installed["bin"] / "newsdigest", "--version"], [installed["python"], "-m", "newsdigest",
                                                                      "--version"]):
        assert ok(run(command, cwd=tmp_path, env=installed["env"])).stdout.strip() == f"newsdigest {version}"


def test_init_writes_a_starter_site_and_says_what_to_run_next(first_run):
    site, out = first_run["site"], first_run["init"].stdout
    for name in ("config.yaml", ".gitignore"):
        assert (site / name).is_file(), name
    assert len(list((site / "content").rglob("*.md"))) >= 3  # the examples, and what was ingested
    assert list((site / "inbox").iterdir())
    next_steps = out[out.index("Next:"):]
    assert "cd site" in next_steps and "newsdigest serve" in next_steps and "newsdigest ingest inbox/" in next_steps
    assert "output/" in (site / ".gitignore").read_text(encoding="utf-8")


def test_the_example_pages_are_ingested(first_run):
    if not first_run["pages"]:
        pytest.skip(f"the example pages are not at {EXAMPLE_PAGES}; only the starter inbox page was ingested")
    assert f"{len(first_run['pages'])} written, 0 skipped, 0 failed." in first_run["seeds"].stdout
    ingested = [path for path in (first_run["site"] / "content").rglob("*.md")
                if "ingested_from:" in path.read_text(encoding="utf-8")]
    assert len(ingested) == len(first_run["pages"]) + 1  # the example pages and the starter inbox page


def test_the_build_makes_a_whole_site_and_warns_only_about_the_local_base_url(first_run):
    build, output = first_run["build"], first_run["site"] / "output"
    warnings = [line for line in build.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "config.yaml" in warnings[0] and "base_url is http://127.0.0.1:8000/" in warnings[0]
    assert "error" not in build.stderr and "1 warning)" in build.stdout
    articles = len(list((first_run["site"] / "content").rglob("*.md")))
    assert build.stdout.startswith(f"Built {articles} articles, ")
    assert (output / "index.html").is_file() and (output / "404.html").is_file()
    assert (output / "static").is_dir(), "the built-in theme's static files are missing from the wheel"
    article_pages = [p for p in output.glob("20*/*/*/*/index.html")]
    assert len(article_pages) == articles
    assert "harbour tram" in (output / "2026/03/10/riverton-council-approves-the-harbour-tram-line/index.html") \
        .read_text(encoding="utf-8").lower()
    for feed in ("feed.xml", "atom.xml", "daily.xml", "sitemap.xml"):
        ElementTree.parse(output / feed)  # well-formed, or this raises
    assert len(json.loads((output / "feed.json").read_text(encoding="utf-8"))["items"]) == articles


def test_a_build_with_the_public_address_has_no_local_links_and_no_warning(first_run, tmp_path):
    out = tmp_path / "public"
    build = ok(run([first_run["newsdigest"], "build", "--base-url", "https://news.example.org/", "-o", out],
                   cwd=first_run["site"], env=first_run["env"]))
    assert "warning" not in build.stderr and "0 warnings)" in build.stdout
    local = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.suffix in
             (".html", ".xml", ".json", ".txt", ".opml") and b"127.0.0.1" in p.read_bytes()]
    assert not local, f"pages still pointing at 127.0.0.1: {local[:5]}"


def test_serve_answers_and_stops(first_run):
    port = free_port()
    # Ctrl-C is SIGINT; a test run started in the background would hand its children SIGINT ignored.
    server = subprocess.Popen([str(first_run["newsdigest"]), "serve", "--port", str(port)], cwd=first_run["site"],
                              env=first_run["env"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        status = wait_for_http(f"http://127.0.0.1:{port}/", server, timeout=60)
        assert status == 200
    finally:
        server.send_signal(signal.SIGINT)
        try:
            out, err = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            out, err = server.communicate()
    assert server.returncode == 0 and "Stopping." in err, err
    assert f"127.0.0.1:{port}/" in out
    assert "base_url" not in err, "serve previews on this machine: no warning about a local base_url"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_http(url: str, server: subprocess.Popen, timeout: float) -> int:
    """The first HTTP status the server answers with; fails when it exits or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"serve exited with {server.returncode}: {server.stderr.read()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as err:
            return err.code
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"serve did not answer {url} within {timeout:.0f}s")


@pytest.fixture(autouse=True, scope="module")
def no_repository_around(tmp_path_factory):
    """The first run must not find the repository's config, content or theme by accident."""
    base = tmp_path_factory.getbasetemp()
    assert not base.resolve().is_relative_to(REPO), "the temporary folder is inside the repository"
