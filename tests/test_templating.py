"""Compiled templates kept between environments (templating.CompiledTemplates): reused only where the template
file, its source, the config and the environment's settings are the same, and a build's output the same either
way."""

import jinja2
import pytest

from newsdigest import templating
from newsdigest.build import build
from newsdigest.config import BUILTIN_THEMES_DIR
from newsdigest.templating import CompiledTemplates, load_templates, make_environment


@pytest.fixture
def compiled(monkeypatch):
    """A fresh process-wide store of compiled templates, and a count of the templates compiled from source."""
    store = CompiledTemplates()
    monkeypatch.setattr(templating, "COMPILED_TEMPLATES", store)
    counted: list[str] = []
    compile_source = templating.ThemeEnvironment.compile

    def counting_compile(self, source, name=None, filename=None, *args, **kwargs):
        counted.append(name)
        return compile_source(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(templating.ThemeEnvironment, "compile", counting_compile)
    return store, counted


def user_theme(project, tmp_path):
    themes = tmp_path / "themes"
    (themes / "mine" / "templates").mkdir(parents=True)
    (themes / "default").symlink_to(BUILTIN_THEMES_DIR / "default")
    project.settings.update(themes_dir=str(themes), theme="mine")
    return themes / "mine" / "templates"


def test_a_new_environment_over_an_unchanged_theme_compiles_nothing(project, compiled):
    _, counted = compiled
    load_templates(make_environment(project.config))
    first = len(counted)
    assert first > 10  # the whole default theme
    load_templates(make_environment(project.config))
    assert len(counted) == first


def test_an_edited_template_compiles_afresh_and_only_it(project, tmp_path, compiled):
    _, counted = compiled
    override = user_theme(project, tmp_path) / "note.txt"
    override.write_text("{{ 'first' | upper }}", encoding="utf-8")
    load_templates(make_environment(project.config))
    counted.clear()
    override.write_text("{{ 'second' | upper }}", encoding="utf-8")
    env = make_environment(project.config)
    load_templates(env)
    assert counted == ["note.txt"]
    assert env.get_template("note.txt").render() == "SECOND"


def test_another_environment_setup_compiles_afresh(project, compiled):
    _, counted = compiled
    load_templates(make_environment(project.config))
    counted.clear()
    env = make_environment(project.config)
    env.filters["shout"] = str.upper  # a filter the first environment's templates could not have used
    load_templates(env)
    assert "404.html" in counted and len(counted) == len(set(counted))


def test_templates_compiled_for_another_config_are_not_reused(project, tmp_path, compiled):
    # Jinja2 calls a filter with a constant argument while compiling, so the code holds the config's base path.
    note = user_theme(project, tmp_path) / "note.txt"
    note.write_text("{{ '/static/style.css' | url }}", encoding="utf-8")
    project.settings["base_url"] = "https://example.org/"
    assert make_environment(project.config).get_template("note.txt").render() == "/static/style.css"
    project.settings["base_url"] = "https://example.org/digest/"
    assert make_environment(project.config).get_template("note.txt").render() == "/digest/static/style.css"
    project.settings["base_url"] = "https://example.org/"
    _, counted = compiled
    counted.clear()
    assert make_environment(project.config).get_template("note.txt").render() == "/static/style.css"
    assert counted == []  # the same config again: its code is kept


def test_an_environment_not_made_for_a_config_keeps_nothing(compiled):
    store, _ = compiled
    env = jinja2.Environment(loader=jinja2.DictLoader({"a.txt": "{{ 1 + 1 }}"}), bytecode_cache=store)
    assert env.get_template("a.txt").render() == "2"
    assert not store._code


def test_a_template_that_does_not_compile_is_reported_by_every_environment(project, tmp_path, compiled):
    store, counted = compiled
    (user_theme(project, tmp_path) / "index.html").write_text("line one\n{% if %}\n", encoding="utf-8")
    for _ in range(2):
        counted.clear()
        env = make_environment(project.config)
        with pytest.raises(jinja2.TemplateSyntaxError) as raised:
            env.get_template("index.html")
        assert raised.value.lineno == 2 and counted == ["index.html"]


def test_the_store_keeps_at_most_its_bound_least_recently_used_first(project, monkeypatch):
    store = CompiledTemplates(max_templates=2)
    monkeypatch.setattr(templating, "COMPILED_TEMPLATES", store)
    env = make_environment(project.config)
    for name in ("404.html", "search.html", "stories.html"):
        env.get_template(name)
    kept = {key[0] for key in store._code}
    assert kept == {store.get_cache_key(name, _file_of(env, name)) for name in ("search.html", "stories.html")}


def _file_of(env, name):
    return env.loader.get_source(env, name)[1]


def test_builds_reusing_compiled_templates_write_the_same_files(project, compiled):
    _, counted = compiled
    project.add("one", title="Harbour tram vote", date="2026-01-10T09:00:00+00:00", body="First words.")
    project.add("two", title="Library repair cafe", date="2026-01-11T09:00:00+00:00", body="Second words.")
    project.settings["search"] = {"enabled": False}
    build(project.config)
    first = {path: path.read_bytes() for path in sorted(project.output.rglob("*")) if path.is_file()}
    compiled_by_first = len(counted)
    build(project.config, force=True)
    again = {path: path.read_bytes() for path in sorted(project.output.rglob("*")) if path.is_file()}
    assert compiled_by_first and len(counted) == compiled_by_first  # the second build compiled nothing
    assert again == first


def test_a_themes_own_base_html_can_extend_the_built_in_one(project, tmp_path):
    """`{% extends "base.html" %}` in a theme's own base.html is itself (maximum recursion depth exceeded): adding
    one stylesheet to every page meant copying the whole frame."""
    themes = tmp_path / "themes"
    (themes / "mine" / "templates").mkdir(parents=True)
    (themes / "mine" / "templates" / "base.html").write_text(
        '{% extends "builtin/base.html" %}\n{% block theme_head %}'
        '<link rel="stylesheet" href="{{ "/static/mine.css" | url }}">{% endblock %}\n', encoding="utf-8")
    project.settings.update(themes_dir=str(themes), theme="mine")
    project.add("a", title="Tariff talks", date="2026-01-29T10:00:00+09:00", body="The talks resumed.")
    result = build(project.config)
    page = (project.output / result.site.articles[0].page_url.lstrip("/") / "index.html").read_text(encoding="utf-8")
    assert 'href="/static/mine.css"' in page and "The talks resumed." in page and "application/ld+json" in page
    env = make_environment(project.config)
    assert "builtin/base.html" in env.list_templates() and env.get_template("base.html").filename.startswith(
        str(themes))


def test_templates_of_the_sites_own_are_found_through_a_linked_folder(project, tmp_path):
    """The loader reads templates through a linked folder; the check that tells the cache to render every page
    again did not look there."""
    from newsdigest.templating import templates_of_their_own
    themes, shared = tmp_path / "themes", tmp_path / "shared-partials"
    (themes / "mine" / "templates").mkdir(parents=True)
    shared.mkdir()
    (themes / "mine" / "templates" / "partials").symlink_to(shared, target_is_directory=True)
    project.settings.update(themes_dir=str(themes), theme="mine")
    assert not templates_of_their_own(project.config)
    nav = (BUILTIN_THEMES_DIR / "default" / "templates" / "partials" / "topic_nav.html").read_text(encoding="utf-8")
    (shared / "topic_nav.html").write_text(nav, encoding="utf-8")
    assert not templates_of_their_own(project.config)   # the built-in file as it ships
    (shared / "topic_nav.html").write_text(nav.replace("{{ term.name }}", "{{ term.name }} ({{ term.count }})"),
                                           encoding="utf-8")
    assert templates_of_their_own(project.config)


def test_a_list_pages_summary_is_cut_only_where_it_is_well_over_the_limit():
    """A 171-character summary was cut at 160, "... and that rice and beef markets…": the news was the rest."""
    from newsdigest.templating import SHORT_SUMMARY, short_summary
    nearly = "Seoul says the deal caps tariffs on cars at 15 percent, " + "x" * 90 + " and that markets stay closed."
    assert SHORT_SUMMARY < len(nearly) <= SHORT_SUMMARY * 1.2 and short_summary(nearly) == nearly
    long = "Seoul says the deal caps tariffs on cars. " * 6
    assert short_summary(long).endswith("…") and len(short_summary(long)) <= SHORT_SUMMARY
    assert short_summary(None) == "" and short_summary("  two\n words ") == "two words"
