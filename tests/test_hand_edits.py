"""Output files edited by hand since a build wrote them (newsdigest.hand_edits): whichever way a build writes over
or removes one, it first copies the edited bytes to .newsdigest-cache/edited/<time>/<path> and warns, naming both;
unedited files are never copied, nor read when their size and time are the manifest's."""

from __future__ import annotations

import errno
import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

import newsdigest.hand_edits as hand_edits
import newsdigest.split_build as split_build
from newsdigest.build import SiteBuilder, build
from newsdigest.config import CACHE_DIR_NAME
from newsdigest.cli import main
from newsdigest.hand_edits import EDITED_DIR, SHOWN_EDITS, HandEdits
from newsdigest.journal import JOURNAL_NAME, MANIFEST_NAME, writing_into
from newsdigest.output import ManifestEntry, write_output
from newsdigest.pages import PageKind
from newsdigest.problems import NewsdigestError
from newsdigest.split_build import site_shares
from newsdigest.staged_output import StagedFiles

TALKS = "2026/01/12/tariff-talks-resume/index.html"
DEAL = "2026/01/12/trade-deal-signed/index.html"
EDIT = b"<p>fixed by hand before the build came round</p>"


@pytest.fixture
def site(project):
    project.settings["search"] = {"enabled": False}  # the index is rebuilt from pages: it adds time, not cases
    # Two of these one-line reports of neighbouring events ("talks", "deal") meet at the headlines' threshold
    # (0.12): these cases are about the article pages, and a story would move with them.
    project.settings["stories"] = {"headline_threshold": 0.15}
    project.add("talks", title="Tariff talks resume", date="2026-01-12T10:00:00+09:00", tags=["Tariffs"],
                source="Seoul Wire", body="Negotiators met on the tariff schedule.")
    project.add("deal", title="Trade deal signed", date="2026-01-12T09:00:00+09:00", tags=["Tariffs"],
                source="Han River Herald", body="The tariff deal was signed after the talks.")
    for n in range(4):
        project.add(f"older{n}", title=f"Earlier tariff note {n}", date=f"2026-01-0{n + 1}T08:00:00+09:00",
                    tags=["Tariffs"], source="Pacific Ledger", body=f"Tariff note number {n}.")
    return project


def edited_folder(project) -> Path:
    return project.root / CACHE_DIR_NAME / EDITED_DIR


def copies(project) -> dict[str, bytes]:
    """Every copy of an edited file, by its path below edited/ (the build's time folder first)."""
    folder = edited_folder(project)
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()} if folder.is_dir() else {}


def edit_by_hand(project, relative: str, data: bytes = EDIT) -> bytes:
    """Write over an output file as a person would; returns what the build had written there."""
    path = project.output / relative
    before = path.read_bytes()
    path.write_bytes(data)
    return before


def assert_kept(project, result, relative: str, data: bytes = EDIT, removed: bool = False) -> Path:
    """The edited bytes of output/`relative` are in one copy below edited/<time>/, and a warning names both."""
    found = [name for name in copies(project) if name.split("/", 1)[1] == relative]
    assert len(found) == 1, (relative, list(copies(project)))
    copy = edited_folder(project) / found[0]
    assert copy.read_bytes() == data
    assert copy.resolve().is_relative_to((project.root / CACHE_DIR_NAME).resolve())
    named = [w for w in result.warnings if w.path == project.output / relative]
    assert len(named) == 1, result.warnings
    assert str(copy) in named[0].message and "edited" in named[0].message
    assert ("removed" in named[0].message) == removed
    return copy


def renames_failing(project, after: int, renamed: list):
    """os.replace that fails (EIO) once `after` files have been renamed into output/ (noted in `renamed`)."""
    real_replace = os.replace

    def replace(source, target, *args, **kwargs):
        if str(target).startswith(str(project.output.resolve())) and not str(target).endswith(MANIFEST_NAME):
            renamed.append(target)
            if len(renamed) > after:
                raise OSError(errno.EIO, os.strerror(errno.EIO), str(target))
        return real_replace(source, target, *args, **kwargs)

    return replace


