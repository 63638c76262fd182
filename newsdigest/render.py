"""Render stage: the site model -> file bytes (HTML pages via Jinja2 themes, feeds, sitemap, robots.txt)."""

from __future__ import annotations

import dataclasses
import hashlib
import traceback
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import jinja2

from newsdigest.config import Config
from newsdigest.content import Article
from newsdigest.feeds import absolute_url, render_feed
from newsdigest.problems import NewsdigestError, Problem
from newsdigest.site_model import Page, Period, Site, Term, day_url, permalink, term_slug

SITE_FEED = "/feed.xml"


def make_environment(config: Config) -> jinja2.Environment:
    """A Jinja2 environment over the theme's templates, falling back to the default theme's.

    Autoescape is on for every template whatever its extension: all content is scraped text.
    """
    folders = [str(d / "templates") for d in config.theme_dirs if (d / "templates").is_dir()]
    if not folders:
        raise NewsdigestError(Problem(config.themes_dir / config.theme, "theme not found (no templates/ folder)"))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        url=lambda path="/": site_url(config, path),
        abs_url=lambda path="/": absolute_url(config, path),
        topic_feed_url=lambda term: topic_feed_path(config, term.url),
        day_url=lambda day: day_url(config, day),
        month_url=lambda day: permalink(config, "month", year=f"{day.year:04d}", month=f"{day.month:02d}"),
        year_url=lambda day: permalink(config, "year", year=f"{day.year:04d}"),
        tag_url=lambda name: permalink(config, "tag", slug=term_slug(name, "tag")),
        source_url=lambda name: permalink(config, "source", slug=term_slug(name, "source")),
        index_url={"topic": "/topics/", "tag": "/tags/", "source": "/sources/"},
        index_title={"topic": "Topics", "tag": "Tags", "source": "Sources"},
    )
    env.filters.update(longdate=long_date, shortdate=short_date, clock=clock_time, isodate=iso_date)
    return env


def site_url(config: Config, path: str) -> str:
    """A link that works when the site is served under base_url's path ('/digest/topics/...')."""
    return config.base_path + path.lstrip("/")


def topic_feed_path(config: Config, term_url: str) -> str:
    return term_url + "feed.xml"


def long_date(value: date | datetime) -> str:
    return f"{value:%A}, {value.day} {value:%B %Y}"


def short_date(value: date | datetime) -> str:
    return f"{value.day} {value:%b %Y}"


def clock_time(article: Article) -> str:
    """'15:08 (UTC+09:00)' in the article's own time zone; empty when only a date is known."""
    if article.date_only:
        return ""
    offset = article.date.strftime("%z")
    zone = "UTC" if offset in ("+0000", "") else f"UTC{offset[:3]}:{offset[3:]}"
    return f"{article.date:%H:%M} ({zone})"


def iso_date(value: date | datetime) -> str:
    return value.isoformat()


class RenderCache:
    """Rendered pages and feeds of the last build, keyed by a fingerprint of everything they show.

    A page is rendered again only when its fingerprint changes: an edited article re-renders its
    own page and the pages listing it, nothing else. `clear()` after a template change.
    """

    def __init__(self) -> None:
        self._files: dict[str, tuple[str, bytes]] = {}
        self.rendered = 0
        self.reused = 0

    def get_or_render(self, path: str, fingerprint: str, render) -> bytes:
        cached = self._files.get(path)
        if cached and cached[0] == fingerprint:
            self.reused += 1
            return cached[1]
        data = render()
        self._files[path] = (fingerprint, data)
        self.rendered += 1
        return data

    def keep_only(self, paths) -> None:
        for path in set(self._files) - set(paths):
            del self._files[path]

    def clear(self) -> None:
        self._files.clear()


