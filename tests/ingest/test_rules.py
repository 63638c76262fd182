"""Each small rule on its own: cleaning, dates, line classification, tag lines."""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta, timezone

import pytest

from newsdigest.ingest import bylines, captions, rules
from newsdigest.ingest.text_marks import Line
from newsdigest.ingest.text_meta import author_without_by, author_in_lead
from newsdigest.ingest.clean import escape_markdown_start, fix_mojibake, unescape_quotes, clean_lines
from newsdigest.ingest.dates import find_dates, next_weekday
from newsdigest.ingest.zones import parse_zone
from newsdigest.ingest.text import extract_text
from newsdigest.ingest.text_meta import split_tag_line


@pytest.mark.parametrize("broken, fixed", [
    ("donâ€™t", "don’t"), ("cafÃ©", "café"), ("â€œQuoteâ€\ufffd", "“Quote”"), ("naÃ¯ve rÃ©sumÃ©", "naïve résumé"),
    ("plain ASCII stays", "plain ASCII stays"), ("Señor Müller stays", "Señor Müller stays"),
])
def test_fix_mojibake(broken, fixed):
    assert fix_mojibake(broken) == fixed


def test_unescape_quotes_and_indentation():
    assert unescape_quotes(r"Washington\'s policy and \"quotes\"") == "Washington's policy and \"quotes\""
    assert clean_lines("        indented line\n\tTabbed") == ["indented line", "Tabbed"]


@pytest.mark.parametrize("line, cleaned", [
    ("\u0633\u06af\u200c\u0647\u0627", "\u0633\u06af\u200c\u0647\u0627"),   # Persian: the non-joiner is spelling
    ("\u0915\u093f\u200d\u0938\u0940", "\u0915\u093f\u200d\u0938\u0940"),   # Devanagari with a joiner
    ("\U0001F468\u200d\U0001F4BB coder", "\U0001F468\u200d\U0001F4BB coder"),    # an emoji sequence
    ("Zero\u200bwidth \u200cspace\u200d \ufeffgone", "Zerowidth space gone"),
])
def test_zero_width_characters_go_but_joiners_inside_words_stay(line, cleaned):
    assert clean_lines(line) == [cleaned]


@pytest.mark.parametrize("text, escaped", [("# not a heading", "\\# not a heading"), ("- not a list", "\\- not a list"),
                                           ("1. FC Köln wins", "1\\. FC Köln wins"), ("12) not a list", "12\\) not a list"),
                                           ("> not a quote", "\\> not a quote")])
def test_escape_markdown_start(text, escaped):
    from newsdigest.markup import render_markdown

    assert escape_markdown_start(text) == escaped
    assert render_markdown(escaped)[0] == f"<p>{html.escape(text, quote=False)}</p>\n"   # shown as written
    assert escape_markdown_start("Plain text.") == "Plain text."


@pytest.mark.parametrize("text, expected", [
    ("• 29 January, 2026 • 15:08", datetime(2026, 1, 29, 15, 8)),
    ("Korea Herald25-07-2025", date(2025, 7, 25)),
    ("afternoon January 31 2026.1.31 / News1", date(2026, 1, 31)),
    ("Published March 3, 2025 at 9:14 a.m. EST", datetime(2025, 3, 3, 9, 14, tzinfo=timezone(timedelta(hours=-5)))),
    ("14.02.2025 08:30 CET", datetime(2025, 2, 14, 8, 30, tzinfo=timezone(timedelta(hours=1)))),
    ("Updated: 2024-11-08 17:45 +08:00", datetime(2024, 11, 8, 17, 45, tzinfo=timezone(timedelta(hours=8)))),
    ("2025-03-01T10:00:00+09:00", datetime(2025, 3, 1, 10, 0, tzinfo=timezone(timedelta(hours=9)))),
    ("June 2, 2025 — 10:05 a.m. (UTC-5)", datetime(2025, 6, 2, 10, 5, tzinfo=timezone(timedelta(hours=-5)))),
])
def test_find_dates(text, expected):
    assert find_dates(text)[0].value() == expected


def test_invalid_dates_and_zones_are_ignored():
    assert find_dates("31.02.2025 and 2025-13-01") == []
    assert parse_zone("XYZ") is None and parse_zone("GMT+9") == timezone(timedelta(hours=9))


def test_next_weekday_is_on_or_after_the_start():
    assert next_weekday(date(2026, 1, 31), 1) == date(2026, 2, 3)     # Saturday -> Tuesday
    assert next_weekday(date(2025, 10, 30), 3) == date(2025, 10, 30)  # Thursday -> the same day


def test_glued_category_prefix():
    title = "U.S.-South Korea Diplomatic Talks: Can They Resolve Tariff Tensions?"
    assert rules.glued_prefix("Politics" + title, title) == "Politics"
    assert rules.split_camel(rules.glued_prefix("NorthKoreaTHE GREAT Talk 'x' Ends", "THE GREAT Talk ‘x’ Ends")) == "North Korea"
    assert rules.glued_prefix("The " + title, title) is None      # a space: it is a different headline


@pytest.mark.parametrize("text, foreign", [
    ("Cənubi Koreyanın ticarət naziri Vaşinqtona gedib", True),
    ("Министр торговли Южной Кореи прибыл в Вашингтон", True),
    ("ノートPC向け低消費電力AIチップ", True),
    ("South Korea United States Kim Jung-kwan US tariffs", False),
    ("Müller said the café in Zürich would reopen on Monday.", False),
])
def test_foreign_lines(text, foreign):
    assert rules.is_foreign(text) is foreign


@pytest.mark.parametrize("text", ["Most Popular Articles", "Latest News", "Related Articles", "Comments (12)",
                                  "DOWNLOAD THE APP", "Check Out Other Tags:", "You may also like", "Editor's Picks",
                                  # the comments' and the tags' labels, after which only they follow
                                  "Join our commenting forum", "Tags:", "Etiketler :", "Schlagworte"])
def test_section_headers(text):
    assert rules.is_section_header(text)


@pytest.mark.parametrize("text", ["Latest figures show exports rose 11 percent in March.", "Related to that, he said no."])
def test_prose_is_not_a_section_header(text):
    assert not rules.is_section_header(text)


@pytest.mark.parametrize("text", ["Meistgelesen", "Das könnte Sie auch interessieren:", "Les plus lus",
                                  "Noticias relacionadas", "Lo más leído", "Mais lidas", "Articoli correlati",
                                  "Mest lästa", "Najczęściej czytane", "Похожие новости",
                                  "Berita Terkait", "관련기사", "많이 본 뉴스", "関連記事", "相关新闻", "أخبار ذات صلة",
                                  "Kommentare", "Commentaires:"])
def test_section_headers_in_other_languages(text):
    assert rules.is_section_header(text)


