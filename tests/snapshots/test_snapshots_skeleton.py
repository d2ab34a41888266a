"""Snapshots of the walking skeleton (SVGs in snapshots/)."""

from __future__ import annotations

from ollamux.core.session import Status
from ollamux.ui.chat.view import ChatView
from tests.sim_fixtures import frozen_clock
from tests.ui_helpers import make_app, send, wait_until


def test_finished_reply_with_folded_thinking(snap_compare, make_sim, tmp_path):
    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, "qwen3:8b", tmp_path)

    async def ask(pilot):
        await wait_until(pilot, lambda: bool(app.query(ChatView)))
        await send(pilot, "What is 17 times 23?")
        chat = app.query_one(ChatView)
        await wait_until(pilot, lambda: chat.last_status is Status.COMPLETE)

    assert snap_compare(app, terminal_size=(100, 30), run_before=ask)
