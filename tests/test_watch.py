"""Watch mode with a real watchdog observer: each kind of change, debouncing, errors and recovery.

Every test ends by comparing the watched output with a clean build of the same sources.
"""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest
from watchdog.events import FileClosedEvent, FileModifiedEvent

from newsdigest.build import build
from newsdigest.cli import main
from newsdigest.config import BUILTIN_THEMES_DIR, load_config
from newsdigest.dev.changes import ChangeCollector, ChangeKind, ChangeSet, classify, is_ignored
from newsdigest.dev.watch import DevSession
from newsdigest.output import MANIFEST_NAME
from tests.conftest import REPO, article_text
from tests.sitecheck import broken_links

pytestmark = pytest.mark.slow
QUIET = 0.1  # debounce used by the tests


@pytest.fixture
def session(project, tmp_path, request):
    """A watching session over four articles; `{"search": True}` as the fixture's parameter turns search on."""
    themes = tmp_path / "themes"
    shutil.copytree(BUILTIN_THEMES_DIR / "default", themes / "default")
    project.settings["themes_dir"] = str(themes)
    if getattr(request, "param", {}).get("search"):
        project.settings["search"] = {"enabled": True}
    for n in range(4):
        project.add(f"a{n}", title=f"Tariff story {n}", date=f"2026-01-1{n}T10:00:00+09:00", tags=[f"t{n}"])
    project.add("summit", title="Summit story", date="2026-01-05T10:00:00+09:00")
    config_path = project.write_config_file()
    dev = DevSession(config_path, delay=QUIET, quiet=True, follow_up_delay=0.3)
    dev.start()
    yield dev
    dev.stop()


def builds(session: DevSession) -> list:
    """Builds and quick updates that changes started (not the follow-up builds after quick updates)."""
    return [outcome for outcome in session.outcomes if not outcome.follow_up]


def wait_for_builds(session: DevSession, count: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while len(builds(session)) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"expected {count} builds, saw {[o.message for o in session.outcomes]}")
        time.sleep(0.02)


def wait_until_settled(session: DevSession, timeout: float = 20.0) -> None:
    """Wait for the follow-up full build that quick updates leave due."""
    deadline = time.monotonic() + timeout
    while not session.settled:
        if time.monotonic() > deadline:
            raise AssertionError(f"never settled: {[o.message for o in session.outcomes]}")
        time.sleep(0.02)


def settle(session: DevSession, seconds: float = 0.8) -> int:
    """Wait long enough for any (unwanted) rebuild to happen; returns the number of builds so far."""
    time.sleep(seconds)
    return len(builds(session))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MANIFEST_NAME}


def assert_same_as_clean_build(session: DevSession, tmp_path: Path) -> None:
    wait_until_settled(session)
    clean = tmp_path / "clean-build"
    build(load_config(session.config_path), output_dir=clean)
    watched = tree(session.config.output_dir)
    assert sorted(watched) == sorted(tree(clean))
    assert watched == tree(clean)


def test_edit_rerenders_only_the_article_and_pages_listing_it(session, project, tmp_path):
    out = session.config.output_dir
    untouched = [out / p / "index.html" for p in ("2026/01/05/summit-story", "2026/01/05", "topics/diplomacy",
                                                  "tags/t0", "sources", "archive")]
    before = [p.stat().st_mtime_ns for p in untouched]
    total_pages = len(session.outcomes[0].result.site.pages)
    path = project.content / "a2.md"
    path.write_text(path.read_text().replace("Tariff story 2", "Tariff story two"), encoding="utf-8")
    wait_for_builds(session, 2)
    result = builds(session)[1].result
    assert builds(session)[1].ok and result.parsed == 1
    assert 0 < result.rendered < total_pages  # its page, day, month, topic, tag, home, related pages and feeds
    assert "Tariff story two" in (out / "2026/01/12/tariff-story-two/index.html").read_text()
    assert not (out / "2026/01/12/tariff-story-2").exists()  # the old URL is gone
    assert [p.stat().st_mtime_ns for p in untouched] == before  # pages not listing it are not rewritten
    assert_same_as_clean_build(session, tmp_path)


@pytest.mark.parametrize("session", [{"search": True}], indirect=True)
def test_content_edit_is_a_quick_update_then_a_follow_up_build(session, project, tmp_path):
    path = project.content / "a1.md"
    path.write_text(path.read_text().replace("Body text.", "Body text, revised."), encoding="utf-8")
    wait_for_builds(session, 2)
    quick = builds(session)[1]
    assert quick.ok and quick.result.quick and quick.reload and quick.message.startswith("update 2:")
    assert "Body text, revised." in (session.config.output_dir / "2026/01/11/tariff-story-1/index.html").read_text()
    wait_until_settled(session)
    follow_ups = [outcome for outcome in session.outcomes if outcome.follow_up]
    assert len(follow_ups) == 1 and follow_ups[0].ok and not follow_ups[0].result.quick
    # The follow-up brought the search index up to date; no page changed, so open pages do not reload.
    changed = follow_ups[0].result.report.changed_paths
    assert changed and all(p.startswith("pagefind/") for p in changed)
    assert not follow_ups[0].reload
    assert_same_as_clean_build(session, tmp_path)


