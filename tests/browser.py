"""Headless Chromium for tests (Debian's chromium + chromium-driver, installed by tests/setup-system.sh)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading

import pytest


def chromium_driver():
    """A Selenium driver for headless Chromium; skips (or fails in CI) when the browser is missing."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not browser or not driver_path:
        message = "Chromium/chromedriver not installed: run tests/setup-system.sh (needs root and apt)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    # Flags for a root sandbox without network: no sandbox, no GPU, no calls home.
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={tempfile.mkdtemp(prefix='newsdigest-chromium-')}"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(executable_path=driver_path), options=options)


def waiting(driver, seconds: float):
    """A wait that asks again when the page redrew (or reloaded) between finding an element and reading it."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds, ignored_exceptions=(StaleElementReferenceException,))


@contextlib.contextmanager
def served(config):
    """The built site of `config` served on a free port as `serve` serves it, and a browser: (origin, driver)."""
    from newsdigest.dev.serve import make_server

    httpd = make_server(config, "127.0.0.1", 0, None)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    driver = chromium_driver()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", driver
    finally:
        driver.quit()
        httpd.shutdown()
        httpd.server_close()
