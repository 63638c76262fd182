"""Front matter: the YAML block at the top of a content file, read strictly, and the dates written in it.

Text keys keep what was written (`title: No` is text, not false); a repeated key, a value YAML cannot build,
aliases that repeat too much or a date that leaves a part to guess is a ContentError naming the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml
from dateutil import parser as date_parser

from newsdigest.config import Config
from newsdigest.problems import Problem
from newsdigest.yaml_checks import (AliasExpansionError, check_aliases, first_duplicate_key, key_as_written,
                                    plain_text_cut_short, refused_character, unclosed_value, yaml_hint)

# libyaml's safe loader when PyYAML was built with it (10x faster); the same safe subset of YAML either way.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TEXT_KEYS = {"title", "source", "url", "author", "category", "summary", "lang", "slug"}
LIST_KEYS = {"topics", "tags"}   # a list of text, or one comma-separated text
KNOWN_KEYS = TEXT_KEYS | LIST_KEYS | {"date", "draft"}
# The other keys newsdigest itself reads (the rest are kept for templates, as `article.extra`).
READ_EXTRA_KEYS = {"updated", "modified", "date_modified", "canonical", "aliases", "image", "image_alt",
                   "image_caption", "date_inferred_from", "date_zone", "ingested_from", "ingest_hash"}
MIN_YEAR, MAX_YEAR = 1900, 2199
_FENCE = re.compile(r"^---[ \t]*$")
_CLOSING_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


class ContentError(Exception):
    """A content file that cannot be published; carries the problems found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """Split a file into (front matter YAML, body, file line where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0].rstrip("\r\n")):
        raise ContentError([Problem(path, "missing front matter: the file must start with a '---' line", 1)])
    for index in range(1, len(lines)):
        if _CLOSING_FENCE.match(lines[index].rstrip("\r\n")):
            return "".join(lines[1:index]), "".join(lines[index + 1:]), index + 2
    raise ContentError([Problem(path, "front matter opened with '---' here is never closed by a '---' line", 1)])


_YAML = "tag:yaml.org,2002:"
# Scalars a text key keeps exactly as written, whatever YAML 1.1 would have made of them: `title: No`,
# `source: on`, `title: 1e3`, `title: 2026-02-30` are text. Null (`~`, `null`, nothing) still means "not given".
_AS_WRITTEN_TAGS = {_YAML + name for name in ("str", "bool", "int", "float", "timestamp", "null", "value", "merge")}
_VALUE_KINDS = {_YAML + "timestamp": "date", _YAML + "int": "integer", _YAML + "float": "number",
                _YAML + "bool": "boolean"}


class BadValueError(yaml.constructor.ConstructorError):
    """A value YAML can read but not build, or a repeated key; its message is for people as it is."""


class FrontMatterLoader(SAFE_LOADER):
    """The safe YAML loader, made strict where plain YAML 1.1 surprises people.

    - Only `true` and `false` (any case) are booleans, as in YAML 1.2: `yes`, `no`, `on`, `off` are text.
    - A value that its constructor cannot build (`2026-02-30`, `!!int abc`, a `+25:00` offset) is a YAML
      error marked at that node, instead of a bare ValueError or AttributeError with no line.
    - A key given twice in one mapping is an error at its second line, instead of the last one winning.
    """

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except Exception as err:  # PyYAML's constructors raise ValueError, TypeError, AttributeError, OverflowError
            raise BadValueError(None, None, _bad_value_message(node, err), node.start_mark) from None

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            _check_unique_keys(self, node)
        return super().construct_mapping(node, deep)

    def construct_yaml_timestamp(self, node):
        _check_offset_minutes(node.value)   # (PyYAML reads +00:60 as an hour)
        return super().construct_yaml_timestamp(node)


FrontMatterLoader.add_constructor(_YAML + "timestamp", FrontMatterLoader.construct_yaml_timestamp)

_OFFSET_MINUTES = re.compile(r"(?<=\d)[+-]\d\d?:?(\d\d)$")


def _check_offset_minutes(text: str) -> None:
    """ValueError for a UTC offset whose minutes are 60 or more ("+00:60"), which Python's readers and YAML's
    carry into the hours, so that a wrong date would be published without a word."""
    found = _OFFSET_MINUTES.search(text.strip())
    if found and int(found[1]) >= 60:
        raise ValueError(f"the UTC offset's minutes, {found[1]}, are not 00-59")


FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _YAML + "bool"]
    for first, resolvers in SAFE_LOADER.yaml_implicit_resolvers.items()}
FrontMatterLoader.add_implicit_resolver(_YAML + "bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                        list("tTfF"))


def _bad_value_message(node: yaml.Node, err: Exception) -> str:
    kind = _VALUE_KINDS.get(node.tag, "value")
    if not isinstance(node, yaml.ScalarNode):
        return f"invalid {kind} ({type(err).__name__})"
    # datetime's reasons ("day is out of range for month") help; int()'s and float()'s only repeat the value.
    reason = f" ({err})" if kind == "date" and isinstance(err, (ValueError, OverflowError)) else ""
    return f"invalid {kind} {node.value!r}{reason}"


def _check_unique_keys(loader: yaml.constructor.BaseConstructor, node: yaml.MappingNode,
                       key_of: Callable[[yaml.ScalarNode], Any] | None = None) -> None:
    """Raise at the second of two equal keys written in this mapping (`key_of`: as `first_duplicate_key`)."""
    found = first_duplicate_key(loader, node, lambda mark: _file_line(mark, getattr(loader, "front_text", None)),
                                key_of)
    if found:
        raise BadValueError(None, None, *found)


def _file_line(mark, text: str | None = None) -> int:
    """File line of a position in the front matter (`text`), which starts on the file's line 2.

    Counted in the text where it is known: YAML also breaks lines at U+0085, U+2028 and U+2029, which a title may
    hold, and its own count would then name a line further down than an editor shows."""
    return (text.count("\n", 0, mark.index) if text is not None else mark.line) + 2


def read_front_matter(front_text: str, path: Path) -> tuple[dict[Any, Any], dict[Any, int], list[Problem]]:
    """Front matter YAML -> (mapping, file line of each key, warnings); raises ContentError naming file and line.
    The warnings name text values YAML cut short (`title: Korea ranks #1`: `yaml_checks.plain_text_cut_short`).

    Loaded with FrontMatterLoader (safe, YAML 1.2 booleans, no duplicate keys), and refused before anything is
    built if its aliases repeat more than yaml_checks allows. Text keys keep a scalar's characters as written
    (see _AS_WRITTEN_TAGS); every other value is built by YAML.
    """
    loader = FrontMatterLoader(front_text)
    loader.front_text = front_text  # (for the lines of duplicate keys in nested mappings: see _check_unique_keys)
    try:
        try:
            node = loader.get_single_node()
            check_aliases(node, front_text, "this front matter", FrontMatterLoader)
        except yaml.YAMLError as err:
            raise ContentError([_yaml_problem(path, err, front_text)]) from None
        if node is None:
            return {}, {}, []
        if not isinstance(node, yaml.MappingNode):
            raise ContentError([Problem(path, "front matter must be a mapping of keys to values", 2)])
        try:
            _check_unique_keys(loader, node, lambda key_node: key_as_written(loader, key_node))
            loader.flatten_mapping(node)
        except yaml.YAMLError as err:
            raise ContentError([_yaml_problem(path, err, front_text)]) from None
        meta: dict[Any, Any] = {}
        lines: dict[Any, int] = {}
        problems: list[Problem] = []
        warnings: list[Problem] = []
        for key_node, value_node in node.value:
            try:
                key = key_as_written(loader, key_node)
                if not isinstance(key, Hashable):
                    raise yaml.constructor.ConstructorError(None, None, "a key must be text", key_node.start_mark)
                meta[key] = _front_matter_value(loader, key, value_node)
                lines[key] = _file_line(key_node.start_mark, front_text)
                for node in (value_node.value if key in LIST_KEYS and isinstance(value_node, yaml.SequenceNode)
                             else [value_node] if key in TEXT_KEYS | LIST_KEYS else []):   # (a list: each item)
                    if cut := plain_text_cut_short(node, front_text):
                        warnings.append(Problem(path, f"{key}: {cut}; put the whole value in quotes to keep it",
                                                _file_line(node.end_mark, front_text)))
            except yaml.YAMLError as err:
                key_text = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                problems.append(_yaml_problem(path, err, front_text, key_text))
        if problems:
            raise ContentError(problems)
        return meta, lines, warnings
    finally:
        loader.dispose()


def _front_matter_value(loader: FrontMatterLoader, key: Any, node: yaml.Node) -> Any:
    if key in TEXT_KEYS:
        return _as_written(loader, node)
    if key in LIST_KEYS and isinstance(node, yaml.SequenceNode) and node.tag == _YAML + "seq":
        return [_as_written(loader, item) for item in node.value]
    if key in LIST_KEYS and isinstance(node, yaml.ScalarNode):
        return _as_written(loader, node)   # (`tags: 2026` is the tag "2026", as `tags: [2026]` is)
    if key == "date" and isinstance(node, yaml.ScalarNode) and node.tag in _AS_WRITTEN_TAGS - {
            _YAML + "timestamp", _YAML + "null"}:
        return node.value  # `date: 12:30` is not 750 minutes, `date: 2027` not a number: parse_date refuses them
    return loader.construct_object(node, deep=True)


def _as_written(loader: FrontMatterLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode) and node.tag in _AS_WRITTEN_TAGS:
        return None if node.tag == _YAML + "null" else node.value
    return loader.construct_object(node, deep=True)


def _yaml_problem(path: Path, err: yaml.YAMLError, text: str, key: str | None = None) -> Problem:
    """The problem a YAML error makes, at the line of the node it is about; `key` is the top-level key it is in."""
    if refused := refused_character(err, text):
        return Problem(path, f"invalid YAML in front matter: {refused[1]}", refused[0] + 2)
    mark = getattr(err, "problem_mark", None)
    reason = getattr(err, "problem", None) or str(err).splitlines()[0]
    started, context = getattr(err, "context_mark", None), getattr(err, "context", None)
    if started is not None and context and mark is not None and not text[mark.index:].strip():
        # Noticed only at the end ("unexpected end of stream" after a quote that is never closed): the line where
        # the unfinished value starts is the one to fix.
        mark, reason = started, f"{context} that starts on this line, {reason}"
    elif key is None and (quote := unclosed_value(err, text, first_line=2)) is not None:
        return Problem(path, f"invalid YAML in front matter: {quote[1]}", quote[0] + 2)
    if isinstance(err, (BadValueError, AliasExpansionError)):
        message = f"{key}: {reason}" if key else reason
    else:
        reason += yaml_hint(err, text)
        message = f"{key}: invalid YAML: {reason}" if key else f"invalid YAML in front matter: {reason}"
    return Problem(path, message, _file_line(mark, text) if mark else 1)


# Zone abbreviations a written date may end with: those the IANA time zone database uses for exactly
# one UTC offset today. The ones it uses for several are refused, so a date is never hours off.
ZONE_OFFSETS = {
    "UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 60, "BST": 60, "CET": 60, "CEST": 120,
    "EET": 120, "EEST": 180, "MSK": 180,
    "EST": -300, "EDT": -240, "MST": -420, "MDT": -360, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600,
    "HKT": 480, "KST": 540, "JST": 540, "AWST": 480, "ACST": 570, "ACDT": 630, "AEST": 600, "AEDT": 660,
    "NZST": 720, "NZDT": 780,
}
AMBIGUOUS_ZONES = {
    "CST": "US Central -06:00, China +08:00 or Cuba -05:00",
    "CDT": "US Central -05:00 or Cuba -04:00",
    "IST": "India +05:30, Ireland +01:00 or Israel +02:00",
    "PST": "US Pacific -08:00 or Philippines +08:00",
}
DATE_FORMS = ("use ISO 8601 (2026-01-29T15:08:00+09:00, 2026-01-29) or a day, a month name and a year "
              "(29 January 2026 15:08 +09:00)")
_DATE_WORDS = date_parser.parserinfo()
# dateutil fills what a text leaves out from a default date (today, if not given); parsing with two
# defaults that differ in every part shows which parts the text really has.
_DEFAULTS = (datetime(2000, 1, 1), datetime(2004, 2, 2, 1, 1, 1))  # both leap years: 29 February parses
_ZONE_BEFORE_OFFSET = re.compile(r"(?<![A-Za-z])(?:UTC|GMT|UT)\s*(?=[+-]\d)")


def parse_date(value: Any, config: Config) -> tuple[datetime, bool]:
    """Front matter date -> (aware datetime, date_only). Naive values are in the config's time zone.

    Accepts YAML dates and timestamps, ISO 8601 text, and text with a day, a month name and a
    four-digit year, optionally a time and an offset or an unambiguous zone abbreviation
    (ZONE_OFFSETS). Anything that would leave a part to guess (a time alone, a weekday, "01/02/2026",
    a two-digit year, CST) is a ValueError, so a build never depends on the day it runs.
    """
    date_only = False
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed, date_only = datetime.combine(value, time()), True
    elif isinstance(value, str):
        parsed, date_only = _parse_date_text(" ".join(value.split()))
    else:
        raise ValueError(f"expected a date, got {value_kind(value)}")
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise ValueError(f"year {parsed.year} is out of range ({MIN_YEAR}-{MAX_YEAR})")
    offset = parsed.utcoffset()
    if offset is not None and _has_seconds(offset):
        # RFC 822, RFC 3339 and HTML dates write offsets to the minute: the feeds and pages would be invalid
        seconds = offset.total_seconds()
        raise ValueError(f"a UTC offset with seconds ({'-' if seconds < 0 else '+'}{abs(seconds) // 3600:02.0f}:"
                         f"{abs(seconds) % 3600 // 60:02.0f}:{abs(seconds) % 60:02.0f}); write it to the minute (+05:30)")
    if parsed.tzinfo is None:
        # Through UTC: a local time the clocks skipped (02:30 as summer time begins) is the time they showed then
        parsed = parsed.replace(tzinfo=config.zone).astimezone(timezone.utc).astimezone(config.zone)
        offset = parsed.utcoffset()
        if offset is not None and _has_seconds(offset):
            # Before standard time a zone kept its local mean time, to the second (Amsterdam +00:19:32 until 1937):
            # the same clock time at the offset rounded to the minute, as feeds and pages can write it.
            parsed = parsed.replace(tzinfo=timezone(timedelta(minutes=round(offset.total_seconds() / 60))))
    if type(parsed.tzinfo) is timezone:
        parsed = parsed.replace(tzinfo=shared_zone(parsed.tzinfo))
    # To the second: an HTML date takes at most three digits of a fraction, and pages and feeds wrote six
    # (an invalid page), or none (the JSON feed); a news report's time is never told to a fraction of a second.
    return parsed.replace(microsecond=0), date_only


_SHARED_ZONES: dict[tuple, timezone] = {}


def shared_zone(zone: timezone) -> timezone:
    """One object for every fixed offset of the same offset and name: YAML makes a new one for each date it reads
    (56 bytes an article, where a million generated articles have nine distinct offsets)."""
    return _SHARED_ZONES.setdefault((zone.utcoffset(None), zone.tzname(None)), zone)


def _has_seconds(offset: timedelta) -> bool:
    return bool(offset.seconds % 60 or offset.microseconds)


def value_kind(value: Any) -> str:
    """What a front matter value is, in YAML's words ("a list", "a number"), for messages."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    return {list: "a list", dict: "a mapping"}.get(type(value), f"a {type(value).__name__} value")