def test_a_quick_update_that_changes_no_file_reloads_no_page(session, project):
    """A key no page shows (a misspelt one) added to an article: every open page reloaded, losing its place."""
    path = project.content / "a1.md"
    path.write_text(path.read_text().replace("---\n", "---\nsumary: not shown\n", 1), encoding="utf-8")
    wait_for_builds(session, 2)
    quick = builds(session)[1]
    assert quick.ok and quick.result.quick and quick.result.report.changed_paths == [] and not quick.reload


def test_atomic_save_by_rename_is_seen_once(session, project, tmp_path):
    target = project.content / "a1.md"
    temp = project.content / ".a1.md.tmp"
    temp.write_text(article_text(title="Tariff story one, saved atomically", date="2026-01-11T10:00:00+09:00"))
    os.replace(temp, target)
    wait_for_builds(session, 2)
    assert settle(session) == 2
    assert "saved atomically" in (session.config.output_dir / "feed.xml").read_text()
    assert_same_as_clean_build(session, tmp_path)


def test_delete_removes_the_article_everywhere(session, project, tmp_path):
    (project.content / "a3.md").unlink()
    wait_for_builds(session, 2)
    out = session.config.output_dir
    assert not (out / "2026/01/13").exists() and not (out / "tags/t3").exists()
    assert "Tariff story 3" not in "".join(p.read_text() for p in out.rglob("*.html"))
    assert broken_links(out, session.config.base_url) == []
    assert_same_as_clean_build(session, tmp_path)


def test_rename_with_new_title_leaves_no_stale_page(session, project, tmp_path):
    (project.content / "2026").mkdir()
    os.rename(project.content / "a0.md", project.content / "2026" / "renamed.md")
    wait_for_builds(session, 2)
    moved = project.content / "2026" / "renamed.md"
    moved.write_text(moved.read_text().replace("Tariff story 0", "Renamed tariff story"))
    wait_for_builds(session, 3)
    out = session.config.output_dir
    assert (out / "2026/01/10/renamed-tariff-story/index.html").is_file()
    assert not (out / "2026/01/10/tariff-story-0").exists()
    assert_same_as_clean_build(session, tmp_path)


def test_a_content_folder_deleted_and_made_anew_is_watched_again(session, project, tmp_path):
    saved = tmp_path / "saved-content"
    shutil.move(project.content, saved)        # `rm -rf content` and a restore from a backup, or a checkout
    wait_for_builds(session, 2)
    assert not builds(session)[1].ok           # the content folder is gone: the last good site stays
    shutil.copytree(saved, project.content)
    wait_for_builds(session, 3)
    assert builds(session)[2].ok
    path = project.content / "a1.md"
    path.write_text(path.read_text().replace("Tariff story 1", "Tariff story one, restored"), encoding="utf-8")
    wait_for_builds(session, 4)
    assert "Tariff story one, restored" in (session.config.output_dir / "feed.xml").read_text()
    assert_same_as_clean_build(session, tmp_path)


def test_an_article_of_a_content_folder_deleted_and_restored_is_removed_when_deleted_again(session, project, tmp_path):
    """`rm -rf content` reports each file deleted; the restored files come before the new watch, with no event.
    Deleting one then looked like no change at all (gone, and gone again), and its pages stayed."""
    saved = tmp_path / "saved-content"
    shutil.copytree(project.content, saved)
    shutil.rmtree(project.content)
    wait_for_builds(session, 2)
    shutil.copytree(saved, project.content)
    wait_for_builds(session, 3)
    assert builds(session)[2].ok and (session.config.output_dir / "2026/01/13").is_dir()
    (project.content / "a3.md").unlink()
    wait_for_builds(session, 4)
    assert not (session.config.output_dir / "2026/01/13").exists()
    assert_same_as_clean_build(session, tmp_path)


def test_a_content_folder_named_by_a_config_edit_is_watched(session, project, tmp_path):
    shutil.copytree(project.content, project.root / "articles")
    project.settings["content_dir"] = "articles"
    project.write_config_file()
    wait_for_builds(session, 2)
    path = project.root / "articles" / "a1.md"
    path.write_text(path.read_text().replace("Tariff story 1", "Tariff story one, moved"), encoding="utf-8")
    wait_for_builds(session, 3)
    assert "Tariff story one, moved" in (session.config.output_dir / "feed.xml").read_text()
    assert_same_as_clean_build(session, tmp_path)


@pytest.mark.parametrize("themes_folder_exists", [False, True])
def test_a_theme_copied_while_watching_is_watched(project, tmp_path, themes_folder_exists):
    from newsdigest.scaffold import copy_theme

    project.settings["themes_dir"] = str(project.root / "themes")   # the built-in theme, until `theme copy`
    if themes_folder_exists:
        (project.root / "themes").mkdir()
    project.add("a0", title="Tariff story 0", date="2026-01-10T10:00:00+09:00")
    session = DevSession(project.write_config_file(), delay=QUIET, quiet=True, follow_up_delay=0.3)
    session.start()
    try:
        copy_theme(session.config)   # `newsdigest theme copy` in another terminal
        wait_for_builds(session, 2)
        template = project.root / "themes" / "default" / "templates" / "404.html"
        template.write_text(template.read_text().replace("Page not found</h1>", "Nothing here</h1>"))
        wait_for_builds(session, 3)
        assert "Nothing here" in (session.config.output_dir / "404.html").read_text()
        assert_same_as_clean_build(session, tmp_path)
    finally:
        session.stop()


