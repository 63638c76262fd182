"""Messages people read: counts in the singular when there is one, counts that add up, and the warnings about
the site's setup (no articles yet, a base_url on this machine) where they help."""

from __future__ import annotations

import os

from pathlib import Path
from types import SimpleNamespace

import pytest

from newsdigest.check import is_local_url, setup_warnings
from newsdigest.cli import main
from newsdigest.dev.watch import DevSession
from newsdigest.wording import plural, plural_of


@pytest.mark.parametrize("count, word, expected", [
    (0, "article", "0 articles"), (1, "article", "1 article"), (2, "story", "2 stories"), (1, "story", "1 story"),
    (3, "day", "3 days"), (2, "search file", "2 search files"), (2, "index", "2 indexes"),
    (2, "person", "2 people"),
])
def test_plural(count, word, expected):
    many = "people" if word == "person" else None
    assert plural(count, word, many) == expected


def test_plural_of():
    assert [plural_of(w) for w in ("warning", "category", "key", "match", "box")] == \
        ["warnings", "categories", "keys", "matches", "boxes"]


@pytest.mark.parametrize("url, local", [
    ("http://127.0.0.1:8000/", True), ("http://localhost:8000/digest/", True), ("http://[::1]:8000/", True),
    ("http://127.1.2.3/", True), ("http://site.localhost/", True), ("http://0.0.0.0:8000/", True),
    ("https://news.example.org/", False), ("https://127-0-0-1.example.org/", False),
])
def test_local_urls(url, local):
    assert is_local_url(url) is local


@pytest.mark.parametrize("base_url, said", [
    ("http://192.168.1.5:8000/", "an address of a private network"),
    ("http://myhost.local/", "an address of a private network"),
    ("http://10.0.0.7:8080/digest/", "an address of a private network"),
    ("http://10.0.0.7/digest/", None),                       # an intranet's site on its usual port
    ("https://news.corp.internal/", None),
    ("https://user.github.io/repo/index.html", "ends in a file's name: the site's address is its folder "
                                               "(https://user.github.io/repo/)"),
    ("https://news.example.org/digest/", None),
])
def test_base_urls_that_work_for_nobody_else_are_warned_about(project, capsys, base_url, said):
    status, out, err = build(project, capsys, "--base-url", base_url)
    assert status == 0
    if said is None:
        assert "an address" not in err and "file's name" not in err
    else:
        assert said in err


def build(project, capsys, *extra) -> tuple[int, str, str]:
    config_path = project.write_config_file()
    status = main(["-c", str(config_path), "build", *extra])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_one_of_everything_is_said_in_the_singular(project, capsys):
    project.add("a", title="Tariff talks", date="2026-01-29T10:00:00+09:00")
    project.settings["search"] = {"enabled": False}
    status, out, err = build(project, capsys)
    assert status == 0 and err == ""
    assert out.startswith("Built 1 article, ") and "; 0 warnings)" in out and "1 articles" not in out
    assert "no search index" in out and " 0 stories " in out


def test_drafts_left_out_are_counted(project, capsys):
    project.add("a", title="Tariff talks", date="2026-01-29T10:00:00+09:00")
    project.add("b", title="Summit", date="2026-01-29T11:00:00+09:00")
    project.add("d", title="Draft tariff", date="2026-01-29T12:00:00+09:00", draft=True)
    project.settings["search"] = {"enabled": False}
    status, out, _ = build(project, capsys)
    assert out.startswith("Built 2 articles (1 draft left out; --drafts includes it), ")
    status, out, _ = build(project, capsys, "--drafts")
    assert out.startswith("Built 3 articles, ")


def test_a_local_base_url_is_a_warning_naming_the_config_file_and_line(project, capsys):
    project.add("a", title="Tariff talks", date="2026-01-29T10:00:00+09:00")
    project.settings.update(base_url="http://127.0.0.1:8000/", search={"enabled": False})
    status, out, err = build(project, capsys)
    config_path = project.root / "config.yaml"
    line = config_path.read_text(encoding="utf-8").splitlines().index("base_url: http://127.0.0.1:8000/") + 1
    assert status == 0
    assert err.startswith(f"warning: {config_path}:{line}: base_url is http://127.0.0.1:8000/, an address on this "
                          "machine")
    assert "; 1 warning)" in out  # the summary counts what was shown
    status, out, err = build(project, capsys, "--base-url", "https://news.example.org/")
    assert "base_url" not in err


