"""Dates in many formats and languages, the page's numeric order, and the candidates for the publication date."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest

from newsdigest.ingest.dates import date_order, find_dates, month_names
from newsdigest.ingest.publication_date import date_candidates, page_order

EST = timezone(timedelta(hours=-5))
UTC = timezone.utc


@pytest.mark.parametrize("text, language, order, expected", [
    ("19 November 2019", None, None, date(2019, 11, 19)),
    ("November 19, 2019 / 12:21 AM / Updated 14 hours ago", None, None, datetime(2019, 11, 19, 0, 21)),
    ("Nov. 20, 2019 5:52 AM EST", None, None, datetime(2019, 11, 20, 5, 52, tzinfo=EST)),
    ("Published 10:02 AM EST Nov 19, 2019", None, None, datetime(2019, 11, 19, 10, 2, tzinfo=EST)),
    ("11/19/19 06:56 AM EST", "en", "MDY", datetime(2019, 11, 19, 6, 56, tzinfo=EST)),
    ("11.14.2019", None, None, date(2019, 11, 14)),
    ("2019-11-19", None, None, date(2019, 11, 19)),
    ("19.11.2019", None, None, date(2019, 11, 19)),
    ("06. 01. 2026, 14:59 Uhr", "de", None, datetime(2026, 1, 6, 14, 59)),
    ("Do 25.04.24 | 14:07 Uhr", "de", None, datetime(2024, 4, 25, 14, 7)),
    ("Madrid-29/05/2025 20:00", "es", None, datetime(2025, 5, 29, 20, 0)),
    ("2019년 11월 19일 오후 3:12", "ko", None, datetime(2019, 11, 19, 15, 12)),
    ("2019年11月19日", "ja", None, date(2019, 11, 19)),
    ("19 ноября 2019 в 12:00", "ru", None, datetime(2019, 11, 19, 12, 0)),
    ("9. September 2025 um 15:46 Uhr", "de", None, datetime(2025, 9, 9, 15, 46)),
    ("le 19 novembre 2019 à 12h30", "fr", None, datetime(2019, 11, 19, 12, 30)),
    ("19 de noviembre de 2019", "es", None, date(2019, 11, 19)),
    ("19 de novembro de 2019", "pt", None, date(2019, 11, 19)),
    ("2019 m. lapkričio 19 d.", "lt", None, date(2019, 11, 19)),
    ("19. listopadu 2019", "cs", None, date(2019, 11, 19)),
    ("19 tháng 11 năm 2019", "vi", None, date(2019, 11, 19)),
    ("19 नवंबर 2019", "hi", None, date(2019, 11, 19)),
    ("TORSDAG 8 JANUARI 2026", "sv", None, date(2026, 1, 8)),
    ("2019. november 19.", "hu", None, date(2019, 11, 19)),
])
def test_find_dates_in_many_forms_and_languages(text, language, order, expected):
    assert find_dates(text, language, order)[0].value() == expected


@pytest.mark.parametrize("text, language, expected", [
    # Glued to the words around them in a browser's text: a count or a time after the year, a name before.
    ("April 10, 20233 years Dizindaba 142 Views", "en", date(2023, 4, 10)),
    ("March 7, 20247:55 AM UTC", "en", datetime(2024, 3, 7, 7, 55, tzinfo=UTC)),
    ("10.04.202312:05", "de", datetime(2023, 4, 10, 12, 5)),
    # A two-digit year glued to the time (a forum's "user28.09.1912:44"): never the year 1912 and ":44".
    ("macbacchi28.09.1912:44", "de", datetime(2019, 9, 28, 12, 44)),
    ("28/09/197:44", "de", datetime(2019, 9, 28, 7, 44)),
    ("Stand: 12.03.2012: Neue Regeln", "de", date(2012, 3, 12)),
    # A published and an updated date printed side by side with no space between them: the first is read.
    ("Veröffentlicht am 10. Februar 20199. Februar 2019 von Heiko", "de", date(2019, 2, 10)),
    ("15/01/201614/01/2016", "de", date(2016, 1, 15)),
    ("Associated PressDecember 2, 2016", "en", date(2016, 12, 2)),
    ("By Jane Doe12 March 2024", "en", date(2024, 3, 12)),
    ("渡辺洋介2025年1月13日", "ja", date(2025, 1, 13)),
    # Ordinals, ISO with a zone, weekdays.
    ("10th April 2023", "en", date(2023, 4, 10)),
    ("le 1er avril 2023", "fr", date(2023, 4, 1)),
    ("2023-04-10T12:05:49.614Z", None, datetime(2023, 4, 10, 12, 5, 49, tzinfo=UTC)),
    ("Monday, Sept. 2, 2024, in Pittsburgh", "en", date(2024, 9, 2)),
    # Two-digit years with a month name.
    ("10 Apr 23", "en", date(2023, 4, 10)),
    ("10-Apr-23 12:05", "en", datetime(2023, 4, 10, 12, 5)),
    ("Apr 10, '23", "en", date(2023, 4, 10)),
    # Other calendars' years and other scripts' digits.
    ("令和5年4月10日", "ja", date(2023, 4, 10)),
    ("令和元年5月1日", "ja", date(2019, 5, 1)),
    ("10 เม.ย. 2566", "th", date(2023, 4, 10)),
    ("١٠ أبريل ٢٠٢٣", "ar", date(2023, 4, 10)),
    ("２０２３年４月１０日", "ja", date(2023, 4, 10)),
    ("２０２３／０４／１０", "ja", date(2023, 4, 10)),
    # Regional, case and spelling variants of month names.
    ("10 نيسان 2023", "ar", date(2023, 4, 10)),
    ("أبريل 10، 2023", "ar", date(2023, 4, 10)),
    ("10 ابريل 2023", "ar", date(2023, 4, 10)),
    ("10. aprila 2023", "sl", date(2023, 4, 10)),
    ("10. aprila 2023", "sr", date(2023, 4, 10)),
    ("10 ΑΠΡΙΛΙΟΥ 2023", "el", date(2023, 4, 10)),
    # May's genitive with "ΐ", one letter on the page, which casefold() takes apart; in capitals, "Ϊ" without accent
    ("5 Μαΐου 2026, 18:20", "el", datetime(2026, 5, 5, 18, 20)), ("5 ΜΑΪΟΥ 2026", "el", date(2026, 5, 5)),
    ("10 fevrier 2023", "fr", date(2023, 2, 10)),
    # May, the one month of two letters in Indic scripts (other short forms are abbreviations, and words)
    ("12 मई 2024", "hi", date(2024, 5, 12)), ("12 মে 2024", "bn", date(2024, 5, 12)),
    ("12 மே 2024", "ta", date(2024, 5, 12)),
    # A section label in capitals run into the date by the browser's text.
    ("BUSINESSNOV 7, 2023 2:00 AM", "en", datetime(2023, 11, 7, 2, 0)),
    ("POLITICSNov 7, 2023", "en", date(2023, 11, 7)),
])
def test_find_dates_glued_abbreviated_and_in_other_scripts(text, language, expected):
    assert find_dates(text, language)[0].value() == expected


@pytest.mark.parametrize("text, language", [
    ("COVID19 March 2020", "en"),             # a capital before the day: part of a name
    ("dismay 12, 2024", "en"),                # a month inside a word
    ("10 April 23 people died", "en"),        # a count, not a two-digit year
    ("on 10 April 23:00", "en"),
    ("10 April 2566", "en"),                  # Buddhist Era years only on Thai pages
    ("12 ಜನ 2024", "kn"),                      # "people", though also January's abbreviation
])
def test_no_date_read_from_look_alikes(text, language):
    assert find_dates(text, language) == []


def test_found_text_keeps_the_page_characters():
    [found] = find_dates("نُشر ١٠ أبريل ٢٠٢٣", "ar")
    assert found.text == "١٠ أبريل ٢٠٢٣"


def test_numeric_dates_say_which_way_round_they_are():
    [day_first] = find_dates("30/04/2024")
    [month_first] = find_dates("11/19/2019")
    [either] = find_dates("05/06/2019")
    assert (day_first.order_hint, month_first.order_hint, either.order_hint) == ("DMY", "MDY", "")
    assert either.swappable and either.day == date(2019, 6, 5)
    assert find_dates("05/06/2019", "en", "MDY")[0].day == date(2019, 5, 6)
    # Dots are the day-first custom, on an English page too: month-first dates are written with slashes.
    [dotted] = find_dates("02.12.19", "en", "MDY")
    assert dotted.day == date(2019, 12, 2) and not dotted.swappable


def test_month_names_come_from_the_page_language_only():
    assert month_names("de")["märz"] == 3 and month_names("ru")["ноября"] == 11
    assert "märz" not in month_names("en")
    assert not any(name in month_names("hu") for name in ("xi", "iii"))     # Roman numerals are left out
    assert find_dates("19 ноября 2019") == []                               # Russian months need language="ru"


def test_page_order_from_unambiguous_dates_then_language():
    texts = ["Published 05/06/2019", "Updated 19/06/2019"]
    assert page_order([d for t in texts for d in find_dates(t, "en")], "en") == "DMY"
    assert page_order(find_dates("05/06/2019", "en"), "en") == "MDY"
    assert page_order(find_dates("05.06.2019", "de"), "de") == "DMY"
    assert date_order("en") == "MDY" and date_order("fr") == "DMY" and date_order(None) == "DMY"
    # ... then, on an English page, an address of a country that writes the day first (11/03/2026 read 3 November)
    found = find_dates("Last updated: 11/03/2026, 18:30", "en")
    for url, order in (("https://www.harbourgazette.co.uk/news/ferry", "DMY"), ("https://news.example.com.au/x", "DMY"),
                       ("https://times.example.in/city/x", "DMY"), ("https://gazette.example.com/x", "MDY"),
                       ("", "MDY")):
        assert page_order(found, "en", url) == order, url
    assert page_order(find_dates("Published 11/19/2026", "en"), "en", "https://x.co.uk/a") == "MDY"   # the page wins
    [candidate] = date_candidates(["Last updated: 11/03/2026, 18:30"], "en", "https://www.harbourgazette.co.uk/a")
    assert candidate.found.day == date(2026, 3, 11)


def test_english_page_reads_an_ambiguous_date_near_its_named_dates():
    texts = ["Published on 06/01/2026 - 13:55", "Trump spoke at Mar-a-Lago on January 3rd, 2026, as talks went on."]
    [published, _] = date_candidates(texts, "en")
    assert published.found.day == date(2026, 1, 6)


def test_candidates_know_updated_from_published():
    texts = ["Published 19 November 2019 Updated 20 November 2019", "Zuletzt aktualisiert:", "21.11.2019"]
    first, second, third = date_candidates(texts, "de")
    assert first.published and not first.updated
    assert second.updated and not second.published
    assert third.updated                      # the short line above it says so
    assert (first.line, third.line) == (0, 2)


@pytest.mark.parametrize("text, language", [
    ("Letzte Änderung: 31.10.2023 - 14:49:39", "de"), ("Dernière modification : 31/10/2023", "fr"),
    ("Última modificación: 31/10/2023", "es"), ("Ultima modifica: 31/10/2023", "it"),
])
def test_a_last_change_named_by_its_noun_is_no_publication(text, language):
    [candidate] = date_candidates([text], language)
    assert candidate.updated and not candidate.published


def test_date_features_tell_the_header_from_a_sentence_and_a_teaser_list():
    from newsdigest.ingest.publication_date import DATE_FEATURES, date_features
    texts = ["Monday 3 March 2025", "Menu", "World", "Floods close the coast road", "By Jane Doe, 1 March 2025",
             "The council said on 28 February 2025 that the road would stay closed for at least a week.",
             "More stories", "Rain to last 27 February 2025", "Bridge reopens 26 February 2025"]
    cands = date_candidates(texts, "en")
    rows = date_features(cands, texts, 3, 5, 6, [0.0] * 9, set())
    assert all(len(row) == len(DATE_FEATURES) for row in rows)
    column = {name: k for k, name in enumerate(DATE_FEATURES)}
    by_line = {c.line: row for c, row in zip(cands, rows)}
    assert by_line[4][column["header"]] == 1.0 and by_line[4][column["first_after_title"]] == 1.0
    assert by_line[5][column["in_sentence"]] == 1.0 and by_line[4][column["in_sentence"]] == 0.0
    assert by_line[0][column["top_banner"]] == 1.0 and by_line[0][column["header"]] == 0.0
    assert by_line[8][column["after_body"]] == 1.0 and by_line[8][column["dates_nearby"]] >= 1.0
    assert by_line[8][column["header"]] == 0.0


def test_found_dates_are_fresh_lists_though_remembered():
    first = find_dates("Published 19 November 2019")
    first.clear()
    assert [d.day for d in find_dates("Published 19 November 2019")] == [date(2019, 11, 19)]


# -- a date in the page's address ----------------------------------------------------------------------------------

def test_date_in_url_reads_the_path_only():
    from newsdigest.ingest.publication_date import date_in_url
    assert date_in_url("https://news.example/2024/04/25/harbour-ferry") == date(2024, 4, 25)
    assert date_in_url("https://news.example/world/ferry-resumes-2023-04-25/") == date(2023, 4, 25)
    assert date_in_url("https://news.example/story_20240425.html") == date(2024, 4, 25)
    assert date_in_url("https://news.example/2024/04/harbour-ferry") is None        # no day
    assert date_in_url("https://news.example/2024/13/40/x") is None                 # not a date
    assert date_in_url("https://news.example/a?d=2024-04-25") is None               # the query is not the path
    assert date_in_url("") is None
    # after a publishing system's letters: "dmf" + the day, then the article's number
    assert date_in_url("https://news.example/cnt/dmf20250202_96887132") == date(2025, 2, 2)
    assert date_in_url("https://news.example/a/b12320240425") is None               # a number of more digits


def test_date_in_url_reads_an_article_number_that_starts_with_its_day():
    from newsdigest.ingest.publication_date import date_in_url
    # the day, then the time or a serial: after a system's letters, before the slug or the extension, at the end
    assert date_in_url("https://news.example/news/article/A2026012914320005196") == date(2026, 1, 29)
    assert date_in_url("https://news.example/view/AKR20260129012300001") == date(2026, 1, 29)
    assert date_in_url("https://news.example/local/harbour-ferry-20241202105634-nt.html") == date(2024, 12, 2)
    assert date_in_url("https://news.example/world/201911181077343476-ferry-resumes/") == date(2019, 11, 18)
    # an archive's capture time is a folder of digits alone; a number whose start is no day is none
    assert date_in_url("https://archive.example/web/20130307194448/http://blog.example/ferry") is None
    assert date_in_url("https://news.example/news/A2026133114320005196") is None


def test_date_in_url_takes_no_number_that_starts_the_slug():
    from newsdigest.ingest.publication_date import date_in_url
    # "/2023/10/3-questions-..." is October 2023's story "3 questions", not one of 3 October.
    assert date_in_url("https://blog.example/2023/10/3-questions-for-the-mayor/") is None
    assert date_in_url("https://news.example/2023/10/10-things-to-know") is None
    assert date_in_url("https://news.example/news/2023-04/28/ferry-resumes") == date(2023, 4, 28)
    assert date_in_url("https://news.example/2019/1/9") == date(2019, 1, 9)
    assert date_in_url("https://news.example/2019/12/09.html") == date(2019, 12, 9)
    assert date_in_url("https://news.example/world/2019-3-5-ferry") == date(2019, 3, 5)


def test_url_date_wins_over_another_day_and_keeps_a_time_on_its_own_day():
    from datetime import datetime
    from newsdigest.ingest.publication_date import with_url_date
    url = "https://news.example/2024/04/25/harbour-ferry"
    stated = datetime(2024, 4, 25, 9, 30)
    assert with_url_date(stated, "", url) == (stated, "")
    assert with_url_date(date(2024, 5, 2), "", url) == (date(2024, 4, 25), "the date in the page's URL")
    assert with_url_date(None, "", url) == (date(2024, 4, 25), "the date in the page's URL")
    assert with_url_date(None, "", "https://news.example/harbour-ferry") == (None, "")


CONCERT_PAGE = """Kultur
Stadtorchester spielt im neuen Saal
Von Jonas Berger
{published}
Das Stadtorchester hat am Sonntag den neuen Konzertsaal am Hafen eröffnet, vor mehr als tausend Gästen aus der Region.
Das nächste Konzert ist für den {announced} geplant; Karten gibt es ab Montag an der Abendkasse und im Rathaus.
Der Saal soll auch Schulen und Vereinen offenstehen, teilte die Stadt nach der Eröffnung mit.
Impressum
"""


def test_no_date_after_the_capture_is_the_publication_date():
    """A page saved on a day cannot have been published later: a later date on it is an event it announces."""
    from newsdigest.ingest.publication_date import latest_publication_day
    from newsdigest.ingest.text import extract_text

    page = CONCERT_PAGE.format(published="Veröffentlicht: 19. November 2019", announced="12. Mai 2020")
    assert extract_text(page, captured=date(2019, 11, 20)).published == date(2019, 11, 19)
    # Only the announced date printed where the publication date stands: no date, rather than a future one.
    header_only = CONCERT_PAGE.format(published="12. Mai 2020", announced="Frühjahr")
    assert extract_text(header_only, captured=date(2020, 5, 12)).published == date(2020, 5, 12)
    assert extract_text(header_only, captured=date(2019, 11, 20)).published is None
    # The page's own zone may be a day ahead of the capture's; without a capture time, now is the bound.
    assert latest_publication_day(datetime(2019, 11, 20, 23, 0, tzinfo=UTC)) == date(2019, 11, 21)
    assert latest_publication_day() >= date.today()
    assert extract_text(CONCERT_PAGE.format(published="12. Mai 2099", announced="Frühjahr")).published is None


def test_an_address_dated_after_the_capture_is_no_publication_date():
    from newsdigest.ingest.publication_date import with_url_date

    url = "https://example.org/2031/05/12/saal"
    assert with_url_date(date(2019, 11, 19), "", url, latest=date(2019, 11, 21)) == (date(2019, 11, 19), "")
    assert with_url_date(date(2019, 11, 19), "", url)[0] == date(2031, 5, 12)


def test_a_persian_page_dates_by_the_solar_hijri_calendar():
    [found] = find_dates("تاریخ انتشار: ۲۹ بهمن ۱۳۹۸ - ۰۶:۵۵", "fa")
    assert found.day == date(2020, 2, 18) and found.clock == time(6, 55)
    assert find_dates("۲۱ ارديبهشت ۱۳۹۹", "fa")[0].day == date(2020, 5, 10)      # spelled with the Arabic yeh
    assert find_dates("30 اسفند 1399", "fa")[0].day == date(2021, 3, 20)        # the leap year's last day
    assert find_dates("31 اسفند 1399", "fa") == []                             # no such day
    assert find_dates("۲۹ بهمن ۱۳۹۸", "ar") == []                               # the calendar of Persian pages only


ROAD_COLUMN = """News
Opinion
Ring road widening will not end the queues