def test_a_page_still_being_written_into_the_inbox_is_ingested_once_whole(project, tmp_path):
    page = (REPO / "newsdigest" / "starter" / "inbox" / "valley-post-solar-roofs.txt").read_text(encoding="utf-8")
    project.settings["inbox_dir"] = "inbox"
    project.add("a0", title="Tariff story 0", date="2026-01-10T10:00:00+09:00")
    session = DevSession(project.write_config_file(), delay=QUIET, quiet=True, follow_up_delay=0.3)
    session.start()
    try:
        cut = page.index("The project is paid")
        with open(project.root / "inbox" / "download.txt", "w", encoding="utf-8") as download:
            download.write(page[:cut])
            download.flush()
            time.sleep(1.0)   # a slow download, or a scraper between two chunks: half the page, still open
            download.write(page[cut:])
        wait_for_builds(session, 2)
        settle(session)
        ingested = [path for path in project.content.rglob("*.md") if path.name != "a0.md"]
        assert len(ingested) == 1 and "The project is paid" in ingested[0].read_text(encoding="utf-8")
        assert (project.root / "inbox" / "download.txt").is_file()   # the input stays
    finally:
        session.stop()


def test_a_link_in_the_inbox_to_a_file_outside_it_is_not_ingested(project, tmp_path):
    page = (REPO / "newsdigest" / "starter" / "inbox" / "valley-post-solar-roofs.txt").read_bytes()
    project.settings["inbox_dir"] = "inbox"
    session = DevSession(project.write_config_file(), delay=QUIET, quiet=True)
    said: list[str] = []
    session._say = said.append
    (project.root / "inbox").mkdir()
    (tmp_path / "private.txt").write_bytes(page)
    link = project.root / "inbox" / "story.txt"
    link.symlink_to(tmp_path / "private.txt")
    session._ingest_inbox([link])
    assert said == ["inbox: story.txt: a symbolic link to a file outside the inbox: not read"]
    assert not list(project.content.rglob("*.md"))


def test_ctrl_c_before_the_watch_starts_still_stops_cleanly(project, monkeypatch):
    """Ctrl-C landing while serve set up its watches (the observer made, not yet started) ended serve with a
    traceback: "cannot join thread before it is started"."""
    project.add("a", title="Tariff story", date="2026-01-10T10:00:00+09:00")
    session = DevSession(project.write_config_file(), delay=QUIET, quiet=True)

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(session, "_follow_folders", interrupted)
    with pytest.raises(KeyboardInterrupt):
        session.start()
    session.stop()
    assert not session._observer.is_alive()


def test_an_undated_page_in_the_inbox_is_refused_with_advice_that_works_there(project):
    from tests.ingest.conftest import FERRY_HEADLINE, FERRY_PARAGRAPHS

    project.settings["inbox_dir"] = "inbox"
    session = DevSession(project.write_config_file(), delay=QUIET, quiet=True)
    said: list[str] = []
    session._say = said.append
    (project.root / "inbox").mkdir()
    page = project.root / "inbox" / "ferry.txt"
    page.write_text("\n".join([FERRY_HEADLINE, *FERRY_PARAGRAPHS]) + "\n", encoding="utf-8")
    session._ingest_inbox([page])
    [message] = said
    assert "no publication date found" in message and "newsdigest ingest FILE --date" in message
    assert "pass --date" not in message   # serve and watch take no such option


def test_an_undated_page_in_the_inbox_takes_its_save_day_where_the_site_says_so(project):
    """`ingest: date_from_mtime: true`: the inbox, which takes no --date-from-mtime, dates such a page as it would."""
    import os
    from datetime import date, datetime, timezone
    from tests.ingest.conftest import FERRY_HEADLINE, FERRY_PARAGRAPHS, front_matter

    project.settings["inbox_dir"] = "inbox"
    project.settings["ingest"] = {"date_from_mtime": True}
    session = DevSession(project.write_config_file(), delay=QUIET, quiet=True)
    session._say = lambda message: None
    (project.root / "inbox").mkdir()
    page = project.root / "inbox" / "ferry.txt"
    page.write_text("\n".join([FERRY_HEADLINE, *FERRY_PARAGRAPHS]) + "\n", encoding="utf-8")
    saved = datetime(2026, 3, 12, 12, 0, tzinfo=timezone.utc).timestamp()
    os.utime(page, (saved, saved))
    session._ingest_inbox([page])
    [article] = [path for path in project.content.rglob("*.md") if FERRY_HEADLINE in path.read_text("utf-8")]
    meta = front_matter(article)
    assert (meta["date"], meta["date_inferred_from"]) == (date(2026, 3, 12), "file modification time")


def test_a_file_open_for_writing_is_held_until_closed_but_json_lines_are_read_as_they_grow(tmp_path):
    handed: list[set[Path]] = []
    collector = ChangeCollector(lambda changes: handed.append(changes.paths), delay=QUIET, closes_reported=True)
    collector.resolve = lambda paths: ChangeSet(kinds={ChangeKind.INBOX}, paths=paths)
    collector.start()
    try:
        page, feed = tmp_path / "page.html", tmp_path / "feed.jsonl"
        page.write_text("<p>the first half", encoding="utf-8")
        feed.write_text('{"url": "https://news.example/1"}\n', encoding="utf-8")
        for path in (page, feed):
            collector.on_any_event(FileModifiedEvent(str(path)))
        time.sleep(0.5)
        assert handed == [{feed}]
        collector.on_any_event(FileClosedEvent(str(page)))
        time.sleep(0.5)
        assert handed == [{feed}, {page}]
    finally:
        collector.stop()


