"""Small rules that classify one line of a plain-text page dump. Each is a pure function, tested alone.

They are read once per line (`lines.read_page`) and are inputs the line model weighs, not verdicts: a section
header such as "Related Articles" inside an article does not end it. Some hold everywhere and are applied as
such: captions go to front matter, share bars and date lines are never headlines, the links right after a
section header are not the article. The lines around the article are read with them for category, source,
author and tags.
"""

from __future__ import annotations

import re
import unicodedata

from newsdigest.ingest.clean import comparable
from newsdigest.ingest.bylines import TRAILING_AUTHOR, is_byline
from newsdigest.ingest.dates import find_dates
from newsdigest.ingest.page_labels import TAG_LABELS, is_other_stories_header, is_read_also, is_reader_pitch
from newsdigest.scripts import combining_marks

# A word: letters and digits, with their combining marks (a Hindi word's vowel signs are no word break; written
# so that text without marks is matched as fast as by letters alone).
_LETTERS = rf"[^\W_]+(?:[{combining_marks()}]+[^\W_]*)*"
_WORD = re.compile(rf"{_LETTERS}(?:[-'’]{_LETTERS})*")

# Section headers that close an article on news sites: what follows them is not the article.
SECTION_HEADERS = re.compile(r"""^(?:
    (?:most\s+(?:popular|read|viewed|shared|commented)(?:\s+(?:articles|stories|news))?)
  | (?:latest(?:\s+(?:news|stories|articles|headlines|updates))?)
  | (?:related(?:\s+(?:articles|stories|news|content|coverage|posts|topics|links))?)
  | (?:(?:more|other)\s+(?:from|in|on|stories|articles|news|headlines|top\s+stories)\b.*)
  | (?:(?:you\s+(?:may|might)\s+(?:also\s+)?like|recommended(?:\s+for\s+you)?|editor'?s\s+picks?|top\s+stories
       |trending(?:\s+now)?|popular(?:\s+(?:now|stories|articles))?|what\s+to\s+read\s+next|read\s+next
       |must\s+reads?|in\s+case\s+you\s+missed\s+it|don'?t\s+miss|further\s+reading|see\s+also)
    )
  | (?:comments?(?:\s*\(\d+\))?|\[?\s*\d+\s+comments?\s*\]?|leave\s+a\s+(?:comment|reply)
     |join\s+(?:the|our)\s+(?:conversation|discussion|commenting\s+forum|comments?)
     |(?:\d+|one)\s+(?:comments?|responses?|repl(?:y|ies)|thoughts?)\s+(?:on|to)\s+["“„«'‘].*
     |no\s+comments\s+yet.*|add\s+a\s+comment|show\s+comments|view\s+comments)
  | (?:download\s+(?:the|our)\s+app.*|get\s+(?:the|our)\s+app.*|get\s+started\s+now.*)
  | (?:check\s+out\s+(?:our|other)\b.*)
  | (?:all\s+news(?:\s+feed)?|news\s+feed|more\s+news|back\s+to\s+top|share\s+this\s+(?:article|story))
  | (?:about\s+(?:us|the\s+author)|contact\s+us|follow\s+us(?:\s+on\b.*)?|newsletter)
  # the label of the article's tags, in some languages ("Tags:", "Etiketler :", "Schlagworte"): only tags follow
  | (?:tags|etiketler|schlagw(?:orte|örter)|stichw(?:orte|örter)|mots[-\s]cl[ée]s|etiquetas|tagi|теги|метки)
)[\s:.!…]*$""", re.IGNORECASE | re.VERBOSE)

