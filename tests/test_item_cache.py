"""The rendered-items cache of a one-shot build is bounded, and what it drops is drawn again the same."""

from markupsafe import Markup

import newsdigest.render_parts as render_parts
from newsdigest.build import SiteBuilder
from newsdigest.render_parts import ITEM_OVERHEAD, ItemCache
from tests.test_split_build import fill, output_files


def test_a_bounded_cache_holds_at_most_its_size_and_keeps_what_was_asked_for_lately():
    item = Markup("x" * (1024 - ITEM_OVERHEAD))  # 1 KiB with its overhead
    cache = ItemCache(max_bytes=8 * 1024)
    for n in range(100):
        cache.put(("item", n), item)
        assert len(cache._current) + len(cache._previous) <= 8
    assert cache.get(("item", 99)) is item and cache.get(("item", 0)) is None
    # an item asked for stays while newer ones come in: it is kept again each time it is asked for
    for n in range(100, 140):
        cache.put(("item", n), item)
        assert cache.get(("item", 99)) is item


def test_an_unbounded_cache_keeps_everything_until_the_next_build():
    cache = ItemCache()
    for n in range(1000):
        cache.put(("item", n), Markup("x" * 1000))
    assert all(cache.get(("item", n)) is not None for n in range(1000))
    cache.new_build()
    assert cache.get(("item", 5)) is not None  # the last build's, as long as this one asks for them


def test_a_tiny_item_cache_builds_the_same_site(project, tmp_path, monkeypatch):
    fill(project, count=40)
    SiteBuilder(project.config, reuse=False, split=False).build()
    monkeypatch.setattr(render_parts, "ONE_BUILD_ITEM_BYTES", 4096)  # a few items at a time
    monkeypatch.setattr(render_parts, "STORIES_KEPT", 1)
    drawn: list[tuple] = []
    real_put = ItemCache.put

    def counting_put(self, key, html):
        if self._previous.get(key) is None:  # not kept from the half before: drawn now
            drawn.append(key)
        real_put(self, key, html)

    monkeypatch.setattr(ItemCache, "put", counting_put)
    SiteBuilder(project.config, reuse=False, split=False, output_dir=tmp_path / "tiny").build()
    assert len(drawn) > len(set(drawn))  # the cache did drop items that were drawn again
    assert output_files(tmp_path / "tiny") == output_files(project.output)