By Ruth Kessler

{first}
{second}

Every few years the county widens the ring road, and every few years the queues come back within months again.

When a road gets faster, people who used to take the train or travel at another time start driving instead.

None of this means roads should never be built. It means we should stop pretending more lanes end congestion.
"""


@pytest.mark.parametrize("first, second", [
    ("Updated March 9, 2026 at 8:15 a.m.", "Published March 8, 2026 at 6:00 p.m."),
    ("Published March 8, 2026 at 6:00 p.m.", "Updated March 9, 2026 at 8:15 a.m."),
    ("Last updated: 9 March 2026, 08:15", "First published: 8 March 2026, 18:00"),
    ("Updated:\nMarch 9, 2026 at 8:15 a.m.", "Published:\nMarch 8, 2026 at 6:00 p.m."),   # labels on lines of their own
    # both on one line: the "Published" date's label is the words since the date before it
    ("Updated: March 9, 2026 8:15 a.m. Published: March 8, 2026 6:00 p.m.", ""),
    ("Updated: March 9, 2026 8:15 a.m. | Published: March 8, 2026 6:00 p.m.", ""),
])
def test_updated_is_not_published_whichever_line_comes_first(first, second):
    from newsdigest.ingest.text import extract_text

    extracted = extract_text(ROAD_COLUMN.format(first=first, second=second), captured=date(2026, 3, 10))
    assert extracted.published == datetime(2026, 3, 8, 18, 0)
    assert extracted.blocks[0].text.startswith("Every few years")   # the date lines are not the lead


HINDI_COLUMN = ("जयपुर शहर की करीब 40 कॉलोनियों में पिछले एक सप्ताह से नलों में पानी नहीं आ रहा है। जलदाय विभाग ने इन "
                "इलाकों में टैंकरों से पानी पहुंचाने की व्यवस्था की है, लेकिन लोगों का कहना है कि यह नाकाफी है।\n"
                "विभाग के अधिशासी अभियंता ने बताया कि मुख्य पाइपलाइन में रिसाव के कारण आपूर्ति बाधित हुई है। मरम्मत का "
                "काम रात-दिन चल रहा है और शुक्रवार तक सामान्य आपूर्ति बहाल होने की उम्मीद है।")
GREEK_COLUMN = ("Σε λειτουργία τέθηκε από το απόγευμα της Τρίτης η επέκταση του μετρό της Θεσσαλονίκης προς την "
                "Καλαμαριά, με πέντε νέους σταθμούς και συνολικό μήκος σχεδόν πέντε χιλιομέτρων.\n"
                "Οι πρώτοι επιβάτες επιβιβάστηκαν στον σταθμό Μίκρα λίγο μετά τις τέσσερις, ενώ στους σταθμούς "
                "υπήρχε αυξημένη παρουσία προσωπικού για την εξυπηρέτηση του κοινού.")


@pytest.mark.parametrize("updated, published, language, text, expected", [
    ("Updated: March 9, 2026 8:15 AM CDT", "Published: March 8, 2026 9:48 PM CDT", "en",
     ROAD_COLUMN.format(first="", second="").split("\n\n", 2)[2], "2026-03-08T21:48:00-05:00"),
    ("अपडेटेड: ९ मार्च २०२६, ०८:१५ IST", "प्रकाशित: ८ मार्च २०२६, २१:४८ IST", "hi", HINDI_COLUMN,
     "2026-03-08T21:48:00+05:30"),
    ("Ενημερώθηκε: 9 Μαρτίου 2026, 08:15", "Δημοσιεύθηκε: 8 Μαρτίου 2026, 21:48", "el", GREEK_COLUMN,
     "2026-03-08T21:48:00"),
])
def test_an_html_page_that_prints_its_update_first_is_dated_by_its_publication(updated, published, language,
                                                                               text, expected):
    """A page whose metadata states no date, printing "Updated" above "Published": htmldate takes the first date of
    the byline's element, the update, which the date the page prints as its publication now corrects."""
    from newsdigest.ingest.html_readings import read_html

    body = "".join(f"<p>{line}</p>" for line in text.splitlines() if line)
    html = (f'<html lang="{language}"><head><title>Ring road widening will not end the queues</title></head><body>'
            '<h1>Ring road widening will not end the queues</h1><p class="meta">By Ruth Kessler</p>'
            f'<p class="meta">{updated}</p><p class="meta">{published}</p>{body}</body></html>')
    article = read_html(html, "https://county.example/opinion/ring-road")
    assert article.published.isoformat().startswith(expected)


