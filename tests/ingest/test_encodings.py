"""Encodings: a declared charset is honoured (BOM, <meta charset>, http-equiv, XML declaration), an undeclared legacy
encoding is detected (charset-normalizer), and a stray bad byte in otherwise valid UTF-8 is replaced, not fatal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsdigest.ingest import ingest_file, pipeline, run
from newsdigest.ingest.model import Block, Extracted, IngestError
from tests.ingest.conftest import ingest_args
from newsdigest.ingest.decoding import decode_bytes, declared_charset, web_codec
from newsdigest.ingest.readers import read_file, read_pages

CZECH = ("Praha – Vláda ve středu schválila návrh zákona o státním rozpočtu na příští rok. Ministr financí řekl, "
         "že schodek bude nižší než letos a že škrty se nedotknou školství ani zdravotnictví. Opozice návrh "
         "kritizuje a žádá, aby sněmovna o rozpočtu jednala až po volbách.")
POLISH = ("Warszawa - Rząd przyjął w środę projekt ustawy budżetowej. Minister finansów powiedział, że deficyt będzie "
          "mniejszy niż w zeszłym roku, a żadne cięcia nie dotkną szkół ani szpitali.")
RUSSIAN = ("Москва — Правительство в среду одобрило проект бюджета на следующий год. Министр финансов заявил, что "
           "дефицит сократится, а расходы на образование и здравоохранение не будут урезаны. Оппозиция критикует "
           "проект и требует обсудить его после выборов.")
JAPANESE = ("東京 ― 政府は水曜日、来年度の予算案を閣議決定した。財務大臣は、赤字は今年より縮小し、教育と医療の予算は"
            "削減しないと述べた。野党は予算案を批判し、選挙後に審議するよう求めている。")
KOREAN = ("서울 - 정부는 수요일 내년도 예산안을 의결했다. 재무장관은 적자가 올해보다 줄어들 것이며 교육과 의료 예산은 "
          "삭감하지 않겠다고 말했다. 야당은 예산안을 비판하며 선거 이후에 심의할 것을 요구했다.")


def _html(body: str, head: str = "", title: str = "Budget approved") -> str:
    return (f"<!DOCTYPE html><html><head>{head}<title>{title}</title>"
            '<meta property="article:published_time" content="2026-02-04T09:00:00+01:00"></head>'
            f"<body><article><h1>{title}</h1><p>{body}</p><p>{body}</p></article></body></html>")


def _read(tmp_path: Path, name: str, raw: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(raw)
    [page], _ = read_pages(path)
    return page.text


# -- declared charsets --------------------------------------------------------------------------------------------

def test_meta_charset_windows_1250_is_honoured(tmp_path):
    raw = _html(CZECH, '<meta charset="windows-1250">').encode("cp1250")
    text = _read(tmp_path, "page.html", raw)
    assert CZECH in text


def test_http_equiv_content_type_is_honoured(tmp_path):
    head = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-2">'
    text = _read(tmp_path, "page.html", _html(POLISH, head).encode("iso8859_2"))
    assert POLISH in text


def test_declared_euc_kr_and_shift_jis(tmp_path):
    korean = _html(KOREAN, '<meta http-equiv="content-type" content="text/html;charset=euc-kr">').encode("euc-kr")
    assert KOREAN in _read(tmp_path, "kr.html", korean)
    japanese = _html(JAPANESE, "<meta charset='Shift_JIS'>").encode("shift_jis")
    assert JAPANESE in _read(tmp_path, "jp.html", japanese)


def test_xml_declaration_is_honoured(tmp_path):
    raw = ('<?xml version="1.0" encoding="windows-1251"?>\n' + _html(RUSSIAN)).encode("cp1251")
    assert RUSSIAN in _read(tmp_path, "page.xhtml", raw)


def test_byte_order_marks(tmp_path):
    assert _read(tmp_path, "a.txt", ("Budget approved\n" + RUSSIAN).encode("utf-16")).endswith(RUSSIAN)
    assert _read(tmp_path, "b.txt", b"\xef\xbb\xbf" + CZECH.encode()) == CZECH
    assert _read(tmp_path, "c.txt", ("Budget\n" + KOREAN).encode("utf-32")).endswith(KOREAN)


def test_a_stale_declaration_loses_to_valid_utf8(tmp_path):
    """A scraper that saved the decoded page as UTF-8 keeps the page's old <meta charset>."""
    raw = _html(CZECH, '<meta charset="iso-8859-1">').encode("utf-8")
    decoded = decode_bytes(raw, "html")
    assert CZECH in decoded.text and decoded.encoding == "utf-8"
    assert decoded.note == "declares iso-8859-1 but is utf-8"


