"""Build the Mercury corpus (`evaluation/mercury/`, git-ignored): titles, dates and authors of Postlight Parser's
saved pages.

    .venv/bin/python -m evaluation.build_mercury --source DIR [--out evaluation/mercury] [--browsers 2] [--limit N]

`--source`: a checkout or bare git mirror (read at HEAD) of github.com/postlight/parser (the Mercury Parser),
holding `fixtures/<name>.html` (real article pages of about 150 sites, saved as served) and the custom extractors'
tests `src/extractors/custom/<domain>/index.test.js`.

The truth is what those tests assert: each test case reads one fixture (`fs.readFileSync('./fixtures/...')`),
parses it with `Mercury.parse(url, ...)` and asserts the `title`, `author`, `date_published` (ISO 8601 in UTC,
"...Z") and often the first 13 words of the content. The test files are read as data, never run: `read_test_file`
takes them apart with a small JavaScript tokenizer (strings in '...', "..." or `...`, split over lines or joined
with "+"); an assertion it cannot read as a field compared with a string literal is left out and counted, and so
is a case that asserts no title (a page that is no article: a video, a repository). A case's fixture and address
come from its own block, or from the `beforeAll` of the `describe` around it. newsdigest was never tuned on
these pages.

Licence: the repository is dual-licensed MIT or Apache 2.0 (LICENSE-MIT, LICENSE-APACHE), but the fixtures are
third-party pages that belong to their publishers: the built corpus is never committed; whoever wants it builds
it from the source.

For every page the build renders the fixture's plain-text dump in headless Chromium (`evaluation.browser_text`,
as `build_corpus`), slims its HTML, splits the pages by site into `train` (the development half) and `test`
(held back: measure only), and writes `pages.jsonl.xz` (records as `evaluation.corpus.CorpusPage`, with an
empty body: the tests give no whole article) and a generated `README.md`.
"""

from __future__ import annotations

import collections
import hashlib
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from evaluation import html_tools
from evaluation.build_corpus import _record, chromium_version, token_recall
from evaluation.build_gn1 import TEST_SHARE, _development_overlap, _reasons, rendered_pages, site_split, slimmed
from evaluation.build_gn1 import count_rows, run_builder, write_built
from evaluation.corpus_sources import SourcePage, _domain_label, materialise
from evaluation.language_guess import checked_language

REPOSITORY_URL = "https://github.com/postlight/parser"
CORPUS = "mercury"
OUT_DIR = Path(__file__).resolve().parent / "mercury"
TESTS_FOLDER = "src/extractors/custom"
FIXTURES_FOLDER = "fixtures"
LICENCE_FILES = ("LICENSE-MIT", "LICENSE-APACHE")

# The fields a case's assertions are read for; the content's first words are found by the name of the variable
# that holds `excerptContent(...)`.
FIELDS = ("title", "author", "date_published")
FIRST_WORDS = "first_words"
_HOOKS = {"beforeAll", "beforeEach", "before"}  # their fixture serves the assertions of the block around them


# ---------------------------------------------------------------------------------------------------------------
# A JavaScript tokenizer: enough of the language to find calls, assignments and string literals in a test file.


@dataclass(frozen=True)
class Token:
    """One token of the source: a "string" (`value` its text, None for a template with `${...}`), a "name", a
    "number", a "regex" or a "punct" (an operator or one bracket)."""

    kind: str
    text: str
    value: str | None = None


_NAME = re.compile(r"[A-Za-z_$][\w$]*")
_NUMBER = re.compile(r"\d[\w.]*")
_OPERATOR = re.compile(r"[=!<>&|+\-*%^~?:]+")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
# After these, "/" starts a regular expression rather than a division.
_BEFORE_REGEX = set("(,=:[!&|?{};+-*%<>~^") | {"return", "typeof"}