@pytest.mark.parametrize("text, language, clock", [
    ("2025年1月13日 20時01分", "ja", time(20, 1)),
    ("2025年1月13日 午後8時1分", "ja", time(20, 1)),
    ("2025年1月13日 午前0時5分 更新", "ja", time(0, 5)),
    ("2025.01.13 20시 01분", "ko", time(20, 1)),
    ("2025년 1월 13일 오후 8시 1분", "ko", time(20, 1)),
])
def test_japanese_and_korean_clock_times_in_words_are_read(text, language, clock):
    """"20時01分" and "오후 8시 1분" were not read: the article was dated by its day, placed at midday."""
    [found] = find_dates(text, language)
    assert found.value() == datetime.combine(date(2025, 1, 13), clock)
    assert text.startswith(found.text.rstrip())


def test_a_time_alone_on_the_line_under_the_date_is_read_with_uhr_too():
    from newsdigest.ingest.text import extract_text
    body = ("Der Hafenrat hat am Donnerstag einen neuen Fahrplan für die Fähre beschlossen, der an Werktagen zwei "
            "frühe Überfahrten hinzufügt, nachdem die Debatte mehr als drei Stunden gedauert hatte.\n")
    page = f"Hafenrat beschließt neuen Fahrplan\nDonnerstag\n05. Juni 2025\n15:44 Uhr\n\n{body * 4}"
    assert extract_text(page).published == datetime(2025, 6, 5, 15, 44)


