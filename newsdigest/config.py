"""Load and validate `config.yaml` into a frozen `Config`; every mistake names the key and the file."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from newsdigest.problems import NewsdigestError, Problem
from newsdigest.slugs import slugify

# BCP 47's shape: a 2-3 letter language, then subtags of 1-8 letters or digits ("en", "pt-BR", "zh-Hant-TW").
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
DEFAULT_PERMALINKS = {
    "article": "/{year}/{month}/{day}/{slug}/",
    "day": "/{year}/{month}/{day}/",
    "month": "/{year}/{month}/",
    "year": "/{year}/",
    "topic": "/topics/{slug}/",
    "tag": "/tags/{slug}/",
    "source": "/sources/{slug}/",
    "story": "/stories/{slug}/",
}
PERMALINK_FIELDS = {
    "article": {"year", "month", "day", "slug"},
    "day": {"year", "month", "day"},
    "month": {"year", "month"},
    "year": {"year"},
    "topic": {"slug"},
    "tag": {"slug"},
    "source": {"slug"},
    "story": {"slug"},
}


@dataclass(frozen=True)
class TopicRule:
    """A topic and the weighted keywords that assign articles to it."""

    slug: str
    title: str
    description: str = ""
    keywords: tuple[tuple[str, float], ...] = ()
    threshold: float | None = None


@dataclass(frozen=True)
class Config:
    """The validated site configuration. Paths are absolute, resolved against the config's folder."""

    root: Path
    title: str = "News Digest"
    description: str = ""
    base_url: str = "http://127.0.0.1:8000/"
    language: str = "en"
    timezone: str = "UTC"
    digest_timezone: str | None = None
    content_dir: Path = Path("content")
    output_dir: Path = Path("output")
    themes_dir: Path = Path("themes")
    theme: str = "default"
    inbox_dir: Path | None = None
    home_days_per_page: int = 5
    paginate: int = 20
    summary_length: int = 280
    feed_items: int = 20
    feed_content: str = "full"
    related_count: int = 5
    related_window_days: int = 14
    stories_enabled: bool = True
    stories_threshold: float = 0.2
    stories_window_days: float = 3.0
    stories_min_sources: int = 2
    search_enabled: bool = True
    search_language: str | None = None   # None: the site's `language`
    search_bundle_pages: int = 1000      # article pages per search index bundle; 0: one bundle
    canonical_to_original: bool = False
    topic_threshold: float = 3.0
    max_topics: int = 3
    topics: tuple[TopicRule, ...] = ()
    fallback_topic: TopicRule = TopicRule("general", "General", "Stories that fit no other topic.")
    permalinks: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_PERMALINKS))
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, always starting and ending with '/' ('/' or '/digest/')."""
        return urlsplit(self.base_url).path or "/"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def theme_dirs(self) -> list[Path]:
        """Theme folders in lookup order: the chosen theme first, then the default theme it falls back on."""
        dirs = [self.themes_dir / self.theme]
        if self.theme != "default":
            dirs.append(self.themes_dir / "default")
        return dirs

    @property
    def search_index_language(self) -> str:
        return self.search_language or self.language

    def all_topics(self) -> tuple[TopicRule, ...]:
        return self.topics + (self.fallback_topic,)


# key -> (python type(s), Config field name). Nested sections are flattened onto Config fields.
_SCALAR_KEYS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "title": (str, "title"),
    "description": (str, "description"),
    "base_url": (str, "base_url"),
    "language": (str, "language"),
    "timezone": (str, "timezone"),
    "digest_timezone": ((str, type(None)), "digest_timezone"),
    "content_dir": (str, "content_dir"),
    "output_dir": (str, "output_dir"),
    "themes_dir": (str, "themes_dir"),
    "theme": (str, "theme"),
    "inbox_dir": ((str, type(None)), "inbox_dir"),
    "paginate": (int, "paginate"),
    "summary_length": (int, "summary_length"),
    "topic_threshold": ((int, float), "topic_threshold"),
    "max_topics": (int, "max_topics"),
    "canonical_to_original": (bool, "canonical_to_original"),
}
_SECTION_KEYS: dict[str, dict[str, tuple[type | tuple[type, ...], str]]] = {
    "home": {"days_per_page": (int, "home_days_per_page")},
    "feeds": {"items": (int, "feed_items"), "content": (str, "feed_content")},
    "related": {"count": (int, "related_count"), "window_days": (int, "related_window_days")},
    "stories": {"enabled": (bool, "stories_enabled"), "threshold": ((int, float), "stories_threshold"),
                "window_days": ((int, float), "stories_window_days"), "min_sources": (int, "stories_min_sources")},
    "search": {"enabled": (bool, "search_enabled"), "language": ((str, type(None)), "search_language"),
               "bundle_pages": (int, "search_bundle_pages")},
}
_OTHER_KEYS = {"topics", "fallback_topic", "permalinks", "extra"}
# Config field -> the key users write ("feed_items" -> "feeds.items"), for messages.
_CONFIG_KEY = {field: f"{section}.{key}" for section, keys in _SECTION_KEYS.items() for key, (_, field) in keys.items()}


def load_config(path: Path | str, overrides: dict[str, Any] | None = None) -> Config:
    """Read a YAML config file (safely) and validate it. Raises NewsdigestError listing every problem."""
    path = Path(path).resolve()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NewsdigestError(Problem(path, "config file not found")) from None
    except (OSError, UnicodeDecodeError) as err:
        raise NewsdigestError(Problem(path, f"cannot read config: {err}")) from None
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise NewsdigestError(
            Problem(path, f"invalid YAML: {getattr(err, 'problem', err)}", mark.line + 1 if mark else None)
        ) from None
    if not isinstance(data, dict):
        raise NewsdigestError(Problem(path, "config must be a mapping of keys to values"))
    data.update(overrides or {})
    return config_from_mapping(data, path.parent, path, text)


def config_from_mapping(data: dict[str, Any], root: Path, source: Path | None = None, text: str = "") -> Config:
    """Validate a config mapping (as loaded from YAML); paths are resolved against `root`."""
    source = source or root / "config.yaml"
    problems: list[Problem] = []

    def report(key: str, message: str) -> None:
        problems.append(Problem(source, f"{key}: {message}", _line_of_key(text, key.split(".")[-1])))

    values: dict[str, Any] = {}
    known = set(_SCALAR_KEYS) | set(_SECTION_KEYS) | _OTHER_KEYS
    for key, value in data.items():
        if key not in known:
            hint = difflib.get_close_matches(str(key), sorted(known), n=1)
            report(str(key), "unknown key" + (f" (did you mean '{hint[0]}'?)" if hint else ""))
        elif key in _SCALAR_KEYS:
            expected, name = _SCALAR_KEYS[key]
            if _type_ok(value, expected):
                values[name] = value
            else:
                report(key, f"expected {_type_name(expected)}, got {type(value).__name__}")
        elif key in _SECTION_KEYS:
            if not isinstance(value, dict):
                report(key, "expected a mapping")
                continue
            for sub, sub_value in value.items():
                spec = _SECTION_KEYS[key].get(sub)
                if spec is None:
                    hint = difflib.get_close_matches(str(sub), sorted(_SECTION_KEYS[key]), n=1)
                    report(f"{key}.{sub}", "unknown key" + (f" (did you mean '{hint[0]}'?)" if hint else ""))
                elif not _type_ok(sub_value, spec[0]):
                    report(f"{key}.{sub}", f"expected {_type_name(spec[0])}, got {type(sub_value).__name__}")
                else:
                    values[spec[1]] = sub_value

    for name in ("content_dir", "output_dir", "themes_dir", "inbox_dir"):
        if values.get(name) is not None:
            values[name] = (root / values[name]).resolve()
    values.setdefault("content_dir", (root / "content").resolve())
    values.setdefault("output_dir", (root / "output").resolve())
    values.setdefault("themes_dir", (root / "themes").resolve())

    base_url = values.get("base_url", Config.base_url)
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        report("base_url", f"must be an absolute http(s) URL, got {base_url!r}")
    elif not base_url.endswith("/"):
        values["base_url"] = base_url + "/"

    for name in ("timezone", "digest_timezone"):
        zone = values.get(name)
        if zone is not None:
            try:
                ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError):
                report(name, f"unknown time zone {zone!r} (use an IANA name such as 'Asia/Seoul' or 'UTC')")

    for name, minimum in (("paginate", 1), ("home_days_per_page", 1), ("feed_items", 1), ("max_topics", 1),
                          ("summary_length", 20), ("related_count", 0), ("related_window_days", 0),
                          ("search_bundle_pages", 0)):
        if name in values and values[name] < minimum:
            report(_CONFIG_KEY.get(name, name), f"must be at least {minimum}")
    if not 0 < values.get("stories_threshold", 0.2) <= 1:
        report("stories.threshold", "must be greater than 0 and at most 1")
    if values.get("stories_window_days", 3) <= 0:
        report("stories.window_days", "must be greater than 0")
    if values.get("stories_min_sources", 2) < 1:
        report("stories.min_sources", "must be at least 1")
    if "language" in values and not LANGUAGE_TAG.fullmatch(values["language"]):
        report("language", f"expected a language tag such as 'en' or 'pt-BR', got {values['language']!r}")
    language = values.get("search_language")
    if language is not None and not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", language):
        report("search.language", f"expected a language code such as 'en' or 'pt-br', got {language!r}")
    if values.get("feed_content", "full") not in ("full", "summary"):
        report("feeds.content", "must be 'full' or 'summary'")

    if "permalinks" in data:
        values["permalinks"] = _validate_permalinks(data["permalinks"], report)
    if "topics" in data:
        values["topics"] = _validate_topics(data["topics"], report)
    if "fallback_topic" in data:
        fallback = _validate_topics([data["fallback_topic"]], report, "fallback_topic")
        if fallback:
            values["fallback_topic"] = fallback[0]
    if isinstance(data.get("extra"), dict):
        values["extra"] = data["extra"]
    elif "extra" in data:
        report("extra", "expected a mapping")

    slugs = [t.slug for t in values.get("topics", ())] + [values.get("fallback_topic", Config.fallback_topic).slug]
    for slug in {s for s in slugs if slugs.count(s) > 1}:
        report("topics", f"topic slug {slug!r} is declared more than once")

    if problems:
        raise NewsdigestError(problems)
    return Config(root=root.resolve(), **values)


def _validate_permalinks(raw: Any, report) -> dict[str, str]:
    permalinks = dict(DEFAULT_PERMALINKS)
    if not isinstance(raw, dict):
        report("permalinks", "expected a mapping of page kind to pattern")
        return permalinks
    for kind, pattern in raw.items():
        if kind not in PERMALINK_FIELDS:
            report(f"permalinks.{kind}", f"unknown page kind (expected one of {', '.join(PERMALINK_FIELDS)})")
            continue
        if not isinstance(pattern, str) or not pattern.startswith("/") or not pattern.endswith("/"):
            report(f"permalinks.{kind}", "pattern must start and end with '/'")
            continue
        try:
            pattern.format(**{name: "x" for name in PERMALINK_FIELDS[kind]})
        except (KeyError, IndexError, ValueError) as err:
            report(f"permalinks.{kind}", f"pattern may only use {sorted(PERMALINK_FIELDS[kind])}: {err}")
            continue
        if ".." in pattern.split("/"):
            report(f"permalinks.{kind}", "pattern must not contain '..'")
            continue
        permalinks[kind] = pattern
    return permalinks


def _validate_topics(raw: Any, report, key: str = "topics") -> tuple[TopicRule, ...]:
    if not isinstance(raw, list):
        report(key, "expected a list of topics")
        return ()
    rules = []
    for index, item in enumerate(raw):
        where = f"{key}[{index}]" if key == "topics" else key
        if not isinstance(item, dict) or not isinstance(item.get("slug"), str):
            report(where, "each topic needs at least a 'slug' string")
            continue
        slug = slugify(item["slug"])
        if not slug:
            report(where, f"slug {item['slug']!r} has no usable characters")
            continue
        unknown = set(item) - {"slug", "title", "description", "keywords", "threshold"}
        if unknown:
            report(where, f"unknown topic keys: {', '.join(sorted(map(str, unknown)))}")
        keywords = _validate_keywords(item.get("keywords", []), report, f"{where}.keywords")
        threshold = item.get("threshold")
        if threshold is not None and not _type_ok(threshold, (int, float)):
            report(f"{where}.threshold", "expected a number")
            threshold = None
        rules.append(TopicRule(
            slug=slug,
            title=str(item.get("title") or slug.replace("-", " ").title()),
            description=str(item.get("description") or ""),
            keywords=keywords,
            threshold=threshold,
        ))
    return tuple(rules)


def _validate_keywords(raw: Any, report, where: str) -> tuple[tuple[str, float], ...]:
    """Keywords are a list (weight 1 each) or a mapping of keyword to weight."""
    if isinstance(raw, list):
        pairs = [(k, 1.0) for k in raw]
    elif isinstance(raw, dict):
        pairs = list(raw.items())
    else:
        report(where, "expected a list of keywords or a mapping of keyword to weight")
        return ()
    keywords = []
    for keyword, weight in pairs:
        if not isinstance(keyword, str) or not keyword.strip("* "):
            report(where, f"keyword {keyword!r} must be a non-empty string")
        elif not _type_ok(weight, (int, float)):
            report(where, f"weight of {keyword!r} must be a number")
        else:
            keywords.append((keyword.strip(), float(weight)))
    return tuple(keywords)


def _type_ok(value: Any, expected) -> bool:
    if isinstance(value, bool):  # YAML 'yes' is a bool, never an int here
        return expected is bool or (isinstance(expected, tuple) and bool in expected)
    return isinstance(value, expected)


def _type_name(expected) -> str:
    types = expected if isinstance(expected, tuple) else (expected,)
    names = {"str": "a string", "int": "an integer", "float": "a number", "NoneType": "null"}
    return " or ".join(names.get(t.__name__, t.__name__) for t in types)


def _line_of_key(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(f"{key}:"):
            return number
    return None
