"""The tags a page's metadata names: its keywords meta tag and `article:tag` names, else its `news_keywords` meta tag
or its JSON-LD article's `keywords`; one tag per name."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote, urlsplit

from newsdigest.ingest.bylines import names_outlet
from newsdigest.ingest.domains import registered_domain
from newsdigest.ingest.site_metadata import ARTICLE_TYPES, json_ld_objects, parse_html
from newsdigest.scripts import HAN_KANA

_TAG_SEPARATORS = re.compile(r"\s*[,;，；、]\s*")
# Keywords lists run to dozens of search terms and internal codes (116 on one development page); the first
# names are the page's own choice of what it is about, and each tag is a page of the site.
MAX_TAGS = 10


MAX_TAG_WORDS = 6     # a longer "keyword" is a headline or a sentence, not a subject readers browse by
MAX_TAG_CHARS = 80    # ... and a longer one, a code or a page's text (a 40 KB hex string took 24 s to read)
_CHINESE_OR_JAPANESE_WORDS = re.compile(f"[{HAN_KANA}]+(?: [{HAN_KANA}]+)+")


# A keywords list longer than this whose names the article itself mostly does not use is the site's list of every
# subject it covers, the same on each of its pages ("athletics, auctions, audio, baseball, ..." before a report of
# one basketball game), not the article's tags. Of the 1,266 HTML pages of the evaluation corpora, 52 lose their
# list so: 48 are sites' lists of sections, towns and search terms; 4 mixed an article's names with subject codes
# ("NE State Wire", "MN State Wire", ..., "Kamala Harris"), which a tag page would not show well either.
SITE_LIST_NAMES = 20
ARTICLE_SHARE = 1 / 3


def declared_tags(html: str, read: list[str], text: str) -> tuple[str, ...]:
    """`article_tags` of the first of the page's lists that names anything: `read` (what trafilatura read: the
    keywords meta tag, `article:tag`, a tag list's links), else the `news_keywords` meta tag, else the JSON-LD
    article's `keywords` (one string or a list). A list judged the site's list for every page gives no tags and leaves
    none to the others, which repeat it; a list of placeholders alone ("News") names nothing."""
    for values in _keyword_lists(html, read):
        if any(name.casefold() not in PLACEHOLDERS for name in _names(values)):
            return article_tags(values, text)
    return ()


def _keyword_lists(html: str, read: list[str]):
    yield read
    tree = parse_html(html)
    if tree is None:
        return
    yield [str(value) for value in tree.xpath('//meta[translate(@name, "NEWS_KEYWORDS", "news_keywords")'
                                              '="news_keywords"]/@content')]
    declared = next((item["keywords"] for item, types in json_ld_objects(tree)
                     if types & ARTICLE_TYPES and item.get("keywords")), [])
    yield [unescape(value) for value in (declared if isinstance(declared, list) else [declared])
           if isinstance(value, str)]   # (JSON-LD is written by a template, its strings often HTML-escaped)


def article_tags(values: list[str], text: str) -> tuple[str, ...]:
    """`page_tags` of a page whose article reads `text` (its headline and body), without a site-wide keywords list:
    more than `SITE_LIST_NAMES` names, and fewer than `ARTICLE_SHARE` of the tags kept found in the text; and without
    a placeholder a site puts in the keywords of every page (`PLACEHOLDERS`), nor a name in capitals that the article
    never writes, in any letter case, a code (an entity tagger's "PERSON", Reuters' "INDG08"; "RSPCA" stays where
    the article writes it, "UNESCO" and "COVID-19" where it writes "Unesco" and "Covid-19")."""
    folded = text.casefold()
    tags = tuple(name for name in _names(values) if name.casefold() not in PLACEHOLDERS
                 and not (_CAPITALS.fullmatch(name) and (name.casefold() not in folded
                                                          or name.casefold() in ENTITY_CODES)))[:MAX_TAGS]
    if sum(1 for value in values for _ in _TAG_SEPARATORS.split(value or "")) <= SITE_LIST_NAMES:
        return tags
    used = sum(1 for tag in tags if tag.casefold() in folded)
    return tags if used >= ARTICLE_SHARE * len(tags) else ()


_CAPITALS = re.compile(r"[A-Z][A-Z0-9&.-]{4,}")   # (of five or more: "MRSA" named and not written stays a subject)
# An entity tagger's kinds of name, which some publishing systems write among the keywords ("PERSON", "GPE").
ENTITY_CODES = frozenset({"person", "organization", "organisation", "location", "event", "product", "norp"})


def page_tags(values: list[str]) -> tuple[str, ...]:
    """The page's tags, one name each: a keywords meta tag holds them all in one string ("Trade, Tariffs,
    China"; "инстаграм, кулинария"; Chinese and Japanese ones also "金融 股市 银行"), where article:tag gives one per
    tag; the first spelling of a name is kept, and the first `MAX_TAGS` names. What names no subject is left out:
    a name without letters (an internal number, "100312362"; not "911" or "2024": `_NUMBER`), a handle or code
    ("@river"), the rest of a name cut at its comma ("& Economics" of "Business, Finance, & Economics"), a headline
    given as a keyword, a publishing system's code (`is_code`)."""
    return _names(values)[:MAX_TAGS]


def _names(values: list[str]) -> tuple[str, ...]:
    tags: dict[str, str] = {}
    for value in values:
        pieces = _TAG_SEPARATORS.split(value or "")
        for tag in pieces:
            tag = " ".join(tag.strip(" #\"'“”‘’«»").split())
            # (a list with commas keeps its names whole: "安倍 晋三, 岸田 文雄" is two people)
            spaced_list = len(pieces) == 1 and _CHINESE_OR_JAPANESE_WORDS.fullmatch(tag)
            for name in tag.split(" ") if spaced_list else [tag]:
                if _names_a_subject(name):
                    tags.setdefault(name.casefold(), name)
    return tuple(tags.values())


