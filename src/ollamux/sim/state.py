"""The simulator's mutable model catalogue: what is installed and what is loaded.

Handler threads run concurrently, so every read and write goes through one lock
and readers get copies. Times come from the server's clock, so a frozen clock
freezes every timestamp and no loaded model ever expires.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from .models import INSTALLED, PRELOADED, ModelSpec
from .wire import forever_from, model_key

DEFAULT_KEEP_ALIVE = 300.0  # seconds, like OLLAMA_KEEP_ALIVE's default
DEFAULT_NUM_CTX = 4096
_KV_BYTES_PER_TOKEN = 65_536  # a rough KV-cache cost so num_ctx shows in /api/ps size


@dataclass(frozen=True, slots=True)
class Installed:
    """A model on disk: its name as the user spelled it and what it is."""

    name: str
    spec: ModelSpec
    modified_at: datetime


@dataclass(frozen=True, slots=True)
class Loaded:
    """A model in memory, as /api/ps reports it."""

    name: str
    spec: ModelSpec
    expires_at: datetime
    num_ctx: int
    busy: int = 0  # replies in progress; a busy model never expires

    @property
    def size(self) -> int:
        return self.spec.size + self.num_ctx * _KV_BYTES_PER_TOKEN

    @property
    def size_vram(self) -> int:
        return int(self.size * self.spec.gpu_fraction)


def expiry(now: datetime, keep_alive: float) -> datetime:
    """When a model with this keep_alive (seconds, inf = forever) unloads."""
    if math.isinf(keep_alive):
        return forever_from(now)
    return now + timedelta(seconds=keep_alive)


class Catalogue:
    """Installed and loaded models, safe to use from many threads."""

    def __init__(self, now: datetime) -> None:
        self._lock = threading.Lock()
        self._installed: dict[str, Installed] = {}
        self._loaded: dict[str, Loaded] = {}
        for spec in INSTALLED:
            modified = now - timedelta(days=spec.age_days)
            self._installed[model_key(spec.name)] = Installed(spec.name, spec, modified)
        for preload in PRELOADED:
            installed = self._installed[model_key(preload.name)]
            self._loaded[model_key(preload.name)] = Loaded(
                installed.name, installed.spec, expiry(now, preload.keep_alive), preload.num_ctx
            )

    # Installed models

    def find(self, name: str) -> Installed | None:
        with self._lock:
            return self._installed.get(model_key(name))

    def installed(self) -> list[Installed]:
        """Newest first, like the real /api/tags."""
        with self._lock:
            models = list(self._installed.values())
        return sorted(models, key=lambda model: model.modified_at, reverse=True)

    def add(self, name: str, spec: ModelSpec, now: datetime) -> None:
        with self._lock:
            self._installed[model_key(name)] = Installed(name, spec, now)

    def copy(self, source: str, destination: str, now: datetime) -> bool:
        """Copy a model under a new name; False when the source does not exist."""
        with self._lock:
            original = self._installed.get(model_key(source))
            if original is None:
                return False
            self._installed[model_key(destination)] = Installed(destination, original.spec, now)
            return True

    def delete(self, name: str) -> bool:
        """Remove a model from disk and memory; False when it does not exist."""
        key = model_key(name)
        with self._lock:
            self._loaded.pop(key, None)
            return self._installed.pop(key, None) is not None

    # Loaded models

    def loaded(self, now: datetime) -> list[Loaded]:
        """Loaded models, longest remaining time first; expired ones are dropped."""
        with self._lock:
            self._expire(now)
            models = list(self._loaded.values())
        return sorted(models, key=lambda model: model.expires_at, reverse=True)

    def acquire(self, model: Installed, num_ctx: int | None, expires_at: datetime,
                now: datetime) -> bool:
        """Mark a model busy, loading it if needed. Returns True on a cold load.

        A request that names a different num_ctx forces a reload, as it does on
        the real server; a request without one takes whatever is loaded.
        """
        key = model_key(model.name)
        with self._lock:
            self._expire(now)
            current = self._loaded.get(key)
            cold = current is None or (num_ctx is not None and num_ctx != current.num_ctx)
            if current is None or cold:
                busy = current.busy if current else 0
                current = Loaded(
                    model.name, model.spec, expires_at, num_ctx or DEFAULT_NUM_CTX, busy
                )
            self._loaded[key] = replace(current, busy=current.busy + 1, expires_at=expires_at)
            return cold

    def release(self, name: str, expires_at: datetime | None) -> None:
        """A reply ended: restart the expiry timer, or unload when `expires_at` is None."""
        key = model_key(name)
        with self._lock:
            current = self._loaded.get(key)
            if current is None:
                return
            if expires_at is None:
                del self._loaded[key]
            else:
                self._loaded[key] = replace(current, busy=max(0, current.busy - 1),
                                            expires_at=expires_at)

    def unload(self, name: str) -> None:
        with self._lock:
            self._loaded.pop(model_key(name), None)

    def _expire(self, now: datetime) -> None:
        for key, model in list(self._loaded.items()):
            if model.busy == 0 and model.expires_at <= now:
                del self._loaded[key]
