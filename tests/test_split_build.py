"""A one-shot build rendered and written by two processes gives the same output as one process."""

import os
import sys
import threading
from pathlib import Path

import pytest

import newsdigest.split_build as split_build
from newsdigest.config import BUILTIN_THEMES_DIR
from newsdigest.build import SiteBuilder
from newsdigest.progress import BuildProgress
from newsdigest.problems import NewsdigestError
from newsdigest.split_build import MAX_CHILD_SHARE, SplitFailed, can_split, child_share, share_pages
from newsdigest.output import MANIFEST_NAME
from newsdigest.pages import in_render_order

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="builds split over two processes only on Linux")


def fill(project, count=24):
    for n in range(count):
        project.add(f"a{n:02d}", title=f"Tariff talks round {n}" if n % 3 else f"Summit meeting {n}",
                    date=f"2026-01-{1 + n % 9:02d}T{8 + n % 12:02d}:00:00+09:00", source=f"Wire {n % 4}",
                    tags=[f"tag {n % 5}", "Trade"], url=f"https://example.com/{n}",
                    body=f"Lede {n}.\n\n## More\n\nDetails with [a link](https://example.org/{n}).")


def output_files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file() and path.name != MANIFEST_NAME}


def one_shot(project, output: Path | None = None, split: bool = True, progress=None):
    return SiteBuilder(project.config, reuse=False, split=split, output_dir=output).build(progress)


@pytest.fixture
def children(monkeypatch):
    """The ChildRenderers started, so a test can tell that its build really split."""
    started = []
    real = split_build.ChildRenderer.__init__

    def spy(self, *args, **kwargs):
        real(self, *args, **kwargs)
        started.append(self.page_count)

    monkeypatch.setattr(split_build.ChildRenderer, "__init__", spy)
    return started


def test_split_build_writes_the_same_bytes_as_one_process(project, tmp_path, children):
    fill(project)
    split = one_shot(project)
    single = one_shot(project, tmp_path / "single", split=False)
    assert children and 0 < children[0] < len(split.site.pages)
    assert output_files(project.output) == output_files(tmp_path / "single")
    assert (split.files, split.rendered, split.report.written) == (single.files, single.rendered, single.report.written)
    assert set(split.report.manifest) == set(single.report.manifest)


def test_split_rebuild_rewrites_only_changed_files_and_removes_stale_ones(project, children):
    fill(project)
    one_shot(project)
    untouched = project.output / "tags" / "tag-1" / "index.html"
    stamp = untouched.stat().st_mtime_ns
    again = one_shot(project)
    assert again.report.written == 0 and again.report.removed == 0
    (project.content / "a00.md").unlink()
    third = one_shot(project)
    assert len(children) == 3
    assert third.report.removed >= 1 and not any(project.output.rglob("summit-meeting-0"))
    assert untouched.stat().st_mtime_ns == stamp


def test_progress_counts_every_page_once_whichever_process_rendered_it(project, children):
    fill(project)

    class Recorder(BuildProgress):
        def __init__(self):
            self.counts = {}
            self.current = None

        def phase(self, name, total=None):
            self.current = name
            self.counts[name] = 0

        def advance(self, count=1):
            self.counts[self.current] += count

    recorder = Recorder()
    result = one_shot(project, progress=recorder)
    assert children
    assert recorder.counts["Rendering pages and feeds"] == len(result.site.pages)


def test_template_error_in_the_childs_share_names_template_and_line_and_writes_nothing(project, tmp_path, children):
    fill(project)
    one_shot(project)
    before = output_files(project.output)
    site = one_shot(project, tmp_path / "probe", split=False).site
    _, child_pages = split_build.site_shares(site)
    doomed = next(page for page in child_pages if page.kind == "article")
    themes = tmp_path / "themes"
    (themes / "broken" / "templates").mkdir(parents=True)
    (themes / "default").symlink_to(BUILTIN_THEMES_DIR / "default")
    original = (BUILTIN_THEMES_DIR / "default" / "templates" / "article.html").read_text(encoding="utf-8")
    (themes / "broken" / "templates" / "article.html").write_text(
        f"{{% if page.url == {doomed.url!r} %}}{{{{ nothing.missing() }}}}{{% endif %}}\n" + original, encoding="utf-8")
    project.settings.update(themes_dir=str(themes), theme="broken")
    with pytest.raises(NewsdigestError) as caught:
        one_shot(project)
    assert len(children) == 2  # the failing build split too
    problem = caught.value.problems[0]
    assert problem.path.name == "article.html" and problem.line == 1 and doomed.url in problem.message
    assert output_files(project.output) == before


