"""What a byline prints beside its authors' names that is no name: the writer's role and desk, an e-mail address,
the word for "and" between two names, a bracket around a name.

trafilatura splits a printed byline at its commas, bars and "and"s, and reads each piece as an author: "By Ann
Lee, Senior Staff Writer" reaches ingest as "Ann Lee; Senior Staff Writer", "By Rick Delgado | rdelgado@post.com"
as "Rick Delgado; Rdelgado Com". It splits at no "and" but the English and the German, and at no Arabic comma.
`bylines.distinct_names` and `bylines.plain_names` use these rules on each piece, and `bylines.stated_authors` on
a scraper record's authors.
"""

from __future__ import annotations

import re

# Roles printed after a name, in German and English (their plurals too: "Staff Writers"): `role_dropped`
ROLES = frozenset("""redakteur redakteurin korrespondent korrespondentin reporter reporterin editor writer
correspondent journalist journalistin autor autorin volontär volontärin""".split())
ENGLISH_ROLES = frozenset("""columnist contributor correspondent editor journalist photographer reporter writer
producer presenter anchor critic analyst photojournalist""".split())
# A role alone, in the languages that print it after the name: "Claire Dubois, journaliste"
_OTHER_ROLES = frozenset("""journaliste rédacteur rédactrice correspondant correspondante periodista corresponsal
redactor redactora giornalista corrispondente inviato inviata verslaggever redacteur jornalista repórter
correspondente redator redatora redaktør""".split())
ROLE_QUALIFIERS = frozenset("""senior chief deputy associate assistant contributing executive managing political
foreign staff freier freie leitender leitende stellvertretender stellvertretende investigative""".split())
# Words of the lines that look like names but are not: outlets, sections, labels (a desk before a role).
NOT_NAME_WORDS = frozenset("""news live updated published posted share comments comment video photo photos opinion
analysis world politics business sport sports breaking latest home menu subscribe staff press associated agency
times post daily herald journal tribune online media network radio magazine weekly report reports editorial
newsletter podcast watch listen read more top stories story edition international national local related topics
topic tags review reviews guide guides feature features culture entertainment lifestyle travel health science tech
technology money markets economy weather environment education crime court property motoring cars car food style
fashion music film films movies books arts games gaming deals shopping sponsored partner content""".split())
# A credit in place of a role: "Special to the Post" (trafilatura leaves "Special" of it), "For the Riverbend Post"
_CREDIT = re.compile(r"^(?:special(?:\s+(?:to|for)\b.*)?|(?:to|for)\s+the\s+.+)$", re.IGNORECASE)
# Who edited the article, credited after its writers: "Reporting by Ann Lee; Editing by Bo Park", Indonesian sites'
# "Penulis Dimas Prasetyo | Editor Rina Kusuma"; and the words "and" joins to a name where no other name follows.
_EDITING = re.compile(r"^(?:(?:editing|edited|sub-?edited)\s+by|editors?|redaktur|penyunting|editor\s+in\s+chief)"
                      r"\s*:?\s+\S", re.IGNORECASE)
_NO_NAME_ALONE = frozenset("team agencies agency wires others colleagues".split())
# A role that starts an Arabic author's piece after the Arabic comma ("أحمد الشمري، محرر الشؤون الاقتصادية"):
# editor, correspondent, journalist, writer, delegate, editor-in-chief
_ARABIC_ROLE = re.compile(r"^(?:ال)?(?:محرر|محررة|مراسل|مراسلة|صحفي|صحفية|صحافي|صحافية|كاتب|كاتبة|مندوب|مندوبة"
                          r"|رئيس\s+التحرير|رئيس\s+تحرير|مدير\s+التحرير)(?:\s|$)")
# A Korean role after the name, with or without a space: reporter (senior, staff photo...), correspondent
_KOREAN_ROLE = re.compile(r"(?<=[가-힣]{2})\s*(?:선임|수석|전문|객원|수습|사진|영상|인턴)?\s*(?:기자|특파원|통신원|논설위원|편집위원)$")
# A Chinese role standing between two names or after one ("记者 陈晓 通讯员 李明"): reporter, correspondent,
# editor, intern (the role before the first name is `bylines._CJK_ROLE`'s)
_CJK_ROLE_INSIDE = re.compile(r"\s+(?:(?:本报|本報|特约|特約|实习|實習)?(?:记者|記者)|通讯员|通訊員|编辑|編輯|责任编辑|責任編輯"
                              r"|实习生|實習生)(?:\s*[：:]\s*|\s+|$)")


