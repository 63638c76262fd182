"""Headline candidates of a plain-text dump: the lines around the article's start and the pieces of them.

Candidates are the lines from `WINDOW` lines above the first article line to just after it, the two lines over a
byline or dateline further up (a header printed over a video playlist), and the pieces of
lines that join a headline with a site name or a kicker ("Title | Site", "Title - Site", "Kicker: Title",
"KICKER IN CAPITALS Title"). A piece knows what it leaves out (`dropped`). Lines that are never a headline
(captions, share bars, cookie notices, section headers, date lines, bylines) are no candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdigest.ingest import captions, rules
from newsdigest.ingest.copyright import states_rights_reserved
from newsdigest.ingest.dates import is_date_line
from newsdigest.ingest.lines import Page
from newsdigest.ingest.page_labels import SECTION_WORDS, TAG_LABELS
from newsdigest.scripts import HAN_KANA

WINDOW = 40                  # lines above the article searched for its headline
AFTER = 3                    # and lines after its first line
NEAR_FIRST = 10              # lines above the first article line searched too, when it is far above the heaviest
_SPLITTERS = re.compile(r"\s+[|–—·•/»›-]\s+|\s+::\s+")
_KICKER = re.compile(r"^(?P<kicker>[^:]{2,60}):\s+(?P<rest>\S.{8,})$")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Candidate:
    line: int                # index into page.lines
    text: str
    piece: int = 0           # 0: the whole line; 1: the first piece of a split; 2: a later piece
    pieces: int = 1
    kicker: bool = False
    dropped: str = ""        # what a piece leaves out of its line (a site name, a kicker)


# A kicker in capitals run into its headline without a separator ("STORM WARNING Coastal towns brace ..."): two or
# more words in capitals, then a word in lower case (checked with str.isupper too: the pattern's "capital" is any
# letter but a-z, which lets accented capitals in, and letters of scripts without case, which the check keeps out).
_CAPS_KICKER = re.compile(r"^(?P<kicker>(?:[^\W\d_a-z]{2,}[\s\-']+){1,5}?[^\W\d_a-z]{2,})\s+(?P<rest>[^\W\d_][^\W\d_A-Z]\S*\s.{8,})$")


def candidates(page: Page, start: int, first: int | None = None) -> list[Candidate]:
    """Candidates from `WINDOW` lines above `start` (the heaviest stretch of article text) to `AFTER` below it, from
    `NEAR_FIRST` lines above `first` (the first article line, when it is further up) to just after it, and the two
    lines over a byline or dateline further up still (`_over_bylines`)."""
    lines = page.lines
    out: list[Candidate] = []
    rows = range(max(0, start - WINDOW), min(len(lines), start + AFTER))
    if first is not None and first < start - WINDOW:
        rows = [*range(max(0, first - NEAR_FIRST), first + AFTER), *rows]
    rows = [*_over_bylines(page, min(rows, default=0)), *rows]
    for i in rows:
        text = lines[i].text
        if len(text) > 300 or not any(c.isalpha() for c in text) or never_a_title_line(lines[i], page.language) \
                or text.rstrip().endswith(_IDEOGRAPHIC_FULL_STOPS):
            continue
        out.append(Candidate(i, text))
        parts = [p.strip() for p in _SPLITTERS.split(text) if p.strip()]
        if 1 < len(parts) <= 5:
            for k, part in enumerate(parts):
                if len(part) >= 8:
                    dropped = " ".join(parts[:k] + parts[k + 1:])
                    out.append(Candidate(i, part, 1 if k == 0 else 2, len(parts), dropped=dropped))
        kicker = _KICKER.match(text)
        if kicker and len(kicker.group("kicker").split()) <= 8:
            out.append(Candidate(i, kicker.group("rest").strip(), 2, 2, kicker=True,
                                 dropped=kicker.group("kicker").strip()))
        capitals = _CAPS_KICKER.match(text)
        if capitals and not kicker and len(parts) == 1 and capitals.group("kicker").isupper() \
                and not capitals.group("rest").split()[0].isupper():
            out.append(Candidate(i, capitals.group("rest").strip(), 2, 2, kicker=True,
                                 dropped=capitals.group("kicker")))
    return out


# A Chinese or Japanese sentence ends with one; a headline in those languages does not (none of the 49 Chinese and
# Japanese titles of the evaluation corpora does), while the standfirst under it does.
_IDEOGRAPHIC_FULL_STOPS = ("。", "．")


def _over_bylines(page: Page, above: int) -> list[int]:
    """The two lines over each of the first `HEADERS_ABOVE` bylines or datelines above line `above`: a header
    (headline, byline, date) printed far above the article, with a video playlist or a gallery between them, still
    says where its headline is. (A video's length, "02:12", is no dateline.)"""
    lines = page.lines
    header = [i for i in range(above) if lines[i].meta and not DURATION.match(lines[i].text)][:HEADERS_ABOVE]
    return sorted({row for i in header for row in (i - 2, i - 1) if row >= 0 and not lines[row].meta})


HEADERS_ABOVE = 3
DURATION = re.compile(r"^\s*(?:\d{1,2}:)?\d{1,2}:\d\d\s*$")   # a video's length


def squashed(text: str) -> str:
    """Only the letters and digits of a text, casefolded: the same headline whatever joins its kicker to it."""
    return "".join(c for c in text.casefold() if c.isalnum())


def kicker_printed_apart(page: Page, c: Candidate, reach: int = 4) -> bool:
    """The kicker of a "Kicker: Headline" line is printed apart from the headline nearby, run into it without the
    colon ("Kicker Headline", '"Quote"Headline'): the kicker is a separate element of the page, not part of the
    headline."""
    if not c.kicker or not c.dropped:
        return False
    text = page.lines[c.line].text
    whole = squashed(text)
    if len(whole) < 15:
        return False
    for j in range(max(0, c.line - reach), min(len(page.lines), c.line + reach + 1)):
        other = page.lines[j].text
        if j != c.line and other != text and squashed(other) == whole and ":" not in other:
            return True
    return False



# What a page's scripts or browser print about the page itself: an error, a connection or a browser notice.
_PAGE_NOTICE = re.compile(
    r"^(?:oops[.!,]?(?:\s+\S+){0,8}|something\s+went\s+wrong(?:[.!]*|[.!,]?\s+(?:please\s+)?try\s+again\b.*"
    r"|\s+with\s+(?:the\s+|your\s+)?(?:connection|request|server|page|loading)\b.*)"
    r"|(?:please\s+)?enable\s+javascript\b.*|javascript\s+is\s+(?:disabled|required|not\s+enabled)\b.*"
    r"|you\s+(?:are|'re)\s+offline[.!]*|your\s+browser\s+is\s+(?:not\s+supported|out\s+of\s+date|outdated)\b.*"
    r"|(?:connection|network)\s+(?:lost|error)[.!]*|an?\s+(?:unexpected\s+)?error\s+(?:has\s+)?occurred\b.*)$",
    re.IGNORECASE)


# A site's navigation printed as one line: a breadcrumb ("Kansas City > News > Health Care", "National Home >
# Sports", Japanese sites' "HOME ＞ イベント情報 ＞ ...") or a menu of links between separators ("ABC Home | Radio | News").
_CRUMB_SEPARATOR = re.compile(r"\s[>›»＞]\s|(?:^|\s)[>›»＞](?=\s)")
_MENU_SEPARATOR = re.compile(r"\s*(?:\s[|·•]\s|(?<=\w)\|\s?)\s*")
MENU_ITEMS = 4           # links in a line of them, at least, each of at most MENU_ITEM_WORDS words
MENU_ITEM_WORDS = 4
CRUMB_WORDS = 6          # words a breadcrumb's step has at most
SHORT_CRUMB_WORDS = 3    # ... and each of only two steps
_CLAUSE_END = re.compile(r"[:?!.;]")


def is_navigation(text: str) -> bool:
    """A breadcrumb or a menu printed as one line, which no headline is. A headline may hold a separator too
    ("Exclusive » Council approves the timetable", "Stocks > Bonds? Not this year", "Rain · Wind · Snow · Ice: the
    week ahead"): a breadcrumb of two steps is two short names, and no step or link ends like a sentence."""
    if _CRUMB_SEPARATOR.search(text):
        steps = [step.strip() for step in re.split(r"[>›»＞]", text) if step.strip()]
        names = all(len(step.split()) <= CRUMB_WORDS and step[0].isalpha()
                    and not _CLAUSE_END.search(step.removesuffix(":") if i == 0 else step)    # "You are here:"
                    for i, step in enumerate(steps))
        if names and (len(steps) >= 3 or len(steps) == 2 and all(
                len(step.split()) <= SHORT_CRUMB_WORDS and step[0].isupper() for step in steps)):
            return True
    items = [item.strip() for item in _MENU_SEPARATOR.split(text) if item.strip()]
    return len(items) >= MENU_ITEMS and all(
        len(item.split()) <= MENU_ITEM_WORDS and not _CLAUSE_END.search(item) for item in items) or _is_menu_run(text) \
        or _is_unspaced_menu(text)


_MENU_RUN_WORDS = 5          # a menu run together on one line has at least this many words ...
_MENU_RUN_SHARE = 0.7        # ... most of them menu words


def _is_menu_run(text: str) -> bool:
    """A menu printed as one line without separators ("News Home Just In World Business Sport Weather"): five
    words or more, most of them the names of a site's sections and pages, none ending a sentence."""
    words = [word.casefold() for word in re.findall(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", text)]
    if len(words) < _MENU_RUN_WORDS or _CLAUSE_END.search(text.rstrip()[-1:] or ""):
        return False
    return sum(word in SECTION_WORDS for word in words) >= _MENU_RUN_SHARE * len(words)


_UNSPACED_MENU_ITEMS = 6      # items of a menu in Chinese or Japanese, at least ...
_UNSPACED_ITEM_CHARS = 10     # ... each this long at most
_HAN_KANA = re.compile(f"[{HAN_KANA}]")
_CJK_CLAUSE_MARKS = re.compile(r"[、，。！？「」『』：:!?]")


def _is_unspaced_menu(text: str) -> bool:
    """A menu in a language written without spaces between its words (Chinese, Japanese), printed as one line:
    six or more short items with spaces between them ("TOP レビュー ニュース ガジェット ゲーム ..."), most of its letters
    Chinese characters or kana, no clause mark. (Korean puts spaces between its words: its headlines look so.)"""
    items = text.split()
    if len(items) < _UNSPACED_MENU_ITEMS or any(len(item) > _UNSPACED_ITEM_CHARS for item in items) \
            or _CJK_CLAUSE_MARKS.search(text):
        return False
    letters = [char for char in text if char.isalpha()]
    return 2 * sum(1 for char in letters if _HAN_KANA.match(char)) > len(letters)


def never_a_title(text: str, language: str) -> bool:
    """Captions and photo credits, share bars, cookie and newsletter blurbs, section headers, date lines, bylines,
    lists of tags, lines of labelled fields, a web address alone, a rights notice in any language ("Tous droits
    réservés ...", which also opens photo credits), and the notices a page prints about itself ("Something went
    wrong with the connection!")."""
    return (captions.is_caption(text) or rules.is_noise(text) or rules.is_share_bar(text)
            or rules.is_section_header(text) or rules.is_meta_line(text) or is_date_line(text, language)
            or bool(_PAGE_NOTICE.match(text.strip())) or is_navigation(text) or is_tag_list(text)
            or is_field_line(text) or bool(_ADDRESS.match(text.strip())) or states_rights_reserved(text)
            or has_email_address(text))


# "Tags: a, b, c", "Hot tags: sport, australia, tennis, ...": a label, then a list of three or more.
_TAG_LIST = re.compile(rf"^(?:[^\W\d_]+\s+)?(?:tags?|topics?|keywords?|{TAG_LABELS})\s*[:：]"
                       r"\s*[^,，、]+(?:[,，、][^,，、]+){2,}$", re.IGNORECASE)


def is_tag_list(text: str) -> bool:
    """A line listing the article's tags after a label ("Hot tags: sport, australia, tennis")."""
    return bool(_TAG_LIST.match(text.strip()))


def never_a_title_line(line, language: str) -> bool:
    """`never_a_title` for a whole line, from the rule flags read with the page; nor is a table row (cells the
    browser printed with tabs between them)."""
    return (line.caption or line.noise or line.section or line.meta or len(line.cells) >= 2
            or rules.is_share_bar(line.text) or bool(_PAGE_NOTICE.match(line.text.strip())) or is_navigation(line.text)
            or is_tag_list(line.text) or states_rights_reserved(line.text)
            or (_has_digit(line.text) and (rules.is_meta_line(line.text) or is_date_line(line.text, language)
                                           or is_field_line(line.text)))
            or bool(_ADDRESS.match(line.text.strip())) or has_email_address(line.text))


def has_email_address(text: str) -> bool:
    """Whether a line holds an email address: a byline's or a contact line ("Clara Endo | cendo@example.com"),
    never a headline (none of the 1,300 headlines of the evaluation corpora holds one)."""
    return "@" in text and _EMAIL.search(text) is not None


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}\b")


def is_field_line(text: str) -> bool:
    """Two or more labelled fields, each label followed by its value, one of them a number ("时间：2024.05.11 来源：光明
    日报 作者：南帆"): a dateline of fields, not a headline. A headline's kickers follow each other with nothing between
    them ("Analysis: Brexit: 5 things to know"), and a number is no label ("Bei Protesten 2022: Bericht: ...")."""
    labels = list(_LABEL.finditer(text))
    if len(labels) < 2 or not _NUMBER_AFTER_LABEL.search(text):
        return False
    return all(text[a.end():b.start()].strip() for a, b in zip(labels, labels[1:]))


_LABEL = re.compile(r"(?:^|\s)[^\W\d_]{1,8}\s?[:：]")   # a field's label, a word: "时间：", "来源：", "Quelle:"
# A page's address printed as a line of its own, with or without its scheme ("nyti.ms/3xYz", "bbc.co.uk/news/1").
_ADDRESS = re.compile(r"^(?:https?://\S+|www\.\S+|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/\S*)$", re.IGNORECASE)
_NUMBER_AFTER_LABEL = re.compile(r"[^\W\d_]\s?[:：]\s*\d")


def _has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None
