"""The headline of an HTML page: the site's name is dropped from either end of its title, nothing else."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newsdigest.ingest.html import extract_html
from newsdigest.ingest.html_titles import strip_site_name
from newsdigest.ingest.model import RawPage
from newsdigest.ingest.pipeline import extract_page


@pytest.mark.parametrize("title, names, domain, headline", [
    ("Harbour ferry resumes after storm | Coast Herald", ["Coast Herald"], "", "Harbour ferry resumes after storm"),
    # The domain spells the name, though the page declares none.
    ("Harbour ferry resumes after storm - Coastherald.de", [], "coastherald.de", "Harbour ferry resumes after storm"),
    ("Harbour ferry resumes after storm - COAST HERALD", [], "coastherald.com", "Harbour ferry resumes after storm"),
    # Full-width colon and bar, as Japanese and Korean titles join them, with no spaces.
    ("港のフェリーが運航再開：沿岸新聞デジタル", ["沿岸新聞デジタル"], "", "港のフェリーが運航再開"),
    ("항구 여객선 운항 재개ㅣ연안일보", ["연안일보"], "", "항구 여객선 운항 재개"),
    # An underscore beside Chinese letters joins headline, section and site; one inside a Latin word does not.
    ("港口渡轮恢复运营_新闻中心_沿岸日报", ["沿岸日报"], "", "港口渡轮恢复运营_新闻中心"),
    ("The new_feature flag ships in Python 3.14 | Coast Herald", ["Coast Herald"], "",
     "The new_feature flag ships in Python 3.14"),
    # The name in front.
    ("Coast Herald | Harbour ferry resumes after storm", ["Coast Herald"], "", "Harbour ferry resumes after storm"),
    # A kicker is not the site's name, and a piece that merely mentions the site stays.
    ("Storm damage: Harbour ferry resumes", ["Coast Herald"], "", "Storm damage: Harbour ferry resumes"),
    ("How Coast Herald covered the storm - a look back", ["Coast Herald"], "",
     "How Coast Herald covered the storm - a look back"),
    # Dropping the name must leave a headline, not a stub.
    ("Coast Herald - Latest News", ["Latest News"], "", "Coast Herald - Latest News"),
    ("No separator here", ["Coast Herald"], "coastherald.com", "No separator here"),
    # An older page's double dash; a dash inside the headline is no join.
    ("Harbour ferry resumes after storm -- Coastherald.net", [], "coastherald.net", "Harbour ferry resumes after storm"),
    ("Ferry -- and the storm -- return", ["Coast Herald"], "coastherald.net", "Ferry -- and the storm -- return"),
])
def test_site_name_is_dropped_from_the_title(title, names, domain, headline):
    assert strip_site_name(title, names, domain) == headline


def test_html_page_title_loses_the_declared_site_name():
    paragraph = ("The ferry between the two islands runs again after the storm, the operator said on Tuesday, "
                 "with extra crossings planned for travellers who were stranded over the weekend. ")
    html = ("<html><head><title>Harbour ferry resumes after storm | Coast Herald</title>"
            '<meta property="og:site_name" content="Coast Herald"></head><body><article>'
            "<h1>Harbour ferry resumes after storm</h1>"
            + "".join(f"<p>{paragraph * 2}</p>" for _ in range(4)) + "</article></body></html>")
    extracted = extract_html(html, "https://www.coastherald.com/news/ferry")
    assert extracted.title == "Harbour ferry resumes after storm"
    assert extracted.source == "Coast Herald"


def test_the_sites_name_is_no_headline_where_a_later_h1_gives_one():
    """A page whose <title> is its site's name and whose first <h1> is the logo's: stored as "Coast Herald"."""
    paragraph = ("The ferry between the two islands runs again after the storm, the operator said on Tuesday, "
                 "with extra crossings planned for travellers who were stranded over the weekend. ")
    html = ('<html><head><title>Coast Herald</title><meta property="og:site_name" content="Coast Herald"></head><body>'
            '<header><h1><a href="/">Coast Herald</a></h1></header><article><h1>Harbour ferry resumes after storm</h1>'
            + "".join(f"<p>{paragraph * 2}</p>" for _ in range(4)) + "</article></body></html>")
    assert extract_html(html, "https://www.coastherald.com/news/ferry").title == "Harbour ferry resumes after storm"
    from newsdigest.ingest.html_titles import choose_headline
    from newsdigest.ingest.site_metadata import DeclaredTitles
    # named by its domain alone; and where nothing else is declared, the name is still the title
    assert choose_headline(DeclaredTitles(title="COAST HERALD", h1=("Ferry back after the storm",)), "", [],
                           "coastherald.com") == "Ferry back after the storm"
    assert choose_headline(DeclaredTitles(title="Coast Herald"), "", ["Coast Herald"]) == "Coast Herald"
    # a headline that begins with the site's name, or spells its domain's start, is a headline
    declared = DeclaredTitles(og="Boston braces for blizzard", h1=("Boston braces for blizzard", "Most popular"))
    assert choose_headline(declared, "", [], "boston.com") == "Boston braces for blizzard"
    declared = DeclaredTitles(og="Reuters wins", title="Reuters wins", h1=("Reuters wins", "Most read"))
    assert choose_headline(declared, "", ["Reuters"], "reuters.com") == "Reuters wins"


def test_visible_headline_wins_when_the_title_carries_more_pieces():
    from newsdigest.ingest.html_titles import choose_headline
    from newsdigest.ingest.site_metadata import DeclaredTitles
    # og:title = headline + section + site; the <h1> is the headline alone.
    declared = DeclaredTitles(og="Harbour ferry resumes after storm - National | Coast Herald",
                              h1=("Harbour ferry resumes after storm",))
    assert choose_headline(declared, "", ["Coast Herald"]) == "Harbour ferry resumes after storm"
    # An <h1> that is not a piece of the title (another wording) does not replace og:title.
    declared = DeclaredTitles(og="Ferry back after storm", h1=("Harbour ferry resumes after storm",))
    assert choose_headline(declared, "", []) == "Ferry back after storm"
    # A Chinese title joins headline, section and site with underscores; a full-width colon inside the headline
    # is the headline's own: the <h1> is the run of pieces before the section.
    declared = DeclaredTitles(title="贾玲瘦了，她说：“减重非常健康”，怎么做到的？_健康网_资讯",
                              h1=("贾玲瘦了，她说：“减重非常健康”，怎么做到的？",))
    assert choose_headline(declared, "", []) == "贾玲瘦了，她说：\"减重非常健康\"，怎么做到的？"
    # An og:title cut short by a quote that closed the site's attribute early: the <h1> it starts is the headline;
    # a shorter og:title that the <h1> goes on from without a quote is the site's own choice and stays.
    declared = DeclaredTitles(og="Ferry operator says strike was ",
                              h1=("Ferry operator says strike was “unlawful” and ends it",))
    assert choose_headline(declared, "", []) == 'Ferry operator says strike was "unlawful" and ends it'
    declared = DeclaredTitles(og="Ferry strike ends", h1=("Ferry strike ends after three days of talks",))
    assert choose_headline(declared, "", []) == "Ferry strike ends"
    declared = DeclaredTitles(og="Harbour", h1=("Harbour's ferry strike ends after three days of talks",))
    assert choose_headline(declared, "", []) == "Harbour"   # an apostrophe is no quote
    declared = DeclaredTitles(og="Mayor: ", h1=('Mayor: "¿Por qué no?" dice el alcalde',))
    assert choose_headline(declared, "", []) == 'Mayor: "¿Por qué no?" dice el alcalde'
    # Without og:title: the JSON-LD headline, then <title> without the site's name.
    assert choose_headline(DeclaredTitles(json_ld="Ferry back", title="Other | Coast Herald"), "", []) == "Ferry back"
    assert choose_headline(DeclaredTitles(title="Harbour ferry resumes after storm | Coast Herald"), "",
                           ["Coast Herald"]) == "Harbour ferry resumes after storm"


def test_a_page_of_tens_of_thousands_of_blocks_is_refused_before_trafilatura_reads_it():
    """trafilatura's time grows faster than a page (400,000 <p> took about ten minutes): no article page has such
    numbers, so such a page is refused at once, with the count, and the run goes on."""
    from newsdigest.ingest.html import MAX_BLOCKS, extract_html
    from newsdigest.ingest.model import IngestError

    page = "<html><body><h1>Many paragraphs</h1>" + "<p>Paragraph of text with words.</p>" * (MAX_BLOCKS + 1)
    with pytest.raises(IngestError, match="30,001 block elements"):
        extract_html(page + "</body></html>")


_PARAGRAPHS = "".join(f"<p>Paragraph {n} of the council's report says the harbour bridge reopens on Monday after a "
                      "year of repairs to its deck and its cables.</p>" for n in range(6))


def _page(body: str, published: str = "2025-03-01T10:00:00+01:00") -> str:
    return (f'<html><head><title>Harbour bridge reopens</title><meta property="article:published_time" '
            f'content="{published}"></head><body>{body}</body></html>')


def test_an_article_nested_deeper_than_the_html_parser_reads_is_found():
    # lxml stops reading at 255 levels: a page builder's wrappers must not hide the article below them
    article = f"<article><h1>Harbour bridge reopens</h1>{_PARAGRAPHS}</article>"
    extracted = extract_html(_page("<div>" * 300 + article + "</div>" * 300))
    assert extracted.title == "Harbour bridge reopens" and len(extracted.blocks) == 6
    assert str(extracted.published).startswith("2025-03-01")


def test_a_metadata_date_no_clock_has_costs_the_date_not_the_article():
    # A UTC offset of +25:00 made trafilatura discard the page and htmldate raise
    from newsdigest.ingest.model import IngestError

    article = f"<article><h1>Harbour bridge reopens</h1>{_PARAGRAPHS}</article>"
    extracted = extract_html(_page(article, published="2025-03-01T10:00:00+25:00"))
    assert extracted.title == "Harbour bridge reopens" and len(extracted.blocks) == 6
    assert extracted.published is None or str(extracted.published).startswith("2025-03-01")
    with pytest.raises(IngestError, match="no article found"):
        extract_html(_page("<nav><a href='/'>Home</a></nav>", published="2025-03-01T10:00:00+25:00"))


@pytest.mark.parametrize("published", ["2025-02-30T10:00:00+01:00", "2025-02-30", "2025-02-29", "2025/04/31 10:00",
                                       "31.04.2025", "2025-13-05", "0000-00-00 00:00:00"])
def test_a_metadata_date_that_names_no_calendar_day_is_not_read_as_another(published):
    # htmldate keeps the year and month of such a date and makes it the 1st (2025-13-05: 13 May)
    article = f"<article><h1>Harbour bridge reopens</h1>{_PARAGRAPHS}</article>"
    extracted = extract_html(_page(article, published=published))
    assert extracted.title == "Harbour bridge reopens" and extracted.published is None


def test_a_real_date_beside_one_that_names_no_day_is_still_read():
    from newsdigest.ingest.html_dates import without_impossible_dates

    article = f"<article><h1>Harbour bridge reopens</h1><p>Updated 13/05/2025</p>{_PARAGRAPHS}</article>"
    assert str(extract_html(_page(article, published="2025-02-30")).published) == "2025-05-13"
    assert without_impossible_dates('content="2025-02-30T09:15:00.000Z" 2024-02-29 05/13/2025 2025-2-3') == (
        'content="" 2024-02-29 05/13/2025 2025-2-3')


@pytest.mark.parametrize("published", ["2019-04-19T20:00:00.000Z", "2019-04-19T22:00:00.123+02:00",
                                       "2019-04-19T20:00:00.000000Z"])
def test_a_metadata_time_with_a_fraction_of_a_second_is_read_not_a_teasers_date(published):
    # (htmldate took the fraction's digits for a telephone number and dropped the date, reading the teaser's)
    teaser = '<aside><h3><a href="/2022/08/other">Other story</a></h3><time datetime="2022-08-10T13:15:00+09:00">' \
             '2022.08.10 13:15</time></aside>'
    article = f"<article><h1>Harbour bridge reopens</h1>{_PARAGRAPHS}</article>{teaser}"
    found = extract_html(_page(article, published=published)).published
    assert found == datetime(2019, 4, 19, 20, tzinfo=timezone.utc)


def test_metadata_is_the_meta_tags_and_closed_json_ld_scripts_each_once():
    from newsdigest.ingest.html_dates import metadata_spans, without_fractional_seconds

    html = ('<meta name="a" content="2019-04-19T20:00:00.000Z"><script type="application/ld+json">'
            '{"x": "<meta name=b>", "datePublished": "2019-04-19T20:00:00.5+02:00"}</script>'
            '<time datetime="2022-08-10T13:15:00.000Z"></time><script type="application/ld+json">{"open": ')
    assert [html[a:b][:12] for a, b in metadata_spans(html)] == ['<meta name="', '<script type']
    assert without_fractional_seconds(html) == html.replace("20:00:00.000Z", "20:00:00Z", 1).replace(
        "20:00:00.5+02:00", "20:00:00+02:00")       # the body's <time> and the unclosed script keep theirs


def test_the_declared_publication_wins_over_a_later_creation_stamp():
    # htmldate counts a dateCreated as original too and takes the first it meets
    article = f"<article><h1>Harbour bridge reopens</h1>{_PARAGRAPHS}</article>"
    html = ('<html><head><title>Harbour bridge reopens</title>'
            '<meta itemprop="dateCreated" content="2018-09-25T20:52:55.487+03:00">'
            '<meta itemprop="datePublished" content="2018-09-24T16:45:00+03:00">'
            f'</head><body>{article}</body></html>')
    assert str(extract_html(html).published) == "2018-09-24 16:45:00+03:00"
    empty = html.replace("2018-09-24T16:45:00+03:00", "0001-01-01T00:00:00Z")    # a CMS's empty date declares nothing
    assert str(extract_html(empty).published) == "2018-09-25 20:52:55+03:00"


def _page_declaring(date_published: str, meta: str) -> str:
    """An article page whose JSON-LD declares `date_published`, with `meta` tags in its head."""
    json_ld = f'{{"@type": "NewsArticle", "headline": "Harbour bridge reopens", "datePublished": "{date_published}"}}'
    article = f"<article><h1>Harbour bridge reopens</h1>{_PARAGRAPHS}</article>"
    return (f'<html><head><title>Harbour bridge reopens</title>{meta}'
            f'<script type="application/ld+json">{json_ld}</script></head><body>{article}</body></html>')


def test_a_time_found_in_utc_is_written_in_the_offset_the_page_gives_the_same_instant():
    # near midnight the UTC day is not the day the outlet published on
    html = _page_declaring("2024-10-16T00:35:43+02:00",
                           '<meta property="article:published_time" content="2024-10-15T22:35:43.000Z">')
    assert str(extract_html(html).published) == "2024-10-16 00:35:43+02:00"
    other_instant = html.replace("00:35:43+02:00", "01:00:00+02:00")     # another time: its offset is the page's
    assert str(extract_html(other_instant).published) == "2024-10-16 00:35:43+02:00"
    utc_only = html.replace("2024-10-16T00:35:43+02:00", "2024-10-15T22:35:43Z")  # no offset of its own: UTC stays
    assert str(extract_html(utc_only).published) == "2024-10-15 22:35:43+00:00"


def test_the_declared_time_and_offset_complete_a_day_read_in_the_address():
    # htmldate reads the day in the address, and drops a metadata time whose offset follows a space
    html = _page_declaring("2024-04-30 16:00:34 +02:00", '<meta name="date.created" content="2024-04-30 16:00:34">')
    url = "https://gazette.example/news/2024/04/30/harbour-bridge-reopens"
    assert str(extract_html(html, url).published) == "2024-04-30 16:00:34+02:00"
    assert str(extract_html(html).published) == "2024-04-30 16:00:34+02:00"     # the time of no zone, completed
    midnight = html.replace("16:00:34 +02:00", "00:00:00 +00:00")   # a declared midnight is a day alone: nothing added
    assert not str(extract_html(midnight, url).published).endswith("+00:00")
    other_day = html.replace("2024-04-30 16:00:34 +02:00", "2024-04-29 16:00:34 +02:00")
    assert str(extract_html(other_day, url).published).startswith("2024-04-30")


def test_the_json_ld_articles_own_date_wins_over_a_photos_nested_before_it():
    # schema.org lets the article's image carry its own datePublished, printed before the article's in the text
    json_ld = ('{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Harbour bridge reopens", '
               '"image": [{"@type": "ImageObject", "url": "https://gazette.example/p.jpg", '
               '"datePublished": "2025-02-20T09:00:00Z"}], "datePublished": "2025-03-01T10:00:00Z"}')
    article = f"<article><h1>Harbour bridge reopens</h1>{_PARAGRAPHS}</article>"
    html = (f"<!doctype html><html><head><meta charset='utf-8'><title>Harbour bridge reopens</title>"
            f"<script type='application/ld+json'>{json_ld}</script></head><body>{article}</body></html>")
    assert str(extract_html(html).published).startswith("2025-03-01")


KOREAN_PARAGRAPHS = [
    "서울 시내버스 노조가 임금 협상 결렬을 이유로 파업에 들어가면서 출근길 시민들이 큰 불편을 겪었다. 시는 지하철 운행을 늘리고 "
    "임시 셔틀버스를 투입했지만 정류장마다 긴 줄이 늘어섰다.",
    "노사는 오후에 다시 만나 협상을 이어가기로 했다. 양측은 기본급 인상 폭과 근무 시간 조정을 두고 이견을 좁히지 못하고 있다고 "
    "관계자는 설명했다.",
    "시민들은 파업이 길어질 경우 주말 나들이 계획에도 차질이 생길 것이라며 조속한 타결을 촉구했다. 시는 비상 수송 대책을 "
    "계속 유지할 방침이다.",
]


def test_without_a_url_the_outlet_found_in_the_titles_site_part_is_not_part_of_the_headline(tmp_path):
    from newsdigest.config import load_config
    from newsdigest.ingest import ingest_file
    from tests.ingest.conftest import REPO_ROOT, front_matter

    page = tmp_path / "bus.html"
    headline = "서울 시내버스 파업 사흘째 시민 불편 이어져"
    page.write_text(f'<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>{headline} - Entermedia'
                    '</title><meta property="article:published_time" content="2026-01-29T09:15:00+09:00"></head>'
                    f"<body><nav>Entermedia 홈 | 연예 | 방송</nav><article><h2>{headline}</h2>"
                    + "".join(f"<p>{text}</p>" for text in KOREAN_PARAGRAPHS) + "</article></body></html>",
                    encoding="utf-8")
    content = tmp_path / "content"
    config = load_config(REPO_ROOT / "config.yaml", overrides={"content_dir": str(content)})
    [written] = ingest_file(page, config, out_dir=content).written
    meta = front_matter(written.path)
    assert meta["source"] == "Entermedia" and meta["title"] == headline
    assert "entermedia" not in written.path.name
    assert meta["slug"] == written.path.stem   # the address is the file's name, wherever the file moves


@pytest.mark.parametrize("authors, expected", [
    ("Jeffrey Gettleman; JEFFREY GETTLEMAN", "Jeffrey Gettleman"),
    ("JANE DOE; Jane  Doe; Max Roe", "Jane  Doe; Max Roe"),
    ("Ana Ferreira", "Ana Ferreira"),
    ("", ""),
    # what a publishing system writes where a name belongs, and a time stamp read as a name
    ("Username", ""),
    ("Last Updated January 7", ""),
    ("Ana Ferreira; Author", "Ana Ferreira"), ("Jo Ago", "Jo Ago"),
    ("责任编辑：刘光博", "刘光博"), ("本报记者 王乐文", "王乐文"), ("文/张三", "张三"), ("字号", ""), ("文章", "文章"),
    ("编辑部", "编辑部"), ("记者站", "记者站"), ("编辑：张三；责任编辑：李四", "张三; 李四"),
    # a byline's label left on a name read from the page, in any of several languages; a name that begins so stays
    ("Por Lucía Ferrer", "Lucía Ferrer"), ("di Mario Rossi", "Mario Rossi"), ("Autor: Jan Nowak", "Jan Nowak"),
    ("Story by Ann Lee; Reporting by Max Roe", "Ann Lee; Max Roe"), ("Автор: Иван Петров", "Иван Петров"),
    ("Di Natale", "Di Natale"), ("Von Miller", "Von Miller"),
])
def test_an_author_named_twice_in_two_cases_is_named_once(authors, expected):
    from newsdigest.ingest.bylines import distinct_names
    assert distinct_names(authors) == expected


def test_an_author_is_spelled_as_the_page_spells_it_not_with_extractor_capitals():
    """trafilatura's "Dpa" and "Srf" for the agencies the page writes "dpa" and "SRF"."""
    from newsdigest.ingest.bylines import distinct_names
    page = '<p class="byline">Von Felix Schröder, dpa</p><footer>Quelle: SRF</footer><p>Die dpa meldete ...</p>'
    assert distinct_names("Felix Schröder; Dpa; Srf", page) == "Felix Schröder; dpa; SRF"
    assert distinct_names("Jane Doe", "<p>By JANE DOE</p><p>Jane Doe reports</p>") == "Jane Doe"
    assert distinct_names("Jane Doe", '<meta name="author" content="jane doe">') == "Jane Doe"   # a person's name
    assert distinct_names("Dpa", "<p>dpa</p><footer>DPA</footer>") == "dpa"   # of equal counts, the page's first


