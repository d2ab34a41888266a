"""Snapshot at 80x24 of the preset picker: the list, and the preview of a preset the
session on screen (an OpenAI-compatible host) cannot fully take."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Input

from ollamux.api.capabilities import OPENAI_COMPATIBLE
from ollamux.config import presets_dir
from ollamux.core.preset_apply import Known
from ollamux.ui.presets import PresetPicker
from tests.ui_helpers import screen_text, wait_until

GPU_CODER = '''\
name = "GPU coder"
description = "Long answers with the whole repo in context"
model = "qwen3:32b"
system = "You are a careful Python engineer. Think before you answer; show complete files."
think = "high"
keep_alive = "30m"

[options]
num_ctx = 32768
temperature = 0.3
'''


class PresetApp(App[None]):
    def on_mount(self) -> None:
        async def look_up() -> Known:
            return Known(models=["deepseek-chat", "deepseek-reasoner"])

        self.push_screen(PresetPicker(
            presets_dir(), title="Apply a preset to GPU kernels · deepseek-chat",
            capabilities=OPENAI_COMPATIBLE, host="deepseek", model="deepseek-chat", look_up=look_up,
        ))


def test_preset_picker_previews_what_does_not_fit_80x24(snap_compare):
    presets_dir().mkdir(parents=True)
    (presets_dir() / "gpu-coder.toml").write_text(GPU_CODER, encoding="utf-8")
    app = PresetApp()

    async def on_the_users_preset(pilot):
        await wait_until(pilot, lambda: "Code reviewer" in screen_text(app))
        app.screen.query_one(Input).cursor_blink = False
        await pilot.press("down", "down")
        await wait_until(pilot, lambda: "model qwen3:32b: not on host deepseek" in screen_text(app))

    assert snap_compare(app, terminal_size=(80, 24), run_before=on_the_users_preset)
