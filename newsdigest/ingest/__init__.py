"""Ingest stage: raw scraped pages (text dumps, HTML, JSON Lines) -> Markdown articles in the content folder.

    read (readers.py) -> extract (text.py | html.py; see each module's docstring for its helpers)
      -> name the outlet (attribution.py) -> compose front matter and body (writer.py)
      -> store: dedupe, never overwrite, atomic write (pipeline.py, one input file)

`python build.py ingest PATH...` calls `add_arguments` (arguments.py) and `run` (command.py); the watcher's inbox
calls `ingest_file`.
"""

import importlib

# Where each public name lives. They are imported on first use (PEP 562), so that a command other than `ingest`
# (a no-change `build`, say) does not pay for loading the extractors.
_EXPORTS = {
    "Extracted": "model", "IngestError": "model", "RawPage": "model",
    "add_arguments": "arguments", "run": "command",
    "IngestReport": "pipeline", "Outcome": "pipeline", "PreparedFile": "pipeline", "PrepareOptions": "pipeline",
    "extract_page": "pipeline", "ingest_file": "pipeline", "prepare_file": "pipeline", "store_file": "pipeline",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    globals()[name] = value
    return value
