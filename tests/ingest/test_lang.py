"""Tokens, scripts and stop words for any language."""

from __future__ import annotations

import pytest

from newsdigest.ingest import lang


def test_tokens_split_chinese_and_japanese_into_characters_and_keep_combining_marks():
    assert lang.tokens("नमस्ते दुनिया, Hello Wörld 日本語 2019年") == [
        "नमस्ते", "दुनिया", "hello", "wörld", "日", "本", "語", "2019", "年"]


@pytest.mark.parametrize("text, code", [
    ("The minister said on Monday that the talks would continue and that both sides were hopeful.", "en"),
    ("Der Minister sagte am Montag, dass die Gespräche weitergehen und beide Seiten zuversichtlich sind.", "de"),
    ("Le ministre a déclaré lundi que les discussions allaient se poursuivre et que les deux parties étaient confiantes.",
     "fr"),
    ("El ministro dijo el lunes que las conversaciones continuarán y que ambas partes tienen esperanza.", "es"),
    ("Министр заявил в понедельник, что переговоры будут продолжены и что обе стороны надеются на успех.", "ru"),
    ("気象庁は13日、震度5弱の地震があったと発表した。", "ja"),
    ("促进航天技术更好惠及人民，这是一个重要的合作论坛。", "zh"),
    ("대통령은 월요일 회담이 계속될 것이라고 말했다.", "ko"),
])
def test_detect_language(text, code):
    assert lang.detect_language(lang.tokens(text)) == code


def test_stop_words_exist_for_many_languages_and_stand_in_for_chinese_and_japanese():
    assert "und" in lang.stop_words("de") and "и" in lang.stop_words("ru") and "的" in lang.stop_words("zh")
    assert lang.stop_words("xx") == frozenset()
    assert not any(word.isascii() for word in lang.stop_words("mr"))   # stray English words are dropped


def test_scripts():
    assert lang.main_script("ノートPC向け低消費電力AIチップ")[0] == "CJK"
    assert lang.main_script("Herbert Dürr")[0] == "LATIN"
    assert lang.language_script("ru") == "CYRILLIC" and lang.language_script("de") == "LATIN"


def test_a_words_vowel_signs_belong_to_it_and_the_danda_ends_it():
    from newsdigest.ingest import rules
    sentence = "नगर परिषद ने बस सेवा को मंजूरी दे दी।"
    assert lang.tokens(sentence) == ["नगर", "परिषद", "ने", "बस", "सेवा", "को", "मंजूरी", "दे", "दी"]
    assert rules.words(sentence) == sentence.rstrip("।").split()
    assert lang.tokens("We \u2764\ufe0f it") == ["we", "it"]     # the emoji's variation selector is a mark, no word


# Made-up sentences of common Thai and Burmese words: what matters is the script, which runs whole phrases together.
THAI_SENTENCE = "รัฐบาลกล่าวว่าวันนี้ประชาชนในประเทศไทยต้องการข่าวเศรษฐกิจที่ดีขึ้นและรัฐบาลจะช่วยเหลือประชาชนทุกคน "
BURMESE_SENTENCE = "မြန်မာနိုင်ငံသတင်းများကိုယနေ့ပြည်သူများအတွက်အစိုးရကထုတ်ပြန်ခဲ့သည် "


def test_thai_lao_burmese_khmer_and_tibetan_are_told_by_their_script_and_count_words_by_letters():
    """Their words are not spaced, so a paragraph is a few long tokens: it counted a few words (an article was
    "nothing left below the headline"), and the page's English menu made it an English page."""
    menu = "Home News Sport Business Contact About Subscribe the and of".split()
    thai_words = lang.tokens(THAI_SENTENCE * 3)
    assert lang.detect_language(menu + thai_words * 4) == "th"
    assert lang.detect_language(menu + lang.tokens(BURMESE_SENTENCE) * 6) == "my"
    assert lang.language_script("th") == "THAI" and lang.language_script("my") == "MYANMAR"
    letters = len(THAI_SENTENCE.strip())
    assert len(thai_words) == 3
    assert lang.word_units(THAI_SENTENCE * 3, thai_words) == pytest.approx(3 * letters / 5)
    assert lang.word_units("Reuters said on Monday", lang.tokens("Reuters said on Monday")) == 4


def test_a_thai_text_with_an_english_quote_is_no_english_text():
    """The Thai text runs its words into a few long tokens: one English quote outvoted them."""
    from newsdigest.ingest.rules import is_english
    quote = ' "The measures will take effect on Monday and the city is ready for them," he said.'
    assert not is_english(THAI_SENTENCE * 3 + quote)
    assert is_english("The council said on Monday that the harbour would reopen in the spring.")
