"""The site name a page declares about itself in its HTML: og:site_name, JSON-LD, application-name, <title>; and
the language of its article.

Also the page's visible text, one line per block element, for the copyright and masthead lines when only the
HTML is at hand.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from newsdigest.ingest.lang import detect_language, language_scores, tokens
from newsdigest.ingest.rules import is_english
from newsdigest.ingest.outlet_names import Attribution, clean_name, normal_spaces, valid_name
from newsdigest.ingest.page_urls import is_home_page
from newsdigest.urls import is_web_url

# `found_in` values (see attribution.py).
OG_SITE_NAME = "og:site_name"
JSON_LD_PUBLISHER = "JSON-LD publisher"
JSON_LD_WEBSITE = "JSON-LD WebSite name"
APPLICATION_NAME = "application-name"

ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
                  "reviewnewsarticle", "backgroundnewsarticle", "blogposting", "liveblogposting", "report",
                  "scholarlyarticle", "techarticle", "webpage", "itempage", "medicalwebpage"}


def from_html_metadata(html: str) -> Attribution | None:
    """The site name the page declares about itself: og:site_name, JSON-LD publisher, application-name."""
    tree = parse_html(html)
    if tree is None:
        return None
    for found_in, xpath in ((OG_SITE_NAME, '//meta[@property="og:site_name" or @name="og:site_name"]/@content'),):
        for value in tree.xpath(xpath):
            name = clean_name(str(value))
            if name:
                return Attribution(name, found_in)
    publisher, website = _json_ld_names(tree)
    if publisher:
        return Attribution(publisher, JSON_LD_PUBLISHER)
    if website:
        return Attribution(website, JSON_LD_WEBSITE)
    for value in tree.xpath('//meta[@name="application-name" or @name="apple-mobile-web-app-title"]/@content'):
        name = clean_name(str(value))
        if name:
            return Attribution(name, APPLICATION_NAME)
    return None


_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|»)\s+")


def title_site_name(html: str) -> str:
    """The site part of a "Headline | Site" <title>: the shorter end piece, up to five words ("" if none)."""
    tree = parse_html(html)
    if tree is None:
        return ""
    title = normal_spaces(" ".join(tree.xpath("//head/title//text()") or tree.xpath("//title//text()")))
    parts = [part for part in _TITLE_SEPARATORS.split(title) if part.strip()]
    if len(parts) < 2:
        return ""
    for candidate in (parts[-1], parts[0]):
        rest = len(title) - len(candidate)
        name = valid_name(candidate)
        if name and len(name.split()) <= 5 and rest > len(candidate):
            return name
    return ""


@dataclass(frozen=True)
class DeclaredTitles:
    """The headlines a page declares: its metadata titles and the text of its first `<h1>` elements."""

    og: str = ""                      # og:title
    json_ld: str = ""                 # the JSON-LD article's headline
    twitter: str = ""                 # twitter:title
    title: str = ""                   # <title>
    h1: tuple[str, ...] = ()          # the first three <h1>, as the reader sees them
    modified: str = ""                # when the page says it was last changed (article:modified_time, JSON-LD)
    description: str = ""             # og:description, else the description meta tag (newsdigest.ingest.standfirst)
    # The page's own address as it declares it: og:url, twitter:url, else its canonical link (a relative one read
    # against `<base href>`, else the page's given address). Never `<base href>` itself or the x-default language
    # version, which many sites set to their home page on every article, so that each article would be stored at
    # the same address; nor a declared home page, which a site's template can set as og:url of every article.
    address: str = ""
    home_address: str = ""           # the home page it declares as its address, where it declares no other and
                                      # does not declare itself an article (og:type)


def declared_titles(html: str, page_url: str = "") -> DeclaredTitles:
    """og:title, the JSON-LD headline, twitter:title, <title> and the first <h1>s of a page (empty if absent), the
    time it says it was last changed, its description and its declared address (`page_url`: where the page was
    fetched, if known, for a relative canonical link)."""
    tree = parse_html(html)
    if tree is None:
        return DeclaredTitles()

    def meta(xpath: str) -> str:
        return next((normal_spaces(str(v)) for v in tree.xpath(xpath) if normal_spaces(str(v))), "")

    headline = next((normal_spaces(item["headline"]) for item, types in json_ld_objects(tree)
                     if types & ARTICLE_TYPES and isinstance(item.get("headline"), str)
                     and normal_spaces(item["headline"])), "")
    h1 = tuple(text for text in (normal_spaces(node.text_content()) for node in tree.xpath("//body//h1")[:3]) if text)
    return DeclaredTitles(
        og=meta('//meta[@property="og:title" or @name="og:title"]/@content'),
        json_ld=headline,
        twitter=meta('//meta[@name="twitter:title" or @property="twitter:title"]/@content'),
        title=normal_spaces(" ".join(tree.xpath("//head/title//text()") or tree.xpath("//title//text()"))),
        h1=h1,
        modified=meta('//meta[@property="article:modified_time" or @name="article:modified_time" or '
                      '@itemprop="dateModified" or @property="og:updated_time"]/@content')
        or next((item["dateModified"].strip() for item, types in json_ld_objects(tree)
                 if types & ARTICLE_TYPES and isinstance(item.get("dateModified"), str)), ""),
        description=meta('//meta[@property="og:description" or @name="og:description"]/@content')
        or meta('//meta[@name="description"]/@content'),
        **_declared_address(tree, meta, page_url),
    )


def _declared_address(tree, meta, page_url: str) -> dict[str, str]:
    """`address` and `home_address` of `DeclaredTitles` (see there)."""
    og = meta('//meta[@property="og:url" or @name="og:url"]/@content')
    twitter = meta('//meta[@name="twitter:url" or @property="twitter:url"]/@content')
    canonical = _canonical_href(tree)
    if canonical and not is_web_url(canonical):   # read against <base href>, the page's address, else the site's
        base = meta("//head/base/@href")
        base = urljoin(page_url, base) if base and page_url else base or page_url or og or twitter
        canonical = urljoin(base, canonical) if is_web_url(base) else ""
    declared = [address for address in (og, twitter, canonical) if is_web_url(address)]
    # (a page whose og:type says it is an article is one, whatever address its template declares)
    article = meta('//meta[@property="og:type" or @name="og:type"]/@content').lower() == "article"
    return {"address": next((address for address in declared if not is_home_page(address)), ""),
            "home_address": "" if article else next((address for address in declared if is_home_page(address)), "")}


def json_ld_published(html: str) -> str:
    """The datePublished of the article a page's JSON-LD describes (the first object of an article type), or ''.

    Read as structured data: a photo's, a video's or an author's datePublished nested in the article comes first
    in the text and is not the article's."""
    if "datePublished" not in html:
        return ""
    tree = parse_html(html)
    if tree is None:
        return ""
    return next((item["datePublished"].strip() for item, types in json_ld_objects(tree)
                 if types & ARTICLE_TYPES - {"webpage", "itempage", "medicalwebpage"}
                 and isinstance(item.get("datePublished"), str) and item["datePublished"].strip()), "")