def test_the_theme_is_compiled_before_the_render_child_forks_and_an_unused_broken_template_is_no_error(
        project, tmp_path, monkeypatch):
    fill(project)
    themes = tmp_path / "themes"
    (themes / "mine" / "templates" / "partials").mkdir(parents=True)
    (themes / "default").symlink_to(BUILTIN_THEMES_DIR / "default")
    (themes / "mine" / "templates" / "partials" / "unused.html").write_text("{% if %}\n", encoding="utf-8")
    (themes / "mine" / "templates" / "NOTES.txt").write_bytes(b"Caf\xe9 notes\n")  # not UTF-8, and no page uses it
    project.settings.update(themes_dir=str(themes), theme="mine")
    compiled_at_fork = []
    real = split_build.ChildRenderer.__init__

    def spy(self, site, env, *args, **kwargs):
        compiled_at_fork.append({name for _, name in env.cache})
        real(self, site, env, *args, **kwargs)

    monkeypatch.setattr(split_build.ChildRenderer, "__init__", spy)
    one_shot(project)
    assert compiled_at_fork, "the build did not split"
    assert {"base.html", "article.html", "story.html", "partials/macros.html", "404.html"} <= compiled_at_fork[0]
    assert "partials/unused.html" not in compiled_at_fork[0]  # it does not compile, and no page asks for it


@pytest.fixture
def dying_child(monkeypatch):
    """The render child dies (exit code 9) at its first page; undo() lets the next build's child live."""
    parent = os.getpid()
    real_render = split_build.render_page

    def dies_in_child(env, page, shared):
        if os.getpid() != parent:
            os._exit(9)
        return real_render(env, page, shared)

    monkeypatch.setattr(split_build, "render_page", dies_in_child)
    return lambda: monkeypatch.setattr(split_build, "render_page", real_render)


def test_a_child_that_dies_while_rendering_leaves_its_pages_to_the_parent(project, tmp_path, dying_child, children):
    """A render child killed before it wrote anything (the kernel's answer to a build out of memory) costs the
    build its second core, not the build: the parent renders the child's share, with a warning."""
    fill(project)
    single = one_shot(project, tmp_path / "single", split=False)
    result = one_shot(project)
    assert children, "the build did not split"
    assert output_files(project.output) == output_files(tmp_path / "single")
    assert result.files == single.files and set(result.report.manifest) == set(single.report.manifest)
    assert [str(w) for w in result.warnings if "exit code 9" in str(w)], result.warnings


def test_the_pages_of_a_child_that_died_are_remembered_by_the_build_cache(project, dying_child, children):
    from newsdigest.build_cache import BuildCache

    fill(project)

    def cached_build(**options):
        store = BuildCache.open(project.config, project.output, (False, False))
        try:
            return SiteBuilder(project.config, reuse=False, store=store, **options).build()
        finally:
            store.close()

    first = cached_build(split=True)
    assert children and [w for w in first.warnings if "exit code 9" in str(w)]
    dying_child()  # the next build's child lives
    assert cached_build().rendered == 0  # every page, the child's share too, was remembered as rendered


def test_a_bug_in_the_child_fails_the_build_and_leaves_the_output_alone(project, monkeypatch, children):
    fill(project)
    one_shot(project)
    before = output_files(project.output)
    parent = os.getpid()
    real_render = split_build.render_page

    def fails_in_child(env, page, shared):
        if os.getpid() != parent:
            raise ZeroDivisionError("a bug")
        return real_render(env, page, shared)

    monkeypatch.setattr(split_build, "render_page", fails_in_child)
    with pytest.raises(SplitFailed, match="ZeroDivisionError: a bug"):
        one_shot(project)
    assert output_files(project.output) == before


def test_no_split_beside_other_threads_small_sites_or_kept_builds(project, children):
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert not can_split(10_000)
    finally:
        release.set()
        thread.join()
    assert can_split(10_000) and not can_split(split_build.SPLIT_MIN_PAGES - 1)
    fill(project, count=4)
    SiteBuilder(project.config, reuse=False).build()   # a small site: one process
    SiteBuilder(project.config, split=True).build()    # pages kept for the next build: one process
    assert children == []