@pytest.mark.parametrize("text", [
    "Meistgelesen wurde der Bericht über den Hafen, sagte die Redaktion.",   # prose that starts so
    "Die meistgelesenen Artikel des Jahres handelten vom Wetter.",
    "Kommentare des Ministers sorgten für Unruhe im Parlament.",
    "관련기사에 따르면 정부는 내일 발표한다.",
    "Auch interessant",            # a link to one story inside the article, not the end of it (noise, below)
    "Lesen Sie auch: Der Hafen öffnet wieder",
])
def test_prose_and_in_article_links_are_not_section_headers_in_other_languages(text):
    assert not rules.is_section_header(text)


@pytest.mark.parametrize("text", ["Lesen Sie auch: Der Hafen öffnet wieder", "Auch interessant", "Mehr zum Thema",
                                  "À lire aussi : Le port rouvre", "Lire aussi", "Te puede interesar: El puerto abre",
                                  "Leia também: O porto reabre", "Leggi anche", "Lees ook: De haven gaat open",
                                  "Läs också: Hamnen öppnar", "Les også", "Czytaj także: Port otwarty",
                                  "Читайте также: Порт открылся", "Baca juga: Pelabuhan dibuka kembali",
                                  "あわせて読みたい", "اقرأ أيضا: الميناء يفتح",
                                  "À lire aussi Le port rouvre lundi",       # label and link run together
                                  "Les også Havna åpner igjen",
                                  "【関連記事】港の新しい時刻表が決まる", "【関連記事】", "[관련기사] 항구 운항 재개"])
def test_read_also_links_in_other_languages_are_noise(text):
    assert rules.is_noise(text) and not rules.is_section_header(text)


@pytest.mark.parametrize("text", ["Lesen Sie auch die Erklärung des Ministers, die am Montag erschien.",
                                  "Lire aussi les romans de cet auteur est un plaisir.",
                                  "Baca juga mengatakan bahwa pelabuhan dibuka kembali pada hari Senin."])
def test_prose_that_starts_like_a_read_also_label_is_not_noise(text):
    assert not rules.is_noise(text)


@pytest.mark.parametrize("text", [
    "Cet article est réservé aux abonnés", "Déjà abonné ? Se connecter", "Je m'abonne Déjà abonné ? Se connecter",
    "Abonnez-vous dès 1 € le premier mois et accédez à tous nos articles en illimité.",
    "Este contenido es exclusivo para suscriptores", "¿Ya eres suscriptor? Inicia sesión",
    "Suscríbete por 1 € el primer mes y accede a todas las noticias sin límites.",
    "Questo articolo è riservato agli abbonati", "Sei già abbonato? Accedi", "Já é assinante? Entre",
    "Este conteúdo é exclusivo para assinantes", "Dieser Artikel ist nur für Abonnenten", "Bereits Abonnent? Anmelden",
    "Dit artikel is alleen voor abonnees", "Masz już subskrypcję? Zaloguj się", "Assine por R$ 1,90 no primeiro mês"])
def test_paywall_notes_in_other_languages_are_noise(text):
    """A French or Spanish page's paywall box stayed in the body as a subheading and its lines, where the English,
    German and Portuguese ones went."""
    assert rules.is_noise(text)


@pytest.mark.parametrize("text", [
    "Follow our Telegram channel for the latest news", "Join our WhatsApp channel",
    "Подписывайтесь на наш Telegram-канал, чтобы первыми узнавать главные новости",
    "Únete a nuestro canal de WhatsApp", "Siga-nos no Telegram", "Folgen Sie uns auf WhatsApp",
    "Rejoignez notre chaîne WhatsApp", "seoyeon@hanbitnews.co.kr"])
def test_messenger_channel_promos_and_a_reporters_address_alone_are_noise(text):
    """A Russian page's "subscribe to our Telegram channel" box and a Korean article's closing line, the reporter's
    e-mail address alone, stayed in the body."""
    assert rules.is_noise(text)


@pytest.mark.parametrize("text", [
    "The minister said Telegram channels had spread the rumour before the vote.",
    "Die Polizei warnte vor einem Telegram-Kanal, der gefälschte Tickets verkaufte.",
    "Write to ann@paper.example with your questions about the ferry timetable.",
    # (news that tells of subscribers or channels in the notes' words: the review's)
    "Wer bereits Abonnent ist, zahlt ab März zwei Euro mehr im Monat, teilte der Streamingdienst mit.",
    "Wie al abonnee is, betaalt vanaf maart twee euro meer per maand.",
    "Le client, déjà abonné depuis 2019, a porté plainte.", "«Ya soy socio del club desde niño», dijo el presidente.",
    "Многие жители успели подписаться на канал министерства в Telegram.",
    "Pelaku mengajak korban gabung ke grup WhatsApp palsu.", "A polícia pediu que a vítima entre no WhatsApp do banco.",
    "Rejoignez-nous sur la place de la mairie samedi.",
    "Abonnez-vous à la chaîne officielle, a conseillé la préfecture le mois dernier.",
    "Le journal compte désormais 500 000 abonnés, un record, selon son directeur.",
    "El club ya es socio de la liga europea desde 2019, según el presidente.",
    "Los abonados al servicio de agua pagarán un 5 % más desde enero.",
    "Die Zahl der Abonnenten ist im vergangenen Jahr um zehn Prozent gestiegen."])
def test_news_about_subscribers_is_no_paywall_note(text):
    assert not rules.is_noise(text)


@pytest.mark.parametrize("text", ["Apple removed the ferry game from its App Store on Friday, the company confirmed.",
                                  "Residents can sign up for the new ticket scheme at the harbour office from May.",
                                  "The show is available to rent on Google Play and YouTube.",
                                  "Viewers who subscribe to the service pay less from June.",
                                  "Viewers who subscribe to Netflix pay more from June, the company said."])
def test_news_about_app_stores_or_signing_up_is_not_noise(text):
    # a record's text lost such sentences, and HTML readings their short paragraphs
    assert not rules.is_noise(text)


@pytest.mark.parametrize("text", ["Sign up for our newsletter", "Get it on the App Store", "GET IT ON Google Play",
                                  "Google Play", "Subscribe now", "To keep reading, sign up for free",
                                  "Ground Game: Sign up for AP's weekly politics newsletter to get it every Monday.",
                                  "You can also subscribe to this newsletter here.", "Log in or subscribe to comment.",
                                  "Get the app: App Store | Google Play", "Find us on the App Store",
                                  "Also on Google Play", "Want more? Subscribe to The Ledger for $1 a week.",
                                  "To read the full story, subscribe to The Times.",
                                  "Click to sign up for breaking news alerts",
                                  "You can sign up to The Guardian's morning briefing here"])
def test_app_store_badges_and_sign_up_blurbs_are_noise(text):
    assert rules.is_noise(text)


@pytest.mark.parametrize("text", ["この記事は会員限定です。", "有料会員になると会員限定の有料記事もお読みいただけます。",
                                  "続きを読むには、会員登録が必要です。"])
def test_japanese_paywall_notes_are_noise(text):
    """They closed three of the Japanese train pages' articles, and reached full-text feeds and search."""
    assert rules.is_noise(text)