def declared_section(html: str) -> str:
    """The section the page's metadata files the article under (article:section, else its JSON-LD article's
    articleSection, the first of a list), or ''."""
    if "rticle:section" not in html and "articleSection" not in html:
        return ""
    tree = parse_html(html)
    if tree is None:
        return ""
    for value in tree.xpath('//meta[@property="article:section" or @name="article:section"]/@content'):
        if normal_spaces(str(value)):
            return normal_spaces(str(value))
    for item, types in json_ld_objects(tree):
        sections = _as_list(item.get("articleSection")) if types & ARTICLE_TYPES else []
        if sections and isinstance(sections[0], str) and normal_spaces(sections[0]):
            return normal_spaces(sections[0])
    return ""


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")


# A JSON-LD block's content wrapped as XHTML pages wrap scripts: "//<![CDATA[ {...} //]]>" (or without the "//", or
# in "/* */"), which is no JSON: every reader of the block (this module's, htmldate's, trafilatura's) skipped it.
_JSON_LD_OPEN = re.compile(r"<script\b[^>]{0,300}application/ld\+json[^>]{0,300}>", re.IGNORECASE)
_CDATA_START = re.compile(r"^\s*(?://|/\*)?\s*<!\[CDATA\[(?:\s*\*/)?")
_CDATA_END = re.compile(r"(?://|/\*)?\s*\]\]>(?:\s*\*/)?\s*$")


def unwrapped_json_ld(html: str) -> str:
    """The page with its JSON-LD blocks' CDATA wrappers taken off, so that their JSON is read. (Each block's end is
    found with `str.find`: a pattern that looked for it took seconds on a page of many unclosed blocks.)"""
    if "<![CDATA[" not in html:
        return html
    pieces, at = [], 0
    folded = html.casefold()
    for opening in _JSON_LD_OPEN.finditer(html):
        if opening.start() < at:
            continue
        end = folded.find("</script", opening.end())
        if end < 0:
            break
        content = html[opening.end():end]
        start_mark, end_mark = _CDATA_START.match(content), _CDATA_END.search(content)
        if start_mark and end_mark and end_mark.start() >= start_mark.end():
            pieces += [html[at:opening.end()], content[start_mark.end():end_mark.start()]]
            at = end
    return "".join(pieces) + html[at:]


def json_ld_objects(tree):
    """Every object of the page's JSON-LD blocks with its lowercased @types; blocks that do not parse are skipped."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "", strict=False)
        except (ValueError, RecursionError):
            continue
        for item in _json_ld_items(data):
            yield item, {t.lower() for t in _as_list(item.get("@type")) if isinstance(t, str)}


def parse_html(html: str):
    """The page's lxml tree, or None where it holds no markup."""
    try:
        from lxml import html as lxml_html
        # lxml refuses text (str) that starts with an XML declaration naming an encoding.
        return lxml_html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    except Exception:  # lxml raises ParserError on empty or markup-free documents
        return None


