"""The line classifier's parts: page reading, features, the shipped model, smoothing and the article's stretches."""

from __future__ import annotations

import json
import math
import time
from importlib import resources

import pytest

from newsdigest.ingest import classifier, closing_sentences, lang, lines, rules, smoothing
from newsdigest.ingest.model import Block, BlockKind, IngestError
from newsdigest.ingest.text import extract_text, first_reading, keep_lead, without_interleaved_labels
from newsdigest.ingest.text_body import drop_author_note, drop_pull_quotes


def body_blocks(text: str) -> list[tuple]:
    """(kind, text) of the body `read_body` makes of a dump whose every line but the first (the headline) the
    line model kept."""
    from newsdigest.ingest.text_body import read_body
    from newsdigest.ingest.text_marks import Line

    page = lines.read_page(text)
    marked = [Line(i, line.text, line.key) for i, line in enumerate(page.lines)]
    keep = [False] + [True] * (len(page.lines) - 1)
    body = read_body(page, marked, keep, 1, len(page.lines), page.lines[0].text)
    return [(block.kind, block.text) for block in body.blocks]


def test_read_page_keeps_the_layout_innertext_leaves():
    page = lines.read_page("Menu\nHome\n\nA paragraph of prose that ends here.\n\n  inline bit\nCell one\tCell two\n")
    # blank lines around a paragraph, none between list items; leading spaces before inline text; tabs in tables
    texts = [line.text for line in page.lines]
    assert texts == ["Menu", "Home", "A paragraph of prose that ends here.", "inline bit", "Cell one Cell two"]
    third, fourth, fifth = page.lines[2:]
    assert third.blank_before and third.blank_after and not page.lines[1].blank_before
    assert not fifth.blank_before and fourth.indented and fifth.tabbed
    assert page.lines[0].noise is True                   # "Menu": the rules are read once per line
    assert page.language == "en"


def test_features_have_one_value_per_name_for_every_line():
    page = lines.read_page("Home\nNews\n\n" + "The council approved the budget on Monday after a long debate. " * 3)
    vectors = lines.features(page)
    assert len(vectors) == len(page.lines)
    assert all(len(vector) == len(lines.FEATURE_NAMES) for vector in vectors)
    assert lines.features(lines.read_page("")) == []


def test_units_count_chinese_and_japanese_characters_as_half_words():
    [line] = lines.read_page("気象庁は発表した").lines
    assert line.units == pytest.approx(4.0)


def test_the_shipped_model_matches_the_features():
    spec = json.loads(resources.files("newsdigest.ingest").joinpath(classifier.MODEL_FILE).read_text(encoding="utf-8"))
    assert spec["features"] == lines.FEATURE_NAMES
    assert spec["context_features"] == classifier.CONTEXT_FEATURES
    model = classifier.load_model()
    assert model.title is not None and model.date is not None
    probabilities = model.probabilities(lines.read_page("Home\n\n" + "A sentence of ordinary prose that goes on. " * 4))
    assert all(0.0 <= p <= 1.0 for p in probabilities)


def test_trees_evaluate_in_plain_python():
    # One stump: feature 0 <= 1.5 -> -2, else +3.
    trees = classifier.Trees({"base": 0.5, "trees": [
        {"feature": [0, 0, 0], "threshold": [1.5, 0.0, 0.0], "left": [1, -1, -1], "right": [2, -1, -1],
         "value": [0.0, -2.0, 3.0]}]})
    assert trees.log_odds([1.0]) == pytest.approx(-1.5)
    assert trees.log_odds([2.0]) == pytest.approx(3.5)
    assert 0.97 < trees.probability([2.0]) < 0.98


def test_smoothing_keeps_a_doubtful_line_between_article_lines_and_drops_a_lone_one():
    probabilities = [0.05, 0.95, 0.9, 0.35, 0.92, 0.97, 0.1, 0.05, 0.6, 0.05]
    assert smoothing.smooth(probabilities, 2.0) == [False, True, True, True, True, True, False, False, False, False]
    assert smoothing.smooth(probabilities, 0.0) == [p >= 0.5 for p in probabilities]
    assert smoothing.smooth([], 1.0) == []


def test_stretches_anchor_and_bounds():
    page = lines.read_page("\n".join(["Teaser summary that is short."] + ["Menu"] * 4
                                     + ["An article paragraph with a good number of words in it, like prose."] * 3))
    keep = [True, False, False, False, False, True, True, True]
    assert smoothing.stretches(keep) == [(0, 1), (5, 8)]
    assert smoothing.anchor(keep, page) == 5
    assert smoothing.bounds(keep) == (0, 8) and smoothing.bounds([False, False]) == (0, 0)


