"""Catalogues of hostile content for the security review (tests/security/review.py) and for tests that want them.

Two catalogues:

- XSS_PAYLOADS: markup and script payloads. Each is a template with `{n}`, replaced by a number that says which
  payload in which field it is (`payload_id`), so a payload that runs in a browser reports exactly where it came
  from: every script payload sets `window.__xss = n` when it runs.
- BAD_INPUTS: broken and hostile content files (and things in `content/` that are not files), each made by a
  function that writes it into a content folder.

Nothing here runs a build; `hostile_articles` and `BadInput.make` only write files.
"""

from __future__ import annotations

import json
import os
import random
import socket
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

# ----------------------------------------------------------------------------------------------------------------
# XSS and markup payloads
# ----------------------------------------------------------------------------------------------------------------

# A number no page may ever show: it only appears if content was evaluated as a template.
TEMPLATE_PRODUCT = "1234000"
RUN = "window.__xss={n}"

XSS_PAYLOADS: list[tuple[str, str]] = [
    # plain tags and handlers
    ("script tag", "<script>" + RUN + "</script>"),
    ("img onerror", "<img src=x onerror=" + RUN + ">"),
    ("img onerror quoted", '<img src="x" onerror="' + RUN + '">'),
    ("svg onload", "<svg onload=" + RUN + ">"),
    ("svg script", "<svg><script>" + RUN + "</script></svg>"),
    ("svg animate onbegin", "<svg><animate onbegin=" + RUN + " attributeName=x dur=1s>"),
    ("svg xlink href", '<svg><a xlink:href="javascript:' + RUN + '"><text x="20" y="20">Zebra</text></a></svg>'),
    ("math href", '<math href="javascript:' + RUN + '"><mi>Zebra</mi></math>'),
    ("mathml mxss", "<math><mtext><table><mglyph><style><img src=x onerror=" + RUN + ">"),
    ("details ontoggle", "<details open ontoggle=" + RUN + ">"),
    ("input autofocus", "<input autofocus onfocus=" + RUN + ">"),
    ("body onload", "<body onload=" + RUN + ">"),
    ("iframe srcdoc", '<iframe srcdoc="<script>parent.__xss={n}</script>"></iframe>'),
    ("iframe javascript", '<iframe src="javascript:parent.__xss={n}"></iframe>'),
    ("object data", '<object data="javascript:' + RUN + '"></object>'),
    ("embed src", '<embed src="javascript:' + RUN + '">'),
    ("form formaction", "<form><button formaction=javascript:" + RUN + ">Zebra</button></form>"),
    ("meta refresh", '<meta http-equiv="refresh" content="0;url=javascript:' + RUN + '">'),
    ("base href", '<base href="javascript:' + RUN + '//">'),
    ("anchor javascript", '<a href="javascript:' + RUN + '">Zebra</a>'),
    ("unclosed img", "<img src=x onerror=" + RUN + "//"),
    ("nested script", "<scr<script>ipt>" + RUN + "</scr</script>ipt>"),
    ("noscript mxss", '<noscript><p title="</noscript><img src=x onerror=' + RUN + '>">'),
    # attribute and element breakouts
    ("double-quote breakout", '"><img src=x onerror=' + RUN + ">"),
    ("single-quote breakout", "'><img src=x onerror=" + RUN + ">"),
    ("attribute injection", '" autofocus onfocus="' + RUN + '" x="'),
    ("single attribute injection", "' autofocus onfocus='" + RUN + "' x='"),
    ("script breakout", "</script><script>" + RUN + "</script>"),
    ("script breakout img", "</script><img src=x onerror=" + RUN + ">"),
    ("JSON-LD breakout", '"}</script><script>' + RUN + "</script>"),
    ("comment breakout", "--><img src=x onerror=" + RUN + ">"),
    ("comment script", "<!--</script><script>" + RUN + "</script>-->"),
    ("CDATA breakout", "]]><img src=x onerror=" + RUN + "><![CDATA["),
    ("title breakout", "</title><img src=x onerror=" + RUN + ">"),
    ("textarea breakout", "</textarea><img src=x onerror=" + RUN + ">"),
    # encodings
    ("entity-encoded tag", "&lt;img src=x onerror=" + RUN + "&gt;"),
    ("double-encoded tag", "&amp;lt;img src=x onerror=" + RUN + "&amp;gt;"),
    ("numeric entities", "&#60;img src=x onerror=" + RUN + "&#62;"),
    ("hex entities", "&#x3c;svg onload=" + RUN + "&#x3e;"),
    ("JSON unicode escapes", "\\u003cimg src=x onerror=" + RUN + "\\u003e"),
    ("URL-encoded tag", "%3Cimg%20src%3Dx%20onerror%3D" + RUN + "%3E"),
    # URL schemes (also used as links in the body and as `url:`)
    ("javascript URL", "javascript:" + RUN),
    ("mixed-case javascript", "JaVaScRiPt:" + RUN),
    ("tab-split javascript", "java\tscript:" + RUN),
    ("newline-split javascript", "java\nscript:" + RUN),
    ("leading space javascript", " \x01javascript:" + RUN),
    ("entity javascript", "jav&#x61;script:" + RUN),
    ("entity tab javascript", "java&#9;script:" + RUN),
    ("data URL", "data:text/html,<script>" + RUN + "</script>"),
    ("data base64", "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg=="),
    ("vbscript URL", "vbscript:msgbox({n})"),
    ("http:javascript", "http:javascript:" + RUN),
    ("quote in URL", 'https://example.org/"onmouseover="' + RUN),
    # CSS
    ("css expression", '<div style="width:expression(' + RUN + ')">Zebra</div>'),
    ("css url javascript", "<style>*{background:url('javascript:" + RUN + "')}</style>"),
    ("css import", "<style>@import 'javascript:" + RUN + "';</style>"),
    # template syntax (server and client side)
    ("jinja expression", "{{ 1234*1000 }}"),
    ("jinja statement", "{% for x in range(3) %}{{ 1234*1000 }}{% endfor %}"),
    ("jinja raw", "{% raw %}{{ config }}{% endraw %}"),
    ("js template", "${1234*1000}"),
    ("angular sandbox", "{{constructor.constructor('" + RUN + "')()}}"),
    ("erb", "<%= 1234*1000 %>"),
    # Unicode tricks
    ("fullwidth brackets", "\uff1cscript\uff1e" + RUN + "\uff1c/script\uff1e"),
    ("zero-width in scheme", "java\u200bscript:" + RUN),
    ("bidi override", "\u202e<img src=x onerror=" + RUN + ">"),
    ("line separator", "\u2028</script><script>" + RUN + "</script>\u2029"),
    ("C1 and noncharacters", "\u0085\u009b<img src=x onerror=" + RUN + ">\ufdd0\uffff"),
    ("NUL in tag", "<scr\x00ipt>" + RUN + "</script>"),
]

