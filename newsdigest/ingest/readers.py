"""Input files -> `RawPage`s: decompressing, then the three formats (text, HTML, scraper records); an input's bytes
become text in newsdigest.ingest.decoding."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from newsdigest.ingest.decoding import Decoded, decode_bytes
from newsdigest.ingest.feed_files import is_feed_root, read_feed, root_element
from newsdigest.ingest.model import IngestError, RawPage
from newsdigest.fileio import NotRegularFileError, read_regular_file
from newsdigest.ingest.record_json import first_line_is_object, holds_json_objects
from newsdigest.ingest.records import NotRecords, read_records

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".jl", ".jsonlines", ".ndjson", ".json"}   # .json: one record, or an array of records
FEED_SUFFIXES = {".rss", ".atom", ".rdf", ".xml"}   # RSS and Atom feeds (another XML document is refused)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES
GZIP_SUFFIX, GZIP_MAGIC = ".gz", b"\x1f\x8b"   # "items.jsonl.gz", "page.html.gz": read as what they hold
# A gzip-compressed input larger than this once decompressed is refused: a compression bomb, or a crawl's whole
# output in one file, which JSON Lines files of a sensible size serve better.
MAX_DECOMPRESSED_BYTES = 1 << 30
_GZIP_CHUNK = 1 << 20


def is_input_name(name: str) -> bool:
    """Whether a folder's file of this name is read as input: a supported suffix, also under `.gz`."""
    return PurePosixPath(inner_name(name)).suffix.lower() in SUPPORTED_SUFFIXES


def inner_name(name: str) -> str:
    """The name a gzip-compressed input's content goes by: "items.jsonl.gz" -> "items.jsonl"."""
    return name[:-len(GZIP_SUFFIX)] if name.lower().endswith(GZIP_SUFFIX) else name


def decompressed(raw: bytes, keep_partial: bool = False) -> tuple[bytes, bool]:
    """The bytes of a gzip-compressed input decompressed (others as they are), and whether the compressed stream was
    cut short; IngestError when they cannot be read. With `keep_partial` (JSON Lines, whose whole records before the
    cut are good), a stream cut short or broken partway gives what came before; otherwise it is refused."""
    if not raw.startswith(GZIP_MAGIC):
        return raw, False
    parts: list[bytes] = []
    total, rest, cut = 0, raw, False
    try:
        while rest.startswith(GZIP_MAGIC):   # (members one after another, as `cat a.gz b.gz` writes)
            stream = zlib.decompressobj(wbits=31)
            after = b""   # what follows the piece this member ends in
            for at in range(0, len(rest), _GZIP_CHUNK):   # in pieces: what came before a broken piece is kept
                parts.append(stream.decompress(rest[at:at + _GZIP_CHUNK], MAX_DECOMPRESSED_BYTES + 1 - total))
                total += len(parts[-1])
                if total > MAX_DECOMPRESSED_BYTES or stream.eof:
                    after = rest[at + _GZIP_CHUNK:]
                    break
            if total > MAX_DECOMPRESSED_BYTES:
                raise IngestError(f"a gzip file that decompresses to more than {MAX_DECOMPRESSED_BYTES >> 20} MB; "
                                  "split it into smaller files")
            if not stream.eof:
                raise EOFError("Compressed file ended before the end-of-stream marker was reached")
            rest = stream.unused_data + after
        if rest.strip(b"\0"):
            raise OSError("bytes after the compressed data that are no gzip member")
    except (OSError, EOFError, zlib.error) as err:
        if not (keep_partial and total):
            raise IngestError(f"a gzip file that cannot be decompressed: {err}") from None
        cut = True
    return b"".join(parts), cut


def sniff_kind(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in TEXT_SUFFIXES:
        return "text"
    root = root_element(text)
    if is_feed_root(root):
        return "feed"
    head = text.lstrip()[:2000].lower()
    if head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head) and root != "opml":
        return "html"
    if head.startswith("<?xml") or suffix in FEED_SUFFIXES:
        return "html" if root.lower() == "html" else "xml"   # (XHTML starts with an XML declaration)
    if head.startswith("{") and (first_line_is_object(text) or holds_json_objects(text)):
        return "jsonl"   # JSON Lines, or objects over several lines each (one pretty-printed record, `jq`'s output)
    return "text"


