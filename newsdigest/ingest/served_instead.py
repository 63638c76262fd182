"""Pages a crawler is served instead of the article: bot checks, error pages, paywall stubs, a home page.

The anti-bot services in front of many news sites (Cloudflare, Akamai, Imperva, DataDome, PerimeterX) answer a
crawler they distrust with a page of their own, and a scraper saves it, or its text, as if it were the article:
"Just a moment... Checking if the site connection is secure", "Access Denied. You don't have permission to access
...", "Please verify you are a human". So do web servers' error pages and a paywall's notice. Such a page is a few
dozen words at most; written as an article it would also hold the article's address, and a later scrape of the
real article would be taken for a second version of it. `served_instead` names what such a short text is, so
ingest refuses the page ("no article found") instead.

The phrases are the services' and servers' own, the same on every site they stand in front of: their sentences that
nothing else prints ("needs to review the security of your connection") anywhere in the text, the others only as a
short line of their own ("Access Denied", "Error 503 Service Unavailable"; a brief that uses the words inside a
sentence of news is no such page). A text of more than `MAX_WORDS` words is never taken for one (an article about
bot checks quotes them in longer text).

A site's home page is no article either, whatever it holds: crawled by mistake, or reached through a removed
article's address that now leads there, it would be written as an article of teasers linking to the home page.
Its address says what it is (`page_urls.is_home_page`); a section page's does not, and is read as an article.
"""

from __future__ import annotations

import re

from newsdigest.ingest.model import Extracted, IngestError
from newsdigest.ingest.page_urls import is_home_page

MAX_WORDS = 60   # a bot check, error page or paywall notice is shorter (Cloudflare's: about 30 words)
LINE_WORDS = 15  # ... and says what it is in a short line of its own, not inside a sentence of news

# A paywall's notices in so many words. Where the page's text shows one under a short body, the body is its teaser (the
# cleaner leaves the notice out of the article, as it leaves any button): `_PAYWALL_LINE`. The other notices below,
# a prompt to log in or subscribe (to comment, often) and a menu's "Members only", count only as the whole text.
_PAYWALL_WORDS = r"""
    ^\s*subscribe\s+(?:now\s+)?to\s+(?:continue|keep)\s+reading\b
  | \bthis\s+(?:article|content|story|page)\s+is\s+(?:only\s+)?(?:available\s+)?(?:only\s+)?(?:to|for)\s+
      (?:paying\s+)?subscribers\b
"""
_SERVED = (
    ("a bot check", re.compile(r"""
        ^\s*(?:please\s+)?verify\s+(?:that\s+)?you\s+are\s+(?:a\s+)?human\b | ^\s*are\s+you\s+a\s+robot\b
      | ^\s*press\s+(?:&|and)\s+hold\b.{0,40}\bhuman\b | ^\s*pardon\s+our\s+interruption\b
      | ^\s*please\s+complete\s+the\s+security\s+check\b | ^\s*just\s+a\s+moment\.{3}\s*$
    """, re.IGNORECASE | re.VERBOSE)),
    ("an access-denied or error page", re.compile(r"""
        ^\s*access\s+denied\s*[.!]?\s*$ | \byou\s+don'?t\s+have\s+permission\s+to\s+access\b
      | ^\s*(?:error\s+|http\s+(?:error\s+)?)?(?:401|403|404|410|429|500|502|503|504)\s*[-:]?\s*(?:unauthori[sz]ed
          |forbidden|not\s+found|gone|too\s+many\s+requests|internal\s+server\s+error|bad\s+gateway
          |service\s+unavailable|gateway\s+time-?out)\b
      | ^\s*(?:forbidden|page\s+not\s+found|service\s+unavailable)\s*[.!]?\s*$
    """, re.IGNORECASE | re.VERBOSE)),
    ("a notice that scripts are off", re.compile(r"""
        ^\s*(?:please\s+)?(?:enable|turn\s+on)\s+javascript\b | ^\s*javascript\s+is\s+(?:disabled|required)\b
    """, re.IGNORECASE | re.VERBOSE)),
    ("a paywall's notice", re.compile(_PAYWALL_WORDS + r"""
      | \blog\s*in\s+or\s+subscribe\s+to\b | \b(?:subscribers|members)\s+only\s*[.!]?\s*$
    """, re.IGNORECASE | re.VERBOSE)),
)
_PAYWALL_LINE = re.compile(_PAYWALL_WORDS, re.IGNORECASE | re.VERBOSE)


def refuse_served_instead(extracted: Extracted, url: str = "", page_text: str = "") -> Extracted:
    """`extracted`, unless its body is a page served instead of the article (or, as `page_text` shows it, a paywall's
    teaser: `page_text` is the text the body was read from, a dump's or a record's), or its address `url` (the one
    ingest stores) is a site's home page: then IngestError says which."""
    if is_home_page(url):
        raise IngestError(f"no article found: {url} is the site's home page, a list of articles rather than one "
                          "(a removed article's address often redirects there)")
    body = "\n".join(block.text for block in extracted.blocks)
    what = served_instead(body)
    if not what and page_text and len(body.split()) <= MAX_WORDS and any(
            0 < len(line.split()) <= LINE_WORDS and _PAYWALL_LINE.search(line) for line in page_text.splitlines()):
        what = "a paywall's teaser"
    if what:
        raise IngestError(f"no article found: the page is {what}, served instead of the article")
    return extracted


def served_instead(text: str) -> str:
    """What a short text is when it is a page served instead of the article ("a bot check", "an access-denied or
    error page", "a notice that scripts are off", "a paywall's notice"), else ""."""
    if len(text.split()) > MAX_WORDS:
        return ""
    if found := _SIGNATURES.search(text):
        return next(what for what, group in _SIGNATURE_KINDS if found[group])
    # (a sentence's end parts a line of the notice too: "Access Denied. Please try again later.")
    lines = [line for line in re.split(r"\n|(?<=[^.][.!?])\s+", text) if 0 < len(line.split()) <= LINE_WORDS]
    return next((what for what, pattern in _SERVED if any(pattern.search(line) for line in lines)), "")


# The services' and servers' own sentences, which nothing but their pages prints: anywhere in a short text
_SIGNATURES = re.compile(r"""
    (?P<bot>\bchecking\s+(?:if\s+the\s+site\s+connection\s+is\s+secure|your\s+browser\s+before\s+accessing)\b
      | \bneeds\s+to\s+review\s+the\s+security\s+of\s+your\s+connection\b
      | \benable\s+javascript\s+and\s+cookies\s+to\s+continue\b | \bincapsula\s+incident\s+id\b
      | \battention\s+required!?\s*\|\s*cloudflare\b | \bddos\s+protection\s+by\s+cloudflare\b)
  | (?P<denied>\byou\s+don'?t\s+have\s+permission\s+to\s+access\s+(?:this|the\s+requested)\s+(?:page|resource|url)\b)
""", re.IGNORECASE | re.VERBOSE)
_SIGNATURE_KINDS = (("a bot check", "bot"), ("an access-denied or error page", "denied"))
