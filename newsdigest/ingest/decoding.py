"""An input file's bytes -> text: byte order marks, declared charsets (HTML's `<meta>`, XML's declaration), UTF-8,
encodings detected by charset-normalizer, and the binary files (PDFs, images, archives) no page is read from.
`decode_bytes` says how each file decoded, for the run's summary."""

from __future__ import annotations

import codecs
import dataclasses
import re
from dataclasses import dataclass

from newsdigest.ingest.model import IngestError

_MAGIC = {b"%PDF": "a PDF", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
          b"PK\x03\x04": "a ZIP archive", b"\x1f\x8b": "a gzip archive"}


@dataclass(frozen=True)
class Decoded:
    """A file's text and how it was decoded, for the summary ("detected windows-1251", "2 bad bytes replaced")."""

    text: str
    encoding: str            # the WHATWG-style name: "utf-8", "windows-1250", "shift_jis", ...
    how: str                 # "utf-8", "byte order mark", "declared", "detected", "windows-1252 fallback"
    replaced: int = 0        # undecodable bytes (or byte sequences) replaced by U+FFFD
    declared: str = ""       # the charset label the page declared, as written ("iso-8859-1"), when it declared one
    nuls: int = 0            # NUL bytes dropped from a JSON Lines file (what a crash leaves in a file appended to)

    @property
    def note(self) -> str:
        """A short remark for the summary; empty when the file was plain (or declared) UTF-8 or as declared."""
        notes = []
        if self.how == "detected":
            notes.append(f"declares {self.declared} but is {self.encoding} (detected)" if self.declared
                         else f"encoding not declared, detected as {self.encoding}")
        elif self.how == "windows-1252 fallback":
            notes.append("not UTF-8 and no encoding declared: read as windows-1252")
        elif self.declared and (web_codec(self.declared) or ("", ""))[1] != self.encoding:
            notes.append(f"declares {self.declared} but is {self.encoding}")
        if self.replaced:
            notes.append(f"{self.replaced} undecodable byte{'s' if self.replaced != 1 else ''} replaced")
        if self.nuls:
            notes.append(f"{self.nuls} NUL byte{'s' if self.nuls != 1 else ''} dropped")
        return "; ".join(notes)


def decode(raw: bytes, kind: str = "") -> str:
    """Bytes -> text (see `decode_bytes`)."""
    return decode_bytes(raw, kind).text


# Byte order marks, longest first (UTF-32 LE starts like UTF-16 LE).
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32le"),
         (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32be"), (b"\xff\xfe", "utf-16-le", "utf-16le"),
         (b"\xfe\xff", "utf-16-be", "utf-16be"))
DETECT_MIN_BYTES = 8         # fewer non-ASCII bytes than this: too little to detect an encoding from