def test_a_local_base_url_given_on_the_command_line_is_the_options_warning(project, capsys):
    project.add("a", title="Tariff talks", date="2026-01-29T10:00:00+09:00")
    project.settings.update(base_url="https://news.example.org/", search={"enabled": False})
    status, out, err = build(project, capsys, "--base-url", "http://LOCALHOST:8000/")
    assert status == 0 and "config.yaml" not in err
    assert err.startswith("warning: --base-url: http://LOCALHOST:8000/ is an address on this machine")


def test_an_unset_base_url_is_named_as_such(project):
    project.add("a", title="A")
    del project.settings["base_url"]
    config_path = project.write_config_file()
    (warning,) = setup_warnings(project.config, config_path)
    assert warning.path == config_path and warning.line is None
    assert warning.message.startswith("base_url is not set, so it is http://127.0.0.1:8000/")


def test_serve_does_not_warn_about_a_local_base_url(project):
    project.add("a", title="A")
    project.settings["base_url"] = "http://localhost:8000/"
    assert setup_warnings(project.config, project.write_config_file(), serving=True) == []
    assert len(setup_warnings(project.config, project.write_config_file())) == 1


def test_a_missing_or_empty_content_folder_is_a_warning(project, capsys):
    project.settings["search"] = {"enabled": False}
    status, out, err = build(project, capsys)
    assert status == 0 and f"warning: {project.content}: no articles (*.md files) in the content folder" in err
    assert 'newsdigest new "Title"' in err and out.startswith("Built 0 articles, ") and "; 1 warning)" in out
    project.content.rmdir()
    status, out, err = build(project, capsys, "--force")
    assert status == 0 and f"warning: {project.content}: content folder not found" in err


def test_an_emptied_content_folder_never_empties_a_built_site(project, capsys):
    # an empty mount point or a failed sync: the build removed every article page and said "Built 0 articles"
    project.settings["search"] = {"enabled": False}
    project.add("a", title="Tariff talks", date="2026-01-29T10:00:00+09:00")
    assert build(project, capsys)[0] == 0
    before = sorted(p.relative_to(project.output) for p in project.output.rglob("*"))
    for path in project.content.rglob("*.md"):
        path.unlink()
    status, out, err = build(project, capsys)
    assert status == 1 and f"{project.content}: content folder holds no articles, yet" in err and "--force" in err
    assert sorted(p.relative_to(project.output) for p in project.output.rglob("*")) == before
    status, out, err = build(project, capsys, "--force")
    assert status == 0 and "Built 0 articles" in out


def test_a_missing_content_folder_never_empties_a_built_site(project, capsys):
    project.settings["search"] = {"enabled": False}
    project.add("a", title="Tariff talks", date="2026-01-29T10:00:00+09:00")
    assert build(project, capsys)[0] == 0
    before = sorted(p.relative_to(project.output) for p in project.output.rglob("*"))
    project.content.rename(project.root / "content-moved")   # a renamed folder, an unmounted disk...
    status, out, err = build(project, capsys)
    assert status == 1 and f"{project.content}: content folder not found, yet" in err and "--force" in err
    assert sorted(p.relative_to(project.output) for p in project.output.rglob("*")) == before
    status, out, err = build(project, capsys, "--force")
    assert status == 0 and "Built 0 articles" in out


def test_a_site_built_before_any_article_builds_again_without_its_content_folder(project, capsys):
    """Built once with no content folder yet (a warning), then built again after a config edit: refused as if
    articles would be lost, though the site built before had none."""
    project.settings["search"] = {"enabled": False}
    project.content.rmdir()
    status, out, err = build(project, capsys)
    assert status == 0 and "content folder not found" in err and "Built 0 articles" in out
    project.settings["title"] = "Harbour Digest"
    status, out, err = build(project, capsys)
    assert status == 0 and "Built 0 articles" in out and "yet" not in err


def test_files_and_folders_starting_with_an_underscore_are_not_articles(project, capsys):
    project.settings["search"] = {"enabled": False}
    project.add("a", title="Tariff talks", date="2026-01-29T10:00:00+09:00")
    project.add("_private-notes", title="Private notes", date="2026-01-29T11:00:00+09:00")
    project.add("_drafts/idea", title="An idea", date="2026-01-29T12:00:00+09:00")
    status, out, err = build(project, capsys)
    assert status == 0 and out.startswith("Built 1 article")
    assert "Private notes" not in (project.output / "atom.xml").read_text(encoding="utf-8")


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root reads folders whatever their mode")
def test_a_content_folder_that_cannot_be_listed_fails_the_build(project, capsys):
    project.add("a", title="Tariff talks", date="2026-01-29T10:00:00+09:00")
    locked = project.content / "locked"
    project.write("locked/b.md", "")
    locked.chmod(0)
    try:
        status, out, err = build(project, capsys)
    finally:
        locked.chmod(0o755)
    assert status == 1 and f"{locked}: cannot list this folder" in err