def one_shot(project, **options):
    return build(project.config, **options)


def kept_builder(project):
    """A builder as the watcher keeps one: full builds through write_files, pages kept between builds."""
    builder = SiteBuilder(project.config, quick_updates=True)
    builder.build()
    return builder.build


BUILDS = {
    "one-shot": lambda project: (one_shot(project, cache=False), lambda: one_shot(project, cache=False))[1],
    "build cache": lambda project: (one_shot(project, cache=True), lambda: one_shot(project, cache=True))[1],
    "watcher's full build": kept_builder,
}


@pytest.mark.parametrize("way", list(BUILDS))
def test_a_page_edited_by_hand_is_copied_before_the_build_writes_over_it(site, way):
    rebuild = BUILDS[way](site)
    built = edit_by_hand(site, TALKS)
    result = rebuild()
    assert (site.output / TALKS).read_bytes() == built       # the build's page is back...
    assert_kept(site, result, TALKS)                          # ...and the edit is kept beside the config
    assert len(result.warnings) == 1 and len(copies(site)) == 1


def test_the_build_cache_renders_an_edited_page_again_and_keeps_the_edit(site):
    one_shot(site, cache=True)
    assert one_shot(site, cache=True).rendered == 0
    edit_by_hand(site, TALKS)
    result = one_shot(site, cache=True)
    assert result.rendered == 1
    assert_kept(site, result, TALKS)


@pytest.mark.skipif(sys.platform != "linux", reason="builds split over two processes only on Linux")
def test_a_split_build_keeps_edits_in_either_process_share(site, monkeypatch):
    started = []
    real = split_build.ChildRenderer.__init__

    def spy(self, *args, **kwargs):
        real(self, *args, **kwargs)
        started.append(self)

    monkeypatch.setattr(split_build.ChildRenderer, "__init__", spy)
    first = SiteBuilder(site.config, reuse=False, split=True).build()
    parent_pages, child_pages = site_shares(first.site)
    mine = next(page.output_path for page in parent_pages if page.kind == PageKind.ARTICLE)
    childs = next(page.output_path for page in child_pages if page.kind == PageKind.ARTICLE)
    edit_by_hand(site, mine, b"parent's share, edited")
    edit_by_hand(site, childs, b"child's share, edited")
    result = SiteBuilder(site.config, reuse=False, split=True).build()
    assert len(started) == 2 and started[1].page_count == len(child_pages)
    assert_kept(site, result, mine, b"parent's share, edited")
    assert_kept(site, result, childs, b"child's share, edited")
    copied = {name.split("/")[0] for name in copies(site)}
    assert len(copied) == 1, "both processes copy into the one folder of the build"


def test_a_quick_update_keeps_an_edit_of_a_page_it_renders_again(site):
    builder = SiteBuilder(site.config, quick_updates=True)
    builder.build()
    edit_by_hand(site, TALKS)
    article = site.content / "talks.md"
    article.write_text(article.read_text().replace("Negotiators met", "Negotiators met again"))
    result = builder.update([article])
    assert result.quick
    assert b"Negotiators met again" in (site.output / TALKS).read_bytes()
    assert_kept(site, result, TALKS)


def test_a_quick_update_that_moves_a_page_keeps_the_edit_of_the_old_one(site):
    builder = SiteBuilder(site.config, quick_updates=True)
    builder.build()
    edit_by_hand(site, TALKS)
    article = site.content / "talks.md"
    article.write_text(article.read_text().replace("Tariff talks resume", "Tariff talks resume in Seoul"))
    result = builder.update([article])
    assert result.quick and result.report.removed == 1 and not (site.output / TALKS).exists()
    assert_kept(site, result, TALKS, removed=True)


