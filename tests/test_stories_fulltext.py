"""Stories on full-length articles: the shipped sample site and the real scraped pages in ../shared/seeds.

tests/test_stories.py checks the clustering on short hand-made texts; here it meets whole articles
(a title and a few hundred words each) as a fresh clone builds them with the repository's config.yaml:

(a) the sample content (content/) holds parallel coverage of a few events by different outlets, and
    each must be one story with exactly those articles, while the articles about other events stay alone;
(b) the five real pages in ../shared/seeds, ingested next to a copy of the sample content, must each
    join the sample articles that report the same event, and only those.

Memberships are exact (content file paths), so a story that loses a report or gains a stranger fails.
Pairs the clustering misses at the default settings are marked xfail(strict=True) with their cosine:
when the engine learns to join them, the XPASS tells you to drop the marker.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from newsdigest.build import build
from newsdigest.config import load_config
from newsdigest.content import load_articles
from newsdigest.ingest import ingest_file
from newsdigest.site_model import build_site_model
from newsdigest.slugs import slugify

REPO = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# -- the sample's events, by content file (relative to content/) ------------------------------------

TRADE_DEAL = {  # 30-31 July 2025: the 15% tariff / $350 billion deal, three outlets
    "2025/07/trump-announces-korea-trade-deal-15-percent.md",      # Pacific Ledger
    "2025/07/seoul-welcomes-tariff-deal-shipbuilding-fund.md",     # Seoul Wire
    "2025/07/automakers-shipbuilders-react-tariff-deal.md",        # Eastbridge Times
}
GEORGIA_RAID = {  # 5-7 September 2025: one developing story over three days, three outlets
    "2025/09/georgia-battery-plant-raid-korean-workers-detained.md",   # day 1, Seoul Wire
    "2025/09/georgia-raid-475-detained-visa-questions.md",             # day 2, Pacific Ledger
    "2025/09/seoul-deal-to-free-korean-workers-georgia.md",            # day 3, Han River Herald
}
KIM_LUTNICK_JULY = {  # 25 July 2025: Kim Jung-kwan's 80-minute meeting with Lutnick
    "2025/07/kim-jung-kwan-lutnick-talks-aug-1-deadline.md",       # Seoul Wire
    "2025/07/kim-jung-kwan-urges-lutnick-ease-tariffs.md",         # Eastbridge Times
}
LEE_UN_TRIP = {  # 24-25 September 2025: Lee leaves the U.N. General Assembly without a Trump summit
    "2025/09/lee-jae-myung-un-trip-without-trump-meeting.md",      # Peninsula Daily Brief
    "2025/09/lee-ends-un-trip-without-trump-summit.md",            # Han River Herald
}
GYEONGJU_SUMMIT = {  # 30-31 October 2025: Lee's verdict on the Gyeongju summit with Trump
    "2025/10/lee-trump-gyeongju-summit-submarines.md",             # Seoul Wire
    "2025/10/lee-says-gyeongju-summit-opened-new-chapter.md",      # Han River Herald
}
KIM_ARRIVES_JANUARY = {  # 29 January 2026: Kim Jung-kwan lands in Washington for talks with Lutnick
    "2026/01/korea-industry-minister-arrives-washington.md",       # Caspian Report Agency
    "2026/01/kim-jung-kwan-arrives-washington-lutnick.md",         # Eastbridge Times
}
CHO_RUBIO = {  # 3 February 2026: Cho Hyun heads to Washington for talks with Rubio
    "2026/02/cho-hyun-rubio-foreign-ministers-talks.md",           # Peninsula Daily Brief
    "2026/02/cho-hyun-departs-washington-rubio-meeting.md",        # Seoul Wire
}

# Related news in the same days, but a different event each: none of these may be pulled into a story.
LONE = [
    "2024/08/germany-joins-un-command.md",
    "2025/07/lg-cns-jakarta-ai-data-center.md",
    "2025/07/koo-yoon-cheol-washington-trip-called-off.md",        # the day before KIM_LUTNICK_JULY
    "2025/07/korea-energy-and-state-outreach-tariff-talks.md",     # same day as KIM_LUTNICK_JULY
    "2025/09/apec-gyeongju-seen-as-turning-point-for-tariff-deal.md",  # the day after LEE_UN_TRIP
    "2025/10/trump-kim-jong-un-meeting-hopes-north-korea-context.md",  # same day as GYEONGJU_SUMMIT
    "2026/01/trump-vows-25-percent-tariff-on-korea.md",
    "2026/01/yeo-han-koo-departs-for-greer-talks.md",              # the day after KIM_ARRIVES_JANUARY
    "2026/01/kim-jung-kwan-returns-after-lutnick-meetings.md",
    "2026/02/us-investment-special-law-explained.md",              # the day before CHO_RUBIO
]


def missed(cosine: str):
    """An event the default clustering (threshold 0.2) does not group yet; `cosine` says by how much."""
    return pytest.mark.xfail(strict=True, reason=f"engine misses it at the default threshold 0.2 ({cosine})")


SAMPLE_STORIES = [
    pytest.param(TRADE_DEAL, id="trade-deal"),
    pytest.param(GEORGIA_RAID, id="georgia-raid"),
    pytest.param(KIM_LUTNICK_JULY, id="kim-lutnick-july"),
    pytest.param(LEE_UN_TRIP, id="lee-un-trip"),
    pytest.param(GYEONGJU_SUMMIT, id="gyeongju-summit"),
    pytest.param(KIM_ARRIVES_JANUARY, id="kim-arrives-january"),
    pytest.param(CHO_RUBIO, id="cho-rubio"),
]


def key(article) -> str:
    return article.source_path


def members(stories) -> list[set[str]]:
    return [{key(a) for a in story.articles} for story in stories]


def story_with(stories, path: str) -> set[str]:
    """The articles of the story that holds `path`, or just {path} when it is in none."""
    return next((group for group in members(stories) if path in group), {path})


# -- (a) the sample site ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_build(tmp_path_factory):
    config = load_config(REPO / "config.yaml", {"output_dir": str(tmp_path_factory.mktemp("sample-out"))})
    return build(config)


def test_sample_files_exist():
    """The expected files are the repository's own: a renamed article must be renamed here too."""
    for path in set().union(*(p.values[0] for p in SAMPLE_STORIES), LONE):
        assert (REPO / "content" / path).is_file(), path


