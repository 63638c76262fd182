"""Search index: Pagefind bundle from hand-made article pages, filters, base path, determinism."""

from __future__ import annotations

import gzip
import json
import logging

import pytest

from newsdigest.config import BUILTIN_THEMES_DIR
from newsdigest import search, search_bundle
from newsdigest.build import SiteBuilder, build
from newsdigest.search import SearchIndexCache, bundle_folders, build_search_index

pytest.importorskip("pagefind.index", reason="pip install 'pagefind[extended]'")


def page(title: str, body: str, source: str, topics: list[str], lang: str = "en",
         date: str = "2026-01-27T09:00:00+09:00") -> bytes:
    """An article page marked up the way the article template must be (see README, Search): a header with the
    title, outlet, byline and date, the body, and a footer with the attribution and topics."""
    topic_links = " ".join(f'<a class="topic" href="/t/" data-pagefind-filter="topic">{t}</a>' for t in topics)
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} | Digest</title></head>
<body>
<nav>Home Topics Sources menuword</nav>
<main>
<article class="story" data-pagefind-body>
  <header>
  <h1>{title}</h1>
  <p class="meta"><a class="source" href="/s/" data-pagefind-filter="source">{source}</a> <span>by Bylineword</span>
  <time datetime="{date}" data-pagefind-meta="date" data-pagefind-sort="date[datetime]">27 Jan 2026</time></p>
  </header>
  <div class="body"><p>{body}</p></div>
  <footer><p>Reported by Footerword.</p>
  <dl class="taxonomy"><dt>Topics</dt><dd>{topic_links}</dd></dl></footer>
</article>
<aside class="related"><h2>Related coverage</h2><p>relatedword elsewhere</p></aside>
</main>
</body></html>""".encode()


PAGES = {
    "2026/01/27/trump-tariffs/index.html": page(
        "Trump says Korean tariffs will climb", "Tariffs on lumber and pharmaceuticals rise to 25 percent.",
        "Pacific Ledger", ["Trade & tariffs"]),
    "2026/01/27/jennie-tour/index.html": page(
        "Jennie announces world tour", "The singer starts a twenty-city tour at the Olympic stadium.",
        "Han River Herald", ["Culture"]),
    "2026/01/28/cho-rubio-talks/index.html": page(
        "Cho Hyun to hold talks with Rubio", "The foreign ministers meet as the tariff dispute drags on.",
        "Seoul Wire", ["Diplomacy", "Trade & tariffs"], date="2026-01-28T08:00:00+09:00"),
}


def fragments(files: dict[str, bytes], folder: str = "pagefind") -> list[dict]:
    """Pagefind's per-page records: gzip, a 'pagefind_dcd' signature, then JSON."""
    records = []
    for path, data in sorted(files.items()):
        if path.startswith(f"{folder}/fragment/"):
            raw = gzip.decompress(data)
            assert raw.startswith(b"pagefind_dcd")
            records.append(json.loads(raw[len(b"pagefind_dcd"):]))
    return records


@pytest.fixture(scope="module")
def bundle() -> dict[str, bytes]:
    return build_search_index(PAGES)


def test_bundle_has_the_search_ui_and_index_files(bundle):
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-entry.json", "wasm.en.pagefind"):
        assert f"pagefind/{name}" in bundle
    assert any(path.startswith("pagefind/index/") for path in bundle)
    assert any(path.startswith("pagefind/filter/") for path in bundle)
    assert len([p for p in bundle if p.startswith("pagefind/fragment/")]) == 3
    assert all(path.startswith("pagefind/") and ".." not in path for path in bundle)
    assert "pagefind/playground/index.html" not in bundle
    entry = json.loads(bundle["pagefind/pagefind-entry.json"])
    assert entry["languages"]["en"]["page_count"] == 3


