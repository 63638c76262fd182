"""Topic rules: whole words, case-insensitive, weights by field, thresholds, overrides and fallback; and the
sections a site without rules takes from its sources' categories."""

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdigest.build import build
from newsdigest.config import config_from_mapping
from newsdigest.sections import SECTION_NAMES, SECTIONS, section_for, section_of_name, section_of_url
from newsdigest.topics import TopicMatcher, topic_rules, word_counts


def matcher(tmp_path, **settings):
    base = {
        "topic_threshold": 3,
        "topics": [
            {"slug": "trade", "keywords": {"tariff*": 3, "trade deal": 2}},
            {"slug": "energy", "keywords": {"LNG": 3, "energy": 1}, "threshold": 4},
            {"slug": "tech", "keywords": ["AI", "chip*"]},
        ],
    }
    return TopicMatcher(config_from_mapping({**base, **settings}, tmp_path))


def test_whole_word_case_insensitive_and_prefix(tmp_path):
    m = matcher(tmp_path)
    assert m.assign(title="New TARIFFS announced") == ("trade",)
    assert m.assign(body="The tariffing of goods") == ("trade",)  # prefix match: weight 3 x body 1 meets 3
    assert m.assign(body="said the chairman") == ("general",)   # 'AI' inside 'chairman' is no match
    assert m.assign(body="maintain") == ("general",)


def test_phrases_match_across_whitespace(tmp_path):
    m = matcher(tmp_path)
    scores = {s.slug: s.score for s in m.scores(title="A trade\n deal at last")}
    assert scores == {"trade": 6.0}


def test_field_weights_and_body_hit_cap(tmp_path):
    m = matcher(tmp_path)
    assert m.scores(title="tariff")[0].score == 9.0            # x3 in the title
    assert m.scores(summary="tariff")[0].score == 6.0          # x2 in the summary
    assert m.scores(tags=["tariffs"])[0].score == 6.0          # x2 in tags
    assert m.scores(body="tariff " * 50)[0].score == 9.0       # at most 3 body hits


def test_per_topic_threshold_and_multiple_topics_ordered_by_score(tmp_path):
    m = matcher(tmp_path)
    assert m.assign(body="LNG") == ("general",)                 # 3 < energy threshold 4
    assert m.assign(title="LNG tariffs and AI chips") == ("trade", "energy", "tech")
    assert matcher(tmp_path, max_topics=1).assign(title="LNG tariffs and AI chips") == ("trade",)


def test_front_matter_topics_override_rules(tmp_path):
    assert matcher(tmp_path).assign(title="tariffs", declared=("culture",)) == ("culture",)


def test_fallback_topic_is_configurable(tmp_path):
    m = matcher(tmp_path, fallback_topic={"slug": "misc", "title": "Miscellany"})
    assert m.assign(title="Nothing relevant") == ("misc",)


def test_regex_metacharacters_in_keywords_are_literal(tmp_path):
    m = TopicMatcher(config_from_mapping({"topics": [{"slug": "us", "keywords": {"U.S.": 3, "C++": 3}}]}, tmp_path))
    assert m.assign(title="U.S. officials") == ("us",)
    assert m.assign(title="UxSx officials") == ("general",)


def test_prefix_phrases_apostrophes_and_counts_at_text_end(tmp_path):
    m = TopicMatcher(config_from_mapping({"topics": [
        {"slug": "dip", "keywords": {"foreign minister*": 3}},
        {"slug": "nk", "keywords": {"Workers' Party": 3}}]}, tmp_path))
    assert {s.slug: s.score for s in m.scores(body="The foreign ministers met. Foreign Minister Cho")} == {"dip": 6.0}
    assert m.scores(body="the Workers' Party")[0].score == 3.0
    assert m.scores(body="foreign")== [] and m.scores(body="ministers") == []


def test_chinese_japanese_and_korean_keywords_count_inside_the_words_around_them(tmp_path):
    # These scripts mark no word boundaries: "地震" (earthquake) sits inside a run of Japanese text, "지진" inside
    # "지진이" (with its particle). A whole-word match would never find them.
    m = TopicMatcher(config_from_mapping({"topics": [
        {"slug": "disaster", "keywords": {"地震": 3, "지진": 3, "津波*": 2}},
        {"slug": "sport", "keywords": {"野球": 3}}]}, tmp_path))
    assert {s.slug: s.score for s in m.scores(title="宮崎県で震度5の地震、津波注意報も")} == {"disaster": 15.0}
    assert m.assign(body="남부 해안에서 지진이 발생했다.") == ("disaster",)
    assert m.assign(title="Earthquake in the south") == ("general",)