# Where a payload goes. A field's number is the last two digits of `payload_id`.
FIELDS = ["title", "source", "author", "category", "tags", "topics", "summary", "url", "lang", "image_caption",
          "date_inferred_from", "mood", "body", "custom key", "date_zone", "ingested source", "ingested url",
          "ingested text", "record title", "record text", "record author", "record tag", "record section"]


def payload_id(payload_number: int, field_name: str) -> int:
    """The number a payload reports when it runs: payload number * 100 + field number (payload numbers from 1)."""
    return payload_number * 100 + FIELDS.index(field_name)


def describe_payload_id(number: int) -> str:
    """'img onerror in source' for the number a payload reported."""
    payload, field_number = divmod(number, 100)
    if 1 <= payload <= len(XSS_PAYLOADS) and field_number < len(FIELDS):
        return f"{XSS_PAYLOADS[payload - 1][0]!r} in {FIELDS[field_number]}"
    return f"unknown payload id {number}"


def fill(template: str, number: int) -> str:
    return template.replace("{n}", str(number))


def markdown_body(number: int, template: str) -> str:
    """A body carrying the payload as prose, as a link, an image, an autolink and a reference-style link."""
    payload = fill(template, number)
    one_line = payload.replace("\n", " ")
    return "\n\n".join([
        f"Zebra crossing report {number}. The zebra herd crossed the road while the council debated.",
        payload,
        f"[Zebra link {number}]({one_line}) and ![zebra image {number}]({one_line}) and <{one_line}>",
        f"[Zebra reference {number}][ref{number}] and [zebra titled](https://example.org/ok \"{one_line}\")",
        f"[ref{number}]: {one_line}",
        f"[{one_line}](https://example.org/safe-{number})",
        f"    code block {one_line}",
        f"`inline {one_line}`",
        "| zebra | payload |\n|---|---|\n| cell | " + one_line.replace("|", "\\|") + " |",
    ])


