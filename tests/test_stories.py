"""Story clustering: hand-made clusters and non-clusters, determinism, threshold, window and scale."""

from __future__ import annotations

import random
from array import array
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdigest.article import Article, ArticleBody
from newsdigest.stories import (HEADLINE_TERMS, Story, StoryGroup, applied_threshold, centroid_link_groups,
                                cluster_stories, moved_groups, new_places, stories_by_article,
                                story_inputs)
from newsdigest.story_copies import wire_copies
import newsdigest.story_groups as story_groups
import newsdigest.story_vectors as story_vectors
from newsdigest.story_vectors import tfidf_vectors
from newsdigest.story_terms import (_WORD, article_tokens, fold_plural, is_packed_terms, letter_pairs, pack_terms,
                                    title_names, tokenize, unpack_terms, words)

KST = timezone(timedelta(hours=9))
EST = timezone(timedelta(hours=-5))


def article(slug: str, title: str, when: datetime, source: str, body: str, page_url: str = "") -> Article:
    return Article(source_path=f"{when:%Y/%m}/{slug}.md", title=title, date=when, slug=slug,
                   body=ArticleBody(f"<p>{body}</p>", body), summary=body[:100], source=source,
                   page_url=page_url)


# One event, three sources, three wordings: Trump's 25 percent tariff threat (26-27 January 2026).
TARIFF_LEDGER = article(
    "trump-says-korean-tariffs-will-climb-back-to-25-percent",
    "Trump says Korean tariffs will climb back to 25 percent",
    datetime(2026, 1, 26, 19, 15, tzinfo=EST), "Pacific Ledger",
    "President Donald Trump said on Monday that tariffs on South Korean cars, lumber and pharmaceuticals will "
    "rise back to 25 percent because the National Assembly in Seoul has not passed the special act on "
    "investment in the United States. In a post on Truth Social, Trump said Korea had not lived up to the trade "
    "deal reached in Gyeongju, under which Seoul pledged 350 billion dollars of investment in exchange for a "
    "15 percent tariff rate. Officials in Seoul said they had not been notified in advance.")
TARIFF_WIRE = article(
    "trump-threatens-25-tariff-on-south-korean-imports",
    "Trump threatens to restore 25% tariff on South Korean imports over stalled investment bill",
    datetime(2026, 1, 27, 10, 40, tzinfo=KST), "Seoul Wire",
    "U.S. President Donald Trump threatened to raise tariffs on South Korean imports, including cars, back to "
    "25 percent, blaming the National Assembly for failing to pass the bill that would fund Korea's 350 billion "
    "dollar investment pledge. Trump wrote on Truth Social that the 15 percent rate agreed at the Gyeongju summit "
    "depended on the special act. The presidential office called an emergency meeting of trade officials.")
TARIFF_HERALD = article(
    "seoul-scrambles-after-trump-tariff-vow",
    "Seoul scrambles after Trump vows higher tariffs on Korean cars",
    datetime(2026, 1, 27, 11, 5, tzinfo=KST), "Han River Herald",
    "Seoul was scrambling on Tuesday after President Donald Trump vowed to push tariffs on Korean cars, lumber "
    "and other goods back up to 25 percent. In a Truth Social post, Trump accused the National Assembly of stalling "
    "the special investment act that underpins the 350 billion dollar package agreed in Gyeongju, where the "
    "15 percent tariff rate was set. Industry Minister Kim Jung-kwan said he would travel to Washington.")
# The same source again, with an update: inside the story, but never a story on its own.
TARIFF_WIRE_UPDATE = article(
    "presidential-office-emergency-meeting-on-trump-tariff-threat",
    "Presidential office holds emergency meeting on Trump's 25% tariff threat",
    datetime(2026, 1, 27, 14, 0, tzinfo=KST), "Seoul Wire",
    "The presidential office held an emergency meeting on Tuesday on Trump's threat to raise tariffs on South "
    "Korean imports back to 25 percent. Officials said the National Assembly would be asked to speed up the special "
    "act on the 350 billion dollar investment pledged at the Gyeongju summit, which set the 15 percent tariff rate.")

# Same topic, same days, a different event: January exports.
EXPORTS = article(
    "korea-exports-to-us-fall-in-january",
    "Korea's exports to the U.S. fall for a third month",
    datetime(2026, 1, 27, 9, 0, tzinfo=KST), "Eastbridge Times",
    "South Korea's exports to the United States fell 6 percent in the first 20 days of January from a year "
    "earlier, customs data showed, as shipments of steel and machinery slowed. Semiconductor exports to China "
    "and Taiwan rose sharply, keeping overall exports up 3 percent. Economists expect the trade surplus "
    "with the United States to narrow further this quarter.")
# Same day, a different subject altogether.
ALBUM = article(
    "jennie-announces-world-tour",
    "Jennie announces world tour after chart-topping album",
    datetime(2026, 1, 27, 10, 0, tzinfo=KST), "Han River Herald",
    "Singer Jennie will start a 20-city world tour in April, her agency said, after her solo album topped charts "
    "in 30 countries. Tickets for the Seoul concerts at the Olympic stadium go on sale next week.")
ALBUM_SAME_SOURCE = article(
    "jennie-tour-tickets-sell-out",
    "Jennie world tour tickets sell out in Seoul",
    datetime(2026, 1, 28, 10, 0, tzinfo=KST), "Han River Herald",
    "Tickets for singer Jennie's world tour concerts at the Olympic stadium in Seoul sold out within minutes, "
    "her agency said. The 20-city world tour starts in April after her solo album topped charts in 30 countries.")
# A different tariff announcement weeks later, and a rewrite of the first event outside the window.
STEEL_TARIFF = article(
    "us-doubles-steel-tariff",
    "U.S. doubles tariff on steel imports to 50 percent",
    datetime(2026, 2, 20, 9, 0, tzinfo=EST), "Pacific Ledger",
    "The Commerce Department said tariffs on imported steel and aluminum would double to 50 percent from next "
    "month, hitting producers in Korea, Japan and Brazil. Korea's steelmakers said the move would cut exports by "
    "a fifth. Commerce Secretary Howard Lutnick said the tariffs protect American mills.")
TARIFF_REWRITE_LATE = article(
    "looking-back-trump-25-percent-threat",
    "Trump's 25 percent tariff threat on South Korea, explained",
    datetime(2026, 2, 9, 12, 0, tzinfo=KST), "Peninsula Daily Brief",
    "President Donald Trump threatened to raise tariffs on South Korean cars and other imports back to 25 percent "
    "after the National Assembly failed to pass the special act on the 350 billion dollar investment pledge "
    "agreed at the Gyeongju summit, where the 15 percent tariff rate was set. He posted the threat on Truth Social.")

CORPUS = [TARIFF_LEDGER, TARIFF_WIRE, TARIFF_HERALD, TARIFF_WIRE_UPDATE, EXPORTS, ALBUM, ALBUM_SAME_SOURCE,
          STEEL_TARIFF, TARIFF_REWRITE_LATE]


