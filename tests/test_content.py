"""Front matter parsing: the content format contract and every error case, with file and line."""

import subprocess
import sys
import time
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest

from newsdigest.article import parse_article
from newsdigest.check import count_drafts
from newsdigest.content import load_articles
from newsdigest.front_matter import ContentError, read_front_matter, split_front_matter
from tests.conftest import REPO, article_text


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
    assert article.declared_topics == ("trade", "diplomacy") and article.topics == ()  # assigned later
    assert article.tags == ("Kim Jung-kwan", "tariffs")  # case-insensitive duplicates collapse
    assert article.summary == "Short." and article.lang == "ko" and article.slug == "custom-slug"
    assert article.extra == {"mood": "tense"}  # unknown keys are kept for templates
    assert "<h2>Sub</h2>" in article.body_html


def test_placing_an_article_is_replacing_its_model_fields(project):
    article = parse(project, article_text(title="Seoul presses Washington", source="Seoul Wire", topics=["trade"],
                                          tags=["tariffs"], body="First paragraph."))
    listed_before = article.version_key  # made from the fields once, and so never copied
    placed = article.placed(topics=("trade",), page_url="/2026/01/29/seoul/", day=date(2026, 1, 29))
    assert placed == replace(article, topics=("trade",), page_url="/2026/01/29/seoul/", day=date(2026, 1, 29))
    assert placed is not article and article.page_url == "" and article.topics == ()
    assert placed._version_key == "" and placed.version_key and placed.version_key != listed_before
    assert article.version_key == listed_before and replace(article, day=None)._version_key == ""
    with pytest.raises(TypeError, match="title"):
        article.placed(title="Other")


def test_an_article_holds_its_fields_in_slots_not_a_dict_of_its_own(project):
    """A dict of each article's fields took about 300 bytes more than slots: 0.3 GB at a million articles."""
    import pickle
    import sys

    article = parse(project, article_text(title="Seoul presses Washington", tags=["tariffs"]))
    assert not hasattr(article, "__dict__") and sys.getsizeof(article) < 8 * 30
    assert article.version_key and not hasattr(article.placed(day=date(2026, 1, 29)), "__dict__")
    again = pickle.loads(pickle.dumps(article))      # as parse workers hand articles back
    assert again == article and again.version_key == article.version_key and again.tags is not article.tags


def test_defaults_summary_from_first_paragraph_and_slug_from_title(project):
    article = parse(project, article_text(title="Trade Talks: Day 2!", body="# Heading\n\nThe lede *sentence*.\n\nMore."))
    assert article.summary == "The lede sentence."
    assert article.slug == "trade-talks-day-2"
    assert article.lang == "en" and article.draft is False and article.declared_topics == ()


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


def test_a_zones_local_mean_time_is_written_to_the_minute(project):
    """Before 1937 Amsterdam kept +00:19:32: a date without an offset read there keeps its clock time at +00:20,
    which RFC 822, RFC 3339 and HTML can write (a feed reader read "+001932" as nineteen hours)."""
    project.settings["timezone"] = "Europe/Amsterdam"
    old = parse(project, article_text(date="1930-05-01T12:00:00"))
    assert old.date.replace(tzinfo=None) == datetime(1930, 5, 1, 12) and old.date.utcoffset() == timedelta(minutes=20)
    day = parse(project, "---\ntitle: T\ndate: 1930-05-01\n---\nBody\n")
    assert day.date_only and day.date.isoformat() == "1930-05-01T00:00:00+00:20"
    assert parse(project, article_text(date="2026-01-30T00:30:00")).date.utcoffset() == timedelta(hours=1)


def test_bom_and_crlf_are_accepted(project):
    raw = "\ufeff---\r\ntitle: T\r\ndate: 2026-01-01\r\n---\r\nBody line\r\n".encode("utf-8")
    article = parse(project, raw)
    assert article.title == "T" and "Body line" in article.body_html


