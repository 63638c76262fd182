"""Who published a page: the outlet's name from the HTML metadata, a copyright or masthead line, or the URL's host.

    attribute(text=dump_or_visible_text, html=page_html, url=page_url) -> Attribution(name, found_in) | None

Evidence, strongest first:

1. The page's own metadata (HTML only): `og:site_name`, the JSON-LD publisher of the article (or the site's
   `WebSite` name), `application-name` / `apple-mobile-web-app-title`.
2. With a URL: the registered domain of its host ("www.bbc.co.uk" -> "bbc.co.uk"). A copyright line that
   names the same outlet ("© 2024 Reuters. All rights reserved." on reuters.com), or the host's name as the page
   spells it ("Ottawa Citizen" on ottawacitizen.com), is used instead, since it is the outlet's own spelling.
   A copyright line naming someone else (the owning group, "© 2025 FUNKE Mediengruppe") loses to the host.
3. Without a URL: the footer's copyright line ("© 2026 Korea Herald", "Copyright 2019 X. All rights reserved.",
   "X © 2021"), else a domain printed on the page ("koreaherald.com" on a line of its own or in the
   copyright line), as spelled on the page when it is.

Photo credits ("... im Einsatz. © dpa | Jens Kalaene") are not copyright lines: a line counts when it carries a
year or an "all rights reserved" phrase, or stands among the last lines of the page, and has no sentence before
the mark. Nothing is guessed: when none of this is found, the article has no source ("source unknown").
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

# `found_in` values: factual, for the summary and for people reading the code.
OG_SITE_NAME = "og:site_name"
JSON_LD_PUBLISHER = "JSON-LD publisher"
JSON_LD_WEBSITE = "JSON-LD WebSite name"
APPLICATION_NAME = "application-name"
TITLE_SUFFIX = "page title's site part"
COPYRIGHT_LINE = "copyright line"
URL_HOST = "URL host"
URL_HOST_SPELLED = "URL host, as spelled on the page"
PRINTED_DOMAIN = "domain printed on the page"
PRINTED_DOMAIN_SPELLED = "domain printed on the page, as spelled on the page"

FOOTER_LINES = 8           # a copyright mark in the last lines of the page is the footer's, even without a year
MAX_NAME_WORDS = 6
MAX_NAME_CHARS = 60


@dataclass(frozen=True)
class Attribution:
    name: str
    found_in: str


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
    lines = [line for line in (_normal_spaces(raw) for raw in text.splitlines()) if line]
    numbers = copyright_lines(lines)
    names = copyright_names(lines, numbers)
    if host:
        if title_name and agrees(title_name, host):
            return Attribution(title_name, TITLE_SUFFIX)
        return _with_domain(host, names, text, URL_HOST, URL_HOST_SPELLED)
    # Without a URL, a name needs a second witness: printed elsewhere on the page, not only in the footer.
    others = "\n".join(line for number, line in enumerate(lines) if number not in set(numbers))
    if title_name and _printed_in(title_name, others):
        return Attribution(title_name, TITLE_SUFFIX)
    names = [witnessed for witnessed in (_witnessed(name, others) for name in names) if witnessed]
    domain = printed_domain(lines, numbers)
    if domain:
        return _with_domain(domain, names, text, PRINTED_DOMAIN, PRINTED_DOMAIN_SPELLED)
    if names:
        return Attribution(names[-1], COPYRIGHT_LINE)
    return None


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


def _with_domain(domain: str, names: list[str], text: str, bare: str, spelled_as: str) -> Attribution:
    agreeing = [name for name in names if agrees(name, domain)]
    if agreeing:
        return Attribution(agreeing[-1], COPYRIGHT_LINE)
    spelled = spelled_on_page(domain, text)
    return Attribution(spelled, spelled_as) if spelled else Attribution(domain, bare)


# -- HTML metadata -------------------------------------------------------------------------------------

_ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
                  "reviewnewsarticle", "backgroundnewsarticle", "blogposting", "liveblogposting", "report",
                  "scholarlyarticle", "techarticle", "webpage", "itempage", "medicalwebpage"}


def from_html_metadata(html: str) -> Attribution | None:
    """The site name the page declares about itself: og:site_name, JSON-LD publisher, application-name."""
    tree = _parse_html(html)
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
    tree = _parse_html(html)
    if tree is None:
        return ""
    title = _normal_spaces(" ".join(tree.xpath("//head/title//text()") or tree.xpath("//title//text()")))
    parts = [part for part in _TITLE_SEPARATORS.split(title) if part.strip()]
    if len(parts) < 2:
        return ""
    for candidate in (parts[-1], parts[0]):
        rest = len(title) - len(candidate)
        name = _valid_name(candidate)
        if name and len(name.split()) <= 5 and rest > len(candidate):
            return name
    return ""


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")


def _parse_html(html: str):
    try:
        from lxml import html as lxml_html
        # lxml refuses text (str) that starts with an XML declaration naming an encoding.
        return lxml_html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    except Exception:  # lxml raises ParserError on empty or markup-free documents
        return None


def _json_ld_names(tree) -> tuple[str, str]:
    """(publisher name of the page's article, name of its WebSite object) from its JSON-LD blocks."""
    publisher = website = ""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "", strict=False)
        except (ValueError, RecursionError):
            continue
        for item in _json_ld_items(data):
            types = {t.lower() for t in _as_list(item.get("@type")) if isinstance(t, str)}
            if not publisher and types & _ARTICLE_TYPES:
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
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
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
    tree = _parse_html(html)
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
    return "\n".join(_normal_spaces(line) for line in "".join(parts).splitlines())


