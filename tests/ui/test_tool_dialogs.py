"""The questions a tool call asks: run it? (y / a / n / Escape / a click) and, for a tool
answered by hand, its result as typed; `ScreenAsker` asks them from the chat's worker."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from ollamux.api.events import ToolCall
from ollamux.core.tools import HAND, Decision, Tool
from ollamux.ui.shared import Confirm
from ollamux.ui.tools import ApprovalScreen, HandAnswerScreen, ScreenAsker
from ollamux.ui.tools.answer import AnswerArea
from tests.ui_helpers import screen_text, wait_until

WEATHER = Tool(source="demo", name="get_weather", description="Current weather in a city.\nMore words.",
               parameters={"type": "object", "properties": {"city": {"type": "string"}}})
LOOKUP = Tool(source=HAND, name="lookup", description="Look a word up.")
TOKYO = ToolCall("get_weather", {"city": "Tokyo", "note": "[b]bold?[/b] \x1b[31mred"})


class Host(App[None]):
    """A plain screen; `ask()` pushes a dialog whose answer lands in `results`."""

    def __init__(self) -> None:
        super().__init__()
        self.results: list[Any] = []

    def compose(self) -> ComposeResult:
        yield Static("the chat would be here")

    def ask(self, screen: Screen[Any]) -> None:
        self.push_screen(screen, self.results.append)


async def answered(pilot: Any, app: Host, count: int = 1) -> Any:
    await wait_until(pilot, lambda: len(app.results) == count)
    return app.results[-1]


async def test_approval_shows_the_call_as_plain_text_and_each_key_and_button_answers() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        for count, (key, decision) in enumerate(
            [("y", Decision.RUN), ("a", Decision.ALWAYS), ("n", Decision.DECLINE), ("escape", Decision.STOP),
             ("ctrl+c", Decision.STOP)],
            start=1,
        ):
            app.ask(ApprovalScreen(WEATHER, TOKYO))
            await wait_until(pilot, lambda: isinstance(app.screen, ApprovalScreen))
            if count == 1:
                await wait_until(pilot, lambda: "Run a tool?" in screen_text(app))
                text = screen_text(app)
                for words in ("Run a tool?", "server demo · get_weather", "Current weather in a city.",
                              '"city": "Tokyo"', '"[b]bold?[/b] \\u001b[31mred"', "y run once", "a always allow",
                              "n decline", "esc stop the reply"):
                    assert words in text
                assert "More words." not in text and "\x1b" not in text
            await pilot.press(key)
            assert await answered(pilot, app, count) is decision
        for count, (button, decision) in enumerate(
            [("#approval-always", Decision.ALWAYS), ("#approval-decline", Decision.DECLINE)], start=6
        ):
            app.ask(ApprovalScreen(WEATHER, TOKYO))
            await wait_until(pilot, lambda: isinstance(app.screen, ApprovalScreen))
            await pilot.click(button)  # the buttons answer the same
            assert await answered(pilot, app, count) is decision
        assert not isinstance(app.screen, ApprovalScreen)


async def test_long_arguments_scroll_keeping_the_keys_and_bad_json_is_shown_as_written() -> None:
    call = ToolCall("get_weather", {f"city_{n}": "x" * 10 for n in range(40)})
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        app.ask(ApprovalScreen(WEATHER, call))
        await wait_until(pilot, lambda: isinstance(app.screen, ApprovalScreen))
        await wait_until(pilot, lambda: "y run once" in screen_text(app))
        text = screen_text(app)
        assert "city_0" in text and "city_39" not in text
        await pilot.press("end")  # the arguments have the focus: they scroll
        await wait_until(pilot, lambda: "city_39" in screen_text(app))
        await pilot.press("y")
        assert await answered(pilot, app) is Decision.RUN
        app.ask(ApprovalScreen(WEATHER, ToolCall("get_weather", {}, raw_arguments='{"city": Tok')))
        await wait_until(pilot, lambda: '{"city": Tok' in screen_text(app))
        assert "not valid JSON" in screen_text(app)


async def test_a_typed_answer_is_sent_with_enter_keeping_newlines_and_readline_keys() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        app.ask(HandAnswerScreen(LOOKUP, ToolCall("lookup", {"word": "tmux"})))
        await wait_until(pilot, lambda: "Answer a tool call" in screen_text(app))
        text = screen_text(app)
        assert "Answer a tool call" in text and "answered by you · lookup" in text and '"word": "tmux"' in text
        assert isinstance(app.focused, AnswerArea)
        # ctrl+u drops the line, ctrl+w a word; ctrl+a / ctrl+e jump; ctrl+j and shift+enter break lines.
        await pilot.press(*"junk", "ctrl+u", *"a terminal", "ctrl+w", *"multiplexer", "ctrl+a", *"A ",
                          "ctrl+e", ".", "ctrl+j", *"line two", "shift+enter", *"three", "enter")
        assert await answered(pilot, app) == "A a multiplexer.\nline two\nthree"


async def test_an_empty_answer_is_asked_about_and_escape_stops() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        app.ask(HandAnswerScreen(LOOKUP, ToolCall("lookup", {})))
        await wait_until(pilot, lambda: isinstance(app.screen, HandAnswerScreen))
        await pilot.press(" ", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        assert "Send an empty result" in screen_text(app)
        await pilot.press("n")  # back to typing, nothing sent
        await wait_until(pilot, lambda: isinstance(app.screen, HandAnswerScreen))
        assert app.results == []
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        assert await answered(pilot, app) == ""
        app.ask(HandAnswerScreen(LOOKUP, ToolCall("lookup", {})))
        await wait_until(pilot, lambda: isinstance(app.screen, HandAnswerScreen))
        await pilot.press(*"half typed", "escape")
        assert await answered(pilot, app, 2) is None


async def test_the_asker_waits_in_a_worker_one_question_at_a_time_and_closes_when_cancelled() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        asker = ScreenAsker(app)
        got: list[object] = []

        async def two_calls() -> None:
            # Two calls of one turn asked at once: the dialogs come one after the other.
            asked = asker.approve(WEATHER, TOKYO), asker.answer(LOOKUP, ToolCall("lookup", {}))
            got.extend(await asyncio.gather(*asked))

        app.run_worker(two_calls())
        await wait_until(pilot, lambda: isinstance(app.screen, ApprovalScreen))
        assert len(app.screen_stack) == 2
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, HandAnswerScreen))
        await pilot.press(*"42", "enter")
        await wait_until(pilot, lambda: got == [Decision.ALWAYS, "42"])

        worker = app.run_worker(asker.approve(WEATHER, TOKYO))
        await wait_until(pilot, lambda: isinstance(app.screen, ApprovalScreen))
        worker.cancel()  # the reply was stopped from elsewhere: the question goes away
        await wait_until(pilot, lambda: len(app.screen_stack) == 1)
        assert worker.is_cancelled
