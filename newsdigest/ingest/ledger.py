"""What ingest has written into a content folder, kept in `content/.newsdigest-ingested.jsonl`: one line per
article written, with its `ingest_hash`, outlet and file. An article deleted from the folder (or whose front
matter an edit broke) is then not written again when the same page comes back, as an inbox ingested every day
brings it: ingest says it was written before and where, and `--force` writes it again."""

from __future__ import annotations

import hashlib
import json
import os
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsdigest.fileio import write_all
from newsdigest.ingest.model import RawPage, readable
from newsdigest.ingest.page_urls import page_key

LEDGER_NAME = ".newsdigest-ingested.jsonl"
_DIGEST = re.compile(r"[0-9a-f]{20}")   # what `text_digest` makes (int() would also take "+", "_" and spaces)


@dataclass(frozen=True)
class Written:
    """One article ingest wrote: its ingest hash, its outlet, its file relative to the content folder."""

    digest: str
    source: str
    file: str
    url: str = ""   # the page's address, when known: the same page comes back with its text updated
    text: str = ""  # `text_digest` of the file as written: a file that no longer has it was edited since
    page: str = ""  # `page_digest` of the page as read: the same input comes back in tomorrow's inbox


@dataclass
class IngestLedger:
    """The articles ingest has written into one content folder, by ingest hash."""

    root: Path
    by_hash: dict[str, list[Written]] = field(default_factory=dict)
    by_file: dict[str, Written] = field(default_factory=dict)         # the latest article written to each file
    by_page: dict[str, Written] = field(default_factory=dict)         # by the input page's digest
    _written: list[Written] = field(default_factory=list, repr=False)   # every line, in order
    _by_url: dict[str, list[Written]] | None = field(default=None, repr=False)   # see `by_url`

    @property
    def by_url(self) -> dict[str, list[Written]]:
        """The articles written by their url's `page_key`, made when first asked for: folding 100,000 addresses
        was most of the 2.6-3.2 s each run spent reading the ledger, and a run whose every page was ingested before
        never needs them."""
        if self._by_url is None:
            self._by_url = {}
            for written in self._written:
                if key := page_key(written.url):
                    self._by_url.setdefault(key, []).append(written)
        return self._by_url

    @classmethod
    def load(cls, root: Path) -> IngestLedger:
        """The folder's ledger; a line that cannot be read (a half-written one, a hand edit) is passed over."""
        ledger = cls(root)
        try:
            # (lines end at "\n" only: a URL or a name may hold U+2028, which JSON writes as it is)
            lines = (root / LEDGER_NAME).read_bytes().decode("utf-8-sig", errors="replace").split("\n")
        except OSError:
            return ledger
        for line in lines:
            try:
                entry = json.loads(line)
                written = Written(str(entry["hash"]), str(entry.get("source") or ""), str(entry["file"]),
                                  str(entry.get("url") or ""), str(entry.get("text") or ""),
                                  str(entry.get("page") or ""))
            except (ValueError, KeyError, TypeError, AttributeError):
                continue
            if not _inside_folder(written.file):   # (an edited line naming ../x or /etc/x: ingest writes over it)
                continue
            ledger._remember(written)
        return ledger

    def _remember(self, written: Written) -> None:
        self._written.append(written)
        self.by_hash.setdefault(written.digest, []).append(written)
        self.by_file[written.file] = written
        if self._by_url is not None and (key := page_key(written.url)):
            self._by_url.setdefault(key, []).append(written)
        if written.page:
            self.by_page[written.page] = written

    def record(self, digest: str, source: str, path: Path, url: str = "", text: str = "", page: str = "") -> None:
        """Note an article just written (one appended line: a killed ingest leaves at most that line half). The
        article is written whatever happens here: a line that cannot be written (a full disk, a file reached
        through a symlink out of the folder) only forgets it."""
        try:
            written = Written(digest, readable(source), path.resolve().relative_to(self.root.resolve()).as_posix(), url,
                              text_digest(text.encode("utf-8")) if text else "", page)
        except ValueError:
            return
        self._remember(written)
        line = json.dumps({"hash": written.digest, "source": written.source, "file": written.file,
                           **({"url": readable(url)} if url else {}),
                           **({"text": written.text} if written.text else {}),
                           **({"page": page} if page else {})},
                          ensure_ascii=False) + "\n"
        try:
            handle = os.open(self.root / LEDGER_NAME, os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o644)
            try:
                if _ends_torn(handle):  # a line cut short by a full disk: it must not swallow this one
                    line = "\n" + line
                write_all(handle, line.encode("utf-8"))
            finally:
                os.close(handle)
        except OSError:
            pass

    def holds_as_written(self, path: Path, data: bytes) -> bool:
        """Whether `data`, the bytes of the file at `path`, are what ingest last wrote there (not edited since)."""
        try:
            written = self.by_file.get(path.resolve().relative_to(self.root.resolve()).as_posix())
        except ValueError:
            return False
        return written is not None and written.text == text_digest(data)

    def written_before(self, digest: str, url: str, same_outlet) -> Written | None:
        """The article written before with this ingest hash, or from the page at `url` (or another address of it:
        `page_key`), by an outlet
        `same_outlet(source)` accepts (the latest such)."""
        key = page_key(url)
        found = [*self.by_hash.get(digest, ()), *(self.by_url.get(key, ()) if key else ())]
        return next((written for written in reversed(found) if same_outlet(written.source)), None)


