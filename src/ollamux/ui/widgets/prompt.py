"""The prompt editor: Enter sends, ctrl+j or shift+enter starts a new line."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.message import Message
from textual.widgets import TextArea


class PromptArea(TextArea):
    """A multi-line editor whose Enter sends instead of breaking the line.

    Pastes arrive as one Paste event, not as key presses, so a pasted block with
    newlines is inserted whole and never sends by itself.
    """

    DEFAULT_CSS = """
    PromptArea {
        height: auto;
        min-height: 3;
        max-height: 10;
        border: tall $border-blurred;
        &:focus { border: tall $border; }
    }
    """

    @dataclass
    class Submitted(Message):
        prompt: PromptArea
        text: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            id=id,
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            compact=False,
            placeholder="Ask something… (Enter sends, ctrl+j new line)",
        )

    def on_mount(self) -> None:
        # A blinking cursor makes screenshots of a headless run nondeterministic.
        if self.app.is_headless:
            self.cursor_blink = False

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            if self.text.strip():
                self.post_message(self.Submitted(self, self.text))
            return
        if event.key in ("ctrl+j", "shift+enter"):
            event.stop()
            event.prevent_default()
            start, end = self.selection
            self._replace_via_keyboard("\n", start, end)
            return
        await super()._on_key(event)
