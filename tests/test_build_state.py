"""The no-change fast path: a build is skipped only when no input changed and the output is untouched."""

from __future__ import annotations

import os
import time

from newsdigest.build import build
from newsdigest.build_state import input_state, record_build, state_file, unchanged_since_last_build
from newsdigest.cli import main
from newsdigest.output import previous_manifest, write_files

OPTIONS = {"drafts": False}


def age_inputs(project, seconds=60):
    """Make every input file look older than the racy window."""
    past = time.time() - seconds
    for path in project.content.rglob("*"):
        os.utime(path, (past, past))


def built(project):
    project.add("a", title="Tariff A")
    project.add("b", title="Tariff B", date="2026-01-30T10:00:00+09:00")
    age_inputs(project)
    build(project.config)
    record_build(project.config, project.output, OPTIONS)
    return project.config


def test_nothing_changed_is_detected(project):
    config = built(project)
    assert unchanged_since_last_build(config, project.output, OPTIONS) == []
    assert not unchanged_since_last_build(config, project.output, {"drafts": True})  # other options


def test_content_edit_new_file_and_deletion_are_changes(project):
    config = built(project)
    (project.content / "a.md").write_text((project.content / "a.md").read_text().replace("Tariff A", "Tariff A2"))
    assert unchanged_since_last_build(config, project.output, OPTIONS) is None
    config = built(project)
    (project.content / "b.md").unlink()
    assert unchanged_since_last_build(config, project.output, OPTIONS) is None


def test_an_edit_that_keeps_the_size_and_puts_the_old_mtime_back_is_a_change(project):
    config = built(project)
    article = project.content / "a.md"
    before = article.stat()
    article.write_text(article.read_text().replace("Tariff A", "Tariff Z"))   # same size
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))             # as touch -r or rsync -t do
    assert article.stat().st_size == before.st_size and article.stat().st_mtime_ns == before.st_mtime_ns
    assert unchanged_since_last_build(config, project.output, OPTIONS) is None


def test_touched_or_deleted_output_is_a_change(project):
    config = built(project)
    (project.output / "index.html").unlink()
    assert unchanged_since_last_build(config, project.output, OPTIONS) is None
    config = built(project)
    (project.output / "feed.xml").write_text("hand edit")
    assert unchanged_since_last_build(config, project.output, OPTIONS) is None


def test_config_change_is_a_change(project):
    built(project)
    project.settings["title"] = "Another title"
    assert unchanged_since_last_build(project.config, project.output, OPTIONS) is None


def test_fresh_inputs_are_never_trusted(project):
    project.add("a", title="Just written")
    build(project.config)
    record_build(project.config, project.output, OPTIONS)  # the file is seconds old: racy
    assert unchanged_since_last_build(project.config, project.output, OPTIONS) is None


def test_an_input_edited_while_the_build_ran_is_not_recorded_as_built(project):
    """The state a build records is that of the inputs before it read them: an edit made meanwhile is a change."""
    config = built(project)
    before = input_state(config, OPTIONS)
    (project.content / "a.md").write_text((project.content / "a.md").read_text().replace("Tariff A", "Tariff A2"))
    age_inputs(project)  # (not racy: only the edit itself differs)
    record_build(config, project.output, OPTIONS, inputs=before)
    assert unchanged_since_last_build(config, project.output, OPTIONS) is None
    # The same, for inputs that were too new to be trusted when the build began: nothing is recorded at all.
    project.add("c", title="Just written")
    fresh = input_state(config, OPTIONS)
    assert fresh.racy
    (project.content / "c.md").write_text((project.content / "c.md").read_text().replace("Just written", "Rewritten"))
    record_build(config, project.output, OPTIONS, inputs=fresh)
    assert not state_file(config, project.output).exists()


def test_a_build_that_failed_while_writing_is_never_skipped(project, capsys):
    """A failed build may have only added pages, leaving the last good build's files and inputs as they were:
    the next build must still run, to remove them."""
    config = built(project)
    config_path = project.write_config_file()
    age_inputs(project)
    record_build(config, project.output, {"drafts": False, "skip_bad": False})
    assert main(["-c", str(config_path), "build"]) == 0
    assert "Nothing changed" in capsys.readouterr().out
    # What a build killed after its first new page leaves: the page, listed in its journal, no new manifest.
    write_files(project.output, {"2026/02/01/gone/index.html": b"<p>stale</p>"}, previous_manifest(project.output))
    assert main(["-c", str(config_path), "build"]) == 0
    assert "Nothing changed" not in capsys.readouterr().out
    assert not (project.output / "2026/02/01/gone").exists()