def _string_literal(source: str, start: int) -> tuple[str | None, int]:
    """The value of the quoted string or template literal starting at `start`, and the index after it. A
    template literal holding `${...}` has no fixed value (None)."""
    quote, i, out, fixed = source[start], start + 1, [], True
    while i < len(source):
        char = source[i]
        if char == "\\":
            nxt = source[i + 1:i + 2]
            if nxt in ("\n", "\r"):  # a line continuation adds nothing
                i += 3 if source[i + 1:i + 3] == "\r\n" else 2
                continue
            if nxt == "u" and source[i + 2:i + 3] == "{":
                end = source.index("}", i)
                out.append(chr(int(source[i + 3:end], 16)))
                i = end + 1
                continue
            if nxt == "u":
                out.append(chr(int(source[i + 2:i + 6], 16)))
                i += 6
                continue
            if nxt == "x":
                out.append(chr(int(source[i + 2:i + 4], 16)))
                i += 4
                continue
            out.append(_SIMPLE_ESCAPES.get(nxt, nxt))
            i += 2
            continue
        if char == quote:
            return ("".join(out) if fixed else None), i + 1
        if quote == "`" and source.startswith("${", i):
            fixed, depth = False, 0
            while i < len(source):  # skip the substitution, nested braces included
                depth += {"{": 1, "}": -1}.get(source[i], 0)
                i += 1
                if depth == 0:
                    break
            continue
        if char == "\n" and quote != "`":
            raise ValueError(f"unterminated string at offset {start}")
        out.append(char)
        i += 1
    raise ValueError(f"unterminated string at offset {start}")


def tokenize(source: str) -> list[Token]:
    """The tokens of a JavaScript source, comments and whitespace left out."""
    tokens: list[Token] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char.isspace():
            i += 1
        elif source.startswith("//", i):
            i = source.find("\n", i) if "\n" in source[i:] else len(source)
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            i = len(source) if end < 0 else end + 2
        elif char in "'\"`":
            value, end = _string_literal(source, i)
            tokens.append(Token("string", source[i:end], value))
            i = end
        elif char == "/" and (not tokens or tokens[-1].text in _BEFORE_REGEX):
            match = re.compile(r"/(?:\\.|\[(?:\\.|[^\]\\])*\]|[^/\\\n])+/[a-z]*").match(source, i)
            end = match.end() if match else i + 1
            tokens.append(Token("regex" if match else "punct", source[i:end]))
            i = end
        elif match := _NAME.match(source, i):
            tokens.append(Token("name", match.group()))
            i = match.end()
        elif match := _NUMBER.match(source, i):
            tokens.append(Token("number", match.group()))
            i = match.end()
        elif match := _OPERATOR.match(source, i):
            tokens.append(Token("punct", match.group()))
            i = match.end()
        else:
            tokens.append(Token("punct", char))
            i += 1
    return tokens


_OPENERS = {"(": ")", "[": "]", "{": "}"}


