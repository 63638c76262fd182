"""Headline candidates: splits of "Title | Site" lines, and what is never a headline."""

from __future__ import annotations

import pytest

from newsdigest.ingest import dates, lines, title_candidates, title_features, titles


def test_candidates_include_the_pieces_of_title_and_site_lines():
    page = lines.read_page("Menu\nFloods close the coast road | The Daily Meridian\nSVP-Parteitag: Chiesa ruft zum Widerstand auf\n"
                           "The council approved the budget on Monday after a long debate about roads.")
    texts = {(c.line, c.text, c.piece) for c in title_candidates.candidates(page, 3)}
    assert (1, "Floods close the coast road", 1) in texts and (1, "The Daily Meridian", 2) in texts
    assert (2, "Chiesa ruft zum Widerstand auf", 2) in texts                 # a kicker before a colon
    assert not any(text == "Menu" for _, text, _ in texts)                     # navigation is noise


@pytest.mark.parametrize("text", [
    "Facebook Twitter Email LinkedIn Reddit Pinterest",
    "Patrick Semansky / ASSOCIATED PRESS",
    "Photo: Reuters",
    "November 19, 2019 / 12:21 AM / Updated 14 hours ago",
    "By Jane Doe",
    "Related Articles",
    "Sign up for our newsletter",
    "Get the latest council and courts news sent straight to your inbox with our daily Town Hall newsletter",
    "Harbour City > News > Transport",                         # a breadcrumb
    "You Are Here: > Home > News > Ferries",
    "HOME\u3000＞\u3000イベント・セミナー情報\u3000＞\u3000湾岸フォーラム\u3000＞ 秋の会 2019",   # a Japanese site's breadcrumb
    "Gazette Home | Radio | Television | News | Shop",          # a menu printed as one line
    "Harbour Wire · Aktuelle Nachrichten · Archiv · Druckversion",
    "News Home Just In Harbour City World Business Sport Weather | Opinion Blogs",   # a menu run into one line
    "Sport Home Cricket Football Rugby League Tennis Scoreboard",
    "TOP レビュー ニュース ガジェット ゲーム グルメ スタートアップ ICT インフォメーション",     # a Japanese menu on one line
    "首页 新闻 体育 财经 娱乐 科技 汽车",
    "Popular tags: ferries, harbour, council, budget",                           # a list of tags
    "时间：2024.05.11 来源：光明日报 作者：南帆 分享到：",                                     # labelled fields
    "http://www.example.com/articles/funding-snapshot-circleci-raises-18m-1463398202",     # an address alone
    "harbourledger.example/news/uk-123",
    "Quelle: Harbour Wire | Stand: 14.05.2024",
    "Tous droits réservés Captures d'écran de la mairie",       # a photo credit opened by a rights notice
    "Alle Rechte vorbehalten",
    "Contact me with news and offers from other Harbour brands",    # a sign-up form's boxes to tick
    "Receive email from us on behalf of our trusted partners or sponsors",
    "Add us as a preferred source on Google",
    "Clara Endo | cendo@harbourgazette.example By Clara Endo | cendo@harbourgazette.example",   # an email address
])
def test_never_a_title(text):
    assert title_candidates.never_a_title(text, "en")


@pytest.mark.parametrize("text", [
    "LWN.net Weekly Edition for March 26, 2015",
    "Seoul's top trade officials press US for tariff relief in last-ditch talks",
    "Der Bundestag hat am Donnerstag über den Haushalt beraten",
    "Markets: S&P 500 > 5,000 for the first time",
    "Ferry timetable approved | Transport | The Harbour Gazette",
    "Inflation falls to 2% as prices cool | Economy | News | The Herald",
    "World Business Leaders Meet in Davos",                  # section words, but not most of the words
    "Topics: what the summit will decide",
    "Election 2022: Report: ferry operator paid 4 councillors",     # numbers are no labels
    "Analysis: Brexit: 5 things to know",                          # kickers with nothing between them
    "Follow @harbourgazette for the count: results night live",     # a handle is no email address
    "Masscan と ZMap によるスキャンの違い",                              # spaces around Latin words
    "새 정부 첫 국무회의 열려 대통령 민생 강조",                           # Korean puts spaces between its words
    "Ukraine war: Live: 5 killed in Kyiv strike",
])
def test_headlines_are_candidates(text):
    assert not title_candidates.never_a_title(text, "en")


