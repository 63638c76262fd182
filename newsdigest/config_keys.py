"""Every key `config.yaml` may hold, declared once: its section, type, default, bounds or choices and help.

`newsdigest.config` builds the frozen `Config` and its section dataclasses from `KEYS` and validates a config by
looping over it; the few values a type and bounds cannot describe (URLs, zones, language tags, permalink patterns,
topic rules) have a named `check` here. `python -m newsdigest.config_keys > docs/config.md` writes the reference.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import Any, Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsdigest.config_urls import check_base_url, check_permalink
from newsdigest.slugs import slugify

# BCP 47's shape: a 2-3 letter language, then subtags of 1-8 letters or digits ("en", "pt-BR", "zh-Hant-TW").
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
SEARCH_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")

# Value types, as YAML gives them. A folder is a string in YAML and an absolute Path in Config.
NUMBER = (int, float)
OPTIONAL_TEXT = (str, type(None))
FOLDER = Path
OPTIONAL_FOLDER = (Path, type(None))
Report = Callable[[str, str], None]  # report(key, message)


@dataclass(frozen=True)
class TopicRule:
    """A topic and the weighted keywords that assign articles to it."""

    slug: str
    title: str
    description: str = ""
    keywords: tuple[tuple[str, float], ...] = ()
    threshold: float | None = None


@dataclass(frozen=True)
class Key:
    """One config key. `section` is "" for a top-level key; `check` validates what type and bounds cannot
    (it gets a value of the right type within bounds, reports problems and returns the value to keep)."""

    section: str
    name: str
    type: type | tuple[type, ...]
    default: Any
    help: str
    at_least: float | None = None
    above: float | None = None
    at_most: float | None = None
    choices: tuple[str, ...] = ()
    check: Callable[[Key, Any, Report], Any] | None = None
    expected: str = ""  # what a value of the wrong type is told it should be; default: the type's name
    shown_default: str = ""  # the default as the reference shows it; default: the value itself

    @property
    def dotted(self) -> str:
        return f"{self.section}.{self.name}" if self.section else self.name

    def out_of_range(self, value: Any) -> str | None:
        """The message for a value outside the key's bounds or choices, or None when it is allowed."""
        if self.choices and value not in self.choices:
            return f"must be {_either(self.choices)}"
        if isinstance(value, bool) or not isinstance(value, NUMBER):
            return None
        if not -math.inf < value < math.inf:   # (.inf is "greater than 0"; .nan compares false with every bound)
            return "must be a finite number" + (f" ({self.bounds()})" if self.bounds() else "")
        if ((self.at_least is not None and not value >= self.at_least)
                or (self.above is not None and not value > self.above)
                or (self.at_most is not None and not value <= self.at_most)):
            return f"must be {self.bounds()}"
        return None

    def bounds(self) -> str:
        """'at least 1', 'greater than 0 and at most 1'; empty without bounds."""
        parts = [f"{word} {limit:g}" for word, limit in
                 (("at least", self.at_least), ("greater than", self.above), ("at most", self.at_most))
                 if limit is not None]
        return " and ".join(parts)


def _either(choices: tuple[str, ...]) -> str:
    quoted = [repr(choice) for choice in choices]
    return " or ".join(quoted) if len(quoted) <= 2 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


# --- the values a type and bounds cannot describe (URLs: newsdigest/config_urls.py) ------------------

# Names a zone database may hold that are not zones of their own: "localtime" is the machine's zone (the output
# would then depend on the machine that builds it), "posixrules" an old default, "Factory" no zone at all.
_NOT_A_PLACE = {"localtime", "posixrules", "factory"}


def check_timezone(key: Key, zone: str | None, report: Report) -> str | None:
    if zone is not None and zone.strip().lower() in _NOT_A_PLACE:
        report(key.dotted, f"{zone!r} is not a place's time zone (it is the building machine's, or none): use an "
                           "IANA name such as 'Asia/Seoul' or 'UTC'")
    elif zone is not None:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            report(key.dotted, f"unknown time zone {zone!r} (use an IANA name such as 'Asia/Seoul' or 'UTC')")
    return zone


