"""Adding up the progress lines of one `/api/pull` into what a person wants to see.

A pull streams interleaved lines for several layers, each keyed by its digest;
`completed` is absent until bytes arrive, and status texts change between server
versions (only "success" is stable). `PullTracker` keeps one record per layer, an
overall fraction over the layers whose size is known, and a transfer rate over a
sliding window of a few seconds. Its clock is injectable so tests and snapshots
can pin the rate. Formatting for display is the UI's job.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from ollamux.api.models import PullProgress

RATE_WINDOW_SECONDS = 3.0


@dataclass(slots=True)
class Layer:
    """One blob of the model being downloaded."""

    digest: str
    total: int | None = None
    completed: int = 0

    @property
    def short_digest(self) -> str:
        """The 12 hex characters `ollama pull` shows ("pulling dde5aa3fc5ff")."""
        return self.digest.removeprefix("sha256:")[:12]

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return min(1.0, self.completed / self.total)


class PullTracker:
    """The state of one pull, fed line by line."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, window: float = RATE_WINDOW_SECONDS) -> None:
        self._clock = clock
        self._window = window
        self.layers: dict[str, Layer] = {}  # in the order the server announced them
        self.status = "starting"
        self.succeeded = False
        self.error: str | None = None
        self.cancelled = False
        # (time, bytes completed over all layers): the rate's sliding window.
        self._samples: deque[tuple[float, int]] = deque()

    # -- feeding ---------------------------------------------------------

    def feed(self, progress: PullProgress) -> None:
        if progress.status:
            self.status = progress.status
        if progress.digest:
            layer = self.layers.setdefault(progress.digest, Layer(progress.digest))
            if progress.total is not None:
                layer.total = progress.total
            if progress.completed is not None:
                # Lines may arrive out of order between connections: never go back.
                layer.completed = max(layer.completed, progress.completed)
            self._sample()
        if progress.succeeded:
            self.succeeded = True
            for layer in self.layers.values():
                if layer.total:
                    layer.completed = layer.total

    def fail(self, message: str) -> None:
        self.error = message
        self.status = "failed"

    def cancel(self) -> None:
        self.cancelled = True
        self.status = "cancelled"

    def _sample(self) -> None:
        now = self._clock()
        self._samples.append((now, self.completed))
        # Keep one sample older than the window so the rate spans the whole window.
        while len(self._samples) > 2 and self._samples[1][0] <= now - self._window:
            self._samples.popleft()

    # -- reading ---------------------------------------------------------

    @property
    def finished(self) -> bool:
        return self.succeeded or self.error is not None or self.cancelled

    @property
    def completed(self) -> int:
        return sum(layer.completed for layer in self.layers.values() if layer.total)

    @property
    def total(self) -> int:
        """Bytes over the layers whose size is known so far."""
        return sum(layer.total or 0 for layer in self.layers.values())

    @property
    def fraction(self) -> float | None:
        """Overall progress in 0..1, or None before any layer size is known."""
        if self.succeeded:
            return 1.0
        total = self.total
        return min(1.0, self.completed / total) if total else None

    @property
    def percent(self) -> int | None:
        fraction = self.fraction
        # Floor, so that 100 % means done rather than 99.6 %.
        return None if fraction is None else int(fraction * 100)

    @property
    def rate(self) -> float:
        """Bytes per second over the last few seconds; 0 once finished or stalled."""
        if self.finished or len(self._samples) < 2:
            return 0.0
        now = self._clock()
        first_time, first_bytes = self._samples[0]
        last_time, last_bytes = self._samples[-1]
        if now - last_time > self._window:
            return 0.0  # nothing arrived for a whole window: the download stalls
        elapsed = max(now, last_time) - first_time
        return (last_bytes - first_bytes) / elapsed if elapsed > 0 else 0.0
