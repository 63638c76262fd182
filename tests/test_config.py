"""Config validation: defaults, types, 'did you mean', permalinks and topic rules."""

from pathlib import Path

import pytest

from newsdigest.config import config_from_mapping, load_config
from newsdigest.config_keys import KEYS
from newsdigest.problems import NewsdigestError

REPO_CONFIG = __import__("pathlib").Path(__file__).resolve().parents[1] / "config.yaml"


def load(tmp_path, text):
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def messages(tmp_path, text):
    with pytest.raises(NewsdigestError) as caught:
        load(tmp_path, text)
    return [str(p) for p in caught.value.problems]


def test_keys_are_the_text_written_not_what_yaml_reads_as_a_value(tmp_path):
    # an outlet named Yes was refused; `1:` and `on:` of `extra` were one key, True; `null: 1` was "None" with no line
    config = load(tmp_path, "source_names:\n  Yes: Yes Daily\nextra: {1: a, on: b, null: c}\n"
                            "topics:\n  - slug: power\n    keywords: {on: 2, grid: 1}\n")
    assert config.source_names == {"yes": "Yes Daily"} and config.extra == {"1": "a", "on": "b", "null": "c"}
    assert config.topics[0].keywords == (("on", 2.0), ("grid", 1.0))
    assert any("config.yaml:2: null: unknown key" in m for m in messages(tmp_path, "title: X\nnull: 1\n"))
    assert any("config.yaml:3" in m and "a key must be text" in m
               for m in messages(tmp_path, "title: X\nsource_names:\n  !!binary aGk=: X\n"))   # (a TypeError)


def test_text_that_yaml_reads_as_true_or_false_is_told_to_be_quoted(tmp_path):
    # Norwegian's code, `no`, is false in YAML 1.1 (as PyYAML reads configs): "expected a string, got bool" said why not
    found = messages(tmp_path, "language: no\ntopics:\n  - slug: power\n    keywords: [on, grid]\n")
    assert any("config.yaml:1: language: expected a string, got bool: YAML reads yes, no, on and off" in m
               and 'language: "no"' in m for m in found), found
    assert any(":4:" in m and "keyword True must be a non-empty string (YAML reads yes, no, on and off as true or "
               "false: quote it)" in m for m in found), found
    assert load(tmp_path, 'language: "no"\n').language == "no"


def test_shipped_config_is_valid_and_has_topics():
    config = load_config(REPO_CONFIG)
    slugs = [t.slug for t in config.topics]
    for expected in ("trade", "diplomacy", "north-korea", "economy", "energy", "technology", "culture"):
        assert expected in slugs
    assert config.fallback_topic.slug == "general"


def test_defaults_and_resolved_paths(tmp_path):
    config = load(tmp_path, "title: X\n")
    assert config.output_dir == (tmp_path / "output").resolve()
    assert config.base_path == "/" and config.feeds.content == "full"


def test_subpath_base_url_gets_trailing_slash(tmp_path):
    config = load(tmp_path, "base_url: https://example.org/digest\n")
    assert config.base_url == "https://example.org/digest/" and config.base_path == "/digest/"


def test_unknown_key_suggests_the_right_one_with_line(tmp_path):
    found = messages(tmp_path, "title: X\npaginat: 3\n")
    assert found == [f"{tmp_path / 'config.yaml'}:2: paginat: unknown key (did you mean 'paginate'?)"]


def test_a_nested_keys_problem_names_its_own_line_not_the_first_key_of_that_name(tmp_path):
    """`enabled` is a key of stories and of search: the line is found by the key's whole path."""
    found = messages(tmp_path, "title: X\nstories:\n  enabled: true\n  window_days: 3\nsearch:\n  enabled: 'yes'\n"
                               "related:\n  window_days: 1.5\nfeeds: {items: -3}\ntopics:\n  - slug: a\n"
                               "    treshold: 2\n")
    config = tmp_path / "config.yaml"
    assert sorted(found) == sorted([
        f"{config}:6: search.enabled: expected bool, got str",
        f"{config}:8: related.window_days: expected an integer, got float",
        f"{config}:9: feeds.items: must be at least 1",     # written inline: the line of its section
        f"{config}:12: topics[0].treshold: unknown topic key (did you mean 'threshold'?)"])


