"""The render caches' bound: the least recently used go first, by total weight."""

from __future__ import annotations

from ollamux.ui.markdown.lru import BoundedCache


def test_the_least_recently_used_go_once_the_weight_is_over_the_limit() -> None:
    cache: BoundedCache[str] = BoundedCache(10)
    cache.put("a", "A", 4)
    cache.put("b", "B", 4)
    assert cache.get("a") == "A"  # now "b" is the least recently used
    cache.put("c", "C", 4)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == ("A", None, "C")
    cache.put("huge", "H", 50)  # too heavy alone: kept, everything else goes
    assert (len(cache), cache.get("huge")) == (1, "H")
