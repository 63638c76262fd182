"""The tags a page's metadata names: its keywords meta tag and `article:tag` names, one tag per name."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from newsdigest.ingest.bylines import names_outlet
from newsdigest.ingest.domains import registered_domain
from newsdigest.scripts import HAN_KANA

_TAG_SEPARATORS = re.compile(r"\s*[,;，；、]\s*")
# Keywords lists run to dozens of search terms and internal codes (116 on one development page); the first
# names are the page's own choice of what it is about, and each tag is a page of the site.
MAX_TAGS = 10


MAX_TAG_WORDS = 6     # a longer "keyword" is a headline or a sentence, not a subject readers browse by
_CHINESE_OR_JAPANESE_WORDS = re.compile(f"[{HAN_KANA}]+(?: [{HAN_KANA}]+)+")


# A keywords list longer than this whose names the article itself mostly does not use is the site's list of every
# subject it covers, the same on each of its pages ("athletics, auctions, audio, baseball, ..." before a report of
# one basketball game), not the article's tags. Of the 1,266 HTML pages of the evaluation corpora, 52 lose their
# list so: 48 are sites' lists of sections, towns and search terms; 4 mixed an article's names with subject codes
# ("NE State Wire", "MN State Wire", ..., "Kamala Harris"), which a tag page would not show well either.
SITE_LIST_NAMES = 20
ARTICLE_SHARE = 1 / 3


def article_tags(values: list[str], text: str) -> tuple[str, ...]:
    """`page_tags` of a page whose article reads `text` (its headline and body), without a site-wide keywords list:
    more than `SITE_LIST_NAMES` names, and fewer than `ARTICLE_SHARE` of the tags kept found in the text."""
    tags = page_tags(values)
    if sum(1 for value in values for _ in _TAG_SEPARATORS.split(value or "")) <= SITE_LIST_NAMES:
        return tags
    folded = text.casefold()
    used = sum(1 for tag in tags if tag.casefold() in folded)
    return tags if used >= ARTICLE_SHARE * len(tags) else ()


def page_tags(values: list[str]) -> tuple[str, ...]:
    """The page's tags, one name each: a keywords meta tag holds them all in one string ("Trade, Tariffs,
    China"; "инстаграм, кулинария"; Chinese and Japanese ones also "金融 股市 银行"), where article:tag gives one per
    tag; the first spelling of a name is kept, and the first `MAX_TAGS` names. What names no subject is left out:
    a name without letters (an internal number, "100312362"), the rest of a name cut at its comma ("& Economics"
    of "Business, Finance, & Economics"), a headline given as a keyword."""
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
    return tuple(tags.values())[:MAX_TAGS]


def _names_a_subject(name: str) -> bool:
    return (bool(name) and name[0] not in "&+/-:" and any(char.isalpha() for char in name)
            and len(name.split()) <= MAX_TAG_WORDS and not _ADDRESS.match(name) and name.casefold() not in NO_CATEGORY)


# A category that is an address (feeds' <category domain=...> terms, a CMS's links), and the name WordPress gives
# a post filed under no category, in its common languages: neither is a subject.
_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+$", re.IGNORECASE)
NO_CATEGORY = frozenset(name.casefold() for name in (
    "Uncategorized", "Uncategorised", "Unkategorisiert", "Non classé", "Sin categoría", "Senza categoria",
    "Sem categoria", "Ongecategoriseerd", "Bez kategorii", "Без рубрики", "未分類", "未分类"))


def cleaned_tags(tags: tuple[str, ...], source: str, url: str = "", authors: str = "") -> tuple[str, ...]:
    """The tags less what names no subject a reader browses by: the outlet itself ("Gizmodo" on gizmodo.com, "Folha
    de S.Paulo" by Folha de S.Paulo: a tag page of every article of one outlet is its source page again), an author
    of the article (their byline says it), the label of the list ("Tags"), a publishing system's codes ("stream-
    23490979", "_Prio_3") and paths ("deportes/formula-1"); and a list that is only the words of the page's address
    ("juez", "cita", "investigado" of /juez-cita-investigado-...), which a publishing system fills in when the
    editor gave none."""
    domain = registered_domain(url) if url else ""
    people = {name.strip().casefold() for name in authors.split(";") if name.strip()}
    kept = tuple(tag for tag in tags if tag.casefold().rstrip(" :") not in _TAG_LABELS
                 and not _TAG_CODE.search(tag) and not _TAG_PATH.match(tag) and tag.casefold() not in people
                 and not ((source or domain) and names_outlet(tag, source, domain)))
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
_TAG_CODE = re.compile(r"[-_]\d{5,}|^_")   # an internal number ("stream-23490979", not "Hills 90210"), "_Prio_3"
_TAG_PATH = re.compile(r"^[a-z0-9-]+(?:/[a-z0-9-]+)+$")   # "deportes/formula-1" (not "AC/DC", "Israel/Gaza")
_SLUG_WORDS = re.compile(r"[^\w]+|_")
SLUG_LIST_TAGS = 3    # tags, at least, that are all words of the address for the list to be the address's
