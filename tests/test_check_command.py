"""`check`: validates config, content and templates without building, lists every problem, exit 1 on errors."""

from __future__ import annotations

import os
import shutil

import pytest

from newsdigest.config import BUILTIN_THEMES_DIR
from newsdigest.check import find_problems
from newsdigest.cli import main


def run_check(project, capsys, *extra) -> tuple[int, str, str]:
    config_path = project.write_config_file()
    status = main(["-c", str(config_path), "check", *extra])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_a_good_site_is_ok_and_nothing_is_written(project, capsys):
    project.add("a", title="Tariff talks", date="2026-01-29T10:00:00+09:00")
    status, out, err = run_check(project, capsys)
    assert status == 0 and "OK: config, templates and 1 article are valid." in out
    assert err == "" and not project.output.exists()


def test_every_content_error_is_listed_with_file_and_line(project, capsys):
    project.add("good", title="Good tariff story")
    project.write("bad1.md", "---\ntitle: x\n---\n")
    project.write("bad2.md", "---\ntitle: a: b\ndate: 2026-01-01\n---\n")
    project.write("bad3.md", "---\ntitle: T\ndate: 2026-01-01\ndraft: maybe\n---\n")
    status, out, err = run_check(project, capsys)
    assert status == 1 and "OK" not in out
    assert "bad1.md:1: missing required key 'date'" in err
    assert "bad2.md:2: invalid YAML" in err
    assert "bad3.md" in err and "draft" in err
    assert "3 errors and 0 warnings found." in err
    assert "Traceback" not in err


def test_duplicate_slugs_are_warnings_not_errors(project, capsys):
    project.add("one", title="Same title", date="2026-01-29T10:00:00+09:00")
    project.add("two", title="Same title", date="2026-01-29T11:00:00+09:00")
    status, out, err = run_check(project, capsys)
    assert status == 0 and "(1 warning)" in out
    # The warning is two.md's, and names the article that keeps the address ("another article" told nothing)
    assert "warning:" in err and "two.md: one.md already uses slug 'same-title' on 2026-01-29" in err
    assert "published at /2026/01/29/same-title-2/" in err and "slug of its own" in err


def test_config_errors_are_all_listed(project, capsys):
    project.settings.update(paginate=0, stories={"threshold": 2, "windw_days": 3}, search={"enabled": "yes"},
                            colour="red")
    status, out, err = run_check(project, capsys)
    assert status == 1
    for expected in ("paginate: must be at least 1", "stories.threshold: must be greater than 0 and at most 1",
                     "stories.windw_days: unknown key (did you mean 'window_days'?)",
                     "search.enabled: expected bool", "colour: unknown key"):
        assert expected in err, expected
    assert "nothing was written" not in err and "problems found." in err


def test_a_mistake_in_the_template_every_page_extends_is_told_once(project, tmp_path, capsys):
    """A typo in base.html failed every kind of page: `check` told the same line 13 times, as 13 errors."""
    project.add("a", title="Tariff talks", date="2026-01-29T10:00:00+09:00")
    themes = tmp_path / "themes"
    (themes / "broken" / "templates").mkdir(parents=True)
    base = (BUILTIN_THEMES_DIR / "default" / "templates" / "base.html").read_text(encoding="utf-8")
    (themes / "broken" / "templates" / "base.html").write_text(base.replace("{{ config.title }}</a>",
                                                                            "{{ config.title }</a>", 1),
                                                               encoding="utf-8")
    project.settings.update(themes_dir=str(themes), theme="broken")
    errors = find_problems(project.config).errors
    assert len(errors) == 1 and errors[0].path.name == "base.html" and errors[0].line


def test_a_template_of_the_sites_own_that_fails_on_some_pages_only_is_found(project, tmp_path, capsys):
    """`check` rendered one page of each template and said OK; the build then failed on another page of it."""
    project.add("newer", title="Port reopens", date="2026-01-30T10:00:00+09:00")
    project.add("older", title="Tariff talks", date="2026-01-29T10:00:00+09:00", tags=["tariffs"])
    themes = tmp_path / "themes"
    (themes / "mine" / "templates").mkdir(parents=True)
    article = (BUILTIN_THEMES_DIR / "default" / "templates" / "article.html").read_text(encoding="utf-8")
    (themes / "mine" / "templates" / "article.html").write_text(
        article.replace("{% block main %}", "{% block main %}{% if article.tags %}{{ article.tags.lead.title() }}"
                        "{% endif %}", 1), encoding="utf-8")
    project.settings.update(themes_dir=str(themes), theme="mine")
    errors = find_problems(project.config).errors
    assert len(errors) == 1 and errors[0].path.name == "article.html" and "error while rendering" in errors[0].message


