"""Article bodies kept on disk by one-shot builds: read back exactly, and the same site either way."""

import pickle
import sys
from dataclasses import replace

import pytest

from newsdigest.article import ArticleBody
from newsdigest.body_store import BodyFile, StoredBody
from newsdigest.build import SiteBuilder
from newsdigest.content import ArticleCache, load_articles, parse_many
from tests.test_split_build import fill, output_files

BODIES = [("<p>Plain</p>\n", "Plain"), ("", ""), ("<p>Überall 東京 😀</p>", "Überall 東京 😀"),
          ("<p>lone \udc80 surrogate</p>", "lone \udc80 surrogate"), ("<p>x</p>", "")]


def test_bodies_read_back_exactly_and_nothing_else_changes(project):
    project.add("one", title="One", body="Body.")
    article = load_articles(project.config).articles[0]
    file = BodyFile()
    kept = []
    for html, markdown in BODIES:
        stored = file.keep(replace(article, body=ArticleBody(html, markdown)))
        assert isinstance(stored.body, StoredBody)
        kept.append(stored)
    for stored, (html, markdown) in zip(kept, BODIES):
        assert (stored.body_html, stored.body_markdown) == (html, markdown)
        assert stored.body == ArticleBody(html, markdown) and ArticleBody(html, markdown) == stored.body
        assert (stored.title, stored.source_path, stored.file_hash) == (article.title, article.source_path,
                                                                          article.file_hash)
    assert file.keep(kept[0]) is kept[0]  # already on disk: not written twice
    # Sent to another process, a body travels as its text: that process has no such file.
    copy = pickle.loads(pickle.dumps(kept[2]))
    assert type(copy.body) is ArticleBody and copy.body_html == BODIES[2][0]


def test_a_one_shot_build_holds_no_body_in_memory_and_writes_the_same_site(project, tmp_path):
    fill(project, count=30)
    one_shot = SiteBuilder(project.config, reuse=False).build()
    kept = SiteBuilder(project.config, output_dir=tmp_path / "kept").build()   # as watch and serve build
    assert all(isinstance(article.body, StoredBody) for article in one_shot.site.articles)
    assert not any(isinstance(article.body, StoredBody) for article in kept.site.articles)
    assert output_files(project.output) == output_files(tmp_path / "kept")
    assert "Details with" in one_shot.site.articles[0].body_markdown  # the result still reads its bodies


@pytest.mark.skipif(sys.platform != "linux", reason="parse workers are started for many files on Linux here")
def test_bodies_of_articles_parsed_in_worker_processes_arrive_in_order(project):
    fill(project, count=260)   # past content.PARALLEL_MIN_FILES: parsed by worker processes, a chunk at a time
    paths = sorted(project.config.content_dir.rglob("*.md"))
    cache = ArticleCache(bodies=BodyFile())
    cache.refresh(paths, project.config, project.config.content_dir.resolve())
    expected = parse_many([(path, path.read_bytes()) for path in paths], project.config,
                          project.config.content_dir.resolve())
    for path, parsed in zip(paths, expected):
        article = cache.result(path)
        assert isinstance(article.body, StoredBody)
        assert article.body == parsed.result.body and article.source_path == parsed.result.source_path


@pytest.mark.skipif(sys.platform != "linux", reason="parse workers are started for many files on Linux here")
@pytest.mark.parametrize("cores", [1, 2])
def test_files_are_read_a_bounded_window_ahead_of_the_parse(project, monkeypatch, cores):
    from newsdigest import content

    fill(project, count=420)
    monkeypatch.setattr(content, "MAX_CHUNK", content.MIN_CHUNK)   # 9 chunks
    monkeypatch.setattr(content, "IN_FLIGHT_PER_WORKER", 1)
    monkeypatch.setattr(content.os, "cpu_count", lambda: cores)
    paths = sorted(project.config.content_dir.rglob("*.md"))
    expected = parse_many([(path, path.read_bytes()) for path in paths], project.config,
                          project.config.content_dir.resolve(), facts=True)
    waiting = []   # (chunks sent and not handed on, files read and not yet sent), after each file read
    add = content.BatchParser.add

    def add_and_count(parser, path, raw):
        add(parser, path, raw)
        waiting.append((len(parser._submitted), len(parser._pending)))

    monkeypatch.setattr(content.BatchParser, "add", add_and_count)
    cache = ArticleCache(facts=True, bodies=BodyFile())
    cache.refresh(paths, project.config, project.config.content_dir.resolve())
    for path, parsed in zip(paths, expected):
        assert cache.result(path).body == parsed.result.body and cache.take_facts(path) == parsed.facts
    assert cache.parsed == len(paths)
    # Two workers: files wait for them to start (then go as chunks at once), and from there on at most one chunk
    # each is out besides the one just sent. One core: parsed here a chunk at a time. Neither grows with the site.
    most_sent, most_unsent = max(sent for sent, _ in waiting), max(unsent for _, unsent in waiting)
    if cores > 1:
        assert most_sent <= content.PARALLEL_MIN_FILES // content.MIN_CHUNK and most_unsent < content.PARALLEL_MIN_FILES
        started = next(number for number, (sent, _) in enumerate(waiting) if sent)
        assert max(sent for sent, _ in waiting[started + content.MIN_CHUNK:]) <= cores + 1
    else:
        assert most_sent == 0 and most_unsent == content.MIN_CHUNK


def test_a_one_shot_build_holds_what_it_read_once(project, tmp_path):
    fill(project, count=30)
    one_shot = SiteBuilder(project.config, reuse=False)
    kept = SiteBuilder(project.config, output_dir=tmp_path / "kept")   # as watch and serve build
    one_shot.build(), kept.build()
    # The site model's articles only: not also the article cache's copies as read, nor their term counts.
    assert not one_shot.caches.articles._entries and not one_shot.caches.story_tokens
    assert len(kept.caches.articles._entries) == 30 and kept.caches.story_tokens  # the next build's starting point
    assert output_files(project.output) == output_files(tmp_path / "kept")


def test_a_full_temporary_folder_is_named_in_the_error(project, monkeypatch):
    project.add("one", title="One", body="Body.")
    article = load_articles(project.config).articles[0]
    file = BodyFile()

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("newsdigest.body_store.os.pwrite", full_disk)
    with pytest.raises(OSError) as raised:
        file.keep(article)
    assert raised.value.filename == file.folder and "No space left" in str(raised.value)
