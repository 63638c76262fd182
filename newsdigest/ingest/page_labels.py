"""The labels news sites print around an article, in the languages besides English that news is most read in.

`rules.SECTION_HEADERS` holds the English headers ("Most Popular", "Related Articles", "Comments") and
`rules.NOISE` the English "Read more: ..." lines. A page in German, Korean or Indonesian prints the same
things in its own words ("Meistgelesen", "관련기사", "Baca juga: ..."), and a rule written for English alone
leaves them for the line model to guess. The headers and the links are kept apart because they mean different
things:

- `OTHER_STORIES_HEADERS`: a line that heads a block of other stories or of readers' comments, printed alone.
  What follows it is not the article (the same role as the English headers).
- `READ_ALSO`: a link to another story inside or under the article ("Lesen Sie auch: ...", "Читайте также").
  Such a line is never article text, but the article may go on after it, so it does not end anything.

And `TAG_LABELS`, the labels of a line of tags ("Schlagworte: ...", "Etiquetas: ..."), for `rules.TAGS_LINE`;
`SECTION_WORDS`, the words of a site's menu links (its sections and pages), for menus and breadcrumbs.

Only labels that news sites print for these blocks and that an article's own subheading would hardly be. (Ad
labels such as "Anzeige" and share buttons in those languages were tried as well: on the train pages they changed
three pages' lines, one for the better, so they were left out; the ad labels again as noise lines, "Anzeige",
"Publicité", "Reklama", "広告" and others: the same three pages, net -0.0001, left out again; `page_furniture`
takes them out of the chosen text instead, after the model.)
"""

from __future__ import annotations

import re

# A block of other stories, or of comments, by its header (the whole line; case and a final colon ignored).
OTHER_STORIES_HEADERS = re.compile(r"""^(?:
    # German
    meistgelesen(?:e(?:\s+artikel)?)? | meist\s+gelesen | am\s+meisten\s+gelesen | beliebteste\s+artikel
  | weitere\s+artikel(?:\s+zum\s+thema)? | das\s+k[öo]nnte\s+sie\s+auch\s+interessieren
  | kommentare | leserkommentare
    # French
  | (?:les\s+|articles\s+les\s+)?plus\s+lus | les\s+plus\s+partag[ée]s | sur\s+le\s+m[êe]me\s+sujet
  | dans\s+la\s+m[êe]me\s+rubrique | commentaires | [àa]\s+lire\s+(?:aussi|[ée]galement)\s+sur\s+le\s+m[êe]me\s+sujet
    # Spanish, Portuguese, Italian
  | lo\s+m[áa]s\s+(?:le[íi]do|visto) | (?:las\s+|los\s+)?m[áa]s\s+le[íi]d[oa]s | noticias\s+relacionadas
  | art[íi]culos\s+relacionados | comentarios | mais\s+lid[ao]s | not[íi]cias\s+relacionadas
  | mat[ée]rias\s+relacionadas | coment[áa]rios | (?:i\s+)?pi[ùu]\s+lett[ie] | articoli\s+correlati
  | commenti
    # Dutch, Swedish, Norwegian, Danish, Finnish
  | meest\s+gelezen | gerelateerde\s+artikelen | reacties | mest\s+l[äa]sta | relaterade\s+artiklar
  | mest\s+lest | relaterte\s+(?:saker|artikler) | mest\s+l[æa]ste | relaterede\s+artikler | luetuimmat
  | kommentarer | kommentit
    # Polish, Czech, Russian, Ukrainian, Turkish, Indonesian
  | najcz[ęe][śs]ciej\s+czytane | powi[ąa]zane\s+artyku[łl]y | komentarze | nej[čc]ten[ěe]j[šs][íi]
  | souvisej[íi]c[íi]\s+[čc]l[áa]nky | koment[áa][řr]e | самое\s+(?:читаемое|популярное) | популярное
  | новости\s+по\s+теме | материалы\s+по\s+теме | похожие\s+(?:новости|материалы|статьи) | комментарии
  | найпопулярніше | коментарі | en\s+[çc]ok\s+okunan(?:lar)? | ilgili\s+haberler | yorumlar
  | terpopuler | berita\s+terkait | artikel\s+terkait | berita\s+lainnya | komentar
    # Korean, Japanese, Chinese
  | 관련\s?기사 | 관련\s?뉴스 | (?:가장\s)?많이\s?본\s?뉴스 | 인기\s?기사 | 댓글
  | 関連記事 | 関連ニュース | アクセスランキング | 人気記事 | おすすめ(?:記事|情報|ニュース) | コメント
  | 相[关關]新[闻聞] | 相[关關][阅閱][读讀] | 延伸[阅閱][读讀] | 推[荐薦][阅閱][读讀] | 热门新闻 | 熱門新聞 | 评论 | 評論
    # Arabic
  | (?:أخبار|مواضيع|مقالات)\s+ذات\s+صلة | الأكثر\s+قراءة | التعليقات
)[\s:：.!…]*$""", re.IGNORECASE | re.VERBOSE)

