"""The L3S-GN1 build (`evaluation/build_gn1.py`): the truth read from an annotated page, the headline choice, the
repair of characters the annotated pages lost, and reading a dataset folder. Made-up pages only: no network, no
Chromium, no copy of the dataset."""

from __future__ import annotations

from evaluation import build_gn1, html_tools

ANNOTATED = """<html><head><title>Harbour bridge reopens - The Coastal Post</title>
<style type="text/css">.x-nc-sel1 { display: block !important; }</style></head>
<body>
<div class="nav"><span class="x-nc-sel0">Home</span> <span class="x-nc-sel0">Local news</span></div>
<h1>
<span class="x-nc-sel1">Harbour bridge</span>
<a href="javascript:void(0)"><span class="x-nc-sel1">reopens   after
repairs</span></a>
</h1>
<div class="story">
<p>
<span class="x-nc-sel2">The old harbour bridge opened to traffic again on</span>
<a href="javascript:void(0)"><span class="x-nc-sel2">Monday</span></a>
<span class="x-nc-sel2">, two years after a storm closed it.</span>
</p>
<div class="photo"><span class="x-nc-sel3">Cars cross the bridge at dawn. (Photo: C. Post)</span></div>
<p>
<span class="x-nc-sel2">Engineers replaced every cable.</span>
<br>
<span class="x-nc-sel2">The toll stays at two dollars.</span>
<span class="x-nc-invisible"><span class="x-nc-sel2">Text no reader sees</span></span>
</p>
<noscript class="x-nc-invisible"><span class="x-nc-sel2">Please enable JavaScript</span></noscript>
</div>
<h3><span class="x-nc-sel0">Related</span></h3>
<ul>
<li><a href="javascript:void(0)"><span class="x-nc-sel4">Ferry timetable changes in spring</span></a></li>
<li><a href="javascript:void(0)"><span class="x-nc-sel4">Council to raise parking fees</span></a></li>
</ul>
<div><span class="x-nc-sel5">Great news, finally! (posted by a reader)</span></div>
<script class="x-nc-invisible">var tracker = "x-nc-sel2";</script>
</body></html>"""


def test_truth_is_the_headline_and_the_full_text_blocks():
    truth = build_gn1.annotated_truth(ANNOTATED)
    assert truth.title == "Harbour bridge reopens after repairs"
    assert truth.headlines == ["Harbour bridge reopens after repairs"]
    assert truth.body == ("The old harbour bridge opened to traffic again on Monday, two years after a storm closed "
                          "it.\n\nEngineers replaced every cable.\n\nThe toll stays at two dollars.")


def test_a_page_without_a_headline_has_no_title():
    truth = build_gn1.annotated_truth('<html><body><p><span class="x-nc-sel2">Only text.</span></p></body></html>')
    assert truth.title is None and truth.headlines == [] and truth.body == "Only text."


def test_the_headline_is_chosen_among_kickers_bylines_and_decks():
    kicker = ["Football News", "Harbour United manager leaves the club"]
    title = "Harbour United manager leaves the club - Football News | Gazette"
    assert build_gn1.choose_headline(kicker, title) == kicker[1]
    deck = ["Ferry captain steers past the storm", "The crossing ran on time although every other boat stayed in port"]
    assert build_gn1.choose_headline(deck, "Ferry captain steers past the storm") == deck[0]
    assert build_gn1.choose_headline(deck, None) == deck[0]
    byline = ["Jane Writer", "Who needs a bigger car?", "A standfirst that says more about cars than the title."]
    assert build_gn1.choose_headline(byline, "In praise of small cars | Motoring") == byline[1]
    assert build_gn1.choose_headline([], "Anything") is None


def test_characters_lost_to_latin1_are_restored_from_the_original():
    original = html_tools.parse_document(
        "<html><body><h2>Talks on the island\u2019s ferry \u2013 no deal</h2><p>Is it over? Nobody knows.</p>"
        "<p>A \u201cfirst\u201d and a \u201csecond\u201d.</p></body></html>")
    repair = build_gn1.CharacterRepair(original)
    assert repair("Talks on the island?s ferry ? no deal") == "Talks on the island\u2019s ferry \u2013 no deal"
    assert repair("Is it over? Nobody knows.") == "Is it over? Nobody knows."  # a real question mark
    assert repair("no question mark") == "no question mark"
    assert repair("?") == "?"  # too short to place
    assert repair("Not in the page?") == "Not in the page?"
    assert (repair.repaired, repair.unresolved) == (1, 2)
    annotated = ('<html><body><h2><span class="x-nc-sel1">Talks on the island?s ferry ? no deal</span></h2>'
                 '<p><span class="x-nc-sel2">Is it over? Nobody knows.</span></p></body></html>')
    truth = build_gn1.annotated_truth(annotated, build_gn1.CharacterRepair(original))
    assert truth.title == "Talks on the island\u2019s ferry \u2013 no deal"


def test_a_malformed_xml_declaration_is_dropped():
    html = '<?xml version="1.0" encoding="keywords, more keywords" />\n<p>Text</p>'
    assert build_gn1.without_xml_declaration(html) == "\n<p>Text</p>"
    assert html_tools.parse_document(build_gn1.without_xml_declaration(html)).text_content().strip() == "Text"


def test_reading_a_dataset_folder(tmp_path):
    words = " ".join(f"word{n}" for n in range(40))
    pages = {
        "00000000-0000-0000-0000-00000000000a": ("<h1>Long story</h1><p>" + words + "</p>",
                                                 '<h1><span class="x-nc-sel1">Long story</span></h1>'
                                                 '<p><span class="x-nc-sel2">' + words + "</span></p>"),
        "00000000-0000-0000-0000-00000000000b": ("<p>Too short to count.</p>",
                                                 '<p><span class="x-nc-sel2">Too short to count.</span></p>'),
        "00000000-0000-0000-0000-00000000000c": ("<p>Menu</p>", '<p><span class="x-nc-sel0">Menu</span></p>'),
    }
    for folder in ("original", "annotated"):
        (tmp_path / folder).mkdir()
    mapping = []
    for uuid, (original, annotated) in pages.items():
        (tmp_path / "original" / f"{uuid}.html").write_text(f"<html><body>{original}</body></html>")
        (tmp_path / "annotated" / f"{uuid}.html").write_text(f"<html><body>{annotated}</body></html>")
        mapping.append(f"<urn:uuid:{uuid}>\thttp://www.example.co.uk/news/{uuid[-1]}.html")
    (tmp_path / "url-mapping.txt").write_text("\n".join(mapping) + "\n")
    read, stats = build_gn1.read_gn1(tmp_path)
    assert [page.id for page in read] == ["l3s-gn1/00000000-0000-0000-0000-00000000000a"]
    (page,) = read
    assert (page.title, page.body, page.url) == ("Long story", words, "http://www.example.co.uk/news/a.html")
    assert (page.publisher, page.group_ids, page.published, page.authors) == (
        "www.example.co.uk", ("site:example",), None, ())
    assert stats.skipped == {"l3s-gn1/00000000-0000-0000-0000-00000000000b": "full text of 4 words (under 30)",
                             "l3s-gn1/00000000-0000-0000-0000-00000000000c": "no full text annotated"}
    assert build_gn1.site_split("site:example") in ("train", "test")