@dataclass(frozen=True)
class FileRead:
    """One input file read: its pages, (label, message) problems of bad JSON Lines records, and how it decoded."""

    pages: list[RawPage]
    problems: list[tuple[str, str]]
    decoded: Decoded


def read_file(path: Path, *, source: str = "", url: str = "", headlines: bool = False, feeds: bool = True
              ) -> FileRead:
    """One file -> pages (`headlines`: see `read_records`); IngestError when it is unusable (empty, binary...).
    Without `feeds`, a feed gives no pages (none of its items is a text dump: not parsed for nothing)."""
    try:   # (a named pipe put in the file's place after the folder was listed must not hang the run)
        raw = read_regular_file(path) if isinstance(path, Path) else path.read_bytes()  # (or an InputURL)
    except NotRegularFileError:
        from newsdigest.ingest.input_files import not_a_file  # (input_files lists inputs by this module's names)
        raise IngestError(not_a_file(path)) from None
    except OSError as err:
        raise IngestError(f"cannot read file: {err.strerror or err}") from None
    content = Path(inner_name(path.name))   # what the name says the bytes are
    raw, cut = decompressed(raw, keep_partial=content.suffix.lower() in JSONL_SUFFIXES - {".json"})
    if content.suffix.lower() in JSONL_SUFFIXES and not raw.removeprefix(b"\xef\xbb\xbf").strip():
        if cut:   # (what was read before the break is blank: the records were all after it)
            raise IngestError(_cut_short(raw))
        raise NotRecords(NotRecords.EMPTY)
    decoded = decode_bytes(raw, _kind_from_bytes(content, raw))
    text = decoded.text
    kind = sniff_kind(content, text)
    if kind == "feed":
        if not feeds:
            return FileRead([], [], decoded)
        return FileRead(*read_feed(path.name, text, source=source, headlines=headlines), decoded)
    if kind == "xml":
        message = "an XML document that is neither a page nor an RSS or Atom feed"
        if content.suffix.lower() in (".rss", ".atom", ".rdf"):   # (a download that brought an error document instead)
            raise IngestError(f"{message}, though named as a feed")
        # (a sitemap or a list of feeds saved beside the pages: skipped, as other JSON is, not failed every day)
        raise NotRecords(f"{message} (a sitemap, a list of feeds): not read")
    if kind == "jsonl":
        lines = content.suffix.lower() != ".json"   # (JSON Lines, or one JSON document)
        pages, problems = read_records(path.name, text, source=source, lines=lines, headlines=headlines)
        if cut:   # (a scraper's compressed output whose writer was stopped: its whole records are read)
            problems.append((path.name, _cut_short(raw)))
        return FileRead(pages, problems, decoded)
    return FileRead([RawPage(text=text, kind=kind, label=path.name, file_name=path.name, source=source, url=url)],
                    [], decoded)


def _cut_short(raw: bytes) -> str:
    return f"the gzip file is cut short or broken after its first {len(raw):,} bytes: the records after them are lost"


def read_pages(path: Path, *, source: str = "", url: str = "") -> tuple[list[RawPage], list[tuple[str, str]]]:
    """One file -> pages, plus (label, message) problems for bad JSON Lines records (see `read_file`)."""
    read = read_file(path, source=source, url=url)
    return read.pages, read.problems


def _kind_from_bytes(path: Path, raw: bytes) -> str:
    """"html" when the file will be read as an HTML page (so its charset declaration counts), "records" for a
    JSON Lines file, else ""."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "records"
    if suffix in TEXT_SUFFIXES:
        return ""
    head = raw[:2000].decode("latin-1").lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or ("<body" in head and "</" in head):
        return "html"
    return ""