@pytest.mark.parametrize("text, fragment", [
    ("topic_threshold: 0\n", "greater than 0"),          # a score of 0 would give every article every topic
    ("topics: [{slug: a, keywords: [x], threshold: -1}]\n", "greater than 0"),
    # infinity is "greater than 0", and nothing is ever compared true with nan: both were taken
    ("topic_threshold: .inf\n", "must be a finite number (greater than 0)"),
    ("topic_threshold: .nan\n", "must be a finite number"),
    ("topics: [{slug: a, keywords: [x], threshold: .inf}]\n", "finite number greater than 0"),
    ("topics: [{slug: a, keywords: {x: .nan}}]\n", "weight of 'x' must be a finite number"),
    ("paginate: 5\nstories: {threshold: .nan}\n", "must be a finite number"),
    # an integer of 400 digits is finite (no float holds it): checked by its bounds, not a traceback
    ("summary_length: " + "9" * 400 + "\npaginate: 0\n", "at least 1"),
    ("paginate: many\n", "expected an integer"),
    ("paginate: 0\n", "at least 1"),
    ("timezone: Mars/Olympus\n", "unknown time zone"),
    # the building machine's zone (Debian's zone folder has a "localtime" link): output that depends on the machine
    ("timezone: localtime\n", "is not a place's time zone"),
    ("digest_timezone: posixrules\n", "is not a place's time zone"),
    ("base_url: example.org\n", "absolute http(s) URL"),
    ("feeds: {content: teaser}\n", "'full' or 'summary'"),
    ("feeds: {itmes: 3}\n", "did you mean 'items'"),
    ("permalinks: {article: '/{year}/{nope}/'}\n", "may only use"),
    ("permalinks: {article: 'no-slashes'}\n", "start and end"),
    ("permalinks: {tag: '/tags/{slug.x}/'}\n", "may only use {slug}"),
    ("permalinks: {article: '/news/{year}/{month}/{day}/'}\n", "must use {slug}"),
    ("permalinks: {articles: '/articles/'}\n", "did you mean 'article'"),
    ("permalinks: {day: '/'}\n", "must use {day}, {month}, {year}"),
    # "{slug:.7}" cut off the "-2" of a second article's slug: the build looped forever looking for a free address
    ("permalinks: {article: '/{year}/{slug:.7}/'}\n", "no format spec or conversion"),
    ("permalinks: {article: '/{year!r}/{slug}/'}\n", "no format spec or conversion"),
    ("permalinks: {article: '/news/{slug.upper}/{slug}/'}\n", "{slug}, {year}, written plain"),   # a method's repr
    ("permalinks: {article: '/{slug[0]}/{slug}/'}\n", "written plain"),
    ("permalinks: {tag: '/뉴스 기사/{slug}/'}\n", "only ASCII letters"),      # published raw in the sitemap
    ("permalinks: {tag: '/a b/{slug}/'}\n", "not a space"),
    ("permalinks: {tag: '/%2e%2e/{slug}/'}\n", "not '%'"),
    ("related: {window_days: 10000000000}\n", "at most 36500"),        # a traceback from the date arithmetic
    ("stories: {window_days: 1000000000000}\n", "at most 36500"),
    ("base_url: 'https://[::1/'\n", "absolute http(s) URL"),
    ("base_url: 'https://example.org:port/'\n", "absolute http(s) URL"),
    ("topics: [{title: No slug}]\n", "slug"),
    ("topics: [{slug: a, keywords: 5}]\n", "keywords"),
    ("topics: [{slug: a, keywords: ['tariff* deal']}]\n", "'*' works only at the end"),   # never matched
    ("topics: [{slug: a, title: [Trade, Tariffs]}]\n", "topics[0].title: expected text, got a list"),
    ("topics: [{slug: a, title: yes}]\n", "topics[0].title: expected text, got a boolean"),   # was "True"
    ("topics: [{slug: a, keywords: ['*tariff']}]\n", "'*' works only at the end"),
    ("topics: [{slug: a, keywords: {tram*: 1, Tram*: 2}}]\n", "keyword 'Tram*' is given twice"),   # counted twice
    ("topics: [{slug: a, keywords: [grid, tram**, Grid]}]\n", "keyword 'Grid' is given twice"),
    ("topics: [{slug: a}, {slug: a}]\n", "more than once"),
    ("title: [unclosed\n", "invalid YAML"),
    ("title: Riverton: the daily digest\n", "a value with ': ' in it needs quotes"),
    ("topics:\n  - slug: a\n   title: A\n", "look at this line's indentation"),
    ("title: A\npaginate: 3\ntitle: B\n", "config.yaml:3: invalid YAML: duplicate key 'title' (first on line 1)"),
    ("feeds:\n  items: 3\n  items: 5\n", "config.yaml:3: invalid YAML: duplicate key 'items' (first on line 2)"),
    ("- just a list\n", "mapping"),
])
def test_invalid_values_are_reported(tmp_path, text, fragment):
    assert any(fragment in m for m in messages(tmp_path, text))


