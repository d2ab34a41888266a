"""Keys typed right after Enter belong to the next prompt, not to the one sent."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual import events
from textual.app import App

from ollamux.core.session import Status
from ollamux.ui.chat.prompt import PromptArea, typed_since
from ollamux.ui.chat.view import ChatView
from tests.ui_helpers import make_app, wait_until


def type_in_one_read(app: App[None], *keys: str) -> None:
    """Queue key presses all at once, as the terminal driver does with one read of
    "hi\rxy"; pilot.press() lets the app settle between keys, which hides the race."""
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)


async def test_keys_typed_in_the_same_instant_as_enter_are_kept(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        prompt = view.query_one(PromptArea)
        prompt.focus()
        # One read: the keys after Enter arrive before the send is accepted.
        type_in_one_read(app, "h", "i", "enter", "x", "y")
        await wait_until(pilot, lambda: view.last_status is Status.COMPLETE)
        assert view.session.messages[-2].content == "hi"
        assert prompt.text == "xy"
        await pilot.press("z")  # the cursor stayed after what was typed
        assert prompt.text == "xyz"


async def test_keys_typed_after_enter_in_the_middle_of_a_prompt_are_kept(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view: ChatView = app.workbench.workspace.active_view
        prompt = view.query_one(PromptArea)
        prompt.focus()
        type_in_one_read(app, "a", "b", "c", "left", "left", "enter", "x", "y")
        await wait_until(pilot, lambda: view.last_status is Status.COMPLETE)
        assert view.session.messages[-2].content == "abc"
        assert prompt.text == "xy"


@given(st.text(min_size=1), st.text(), st.data())
def test_typed_since_returns_exactly_what_was_inserted(sent: str, typed: str, data: st.DataObject) -> None:
    where = data.draw(st.integers(0, len(sent)))
    current = sent[:where] + typed + sent[where:]
    left = typed_since(current, sent)
    assert left is not None and len(left) == len(typed)
    # What is left is the inserted text, up to where the insertion is read to start
    # when its first characters repeat the sent text around it.
    assert any(sent[:i] + left + sent[i:] == current for i in range(len(sent) + 1))


@given(st.text(min_size=2), st.data())
def test_a_prompt_edited_after_enter_is_left_alone(sent: str, data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(sent) - 1))
    assert typed_since(sent[:cut] + sent[cut + 1:], sent) is None
