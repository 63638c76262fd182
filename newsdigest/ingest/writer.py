"""Extracted article -> content file: front matter, Markdown body, ingest hash, dedupe index (content_writes.py
writes the file)."""

from __future__ import annotations

import contextlib
import hashlib
import re
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import yaml

from newsdigest.config import Config
from newsdigest.content_files import find_content_files
from newsdigest.fileio import read_regular_file
from newsdigest.front_matter import ContentError, read_front_matter, split_front_matter
from newsdigest.ingest.domains import registered_domain
from newsdigest.ingest.lang import cjk_count
from newsdigest.ingest.ledger import IngestLedger, Written
from newsdigest.ingest.lines import ends_like_sentence
from newsdigest.ingest.markdown_body import body_markdown, inline_for, paragraph_markdown
from newsdigest.ingest.article_table import ArticleTable, sorted_jaccard
from newsdigest.ingest.content_writes import remove_stray_temp_files
from newsdigest.ingest.indexed_files import (IndexCache, IndexedArticle, front_matter_day, indexed_article,
                                             resolved_path)
from newsdigest.ingest.model import Extracted, RawPage, readable
from newsdigest.ingest.outlet_names import one_outlet, other_outlet, spelled_site
from newsdigest.ingest.page_urls import page_key
from newsdigest.markup import render_markdown, truncate_words
from newsdigest.slugs import title_slug

NEAR_DUPLICATE_THRESHOLD = 0.6   # Jaccard similarity of 5-word shingles
SHINGLE_WORDS = 5
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Composed:
    """A ready-to-write article: where it goes, what it says, and the fingerprints used for dedupe."""

    relative_path: Path
    text: str
    front_matter: dict[str, Any]
    ingest_hash: str
    shingles: frozenset[int]
    body: str = ""   # the Markdown after the front matter
    headline: bool = False   # a headline record's article (`ingest --headlines`): a headline and a link, no page
    fetched: datetime | None = None   # when its page was fetched, where a record states it with an offset

    def with_slug(self, slug: str) -> Composed:
        """The same article with `slug` in its front matter: its address on the site, whatever its title."""
        return self._with(slug=slug)

    def with_source(self, source: str) -> Composed:
        """The same article with `source` as its outlet's name."""
        return self._with(source=source)

    def _with(self, **changes: str) -> Composed:
        meta = {**self.front_matter, **changes}
        return replace(self, text=front_matter_text(meta) + "\n" + self.body, front_matter=meta)


def ingest_hash(title: str, body: str) -> str:
    """Fingerprint of what was extracted (front matter `ingest_hash`), so re-ingesting the same page is recognised."""
    normal = " ".join(_WORD.findall((title + "\n" + body).casefold()))
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


def shingles(text: str) -> frozenset[int]:
    tokens = _WORD.findall(text.casefold())
    if len(tokens) < SHINGLE_WORDS:
        return frozenset([zlib.crc32(" ".join(tokens).encode())]) if tokens else frozenset()
    return frozenset(zlib.crc32(" ".join(tokens[i:i + SHINGLE_WORDS]).encode())
                     for i in range(len(tokens) - SHINGLE_WORDS + 1))