def slugs_of(stories: list[Story]) -> list[list[str]]:
    return [[a.slug for a in story.articles] for story in stories]


def test_same_event_from_three_sources_is_one_story():
    (story,) = cluster_stories(CORPUS)
    assert [a.slug for a in story.articles] == [TARIFF_LEDGER.slug, TARIFF_WIRE.slug, TARIFF_HERALD.slug,
                                                TARIFF_WIRE_UPDATE.slug]  # oldest first
    assert story.sources == ("Pacific Ledger", "Seoul Wire", "Han River Herald")
    assert story.id == "2026-01-26-trump-says-korean-tariffs-will-climb-back-to-25-percent"
    assert story.lead in story.articles and story.lead not in story.others
    assert len(story.others) == 3
    assert story.first_date == TARIFF_LEDGER.date and story.last_date == TARIFF_WIRE_UPDATE.date
    assert 0.35 <= story.cohesion <= 1


def test_non_clusters_stay_out_of_the_story():
    (story,) = cluster_stories(CORPUS)
    inside = {a.slug for a in story.articles}
    # same topic and days but another event; another subject the same day; a later tariff announcement;
    # the same event retold outside the window
    for outsider in (EXPORTS, ALBUM, STEEL_TARIFF, TARIFF_REWRITE_LATE):
        assert outsider.slug not in inside


def test_two_articles_from_one_source_are_not_a_story():
    assert cluster_stories([ALBUM, ALBUM_SAME_SOURCE]) == []
    assert cluster_stories([TARIFF_WIRE, TARIFF_WIRE_UPDATE]) == []
    # ... unless min_sources allows it
    (story,) = cluster_stories([ALBUM, ALBUM_SAME_SOURCE], min_sources=1)
    assert story.sources == ("Han River Herald",)


def test_source_names_are_compared_as_slugs_and_missing_sources_do_not_count():
    renamed = replace(TARIFF_HERALD, source="seoul wire")
    assert cluster_stories([TARIFF_WIRE, renamed]) == []
    anonymous = replace(TARIFF_HERALD, source="")
    assert cluster_stories([TARIFF_WIRE, anonymous]) == []
    assert len(cluster_stories([TARIFF_WIRE, anonymous, TARIFF_LEDGER])) == 1


def test_window_decides_whether_a_late_retelling_joins():
    assert slugs_of(cluster_stories([TARIFF_LEDGER, TARIFF_REWRITE_LATE])) == []
    (story,) = cluster_stories([TARIFF_LEDGER, TARIFF_REWRITE_LATE], window_days=30)
    assert story.sources == ("Pacific Ledger", "Peninsula Daily Brief")


def test_threshold_effect():
    members = {t: {a.slug for s in cluster_stories(CORPUS, threshold=t) for a in s.articles}
               for t in (0.01, 0.1, 0.2, 0.35, 0.45)}
    tariff_threat = {TARIFF_LEDGER.slug, TARIFF_WIRE.slug, TARIFF_HERALD.slug, TARIFF_WIRE_UPDATE.slug}
    assert members[0.45] == set()
    # The four reports of the tariff threat are one story over a wide band of thresholds around the default,
    # while the same days' export figures (same topic, another event) and the pop star stay apart.
    assert members[0.1] == members[0.2] == members[0.35] == tariff_threat
    # far too low: unrelated articles of the same days run together
    assert EXPORTS.slug in members[0.01] and ALBUM.slug in members[0.01]


def test_order_of_input_does_not_matter():
    expected = cluster_stories(CORPUS, threshold=0.2)
    for seed in range(5):
        shuffled = CORPUS[:]
        random.Random(seed).shuffle(shuffled)
        assert cluster_stories(shuffled, threshold=0.2) == expected


def test_a_lone_surrogate_in_a_title_leaves_stories_as_they_are():
    """YAML's "\\ud800" escape puts a lone surrogate in a title: no word holds it, and packed term counts
    would carry one if a term ever did."""
    with_odd = [replace(a, title=f"{a.title} \ud800") for a in (TARIFF_LEDGER, TARIFF_WIRE, TARIFF_HERALD)]
    assert [s.articles for s in cluster_stories(with_odd)] == \
        [tuple(with_odd[[TARIFF_LEDGER, TARIFF_WIRE, TARIFF_HERALD].index(a)] for a in s.articles)
         for s in cluster_stories([TARIFF_LEDGER, TARIFF_WIRE, TARIFF_HERALD])]
    packed = story_vectors.pack_documents([Counter({"a\ud800b": 2, "talk": 1})])
    assert list(packed.term_lists()) == [["a\ud800b", "talk"]]


def test_stories_are_listed_newest_first_with_unique_ids():
    later = [replace(a, date=a.date + timedelta(days=10)) for a in (TARIFF_LEDGER, TARIFF_WIRE, TARIFF_HERALD)]
    # another story whose earliest article has the same day and slug as the tariff story's
    same_day_same_slug = [replace(a, date=TARIFF_LEDGER.date + timedelta(hours=hours), slug=TARIFF_LEDGER.slug,
                                  source_path="other/" + a.source_path)
                          for hours, a in ((1, ALBUM), (2, replace(ALBUM_SAME_SOURCE, source="Seoul Wire")))]
    stories = cluster_stories([TARIFF_LEDGER, TARIFF_WIRE, TARIFF_HERALD, *later, *same_day_same_slug])
    slug = TARIFF_LEDGER.slug
    assert [s.id for s in stories] == [f"2026-02-05-{slug}", f"2026-01-26-{slug}-2", f"2026-01-26-{slug}"]
    assert [s.sources for s in stories][1] == ("Han River Herald", "Seoul Wire")


def test_a_storys_articles_are_found_by_their_address_and_its_coverage_besides_one_is_the_rest():
    urls = {a.slug: f"/2026/01/27/{a.slug}/" for a in CORPUS}
    with_urls = [replace(a, page_url=urls[a.slug]) for a in CORPUS]
    stories = cluster_stories(with_urls)
    story_of = stories_by_article(stories)
    (story,) = stories
    assert set(story_of) == {a.page_url for a in story.articles}
    besides = story.coverage_besides(story.articles[0])
    assert [a.slug for a in besides] == [a.slug for a in story.articles[1:]]


def test_centroid_link_does_not_chain_weak_links():
    # 0-1 and 1-2 are similar, 0-2 share nothing: single link would join all three at 0.55.
    vectors = [{"x": 1.0}, {"x": 0.6, "y": 0.8}, {"y": 1.0}]
    pairs = {(0, 1): 0.6, (1, 2): 0.8}
    assert centroid_link_groups(vectors, pairs, threshold=0.55) == [[1, 2]]
    assert centroid_link_groups(vectors, pairs, threshold=0.9) == []


def test_a_report_like_the_story_as_a_whole_joins_it():
    # 2 shares the word (p) that 0 and 1 have in common: 0.48 with each, which average link at 0.5 refuses,
    # but 0.53 with their centroid, where p weighs double.
    vectors = [{"p": 0.8, "q": 0.6}, {"p": 0.8, "r": 0.6}, {"p": 0.6, "s": 0.8}]
    pairs = {(0, 1): 0.64, (0, 2): 0.48, (1, 2): 0.48}
    assert centroid_link_groups(vectors, pairs, threshold=0.5) == [[0, 1, 2]]


