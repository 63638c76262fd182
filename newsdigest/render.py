"""Render stage: the site model -> file bytes (HTML pages via Jinja2 themes, feeds, sitemap, robots.txt)."""

from __future__ import annotations

import traceback
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import jinja2

from newsdigest.config import Config
from newsdigest.content import Article
from newsdigest.feeds import absolute_url, render_feed
from newsdigest.problems import NewsdigestError, Problem
from newsdigest.site_model import Page, Site, day_url, permalink, term_slug

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


def render_site(site: Site, env: jinja2.Environment | None = None) -> dict[str, bytes]:
    """Every generated file of the site (except theme static files), keyed by path relative to output/."""
    config = site.config
    env = env or make_environment(config)
    shared = {"site": site, "config": config, "topics": site.topics, "site_feed": SITE_FEED}
    files: dict[str, bytes] = {}
    for page in site.pages:
        files[page.output_path] = render_page(env, page, shared)
    files["404.html"] = render_page(env, Page("/404.html", "404.html", "Page not found", "404"), shared)
    files.update(render_feeds(site))
    files["sitemap.xml"] = render_sitemap(site)
    files["robots.txt"] = f"User-agent: *\nAllow: /\n\nSitemap: {absolute_url(config, '/sitemap.xml')}\n".encode()
    return files


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


def render_feeds(site: Site) -> dict[str, bytes]:
    config = site.config
    feeds = {SITE_FEED.lstrip("/"): render_feed(config, site.articles, title=config.title, page_url="/",
                                                feed_url=SITE_FEED, description=config.description)}
    for term in site.topics:
        path = topic_feed_path(config, term.url)
        feeds[path.lstrip("/")] = render_feed(config, term.articles, title=f"{config.title}: {term.name}",
                                              page_url=term.url, feed_url=path, description=term.description)
    return feeds


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
