"""Snapshots of the model panel, its details modal and a pull (SVGs in snapshots/).

Host URLs are on screen, so the simulators listen on fixed ports; the panel and
the live simulator share a frozen clock, so countdowns, ages and "retrying in"
never move, and no second poll ever falls due. The pull is fed fixed progress
lines with a fake monotonic clock, so its bars and rate are the same every run.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ollamux.api.clients import ClientPool
from ollamux.api.hosts import Host
from ollamux.api.models import PullProgress
from ollamux.core.pull_progress import PullTracker
from ollamux.sim import SimServer
from ollamux.ui.models.details import ModelDetailsScreen
from tests.sim_fixtures import frozen_clock
from tests.ui.test_models_panel import PanelApp
from tests.ui_helpers import has_line, panel_lines, wait_until

# Fixed ports (the URL is in the picture): these tests share one xdist worker. The ports are
# below Linux's ephemeral range (32768-60999), where any test's outgoing connection could hold it.
pytestmark = pytest.mark.xdist_group("ports-models")

LIVE_PORT = 27331
DEAD_PORT = 27332
WEIGHTS = "sha256:" + "2af3b81862c6be03c769683af18efdadb2c33f60ff32ab6f83e42c043d6c7816"
TEMPLATE = "sha256:" + "af0ddbdaaa26f30d54d727f9dd944b76bdb926fdaf9a58f63f78c532f57c191f"
PARAMS = "sha256:" + "c8472cd9daed5e7c20aa53689e441e10620a002aacd58686aeac2cb188addb5f"


@pytest.fixture
def two_hosts(make_sim: Callable[..., SimServer]) -> ClientPool:
    """Closed by `PanelApp` on unmount: snap_compare runs the app in its own loop."""
    live = make_sim(port=LIVE_PORT, clock=frozen_clock())
    dead = make_sim(port=DEAD_PORT)
    dead.stop()
    return ClientPool([Host("workstation", live.url), Host("gpu-box", dead.url)])


@pytest.fixture
def one_host(make_sim: Callable[..., SimServer]) -> ClientPool:
    live = make_sim(port=LIVE_PORT, clock=frozen_clock())
    return ClientPool([Host("workstation", live.url)])


async def settle(pilot) -> None:
    """Every host answered (or failed) once; nothing is left to change."""
    app = pilot.app
    states = app.panel.host_states

    def settled() -> bool:
        return all(s.error is not None or (s.models is not None and s.running is not None) for s in states.values())

    await wait_until(pilot, settled)
    await wait_until(pilot, lambda: not any(s.polling for s in states.values()))
    await pilot.pause()


def test_models_panel_two_hosts_one_down(snap_compare, two_hosts: ClientPool) -> None:
    app = PanelApp(two_hosts, frozen_clock())

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("down")  # the cursor on qwen3, its countdown in view
        assert has_line(panel_lines(app), "retrying in 2 s")

    assert snap_compare(app, terminal_size=(60, 50), run_before=run_before)


def test_models_panel_wide_80x24(snap_compare, two_hosts: ClientPool) -> None:
    app = PanelApp(two_hosts, frozen_clock())

    async def run_before(pilot) -> None:
        app.panel.set_wide(True)
        await settle(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_models_details_modal(snap_compare, one_host: ClientPool) -> None:
    app = PanelApp(one_host, frozen_clock())

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("down", "d")
        screen = app.screen
        assert isinstance(screen, ModelDetailsScreen)
        await wait_until(pilot, lambda: bool(screen.query("#details-facts")))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 36), run_before=run_before)


def test_models_pull_in_progress(snap_compare, one_host: ClientPool) -> None:
    app = PanelApp(one_host, frozen_clock())
    now = [0.0]
    tracker = PullTracker(clock=lambda: now[0])

    async def run_before(pilot) -> None:
        await settle(pilot)
        feed: list[tuple[float, PullProgress]] = [
            (0.0, PullProgress("pulling manifest")),
            (0.1, PullProgress("pulling 2af3b81862c6", WEIGHTS, 637_000_000)),
            (0.0, PullProgress("pulling af0ddbdaaa26", TEMPLATE, 70)),
            (0.0, PullProgress("pulling c8472cd9daed", PARAMS, 98)),
            (0.0, PullProgress("pulling af0ddbdaaa26", TEMPLATE, 70, 70)),
        ]
        feed += [
            (0.5, PullProgress("pulling 2af3b81862c6", WEIGHTS, 637_000_000, step * 21_000_000))
            for step in range(1, 16)
        ]
        for seconds, line in feed:
            now[0] += seconds
            tracker.feed(line)
        row = app.panel.pulls.add_pull("workstation", "tinyllama:1.1b", tracker, show_host=False)
        await pilot.pause()
        row.update_progress()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(60, 40), run_before=run_before)