def check_theme(key: Key, name: str, report: Report) -> str:
    # A theme folder is read whole (every file is digested for the build cache), so `/` or `/home/me` would
    # have the build read everything under it.
    parts = name.replace("\\", "/").split("/")
    if not name.strip() or name.startswith(("/", "\\")) or PureWindowsPath(name).anchor or ".." in parts:
        report(key.dotted, f"expected a folder name under `themes_dir` such as 'mine', got {name!r}")
    return name


def check_language_tag(key: Key, tag: str, report: Report) -> str:
    if not LANGUAGE_TAG.fullmatch(tag):
        report(key.dotted, f"expected a language tag such as 'en' or 'pt-BR', got {tag!r}")
    return tag


def check_search_language(key: Key, code: str | None, report: Report) -> str | None:
    # language tags ignore case (BCP 47); Pagefind knows its languages by lower-case codes only
    if code is not None and not SEARCH_LANGUAGE.fullmatch(code.lower()):
        report(key.dotted, f"expected a language code such as 'en' or 'pt-br', got {code!r}")
    return code.lower() if code is not None else None


MAX_WINDOW_DAYS = 36500   # a century: "no limit" for a news archive, and within what a date's arithmetic takes


def check_source_names(key: Key, names: dict, report: Report) -> dict[str, str]:
    """`source_names:` as {slug of a name as pages spell it: the name to show}; an empty name means "unattributed"."""
    from newsdigest.urls import term_slug  # (urls imports the config; this module is imported by it)
    shown: dict[str, str] = {}
    spelled: dict[str, str] = {}
    for written, name in names.items():
        where = f"{key.dotted}.{written}"
        if not written.strip():   # (a key is its text as written: `Yes:` is the outlet Yes, see config.ConfigLoader)
            report(where, "expected an outlet's name as pages spell it, got an empty name")
            continue
        if name is None:
            name = ""
        if isinstance(name, bool) or not isinstance(name, (str, int, float)):
            report(where, f"expected the name to show (text, or empty for none), got {json_kind(name)}")
            continue
        slug = term_slug(written.strip(), "source")
        if slug in shown and shown[slug] != str(name).strip():
            report(where, f"{spelled[slug]!r} and {written!r} are the same source page ('{slug}') but are given "
                          f"different names ({shown[slug]!r}, {str(name).strip()!r})")
            continue
        shown[slug], spelled[slug] = str(name).strip(), written
    return shown


def check_topics(key: Key, items: list, report: Report) -> tuple[TopicRule, ...]:
    return tuple(rule for index, item in enumerate(items)
                 if (rule := topic_rule(item, f"{key.dotted}[{index}]", report)) is not None)


def check_fallback_topic(key: Key, item: dict, report: Report) -> TopicRule:
    return topic_rule(item, key.dotted, report) or key.default


def topic_rule(item: Any, where: str, report: Report) -> TopicRule | None:
    """One topic of `topics:` (or `fallback_topic:`) as a TopicRule; None when it is unusable."""
    if not isinstance(item, dict) or not isinstance(item.get("slug"), str):
        report(where, "each topic needs at least a 'slug' string")
        return None
    slug = slugify(item["slug"])
    if not slug:
        report(where, f"slug {item['slug']!r} has no usable characters")
        return None
    known = ["description", "keywords", "slug", "threshold", "title"]
    for name in sorted(map(str, set(item) - set(known))):
        hint = difflib.get_close_matches(name, known, n=1)
        report(f"{where}.{name}", f"unknown topic key (did you mean '{hint[0]}'?)" if hint
               else f"unknown topic key (expected one of {', '.join(known)})")
    keywords = _keywords(item.get("keywords") or [], report, f"{where}.keywords")   # (left empty: none)
    threshold = item.get("threshold")
    if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, NUMBER)):
        report(f"{where}.threshold", "expected a number")
        threshold = None
    elif threshold is not None and not 0 < threshold < math.inf:
        report(f"{where}.threshold", "must be a finite number greater than 0")   # (0 passes every article: all topics)
        threshold = None
    for name in ("title", "description"):
        value = item.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (str, int, float))):
            report(f"{where}.{name}", f"expected text, got {json_kind(value)}")   # a list became "['x', 'y']"
            item = {**item, name: None}
    return TopicRule(slug=slug, title=str(item.get("title") or slug.replace("-", " ").title()),
                     description=str(item.get("description") or ""), keywords=keywords, threshold=threshold)