def test_a_site_of_many_articles_renders_in_one_process(project, monkeypatch, children):
    from newsdigest import build

    fill(project, count=30)
    monkeypatch.setattr(split_build, "SPLIT_MIN_PAGES", 1)
    monkeypatch.setattr(build, "SPLIT_MIN_PAGES", 1)
    monkeypatch.setattr(build, "SPLIT_MAX_ARTICLES", 31)
    one_shot(project, split=None)        # under the bound: split
    monkeypatch.setattr(build, "SPLIT_MAX_ARTICLES", 30)
    one_shot(project, split=None)        # at it: the child would copy the whole heap, so one process
    one_shot(project, split=True)        # (tests still force a split)
    assert len(children) == 2


def test_a_build_without_standard_streams_still_splits(project, monkeypatch, children):
    fill(project)
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    result = one_shot(project)
    assert children and result.report.written == result.files


def test_shares_cover_every_page_once_the_child_taking_the_newest_days(project):
    fill(project, count=60)
    pages = one_shot(project, split=False).site.pages
    parent, child = share_pages(pages, 0.64)
    assert sorted(p.output_path for p in parent + child) == sorted(p.output_path for p in pages)
    assert len(child) == round(0.64 * len(pages))
    assert parent + child != in_render_order(pages) and in_render_order(parent) == parent
    assert in_render_order(child) == child
    # the dated pages split at a day: the child's are newer than or as new as the parent's
    child_days = [p.day for p in child if p.day]
    parent_days = [p.day for p in parent if p.day]
    assert min(child_days) >= max(parent_days)
    # the pages of the whole site interleave; each share has article and listing pages
    assert any(p.day is None for p in parent) and any(p.day is None for p in child)
    for share in (parent, child):
        assert {"article", "day", "tag"} <= {p.kind.value for p in share}


def test_the_child_takes_more_of_the_pages_the_more_feeds_the_parent_renders():
    assert child_share(15443, 0) == 0.5
    assert 0.54 < child_share(15443, 495) < 0.56  # the 10,000-article benchmark site
    assert 0.5 < child_share(150000, 900) < child_share(15443, 495)
    assert child_share(400, 10_000) == MAX_CHILD_SHARE and child_share(0, 3) == 0.5


def test_pages_render_whole_site_pages_first_then_newest_day_first(project):
    fill(project, count=30)
    pages = one_shot(project, split=False).site.pages
    ordered = in_render_order(pages)
    assert sorted(p.output_path for p in ordered) == sorted(p.output_path for p in pages)
    days = [p.day for p in ordered]
    undated = days.count(None)
    assert undated and all(day is None for day in days[:undated])
    assert days[undated:] == sorted(days[undated:], reverse=True)
    by_kind = {p.kind.value: p.day for p in reversed(ordered)}  # each kind's newest page
    assert by_kind["article"] == by_kind["day"] == by_kind["home"] == max(days[undated:])
    # pages of one day keep the site's order
    same_day = [p.output_path for p in ordered if p.day == days[undated]]
    assert same_day == [p.output_path for p in pages if p.day == days[undated]]


def block_with_a_folder(output: Path, page) -> None:
    """Put a folder where a page's file goes: writing that page then fails with an OSError."""
    target = output / page.output_path
    target.unlink()
    (target / "in-the-way").mkdir(parents=True)


def test_a_write_error_in_the_childs_share_is_raised_like_in_one_process(project, tmp_path, children):
    fill(project)
    site = one_shot(project).site
    _, child_pages = split_build.site_shares(site)
    block_with_a_folder(project.output, next(page for page in child_pages if page.kind == "article"))
    with pytest.raises(IsADirectoryError):
        one_shot(project)
    assert not list(project.output.rglob("*.tmp"))


@pytest.mark.slow
def test_a_parent_failing_while_the_child_writes_a_big_share_still_returns(project, children):
    import signal

    fill(project, count=500)
    site = one_shot(project).site
    parent_pages, child_pages = split_build.site_shares(site)
    assert len(child_pages) > 600  # its report no longer fits a pipe's buffer
    block_with_a_folder(project.output, next(page for page in parent_pages if page.kind == "article"))
    signal.alarm(120)  # a hang fails the test instead of the suite
    try:
        with pytest.raises(IsADirectoryError):
            one_shot(project)
    finally:
        signal.alarm(0)
    assert not list(project.output.rglob("*.tmp"))
