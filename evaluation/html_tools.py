"""HTML helpers for building the corpus: decoding bytes, reading page metadata, slimming, block text.

Everything here works on one page at a time and has no knowledge of the two source corpora.
"""

from __future__ import annotations

import codecs
import re

import lxml.html
from lxml import etree

# ---------------------------------------------------------------------------------------------------------------
# Decoding

# `<meta charset=...>` or `<meta http-equiv="Content-Type" content="text/html; charset=...">`, searched as bytes
# before decoding (the HTML spec's prescan looks at the first 1024 bytes; real pages put it later, so look further).
_DECLARED_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)

# Labels browsers treat as another encoding (WHATWG Encoding Standard): Latin-1 and ASCII labels mean
# windows-1252, GB2312 means GBK/GB18030 and so on. Python's codecs would take them literally.
_WHATWG_ENCODING_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "shift_jis": "cp932",
    "x-sjis": "cp932",
}


def declared_charset(data: bytes) -> str | None:
    """The charset the page's own `<meta>` declares, lower-case, or None."""
    match = _DECLARED_CHARSET.search(data[:200_000])
    return match.group(1).decode("ascii", "replace").lower() if match else None


def python_codec(label: str | None) -> str | None:
    if not label:
        return None
    label = _WHATWG_ENCODING_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes, known_encoding: str | None = None) -> tuple[str, str]:
    """Decode page bytes; returns (text, codec used).

    Order: a byte-order mark; the encoding the source is known to store (`known_encoding`); strict UTF-8; the
    page's declared charset; charset-normalizer's guess; UTF-8 with replacement characters.

    Strict UTF-8 comes before the declared charset because both source repositories store their pages as UTF-8
    whatever the page declares (Fundus decodes each page and writes the text back as UTF-8, Readability's test
    pages are UTF-8 files), and a non-ASCII byte sequence that happens to be valid UTF-8 is almost never text in
    a legacy encoding. A declared charset that disagrees is therefore stale, and the caller records it.
    """
    byte_order_marks = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                        (codecs.BOM_UTF16_BE, "utf-16"))
    for bom, codec in byte_order_marks:
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), codec
    candidates = [python_codec(known_encoding), "utf-8", python_codec(declared_charset(data))]
    for codec in candidates:
        if codec:
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                continue
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        return str(best), best.encoding
    return data.decode("utf-8", errors="replace"), "utf-8"


# ---------------------------------------------------------------------------------------------------------------
# Parsing and metadata

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def parse_document(html: str) -> lxml.html.HtmlElement:
    """The page as an lxml document (lxml refuses str input that starts with an XML encoding declaration)."""
    return lxml.html.document_fromstring(_XML_DECLARATION.sub("", html, count=1) or "<html></html>")


def primary_language(tag: str | None) -> str | None:
    """'en-US', 'de_DE', 'EN' -> 'en'; None for empty or malformed tags.

    Only two-letter (ISO 639-1) codes count: pages put charsets and other junk in language fields ("utf-8").
    """
    if not tag:
        return None
    primary = re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]
    return primary if re.fullmatch(r"[a-z]{2}", primary) else None