def topic_nav_links(html: str) -> list[str]:
    """The hrefs of a page's topic navigation."""
    nav = re.search(r'<nav aria-label="Topics" class="topic-nav">(.*?)</nav>', html, re.S)
    assert nav, "page has no topic navigation"
    return re.findall(r'href="([^"]+)"', nav.group(1))


def test_front_matter_only_topics_get_their_own_page_but_stay_out_of_every_pages_navigation(project):
    project.add("tariff", title="Tariff rise", date="2026-01-29T10:00:00+09:00")
    project.add("rocket", title="Rocket launch", date="2026-01-29T11:00:00+09:00", topics=["Space Race"])
    project.add("weather", title="Weather", date="2026-01-28T11:00:00+09:00")
    result = build(project.config)
    out = project.output
    # The navigation lists the configured topics that have articles (diplomacy has none), fallback last.
    pages = [out / "index.html", out / "topics/trade/index.html", out / "topics/space-race/index.html",
             out / result.site.articles[0].page_url.lstrip("/") / "index.html"]
    for page in pages:
        assert topic_nav_links(page.read_text(encoding="utf-8")) == ["/topics/trade/", "/topics/general/"], page
    # A topic named only in front matter is still a term: its page, its feeds, the topics index, article links.
    assert "Space Race" in (out / "topics/space-race/index.html").read_text(encoding="utf-8")
    assert (out / "topics/space-race/atom.xml").is_file()
    assert 'href="/topics/space-race/"' in (out / "topics/index.html").read_text(encoding="utf-8")
    rocket = next(a for a in result.site.articles if a.title == "Rocket launch")
    rocket_page = out / rocket.page_url.lstrip("/") / "index.html"
    assert 'href="/topics/space-race/"' in rocket_page.read_text(encoding="utf-8")


# -- sections from the sources' categories (no rules configured) --------------------------------------

@pytest.mark.parametrize("category, section", [
    ("Economy", "business"), ("Markets", "business"), ("Wirtschaft", "business"), ("경제", "business"),
    ("Économie", "business"), ("经济", "business"), ("Technology", "tech"), ("Sci-Tech", "tech"),
    ("IT/과학", "tech"), ("Science & Technology", "tech"), ("Nation", "national"), ("Local", "national"),
    ("사회", "national"), ("Politics", "politics"), ("정치", "politics"), ("N. Korea", "politics"),
    ("Defense", "politics"), ("World", "world"), ("International", "world"), ("Diplomacy", "world"),
    ("Other countries", "world"), ("국제", "world"), ("Sports", "sports"), ("스포츠", "sports"),
    ("Health", "health"), ("Science", "science"), ("Environment", "science"), ("Entertainment", "culture"),
    ("Arts & Culture", "culture"), ("K-pop", "culture"), ("연예", "culture"), ("Opinion", "opinion"),
    ("Op-Ed", "opinion"), ("사설", "opinion"), ("Travel", "lifestyle"), ("Estilo de vida", "lifestyle"),
    # more languages (a real stream's sections: 92 of 213 articles in General had such a category)
    ("Wissen", "science"), ("金融", "business"), ("Политика", "politics"), ("Dünya", "world"), ("Spor", "sports"),
    ("Helse", "health"), ("Økonomi", "business"), ("Kultur", "culture"), ("Debatt", "opinion"),
    # German sections and compounds of German outlets (a German site's football and state politics were "General")
    ("Fußball", "sports"), ("Radsport", "sports"), ("Formel 1", "sports"), ("Landespolitik", "politics"),
    ("Außenpolitik", "politics"), ("Panorama", "national"), ("Lokales", "national"),
    # Spanish and German sections of a desk's own name (a digest of such outlets filed them under General)
    ("Nacional", "national"), ("Sucesos", "national"), ("Tribunales", "national"), ("Justiz", "national"),
    ("Bildung", "national"), ("Educación", "national"), ("Wetter", "national"), ("Europa", ""), ("Europa Press", ""),
    ("Europa League", "sports"), ("Liga Nacional", "sports"), ("Selección Nacional", "sports"),
    ("Latinoamérica", "world"), ("Deporte", "sports"), ("Fútbol", "sports"), ("Baloncesto", "sports"),
    ("Empresas", "business"), ("Immobilien", "business"), ("Medio Ambiente", "science"), ("Cine", "culture"),
    ("Kino", "culture"), ("Música", "culture"), ("Musik", "culture"), ("Libros", "culture"), ("Bücher", "culture"),
    ("Literatur", "culture"), ("Teatro", "culture"), ("Theater", "culture"), ("Kunst", "culture"),
    ("Televisión", "culture"), ("Fernsehen", "culture"), ("Medien", "culture"), ("Gente", "culture"),
    ("Columna", "opinion"), ("Tribuna", "opinion"), ("Kolumne", "opinion"), ("Leitartikel", "opinion"),
])
def test_common_section_names_in_several_languages_map_to_one_section(category, section):
    assert section_of_name(category) == section
    assert section_of_name(category.upper()) == section


