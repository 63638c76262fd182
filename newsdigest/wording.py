"""Counts in messages people read: "1 article", "2 stories", "no warnings", never "1 articles"."""

from __future__ import annotations


def plural_of(word: str) -> str:
    """The plural of an English noun as the messages use them: story -> stories, file -> files."""
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 article', '0 articles', '2 stories'; `many` gives the plural when the rules would get it wrong.

    For a phrase ("search file"), only the last word changes.
    """
    if count == 1:
        return f"{count} {word}"
    head, _, last = word.rpartition(" ")
    plural_word = many or (f"{head} {plural_of(last)}" if head else plural_of(last))
    return f"{count} {plural_word}"


def them(count: int) -> str:
    """"it" for one thing, "them" for several or none."""
    return "it" if count == 1 else "them"