@pytest.mark.parametrize("text", ["同社は有料会員の数が前年より二割増えたと発表した。", "関連記事の多い町として知られる。"])
def test_japanese_news_about_memberships_is_not_noise(text):
    assert not rules.is_noise(text)


@pytest.mark.parametrize("text, name", [
    ("By Ana Ferreira", "Ana Ferreira"),
    ("Von Nina Muster", "Nina Muster"),
    ("VON PHILIPP MUSTER", "PHILIPP MUSTER"),
    ("Von: Jörg Beispiel", "Jörg Beispiel"),
    ("Von Lena Kurz, Tom Lang und Eva Rau", "Lena Kurz"),
    ("Von Lena Kurz, Redakteurin für Finanzen", "Lena Kurz"),
    ("Von Jan Weiß 28.04.2023, 18:11 Uhr", "Jan Weiß"),
    ("Kommentar von Nicole Beispiel", "Nicole Beispiel"),
    ("Autor: Monika Muster und Anna Probe, Sweidah", "Monika Muster"),
    ("Par Denis Exemple", "Denis Exemple"),
    ("Por María López", "María López"),
    ("Door Jan de Vries", "Jan de Vries"),
    ("Av Kari Nordmann", "Kari Nordmann"),
    ("Автор: Иван Петров", "Иван Петров"),
    ("Oleh Budi Santoso", "Budi Santoso"),
    # "written by" in those languages, Greek "Από", and "Posted by" or a byline behind an icon in English
    ("Escrito por María López", "María López"), ("Scritto da Marco Esempio", "Marco Esempio"),
    ("Geschrieben von Nina Beispiel", "Nina Beispiel"), ("Écrit par Denis Exemple", "Denis Exemple"),
    ("Ditulis oleh Budi Santoso", "Budi Santoso"), ("Από Γιώργος Παπαδόπουλος", "Γιώργος Παπαδόπουλος"),
    ("Posted by Jane Roe", "Jane Roe"), ("👤by Jane Roe", "Jane Roe"),
])
def test_bylines_in_several_languages(text, name):
    assert bylines.byline_name(text) == name and rules.is_meta_line(text)


@pytest.mark.parametrize("text, name", [
    # labels of scripts without capitals: Arabic, Hebrew, Persian, Hindi, Thai
    ("كتب: سامي الحداد", "سامي الحداد"), ("بقلم سامي الحداد", "سامي الحداد"), ("מאת נועה ברק", "נועה ברק"),
    ("نویسنده: مریم احمدی", "مریم احمدی"), ("लेखक: राहुल शर्मा", "राहुल शर्मा"),
    ("ผู้เขียน: สมชาย แก้วมณี", "สมชาย แก้วมณี"), ("מאת נועה ברק, 05.05.2026", "נועה ברק"),
    # the writer's role and desk before the name, and "Reporting by"
    ("Health reporter Tom Adeyemi", "Tom Adeyemi"), ("Senior political correspondent Ann Lee", "Ann Lee"),
    ("Reporting by Sam Oduya", "Sam Oduya"),
])
def test_bylines_without_capitals_or_with_the_writers_role_first(text, name):
    assert bylines.byline_name(text) == name and rules.is_meta_line(text)


@pytest.mark.parametrize("text", [
    "كتب الوزير في تغريدة أن الميناء سيفتح أبوابه يوم الأحد.",     # "wrote" with no colon: prose
    "מאת השנים הקשות האלה למדנו הרבה מאוד על הים.",                 # "from" opening a sentence
    "מאת נועה ברק.", "Health reporter", "The reporter said the harbour would open on Monday.",
])
def test_prose_in_scripts_without_capitals_or_about_a_reporter_is_no_byline(text):
    assert bylines.byline_name(text) == ""


@pytest.mark.parametrize("text, language, name", [
    ("Na Amina Juma", "sw", "Amina Juma"), ("NA AMINA JUMA", "sw", "AMINA JUMA"), ("Na Amina Juma", "", ""),
    ("Na Dolnym Śląsku", "pl", ""),                     # Polish "in Lower Silesia"
    ("de Andreea Popescu", "ro", "Andreea Popescu"), ("de Andreea Popescu", "es", ""),
    ("De Ziua Copiilor", "ro", ""),                      # a Romanian phrase, the label written small
])
def test_a_label_that_is_a_common_word_elsewhere_is_a_byline_on_a_page_in_its_language(text, language, name):
    assert bylines.byline_name(text, language) == name


# Made-up pages: a Swahili byline, and a Thai one inside the only prose the model finds no article in
SWAHILI_PAGE = """Nyumbani
Habari
Michezo
Soko jipya la samaki bandarini lafunguliwa baada ya miezi ya ujenzi
Na Amina Juma
Mei 5, 2026
Halmashauri ya jiji imefungua leo asubuhi soko jipya la samaki katika bandari baada ya miezi mingi ya ujenzi.
Meya wa jiji alisema soko hilo lina vibanda zaidi ya sitini kwa wavuvi na wafanyabiashara, na bei zitabaki nafuu.
Aliongeza kuwa awamu ya pili ya mradi itaanza msimu ujao na itajumuisha maegesho makubwa ya magari.
Wavuvi walisema soko la zamani halikuwatosha kwa miaka mingi na wamekuwa wakisubiri siku hii kwa hamu kubwa.
Shiriki
"""
THAI_PAGE = """หน้าแรก
ข่าว
กีฬา
ตลาดปลาแห่งใหม่ที่ท่าเรือเปิดแล้ว
5 พ.ค. 2569 10:30 น.
เทศบาลเปิดตลาดปลาแห่งใหม่ที่ท่าเรือเมื่อเช้าวันนี้ หลังจากใช้เวลาก่อสร้างท่าเทียบเรือและโกดังนานหลายเดือน
ผู้เขียน: สมชาย แก้วมณี
นายกเทศมนตรีกล่าวว่าตลาดมีแผงขายมากกว่าหกสิบแผงสำหรับชาวประมงและพ่อค้า และราคาสินค้าจะยังคงเป็นมิตรกับชาวบ้าน
ท่านกล่าวเพิ่มเติมว่าโครงการระยะที่สองจะเริ่มในช่วงปลายปี โดยจะมีลานจอดรถขนาดใหญ่และลานสำหรับนักท่องเที่ยว
ชาวประมงบอกว่าตลาดเก่าคับแคบเกินไปมาหลายปีแล้ว และพวกเขารอคอยวันนี้มานาน
แชร์
"""


def test_a_dumps_byline_in_its_languages_words_names_the_author_and_is_no_paragraph():
    assert extract_text(SWAHILI_PAGE).author == "Amina Juma"
    thai = extract_text(THAI_PAGE)
    assert thai.author == "สมชาย แก้วมณี" and not any("ผู้เขียน" in block.text for block in thai.blocks)


