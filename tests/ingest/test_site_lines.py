"""Lines a site prints on its other pages of one ingest run are its template (newsdigest/ingest/site_lines.py).

Every page here is invented for these tests."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from newsdigest.ingest import executors, run
from newsdigest.ingest.model import Block, BlockKind, Extracted
from newsdigest.ingest.page_urls import original_address
from newsdigest.ingest.site_lines import SiteLineCounter, SiteLines, count_site_lines, line_key, without_site_lines
from tests.ingest.conftest import ingest_args

SITE = "https://www.valley-courier.example/news/2026/03/"
MENU = ["Valley Courier", "Home", "News", "Sport", "Business", "Opinion", "Subscribe"]
BIO = ("Marta Lindqvist has covered the valley's economy for the Courier since 2015, writing about farming, "
       "transport and housing for readers across the region.")
PITCH = ("Every story on this site is paid for by readers like you: a subscription keeps local reporting going in "
         "the valley and costs less than a coffee a week.")
ARTICLES = [
    ("Ferry timetable changes on the lake route from Monday", "2026-03-02", [
        "The lake ferry will leave the north pier twenty minutes earlier on weekday mornings from Monday, the "
        "operator said on Friday.",
        "Commuters had asked for an earlier crossing since the bridge works began in January, and the council "
        "backed the change last month.",
        "The last evening sailing stays at half past nine, while the Sunday service gains a second return trip in "
        "the afternoon.",
        "Tickets bought for the old timetable remain valid for the first two weeks, the operator added in a "
        "statement."]),
    ("Orchard growers count frost damage after a cold March night", "2026-03-05", [
        "Apple growers on the eastern slopes lost part of their early blossom when temperatures fell to minus four "
        "degrees overnight.",
        "Several farms ran sprinklers through the night to coat the buds in ice, a method that protects the "
        "flowers inside.",
        "The growers' association expects a smaller harvest than last year but said it was too early to give a "
        "figure.",
        "Insurers have sent assessors to the worst-hit orchards, and payments could start before the summer."]),
    ("New housing plan for the old rail yard goes to a public hearing", "2026-03-09", [
        "The plan would put three hundred flats, a school and a park on the rail yard that closed a decade ago.",
        "Residents will be able to speak at a hearing in the town hall on the twentieth, the planning office "
        "announced.",
        "Supporters say the valley needs homes that young families can afford, while neighbours worry about "
        "traffic on the ring road.",
        "A decision is expected in the autumn after the council has read the comments and the transport study."]),
]


def _dump(title: str, day: str, paragraphs: list[str]) -> str:
    return "\n".join(MENU + ["", title, f"Published {day}", "By Marta Lindqvist", ""]
                     + [paragraph + "\n" for paragraph in paragraphs] + [BIO, "", PITCH, "", "© 2026 Valley Courier"])


def _write_records(folder: Path, urls: list[str] | None = None, articles=ARTICLES) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, (title, day, paragraphs) in enumerate(articles, 1):
        url = urls[number - 1] if urls else f"{SITE}story-{number}"
        path = folder / f"page{number}.jsonl"
        path.write_text(json.dumps({"url": url, "text": _dump(title, day, paragraphs)}) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _bodies(content_dir: Path) -> list[str]:
    return [path.read_text(encoding="utf-8").split("\n---\n", 1)[1] for path in sorted(content_dir.rglob("*.md"))]


def test_a_run_drops_what_the_site_prints_on_its_other_pages(tmp_path, config, content_dir):
    inbox = tmp_path / "inbox"
    _write_records(inbox)
    assert run(ingest_args(inbox, out=content_dir), config) == 0
    bodies = _bodies(content_dir)
    assert len(bodies) == 3
    for body in bodies:
        assert BIO not in body and PITCH not in body
    for title, _, paragraphs in ARTICLES:   # every page keeps its own article, whole
        [body] = [body for body in bodies if paragraphs[0] in body]
        assert all(paragraph in body for paragraph in paragraphs[1:]), title


def test_a_page_ingested_on_its_own_keeps_those_lines(tmp_path, config, content_dir):
    """What the test above drops is what the cleaner keeps of a page read alone: the run is what tells them apart."""
    [first, *_] = _write_records(tmp_path / "inbox")
    assert run(ingest_args(first, out=content_dir), config) == 0
    [body] = _bodies(content_dir)
    assert BIO in body and PITCH in body


def test_a_report_at_a_second_address_is_a_copy_not_a_template(tmp_path, config, content_dir):
    """The same article at two addresses shares all its lines with the other: more than half of its words would go,
    so both keep everything."""
    inbox = tmp_path / "inbox"
    _write_records(inbox, urls=[f"{SITE}ferry", f"{SITE}ferry-updated"], articles=[ARTICLES[0], ARTICLES[0]])
    assert run(ingest_args(inbox, out=content_dir, extra=("--force",)), config) == 0
    bodies = _bodies(content_dir)
    assert bodies and all(paragraph in body for body in bodies for paragraph in ARTICLES[0][2])


def test_the_same_address_read_twice_is_one_page():
    counter = SiteLineCounter()
    counter.add_page(f"{SITE}story-1", "Menu line\nArticle line")
    counter.add_page(f"{SITE}story-1", "Menu line\nArticle line")
    assert not counter.site_lines()
    counter.add_page(f"{SITE}story-2", "Menu line\nAnother article line")
    lines = counter.site_lines()
    assert line_key("valley-courier.example", "Menu line") in lines
    assert line_key("valley-courier.example", "Article line") not in lines


def test_a_line_of_two_sites_belongs_to_neither():
    counter = SiteLineCounter()
    counter.add_page("https://one.example/a", "Share this article\nFirst story")
    counter.add_page("https://two.example/b", "Share this article\nSecond story")
    counter.add_page("https://two.example/c", "Third story")
    assert not counter.site_lines()


def test_on_a_site_with_many_pages_a_line_must_be_on_a_share_of_them():
    """A background paragraph three reports of a running story repeat is article text on a site of twenty pages;
    a menu on every page is not."""
    counter = SiteLineCounter()
    for number in range(20):
        repeated = "The inquiry opened in May." if number < 3 else ""
        counter.add_page(f"https://paper.example/{number}", f"Menu\n{repeated}\nStory number {number}")
    lines = counter.site_lines()
    assert line_key("paper.example", "menu") in lines   # (case and spaces aside)
    assert line_key("paper.example", "The inquiry opened in May.") not in lines


def _extracted(*blocks: Block) -> Extracted:
    return Extracted(title="A headline", blocks=blocks)


def test_only_paragraphs_and_subheadings_go_and_pages_without_an_address_keep_all():
    lines = SiteLines({line_key("paper.example", "Sign up for our newsletter"),
                          line_key("paper.example", "Monday")})
    page = _extracted(Block(BlockKind.PARAGRAPH, "A paragraph of the article that only this page prints, long."),
                      Block(BlockKind.PARAGRAPH, "Sign up for  our newsletter"),
                      Block(BlockKind.ITEM, "Monday"))
    kept = without_site_lines(page, "https://www.paper.example/story", lines)
    assert [block.text for block in kept.blocks] == [page.blocks[0].text, "Monday"]
    assert without_site_lines(page, "", lines) == page
    assert without_site_lines(page, "https://other.example/story", lines) == page


def test_a_page_made_only_of_site_lines_keeps_them():
    lines = SiteLines({line_key("paper.example", "Sign up for our newsletter")})
    page = _extracted(Block(BlockKind.PARAGRAPH, "Sign up for our newsletter"))
    assert without_site_lines(page, "https://paper.example/story", lines) == page


def test_reading_the_run_skips_files_it_cannot_read(tmp_path):
    inbox = tmp_path / "inbox"
    paths = _write_records(inbox)
    (inbox / "broken.txt").write_bytes(b"")
    lines = count_site_lines([*paths, inbox / "broken.txt", inbox / "missing.txt"])
    assert line_key("valley-courier.example", BIO) in lines


def test_a_page_that_would_lose_most_of_its_words_keeps_them():
    """Over half of the words in the site's lines: a copy of another page (an update at a new address), not a
    template."""
    shared = "The council approved the new budget for the harbour district on Tuesday evening after a long debate."
    lines = SiteLines({line_key("paper.example", shared)})
    page = _extracted(Block(BlockKind.PARAGRAPH, shared), Block(BlockKind.PARAGRAPH, "Updated at noon."))
    assert without_site_lines(page, "https://paper.example/story", lines) == page
    longer = _extracted(Block(BlockKind.PARAGRAPH, shared + " Indeed, really."), Block(BlockKind.PARAGRAPH, shared))
    assert [block.text for block in without_site_lines(longer, "https://paper.example/story", lines).blocks] == \
        [longer.blocks[0].text]


def test_a_page_keeps_its_first_block_which_a_teaser_elsewhere_may_print():
    lead = "The harbour bridge reopens on Monday after two years of repairs, the city said on Friday."
    lines = SiteLines({line_key("paper.example", lead)})
    page = _extracted(Block(BlockKind.PARAGRAPH, lead), Block(BlockKind.PARAGRAPH, "More on the works follows here."),
                      Block(BlockKind.PARAGRAPH, "And the cost came in under the budget set in 2024, the city said."))
    assert without_site_lines(page, "https://paper.example/bridge", lines) == page


def test_the_addresses_of_one_article_are_one_page():
    """Tracking parameters, `www.` and the scheme aside, a second address of one article is not a second page."""
    counter = SiteLineCounter()
    counter.add_page("https://www.paper.example/quay?utm_source=social", "Quay works start\nA line of the article")
    counter.add_page("http://paper.example/quay", "Quay works start\nA line of the article")
    assert not counter.site_lines()


def test_a_page_read_again_beside_new_pages_of_its_site_is_said_to_be_ingested_already(tmp_path, config, content_dir,
                                                                                       capsys):
    """Ingested alone it kept the lines its site prints elsewhere; read again with the site's other pages it would
    lose them. The file is left as it is (its input passed over unread), and the run says it is there, not that the
    file holds a later version."""
    inbox = tmp_path / "inbox"
    first, *others = _write_records(tmp_path / "all")
    inbox.mkdir()
    (inbox / first.name).write_bytes(first.read_bytes())
    assert run(ingest_args(inbox, out=content_dir), config) == 0
    [written] = sorted(content_dir.rglob("*.md"))
    before = written.read_bytes()
    for other in others:
        (inbox / other.name).write_bytes(other.read_bytes())
    capsys.readouterr()
    assert run(ingest_args(inbox, out=content_dir), config) == 0
    out = capsys.readouterr().out
    assert f"{first.name}:1: already ingested as " in out
    assert "later version" not in out
    assert written.read_bytes() == before


@pytest.mark.slow
def test_worker_processes_drop_the_same_lines(tmp_path, config, monkeypatch):
    """The site lines travel to the worker processes with the run's options: the same articles either way."""
    monkeypatch.setattr(executors, "MIN_FILES_PER_WORKER", 1)
    inbox = tmp_path / "inbox"
    _write_records(inbox)
    trees = []
    for jobs in ("1", "2"):
        out = tmp_path / f"content-{jobs}"
        assert run(ingest_args(inbox, out=out, extra=("--jobs", jobs)), config) == 0
        trees.append({path.relative_to(out): path.read_bytes() for path in out.rglob("*.md")})
    assert trees[0] == trees[1] and len(trees[0]) == 3
    assert not any(BIO.encode() in text for text in trees[0].values())


