"""newsdigest: raw scraped news pages in, a static news-digest site with feeds out."""

__version__ = "0.1.0"