@pytest.mark.parametrize("text, name", [
    ("By Erin Vale March 18 at 3:57 PM", "Erin Vale"),          # a date run into the byline ends the name
    ("ByTravis Haney Dec 9, 2016", "Travis Haney"),            # "By" styled apart, run into the name
    ("Bygone days are over", ""), ("Byron Smith said so", ""),    # ... which a word starting with "By" is not
    ("by Sam Reed January 18, 2017 11:00 PM PST", "Sam Reed"),
    ("By Dev Harlow @devharlow", "Dev Harlow"),
    ("By Lee Marsh Follow @leemarsh", "Lee Marsh"),
    ("By Tom May", "Tom May"),                                  # a surname that is a month stays
    ("By Cleo Marsh on Wed, Nov 8, 2023 at 1:02 pm", "Cleo Marsh"),   # what leads into the date goes
    ("By CLEO MARSH ON 11/8/2023", "CLEO MARSH"),
    ("By Ana Ferreira - Associated Press - Friday, April 28, 2023", "Ana Ferreira - Associated Press"),
    ("By Ana On", "Ana On"),                                    # with no date after it, a name's last word stays
    ("Author of the article:", ""),                             # a label: the name is on another line
    ("Posted by the council on Monday, the notice said", ""), ("Από το πρωί της Δευτέρας", ""),
    # a date or a count run into the name's last word, as a page's text runs its spans together
    ("by Dana Whitcombe22 Dec 2016651", "Dana Whitcombe"), ("By Lee Park0, Ana Ferreira & Tom May", "Lee Park"),
    ("by Harbour TimesNovember 21, 202501747", "Harbour Times"),
    ("By Jane McMay 3 March 2024", "Jane McMay"), ("By R2D2 Smith", "R2D2 Smith"),   # ... not a name's own letters
    ("By Hamish MacAugust 12 March 2024", "Hamish MacAugust"), ("By Jane MacMay 3 March 2024", "Jane MacMay"),
])
def test_a_bylines_name_ends_where_the_name_does(text, name):
    assert bylines.byline_name(text) == name


def test_the_author_is_found_below_a_standfirst_the_article_starts_with():
    texts = ["Harbour reopens after a week of repairs",
             "The quay was rebuilt after the winter storms, and the ferries sail again from Monday morning.",
             "Photo: Nordic Wire", "Von Erika Muster, Redakteurin",
             "The first ferry left at six with forty passengers aboard and a band playing on the quay."]
    marked = [Line(i, text, text.casefold()) for i, text in enumerate(texts)]
    keep = [False, True, False, False, True]
    assert author_in_lead(marked, keep, 1, 5) == "Erika Muster"
    assert author_in_lead(marked, [False, True, False, True, True], 1, 5) == ""   # kept as text: no byline
    assert author_in_lead(marked, keep, 1, 3) == ""                                 # past the article's end


@pytest.mark.parametrize("text, name", [
    ("Amanda Krause", "Amanda Krause"), ("CHRIS WILSON-SMITH", "CHRIS WILSON-SMITH"),
    ("Tuva Mathilde Løland", "Tuva Mathilde Løland"), ("Daniel Beispiel Redakteur", "Daniel Beispiel"),
    ("Andrea KleinRedakteurin", "Andrea Klein"), ("Miguel A. Herguedas", "Miguel A. Herguedas"),
    ("Business News", ""), ("CAR REVIEWS", ""), ("The West Courier", ""), ("Related Topics", ""),
    ("Madonna", ""), ("Harbour reopens after a week", ""), ("Route 66 Diner", ""),
])
def test_a_bare_name_is_two_to_four_capitalised_words_that_are_no_section(text, name):
    assert bylines.bare_name(text) == name


@pytest.mark.parametrize("text, language, name", [
    ("Michał Beispiel", "pl", "Michał Beispiel"), ("Anna Kowalska", "pl", "Anna Kowalska"),
    ("James Example", "en", "James Example"), ("Thomas Beispiel", "de", "Thomas Beispiel"),
    ("Jednak Także", "pl", ""), ("Also Then", "en", ""), ("Aber Auch", "de", ""),
])
def test_first_names_in_a_languages_stop_word_list_still_make_a_name(text, language, name):
    # jusText's lists (counted over Wikipedia) hold the commonest first names, capitalised; a function word is
    # written in lower case there
    assert bylines.bare_name(text, language) == name


def test_a_bare_name_is_the_author_only_beside_a_date_line():
    texts = ["Harbour reopens after a week of repairs", "Amanda Krause", "March 4, 2025, 10:05 a.m.",
             "The quay was rebuilt after the winter storms, and the ferries sail again from Monday morning."]
    marked = [Line(i, text, text.casefold()) for i, text in enumerate(texts)]
    keep = [False, False, False, True]
    assert author_without_by(marked, keep, 0, 3, 4, 0, "en") == "Amanda Krause"
    texts[2] = "Photo: Nordic Wire"       # a name beside no date: a kicker or a credit as often as a byline
    marked = [Line(i, text, text.casefold()) for i, text in enumerate(texts)]
    assert author_without_by(marked, keep, 0, 3, 4, 0, "en") == ""


@pytest.mark.parametrize("header, author", [
    (["By", "Sophie Foster"], "Sophie Foster"),                        # the label alone, the name under it
    (["Author:", "Austin Beispiel"], "Austin Beispiel"),
    (["Kommentar von", "Nicole Beispiel", "Redakteurin"], "Nicole Beispiel"),
    (["Jonisayi Maromo|Published 1 day ago"], "Jonisayi Maromo"),      # the name run into its stamp
    (["Aashish Saxena / EXAMPLE.COM / Sep 2, 2024, 17:07 IST"], "Aashish Saxena"),
    (["Kyle Wiggers 7 hours"], "Kyle Wiggers"),
    (["Ben Silverman", "Games Editor"], "Ben Silverman"),                # beside the writer's role
    (["Emma MackenzieLifestyle", "12:43, 20 Apr 2026"], "Emma Mackenzie"),
    (["Dana Beispiel", "Photo: Nordic Wire", "March 4, 2025"], ""),       # over a photo credit: who the photo shows
    (["Geingob's Funeral, National, News | Published: 5 hours ago"], ""),
    (["Tobias Beispiel24.04.2024, 19:35 Uhr"], "Tobias Beispiel"),     # the date run into the name
    (["9. September 2025 um 15:46 Uhr • Frank Muster-Beispiel"], "Frank Muster-Beispiel"),   # the stamp first
    (["Do 25.04.24 | 14:07 Uhr | Von Eva Beispiel"], "Eva Beispiel"),
    (["March 3, 2024 | Los Angeles"], ""),                               # a place after a date is no writer
    (["Dev Harlow, @devharlow"], "Dev Harlow"),                          # beside the writer's handle
    (["Habeeb Beispiel, Published 07/08/2025"], "Habeeb Beispiel"),
    (["John Beispiel – Feb 10, 2025 4:20 pm"], "John Beispiel"),          # a first name the stop words hold
])
def test_an_author_printed_without_by(header, author):
    texts = ["Harbour reopens after a week of repairs", *header,
             "The quay was rebuilt after the winter storms, and the ferries sail again from Monday morning."]
    marked = [Line(i, text, text.casefold()) for i, text in enumerate(texts)]
    marked = [Line(m.index, m.text, m.key, caption=captions.is_caption(m.text)) for m in marked]
    keep = [False] * (len(texts) - 1) + [True]
    assert author_without_by(marked, keep, 0, len(texts) - 1, len(texts), 0, "en") == author


