"""The Markdown ingest writes: scraped plain text shows as written (no link, image or emphasis made of it), and the
summary is plain text on both paths."""

from __future__ import annotations

import json
from datetime import date

from newsdigest.ingest import ingest_file
from newsdigest.ingest.clean import escape_markdown_inline
from newsdigest.ingest.model import Block, BlockKind, Extracted
from newsdigest.ingest.writer import body_markdown, summary_text
from newsdigest.markup import render_markdown
from tests.ingest.conftest import FERRY_HEADLINE, FERRY_PARAGRAPHS, front_matter

SHAPED_LIKE_MARKUP = ("See ![track](https://tracker.example/pixel.gif?u=reader) and [log in](https://phish.example/"
                      "login) or <https://phish.example/auto>, *not emphasis*, `no code`, ~~no strike~~, a\\b, "
                      "AT&amp;T.")


def test_plain_text_shaped_like_markdown_shows_as_written():
    html, first = render_markdown(escape_markdown_inline(SHAPED_LIKE_MARKUP))
    assert "<a " not in html and "<img" not in html and "<em>" not in html and "<code>" not in html
    assert first == SHAPED_LIKE_MARKUP
    for harmless in ("AT&T and 2 < 3", "a_b c*d", "<3 and 1<2"):
        assert render_markdown(escape_markdown_inline(harmless))[1] == harmless


def test_scraped_text_of_every_block_kind_is_escaped_but_markdown_from_html_is_kept():
    blocks = (Block(BlockKind.HEADING, "[Heading](https://x.example)"), Block(BlockKind.PARAGRAPH, SHAPED_LIKE_MARKUP),
              Block(BlockKind.ITEM, "<https://x.example/item>"))
    html = render_markdown(body_markdown(Extracted(title="T", blocks=blocks)))[0]
    assert "<a " not in html and "<img" not in html and "<em>" not in html
    assert "[Heading](https://x.example)" in html and "&lt;https://x.example/item&gt;" in html
    from_html = Extracted(title="T", blocks=(Block(BlockKind.PARAGRAPH, "An *emphasised* word"),),
                          inline_markdown=True)
    assert "<em>emphasised</em>" in render_markdown(body_markdown(from_html))[0]


def test_the_summary_is_plain_text_without_the_bodys_escapes():
    from_html = Extracted(title="T", inline_markdown=True,
                          blocks=(Block(BlockKind.PARAGRAPH, r"HAMBURG \[Reuters\] - Prices rose, 2 \< 3, *all*."),))
    assert summary_text(from_html) == "HAMBURG [Reuters] - Prices rose, 2 < 3, all."
    scraped = Extracted(title="T", blocks=(Block(BlockKind.PARAGRAPH, SHAPED_LIKE_MARKUP),))
    assert summary_text(scraped) == SHAPED_LIKE_MARKUP


def test_the_summary_is_the_first_paragraph_that_reads_as_prose():
    lead = "The harbour board agreed on Monday to dredge the northern channel before the spring tides arrive."
    for first in ("NEW DELHI:", "Staff Reports", "von Manuela Conrad", "Tempo de leitura: 1 minuto", "渡辺洋介"):
        article = Extracted(title="T", blocks=(Block(BlockKind.PARAGRAPH, first), Block(BlockKind.PARAGRAPH, lead)))
        assert summary_text(article) == lead
    short_but_a_sentence = "Dredging starts in spring."
    article = Extracted(title="T", blocks=(Block(BlockKind.PARAGRAPH, short_but_a_sentence),
                                           Block(BlockKind.PARAGRAPH, lead)))
    assert summary_text(article) == short_but_a_sentence
    alone = Extracted(title="T", blocks=(Block(BlockKind.PARAGRAPH, "Dredging in spring"),))
    assert summary_text(alone) == "Dredging in spring"      # nothing better: the first paragraph


