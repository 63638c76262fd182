#!/usr/bin/env python3
"""Entry point: `python build.py build|serve|watch|ingest|check ...` (same as the `newsdigest` command)."""
from newsdigest.cli import run

if __name__ == "__main__":
    run()
