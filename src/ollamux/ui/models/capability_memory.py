"""What each model can do (`/api/show` capabilities), remembered per client pool.

The pool lives as long as the app, so the picker, the panel and the workbench ask a
server once per model: reopening the picker or the panel asks nothing it already knows.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from ollamux.api.clients import ClientPool

_capabilities: WeakKeyDictionary[ClientPool, dict[tuple[str, str], tuple[str, ...]]] = WeakKeyDictionary()


def capability_cache(pool: ClientPool) -> dict[tuple[str, str], tuple[str, ...]]:
    """Capabilities by (host name, model) for this pool."""
    return _capabilities.setdefault(pool, {})
