"""A create's or a push's progress, drawn as a pull's: status, layers, bar, bytes and rate.

`PullRow` draws the numbers; only its title says "pull" and "pulled", so this row
puts its own verb there. Feeding it (with `run_job`) is shared by create and push:
closing the stream is how a job is cancelled, as the server stops when we hang up.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, Callable
from contextlib import aclosing

from textual.content import Content
from textual.widgets import Static

from ollamux.api.errors import ApiError
from ollamux.api.models import PullProgress
from ollamux.core.pull_progress import PullTracker
from ollamux.ui.models.pulls import PullRow
from ollamux.ui.models.rows import GAP, clean

REDRAW_SECONDS = 0.1  # progress lines come many a second: redraw at most this often


class JobRow(PullRow):
    """One job's progress; `verb` ("create", "push") and `done` ("created") name it."""

    def __init__(self, verb: str, done: str, model: str, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__("", model, PullTracker(clock=monotonic), show_host=False)
        self.verb, self.done = verb, done
        self._monotonic = monotonic

    def update_progress(self) -> None:
        super().update_progress()
        tracker = self.tracker
        if tracker.succeeded:
            state = Content.styled(f"✓ {self.done}", "bold $text-success")
        elif tracker.cancelled:
            state = Content.styled("cancelled", "$text-warning")
        elif tracker.error is not None:
            state = Content.styled("✕ failed", "bold $text-error")
        else:
            state = Content.styled(clean(tracker.status), "italic $foreground-muted")
        title = Content.assemble((f"{self.verb} ", "$foreground-muted"), (clean(self.model), "bold"), GAP, state)
        self.query_one(".pull-title", Static).update(title)
        # The dialog says what went wrong, with the hint: not twice.
        self.query_one(".pull-error", Static).display = False
        # Quantizing reports a digest of zeros: a layer line would only repeat the bar.
        if all(not layer.short_digest.strip("0") for layer in tracker.layers.values()):
            self.query_one(".pull-layers", Static).display = False

    async def run_job(self, lines: AsyncGenerator[PullProgress, None]) -> ApiError | None:
        """Feed the row from `lines` to the end; the error that stopped it, if any.

        Cancelling the worker that runs this closes the stream (the job stops on the
        server) and marks the row cancelled.
        """
        tracker, drawn = self.tracker, 0.0
        try:
            async with aclosing(lines) as progress_lines:
                async for progress in progress_lines:
                    tracker.feed(progress)
                    if self._monotonic() - drawn >= REDRAW_SECONDS or progress.succeeded:
                        drawn = self._monotonic()
                        self.update_progress()
        except asyncio.CancelledError:
            tracker.cancel()
            self.update_progress()
            raise
        except ApiError as error:
            tracker.fail(getattr(error, "server_message", "") or error.message)
            self.update_progress()
            return error
        self.update_progress()
        return None
