"""The ingest index cache (ingest/indexed_files.py): what ingest knows of a content folder's articles is read from
the cache for every file whose bytes are those it read last time, and gives the same index as reading the files."""

from __future__ import annotations

import os
import re
import sqlite3

import pytest

from newsdigest.ingest import indexed_files, ingest_file, run, writer
from newsdigest.ingest.indexed_files import KEPT_FILES, index_cache_file
from newsdigest.ingest.writer import ContentIndex
from tests.ingest.conftest import FERRY_HEADLINE, FERRY_PARAGRAPHS, ingest_args

ARTICLES = {
    FERRY_HEADLINE: FERRY_PARAGRAPHS,
    "Council keeps the old market hall open through the winter": [
        "The town council voted on Monday to keep the old market hall open through the winter, reversing a plan to "
        "close it in November while the roof is repaired, after traders said they could not move at short notice.",
        "Repairs will now be done in sections so that two thirds of the hall stays open at any time, the council "
        "said, and the work is expected to take until the end of March."],
    "Library extends its opening hours during the examination weeks": [
        "The central library will stay open until midnight on weekdays for the four weeks of the spring examinations, "
        "its director announced, after students asked for more quiet places to study in the evenings.",
        "Extra staff will be paid from the reading-room budget, and the late hours will be reviewed in June to see "
        "whether enough students used them to repeat the trial in the autumn."],
}


