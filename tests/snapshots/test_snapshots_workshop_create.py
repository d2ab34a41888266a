"""Snapshot of the create form: a session about to be saved as a model (SVG in snapshots/)."""

from __future__ import annotations

from textual.widgets import Checkbox

from ollamux.core.session import ChatMessage, Session
from ollamux.ui.workshop.create_form import CreateScreen
from tests.sim_fixtures import frozen_clock
from tests.ui_helpers import make_app, screen_still, started, wait_until


def test_saving_a_session_as_a_model_at_80x24(snap_compare, make_sim, tmp_path):
    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    # A finished session, opened whole: no reply streams, no tab label changes under the form.
    session = Session(host="sim", model="demo-coder:7b", title="Retries",
                      system_prompt="You are a terse senior engineer.\nAnswer with code first.",
                      options={"temperature": 0.2, "num_ctx": 8192, "stop": ["User:"]})
    session.messages = [
        ChatMessage(role="user", content="How do I retry a request?"),
        ChatMessage(role="assistant", content="Wrap it in a loop with a growing sleep."),
    ]

    async def asked(pilot):
        await started(pilot)
        await app.workbench.workspace.close(app.workbench.workspace.active_view)
        await app.workbench.add_session(session)
        await screen_still(pilot)
        await pilot.press("alt+m")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateScreen))
        app.screen.query_one(Checkbox).value = True
        await pilot.press(*"terse-coder")
        await screen_still(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=asked)