def test_check_says_the_content_warnings_too(project, capsys):
    config_path = project.write_config_file()
    assert main(["-c", str(config_path), "check"]) == 0
    out, err = capsys.readouterr()
    assert "no articles (*.md files)" in err and out.strip() == "OK: config, templates and 0 articles are valid " \
                                                                 "(1 warning)."


def test_error_counts_are_singular_for_one(project, capsys):
    project.write("bad.md", "---\ntitle: x\n---\n")
    config_path = project.write_config_file()
    assert main(["-c", str(config_path), "build"]) == 1
    assert "1 problem found; nothing was written." in capsys.readouterr().err
    assert main(["-c", str(config_path), "check"]) == 1
    assert "1 error and 0 warnings found." in capsys.readouterr().err


def outcome(number: int, *, quick: bool = False, follow_up: bool = False, parsed: int = 0, articles: int = 21,
            rendered: int = 5) -> str:
    report = SimpleNamespace(written=3, removed=0, changed_paths=["index.html"])
    result = SimpleNamespace(quick=quick, parsed=parsed, rendered=rendered, report=report, seconds=0.25,
                             site=SimpleNamespace(articles=[None] * articles), skipped=[], warnings=[])
    return DevSession._outcome(None, number, result, follow_up).message


def test_watch_messages_add_up():
    assert outcome(1, parsed=22, rendered=300) == "build 1: 21 articles, 300 files rendered, 3 written, 0 removed " \
                                                  "in 250 ms"
    assert outcome(2, quick=True, parsed=1).startswith("update 2: 1 edited article, 5 files rendered, 3 written")
    follow_up = outcome(3, follow_up=True)
    assert follow_up.startswith("build 3 (follow-up: stories and search brought up to date): 21 articles, 5 files")
    assert "parsed" not in follow_up and "re-read" not in follow_up
    assert outcome(4, parsed=1, articles=1, rendered=1).startswith("build 4: 1 article (1 file re-read), 1 file "
                                                                    "rendered")



def test_no_message_code_adds_an_s_by_hand():
    """Counts go through newsdigest.wording.plural, so that none says "1 articles"."""
    package = Path(__file__).resolve().parents[1] / "newsdigest"
    printing = ["cli.py", "check.py", "build.py", "progress.py", "scaffold.py", "dev/serve.py", "dev/watch.py"]
    by_hand = [name for name in printing if "'s' if" in (package / name).read_text(encoding="utf-8")]
    assert not by_hand


def test_a_folder_the_walk_cannot_list_is_reported_not_skipped(project, monkeypatch):
    # (as root, no folder is unreadable: the walk is made to meet one)
    import newsdigest.content_files as content_files
    from newsdigest.content import load_articles

    project.add("a", title="Tariff talks", date="2026-01-29T10:00:00+09:00")
    (project.content / "locked").mkdir()
    real_walk = content_files.os.walk

    def walk(top, onerror=None, **options):
        for dirpath, dirnames, filenames in real_walk(top, onerror=onerror, **options):
            if "locked" in dirnames:
                dirnames.remove("locked")
                if onerror is not None:   # (the walk for misnamed files passes none: as os.walk, it skips it)
                    onerror(PermissionError(13, "Permission denied", os.path.join(dirpath, "locked")))
            yield dirpath, dirnames, filenames

    monkeypatch.setattr(content_files.os, "walk", walk)
    loaded = load_articles(project.config)
    assert [str(problem) for problem in loaded.problems] == [
        f"{project.content / 'locked'}: cannot list this folder (no permission to read it?): its articles would be "
        "left out"]
    assert len(loaded.articles) == 1


def test_check_takes_the_base_url_a_build_for_the_host_would_take(project, capsys):
    config_path = project.write_config_file()
    project.settings["base_url"] = "http://127.0.0.1:8000/"
    config_path = project.write_config_file()
    assert main(["-c", str(config_path), "check"]) == 0
    assert "an address on this machine" in capsys.readouterr().err
    assert main(["-c", str(config_path), "check", "--base-url", "https://user.github.io/repo/"]) == 0
    assert "an address on this machine" not in capsys.readouterr().err
