"""Page furniture: lines a page prints around its article, alone on their line, which are never article text.

- `is_pagination`: the links to an article's or a list's other pages ("Page 1 of 3", "Seite 1 von 2", "Halaman:
  1 2", "1 2 3 Next »"): a word for "page" before its numbers, or a row of numbers with a "next" or "previous"
  link (or arrow). A number alone ("Seite 3") is left: it is also how a text refers to a printed page.
- `is_gallery_counter`: a photo gallery's counter ("1 / 4", "3/22", "Bild 2 von 12", "Photo 3 of 8").
- `is_ad_label`: the label over an ad's slot, alone ("Anzeige", "Publicité", "Reklama", "広告", "विज्ञापन").

They are dropped from the article's text once it is chosen (`text_body.read_body`, and trafilatura's short
paragraphs in `html.markdown_blocks`), not given to the line model as noise: `rules.NOISE` is one of its
features and ends an article's section where it stands, which a gallery's counter or an ad's label between two
paragraphs must not do (the ad labels, tried twice as noise lines, each time changed three train pages' lines
around them, net -0.0001; dropped after the model, they take out only the label).
"""

from __future__ import annotations

import re

# "page" in the languages news is most read in (a whole word; "Pages:" as well)
_PAGE = (r"(?:pages?|seiten?|pagina|p[áa]ginas?|strona|stránka|страница|сторінка|halaman|sayfa|sida|side|sivu"
         r"|oldal|σελίδα|ページ|페이지|页|頁|صفحة)")
# "of" between a number and the count ("1 of 3", "1 von 2", "1 z 3", "1 de 2", "1 / 3")
_OF = r"(?:/|of|von|aus|de|di|sur|z|ze|van|av|af|из|з|dari|\|)"
_NEXT = (r"(?:(?:next(?:\s+page)?|weiter|nächste(?:\s+seite)?|suivante?|siguiente|successiv[ao]|pr[óo]xim[ao]"
         r"|volgende|nästa|neste|næste|dalej|następna|далее|следующая|sonraki|selanjutnya|berikutnya|次へ|다음"
         r"|下一页|下一頁|التالي)(?:\s*[»›→>]+)?|[»›→>]+)")
_PREVIOUS = (r"(?:(?:[«‹←<]+\s*)?(?:prev(?:ious)?(?:\s+page)?|zurück|vorherige(?:\s+seite)?|précédente?|anterior"
             r"|precedente|vorige|föregående|forrige|poprzednia|назад|предыдущая|önceki|sebelumnya|前へ|이전"
             r"|上一页|上一頁|السابق)|[«‹←<]+)")
_NUMBERS = r"(?:\d{1,3}(?:\s*[|,·•]\s*|\s+)){1,20}\d{1,3}"           # two page numbers or more
# a page's number, or the dots for those left out, and the space or bar after it (each read one way only: a long
# run of digits, or of numbers between spaces, that could be split in many took seconds to refuse)
_GAP = r"(?:(?:\d{1,3}(?!\d)|…|\.\.\.)(?:\s*[|,·•]\s*|\s*))"
_PAGINATION = re.compile(rf"""^(?:
    {_PAGE}\s*[:.]?\s*(?:\d{{1,3}}\s*{_OF}\s*\d{{1,3}}|{_NUMBERS})(?:\s*{_NEXT})?       # "Page 1 of 3", "Halaman: 1 2"
  | (?:{_PREVIOUS}\s*)?{_GAP}{{2,}}\s*{_NEXT}(?:\s*\W)?                              # "1 2 3 Next »", "« 1 2 … 9 »"
  | {_PREVIOUS}\s*{_GAP}{{2,}}                                                      # "« Previous 1 2 3"
)\s*$""", re.IGNORECASE | re.VERBOSE)


def is_pagination(text: str) -> bool:
    """A line of links to other pages: "Page 1 of 3", "Strona 1 z 3", "Halaman: 1 2", "1 2 3 Next »"."""
    text = text.strip()
    return len(text) <= 120 and any(c.isdigit() for c in text) and bool(_PAGINATION.match(text))


# A picture's number in a gallery, with or without its label: "Bild 2 von 12", "Photo 3 of 8", "1 / 4", "3/22"
_PICTURE = (r"(?:image|photo|picture|pic|slide|bild|foto|fotografia|immagine|imagen|imagem|afbeelding|zdj[ęe]cie"
            r"|фото|снимок|resim|gambar|写真|사진|图片|圖片)")
_COUNTER = re.compile(rf"^(?P<label>{_PICTURE}\s*)?(?P<n>\d{{1,3}})\s*(?:{_OF}\s*)+(?P<of>\d{{1,3}})$", re.IGNORECASE)
_RATING_SCALES = (5, 10, 20, 100)
# Figures alone, a slash between them without spaces, are a rating, a fraction, a date or a name ("16/20", "3/4",
# "9/11"): a counter in figures alone is spaced ("1 / 4") or a picture's label goes with it ("Slide 7/7").
_BARE_FIGURES = re.compile(r"^\d+/\d+$")


def is_gallery_counter(text: str) -> bool:
    """A gallery's counter: its picture's number and how many there are ("Bild 2 von 12", "1 / 4", "3/22"). The
    first number is at most the second (a score "2 / 1", "24/7" stays), a count of 5, 10, 20 or 100 after a number
    other than 1 is a rating ("8/10", "4 / 5"): a gallery's counter starts at 1 as the page is saved; and figures
    with an unspaced slash alone ("16/20", "3/4", "9/11") are a rating, a fraction or a name."""
    found = _COUNTER.match(text.strip())
    if not found or _BARE_FIGURES.match(text.strip()):
        return False
    number, count = int(found["n"]), int(found["of"])
    if not 1 <= number <= count:
        return False
    return bool(found["label"]) or number == 1 or count not in _RATING_SCALES


# The label over an ad's slot, alone on its line ("Anzeige", "- Anzeige -", "[Werbung]", "PUBLICIDAD")
_AD_LABEL = re.compile(r"""^[\W_]*(?:
    advertisement|advertising|anzeige|werbung|publicit[ée]|publicidad|pubblicit[àa]|publicidade|advertentie
  | annons|annonse|annonce|reklama|reklam|iklan|mainos|hirdetés|реклама|διαφήμιση|פרסומת|إعلان|اعلان|تبلیغات
  | विज्ञापन|โฆษณา|quảng\s+cáo|広告|광고|广告|廣告
)[\W_]*$""", re.IGNORECASE | re.VERBOSE)


# A list item's marker or a heading's colon about the word: an item of a list ("- Advertising", "• Werbung") or a
# heading ("Advertising:"), not an ad's label (decoration on both sides, "- Anzeige -", "[Werbung]", is one).
_LIST_ITEM = re.compile(r"^(?:[-–—*•·‣▪●]|\d{1,2}[.)])\s*\w[^\W\d_]*\s*$|^\w[^\W\d_]*\s*:$")


def is_ad_label(text: str) -> bool:
    """An ad's label alone on its line, in the languages news is most read in ("Anzeige", "Publicité", "広告");
    not a one-word item of a list or a heading ("- Advertising", "Advertising:")."""
    text = text.strip()
    return len(text) <= 40 and bool(_AD_LABEL.match(text)) and not _LIST_ITEM.match(text.replace("\\", ""))


def is_furniture(text: str) -> bool:
    """Page furniture alone on its line (see the module's note)."""
    return is_pagination(text) or is_gallery_counter(text) or is_ad_label(text)
