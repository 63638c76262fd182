"""Who published a page: the outlet's name from the HTML metadata, a copyright or masthead line, or the URL's host.

    attribute(text=dump_or_visible_text, html=page_html, url=page_url) -> Attribution(name, found_in) | None

Evidence, strongest first:

1. The page's own metadata (HTML only): `og:site_name`, the JSON-LD publisher of the article (or the site's
   `WebSite` name), `application-name` / `apple-mobile-web-app-title`.
2. With a URL: the registered domain of its host ("www.bbc.co.uk" -> "bbc.co.uk"). A name that spells the host,
   the outlet's own spelling, is used instead: the one the site calls itself by in two different set phrases of
   its links and blurbs ("More from The Telegraph", "Work at The Telegraph" on telegraph.co.uk), else a copyright
   line's ("© 2024 Reuters. All rights reserved." on reuters.com; "© Telegraph Media Group" spells the host too,
   but names the owning group, hence the order), else the host's name as the page spells it ("Ottawa Citizen" on
   ottawacitizen.com). A copyright line naming someone else ("© 2025 FUNKE Mediengruppe") loses to the host.
3. Without a URL: the name the site calls itself by in two different set phrases (as above); else the footer's
   copyright line ("© 2026 Korea Herald", "Copyright 2019 X. All rights reserved.",
   "X © 2021"), else a domain printed on the page ("koreaherald.com" on a line of its own or in the
   copyright line), as spelled on the page when it is. A printed domain that the self-given name does not
   spell wins over it.

Photo credits ("... im Einsatz. © dpa | Jens Kalaene") are not copyright lines: a line counts when it carries a
year or an "all rights reserved" phrase, or stands among the last lines of the page, and has no sentence before
the mark. Nothing is guessed: when none of this is found, the article has no source ("source unknown").

This module weighs the evidence; it is read in `site_metadata.py` (HTML), `copyright.py` (copyright and masthead
lines), `domains.py` (hosts and printed domains) and `self_mentions.py` (the site's own links and blurbs), and
names are checked in `outlet_names.py`.
"""

from __future__ import annotations

import re

from newsdigest.ingest.copyright import copyright_lines, copyright_names
from newsdigest.ingest.domains import printed_domain, registered_domain, spelled_on_page
from newsdigest.ingest.outlet_names import Attribution, agrees, compact, normal_spaces, spellings
from newsdigest.ingest.self_mentions import site_self_name
from newsdigest.ingest.site_metadata import from_html_metadata, title_site_name, visible_text

# `found_in` values: factual, for the summary and for people reading the code (the HTML metadata's own are in
# site_metadata.py).
TITLE_SUFFIX = "page title's site part"
COPYRIGHT_LINE = "copyright line"
SELF_MENTION = "the site's own links and blurbs"
URL_HOST = "URL host"
URL_HOST_SPELLED = "URL host, as spelled on the page"
PRINTED_DOMAIN = "domain printed on the page"
PRINTED_DOMAIN_SPELLED = "domain printed on the page, as spelled on the page"


def attribute(*, text: str = "", html: str = "", url: str = "") -> Attribution | None:
    """The outlet that published the page, or None when the page and its URL do not say."""
    host = registered_domain(url) if url else ""
    title_name = ""
    if html:
        named = from_html_metadata(html)
        if named is not None:
            return named
        title_name = title_site_name(html)
        if not text:
            text = visible_text(html)
    lines = [line for line in (normal_spaces(raw) for raw in text.splitlines()) if line]
    numbers = copyright_lines(lines)
    names = [Attribution(name, COPYRIGHT_LINE) for name in copyright_names(lines, numbers)]
    own = site_self_name(lines)
    # The name the site calls itself by comes last: preferred over a copyright line's (see _with_domain).
    own_name = [Attribution(own, SELF_MENTION)] if own else []
    if host:
        if title_name and agrees(title_name, host):
            return Attribution(title_name, TITLE_SUFFIX)
        return _with_domain(host, names + own_name, text, URL_HOST, URL_HOST_SPELLED)
    # Without a URL, a name needs a second witness: printed elsewhere on the page, not only in the footer.
    footer = set(numbers)
    others = "\n".join(line for number, line in enumerate(lines) if number not in footer)
    # (or named by the copyright line too: the title's site part and the footer are two witnesses)
    if title_name and (_printed_in(title_name, others) or compact(title_name) in {compact(n.name) for n in names}):
        return Attribution(title_name, TITLE_SUFFIX)
    names = [Attribution(witnessed, COPYRIGHT_LINE) for witnessed in (_witnessed(name.name, others) for name in names)
             if witnessed] + own_name
    domain = printed_domain(lines, numbers)
    if domain:
        return _with_domain(domain, names, text, PRINTED_DOMAIN, PRINTED_DOMAIN_SPELLED)
    return _in_full(names)


