"""The persistent build cache (newsdigest.build_cache): a build that uses it writes exactly what a build
without it writes, parses only changed files, renders only changed pages, and shrugs off a damaged cache."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from newsdigest import search
from newsdigest.build import build as build_once
from newsdigest.build_cache import BuildCache, cache_path
from newsdigest.cache_rows import ARTICLE_FIELD_NAMES
from newsdigest.config import CACHE_DIR_NAME
from newsdigest.journal import JOURNAL_NAME, MANIFEST_NAME

from tests.conftest import REPO, article_text

WORDS = ("tariff summit trade deal minister harbour election storm river market budget vaccine league museum "
         "court ruling port strike orchestra drought rally").split()
BOOKKEEPING = {MANIFEST_NAME, JOURNAL_NAME}


def build(config, **options):
    """A one-shot build as `newsdigest build` runs it: with the persistent cache unless told otherwise."""
    return build_once(config, **{"cache": True, **options})


def site_files(folder: Path) -> dict[str, bytes]:
    """Every file a build wrote into `folder`, by relative path (the output's own bookkeeping left out)."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file() and path.name not in BOOKKEEPING}


def cache_file(project) -> Path:
    return cache_path(project.config, project.output)


def check_same_as_fresh(project, tmp_path: Path, step: str):
    """Build with the cache, then build without it into a new folder: the files must be the same, byte for byte."""
    result = build(project.config)
    fresh = tmp_path / f"fresh-{step}"
    build(project.config, output_dir=fresh, cache=False)
    cached, expected = site_files(project.output), site_files(fresh)
    assert cached.keys() == expected.keys(), step
    different = [name for name in expected if cached[name] != expected[name]]
    assert not different, f"{step}: {different[:5]}"
    shutil.rmtree(fresh)
    return result


def sentence(rng: random.Random, words: int = 12) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def random_date(rng: random.Random) -> str:
    return f"2026-01-{rng.randint(20, 29):02d}T{rng.randint(0, 23):02d}:{rng.choice((0, 30)):02d}:00+09:00"


def write_article(project, name: str, rng: random.Random, **meta):
    meta.setdefault("title", sentence(rng, 5))
    meta.setdefault("date", random_date(rng))
    body = "\n\n".join(sentence(rng, 30) for _ in range(rng.randint(1, 3)))
    project.write(f"{name}.md", article_text(body=body, tags=[rng.choice(WORDS)], source=rng.choice(("Wire", "Daily")),
                                             **meta))


def custom_theme(project) -> Path:
    """A theme overriding one template of the default theme, returned so a test can edit it."""
    themes = project.root / "themes"
    template = themes / "mine" / "templates" / "partials" / "article_item.html"
    template.parent.mkdir(parents=True)
    shutil.copy(REPO / "newsdigest" / "themes" / "default" / "templates" / "partials" / "article_item.html", template)
    project.settings.update(themes_dir=str(themes), theme="mine")
    return template


def test_random_edits_give_the_same_output_as_fresh_builds(project, tmp_path):
    rng = random.Random(7)
    project.settings["search"] = {"enabled": True, "bundle_pages": 3}  # the index too, in bundles: as without
    template = custom_theme(project)
    names = [f"story-{n}" for n in range(8)]
    for name in names:
        write_article(project, name, rng)
    first = check_same_as_fresh(project, tmp_path, "first")
    assert first.parsed == len(names)
    again = check_same_as_fresh(project, tmp_path, "again")
    assert (again.parsed, again.rendered) == (0, 0)  # everything from the cache, nothing rendered
    steps = ["body", "title", "add", "delete", "rename", "date", "config", "theme"] * 2
    rng.shuffle(steps)
    for number, step in enumerate(steps):
        name = rng.choice(names)
        path = project.content / f"{name}.md"
        if step == "body":
            path.write_text(path.read_text(encoding="utf-8") + "\n" + sentence(rng) + "\n", encoding="utf-8")
        elif step == "title":
            write_article(project, name, rng, title=sentence(rng, 4))
        elif step == "add":
            names.append(f"new-{number}")
            write_article(project, names[-1], rng)
        elif step == "delete" and len(names) > 3:
            path.unlink()
            names.remove(name)
        elif step == "rename":
            names[names.index(name)] = f"renamed-{number}"
            path.rename(project.content / f"renamed-{number}.md")
        elif step == "date":
            write_article(project, name, rng, title=name.replace("-", " ").title())
        elif step == "config":
            project.settings["summary_length"] = rng.choice((20, 40, 280))
            project.settings["title"] = f"Digest {number}"
        elif step == "theme":
            template.write_text(template.read_text(encoding="utf-8") + f"<!-- {number} -->\n", encoding="utf-8")
        result = check_same_as_fresh(project, tmp_path, f"{number}-{step}")
        if step in ("body", "title"):
            assert result.parsed == 1, step


def test_a_template_of_the_sites_own_that_shows_site_wide_data_is_never_left_stale(project, tmp_path):
    """A theme's topic navigation with each topic's count, and a sidebar naming the newest article: pages the
    build cache kept after an article was added still showed the old count and the old newest article, where a
    build without the cache shows the new ones. (A copy of the built-in theme left as it is keeps the cache's
    page-by-page reuse.)"""
    rng = random.Random(11)
    themes = project.root / "themes"
    templates = themes / "mine" / "templates"
    (templates / "partials").mkdir(parents=True)
    builtin = REPO / "newsdigest" / "themes" / "default" / "templates"
    nav = (builtin / "partials" / "topic_nav.html").read_text(encoding="utf-8")
    (templates / "partials" / "topic_nav.html").write_text(
        nav.replace("{{ term.name }}</a>", "{{ term.name }} ({{ term.count }})</a><!-- {{ site.articles[0].title }} -->"),
        encoding="utf-8")
    project.settings.update(themes_dir=str(themes), theme="mine")
    for n in range(5):
        write_article(project, f"a{n}", rng)
    check_same_as_fresh(project, tmp_path, "first")
    write_article(project, "newest", rng, date="2026-01-30T12:00:00+09:00")
    check_same_as_fresh(project, tmp_path, "added")
    (project.content / "a1.md").unlink()
    check_same_as_fresh(project, tmp_path, "deleted")


def test_an_edit_parses_one_file_and_renders_only_what_shows_it(project, tmp_path):
    rng = random.Random(3)
    for n in range(6):
        write_article(project, f"a{n}", rng)
    first = build(project.config)
    path = project.content / "a2.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    second = check_same_as_fresh(project, tmp_path, "edit")
    assert second.parsed == 1
    assert 0 < second.rendered < first.rendered


def test_an_edit_within_the_same_second_is_never_missed(project, tmp_path):
    """Same size, same modification time, other bytes: the cache goes by content hash, so it sees the edit."""
    path = project.write("a.md", article_text(title="Tariff talks resumed", body="First version."))
    build(project.config)
    stat = path.stat()
    path.write_text(article_text(title="Tariff talks stalled", body="Other version."), encoding="utf-8")
    assert path.stat().st_size == stat.st_size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    result = check_same_as_fresh(project, tmp_path, "same-second")
    assert result.parsed == 1
    pages = "".join(data.decode("utf-8", "replace") for data in site_files(project.output).values())
    assert "Tariff talks stalled" in pages and "Tariff talks resumed" not in pages


def damage_truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def damage_garbage(path: Path) -> None:
    path.write_bytes(os.urandom(5000))


def damage_empty(path: Path) -> None:
    path.write_bytes(b"")


def damage_schema(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '999' WHERE name = 'schema'")


def damage_rows(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE articles SET data = '{\"article\": {\"title\": 5}}'")
        db.execute("UPDATE pages SET digest = 'nonsense'")


def damage_foreign_table(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE articles")
        db.execute("CREATE TABLE articles (x BLOB)")


def damage_wrong_values(path: Path) -> None:
    """Rows that decode, but to values a parse never produces (another version's rows, or tampering): a title
    that is a number, tags that are not texts, a date without its zone, a count of fields one short."""
    place = {name: place for place, name in enumerate(ARTICLE_FIELD_NAMES)}
    damages = [(place["title"], {"n": "1.5"}), (place["tags"], [1, 2]),
               (place["date"], ["2026-01-10T10:00:00", None, 0]), (None, None)]
    with sqlite3.connect(path) as db:
        rows = [row for row in db.execute("SELECT path, data FROM articles ORDER BY path")
                if not row[0].endswith("a1.md")]   # (the test edits that one: its row is not read anyway)
        assert len(rows) >= len(damages)
        for (where, data), (place, value) in zip(rows, damages):
            data = json.loads(data)
            if place is None:
                data["article"].pop()
            else:
                data["article"][place] = value
            db.execute("UPDATE articles SET data = ? WHERE path = ?", (json.dumps(data), where))


@pytest.mark.parametrize("damage", [damage_truncate, damage_garbage, damage_empty, damage_schema, damage_rows,
                                    damage_foreign_table, damage_wrong_values])
def test_a_damaged_cache_is_ignored_and_rebuilt(project, tmp_path, damage):
    rng = random.Random(5)
    for n in range(5):
        write_article(project, f"a{n}", rng)
    build(project.config)
    damage(cache_file(project))
    path = project.content / "a1.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nAn edit.\n", encoding="utf-8")
    rebuilt = check_same_as_fresh(project, tmp_path, damage.__name__)
    assert rebuilt.parsed == 5   # every damaged row was parsed again, not read
    again = build(project.config)  # the cache was rebuilt: nothing left to do
    assert (again.parsed, again.rendered) == (0, 0)


def test_an_output_file_changed_by_hand_is_rendered_again(project, tmp_path):
    rng = random.Random(9)
    for n in range(3):
        write_article(project, f"a{n}", rng)
    build(project.config)
    page = project.output / "index.html"
    page.write_text("changed by hand", encoding="utf-8")
    (project.output / "404.html").unlink()
    result = check_same_as_fresh(project, tmp_path, "hand-edit")
    assert result.rendered == 2


def test_an_emptied_output_folder_is_built_whole(project, tmp_path):
    rng = random.Random(11)
    for n in range(3):
        write_article(project, f"a{n}", rng)
    build(project.config)
    shutil.rmtree(project.output)
    result = check_same_as_fresh(project, tmp_path, "emptied")
    assert result.parsed == 0 and result.rendered > 0


def test_problem_files_are_cached_and_still_reported(project):
    project.write("bad.md", "---\ntitle: [unclosed\n---\nbody\n")
    project.add("good", title="Fine")
    first = build(project.config, skip_bad=True)
    second = build(project.config, skip_bad=True)
    assert second.parsed == 0
    assert [str(problem) for problem in second.skipped] == [str(problem) for problem in first.skipped]


def test_no_cache_folder_is_no_problem(project, tmp_path):
    """A cache that cannot be opened (here a file where the cache folder should be) only costs time."""
    project.add("a", title="Tariff A")
    (project.root / CACHE_DIR_NAME).write_text("not a folder")
    assert BuildCache.open(project.config, project.output) is None
    check_same_as_fresh(project, tmp_path, "no-cache")


def test_pages_a_split_build_rendered_in_its_child_are_remembered_too(project, tmp_path):
    from newsdigest.build import SiteBuilder

    rng = random.Random(13)
    for n in range(5):
        write_article(project, f"a{n}", rng)
    config = project.config
    store = BuildCache.open(config, project.output, (False, False))
    try:
        first = SiteBuilder(config, reuse=False, split=True, store=store).build()
    finally:
        store.close()
    assert first.rendered > 0
    again = check_same_as_fresh(project, tmp_path, "after-split")
    assert (again.parsed, again.rendered) == (0, 0)


def test_an_edit_build_that_splits_renders_only_the_changed_pages_of_either_share(project, tmp_path):
    """After an edit, a build that renders in two processes leaves unchanged pages as they are in both: the child
    works out its pages' fingerprints and keeps those output/ holds as the last build wrote them."""
    from newsdigest.build import SiteBuilder

    rng = random.Random(17)
    for n in range(8):
        write_article(project, f"a{n}", rng)
    config = project.config

    def split_build():
        store = BuildCache.open(config, project.output, (False, False))
        try:
            return SiteBuilder(config, reuse=False, split=True, store=store).build()
        finally:
            store.close()

    first = split_build()
    before = {path: path.stat().st_mtime_ns for path in project.output.rglob("*.html")}
    path = project.content / "a3.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    second = split_build()
    assert second.parsed == 1 and 0 < second.rendered < first.rendered / 2
    assert second.report.unchanged > len(before) / 2
    touched = [page for page, stamp in before.items() if page.stat().st_mtime_ns != stamp]
    assert 0 < len(touched) < len(before) / 2
    again = check_same_as_fresh(project, tmp_path, "after-split-edit")
    assert (again.parsed, again.rendered) == (0, 0)


def test_only_the_search_bundles_holding_a_changed_page_are_indexed_again(project, tmp_path, indexed_bundles):
    if not search.search_available():
        pytest.skip("Pagefind is not installed")
    indexed = indexed_bundles
    project.settings["search"] = {"enabled": True, "bundle_pages": 2}
    rng = random.Random(17)
    for n in range(5):
        write_article(project, f"a{n}", rng)
    build(project.config)
    assert len(indexed) == 3
    indexed.clear()
    assert build(project.config).search_files > 0
    assert indexed == []  # nothing changed: every bundle kept
    path = project.content / "a3.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA sentence about harbour cranes.\n", encoding="utf-8")
    check_same_as_fresh(project, tmp_path, "search-edit")
    # The cached build indexed only the edited page's bundle, then the fresh build all three.
    assert len(indexed) == 1 + 3 and indexed[0] in indexed[1:]


def test_article_rows_are_stored_as_the_build_goes_not_held_to_its_end(project, tmp_path, monkeypatch):
    """A first build of a large site writes its parses in batches (memory stays bounded); the result is the same."""
    import newsdigest.build_cache as build_cache

    monkeypatch.setattr(build_cache, "FLUSH_ROWS", 2)
    rng = random.Random(7)
    for n in range(5):
        write_article(project, f"a{n}", rng)
    seen_during_build = []
    real_save = BuildCache.save

    def save(self, *args, **kwargs):
        with sqlite3.connect(self.path) as db:
            seen_during_build.append(db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(BuildCache, "save", save)
    check_same_as_fresh(project, tmp_path, "first")
    assert seen_during_build[0] == 4       # two batches of two written before the end; the fifth waits for save
    assert check_same_as_fresh(project, tmp_path, "again").parsed == 0


def test_cached_articles_read_their_bodies_from_the_cache_only_when_shown(project, tmp_path, monkeypatch):
    """A build after an edit takes the other articles from the cache without their bodies; a body is read (in
    whichever process renders its page, here a forked render child as well) only for a page or feed that shows it."""
    from newsdigest.body_store import CacheBodies, CachedBody
    from newsdigest.build import SiteBuilder

    project.settings["feeds"] = {"items": 1}   # each feed carries its newest article's body, no other
    for n, (day, tag) in enumerate([(20, "tariff"), (22, "summit"), (24, "harbour"), (26, "budget")]):
        project.add(f"a{n}", title=f"Report {n} on the {tag}", date=f"2026-01-{day}T10:00:00+09:00", tags=[tag],
                    body=f"The {tag} report number {n} was published on a weekday by the city council.")
    build(project.config)
    shutil.rmtree(project.output)   # every page renders again, from cached articles, in two processes
    store = BuildCache.open(project.config, project.output, (False, False))
    try:
        result = SiteBuilder(project.config, reuse=False, split=True, store=store).build()
        assert result.parsed == 0 and all(isinstance(a.body, CachedBody) for a in result.site.articles)
    finally:
        store.close()
    check_same_as_fresh(project, tmp_path, "split-from-cache")

    reads: list[str] = []
    real_read = CacheBodies.read
    monkeypatch.setattr(CacheBodies, "read", lambda self, key, file_hash: reads.append(key) or
                        real_read(self, key, file_hash))
    oldest = project.content / "a0.md"   # in no feed but its tag's: no other article's body is needed
    oldest.write_text(oldest.read_text(encoding="utf-8").replace("by the city council", "by the mayor"),
                      encoding="utf-8")
    result = build(project.config)
    assert result.parsed == 1 and result.rendered > 0
    assert reads == []
    newest = project.content / "a3.md"  # the site feed shows its new version, parsed; a0 is on no page that changed
    newest.write_text(newest.read_text(encoding="utf-8").replace("Report 3", "Report three"), encoding="utf-8")
    reads.clear()
    assert build(project.config).parsed == 1
    assert "a0.md" not in {Path(key).name for key in reads}


def test_a_cached_body_that_vanished_is_a_clear_error(project):
    from newsdigest.body_store import CacheBodiesChanged, CachedBody

    rng = random.Random(19)
    write_article(project, "a0", rng)
    build(project.config)
    store = BuildCache.open(project.config, project.output, (False, False))
    try:
        [(stored_key, file_hash)] = sqlite3.connect(store.path).execute("SELECT path, file_hash FROM articles")
        body = CachedBody(store.bodies, stored_key, file_hash)
        assert "." in body.html and body.markdown
        with sqlite3.connect(store.path) as db:
            db.execute("DELETE FROM articles")
        with pytest.raises(CacheBodiesChanged, match="changed during the build"):
            body.html
    finally:
        store.close()


def test_cached_bodies_are_read_from_a_folder_whose_name_needs_escaping(tmp_path):
    """The read-only connection opens the cache by URI: "?", "#", "%" and spaces in the folder stay its name."""
    from newsdigest.body_store import CacheBodies

    folder = tmp_path / "my site #1 ?x %20"
    folder.mkdir()
    path = folder / "build.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE articles (path TEXT, file_hash TEXT, html TEXT, markdown TEXT)")
        db.execute("INSERT INTO articles VALUES ('a.md', 'h1', '<p>Hi</p>', 'Hi')")
    bodies = CacheBodies(path, "SELECT html, markdown FROM articles WHERE path = ? AND file_hash = ?")
    assert bodies.read("a.md", "h1") == ("<p>Hi</p>", "Hi")


def test_a_fifo_in_the_theme_folder_never_blocks_the_cached_build(project):
    """The cache key reads every theme file; a FIFO there (never published: static copies only regular files)
    made a plain open() wait for a writer, so `newsdigest build` hung where `--no-cache` built."""
    import threading

    project.add("a", title="Tariff A")
    project.settings.update(themes_dir=str(project.root / "themes"), theme="mine")
    static = project.root / "themes" / "mine" / "static"
    static.mkdir(parents=True)
    os.mkfifo(static / "waiting.css")
    results = []
    builder = threading.Thread(target=lambda: results.append(build(project.config)), daemon=True)
    builder.start()
    builder.join(timeout=60)
    assert not builder.is_alive(), "the build blocked opening a FIFO in the theme folder"
    assert results and not (project.output / "static" / "waiting.css").exists()


def test_a_watching_process_with_a_template_of_the_sites_own_lets_its_list_items_go_when_the_site_changes(
        project, tmp_path):
    """A list item marking the newest day's articles "NEW" kept the mark on older items after a newer article
    came, in `serve` and `watch`, whose list items outlive a build."""
    from newsdigest.build import SiteBuilder
    rng = random.Random(5)
    template = custom_theme(project)
    template.write_text("{% if item.day == site.days[0].day %}NEW{% endif %}" + template.read_text(encoding="utf-8"),
                        encoding="utf-8")
    for n in range(4):
        write_article(project, f"a{n}", rng)
    builder = SiteBuilder(project.config)
    builder.build()
    write_article(project, "newest", rng, date="2026-01-31T12:00:00+09:00")
    builder.build()
    fresh = tmp_path / "fresh"
    build(project.config, output_dir=fresh, cache=False)
    watched, expected = site_files(project.output), site_files(fresh)
    assert [name for name in expected if watched.get(name) != expected[name]] == []


def test_with_templates_of_the_sites_own_feeds_are_still_reused(project, tmp_path):
    """Feeds come from no template: an edit rendered every feed again with a theme of the site's own (every page is
    rendered again, rightly)."""
    rng = random.Random(13)
    template = custom_theme(project)
    template.write_text("<!-- {{ site.articles | length }} -->" + template.read_text(encoding="utf-8"), "utf-8")
    for n in range(6):
        write_article(project, f"a{n}", rng, topics=["trade" if n % 2 else "diplomacy"])
    build(project.config)
    path = project.content / "a1.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    result = check_same_as_fresh(project, tmp_path, "edited")
    pages = len(result.site.pages) + 1   # (and 404.html)
    assert pages < result.rendered < pages + result.feeds   # the diplomacy feeds, the a1-free tags' feeds: kept


def test_the_cache_of_an_output_folder_that_is_gone_is_removed(project, tmp_path):
    """A preview built with `-o` and deleted since kept its cache file (every article again) for ever."""
    rng = random.Random(5)
    for n in range(3):
        write_article(project, f"a{n}", rng)
    preview = tmp_path / "preview"
    build(project.config)
    build(project.config, output_dir=preview)
    kept, gone = cache_path(project.config, project.output), cache_path(project.config, preview)
    assert kept.is_file() and gone.is_file()
    shutil.rmtree(preview)
    build(project.config)
    assert kept.is_file() and not gone.exists()
    # a folder still there keeps its cache
    build(project.config, output_dir=preview)
    build(project.config)
    assert gone.is_file()


def test_a_cached_row_gives_back_the_article_and_facts_it_was_made_from(project):
    """Every field, in every form a parse gives it: a named zone and a fixed one, extra keys holding YAML's
    nested lists, maps, dates and numbers, warnings, declared topics and tags; the facts' topics and terms."""
    from collections import Counter

    from newsdigest.article import parse_article
    from newsdigest.cache_rows import decode_parsed, encode_parsed
    from newsdigest.content import ArticleFacts
    from newsdigest.story_terms import pack_terms

    project.settings["timezone"] = "Europe/Berlin"   # a date without its offset takes this named zone
    text = ("---\ntitle: Harbour tram vote\ndate: DATE\nsource: Daily\nurl: not a url\n"
            "topics: [Transport]\ntags: [trams, 'Rat & Stadt']\nupdated: 2026-03-30\nrating: 4.5\ncount: 3\n"
            "gallery: [{src: a.jpg, credit: null}, [1, 2.0, true]]\nvia: 2026-03-29T10:00:00Z\n---\n\nBody *text*.\n")
    zones = set()
    for date in ("2026-10-25 02:30:00", "2026-03-29T01:30:00+05:45"):
        raw = text.replace("DATE", date).encode()
        article = parse_article(project.content / "a.md", raw, project.config)
        assert article.warnings and article.extra["gallery"] and article.tags == ("trams", "Rat & Stadt")
        facts = ArticleFacts(("transport",), pack_terms(Counter({"harbour": 2, "harbour tram": 1})))
        data, html, markdown = encode_parsed(article, facts)
        again, facts_again = decode_parsed(data, article.source_path, article.file_hash, article.body)
        assert again == article and facts_again == facts
        again_too = decode_parsed(data, article.source_path, article.file_hash, article.body)[0]
        assert again.tags[1] is again_too.tags[1] and again.source is again_too.source   # names shared, as parsed
        assert type(again.date.tzinfo) is type(article.date.tzinfo) and again.date.fold == article.date.fold
        assert (html, markdown) == (article.body_html, article.body_markdown)
        assert decode_parsed(encode_parsed(article, None)[0], article.source_path, article.file_hash)[1] is None
        zones.add(type(article.date.tzinfo).__name__)
    assert zones == {"ZoneInfo", "timezone"}