@pytest.mark.parametrize("text", ["Von den 30 Gästen kamen nur 12 zur Eröffnung.", "Par exemple, le port rouvre lundi.",
                                  "Por qué el puerto cerró", "Von dpa", "Av de 30 deltagarna kom 12.",
                                  "Von Ärzten und Pflegern",
                                  "Von Anfang an war klar, dass der Hafen wieder öffnen würde, sagte der Bürgermeister "
                                  "am Montag vor Journalisten in der Stadt.",
                                  "By Sunday, the storm had passed.", "By March, prices had doubled."])
def test_prose_that_starts_like_a_byline_is_none(text):
    assert bylines.byline_name(text) == ""


@pytest.mark.parametrize("text, tags", [
    ("Tags: Harbour, Ferries", "Harbour, Ferries"), ("Schlagworte: Hafen, Verkehr", "Hafen, Verkehr"),
    ("Etiquetas: Puerto, Transporte", "Puerto, Transporte"), ("Теги: порт, паромы", "порт, паромы"),
    ("Etiketler : Liman", "Liman"), ("タグ：港", "港"), ("Labels: FPGA, Tools", "FPGA, Tools"),
    ("Themen der Woche sind der Hafen und die Fähren.", None),
])
def test_tag_lines_in_several_languages(text, tags):
    match = rules.TAGS_LINE.match(text)
    assert (match.group("tags") if match else None) == tags


@pytest.mark.parametrize("text, caption", [
    ("Foreign Minister Cho Hyun, U.S. Secretary of State Marco Rubio / Provided by Ministry of Foreign Affairs", True),
    ("Minister Kim at Incheon airport on January 31 2026.1.31 / News1", True),
    ("Turbines off the coast. Photo: Nordic Wire/K. Berg", True),
    ("A night bus waits at a stop in Jongno. (Seoul Ledger)", True),
    ("June 2, 2025 — 10:05 a.m. (UTC-5)", False),
    ("The minister said the talks would continue next week.", False),
    # a credit in brackets at the end, a line that is only the photographer and agency, "via AP", "(L-R)"
    ("The governor waves to the crowd at the rally (Jane Roe/Getty)", True), ("Jane Roe/Harbourside", True),
    ("Crews clear the road on Monday. Jane Q. Roe via AP", True), ("(L-R) Ana Ferreira, Max Roe and Kim Min-ji", True),
    ("Iran/Israel talks resume", False), ("The talks went on via Zoom", False), ("News/World", False),
    # a date line with its byline or outlet after a slash is no caption
    ("9. September 2025 um 15:46 Uhr / Jane Roe", False), ("November 20, 2019 / 1:07 AM / Harbour News", False),
    # a credit with its agency in brackets, "Image Credits:"
    ("Foto: Jane Roe (Getty)", True), ("Image Credits: Harbour Robotics", True),
    # a credit's name is capitalised: a list item or a sentence ending in lower-case brackets or after a slash is
    # text ("... (pow. kraśnicki)", "... 24 hours / day"); a licence written in lower case is still a credit
    ("Janów Lubelski, 1 listopada 2025 r. (pow. janowski)", False),
    ("The depot is staffed 24 hours / seven days", False),
    ("The shop opens on Sunday. (see the timetable below)", False),
    ("The shop opens on Sunday. (Harbour Ledger)", True),
    # a reporter's initials after the last sentence sign the article; they credit no photo
    ("The coach has a month to prepare, but the lack of local games is a hindrance. (NM)", False),
    ("Sekolah itu berdiri sejak awal tahun ini. (E-2)", False),
    ("The old lighthouse in 1910 /domena publiczna", True), ("The old lighthouse in 1910 / public domain", True),
    # "courtesy of" credits a photo at the start, after "Photo" or in brackets, or in a short line; in prose it is
    # a turn of phrase ("a draw that arrived courtesy of the weather" was a lead paragraph dropped as a caption)
    ("Courtesy of Jane Roe", True), ("The harbour at dawn. (Courtesy of the Harbour Board)", True),
    ("Photographer: Jane Roe for the Ledger", True), ("Fotograf: Jan Roe", True),
    ("Photographer Jane Roe won the prize for her series on the harbour.", False),
    ("Has the singer finally popped the question? [Splash News]", True),
    ("The council published its answer on Monday. [Updated]", False), ("He said it was [sic] wrong.", False),
    ("We will finish the harbour wall this year. [Applause]", False), ("And that is all. [Laughter]", False),
    ("Photo courtesy of the Harbour Board", True), ("Lights on the quay, courtesy of Instagram", True),
    ("The visitors arrived with the series already won, a 2-0 result that came courtesy of a rain-soaked draw in "
     "the third match at the harbour ground.", False),
])
def test_captions(text, caption):
    assert captions.is_caption(text) is caption


@pytest.mark.parametrize("text, caption", [
    ("Minst nio personer dog i helgens attacker mot Kiev. Foto: Dan Bashakov/AP", True),
    ("Der Bürgermeister vor dem Rathaus. Bild: Keystone", True),
    ("Die Bilder des Tages zeigen, wie der Marathon in der Stadt gelaufen ist", False),
    # a caption's label ("Legende:"), a photo agency alone or a news agency with its photographer
    ("Legende: Der Bürgermeister mit seiner Frau vor dem Rathaus. SRF", True), ("GETTY", True),
    ("Imago/Blaulicht-News.de", True), ("picture alliance / dpa", True), ("Reuters / Jane Roe", True),
    ("AP", False), ("Reuters reported on Monday that the deal was done.", False),
])
def test_captions_in_other_languages(text, caption):
    assert captions.is_caption(text) is caption


