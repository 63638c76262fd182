"""Photo captions and credits in a page dump: "... / News1", "(Photo: Reuters)", "Foto: Jane Roe (Getty)".

A caption line is kept out of the article's body (the first goes to the `image_caption:` front matter key) and is
never its headline; the line model also weighs it. A credit names a photographer or an agency, capitalised, or a
licence; a caption is at most 60 words and not a date line.
"""

from __future__ import annotations

import re

from newsdigest.ingest.rules import is_date_line, words

# Photo credits and caption markers: "... / News1", "(Photo: Reuters)", "Photo by ...", "Getty Images"; in Japanese
# and Chinese the photographer closes the caption in brackets ("（山田太郎撮影）", "（记者 张伟 摄）", "（撮影・山田）").
CAPTION = re.compile(r"""(?:
    \s/\s*(?:(?-i:[A-Z])[\w&.'’-]*|by)(?:\s+[\w&.'’-]+){0,5}\)?\s*$
  | \s/\s*(?:public\s+domain|domena\s+publiczna|domaine\s+public|dominio\s+p[úu]blico|pubblico\s+dominio|gemeinfrei
            |cc[\s-]by\b[\w.\s/-]{0,20})\s*$
  | ^(?:photo|photograph|photographer|fotograf|image|picture|caption|pictured|file\s+photo|legende|bildlegende
       |bildunterschrift|légende|leyenda|didascalia|bijschrift)\s*(?::|by\b)
  | ^(?:getty(?:\s+images)?|imago(?:\s+images)?|picture\s+alliance|istock(?:photo)?|alamy)(?:\s*/\s*[\w.&'’ -]{1,40})*\s*$
  | ^(?:afp|reuters|ap|epa|dpa|ansa|efe)(?:\s*/\s*[\w.&'’ -]{1,40})+\s*$
  | \b(?:foto|fotos|bild|fotograf[íi]a|imagen|immagine|zdj[eę]cie|фото|kuva)\s*:
      \s*(?P<named>[\w.&'’/,-]+(?:\s+[\w.&'’/,-]+){0,5})(?:\s*\([\w.&'’/, -]{1,30}\))?\)?\s*$
  | \((?:photo|image|courtesy|provided|file)\b[^)]*\)\s*$
  | \b(?:photo(?:graph)?|image)\s*(?:credits?)?\s*:\s*[\w .&'’/-]*[^\W_]\)?\s*$
  | \b(?:getty\s+images|shutterstock|ap\s+photo|afp\s+photo|reuters\s*/|epa[- ]efe|yonhap\s+photo)
  | (?:^|[(/©]\s*|\b(?:photo|image|picture)\s+)courtesy\s+of\b
  | \bprovided\s+by\b[^.]*$
  | [.!?]\s*\((?!(?-i:[A-Z]{1,4}(?:-\d{1,2})?)\)\s*$)(?:(?-i:[A-Z])[\w&.'’ -]{1,30})\)\s*$
  | [.!?]\s*\[(?!update|applause|laugh|inaudible|unintelligible|crosstalk|cheer|music|silence|pause|boo|sic\b)
      (?-i:[A-Z][a-z][\w&.'’ -]{0,30})\]\s*$
  | [\[(（【]\s*(?:사진|写真|图片|图|照片)\s*(?:출처|提供|来源|來源)?\s*[=:：]
  | [(（][^()（）]{0,30}(?:撮影|摄|攝)\s*[)）]\s*$ | [(（]\s*(?:撮影|摄影|攝影)\s*[・=＝:：]
  | \((?-i:[A-Z])(?:[^\W\d_]|[.'’-])*(?:\s+(?:[^\W\d_]|[.'’-])+){0,3}\s*/\s*(?-i:[A-Z])(?:[^\W\d_]|[&.'’ -]){1,30}\)\s*$
  | ^(?-i:[A-Z])[\w.'’-]+(?:\s+(?-i:[A-Z])[\w.'’-]+){1,2}/(?-i:[A-Z])[\w&.'’-]*$
  | \s+via\s+(?:ap|getty(?:\s+images)?|reuters|afp|epa|shutterstock|ap\s+images)\s*$
  | (?:^|[.!?”"]\s*)(?:photo\s+)?credit\s*(?:\.\.\.|…|:)\s*(?-i:[A-Z\d])[\w'’.&/ -]{0,79}[^\W_]$
  | ^[(\[]\s*(?:l-r|r-l|l\s+to\s+r|from\s+left|from\s+right|left\s+to\s+right)\s*[)\]]
)""", re.IGNORECASE | re.VERBOSE)
# (A photo agency's name in square brackets after the caption's sentence, "... the question? [Splash]", credits it;
# an editor's "[Updated]" or a transcript's "[Applause]" does not.)
# (A sentence closed by capitals alone in brackets, "... in the tournament. (NM)", "(E-2)", is signed by the
# reporter's initials: the last paragraph of an article, not a caption. An agency's "(AP)" reads the same way.)
# A photo credit after a copyright sign at the end of a caption ("... am Abend. © dpa | J. Roe"); a footer's year
# or "Copyright" is no credit. Searched only in lines holding the sign, and from the sign: a pattern that
# started with the caption's text would try every position of every long paragraph.
_CREDIT_AFTER_COPYRIGHT = re.compile(r"[\s.)]©\s*(?!\d{4}|copyright\b)[^©!?\d]{2,60}$", re.IGNORECASE)
_CAPTION_DATE_STAMP = re.compile(r"\b(?:19|20)\d\d\.\d{1,2}\.\d{1,2}\b")
# Every part of CAPTION that may match after the start of a line holds one of these words or characters: a line
# without any of them is only tried at its start (see rules._NOISE_ANYWHERE).
_CAPTION_ANYWHERE = ("/", ":", "(", "getty", "shutterstock", "photo", "epa", "courtesy", "provided", "[", "（", "【",
                     "imago", "alliance", "istock", "alamy", " via ", "credit")


