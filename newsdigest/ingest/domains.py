"""Domains: a URL's registered domain, the site's own domain printed on a page, and how the page spells it.

    registered_domain("https://www.bbc.co.uk/news") -> "bbc.co.uk"
    printed_domain(lines) -> the domain in a copyright line, or one printed often
    spelled_on_page("ottawacitizen.com", text) -> "Ottawa Citizen"
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from newsdigest.ingest.copyright import copyright_lines
from newsdigest.ingest.outlet_names import MAX_NAME_WORDS, TRANSLITERATION, compact, spellings

def registered_domain(url_or_host: str) -> str:
    """The registered domain of a URL's host: "https://www.bbc.co.uk/news" -> "bbc.co.uk"; "" when there is none."""
    value = (url_or_host or "").strip()
    if not value:
        return ""
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", value, flags=re.IGNORECASE).split("/", 1)[0]
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].strip(".").lower()
    if not host or re.fullmatch(r"[\d.]+|\[.*\]|localhost", host) or "." not in host:
        return ""
    host = host.removeprefix("www.")
    for platform in _HOSTED_SITES:
        if host.endswith("." + platform) and host.count(".") > platform.count("."):
            return host            # "someblog.tumblr.com" is someblog's site, not Tumblr's
    try:
        from tld import get_fld
        found = get_fld(host, fix_protocol=True, fail_silently=True)
        if found:
            return str(found).lower()
        return ""
    except ImportError:  # tld comes with trafilatura (through courlan); without it, a careful rule
        return _registered_domain_by_rule(host)


# Hosts that give each site its own subdomain (and are not on the public suffix list's private part).
_HOSTED_SITES = ("tumblr.com", "wordpress.com", "medium.com", "substack.com", "blogspot.com", "livejournal.com",
                 "over-blog.com", "typepad.com", "wixsite.com", "weebly.com", "ghost.io", "github.io",
                 "hatenablog.com", "hatenablog.jp", "tistory.com", "pixnet.net")

_SECOND_LEVEL = {"co", "com", "net", "org", "gov", "ac", "edu", "ne", "or", "go", "gob", "nic", "mil", "ltd",
                 "plc", "sch", "nom", "info", "biz", "web", "gen", "firm", "ind", "news"}


def _registered_domain_by_rule(host: str) -> str:
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


_PRINTED_DOMAIN = re.compile(r"(?<![\w@./-])(?:https?://)?((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,12})"
                             r"(?![\w@-]|\.[\w])", re.IGNORECASE)
# Services a page links to or credits, never the outlet that wrote it.
_PLATFORMS = {"facebook.com", "twitter.com", "x.com", "instagram.com", "youtube.com", "youtu.be", "tiktok.com",
              "linkedin.com", "pinterest.com", "reddit.com", "whatsapp.com", "t.me", "telegram.org", "google.com",
              "apple.com", "play.google.com", "gmail.com", "outlook.com", "yahoo.com", "wikipedia.org",
              "bit.ly", "flickr.com", "vimeo.com", "threads.net", "bsky.app", "mastodon.social", "wordpress.com",
              "wordpress.org", "disqus.com", "gravatar.com", "github.com", "spotify.com", "soundcloud.com",
              "amazon.com", "paypal.com", "apps.apple.com", "itunes.apple.com", "microsoft.com", "w3.org",
              "creativecommons.org", "archive.org", "statista.com", "getty.com", "gettyimages.com"}


PRINTED_DOMAIN_MIN_COUNT = 3   # a domain printed this often (mastheads, footers, share lines) is the site's own


def printed_domain(lines: list[str], copyright_numbers: list[int] | None = None) -> str:
    """The site's own domain when the page prints it: in a copyright line, or often.

    A domain on a line of its own says little (menus link sister sites: "SAO.de", "Pisos.com"), nor does one
    in a photo credit ("© climatereanalyzer.org I Tagesspiegel").
    """
    numbers = set(copyright_lines(lines) if copyright_numbers is None else copyright_numbers)
    counts: Counter[str] = Counter()
    in_copyright: list[str] = []
    first_seen: dict[str, int] = {}
    for number, line in enumerate(lines):
        for match in _PRINTED_DOMAIN.finditer(line):
            domain = registered_domain(match.group(1))
            if not domain or domain in _PLATFORMS or len(compact(domain.split(".", 1)[0])) < 2:
                continue
            counts[domain] += 1
            first_seen.setdefault(domain, number)
            if number in numbers:
                in_copyright.append(domain)
    if in_copyright:
        return in_copyright[-1]
    ranked = sorted(counts.items(), key=lambda item: (-item[1], first_seen[item[0]]))
    if ranked and ranked[0][1] >= PRINTED_DOMAIN_MIN_COUNT and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]):
        return ranked[0][0]
    return ""


_WORD = re.compile(r"\w+")
_JOINER = re.compile(r"[\s\-.'’&]*")


def spelled_on_page(domain: str, text: str) -> str:
    """The domain's name as the page prints it: "Ottawa Citizen" for ottawacitizen.com, "" when it does not."""
    label = compact(domain.split(".", 1)[0])
    if len(label) < 2 or not text:
        return ""
    targets = {label, compact(domain)}
    longest = max(len(t) for t in targets)

    def prefixes(built: set[str]) -> set[str]:
        return {b for b in built if b and any(t.startswith(b) for t in targets)}

    words = list(_WORD.finditer(text[:400_000]))
    found: Counter[str] = Counter()
    first: dict[str, int] = {}
    initials = {t[0] for t in targets}
    for start, word in enumerate(words):
        piece = word.group(0)
        if piece.isascii():                       # the common case, without Unicode normalisation
            lowered = piece.lower().replace("_", "")
            if not lowered or lowered[0] not in initials:
                continue
            built = prefixes({lowered})
        else:
            head = piece[0].casefold()
            if unicodedata.normalize("NFKD", head)[:1] not in initials and head.translate(TRANSLITERATION)[:1] \
                    not in initials:
                continue
            built = prefixes(spellings(piece))
        end = start
        while built:
            if built & targets:
                spelling = text[word.start(): words[end].end()]
                if _spelling_ok(spelling, label):
                    found[spelling] += 1
                    first.setdefault(spelling, start)
            end += 1
            if end >= len(words) or min(len(b) for b in built) >= longest or end - start >= MAX_NAME_WORDS:
                break
            between = text[words[end - 1].end(): words[end].start()]
            if not _JOINER.fullmatch(between) or "\n" in between:
                break
            built = prefixes({b + extra for b in built for extra in _word_spellings(words[end].group(0))})
    if not found:
        return ""
    return max(found, key=lambda s: (found[s], -first[s]))


def _word_spellings(word: str) -> set[str]:
    return {word.lower().replace("_", "")} if word.isascii() else spellings(word)


def _spelling_ok(spelling: str, label: str) -> bool:
    if "\n" in spelling or not re.match(r"\w", spelling):
        return False
    # "derstandard" or "derstandard.at" in a URL or e-mail address is the host itself, not a name for it.
    return not (spelling.islower() and " " not in spelling)
