"""An HTML article's standfirst: the lead printed under the headline, which trafilatura often leaves out.

Many outlets print a paragraph between the headline and the article's first paragraph (the standfirst, "dek" or
teaser: "Friedrich Merz lost the vote in the Bundestag. He means to bring the law in after the election.") in an
element of its own, and declare the same text as the page's description (og:description, the description meta tag).
trafilatura takes it for part of the header and drops it: on the development corpus's train pages the description
is printed and missing from trafilatura's text on 89 of 359 pages, and is part of the article's text by the truth
on 55 of them (most news outlets' own parsers keep it; the Article Extraction Benchmark's truth does not).

The description is put back as the article's first paragraph when the page prints it (in the text a browser shows)
just under the headline and above the article's first paragraph, and the article does not already hold it: a
site's own description printed in its header or footer is not under the headline, and a description written for
search engines alone is not printed at all.
"""

from __future__ import annotations

from dataclasses import replace

from newsdigest.ingest.clean import comparable
from newsdigest.ingest.model import Block, BlockKind, Extracted

MIN_WORDS = 8           # a shorter description is a label or a site's slogan, not a lead
LINES_UNDER_HEADLINE = 12   # printed this close under the headline (bylines, dates, a caption between)


def with_standfirst(extracted: Extracted, description: str, shown: str) -> Extracted:
    """`extracted` with its standfirst as the first paragraph, where the page prints `description` (a paragraph of
    `shown`, the page's visible text) under the headline and above the article's first paragraph and the article
    does not hold it already (see the module's docstring)."""
    key = comparable(description)
    if len(description.split()) < MIN_WORDS or not extracted.blocks or key[:60] in _body_key(extracted):
        return extracted
    lines = [line.strip() for line in shown.split("\n") if line.strip()]
    keys = [comparable(line) for line in lines]
    headline = comparable(extracted.title)
    title_at = next((i for i, line in enumerate(keys) if line == headline), None)
    if title_at is None:
        return extracted
    first = comparable(extracted.blocks[0].text)[:40]
    for i in range(title_at + 1, min(len(lines), title_at + 1 + LINES_UNDER_HEADLINE)):
        if first and keys[i].startswith(first):
            return extracted   # the article's first paragraph came first: no standfirst above it
        if key[:60] and key[:60] in keys[i] and len(keys[i]) <= 2 * len(key):
            lead = Block(BlockKind.PARAGRAPH, lines[i])
            return replace(extracted, blocks=(lead, *extracted.blocks))
    return extracted


def _body_key(extracted: Extracted) -> str:
    return comparable(" ".join(block.text for block in extracted.blocks))