@pytest.mark.parametrize("url, fragment", [
    ("https://example.org/?edition=1", "query"),            # links became https://example.org/?edition=1/2026/...
    ("https://example.org/digest/#top", "fragment"),
    ("https://editor:secret@example.org/", "user name or password"),   # printed in every feed and page
    ("https://example.org/my digest/", "space"),
    ("https://example.org/a<b>/", "'<'"),
    ("https://example.org/a/../b/", "'.' or '..'"),
    ("https://example.org//news/", "empty path segment"),   # links became //news/..., on the host 'news'
    ("https://example.org/%zz/", "starts no escape"),      # in every feed link, which feed readers refuse
    ("https://example.org:0/", "port 0"),
])
def test_a_base_url_that_cannot_prefix_the_site_paths_is_refused(tmp_path, url, fragment):
    found = messages(tmp_path, f"base_url: '{url}'\n")
    assert any("base_url" in m and fragment in m for m in found), found


def test_a_base_url_with_letters_beyond_ascii_is_kept_in_the_form_feeds_and_sitemaps_require(tmp_path):
    config = load(tmp_path, "base_url: https://example.org/nachrichten-für-dich\n")
    assert config.base_url == "https://example.org/nachrichten-f%C3%BCr-dich/"
    assert config.base_path == "/nachrichten-f%C3%BCr-dich/"
    assert load(tmp_path, "base_url: https://bücher.example:8443/\n").base_url == "https://xn--bcher-kva.example:8443/"
    assert load(tmp_path, "base_url: https://straße.example/\n").base_url == "https://xn--strae-oqa.example/"
    assert load(tmp_path, "base_url: https://Example.org/News/\n").base_url == "https://Example.org/News/"  # as written


def test_a_character_yaml_refuses_in_the_config_is_one_line_naming_its_line(tmp_path):
    found = messages(tmp_path, "title: T\npaginate: 3\ndescription: 'a \x01 b'\n")
    assert found == [f"{tmp_path / 'config.yaml'}:3: invalid YAML: unacceptable character #x0001: "
                     "special characters are not allowed"]


@pytest.mark.parametrize("text, line, message", [
    # the quote runs on to the next one, lines below, where YAML stumbles: the line to fix is the first
    ('title: "My News\ndescription: A digest.\ntopics:\n  - slug: t\n    keywords: {"tram": 3}\n', 1,
     'the value quoted with " here runs on to line 5 (is its closing " missing?)'),
    # never closed at all
    ("paginate: 3\ntitle: 'My News\ndescription: A digest.\n", 2, "a value quoted here is never closed"),
])
def test_a_quote_left_open_is_reported_where_it_opens(tmp_path, text, line, message):
    [found] = messages(tmp_path, text)
    assert found.startswith(f"{tmp_path / 'config.yaml'}:{line}: invalid YAML: {message}"), found


