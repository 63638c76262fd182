"""A byte-stable, escaped Pagefind bundle: its filter lists sorted and renamed after their new content, and
every string a search UI may show HTML-escaped (see newsdigest.search for why)."""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import logging
import os
import re
from pathlib import Path

log = logging.getLogger("newsdigest.search")   # the search index's messages, wherever in it they arise


class SearchUnavailable(Exception):
    """Pagefind's Python API or its binary is not installed, or its bundle cannot be made safe."""



SIGNATURE = b"pagefind_dcd"   # every compressed Pagefind data file starts with this, then CBOR


def canonical_bundle(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle with filter values and filter lists in sorted order, renamed after their new content.

    Pagefind's loader finds every data file through the names listed in `pagefind-entry.json` and the
    `.pf_meta` file, and never checks a name against the content, so renaming is safe. A bundle this
    code does not understand (another Pagefind version) is returned unchanged.
    """
    try:
        entry = json.loads(files["pagefind-entry.json"])
        result = dict(files)
        for language, info in entry["languages"].items():
            meta_name = f"pagefind.{info['hash']}.pf_meta"
            meta = _decode_data(files[meta_name])
            renamed = {}
            for filter_entry in meta[3]:                       # [[filter name, file hash], ...]
                old = f"filter/{filter_entry[1]}.pf_filter"
                name, values = _decode_data(files[old])         # [name, [[value, [page numbers]], ...]]
                data = _encode_data([name, sorted([value, sorted(pages)] for value, pages in values)])
                new_hash = f"{language}_{hashlib.sha256(data).hexdigest()[:7]}"
                del result[old]
                result[f"filter/{new_hash}.pf_filter"] = _compress(data)
                renamed[filter_entry[1]] = new_hash
            meta[3] = sorted([name, renamed[old_hash]] for name, old_hash in meta[3])
            data = _encode_data(meta)
            info["hash"] = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
            del result[meta_name]
            result[f"pagefind.{info['hash']}.pf_meta"] = _compress(data)
        entry["languages"] = dict(sorted(entry["languages"].items()))
        result["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
        return result
    except (KeyError, IndexError, TypeError, ValueError, OSError, EOFError) as err:
        log.warning("search index: unexpected Pagefind bundle layout (%s); files may differ between builds", err)
        return files


def escape_bundle_text(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle with every string a search UI may show HTML-escaped: page text, titles, meta, filter values.

    Pagefind stores the text it read with entities decoded, and its ready-made UI puts filter values into
    the page with innerHTML, so a scraped source name such as `<img src=x onerror=...>` would run there.
    Escaped in the index, every value reads as text under any UI that inserts it as HTML; the default
    theme's search.js decodes the entities and draws text nodes. Word positions are unchanged (escaping
    adds no spaces), so excerpts and highlights stay right. Fragments keep their names: the loader finds
    them by the page hashes listed in the `.pf_meta` file. Run before `canonical_bundle`, which sorts
    the escaped filter values and names the filter files after them.
    """
    try:
        return _escaped_bundle(files)
    except (KeyError, IndexError, TypeError, ValueError, OSError, EOFError) as err:
        # Fail closed: no search at all rather than an index whose text a search UI might run as markup.
        raise SearchUnavailable(f"unexpected Pagefind bundle layout, cannot escape its text ({err})") from None


def _escaped_bundle(files: dict[str, bytes]) -> dict[str, bytes]:
    result = dict(files)
    for name, data in files.items():
        if name.startswith("fragment/") and name.endswith(".pf_fragment"):
            raw = gzip.decompress(data)
            if not raw.startswith(SIGNATURE):
                raise ValueError(f"{name}: missing Pagefind signature")
            fragment = json.loads(raw[len(SIGNATURE):])
            for key in ("content", "meta", "filters", "sort"):
                if key in fragment:
                    fragment[key] = _escape_strings(fragment[key])
            for anchor in fragment.get("anchors") or []:   # an anchor's id is a link target: only its text is shown
                if isinstance(anchor, dict) and isinstance(anchor.get("text"), str):
                    anchor["text"] = html.escape(anchor["text"])
            result[name] = _compress(SIGNATURE + json.dumps(fragment, ensure_ascii=False,
                                                            separators=(",", ":")).encode())
        elif name.startswith("filter/") and name.endswith(".pf_filter"):
            filter_name, values = _decode_data(data)
            result[name] = _compress(_encode_data(
                [html.escape(filter_name), [[html.escape(value), pages] for value, pages in values]]))
    return result


def _escape_strings(value):
    """Every string in a JSON value HTML-escaped (dict keys too: filter and meta names are shown as well)."""
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, list):
        return [_escape_strings(item) for item in value]
    if isinstance(value, dict):
        return {_escape_strings(key): _escape_strings(item) for key, item in value.items()}
    return value


