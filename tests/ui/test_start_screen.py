"""A launch draws the start screen first: what is typed there reaches the workbench's prompt, in order."""

from __future__ import annotations

import asyncio

from textual import events
from textual.widgets import TextArea

from ollamux.core.session import Status
from ollamux.ui.app import OllamuxApp
from ollamux.ui.start import StartScreen
from ollamux.ui.start.screen import TabRow
from ollamux.ui.workbench import WorkbenchScreen
from ollamux.ui.workbench.early_keys import EarlyKeys
from tests.ui_helpers import make_app, started, wait_until


class SlowToLoad(OllamuxApp):
    """Loads its workbench only when told to: the start screen stays up meanwhile."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, start_screen=True, **kwargs)
        self.may_load = asyncio.Event()

    def _load_workbench(self):  # type: ignore[override]
        self.run_worker(self._when_told())

    async def _when_told(self) -> None:
        await self.may_load.wait()
        super()._load_workbench()


def slow_app(sim, tmp_path) -> SlowToLoad:
    return SlowToLoad(make_app(sim.url, "demo-coder:7b", tmp_path).config)


async def load_workbench(app: SlowToLoad, pilot):
    """Let the workbench load; its session's view, once on screen."""
    app.may_load.set()
    await wait_until(pilot, lambda: isinstance(app.screen, WorkbenchScreen))
    return await started(pilot)


def start_prompt(app: OllamuxApp) -> TextArea:
    assert isinstance(app.screen, StartScreen)
    return app.screen.query_one(TextArea)


async def test_the_start_screen_names_the_new_session_and_shows_what_is_typed(sim, tmp_path):
    app = slow_app(sim, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        assert " 1 new · demo-coder:7b\n" in str(app.screen.query_one(TabRow).render())
        await pilot.press(*"hello", "backspace", "!", "left", "ctrl+w", "x")
        assert start_prompt(app).text == "x!"
        assert not any(isinstance(screen, WorkbenchScreen) for screen in app.screen_stack)

        view = await load_workbench(app, pilot)
        prompt = view.query_one("#prompt", TextArea)
        await wait_until(pilot, lambda: prompt.text == "x!")
        assert prompt.cursor_location == (0, 1)  # where the left arrow left it
        await pilot.press("?")
        assert prompt.text == "x?!"  # from then on, straight in


async def test_enter_typed_on_the_start_screen_sends_once_the_workbench_is_there(sim, tmp_path):
    app = slow_app(sim, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        await pilot.press(*"hi", "enter", *"next")
        assert start_prompt(app).text == "next"  # the sent text leaves the prompt, as it will

        view = await load_workbench(app, pilot)
        await wait_until(pilot, lambda: view.last_status is Status.COMPLETE)
        assert view.session.messages[0].content == "hi"
        await wait_until(pilot, lambda: view.query_one("#prompt", TextArea).text == "next")


async def test_a_paste_and_keys_read_before_the_first_frame_reach_the_prompt(sim, tmp_path):
    app = slow_app(sim, tmp_path)
    app._early_keys = EarlyKeys("ab")  # as the graphics query hands them over
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        assert start_prompt(app).text == "ab"
        app.post_message(events.Paste(" pasted\nblock"))
        await pilot.pause()
        assert start_prompt(app).text == "ab pasted\nblock"

        view = await load_workbench(app, pilot)
        prompt = view.query_one("#prompt", TextArea)
        await wait_until(pilot, lambda: prompt.text == "ab pasted\nblock")
        assert view.session.messages == []  # a paste never sends by itself


async def test_ctrl_q_on_the_start_screen_quits_once_the_workbench_is_there(sim, tmp_path):
    app = slow_app(sim, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        await pilot.press("ctrl+q")
        assert app.is_running
        app.may_load.set()
        await wait_until(pilot, lambda: not app.is_running)


async def test_with_no_model_named_the_start_screen_shows_no_prompt_to_type_into(sim, tmp_path):
    """The first model the host lists opens after the workbench takes keys: text shown here could vanish."""
    app = SlowToLoad(make_app(sim.url, None, tmp_path).config)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        assert not app.screen.query(TextArea)
        await pilot.press(*"hi")  # held, shown nowhere
        view = await load_workbench(app, pilot)
        assert view.session.model  # the first model listed