@pytest.mark.parametrize("text, line, message", [
    # a bracket never closed runs on to the next key, where YAML stumbles: the line to fix is the one it opens on
    ("title: T\nextra: {colour: red\npaginate: 3\n", 2,
     "the mapping opened with { here runs on to line 3 (is its closing } missing?)"),
    ("topics:\n  - slug: t\n    keywords: [tram,\n      rail\n    threshold: 2\n", 3,
     "the list opened with [ here runs on to line 5 (is its closing ] missing?)"),
    ("paginate: 3\nextra: {a: [1, 2]\n", 2, "the mapping opened with { here is never closed"),
])
def test_a_bracket_left_open_is_reported_where_it_opens(tmp_path, text, line, message):
    [found] = messages(tmp_path, text)
    assert found.startswith(f"{tmp_path / 'config.yaml'}:{line}: invalid YAML: {message}"), found


def test_a_list_written_over_lines_on_purpose_takes_no_blame(tmp_path):
    assert load(tmp_path, "extra: {a: [1,\n  2]}\ntitle: T\n").extra == {"a": [1, 2]}
    [found] = messages(tmp_path, "extra: [1,\n  2 }\n")   # (a mistake inside the list, on its own line)
    assert "opened with" not in found


def test_a_value_quoted_over_lines_on_purpose_takes_no_blame(tmp_path):
    assert load(tmp_path, 'description: "A digest\n  of the news"\ntitle: T\n').description == "A digest of the news"
    [found] = messages(tmp_path, 'description: "A digest\n  of the news"\ntitle: [T\n')
    assert found.startswith(f"{tmp_path / 'config.yaml'}:3: invalid YAML: the list opened with [ here is never closed")


@pytest.mark.parametrize("name", ["/", "/etc", "../elsewhere", "mine/../../x", ""])
def test_a_theme_that_is_no_folder_name_under_the_themes_folder_is_refused(tmp_path, name):
    """`theme: /` was taken as a theme folder: the build's theme digest read every file of the file system."""
    found = messages(tmp_path, f"theme: '{name}'\n")
    assert any("theme: " in m and "folder name" in m for m in found), found


def test_a_theme_in_a_subfolder_of_the_themes_folder_is_kept(tmp_path):
    assert load(tmp_path, "theme: shared/mine\n").theme == "shared/mine"


def test_missing_config_file(tmp_path):
    with pytest.raises(NewsdigestError, match="config file not found"):
        load_config(tmp_path / "nope.yaml")


def test_a_config_that_is_no_file_or_not_utf8_is_refused_with_where(tmp_path):
    with pytest.raises(NewsdigestError, match="the config is not a file"):
        load_config(tmp_path)
    if Path("/dev/zero").exists():   # reading it would never end
        with pytest.raises(NewsdigestError, match="the config is not a file"):
            load_config("/dev/zero")
    bad = tmp_path / "config.yaml"
    bad.write_bytes(b"title: Digest\nsubtitle: caf\xe9\n")
    with pytest.raises(NewsdigestError, match=r"config.yaml:2: not valid UTF-8 \(byte 0xe9\)"):
        load_config(bad)


def test_yaml_python_tags_are_not_executed(tmp_path):
    marker = tmp_path / "pwned"
    found = messages(tmp_path, f"title: !!python/object/apply:os.system ['touch {marker}']\n")
    assert "invalid YAML" in found[0] and not marker.exists()


def test_a_site_language_that_is_not_a_language_tag_is_refused(tmp_path):
    with pytest.raises(NewsdigestError, match="language: expected a language tag"):
        config_from_mapping({"title": "T", "language": 'en" onload="x'}, tmp_path)
    assert config_from_mapping({"title": "T", "language": "pt-BR"}, tmp_path).language == "pt-BR"


@pytest.mark.parametrize("key", [key for key in KEYS if key.bounds() or key.choices], ids=lambda key: key.dotted)
def test_bounds_and_choices_are_enforced(tmp_path, key):
    wrong = "nonsense" if key.choices else (key.at_least if key.at_least is not None else key.above) - 1
    data = {key.section: {key.name: wrong}} if key.section else {key.name: wrong}
    with pytest.raises(NewsdigestError, match=rf"{key.dotted}: must be "):
        config_from_mapping(data, tmp_path)