def _decode_data(compressed: bytes):
    raw = gzip.decompress(compressed)
    if not raw.startswith(SIGNATURE):
        raise ValueError("missing Pagefind signature")
    value, end = _cbor_decode(raw, len(SIGNATURE))
    if end != len(raw):
        raise ValueError("trailing bytes after CBOR value")
    return value


def _encode_data(value) -> bytes:
    return SIGNATURE + _cbor_encode(value)


def _compress(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def _cbor_decode(data: bytes, at: int):
    """The CBOR subset Pagefind's filter and meta files use: integers, text, arrays and maps."""
    head = data[at]
    major, info = head >> 5, head & 0x1F
    at += 1
    if info < 24:
        argument = info
    elif info <= 27:
        size = 1 << (info - 24)
        argument = int.from_bytes(data[at:at + size], "big")
        at += size
    else:
        raise ValueError(f"unsupported CBOR item 0x{head:02x}")
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major == 3:
        return data[at:at + argument].decode("utf-8"), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, at = _cbor_decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(argument):
            key, at = _cbor_decode(data, at)
            mapping[key], at = _cbor_decode(data, at)
        return mapping, at
    raise ValueError(f"unsupported CBOR major type {major}")


def _cbor_head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise ValueError("integer too large for CBOR")


def _cbor_encode(value) -> bytes:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"unsupported value {value!r}")
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, str):
        encoded = value.encode("utf-8")
        return _cbor_head(3, len(encoded)) + encoded
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(map(_cbor_encode, value))
    if isinstance(value, dict):
        return _cbor_head(5, len(value)) + b"".join(_cbor_encode(k) + _cbor_encode(v) for k, v in value.items())
    raise ValueError(f"unsupported value {value!r}")


def index_folder_files(output_dir: Path) -> list[str]:
    """The files in output_dir's search index folders (`pagefind/`, `pagefind-2/`, ... as `search.bundle_folders`
    names them), as paths relative to output_dir."""
    folders = [entry.path for entry in os.scandir(output_dir) if entry.is_dir(follow_symlinks=False)
               and is_index_folder(entry.name)] if output_dir.is_dir() else []
    return [os.path.relpath(os.path.join(path, name), output_dir).replace(os.sep, "/")
            for folder in folders for path, _, names in os.walk(folder) for name in names]


def is_index_folder(name: str) -> bool:
    """Whether a folder of output/ (or a path's first part) is one of the search index's."""
    from newsdigest.search import BUNDLE_DIR   # (search imports this module)
    return re.fullmatch(rf"{BUNDLE_DIR}(?:-\d+)?", name) is not None


KEPT_INDEX = "; the last build's index is kept"   # (a failed run deleted it: search is the worse for one edit only)


def last_index_files(previous) -> list[str]:
    """The search index files a build's manifest `previous` lists: kept as they are when Pagefind fails."""
    return [path for path in previous if is_index_folder(path.split("/", 1)[0])]
