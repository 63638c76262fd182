"""Whole-or-nothing writes of files given in pieces, and a JSON object written a few thousand items at a time (the
output manifest of a big site)."""

from __future__ import annotations

import json

import pytest

from newsdigest.fileio import CheckedFolders, atomic_write, json_object_pieces, safe_output_name
from newsdigest.output import ManifestEntry


@pytest.mark.parametrize("count", [0, 1, 3, 4, 7, 9])
def test_a_json_object_in_pieces_is_the_same_bytes_as_in_one(count):
    manifest = {f"2026/01/{n}/café-«{n}»/index.html": ManifestEntry(f"{n:040x}", 100 + n, 10**18 + n)
                for n in range(count)}
    pieces = list(json_object_pieces(manifest, items_a_piece=3))
    assert b"".join(pieces) == json.dumps(manifest, separators=(",", ":")).encode()
    assert len(pieces) == max(1, -(-count // 3) + 1)   # three items a piece, then the closing brace
    assert json.loads(b"".join(pieces)) == {key: list(entry) for key, entry in manifest.items()}


def test_a_file_written_in_pieces_is_whole_or_not_there(tmp_path):
    target = tmp_path / "manifest.json"
    atomic_write(target, (piece for piece in (b"{", b'"a":1', b"}")))
    assert target.read_bytes() == b'{"a":1}'

    def failing():
        yield b'{"b":'
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left on device"):
        atomic_write(target, failing())
    assert target.read_bytes() == b'{"a":1}'           # the earlier file stays whole ...
    assert [path.name for path in tmp_path.iterdir()] == ["manifest.json"]   # ... and no temporary file is left


def test_checked_folders_forget_the_folders_met_long_ago_and_keep_those_met_again():
    checked = CheckedFolders(size=3)
    checked.add("/out/2026")
    for number in range(10):
        checked.add(f"/out/2026/page-{number}")
        assert "/out/2026" in checked                 # met with every page: stays
    assert "/out/2026/page-9" in checked and "/out/2026/page-0" not in checked
    assert len(checked._newer) + len(checked._older) <= 6


def test_a_folder_forgotten_as_checked_is_checked_again_and_a_symlink_out_refused(tmp_path):
    from newsdigest.problems import NewsdigestError

    out, elsewhere = tmp_path / "output", tmp_path / "elsewhere"
    (out / "a").mkdir(parents=True)
    elsewhere.mkdir()
    checked = CheckedFolders(size=2)
    assert safe_output_name(out, "a/one.html", checked) == str(out / "a" / "one.html")
    for number in range(6):
        safe_output_name(out, f"b{number}/index.html", checked)
    (out / "a").rmdir()
    (out / "a").symlink_to(elsewhere)
    with pytest.raises(NewsdigestError, match="refusing to write through a symlink"):
        safe_output_name(out, "a/two.html", checked)


def test_a_build_that_another_wrote_into_while_it_rendered_stops_before_it_writes(tmp_path):
    """What a build renders is decided against what earlier builds left (`previous`): a build that put its files in
    place meanwhile would have its pages taken for hand edits or someone else's files. Taking the folder then fails
    with OutputChanged, before anything is written; a build that reads `previous` afresh goes on."""
    from newsdigest.output import Output, OutputChanged, write_output

    out = tmp_path / "output"
    write_output(out, {"index.html": b"first"})
    with Output(out) as output:
        output.read_previous()
        write_output(out, {"index.html": b"another build's"})   # the other terminal's build, done meanwhile
        with pytest.raises(OutputChanged, match="build again"):
            output.lock()
    assert (out / "index.html").read_bytes() == b"another build's"
    with Output(out) as output:
        output.read_previous()
        output.lock()
        output.write({"index.html": b"second"})
        output.finish()
    assert (out / "index.html").read_bytes() == b"second"


def test_a_build_that_failed_or_quick_updated_meanwhile_is_seen_too(tmp_path):
    """Another process's quick update, or a build that failed part-way, leaves the manifest as it was and changes only
    the journal: the build went on with what it had read, took that build's files for hand edits or someone else's,
    and dropped the journal that named them."""
    from newsdigest.journal import append_to_journal
    from newsdigest.output import Output, OutputChanged, write_output

    out = tmp_path / "output"
    write_output(out, {"index.html": b"first"})
    with Output(out) as output:
        output.read_previous()
        append_to_journal(out, [("draft.html", "0" * 40)])   # the other build, failed after it listed its file
        (out / "draft.html").write_bytes(b"a draft")
        with pytest.raises(OutputChanged):
            output.lock()
