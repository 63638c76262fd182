"""Quick updates (newsdigest.quick): an edit that keeps the site's structure re-renders only the files showing
the article, and the output equals a clean build's; an edit that changes the structure asks for a full build.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdigest.build import SiteBuilder, build
from newsdigest.progress import BuildCancelled
from newsdigest.quick import NeedsFullBuild
from newsdigest.journal import JOURNAL_NAME
from newsdigest.output import MANIFEST_NAME
from tests.conftest import Project, article_text

SAME_EVENT = ("Trade minister Yeo Han-koo flew to Washington for tariff talks with the U.S. trade "
              "representative on the investment bill, the auto tariff and the shipbuilding fund.")


def tree(folder: Path) -> dict[str, bytes]:
    """The site's files; not the output's bookkeeping (the journal lists what quick updates rewrote until a full
    build writes the manifest)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in (MANIFEST_NAME, JOURNAL_NAME)}


def assert_same_as_clean_build(project: Project, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    build(project.config, output_dir=clean)
    built, expected = tree(project.output), tree(clean)
    assert sorted(built) == sorted(expected)
    assert [path for path in built if built[path] != expected[path]] == []


def edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.fixture
def site(project: Project) -> Project:
    project.settings["search"] = {"enabled": False}  # the search index is the follow-up build's job
    # Two of these one-line reports of neighbouring events ("talks", "deal") meet at the headlines' threshold
    # (0.12): these cases are about the article pages, and a story would move with them.
    project.settings["stories"] = {"headline_threshold": 0.15}
    project.add("talks", title="Tariff talks resume", date="2026-01-12T10:00:00+09:00", tags=["Tariffs", "USTR"],
                source="Seoul Wire", body="Negotiators met on the tariff schedule.\n\nA second paragraph.")
    project.add("deal", title="Trade deal signed", date="2026-01-12T09:00:00+09:00", tags=["Tariffs"],
                source="Han River Herald", body="The tariff deal was signed after the talks.")
    project.add("summit", title="Summit in Gyeongju", date="2026-01-10T10:00:00+09:00", tags=["APEC"],
                source="Seoul Wire", body="Leaders met for the summit.")
    for n in range(5):
        project.add(f"older{n}", title=f"Earlier tariff note {n}", date=f"2026-01-0{n + 1}T08:00:00+09:00",
                    tags=["Tariffs"], source="Pacific Ledger", body=f"Tariff note number {n}.")
    return project


@pytest.fixture
def builder(site: Project) -> SiteBuilder:
    builder = SiteBuilder(site.config, quick_updates=True)
    builder.build()
    return builder


def test_body_edit_rerenders_only_what_shows_the_article(site, builder, tmp_path):
    out = site.output
    untouched = [out / "2026/01/10/summit-in-gyeongju/index.html", out / "tags/apec/index.html",
                 out / "topics/diplomacy/index.html", out / "archive/index.html"]
    before = [p.stat().st_mtime_ns for p in untouched]
    result = builder.update([edit(site.content / "talks.md", "Negotiators met", "Negotiators met again")])
    assert result.quick and result.parsed == 1
    assert result.report.written >= 2 and result.report.removed == 0
    assert "Negotiators met again" in (out / "2026/01/12/tariff-talks-resume/index.html").read_text()
    assert [p.stat().st_mtime_ns for p in untouched] == before
    assert result.rendered < len(result.site.pages) / 2
    assert_same_as_clean_build(site, tmp_path)


def test_title_edit_moves_the_page_and_updates_every_list_and_feed(site, builder, tmp_path):
    result = builder.update([edit(site.content / "talks.md", "Tariff talks resume", "Tariff talks resume in Seoul")])
    out = site.output
    assert result.quick and result.report.removed == 1
    assert not (out / "2026/01/12/tariff-talks-resume").exists()
    new_page = out / "2026/01/12/tariff-talks-resume-in-seoul/index.html"
    assert "Tariff talks resume in Seoul" in new_page.read_text()
    for listing in ("index.html", "2026/01/12/index.html", "tags/tariffs/index.html", "topics/trade/index.html",
                    "feed.xml", "tags/ustr/feed.xml", "sitemap.xml"):
        assert "tariff-talks-resume-in-seoul" in (out / listing).read_text(), listing
    assert_same_as_clean_build(site, tmp_path)
    # and again: the index follows the moved page
    result = builder.update([edit(site.content / "talks.md", "resume in Seoul", "resume in Busan")])
    assert result.quick and not new_page.exists()
    assert_same_as_clean_build(site, tmp_path)


@pytest.mark.parametrize("change, reason", [
    (("date: '2026-01-12T10:00:00+09:00'", "date: '2026-01-13T10:00:00+09:00'"), "date"),
    (("- USTR", "- Trade policy"), "tags"),
    (("source: Seoul Wire", "source: Pacific Ledger"), "source"),
    (("Negotiators met on the tariff schedule.", "Leaders met for a summit."), "topics"),
    # its entry in the sitemap: left out when its canonical address is the original's, lastmod from updated:
    (("source: Seoul Wire", "source: Seoul Wire\nurl: https://seoulwire.example.org/t\ncanonical: original"),
     "sitemap"),
    (("source: Seoul Wire", "source: Seoul Wire\nupdated: 2026-01-14T08:00:00+09:00"), "sitemap"),
])
def test_structural_edits_ask_for_a_full_build(site, builder, change, reason, tmp_path):
    path = edit(site.content / "talks.md", *change)
    with pytest.raises(NeedsFullBuild, match=reason):
        builder.update([path])
    builder.build()
    assert_same_as_clean_build(site, tmp_path)


def test_new_deleted_draft_and_broken_files_ask_for_a_full_build(site, builder, tmp_path):
    new = site.add("fresh", title="Fresh tariff story", date="2026-01-11T10:00:00+09:00")
    with pytest.raises(NeedsFullBuild, match="not on the site"):
        builder.update([new])
    new.unlink()
    with pytest.raises(NeedsFullBuild, match="not an existing content file"):
        builder.update([new])
    with pytest.raises(NeedsFullBuild, match="draft"):
        builder.update([edit(site.content / "deal.md", "title:", "draft: true\ntitle:")])
    (site.content / "deal.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    with pytest.raises(NeedsFullBuild, match="problems"):
        builder.update([site.content / "deal.md"])
    with pytest.raises(NeedsFullBuild, match="not an existing content file"):
        builder.update([site.root / "config.yaml"])


def test_a_new_title_that_reorders_same_time_articles_asks_for_a_full_build(site, builder):
    site.add("twin", title="Zinc tariffs", date="2026-01-12T10:00:00+09:00", tags=["Tariffs", "USTR"],
             source="Seoul Wire", body="Negotiators met on the tariff schedule.")
    builder.build()  # "Tariff talks resume" sorts before "Zinc tariffs" at the same minute
    with pytest.raises(NeedsFullBuild, match="moves it"):
        builder.update([edit(site.content / "talks.md", "Tariff talks resume", "Zz tariff talks resume")])


def test_a_slug_another_article_has_or_wants_asks_for_a_full_build(site, builder, tmp_path):
    site.add("other", title="Tariff wrap", date="2026-01-12T07:00:00+09:00", source="Seoul Wire")
    builder.build()
    with pytest.raises(NeedsFullBuild, match="shared"):
        builder.update([edit(site.content / "talks.md", "Tariff talks resume", "Tariff wrap")])
    builder.build()  # talks now publishes at tariff-wrap-2 (other was first); renaming other back is no quick job
    with pytest.raises(NeedsFullBuild, match="shared"):
        builder.update([edit(site.content / "other.md", "Tariff wrap", "Tariff wrap-up")])
    builder.build()
    assert_same_as_clean_build(site, tmp_path)


def test_a_slug_that_asks_for_another_pages_address_asks_for_a_full_build(site, tmp_path):
    """Under `article: /{slug}/` a title edited to "Search" or "Tags" wrote the article over that page in a quick
    update (the full build after it refuses the clash and writes nothing, so the broken site stayed)."""
    site.settings["permalinks"] = {"article": "/{slug}/"}
    builder = SiteBuilder(site.config, quick_updates=True)
    builder.build()
    tags_page = (site.output / "tags" / "index.html").read_bytes()
    with pytest.raises(NeedsFullBuild, match="another page's"):
        builder.update([edit(site.content / "summit.md", "Summit in Gyeongju", "Tags")])
    assert (site.output / "tags" / "index.html").read_bytes() == tags_page


def test_story_member_edit_updates_the_story_page_but_its_url_stays(project, tmp_path):
    project.settings["search"] = {"enabled": False}
    for name, source, hour in (("herald", "Han River Herald", 9), ("wire", "Seoul Wire", 10),
                               ("ledger", "Pacific Ledger", 11)):
        project.add(name, title=f"Yeo flies to Washington for tariff talks ({source})", slug=f"yeo-{name}",
                    date=f"2026-01-29T{hour:02d}:00:00+09:00", source=source, body=SAME_EVENT)
    builder = SiteBuilder(project.config, quick_updates=True)
    site = builder.build().site
    assert len(site.stories) == 1
    story = site.stories[0]
    lead = story.lead.source_path
    later = next(a for a in story.articles[1:] if a.source_path != lead)  # not the story's first article
    path = project.content / later.source_path
    result = builder.update([edit(path, "tariff talks", "tariff negotiations")])
    assert result.quick
    story_page = (project.output / story.url.lstrip("/") / "index.html").read_text()
    assert "tariff negotiations" in story_page
    builder.build()  # the follow-up full build: stories recomputed with the new words
    assert_same_as_clean_build(project, tmp_path)
    # A member's new address: its story page, the digest's "More:" list, the other members' coverage lists and
    # every "Full coverage" link follow it, as a clean build has them.
    result = builder.update([edit(path, f"slug: yeo-{path.stem}", f"slug: yeo-{path.stem}-moved")])
    story_page = (project.output / story.url.lstrip("/") / "index.html").read_text()
    assert result.quick and f"yeo-{path.stem}-moved" in story_page
    assert_same_as_clean_build(project, tmp_path / "after-move")
    # The story's address is made from its first article's: that article's new slug needs a full build.
    first = project.content / story.articles[0].source_path
    with pytest.raises(NeedsFullBuild, match="story"):
        builder.update([edit(first, f"slug: yeo-{first.stem}", f"slug: yeo-{first.stem}-moved")])


def test_freeing_a_url_a_numbered_article_passed_over_asks_for_a_full_build(site, builder, tmp_path):
    for name, slug, hour in (("first", "wrap", 7), ("second", "wrap-2", 8), ("third", "wrap", 9)):
        site.add(name, title=f"Wrap {name}", slug=slug, date=f"2026-01-20T{hour:02d}:00:00+09:00")
    builder.build()  # first: wrap/, second: wrap-2/, third passes over wrap-2/ to wrap-3/
    assert (site.output / "2026/01/20/wrap-3/index.html").is_file()
    with pytest.raises(NeedsFullBuild, match="shared"):
        builder.update([edit(site.content / "second.md", "slug: wrap-2", "slug: quite-different")])
    builder.build()  # third moves down to wrap-2/
    assert_same_as_clean_build(site, tmp_path)


def test_two_neighbours_edited_together_are_ordered_against_each_others_new_titles(site, builder, tmp_path):
    site.add("beta", title="Beta", date="2026-01-25", source="Seoul Wire")
    site.add("charlie", title="Charlie", date="2026-01-25", source="Seoul Wire")
    builder.build()  # same bare date: the title decides the order
    paths = [edit(site.content / "beta.md", "title: Beta", "title: Bravo"),
             edit(site.content / "charlie.md", "title: Charlie", "title: Bingo")]
    with pytest.raises(NeedsFullBuild, match="moves it"):
        builder.update(paths)
    builder.build()
    assert_same_as_clean_build(site, tmp_path)


def test_an_emptied_output_folder_asks_for_a_full_build(site, builder, tmp_path):
    shutil.rmtree(site.output)
    with pytest.raises(NeedsFullBuild, match="emptied"):
        builder.update([edit(site.content / "talks.md", "Negotiators", "Negotiators now")])
    builder.build()
    assert_same_as_clean_build(site, tmp_path)


def test_a_build_beside_the_watching_builder_is_not_forgotten(site, builder, tmp_path):
    """`build --drafts` run beside `watch`: the watching builder's own manifest no longer describes the folder.
    Its next update is a full build that reads the other build's manifest, so the draft page that build wrote
    is removed as a file of newsdigest's, and no page it rewrote is taken for a hand edit."""
    site.add("scoop", title="Unpublished scoop", date="2026-01-12T11:00:00+09:00", draft=True, body="Not yet.")
    builder.update([])  # the watcher saw the new draft: nothing to show
    build(site.config, include_drafts=True)
    drafts = [path for path in site.output.rglob("*") if "unpublished-scoop" in path.as_posix()]
    assert drafts
    with pytest.raises(NeedsFullBuild, match="another build"):
        builder.update([edit(site.content / "talks.md", "Negotiators", "Negotiators now")])
    result = builder.build()
    assert not result.warnings and not result.report.backups
    assert not any(path.exists() for path in drafts)
    assert_same_as_clean_build(site, tmp_path)


def test_full_build_after_quick_updates_trusts_no_outdated_manifest_entry(site, builder, tmp_path):
    """A file system that keeps times to the second can leave a rewritten page's time unchanged."""
    page = site.output / "2026/01/12/tariff-talks-resume/index.html"
    original, mtime = page.read_bytes(), page.stat().st_mtime_ns
    builder.update([edit(site.content / "talks.md", "Negotiators met", "Negotiators sat")])  # same length
    assert page.read_bytes() != original and len(page.read_bytes()) == len(original)
    os.utime(page, ns=(mtime, mtime))
    edit(site.content / "talks.md", "Negotiators sat", "Negotiators met")
    builder.build()
    assert page.read_bytes() == original


def test_a_stopped_build_writes_nothing_and_keeps_quick_updates_working(site, builder, tmp_path):
    before = tree(site.output)
    edit(site.content / "deal.md", "was signed", "was finally signed")
    with pytest.raises(BuildCancelled):
        builder.build(should_stop=lambda: True)
    assert tree(site.output) == before
    result = builder.update([site.content / "deal.md"])
    assert result.quick and "finally signed" in (site.output / "2026/01/12/trade-deal-signed/index.html").read_text()
    assert_same_as_clean_build(site, tmp_path)


def test_templates_changed_and_failed_renders_drop_the_index(site, builder):
    builder.templates_changed()
    with pytest.raises(NeedsFullBuild):
        builder.update([edit(site.content / "talks.md", "Negotiators", "Negotiators now")])


WORDS = st.sampled_from(["tariff", "summit", "minister", "deal", "Seoul", "talks", "budget", "chips"])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.sampled_from(["talks", "deal", "summit", "older2"]),
                                st.sampled_from(["title", "body", "summary"]),
                                st.lists(WORDS, min_size=1, max_size=4)), min_size=1, max_size=4))