@pytest.mark.parametrize("header", ["Related Articles", "Meistgelesen", "Noticias relacionadas", "관련기사"])
def test_other_stories_after_a_section_header_are_dropped_but_in_article_widgets_are_not(header):
    article = ["Paragraph number %d of the article, which has a good number of words in it." % i for i in range(6)]
    teaser = "A teaser of another story, long enough to look like prose to anyone reading it."
    text = "\n".join(article + [header] + ["link"] * 8 + [teaser])
    page = lines.read_page(text)
    keep = [True] * 6 + [False] * 9 + [True]
    smoothing.drop_other_stories(keep, page, rules.is_section_header)
    assert keep[-1] is False and all(keep[:6])
    # A short widget inside the article: the text after it is the article's own.
    text = "\n".join(article[:3] + [header, "link", "link"] + article[3:])
    page = lines.read_page(text)
    keep = [True] * 3 + [False] * 3 + [True] * 3
    smoothing.drop_other_stories(keep, page, rules.is_section_header)
    assert all(keep[6:])


def test_sentences_far_below_the_article_must_weigh_half_of_it_to_stay():
    """A footer's product blurbs (sentences, under the site index and its menus, 130 lines below the article) were
    kept: over a quarter as heavy as the article, which is all that a stretch right after it must weigh."""
    article = ["Paragraph number %d of the article, which has a good number of words in it." % i for i in range(6)]
    blurbs = ["The industry's leading tool for tax, accounting and finance professionals everywhere."] * 2
    far = "\n".join(article + ["Read Next"] + ["Menu entry"] * (smoothing.FAR_GAP - 1) + blurbs)
    keep = [True] * 6 + [False] * smoothing.FAR_GAP + [True] * 2
    smoothing.drop_other_stories(keep, lines.read_page(far), rules.is_section_header)
    assert all(keep[:6]) and not any(keep[6:])
    # The same stretch nearer the article (a short box between its parts) is its own text, as before.
    near = "\n".join(article + ["Read Next"] + ["Menu entry"] * 9 + blurbs)
    keep = [True] * 6 + [False] * 10 + [True] * 2
    smoothing.drop_other_stories(keep, lines.read_page(near), rules.is_section_header)
    assert all(keep[:6]) and all(keep[-2:])


def test_a_headline_run_into_its_summary_is_a_teaser_link_not_article_text():
    english = lang.stop_words("en")
    teasers = ["Harbour Ferry Returns To Service After Winter RepairsThe ferry between the two villages sails again "
               "from Monday morning.",
               "Council Votes On New Cycle Lanes For The High Street?A decision on the plan is expected "
               "before the summer.",
               "City Library Opens Late On Thursdays From NextIn a change to its hours the library stays open."]
    assert all(rules.is_glued_teaser(text, english) for text in teasers)
    prose = ["The start-up WeWork said on Tuesday that its MacBook fleet was being replaced across all offices.",
             "Owners of a PlayStation or an iPhone can download the update from today, the company said.",
             "Harbour Ferry Returns To Service After Winter Repairs",   # a headline alone
             "Port Louis (Island News Agency)The harbour reopened on Monday after a week of repairs to its quay.",
             "He said the plan was sound.The council will vote on it next week, the mayor told reporters.",
             "Die Stadtbibliothek Öffnet Donnerstags Länger Als BisherDie Öffnungszeiten ändern sich ab Montag."]
    assert not any(rules.is_glued_teaser(text, english) for text in prose)
    assert rules.is_glued_teaser(prose[-1], lang.stop_words("de"))
    article = ["Paragraph number %d of the article, which has a good number of words in it." % i for i in range(4)]
    page = lines.read_page("\n".join(article + teasers))
    keep = [True] * 7
    smoothing.drop_glued_teasers(keep, page)
    assert keep == [True] * 4 + [False] * 3


GERMAN = """Startseite
Politik
Wirtschaft
Der Bundestag hat am Donnerstag über den Haushalt beraten
Von Anna Schmidt
19. November 2019, 14:02 Uhr
Der Bundestag hat am Donnerstag in Berlin über den Haushalt für das kommende Jahr beraten und dabei auch über die Schuldenbremse gestritten.
Die Regierung will die Ausgaben für Bildung und Forschung erhöhen, während die Opposition mehr Geld für die Länder und Kommunen fordert.
Eine Entscheidung wird für die kommende Woche erwartet, wenn der Haushaltsausschuss seine Beratungen abgeschlossen hat.
Mehr zum Thema
Impressum
"""


def test_a_non_english_page_is_not_refused():
    extracted = extract_text(GERMAN)
    assert extracted.lang == "de"
    assert any("Schuldenbremse" in block.text for block in extracted.blocks)
    assert str(extracted.published).startswith("2019-11-19")
    assert extracted.author == "Anna Schmidt"   # "Von Anna Schmidt": a byline in German
    assert not any("Anna Schmidt" in block.text for block in extracted.blocks)


def test_a_page_without_article_text_is_refused():
    with pytest.raises(IngestError, match="no article found"):
        extract_text("Home\nNews\nSport\nWeather\nContact us\n")


def test_speed_of_a_long_page():
    page = "\n".join(["Menu item %d" % i for i in range(150)] + [GERMAN] * 5
                     + ["Footer link %d" % i for i in range(150)])
    extract_text(page)
    began = time.perf_counter()
    extract_text(page)
    assert time.perf_counter() - began < 1.0


