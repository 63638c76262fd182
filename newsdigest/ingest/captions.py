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
  | ^(?:photo|photograph|image|picture|caption|pictured|file\s+photo|legende|bildlegende|bildunterschrift|légende
       |leyenda|didascalia|bijschrift)\s*(?::|by\b)
  | ^(?:getty(?:\s+images)?|imago(?:\s+images)?|picture\s+alliance|istock(?:photo)?|alamy)(?:\s*/\s*[\w.&'’ -]{1,40})*\s*$
  | ^(?:afp|reuters|ap|epa|dpa|ansa|efe)(?:\s*/\s*[\w.&'’ -]{1,40})+\s*$
  | \b(?:foto|fotos|bild|fotograf[íi]a|imagen|immagine|zdj[eę]cie|фото|kuva)\s*:
      \s*[\w.&'’/,-]+(?:\s+[\w.&'’/,-]+){0,5}(?:\s*\([\w.&'’/, -]{1,30}\))?\)?\s*$
  | \((?:photo|image|courtesy|provided|file)\b[^)]*\)\s*$
  | \b(?:photo(?:graph)?|image)\s*(?:credits?)?\s*:\s*[\w .&'’/-]*[^\W_]\)?\s*$
  | \b(?:getty\s+images|shutterstock|ap\s+photo|afp\s+photo|reuters\s*/|epa[- ]efe|yonhap\s+photo|courtesy\s+of\b.*$)
  | \bprovided\s+by\b[^.]*$
  | [.!?]\s*\((?!(?-i:[A-Z]{1,4}(?:-\d{1,2})?)\)\s*$)(?:(?-i:[A-Z])[\w&.'’ -]{1,30})\)\s*$
  | [\[(（【]\s*(?:사진|写真|图片|图|照片)\s*(?:출처|提供|来源|來源)?\s*[=:：]
  | [(（][^()（）]{0,30}(?:撮影|摄|攝)\s*[)）]\s*$ | [(（]\s*(?:撮影|摄影|攝影)\s*[・=＝:：]
  | \((?-i:[A-Z])(?:[^\W\d_]|[.'’-])*(?:\s+(?:[^\W\d_]|[.'’-])+){0,3}\s*/\s*(?-i:[A-Z])(?:[^\W\d_]|[&.'’ -]){1,30}\)\s*$
  | ^(?-i:[A-Z])[\w.'’-]+(?:\s+(?-i:[A-Z])[\w.'’-]+){1,2}/(?-i:[A-Z])[\w&.'’-]*$
  | \s+via\s+(?:ap|getty(?:\s+images)?|reuters|afp|epa|shutterstock|ap\s+images)\s*$
  | (?:^|[.!?”"]\s*)(?:photo\s+)?credit\s*(?:\.\.\.|…|:)\s*(?-i:[A-Z\d])[\w'’.&/ -]{0,79}[^\W_]$
  | ^[(\[]\s*(?:l-r|r-l|l\s+to\s+r|from\s+left|from\s+right|left\s+to\s+right)\s*[)\]]
)""", re.IGNORECASE | re.VERBOSE)
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


def is_caption(text: str) -> bool:
    """A photo caption: carries a photo credit or a dated photo stamp like "2026.1.31 / News1"."""
    folded = text.casefold()
    credit = CAPTION.search(text) if any(mark in folded for mark in _CAPTION_ANYWHERE) else CAPTION.match(text)
    if not credit and "©" in text:
        after = _CREDIT_AFTER_COPYRIGHT.search(text)
        credit = after is not None and len(text[:after.start()].strip()) >= 12
    if not (credit or "/" in text and _CAPTION_DATE_STAMP.search(text)):
        return False
    # a date line is none, also with its byline or outlet after a slash ("... 15:46 Uhr / Jane Roe")
    return len(words(text)) <= 60 and not is_date_line(text) and not (
        "/" in text and is_date_line(text.rsplit("/", 1)[0]))