def _front_matter(values: dict) -> str:
    return "---\n" + yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"


# Fields a build validates (or may refuse): each gets its own article per payload, so a refused file never keeps
# the payload out of the other fields.
VALIDATED_FIELDS = ("url", "lang", "topics")


def hostile_articles(day: str = "2026-01-29") -> dict[str, str]:
    """Content files (relative path -> text) carrying every payload in every front matter field and the body.

    Per payload: one article with the payload in every free-text field and the body, and one article for each
    of VALIDATED_FIELDS with the payload in that field only. Every article says "zebra", so one search finds
    them all.
    """
    files = {}
    for number, (name, template) in enumerate(XSS_PAYLOADS, start=1):
        def value(field_name: str) -> str:
            return fill(template, payload_id(number, field_name))

        hour = 6 + number % 12
        date = f"{day}T{hour:02d}:{number % 60:02d}:00+09:00"
        front = {
            "title": f"Zebra {number} {value('title')}",
            "date": date,
            "source": f"Zebra Wire {number} {value('source')}",
            "author": f"Zed {value('author')}",
            "category": value("category"),
            "tags": [value("tags"), f"zebra tag {number}"],
            "summary": f"Zebra summary {value('summary')}",
            "image_caption": f"Zebra photo {value('image_caption')}",
            "date_inferred_from": value("date_inferred_from"),
            "mood": value("mood"),
            value("custom key"): "zebra",
            "date_zone": value("date_zone"),
        }
        files[f"payloads/p{number:02d}-fields.md"] = _front_matter(front) + markdown_body(
            payload_id(number, "body"), template) + "\n"
        for field_name in VALIDATED_FIELDS:
            payload = [value(field_name)] if field_name == "topics" else value(field_name)
            files[f"payloads/p{number:02d}-{field_name}.md"] = _front_matter({
                "title": f"Zebra {field_name} {number}", "date": date, "source": "Zebra Wire",
                field_name: payload}) + f"Zebra with a hostile {field_name} ({name}).\n"
    return files


WORDS = ("harbour council budget river ranger valley bridge permit market vote school clinic railway tunnel "
         "festival museum harvest drought canal ferry airport tariff factory union strike court verdict senator "
         "mayor province glacier quarry orchard vineyard lighthouse stadium library satellite reactor pipeline "
         "freighter customs embassy treaty census ballot monsoon wildfire earthquake volcano archive theatre").split()