# Lines that are never article text wherever they appear.
NOISE = re.compile(r"""(?:
    ^(?:advertisement|advertising|ad|sponsored(?:\s+content)?|promoted|scroll\s+to\s+continue.*|continue\s+reading.*
       |story\s+continues\s+below.*|article\s+continues\s+(?:below|after).*|listen\s+to\s+(?:this|the)\s+article.*
       |(?:read|see)\s+(?:more|also)\b.*|also\s+read\b.*|related\s*:.*|more\s*:.*|watch\s*:.*|share(?:\s+on\b.*)?
       |print|email|copy\s+link|tweet|whatsapp|facebook|twitter|linkedin|x|logo|menu|search|home|skip\s+to\s+content
       |log\s*in|sign\s+in|sign\s+up.*|subscribe.*|register|close|accept(?:\s+all)?(?:\s+cookies)?|reject\s+all
       |manage\s+(?:cookies|preferences|settings)|cookie\s+settings|privacy\s+policy|terms\s+of\s+(?:use|service)
       |(?:see|read|view)\s+our\s+privacy\s+(?:notice|policy)|(?:sponsored|presented|paid\s+for)\s+by
       |in\s+partnership\s+with|[\w.+-]+@[\w-]+(?:\.[\w-]+)+   # (an e-mail address alone: a reporter's sign-off)
       |font\s*size|text\s*size|a\+?|a-|\d+\s+min(?:ute)?s?\s+read|time\s*\d+\s+\w+\s+ago|\d+\s+\w+\s+ago
       # a reading-time label: "3 Min Lesezeit", "Lesedauer: 4 Minuten", "5 min de lecture", "Tempo de leitura: 2 min"
       |\d+\s*min(?:\.|utes?|uten|utos|uti)?\s+(?:lesezeit|lesedauer|de\s+lecture|de\s+lectura|de\s+leitura|di\s+lettura
          |leestijd|lesetid|lästid|læsetid|czytania)
       |(?:lesezeit|lesedauer|temps\s+de\s+lecture|tiempo\s+de\s+lectura|tempo\s+de\s+leitura|tempo\s+di\s+lettura
          |leestijd|lesetid|lästid|læsetid|czas\s+czytania)\s*:?\s*(?:ca\.\s*)?\d+\s*(?:min\S*|minutes?|minuten)
       |photo|video|gallery|audio|photo\s+gallery|(?:image|photo|slide)\s+\d+\s+(?:of|/)\s+\d+|\d+\s+photos|[\W_]*
       # the button that skips an advertisement (the ad labels of other languages alone, "Anzeige", "Publicité",
       # were measured twice as noise and are taken out after the model: see page_furniture)
       |(?:werbung|anzeige)\s+überspringen|skip\s+(?:ad|advertisement)
       # a consent dialog's category, an embed's placeholder: "Necessary Always Enabled", "Externer Inhalt"
       |(?:(?:strictly\s+)?necessary\s+)?always\s+(?:enabled|active)|empfohlener\s+redaktioneller\s+inhalt
       |externer\s+inhalt\b.*|(?:would\s+you\s+like|want)\s+to\s+comment\s+on\s+this\s+(?:article|story)\?
       |get\s+.{0,80}\b(?:in|to)\s+your\s+inbox\b.*
       # the tools beside an article: "View Larger Image", "Printer friendly version", "Email this article to a friend"
       |(?:view|see)\s+(?:larger|full(?:[\s-]?size)?|bigger)\s+(?:image|photo|picture)
       |printer[\s-]friendly(?:\s+(?:page|version))?|(?:e-?mail|send)\s+(?:this\s+)?(?:article|story|page)
        (?:\s+to\s+a\s+friend)?|buy\s+a\s+(?:copy|print)\s+of\s+this\s+(?:picture|photo)
       |log\s*in\s*\|\s*(?:subscribe|register)
       # a calendar's row of days: "30 31 1 2 3 4 5"
       |(?:(?:[12]?\d|3[01])\s+){4,6}(?:[12]?\d|3[01]))
       \s*[:：]?$
  | \bwe\s+use\s+cookies\b | \bcookie\s+(?:policy|settings|consent)\b | \baccept\s+(?:all\s+)?cookies\b
  | \b(?:our|the)\s+(?:(?:daily|weekly|monthly|free|e-?mail|morning|evening)\s+
                     |(?-i:[A-Z])[\w'’-]*\s+){0,4}newsletters?\b
  | \b(?:straight|directly|right|delivered|sent)\s+(?:straight\s+|directly\s+|right\s+)?to\s+your\s+inbox\b
  | \bnews\b.{0,60}\bdelivered\s+(?:via|by)\s+e-?mail\b
  # a sign-up form's boxes to tick: "Contact me with news and offers from other X brands", "Receive email from us
  # on behalf of our trusted partners or sponsors"
  | ^(?:contact|e-?mail)\s+me\s+with\s+(?:news|offers|updates)\b
  | ^receive\s+(?:e-?mails?|news|offers)\s+from\s+us\s+on\s+behalf\s+of\b
  # a button that asks the reader to favour the outlet in Google's results: "Add us as a preferred source on Google"
  | (?:^(?:add|choose|make|set)\s+(?:[\w.'’&-]+\s+){0,4}|\badd\s+us\s+)as\s+(?:a|your)\s+['‘"“]?preferred\s+source\b
  # asked of the reader (a news sentence may tell who can sign up for a scheme or subscribe to a service)
  | (?:^|[.?!:,]\s+)(?:sign\s+up|subscribe)\b | \b(?:sign\s+up|subscribe)\b.{0,60}\b(?:newsletter|briefing|alerts)\b
  | \bsign\s+up\s+(?:for|to)\s+(?:our|free)\b | ^get\s+(?:the|our)\s+app\b
  | \bsubscribe\s+(?:now|today|to\s+(?:our|comment|read|continue|unlock|keep|receive))\b | ^(?:share|follow)\s+(?:this|us)\b
  | \ball\s+rights\s+reserved\b | ^(?:©|\(c\)|copyright\b) | \bfor\s+your\s+personal,?\s+non[-\s]?commercial\s+use\b
  | \bclick\s+(?:here|to\s+(?:sign|subscribe|read|download))\b | \bdownload\s+(?:the|our)\b.*\bapps?\b
  | \b(?:get\s+it|available|download(?:\s+it)?|(?:find|get)\s+us|also)\s+(?:on|from|in|at)\s+(?:the\s+)?(?:app[\s-]?store|google\s+play)\b
  | ^(?:app[\s-]?store|google\s+play)\b  # (where to get an app, not a report about its store: "removed from its App Store")
  | ^follow\s+(?:[\w'’&.@-]+\s+){1,5}on\s+(?:twitter|facebook|instagram|x|linkedin|tiktok|youtube|threads|bluesky)\b
  | \bnewsletter\s+(?:abonnieren|bestellen)\b | \babonnieren\s+sie\b.{0,60}\bnewsletter
  | \b(?:suscr[ií]bete|suscribite|suscr[ií]base|abonnez-vous|inscrivez-vous|iscriviti|inscreva-se|assine
       |zapisz\s+si[eę])\b.{0,60}\bnewsletter
  | \b(?:we|this\s+(?:post|article|page|story|site))\s+(?:may\s+)?(?:receive|earn|get)s?\s+(?:a\s+)?(?:small\s+)?
      (?:compensation|commission)\b
  | \b(?:contains|includes|uses)\s+affiliate\s+links?\b | \bproducts\s+from\s+one\s+or\s+more\s+of\s+our\s+advertisers\b
  | ^(?:become\s+a\s+(?:member|supporter|subscriber|patron)|donate(?:\s+(?:now|today))?|jetzt\s+spenden
       |unterstütze\s+uns|unterstützen\s+sie\s+uns)\W*$
  | \bsupport\s+(?:our|independent|quality|local)\s+(?:[\w-]+\s+){0,2}journalism\b | \bihr\s+beitrag\s+hilft\b
  | \bjede\s+(?:kleine\s+)?spende\s+(?:hilft|zählt)\b
  # the notice over an old article: "This article is more than 2 years old", "Dieser Artikel ist älter als ein Jahr"
  | (?:^|(?<=\d))this\s+(?:article|story|content|page)\s+is\s+(?:more|older)\s+than\s+(?:\w+\s+){1,2}old\W*$
  | ^dieser\s+(?:artikel|beitrag)\s+ist\s+(?:älter\s+als|mehr\s+als|über)\s+(?:\w+\s+)?(?:jahre?|monate?)\b
      (?:\s+alt)?\W*$
  # subscription pitches under a paywalled teaser, told to the reader: "Get unlimited access ... Cancel anytime."
  # (imperatives opening a sentence; "Customers can cancel at any time" or "will get full access" is news)
  | \bla\s+suite\s+est\s+réservée\s+aux\s+abonnés\b | \bil\s+vous\s+reste\s+\d+(?:[.,]\d+)?\s*%\s+de\s+cet\s+article\b
  | (?:^|[.!?]\s+)(?:cancel\s+(?:at\s+)?any\s*time|(?:get|enjoy|unlock)\s+unlimited\s+(?:digital\s+)?access)\b
  | (?:testen|abo\b|abonnement|monat|€).{0,60}\bjederzeit\s+kündbar\b | \bcancela\s+cuando\s+quieras\b
  | \bdisdici\s+quando\s+vuoi\b | \byou\s+have\s+\d+\s+gift\s+(?:articles|links|stories)\b   # "... 10 gift articles"
  | \balready\s+(?:a\s+)?subscriber\b | \b(?:log|sign)\s+in\s+to\s+(?:continue\s+reading|read\s+the\s+full)\b
  | \b(?:this|the)\s+(?:article|story|content)\s+is\s+(?:only\s+)?(?:available|exclusive(?:ly)?)\s+(?:to|for)\s+
      (?:our\s+)?(?:subscribers|members)\b
  | \bunterstütze(?:n\s+sie)?\s+(?:uns|unsere?)\b.{0,80}\b(?:journalismus|berichterstattung)\b
  # Japanese paywall notes: "この記事は会員限定です", "有料会員になると会員限定の有料記事もお読みいただけます", "続きを読むには"
  | この記事は(?:有料)?会員限定 | 有料会員になると | 会員限定の(?:有料)?記事(?:も|を|が) | 続きを(?:読むには|お読みいただくには) | 無料で会員登録 | 会員登録(?:はこちら|が必要|すると)
  # a reprint notice alone on its line (or after its holder: "저작권자 © X"): "無断転載禁止", "무단 전재 및 재배포 금지"
  | ^\W*(?:[^,]{0,30},\s*|(?:저작권자|copyright)?\s*[©ⓒ]\s*[^,©ⓒ]{1,30}?\s+)?
    (?:無断転載(?:・複製)?(?:禁止|を禁(?:じます|止します))|무단\s*전재(?:\W{0,3}(?:및\s*)?재배포)?.{0,40}금지)\W*$
)""", re.IGNORECASE | re.VERBOSE)