def test_time_between_groups_weakens_their_link():
    vectors = [{"x": 1.0}, {"x": 0.6, "y": 0.8}]
    pairs = {(0, 1): 0.6}
    day = 86400.0
    same_hour = [(0.0, 0.0), (3600.0, 3600.0)]
    two_days = [(0.0, 0.0), (2 * day, 2 * day)]
    assert centroid_link_groups(vectors, pairs, 0.5, spans=same_hour, half_life=3 * day) == [[0, 1]]
    assert centroid_link_groups(vectors, pairs, 0.5, spans=two_days, half_life=3 * day) == []   # 0.6 * 0.63
    assert centroid_link_groups(vectors, pairs, 0.35, spans=two_days, half_life=3 * day) == [[0, 1]]
    # An article dated by day only spans its whole day: a report of that evening is no time apart from it.
    whole_day = [(0.0, day), (0.8 * day, 0.8 * day)]
    assert centroid_link_groups(vectors, pairs, 0.6, spans=whole_day, half_life=day) == [[0, 1]]


def test_a_developing_story_is_timed_from_its_latest_report():
    # 0 and 1 on day one, 2 on day three: 2 is compared with the group, two days after the group's last report.
    vectors = [{"x": 1.0}, {"x": 1.0}, {"x": 1.0}]
    pairs = {(0, 1): 1.0, (1, 2): 1.0, (0, 2): 1.0}
    day = 86400.0
    spans = [(0.0, 0.0), (day, day), (3 * day, 3 * day)]
    assert centroid_link_groups(vectors, pairs, 0.6, spans=spans, half_life=3 * day) == [[0, 1, 2]]  # 2 days: 0.63
    assert centroid_link_groups(vectors, pairs, 0.65, spans=spans, half_life=3 * day) == [[0, 1]]


def test_a_second_burst_a_day_later_is_a_story_of_its_own():
    # Two bursts of three reports, minutes apart within each and a day apart, all worded alike: each burst
    # is a story (the next day's report on one subject is a new event), though single reports a day
    # apart would join (test_a_developing_story_is_timed_from_its_latest_report).
    vectors = [{"x": 1.0}] * 6
    pairs = {(i, j): 1.0 for i in range(6) for j in range(i + 1, 6)}
    day, minute = 86400.0, 60.0
    spans = [(t, t) for t in (0.0, minute, 2 * minute, day, day + minute, day + 2 * minute)]
    assert centroid_link_groups(vectors, pairs, 0.5, spans=spans, half_life=3 * day) == [[0, 1, 2], [3, 4, 5]]
    # Reports spread over the day keep a story open for longer: ten times their spacing.
    spread = [(t * 3 * 3600.0, t * 3 * 3600.0) for t in range(3)] + [(day + t * minute, day + t * minute)
                                                                       for t in range(3)]
    assert centroid_link_groups(vectors, pairs, 0.5, spans=spread, half_life=3 * day) == [[0, 1, 2, 3, 4, 5]]


def test_reports_dated_by_day_only_are_placed_at_midday():
    # Two daily market reports, three outlets each, dated by day only and worded alike: each day is its own
    # story. Spanning the whole day, a report of Monday and one of Tuesday were at no distance at all, and the
    # two days merged into one "story".
    def report(day: int, source: str) -> Article:
        when = datetime(2026, 3, day, tzinfo=timezone.utc)
        text = "Stocks fall on Wall Street as weak China data weighs on markets and oil prices"
        return replace(article(f"markets-{day}-{source}", f"{text} ({source})", when, source, text), date_only=True)
    monday = [report(9, name) for name in ("Ledger", "Wire", "Herald")]
    tuesday = [report(10, name) for name in ("Ledger", "Wire", "Herald")]
    stories = cluster_stories(monday + tuesday)
    assert sorted(sorted(a.slug for a in story.articles) for story in stories) == sorted(
        [sorted(a.slug for a in monday), sorted(a.slug for a in tuesday)])
    # Reports of one day, one dated by day only and two with times, are still one story.
    timed = [replace(report(9, name), date=datetime(2026, 3, 9, hour, tzinfo=timezone.utc), date_only=False)
             for name, hour in (("Wire", 9), ("Herald", 17))]
    assert len(cluster_stories([monday[0], *timed])) == 1


def test_a_report_of_the_next_day_joins_reports_dated_by_day_only():
    # Two outlets report an event on the Monday, a third on the Tuesday, each in its own words, all dated by the
    # day only. Placed at midday, Monday's two reports looked minutes apart (a burst), whose pace kept the
    # Tuesday report out; their pace is unknown, so the slowest applies, as between single reports.
    def report(day: int, source: str, title: str, body: str) -> Article:
        return replace(article(f"quake-{source.lower()}", title, datetime(2026, 3, day, tzinfo=timezone.utc),
                               source, body), date_only=True)
    reports = [
        report(9, "Ledger", "Earthquake of magnitude 6.1 shakes Valparaiso region, damaging old port buildings",
               "A magnitude 6.1 earthquake shook the Valparaiso region on Monday, damaging buildings in the old port "
               "and cutting power to thousands of homes, officials said."),
        report(9, "Wire", "Strong quake hits Chile's Valparaiso, power cut to thousands",
               "A strong earthquake of magnitude 6.1 hit Chile's Valparaiso region, cutting power to thousands of "
               "homes and damaging old buildings near the port."),
        report(10, "Herald", "Valparaiso counts the damage a day after magnitude 6.1 earthquake",
               "Residents of Valparaiso counted the damage on Tuesday after the magnitude 6.1 earthquake that "
               "damaged buildings in the old port and left thousands of homes without power."),
    ]
    (story,) = cluster_stories(reports)
    assert {a.source for a in story.articles} == {"Ledger", "Wire", "Herald"}
    # With their times known, Monday's two reports an hour apart are a burst, and the Tuesday report a story
    # of its own (no story: one outlet).
    timed = [replace(r, date=datetime(2026, 3, r.date.day, 10 + i, tzinfo=timezone.utc), date_only=False)
             for i, r in enumerate(reports)]
    assert [sorted(a.source for a in s.articles) for s in cluster_stories(timed)] == [["Ledger", "Wire"]]