def hostile_jsonl() -> str:
    """Scraper output (JSON Lines for `ingest`) whose source, url and text carry each payload, and records in
    news-please's shape whose title, article text, authors, topics and section carry it.

    Written as a scraper would, with ensure_ascii=False: U+2028 and U+0085 stay raw inside JSON strings.
    Each record's prose draws its own words, so ingest does not skip records as near-duplicates.
    """
    lines = []
    for number, (name, template) in enumerate(XSS_PAYLOADS, start=1):
        words = random.Random(number).sample(WORDS, 24)
        prose = [f"The {' '.join(words[i:i + 3])} report number {number} was discussed on Thursday, officials said."
                 for i in range(0, 24, 3)]
        text = "\n".join([
            f"Zebra herd {number} crosses the {words[0]} {fill(template, payload_id(number, 'ingested text'))}",
            "29 January 2026",
            "",
            *prose[:4],
            f"Observers noted the payload {fill(template, payload_id(number, 'ingested text'))} in the notes.",
            *prose[4:],
        ])
        lines.append(json.dumps({
            "url": fill(template, payload_id(number, "ingested url")) if "javascript" in name or "URL" in name
            else f"https://zebra.example/{number}",
            "text": text,
            "source": fill(template, payload_id(number, "ingested source")),
            "fetched_at": "2026-01-29T10:00:00+09:00",
        }, ensure_ascii=False))
        # The same payload in a record of another scraper's shape (news-please: article text already extracted,
        # the headline, authors and topics stated), which ingest takes as it is rather than cleaning it.
        other = random.Random(-number).sample(WORDS, 24)
        story = [f"An okapi {' '.join(other[i:i + 3])} survey number {number} was published on Friday, rangers said."
                 for i in range(0, 24, 3)]
        lines.append(json.dumps({
            "url": f"https://okapi.example/{number}",
            "title": f"Okapi count {number} in the {other[0]} {fill(template, payload_id(number, 'record title'))}",
            "maintext": "\n\n".join([*story[:4], f"- {fill(template, payload_id(number, 'record text'))}",
                                      *story[4:]]),
            "date_publish": "2026-01-30 08:00:00",
            "authors": [fill(template, payload_id(number, "record author"))],
            "topics": [fill(template, payload_id(number, "record tag"))],
            "section": fill(template, payload_id(number, "record section")),
        }, ensure_ascii=False))
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------------------------------------------
# Bad content files
# ----------------------------------------------------------------------------------------------------------------

@dataclass
class BadInput:
    """One broken or hostile thing in `content/`.

    `make(content_dir)` creates it and returns its path (None when this system cannot make it).
    `expect`: "error" (it must be reported as that file's problem), "ok" (it must build), or None (either).
    `markers`: strings one of which an error about it must contain (default: its file name up to '.md').
    `forbidden`: text that must not appear in the built article pages when the file builds.
    """

    name: str
    make: Callable[[Path], Path | None]
    expect: str | None = None
    markers: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()

    def file_markers(self) -> tuple[str, ...]:
        return self.markers or (f"bad-{self.name}",)


GOOD_BODY = "A sentence of body text about tariffs and trade, long enough to be an article.\n"


def _text(name: str, text: str, expect: str | None = None, **kwargs) -> BadInput:
    def make(content: Path) -> Path:
        path = content / f"bad-{name}.md"
        path.write_text(text, encoding="utf-8", newline="")
        return path
    return BadInput(name, make, expect, **kwargs)


def _bytes(name: str, data: bytes, expect: str | None = None, **kwargs) -> BadInput:
    def make(content: Path) -> Path:
        path = content / f"bad-{name}.md"
        path.write_bytes(data)
        return path
    return BadInput(name, make, expect, **kwargs)


def _front(name: str, lines: str, expect: str | None = None, date: str | None = "2026-01-28",
           title: str | None = "Bad case", **kwargs) -> BadInput:
    """A file whose front matter holds `lines` besides a title and date (either left out when None)."""
    head = (f"title: {title}\n" if title is not None else "") + (f"date: {date}\n" if date is not None else "")
    return _text(name, f"---\n{head}{lines}\n---\n\n{GOOD_BODY}", expect, **kwargs)


def _date(name: str, value: str, expect: str | None = "error", **kwargs) -> BadInput:
    return _text(name, f"---\ntitle: Bad date case\ndate: {value}\n---\n\n{GOOD_BODY}", expect, **kwargs)


def _special(name: str, make: Callable[[Path], Path | None], expect: str | None = None, **kwargs) -> BadInput:
    return BadInput(name, make, expect, **kwargs)