def test_no_cache_builds_when_nothing_changed(project, capsys):
    """`build --no-cache`, run by someone who suspects a cache, said "Nothing changed" and built nothing."""
    config = built(project)
    config_path = project.write_config_file()
    age_inputs(project)
    record_build(config, project.output, {"drafts": False, "skip_bad": False})
    assert main(["-c", str(config_path), "build", "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert "Nothing changed" not in out and "Built" in out
    assert main(["-c", str(config_path), "build"]) == 0
    assert "Nothing changed" in capsys.readouterr().out


def test_a_build_with_warnings_keeps_the_fast_path_and_shows_them_again(project, capsys):
    """Two articles with one slug warn on every build; a build with nothing to do repeats that warning rather than
    building again (or staying silent)."""
    project.add("a", title="Same title", date="2026-01-29T10:00:00+09:00")
    project.add("b", title="Same title", date="2026-01-29T11:00:00+09:00")
    project.settings["base_url"] = "http://127.0.0.1:8000/"   # and a warning about the setup, told on every run
    age_inputs(project)
    config_path = project.write_config_file()
    age_inputs(project)
    assert main(["-c", str(config_path), "build"]) == 0
    first = capsys.readouterr()
    warned = [line for line in first.err.splitlines() if line.startswith("warning:") and "slug" in line]
    assert warned and "Nothing changed" not in first.out
    assert main(["-c", str(config_path), "build"]) == 0
    second = capsys.readouterr()
    # The count is the build summary's: every warning line told, the setup's (the config's own) included.
    told = [line for line in second.err.splitlines() if line.startswith(("warning:", "skipped:"))]
    assert len(told) == 2 and "Nothing changed" in second.out and "(2 warnings, shown above)" in second.out
    assert all(line in second.err.splitlines() for line in warned)
    summary = next(line for line in first.out.splitlines() if line.startswith("Built "))
    assert "2 warnings" in summary


def test_a_build_with_nothing_to_do_loads_no_parser_renderer_or_stage(project):
    """The fast path's cost is mostly Python's imports: it looks at files, so it loads none of the stages."""
    import subprocess
    import sys
    built(project)
    config_path = project.write_config_file()
    age_inputs(project)
    assert main(["-c", str(config_path), "build"]) == 0   # records the state for this config file
    script = ("import sys; from newsdigest.cli import main; status = main(['-c', sys.argv[1], 'build']); "
              "print(status, sorted(m for m in sys.modules if m in sys.argv[2:]))")
    heavy = ["markdown_it", "jinja2", "dateutil", "numpy", "newsdigest.article", "newsdigest.content",
             "newsdigest.build", "newsdigest.site_model", "newsdigest.render"]
    done = subprocess.run([sys.executable, "-c", script, str(config_path), *heavy], capture_output=True, text=True,
                          check=True)
    assert "Nothing changed" in done.stdout
    assert done.stdout.splitlines()[-1] == "0 []"


def test_input_state_reads_each_content_folder_once_and_nothing_outside(project, tmp_path, monkeypatch):
    """Symlinked folders that lead back up (`d/up -> ..`) or out of content/ are never walked again and again:
    two such links made the unfixed walk take 2**40 steps, so `build` hung where `check` passed."""
    project.add("a", title="Tariff A")
    (project.content / "d").mkdir()
    (project.content / "d" / "up").symlink_to("..")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.md").write_text("x")
    (project.content / "away").symlink_to(outside)
    seen = []
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda path, *a, **k: seen.append(str(path)) or real_stat(path, *a, **k))
    input_state(project.config, OPTIONS)
    content_stats = [path for path in seen if path.startswith(str(project.content))]
    assert [path for path in content_stats if path.endswith("a.md")] == [str(project.content / "a.md")]
    assert not [path for path in content_stats if "secret" in path]


def test_a_build_that_cannot_remember_itself_still_succeeds(project, capsys, monkeypatch):
    """In a read-only project (a container's mount, output elsewhere) every build wrote the site and then failed
    with exit status 1: the no-change marker, which only saves the next build time, could not be written."""
    import errno

    from newsdigest import build_state

    def read_only(path, data):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    project.add("a", title="Tariff A")
    config_path = project.write_config_file()
    age_inputs(project)
    monkeypatch.setattr(build_state, "atomic_write", read_only)
    assert main(["-c", str(config_path), "build"]) == 0
    captured = capsys.readouterr()
    assert "Built 1 article" in captured.out
    assert "warning: this build could not be remembered, so the next one runs in full" in captured.err
    assert "Read-only file system" in captured.err and (project.output / "index.html").exists()
    # a warning like any other: counted in the summary, and --strict fails on it
    project.add("a", title="Tariff A, again")
    age_inputs(project)
    assert main(["-c", str(config_path), "build", "--strict"]) == 1
    captured = capsys.readouterr()
    assert "could not be remembered" in captured.err and "1 warning" in captured.out + captured.err


def test_strict_fails_a_build_that_warned_also_when_nothing_changed(project, capsys):
    """For CI: a site built with base_url still on this machine deployed with every page's styles broken, the
    warning unread in the log. --strict makes any warning the build's failure, the no-change build's too."""
    project.add("a", title="Tariff A")
    project.settings["base_url"] = "http://127.0.0.1:8000/"
    config_path = project.write_config_file()
    age_inputs(project)
    assert main(["-c", str(config_path), "build", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "base_url is http://127.0.0.1:8000/" in err and "--strict makes a warning fail the build" in err
    assert (project.output / "index.html").exists()
    assert main(["-c", str(config_path), "build", "--strict"]) == 1     # nothing changed: the same warning
    assert main(["-c", str(config_path), "build"]) == 0
    assert main(["-c", str(config_path), "build", "--strict", "--base-url", "https://news.example.org/"]) == 0
