"""Marks on the panel's installed models: embedding models, and models served remotely.

A remote model says so in `/api/tags`; what a model can do only `/api/show` says. The
panel asks it once per model while it is on screen (a few at a time, remembered with
the picker's badges for the app's lifetime), and draws again when the answers are in.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterable
from typing import Any

from ollamux.api.clients import ClientPool
from ollamux.api.errors import ApiError
from ollamux.api.models import ModelInfo
from ollamux.ui.models.capability_memory import capability_cache
from ollamux.ui.models.state import HostState

SHOW_CONCURRENCY = 2


def mark_words(model: ModelInfo, capabilities: Iterable[str] | None) -> list[tuple[str, str]]:
    """`embed` for an embedding model, `cloud` for one another host serves, with their styles."""
    words = []
    if "embedding" in (capabilities or ()):
        words.append(("embed", "$text-secondary"))
    if model.is_remote:
        words.append(("cloud", "$text-accent"))
    return words


class CapabilityMarks:
    """Asks each installed model's capabilities once, then has the panel drawn again."""

    def __init__(self, pool: ClientPool, *, start: Callable[[Coroutine[Any, Any, None]], object],
                 changed: Callable[[], None]) -> None:
        self._pool = pool
        self._cache = capability_cache(pool)
        self._start = start
        self._changed = changed
        self._asked: set[tuple[str, str]] = set()
        self._pending = 0
        self._slots = asyncio.Semaphore(SHOW_CONCURRENCY)

    def of(self, host: str, model: ModelInfo) -> tuple[str, ...] | None:
        return model.capabilities or self._cache.get((host, model.name))

    def want(self, states: Iterable[HostState]) -> None:
        """Ask for what the listed models can do, where the host has details to say it."""
        for state in states:
            if not state.capabilities.model_admin or not state.models:
                continue
            for model in state.models:
                key = (state.host.name, model.name)
                if model.capabilities or key in self._cache or key in self._asked:
                    continue
                self._asked.add(key)
                self._pending += 1
                self._start(self._ask(*key))

    async def _ask(self, host: str, model: str) -> None:
        try:
            async with self._slots:
                admin = self._pool.get(host).admin
                if admin is not None:
                    self._cache[(host, model)] = (await admin.show(model)).capabilities
        except ApiError:
            pass  # no mark; the details (d) say what is wrong
        finally:
            self._pending -= 1
            if self._pending == 0:  # one redraw for the whole batch
                self._changed()
