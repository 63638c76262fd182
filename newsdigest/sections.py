"""Sections from the sources' own categories, for sites whose config has no topic rules.

Each article goes to the section its source filed it under (`category` in the front matter, else a section
name in its URL's path), mapped onto a fixed set of sections readers know (`SECTIONS`) through a table of
section names in several languages (`SECTION_NAMES`); see `section_for`.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

from newsdigest.config import TopicRule
from newsdigest.scripts import UNSPACED_LETTER

# The sections an article can land in without rules, in the order a site lists them: the sections most
# news sites and aggregators share, so a reader recognises them whichever outlet the article came from.
SECTIONS: tuple[TopicRule, ...] = (
    TopicRule("politics", "Politics", "Government, elections, parliaments, defense and security."),
    TopicRule("world", "World", "International news, diplomacy and foreign affairs."),
    TopicRule("national", "National & Local", "Society, regions, cities, education, crime and the courts."),
    TopicRule("business", "Business", "The economy, markets, companies, trade and money."),
    TopicRule("tech", "Tech", "Technology, the internet, gadgets and AI."),
    TopicRule("science", "Science", "Science, space, the environment and climate."),
    TopicRule("health", "Health", "Health, medicine and well-being."),
    TopicRule("sports", "Sports", "Sports and games."),
    TopicRule("culture", "Culture & Entertainment", "Arts, music, film, television, books and celebrities."),
    TopicRule("lifestyle", "Lifestyle", "Travel, food, fashion, homes and family."),
    TopicRule("opinion", "Opinion", "Editorials, columns, commentary and letters."),
)

# Section names as outlets print them (category labels, breadcrumbs, URL path segments), normalised by
# `_section_key` (case-folded, '&'/'and' and punctuation removed), mapped to a slug of `SECTIONS`.
# A name that is ambiguous on its own ("news", "top stories", "features", "us") is left out on purpose:
# it falls through to the next part of a breadcrumb, to the URL, or to the fallback topic.
_SECTION_WORDS = {
    "politics": """
        politics political government govt elections election policy parliament congress defense defence
        military security north korea n korea nk inter korean unification politik politique política politica
        politiek polityka 政治 정치 국방 북한 통일 국회 政治 政界
        политика siyaset politikk politiikka landespolitik bundespolitik innenpolitik aussenpolitik
        kommunalpolitik europapolitik weltpolitik""",
    "world": """
        world international global foreign foreign affairs diplomacy world news countries overseas abroad
        asia europe americas africa middle east asia pacific latin america welt ausland monde internacional
        mundo mondo esteri buitenland wereld świat 국제 세계 외교 해외 国际 國際 国際 海外 世界 外交
        dünya utrikes utenriks udland ulkomaat latinoamérica latinoamerica""",
    "national": """
        nation national local metro society domestic regional regions community city cities education
        crime law justice courts weather inland gesellschaft regionales société sociedad sociedade
        società cronaca binnenland 사회 전국 지역 교육 사건사고 날씨 社会 社會 国内 地方 panorama vermischtes
        lokales lokal nacional nacionales sucesos tribunales justicia justiz bildung educación wetter""",
    "business": """
        business economy economic economics finance financial markets market money industry industries
        companies company corporate trade banking real estate property autos auto energy jobs biz econ
        wirtschaft finanzen unternehmen économie economie finances economía negocios mercados economia
        finanças negócios economia finanza affari economie financiën 경제 산업 금융 증권 부동산 기업 재계
        마켓 경제일반 经济 經濟 财经 財經 経済 ビジネス 商业 产业
        金融 股市 экономика бизнес ekonomi økonomi talous gospodarka empresas immobilien""",
    "tech": """
        tech technology technologies sci tech scitech science technology it digital internet gadgets ai
        artificial intelligence cyber computing innovation startups technik digitales technologie
        tecnología tecnologia technologie it 과학 it과학 테크 기술 it 科技 テクノロジー 数码
        технологии teknoloji teknologi tekniikka""",
    "science": """
        science sciences environment climate space science environment wissenschaft umwelt klima
        sciences ciencia ciência scienza scienze wetenschap nauka 과학 환경 기후 科学 科學 環境
        wissen наука bilim vitenskap vetenskap videnskab tiede medio ambiente""",
    "health": """
        health medicine medical wellness healthcare coronavirus covid well being gesundheit santé salud
        saúde salute gezondheid zdrowie 건강 의료 보건 헬스 健康 医疗 醫療 医療
        здоровье sağlık helse hälsa sundhed terveys""",
    "sports": """
        sport sports football soccer baseball basketball golf tennis olympics cricket rugby nfl nba mlb
        deportes esportes desporto calcio 스포츠 체육 야구 축구 골프 体育 體育 運動 スポーツ
        спорт spor urheilu fussball handball eishockey radsport motorsport wintersport formel 1 bundesliga
        deporte fútbol futbol baloncesto""",
    "culture": """
        culture entertainment arts art music movies movie film films tv television k pop kpop hallyu
        books celebrity celebrities showbiz ent kultur feuilleton unterhaltung cultura entretenimiento
        espectáculos entretenimento spettacoli cultuur 문화 연예 엔터 문화일반 娱乐 娛樂 文化 エンタメ 芸能
        культура kültür kulttuuri cine kino música musik libros bücher literatur literatura teatro theater
        kunst televisión fernsehen medien gente""",
    "lifestyle": """
        lifestyle life living travel food fashion style family leben reise essen vie voyage estilo
        de vida viajes vida 라이프 생활 여행 음식 패션 生活 旅游 ライフ""",
    "opinion": """
        opinion opinions editorial editorials column columns columnists commentary op ed oped letters
        meinung meinungen kommentar kommentare opinión opinião opinione opinie 오피니언 사설 칼럼 시론
        社论 社論 社説 评论 評論
        мнение görüş debatt mielipide columna columnas tribuna kolumne leitartikel""",
}
# Multi-word names of the table above, which a whitespace split would cut apart.
_SECTION_PHRASES = {
    "politics": ["north korea", "n korea", "inter korean"],
    "world": ["foreign affairs", "world news", "middle east", "asia pacific", "latin america"],
    "business": ["real estate"],
    "tech": ["sci tech", "science technology", "artificial intelligence", "it 과학"],
    "science": ["science environment", "medio ambiente"],
    "health": ["well being"],
    "culture": ["k pop"],
    "sports": ["formel 1", "europa league", "champions league", "conference league", "liga nacional",
               "selección nacional", "seleccion nacional"],
    "lifestyle": ["estilo de vida"],
    "opinion": ["op ed"],
}


def _section_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for slug, words in _SECTION_WORDS.items():
        text = f" {' '.join(words.split())} "
        for phrase in _SECTION_PHRASES.get(slug, ()):
            table.setdefault(phrase, slug)
            # A word that is only part of a phrase ("vida" of "estilo de vida") is no section name alone.
            text = text.replace(f" {phrase} ", " ")
        for word in text.split():
            table.setdefault(word, slug)  # the first section a word is listed under wins
    return table


SECTION_NAMES: dict[str, str] = _section_table()
# Names of a catch-all section, which name it only alone: a word of a longer name ("Panorama Internacional", "Lokal
# Wirtschaft") leaves the section to the name's other words.
_WHOLE_NAMES_ONLY = frozenset({"panorama", "lokal", "lokales", "vermischtes"})
_SECTION_SLUGS = {rule.slug for rule in SECTIONS}
_BREADCRUMB = re.compile(r"\s*(?:[/>|»›:;,]|\s-\s|\s–\s)\s*")
_NOT_NAME = re.compile(r"[^\w]+")


def _section_key(name: str) -> str:
    """A section name as the table holds it: 'Sci-Tech' -> 'sci tech', 'Arts & Culture' -> 'arts culture'."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    words = [word for word in _NOT_NAME.sub(" ", folded).replace("_", " ").split() if word != "and"]
    return " ".join(words)


