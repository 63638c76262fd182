"""Front matter parsing: the content format contract and every error case, with file and line."""

from datetime import date, datetime, timedelta, timezone

import pytest

from newsdigest.content import ContentError, load_articles, parse_article
from tests.conftest import article_text


def parse(project, text: str | bytes, name: str = "a.md"):
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    path = project.content / name
    return parse_article(path, raw, project.config)


def problems_of(project, text, name="a.md"):
    with pytest.raises(ContentError) as caught:
        parse(project, text, name)
    return caught.value.problems


def test_full_front_matter_is_read(project):
    article = parse(project, article_text(
        title="Seoul presses Washington", date="2026-01-29T15:08:00+09:00", source="Seoul Wire",
        url="https://example.com/a", author="Jane Doe", category="Politics", topics=["Trade", "diplomacy"],
        tags=["Kim Jung-kwan", "tariffs", "Tariffs"], summary="Short.", lang="ko", slug="custom slug",
        body="First paragraph.\n\n## Sub\n\nSecond.", mood="tense"))
    assert article.title == "Seoul presses Washington"
    assert article.date == datetime(2026, 1, 29, 15, 8, tzinfo=timezone(timedelta(hours=9)))
    assert (article.source, article.url, article.author, article.category) == (
        "Seoul Wire", "https://example.com/a", "Jane Doe", "Politics")
    assert article.topics == ("trade", "diplomacy")
    assert article.tags == ("Kim Jung-kwan", "tariffs")  # case-insensitive duplicates collapse
    assert article.summary == "Short." and article.lang == "ko" and article.slug == "custom-slug"
    assert article.extra == {"mood": "tense"}  # unknown keys are kept for templates
    assert "<h2>Sub</h2>" in article.body_html


def test_defaults_summary_from_first_paragraph_and_slug_from_title(project):
    article = parse(project, article_text(title="Trade Talks: Day 2!", body="# Heading\n\nThe lede *sentence*.\n\nMore."))
    assert article.summary == "The lede sentence."
    assert article.slug == "trade-talks-day-2"
    assert article.lang == "en" and article.draft is False and article.topics == ()


def test_long_lede_is_truncated_at_a_word(project):
    article = parse(project, article_text(body="word " * 200))
    assert len(article.summary) <= project.config.summary_length
    assert article.summary.endswith("…") and "wor…" not in article.summary


def test_date_only_and_naive_dates_use_config_timezone(project):
    seoul = parse(project, article_text(date="2026-01-30T00:30:00"))
    assert seoul.date.utcoffset() == timedelta(hours=9)
    day = parse(project, "---\ntitle: T\ndate: 2025-10-31\n---\nBody\n")
    assert day.date_only and day.date.date() == date(2025, 10, 31) and day.date.utcoffset() == timedelta(hours=9)
    text = parse(project, "---\ntitle: T\ndate: '29 January 2026 15:08'\n---\nBody\n")
    assert text.date.replace(tzinfo=None) == datetime(2026, 1, 29, 15, 8)


def test_bom_and_crlf_are_accepted(project):
    raw = "\ufeff---\r\ntitle: T\r\ndate: 2026-01-01\r\n---\r\nBody line\r\n".encode("utf-8")
    article = parse(project, raw)
    assert article.title == "T" and "Body line" in article.body_html