def test_a_misspelt_name_in_a_template_of_the_sites_own_is_a_warning_naming_its_line(project, tmp_path):
    """`{{ article.titel }}` and `{{ nosuchvar }}` showed nothing, and `check` said the templates were valid."""
    project.add("a", title="Tariff talks", date="2026-01-29T10:00:00+09:00")
    themes = tmp_path / "themes"
    (themes / "mine" / "templates").mkdir(parents=True)
    (themes / "mine" / "templates" / "base.html").write_text(
        '{% extends "builtin/base.html" %}\n{% block theme_head %}\n<meta name="x" content="{{ config.titel }}">'
        '\n{{ nosuchvar }}{% if article is defined %}{{ article.title }}{% endif %}\n{% endblock %}\n',
        encoding="utf-8")
    project.settings.update(themes_dir=str(themes), theme="mine")
    found = find_problems(project.config)
    assert not found.errors
    undefined = [(w.path.name, w.line, w.message.split(":")[0])
                 for w in found.warnings if "shown as nothing" in w.message]
    assert undefined == [("base.html", 3, "'newsdigest.config.Config object' has no attribute 'titel'"),
                         ("base.html", 4, "'nosuchvar' is undefined")]


def test_template_errors_and_missing_templates_are_found(project, tmp_path, capsys):
    project.add("a", title="Tariff talks", date="2026-01-29T10:00:00+09:00")
    themes = tmp_path / "themes"
    (themes / "broken" / "templates").mkdir(parents=True)
    (themes / "default").mkdir()
    (themes / "default" / "templates").symlink_to(BUILTIN_THEMES_DIR / "default" / "templates")
    (themes / "broken" / "templates" / "day.html").write_text("{% extends 'base.html' %}\n{% block main %}{% if %}"
                                                              "{% endblock %}\n", encoding="utf-8")
    (themes / "broken" / "templates" / "term.html").write_text("{% extends 'base.html' %}\n{% block main %}\n"
                                                               "{{ term.name.nope() }}{% endblock %}\n", encoding="utf-8")
    project.settings.update(themes_dir=str(themes), theme="broken")
    status, _, err = run_check(project, capsys)
    assert status == 1
    assert "day.html:2:" in err  # syntax error, with file and line
    assert "term.html:3:" in err and "error while rendering" in err  # fails only when run
    (themes / "broken" / "templates" / "day.html").unlink()
    (themes / "broken" / "templates" / "term.html").unlink()
    (themes / "default" / "templates").unlink()
    (themes / "default" / "templates").mkdir()  # templates a theme lacks come from the built-in default theme
    assert not find_problems(project.config).errors
    project.settings.update(theme="missing")
    found = find_problems(project.config)
    assert any("not found" in problem.message and problem.message.endswith("the themes folder holds broken, default")
               for problem in found.errors)


def test_a_missing_include_is_named_where_it_is_included(project, tmp_path, capsys):
    # it was reported for every page template ("year.html: template not found"), never where the include is
    project.add("a", title="Tariff talks", date="2026-01-29T10:00:00+09:00")
    templates = tmp_path / "themes" / "mine" / "templates"
    templates.mkdir(parents=True)
    base = (BUILTIN_THEMES_DIR / "default" / "templates" / "base.html").read_text(encoding="utf-8").splitlines()
    base.insert(3, '{% include "partials/header_extra.html" %}')
    (templates / "base.html").write_text("\n".join(base) + "\n", encoding="utf-8")
    project.settings.update(themes_dir=str(tmp_path / "themes"), theme="mine")
    status, _, err = run_check(project, capsys)
    assert status == 1
    assert f"{templates / 'base.html'}:4: template not found in the theme: partials/header_extra.html" in err