def json_kind(value: Any) -> str:
    """What YAML calls the kind of a value: "a list", "a mapping", "a boolean"..."""
    return {list: "a list", dict: "a mapping", bool: "a boolean"}.get(type(value), type(value).__name__)


def _keywords(raw: Any, report: Report, where: str) -> tuple[tuple[str, float], ...]:
    """Keywords are a list (weight 1 each) or a mapping of keyword to weight."""
    if isinstance(raw, list):
        pairs = [(k, 1.0) for k in raw]
    elif isinstance(raw, dict):
        pairs = list(raw.items())
    else:
        report(where, "expected a list of keywords or a mapping of keyword to weight")
        return ()
    keywords, given = [], set()
    for keyword, weight in pairs:
        key = (keyword.strip("* ").casefold(), keyword.strip().endswith("*")) if isinstance(keyword, str) else None
        if key in given:   # (it would count twice)
            report(where, f"keyword {keyword!r} is given twice (keywords match in any letter case)")
        elif not isinstance(keyword, str) or not keyword.strip("* "):
            report(where, f"keyword {keyword!r} must be a non-empty string" + (  # (`on`, `no`: YAML 1.1 booleans)
                " (YAML reads yes, no, on and off as true or false: quote it)" if isinstance(keyword, bool) else ""))
        elif "*" in keyword.strip().rstrip("*"):
            # it would match only the text with the '*' in it: never
            report(where, f"keyword {keyword!r}: '*' works only at the end ('tariff*' matches tariffs, tariffed)")
        elif isinstance(weight, bool) or not isinstance(weight, NUMBER) or not -math.inf < weight < math.inf:
            report(where, f"weight of {keyword!r} must be a finite number")
        else:
            keywords.append((keyword.strip(), float(weight)))
            given.add(key)
    return tuple(keywords)


# --- the declaration -----------------------------------------------------------------------------

SECTIONS = {  # YAML section -> what it configures (top-level keys have section "")
    "home": "The home page: the newest days, a few per page.",
    "feeds": "The RSS, Atom and JSON feeds of the site and of every topic, tag and source, and `/daily.xml`.",
    "related": "The related articles listed on each article page.",
    "stories": "Stories: articles from different sources about one event, grouped on a page `/stories/<id>/`.",
    "search": "The Pagefind search index in `output/pagefind/` and the search page `/search/`.",
    "ingest": "Raw pages made into articles, by `newsdigest ingest` and in the watched inbox.",
    "permalinks": "URL patterns per page kind. A pattern starts and ends with `/`, may use only the fields "
                  "its default uses (`{year}`, `{month}`, `{day}` zero-padded; `{slug}`), written plain (no "
                  "`{slug:.7}`), besides them only ASCII letters, digits, `/`, `-`, `_`, `.` and `~`, and never "
                  "`..`, and keeps what tells its pages apart: `{slug}` where the default has it, else all the date "
                  "fields.",
}

_GENERAL = TopicRule("general", "General", "Stories that fit no other topic.")