def test_sample_shows_at_least_three_multi_outlet_stories(sample_build):
    stories = sample_build.site.stories
    assert len(stories) >= 3
    for story in stories:
        sources = {slugify(a.source) for a in story.articles if a.source}
        assert 2 <= len(sources) <= 4, (story.id, story.sources)
        assert len(story.sources) == len(sources)
        assert story.url.startswith("/stories/")


@pytest.mark.parametrize("expected", SAMPLE_STORIES)
def test_sample_event_is_exactly_one_story(sample_build, expected):
    stories = sample_build.site.stories
    for path in expected:
        assert story_with(stories, path) == expected, path


@pytest.mark.parametrize("path", LONE)
def test_lone_sample_article_is_in_no_story(sample_build, path):
    assert any(key(a) == path for a in sample_build.site.articles), f"{path} is not on the sample site"
    assert story_with(sample_build.site.stories, path) == {path}


def test_no_sample_story_besides_the_expected_ones(sample_build):
    expected = [set(p.values[0]) for p in SAMPLE_STORIES]
    for group in members(sample_build.site.stories):
        assert group in expected, f"unexpected story: {sorted(group)}"


def test_the_georgia_story_develops_over_three_days(sample_build):
    story = next(s for s in sample_build.site.stories if {key(a) for a in s.articles} == GEORGIA_RAID)
    days = [a.day or a.date.date() for a in story.articles]
    assert len(set(days)) == 3 and days == sorted(days)
    assert days[2] - days[0] == timedelta(days=2)
    dates = [a.date for a in story.articles]
    assert all(later - earlier <= timedelta(days=3) for earlier, later in zip(dates, dates[1:]))
    assert len(story.sources) == 3
    assert story.lead in story.articles


