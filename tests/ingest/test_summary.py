"""Progress and summary: a progress bar for runs of many files in a terminal, per-file error lines, and the final
counts (written, skipped, failed, unattributed, date fallbacks) as a line for logs or a table in a terminal."""

from __future__ import annotations

import argparse
import io
from datetime import date
from pathlib import Path

import pytest

from newsdigest.ingest import add_arguments, command, pipeline, run
from newsdigest.ingest.model import Block, Extracted, IngestError



def paragraph(n: int) -> str:
    """A body of its own for page n (pages that share words would be near-duplicates of each other)."""
    return " ".join(f"word{n}x{i}" for i in range(40)) + "."


def _args(*paths: Path, out: Path, extra: tuple[str, ...] = ()) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args([str(p) for p in paths] + ["--out", str(out), *extra])


@pytest.fixture
def inbox(tmp_path: Path, monkeypatch) -> Path:
    """25 pages: 22 good (two with no source, three with no date of their own), one that fails, two copies."""
    def fake_extract(text: str, url: str = "", captured=None, saved=None) -> Extracted:
        if text.startswith("BROKEN"):
            raise IngestError("no article found: nothing but menus")
        n = int(text.split()[1])
        return Extracted(title=f"Ferry item {n} approved by the board", blocks=(Block("paragraph", paragraph(n)),),
                         published=None if n in (3, 4, 5) else date(2026, 2, 4),
                         source="" if n in (1, 2) else "Island Courier")

    monkeypatch.setattr(pipeline, "extract_text", fake_extract)
    folder = tmp_path / "inbox"
    folder.mkdir()
    for n in range(22):
        (folder / f"page-{n:02d}.txt").write_text(f"Page {n}\n", encoding="utf-8")
    (folder / "page-22-broken.txt").write_text("BROKEN page\n", encoding="utf-8")
    for copy in ("page-23-copy.txt", "page-24-copy.txt"):
        (folder / copy).write_text("Page 10\n", encoding="utf-8")
    return folder


def test_plain_summary_counts_everything(inbox, config, content_dir, capsys):
    status = run(_args(inbox, out=content_dir, extra=("--date", "2026-02-01")), config)
    assert status == 1
    captured = capsys.readouterr()
    assert "page-22-broken.txt: no article found: nothing but menus" in captured.err
    out = captured.out
    assert "22 written, 2 skipped, 1 failed." in out
    assert '2 unattributed (no source found: pages say "source unknown"), 3 dated by a fallback ' \
           "(3 from the --date option)." in out
    assert out.count("[source unknown]") == 2


def test_no_progress_bar_for_pipes_or_few_files(monkeypatch):
    monkeypatch.setattr(command, "_is_terminal", lambda stream: False)
    assert command.make_progress(500) is None
    monkeypatch.setattr(command, "_is_terminal", lambda stream: True)
    assert command.make_progress(command.PROGRESS_MIN_FILES - 1) is None


def test_progress_bar_and_table_in_a_terminal(inbox, config, content_dir, monkeypatch, capsys):
    monkeypatch.setattr(command, "_is_terminal", lambda stream: True)
    made = []
    real = command.IngestProgress

    class Recording(real):
        def __init__(self, total):
            super().__init__(total)
            made.append(self)
            self.files = []

        def start_file(self, name):
            self.files.append(name)
            super().start_file(name)

    monkeypatch.setattr(command, "IngestProgress", Recording)
    status = run(_args(inbox, out=content_dir), config)
    assert status == 1
    [progress] = made
    assert len(progress.files) == 25 and progress.files[0] == "page-00.txt"
    captured = capsys.readouterr()
    assert "error: " in captured.err and "page-22-broken.txt: no article found" in captured.err
    assert "page-03.txt: no publication date found" in captured.err   # no --date this time
    table = captured.out.split("Failed (4):", 1)[1]
    for label, value in (("written", "19"), ("skipped", "2"), ("failed", "4"), ("unattributed", "2"),
                         ("date fallbacks", "0")):
        assert any(label in line and value in line.split(label, 1)[1] for line in table.splitlines()), label
    assert "Ingested into" in table and "source unknown" in table
    assert "written, 2 skipped" not in captured.out, "the table replaces the one-line counts"


def test_dry_run_wording(inbox, config, content_dir, monkeypatch, capsys):
    run(_args(inbox, out=content_dir, extra=("--dry-run", "--date", "2026-02-01")), config)
    out = capsys.readouterr().out
    assert "Would write (" in out and ", 1 failed (dry run: nothing was written)." in out
    monkeypatch.setattr(command, "_is_terminal", lambda stream: True)
    monkeypatch.setattr(command, "make_progress", lambda files: None)
    run(_args(inbox, out=content_dir, extra=("--dry-run", "--date", "2026-02-01")), config)
    out = capsys.readouterr().out
    assert "Dry run into" in out and "nothing was written" in out and "would write" in out
    assert not content_dir.exists() or not any(content_dir.rglob("*.md"))


def test_progress_bar_draws_on_stderr_and_disappears(monkeypatch):
    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    progress = command.IngestProgress(30)
    for n in range(30):
        progress.start_file(f"[bold]page-{n}.txt")    # file names are not rich markup
        progress.advance()
    progress.close()   # no error: file names with brackets are shown as they are, not read as rich markup


def test_written_pages_are_named_by_their_path_so_two_folders_index_files_are_told_apart(inbox, config, content_dir,
                                                                                          capsys):
    for site, n in (("site-a", 30), ("site-b", 31)):
        (inbox / site).mkdir()
        (inbox / site / "index.txt").write_text(f"Page {n}\n", encoding="utf-8")
    run(_args(inbox / "site-a", inbox / "site-b", out=content_dir), config)
    out = capsys.readouterr().out
    assert f"<- {inbox / 'site-a' / 'index.txt'}" in out and f"<- {inbox / 'site-b' / 'index.txt'}" in out