def test_pathological_dumps_take_seconds_not_minutes():
    # A guard against work that grows with the square of the page, not a speed target (benchmarks hold those):
    # 20,000 menu lines sharing an ending took over a minute when a glued label was looked for among every
    # headline with the same last characters, and a line of 20,000 dates took minutes when each date re-read it.
    menu = "\n".join(f"Line {i} Menu Item" for i in range(20_000))
    dates = "12.03.2024 10:00 " * 20_000
    for text in (menu, dates):
        began = time.perf_counter()
        try:
            extract_text(text)
        except IngestError:
            pass
        assert time.perf_counter() - began < 40.0


def test_only_the_first_dates_of_a_line_are_candidates():
    from newsdigest.ingest.publication_date import MAX_DATES_PER_LINE, date_candidates
    found = date_candidates(["Kickoff", "12.03.2024 10:00 " * 100, "Published 14.03.2024"], "de")
    assert [c.line for c in found].count(1) == MAX_DATES_PER_LINE
    assert found[-1].line == 2 and found[-1].published


def test_a_page_with_nothing_below_its_headline_is_refused():
    with pytest.raises(IngestError, match="nothing is left below the headline"):
        extract_text("AbcDefGhiJklMnoPqrStuVwx " * 2000)


def test_compiled_trees_give_the_sums_of_walking_them():
    import random
    spec = {"base": -0.25, "trees": [
        {"feature": [0, 1, 0, 0, 0], "threshold": [1.5, math.inf, 0.0, 0.0, 0.0], "left": [1, 3, -1, -1, -1],
         "right": [2, 4, -1, -1, -1], "value": [0.0, 0.0, 0.75, -1.5, 2.0]},
        {"feature": [1, 0, 0], "threshold": [-0.5, 0.0, 0.0], "left": [1, -1, -1], "right": [2, -1, -1],
         "value": [0.0, 0.125, -0.375]}]}
    trees = classifier.Trees(spec)
    draw = random.Random(3)
    for _ in range(200):
        x = [draw.choice([-1.0, 0.0, 1.5, 2.0, draw.uniform(-3, 3)]), draw.choice([-0.5, 0.0, math.inf, -2.0])]
        assert trees.log_odds(x) == trees.walk(x)


def test_repeated_paragraphs_go_and_a_pull_quote_goes_within_its_articles_reach():
    from newsdigest.ingest.model import Block, BlockKind
    from newsdigest.ingest.text_body import CONTAINED_REACH, dedupe_blocks

    def paragraph(text: str) -> Block:
        return Block(BlockKind.PARAGRAPH, text)

    said = "The mayor said the bridge would reopen before the winter, whatever the cost of the repairs."
    quote = paragraph("“The bridge would reopen before the winter”")
    opening = paragraph(f"On Monday, after a long meeting of the council, {said}")
    kept = dedupe_blocks([opening, quote, paragraph(said.upper()), paragraph("Photo: City Hall")], ["Photo: City Hall"])
    assert kept == [opening]      # the pull quote, the same paragraph again (as compared) and the caption go
    # Only an article's worth of paragraphs is looked in, so a page of 50,000 lines is not quadratic
    filler = [paragraph(f"Paragraph number {n} of a very long page of text lines.") for n in range(CONTAINED_REACH)]
    assert dedupe_blocks([opening, *filler, quote], []) == [opening, *filler, quote]


def test_a_dump_of_more_lines_than_any_article_page_is_refused_with_the_count():
    from newsdigest.ingest.text import MAX_LINES

    with pytest.raises(IngestError, match="50,001 lines"):
        extract_text("The council met on Monday to discuss the budget for the year ahead.\n" * (MAX_LINES + 1))


def test_a_dump_of_more_text_than_any_article_page_is_refused_at_once():
    """50 MB of long lines, under the bound on lines, ran for the whole minute a page may take before it failed."""
    with pytest.raises(IngestError, match="12 million characters"):
        extract_text(("The council met on Monday to discuss the budget for the year ahead. " * 900 + "\n") * 200)


def test_a_dump_run_into_one_line_is_refused_when_its_sentences_are_more_lines_than_any_article_page():
    # Saved without line breaks, its sentences become its lines: as many as a dump of 50,001 lines reads,
    # which took minutes and gigabytes for a 50 MB page
    from newsdigest.ingest.text import MAX_LINES

    with pytest.raises(IngestError, match="50,001 sentences"):
        extract_text("The council met on Monday to discuss the budget for the year ahead. " * (MAX_LINES + 1))


@pytest.mark.parametrize("header", ["Related Articles", "関連記事", "Meistgelesen", "Comments"])
def test_a_kept_section_header_is_not_article_text(header):
    paragraphs = [f"The harbour board met on day {n} and agreed to dredge the northern channel before spring."
                  for n in range(1, 4)]
    # as if the line model had kept every line but the headline, the header as well
    text = "\n".join(["Harbour board agrees to dredge the channel", *paragraphs, header])
    assert [block_text for _, block_text in body_blocks(text)] == paragraphs