def test_a_report_dated_by_day_only_is_placed_at_midday_in_the_story_not_first():
    """A report of 3 March with no time joins a story whose first report came out at 07:30 that day: it neither
    takes the story's id (its address would move, and its feed items' ids) nor the timeline's first place."""
    morning = article("talks-morning", "Cho Hyun to hold formal talks with Rubio in Washington on tariffs",
                      datetime(2026, 3, 3, 7, 30, tzinfo=timezone.utc), "Peninsula Daily",
                      "Foreign Minister Cho Hyun will hold formal talks with Secretary of State Rubio in Washington "
                      "on tariffs and the alliance, the ministry said.")
    afternoon = article("talks-afternoon", "Cho Hyun leaves for Washington for tariff talks with Rubio",
                        datetime(2026, 3, 3, 13, 10, tzinfo=timezone.utc), "Seoul Wire",
                        "Foreign Minister Cho Hyun left for Washington for talks with Secretary of State Rubio on "
                        "tariffs and the alliance.")
    (before,) = cluster_stories([morning, afternoon])
    day_only = replace(article("talks-day", "Cho Hyun heads to Washington for Rubio talks on tariffs",
                               datetime(2026, 3, 3, tzinfo=timezone.utc), "Busan Daily",
                               "Foreign Minister Cho Hyun heads to Washington for talks with Secretary of State "
                               "Rubio on tariffs and the alliance."), date_only=True)
    (after,) = cluster_stories([morning, afternoon, day_only])
    assert after.id == before.id and after.articles[0].source == "Peninsula Daily"
    assert [a.source for a in after.articles] == ["Peninsula Daily", "Busan Daily", "Seoul Wire"]


def test_vectors_store_only_shared_terms_and_keep_whole_lengths():
    docs = [Counter({"tariff": 3, "seoul": 1, "alpha": 5}), Counter({"tariff": 2, "seoul": 2, "beta": 4}),
            Counter({"gamma": 1})]
    vectors, rests = tfidf_vectors(docs)
    assert set(vectors[0]) == {"tariff", "seoul"} and vectors[2] == {}
    for vector, rest in zip(vectors, rests):
        assert sum(w * w for w in vector.values()) + rest == pytest.approx(1.0)
    # The dot product of the stored parts is the cosine of the whole vectors.
    whole, _ = tfidf_vectors(docs, keep=10**6)
    assert sum(w * vectors[1].get(t, 0.0) for t, w in vectors[0].items()) == pytest.approx(
        sum(w * whole[1].get(t, 0.0) for t, w in whole[0].items()))
    # Few stored terms do not make a centroid look closer than it is: its length counts the rest.
    (group,) = centroid_link_groups(vectors[:2], {(0, 1): 0.3}, 0.2, rests=rests[:2])
    assert group == [0, 1]
    assert centroid_link_groups(vectors[:2], {(0, 1): 0.3}, 0.35, rests=rests[:2]) == []


def test_vectors_made_a_block_of_articles_at_a_time_are_those_made_all_at_once(monkeypatch):
    import random

    import newsdigest.story_vectors as story_vectors
    rng = random.Random(7)
    words = [f"w{n}" for n in range(40)]
    docs = [Counter({rng.choice(words): rng.randint(1, 5) for _ in range(rng.randint(0, 25))}) for _ in range(50)]
    docs[4] = Counter()
    monkeypatch.setattr(story_vectors, "TFIDF_BLOCK_ROWS", 10**6)
    whole = tfidf_vectors(docs, keep=8)
    for rows in (1, 3, 7):  # blocks that cut the articles anywhere, an empty article's included
        monkeypatch.setattr(story_vectors, "TFIDF_BLOCK_ROWS", rows)
        assert tfidf_vectors(docs, keep=8) == whole  # equal floats, not approximately
    assert tfidf_vectors([]) == ([], [])


def test_grouping_gives_the_same_groups_from_term_dicts_and_term_id_rows():
    rng = random.Random(11)
    words = [f"w{n}" for n in range(30)]
    docs = [Counter({rng.choice(words): rng.randint(1, 4) for _ in range(rng.randint(3, 12))}) for _ in range(120)]
    vectors, rests = story_vectors.tfidf_matrix(docs, keep=10)
    stamps = sorted(rng.uniform(0, 5 * 86400) for _ in docs)
    pairs = story_vectors.similar_pairs(vectors, stamps, 2 * 86400.0, 0.1)
    spans = [(stamp, stamp) for stamp in stamps]

    def groups(rows):
        return centroid_link_groups(rows, pairs, 0.1, keep=10, rests=rests, spans=spans, half_life=86400.0)

    by_term = groups([vectors[row] for row in range(len(vectors))])
    assert len(by_term) >= 2 and sum(map(len, by_term)) >= 20  # enough merging to read many vectors again
    assert groups(vectors.by_term_id()) == by_term


def test_each_article_keeps_its_most_similar_earlier_partners_and_the_rest_of_the_pairs_is_as_before():
    rng = random.Random(5)
    words = [f"w{n}" for n in range(12)]
    docs = [Counter({rng.choice(words): rng.randint(1, 4) for _ in range(rng.randint(2, 6))}) for _ in range(90)]
    vectors, _ = story_vectors.tfidf_matrix(docs)
    stamps = sorted(rng.uniform(0, 4 * 86400) for _ in docs)
    every = story_vectors.similar_pairs(vectors, stamps, 2 * 86400.0, 0.1, max_earlier=len(docs))
    capped = story_vectors.similar_pairs(vectors, stamps, 2 * 86400.0, 0.1, max_earlier=3)
    all_pairs, kept = list(every), list(capped)
    by_later: dict[int, list[tuple[int, int, float]]] = {}
    for pair in all_pairs:
        by_later.setdefault(pair[1], []).append(pair)
    assert max(map(len, by_later.values())) > 3 and len(kept) < len(all_pairs)   # the cap has work to do
    expected = set()
    for later, pairs in by_later.items():    # the three most similar, ties to the earlier article
        expected |= set(sorted(pairs, key=lambda pair: (-pair[2], pair[0]))[:3])
    assert set(kept) == expected
    assert kept == [pair for pair in all_pairs if pair in expected]   # in the order they came
    assert list(story_vectors.similar_pairs(vectors, stamps, 2 * 86400.0, 0.1)) == all_pairs   # 50 cut none here


def test_groups_found_among_the_articles_as_loaded_are_moved_to_their_places_in_the_sorted_list():
    # The build groups stories from the articles as loaded (the child starts before URLs and days are given)
    # and shows them from the sorted list: every position, the lead's too, must follow its article.
    when = datetime(2026, 3, 9, 9, tzinfo=timezone.utc)
    loaded = [article(f"a{n}", f"Report {n}", when + timedelta(hours=n), source, "text")
              for n, source in enumerate(("Ledger", "Wire", "Herald", "Post"))]
    shown = [loaded[2], loaded[0], loaded[3], loaded[1]]
    group = StoryGroup(members=(0, 1, 3), lead=1, cohesion=0.5, copy_candidates=((0, 2),))
    (moved,) = moved_groups([group], new_places(loaded, shown))
    assert [shown[i] for i in moved.members] == [loaded[0], loaded[1], loaded[3]]
    assert shown[moved.lead] is loaded[1]
    assert moved.copy_candidates == ((0, 2),) and moved.cohesion == 0.5  # indexes into members: unchanged


