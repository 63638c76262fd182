"""YAML checks beyond the safe loader's, for front matter and `config.yaml`: no key given twice in one mapping,
aliases held to a size (a composed document is measured by what its aliases repeat, before it is built), and text
that YAML cuts short where its writer meant it whole.

An alias (`*name`) repeats the whole value anchored `&name`. The composed document shares that value's node, so
loading stays cheap, but a few hundred bytes of nested aliases stand for billions of values, and everything that
walks the built data afterwards (text cleaning, the build cache, templates) pays for every copy.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

# What aliases may add to one document, over what is written out: far beyond real use (the largest front matter
# of the sample content has 28 values and 510 characters in all, the sample config 275 values), yet small
# enough that a file at the limit adds some 50 ms to a build and 1 MB to the build cache.
MAX_REPEATED_VALUES = 10_000
MAX_REPEATED_CHARACTERS = 1_000_000


# Scalars whose text is the key (the merge key `<<` is no key: it merges a mapping in)
_KEY_AS_WRITTEN_TAGS = {"tag:yaml.org,2002:" + name for name in ("str", "bool", "int", "float", "timestamp", "null",
                                                                  "value")}


def key_as_written(loader: yaml.constructor.BaseConstructor, node: yaml.Node) -> Any:
    """A mapping's key as its file writes it: a plain scalar's text (`1:`, `on:` and `1.0:` are three keys, where
    Python holds 1, True and 1.0 as one and the second would have replaced the first; `null:` is "null", not
    None), else what YAML builds."""
    if isinstance(node, yaml.ScalarNode) and node.tag in _KEY_AS_WRITTEN_TAGS:
        return node.value
    return loader.construct_object(node, deep=True)


def first_duplicate_key(loader: yaml.constructor.BaseConstructor, node: yaml.MappingNode,
                        line_of: Callable[[yaml.Mark], int],
                        key_of: Callable[[yaml.ScalarNode], Any] | None = None) -> tuple[str, yaml.Mark] | None:
    """(message, mark of its second copy) for the first key written twice in this mapping, or None. Keys merged in
    with `<<` may repeat one written out; `line_of` gives a mark's line as the message should name it; `key_of` the
    key a node is (by default the value YAML builds)."""
    first_line: dict[Any, int] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = key_of(key_node) if key_of else loader.construct_object(key_node, deep=True)
        if key in first_line:
            return f"duplicate key {key!r} (first on line {first_line[key]}); keep only one", key_node.start_mark
        first_line[key] = line_of(key_node.start_mark)
    return None


def refused_character(err: yaml.YAMLError, text: str) -> tuple[int, str] | None:
    """(0-based line of `text`, message) for a character YAML's reader refuses (a control character or a
    noncharacter), or None for another error. The reader names only an offset, which libyaml counts in bytes
    and PyYAML in characters, so the line is found where the character is."""
    if not isinstance(err, yaml.reader.ReaderError):
        return None
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    line = text.count("\n", 0, found.start()) if found else 0
    return line, f"unacceptable character #x{err.character:04x}: {err.reason}"


def unclosed_quote(err: yaml.YAMLError, text: str, first_line: int = 1) -> tuple[int, str] | None:
    """(0-based line, message) for a syntax error that a quote left open earlier caused, or None: YAML lets a quoted
    value run over lines, so `title: "My News` reads on to the next quote, lines below, and the error is reported
    there. The last quoted value before the error that spans lines is taken for it. Lines in the message are
    counted from `first_line` (2 for front matter, under its `---`)."""
    mark = getattr(err, "problem_mark", None)
    if mark is None or isinstance(err, yaml.reader.ReaderError):
        return None
    started = getattr(err, "context_mark", None)
    if started is not None and "quoted scalar" in str(getattr(err, "context", "")) \
            and "escape" not in str(err.problem):   # never closed at all (not a "\\q" in one that is)
        return started.line, f"a value quoted here is never closed ({err.problem} on line {mark.line + first_line})"
    spanning = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") \
                    and token.end_mark.line > token.start_mark.line:
                spanning = token
    except yaml.YAMLError:
        pass
    # (the error right after the value ends: a value quoted over lines on purpose is followed by no error there)
    if spanning is None or spanning.start_mark.line >= mark.line or spanning.end_mark.line != mark.line:
        return None
    quote = spanning.style
    end = spanning.end_mark.line + first_line
    return spanning.start_mark.line, (f"the value quoted with {quote} here runs on to line {end}"
                                      f" (is its closing {quote} missing?), where YAML then finds: {err.problem}")


class AliasExpansionError(yaml.MarkedYAMLError):
    """Aliases that repeat more than the limits allow; `problem` is for people, `problem_mark` is at an alias."""


def load_yaml(text: str, what: str, loader_class: type = yaml.SafeLoader) -> Any:
    """yaml.safe_load, refusing with AliasExpansionError a document that aliases expand beyond the limits."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        check_aliases(node, text, what, loader_class)
        return None if node is None else loader.construct_document(node)
    finally:
        loader.dispose()