@pytest.mark.parametrize("text, day, clock", [
    ("North Korea 09:31 August 20, 2019", date(2019, 8, 20), time(9, 31)),   # was 31 August 2020
    ("12:21 August 5, 2019", date(2019, 8, 5), time(12, 21)),
    ("15:44 20. August 2019", date(2019, 8, 20), time(15, 44)),
    ("10 Apr 23", date(2023, 4, 10), None),
])
def test_a_times_minutes_are_no_day_and_a_two_digit_year_is_none_before_a_year(text, day, clock):
    (found,) = find_dates(text, "en")
    assert (found.day, found.clock) == (day, clock)


def test_a_date_read_day_first_on_a_month_first_page_is_set_right_by_the_address_month():
    from newsdigest.ingest.publication_date import swapped_to_url_month
    url = "https://news.example/story/2016/10/debate-night-229079"
    assert swapped_to_url_month(date(2016, 4, 10), url, "en") == date(2016, 10, 4)
    assert swapped_to_url_month(datetime(2016, 4, 10, 9, 5), url, "en") == datetime(2016, 10, 4, 9, 5)
    assert swapped_to_url_month(date(2016, 10, 4), url, "en") == date(2016, 10, 4)     # agrees already
    assert swapped_to_url_month(date(2016, 4, 11), url, "en") == date(2016, 4, 11)     # no swap gives October
    assert swapped_to_url_month(date(2016, 4, 10), url, "en-US") == date(2016, 10, 4)
    assert swapped_to_url_month(date(2016, 4, 10), url, "en-GB") == date(2016, 4, 10)  # written day first
    # A German page writes the day first: its 10.11.2021 under a /2021/10/ folder is 10 November.
    assert swapped_to_url_month(date(2021, 11, 10), "https://amt.example/meldungen/2021/10/lage.html", "de") \
        == date(2021, 11, 10)
    assert swapped_to_url_month(date(2016, 4, 10), "https://news.example/story/debate", "en") == date(2016, 4, 10)


