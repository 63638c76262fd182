"""Skip a build when nothing it reads has changed since the last good build into the same output folder.

Like make, but by content: the state is a digest of everything the build reads (the engine's
code, the config, every file under content/ and the theme folders) plus the size and mtime of
every file the last build wrote. If all of that is the same, the output is already what a build
would produce. Kept in `.newsdigest-cache/` beside the config, never in output/.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from newsdigest.config import Config
from newsdigest.fileio import RACY_SECONDS, atomic_write
from newsdigest.journal import MANIFEST_NAME, interrupted_build_left_files
from newsdigest.output import ManifestEntry

CACHE_DIR_NAME = ".newsdigest-cache"
ENGINE_DIR = Path(__file__).resolve().parent


def state_file(config: Config, output_dir: Path) -> Path:
    key = hashlib.blake2b(str(output_dir.resolve()).encode(), digest_size=8).hexdigest()
    return config.root / CACHE_DIR_NAME / f"state-{key}.json"


def input_digest(config: Config, options: dict) -> tuple[str, float]:
    """Digest of everything a build reads, and the newest modification time among those files."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr((config, sorted(options.items()))).encode("utf-8", "surrogatepass"))
    newest = 0.0
    folders = [ENGINE_DIR, config.content_dir, *config.theme_dirs]
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(folder, followlinks=True):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(".pyc"):
                    continue
                path = os.path.join(dirpath, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                newest = max(newest, stat.st_mtime)
                digest.update(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest(), newest


def output_intact(output_dir: Path) -> str | None:
    """A digest of the last build's manifest if every file it lists is still there as written, else None.

    None too while a failed or killed build's journal is there: that build may have added files, which
    only a new build removes.
    """
    if interrupted_build_left_files(output_dir):
        return None
    try:
        raw = (output_dir / MANIFEST_NAME).read_bytes()
        manifest = json.loads(raw)
    except (OSError, ValueError):
        return None
    folder = os.path.join(output_dir, "")   # plain strings: a Path per file costs more than its stat
    for relative, entry in manifest.items():
        try:
            stat = os.stat(folder + relative)
        except OSError:
            return None
        if not ManifestEntry.parse(entry).describes(stat):
            return None
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def unchanged_since_last_build(config: Config, output_dir: Path, options: dict) -> list[str] | None:
    """The last good build's warning lines when it read exactly these inputs into output_dir and its output is
    untouched (an empty list when it had none); None when a build is needed.

    The warnings come back so that a build with nothing to do still shows them: they stay true until fixed.
    """
    try:
        saved = json.loads(state_file(config, output_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(saved, dict):
        return None
    warnings = saved.get("warnings", [])
    if not isinstance(warnings, list) or not all(isinstance(line, str) for line in warnings):
        return None  # a state file this version did not write: build
    inputs, _ = input_digest(config, options)
    output = output_intact(output_dir)
    if output is None or saved.get("output") != output or saved.get("inputs") != inputs:
        return None
    return warnings


def record_build(config: Config, output_dir: Path, options: dict, warnings: list[str] = ()) -> None:
    """Remember a good build's inputs and the warning lines it printed; skipped when an input is too new to be
    trusted (it may change again within the file system's timestamp granularity)."""
    inputs, newest = input_digest(config, options)
    output = output_intact(output_dir)
    path = state_file(config, output_dir)
    if output is None or time.time() - newest < RACY_SECONDS:
        path.unlink(missing_ok=True)
        return
    atomic_write(path, json.dumps({"inputs": inputs, "output": output, "warnings": list(warnings)}).encode())