@pytest.mark.parametrize("way", list(BUILDS))
def test_an_edited_stale_page_is_copied_before_the_build_removes_it(site, way):
    rebuild = BUILDS[way](site)
    edit_by_hand(site, DEAL)
    (site.content / "deal.md").unlink()
    result = rebuild()
    assert not (site.output / DEAL).exists()
    assert_kept(site, result, DEAL, removed=True)


def test_unedited_files_are_neither_copied_nor_read(site, monkeypatch):
    reads = []
    real_read = hand_edits.read_regular_file
    monkeypatch.setattr(hand_edits, "read_regular_file", lambda path: reads.append(path) or real_read(path))
    calls = []
    real_save = HandEdits.save_if_edited
    monkeypatch.setattr(HandEdits, "save_if_edited", lambda self, *a, **k: calls.append(a[0]) or real_save(self, *a, **k))
    first = one_shot(site)
    assert not calls, "a build into an empty folder has nothing to protect, and looks at nothing"
    (site.content / "deal.md").unlink()          # a stale page, and pages that change
    site.add("new", title="New tariff note", date="2026-01-11T08:00:00+09:00", tags=["Tariffs"], source="Wire")
    result = one_shot(site)
    assert result.report.written and result.report.removed
    assert not reads and not result.warnings and not copies(site)
    # Touched, or copied back with its bytes as they were: its time is not the manifest's, its bytes are.
    index = site.output / "index.html"
    os.utime(index, ns=(index.stat().st_atime_ns, index.stat().st_mtime_ns + 10**9))
    site.add("newer", title="Newer tariff note", date="2026-01-11T09:00:00+09:00", tags=["Tariffs"], source="Wire")
    result = one_shot(site)
    assert reads == [index] and not result.warnings and not copies(site)
    assert first.warnings == []


def test_a_build_that_changes_nothing_keeps_an_edit_it_leaves_alone(site):
    """A file edited to exactly what the build writes loses nothing: no copy."""
    one_shot(site)
    built = (site.output / TALKS).read_bytes()
    os.utime(site.output / TALKS, ns=(0, 0))
    (site.output / TALKS).write_bytes(built)
    result = one_shot(site)
    assert not result.warnings and not copies(site)


def test_the_command_line_build_prints_the_warning(site, capsys, monkeypatch):
    config = site.write_config_file()
    assert main(["-c", str(config), "build"]) == 0
    edit_by_hand(site, TALKS)
    capsys.readouterr()
    monkeypatch.setattr("newsdigest.build_state.RACY_SECONDS", -1.0)  # inputs written just now are trusted
    assert main(["-c", str(config), "build"]) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if TALKS in line]
    assert len(lines) == 1 and lines[0].startswith("warning: ") and str(edited_folder(site).resolve()) in lines[0]
    assert list(copies(site).values()) == [EDIT]
    # The copy was made by that build: a build with nothing to do does not tell of it again, as if it made another.
    assert main(["-c", str(config), "build"]) == 0
    captured = capsys.readouterr()
    assert "Nothing changed" in captured.out and TALKS not in captured.err
    assert list(copies(site).values()) == [EDIT]


def test_each_build_copies_into_a_folder_of_its_own_and_never_replaces_a_copy(site, tmp_path):
    one_shot(site)
    edit_by_hand(site, TALKS, b"first edit")
    one_shot(site)
    edit_by_hand(site, TALKS, b"second edit")
    one_shot(site)
    assert sorted(copies(site).values()) == [b"first edit", b"second edit"]
    assert len({name.split("/")[0] for name in copies(site)}) == 2
    # Two builds stamped alike (the same microsecond) still keep both copies.
    same_time = datetime(2026, 1, 1, tzinfo=timezone.utc)
    target = tmp_path / "page.html"
    entry = ManifestEntry("0" * 40, 1, 1)
    for text in (b"one", b"two"):
        target.write_bytes(text)
        HandEdits(tmp_path / "cache", same_time).save_if_edited("a/page.html", target, entry)
    folder = tmp_path / "cache" / EDITED_DIR / "20260101T000000.000000Z" / "a"
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == {"page.html": b"one", "page.html.2": b"two"}


