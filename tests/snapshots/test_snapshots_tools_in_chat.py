"""The approval question in the real app at 80x24: the simulator's tool model asked
to add two numbers with the test MCP server's `add`."""

from __future__ import annotations

from ollamux.ui.tools import ApprovalScreen
from tests.sim_fixtures import frozen_clock
from tests.ui.test_tools_in_chat import tools_app
from tests.ui_helpers import send, started, wait_until


def test_a_call_waiting_for_approval_at_80x24(snap_compare, make_sim, tmp_path) -> None:
    sim = make_sim(clock=frozen_clock())
    app = tools_app(sim.url, tmp_path)

    async def ask(pilot) -> None:
        await started(pilot)
        # Started first: the notice of a start under way is not the point here.
        servers = app.workbench.toolbox.servers
        servers.ensure_started()
        await servers.wait_ready()
        await send(pilot, "please add 2 and 40")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ApprovalScreen), timeout=20)

    assert snap_compare(app, terminal_size=(80, 24), run_before=ask)
