"""What faults while writing leave behind: a full disk, a read-only or forbidden folder, `kill -9` half-way,
`--force` into someone else's folder. Whatever happens, the next good build leaves exactly a clean build's
files, never a stale page, a temporary file or a file it does not track, and files newsdigest did not
create are never overwritten or deleted."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsdigest.build import SiteBuilder, build
from newsdigest.cli import main
from newsdigest.config import BUILTIN_THEMES_DIR
from newsdigest.problems import NewsdigestError
from newsdigest.split_build import can_split, site_shares
from newsdigest.journal import JOURNAL_NAME, MANIFEST_NAME, writing_into
from newsdigest.output import write_output
from newsdigest.output_check import check_output_dir

REPO = Path(__file__).resolve().parents[2]
needs_proc = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(),
                                reason="needs /proc to tell which file a write is for")


def base_site(project, extra: int = 0) -> None:
    """Five articles, and `extra` more on days of their own (each brings its own article, day and listing pages)."""
    project.settings["search"] = {"enabled": False}  # Pagefind adds time, not cases
    for n in range(5):
        project.add(f"base{n}", title=f"Tariff talks {n}", date=f"2026-01-{10 + n:02d}T09:15:00+09:00")
    for n in range(extra):
        project.add(f"extra{n}", title=f"Summit extra {n}", tags=[f"extra tag {n}"],
                    date=f"2026-02-{1 + n % 28:02d}T{8 + n // 28:02d}:00:00+09:00")


def remove_extra(project) -> None:
    for path in project.content.glob("extra*.md"):
        path.unlink()


def tree(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def assert_like_a_clean_build(project, tmp_path) -> None:
    """output/ holds exactly what a clean build makes, every file tracked, nothing temporary or journaled."""
    clean = tmp_path / "clean"
    build(project.config, output_dir=clean)
    output = tree(project.output)
    assert output == tree(clean), "stale or stray files after a good build"
    manifest = json.loads((project.output / MANIFEST_NAME).read_text())
    assert set(manifest) == output - {MANIFEST_NAME}, "files the manifest does not track"
    assert not [name for name in output if name.endswith(".tmp")]
    assert JOURNAL_NAME not in output


def fill_disk_after(monkeypatch, output: Path, files: int) -> None:
    """Every write into `output` fails with ENOSPC once `files` temporary files have been written there."""
    real_write = os.write
    inside = str(output.resolve()) + os.sep
    started: set[str] = set()

    def write(handle, data):
        try:
            path = os.readlink(f"/proc/self/fd/{handle}")
        except OSError:
            return real_write(handle, data)
        if path.startswith(inside):
            if path.endswith(".tmp"):
                started.add(path)
            if len(started) > files:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(handle, data)

    monkeypatch.setattr(os, "write", write)


@needs_proc
def test_a_full_disk_while_rendering_is_one_line_and_leaves_the_output_as_it_was(project, tmp_path, monkeypatch,
                                                                                 capsys):
    """Pages are staged on disk as they render (newsdigest.staged_output): a disk that fills up then stops the
    build before any page is put in place, so readers never see a half-built site."""
    base_site(project)
    config_path = project.write_config_file()
    assert main(["-c", str(config_path), "build"]) == 0
    before = {name: (project.output / name).read_bytes() for name in tree(project.output)}
    base_site(project, extra=30)
    config_path = project.write_config_file()
    with monkeypatch.context() as patch:
        fill_disk_after(patch, project.output, files=40)
        capsys.readouterr()
        assert main(["-c", str(config_path), "build"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("error: ") and err.rstrip().endswith(": No space left on device")
    assert str(project.output.resolve()) in err or "output/" in err  # names the file it was writing
    after = tree(project.output) - {JOURNAL_NAME}
    assert {name: (project.output / name).read_bytes() for name in after} == before
    assert main(["-c", str(config_path), "build"]) == 0
    remove_extra(project)
    assert main(["-c", str(config_path), "build"]) == 0
    assert_like_a_clean_build(project, tmp_path)


@needs_proc
def test_a_full_disk_in_one_process_of_a_split_build_leaves_the_output_as_it_was(project, tmp_path, monkeypatch):
    """The render child put its share in place while the build's own process was still writing its share to disk:
    a full disk there left the site half old, half new, and the journal of the child's files was dropped."""
    base_site(project, extra=6)
    build(project.config)
    before = {name: (project.output / name).read_bytes() for name in tree(project.output)}
    project.settings["title"] = "A new title on every page"
    parent, real_write = os.getpid(), os.write
    inside = str(project.output.resolve()) + os.sep

    def write(handle, data):   # the build's own process only: the child writes its share while it renders
        if os.getpid() == parent:
            try:
                path = os.readlink(f"/proc/self/fd/{handle}")
            except OSError:
                path = ""
            if path.startswith(inside) and path.endswith(".tmp"):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(handle, data)

    with monkeypatch.context() as patch:
        patch.setattr(os, "write", write)
        with pytest.raises(OSError) as failed:
            SiteBuilder(project.config, reuse=False, split=True).build()
    assert failed.value.errno == errno.ENOSPC
    assert {name: (project.output / name).read_bytes() for name in tree(project.output) - {JOURNAL_NAME}} == before
    build(project.config)
    assert_like_a_clean_build(project, tmp_path)


