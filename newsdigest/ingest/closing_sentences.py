"""The article's closing sentences that the model doubted, kept where they run on to the end of its section.

A short report's last paragraphs sit beside the page's furniture (share buttons, "read also" labels, other
stories), and the line model, which reads each line with its neighbours, often scores them low.
"""

from __future__ import annotations

from newsdigest.ingest.lang import ends_unmarked
from newsdigest.ingest.lines import Page, ends_like_sentence

LAST_SENTENCE_MIN = 0.05    # a closing sentence needs only this score


def keep_closing_sentences(keep: list[bool], page: Page, probabilities: list[float], is_boundary,
                           short_last: bool = True) -> None:
    """Complete sentences that carry the article on right up to the end of its section (a section header, a
    tags or share line, the end of the page) are its closing paragraphs, even when the model doubts them.

    A pull quote (a line repeating part of the text above) or an ad label between them and the article is
    stepped over. The last of them may be a short sentence (`short_last`; not in a dump run into one line, whose
    lines are sentences) where it follows others and the section ends right under it.
    """
    lines = page.lines
    n = len(lines)
    i = 1
    while i < n:
        if not keep[i - 1] or keep[i]:
            i += 1
            continue
        run: list[int] = []
        j = i
        while j < n and not keep[j]:
            line = lines[j]
            if _repeats_above(page, keep, j) or not run and line.noise and line.units <= 6:
                j += 1              # a pull quote, or an ad label right after the article ("Continue reading")
                continue
            if is_boundary(line):
                break
            last = short_last and bool(run) and _short_last_sentence(line, probabilities[j])
            if (short_last and not last and j + 1 < n and not keep[j + 1] and _question(line, probabilities[j])
                    and _closing(lines[j + 1], probabilities[j + 1])):
                run += [j, j + 1]   # an interview's last question and its answer
                j += 2
                continue
            if not last and (probabilities[j] < LAST_SENTENCE_MIN or line.units < 8 or line.noise or line.caption
                             or line.meta or not (ends_like_sentence(line.text) or ends_unmarked(line.text))):
                break
            run.append(j)
            j += 1
            if last:
                break       # (the article's last: its section ends right under it)
        if run and (j == n or is_boundary(lines[j]) or _closes_article(lines[j], probabilities[j])):
            for k in run:
                keep[k] = True
        i = j + 1


def _closing(line, probability: float) -> bool:
    """A closing sentence the model doubted: a whole sentence of eight words or more that is no label or caption."""
    return not (probability < LAST_SENTENCE_MIN or line.units < 8 or line.noise or line.caption or line.meta
                or line.section or not (ends_like_sentence(line.text) or ends_unmarked(line.text)))


def _question(line, probability: float) -> bool:
    """A short question ("Q: Will you miss it?", "Frage: Verlieren Sie manchmal die Geduld?")."""
    return (probability >= LAST_SENTENCE_MIN and line.text.rstrip().endswith(("?", "？", "؟"))
            and not (line.noise or line.caption or line.meta or line.section))


CLOSING_LABEL_UNITS = 3     # words of a label ending in a colon under the article ("Citește și:") that ends it
CLOSING_LABEL_MAX = 0.1     # ... or of a one-word button ("Shiriki"), which the model is this sure is no article


def _closes_article(line, probability: float) -> bool:
    """A line that ends the article's text where no rule knows its words: a button of one word ("Shiriki",
    "Distribuie") or a short label ending in a colon ("Citește și:"), that the model is sure is no article text and
    that is no photo credit ("Imago", an agency in capitals: "AFP" under a caption)."""
    text = line.text.rstrip()
    return probability < CLOSING_LABEL_MAX and not line.caption and (
        line.units <= 1 and not ends_like_sentence(text) and not text.isupper()
        or line.units <= CLOSING_LABEL_UNITS and text.endswith((":", "："))
    )


def _repeats_above(page: Page, keep: list[bool], j: int) -> bool:
    key = page.lines[j].key
    return len(key) >= 20 and any(keep[k] and key in page.lines[k].key for k in range(max(0, j - 8), j))


SHORT_LAST_UNITS = 4        # words of a short sentence that ends the article, at least


def _short_last_sentence(line, probability: float) -> bool:
    """A short sentence that may close the article ("Перших відвідувачів приймуть уже наступного тижня."), never
    a question to the reader, a credit or a label with a colon."""
    text = line.text.rstrip()
    return (SHORT_LAST_UNITS <= line.units < 8 and probability >= LAST_SENTENCE_MIN and ends_like_sentence(text)
            and not text.endswith(("?", "？", "؟")) and ":" not in text
            and not (line.noise or line.caption or line.meta or line.section))