def test_an_address_that_cannot_be_read_counts_for_no_site():
    counter = SiteLineCounter()
    for url in ("http://[::1", "", "not an address"):
        counter.add_page(url, "Menu\nStory")
        counter.add_page(url, "Menu\nStory")
    assert not counter.site_lines() and not counter.origins


def test_subheadings_go_as_paragraphs_do():
    lines = SiteLines({line_key("paper.example", "More from the newsroom")})
    page = _extracted(Block(BlockKind.PARAGRAPH, "The article's own first paragraph, as long as a paragraph is."),
                      Block(BlockKind.HEADING, "More from the newsroom"),
                      Block(BlockKind.PARAGRAPH, "Its own second paragraph, which stays where it was."))
    kept = without_site_lines(page, "https://paper.example/story", lines)
    assert [block.kind for block in kept.blocks] == [BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]


def test_site_lines_are_found_whatever_order_they_come_in_and_travel_to_workers():
    lines = SiteLines([9, 1, 2 ** 64 - 1, 5])
    assert 1 in lines and 2 ** 64 - 1 in lines and 3 not in lines
    assert pickle.loads(pickle.dumps(lines)) == lines and not SiteLines()


def test_an_archives_copy_counts_for_its_original_site_however_often_it_was_read_through():
    """`pipeline.extract` reads an archive's copy as its original before the page is cleaned; the counter reads the
    address as the record gives it. A copy of an AMP cache's page (or of another copy) is the original's either way."""
    copy = "https://web.archive.org/web/2024/https://www-paper-example.cdn.ampproject.org/c/s/www.paper.example/x"
    counter = SiteLineCounter()
    counter.add_page(copy, "Sign up for our newsletter\nStory one")
    counter.add_page("https://paper.example/y", "Sign up for our newsletter\nStory two")
    lines = counter.site_lines()
    page = _extracted(Block(BlockKind.PARAGRAPH, "Story one, its first paragraph, long enough to count as one."),
                      Block(BlockKind.PARAGRAPH, "Sign up for our newsletter"),
                      Block(BlockKind.PARAGRAPH, "Story one's second paragraph, which stays in the article."))
    for address in (copy, original_address(copy), "https://www.paper.example/x"):
        assert len(without_site_lines(page, address, lines).blocks) == 2, address


