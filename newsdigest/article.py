"""What an article is: the `Article` record, and how one content file's bytes become one (`parse_article`)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time
from operator import attrgetter
from pathlib import Path
from sys import intern
from typing import Any

from newsdigest.aliases import alias_paths
from newsdigest.config import Config
from newsdigest.config_keys import LANGUAGE_TAG
from newsdigest.config_urls import ascii_url
from newsdigest.front_matter import (KNOWN_KEYS, LIST_KEYS, TEXT_KEYS, ContentError, parse_date, read_front_matter,
                                     split_front_matter, value_kind)
from newsdigest.front_matter_keys import misspelled_keys, missing_key_problem
from newsdigest.markup import render_markdown, strip_control_chars, truncate_words
from newsdigest.problems import Problem
from newsdigest.scripts import composed
from newsdigest.slugs import article_slug, slugify
from newsdigest.urls import is_web_url, term_slug


@dataclass(frozen=True)
class ArticleBody:
    """An article's body as its content file gives it (`markdown`) and as its page shows it (`html`).

    A one-shot build may keep bodies on disk instead (newsdigest.body_store.StoredBody, the same two
    attributes): everything else reads them through `Article.body_html` and `Article.body_markdown`.
    """

    html: str = ""
    markdown: str = ""


NO_BODY = ArticleBody()
# The body `newsdigest new` writes: an article published with it still unwritten gets a warning.
PLACEHOLDER_BODY = "Write the article here, in Markdown."


@dataclass(frozen=True, slots=True)  # slots: a dict of each article's fields took 300 bytes more (a million articles)
class Article:
    """One published (or draft) article, as read from `content/`.

    Its phases: `parse_article` fills in what the content file says; the site model
    (newsdigest.site_model) then assigns `topics`, `page_url` and `day`, empty until then.

    Identity: `source_path` is the article's key, the same from the first parse through every build and
    edit (it exists before permalinks, and survives a slug change); every article-keyed map uses it.
    `file_hash` is the *version* of that article, which caches of derived values (topics, story terms,
    rendered list items) are keyed by. `page_url` is its address, used as a key where themes look articles up
    by URL (`Site.story_of`), and to tell the placed articles of one build apart where that is compared often
    (a story's reports on a digest day): unique within a site model, and a string compares faster than a Path.
    """

    source_path: str           # the key: relative to the content folder, with '/' (a Path took 400 bytes more)
    title: str
    date: datetime             # always timezone-aware
    slug: str
    summary: str
    body: ArticleBody = NO_BODY  # read it as body_html and body_markdown
    date_only: bool = False
    source: str = ""
    url: str = ""
    author: str = ""
    category: str = ""
    declared_topics: tuple[str, ...] = ()  # the front matter's `topics`, as slugs
    tags: tuple[str, ...] = ()
    lang: str = "en"
    draft: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    file_hash: str = ""        # the version: of the content file's bytes (see `file_hash`), for caches
    warnings: tuple[Problem, ...] = ()  # found in the file without stopping it: e.g. a bad `url`, left out
    # Filled in by the site model (newsdigest.site_model), empty straight out of a content file:
    topics: tuple[str, ...] = ()  # assigned: the declared topics, else those the config's rules find, else the fallback
    page_url: str = ""         # site path such as /2026/01/29/slug/, without the base path
    day: date | None = None    # the digest day the article is listed under
    _version_key: str = field(default="", init=False, repr=False, compare=False)   # see `version_key`

    def placed(self, **assigned: Any) -> Article:
        """A copy with the fields the site model fills in (`topics`, `page_url`, `day`) set.

        The same as `dataclasses.replace`, which runs `__init__` with all twenty-odd fields again: for every
        article of a build, twice, that took a third of a second at 10,000 articles. Cached properties are
        not copied: they may depend on the new values."""
        unknown = set(assigned) - _PLACED_FIELDS
        if unknown:
            raise TypeError(f"not a field the site model fills in: {', '.join(sorted(unknown))}")
        return assembled({name: getattr(self, name) for name in _FIELD_NAMES} | assigned)

    @property
    def image_url(self) -> str:
        """The article's picture (front matter `image:`) when it is an absolute http(s) address, in the ASCII form
        share cards, JSON-LD and feeds need; "" otherwise."""
        value = self.extra.get("image")
        value = value.strip().replace(" ", "%20") if isinstance(value, str) else ""   # (as a browser asks for it)
        try:
            return ascii_url(value) if is_web_url(value) else ""
        except UnicodeError:
            return ""

    @property
    def body_html(self) -> str:
        """The body as HTML, rendered from its Markdown with raw HTML off and unsafe links dropped."""
        return self.body.html

    @property
    def body_markdown(self) -> str:
        """The body as the content file wrote it, front matter left out."""
        return self.body.markdown

    @property
    def modified(self) -> datetime:
        """When the article was last changed: front matter `updated:` (or `modified:`, `date_modified:`; read as `date`
        is, and not before it; a day alone counts from its midnight); else `date`. Feeds, sitemap, JSON-LD say it."""
        return self.last_change()[0]

    @property
    def modified_text(self) -> str:
        """`modified` as the sitemap and JSON-LD write it: a plain date where only the day is known (an `updated:`
        given as a date, or an article dated by the day and never updated), else the time with its offset."""
        moment, day_only = self.last_change()
        return moment.date().isoformat() if day_only else moment.isoformat()

    def last_change(self) -> tuple[datetime, bool]:
        """(`modified`, whether only its day is known)."""
        for key in ("updated", "modified", "date_modified"):
            value = self.extra.get(key)
            if isinstance(value, datetime):
                if value.tzinfo is not None and value >= self.date:
                    return value, False
            elif isinstance(value, date) and (moment := datetime.combine(value, time(), self.date.tzinfo)) > self.date:
                return moment, True   # (the article's own day says no change: the next key may tell one)
        return self.date, self.date_only

    @property
    def sort_key(self) -> tuple:
        """Newest first, ties broken by title and file so every build orders articles the same way."""
        return (-self.date.timestamp(), self.title.lower(), self.source_path)

    def __getstate__(self) -> tuple:  # (the dataclass's own looks every field up again for each article pickled)
        return _SLOT_VALUES(self)

    def __setstate__(self, state: tuple) -> None:
        for put, value in zip(_SLOT_SETTERS, state):
            put(self, value)

    @property
    def version_key(self) -> str:
        """What the pages that list this article depend on of it, as one string: its content file's version,
        its URL, topics and digest day (newsdigest.render fingerprints pages by it). Made once per article."""
        if not self._version_key:
            whole = f"{self.file_hash}\0{self.page_url}\0{self.topics!r}\0{self.day}"
            key = "A" + hashlib.blake2b(whole.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
            object.__setattr__(self, "_version_key", key)
        return self._version_key


_FIELD_NAMES = tuple(item.name for item in fields(Article) if item.init)   # what a content file's parse gives
assert Article.__slots__ == (*_FIELD_NAMES, "_version_key")
_SLOT_VALUES = attrgetter(*Article.__slots__)
_SLOT_SETTERS = tuple(getattr(Article, name).__set__ for name in Article.__slots__)
_PLACED_FIELDS = frozenset({"topics", "page_url", "day"})


def assembled(values: dict[str, Any]) -> Article:
    """The Article of these values of every field (`_FIELD_NAMES`), made without the frozen `__init__` (5 us an
    article more): for values already checked, as a build cache row's or another article's."""
    article = object.__new__(Article)
    article.__setstate__((*map(values.__getitem__, _FIELD_NAMES), ""))
    return article


def file_hash(raw: bytes) -> str:
    """The digest of a content file's bytes that tells one version of an article from another."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def parse_article(path: Path, raw: bytes, config: Config, content_root: Path | None = None) -> Article:
    """Parse one content file's bytes into an Article, or raise ContentError naming file and line.

    Problems that do not stop the article from being published (a `url` or `lang` that is not
    valid, so it is left out) come back in `Article.warnings`.
    """
    content_root = content_root or config.content_dir.resolve()
    if not raw.strip():
        raise ContentError([Problem(path, "file is empty")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ContentError([Problem(path, f"not valid UTF-8 (byte 0x{raw[err.start]:02x}); save it as UTF-8", line)])
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):
        # Accents typed as a letter and a combining mark (as macOS and some editors save text) are the same
        # words as the composed ones: the same tag and source pages, the same topic keywords, the same search.
        text = composed(text)
    front_text, body, _body_line = split_front_matter(text, path)
    meta, key_lines, warnings = read_front_matter(front_text, path)

    problems: list[Problem] = []

    def report(key: str, message: str, found: list[Problem] = problems) -> None:
        found.append(Problem(path, f"{key}: {message}", key_lines.get(key)))

    for key, meant in misspelled_keys(meta):
        report(key, f"not a key newsdigest reads (kept for templates as article.extra); did you mean {meant!r}?",
               warnings)

    texts = {}
    for key in sorted(TEXT_KEYS):
        value = meta.get(key)
        if value is not None and not isinstance(value, str):
            report(key, f"must be text, not {value_kind(value)}")
        texts[key] = _text(value) if isinstance(value, str) else ""
    title = texts["title"]
    if title and not any(_visible(c) for c in title):  # zero-width spaces and such: an empty heading, a hashed slug
        report("title", "has no visible character")
    elif not title and isinstance(meta.get("title"), (str, type(None))):  # (one that is not text: reported above)
        problems.append(Problem(path, "title: required, and must be non-empty text", key_lines.get("title"))
                        if "title" in meta else missing_key_problem(path, meta, key_lines, "title"))
    published, date_only = None, False
    if "date" not in meta or meta["date"] in (None, ""):
        problems.append(missing_key_problem(path, meta, key_lines, "date", " (e.g. date: 2026-01-29T15:08:00+09:00)"))
    else:
        try:
            published, date_only = parse_date(meta["date"], config)
        except ValueError as err:
            report("date", str(err))
    draft = meta.get("draft", False)
    if not isinstance(draft, bool):
        report("draft", "must be true or false")
    lists = {}
    for key in sorted(LIST_KEYS):
        value = meta.get(key)
        if not isinstance(value, (list, str, type(None))):
            report(key, "must be a list (e.g. [a, b]) or a comma-separated string")
        elif isinstance(value, list) and not all(isinstance(item, (str, type(None))) for item in value):
            report(key, "each item must be text (e.g. [a, b])")
        else:
            lists[key] = _text_list(value)
    if problems:
        raise ContentError(sorted(problems, key=lambda problem: problem.line or 0))

    url = texts["url"]
    if url and not is_web_url(url):
        report("url", f"{url!r} is not an absolute http(s) URL; left out", warnings)
        url = ""
    elif url and not url.isascii():
        try:
            url = ascii_url(url)
        except UnicodeError:   # a host name IDNA cannot write (an empty or overlong label)
            report("url", f"{url!r} has a host name that cannot be written in ASCII; left out", warnings)
            url = ""
    if (image := meta.get("image")) not in (None, "") and \
            not (isinstance(image, str) and is_web_url(image.strip().replace(" ", "%20"))):
        report("image", f"{image!r} is not an absolute http(s) address; left out of share cards and feeds", warnings)
    lang = texts["lang"]
    if lang and not LANGUAGE_TAG.fullmatch(lang):
        report("lang", f"{lang!r} is not a language tag such as 'en' or 'pt-BR'; using {config.language!r}", warnings)
        lang = ""
    # Keys the templates and pages read (urls.canonical_url, pages): a value they cannot use is ignored, and said so
    if meta.get("canonical") not in (None, *CANONICAL_VALUES):
        report("canonical", f"{meta['canonical']!r} is not one of {', '.join(CANONICAL_VALUES)}; ignored", warnings)
    if meta.get("aliases") is not None:   # the article's earlier addresses (newsdigest.aliases)
        meta["aliases"], refused = alias_paths(meta["aliases"])
        for message in refused:
            report("aliases", message, warnings)
    for key in ("updated", "modified", "date_modified"):
        value = meta.get(key)
        if value is None:
            continue
        try:   # read as `date` is: text or YAML, a time without an offset in the config's time zone
            changed, day_only = parse_date(value, config)
        except ValueError as err:
            report(key, f"{err}; ignored", warnings)
            meta[key] = None
            continue
        # A day alone is before the article only if it is an earlier day (not the midnight that starts its day)
        if published is not None and (changed.date() < published.date() if day_only else changed < published):
            shown = changed.date().isoformat() if day_only else changed.isoformat()
            report(key, f"{shown} is before the article's date; ignored", warnings)
            meta[key] = None
        elif published is not None and day_only and changed.date() == published.date() and not date_only:
            report(key, f"{changed.date().isoformat()} is the day the article was published, which says no change "
                   f"to readers or feeds; give the time of the change ({key}: {changed.date().isoformat()}T15:30)",
                   warnings)
            meta[key] = None
        else:
            meta[key] = changed.date() if day_only else changed
    for topic in lists["topics"]:
        if topic and topic.strip() and not slugify(topic):  # (tags get a digest; a topic is a rule's slug)
            report("topics", f"{topic!r} has no Latin letters or digits to make a topic slug of; left out (name "
                   "the topic by its rule's slug, e.g. politics)", warnings)
    if body.strip() == PLACEHOLDER_BODY and not draft:
        warnings.append(Problem(path, f"the body is still `newsdigest new`'s placeholder ({PLACEHOLDER_BODY!r}): "
                                "write the article, or mark it draft: true", _body_line))
    body_html, lede = render_markdown(body)
    summary = texts["summary"] or truncate_words(_text(lede), config.summary_length)
    relative = path.relative_to(content_root) if path.is_relative_to(content_root) else path
    # A file name that is not UTF-8 holds surrogate escapes (PEP 383): hash its bytes as they are on disk.
    if texts["slug"] and not slugify(texts["slug"]):
        report("slug", f"{texts['slug']!r} has no Latin letters or digits to make an address from; the title's is "
               "used (addresses are ASCII: `new` names such an article `article-` and a digest)", warnings)
    # The file's path with '/' and composed accents: the same address on Windows, and for a name macOS or an
    # archive tool wrote with combining marks.
    slug = article_slug(texts["slug"], title) or "article-" + hashlib.sha1(
        unicodedata.normalize("NFC", relative.as_posix()).encode("utf-8", "surrogateescape")).hexdigest()[:10]
    return Article(
        source_path=relative.as_posix(),
        title=title,
        date=published,
        date_only=date_only,
        slug=slug,
        summary=summary,
        body=ArticleBody(body_html, body),
        source=intern(config.source_names.get(term_slug(texts["source"], "source"), texts["source"])),  # see lang
        url=url,
        author=intern(texts["author"]),
        category=intern(texts["category"]),
        declared_topics=tuple(dict.fromkeys(intern(s) for s in (slugify(t) for t in lists["topics"]) if s)),
        tags=unique_tags(lists["tags"]),
        lang=intern(lang or config.language),  # names that repeat across articles: one string for all (`unique_tags`)
        draft=draft,
        extra={strip_control_chars(k): _clean_extra(v) for k, v in meta.items()
               if k not in KNOWN_KEYS and isinstance(k, str)},
        file_hash=file_hash(raw),
        warnings=tuple(warnings),
    )


CANONICAL_VALUES = ("original", "self", "digest")   # front matter `canonical:` (see urls.canonical_url)


def _visible(character: str) -> bool:
    """Not a space, a separator or an invisible format or control character (U+200B, U+2060, U+FEFF...)."""
    return not unicodedata.category(character).startswith(("Z", "C"))


# Bidi embeddings and overrides (U+202A-U+202E): an unclosed one turns the rest of a page's line around it, as
# "Trojan Source" spoofing does; the isolates that replaced them (U+2066-U+2069) and the marks stay, as long as
# each isolate a field opens it also closes (an unclosed one reaches past the field as well).
_BIDI_OVERRIDES = str.maketrans("", "", "\u202a\u202b\u202c\u202d\u202e")
_ISOLATES = str.maketrans("", "", "\u2066\u2067\u2068\u2069")
_ISOLATE = re.compile("[\u2066-\u2069]")


def _text(value: str) -> str:
    """One line of plain text from front matter: no control characters, no bidi overrides, no isolate left open
    or closed that was never opened, single spaces."""
    text = " ".join(strip_control_chars(value).translate(_BIDI_OVERRIDES).split())
    return text if not _ISOLATE.search(text) or _isolates_balanced(text) else text.translate(_ISOLATES)


def _isolates_balanced(text: str) -> bool:
    depth = 0
    for character in _ISOLATE.findall(text):
        depth += -1 if character == "\u2069" else 1
        if depth < 0:
            return False
    return depth == 0


def _text_list(value: list | str | None) -> list[str]:
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else value
    return [t for t in (_text(item) for item in items if item is not None) if t]


def _clean_extra(value: Any) -> Any:
    """A front matter value templates may show, without the characters no page may carry, at any depth."""
    if isinstance(value, str):
        return strip_control_chars(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return type(value)(_clean_extra(item) for item in value)
    if isinstance(value, dict):
        return {_clean_extra(key): _clean_extra(item) for key, item in value.items()}
    return value


def unique_tags(names) -> tuple[str, ...]:
    """Tags once each, as first spelled (names that share a tag page or differ only in case are one tag), interned
    as outlet, author, category and language are: a worker's parsed articles are pickled with one string each."""
    seen: set[str] = set()
    kept = []
    for name in names:
        keys = {name.casefold(), term_slug(name, "tag")}
        if not keys & seen:
            kept.append(intern(name))
        seen |= keys
    return tuple(kept)
