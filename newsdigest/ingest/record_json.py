"""JSON and JSON Lines text -> its decoded values, each labelled as messages name it ("feed.jsonl:3"): the file
level of scraper records (newsdigest.ingest.records reads what each value holds).

A bad line costs only itself; a JSON array saved under a JSON Lines name, JSON Lines saved under a `.json` name
and a JSON Lines line that is an array of records are read as what they hold.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# One record (as UTF-8) larger than this is refused, a JSON Lines one before it is decoded: the development
# corpus's records are 84 kB in the median and 1.2 MB at most, so more is many pages in one, or inlined media.
MAX_RECORD_BYTES = 8 << 20


@dataclass(frozen=True)
class RecordLabel:
    """How a record is named in messages and front matter: "feed.jsonl:3" (its line), "page.json" (a file of one
    record), "items.json:3" (the third record of a JSON array, `where` "record 3"; "" for the others)."""

    label: str
    where: str


def json_kind(value) -> str:
    """What JSON calls the kind of a decoded value: "an array", "null", "a string"..."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    return {dict: "an object", list: "an array", str: "a string"}.get(type(value), "a number")


def labelled_values(path_name: str, text: str, lines: bool, problems: list,
                    is_record: Callable[[object], bool] = lambda value: True) -> Iterator[tuple[RecordLabel, object]]:
    """The decoded values of a JSON Lines (`lines`) or JSON file, labelled; (label, message) problems of the
    values that cannot be read are appended to `problems`. A JSON file of one object that `is_record` and is
    larger than a record may be is refused."""
    if lines and text.lstrip().startswith("["):
        # A JSON array saved under a JSON Lines name: its records, not a failure for each of its lines
        with contextlib.suppress(ValueError, RecursionError):
            lines = not isinstance(_decoded_json(text), list)
    if lines and text.lstrip().startswith("{") and not first_line_is_object(text) and not _mostly_json_lines(text) \
            and (stream := _concatenated(text, path_name)) is not None:   # objects over several lines, as `jq` writes
        yield from _stream_values(path_name, stream, problems)
        return
    if not lines:
        try:
            value = _decoded_json(text)
        except json.JSONDecodeError as err:
            if _mostly_json_lines(text) or _first_line_holds_records(text):
                # JSON Lines saved as `.json` (or cut short in its second record): a bad line costs only itself
                yield from labelled_values(path_name, text, True, problems)
            elif (stream := _concatenated(text, path_name)) is not None and stream.mostly_read:
                yield from _stream_values(path_name, stream, problems)   # objects one after another (`jq`)
            else:
                problems.append((path_name, _invalid_json(err)))
            return
        except (ValueError, RecursionError) as err:
            problems.append((path_name, _invalid_json(err)))
            return
        if isinstance(value, list):
            for number, record in enumerate(value, start=1):
                yield RecordLabel(f"{path_name}:{number}", f"record {number}"), record
        elif isinstance(value, dict) and is_record(value) and (refused := _too_large(text)):
            problems.append((path_name, refused))
        else:
            yield RecordLabel(path_name, ""), value
        return
    found, bad = _line_values(path_name, text)
    if any(message.startswith("invalid JSON") for _, message in bad) and text.lstrip().startswith("{") \
            and (stream := _concatenated(text, path_name)) is not None and not stream.problems \
            and len(stream.values) > len(found) and all(isinstance(value, dict) for _, value in stream.values):
        # one record written over several lines among records of one line each: read as objects one after another
        yield from _stream_values(path_name, stream, problems)
        return
    problems.extend(bad)
    yield from found


def _line_values(path_name: str, text: str) -> tuple[list[tuple[RecordLabel, object]], list[tuple[str, str]]]:
    """The labelled values of JSON Lines, and the (label, message) problems of the lines that cannot be read."""
    found: list[tuple[RecordLabel, object]] = []
    bad: list[tuple[str, str]] = []
    # JSON Lines records end at "\n" only: str.splitlines would also split at U+2028, U+2029 and U+0085,
    # which JSON writers leave raw inside strings (ensure_ascii=False), cutting a record in pieces.
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if not line.strip():
            continue
        label = f"{path_name}:{number}"   # names the line, as "file:line" does: messages need not say it again
        if refused := _too_large(line):
            bad.append((label, refused))
            continue
        try:   # (a byte order mark starting a line: files that each began with one, joined with `cat`)
            record = _decoded_json(line.removeprefix("\ufeff"))
        except (ValueError, RecursionError) as err:
            bad.append((label, _invalid_json(err, in_line=True)))
            continue
        if isinstance(record, list) and record and all(isinstance(item, dict) for item in record):
            # a line holding an array of records (a batch a crawler wrote at once): each is a record
            found.extend((RecordLabel(f"{label}:{place}", f"record {place} of the line"), item)
                         for place, item in enumerate(record, start=1))
            continue
        found.append((RecordLabel(label, ""), record))
    return found, bad


def _mostly_json_lines(text: str) -> bool:
    """Whether most of the text's lines, two or more, are JSON values of their own: JSON Lines, whatever the name."""
    decoded = bad = 0
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip():
            try:
                json.loads(line)
                decoded += 1
            except (ValueError, RecursionError):
                bad += 1
    return decoded >= 2 and decoded >= bad