def render_site(site: Site, env: jinja2.Environment | None = None, cache: RenderCache | None = None) -> dict[str, bytes]:
    """Every generated file of the site (except theme static files), keyed by path relative to output/."""
    config = site.config
    env = env or make_environment(config)
    cache = cache or RenderCache()
    shared = {"site": site, "config": config, "topics": site.topics, "site_feed": SITE_FEED}
    # What every page shows besides its own context: the config and the topic navigation.
    site_key = _digest((repr(config), [(t.slug, t.name, t.url, t.count > 0) for t in site.topics]))
    files: dict[str, bytes] = {}
    for page in site.pages:
        fingerprint = _digest((site_key, page.url, page.template, page.title, page.kind, fingerprint_of(page.context)))
        files[page.output_path] = cache.get_or_render(
            page.output_path, fingerprint, lambda page=page: render_page(env, page, shared))
    not_found = Page("/404.html", "404.html", "Page not found", "404")
    files["404.html"] = cache.get_or_render("404.html", site_key, lambda: render_page(env, not_found, shared))
    for path, title, page_url, description, articles in feed_specs(site):
        newest = articles[: config.feed_items]
        fingerprint = _digest((site_key, title, page_url, description, fingerprint_of(newest)))
        files[path.lstrip("/")] = cache.get_or_render(path.lstrip("/"), fingerprint, lambda: render_feed(
            config, newest, title=title, page_url=page_url, feed_url=path, description=description))
    files["sitemap.xml"] = render_sitemap(site)
    files["robots.txt"] = f"User-agent: *\nAllow: /\n\nSitemap: {absolute_url(config, '/sitemap.xml')}\n".encode()
    cache.keep_only(files)
    return files


def fingerprint_of(value) -> object:
    """A hashable summary of template data: articles by version and URL, terms and periods by what lists show."""
    if isinstance(value, Article):
        return ("A", value.content_hash, value.page_url, value.topics, value.day)
    if isinstance(value, Term):
        return ("T", value.kind, value.slug, value.name, value.url, value.description, value.count)
    if isinstance(value, Period):
        return ("P", value.kind, value.start, value.url, value.count)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return tuple(fingerprint_of(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, (list, tuple)):
        return tuple(fingerprint_of(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((key, fingerprint_of(item)) for key, item in value.items()))
    return value


def _digest(value: object) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def render_page(env: jinja2.Environment, page: Page, shared: dict) -> bytes:
    """Render one page; a template mistake becomes a NewsdigestError naming the template file and line."""
    try:
        template = env.get_template(page.template)
        html = template.render(**shared, page=page, **page.context)
    except jinja2.TemplateSyntaxError as err:
        raise NewsdigestError(Problem(Path(err.filename or err.name or page.template), err.message or str(err),
                                      err.lineno)) from None
    except jinja2.TemplateNotFound as err:
        raise NewsdigestError(Problem(Path(page.template), f"template not found in the theme: {err.name}")) from None
    except Exception as err:  # an error raised while running a template: point at the template line
        frame = next((f for f in reversed(traceback.extract_tb(err.__traceback__))
                      if f.filename.endswith((".html", ".xml", ".txt"))), None)
        where = Path(frame.filename) if frame else Path(page.template)
        raise NewsdigestError(Problem(where, f"error while rendering {page.url}: {err}",
                                      frame.lineno if frame else None)) from None
    return html.encode("utf-8")


def feed_specs(site: Site) -> list[tuple[str, str, str, str, tuple[Article, ...]]]:
    """(feed path, title, page it describes, description, articles newest first) for every feed."""
    config = site.config
    specs = [(SITE_FEED, config.title, "/", config.description, tuple(site.articles))]
    for term in site.topics:
        specs.append((topic_feed_path(config, term.url), f"{config.title}: {term.name}", term.url, term.description,
                      term.articles))
    return specs


def render_sitemap(site: Site) -> bytes:
    """sitemaps.org XML listing every page; articles carry their date as lastmod."""
    config = site.config
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in site.pages:
        lastmod = ""
        if page.kind == "article":
            lastmod = f"<lastmod>{page.context['article'].date.isoformat()}</lastmod>"
        lines.append(f"  <url><loc>{xml_escape(absolute_url(config, page.url))}</loc>{lastmod}</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


def theme_static_files(config: Config) -> dict[str, Path]:
    """Theme assets to copy into output/static/: the chosen theme's files override the default theme's."""
    files: dict[str, Path] = {}
    for theme_dir in reversed(config.theme_dirs):
        static = theme_dir / "static"
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    if not path.resolve().is_relative_to(static.resolve()):
                        continue  # a symlink out of the theme is never published
                    files["static/" + path.relative_to(static).as_posix()] = path
    return files
