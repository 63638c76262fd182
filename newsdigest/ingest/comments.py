"""Comment threads under an article in a text dump: where one starts, so that nothing from there on is body.

Readers' comments are prose, often long, and a line model that weighs each line's shape keeps them. What gives
a thread away is its rhythm: signature lines ("Jane says:", "Catherine on September 13, 2018 at 5:23 pm said:",
"Modern Wife sagt:"), time stamps and "Reply" buttons repeated every few lines, under a header ("3 Kommentare",
"Leave a reply", "34 responses to “…”"). One such line is not enough ("The minister said:" opens a quote in
many articles), so a thread needs several of them close together, and some article text above it.
"""

from __future__ import annotations

import re

from newsdigest.ingest import rules
from newsdigest.ingest.lines import Page
from newsdigest.ingest.smoothing import anchor, stretches

MIN_ARTICLE_UNITS = 40   # words of kept article text above a thread's start: a count next to the byline is no thread
WINDOW = 40              # lines after a candidate start searched for the thread's rhythm
MAX_SIGNATURE_CHARS = 120
MIN_SIGNATURES = 2       # signatures in a thread taken for the article (see drop_thread_holding_the_article)

# "Name says:", "Name on <date> at <time> said:", "Name wrote on <date>:", "Posted by Name on <date> <time>",
# a content system's "Submitted by Name on <date> - <time>" (French "Soumis par Name, le <date> à 15h46"), a rating line.
_SAYS = r"(?:says|sagt|schreibt|dice|dit|zegt|skriver|kirjoittaa|pisze|napsal|пишет|yazdı)"
_SIGNATURE = re.compile(rf"""^(?:
    [^.!?:]{{1,60}}\s{_SAYS}\s*:
  | [^.!?:]{{1,60}}\bon\s+\w+\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}},?\s+at\s+\d{{1,2}}:\d\d(?::\d\d)?\s*
        (?:[ap]\.?m\.?)?\s*(?:said|says|wrote)?\s*:?
  | [^.!?:]{{1,60}}\bwrote\s+on\s+.{{4,40}}\d\s*:
  | posted\s+by\s*:?\s+[^.!?]{{1,60}}?(?:\s+on\s+|\s*[|,]\s*)[^|]{{4,40}}?\d{{1,2}}:\d\d\s*(?:[ap]\.?m\.?)?
  | (?:submitted\s+by|soumis\s+par|eingereicht\s+von|enviado\s+por|inviato\s+da)\s+[^.!?]{{1,60}}?[\s,]
        [^|]{{4,50}}?\d{{1,2}}[:.h]\d\d\s*(?:[ap]\.?m\.?)?
  | rating:\s*-?\d+\s+votes?
  | \d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago\s+at\s+\d{{1,2}}:\d\d\s*(?:[ap]m)?
)$""", re.IGNORECASE | re.VERBOSE)
# (Blogger prints its "Reply" and "Delete" buttons as one line of text: "ReplyDelete")
_REPLY = re.compile(r"^(?:reply(?:delete)?|antworten|répondre|responder|rispondi|svar|svara|odpowiedz|beantworten"
                    r"|reageer|vastaa|ответить|yanıtla|返信|답글|report(?:\s+this)?\s+(?:comment|post|abuse))(?:\s*↓)?$",
                    re.IGNORECASE)
_TIME = re.compile(r"\b\d{1,2}[:.h]\d\d\b")
_THREAD_HEADER = re.compile(
    r"^(?:leave\s+a\s+(?:reply|comment)|post\s+a\s+comment|add\s+a\s+comment|comments?|reader\s+comments"
    r"|kommentare?|leserkommentare"
    r"|kommentieren|commenter|commentare|comentar|commentaires?|comentarios?|comentários|commenti|reacties"
    r"|kommentarer|kommentit|komentarze|комментарии"
    r"|top\s+rated\s+comments|\d+\s+(?:ergänzungen|antworten|réponses|respuestas|risposte|replies|responses"
    r"|reactions|réactions|reacciones|reações))\b.{0,30}$",
    re.IGNORECASE)


