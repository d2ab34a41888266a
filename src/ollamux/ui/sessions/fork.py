"""Pick the message to fork a session at."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ollamux.core.session import ChatMessage
from ollamux.core.text import strip_control

PREVIEW = 70


def message_line(message: ChatMessage) -> Content:
    first = next((line.strip() for line in message.content.splitlines() if line.strip()), "")
    first = strip_control(first)
    if len(first) > PREVIEW:
        first = first[: PREVIEW - 1] + "…"
    who = "You" if message.role == "user" else message.role.capitalize() if message.role != "assistant" else "Reply"
    return Content.assemble((f"{who:<6}", "bold"), " ", first or "(empty)")


class ForkPoint(ModalScreen[int | None]):
    """Every message of the session; Enter forks through the highlighted one."""

    DEFAULT_CSS = """
    ForkPoint { align: center middle; }
    ForkPoint > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ForkPoint OptionList { height: auto; max-height: 30; border: none; }
    ForkPoint .keys { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, messages: list[ChatMessage]) -> None:
        super().__init__()
        self.messages = messages

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Fork the session after…"
            yield OptionList(*[Option(message_line(m)) for m in self.messages])
            yield Label("↑↓ move   Enter fork into a new tab   Escape cancel", classes="keys")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = len(self.messages) - 1
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)