def test_date_lines_in_the_page_language():
    assert dates.is_date_line("Veröffentlicht am 19. November 2019, 14:02 Uhr", "de")
    assert not dates.is_date_line("Der Haushalt für 2019 wurde am Donnerstag beschlossen", "de")


def test_a_kicker_in_capitals_run_into_the_headline_is_a_candidate_to_drop():
    page = lines.read_page("Sport\nSTORM WARNING Coastal towns brace for the worst weekend in years\n"
                           "The weather service said on Friday that the coast should expect strong winds.")
    pieces = {(c.text, c.dropped) for c in title_candidates.candidates(page, 2) if c.kicker}
    assert ("Coastal towns brace for the worst weekend in years", "STORM WARNING") in pieces
    # One word in capitals is an acronym starting the headline, not a kicker.
    page = lines.read_page("NASA Launches its new rocket to the moon today\nThe agency said on Friday it was ready.")
    assert not any(c.kicker for c in title_candidates.candidates(page, 1))
    # Accented capitals are capitals; letters of a script without case are not.
    page = lines.read_page("ÄRGER IM AMT Die Stadt streitet über den Haushalt\nDer Rat tagte am Freitag bis spät.")
    assert [c.text for c in title_candidates.candidates(page, 1) if c.kicker] == ["Die Stadt streitet über den Haushalt"]
    page = lines.read_page("شعر وردي يشعل السخرية لغز لون شعر دونالد ترامب\nقال الخبير إن اللون يعود إلى الإضاءة.")
    assert not any(c.kicker for c in title_candidates.candidates(page, 1))


def _headline_page() -> lines.Page:
    return lines.read_page("\n".join([
        "Menu", "Neue Schule: Das alte Museum öffnet wieder seine Türen", "Kultur",
        "Neue Schule Das alte Museum öffnet wieder seine Türen", "Von Anna Beispiel",
        "Das Museum am Fluss war drei Jahre lang geschlossen, weil das Dach erneuert werden musste und die Sammlung "
        "neu geordnet wurde.",
        "Am Samstag kommen die ersten Besucher, und der Eintritt ist an diesem Wochenende für alle frei.",
    ]))


def test_a_kicker_the_page_prints_apart_is_dropped():
    page = _headline_page()
    cands = title_candidates.candidates(page, 5)
    # Whatever the model scores highest, a whole line whose kicker is printed apart loses its kicker.
    scores = [1.0 if c.line == 3 and not c.piece else 0.0 for c in cands]
    best = titles.pick(page, cands, scores, 5, [False] * 5 + [True, True])
    assert best.text == "Das alte Museum öffnet wieder seine Türen"


_GLUED = "Premier League Rückschlag im Titelkampf - Liverpool verliert bei Everton"
_ARTICLE_LINES = ["Von Anna Beispiel", "Der FC Liverpool hat am Mittwochabend bei Everton verloren und im Rennen um die "
                  "Meisterschaft wichtige Punkte abgegeben.",
                  "Die Mannschaft fand gegen den Nachbarn nie ins Spiel, und die Fans verließen das Stadion früh."]


def _pick_glued(above: list[str]) -> str:
    """The headline `pick` makes of a page whose lines `above` the article end with the glued line, when the model
    scores that line highest."""
    page = lines.read_page("\n".join([*above, _GLUED, *_ARTICLE_LINES]))
    start = len(page.lines) - 2
    glued = next(i for i, line in enumerate(page.lines) if line.text == _GLUED)
    cands = title_candidates.candidates(page, start)
    scores = [1.0 if c.line == glued and not c.piece else 0.0 for c in cands]
    return titles.pick(page, cands, scores, start, [False] * start + [True, True]).text


def test_a_label_printed_on_its_own_and_run_into_the_headline_is_left_out():
    # The kicker and the headline are one element: the browser's text runs them together on the headline's line.
    headline = "Rückschlag im Titelkampf - Liverpool verliert bei Everton"
    assert _pick_glued(["Fußball", "Premier League", headline, " "]) == headline
    # Without the label on a line of its own, the line is the headline as printed.
    assert _pick_glued(["Fußball", headline, " "]) == _GLUED


def test_a_kicker_printed_with_its_headline_everywhere_stays():
    page = lines.read_page("\n".join([
        "Menu", "Neue Schule: Das alte Museum öffnet wieder seine Türen", "Von Anna Beispiel",
        "Das Museum am Fluss war drei Jahre lang geschlossen, weil das Dach erneuert werden musste und die Sammlung "
        "neu geordnet wurde."]))
    cands = title_candidates.candidates(page, 3)
    scores = [1.0 if c.line == 1 and not c.piece else 0.0 for c in cands]
    assert titles.pick(page, cands, scores, 3, [False] * 3 + [True]).text == page.lines[1].text