def test_a_file_a_build_read_mid_save_is_read_again_once_saved(session, project):
    """An editor's save in place truncates the file first: a build that read it then failed ("file is empty"), and
    the close, with the bytes seen before, passed for no change: the failed build stayed until the next edit."""
    article = project.content / "a1.md"
    saved = article.read_bytes()
    writing = os.open(article, os.O_WRONLY | os.O_TRUNC)   # the save begins: the file is empty until it ends
    try:
        project.settings["title"] = "Renamed Digest"
        project.write_config_file()   # a full build, which reads the file now
        wait_for_builds(session, 2)
        assert not builds(session)[1].ok and "a1.md" in builds(session)[1].message
    finally:
        os.write(writing, saved)
        os.close(writing)
    wait_for_builds(session, 3)
    wait_until_settled(session)
    assert session.outcomes[-1].ok


def test_a_broken_file_dated_in_the_future_fails_once_not_for_ever(session, project):
    """A file a failed build named is read again when it was written to while the build ran; one whose time is in
    the future (clock skew, an archive from elsewhere) seemed written to during every build: endless rebuilds."""
    broken = project.write("b.md", "---\ntitle: B\ndate: nope\n---\nx\n")
    later = time.time() + 3600
    os.utime(broken, (later, later))
    wait_for_builds(session, 2)
    assert settle(session, 2.0) <= 3 and not session.outcomes[-1].ok


def test_template_edit_rerenders_without_reparsing(session, project, tmp_path):
    template = Path(session.config.themes_dir) / "default" / "templates" / "404.html"
    template.write_text(template.read_text().replace("Page not found</h1>", "Nothing here</h1>"))
    wait_for_builds(session, 2)
    result = builds(session)[1].result
    assert result.parsed == 0 and result.rendered > len(result.site.pages)
    assert "Nothing here" in (session.config.output_dir / "404.html").read_text()
    assert_same_as_clean_build(session, tmp_path)


def test_config_edit_rebuilds_everything(session, project, tmp_path):
    project.settings["title"] = "Renamed Digest"
    project.write_config_file()
    wait_for_builds(session, 2)
    out = session.config.output_dir
    assert all("Renamed Digest" in p.read_text() for p in out.rglob("*.html"))
    assert_same_as_clean_build(session, tmp_path)


def test_bad_file_reports_file_and_line_keeps_site_then_recovers(session, project, tmp_path):
    out = session.config.output_dir
    home_before = (out / "index.html").read_bytes()
    bad = project.write("broken.md", "---\ntitle: a: b\ndate: 2026-01-20\n---\n")
    wait_for_builds(session, 2)
    failed = builds(session)[1]
    assert not failed.ok and f"{bad}:2: invalid YAML" in failed.message
    assert (out / "index.html").read_bytes() == home_before
    bad.write_text(article_text(title="Fixed tariff story", date="2026-01-20T10:00:00+09:00"))
    wait_for_builds(session, 3)
    assert builds(session)[2].ok and (out / "2026/01/20/fixed-tariff-story/index.html").is_file()
    assert_same_as_clean_build(session, tmp_path)


def test_a_fifo_named_like_an_article_fails_the_next_build_naming_it(session, project):
    # an empty file made is held as still being written until it is closed, which a FIFO never is: no build ran,
    # and the next edit of another article was reported as a good update
    fifo = project.content / "pipe.md"
    os.mkfifo(fifo)
    wait_for_builds(session, 2)
    failed = builds(session)[1]
    assert not failed.ok and f"{fifo}: cannot read file: not a regular file" in failed.message


def test_template_error_then_fix(session, project, tmp_path):
    template = Path(session.config.themes_dir) / "default" / "templates" / "day.html"
    good = template.read_text()
    template.write_text(good.replace("{% block main %}", "{% block main %}{% if %}", 1))
    wait_for_builds(session, 2)
    assert not builds(session)[1].ok and "day.html:" in builds(session)[1].message
    template.write_text(good)
    wait_for_builds(session, 3)
    assert builds(session)[2].ok
    assert_same_as_clean_build(session, tmp_path)


def test_burst_of_100_files_gives_one_or_a_few_rebuilds(session, project, tmp_path):
    for n in range(100):
        project.add(f"burst/b{n:03d}", title=f"Burst tariff story {n}", date="2026-01-25T10:00:00+09:00")
    wait_for_builds(session, 2)
    builds = settle(session, 1.5)
    assert 2 <= builds <= 4
    assert len(session.outcomes[-1].result.site.articles) == 105
    assert_same_as_clean_build(session, tmp_path)


def test_reads_touches_and_editor_temp_files_trigger_nothing(session, project):
    path = project.content / "a1.md"
    path.read_text()
    os.utime(path)  # same bytes, new mtime
    path.write_bytes(path.read_bytes())
    project.write(".a1.md.swp", "swap")
    project.write("a1.md~", "backup")
    project.write("4913", "vim probe")
    assert settle(session, 1.0) == 1


