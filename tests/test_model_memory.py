"""What each article costs a build's memory: values many articles share are held once, keys are plain strings.

A million-article build holds every article's fields and page at once (docs/benchmark.md); these tests pin the
forms that keep that small, each of which an earlier version held per article.
"""

from __future__ import annotations

import pickle
import sys

from newsdigest.article import parse_article
from newsdigest.cache_rows import decode_parsed, encode_parsed
from newsdigest.config import load_config
from newsdigest.content import load_articles
from newsdigest.pages import ArticlePageContext, PageKind, list_pages
from newsdigest.render import fingerprint_of
from newsdigest.site_model import build_site_model
from tests.conftest import REPO


def _parsed(project, name: str, date: str):
    path = project.add(name, title=f"Report {name}", date=date)
    return parse_article(path, path.read_bytes(), project.config, project.content)


def test_an_article_is_keyed_by_its_content_path_as_a_string(project):
    article = _parsed(project, "2026/01/port-strike", "2026-01-29T15:08:00+09:00")
    assert type(article.source_path) is str and article.source_path == "2026/01/port-strike.md"
    row = encode_parsed(article, None)[0]
    again = decode_parsed(row, project.content / article.source_path, article.file_hash)[0]
    assert type(again.source_path) is str and again.source_path == article.source_path


def test_dates_at_one_offset_share_one_zone_object_read_from_files_or_from_the_build_cache(project):
    first = _parsed(project, "first", "2026-01-29T15:08:00+09:00")
    second = _parsed(project, "second", "2026-01-30T08:00:00+09:00")
    other = _parsed(project, "other", "2026-01-30T08:00:00-05:00")
    assert first.date.tzinfo is second.date.tzinfo and other.date.tzinfo is not first.date.tzinfo
    cached = [decode_parsed(encode_parsed(article, None)[0], project.content / article.source_path,
                            article.file_hash)[0] for article in (first, second)]
    assert cached[0].date.tzinfo is cached[1].date.tzinfo is first.date.tzinfo
    # A worker's articles reach the build pickled together: one zone object for all of them there too
    unpickled = pickle.loads(pickle.dumps([first, second]))
    assert unpickled[0].date.tzinfo is unpickled[1].date.tzinfo


def test_articles_of_one_digest_day_share_one_date_object(project):
    for hour in ("08", "10", "12"):
        project.add(f"report-{hour}", title=f"Report at {hour}", date=f"2026-01-29T{hour}:00:00+09:00")
    site = build_site_model(project.config, load_articles(project.config).articles)
    days = [article.day for article in site.articles]
    assert len(days) == 3 and days[0] is days[1] is days[2]


def test_an_article_page_context_is_a_small_read_only_mapping_that_sums_up_as_a_dict_would(project):
    project.add("a", title="Tariff talks open", date="2026-01-29T08:00:00+09:00", tags=["trade"])
    project.add("b", title="Tariff talks close", date="2026-01-29T10:00:00+09:00", tags=["trade"])
    site = build_site_model(project.config, load_articles(project.config).articles)
    page = next(page for page in list_pages(site) if page.kind == PageKind.ARTICLE)
    context = page.context
    assert type(context) is ArticlePageContext and not hasattr(context, "__dict__")
    as_dict = dict(context)
    assert list(as_dict) == ["article", "related", "story"] and as_dict["article"].page_url == page.url
    assert {**context} == as_dict and "story" in context and context.get("missing") is None
    assert fingerprint_of(context) == fingerprint_of(as_dict)
    assert sys.getsizeof(context) < sys.getsizeof(as_dict)


def test_a_one_shot_build_lets_go_of_the_articles_as_loaded_once_they_are_placed_and_finds_the_same_stories():
    config = load_config(REPO / "config.yaml")   # the sample site: stories of several outlets
    kept = load_articles(config).articles
    released = list(kept)
    site = build_site_model(config, kept)
    site_released = build_site_model(config, released, release_loaded=True)
    assert released == [] and len(kept) == len(site.articles) == len(site_released.articles)

    def stories(model):
        return [(story.url, [a.page_url for a in story.articles], story.lead.page_url) for story in model.stories]

    assert len(site.stories) >= 3 and stories(site_released) == stories(site)


def test_a_cache_read_once_keeps_no_file_versions_and_one_kept_for_a_session_reads_unchanged_files_no_more(project):
    from newsdigest.content import ArticleCache

    paths = [project.add(f"report-{n}", title=f"Report {n}", date="2026-01-29T08:00:00+09:00") for n in range(3)]
    config, root = project.config, project.content.resolve()
    once, session = ArticleCache(session=False), ArticleCache()
    for cache in (once, session):
        cache.refresh(paths, config, root)
        assert [cache.result(path).title for path in paths] == ["Report 0", "Report 1", "Report 2"]
    assert {entry.file_hash for entry in once._entries.values()} == {""}
    assert all(entry.file_hash == entry.result.file_hash for entry in session._entries.values())
    session.refresh(paths, config, root)
    assert session.parsed == 3   # the session's second look parsed nothing again; one read once would parse all
    once.refresh(paths, config, root)
    assert once.parsed == 6


def test_a_one_shot_build_renders_holding_no_cache_of_what_it_read(project, monkeypatch, tmp_path):
    import newsdigest.build as build_module

    for n in range(3):
        project.add(f"report-{n}", title=f"Tariff report {n}", date="2026-01-29T08:00:00+09:00")
    held = []
    render = build_module.BuildRun.render

    def watching_render(self, site_model, output):
        caches = self.builder.caches
        held.append((len(caches.topics), len(caches.story_tokens), len(caches.articles._entries)))
        return render(self, site_model, output)

    monkeypatch.setattr(build_module.BuildRun, "render", watching_render)
    build_module.build(project.config, output_dir=tmp_path / "out")
    assert held == [(0, 0, 0)]


def test_the_content_files_are_read_by_their_names_as_strings(project, monkeypatch):
    from newsdigest import content

    for n in range(3):
        project.add(f"2026/01/report-{n}", title=f"Report {n}", date="2026-01-29T08:00:00+09:00")
    asked = []
    refresh = content.ArticleCache.refresh

    def watching_refresh(self, paths, config, root):
        asked.extend(paths)
        return refresh(self, paths, config, root)

    monkeypatch.setattr(content.ArticleCache, "refresh", watching_refresh)
    loaded = load_articles(project.config)
    assert [type(name) for name in asked] == [str] * 3
    assert asked == [str(project.content / "2026" / "01" / f"report-{n}.md") for n in range(3)]
    assert sorted(article.title for article in loaded.articles) == ["Report 0", "Report 1", "Report 2"]
