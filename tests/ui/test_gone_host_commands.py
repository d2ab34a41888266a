"""Prompt commands in a session whose host is gone: its settings can still be read and changed."""

from __future__ import annotations

from ollamux.api.hosts import Host
from tests.ui.test_session_hosts import app_with, sessions_on
from tests.ui_helpers import send, started, wait_until


async def test_set_and_show_work_in_a_session_whose_host_is_gone(sim, tmp_path):
    await sessions_on(sim, tmp_path, "old-box", 1)
    app = app_with(tmp_path, (Host("sim", sim.url),))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await started(pilot)
        assert view.host_gone
        await send(pilot, "/set parameter temperature 0.2")
        await wait_until(pilot, lambda: view.session.options.get("temperature") == 0.2)
        await send(pilot, "/show")
        await wait_until(pilot, lambda: "temperature 0.2" in " ".join(
            note.text for note in view.query("CommandNote")))
        assert view.query_one("#prompt").text == ""