def test_a_declaration_the_bytes_contradict_loses_to_the_encoding_they_are_in(tmp_path):
    """A page saved again in EUC-KR that still declares Shift_JIS: what Shift_JIS cannot read says the declaration
    is stale, and the note says so (before, the page was published as mojibake)."""
    raw = _html(KOREAN, "<meta charset='Shift_JIS'>").encode("euc-kr")
    decoded = decode_bytes(raw, "html")
    assert KOREAN in decoded.text and decoded.encoding == "euc-kr" and decoded.replaced == 0
    assert decoded.note == "declares shift_jis but is euc-kr (detected)"
    # declared UTF-8, in fact windows-1252: the note no longer says nothing was declared
    latin = _html("Café crème brûlée à la française, déjà vu. " * 4, '<meta charset="utf-8">').encode("cp1252")
    note = decode_bytes(latin, "html").note
    assert note.startswith("declares utf-8 but is windows-125") and note.endswith("(detected)")
    # a declaration the bytes agree with is kept
    assert decode_bytes(_html(CZECH, '<meta charset="windows-1250">').encode("cp1250"), "html").how == "declared"


def test_declarations_only_count_in_html(tmp_path):
    """A text dump that quotes a meta tag is not declaring anything."""
    raw = ('Budget approved\nThe page source said <meta charset="windows-1251"> at the top.\n' + CZECH).encode()
    assert CZECH in _read(tmp_path, "dump.txt", raw)


@pytest.mark.parametrize("label, codec, name", [
    ("utf-8", "utf-8", "utf-8"), ("ISO-8859-1", "cp1252", "windows-1252"), ("latin1", "cp1252", "windows-1252"),
    ("us-ascii", "cp1252", "windows-1252"), ("windows-1250", "cp1250", "windows-1250"),
    ("shift_jis", "cp932", "shift_jis"), ("x-sjis", "cp932", "shift_jis"), ("euc-kr", "cp949", "euc-kr"),
    ("ks_c_5601-1987", "cp949", "euc-kr"), ("gb2312", "gb18030", "gb18030"), ("utf-16", "utf-8", "utf-8"),
    ("iso-8859-2", "iso8859-2", "iso-8859-2"),
])
def test_web_codec_labels(label, codec, name):
    assert web_codec(label) == (codec, name)


@pytest.mark.parametrize("label", ["base64", "rot13", "zlib", "hex", "bz2", "uu_codec", "idna", "punycode", "undefined",
                                   "unicode_escape", "utf-7"])
def test_codecs_no_browser_reads_a_page_with_declare_nothing(label):
    assert web_codec(label) is None


def test_web_codec_unknown_label():
    assert web_codec("x-no-such-charset") is None


def test_declared_charset_forms():
    assert declared_charset(b'<html><head><meta charset="UTF-8"></head>') == "utf-8"
    assert declared_charset(b"<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'>") \
        == "windows-1251"
    assert declared_charset(b'<?xml version="1.0" encoding="ISO-8859-2"?><html>') == "iso-8859-2"
    assert declared_charset(b"<html><head><title>x</title></head>") == ""


