"""A finished tool-calling exchange at 80x24 in the real app: two calls (one ok and
unfolded, one failed), then the model's answer.

The session is built in the test (the simulator only lists the model), so no
timing figure or clock reaches the picture.
"""

from __future__ import annotations

from ollamux.api.events import Stats
from ollamux.core.session import Session
from ollamux.ui.tools.row import ToolRow
from tests.sim_fixtures import frozen_clock
from tests.ui.test_tool_rows import exchange
from tests.ui_helpers import make_app, started, wait_until

MODEL = "tool-model:latest"


def test_a_finished_exchange_with_an_ok_and_a_failed_call_at_80x24(snap_compare, make_sim, tmp_path) -> None:
    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, MODEL, tmp_path)
    session = Session(host="sim", model=MODEL, title="Weather and motd")
    session.messages = exchange()
    # Short enough that the whole turn fits the screen (the cut is tested in test_tool_rows).
    session.messages[2].content = "Tokyo: sunny, 24 °C\nTomorrow: sunny, 25 °C\nSunday: clouds, 22 °C"
    session.messages[-1].stats = Stats(
        prompt_tokens=212, generated_tokens=18, prompt_seconds=0.2, generation_seconds=0.5, total_seconds=0.8
    )

    async def show(pilot) -> None:
        await started(pilot)
        await app.workbench.workspace.close(app.workbench.workspace.active_view)
        view = await app.workbench.add_session(session)
        await wait_until(pilot, lambda: len(view.query(ToolRow)) == 2)
        view.query(ToolRow).first().toggle()

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)
