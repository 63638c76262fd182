"""URL slugs: lowercase ASCII words joined by hyphens, safe as a single path segment on any OS."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^a-z0-9]+")
# Names Windows refuses as file or folder names, whatever the extension.
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
MAX_SLUG_LENGTH = 80


def slugify(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """Turn any text into a slug; returns '' when nothing usable is left (the caller picks a fallback).

    Accents are folded ("Señor" -> "senor"); every other character, including '/', '.', and
    look-alike Unicode, becomes a separator, so a slug can never climb out of its folder.
    """
    return _slug_of(str(text), max_length)


@lru_cache(maxsize=1 << 16)  # a build slugs the same source, tag and topic names many times over
def _slug_of(text: str, max_length: int) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = _NON_WORD.sub("-", folded).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    if slug in _WINDOWS_RESERVED:
        slug = f"{slug}-x"
    return slug


def distinct_slug(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """`slugify`, but a slug that has to be cut ends in 8 hex digits of the whole slug, so two long names that
    differ only past the cut ("... Newspapers Alpha", "... Newspapers Beta") never share a slug, while names
    that slugify alike still do. A slug that fits is `slugify`'s, unchanged."""
    whole = slugify(text, max_length=1 << 62)
    if len(whole) <= max_length:
        return whole
    digest = hashlib.sha1(whole.encode("ascii")).hexdigest()[:8]
    return f"{slugify(whole, max_length - len(digest) - 1)}-{digest}"
