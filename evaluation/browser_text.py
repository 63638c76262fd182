"""Plain-text dumps of HTML pages the way a browser shows them: headless Chromium's `document.body.innerText`.

The real-world dumps newsdigest ingests were made this way, so the corpus makes its dumps the same way instead
of approximating innerText with an HTML-to-text library (innerText follows CSS: `display: none` is left out,
block elements and `<br>` become line breaks, table cells are tab-separated, `text-transform` applies).

Pages are rendered offline and without JavaScript: each page is written to a temporary folder and served by a
local HTTP server on 127.0.0.1, and Chromium resolves every other host name to nothing, so no request leaves the
machine (external stylesheets, fonts and images are simply missing, as in a browser with the network down).
The server declares `charset=utf-8`, which overrides the page's own `<meta charset>`: the build has already
decoded each page and hands over Unicode text.
"""

from __future__ import annotations

import functools
import http.server
import logging
import queue
import re
import shutil
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# Chromium flags: the sandbox-free, quiet set of tests/browser.py, plus no network, no scripts, no images.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--mute-audio",
    # Every host except the local page server resolves to nothing, so remote resources fail at once.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    "--blink-settings=imagesEnabled=false,scriptEnabled=false",
    # A fixed desktop viewport: innerText follows layout (media queries decide what is displayed).
    "--window-size=1366,2000",
    "--force-device-scale-factor=1",
    "--lang=en-US",
)

# Content settings that switch JavaScript and images off for the whole profile (2 = block). Selenium's own
# scripts still run: they come through DevTools, not the page.
CHROMIUM_PREFS = {
    "profile.managed_default_content_settings.javascript": 2,
    "profile.managed_default_content_settings.images": 2,
}

PAGE_LOAD_TIMEOUT_SECONDS = 60

# A <meta http-equiv="refresh"> would navigate a script-less browser away from the page (sites often put one in
# <noscript> to send visitors to a "please enable JavaScript" page); the dump must show the page itself.
_META_REFRESH = re.compile(r"<meta\b[^>]*http-equiv\s*=\s*[\"']?refresh[^>]*>", re.IGNORECASE)

# Some pages hide the whole page until their scripts run: anti-flicker snippets of A/B-testing and analytics
# tools (`body { visibility: hidden !important }`, lifted by a script within a second), or `display: none` on
# <html> until a framework boots. A reader with scripts on sees the page, so the dump un-hides <html> and
# <body> (only those two: hidden parts inside the page stay hidden) and says so.
_INNER_TEXT_SCRIPT = """
let unhidden = false;
for (const element of [document.documentElement, document.body]) {
    if (!element) continue;
    const style = getComputedStyle(element);
    if (style.visibility !== 'visible') {
        element.style.setProperty('visibility', 'visible', 'important');
        unhidden = true;
    }
    if (style.display === 'none') {
        element.style.setProperty('display', 'block', 'important');
        unhidden = true;
    }
}
return [unhidden, (document.body || document.documentElement).innerText || ''];
"""


@dataclass(frozen=True)
class RenderedText:
    """A page's innerText, and whether the page hid all of itself until scripts ran (and was un-hidden)."""

    text: str
    unhidden: bool


class RenderError(RuntimeError):
    """Chromium could not render a page (crash, timeout or navigation away from it)."""


class _PageServer:
    """A local HTTP server for one folder of UTF-8 pages, silent, on a free port of 127.0.0.1."""

    def __init__(self, folder: Path):
        handler = functools.partial(_Utf8PageHandler, directory=str(folder))
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="page-server", daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class _Utf8PageHandler(http.server.SimpleHTTPRequestHandler):
    """Serves .html as `text/html; charset=utf-8` (the header beats any charset the page declares)."""

    def guess_type(self, path):  # noqa: D102 (SimpleHTTPRequestHandler's hook)
        if str(path).endswith(".html"):
            return "text/html; charset=utf-8"
        return super().guess_type(path)

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):  # a page's missing stylesheets would fill the log with 404s
        pass