def test_one_long_line_above_the_headline_is_not_the_article_but_paragraphs_may_be():
    from newsdigest.ingest.text import drop_above_title

    ticker = " ".join(f"Harbour story number {n} in brief with its summary cut short here..." for n in range(40))
    paragraph = "The harbour board agreed on Monday to dredge the northern channel before the spring tides arrive."
    headline = "Harbour board agrees to dredge the channel"
    page = lines.read_page("\n".join([ticker, headline, paragraph, paragraph + " Again.", paragraph + " Once more."]))
    keep = [True, False, True, True, True]
    drop_above_title(keep, 1, page)
    assert keep == [False, False, True, True, True]      # a ticker run into one line, however long, goes
    # three paragraphs above that outweigh the text below: the "headline" is a subheading inside the article
    page = lines.read_page("\n".join([paragraph * 3, paragraph * 3, paragraph * 3, headline, paragraph]))
    keep = [True, True, True, False, True]
    drop_above_title(keep, 3, page)
    assert keep == [True, True, True, False, True]


def test_a_line_that_introduces_what_follows_stays_a_paragraph_with_its_colon():
    from newsdigest.ingest.model import BlockKind

    lead_in = "The harbour board listed three reasons for the delay:"
    subheading = "Dredging starts in spring"
    paragraph = "The board agreed on Monday to dredge the northern channel before the spring tides arrive in March."
    text = "\n".join(["Harbour board delays the channel works", paragraph, lead_in, paragraph + " First.",
                      subheading, paragraph + " Second."])
    assert body_blocks(text) == [
        (BlockKind.PARAGRAPH, paragraph), (BlockKind.PARAGRAPH, lead_in), (BlockKind.PARAGRAPH, paragraph + " First."),
        (BlockKind.HEADING, subheading), (BlockKind.PARAGRAPH, paragraph + " Second.")]


def test_a_dash_or_a_number_makes_a_list_item_only_in_a_run_of_short_lines_marked_alike():
    from newsdigest.ingest.model import BlockKind

    paragraph = "The board agreed on Monday to dredge the northern channel before the spring tides arrive in March."
    quote = "– We were clear about the risks from the start, the harbour master told the board on Monday evening."
    club = "1. FC Harbour won the cup final on Saturday, the club's first trophy since the harbour was rebuilt."
    text = "\n".join(["Harbour board agrees to dredge the channel", paragraph, quote, paragraph + " Then.", club,
                      paragraph + " Next.", "1. Close the locks", "2. Dredge the channel", paragraph + " Last."])
    assert body_blocks(text) == [
        (BlockKind.PARAGRAPH, paragraph), (BlockKind.PARAGRAPH, quote), (BlockKind.PARAGRAPH, paragraph + " Then."),
        (BlockKind.PARAGRAPH, club), (BlockKind.PARAGRAPH, paragraph + " Next."),
        (BlockKind.ITEM, "1. Close the locks"), (BlockKind.ITEM, "2. Dredge the channel"),
        (BlockKind.PARAGRAPH, paragraph + " Last.")]


def test_chinese_and_japanese_sentences_are_paragraphs_and_the_japanese_bullet_marks_an_item():
    from newsdigest.ingest.model import BlockKind

    short = "港の工事は来月に始まる。"            # a short sentence: no subheading, however few its words
    longer = "港湾局は月曜日、北側の航路のしゅんせつを春の大潮の前に行うことを決めたと発表した。関係者によると費用は市が負担する。"
    text = "\n".join(["港湾局が航路のしゅんせつを決定", short, longer, "・工事は夜間に行う", "・船の通行は続く", longer])
    assert body_blocks(text) == [
        (BlockKind.PARAGRAPH, short), (BlockKind.PARAGRAPH, longer),
        (BlockKind.ITEM, "工事は夜間に行う"), (BlockKind.ITEM, "船の通行は続く"), (BlockKind.PARAGRAPH, longer)]


HINDI = """होम
समाचार
खेल
मनोरंजन
शहर में नई बस सेवा शुरू होगी
नगर परिषद ने मंगलवार को शहर के पूर्वी हिस्से के लिए नई बस सेवा को मंजूरी दे दी।
परिषद के अध्यक्ष ने कहा कि पहली बसें अगले महीने से चलेंगी और किराया पहले जैसा ही रहेगा।
अधिकारियों के अनुसार इस योजना पर लगभग दो करोड़ रुपये खर्च होंगे, जिसका बड़ा हिस्सा राज्य सरकार देगी।
स्थानीय व्यापारियों ने इस फैसले का स्वागत किया और कहा कि इससे बाजार तक पहुंचना आसान होगा।
संपर्क करें
"""


@pytest.mark.parametrize("sentence", ["परिषद ने बस सेवा को मंजूरी दी।", "Խորհուրդը հաստատեց նոր ծրագիրը։",
                                      "کونسل نے نئی بس سروس کی منظوری دی۔", "هل ستبدأ الخدمة الشهر المقبل؟"])
def test_sentences_end_with_the_full_stops_of_other_scripts(sentence):
    assert lines.ends_like_sentence(sentence)


def test_a_hindi_article_ending_its_sentences_with_the_danda_is_read():
    extracted = extract_text(HINDI)
    assert extracted.title == "शहर में नई बस सेवा शुरू होगी"
    texts = [block.text for block in extracted.blocks]
    assert texts[0].startswith("नगर परिषद") and texts[-1].startswith("स्थानीय व्यापारियों")


