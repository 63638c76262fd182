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
from typing import NamedTuple

from newsdigest.config import Config
from newsdigest.content_files import walk_files
from newsdigest.fileio import RACY_SECONDS, atomic_write
from newsdigest.journal import MANIFEST_NAME, interrupted_build_left_files
from newsdigest.output import ManifestEntry

ENGINE_DIR = Path(__file__).resolve().parent


def state_file(config: Config, output_dir: Path) -> Path:
    key = hashlib.blake2b(str(output_dir.resolve()).encode(), digest_size=8).hexdigest()
    return config.cache_dir / f"state-{key}.json"


class InputState(NamedTuple):
    """What `input_digest` found, and when it looked."""

    digest: str
    newest: float       # the newest modification time among the inputs
    taken_at: float     # time.time() when they were looked at

    @property
    def racy(self) -> bool:
        """Whether an input was modified so shortly before it was looked at that it may change again unseen
        (within the file system's timestamp granularity)."""
        return self.taken_at - self.newest < RACY_SECONDS


def input_state(config: Config, options: dict) -> InputState:
    """The digest of everything a build reads, as it is now (see `input_digest`)."""
    taken_at = time.time()
    return InputState(*input_digest(config, options), taken_at)


def input_digest(config: Config, options: dict) -> tuple[str, float]:
    """Digest of everything a build reads, and the newest modification time among those files."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr((config, sorted(options.items()))).encode("utf-8", "surrogatepass"))
    newest = 0.0
    folders = [ENGINE_DIR, config.content_dir, *config.theme_dirs]
    for folder in folders:
        # (a content folder linked from outside content/ is refused by the build, so it is not an input)
        for path in walk_files(folder, inside_only=folder == config.content_dir):
            if path.endswith(".pyc"):
                continue
            try:
                stat = os.stat(path)
            except OSError:
                continue
            newest = max(newest, stat.st_mtime)
            # (the inode's change time too: an edit that keeps the size and puts the old mtime back, as
            # `touch -r`, rsync -t or an editor's "preserve timestamps" do, still changes it)
            digest.update(f"{path}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0{stat.st_size}\n"
                          .encode("utf-8", "surrogateescape"))
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


def manifest_digest(output_dir: Path) -> str | None:
    """The digest `output_intact` gives a folder whose files are as its manifest lists them, without checking
    them: for the build that has just written them (the next build's `unchanged_since_last_build` checks)."""
    if interrupted_build_left_files(output_dir):
        return None
    try:   # read a piece at a time: a million-article site's manifest is 0.3 GB
        with open(output_dir / MANIFEST_NAME, "rb") as manifest:
            return hashlib.file_digest(manifest, lambda: hashlib.blake2b(digest_size=16)).hexdigest()
    except OSError:
        return None


def unchanged_since_last_build(config: Config, output_dir: Path, options: dict,
                               inputs: InputState | None = None) -> list[str] | None:
    """The last good build's warning lines when it read exactly these inputs into output_dir and its output is
    untouched (an empty list when it had none); None when a build is needed.

    The warnings come back so that a build with nothing to do still shows them: they stay true until fixed.
    `inputs`, when given, is the `input_state` taken for this check (the build that follows records it).
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
    inputs = inputs or input_state(config, options)
    if saved.get("inputs") != inputs.digest:
        return None  # (before the output's files are looked at: an edit needs a build whatever they are)
    output = output_intact(output_dir)
    if output is None or saved.get("output") != output:
        return None
    return warnings


def record_build(config: Config, output_dir: Path, options: dict, warnings: list[str] = (),
                 inputs: InputState | None = None) -> None:
    """Remember a good build's inputs and the warning lines it printed; skipped when an input is too new to be
    trusted (it may change again within the file system's timestamp granularity).

    `inputs` is the `input_state` taken before the build read them, when known: an input edited while the
    build ran then differs from what is recorded, so the next build runs. Inputs that were too new then are
    looked at again, and the build is recorded only if none of them changed meanwhile.
    """
    path = state_file(config, output_dir)
    if inputs is None or inputs.racy:
        now = input_state(config, options)
        if (inputs is not None and now.digest != inputs.digest) or now.racy:
            path.unlink(missing_ok=True)
            return
        inputs = now
    output = manifest_digest(output_dir)
    if output is None:
        path.unlink(missing_ok=True)
        return
    atomic_write(path, json.dumps({"inputs": inputs.digest, "output": output, "warnings": list(warnings)}).encode())