REPLACED_DIR = ".newsdigest-replaced"   # inside the content folder: the build reads no folder starting with "."


def text_digest(data: bytes) -> str:
    """A short digest of a file's bytes."""
    return hashlib.sha256(data).hexdigest()[:20]


def page_digest(page: RawPage) -> str:
    """What tells one input page from another, wherever it is found: its text and all a record states with it."""
    facts = (page.kind, page.url, page.source, page.fetched_at, page.stated)
    return text_digest(f"{facts!r}\0{page.text}".encode("utf-8", "surrogatepass"))


def _inside_folder(file: str) -> bool:
    """Whether a ledger's file name is an article's inside the folder, as `record` writes them: relative, no "..",
    ending in .md."""
    parts = file.replace("\\", "/").split("/")
    return file.endswith(".md") and not file.startswith(("/", "\\")) and ":" not in parts[0] and ".." not in parts \
        and "" not in parts


@dataclass(frozen=True)
class SeenInputs:
    """The input pages ingest wrote articles from before (their `page_digest`s), for a run to pass over without
    reading them again: an inbox ingested every day brings back every page it held the day before, each costing
    tens of milliseconds to extract. Held as a sorted array of each digest's first 64 bits, 8 bytes a page, since
    it travels with every file given to a worker process or a Dask worker (800 KB at 100,000 articles)."""

    keys: array = field(default_factory=lambda: array("Q"))

    @classmethod
    def of(cls, digests: Iterable[str]) -> SeenInputs:
        return cls(array("Q", sorted({key for digest in digests if (key := _key(digest)) is not None})))

    @classmethod
    def in_folder(cls, root: Path) -> SeenInputs:
        """The inputs of the articles the ledger of the content folder `root` lists: its lines' page digests alone,
        read four times faster than the whole ledger (`IngestLedger.load`, which the run loads later anyway)."""
        try:
            lines = (root / LEDGER_NAME).read_bytes().split(b"\n")
        except OSError:
            return cls()
        return cls.of(_page_of(line) for line in lines)

    def __contains__(self, digest: object) -> bool:
        key = _key(digest) if isinstance(digest, str) else None
        if key is None:
            return False
        at = bisect_left(self.keys, key)
        return at < len(self.keys) and self.keys[at] == key

    def __len__(self) -> int:
        return len(self.keys)


def _page_of(line: bytes) -> str:
    """The page digest a ledger line names; "" for a line without one, or one `IngestLedger.load` passes over (no
    article named: a page it does not know of would be passed over unread, with no article to name)."""
    try:
        entry = json.loads(line)
        page = entry.get("page") if "hash" in entry and "file" in entry else None
    except (ValueError, AttributeError, TypeError):
        return ""
    return page if isinstance(page, str) else ""


def _key(digest: str) -> int | None:
    """A page digest's first 64 bits; None for what is no digest (a hand-edited ledger line, one cut short)."""
    return int(digest[:16], 16) if _DIGEST.fullmatch(digest) else None


def keep_replaced_text(path: Path, ledger: IngestLedger, new_text: str, stamp: str) -> Path | None:
    """Copy the article at `path` aside before `--force` writes `new_text` over it, unless it holds that text or
    what ingest wrote there last: it may carry the user's edits, which a forced update must not lose. The copy goes to
    `.newsdigest-replaced/<stamp>/<path>` in the content folder; returns it (None when nothing was copied).
    Raises OSError when the copy cannot be made, so that the file is then not overwritten."""
    try:
        old = path.read_bytes()
    except FileNotFoundError:
        return None
    if old == new_text.encode("utf-8") or ledger.holds_as_written(path, old):
        return None
    root = ledger.root
    try:
        relative = path.resolve().relative_to(root.resolve())
    except ValueError:
        relative = Path(path.name)
    copy = root / REPLACED_DIR / stamp / relative
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(old)
    return copy


def _ends_torn(handle: int) -> bool:
    """Whether the open ledger's last byte is not a line's end (a write a full disk cut short)."""
    size = os.fstat(handle).st_size
    return size > 0 and os.pread(handle, 1, size - 1) != b"\n"