def test_a_sentence_ending_in_a_colon_right_above_article_text_introduces_it():
    """"After the vote, the council issued a statement to reporters that ...:" above the statement was dropped: the
    model doubts a line that does not end like a sentence, and the article lost its first paragraph."""
    text = "\n".join([
        "Menu",
        "After the vote on Tuesday evening, the city council issued a short statement to reporters that said:",
        "“The tram will run along Quay Street, and the works will start next spring as the plan says.”",
        "Short note:",
        "Councillors who voted against the plan asked for quarterly reports on the budget and the works.",
    ])
    page = lines.read_page(text)
    keep = [False, False, True, False, True]
    smoothing.keep_introductions(keep, page)
    assert keep == [False, True, True, False, True]   # a label of two words introduces nothing


PARAGRAPH = ("The council's figures show that imports from the region fell by half over the decade, while exports "
             "of machinery held steady, and officials expect the same pattern to continue into next year.")


def test_a_paragraph_the_model_doubted_between_article_lines_is_kept():
    """A chart's consent notice above a paragraph made the model doubt the paragraph (0.40 where the article's own
    lines scored 0.5-0.6), and the article lost it; a paragraph between kept article lines is the article's."""
    page = lines.read_page("\n".join([
        PARAGRAPH, "Trade chart", "One click for privacy", PARAGRAPH.replace("imports", "exports"),
        PARAGRAPH.replace("council", "ministry"),
    ]))
    keep = [True, False, False, False, True]
    smoothing.keep_paragraphs_between(keep, page, [0.6, 0.1, 0.05, 0.4, 0.6])
    assert keep == [True, False, False, True, True]
    # Too doubtful, too far from the article, or a short line: left out.
    for probabilities, start in (([0.6, 0.1, 0.05, 0.2, 0.6], [True, False, False, False, True]),
                                 ([0.6, 0.1, 0.05, 0.4, 0.6], [False, False, False, False, True])):
        keep = list(start)
        smoothing.keep_paragraphs_between(keep, page, probabilities)
        assert keep == start
    short = lines.read_page("\n".join([PARAGRAPH, "Trade chart", "Imports fell by half.", PARAGRAPH]))
    keep = [True, False, False, True]
    smoothing.keep_paragraphs_between(keep, short, [0.6, 0.1, 0.9, 0.6])
    assert keep == [True, False, False, True]


def test_one_doubted_paragraph_never_vouches_for_the_next():
    page = lines.read_page("\n".join([PARAGRAPH, "Chart", "Chart", PARAGRAPH + " One.", PARAGRAPH + " Two.",
                                      "Chart", PARAGRAPH]))
    keep = [True, False, False, False, False, False, True]
    smoothing.keep_paragraphs_between(keep, page, [0.6, 0.1, 0.1, 0.5, 0.5, 0.1, 0.6])
    assert keep == [True, False, False, True, False, False, True]   # the second has no article line close above


def test_a_dump_run_into_one_line_keeps_no_doubted_sentence_between_kept_ones():
    """Its lines are sentences, and a teaser's or a menu's sentence is as long as an article's."""
    page = lines.read_page("\n".join([PARAGRAPH, PARAGRAPH.replace("imports", "exports"), PARAGRAPH]))
    flat, _, _ = first_reading(page, [0.9, 0.4, 0.9], 0.5, 0.0, flattened=True)
    read, _, _ = first_reading(page, [0.9, 0.4, 0.9], 0.5, 0.0)
    assert flat == [True, False, True] and read == [True, True, True]


def test_the_line_under_a_caption_label_is_the_caption():
    """"Image caption," on a line of its own over the caption (BBC's layout): the caption was taken for the
    headline; the label itself is noise."""
    page = lines.read_page("\n".join(["Harbour authority approves night ferry service", "IMAGE SOURCE,", "Coast Wire",
                                       "Image caption,", "The night ferry leaves the harbour for the islands at dawn",
                                       "The harbour authority approved a night ferry service on Tuesday."]))
    assert [(line.caption, line.noise) for line in page.lines] == [
        (False, False), (False, True), (True, False), (False, True), (True, False), (False, False)]


def test_a_players_captions_button_or_a_label_before_a_blank_line_marks_no_caption():
    """A video player's "Captions" button made the headline under it a caption, and the headline was lost."""
    page = lines.read_page("\n".join(["Play Video", "Captions", "Harbour authority approves night ferry service",
                                       "Image caption,", "", "The harbour authority approved a night ferry service."]))
    assert not any(line.caption for line in page.lines)


def test_when_the_model_keeps_nothing_the_densest_prose_is_never_the_footer():
    # A paywalled page: one teaser paragraph of the article, then the publisher's footer in one long line. With no
    # line kept by the model, the fallback takes the densest prose: the paragraph, not the longer footer.
    lead = ("The community centre invited local employers to a round table. Those taking part talked about how "
            "employers can still find enough staff at a time when skilled workers are scarce. With them: the head "
            "of personnel of the ...")
    footer = ("© Example Media AG | Example Media AG | Main Street 31-33 | PO Box | 4450 Townsville "
              "| Phone 061 000 10 10 | Fax 061 000 10 13 Opening hours: 08.00 - 12.00 | 13.30 - 17.30 "
              "(Friday until 17.00) and Saturday mornings by appointment only, closed on public holidays")
    page = lines.read_page("\n".join(["Home", "Region", "Sport", "Good wages alone are not enough",
                                      "07.11.2023 Townsville", lead, "Share", "Share", footer]))
    keep, _, _ = first_reading(page, [0.0] * len(page.lines), 0.4, 0.0)
    assert [line.text for line, kept in zip(page.lines, keep) if kept] == [lead]


