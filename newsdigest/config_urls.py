"""The config's addresses, checked: `base_url`, which starts every link, and the `permalinks` patterns; and any web
address in the ASCII form feeds and sitemaps need (`ascii_url`, also for articles' original URLs)."""

from __future__ import annotations

import re
import string
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit, urlunsplit

if TYPE_CHECKING:
    from newsdigest.config_keys import Key, Report


def check_base_url(key: Key, url: str, report: Report) -> str:
    try:
        parts = urlsplit(url)
        parts.port  # (raises for a port that is no number)
    except ValueError as err:  # "https://[::1/": an address no URL parser reads
        report(key.dotted, f"must be an absolute http(s) URL, got {url!r} ({err})")
        return "http://localhost/"
    if parts.scheme not in ("http", "https") or not parts.netloc:
        report(key.dotted, f"must be an absolute http(s) URL, got {url!r}")
    elif problem := _base_url_problem(url, parts):
        report(key.dotted, f"{problem}, got {url!r}")
    elif not url.isascii():   # (an address in ASCII stays exactly as written: feed item ids are made from it)
        try:
            url = ascii_url(url)
        except UnicodeError as err:   # a host name IDNA cannot spell ("xn--" labels that decode to nothing)
            report(key.dotted, f"has a host name that cannot be written in ASCII ({err}), got {url!r}")
    return url if url.endswith("/") else url + "/"


def ascii_url(url: str) -> str:
    """A web address as feeds, sitemaps and `rel=canonical` need it: its host in IDNA ("bücher.example" ->
    "xn--bcher-kva.example"), the letters of the rest beyond ASCII percent-encoded ("/für-dich/" ->
    "/f%C3%BCr-dich/"), as browsers ask for it; escapes already written stay as they are. Raises UnicodeError for
    a host name IDNA cannot write (an empty or overlong label)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = parts.netloc
    if not host.isascii():
        at = netloc.rfind("@") + 1
        written = netloc[at:].split(":")[0]
        netloc = netloc[:at] + netloc[at:].replace(written, ascii_host(host), 1)
    return urlunsplit((parts.scheme, netloc, *(quote(part, safe=_URL_SAFE) for part in parts[2:])))


# The full stops IDNA reads as dots ("日本。jp")
LABEL_DOTS = re.compile("[\u3002\uff0e\uff61]")


def ascii_host(host: str) -> str:
    """A host name in IDNA, as browsers write it. Raises UnicodeError for a label IDNA cannot write, or an empty
    or overlong one (a last empty label, the root's dot, stays)."""
    labels = [ascii_label(label) for label in LABEL_DOTS.sub(".", host).split(".")]
    if any(not 0 < len(label) <= 63 for label in labels[:-1]) or len(labels[-1]) > 63:
        raise UnicodeError(f"label empty or too long in {host!r}")
    return ".".join(labels)


def ascii_label(label: str) -> str:
    """One label of a host name in IDNA ("bücher" -> "xn--bcher-kva"); an ASCII label as written.

    As browsers map them (UTS #46, non-transitional, as the URL Standard asks): "faß" is "xn--fa-hia", where
    Python's own codec (IDNA 2003) writes "fass", the address of another domain. A label that IDNA 2008 refuses
    but browsers still look up (a symbol: "i❤") takes the IDNA 2003 form, which is theirs too."""
    if label.isascii():
        return label
    import idna   # (here: its tables take a while to load, and nearly every address is ASCII)
    try:
        return idna.encode(label, uts46=True, transitional=False).decode("ascii")
    except UnicodeError:   # (idna.IDNAError is one)
        return label.encode("idna").decode("ascii")


_URL_SAFE = "/%!$&'()*+,;=:@~-._?#[]"   # reserved characters and escapes stay (quote keeps letters and digits)


def _base_url_problem(url: str, parts) -> str | None:
    # Every page and feed link is base_url + a site path, so anything after the path would end up in the middle
    # of every link, and characters no URL may hold would make every feed link invalid.
    if parts.query or "?" in url:
        return "may not have a query ('?...'): every link is base_url followed by the page's path"
    if parts.fragment or "#" in url:
        return "may not have a fragment ('#...'): every link is base_url followed by the page's path"
    if parts.username is not None:
        return "may not hold a user name or password: it is published in every page and feed"
    if bad := next((char for char in url if char <= " " or char in '"<>\\^`{|}\x7f'), None):
        return f"may not hold {'a space' if bad == ' ' else repr(bad)}: percent-encode it (%20 for a space)"
    if re.search(r"%(?![0-9A-Fa-f]{2})", url):
        return "has a '%' that starts no escape such as %20: write a '%' itself as %25"
    if parts.port == 0:
        return "may not have port 0, which no server listens on"
    if any(segment in (".", "..") for segment in parts.path.split("/")):
        return "may not have '.' or '..' path segments"
    if "//" in parts.path:
        # a link "//news/static/style.css" goes to the host "news"
        return "may not have an empty path segment ('//'): every link would start with '//', another host"
    return None


def check_permalink(key: Key, pattern: str, report: Report) -> str:
    """A URL pattern of one page kind: it may use the fields its default pattern uses, and stays in the site."""
    allowed = {name for _, name, _, _ in string.Formatter().parse(key.default) if name}
    if not pattern.startswith("/") or not pattern.endswith("/"):
        report(key.dotted, "pattern must start and end with '/'")
        return key.default
    try:
        pattern.format(**{name: "x" for name in allowed})
    except (KeyError, IndexError, ValueError, AttributeError, TypeError) as err:
        report(key.dotted, f"pattern may only use {', '.join('{' + name + '}' for name in sorted(allowed))} "
               f"({type(err).__name__}: {err})")
        return key.default
    fields = list(string.Formatter().parse(pattern))
    if any(name not in allowed for _, name, _, _ in fields if name is not None):
        # "{slug.upper}" or "{slug[0]}" format a method's description or one letter into every address
        report(key.dotted, f"pattern may only use {', '.join('{' + name + '}' for name in sorted(allowed))}, "
               "written plain")
        return key.default
    if any(spec or conversion for _, name, spec, conversion in fields if name is not None):
        # "{slug:.7}" would cut off the "-2" that keeps two articles' addresses apart (the build looped forever)
        report(key.dotted, "pattern fields take no format spec or conversion: write {slug}, not {slug:.7} or {slug!r}")
        return key.default
    literal = "".join(text for text, _, _, _ in fields)
    if bad := next((char for char in literal if not (char.isascii() and (char.isalnum() or char in "/-_.~"))), None):
        # the address is published as written: in the sitemap and feeds, which take ASCII only, and on disk
        report(key.dotted, f"pattern may hold only ASCII letters, digits, '/', '-', '_', '.' and '~' besides its "
               f"fields, not {'a space' if bad == ' ' else repr(bad)}")
        return key.default
    used = {name for _, name, _, _ in fields if name}
    # Each page of the kind needs an address of its own: the slug's, or its date's (an article's own address comes
    # from its slug, "-2" added to a slug taken that day; a pattern without it would give every article one page)
    needed = {"slug"} if "slug" in allowed else allowed
    if not needed <= used:
        report(key.dotted, f"pattern must use {', '.join('{' + name + '}' for name in sorted(needed - used))}, or "
               "every page of the kind would get the same address")
        return key.default
    if ".." in pattern.split("/"):
        report(key.dotted, "pattern must not contain '..'")
        return key.default
    return pattern