def _first_line_holds_records(text: str) -> bool:
    """Whether the first line that is not blank is a JSON object, or an array of objects, of its own: in a file that
    is no JSON as a whole, the first record of JSON Lines whose writer stopped in the second."""
    first = text.lstrip().split("\n", 1)[0]
    try:
        value = json.loads(first)
    except (ValueError, RecursionError):
        return False
    return isinstance(value, dict) or isinstance(value, list) and bool(value) and all(
        isinstance(item, dict) for item in value)


def first_line_is_object(text: str) -> bool:
    """Whether the first line that is not blank is a JSON object of its own: a record of JSON Lines, of any length
    (a pretty-printed object's first line is "{" alone)."""
    first = text.lstrip().split("\n", 1)[0]
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


@dataclass(frozen=True)
class _ObjectStream:
    """JSON objects written one after another: each value with the line it starts on, (label, message) problems of
    the objects not read, and how many of those were no JSON (the others were read, and refused for their size)."""

    values: list[tuple[int, object]]
    problems: list[tuple[str, str]]
    unreadable: int = 0

    @property
    def mostly_read(self) -> bool:
        """More objects read (kept or refused for their size) than objects that are no JSON."""
        return len(self.problems) - self.unreadable + len(self.values) > self.unreadable


def _concatenated(text: str, path_name: str) -> _ObjectStream | None:
    """The values of JSON objects written one after another over any number of lines (`jq`'s output), each with the
    line it starts on; None unless the text is such values and whitespace. An object that cannot be read costs only
    itself, as a bad line of JSON Lines does: reading goes on at the next line that starts with "{" (jq indents what
    is inside an object), when at least one object of the text can be read."""
    decoder, values, problems, at, line, counted, unreadable = json.JSONDecoder(), [], [], 0, 1, 0, 0
    while True:
        at = _SPACE.match(text, at).end()
        if at >= len(text):
            break
        line += text.count("\n", counted, at)
        counted = at
        try:
            value, end = decoder.raw_decode(text, at)
        except (ValueError, RecursionError) as err:
            if not text.startswith("{", at) or (resume := text.find("\n{", at + 1)) < 0 and not values + problems:
                return None
            # (the error's line named only where it is not the object's first, which the label names)
            problems.append((f"{path_name}:{line}", _invalid_json(err, in_line=getattr(err, "lineno", 0) == line)))
            unreadable += 1
            if resume < 0:
                break
            at = resume
            continue
        if refused := _too_large(text[at:end]):
            problems.append((f"{path_name}:{line}", refused))
        else:
            values.append((line, _without_lone_surrogates(value)))
        line += text.count("\n", at, end)
        at = counted = end
    stream = _ObjectStream(values, problems, unreadable)
    return stream if len(problems) - unreadable + len(values) else None   # (some object read)


def _stream_values(path_name: str, stream: _ObjectStream, problems: list) -> Iterator[tuple[RecordLabel, object]]:
    problems.extend(stream.problems)
    for number, (line, record) in enumerate(stream.values, start=1):
        yield RecordLabel(f"{path_name}:{line}", f"record {number}"), record


def holds_json_objects(text: str) -> bool:
    """Whether the text is JSON objects written one after another (one pretty-printed object, or `jq`'s output),
    most of them readable: records, whatever the file's name."""
    stream = _concatenated(text, "") if text.lstrip().startswith("{") else None
    return stream is not None and len(stream.problems) - stream.unreadable + len(stream.values) >= stream.unreadable


_SPACE = re.compile(r"\s*")


def _too_large(text: str) -> str | None:
    """Why a record is refused for its size; None when it is within the bound."""
    if len(text) * 4 <= MAX_RECORD_BYTES:  # at most 4 bytes a character: no need to encode a copy to know
        return None
    if (size := len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))) <= MAX_RECORD_BYTES:
        return None
    return (f"a record of {size / (1 << 20):.1f} MB, more than the {MAX_RECORD_BYTES >> 20} MB one page's record has "
            "(many pages in one, or media inlined?): not read")


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _decoded_json(text: str):
    """`json.loads`, with each lone surrogate (a "\\ud800" escape without its pair, which JSON allows) replaced by
    U+FFFD: the HTML parser would cut the page there, and no file can be written with one."""
    value = json.loads(text)
    return _without_lone_surrogates(value) if _SURROGATE_ESCAPE.search(text) else value


def _without_lone_surrogates(value):
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {_without_lone_surrogates(key): _without_lone_surrogates(item) for key, item in value.items()}
    return value


def _invalid_json(err: Exception, in_line: bool = False) -> str:
    """Why a record is not JSON that can be read: a syntax error where it is (its line in the file, unless the
    record is one line of JSON Lines, which its label names), or what Python refuses to read in valid JSON (a
    number of thousands of digits, arrays nested thousands deep)."""
    if isinstance(err, json.JSONDecodeError):
        at = "column" if err.msg.endswith(" at") else "at column"   # ("Unterminated string starting at")
        return f"{'' if in_line else f'line {err.lineno}: '}invalid JSON ({err.msg} {at} {err.colno})"
    what = "nested too deeply" if isinstance(err, RecursionError) else str(err)
    return f"JSON that cannot be read ({what})"