def test_an_unknown_section_key_gets_a_hint_from_its_own_section(tmp_path):
    with pytest.raises(NewsdigestError) as caught:
        config_from_mapping({"stories": {"treshold": 0.5}, "permalinks": {"artcle": "/a/{slug}/"}}, tmp_path)
    found = [p.message for p in caught.value.problems]
    assert found == ["stories.treshold: unknown key (did you mean 'threshold'?)",
                     "permalinks.artcle: unknown key (did you mean 'article'?)"]


def test_an_unknown_section_key_without_a_near_one_lists_the_section_keys(tmp_path):
    with pytest.raises(NewsdigestError, match=r"permalinks\.author: unknown key \(expected one of article, day, "):
        config_from_mapping({"permalinks": {"author": "/by/{slug}/"}}, tmp_path)


def test_an_alias_bomb_is_refused_with_its_line(tmp_path):
    lines = ["title: X", "a0: &a0 [" + ",".join(["x"] * 9) + "]"]
    lines += [f"a{level}: &a{level} [{','.join([f'*a{level - 1}'] * 9)}]" for level in range(1, 9)]
    found = messages(tmp_path, "\n".join(lines) + "\n")
    assert found == [f"{tmp_path / 'config.yaml'}:6: YAML aliases expand this config by more than 10,000 values "
                     "(*a3 here repeats all of &a3); write the values out instead"]


@pytest.mark.parametrize("inbox", ["content", ".", "themes"])
def test_an_inbox_that_is_or_holds_the_content_or_themes_folder_is_refused(tmp_path, inbox):
    # serve would ingest every article (or template) saved there as a raw page, and never rebuild for it
    found = messages(tmp_path, f"title: T\ninbox_dir: {inbox}\n")
    assert len(found) == 1 and found[0].startswith(f"{tmp_path / 'config.yaml'}:2: inbox_dir: ")
    assert "a folder of its own" in found[0]


def test_an_inbox_inside_the_content_folder_is_accepted(tmp_path):
    assert load(tmp_path, "title: T\ninbox_dir: content/_inbox\n").inbox_dir == tmp_path / "content" / "_inbox"



def test_a_folder_starting_with_a_tilde_is_in_the_home_folder(tmp_path, monkeypatch):
    """`output_dir: ~/public_html/news` wrote the site into a folder named "~" beside the config (which a later
    `rm -rf ~` to clean up would have been a disaster to type)."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "site").mkdir()
    config = load(tmp_path / "site", "title: T\noutput_dir: ~/public_html/news\ncontent_dir: ~/articles\n")
    assert config.output_dir == tmp_path / "home" / "public_html" / "news"
    assert config.content_dir == tmp_path / "home" / "articles"
    # a folder whose name starts with "~" is a folder of that name ("~username" would look for a user's home)
    assert load(tmp_path / "site", "title: T\ncontent_dir: ~drafts\n").content_dir == tmp_path / "site" / "~drafts"

def test_a_bad_option_value_is_the_options_problem_not_a_line_of_the_file(tmp_path):
    """`build --base-url foo`: the config file's base_url line is fine, so it is not the one named."""
    path = tmp_path / "config.yaml"
    path.write_text("title: T\nbase_url: https://news.example/\n", encoding="utf-8")
    with pytest.raises(NewsdigestError) as caught:
        load_config(path, overrides={"base_url": "foo"})
    [found] = [str(problem) for problem in caught.value.problems]
    assert found.startswith("--base-url: must be an absolute http(s) URL, got 'foo'") and "config.yaml" not in found


def test_a_key_or_section_left_empty_counts_as_not_given(tmp_path):
    # "description: expected a string, got NoneType" and "stories: expected a mapping" for a starter config's
    # keys left without a value
    path = tmp_path / "config.yaml"
    path.write_text("title: Harbour Digest\ndescription:\npaginate:\nstories:\n  # threshold: 0.2\n", encoding="utf-8")
    config = load_config(path)
    assert config.description == "" and config.paginate == 20 and config.stories.threshold == 0.15