def test_a_dump_and_a_records_article_text_make_no_links_and_an_html_page_no_escaped_summary(
        tmp_path, config, content_dir):
    lede = (f"{FERRY_PARAGRAPHS[0]} Details: [timetable](https://phish.example/login) "
            "![x](https://tracker.example/p.gif)")
    # In a dump the line model may take a line full of addresses for a link list; a sentence with markup of
    # other shapes stays article text.
    dump_lede = f"{FERRY_PARAGRAPHS[0]} The *late* boat [sic] runs `nightly`."
    dump = tmp_path / "ferry.txt"
    dump.write_text("\n".join([FERRY_HEADLINE, "29 January 2026", dump_lede, *FERRY_PARAGRAPHS[1:]]) + "\n",
                    encoding="utf-8")
    record = tmp_path / "feed.jsonl"
    record.write_text(json.dumps({"title": FERRY_HEADLINE + " (record)", "date_publish": "2026-01-29",
                                  "maintext": "\n\n".join([lede, *FERRY_PARAGRAPHS[1:]]),
                                  "url": "https://courier.example/ferry"}) + "\n", encoding="utf-8")
    for path in (dump, record):
        out = content_dir / path.stem   # one folder each: in one, the same text again is a duplicate
        [written] = ingest_file(path, config, out_dir=out).written
        text = written.path.read_text(encoding="utf-8")
        html = render_markdown(text.split("\n---\n", 1)[1])[0]
        assert "<a " not in html and "<img" not in html and "<em>" not in html and "<code>" not in html, path.name
        shown = "The *late* boat [sic] runs `nightly`." if path is dump else "[timetable](https://phish.example/login)"
        assert shown in html and shown in front_matter(written.path)["summary"]

    page = tmp_path / "prices.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><title>Prices rise again</title>'
                    '<meta property="article:published_time" content="2026-01-29T09:15:00+01:00"></head><body><article>'
                    "<h1>Prices rise again</h1>"
                    + "".join(f"<p>HAMBURG [Reuters] - {text} Still 2 &lt; 3 for *all*.</p>"
                              for text in FERRY_PARAGRAPHS)
                    + "</article></body></html>", encoding="utf-8")
    [written] = ingest_file(page, config, out_dir=content_dir / "html").written
    summary = front_matter(written.path)["summary"]
    assert summary.startswith("HAMBURG [Reuters] - ") and "\\" not in summary and "2 < 3" in summary
    assert date(2026, 1, 29) == front_matter(written.path)["date"].date()


def test_a_headline_in_another_script_names_its_file_by_hash_not_by_its_latin_scraps(config):
    from newsdigest.ingest.model import RawPage
    from newsdigest.ingest.writer import compose

    page = RawPage(text="", kind="text", label="kbs.txt", file_name="kbs.txt")
    body = (Block(BlockKind.PARAGRAPH, "KBS 예능국은 올해 새 프로그램 다섯 편을 편성한다고 월요일 밝혔다."),)
    for title, named_by_hash in (("KBS 예능국의 새 프로그램 5편", True), ("iPhone 15 발표", False)):
        composed = compose(Extracted(title=title, blocks=body, published=date(2026, 1, 5)), page, config)
        assert composed.relative_path.stem.startswith("article-") is named_by_hash
        assert composed.front_matter["slug"] == composed.relative_path.stem   # the address is the file's name