def test_a_theme_or_content_folder_that_is_a_symlink_is_watched_where_it_leads(project, tmp_path):
    # watched through its resolved path, so the events name the target: edits to a shared theme were ignored
    shared = tmp_path / "shared-theme"
    (shared / "templates").mkdir(parents=True)
    themes = project.root / "themes"
    themes.mkdir()
    (themes / "shared").symlink_to(shared)
    (project.root / "content-target").mkdir()
    project.content.rmdir()
    project.content.symlink_to(project.root / "content-target")
    project.settings.update(themes_dir=str(themes), theme="shared")
    config_path = project.write_config_file()
    config = project.config
    assert classify(shared / "templates" / "article.html", config, config_path) == ChangeKind.TEMPLATE
    assert classify(project.root / "content-target" / "a.md", config, config_path) == ChangeKind.CONTENT
    assert classify(project.root / "content-target" / "_drafts" / "a.md", config, config_path) is None


def test_classify_and_ignore_rules(project, tmp_path):
    config = project.config
    config_path = project.root / "config.yaml"
    assert classify(config_path, config, config_path) == ChangeKind.CONFIG
    assert classify(project.content / "x" / "a.md", config, config_path) == ChangeKind.CONTENT
    assert classify(project.content / "_drafts" / "a.md", config, config_path) is None
    assert classify(config.theme_dirs[0] / "templates" / "base.html", config, config_path) == ChangeKind.TEMPLATE
    assert classify(project.root / "notes.txt", config, config_path) is None
    for name in (".a.md.swp", "a.md~", "#a.md#", ".#a.md", "4913", "a.md.tmp"):
        assert is_ignored(Path(name)), name
    assert not is_ignored(Path("article.md"))