@pytest.mark.parametrize("text, caption", [
    ("Ein Kran hebt das neue Brückenteil an seinen Platz. © Stadtwerke | M. Berger", True),
    ("Die Fähre legt am Abend wieder an.© Hafenamt", True),
    ("Het nieuwe station bij nacht. — © BELGA", True),
    ("Mara Quill at the premiere: 'It was the role of my life.' Photograph: Jo Tan for the Ledger", True),
    ("The ferry leaves the harbour at dawn. Photograph: Harbour Office/Coast Wire", True),
    ("The photograph: a ferry at dawn, taken by a reader on the morning of the strike, won the prize.", False),
    ("The ferry at dawn, as the strike began on Monday morning at the harbour.Credit...Jo Tan for the Ledger", True),
    ("The ferry at dawn. Credit: Harbour Office/Coast Wire", True),
    ("The bank extended credit: about 5 billion dollars to firms last year.", False),
    ("He stared at the photograph: a boy on a bridge.", False),
    ("It was a team effort. Credit: the players who stayed late every night.", False),
    ("지난 3일 새 다리 개통식에 참석한 시민들. [사진 = 시청 제공]", True),
    ("开通仪式现场（图片来源：市政府）", True),
    ("新しい橋の開通式に集まった市民＝3日、港区で（山田太郎撮影）", True),
    ("新桥通车仪式现场。（记者 张伟 摄）", True),
    ("開通式の会場（撮影・山田太郎）", True),
    ("市は橋の撮影会を来月開くと発表した（詳細は市のサイトで）。", False),
    ("他说，这座桥的设计（包括摄像头）已经完成。", False),
    ("Eine Webseite der Beispiel Mediengruppe © 2025 Beispiel Mediengruppe", False),
    ("Copyright © Beispielzeitung", False),
    ("examplepost.com © 1996-2024 The Example Post", False),
])
def test_photo_credits_after_a_copyright_sign_or_photo_marker(text, caption):
    """A credit after "©" at the end of a sentence marks a caption; a copyright footer (a year, "Copyright") does
    not, nor does a line that is only a copyright notice."""
    assert captions.is_caption(text) is caption


@pytest.mark.parametrize("text, caption", [
    ("The new ferry waits at the quay before its first crossing. Mara Quill", True),
    ("Workers lay the last rails of the tram line in the old town. Jo Tan for the Harbour Ledger", True),
    ("Der Bürgermeister eröffnet die neue Brücke am Montag. IMAGO/Jo Tan", True),
    ("El alcalde inaugura el nuevo puente sobre el río. EFE/ J.M. Quill", True),
    ("The renovated dining room seats eighty guests by the lake. Supplied", True),
    # a headline in title case, a question before a name, a byline after the lead, a sentence cut off mid-way
    ("Council Approves the New Ferry Timetable. Harbour Reacts", False),
    ("Zinsentscheid am Donnerstag: Steigt der Leitzins? Klare Worte", False),
    ("Bei der Eröffnung war die Halle wieder voll. Von Mara Quill", False),
    ("There are settings that only matter when the ferry runs at night. The", False),
    # a single capitalised word after the sentence: a name or the sentence's next word, no sure credit
    ("The new ferry waits at the quay before its first crossing. Harbourline", False),
    # an abbreviation or an initial, not a sentence's end
    ("The council met on Monday to hear Sen. Mara Quill", False),
    ("The harbour plan is set out in Appendix C. Ferry Timetables", False),
    ("The vote is expected on Tuesday, the mayor said.", False),
])
def test_a_credit_after_the_captions_last_sentence(text, caption):
    """A photographer's or agency's name right after a caption's last sentence, with no "Photo:" before it, marks
    a caption: an article's paragraph ends with its sentence."""
    assert captions.is_caption(text) is caption


@pytest.mark.parametrize("text, caption", [
    # "Bild:" ending a headline's kicker, a phrase after it
    ("Erstes Bild: So könnte die neue Brücke aussehen", False),
    ("Neues Foto: Wie die Fähre jetzt aussieht", False),
    # credits, also in lower case, after the marker at the start or after the caption's sentence
    ("Bild: PNW production / pexels", True),
    ("Die Fähre legt am Abend an. Foto: picture alliance / prisma TPX", True),
    ("Die Fähre legt am Abend an. Foto: dpa", True),
    ("Erstes Bild: Jo Tan (Hafenamt)", True),
])
def test_a_kicker_ending_in_a_photo_word_is_no_credit(text, caption):
    assert captions.is_caption(text) is caption


@pytest.mark.parametrize("text, caption", [
    # the credit's element run into the caption's last sentence by the browser, or a web address after it
    ("The harbour master inspects the damaged pier in an undated picture.Facebook", True),
    ("The new ferry waits at the quay before its first crossing.Harbour Ledger Archive", True),
    ("Storm Damage Along the Northern Coast. stockphotos.com", True),
    ("Cells of the harbour seal's skin seen under a microscope. www.seal-pictures.org", True),
    # a headline in title case glued to a name; a sentence, a web address with no sentence before it
    ("Council Approves New Ferry.Reuters", False),
    ("A harbour is only as good as the people who keep it working every day.Click To Tweet", False),
    # an article's paragraph with a label run into its end, or ending with an address
    ("Work starts in March and should take two years, the board said, at a cost the county and the national "
     "ports fund will share between them over the next two budgets.Advertisement", False),
    ("Tickets for the first crossing go on sale on Monday, and the profits of the opening week will be given to "
     "the lifeboat station, which is run by volunteers. harbourtrust.co.uk", False),
    ("The vote is expected on Tuesday, the mayor said.", False),
    ("More at harbourledger.com", False),
])
def test_a_credit_glued_to_the_captions_sentence_or_a_web_address_after_it(text, caption):
    assert captions.is_caption(text) is caption


@pytest.mark.parametrize("text, share", [
    ("Facebook Twitter Email LinkedIn Reddit Pinterest", True), ("Share on X | Copy link | WhatsApp", True),
    ("Share this article", False), ("Facebook said on Monday it would appeal", False),
    # the buttons in other languages
    ("Teilen Twittern Pinnen E-Mail", True), ("Partager sur Facebook", True), ("Compartir en WhatsApp", True),
    ("Teilen Sie Ihre Meinung", False), ("Facebook teilt Daten mit Partnern", False),
    # Korean, Japanese and Chinese buttons: the share verb glued to the network's name
    ("이메일에 공유하기 카카오톡에 공유하기 페이스북에 공유하기 트위터에 공유하기 링크 복사하기", True),
    ("Xでシェアする Facebookでシェアする はてなブックマークでシェアする", True), ("分享到微博 分享到微信", True),
    ("기사 공유", False), ("페이스북에 공유하기", False),
    # one short piece: a Chinese page's label run into its networks' names stayed in the body (a review's page)
    ("分享到：微信微博QQ空间", True), ("分享到朋友圈后可以领取优惠券。", False), ("市民分享了他们的经历", False),
    ("시민들은 기사를 공유하기 시작했고 정부는 공유 서비스를 점검했다.", False),
])
def test_share_bars(text, share):
    assert rules.is_share_bar(text) is share


def test_a_share_label_run_into_its_networks_is_no_paragraph_of_the_article():
    """"分享到：微信微博QQ空间" (share to: WeChat, Weibo, QQ Zone) under a Chinese page's headline was the
    article's first paragraph."""
    paragraphs = ["3月6日上午，杭州地铁12号线全线开通运营。该线路全长约44公里，设站27座，串联起余杭、西湖、上城、萧山等多个区。",
                  "据杭州地铁集团介绍，12号线采用全自动无人驾驶技术，最高运行时速100公里，高峰期行车间隔最短为3分钟。",
                  "预计开通初期日均客流将超过20万人次。为方便市民出行，沿线各站均配备了无障碍电梯和母婴室。"]
    dump = ("首页 | 新闻 | 财经 | 体育 | 娱乐 | 登录 | 注册\n滨江晚报\n首页 > 新闻 > 本地 > 正文\n"
            "杭州地铁12号线全线开通 日均客流预计超20万人次\n2026年03月06日 10:25来源：滨江晚报\n分享到：微信微博QQ空间\n\n"
            + "\n\n".join(paragraphs) + "\n\n相关新闻\n杭州地铁10号线二期年内开工\n杭州今年将新增地铁里程80公里\n\n"
            "Copyright © 2026 滨江晚报社 版权所有")
    assert [block.text for block in extract_text(dump).blocks] == paragraphs