def declared_language(doc: lxml.html.HtmlElement) -> str | None:
    """The page's declared language (ISO 639 primary subtag) from `<html lang>`, og:locale or content-language."""
    root = doc.getroottree().getroot()
    candidates = [root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang"), root.get("xml:lang")]
    candidates += doc.xpath("//meta[@property='og:locale']/@content")
    candidates += doc.xpath("//meta[translate(@http-equiv,'CONTENT-LANGUAGE','content-language')"
                            "='content-language']/@content")
    for candidate in candidates:
        if language := primary_language(candidate):
            return language
    return None


_SAVED_FROM_URL = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->", re.IGNORECASE)


def own_url(doc: lxml.html.HtmlElement, html: str) -> str | None:
    """The page's own address if it names it: canonical link, og:url, or a browser's 'saved from url' comment."""
    candidates = doc.xpath("//link[translate(@rel,'CANONICAL','canonical')='canonical']/@href")
    candidates += doc.xpath("//meta[@property='og:url']/@content")
    if match := _SAVED_FROM_URL.search(html[:5000]):
        candidates.append(match.group(1))
    for candidate in candidates:
        candidate = candidate.strip()
        if re.match(r"https?://[^/\s]+\.[^/\s]+", candidate):
            return candidate
    return None


# ---------------------------------------------------------------------------------------------------------------
# Slimming

# Elements with no text a reader sees and nothing an extractor reads: style sheets, SVG drawings (icons, logos;
# their path data is a third of some pages), inert templates, plug-ins, canvases, media sources. <noscript>
# stays (a browser without JavaScript shows it, and it is in the dumps), and so do <math>, <picture>, <audio>
# and <video> (their text and fallback text are part of the page).
_DROPPED_ELEMENTS = ("style", "svg", "template", "object", "embed", "canvas", "source", "track")
# <link> kinds that only load resources; canonical, alternate (feeds, AMP, languages) and author links stay.
_DROPPED_LINK_RELS = {"stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload",
                      "icon", "shortcut", "apple-touch-icon", "apple-touch-icon-precomposed", "manifest",
                      "mask-icon", "prerender"}
# Attributes that only serve loading or scripts: event handlers (on*), responsive image sets, integrity hashes.
# Everything else stays, measured on the whole corpus: inline styles (trafilatura drops elements styled
# hidden, e.g. Reuters' visually-hidden ", opens new tab"; they cost 60 KB compressed) and data-* attributes
# (htmldate reads dates from them, e.g. on msn; 150 KB compressed), besides classes, ids, itemprop and rel.
_DROPPED_ATTRIBUTES = {"srcset", "data-srcset", "sizes", "integrity", "nonce", "crossorigin"}
_PRE_ELEMENTS = {"pre", "textarea", "listing", "plaintext", "xmp"}
_WHITESPACE_RUN = re.compile(r"\s+")


def _is_structured_data(script: lxml.html.HtmlElement) -> bool:
    return "ld+json" in (script.get("type") or "").lower()


def _collapse_blank(text: str | None) -> str | None:
    """Whitespace-only text becomes one newline or space (layout indentation carries nothing)."""
    if text is None or text.strip():
        return text
    return "\n" if "\n" in text else (" " if text else text)


def slim_html(html: str) -> str:
    """A smaller copy of the page that extractors read the same way as the original.

    Drops scripts (JSON-LD stays: it carries title, dates and authors), <style> sheets, SVG drawings, plug-ins,
    comments, resource-loading links, event handlers, responsive image sets and data: URIs, and collapses
    whitespace-only text outside <pre>. <head> meta tags (og:*, article:*, description, charset), the canonical
    link, all text, the element structure and the attributes extractors read (class, id, style, data-*,
    itemprop) stay. The declared charset is rewritten to UTF-8, since
    the stored text is Unicode and is written out as UTF-8 (the original declaration is recorded apart).
    """
    doc = parse_document(html)
    for comment in doc.xpath("//comment() | //processing-instruction()"):
        if comment.getparent() is not None:  # a comment before <html> ("saved from url=...") stays
            _drop_keeping_tail(comment)
    for element in list(doc.iter(*_DROPPED_ELEMENTS, "script", "link", "iframe")):
        tag = element.tag
        if tag == "script" and _is_structured_data(element):
            continue
        if tag == "link" and not (set((element.get("rel") or "").lower().split()) & _DROPPED_LINK_RELS):
            continue
        if tag == "iframe":  # the frame's page is not in the file; only its address would be
            element.attrib.clear()
            continue
        if element.getparent() is not None:
            _drop_keeping_tail(element)
    for element in doc.iter(etree.Element):
        attributes = element.attrib
        for name in list(attributes):
            value = attributes[name]
            if name in _DROPPED_ATTRIBUTES or name.startswith("on") or value.lstrip().lower().startswith("data:"):
                del attributes[name]
    _declare_utf8(doc)
    _collapse_layout_whitespace(doc)
    doctype = doc.getroottree().docinfo.doctype or "<!DOCTYPE html>"
    return lxml.html.tostring(doc, encoding="unicode", method="html", doctype=doctype)


def _drop_keeping_tail(node) -> None:
    """Remove a node but keep the text that follows it (lxml stores that text on the node as its tail)."""
    parent = node.getparent()
    tail = node.tail
    if tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)


def _declare_utf8(doc: lxml.html.HtmlElement) -> None:
    for meta in doc.xpath("//meta[@charset]"):
        meta.set("charset", "utf-8")
    for meta in doc.xpath("//meta[@http-equiv and contains(translate(@content,'CHARSET','charset'),'charset')]"):
        meta.set("content", re.sub(r"(?i)charset\s*=\s*[^;\s\"']+", "charset=utf-8", meta.get("content")))


def _collapse_layout_whitespace(doc: lxml.html.HtmlElement) -> None:
    for element in doc.iter(etree.Element):
        element.tail = _collapse_blank(element.tail)
        if element.tag in _PRE_ELEMENTS or any(a.tag in _PRE_ELEMENTS for a in element.iterancestors()):
            continue
        element.text = _collapse_blank(element.text)


# ---------------------------------------------------------------------------------------------------------------
# Block text of an article fragment (Readability's expected.html)

_BLOCK_ELEMENTS = {
    "address", "article", "aside", "blockquote", "caption", "center", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot",
    "thead", "tr", "ul", "body", "html",
}
_CELL_ELEMENTS = {"td", "th"}
_SKIPPED_ELEMENTS = {"script", "style", "noscript", "template", "head", "title"}
_CELL_SEPARATOR = "\x01"  # stands for a tab until whitespace is collapsed (a tab would be collapsed with it)


def block_text(html_fragment: str) -> str:
    """The text of an HTML fragment as paragraphs (one per block element) separated by blank lines.

    Inside a block, whitespace is collapsed as a browser does, <br> is a line break and table cells are
    separated by a tab; a <pre> block keeps its text as it is.
    """
    root = lxml.html.fragment_fromstring(html_fragment, create_parent="div")
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        lines = (_WHITESPACE_RUN.sub(" ", line) for line in "".join(current).split("\n"))
        lines = (re.sub(rf" ?{_CELL_SEPARATOR}+ ?", "\t", line).strip(" \t") for line in lines)
        if paragraph := "\n".join(line for line in lines if line):
            blocks.append(paragraph)
        current.clear()

    def walk(element) -> None:
        tag = element.tag if isinstance(element.tag, str) else None
        if tag is not None and tag not in _SKIPPED_ELEMENTS:  # not a comment, processing instruction, script
            if tag == "pre":
                flush()
                if preformatted := element.text_content().strip("\n"):
                    blocks.append(preformatted)
            else:
                is_block = tag in _BLOCK_ELEMENTS
                if is_block:
                    flush()
                if tag == "br":
                    current.append("\n")
                if tag in _CELL_ELEMENTS:
                    current.append(_CELL_SEPARATOR)
                current.append(_as_inline(element.text))
                for child in element:
                    walk(child)
                if is_block:
                    flush()
        current.append(_as_inline(element.tail))

    walk(root)
    flush()
    return "\n\n".join(blocks)


def _as_inline(text: str | None) -> str:
    """Source text inside a block: its line breaks are plain whitespace (only <br> breaks a line)."""
    return (text or "").replace("\r", " ").replace("\n", " ")