# -- undeclared encodings ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, codec, name", [
    (RUSSIAN, "cp1251", "windows-1251"),
    (CZECH, "cp1250", "windows-1250"),
    (JAPANESE, "shift_jis", "shift_jis"),
    (KOREAN, "euc-kr", "euc-kr"),
])
def test_undeclared_encodings_are_detected(tmp_path, text, codec, name):
    path = tmp_path / "dump.txt"
    path.write_bytes(("Headline\n" + text + "\n").encode(codec))
    read = read_file(path)
    assert text in read.pages[0].text
    assert read.decoded.encoding == name and read.decoded.how == "detected"
    assert read.decoded.note == f"encoding not declared, detected as {name}"


def test_western_windows_1252_is_not_mistaken_for_central_european(tmp_path):
    spanish = ("El Gobierno de España aprobó el año pasado una ley para la enseñanza, según el ministro, y los niños "
               "tendrán más horas de educación física a partir de septiembre.")
    assert spanish in _read(tmp_path, "es.txt", spanish.encode("cp1252"))
    french = "Le président a déclaré très clairement que la réforme serait votée à l'Assemblée après les fêtes."
    assert french in _read(tmp_path, "fr.txt", french.encode("cp1252"))


# -- bad bytes ---------------------------------------------------------------------------------------------------

def test_one_bad_byte_in_utf8_is_replaced(tmp_path):
    raw = ("Budget approved\n" + RUSSIAN[:80]).encode() + b"\x81" + (RUSSIAN[80:] + "\n").encode()
    path = tmp_path / "dump.txt"
    path.write_bytes(raw)
    read = read_file(path)
    assert read.pages[0].text == "Budget approved\n" + RUSSIAN[:80] + "\ufffd" + RUSSIAN[80:] + "\n"
    assert read.decoded.replaced == 1 and read.decoded.note == "1 undecodable byte replaced"


def test_a_few_bad_bytes_in_a_page_with_few_accents_keep_its_good_letters(tmp_path):
    german = ("Die Weihnachtsmärkte öffnen am Montag, und die Stadt erwartet in diesem Jahr mehr Besucher als "
              "früher, sagte der Bürgermeister.")
    raw = ("Weihnachtsmärkte öffnen\n" + german + "\n").encode().replace(b"Montag", b"Mon\x96tag\xa0\xe4")
    path = tmp_path / "dump.txt"
    path.write_bytes(raw)
    read = read_file(path)
    assert "Weihnachtsmärkte öffnen" in read.pages[0].text and "Bürgermeister" in read.pages[0].text
    assert read.decoded.encoding == "utf-8" and read.decoded.replaced == 3


def test_a_hopeless_file_is_still_refused():
    with pytest.raises(IngestError, match=r"not valid UTF-8 \(byte 0xc3 on line 2\)"):
        decode_bytes(b"Headline here\ncaf\xc3 \x81\x8d\x9d broken bytes\n")


def test_iso_2022_jp_is_not_read_as_ascii():
    raw = ("見出し\n" + JAPANESE).encode("iso2022_jp")
    assert decode_bytes(raw).text == "見出し\n" + JAPANESE


# -- through the pipeline ---------------------------------------------------------------------------------------------

def test_declared_windows_1250_page_ingests_with_the_right_letters(tmp_path, config, content_dir):
    page = tmp_path / "page.html"
    page.write_bytes(_html(CZECH, '<meta charset="windows-1250">', title="Vláda schválila rozpočet").encode("cp1250"))
    report = ingest_file(page, config, out_dir=content_dir, url="https://www.example.cz/a")
    [written] = report.written
    text = written.path.read_text(encoding="utf-8")
    assert "title: Vláda schválila rozpočet" in text and "státním rozpočtu" in text
    assert "Ă" not in text and "Ĺ" not in text