SOURCE_LINE = re.compile(r"^(?:source|via|published\s+by)\s*:\s*(?P<name>.+)$", re.IGNORECASE)
TAGS_LINE = re.compile(r"^(?:tags?|topics?|keywords?|filed\s+under|labels?|" + TAG_LABELS + r")\s*[:：]\s*(?P<tags>.+)$",
                       re.IGNORECASE)
BREADCRUMB = re.compile(r"^(?:home|news|start)\s*(?:[>›»/|]\s*[\w&' -]+\s*){1,4}$", re.IGNORECASE)
GLUED_SOURCE_DATE = re.compile(r"^(?P<source>[A-Z][\w&.' -]{1,40}?[a-z.])(?P<date>(?:\d{1,2}[-./]\d{1,2}[-./]\d{4}"
                               r"|\d{4}[-./]\d{1,2}[-./]\d{1,2}))\b")

ENGLISH_STOPWORDS = frozenset("""a an the and or but of to in on at for from with by as is are was were be been has have had
it its this that these those he she they we you his her their our not no will would can could said says than then
who which what when where while after before over about into up out also more most""".split())


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_headline(text: str) -> bool:
    """Shaped like a headline: 3-30 words, no final full stop, starts with a capital, digit or quote.

    A letter of a script without capitals (Arabic, Hebrew, Hangul, Devanagari...) counts as a capital, and the
    quotation marks of every language count (« » „ ‹ 「 『, Spanish ¿ ¡): headlines in those languages start so.
    """
    count = len(words(text))
    stripped = text.strip()
    if not 3 <= count <= 30 or not 12 <= len(stripped) <= 250:
        return False
    if stripped.endswith((".", ",", ";", ":")) and not stripped.endswith("..."):
        return False
    first = stripped[0]
    return (first.isupper() or first.isdigit() or first in "\"'‘“„«»‹›「『¿¡[("
            or first.isalpha() and first.lower() == first.upper())


