"""A real browser on the real built site: the theme's search page (Pagefind's API behind the theme's own
search.js), served by newsdigest's own preview server under a base path, behaves like a search box: a labelled
input, the words read from `?q=` on load and written back as the reader types, excerpts from the article's
own text, topic and source filters (kept in the address too), a "Newest first" order; it never finds
navigation text, and its results lead to the article."""

from __future__ import annotations

import threading
from urllib.parse import parse_qs, urlsplit

import pytest

from newsdigest.build import build
from newsdigest.dev.serve import make_server
from tests.browser import chromium_driver, served, waiting
from tests.test_stories_site import add_coverage

pytestmark = pytest.mark.slow
pytest.importorskip("pagefind.index", reason="pip install 'pagefind[extended]'")

BASE = "/digest/"


@pytest.fixture(params=[0, 2], ids=["one bundle", "bundles of two"])
def site(project, request):
    """The site built with one search bundle, and split into bundles of two articles that the page merges."""
    project.settings["base_url"] = "https://news.example.org" + BASE
    project.settings["search"] = {"bundle_pages": request.param}
    add_coverage(project)
    # Three reports whose local times sort the other way round from their instants (newest first: C, A, B)
    for name, when in (("A", "2026-04-06T01:00:00+00:00"), ("B", "2026-04-06T08:00:00+09:00"),
                       ("C", "2026-04-05T22:00:00-05:00")):
        project.add(f"wombat-{name}", title=f"Tariff wombat report {name}", date=when, source=f"Wire {name}",
                    body=f"A tariff on wombat fodder, as told by wire {name}.")
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


def query_of(driver) -> dict[str, list[str]]:
    return parse_qs(urlsplit(driver.current_url).query)


def search(driver, words: str) -> None:
    from selenium.webdriver.common.by import By

    box = driver.find_element(By.ID, "search-input")
    box.clear()
    box.send_keys(words)


def test_search_page_finds_an_article_by_a_body_word(site):
    from selenium.webdriver.common.by import By

    origin, driver, result = site
    driver.get(origin + BASE)
    driver.find_element(By.LINK_TEXT, "Search").click()  # the nav link leads to the search page
    waiting(driver, 15).until(lambda d: d.find_element(By.ID, "search").get_attribute("data-ready"))
    assert driver.current_url == origin + BASE + "search/"

    # a search box: the input and the order each have a visible label naming them
    box = driver.find_element(By.ID, "search-input")
    assert driver.find_element(By.CSS_SELECTOR, "label[for=search-input]").text == "Search articles"
    assert box.get_attribute("type") == "search" and box.get_attribute("name") == "q"
    assert box.get_property("labels")[0].text == "Search articles"
    order = driver.find_element(By.ID, "search-sort")
    assert order.get_property("labels")[0].text == "Order"
    assert [o.text for o in order.find_elements(By.TAG_NAME, "option")] == ["Best match", "Newest first"]

    search(driver, "pharmaceuticals")  # only in the body of the Pacific Ledger article
    links = waiting(driver, 15).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".search-result-link"))
    assert [link.text for link in links] == ["Trump says Korean tariffs will climb back to 25 percent"]
    ledger = next(a for a in result.site.articles if a.source == "Pacific Ledger")
    assert links[0].get_attribute("href") == origin + BASE.rstrip("/") + ledger.page_url
    waiting(driver, 5).until(lambda d: query_of(d) == {"q": ["pharmaceuticals"]})  # written back as typed
    assert urlsplit(driver.current_url).path == BASE + "search/"
    # the excerpt is the article's own text: not its title, outlet or date line, which the result shows apart
    excerpt = driver.find_element(By.CSS_SELECTOR, ".search-result-excerpt").text
    assert "pharmaceuticals" in excerpt.lower() and not excerpt.startswith(ledger.title)
    assert "Pacific Ledger" not in excerpt
    assert driver.find_element(By.CSS_SELECTOR, ".search-result-meta").text.startswith("Pacific Ledger · ")

    # filters by topic and source are offered, with the site's own names
    panel = driver.find_element(By.CSS_SELECTOR, ".search-filters")
    assert panel.is_displayed()
    labels = panel.get_attribute("textContent")
    legends = [legend.get_attribute("textContent") for legend in panel.find_elements(By.TAG_NAME, "legend")]
    assert legends == ["Source", "Topic"]
    assert "Han River Herald" in labels and "Trade & tariffs" in labels

    # text outside the article (navigation, footer) is not searchable
    search(driver, "sitemap")
    waiting(driver, 15).until(
        lambda d: "No results" in d.find_element(By.CSS_SELECTOR, ".search-status").text)
    assert not driver.find_elements(By.CSS_SELECTOR, ".search-result-link")

    # a result leads to the article
    search(driver, "stadium")
    link = waiting(driver, 15).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".search-result-link"))[0]
    link.click()
    waiting(driver, 15).until(
        lambda d: d.find_element(By.TAG_NAME, "h1").text == "Jennie announces world tour after chart-topping album")
    assert driver.current_url.startswith(origin + BASE + "2026/01/27/")


