"""A real browser on the real built site: the theme's search page (Pagefind's API behind the theme's own
search.js), served by newsdigest's own preview server under a base path, finds an article by a word from its
body, offers topic and source filters, never finds navigation text, and its results lead to the article."""

from __future__ import annotations

import threading

import pytest

from newsdigest.build import build
from newsdigest.dev.serve import make_server
from tests.browser import chromium_driver
from tests.test_stories_site import add_coverage

pytestmark = pytest.mark.slow
pytest.importorskip("pagefind.index", reason="pip install 'pagefind[bin]'")

BASE = "/digest/"


@pytest.fixture(params=[0, 2], ids=["one bundle", "bundles of two"])
def site(project, request):
    """The site built with one search bundle, and split into bundles of two articles that the page merges."""
    project.settings["base_url"] = "https://news.example.org" + BASE
    project.settings["search"] = {"bundle_pages": request.param}
    add_coverage(project)
    result = build(project.config)
    assert result.site.search and (project.output / "pagefind/pagefind-ui.js").is_file()
    assert (project.output / "pagefind-2").is_dir() == bool(request.param)
    httpd = make_server(project.config, "127.0.0.1", 0, None)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    driver = chromium_driver()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", driver, result
    driver.quit()
    httpd.shutdown()
    httpd.server_close()


def search(driver, words: str) -> None:
    from selenium.webdriver.common.by import By

    box = driver.find_element(By.ID, "search-input")
    box.clear()
    box.send_keys(words)


def test_search_page_finds_an_article_by_a_body_word(site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    origin, driver, result = site
    driver.get(origin + BASE)
    driver.find_element(By.LINK_TEXT, "Search").click()  # the nav link leads to the search page
    WebDriverWait(driver, 15).until(lambda d: d.find_element(By.ID, "search").get_attribute("data-ready"))
    assert driver.current_url == origin + BASE + "search/"

    search(driver, "pharmaceuticals")  # only in the body of the Pacific Ledger article
    links = WebDriverWait(driver, 15).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".search-result-link"))
    assert [link.text for link in links] == ["Trump says Korean tariffs will climb back to 25 percent"]
    ledger = next(a for a in result.site.articles if a.source == "Pacific Ledger")
    assert links[0].get_attribute("href") == origin + BASE.rstrip("/") + ledger.page_url

    # filters by topic and source are offered, with the site's own names
    panel = driver.find_element(By.CSS_SELECTOR, ".search-filters")
    assert panel.is_displayed()
    labels = panel.get_attribute("textContent")
    assert "topic" in labels and "source" in labels
    assert "Han River Herald" in labels and "Trade & tariffs" in labels

    # text outside the article (navigation, footer) is not searchable
    search(driver, "sitemap")
    WebDriverWait(driver, 15).until(
        lambda d: "No results" in d.find_element(By.CSS_SELECTOR, ".search-status").text)
    assert not driver.find_elements(By.CSS_SELECTOR, ".search-result-link")

    # a result leads to the article
    search(driver, "stadium")
    link = WebDriverWait(driver, 15).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".search-result-link"))[0]
    link.click()
    WebDriverWait(driver, 15).until(
        lambda d: d.find_element(By.TAG_NAME, "h1").text == "Jennie announces world tour after chart-topping album")
    assert driver.current_url.startswith(origin + BASE + "2026/01/27/")


def test_search_page_takes_the_query_from_its_address_and_narrows_by_source(site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    origin, driver, result = site
    driver.get(origin + BASE + "search/?q=tariffs")  # a shared link to a search
    WebDriverWait(driver, 15).until(lambda d: d.find_element(By.ID, "search").get_attribute("data-ready"))
    assert driver.find_element(By.ID, "search-input").get_attribute("value") == "tariffs"
    links = WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".search-result-link"))
    tariff_sources = {a.source for a in result.site.articles if "tariffs" in a.body_markdown.lower() + a.title.lower()}
    assert len(links) >= 2 and len(tariff_sources) >= 2

    box = next(label for label in driver.find_elements(By.CSS_SELECTOR, ".search-filter label")
               if label.text.startswith("Seoul Wire"))
    box.find_element(By.TAG_NAME, "input").click()
    wire = {a.page_url for a in result.site.articles if a.source == "Seoul Wire"}
    WebDriverWait(driver, 15).until(lambda d: {
        link.get_attribute("href").removeprefix(origin + BASE.rstrip("/"))
        for link in d.find_elements(By.CSS_SELECTOR, ".search-result-link")} <= wire)
    assert driver.find_elements(By.CSS_SELECTOR, ".search-result-link")

    search(driver, "")  # an empty box with no filter shows nothing and clears ?q=
    box.find_element(By.TAG_NAME, "input").click()
    WebDriverWait(driver, 15).until(lambda d: not d.find_elements(By.CSS_SELECTOR, ".search-result-link"))
    assert "q=" not in driver.current_url
