"""Topic rules: whole words, case-insensitive, weights by field, thresholds, overrides and fallback."""

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
    assert matcher(tmp_path).assign(title="tariffs", explicit=("culture",)) == ("culture",)


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
