"""Full collections wait for an idle moment, threads switch often, and Python's own settings come back."""

from __future__ import annotations

import gc
import sys

import pytest

from ollamux.ui.loop_first import BACKSTOP, LOOP_SWITCH_INTERVAL, LoopFirst


@pytest.fixture
def collector():
    quiet = LoopFirst()
    saved, switch = gc.get_threshold(), sys.getswitchinterval()
    yield quiet
    quiet.stop()
    assert gc.get_threshold() == saved and gc.get_freeze_count() == 0
    assert sys.getswitchinterval() == switch


def young_collections(count: int) -> None:
    for _ in range(count):
        gc.collect(1)


def test_full_collections_wait_for_idle(collector):
    collector.start()
    assert sys.getswitchinterval() == LOOP_SWITCH_INTERVAL
    assert gc.get_freeze_count() > 0  # start-up objects are never walked again
    young_collections(3)
    assert collector.pending == 3
    assert not collector.collect_if(idle=False)
    assert collector.pending == 3
    assert collector.collect_if(idle=True)
    assert collector.pending == 0
    assert not collector.collect_if(idle=True)  # nothing piled up: nothing to do


def test_an_overdue_collection_runs_even_while_busy(collector):
    collector.start()
    young_collections(BACKSTOP)
    assert collector.collect_if(idle=False)
    assert collector.pending == 0


def full_collections_by_python(objects: int) -> int:
    """Allocate objects that survive, as a stream does; count Python's own full collections."""
    seen: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            seen.append(1)

    gc.callbacks.append(note)
    try:
        kept = [[n] for n in range(objects)]
    finally:
        gc.callbacks.remove(note)
    del kept
    return len(seen)


def test_python_does_no_full_collection_of_its_own_meanwhile(collector):
    # Python starts a full collection once the objects that survived since the
    # last one are a quarter of those it holds: allocate well over that.
    enough = len(gc.get_objects()) // 2 + 100_000
    assert full_collections_by_python(enough) > 0  # what happens otherwise
    collector.start()
    assert full_collections_by_python(enough) == 0
    assert collector.pending > 10


def test_stopped_it_does_nothing(collector):
    young_collections(2)
    assert not collector.collect_if(idle=True)