def _json_ld_names(tree) -> tuple[str, str]:
    """(publisher name of the page's article, name of its WebSite object) from its JSON-LD blocks."""
    publisher = website = ""
    for item, types in json_ld_objects(tree):
        if not publisher and types & ARTICLE_TYPES:
            for candidate in _as_list(item.get("publisher")) + _as_list(item.get("sourceOrganization")):
                name = _name_of(candidate)
                if name:
                    publisher = name
                    break
        if not website and "website" in types:
            website = _name_of(item)
    return publisher, website


def _json_ld_items(data, depth: int = 0):
    if depth > 6:
        return
    if isinstance(data, list):
        for value in data:
            yield from _json_ld_items(value, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "breadcrumb"):   # (a WebPage's BreadcrumbList)
            if isinstance(data.get(key), (list, dict)):
                yield from _json_ld_items(data[key], depth + 1)


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value] if value is not None else []


def _name_of(value) -> str:
    if isinstance(value, str):
        return "" if value.startswith(("http://", "https://", "#", "/")) else clean_name(value)
    if isinstance(value, dict):
        name = value.get("name") or value.get("legalName")
        if isinstance(name, list):
            name = next((n for n in name if isinstance(n, str)), "")
        return clean_name(name) if isinstance(name, str) else ""
    return ""


_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer",
               "section", "article", "aside", "nav", "tr", "table", "dd", "dt", "dl", "figure", "figcaption",
               "blockquote", "pre", "address", "form", "main", "hr", "small"}


def visible_text(html: str) -> str:
    """The page's text, one line per block element (enough to find copyright lines and printed names)."""
    tree = parse_html(html)
    if tree is None:
        return ""
    body = tree.find("body")
    root = body if body is not None else tree
    parts: list[str] = []

    def walk(element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in ("script", "style", "noscript", "template", "svg", "head"):
            if element.tail:
                parts.append(element.tail)
            return
        block = tag.lower() in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if element.text and tag:
            parts.append(element.text)
        for child in element:
            walk(child)
        if block:
            parts.append("\n")
        if element.tail:
            parts.append(element.tail)

    walk(root)
    return "\n".join(normal_spaces(line) for line in "".join(parts).splitlines())


def canonical_link(html: str) -> str:
    """The address the page declares as its own (`<link rel="canonical">`; a relative one read against an absolute
    `<base href>`, else as written); "" if none."""
    tree = parse_html(html)
    if tree is None:
        return ""
    return _canonical_href(tree, next(iter(tree.xpath("//head/base/@href")), ""))


def _canonical_href(tree, base: str = "") -> str:
    """The page's canonical link, against `base` where it is relative and `base` is a web address."""
    for node in tree.xpath("//link[@href]"):
        if "canonical" in str(node.get("rel") or "").lower().split():
            href = str(node.get("href")).strip()
            return urljoin(base.strip(), href) if href and not is_web_url(href) and is_web_url(base.strip()) else href
    return ""


# What a browser writes at the top of a page saved whole: `<!-- saved from url=(0063)https://... -->`.
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)


def saved_from_url(html: str) -> str:
    """The address a browser saved the page from, as it notes it at the top of the file; "" if none."""
    found = _SAVED_FROM.search(html[:4096])
    return found[1] if found else ""


# The language a page declares for itself: <html lang="de-CH"> (xml:lang too), read near the start of the page.
_DECLARED_LANGUAGE = re.compile(r"<html\b[^>]*?\s(?:xml:)?lang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)",
                                re.IGNORECASE)


def page_language(html: str, article_text: str) -> str:
    """The language of a page's article: the one its words are in (`lang.detect_language`, as for a text dump),
    written as the page declares it (`<html lang="de-CH">`) when its words could be in that language as well (its
    stop words get at least half the votes of the likeliest one's: a list of foods is no prose to tell by). A
    declaration its words contradict is not taken: themes and content systems often keep their default ("en") on
    pages in other languages."""
    words = tokens(article_text)
    # (Chinese, Japanese and Korean by their script, then English as the text cleaner's rules tell it: the stop-word
    # vote can name Finnish for a short English text, "the", "on" and "to" being in some twenty languages' lists)
    detected = detect_language(words)
    if detected not in ("zh", "ja", "ko") and is_english(article_text):
        detected = "en"
    found = _DECLARED_LANGUAGE.search(html, 0, 20_000)
    if found is None:
        return detected
    primary, *rest = found.group(1).replace("_", "-").split("-")
    declared = "-".join([primary.lower(), *(part.upper() if len(part) == 2 else part for part in rest)])
    if primary.lower() == detected or not detected:   # (no stop word of any language: the page's word is all)
        return declared
    scores = language_scores([word for word in words if not word[0].isdigit()])
    return declared if scores and scores.get(primary.lower(), 0.0) >= 0.5 * max(scores.values()) else detected