_TEASERS = ["Harbour ferry fares to rise in spring", "Council names new head of the fire brigade",
            "Bakery in the old town closes after 90 years", "Three cyclists hurt in crash on the ring road",
            "New playground opens beside the river", "Museum night draws record crowd",
            "Rail line closed for repairs over Easter", "Youth choir wins regional contest"]


def test_when_the_kept_lines_state_nothing_the_prose_that_does_is_the_article():
    # A paywalled page: the article's two sentences scored under the threshold, a list of other stories' headlines
    # above it. Headlines state nothing (no full stop); the article's sentences do.
    article = ["The weather service recorded a strong earthquake off the coast on Monday evening, and a tsunami "
               "warning was issued for two prefectures.",
               "The quake's magnitude was estimated at 6.9; no damage had been reported by midnight."]
    page = lines.read_page("\n".join(["Home", *_TEASERS, "Earthquake shakes the south coast", *article,
                                      "Contact"]))
    probabilities = [0.7 if line.text in _TEASERS else 0.3 if line.text in article else 0.0 for line in page.lines]
    keep, _, _ = first_reading(page, probabilities, 0.5, 0.0)
    assert [line.text for line, kept in zip(page.lines, keep) if kept] == article


def test_an_article_that_is_a_list_stays_when_no_prose_states_more():
    # A changelog: nothing on the page ends in a full stop, so the kept list stays the article.
    items = [f"+ Added {name}" for name in ("granite and andesite blocks", "a slime block", "an iron trapdoor",
                                           "banners in every colour", "armor stands", "a spectator mode")]
    page = lines.read_page("\n".join(["Home", "Version 1.8 - The Bountiful Update", *items, "Reblog",
                                      "Why does my village have no farmers?"]))
    probabilities = [0.7 if line.text in items else 0.0 for line in page.lines]
    keep, _, _ = first_reading(page, probabilities, 0.5, 0.0)
    assert [line.text for line, kept in zip(page.lines, keep) if kept] == items


_HARBOUR = ["The council approved the new ferry timetable on Tuesday after a debate that ran late into the night.",
            "From May, boats will leave the harbour every half hour, twice as often as they do today.",
            "The harbour master said the crews were ready and that two more boats would be leased."]


def _kept_after_pull_quotes(texts: list[str]) -> list[str]:
    page = lines.read_page("\n".join(texts))
    keep = [True] * len(page.lines)
    drop_pull_quotes(keep, page)
    return [line.text for line, kept in zip(page.lines, keep) if kept]


def test_a_quote_pulled_out_with_its_speakers_name_and_role_goes():
    quote = "Die Fähren müssen öfter fahren, sonst bleibt der Hafen leer."
    for speaker in ("Mara Quill, Hafenverband Nord", "— Commodore Jo Tan"):
        texts = [*_HARBOUR[:2], quote, speaker, _HARBOUR[2]]
        assert _kept_after_pull_quotes(texts) == _HARBOUR


def test_quotes_in_a_row_each_with_a_name_or_a_name_alone_stay():
    # Reviewers' verdicts one after another are the article's own; a name with no role may be a subheading.
    verdicts = ["The timetable is the best news the island has had in years, and long overdue.",
                "– Mara Quill, Harbour Gazette", "Twice as many boats will change how people live here.",
                "– Jo Tan, Writer"]
    assert _kept_after_pull_quotes([_HARBOUR[0], *verdicts, _HARBOUR[1]]) == [_HARBOUR[0], *verdicts, _HARBOUR[1]]
    alone = [_HARBOUR[0], "The crews say they are ready for the new timetable.", "Harbour Crews", _HARBOUR[1]]
    assert _kept_after_pull_quotes(alone) == alone


def _paragraphs(*texts: str) -> list[Block]:
    return [Block(BlockKind.PARAGRAPH, text) for text in texts]


def test_the_authors_note_under_the_article_goes():
    blocks = _paragraphs("The council approved the harbour timetable on Tuesday after a long debate.",
                         "Ferries will run every half hour from May.",
                         "Ana Ferreira is a politics reporter for the Harbour Gazette.")
    assert drop_author_note(blocks, "Ana Ferreira") == blocks[:2]
    german = _paragraphs("Der Rat hat den Fahrplan beschlossen.", "Max Muster schreibt seit 2008 für die Zeitung.",
                         "Mehr Fähren fahren ab Mai.")
    assert drop_author_note(german, "Max Muster") == [german[0], german[2]]


def test_a_sentence_about_someone_else_or_far_above_the_end_stays():
    blocks = _paragraphs("Ana Ferreira is a politics reporter for the Harbour Gazette.",
                         "The council approved the harbour timetable on Tuesday after a long debate.",
                         "Ferries will run every half hour from May.",
                         "John Smith is a ferry captain who has worked the route for 20 years.")
    assert drop_author_note(blocks, "Ana Ferreira") == blocks
    assert drop_author_note(blocks, "") == blocks