def test_bad_byte_page_ingests_and_the_summary_says_so(tmp_path, config, content_dir, monkeypatch, capsys):
    found = Extracted(title="Budget approved", blocks=(Block("paragraph", RUSSIAN),), published=date(2026, 2, 4))
    seen = []
    monkeypatch.setattr(pipeline, "extract_text", lambda text, url="", captured=None, saved=None:
                        seen.append(text) or found)
    path = tmp_path / "dump.txt"
    path.write_bytes(("Budget approved\n" + RUSSIAN).encode() + b"\xff\n")
    assert run(ingest_args(path, out=content_dir), config) == 0
    assert seen == ["Budget approved\n" + RUSSIAN + "\ufffd\n"]
    assert "1 undecodable byte replaced" in capsys.readouterr().out


def test_detected_encoding_is_noted_on_a_failure_too(tmp_path, config, content_dir):
    path = tmp_path / "menu.txt"
    path.write_bytes("Главная\nНовости\nСпорт\nПогода\nКонтакты\n".encode("cp1251"))
    report = ingest_file(path, config, out_dir=content_dir)
    [failed] = report.failed
    assert failed.message.endswith("[encoding not declared, detected as windows-1251]")


def test_json_lines_split_at_newlines_only_not_at_unicode_line_separators(tmp_path):
    import json

    body = "<html><body><p>First\u2028second\u2029third\u0085fourth</p></body></html>"
    records = [{"url": f"https://example.org/{n}", "html": body} for n in range(3)]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    pages, problems = read_pages(path)
    assert problems == [] and [p.label for p in pages] == ["feed.jsonl:1", "feed.jsonl:2", "feed.jsonl:3"]


@pytest.mark.parametrize("codec, name", [("utf-16-le", "utf-16le"), ("utf-16-be", "utf-16be")])
def test_utf16_without_a_byte_order_mark_is_detected(codec, name):
    text = "Überschrift über die Straßenbahn\n\nDie Linie fährt ab Montag wieder durch die Altstadt — „endlich“.\n" * 3
    decoded = decode_bytes(text.encode(codec), "text")
    assert decoded.text == text and decoded.encoding == name and decoded.how == "detected"


def test_binary_with_zero_bytes_on_both_sides_is_still_refused():
    data = bytes(range(256)) * 40
    with pytest.raises(IngestError, match="binary"):
        decode_bytes(data, "text")


RUSSIAN = ("В приморском городе в субботу открылся новый крытый рынок. Торговцы рыбой и овощами переехали туда со "
           "старой площади, а мэр пообещал, что аренда не вырастет до конца года.")
FRENCH = ("Le conseil municipal a voté mardi la rénovation du marché couvert. Les élus espèrent que les travaux, "
          "prévus dès l'été, seront terminés avant les fêtes de fin d'année.")


def test_another_scripts_bytes_under_a_western_declaration_are_read_in_their_own_encoding():
    """A page in windows-1251 declaring iso-8859-1 (which reads any byte) was written whole as "Â ïðèìîðñêîì"."""
    menu = "".join(f'<li><a href="/section/{n}" class="navigation-item">Section {n}</a></li>' for n in range(60))
    page = (f'<html><head><meta charset="iso-8859-1"><style>.navigation-item {{ color: black; }}</style></head>'
            f'<body><ul>{menu}</ul><p>{RUSSIAN}</p><script>var page = "article";</script></body></html>')
    decoded = decode_bytes(page.encode("cp1251"), "html")
    assert RUSSIAN in decoded.text and decoded.encoding == "windows-1251"
    assert decoded.note == "declares iso-8859-1 but is windows-1251 (detected)"
    # French read in its declared charset keeps it: its accented letters are a few of its letters
    french = f'<html><head><meta charset="iso-8859-1"></head><body><p>{FRENCH}</p></body></html>'
    assert decode_bytes(french.encode("cp1252"), "html").text.count(FRENCH) == 1
