#!/usr/bin/env python3
"""Entry point: `python build.py build|serve|watch|ingest|check ...` (same as the `newsdigest` command)."""
import sys

from newsdigest.cli import main

if __name__ == "__main__":
    sys.exit(main())
