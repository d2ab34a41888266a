"""Snapshots of the model picker (SVGs in snapshots/).

Host URLs are on screen, so the simulators listen on fixed ports rather than random
ones; these are high and unassigned. The dead host is a simulator started and
stopped on its port, so nothing else can be answering there.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Input

from ollamux.api.clients import ClientPool
from ollamux.api.hosts import Host
from ollamux.sim import MODEL_NAMES, SimServer
from ollamux.ui.models.picker import capability_cache
from tests.sim_fixtures import frozen_clock
from tests.ui.test_model_picker import PickerApp
from tests.ui_helpers import has_line, picker_lines, wait_until

# Fixed ports (the URL is in the picture): these tests share one xdist worker. The ports are
# below Linux's ephemeral range (32768-60999), where any test's outgoing connection could hold it.
pytestmark = pytest.mark.xdist_group("ports-picker")

LIVE_PORT = 27311
DEAD_PORT = 27312
MODELS = len(MODEL_NAMES)  # what the simulator has installed


@pytest.fixture
def pool(make_sim: Callable[..., SimServer]) -> ClientPool:
    """Closed by `PickerApp` on unmount: snap_compare runs the app in its own loop."""
    live = make_sim(port=LIVE_PORT, clock=frozen_clock())
    dead = make_sim(port=DEAD_PORT)
    dead.stop()
    return ClientPool([Host("workstation", live.url), Host("gpu-box", dead.url)])


def settled(app: PickerApp) -> Callable[[], bool]:
    """Every host answered and every row has its badges: nothing left to change."""
    cache = capability_cache(app.pool)

    def check() -> bool:
        return (
            not has_line(picker_lines(app), "loading…")
            and has_line(picker_lines(app), "refused")
            and sum(host == "workstation" for host, _ in cache) == MODELS
        )

    return check


async def settle(pilot, *keys: str) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen.focused, Input))
    app.screen.query_one(Input).cursor_blink = False
    await wait_until(pilot, settled(app))
    if keys:
        await pilot.press(*keys)
    await pilot.pause()


def test_picker_two_hosts_one_down(snap_compare, pool: ClientPool) -> None:
    app = PickerApp(pool)

    async def run_before(pilot) -> None:
        await settle(pilot, "down")

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_picker_multi_select_80x24(snap_compare, pool: ClientPool) -> None:
    app = PickerApp(pool, multi=True, title="Compare: pick models")

    async def run_before(pilot) -> None:
        await settle(pilot, "space", "down", "space")
        assert sum("[x]" in line for line in picker_lines(app)) == 2

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_picker_filtered_80x24(snap_compare, pool: ClientPool) -> None:
    app = PickerApp(pool)

    async def run_before(pilot) -> None:
        await settle(pilot, *"fault-5")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