# -- names ---------------------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_LEGAL_SUFFIX = re.compile(
    r"(?:[,\s]+(?:GmbH\s*&\s*Co\.?\s*KG(?:aA)?|GmbH|gGmbH|m\.?\s?b\.?\s?H\.?|Inc\.?|Incorporated|LLC|L\.L\.C\.|"
    r"Ltd\.?|Limited|\(?Pty\)?\.?(?:\s*Ltd\.?)?|plc|PLC|S\.?A\.?U?\.?|S\.?L\.?U?\.?|SLU|S\.?p\.?A\.?|S\.?r\.?l\.?|"
    r"N\.?V\.?|B\.?V\.?|AG|SE|KG|AS|ASA|AB|A/S|Oy|Oyj|hf\.?|ehf\.?|Corp\.?|Corporation|Co\.|K\.?K\.?|"
    r"S\.?A\.?S\.?|SARL|Sp\.\s*z\s*o\.?\s*o\.?|SA))+\s*$")
_EDGE_PUNCTUATION = " \t,;:.|/-–—·•*<>«»\"'“”‘’()[]{}"


def clean_name(value: str) -> str:
    """A site name as metadata gives it, tidied; empty when it is no name (a URL, a sentence, a bare number)."""
    name = _normal_spaces(value).strip(_EDGE_PUNCTUATION.replace(".", "").replace(")", "").replace("(", ""))
    if not name or len(name) > MAX_NAME_CHARS or name.startswith(("http://", "https://")):
        return ""
    if not any(char.isalpha() for char in name):
        return ""
    if name.lower().startswith("www.") and "." in name[4:]:
        name = name[4:]
    return name


