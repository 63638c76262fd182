"""Search: a Pagefind index of the article pages, built in memory and written with the other output files.

Pagefind (PyPI `pagefind[extended]`) indexes HTML into a static bundle under `pagefind/`: a WebAssembly search
engine, the index split into small content-hashed chunks, and a ready-made search UI (which the default
theme does not use: see newsdigest.search_bundle). The browser fetches
only the chunks a query needs, so search works offline on any static host; no server code.

What the article template must carry (see README, Search):

- `data-pagefind-body` on the element holding the article: only that element's text is indexed, and only
  pages having it are indexed (menus, related lists and footers stay out of results);
- `data-pagefind-filter="topic"` on each topic link and `data-pagefind-filter="source"` on the source
  link: the element's text becomes the filter value, and the search UI offers them as filters;
- `data-pagefind-meta="date"` (optional) on the `<time>` element, shown with each result;
- `data-pagefind-sort="date[datetime]"` (optional) on that `<time>` element: the search page's "Newest first"
  order sorts by it (its ISO 8601 `datetime`); with the index in bundles, the page also needs that date as
  meta, `data-pagefind-meta="date, published[datetime]"`, to merge the bundles' lists newest first;
- the page's `<h1>` is taken as the result title, `<html lang>` picks the index language.

The `<header>` and `<footer>` directly inside the `data-pagefind-body` element (title, outlet, byline and date
line; attribution and topic list) are left out of the indexed text (`EXCLUDED_SELECTORS`), so results and their
excerpts come from the article's own text; the filters, meta and title inside them are still read.

Pagefind runs as its command-line binary (`pagefind_bin_extended`, found through the `pagefind` package), one
process per bundle on a big site (see `bundle_folders`), two bundles at once where there are two cores: a
bundle is whole when its process has exited. (Through the Python API's service, Pagefind answered "written"
while its files were still being written, and closing it wrote the index a second time: a bundle of 1,000
pages took 2.7 s that way, 2.1 s this way, the same files.) Its chunk
names are hashes of their content and it writes no timestamps, but Pagefind 1.5 lists filter values in
hash-map order, which changes from run to run. `canonical_bundle` (newsdigest.search_bundle) sorts them and renames the files it
changed, so the same pages give byte-identical files and the write-if-changed output rewrites only the
chunks that really changed.

Everything the index stores is scraped text, and Pagefind's ready-made UI puts filter values into the
page as HTML. `escape_bundle_text` (newsdigest.search_bundle) HTML-escapes every string a UI may show (page text, titles, meta,
filter values), so the index is safe under any UI; the default theme's own search.js draws text nodes.

Pagefind indexes pages copied into a temporary folder named after the building process
(`newsdigest-search-<pid>-...`, in /dev/shm when it has room). A killed build cannot remove its folder,
so each index first removes the folders of processes that no longer run (`remove_stale_temp_folders`);
a concurrent build's folder stays. Pagefind dies with the build: Ctrl-C stops its processes, and on Linux the
kernel kills them when the build is killed outright (newsdigest.lifetime.dying_with_this_process).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import json
import logging
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from newsdigest.lifetime import dying_with_this_process, process_alive
from newsdigest.search_bundle import SearchUnavailable, canonical_bundle, escape_bundle_text

log = logging.getLogger(__name__)

BUNDLE_DIR = "pagefind"   # where the bundle lives in output/; the UI finds it next to pagefind-ui.js
# What only the first bundle needs: the search UI's own files (the others are merged into its index).
UI_ASSETS = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
_BUNDLE_FILE = re.compile(rf"{BUNDLE_DIR}(-[0-9]+)?/")
# Not searchable text: the article's header and footer (see above); Pagefind still reads filters, meta and title there.
EXCLUDED_SELECTORS = ("[data-pagefind-body] > header", "[data-pagefind-body] > footer")
CONCURRENT_BUNDLES = 2   # Pagefind processes indexing bundles at once (each keeps about one core busy)
TEMP_PREFIX = "newsdigest-search-"   # then the building process's id and a dash: newsdigest-search-1234-k2x9a1qz
_TEMP_FOLDER = re.compile(rf"{TEMP_PREFIX}([0-9]+)-")


_BODY_MARK = b"data-pagefind-body"
_PAGEFIND_ATTRIBUTE = b"data-pagefind-"
_BODY_TAG = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
_TAG_NAME = re.compile(rb"<([a-zA-Z][a-zA-Z0-9-]*)")
# Where cutting by tag names could be fooled: text that is not markup.
_NOT_MARKUP = re.compile(rb"<(?:script|style|template|textarea|!--)", re.IGNORECASE)


# Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) in UTF-8. On a page each ends with its
# paragraph; Pagefind joins an article's paragraphs into one text, whose excerpts the search page shows in one
# paragraph, so an override from a scraped body would turn the rest of the excerpt around ("Trojan Source").
_BIDI_CONTROLS = re.compile(b"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")


def indexed_part(page: bytes) -> bytes:
    """What Pagefind reads of a page: its `<head>` and the one element marked `data-pagefind-body`, in a page of
    their own (Pagefind indexes only that element, and spends a third of its time on the rest of a page).
    The page as it is whenever that cannot be cut out safely: no such element or more than one, a
    `data-pagefind-` attribute outside it, a script, style, template, textarea or comment inside it, or tags
    that do not balance. The index made from either is the same. Either way without bidi controls
    (`_BIDI_CONTROLS`): they order text on a page and are no words to find."""
    return _BIDI_CONTROLS.sub(b"", _indexed_element(page))


def indexed_digest(page: bytes) -> str:
    """The SHA-1 of what Pagefind reads of a page (`indexed_part`): two versions of a page with the same digest
    give the same index, whatever else on the page changed (its related articles, its story's coverage list)."""
    return hashlib.sha1(indexed_part(page)).hexdigest()


def _indexed_element(page: bytes) -> bytes:
    if page.count(_BODY_MARK) != 1:
        return page
    body = _BODY_TAG.search(page)
    mark = page.index(_BODY_MARK)
    start = page.rfind(b"<", 0, mark)
    name = _TAG_NAME.match(page, start) if start >= 0 else None
    if body is None or name is None or start < body.end() or _in_script(page, body.start()):
        return page
    tag = re.compile(rb"<(/?)" + re.escape(name.group(1)) + rb"(?=[\s>/])", re.IGNORECASE)
    depth, end = 0, -1
    for found in tag.finditer(page, start):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            end = page.find(b">", found.end())
            break
    if end < 0:
        return page
    element = page[start:end + 1]
    if _NOT_MARKUP.search(element) or _PAGEFIND_ATTRIBUTE in page[body.end():start] \
            or _PAGEFIND_ATTRIBUTE in page[end + 1:]:
        return page
    return page[:body.end()] + element + b"</body></html>"


def _in_script(page: bytes, position: int) -> bool:
    """Whether `position` is inside a `<script>` element (a "<body>" written by a script in the head)."""
    before = page[:position].lower()
    return before.count(b"<script") != before.count(b"</script")


def search_available() -> bool:
    """Whether Pagefind's Python API and its binary are installed (cheap: no process is started)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return False
    try:
        return get_executable() is not None
    except Exception:  # a broken install counts as missing
        return False


def bundle_folders(article_pages: int, bundle_pages: int) -> list[str]:
    """The folders in output/ the index is split into: `pagefind` for the first `bundle_pages` article pages
    (in output path order), then `pagefind-2`, `pagefind-3`... for the next ones; one folder when
    `bundle_pages` is 0. The search page searches every bundle, each with its own Pagefind instance, and
    merges the results (by score, or newest first by each page's `published` meta).

    Pagefind's indexer holds about 0.3 MB per page until it writes the bundle (3 GB for 10,000 pages),
    and has no setting to hold less; indexing in bundles, one Pagefind process after the other, bounds it.
    """
    count = max(1, -(-article_pages // bundle_pages)) if bundle_pages > 0 else 1
    return [BUNDLE_DIR] + [f"{BUNDLE_DIR}-{number}" for number in range(2, count + 1)]


def is_search_file(relative: str) -> bool:
    """Whether an output path (relative to output/) is part of the search index's bundles."""
    return _BUNDLE_FILE.match(relative) is not None


def build_search_index(html_pages: Mapping[str, bytes], *, language: str | None = None,
                       bundle_pages: int = 0, on_bundle=None, reuse=None, on_plan=None) -> dict[str, bytes]:
    """The Pagefind bundles for these pages, as {path relative to output/ ("pagefind/..."): bytes}.

    `html_pages` maps output paths ("2026/01/29/slug/index.html") to page bytes: pass the article pages
    only. The index stores site paths without base_url's path ("/2026/01/29/slug/"): Pagefind's UI
    prefixes results with the folder its bundle is served from ("/digest/" for "/digest/pagefind/"),
    so one bundle works under any base path. `language` (an ISO 639-1 code such as "en") puts every
    page into one index in that language; None lets Pagefind split the index by each page's
    `<html lang>`, and a search page then searches only the pages in its own language. With
    `bundle_pages`, the pages are split into bundles of that many (see `bundle_folders`); `on_bundle()`,
    if given, is called as each is done. `reuse(folder, page_paths)`, if given, may return a bundle's files
    instead of indexing its pages again (a build's persistent cache knows them: see newsdigest.build_cache);
    `on_plan(indexed, bundles)`, if given, is told how many of the bundles are indexed and how many there are.

    Returns {} with a logged warning when Pagefind is not installed, so a site still builds without search.
    """
    paths = sorted(html_pages)
    folders = bundle_folders(len(paths), bundle_pages)
    per_bundle = bundle_pages if len(folders) > 1 else len(paths)
    files: dict[str, bytes] = {}
    remove_stale_temp_folders()
    bundles: dict[str, dict[str, bytes]] = {}
    to_index: list[tuple[str, list[str]]] = []
    for number, folder in enumerate(folders):
        names = paths[number * per_bundle:(number + 1) * per_bundle]
        kept = reuse(folder, names) if reuse is not None else None
        if kept is not None:
            bundles[folder] = kept
            if on_bundle:
                on_bundle()
        else:
            to_index.append((folder, names))
    if on_plan:
        on_plan(len(to_index), len(folders))
    try:
        bundles.update(_run(_index_bundles(to_index, html_pages, language, on_bundle)))
    except SearchUnavailable as err:
        log.warning("search index not built: %s (install it with: pip install 'pagefind[extended]')", err)
        return {}
    indexed = {folder for folder, _ in to_index}
    for number, folder in enumerate(folders):
        if folder in indexed:  # only the first bundle keeps the search UI's own files
            files.update({f"{folder}/{name}": data for name, data in bundles[folder].items()
                          if number == 0 or not name.startswith(UI_ASSETS)})
        else:
            files.update(bundles[folder])
    return files


async def _index_bundles(to_index: list[tuple[str, list[str]]], html_pages: Mapping[str, bytes],
                         language: str | None, on_bundle) -> dict[str, dict[str, bytes]]:
    """{folder: bundle files} for these bundles, indexed two at a time on a machine with two cores or more:
    one Pagefind process keeps about one core busy, and the bundles do not depend on each other."""
    at_once = asyncio.Semaphore(max(1, min(CONCURRENT_BUNDLES, usable_cores())))

    async def index(names: list[str]) -> dict[str, bytes]:
        async with at_once:
            # Each bundle's pages are fetched as it is indexed: `html_pages` may read them from disk.
            bundle = await _index_pages({path: html_pages[path] for path in names}, language)
        if on_bundle:
            on_bundle()
        return bundle

    results = await asyncio.gather(*(index(names) for _, names in to_index))
    return {folder: bundle for (folder, _), bundle in zip(to_index, results)}


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


async def _index_pages(html_pages: dict[str, bytes], language: str | None) -> dict[str, bytes]:
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise SearchUnavailable("the 'pagefind' Python package is not installed") from None
    executable = get_executable()
    if executable is None:
        raise SearchUnavailable("the Pagefind binary is not installed (the 'pagefind_bin_extended' package)")
    if not html_pages:
        return await _empty_bundle(language)
    size = sum(map(len, html_pages.values()))
    with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=fast_temp_dir(size)) as tmp:
        # Pagefind scans a folder of the pages (what it reads of each) and writes the bundle beside it; its
        # settings go in the config file it reads from its working folder, as none of them is a path's part.
        site, bundle = Path(tmp) / "site", Path(tmp) / "bundle"
        for relative, data in sorted(html_pages.items()):
            path = site / _safe_relative(relative)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(indexed_part(data))
        settings = {"site": str(site), "output_path": str(bundle), "exclude_selectors": list(EXCLUDED_SELECTORS)}
        if language:
            settings["force_language"] = language
        (Path(tmp) / "pagefind.json").write_text(json.dumps(settings), encoding="utf-8")
        process = await asyncio.create_subprocess_exec(
            *dying_with_this_process([str(executable), "--silent"]), cwd=tmp, stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        try:
            _, errors = await process.communicate()
        finally:
            if process.returncode is None:   # stopped (Ctrl-C): Pagefind stops too
                process.kill()
                await process.wait()
        if process.returncode != 0 or not (bundle / "pagefind-entry.json").is_file():
            said = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no index written"]
            raise RuntimeError(f"Pagefind failed (exit status {process.returncode}): {said[0]}")
        files = {path.relative_to(bundle).as_posix(): path.read_bytes()
                 for path in sorted(bundle.rglob("*")) if path.is_file()}
    return dict(sorted(canonical_bundle(escape_bundle_text(files)).items()))


async def _empty_bundle(language: str | None) -> dict[str, bytes]:
    """The bundle of no pages, which Pagefind's command refuses to make and its API service makes: a site without
    articles still gets a search page that works."""
    from pagefind.index import IndexConfig, PagefindIndex

    with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-") as tmp:
        config = IndexConfig(output_path=str(Path(tmp) / "bundle"), write_playground=False)
        if language:
            config["force_language"] = language
        async with PagefindIndex(config) as index:
            files = {item["path"]: item["content"] for item in await index.get_files()}
    return dict(sorted(canonical_bundle(escape_bundle_text(files)).items()))


def fast_temp_dir(page_bytes: int) -> str | None:
    """/dev/shm when it is there with room to spare, else the default temp folder.

    Pagefind writes one small file per page and per index chunk; on a disk that is most of its time
    (10,000 pages: 24 s on disk, 5 s in memory). Room is kept for the pages, the bundle and a margin.
    """
    shm = Path("/dev/shm")
    try:
        if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 3 * page_bytes + (256 << 20):
            return str(shm)
    except OSError:
        pass
    return None


def remove_stale_temp_folders(places: list[Path] | None = None) -> list[Path]:
    """Remove the temporary folders of indexing runs whose process has gone (a killed build); the removed ones.

    Looks in `places` (by default /dev/shm and the temp folder, where indexing puts them) for this user's
    `newsdigest-search-<pid>-*` folders whose process no longer runs. A process id reused since keeps its
    folder until that process ends too: never a running build's folder.
    """
    if places is None:
        places = [Path("/dev/shm"), Path(tempfile.gettempdir())]
    removed = []
    for place in dict.fromkeys(places):
        try:
            entries = list(os.scandir(place))
        except OSError:  # no such place here, or not readable
            continue
        for entry in entries:
            match = _TEMP_FOLDER.match(entry.name)
            if not match or process_alive(int(match[1])):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            # A shared /tmp holds other users' folders too: only this user's go.
            if stat.S_ISDIR(info.st_mode) and (not hasattr(os, "getuid") or info.st_uid == os.getuid()):
                shutil.rmtree(entry.path, ignore_errors=True)  # a concurrent build may be removing it too
                removed.append(Path(entry.path))
    if removed:
        log.info("removed %d search index temp folder(s) left by killed builds", len(removed))
    return removed


def _safe_relative(relative: str) -> PurePosixPath:
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"not a relative output path: {relative!r}")
    return path


def _run(coroutine):
    """Run a coroutine to completion, also when the caller is itself inside a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class SearchIndexCache:
    """The last index built, kept bundle by bundle for the next build of the same builder (watch/serve).

    A bundle whose folder, settings and pages (path, and the bytes Pagefind reads: `indexed_part`) are the ones
    it was made from is reused as it was; only the bundles holding a changed, added or removed page are indexed
    again. An edit of one article costs one bundle's Pagefind run, not the whole site's (with the default
    permalinks, a new article of the latest day goes into the last bundle), also when the edit changes other
    pages' related lists. Pagefind's output depends only on the pages it is given and the settings, so a kept
    bundle is the bundle an index of the whole site would make.
    """

    def __init__(self) -> None:
        self._bundles: dict[str, tuple[tuple, dict[str, bytes]]] = {}   # folder: (key, its files in output/)
        self._indexed: dict[int, int] = {}     # hash of a page's bytes -> hash of its indexed part, last build

    def get(self, html_pages: Mapping[str, bytes], *, language: str | None = None,
            bundle_pages: int = 0, on_bundle=None, on_plan=None) -> dict[str, bytes]:
        keys: dict[str, tuple] = {}
        known, self._indexed = self._indexed, {}

        def indexed(page: bytes) -> int:
            whole = hash(page)
            self._indexed[whole] = known[whole] if whole in known else hash(indexed_part(page))
            return self._indexed[whole]

        def kept_bundle(folder: str, page_paths: list[str]) -> dict[str, bytes] | None:
            # Keyed by what Pagefind reads of each page: an edit that changes only other pages' related lists or
            # coverage (outside the indexed element) leaves their bundles as they were.
            key = (language, bundle_pages, tuple((path, indexed(html_pages[path])) for path in page_paths))
            keys[folder] = key
            known = self._bundles.get(folder)
            return dict(known[1]) if known is not None and known[0] == key else None

        files = build_search_index(html_pages, language=language, bundle_pages=bundle_pages, on_bundle=on_bundle,
                                   reuse=kept_bundle, on_plan=on_plan)
        # Nothing is kept from a build without an index (Pagefind missing): the next one tries again.
        self._bundles = {folder: (key, {path: data for path, data in files.items() if path.startswith(folder + "/")})
                         for folder, key in keys.items()} if files else {}
        return dict(files)
