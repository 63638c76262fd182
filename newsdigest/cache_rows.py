"""The rows of the persistent build cache (newsdigest.build_cache): a parse result (an `Article` or its problems,
and its `ArticleFacts`) as JSON, and back.

Every container is tagged ({"l": [...]} for a list, {"d": [[key, value], ...]} for a dict...), so a plain JSON list
or object never stands for itself and decoding is unambiguous. A type the tags cannot express raises
CacheFormatError: that file is then parsed every build. Decoding refuses what a parse never makes.
"""

from __future__ import annotations

import base64
import json
from dataclasses import fields
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from newsdigest.article import Article, ArticleBody
from newsdigest.content import ArticleFacts
from newsdigest.problems import Problem
from newsdigest.story_terms import is_packed_terms


class CacheFormatError(ValueError):
    """A value the cache cannot write or a row it cannot read back: the article is parsed instead."""


def encode_parsed(result, facts) -> tuple[str, str, str]:
    """A parse as a row's (data, html, markdown): the article's body in columns of its own, so that reading the row
    back need not decode it (empty for problems)."""
    html = markdown = ""
    if isinstance(result, Article):
        body = {"article": {name: _encode(getattr(result, name)) for name in _ARTICLE_KEYS}}
        html, markdown = result.body_html, result.body_markdown
    else:
        body = {"problems": _encode(list(result))}
    if facts is not None:
        body["facts"] = [_encode(facts.topics), None if facts.story_terms is None else _encode(facts.story_terms)]
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
        topics, terms = _decode(topics), None if terms is None else _decode(terms)
        if not isinstance(topics, tuple) or not (terms is None or is_packed_terms(terms)):
            raise CacheFormatError("facts")
        facts = ArticleFacts(topics, terms)
    if "article" in body:
        values = {name: _decode(value) for name, value in body["article"].items()}
        values["body"] = article_body if article_body is not None else ArticleBody()
        article = Article(**values)
        _check_article(article, file_hash)
        return article, facts
    problems = _decode(body["problems"])
    if not isinstance(problems, list) or not all(isinstance(problem, Problem) for problem in problems):
        raise CacheFormatError("problems")
    return problems, facts


# An article's fields but its body, which has columns of its own.
_ARTICLE_KEYS = tuple(f.name for f in fields(Article) if f.name != "body")
_TEXT_FIELDS = ("title", "slug", "summary", "source", "url", "author", "category", "lang", "file_hash")


def _check_article(article: Article, file_hash: str) -> None:
    """Refuse a decoded article whose fields are not what a parse produces (a damaged or foreign row)."""
    if article.file_hash != file_hash or not isinstance(article.source_path, Path) \
            or not isinstance(article.date, datetime) or article.date.tzinfo is None \
            or not all(isinstance(getattr(article, name), str) for name in _TEXT_FIELDS) \
            or not isinstance(article.declared_topics, tuple) or not isinstance(article.tags, tuple) \
            or not isinstance(article.extra, dict) or not isinstance(article.warnings, tuple) \
            or type(article.draft) is not bool or type(article.date_only) is not bool:
        raise CacheFormatError("article")


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
        return timezone(timedelta(seconds=code[1]), *(() if code[2] is None else (code[2],)))
    raise CacheFormatError("zone")