def test_records_carry_url_title_filters_and_body_only(bundle):
    records = {r["url"]: r for r in fragments(bundle)}
    assert set(records) == {"/2026/01/27/trump-tariffs/", "/2026/01/27/jennie-tour/", "/2026/01/28/cho-rubio-talks/"}
    cho = records["/2026/01/28/cho-rubio-talks/"]
    assert cho["meta"]["title"] == "Cho Hyun to hold talks with Rubio"
    assert cho["meta"]["date"] == "27 Jan 2026"
    # every string is stored HTML-escaped, so any search UI that inserts it as HTML shows text
    assert cho["filters"] == {"source": ["Seoul Wire"], "topic": ["Diplomacy", "Trade &amp; tariffs"]}
    assert "foreign ministers" in cho["content"]
    for record in records.values():  # data-pagefind-body keeps navigation and related lists out
        assert "menuword" not in record["content"] and "relatedword" not in record["content"]
        # the article's header and footer are no body text: excerpts start at the article's own words
        assert "Bylineword" not in record["content"] and "Footerword" not in record["content"]
        assert record["meta"]["title"] not in record["content"] and "Jan 2026" not in record["content"]
    assert cho["content"].startswith("The foreign ministers meet")


def test_articles_sort_by_their_date(bundle):
    entry = json.loads(bundle["pagefind/pagefind-entry.json"])
    meta = search_bundle._decode_data(bundle[f"pagefind/pagefind.{entry['languages']['en']['hash']}.pf_meta"])
    sorts = dict((name, pages) for name, pages in meta[4])  # [[sort name, page numbers in ascending order]]
    assert "date" in sorts and sorted(sorts["date"]) == [0, 1, 2]  # the search page's "Newest first"


def test_filter_values_are_in_the_filter_index(bundle):
    names = b"".join(gzip.decompress(data) for path, data in bundle.items() if path.startswith("pagefind/filter/"))
    for value in (b"topic", b"source", b"Trade &amp; tariffs", b"Culture", b"Pacific Ledger", b"Han River Herald"):
        assert value in names


def test_every_string_a_search_ui_shows_is_stored_escaped():
    payload = '<img src=x onerror="alert(1)">'
    page = (f'<html lang="en"><head><title>t</title></head><body><article data-pagefind-body><h1>Tariffs {payload}</h1>'
            f'<a data-pagefind-filter="source">Wire {payload}</a><time data-pagefind-meta="date">{payload}</time>'
            f'<p>Tariffs rose {payload} again.</p></article></body></html>').replace("<img", "&lt;img")
    files = build_search_index({"2026/01/27/x/index.html": page.encode()})
    (record,) = fragments(files)
    shown = [record["content"], record["meta"]["title"], record["meta"]["date"], *record["filters"]["source"]]
    assert all("<" not in text and '"' not in text for text in shown), shown
    assert record["filters"]["source"] == ["Wire &lt;img src=x onerror=&quot;alert(1)&quot;&gt;"]
    filters = b"".join(gzip.decompress(data) for path, data in files.items() if path.startswith("pagefind/filter/"))
    assert b"<img" not in filters and b"Wire &lt;img" in filters


def test_base_path_is_left_to_the_search_ui():
    """Pagefind's UI prefixes results with the folder above pagefind/, so the index holds site paths."""
    files = build_search_index({"2026/01/27/jennie-tour/index.html": PAGES["2026/01/27/jennie-tour/index.html"]})
    (record,) = fragments(files)
    assert record["url"] == "/2026/01/27/jennie-tour/"
    assert b"getDefaultBaseUrl" in files["pagefind/pagefind.js"]  # the runtime detection this relies on


def test_same_pages_give_identical_files(bundle):
    for _ in range(3):  # Pagefind itself orders filter values differently from run to run
        assert build_search_index(dict(reversed(list(PAGES.items())))) == bundle