def parse_date_text(text: str) -> tuple[datetime, bool]:
    """A date written as text, in the forms front matter takes (`parse_date`), as (datetime, date only): naive
    when the text gives no offset or zone. ValueError, saying why, for anything that leaves a part to guess."""
    return _parse_date_text(" ".join(text.split()))


def _parse_date_text(text: str) -> tuple[datetime, bool]:
    if re.match(r"\d{4}-?W\d\d(?!-?\d)", text):  # Python reads a bare ISO week as its Monday: a guessed day
        raise ValueError(f"date {text!r} names a week but no day of it (2026-W05-4 is its Thursday); {DATE_FORMS}")
    try:
        return datetime.combine(date.fromisoformat(text), time()), True
    except ValueError:
        pass
    try:
        _check_offset_minutes(text)
        return datetime.fromisoformat(text), False
    except ValueError as err:
        if (zoned := _ISO_WITH_ZONE.fullmatch(text)) is not None and zoned["zone"] not in ("AM", "PM"):
            # "2026-04-01 10:00 KST", as a log writes it (a 24-hour ISO time: "03:08 PM" stays an error)
            return _iso_in_zone(text, zoned["iso"], zoned["zone"]), False
        if re.match(r"\d{4}-?\d\d", text):  # meant as ISO 8601: say what is wrong with it
            reason = str(err)
            if reason.startswith("Invalid isoformat string"):  # Python's words for "not in the form it reads"
                reason = "ISO 8601 dates look like 2026-01-29 or 2026-01-29T15:08:00+09:00"
            elif "offset must be a timedelta" in reason:  # Python's words for an offset of a day or more
                reason = "a UTC offset is between -23:59 and +23:59"
            raise ValueError(f"invalid date {text!r} ({reason})") from None
    words = re.findall(r"[^\W\d_]+", text)
    if not any(_DATE_WORDS.month(word) for word in words):
        raise ValueError(f"cannot understand date {text!r}: no month name (numbers alone are ambiguous); {DATE_FORMS}")
    readable = _ZONE_BEFORE_OFFSET.sub("", text)  # "GMT+3" is +03:00; dateutil would read it POSIX-style, -03:00
    try:
        first, second = (date_parser.parse(readable, default=default, tzinfos=_zone) for default in _DEFAULTS)
    except _ZoneError as err:
        raise ValueError(f"{err} in date {text!r}; write the offset instead (e.g. 15:08 +09:00)") from None
    except (ValueError, OverflowError) as err:
        reason = f" ({err.__cause__})" if err.__cause__ else ""  # e.g. the day is out of range for the month
        raise ValueError(f"cannot understand date {text!r}{reason}; {DATE_FORMS}") from None
    missing = [part for part in ("year", "month", "day") if getattr(first, part) != getattr(second, part)]
    if missing:
        raise ValueError(f"date {text!r} has no {' and no '.join(missing)}; {DATE_FORMS}")
    if not re.search(rf"(?<!\d){first.year}(?!\d)", text):
        raise ValueError(f"date {text!r} needs a four-digit year; {DATE_FORMS}")
    weekdays = {_DATE_WORDS.weekday(word) for word in words} - {None}
    if weekdays and weekdays != {first.weekday()}:
        raise ValueError(f"date {text!r} names the wrong weekday: {first:%d %B %Y} is a {first:%A}")
    return first, first.hour != second.hour


