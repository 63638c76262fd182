"""Input files -> `RawPage`s: decoding, binary sniffing, and the three formats (text, HTML, JSON Lines)."""

from __future__ import annotations

import json
from pathlib import Path

from newsdigest.ingest.dates import parse_iso
from newsdigest.ingest.model import IngestError, RawPage

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
_MAGIC = {b"%PDF": "a PDF", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
          b"PK\x03\x04": "a ZIP archive", b"\x1f\x8b": "a gzip archive"}


def find_inputs(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand folders (recursively, supported suffixes only, hidden files skipped); report missing paths."""
    files: list[Path] = []
    missing: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                                and not any(part.startswith(".") for part in p.relative_to(path).parts)))
        elif path.is_file():
            files.append(path)
        else:
            missing.append((path, "no such file or folder"))
    return list(dict.fromkeys(files)), missing


def decode(raw: bytes) -> str:
    """Bytes -> text: UTF-8 (with or without BOM), else Windows-1252; binary and undecodable input is refused."""
    if not raw.strip():
        raise IngestError("file is empty")
    for magic, what in _MAGIC.items():
        if raw.startswith(magic):
            raise IngestError(f"this is {what}, not a text, HTML or JSON Lines page")
    head = raw[:8192]
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    if b"\x00" in head or controls > len(head) * 0.05:
        raise IngestError("binary file: not a text, HTML or JSON Lines page")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            raise IngestError(f"not valid UTF-8 (byte 0x{raw[err.start]:02x} on line {line}) and not "
                              "Windows-1252 either; re-save the page as UTF-8") from None


def sniff_kind(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in TEXT_SUFFIXES:
        return "text"
    head = text.lstrip()[:2000].lower()
    if head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head):
        return "html"
    if head.startswith("{") and head.split("\n", 1)[0].rstrip().endswith("}"):
        return "jsonl"
    return "text"


def read_pages(path: Path, *, source: str = "", url: str = "") -> tuple[list[RawPage], list[tuple[str, str]]]:
    """One file -> pages, plus (label, message) problems for bad JSON Lines records.

    Raises IngestError when the file as a whole is unusable (empty, binary, undecodable).
    """
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise IngestError(f"cannot read file: {err.strerror or err}") from None
    text = decode(raw)
    kind = sniff_kind(path, text)
    if kind == "jsonl":
        return read_jsonl(path, text, source=source)
    return [RawPage(text=text, kind=kind, label=path.name, file_name=path.name, source=source, url=url)], []


def read_jsonl(path: Path, text: str, *, source: str = "") -> tuple[list[RawPage], list[tuple[str, str]]]:
    """Scraper output: one JSON object per line with `url` and `html` or `text`; optional `fetched_at`, `source`."""
    pages: list[RawPage] = []
    problems: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label = f"{path.name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            problems.append((label, f"line {number}: invalid JSON ({err.msg} at column {err.colno})"))
            continue
        if not isinstance(record, dict):
            problems.append((label, f"line {number}: expected a JSON object, got {type(record).__name__}"))
            continue
        body, kind = record.get("html"), "html"
        if not isinstance(body, str) or not body.strip():
            body, kind = record.get("text"), "text"
        if not isinstance(body, str) or not body.strip():
            problems.append((label, f"line {number}: record has neither 'html' nor 'text'"))
            continue
        fetched = record.get("fetched_at")
        pages.append(RawPage(
            text=body, kind=kind, label=label, file_name=label,
            source=source or str(record.get("source") or ""),
            url=str(record.get("url") or ""),
            fetched_at=parse_iso(fetched) if isinstance(fetched, str) else None,
        ))
    if not pages and not problems:
        problems.append((path.name, "no records found"))
    return pages, problems
