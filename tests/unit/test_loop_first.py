"""While a reply streams, full collections wait for an idle moment; Python's settings come back after."""

from __future__ import annotations

import gc

import pytest

from ollamux.ui.loop_first import BACKSTOP, LoopFirst


@pytest.fixture
def python_settings():
    """Python's own collector settings, checked to be back after each test."""
    gc.unfreeze()  # what the test run froze at its start (conftest): these tests count from none
    saved = gc.get_threshold()
    yield saved
    assert gc.get_threshold() == saved and gc.get_freeze_count() == 0


@pytest.fixture
def loop_first(python_settings):
    held = LoopFirst()
    yield held
    held.release()


def middle_collections(count: int) -> None:
    for _ in range(count):
        gc.collect(1)


def test_while_held_the_full_collection_waits_for_idle(loop_first):
    loop_first.hold()
    assert gc.get_freeze_count() > 0  # what lived when the stream started is never walked
    middle_collections(3)
    assert loop_first.pending == 3
    assert not loop_first.collect_if(idle=False)
    assert loop_first.pending == 3
    assert loop_first.collect_if(idle=True)
    assert loop_first.pending == 0
    assert not loop_first.collect_if(idle=True)  # nothing piled up: nothing to do


def test_an_overdue_collection_runs_even_while_busy(loop_first):
    loop_first.hold()
    middle_collections(BACKSTOP)
    assert loop_first.collect_if(idle=False)
    assert loop_first.pending == 0


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


def test_python_does_no_full_collection_of_its_own_while_held(loop_first):
    # Python starts a full collection once the objects that survived since the
    # last one are a quarter of those it holds: allocate well over that.
    enough = len(gc.get_objects()) // 2 + 100_000
    assert full_collections_by_python(enough) > 0  # what happens otherwise
    loop_first.hold()
    assert full_collections_by_python(enough) == 0
    assert loop_first.pending > 10


def test_released_python_collects_as_usual_and_the_owed_collection_runs_once_idle(loop_first, python_settings):
    loop_first.hold()
    middle_collections(3)
    loop_first.release()
    assert gc.get_threshold() == python_settings and gc.get_freeze_count() == 0
    assert not loop_first.collect_if(idle=False)
    assert loop_first.collect_if(idle=True)
    middle_collections(3)
    assert not loop_first.collect_if(idle=True)  # owed nothing since: Python's own business


def test_never_held_it_does_nothing(loop_first):
    middle_collections(2)
    assert not loop_first.collect_if(idle=True)


def test_two_apps_in_one_process_share_the_hold_and_the_last_out_restores(python_settings):
    first, second = LoopFirst(), LoopFirst()
    first.hold()
    second.hold()  # saw the first one's settings: must not restore those
    first.release()
    assert gc.get_threshold() != python_settings  # the second still streams
    second.release()
    assert gc.get_threshold() == python_settings and gc.get_freeze_count() == 0


def test_closed_it_never_holds_again(python_settings):
    """An app's last state change can arrive after it unmounted: it must not hold for good."""
    held = LoopFirst()
    held.hold()
    held.close()
    held.hold()
    assert gc.get_threshold() == python_settings and gc.get_freeze_count() == 0