def compose(extracted: Extracted, page: RawPage, config: Config) -> Composed:
    """Front matter and body for one article, following the content format (see docs/ingest.md)."""
    body = body_markdown(extracted)
    summary = truncate_words(summary_text(extracted), config.summary_length)
    plain_body = "\n".join(block.text for block in extracted.blocks)
    # No `topics:` is written: topics in front matter are the writer's own and win over the config's rules, so
    # topics worked out here would stay as they are whatever rules the site has later. The build files the article.
    # A headline record's words recur (a daily "Morning briefing", "Read more"): its address tells it apart, no shingle.
    headline = page.kind == "headline"
    digest = ingest_hash(extracted.title, f"{plain_body}\n{extracted.url}" if headline else plain_body)
    published = extracted.published
    meta: dict[str, Any] = {"title": extracted.title, "date": published}
    optional = {
        "updated": extracted.correction_time,   # the page or record says it was corrected after it was published
        "source": extracted.source,
        "url": extracted.url,
        "author": extracted.author,
        "category": extracted.category,
        "tags": list(extracted.tags),
        "summary": summary,
        "lang": extracted.lang,
        "image": extracted.image,
        "image_caption": extracted.caption,
        "date_inferred_from": extracted.date_inferred_from,
        "date_zone": extracted.date_zone or ("not stated on the page (local time as printed)"
                                             if isinstance(published, datetime) and published.tzinfo is None else ""),
        "ingested_from": page.label,
        "ingest_hash": digest,
    }
    meta.update({key: readable(value) if isinstance(value, str) else value for key, value in optional.items() if value})
    # The address is stated, as the file's name: fixing the headline later must not move a published page (its
    # links, and its id in every feed reader). A headline not written in Latin letters names the file and the
    # address after the ingest hash.
    slug = meta["slug"] = title_slug(extracted.title) or "article-" + digest[:10]
    day = published.date() if isinstance(published, datetime) else published
    relative = Path(f"{day.year:04d}") / f"{day.month:02d}" / f"{slug}.md"
    fetched = page.fetched_at if isinstance(page.fetched_at, datetime) and page.fetched_at.tzinfo else None
    return Composed(relative, front_matter_text(meta) + "\n" + body, meta, digest,
                    frozenset() if headline else shingles(plain_body), body, headline, fetched)


def summary_text(extracted: Extracted) -> str:
    """The lead paragraph as the article page shows it, as plain text: the summary is plain text, where the
    body's Markdown has escapes and emphasis ("\\[Reuters\\]" shows as "[Reuters]"). The lead is the first paragraph
    that reads as prose: a dateline, a byline or a label a page prints as a paragraph of its own ("NEW DELHI:",
    "Staff Reports") says nothing about the story on a list page."""
    paragraphs = extracted.paragraphs
    if not paragraphs:
        return ""
    lead = next((text for text in paragraphs if _reads_as_prose(text)), paragraphs[0])
    return render_markdown(paragraph_markdown(lead, inline_for(extracted)))[1] or lead


def _reads_as_prose(text: str) -> bool:
    """A sentence, or a paragraph of 12 words or more (a Chinese or Japanese character counts as half a word)."""
    return ends_like_sentence(text) or len(text.split()) + cjk_count(text) / 2 >= 12


def front_matter_text(meta: dict[str, Any]) -> str:
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
    # YAML writes datetimes with a space; content files use ISO 8601's 'T' ("2026-01-29T15:08:00+04:00"), in whole
    # seconds, as the build reads them (a record's or a page's "05:10:07.554000" lost its fraction in one field only).
    dumped = re.sub(r"(?m)^(date|updated): (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.\d+)?", r"\1: \2T\3", dumped,
                    count=2)
    return "---\n" + dumped + "---\n"