def test_breadcrumbs_words_and_unspaced_names():
    assert section_of_name("Home > News > Politics") == "politics"   # the first part that is a section
    assert section_of_name("Economy/Finance") == "business"
    assert section_of_name("World News") == "world"                  # a word of the name
    assert section_of_name("Business Day") == "business"
    assert section_of_name("경제일반") == "business"                   # Korean names run words together
    for unknown in ("", "News", "Top stories", "Features", "Misc", "Korea"):
        assert section_of_name(unknown) == "", unknown
    # a catch-all section's name is one alone, not a word of a longer name
    assert section_of_name("Panorama Internacional") == "world" and section_of_name("Lokal Wirtschaft") == "business"
    assert section_of_name("Panorama Económico") == "" and section_of_name("Home > Panorama") == "national"


def test_url_path_segments_name_sections_only_as_whole_segments():
    assert section_of_url("https://example.com/news/politics/2026/02/03/story") == "politics"
    assert section_of_url("https://example.com/www/nation/2026/02/113_1.html") == "national"
    assert section_of_url("https://example.com/business/") == "business"
    assert section_of_url("https://example.com/world-cup-final-report/") == ""   # a slug is no section
    assert section_of_url("https://example.com/it/2026/report") == ""            # a language code is no section
    assert section_of_url("not a url") == "" and section_of_url("") == ""
    assert section_for("Economy", "https://example.com/politics/x") == "business"  # the category wins
    assert section_for("Misc", "https://example.com/politics/x") == "politics"


def test_the_section_table_only_names_documented_sections():
    slugs = {rule.slug for rule in SECTIONS}
    assert set(SECTION_NAMES.values()) == slugs
    assert len(SECTION_NAMES) > 200


def test_without_rules_the_category_decides_and_unknown_ones_fall_back(tmp_path):
    m = TopicMatcher(config_from_mapping({}, tmp_path))
    assert m.assign(title="Tariffs rise", category="Wirtschaft") == ("business",)
    assert m.assign(title="Tariffs rise", category="Misc", url="https://example.com/politics/1") == ("politics",)
    assert m.assign(title="Tariffs rise", category="Misc") == ("general",)
    assert m.assign(title="Tariffs rise") == ("general",)
    assert m.assign(title="x", category="Sports", declared=("culture",)) == ("culture",)  # front matter wins
    fallback = TopicMatcher(config_from_mapping({"fallback_topic": {"slug": "other"}}, tmp_path))
    assert fallback.assign(category="Unknown desk") == ("other",)


def test_with_rules_the_category_is_not_used(tmp_path):
    m = matcher(tmp_path)
    assert m.assign(title="Nothing relevant", category="Sports") == ("general",)
    assert m.assign(title="New tariffs", category="Sports") == ("trade",)


def test_topic_rules_lists_the_sections_without_rules_and_the_config_rules_with_them(tmp_path):
    bare = config_from_mapping({}, tmp_path)
    assert [rule.slug for rule in topic_rules(bare)] == [rule.slug for rule in SECTIONS] + ["general"]
    assert [rule.slug for rule in topic_rules(matcher(tmp_path).config)] == ["trade", "energy", "tech", "general"]
    named = config_from_mapping({"fallback_topic": {"slug": "world", "title": "Elsewhere"}}, tmp_path)
    assert [rule.slug for rule in topic_rules(named)].count("world") == 1


def test_contributions_add_up_to_the_scores(tmp_path):
    m = matcher(tmp_path)
    text = {"title": "LNG tariffs and AI chips", "summary": "A trade deal", "tags": ["tariffs"],
            "body": "tariff " * 5 + "energy chips"}
    totals: dict[str, float] = {}
    for hit in m.contributions(**text):
        totals[hit.slug] = totals.get(hit.slug, 0.0) + hit.points
    assert totals == {s.slug: s.score for s in m.scores(**text)}
    body_hit = next(h for h in m.contributions(**text) if h.keyword == "tariff*" and h.field == "body")
    assert body_hit.count == 5 and body_hit.points == 9.0  # five found, three count


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ9_ .,'-\u2018\u2013\u2026\u00ab\u00bb\u2019\u201c\u201d\u2014\u00a0\u0301\u00b7\u20ac\u00bdéİß中ǅﬁ\n\t\x1c\u2028"))
       | st.text())
def test_the_fast_word_count_finds_what_the_regular_expression_finds(text):
    folded = text.casefold()
    assert word_counts(folded) == Counter(re.findall(r"\w+", folded))
