"""Seeds -> ingest -> build: the ingested articles become pages of the site, with no boilerplate in them."""

from __future__ import annotations

import pytest

from newsdigest.content import load_articles
from newsdigest.ingest import ingest_file

build_module = pytest.importorskip("newsdigest.build", reason="the site builder is not in this checkout")


def test_ingested_seeds_build_into_the_site(seeds_dir, config, content_dir):
    for seed in sorted(seeds_dir.glob("*.txt")):
        report = ingest_file(seed, config, out_dir=content_dir)
        assert report.ok, report.outcomes
    loaded = load_articles(config)
    assert not loaded.problems and len(loaded.articles) == 5

    result = build_module.build(config)

    pages = {path: path.read_text(encoding="utf-8") for path in config.output_dir.rglob("index.html")}
    for article in loaded.articles:
        page = config.output_dir / f"{article.date:%Y}" / f"{article.date:%m}" / f"{article.date:%d}" / article.slug / "index.html"
        assert page.is_file(), f"no page for {article.title!r}"
        html = pages[page]
        assert article.summary[:60].replace("'", "&#39;").replace('"', "&#34;") in html \
            or article.summary[:60] in html
    everything = "\n".join(pages.values())
    for boilerplate in ("Most Popular Articles", "Related Articles", "LG CNS", "Latest News", "DOWNLOAD THE APP",
                        "Cənubi", "Министр", "No comments yet"):
        assert boilerplate not in everything, f"{boilerplate!r} reached the built site"
    assert result.files > 5
