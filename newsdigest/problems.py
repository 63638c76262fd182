"""Problems found in user files, reported to people as `file:line: message`, never as tracebacks."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file; `line` is 1-based, or None when no line applies."""

    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"


class NewsdigestError(Exception):
    """An error caused by the user's input (config, content, theme), carrying every problem found."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(Path("."), problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def describe_os_error(err: OSError) -> str:
    """`file: reason` for a file operation the system refused (a full disk, a read-only file system, a
    permission), the file shown relative to the current folder when it is inside it."""
    reason = err.strerror or str(err)
    if err.filename is None:
        return reason
    path = Path(os.fsdecode(err.filename))
    try:
        path = path.relative_to(Path.cwd())
    except ValueError:
        pass
    return f"{path}: {reason}"
