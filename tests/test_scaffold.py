"""`init`, `new`, `theme copy` and `--version`: starting points that never overwrite a file."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from newsdigest import __version__
from newsdigest.article import parse_article
from newsdigest.cli import main
from newsdigest.config import BUILTIN_THEMES_DIR, load_config
from newsdigest.content import load_articles
from newsdigest.problems import NewsdigestError
from newsdigest.scaffold import STARTER_DIR, create_file, new_article, next_steps
from tests.conftest import REPO


@pytest.fixture
def site(tmp_path, monkeypatch, capsys) -> Path:
    """A starter site made by `newsdigest init site`, with the current folder inside it."""
    monkeypatch.chdir(tmp_path)
    assert main(["init", "site"]) == 0
    capsys.readouterr()
    monkeypatch.chdir(tmp_path / "site")
    return tmp_path / "site"


def site_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- init -------------------------------------------------------------------------------------

def test_init_writes_a_site_that_loads_and_says_what_to_run_next(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["init", "my site"]) == 0
    out = capsys.readouterr().out
    folder = tmp_path / "my site"
    files = site_files(folder)
    assert {"config.yaml", ".gitignore"} <= files.keys()
    assert "gitignore" not in files  # stored without its dot in the package, written with it
    config = load_config(folder / "config.yaml")
    assert [topic.slug for topic in config.topics] and config.inbox_dir == folder / "inbox"
    loaded = load_articles(config)
    assert len(loaded.articles) >= 2 and not loaded.problems and not loaded.warnings
    assert [p.name for p in (folder / "inbox").iterdir()]
    ignored = files[".gitignore"].decode().split()
    assert "output/" in ignored and ".newsdigest-cache/" in ignored and "preview/" in ignored   # (docs' preview)
    steps = out[out.index("Next:"):].splitlines()[1:]
    assert steps[0].strip() == "cd 'my site'"
    assert steps[1].strip().startswith("newsdigest ingest inbox/")
    assert steps[2].strip().startswith("newsdigest serve") and "newsdigest build" in steps[2]


def test_the_starter_files_are_the_packaged_ones(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["init"]) == 0
    packaged = {p.relative_to(STARTER_DIR).as_posix().replace("gitignore", ".gitignore"): p.read_bytes()
                for p in STARTER_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert site_files(tmp_path) == packaged


def test_init_in_the_current_folder_needs_no_cd(tmp_path):
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "page.txt").write_text("x", encoding="utf-8")
    steps = next_steps(tmp_path, cwd=tmp_path)
    assert not any(step.startswith("cd ") for step in steps) and steps[0].startswith("newsdigest ingest inbox/page.txt")


def test_the_next_steps_name_the_example_page_or_the_inbox_not_a_page_of_ones_own(tmp_path):
    """`init --force` in a site whose inbox held pages of its own suggested ingesting the first of those by name."""
    (tmp_path / "inbox").mkdir()
    for name in ("a-mine.txt", "valley-post-solar-roofs.txt", "z-mine.html"):
        (tmp_path / "inbox" / name).write_text("x", encoding="utf-8")
    assert next_steps(tmp_path, cwd=tmp_path)[0].startswith("newsdigest ingest inbox/valley-post-solar-roofs.txt")
    (tmp_path / "inbox" / "valley-post-solar-roofs.txt").unlink()
    assert next_steps(tmp_path, cwd=tmp_path)[0].startswith("newsdigest ingest inbox/ ")


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["init"]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path}: folder is not empty" in err and "--force" in err
    assert site_files(tmp_path) == {"notes.txt": b"mine"}


def test_init_says_it_does_not_use_a_config_option_and_every_command_takes_version(tmp_path, capsys):
    """`init DIR -c other.yaml` wrote DIR/config.yaml without a word; `build --version` was "unrecognized"."""
    for at, args in enumerate((["init", str(tmp_path / "a"), "-c", "other.yaml"],
                               ["-c", "other.yaml", "init", str(tmp_path / "b")])):
        assert main(args) == 0
        assert "init reads no config and writes DIR/config.yaml; -c other.yaml is not used" in capsys.readouterr().err
        assert (tmp_path / "ab"[at] / "config.yaml").is_file()
    for command in ("build", "ingest", "init"):
        with pytest.raises(SystemExit) as done:
            main([command, "--version"])
        assert done.value.code == 0 and capsys.readouterr().out.strip() == f"newsdigest {__version__}"


def test_init_force_adds_what_is_missing_and_overwrites_nothing(site, capsys):
    (site / "config.yaml").write_text("title: Mine\n", encoding="utf-8")
    example = next((site / "content").rglob("*.md"))
    example.unlink()
    before = site_files(site)
    assert main(["init", str(site), "--force"]) == 0
    out = capsys.readouterr().out
    after = site_files(site)
    assert (site / "config.yaml").read_text(encoding="utf-8") == "title: Mine\n"
    assert {name: data for name, data in after.items() if name in before} == before
    assert set(after) - set(before) == {example.relative_to(site).as_posix()}
    assert "1 file written" in out and "config.yaml" in out[out.index("Kept"):]


def test_init_refuses_a_file_in_the_way(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site").write_text("a file", encoding="utf-8")
    assert main(["init", "site", "--force"]) == 1
    assert "site: exists and is not a folder" in capsys.readouterr().err


def test_init_names_the_file_that_stands_where_a_parent_folder_must_be(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").write_text("a file", encoding="utf-8")
    assert main(["init", "notes/site/new"]) == 1
    err = capsys.readouterr().err
    assert "notes/site/new: cannot be made:" in err and "notes is a file, not a folder" in err
    assert (tmp_path / "notes").read_text(encoding="utf-8") == "a file"


def test_init_needs_no_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["-c", "nowhere.yaml", "init", "site"]) == 0


def test_create_file_never_replaces_a_file_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "a" / "b.txt"
    assert create_file(target, b"first")
    assert not create_file(target, b"second")
    assert target.read_bytes() == b"first" and [p.name for p in target.parent.iterdir()] == ["b.txt"]


# --- new --------------------------------------------------------------------------------------

def test_new_writes_a_dated_article_in_the_config_time_zone(site, capsys):
    assert main(["new", "Tram works: the first week", "--source", "Riverton Ledger"]) == 0
    shown = capsys.readouterr().out.strip()
    path = site / shown
    config = load_config(site / "config.yaml")
    now = datetime.now(config.zone)
    assert shown == f"content/{now:%Y}/{now:%m}/tram-works-the-first-week.md"
    article = parse_article(path, path.read_bytes(), config, config.content_dir)
    assert article.title == "Tram works: the first week" and article.source == "Riverton Ledger"
    assert article.date.utcoffset() is not None and abs((article.date - now).total_seconds()) < 120
    assert "+00:00" in path.read_text(encoding="utf-8")  # the starter config's zone is UTC


def test_new_dates_by_the_local_day_and_keeps_the_offset(project):
    config = project.config  # Asia/Seoul
    when = datetime(2026, 1, 31, 20, 30, tzinfo=timezone.utc)  # already 1 February in Seoul
    path = new_article(config, 'He said: "no" # really', now=when)
    assert path == config.content_dir / "2026" / "02" / "he-said-no-really.md"
    text = path.read_text(encoding="utf-8")
    assert "date: 2026-02-01T05:30:00+09:00" in text and "\nsource:\n" in text
    article = parse_article(path, path.read_bytes(), config, config.content_dir)
    assert article.title == 'He said: "no" # really' and not article.draft


def test_new_never_overwrites_and_takes_a_free_name_and_address(site, capsys):
    """A second "Same title" (a recurring "Morning briefing") failed with "already exists"; under /news/{slug}/ a
    title of an earlier month stated a slug whose address the earlier article had, so the build moved it to -2."""
    assert main(["new", "Same title"]) == 0
    path = site / capsys.readouterr().out.strip()
    path.write_text(path.read_text(encoding="utf-8") + "My words.\n", encoding="utf-8")
    before = path.read_bytes()
    assert main(["new", "Same title"]) == 0
    second = site / capsys.readouterr().out.strip()
    assert path.read_bytes() == before and second == path.with_name("same-title-2.md")
    assert "slug: same-title-2 " in second.read_text(encoding="utf-8")


def test_new_finds_an_address_no_article_has_under_the_sites_permalinks(project):
    project.settings["permalinks"] = {"article": "/news/{slug}/"}
    earlier = project.add("2025/11/weekly-briefing", title="Weekly briefing", date="2025-11-20T10:00:00+09:00")
    path = new_article(project.config, "Weekly briefing", now=datetime(2026, 1, 8, 9, tzinfo=timezone.utc))
    assert path.name == "weekly-briefing-2.md" and earlier.is_file()
    assert parse_article(path, path.read_bytes(), project.config).slug == "weekly-briefing-2"
    project.settings["permalinks"] = {}   # by the day: the slug of another month's article is free
    path = new_article(project.config, "Weekly briefing", now=datetime(2026, 1, 9, 9, tzinfo=timezone.utc))
    assert path.name == "weekly-briefing.md"


def test_new_states_the_slug_so_a_title_fixed_later_keeps_the_address(project):
    from newsdigest.article import parse_article
    path = new_article(project.config, "Council aproves harbour tram")
    assert path.name == "council-aproves-harbour-tram.md"
    fixed = path.read_text(encoding="utf-8").replace("title: \"Council aproves", "title: \"Council approves")
    fixed = fixed.replace("Write the article here, in Markdown.", "The council approved the tram.")
    path.write_text(fixed, encoding="utf-8")
    article = parse_article(path, path.read_bytes(), project.config)
    assert article.title == "Council approves harbour tram" and article.slug == "council-aproves-harbour-tram"


def test_new_refuses_a_title_without_letters(project):
    with pytest.raises(NewsdigestError, match="no letters or digits"):
        new_article(project.config, "?!")


def test_new_refuses_a_title_of_bytes_that_are_no_utf8(project):
    """A Latin-1 terminal's "abc\xff" reaches Python as a surrogate escape: the article was written with it as a
    YAML escape, and every build then refused the file."""
    for title, source in (("abc\udcff", ""), ("Harbour tram", "Caf\udce9 Post")):
        with pytest.raises(NewsdigestError, match="is not UTF-8 text .byte 0x(ff|e9)."):
            new_article(project.config, title, source=source)
    assert not list(project.content.rglob("abc*")) and not list(project.content.rglob("harbour-tram*"))


def test_a_file_where_a_folder_is_needed_is_named_before_anything_is_written(project, tmp_path):
    """`init --force` beside a file named `content`, `theme copy --force` beside a file named `templates` and `new`
    beside a file named like the month's folder stopped half-way with a bare "Not a directory"."""
    from newsdigest.scaffold import copy_theme, init_site

    site = tmp_path / "another-site"
    site.mkdir()
    (site / "content").write_text("not a folder")
    with pytest.raises(NewsdigestError, match="content: is a file where a folder is needed"):
        init_site(site, force=True)
    assert sorted(path.name for path in site.iterdir()) == ["content"]
    themes = project.root / "themes" / "mine"
    themes.mkdir(parents=True)
    (themes / "templates").write_text("not a folder")
    config = project.config
    with pytest.raises(NewsdigestError, match="templates: is a file where a folder is needed"):
        copy_theme(config.__class__(**{**config.__dict__, "themes_dir": project.root / "themes"}), "mine", force=True)
    assert sorted(path.name for path in themes.iterdir()) == ["templates"]
    year = project.content / datetime.now(config.zone).strftime("%Y")
    year.write_text("not a folder")
    with pytest.raises(NewsdigestError, match="is a file where the article's folder is needed"):
        new_article(config, "Harbour tram")


