"""The rows of the persistent build cache (newsdigest.build_cache): a parse result (an `Article` or its problems,
and its `ArticleFacts`) as JSON, and back.

An article is a JSON list of its fields in a fixed order (`_ARTICLE_FIELDS`), each in the one form a parse gives it
(text, a list of texts, a flag, a date): read back by position and checked by type, as a build after an edit
reads every cached article (tagged values, decoded one by one, took 40 us an article). The front matter's other
keys, the warnings and the problems can hold anything YAML gives: every container there is tagged ({"l": [...]}
for a list, {"d": [[key, value], ...]} for a dict...), so a plain JSON list or object never stands for itself
and decoding is unambiguous. A type the tags cannot express raises CacheFormatError: that file is then parsed
every build. Decoding refuses what a parse never makes.
"""

from __future__ import annotations

import base64
import json
from dataclasses import fields
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from sys import intern
from zoneinfo import ZoneInfo

from newsdigest.article import Article, ArticleBody, assembled
from newsdigest.content import ArticleFacts
from newsdigest.front_matter import shared_zone
from newsdigest.problems import Problem
from newsdigest.story_terms import is_packed_terms


class CacheFormatError(ValueError):
    """A value the cache cannot write or a row it cannot read back: the article is parsed instead."""


def encode_parsed(result, facts) -> tuple[str, str, str]:
    """A parse as a row's (data, html, markdown): the article's body in columns of its own, so that reading the row
    back need not decode it (empty for problems)."""
    html = markdown = ""
    if isinstance(result, Article):
        body = {"article": [encode(getattr(result, name)) for name, encode, _ in _ARTICLE_FIELDS]}
        html, markdown = result.body_html, result.body_markdown
    else:
        body = {"problems": _encode(list(result))}
    if facts is not None:
        terms = facts.story_terms
        body["facts"] = [list(facts.topics), None if terms is None else [terms[0], base64.b64encode(terms[1]).decode()]]
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")), html, markdown


def decode_parsed(text: str, path: Path, file_hash: str, article_body=None):
    """(Article or problems, ArticleFacts or None) from a row's data, the article with `article_body` (its row's
    body, read when asked for); raises on anything this version did not write."""
    body = json.loads(text)
    if not isinstance(body, dict):
        raise CacheFormatError("not a row")
    facts = None
    if "facts" in body:
        topics, terms = body["facts"]
        if terms is not None:
            words, counts = terms
            terms = (words, base64.b64decode(_text(counts).encode("ascii"), validate=True))
            if not is_packed_terms(terms):
                raise CacheFormatError("facts")
        facts = ArticleFacts(_texts(topics), terms)
    if "article" in body:
        row = body["article"]
        if type(row) is not list or len(row) != len(_ARTICLE_FIELDS):
            raise CacheFormatError("article")
        values = {name: decode(value) for (name, _, decode), value in zip(_ARTICLE_FIELDS, row)}
        if values["file_hash"] != file_hash:
            raise CacheFormatError("article")
        values["body"] = article_body if article_body is not None else ArticleBody()
        return assembled(values), facts   # (the fields are checked above)
    problems = _decode(body["problems"])
    if not isinstance(problems, list) or not all(isinstance(problem, Problem) for problem in problems):
        raise CacheFormatError("problems")
    return problems, facts


def _encode(value):
    if value is None or isinstance(value, (bool, str)) or type(value) is int:
        return value
    if type(value) is float:
        return {"n": repr(value)}  # repr round-trips every float, nan and inf included
    if type(value) is list:
        return {"l": [_encode(item) for item in value]}
    if type(value) is tuple:
        return {"t": [_encode(item) for item in value]}
    if type(value) is dict:
        return {"d": [[_encode(key), _encode(item)] for key, item in value.items()]}
    if type(value) in (set, frozenset):
        return {"s" if type(value) is set else "f": [_encode(item) for item in value]}
    if type(value) is datetime:
        return {"dt": value.replace(tzinfo=None).isoformat(), "z": _encode_zone(value.tzinfo), "fold": value.fold}
    if type(value) is date:
        return {"da": value.isoformat()}
    if type(value) is bytes:
        return {"b": base64.b64encode(value).decode("ascii")}
    if isinstance(value, Path):
        return {"p": str(value)}
    if type(value) is Problem:
        return {"pr": [str(value.path), value.message, value.line]}
    raise CacheFormatError(f"cannot cache a {type(value).__name__}")


