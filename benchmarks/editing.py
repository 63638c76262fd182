"""Edit one article of a generated corpus, and find its page in the built output (for edit-rebuild timings)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from benchmarks.generate_corpus import slugify, yaml_str

_TITLE_LINE = re.compile(r"^title: (.*)$", re.MULTILINE)


def edit_title(article: Path, note: str) -> str:
    """Append ` (note)` to the article's title in its front matter; returns the new title.

    The generator writes titles as double-quoted (JSON-compatible) YAML strings, which is all this reads.
    """
    text = article.read_text(encoding="utf-8")
    match = _TITLE_LINE.search(text)
    if not match:
        raise ValueError(f"{article}: no 'title:' line")
    new_title = f"{_strip_note(json.loads(match.group(1)))} ({note})"
    article.write_text(text[:match.start(1)] + yaml_str(new_title) + text[match.end(1):], encoding="utf-8")
    return new_title


def _strip_note(title: str) -> str:
    return re.sub(r" \((?:warm |cli |search )?edit \d+\)$", "", title)


def edited_page(output_dir: Path, title: str) -> Path | None:
    """The article page built for `title` (its slug follows the title), if it shows that title; else None.

    Article pages live at YYYY/MM/DD/<slug>/index.html under the default permalinks.
    """
    slug = slugify(title)
    # Templates may escape quotes as &#34;/&#39; (Jinja2), &quot;/&#x27; or not at all.
    spellings = {html.escape(title, quote=False), html.escape(title),
                 html.escape(title, quote=False).replace('"', "&#34;").replace("'", "&#39;")}
    for page in Path(output_dir).glob(f"*/*/*/{slug}/index.html"):
        text = page.read_text(encoding="utf-8")
        if any(spelling in text for spelling in spellings):
            return page
    return None


def pick_article(content_dir: Path) -> Path:
    """A deterministic article to edit: the middle one of the sorted content files."""
    files = sorted(Path(content_dir).rglob("*.md"))
    if not files:
        raise ValueError(f"no articles under {content_dir}")
    return files[len(files) // 2]