# Words in lower case that a credit holds: agencies written so, and the joins of names and agencies.
_CREDIT_LOWER_WORDS = {"via", "picture", "alliance", "dpa", "afp", "and", "und", "for", "von", "van", "der", "den",
                       "de", "del", "di", "da", "du", "y", "e", "et"}


def _kicker_before(before: str) -> bool:
    """One to three words before "Foto:"/"Bild:" and no sentence: the marker word ends a headline's kicker
    ("Erstes Bild:"); a credit's marker starts the line or follows the caption's sentence."""
    words_before = before.split()
    return 1 <= len(words_before) <= 3 and words_before[0][:1].isalpha() and before.rstrip()[-1:] not in ".!?"


def _reads_as_words(named: str) -> bool:
    """Two or more words in lower case after "Foto:"/"Bild:": a phrase ("So könnte die Brücke aussehen"), where a
    credit is names ("Jane Roe (Getty)", "picture alliance / dpa")."""
    return sum(1 for word in named.split() if word[:1].islower() and word.casefold() not in _CREDIT_LOWER_WORDS) >= 2


COURTESY_WORDS = 12   # a line with "courtesy of" elsewhere than a credit's place is a credit this short only


def is_caption(text: str) -> bool:
    """A photo caption: carries a photo credit or a dated photo stamp like "2026.1.31 / News1"."""
    folded = text.casefold()
    credit = CAPTION.search(text) if any(mark in folded for mark in _CAPTION_ANYWHERE) else CAPTION.match(text)
    if credit and credit.group("named") and _kicker_before(text[:credit.start()]) \
            and _reads_as_words(credit.group("named")):
        credit = None       # "Erstes Bild: So könnte die neue Brücke aussehen": a kicker, not a photo's credit
    if not credit and "courtesy of" in folded:
        # "courtesy of" as a credit stands at the start, after "Photo" or in brackets; elsewhere only a short line
        # is a credit ("See the lights, courtesy of Instagram"): "... comes courtesy of an 8-inch screen" is prose
        credit = len(words(text)) <= COURTESY_WORDS
    if not credit and "©" in text:
        after = _CREDIT_AFTER_COPYRIGHT.search(text)
        credit = after is not None and len(text[:after.start()].strip()) >= 12
    if not (credit or "/" in text and _CAPTION_DATE_STAMP.search(text) or credited_after_sentence(text)
            or credited_at_its_end(text)):
        return False
    # a date line is none, also with its byline or outlet after a slash ("... 15:46 Uhr / Jane Roe")
    return len(words(text)) <= 60 and not is_date_line(text) and not (
        "/" in text and is_date_line(text.rsplit("/", 1)[0]))


# A credit after a caption's last sentence with no marker at all ("A rocket stands on the launchpad. Jane Roe",
# "... in Madrid. EFE/ J.J. Roe", "... redesigned from the ground up. Supplied"): one to four capitalised names, or
# "Name for Outlet". An article's paragraph ends with its sentence; a line that goes on after it with a name is a
# caption signed by its photographer.
_TAIL_CREDIT = re.compile(r"(?:[A-Z][\w'’&-]*|[A-Z][\w'’&-]*\.[\w'’.&-]*[^\W_])"
                          r"(?:(?:\s+|\s*/\s*)[A-Z][\w'’.&-]*){0,3}"
                          r"(?:\s+(?:for|via)(?:\s+(?:[A-Z][\w'’.&-]*|of|the|and|de|du)){1,5})?")
