"""`python -m newsdigest ...`: the same as the `newsdigest` command."""
import sys

from newsdigest.cli import main

if __name__ == "__main__":
    sys.exit(main())