def test_any_series_of_edits_ends_like_a_clean_build(tmp_path_factory, edits):
    """Whatever the edits, quick when they allow it and full otherwise, each result equals a clean build."""
    root = tmp_path_factory.mktemp("series")
    project = Project(root / "site")
    project.settings["search"] = {"enabled": False}
    project.settings["stories"] = {"enabled": False}  # stories are the follow-up build's job
    fields = {"talks": ("2026-01-12T10:00:00+09:00", ["Tariffs"], "Seoul Wire"),
              "deal": ("2026-01-12T09:00:00+09:00", ["Tariffs"], "Han River Herald"),
              "summit": ("2026-01-10T10:00:00+09:00", ["APEC"], "Seoul Wire"),
              "older2": ("2026-01-03T08:00:00+09:00", ["Tariffs"], "Pacific Ledger")}
    state = {name: {"title": f"{name} tariff story", "body": f"The {name} tariff body.", "summary": ""}
             for name in fields}

    def write(name: str) -> Path:
        when, tags, source = fields[name]
        extra = {"summary": state[name]["summary"]} if state[name]["summary"] else {}
        return project.write(f"{name}.md", article_text(title=state[name]["title"], date=when, tags=tags,
                                                        source=source, body=state[name]["body"], **extra))

    for name in fields:
        write(name)
    builder = SiteBuilder(project.config, quick_updates=True)
    builder.build()
    for name, field, words in edits:
        state[name][field] = " ".join(words).capitalize() + ("." if field != "title" else "")
        path = write(name)
        try:
            builder.update([path])
        except NeedsFullBuild:
            builder.build()
        assert_same_as_clean_build(project, root)


