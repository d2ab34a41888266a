"""Sending attachments: to every model of a comparison, and with no text at all."""

from __future__ import annotations

from PIL import Image
from textual import events

from ollamux.core.session import Status
from ollamux.ui.chat.compare import CompareScreen
from tests.ui_helpers import make_app, painted, wait_until

FAST = "fast-model:latest"


def screen_lines(app) -> str:
    return "\n".join(strip.text for strip in painted(app))


async def test_compare_sends_the_image_to_the_vision_model_and_names_the_one_that_cannot_see(
    sim, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    Image.new("RGB", (64, 48), "red").save(tmp_path / "cat.png")
    app = make_app(sim.url, FAST, tmp_path)
    notices: list[str] = []
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        monkeypatch.setattr(app.workbench, "notify", lambda message, **kw: notices.append(message))
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: "[ ] gemma3:4b" in screen_lines(app))
        for name in ("gemma3", "qwen3:8b"):
            await pilot.press(*name)
            await wait_until(pilot, lambda name=name: f"[ ] {name}" in screen_lines(app))
            await pilot.press("space", "ctrl+u")
        await wait_until(pilot, lambda: "[x] qwen3:8b" in screen_lines(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AskText")
        await pilot.press(*"what is @nothere.png", "enter")
        # A file that cannot be attached: said, and the prompt is asked again with the text kept.
        await wait_until(pilot, lambda: any("nothere.png" in n for n in notices))
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AskText")
        await wait_until(pilot, lambda: "what is @nothere.png" in screen_lines(app))
        await pilot.press("ctrl+u", *"what is @cat.png", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CompareScreen))
        assert any(n.startswith("qwen3:8b cannot see images") for n in notices)
        views = app.workbench.workspace.views()[1:]
        assert [v.session.model for v in views] == ["gemma3:4b"]
        await wait_until(pilot, lambda: views[0].last_status is Status.COMPLETE, timeout=30)
        prompt, reply = views[0].session.messages
        assert prompt.content == "what is cat.png"
        assert [a.name for a in prompt.attachments] == ["cat.png"]
        assert "1 image" in reply.content and "64×48" in reply.content


async def test_enter_on_an_empty_prompt_sends_nothing_but_with_a_chip_sends_the_image(sim, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Image.new("RGB", (32, 16), "blue").save(tmp_path / "dot.png")
    app = make_app(sim.url, "gemma3:4b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        await pilot.press("enter")
        await pilot.pause()
        assert view.session.messages == []
        view.query_one("#prompt").post_message(events.Paste(str(tmp_path / "dot.png")))
        await wait_until(pilot, lambda: [a.name for a in view.session.draft_attachments] == ["dot.png"])
        await pilot.press("enter")
        await wait_until(pilot, lambda: view.last_status is Status.COMPLETE, timeout=30)
        prompt, reply = view.session.messages
        assert prompt.content == "" and [a.name for a in prompt.attachments] == ["dot.png"]
        assert "32×16" in reply.content
        assert view.session.draft_attachments == []
