"""The whole output of a small fixed site, compared byte for byte with a committed tree.

tests/expected_site/site/ holds a fixed config (fixed base_url with a path, search off) and a handful of
articles with fixed dates; tests/expected_site/expected/ holds every file a build of it writes. Any change
to the output, wanted or not, fails this test with a unified diff of the first differing files, and
shows up in review as a diff of the committed tree (Pelican's functional tests work the same way).

Only `.newsdigest-manifest.json` is left out: it records each file's mtime, which no two builds share.
The test checks instead that it lists exactly the files built. The theme's static files (`static/`) are
compared with the theme's own copies rather than kept twice, so a style edit needs no regeneration.

After a change that is meant to alter the output, regenerate the tree and review its diff:

    NEWSDIGEST_REGEN_EXPECTED=1 .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_expected_site.py

(the test then rewrites tests/expected_site/expected/ and reports itself skipped).
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
from pathlib import Path

import pytest

from newsdigest.build import build
from newsdigest.config import BUILTIN_THEMES_DIR, load_config
from newsdigest.output import MANIFEST_NAME

HERE = Path(__file__).resolve().parent / "expected_site"
THEME_STATIC = BUILTIN_THEMES_DIR / "default" / "static"
STATIC = "static/"
SITE = HERE / "site"
EXPECTED = HERE / "expected"
REGENERATE = os.environ.get("NEWSDIGEST_REGEN_EXPECTED") == "1"
SHOWN_DIFFS = 3        # differing files shown in full diff
SHOWN_DIFF_LINES = 60  # per file


def build_expected_site(output_dir: Path) -> dict[str, bytes]:
    """Build the fixed site into `output_dir`; every file written (relative POSIX path -> bytes) but the manifest."""
    build(load_config(SITE / "config.yaml"), output_dir=output_dir)
    return read_tree(output_dir, skip={MANIFEST_NAME})


def read_tree(root: Path, skip: set[str] = frozenset()) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file() and path.relative_to(root).as_posix() not in skip}


def describe_differences(expected: dict[str, bytes], actual: dict[str, bytes]) -> str:
    """Missing and extra files, then a unified diff of the first few files whose bytes differ."""
    lines = [f"expected but not built: {name}" for name in sorted(expected.keys() - actual.keys())]
    lines += [f"built but not expected: {name}" for name in sorted(actual.keys() - expected.keys())]
    changed = [name for name in sorted(expected.keys() & actual.keys()) if expected[name] != actual[name]]
    lines.append(f"{len(changed)} file(s) differ: {', '.join(changed[:20])}{' ...' if len(changed) > 20 else ''}")
    for name in changed[:SHOWN_DIFFS]:
        diff = list(difflib.unified_diff(
            expected[name].decode("utf-8", "replace").splitlines(), actual[name].decode("utf-8", "replace").splitlines(),
            f"expected/{name}", f"built/{name}", lineterm=""))
        lines += diff[:SHOWN_DIFF_LINES] + ([f"... ({len(diff) - SHOWN_DIFF_LINES} more diff lines)"]
                                            if len(diff) > SHOWN_DIFF_LINES else [])
    lines.append("If the change is meant: NEWSDIGEST_REGEN_EXPECTED=1 and review the diff of tests/expected_site/expected/")
    return "\n".join(lines)


@pytest.mark.slow
def test_output_equals_the_committed_tree(tmp_path: Path) -> None:
    output = tmp_path / "out"
    built = build_expected_site(output)
    manifest = json.loads((output / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert sorted(manifest) == sorted(built), "the manifest lists exactly the files built"
    static = {name: data for name, data in built.items() if name.startswith(STATIC)}
    assert static and static == {STATIC + name: data for name, data in read_tree(THEME_STATIC).items()}, \
        "static/ holds exactly the theme's static files, unchanged"
    built = {name: data for name, data in built.items() if not name.startswith(STATIC)}
    if REGENERATE:
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for name, data in built.items():
            (EXPECTED / name).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / name).write_bytes(data)
        pytest.skip(f"NEWSDIGEST_REGEN_EXPECTED=1: rewrote {EXPECTED} ({len(built)} files)")
    expected = read_tree(EXPECTED)
    assert expected, f"{EXPECTED} is empty: generate it with NEWSDIGEST_REGEN_EXPECTED=1"
    if built != expected:
        pytest.fail(describe_differences(expected, built), pytrace=False)


def test_the_fixed_site_covers_what_the_tree_guards() -> None:
    """The tree is only as good as what the site exercises: stories, a renumbered slug, a hashed tag slug,
    a date-only article, a front-matter-only topic, a base path, pagination, and no search."""
    expected = read_tree(EXPECTED)
    if REGENERATE and not expected:
        pytest.skip("being regenerated")
    names = set(expected)
    assert any(name.startswith("stories/") and name != "stories/index.html" for name in names)
    assert "2026/01/28/power-grid-operator-publishes-winter-outlook-2/index.html" in names
    assert any(name.startswith("tags/tag-") for name in names)      # a tag with no Latin letters
    assert "topics/energy/feed.json" in names                        # a topic only front matter names
    assert "topics/trade/page/2/index.html" in names
    assert not any(name.startswith(("pagefind/", "search/")) for name in names)
    assert b"https://digest.example.org/news/" in expected["sitemap.xml"]
    assert b'href="/news/' in expected["index.html"]