def test_a_story_group_lead_cohesion_and_copy_candidates_are_those_of_all_member_pairs():
    # _story_group reads only the pairs that are there; a pair that is not counts as 0, as if every pair of
    # members were looked up.
    from newsdigest.stories import COPY_CANDIDATE_COSINE, _story_group
    rng = random.Random(3)
    for _ in range(20):
        members = sorted(rng.sample(range(40), rng.randint(2, 9)))
        similarity = {(i, j): round(rng.uniform(0.15, 0.95), 3) for a, i in enumerate(members)
                      for j in members[a + 1:] if rng.random() < 0.6}
        partners = {}
        for (i, j), value in similarity.items():
            partners.setdefault(i, []).append((j, value))
            partners.setdefault(j, []).append((i, value))
        order = array("q", reversed(range(40)))
        group = _story_group(members, order, partners)

        def pair(i, j):
            return similarity.get((min(i, j), max(i, j)), 0.0)
        centrality = [sum(pair(i, j) for j in members if j != i) for i in members]
        lead = max(range(len(members)), key=lambda k: (centrality[k], -k))
        assert group.members == tuple(order[i] for i in members) and group.lead == order[members[lead]]
        assert group.cohesion == round(sum(centrality) / (len(members) * (len(members) - 1)), 6)
        assert group.copy_candidates == tuple((a, b) for a in range(len(members)) for b in range(a + 1, len(members))
                                              if pair(members[a], members[b]) >= COPY_CANDIDATE_COSINE)


def _plain_centroid_link(vectors: list[dict[str, float]], pairs: dict[tuple[int, int], float], threshold: float,
                         keep: int) -> list[list[int]]:
    """Centroid linkage as its definition reads, one comparison of every linked pair of groups at a time."""
    groups = {i: ([i], dict(vector)) for i, vector in enumerate(vectors)}
    links = {frozenset(pair) for pair in pairs}
    norm = {i: 1.0 for i in groups}
    rest = {i: 0.0 for i in groups}  # squared weight of the terms a centroid no longer keeps

    def cosine(a, b):
        (_, va), (_, vb) = groups[a], groups[b]
        return sum(w * vb.get(t, 0.0) for t, w in va.items()) / (norm[a] * norm[b])
    while True:
        linked = [(cosine(a, b), -min(groups[a][0]), -min(groups[b][0]), a, b)
                  for a, b in (sorted(link) for link in links if len(link) == 2)]
        linked = [link for link in linked if link[0] >= threshold]
        if not linked:
            return sorted(sorted(members) for members, _ in groups.values() if len(members) > 1)
        *_, a, b = max(linked, key=lambda link: (link[0], max(link[1], link[2]), min(link[1], link[2])))
        (members_a, va), (members_b, vb) = groups.pop(a), groups.pop(b)
        summed = {t: va.get(t, 0.0) + vb.get(t, 0.0) for t in {*va, *vb}}
        ranked = sorted(summed.items(), key=lambda item: (item[1], item[0]), reverse=True)
        merged = max(groups, default=len(vectors)) + len(vectors) + 1
        groups[merged] = (members_a + members_b, dict(ranked[:keep]))
        rest[merged] = rest[a] + rest[b] + sum(w * w for _, w in ranked[keep:])
        norm[merged] = (sum(w * w for _, w in ranked[:keep]) + rest[merged]) ** 0.5
        links = {frozenset(merged if g in (a, b) else g for g in link) for link in links}


@pytest.mark.parametrize(("gather_from", "compact_from"), [
    (story_groups.GATHER_MIN_ROWS, story_groups.HEAP_COMPACT_MIN), (1, story_groups.HEAP_COMPACT_MIN),
    (story_groups.GATHER_MIN_ROWS, 1)])
def test_grouping_is_centroid_linkage_as_defined(monkeypatch, gather_from, compact_from):
    # The grouping keeps centroids in arrays and weighs a merged group against all its neighbours at once (their
    # rows gathered in arrays when there are many, here always with `gather_from` 1), and clears the links of
    # merged groups out of its queue (here whenever it has doubled, with `compact_from` 1): it must merge exactly
    # as centroid linkage does, one pair of groups at a time.
    monkeypatch.setattr(story_groups, "GATHER_MIN_ROWS", gather_from)
    monkeypatch.setattr(story_groups, "HEAP_COMPACT_MIN", compact_from)
    compactions = []
    compact = story_groups._Grouping.compact
    monkeypatch.setattr(story_groups._Grouping, "compact", lambda self: compactions.append(1) or compact(self))
    rng = random.Random(5)
    grouped = []
    for trial in range(6):
        words = [f"w{n:02d}" for n in range(rng.randint(8, 20))]
        vectors = [{word: rng.uniform(0.1, 1.0) for word in rng.sample(words, rng.randint(2, 6))} for _ in range(30)]
        vectors = [{t: w / sum(x * x for x in v.values()) ** 0.5 for t, w in v.items()} for v in vectors]
        pairs = {(i, j): sum(w * vectors[j].get(t, 0.0) for t, w in vectors[i].items())
                 for i in range(30) for j in range(i + 1, 30)}
        pairs = {pair: value for pair, value in pairs.items() if value >= 0.3}
        keep = rng.choice((3, 60))
        expected = _plain_centroid_link(vectors, pairs, 0.3, keep)
        assert centroid_link_groups(vectors, pairs, threshold=0.3, keep=keep) == expected, trial
        grouped.append(sum(map(len, expected)))
    assert min(grouped) >= 5 and sum(grouped) >= 60, grouped  # enough merging, cut centroids included
    assert bool(compactions) == (compact_from == 1)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ9_ .,'-\u2019\u201c\u201d\u2014\u00a0éİß中\n\t")) | st.text())
def test_the_fast_word_split_finds_what_the_regular_expression_finds(text):
    assert [w if isinstance(w, str) else w.decode("ascii") for w in words(text)] == letter_pairs(
        _WORD.findall(text.lower()))


def test_packed_term_counts_round_trip():
    counts = article_tokens(TARIFF_LEDGER)
    packed = pack_terms(counts)
    assert is_packed_terms(packed) and unpack_terms(packed) == counts and list(unpack_terms(packed)) == list(counts)
    assert unpack_terms(pack_terms(Counter())) == Counter() and is_packed_terms(pack_terms(Counter()))
    assert not is_packed_terms(("a\tb", b"\0\0\0\1")) and not is_packed_terms(["a", b"\0\0\0\1"])


def test_one_key_sort_orders_vector_entries_as_two_stable_sorts_do(monkeypatch):
    rng = np.random.default_rng(7)
    count, terms, size = 50, 400, 3000
    cells = rng.choice(count * terms, size, replace=False)  # each term once per article, as in real vectors
    rows, ids = cells // terms, cells % terms
    # many exact ties (equal weights are ordered by term), and weights far enough apart to rank
    weights = np.where(rng.random(size) < 0.5, rng.choice([0.1, 0.25, 0.5], size), rng.random(size))
    one_key = story_vectors._by_article_heaviest_first(rows, ids, weights, count, terms)
    monkeypatch.setattr(story_vectors, "WEIGHT_BITS", 8)  # too few bits: the two-sort fallback
    two_sorts = story_vectors._by_article_heaviest_first(rows, ids, weights, count, terms)
    assert one_key.tolist() == two_sorts.tolist()
    assert (np.diff(rows[one_key]) >= 0).all()


