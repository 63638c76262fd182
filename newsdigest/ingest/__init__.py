"""Ingest stage: raw scraped pages (text dumps, HTML, JSON Lines) -> Markdown articles in the content folder.

    read (readers.py) -> extract (text.py | html.py, using rules.py, dates.py, clean.py)
      -> compose front matter and body (writer.py) -> store: dedupe, never overwrite, atomic write

`python build.py ingest PATH...` calls `add_arguments` and `run`; the watcher's inbox calls `ingest_file`.
"""

from newsdigest.ingest.model import Extracted, IngestError, RawPage
from newsdigest.ingest.pipeline import IngestReport, Outcome, add_arguments, extract_page, ingest_file, run

__all__ = ["Extracted", "IngestError", "IngestReport", "Outcome", "RawPage", "add_arguments", "extract_page",
           "ingest_file", "run"]