# A headline run into the text after it with no space: "... Troy SteakhouseA party of six left ...". A teaser
# printed as one link (headline and summary in inline elements) comes out of innerText so; article text is
# written with spaces. Lower-case letters and capitals of the Latin and Cyrillic alphabets.
_LOWER, _UPPER = "a-zß-öø-ÿа-яё", "A-ZÀ-ÖØ-ÞА-ЯЁ"
# Not after ")": "Hong Kong (CNN Business)A muddled view ..." is a dateline glued to the article's first sentence.
_GLUE_POINT = re.compile(rf"(?<=[{_LOWER}]{{2}}[{_LOWER}0-9?!’'\"])(?=[{_UPPER}][{_LOWER}]*\b)")
_GLUED_HEADLINE_CAPITALS = 0.7  # share of the words before the glue that start with a capital (or are not words)


def is_glued_teaser(text: str, stop_words: frozenset[str]) -> bool:
    """A teaser link: a headline of 4-25 words, mostly capitalised, run into a summary of 6+ words that starts
    with a stop word of the page's language ("...Student-AthleteA 24-year-old woman ...").

    Requiring a stop word after the glue keeps brand names written together (WeWork, MacBook, PlayStation) from
    counting, and requiring a capitalised headline before it keeps a sentence with a missing space from counting.
    """
    if len(text) > 600:
        return False
    for glue in _GLUE_POINT.finditer(text):
        head, tail = text[:glue.start()].split(), text[glue.start():].split()
        if len(tail) < 6 or tail[0].casefold() not in stop_words or not 4 <= len(head) <= 25:
            continue
        capitals = sum(1 for word in head if word[:1].isupper() or not word[:1].isalpha())
        if capitals >= _GLUED_HEADLINE_CAPITALS * len(head):
            return True
    return False


