"""The Markdown fast path (newsdigest.markup_fast) gives exactly what markdown-it-py gives, or steps aside.

Differential tests: every body the fast path renders must come out byte for byte as markdown-it-py renders it
(`render_markdown(..., fast=False)`), HTML and summary text alike. The shapes below are the ones fuzzing found
where markdown-it-pyrs 0.4 differs from markdown-it-py (or panics): the fast path must turn each of them away.
Bodies it turns away are still rendered, by markdown-it-py.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdigest import markup_fast
from newsdigest.front_matter import split_front_matter
from newsdigest.markup import is_safe_url, link_scheme, render_markdown, strip_control_chars
from newsdigest.markup_fast import fast_markdown, plain_shape
from tests.conftest import REPO
from tests.security.audit import audit_fragment

fast_path = pytest.mark.skipif(markup_fast._PARSER is None, reason="markdown-it-pyrs is not installed")


def fast(text: str) -> tuple[str, str] | None:
    return fast_markdown(strip_control_chars(text), is_safe_url, link_scheme)


def assert_same_or_refused(text: str) -> bool:
    """True when the fast path rendered `text` (and it matched markdown-it-py)."""
    got = fast(text)
    if got is not None:
        assert got == render_markdown(text, fast=False), repr(text)
    return got is not None


# Each found by differential fuzzing; markdown-it-py's rendering is the one the site keeps.
DIFFERING = [
    "[``", "a `   ` b",                       # a panic in the Rust crate; a code span of spaces
    "a\xa0", "x \xa0y", "\u2003a",               # Unicode spaces that markdown-it-py strips at line ends
    ">",                                      # an empty block quote
    "~~~\n- ", "a ~~b~~ c", "```\ncode",          # fences and strikethrough
    "[a]: /u\\", "[a]: javascript:x\n",          # reference definitions
    "![&#169;](http://e.com/x)", "![a *b* \\\n](/p)",   # image alt text
    "> a\n2) *", "> a\n- \nc", "> a\n| a | b |\n|---|---|\n| c | d |",  # block quote continuations
    "a |\n---\n", "a\r\n:---",                  # tables, or nearly
    "> > \t  2*3 ",                             # tabs in nested containers
    ":_😀~~\"~~", "*e_a_*_ü_", "**-\nb*c** *é*S", "_m\na*本_*a*A",   # delimiters next to non-ASCII characters
    "*x_y_ a*_*_", "_a_x*_*b*",                 # `*` next to `_`
    "[a](http://[::1]/)", "<http://\xad>", "[a](https://é.com/ü)", "[a](mailto:é@é.com)",  # link addresses
    "[x](javascript:alert(1))\n", "<javascript:alert(1)>",   # links the Rust side leaves as their source
]


@fast_path
@pytest.mark.parametrize("text", DIFFERING)
def test_shapes_that_differ_are_left_to_markdown_it_py(text):
    assert fast(text) is None
    assert render_markdown(text) == render_markdown(text, fast=False)


SAME = [
    "Plain text.\n", "# Title\n\nLede *here*.\n\n## Part\n\n- a\n- b\n",
    "A [link](https://example.org/x \"t\") and [local](/x/) and <https://example.org/a?b=c&d=e>.\n",
    "> quoted\n> more\n\nAfter.\n", "Intro.\n\n1. one\n2. two\n\n3) x\n", "Setext\n===\n\nRule\n\n***\n",
    "    indented code\n", "AT&T &copy; &#35; &nbsp;x 1 < 2\n", "a  \nb\\\nc\n",
    "“Quoted” — dashes, é, 日本, 😀 and 10\xa0km.\n", "**bold** and __bold__ and *em*\n",
]


@fast_path
@pytest.mark.parametrize("text", SAME)
def test_common_shapes_take_the_fast_path_and_match(text):
    assert assert_same_or_refused(text)


@fast_path
def test_a_tight_list_first_leaves_the_summary_to_markdown_it_py():
    assert fast("- item one\n- item two\n\nThen a paragraph.\n") is None
    assert render_markdown("- item one\n\nThen.\n")[1] == "item one"


@fast_path
def test_headings_shift_and_links_get_rel_as_markdown_it_py_does():
    html, lede = fast("# Big\n\nLede with [a](https://example.org/) and [b](/local).\n\n###### Six\n")
    assert "<h2>Big</h2>" in html and "<h6>Six</h6>" in html and "<h1>" not in html
    assert '<a href="https://example.org/" rel="nofollow noopener">a</a>' in html and '<a href="/local">b</a>' in html
    assert lede == "Lede with a and b."


PIECES = ["a", "b c", " ", "\n", "\n\n", "*", "**", "_", "__", "`", "[", "]", "(", ")", "!", "# ", "## ", "> ", "- ",
          "1. ", "2) ", "|", "---", "===", "~", "\\", "&", "&amp;", "&#35;", "<", ">", "<http://a.b>", "http://x.y",
          "\t",
          "    ", "\xa0", "é", "“", "—", "😀", "\r\n", ":", "'", '"', "javascript:", "[l](http://e.com/x)",
          "[l](/rel \"t\")", "[l](https://é.com/)", "![i](/p.png)", "[a]: /u", "```", "\xad", "\u200b"]
FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fast_path
@FUZZ
@given(st.lists(st.sampled_from(PIECES), max_size=16).map("".join))
def test_fuzzed_markdown_is_rendered_the_same_or_left_alone(text):
    assert_same_or_refused(text)


@fast_path
@FUZZ
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(alphabet=string.printable, max_size=12)),
                max_size=12).map("\n".join))
def test_fuzzed_lines_are_rendered_the_same_or_left_alone(text):
    assert_same_or_refused(text)


def _bodies(paths) -> list[str]:
    bodies = []
    for path in paths:
        _, body, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
        bodies.append(body)
    return bodies


@fast_path
@pytest.mark.slow
def test_real_and_generated_content_renders_the_same_mostly_on_the_fast_path(tmp_path):
    from benchmarks.generate_corpus import write_corpus

    write_corpus(tmp_path / "corpus", 300, seed=3)
    bodies = _bodies(sorted(Path(tmp_path / "corpus" / "content").rglob("*.md")))
    bodies += _bodies(sorted((REPO / "content").rglob("*.md")))
    taken = sum(assert_same_or_refused(body) for body in bodies)
    assert taken >= 0.9 * len(bodies)


@fast_path
def test_the_fast_path_writes_no_active_content():
    for text in ["<script>alert(1)</script>", "<!-- x -->", "<img src=x onerror=1>", "[x](javascript:1)",
                 "[x](&#106;avascript:1)", "<javascript:alert(1)>", "a <b>bold</b>", "[x](data:text/html,1)"]:
        html, _ = render_markdown(text)
        assert audit_fragment(html) == [] and "<script" not in html and "<!--" not in html, text


def test_without_the_rust_package_markdown_it_py_renders_everything(monkeypatch):
    text = "# A\n\nText with [a](https://example.org/).\n"
    expected = render_markdown(text, fast=False)
    monkeypatch.setattr(markup_fast, "_PARSER", None)
    assert fast(text) is None
    assert render_markdown(text) == expected


def test_plain_shape_turns_away_unicode_spaces_except_between_letters():
    assert plain_shape("10\xa0km and 5\xa0x")
    assert not plain_shape("ends with\xa0") and not plain_shape("a \xa0b") and not plain_shape("\u3000a")
