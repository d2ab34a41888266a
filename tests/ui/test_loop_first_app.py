"""The app holds full collections back only while a reply streams."""

from __future__ import annotations

import gc
import time

from ollamux.core.session import Status
from ollamux.ui import loop_first
from ollamux.ui.app import QUIET_CHECK_SECONDS, QUIET_SECONDS
from tests.ui_helpers import make_app, send, started, wait_until


def deferred() -> bool:
    """Python's full collections are off: the third threshold is out of reach."""
    return gc.get_threshold()[2] > 10_000


async def test_full_collections_wait_only_while_a_reply_streams(make_sim, tmp_path):
    before = gc.get_threshold()
    sim = make_sim(delay_scale=5)  # slow enough to be seen streaming
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await started(pilot)
        assert not deferred()
        await send(pilot, "Write a retry decorator in python")
        await wait_until(pilot, lambda: view.session.streaming)
        assert deferred()
        await pilot.press("escape")
        await wait_until(pilot, lambda: view.last_status is Status.STOPPED)
        await wait_until(pilot, lambda: not deferred())
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


async def test_an_app_that_opts_out_leaves_python_alone(make_sim, tmp_path):
    sim = make_sim(delay_scale=5)
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    app.DEFER_FULL_COLLECTIONS = False
    async with app.run_test(size=(80, 24)) as pilot:
        view = await started(pilot)
        await send(pilot, "Write a retry decorator in python")
        await wait_until(pilot, lambda: view.session.streaming)
        assert not deferred()
        await pilot.press("escape")


async def test_the_collection_held_back_runs_at_the_first_quiet_moment(make_sim, tmp_path, monkeypatch):
    """Soon after the reply ends, so that it does not land in the next tab switch; never right after a key."""
    sim = make_sim(delay_scale=5)
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    quiet_for: list[float] = []  # at each collection the app ran: how long since the last key
    collect = gc.collect

    def record(generation: int = 2) -> int:
        if generation == 2:
            quiet_for.append(time.monotonic() - app.last_input)
        return collect(generation)

    monkeypatch.setattr(loop_first.gc, "collect", record)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await started(pilot)
        await send(pilot, "Write a retry decorator in python")
        await wait_until(pilot, lambda: view.session.streaming)
        collect(1)  # something piled up while it streamed: a full collection is owed
        await pilot.press("escape")
        await wait_until(pilot, lambda: view.last_status is Status.STOPPED)
        await pilot.press("x")  # typing right after the reply ended
        await wait_until(pilot, lambda: bool(quiet_for))
        assert quiet_for[0] >= QUIET_SECONDS
        await pilot.pause(3 * QUIET_CHECK_SECONDS)
        assert len(quiet_for) == 1  # then it stops looking
