"""The fast path of newsdigest.markup: markdown-it-pyrs (markdown-it in Rust) for the article bodies it renders
byte for byte as markdown-it-py does, and None for the rest, which markdown-it-py then renders.

markdown-it-pyrs renders a body about 15 times faster, but it is not a drop-in replacement: it has no hook
for the link policy, and differential fuzzing against markdown-it-py (tests/test_markup_fast.py) finds inputs
where the two differ or where the Rust side panics. So a body takes the fast path only when

- its text has none of the shapes where they were found to differ (`plain_shape`):
  - backticks (code spans of spaces; with brackets, a panic in the Rust crate), `~~` (strikethrough, fences),
    `]:` (reference definitions) and `![` (images);
  - Unicode spaces other than between two letters or digits (markdown-it-py strips them at line ends);
  - `*` or `_` next to a non-ASCII character or to each other (the two follow different CommonMark versions
    on symbols, and differ on letters too in some runs);
  - list markers with nothing after them, tabs in a line's indent, tables (a line of `-` with `|` or `:`,
    or `|` anywhere), and block quotes with `|` or with a line that continues them without `>`;
- and its HTML has only the tags Markdown makes with raw HTML off (`_TAGS`), every link passes the link
  policy it is given, no link was left as its Markdown source (the Rust side refuses to parse a javascript: or
  data: link, which markdown-it-py parses and newsdigest.markup then turns into its text), and no link address
  has brackets or a non-ASCII host name (written differently by the two), nor is there an empty block quote.

The first paragraph's text (the summary) is read from the HTML, as markdown-it-py reads it from its tokens;
a body with a list before its first paragraph falls back, as a tight list's paragraphs leave no <p>.
Without the package installed, `fast_markdown` always returns None.
"""

from __future__ import annotations

import re
from html import unescape

try:
    import markdown_it_pyrs
except ImportError:  # optional: markdown-it-py renders every body
    markdown_it_pyrs = None

NOFOLLOW_SCHEMES = ("http", "https")   # links to these get rel="nofollow noopener" (markup.py does the same)

# markdown-it-py's "commonmark" preset with raw HTML off, plus tables and strikethrough, as in newsdigest.markup.
_RULES = ["blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "reference", "autolink",
          "backticks", "emphasis", "entity", "escape", "image", "link", "newline", "table", "strikethrough"]


def _make_parser():
    if markdown_it_pyrs is None:
        return None
    try:
        return markdown_it_pyrs.MarkdownIt("zero").enable_many(_RULES)
    except Exception:  # a version without one of these rules: markdown-it-py renders every body
        return None


_PARSER = _make_parser()

# Input shapes where the two renderers were found to differ (see the module docstring).
_UNICODE_SPACES = ("\u00a0", "\u1680", *map(chr, range(0x2000, 0x200B)), "\u2028", "\u2029", "\u202f", "\u205f",
                   "\u3000")
_BULLETS = ("-", "+", "*")

# Every tag markdown-it-py writes with raw HTML off and no images; anything else means "not sure": fall back.
_TAGS = re.compile(r'<(?:/?(?:p|h[1-6]|em|strong|s|code|pre|blockquote|ul|li|table|thead|tbody|tr|a)'
                   r'|ol(?: start="[0-9]+")?'
                   r'|/ol|hr /|br /|t[hd](?: style="text-align:(?:left|center|right)")?|/t[hd]'
                   r'|code class="language-[^"<>]*"|a href="[^"<>]*"(?: title="[^"<>]*")?)>')
_LINK_OPEN = re.compile(r'<a href="([^"]*)"((?: title="[^"]*")?)>')
_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_ANY_TAG = re.compile(r"<[^>]*>")
_REFUSED_AUTOLINK = re.compile(r"&lt;[A-Za-z][A-Za-z0-9+.-]{1,31}:")
_PANIC = "PanicException"   # pyo3's, raised by a panic in the Rust code; it derives from BaseException


def fast_markdown(text: str, link_allowed, scheme_of) -> tuple[str, str] | None:
    """(html, first paragraph's text) for a body already stripped of control characters, exactly as markdown-it-py
    renders it under newsdigest.markup's settings; None when the fast path is off or not sure for this body.

    `link_allowed(url)` is the link policy (markup.is_safe_url); `scheme_of(url)` the scheme that decides
    rel="nofollow noopener".
    """
    if _PARSER is None or not plain_shape(text):
        return None
    try:
        html = _PARSER.render(text)
    except BaseException as err:  # a panic in the Rust crate: markdown-it-py renders this body
        if type(err).__name__ != _PANIC:
            raise
        return None
    if "<" in _TAGS.sub("", html) or "<blockquote>\n</blockquote>" in html:
        return None
    if "](" in html or ("&lt;" in html and _REFUSED_AUTOLINK.search(html)):
        return None  # a link the Rust side refused to parse (javascript:, data:): markup.py makes it its text
    if "<a " in html:
        try:
            html = _LINK_OPEN.sub(lambda match: _link_open(match, link_allowed, scheme_of), html)
        except _NotSure:
            return None
    if "<h1>" in html:  # as markup.render_markdown shifts the headings of a body that uses '#'
        html = _HEADING_TAG.sub(lambda match: f"<{match.group(1)}h{min(int(match.group(2)) + 1, 6)}>", html)
    lede = first_paragraph_text(html)
    return None if lede is None else (html, lede)