class _Structure:
    """The tokens of a file with their brackets matched: for each token, the innermost bracket around it."""

    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.match: dict[int, int] = {}
        self.parent: list[int | None] = []
        stack: list[int] = []
        for index, token in enumerate(tokens):
            if token.kind == "punct" and token.text in (")", "]", "}") and stack:
                opener = stack.pop()
                self.match[opener], self.match[index] = index, opener
            self.parent.append(stack[-1] if stack else None)
            if token.kind == "punct" and token.text in _OPENERS:
                stack.append(index)
        if stack:
            raise ValueError("unbalanced brackets")

    def is_punct(self, index: int, text: str) -> bool:
        return 0 <= index < len(self.tokens) and self.tokens[index].kind == "punct" \
            and self.tokens[index].text == text

    def is_name(self, index: int, text: str | None = None) -> bool:
        return 0 <= index < len(self.tokens) and self.tokens[index].kind == "name" \
            and (text is None or self.tokens[index].text == text)

    def enclosing(self, index: int, bracket: str) -> int | None:
        """The innermost `bracket` ("(" or "{") around token `index`."""
        node = self.parent[index]
        while node is not None and self.tokens[node].text != bracket:
            node = self.parent[node]
        return node

    def inside(self, index: int, block: int) -> bool:
        """Whether token `index` lies within the bracket opened at `block`."""
        return block < index < self.match[block]

    def arguments(self, open_paren: int) -> list[tuple[int, int]]:
        """The (start, end) token ranges of the arguments of the call whose "(" is at `open_paren`."""
        ranges, start = [], open_paren + 1
        for index in range(open_paren + 1, self.match[open_paren]):
            if self.parent[index] == open_paren and self.is_punct(index, ","):
                ranges.append((start, index))
                start = index + 1
        if start < self.match[open_paren]:
            ranges.append((start, self.match[open_paren]))
        return ranges

    def string_value(self, start: int, end: int) -> str | None:
        """The value of tokens[start:end] when they are string literals joined by "+" (in parentheses or not)."""
        while self.is_punct(start, "(") and self.match.get(start) == end - 1:
            start, end = start + 1, end - 1
        parts = self.tokens[start:end]
        if not parts or len(parts) % 2 == 0:
            return None
        if any(token.kind != "string" or token.value is None for token in parts[::2]) \
                or any(not (token.kind == "punct" and token.text == "+") for token in parts[1::2]):
            return None
        return "".join(token.value for token in parts[::2])

    def expression_end(self, start: int) -> int:
        """The end of the expression starting at `start`: the first ";", "," or closing bracket at its level, or
        the next statement (a name or a string that no operator joins to the one before)."""
        index = start
        while index < len(self.tokens):
            token = self.tokens[index]
            if token.kind == "punct" and token.text in (";", ",", ")", "]", "}"):
                return index
            if token.kind == "punct" and token.text in _OPENERS:
                index = self.match[index] + 1
                continue
            if index > start and token.kind in ("name", "string", "number") \
                    and self.tokens[index - 1].kind in ("name", "string", "number"):
                return index
            index += 1
        return index

    def calls(self, *names: str) -> list[int]:
        """The "(" of every call of `names` joined by dots ("Mercury", "parse" is `Mercury.parse(`)."""
        found = []
        for index in range(len(self.tokens) - 2 * len(names) + 1):
            if all(self.is_name(index + 2 * n, name) and (n == len(names) - 1 or self.is_punct(index + 2 * n + 1, "."))
                   for n, name in enumerate(names)):
                after = index + 2 * len(names) - 1
                if self.is_punct(after, "("):
                    found.append(after)
        return found

    def assignments(self, name: str) -> list[int]:
        """The index of the first token of the value of every `name = value`."""
        return [index + 2 for index in range(len(self.tokens) - 2)
                if self.is_name(index, name) and self.is_punct(index + 1, "=")
                and not self.is_punct(index - 1, ".")]


# ---------------------------------------------------------------------------------------------------------------
# Reading a test file


@dataclass
class FixtureCase:
    """What one test case asserts about one fixture."""

    fixture: str  # the fixture's path in the repository, "fixtures/www.nytimes.com.html"
    url: str | None  # the address the case gives Mercury.parse
    truth: dict[str, str] = field(default_factory=dict)  # field ("title", "author", "date_published",
    #                                                      "first_words") -> the asserted string
    skipped: list[str] = field(default_factory=list)  # assertions on those fields left out, with why


@dataclass
class ReadCases:
    """The cases of one test file, and the fixture reads that gave no case, with why."""

    cases: list[FixtureCase]
    problems: list[tuple[str, str]]  # (what, why): a fixture read that gave no case, or the file itself


def _case_scope(structure: _Structure, read_call: int) -> int | None:
    """The "{" of the block a fixture read serves: the function body it is read in, or, for a read in a
    `beforeAll`-like hook, the body of the `describe` around that hook."""
    body = structure.enclosing(read_call, "{")
    if body is None:
        return None
    call = structure.enclosing(body, "(")
    if call is not None and structure.is_name(call - 1) and structure.tokens[call - 1].text in _HOOKS:
        return structure.enclosing(call, "{")
    return body


def _resolve(structure: _Structure, start: int, end: int, before: int) -> str | None:
    """The string an argument stands for: a literal, or a variable's last string assignment before token
    `before` in a block around it (else anywhere before it)."""
    if (value := structure.string_value(start, end)) is not None or end - start != 1 \
            or not structure.is_name(start):
        return value
    found = []
    for value_start in structure.assignments(structure.tokens[start].text):
        if value_start >= before:
            continue
        block = structure.enclosing(value_start, "{")
        value = structure.string_value(value_start, structure.expression_end(value_start))
        if value is not None:
            found.append((block is None or structure.inside(before, block), value_start, value))
    return max(found)[2] if found else None