@pytest.mark.parametrize("authors, source, url, expected", [
    ("Les Echos", "Les Echos", "", ""),
    ("Sportschau De", "sportschau.de", "https://www.sportschau.de/fussball/a.html", ""),
    ("Troy Smith; Cleveland com", "cleveland", "https://www.cleveland.com/news/a.html", "Troy Smith"),
    ("Tom Davies; Www Washingtontimes Com", "The Washington Times", "https://www.washingtontimes.com/n", "Tom Davies"),
    ("Nina Magoley; WDR", "wdr.de", "https://www1.wdr.de/nachrichten/a.html", "Nina Magoley"),
    ("박준석 기자; 한국일보", "한국일보", "", "박준석 기자"),
    ("Le Figaro et AFP", "Le Figaro", "https://www.lefigaro.fr/a", "Le Figaro et AFP"),   # the agency stays
    ("Jane Doe; Reuters", "Yahoo News", "https://news.yahoo.com/a", "Jane Doe; Reuters"),   # another's credit
    ("Jane Doe", "", "", "Jane Doe"),
    ("Nate Silver", "Silver Bulletin", "https://www.natesilver.net/p/a", "Nate Silver"),   # a writer's own site
])
def test_the_outlet_named_as_its_own_author_is_no_author(authors, source, url, expected):
    """Pages name their outlet in the author meta ("Salzburger Nachrichten", "NDR de"): the article page said
    "Salzburger Nachrichten, by Salzburger Nachrichten"."""
    from newsdigest.ingest.bylines import without_outlet_names
    assert without_outlet_names(authors, source, url) == expected


