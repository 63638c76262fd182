"""Markdown to HTML for untrusted article bodies: raw HTML off, only safe link schemes, plain-text summaries."""

from __future__ import annotations

from html import escape, unescape as unescape_entities
import re
from urllib.parse import SplitResult, urljoin, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from newsdigest.config_urls import LABEL_DOTS, ascii_label
from newsdigest.markup_fast import NOFOLLOW_SCHEMES, fast_markdown
from newsdigest.scripts import HAN_KANA

SAFE_SCHEMES = {"http", "https", "mailto"}
# Characters no page or feed may carry: C0 controls but tab, newline and CR, and lone surrogates (XML forbids
# them); DEL and the C1 controls U+0080-U+009F (HTML calls them parse errors); and the Unicode noncharacters,
# U+FDD0-U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE ... U+10FFFF).
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane | 0xFFFE) + chr(plane | 0xFFFF)
                                            for plane in range(0, 0x110000, 0x10000))
_CONTROL_CHARS = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")
# The same set for text with no character beyond U+FFFF, and for ASCII text: the astral noncharacters keep `re`
# from testing a character against a table, which makes the full set ten times slower on long bodies.
_BMP_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_ASCII_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def is_safe_url(url: str) -> bool:
    """True for relative URLs, fragments and http(s)/mailto links; false for javascript:, data: and the like.

    markdown-it has already decoded entities and percent-escapes the link before we see it, and
    browsers ignore tabs and newlines inside a scheme, so those are removed before the check.
    """
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", unescape_entities(url))
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return False
    if scheme in ("http", "https"):
        # "http:javascript:..." has a web scheme but no host: browsers and the HTML checker refuse it.
        if not cleaned[len(scheme) + 1:].startswith("//"):
            return False
        parts = urlsplit(cleaned)
        return bool(parts.hostname) and valid_host(parts)   # ("https://news..example.com/": a broken link)
    if scheme:
        return scheme in SAFE_SCHEMES
    # Anything else with a colon before the first slash is a scheme in some browser: refuse it.
    head = cleaned.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return ":" not in head


def valid_host(parts: SplitResult) -> bool:
    """Whether a URL's host is one a browser can look up: no empty label ("news..example.com"), none over 63
    characters, no `xn--` label that is no Punycode, and an IPv6 address without a zone ("[fe80::1%25eth0]")."""
    host = parts.hostname
    if "[" in parts.netloc:
        return "%" not in host
    host = LABEL_DOTS.sub(".", host)   # (the full stops IDNA reads as dots: "日本。jp")
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    for label in labels:
        if not label.isascii():
            try:
                label = ascii_label(label)
            except UnicodeError:
                return False
        if not 0 < len(label) <= 63:
            return False
        if label[:4].lower() == "xn--":
            try:
                if not label[4:].encode("ascii").decode("punycode"):
                    return False
            except UnicodeError:
                return False
    return True


def strip_control_chars(text: str) -> str:
    """Drop control characters (tab, newline and CR stay), lone surrogates and noncharacters.

    They only ever come from broken scrapes, and no valid HTML or XML page may hold them.
    """
    if text.isascii():
        return _ASCII_CONTROL_CHARS.sub("", text)
    if len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text):  # nothing beyond U+FFFF
        return _BMP_CONTROL_CHARS.sub("", text)
    return _CONTROL_CHARS.sub("", text)


def link_scheme(href: str) -> str:
    """The scheme a link is followed with: its own, or for "//host/path" the page's, a web one ("https")."""
    return "https" if href.startswith("//") else urlsplit(href).scheme


# A link's or an image's address in HTML the renderer made: attribute values are always in double quotes, and a
# double quote in text or in any value is written &quot;, so this finds attributes only.
_LINK_ATTRIBUTE = re.compile(r'(?<=\s)(href|src)="([^"]*)"')
# The start of an address with a scheme: a body whose every address starts so is returned as it is.
_ABSOLUTE_START = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _has_relative_address(html: str) -> bool:
    for attribute in ('href="', 'src="'):   # found with str.find: a regular expression took 60 µs on a long body
        at = html.find(attribute)
        while at != -1:
            at += len(attribute)
            if not _ABSOLUTE_START.match(html, at):
                return True
            at = html.find(attribute, at)
    return False


def with_absolute_links(html: str, base: str) -> str:
    """Rendered body HTML with each relative link and image address ("../y/", "img/p.png", "#notes") resolved
    against `base`, the absolute address of the page the body is shown on, as a browser showing that page does.

    Feeds need this: a feed reader shows the body away from the page and resolves what is left relative against
    the feed's own address, or not at all. Addresses with a scheme ("https:", "mailto:") are kept; one with a host
    but no scheme ("//cdn.example/x") takes the page's scheme, since a feed reader may have none to give it."""
    if not _has_relative_address(html):
        return html

    def resolved(match: re.Match) -> str:
        address = unescape_entities(match.group(2))
        if _ABSOLUTE_START.match(address):
            return match.group(0)
        return f'{match.group(1)}="{escape(urljoin(base, address))}"'

    return _LINK_ATTRIBUTE.sub(resolved, html)