@pytest.mark.parametrize("text, count", [
    ("Comments (12)", True), ("3 Kommentare", True), ("10 commentaires", True), ("댓글 5", True),
    ("Comments", False), ("12 comments were removed by moderators", False),
    ("[ 167 comments ]", True), ("(4 Kommentare)", True), ("34 responses to “We needed to win this game”", True),
    ("One thought on “Harbour ferry resumes”", True), ("2 Replies to \"Budget day\"", True),
    ("One response to the crisis was to cut rates.", False), ("12 replies to questions were published", False),
])
def test_comment_counts(text, count):
    assert rules.is_comment_count(text) is count


@pytest.mark.parametrize("text", ["[ 167 comments ]", "34 responses to “We needed to win this game”",
                                  "One thought on “Harbour ferry resumes”"])
def test_comment_thread_headers_start_a_section(text):
    assert rules.is_section_header(text)


@pytest.mark.parametrize("text, noise", [
    ("Advertisement", True), ("Advertisement:", True), ("Share:", True), ("Photo gallery :", True),
    # reading-time labels in several languages
    ("3 Min Lesezeit", True), ("Lesedauer: 4 Minuten", True), ("5 min de lecture", True),
    ("Tempo de leitura: 2 minutos", True), ("The reading took 5 minutes, the clerk said.", False),
    ("Sign up for our Morning Ledger newsletter to get the top stories.", True),
    ("We use cookies to improve your experience.", True), ("Read more: Chile's lithium output hits record", True),
    ("Image 1 of 5", True), ("The council voted 7-2 to fund the plan.", False),
    # newsletter blurbs that name the newsletter, or promise the inbox
    ("Get the day's harbour and shipping news sent straight to your inbox with our daily Dockside newsletter", True),
    ("Sign up to the weekly Long Reads newsletter.", True), ("Realness, delivered to your inbox.", True),
    ("Join our Newsletter for the latest local news right to your inbox", True),
    ("The mayor wrote about the budget in a newsletter to residents last spring, and the council disagreed.", False),
    # reader appeals: follow us, our apps, a newsletter offered in other languages, affiliate disclosures
    ("Follow the Harbour Courier on Facebook, Twitter and Instagram.", True),
    ("For the latest stories and breaking news download our apps for iOS and Android.", True),
    ("Newsletter abonnieren und keine Nachricht mehr verpassen!", True), ("Suscríbete a nuestra newsletter", True),
    ("This post contains affiliate links: we may earn a commission when you buy through them.", True),
    ("Follow the money, the investigators told the committee.", False),
    ("The agent will receive a commission of five percent on every sale, the court heard.", False),
    ("The ministry said it would follow other countries on Twitter policy next year.", False),
    # appeals for support
    ("Support independent journalism by subscribing to our digital news package.", True),
    ("Become a Member", True), ("Unterstützen Sie uns!", True), ("Jede Spende zählt!", True),
    ("Ihr Beitrag hilft, unsere Berichterstattung weiter auszubauen und kostenlos anzubieten.", True),
    ("She became a member of the union two years ago and now serves on its board.", False),
    ("The charity said every donation would support local families through the winter.", False),
    # subscription pitches under a paywalled teaser
    ("Get unlimited access to the Harbour Courier for just 1 euro for your first month. Cancel anytime.", True),
    ("Already a subscriber? Log in", True), ("Log in to continue reading this article.", True),
    ("This article is only available to subscribers.", True), ("Jetzt 4 Wochen testen, jederzeit kündbar.", True),
    ("The museum offers unlimited access to its archive for researchers from next year.", False),
    ("The council said members would be able to cancel the contract within a year.", False),
    ("Investigators will get full access to the plant's records, the ministry said on Tuesday.", False),
    ("Customers can cancel at any time without a fee, the regulator ruled.", False),
    ("Der Vertrag ist jederzeit kündbar, sagte der Anwalt.", False),
    ("As a subscriber, you have 10 gift articles to give each month. Anyone can read what you share.", True),
    ("The charity said it gave 10 gift boxes to families on Monday.", False),
    ("無断転載禁止", True), ("무단 전재 및 재배포 금지", True), ("無断転載禁止の記事について市が説明した。", False),
    ("This copy is for your personal, non-commercial use only. To order copies visit the reprints desk.", True),
    ("<저작권자(c) 한국일보, 무단 전재-재배포 금지>", True), ("無断転載を禁止します", True),
    ("정부는 무단 전재를 금지하는 법안을 발표했다.", False),
    ("저작권자 © 한빛일보 무단전재 및 재배포 금지", True), ("Copyright ⓒ 한빛일보 무단 전재 및 재배포 금지", True),
    # the notice over an old article, also run into the dates before it
    ("This article is more than 2 years old", True), ("Dieser Artikel ist älter als ein Jahr.", True),
    ("Published February 24, 2020Last updated July 21, 2022This article is more than 2 years old.", True),
    ("The bridge is more than 100 years old and needs repair, the council said.", False),
    ("Der Verein erklärte, dieser Beitrag ist über die Steuer absetzbar, sagte die Sprecherin.", False),
    ("The house, this story is more than a century old, and it still stands by the harbour.", False),
    # the button that skips an advertisement; a consent dialog's category and an embed's placeholder; a comment
    # prompt, a newsletter's offer, a French paywall's note
    ("Werbung überspringen", True), ("Skip ad", True),
    ("Die Anzeige wegen Betrugs wurde am Montag erstattet.", False), ("Werbung ist für die Zeitung wichtig.", False),
    ("Necessary Always Enabled", True), ("Empfohlener redaktioneller Inhalt", True),
    ("Externer Inhalt Datenschutzerklärung", True), ("Would you like to comment on this article?", True),
    ("Get the latest news from harbourledger.example in your inbox.", True),
    ("The app is always active in the background, the researchers found.", False),
    ("Il vous reste 57.09% de cet article à lire. La suite est réservée aux abonnés.", True),
    ("Enjoyed this story? Support our award-winning journalism by becoming a member.", True),
    # labels alone (a privacy link, a sponsor's); a sign-up form's boxes to tick; the button that asks to be a
    # preferred source in Google's results
    ("See our Privacy Notice", True), ("Sponsored By", True), ("In partnership with", True),
    ("Sponsored by the harbour trust, the festival opens on Friday.", False),
    ("Contact me with news and offers from other Harbour brands", True), ("Contact me at the harbour office.", False),
    ("Receive email from us on behalf of our trusted partners or sponsors", True),
    ("The council acted on behalf of our partners in the harbour trust, the mayor said.", False),
    ("Choose The Harbour Gazette as a 'Preferred Source' on Google News.", True),
    ("Follow the Gazette on Google News and add us as a preferred source to get our news in your feeds.", True),
    ("Readers may now choose a preferred source for the top stories, Google said.", False),
    # the tools beside an article, a calendar's row of days, a newsletter offer
    ("View Larger Image", True), ("Printer friendly version", True), ("Email this article to a friend", True),
    ("E-mail story", True), ("login | subscribe", True), ("30 31 1 2 3 4 5", True),
    ("Get the latest news from Harbour Ledger delivered via email.", True),
    ("The council will email the article to every household.", False), ("The team won 3 1 in the final", False),
    ("The parcel was delivered via email confirmation, the company said.", False),
    # a blog platform's credit, alone or closing a footer line
    ("Powered by WordPress", True), ("| Harbour Notes | Powered by Tumblr |", True),
    ("Proudly powered by WordPress", True), ("Powered by WordPress.com VIP", True),
    ("The new ferry is powered by batteries charged at the quay overnight.", False),
    ("Powered by renewable energy", False), ("Powered by the sun, the town thrives", False),
])
def test_noise(text, noise):
    assert rules.is_noise(text) is noise


