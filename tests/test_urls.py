"""newsdigest.urls: permalinks with their date fields, links under a base path, term slugs and feed paths."""

from __future__ import annotations

from datetime import date

import pytest

from newsdigest import urls


def test_dated_permalinks_pad_their_fields_and_patterns_use_only_the_fields_they_name(project) -> None:
    project.settings.update(base_url="https://example.org/digest/",
                            permalinks={"article": "/news/{year}{month}{day}-{slug}/", "month": "/m/{month}-{year}/"})
    config = project.config
    day = date(987, 3, 5)
    assert urls.date_fields(day) == {"year": "0987", "month": "03", "day": "05"}
    assert urls.article_url(config, day, "a-b") == "/news/09870305-a-b/"
    assert urls.day_url(config, day) == "/0987/03/05/"
    assert urls.month_url(config, day) == "/m/03-0987/"
    assert urls.year_url(config, day) == "/0987/"
    assert urls.story_url(config, "0987-03-05-x") == "/stories/0987-03-05-x/"


def test_links_work_under_the_base_path_and_absolute_urls_under_base_url(project) -> None:
    project.settings.update(base_url="https://example.org/digest/")
    config = project.config
    assert urls.site_url(config, "/topics/trade/") == "/digest/topics/trade/"
    assert urls.absolute_url(config, "/topics/trade/") == "https://example.org/digest/topics/trade/"
    # a theme's link to another site (a font, a stylesheet on a CDN) is not put under the base path
    assert urls.site_url(config, "https://cdn.example/font.css") == "https://cdn.example/font.css"
    assert urls.site_url(config, "HTTPS://cdn.example/font.css") == "HTTPS://cdn.example/font.css"
    assert urls.site_url(config, "//tags/ports/") == "/digest/tags/ports/"   # a site path, as a pattern may write it
    assert urls.output_path("/topics/trade/page/2/") == "topics/trade/page/2/index.html"


def test_term_slugs_and_feed_paths(project) -> None:
    config = project.config
    assert urls.named_term_url(config, "tag", "U.S.") == urls.term_url(config, "tag", "u-s") == "/tags/u-s/"
    hashed = urls.term_slug("외교", "tag")
    assert hashed.startswith("tag-") and hashed == urls.term_slug("외교", "tag")
    assert urls.term_feed_path("/topics/trade/", "atom") == "/topics/trade/atom.xml"
    assert urls.SITE_FEEDS["rss"] == urls.SITE_FEED


def test_long_names_that_share_their_first_80_slug_characters_get_distinct_slugs() -> None:
    stem = "The Very Long Name Of A Regional Broadcasting Corporation And Its Affiliated Newspapers"
    alpha, beta = urls.term_slug(stem + " Alpha", "source"), urls.term_slug(stem + " Beta", "source")
    assert alpha != beta and len(alpha) <= 80 and len(beta) <= 80
    assert alpha.startswith("the-very-long-name-of-a-regional") and alpha.rsplit("-", 1)[1].isalnum()
    assert alpha == urls.term_slug((stem + " alpha").upper(), "source")  # spellings that slugify alike still meet
    assert urls.term_slug("Seoul Wire", "source") == "seoul-wire"  # a name that fits is not touched
    fits = "a" * 80
    assert urls.term_slug(fits, "tag") == fits and urls.term_slug(fits + "b", "tag") != fits


@pytest.mark.parametrize("name, kind", [("聯合ニュース", "source"), ("전쟁", "tag"),
                                        ("The Very Long Name Of A Regional Broadcasting Corporation And Its "
                                         "Affiliated Newspapers Alpha", "source")])
def test_a_name_spelled_like_a_made_slug_does_not_take_that_names_page(name, kind) -> None:
    """A scraped outlet or tag named "source-2589ab84" would otherwise share the page (and feed) of the name in
    another script, or the long name, that slug was made for."""
    made = urls.term_slug(name, kind)
    assert urls.term_slug(made, kind) != made and urls.term_slug(made.replace("-", " ").upper(), kind) != made
    assert urls.term_slug(made, kind) == urls.term_slug(made, kind)   # stable, as every slug
    assert urls.term_slug("election-20240101", "tag") == "election-20240101"   # a short name keeps its own


def test_names_in_other_scripts_that_differ_in_case_or_normal_form_share_one_page() -> None:
    """Latin names share a page through their slug ("Apple", "apple"); names in other scripts were hashed as
    written, so "Москва" and "москва" had a tag page each, as did a Korean name in composed and decomposed form."""
    import unicodedata
    assert urls.term_slug("Москва", "tag") == urls.term_slug("москва", "tag") == urls.term_slug("МОСКВА", "tag")
    assert urls.term_slug("연합뉴스", "source") == urls.term_slug(unicodedata.normalize("NFD", "연합뉴스"), "source")
    assert urls.term_slug("Москва", "tag") != urls.term_slug("Москва", "source")
    assert urls.term_slug("Москва", "tag") != urls.term_slug("Мосвка", "tag")


def test_names_mixing_scripts_are_not_named_after_their_latin_part_alone() -> None:
    """"2027년 예산" and "2027년 경제전망" shared the tag page /tags/2027/, "한국 Times" and "코리아 Times" the source
    page /sources/times/ (and counted as one outlet in stories)."""
    from newsdigest.slugs import name_slug
    assert urls.term_slug("2027년 예산", "tag") != urls.term_slug("2027년 경제전망", "tag")
    assert urls.term_slug("한국 Times", "source") != urls.term_slug("코리아 Times", "source")
    assert urls.term_slug("한국 Times", "source").startswith("source-")
    assert name_slug("한국 Times") == "" and name_slug("Café Müller") == "cafe-muller" and name_slug("Tromsø") == "tromso"
