"""Keeping the event loop first: garbage collection and thread switching.

Full garbage collections run at moments when nobody waits for the screen. A full
collection walks every object the app keeps, the rendered lines of
every open reply among them: with a few long replies open that takes 100–200
ms. Python starts one whenever enough objects have survived, which is to say
in the middle of a stream, and a key pressed then waits for it. So the
objects alive after start-up are frozen (never walked again), Python's own
full collections are off, and the app runs one when it is idle: no reply
streaming and no key pressed for a while. Younger generations are collected
as usual: they are small, and so are their pauses.

Thread switching: worker threads (Markdown rendering, saving) take the
interpreter lock each time the event loop's thread lets go of it, for every
socket read and every wait for events, and keep it for up to the switch
interval. At Python's default of 5 ms a key press waits behind many of those;
at 1 ms the loop stays ahead (the p95 key latency of `bench/parallel_four.py`
went from 92–113 ms to 45–86 ms, over four runs each on two cores).
"""

from __future__ import annotations

import gc
import sys

LOOP_SWITCH_INTERVAL = 0.001
# So many young collections before Python would start a full one: never, in practice.
_NEVER = 1_000_000
# Collect anyway after this many young (generation 1) collections, even if not
# idle: a stream that never ends must not let cyclic garbage grow without bound.
BACKSTOP = 500


class LoopFirst:
    """Between `start` and `stop`: full collections only when idle, and short thread switches."""

    def __init__(self) -> None:
        self._saved: tuple[int, int, int] | None = None
        self._saved_switch = sys.getswitchinterval()

    def start(self) -> None:
        if self._saved is not None:
            return
        self._saved_switch = sys.getswitchinterval()
        sys.setswitchinterval(LOOP_SWITCH_INTERVAL)
        self._saved = gc.get_threshold()
        # No collection first: it would cost a pause at every start, and what
        # little garbage start-up leaves is freed when `stop` unfreezes it.
        gc.freeze()
        young, middle, _ = self._saved
        gc.set_threshold(young, middle, _NEVER)

    def stop(self) -> None:
        if self._saved is None:
            return
        gc.set_threshold(*self._saved)
        sys.setswitchinterval(self._saved_switch)
        gc.unfreeze()  # Python's own collections take over what was frozen
        self._saved = None

    @property
    def pending(self) -> int:
        """Young collections since the last full one: how much may have piled up."""
        return gc.get_count()[2]

    def collect_if(self, idle: bool) -> bool:
        """Run a full collection when idle (or overdue); True if one ran."""
        if self._saved is None or not self.pending or not (idle or self.pending >= BACKSTOP):
            return False
        gc.collect()
        return True
