"""The prompt editor: history with Up/Down, Enter sends, newlines, pastes."""

from __future__ import annotations

from textual import events, on
from textual.app import App, ComposeResult

from ollamux.core.history import PromptHistory
from ollamux.ui.chat.prompt import PromptArea


class PromptApp(App[None]):
    def __init__(self, history: list[str] | None = None) -> None:
        super().__init__()
        self.history = history or []
        self.sent: list[str] = []

    def compose(self) -> ComposeResult:
        yield PromptArea(id="prompt", history=self.history)

    @on(PromptArea.Submitted)
    def _sent(self, event: PromptArea.Submitted) -> None:
        self.sent.append(event.text)


async def test_up_recalls_newest_first_and_down_returns_to_the_draft():
    app = PromptApp(["first prompt", "second prompt"])
    async with app.run_test() as pilot:
        prompt = app.query_one(PromptArea)
        await pilot.press(*"my dra")
        await pilot.press("up")
        assert prompt.text == "second prompt"
        await pilot.press("up")
        assert prompt.text == "first prompt"
        await pilot.press("up")  # nothing older: stays
        assert prompt.text == "first prompt"
        await pilot.press("down")
        assert prompt.text == "second prompt"
        await pilot.press("down")
        assert prompt.text == "my dra"
        await pilot.press(*"ft")
        assert prompt.text == "my draft"


async def test_up_inside_a_multiline_prompt_moves_the_cursor_first():
    app = PromptApp(["old one"])
    async with app.run_test() as pilot:
        prompt = app.query_one(PromptArea)
        await pilot.press("a", "ctrl+j", "b")
        assert prompt.text == "a\nb"
        await pilot.press("up")
        assert prompt.text == "a\nb" and prompt.cursor_location[0] == 0
        await pilot.press("up")
        assert prompt.text == "old one"
        await pilot.press("down")
        assert prompt.text == "a\nb"


async def test_remembered_prompts_are_recalled_and_a_recall_can_be_sent():
    app = PromptApp()
    async with app.run_test() as pilot:
        prompt = app.query_one(PromptArea)
        await pilot.press("up")
        assert prompt.text == ""  # no history yet: Up does nothing
        await pilot.press(*"hello", "enter")
        assert app.sent == ["hello"]
        prompt.remember("hello")  # what ChatView does once the send is accepted
        prompt.clear()
        await pilot.press("up")
        assert prompt.text == "hello"
        await pilot.press("enter")
        assert app.sent == ["hello", "hello"]


async def test_enter_sends_newline_keys_do_not():
    app = PromptApp()
    async with app.run_test() as pilot:
        prompt = app.query_one(PromptArea)
        await pilot.press("enter")  # empty: the chat view decides (chips alone can be sent)
        assert app.sent == [""]
        await pilot.press("a", "ctrl+j", "b", "shift+enter", "c")
        assert prompt.text == "a\nb\nc" and app.sent == [""]
        await pilot.press("enter")
        assert app.sent == ["", "a\nb\nc"]


async def test_a_pasted_block_with_newlines_is_inserted_and_never_sent():
    app = PromptApp()
    async with app.run_test() as pilot:
        prompt = app.query_one(PromptArea)
        await pilot.press(*"see: ")
        app.post_message(events.Paste("line one\nline two\n"))  # as the terminal delivers it
        await pilot.pause()
        assert prompt.text == "see: line one\nline two\n"
        assert app.sent == []


def test_history_skips_blank_and_repeated_prompts():
    history = PromptHistory(["a", "  "])
    history.remember("b")
    history.remember("b")
    history.remember("   ")
    assert history.entries == ["a", "b"]
    assert history.newer() is None  # not browsing
    assert history.older("draft") == "b"
    history.remember("c")  # a send ends browsing
    assert not history.browsing and history.older("") == "c"


async def typed_in_one_burst(*keys: str) -> str:
    """The prompt's text after `keys` arrive together, as tmux send-keys or a fast typist over SSH sends them.

    A key of one character types it; any other (ctrl+u, left, …) types nothing.
    """
    app = PromptApp()
    async with app.run_test() as pilot:
        prompt = app.query_one(PromptArea)
        prompt.remember("earlier")
        await pilot.press(*"xyz")
        for key in keys:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause()
        return prompt.text


async def test_readline_keys_keep_their_place_in_a_burst_of_keys():
    text = await typed_in_one_burst("ctrl+u", *"ab ", "ctrl+w", "c", "ctrl+a", ">", "ctrl+e", "<")
    assert text == ">c<"


async def test_editing_keys_keep_their_place_in_a_burst_of_keys():
    """Backspace, Delete and the arrows are bindings too: in a burst they once acted after the letters behind them."""
    text = await typed_in_one_burst(*"abc", "backspace", "d", "left", "left", "X", "delete", "Y", "end", "!")
    assert text == "xyzaXYd!"


async def test_up_still_recalls_an_earlier_prompt_in_a_burst():
    text = await typed_in_one_burst("ctrl+u", "up", "backspace", "s")
    assert text == "earlies"