def test_a_block_of_code_keeps_its_lines_in_a_fence_no_line_of_it_can_close():
    """A program's lines were run into one line and into the paragraph after it, in a record's Markdown and in HTML
    (`<pre><code>`) alike; its "<" and backticks show as written, inside a fence longer than any of theirs."""
    from newsdigest.ingest.html import extract_html, markdown_blocks
    code = 'def book(room):\n\n    if room.free:\n        return "```" + "<script>"'
    blocks = markdown_blocks(f"{FERRY_PARAGRAPHS[0]}\n\n```python\n{code}\n```\n\n{FERRY_PARAGRAPHS[1]}", "Ferry")
    assert [(b.kind, b.text) for b in blocks] == [(BlockKind.PARAGRAPH, FERRY_PARAGRAPHS[0]), (BlockKind.CODE, code),
                                                  (BlockKind.PARAGRAPH, FERRY_PARAGRAPHS[1])]
    markdown = body_markdown(Extracted(title="Ferry", blocks=tuple(blocks), inline_markdown=True))
    assert f"````\n{code}\n````" in markdown
    html, _ = render_markdown(markdown)
    assert "<pre><code>def book(room):\n\n    if room.free:\n        return &quot;```&quot; + &quot;&lt;script&gt;&quot;\n" \
        "</code></pre>" in html
    # a fence never closed is text; HTML's <pre><code> comes through trafilatura as a fence
    assert all(b.kind != BlockKind.CODE for b in markdown_blocks(f"{FERRY_PARAGRAPHS[0]}\n\n```\nx = 1", "Ferry"))
    page = (f"<html><head><title>{FERRY_HEADLINE}</title></head><body><article><h1>{FERRY_HEADLINE}</h1>"
            + "".join(f"<p>{p}</p>" for p in FERRY_PARAGRAPHS[:2])
            + "<pre><code>def book(room):\n    return 1\n</code></pre>"
            + "".join(f"<p>{p}</p>" for p in FERRY_PARAGRAPHS[2:]) + "</article></body></html>")
    assert (BlockKind.CODE, "def book(room):\n    return 1") in [(b.kind, b.text) for b in extract_html(page).blocks]


def test_a_scrapers_markdown_keeps_the_html_shown_in_a_block_of_code_as_written(tmp_path):
    """The raw-HTML escape wrote its "<" as "\\<", which a block of code shows as it is, backslash and all."""
    from newsdigest.ingest.article_text import without_raw_html
    code = '<script src="app.js"></script>\nif (a < b) { x = "`"; }'
    markdown = f"Intro <b>text</b> and a < b.\n\n```html\n{code}\n```\n\nAfter <script>alert(1)</script> it."
    cleaned = without_raw_html(markdown)
    assert f"```\n{code}\n```" in cleaned
    assert "<b>" not in cleaned.split("```")[0] and "alert" not in cleaned.split("```")[-1]



def test_code_in_a_list_item_a_scene_break_or_an_unclosed_fence_never_turns_prose_into_code():
    """A fence run onto a list item's text ("- Step one```", a <pre> in an <li>) left its closer to open a block that
    took the prose after it; two "~~~" in plain text are scene breaks; an unclosed fence at a paragraph's start
    took every later paragraph into one code block on the page."""
    from newsdigest.ingest.html import markdown_blocks
    glued = (f"- Step one```\nx = 1\n```\n- Step two\n\n{FERRY_PARAGRAPHS[0]}\n\nQuoted```\ny = 2\n```\n\n"
             f"{FERRY_PARAGRAPHS[1]}")
    kinds = [(b.kind, b.text) for b in markdown_blocks(glued, "Ferry")]
    assert (BlockKind.CODE, "x = 1") in kinds and (BlockKind.CODE, "y = 2") in kinds
    assert (BlockKind.PARAGRAPH, FERRY_PARAGRAPHS[0]) in kinds and (BlockKind.PARAGRAPH, FERRY_PARAGRAPHS[1]) in kinds
    assert (BlockKind.ITEM, "Step two") in kinds
    scenes = f"{FERRY_PARAGRAPHS[0]}\n\n~~~\n\n{FERRY_PARAGRAPHS[1]}\n\n~~~\n\n{FERRY_PARAGRAPHS[2]}"
    assert all(b.kind != BlockKind.CODE for b in markdown_blocks(scenes, "Ferry", code=False))
    indented = f"{FERRY_PARAGRAPHS[0]}\n\n  ```\n  x = 1\n    y = 2\n  ```"
    assert markdown_blocks(indented, "Ferry")[-1].text == "x = 1\n  y = 2"
    blocks = (Block(BlockKind.PARAGRAPH, "``` x = 1"), Block(BlockKind.PARAGRAPH, FERRY_PARAGRAPHS[0]),
              Block(BlockKind.CODE, "- a\n\n- b"), Block(BlockKind.ITEM, "one"), Block(BlockKind.ITEM, "two"))
    markdown = body_markdown(Extracted(title="Ferry", blocks=blocks, inline_markdown=True))
    assert "```\n- a\n\n- b\n```" in markdown and "- one\n- two" in markdown   # list items joined, code as written
    html, _ = render_markdown(markdown)
    assert html.count("<pre>") == 1 and f"<p>{FERRY_PARAGRAPHS[0]}</p>" in html and "x = 1" in html