def _start_chromium(profile_dir: Path):
    """A headless Chromium driven by chromedriver, with the offline, script-less settings above."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not browser or not driver_path:
        raise SystemExit("Chromium and chromedriver are needed (Debian: apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile_dir}")
    options.add_experimental_option("prefs", CHROMIUM_PREFS)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(PAGE_LOAD_TIMEOUT_SECONDS)
    driver.set_script_timeout(PAGE_LOAD_TIMEOUT_SECONDS)
    return driver


class InnerTextRenderer:
    """One Chromium that turns HTML text into its innerText; restarts the browser if it crashes.

    Use as a context manager. `pages_folder` and `base_url` come from a shared `_PageServer`.
    """

    def __init__(self, pages_folder: Path, base_url: str):
        self._pages_folder = pages_folder
        self._base_url = base_url
        self._profile_dir = Path(tempfile.mkdtemp(prefix="newsdigest-corpus-chromium-"))
        self._driver = None

    def __enter__(self) -> InnerTextRenderer:
        self._driver = _start_chromium(self._profile_dir)
        return self

    def __exit__(self, *exc_info) -> None:
        self._quit()
        shutil.rmtree(self._profile_dir, ignore_errors=True)

    def _quit(self) -> None:
        if self._driver is not None:
            try:
                self._driver.quit()
            except Exception:  # a crashed browser may not answer; its process is gone or will be reaped
                log.debug("chromium did not quit cleanly", exc_info=True)
            self._driver = None

    def inner_text(self, html: str) -> RenderedText:
        """The innerText of `html` rendered as a page; one retry in a fresh browser after a crash."""
        try:
            return self._render(html)
        except RenderError:
            raise
        except Exception as first_error:  # selenium raises many kinds for a dead renderer or browser
            log.warning("chromium failed (%s); restarting it and retrying once", type(first_error).__name__)
            self._quit()
            self._driver = _start_chromium(self._profile_dir)
            try:
                return self._render(html)
            except Exception as error:
                raise RenderError(f"{type(error).__name__}: {error}") from error

    def _render(self, html: str) -> RenderedText:
        from selenium.common.exceptions import TimeoutException

        name = f"{uuid.uuid4().hex}.html"
        page_path = self._pages_folder / name
        page_path.write_text(_META_REFRESH.sub("", html), encoding="utf-8")
        url = self._base_url + name
        try:
            try:
                self._driver.get(url)
            except TimeoutException:
                # A load that never finishes (a stalled local request) still has a parsed, laid-out page.
                self._driver.execute_script("window.stop();")
            if self._driver.current_url != url:
                raise RenderError(f"the page navigated away to {self._driver.current_url}")
            unhidden, text = self._driver.execute_script(_INNER_TEXT_SCRIPT)
            # Leave a blank page behind so the next page starts from nothing.
            self._driver.get("about:blank")
            return RenderedText(text, unhidden)
        finally:
            page_path.unlink(missing_ok=True)


def render_inner_texts(
    pages: Iterable[tuple[str, str]],
    browsers: int = 2,
    on_done: Callable[[str, RenderedText | None, str | None], None] | None = None,
) -> dict[str, RenderedText]:
    """innerText for each `(key, html)` pair, rendered by `browsers` Chromium instances in parallel.

    Returns {key: rendered} for the pages that rendered. `on_done(key, rendered, error)` is called after each
    page (from worker threads, one at a time), for progress and for recording failures.
    """
    work: queue.Queue[tuple[str, str]] = queue.Queue()
    for item in pages:
        work.put(item)
    results: dict[str, RenderedText] = {}
    report_lock = threading.Lock()
    pages_folder = Path(tempfile.mkdtemp(prefix="newsdigest-corpus-pages-"))
    server = _PageServer(pages_folder)

    def worker() -> None:
        with InnerTextRenderer(pages_folder, server.base_url) as renderer:
            while True:
                try:
                    key, html = work.get_nowait()
                except queue.Empty:
                    return
                text, error = None, None
                try:
                    text = renderer.inner_text(html)
                except RenderError as failure:
                    error = str(failure)
                with report_lock:
                    if text is not None:
                        results[key] = text
                    if on_done is not None:
                        on_done(key, text, error)

    threads = [threading.Thread(target=worker, name=f"chromium-{n}") for n in range(max(1, browsers))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.close()
        shutil.rmtree(pages_folder, ignore_errors=True)
    return results