def test_one_outlet_under_two_names_is_a_warning_naming_them(project):
    # ingest found "Sky News" on one page and "Sky" on another: two source pages, two votes in a story
    project.add("a", title="Ferry strike ends", date="2026-01-29T10:00:00+09:00", source="Sky News",
                url="https://news.sky.com/a")
    project.add("b", title="Bridge vote delayed", date="2026-01-29T11:00:00+09:00", source="Sky",
                url="https://sky.com/b")
    project.add("c", title="Markets steady", date="2026-01-29T12:00:00+09:00", source="Wire Agency",
                url="https://sky.com/c")   # a wire's report on the site: another outlet
    found = find_problems(project.config)
    [warning] = [w for w in found.warnings if "names" in w.message]
    assert warning.message.startswith("the outlet at sky.com has 2 names: 'Sky' (1, e.g. b.md), 'Sky News' (1, ")
    assert "Wire Agency" not in warning.message


def test_an_output_folder_the_build_would_refuse_is_an_error(project, capsys):
    project.add("a", title="Tariff talks", date="2026-01-29T10:00:00+09:00")
    project.output.mkdir(parents=True)
    (project.output / "mine.txt").write_text("not made by newsdigest")
    status, _, err = run_check(project, capsys)
    assert status == 1 and "did not create" in err


@pytest.mark.parametrize("read_only", [True, False])
def test_an_output_folder_it_cannot_write_is_an_error(project, capsys, monkeypatch, read_only):
    project.add("a", title="Tariff talks", date="2026-01-29T10:00:00+09:00")
    project.output.mkdir(parents=True)
    output = str(project.output)
    real_access, real_statvfs = os.access, os.statvfs

    class Mount:
        f_flag = os.ST_RDONLY if read_only else 0

    # As root (the tests' usual user) a mode of 0o555 stops nothing: the file system's answers are faked.
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if os.fspath(path) == output
                        else real_access(path, mode, **kw))
    monkeypatch.setattr(os, "statvfs", lambda path: Mount() if os.fspath(path) == output else real_statvfs(path))
    status, _, err = run_check(project, capsys)
    reason = "read-only file system" if read_only else "permission denied"
    assert status == 1 and f"cannot write into this output folder: {reason}" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a folder of mode 0o555")
def test_an_output_folder_without_write_permission_is_an_error(project, capsys):
    project.add("a", title="Tariff talks", date="2026-01-29T10:00:00+09:00")
    project.output.mkdir(parents=True)
    project.output.chmod(0o555)
    try:
        status, _, err = run_check(project, capsys)
    finally:
        project.output.chmod(0o755)
    assert status == 1 and "cannot write into this output folder: permission denied" in err


def test_missing_pagefind_is_a_warning(project, capsys, monkeypatch):
    import newsdigest.search

    monkeypatch.setattr(newsdigest.search, "search_available", lambda: False)
    project.settings["search"] = {"enabled": True}  # (the suite's projects have it off: see conftest.BASE_CONFIG)
    project.add("a", title="Tariff talks", date="2026-01-29T10:00:00+09:00")
    status, out, err = run_check(project, capsys)
    assert status == 0 and "Pagefind is not installed" in err
    project.settings["search"] = {"enabled": False}
    status, out, err = run_check(project, capsys)
    assert status == 0 and err == ""


@pytest.mark.parametrize("drafts", [False, True])
def test_drafts_are_checked_only_when_asked(project, capsys, drafts):
    project.add("a", title="Tariff talks", date="2026-01-29T10:00:00+09:00")
    project.add("d", title="Draft tariff", date="2026-01-29T11:00:00+09:00", draft=True)
    status, out, _ = run_check(project, capsys, *(["--drafts"] if drafts else []))
    expected = "2 articles (1 draft) are valid." if drafts else "1 article are valid (1 draft left out; --drafts"
    assert status == 0 and expected in out


# `build` output: a progress bar only for long builds in a terminal; a short plain summary otherwise.