def _in_full(names: list[Attribution]) -> Attribution | None:
    """The last name found (the site's own, when it has one), or a copyright line's name that ends with it and so
    spells it in full: "Inquirer" of "Inquirer Store" and "Inquirer Events", "The Philadelphia Inquirer" of the
    copyright line."""
    if not names:
        return None
    last = names[-1]
    fuller = [named for named in names[:-1] if named.name.casefold().endswith(" " + last.name.casefold())]
    return fuller[-1] if last.found_in == SELF_MENTION and fuller else last


def _printed_in(name: str, text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text, re.IGNORECASE) is not None


def _witnessed(name: str, text: str) -> str:
    """The name, or its longest start of two or more words ("FOX News" of "FOX News Network"), printed in `text`."""
    words = name.split()
    for size in range(len(words), 1 if len(words) > 1 else 0, -1):
        start = " ".join(words[:size])
        if _printed_in(start, text):
            return start
    return ""


def _with_domain(domain: str, names: list[Attribution], text: str, bare: str, spelled_as: str) -> Attribution:
    """The domain as its outlet's name: the name the site calls itself by, else a copyright line's name (often the
    owning group's: "Telegraph Media Group"), when it spells the domain; else the domain as the page spells it,
    else the bare domain."""
    agreeing = [named for named in names if agrees(named.name, domain)]
    if agreeing:
        own = [named for named in agreeing if named.found_in == SELF_MENTION]
        chosen = (own or agreeing)[-1]
        return chosen if own else Attribution(brand_of(chosen.name, domain), chosen.found_in)
    spelled = spelled_on_page(domain, text)
    return Attribution(spelled, spelled_as) if spelled else Attribution(domain, bare)


def brand_of(name: str, domain: str) -> str:
    """A copyright holder's name without the company words after the words that spell its site's domain: the brand
    readers know ("Boston Globe Media Partners" on bostonglobe.com is Boston Globe, "VICE MEDIA GROUP" on vice.com
    VICE, "Fast Company &" Fast Company). Only company words go ("News Corp Australia" on news.com.au stays whole),
    and a name no start of which spells the domain stays ("Ottawa Citizen" spells ottawacitizen.com only whole)."""
    label = compact(domain.split(".", 1)[0])
    keys = {label, label.removeprefix("the"), compact(domain)}
    words = name.split()
    for size in range(1, len(words)):
        start = " ".join(words[:size])
        if any(spelled.removeprefix("the") in keys or spelled in keys for spelled in spellings(start)) \
                and all(compact(word) in _COMPANY_WORDS for word in words[size:]):
            return start
    return name


# The words after a brand that name the company owning it ("Media Group", "L.P.", "GmbH", "& Co."): an empty
# compact() is punctuation alone ("&").
_COMPANY_WORDS = frozenset("""media group partners partner company co corp corporation inc incorporated llc lp ltd
limited plc gmbh ag sa holdings holding publishing publications newspapers newspaper network networks ip verlag
verlagsgruppe zeitschriftenverlag zeitschriften mediengruppe international""".split()) | {""}
