"""What a SiteBuilder keeps from one build to the next, so a rebuild redoes only what changed."""

from __future__ import annotations

from newsdigest.article import Article
from newsdigest.config import Config
from newsdigest.content import ArticleCache, ArticleFacts
from newsdigest.render import ItemCache, RenderCache
from newsdigest.templating import make_environment
from newsdigest.search import SearchIndexCache, search_available
from newsdigest.site_model import assign_topics


class BuildCaches:
    """Parsed articles, their topics and story terms, rendered pages and list items, the Jinja environment
    and the search index. `keep=False` (a single build) keeps no rendered page or list item for a next one.

    The environment, list items and pages belong to one template set: `templates_changed()` lets them go.
    """

    def __init__(self, config: Config, keep: bool = True):
        self.config = config
        self.keep = keep
        self.articles = ArticleCache(facts=True)
        self.pages = RenderCache(keep=keep)
        self.story_tokens: dict = {}   # file hash -> story terms (see newsdigest.stories)
        self.topics: dict = {}         # file hash -> topics by the config's rules
        self.search = SearchIndexCache()
        self.search_ready = config.search.enabled and search_available()
        self.env = None
        self.items: ItemCache | None = None  # rendered list items, for the current environment

    def environment(self):
        """The Jinja environment over the theme (made when first needed, and after a template change)."""
        if self.env is None:
            self.env = make_environment(self.config)
            self.items = ItemCache() if self.keep else None
        return self.env

    def templates_changed(self) -> None:
        self.env = None
        self.items = None
        self.pages.clear()

    def keep_facts(self, file_hash: str, facts: ArticleFacts | None) -> None:
        """File what the parse worked out for this article version (see content.ArticleFacts) for the site model."""
        if facts is not None:
            self.topics[file_hash] = facts.topics
            if facts.story_terms is not None:
                self.story_tokens[file_hash] = facts.story_terms

    def topics_of(self, article: Article) -> tuple[str, ...]:
        topics = self.topics.get(article.file_hash)
        return topics if topics is not None else assign_topics(self.config, [article], self.topics)[0].topics