@pytest.mark.parametrize("text, day", [
    ("28 آب 2013", date(2013, 8, 28)), ("28 آب/اغسطس 2013", date(2013, 8, 28)), ("28 أغسطس 2013", date(2013, 8, 28)),
])
def test_the_levants_august_is_read_alone_and_paired_with_the_egyptian_name(text, day):
    (found,) = find_dates(text, "ar")
    assert found.day == day


@pytest.mark.parametrize("text, language, found", [
    ("Issue 3 Jan/Feb 2021", "en", []),                       # two months, not one under two names
    ("Posted 10 Apr 23 1500 GMT", "en", [date(2023, 4, 10)]),  # a time after a two-digit year is no year
])
def test_only_a_months_other_name_pairs_with_it_and_only_a_year_ends_a_two_digit_year(text, language, found):
    assert [item.day for item in find_dates(text, language)] == found


@pytest.mark.parametrize("text, expected", [
    ("Dec 19, 2016 at 2:19 pm ET", datetime(2016, 12, 19, 19, 19, tzinfo=timezone.utc)),   # standard time
    ("July 4, 2023 10:00 a.m. PT", datetime(2023, 7, 4, 17, 0, tzinfo=timezone.utc)),      # daylight time
    ("Updated 9:05 AM CT, March 8, 2024", datetime(2024, 3, 8, 15, 5, tzinfo=timezone.utc)),
    ("June 1, 2022 at 6:30 pm MT", datetime(2022, 6, 2, 0, 30, tzinfo=timezone.utc)),
])
def test_north_american_region_zones_follow_daylight_saving_time(text, expected):
    """US papers print "2:19 pm ET": the time was read without a zone, hours off once read in the site's zone."""
    (found,) = find_dates(text, "en")
    assert found.value() == expected


