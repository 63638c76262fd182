"""An HTML audit shared by the security tests: what a browser would run or follow that it must not."""

from __future__ import annotations

import re
from html.parser import HTMLParser

UNSAFE_URL = re.compile(r"^\s*(javascript|vbscript|data|file):", re.IGNORECASE)
ACTIVE_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "form", "base", "meta", "link", "style"}


class Audit(HTMLParser):
    """Collects active elements, event handler attributes and unsafe URLs in a fragment of HTML."""

    def __init__(self, allowed_tags: set[str] = frozenset()):
        super().__init__(convert_charrefs=True)
        self.allowed_tags = allowed_tags
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ACTIVE_TAGS - self.allowed_tags:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}")
            if name in ("href", "src", "action", "formaction", "srcset", "poster") and value and UNSAFE_URL.match(value):
                self.problems.append(f"{tag} {name}={value}")


def audit_fragment(html: str) -> list[str]:
    audit = Audit()
    audit.feed(html)
    audit.close()
    return audit.problems


def audit_page(html: str) -> list[str]:
    """A whole page may use <meta>, <link>, and JSON-LD data scripts; nothing else active."""
    audit = Audit(allowed_tags={"meta", "link"})
    audit.feed(re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S))
    audit.close()
    return audit.problems