def test_a_numbered_list_stays_numbered_where_its_numbers_count_up_and_a_countdown_keeps_its_own():
    """An HTML page's ranking (<ol>) was written as bullets without its numbers; a text dump's numbered lines were
    bullets showing "1." in their text. A countdown written as a Markdown list would read 3, 4, 5."""
    from newsdigest.ingest.html import markdown_blocks
    ranking = markdown_blocks(f"{FERRY_PARAGRAPHS[0]}\n\n1. The night ferry\n2. The harbour tram\n3) The old quay"
                              f"\n\n{FERRY_PARAGRAPHS[1]}\n\n- A bullet\n- Another", "Ferry")
    markdown = body_markdown(Extracted(title="Ferry", blocks=tuple(ranking), inline_markdown=True))
    assert "1. The night ferry\n2. The harbour tram\n3. The old quay\n\n" in markdown
    assert "- A bullet\n- Another" in markdown
    html = render_markdown(markdown)[0]
    assert "<ol>\n<li>The night ferry</li>" in html and "<ul>\n<li>A bullet</li>" in html
    # the noise rules read an item's text without its number
    shares = markdown_blocks(f"{FERRY_PARAGRAPHS[0]}\n\n1. Share on Facebook\n2. Share on Twitter\n\n"
                             f"{FERRY_PARAGRAPHS[1]}", "Ferry")
    assert [block.text for block in shares] == FERRY_PARAGRAPHS[:2]
    countdown = [Block(BlockKind.ITEM, f"{n}. Number {n}") for n in (3, 2, 1)]
    markdown = body_markdown(Extracted(title="Ferry", blocks=(Block(BlockKind.PARAGRAPH, "Top three:"), *countdown)))
    assert "- 3\\. Number 3\n- 2\\. Number 2\n- 1\\. Number 1" in markdown
    assert "<li>3. Number 3</li>" in render_markdown(markdown)[0]
    zeros = [Block(BlockKind.ITEM, "01. First"), Block(BlockKind.ITEM, "02. Second")]   # shown as written
    assert "- 01\\. First\n- 02\\. Second" in body_markdown(Extracted(title="F", blocks=tuple(zeros)))
    from newsdigest.ingest.clean import list_markers
    assert list_markers(["0. Zero", "1. One", "2. Two"]) == [("0. ", "Zero"), ("1. ", "One"), ("2. ", "Two")]
    steps = [Block(BlockKind.ITEM, "5. Fifth"), Block(BlockKind.ITEM, "6. Sixth")]   # a list that starts at 5
    assert '<ol start="5">' in render_markdown(body_markdown(Extracted(title="F", blocks=tuple(steps))))[0]


def test_date_and_updated_are_written_in_whole_seconds():
    """A page's metadata may state its change time with a fraction of a second ("2026-03-09T05:10:07.554000+00:00"),
    which `date:` was written without and `updated:` with."""
    from datetime import datetime, timezone

    from newsdigest.ingest.writer import front_matter_text

    meta = {"title": "T", "date": datetime(2026, 3, 8, 1, 44, 2, 118000, tzinfo=timezone.utc),
            "updated": datetime(2026, 3, 9, 5, 10, 7, 554000, tzinfo=timezone.utc)}
    text = front_matter_text(meta)
    assert "date: 2026-03-08T01:44:02+00:00\n" in text and "updated: 2026-03-09T05:10:07+00:00\n" in text