def test_title_names_are_terms_of_their_own():
    assert title_names("Kim Jung-kwan presses Lutnick for tariff relief in 80-minute meeting") == [
        "=kim jung-kwan", "=lutnick", "=80-minute"]
    assert title_names("Criminal probe in GM's recall of deadly defect") == ["=gm"]   # a lone first word is none
    assert title_names("The U.S. Justice Department opens probe") == ["=u.s justice department"]
    # Title case capitalises every word: only acronyms and numbers are names there.
    assert title_names("American Eagle Q4 Profit Plunges As NYSE Trading Slows In 2014") == ["=q4", "=nyse", "=2014"]
    counts = article_tokens(TARIFF_WIRE)
    assert counts["=south korean"] == 1 and counts["=25%"] == 1 and counts["korean"] >= 3
    assert "=trump" not in counts  # the first word of a sentence-case title may be a name or not: left out


def test_tokenize_drops_stopwords_urls_and_folds_plurals():
    assert tokenize("The tariffs [on cars](https://example.com/x) said Trump's cities") == [
        "tariff", "car", "trump", "city"]
    assert fold_plural("talks") == "talk" and fold_plural("business") == "business" and fold_plural("us") == "us"


def test_token_cache_gives_the_same_stories_and_reads_only_changed_articles():
    hashed = [replace(a, file_hash=f"hash-{a.slug}") for a in CORPUS]
    cache: dict = {}
    assert cluster_stories(hashed, token_cache=cache) == cluster_stories(hashed)
    assert set(cache) == {a.file_hash for a in hashed}
    marked = unpack_terms(cache[hashed[0].file_hash])
    marked["cachedonly"] = 1
    cache[hashed[0].file_hash] = pack_terms(marked)
    cluster_stories(hashed, token_cache=cache)
    assert unpack_terms(cache[hashed[0].file_hash])["cachedonly"] == 1  # taken from the cache, not read again
    cluster_stories(hashed[1:], token_cache=cache)
    assert hashed[0].file_hash not in cache  # a deleted article is forgotten


def test_fewer_than_two_articles():
    assert cluster_stories([]) == []
    assert cluster_stories([TARIFF_LEDGER]) == []


def synthetic_corpus(count: int, days: int, seed: int = 7) -> list[Article]:
    """`count` articles over `days` days: events covered by 1-4 sources, words from a shared vocabulary."""
    rng = random.Random(seed)
    common = [f"word{i}" for i in range(3000)]
    sources = [f"Source {i}" for i in range(30)]
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    articles: list[Article] = []
    event = 0
    while len(articles) < count:
        event += 1
        when = start + timedelta(days=rng.uniform(0, days))
        keywords = [f"event{event}x{k}" for k in range(8)]
        for n in range(rng.choice((1, 1, 2, 3, 4))):
            words = rng.sample(keywords, 6) + [rng.choice(common) for _ in range(250)]
            body = " ".join(rng.sample(words, len(words)))
            articles.append(article(f"e{event}-{n}", " ".join(rng.sample(keywords, 4)),
                                    when + timedelta(hours=rng.uniform(0, 30)), rng.choice(sources), body))
    return articles[:count]


@pytest.mark.slow
def test_scales_to_thousands_of_articles():
    """A sanity check, not a timing: 2,000 articles over a year cluster, and events come out as stories."""
    articles = synthetic_corpus(2000, 365)
    stories = cluster_stories(articles)
    assert stories
    for story in stories:
        assert len({a.slug.split("-")[0] for a in story.articles}) == 1  # never two events in one story
        assert len(set(story.sources)) >= 2


def _report(slug: str, source: str, body: str, hour: int = 9) -> Article:
    return Article(source_path=f"{slug}.md", title=f"Port strike closes {slug}", slug=slug, source=source,
                   date=datetime(2026, 3, 2, hour, tzinfo=timezone.utc), summary="",
                   body=ArticleBody("", body))


WIRE = ("Dock workers at the country's three largest container ports walked out at dawn on Monday after talks "
        "on a new wage agreement broke down late on Sunday, the union said, leaving dozens of ships waiting "
        "offshore. The union is asking for a pay rise of nine percent over two years and limits on automated "
        "cranes, while the port operators have offered five percent. Exporters warned that a strike of more "
        "than a few days would delay shipments of cars and electronics across the region. The transport "
        "ministry called both sides to a meeting on Tuesday morning and said it was ready to mediate, but "
        "ruled out sending in workers from the navy to move containers. Port authorities said perishable "
        "cargo would be unloaded first at the smaller southern terminals, which are not affected. ")


def test_wire_copies_are_marked_as_one_report_and_own_reports_are_not():
    agency = _report("agency", "Wire Agency", WIRE)
    trimmed = _report("trim", "Harbour Times", "Dock strike. " + WIRE.rsplit(" Port authorities", 1)[0], hour=10)
    reworded = _report("own", "Coast Herald", "Ships queued off the coast on Monday as dock workers at the three "
                       "biggest container ports struck over pay; the union wants nine percent, operators offer "
                       "five. Car makers fear delays if it lasts. " * 3, hour=11)
    story = Story("s", (agency, trimmed, reworded), agency, ("Wire Agency", "Harbour Times", "Coast Herald"), 0.5,
                  copies=wire_copies((agency, trimmed, reworded)))
    assert story.copies == ((agency, trimmed),)
    assert story.copies_of(trimmed) == (agency,) and story.copies_of(reworded) == ()
    assert story.copy_sources(trimmed) == ("Wire Agency",) and story.copy_sources(reworded) == ()
    # Headlines or briefs alone are never called copies: too short to tell a copy from a shared phrase.
    assert wire_copies((_report("a", "A", "Port strike closes ports"), _report("b", "B", "Port strike closes ports"))) == ()


def test_copy_sources_name_each_outlet_once_and_skip_unnamed_ones():
    agency = _report("agency", "Wire Agency", WIRE)
    copies = (_report("c1", "harbour times", WIRE, hour=10), _report("c2", "", WIRE, hour=11),
              _report("c3", "Harbour Times", WIRE, hour=12), _report("c4", "Coast Herald", WIRE, hour=13))
    story = Story("s", (agency, *copies), agency, ("Wire Agency", "harbour times", "Coast Herald"), 0.9,
                  copies=((agency, *copies),))
    assert story.copy_sources(agency) == ("harbour times", "Coast Herald")  # the first spelling, case aside
    assert story.copy_sources(copies[1]) == ("Wire Agency", "harbour times", "Coast Herald")
    assert Story("t", (agency,), agency, ("Wire Agency",), 1.0).copy_sources(agency) == ()


def test_cluster_stories_finds_wire_copies_inside_a_story():
    agency = _report("agency", "Wire Agency", WIRE)
    copy = _report("copy", "Harbour Times", WIRE, hour=10)
    (story,) = cluster_stories([agency, copy])
    assert story.copies == ((agency, copy),)