def check_aliases(node: yaml.Node | None, text: str, what: str, loader_class: type) -> None:
    """Raise AliasExpansionError if the aliases in `node` (composed from `text`) repeat more than the limits.

    Each distinct node is measured once however many aliases share it, so even a bomb is measured in
    microseconds; text without a `*` has no alias and is not walked at all. A value inside itself (`&a [*a]`)
    counts once: YAML builds it as one list or mapping that holds itself (front matter refuses it as recursive).
    """
    if node is None or "*" not in text:
        return
    sizes: dict[int, tuple[int, int] | None] = {}   # id(node) -> (values, characters); None while being measured
    finished: list[yaml.Node] = []                   # collections, innermost first
    written_values = written_characters = 0
    stack = [node]
    while stack:
        current = stack[-1]
        key = id(current)
        if isinstance(current, yaml.ScalarNode):
            stack.pop()
            if key not in sizes:
                sizes[key] = (1, len(current.value))
                written_values += 1
                written_characters += len(current.value)
            continue
        children = _children(current)
        if key not in sizes:   # first visit: it stays on the stack, to be summed once its children are
            sizes[key] = None
            stack.extend(child for child in children if id(child) not in sizes)
            continue
        stack.pop()
        if sizes[key] is not None:
            continue
        values, characters = 1, 0
        for child in children:
            child_size = sizes[id(child)] or (1, 0)   # None: the node is inside itself
            values += child_size[0]
            characters += child_size[1]
        sizes[key] = (values, characters)
        written_values += 1
        finished.append(current)
    values, characters = sizes[id(node)] or (1, 0)
    if values - written_values > MAX_REPEATED_VALUES:
        raise _refusal(finished, sizes, 0, f"{MAX_REPEATED_VALUES:,} values", text, what, loader_class)
    if characters - written_characters > MAX_REPEATED_CHARACTERS:
        raise _refusal(finished, sizes, 1, f"{MAX_REPEATED_CHARACTERS:,} characters", text, what, loader_class)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    return node.value


def _refusal(finished: list[yaml.Node], sizes: dict[int, tuple[int, int] | None], part: int, limit: str, text: str,
             what: str, loader_class: type) -> AliasExpansionError:
    """The error, marked at the first alias in the innermost value that grows beyond the limit."""
    bound = MAX_REPEATED_VALUES if part == 0 else MAX_REPEATED_CHARACTERS
    aliases = [event for event in yaml.parse(text, Loader=loader_class) if isinstance(event, yaml.AliasEvent)]
    for node in finished:
        if (sizes[id(node)] or (1, 0))[part] > bound:
            start, end = node.start_mark.index, node.end_mark.index
            inside = [event for event in aliases if start <= event.start_mark.index < end]
            if inside:
                alias = inside[0]
                return AliasExpansionError(
                    problem=f"YAML aliases expand {what} by more than {limit} (*{alias.anchor} here repeats all "
                            f"of &{alias.anchor}); write the values out instead", problem_mark=alias.start_mark)
    return AliasExpansionError(problem=f"YAML aliases expand {what} by more than {limit}",
                               problem_mark=aliases[0].start_mark)


def yaml_hint(err: yaml.YAMLError, text: str = "") -> str:
    """What to do about the YAML mistakes people make most, to add to the parser's message ("" for others); `text`,
    the YAML read, tells a value quoted or bracketed only in part from a line indented wrongly."""
    problem = str(getattr(err, "problem", "") or "")
    if problem.startswith("mapping values are not allowed"):
        return ": a value with ': ' in it needs quotes, as in title: \"Harbour tram: what the first week showed\""
    if "escape" in problem and "quoted scalar" in str(getattr(err, "context", "")):
        return (": in a value between double quotes a backslash starts an escape such as \\n; write \\\\ for a "
                "backslash, or put the value between single quotes")
    if _started_as_one_value(err, text):
        return (": a value that starts with a quote or a bracket must be one quoted value (a quote inside it "
                "written twice between single quotes), as in title: \"It's here\" or title: '[Update] \"No\" vote'")
    if problem.startswith("expected <block end>") or "did not find expected key" in problem:
        return ": look at this line's indentation (the keys of one mapping line up, nested ones indented more)"
    return ""


