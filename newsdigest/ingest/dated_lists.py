"""A list whose items each open with a day of a month: a tour's dates, a month's events, a schedule.

"June 9 – Harbour Town, FL @ Bayside Amphitheatre", "Jan. 15-18: Boat Show, Convention Hall, ...": each
item is short and none reads like prose, so the line model leaves such lists out, though they are often the
article's point (where the tour goes, what is on). A run of `DATED_ITEMS` lines or more that each open with a day
and its month, written without a year, and go on as entries (a place, a venue after a dash, an "@", a colon or a
comma), right under kept article text or under a line that introduces them (ending in a colon, or a subheading
sharing a word with the article), with nothing between that ends the article's section, is the article's list.
Other stories' teasers are dated with their year ("January 10, 2008 - ...") or read as headlines after the day
("Jun 12 Police arrest two men ..."), an archive's months have no day ("October 2019 (12)"), and a "Most Read",
"In other news" or "On TV this week" list stands under a header of its own.
"""

from __future__ import annotations

import re

from newsdigest.ingest.dates import month_names
from newsdigest.ingest.lines import Page

DATED_ITEMS = 5            # items in a run, at least
DATED_REACH = 3            # lines above the first item within which the article's kept text runs
PROSE_UNITS = 10           # a kept line of this many words is the article's text
_DAY = re.compile(r"^\d{1,2}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{1,2}(?:st|nd|rd|th)?)?[.,:]?$")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_WORD = re.compile(r"[^\W\d_]+")


def opens_with_day(text: str, months: dict[str, int]) -> bool:
    """Whether a line opens with a day and its month and names no year in its first words ("Aug. 30 -- Riverside
    Arena", "9 juin : ...", "Jan. 1-3: ..."); a weekday may come first ("Sat, June 9 ...")."""
    words = text.split(None, 4)[:4]
    if words and words[0].rstrip(".,").casefold() in _WEEKDAYS:
        words = words[1:]
    if len(words) < 3 or _YEAR.search(" ".join(words)):
        return False
    first, second = words[0].rstrip(".,").casefold(), words[1]
    return (first in months and bool(_DAY.match(second))) or (
        bool(_DAY.match(words[0])) and second.rstrip(".,:").casefold() in months)


_WEEKDAYS = frozenset("mon monday tue tues tuesday wed wednesday thu thur thurs thursday fri friday sat saturday sun "
                      "sunday".split())


def keep_dated_lists(keep: list[bool], page: Page, is_boundary) -> None:
    """Keep each dated list right under the article's kept text (see the module's docstring), with the lines
    between that text and the list where they introduce it (a sentence ending in a colon, a subheading that shares
    a word with the article: "The band's tour dates"). Its items are entries (a place, a venue, a time after the
    date: "– Harbour Town, FL @ ..."), not other stories' headlines ("Jun 12 Police arrest two men ...")."""
    lines = page.lines
    months = month_names(page.language)
    i = 0
    while i < len(lines):
        if keep[i] or not opens_with_day(lines[i].text, months):
            i += 1
            continue
        end = i + 1
        while end < len(lines) and opens_with_day(lines[end].text, months):
            end += 1
        anchor = next((k for k in range(i - 1, max(-1, i - 1 - DATED_REACH), -1)
                       if keep[k] and lines[k].units >= PROSE_UNITS), None)
        if end - i >= DATED_ITEMS and anchor is not None and _entries(lines[i:end]) \
                and not any(is_boundary(lines[k]) for k in range(anchor, i)) \
                and all(_introduces(lines[k].text, page, keep, anchor) for k in range(anchor + 1, i)):
            for k in range(anchor + 1, end):
                if not (lines[k].noise or lines[k].caption):
                    keep[k] = True
        i = end


# After its date an entry goes on with a mark that sets out its parts (a dash, "@", a colon, a comma, brackets).
_ENTRY_MARK = re.compile(r"(?:^|\s)[–—-]{1,2}\s|[@:,|(]")
ARTICLE_REACH = 10          # kept lines above the list whose words a subheading over it may share


def _entries(items) -> bool:
    """Whether most items set out parts after their date, as a schedule's entries do."""
    return 2 * sum(1 for line in items if _ENTRY_MARK.search(line.text.split(None, 2)[-1])) > len(items)


def _introduces(text: str, page: Page, keep: list[bool], anchor: int) -> bool:
    """Whether a line between the article's text and the list introduces the list: it ends in a colon, or shares a
    word (of four letters or more, no stop word) with the article's kept lines just above."""
    if text.rstrip().endswith((":", "：")):
        return True
    own = _content_words(text, page.stop_words)
    above = [k for k in range(anchor, -1, -1) if keep[k]][:ARTICLE_REACH]
    return any(own & _content_words(page.lines[k].text, page.stop_words) for k in above)


def _content_words(text: str, stop_words: frozenset[str]) -> set[str]:
    return {word for word in _WORD.findall(text.casefold()) if len(word) >= 4 and word not in stop_words}