def test_new_names_a_title_without_latin_letters_after_a_digest_of_it(project):
    path = new_article(project.config, "横浜港でストライキ")
    again = new_article(project.config, "대통령 발표")
    digits = new_article(project.config, "삼성전자 3분기 영업이익 10조 돌파")   # was named "3-10" after its digits
    assert all(p.name.startswith("article-") for p in (path, again, digits)) and len({path, again, digits}) == 3
    assert 'title: "横浜港でストライキ"' in path.read_text(encoding="utf-8")
    # Its address is its file's name, and stays so when the file moves.
    assert f"slug: {path.stem}" in path.read_text(encoding="utf-8")
    moved = path.parent / "moved" / path.name
    moved.parent.mkdir()
    path.rename(moved)
    from newsdigest.article import parse_article
    assert parse_article(moved, moved.read_bytes(), project.config).slug == path.stem


def test_new_draft(project):
    path = new_article(project.config, "Work in progress", draft=True)
    assert "draft: true" in path.read_text(encoding="utf-8")


def test_an_article_published_with_the_placeholder_of_new_gets_a_warning(project):
    path = new_article(project.config, "Tram works begin")
    article = parse_article(path, path.read_bytes(), project.config, project.config.content_dir)
    [warning] = article.warnings
    assert "the body is still `newsdigest new`'s placeholder" in warning.message and warning.line == 7
    path.write_text(path.read_text(encoding="utf-8").replace("Write the article here, in Markdown.",
                                                             "Work on the tram line began on Monday."),
                    encoding="utf-8")
    assert not parse_article(path, path.read_bytes(), project.config, project.config.content_dir).warnings
    draft = new_article(project.config, "Work in progress", draft=True)   # a draft is not published yet
    assert not parse_article(draft, draft.read_bytes(), project.config, project.config.content_dir).warnings