COMMENT_COUNT = re.compile(
    r"^(?:\d+\s*)?(?:comments?|kommentare?|commentaires?|comentarios?|comentários|commenti|reacties|kommentarer"
    r"|kommentit|komentarze|komentáře|komentarai|комментари\w*|коментар\w*|yorum(?:lar)?|댓글|コメント|评论|評論)"
    r"\s*(?:\(\s*\d+\s*\)|\d+)?\s*:?$", re.IGNORECASE)


# The header blog and news platforms print above a comment thread: "34 responses to “Title”", "One thought on …".
COMMENT_THREAD = re.compile(
    r"^(?:\d+|one)\s+(?:comments?|responses?|repl(?:y|ies)|thoughts?)\s+(?:on|to)\s+[\"“„«'‘]", re.IGNORECASE)


def is_comment_count(text: str) -> bool:
    """A comments header with its count, in any of the common languages: "Comments (12)", "3 Kommentare",
    "[ 167 comments ]", "34 responses to “Title”"."""
    text = text.strip()
    if COMMENT_THREAD.match(text):
        return True
    if text[:1] in "[(" and text[-1:] in "])":
        text = text[1:-1].strip()
    return len(text) <= 40 and any(c.isdigit() for c in text) and bool(COMMENT_COUNT.match(text))


