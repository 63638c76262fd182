"""What a SiteBuilder keeps from one build to the next, so a rebuild redoes only what changed; and, for a one-shot
build with the persistent build cache (newsdigest.build_cache), the output it need not make again.

Pages and search bundles that output/ already holds, byte for byte, as this build would make them come back as
KEPT instead of bytes: the build writes nothing for them and keeps their entries in the output manifest
(Output.keep). A file counts as still there only when the manifest has the recorded digest for it and its size
and modification time are the manifest's: a file edited or removed by hand is made again.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from newsdigest.article import Article
from newsdigest.body_store import BodyFile
from newsdigest.build_cache import BuildCache
from newsdigest.cache_keys import digest_text
from newsdigest.config import Config
from newsdigest.content import ArticleCache, ArticleFacts
from newsdigest.render import RenderCache
from newsdigest.render_parts import ItemCache
from newsdigest.templating import make_environment
from newsdigest.search import SearchIndexCache, indexed_digest, search_available
from newsdigest.site_model import assign_topics


class BuildCaches:
    """Parsed articles, their topics and story terms, rendered pages and list items, the Jinja environment
    and the search index. `keep=False` (a single build) keeps no rendered page or list item for a next one.

    The environment, list items and pages belong to one template set: `templates_changed()` lets them go.
    With a `store` (the persistent cache of one-shot builds, newsdigest.build_cache), parsed articles come
    from it and go to it, and pages are rendered only when output/ does not already hold them as they would be.
    """

    def __init__(self, config: Config, keep: bool = True, store: BuildCache | None = None):
        self.config = config
        self.keep = keep
        self.store = store
        # A single build keeps the bodies of its articles on disk (newsdigest.body_store); the others keep them
        # in memory, as their articles live on from build to build.
        self.articles = ArticleCache(facts=True, store=store, bodies=None if keep else BodyFile(), session=keep)
        self.pages = StoredPages(store.pages) if store is not None else RenderCache(keep=keep)
        self.story_tokens: dict = {}   # file hash -> story terms (see newsdigest.stories)
        self.topics: dict = {}         # file hash -> topics by the config's rules
        # What the related lists of the last build were (newsdigest.related): in the store, or kept here between builds.
        self.related: dict | None = store.related if store is not None else {} if keep else None
        self.search = SearchIndexCache()
        self.search_ready = config.search.enabled and search_available()
        self.env = None
        self.items: ItemCache | None = None  # rendered list items, for the current environment

    def environment(self):
        """The Jinja environment over the theme (made when first needed, and after a template change)."""
        if self.env is None:
            self.env = make_environment(self.config)
            self.items = ItemCache() if self.keep else None
        return self.env

    def templates_changed(self) -> None:
        self.env = None
        self.items = None
        self.pages.clear()

    def keep_facts(self, file_hash: str, facts: ArticleFacts | None) -> None:
        """File what the parse worked out for this article version (see content.ArticleFacts) for the site model."""
        if facts is not None:
            self.topics[file_hash] = facts.topics
            if facts.story_terms is not None:
                self.story_tokens[file_hash] = facts.story_terms

    def topics_of(self, article: Article) -> tuple[str, ...]:
        topics = self.topics.get(article.file_hash)
        return topics if topics is not None else assign_topics(self.config, [article], self.topics)[0].topics


class _Kept(bytes):
    """The type of KEPT."""


# What `StoredPages.get_or_render` returns for a page output/ already holds as it would be rendered: the build
# writes nothing for it and keeps its manifest entry (compared by identity, never by value).
KEPT = _Kept()


class StoredPages:
    """A render cache (what render.render_site calls `cache`) for a one-shot build with a persistent cache.

    It keeps no bytes in memory: a page whose fingerprint is the one the cache recorded, and whose output
    file is still the one that fingerprint was rendered to (the manifest's digest matches the recorded one,
    and size and time match the manifest), comes back as KEPT instead of being rendered. Every page's
    (fingerprint, digest) goes into `next`, what the build saves for the next one.
    """

    keep = True   # render_site works out fingerprints only for a cache that keeps pages

    def __init__(self, known: dict[str, tuple[str, str]]):
        self.known = known
        self.next: dict[str, tuple[str, str]] = {}
        self.rendered = 0
        self.reused = 0
        self.output_dir: Path | None = None
        self.manifest: dict = {}

    def attach(self, output_dir: Path, manifest: dict) -> None:
        """The output folder and what its manifest says it holds (Output.previous), read before rendering."""
        self.output_dir, self.manifest = output_dir, manifest

    def get_or_render(self, path: str, fingerprint: str, render) -> bytes:
        if self.still_there(path, fingerprint):
            self.reused += 1
            self.next[path] = self.known[path]
            return KEPT
        data = render()
        self.rendered += 1
        self.next[path] = (fingerprint, hashlib.sha1(data).hexdigest())
        return data

    def still_there(self, path: str, fingerprint: str) -> bool:
        """Whether output/ holds the page as the last build wrote it from inputs with this fingerprint."""
        known = self.known.get(path)
        return known is not None and known[0] == fingerprint and self._intact(path, known[1])

    def _intact(self, path: str, digest: str) -> bool:
        entry = self.manifest.get(path)
        if self.output_dir is None or entry is None or entry.digest != digest:
            return False
        try:
            return entry.describes(os.stat(self.output_dir / path))
        except (OSError, ValueError):
            return False

    def record(self, path: str, fingerprint: str, digest: str) -> None:
        """A page rendered elsewhere (a split build's child): its fingerprint and the digest it was written with."""
        self.next[path] = (fingerprint, digest)

    def forget(self, paths) -> None:
        for path in paths:
            self.next.pop(path, None)

    def keep_only(self, paths) -> None:
        for path in self.next.keys() - set(paths):
            del self.next[path]

    def clear(self) -> None:
        self.known = {}
        self.next.clear()


def pagefind_version() -> str:
    """The installed Pagefind's version: another one may index the same pages differently."""
    from importlib import metadata

    versions = []
    for name in ("pagefind", "pagefind_bin_extended", "pagefind_bin"):
        try:
            versions.append(metadata.version(name))
        except metadata.PackageNotFoundError:
            versions.append("")
    return "/".join(versions)


class StoredBundles:
    """What search.build_search_index calls `reuse` in a one-shot build with a persistent cache.

    A bundle's key is a digest of its folder, the index settings, Pagefind's version and the path of every page
    in it with the digest of what Pagefind reads of the page (`search.indexed_digest`): a page whose related
    articles or story coverage changed, outside the indexed element, leaves its bundle's key as it was. A
    page's indexed digest is worked out from its bytes only when they changed since the last build (`pages`:
    the article pages, read from output/ as asked; `known_indexed`: per page, the digest of its bytes then and of
    its indexed part). A bundle whose key is the one recorded, and whose files output/ still holds as recorded
    (digest, size and time per the manifest), is not indexed again: its files come back as KEPT. `next` is
    what the build saves: every bundle's key and files, once `record` has seen the new ones; `next_indexed`
    every page's digests.
    """

    def __init__(self, known: dict[str, tuple[str, list]], output_dir: Path, manifest: dict,
                 page_digests: dict[str, str], settings: tuple, pages=None,
                 known_indexed: dict[str, tuple[str, str]] | None = None):
        self.known, self.output_dir, self.manifest = known, output_dir, manifest
        self.page_digests, self.settings = page_digests, (settings, pagefind_version())
        self.pages, self.known_indexed = pages, known_indexed or {}
        self.keys: dict[str, str] = {}
        self.next: dict[str, tuple[str, list]] = {}
        self.next_indexed: dict[str, tuple[str, str]] = {}

    def _indexed(self, path: str) -> str | None:
        digest = self.page_digests.get(path)
        if digest is None:
            return None
        known = self.known_indexed.get(path)
        indexed = known[1] if known is not None and known[0] == digest else None
        if indexed is None:
            try:
                indexed = indexed_digest(self.pages[path]) if self.pages is not None else digest
            except (OSError, KeyError, ValueError):
                indexed = digest   # unreadable: keyed by its bytes' digest, as if its whole page were read
        self.next_indexed[path] = (digest, indexed)
        return indexed

    def __call__(self, folder: str, page_paths: list[str]) -> dict[str, bytes] | None:
        key = digest_text(repr((self.settings, folder, [(path, self._indexed(path)) for path in page_paths])))
        self.keys[folder] = key
        known = self.known.get(folder)
        if known is None or known[0] != key or not known[1] or not all(
                self._intact(relative, digest) for relative, digest in known[1]):
            return None
        self.next[folder] = known
        return {relative: KEPT for relative, _ in known[1]}

    def _intact(self, relative: str, digest: str) -> bool:
        entry = self.manifest.get(relative)
        if entry is None or entry.digest != digest:
            return False
        try:
            return entry.describes(os.stat(self.output_dir / relative))
        except (OSError, ValueError):
            return False

    def record(self, files: dict[str, bytes]) -> None:
        """The bundles indexed this build (files by output path), filed under their folder's key."""
        for folder, key in self.keys.items():
            if folder in self.next:
                continue
            prefix = folder + "/"
            listed = [[relative, hashlib.sha1(data).hexdigest()] for relative, data in sorted(files.items())
                      if relative.startswith(prefix) and data is not KEPT]
            if listed:
                self.next[folder] = (key, listed)