def decode_bytes(raw: bytes, kind: str = "") -> Decoded:
    """Bytes -> text, in this order:

    1. a byte order mark (UTF-8, UTF-16, UTF-32), or UTF-16 without one (`_bomless_utf16`);
    2. UTF-8 when the bytes are valid UTF-8 (even if an HTML page declares another charset: a scraper that saved
       the decoded page as UTF-8 keeps the old declaration);
    3. the charset an HTML page declares (`<meta charset>`, `http-equiv` Content-Type, XML declaration), with
       undecodable bytes replaced, unless an encoding detected from the bytes reads more of them;
    4. UTF-8 with its stray bad bytes replaced, when it has at least as many well-formed non-ASCII characters;
    5. an undeclared legacy encoding detected by charset-normalizer (windows-1251, shift_jis, euc-kr, ...);
    6. windows-1252.

    `kind` is "html" for HTML pages (only they are searched for a declaration), "records" for JSON Lines files
    (their NUL bytes are dropped, not taken for a binary file's). Empty, binary and hopeless input
    (not UTF-8, nothing declared or detected, not windows-1252) raises IngestError.
    """
    if not raw.strip():
        raise IngestError("file is empty")
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            text = raw.decode(codec, errors="replace")
            if not text.strip("\ufeff \t\r\n"):
                raise IngestError("file is empty")
            return Decoded(text.removeprefix("\ufeff"), name, "byte order mark", text.count("\ufffd"))
    for magic, what in _MAGIC.items():
        if raw.startswith(magic):
            raise IngestError(f"this is {what}, not a text, HTML, JSON Lines or feed file")
    head = raw[:8192]
    utf16 = _bomless_utf16(head)
    if utf16 is not None:
        codec, name = utf16
        text = raw.decode(codec, errors="replace")
        return Decoded(text, name, "detected", text.count("\ufffd"))
    if kind == "records" and b"\x00" in raw:
        # A crash while a scraper appended to the file leaves a block of NULs where records were to go: the
        # records around it are still records (as a bad line costs only itself).
        return dataclasses.replace(decode_bytes(raw.replace(b"\x00", b""), kind), nuls=raw.count(b"\x00"))
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13, 27))
    # A binary file has NULs all through it; a page with a stray one or two (a broken encoder, a copy-paste) is
    # text, read as a page whose NULs are dropped, as they are further into a file.
    if head.count(b"\x00") > 2 or controls > len(head) * 0.05:
        raise IngestError("binary file: not a text, HTML, JSON Lines or feed file")
    declared_label = declared_charset(raw) if kind == "html" else ""
    declared = web_codec(declared_label) if declared_label else None
    declared_name = declared_label if declared else ""
    if raw.isascii():
        if b"\x1b$" in raw or b"\x1b(J" in raw:   # ISO-2022-JP: 7-bit, with escape sequences
            text = raw.decode("iso2022_jp", errors="replace")
            return Decoded(text, "iso-2022-jp", "declared" if declared else "detected", text.count("\ufffd"),
                           declared_name)
        return Decoded(raw.decode("ascii"), declared[1] if declared else "utf-8", "utf-8", 0, declared_name)
    try:
        return Decoded(raw.decode("utf-8"), "utf-8", "utf-8", 0, declared_name)
    except UnicodeDecodeError as err:
        first_error = err
    if declared is not None and declared[1] != "utf-8":
        text = raw.decode(declared[0], errors="replace")
        replaced = text.count("\ufffd")
        # A page saved again in another encoding can keep its old declaration: bytes the declared charset cannot
        # read say so, and an encoding detected from the bytes that reads more of them is the page's own. A declared
        # Western charset reads any bytes, so the text tells: Russian read as windows-1252 is nearly all accented
        # letters ("Â ïðèìîðñêîì"), detected from the words holding them (the page's markup reads as Latin).
        misread = not replaced and _mostly_accented(text)
        detected = (detect_encoding(b" ".join(_HIGH_WORDS.findall(raw)) if misread else raw)
                    if replaced or misread else None)
        if detected is not None and detected[1] != declared[1]:
            other = raw.decode(detected[0], errors="replace")
            if other.count("\ufffd") < replaced or (misread and not other.count("\ufffd")
                                                    and not _mostly_accented(other)):
                return Decoded(other, detected[1], "detected", other.count("\ufffd"), declared_name)
        return Decoded(text, declared[1], "declared", replaced, declared_name)
    bad, valid = _utf8_damage(raw)
    # Text in a legacy encoding is nearly all bad sequences when read as UTF-8 (an "ä" of windows-1252 before a
    # letter is one); its well-formed ones happen by chance and are far fewer. As many well-formed characters as
    # bad sequences is UTF-8 with stray bytes: read as anything else, all its good letters would be garbled.
    if valid and bad <= valid:
        return Decoded(raw.decode("utf-8", errors="replace"), "utf-8", "utf-8", bad, declared_name)
    detected = detect_encoding(raw)
    if detected is not None:
        codec, name = detected
        text = raw.decode(codec, errors="replace")
        return Decoded(text, name, "detected", text.count("\ufffd"), declared_name)
    try:
        return Decoded(raw.decode("cp1252"), "windows-1252", "windows-1252 fallback", 0, declared_name)
    except UnicodeDecodeError:
        line = raw[: first_error.start].count(b"\n") + 1
        raise IngestError(f"not valid UTF-8 (byte 0x{raw[first_error.start]:02x} on line {line}), no encoding "
                          "declared or detected, and not windows-1252 either; re-save the page as UTF-8") from None


MISREAD_LETTERS = 20      # accented Latin letters a text has at least, to be judged misread ...
MISREAD_SHARE = 0.5       # ... and this share of the letters of the words holding them (French: about 15%)
_ACCENTED_WORD = re.compile(r"[^\W\d_]*[\u00c0-\u00ff][^\W\d_]*")
_HIGH_WORDS = re.compile(rb"[A-Za-z\x80-\xff]*[\x80-\xff][A-Za-z\x80-\xff]*")   # words of bytes, one above 127