def _symlink_loop(content: Path) -> Path:
    path = content / "bad-symlink-loop.md"
    path.symlink_to(path.name)
    return path


def _symlink_dangling(content: Path) -> Path:
    path = content / "bad-symlink-dangling.md"
    path.symlink_to("no-such-file.md")
    return path


def _symlink_outside(content: Path) -> Path:
    path = content / "bad-symlink-outside.md"
    path.symlink_to("/etc/passwd")
    return path


def _symlink_dev_zero(content: Path) -> Path:
    path = content / "bad-symlink-devzero.md"
    path.symlink_to("/dev/zero")
    return path


def _symlink_dir_loop(content: Path) -> Path:
    folder = content / "bad-dirloop"
    folder.mkdir()
    (folder / "again").symlink_to("..")
    return folder


def _fifo(content: Path) -> Path:
    path = content / "bad-fifo.md"
    os.mkfifo(path)
    return path


def _socket(content: Path) -> Path | None:
    path = content / "bad-socket.md"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(str(path))
    except OSError:
        return None
    finally:
        sock.close()  # the socket file stays; nothing listens on it
    return path


def _device_null(content: Path) -> Path | None:
    """A character device node (like /dev/null) named *.md; needs root. /dev/null, so reading it ends at once."""
    path = content / "bad-device.md"
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except OSError:
        return None
    return path


def _directory_named_md(content: Path) -> Path:
    path = content / "bad-directory.md"
    path.mkdir()
    (path / "inner.txt").write_text("not an article\n")
    return path


def _unreadable(content: Path) -> Path:
    path = content / "bad-unreadable.md"
    path.write_text(f"---\ntitle: Unreadable\ndate: 2026-01-28\n---\n\n{GOOD_BODY}")
    path.chmod(0)
    return path


def _non_utf8_name(content: Path) -> Path:
    path = Path(os.fsdecode(os.fsencode(content) + b"/bad-nonutf8-\xff\xfe.md"))
    path.write_text(f"---\ntitle: Zebra crossing\ndate: 2026-01-28\n---\n\n{GOOD_BODY}")
    return path


def _non_utf8_name_empty_slug(content: Path) -> Path:
    path = Path(os.fsdecode(os.fsencode(content) + b"/\xff\xfe.md"))
    path.write_text(f"---\ntitle: '!!! ???'\ndate: 2026-01-28\n---\n\n{GOOD_BODY}")
    return path


def _newline_name(content: Path) -> Path:
    path = content / "bad-newline\nname.md"
    path.write_text(f"---\ntitle: Newline name\ndate: 2026-01-28\n---\n\n{GOOD_BODY}")
    return path


def _long_name(content: Path) -> Path:
    path = content / ("bad-long-name-" + "x" * 230 + ".md")
    path.write_text(f"---\ntitle: Long name\ndate: 2026-01-28\n---\n\n{GOOD_BODY}")
    return path


def _sparse(content: Path) -> Path:
    path = content / "bad-sparse.md"
    with path.open("wb") as handle:
        handle.truncate(200 << 20)  # 200 MB of NUL bytes, no disk used
    return path