KEYS: tuple[Key, ...] = (
    Key("", "title", str, "News Digest", "site name (page heads, feeds)"),
    Key("", "description", str, "", "site description (page heads, feeds)"),
    Key("", "base_url", str, "http://127.0.0.1:8000/", "absolute URL of the site; may include a subpath like "
        "`https://example.org/digest/` (a missing final `/` is added); no query, fragment, user name, space, port 0 "
        "or stray percent sign; letters beyond ASCII are published percent-encoded (the host in IDNA), as feeds and "
        "sitemaps require", check=check_base_url),
    Key("", "language", str, "en", "default `lang` of articles and feeds: a language tag such as `en` or `pt-BR`",
        check=check_language_tag),
    Key("", "timezone", str, "UTC", "IANA zone for dates written without an offset", check=check_timezone),
    Key("", "digest_timezone", OPTIONAL_TEXT, None, "unset: each article is listed under its own local date "
        "(00:30+09:00 stays on its Korean day) while pages show times in `timezone`; an IANA zone: articles are "
        "grouped by their date, and times shown, in it (`init` sets it: a day's heading and its times agree). The "
        "day is part of an article's address: setting or changing it moves the articles whose day changes (add "
        "`aliases:` for addresses already shared)", check=check_timezone),
    Key("", "content_dir", FOLDER, "content", "folder of the content files, relative to the config file"),
    Key("", "output_dir", FOLDER, "output", "folder the site is written to, relative to the config file"),
    Key("", "themes_dir", FOLDER, "themes", "folder of the themes, relative to the config file"),
    Key("", "theme", str, "default", "theme folder name under `themes_dir`; templates it lacks come from `default`",
        check=check_theme),
    Key("", "inbox_dir", OPTIONAL_FOLDER, None, "folder watched by `serve`/`watch`, relative to the config file; "
        "raw pages dropped there are ingested into `content_dir`. It may not be or hold `content_dir` or "
        "`themes_dir`"),
    Key("", "paginate", int, 20, "articles per topic, tag and source page, and stories per page of the stories "
        "list", at_least=1),
    Key("", "summary_length", int, 280, "characters of a derived summary", at_least=20),
    Key("", "topic_threshold", NUMBER, 3.0, "score a topic needs unless it sets its own `threshold`; a keyword "
        "counts ×3 in the title, ×2 in the summary or tags, ×1 in the body (at most 3 hits)", above=0),
    Key("", "max_topics", int, 3, "topics an article can get from rules", at_least=1),
    Key("", "topics", list, (), "topic rules: a list of `{slug, title, description, keywords, threshold}`; "
        "`keywords` is a list (weight 1 each) or a mapping of keyword to weight; `tariff*` matches words "
        "starting with `tariff`", check=check_topics, expected="a list of topics", shown_default="none"),
    Key("", "fallback_topic", dict, _GENERAL, "topic (`{slug, title, description}`) of articles that match no "
        "rule", check=check_fallback_topic, shown_default="`{slug: general, title: General}`"),
    Key("", "source_names", dict, {}, "outlet names to show instead of the ones pages give, as a mapping: "
        "`{ottawacitizen: Ottawa Citizen, Reuters.com: Reuters}`. A name matches when it has the same source page "
        "(`Reuters.com` and `reuters.com`: `/sources/reuters-com/`), so outlets spelled several ways share one page "
        "and count as one outlet in a story; an empty name leaves the articles unattributed (\"source unknown\")",
        check=check_source_names, shown_default="empty"),
    Key("", "canonical_to_original", bool, False, "`true`: article pages' `rel=canonical` points to the original "
        "article"),
    Key("", "extra", dict, {}, "free-form values for themes (`config.extra` in templates)",
        shown_default="empty"),
    Key("home", "days_per_page", int, 5, "days per home page (`/`, `/page/2/`, ...)", at_least=1),
    Key("feeds", "items", int, 20, "items per feed (days in `/daily.xml`)", at_least=1),
    Key("feeds", "content", str, "full", "`full`: article HTML in `content:encoded`; `summary`: the summary only",
        choices=("full", "summary")),
    Key("related", "count", int, 5, "related articles per article page: those sharing a tag or a topic (the fallback "
        "topic is none), shared tags first, then nearer in time, one report of each story; `0`: none", at_least=0),
    Key("related", "window_days", int, 14, "related articles are at most this many days apart", at_least=0,
        at_most=MAX_WINDOW_DAYS),
    Key("stories", "enabled", bool, True, "group articles into stories"),
    Key("stories", "threshold", NUMBER, 0.15, "how alike (cosine of the centroids) two groups of "
        "articles must be to merge into one story; higher is stricter (see `headline_threshold`)", above=0,
        at_most=1),
    Key("stories", "headline_threshold", (int, float, type(None)), None, "the `threshold` of a site whose reports "
        "are mostly headlines alone, with a short line at most: short texts share fewer words", above=0, at_most=1,
        shown_default="0.8 × `threshold` (`0.12`)"),
    Key("stories", "window_days", NUMBER, 3.0, "articles further apart than this many days are never "
        "similar", above=0, at_most=MAX_WINDOW_DAYS),
    Key("stories", "min_sources", int, 2, "distinct sources a story needs (names compared as slugs)", at_least=1),
    Key("stories", "coverage_items", int, 10, "other outlets an article page lists under \"More coverage of "
        "this story\", each with its latest report; `0`: every outlet (the story page lists every report)",
        at_least=0),
    Key("search", "enabled", bool, True, "build the search index and page (needs Pagefind)"),
    Key("search", "language", OPTIONAL_TEXT, None, "language code of the index, such as `en` or `pt-br`",
        check=check_search_language, shown_default="the site's `language`"),
    Key("search", "bundle_pages", int, 1000, "article pages per index bundle; `0`: one bundle", at_least=0),
    Key("ingest", "date_from_mtime", bool, False, "`true`: a page that states no date, and has no scraper record's "
        "`fetched_at`, takes the day its file was saved (its modification time), as with `ingest --date-from-mtime`,"
        " in `ingest` and in the watched inbox; `--date` and `--require-date` still decide for their run"),
    Key("ingest", "headlines", bool, False, "`true`: a scraper record with no page field but a headline and an "
        "address (a feed's item) is written as a headline article, as with `ingest --headlines`, in `ingest` and in "
        "the watched inbox"),
    Key("permalinks", "article", str, "/{year}/{month}/{day}/{slug}/", "article page", check=check_permalink),
    Key("permalinks", "day", str, "/{year}/{month}/{day}/", "day page", check=check_permalink),
    Key("permalinks", "month", str, "/{year}/{month}/", "month archive", check=check_permalink),
    Key("permalinks", "year", str, "/{year}/", "year archive", check=check_permalink),
    Key("permalinks", "topic", str, "/topics/{slug}/", "topic page", check=check_permalink),
    Key("permalinks", "tag", str, "/tags/{slug}/", "tag page", check=check_permalink),
    Key("permalinks", "source", str, "/sources/{slug}/", "source page", check=check_permalink),
    Key("permalinks", "story", str, "/stories/{slug}/", "story page; `{slug}` is the story id",
        check=check_permalink),
)


