"""StagedFiles: a one-shot build's rendered files go to disk as they come, and into place only at the commit."""

from __future__ import annotations

import hashlib
import os

import pytest

from newsdigest.caches import KEPT
from newsdigest.journal import JOURNAL_NAME, read_journal, writing_into
from newsdigest.output import write_output
from newsdigest.problems import NewsdigestError
from newsdigest.staged_output import StagedFiles


def visible(folder):
    """Files a reader of the folder sees: no temporary files, no journal."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and not p.name.endswith(".tmp") and p.name != JOURNAL_NAME}


def temporary(folder):
    return [p for p in folder.rglob("*.tmp")]


def test_pages_are_held_only_until_a_few_megabytes_gather_then_wait_on_disk_until_the_commit(tmp_path):
    out = tmp_path / "output"
    pages = {f"2026/01/{n:02d}/index.html": bytes([65 + n % 26]) * 100_000 for n in range(1, 31)}
    with writing_into(out):
        staged = StagedFiles(out, {}, flush_bytes=250_000)
        for path, data in pages.items():
            staged[path] = data
            assert staged._pending_bytes < 250_000          # the rest is on disk, not in memory
        assert visible(out) == {}                            # nothing in place before the commit
        assert len(temporary(out)) >= 27
        assert {relative for _, relative, _ in read_journal(out)} <= set(pages)  # journalled before written
        assert staged["2026/01/05/index.html"] == pages["2026/01/05/index.html"]  # read back from disk
        report = staged.commit()
    assert visible(out) == pages and not temporary(out)
    assert report.written == 30 and report.unchanged == 0
    assert report.manifest["2026/01/07/index.html"].digest == hashlib.sha1(pages["2026/01/07/index.html"]).hexdigest()


def test_files_output_already_holds_are_noted_not_written_and_kept_pages_are_handed_back(tmp_path):
    out = tmp_path / "output"
    previous = write_output(out, {"a.html": b"same", "b.html": b"old"}).manifest
    stamp = os.stat(out / "a.html").st_mtime_ns
    with writing_into(out):
        staged = StagedFiles(out, previous)
        staged["a.html"], staged["b.html"], staged["c.html"] = b"same", b"new", KEPT
        assert staged.kept() == ["c.html"] and "c.html" not in staged
        report = staged.commit()
    assert (report.written, report.unchanged) == (1, 1)
    assert os.stat(out / "a.html").st_mtime_ns == stamp and (out / "b.html").read_bytes() == b"new"


def test_a_file_set_again_before_it_was_written_is_written_once_with_its_last_bytes(tmp_path):
    # (the path was listed twice for the next flush, which wrote it and then failed with a KeyError)
    out = tmp_path / "output"
    with writing_into(out):
        staged = StagedFiles(out, {})
        staged["static/feed.xml"] = b"<rss/>"
        staged["static/feed.xml"] = b"theme file"
        report = staged.commit()
    assert visible(out) == {"static/feed.xml": b"theme file"} and not temporary(out)
    assert report.written == 1


def test_leaving_before_the_commit_leaves_the_folder_as_it_was(tmp_path):
    out = tmp_path / "output"
    previous = write_output(out, {"index.html": b"old home"}).manifest
    before = visible(out)
    with writing_into(out):
        with StagedFiles(out, previous, flush_bytes=1) as staged:
            staged["index.html"] = b"new home"
            staged["new/deep/page.html"] = b"x" * 10
            staged["other.html"] = b"y"
            assert temporary(out)
    assert visible(out) == before and not temporary(out)
    assert not (out / "new").exists()                       # folders made for staging go too
    assert not (out / JOURNAL_NAME).exists()                 # nothing was put in place: no journal left


def test_a_file_where_a_folder_must_be_is_named_and_the_folder_left_as_it_was(tmp_path):
    # the clean-up of the temporary file failed as well ("Not a directory") and its error, naming the temporary
    # file, replaced the write's, and stopped the clean-up of the other staged files
    out = tmp_path / "output"
    previous = write_output(out, {"index.html": b"old home", "tags/trams/index.html": b"trams"}).manifest
    (out / "tags" / "trams" / "index.html").unlink()
    (out / "tags" / "trams").rmdir()
    (out / "tags" / "trams").write_text("hi", encoding="utf-8")
    before = visible(out)
    with writing_into(out):
        with pytest.raises(OSError) as raised:
            with StagedFiles(out, previous, flush_bytes=1) as staged:
                staged["index.html"] = b"new home"
                staged["tags/trams/index.html"] = b"new trams"
    assert raised.value.filename == str(out / "tags" / "trams" / "index.html")
    assert raised.value.strerror == f"{out / 'tags' / 'trams'} is a file where a folder must be"
    assert visible(out) == before and not temporary(out)


def test_a_folder_where_a_file_must_be_stops_the_commit_before_anything_is_in_place(tmp_path):
    """Two files of one build where one needs a folder of the other's name: the rename of the file failed in the
    middle of the commit ("Is a directory"), the files before it already in place. (A folder newsdigest did not
    make is someone else's, refused before as well.)"""
    out = tmp_path / "output"
    previous = write_output(out, {"a/index.html": b"old a", "index.html": b"old home"}).manifest
    before = visible(out)
    with writing_into(out):
        with pytest.raises(OSError) as raised:
            with StagedFiles(out, previous) as staged:
                staged["a/index.html"] = b"new a"
                staged["index.html"] = b"new home"
                staged["z.html"] = b"redirect"
                staged["z.html/b/index.html"] = b"another redirect"
                staged.commit()
    assert raised.value.filename == str(out / "z.html") and "folder" in raised.value.strerror
    assert visible(out) == before and not temporary(out)


def test_ctrl_c_while_a_file_is_being_staged_leaves_no_temporary_file(tmp_path, monkeypatch):
    """Ctrl-C between the temporary file's creation and its last byte left that file behind, and the journal
    that would let the next build find it went with the block: an empty `.index.html.PID.tmp` for good."""
    from newsdigest import fileio

    out = tmp_path / "output"
    previous = write_output(out, {"index.html": b"old home"}).manifest
    before = visible(out)

    def interrupted(handle, data):
        raise KeyboardInterrupt

    with writing_into(out):
        with pytest.raises(KeyboardInterrupt):
            with StagedFiles(out, previous, flush_bytes=1) as staged:
                staged["a.html"] = b"first"
                monkeypatch.setattr(fileio, "write_all", interrupted)
                staged["new/page.html"] = b"second"
    assert visible(out) == before and not temporary(out)
    assert not (out / "new").exists() and not (out / JOURNAL_NAME).exists()


def test_someone_elses_file_stops_the_commit_before_anything_is_in_place(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with writing_into(out):
        staged = StagedFiles(out, {}, flush_bytes=1)
        staged["index.html"] = b"home"
        staged["notes.txt"] = b"ours?"
        with pytest.raises(NewsdigestError, match="did not create would be overwritten: notes.txt"):
            staged.commit()
    assert visible(out) == {"notes.txt": b"mine"} and not temporary(out)


def test_someone_elses_file_stays_listed_so_a_split_build_checks_it_before_either_process_writes(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    (out / "feed.xml").write_text("mine")
    with writing_into(out):
        staged = StagedFiles(out, {})
        staged["feed.xml"] = b"<rss/>"
        assert "feed.xml" in staged and staged["feed.xml"] == b"<rss/>"
        staged.discard()
    assert (out / "feed.xml").read_text() == "mine"


def test_a_read_only_folder_is_named_by_the_page_and_its_clean_up_raises_nothing(tmp_path, monkeypatch):
    """On a read-only folder the clean-up's unlink failed too (EROFS), and its traceback came first."""
    import errno
    from pathlib import Path

    import newsdigest.staged_output as staged_output

    out = tmp_path / "output"
    previous = write_output(out, {"index.html": b"old home", "tags/trams/index.html": b"trams"}).manifest
    before = visible(out)
    real_write, real_unlink = staged_output.write_temp_file, Path.unlink

    def write(temp, data):
        if "tags" in Path(temp).parts:
            raise OSError(errno.EROFS, "Read-only file system", str(temp))
        real_write(temp, data)

    def unlink(path, missing_ok=False):
        if "tags" in path.parts:
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        real_unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(staged_output, "write_temp_file", write)
    monkeypatch.setattr(Path, "unlink", unlink)
    with writing_into(out):
        with pytest.raises(OSError) as raised:
            with StagedFiles(out, previous, flush_bytes=1) as staged:
                staged["index.html"] = b"new home"
                staged["tags/trams/index.html"] = b"new trams"
    assert raised.value.filename == str(out / "tags" / "trams" / "index.html")
    assert raised.value.strerror == "Read-only file system"
    monkeypatch.undo()
    assert visible(out) == before and not temporary(out)


def test_a_path_written_with_empty_or_dot_parts_is_staged_read_back_replaced_and_put_where_its_parts_say(tmp_path):
    out = tmp_path / "output"
    with writing_into(out):
        staged = StagedFiles(out, {}, flush_bytes=1)
        staged["news//./a.html"] = b"first"
        staged["b.html"] = b"b"
        assert staged["news//./a.html"] == b"first"           # read back from its temporary file
        staged["news//./a.html"] = b"second"                   # the first temporary file goes
        assert [p.name for p in temporary(out / "news")] == [f".a.html.{os.getpid()}.tmp"]
        del staged["b.html"]
        report = staged.commit()
    assert visible(out) == {"news/a.html": b"second"} and not temporary(out)
    assert set(report.manifest) == {"news//./a.html"}
    assert report.manifest["news//./a.html"].digest == hashlib.sha1(b"second").hexdigest()


def test_what_is_kept_of_each_staged_file_until_the_commit_is_a_few_numbers_not_objects(tmp_path):
    """A million-article build stages more than two million files and keeps a record of each until the commit: as
    a tuple of the target's path, the SHA-1's hex digits, the size and the state, with each page's folder
    remembered as checked, it took about 530 bytes a file besides its relative path, most of what the build grew by
    while rendering."""
    import gc
    import tracemalloc

    out = tmp_path / "output"
    paths = [f"2026/01/{n % 28 + 1:02d}/story-number-{n}/index.html" for n in range(4000)]
    with writing_into(out):
        staged = StagedFiles(out, {}, flush_bytes=64 * 1024)
        staged["warm-up.html"] = b"x"  # the folder's own strings and the journal, made once
        staged._checked_dirs.size = 500  # as a big site's folders outnumber the folders remembered as checked
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        for number, path in enumerate(paths):
            staged[path] = b"<p>%d</p>" % number
        staged.flush()
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
        per_file = grown / len(paths) - sum(map(len, paths)) / len(paths)  # besides the paths, which callers hold too
        assert per_file < 250, f"{per_file:.0f} bytes kept a staged file"
        report = staged.commit()
    assert report.written == len(paths) + 1


def test_the_commits_manifest_makes_its_entries_when_read_and_says_what_a_written_file_holds(tmp_path):
    """A dict of ManifestEntry tuples held about 250 bytes a file besides its path (the tuple, the SHA-1 in hex
    and two integers): 0.6 GB while a million-article build put its 2.3 million files in place."""
    import gc
    import tracemalloc

    out = tmp_path / "output"
    previous = write_output(out, {"same.html": b"same", "old.html": b"old"}).manifest
    paths = [f"2026/01/{n % 28 + 1:02d}/story-number-{n}/index.html" for n in range(4000)]
    with writing_into(out):
        staged = StagedFiles(out, previous, flush_bytes=64 * 1024)
        staged["same.html"] = b"same"
        for number, path in enumerate(paths):
            staged[path] = b"<p>%d</p>" % number
        staged.flush()
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        report = staged.commit()
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
    per_file = grown / len(paths)
    assert per_file < 80, f"{per_file:.0f} bytes a file kept for the manifest"
    manifest = report.manifest
    assert len(manifest) == len(paths) + 1 and list(manifest) == sorted([*paths, "same.html"])  # in path order
    for path in (paths[0], paths[-1], "same.html"):
        stat = os.stat(out / path)
        assert tuple(manifest[path]) == (hashlib.sha1((out / path).read_bytes()).hexdigest(), stat.st_size,
                                         stat.st_mtime_ns)
    assert manifest["same.html"] == previous["same.html"]   # untouched: the time the earlier build left
    assert "old.html" not in manifest and manifest.get("old.html") is None
    manifest["pagefind/x.js"] = previous["old.html"]        # a later share's entry, set as in a dict
    manifest[paths[0]] = previous["old.html"]               # ... and one set again, which keeps its place
    assert manifest[paths[0]] == previous["old.html"] and len(manifest) == len(paths) + 2
    assert list(manifest) == [*sorted([*paths, "same.html"]), "pagefind/x.js"]
    del manifest[paths[1]], manifest["pagefind/x.js"]
    assert paths[1] not in manifest and len(manifest) == len(paths)
    with pytest.raises(KeyError):
        del manifest["old.html"]


def test_a_build_from_staged_files_writes_the_manifest_a_build_from_a_dict_writes(tmp_path):
    """The manifest file, its stale files removed and a second share added: the same as `write_output` gives."""
    import json

    from newsdigest.journal import MANIFEST_NAME
    from newsdigest.output import Output

    pages = {f"2026/01/{n:02d}/index.html": b"page %d" % n for n in range(1, 29)}
    written = {}
    for way in ("dict", "staged"):
        out = tmp_path / way
        write_output(out, {"stale.html": b"gone next", "2026/01/01/index.html": b"page 1"})
        with Output(out) as output:
            output.lock()
            if way == "dict":
                output.write(pages)
            else:
                staged = output.hold(StagedFiles(out, output.previous, flush_bytes=100))
                staged.update(pages)
                output.add(staged.commit())
            output.write({"pagefind/index.js": b"search"})
            output.finish()
        assert not (out / "stale.html").exists() and output.report.removed == 1
        manifest = json.loads((out / MANIFEST_NAME).read_bytes())
        written[way] = {path: [digest, size] for path, (digest, size, _) in manifest.items()}
        assert all(mtime == os.stat(out / path).st_mtime_ns for path, (_, _, mtime) in manifest.items())
    assert written["staged"] == written["dict"] and set(written["dict"]) == {*pages, "pagefind/index.js"}


def test_a_file_edited_while_the_build_rendered_keeps_its_place_in_the_manifest(tmp_path):
    """Its entry says its state is unknown (the next build reads it, and keeps the edit), listed where a dict of the
    entries in path order had it: the manifest file's bytes, and the digest the next build compares, the same."""
    out = tmp_path / "output"
    previous = write_output(out, {"a.html": b"a", "b.html": b"b", "c.html": b"c"}).manifest
    with writing_into(out):
        staged = StagedFiles(out, previous)
        staged.update({"a.html": b"a", "b.html": b"new b", "c.html": b"c"})
        os.utime(out / "a.html", ns=(1, 1))                  # edited since it was found unchanged
        report = staged.commit()
    assert list(report.manifest) == ["a.html", "b.html", "c.html"]
    assert report.manifest["a.html"].size == -1 and report.manifest["c.html"] == previous["c.html"]
    del report.manifest["a.html"]
    assert list(report.manifest) == ["b.html", "c.html"] and len(report.manifest) == 2