def test_a_subject_covered_every_day_does_not_grow_into_one_story_as_long_as_the_archive():
    from newsdigest.story_groups import MAX_SPAN_HALF_LIVES

    day = 86400.0
    vectors = [{"harbour": 1.0, "strike": 1.0} for _ in range(40)]          # the same words, one report a day
    pairs = {(i, i + 1): 1.0 for i in range(39)}
    spans = [(i * day, i * day) for i in range(40)]
    groups = centroid_link_groups(vectors, pairs, threshold=0.2, spans=spans, half_life=3 * day)
    assert sum(map(len, groups)) == 40 and len(groups) >= 2                 # a day's report still joins a story
    assert all(spans[g[-1]][1] - spans[g[0]][0] <= MAX_SPAN_HALF_LIVES * 3 * day for g in groups)
    assert centroid_link_groups(vectors, pairs, threshold=0.2) == [list(range(40))]   # no time: no limit


# Reports written for this test (no scraped text): a port strike told by two outlets, and a museum reopening the
# same day, in Japanese, where words are not separated by spaces.
JST = timezone(timedelta(hours=9))


def _japanese(slug: str, source: str, title: str, body: str, hour: int) -> Article:
    return Article(source_path=f"{slug}.md", title=title, slug=slug, source=source,
                   date=datetime(2026, 3, 3, hour, tzinfo=JST), summary="", body=ArticleBody("", body))


STRIKE_JA = _japanese(
    "strike-ja", "Kaigan Shimbun", "横浜港で港湾労働者がストライキ、コンテナ船の荷役が停止",
    "横浜港の港湾労働者の労働組合は3日朝、賃上げ交渉の決裂を受けてストライキに入った。コンテナ船の荷役作業が全面的に"
    "停止し、沖合では十数隻の船が入港を待っている。組合は2年間で9%の賃上げを求めており、港湾運営会社側は5%を提示して"
    "いた。国土交通省は4日に双方を集めて調停に乗り出す方針を示した。", 9)
STRIKE_JA_OTHER = _japanese(
    "strike-ja-other", "Minato Times", "横浜港スト、荷役停止で輸出企業に影響懸念 国交省が調停へ",
    "横浜港で3日、港湾労働者の労働組合がストライキを始め、コンテナの積み降ろしが止まった。自動車や電子部品の輸出企業"
    "からは出荷の遅れを懸念する声が上がっている。組合側は賃上げと自動化クレーンの導入制限を要求している。国土交通省は"
    "調停の用意があるとして、4日に労使双方と会談する。", 11)
MUSEUM_JA = _japanese(
    "museum-ja", "Minato Times", "市立美術館が改装を終えて再開、初日に三千人が来館",
    "改装工事のため2年間休館していた市立美術館が3日、再開した。初日は約三千人が訪れ、新たに設けられた現代美術の"
    "展示室に長い列ができた。館長は「地域の人々が芸術に触れる場にしたい」と話した。", 10)


def test_chinese_japanese_and_korean_runs_are_indexed_as_letter_pairs():
    assert words("横浜港でストライキ iphone15発売") == ["横浜", "浜港", "港で", "でス", "スト", "トラ", "ライ", "イキ",
                                                  "iphone15", "発売"]
    assert words("대통령은 발표했다") == ["대통", "통령", "령은", "발표", "표했", "했다"]
    assert words("Präsident «sagte»") == ["präsident", "sagte"]   # other scripts keep their words whole


def test_japanese_reports_of_one_event_form_a_story_and_another_event_stays_alone():
    # Before letter pairs, each run of Japanese text between punctuation was one term, and no two reports shared any.
    (story,) = cluster_stories([STRIKE_JA, MUSEUM_JA, STRIKE_JA_OTHER])
    assert {a.slug for a in story.articles} == {"strike-ja", "strike-ja-other"}


def test_a_japanese_agency_report_run_by_two_outlets_is_one_report_and_own_reports_are_not():
    copy = replace(STRIKE_JA, source_path="strike-ja-copy.md", slug="strike-ja-copy", source="Hama Daily",
                   title="横浜港でスト", body=ArticleBody("", STRIKE_JA.body_markdown + "詳しい情報は入り次第伝える。"))
    assert wire_copies((STRIKE_JA, STRIKE_JA_OTHER, copy)) == ((STRIKE_JA, copy),)


# -- reports in another language than most of the site's ---------------------------------------------------------

def italian(slug: str, title: str, hour: int, source: str, body: str) -> Article:
    return replace(article(slug, title, datetime(2026, 3, 8, hour, tzinfo=timezone.utc), source, body), lang="it")


ROME_BRIDGE = italian(
    "crolla-una-passerella-sul-tevere", "Crolla una passerella sul Tevere, nessun ferito", 9, "Cronaca Romana",
    "Una passerella pedonale sul Tevere è crollata nella notte tra sabato e domenica. Secondo i vigili del fuoco "
    "non ci sono feriti, ma il traffico lungo il fiume è stato chiuso per tutta la mattina. Il sindaco ha detto che "
    "la struttura era stata ispezionata in autunno e che la procura aprirà un fascicolo per capire le cause del cedimento.")
ROME_BRIDGE_AGAIN = italian(
    "passerella-sul-tevere-la-procura-indaga", "Passerella crollata sul Tevere, la procura apre un'indagine", 11,
    "Gazzetta del Lazio",
    "La procura ha aperto un'indagine sul crollo della passerella pedonale sul Tevere, avvenuto nella notte. I vigili "
    "del fuoco hanno confermato che non ci sono feriti. Il sindaco ha ricordato che la passerella era stata "
    "ispezionata in autunno; il tratto di lungotevere resta chiuso al traffico.")
MILAN_OPERA = italian(
    "la-scala-annuncia-la-nuova-stagione", "La Scala annuncia la nuova stagione con tre prime", 10, "Gazzetta del Lazio",
    "Il teatro alla Scala di Milano ha presentato la stagione che si aprirà a dicembre. Il direttore ha spiegato che "
    "il cartellone comprende tre prime assolute e una nuova produzione di un'opera di Verdi, e che i prezzi dei "
    "biglietti per i giovani saranno ridotti per tutta la stagione. La vendita inizierà il mese prossimo.")
TURIN_MARKET = italian(
    "a-torino-riapre-il-mercato-coperto", "A Torino riapre il mercato coperto dopo i lavori", 12, "Cronaca Romana",
    "Il mercato coperto di Porta Palazzo ha riaperto ai clienti dopo due anni di lavori. Secondo il comune, i banchi "
    "sono stati rinnovati e il tetto è stato rifatto con pannelli solari. Gli operatori hanno detto che la clientela "
    "è tornata già dalla prima mattina e che l'orario sarà prolungato il sabato.")


