"""A real browser: the preview page updates by itself after an edit, and shows build errors as an overlay."""

from __future__ import annotations

import threading

import pytest

from newsdigest.dev.serve import LiveReload, make_server
from newsdigest.dev.watch import DevSession
from tests.browser import chromium_driver, waiting
from tests.conftest import article_text

pytestmark = pytest.mark.slow


@pytest.fixture
def preview(project):
    project.add("story", title="Original tariff headline", date="2026-01-29T15:08:00+09:00", body="Body text.")
    config_path = project.write_config_file()
    live = LiveReload()
    session = DevSession(config_path, delay=0.1, quiet=True,
                         on_build=lambda outcome: live.publish(outcome.number, outcome.ok, outcome.message))
    session.start()
    httpd = make_server(session.config, "127.0.0.1", 0, live)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    driver = chromium_driver()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", driver
    driver.quit()
    live.close()
    httpd.shutdown()
    httpd.server_close()
    session.stop()


def test_edited_title_appears_without_manual_reload_and_errors_overlay(preview, project):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    base, driver = preview
    driver.get(base + "2026/01/29/original-tariff-headline/")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Original tariff headline"
    driver.execute_script("window.notReloaded = true;")

    # A bad edit: the page stays, an overlay names the file and line.
    path = project.content / "story.md"
    path.write_text("---\ntitle: a: b\ndate: 2026-01-29\n---\n", encoding="utf-8")
    overlay = WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.ID, "newsdigest-error"))
    assert "story.md:2: invalid YAML" in overlay[0].text
    assert driver.execute_script("return window.notReloaded === true")

    # The fix, with a new title in the body of the same page: the browser reloads by itself.
    path.write_text(article_text(title="Original tariff headline", date="2026-01-29T15:08:00+09:00",
                                 body="Body text, now updated."), encoding="utf-8")
    waiting(driver, 15).until(lambda d: "now updated" in d.find_element(By.TAG_NAME, "main").text)
    assert not driver.find_elements(By.ID, "newsdigest-error")
    assert driver.execute_script("return window.notReloaded === undefined")  # a real reload happened

    # The title edit: the home page open in the browser shows the new title by itself.
    driver.get(base)
    assert "Original tariff headline" in driver.find_element(By.TAG_NAME, "main").text
    path.write_text(path.read_text().replace("Original tariff headline", "Edited tariff headline"), encoding="utf-8")
    waiting(driver, 15).until(lambda d: "Edited tariff headline" in d.find_element(By.TAG_NAME, "main").text)


def test_many_tabs_of_the_preview_all_load_and_a_hidden_one_catches_up(preview, project):
    """Each tab held an event stream open, and a browser opens six connections to one host: the seventh tab of
    the preview never loaded. A tab that is not shown now closes its stream, and reloads when shown if a build
    came meanwhile."""
    from selenium.webdriver.common.by import By

    base, driver = preview
    page = base + "2026/01/29/original-tariff-headline/"
    first = driver.current_window_handle
    driver.get(page)
    for _ in range(8):
        driver.switch_to.new_window("tab")
        driver.set_page_load_timeout(20)
        driver.get(page)
        assert driver.find_element(By.TAG_NAME, "h1").text == "Original tariff headline"
    driver.switch_to.window(first)
    path = project.content / "story.md"
    path.write_text(path.read_text().replace("Body text.", "Body text, edited while hidden."), encoding="utf-8")
    waiting(driver, 20).until(lambda d: "edited while hidden" in d.find_element(By.TAG_NAME, "main").text)


def test_an_open_page_reloads_after_serve_is_started_again(project):
    """The new serve's builds are numbered from 1 again: a page from the last serve's build 1 took the new serve's
    build 1 for its own and kept showing the text from before the restart."""
    import socket

    from selenium.webdriver.common.by import By

    project.add("story", title="Harbour tram vote", date="2026-01-29T15:08:00+09:00", body="Before the restart.")
    config_path = project.write_config_file()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    def start():
        live = LiveReload()
        session = DevSession(config_path, delay=0.1, quiet=True,
                             on_build=lambda outcome: live.publish(outcome.number, outcome.ok, outcome.message))
        session.start()
        httpd = make_server(session.config, "127.0.0.1", port, live)
        threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return live, httpd, session

    def stop(live, httpd, session):
        live.close()
        httpd.shutdown()
        httpd.server_close()
        session.stop()

    running = start()
    driver = chromium_driver()
    try:
        driver.get(f"http://127.0.0.1:{port}/2026/01/29/harbour-tram-vote/")
        assert "Before the restart." in driver.find_element(By.TAG_NAME, "main").text
        stop(*running)
        path = project.content / "story.md"
        path.write_text(path.read_text().replace("Before the restart.", "After the restart."), encoding="utf-8")
        running = start()
        waiting(driver, 30).until(lambda d: "After the restart." in d.find_element(By.TAG_NAME, "main").text)
    finally:
        driver.quit()
        stop(*running)