def test_search_page_takes_the_query_from_its_address_and_narrows_by_source(site):
    from selenium.webdriver.common.by import By

    origin, driver, result = site
    driver.get(origin + BASE + "search/?q=tariffs")  # a shared link to a search
    waiting(driver, 15).until(lambda d: d.find_element(By.ID, "search").get_attribute("data-ready"))
    assert driver.find_element(By.ID, "search-input").get_attribute("value") == "tariffs"
    links = waiting(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".search-result-link"))
    tariff_sources = {a.source for a in result.site.articles if "tariffs" in a.body_markdown.lower() + a.title.lower()}
    assert len(links) >= 2 and len(tariff_sources) >= 2

    panel = driver.find_element(By.CSS_SELECTOR, ".search-filters")
    if not panel.get_attribute("open"):  # folded away on a narrow window
        panel.find_element(By.TAG_NAME, "summary").click()
    box = next(label for label in driver.find_elements(By.CSS_SELECTOR, ".search-filter label")
               if label.text.startswith("Seoul Wire"))
    box.find_element(By.TAG_NAME, "input").click()
    wire = {a.page_url for a in result.site.articles if a.source == "Seoul Wire"}
    waiting(driver, 15).until(lambda d: {
        link.get_attribute("href").removeprefix(origin + BASE.rstrip("/"))
        for link in d.find_elements(By.CSS_SELECTOR, ".search-result-link")} <= wire)
    assert driver.find_elements(By.CSS_SELECTOR, ".search-result-link")

    waiting(driver, 5).until(lambda d: query_of(d) == {"q": ["tariffs"], "source": ["Seoul Wire"]})
    shared = driver.current_url

    search(driver, "")  # an empty box with no filter shows nothing and clears ?q=
    box.find_element(By.TAG_NAME, "input").click()
    waiting(driver, 15).until(lambda d: not d.find_elements(By.CSS_SELECTOR, ".search-result-link"))
    assert "q=" not in driver.current_url and "source=" not in driver.current_url

    driver.get(shared)  # the shared address brings back the words and the chosen filter
    waiting(driver, 15).until(lambda d: d.find_element(By.ID, "search").get_attribute("data-ready"))
    assert driver.find_element(By.ID, "search-input").get_attribute("value") == "tariffs"
    panel = driver.find_element(By.CSS_SELECTOR, ".search-filters")
    assert panel.get_attribute("open")  # a chosen filter keeps the panel open
    assert panel.find_element(By.TAG_NAME, "summary").text == "Filters (1 chosen)"
    checked = [label.text for label in driver.find_elements(By.CSS_SELECTOR, ".search-filter label")
               if label.find_element(By.TAG_NAME, "input").is_selected()]
    assert len(checked) == 1 and checked[0].startswith("Seoul Wire")
    shown = {link.get_attribute("href").removeprefix(origin + BASE.rstrip("/"))
             for link in driver.find_elements(By.CSS_SELECTOR, ".search-result-link")}
    assert shown and shown <= wire