class _ZoneError(ValueError):
    pass


_ISO_WITH_ZONE = re.compile(r"(?P<iso>\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?) ?(?P<zone>[A-Z]{2,5})")


def _iso_in_zone(text: str, iso: str, zone: str) -> datetime:
    """An ISO 8601 date and time without an offset, in the zone its abbreviation names (`_zone`'s rules)."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError as err:
        raise ValueError(f"invalid date {text!r} ({err})") from None
    try:
        return moment.replace(tzinfo=_zone(zone, None))
    except _ZoneError as err:
        raise ValueError(f"{err} in date {text!r}; write the offset instead (e.g. 2026-01-29T15:08:00+09:00)") \
            from None


def _zone(name: str | None, offset: int | None) -> timezone | None:
    """dateutil's hook for the zone a written date names: an explicit offset, or a known abbreviation."""
    if name is None:
        return None if offset is None else timezone(timedelta(seconds=offset))
    if name in AMBIGUOUS_ZONES:
        raise _ZoneError(f"ambiguous time zone {name!r} ({AMBIGUOUS_ZONES[name]})")
    if name not in ZONE_OFFSETS:
        raise _ZoneError(f"unknown time zone {name!r}")
    known = timedelta(minutes=ZONE_OFFSETS[name])
    if offset is not None and timedelta(seconds=offset) != known:
        raise _ZoneError(f"time zone {name!r} does not match its offset")
    return timezone(known, name)
