"""The section a page's breadcrumb names, for a page whose metadata declares none (no `article:section`, no JSON-LD
`articleSection`): "Home > Local News > [the article]" names "Local News".

The breadcrumb is read from the page's JSON-LD `BreadcrumbList` (also inside an `@graph` or a WebPage's
`breadcrumb`), else its microdata or RDFa (`itemtype` or `typeof` BreadcrumbList), else the list the page marks as its
breadcrumb (an element whose class, id or aria-label says so). Its last step is often the article itself (the
headline, the page's own address, or the one step without a link) and its first the home page or the site: the
section is the last step before the article that `categories.category_or_none` takes for a section's name, as a
text dump's breadcrumb gives its last step (`rules.breadcrumb_category`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import unescape
from urllib.parse import urljoin, urlsplit

from newsdigest.ingest.categories import category_or_none
from newsdigest.ingest.clean import comparable
from newsdigest.ingest.outlet_names import compact
from newsdigest.ingest.site_metadata import json_ld_objects, parse_html

Step = tuple[str, str]   # (the step's name, its address: absolute, or "" where it has no link)

_MARKED = ('//*[contains(translate(concat(@class, " ", @id, " ", @aria-label), "BREADCRUMB", "breadcrumb"), '
           '"breadcrumb")][not(ancestor::head)]')


def breadcrumb_section(html: str, title: str, url: str, site_names: Sequence[str] = ()) -> str:
    """The section the page's breadcrumb names ('' where it has none): the last step before the article that is a
    section's name, not the home page, a button, the headline or the outlet (`site_names`)."""
    tree = parse_html(html)
    if tree is None:
        return ""
    outlets = {compact(name) for name in site_names}
    for read in (_json_ld_steps, _structured_steps, _marked_steps):
        steps = read(tree, url)
        if _is_the_article(steps, title, url):
            steps = steps[:-1]
        for name, _ in reversed(steps):
            if _ARCHIVE_STEP.search(name):
                continue   # a date archive's step ("March 2026"), no section
            section = category_or_none(name, url=url, title=title)
            if section and compact(section) not in outlets:
                return section
    return ""


def _is_the_article(steps: list[Step], title: str, url: str) -> bool:
    """Whether the breadcrumb's last step is the article: its headline (or the headline's start), the page's own
    address, or the one step left without a link where the others have theirs."""
    if not steps:
        return False
    name, link = steps[-1]
    headline, step = comparable(title), comparable(name)
    if step and headline and (headline.startswith(step) and len(step) > len(headline) / 2 or step.startswith(headline)):
        return True
    if link and url and _same_address(link, url):
        return True
    return not link and any(other_link for _, other_link in steps[:-1])


def _same_address(one: str, other: str) -> bool:
    """Whether two addresses are one page: the same host (with or without "www.") and path."""
    def key(address: str) -> str:
        try:
            parts = urlsplit(address)
        except ValueError:
            return address
        return parts.netloc.casefold().removeprefix("www.") + parts.path.rstrip("/")
    return key(one) == key(other)


def _json_ld_steps(tree, url: str) -> list[Step]:
    """The steps of the page's first JSON-LD BreadcrumbList, in the order of their positions."""
    for item, types in json_ld_objects(tree):
        if "breadcrumblist" not in types:
            continue
        elements = item.get("itemListElement")
        elements = [e for e in (elements if isinstance(elements, list) else [elements]) if isinstance(e, dict)]
        elements.sort(key=lambda e: _position(e.get("position")))
        steps = []
        for element in elements:
            inner = element.get("item")
            inner_name = inner.get("name") if isinstance(inner, dict) else None
            name = element.get("name") if isinstance(element.get("name"), str) else inner_name
            link = inner if isinstance(inner, str) else (inner.get("@id") or inner.get("url")
                                                         if isinstance(inner, dict) else "")
            if isinstance(name, str) and name.strip():   # (HTML-escaped where a template wrote it: "Europa&#x20;")
                steps.append((" ".join(unescape(name).split()), _absolute(link, url)))
        if steps:
            return steps
    return []


def _position(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("inf")   # (an unnumbered step keeps its place after the numbered ones: sort is stable)


def _structured_steps(tree, url: str) -> list[Step]:
    """The steps of the page's first BreadcrumbList in microdata (`itemprop`) or RDFa (`property`)."""
    lists = tree.xpath('//*[contains(@itemtype, "BreadcrumbList") or contains(@typeof, "BreadcrumbList")]')
    if not lists:
        return []
    steps = []
    for element in lists[0].xpath('.//*[@itemprop="itemListElement" or @property="itemListElement"]'):
        names = element.xpath('.//*[@itemprop="name" or @property="name"]')
        name = (names[0].get("content") or names[0].text_content()) if names else element.text_content()
        links = element.xpath('.//*[@itemprop="item" or @property="item"]')
        link = (links[0].get("href") or links[0].get("content") or links[0].get("itemid") or links[0].get("resource")
                if links else "") or next(iter(element.xpath(".//a/@href")), "")
        if name and name.strip():
            steps.append((" ".join(name.split()), _absolute(str(link), url)))
    return steps


def _marked_steps(tree, url: str) -> list[Step]:
    """The steps of the list the page marks as its breadcrumb: its list items, else its links and the text after the
    last of them (the article, shown without a link)."""
    crumb = _marked_list(tree)
    if crumb is None:
        return []
    items = crumb.xpath(".//li[not(.//li)]") or crumb.xpath(".//a | .//span[not(.//a) and not(ancestor::a)]")
    steps: list[Step] = []
    for item in items:
        name = " ".join(item.text_content().split())
        links = [item.get("href")] if item.tag == "a" else item.xpath(".//a/@href")
        if links and _TOOL_LINK.match(str(links[0] or "").strip()):
            continue   # a tool beside the steps: "Email a Friend" (mailto:), "Print" (javascript:)
        if _LETTER.search(name) and (not steps or steps[-1][0] != name):
            steps.append((name, _absolute(str(links[0]) if links and links[0] else "", url)))
    return steps


def _marked_list(tree):
    """The element the page marks as its breadcrumb that holds its steps: short (not an `<article>` whose class
    names a "url-breadcrumb"), with two links or more, and the innermost such (a "breadcrumb" box also holds the
    page's "Email a Friend" and "Print" links; its inner list holds the steps alone)."""
    marked = [element.getparent() if element.tag == "li" and element.getparent() is not None else element
              for element in tree.xpath(_MARKED)]   # (a step marked "breadcrumb-item": its list)
    crumbs = [element for element in marked if len(element.xpath(".//a[@href]")) >= 2
              and len(element.text_content()) <= MAX_BREADCRUMB_CHARS]
    if not crumbs:
        return None
    crumb = crumbs[0]
    for element in crumbs[1:]:
        if any(ancestor is crumb for ancestor in element.iterancestors()):
            crumb = element
    return crumb


MAX_BREADCRUMB_CHARS = 500    # a breadcrumb's text, with the spaces of its markup: a few short names


_LETTER = re.compile(r"[^\W\d_]")
_TOOL_LINK = re.compile(r"(?:mailto|javascript|tel|sms):", re.IGNORECASE)
_ARCHIVE_STEP = re.compile(r"^(?:\S+\s+){0,2}(?:19|20)\d\d\W*$|^\d{1,2}[./-]\d{4}$")   # "2026", "March 2026", "03/2026"


def _absolute(link, url: str) -> str:
    if not isinstance(link, str) or not link.strip() or link.startswith(("#", "javascript:")):
        return ""
    try:
        return urljoin(url, link.strip()) if url else link.strip()
    except ValueError:
        return ""