def is_section_header(text: str) -> bool:
    """A header that starts a non-article section ("Most Popular", "Related Articles", "Comments")."""
    text = text.strip()
    return len(text) <= 60 and (bool(SECTION_HEADERS.match(text)) or is_other_stories_header(text))


# Every part of NOISE that may match after the start of a line holds one of these words. A line without any of
# them can only match at its start, which is far cheaper to try than every position of a long paragraph (the
# rules are read for every line of every page).
_NOISE_ANYWHERE = ("cookie", "newsletter", "inbox", "sign", "subscribe", "rights", "click", "download", "app",
                   "google", "follow", "compensation", "commission", "affiliate", "advertisers", "become", "donate",
                   "spende", "unterstütz", "journalism", "beitrag", "anytime", "any time", "kündbar", "cancela",
                   "disdici", "unlimited", "preferred", "subscriber", "log in", "to members", "for members", "会員",
                   "is more than", "is older than", "dieser", "gift", "commercial", "abonnés", "il vous reste", "delivered")
_POWERED_BY = re.compile(r"(?:^|\|)\s*(?:proudly\s+)?powered\s+by\s+(?:wordpress(?:\.com)?(?:\s+vip)?|tumblr|blogger"
                         r"|ghost|squarespace|wix|substack|drupal|joomla|typepad|jekyll|hugo)\s*[.!]?\s*\|?\s*$", re.I)


# The skip links at the top of a page, for keyboard and screen-reader users ("Skip to main content", "Zum Inhalt
# springen", "Aller au contenu"), alone or several in a row, as innerText runs them together ("Skip to contentSkip
# to site index").
_SKIP_LINK = r"""(?:
    (?:skip|jump)\s+to\s+(?:the\s+)?(?:main\s+|related\s+|right\s+)?
        (?:content|article|navigation|site\s+index|search|footer|menu|section\s+links|rail)
  | (?:direkt\s+)?zu[mr]\s+(?:haupt)?(?:inhalt|seitenfu(?:ß|ss)|menü|navigation|suche)(?:\s+springen)?
  | springe?\s+(?:zum|zur)\s+(?:haupt)?(?:inhalt|navigation|suche)
  | (?:aller|passer)\s+au\s+contenu(?:\s+principal)? | (?:saltar|ir)\s+al\s+contenido(?:\s+principal)?
  | (?:vai|salta)\s+al\s+contenuto(?:\s+principale)? | (?:pular|ir)\s+para\s+o\s+conte[úu]do(?:\s+principal)?
  | (?:ga\s+)?naar\s+(?:de\s+)?(?:hoofd)?inhoud | przejd[źz]\s+do\s+(?:tre[śs]ci|zawarto[śs]ci)
  | перейти\s+к\s+(?:основному\s+)?(?:содержанию|контенту|содержимому)
  | hoppa\s+till\s+(?:huvud)?inneh[åa]llet | g[åa]\s+til\s+(?:hoved)?indhold(?:et)? | hopp\s+til\s+(?:hoved)?innhold(?:et)?
  | siirry\s+sis[äa]lt[öo][öo]n | p[řr]ej[íi]t\s+(?:na|k)\s+obsah(?:u)?
)"""
SKIP_LINKS = re.compile(rf"^(?:{_SKIP_LINK}\w*[\s|:.,]*){{1,4}}(?:accessibility\s+help)?$", re.IGNORECASE | re.VERBOSE)


def is_noise(text: str) -> bool:
    """Ads, share buttons, cookie banners, newsletter and app blurbs, copyright lines, skip links."""
    text = text.strip()
    folded = text.casefold()
    if is_read_also(text) or is_reader_pitch(text):
        return True
    if any(word in folded for word in _NOISE_ANYWHERE):
        return bool(NOISE.search(text))
    # (a blog platform's credit, alone or closing a footer line: "| Minecraft News | Powered by Tumblr |")
    return bool(NOISE.match(text)) or len(text) <= 120 and bool(SKIP_LINKS.match(text) or _POWERED_BY.search(text))