def test_region_zones_are_read_in_capitals_only():
    """French "et" (and), Portuguese "pt": a lower-case word after a time is no zone."""
    (found,) = find_dates("Publié le 3 mars 2021 à 14:30 et mis à jour à 16:00", "fr")
    assert found.clock == time(14, 30) and found.zone is None


def test_a_zone_run_into_the_next_label_is_read():
    """"10:32 AM ESTUpdated ...": the browser ran the zone into the label after it, and the time lost its zone."""
    published, updated = find_dates("Published Tue, Dec 20 201610:32 AM ESTUpdated Tue, Dec 20 20163:27 PM EST", "en")
    assert published.value() == datetime(2016, 12, 20, 10, 32, tzinfo=timezone(timedelta(hours=-5)))
    assert updated.value() == datetime(2016, 12, 20, 15, 27, tzinfo=timezone(timedelta(hours=-5)))
    assert find_dates("at 10:32 ETA Monday, 5 May 2025", "en")[0].zone is None   # a word, not a zone


def test_a_region_zone_only_after_am_or_pm():
    """A French page in capitals: "14H30 ET MIS À JOUR" is "and", not Eastern time."""
    (found,) = find_dates("PUBLIÉ LE 5 MARS 2024 À 14H30 ET MIS À JOUR", "fr")
    assert found.clock == time(14, 30) and found.zone is None