def is_comment_signature(text: str) -> bool:
    """A line that opens one reader's comment: "Jane says:", "Jane on May 2, 2019 at 6:34 am said:"."""
    text = text.strip()
    return len(text) <= MAX_SIGNATURE_CHARS and bool(_SIGNATURE.match(text))


def is_thread_header(text: str) -> bool:
    """A header above a comment thread: "Comments (12)", "3 Kommentare", "Leave a reply"; never a question, which
    is an article's subheading ("Comment réagissent les pêcheurs ?": French for "how")."""
    text = text.strip()
    if text.endswith(("?", "？")):
        return False
    return rules.is_comment_count(text) or bool(_THREAD_HEADER.match(text))


def thread_start(page: Page, keep: list[bool], start: int) -> int | None:
    """The first line of a comment thread below the article's start (line `start`), or None.

    A thread starts at a header followed by at least two signatures, time stamps or reply buttons within
    WINDOW lines, or at a signature followed by another and by two stamps or reply buttons; a "N responses to
    “Title”" header is enough on its own. Only after MIN_ARTICLE_UNITS words of kept text.
    """
    lines = page.lines
    kept_units = 0.0
    for i, line in enumerate(lines):
        if keep[i]:
            kept_units += max(line.units, 0.0)
        if i <= start or kept_units < MIN_ARTICLE_UNITS:
            continue
        text = line.text.strip()
        if rules.COMMENT_THREAD.match(text):
            return i
        header, signature = is_thread_header(text), is_comment_signature(text)
        if not (header or signature):
            continue
        window = lines[i + 1:i + 1 + WINDOW]
        signatures = sum(is_comment_signature(other.text) for other in window)
        marks = sum(_is_stamp(other) or bool(_REPLY.match(other.text.strip())) for other in window)
        if header and signatures + marks >= 2 or signature and signatures >= 1 and marks >= 2:
            return i
    return None


def drop_thread_holding_the_article(keep: list[bool], page: Page) -> None:
    """Drop a comment thread that would be taken for the article, before the article is placed.

    A long thread is more prose than the article above it, and the heaviest stretch of kept lines (where the
    article is looked for, `smoothing.anchor`) can be the thread: the article above it was then dropped as the
    page's top. So when that stretch holds `MIN_SIGNATURES` signatures or more, starts at most WINDOW lines under
    a thread's header and has MIN_ARTICLE_UNITS words of kept text above that header, everything from the header
    on goes. (A thread in a sidebar above the article leaves the article's stretch without signatures.)
    """
    begin = anchor(keep, page)
    end = next((stop for first, stop in stretches(keep) if first == begin), len(keep))
    lines = page.lines
    if sum(is_comment_signature(lines[i].text) for i in range(begin, end)) < MIN_SIGNATURES:
        return
    header = next((i for i in range(begin, max(-1, begin - WINDOW), -1) if is_thread_header(lines[i].text)), None)
    if header is None or sum(max(lines[i].units, 0.0) for i in range(header) if keep[i]) < MIN_ARTICLE_UNITS:
        return
    keep[header:] = [False] * (len(keep) - header)


def drop_comment_thread(keep: list[bool], page: Page, start: int) -> None:
    """Drop every line from the start of a comment thread under the article on (see `thread_start`)."""
    first = thread_start(page, keep, start)
    if first is not None:
        keep[first:] = [False] * (len(keep) - first)


def _is_stamp(line) -> bool:
    """A short date line with a time: a comment's time stamp ("November 19, 2019 at 6:34 am"). A time counted back
    ("2 hours ago", "Hace 28 minutos") between a name and a sentence is none: a live blog's posts have that shape."""
    return line.units <= 10 and line.date_line and bool(_TIME.search(line.text))