def _names_a_subject(name: str) -> bool:
    return (bool(name) and len(name) <= MAX_TAG_CHARS and name[0] not in "&+/-:@"
            and (any(c.isalpha() for c in name) or bool(_NUMBER.match(name)))
            and len(name.split()) <= MAX_TAG_WORDS and not _ADDRESS.match(name) and name.casefold() not in NO_CATEGORY
            and not is_code(name))


# A number of three or four digits names a subject (the emergency line "911", a year, the "747"), and so do "9/11"
# and "24/7"; a longer one is an internal number ("100312362"), a shorter one a word of the address ("58").
_NUMBER = re.compile(r"\d{3,4}$|\d{1,2}/\d{1,2}$")


def is_code(name: str) -> bool:
    """Whether a tag is a publishing system's code, not a name: an internal number ("stream-23490979"), a name with
    an underscore ("_Prio_3", "editors_pick", "type_news"), an id ("26157981-b4f7-..."), a field and its value
    ("Category: Travel", "Section:culture", "NLP Entity Tokens: ..."), or a path ("deportes/formula-1",
    "topic/misshandel & överfall"): JSON-LD keywords mix them with the article's names."""
    return bool(_TAG_CODE.search(name) or _TAG_FIELD.search(name) or _TAG_PATH.match(name))


# A category that is an address (feeds' <category domain=...> terms, a CMS's links), and the name WordPress gives
# a post filed under no category, in its common languages: neither is a subject.
_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+$", re.IGNORECASE)
NO_CATEGORY = frozenset(name.casefold() for name in (
    "Uncategorized", "Uncategorised", "Unkategorisiert", "Non classé", "Sin categoría", "Senza categoria",
    "Sem categoria", "Ongecategoriseerd", "Bez kategorii", "Без рубрики", "未分類", "未分类"))


def cleaned_tags(tags: tuple[str, ...], source: str, url: str = "", authors: str = "") -> tuple[str, ...]:
    """The tags less what names no subject a reader browses by: the outlet itself ("Gizmodo" on gizmodo.com, "Folha
    de S.Paulo" by Folha de S.Paulo, "o.canada.com": a tag page of every article of one outlet is its source page
    again), an author of the article (their byline says it), the label of the list ("Tags"), a publishing system's
    codes (`is_code`); and a list that is only the words of the page's address ("juez", "cita", "investigado" of
    /juez-cita-investigado-...), which a publishing system fills in when the editor gave none."""
    domain = registered_domain(url) if url else ""
    people = {name.strip().casefold() for name in authors.split(";") if name.strip()}
    kept = tuple(tag for tag in tags if tag.casefold().rstrip(" :") not in _TAG_LABELS
                 and not is_code(tag) and tag.casefold() not in people
                 and not ((source or domain) and names_outlet(tag, source, domain))
                 and not (domain and tag.casefold().endswith("." + domain) or tag.casefold() == domain))
    return () if _spells_the_address(kept, url) else kept


def _spells_the_address(tags: tuple[str, ...], url: str) -> bool:
    """Whether the tags are `SLUG_LIST_TAGS` or more words of the address's path, in its order and as it writes
    them (lower case): an editor's tags name people and subjects ("Trump", "NATO") in an order of their own."""
    if len(tags) < SLUG_LIST_TAGS or not url or not all(tag.islower() and " " not in tag for tag in tags):
        return False
    try:
        words = [word for word in _SLUG_WORDS.split(unquote(urlsplit(url).path)) if word]
    except ValueError:   # ("http://[bad": no address to spell)
        return False
    at = 0
    for tag in tags:
        try:
            at = words.index(tag, at) + 1
        except ValueError:
            return False
    return True


_TAG_LABELS = {"tags", "tag", "keywords", "schlagworte", "etiketler", "étiquettes", "etiquetas", "themen"}
_TAG_CODE = re.compile(r"[-_]\d{5,}|_|\b[0-9a-f]{8}-[0-9a-f]{4}-", re.IGNORECASE)   # (not "Hills 90210")
# A field's name and its value: "Subject: Justice", "Section:culture", "NLP Category: General", "Page Type: Article".
# (A title such as "Dune: Part Two" goes too; "Rogue One: A Star Wars Story" stays.)
_TAG_FIELD = re.compile(r"^[^\W_][\w-]*:|^(?:[\w-]+ ){1,2}(?:category|section|tags?|topic|type|channel|tokens)\s*:",
                        re.IGNORECASE)
_TAG_PATH = re.compile(r"^(?=[a-z0-9-]*[a-z])[a-z0-9-]+(?:/[^/]+)+$")   # (not "AC/DC", "Israel/Gaza", "24/7")
# The home page, news as such, a place the site promotes the article to: in an HTML page's keyword lists, words of
# every page, no subject of one article. (A record's or a feed's "News" is its category, and stays a tag.)
PLACEHOLDERS = frozenset({
    "front page", "frontpage", "home page", "homepage", "trending", "news", "breaking news", "latest news", "top news",
    "top stories", "nachrichten", "noticias", "actualités", "notizie", "notícias", "nieuws", "nyheter", "uutiset",
    "wiadomości", "новости", "haberler", "berita", "أخبار", "ニュース", "速報", "뉴스", "新闻", "新聞"})
_SLUG_WORDS = re.compile(r"[^\w]+|_")
SLUG_LIST_TAGS = 3    # tags, at least, that are all words of the address for the list to be the address's