def _page_declaring(published: str) -> str:
    paragraph = ("The harbour board met on a quiet evening and agreed to keep the night ferry running through the "
                 "winter, after a trial that carried twice the passengers the board had planned for. ")
    return ('<html><head><title>Night ferry kept | Bay Courier</title><meta property="og:title" content="Night '
            f'ferry kept"><meta property="article:published_time" content="{published}"></head><body><article>'
            "<h1>Night ferry kept</h1>" + f"<p>{paragraph * 2}</p>" * 4 + "</article></body></html>")


@pytest.mark.parametrize("days_ahead, kept", [(1, True), (20, False), (45, False)])
def test_a_declared_date_after_tomorrow_is_no_publication_date_and_never_becomes_the_first_of_its_month(
        days_ahead, kept):
    """htmldate dropped a date later than today and made the first of its month out of it: a page declaring the
    24th on the 6th was dated the 1st, with no note. Tomorrow's is kept (the page's zone may be a day ahead)."""
    from newsdigest.ingest.model import IngestError, RawPage
    from newsdigest.ingest.pipeline import DateFallbacks, extract

    ahead = datetime.now(timezone.utc) + timedelta(days=days_ahead)
    declared = ahead.replace(hour=5, minute=0, second=0, microsecond=0)
    page = RawPage(text=_page_declaring(declared.strftime("%Y-%m-%dT%H:%M:%SZ")), kind="html", label="ferry.html",
                   file_name="ferry.html")
    if kept:
        assert extract(page).extracted.published == declared
        return
    with pytest.raises(IngestError, match="no publication date found"):
        extract(page, DateFallbacks(required=True))
    fallen_back = extract(page, DateFallbacks(date=date(2026, 1, 5)))
    assert fallen_back.extracted.published == date(2026, 1, 5) and fallen_back.date_fallback == "--date option"