# A link to another story, by the label in front of it ("Lesen Sie auch: Title", "Baca juga: Title", or run into
# the link's capital: "À lire aussi La natalité ..."), or the label alone on its line above the link.
READ_ALSO = re.compile(r"""^(?:
    lesen\s+sie\s+(?:auch|mehr|hier) | auch\s+(?:lesenswert|interessant) | mehr\s+(?:dazu|zum\s+thema)
  | passend\s+zum\s+thema
  | (?:[àa]\s+)?lire\s+(?:aussi|[ée]galement|la\s+suite) | voir\s+aussi | [àa]\s+voir\s+aussi
  | (?:lea|lee|leer)\s+(?:tambi[ée]n|adem[áa]s|m[áa]s) | (?:te|le)\s+puede\s+interesar | ver\s+tambi[ée]n
  | leia\s+(?:tamb[ée]m|mais) | veja\s+tamb[ée]m | saiba\s+mais | leggi\s+(?:anche|pure) | potrebbe\s+interessarti
  | lees\s+(?:ook|meer|verder) | l[äa]s\s+(?:ocks[åa]|[äa]ven|mer) | les\s+ogs[åa] | l[æa]s\s+(?:ogs[åa]|mere)
  | lue\s+(?:my[öo]s|lis[äa][äa])
  | (?:czytaj|przeczytaj|zobacz)\s+(?:te[żz]|tak[żz]e|r[óo]wnie[żz]|wi[ęe]cej)
  | (?:[čc]t[ěe]te|p[řr]e[čc]t[ěe]te\s+si)\s+(?:tak[ée]|t[ée][žz])
  | читайте\s+(?:также|еще|ещё|також) | смотрите\s+также | дивіться\s+також | по\s+теме
  | ayr[ıi]ca\s+okuyun | (?:baca|simak)\s+(?:juga|selengkapnya)
  | 함께\s?(?:보면\s?좋은|볼만한)\s?(?:기사|뉴스) | あわせて読みたい | 合わせて読みたい | 推荐阅读 | 推薦閱讀
  | اقرأ\s+(?:أيضا|أيضاً)
  | [【\[［]\s*(?:関連記事|関連ニュース|あわせて読みたい|관련\s?기사|相[关關]新[闻聞]|相[关關][阅閱][读讀])\s*[】\]］]
)\s*(?:[:：|»›>\-–—]|$|(?<=[】\]］])|(?-i:(?<=\s)[A-ZÀ-ÖØ-ÞА-ЯЁ"«„“]))""", re.IGNORECASE | re.VERBOSE)


