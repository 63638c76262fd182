"""The Jinja2 environment themes render in: the template lookup (the chosen theme, then the default theme, file
by file), autoescape on everywhere, and the globals and filters templates use (addresses, times in the display
zone, feed links, JSON-LD)."""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import threading
from collections import OrderedDict
from datetime import date, datetime, timezone
from pathlib import Path
from types import FunctionType

import jinja2
import jinja2.runtime
from markupsafe import Markup

from newsdigest.aliases import folders_of
from newsdigest.article import Article
from newsdigest.config import BUILTIN_THEMES_DIR, Config
from newsdigest.fileio import is_editor_temporary
from newsdigest.json_ld import news_article_json_ld, story_json_ld
from newsdigest.display_time import (date_source, day_label, day_span, display_time, display_update, display_zone_name,
                                     long_date, relative_day, short_day, when_text)
from newsdigest.feeds import feed_specs, site_feed_links, story_feed_links, term_feed_links
from newsdigest.markup import truncate_words
from newsdigest.pages import describe
from newsdigest.story_view import more_lines
from newsdigest.problems import NewsdigestError, Problem
from newsdigest.scripts import text_direction
from newsdigest.urls import (DAILY_FEED, INDEX_URLS, OPML_FILE, FeedFormat, absolute_url, canonical_url, day_url,
                             is_web_url, month_url, named_term_url, site_url, term_feed_path, year_url)


TEMPLATE_SUFFIXES = (".html", ".xml", ".txt")


def load_templates(env: jinja2.Environment) -> None:
    """Compile every template the theme lookup finds, ahead of rendering: processes forked after this share them
    compiled, where each used to compile the theme for itself (about 0.1 s). A template that does not compile is
    left for the page that uses it to report, with its file and line."""
    for name in env.list_templates(filter_func=lambda name: name.endswith(TEMPLATE_SUFFIXES)
                                   and not name.startswith("builtin/")):   # (compiled when a theme extends one)
        try:
            env.get_template(name)
        except Exception:  # a syntax error, bytes that are not UTF-8, an unreadable file: not cached, so the page
            pass           # that needs the template raises it again, as a problem naming the template


class ThemeLoader(jinja2.FileSystemLoader):
    """Jinja2's loader of template files, whose file that is not UTF-8 is a syntax error naming it and its line
    (Jinja2 let the bare UnicodeDecodeError through, which named no file, or blamed a template including it)."""

    def get_source(self, environment: jinja2.Environment, template: str):
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as err:
            pieces = jinja2.loaders.split_template_path(template)
            path = next((path for path in (os.path.join(folder, *pieces) for folder in self.searchpath)
                         if os.path.isfile(path)), template)
            line = err.object[:err.start].count(b"\n") + 1
            raise jinja2.TemplateSyntaxError(f"not valid UTF-8 (byte 0x{err.object[err.start]:02x})", line,
                                             template, path) from None


