"""Front matter keys written in place of the ones newsdigest reads: `sumary`, `Tags`, `titel`.

A key newsdigest does not read is kept for templates (`article.extra`), so a misspelled one would be silently
unused: `misspelled_keys` finds those for a warning. A required key's absence is an error, and where another key
stands in its place (`Title:` as Hugo's keys, which ignore case, allow) the error says so, at that key's line.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from newsdigest.front_matter import KNOWN_KEYS, READ_EXTRA_KEYS
from newsdigest.problems import Problem

MISSING_KEY_LIKENESS = 0.75   # ("titel" is 0.8 like "title"; a required key's absence is an error anyway)


def misspelled_keys(meta: dict) -> list[tuple[str, str]]:
    """(key, the key it is probably meant to be) for each front matter key newsdigest does not read that is
    spelled almost like one it does (`sumary`, `tag`, `autor`): kept for templates, but silently unused."""
    read = sorted(KNOWN_KEYS | READ_EXTRA_KEYS)
    found = []
    for key in meta:
        if isinstance(key, str) and key not in KNOWN_KEYS and key not in READ_EXTRA_KEYS and not _plural_of_read(key):
            close = difflib.get_close_matches(key.lower(), read, n=1, cutoff=0.85)   # ("updated_by" is no typo)
            if close:
                found.append((key, close[0]))
    return found


def missing_key_problem(path: Path, meta: dict, key_lines: dict, key: str, example: str = "") -> Problem:
    """The problem of a missing required key, at the line of a key written in its place ("Title", "titel") when
    there is one, with the key meant."""
    written = [name for name in meta if isinstance(name, str) and name not in KNOWN_KEYS | READ_EXTRA_KEYS
               and difflib.SequenceMatcher(None, name.lower(), key).ratio() >= MISSING_KEY_LIKENESS]
    if not written:
        return Problem(path, f"missing required key {key!r}{example}", 1)
    return Problem(path, f"missing required key {key!r}: {written[0]}: did you mean {key!r}?",
                   key_lines.get(written[0]) or 1)


def _plural_of_read(key: str) -> bool:
    """`authors`, `images`, `categories`: plurals of keys newsdigest reads, which themes use for lists of their own."""
    read = KNOWN_KEYS | READ_EXTRA_KEYS
    return (key.endswith("s") and key[:-1] in read) or (key.endswith("ies") and key[:-3] + "y" in read)
