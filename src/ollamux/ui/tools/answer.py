"""The result of a hand-answered tool: the call is shown and the user types what it returns.

The editor keys are the chat prompt's: Enter sends, ctrl+j or shift+enter breaks
the line, and the readline keys run where they arrive in a burst of keys. An empty
result can be what a test wants to send, so it is asked about, not refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from ollamux.api.events import ToolCall
from ollamux.core.tools import Tool
from ollamux.ui.shared import Confirm
from ollamux.ui.shared.keys_in_order import AREA_KEYS, run_in_order
from ollamux.ui.tools.approval import call_head, dialog_css

TITLE = "Answer a tool call"
KEYS = "Enter send · ctrl+j new line · esc stop the reply"
EMPTY_QUESTION = "Send an empty result to the model?"

class AnswerArea(TextArea):
    """A multi-line editor whose Enter sends (`AnswerArea.Submitted`) instead of breaking the line."""

    @dataclass
    class Submitted(Message):
        text: str

    async def on_key(self, event: events.Key) -> None:
        if await run_in_order(self, event, AREA_KEYS):  # readline keys, in order in a burst
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self.text))
        elif event.key in ("ctrl+j", "shift+enter"):
            event.stop()
            event.prevent_default()
            start, end = self.selection
            self.replace("\n", start, end, maintain_selection_offset=False)


class HandAnswerScreen(ModalScreen[str | None]):
    """Dismissed with the typed result, or None when Escape stops the reply."""

    DEFAULT_CSS = dialog_css("HandAnswerScreen") + """
    HandAnswerScreen .tool-arguments { max-height: 8; }
    HandAnswerScreen AnswerArea {
        height: auto; min-height: 3; max-height: 8; margin-top: 1;
        border: tall $border-blurred;
        &:focus { border: tall $border; }
    }
    """

    BINDINGS = [Binding("escape", "stop", "Stop the reply")]
    AUTO_FOCUS = "AnswerArea"

    def __init__(self, tool: Tool, call: ToolCall) -> None:
        super().__init__()
        self.tool = tool
        self.call = call

    def compose(self) -> ComposeResult:
        with Vertical(classes="tool-dialog") as dialog:
            dialog.border_title = TITLE
            yield from call_head(self.tool, self.call)
            yield AnswerArea(
                soft_wrap=True,
                show_line_numbers=False,
                tab_behavior="focus",
                placeholder="The tool's result, as the model should read it",
            )
            yield Static(Content(KEYS), classes="tool-keys")

    @property
    def editor(self) -> AnswerArea:
        return self.query_one(AnswerArea)

    @on(AnswerArea.Submitted)
    def _submitted(self, event: AnswerArea.Submitted) -> None:
        event.stop()
        text = event.text
        if text.strip():
            self.dismiss(text)
            return

        def answered(send: bool | None) -> None:
            if send:
                self.dismiss("")

        self.app.push_screen(Confirm(EMPTY_QUESTION), answered)

    def action_stop(self) -> None:
        self.dismiss(None)