def _build_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    # Every address is parsed as a link, and the unsafe ones are then taken out (`_drop_unsafe_links`): a link
    # markdown-it refuses while parsing stays on the page as its Markdown source, "[text](javascript:...)".
    md.validateLink = lambda url: True
    md.core.ruler.push("drop_unsafe_links", _drop_unsafe_links)
    default_link_open = md.renderer.rules.get("link_open")

    def link_open(renderer, tokens, idx, options, env):
        href = tokens[idx].attrGet("href") or ""
        if link_scheme(href) in NOFOLLOW_SCHEMES:
            # Scraped bodies link to sites we do not vouch for.
            tokens[idx].attrSet("rel", "nofollow noopener")
        if default_link_open:
            return default_link_open(tokens, idx, options, env)
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    return md


def _drop_unsafe_links(state) -> None:
    """Unsafe links (javascript:, data: and the like) become their text, and unsafe images their alt text."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        kept: list[Token] = []
        dropped_opens = 0   # links are never nested, but their closes pair with the latest open
        for token in block.children:
            if token.type == "link_open" and not is_safe_url(token.attrGet("href") or ""):
                dropped_opens = 1
                continue
            if token.type == "link_open":
                dropped_opens = 0
            elif token.type == "link_close" and dropped_opens:
                dropped_opens = 0
                continue
            elif token.type == "image" and not is_safe_url(token.attrGet("src") or ""):
                alt = Token("text", "", 0)
                alt.content = _inline_text(token)
                kept.append(alt)
                continue
            kept.append(token)
        block.children = kept


_PARSER = _build_parser()


def render_markdown(text: str, fast: bool = True) -> tuple[str, str]:
    """Render an article body; returns (html, plain text of the first paragraph for the summary).

    Headings are shifted down one level when the body uses '#', because the page title is the
    only <h1> and heading levels must stay in order for screen readers. With `fast` (the default) a body
    goes through markdown-it-pyrs when it is installed and the body has none of the shapes it renders
    differently (newsdigest.markup_fast); the result is the same either way.
    """
    text = strip_control_chars(text)
    html, first = (fast and fast_markdown(text, is_safe_url, link_scheme)) or _render_with_markdown_it_py(text)
    if "&#" in text:   # a numeric reference ("&#12;") decodes to a control character the text itself no longer holds
        html, first = strip_control_chars(html), strip_control_chars(first)
    return html, first


def _render_with_markdown_it_py(text: str) -> tuple[str, str]:
    tokens = _PARSER.parse(text)
    if any(t.type == "heading_open" and t.tag == "h1" for t in tokens):
        for token in tokens:
            if token.type in ("heading_open", "heading_close"):
                token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
    html = _PARSER.renderer.render(tokens, _PARSER.options, {})
    return html, _first_paragraph_text(tokens)


def _first_paragraph_text(tokens: list[Token]) -> str:
    for index, token in enumerate(tokens):
        if token.type == "paragraph_open" and index + 1 < len(tokens):
            text = _inline_text(tokens[index + 1])
            if text:
                return text
    return ""


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def truncate_words(text: str, limit: int) -> str:
    """Cut plain text to at most `limit` characters at a word boundary, adding an ellipsis when cut.

    Chinese and Japanese put no spaces between words: between two of their letters any point is a boundary, so
    such text is cut at the limit, not at the last space ("アップルは iPhone 15 を発表した。..." would keep
    "アップルは iPhone")."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not (_UNSPACED_LETTER.match(cut[-1]) and _UNSPACED_LETTER.match(text[limit - 1])):
        cut = cut.rsplit(" ", 1)[0]
    elif (stop := _last_unspaced_stop(cut)) >= (limit - 1) * 2 // 3:
        cut = cut[: stop + 1]   # after the last sentence or clause end, rather than in a word ("平常時" as "平…")
    cut = cut.rstrip(",;:.-–—、，")
    # A bidi isolate the cut leaves open (its closing U+2069 was cut off) is closed, or it would reach past the text.
    opened = len(_ISOLATE_OPEN.findall(cut)) - cut.count("\u2069")
    return cut + "\u2069" * opened + "…" if opened > 0 else cut + "…"


def _last_unspaced_stop(cut: str) -> int:
    """Where the last sentence or clause of Chinese or Japanese text ends in `cut` (-1 for none), before a quote
    or bracket it leaves open: "…と発表した。「発生可能性は、平" ends at "。", not inside the quote."""
    opened = max(cut.rfind(mark) for mark in "「『（【《")
    end = opened if opened > max(cut.rfind(mark) for mark in "」』）】》") else len(cut)
    return max(cut.rfind(mark, 0, end) for mark in "。！？、，；")


_ISOLATE_OPEN = re.compile("[\u2066-\u2068]")
# Letters of Chinese and Japanese (Han, kana), written without spaces between words.
_UNSPACED_LETTER = re.compile(f"[{HAN_KANA}]")
