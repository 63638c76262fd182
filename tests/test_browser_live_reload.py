"""A real browser: the preview page updates by itself after an edit, and shows build errors as an overlay."""

from __future__ import annotations

import threading

import pytest

from newsdigest.dev.serve import LiveReload, make_server
from newsdigest.dev.watch import DevSession
from tests.browser import chromium_driver
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
    WebDriverWait(driver, 15).until(lambda d: "now updated" in d.find_element(By.TAG_NAME, "main").text)
    assert not driver.find_elements(By.ID, "newsdigest-error")
    assert driver.execute_script("return window.notReloaded === undefined")  # a real reload happened

    # The title edit: the home page open in the browser shows the new title by itself.
    driver.get(base)
    assert "Original tariff headline" in driver.find_element(By.TAG_NAME, "main").text
    path.write_text(path.read_text().replace("Original tariff headline", "Edited tariff headline"), encoding="utf-8")
    WebDriverWait(driver, 15).until(lambda d: "Edited tariff headline" in d.find_element(By.TAG_NAME, "main").text)
