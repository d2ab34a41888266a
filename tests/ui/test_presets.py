"""Presets in the app: saved from one session, applied to another, and picked for a new one."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import Input, OptionList

from ollamux.config import presets_dir
from ollamux.core.presets import load_preset_file
from ollamux.ui.models.picker import ModelPicker
from ollamux.ui.presets import PresetPicker
from ollamux.ui.shared import AskText
from tests.ui_helpers import ask, make_app, screen_text, started, wait_until


async def palette(pilot, command: str) -> None:
    """Run a palette command by its title (put in the search at once: typing it costs seconds)."""
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    pilot.app.screen.query_one(Input).value = command
    await wait_until(pilot, lambda: command in str(pilot.app.screen.query_one(OptionList).highlighted_option.prompt))
    await pilot.press("enter")


async def test_a_preset_saved_from_one_session_is_applied_to_another_from_the_palette(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        first = (await started(pilot)).session
        first.system_prompt = "Answer like a pirate."
        first.options.update(temperature=1.3, num_ctx=8192)
        await palette(pilot, "Save as preset")
        await wait_until(pilot, lambda: isinstance(app.screen, AskText))
        app.screen.query_one(Input).value = "Pirate"
        await pilot.press("enter")
        path = presets_dir() / "pirate.toml"
        await wait_until(pilot, lambda: path.exists())
        saved = load_preset_file(path)
        assert (saved.system, saved.options, saved.model) == (
            "Answer like a pirate.", {"num_ctx": 8192, "temperature": 1.3}, "demo-coder:7b")

        second = await app.workbench.open_session("sim", "qwen3:8b")
        second.session.options["top_k"] = 5
        await palette(pilot, "Apply a preset")
        await wait_until(pilot, lambda: isinstance(app.screen, PresetPicker)
                         and "Fits this session" in screen_text(app))
        app.screen.query_one(Input).value = "pira"
        await wait_until(pilot, lambda: "prefers demo-coder:7b" in screen_text(app))  # the preview
        await pilot.press("enter")
        await wait_until(pilot, lambda: second.session.system_prompt == "Answer like a pirate.")
        assert second.session.model == "qwen3:8b"  # a preferred model never moves an open session
        await ask(pilot, "ahoy?")
    body = [r for r in sim.requests if r.path == "/api/chat"][-1].body
    assert body["model"] == "qwen3:8b"
    assert body["messages"][0] == {"role": "system", "content": "Answer like a pirate."}
    assert body["options"] == {"num_ctx": 8192, "temperature": 1.3}  # top_k went with the old settings


async def test_a_new_session_starts_from_the_preset_tab_picked_on_its_preferred_model(sim, tmp_path):
    presets_dir().mkdir(parents=True)
    (presets_dir() / "thinker.toml").write_text(
        'name = "Deep thinker"\nmodel = "qwen3:8b"\nsystem = "Think hard."\nthink = "high"\nformat = "json"\n'
        "[options]\ntemperature = 0.6\n", encoding="utf-8")
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(app.screen, ModelPicker) and "preset: none" in screen_text(app))
        await pilot.press("tab")
        await wait_until(pilot, lambda: isinstance(app.screen, PresetPicker) and "Deep thinker" in screen_text(app))
        app.screen.query_one(Input).value = "deep"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ModelPicker)
                         and "preset: Deep thinker" in screen_text(app))
        await pilot.press("enter")  # on the preferred model, where the cursor went
        await wait_until(pilot, lambda: len(app.workbench.workspace.views()) == 2)
        session = app.workbench.workspace.active_view.session
        assert (session.model, session.system_prompt, session.think, session.format, session.options) == (
            "qwen3:8b", "Think hard.", "high", "json", {"temperature": 0.6})