# -- (b) the real seed pages next to the sample -------------------------------------------------------

# Seed file prefix -> the sample articles that report the same event. The seeds are given an outlet
# name (ingest --source) because most pages name none, and an article without a source counts for no
# outlet: a seed could then never make a story with a single sample report.
SEED_EVENTS = {
    "000": CHO_RUBIO,            # foreign ministers' meeting arranged; Cho leaves Tuesday (2026-02-03)
    "001": KIM_ARRIVES_JANUARY,  # Kim Jung-kwan arrives in Washington to meet Lutnick (2026-01-29)
    "002": KIM_LUTNICK_JULY,     # Kim presses Lutnick for tariff relief in 80-minute talks (2025-07-25)
    "003": LEE_UN_TRIP,          # Lee ends the U.N. trip without meeting Trump (2025-09-24)
    "004": GYEONGJU_SUMMIT,      # Lee says the Gyeongju summit opened a new chapter (2025-10-30)
}
# Seeds the engine does not join yet, with the similarities that fall short (none at present).
SEED_MISSES: dict[str, str] = {}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    if not SEEDS.is_dir():
        pytest.skip(f"no seed pages at {SEEDS} (../shared/seeds next to the repository)")
    root = tmp_path_factory.mktemp("seeded")
    content = root / "content"
    shutil.copytree(REPO / "content", content)
    config = load_config(REPO / "config.yaml", {"content_dir": str(content), "output_dir": str(root / "out")})
    seed_paths = {}
    for page in sorted(SEEDS.glob("*.txt")):
        prefix = page.name[:3]
        report = ingest_file(page, config, out_dir=content, source=f"Seed Outlet {prefix}")
        assert report.ok and len(report.written) == 1, [o.message for o in report.outcomes]
        seed_paths[prefix] = report.written[0].path.resolve().relative_to(content.resolve()).as_posix()
    loaded = load_articles(config)
    assert not loaded.problems, loaded.problems
    site = build_site_model(config, loaded.articles, search=False)
    return site, seed_paths


def seed_param(prefix: str):
    marks = [missed(SEED_MISSES[prefix])] if prefix in SEED_MISSES else []
    return pytest.param(prefix, id=f"seed-{prefix}", marks=marks)


def test_all_seeds_are_expected():
    if not SEEDS.is_dir():
        pytest.skip(f"no seed pages at {SEEDS}")
    assert sorted(p.name[:3] for p in SEEDS.glob("*.txt")) == sorted(SEED_EVENTS)


@pytest.mark.parametrize("prefix", [seed_param(p) for p in sorted(SEED_EVENTS)])
def test_seed_joins_exactly_the_sample_reports_of_its_event(seeded, prefix):
    site, seed_paths = seeded
    seed = seed_paths[prefix]
    assert story_with(site.stories, seed) == {seed} | SEED_EVENTS[prefix]


def test_seeds_about_other_events_stay_out(seeded):
    """No story holds two seeds (they report five different events), and a seed is only ever with the
    sample reports of its own event; the sample's other stories are unchanged by the seeds."""
    site, seed_paths = seeded
    by_path = {path: prefix for prefix, path in seed_paths.items()}
    for group in members(site.stories):
        seeds_in = [by_path[p] for p in group if p in by_path]
        assert len(seeds_in) <= 1, sorted(group)
        if seeds_in:
            assert group - {seed_paths[seeds_in[0]]} <= SEED_EVENTS[seeds_in[0]], sorted(group)
    for untouched in (TRADE_DEAL, GEORGIA_RAID):
        assert untouched in members(site.stories)
    for path in LONE:
        assert story_with(site.stories, path) == {path}