def test_build_prints_one_plain_summary_line_when_not_a_terminal(project, capsys):
    project.add("a", title="Tariff talks", date="2026-01-29T10:00:00+09:00")
    project.add("b", title="Tariff talks", date="2026-01-29T11:00:00+09:00")  # a duplicate slug: one warning
    config_path = project.write_config_file()
    assert main(["-c", str(config_path), "build"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Built 2 articles, ")
    for part in ("pages", "feeds", "stories", "s (", "1 warning)"):
        assert part in lines[0], part
    assert "\x1b[" not in out + err  # no colours or cursor movement in logs
    assert err.count("warning:") == 1


def test_progress_is_shown_only_for_long_builds_in_a_terminal(project, monkeypatch):
    import sys

    from newsdigest import progress as terminal

    for n in range(terminal.PROGRESS_MIN_ARTICLES + 1):
        (project.content / f"a{n}.md").write_text("x", encoding="utf-8")
    assert terminal.make_progress(project.config) is None  # the test's stderr is not a terminal
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    progress = terminal.make_progress(project.config)
    assert isinstance(progress, terminal.RichBuildProgress)
    progress.phase("Rendering pages and feeds", total=3)
    progress.advance()
    progress.close()
    (project.content / "a0.md").unlink()
    (project.content / "a1.md").unlink()
    assert terminal.make_progress(project.config) is None  # 499 articles: too short to need a bar


def test_builder_reports_its_steps_and_every_page(project):
    from newsdigest.build import SiteBuilder
    from newsdigest.progress import BuildProgress

    class Recorder(BuildProgress):
        def __init__(self):
            self.phases, self.advanced = [], {}

        def phase(self, name, total=None):
            self.phases.append((name, total))
            self.advanced[name] = 0

        def advance(self, count=1):
            self.advanced[self.phases[-1][0]] += count

    project.add("a", title="Tariff talks", date="2026-01-29T10:00:00+09:00")
    recorder = Recorder()
    result = SiteBuilder(project.config).build(recorder)
    names = [name for name, _ in recorder.phases]
    assert names[0] == "Reading content" and "Writing files" in names
    assert names[names.index("Writing files") + 1:] in ([], ["Indexing for search"])  # the index comes last
    assert ("Rendering pages and feeds", len(result.site.pages)) in recorder.phases
    assert recorder.advanced["Rendering pages and feeds"] == len(result.site.pages)
    for name, total in recorder.phases:  # every step with a known size reports each unit once
        assert total is None or recorder.advanced[name] == total


def test_a_theme_file_where_a_page_goes_is_an_error_naming_the_file(project, capsys):
    # an article at /static/ and the theme's static/index.html: a clean build crashed, a later one lost the page
    themes = project.root / "themes"
    shutil.copytree(BUILTIN_THEMES_DIR / "default", themes / "default")
    (themes / "default" / "static" / "index.html").write_text("<p>theme file</p>", encoding="utf-8")
    project.settings.update(themes_dir=str(themes), permalinks={"article": "/{slug}/"})
    project.add("static", title="Static", date="2026-01-29T10:00:00+09:00")
    for command in ("check", "build"):
        status = main(["-c", str(project.write_config_file()), command])
        err = capsys.readouterr().err
        assert status == 1 and "Traceback" not in err
        assert (f"{themes / 'default' / 'static' / 'index.html'}: the theme's file would be written to "
                "static/index.html, where the article 'Static' goes") in err
    assert not project.output.exists()


@pytest.mark.parametrize("theme_file, goes", [
    ("trams/feed.xml", "a feed goes (static/trams/feed.xml)"),   # the build crashed
    ("trams", "the tag page 'Trams' goes (static/trams/index.html)"),   # a file where the page needs a folder
])
def test_a_theme_file_where_a_feed_goes_or_a_page_needs_a_folder_is_an_error_naming_the_file(project, capsys,
                                                                                         theme_file, goes):
    themes = project.root / "themes"
    shutil.copytree(BUILTIN_THEMES_DIR / "default", themes / "default")
    static = themes / "default" / "static" / theme_file
    static.parent.mkdir(parents=True, exist_ok=True)
    static.write_text("x", encoding="utf-8")
    project.settings.update(themes_dir=str(themes), permalinks={"tag": "/static/{slug}/"})
    project.add("tram", title="Tram line opens", date="2026-01-29T10:00:00+09:00", tags=["Trams"])
    for command in ("check", "build"):
        status = main(["-c", str(project.write_config_file()), command])
        err = capsys.readouterr().err
        assert status == 1 and "Traceback" not in err, command
        assert f"{static}: the theme's file would be written to static/{theme_file}, where {goes}" in err, command
    assert not project.output.exists()


def test_a_theme_file_inside_a_folder_named_as_a_built_in_file_is_an_error_naming_it(project, capsys):
    """themes/mine/static/style.css/x.css beside the built-in static/style.css: `check` said OK, the build failed
    naming output/static/style.css and no theme file."""
    themes = project.root / "themes"
    inside = themes / "mine" / "static" / "style.css" / "x.css"
    inside.parent.mkdir(parents=True)
    inside.write_text("p {}", encoding="utf-8")
    project.settings.update(themes_dir=str(themes), theme="mine")
    project.add("tram", title="Tram line opens", date="2026-01-29T10:00:00+09:00")
    for command in ("check", "build"):
        status = main(["-c", str(project.write_config_file()), command])
        err = capsys.readouterr().err
        assert status == 1 and f"{inside}: the theme's file would be written to static/style.css/x.css, inside " \
            "static/style.css, which is a file" in err, command
    assert not project.output.exists()


@pytest.mark.parametrize("template", ["article.html", "partials/macros.html"])
def test_a_template_that_is_not_utf8_is_named_with_its_line(project, capsys, template):
    # the bare decoding error named no file, or for an imported one the templates importing it
    themes = project.root / "themes"
    shutil.copytree(BUILTIN_THEMES_DIR / "default", themes / "default")
    path = themes / "default" / "templates" / template
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join([*lines[:2], b"caf\xe9", *lines[2:]]))
    project.settings.update(themes_dir=str(themes))
    project.add("one", title="Tariff talks", date="2026-01-29T10:00:00+09:00")
    for command in ("check", "build"):
        status = main(["-c", str(project.write_config_file()), command])
        err = capsys.readouterr().err
        assert status == 1 and "Traceback" not in err, command
        assert f"{path}:3: not valid UTF-8 (byte 0xe9)" in err, command
    assert not [p for p in project.output.rglob("*") if p.is_file()]   # nothing written


def test_pages_of_two_kinds_at_one_address_are_an_error_naming_the_article(project, capsys):
    # Article pages at "/{slug}/": an article titled "Tags" would be written where the list of tags is
    project.settings["permalinks"] = {"article": "/{slug}/"}
    project.add("tags-story", title="Tags", date="2026-01-29T10:00:00+09:00")
    project.add("other", title="Tariff talks", date="2026-01-29T11:00:00+09:00")
    for command in ("check", "build"):
        status = main(["-c", str(project.write_config_file()), command])
        err = capsys.readouterr().err
        assert status == 1 and "Traceback" not in err
        assert "tags-story.md: the article 'Tags' and the tags page 'Tags' would both be written to /tags/" in err
    assert not project.output.exists()


def test_pages_whose_addresses_differ_only_in_letter_case_are_an_error(project, capsys):
    """A pattern with capitals ("/Tags/{slug}/" for tags, "/tags/{slug}/" for topics) wrote two files that macOS's
    and Windows' file systems hold as one: the build succeeded there, one page silently overwriting the other."""
    project.settings["permalinks"] = {"tag": "/Tags/{slug}/", "topic": "/tags/{slug}/"}
    project.settings["topics"] = [{"slug": "energy", "title": "Energy", "keywords": {"grid": 1}}]
    project.add("grid", title="Grid upgrade", tags=["Energy"], body="The grid gets a new line.")
    for command in ("check", "build"):
        status = main(["-c", str(project.write_config_file()), command])
        err = capsys.readouterr().err
        assert status == 1 and "Traceback" not in err
        assert "would both be written to /Tags/energy/ and /tags/energy/, one file on macOS and Windows" in err
    assert not project.output.exists()
    # named with the config file's `permalinks` line, also in a config not named config.yaml (it named config.yaml)
    other = project.root / "site.yaml"
    other.write_text("# the site's settings\n" + project.write_config_file().read_text(encoding="utf-8"),
                     encoding="utf-8")
    line = next(n for n, text in enumerate(other.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("permalinks:"))
    assert main(["-c", str(other), "check"]) == 1
    assert f"{other}:{line}: the tag page 'Energy' and " in capsys.readouterr().err
