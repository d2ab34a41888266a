"""ctrl+y copy mode: labels, one key copies, OSC 52 bytes to the terminal sink."""

from __future__ import annotations

import base64

from ollamux.api.hosts import Host
from ollamux.config import Config
from ollamux.core.session import Status
from ollamux.ui.app import OllamuxApp
from ollamux.ui.clipboard import Clipboard
from ollamux.ui.screens.copy_mode import CopyMode
from tests.ui_helpers import send, wait_until


def app_with_sink(url: str, tmp_path, sink: list[str], environ: dict[str, str] | None = None) -> OllamuxApp:
    config = Config(
        hosts=(Host("sim", url),), default_model="demo-coder:7b",
        config_path=tmp_path / "config.toml", data_dir=tmp_path / "data", restore_sessions=False,
    )
    return OllamuxApp(config, clipboard=Clipboard(sink.append, environ=environ or {}, local=None))


def decoded(sequence: str) -> str:
    payload = sequence.removeprefix("\x1b]52;c;").removesuffix("\x07")
    return base64.b64decode(payload).decode()


async def answered(pilot, app) -> None:
    await wait_until(pilot, lambda: app.workspace.active_view is not None)
    view = app.workspace.active_view
    await send(pilot, "Show me how to fetch a URL with retries")
    await wait_until(pilot, lambda: view.last_status is Status.COMPLETE)


async def test_a_label_copies_that_block_over_osc52(sim, tmp_path):
    sink: list[str] = []
    app = app_with_sink(sim.url, tmp_path, sink)
    async with app.run_test(size=(80, 24)) as pilot:
        await answered(pilot, app)
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: isinstance(app.screen, CopyMode))
        blocks = app.screen.blocks
        assert [b.language for b in blocks][:2] == ["python", "bash"]
        await pilot.press("1")
        await wait_until(pilot, lambda: bool(sink))
        assert decoded(sink[0]) == blocks[0].code
        assert blocks[0].code.startswith("import time")
        note = [str(n.message) for n in app._notifications][-1]
        assert "block 1 (python" in note and f"{len(blocks[0].code.encode())}" in note.replace(",", "")


async def test_r_copies_the_last_reply_and_inside_tmux_the_sequence_is_wrapped(sim, tmp_path):
    sink: list[str] = []
    app = app_with_sink(sim.url, tmp_path, sink, environ={"TMUX": "/tmp/tmux-0/default,1,0"})
    async with app.run_test(size=(80, 24)) as pilot:
        await answered(pilot, app)
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: isinstance(app.screen, CopyMode))
        await pilot.press("r")
        await wait_until(pilot, lambda: bool(sink))
    wrapped = sink[0]
    assert wrapped.startswith("\x1bPtmux;\x1b\x1b]52;c;") and wrapped.endswith("\x07\x1b\\")
    inner = wrapped.removeprefix("\x1bPtmux;\x1b").removesuffix("\x1b\\")
    assert decoded(inner) == app.sessions[0].messages[-1].content
