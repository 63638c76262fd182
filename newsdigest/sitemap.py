"""The sitemap (sitemaps.org XML) and robots.txt, which points crawlers at it."""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

from newsdigest.config import Config
from newsdigest.site_model import Site
from newsdigest.urls import absolute_url

SITEMAP_FILE = "sitemap.xml"
ROBOTS_FILE = "robots.txt"


def sitemap_files(site: Site) -> dict[str, bytes]:
    """sitemap.xml and robots.txt, keyed by path relative to output/."""
    return {SITEMAP_FILE: render_sitemap(site), ROBOTS_FILE: render_robots(site.config)}


def render_sitemap(site: Site) -> bytes:
    """sitemaps.org XML listing every page but the search page; articles carry when they last changed (`updated:`,
    else their date) as lastmod, stories their newest report's date (a story page changes when another outlet
    reports the event)."""
    config = site.config
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in site.pages:
        if page.kind == "search":
            continue   # a search box, with nothing of its own to find
        lastmod = ""
        if page.kind == "article":
            article = page.context["article"]
            # (W3C date-times allow a date alone: an article dated, or updated, by its day has no time to state)
            lastmod = f"<lastmod>{article.modified_text}</lastmod>"
        elif page.kind == "story" and "story" in page.context:
            lastmod = f"<lastmod>{page.context['story'].last_date.isoformat()}</lastmod>"
        lines.append(f"  <url>{_sitemap_loc(config, page.url)}{lastmod}</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


def render_robots(config: Config) -> bytes:
    """Every crawler may read everything; the sitemap lists it."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute_url(config, '/' + SITEMAP_FILE)}\n".encode()


def move_in_sitemap(config: Config, sitemap: bytes, old_url: str, new_url: str) -> bytes:
    """The sitemap with one page's URL changed in place (a quick update's moved article page)."""
    old, new = _sitemap_loc(config, old_url).encode(), _sitemap_loc(config, new_url).encode()
    if sitemap.count(old) != 1:
        raise ValueError(f"{old_url} is not listed once in the sitemap")
    return sitemap.replace(old, new)


def _sitemap_loc(config: Config, url: str) -> str:
    return f"<loc>{xml_escape(absolute_url(config, url))}</loc>"