def test_forced_language_puts_every_page_in_one_index():
    pages = {**PAGES, "2026/01/29/korean/index.html": page("무역 협상", "관세 협상이 계속된다.", "Seoul Wire", ["Trade"],
                                                            lang="ko")}
    split = json.loads(build_search_index(pages)["pagefind/pagefind-entry.json"])
    assert set(split["languages"]) == {"en", "ko"}
    single = json.loads(build_search_index(pages, language="en")["pagefind/pagefind-entry.json"])
    assert set(single["languages"]) == {"en"} and single["languages"]["en"]["page_count"] == 4


def test_missing_pagefind_gives_no_files_and_a_warning(monkeypatch, caplog):
    import pagefind.service

    monkeypatch.setattr(pagefind.service, "get_executable", lambda: None)
    with caplog.at_level(logging.WARNING, logger="newsdigest.search"):
        assert build_search_index(PAGES) == {}
    assert "pagefind[extended]" in caplog.text


def test_unsafe_paths_are_refused():
    with pytest.raises(ValueError):
        build_search_index({"../escape/index.html": b"<html></html>"})


def fake_pagefind(monkeypatch) -> list[list[str]]:
    """Pagefind replaced by a stand-in that makes a bundle naming its pages and their bytes; returns the list
    of the page paths of every bundle indexed, in the order they were indexed."""
    indexed: list[list[str]] = []

    async def index_pages(pages, language):
        indexed.append(sorted(pages))
        return {"pagefind.js": b"js", "pagefind-ui.js": b"ui", "pagefind-entry.json": repr(language).encode(),
                **{f"fragment/{path}": data for path, data in pages.items()}}

    monkeypatch.setattr(search, "_index_pages", index_pages)
    return indexed


def test_cache_indexes_again_only_the_bundles_whose_pages_changed(monkeypatch):
    indexed = fake_pagefind(monkeypatch)
    cache = SearchIndexCache()
    first = cache.get(PAGES, bundle_pages=1)
    assert len(indexed) == 3 and first == build_search_index(PAGES, bundle_pages=1)
    indexed.clear()
    assert cache.get(dict(PAGES), bundle_pages=1) == first and indexed == []
    changed = {**PAGES, "2026/01/27/jennie-tour/index.html": b"<html>new</html>"}
    kept = cache.get(changed, bundle_pages=1)
    assert indexed == [["2026/01/27/jennie-tour/index.html"]]
    indexed.clear()
    assert kept == build_search_index(changed, bundle_pages=1) and len(indexed) == 3   # what a whole index makes
    assert kept["pagefind/pagefind-ui.js"] == b"ui" and "pagefind-2/pagefind-ui.js" not in kept
    indexed.clear()
    cache.get(changed, bundle_pages=1, language="en")      # other settings: every bundle again
    assert len(indexed) == 3
    indexed.clear()
    cache.get(changed, language="en")                      # one bundle of all the pages now
    assert indexed == [sorted(changed)]


def test_cache_keeps_a_bundle_whose_pages_changed_only_outside_what_the_index_reads(monkeypatch):
    """A page whose related list changed (an edited headline elsewhere) is indexed as it was: Pagefind reads only
    its head and its `data-pagefind-body` element."""
    indexed = fake_pagefind(monkeypatch)
    cache = SearchIndexCache()
    cache.get(PAGES, bundle_pages=1)
    indexed.clear()
    path = "2026/01/27/jennie-tour/index.html"
    related = {**PAGES, path: PAGES[path].replace(b"relatedword elsewhere", b"Harbour cranes agreed")}
    assert b"Harbour cranes" in related[path] and cache.get(related, bundle_pages=1) and indexed == []
    in_body = {**PAGES, path: PAGES[path].replace(b"twenty-city tour", b"thirty-city tour")}
    cache.get(in_body, bundle_pages=1)
    assert indexed == [[path]]


