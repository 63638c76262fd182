"""`newsdigest check`: everything a build would find, found by running every stage but the writing; and the
warnings about the site's setup that `build`, `watch` and `check` give before publishing (an empty content
folder, a base_url on this machine)."""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from newsdigest.config import BUILTIN_THEMES_DIR, Config
from newsdigest.content_files import find_content_files, has_content_files
from newsdigest.problems import NewsdigestError, Problem

if TYPE_CHECKING:
    from newsdigest.article import Article


@dataclass
class CheckReport:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    articles: int = 0
    drafts: int = 0   # left out (0 with --drafts: they are among the articles then)
    files: int = 0    # content files found: articles, drafts and files with errors


def find_problems(config: Config, include_drafts: bool = False, config_path: Path | None = None,
                  base_url_given: bool = False) -> CheckReport:
    """The errors and warnings a build would report, found by running every stage but the writing, and the
    setup warnings of `setup_warnings` (`base_url_given`: the config's base_url was replaced by --base-url)."""
    from newsdigest.search import search_available  # looked up when called: tests stand in for Pagefind
    # The stages are loaded here, not with the module: `build` asks this module for its setup warnings before it
    # knows whether anything changed, and a no-change build should not pay for loading them.
    from newsdigest.content import load_articles
    from newsdigest.output_check import check_output_dir
    from newsdigest.pages import Page, PageKind
    from newsdigest.render import render_page
    from newsdigest.render_parts import shared_context
    from newsdigest.site_model import build_site_model
    from newsdigest.templating import (make_environment, recording_undefined, static_file_clashes,
                                       templates_of_their_own, theme_static_files)

    config_path = config_path or config.root / "config.yaml"
    errors: list = []
    warnings: list = setup_warnings(config, config_path, base_url_given=base_url_given)
    try:
        check_output_dir(config, config.output_dir)
    except NewsdigestError as err:
        errors += err.problems
    loaded = load_articles(config, include_drafts=include_drafts)
    errors += loaded.problems
    warnings += loaded.warnings
    search = config.search.enabled and search_available()
    if config.search.enabled and not search:
        warnings.append(Problem(config_path, "search.enabled is true but Pagefind is not installed "
                                "(pip install 'pagefind[extended]'); the site would be built without search"))
    site = build_site_model(config, loaded.articles, search=search)
    warnings += site.warnings + outlet_spellings(config, site.articles)
    errors += static_file_clashes(theme_static_files(config), site)
    files = len(find_content_files(config.content_dir))
    report = CheckReport(errors, warnings, len(site.articles),
                         count_drafts(files, site.articles, loaded.problems, include_drafts), files)
    try:
        env = make_environment(config)
    except NewsdigestError as err:
        errors += err.problems
        return report
    # Render pages as the build would: a missing template, a syntax error or a template that fails at run time is
    # reported with its file and line. The built-in templates: one page of each. Templates of the site's own: every
    # page, since one may fail only on some ("story.lead" where a page has no story), each template's first failure.
    shared = shared_context(site, env)
    pages = [*site.pages, Page("/404.html", "404.html", "Page not found", PageKind.NOT_FOUND)]
    printed_undefined: set[tuple[str, int, str]] = set()
    if templates_of_their_own(config):
        env.undefined = recording_undefined(printed_undefined)
    else:
        pages = sorted({page.template: page for page in reversed(pages)}.values(), key=lambda page: page.template)
    failed: set[str] = set()
    for page in pages:
        if page.template in failed:
            continue
        try:
            render_page(env, page, shared)
        except NewsdigestError as err:
            failed.add(page.template)
            # one mistake in a template every page extends (base.html) fails each page kind: told once
            errors += [problem for problem in err.problems if problem not in errors]
    # (the built-in templates test what may be missing before they show it)
    warnings += [Problem(Path(name), f"{message}: it is shown as nothing (a misspelt name?)", line)
                 for name, line, message in sorted(printed_undefined) if not name.startswith(str(BUILTIN_THEMES_DIR))]
    return report


