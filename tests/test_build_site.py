"""Integration: build real sites into temporary folders and check them like a browser and a feed reader would."""

import subprocess
import sys
from email.utils import parsedate_to_datetime

import feedparser
import pytest

from newsdigest.build import build
from newsdigest.cli import main
from newsdigest.config import BUILTIN_THEMES_DIR, load_config
from newsdigest.problems import NewsdigestError
from newsdigest.output import MANIFEST_NAME
from tests.conftest import REPO
from tests.sitecheck import broken_links, parse_page


def fill(project, days=5, per_day=2):
    """Articles over several days, with tags, sources and both topics, plus one draft."""
    for day in range(days):
        for n in range(per_day):
            project.add(f"d{day}n{n}", title=f"Tariff talks day {day} item {n}" if n == 0 else f"Summit {day}-{n}",
                        date=f"2026-01-{10 + day:02d}T{9 + n:02d}:15:00+09:00", source=f"Source {n}",
                        tags=["Kim Jung-kwan", f"tag {day}"], url=f"https://example.com/{day}/{n}",
                        body=f"Lede for day {day}.\n\n## Details\n\nMore about [it](https://example.org/{day}).")
    project.add("draft", title="Unpublished tariff scoop", date="2026-01-20T10:00:00+09:00", draft=True)


@pytest.fixture
def built(project):
    project.settings["search"] = {"enabled": True}  # the site as a new user's config makes it, search page and all
    fill(project)
    result = build(project.config)
    return project, result


def test_every_page_of_the_layout_exists(built):
    project, result = built
    out = project.output
    for path in ("index.html", "page/2/index.html", "page/3/index.html", "2026/01/10/index.html", "2026/01/index.html",
                 "2026/index.html", "archive/index.html", "topics/index.html", "topics/trade/index.html",
                 "topics/trade/page/2/index.html", "topics/trade/feed.xml", "topics/diplomacy/feed.xml",
                 "tags/index.html", "tags/kim-jung-kwan/index.html", "sources/index.html",
                 "sources/source-0/index.html", "2026/01/10/tariff-talks-day-0-item-0/index.html", "feed.xml",
                 "sitemap.xml", "robots.txt", "404.html", "static/style.css"):
        assert (out / path).is_file(), path
    assert not (out / "page/4/index.html").exists()


def test_all_internal_links_assets_and_anchors_resolve(built):
    project, _ = built
    assert broken_links(project.output, project.config.base_url) == []


def test_sample_site_from_repo_builds_and_links_resolve(tmp_path):
    config = load_config(REPO / "config.yaml", overrides={"output_dir": str(tmp_path / "out")})
    result = build(config)
    assert len(result.site.articles) >= 10 and not result.skipped
    assert broken_links(tmp_path / "out", config.base_url) == []
    assert len(list((tmp_path / "out").rglob("index.html"))) == len(result.site.pages)


def test_pages_are_accessible_and_script_free(built):
    """No JavaScript anywhere but the search page (Pagefind's UI); JSON-LD blocks are data, not scripts."""
    project, _ = built
    pages = [p for p in project.output.rglob("*.html") if not p.relative_to(project.output).parts[0] == "pagefind"]
    assert project.output / "search/index.html" in pages
    for path in pages:
        page = parse_page(path)
        assert page.headings.count(1) == 1, path
        assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:])), (path, page.headings)
        assert {"main", "header", "footer", "nav"} <= page.landmarks, path
        html = path.read_text(encoding="utf-8")
        data_blocks = html.count('<script type="application/ld+json">')
        assert data_blocks == (1 if '"@type": "NewsArticle"' in html else 0), path
        if path.parent.name == "search":
            assert page.scripts == 1 and '<script type="module" src="/static/search.js">' in html  # the theme's search UI
        else:
            assert page.scripts == data_blocks, path
        assert "main" in page.ids, path
        assert 'href="#main"' in html and 'type="application/rss+xml"' in html


def test_drafts_are_left_out_unless_asked(built, tmp_path):
    project, result = built
    assert "Unpublished tariff scoop" not in (project.output / "feed.xml").read_text(encoding="utf-8")
    assert not any("unpublished" in str(p) for p in project.output.rglob("*"))
    with_drafts = build(project.config, include_drafts=True, output_dir=tmp_path / "drafts")
    assert any(a.title == "Unpublished tariff scoop" for a in with_drafts.site.articles)


