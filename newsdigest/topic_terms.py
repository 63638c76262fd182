"""How `newsdigest topics suggest` reads an article: the language it is written in, and the words and two-word
phrases it uses, without the words no topic rule should rest on: stop words of its language (also elided, "l'", "c'"),
English contractions ("we're", "don't"), news words such as "said" or "week", numbers. newsdigest.topic_tools ranks
them."""

from __future__ import annotations

import re
from collections import Counter

from newsdigest.article import Article
from newsdigest.ingest.lang import detect_language, tokens
from newsdigest.ingest.lang import stop_words as listed_stop_words
from newsdigest.scripts import HIRAGANA
from newsdigest.story_terms import STOPWORDS, fold_plural, has_letter_pairs, letter_pairs, stop_words_of

BODY_CHARS = 3000        # the start of the body: where an article says what it is about
_WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")
_HIRAGANA = re.compile(f"[{HIRAGANA}]")
_NUMBER = re.compile(r"[\d.,'’-]+")
_LINK = re.compile(r"\]\([^)]*\)|https?://\S+")
# Endings an apostrophe joins to the word before: "we're" is "we", "they've" is "they", "ministry's" is "ministry".
_CLITICS = frozenset({"s", "re", "ve", "ll", "d", "m"})
# Words frequent in news of any section, which no topic rule should rest on: reporting verbs, time,
# quantities and the common verbs, adjectives and adverbs of English prose.
_NEWS_WORDS = frozenset("""
also could would should must might will can like just many much more most other such well even still back
get gets got make makes made take takes taken took come comes came going go goes gone see seen saw want wants
wanted know known knew use used uses need needs needed including among around told asked called say says said
percent per cent people government official officials president minister news article reported report reports
according week month year years ago early earlier late later end part set way ways whether while within without
several long main sense keep keeping kept put puts give gives given gave find found think thought seem seems
seemed show shows showed shown help helps helped start started starting began begin begins move moved moves
become became becomes turn turned bring brought hold held holds stay stayed leave left let lets mean means
meant expected expect expects plan plans planned hope hopes hoped effort efforts try tried tries add adds
big small large little good bad best better high higher low lower new old great major key top full half
first second third last next least less few lot lots number numbers amount level levels area areas place
places point points case cases fact facts thing things issue issues matter matters question questions
already yet ever never always often soon now then again once almost nearly about around ahead away
able likely possible recent recently current currently following further certain clear important
according despite though although however because since until unless whose whom every each another
made make making done doing day days time times today tonight morning evening night weekend hour hours
minute minutes second seconds monday tuesday wednesday thursday friday saturday sunday january february
march april june july august september october november december jan feb mar apr jun jul aug sep sept
oct nov dec mr ms mrs dr jr sr inc ltd co corp
""".split())


def article_text(article: Article) -> str:
    """The text an article's terms are read from: title, summary, tags and the start of the body, without links."""
    return _LINK.sub(" ", f"{article.title}\n{article.summary}\n{' '.join(article.tags)}\n"
                          f"{article.body_markdown[:BODY_CHARS]}")


def reading_language(article: Article, text: str | None = None) -> str:
    """The language an article is read in ('de'): its `lang`, unless its text clearly is in another language.

    An article without `lang` takes the site's `language`: on an English site a German report was read with
    English stop words alone, and its "die", "und" and "die banken" suggested as keywords. The text overrules `lang`
    when the language its words vote for (`detect_language`, as ingest tells a page's) has stop words covering a
    fifth of them, five at least, and half as many again as those of `lang`: a short English text can look Finnish.
    """
    declared = article.lang.split("-")[0].casefold()
    words = tokens(article_text(article) if text is None else text)[:300]   # (enough to tell, and quick)
    declared_covers = sum(word in listed_stop_words(declared) for word in words)
    if declared_covers >= 0.3 * len(words):   # (most articles: written in their `lang`, told without detection)
        return declared
    found = detect_language(words)
    if not found or found == declared:
        return declared
    covered = sum(word in listed_stop_words(found) for word in words)
    return found if covered >= max(5, 0.2 * len(words), 1.5 * declared_covers) else declared


