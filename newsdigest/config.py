"""Load and validate `config.yaml` into a frozen `Config`; every mistake names the key and the file.

The keys, their types, defaults and bounds are declared once, in `newsdigest.config_keys.KEYS`: the section
dataclasses (`config.stories.threshold`, `config.feeds.items`, ...) are built from it, top-level keys are
attributes of `Config` itself (`config.title`), and validation is a loop over it.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field, make_dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import yaml

from newsdigest.config_keys import (FOLDER, KEYS, OPTIONAL_FOLDER, SECTIONS, Key, TopicRule, reference_markdown,
                                    type_name)
from newsdigest.problems import NewsdigestError, Problem
from newsdigest.yaml_checks import (AliasExpansionError, first_duplicate_key, key_as_written, load_yaml,
                                    refused_character, unclosed_value, yaml_hint)

__all__ = ["Config", "TopicRule", "load_config", "config_from_mapping", "reference_markdown", "BUILTIN_THEMES_DIR"]
# The default theme ships inside the package, so a pip-installed site needs no theme folder of its own.
BUILTIN_THEMES_DIR = Path(__file__).resolve().parent / "themes"
CACHE_DIR_NAME = ".newsdigest-cache"   # the build's own state, beside the config file
_MISSING = object()


def _fresh(default: Any) -> Any:
    """A default to hand out: a copy when it is a mutable mapping or list."""
    return type(default)(default) if isinstance(default, (dict, list)) else default


def _field(default: Any):
    if isinstance(default, (dict, list)):
        return field(default_factory=lambda: _fresh(default))
    return field(default=default)


def _section_class(section: str) -> type:
    """The frozen dataclass of one YAML section, with a field per declared key."""
    fields = [(key.name, Any, _field(key.default)) for key in KEYS if key.section == section]
    return _here(make_dataclass(section.title(), fields, frozen=True))


def _here(cls: type) -> type:
    cls.__module__ = __name__  # make_dataclass's own `module=` needs Python 3.12
    return cls


# Module attributes, so that a Config pickles (parse workers get it).
Home = _section_class("home")
Feeds = _section_class("feeds")
Related = _section_class("related")
Stories = _section_class("stories")
Search = _section_class("search")
Permalinks = _section_class("permalinks")
Ingest = _section_class("ingest")
SECTION_CLASSES = {cls.__name__.lower(): cls for cls in (Home, Feeds, Related, Stories, Search, Ingest, Permalinks)}
assert SECTION_CLASSES.keys() == SECTIONS.keys(), "a section of config_keys.SECTIONS has no dataclass here"

# The top-level keys, then a field per section.
_Settings = _here(make_dataclass(
    "_Settings",
    [(key.name, Any, _field(key.default)) for key in KEYS if not key.section]
    + [(name, cls, field(default_factory=cls)) for name, cls in SECTION_CLASSES.items()],
    frozen=True, kw_only=True))


@dataclass(frozen=True, kw_only=True)
class Config(_Settings):
    """The validated site configuration. Folders are absolute Paths, resolved against `root`, the config's folder."""

    root: Path
    source: Path | None = None   # the config file, where one was read
    # The keys an option gave in place of the file's (`-o` for output_dir); not part of what a build writes, so
    # left out of the config's repr, which cache keys are made of
    given: tuple[str, ...] = field(default=(), repr=False, compare=False)

    def line_of(self, key: str) -> int | None:
        """The line of a dotted key ("permalinks.tag") in the config file, else of the nearest key above it
        that is written there; None without a file or such a key, or where an option gave the key's value."""
        if key in self.given:
            return None
        try:
            text = self.source.read_text(encoding="utf-8") if self.source else ""
        except (OSError, UnicodeDecodeError):
            return None
        return _line_of(key, _key_lines(text))

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, always starting and ending with '/' ('/' or '/digest/')."""
        return urlsplit(self.base_url).path or "/"

    @property
    def cache_dir(self) -> Path:
        """The folder of the build's cache, state and copies of hand-edited output files."""
        return self.root / CACHE_DIR_NAME

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def theme_dirs(self) -> list[Path]:
        """Theme folders in lookup order, file by file: the chosen theme, the site's own `default` theme, then
        the default theme built into the package. Folders that do not exist are left out."""
        dirs = [self.themes_dir / self.theme, self.themes_dir / "default", BUILTIN_THEMES_DIR / "default"]
        return [d for d in dict.fromkeys(dirs) if d.is_dir()]

    @property
    def search_index_language(self) -> str:
        """The search index's language code, in lower case as Pagefind knows them ("EN" left stemming off)."""
        return (self.search.language or self.language).lower()

    def all_topics(self) -> tuple[TopicRule, ...]:
        return self.topics + (self.fallback_topic,)


