"""An article's address as ingest stores it, and when two addresses name one page.

A crawler reaches one article under many addresses: with a campaign's tracking parameters
(`?utm_source=twitter`, `&fbclid=...`), as its AMP or mobile version, over http or https, with or without a
trailing slash or a fragment. The address stored in `url:` is the one readers follow and feeds give, so it is
the page's own: the canonical link it declares where that names the same page (the article an AMP or mobile page
points to), without tracking parameters or fragment (`article_url`). Whether a page crawled again is an article already in the content folder is decided on a
folded form of the address (`page_key`), so that the variants of one address find the one file. A page read
from an archive's or a cache's copy (the Wayback Machine, archive.today, Google's AMP cache) is the page it copies
(`original_address`).

    article_url("https://www.x.com/a/b?utm_source=t&id=3#top") -> "https://www.x.com/a/b?id=3"
    page_key("http://m.x.com/a/b/amp/") == page_key("https://www.x.com/a/b")
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import parse_qsl, quote, unquote_plus, urlencode, urljoin, urlsplit, urlunsplit

from newsdigest.urls import is_web_url
from newsdigest.ingest.domains import registered_domain

# Query parameters that say how a reader came to the page (campaign, click and newsletter ids), never which page
# it is. Only names whose meaning is unambiguous are listed: a site's own parameters ("id", "p", "ref") stay.
_TRACKING = re.compile(
    r"utm_\w*|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|igshid|mc_cid|mc_eid|_ga|_gl|_hsenc|_hsmi"
    r"|mkt_tok|oly_anon_id|oly_enc_id|vero_id|rb_clickid|s_cid|xtor|cmp|smid|sr_share|at_medium|at_campaign"
    r"|ocid|guccounter|guce_referrer|guce_referrer_sig|__twitter_impression",
    re.IGNORECASE)
# A parameter a feed adds to its items' links to count the visits they bring: a "came from" name whose value names
# the feed (Medium's "?source=rss----a1b2c3---4", "?from=rss", "?ref=rss"); "?source=home", "?ref=feedback" stay.
_FEED_VISIT = re.compile(r"(?:source|src|from|ref|via|cmpid|ito)=(?:rss|atom|feed)(?![a-z]).*", re.IGNORECASE)
# Parameters and path pieces that ask for the AMP version of the same article.
_AMP_PARAMETER = re.compile(r"amp|outputtype|output|amp_js_v|usqp", re.IGNORECASE)
_AMP_VALUE = re.compile(r"|1|true|amp", re.IGNORECASE)
_MOBILE_HOST = re.compile(r"^(?:www|m|mobile|amp)\.", re.IGNORECASE)


def without_tracking(url: str) -> str:
    """`url` without its fragment and its tracking parameters (and those a feed adds); the other parameters stay as
    written, in order."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    query = "&".join(piece for piece in parts.query.split("&")
                     if piece and not _TRACKING.fullmatch(unquote_plus(piece.split("=", 1)[0]))
                     and not _FEED_VISIT.fullmatch(unquote_plus(piece)))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


# The addresses of a copy that name the original page in full: the Wayback Machine's ("web.archive.org/web/
# 20240501093000/https://x.com/a", with a flag such as "id_" after the time), archive.today's long form
# ("archive.ph/2024.05.01-093000/https://x.com/a") and Google's AMP cache ("x-com.cdn.ampproject.org/c/s/x.com/a").
_ARCHIVED = re.compile(r"https?://(?:web|wayback)\.archive\.org/web/\d{1,14}(?:[a-z]{2}_)?/(?P<wayback>.+)"
                       r"|https?://archive\.(?:today|ph|is|li|md|vn|fo)/\d{4}\.\d\d\.\d\d-\d{6}/(?P<today>.+)",
                       re.IGNORECASE)
_AMP_CACHE = re.compile(r"https?://[^/]+\.cdn\.ampproject\.org/[cv]/(?P<secure>s/)?(?P<rest>[^/].*)", re.IGNORECASE)


