"""A box of links to related stories set inside the article ("Related" over two headlines, "Read also: ..."), and the
article's paragraphs below it, which the line model doubts: next to a box's headlines and near the share buttons,
the last paragraphs look like the end of the page to it."""

from __future__ import annotations

import re

from newsdigest.ingest.lines import Page, PageLine, ends_like_sentence
from newsdigest.ingest.page_labels import READ_ALSO, is_read_also

# The header of a box of related stories, in the languages of `page_labels` (a "most read" list or comments are no
# such box: what follows them is never the article's).
RELATED_HEADER = re.compile(r"""^(?:
    related(?:\s+(?:articles|stories|news|content|coverage|posts|links|reading))? | see\s+also | also\s+read
  | read\s+(?:more|also|next) | more\s+on\s+this(?:\s+(?:story|topic))? | recommended(?:\s+stories)?
  | weitere\s+artikel\s+zum\s+thema | mehr\s+zum\s+thema | sur\s+le\s+m[êe]me\s+sujet
  | (?:noticias|art[íi]culos|not[íi]cias|mat[ée]rias)\s+relacionad[ao]s | articoli\s+correlati
  | gerelateerde\s+artikelen | relaterade\s+artiklar | relaterte\s+(?:saker|artikler) | relaterede\s+artikler
  | powi[ąa]zane\s+artyku[łl]y | souvisej[íi]c[íi]\s+[čc]l[áa]nky | (?:новости|материалы)\s+по\s+теме
  | похожие\s+(?:новости|материалы|статьи) | ilgili\s+haberler | (?:berita|artikel)\s+terkait
  | 관련\s?기사 | 관련\s?뉴스 | 関連記事 | 関連ニュース | 相[关關]新[闻聞] | 相[关關][阅閱][读讀] | 延伸[阅閱][读讀]
  | (?:أخبار|مواضيع|مقالات)\s+ذات\s+صلة
)[\s:：.!…]*$""", re.IGNORECASE | re.VERBOSE)
BOX_HEADLINES = 3         # teaser headlines under a box's header, at most
HEADLINE_UNITS = 20       # a teaser headline is shorter than this (words; a Chinese character half of one)
CARRIED_UNITS = 8         # a sentence of the article below the box has this many at least ...
CARRIED_PROBABILITY = 0.12   # ... and the model thinks this much of it (an author's note after a box scores less)


def keep_past_related_boxes(keep: list[bool], page: Page, probabilities: list[float], is_boundary) -> None:
    """Sentences right below a box of related stories that itself follows a kept line of the article, carrying
    on to the end of the article's section (a boundary: a section header, share buttons, tags; or the page's end)
    are the article's; the box is not, even where the model kept a headline of it. A box is a related-stories
    header with at most `BOX_HEADLINES` short lines under it, or "read also" links ("Baca juga: ...", "Read more:
    ..."); one with such a header inside kept text is dropped too."""
    lines, n, resume = page.lines, len(page.lines), 1
    for i in range(1, n):
        if i < resume or not keep[i - 1] or keep[i] or (box_end := _box_end(lines, i)) == i:
            continue
        j = box_end
        while j < n and not keep[j] and not is_boundary(lines[j]) and _carries_on(lines[j], probabilities[j]):
            j += 1
        # (not back into kept text, nor to a short label: a real box's teaser has a summary, then the article goes on)
        if j > box_end and (j == n or is_boundary(lines[j])) or j == box_end < n and keep[j] and _headed(lines[i]):
            keep[i:box_end] = [False] * (box_end - i)   # (its last headline, above a paragraph, was kept as a subheading)
            keep[box_end:j] = [True] * (j - box_end)
        resume = j


def _box_end(lines: list[PageLine], i: int) -> int:
    """The line after the related box that starts at line `i`, or `i` where none does."""
    n = len(lines)
    text = lines[i].text.strip()
    label = READ_ALSO.match(text)
    if _headed(lines[i]) or label and not text[label.end():].strip():   # (or a "read also" label alone)
        j = i + 1
        while j < n and j - i <= BOX_HEADLINES and _teaser_headline(lines[j]):
            j += 1
        return j if j > i + 1 else i
    j = i
    while j < n and _read_also_link(lines[j]):
        j += 1
    return j


def _headed(line: PageLine) -> bool:
    return bool(RELATED_HEADER.match(line.text.strip()))


def _teaser_headline(line: PageLine) -> bool:
    # (a headline may ask a question; a sentence, a quoted one too, is no headline)
    return line.units < HEADLINE_UNITS and not line.caption and not _STATEMENT_END.search(line.text)


_STATEMENT_END = re.compile(r"[.。!！](?:[\s\"'”’»」』)）]*)$")


def _read_also_link(line: PageLine) -> bool:
    text = line.text.strip()
    return line.units < HEADLINE_UNITS + 4 and (is_read_also(text) or bool(_ENGLISH_READ_ALSO.match(text)))


_ENGLISH_READ_ALSO = re.compile(r"^(?:read\s+(?:more|also|next)|see\s+also|also\s+read|related)\s*[:|»›>\-–—]\s*\S",
                                re.IGNORECASE)


def _carries_on(line: PageLine, probability: float) -> bool:
    return (probability >= CARRIED_PROBABILITY and line.units >= CARRIED_UNITS and ends_like_sentence(line.text)
            and not (line.noise or line.caption or line.meta))