def test_a_headline_whose_kicker_lost_its_colon_takes_the_spelling_printed_elsewhere():
    # The breadcrumb spells the headline with the colon; the headline over the article runs its styled kicker in.
    # (Printed further apart than `_without_separate_kicker` looks, which would drop the kicker instead.)
    page = lines.read_page("\n".join([
        "Startseite", "Inland", "Hochwasser-Ausschuss: Zwei Rücktritte und viele offene Fragen", "Suche", "Menü",
        "Audio", "Video", "Wetter", "", "Hochwasser-Ausschuss Zwei Rücktritte und viele offene Fragen",
        "Stand: 28.04.2023 17:23 Uhr",
        "Nach vielen Sitzungen hat der Untersuchungsausschuss zur Flut die Beweisaufnahme beendet, und was bleibt, "
        "sind zwei Rücktritte und offene Fragen.",
        "Der Ausschuss hatte zwei Jahre lang Zeugen gehört, darunter Minister, Landräte und viele Helfer vor Ort."]))
    headline = next(i for i, line in enumerate(page.lines) if line.text.startswith("Hochwasser-Ausschuss Zwei"))
    start = len(page.lines) - 2
    cands = title_candidates.candidates(page, start)
    scores = [1.0 if c.line == headline and not c.piece else 0.0 for c in cands]
    best = titles.pick(page, cands, scores, start, [False] * start + [True, True])
    assert best.text == "Hochwasser-Ausschuss: Zwei Rücktritte und viele offene Fragen"


def test_a_bullet_or_quotes_around_another_copy_are_no_better_spelling():
    page = lines.read_page("\n".join([
        "• Council approves the new harbour timetable", "Menu",
        "Council approves the new harbour timetable", "By Ann Example",
        "The council approved the new timetable for the harbour on Tuesday after a long debate about the ferries.",
        "Ferries will run every half hour from May, the harbour master said after the vote."]))
    cands = title_candidates.candidates(page, 4)
    scores = [1.0 if c.line == 2 and not c.piece else 0.0 for c in cands]
    assert titles.pick(page, cands, scores, 4, [False] * 4 + [True, True]).text == page.lines[2].text


def test_features_say_how_often_the_dropped_piece_recurs():
    page = lines.read_page("\n".join([
        "The Daily Meridian", "Floods close the coast road | The Daily Meridian", "Rain to last | The Daily Meridian",
        "The council closed the coast road on Monday after a night of heavy rain flooded the lower town."]))
    cands = title_candidates.candidates(page, 3)
    rows = title_features.features(page, cands, 3, 4, [0.0, 0.0, 0.0, 1.0], [False, False, False, True])
    recurs = title_features.FEATURES.index("dropped_recurs")
    by_text = {c.text: row[recurs] for c, row in zip(cands, rows)}
    assert by_text["Floods close the coast road"] > 0          # drops the site name, printed on other lines
    assert by_text["The Daily Meridian"] == 0                   # drops the headline, printed nowhere else
    assert all(len(row) == len(title_features.FEATURES) for row in rows)


def test_lines_containing_counts_lines_not_occurrences():
    joined = "the meridian\nthe meridian and the meridian\nother\n"
    assert title_features._lines_containing(joined, "meridian") == 2
    assert title_features._lines_containing(joined, "absent") == 0


def test_url_slug_features():
    from newsdigest.ingest.title_features import _slug_match, slug_words
    slug = slug_words("https://news.example/politik/2024/04/25/grosse-faehre-faehrt-wieder-nach-dem-sturm.html")
    known, precision, recall = _slug_match("Große Fähre fährt wieder", slug)
    assert known == 1.0 and precision == 1.0 and 0 < recall < 1
    assert _slug_match("Most read this week", slug)[1] == 0.0
    assert slug_words("https://news.example/a/AST1F4445T1FUTIL02SM.html") == ()   # an id spells no headline
    assert _slug_match("Anything", ()) == (0.0, 0.0, 0.0)