def _started_as_one_value(err: yaml.YAMLError, text: str) -> bool:
    """Whether the error's line is `key: value` whose value opens with a quote or a bracket that closes before the
    line ends ("title: 'It's here'", "title: [Update] Council"): the rest of the line is what YAML stumbles on."""
    mark = getattr(err, "problem_mark", None)
    lines = text.splitlines()
    if mark is None or not 0 <= mark.line < len(lines):
        return False
    key, colon, value = lines[mark.line].partition(":")
    value = value.strip()
    return bool(colon and key.strip() and value[:1] in ("'", '"', "[", "{") and mark.column > len(key) + 1)


_HASHTAG_COMMENT = re.compile(r"[ \t]+#(?=\S)")   # " #1", " #fact": a comment to YAML, text to whoever wrote it
_ANCHOR = re.compile(r"&\S+")


def plain_text_cut_short(node: yaml.Node, text: str) -> str | None:
    """Why an unquoted text value is not what its line shows, or None: YAML ends it at " #" (`title: Korea ranks
    #1` is "Korea ranks") and reads a leading "&word" as an anchor (`title: &Friends reunion` is "reunion").
    A comment written as one ("# note", a space after the mark) is taken to be one."""
    if not isinstance(node, yaml.ScalarNode) or node.style not in (None, ""):   # ("": libyaml's plain)
        return None
    line_end = text.find("\n", node.end_mark.index)
    rest = text[node.end_mark.index:line_end if line_end >= 0 else len(text)]
    if _HASHTAG_COMMENT.match(rest):
        return f"the text from {rest.strip()[:20]!r} on is a YAML comment and was left out"
    # (the node starts at its anchor, or after it: both loaders' marks are read)
    before = text[text.rfind("\n", 0, node.start_mark.index) + 1:node.end_mark.index]
    if ":" in before and (anchor := _ANCHOR.search(before.split(":", 1)[1])) and anchor[0] not in node.value \
            and f"*{anchor[0][1:]}" not in text:   # (an anchor an alias uses is one)
        return f"{anchor[0]!r} is read as a YAML anchor, not as text, and was left out"
    return None


_FLOW_KINDS = {"[": ("list", "]"), "{": ("mapping", "}")}


def unclosed_bracket(err: yaml.YAMLError, text: str, first_line: int = 1) -> tuple[int, str] | None:
    """(0-based line, message) for a syntax error that a bracket left open earlier caused, or None: YAML lets a list
    or mapping in brackets run over lines, so `tags: [a, b` reads on into the next key, lines below, and the error
    is reported there. It is blamed on the bracket when YAML stumbles at the end, or on a line indented no more than
    the bracket's own (a line indented more is a continuation, whose own mistake it may be)."""
    mark, started = getattr(err, "problem_mark", None), getattr(err, "context_mark", None)
    if mark is None or started is None or not str(getattr(err, "context", "")).startswith("while parsing a flow"):
        return None
    lines = text.splitlines()
    opening = lines[started.line][started.column:started.column + 1] if started.line < len(lines) else ""
    if opening not in _FLOW_KINDS or mark.line <= started.line:
        return None
    kind, closing = _FLOW_KINDS[opening]
    if mark.line >= len(lines) or not "".join([lines[mark.line][mark.column:], *lines[mark.line + 1:]]).strip():
        return started.line, f"the {kind} opened with {opening} here is never closed ({err.problem})"
    if _indent(lines[mark.line]) > _indent(lines[started.line]):
        return None
    return started.line, (f"the {kind} opened with {opening} here runs on to line {mark.line + first_line}"
                          f" (is its closing {closing} missing?), where YAML then finds: {err.problem}")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def unclosed_value(err: yaml.YAMLError, text: str, first_line: int = 1) -> tuple[int, str] | None:
    """`unclosed_quote`, else `unclosed_bracket`: the line where a value left open starts, and what to say of it."""
    return unclosed_quote(err, text, first_line) or unclosed_bracket(err, text, first_line)
