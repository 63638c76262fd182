"""Topic rules: whole words, case-insensitive, weights by field, thresholds, overrides and fallback."""

import re

from newsdigest.build import build
from newsdigest.config import config_from_mapping
from newsdigest.topics import TopicMatcher


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