def test_a_theme_with_templates_of_its_own_gets_full_builds_that_match_a_clean_one(project, tmp_path):
    """A list item showing the newest article's title: a quick update rendered the edited article's pages only,
    and the follow-up full build kept the other pages' stale items."""
    templates = project.root / "themes" / "mine" / "templates" / "partials"
    templates.mkdir(parents=True)
    builtin = Path(__file__).resolve().parents[1] / "newsdigest" / "themes" / "default" / "templates" / "partials"
    (templates / "article_item.html").write_text(
        "<!-- newest: {{ site.articles[0].title }} -->" + (builtin / "article_item.html").read_text(encoding="utf-8"),
        encoding="utf-8")
    project.settings.update(themes_dir=str(project.root / "themes"), theme="mine")
    project.add("x", title="Old newest title", date="2026-01-29T10:00:00+09:00", body="The newest report.")
    project.add("y", title="An older report", date="2026-01-28T10:00:00+09:00", body="An older report.")
    builder = SiteBuilder(project.config, quick_updates=True)
    builder.build()
    path = edit(project.content / "x.md", "Old newest title", "New newest title")
    with pytest.raises(NeedsFullBuild, match="templates of its own"):
        builder.update([path])
    builder.build()
    assert_same_as_clean_build(project, tmp_path)
