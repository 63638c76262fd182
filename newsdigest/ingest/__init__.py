"""Ingest stage: raw scraped pages (text dumps, HTML, JSON Lines) -> Markdown articles in the content folder.

    read (readers.py) -> extract (text.py | html.py; see each module's docstring for its helpers)
      -> name the outlet (attribution.py) -> compose front matter and body (writer.py)
      -> store: dedupe, never overwrite, atomic write (pipeline.py, one input file)

`python build.py ingest PATH...` calls `add_arguments` and `run` (command.py); the watcher's inbox calls
`ingest_file`.
"""

from newsdigest.ingest.model import Extracted, IngestError, RawPage
from newsdigest.ingest.command import add_arguments, run
from newsdigest.ingest.pipeline import (IngestReport, Outcome, PreparedFile, PrepareOptions, extract_page, ingest_file,
                                       prepare_file, store_file)

__all__ = ["Extracted", "IngestError", "IngestReport", "Outcome", "PreparedFile", "PrepareOptions", "RawPage",
           "add_arguments", "extract_page", "ingest_file", "prepare_file", "run", "store_file"]