def test_the_date_of_a_notice_to_the_reader_is_no_publication_date():
    """"Use of this site constitutes acceptance of our User Agreement (effective 1/2/14)" dated every page of the
    sites that print it, when their articles printed no date of their own."""
    from newsdigest.ingest.text import extract_text
    paragraph = ("The harbour board met on a quiet evening and agreed to keep the night ferry running through the "
                 "winter, after a trial that carried twice the passengers the board had planned for.")
    dump = ("Bay Courier\n\nNight ferry kept for winter\n\nBy Ada Quill\n\n" + "\n\n".join([paragraph] * 4)
            + "\n\nAbout us\nUse of this site constitutes acceptance of our User Agreement (effective 1/2/14) and "
              "Privacy Policy (effective 1/2/14).\n")
    assert extract_text(dump).published is None
    assert extract_text(dump.replace("By Ada Quill", "By Ada Quill\nMarch 4, 2025")).published == date(2025, 3, 4)


@pytest.mark.parametrize("text", ["5 Μαΐου 2026, 10:30", "Τρίτη 5 ΜΑΪΟΥ 2026", "Μαΐου 5, 2026"])
def test_the_greek_may_is_read_as_pages_print_it(text):
    """Case folding takes the "ΐ" of "Μαΐου" apart into three characters: the month matched no page's text, and
    every Greek page dated in May took a fallback date."""
    assert [found.day for found in find_dates(text, "el")] == [date(2026, 5, 5)]


@pytest.mark.parametrize("text, day", [("تاریخ انتشار: ۱۴۰۵/۰۲/۱۵ - ۱۰:۳۰", date(2026, 5, 5)),
                                       ("1402/10/05", date(2023, 12, 26)), ("۱۴۰۲/۱۳/۰۵", None),
                                       ("۱۴۴۷/۱۱/۱۸", None)])   # (a lunar Hijri year: 1447 is 2025)
def test_a_persian_pages_date_in_numbers_is_read_in_the_solar_hijri_calendar(text, day):
    """Iranian sites print "۱۴۰۵/۰۲/۱۵" (year, month, day) as often as "۱۵ اردیبهشت ۱۴۰۵": it was no date."""
    assert [found.day for found in find_dates(text, "fa")] == ([day] if day else [])
    assert find_dates(text, "ar") == []


@pytest.mark.parametrize("text, language", [
    ("12 Mayıs 2026 Salı 16:40", "tr"),            # Turkish pages print the weekday between date and time
    ("5 May 2026 Tuesday 16:40", "en"),
    ("5 May 2026, Tuesday, 16:40", "en"),
    ("12 Mei 2026 Selasa 16:40", "id"),
])
def test_a_weekday_between_the_date_and_its_time_keeps_the_time(text, language):
    (found,) = find_dates(text, language)
    assert found.clock == time(16, 40) and found.text == text


def test_a_word_that_is_no_weekday_between_a_date_and_a_time_does_not_join_them():
    (found, *_) = find_dates("5 May 2026 Budget 16:40", "en")
    assert found.clock is None and found.text == "5 May 2026"


@pytest.mark.parametrize("zone, hours", [("WIB", 7), ("WITA", 8), ("WIT", 9)])
def test_indonesian_zones_are_zones(zone, hours):
    (found,) = find_dates(f"Selasa, 12 Mei 2026 16:40 {zone}", "id")
    assert found.value() == datetime(2026, 5, 12, 16, 40, tzinfo=timezone(timedelta(hours=hours)))