def test_newest_first_orders_results_by_date(site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    origin, driver, result = site
    article = next(result.site.config.output_dir.glob("20*/*/*/*/index.html")).read_text(encoding="utf-8")
    if 'data-pagefind-sort="date' not in article:
        pytest.skip('the article template has no data-pagefind-sort="date[datetime]" on its <time>: '
                    'Pagefind has no date to sort by (see newsdigest/search.py)')
    if (result.site.config.output_dir / "pagefind-2").is_dir() and "published[datetime]" not in article:
        pytest.skip('the article template has no data-pagefind-meta="date, published[datetime]" on its <time>: '
                    'search.js cannot merge the bundles newest first (see newsdigest/search.py)')
    driver.get(origin + BASE + "search/?q=tariff&sort=newest")
    waiting(driver, 15).until(lambda d: d.find_element(By.ID, "search").get_attribute("data-ready"))
    assert Select(driver.find_element(By.ID, "search-sort")).first_selected_option.text == "Newest first"
    by_url = {a.page_url: a for a in result.site.articles}

    def dates(d):
        links = d.find_elements(By.CSS_SELECTOR, ".search-result-link")
        return [by_url[link.get_attribute("href").removeprefix(origin + BASE.rstrip("/"))].date for link in links]

    # in time order, whatever each report's own UTC offset (the sort key compared local times as text)
    newest = waiting(driver, 15).until(dates)
    assert len(newest) >= 3 and newest == sorted(newest, reverse=True)
    assert "newest first" in driver.find_element(By.CSS_SELECTOR, ".search-status").text

    Select(driver.find_element(By.ID, "search-sort")).select_by_visible_text("Best match")
    waiting(driver, 5).until(lambda d: query_of(d) == {"q": ["tariff"]})


def test_newest_first_is_time_order_whatever_each_reports_offset(site):
    """Pagefind compares its sort keys as text: keys of local times with their own offsets (08:00+09:00 is the
    evening before 01:00+00:00) sorted three reports exactly the wrong way round."""
    from selenium.webdriver.common.by import By

    origin, driver, _ = site
    driver.get(origin + BASE + "search/?q=wombat&sort=newest")
    waiting(driver, 15).until(lambda d: d.find_element(By.ID, "search").get_attribute("data-ready"))
    titles = waiting(driver, 15).until(lambda d: [link.text for link in
                                                  d.find_elements(By.CSS_SELECTOR, ".search-result-link")])
    assert titles == [f"Tariff wombat report {name}" for name in "CAB"]


def test_a_japanese_word_inside_a_sentence_is_found(project):
    """Pagefind's standard build does not split Chinese or Japanese into words: only the start of each run of
    text was found (図書館 in 北リバートン図書館では..., never 修理 or カフェ)."""
    from selenium.webdriver.common.by import By

    project.settings.update(language="ja", base_url="https://news.example.org/", search={"enabled": True})
    project.add("cafe", title="図書館で修理カフェ", date="2026-05-03T10:00:00+09:00", source="リバートン新聞",
                body="北リバートン図書館では毎月第一土曜日に修理カフェを開きます。ボランティアが家電の修理を手伝います。")
    project.add("tram", title="港に新しい路面電車", date="2026-05-02T10:00:00+09:00", source="リバートン新聞",
                body="市議会は火曜日に港までの路面電車の建設を承認しました。工事は来年の春に始まる予定です。")
    build(project.config)
    with served(project.config) as (origin, driver):
        for word, title in (("修理", "図書館で修理カフェ"), ("カフェ", "図書館で修理カフェ"), ("承認", "港に新しい路面電車"),
                            ("工事", "港に新しい路面電車")):
            driver.get(f"{origin}/search/?q={word}")
            waiting(driver, 15).until(lambda d: d.find_element(By.ID, "search").get_attribute("data-ready"))
            found = waiting(driver, 15).until(lambda d: [link.text for link in
                                                         d.find_elements(By.CSS_SELECTOR, ".search-result-link")])
            assert found == [title], word


def test_the_filters_count_the_results_of_the_words_searched(site):
    """The counts stayed the whole site's whatever the words: "Wire A (1)" was offered for a search none of whose
    results came from it, and ticking it gave "No results"."""
    from selenium.webdriver.common.by import By

    origin, driver, result = site
    driver.get(origin + BASE + "search/?q=wombat")
    waiting(driver, 15).until(lambda d: d.find_element(By.ID, "search").get_attribute("data-ready"))
    waiting(driver, 15).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".search-result-link")) == 3)

    def source_counts(d) -> dict[str, str]:
        return {label.get_attribute("textContent").rsplit(" (", 1)[0].strip():
                label.get_attribute("textContent").rsplit(" (", 1)[1].rstrip(")")
                for fieldset in d.find_elements(By.CSS_SELECTOR, ".search-filter")
                if fieldset.find_element(By.TAG_NAME, "legend").get_attribute("textContent") == "Source"
                for label in fieldset.find_elements(By.TAG_NAME, "label")}

    counts = waiting(driver, 15).until(lambda d: source_counts(d) if source_counts(d).get("Wire A") == "1" else None)
    others = {a.source for a in result.site.articles} - {"Wire A", "Wire B", "Wire C"}
    assert counts["Wire B"] == counts["Wire C"] == "1" and all(counts[name] == "0" for name in others)
    from selenium.webdriver.common.keys import Keys
    box = driver.find_element(By.ID, "search-input")
    box.send_keys(Keys.END, *[Keys.BACKSPACE] * len("wombat"))    # no search: the whole site's counts again
    waiting(driver, 15).until(lambda d: all(source_counts(d)[name] != "0" for name in others))
    # with a source ticked, the others count what ticking them too would add (values of a group add up)
    driver.get(origin + BASE + "search/?q=wombat&source=Wire+A")
    waiting(driver, 15).until(lambda d: d.find_element(By.ID, "search").get_attribute("data-ready"))
    waiting(driver, 15).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".search-result-link")) == 1)
    ticked = waiting(driver, 15).until(lambda d: source_counts(d) if source_counts(d).get("Wire B") == "1" else None)
    assert ticked["Wire A"] == ticked["Wire C"] == "1"