def article_terms(article: Article, spellings: dict[str, Counter] | None = None,
                  memo: dict[str, tuple[str, str]] | None = None, language: str | None = None,
                  names: Counter | None = None) -> set[str]:
    """The terms an article uses: words and two-word phrases, case-folded, without numbers and without the stop
    words of its language (`language`, else `reading_language`; German "die", "zu", "haben" made "die neue" a
    keyword of a German site). A word elided into the next ("l'économie", "dell'euro", "c'est") is one of them.

    `spellings`, if given, gathers how each word term is spelled (term -> Counter of "tariffs", "tariff");
    `memo`, shared between calls, keeps each spelling's (word, term) so a corpus is read in one quick pass;
    `names` counts the phrases the article writes as a name, capitalised inside a sentence ("Kim Jung-kwan").
    """
    text = article_text(article)
    memo = {} if memo is None else memo
    stops = stop_words_of(language or reading_language(article, text))
    terms: set[str] = set()
    named: set[str] = set()
    previous = previous_raw = ""
    previous_start = 0
    for match in _WORD.finditer(text):
        raw = match.group()
        known = memo.get(raw)
        if known is None:
            known = memo[raw] = _word_and_term(raw)
        word, term = known
        head, apostrophe, rest = word.partition("'")
        if term and apostrophe and (head in stops or head + "'" in stops):   # (the lists write "l" or "l'")
            previous = ""   # (nor does a phrase run across the elision: no keyword would match it)
            word, term = memo.get(rest) or memo.setdefault(rest, _word_and_term(rest))
        if word in stops and not _names_something(text, match.start(), match.end(), raw):
            term = ""
        if term and has_letter_pairs(word):
            # Chinese, Japanese and Korean: the pairs of letters, which a keyword can match (see topics.py). A pair
            # with hiragana in it is mostly a particle or an ending ("の上", "えた"), not a keyword.
            for pair in letter_pairs([word]):
                if _HIRAGANA.search(pair):
                    continue
                pair_term = memo.get(pair) or memo.setdefault(pair, _word_and_term(pair))
                if pair_term[1]:
                    terms.add(pair_term[1])
                    if spellings is not None:
                        spellings[pair_term[1]][pair_term[0]] += 1
            term = ""
        if not term:
            previous = ""
            continue
        terms.add(term)
        if spellings is not None:
            spellings[term][word] += 1
        start = match.start()
        if previous and start and text[start - 1] == " ":  # a phrase across one space, not lines or punctuation
            terms.add(f"{previous} {word}")
            if raw[:1].isupper() and previous_raw[:1].isupper() and _inside_sentence(text, previous_start):
                named.add(f"{previous} {word}")
        # An abbreviation's final dot ("U.S.") is not in the match: a phrase built on it would not match the text.
        previous, previous_raw, previous_start = "" if "." in word else word, raw, start
    if names is not None:
        names.update(named)
    return terms


def _names_something(text: str, start: int, end: int, raw: str) -> bool:
    """Whether a stop word of the article's language is written as part of a name: with a capital inside a sentence,
    and a capitalised word after it ("Estados Unidos": the lists of other languages than English hold a few content
    words, Spanish "estados"); a sentence's first word ("Die Mannschaft ...") or German's polite "Sie" is none."""
    if not raw[:1].isupper() or start == 0 or len(raw) < 4:   # (function words are short: "Sie", "Der")
        return False
    return _inside_sentence(text, start) and text[end:end + 3].lstrip(" ")[:1].isupper()


def _inside_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` follows another of its sentence (a capital there is not the sentence's)."""
    before = text[max(0, start - 4):start].rstrip(" \t\"'“„«(")   # (a few characters: read for every stop word)
    return bool(before) and before[-1] not in ".!?:\n"


def _word_and_term(raw: str) -> tuple[str, str]:
    """(case-folded word, its term) for one spelling; term '' for a word no topic should rest on (a stop word of
    any language too: the English ones are checked here, the article's language's by `article_terms`).

    An English contraction is the word before its ending ("we're" is "we", a stop word); one with "n't" is
    always a function word. ("we're" and "they've" were suggested as keywords.)"""
    word = raw.casefold().replace("’", "'")
    if word.endswith("n't"):
        return word, ""
    head, apostrophe, ending = word.rpartition("'")
    if apostrophe and head and ending in _CLITICS:
        word = head
    if len(word) < 2 or word in STOPWORDS or word in _NEWS_WORDS or _NUMBER.fullmatch(word):
        return word, ""
    return word, fold_plural(word)
