"""Which model summarises: the session's own on Enter, another on m (the model picker)."""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

Answer = Literal["own", "other"]


class SummariserChoice(ModalScreen[Answer | None]):
    """Enter: the session's model; m: pick another; Escape: do not compact."""

    DEFAULT_CSS = """
    SummariserChoice { align: center middle; }
    SummariserChoice > Vertical {
        width: 64; max-width: 95%; height: auto; border: thick $primary; background: $surface; padding: 1 2;
    }
    SummariserChoice Label { width: 100%; }
    SummariserChoice .keys { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("enter", "answer('own')", "This session's model"),
        Binding("m", "answer('other')", "Another model"),
        Binding("escape", "answer(None)", "Cancel"),
    ]

    def __init__(self, count: int, model: str) -> None:
        super().__init__()
        self.count = count
        self.model = model

    def compose(self) -> ComposeResult:
        noun = "message" if self.count == 1 else "messages"
        with Vertical():
            # Model names are outside text: plain Text, never markup.
            yield Label(Text(
                f"Compact: summarise the {self.count} earlier {noun} (all but the last exchange). "
                "The summary is sent instead of them; they stay on screen and in the file."
            ))
            yield Label(Text(f"Enter: with {self.model} (this session's)    m: another model…    Escape: cancel"),
                        classes="keys")

    def action_answer(self, answer: Answer | None) -> None:
        self.dismiss(answer)