def _alias_bomb() -> str:
    lines = ['a0: ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        prev = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([prev] * 9)}]")
    lines[0] = 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'
    return "\n".join(lines) + "\ntags: *a9"


PARAGRAPH = "Tariff negotiations continued with long technical sessions on autos and steel. " * 12
C1 = "\u0080\u0085\u009b\u009f"
NONCHARACTERS = "\ufdd0\ufdef\ufffe\uffff\U0001fffe\U0010ffff"
C1_ESCAPED = "".join(f"\\x{ord(c):02x}" for c in C1)
NONCHARACTERS_ESCAPED = "".join(f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}" for c in NONCHARACTERS)

BAD_INPUTS: list[BadInput] = [
    # YAML syntax
    _front("unclosed-quote", 'source: "Wire', "error"),
    _front("bad-indent", "source: Wire\n  extra: value", "error"),
    _front("tab-indent", "source: Wire\n\tauthor: Tab", "error"),
    _front("unclosed-bracket", "tags: [a, b", "error"),
    _front("unclosed-brace", "x: {a: 1", "error"),
    _front("colon-in-value", "source: a: b", "error"),
    _front("undefined-alias", "source: *nope", "error"),
    _front("python-object", 'x: !!python/object/apply:os.system ["touch /tmp/newsdigest-review-pwned"]', "error"),
    _front("python-name", "x: !!python/name:os.system", "error"),
    _front("unknown-tag", "x: !foo bar", None),
    _text("fm-is-list", f"---\n- a\n- b\n---\n\n{GOOD_BODY}", "error"),
    _text("fm-is-scalar", f"---\njust a sentence\n---\n\n{GOOD_BODY}", "error"),
    _text("fm-is-null", f"---\n~\n---\n\n{GOOD_BODY}", "error"),
    _text("fm-unclosed", f"---\ntitle: Unclosed\ndate: 2026-01-28\n\n{GOOD_BODY}", "error"),
    _text("no-front-matter", GOOD_BODY, "error"),
    _text("only-fences", "---\n---\n", "error"),
    _text("two-documents", f"---\ntitle: Two\ndate: 2026-01-28\n---\ntitle: Again\n---\n{GOOD_BODY}", None),
    _front("yaml-control-char", "source: Wi\x07re", "error"),
    _bytes("nul-byte", b"---\ntitle: Nul\x00byte\ndate: 2026-01-28\n---\n\nBody\x00text.\n", "error"),
    # PyYAML constructors that raise ValueError & co. instead of a YAML error
    _date("feb30", "2026-02-30"),
    _date("hour25", "2026-01-29T25:00:00"),
    _date("offset25", "2026-01-29T10:00:00+25:00"),
    _date("timestamp-tag", "!!timestamp x"),
    _front("int-tag", "x: !!int abc", "error"),
    _front("float-tag", "x: !!float abc", "error"),
    _front("bool-tag", "x: !!bool maybe", "error"),
    _front("binary-tag", 'x: !!binary "!!!*"', None),
    _front("set-tag", "x: !!set [a, b]", "error"),
    _front("omap-tag", "x: !!omap {a: 1}", "error"),
    _front("nested-int-tag", "tags:\n  - ok\n  - !!int abc", "error"),
    _date("month13", "2026-13-01"),
    _date("year0", "0000-01-01"),
    _date("year5digits", "99999-01-01"),
    _date("long-fraction", "2026-01-29T10:00:00.12345678901234567890+09:00", None),
    _date("year1899", "1899-12-31"),
    _date("year2200", "2200-01-01"),
    # partial, ambiguous and build-day dependent dates
    _date("time-only", '"12:30"'),
    _date("weekday-only", '"Tuesday"'),
    _date("month-only", '"March"'),
    _date("number-10", '"10"'),
    _date("year-only", '"2027"'),
    _date("slash-ambiguous", '"01/02/2026"'),
    _date("zone-abbreviation", '"Jan 29 2026 3pm EST"', None,
          forbidden=("T15:00:00+09:00", "15:00+09:00")),
    _date("unknown-zone", '"2026-01-29 10:00 XYZ"'),
    _date("year-month", '"2026-01"', None),
    _date("yesterday", '"yesterday"'),
    _date("empty-string", '""'),
    _date("null", "null"),
    _front("missing-date", "source: Wire", "error", date=None),
    _date("integer", "20260129", None),   # ISO 8601 basic format
    _date("float", "1.5"),
    _date("list", "[2026-01-29]"),
    _date("mapping", "{y: 2026}"),
    _date("boolean", "true"),
    _date("named-month", '"29 January 2026"', "ok"),
    _date("iso-zulu", "2026-01-29T10:00:00Z", "ok"),
    # encodings
    _bytes("binary", bytes(range(256)) * 8, "error"),
    _bytes("latin1", "---\ntitle: Café crème\ndate: 2026-01-28\n---\n\nA café.\n".encode("latin-1"), None),
    _bytes("invalid-utf8-body", b"---\ntitle: Body\ndate: 2026-01-28\n---\n\nBad \xff\xfe bytes.\n", None),
    _bytes("utf16", "---\ntitle: UTF-16\ndate: 2026-01-28\n---\n\nBody.\n".encode("utf-16"), None),
    _bytes("utf8-bom", b"\xef\xbb\xbf---\ntitle: BOM\ndate: 2026-01-28\n---\n\nBody.\n", "ok"),
    _bytes("double-bom", b"\xef\xbb\xbf\xef\xbb\xbf---\ntitle: Two BOMs\ndate: 2026-01-28\n---\n\nBody.\n", None),
    _text("bom-in-title", "---\ntitle: \"Zebra \ufeff title\"\ndate: 2026-01-28\n---\n\nBody.\n", "ok"),
    _text("crlf", "---\r\ntitle: CRLF\r\ndate: 2026-01-28\r\n---\r\n\r\nBody.\r\n", "ok"),
    _text("cr-only", "---\rtitle: CR\rdate: 2026-01-28\r---\r\rBody.\r", None),
    _bytes("surrogate-bytes", b"---\ntitle: Sur\xed\xa0\x80rogate\ndate: 2026-01-28\n---\n\nBody.\n", None),
    _bytes("overlong-utf8", b"---\ntitle: Over\xc0\xaflong\ndate: 2026-01-28\n---\n\nBody.\n", None),
    _bytes("empty", b"", "error"),
    _text("whitespace-only", " \n\t\n  \n", "error"),
    _bytes("bom-only", b"\xef\xbb\xbf", "error"),
    # size and depth
    _text("huge-body", "---\ntitle: Huge report\ndate: 2026-01-28\n---\n\n"
          + "\n\n".join(PARAGRAPH for _ in range(10_600)) + "\n", "ok"),
    _front("huge-title", "", None, title="Zebra " + "word " * 200_000),
    # 5,000 tags make 10,000 tag pages and feeds (linear; 50,000 take over a minute just to write)
    _front("many-tags", "tags: [" + ", ".join(f"tag{n}" for n in range(5_000)) + "]", None),
    _front("deep-list", "x: " + "[" * 5_000 + "]" * 5_000, None),
    _front("deep-mapping", "x: " + "{a: " * 3_000 + "1" + "}" * 3_000, None),
    _front("alias-bomb", _alias_bomb(), "error"),   # aliases may repeat 10,000 values at most (yaml_checks)
    _text("deep-blockquote", "---\ntitle: Quotes\ndate: 2026-01-28\n---\n\n" + "> " * 20_000 + "deep\n", None),
    _text("emphasis-storm", "---\ntitle: Stars\ndate: 2026-01-28\n---\n\n" + "*a " * 50_000 + "\n", None),
    _text("bracket-storm", "---\ntitle: Brackets\ndate: 2026-01-28\n---\n\n" + "[" * 50_000 + "x" + "]" * 50_000
          + "\n", None),
    _text("long-line", "---\ntitle: One line\ndate: 2026-01-28\n---\n\n" + "zebra" * 2_000_000 + "\n", None),
    # duplicate keys, YAML 1.1 booleans, non-text values
    _front("duplicate-title", "title: Again", "error"),
    _front("duplicate-date", "date: 2026-01-27", "error"),
    _front("bool-title-no", "", None, title="No", forbidden=("False",)),
    _front("bool-source-yes", "source: yes", None, forbidden=("True",)),
    _front("bool-title-on", "", None, title="on", forbidden=("True",)),
    _front("null-title", "", "error", title="~"),
    _front("number-title", "", None, title="123"),
    _front("date-title", "", None, title="2026-01-29"),
    _front("list-title", "", "error", title="[a, b]"),
    _front("mapping-title", "", "error", title="{a: b}"),
    _front("list-source", "source: [A, B]", "error"),
    _front("mapping-author", "author: {name: X}", "error"),
    _front("string-tags", 'tags: "a, b"', None),
    _front("odd-tags", "tags: [1, 2.5, true, null]", None),
    _front("nested-tags", "tags: [[nested]]", "error"),
    _front("mapping-topics", "topics: {a: 1}", "error"),
    _front("draft-maybe", 'draft: "maybe"', "error"),
    _front("slug-traversal", 'slug: "../../../etc/zebra"', None),
    _front("slug-empty", 'slug: ""', None),
    _front("summary-number", "summary: 123", None),
    # lang and url
    _front("lang-breakout", 'lang: "en\\" onload=\\"x"', "error"),
    _front("lang-empty", 'lang: ""', None),
    _front("lang-number", "lang: 123", "error"),
    _front("url-http-javascript", 'url: "http:javascript:1"', "error"),
    _front("url-space", 'url: "https://exa mple.org/a b"', "error"),
    _front("url-quote", 'url: "https://example.org/\\"onmouseover=\\"x"', "error"),
    _front("url-scheme-relative", 'url: "//evil.example/x"', "error"),
    _front("url-ftp", 'url: "ftp://example.org/x"', "error"),
    _front("url-no-host", 'url: "https://"', "error"),
    # control characters, noncharacters, bidi
    # as YAML escapes (how yaml.safe_dump writes them, so how ingest stores scraped text); raw, YAML refuses most
    _front("c1-title", "", "ok", title=f'"Zebra {C1_ESCAPED} title"', forbidden=tuple(C1)),
    _front("noncharacter-title", "", "ok", title=f'"Zebra {NONCHARACTERS_ESCAPED} title"',
           forbidden=tuple(NONCHARACTERS)),
    _front("c1-caption", f'image_caption: "Photo {C1_ESCAPED}{NONCHARACTERS_ESCAPED}"\n'
           f'date_inferred_from: "caption {C1_ESCAPED}{NONCHARACTERS_ESCAPED}"', "ok",
           forbidden=tuple(C1 + NONCHARACTERS)),
    _front("c1-extra-keys", f'mood: "calm {C1_ESCAPED}"\ndate_zone: "{NONCHARACTERS_ESCAPED}"', "ok",
           forbidden=tuple(C1 + NONCHARACTERS)),
    _front("c1-raw-yaml", "", None, title=f'"Zebra {C1} title"', forbidden=tuple(C1)),
    _text("c1-body", f"---\ntitle: C1 body\ndate: 2026-01-28\n---\n\nBody {C1}{NONCHARACTERS} text.\n", "ok",
          forbidden=tuple(C1 + NONCHARACTERS)),
    _front("bidi-title", "", None, title='"Zebra \u202etxt.exe"'),
    _front("zero-width-title", "", None, title='"\u200b\u200c\u200d"'),
    _front("emoji-title", "", None, title='"\U0001f993\U0001f993"'),
    # things in content/ that are not plain files
    _special("symlink-loop", _symlink_loop, "error"),
    _special("symlink-dangling", _symlink_dangling, "error"),
    _special("symlink-outside", _symlink_outside, "error"),
    _special("symlink-devzero", _symlink_dev_zero, "error"),
    _special("dir-symlink-loop", _symlink_dir_loop, None, markers=("bad-dirloop",)),
    _special("fifo", _fifo, "error"),
    _special("socket", _socket, "error"),
    _special("device", _device_null, "error"),
    _special("directory", _directory_named_md, None),
    _special("unreadable", _unreadable, "error"),
    _special("nonutf8-name", _non_utf8_name, None, markers=("bad-nonutf8-",)),
    _special("nonutf8-name-empty-slug", _non_utf8_name_empty_slug, None,
             markers=("\\xff", "\\udcff", "%FF", "\ufffd", "\xff")),
    _special("newline-name", _newline_name, None, markers=("bad-newline",)),
    _special("long-name", _long_name, None, markers=("bad-long-name-",)),
    _special("sparse-200mb", _sparse, "error", markers=("bad-sparse",)),
]
