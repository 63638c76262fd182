"""Accessibility: axe-core in headless Chromium on every kind of page of the built sample site, light and dark.

The sample site (config.yaml and content/) is built and served by newsdigest's own preview server; on each page
type (home, day, month, year, archive, topic, topics list, source, sources list, tag, tags list, stories list,
story, article, search with results, 404) axe-core runs in the page and no serious or critical violation may be
found. A failure lists each one: page, rule, impact, what to fix and the elements, with their HTML.

axe-core is the npm package, fetched once with `npm pack axe-core@4` into a cache folder
($NEWSDIGEST_AXE_DIR, default ~/.cache/newsdigest-tests/axe-core); tests/setup-system.sh installs npm. Without
npm or a network the test skips saying so (and fails under CI=true).

It also saves screenshots of the search page with a query at 1280×800 and 390×844 into $NEWSDIGEST_SCREENSHOTS
(default tests/artifacts/screenshots/, which git ignores) for a person to look at.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import threading
from pathlib import Path

import pytest

from newsdigest.build import build
from newsdigest.config import load_config
from newsdigest.dev.serve import make_server
from tests.browser import chromium_driver

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
AXE_VERSION = "4"   # the newest axe-core 4.x: new rules come with minor versions
BLOCKING = ("serious", "critical")
SCREEN_SIZES = ((1280, 800), (390, 844))
SEARCH_WORDS = "tariff"
PAGE_KINDS = ("home", "day", "month", "year", "archive", "topic", "topics", "source", "sources", "tag", "tags",
              "stories", "story", "article", "search", "404")


def skip_or_fail(message: str):
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def axe_source() -> str:
    """axe.min.js from the cache folder, fetched there with npm the first time."""
    cache = Path(os.environ.get("NEWSDIGEST_AXE_DIR")
                 or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsdigest-tests" / "axe-core")
    script = cache / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if not npm:
            skip_or_fail("npm not installed (run tests/setup-system.sh): the accessibility test needs axe-core")
        with tempfile.TemporaryDirectory(prefix="newsdigest-axe-") as tmp:
            try:
                done = subprocess.run([npm, "pack", f"axe-core@{AXE_VERSION}", "--silent", "--pack-destination", tmp],
                                      capture_output=True, text=True, timeout=180, cwd=tmp)
            except subprocess.TimeoutExpired:
                done = None
            packed = sorted(Path(tmp).glob("axe-core-*.tgz"))
            if done is None or done.returncode != 0 or not packed:
                reason = "timed out" if done is None else (done.stderr.strip().splitlines() or ["no package"])[-1]
                skip_or_fail(f"cannot fetch axe-core@{AXE_VERSION} with npm (offline?): {reason}")
            with tarfile.open(packed[0]) as archive:
                data = archive.extractfile("package/axe.min.js").read()
            cache.mkdir(parents=True, exist_ok=True)
            partial = cache / f"axe.min.js.{os.getpid()}"
            partial.write_bytes(data)
            partial.replace(script)   # whole or not at all, also with two test runs at once
            (cache / "VERSION").write_text(packed[0].name.removeprefix("axe-core-").removesuffix(".tgz") + "\n")
    return script.read_text(encoding="utf-8")


def screenshot_dir() -> Path:
    chosen = os.environ.get("NEWSDIGEST_SCREENSHOTS")
    if chosen:
        folder = Path(chosen)
    else:
        artifacts = REPO / "tests" / "artifacts"
        artifacts.mkdir(exist_ok=True)
        ignore = artifacts / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Screenshots and other files tests write for review; never committed.\n*\n!.gitignore\n",
                              encoding="utf-8")
        folder = artifacts / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The sample site built, served, and a headless Chromium with axe-core at hand: (origin, driver, pages, axe)."""
    axe = axe_source()
    config = load_config(REPO / "config.yaml", {"output_dir": str(tmp_path_factory.mktemp("a11y") / "out"),
                                                "base_url": "https://news.example.org/"})
    result = build(config)
    pages = {}
    for page in result.site.pages:
        pages.setdefault(str(page.kind), page.url)
    pages["404"] = "/no/such/page/"
    missing = set(PAGE_KINDS) - set(pages)
    assert not missing, f"the sample site has no page of kind {sorted(missing)}"
    httpd = make_server(config, "127.0.0.1", 0, None)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    driver = chromium_driver()
    driver.set_script_timeout(60)
    yield f"http://127.0.0.1:{httpd.server_address[1]}", driver, pages, axe
    driver.quit()
    httpd.shutdown()
    httpd.server_close()


def open_page(driver, url: str, kind: str, scheme: str = "light") -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    driver.get(url)
    if kind == "search":   # checked as a reader sees it: with results drawn
        WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "search").get_attribute("data-ready"))
        WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".search-result-link"))


def violations(driver, axe: str) -> list[dict]:
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(axe)
    found = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ["violations"]})
           .then((result) => done(result.violations), (error) => done({error: String(error)}));
    """)
    assert not isinstance(found, dict), found
    return found


def report(kind: str, url: str, scheme: str, found: list[dict]) -> str:
    lines = [f"{len(found)} serious or critical accessibility violation(s) on the {kind} page {url} ({scheme}):"]
    for rule in found:
        lines.append(f"- {rule['id']} ({rule['impact']}): {rule['help']} — {rule['helpUrl']}")
        for node in rule["nodes"][:8]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            for summary in (node.get("failureSummary") or "").splitlines()[1:3]:
                lines.append(f"      {summary.strip()}")
        if len(rule["nodes"]) > 8:
            lines.append(f"    … and {len(rule['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_serious_or_critical_axe_violations(served, kind, scheme):
    origin, driver, pages, axe = served
    path = pages[kind] + (f"?q={SEARCH_WORDS}" if kind == "search" else "")
    open_page(driver, origin + path, kind, scheme)
    found = [rule for rule in violations(driver, axe) if rule["impact"] in BLOCKING]
    if found:
        print(report(kind, path, scheme, found))
        print(json.dumps([{"id": r["id"], "targets": [n["target"] for n in r["nodes"]]} for r in found]))
    assert not found, report(kind, path, scheme, found)


def test_search_page_screenshots(served):
    from selenium.webdriver.common.by import By

    origin, driver, pages, _ = served
    folder = screenshot_dir()
    for width, height in SCREEN_SIZES:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
        try:
            open_page(driver, f"{origin}{pages['search']}?q={SEARCH_WORDS}", "search")
            # the search box and the first result are on the first screen at both sizes
            for selector in ("#search-input", ".search-result-link"):
                top = driver.find_element(By.CSS_SELECTOR, selector).rect["y"]
                assert top < height, (selector, width, top)
            overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"the search page scrolls sideways by {overflow}px at {width}×{height}"
            path = folder / f"search-{width}x{height}.png"
            assert driver.save_screenshot(str(path)) and path.stat().st_size > 0
        finally:
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