def test_an_edit_made_again_after_every_build_is_kept_and_told_once(site):
    # a site whose output is post-processed after each build (analytics put into every page): each build copied
    # every page aside again, into a new folder, and warned of each
    one_shot(site)
    built = edit_by_hand(site, TALKS, b"page with analytics")
    first = one_shot(site)
    assert_kept(site, first, TALKS, b"page with analytics")
    for _ in range(3):
        assert edit_by_hand(site, TALKS, b"page with analytics") == built
        again = one_shot(site)
        assert (site.output / TALKS).read_bytes() == built and not again.warnings
    assert list(copies(site).values()) == [b"page with analytics"]
    edit_by_hand(site, TALKS, b"page with other analytics")   # another edit is kept, as ever
    assert len(one_shot(site).warnings) == 1
    assert sorted(copies(site).values()) == [b"page with analytics", b"page with other analytics"]


def test_an_edit_back_to_an_older_copy_is_copied_and_told_again(site):
    # compared with any of the last copies, "edit A, edit B, edit A" overwrote the third edit without a word
    one_shot(site)
    for text in (b"edit A", b"edit B", b"edit A"):
        edit_by_hand(site, TALKS, text)
        assert len(one_shot(site).warnings) == 1, text
    assert sorted(copies(site).values()) == [b"edit A", b"edit A", b"edit B"]


def test_the_copies_of_a_build_that_failed_do_not_count_as_told(site, monkeypatch):
    # a build that copied an edit aside, then failed before writing over it: the next build writes over it, and
    # must copy and tell it, not take the failed build's copy for one already told
    one_shot(site)
    edit_by_hand(site, TALKS, b"edited by hand")
    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", renames_failing(site, after=0, renamed=[]))
        with pytest.raises(OSError):
            one_shot(site)
    assert (site.output / TALKS).read_bytes() == b"edited by hand"
    result = one_shot(site)
    assert [w.path for w in result.warnings] == [site.output / TALKS]


def test_many_edited_files_are_named_up_to_a_limit_then_counted(site):
    result = one_shot(site)
    pages = sorted(result.report.manifest)[:SHOWN_EDITS + 3]
    for relative in pages:
        edit_by_hand(site, relative, b"edited " + relative.encode())
    result = one_shot(site)
    assert len(copies(site)) == len(pages)
    assert len(result.warnings) == SHOWN_EDITS + 1
    assert "3 more files" in result.warnings[-1].message
    assert result.warnings[-1].path.parent == edited_folder(site).resolve()


def test_the_copy_never_goes_outside_the_cache_folder(site, tmp_path):
    one_shot(site)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (site.root / CACHE_DIR_NAME).mkdir(exist_ok=True)
    edited_folder(site).symlink_to(outside, target_is_directory=True)
    edit_by_hand(site, TALKS)
    with pytest.raises(NewsdigestError, match="symlink"):
        one_shot(site)
    assert (site.output / TALKS).read_bytes() == EDIT      # not copied: left as it was
    assert not any(outside.rglob("*"))