def section_of_name(name: str) -> str:
    """The section slug for one category name, or '' when the name is unknown.

    Tried in turn: the whole name ("Sci-Tech"); each part of a breadcrumb ("News > Politics",
    "Economy/Finance"), first part first, since the top level is the section; then each word of a part
    ("World News", "Business Day"), first word first; then, for names in Korean, Chinese or Japanese,
    written without spaces, a known name the part starts with ("경제일반" -> business).
    """
    whole = _section_key(name)
    if not whole:
        return ""
    if whole in SECTION_NAMES:
        return SECTION_NAMES[whole]
    parts = [key for key in (_section_key(part) for part in _BREADCRUMB.split(name)) if key]
    for part in parts:
        if part in SECTION_NAMES:
            return SECTION_NAMES[part]
    for part in parts:
        for word in part.split():
            if word in SECTION_NAMES and word not in _WHOLE_NAMES_ONLY:
                return SECTION_NAMES[word]
    for part in parts:
        for word in part.split():
            if UNSPACED_LETTER.match(word):  # Korean, Chinese, Japanese: a known name as a prefix
                for size in range(len(word) - 1, 1, -1):
                    slug = SECTION_NAMES.get(word[:size])
                    if slug:
                        return slug
    return ""


def section_of_url(url: str) -> str:
    """The section slug named by a path segment of an article's URL ("/news/politics/2026/..."), or ''.

    Only whole segments count (after '-' and '_' become spaces), so an article slug that merely contains
    a section word ("/world-cup-final-report/") names none; the first segment that is a section wins.
    Segments of one or two characters are language or country codes ("/it/", "/en/"), never sections.
    """
    try:
        path = urlsplit(url).path
    except ValueError:
        return ""
    for segment in unquote(path).split("/"):
        key = _section_key(segment)
        slug = SECTION_NAMES.get(key) if len(key) > 2 else None
        if slug:
            return slug
    return ""


def section_for(category: str = "", url: str = "") -> str:
    """The section (a slug of `SECTIONS`) of an article from its source's category, else its URL; '' if neither
    names a known section."""
    return section_of_name(category) or section_of_url(url)


def section_rule(slug: str) -> TopicRule | None:
    """The TopicRule (slug, title, description) of a section slug, for pages that show its name."""
    return next((rule for rule in SECTIONS if rule.slug == slug), None)
