"""Broken and hostile content files through the real CLI: each one is that file's problem, never a crash or a hang.

Every case here once took the whole build down (a traceback, or `build`/`check` waiting forever on a FIFO),
or let characters through that no page may carry.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newsdigest.dev.watch import DevSession
from tests.conftest import REPO, article_text

GOOD_PAGE = "2026/01/29/good-tariff-story/index.html"

# file name -> (the front matter line that is wrong, the file line it ends up on)
BAD_VALUES = {
    "feb30.md": ("date: 2026-02-30", 3),
    "hour25.md": ("date: 2026-01-29T25:00:00", 3),
    "offset25.md": ("date: 2026-01-29T10:00:00+25:00", 3),
    "timestamp-tag.md": ("date: !!timestamp x", 3),
    "int-tag.md": ("x: !!int abc", 4),
    "float-tag.md": ("x: !!float abc", 4),
    "nested-int-tag.md": ("x:\n  - 1\n  - !!int abc", 6),
    "duplicate-key.md": ("title: Again", 4),
    "list-source.md": ("source: [A, B]", 4),
}


def run_cli(project, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """`python build.py -c <project>/config.yaml ARGS`; a hang fails the test instead of stalling the suite."""
    config = project.write_config_file()
    return subprocess.run([sys.executable, str(REPO / "build.py"), "-c", str(config), *args], cwd=project.root,
                          capture_output=True, text=True, errors="backslashreplace", timeout=timeout)


@pytest.fixture
def site(project):
    project.settings["search"] = {"enabled": False}  # Pagefind is not what these tests are about
    project.add("good", title="Good tariff story", date="2026-01-29T10:00:00+09:00")
    return project


def write_bad_values(project) -> dict[Path, int]:
    where = {}
    for name, (line, number) in BAD_VALUES.items():
        date = "" if line.startswith("date:") else "date: 2026-01-29\n"
        where[project.write(name, f"---\ntitle: T\n{date}{line}\n---\nBody.\n")] = number
    return where


def test_bad_yaml_values_are_skipped_with_file_and_line_and_the_rest_builds(site):
    where = write_bad_values(site)
    result = run_cli(site, "build", "--skip-bad")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for path, line in where.items():
        assert f"skipped: {path}:{line}: " in result.stderr, (path.name, result.stderr)
    assert (site.output / GOOD_PAGE).is_file()


def test_check_names_each_bad_yaml_value_without_crashing(site):
    where = write_bad_values(site)
    result = run_cli(site, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for path, line in where.items():
        assert f"error: {path}:{line}: " in result.stderr, (path.name, result.stderr)
    assert f"{len(where)} errors and 0 warnings found." in result.stderr


def test_watch_reports_the_bad_file_instead_of_crashing(site):
    bad = site.write("feb30.md", "---\ntitle: T\ndate: 2026-02-30\n---\nBody.\n")
    session = DevSession(site.write_config_file(), quiet=True)
    try:
        outcome = session.start()
    finally:
        session.stop()
    assert not outcome.ok and "crashed" not in outcome.message
    assert f"{bad}:3: date: " in outcome.message


def test_fifo_symlink_loop_and_undecodable_name_do_not_stop_the_build(site):
    fifo = site.content / "waiting.md"
    os.mkfifo(fifo)
    loop = site.content / "loop.md"
    loop.symlink_to("loop.md")
    # A name that is not UTF-8, and a title that leaves nothing for a slug: the slug comes from the name's bytes.
    undecodable = os.path.join(os.fsencode(site.content), b"\xff-news.md")
    with open(undecodable, "wb") as file:
        file.write(article_text(title="한국 무역", date="2026-01-28T10:00:00+09:00").encode())

    checked = run_cli(site, "check", timeout=60)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert f"error: {fifo}: cannot read file: not a regular file" in checked.stderr
    assert f"error: {loop}: " in checked.stderr and "symlink" in checked.stderr
    assert "2 errors and 0 warnings found." in checked.stderr

    built = run_cli(site, "build", "--skip-bad", timeout=60)
    assert built.returncode == 0 and "Traceback" not in built.stderr
    assert f"skipped: {fifo}: " in built.stderr and f"skipped: {loop}: " in built.stderr
    assert (site.output / GOOD_PAGE).is_file()
    built_slugs = [p.name for p in (site.output / "2026/01/28").iterdir() if p.is_dir()]
    assert len(built_slugs) == 1 and built_slugs[0].startswith("article-")


# C1 controls, and noncharacters from the BMP and from other planes; none may reach a page or a feed.
FORBIDDEN = "\x80\x85\x9f\ufdd0\ufdef\ufffe\uffff\U0001fffe\U0010ffff"
FORBIDDEN_IN_OUTPUT = re.compile(
    r"[\x80-\x9f\ufdd0-\ufdef\ufffe\uffff\U0001fffe\U0001ffff\U0010fffe\U0010ffff]"
    r"|\\u00[89][0-9a-fA-F]|\\u[fF][dD][dDeE][0-9a-fA-F]|\\u[fF]{3}[eEfF]"  # JSON escapes
    r"|&#x0*[89][0-9a-fA-F];|&#(?:12[89]|1[3-5][0-9]);")                     # character references


def test_c1_controls_and_noncharacters_never_reach_pages_or_feeds(site):
    def hostile(text: str) -> str:
        return f"{text} {FORBIDDEN} end"

    site.add("hostile", title=hostile("Hostile tariff story"), date="2026-01-29T12:00:00+09:00",
             summary=hostile("Summary"), source=hostile("Wire"), author=hostile("Author"),
             category=hostile("Politics"), tags=[hostile("tag")], image_caption=hostile("Caption"),
             date_inferred_from=hostile("the URL"), mood={"words": [hostile("tense")]},
             body=hostile("First paragraph") + "\n\n" + hostile("## Heading") + "\n\n" + hostile("- item"))
    result = run_cli(site, "build")
    assert result.returncode == 0, result.stderr
    page = next(site.output.glob("2026/01/29/hostile-tariff-story*/index.html")).read_text(encoding="utf-8")
    assert "Caption" in page and "the URL" in page and "First paragraph" in page  # the fields are shown
    for path in site.output.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt"):
            found = FORBIDDEN_IN_OUTPUT.findall(path.read_text(encoding="utf-8"))
            assert not found, (path, found)


def test_bad_lang_and_url_are_reported_and_never_reach_a_page(site):
    bad = site.add("odd", title="Odd metadata story", date="2026-01-29T12:00:00+09:00",
                   url="http:javascript:1", lang='en" onload="x')
    result = run_cli(site, "build")
    assert result.returncode == 0, result.stderr
    assert f"warning: {bad}:4: url: " in result.stderr and f"warning: {bad}:5: lang: " in result.stderr
    page = (site.output / "2026/01/29/odd-metadata-story/index.html").read_text(encoding="utf-8")
    assert "javascript" not in page and "onload" not in page and '<html lang="en">' in page


def test_the_watcher_never_blocks_on_a_fifo_named_like_an_article(site):
    import threading

    from newsdigest.dev.changes import _file_digest

    fifo = site.content / "waiting.md"
    os.mkfifo(fifo)
    digests = []
    reader = threading.Thread(target=lambda: digests.append(_file_digest(fifo)), daemon=True)
    reader.start()
    reader.join(timeout=5)
    assert not reader.is_alive(), "the watcher blocked opening a FIFO"
    assert digests == ["not a regular file"]


def test_ingest_into_a_folder_holding_bad_files_still_writes(site, tmp_path):
    """Ingest indexes the folder it writes into (to find duplicates); bad files there are the build's to report."""
    write_bad_values(site)
    os.mkfifo(site.content / "waiting.md")
    paragraph = ("Dock workers stayed off the job for a ninth day on Thursday, leaving container ships waiting "
                 "in the outer harbour while talks on pay stalled again. ")
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Harbour cranes stand idle as strike enters second week</title>"
                    '<meta property="article:published_time" content="2026-01-29T09:00:00+09:00"></head><body>'
                    "<article><h1>Harbour cranes stand idle as strike enters second week</h1>"
                    + f"<p>{paragraph * 3}</p>" * 4 + "</article></body></html>", encoding="utf-8")
    before = set(site.content.rglob("*.md"))
    ingested = run_cli(site, "ingest", str(page), "--out", str(site.content), "--source", "Harbour Post", timeout=60)
    assert ingested.returncode == 0 and "Traceback" not in ingested.stderr, ingested.stderr
    written = set(site.content.rglob("*.md")) - before
    assert len(written) == 1 and "Harbour cranes" in written.pop().read_text(encoding="utf-8")
