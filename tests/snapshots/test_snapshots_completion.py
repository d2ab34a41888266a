"""Snapshot at 80x24 of a completion session: a fill-in-the-middle run and its editors."""

from __future__ import annotations

from ollamux.core.session import Status
from ollamux.sim.workshop_models import FIM_BASE, install_workshop_models
from tests.sim_fixtures import frozen_clock
from tests.ui_helpers import make_app, screen_still, wait_until


def test_a_completion_session_with_a_suffix_at_80x24(snap_compare, make_sim, tmp_path):
    sim = make_sim(clock=frozen_clock())
    install_workshop_models(sim.state, sim.now())
    app = make_app(sim.url, FIM_BASE.name, tmp_path)

    async def completed(pilot):
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = await app.workbench.open_session("sim", FIM_BASE.name, completion=True)
        await wait_until(pilot, lambda: view.editor.has_class("-suffix"))
        view.editor.prompt.insert("def add(a, b):\n")
        view.editor.suffix_area.insert("\nprint(add(1, 2))")
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(view.session.messages) == 2 and view.last_status is Status.COMPLETE)
        await pilot.press("f7")  # the run's prompt and suffix back in the editors
        await screen_still(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=completed)
