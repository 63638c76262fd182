"""Where a site names itself: the links and blurbs around an article that speak of the outlet by name.

    self_mentions(lines) -> {"The Telegraph": 3, "Daily Star": 1}   # name -> in how many different set phrases

A page's menus, footers and sign-up boxes name the outlet in set phrases: "More from The Telegraph", "Work at The
Telegraph", "Follow Daily Star on socials", "Advertise on The Gateway Pundit", "Send tips to The Gateway Pundit",
"The Verge homepage", "Welcome to Medical News Today", "I agree to receive emails from The Intercept", "Über X",
"Mehr von X", and its own products in its menus ("Tagesspiegel Jobs", "BILD Shop", "ZEIT-Newsletter", one kind
of phrase for each kind of product). One such phrase can name a partner, a sister site, an author ("Follow Alex
Heath", on top of the article and again below it) or a commenter; the same name in two different set phrases is
the site speaking of itself (see attribution.py, which asks for that).
"""

from __future__ import annotations

import re
from collections import defaultdict

from newsdigest.ingest.outlet_names import compact, valid_name

MAX_LINE_CHARS = 200       # set phrases stand in short lines: a long one is prose quoting them
MIN_KEY_CHARS = 3          # "BBC" is a name; "X" or "TV" alone is too short to say which outlet

# A name as mastheads write it: words that start with a capital or a digit ("TechCrunch", "9to5Mac"), or with a
# small letter before a capital ("eHow"), joined by the small words names hold ("Mail on Sunday", "Le Monde",
# "Times of India"). Case matters here while the phrases before it are matched in any case ("MORE FROM").
_WORD = r"(?:[A-Z0-9][\w.&'’!-]*|[a-z]+[A-Z][\w.&'’!-]*)"
_JOINER = r"(?:of|and|the|on|de|du|des|la|le|el|der|die|das|&)"
_NAME = rf"(?P<name>{_WORD}(?:\s+(?:{_JOINER}\s+)*{_WORD}){{0,5}})"
# What outlets sell or run under their own name, one word each (the same word in several languages is one kind).
PRODUCTS = (r"jobs|stellenmarkt|karriere|careers", r"shop|store|kiosk", r"newsletters?", r"e-?paper|digitalzeitung",
            r"mediathek|tv", r"abo|abos|plus|premium|digital", r"archiv|archive|archives", r"reisen|leserreisen|travel",
            r"gutscheine|coupons|deals", r"events?|veranstaltungen", r"immobilien|real\s+estate", r"app|apps")
# Each pattern is one kind of phrase: "Follow X" and "About X" are two witnesses, "Follow X" twice is one.
_PHRASES = [re.compile(pattern) for pattern in (
    rf"^(?i:more\s+from)\s+{_NAME}",
    *(rf"^(?i:{verb})\s+{_NAME}" for verb in ("about", "contact", "follow", "support", "join", "try")),
    rf"^(?i:sign\s+up\s+for)\s+{_NAME}",
    rf"^(?i:popular\s+(?:now\s+)?on)\s+{_NAME}",
    *(rf"^(?i:{phrase})\s+{_NAME}" for phrase in (r"mehr\s+von", "über", r"folgen\s+sie", r"à\s+propos\s+de", "suivez")),
    rf"^(?i:work|working|jobs|careers?)\s+(?i:at|with|@)\s+{_NAME}",
    rf"^(?i:jobs|karriere)\s+(?i:bei)\s+{_NAME}",
    rf"(?i:\bsubscribe\s+to)\s+{_NAME}",
    rf"(?i:\badvertise\s+(?:on|with|in))\s+{_NAME}",
    rf"^(?i:send\s+(?:us\s+)?tips\s+to)\s+{_NAME}",
    rf"(?i:\b(?:e-?mails?|updates|newsletters?)\s+from)\s+{_NAME}",
    rf"^(?i:welcome\s+to)\s+{_NAME}",
    rf"^(?i:get\s+the\s+most\s+out\s+of)\s+{_NAME}",
    rf"^(?i:sections\s+on)\s+{_NAME}",
    rf"^(?i:choose)\s+{_NAME}\s+(?i:as\s+a)\b",
    rf"^{_NAME}\s+(?i:home\s*page)\b",
    rf"^(?i:get)\s+{_NAME}\s+(?i:delivered)\b",
    rf"^{_NAME}\s+(?i:is\s+(?:a\s+)?part\s+of)\b",
    rf"^(?i:download\s+the)\s+{_NAME}\s+(?i:app)\b",
    rf"^(?i:become\s+an?)\s+{_NAME}\s+(?i:insider|member|subscriber|supporter)\b",
    # the outlet's own products, each in a menu line of its own: "Tagesspiegel Jobs", "BILD Shop", "ZEIT-Newsletter"
    *(rf"^{_NAME}[\s-]+(?i:{product})$" for product in PRODUCTS),
)]
# "Subscribe to Our Newsletter", "Follow Your Favourite Teams": capitalised, but no name.
_NOT_A_NAME_START = {"our", "your", "my", "their", "his", "her", "this", "these", "that", "every", "all", "free"}
# A section's or a product's word alone names no outlet: "News Archives" and "News Homepage" are the news pages',
# "Mobile Apps" the apps'.
_NOT_A_NAME = {"news", "nachrichten", "top", "mobile", "home", "sport", "sports", "live", "video", "videos", "local",
               "world", "business", "online", "digital", "e", "shop", "the"}
# Where the name ends when the phrase goes on: "Follow Daily Star on socials", "Subscribe to Daily Star and ...",
# "The Verge's ...", "Jobs at The Citizen | Careers".
_AFTER_NAME = re.compile(r"\s+(?:on|and|as|for|in|to|is|are|with|at|via|und|et|y)\s+.*$|['’]s\b.*$|\s*[|:;,.!?–—(].*$")


def self_mentions(lines: list[str]) -> dict[str, int]:
    """The names the page calls itself by in set phrases (see the module docstring), each with in how many
    different phrases, spelled as the page writes it (mixed case over capitals: "The Sun" over "THE SUN")."""
    phrases_naming: dict[str, set[int]] = defaultdict(set)
    spelling: dict[str, str] = {}
    for line in lines:
        if len(line) > MAX_LINE_CHARS:
            continue
        for kind, phrase in enumerate(_PHRASES):
            for match in phrase.finditer(line):
                name = valid_name(_AFTER_NAME.sub("", match.group("name")).strip())
                if name.split(" ", 1)[0].casefold() in _NOT_A_NAME_START or name.casefold() in _NOT_A_NAME:
                    continue
                key = compact(name).removeprefix("the")
                if len(key) < MIN_KEY_CHARS:
                    continue
                phrases_naming[key].add(kind)
                if key not in spelling or spelling[key].isupper() and not name.isupper():
                    spelling[key] = name
    return {spelling[key]: len(kinds) for key, kinds in phrases_naming.items()}


def site_self_name(lines: list[str], min_phrases: int = 2) -> str:
    """The name the page calls itself by in at least `min_phrases` different set phrases (the most of them, the
    first named on a tie), else ''."""
    mentions = self_mentions(lines)
    name, count = max(mentions.items(), key=lambda item: item[1], default=("", 0))
    return name if count >= min_phrases else ""