def make_environment(config: Config) -> jinja2.Environment:
    """A Jinja2 environment over the theme's templates, falling back to the default theme's file by file.

    Autoescape is on for every template whatever its extension: all content is scraped text.
    """
    chosen = config.themes_dir / config.theme
    if config.theme != "default" and not chosen.is_dir():
        there = sorted(d.name for d in config.themes_dir.iterdir() if d.is_dir() and not d.name.startswith(".")) \
            if config.themes_dir.is_dir() else []
        hint = f"the themes folder holds {', '.join(there)}" if there else "`newsdigest theme copy NAME` starts one"
        line = config.line_of("theme")
        raise NewsdigestError(Problem(config.source, f"theme {config.theme!r} not found (no folder {chosen}); {hint}",
                                      line) if line else Problem(chosen, f"theme not found; {hint}"))
    folders = [str(d / "templates") for d in config.theme_dirs if (d / "templates").is_dir()]
    env = ThemeEnvironment(
        # "builtin/base.html" is the built-in default theme's file, for a theme's own base.html to extend
        loader=jinja2.ChoiceLoader([ThemeLoader(folders), jinja2.PrefixLoader(
            {"builtin": ThemeLoader(str(BUILTIN_THEMES_DIR / "default" / "templates"))})]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # No template file check on every include: a theme edit makes the builder start a new environment.
        auto_reload=False,
        cache_size=-1,  # every template kept in a plain dict: a theme has a few dozen, looked up thousands of times
        bytecode_cache=COMPILED_TEMPLATES,
    )
    # Jinja2 works out an output expression with constant arguments when it compiles the template, calling the
    # filters, and some depend on the config: `"/static/style.css" | url` becomes the address under this site's
    # base path. So compiled code is kept for this config only (see CompiledTemplates).
    env.compiled_for = hashlib.sha256(repr(config).encode("utf-8", "surrogatepass")).hexdigest()
    zone_name = display_zone_name(config)
    env.globals.update(
        # Times as readers see them, all in the site's display zone (newsdigest.display_time).
        when=lambda article, listed_on=None, year=None: when_text(article, zone_name, listed_on, year),
        shown_time=lambda article: display_time(article, zone_name),
        updated_time=lambda article: display_update(article, zone_name),   # None unless `updated:` is later
        day_label=day_label,
        day_span=day_span,
        relative_day=relative_day,
        short_day=short_day,
        more_lines=more_lines,   # a "More:" list's lines: one a headline (newsdigest.story_view)
        date_source=date_source,
        web_url=lambda value: value if isinstance(value, str) and is_web_url(value) else "",
        url=lambda path="/": site_url(config, path),
        abs_url=lambda path="/": absolute_url(config, path),
        topic_feed_url=lambda term: term_feed_path(term.url, FeedFormat.RSS),
        term_feeds=term_feed_links,
        site_feeds=site_feed_links(),
        story_feeds=story_feed_links(),
        daily_feed=DAILY_FEED,
        opml_file=OPML_FILE,
        canonical_url=lambda page: canonical_url(config, page),
        news_article_json_ld=lambda article: news_article_json_ld(config, article),
        story_json_ld=lambda story: story_json_ld(config, story),
        day_url=lambda day: day_url(config, day),
        month_url=lambda day: month_url(config, day),
        year_url=lambda day: year_url(config, day),
        # A tag or source is linked from every article page that names it: its slug is worked out once.
        tag_url=functools.lru_cache(maxsize=65536)(lambda name: named_term_url(config, "tag", name)),
        source_url=functools.lru_cache(maxsize=65536)(lambda name: named_term_url(config, "source", name)),
        index_url=INDEX_URLS,
        index_title={"topic": "Topics", "tag": "Tags", "source": "Sources"},
        # ' lang="de"' on the elements that hold an article's own words (headline, summary, body) when it is
        # written in another language than the site's, whose language the page and its interface text keep;
        # ' lang="ar" dir="rtl"' where that language is also written the other way.
        lang_of=functools.partial(_lang_attributes, config.language),
        page_dir=text_direction(config.language),
    )
    # `path | url` is `url(path)` for hot loops: Jinja calls filters directly, functions through its runtime.
    env.filters.update(longdate=long_date, shortdate=short_date, isodate=iso_date, utcstamp=utc_stamp,
                       clock=lambda article: display_time(article, zone_name).clock,
                       short=short_summary,
                       url=lambda path="/": site_url(config, path))
    return env


def _lang_attributes(site_language: str, article: Article) -> str:
    if not article.lang or article.lang == site_language:
        return ""
    direction = text_direction(article.lang)
    if direction == text_direction(site_language):
        return Markup(' lang="%s"') % article.lang
    return Markup(' lang="%s" dir="%s"') % (article.lang, direction)


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in this process's memory, so a new environment over an unchanged theme file does
    not compile it again: each build of a session that edits its theme (`serve`, `watch`), or of a process that
    builds many sites, made a new environment and compiled the whole theme (about 0.12 s) where one file changed.

    Kept by template name and file, the source's checksum, the config the environment was made from
    (`compiled_for`: Jinja2 calls filters with constant arguments as it compiles, and some of them read the config)
    and the environment settings that shape the compiled code (delimiters, whitespace handling, extensions, the
    filter and test names a template may use), so an edited file, another config or another setup compiles
    afresh; an environment without `compiled_for` keeps nothing here. Never on disk: compiled code read from a
    file would run as it stands, like a pickle (the build cache holds no code). At most `max_templates` are
    kept, the least recently used going first.
    """

    def __init__(self, max_templates: int = 512) -> None:
        self.max_templates = max_templates
        self._code: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()  # (builds may run in another thread than the one that made the store)

    @staticmethod
    def _settings(env: jinja2.Environment) -> tuple:
        return (type(env), env.compiled_for, env.block_start_string, env.block_end_string, env.variable_start_string,
                env.variable_end_string, env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
                env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
                env.keep_trailing_newline, env.optimized, env.is_async, env.autoescape, env.finalize is None,
                tuple(sorted(env.extensions)), tuple(sorted(env.filters)), tuple(sorted(env.tests)))

    def _key(self, bucket: jinja2.bccache.Bucket) -> tuple:
        return bucket.key, bucket.checksum, self._settings(bucket.environment)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if not hasattr(bucket.environment, "compiled_for"):
            return
        key = self._key(bucket)
        with self._lock:
            code = self._code.get(key)
            if code is not None:
                self._code.move_to_end(key)
                bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if not hasattr(bucket.environment, "compiled_for"):
            return
        key = self._key(bucket)
        with self._lock:
            self._code[key] = bucket.code
            while len(self._code) > self.max_templates:
                self._code.popitem(last=False)


COMPILED_TEMPLATES = CompiledTemplates()


class ThemeContext(jinja2.runtime.Context):
    """Jinja2's template context, with a shorter way to call a plain function from a template.

    Jinja2 asks every callable whether it wants the context, the eval context or the environment passed in
    (`jinja2.pass_context` and friends), twice; a plain function that was never marked wants none, and is
    called as Jinja2 would call it. Templates call such helpers (`url`, `article_item`, ...) hundreds of
    thousands of times in a large build.
    """

    def call(__self, __obj, *args, **kwargs):  # noqa: N805 (Jinja2's own signature)
        if __obj.__class__ is not FunctionType or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined("value was undefined because a callable raised a StopIteration"
                                                " exception")


class ThemeEnvironment(jinja2.Environment):
    """A Jinja2 environment whose templates see the globals as one plain dict.

    Jinja2 layers a template's globals over the environment's in a ChainMap, which it copies into every
    render's context and compares with every imported macro module's keys: a third of the time of a list
    item. `make_environment` sets every global before the first template loads, and nothing changes them
    after, so a flat copy sees the same names.
    """

    context_class = ThemeContext

    def make_globals(self, d):
        return {**self.globals, **(d or {})}


def modified_date(article: Article) -> datetime:
    """`Article.modified`, for templates."""
    return article.modified


@functools.lru_cache(maxsize=8192)
def short_date(value: date | datetime) -> str:
    return f"{value.day} {value:%b %Y}"


SHORT_SUMMARY = 160  # characters of a summary on digest pages (the `short` filter)
SUMMARY_SLACK = 0.2  # ... kept whole when at most this share longer: a cut there took a sentence's last words


def short_summary(text: str | None, limit: int = SHORT_SUMMARY) -> str:
    """A summary for a list page: cut to `limit` characters at a word, unless it is at most a fifth longer.
    ("... and that rice and beef markets…" left out the news, "stay closed", to save eleven characters.)"""
    text = " ".join((text or "").split())
    return text if len(text) <= limit * (1 + SUMMARY_SLACK) else truncate_words(text, limit)


def iso_date(value: date | datetime) -> str:
    return value.isoformat()


def utc_stamp(value: datetime) -> str:
    """A time in UTC, "2026-04-06T01:00:00Z": the form that sorts as text in time order (Pagefind's sort keys
    compare text, and times with their own offsets compared so come out of order)."""
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def templates_of_their_own(config: Config) -> bool:
    """Whether the site's theme has a template that is not the built-in default theme's file as it ships (a copy
    made by `newsdigest theme copy` and left as it is does not count). Such a template may show anything of the
    site (`site.articles[0]`, a topic's count), which the build cache's page fingerprints do not follow."""
    builtin = BUILTIN_THEMES_DIR / "default"
    files = []
    for theme_dir in config.theme_dirs:
        templates = theme_dir / "templates"
        if theme_dir != builtin and templates.is_dir():
            # (through linked folders too, as the template loader reads them)
            for folder, _, names in sorted(os.walk(templates, followlinks=True)):
                for name in sorted(names):
                    path = Path(folder) / name
                    if path.is_file() and not is_editor_temporary(name):
                        stat = path.stat()
                        files.append((str(path), path.relative_to(templates).as_posix(), stat.st_size,
                                      stat.st_mtime_ns))
    return _any_differs(tuple(files))


@functools.lru_cache(maxsize=16)
def _any_differs(files: tuple[tuple[str, str, int, int], ...]) -> bool:
    """(Keyed by each file's size and time: a watching process asks again after every edit.)"""
    builtin = BUILTIN_THEMES_DIR / "default" / "templates"
    for path, relative, size, _ in files:
        twin = builtin / relative
        if not twin.is_file() or twin.stat().st_size != size or twin.read_bytes() != Path(path).read_bytes():
            return True
    return False


def recording_undefined(found: set[tuple[str, int, str]]) -> type[jinja2.Undefined]:
    """An `Undefined` that renders as nothing, as the default one does, and notes where a template printed it:
    (template file, line, "'Article object' has no attribute 'titel'"), for `check` to warn about typos that would
    otherwise leave a blank where the theme meant to show something."""
    class Recorded(jinja2.Undefined):
        __slots__ = ()

        def __str__(self) -> str:
            frame = sys._getframe(1)
            while frame is not None and "__jinja_template__" not in frame.f_globals:
                frame = frame.f_back
            if frame is not None:
                template = frame.f_globals["__jinja_template__"]
                found.add((template.filename, template.get_corresponding_lineno(frame.f_lineno),
                           self._undefined_message))
            return ""

    return Recorded


def theme_static_files(config: Config) -> dict[str, Path]:
    """Theme assets to copy into output/static/: the chosen theme's files override the default theme's."""
    files: dict[str, Path] = {}
    for theme_dir in reversed(config.theme_dirs):
        static = theme_dir / "static"
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file() and not is_editor_temporary(path.name):  # (a backup may hold unsaved work)
                    if not path.resolve().is_relative_to(static.resolve()):
                        continue  # a symlink out of the theme is never published
                    files["static/" + path.relative_to(static).as_posix()] = path
    return files


def static_file_clashes(static_files: dict[str, Path], site) -> list[Problem]:
    """A theme's static file that would be written where a page or a feed goes ("static/index.html", when an
    article's address is /static/; "static/trams/feed.xml", a tag's feed under `permalinks` tag: /static/{slug}/),
    or where one needs a folder ("static/trams", a file, where the tag's page goes into static/trams/): one would
    overwrite the other, or the build could not write it. Letter case aside, as on macOS's and Windows' file
    systems, where "Static/A" and "static/a" are one file."""
    folded = {name.casefold(): name for name in static_files}
    as_folder = {folder: name for folded_name, name in folded.items() for folder in folders_of(folded_name)}
    generated = [(page.output_path, describe(page)) for page in site.pages] + [
        (spec.output_path, "a feed") for spec in feed_specs(site)]
    problems: dict[str, Problem] = {}   # the first clash of each theme file
    for output_path, what in generated:
        key = output_path.casefold()
        if not key.startswith("static/"):   # (every theme file is written under static/)
            continue
        name = folded.get(key) or as_folder.get(key) or next(
            (folded[folder] for folder in folders_of(key) if folder in folded), None)
        if name is not None and name not in problems:
            problems[name] = Problem(static_files[name], f"the theme's file would be written to {name}, where {what} "
                                     f"goes ({output_path}): rename the file, or change `permalinks` in the config")
    for folded_name, name in folded.items():   # a file of one theme where another's (or the built-in's) needs a folder
        if folded_name in as_folder and name not in problems:
            inside = as_folder[folded_name]
            problems[inside] = Problem(static_files[inside], f"the theme's file would be written to {inside}, "
                                       f"inside {name}, which is a file ({static_files[name]}): rename one of them")
    return list(problems.values())