def home_shows(session: DevSession, text: str, timeout: float = 10.0) -> bool:
    """Whether the home page shows `text` within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while text not in (session.config.output_dir / "index.html").read_text(encoding="utf-8"):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


def test_a_folder_with_a_dot_in_its_name_moved_out_of_content_removes_its_articles(session, project, tmp_path):
    batch = project.content / "batch.2026-01"
    batch.mkdir()
    (batch / "x.md").write_text(article_text(title="Batch story", date="2026-01-12T11:00:00+09:00"))
    assert home_shows(session, "Batch story")
    wait_until_settled(session)
    shutil.move(batch, tmp_path / "outside")      # a folder moved out (or to the desktop's trash): one event, for it
    deadline = time.monotonic() + 10
    while home_shows(session, "Batch story", timeout=0) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not home_shows(session, "Batch story", timeout=0)
    assert_same_as_clean_build(session, tmp_path)


def test_events_the_system_dropped_make_the_watched_folder_rescanned(session, project, tmp_path):
    from watchdog.events import EventsLostEvent
    session.collector.on_any_event = lambda event: None   # the system drops the events of this write
    (project.content / "missed.md").write_text(article_text(title="Missed story", date="2026-01-12T11:00:00+09:00"))
    assert not home_shows(session, "Missed story", timeout=0.5)
    del session.collector.on_any_event
    session.collector.on_any_event(EventsLostEvent(str(project.content), is_directory=True))
    assert home_shows(session, "Missed story")
    assert_same_as_clean_build(session, tmp_path)


def test_a_save_made_during_the_first_build_is_built_after_it(project, tmp_path, monkeypatch):
    """The preview answers during the first build (a minute on a big site), inviting edits: one saved then is
    seen (the watch starts before the build) and built right after it."""
    for n in range(3):
        project.add(f"a{n}", title=f"Tariff story {n}", date=f"2026-01-1{n}T10:00:00+09:00")
    session = DevSession(project.write_config_file(), delay=QUIET, quiet=True, follow_up_delay=0.3)
    first_build = session.builder.build

    def slow_first_build(*args, **kwargs):
        path = project.content / "a1.md"
        path.write_text(path.read_text().replace("Tariff story 1", "Edited during the first build"))
        time.sleep(0.3)
        return first_build(*args, **kwargs)

    monkeypatch.setattr(session.builder, "build", slow_first_build)
    try:
        session.start()
        monkeypatch.setattr(session.builder, "build", first_build)
        wait_for_builds(session, 2)
        wait_until_settled(session)
        assert "Edited during the first build" in (session.config.output_dir / "index.html").read_text()
    finally:
        session.stop()


def test_editor_backups_in_a_themes_static_folder_are_not_published(project, tmp_path):
    from newsdigest.templating import theme_static_files
    static = tmp_path / "themes" / "default" / "static"
    shutil.copytree(BUILTIN_THEMES_DIR / "default", tmp_path / "themes" / "default")
    for name in ("style.css~", "#style.css#", "4913", ".style.css.swp", "style.css.orig"):
        (static / name).write_text("unsaved work")
    project.settings["themes_dir"] = str(tmp_path / "themes")
    published = theme_static_files(project.config)
    assert "static/style.css" in published
    assert not [name for name in published if "~" in name or "#" in name or "4913" in name or name.endswith(
        (".swp", ".orig"))]


def test_stopping_during_a_rebuild_leaves_the_output_whole(session, project, tmp_path):
    """Ctrl-C (or SIGTERM) while the watcher rebuilds: the rebuild stops before it writes (or finishes writing),
    and stopping waits for it, so the output is never half old, half new."""
    out = session.config.output_dir
    before = tree(out)
    started = threading.Event()
    build_now = session.builder.build

    def build_when_stopping(*args, **kwargs):
        started.set()
        while not session.collector._stopped:   # Ctrl-C comes while this rebuild renders
            time.sleep(0.01)
        return build_now(*args, **kwargs)

    session.builder.build = build_when_stopping
    base = session.config.theme_dirs[0] / "templates" / "base.html"
    base.write_text(base.read_text().replace("<main", "<!-- edited -->\n<main"))
    assert started.wait(10)
    session.stop()
    assert not session.collector._thread.is_alive()
    assert tree(out) == before   # nothing of the cancelled rebuild was written


def test_sigterm_stops_a_long_running_command_as_ctrl_c_does():
    from newsdigest.lifetime import sigterm_as_interrupt
    previous = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt):
        with sigterm_as_interrupt():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)
    assert signal.getsignal(signal.SIGTERM) is previous


def test_pages_dropped_into_the_inbox_while_nothing_watched_are_ingested_at_the_start(project, tmp_path):
    project.settings["inbox_dir"] = "inbox"
    project.add("a0", title="Tariff story 0", date="2026-01-10T10:00:00+09:00")
    inbox = project.root / "inbox"
    (inbox / "batch").mkdir(parents=True)
    page = ("Valley Post\n\nRiverton opens its night ferry to cyclists\n\nPublished March 3, 2026\n\n"
            + "The harbour board agreed on Monday that cyclists may take the night ferry across the bay from April, "
              "after riders asked for a later crossing on weekends. " * 3)
    (inbox / "batch" / "ferry.txt").write_text(page, encoding="utf-8")   # a folder of pages, dropped while down
    session = DevSession(project.write_config_file(), delay=QUIET, quiet=True, follow_up_delay=0.3)
    try:
        session.start()
        assert home_shows(session, "night ferry to cyclists")
    finally:
        session.stop()
    assert len(list(project.content.rglob("*.md"))) == 2


def test_a_broken_file_stays_reported_while_other_articles_are_edited(session, project, tmp_path):
    """An edit of another article while a config or an article stays broken was a quick update that reported a
    good build (the browser's error message cleared) though the broken file still stops the site."""
    config_path = session.config_path
    good_config = config_path.read_text()
    config_path.write_text(good_config.replace("title:", "paginate: lots\ntitle:", 1))
    wait_for_builds(session, 2)
    assert not builds(session)[1].ok and "config.yaml" in builds(session)[1].message
    a1 = project.content / "a1.md"
    a1.write_text(a1.read_text().replace("Tariff story 1", "Tariff story one"))
    wait_for_builds(session, 3)
    assert not builds(session)[2].ok and "config.yaml" in builds(session)[2].message
    config_path.write_text(good_config)
    wait_for_builds(session, 4)
    assert builds(session)[3].ok

    bad = project.write("broken.md", "---\ntitle: a: b\ndate: 2026-01-20\n---\n")
    wait_for_builds(session, 5)
    assert not builds(session)[4].ok
    a1.write_text(a1.read_text().replace("Tariff story one", "Tariff story 1"))
    wait_for_builds(session, 6)
    assert not builds(session)[5].ok and f"{bad}:2: invalid YAML" in builds(session)[5].message
    bad.unlink()
    wait_for_builds(session, 7)
    assert builds(session)[6].ok
    assert_same_as_clean_build(session, tmp_path)


def test_an_inbox_page_written_in_chunks_closed_between_them_ends_as_the_whole_page(project, tmp_path):
    """A scraper that reopens the file for each chunk: the first chunk was ingested as the page, and every later
    one skipped ("exists"); the grown file now replaces the article its first chunk made."""
    project.settings["inbox_dir"] = "inbox"
    project.add("a0", title="Tariff story 0", date="2026-01-10T10:00:00+09:00")
    (project.root / "inbox").mkdir()
    session = DevSession(project.write_config_file(), delay=QUIET, quiet=True, follow_up_delay=0.3)
    page = project.root / "inbox" / "ferry.txt"
    first = ("Valley Post\n\nRiverton opens its night ferry to cyclists\n\nPublished March 3, 2026\n\n"
             "The harbour board agreed on Monday that cyclists may take the night ferry across the bay from April, "
             "after riders asked for a later crossing on weekends.\n\n")
    later = ("Bicycles will ride on the lower deck, and the crew will sell tickets for them at the quay, the board "
             "said, adding that a second boat may run on summer evenings if the trial draws enough riders.\n")

    def article_text_has(text: str, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [p for p in project.content.rglob("*.md") if "night-ferry" in p.name]
            if found and text in found[0].read_text(encoding="utf-8"):
                return True
            time.sleep(0.05)
        return False

    try:
        session.start()
        page.write_text(first, encoding="utf-8")
        assert article_text_has("later crossing on weekends")
        with page.open("a", encoding="utf-8") as chunk:   # reopened for the next chunk
            chunk.write(later)
        assert article_text_has("second boat may run on summer evenings")
    finally:
        session.stop()
    assert len([p for p in project.content.rglob("*.md") if "night-ferry" in p.name]) == 1


@pytest.mark.parametrize("temporary", ["sedXbpya1", "tmp4k2j9x.md", "XXVJRSWM"])
def test_a_save_through_a_renamed_temporary_file_is_a_quick_update(session, project, temporary):
    """`sed -i`, `perl -pi` and tools that write a temporary file beside the article and rename it over it: the
    temporary, made and gone within the burst, is no change of its own (it made the update a full build)."""
    article = project.content / "a1.md"
    (project.content / temporary).write_text(article.read_text().replace("Tariff story 1", "Tariff story one"))
    os.replace(project.content / temporary, article)
    wait_for_builds(session, 2)
    update = builds(session)[1]
    assert update.ok and update.result is not None and update.result.quick, update.message


@pytest.mark.parametrize("name", ["crawl.jsonl", "crawl.json"])
def test_a_growing_json_lines_file_in_the_inbox_ingests_each_record_once(project, tmp_path, name):
    """A crawler appending to crawl.jsonl: each record is ingested once; one ingested before is not rewritten
    when the file grows (its article edited by hand, or deleted, stays so)."""
    import json as json_module
    project.settings["inbox_dir"] = "inbox"
    project.add("a0", title="Tariff story 0", date="2026-01-10T10:00:00+09:00")
    (project.root / "inbox").mkdir()
    feed = project.root / "inbox" / name
    text = ("The harbour board agreed on Monday that cyclists may take the night ferry across the bay from April, "
            "after riders asked for a later crossing on weekends and the crew said the lower deck had room.")
    first = {"url": "https://www.bay-courier.co.uk/news/ferry", "title": "Night ferry opens to cyclists",
             "maintext": text, "date_publish": "2026-01-12T08:00:00+00:00", "source": "Bay Courier"}
    second = dict(first, url="https://www.bay-courier.co.uk/news/library", title="Library reopens its reading room",
                  maintext="The county library reopened its reading room on Tuesday after a year of repairs to the "
                           "roof, and volunteers moved eleven thousand books back onto the shelves.")
    session = DevSession(project.write_config_file(), delay=QUIET, quiet=True, follow_up_delay=0.3)
    try:
        session.start()
        feed.write_text(json_module.dumps(first) + "\n", encoding="utf-8")
        assert home_shows(session, "Night ferry opens to cyclists")
        [article] = [p for p in project.content.rglob("*.md") if "ferry" in p.name]
        article.write_text(article.read_text().replace("lower deck had room", "lower deck had room (edited)"))
        with feed.open("a", encoding="utf-8") as out:
            out.write(json_module.dumps(second) + "\n")
        assert home_shows(session, "Library reopens its reading room")
    finally:
        session.stop()
    assert "(edited)" in article.read_text() and not (project.content / ".newsdigest-replaced").exists()


def test_inbox_pages_older_than_the_last_ingest_are_not_read_again_at_the_start(project, tmp_path):
    project.settings["inbox_dir"] = "inbox"
    project.add("a0", title="Tariff story 0", date="2026-01-10T10:00:00+09:00")
    inbox = project.root / "inbox"
    inbox.mkdir()
    page = ("Valley Post\n\nRiverton opens its night ferry to cyclists\n\nPublished March 3, 2026\n\n"
            + "The harbour board agreed on Monday that cyclists may take the night ferry across the bay from April, "
              "after riders asked for a later crossing on weekends. " * 3)
    (inbox / "ferry.txt").write_text(page, encoding="utf-8")
    config_path = project.write_config_file()
    assert main(["-c", str(config_path), "ingest", str(inbox), "-q"]) == 0
    [article] = [p for p in project.content.rglob("*.md") if "ferry" in p.name]
    article.unlink()   # taken off the site by hand: the page in the inbox must not bring it back
    session = DevSession(config_path, delay=QUIET, quiet=True, follow_up_delay=0.3)
    try:
        session.start()
        assert session._dropped_while_unwatched() == []
        time.sleep(0.5)
    finally:
        session.stop()
    assert not [p for p in project.content.rglob("*.md") if "ferry" in p.name]


def test_a_page_moved_into_the_inbox_while_nothing_watched_is_read_though_its_time_is_older(project, tmp_path):
    """`mv`, `cp -p` and unzip keep a file's modification time: one older than the last ingest was never read."""
    project.settings["inbox_dir"] = "inbox"
    project.add("a0", title="Tariff story 0", date="2026-01-10T10:00:00+09:00")
    inbox = project.root / "inbox"
    inbox.mkdir()
    config_path = project.write_config_file()
    (project.content / ".newsdigest-ingested.jsonl").write_text("", encoding="utf-8")   # the last ingest, now
    elsewhere = tmp_path / "download" / "ferry.txt"
    elsewhere.parent.mkdir()
    elsewhere.write_text("Valley Post\n\nRiverton opens its night ferry to cyclists\n\nPublished March 3, 2026\n\n"
                         + "The harbour board agreed on Monday that cyclists may take the night ferry across the bay "
                           "from April, after riders asked for a later crossing on weekends. " * 3, encoding="utf-8")
    os.utime(elsewhere, (1_600_000_000, 1_600_000_000))   # downloaded in 2020
    os.rename(elsewhere, inbox / "ferry.txt")
    session = DevSession(config_path, delay=QUIET, quiet=True, follow_up_delay=0.3)
    try:
        session.start()
        assert home_shows(session, "night ferry to cyclists")
    finally:
        session.stop()


def test_an_article_the_watcher_never_saw_is_removed_when_deleted(session, project, tmp_path):
    """A content folder named by a config edit while watching: its articles were never seen by the watcher
    before; deleting one must still rebuild (a rule for temporary files made and gone within one burst dropped
    it, and the article stayed on the site)."""
    other = project.root / "content2"
    other.mkdir()
    (other / "b.md").write_text(article_text(title="Second folder story", date="2026-01-12T11:00:00+09:00"))
    (other / "c.md").write_text(article_text(title="Third folder story", date="2026-01-13T11:00:00+09:00"))
    project.settings["content_dir"] = "content2"
    project.write_config_file()
    assert home_shows(session, "Second folder story")
    wait_until_settled(session)
    (other / "b.md").unlink()
    deadline = time.monotonic() + 10
    while home_shows(session, "Second folder story", timeout=0) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not home_shows(session, "Second folder story", timeout=0)


def test_the_terminal_is_told_each_warning_once_until_it_changes():
    """Each build finds every warning of the site again: printed after every save, unprefixed, the list buried what
    the save changed. Lines now say what they are, and a warning told already is counted, not printed again."""
    from types import SimpleNamespace

    def result(quick: bool, *warnings: str, skipped: tuple[str, ...] = ()) -> SimpleNamespace:
        report = SimpleNamespace(written=1, removed=0, changed_paths=["index.html"])
        return SimpleNamespace(skipped=list(skipped), warnings=list(warnings), rendered=1, report=report, seconds=0.01,
                               quick=quick, parsed=1, site=SimpleNamespace(articles=[1, 2]))

    watcher = SimpleNamespace(_told=set())

    def told(number: int, made: SimpleNamespace) -> list[str]:
        outcome = DevSession._outcome(watcher, number, made, False)
        return DevSession._told_anew(watcher, outcome).splitlines()[1:]

    assert told(1, result(False, "a.md:3: odd", skipped=("b.md: bad",))) == ["skipped: b.md: bad",
                                                                              "warning: a.md:3: odd"]
    assert told(2, result(False, "a.md:3: odd", skipped=("b.md: bad",))) == ["(2 problems as before)"]
    assert told(3, result(True, "c.md: hand edit")) == ["warning: c.md: hand edit"]
    assert told(4, result(False, "a.md:3: odd", "c.md: hand edit")) == ["(2 problems as before)"]
    assert told(5, result(False)) == []
    assert told(6, result(False, "a.md:3: odd")) == ["warning: a.md:3: odd"]   # fixed, then back: told again


@pytest.mark.parametrize("session", [{"search": True}], indirect=True)
def test_a_build_in_another_terminal_while_the_watcher_renders_is_never_taken_for_hand_edits(session, project,
                                                                                             tmp_path, monkeypatch):
    """`build --drafts` in another terminal put its pages and search files in place while the watcher's full build
    rendered from what had been there before: the watcher took them for hand edits (copied away) or for someone
    else's files, and every later `build --drafts` was refused for good. The watcher now builds again."""
    import newsdigest.build as building

    project.add("draft", title="A draft", date="2026-01-06T10:00:00+09:00", draft=True)
    wait_for_builds(session, 2)
    wait_until_settled(session)
    render_site, other_built = building.render_site, threading.Event()

    def render_after_another_build(*args, **kwargs):
        if not other_built.is_set():
            other_built.set()
            build(load_config(session.config_path), include_drafts=True)   # the other terminal's, now
        return render_site(*args, **kwargs)

    monkeypatch.setattr(building, "render_site", render_after_another_build)
    base = session.config.theme_dirs[0] / "templates" / "base.html"
    base.write_text(base.read_text().replace("<main", "<!-- edited -->\n<main"))   # a full build
    assert other_built.wait(10)
    deadline, done = time.monotonic() + 20, len(session.outcomes) + 1   # the watcher's next build, after the other
    while len(session.outcomes) < done and time.monotonic() < deadline:
        time.sleep(0.02)
    assert_same_as_clean_build(session, tmp_path)
    assert not [o for o in session.outcomes if not o.ok] and not (project.root / ".newsdigest-cache" / "edited").exists()
    build(load_config(session.config_path), include_drafts=True)   # refused for good before


def test_a_rebuild_while_another_build_holds_the_output_waits_and_builds_after_it(session, project, tmp_path):
    """The watcher's rebuild found the folder held by a `build` in another terminal: it failed ("try again when it
    has finished"), and the open pages showed the error until the next save, with nothing for the user to fix."""
    from newsdigest.journal import writing_into

    build_now, built = session.builder.build, []
    session.builder.build = lambda *args, **kwargs: built.append(1) or build_now(*args, **kwargs)
    with writing_into(session.config.output_dir):   # the other terminal's build, writing
        path = project.content / "a1.md"
        path.write_text(path.read_text().replace("Tariff story 1", "Edited while another build wrote"))
        time.sleep(1.0)   # (the watcher tries meanwhile, and again after each quiet spell)
        assert all(outcome.ok for outcome in session.outcomes)
        assert not built   # (it rendered the whole site each time, only to wait at the end)
    assert_same_as_clean_build(session, tmp_path)
    assert any("Edited while another build wrote" in page.read_text(encoding="utf-8")
               for page in session.config.output_dir.rglob("*.html"))
    assert all(outcome.ok for outcome in session.outcomes)
