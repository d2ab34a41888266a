"""Snapshots at 80x24 of the keys of issue 9: Stop in the footer from the inspector, and
the question before closing a session with a draft."""

from __future__ import annotations

from ollamux.ui.inspector.panel import Inspector
from ollamux.ui.shared.dialogs import Confirm
from tests.sim_fixtures import frozen_clock
from tests.ui_helpers import make_app, screen_still, send, started, wait_until


def test_stop_is_in_the_footer_while_the_inspector_has_the_focus(snap_compare, make_sim, tmp_path):
    slow = make_sim(clock=frozen_clock(), delay_scale=100)  # loads for minutes: still streaming in the picture
    app = make_app(slow.url, "slow-model:latest", tmp_path)

    async def streaming_behind_the_inspector(pilot):
        await started(pilot)
        view = app.workbench.workspace.active_view
        await send(pilot, "tell me a long story")
        await wait_until(pilot, lambda: view.session.streaming)
        await pilot.press("f5")
        await wait_until(pilot, lambda: bool(app.query(Inspector)) and app.focused is not None)
        await screen_still(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=streaming_behind_the_inspector)


def test_closing_a_session_with_a_draft_asks_and_says_it_is_kept(snap_compare, make_sim, tmp_path):
    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, "demo-coder:7b", tmp_path)

    async def asked(pilot):
        await started(pilot)
        app.workbench.workspace.active_view.query_one("#prompt").insert("half a thought about retries")
        await screen_still(pilot)
        await pilot.press("f12")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))

    assert snap_compare(app, terminal_size=(80, 24), run_before=asked)