def _encode_zone(zone):
    if zone is None:
        return None
    if type(zone) is ZoneInfo and zone.key:
        return ["zone", zone.key]
    if type(zone) is timezone:  # its name only when not the default one ("UTC+09:00")
        offset, name = zone.utcoffset(None), zone.tzname(None)
        return ["fixed", offset.total_seconds(), None if name == timezone(offset).tzname(None) else name]
    raise CacheFormatError(f"cannot cache time zone {zone!r}")


_DECODERS = {
    "n": float,
    "l": lambda items: [_decode(item) for item in items],
    "t": lambda items: tuple([_decode(item) for item in items]),
    "d": lambda pairs: {_decode(key): _decode(item) for key, item in pairs},
    "s": lambda items: {_decode(item) for item in items},
    "f": lambda items: frozenset(_decode(item) for item in items),
    "da": date.fromisoformat,
    "b": lambda text: base64.b64decode(text.encode("ascii"), validate=True),
    "p": Path,
    "pr": lambda values: Problem(Path(values[0]), values[1], values[2]),
}


def _decode(value):
    kind = type(value)  # (JSON makes no subclasses: the exact types first, the commonest first)
    if kind is str or value is None or kind is bool or kind is int:
        return value
    if not isinstance(value, dict) or not value:
        raise CacheFormatError("untagged value")
    if "dt" in value:
        return datetime.fromisoformat(value["dt"]).replace(tzinfo=_decode_zone(value["z"]), fold=value["fold"])
    (tag, inner), = value.items()
    return _DECODERS[tag](inner)


def _decode_zone(code):
    if code is None:
        return None
    if code[0] == "zone":
        return ZoneInfo(code[1])
    if code[0] == "fixed":
        return shared_zone(timezone(timedelta(seconds=code[1]), *(() if code[2] is None else (code[2],))))
    raise CacheFormatError("zone")


# -- an article's fields, each with its encoder and its checking decoder ----------------------------------------

def _same(value):
    return value


def _text(value):
    if type(value) is not str:
        raise CacheFormatError("not text")
    return value


def _flag(value):
    if type(value) is not bool:
        raise CacheFormatError("not a flag")
    return value


def _texts(value):
    if type(value) is not list or not all(type(item) is str for item in value):
        raise CacheFormatError("not a list of texts")
    return tuple(value)


def _name(value):
    """A name that many articles share (outlet, author, category, language): one string for all, as parsed."""
    return intern(_text(value))


def _names(value):
    return tuple([intern(item) for item in _texts(value)])


def _moment(value):
    return [value.replace(tzinfo=None).isoformat(), _encode_zone(value.tzinfo), value.fold]


def _read_moment(value):
    if type(value) is not list or len(value) != 3 or type(value[0]) is not str or type(value[2]) is not int:
        raise CacheFormatError("not a moment")
    moment = datetime.fromisoformat(value[0]).replace(tzinfo=_decode_zone(value[1]), fold=value[2])
    if moment.tzinfo is None:   # (an article's date always has its zone)
        raise CacheFormatError("a moment without its zone")
    return moment


def _day(value):
    return None if value is None else value.isoformat()


def _read_day(value):
    return None if value is None else date.fromisoformat(_text(value))


def _tagged_as(kind: type):
    def decode(value):
        decoded = _decode(value)
        if type(decoded) is not kind:
            raise CacheFormatError(f"not a {kind.__name__}")
        return decoded
    return decode


def _read_warnings(value):
    warnings = _read_tuple(value)
    if not all(type(warning) is Problem for warning in warnings):
        raise CacheFormatError("not a list of warnings")
    return warnings


_read_tuple = _tagged_as(tuple)
_TEXT = (_same, _text)
_FIELD_CODES = {
    "source_path": _TEXT, "date": (_moment, _read_moment), "day": (_day, _read_day),
    "date_only": (_same, _flag), "draft": (_same, _flag),
    "declared_topics": (list, _names), "tags": (list, _names), "topics": (list, _names),
    "extra": (_encode, _tagged_as(dict)), "warnings": (_encode, _read_warnings),
    **dict.fromkeys(("title", "slug", "summary", "url", "file_hash", "page_url"), _TEXT),
    **dict.fromkeys(("source", "author", "category", "lang"), (_same, _name)),
}
# (name, encode, decode) for every field of an Article but its body, which has columns of its own. A field added to
# Article without a code here fails at import: the cache must never drop or guess one.
_ARTICLE_FIELDS = tuple((f.name, *_FIELD_CODES[f.name]) for f in fields(Article) if f.init and f.name != "body")
ARTICLE_FIELD_NAMES = tuple(name for name, _, _ in _ARTICLE_FIELDS)   # a row's fields in their order
