"""`newsdigest check`: everything a build would find, found by running every stage but the writing."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsdigest.config import Config
from newsdigest.content import load_articles
from newsdigest.output_check import check_output_dir
from newsdigest.pages import Page, PageKind
from newsdigest.problems import NewsdigestError, Problem
from newsdigest.render import make_environment, render_page, shared_context
from newsdigest.site_model import build_site_model


@dataclass
class CheckReport:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    articles: int = 0


def find_problems(config: Config, include_drafts: bool = False) -> CheckReport:
    """The errors and warnings a build would report, found by running every stage but the writing."""
    from newsdigest.search import search_available  # looked up when called: tests stand in for Pagefind

    errors: list = []
    warnings: list = []
    try:
        check_output_dir(config, config.output_dir)
    except NewsdigestError as err:
        errors += err.problems
    loaded = load_articles(config, include_drafts=include_drafts)
    errors += loaded.problems
    warnings += loaded.warnings
    search = config.search.enabled and search_available()
    if config.search.enabled and not search:
        warnings.append(Problem(config.root / "config.yaml", "search.enabled is true but Pagefind is not installed "
                                "(pip install 'pagefind[bin]'); the site would be built without search"))
    site = build_site_model(config, loaded.articles, search=search)
    warnings += site.warnings
    report = CheckReport(errors, warnings, len(site.articles))
    try:
        env = make_environment(config)
    except NewsdigestError as err:
        errors += err.problems
        return report
    # Render one page of each template, as the build would: a missing template, a syntax error or a
    # template that fails at run time is reported with its file and line.
    shared = shared_context(site, env)
    samples: dict[str, Page] = {}
    for page in [*site.pages, Page("/404.html", "404.html", "Page not found", PageKind.NOT_FOUND)]:
        samples.setdefault(page.template, page)
    for template, page in sorted(samples.items()):
        try:
            render_page(env, page, shared)
        except NewsdigestError as err:
            errors += err.problems
    return report
