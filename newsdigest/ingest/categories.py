"""The section an outlet files an article under (its `category`), kept only where it is one.

What a page prints next to its headline is often no section at all: a share button ("Tumblr", "Artikel teilen",
"Facebookでシェアする"), the writer's name, "Caption", "Supported by". Pages show the category ("Section: Tumblr at
The Ottawa Citizen") and the build files articles under it when no topic rules are set, so a wrong one is worse
than none. Measured on the development corpus's train pages whose metadata declares their section
(`python -m evaluation.categories`), where the label stands says most: a section label stands above the
headline; between the headline and the article stand the byline, the date and the share buttons, and a label
found there was the section on 2 of 48 such pages. The page's address is the other witness: a label that is one of
its path's parts ("Politics" in /politics/...) was the section on 44 of 46 pages wherever it stood.

So a label from below the headline counts only when the address names it, a share button or the author's name
never counts, and every category, whatever its origin (metadata, a scraper's record), is reduced to one short
name: the first of a list, a slug's words ("general-news" -> "General news"), a breadcrumb's root dropped.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

from newsdigest.ingest.outlet_names import compact
from newsdigest.ingest.page_labels import SECTION_WORDS
from newsdigest.ingest.rules import SHARE_WORDS, is_noise, is_section_header

MAX_WORDS = 4            # "Economy & Business", "Culture Lifestyle": a section's name is short
MAX_CHARS = 40

# Share and account buttons in the languages news is most read in (English ones are in rules.NOISE/SHARE_WORDS).
_BUTTON = re.compile(r"""(?:
    \b(?:teilen|partager|compartir|condividi|compartilhar|delen|dela|jaa|udost[eę]pnij|sd[ií]let|поделиться
       |paylaş|bagikan|anmelden|einloggen|abonnieren|abo|registrieren|suscr[ií]bete|suscribirse|s'abonner
       |abonnez-vous|connexion|iscriviti|accedi|assine|entrar|inloggen|logga\s+in|login|logout|подписаться|войти)\b
  | シェア | 공유 | 分享 | ログイン | 로그인 | 登录
)""", re.IGNORECASE | re.VERBOSE)
# A share service's name inside a label in another script ("Facebookでシェアする", "X（旧Twitter）").
_SERVICE = re.compile(r"facebook|twitter|linkedin|whatsapp|telegram|pinterest|reddit|tumblr|flipboard|bluesky|"
                      r"instagram|youtube|tiktok|threads|mastodon", re.IGNORECASE)
# The root of a breadcrumb run into the section ("HomeWorld News", "StartseitePolitik", "Startseite Leben").
# ("Home News" stays: British papers' section for news at home.)
_BREADCRUMB_ROOT = re.compile(r"^(?:(?:Home|Startseite|Inicio|Accueil)(?=[A-ZÀ-Þ])|(?:Startseite|Inicio|Accueil)\s+)")
# Where one step of a breadcrumb run into the next begins ("NewsWorld", "Superbike WSBKNews"): a capital after a
# small letter, or a capital and a small letter after capitals.
_GLUED_STEP = re.compile(r"(?<=[a-zß-ÿ])(?=[A-ZÀ-Þ])|(?<=[A-ZÀ-Þ])(?=[A-ZÀ-Þ][a-zß-ÿ])")
_SHARE_ONLY = SHARE_WORDS - {"comment", "comments"}     # "Comment": British papers' opinion section
_LIST_SEPARATOR = re.compile(r"\s*[,;|]\s*")
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)+$")
_UI_MARK = re.compile(r"[<>›»/\\:–—-]\s*$|^\s*[<‹«]")
# The site's own pages and a sponsor's line, which menus and page tops print as labels too ("Supported by").
_SITE_CHROME = re.compile(r"^(?:about(?:\s+us)?|contact(?:\s+us)?|faq|help|advertise|ad\s*choices|sitemaps?|imprint"
                          r"|privacy|terms|careers|jobs|store|shop|newsletters?|articles|archives?|contents?|search"
                          r"|home\s*page|startseite|accueil|inicio|portada|forside|etusivu"
                          # links and buttons of the page itself: "Back to Gallery", "Afficher plus", "Inhalt"
                          r"|web\s+share|back\s+to\b.*|(?:show|see|view)\s+(?:more|all)|afficher\s+plus|voir\s+plus"
                          r"|mehr\s+(?:anzeigen|laden)|alle\s+anzeigen|inhalt|inhaltsverzeichnis|volver\b.*"
                          r"|ver\s+m[áa]s|zur[üu]ck\b.*|retour\b.*|torna\s+a\b.*|kleinanzeigen|classifieds"
                          # a gallery's buttons, an ad's label, a language switcher's names
                          r"|caption|close|expand|collapse|full\s*screen|anzeige|werbung|annons|publicit[ée]|publicidad"
                          # a video player's and a reader's controls
                          r"|skip\s+ad|autoplay|resize\s+text|text\s+size|print(?:\s+article)?|(?:watch|listen)\s+live"
                          r"|pubblicit[àa]|reklama|iklan|english|deutsch|fran[çc]ais|espa[ñn]ol|italiano|portugu[êe]s"
                          r"|nederlands|italian|german|french|spanish|portuguese|dutch|русский|中文|日本語|한국어"
                          # a search box's button, alone ("Поиск пропавших", a search party, is a section)
                          r"|suche(?:\s+[öo]ffnen)?|поиск|szukaj)$"
                          r"|\b(?:supported|sponsored|presented|powered|brought\s+to\s+you)\s+by$", re.IGNORECASE)


def section_name(value: str) -> str:
    """One section's name from what a page or record gives as its category: the first of a list
    ("general-news,trials,..."), a slug's words, a breadcrumb's root dropped; '' if it is too long to be one."""
    value = "".join(c for c in value if unicodedata.category(c) != "Cf")   # bidi marks, zero-width spaces
    value = re.split(r"\s[>›»]\s", value)[-1]                              # "News > World": the last step
    first = next((part for part in _LIST_SEPARATOR.split(value.strip()) if part and part.casefold() not in _ROOT_NAMES),
                 "")   # ("Home | World": the home page is no section, the step after it is)
    if _SLUG.match(first):
        words = list(dict.fromkeys(re.split(r"[-_]", first)))     # "business-business" -> "business"
        first = " ".join(words).capitalize()
    name = _BREADCRUMB_ROOT.sub("", " ".join(first.split()), count=1).strip() or first
    name = last_glued_step(name)
    if (not name or len(name) > MAX_CHARS or len(name.split()) > MAX_WORDS or _UI_MARK.search(name)
            or not any(c.isalpha() for c in name) or name.casefold() in _ROOT_NAMES or _SITE_ADDRESS.match(name)):
        return ""
    return name


# A site's home page named as a category (a breadcrumb's first step, a record's "category": "Home"): no section.
_ROOT_NAMES = frozenset("home homepage start startseite accueil inicio portada início главная 首页 ホーム 홈"
                        .split()) | {"home page", "front page", "página inicial"} | {
    # a blog platform's category for posts given none, in the languages it ships them in
    "uncategorized", "uncategorised", "sin categoría", "non classé", "senza categoria", "sem categoria",
    "nicht kategorisiert", "geen categorie", "okategoriserade", "ukategorisert", "bez kategorii",
    "без рубрики"}
# The site's own address as a category ("gizmodo.com", "www.lbc.co.uk"), not a name such as "Node.js"
_SITE_ADDRESS = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|info|news|co|de|uk|fr|es|it|nl|be"
                           r"|ch|at|ru|jp|cn|kr|in|au|ca|br|mx|pl|se|no|dk|fi|tv|us|ie|nz|za|pt|gr|tr|cz|hu|ro|sk|ar|cl"
                           r"|id|my|sg|ph)$", re.IGNORECASE)


def last_glued_step(name: str) -> str:
    """The last step of a breadcrumb that a browser's text runs together ("NewsWorld" -> "World", "Superbike
    WSBKNews" -> "News"): when that step is a section's usual name, and so is the first or the first has words
    of its own; else `name` (a name such as "TechCrunch", "SportsCenter" or "YouTube")."""
    steps = [step.strip() for step in _GLUED_STEP.split(name)]
    if len(steps) > 1 and steps[-1].casefold() in SECTION_WORDS and (
            steps[0].casefold() in SECTION_WORDS or " " in steps[0]):
        return steps[-1]
    return name


def named_in_address(label: str, url: str) -> bool:
    """Whether the page's address has `label` as one of its path's parts ("/world/politics/..." names "Politics",
    "/sport-news/" names "Sport News", "/economie/" names "Économie")."""
    name = compact(label)
    if not name or not url:
        return False
    try:
        path = unquote(urlsplit(url).path)
    except ValueError:
        return False
    return any(compact(part.rsplit(".", 1)[0]) == name for part in path.split("/") if part)


def is_button(label: str) -> bool:
    """A share, print or account button, a share service's name, a link to the site's own pages, or the header of
    other stories."""
    words = re.findall(r"[^\W_]+", label.casefold())
    return (bool(words) and all(word in _SHARE_ONLY for word in words)) or bool(_BUTTON.search(label)) or bool(
        _SERVICE.search(label) and not label.isascii()) or is_noise(label) or is_section_header(label) or bool(
        _SITE_CHROME.search(label.strip()))


def category_or_none(label: str, *, url: str = "", title: str = "", author: str = "", source: str = "",
                     below_headline: bool = False) -> str:
    """`label` as a section's name (`section_name`), or '' where it is no section: a button, the headline, the
    outlet or an author, or a label from between the headline and the article that the page's address does not
    name (see the module's docstring)."""
    name = section_name(label)
    if not name or is_button(name):
        return ""
    folded = name.casefold()
    others = [title, source, *author.split(";")]
    if any(folded == other.strip().casefold() for other in others if other.strip()):
        return ""
    if below_headline and not named_in_address(name, url):
        return ""
    return name
