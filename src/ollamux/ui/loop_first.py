"""While replies stream, Python's full garbage collections wait for an idle moment.

A full collection walks every object the app keeps, the rendered lines of every
open reply among them: with a few long replies open that takes 100–200 ms.
Python starts one whenever enough objects have survived, which is to say in the
middle of a stream, and a key pressed then waits for it.

So while a reply streams, the objects alive when it started are frozen (never
walked again) and Python's own full collections are off; younger generations are
collected as usual, their pauses are small. When no reply streams any more,
Python's settings come back, and the app runs the full collection it owes at the
first quiet moment (no key pressed for half a second): soon, as Python would
start it at its own next count anyway, often while a tab is being switched to.

Measured with `bench/parallel_four.py` on two cores, after issue 13's render-path
work (three runs each, interleaved, idle machine): key latency while four replies
stream was p95 55–73 ms (max 68–79) with this, and p95 68–116 ms (max 102–153)
without; the median moved little (24–37 against 27–34 ms). Before that work the
gap was wider (p95 88–136 against 135–253 ms). Measured again on 2026-11-29, with
keys timed where the prompt applies them (four runs each, interleaved): p95 41–51 ms
(max 51–122) with this, 42–87 ms (max 49–254) without; the budget of 50 ms was met
in three runs of four with it and in one without. Shortening the thread switch
interval, which this module also did once, made no difference that could be
measured, so it is gone: only full collections are deferred, and only while a
reply streams.

Scoped and opt-in, as Textual's own `PAUSE_GC_ON_SCROLL` is: the app holds it only
while a reply streams (`OllamuxApp.DEFER_FULL_COLLECTIONS` switches it off). The
garbage collector is the process's: several apps in one process (as in the tests)
share one hold, the first in saves Python's settings and the last out restores them.
"""

from __future__ import annotations

import gc

# So many collections of the middle generation before Python would start a full one: never, in practice.
_NEVER = 1_000_000
# Collect anyway after this many middle-generation collections, even if not idle:
# a stream that never ends must not let cyclic garbage grow without bound.
BACKSTOP = 500


class _ProcessHold:
    """Python's collector settings, changed while any holder holds and restored after."""

    def __init__(self) -> None:
        self.holders = 0
        self._saved: tuple[int, int, int] | None = None

    def acquire(self) -> None:
        if self.holders == 0:
            self._saved = gc.get_threshold()
            young, middle, _ = self._saved
            gc.freeze()  # O(1): what lives now is left out of every collection
            gc.set_threshold(young, middle, _NEVER)
        self.holders += 1

    def release(self) -> None:
        self.holders -= 1
        if self.holders == 0 and self._saved is not None:
            gc.set_threshold(*self._saved)
            gc.unfreeze()  # back to the oldest generation, for the collection owed
            self._saved = None


_PROCESS = _ProcessHold()


def holders() -> int:
    """How many apps hold the collector now: none, once every app has stopped."""
    return _PROCESS.holders


class LoopFirst:
    """One app's share: `hold` while its replies stream, `collect_if` at idle moments."""

    def __init__(self) -> None:
        self._holding = False
        self._owed = False
        self._closed = False

    @property
    def holding(self) -> bool:
        return self._holding

    def hold(self) -> None:
        if not self._holding and not self._closed:
            self._holding = self._owed = True
            _PROCESS.acquire()

    def release(self) -> None:
        if self._holding:
            self._holding = False
            _PROCESS.release()

    def close(self) -> None:
        """Release for good: a reply's last state change may arrive after the app unmounts."""
        self.release()
        self._closed = True

    @property
    def owed(self) -> bool:
        """Whether a full collection was held back and has not run since."""
        return self._owed

    @property
    def pending(self) -> int:
        """Middle-generation collections since the last full one: how much may have piled up."""
        return gc.get_count()[2]

    def collect_if(self, idle: bool) -> bool:
        """Run the full collection owed when idle (or overdue while holding); True if one ran."""
        if not self._owed or not self.pending:
            return False
        if not idle and not (self._holding and self.pending >= BACKSTOP):
            return False
        gc.collect()
        self._owed = self._holding
        return True

    def collect_if_overdue(self) -> bool:
        """The backstop while holding: collect once enough has piled up, idle or not."""
        return self.collect_if(idle=False)