# An article whose headline is printed twice with an ad label between the copies, and below it a "Related
# Articles" box of teasers, each headline printed twice in a row above a long summary: together they outweigh the
# article, though each is lighter than it.
_ARTICLE = [
    "The harbour bridge reopened to traffic on Monday morning after thirteen months of repairs to its deck and cables.",
    "Engineers replaced more than four hundred steel cables and resurfaced the whole deck, the city's transport office said.",
    "Commuters had faced detours of up to forty minutes while the bridge was closed, and ferry services were doubled.",
    "The repairs cost 84 million euros, about ten percent more than planned, because of delays in the delivery of steel.",
    "A second phase of work, on the bridge's lighting and footpaths, is planned for next spring and will close one lane.",
]
_TEASERS = {
    "Ferry timetable changes for the winter season":
        "The city's ferry operator will run fewer boats on its northern routes from November, as the bridge takes back "
        "the commuters who used the ferries during the repairs, and the winter timetable adds late weekend crossings.",
    "Monthly passes can be exchanged until December":
        "Passengers who bought monthly passes for the ferries can exchange them for public transport passes at any "
        "ticket office until the end of December, the operator said, and the rest of each pass will be refunded.",
    "Survey finds riders want more boats at rush hour":
        "The operator will review its southern routes next year, after a survey of passengers found that most of them "
        "would prefer more frequent boats at rush hour to the late crossings that were added during the summer.",
}


def test_a_headline_printed_twice_below_the_article_is_another_storys_teaser():
    headline = "Harbour bridge reopens after a year of repairs"
    teasers = [line for teaser, summary in _TEASERS.items() for line in (teaser, teaser, summary)]
    page = lines.read_page("\n\n".join(["Morning Ledger", headline, "Advertisement", headline, "By Ana Ruiz",
                                         *_ARTICLE[:2], "Related Articles", *teasers]))
    # What the line model keeps: the article's two paragraphs and the teasers' summaries, which weigh more.
    keep = [line.text in _ARTICLE or line.text in _TEASERS.values() for line in page.lines]
    start = next(i for i, k in enumerate(keep) if k)
    cands = title_candidates.candidates(page, start)
    scores = [1.0 if c.line == 1 and not c.piece else 0.0 for c in cands]
    assert titles.pick(page, cands, scores, start, keep).text == headline


def test_a_page_without_a_headline_keeps_its_lead_sentence_in_the_body():
    """With no headline printed, the title is the lead sentence: it is also the article's first paragraph, which
    the body keeps (it was taken out as a headline would be, and the article lost its lead)."""
    from newsdigest.ingest.text import extract_text

    lead = "Six schools will get solar panels before the new school year, the energy office said on Friday."
    dump = (f"March 14, 2026\n\n{lead}\n\nThe panels will cover a third of the power the schools use, the office "
            "said.\n\nThe city's climate fund pays for the work, which starts in June at the first two schools.\n")
    extracted = extract_text(dump)
    assert extracted.title == lead
    assert extracted.blocks[0].text == lead and len(extracted.blocks) == 3
    # a headline proper is not repeated in the body
    headline = extract_text("Solar panels for six schools\n\n" + dump)
    assert headline.title == "Solar panels for six schools"
    assert all(block.text != headline.title for block in headline.blocks)


def test_the_headline_the_address_spells_wins_over_a_pick_it_does_not():
    """A teaser of another story printed above the article, or a sign-in bar printed twice, was taken for the
    headline while the page's address spelled the real one word for word."""
    from newsdigest.ingest.title_candidates import Candidate
    from newsdigest.ingest.titles import spelled_by_address
    teaser = Candidate(3, "Facebook takes on Zoom with 'Messenger Rooms'")
    headline = Candidate(9, "Lyft extends free scooter rides for critical workers through May")
    url = "https://www.example.com/lyft-extends-free-scooter-rides-for-critical-workers-184144961.html"
    assert spelled_by_address([teaser, headline], teaser, 10, url) == headline
    assert spelled_by_address([teaser, headline], teaser, 10, "") == teaser   # no address, nothing to go by
    # A pick the address spells in part stays: the headline holds more words than the address gives.
    longer = Candidate(8, "Das neue Advanced Offroad Pro Race im ersten Test – Newcomer mit Ambitionen")
    short = Candidate(9, "Advanced Offroad Pro Race")
    url = "https://bikes.example/advanced-offroad-pro-race-test/"
    assert spelled_by_address([longer, short], longer, 10, url) == longer
    # Numbers do not count: the address's words are read without them.
    counted = Candidate(9, "Ministry sends 5,000 farm workers in 2024")
    url = "https://news.example/story/2024/5/20/ministry-sends-5000-farm-workers-in-2024/6574622"
    assert spelled_by_address([teaser, counted], teaser, 10, url) == counted
    # Too few words of the address to go by: an address of ids and one word decides nothing.
    assert spelled_by_address([teaser, Candidate(9, "Lyft")], teaser, 10, "https://x.example/news/lyft/123") == teaser