@pytest.mark.parametrize("text, line, fragment", [
    ("---\ntitle: [unclosed\ndate: 2026-01-01\n---\n", 3, "invalid YAML"),
    ("---\ndate: 2026-01-01\n---\nbody", 1, "missing required key 'title'"),
    ("---\ntitle: T\n---\nbody", 1, "missing required key 'date'"),
    ("---\ntitle: T\ndate: next tuesday-ish\n---\nbody", 3, "cannot understand date"),
    ("---\ntitle: T\ndate: 1066-10-14\n---\nbody", 3, "out of range"),
    ("---\ntitle: T\ndate: 2026-01-01\ndraft: maybe\n---\nbody", 4, "draft"),
    ("---\ntitle: T\ndate: 2026-01-01\ntags: {a: 1}\n---\nbody", 4, "tags"),
    ("---\ntitle: ''\ndate: 2026-01-01\n---\nbody", 2, "title"),
    ("title: T\ndate: 2026-01-01\n", 1, "missing front matter"),
    ("---\ntitle: T\ndate: 2026-01-01\nbody without closing fence\n", 1, "never closed"),
    ("---\n- a list\n---\nbody", 2, "mapping"),
    ("---\ntitle: !!python/object/apply:os.system ['echo pwned']\ndate: 2026-01-01\n---\n", 2, "invalid YAML"),
])
def test_each_error_names_file_and_line(project, text, line, fragment):
    problems = problems_of(project, text, "bad.md")
    assert any(fragment in p.message for p in problems), problems
    assert all(p.path.name == "bad.md" for p in problems)
    assert problems[0].line == line
    assert str(problems[0]).startswith(f"{project.content / 'bad.md'}:{line}: ")


def test_empty_and_non_utf8_files(project):
    assert "empty" in problems_of(project, b"  \n")[0].message
    bad = problems_of(project, b"---\ntitle: caf\xe9\ndate: 2026-01-01\n---\n")
    assert "UTF-8" in bad[0].message and bad[0].line == 2


def test_several_problems_in_one_file_are_all_reported(project):
    problems = problems_of(project, "---\nauthor: x\n---\nbody")
    assert {"missing required key 'title'", } <= {p.message for p in problems}
    assert len(problems) == 2


def test_load_articles_collects_problems_from_all_files_and_skips_drafts(project):
    project.add("good", title="Good")
    project.add("draft", title="Draft", draft=True)
    project.write("bad1.md", "---\ntitle: x\n---\n")
    project.write("sub/bad2.md", "no front matter")
    project.write(".hidden.md", "ignored")
    result = load_articles(project.config)
    assert [a.title for a in result.articles] == ["Good"]
    assert sorted(p.path.name for p in result.problems) == ["bad1.md", "bad2.md"]
    with_drafts = load_articles(project.config, include_drafts=True)
    assert sorted(a.title for a in with_drafts.articles) == ["Draft", "Good"]


def test_symlink_out_of_content_is_refused(project, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text(article_text(title="Secret"), encoding="utf-8")
    (project.content / "link.md").symlink_to(outside)
    result = load_articles(project.config)
    assert result.articles == []
    assert "outside the content folder" in result.problems[0].message


def test_unsafe_original_url_is_dropped(project):
    assert parse(project, article_text(url="javascript:alert(1)")).url == ""
    assert parse(project, article_text(url="https://example.com/x")).url == "https://example.com/x"


def test_non_latin_title_gets_a_stable_fallback_slug(project):
    first = parse(project, article_text(title="한국 무역 협상"), "k.md")
    again = parse(project, article_text(title="한국 무역 협상"), "k.md")
    assert first.slug.startswith("article-") and first.slug == again.slug


@pytest.mark.slow
def test_a_big_batch_parsed_by_worker_processes_gives_what_one_process_gives(project):
    from newsdigest.content import PARALLEL_MIN_FILES, _parse_chunk, find_content_files, parse_many
    from newsdigest.site_model import article_facts

    for n in range(PARALLEL_MIN_FILES + 40):
        project.add(f"{n:04d}", title=f"Tariff talks {n}", date=f"2026-01-{1 + n % 28:02d}T09:00:00+09:00",
                    tags=[f"tag {n % 7}"], body=f"Lede {n} about the summit.\n\n- one\n- two")
    project.write("0100-broken.md", "---\ntitle: Fine\ndate: someday\n---\nbody\n")
    config = project.config
    root = config.content_dir.resolve()
    items = [(path, path.read_bytes()) for path in find_content_files(config.content_dir)]
    in_workers = parse_many(items, config, root, article_facts)
    assert in_workers == _parse_chunk(items, config, root, article_facts)
    broken = [result for result, _ in in_workers if isinstance(result, list)]
    assert len(broken) == 1 and broken[0][0].path.name == "0100-broken.md" and broken[0][0].line == 3