# The label of a line of tags ("Schlagworte: Hafen, Verkehr"), for `rules.TAGS_LINE` beside the English ones.
TAG_LABELS = (r"schlagw[öo]rte?r?|themen|mots[- ]cl[ée]s|etiquetas|temas|argomenti|palavras[- ]chave|trefwoorden"
              r"|taggar|emneord|tagi|теги|метки|etiketler|태그|タグ|関連キーワード|标签|標籤")


def is_other_stories_header(text: str) -> bool:
    """A header over other stories or comments in a language besides English ("Meistgelesen", "관련기사")."""
    return bool(OTHER_STORIES_HEADERS.match(text))


def is_read_also(text: str) -> bool:
    """A "read also" link line, or its label, in a language besides English ("Lesen Sie auch: ...")."""
    return bool(READ_ALSO.match(text))


# A paywall's note to the reader under a paywalled teaser, as `rules.NOISE` reads the English ones ("Already a
# subscriber?", "This article is exclusive to subscribers", "Get unlimited access"): told to the reader, in the second
# person or about "this article", never how a news sentence reports on subscriptions.
PAYWALL_NOTES = re.compile(r"""(?:
    # already a subscriber? (asked: "Le client, déjà abonné depuis 2019, ..." tells)
    (?:\bd[ée]j[àa]\s+abonn[ée]e?|\bya\s+(?:eres|soy)\s+(?:suscriptor|suscriptora|socio|socia|abonado|abonada)
     |\bgi[àa]\s+abbonat[oa]|\bj[áa]\s+(?:[ée]|sou)\s+assinante|\b(?:bereits|schon)\s+abonnent(?:in)?|\bal\s+abonnee
     |\bmasz\s+ju[żz]\s+(?:subskrypcj[eę]|prenumerat[eę]|abonament))\s*[?？]
    # this article is for subscribers only
  | \b(?:cet|cette|ce)\s+(?:article|contenu|enqu[êe]te|reportage)\s+est\s+r[ée]serv[ée]e?\s+aux\s+abonn[ée]s\b
  | \b(?:este|el)\s+(?:contenido|art[íi]culo)\s+es\s+(?:exclusivo|s[óo]lo|solo)\s+para\s+
      (?:suscriptores|socios|abonados)\b
  | \b(?:questo|l')\s*(?:articolo|contenuto)\s+[èe]\s+riservato\s+(?:agli|ai)\s+abbonati\b
  | \b(?:este|o)\s+(?:conte[úu]do|artigo)\s+[ée]\s+exclusivo\s+para\s+assinantes\b
  | \bdieser\s+(?:artikel|inhalt|beitrag)\s+ist\s+(?:nur\s+|exklusiv\s+)?f[üu]r\s+abonnent(?:en|innen)\b
  | \bdit\s+(?:artikel|stuk)\s+is\s+(?:alleen\s+)?(?:voor|beschikbaar\s+voor)\s+abonnees\b
    # the pitch: all articles, without limit; "subscribe" opening a line that names a price or no limit
  | ^\W{0,2}(?:abonnez-vous|suscr[ií]bete|abb[oó]nati|assine|abonnieren\s+sie|abonneer|zasubskrybuj)\b.{0,120}?
      (?:€|\$|£|\bzł|illimit|ilimitad|sin\s+l[íi]mites|unbegrenzt|onbeperkt)
  | \bacc[ée]dez\s+[àa]\s+tous\s+nos\s+(?:articles|contenus)\b | \baccede\s+a\s+todas?\s+(?:las|los|nuestr[ao]s)\s+
      (?:noticias|contenidos|art[íi]culos)\b | \baccedi\s+a\s+tutti\s+(?:gli|i)\s+(?:articoli|contenuti)\b
  | \bacesso\s+ilimitado\s+a\s+(?:todo|todos|todas)\b
)""", re.IGNORECASE | re.VERBOSE)
_PAYWALL_WORDS = ("abonn", "suscr", "socio", "socia", "abbonat", "assinante", "prenumerat", "subskrypcj", "abonament",
                  "accédez", "accedez", "accede", "accedi", "acesso", "assine", "subskryb")