def original_address(url: str) -> str:
    """The address of the page an archive's or a cache's copy at `url` is a copy of, where `url` names it in full
    (the Wayback Machine, archive.today, Google's AMP cache), else `url`. The copy's own address dates the capture
    ("/web/20240501093000/"), not the article, and names the archive, not the outlet."""
    found = _ARCHIVED.match(url)
    if found:
        inner = found["wayback"] or found["today"]
        # (its scheme's "//" is sometimes folded to one "/", as a path's are)
        scheme = re.match(r"(https?):/+", inner, re.IGNORECASE)
        if not scheme and re.match(r"[a-z][a-z0-9+.-]*:(?!\d)", inner, re.IGNORECASE):
            return url    # a copy of an ftp: or file: address: no web page's
        inner = f"{scheme[1]}://{inner[scheme.end():]}" if scheme else "http://" + inner.lstrip("/")
        return inner if is_web_url(inner) else url
    found = _AMP_CACHE.match(url)
    if found:
        inner = ("https://" if found["secure"] else "http://") + found["rest"]
        return inner if is_web_url(inner) else url
    return url


def article_url(crawled: str, canonical: str = "") -> str:
    """The address to store for a page reached at `crawled` that declares `canonical` as its own (its
    `<link rel="canonical">`, possibly relative), without tracking parameters: the canonical link where it names
    this same page (`page_key`: an AMP, mobile or tracked address's article), else the crawled address. A
    canonical link to another page (a section a site points all its articles to, another user's post on a
    shared host) says nothing about this one; with no crawled address, the canonical link is all there is."""
    chosen = crawled = original_address(escaped_address(crawled))
    if canonical:
        try:
            joined = urljoin(crawled, canonical) if crawled else canonical
        except ValueError:   # (a canonical link whose host urllib refuses: "//e]c/y")
            joined = ""
        absolute = original_address(escaped_address(joined))
        if is_web_url(absolute) and (not crawled or _names_this_page(crawled, absolute)):
            chosen = absolute
    return without_tracking(chosen) if chosen else ""


# What a URL's path, query and fragment must not hold as it is, and browsers send percent-encoded: spaces and
# controls, quotes, angle brackets and `\^`{|}` (`newsdigest.urls.is_web_url` refuses an address that holds them).
_ESCAPED_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f\"<>\\^`{|}]")


def escaped_address(url: str) -> str:
    """`url` with what its path, query and fragment must not hold as it is percent-encoded, as a browser asks for
    it ("/s?q={z}" -> "/s?q=%7Bz%7D", "/a b" -> "/a%20b"): a scraper's record keeps the address as the page's link
    wrote it, and the build refuses such an address. The host, and every other character, stay as written."""
    if not _ESCAPED_IN_URL.search(url):
        return url
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    path, query, fragment = (_ESCAPED_IN_URL.sub(lambda found: quote(found.group(), safe=""), part)
                             for part in (parts.path, parts.query, parts.fragment))
    return urlunsplit(parts._replace(path=path, query=query, fragment=fragment))


# An address of an article's AMP or printable version: "/amp/", "/news/123.amp.html", "/print/123", "?outputType=amp".
_VERSION_HOST = re.compile(r"^(?:m|mobile|amp)\.", re.IGNORECASE)
_VERSION_MARK = re.compile(r"(?:^|[/.])(?:amp|print)(?:[/.?]|$)|[?&](?:amp|outputtype|output|print)(?:=|&|$)",
                           re.IGNORECASE)


