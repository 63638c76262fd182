"""What feeds add to an item's article or summary that is no text of it: an outlet's or a platform's call to support
or subscribe as the last paragraph ("Support independent local news. Become a member."), a line that links another
story under a label ("Read more: <a>Headline</a>"), WordPress's excerpt marker ("[…]") at the end.

Each is told by its shape as well as its words: a call is a short last paragraph a sentence of which opens with it,
a "Read more" line holds its label and links alone, the marker ends the text. An article's own sentence that tells
of members, support or reading ("Support for the plan grew", "Residents can become members of the club") stays.
"""

from __future__ import annotations

import html
import re

CALL_WORDS = 30   # a call to support the outlet is a line or two
_CALLS = 3        # the most such paragraphs at an item's end (a button's line, then the call)

# A call to the reader to support, join or subscribe to the outlet, opening a sentence of the paragraph.
_CALL = re.compile(r"""(?:^|[.!?:]\s+|,\s+(?=please|consider))[^\w\s]{0,3}\s*(?:
    support\s+(?:us\b|our\s+|(?:[\w-]+\s+){0,3}(?:news|journalism|reporting|newsroom|media|work)\b)
  | become\s+a\s+(?:[\w-]+\s+)?(?:member|supporter|subscriber|patron|donor)\b
  | (?:please\s+)?consider\s+(?:supporting|donating|subscribing|becoming\s+a)\b
  | subscribe\s+(?:now|today|for\s+free|(?:here\s+)?to\s+(?:get|receive|our|support)\b)
  | sign\s+up\s+(?:now|today|for\s+free)\b | donate\s+(?:now|today|here|to\s+(?:us|our)\b)
  | unterstützen\s+sie\s+(?:uns|unabhängigen|unseren|unsere)\b
  | werden\s+sie\s+(?:jetzt\s+)?(?:mitglied|unterstützer|abonnent)
  | jetzt\s+(?:abonnieren|spenden|mitglied\s+werden|unterstützen)\b | abonnieren\s+sie\b
  | soutenez[\s-](?:nous|notre|le\s+journalisme|l['’]information|un\s+journalisme)\b
  | devenez\s+(?:membre|abonn|donat|soutien)|abonnez[\s-]vous\b | faites\s+un\s+don\b
  | ap[óo]yanos\b | apoya\s+(?:el\s+periodismo|nuestro|nuestra)\b | hazte\s+(?:socio|socia|miembro|suscriptor|mecenas)\b
  | suscr[ií]bete\b | haz\s+una\s+donaci[óo]n\b
  | apoie\s+(?:o\s+jornalismo|nosso|nossa)\b | seja\s+(?:membro|assinante|apoiador)\b
  | assine\s+(?:já|agora|a\s+nossa|o\s+nosso)\b | fa[çc]a\s+uma\s+doa[çc][ãa]o\b
  | sostienici\b | sostieni\s+(?:il\s+(?:nostro\s+)?giornalismo|la\s+nostra|il\s+nostro)\b
  | diventa\s+(?:socio|membro|abbonato|sostenitore)\b | fai\s+una\s+donazione\b
  | steun\s+(?:ons|onafhankelijke|onze)\b | word\s+(?:nu\s+)?(?:lid|abonnee|donateur)\b | abonneer\s+(?:je|nu)\b
  | поддержите\s+(?:нас|редакцию|независим) | подпишитесь\b | станьте\s+(?:подписчиком|участником|членом)
)""", re.IGNORECASE | re.VERBOSE)
# An item's last paragraph (a rule above it goes with it), before the closing tags of what holds it.
_LAST_PARAGRAPH = re.compile(r"(?:<hr\b[^<>]{0,100}>\s*)?<p\b[^<>]{0,400}>((?:(?!</?p\b).){0,1500}?)</p>\s*"
                             r"(?=(?:</(?:div|section|article|aside)>\s*)*\Z)", re.IGNORECASE | re.DOTALL)

# The label of a line that links other stories, in some languages: "Read more:", "Lesen Sie auch:", "Читайте также".
_LABEL = (r"(?:read\s+(?:more|also|next)|also\s+read|more(?:\s+on\s+this(?:\s+story)?)?|see\s+also"
          r"|related(?:\s+(?:story|stories|articles?|coverage|reading))?|lesen\s+sie\s+(?:auch|mehr)|mehr\s+zum\s+thema"
          r"|lire\s+aussi|(?:à|a)\s+lire\s+(?:aussi|également)|voir\s+aussi|lee\s+(?:también|más)"
          r"|te\s+puede\s+interesar"
          r"|leia\s+(?:também|mais)|veja\s+também|leggi\s+anche|lees\s+ook|читайте\s+также|см(?:\.|отрите)\s+также"
          r"|czytaj\s+(?:też|także|również|więcej))")
