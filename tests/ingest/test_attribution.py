"""Attribution: every article names its outlet when the page or its URL says it; one that cannot still ingests,
is counted as unattributed, and the site shows "source unknown" (with the original page's link) instead."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdigest.ingest import ingest_file, pipeline, run
from newsdigest.ingest.attribution import COPYRIGHT_LINE, SELF_MENTION, URL_HOST, URL_HOST_SPELLED, attribute
from newsdigest.ingest.copyright import copyright_names
from newsdigest.ingest.domains import printed_domain, registered_domain, spelled_on_page
from newsdigest.ingest.outlet_names import agrees
from newsdigest.ingest.self_mentions import self_mentions, site_self_name
from newsdigest.ingest.site_metadata import OG_SITE_NAME, from_html_metadata
from newsdigest.ingest.model import Block, Extracted
from tests.ingest.conftest import FERRY_HEADLINE, FERRY_PARAGRAPHS, front_matter, ingest_args

HEADLINE = FERRY_HEADLINE
PARAGRAPHS = FERRY_PARAGRAPHS[:2]


# -- the URL's host -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("url, domain", [
    ("https://www.bbc.co.uk/news/world-123", "bbc.co.uk"),
    ("http://edition.cnn.com/2026/01/x.html", "cnn.com"),
    ("https://www.koreaherald.com/view.php?ud=1", "koreaherald.com"),
    ("https://news.example.co.jp:8443/a", "example.co.jp"),
    ("https://WWW.Elmundo.ES/a", "elmundo.es"),
    ("https://someblog.blogspot.com/2016/05/post.html", "someblog.blogspot.com"),
    ("https://mcupdate.tumblr.com/post/1", "mcupdate.tumblr.com"),
    ("koreaherald.com", "koreaherald.com"),
    ("http://127.0.0.1:8000/page", ""),
    ("http://localhost/page", ""),
    ("file:///tmp/page.html", ""),
    ("", ""),
])
def test_registered_domain(url, domain):
    assert registered_domain(url) == domain


def test_host_is_the_source_when_the_page_names_no_outlet():
    found = attribute(text="\n".join([HEADLINE, *PARAGRAPHS]), url="https://www.bbc.co.uk/news/world-123")
    assert (found.name, found.found_in) == ("bbc.co.uk", URL_HOST)


def test_host_as_the_page_spells_it():
    text = "\n".join(["Subscribe", "OTTAWA CITIZEN", HEADLINE, *PARAGRAPHS, "More from the Ottawa Citizen",
                      "Ottawa Citizen newsletters"])
    found = attribute(text=text, url="https://ottawacitizen.com/news/x")
    assert found.name == "Ottawa Citizen" and found.found_in == URL_HOST_SPELLED
    assert spelled_on_page("boersen-zeitung.de", "Die Börsen-Zeitung berichtet") == "Börsen-Zeitung"
    assert spelled_on_page("derstandard.at", "see derstandard.at/story/1 for more") == ""   # only the bare host


# -- HTML metadata --------------------------------------------------------------------------------------------

def test_og_site_name_wins():
    html = ('<html><head><meta property="og:site_name" content="The Daily Star">'
            '<meta name="application-name" content="DS app"></head><body><p>x</p></body></html>')
    assert from_html_metadata(html).name == "The Daily Star"
    assert attribute(html=html, url="https://www.thedailystar.net/a").found_in == OG_SITE_NAME


def test_a_title_site_part_the_copyright_line_names_too_is_the_outlet_though_the_page_names_it_nowhere_else():
    """A small paper's page with no URL and no site metadata: the copyright line's name, printed nowhere else, was
    cut to its longest start that the article prints: "The Clarkston" (of "The Clarkston Public Library")."""
    html = ('<html><head><title>The Clarkston Courier - Library expansion wins final approval</title></head><body>'
            '<img alt="The Clarkston Courier" src="/masthead.gif"><h1>Library expansion wins final approval</h1>'
            '<p>The Clarkston Public Library will get a new wing, the village board decided on Wednesday.</p>'
            '<p>Copyright &copy; 2026 The Clarkston Courier. All rights reserved.</p></body></html>')
    found = attribute(html=html)
    assert (found.name, found.found_in) == ("The Clarkston Courier", "page title's site part")


def test_json_ld_publisher_then_application_name():
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "KH Site"},
        {"@type": "NewsArticle", "headline": "x", "publisher": {"@type": "Organization", "name": "The Korea Herald"}}]}
    html = (f'<html><head><script type="application/ld+json">{json.dumps(ld)}</script></head>'
            '<body><p>x</p></body></html>')
    assert from_html_metadata(html).name == "The Korea Herald"
    app = '<html><head><meta name="application-name" content="Seoul Wire"></head><body><p>x</p></body></html>'
    assert from_html_metadata(app).name == "Seoul Wire"
    broken = '<html><head><script type="application/ld+json">{not json</script></head><body>x</body></html>'
    assert from_html_metadata(broken) is None


def test_title_site_part_when_it_agrees_with_the_host():
    html = ("<html><head><title>Court orders Krakow to reopen pool - Vistula Daily</title></head>"
            "<body><p>Text.</p></body></html>")
    assert attribute(html=html, url="https://www.vistuladaily.pl/a").name == "Vistula Daily"
    assert attribute(html=html, url="https://aggregator.example.com/a").name == "example.com"


# -- copyright and masthead lines of a text dump ---------------------------------------------------------------

@pytest.mark.parametrize("line, name", [
    ("© 2026 Korea Herald", "Korea Herald"),
    ("Copyright 2019 The Daily Star. All rights reserved.", "The Daily Star"),
    ("Copyright © 2024 Business Insider Deutschland GmbH. Alle Rechte vorbehalten.", "Business Insider Deutschland"),
    ("©2024 CBC/Radio-Canada. All rights reserved.", "CBC/Radio-Canada"),
    ("© 2024, Malay Mail, All Rights Reserved.", "Malay Mail"),
    ("Anadolu Ajansı © 2021", "Anadolu Ajansı"),
    ("<Copyright ⓒ 한국일보. All rights reserved. 무단 전재 및 재배포 금지>", "한국일보"),
    ("All contents © copyright 2023 The Associated Press. All rights reserved.", "The Associated Press"),
    # the company of a paper, as Chinese and Japanese papers write it, is the paper's name (the masthead's)
    ("© 2026 東邦新報社", "東邦新報"), ("Copyright © 2026 南方晨报社.", "南方晨报"), ("© 株式会社港湾新聞", "港湾新聞"),
])
def test_copyright_line_names(line, name):
    lines = [HEADLINE, *PARAGRAPHS, "Related stories", "Weather", line]
    assert name in copyright_names(lines)


@pytest.mark.parametrize("line", [
    "Firefighters at the scene on Monday evening in the harbour district. © dpa | Jens Kalaene",
    "A small cafÃ© owner near the pier said business had stopped entirely, and he blamed the wind.",
    "© 2024 a Reach plc subsidiary",
    "© All rights reserved.",
    "Copyright & Licensing",
])
def test_not_copyright_names(line):
    lines = [HEADLINE, PARAGRAPHS[0], line, PARAGRAPHS[1], "Most read", "Weather"]
    assert copyright_names(lines) == []


def test_without_a_url_a_copyright_name_needs_a_second_witness():
    witnessed = "\n".join(["KOREA HERALD", HEADLINE, *PARAGRAPHS, "© 2026 Korea Herald. All rights reserved."])
    assert attribute(text=witnessed) == attribute(text=witnessed) and attribute(text=witnessed).name == "Korea Herald"
    assert attribute(text=witnessed).found_in == COPYRIGHT_LINE
    owner_only = "\n".join([HEADLINE, *PARAGRAPHS, "© 2025 Tamedia Publishing. All rights reserved."])
    assert attribute(text=owner_only) is None


def test_with_a_url_a_copyright_line_of_another_name_loses_to_the_host():
    text = "\n".join([HEADLINE, *PARAGRAPHS, "Eine Webseite der FUNKE Mediengruppe © 2025 FUNKE Mediengruppe"])
    assert attribute(text=text, url="https://www.waz.de/politik/a").name == "waz.de"
    agreeing = "\n".join([HEADLINE, *PARAGRAPHS, "© 2024 Reuters. All rights reserved"])
    found = attribute(text=agreeing, url="https://www.reuters.com/world/a")
    assert (found.name, found.found_in) == ("Reuters", COPYRIGHT_LINE)


@pytest.mark.parametrize("holder, url, name", [
    ("Harbour Ledger Media Partners", "https://www.harbourledger.com/a", "Harbour Ledger"),
    ("COAST WIRE MEDIA GROUP", "https://www.coastwire.com/a", "COAST WIRE"),
    ("Island Courier &", "https://www.islandcourier.net/a", "Island Courier"),
    ("The Island Courier", "https://www.islandcourier.com/a", "The Island Courier"),   # the whole name spells it
    ("Ottawa Valley Citizen", "https://ottawavalleycitizen.com/a", "Ottawa Valley Citizen"),
    ("Harbour Corp Australia", "https://www.harbour.com.au/a", "Harbour Corp Australia"),   # not company words alone
    ("The Harbour Ledger Group", "https://www.theharbourledger.com/a", "The Harbour Ledger"),
])
def test_a_copyright_holder_is_cut_to_the_brand_its_domain_spells(holder, url, name):
    """Pages named the company that owns the outlet ("Boston Globe Media Partners", "VICE MEDIA GROUP") on every
    article: the words that spell the domain are the brand readers know."""
    text = "\n".join([HEADLINE, *PARAGRAPHS, f"© 2024 {holder}. All rights reserved"])
    found = attribute(text=text, url=url)
    assert (found.name, found.found_in) == (name, COPYRIGHT_LINE)


def test_a_domain_printed_in_the_dump():
    text = "\n".join([HEADLINE, *PARAGRAPHS, "Korea Herald app", "koreaherald.com © 2026. All rights reserved."])
    assert printed_domain(text.splitlines()) == "koreaherald.com"
    assert attribute(text=text).name == "Korea Herald"
    menu = "\n".join(["sportbild.de", "autobild.de", HEADLINE, *PARAGRAPHS, "Pisos.com"])   # sister sites in menus
    assert printed_domain(menu.splitlines()) == "" and attribute(text=menu) is None


# -- the names a site calls itself by ----------------------------------------------------------------------

@pytest.mark.parametrize("first, second", [
    ("Become a Harbour Herald Insider", "Sign up for Harbour Herald"),
    ("Harbour Herald is part of Coastline Media", "Download the Harbour Herald app"),
    ("Mehr von Harbour Herald", "Über Harbour Herald"),
])
def test_other_pairs_of_set_phrases(first, second):
    lines = [first, HEADLINE, *PARAGRAPHS, second]
    assert site_self_name(lines) == "Harbour Herald"


def test_a_site_naming_itself_in_two_set_phrases_is_the_source_without_a_url():
    text = "\n".join(["Harbour Herald homepage", HEADLINE, *PARAGRAPHS, "MORE FROM HARBOUR HERALD",
                      "Work at Harbour Herald", "© 2026 Coastline Media Group. All rights reserved."])
    assert self_mentions(text.splitlines()) == {"Harbour Herald": 3}
    found = attribute(text=text)   # the owning group of the copyright line is not the outlet
    assert (found.name, found.found_in) == ("Harbour Herald", SELF_MENTION)


def test_the_outlets_own_products_in_its_menus_name_it():
    lines = ["Harbour Herald Jobs", "Harbour Herald-Newsletter", "Harbour Herald Shop", HEADLINE, *PARAGRAPHS]
    assert self_mentions(lines) == {"Harbour Herald": 3}
    one_kind = ["Harbour Herald Jobs", "Harbour Herald Karriere", HEADLINE, *PARAGRAPHS]   # one product, two words
    assert site_self_name(one_kind) == ""
    sections = ["News Archives", "News Homepage", "Mobile Apps", "Mobile Shop", HEADLINE, *PARAGRAPHS]
    assert site_self_name(sections) == ""       # a section's word alone names no outlet


def test_a_copyright_name_that_ends_with_the_sites_own_name_spells_it_in_full():
    text = "\n".join(["Herald Store", "Herald Events", "About The Harbour Herald", HEADLINE, *PARAGRAPHS,
                      "© 2026 The Harbour Herald. All rights reserved.", "Contact The Harbour Herald"])
    assert site_self_name(text.splitlines()) == "Herald"
    found = attribute(text=text)
    assert (found.name, found.found_in) == ("The Harbour Herald", COPYRIGHT_LINE)
    owner = text.replace("© 2026 The Harbour Herald", "© 2026 Herald Media Holdings")   # a company, not the name
    assert attribute(text=owner).name == "Herald"


def test_a_phrase_naming_no_one_in_particular_is_no_name():
    assert site_self_name(["Subscribe to Our Newsletter", HEADLINE, *PARAGRAPHS, "Sign up for Our Newsletter"]) == ""


def test_with_a_url_the_self_given_name_beats_the_owning_group_in_the_copyright_line():
    text = "\n".join(["More from The Harbour Herald", HEADLINE, *PARAGRAPHS, "Work at The Harbour Herald",
                      "© 2026 Harbour Herald Media Group. All rights reserved."])
    found = attribute(text=text, url="https://www.harbourherald.com/news/a")
    assert (found.name, found.found_in) == ("The Harbour Herald", SELF_MENTION)


@pytest.mark.parametrize("lines", [
    ["Follow Ana Ferreira", HEADLINE, *PARAGRAPHS, "Follow Ana Ferreira"],        # an author's link, twice
    ["More from Harbour Herald", HEADLINE, *PARAGRAPHS, "More from Harbour Herald"],  # one phrase, printed twice
    [HEADLINE, *PARAGRAPHS, "Follow jnovo22", "About jnovo22"],                 # a commenter's handle
    [HEADLINE, "Subscribe to Harbour Herald and more from Harbour Herald are what the minister asked readers to do "
               "in a speech that ran for two hours and forty minutes, according to the transcript published by the "
               "council on its own website on Monday.", PARAGRAPHS[0]],      # prose quoting the phrases
])
def test_one_witness_is_not_enough(lines):
    assert site_self_name(lines) == "" and attribute(text="\n".join(lines)) is None


def test_agrees():
    assert agrees("Ottawa Citizen", "ottawacitizen.com") and agrees("Golem.de", "golem.de")
    assert agrees("The Globe and Mail", "theglobeandmail.com") and agrees("FOX News Network", "foxnews.com")
    assert not agrees("FUNKE Mediengruppe", "waz.de") and not agrees("Tamedia", "tagesanzeiger.ch")


# -- the pipeline --------------------------------------------------------------------------------------------------

@pytest.fixture
def unnamed(monkeypatch):
    """The text extractor finds a dated article and no source."""
    found = Extracted(title=HEADLINE, blocks=tuple(Block("paragraph", p) for p in PARAGRAPHS),
                      published=date(2026, 2, 3))
    monkeypatch.setattr(pipeline, "extract_text", lambda text, url="", captured=None, saved=None: found)
    return found


def _dump(tmp_path: Path, name: str = "ferry.txt", text: str = "") -> Path:
    path = tmp_path / name
    path.write_text(text or "\n".join([HEADLINE, *PARAGRAPHS]) + "\n", encoding="utf-8")
    return path


def test_url_host_becomes_the_source(unnamed, tmp_path, config, content_dir):
    report = ingest_file(_dump(tmp_path), config, out_dir=content_dir, url="https://www.bbc.co.uk/news/world-123")
    [written] = report.written
    assert front_matter(written.path)["source"] == "bbc.co.uk"
    assert written.source_found_in == URL_HOST and not report.unattributed
    assert "source 'bbc.co.uk' from the URL host" in written.message


def test_jsonl_record_url_attributes_its_page(unnamed, tmp_path, config, content_dir):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"url": "https://www.koreaherald.com/view.php?ud=7", "text": "x"}) + "\n",
                    encoding="utf-8")
    [written] = ingest_file(feed, config, out_dir=content_dir).written
    assert front_matter(written.path)["source"] == "koreaherald.com"


def test_source_option_overrides_what_the_page_says(tmp_path, config, content_dir, monkeypatch):
    named = Extracted(title=HEADLINE, blocks=tuple(Block("paragraph", p) for p in PARAGRAPHS),
                      published=date(2026, 2, 3), source="Aggregator Daily")
    monkeypatch.setattr(pipeline, "extract_text", lambda text, url="", captured=None, saved=None: named)
    report = ingest_file(_dump(tmp_path), config, out_dir=content_dir, source="Island Courier",
                         url="https://aggregator.example.com/a")
    assert front_matter(report.written[0].path)["source"] == "Island Courier"


def test_unattributed_article_still_ingests_and_is_counted(unnamed, tmp_path, config, content_dir, capsys):
    status = run(ingest_args(_dump(tmp_path), out=content_dir), config)
    assert status == 0
    [article] = content_dir.rglob("*.md")
    assert "source" not in front_matter(article)
    out = capsys.readouterr().out
    assert "1 written, 0 skipped, 0 failed." in out
    assert '1 unattributed (no source found: pages say "source unknown")' in out
    assert "[source unknown]" in out


def test_html_page_with_og_site_name_keeps_it(tmp_path, config, content_dir):
    page = tmp_path / "page.html"
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 2)
    page.write_text(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{HEADLINE}</title>'
                    '<meta property="og:site_name" content="Island Courier">'
                    '<meta property="article:published_time" content="2026-02-03T09:00:00+09:00"></head>'
                    f"<body><article><h1>{HEADLINE}</h1>{body}</article></body></html>", encoding="utf-8")
    report = ingest_file(page, config, out_dir=content_dir, url="https://aggregator.example.com/a")
    [written] = report.written
    assert front_matter(written.path)["source"] == "Island Courier" and written.source_found_in == "the page"


# -- the theme: "source unknown" where the outlet's name would be ----------------------------------------------------

def test_site_shows_source_unknown_with_the_original_link(project):
    from newsdigest.build import build

    project.add("named", title="Ferry trial approved", date="2026-02-03T09:00:00+09:00", source="Island Courier",
                url="https://courier.example/ferry", body="The harbour authority approved a night ferry.")
    project.add("unnamed", title="Night buses for shift workers", date="2026-02-03T10:00:00+09:00",
                url="https://news.example/bus?a=1&b=2", body="The city will add night bus routes.")
    project.add("bare", title="Library opens late", date="2026-02-03T11:00:00+09:00",
                body="The library will stay open until ten.")
    build(project.config)
    out = project.output
    unnamed = (out / "2026/02/03/night-buses-for-shift-workers/index.html").read_text(encoding="utf-8")
    header = unnamed.split("<header>", 1)[1].split("</header>", 1)[0]
    assert '<span class="source source-unknown">source unknown</span>' in header
    assert 'href="https://news.example/bus?a=1&amp;b=2" rel="nofollow noopener">Original page</a>' in header
    assert 'Source unknown. <a href="https://news.example/bus?a=1&amp;b=2" rel="nofollow noopener">' in unnamed
    assert 'data-pagefind-filter="source">source unknown' not in unnamed
    bare = (out / "2026/02/03/library-opens-late/index.html").read_text(encoding="utf-8")
    assert '<span class="source source-unknown">source unknown</span>' in bare.split("<header>", 1)[1].split("</header>", 1)[0]
    named = (out / "2026/02/03/ferry-trial-approved/index.html").read_text(encoding="utf-8")
    assert "Reported by <strong><bdi>Island Courier</bdi></strong>" in named and "Source unknown." not in named
    assert 'data-pagefind-filter="source">Island Courier</a>' in named
    assert '<a class="read-at" href="https://courier.example/ferry" rel="nofollow noopener">Read at <bdi>Island Courier</bdi></a>' in named
    day = (out / "2026/02/03/index.html").read_text(encoding="utf-8")
    assert day.count('class="source source-unknown"') == 2
    assert ('<span class="source source-unknown">source unknown</span> <a class="read-at" '
            'href="https://news.example/bus?a=1&amp;b=2" rel="nofollow noopener">(original)</a>') in day
    assert 'Read at <span class="source">Island Courier</span></a>' in day


def test_source_unknown_markup_escapes_the_url(project):
    from newsdigest.build import build

    project.add("evil", title="Odd link", date="2026-02-03T09:00:00+09:00",
                url='https://evil.example/"><script>alert(1)</script>', body="Text.")
    build(project.config)
    html = (project.output / "2026/02/03/odd-link/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html


# -- robustness ------------------------------------------------------------------------------------------------------

_PIECES = st.sampled_from(["©", "(c)", "Copyright", "2024", "All rights reserved", "www.", ".com", ".co.uk", " ",
                           "\n", "|", "-", "The", "Herald", "한국일보", "ÃÂ©", "<title>", "</title>", "<meta ",
                           "og:site_name", 'content="', '"', ">", "@", "/", ".", "https://", "GmbH", "Inc."])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=40).map("".join),
       url=st.one_of(st.just(""), st.text(max_size=30), st.lists(_PIECES, max_size=8).map("".join)))
def test_attribution_never_raises_and_names_are_short(text, url):
    for found in (attribute(text=text, url=url), attribute(html=text, url=url)):
        if found is not None:
            assert found.name.strip() and len(found.name) <= 255 and "\n" not in found.name


def test_a_crash_in_attribution_leaves_the_article_unattributed(unnamed, tmp_path, config, content_dir, monkeypatch):
    def broken(**kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(pipeline, "attribute", broken)
    [written] = ingest_file(_dump(tmp_path), config, out_dir=content_dir).written
    assert "source" not in front_matter(written.path)
    assert "source unknown (attribution failed: ValueError: boom)" in written.message


@pytest.mark.parametrize("footer", ["© 2026 Acme Holdings Group. All rights reserved.", "All rights reserved.",
                                    "Copyright 2026 a Harbour Media plc subsidiary"])
def test_a_footer_copyright_line_alone_is_not_the_dumps_own_statement_of_its_outlet(footer, tmp_path, config,
                                                                                        content_dir):
    """Only a dateline's or a "Source:" line's name is the page's own word; a copyright line alone often names the
    owning group, or nothing at all, and attribution takes it only with a second witness on the page."""
    dump = tmp_path / "ferry.txt"
    dump.write_text("\n".join([HEADLINE, "29 January 2026", *FERRY_PARAGRAPHS, "Most Read", footer]) + "\n",
                    encoding="utf-8")
    report = ingest_file(dump, config, out_dir=content_dir)
    [written] = report.written
    assert "source" not in front_matter(written.path) and report.unattributed


@pytest.mark.parametrize("header", ["Source: Island Courier", "Island Courier29.01.2026"])
def test_a_source_line_or_a_source_glued_to_the_date_names_the_outlet(header, tmp_path, config, content_dir):
    dump = tmp_path / "ferry.txt"
    dump.write_text("\n".join([HEADLINE, "29 January 2026", header, *FERRY_PARAGRAPHS, "All rights reserved."])
                    + "\n", encoding="utf-8")
    [written] = ingest_file(dump, config, out_dir=content_dir).written
    assert front_matter(written.path)["source"] == "Island Courier"


def test_an_outlets_name_loses_a_company_name_after_it_and_entities_escaped_twice():
    """JSON-LD publishers give the company ("Freie Presse - Chemnitzer Verlag und Druck GmbH &amp; Co. KG", the
    entity escaped twice by the site): the source page was titled so, "&amp;amp;" and all."""
    from newsdigest.ingest.outlet_names import clean_name
    assert clean_name("Freie Presse - Chemnitzer Verlag und Druck GmbH &amp; Co. KG") == "Freie Presse"
    assert clean_name("Harbour Herald | Harbour Media Group Ltd") == "Harbour Herald"
    assert clean_name("AT&amp;T Wire") == "AT&T Wire"
    # a name that is a company's own stays whole, and so does a name without a legal form after it
    assert clean_name("Apple Inc.") == "Apple Inc." and clean_name("Sky News - Breaking News") == "Sky News - Breaking News"