# --- theme copy -------------------------------------------------------------------------------

def builtin_theme() -> dict[str, bytes]:
    return {name: data for name, data in site_files(BUILTIN_THEMES_DIR / "default").items()
            if "__pycache__" not in name}


def test_theme_copy_copies_the_builtin_theme_for_editing(site, capsys):
    assert main(["theme", "copy"]) == 0
    assert "Copied the default theme into themes/default" in capsys.readouterr().out
    assert site_files(site / "themes" / "default") == builtin_theme()
    assert load_config(site / "config.yaml").theme_dirs[0] == site / "themes" / "default"


def test_theme_copy_with_a_name_says_how_to_use_it(site, capsys):
    assert main(["theme", "copy", "mine"]) == 0
    out = capsys.readouterr().out
    assert "theme: mine" in out and site_files(site / "themes" / "mine") == builtin_theme()


def test_theme_copy_never_overwrites(site, capsys):
    assert main(["theme", "copy"]) == 0
    edited = site / "themes" / "default" / "templates" / "base.html"
    edited.write_text("mine", encoding="utf-8")
    assert main(["theme", "copy"]) == 1
    assert "folder is not empty" in capsys.readouterr().err
    edited.unlink()
    (site / "themes" / "default" / "static" / "style.css").write_text("mine", encoding="utf-8")
    assert main(["theme", "copy", "--force"]) == 0
    assert "1 file written" in capsys.readouterr().out
    assert (site / "themes" / "default" / "static" / "style.css").read_text(encoding="utf-8") == "mine"
    assert edited.read_bytes() == (BUILTIN_THEMES_DIR / "default" / "templates" / "base.html").read_bytes()


