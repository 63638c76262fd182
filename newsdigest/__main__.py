"""`python -m newsdigest ...`: the same as the `newsdigest` command."""
from newsdigest.cli import run

if __name__ == "__main__":
    run()