# --- names of types, for messages and the reference ----------------------------------------------

_TYPE_NAMES = {"str": "a string", "Path": "a string", "int": "an integer", "float": "a number",
               "NoneType": "null", "list": "a list", "dict": "a mapping"}


def type_name(expected: type | tuple[type, ...]) -> str:
    """'an integer', 'a string or null', 'bool': what a message says a value should be."""
    types = expected if isinstance(expected, tuple) else (expected,)
    names = [_TYPE_NAMES.get(t.__name__, t.__name__) for t in types]
    return " or ".join(dict.fromkeys(name for name in names if name != "an integer" or float not in types))


def _value_doc(key: Key) -> str:
    if key.type in (FOLDER, OPTIONAL_FOLDER):
        kind = "folder (`~/` at its start is your home folder)"
    elif key.type is bool:
        kind = "`true` or `false`"
    else:
        kind = type_name(key.type).replace("a ", "", 1).replace("an ", "", 1).replace(" or null", "")
    if key.choices:
        kind = " or ".join(f"`{choice}`" for choice in key.choices)
    limits = key.bounds()
    return f"{kind}, {limits}" if limits else kind


def _default_doc(key: Key) -> str:
    value = key.default
    if key.shown_default:
        return key.shown_default
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, float):
        return f"`{value:g}`"
    return f"`{value}`" if value != "" else "empty"


def reference_markdown() -> str:
    """The config reference (docs/config.md), from KEYS."""
    lines = ["# Config reference", "",
             "<!-- Generated from newsdigest/config_keys.py: "
             "python -m newsdigest.config_keys > docs/config.md -->", "",
             "Every key of `config.yaml` is optional, and a key or section left empty (`description:` with nothing "
             "after it) counts as not given. An unknown key is an error that suggests the nearest "
             "known one, and a key given twice in one section is an error too; every mistake names the key and its "
             "line. Values are read as YAML 1.1 reads them: `yes`, `no`, `on` and `off` are true or false, so text "
             "such as Norwegian's language code is quoted (`language: \"no\"`).", ""]
    for section in ("", *SECTIONS):
        if section:
            lines += [f"## `{section}:`", "", SECTIONS[section], ""]
        else:
            lines += ["## Top-level keys", ""]
        lines += ["| key | value | default | meaning |", "|---|---|---|---|"]
        lines += [f"| `{key.dotted}` | {_value_doc(key)} | {_default_doc(key)} | {key.help} |"
                  for key in KEYS if key.section == section]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(reference_markdown(), end="")