SHARE_WORDS = frozenset("""share shares sharing print email e-mail mail copy link url facebook twitter x linkedin reddit
pinterest whatsapp telegram flipboard messenger bluesky threads xing vk mastodon tumblr pocket line sms comment comments
send save tweet instagram youtube tiktok snapchat weibo wechat on via to this article story
teilen twittern pinnen drucken kopieren partager imprimer copier compartir imprimir copiar condividi stampa
compartilhar delen dela del udostępnij drukuj kopiuj поделиться jaa sdílet paylaş sur auf en su em op på na w""".split())


# A share button's name in Korean, Japanese or Chinese glues the verb to the network's name ("카카오톡에 공유하기",
# "Facebookでシェアする", "分享到微博"), so the buttons are told by their space-separated pieces.
_CJK_SHARE_PIECE = re.compile(r"(?:공유하기|공유|복사하기|シェアする|シェア|ツイートする|ツイート|分享)$|^(?:分享|转发)到")
_CJK_SHARE_SHARE = 0.4           # of a row's pieces, at least, holding a share verb (and two of them)
_SENTENCE_MARK = re.compile(r"[.。!！?？]")


def is_share_bar(text: str) -> bool:
    """A row of share buttons: "Facebook Twitter Email LinkedIn Reddit Pinterest", "Share on X | Copy link",
    "이메일에 공유하기 카카오톡에 공유하기 페이스북에 공유하기 링크 복사하기", "分享到：微信微博QQ空间" (one short piece)."""
    pieces = text.split()
    verbs = 0 if _SENTENCE_MARK.search(text) else sum(1 for piece in pieces if _CJK_SHARE_PIECE.search(piece))
    if (verbs >= 2 or verbs == len(pieces) == 1 and len(text) <= 20) and verbs >= _CJK_SHARE_SHARE * len(pieces):
        return True
    tokens = [w.lower() for w in words(text)]
    return len(tokens) >= 2 and all(w in SHARE_WORDS for w in tokens) and any(
        w in ("facebook", "twitter", "linkedin", "whatsapp", "email", "e-mail", "reddit", "pinterest", "telegram",
              "flipboard", "bluesky", "xing") for w in tokens)


HASHTAGS = re.compile(r"^(?:#[^\s#]+\s*){2,}$")


def is_date_line(text: str) -> bool:
    """A line that is mostly a date ("Wednesday, February 4, 2026", "• 29 January, 2026")."""
    found = find_dates(text)
    if not found:
        return False
    rest = text
    for item in found:
        rest = rest.replace(item.text.strip(), " ")
    rest = re.sub(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|published|updated|posted|on"
                  r"|at|date|last|modified|am|pm|kst|utc|gmt|[a-z]{2,4}t)\b", " ", rest, flags=re.IGNORECASE)
    return len(words(rest)) <= 1


_META_START = re.compile(r"^(?:posted|published|updated|last\s+updated|first\s+published|date|on)\b", re.IGNORECASE)


def is_meta_line(text: str) -> bool:
    """A dateline, byline or the like: "Posted on 12 May 2025 by Tom Reilly", "5 min read", "By Ana Ferreira"."""
    if is_date_line(text) or is_time_line(text) or is_byline(text) or GLUED_SOURCE_DATE.match(text):
        return True
    if BREADCRUMB.match(text) or re.fullmatch(r"\d+\s+min(?:ute)?s?\s+read", text, re.IGNORECASE):
        return True
    return bool(find_dates(text)) and len(words(text)) <= 14 and bool(
        _META_START.match(text) or TRAILING_AUTHOR.search(text))