def test_a_headline_over_its_byline_far_above_the_article_is_a_candidate():
    """A video playlist of 30 teasers between the header (headline, byline, date) and the article put the headline
    out of reach: one of the teasers became the title."""
    playlist = [line for n in range(30) for line in (f"Teaser number {n} about something else entirely", "02:12")]
    text = "\n".join(["Audio", "Live TV", "Harbour authority approves night ferry service for the islands",
                      "By Mara Lind, Island Courier", "Updated 4:48 PM EST, Mon November 6, 2023", *playlist,
                      "The harbour authority approved a night ferry service on Tuesday, its board said."])
    page = lines.read_page(text)
    found = title_candidates.candidates(page, len(page.lines) - 1)
    assert any(c.text == "Harbour authority approves night ferry service for the islands" for c in found)
    assert not any(c.text == "Audio" for c in found)   # only the two lines over a byline or dateline


def test_a_chinese_or_japanese_sentence_under_the_headline_is_no_candidate():
    # the standfirst ends with the ideographic full stop; the headline, as no Chinese or Japanese headline does, not
    page = lines.read_page("\n".join([
        "ニュース", "港のフェリーが運航を再開、嵐の後で初めて",
        "沿岸新聞 2019年04月13日 09時00分",
        "4月1日～4月7日の港に関連するニュースをまとめた「今週の港ニュース」。",
        "港のフェリーは土曜日の朝、嵐で止まってから初めて運航を再開した。乗客は午前7時の便から乗ることができる。",
        "運航会社によると、桟橋の点検は金曜日の夜に終わり、安全が確認されたという。週末は臨時便も出る。",
    ]))
    texts = [c.text for c in title_candidates.candidates(page, 4)]
    assert "港のフェリーが運航を再開、嵐の後で初めて" in texts
    assert not any(text.endswith("。") for text in texts)


def test_a_videos_length_under_its_title_is_no_header_time():
    """On a page with a video playlist, each teaser sits over its length ("02:12"), which read as a time like a
    header's: the playlist's last teaser, nearest the article, became the headline."""
    from newsdigest.ingest.text import extract_text
    article = [
        "The harbour council approved a new ferry timetable on Monday, adding two early crossings on weekdays after "
        "a debate that lasted more than three hours.",
        "Supporters said the earlier crossings would help people who work on the mainland, while opponents warned "
        "that the extra trips would raise costs for the operator.",
        "The council asked the operator to report on passenger numbers after six months so that the schedule can be "
        "reviewed before the winter season begins.",
        "Residents who spoke at the meeting were divided, with several asking for a later evening sailing as well as "
        "the new morning ones.",
        "The operator said it would hire four more crew members and lease a second vessel for the busiest months.",
    ]
    playlist = [("Watch the mayor answer questions about the ferry outside the town hall", "02:12"),
                ("Fishermen say the new quay is too small for their boats", "03:47"),
                ("How the island school plans to use the early crossing", "01:16"),
                ("Storm damage closes the north pier for a week", "00:57"),
                ("Commuters line up for the first morning sailing", "04:25")]
    headline = "Council adds two early ferry crossings after long debate"
    dump = "\n".join(["Home", "News", "Sport", "Weather", "Sign in", headline, "",
                      "By Clara Endo, Harbour Gazette", "Updated 4:48 PM, Mon March 2, 2026", "Video Ad Feedback",
                      *[line for teaser in playlist for line in teaser], "Harbour Town", "",
                      *[paragraph + "\n" for paragraph in article], "Share this article", "Terms of use"])
    assert extract_text(dump).title == headline
    page = lines.read_page(dump)
    teaser = next(c for c in title_candidates.candidates(page, len(page.lines) - 3) if c.text == playlist[-1][0])
    row = title_features.features(page, [teaser], len(page.lines) - 3, len(page.lines), [0.5] * len(page.lines),
                                  [True] * len(page.lines))[0]
    assert row[title_features.FEATURES.index("meta_below")] == 0.0


def test_only_a_playlists_times_are_video_lengths():
    page = lines.read_page("\n".join(["Ferry timetable approved", "14:05", "Harbour News", "Teaser one", "02:12",
                                      "Teaser two", "03:47", "Teaser three", "01:16", "Full coverage"]))
    assert title_features.video_lengths(page) == {4, 6, 8}     # not the time under the headline