def test_an_address_no_encoding_can_write_stops_nothing(tmp_path, config, content_dir):
    """A command line's bytes that are no UTF-8 reach the address as surrogates: the first read passes such a page
    over (it used to stop the run with a UnicodeEncodeError), and cleaning a page under it raises nothing."""
    page = tmp_path / "page.txt"
    title, day, paragraphs = ARTICLES[0]
    page.write_text(_dump(title, day, paragraphs), encoding="utf-8")
    address = "https://example.com/zz?q=\udcff"
    assert not count_site_lines([page], url=address)
    counter = SiteLineCounter()
    counter.add_page(address, "Menu")
    assert not counter.origins
    lines = SiteLines({line_key("example.com", "Menu")})
    extracted = _extracted(Block(BlockKind.PARAGRAPH, "First."), Block(BlockKind.PARAGRAPH, "Menu"))
    assert [block.text for block in without_site_lines(extracted, address, lines).blocks] == ["First."]


BACKGROUND = [
    "The lake ferry has linked the north pier with the old town since 1978, and about two thousand commuters use "
    "it on a weekday, the operator says.",
    "Bridge works on the ring road began in January and are due to end in the autumn, which has sent more "
    "commuters to the ferry than the operator planned for.",
]
FOLLOW_UP = ("Ferry operator adds a second morning crossing after a week of queues at the north pier", "2026-03-09", [
    "A week after the new timetable began, the lake ferry operator said on Monday it would add a second early "
    "crossing from the north pier, as commuters queued past the ticket office every morning.",
    "The extra ferry will leave the pier at ten past seven on weekdays, and the operator is hiring two more deck "
    "hands for the lake route until the bridge works end.",
    *BACKGROUND,
    "Commuters at the pier on Monday said the queues had eased since the timetable change, but that the morning "
    "crossing was still full by the time the ferry left the old town.",
    "The operator said the second crossing would cost nothing extra for season ticket holders, and that single "
    "fares on the lake route would stay as they were until the end of the year.",
    "A spokesperson for the council said it had asked the operator for weekly figures on the queues at the north "
    "pier, and that it would review the timetable again once the bridge works were done.",
])
# The first report of the ferry story, with the background its follow-up repeats and enough of its own that the
# shared lines are not most of it.
FIRST_REPORT = (ARTICLES[0][0], ARTICLES[0][1], [*ARTICLES[0][2][:2], *BACKGROUND, *ARTICLES[0][2][2:],
    "The operator added that the old town pier would get a second ticket machine before the summer, after long "
    "queues there on the first warm weekends of last year.",
    "Cyclists will still be able to take their bikes on every crossing, the operator said, though the early "
    "morning ferries may fill up sooner than the later ones on weekdays."])


