"""An HTML page's headline from what it declares: og:title, the JSON-LD headline, `<title>`, `<h1>`; each without the
site's name at either end ("Headline | Site", "見出し：新聞デジタル", "标题_栏目_网站"), and the visible headline where a
declared title carries more pieces than it or was cut short."""

from __future__ import annotations

import html as html_entities
import re

from newsdigest.ingest.clean import clean_text, comparable, straighten_quotes
from newsdigest.ingest.lang import cjk_count
from newsdigest.ingest.outlet_names import agrees, compact
from newsdigest.ingest.site_metadata import DeclaredTitles


# Where a <title> or og:title joins the headline to the site's name or a section: "Headline | Site",
# "Headline - Site.de", "見出し：新聞デジタル", "标题_栏目_网站", "Site | Headline". A hyphen needs spaces around it; the
# full-width colon and the Korean/full-width bars do not, nor an underscore beside a letter of another script.
_TITLE_JOINS = re.compile(r"(\s+(?:\||-|–|—|::|·|•|»|/)\s+|\s*(?:：|ㅣ|｜)\s*|(?<=[^\x00-\x7f])_|_(?=[^\x00-\x7f]))")


def title_pieces(title: str) -> list[str]:
    """A title and, when it joins pieces ("Headline | Site", "Site - Headline"), its first and last piece."""
    pieces = _TITLE_JOINS.split(title)
    return [title, pieces[0], pieces[-1]] if len(pieces) >= 3 else [title]


# Those joins, and the breadcrumb and double dash of older pages' titles ("Site > Sports -- Headline").
_ANY_TITLE_JOIN = re.compile(r"\s+(?:--|>)\s+|" + _TITLE_JOINS.pattern)


def every_title_piece(title: str) -> list[str]:
    """Every piece of a title, the joins left out: "Site > Sports -- Headline" -> "Site", "Sports", "Headline"."""
    return [piece.strip() for piece in _ANY_TITLE_JOIN.split(title)[::2] if piece and piece.strip()]


# The joins, and an older page's double dash ("Headline -- Site.net"): only a piece that is the site's name goes.
_SITE_NAME_JOINS = re.compile(r"(\s+--\s+|" + _TITLE_JOINS.pattern[1:])


def is_site_name(piece: str, site_names: list[str], domain: str = "") -> bool:
    """Whether a title or a piece of one is the site's name: one of `site_names`, the name with a little more
    ("Golem.de" for Golem) or most of a longer name, or the name its `domain` spells."""
    key = compact(piece)
    if not key or len(piece.split()) > 6:
        return False
    names = {compact(name) for name in site_names if len(compact(name)) >= 3}
    if any(key == name or (name in key and len(key) <= len(name) + 4)
           or (key in name and len(key) >= 0.6 * len(name)) for name in names):
        return True
    return bool(domain) and agrees(piece, domain)


def strip_site_name(title: str, site_names: list[str], domain: str = "") -> str:
    """The headline without the site's name at either end of the title.

    An end piece is the site's name when it spells one of the names the page declares (og:site_name, JSON-LD
    publisher, trafilatura's site name) or its own domain ("Golem.de", "TAIPEI TIMES" for
    taipeitimes.com). Pieces that are not the site's name stay: "Kicker: Headline" is for the reader to see.
    """
    pieces = _SITE_NAME_JOINS.split(title)
    if len(pieces) < 3:
        return title
    while len(pieces) >= 3 and is_site_name(pieces[-1], site_names, domain):
        pieces = pieces[:-2]
    while len(pieces) >= 3 and is_site_name(pieces[0], site_names, domain):
        pieces = pieces[2:]
    headline = "".join(pieces).strip()
    # What is left must still read as a headline, not a two-word name ("Yahoo News - Latest News").
    return headline if len(headline.split()) >= 3 or cjk_count(headline) >= 6 else title


def choose_headline(declared: DeclaredTitles, fallback: str, site_names: list[str], domain: str = "") -> str:
    """The page's headline: its og:title, else the JSON-LD headline, `<title>`, its `<h1>`s, trafilatura's
    title; each without the site's name (`strip_site_name`), and none that is the name alone unless all are.

    When the headline the reader sees (an `<h1>`) or the JSON-LD headline is a run of the chosen title's
    separator-joined pieces ("Headline - Section | Site", "Headline | Site | by Author", "Kicker: Headline"), the
    title carries more than the headline and that shorter one is taken.
    """
    def tidy(text: str) -> str:
        return strip_site_name(headline_text(text), site_names, domain)

    h1 = [tidy(text) for text in declared.h1]
    # (the site's name is no headline: a <title> that is only the name, or a logo's <h1> above the headline's)
    candidates = [tidy(text) for text in (declared.og, declared.json_ld, declared.title, *declared.h1, fallback)
                  if text and tidy(text)]
    title = next((text for text in candidates if not _only_the_site_name(text, site_names, domain)),
                 candidates[0] if candidates else "")
    if not title:
        return ""
    # A title cut short where the headline quotes a word: the quote closed the site's attribute early.
    whole = next((text for text in h1 if text.startswith(title.rstrip()) and _QUOTE_NEXT.match(text[len(title):])), "")
    if whole:
        return whole
    runs = _piece_runs(title)
    for shorter in (*h1, tidy(declared.json_ld) if declared.json_ld else ""):
        if shorter and comparable(shorter) in runs and (len(shorter.split()) >= 3 or cjk_count(shorter) >= 6):
            return shorter
    return title


def _only_the_site_name(text: str, site_names: list[str], domain: str) -> bool:
    """Whether a whole title is the site's name as written ("Coast Herald", "COAST HERALD" for coastherald.com):
    not a headline that begins with it ("Boston braces for blizzard" on boston.com), which `is_site_name` takes
    for a piece of a title joined to the headline."""
    key = compact(text)
    return bool(key) and (key in {compact(name) for name in site_names}
                          or bool(domain) and key in {compact(domain), compact(domain.split(".", 1)[0])})


_QUOTE_NEXT = re.compile(r"\s*[\"“„«»”]\s*\S")   # a quotation mark, not an apostrophe ("Apple's ...")


def headline_text(text: str) -> str:
    """A declared title as the reader sees it: character references decoded (a JSON-LD headline or meta tag escaped
    twice keeps "&#039;" in its text), quotes straightened, spaces collapsed."""
    if "&" in text and ";" in text:
        text = html_entities.unescape(text)
    return " ".join(straighten_quotes(clean_text(text)).split())


# What joins a title's pieces for `choose_headline`: the site-name joins, and a colon after a kicker.
_PIECE_JOINS = re.compile(r"(\s+(?:\||-|–|—|::|·|•|»|/|\*)\s+|\s*(?:：|ㅣ|｜)\s*|:\s+"
                          r"|(?<=[^\x00-\x7f])_|_(?=[^\x00-\x7f]))")


def _piece_runs(title: str) -> set[str]:
    """`comparable` forms of every run of consecutive pieces of a title, except the whole title."""
    parts = _PIECE_JOINS.split(title)
    count = len(parts[0::2])
    return {comparable("".join(parts[2 * i:2 * j - 1]))
            for i in range(count) for j in range(i + 1, count + 1) if (i, j) != (0, count)}