def _excerpt_names(structure: _Structure) -> set[str]:
    """Names of the variables that hold the content's first words: `first13 = excerptContent($('*').first()
    .text(), 13)`; an excerpt of another element (`$('p').last()`) is no start of the article."""
    names = set()
    for call in structure.calls("excerptContent"):
        inner = [token.text for token in structure.tokens[call:structure.match[call]] if token.kind == "name"]
        if structure.is_punct(call - 2, "=") and structure.is_name(call - 3) and "first" in inner \
                and "last" not in inner:
            names.add(structure.tokens[call - 3].text)
    return names


def _derived_names(structure: _Structure, source_name: str) -> set[str]:
    """Names of the variables assigned an expression that uses `source_name` (`x = moment(date_published)...`)."""
    names = set()
    for index in range(len(structure.tokens) - 2):
        if structure.is_name(index) and structure.is_punct(index + 1, "=") and not structure.is_punct(index - 1, "."):
            end = structure.expression_end(index + 2)
            if any(structure.is_name(n, source_name) for n in range(index + 2, end)):
                names.add(structure.tokens[index].text)
    return names


def _assertion_field(structure: _Structure, start: int, end: int, excerpts: set[str],
                     derived: dict[str, set[str]]) -> tuple[str | None, str | None]:
    """(field, None) when the assertion's first argument is one of FIELDS or the content's first words;
    (None, why) when it is only a piece or a reshaping of a field (`title.split('Twitter')[0]`,
    `moment(date_published).format()`, a day in the zone of whoever runs the test); (None, None) otherwise."""
    if end - start == 1 and structure.is_name(start):
        name = structure.tokens[start].text
        if name in FIELDS:
            return name, None
        if name in excerpts:
            return FIRST_WORDS, None
    names = {structure.tokens[n].text for n in range(start, end) if structure.is_name(n)}
    for name in FIELDS:
        if name in names or names & derived[name]:
            text = " ".join(token.text for token in structure.tokens[start:end])
            return None, f"{name} asserted only as `{text}`, a piece or reshaping of it"
    return None, None


def read_test_file(source: str) -> ReadCases:
    """The test cases of one `index.test.js`: for each fixture it reads, the address it parses the fixture with
    and the strings it asserts for the title, author, date_published and the content's first words.

    A case is the block a fixture is read in (or, for a read in a `beforeAll`-like hook, the `describe` block
    around it); an assertion belongs to the innermost case around it. An assertion against null or undefined, or
    against anything but a string literal (or literals joined with "+"), is left out and noted in the case's
    `skipped`; so is a date compared only after reshaping (`moment(date_published).format()...`). Fixture reads
    whose case gives no address are the file's `problems`.
    """
    try:
        structure = _Structure(tokenize(source))
    except ValueError as err:
        return ReadCases([], [("the file", f"not read: {err}")])
    excerpts = _excerpt_names(structure)
    derived = {name: _derived_names(structure, name) for name in FIELDS}
    scopes: list[tuple[int, FixtureCase]] = []
    problems: list[tuple[str, str]] = []
    for call in structure.calls("readFileSync"):
        arguments = structure.arguments(call)
        path = structure.string_value(*arguments[0]) if arguments else None
        if path is None or not re.match(r"(?:\./)?fixtures/", path):
            problems.append((f"fixture {path!r}", "a fixture read whose path is not a literal"))
            continue
        scope = _case_scope(structure, call)
        if scope is None:
            problems.append((path, "a fixture read outside any block"))
            continue
        scopes.append((scope, FixtureCase(fixture=re.sub(r"^\./", "", path), url=None)))
    scopes = list({(scope, case.fixture): (scope, case) for scope, case in scopes}.values())

    def case_of(index: int) -> FixtureCase | None:
        holders = [(scope, case) for scope, case in scopes if structure.inside(index, scope)]
        return max(holders, key=lambda holder: holder[0])[1] if holders else None

    for call in structure.calls("Mercury", "parse"):
        case = case_of(call)
        arguments = structure.arguments(call)
        if case is not None and case.url is None and arguments:
            case.url = _resolve(structure, *arguments[0], before=call)
    asserted: dict[int, dict[str, list[str]]] = collections.defaultdict(lambda: collections.defaultdict(list))
    for call in structure.calls("assert", "equal") + structure.calls("assert", "strictEqual"):
        arguments = structure.arguments(call)
        case = case_of(call)
        if case is None or len(arguments) < 2:
            continue
        name, why = _assertion_field(structure, *arguments[0], excerpts, derived)
        if name is None:
            if why:
                case.skipped.append(why)
            continue
        start, end = arguments[1]
        value = structure.string_value(start, end)
        if value is None:
            shown = " ".join(token.text for token in structure.tokens[start:end])
            case.skipped.append(f"{name} asserted as `{shown[:60]}`"
                                + ("" if shown in ("null", "undefined") else " (not a string literal)"))
        else:
            asserted[id(case)][name].append(value)
    for _, case in scopes:
        for name, values in asserted[id(case)].items():
            if len(set(values)) == 1:
                case.truth[name] = values[0]
            else:
                case.skipped.append(f"{name} asserted differently in one case: " + " | ".join(values))
    cases = []
    for _, case in sorted(scopes, key=lambda holder: holder[0]):
        if case.url is None:
            problems.append((case.fixture, "no address given to Mercury.parse in its case"))
        else:
            cases.append(case)
    return ReadCases(cases, problems)


