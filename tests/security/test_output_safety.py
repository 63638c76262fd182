"""The build never destroys files it did not make, and a failed build leaves the last good output."""

from __future__ import annotations

import pytest

from newsdigest.build import build
from newsdigest.problems import NewsdigestError
from newsdigest.output import MANIFEST_NAME, write_output


@pytest.mark.parametrize("where", ["root", "content", "themes", "theme", "home", "filesystem-root", "parent"])
def test_dangerous_output_folders_are_refused_even_with_force(project, tmp_path, monkeypatch, where):
    project.add("a", title="A")
    themes = tmp_path / "themes"
    (themes / "default").mkdir(parents=True)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    targets = {"root": ".", "content": "content", "themes": str(themes), "theme": str(themes / "default"),
               "home": str(home), "filesystem-root": "/", "parent": ".."}
    if where in ("themes", "theme"):
        project.settings["themes_dir"] = str(themes)
    project.settings["output_dir"] = targets[where]
    with pytest.raises(NewsdigestError, match="refusing"):
        build(project.config, force=True)


def test_content_error_leaves_previous_output_untouched(project):
    project.add("a", title="Tariff A")
    build(project.config)
    snapshot = {p: p.read_bytes() for p in project.output.rglob("*") if p.is_file()}
    project.add("a", title="Tariff A edited")
    project.write("bad.md", "---\ntitle: x\n")
    with pytest.raises(NewsdigestError):
        build(project.config)
    assert {p: p.read_bytes() for p in project.output.rglob("*") if p.is_file()} == snapshot


def test_tampered_manifest_cannot_make_the_build_delete_outside_files(tmp_path):
    out = tmp_path / "out"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    write_output(out, {"index.html": b"x"})
    (out / MANIFEST_NAME).write_text('{"index.html": ["0", 1, 0], "../victim.txt": ["0", 7, 0], "/etc/hostname": ["0", 1, 0]}')
    write_output(out, {"index.html": b"y"})
    assert victim.read_text() == "keep me"


def test_files_added_by_hand_to_output_are_never_deleted(project):
    project.add("a", title="A")
    build(project.config)
    (project.output / "CNAME").write_text("news.example.org")
    (project.content / "a.md").unlink()
    project.add("b", title="B")
    build(project.config)
    assert (project.output / "CNAME").read_text() == "news.example.org"


def test_writes_are_atomic_no_temp_files_left(project):
    project.add("a", title="A")
    build(project.config)
    assert not [p for p in project.output.rglob("*") if p.name.endswith(".tmp")]