@dataclass
class ContentIndex:
    """What is already in the content folder, for idempotence and near-duplicate detection."""

    root: Path
    articles: ArticleTable = field(default_factory=lambda: ArticleTable(NEAR_DUPLICATE_THRESHOLD))
    ledger: IngestLedger | None = None   # what ingest wrote into the folder before, deleted articles included
    _names_by_site: dict[str, Counter] | None = field(default=None, repr=False)   # see `established_name`
    _headlines: dict[Path, bool] = field(default_factory=dict, repr=False)   # this run's files: a headline record's?
    _addresses: Counter | None = field(default=None, repr=False)   # see `address_taken`
    article_address: str = "/{year}/{month}/{day}/{slug}/"          # the site's permalinks.article pattern
    digest_timezone: str = ""   # the zone whose date is an article's day (the config's), else its own date's
    # names this run's folder of files `--force` replaced (ledger.keep_replaced_text)
    run_stamp: str = field(default_factory=lambda: datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ"))

    @classmethod
    def load(cls, root: Path, tidy: bool = True, cache: Path | None = None,
             article_address: str = "/{year}/{month}/{day}/{slug}/", digest_timezone: str = "") -> "ContentIndex":
        """Index the content folder an ingest writes into, each unchanged file's entry taken from the ingest index
        cache in the file `cache` (indexed_files.IndexCache) where one is given; with `tidy`, temp files of killed
        ingests there are removed and the cache is brought up to date (not by a dry run, which changes nothing).
        `article_address`: the site's article URL pattern, which says when two slugs make one address, with the
        day in `digest_timezone` (the config's) as the build makes it."""
        index = cls(root, ledger=IngestLedger.load(root), article_address=article_address,
                    digest_timezone=digest_timezone or "")
        if root.is_dir():
            if tidy:
                remove_stray_temp_files(root)
            real_folders: dict[Path, Path] = {}
            found: list[tuple[Path, IndexedArticle]] = []
            with IndexCache.open(cache, root, keep=tidy) as known:
                for path in find_content_files(root):
                    try:
                        resolved = resolved_path(path, real_folders)
                        raw = read_regular_file(path)
                    except (OSError, RuntimeError):   # (RuntimeError: a symbolic link loop, as Python 3.11 says it)
                        continue
                    article = known.get(resolved, raw)
                    if article is None and (article := _read_indexed(resolved, raw)) is not None:
                        known.put(resolved, raw, article)
                    if article is not None:
                        found.append((resolved, article))
            index.articles.add_many(found)
        return index

    def add(self, path: Path, composed: Composed) -> None:
        self._headlines[path.resolve()] = composed.headline
        previous = self.articles.get(path.resolve())
        article = self.articles[path.resolve()] = indexed_article(path.resolve(), composed.front_matter,
                                                           composed.ingest_hash, composed.shingles)
        if self._names_by_site is not None:
            for old, change in ((previous, -1), (article, 1)):
                if old is not None and old.has_url and old.source:
                    self._names_by_site[registered_domain(old.origin)][old.source] += change
        if self._addresses is not None:
            for old, change in ((previous, -1), (article, 1)):
                if old is not None and old.slug:
                    self._addresses[self._address(old.day, old.slug)] += change

    def address_taken(self, day: str, slug: str) -> bool:
        """Whether an article of the folder has the address `slug` on `day` (its date as `front_matter_day`
        writes it) makes, whatever its file's
        name (renamed by hand, it keeps its slug): a new article given it would take over the address published.
        Under a pattern without the day ("/news/{slug}/"), one slug on two days is one address."""
        if self._addresses is None:
            self._addresses = Counter(self._address(article.day, article.slug) for article in self.articles.values()
                                      if article.slug)
        return self._addresses[self._address(day, slug)] > 0

    def _address(self, day: str, slug: str) -> str:
        if len(day) > 10 and self.digest_timezone:   # (a time with its offset: the day in the site's zone)
            with contextlib.suppress(ValueError):
                day = datetime.fromisoformat(day).astimezone(ZoneInfo(self.digest_timezone)).date().isoformat()
        return self.article_address.format(year=day[:4], month=day[5:7], day=day[8:10], slug=slug)

    def established_name(self, url: str, name: str) -> str:
        """The name the content folder already gives the outlet whose site `url` is on, for a `name` found on a page
        of it that spells the site too ("Sky" and "Sky News" on sky.com; "techcrunch.com" and "TechCrunch"): the
        most common such name there, so that one outlet keeps one name, one source page and one vote in a story.
        `name` itself when it is as common, when no article there has a name that spells the site, or when it
        names someone else (a wire service's report on a portal)."""
        site = spelled_site(url, name)
        if not site:
            return name
        if self._names_by_site is None:
            self._names_by_site = defaultdict(Counter)
            for article in self.articles.values():
                if article.has_url and article.source:
                    self._names_by_site[registered_domain(article.origin)][article.source] += 1
        spelled = {known: count for known, count in self._names_by_site.get(site, Counter()).items()
                   if count > 0 and not other_outlet(known, site)}
        if not spelled:
            return name
        most = max(spelled.values())
        return name if spelled.get(name) == most else min(known for known, count in spelled.items() if count == most)

    def with_hash(self, digest: str, source: str = "", site: str = "") -> Path | None:
        """An article whose extracted text had this `ingest_hash`, unless another outlet than `source` (on
        another site than `site`) published it (one agency's report run word for word by two outlets is two
        articles; see `near_duplicate`)."""
        return next((a.path for a in self.articles.with_ingest_hash(digest) if not _another_outlet(source, site, a)),
                    None)

    def removed_before(self, digest: str, url: str = "", source: str = "") -> str | None:
        """The file (relative to the folder) of an article that ingest wrote before from this page (the same
        `ingest_hash`, or the same `url` with its text updated since) and the folder no longer holds readable
        (deleted, or its front matter broken since), unless another outlet than `source` published it."""
        written = self.ledger.written_before(digest, url, lambda other: not other_outlet(source, other)) \
            if self.ledger is not None else None
        if written is None or (self.root / written.file).resolve() in self.articles:
            return None   # (that file holds a readable article: `with_hash` and `file_of_page` judge the page)
        return written.file

    def ingested_input(self, page: str) -> Written | None:
        """The article ingest wrote from the input page of this digest (`ledger.page_digest`), if any."""
        return self.ledger.by_page.get(page) if page and self.ledger is not None else None

    def why_kept(self, path: Path, page: str, headline: bool = False, composed: Composed | None = None) -> str:
        """Why a run leaves the article at `path`, which an earlier ingest wrote from the same page as the input of
        digest `page`, as it is, and the option that would replace it (`headline`: the input is a headline record;
        `composed`: the article the input would make)."""
        if (written := self.ingested_input(page)) is not None:
            latest = self.ledger.by_file.get(written.file)
            if latest is not None and latest.page == page and (self.root / written.file).resolve() == path.resolve() \
                    and self.holds_as_ingested(path):
                # This very input wrote the file last, and reads differently beside other pages of its site now
                # (whose lines it may lose: site_lines.py)
                return "was written from this same page by an earlier ingest; --force writes it again"
            # (an older copy of the page, still in the inbox)
            return "holds a later version of this page (this copy was ingested before it); --force overwrites it"
        if not self.holds_as_ingested(path):
            return "was edited since ingest wrote it (or an older ingest wrote it); --force overwrites it (copying " \
                   "the file to content/.newsdigest-replaced/ first)"
        if headline and not self.holds_a_headline(path):
            return "holds the article of this whole page; a headline record replaces it only with --force"
        if composed is not None and (later := self.later_version(path, composed)):
            return f"holds a later version of this page (changed {later}); --force overwrites it"
        # (which of the two is newer is not known: the versions state no times, or the same)
        return "holds another version of this page; --update writes this one over it"

    def holds_a_headline(self, path: Path) -> bool:
        """Whether the article at `path` is one a headline record made, as its `ingest_hash` tells (it counts the
        address: `compose`). A headline record updates such an article, never one written from the whole page."""
        if (known := self._headlines.get(path.resolve())) is not None:
            return known   # (written, or planned by a dry run, in this run)
        if (read := _read_article(path)) is None:
            return False
        meta, body = read
        title, url, text = meta.get("title"), meta.get("url"), _plain(re.sub(r"\\(.)", r"\1", body))  # ("snake\_case")
        return isinstance(title, str) and isinstance(url, str) \
            and str(meta.get("ingest_hash") or "") == ingest_hash(title, text + "\n" + url)

    def later_version(self, path: Path, composed: Composed) -> str:
        """When the article at `path` was last changed (its `updated`, else its `date`) after the page `composed`
        from was (its `updated`, else when it was fetched), that time: the page is an older copy (a backlog, an inbox
        read in name order) and `--update` leaves the later text. "" when it is not, or either time is unknown or
        has no offset (a page's `date` alone tells nothing: a correction need not state when it was made)."""
        updated = composed.front_matter.get("updated")
        ours = updated if isinstance(updated, datetime) and updated.tzinfo is not None else composed.fetched
        read = _read_article(path) if ours is not None else None
        theirs = _last_change(read[0]) if read else None
        return theirs.isoformat() if theirs and ours < theirs else ""

    def holds_as_ingested(self, path: Path) -> bool:
        """Whether the file at `path` holds what ingest last wrote there, not edited since (`--update` replaces it)."""
        try:
            return self.ledger is not None and self.ledger.holds_as_written(path, path.read_bytes())
        except FileNotFoundError:   # (a dry run's file, planned and never written: what ingest would write there)
            return self.holds(path)
        except OSError:
            return False

    def holds(self, path: Path) -> bool:
        """Whether `path` is taken: a file is there, or a dry run has planned an article there (see `add`)."""
        return path.exists() or path.resolve() in self.articles

    def file_of_page(self, front_matter: dict[str, Any], path: Path) -> Path | None:
        """The article an earlier ingest wrote from the same page as `front_matter`'s, wherever it went: the one with
        the same `url` (as `page_key` folds it: tracking parameters, AMP and mobile addresses); else one without a
        `url` from a file of the same name, of the same day, at `path` or a numbered neighbour of it (`slug-2.md`):
        two pages saved as `index.html` are not one page, and a page ingested again with its `--url` is."""
        key = page_key(str(front_matter.get("url") or ""))
        if key and (same := next((a.path for a in self.articles.values() if a.has_url and a.page == key), None)):
            return same
        origin, day = str(front_matter.get("ingested_from") or ""), front_matter_day(front_matter.get("date"))
        numbered = re.compile(re.escape(path.stem) + r"(?:-[0-9]+)?")
        return next((a.path for a in self.articles.values()
                     if not a.has_url and a.origin == origin and a.day == day and a.path.parent == path.parent.resolve()
                     and numbered.fullmatch(a.path.stem)), None)

    def near_duplicate(self, fingerprint: frozenset[int], ignore: Path | None = None, source: str = "",
                       site: str = "") -> tuple[Path, float] | None:
        """The most similar indexed article at NEAR_DUPLICATE_THRESHOLD or above (the first one on a tie), or None.

        An article another outlet published is no duplicate of one from `source`, however alike: two outlets
        running one agency's report are two articles, which the build shows as one story's wire copies. Two
        articles of one site (`site`, the registered domain of the page's url) are one outlet's when either name
        spells the site (朝日新聞デジタル and The Asahi Shimbun Company on asahi.com)."""
        best: tuple[Path, float] | None = None
        ignored = ignore.resolve() if ignore is not None else None
        size = len(fingerprint)
        ordered = np.fromiter(fingerprint, dtype=np.uint32, count=size)
        ordered.sort()
        for article in self.articles.candidates(ordered):
            if article.path == ignored or _another_outlet(source, site, article):
                continue
            # Jaccard similarity is at most the smaller set's size over the larger's: most pairs end here.
            other = len(article.shingles)
            if not size or not other or min(size, other) / max(size, other) < NEAR_DUPLICATE_THRESHOLD:
                continue
            score = sorted_jaccard(ordered, article.shingles)
            if score >= NEAR_DUPLICATE_THRESHOLD and (best is None or score > best[1]):
                best = (article.path, score)
        return best


def _another_outlet(source: str, site: str, article: IndexedArticle) -> bool:
    """Whether `article` is another outlet's than that of a page from `source` on `site` (`outlet_names.one_outlet`)."""
    return not one_outlet(source, site, article.source, article.site)


def _read_indexed(path: Path, raw: bytes) -> IndexedArticle | None:
    """The article of the content file at `path` with these bytes, as the index keeps it; None for a broken file
    (the build reports those; ingest only needs the good ones)."""
    try:
        front, body, _ = split_front_matter(raw.decode("utf-8-sig").replace("\r\n", "\n"), path)
        meta = read_front_matter(front, path)[0]
    except (UnicodeDecodeError, ContentError):
        return None
    return indexed_article(path, meta, str(meta.get("ingest_hash") or ""), shingles(_plain(body)))


def _read_article(path: Path) -> tuple[dict[Any, Any], str] | None:
    """The front matter and body of the content file at `path`, read as `load` reads the folder's files; None when
    it cannot be read."""
    try:
        front, body, _ = split_front_matter(read_regular_file(path).decode("utf-8-sig").replace("\r\n", "\n"), path)
        return read_front_matter(front, path)[0], body
    except (OSError, UnicodeDecodeError, ContentError):
        return None


def _last_change(meta: dict[Any, Any]) -> datetime | None:
    """When an article says it was last changed: its `updated`, else its `date`, if that is a time with an offset."""
    value = meta.get("updated") or meta.get("date")
    return value if isinstance(value, datetime) and value.tzinfo is not None else None


def _plain(markdown: str) -> str:
    return re.sub(r"(?m)^(#{1,6}\s|[-*+]\s|>\s?|\\)", "", markdown)