# Outside its links, such a line holds its label (or an arrow) and marks alone; or its one link starts with the label.
_LABEL_ALONE = re.compile(rf"[\W_]*(?:{_LABEL}|[→➡►▶▸⇒➔➜👉])[\W_]*", re.IGNORECASE)
_LABEL_FIRST = re.compile(rf"\W*{_LABEL}\s*[:：|»›>–—-]", re.IGNORECASE)
_PARAGRAPH = re.compile(r"<p\b[^<>]{0,400}>((?:(?!</?p\b).){0,1000}?)</p>", re.IGNORECASE | re.DOTALL)
_LINK = re.compile(r"<a\b[^<>]*>((?:(?!</?a\b).)*?)</a\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^<>]*>")
_CONJUNCTION = re.compile(r"(?<!\w)(?:and|or|und|oder|et|ou|y|o|e|en|of|и|или)(?!\w)", re.IGNORECASE)

# WordPress's mark that an excerpt goes on ("[&hellip;]", "[…]", "[...]"), perhaps as a link, at the text's end.
_EXCERPT_MARK = re.compile(r"\s*(?:<a\b[^<>]{0,400}>\s*)?\[\s*(?:…|\.{3}|&hellip;|&#8230;|&#x2026;)\s*\](?:\s*</a>)?"
                           r"(?=(?:\s*</(?:p|div|span|em|i)>)*\s*\Z)", re.IGNORECASE)
_MARK_TAIL = 1000   # how far from the end the mark is looked for (one scan of the tail, however long the text)
_ENDS_SENTENCE = re.compile(r"[.!?…。！？][\"'”’»)]?\Z")


def without_furniture(text: str) -> str:
    """An item's article or summary (HTML, or text) without the calls, "Read more" lines and excerpt marker above."""
    if "<p" in text or "<P" in text:
        text = _PARAGRAPH.sub(lambda paragraph: "" if _is_read_more(paragraph[1]) else paragraph[0], text)
        for _ in range(_CALLS):
            last = _LAST_PARAGRAPH.search(text)
            if not last or not _is_call(last[1]):
                break
            text = (text[:last.start()] + text[last.end():]).rstrip()
    if "[" in text and (mark := _EXCERPT_MARK.search(text, max(0, len(text) - _MARK_TAIL))):
        before = _text(text[:mark.start()])
        text = text[:mark.start()] + ("" if _ENDS_SENTENCE.search(before) else "…") + text[mark.end():]
    return text


def _is_call(inner: str) -> bool:
    """Whether a paragraph's HTML is the outlet's call to support or subscribe: short, a sentence opening with the
    call, and neither quoted nor told of: no quotation marks, and no "..., the banners read" after a comma ("Support
    our troops, the banners read", "Подпишитесь на петицию, призвал депутат" are the article's sentences)."""
    words = _text(inner)
    return (len(words.split()) <= CALL_WORDS and bool(_CALL.search(words)) and not _QUOTES.search(words)
            and not _TOLD.search(words))


_QUOTES = re.compile("[\"“”„«»‹›「」]")
# Who said or wrote the call, after a comma: a few words, then a verb of saying in a language of `_CALL`.
_TOLD = re.compile(r",\s+(?:[\w'’-]+\s+){0,4}(?:said|says|told|urged|urges|read|reads|chanted|wrote|writes|added"
                   r"|asked|insisted|sagte|sagt|forderte|schrieb|dijo|afirmó|pidió|escribió|a\s+déclaré|a\s+dit"
                   r"|disse|ha\s+detto|zei|schreef|сказал|сказала|призвал|призвала|заявил|заявила|написал)\b",
                   re.IGNORECASE)


def _is_read_more(inner: str) -> bool:
    """Whether a paragraph's HTML is a line that links other stories: "Read more: <a>Headline</a>"."""
    links = [_text(link) for link in _LINK.findall(inner)]
    if not any(links) or len(links) > 3:
        return False
    outside = _CONJUNCTION.sub(" ", _text(_LINK.sub(" ", inner)))   # ("Read more: <a>X</a> and <a>Y</a>")
    return bool(_LABEL_ALONE.fullmatch(outside) or not outside.strip(" .,;") and _LABEL_FIRST.match(links[0]))


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())