# ---------------------------------------------------------------------------------------------------------------
# Cases into pages


@dataclass
class ReadStats:
    """What reading the repository found, for the README."""

    test_files: int = 0
    cases: int = 0
    fixtures: int = 0
    skipped_cases: dict[str, str] = field(default_factory=dict)  # "fixture (address)" -> why
    skipped_asserts: collections.Counter = field(default_factory=collections.Counter)  # why (generalised) -> n
    unread_fixtures: list[str] = field(default_factory=list)  # fixtures no case of a custom extractor reads
    other_address: list[str] = field(default_factory=list)  # pages whose own address differs from the test's
    duplicates: list[str] = field(default_factory=list)  # fixtures with the same bytes as another


def merge_cases(cases: list[FixtureCase]) -> tuple[list[FixtureCase], dict[str, str]]:
    """One case per fixture: the cases that read one fixture under one address are one page (some test files
    read the fixture again in every `it`); a fixture parsed under two addresses (page 1 and page 2 of an
    article) keeps the address of its titled cases. Returns the merged cases, and the cases left out with why."""
    by_fixture: dict[str, list[FixtureCase]] = collections.defaultdict(list)
    for case in cases:
        by_fixture[case.fixture].append(case)
    merged, left_out = [], {}
    for fixture, group in by_fixture.items():
        titled = [case.url for case in group if "title" in case.truth]
        url = titled[0] if titled else group[0].url
        page = FixtureCase(fixture=fixture, url=url)
        values: dict[str, list[str]] = collections.defaultdict(list)
        for case in group:
            if case.url != url:
                left_out[f"{fixture} ({case.url})"] = "the same fixture parsed under another address"
                continue
            page.skipped += case.skipped
            for name, value in case.truth.items():
                values[name].append(value)
        for name, found in values.items():
            if len(set(found)) == 1:
                page.truth[name] = found[0]
            else:
                page.skipped.append(f"{name} asserted differently by two cases: " + " | ".join(sorted(set(found))))
        merged.append(page)
    return merged, left_out


def _generalised(why: str) -> str:
    """A skip reason without its particulars, for counting."""
    name = why.split()[0]
    if " as `null`" in why or " as `undefined`" in why:
        return f"{name} asserted as null or undefined"
    if "piece or reshaping" in why:
        return f"{name} asserted only through a piece or reshaping of it"
    if "differently" in why:
        return f"{name} asserted differently by two cases"
    return f"{name} asserted as something other than a string literal"


def _same_address(one: str, other: str) -> bool:
    """Whether two addresses name the same page: host without "www.", path without a trailing slash; scheme,
    query and fragment ignored (a page's canonical link drops tracking parameters)."""
    def key(url: str) -> tuple[str, str]:
        parts = urlsplit(url.strip())
        return (parts.hostname or "").removeprefix("www."), parts.path.rstrip("/")
    return key(one) == key(other)