def _names_this_page(crawled: str, canonical: str) -> bool:
    """Whether a canonical link names the page reached at `crawled` (both absolute): the same page's other address
    (`page_key`), or on the same site the article an AMP, printable or mobile version points to, its full address
    ("/news/123" -> "/news/123/its-headline"), or its address in other letter case or without a parameter. Never
    the site's home page or a section the page is under, where some sites point every article."""
    if page_key(canonical) == page_key(crawled):
        return True
    try:
        here, there = urlsplit(crawled), urlsplit(canonical)
    except ValueError:
        return False
    if not there.hostname or site_of(crawled) != site_of(canonical):
        return False
    path, named = here.path.rstrip("/"), there.path.rstrip("/")
    if not named or (path + "/").startswith(named + "/"):      # the home page, a section above the page, the page
        return named.casefold() == path.casefold() and set(parse_qsl(there.query)) < set(parse_qsl(here.query))
    return (bool(_VERSION_MARK.search(here.path + "?" + here.query)) or _VERSION_HOST.match(here.hostname or "")
            is not None or named.startswith(path + "/") or named.casefold() == path.casefold())


def page_key(url: str) -> str:
    """A folded form of a page's address, equal for the addresses a crawler reaches one article under: no scheme,
    no `www.`/`m.`/`amp.` host prefix, no trailing slash, no AMP marker (`/amp`, `?outputType=amp`), no tracking
    parameters or fragment, the other parameters sorted. "" for "" or an address that cannot be read."""
    if not url:
        return ""
    try:
        parts = urlsplit(without_tracking(url.strip()))
        host = (parts.hostname or "").rstrip(".")
        port = f":{parts.port}" if parts.port not in (None, 80, 443) else ""
    except ValueError:
        return ""
    if not host:
        return ""
    host = _MOBILE_HOST.sub("", host.lower())
    path = re.sub(r"(?:/amp)+/?$|^/amp(?=/)", "", parts.path, flags=re.IGNORECASE).rstrip("/")
    pairs = sorted((name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
                   if not (_AMP_PARAMETER.fullmatch(name) and _AMP_VALUE.fullmatch(value)))
    return host + port + (path or "") + ("?" + urlencode(pairs) if pairs else "")


# A home page's own file, where a server names it ("/index.html", "/default.aspx", "/index.php").
_INDEX_FILE = re.compile(r"/(?:index|default|home)\.(?:html?|php|aspx?|jsp|shtml)", re.IGNORECASE)


def is_home_page(url: str) -> bool:
    """Whether `url` is a site's home page: a host with no path (or only its index file) and no query. A page of a
    site that names its articles by query alone ("/?p=123", "/index.php?article=9") is no home page."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    path = parts.path.rstrip("/")
    return bool(parts.hostname) and not parts.query and (not path or _INDEX_FILE.fullmatch(path) is not None)


def site_of(url: str) -> str:
    """The site a page is on: its address's registered domain ("bbc.co.uk"), else (a host under no public suffix)
    the host without `www.`/`m.`; "" for an address without a host."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""
    return (registered_domain(host) or _MOBILE_HOST.sub("", host)) if host else ""


def picture_url(address: str, page_url: str = "") -> str:
    """The page's picture (og:image, twitter:image, JSON-LD image) as an absolute http(s) address, resolved
    against the page's own, a space in it written %20 (as a browser asks for it); "" for any other scheme (`data:`,
    `javascript:`) or none."""
    address = address.strip().replace(" ", "%20")
    if not address:
        return ""
    with contextlib.suppress(ValueError):
        parts = urlsplit(urljoin(page_url, address) if page_url else address)
        if parts.scheme.lower() in ("http", "https") and is_web_url(f"{parts.scheme}://{parts.netloc}/"):
            # Line breaks, controls, quotes and direction marks in its path written as a browser asks for them:
            # front matter and pages never hold them raw (the host may hold none).
            path, query, fragment = (quote(part, safe=_IN_PATH) for part in (parts.path, parts.query, parts.fragment))
            return urlunsplit(parts._replace(path=path, query=query, fragment=fragment))
    return ""


_IN_PATH = "/:@!$&'()*+,;=%~?#"   # what a URL's path, query and fragment may hold as it is (RFC 3986)