def is_time_line(text: str) -> bool:
    """A clock time alone on its line: "15:08", "• 3:08 pm", "15:59 Uhr", "15.59 Uhr"."""
    return bool(re.fullmatch(r"[\s•·|-]*[0-2]?\d(?::[0-5]\d(?:\s*[ap]\.?m\.?)?|[:.][0-5]\d\s*uhr)\s*", text,
                             re.IGNORECASE))


def is_foreign(text: str, page_is_english: bool = True) -> bool:
    """On an English page, a line in another script or language (e.g. a translated headline)."""
    if not page_is_english:
        return False
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    non_latin = sum(1 for c in letters if not unicodedata.name(c, "").startswith("LATIN"))
    if non_latin / len(letters) > 0.3:
        return True
    non_ascii = sum(1 for c in letters if ord(c) > 127)
    tokens = [w.lower() for w in words(text)]
    has_english = any(w in ENGLISH_STOPWORDS for w in tokens)
    return non_ascii / len(letters) >= 0.05 and not has_english


ENGLISH_RATIO = 0.12        # a text whose words are at least this share English stop words is English


def english_ratio(text: str) -> float:
    tokens = [w.lower() for w in words(text)]
    return sum(1 for w in tokens if w in ENGLISH_STOPWORDS) / len(tokens) if tokens else 0.0


def is_english(text: str) -> bool:
    """English, going by its share of English stop words (`ENGLISH_RATIO`), and written mostly in Latin letters:
    a Thai or Burmese text runs its words together into a few long tokens, and one English quote in it outvoted
    them (its lines then dropped as "another script")."""
    if english_ratio(text) < ENGLISH_RATIO:
        return False
    letters = len(_LETTER.findall(text))
    return not letters or 2 * len(_LATIN_LETTER.findall(text)) >= letters


_LETTER = re.compile(r"[^\W\d_]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def split_camel(prefix: str) -> str:
    """'NorthKorea' -> 'North Korea'; 'Politics' stays."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", prefix).strip()


def glued_prefix(line: str, headline: str) -> str | None:
    """If `line` is `headline` with a short label glued in front ("PoliticsU.S. ..."), return the label."""
    a, b = comparable(headline), comparable(line)
    if len(b) <= len(a) or not a or not b.endswith(a):
        return None
    # Map the comparable prefix length back onto the original line.
    cut = len(line.rstrip(" .,:;!?\"'’”")) - len(headline.rstrip(" .,:;!?\"'’”"))
    prefix = line[:cut].lstrip()
    if prefix != prefix.rstrip():
        return None         # "The <headline>" is another headline; only a label glued on without a space counts
    if 2 <= len(prefix) <= 30 and re.fullmatch(r"[A-Za-z][A-Za-z &/-]*", prefix) and not prefix.endswith(" "):
        return prefix
    return None


def breadcrumb_category(text: str) -> str:
    """'Home › Business › Energy' -> 'Energy'. Steps joined by bars alone, three or more, are a menu, whose last
    item is no section ("Home | News | Sport | Weather"): breadcrumbs point onward ("Home | World" stays one)."""
    parts = [p.strip() for p in re.split(r"[>›»/|]", text) if p.strip()]
    if len(parts) > 2 and not re.search(r"[>›»/]", text):
        return ""
    return parts[-1] if len(parts) >= 2 else ""


# Buttons a page prints near the headline, which are no section: "Learn more", "See all", "Read more".
_CALL_TO_ACTION = re.compile(r"^(?:learn|read|see|show|view|find\s+out|discover|load|more)(?:\s+(?:more|all|less))?$",
                             re.IGNORECASE)


def is_category_label(text: str) -> bool:
    """A section label near the headline: one to three words, no digits or sentence punctuation, no button."""
    count = len(words(text))
    return (1 <= count <= 3 and len(text) <= 30 and not re.search(r"[\d.,;:!?|•]", text) and text[0].isupper()
            and not _CALL_TO_ACTION.match(text.strip()) and not is_noise(text))