# Why text came out as true or false ("language: no", Norwegian): the config is read as YAML 1.1 reads values.
YAML_WORDS = "YAML reads yes, no, on and off as true or false; put text in quotes (language: \"no\")"


class ConfigLoader(yaml.SafeLoader):
    """yaml.SafeLoader (YAML 1.1 values, as configs have always been read) whose mapping keys are the text written
    (`null:`, `on:` and `1:` are keys named so: a topic's keyword `on`, an outlet named `Yes`), and that refuses a
    key given twice in one mapping, at the second: the last one would otherwise win without a word."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        found = first_duplicate_key(self, node, lambda mark: mark.line + 1, lambda key: key_as_written(self, key))
        if found:
            raise yaml.constructor.ConstructorError(None, None, *found)
        self.flatten_mapping(node)   # (the keys `<<` merges in)
        mapping = {}
        for key_node, value_node in node.value:
            key = key_as_written(self, key_node)
            if not isinstance(key, str):   # (`!!binary aGk=:` is bytes: every key the config reads is a name)
                raise yaml.constructor.ConstructorError(None, None, "a key must be text", key_node.start_mark)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


def load_config(path: Path | str, overrides: dict[str, Any] | None = None) -> Config:
    """Read a YAML config file (safely) and validate it. Raises NewsdigestError listing every problem."""
    # (the config's own folder, a link to it named: its paths are relative to where the link is, not its target)
    path = Path(os.path.abspath(path))
    if path.exists() and not path.is_file():  # a folder, or a device such as /dev/zero that never ends
        raise NewsdigestError(Problem(path, "the config is not a file"))
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NewsdigestError(Problem(path, "config file not found")) from None
    except OSError as err:
        raise NewsdigestError(Problem(path, f"cannot read config: {err.strerror or err}")) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise NewsdigestError(Problem(path, f"not valid UTF-8 (byte 0x{raw[err.start]:02x}); save the config as UTF-8",
                                      raw.count(b"\n", 0, err.start) + 1)) from None
    try:
        data = load_yaml(text, "this config", ConfigLoader)   # safe, with aliases held to a size
    except yaml.YAMLError as err:
        if refused := refused_character(err, text) or unclosed_value(err, text):
            raise NewsdigestError(Problem(path, f"invalid YAML: {refused[1]}", refused[0] + 1)) from None
        mark = getattr(err, "problem_mark", None)
        reason = getattr(err, "problem", err)
        reason = reason if isinstance(err, AliasExpansionError) else f"invalid YAML: {reason}{yaml_hint(err, text)}"
        raise NewsdigestError(Problem(path, reason, mark.line + 1 if mark else None)) from None
    data = {} if data is None else data   # (an empty file; `[]`, `0` or `false` are no mapping)
    if not isinstance(data, dict):
        raise NewsdigestError(Problem(path, "config must be a mapping of keys to values"))
    data.update(overrides or {})
    return config_from_mapping(data, path.parent, path, text, given=set(overrides or ()))


def config_from_mapping(data: dict[str, Any], root: Path, source: Path | None = None, text: str = "",
                        given: set[str] = frozenset()) -> Config:
    """Validate a config mapping (as loaded from YAML); folders are resolved against `root`. Keys in `given` came
    from the command line (`--base-url`), and their problems are reported as the option's, not the file's."""
    source = source or root / "config.yaml"
    problems: list[Problem] = []

    key_lines = _key_lines(text)

    def report(key: str, message: str) -> None:
        if key in given:
            option = "--" + key.replace("_dir", "").replace("_", "-")   # base_url -> --base-url, output_dir -> --output
            problems.append(Problem(Path(option), f"{message} (given on the command line, in place of {key})"))
            return
        problems.append(Problem(source, f"{key}: {message}", _line_of(key, key_lines)))

    sections = _sections(data, report)
    _report_unknown_keys(sections, report)
    values: dict[str, Any] = {"": {}, **{name: {} for name in SECTIONS}}
    for key in KEYS:
        raw = sections.get(key.section, {}).get(key.name, _MISSING)
        if raw is None and not _type_ok(None, key.type):
            raw = _MISSING   # "description:" with nothing after it, as a starter config's keys are left: not given
        value = _fresh(key.default) if raw is _MISSING else _validated(key, raw, report)
        if key.type in (FOLDER, OPTIONAL_FOLDER) and value is not None:
            home = str(value) == "~" or str(value).startswith(("~/", "~\\"))   # ("~drafts" is a folder's name)
            value = (root / (Path(value).expanduser() if home else Path(value))).resolve()
            if value.exists() and not value.is_dir():   # (`content_dir: config.yaml` read the config as an article)
                report(key.dotted, f"{value} is a file, not a folder")
        values[key.section][key.name] = value
    _check_unique_topic_slugs(values[""], report)
    _check_inbox(values[""], report)

    if problems:
        raise NewsdigestError(problems)
    return Config(root=root.resolve(), source=source, given=tuple(sorted(given)), **values.pop(""),
                  **{name: SECTION_CLASSES[name](**keys) for name, keys in values.items()})


def _sections(data: dict[str, Any], report) -> dict[str, dict[str, Any]]:
    """The mapping as {section: {key: value}} ("" for top-level keys); a section that is not a mapping is reported."""
    sections = {"": {key: value for key, value in data.items() if key not in SECTIONS}}
    for name in SECTIONS:
        if name in data:
            if isinstance(data[name], dict) or data[name] is None:   # "stories:" with every key under it left out
                sections[name] = data[name] or {}
            else:
                report(name, "expected a mapping")
    return sections


def _report_unknown_keys(sections: dict[str, dict[str, Any]], report) -> None:
    """Every key that is not declared, with the declared key of its section it most resembles."""
    for section, given in sections.items():
        known = [key.name for key in KEYS if key.section == section] + ([] if section else [*SECTIONS])
        for name in given:
            if name not in known:
                hint = difflib.get_close_matches(str(name), sorted(known), n=1)
                where = f"{section}.{name}" if section else str(name)
                if hint:
                    report(where, f"unknown key (did you mean '{hint[0]}'?)")
                else:  # a section's few keys are worth listing; the top level's are not
                    report(where, f"unknown key (expected one of {', '.join(known)})" if section else "unknown key")


def _validated(key: Key, value: Any, report) -> Any:
    """The value to keep for `key` (its default when the value is wrong): type, then bounds, then its check."""
    if not _type_ok(value, key.type):
        expected = key.expected or type_name(key.type)
        report(key.dotted, f"expected {expected}, got {type(value).__name__}" + (
            f": {YAML_WORDS}" if isinstance(value, bool) and _type_ok("text", key.type) else ""))
        return key.default
    problem = key.out_of_range(value)
    if problem:
        report(key.dotted, problem)
        return key.default
    return key.check(key, value, report) if key.check else value


def _check_unique_topic_slugs(top: dict[str, Any], report) -> None:
    slugs = [rule.slug for rule in (*top["topics"], top["fallback_topic"])]
    for index, slug in enumerate(slugs):   # (named at its second topic entry; the fallback's twin at the topic)
        if slug in slugs[:index]:
            where = index if index < len(top["topics"]) else slugs.index(slug)
            report(f"topics[{where}].slug", f"topic slug {slug!r} is declared more than once")


def _check_inbox(top: dict[str, Any], report) -> None:
    """The inbox must be a folder of its own: every file saved in it is ingested as a raw page, so an inbox that
    is or holds the content or themes folder would take each article or template saved for a page to ingest."""
    inbox = top["inbox_dir"]
    for key in ("content_dir", "themes_dir"):
        if inbox is not None and top[key].is_relative_to(inbox):
            report("inbox_dir", f"{inbox} is or holds the {key} {top[key]}: serve would ingest each file saved "
                                "there as a raw page; give the inbox a folder of its own, such as inbox")
            return


def _type_ok(value: Any, expected: type | tuple[type, ...]) -> bool:
    types = expected if isinstance(expected, tuple) else (expected,)
    if isinstance(value, bool):  # YAML 'yes' is a bool, never an int here
        return bool in types
    return isinstance(value, tuple(str if t is FOLDER else t for t in types))


def _key_lines(text: str) -> dict[str, int]:
    """The line of every key in the config's YAML by its dotted path ("search.enabled", "topics[0].keywords"), from
    the document's nodes: a key's name alone is not enough ("enabled" is a key of several sections)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader) if text else None
    except yaml.YAMLError:   # reported as such when the config is loaded
        return {}
    lines: dict[str, int] = {}
    seen: set[int] = set()   # a node an alias repeats is walked once

    def walk(node, path: str) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    here = f"{path}.{key.value}" if path else key.value
                    lines.setdefault(here, key.start_mark.line + 1)
                    walk(value, here)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines.setdefault(f"{path}[{index}]", item.start_mark.line + 1)
                walk(item, f"{path}[{index}]")

    walk(root, "")
    return lines


def _line_of(key: str, key_lines: dict[str, int]) -> int | None:
    """The line of `key`, else of the nearest key above it that is written (a value written inline)."""
    while key:
        if key in key_lines:
            return key_lines[key]
        key = key[:max(key.rfind("."), key.rfind("["), 0)]
    return None