def outlet_spellings(config: Config, articles: list[Article]) -> list[Problem]:
    """One outlet under several names: articles whose `url`s are on one site, with sources that each spell that
    site ("Sky" and "Sky News" on sky.com). Each name is a source page and a vote in a story of its own."""
    from newsdigest.ingest.outlet_names import spelled_site

    names: dict[str, Counter] = {}
    example: dict[tuple[str, str], str] = {}
    for article in articles:
        if site := spelled_site(article.url, article.source):
            names.setdefault(site, Counter())[article.source] += 1
            example.setdefault((site, article.source), article.source_path)
    warnings = []
    for site, counts in sorted(names.items()):
        if len(counts) > 1:
            spelled = ", ".join(f"{name!r} ({count}, e.g. {example[site, name]})"
                                for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])))
            warnings.append(Problem(config.content_dir, f"the outlet at {site} has {len(counts)} names: {spelled}; "
                                    "each is a source page of its own: give its articles one `source:`"))
    return warnings


def count_drafts(files: int, articles: list[Article], problems: list[Problem], include_drafts: bool) -> int:
    """Drafts among the content files: with --drafts they are among the articles; without, they are the files
    that are neither an article nor a file with errors."""
    if include_drafts:
        return sum(1 for article in articles if article.draft)
    return max(0, files - len(articles) - len({problem.path for problem in problems}))


# Host names that reach only the machine they are typed on.
LOCAL_HOSTS = {"localhost", "0.0.0.0", "::1", "::"}


def is_local_url(url: str) -> bool:
    """Whether a URL points at this machine (localhost, 127.x.x.x, ::1), so that nobody else can follow it."""
    host = (urlsplit(url).hostname or "").lower()
    return host in LOCAL_HOSTS or host.endswith(".localhost") or host.startswith("127.")


def setup_warnings(config: Config, config_path: Path, serving: bool = False, base_url_given: bool = False
                   ) -> list[Problem]:
    """What to fix before publishing: no articles yet, or (except for `serve`, which previews on this machine
    anyway) a base_url that points at this machine; `base_url_given`: it came from --base-url, not the file."""
    warnings = []
    if not config.content_dir.is_dir():
        warnings.append(Problem(config.content_dir, "content folder not found, so the site has no articles; "
                                + _HOW_TO_ADD))
    elif not has_content_files(config.content_dir):
        warnings.append(Problem(config.content_dir, "no articles (*.md files) in the content folder; " + _HOW_TO_ADD))
    where = "" if serving else "an address on this machine" if is_local_url(config.base_url) else \
        "an address of a private network" if is_private_network_url(config.base_url) else ""
    if where and base_url_given:
        warnings.append(Problem(Path("--base-url"), f"{config.base_url} is {where}: links in the "
                                "feeds, the sitemap and share cards work nowhere else, and on a host that serves "
                                "the site under a path every page would lose its styles and links. Give the "
                                "address the site will be published at"))
    elif where:
        line = _line_of(config_path, "base_url:")
        said = f"base_url is {config.base_url}" if line else f"base_url is not set, so it is {config.base_url}"
        warnings.append(Problem(config_path, f"{said}, {where}: links in the feeds, the sitemap "
                                "and share cards work nowhere else, and on a host that serves the site under a path "
                                "(https://user.github.io/repo/) every page would lose its styles and links. Set "
                                "base_url to the address the site will be published at (or pass --base-url)", line))
    if _FILE_NAME.search(urlsplit(config.base_url).path):
        folder = config.base_url.rstrip("/").rsplit("/", 1)[0] + "/"
        warnings.append(Problem(Path("--base-url") if base_url_given else config_path,
                                f"base_url {config.base_url} ends in a file's name: the site's address is its folder "
                                f"({folder}), and every page would be looked for under the file's name",
                                None if base_url_given else _line_of(config_path, "base_url:")))
    return warnings


_FILE_NAME = re.compile(r"/[^/]+\.(?:html?|php|aspx?|xml)/?$", re.IGNORECASE)


def is_private_network_url(url: str) -> bool:
    """Whether a URL looks like a preview on a machine of a private network: a `.local` name (one machine's, by
    mDNS), or a private address or name (192.168.x.x, 10.x.x.x, fe80::, `.lan`, `.internal`) with a port of its
    own (`:8000`). A site an intranet publishes on its usual port (`https://news.corp.internal/`) is no such thing."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host.endswith(".local"):
        return True
    try:
        port = parts.port
    except ValueError:
        port = None
    if port in (None, 80, 443):
        return False
    if host.endswith((".lan", ".internal", ".home.arpa")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_link_local


_HOW_TO_ADD = 'newsdigest new "Title" writes one, newsdigest ingest PAGE turns a saved web page into one'


def _line_of(path: Path, prefix: str) -> int | None:
    """The 1-based line of a top-level key in the config file; None when it is not there (or unreadable)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((number for number, line in enumerate(lines, start=1) if line.startswith(prefix)), None)
