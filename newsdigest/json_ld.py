"""schema.org data for search engines and link previews, as JSON inside <script type="application/ld+json">:
a NewsArticle on each article page, and on each story page a CollectionPage listing the story's reports.

Built with json.dumps, never templated; '</' becomes '<\\/' and '<!--' '<\\u0021--', so no value can end the script
element or open a comment in it, whatever a scraped headline or outlet name holds.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from newsdigest.article import Article
from newsdigest.config import Config
from newsdigest.stories import Story
from newsdigest.urls import absolute_url


def news_article_json_ld(config: Config, article: Article) -> Markup:
    """schema.org NewsArticle of an article page."""
    page = absolute_url(config, article.page_url)
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "url": page,
        "mainEntityOfPage": {"@type": "WebPage", "@id": page},
        "datePublished": _published(article),
        "dateModified": article.modified_text,
        "inLanguage": article.lang or config.language,
    }
    if article.summary:
        data["description"] = article.summary
    if article.author:
        data["author"] = {"@type": "Person", "name": article.author}
    elif article.source:   # (no byline: the outlet wrote it, as search engines' article checks want an author)
        data["author"] = {"@type": "Organization", "name": article.source}
    data["publisher"] = _publisher(config, article)
    if article.url:
        data["isBasedOn"] = article.url
    if article.image_url:
        data["image"] = [article.image_url]
    if article.category:
        data["articleSection"] = article.category
    if article.tags:
        data["keywords"] = list(article.tags)
    return _script_safe(data)


def story_json_ld(config: Config, story: Story) -> Markup:
    """schema.org CollectionPage of a story page: the event under its lead headline, and an ItemList of every
    report in the order the page's timeline gives them (oldest first), each a NewsArticle with its outlet and
    date, at its digest page (`url`, on this site, as list pages must) and at the original (`isBasedOn`)."""
    lead = story.lead
    reports = []
    for position, article in enumerate(story.articles, start=1):
        report: dict = {
            "@type": "NewsArticle",
            "headline": article.title,
            "url": absolute_url(config, article.page_url),
            "datePublished": _published(article),
            "publisher": _publisher(config, article),
        }
        if article.url:
            report["isBasedOn"] = article.url
        reports.append({"@type": "ListItem", "position": position, "item": report})
    data: dict = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": lead.title,
        "url": absolute_url(config, story.url),
        "datePublished": _published(story.articles[0]),
        "dateModified": story.updated.isoformat(),
        "inLanguage": lead.lang or config.language,
    }
    if lead.summary:
        data["description"] = lead.summary
    image = lead.image_url or next((article.image_url for article in story.articles if article.image_url), "")
    if image:
        data["image"] = [image]
    data["mainEntity"] = {"@type": "ItemList", "numberOfItems": len(reports), "itemListElement": reports}
    return _script_safe(data)


def _published(article: Article) -> str:
    # A date without a time stated is a date here (schema.org takes either), not midnight.
    return article.date.date().isoformat() if article.date_only else article.date.isoformat()


def _publisher(config: Config, article: Article) -> dict:
    if article.source:
        return {"@type": "Organization", "name": article.source}
    return {"@type": "Organization", "name": config.title, "url": config.base_url}


def _script_safe(data: dict) -> Markup:
    text = json_indented(data)
    return Markup(text.replace("</", "<\\/").replace("<!--", "<\\u0021--"))


# How json.dumps(..., ensure_ascii=False) writes a string, in C where it can.
_encode_string = json.encoder.c_encode_basestring or json.encoder.py_encode_basestring


def json_indented(value, indent: str = "\n") -> str:
    """`json.dumps(value, ensure_ascii=False, indent=1)` for dicts, lists and strings: the same text, without the
    pure-Python encoder json.dumps falls back to whenever it indents (five times slower on every article page).
    Anything else (numbers, booleans, None) is left to json.dumps."""
    if isinstance(value, str):
        return _encode_string(value)
    inner = indent + " "
    if isinstance(value, dict) and value and all(isinstance(key, str) for key in value):
        items = (f"{_encode_string(key)}: {json_indented(item, inner)}" for key, item in value.items())
        return "{" + inner + ("," + inner).join(items) + indent + "}"
    if isinstance(value, (list, tuple)) and value:
        return "[" + inner + ("," + inner).join(json_indented(item, inner) for item in value) + indent + "]"
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", indent)