def test_an_html_page_whose_author_meta_names_its_outlet_has_no_author():
    body = "".join(f"<p>Der Stadtrat hat am Dienstag den Haushalt beschlossen, Absatz {n}, mit vielen Worten "
                   f"über Schulen, Straßen und Bäder in der ganzen Stadt.</p>" for n in range(8))
    html = ('<html lang="de"><head><title>Stadtrat beschließt Haushalt</title>'
            '<meta property="og:site_name" content="Landesspiegel"><meta name="author" content="Landesspiegel">'
            '<meta property="article:published_time" content="2024-05-14T10:00:00+02:00"></head>'
            f'<body><article><h1>Stadtrat beschließt Haushalt</h1><p class="byline">Von Landesspiegel</p>{body}'
            '</article></body></html>')
    page = RawPage(text=html, kind="html", label="x.html", file_name="x.html", url="https://landesspiegel.example/a")
    extracted = extract_page(page)
    assert extracted.source == "Landesspiegel" and extracted.author == ""


def test_names_the_metadata_writes_family_name_first_stay_whole():
    """Dublin Core's and the citation tags' "Lenharo, Mariana", which trafilatura splits at the comma."""
    from newsdigest.ingest.bylines import distinct_names
    page = ('<meta name="dc.creator" content="You, Xiaoying"><meta name="dc.creator" content="Lenharo, Mariana">'
            '<meta name="citation_author" content="Castelvecchi, Davide">')
    assert distinct_names("You; Xiaoying; Lenharo; Mariana; Castelvecchi; Davide", page) == \
        "Xiaoying You; Mariana Lenharo; Davide Castelvecchi"
    # two authors the page names apart are not joined
    assert distinct_names("Jane Doe; Ana Ferreira", '<meta name="dc.creator" content="Doe, Jane">') == \
        "Jane Doe; Ana Ferreira"


@pytest.mark.parametrize("authors, expected", [
    ("Jeff Foust Monday; November", "Jeff Foust"),          # "Jeff Foust Monday, November 18, 2019", split at commas
    ("Paul Takahashi; Staff writer", "Paul Takahashi"),
    ("Tom Gillespie News reporter", "Tom Gillespie"),
    ("Sina Zehrfeld Landespolitische Korrespondentin", "Sina Zehrfeld"),
    ("Текст Лида Буслаева", "Лида Буслаева"),
    ("Yasemin Saplakoglu -", "Yasemin Saplakoglu"),
    # names that end in a month, a desk's word or a role's look-alike stay
    ("Theresa May; Alex June", "Theresa May; Alex June"), ("Emily Post", "Emily Post"), ("Joe Friday", "Joe Friday"),
    ("Sarah Writer", "Sarah Writer"), ("Text Neck", "Text Neck"), ("News Editor", ""),
    ("Ann Lee; Bo Park", "Ann Lee; Bo Park"),
])
def test_an_authors_weekday_role_and_label_are_no_part_of_the_name(authors, expected):
    from newsdigest.ingest.bylines import plain_names
    assert plain_names(authors) == expected

