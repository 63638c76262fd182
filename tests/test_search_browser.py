"""A real browser: the Pagefind search UI, served from a plain static folder under a base path, finds an
article by a word from its body, offers topic and source filters, and never finds navigation text."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from newsdigest.search import build_search_index
from tests.browser import chromium_driver
from tests.test_search import PAGES

pytestmark = pytest.mark.slow
pytest.importorskip("pagefind.index", reason="pip install 'pagefind[bin]'")

BASE = "/digest/"
# The search page snippet recommended in STORIES_SEARCH_NOTES.md, with url() already applied.
SEARCH_PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Search</title>
<link href="{BASE}pagefind/pagefind-ui.css" rel="stylesheet">
<script src="{BASE}pagefind/pagefind-ui.js"></script>
</head><body><main>
<h1>Search</h1>
<div id="search"></div>
<noscript><p>Search needs JavaScript.</p></noscript>
</main>
<script>
  window.addEventListener("DOMContentLoaded", () => {{
    new PagefindUI({{ element: "#search", showSubResults: false, showImages: false, resetStyles: false }});
  }});
</script>
</body></html>
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep test output clean
        pass


@pytest.fixture
def site(tmp_path):
    """A static folder as a host would serve it: the site under /digest/, only files, no server code."""
    root = tmp_path / BASE.strip("/")
    files = {**PAGES, **build_search_index(PAGES), "search/index.html": SEARCH_PAGE.encode()}
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(QuietHandler, directory=str(tmp_path)))
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    driver = chromium_driver()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", driver
    driver.quit()
    httpd.shutdown()
    httpd.server_close()


def search(driver, words: str) -> None:
    from selenium.webdriver.common.by import By

    box = driver.find_element(By.CSS_SELECTOR, ".pagefind-ui__search-input")
    box.clear()
    box.send_keys(words)


def test_search_page_finds_an_article_by_a_body_word(site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    origin, driver = site
    driver.get(origin + BASE + "search/")
    WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".pagefind-ui__search-input"))

    search(driver, "pharmaceuticals")
    links = WebDriverWait(driver, 15).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-link"))
    assert [link.text for link in links] == ["Trump says Korean tariffs will climb"]
    assert links[0].get_attribute("href") == origin + BASE + "2026/01/27/trump-tariffs/"

    # filters by topic and source are offered
    panel = WebDriverWait(driver, 15).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".pagefind-ui__filter-panel"))[0]
    labels = panel.get_attribute("textContent")
    assert "topic" in labels and "source" in labels

    # text outside data-pagefind-body is not searchable
    search(driver, "menuword")
    WebDriverWait(driver, 15).until(
        lambda d: "No results" in d.find_element(By.CSS_SELECTOR, ".pagefind-ui__message").text)
    assert not driver.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-link")

    # the link leads to the article
    search(driver, "stadium")
    link = WebDriverWait(driver, 15).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-link"))[0]
    link.click()
    WebDriverWait(driver, 15).until(lambda d: d.find_element(By.TAG_NAME, "h1").text == "Jennie announces world tour")