# An outlet's invitation to follow it on a messenger's channel, told to the reader: "Follow our Telegram channel",
# "Подписывайтесь на наш Telegram-канал", "Únete a nuestro canal de WhatsApp" (English here too: `rules.NOISE`'s
# "Follow X on Twitter" names the platform last).
CHANNEL_PROMOS = re.compile(r"""(?:
    \b(?:follow|join|subscribe\s+to)\s+(?:us\s+on\s+|our\s+)(?:telegram|whatsapp|viber|signal)\b
  | \bподпис(?:ывайтесь|аться|ывайся)\s+на\s+(?:наш\s+)?(?:telegram|телеграм|whatsapp|канал)
  | \b(?:folgen\s+sie\s+uns\s+auf|abonnieren\s+sie\s+unseren)\s+(?:telegram|whatsapp)
  | \brejoignez[\s-]+(?:notre\s+(?:cha[îi]ne|canal)|nous\s+sur)\s+(?:telegram|whatsapp)
  | \b(?:[úu]nete\s+a\s+nuestro\s+canal|s[íi]guenos\s+en)\s+(?:de\s+)?(?:telegram|whatsapp)
  | \b(?:siga(?:-nos)?|entre)\s+(?:no\s+|(?:o\s+|no\s+)?nosso\s+canal\s+(?:no|do)\s+)(?:telegram|whatsapp)
  | \bgabung(?:lah)?\s+(?:ke\s+|di\s+)?(?:saluran|channel|grup)\s+(?:whatsapp|telegram)
)""", re.IGNORECASE | re.VERBOSE)
_MESSENGERS = ("telegram", "телеграм", "whatsapp", "viber", "signal", "канал")
NOTE_WORDS = 25         # a paywall's note or a channel's invitation is a line of this many words at most
NOTE_START = 2          # ... and says so from its start (an opening "¿" or "«" aside) ...
SHORT_NOTE_WORDS = 12   # ... unless it is this short: a note's phrase after its button's text ("Je m'abonne Déjà ...")


def is_reader_pitch(text: str) -> bool:
    """A paywall's note to the reader in a language besides English ("Déjà abonné ? Se connecter"), or an invitation
    to follow the outlet on a messenger's channel in any language: a line that opens with one (or a short line that
    holds a paywall's), never a news sentence that tells of subscribers or channels."""
    folded, words = text.casefold(), len(text.split())
    if words > NOTE_WORDS:
        return False
    if any(word in folded for word in _PAYWALL_WORDS) and (found := PAYWALL_NOTES.search(text)) \
            and (found.start() <= NOTE_START or words <= SHORT_NOTE_WORDS):
        return True
    return any(word in folded for word in _MESSENGERS) and bool((found := CHANNEL_PROMOS.search(text))) \
        and found.start() <= NOTE_START


# What a site's menu links say: its sections and pages, in the languages news is most read in.
SECTION_WORDS = frozenset('''
home news latest top stories story just in world national local international business economy money markets
finance sport sports entertainment weather opinion opinions blogs blog video videos photos photo gallery galleries
politics tech technology science health lifestyle life style travel culture arts art music movies film tv
television books food fashion cars autos motoring property jobs education environment media columnists comment
features obituaries obits podcasts podcast live more topics sections games puzzles crosswords horoscopes
celebrity celebrities royals shopping deals reviews newsletters subscribe login e-paper epaper archive
nachrichten politik wirtschaft kultur panorama meinung wissen reise leben digital regional startseite
actualités actualites économie culture société sports monde accueil noticias política economía deportes
cultura sociedad portada internacional notizie politica economia cultura spettacoli esteri cronaca
football soccer cricket rugby tennis golf baseball basketball hockey racing motorsport afl nfl nba mlb nhl
scores scoreboard results fixtures tables standings
'''.split())
