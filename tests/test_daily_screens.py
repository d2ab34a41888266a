"""Issue 9 screens: dialogs, tabs, compare, models panel and F4, each as a user meets them."""

from __future__ import annotations

import pytest

from ollamux.ui.screens.dialogs import AskText, Choose, Confirm

from tests.ui_helpers import make_app, wait_until


def screen_text(app) -> str:
    """What the terminal shows, line by line."""
    return "\n".join("".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips())


async def started(pilot, count: int = 1) -> None:
    await wait_until(pilot, lambda: len(pilot.app.workspace.views()) >= count and pilot.app.workspace.active_view is not None)


LONG_QUESTION = (
    "Delete qwen3:8b-instruct-q4_K_M from host workstation-with-a-long-name? "
    "This removes it from disk. It is open in 3 sessions, which keep their transcripts."
)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
@pytest.mark.parametrize("dialog", [Confirm, Choose, AskText])
async def test_dialog_text_wraps_and_is_never_cut(sim, tmp_path, size, dialog):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        screen = dialog(LONG_QUESTION, {"y": "yes"}) if dialog is Choose else dialog(LONG_QUESTION)
        await app.push_screen(screen)
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        assert_words_shown(app, LONG_QUESTION)


def assert_words_shown(app, text: str) -> None:
    """Every word of `text` is on screen, whole and in order (lines may wrap)."""
    shown = iter(screen_text(app).split())
    for word in text.split():
        assert word in shown, f"{word!r} is cut or missing"
