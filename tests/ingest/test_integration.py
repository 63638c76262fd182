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


def test_a_thai_article_under_an_english_menu_is_read_in_thai():
    from newsdigest.ingest.text import extract_text
    from tests.ingest.test_lang import THAI_SENTENCE
    menu = "\n".join(["Skip to main content", "Home", "English", "News", "Sport", "Contact"])
    paragraphs = "\n\n".join(THAI_SENTENCE * (4 + n) for n in range(4))
    dump = (f"{menu}\n\nรัฐบาลกล่าวว่าประชาชนต้องการข่าว\nSubmitted on Mon, 2019-01-21 13:49\n\n{paragraphs}\n\n"
            "Printer-friendly version\n")
    extracted = extract_text(dump)
    assert extracted.lang == "th" and extracted.title == "รัฐบาลกล่าวว่าประชาชนต้องการข่าว"
    assert len(extracted.blocks) == 4 and extracted.published.date().isoformat() == "2019-01-21"