_SENTENCE_CLOSE = re.compile(r"[^\W_]\.[\"”’»]?$")   # (a question or exclamation before a name: a headline)
_NOT_A_CREDIT = {"von", "by", "por", "par", "door", "av", "af", "di", "da", "de", "z", "od", "read", "more", "mehr",
                 "lesen", "the", "a", "an", "der", "die", "das", "le", "la", "el"}
CREDIT_WORDS = {"supplied", "handout", "pool", "file", "archive", "archiv", "privat", "courtesy"}
HEAD_WORDS = 5             # words of caption, at least, before its credit
LOWER_SHARE = 0.3          # of them in lower case, at least: a caption is a sentence, not a headline in title case


def credited_after_sentence(text: str) -> bool:
    """A caption whose photographer's or agency's name follows its last sentence with no marker ("... the
    launchpad. Jane Roe"). A single word after the sentence is a credit only in capitals, with a slash ("IMAGO/Nico
    Roe") or as a credit word ("Supplied"); a name after an abbreviation ("Sen. Warren", "Appendix C. Example") is
    no credit."""
    stripped = text.rstrip()
    if not stripped[-1:].isalpha() or len(stripped) > 600:
        return False
    parts = stripped.split()
    if len(parts) > 60:
        return False
    for cut in range(len(parts) - 1, max(len(parts) - 12, HEAD_WORDS - 1), -1):
        if not _SENTENCE_CLOSE.search(parts[cut - 1]):
            continue
        last = parts[cut - 1].rstrip("\"”’»").rstrip(".")
        letters = sum(c.isalpha() for c in last)
        if last[:1].isupper() and letters <= 4 or 0 < letters <= 1 and not last.isdigit():
            continue    # an abbreviation or an initial: the sentence goes on
        head, tail = parts[:cut], " ".join(parts[cut:])
        if not _TAIL_CREDIT.fullmatch(tail) or tail.split()[0].casefold() in _NOT_A_CREDIT:
            return False
        single = len(parts) - cut == 1 and not (tail.isupper() and len(tail) > 1 or "/" in tail
                                                 or tail.casefold() in CREDIT_WORDS)
        alpha = [word for word in head if word[:1].isalpha()]
        return not single and sum(word[:1].islower() for word in alpha) >= LOWER_SHARE * len(alpha)
    return False


# A credit the browser ran into the caption's last sentence ("... in an undated picture.Facebook": the credit's
# element follows the caption's with no space between), or a web address after it ("... lung cancer. istockphoto.com").
_GLUED_CREDIT = re.compile(r"[a-z]{2,}[.!?][A-Z][\w&'’-]+(?:\s+[A-Z][\w&'’.-]+){0,3}$")
CREDIT_TAIL_CHARS = 120
_BUTTON_WORDS = {"to", "this", "here", "more", "now", "us"}   # no credit's name holds them; a button's label does
_ADDRESS_CREDIT = re.compile(r"[^\W\d_]{2,}[.!?]\s+(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|co\.uk|de|fr|io)$",
                             re.IGNORECASE)


def credited_at_its_end(text: str) -> bool:
    """A caption whose credit is glued to its last sentence or is a web address after it (see above). Before a glued
    credit the words read as a sentence (LOWER_SHARE of them in lower case), not as a headline in title case ("New
    iPhone.Reuters"); a web address after a full stop is no headline's ending whatever its case."""
    stripped = text.strip()
    if not stripped[-1:].isalpha():   # (a name or an address ends it; most lines end with their full stop)
        return False
    tail = stripped[-CREDIT_TAIL_CHARS:]    # (a credit is a few words: the rest of a long line need not be searched)
    glued = _GLUED_CREDIT.search(tail)
    found = glued or _ADDRESS_CREDIT.search(tail)
    if found is None:
        return False
    cut = len(stripped) - len(tail) + found.start() + re.search(r"[.!?]", found.group(0)).start()
    if glued and _BUTTON_WORDS & set(stripped[cut + 1:].casefold().split()):
        return False    # a button's label glued to the sentence it shares ("... every day.Click To Tweet")
    head = stripped[:cut].split()
    alpha = [word for word in head if word[:1].isalpha()]
    sentence = not glued or sum(word[:1].islower() for word in alpha) >= LOWER_SHARE * len(alpha)
    return HEAD_WORDS <= len(head) <= END_CREDIT_WORDS and sentence


# Words of a caption, at most, before a credit glued to it or an address after it: an article's paragraph that a
# button's label ran into ("... shared with the county.Advertisement") or that ends with a site's address is longer.
END_CREDIT_WORDS = 25