def test_cache_keeps_nothing_from_a_build_without_pagefind(monkeypatch):
    indexed = fake_pagefind(monkeypatch)
    real_index_pages = search._index_pages

    async def missing(pages, language):
        raise search.SearchUnavailable("the Pagefind binary is not installed")

    monkeypatch.setattr(search, "_index_pages", missing)
    cache = SearchIndexCache()
    assert cache.get(PAGES, bundle_pages=1) == {}
    monkeypatch.setattr(search, "_index_pages", real_index_pages)
    assert len(cache.get(PAGES, bundle_pages=1)) == 3 * 3 + 1 and len(indexed) == 3


def test_works_inside_a_running_event_loop():
    import asyncio

    async def inside():
        return build_search_index({"a/index.html": PAGES["2026/01/27/jennie-tour/index.html"]})

    files = asyncio.run(inside())
    assert "pagefind/pagefind.js" in files


def test_cbor_round_trip_is_byte_exact_on_pagefind_files(bundle):
    """The re-encoder writes what Pagefind wrote: same shortest-form CBOR, including the index chunks."""
    for path, data in bundle.items():
        if path.endswith((".pf_meta", ".pf_filter", ".pf_index")):
            raw = gzip.decompress(data)
            assert search_bundle._encode_data(search_bundle._decode_data(data)) == raw


def test_a_site_without_articles_still_gets_a_working_empty_bundle():
    files = build_search_index({})
    assert "pagefind/pagefind-ui.js" in files
    assert json.loads(files["pagefind/pagefind-entry.json"])["languages"] == {}


def test_bundles_split_the_pages_in_path_order_and_only_the_first_carries_the_ui():
    assert bundle_folders(0, 2) == ["pagefind"] and bundle_folders(4, 2) == ["pagefind", "pagefind-2"]
    assert bundle_folders(5, 2) == ["pagefind", "pagefind-2", "pagefind-3"] and bundle_folders(5, 0) == ["pagefind"]
    files = build_search_index(PAGES, bundle_pages=2)
    assert {path.split("/")[0] for path in files} == {"pagefind", "pagefind-2"}
    assert [r["url"] for r in fragments(files)] != [] and sorted(r["url"] for r in fragments(files)) == [
        "/2026/01/27/jennie-tour/", "/2026/01/27/trump-tariffs/"]
    assert [r["url"] for r in fragments(files, "pagefind-2")] == ["/2026/01/28/cho-rubio-talks/"]
    for name in ("pagefind.js", "pagefind-entry.json", "wasm.en.pagefind"):
        assert f"pagefind-2/{name}" in files
    assert "pagefind/pagefind-ui.js" in files and not any(p.startswith("pagefind-2/pagefind-ui") for p in files)
    assert json.loads(files["pagefind-2/pagefind-entry.json"])["languages"]["en"]["page_count"] == 1


def test_bundles_indexed_at_once_are_the_bundles_indexed_one_by_one(monkeypatch):
    done = []
    at_once = build_search_index(PAGES, bundle_pages=1, on_bundle=lambda: done.append(1))
    monkeypatch.setattr(search, "CONCURRENT_BUNDLES", 1)
    assert build_search_index(PAGES, bundle_pages=1) == at_once and len(done) == 3
    assert {path.split("/")[0] for path in at_once} == {"pagefind", "pagefind-2", "pagefind-3"}


