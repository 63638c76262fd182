"""docs/development.md's module table names every engine module, and only modules that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "newsdigest"


def _table_modules() -> set[str]:
    doc = (ROOT / "docs" / "development.md").read_text(encoding="utf-8")
    table = doc[doc.index("| module | its one concern |"):].split("\n\n")[0]
    return set(re.findall(r"^\| `([\w/]+\.py)` \|", table, flags=re.MULTILINE))


def _tree_modules() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("ingest/") or path.name in ("__init__.py", "__main__.py"):
            continue  # ingest/ has one row here; its modules are in docs/ingest.md's table (checked below)
        found.add(relative)
    return found


def test_module_table_is_true_to_the_tree():
    table, tree = _table_modules(), _tree_modules()
    assert not tree - table, f"modules missing from docs/development.md's table: {sorted(tree - table)}"
    assert not table - tree, f"docs/development.md's table names modules that do not exist: {sorted(table - tree)}"


def test_no_engine_module_is_over_400_lines():
    long = {path.relative_to(PACKAGE).as_posix(): n for path in PACKAGE.rglob("*.py")
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400}
    assert not long, f"modules over 400 lines (split them by concern): {long}"


def test_ingest_module_table_is_true_to_the_tree():
    doc = (ROOT / "docs" / "ingest.md").read_text(encoding="utf-8")
    table = doc[doc.index("| module | its one concern |"):].split("\n\n")[0]
    listed = set(re.findall(r"^\| `([\w]+\.py)` \|", table, flags=re.MULTILINE))
    tree = {path.name for path in (PACKAGE / "ingest").glob("*.py") if path.name != "__init__.py"}
    assert listed == tree, f"docs/ingest.md's table: missing {sorted(tree - listed)}, extra {sorted(listed - tree)}"