def _normal_spaces(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


def compact(text: str) -> str:
    """Lower-case letters and digits only, accents removed: "The Globe and Mail" -> "theglobeandmail"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if char.isalnum() and not unicodedata.combining(char))


_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "å": "aa"})


def spellings(text: str) -> set[str]:
    """compact() of the text, plus its German/Nordic transliteration ("Börsen" -> borsen, boersen)."""
    return {compact(text), compact(text.casefold().translate(_TRANSLITERATION))}


def agrees(name: str, domain: str) -> bool:
    """Does the name spell the domain's own label? ("Ottawa Citizen" ~ ottawacitizen.com, "Golem.de" ~ golem.de)."""
    label = compact(domain.split(".", 1)[0])
    whole = compact(domain)
    if not label:
        return False
    for spelled in spellings(name):
        if not spelled:
            continue
        candidates = {spelled, spelled.removeprefix("the")}
        if label in candidates or whole in candidates:
            return True
        if len(label) >= 4 and any(c.startswith(label) or (len(c) >= 4 and label.startswith(c)) for c in candidates):
            return True
    return False


# -- copyright and masthead lines ----------------------------------------------------------------------

_MARK = r"(?:(?<![ÃÂ])©|ⓒ|Ⓒ|\(c\)|\(C\)|&copy;|\bcopyright\b|\bCopyright\b|\bCOPYRIGHT\b)"
_MARK_RE = re.compile(_MARK)
_SYMBOL_RE = re.compile(r"(?<![ÃÂ])©|ⓒ|Ⓒ|\([cC]\)")
_YEAR = r"(?:19|20)\d\d"
_YEAR_RE = re.compile(rf"(?<!\d){_YEAR}(?!\d)")
_RIGHTS = re.compile(
    r"all\s+rights?\s+reserved|alle\s+rechte\s+vorbehalten|tous\s+droits\s+r[ée]serv[ée]s|"
    r"todos\s+los\s+derechos\s+reservados|todos\s+os\s+direitos\s+reservados|tutti\s+i\s+diritti\s+riservati|"
    r"wszystkie\s+prawa\s+zastrze[żz]one|alle\s+rettigheter\s+forbeholdt|alla\s+rättigheter\s+förbehållna|"
    r"alle\s+rettigheder\s+forbeholdes|alle\s+rechten\s+voorbehouden|tüm\s+hakları\s+saklıdır|"
    r"все\s+права\s+защищены|všechna\s+práva\s+vyhrazena|minden\s+jog\s+fenntartva|"
    r"무단\s*전재|無断転載|版权所有|版權所有|جميع\s+الحقوق\s+محفوظة|haki\s+zote\s+zimehifadhiwa", re.IGNORECASE)
# After the mark: more marks, years and year ranges, "by", "all contents" - then the name.
_LEAD = re.compile(rf"^(?:\s|{_MARK}|{_YEAR}(?:\s*[-–—/]\s*(?:{_YEAR}|present|now))?|by\b|[,.:|\-–—])+",
                   re.IGNORECASE)
# Where the name ends: a rights phrase, a year, a separator, a sentence end, ", a division of"...
_NAME_END = re.compile(
    rf"\s*(?:{_RIGHTS.pattern}|{_MARK}|(?<!\d){_YEAR}(?!\d)|\s[|/]\s?|\s?[|]|\s[-–—]\s|[,;]|\.\s|\.$|"
    r"\s+(?:is\s+(?:a\s+)?part\s+of|a\s+division\s+of|an?\s+\w+\s+company)\b)", re.IGNORECASE)
_NOT_A_NAME = re.compile(
    r"\b(?:rights?|reserved|licen[cs]\w*|copyright\w*|riproduzione|vorbehalten|protected|contents?|contributors|"
    r"terms|privacy|policy|permission|reprint|unless|otherwise|photo|foto|image|bild|getty|shutterstock|"
    r"imago|istock|reuters\s+photo|ap\s+photo|afp\s+photo|dpa)\b", re.IGNORECASE)
_LOWER_STARTS = {"a", "an", "by", "all", "this", "unless", "portions", "and", "or", "of", "for", "with", "the"}


def copyright_lines(lines: list[str]) -> list[int]:
    """Indices of the page's copyright lines: a mark with a year or a rights phrase, or a mark in the footer.

    Photo credits are left out: a mark after a sentence ("... im Einsatz. © dpa | Jens Kalaene"), a mark inside a
    word (mojibake "cafÃ©"), a long line with neither year nor rights phrase.
    """
    found = []
    footer_start = max(0, len(lines) - FOOTER_LINES)
    for number, line in enumerate(lines):
        mark = _MARK_RE.search(line)
        if mark is None or len(line) > 400:
            continue
        rights = _RIGHTS.search(line) is not None
        year = _YEAR_RE.search(line) is not None
        if not (rights or year or number >= footer_start):
            continue
        if not rights and len(line.split()) > 20:
            continue
        if _is_sentence(line[: mark.start()].strip()) and not rights:
            continue
        found.append(number)
    return found


def copyright_names(lines: list[str], numbers: list[int] | None = None) -> list[str]:
    """Outlet names from the page's copyright lines, in page order (the footer's last)."""
    names: list[str] = []
    for number in copyright_lines(lines) if numbers is None else numbers:
        line = lines[number]
        mark = _MARK_RE.search(line)
        before = line[: mark.start()].strip()
        found = [_name_after(line[mark.start():])]
        if before and _SYMBOL_RE.match(line[mark.start():]) and len(before.split()) <= 4:
            found.append(_name_before(before))   # "Anadolu Ajansı © 2021", "washingtonpost.com © 1996-2024 ..."
        names.extend(name for name in found if name)
    return names


def _is_sentence(text: str) -> bool:
    return len(text.split()) > 4 and bool(re.search(r"[.!?:)\]]\s*[-–—]?\s*$", text))


def _name_after(text: str) -> str:
    rest = _LEAD.sub("", text, count=1)
    end = _NAME_END.search(rest)
    return _valid_name(rest[: end.start()] if end else rest)


def _name_before(text: str) -> str:
    parts = re.split(r"\s[|/]\s|\s[-–—]\s|/", text)
    return _valid_name(parts[0] if parts else "")


def _valid_name(candidate: str) -> str:
    name = candidate.strip(_EDGE_PUNCTUATION)
    while True:
        shorter = _LEGAL_SUFFIX.sub("", name).strip(_EDGE_PUNCTUATION)
        if shorter == name:
            break
        name = shorter
    name = name.strip(_EDGE_PUNCTUATION)
    words = name.split()
    if not words or len(words) > MAX_NAME_WORDS or len(name) > MAX_NAME_CHARS or len(compact(name)) < 2:
        return ""
    if _NOT_A_NAME.search(name) or not any(char.isalpha() for char in name):
        return ""
    first = words[0]
    if first.lower() in _LOWER_STARTS and first[0].islower():
        return ""
    if first[0].islower() and not _looks_like_domain(first) and len(words) > 1:
        return ""                       # "a Reach plc subsidiary", "by individual contributors"
    if first[0].isdigit():
        return ""
    return name


def _looks_like_domain(word: str) -> bool:
    return bool(re.fullmatch(r"(?:[\w-]+\.)+[a-z]{2,}", word.lower()))


# -- domains -------------------------------------------------------------------------------------------

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
            if unicodedata.normalize("NFKD", head)[:1] not in initials and head.translate(_TRANSLITERATION)[:1] \
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