def test_the_search_language_is_in_lower_case_as_pagefind_knows_them(tmp_path):
    # "language: EN" gave Pagefind "EN", and the index had no stemming
    assert config_from_mapping({"language": "EN"}, tmp_path).search_index_language == "en"
    assert config_from_mapping({"search": {"language": "PT-BR"}}, tmp_path).search_index_language == "pt-br"



def test_source_names_are_kept_by_the_source_page_their_spelling_has(tmp_path):
    config = load(tmp_path, "source_names:\n  Reuters.com: Reuters\n  ottawacitizen: Ottawa Citizen\n  U.S.:\n")
    assert config.source_names == {"reuters-com": "Reuters", "ottawacitizen": "Ottawa Citizen", "u-s": ""}


def test_source_names_that_yaml_reads_as_values_or_that_disagree_are_refused_with_their_lines(tmp_path):
    found = messages(tmp_path, "title: X\nsource_names:\n  Yes: A\n  Reuters.com: Reuters\n  reuters.com: Thomson\n"
                               "  Globe: [The Globe]\n  '': B\n")
    config = tmp_path / "config.yaml"
    assert found == [
        f"{config}:5: source_names.reuters.com: 'Reuters.com' and 'reuters.com' are the same source page "
        "('reuters-com') but are given different names ('Reuters', 'Thomson')",
        f"{config}:6: source_names.Globe: expected the name to show (text, or empty for none), got a list",
        f"{config}:7: source_names.: expected an outlet's name as pages spell it, got an empty name"]


@pytest.mark.parametrize("text", ["[]", "0", "false", '""'])
def test_a_config_that_is_a_value_and_no_mapping_is_refused(tmp_path, text):
    """`[]`, `0`, `false` and `""` were taken for an empty config, and `check` passed."""
    assert messages(tmp_path, text) == [f"{tmp_path / 'config.yaml'}: config must be a mapping of keys to values"]
    assert load(tmp_path, "").root == tmp_path.resolve()   # an empty file is an empty config


def test_a_linked_config_reads_its_paths_from_the_links_folder(tmp_path):
    """A config.yaml linked from a shared folder read the content from, and built into, the shared folder."""
    shared, site = tmp_path / "shared", tmp_path / "site"
    shared.mkdir()
    site.mkdir()
    (shared / "config.yaml").write_text("title: Linked\n", encoding="utf-8")
    (site / "config.yaml").symlink_to(Path("..") / "shared" / "config.yaml")
    config = load_config(site / "config.yaml")
    assert config.root == site.resolve() and config.content_dir == site.resolve() / "content"
    assert config.output_dir == site.resolve() / "output" and config.title == "Linked"


def test_a_topic_slug_given_twice_is_named_at_its_second_entry(tmp_path):
    """It was named at `topics:`, however long the list."""
    text = ("topics:\n  - slug: trade\n    title: Trade\n  - slug: energy\n    title: Energy\n"
            "  - slug: trade\n    title: Trade again\n")
    assert messages(tmp_path, text) == [f"{tmp_path / 'config.yaml'}:6: topics[2].slug: topic slug 'trade' is declared "
                                        "more than once"]
    text = "topics:\n  - slug: general\n    title: General news\n"   # the fallback topic's own slug
    assert messages(tmp_path, text) == [f"{tmp_path / 'config.yaml'}:2: topics[0].slug: topic slug 'general' is "
                                        "declared more than once"]


@pytest.mark.parametrize("key", ["content_dir", "themes_dir", "output_dir"])
def test_a_folder_setting_that_names_a_file_is_refused(tmp_path, key):
    """`content_dir: config.yaml` read the config file as an article ("missing front matter")."""
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    assert messages(tmp_path, f"{key}: notes.txt\n") == [
        f"{tmp_path / 'config.yaml'}:1: {key}: {tmp_path.resolve() / 'notes.txt'} is a file, not a folder"]
