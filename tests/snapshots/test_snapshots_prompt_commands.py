"""Snapshots of prompt commands answered in the transcript at 80x24 (SVGs in snapshots/)."""

from __future__ import annotations

from ollamux.ui.app import OllamuxApp
from ollamux.ui.chat.command_note import CommandNote
from tests.sim_fixtures import frozen_clock
from tests.ui_helpers import make_app, screen_still, send, wait_until


def typing(app: OllamuxApp, *commands: str):
    """What the snapshot runs first: each command sent and its note waited for."""

    async def typed(pilot):
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        for command in commands:
            count = len(view.query(CommandNote))
            await send(pilot, command)
            await wait_until(pilot, lambda count=count: len(view.query(CommandNote)) > count)
        await screen_still(pilot)

    return typed


def test_prompt_command_notes_80x24(snap_compare, make_sim, tmp_path):
    """A set value, a refused one (still in the prompt) and /show, none sent to the model."""
    app = make_app(make_sim(clock=frozen_clock()).url, "qwen3:8b", tmp_path)
    commands = ("/set temperature 0.2", "/set nothink", "/show", "/set parameter num_ctx 4k")
    assert snap_compare(app, terminal_size=(80, 24), run_before=typing(app, *commands))


def test_command_list_80x24(snap_compare, make_sim, tmp_path):
    """/? at 80 columns: a description too long for its row wraps within its column."""
    app = make_app(make_sim(clock=frozen_clock()).url, "qwen3:8b", tmp_path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=typing(app, "/?"))