@pytest.mark.parametrize("name", ["../up", "My Theme", ""])
def test_theme_copy_refuses_names_that_are_not_one_plain_folder(site, capsys, name):
    assert main(["theme", "copy", name]) == 1
    assert "theme name" in capsys.readouterr().err and not (site / "themes").exists()


def test_theme_without_a_subcommand_shows_its_help(site, capsys):
    assert main(["theme"]) == 2
    assert "copy" in capsys.readouterr().out


# --- --version, python -m, a missing config ---------------------------------------------------

def test_version(capsys):
    with pytest.raises(SystemExit) as exit_status:
        main(["--version"])
    assert exit_status.value.code == 0 and capsys.readouterr().out.strip() == f"newsdigest {__version__}"


def test_python_dash_m_is_the_command(tmp_path):
    result = subprocess.run([sys.executable, "-m", "newsdigest", "--version"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == f"newsdigest {__version__}"
    result = subprocess.run([sys.executable, "-m", "newsdigest", "build"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1 and "newsdigest init" in result.stderr


def test_the_package_version_is_the_project_version():
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert f'\nversion = "{__version__}"\n' in text


def test_a_missing_config_says_how_to_start_a_site(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert "config.yaml: config file not found; `newsdigest init DIR` starts a new site in DIR" in err


def test_a_command_run_inside_the_site_names_the_site_above(tmp_path, monkeypatch, capsys):
    """`newsdigest build` in site/content/ only suggested starting a new site with init."""
    monkeypatch.chdir(tmp_path)
    assert main(["init", "site"]) == 0
    monkeypatch.chdir(tmp_path / "site" / "content")
    capsys.readouterr()
    assert main(["build"]) == 1
    assert f"config file not found; the site is in {tmp_path / 'site'}: cd {tmp_path / 'site'} first" \
        in capsys.readouterr().err


def test_a_missing_config_names_the_site_below_after_init_without_cd(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["init", "site"]) == 0
    capsys.readouterr()
    assert main(["build"]) == 1
    assert "config file not found; the site is in site/: cd site first" in capsys.readouterr().err
    # a config named by -c is just missing: no advice to pass -c
    assert main(["-c", "other.yaml", "build"]) == 1
    assert capsys.readouterr().err.splitlines()[0].endswith("other.yaml: config file not found")
    # -c after the command works as before it
    assert main(["build", "-c", "site/config.yaml"]) == 0


def test_topics_suggest_wants_at_least_one_keyword(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit):
        main(["topics", "suggest", "--keywords", "0"])
    assert "expected a whole number of 1 or more, got '0'" in capsys.readouterr().err


def test_output_read_by_a_program_that_stops_early_ends_quietly(site, monkeypatch, capsys):
    """`newsdigest ingest inbox/ | head`: once `head` has its lines, the rest of the output has nowhere to go, which
    is no error of the site's ("error: Broken pipe")."""
    read_end, write_end = os.pipe()
    os.close(read_end)

    class ClosedPipe(io.StringIO):
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self):
            return write_end

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    try:
        assert main(["ingest", "--dry-run", "inbox"]) == 1
    finally:
        os.close(write_end)
    assert "Broken pipe" not in capsys.readouterr().err