def read_mercury(root: Path, limit: int | None = None) -> tuple[list[SourcePage], ReadStats]:
    """Every fixture that a custom extractor's test case asserts a title for, with the asserted truth."""
    stats = ReadStats()
    cases: list[FixtureCase] = []
    for test_path in sorted((root / TESTS_FOLDER).glob("*/index.test.js")):
        stats.test_files += 1
        read = read_test_file(test_path.read_text(encoding="utf-8"))
        stats.cases += len(read.cases)
        stats.skipped_cases |= {f"{test_path.parent.name} test, {what}": why for what, why in read.problems}
        cases += read.cases
    merged, left_out = merge_cases(cases)
    stats.skipped_cases |= left_out
    fixtures = sorted(path.relative_to(root).as_posix() for path in (root / FIXTURES_FOLDER).glob("*.html"))
    stats.fixtures = len(fixtures)
    stats.unread_fixtures = sorted(set(fixtures) - {case.fixture for case in merged})
    kept = []
    for case in merged:
        stats.skipped_asserts.update(_generalised(why) for why in case.skipped)
        if not (root / case.fixture).is_file():
            stats.skipped_cases[f"{case.fixture} ({case.url})"] = "the fixture is missing"
        elif "title" not in case.truth:
            stats.skipped_cases[f"{case.fixture} ({case.url})"] = "no title asserted"
        else:
            kept.append(case)
    if limit:  # a quick trial run: every n-th page
        kept = kept[:: max(1, len(kept) // limit)][:limit]
    pages, digests = [], {}
    for case in sorted(kept, key=lambda case: case.fixture):
        data = (root / case.fixture).read_bytes()
        html, codec = html_tools.decode_html(data)
        doc = html_tools.parse_document(html)
        page_id = f"{CORPUS}/{Path(case.fixture).stem}"
        notes = list(case.skipped)
        if (digest := hashlib.sha256(data).hexdigest()) in digests:
            stats.duplicates.append(f"{page_id} = {digests[digest]}")
            notes.append(f"the same bytes as {digests[digest]}")
        digests.setdefault(digest, page_id)
        own = html_tools.own_url(doc, html)
        if own and not _same_address(own, case.url):
            stats.other_address.append(f"{page_id}: test {case.url}, page {own}")
            notes.append(f"the page names another address as its own: {own}")
        if first_words := case.truth.get(FIRST_WORDS):
            notes.append(f"first words of the content, as Mercury's test asserts them: {first_words}")
        host = urlsplit(case.url).hostname or ""
        label = _domain_label(case.url)
        domain = Path(case.fixture).stem.split("--")[0]
        author = " ".join(case.truth.get("author", "").split())
        pages.append(SourcePage(
            id=page_id, corpus=CORPUS, publisher=host or domain,
            group_ids=(f"site:{label}" if label else f"host:{host or domain}",),
            html=html, html_codec=codec, declared_charset=html_tools.declared_charset(data), url=case.url,
            title=case.truth["title"], body="", authors=(author,) if author else (),
            published=case.truth.get("date_published"), site_name=domain,
            declared_language=html_tools.declared_language(doc), notes=notes))
    return pages, stats


# ---------------------------------------------------------------------------------------------------------------
# Output

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# How Postlight Parser stores every meta tag of a fixture: when it loads a page it renames `content` to `value` and
# `property` to `name`, and the fixtures were saved so. A `<meta>` tag with `value="..."` and no `content` ...
_VALUE_ONLY_META = re.compile(r"<meta\b(?![^>]*\bcontent\s*=)([^>]*?)(?<![\w-])value(\s*=)", re.IGNORECASE)
# ... and a `name` in one of Open Graph's namespaces, which the protocol writes as an RDFa `property`.
_OPEN_GRAPH_NAME = re.compile(r"(<meta\b[^>]*?)(?<![\w-])name(\s*=\s*[\"']?(?:og|article|fb|book|profile|video|music"
                              r"|product|place):)", re.IGNORECASE)


def served_meta(html: str) -> str:
    """The page's meta tags as served: `value=` back to `content=` where a tag has no `content`, and an Open Graph
    `name` back to `property`. The fixtures hold them renamed (`<meta value="2019-04-19T20:00:00.000Z"
    name="article:published_time">`), which HTML readers do not look at (htmldate took a teaser's date over that
    one); a page's own markup never writes `value` so (no other corpus's page has such a tag)."""
    return _OPEN_GRAPH_NAME.sub(r"\1property\2", _VALUE_ONLY_META.sub(r"<meta\1content\2", html))


def slimmed_page(html: str) -> tuple[str, str | None]:
    """`build_gn1.slimmed` of the page with its meta tags as served (`served_meta`), and a note if it had to be
    mended: a stray control character (a saved page may hold one in its text) is one lxml cannot store, and a
    browser shows none, so they are dropped."""
    html = served_meta(html)
    try:
        return slimmed(html)
    except ValueError:
        html, count = _CONTROL.subn("", html)
        slim, note = slimmed(html)
        return slim, "; ".join(filter(None, (f"{count} control character(s) dropped before slimming", note)))


README = """\
# Mercury: titles, dates and authors of Postlight Parser's saved pages (built locally, never committed)

{pages} saved pages of {sites} sites (news and magazine articles for the most part, dated {years}), each with the
title, publication instant and author that Postlight Parser's (the Mercury Parser's) tests assert for it.
Built by `evaluation/build_mercury.py` on {day} from `{source}` (commit `{commit}`) in {seconds:.0f} s.
newsdigest was never tuned on it.

Source: {url}, `fixtures/*.html` and `{tests}/<domain>/index.test.js`. **Licence:** the repository is
dual-licensed MIT or Apache 2.0 (`LICENSE-MIT`, `LICENSE-APACHE`); the fixtures are **third-party pages that
belong to their publishers** (each record's `url`), saved as test data. This folder is git-ignored: do not
commit, publish or pass on its files; rebuild them from the source.

    .venv/bin/python -m evaluation.dates --corpus-dir evaluation/mercury --split train   # or test: measure only

## How it was built

- **Truth**: the strings the custom extractors' test cases assert with `assert.equal(title, ...)`,
  `assert.equal(author, ...)` and `assert.equal(date_published, ...)` for the fixture the case reads
  (`fs.readFileSync('./fixtures/...')`) and the address it parses it with (`Mercury.parse(url, ...)`). The test
  files are read as data by a small JavaScript tokenizer (`read_test_file`), never run. A case is the block the
  fixture is read in, or the `describe` around a `beforeAll` that reads it; cases that read one fixture under
  one address are one page. `published` is Mercury's `date_published`: an instant in UTC ("...Z"), which Mercury
  derives from what the page states, reading a time without its zone in the test runner's zone or a zone its
  extractor names, so the UTC day can differ from the day the page prints. `authors` is the asserted author
  string as one item (as Readability's byline in the development corpus). `body` is empty: the tests assert no
  whole article; the content's first 13 words, where asserted (`excerptContent($('*').first().text(), 13)`),
  are in the page's `notes`. `site_name` is the fixture's domain.
- **Left out**: assertions against null or undefined, against anything but a string literal, and of only a
  piece or a reshaping of a field (`title.split(...)[0]`, a date as `moment(date_published).format()`'s day, in
  the zone of whoever runs the tests); cases that assert no title.
- **Dump**: `document.body.innerText` of the fixture in headless Chromium {chromium}, offline, without
  JavaScript or images (`evaluation/browser_text.py`, as for the development corpus). **HTML**: the fixture
  with its meta tags as served (the fixtures store `<meta value="..." name="og:...">`, Postlight Parser's
  renaming of `content` and `property`, which `served_meta` undoes), slimmed by `html_tools.slim_html`, stored
  as UTF-8 (`html_charset` keeps the declaration). **Language**: the
  declared one, checked against the dump (`language_guess.checked_language`).
- **Split by site**: key `site:<domain name without its public suffix>`; a site is in `test` when SHA-256 of the
  key (build_corpus's `_stable_fraction`) maps below {test_share}, as for L3S-GN1. `train` is the development
  half; `test` is held back: never look at its pages. {overlap}

## Counts

| | train | test | all |
|---|---|---|---|
{rows}

Languages: {languages}.

Read: {test_files} test files, {cases} cases, {fixtures} fixtures. Cases or pages left out ({left_out_count}):
{left_out}

Assertions left out, on the pages kept and left out: {skipped_asserts}.

Fixtures no kept case reads ({unread_count}): {unread}.

Pages whose canonical link or og:url names another page than the test's address ({other_count}): {other}.

Fixtures with the same bytes as another: {duplicates}. Pages with an empty dump (the page shows nothing without
its scripts): {empty}.
"""


def readme_text(records: list[dict], stats: ReadStats, left_out: dict[str, str], source: Path, commit: str,
                seconds: float) -> str:
    """The generated README of the built corpus: what it is, licence, how it was built, counts, what was left
    out."""
    rows = count_rows(
        records, ("pages with a date", lambda rs: sum(bool(r["published"]) for r in rs)),
        ("pages with an author", lambda rs: sum(bool(r["authors"]) for r in rs)),
        ("pages with the content's first words",
         lambda rs: sum(any(n.startswith("first words") for n in r["notes"]) for r in rs)))
    languages = collections.Counter(r["language"] or "unknown" for r in records)
    years = sorted(r["published"][:4] for r in records if r["published"])
    listed = "; ".join(f"{what} ({why})" for what, why in sorted(left_out.items()))
    return README.format(
        pages=len(records), sites=len({r["publisher_group"] for r in records}), day=time.strftime("%Y-%m-%d"),
        years=f"{years[0]}–{years[-1]}" if years else "without dates",
        source=source, commit=commit, seconds=seconds, url=REPOSITORY_URL, tests=TESTS_FOLDER,
        chromium=chromium_version(), test_share=TEST_SHARE, overlap=_development_overlap(records), rows=rows,
        languages=", ".join(f"{language} {n}" for language, n in languages.most_common()),
        test_files=stats.test_files, cases=stats.cases, fixtures=stats.fixtures, left_out_count=len(left_out),
        left_out=_reasons(left_out) + (f" ({listed})." if listed else "."),
        skipped_asserts=", ".join(f"{why}: {n}" for why, n in sorted(stats.skipped_asserts.items())) or "none",
        unread_count=len(stats.unread_fixtures), unread=", ".join(stats.unread_fixtures) or "none",
        other_count=len(stats.other_address), other="; ".join(stats.other_address) or "none",
        duplicates="; ".join(stats.duplicates) or "none",
        empty=", ".join(r["id"] for r in records if not r["dump"].strip()) or "none")


def build(source: Path, out: Path, browsers: int, limit: int | None) -> None:
    """Read the test files and fixtures, render, slim, split and write the corpus to `out` (see the module
    docstring)."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsdigest-mercury-") as scratch:
        root, commit = materialise(source, [FIXTURES_FOLDER, TESTS_FOLDER, *LICENCE_FILES], Path(scratch))
        pages, stats = read_mercury(root, limit)
    print(f"read {stats.test_files} test files, {stats.cases} cases: {len(pages)} pages", file=sys.stderr)
    shown, failures = rendered_pages(pages, browsers, slimmed_page)
    records = []
    for page, dump, slim in shown:
        language, note = checked_language(page.declared_language, dump)
        page.notes += [note] if note else []
        group_key = page.group_ids[0]
        records.append(_record(page, site_split(group_key), group_key, language, dump, slim,
                               token_recall(page.body, dump)))
    left_out = stats.skipped_cases | {page_id: f"not rendered: {error}" for page_id, error in failures.items()}
    write_built(out, records, left_out, started,
                lambda seconds: readme_text(records, stats, left_out, source, commit, seconds))


def main(argv: list[str] | None = None) -> None:
    """The command line (see the module docstring)."""
    run_builder(argv, "python -m evaluation.build_mercury", __doc__, build, OUT_DIR,
                "checkout or bare git mirror of github.com/postlight/parser")


if __name__ == "__main__":
    main()