def test_reports_in_a_language_few_articles_use_join_by_their_words_not_their_function_words():
    """On a site mostly in English, the articles, prepositions and auxiliaries of a few Italian reports are rare
    words to the archive's document frequencies; shared by any two Italian texts, they joined unrelated reports
    of one day. The reports of one event still join."""
    english = [TARIFF_LEDGER, TARIFF_WIRE, TARIFF_HERALD, EXPORTS]
    stories = cluster_stories(english + [ROME_BRIDGE, ROME_BRIDGE_AGAIN, MILAN_OPERA, TURIN_MARKET])
    italian_stories = [{a.slug for a in story.articles} for story in stories if story.articles[0].lang == "it"]
    assert italian_stories == [{ROME_BRIDGE.slug, ROME_BRIDGE_AGAIN.slug}]
    as_english = cluster_stories(english + [replace(a, lang="en") for a in (MILAN_OPERA, TURIN_MARKET)])
    assert any({a.slug for a in story.articles} == {MILAN_OPERA.slug, TURIN_MARKET.slug} for story in as_english), \
        "the case no longer shows the mix: the two unrelated reports must have joined when read as English"


def test_stop_words_follow_the_articles_language():
    from newsdigest.story_terms import STOPWORDS, stop_words_of
    assert stop_words_of("en") is STOPWORDS and stop_words_of("ko") is STOPWORDS
    assert {"und", "der", "war"} <= stop_words_of("de") and "krieg" not in stop_words_of("de")
    assert {"de", "que"} <= stop_words_of("pt-BR") and "og" in stop_words_of("no") and "og" in stop_words_of("nn")
    assert stop_words_of("xx") is STOPWORDS  # no list for that language: English's alone
    assert "und" not in article_tokens(replace(ROME_BRIDGE, title="Brücke und Fluss", lang="de"))
    assert "una" not in article_tokens(ROME_BRIDGE) and "tevere" in article_tokens(ROME_BRIDGE)


def test_full_width_figures_and_letters_count_as_the_ascii_ones():
    """One outlet's "13日" and another's "１３日" (Japanese pages often write figures full width) were two terms."""
    from dataclasses import replace

    when = datetime(2026, 1, 13, 21, 37, tzinfo=timezone.utc)
    half = replace(article("a", "宮崎県で震度5弱 M6.6", when, "A", "13日午後9時ごろ、地震があった。"), lang="ja")
    full = replace(article("b", "宮崎県で震度５弱 Ｍ６．６", when, "B", "１３日午後９時ごろ、地震があった。"), lang="ja")
    assert article_tokens(half) == article_tokens(full)


def test_a_group_held_together_by_one_common_word_is_no_story():
    """Round-ups and notices of no event ("Business Wire", "Business Highlights") made two-report stories of one
    shared word; a report of another event joined a big story through a word such as "things"."""
    documents = [Counter({"business": 3, "wire": 3}), Counter({"business": 3, "highlight": 3}),
                 Counter({"titanfall": 3, "review": 3}), Counter({"titanfall": 3, "level": 3, "quickly": 3}),
                 Counter({"titanfall": 3, "launch": 3, "xbox": 3}), Counter({"launch": 3, "xbox": 3, "thing": 3}),
                 Counter({"thing": 3, "say": 3}), Counter({"business": 3, "merger": 3, "=12": 1, "12": 3}),
                 Counter({"business": 3, "merger": 3, "talks": 3, "=12": 1, "12": 3}),
                 Counter({"review": 3, "business": 3}), Counter({"merger": 3, "talks": 3}),
                 Counter({"thing": 3, "garden": 3}), Counter({"thing": 3, "recipe": 3}), Counter({"thing": 3})]
    vectors, _ = story_vectors.tfidf_matrix(documents)
    groups = story_vectors.supported_groups([[0, 1], [2, 3, 4, 5, 6], [7, 8]], vectors)
    # "business" alone holds 0 and 1; "titanfall" is the story's own word; 6 shares only "thing" with 5
    assert groups == [[2, 3, 4, 5], [7, 8]]
    # numbers and a name's term are no words: two reports sharing a date alone are no story
    dated = [Counter({"energy": 3, "10": 3, "=10": 1}), Counter({"video": 3, "game": 3, "10": 3, "=10": 1}),
             Counter({"energy": 3, "oil": 3}), Counter({"game": 3, "console": 3})]
    assert story_vectors.supported_groups([[0, 1]], story_vectors.tfidf_matrix(dated)[0]) == []


@pytest.mark.parametrize("reports", [story_groups.ESTABLISHED_REPORTS - 1, story_groups.ESTABLISHED_REPORTS])
def test_two_established_stories_join_only_well_over_the_threshold(reports):
    """Two groups of ten reports each that share one name ("SXSW" in the Snowden story and in the festival's) meet
    at a centroid cosine just over the threshold: as stories of their own, they stay apart; smaller groups join."""
    shared = (0.15 + story_groups.ESTABLISHED_MARGIN / 2) ** 0.5   # each centroid's weight on the shared term
    own = (1 - shared ** 2) ** 0.5
    vectors = [{"festival": own, "sxsw": shared}] * reports + [{"snowden": own, "sxsw": shared}] * reports
    pairs = {(i, j): (1.0 if (i < reports) == (j < reports) else shared ** 2)
             for i in range(2 * reports) for j in range(i + 1, 2 * reports)}
    groups = centroid_link_groups(vectors, pairs, threshold=0.15)
    if reports >= story_groups.ESTABLISHED_REPORTS:
        assert groups == [list(range(reports)), list(range(reports, 2 * reports))]
    else:
        assert groups == [list(range(2 * reports))]


def test_headlines_alone_are_grouped_at_their_own_threshold():
    """Reports that are mostly headlines alone (a feed of headlines) take `headline_threshold`: short texts share
    fewer words than whole ones; full texts keep `threshold`."""
    reports = [TARIFF_LEDGER, TARIFF_WIRE, TARIFF_HERALD]
    headlines = [replace(report, body=ArticleBody()) for report in reports]
    assert cluster_stories(reports, threshold=0.99, headline_threshold=0.01) == []
    (story,) = cluster_stories(headlines, threshold=0.99, headline_threshold=0.01)
    assert len(story.articles) == 3
    assert cluster_stories(headlines, threshold=0.01, headline_threshold=0.99) == []
    assert len(cluster_stories(reports, threshold=0.01, headline_threshold=0.99)) == 1
    # Which applies: headlines alone where at least half the reports are; a line of text under the headline
    # leaves a report a headline (HEADLINE_TERMS), a whole text does not.
    with_a_line = replace(TARIFF_WIRE, body=ArticleBody("", "Trump wrote on Truth Social on Monday night."))
    assert applied_threshold(story_inputs([*headlines, with_a_line]), 0.15, 0.12) == 0.12
    assert applied_threshold(story_inputs([headlines[0], reports[1], reports[2], with_a_line]), 0.15, 0.12) == 0.12
    assert applied_threshold(story_inputs([headlines[0], *reports]), 0.15, 0.12) == 0.15
    assert all(size > HEADLINE_TERMS for size in story_inputs(reports).documents.sizes)
    # Unset, the headlines' threshold follows the one given: a stricter site is stricter with headlines too.
    assert applied_threshold(story_inputs(headlines)) == pytest.approx(0.12)
    assert applied_threshold(story_inputs(headlines), 0.3) == pytest.approx(0.24)
    assert applied_threshold(story_inputs(reports), 0.3) == 0.3
