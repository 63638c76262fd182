"""The keys of the persistent build cache (newsdigest.build_cache): digests of what every row depends on
besides its own file or page. Article rows belong to the engine's code, its libraries and the config
(`parse_key`); page and bundle rows also to the theme, the output folder and the build options (`render_key`).
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import sys
from pathlib import Path

from newsdigest import __version__
from newsdigest.config import Config
from newsdigest.content_files import walk_files
from newsdigest.fileio import read_regular_file

SCHEMA = 3                 # bump whenever what a cache row holds changes meaning
ENGINE_DIR = Path(__file__).resolve().parent

_engine: list[str] = []


def engine_digest() -> str:
    """A digest of the engine's own code (every .py file of the package), the Python version and the versions
    of the libraries it uses: a changed engine or Markdown library may parse or render differently, so
    nothing an older one cached is used."""
    if not _engine:
        digest = hashlib.blake2b(f"{__version__}\0{sys.version}\0{_library_versions()}".encode(), digest_size=16)
        for path in sorted(ENGINE_DIR.rglob("*.py")):
            try:
                digest.update(f"{path.relative_to(ENGINE_DIR)}\0".encode() + path.read_bytes())
            except OSError:
                digest.update(b"?")
        _engine.append(digest.hexdigest())
    return _engine[0]


def _library_versions() -> str:
    from importlib import metadata

    versions = []
    with contextlib.suppress(metadata.PackageNotFoundError):  # not installed (run from a checkout): none known
        for line in metadata.requires("newsdigest") or ():
            name = re.match(r"[A-Za-z0-9_.-]+", line)[0]
            with contextlib.suppress(metadata.PackageNotFoundError):
                versions.append(f"{name}={metadata.version(name)}" if "extra ==" not in line else "")
    return " ".join(versions)


def theme_digest(config: Config) -> str:
    """A digest of every file of the theme folders (names and bytes): a theme edit re-renders every page."""
    digest = hashlib.blake2b(digest_size=16)
    for folder in config.theme_dirs:
        for path in walk_files(folder, inside_only=False):
            digest.update(path.encode("utf-8", "surrogateescape") + b"\0")
            try:   # (a FIFO left in a theme folder would block a plain open() until something writes to it)
                digest.update(read_regular_file(Path(path)))
            except OSError:
                digest.update(b"?")
    return digest.hexdigest()


def parse_key(config: Config) -> str:
    """What every article row depends on besides its file: the cache schema, the engine and the config."""
    return digest_text(repr((SCHEMA, engine_digest(), config)))


def render_key(config: Config, output_dir: Path, options: tuple) -> str:
    """What every page row depends on besides its fingerprint: the parse key, the theme, the output folder
    and the build options (drafts change the pages)."""
    return digest_text(repr((parse_key(config), theme_digest(config), str(output_dir.resolve()), options)))


def digest_text(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