def test_site_feed_parses_with_correct_items_dates_and_links(built):
    project, result = built
    feed = feedparser.parse((project.output / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == 10  # all ten published articles, draft excluded (limit is 20)
    newest = result.site.articles[0]
    assert feed.entries[0].title == newest.title
    assert feed.entries[0].link == "https://news.example.org" + newest.page_url
    assert feed.entries[0].id == feed.entries[0].link  # stable GUID = permalink
    assert parsedate_to_datetime(feed.entries[0].published) == newest.date
    assert "+0900" in feed.entries[0].published
    assert "<h2>Details</h2>" in feed.entries[0].content[0].value  # full content by default
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    assert all(e.link.startswith("https://news.example.org/") for e in feed.entries)
    assert feed.feed.link == "https://news.example.org/"


def test_topic_feeds_hold_only_their_topic_and_respect_item_limit(project):
    fill(project)
    project.settings["feeds"] = {"items": 3, "content": "summary"}
    build(project.config)
    feed = feedparser.parse((project.output / "topics/trade/feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 3
    assert all(e.title.startswith("Tariff talks") for e in feed.entries)
    assert "content" not in feed.entries[0]
    assert feed.entries[0].summary.startswith("Lede for day 4")
    head = (project.output / "topics/trade/index.html").read_text(encoding="utf-8")
    assert 'href="https://news.example.org/topics/trade/feed.xml"' in head


def test_subpath_base_url_links_work_under_the_subpath(project):
    fill(project)
    project.settings["base_url"] = "https://example.org/digest/"
    build(project.config)
    out = project.output
    assert broken_links(out, "https://example.org/digest/") == []
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="/digest/static/style.css"' in home and 'href="/topics/' not in home
    not_found = (out / "404.html").read_text(encoding="utf-8")
    assert 'href="/digest/"' in not_found
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert all(e.link.startswith("https://example.org/digest/2026/") for e in feed.entries)
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/digest/topics/trade/</loc>" in sitemap
    assert "Sitemap: https://example.org/digest/sitemap.xml" in (out / "robots.txt").read_text()


def test_user_theme_overrides_one_template_and_falls_back_for_the_rest(project, tmp_path):
    fill(project, days=1)
    themes = tmp_path / "themes"
    (themes / "mine" / "templates").mkdir(parents=True)
    (themes / "mine" / "static").mkdir()
    (themes / "mine" / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Custom lost page</h1>{% endblock %}', encoding="utf-8")
    (themes / "mine" / "static" / "style.css").write_text("body { color: red; }", encoding="utf-8")
    # the default theme is found beside the user's theme
    (themes / "default").symlink_to(BUILTIN_THEMES_DIR / "default")
    project.settings.update(themes_dir=str(themes), theme="mine")
    build(project.config)
    assert "Custom lost page" in (project.output / "404.html").read_text(encoding="utf-8")
    assert "Latest news" in (project.output / "index.html").read_text(encoding="utf-8")
    assert (project.output / "static/style.css").read_text() == "body { color: red; }"


def test_template_error_names_template_and_line_and_keeps_old_output(project, tmp_path):
    fill(project, days=1)
    build(project.config)
    before = (project.output / "index.html").read_bytes()
    themes = tmp_path / "themes"
    (themes / "broken" / "templates").mkdir(parents=True)
    (themes / "default").symlink_to(BUILTIN_THEMES_DIR / "default")
    (themes / "broken" / "templates" / "index.html").write_text("line one\n{% if %}\n", encoding="utf-8")
    project.settings.update(themes_dir=str(themes), theme="broken")
    with pytest.raises(NewsdigestError) as caught:
        build(project.config)
    problem = caught.value.problems[0]
    assert problem.path.name == "index.html" and problem.line == 2
    assert (project.output / "index.html").read_bytes() == before


def test_rebuild_rewrites_nothing_and_removes_stale_pages(built):
    project, _ = built
    again = build(project.config)
    assert again.report.written == 0 and again.report.removed == 0
    (project.content / "d0n0.md").unlink()
    third = build(project.config)
    assert third.report.removed >= 1
    assert not (project.output / "2026/01/10/tariff-talks-day-0-item-0").exists()
    assert broken_links(project.output, project.config.base_url) == []


def test_output_folder_with_foreign_files_is_refused(project):
    fill(project, days=1)
    project.output.mkdir(parents=True)
    (project.output / "precious.txt").write_text("mine")
    with pytest.raises(NewsdigestError, match="did not create"):
        build(project.config)
    build(project.config, force=True)
    assert (project.output / "precious.txt").read_text() == "mine"  # forced builds still never delete it
    assert (project.output / MANIFEST_NAME).exists()


@pytest.mark.parametrize("where", ["root", "content"])
def test_output_folder_that_would_destroy_sources_is_refused(project, where):
    fill(project, days=1)
    project.settings["output_dir"] = "." if where == "root" else "content"
    with pytest.raises(NewsdigestError, match="refusing"):
        build(project.config, force=True)


def test_an_output_folder_or_theme_refused_names_the_config_line_that_chose_it(project, capsys):
    """`output_dir: content` and a theme with no folder were named by their folder alone, not where they are set."""
    from newsdigest.cli import main
    fill(project, days=1)
    for key, value, message in (("output_dir", "content", "refusing to use this output folder"),
                                ("theme", "missing", "theme 'missing' not found")):
        project.settings[key] = value
        path = project.write_config_file()
        line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                    if text.startswith(f"{key}:"))
        assert main(["-c", str(path), "build"]) == 1
        err = capsys.readouterr().err
        assert f"{path}:{line}: " in err and message in err, err
        del project.settings[key]
    # ... and one that -o gave is named as the folder given, not as the config's output_dir line
    project.settings["output_dir"] = "output"
    path = project.write_config_file()
    assert main(["-c", str(path), "build", "-o", str(project.content)]) == 1
    err = capsys.readouterr().err
    assert f"error: {project.content.resolve()}: refusing to use this output folder" in err and str(path) not in err


@pytest.mark.parametrize("cached", [True, False])
def test_an_earlier_builds_file_where_a_folder_now_goes_and_back_is_cleared(project, cached):
    """An alias changed from /old.html to /old.html/amp/ (and back): every later build failed, "old.html is a file
    where a folder must be" (or "1 file newsdigest did not create would be overwritten"), until it was deleted by
    hand. Someone else's file in the way still stops the build, and is kept."""
    from newsdigest.build import SiteBuilder
    builder = SiteBuilder(project.config) if cached else None

    def build_now():
        return builder.build() if builder else build(project.config)
    for alias in ("/old.html", "/old.html/amp/", "/old.html"):
        project.add("b", title="Beta", date="2026-01-10T11:00:00+00:00", aliases=[alias])
        build_now()
        page = project.output / alias.strip("/") / ("index.html" if alias.endswith("/") else "")
        assert page.is_file() and "beta" in page.read_text(encoding="utf-8")
    theirs = project.output / "mine.html"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("mine", encoding="utf-8")
    project.add("b", title="Beta", date="2026-01-10T11:00:00+00:00", aliases=["/mine.html"])
    with pytest.raises(NewsdigestError, match="mine.html"):
        build_now()
    assert (theirs / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_cli_reports_all_content_errors_without_traceback(project, capsys):
    fill(project, days=1)
    project.write("bad1.md", "---\ntitle: x\n---\n")
    project.write("bad2.md", "---\ntitle: a: b\ndate: 2026-01-01\n---\n")
    config_path = project.write_config_file()
    assert main(["-c", str(config_path), "build"]) == 1
    err = capsys.readouterr().err
    assert "bad1.md:1: missing required key 'date'" in err and "bad2.md:2: invalid YAML" in err
    assert "Traceback" not in err and not project.output.exists()
    assert main(["-c", str(config_path), "build", "--skip-bad"]) == 0
    assert "skipped:" in capsys.readouterr().err and (project.output / "index.html").exists()


def test_build_py_entry_point_and_check_command(project):
    fill(project, days=1)
    config_path = project.write_config_file()
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "-c", str(config_path), "check"],
                         capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0 and "OK" in run.stdout
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "-c", str(config_path), "build",
                          "--base-url", "https://example.net/sub/"], capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0, run.stderr
    assert "https://example.net/sub/feed.xml" in (project.output / "index.html").read_text(encoding="utf-8")
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "-c", str(project.root / "missing.yaml"), "build"],
                         capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 1 and "config file not found" in run.stderr  # the status of a failed command too


def test_article_page_attributes_source_links_original_and_lists_related(built):
    project, result = built
    html = (project.output / "2026/01/12/tariff-talks-day-2-item-0/index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.com/2/0" rel="nofollow noopener">Read the original article at <bdi>Source 0</bdi></a>' in html
    assert 'href="/sources/source-0/"' in html and 'href="/tags/kim-jung-kwan/"' in html
    assert 'href="/topics/trade/"' in html and "Related coverage" in html
    assert 'href="/2026/01/11/tariff-talks-day-1-item-0/"' in html  # same topic, a day apart
    assert "<h2>Details</h2>" in html and 'datetime="2026-01-12T09:15:00+09:00"' in html


def test_a_damaged_manifest_is_named_when_the_builds_own_files_look_foreign(project):
    fill(project, days=1)
    build(project.config)
    (project.output / MANIFEST_NAME).write_text('{"index.html": ["trunc', encoding="utf-8")
    with pytest.raises(NewsdigestError, match=f"did not create would be overwritten: .*{MANIFEST_NAME}, is damaged"):
        build(project.config)


def test_an_article_in_another_language_marks_its_own_words_not_the_page(project):
    """The page and its interface text keep the site's language; the article's headline, summary and body carry
    their own, on the article page and in lists (WCAG 3.1.1 and 3.1.2)."""
    project.settings["language"] = "en"
    project.add("de", title="Zölle auf Stahl steigen weiter", date="2026-01-12T09:00:00+09:00", lang="de",
                summary="Die Regierung erhöht die Zölle.", body="Die Regierung erhöht die Zölle auf Stahl erneut.")
    project.add("en", title="Tariffs on steel rise again", date="2026-01-12T10:00:00+09:00",
                body="The government raises steel tariffs again.")
    build(project.config)
    page = next(project.output.rglob("zolle-auf-stahl-steigen-weiter/index.html")).read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    assert '<h1 lang="de">Zölle auf Stahl steigen weiter</h1>' in page and '<div class="body" lang="de">' in page
    home = (project.output / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in home and 'lang="de">Zölle auf Stahl steigen weiter</a>' in home
    assert '<p class="summary" lang="de">' in home
    english = next(project.output.rglob("tariffs-on-steel-rise-again/index.html")).read_text(encoding="utf-8")
    assert "<h1>Tariffs on steel rise again</h1>" in english and '<div class="body">' in english


@pytest.mark.parametrize("site_language, article_language, page_attributes, article_attributes", [
    ("en", "ar", ' lang="en"', ' lang="ar" dir="rtl"'),
    ("en", "fa-IR", ' lang="en"', ' lang="fa-IR" dir="rtl"'),
    ("en", "he", ' lang="en"', ' lang="he" dir="rtl"'),
    ("ar", "en", ' lang="ar" dir="rtl"', ' lang="en" dir="ltr"'),
    ("ar", "fa", ' lang="ar" dir="rtl"', ' lang="fa"'),
    ("en", "ku-Arab", ' lang="en"', ' lang="ku-Arab" dir="rtl"'),
    ("en", "de", ' lang="en"', ' lang="de"'),
])
def test_words_written_right_to_left_say_so(project, site_language, article_language, page_attributes,
                                              article_attributes):
    """Arabic, Persian or Hebrew words on a page of another direction are laid out right to left (and an English
    article on an Arabic site left to right): the direction goes with the language wherever it differs."""
    project.settings["language"] = site_language
    project.add("a", title="Headline 1", date="2026-01-12T09:00:00+09:00", lang=article_language,
                summary="A summary.", body="A body.")
    build(project.config)
    page = next(project.output.rglob("headline-1/index.html")).read_text(encoding="utf-8")
    assert f"<html{page_attributes}>" in page
    assert f"<h1{article_attributes}>Headline 1</h1>" in page and f'<div class="body"{article_attributes}>' in page
    home = (project.output / "index.html").read_text(encoding="utf-8")
    assert f"<html{page_attributes}>" in home and f'<p class="summary"{article_attributes}>' in home


def test_names_from_the_content_keep_their_direction_inside_the_themes_sentences(project):
    """In a right-to-left page "Section: اقتصاد at صحيفة الفجر" showed as ":Section", and a story's "2 reports from
    صحيفة الفجر, وكالة الخليج للأنباء, 3 Dec" as "...reports from 2": each name is now its own direction run."""
    project.add("a", title="ارتفاع أسعار النفط", date="2026-03-03T10:00:00+03:00", source="صحيفة الفجر", lang="ar",
                category="اقتصاد", url="https://alfajr.example/oil", body="ارتفعت أسعار النفط اليوم.")
    result = build(project.config)
    article = result.site.articles[0]
    page = (project.output / article.page_url.lstrip("/") / "index.html").read_text(encoding="utf-8")
    assert "Section: <bdi>اقتصاد</bdi> at <bdi>صحيفة الفجر</bdi>" in page
    assert "Read at <bdi>صحيفة الفجر</bdi>" in page and "<strong><bdi>صحيفة الفجر</bdi></strong>" in page