@pytest.fixture
def folder(config, content_dir, tmp_path):
    """A content folder with three ingested articles, and the cache file ingest keeps for it."""
    for number, (headline, paragraphs) in enumerate(ARTICLES.items()):
        page = tmp_path / f"page{number}.txt"
        page.write_text(f"{headline}\n\nMarch 2, 2026\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
        assert ingest_file(page, config, out_dir=content_dir).written
    return content_dir, index_cache_file(config.root, content_dir)


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The names of the content files the index reads (front matter parsed, shingles cut) in this process."""
    names: list[str] = []
    read = writer._read_indexed

    def counting(path, raw):
        names.append(path.name)
        return read(path, raw)

    monkeypatch.setattr(writer, "_read_indexed", counting)
    return names


def _facts(index: ContentIndex) -> dict:
    return {path: vars(article) for path, article in index.articles.items()}


def test_a_second_load_reads_no_unchanged_file_and_knows_the_same(folder, reads):
    content, cache = folder
    plain = _facts(ContentIndex.load(content))
    first = _facts(ContentIndex.load(content, cache=cache))
    assert len(reads) == 6 and cache.is_file()
    reads.clear()
    again = ContentIndex.load(content, cache=cache)
    assert reads == [] and _facts(again) == first == plain
    assert list(again.articles) == list(plain)   # (the same order: the near-duplicate checks meet them so)
    assert [a.path for a in again.articles.candidates(next(iter(again.articles.values())).shingles)] \
        == [next(iter(again.articles))]


def test_an_edited_file_is_read_again_even_with_its_old_size_and_time(folder, reads):
    """Looked up by the digest of the file's bytes: an edit saved within the file system's timestamp granularity
    (or with its time put back) must not serve the older version."""
    content, cache = folder
    ContentIndex.load(content, cache=cache)
    edited = sorted(content.rglob("*.md"))[0]
    before = edited.stat()
    text = edited.read_text(encoding="utf-8")
    old_hash = re.search(r"ingest_hash: '?([0-9a-f]+)", text)[1]
    new_hash = old_hash.translate(str.maketrans("0123456789abcdef", "123456789abcdef0"))
    edited.write_text(text.replace(old_hash, new_hash), encoding="utf-8")
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert edited.stat().st_size == before.st_size
    reads.clear()
    index = ContentIndex.load(content, cache=cache)
    assert reads == [edited.name] and index.articles[edited.resolve()].ingest_hash == new_hash


def test_new_and_deleted_files_are_followed(folder, reads):
    content, cache = folder
    ContentIndex.load(content, cache=cache)
    gone, *kept = sorted(content.rglob("*.md"))
    copy = gone.with_name("copy.md")
    copy.write_bytes(gone.read_bytes())
    gone.unlink()
    reads.clear()
    index = ContentIndex.load(content, cache=cache)
    assert reads == ["copy.md"] and gone.resolve() not in index.articles and copy.resolve() in index.articles
    with sqlite3.connect(cache) as db:
        assert sorted(row[0] for row in db.execute("SELECT path FROM files")) == sorted(
            str(path.resolve()) for path in [copy, *kept])


@pytest.mark.parametrize("damage", ["garbage", "truncated", "another engine", "another schema"])
def test_a_cache_that_cannot_be_trusted_is_started_afresh(folder, reads, monkeypatch, damage):
    content, cache = folder
    plain = _facts(ContentIndex.load(content))
    ContentIndex.load(content, cache=cache)
    if damage == "garbage":
        cache.write_bytes(b"not a database at all\n" * 100)
    elif damage == "truncated":
        cache.write_bytes(cache.read_bytes()[:1000])
    elif damage == "another engine":
        monkeypatch.setattr(indexed_files, "_engine", lambda: "another version of the code")
    else:   # (another program's database, or a later version's tables)
        cache.unlink()
        with sqlite3.connect(cache) as db:
            db.execute("CREATE TABLE files (path TEXT PRIMARY KEY, digest TEXT, blob BLOB)")
    reads.clear()
    assert _facts(ContentIndex.load(content, cache=cache)) == plain and len(reads) == 3
    reads.clear()
    assert _facts(ContentIndex.load(content, cache=cache)) == plain and reads == []


def test_a_row_that_does_not_decode_is_read_from_the_file(folder, reads):
    content, cache = folder
    plain = _facts(ContentIndex.load(content, cache=cache))
    with sqlite3.connect(cache) as db:
        db.execute("UPDATE files SET facts = '[1, 2' WHERE rowid = (SELECT min(rowid) FROM files)")
    reads.clear()
    assert _facts(ContentIndex.load(content, cache=cache)) == plain and len(reads) == 1


def test_without_a_usable_cache_folder_the_index_is_read_from_the_files(folder, reads, tmp_path):
    content, _ = folder
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    plain = _facts(ContentIndex.load(content))
    reads.clear()
    assert _facts(ContentIndex.load(content, cache=blocked / "cache" / "ingest-x.sqlite")) == plain
    assert len(reads) == 3


def test_the_caches_of_other_folders_are_kept_only_for_the_latest_few(folder, tmp_path):
    content, cache = folder
    others = []
    for number in range(KEPT_FILES + 2):
        other = tmp_path / f"other{number}"
        other.mkdir()
        others.append(index_cache_file(tmp_path, other))
        ContentIndex.load(other, cache=others[-1])
        os.utime(others[-1], (number, number))   # (each used before the next)
    ContentIndex.load(content, cache=cache)
    assert sorted(cache.parent.glob("ingest-*.sqlite")) == sorted([cache, *others[-KEPT_FILES:]])


def test_the_command_keeps_the_cache_beside_the_config(config, content_dir, tmp_path, reads):
    page = tmp_path / "inbox" / "page.txt"
    page.parent.mkdir()
    page.write_text(f"{FERRY_HEADLINE}\n\nMarch 2, 2026\n\n" + "\n\n".join(FERRY_PARAGRAPHS), encoding="utf-8")
    assert run(ingest_args(page.parent, out=content_dir), config) == 0
    assert reads == []   # (the run wrote it: nothing was there to read)
    (page.parent / "again.txt").write_text("Another headline\n\nMarch 3, 2026\n\nNot an article.", encoding="utf-8")
    run(ingest_args(page.parent, out=content_dir), config)
    assert reads == [next(content_dir.rglob("*.md")).name]   # read once, the first time the folder was indexed
    run(ingest_args(page.parent, out=content_dir), config)
    assert reads == [next(content_dir.rglob("*.md")).name]
    assert index_cache_file(config.root, content_dir).is_file()
    assert index_cache_file(config.root, content_dir).parent == config.root / ".newsdigest-cache"


def test_a_symbolic_link_loop_or_a_name_in_another_encoding_costs_only_itself(folder, reads):
    content, cache = folder
    plain = _facts(ContentIndex.load(content))
    (content / "loop.md").symlink_to("loop.md")
    odd = os.fsencode(content) + b"/caf\xe9.md"   # (a Latin-1 file name, as an old archive may hold)
    with open(odd, "wb") as copy:
        copy.write(next(content.rglob("council*.md")).read_bytes().replace(b"ingest_hash: ", b"ingest_hash: x"))
    index = ContentIndex.load(content, cache=cache)
    assert {path: facts for path, facts in _facts(index).items() if path.name != os.fsdecode(b"caf\xe9.md")} == plain
    reads.clear()
    assert len(ContentIndex.load(content, cache=cache).articles) == 4 and reads == [os.fsdecode(b"caf\xe9.md")]


def test_a_cache_another_process_holds_is_done_without_and_left_alone(folder, reads, monkeypatch):
    content, cache = folder
    plain = _facts(ContentIndex.load(content, cache=cache))
    monkeypatch.setattr(indexed_files, "LOCK_SECONDS", 0.1)
    inode = cache.stat().st_ino
    holder = sqlite3.connect(cache)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        reads.clear()
        assert _facts(ContentIndex.load(content, cache=cache)) == plain and len(reads) == 3
    finally:
        holder.rollback()
        holder.close()
    assert cache.stat().st_ino == inode
    reads.clear()
    assert _facts(ContentIndex.load(content, cache=cache)) == plain and reads == []


def test_a_dry_run_reads_the_cache_and_writes_none(folder, reads, tmp_path):
    content, cache = folder
    ContentIndex.load(content, tidy=False, cache=cache)
    assert not cache.exists()   # (not made by a run that changes nothing)
    ContentIndex.load(content, cache=cache)
    before = (cache.read_bytes(), cache.stat().st_mtime_ns)
    (content / "new.md").write_bytes(next(content.rglob("council*.md")).read_bytes().replace(b"Council", b"Kouncil"))
    reads.clear()
    assert len(ContentIndex.load(content, tidy=False, cache=cache).articles) == 4 and reads == ["new.md"]
    assert (cache.read_bytes(), cache.stat().st_mtime_ns) == before


def test_the_caches_dropped_are_those_of_the_folders_used_longest_ago(folder, tmp_path):
    """By last use, not last write: a run that finds nothing changed writes nothing to its cache."""
    content, cache = folder
    ContentIndex.load(content, cache=cache)
    os.utime(cache, (1, 1))   # (used first, long ago)
    others = []
    for number in range(KEPT_FILES + 1):
        other = tmp_path / f"other{number}"
        other.mkdir()
        others.append(index_cache_file(tmp_path, other))
        if number == KEPT_FILES:
            ContentIndex.load(content, cache=cache)   # (used again, unchanged, just before the last other folder)
        ContentIndex.load(other, cache=others[-1])
        os.utime(others[-1], ((number + 1) * 1000, (number + 1) * 1000))   # (each used after the one before)
    assert cache.exists() and not others[0].exists() and all(other.exists() for other in others[1:])