class _NotSure(Exception):
    """A link the fast path leaves to markdown-it-py."""


def _link_open(match: re.Match, link_allowed, scheme_of) -> str:
    """A link's opening tag as markdown-it-py writes it: with rel="nofollow noopener" for a web address."""
    href = unescape(match.group(1))
    if "%5B" in href or "%5D" in href or _host_encoded(href) or not link_allowed(href):
        raise _NotSure  # the two encode brackets and non-ASCII host names differently
    if href.startswith(("https://", "http://")) and "[" not in href and "]" not in href:
        web = True  # what scheme_of says of these, without parsing the whole address
    else:
        try:
            web = scheme_of(href) in NOFOLLOW_SCHEMES
        except ValueError:  # markdown-it-py would fail on this link
            raise _NotSure from None
    return match.group(0)[:-1] + ' rel="nofollow noopener">' if web else match.group(0)


def _host_encoded(href: str) -> bool:
    """Whether a host name (or a mailto address) has a %-escape: markdown-it-py writes such names in punycode."""
    head = href.split("?", 1)[0].split("#", 1)[0]
    if "//" in head:
        head = head.split("//", 1)[1].split("/", 1)[0]
    elif head[:7].lower() != "mailto:":
        return False
    return "%" in head


def plain_shape(text: str) -> bool:
    """Whether the body has none of the shapes where markdown-it-pyrs and markdown-it-py were found to differ.

    Each test errs on the side of False: a body it turns away is only rendered more slowly.
    """
    # Each test looks for one character first: Python finds one character several times faster than two.
    if "`" in text or ("~" in text and "~~" in text) or ("]" in text and "]:" in text) \
            or ("!" in text and "![" in text) or ("_*" in text or "*_" in text):
        return False
    if not text.isascii():
        # Unicode spaces are not printable; a text with none of them (nor any other unprintable character but
        # line breaks and tabs) need not be searched for each one.
        if not text.replace("\n", " ").replace("\t", " ").replace("\r", " ").isprintable() \
                and any(_lone(text, space) for space in _UNICODE_SPACES):
            return False
        if _delimiter_next_to_non_ascii(text):
            return False
    pipe = "|" in text
    quoted = False  # the line before was a block quote's
    for line in text.splitlines():
        head = line.lstrip(" \t")
        if quoted and head and not head.startswith(">"):  # a line continuing a quote without ">"
            return False
        quoted = head.startswith(">")
        if quoted and pipe:
            return False
        if "\t" in line and line.lstrip(" >*+.)0123456789-").startswith("\t"):  # a tab in the indent
            return False
        core = line.strip(" \t\r>")
        if core in _BULLETS or (core[-1:] in (".", ")") and core[:-1].isdigit()):  # a list marker alone
            return False
        if "-" in line and not line.strip(" \t\r|:-") and (pipe or ":" in line):  # a table's delimiter row
            return False
    return True


def _lone(text: str, space: str) -> bool:
    """Whether `space` occurs anywhere but between two letters or digits."""
    at = text.find(space)
    while at != -1:
        if not (at and text[at - 1].isalnum() and text[at + 1: at + 2].isalnum()):
            return True
        at = text.find(space, at + 1)
    return False


def _delimiter_next_to_non_ascii(text: str) -> bool:
    for delimiter in "*_":
        at = text.find(delimiter)
        while at != -1:
            if (at and not text[at - 1].isascii()) or not text[at + 1: at + 2].isascii():
                return True
            at = text.find(delimiter, at + 1)
    return False


def first_paragraph_text(html: str) -> str | None:
    """The text of the first paragraph with any text, as markup reads it from markdown-it-py's tokens; None when
    a list comes first (the paragraphs of a tight list have no <p> in the HTML, but count there)."""
    for match in _PARAGRAPH.finditer(html):
        text = " ".join(unescape(_ANY_TAG.sub("", match.group(1))).split())
        if text:
            return None if "<li>" in html[: match.start()] else text
    return None if "<li>" in html else ""