def test_the_lead_paragraph_over_a_results_box_is_kept():
    # The first paragraph stands under the headline, a photo's names between it and the rest of the article: the
    # model doubted it (0.3), the layout says it is the article's first paragraph.
    lead = ("The Norwegian jumper won the last competition of the weekend on Sunday, ahead of the German and the "
            "Slovenian, who both jumped further in the second round.")
    rest = ["The overall standings stay close after the weekend, with three jumpers within forty points.",
            "The winner said the wind had made the second round hard for everyone, but he was happy with both jumps.",
            "The next competition is in two weeks, the last before the winter games."]
    page = lines.read_page("\n".join(["Ski jumping", "Norwegian wins the weekend's last jump",
                                      "30.01.2022 18:36", lead, "Jumper One", "Jumper Two", *rest, "More sport"]))
    probabilities = [0.3 if line.text == lead else 0.8 if line.text in rest else 0.0 for line in page.lines]
    keep, marked, _ = first_reading(page, probabilities, 0.5, 0.0)
    assert keep_lead(keep, page, probabilities, marked, title=1)
    assert [line.text for line, kept in zip(page.lines, keep) if kept] == [lead, *rest]
    # Never the headline itself or a line above it.
    keep, marked, _ = first_reading(page, probabilities, 0.5, 0.0)
    assert not keep_lead(keep, page, probabilities, marked, title=3)


def test_a_label_printed_between_every_paragraph_is_taken_out():
    paragraphs = [f"Paragraph {n} of the report says what the council decided about the harbour and why it matters "
                  f"to the people who live there." for n in range(9)]
    teasers = ["Ferry fares rise", "New head of the fire brigade", "Bakery closes"]
    dump = "\n".join(["Home", "Council approves the harbour plan"]
                     + [row for p in paragraphs for row in ("Article content", p)]
                     + [row for t in teasers for row in ("Advertisement", t)] + ["Advertisement"] * 6)
    cleaned = without_interleaved_labels(dump).split("\n")
    # Between two paragraphs the label goes; under the headline, or among teasers, it stays.
    assert cleaned[:4] == ["Home", "Council approves the harbour plan", "Article content", paragraphs[0]]
    assert cleaned[4:12] == paragraphs[1:]
    assert cleaned.count("Article content") == 1 and cleaned.count("Advertisement") == 9


def test_a_speakers_label_and_a_label_printed_a_few_times_stay():
    answer = "The idea came to me in a dream, and I wrote the first chapter the next morning before work began."
    dump = "\n".join(row for _ in range(8) for row in ("Anne:", answer))
    assert without_interleaved_labels(dump) == dump
    dump = "\n".join(row for _ in range(5) for row in ("Advertisement", answer))
    assert without_interleaved_labels(dump) == dump


SWAHILI_PAGE = """Nyumbani
Habari
Michezo
Wakulima wa chai walalamikia bei ndogo ya majani mabichi
Na Amina Juma
Jumatano, Mei 6, 2026
Wakulima wa chai katika kaunti za milimani wamelalamikia bei ndogo wanayolipwa kwa kilo moja ya majani mabichi.
Wakizungumza katika mkutano wa hadhara, wakulima hao walisema gharama ya mbolea imeongezeka maradufu tangu mwaka jana.
Mwenyekiti wa chama cha wakulima aliitaka serikali kuingilia kati ili kuwalinda wakulima wadogo.
Wizara ya Kilimo imesema itatoa taarifa kuhusu suala hilo wiki ijayo.
Shiriki
Habari Zaidi
Bei ya mahindi yashuka
Haki zote zimehifadhiwa © 2026"""


def test_the_closing_sentences_end_at_a_button_or_label_in_any_language():
    """A short report's last paragraphs, which the model doubts beside the end of the article, run on to a share
    button or a "read also" label in a language no rule knows ("Shiriki", "Citește și:"): they were lost."""
    body = [block.text for block in extract_text(SWAHILI_PAGE).blocks]
    assert body[-1] == "Wizara ya Kilimo imesema itatoa taarifa kuhusu suala hilo wiki ijayo." and len(body) == 4
    article = ["The council approved the harbour timetable on Tuesday after a long debate in the chamber.",
               "Ferries will run every half hour from May, and on Sundays every hour.",
               "The operator said it would hire six more crew members before the summer season starts."]
    for label, kept in [("Citește și:", True), ("Share", True), ("AFP", False), ("Terms and conditions", False)]:
        page = lines.read_page("\n".join(["Harbour timetable approved", *article, label, "Other story headline"]))
        probabilities = [0.9, 0.9, 0.2, 0.2, 0.02, 0.01]
        keep = smoothing.decide(probabilities, 0.5, 0.0)
        closing_sentences.keep_closing_sentences(keep, page, probabilities, lambda line: False)
        assert keep[2:4] == [kept, kept], label