def is_role_word(word: str) -> bool:
    """Whether a word (any case, a plural too) is a writer's role: "Reporter", "writers", "Korrespondentin"."""
    word = word.casefold().strip(".,")
    return any(form in ROLES or form in ENGLISH_ROLES or form in _OTHER_ROLES
               for form in (word, word[:-1] if word.endswith("s") else word))


def _is_desk(word: str) -> bool:
    """A word that stands before a role in its title: a rank ("Senior"), a desk ("Health", "Landespolitische")."""
    word = word.casefold().strip(".,")
    return word in ROLE_QUALIFIERS or word in NOT_NAME_WORDS or word.endswith(("ische", "ischer", "isches"))


def role_dropped(words: list[str], after_name: bool) -> list[str]:
    """The words of one of the authors without the role printed after the name ("Tom Gillespie News reporter" is
    Tom Gillespie), and none where the piece is only a role ("Reporter", "Senior Staff Writer", "Staff", "Special
    to the Post", "محرر الشؤون الاقتصادية"). A word and a role is a role after another author's name ("Ann Lee;
    Data Reporter", "Ann Lee; Washington Correspondent"), which trafilatura split from its byline; alone, it may
    be a name ("Sarah Writer"), and stays but for a desk's word ("News Editor")."""
    text = " ".join(words)
    if not words or _CREDIT.match(text) or _ARABIC_ROLE.match(text):
        return []
    if after_name and (_EDITING.match(text) or len(words) == 1 and words[0].casefold() in _NO_NAME_ALONE):
        return []             # "Reporting by Ann Lee; Editing by Bo Park", "Priya Nair and team"
    if len(words) == 1:
        return [] if is_role_word(words[0]) or words[0].casefold() in ROLE_QUALIFIERS else words
    if len(words) == 2 and all(is_role_word(word) or _is_desk(word) for word in words):
        return []             # "Staff Reports", "News Staff": a desk's credit, no name
    if not is_role_word(words[-1]):
        return words
    rest = len(words) - 1
    while rest and _is_desk(words[rest - 1]):
        rest -= 1
    if rest == 0 or words[0].casefold() in ROLE_QUALIFIERS:   # "Senior Staff Writer", "Chief Metro Editor"
        return []
    if rest >= 2:
        return words[:rest]
    return [] if after_name else words


# The roles of who writes the article, which a byline may print before the name with its desk: "Health reporter
# Tom Adeyemi", "Senior correspondent Ann Lee" (an editor before a name is as often who edited it: `_EDITING`)
_WRITING_ROLES = frozenset("""reporter correspondent writer journalist columnist redakteur redakteurin korrespondent
korrespondentin""".split())
_ROLE_DESK_WORDS = 3


def after_role(text: str) -> str:
    """What follows a writer's role and the few words of its desk that start a line ("Tom Adeyemi" of "Health
    reporter Tom Adeyemi", "Ann Lee" of "BBC Africa correspondent Ann Lee"), else ""."""
    words = text.split()
    role = next((i for i, word in enumerate(words[:_ROLE_DESK_WORDS + 1]) if word.casefold() in _WRITING_ROLES), -1)
    if role < 0 or any(not word[:1].isupper() and not _is_desk(word) for word in words[:role]):
        return ""
    return " ".join(words[role + 1:])


def without_korean_role(name: str) -> str:
    """A Korean name without the role after it: "이서연 기자" (reporter) is 이서연, "김민수 특파원" 김민수."""
    return _KOREAN_ROLE.sub("", name).strip() if "\uac00" <= name[-1:] <= "\ud7a3" else name


def between_chinese_roles(name: str) -> list[str]:
    """The names a Chinese byline prints between its roles: "陈晓 通讯员 李明" is 陈晓 and 李明."""
    return [piece.strip() for piece in _CJK_ROLE_INSIDE.split(name) if piece.strip()]


