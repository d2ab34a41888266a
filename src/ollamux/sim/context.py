"""What every endpoint handler shares: the catalogue, the clock, pacing and records."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .state import Catalogue

Clock = Callable[[], datetime]


def local_now() -> datetime:
    """The default clock: aware local time, like the real server's modified_at."""
    return datetime.now().astimezone()


def frozen_clock(moment: datetime) -> Clock:
    """A clock that always says `moment` (aware): for snapshot tests and screenshots."""
    if moment.tzinfo is None:
        raise ValueError("a frozen moment needs a time zone")
    return lambda: moment


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request as the client sent it, for tests to check."""

    method: str
    path: str
    body: Any  # the parsed JSON body, or None when empty or not JSON
    headers: dict[str, str] = field(default_factory=dict)  # lower-cased names

    @property
    def authorization(self) -> str | None:
        return self.headers.get("authorization")


class SimContext:
    """State and services of one simulated server, shared by all handler threads."""

    def __init__(self, clock: Clock | None, delay_scale: float) -> None:
        if delay_scale < 0:
            raise ValueError("delay_scale must be >= 0")
        self._clock = clock or local_now
        self.delay_scale = delay_scale
        self.catalogue = Catalogue(self.now())
        # Set while the server stops: sleeping handlers wake up and streams end.
        self.stopping = threading.Event()
        # Cleared by SimServer.hold_loads(): cold loads then last until it is set.
        self.loads_released = threading.Event()
        self.loads_released.set()
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._cancelled: list[str] = []
        self._errors: list[str] = []
        self._completion_ids = itertools.count()

    def now(self) -> datetime:
        moment = self._clock()
        return moment if moment.tzinfo else moment.astimezone()

    def sleep(self, seconds: float) -> None:
        """Wait a scripted delay times the scale; returns at once when stopping."""
        self.wait(seconds * self.delay_scale)

    def wait(self, seconds: float) -> None:
        """Wait so many real seconds, unscaled; returns at once when stopping."""
        if seconds > 0:
            self.stopping.wait(seconds)

    def load(self, seconds: float) -> None:
        """Wait out a cold load: its scripted time, then for as long as loads are held."""
        self.sleep(seconds)
        while not (self.loads_released.is_set() or self.stopping.is_set()):
            self.loads_released.wait(0.05)

    def completion_id(self) -> str:
        """`chatcmpl-N` with N in 0..998: like Ollama's, deliberately not unique."""
        return f"chatcmpl-{next(self._completion_ids) % 999}"

    # Records, read by tests through SimServer

    def record_request(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def record_cancel(self, model: str) -> None:
        with self._lock:
            self._cancelled.append(model)

    def record_error(self, text: str) -> None:
        with self._lock:
            self._errors.append(text)

    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def cancelled(self) -> list[str]:
        with self._lock:
            return list(self._cancelled)

    def errors(self) -> list[str]:
        with self._lock:
            return list(self._errors)

    def clear_records(self) -> None:
        with self._lock:
            self._requests.clear()
            self._cancelled.clear()
            self._errors.clear()
