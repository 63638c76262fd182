"""The documentation: docs/ builds as an MkDocs site with --strict, every command is documented, the README
stays short, its words stay about the project, and every relative link points to a file (and heading) that exists."""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newsdigest.cli import make_parser

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
README_MAX_LINES = 200

_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"\[[^\]\n]*\]\(<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\)")
# Words that belong to how the project is worked on, not to the project: whole words only, so "issued",
# "tissue" and "possession" pass, while a link into an issue tracker (".../issues/842") does not.
_OFF_TOPIC = re.compile(r"\bissues?\b|\bsessions?\b|\.\./shared\b", re.IGNORECASE)


def _prose(text: str) -> str:
    """Markdown without its fenced code blocks (whose brackets are not links)."""
    return _FENCE.sub("", text)


def _command_paths(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    """Every command and subcommand `--help` lists, as typed: "build", "theme copy", "topics suggest"."""
    paths = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for listed in action._choices_actions:  # what --help lists, less any hidden with help=SUPPRESS
                if listed.help == argparse.SUPPRESS:
                    continue
                name = f"{prefix}{listed.dest}"
                sub = action.choices[listed.dest]
                nested = _command_paths(sub, name + " ")
                paths.extend(nested or [name])
    return paths


def _heading_anchors(markdown: str) -> set[str]:
    """The anchors GitHub and MkDocs give the headings of a page (lowercase words joined by hyphens)."""
    anchors = set()
    for line in _prose(markdown).splitlines():
        if match := re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line):
            text = re.sub(r"[^\w\s-]", "", match.group(1).replace("`", "").lower())
            anchors.add(re.sub(r"\s+", "-", text.strip()))
    return anchors


def _relative_links(page: Path) -> list[str]:
    return [target for target in _LINK.findall(_prose(page.read_text(encoding="utf-8")))
            if not re.match(r"[a-z][a-z0-9+.-]*:", target, re.IGNORECASE)]  # http:, https:, mailto: ...


@pytest.mark.slow
def test_docs_build_with_mkdocs_strict(tmp_path):
    if importlib.util.find_spec("mkdocs") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("mkdocs is not installed (it is in the `test` extra)")
        pytest.skip("mkdocs is not installed: pip install -e '.[test]'")
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
         "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    assert (site / "index.html").is_file()
    built = {path.stem for path in site.glob("*.html")}
    assert {page.stem for page in PAGES} <= built, f"pages not built: {sorted({p.stem for p in PAGES} - built)}"


def test_readme_is_short():
    lines = len(README.read_text(encoding="utf-8").splitlines())
    assert lines <= README_MAX_LINES, (
        f"README.md has {lines} lines (at most {README_MAX_LINES}): move the details into a page under docs/")


def test_every_command_is_documented():
    commands = _command_paths(make_parser())
    assert "build" in commands and "ingest" in commands  # the walk over the parser found the commands
    page = (DOCS / "commands.md").read_text(encoding="utf-8")
    headings = "\n".join(line for line in page.splitlines() if line.startswith("#"))
    readme = README.read_text(encoding="utf-8")
    missing = [name for name in commands if f"`{name}" not in headings]
    assert not missing, f"commands with no heading in docs/commands.md: {missing}"
    missing = [name for name in commands if f"`{name}" not in readme]
    assert not missing, f"commands missing from the README's command table: {missing}"


@pytest.mark.parametrize("page", [README, *PAGES], ids=lambda page: page.relative_to(ROOT).as_posix())
def test_pages_speak_of_the_project_only(page):
    found = [(number, line.strip()) for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
             if _OFF_TOPIC.search(line)]
    assert not found, f"{page.name}: words about how the project is worked on, not about it: {found}"


@pytest.mark.parametrize("page", [README, *PAGES], ids=lambda page: page.relative_to(ROOT).as_posix())
def test_relative_links_point_to_files_that_exist(page):
    broken = []
    for target in _relative_links(page):
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(f"{target} (no such file)")
        elif anchor and file.suffix == ".md" and anchor not in _heading_anchors(file.read_text(encoding="utf-8")):
            broken.append(f"{target} (no such heading)")
    assert not broken, f"{page.name}: broken links: {broken}"


def test_the_link_checks_see_links():
    """Guards the checks above against a pattern that matches nothing."""
    assert "docs/commands.md" in _relative_links(README)
    assert "commands.md#theme-copy" in _relative_links(DOCS / "themes.md")
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers()
    commands.add_parser("build", help="build")
    theme = commands.add_parser("theme", help="themes").add_subparsers()
    theme.add_parser("copy", help="copy")
    commands.add_parser("hidden", help=argparse.SUPPRESS)
    assert _command_paths(parser) == ["build", "theme copy"]
    assert _heading_anchors("## `serve` and `watch`\n") == {"serve-and-watch"}
    assert _OFF_TOPIC.search("see issue 5") and not _OFF_TOPIC.search("a certificate issued by the tissue bank")
