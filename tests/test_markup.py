"""Article bodies are untrusted: raw HTML off, unsafe link schemes dropped, headings kept in order."""

import pytest

from newsdigest.markup import is_safe_url, render_markdown, truncate_words


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd", "javascript&colon;alert(1)",
    "http:javascript:alert(1)", "https:evil.example", "http:///nohost",
])
def test_unsafe_urls(url):
    assert not is_safe_url(url)


@pytest.mark.parametrize("url", ["https://example.org/a?b=c", "http://x.test", "mailto:a@b.test", "/local/",
                                 "relative/page", "#frag", "?q=1"])
def test_safe_urls(url):
    assert is_safe_url(url)


@pytest.mark.parametrize("body", [
    "[x](javascript:alert(1))", "[x](jav&#x61;script:alert(1))", "[x](&#106;avascript:alert(1))",
    "<javascript:alert(1)>", "![x](data:image/svg+xml;base64,PHN2Zz4=)", "[x](vbscript:foo)",
    "[x](http:javascript:alert(1))",
    # hosts no browser can look up: published as broken links the HTML checker refused
    "[x](https://a..b/x)", "[x](https://xn--/x)", "<https://news..example.com/>", "![x](https://a..b/x.png)",
])
def test_unsafe_links_never_become_hrefs(body):
    html, _ = render_markdown(body)
    assert "href" not in html and "src=" not in html


@pytest.mark.parametrize("fast", [True, False])
def test_an_unsafe_link_reads_as_its_text_and_an_unsafe_image_as_its_alt_text(fast):
    html, lede = render_markdown("Read [the *full* report](javascript:alert(1)), see "
                                 "![a chart](data:image/png;base64,AA) or <javascript:alert(2)>. "
                                 "[Safe](https://example.org/)", fast=fast)
    assert "](" not in html and "&lt;javascript" not in html and "src=" not in html
    assert "Read the <em>full</em> report, see a chart or javascript:alert(2)." in html
    assert html.count("href") == 1 and lede == "Read the full report, see a chart or javascript:alert(2). Safe"


def test_raw_html_is_escaped_not_rendered():
    html, _ = render_markdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\nText <b>bold</b>')
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html


def test_external_links_are_nofollow_and_safe_links_kept():
    html, _ = render_markdown("[a](https://example.org/x) [b](/local/)")
    assert '<a href="https://example.org/x" rel="nofollow noopener">a</a>' in html
    assert '<a href="/local/">b</a>' in html


@pytest.mark.parametrize("fast", [True, False])
def test_a_protocol_relative_link_is_external_too(fast):
    # "//host/path" goes to another site with the page's own scheme
    html, _ = render_markdown("[a](//example.org/x) [b](/local/)", fast=fast)
    assert '<a href="//example.org/x" rel="nofollow noopener">a</a>' in html and '<a href="/local/">b</a>' in html


def test_h1_in_body_is_shifted_below_the_page_title():
    html, lede = render_markdown("# Big\n\nLede here.\n\n## Smaller")
    assert "<h2>Big</h2>" in html and "<h3>Smaller</h3>" in html and "<h1>" not in html
    assert lede == "Lede here."


def test_control_characters_are_removed():
    html, lede = render_markdown("Bad\x00 char\x1b here\ud800")
    assert "\x00" not in html and "\x1b" not in html and "\ud800" not in html and lede == "Bad char here"
    # ... also where a numeric reference writes one (a form feed reached the article page; the feeds drop it)
    for fast in (True, False):
        html, lede = render_markdown("A &#12; form &#x0C; feed", fast=fast)
        assert "\x0c" not in html and "\x0c" not in lede and "<p>A  form  feed</p>" in html


def test_truncate_words():
    assert truncate_words("short", 10) == "short"
    assert truncate_words("one two three four", 12) == "one two…"
    # Japanese has no spaces between words: one space near the start must not cut away the rest.
    lede = "アップルは iPhone 15 を発表した。" + "新しい機種は来月から全国の店舗で販売される予定で、価格は据え置かれる。" * 3
    summary = truncate_words(lede, 40)
    assert len(summary) == 40 and summary.startswith("アップルは iPhone 15 を発表した。新しい") and summary.endswith("…")


def test_japanese_text_is_cut_after_a_sentence_or_clause_not_inside_a_word_or_a_quote():
    """"…「発生可能性が平…" split 平常時 and left 「 open: a cut near the limit ends a sentence or clause instead."""
    lede = ("気象庁は13日、日向灘を震源とする地震があったと発表した。南海トラフ地震の評価検討会を開き、"
            "「発生可能性が平常時と比べて高まったとは考えられない」との見解を示した。")
    assert truncate_words(lede, 50) == "気象庁は13日、日向灘を震源とする地震があったと発表した。南海トラフ地震の評価検討会を開き…"
    assert truncate_words(lede, 40) == "気象庁は13日、日向灘を震源とする地震があったと発表した。…"
    assert truncate_words(lede, 20) == "気象庁は13日、日向灘を震源とする地震…"   # no clause end near the limit
    quoted = ("気象庁は13日、日向灘を震源とする地震があったと発表した。南海トラフ地震の評価検討会を開き、"
              "「発生可能性は、平常時と比べて高まったとは考えられない」とした。")
    cut = truncate_words(quoted, 52)   # a clause ends inside the quote, near the limit: the cut is before the quote
    assert cut == "気象庁は13日、日向灘を震源とする地震があったと発表した。南海トラフ地震の評価検討会を開き…"
