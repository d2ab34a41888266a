"""Every one-line text field keeps readline keys in order within a burst of keys."""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult

from ollamux.ui.shared import LineInput


class FieldApp(App[None]):
    def compose(self) -> ComposeResult:
        yield LineInput()


async def test_readline_keys_keep_their_place_in_a_burst_of_keys() -> None:
    app = FieldApp()
    async with app.run_test() as pilot:
        field = app.query_one(LineInput)
        await pilot.press(*"xyz")
        burst = [("ctrl+u", None), ("a", "a"), ("b", "b"), (" ", " "), ("ctrl+w", None), ("c", "c"),
                 ("ctrl+a", None), (">", ">"), ("ctrl+e", None), ("<", "<"), ("ctrl+a", None),
                 ("ctrl+k", None), ("d", "d")]
        for key, character in burst:
            app.post_message(events.Key(key, character))
        await pilot.pause()
        assert field.value == "d"


async def test_editing_keys_keep_their_place_in_a_burst_of_keys() -> None:
    """Backspace and the arrows are bindings too: in a burst they once acted after the letters behind them."""
    app = FieldApp()
    async with app.run_test() as pilot:
        field = app.query_one(LineInput)
        burst = [("a", "a"), ("b", "b"), ("c", "c"), ("backspace", None), ("d", "d"), ("left", None),
                 ("X", "X"), ("home", None), ("<", "<")]
        for key, character in burst:
            app.post_message(events.Key(key, character))
        await pilot.pause()
        assert field.value == "<abXd"
