"""Snapshot of the create form: a session about to be saved as a model (SVG in snapshots/)."""

from __future__ import annotations

from textual.widgets import Checkbox

from ollamux.ui.workshop.create_form import CreateScreen
from tests.sim_fixtures import frozen_clock
from tests.ui_helpers import ask, make_app, screen_still, wait_until


def test_saving_a_session_as_a_model_at_80x24(snap_compare, make_sim, tmp_path):
    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, "demo-coder:7b", tmp_path)

    async def asked(pilot):
        view = await ask(pilot, "Show me how to fetch a URL with retries")
        view.session.system_prompt = "You are a terse senior engineer.\nAnswer with code first."
        view.session.options.update({"temperature": 0.2, "num_ctx": 8192, "stop": ["User:"]})
        await screen_still(pilot)
        await pilot.press("alt+w")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateScreen))
        app.screen.query_one(Checkbox).value = True
        await pilot.press(*"terse-coder")
        await screen_still(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=asked)