UKRAINIAN_PAGE = """Головна
Новини
Спорт
У порту відкрили новий рибний ринок після кількох місяців робіт
5 травня 2026, 10:30
Міська рада сьогодні вранці відкрила новий рибний ринок у порту після кількох місяців будівництва причалів і складів.
За словами міського голови, на ринку буде понад шістдесят місць для рибалок і торговців, а ціни залишаться доступними.
Другий етап проєкту розпочнеться восени і передбачає велику парковку та майданчик для туристів.
Перших відвідувачів приймуть уже наступного тижня.
Поділитися
Читайте також
"""


def test_a_short_last_sentence_closes_the_article_with_the_paragraphs_above_it():
    """A short report's last sentence of six words stopped its doubted closing paragraphs from reaching the share
    button: a made-up Ukrainian page kept one paragraph of four."""
    body = [block.text for block in extract_text(UKRAINIAN_PAGE).blocks]
    assert len(body) == 4 and body[-1] == "Перших відвідувачів приймуть уже наступного тижня."
    article = ["The council approved the harbour timetable on Tuesday after a long debate in the chamber.",
               "The operator said it would hire six more crew members before the summer season starts."]
    for last, kept in [("Ferries run again from Monday.", True), ("What do you think of it?", False),
                       ("Source: Nordic Wire.", False)]:
        page = lines.read_page("\n".join(["Harbour timetable approved", *article, last, "Share", "Other story"]))
        probabilities = [0.9, 0.9, 0.2, 0.2, 0.02, 0.01]
        keep = smoothing.decide(probabilities, 0.5, 0.0)
        closing_sentences.keep_closing_sentences(keep, page, probabilities, lambda line: False)
        assert keep[2:4] == [kept, kept], last


def test_an_interviews_last_question_and_its_answer_close_it():
    """An interview's last question is a short line, which stopped its doubted answer (and itself) from reaching
    the end of the article's section: a German interview lost its last question and answer."""
    article = ["The council approved the harbour timetable on Tuesday after a long debate in the chamber.",
               "Q: Will you miss it?", "A: Every day. But I am 68 and my knees are telling me it is time to go."]
    for after, kept in [("Share", True), ("Harbour festival sells out in a day", False)]:
        page = lines.read_page("\n".join(["Harbour timetable approved", *article, after, "Other story"]))
        probabilities = [0.9, 0.9, 0.25, 0.2, 0.02, 0.01]
        keep = smoothing.decide(probabilities, 0.5, 0.0)
        closing_sentences.keep_closing_sentences(keep, page, probabilities, lambda line: False)
        assert keep[2:4] == [kept, kept], after
    question = ["Frage: Verlieren Sie manchmal die Geduld?", "Wie geht es weiter?"]    # no answer: no article text
    page = lines.read_page("\n".join(["Harbour timetable approved", article[0], *question, "Teilen"]))
    probabilities = [0.9, 0.9, 0.25, 0.2, 0.02]
    keep = smoothing.decide(probabilities, 0.5, 0.0)
    closing_sentences.keep_closing_sentences(keep, page, probabilities, lambda line: False)
    assert keep[2:4] == [False, False]


def test_a_thai_article_whose_paragraphs_end_in_no_mark_is_found():
    """Thai ends a sentence with a space, and a paragraph with nothing: no line of a Thai page looked like a
    sentence, and a page whose model scores were low was refused as having no article."""
    paragraphs = ["กรมอุตุนิยมวิทยาออกประกาศเตือนประชาชนในพื้นที่ภาคใต้ให้ระวังฝนตกหนักถึงหนักมาก "
                  "ซึ่งอาจทำให้เกิดน้ำท่วมฉับพลันและน้ำป่าไหลหลาก",
                  "โดยเฉพาะจังหวัดนครศรีธรรมราช สุราษฎร์ธานี และสงขลา ที่คาดว่าจะได้รับผลกระทบมากที่สุด",
                  "เจ้าหน้าที่ท้องถิ่นได้เตรียมเครื่องสูบน้ำและกระสอบทรายไว้แล้วในหลายพื้นที่เสี่ยง",
                  "ชาวประมงควรงดออกจากฝั่งในช่วงนี้ เนื่องจากคลื่นลมในทะเลมีกำลังแรง"]
    page = ["หน้าแรก", "ข่าว", "การเมือง", "เศรษฐกิจ", "กีฬา", "ข่าวทั่วไป",
            "กรมอุตุฯ เตือนฝนตกหนักหลายจังหวัดภาคใต้ ช่วง 3 วันข้างหน้า", "เผยแพร่: 7 พ.ค. 2569 08:15 น.",
            *paragraphs, "แชร์", "Facebook", "LINE", "ข่าวที่เกี่ยวข้อง", "น้ำท่วมเชียงใหม่คลี่คลายแล้ว",
            "ราคายางพาราปรับตัวขึ้น", "© 2569 สงวนลิขสิทธิ์"]
    article = extract_text("\n".join(page))
    assert [block.text for block in article.blocks] == paragraphs
    assert article.title == "กรมอุตุฯ เตือนฝนตกหนักหลายจังหวัดภาคใต้ ช่วง 3 วันข้างหน้า"
    assert lang.ends_unmarked(paragraphs[0]) and not lang.ends_unmarked("A sentence.")