def test_a_copy_that_cannot_be_made_stops_the_build_before_it_writes(site, monkeypatch):
    one_shot(site)
    edit_by_hand(site, TALKS)
    real_write = hand_edits.write_all

    def full_disk(handle, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(hand_edits, "write_all", full_disk)
    (site.content / "deal.md").unlink()   # pages to write and one to remove: none is touched
    before = {path: path.read_bytes() for path in site.output.rglob("*") if path.is_file()}
    with pytest.raises(OSError) as failed:
        one_shot(site)
    assert failed.value.errno == errno.ENOSPC and EDITED_DIR in failed.value.filename
    assert {path: path.read_bytes() for path in site.output.rglob("*") if path.is_file()
            and path.name != JOURNAL_NAME} == before
    assert not copies(site)  # no half copy
    monkeypatch.setattr(hand_edits, "write_all", real_write)
    assert_kept(site, one_shot(site), TALKS)


def test_after_a_failed_build_only_real_edits_are_copied(site, monkeypatch):
    """A failed build leaves files its journal lists, some put in place and some not: the next build knows both
    versions for its own (the last good build's, and the one the journal names) and copies only an edit."""
    one_shot(site)
    for n in range(6):
        site.add(f"extra{n}", title=f"Summit extra {n}", date=f"2026-02-0{n + 1}T08:00:00+09:00", source="Wire")
    renamed = []
    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", renames_failing(site, after=8, renamed=renamed))
        with pytest.raises(OSError):
            one_shot(site)
    journal = {json.loads(line)[1] for line in (site.output / JOURNAL_NAME).read_text().splitlines() if line}
    put_in_place = [Path(target).relative_to(site.output.resolve()).as_posix() for target in renamed[:8]]
    edited = next(name for name in put_in_place if name in journal and name.endswith("index.html"))
    edit_by_hand(site, edited)
    for path in site.content.glob("extra*.md"):
        path.unlink()
    site.settings["title"] = "Another title"   # the next build writes other bytes than either version, everywhere
    result = one_shot(site)
    assert [w.path for w in result.warnings] == [site.output / edited]
    assert len(copies(site)) == 1
    assert_kept(site, result, edited, removed=not (site.output / edited).exists())


def test_a_manifest_entry_of_unknown_state_is_compared_by_its_bytes(site):
    one_shot(site)
    manifest = json.loads((site.output / MANIFEST_NAME).read_text())
    manifest[TALKS] = "damaged"         # an entry this version cannot read: newsdigest's file, of unknown state
    manifest[DEAL] = "damaged"
    (site.output / MANIFEST_NAME).write_text(json.dumps(manifest))
    edit_by_hand(site, TALKS)
    result = one_shot(site)             # DEAL holds what the build writes: nothing to keep
    assert [w.path for w in result.warnings] == [site.output / TALKS]
    assert_kept(site, result, TALKS)


def test_an_edit_made_while_a_build_renders_is_kept_too(tmp_path):
    """Staged files are compared with the manifest when they are put in place, not when they were rendered."""
    out, edits = tmp_path / "output", HandEdits(tmp_path / CACHE_DIR_NAME)
    previous = write_output(out, {"new.html": b"old", "same.html": b"same"}).manifest
    with writing_into(out):
        staged = StagedFiles(out, previous, edits=edits)
        staged["new.html"], staged["same.html"] = b"new", b"same"
        (out / "new.html").write_bytes(b"edited while rendering")    # written over by this build
        (out / "same.html").write_bytes(b"edited by hand")          # left alone by this build
        report = staged.commit()
    assert [(backup.path.name, backup.copy.read_bytes()) for backup in report.backups] == \
        [("new.html", b"edited while rendering")]
    assert (out / "same.html").read_bytes() == b"edited by hand"
    assert report.manifest["same.html"].size == -1   # of unknown state: the next build compares its bytes...
    again = write_output(out, {"same.html": b"same"}, report.manifest, HandEdits(tmp_path / CACHE_DIR_NAME))
    assert [backup.copy.read_bytes() for backup in again.backups] == [b"edited by hand"]  # ...and keeps it


def test_pages_a_quick_update_wrote_are_known_for_newsdigest_s_by_a_later_build(site):
    """A quick update rewrites pages without rewriting the manifest file; a build run after the watcher stopped,
    before its follow-up, still knows those pages' bytes for newsdigest's own."""
    builder = SiteBuilder(site.config, quick_updates=True)
    builder.build()
    article = site.content / "talks.md"
    article.write_text(article.read_text().replace("Negotiators met", "Negotiators met again"))
    assert builder.update([article]).quick
    article.write_text(article.read_text().replace("met again", "met once more"))
    result = one_shot(site)
    assert b"met once more" in (site.output / TALKS).read_bytes()
    assert not result.warnings and not copies(site)
    assert not (site.output / JOURNAL_NAME).exists()
