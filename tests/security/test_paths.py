"""Values from content never choose where files are written: everything lands inside output/ with safe names."""

from __future__ import annotations

import re

import pytest

from newsdigest.build import build
from newsdigest.config import config_from_mapping
from newsdigest.problems import NewsdigestError
from newsdigest.slugs import MAX_SLUG_LENGTH, slugify
from newsdigest.fileio import safe_output_path

SAFE_SEGMENT = re.compile(r"^[a-z0-9][a-z0-9._-]*$")  # "_" only in generated names such as the search index


@pytest.mark.parametrize("hostile", [
    "../../etc/passwd", "/etc/passwd", "..\\..\\windows\\system32", "CON", "nul", "LPT1", "a" * 500,
    "．．／．．／etc", "..", ".", "", "\u202e txt.exe", "con.txt", "x\x00y", "ﬁle", "😀", "../",
])
def test_slugify_never_yields_a_path(hostile):
    slug = slugify(hostile)
    assert "/" not in slug and "\\" not in slug and ".." not in slug and "\x00" not in slug
    assert len(slug) <= MAX_SLUG_LENGTH
    assert slug == "" or SAFE_SEGMENT.match(slug)
    assert slug.split(".")[0] not in {"con", "prn", "aux", "nul", "lpt1", "com1"}


def test_hostile_slugs_tags_sources_and_topics_stay_inside_output(project, tmp_path):
    values = ["../../escape", "/abs/olute", "..\\..\\win", "CON", "b" * 400, "．．／up", "한국어", "..", "aux.md"]
    for n, value in enumerate(values):
        project.add(f"p{n}", title=f"Title {n}", date=f"2026-01-{n + 1:02d}T10:00:00+09:00", slug=value,
                    tags=[value, f"{value}/x"], source=value, topics=[value])
    before = {p for p in tmp_path.rglob("*")}
    build(project.config)
    created = {p for p in tmp_path.rglob("*")} - before
    out = project.output.resolve()
    assert created and all(p.resolve().is_relative_to(out) for p in created)
    for path in out.rglob("*"):
        relative = path.relative_to(out)
        for segment in relative.parts:
            assert len(segment) <= 255 and (SAFE_SEGMENT.match(segment) or segment == ".newsdigest-manifest.json"), relative


@pytest.mark.parametrize("relative", ["../x.html", "/etc/x", "a/../../x", "a\\..\\x", ""])
def test_writer_refuses_paths_outside_output(tmp_path, relative):
    with pytest.raises(NewsdigestError):
        safe_output_path(tmp_path, relative)


def test_writer_refuses_to_write_through_a_symlink(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "link").symlink_to(tmp_path)
    with pytest.raises(NewsdigestError, match="symlink"):
        safe_output_path(out.resolve(), "link/evil.html")


def test_a_symlink_deep_in_the_output_is_refused_and_one_that_stays_inside_is_not(tmp_path):
    out = (tmp_path / "out").resolve()
    (out / "2026" / "01").mkdir(parents=True)
    (out / "2026" / "01" / "away").symlink_to(tmp_path)
    (out / "same").symlink_to(out / "2026")
    checked: set[str] = set()
    assert safe_output_path(out, "2026/01/a/index.html", checked) == out / "2026" / "01" / "a" / "index.html"
    assert str(out / "2026" / "01") in checked
    with pytest.raises(NewsdigestError, match="symlink"):
        safe_output_path(out, "2026/01/away/deeper/index.html", checked)   # its parents were checked already
    assert safe_output_path(out, "same/01/b/index.html", checked) == out / "same" / "01" / "b" / "index.html"
    (out / "file.html").symlink_to(tmp_path / "elsewhere.html")
    with pytest.raises(NewsdigestError, match="symlink"):
        safe_output_path(out, "file.html", checked)


def test_permalink_patterns_cannot_climb(tmp_path):
    with pytest.raises(NewsdigestError, match=r"\.\."):
        config_from_mapping({"permalinks": {"tag": "/../{slug}/"}}, tmp_path)


def test_content_symlink_to_outside_file_and_folder_is_refused(project, tmp_path):
    secret_dir = tmp_path / "private"
    secret_dir.mkdir()
    (secret_dir / "diary.md").write_text("---\ntitle: Diary\ndate: 2026-01-01\n---\nsecret\n")
    (project.content / "linked").symlink_to(secret_dir)
    project.add("ok", title="Fine")
    with pytest.raises(NewsdigestError, match="outside the content folder"):
        build(project.config)
    result = build(project.config, skip_bad=True)
    assert [a.title for a in result.site.articles] == ["Fine"]
    assert "secret" not in "".join(p.read_text() for p in project.output.rglob("*.html"))