def test_meta_lines_are_not_headlines():
    assert rules.is_meta_line("Posted on 12 May 2025 by Tom Reilly")
    assert bylines.trailing_author("Posted on 12 May 2025 by Tom Reilly") == "Tom Reilly"
    # a caption that tells its picture's day and credits it stood above the byline, and took the author's place
    assert bylines.trailing_author("The minister speaks in Shah Alam on November 19, 2024. — Picture by Ann Roe") == ""
    assert bylines.trailing_author("Harbour at dawn, 3 May 2025. Photo by Ann Roe") == ""
    assert rules.is_meta_line("By Marisa Delgado | Staff Writer")
    assert not rules.is_meta_line("Library to stay open until 10 p.m. on weekdays starting in June")


def test_tag_line_is_split_on_phrases_from_the_body():
    body = "Kim Jung-kwan met officials in South Korea about the deal. Kazakhstan and Azerbaijan agreed."
    assert split_tag_line("South Korea United States Kim Jung-kwan US tariffs", body) == [
        "South Korea", "United States", "Kim Jung-kwan", "US tariffs"]
    assert split_tag_line("Kazakhstan Azerbaijan Kim Jung-kwan", body) == ["Kazakhstan", "Azerbaijan", "Kim Jung-kwan"]
    assert split_tag_line("Orange background", body) == []                  # nothing from the body
    assert split_tag_line("The talks ended. South Korea agreed.", body) == []  # prose, not tags
    assert split_tag_line("Tags Kim Jung-kwan South Korea", body) == ["Kim Jung-kwan", "South Korea"]  # label, no colon
    assert split_tag_line("South Korea by Kim Jung-kwan", body) == []      # a credit line, not a list of tags
    assert split_tag_line("5 South Korea 11 Kazakhstan", body) == []       # a table's row, not a list of tags


# A page as a browser shows it: the site's "today" banner, a teaser of another story, the article (its headline
# printed twice), and a "Most Popular" box. The article is a few paragraphs long, as real ones are: the line
# classifier judges a page by the company its lines keep.
PAGE = """Friday, March 21, 2025
Teaser headline about something else entirely here
A one-sentence summary of the teaser that is long enough to look like prose.
Real Headline About The Budget Vote
Real Headline About The Budget Vote

The council approved the budget on Monday after a long debate about road repairs and schools.

Officials said the money would be spent over three years, starting with the most damaged roads in the north of the city, where residents have complained about potholes since the winter storms.

The mayor, who had threatened to veto an earlier version of the plan, said she was satisfied with the compromise and thanked council members for working through the weekend to reach it.

Opposition members said the plan still left too little for schools, and promised to raise the issue again when the council sets next year's budget in the autumn.

Most Popular
Another story that is not part of this article at all
"""


def test_banner_date_is_only_a_fallback_and_says_so():
    extracted = extract_text(PAGE)
    assert extracted.title == "Real Headline About The Budget Vote"
    assert extracted.published == date(2025, 3, 21)
    assert "top of the page" in extracted.date_inferred_from
    assert all("Another story" not in b.text and "teaser" not in b.text for b in extracted.blocks)


def test_caption_weekday_inference_never_passes_the_banner():
    page = PAGE.replace("after a long debate", "after a long debate. 2025.3.20 / City Photo\nIt meets again on Saturday,") \
        .replace("The council approved", "Councillors vote. 2025.3.20 / City Photo\nThe council approved")
    extracted = extract_text(page)
    # caption 2025.3.20 (Thursday); "Monday" after it would be 24 March, past the 21 March banner: keep the caption day.
    assert extracted.published == date(2025, 3, 20)
    assert "2025.3.20" in extracted.date_inferred_from


@pytest.mark.parametrize("text", [
    "«Die Zurückhaltung hat viel mit den USA zu tun»",
    "„Dem Teufel begegnet“: Eine Geisel erzählt",
    "¿Qué tienen que ver los videojuegos con el metaverso?",
    "민주당 선호투표제 도입 또다시 불발",
    "لغز لون شعر الرئيس يربك الجمهور",
])
def test_headlines_in_other_quotes_and_scripts_without_capitals(text):
    assert rules.is_headline(text)


def test_a_line_starting_in_lower_case_is_no_headline():
    assert not rules.is_headline("and then the council met again on Friday")


@pytest.mark.parametrize("text", [
    "Skip to main content", "Skip to contentSkip to site index", "SKIP TO SITE INDEX", "Skip to content Skip to footer",
    "Zum Inhalt springen Zum Seitenfuß springen", "Zur Hauptnavigation springen Zur Suche springen Zum Inhalt springen",
    "Aller au contenu", "Saltar al contenido principal", "Перейти к основному содержанию", "Hopp til innhold",
])
def test_skip_links_are_noise(text):
    """The skip links at a page's top, in several languages and run together as innerText prints them."""
    assert rules.is_noise(text)


@pytest.mark.parametrize("text", ["Skip to the end of the story, he said.", "Zum Inhalt der Debatte sagte er nichts.",
                                  "Zur Suche nach den Vermissten rückten 40 Helfer aus."])
def test_sentences_starting_like_a_skip_link_are_kept(text):
    assert not rules.is_noise(text)


@pytest.mark.parametrize("text, label", [("Politics", True), ("Middle East", True), ("Wirtschaft", True),
                                         ("Learn More", False), ("See all", False), ("Read more", False),
                                         ("Share", False), ("Subscribe", False)])
def test_a_button_near_the_headline_is_no_section(text, label):
    assert rules.is_category_label(text) is label