def test_a_result_in_another_language_than_the_sites_says_so_and_takes_its_texts_direction(project):
    """Results had no lang or dir: an Arabic report's headline and excerpt ran left to right on an English site."""
    from selenium.webdriver.common.by import By

    project.settings.update(base_url="https://news.example.org/", search={"enabled": True})
    project.add("port", title="إضراب في الميناء يوقف الشحن", date="2026-05-03T10:00:00+03:00", source="صحيفة الميناء",
                lang="ar", body="توقف العمال في الميناء عن العمل يوم الاثنين وانتظرت السفن في البحر.")
    project.add("tram", title="A new tram to the harbour", date="2026-05-02T10:00:00+00:00", source="Harbour Wire",
                body="The council approved the tram to the harbour on Tuesday.")
    build(project.config)
    with served(project.config) as (origin, driver):
        for word, lang, direction in (("الميناء", "ar", "rtl"), ("tram", "en", "ltr")):
            driver.get(f"{origin}/search/?q={word}")
            waiting(driver, 15).until(lambda d: d.find_element(By.ID, "search").get_attribute("data-ready"))
            item = waiting(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".search-result"))[0]
            assert item.get_attribute("lang") == lang and item.get_attribute("dir") == "auto"
            assert driver.execute_script("return getComputedStyle(arguments[0]).direction", item) == direction