def test_a_follow_up_keeps_the_background_paragraphs_it_shares_with_the_first_report(tmp_path, config,
                                                                                     content_dir):
    """Two reports of one story on one site print the same background paragraphs: their own words are alike, so those
    paragraphs are article text, not the site's; the author's box, printed by an unrelated page too, still goes."""
    inbox = tmp_path / "inbox"
    _write_records(inbox, articles=[FIRST_REPORT, FOLLOW_UP, ARTICLES[1]])
    assert run(ingest_args(inbox, out=content_dir), config) == 0
    bodies = _bodies(content_dir)
    ferry = [body for body in bodies if "ferry" in body]
    assert len(ferry) == 2
    for body in ferry:
        assert all(paragraph in body for paragraph in BACKGROUND)
    assert not any(BIO in body for body in bodies)


def test_pages_of_one_story_are_told_from_unrelated_ones():
    counter = SiteLineCounter()
    counter.add_page(f"{SITE}ferry", _dump(*FIRST_REPORT))
    counter.add_page(f"{SITE}ferry-queues", _dump(*FOLLOW_UP))
    lines = counter.site_lines()
    assert line_key("valley-courier.example", BACKGROUND[0]) not in lines
    assert line_key("valley-courier.example", BIO) not in lines   # (prose only these two related pages print)
    assert line_key("valley-courier.example", "Subscribe") in lines   # (a menu line is the site's all the same)
    counter.add_page(f"{SITE}orchards", _dump(*ARTICLES[1]))
    lines = counter.site_lines()
    assert line_key("valley-courier.example", BIO) in lines
    assert line_key("valley-courier.example", BACKGROUND[0]) not in lines


def test_the_run_reads_each_file_once_more_at_most(tmp_path, monkeypatch):
    """Pages of many small sites spread over a few files: the check reads each file once, not once a site."""
    from newsdigest.ingest import site_lines
    reads = []
    real = site_lines.read_file
    monkeypatch.setattr(site_lines, "read_file", lambda path, **kwargs: reads.append(path.name) or real(path, **kwargs))
    files = []
    for day in range(2):
        records = []
        for number, (title, date, paragraphs) in enumerate(ARTICLES):
            text = _dump(title, date, paragraphs).replace("Valley Courier", f"Courier {number}")
            records.append(json.dumps({"url": f"https://site{number}.example/day{day}", "text": text}))
        files.append(tmp_path / f"day{day}.jsonl")
        files[-1].write_text("\n".join(records) + "\n", encoding="utf-8")
    lines = count_site_lines(files)
    assert line_key("site0.example", "Home") in lines
    assert sorted(reads) == ["day0.jsonl", "day0.jsonl", "day1.jsonl", "day1.jsonl"]