def test_a_failure_while_putting_pages_in_place_is_cleaned_up_by_the_next_build(project, tmp_path, monkeypatch):
    """A rename that fails half-way through the write leaves some new pages in place: the journal lists them,
    and the next good build removes those it does not make."""
    base_site(project)
    build(project.config)
    base_site(project, extra=30)
    real_replace, renamed = os.replace, []

    def replace(source, target, *args, **kwargs):
        if str(target).startswith(str(project.output.resolve())) and "extra" in str(target):
            renamed.append(target)
            if len(renamed) > 10:
                raise OSError(errno.EIO, os.strerror(errno.EIO), str(target))
        return real_replace(source, target, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", replace)
        with pytest.raises(OSError):
            build(project.config)
    wrote = [name for name in tree(project.output) if "summit-extra" in name]
    assert wrote, "the failed build should have put some new pages in place"
    assert not [name for name in tree(project.output) if name.endswith(".tmp")]
    remove_extra(project)
    build(project.config)
    assert_like_a_clean_build(project, tmp_path)


@needs_proc
def test_a_first_build_that_failed_does_not_make_the_next_refuse_its_folder(project, tmp_path, monkeypatch):
    base_site(project, extra=10)
    with monkeypatch.context() as patch:
        fill_disk_after(patch, project.output, files=15)
        with pytest.raises(OSError) as failed:
            build(project.config)
    assert failed.value.errno == errno.ENOSPC and Path(failed.value.filename).is_relative_to(project.output)
    assert not (project.output / MANIFEST_NAME).exists() and not tree(project.output)  # staged pages removed
    remove_extra(project)
    build(project.config)  # no --force: the journal shows the files are newsdigest's own
    assert_like_a_clean_build(project, tmp_path)


@pytest.fixture
def ctrl_c_raises():
    """Ctrl-C raises KeyboardInterrupt, as in a terminal: a test run started in the background by a shell without
    job control inherits SIGINT ignored, and the build rightly leaves an ignored signal alone."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_ctrl_c_while_pages_are_put_in_place_lets_the_write_finish_then_stops(project, tmp_path, monkeypatch,
                                                                             ctrl_c_raises):
    """Ctrl-C (a real SIGINT) half-way through the renames stopped the build there: readers got some pages of
    the new site beside the old, and every file not yet renamed stayed as a temporary file. The renames now
    finish first; then the build stops, with exit status 130, before the search index."""
    base_site(project)
    config_path = project.write_config_file()
    assert main(["-c", str(config_path), "build"]) == 0
    project.settings["title"] = "A new title on every page"
    config_path = project.write_config_file()
    real_replace, renamed = os.replace, []

    def replace(source, target, *args, **kwargs):
        if str(target).startswith(str(project.output.resolve())):
            renamed.append(target)
            if len(renamed) == 5:
                os.kill(os.getpid(), signal.SIGINT)  # as a terminal's Ctrl-C sends it
        return real_replace(source, target, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", replace)
        assert main(["-c", str(config_path), "build"]) == 130
    assert len(renamed) > 5
    pages = [name for name in tree(project.output) if name.endswith(".html")]
    assert pages and all("A new title on every page" in (project.output / name).read_text() for name in pages)
    assert not [name for name in tree(project.output) if name.endswith(".tmp")]
    assert main(["-c", str(config_path), "build"]) == 0
    assert_like_a_clean_build(project, tmp_path)


SIGTERM_MIDWAY = """
import os, signal, sys
from newsdigest.cli import main
real_replace, renamed = os.replace, []
def replace(source, target, *args, **kwargs):
    if str(target).startswith(sys.argv[2]):
        renamed.append(target)
        if len(renamed) == 5:
            os.kill(os.getpid(), signal.SIGTERM)   # as timeout, systemd or docker stop send it
    return real_replace(source, target, *args, **kwargs)
os.replace = replace
sys.exit(main(["-c", sys.argv[1], "build"]))
"""


def test_sigterm_while_pages_are_put_in_place_lets_the_write_finish_then_ends_the_build(project, tmp_path):
    """Only Ctrl-C was held back while the files are renamed into place: SIGTERM there left the site half old,
    half new, and the files not yet renamed as temporary files."""
    base_site(project)
    config_path = project.write_config_file()
    assert main(["-c", str(config_path), "build"]) == 0
    project.settings["title"] = "A new title on every page"
    config_path = project.write_config_file()
    done = subprocess.run([sys.executable, "-c", SIGTERM_MIDWAY, str(config_path), str(project.output.resolve())],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 130 and "Stopped:" in done.stderr, done.stderr   # ended as Ctrl-C ends it
    pages = [name for name in tree(project.output) if name.endswith(".html")]
    assert pages and all("A new title on every page" in (project.output / name).read_text() for name in pages)
    assert not [name for name in tree(project.output) if name.endswith(".tmp")]
    assert main(["-c", str(config_path), "build"]) == 0
    assert_like_a_clean_build(project, tmp_path)


def test_ctrl_c_reaching_both_processes_of_a_split_build_while_they_write_stops_neither_half_way(
        project, tmp_path, monkeypatch, ctrl_c_raises):
    """A terminal sends Ctrl-C to the render child too: stopped half-way through its renames, it left its share
    half old, half new. It leaves SIGINT to the parent, which stops the build once both have written."""
    base_site(project, extra=6)
    build(project.config)
    project.settings["title"] = "A new title on every page"
    parent, real_replace, renamed = os.getpid(), os.replace, []

    def replace(source, target, *args, **kwargs):
        if str(target).startswith(str(project.output.resolve())):
            renamed.append(target)   # (each process counts its own)
            if len(renamed) == 5:
                os.kill(os.getpid(), signal.SIGINT)
        return real_replace(source, target, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", replace)
        with pytest.raises(KeyboardInterrupt):
            SiteBuilder(project.config, reuse=False, split=True).build()
    assert os.getpid() == parent
    pages = [name for name in tree(project.output) if name.endswith(".html")]
    assert pages and all("A new title on every page" in (project.output / name).read_text() for name in pages)
    assert not [name for name in tree(project.output) if name.endswith(".tmp")]
    build(project.config)
    assert_like_a_clean_build(project, tmp_path)


def test_permission_denied_or_read_only_while_writing_is_one_line_naming_the_file(project, monkeypatch, capsys):
    base_site(project)
    config_path = project.write_config_file()
    inside = str(project.output) + os.sep
    real_open = os.open
    for code in (errno.EACCES, errno.EROFS):
        def refuse(path, flags, *args, **kwargs):
            if os.fspath(path).startswith(inside) and os.fspath(path).endswith(".tmp"):
                raise OSError(code, os.strerror(code), os.fspath(path))
            return real_open(path, flags, *args, **kwargs)

        with monkeypatch.context() as patch:
            patch.setattr(os, "open", refuse)
            capsys.readouterr()
            assert main(["-c", str(config_path), "build"]) == 1
            err = capsys.readouterr().err
            assert err.count("\n") == 1 and err.startswith("error: ") and err.rstrip().endswith(os.strerror(code))
            assert ".tmp" not in err and "index.html" in err  # the page, not its temporary name
            with pytest.raises(OSError):  # --debug shows the traceback
                main(["-c", str(config_path), "--debug", "build"])


def test_a_read_only_output_folder_is_refused_before_rendering(project, monkeypatch, capsys):
    base_site(project)
    config_path = project.write_config_file()
    project.output.mkdir()
    output = str(project.output)
    real_access, real_statvfs = os.access, os.statvfs
    # Tests run as root, which may write anywhere: the file system's answers are faked instead.
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if os.fspath(path) == output
                        else real_access(path, mode, **kw))

    class ReadOnly:
        f_flag = os.ST_RDONLY

    monkeypatch.setattr(os, "statvfs", lambda path: ReadOnly() if os.fspath(path) == output else real_statvfs(path))
    assert main(["-c", str(config_path), "build"]) == 1
    err = capsys.readouterr().err
    assert "cannot write into this output folder: read-only file system" in err and "Traceback" not in err
    assert not tree(project.output)


KILLER = """
import os, signal, sys, time
output, after, mode, config = os.path.realpath(sys.argv[1]) + os.sep, int(sys.argv[2]), sys.argv[3], sys.argv[4]
parent, real_replace, renamed = os.getpid(), os.replace, 0

def parent_started_writing():
    try:
        with open(output + ".newsdigest-journal") as journal:
            return f"[{parent}," in journal.read()
    except OSError:
        return False

def replace(src, dst, **kwargs):
    # kill -9 the whole build (render child included) with a page written but not yet renamed into place;
    # a split build is killed by its child, once both processes are writing
    global renamed
    if os.fspath(dst).startswith(output) and not os.fspath(dst).endswith("manifest.json"):
        renamed += 1
        if renamed > after and (mode == "cli" or os.getpid() != parent):
            deadline = time.monotonic() + 30
            while mode == "split" and not parent_started_writing() and time.monotonic() < deadline:
                time.sleep(0.01)
            os.killpg(os.getpgrp(), signal.SIGKILL)
    return real_replace(src, dst, **kwargs)

os.replace = replace
if mode == "cli":
    from newsdigest.cli import main
    sys.exit(main(["-c", config, "build"]))
from newsdigest.build import SiteBuilder
from newsdigest.config import load_config
SiteBuilder(load_config(config), reuse=False, split=True).build()
"""


@pytest.mark.parametrize("mode", ["cli", "split"])
def test_kill_9_while_writing_then_revert_leaves_no_stale_page_and_no_temp_file(project, tmp_path, mode):
    if mode == "split" and not can_split(1, 1):
        pytest.skip("a split build needs Linux, two cores and a single thread")
    base_site(project)
    build(project.config)
    base_site(project, extra=30)
    config_path = project.write_config_file()
    script = tmp_path / "killer.py"
    script.write_text(KILLER)
    killed = subprocess.run([sys.executable, str(script), str(project.output), "20", mode, str(config_path)],
                            start_new_session=True, capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    left = tree(project.output)
    assert [name for name in left if name.endswith(".tmp")], "the kill should leave a temporary file"
    assert [name for name in left if "summit-extra" in name], "the killed build should have written new pages"
    if mode == "split":  # both processes listed their files
        pids = {json.loads(line)[0] for line in (project.output / JOURNAL_NAME).read_text().splitlines() if line}
        assert len(pids) == 2
    remove_extra(project)
    build(project.config)
    assert_like_a_clean_build(project, tmp_path)


def test_only_temporary_files_of_killed_builds_are_removed(project, tmp_path):
    output = tmp_path / "out"
    write_output(output, {"index.html": b"one", "a/index.html": b"a"})
    (output / JOURNAL_NAME).write_text(json.dumps([99999999, "b/index.html"]) + "\n")  # a killed build's
    (output / "b").mkdir()
    (output / "b" / ".index.html.99999999.tmp").write_text("half")
    (output / f".{MANIFEST_NAME}.99999999.tmp").write_text("{")
    (output / ".notes.txt.5.tmp").write_text("someone else's")   # looks alike, but no journal names it
    write_output(output, {"index.html": b"two"})
    assert tree(output) == {"index.html", MANIFEST_NAME, ".notes.txt.5.tmp"}


def test_one_build_writes_into_a_folder_at_a_time(tmp_path):
    output = tmp_path / "out"
    write_output(output, {"index.html": b"one"})
    with writing_into(output):
        with pytest.raises(NewsdigestError, match="another newsdigest build is writing"):
            write_output(output, {"index.html": b"two"})
    assert (output / "index.html").read_bytes() == b"one"
    write_output(output, {"index.html": b"two"})
    assert (output / "index.html").read_bytes() == b"two"


# -- --force and the folders a build may use --------------------------------------------------------------

@pytest.mark.parametrize("where", ["/usr", "/usr/share/newsdigest-site", "/usr/local/www", "/etc", "/etc/site",
                                   "/bin", "/sbin/x", "/lib/x", "/lib64", "/boot", "/dev", "/proc", "/sys/x", "/run",
                                   "/var", "/var/lib/site", "/var/log", "/opt", "/srv", "/home", "/root", "/tmp",
                                   "/mnt", "/media", "/dev/shm", "/dev/sda1"])
def test_system_folders_are_refused_even_with_force(project, where):
    base_site(project)
    with pytest.raises(NewsdigestError, match="refusing to use this output folder: it is a system folder"):
        check_output_dir(project.config, Path(where), force=True)


@pytest.mark.parametrize("where", ["/var/www/newsdigest-test-site", "/srv/newsdigest-test-site",
                                   "/opt/newsdigest-test-site", "/tmp/newsdigest-test-site",
                                   "/dev/shm/newsdigest-test-site"])
def test_web_and_scratch_folders_are_allowed(project, where):
    base_site(project)
    check_output_dir(project.config, Path(where), force=True)
    assert not Path(where).exists()


def test_a_project_inside_a_system_tree_builds_into_its_own_output(project):
    project.root = Path("/usr/src/app")  # a Docker image's usual working folder; nothing is written here
    check_output_dir(project.config, Path("/usr/src/app/output"))
    with pytest.raises(NewsdigestError, match="system folder"):
        check_output_dir(project.config, Path("/usr/src/elsewhere"), force=True)


def test_build_into_usr_with_force_is_refused_before_anything_is_written(project, monkeypatch, capsys):
    base_site(project)
    config_path = project.write_config_file()

    def never(*args, **kwargs):
        raise AssertionError("the build tried to write into /usr")

    monkeypatch.setattr("newsdigest.output.atomic_write", never)
    monkeypatch.setattr("newsdigest.output.write_files", never)
    monkeypatch.setattr("newsdigest.staged_output.write_temp_file", never)
    before = sorted(os.listdir("/usr"))
    assert main(["-c", str(config_path), "build", "-o", "/usr", "--force"]) == 1
    assert "refusing to use this output folder: it is a system folder" in capsys.readouterr().err
    assert sorted(os.listdir("/usr")) == before


def test_force_never_overwrites_a_file_it_did_not_create(project):
    base_site(project)
    project.output.mkdir()
    (project.output / "index.html").write_text("my own home page")
    (project.output / "notes.txt").write_text("mine")
    with pytest.raises(NewsdigestError, match=r"1 file newsdigest did not create would be overwritten: index\.html"):
        build(project.config, force=True)
    assert tree(project.output) == {"index.html", "notes.txt"}  # nothing was written
    assert (project.output / "index.html").read_text() == "my own home page"
    (project.output / "index.html").unlink()
    build(project.config, force=True)
    (project.content / "base0.md").unlink()
    build(project.config)
    assert (project.output / "notes.txt").read_text() == "mine"  # never deleted either


def test_a_file_added_by_hand_where_a_new_page_goes_is_never_overwritten(project):
    base_site(project)
    build(project.config)
    page = project.output / "2026/02/01/summit-extra-0/index.html"
    page.parent.mkdir(parents=True)
    page.write_text("hand-made")
    before = {name: (project.output / name).read_bytes() for name in tree(project.output)}
    base_site(project, extra=1)
    with pytest.raises(NewsdigestError, match="summit-extra-0/index.html"):
        build(project.config)
    assert {name: (project.output / name).read_bytes() for name in tree(project.output)} == before


def test_a_split_build_checks_both_shares_before_either_writes(project):
    if not can_split(1, 1):
        pytest.skip("a split build needs Linux, two cores and a single thread")
    base_site(project, extra=30)
    site = SiteBuilder(project.config, reuse=False, split=False).build().site
    shutil.rmtree(project.output)
    _, child_pages = site_shares(site)
    foreign = project.output / child_pages[-1].output_path
    foreign.parent.mkdir(parents=True)
    foreign.write_text("not newsdigest's")
    with pytest.raises(NewsdigestError, match="did not create would be overwritten"):
        SiteBuilder(project.config, reuse=False, split=True, force=True).build()
    assert tree(project.output) == {child_pages[-1].output_path}


@pytest.mark.parametrize("inside", ["theme static", "fallback theme", "content", "inbox"])
def test_an_output_folder_inside_what_the_build_reads_is_refused(project, tmp_path, inside):
    base_site(project)
    themes = tmp_path / "themes"
    shutil.copytree(BUILTIN_THEMES_DIR / "default", themes / "default")
    (themes / "plain").mkdir()
    project.settings.update(themes_dir=str(themes), theme="plain", inbox_dir="inbox")
    output = {"theme static": themes / "plain" / "static" / "site",
              "fallback theme": themes / "default" / "static" / "o",
              "content": project.content / "site", "inbox": project.root / "inbox" / "out"}[inside]
    project.settings["output_dir"] = str(output)
    with pytest.raises(NewsdigestError, match="refusing to use this output folder: it is inside"):
        build(project.config, force=True)
    assert not output.exists()


@pytest.mark.parametrize("where", [".newsdigest-cache", ".newsdigest-cache/site"])
def test_the_build_cache_folder_is_no_output_folder(project, where):
    # (the build keeps its state and the copies of hand-edited output files there: a build's stale-file removal
    # and its cache would each take the other's files for their own)
    base_site(project)
    project.settings["output_dir"] = str(project.root / where)
    with pytest.raises(NewsdigestError, match="refusing to use this output folder: it is"):
        build(project.config, force=True)
    assert not (project.root / where / "index.html").exists()


def test_an_output_path_that_is_a_file_is_refused(project):
    base_site(project)
    config_path = project.write_config_file()
    project.settings["output_dir"] = str(config_path)
    with pytest.raises(NewsdigestError, match="is a file"):
        build(project.config, force=True)


# -- ingest's temporary files in content/ -----------------------------------------------------------------

def test_ingest_removes_the_temporary_files_of_killed_ingests_only(project, capsys):
    base_site(project)
    config_path = project.write_config_file()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)
    folder = project.content / "2026" / "01"
    folder.mkdir(parents=True)
    stray = folder / f".a.md.{dead_pid}-abcd_123.tmp"
    live = folder / f".b.md.{os.getpid()}-abcd_123.tmp"     # an ingest still writing
    old = folder / ".c.md.k2j3h4g5.tmp"                       # an older ingest's name, long abandoned
    fresh = folder / ".d.md.k2j3h4g5.tmp"                     # the same, but it may still be written
    mine = folder / ".notes.tmp"
    for path in (stray, live, old, fresh, mine):
        path.write_text("partial")
    hours_ago = time.time() - 7200
    os.utime(old, (hours_ago, hours_ago))
    os.utime(mine, (hours_ago, hours_ago))
    page = REPO / "devset" / "caspian_bulletin_grain.raw.txt"
    assert main(["-c", str(config_path), "ingest", "--dry-run", str(page)]) == 0
    assert stray.exists() and old.exists()     # a dry run changes nothing, strays included
    assert main(["-c", str(config_path), "ingest", str(page)]) == 0
    assert not stray.exists() and not old.exists()
    assert live.exists() and fresh.exists() and mine.exists()
    written = [path for path in project.content.rglob("*.md") if not path.name.startswith("base")]
    assert written and not [p for p in project.content.rglob("*.tmp") if p not in (live, fresh, mine)]