def _mostly_accented(text: str) -> bool:
    """Whether the words holding letters of Latin-1's upper half (À to ÿ) are mostly such letters, as another script
    read as a Western charset is ("ïðèìîðñêîì"; French words hold one or two), markup and scripts left aside."""
    words = _ACCENTED_WORD.findall(text)
    accented = sum(1 for word in words for character in word if "\u00c0" <= character <= "\u00ff")
    return accented >= MISREAD_LETTERS and accented >= MISREAD_SHARE * sum(map(len, words))


def _bomless_utf16(head: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a byte order mark: zero bytes on one side of every pair (the high byte of each
    Latin letter, digit and line end), almost none on the other. Binary files have zeros on both sides."""
    pairs = len(head) // 2
    if pairs < 16:
        return None
    even, odd = head[0:pairs * 2:2].count(0), head[1:pairs * 2:2].count(0)
    if odd >= 0.1 * pairs and even <= 0.01 * pairs:
        return "utf-16-le", "utf-16le"
    if even >= 0.1 * pairs and odd <= 0.01 * pairs:
        return "utf-16-be", "utf-16be"
    return None


def _utf8_damage(raw: bytes, limit: int = 200) -> tuple[int, int]:
    """(bad byte sequences, well-formed non-ASCII characters) when `raw` is read as UTF-8; counting stops at `limit`."""
    bad = valid = 0
    position = 0
    while position < len(raw) and bad < limit:
        try:
            chunk = raw[position:].decode("utf-8")
        except UnicodeDecodeError as err:
            chunk = raw[position: position + err.start].decode("utf-8")
            bad += 1
            position += err.end
        else:
            position = len(raw)
        valid += sum(1 for char in chunk if ord(char) > 127)
    return bad, valid


_META_CHARSET = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE)
_XML_DECLARATION = re.compile(rb"^\s*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']", re.IGNORECASE)


def declared_charset(raw: bytes) -> str:
    """The charset an HTML page declares in its first 8 kB: XML declaration, <meta charset>, http-equiv."""
    head = raw[:8192]
    for pattern in (_XML_DECLARATION, _META_CHARSET):
        match = pattern.search(head)
        if match:
            return match.group(1).decode("ascii", "replace").strip().lower()
    return ""


# Labels as browsers read them (WHATWG Encoding Standard): Latin-1 and ASCII mean windows-1252, Shift_JIS means
# Microsoft's superset, and a page that says UTF-16 in ASCII-readable markup is not UTF-16.
_WEB_LABELS = {
    "utf-8": "utf-8", "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8", "utf-16": "utf-8", "utf-16le": "utf-8",
    "utf-16be": "utf-8", "unicode": "utf-8",
    "iso-8859-1": "windows-1252", "iso8859-1": "windows-1252", "iso_8859-1": "windows-1252", "latin1": "windows-1252",
    "latin-1": "windows-1252", "l1": "windows-1252", "ascii": "windows-1252", "us-ascii": "windows-1252",
    "cp1252": "windows-1252", "windows-1252": "windows-1252", "x-cp1252": "windows-1252", "cp819": "windows-1252",
    "x-user-defined": "windows-1252",
    "iso-8859-9": "windows-1254", "latin5": "windows-1254", "iso-8859-11": "windows-874", "tis-620": "windows-874",
    "shift_jis": "shift_jis", "shift-jis": "shift_jis", "sjis": "shift_jis", "x-sjis": "shift_jis",
    "ms_kanji": "shift_jis", "windows-31j": "shift_jis", "csshiftjis": "shift_jis", "ms932": "shift_jis",
    "cp932": "shift_jis",
    "euc-kr": "euc-kr", "ks_c_5601-1987": "euc-kr", "windows-949": "euc-kr", "cp949": "euc-kr", "korean": "euc-kr",
    "ksc5601": "euc-kr", "ks_c_5601-1989": "euc-kr", "csksc56011987": "euc-kr",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb18030": "gb18030", "chinese": "gb18030",
    "csgb2312": "gb18030", "cp936": "gb18030", "big5": "big5", "big5-hkscs": "big5", "x-x-big5": "big5",
    "cn-big5": "big5",
}
# WHATWG name -> the Python codec that decodes it as browsers do (the Microsoft supersets).
_PYTHON_CODECS = {"utf-8": "utf-8", "windows-1252": "cp1252", "shift_jis": "cp932", "euc-kr": "cp949",
                  "gb18030": "gb18030", "big5": "big5hkscs"}


_NOT_PAGE_ENCODINGS = frozenset({"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape", "utf-7"})


def web_codec(label: str) -> tuple[str, str] | None:
    """(Python codec, WHATWG-style name) for a declared charset label; None when Python has no such codec."""
    label = label.strip().strip("\"'").lower()
    name = _WEB_LABELS.get(label)
    if name is not None:
        return _PYTHON_CODECS.get(name, name), name
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    python = info.name
    # Python also knows codecs no browser reads a page with: bytes-to-bytes ones ("base64", "zlib"), "rot13",
    # "idna", "punycode", "undefined" and the escape codecs. A page declaring one of those declares nothing.
    if not getattr(info, "_is_text_encoding", True) or python in _NOT_PAGE_ENCODINGS:
        return None
    pretty = {"cp1250": "windows-1250", "cp1251": "windows-1251", "cp1253": "windows-1253",
              "cp1254": "windows-1254", "cp1255": "windows-1255", "cp1256": "windows-1256",
              "cp1257": "windows-1257", "cp1258": "windows-1258", "cp874": "windows-874"}.get(python, label)
    if pretty.startswith("iso8859-"):
        pretty = "iso-8859-" + pretty.split("-", 1)[1]
    return python, pretty


# Legacy encodings still found on the web, most common first: ties between single-byte candidates that read
# equally well (Spanish reads the same in windows-1250 as in windows-1252 but for ñ) go to the more common one.
_DETECTABLE = ("cp1252", "cp1250", "cp1251", "cp949", "cp932", "gb18030", "big5", "euc_jp", "iso2022_jp",
               "cp1253", "cp1254", "cp1256", "cp1255", "cp1257", "koi8_r", "koi8_u", "iso8859_2", "iso8859_5",
               "iso8859_7", "cp874", "cp866")
_DETECTED_NAMES = {"cp1252": "windows-1252", "cp1250": "windows-1250", "cp1251": "windows-1251",
                   "cp1253": "windows-1253", "cp1254": "windows-1254", "cp1255": "windows-1255",
                   "cp1256": "windows-1256", "cp1257": "windows-1257", "cp874": "windows-874", "cp949": "euc-kr",
                   "cp932": "shift_jis", "gb18030": "gb18030", "big5": "big5", "euc_jp": "euc-jp",
                   "iso2022_jp": "iso-2022-jp", "koi8_r": "koi8-r", "koi8_u": "koi8-u", "iso8859_2": "iso-8859-2",
                   "iso8859_5": "iso-8859-5", "iso8859_7": "iso-8859-7", "cp866": "ibm866"}
DETECT_MAX_CHAOS = 0.2
_TIE_CHAOS, _TIE_COHERENCE = 0.01, 0.02


def detect_encoding(raw: bytes) -> tuple[str, str] | None:
    """(Python codec, name) of an undeclared legacy encoding, by charset-normalizer; None when unsure."""
    if sum(1 for byte in raw if byte > 127) < DETECT_MIN_BYTES:
        return None                      # a word or two: windows-1252 (the fallback) is the better guess
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        return None
    try:
        matches = list(from_bytes(raw, cp_isolation=list(_DETECTABLE)))
    except Exception:  # a detector problem must not lose the page: fall back to windows-1252
        return None
    matches = [m for m in matches if m.encoding in _DETECTABLE and m.chaos <= DETECT_MAX_CHAOS]
    if not matches:
        return None
    best_chaos = min(m.chaos for m in matches)
    best_coherence = max(m.coherence for m in matches if m.chaos <= best_chaos + _TIE_CHAOS)
    tied = [m for m in matches
            if m.chaos <= best_chaos + _TIE_CHAOS and m.coherence >= best_coherence - _TIE_COHERENCE]
    chosen = min(tied, key=lambda m: _DETECTABLE.index(m.encoding))
    codec = {"cp949": "cp949", "cp932": "cp932", "big5": "big5hkscs"}.get(chosen.encoding, chosen.encoding)
    return codec, _DETECTED_NAMES.get(chosen.encoding, chosen.encoding)
