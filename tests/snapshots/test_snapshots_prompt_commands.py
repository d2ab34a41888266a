"""Snapshot of prompt commands answered in the transcript at 80x24 (SVG in snapshots/)."""

from __future__ import annotations

from ollamux.ui.chat.command_note import CommandNote
from tests.sim_fixtures import frozen_clock
from tests.ui_helpers import make_app, screen_still, send, wait_until


def test_prompt_command_notes_80x24(snap_compare, make_sim, tmp_path):
    """A set value, a refused one (still in the prompt) and /show, none sent to the model."""
    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, "qwen3:8b", tmp_path)

    async def typed(pilot):
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        for command in ("/set temperature 0.2", "/set nothink", "/show", "/set parameter num_ctx 4k"):
            count = len(view.query(CommandNote))
            await send(pilot, command)
            await wait_until(pilot, lambda count=count: len(view.query(CommandNote)) > count)
        await screen_still(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=typed)


def test_command_list_80x24(snap_compare, make_sim, tmp_path):
    """/? at 80 columns: a description too long for its row wraps within its column."""
    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, "qwen3:8b", tmp_path)

    async def typed(pilot):
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        await send(pilot, "/?")
        await wait_until(pilot, lambda: bool(view.query(CommandNote)))
        await screen_still(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=typed)