_OPENING, _CLOSING = "【「『〔［（([{〈《", "】」』〕］）)]}〉》"


def without_stray_brackets(name: str) -> str:
    """A name without the bracket that trafilatura left of the pair around it ("【鈴木花子" of "【鈴木花子】"), or
    without the pair ("【鈴木花子】"); a bracket that pairs inside a name stays ("Ann (Annie) Lee")."""
    name = name.strip()
    if len(name) > 2 and name[0] in _OPENING and name[-1] == _CLOSING[_OPENING.index(name[0])] \
            and name.count(name[0]) == 1:
        name = name[1:-1].strip()
    while name and name[0] in _OPENING and _CLOSING[_OPENING.index(name[0])] not in name:
        name = name[1:].strip()
    while name and name[-1] in _CLOSING and _OPENING[_CLOSING.index(name[-1])] not in name:
        name = name[:-1].strip()
    return name


# "and" between two authors' names: English, German, French, Spanish, Italian and Portuguese, Dutch, Catalan, the
# Scandinavian languages, Finnish, Polish, Hungarian, Romanian, Turkish, Indonesian
_JOINS = frozenset("and und et y e en i og och ja oraz és și ve dan".split())
NAME_PARTICLES = frozenset("""de del della der den di da das do dos van von vom zu le la du des ter ten al el
bin""".split())


def split_at_joins(name: str, page: str = "") -> list[str]:
    """A name that is two authors joined by "and" in its language, as two: "Claire Dubois et Marc Petit", "Pieter
    de Vries en Sanne Bakker". The word is written in small letters (as the page prints it, where trafilatura made
    it "E"), and two words of a name at least stand either side: "José Ortega y Gasset" and "Santiago Ramón y Cajal"
    are one man's names, "Ann E Lee" one woman's."""
    words = name.split()
    for i in range(2, len(words) - 2):
        join = words[i]
        if join.casefold() not in _JOINS or not (join.islower() or page and re.search(
                rf"(?i:{re.escape(words[i - 1])})\s+{re.escape(join.casefold())}\s+(?i:{re.escape(words[i + 1])})",
                page)):
            continue
        left, right = words[:i], words[i + 1:]
        # (the right side may hold the next join: "Ann Lee y Bo Park y Cy Young")
        if all(word[:1].isupper() or word.casefold() in NAME_PARTICLES for word in left) and right[0][:1].isupper() \
                and all(word[:1].isupper() or word.casefold() in NAME_PARTICLES | _JOINS for word in right):
            return [" ".join(left), *split_at_joins(" ".join(right), page)]
    return [name]


# (its parts bounded, so that a long run of letters, as in a picture's data, is no slow scan)
_EMAIL = re.compile(r"[\w.%+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")


def email_names(page: str) -> frozenset[str]:
    """The e-mail addresses a page prints, casefolded as trafilatura makes an author of one: "rdelgado@post.com" is
    "Rdelgado Com" (the "@" and the word after it go, the dots are spaces)."""
    if "@" not in page:
        return frozenset()
    return frozenset(" ".join(re.sub(r"[._+]", " ", re.sub(r"@\w+", "", address)).split()).casefold()
                     for address in _EMAIL.findall(page))


def cut_at_line_break(name: str, page: str) -> str:
    """A name the page prints as a line of its own, without the start of the next line that trafilatura ran into it
    ("Ann Lee<br>Courts and Crime Reporter" read as "Ann Lee Courts; Crime Reporter" is Ann Lee)."""
    words = name.split()
    if len(words) < 3 or "<br" not in page.casefold():
        return name
    joined = r"\s+".join(map(re.escape, words))
    if re.search(rf"(?<!\w){joined}(?!\w)", page, re.IGNORECASE):
        return name
    for cut in range(len(words) - 1, 1, -1):
        before, after = (r"\s+".join(map(re.escape, part)) for part in (words[:cut], words[cut:]))
        if re.search(rf"(?<!\w){before}\s*<br\s*/?>\s*{after}(?!\w)", page, re.IGNORECASE):
            return " ".join(words[:cut])
    return name