def test_the_search_page_merges_every_bundle_and_a_smaller_site_drops_the_extra_ones(project):
    project.settings["base_url"] = "https://news.example.org/digest/"
    project.settings["search"] = {"bundle_pages": 2}
    for n in range(5):
        project.add(f"a{n}", title=f"Tariff talks round {n}", date=f"2026-01-{10 + n}T09:00:00+09:00",
                    body=f"Round {n} of the talks.")
    result = build(project.config)
    assert result.site.search
    assert [p.name for p in sorted(project.output.glob("pagefind*"))] == ["pagefind", "pagefind-2", "pagefind-3"]
    html = (project.output / "search" / "index.html").read_text(encoding="utf-8")
    # the theme's search.js loads the first bundle and merges the others (see themes/default/static/search.js)
    assert """data-bundles='["/digest/pagefind/","/digest/pagefind-2/","/digest/pagefind-3/"]'""" in html
    sitemap = (project.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "/digest/topics/" in sitemap and "/search/" not in sitemap   # a search box is nothing to find
    for n in (3, 4):
        (project.content / f"a{n}.md").unlink()
    build(project.config)
    assert [p.name for p in sorted(project.output.glob("pagefind*"))] == ["pagefind", "pagefind-2"]
    assert "pagefind-3" not in (project.output / "search" / "index.html").read_text(encoding="utf-8")


def test_a_watching_builder_indexes_again_only_the_bundle_of_the_edited_article(project, tmp_path, indexed_bundles):
    """As watch and serve build: after an edit, the bundle holding the article is indexed again, the others are
    kept, and the index is the one a fresh build makes."""
    indexed = indexed_bundles
    project.settings["search"] = {"bundle_pages": 2}
    for n in range(5):
        project.add(f"a{n}", title=f"Tariff talks round {n}", date=f"2026-01-{10 + n}T09:00:00+09:00",
                    body=f"Round {n} of the talks.\n\nThe delegations met again.")
    builder = SiteBuilder(project.config)
    builder.build()
    assert len(indexed) == 3
    indexed.clear()
    project.add("a2", title="Tariff talks round 2", date="2026-01-12T09:00:00+09:00",   # not in its summary
                body="Round 2 of the talks.\n\nThe delegations met again and agreed on harbour cranes.")
    builder.build()
    assert indexed == [["2026/01/12/tariff-talks-round-2/index.html", "2026/01/13/tariff-talks-round-3/index.html"]]
    build(project.config, output_dir=tmp_path / "fresh")

    def index_files(folder):
        return {path.relative_to(folder).as_posix(): path.read_bytes()
                for path in sorted(folder.glob("pagefind*/**/*")) if path.is_file()}

    kept, fresh = index_files(project.output), index_files(tmp_path / "fresh")
    assert kept == fresh and any(b"crane" in gzip.decompress(data) for path, data in kept.items()
                                 if path.startswith("pagefind-2/fragment/"))


def test_a_command_line_build_after_an_edit_indexes_one_bundle_and_says_so(project, capsys, indexed_bundles):
    """`newsdigest build` with the build cache: an edit of one article indexes again only its bundle, and the
    summary line counts the bundles it indexed."""
    from newsdigest.cli import main

    project.settings["search"] = {"enabled": True, "bundle_pages": 2}
    for n in range(5):   # one tag: each article lists the others as related coverage
        project.add(f"a{n}", title=f"Tariff talks round {n}", date=f"2026-01-{10 + n}T09:00:00+09:00",
                    body=f"Round {n} of the talks.\n\nThe delegations met again.", tags=["tariffs"])
    config_path = project.write_config_file()
    assert main(["-c", str(config_path), "build"]) == 0
    assert "(3 of 3 bundles indexed)" in capsys.readouterr().out and len(indexed_bundles) == 3
    indexed_bundles.clear()
    project.add("a4", title="Tariff talks round 4", date="2026-01-14T09:00:00+09:00",
                body="Round 4 of the talks.\n\nThe delegations agreed on harbour cranes.", tags=["tariffs"])
    assert main(["-c", str(config_path), "build"]) == 0
    assert "(1 of 3 bundles indexed)" in capsys.readouterr().out
    assert indexed_bundles == [["2026/01/14/tariff-talks-round-4/index.html"]]
    # A new headline changes the related lists of the other four pages, outside what the index reads of them.
    indexed_bundles.clear()
    project.add("a4", title="Harbour cranes agreed", date="2026-01-14T09:00:00+09:00",
                body="Round 4 of the talks.\n\nThe delegations agreed on harbour cranes.", tags=["tariffs"])
    assert main(["-c", str(config_path), "build"]) == 0
    assert b"Harbour cranes agreed" in (project.output / "2026/01/10/tariff-talks-round-0/index.html").read_bytes()
    assert "(1 of 3 bundles indexed)" in capsys.readouterr().out
    assert indexed_bundles == [["2026/01/14/harbour-cranes-agreed/index.html"]]


def test_someone_elses_file_in_the_search_folder_stops_the_build_before_anything_is_written(project):
    """A Pagefind file left by another site generator stopped the build once the pages were in place: half a new
    site, no manifest, and the message said nothing was written."""
    from newsdigest.problems import NewsdigestError
    project.settings["search"] = {"enabled": False}
    project.add("a0", title="Tariff talks round 0", date="2026-01-10T09:00:00+09:00")
    build(project.config)
    (project.output / "pagefind").mkdir()
    (project.output / "pagefind" / "pagefind.js").write_text("another site's search", encoding="utf-8")
    before = {path: path.read_bytes() for path in project.output.rglob("*") if path.is_file()}
    project.settings["search"] = {"enabled": True}
    project.add("a0", title="Tariff talks, round 0", date="2026-01-10T09:00:00+09:00")
    with pytest.raises(NewsdigestError, match="did not create would be overwritten: pagefind/pagefind.js"):
        build(project.config)
    assert {path: path.read_bytes() for path in project.output.rglob("*") if path.is_file()} == before


def test_a_pagefind_run_that_fails_keeps_the_last_builds_index(project, monkeypatch):
    """The failed run's empty index made the last good one stale: deleted, while /search/ was still published."""
    import newsdigest.build
    from newsdigest.output import previous_manifest
    project.settings["search"] = {"enabled": True}
    project.add("a0", title="Tariff talks round 0", date="2026-01-10T09:00:00+09:00")
    build(project.config)
    index = sorted(path for path in project.output.rglob("pagefind/**/*") if path.is_file())
    assert index

    def fails(*args, **kwargs):
        raise RuntimeError("Pagefind crashed")
    monkeypatch.setattr(newsdigest.build, "build_search_index", fails)
    project.add("a0", title="Tariff talks, round 0", date="2026-01-10T09:00:00+09:00")
    result = build(project.config)
    assert any("Pagefind crashed; the last build's index is kept" in w.message for w in result.warnings)
    assert sorted(path for path in project.output.rglob("pagefind/**/*") if path.is_file()) == index
    manifest = previous_manifest(project.output)
    assert all(path.relative_to(project.output).as_posix() in manifest for path in index)


def test_a_theme_search_page_that_ignores_the_bundles_gets_a_warning(project, tmp_path):
    themes = tmp_path / "themes"
    (themes / "mine" / "templates").mkdir(parents=True)
    (themes / "default").symlink_to(BUILTIN_THEMES_DIR / "default")
    (themes / "mine" / "templates" / "search.html").write_text(
        '{% extends "base.html" %}{% block main %}<div id="search"></div>{% endblock %}', encoding="utf-8")
    project.settings.update(themes_dir=str(themes), theme="mine", search={"bundle_pages": 2})
    for n in range(3):
        project.add(f"a{n}", title=f"Tariff talks round {n}", date=f"2026-01-{10 + n}T09:00:00+09:00")
    result = build(project.config)
    (warning,) = [w for w in result.warnings if "search_bundles" in w.message]
    assert warning.path.name == "search.html" and "mine" in str(warning.path) and "2 bundles" in warning.message
    project.settings["search"] = {"bundle_pages": 0}  # one bundle: nothing to merge, nothing to say
    assert not [w for w in build(project.config).warnings if "search_bundles" in w.message]


def test_a_pagefind_run_that_fails_is_an_error_with_what_pagefind_said(monkeypatch, tmp_path, caplog):
    """A Pagefind binary that exits with an error (a broken install, a full disk) stops the index with its last
    word, and the site still builds: `build` reports it as a warning."""
    import pagefind.service

    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: no space left on device' >&2\nexit 3\n", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setattr(pagefind.service, "get_executable", lambda: broken)
    with pytest.raises(RuntimeError, match=r"exit status 3\): Error: no space left on device"):
        build_search_index(PAGES)


def test_pagefind_run_as_its_command_writes_the_bundle_the_index_reads(bundle):
    """The bundle is read once Pagefind's process has ended: the entry file counts every page, and no file is
    empty or cut short (each fragment is a whole gzip stream)."""
    assert json.loads(bundle["pagefind/pagefind-entry.json"])["languages"]["en"]["page_count"] == len(PAGES)
    assert all(data for data in bundle.values())
    fragments_read = [gzip.decompress(data) for path, data in bundle.items() if path.endswith(".pf_fragment")]
    assert len(fragments_read) == len(PAGES)


def test_pagefind_gets_only_the_head_and_the_indexed_element_and_makes_the_same_index(monkeypatch, bundle):
    sample = PAGES["2026/01/27/trump-tariffs/index.html"]
    cut = search.indexed_part(sample)
    assert cut.startswith(sample[:sample.index(b"<body>") + len(b"<body>")]) and cut.endswith(b"</article></body></html>")
    assert b"menuword" not in cut and b"relatedword" not in cut and b"Footerword" in cut
    monkeypatch.setattr(search, "indexed_part", lambda page: page)
    assert build_search_index(PAGES) == bundle     # the whole pages give the same bundle, byte for byte


@pytest.mark.parametrize("change", [
    lambda p: p.replace(b"<nav>", b"<nav data-pagefind-filter=\"x\">"),            # a Pagefind attribute outside
    lambda p: p.replace(b"</main>", b"<div data-pagefind-body>more</div></main>"),  # two indexed elements
    lambda p: p.replace(b"<div class=\"body\">", b"<div class=\"body\"><script>'</article>'</script>"),
    lambda p: p.replace(b"<!-- ", b"").replace(b"<div class=\"body\">", b"<div class=\"body\"><!-- </article> -->"),
    lambda p: p.replace(b"</article>", b""),                                        # tags that do not balance
    lambda p: p.replace(b" data-pagefind-body", b""),                               # nothing marked
    lambda p: p.replace(b"</title>", b"</title><script>document.write('<body>')"),    # a "<body>" in a script
])
def test_a_page_that_cannot_be_cut_safely_goes_to_pagefind_whole(change):
    sample = change(PAGES["2026/01/27/trump-tariffs/index.html"])
    assert search.indexed_part(sample) == sample


def test_bidi_controls_of_a_body_stay_out_of_the_index():
    """On the page an override ends with its paragraph; in the index the paragraphs are one text, and the search
    page shows an excerpt as one paragraph, which the override would turn around to its end."""
    sample = PAGES["2026/01/27/trump-tariffs/index.html"]
    hostile = sample.replace(b"Tariffs on lumber", "Payment to \u202e 0987654321 \u2067ok. Tariffs on lumber".encode())
    assert hostile != sample and search.indexed_part(hostile).count(b"0987654321") == 1
    indexed = search.indexed_part(hostile)
    assert "\u202e".encode() not in indexed and "\u2067".encode() not in indexed
    records = fragments(build_search_index({"2026/01/27/trump-tariffs/index.html": hostile}))
    text = json.dumps(records, ensure_ascii=False)
    assert "0987654321" in text and "\u202e" not in text and "\u2067" not in text


def test_nested_elements_of_the_same_name_are_cut_at_the_right_end():
    sample = PAGES["2026/01/27/jennie-tour/index.html"].replace(
        b"<div class=\"body\">", b"<div class=\"body\"><article class=\"quote\"><p>inner</p></article>")
    cut = search.indexed_part(sample)
    assert b"inner" in cut and b"Footerword" in cut and b"relatedword" not in cut