@pytest.mark.parametrize("text, line, fragment", [
    # A bracket never closed runs on to the next key, where YAML stumbles: the line it opens on is named.
    ("---\ntitle: [unclosed\ndate: 2026-01-01\n---\n", 2, "the list opened with [ here runs on to line 3"),
    ("---\ntitle: T\ntags: [a,\n  b\nsource: X\ndate: 2026-01-01\n---\n", 3,
     "the list opened with [ here runs on to line 5 (is its closing ] missing?)"),
    ("---\ntitle: T\nextra: {a: 1\ndate: 2026-01-01\n---\n", 3, "the mapping opened with { here runs on"),
    # A quote never closed is noticed only at the end of the block: the line it opens on is the one named.
    ("---\ntitle: \"Broken quote\ndate: 2026-01-01\nauthor: A\n---\nbody", 2, "quoted scalar that starts on this line"),
    # ... or it runs on to the next quote, lines below, where YAML stumbles: the line it opens on is named
    ("---\ntitle: \"Broken quote\ndate: 2026-01-01\nsummary: \"Short\"\n---\nbody", 2,
     'the value quoted with " here runs on to line 4 (is its closing " missing?)'),
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



@pytest.mark.parametrize("title, hint", [
    # a backslash that starts no escape, in a value whose quotes are closed: no quote was left open
    ('"Bad \\q escape"', "a backslash starts an escape"), ('"News from C:\\drive"', "a backslash starts an escape"),
    # a value that starts with a quote or a bracket closed before the line ends: no indentation to look at
    ("'It's here'", "must be one quoted value"), ('"He said "no" today"', "must be one quoted value"),
    ("[Update] Council", "must be one quoted value"),
])
def test_quoting_mistakes_get_the_hint_that_fixes_them(project, title, hint):
    [problem] = problems_of(project, f"---\ntitle: {title}\ndate: 2026-01-01\n---\nbody", "bad.md")
    assert problem.line == 2 and hint in problem.message
    assert "never closed" not in problem.message and "indentation" not in problem.message


@pytest.mark.parametrize("text, messages", [
    ("---\nTitle: T\nDate: 2026-01-01\n---\nbody",
     {(2, "missing required key 'title': Title: did you mean 'title'?"),
      (3, "missing required key 'date': Date: did you mean 'date'?")}),
    ("---\ntitel: T\ndate: 2026-01-01\n---\nbody", {(2, "missing required key 'title': titel: did you mean 'title'?")}),
])
def test_a_required_key_written_otherwise_is_named_at_its_line(project, text, messages):
    assert {(p.line, p.message) for p in problems_of(project, text, "bad.md")} == messages

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


def test_a_link_to_another_article_is_left_out_with_a_warning(project):
    """Read as an article of its own, a link inside content/ published its target twice ("slug" and "slug-2"),
    with only a duplicate-slug warning to tell."""
    (project.content / "2026").mkdir()
    (project.content / "2026" / "real.md").write_text(article_text(title="Real"), encoding="utf-8")
    (project.content / "alias.md").symlink_to("2026/real.md")
    (project.content / "other.md").write_text(article_text(title="Other"), encoding="utf-8")
    (project.content / "also-other.md").symlink_to(project.content / "other.md")   # (an absolute link too)
    result = load_articles(project.config)
    assert sorted(a.title for a in result.articles) == ["Other", "Real"] and not result.problems
    assert sorted((w.path.name, "a link to" in w.message and "read as an article already" in w.message)
                  for w in result.warnings) == [("alias.md", True), ("also-other.md", True)]
    # a linked folder that sorts first lists the real folder's files under its own name
    (project.content / "0news").symlink_to("2026")
    result = load_articles(project.config)
    assert sorted(a.title for a in result.articles) == ["Other", "Real"] and not result.problems
    assert sorted(w.path.name for w in result.warnings if "a link to" in w.message) == ["alias.md", "also-other.md"]
    # the links are no content files of their own: not counted as drafts left out ("1 draft left out")
    assert count_drafts(result.files, result.articles, result.problems, include_drafts=False) == 0


def test_unsafe_original_url_is_dropped(project):
    assert parse(project, article_text(url="javascript:alert(1)")).url == ""
    assert parse(project, article_text(url="https://example.com/x")).url == "https://example.com/x"


def test_non_latin_title_gets_a_stable_fallback_slug(project):
    first = parse(project, article_text(title="한국 무역 협상"), "k.md")
    again = parse(project, article_text(title="한국 무역 협상"), "k.md")
    assert first.slug.startswith("article-") and first.slug == again.slug


@pytest.mark.parametrize("title, slug", [
    ("Nordmann dømt til livstid", "nordmann-domt-til-livstid"), ("Straße gesperrt", "strasse-gesperrt"),
    ("Łódź świętuje", "lodz-swietuje"), ("Færøerne og Ísland", "faeroerne-og-island"), ("Señor Ðorđe", "senor-dorde"),
])
def test_latin_letters_without_an_accent_to_fold_are_spelled_out_in_slugs(title, slug):
    from newsdigest.slugs import slugify

    assert slugify(title) == slug


@pytest.mark.slow
@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_a_big_batch_parsed_by_worker_processes_gives_what_one_process_gives(project, monkeypatch, start):
    from newsdigest import content
    from newsdigest.content import PARALLEL_MIN_FILES, _parse_chunk, parse_many
    from newsdigest.content_files import find_content_files

    # Forked workers where a fork is safe (one thread), spawned ones beside the watcher's threads: both the same.
    monkeypatch.setattr(content, "may_fork_a_helper", lambda: start == "fork")

    for n in range(PARALLEL_MIN_FILES + 40):
        project.add(f"{n:04d}", title=f"Tariff talks {n}", date=f"2026-01-{1 + n % 28:02d}T09:00:00+09:00",
                    tags=[f"tag {n % 7}"], body=f"Lede {n} about the summit.\n\n- one\n- two")
    project.write("0100-broken.md", "---\ntitle: Fine\ndate: someday\n---\nbody\n")
    config = project.config
    root = config.content_dir.resolve()
    items = [(path, path.read_bytes()) for path in find_content_files(config.content_dir)]
    in_workers = parse_many(items, config, root, facts=True)
    assert in_workers == _parse_chunk(items, config, root, facts=True)
    assert all(parsed.facts.topics and parsed.facts.story_terms for parsed in in_workers if parsed.facts)
    broken = [parsed.result for parsed in in_workers if isinstance(parsed.result, list)]
    assert len(broken) == 1 and broken[0][0].path.name == "0100-broken.md" and broken[0][0].line == 3


def test_names_that_repeat_across_articles_are_one_string_in_every_article_of_a_workers_chunk(project):
    """A million articles each held their own copies of their tags, outlet, author, category and language: about
    400 bytes an article. Interned where parsed, a worker's chunk is pickled, and so unpickled, with one of each."""
    from newsdigest.content import PARALLEL_MIN_FILES, parse_many
    from newsdigest.content_files import find_content_files

    for n in range(PARALLEL_MIN_FILES + 10):
        project.add(f"{n:04d}", title=f"Tariff talks {n}", date=f"2026-01-{1 + n % 28:02d}T09:00:00+09:00",
                    tags=["Local news", f"tag {n % 3}"], topics=["Trade"], source="Harbour Daily",
                    author="Jane Doe", category="Politics", lang="ko")
    config = project.config
    items = [(path, path.read_bytes()) for path in find_content_files(config.content_dir)]
    first, second = [parsed.result for parsed in parse_many(items[:2], config, config.content_dir.resolve())]
    assert first.tags[0] == "Local news" and first.tags[0] is second.tags[0]
    assert all(getattr(first, name) is getattr(second, name) for name in ("source", "author", "category", "lang"))
    assert first.declared_topics[0] is second.declared_topics[0]
    in_workers = [parsed.result for parsed in parse_many(items, config, config.content_dir.resolve())]
    assert len({id(article.tags[0]) for article in in_workers}) < len(in_workers) // 10
    assert len({id(article.source) for article in in_workers}) < len(in_workers) // 10


@pytest.mark.slow
def test_forked_parse_workers_hold_the_heap_frozen_only_while_they_run(project, monkeypatch):
    from newsdigest import content, heap
    from newsdigest.content import PARALLEL_MIN_FILES, BatchParser

    monkeypatch.setattr(content, "may_fork_a_helper", lambda: True)
    paths = [project.add(f"{n:04d}", title=f"Tariff talks {n}", body=f"Lede {n}.") for n in range(PARALLEL_MIN_FILES)]
    held_before = heap._holders
    with BatchParser(project.config, project.config.content_dir.resolve(), expected=len(paths)) as parser:
        for path in paths:
            parser.add(path, path.read_bytes())
        held_while_parsing = heap._holders
        assert len(list(parser.results())) == len(paths)
    # A forked worker's collector would otherwise scan, and so copy, the whole heap it shares with the build.
    assert (held_while_parsing, heap._holders) == (held_before + 1, held_before)


@pytest.mark.slow
@pytest.mark.parametrize("expected, start", [(200, "fork"), (250, "spawn")])
def test_a_batch_of_many_files_spawns_its_parse_workers_which_hold_no_copy_of_this_process(project, monkeypatch,
                                                                                           expected, start):
    # A forked worker comes to hold its own copy of the pages it was forked with (360 MB a worker at a million
    # files): from SPAWN_MIN_FILES (lowered here) the workers start fresh, and the heap is left unfrozen.
    from newsdigest import content, heap
    from newsdigest.content import PARALLEL_MIN_FILES, BatchParser

    monkeypatch.setattr(content, "may_fork_a_helper", lambda: True)
    monkeypatch.setattr(content, "SPAWN_MIN_FILES", 250)
    paths = [project.add(f"{n:04d}", title=f"Tariff talks {n}", body=f"Lede {n}.") for n in range(PARALLEL_MIN_FILES)]
    held_before = heap._holders
    with BatchParser(project.config, project.config.content_dir.resolve(), expected=expected) as parser:
        for path in paths:
            parser.add(path, path.read_bytes())
        assert parser._pool._mp_context.get_start_method() == start
        assert heap._holders == held_before + (start == "fork")
        parsed = [item.result for item in parser.results()]
    assert [article.title for article in parsed] == [f"Tariff talks {n}" for n in range(PARALLEL_MIN_FILES)]


@pytest.mark.slow
def test_forked_parse_workers_do_not_write_the_output_pending_at_the_fork_again(project):
    from newsdigest.content import PARALLEL_MIN_FILES

    for n in range(PARALLEL_MIN_FILES + 10):
        project.add(f"{n:04d}", title=f"Tariff talks {n}", body=f"Lede {n}.")
    # stdout to a pipe is block-buffered: the line is still in the buffer when the workers are forked.
    script = ("import sys; from pathlib import Path; from newsdigest.config import load_config; "
              "from newsdigest.content import load_articles; print('said before parsing'); "
              "loaded = load_articles(load_config(Path(sys.argv[1]))); print(len(loaded.articles), 'articles')")
    done = subprocess.run([sys.executable, "-c", script, str(project.write_config_file())], capture_output=True,
                          text=True, check=True, cwd=REPO)
    assert done.stdout.splitlines() == ["said before parsing", f"{PARALLEL_MIN_FILES + 10} articles"]


# --- One bad value is that file's problem, at its line (issue 12, item 2) ---

@pytest.mark.parametrize("front, line, message", [
    ("title: T\ndate: 2026-02-30", 3, "date: invalid date '2026-02-30' (day is out of range for month)"),
    ("title: T\ndate: 2026-01-29T25:00:00", 3, "date: invalid date '2026-01-29T25:00:00' (hour must be in 0..23)"),
    ("title: T\ndate: 2026-01-29T10:00:00+25:00", 3, "date: invalid date '2026-01-29T10:00:00+25:00' (offset"),
    ("title: T\ndate: !!timestamp x", 3, "date: invalid date 'x'"),
    ("title: T\ndate: 2026-03-05T10:00:00+05:30:15", 3, "date: a UTC offset with seconds (+05:30:15); write it to"),
    ("title: T\ndate: '2026-03-05 10:00 -03:30:01'", 3, "date: a UTC offset with seconds (-03:30:01)"),
    ("title: T\ndate: [2026-03-01]", 3, "date: expected a date, got a list"),
    ("title: T\ndate: {day: 1}", 3, "date: expected a date, got a mapping"),
    ("title: T\ndate: 2026-029", 3, "date: invalid date '2026-029' (ISO 8601 dates look like 2026-01-29 or"),
    ("title: T\ndate: 2026-01-01\nx: !!int abc", 4, "x: invalid integer 'abc'"),
    ("title: T\ndate: 2026-01-01\nx: !!float abc", 4, "x: invalid number 'abc'"),
    ("title: T\ndate: 2026-01-01\nx:\n  deep:\n    - !!int abc", 6, "x: invalid integer 'abc'"),
])
def test_values_yaml_cannot_build_are_problems_at_their_line(project, front, line, message):
    problems = problems_of(project, f"---\n{front}\n---\nbody", "bad.md")
    assert len(problems) == 1 and problems[0].line == line
    assert problems[0].message.startswith(message), problems[0].message


def test_an_unexpected_failure_in_one_file_is_that_files_problem(project, monkeypatch):
    from newsdigest import article
    from newsdigest.content import _parse_chunk

    def render_or_fail(body):
        if "explode" in body:
            raise RuntimeError("boom")
        return real_render(body)

    real_render = article.render_markdown
    monkeypatch.setattr(article, "render_markdown", render_or_fail)
    bad, good = project.add("bad", body="explode"), project.add("good", title="Good")
    results = _parse_chunk([(bad, bad.read_bytes()), (good, good.read_bytes())], project.config,
                           project.config.content_dir.resolve())
    (problems, _), (article, _) = results
    assert problems[0].path == bad and "RuntimeError: boom" in problems[0].message
    assert article.title == "Good"


def test_an_unexpected_failure_working_out_one_files_facts_is_that_files_problem(project, monkeypatch):
    from newsdigest import content

    def tokens_or_fail(article, memo=None):
        if article.title == "Explodes":
            raise RuntimeError("boom")
        return real_tokens(article, memo)

    real_tokens = content.article_tokens
    monkeypatch.setattr(content, "article_tokens", tokens_or_fail)
    bad, good = project.add("bad", title="Explodes"), project.add("good", title="Good")
    results = content._parse_chunk([(bad, bad.read_bytes()), (good, good.read_bytes())], project.config,
                                   project.config.content_dir.resolve(), facts=True)
    (problems, no_facts), (article, facts) = results
    assert problems[0].path == bad and "RuntimeError: boom" in problems[0].message and no_facts is None
    assert article.title == "Good" and facts.story_terms is not None


# --- Dates never depend on the day the build runs, and never guess (item 5) ---

@pytest.mark.parametrize("written", [
    "12:30", "Tuesday", "March", "10", "2027", "01/02/2026", "2026/01/02", "Jan 29", "29 January", "January 2026",
    "Jan 29 26", "Tuesday 29 January 2026", "29 February 2026", "next tuesday-ish",
    "2026-W05", "2026W05", "2026-W05T15:08:00+09:00",   # a week without its day: read as its Monday
])
def test_partial_or_ambiguous_dates_are_errors(project, written):
    problems = problems_of(project, f"---\ntitle: T\ndate: '{written}'\n---\nbody")
    assert len(problems) == 1 and problems[0].line == 3 and problems[0].message.startswith("date: "), problems


def test_an_iso_week_date_with_its_day_is_that_day(project):
    project.write("w.md", "---\ntitle: T\ndate: '2026-W05-4T15:08:00+09:00'\n---\nbody")
    (article,) = load_articles(project.config).articles
    assert article.date.isoformat() == "2026-01-29T15:08:00+09:00"


@pytest.mark.parametrize("character", ["\x01", "\x7f", "\ufffe"])
def test_a_character_yaml_refuses_is_reported_at_its_line(project, character):
    """YAML's reader gives no line for a control character, and every such file was said to be wrong on line 1."""
    problems = problems_of(project, f"---\ntitle: T\ndate: 2026-01-29\nsource: S\nsummary: 'a {character} b'\n---\nbody")
    assert [(problem.line, "invalid YAML" in problem.message) for problem in problems] == [(5, True)], problems


@pytest.mark.parametrize("written, zone", [
    ("Jan 29 2026 3pm CST", "ambiguous time zone 'CST'"), ("Jan 29 2026 3pm IST", "ambiguous time zone 'IST'"),
    ("Jan 29 2026 3pm PST", "ambiguous time zone 'PST'"), ("Jan 29 2026 3pm XYZ", "unknown time zone 'XYZ'"),
    ("2026-01-29 15:00 PST", "ambiguous time zone 'PST'"), ("2026-01-29T15:00 XYZ", "unknown time zone 'XYZ'"),
])
def test_ambiguous_or_unknown_zone_abbreviations_are_refused(project, written, zone):
    problems = problems_of(project, f"---\ntitle: T\ndate: '{written}'\n---\nbody")
    assert problems[0].line == 3 and zone in problems[0].message


def test_a_12_hour_iso_time_gets_the_iso_hint_not_a_zone_error(project):
    problems = problems_of(project, "---\ntitle: T\ndate: '2026-01-29 03:08 PM'\n---\nbody")
    assert "ISO 8601 dates look like" in problems[0].message and "time zone" not in problems[0].message


def test_an_offset_of_a_day_or_more_is_explained_in_words(project):
    """Python's own words for it named its timedelta type and repr."""
    problems = problems_of(project, "---\ntitle: T\ndate: '2026-01-29T15:00:00+25:00'\n---\nbody")
    assert "(a UTC offset is between -23:59 and +23:59)" in problems[0].message
    assert "timedelta" not in problems[0].message


@pytest.mark.parametrize("written", ["2026-01-29T15:00:00+00:60", "'2026-01-29T15:00:00-05:75'"])
def test_an_offset_of_sixty_minutes_or_more_is_refused(project, written):
    """Python and YAML carried the minutes into the hours: "+00:60" was published as +01:00 without a word."""
    problems = problems_of(project, f"---\ntitle: T\ndate: {written}\n---\nbody")
    assert problems[0].line == 3 and "minutes" in problems[0].message and "are not 00-59" in problems[0].message


SEOUL, EASTERN = timezone(timedelta(hours=9)), timezone(timedelta(hours=-5))


@pytest.mark.parametrize("written, expected, date_only", [
    ("2026-01-29", datetime(2026, 1, 29, tzinfo=SEOUL), True),
    ("'2026-01-29'", datetime(2026, 1, 29, tzinfo=SEOUL), True),
    ("2026-01-29T15:08:00+09:00", datetime(2026, 1, 29, 15, 8, tzinfo=SEOUL), False),
    ("2026-01-29T06:08:00Z", datetime(2026, 1, 29, 6, 8, tzinfo=timezone.utc), False),
    ("'2026-01-29 15:08'", datetime(2026, 1, 29, 15, 8, tzinfo=SEOUL), False),
    ("'29 January 2026'", datetime(2026, 1, 29, tzinfo=SEOUL), True),
    ("'Jan 29 2026 3pm'", datetime(2026, 1, 29, 15, tzinfo=SEOUL), False),
    ("'Jan 29 2026 3pm EST'", datetime(2026, 1, 29, 15, tzinfo=EASTERN), False),
    ("'January 29, 2026 15:08 +0900'", datetime(2026, 1, 29, 15, 8, tzinfo=SEOUL), False),
    ("'Thursday, 29 January 2026 15:08 KST'", datetime(2026, 1, 29, 15, 8, tzinfo=SEOUL), False),
    ("'2026-01-29 15:08 KST'", datetime(2026, 1, 29, 15, 8, tzinfo=SEOUL), False),  # (ISO, then a zone's name)
    ("'2026-01-29T01:08:30 EST'", datetime(2026, 1, 29, 1, 8, 30, tzinfo=EASTERN), False),
    ("'29 Jan 2026 15:08 GMT+3'", datetime(2026, 1, 29, 15, 8, tzinfo=timezone(timedelta(hours=3))), False),
    # to the second: an HTML date takes three digits of a fraction at most, and pages wrote six
    ("2026-01-29T06:08:00.5Z", datetime(2026, 1, 29, 6, 8, tzinfo=timezone.utc), False),
    ("'2026-01-29T06:08:00.123456789+09:00'", datetime(2026, 1, 29, 6, 8, tzinfo=SEOUL), False),
])
def test_unambiguous_dates_are_read_exactly(project, written, expected, date_only):
    article = parse(project, f"---\ntitle: T\ndate: {written}\n---\nbody")
    assert article.date == expected and article.date.utcoffset() == expected.utcoffset()
    assert article.date_only is date_only


# --- Text stays the text that was written (item 11) ---

@pytest.mark.parametrize("line, field, expected", [
    ("title: No", "title", "No"), ("title: yes", "title", "yes"), ("title: 1e3", "title", "1e3"),
    ("title: 012", "title", "012"), ("title: 2026-02-30", "title", "2026-02-30"), ("title: 1:30", "title", "1:30"),
    ("source: on", "source", "on"), ("author: null", "author", ""), ("category: ~", "category", ""),
    ("tags: [yes, no, 1.0]", "tags", ("yes", "no", "1.0")),
    # one tag written alone: text too, as in a list (it was refused: "must be a list")
    ("tags: 2026", "tags", ("2026",)), ("tags: 007", "tags", ("007",)), ("tags: 1.5", "tags", ("1.5",)),
    ("tags: 2026-01-01", "tags", ("2026-01-01",)), ("tags: 2026, budget", "tags", ("2026", "budget")),
])
def test_yaml_1_1_booleans_and_numbers_stay_text(project, line, field, expected):
    front = line if line.startswith("title") else f"title: T\n{line}"
    article = parse(project, f"---\n{front}\ndate: 2026-01-01\n---\nbody")
    assert getattr(article, field) == expected


def test_only_true_and_false_are_booleans(project):
    article = parse(project, "---\ntitle: T\ndate: 2026-01-01\nfeatured: no\nshown: true\n---\nbody")
    assert article.extra == {"featured": "no", "shown": True}
    assert problems_of(project, "---\ntitle: T\ndate: 2026-01-01\ndraft: yes\n---\nbody")[0].message == (
        "draft: must be true or false")


@pytest.mark.parametrize("front, line, message", [
    ("title: T\ndate: 2026-01-01\nsource: [A, B]", 4, "source: must be text, not a list"),
    ("title: {a: 1}\ndate: 2026-01-01", 2, "title: must be text, not a mapping"),
    ("title: T\ndate: 2026-01-01\nauthor:\n  - A", 4, "author: must be text, not a list"),
    ("title: T\ndate: 2026-01-01\ntags: [a, [b]]", 4, "tags: each item must be text"),
    ("title: T\ndate: 2026-01-01\ntitle: Again", 4, "duplicate key 'title' (first on line 2)"),
    ("title: T\ndate: 2026-01-01\nmeta:\n  a: 1\n  b: 2\n  a: 3", 7, "meta: duplicate key 'a' (first on line 5)"),
])
def test_non_text_values_and_duplicate_keys_are_errors(project, front, line, message):
    problems = problems_of(project, f"---\n{front}\n---\nbody")
    assert len(problems) == 1 and problems[0].line == line and problems[0].message.startswith(message), problems


def test_keys_written_differently_are_different_keys_whatever_python_holds_equal(project):
    """`1:`, `true:` and `1.0:` are three keys to YAML; to Python 1, True and 1.0 are one, and the article was refused
    for a "duplicate key True" written nowhere."""
    article = parse(project, "---\ntitle: T\ndate: 2026-01-01\n1: one\ntrue: yes\n1.0: point\n---\nbody")
    assert article.extra == {"1": "one", "true": "yes", "1.0": "point"} and article.warnings == ()



# --- Aliases may repeat a value, but not blow a few lines up into millions of values ---

def _alias_bomb(levels: int = 9) -> str:
    """Nine values, then each level nine aliases of the one before: a8 alone stands for 9**9 values."""
    lines = ["title: x", "date: 2026-03-01", "a0: &a0 [" + ",".join(['"x"'] * 9) + "]"]
    lines += [f"a{level}: &a{level} [{','.join([f'*a{level - 1}'] * 9)}]" for level in range(1, levels)]
    return "---\n" + "\n".join(lines) + "\n---\nbody\n"


def front_matter_problems(project, text, name="a.md"):
    path = project.content / name
    with pytest.raises(ContentError) as caught:
        read_front_matter(split_front_matter(text, path)[0], path)
    return caught.value.problems


def test_an_alias_bomb_is_refused_at_once_with_file_and_line(project):
    started = time.perf_counter()
    problems = front_matter_problems(project, _alias_bomb(), "bomb.md")
    assert time.perf_counter() - started < 1
    assert [(p.path, p.line) for p in problems] == [(project.content / "bomb.md", 8)]   # a4, the first over
    assert problems[0].message.startswith(
        "YAML aliases expand this front matter by more than 10,000 values (*a3 here repeats all of &a3)")


def test_a_long_text_repeated_by_aliases_is_refused(project):
    big = "x" * 100_000
    text = f"---\ntitle: x\ndate: 2026-03-01\nbig: &b {big}\nrefs: [{','.join(['*b'] * 2000)}]\n---\nbody\n"
    problems = front_matter_problems(project, text)
    assert len(problems) == 1 and problems[0].line == 5, problems
    assert problems[0].message.startswith("YAML aliases expand this front matter by more than 1,000,000 characters")


@pytest.mark.parametrize("references, refused", [(99, False), (100, True)])
def test_aliases_may_repeat_up_to_10_000_values(project, references, refused):
    front = "title: x\ndate: 2026-03-01\nlist: &l [" + ",".join(["v"] * 100) + "]\n"   # 101 values
    text = f"---\n{front}copies: [{','.join(['*l'] * references)}]\n---\nbody\n"
    if refused:
        assert "by more than 10,000 values" in front_matter_problems(project, text)[0].message
    else:
        assert len(parse(project, text).extra["copies"]) == references


def test_ordinary_aliases_and_merge_keys_still_load(project):
    article = parse(project, """---
title: &title Seoul presses Washington
date: 2026-01-29
summary: *title
tags: &tags [trade, tariffs]
related_tags: *tags
desk: &desk {city: Seoul, shift: night}
night_desk: {<<: *desk, editor: Kim}
---
body
""")
    assert article.summary == "Seoul presses Washington" and article.tags == ("trade", "tariffs")
    assert article.extra["related_tags"] == ["trade", "tariffs"]
    assert article.extra["night_desk"] == {"city": "Seoul", "shift": "night", "editor": "Kim"}

# --- What reaches a page: characters, languages, links (items 8, 9) ---

def test_control_characters_and_noncharacters_are_stripped_from_every_field(project):
    from newsdigest.markup import strip_control_chars

    forbidden = "\x00\x1b\x7f\x80\x85\x9f\ud800\ufdd0\ufdef\ufffe\uffff\U0001fffe\U0010ffff"
    assert strip_control_chars(f"a\tb\nc\r{forbidden}d\xa0\ufdf0\ufffd") == "a\tb\nc\rd\xa0\ufdf0\ufffd"
    dirty = r'"x\x80\x85\ufdd0\U0001ffffy"'  # YAML escapes (a raw U+0085 would be a YAML line break)
    front = (f"title: {dirty}\ndate: 2026-01-01\nimage_caption: {dirty}\ndate_inferred_from: {dirty}\n"
             f"mood:\n  {dirty}: [{dirty}, {{deep: {dirty}}}]\n")
    article = parse(project, f"---\n{front}---\nx\x80\x85\ufdd0\U0001ffffy\n")
    assert article.title == "xy" and article.body_html == "<p>xy</p>\n"
    assert article.extra == {"image_caption": "xy", "date_inferred_from": "xy", "mood": {"xy": ["xy", {"deep": "xy"}]}}


@pytest.mark.parametrize("lang", ["en", "ko", "pt-BR", "zh-Hant-TW", "en-US-x-twain"])
def test_language_tags_are_kept(project, lang):
    article = parse(project, article_text(lang=lang))
    assert article.lang == lang and article.warnings == ()


@pytest.mark.parametrize("lang", ['en" onload="x', "en us", "e", "english!", "<ko>", "en_US", "1234"])
def test_bad_language_tags_fall_back_with_a_warning(project, lang):
    article = parse(project, article_text(lang=lang))
    assert article.lang == "en"
    assert [(w.line, w.message.split(":")[0]) for w in article.warnings] == [(4, "lang")]


@pytest.mark.parametrize("url", ["https://example.com/a?b=c#d", "http://example.com", "https://example.com/O'Brien",
                                 "https://example.com/a%C3%BC?q=%C3%A4", "http://127.0.0.1:8080/x", "https://[::1]/x"])
def test_web_urls_are_kept(project, url):
    article = parse(project, article_text(url=url))
    assert article.url == url and article.warnings == ()


def test_a_url_whose_path_holds_a_zero_width_non_joiner_or_whose_host_an_ideographic_stop_is_kept():
    """Persian writes a zero-width non-joiner inside words, and IDNA reads "。" as a dot: both were refused."""
    from newsdigest.urls import is_web_url
    assert is_web_url("https://fa.wikipedia.example/wiki/\u0646\u06cc\u0645\u200c\u0641\u0627\u0635\u0644\u0647")
    assert is_web_url("https://\u65e5\u672c\u3002jp/") and not is_web_url("https://a\u200db.com/")


@pytest.mark.parametrize("url, published", [
    ("https://user@例え.jp:8443/記事", "https://user@xn--r8jz45g.jp:8443/%E8%A8%98%E4%BA%8B"),
    ("https://bücher.example/über/artikel?q=ä#teil", "https://xn--bcher-kva.example/%C3%BCber/artikel?q=%C3%A4#teil"),
    ("https://뉴스.example/기사/123", "https://xn--vg1b002a.example/%EA%B8%B0%EC%82%AC/123"),
    # as browsers write them (UTS #46, non-transitional): Python's IDNA 2003 codec made "fass.de", another domain
    ("https://faß.de/artikel", "https://xn--fa-hia.de/artikel"),
    ("https://ςοφ.gr/", "https://xn--0xafn.gr/"),
    ("https://i❤.ws/", "https://xn--i-7iq.ws/"),   # a symbol IDNA 2008 refuses and browsers still look up
])
def test_a_url_with_letters_beyond_ascii_is_kept_in_the_form_feeds_require(project, url, published):
    # an RSS <source url>, a JSON Feed external_url and rel=canonical are URLs: ASCII only (RFC 3986)
    article = parse(project, article_text(url=url))
    assert article.url == published and article.warnings == ()


@pytest.mark.parametrize("url", ["http:javascript:1", "javascript:alert(1)", "https:///x", "//example.com/x", "/local",
                                 "https://example.com/a b", 'https://example.com/"x', "https://example.com/<x>",
                                 "https://exa\tmple.com/", "ftp://example.com/", "https://example.com:99999/",
                                 # hosts no browser can look up, published as broken links the HTML checker refused,
                                 # or one a zero-width joiner in it made another host ("ab.com") as it was published
                                 "https://news..example.com/story", "https://xn--/x", "https://" + "a" * 64 + ".com/",
                                 "https://[fe80::1%25eth0]/", "https://a\u200db.com/", "https://\ufeffa.com/"])
def test_unsafe_or_relative_urls_are_left_out_with_a_warning(project, url):
    article = parse(project, article_text(url=url))
    assert article.url == ""
    assert [(w.line, w.message.split(":")[0]) for w in article.warnings] == [(4, "url")]


def test_a_slug_with_nothing_to_make_an_address_from_is_a_warning_not_silence(project):
    article = parse(project, "---\ntitle: Harbour news\ndate: 2026-01-29\nslug: 한국\n---\nbody")
    assert article.slug == "harbour-news"
    assert [(w.line, w.message.split(":")[0]) for w in article.warnings] == [(4, "slug")]
    assert "'한국' has no Latin letters or digits" in article.warnings[0].message


def test_a_declared_topic_with_nothing_to_make_an_address_from_is_a_warning_not_silence(project):
    """`topics: [정치]` left the article under the fallback topic without a word, as if no topic were declared."""
    article = parse(project, "---\ntitle: T\ndate: 2026-01-29\ntopics: [정치, Trade]\n---\nbody")
    assert article.declared_topics == ("trade",)
    assert [(w.line, w.message.split(":")[0]) for w in article.warnings] == [(4, "topics")]
    assert "'정치'" in article.warnings[0].message


def test_load_articles_reports_the_warnings_of_published_articles(project):
    project.add("odd", title="Odd", url="http:javascript:1")
    result = load_articles(project.config)
    assert [a.title for a in result.articles] == ["Odd"] and result.problems == []
    assert [(w.path.name, w.line) for w in result.warnings] == [("odd.md", 4)]


# --- Files that are not plain files (item 7) ---

def test_special_files_are_refused_without_blocking(project):
    import os

    from newsdigest.fileio import NotRegularFileError, read_regular_file

    fifo = project.content / "pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFileError):
        read_regular_file(fifo)  # a plain open() would wait here for a writer, forever
    (project.content / "loop.md").symlink_to("loop.md")
    project.add("good", title="Good")
    result = load_articles(project.config)
    assert [a.title for a in result.articles] == ["Good"]
    assert {p.path.name: p.message.split(";")[0] for p in result.problems} == {
        "pipe.md": "cannot read file: not a regular file (a FIFO, socket or device)",
        "loop.md": "symlink loop: the link leads back to itself"}


def test_undecodable_file_name_gets_a_stable_fallback_slug(project):
    name = b"\xff.md".decode("utf-8", "surrogateescape")
    first, again = (parse(project, article_text(title="한국 무역"), name) for _ in range(2))
    assert first.slug.startswith("article-") and first.slug == again.slug


def test_has_content_files_agrees_with_the_full_listing(tmp_path):
    from newsdigest.content_files import find_content_files, has_content_files

    content = tmp_path / "content"
    (content / "_drafts-of-layout").mkdir(parents=True)
    (content / ".git").mkdir()
    (content / "_drafts-of-layout" / "skipped.md").write_text("x")
    (content / ".git" / "skipped.md").write_text("x")
    (content / ".hidden.md").write_text("x")
    (content / "notes.txt").write_text("x")
    assert not has_content_files(content) and find_content_files(content) == []
    (content / "2026" / "11").mkdir(parents=True)
    (content / "2026" / "11" / "harbour.md").write_text("x")
    assert has_content_files(content) and find_content_files(content) == [content / "2026" / "11" / "harbour.md"]


def test_the_progress_bar_asks_only_whether_there_are_more_files_than_its_threshold(project, monkeypatch):
    # A million files' paths listed only to be counted took 430 MB at the start of every big build in a terminal.
    import sys

    from newsdigest import content_files, progress
    from newsdigest.content_files import find_content_files, has_more_content_files_than

    for n in range(3):
        project.add(f"report-{n}")
    assert [has_more_content_files_than(project.content, count) for count in range(5)] == [True, True, True,
                                                                                            False, False]
    assert len(find_content_files(project.content)) == 3
    monkeypatch.setattr(content_files, "find_content_files", None)   # never called to count
    monkeypatch.setattr(progress, "PROGRESS_MIN_ARTICLES", 2)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    bar = progress.make_progress(project.config)
    assert isinstance(bar, progress.RichBuildProgress)
    bar.close()


@pytest.mark.parametrize("title", ['"\\u200b"', '"\\u00a0\\u200b\\u2028"', '"\\u2060\\ufeff"'])
def test_a_title_of_invisible_characters_only_is_a_problem_at_its_line(project, title):
    problems = problems_of(project, f"---\ndate: 2026-01-01\ntitle: {title}\n---\nbody", "bad.md")
    assert [(problem.line, problem.message) for problem in problems] == [(3, "title: has no visible character")]


def test_values_the_templates_cannot_use_are_warnings_at_their_line(project):
    article = parse(project, "---\ntitle: T\ndate: 2026-01-02\ncanonical: javascript:alert(1)\nupdated: garbage\n"
                             "modified: 2026-01-01\nupdated_by: me\n---\nbody")
    assert [(w.line, w.message.split(":")[0]) for w in article.warnings] == [(4, "canonical"), (5, "updated"),
                                                                           (6, "modified")]
    assert article.warnings[0].message == ("canonical: 'javascript:alert(1)' is not one of original, self, digest; "
                                           "ignored")
    assert "cannot understand date 'garbage'" in article.warnings[1].message
    assert article.warnings[2].message == "modified: 2026-01-01 is before the article's date; ignored"


def test_an_update_given_as_the_publication_day_is_a_warning_not_a_silent_no_op(project):
    article = parse(project, "---\ntitle: T\ndate: 2026-03-19T06:00:00+00:00\nupdated: 2026-03-19\n---\nbody")
    [warning] = article.warnings
    assert (warning.line, warning.message.split(":")[0]) == (4, "updated")
    assert "give the time of the change (updated: 2026-03-19T15:30)" in warning.message
    assert article.modified == article.date
    dated_by_day = parse(project, "---\ntitle: T\ndate: 2026-03-19\nupdated: 2026-03-19\n---\nbody")
    assert dated_by_day.warnings == ()  # an article dated by its day: the same day says no more, and no less
    later = parse(project, "---\ntitle: T\ndate: 2026-03-19T06:00:00+00:00\nupdated: 2026-03-20\n---\nbody")
    assert later.warnings == () and later.modified_text == "2026-03-20"
    assert article.modified == article.date
    # Read as `date` is: YAML or text, a day alone, a time without an offset in the config's time zone.
    for value in ("2026-01-02T10:00:00+01:00", "'2026-01-02T10:00:00+01:00'", "2026-01-03", "3 January 2026 10:00"):
        fine = parse(project, f"---\ntitle: T\ndate: 2026-01-01\ncanonical: original\nupdated: {value}\n---\nbody")
        assert fine.warnings == () and fine.modified > fine.date, value


@pytest.mark.parametrize("breaker", ["\u2028", "\u0085", "\u2029"])
def test_line_numbers_count_the_files_lines_not_yamls(project, breaker):
    # YAML also breaks lines at U+0085, U+2028 and U+2029 (inside a quoted title here): an editor does not
    text = f'---\ntitle: "One{breaker}two{breaker}three"\ndate: 2026-01-01\ndate: 2026-01-02\n---\nbody'
    problems = problems_of(project, text, "bad.md")
    assert [(problem.line, problem.message) for problem in problems] == [
        (4, "duplicate key 'date' (first on line 3); keep only one")]


def test_bidi_overrides_leave_one_line_text_and_isolates_stay(project):
    # An unclosed right-to-left override would turn the rest of a list's line around ("Trojan Source")
    article = parse(project, '---\ntitle: "Invoice \\u202egnp.exe"\nsource: "\\u202dWire"\ndate: 2026-01-01\n'
                             'tags: ["\\u202bTag"]\nauthor: "\\u2067\u0633\u0644\u0627\u0645\\u2069 Ali"\n---\n'
                             'A lede with an \u202eoverride.')
    assert article.title == "Invoice gnp.exe" and article.source == "Wire" and article.tags == ("Tag",)
    assert article.summary == "A lede with an override."
    assert article.author == "\u2067\u0633\u0644\u0627\u0645\u2069 Ali"


def test_an_isolate_left_open_or_never_opened_leaves_one_line_text_but_a_closed_one_stays(project):
    # An unclosed isolate reaches past its field too: the rest of a list's line (time, topic) would turn around.
    article = parse(project, '---\ntitle: "Rates \u2067rise"\nsource: "Wire\u2069"\ndate: 2026-01-01\n'
                             'author: "\u2068\u0633\u0644\u0627\u0645\u2069 Ali"\n---\n'
                             'A lede that opens an isolate \u2067\u0633\u0644\u0627\u0645 and never closes it.')
    assert article.title == "Rates rise" and article.source == "Wire"
    assert article.author == "\u2068\u0633\u0644\u0627\u0645\u2069 Ali"
    assert "\u2067" not in article.summary
    # A summary cut inside a closed isolate gets its closing mark back before the ellipsis.
    from newsdigest.markup import truncate_words
    word = "\u0646\u064a\u0648\u0632"
    cut = truncate_words(f"Report \u2067{word} {word} {word}\u2069 goes on", 15)
    assert cut.endswith("\u2069…") and cut.count("\u2067") == cut.count("\u2069") == 1


@pytest.mark.parametrize("tags", ["[trade, ~]", "[trade, null, tariffs]", '"trade,, tariffs"', "[trade, '']"])
def test_an_empty_tag_item_is_left_out_as_in_a_comma_separated_list(project, tags):
    article = parse(project, f"---\ntitle: Rates\ndate: 2026-03-01T09:00:00+00:00\ntags: {tags}\n---\nText.\n")
    assert article.tags in (("trade",), ("trade", "tariffs"))


def test_text_with_combining_accents_is_read_as_the_composed_letters(project):
    """An article saved with decomposed accents (macOS, some editors) had tag and source pages of its own and
    missed the topic keywords written with composed letters."""
    import unicodedata
    composed = parse(project, article_text("Électricité : les prix montent", source="Le Café", tags=["énergie"],
                                           body="La facture d'électricité augmente."))
    decomposed = parse(project, unicodedata.normalize("NFD", article_text(
        "Électricité : les prix montent", source="Le Café", tags=["énergie"], body="La facture d'électricité augmente.")))
    assert decomposed.title == composed.title and decomposed.source == composed.source
    assert decomposed.tags == composed.tags and decomposed.body_markdown == composed.body_markdown
    # hanja a Korean text writes with compatibility ideographs (U+F914) stay as written, as NFC would not keep them
    hanja = parse(project, article_text("音\uf914 " + unicodedata.normalize("NFD", "공연 café")))
    assert hanja.title == "音\uf914 공연 café"


def test_an_address_made_from_the_files_path_is_the_same_on_every_system(project):
    """A title with no Latin letters names the page after its file's path: a name macOS wrote with combining
    marks moved the page (and its feed id)."""
    import unicodedata
    text = article_text("서울 시장 선거").encode("utf-8")
    name = "2026/03/서울-시장-선거.md"
    nfc = parse_article(project.content / name, text, project.config)
    nfd = parse_article(project.content / unicodedata.normalize("NFD", name), text, project.config)
    assert nfc.slug == nfd.slug and nfc.slug.startswith("article-")


def test_files_that_look_like_articles_but_are_not_read_are_named(project):
    """"Note.MD", "note.markdown" and what Notepad saves as "note.md.txt" were left out of the site without a word."""
    project.add("kept", title="Kept")
    for name in ("Upper.MD", "long.markdown", "notepad.md.txt", "_draft.markdown", "notes.txt"):
        (project.content / name).write_text(article_text("Left out"), encoding="utf-8")
    (project.content / "_drafts").mkdir()
    (project.content / "_drafts" / "x.MD").write_text(article_text("Left out"), encoding="utf-8")
    result = load_articles(project.config)
    assert [a.title for a in result.articles] == ["Kept"]
    told = sorted((w.path.name, w.message) for w in result.warnings)
    assert [name for name, _ in told] == ["Upper.MD", "long.markdown", "notepad.md.txt"]
    assert all("not read as an article" in message for _, message in told)
    assert "rename it notepad.md" in told[2][1] and "rename it Upper.md" in told[0][1]


def test_a_local_time_the_clocks_skipped_is_the_time_they_showed(project):
    """01:30 on the morning London's clocks went from 01:00 GMT to 02:00 BST was kept as "01:30 GMT", a time no
    clock there showed, and pages said so; the instant (01:30 UTC) is 02:30 BST."""
    from newsdigest.display_time import in_zone, zone_abbreviation
    project.settings["timezone"] = "Europe/London"
    skipped = parse(project, article_text(date="2026-03-29T01:30:00"))
    assert skipped.date.isoformat() == "2026-03-29T02:30:00+01:00"
    shown = in_zone(datetime(2026, 3, 29, 1, 30, tzinfo=project.config.zone), "Europe/London")
    assert (shown.hour, shown.minute, zone_abbreviation(shown)) == (2, 30, "BST")
    ordinary = parse(project, article_text(date="2026-03-29T09:00:00"))
    assert ordinary.date.isoformat() == "2026-03-29T09:00:00+01:00"


def test_an_update_known_by_its_day_only_stays_a_day(project):
    """`updated: 2026-03-06` on an article of 10:00 that day was "before the article's date"; a later day went
    into the sitemap and JSON-LD as an invented midnight."""
    same_day = parse(project, "---\ntitle: T\ndate: 2026-03-06T10:00:00Z\nupdated: 2026-03-06\n---\nbody")
    assert [w.message.split(":")[0] for w in same_day.warnings] == ["updated"]  # no change to show: said so
    assert same_day.modified == same_day.date
    assert same_day.modified_text == "2026-03-06T10:00:00+00:00"
    later = parse(project, "---\ntitle: T\ndate: 2026-03-07\nupdated: 2026-03-08\n---\nbody")
    assert later.warnings == () and later.modified > later.date and later.modified_text == "2026-03-08"
    # the article's own day in `updated:` says no change: a later `modified:` still tells one (it was ignored)
    both = parse(project, "---\ntitle: T\ndate: 2026-03-07\nupdated: 2026-03-07\nmodified: 2026-03-09T09:00:00Z\n"
                          "---\nbody")
    assert both.modified_text == "2026-03-09T09:00:00+00:00"
    timed = parse(project, "---\ntitle: T\ndate: 2026-03-07\nupdated: 2026-03-08T09:30:00+09:00\n---\nbody")
    assert timed.modified_text == "2026-03-08T09:30:00+09:00"
    never = parse(project, "---\ntitle: T\ndate: 2026-03-07\n---\nbody")
    assert never.modified_text == "2026-03-07"


def test_an_article_dated_in_the_future_is_published_with_a_warning(project):
    """A mistyped year (2062) put the article at the head of the home page and the feeds for decades, silently."""
    project.add("typo", title="Council meets", date="2062-03-10T09:00:00+00:00")
    project.add("today", title="Budget passes", date=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    project.add("scheduled", title="Election results", date="2062-03-10T09:00:00+00:00", draft=True)  # as advised
    result = load_articles(project.config, include_drafts=True)
    assert sorted(a.title for a in result.articles) == ["Budget passes", "Council meets", "Election results"]
    [warning] = result.warnings
    assert warning.path == project.content / "typo.md"
    assert warning.message.startswith("date: 2062-03-10T09:00:00+00:00 is in the future")



def test_an_update_dated_in_the_future_is_a_warning(project):
    """`updated: 2062-...` (for 2026) went into the feeds' and the sitemap's dates without a word."""
    project.add("typo", title="Council meets", date="2026-03-10T09:00:00+00:00", updated="2062-03-11T09:00:00+00:00")
    project.add("day", title="Budget passes", date="2026-03-10", modified="2062-03-11")
    project.add("fine", title="Rates hold", date="2026-03-10T09:00:00+00:00", updated="2026-03-11T09:00:00+00:00")
    result = load_articles(project.config)
    assert sorted((w.path.name, w.message.split(" is in")[0]) for w in result.warnings) == [
        ("day.md", "modified: 2062-03-11"), ("typo.md", "updated: 2062-03-11T09:00:00+00:00")]
    assert all("is in the future: the feeds, the sitemap" in w.message for w in result.warnings)


def test_a_title_mostly_in_another_script_is_not_named_after_its_digits(project):
    """"한국은행, 기준금리 연 3.25%로 동결" was published at /.../3-25/, and two such titles of one day collided."""
    rate = parse(project, article_text("한국은행, 기준금리 연 3.25%로 동결"), "rate.md")
    assert rate.slug.startswith("article-")
    assert parse(project, article_text("KTX 요금 인상"), "ktx.md").slug.startswith("article-")
    assert parse(project, article_text("Seoul raises KTX fares by 3%"), "en.md").slug == "seoul-raises-ktx-fares-by-3"


def test_text_that_yaml_cuts_short_is_a_warning_naming_its_line(project):
    """`title: Korea ranks #1 in chip exports` published "Korea ranks" (at /.../korea-ranks/) and `category: &Local
    news` "news", with `check` saying all was valid."""
    article = parse(project, "---\ntitle: Korea ranks #1 in chip exports\ndate: 2026-03-01\nsource: Wire  # desk\n"
                             "summary: Exports rose 5% #fact\ncategory: &Local news\ntags: AT&T, chips\n---\nbody")
    assert (article.title, article.source, article.category) == ("Korea ranks", "Wire", "news")
    assert [(w.line, w.message.split(";")[0]) for w in article.warnings] == [
        (2, "title: the text from '#1 in chip exports' on is a YAML comment and was left out"),
        (5, "summary: the text from '#fact' on is a YAML comment and was left out"),
        (6, "category: '&Local' is read as a YAML anchor, not as text, and was left out")]
    assert all(w.message.endswith("put the whole value in quotes to keep it") for w in article.warnings)
    quoted = parse(project, "---\ntitle: 'Korea ranks #1 in chip exports'\ndate: 2026-03-01\n---\nbody")
    assert quoted.title == "Korea ranks #1 in chip exports" and quoted.warnings == ()
    aliased = parse(project, "---\ntitle: T\ndate: 2026-03-01\nsource: &wire Seoul Wire\nauthor: *wire\n---\nbody")
    assert (aliased.source, aliased.author, aliased.warnings) == ("Seoul Wire", "Seoul Wire", ())   # (one meant)
    listed = parse(project, "---\ntitle: T\ndate: 2026-03-01\ntags:\n  - Korea #1\n  - chips\n---\nbody")
    assert listed.tags == ("Korea", "chips") and [(w.line, w.message.split(" on ")[0]) for w in listed.warnings] == [
        (5, "tags: the text from '#1'")]


def test_an_unquoted_colon_in_a_title_says_to_quote_it(project):
    """A headline with a colon is common; the parser's "mapping values are not allowed" said nothing of quotes."""
    [problem] = problems_of(project, "---\ntitle: Harbour tram: what the first week showed\ndate: 2026-03-01\n---\nx")
    assert problem.line == 2 and "needs quotes" in problem.message


def test_a_key_spelled_almost_like_one_newsdigest_reads_is_warned_about(project):
    """`sumary:` or `tag:` was kept as a template's extra and silently unused: no summary, no tag page."""
    article = parse(project, "---\ntitle: T\ndate: 2026-01-02\nsumary: Short.\ntag: [ports]\nsubtitle: Kept\n"
                             "image_caption: A caption\n---\nbody")
    assert [(w.line, w.message) for w in article.warnings] == [
        (4, "sumary: not a key newsdigest reads (kept for templates as article.extra); did you mean 'summary'?"),
        (5, "tag: not a key newsdigest reads (kept for templates as article.extra); did you mean 'tags'?")]
    assert article.extra["subtitle"] == "Kept" and article.extra["sumary"] == "Short."


@pytest.mark.parametrize("image", ["/images/ferry.jpg", "'https://cdn.example/ferry\"photo.jpg'", "[a, b]"])
def test_a_picture_share_cards_cannot_use_is_warned_about(project, image):
    """An `image:` that is not an absolute http(s) address was left out of share cards and feeds without a word."""
    article = parse(project, f"---\ntitle: T\ndate: 2026-01-02\nimage: {image}\n---\nbody")
    assert [(w.line, w.message.split(":")[0]) for w in article.warnings] == [(4, "image")]
    assert "not an absolute http(s) address" in article.warnings[0].message and article.image_url == ""
    fine = parse(project, "---\ntitle: T\ndate: 2026-01-02\nimage: https://cdn.example/ferry.jpg\n---\nbody")
    assert fine.warnings == () and fine.image_url == "https://cdn.example/ferry.jpg"


def test_a_picture_address_with_a_space_is_asked_for_as_a_browser_asks_for_it(project):
    """Ingest wrote og:image addresses with a space as they were; every build then warned and dropped the picture."""
    article = parse(project, "---\ntitle: T\ndate: 2026-01-02\nimage: https://cdn.example/night ferry 1.jpg\n---\nb")
    assert article.warnings == () and article.image_url == "https://cdn.example/night%20ferry%201.jpg"
