"""When to ask a host again: a steady beat while it answers, backing off while it fails.

Pure arithmetic on an injected "now", so the model panel's polling can be tested
(and snapshotted) with a clock that only moves when a test moves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

PS_SECONDS = 2.0  # loaded models change often: a model unloads, a reply loads one
TAGS_SECONDS = 10.0  # installed models change rarely, and mostly through our own actions
FIRST_BACKOFF_SECONDS = 2.0
MAX_BACKOFF_SECONDS = 30.0


@dataclass
class PollSchedule:
    """One host's next poll time; `None` means "as soon as possible"."""

    every: float = PS_SECONDS
    tags_every: float = TAGS_SECONDS
    first_backoff: float = FIRST_BACKOFF_SECONDS
    max_backoff: float = MAX_BACKOFF_SECONDS
    failures: int = 0
    next_poll: datetime | None = None
    next_tags: datetime | None = None

    def due(self, now: datetime) -> bool:
        return self.next_poll is None or now >= self.next_poll

    def tags_due(self, now: datetime) -> bool:
        return self.next_tags is None or now >= self.next_tags

    def succeeded(self, now: datetime, *, listed: bool) -> None:
        """A poll answered; `listed` says whether it fetched the installed models too."""
        self.failures = 0
        self.next_poll = now + timedelta(seconds=self.every)
        if listed:
            self.next_tags = now + timedelta(seconds=self.tags_every)

    def failed(self, now: datetime) -> float:
        """A poll failed: wait 2 s, 4 s, 8 s … up to the cap. Returns the wait."""
        self.failures += 1
        delay = min(self.first_backoff * 2.0 ** (self.failures - 1), self.max_backoff)
        self.next_poll = now + timedelta(seconds=delay)
        # Whatever is installed may have changed while the host was away.
        self.next_tags = None
        return delay

    def retry_in(self, now: datetime) -> float:
        """Seconds until the next poll (0 when due)."""
        if self.next_poll is None:
            return 0.0
        return max(0.0, (self.next_poll - now).total_seconds())

    def poll_now(self, *, tags: bool = False) -> None:
        """Ask at the next tick, after an action changed what the host has."""
        self.next_poll = None
        if tags:
            self.next_tags = None
