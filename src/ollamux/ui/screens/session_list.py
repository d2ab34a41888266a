"""ctrl+g: every open session in one list, for when tabs overflow or alt+N is eaten.

Terminals and tmux often send alt+digit as ESC followed by the digit, which
Textual reads as a macOS Option character (ESC 1 arrives as "¡"), so alt+N
cannot be relied on over SSH. This list always works: a digit or Enter jumps.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


class SessionList(ModalScreen[int | None]):
    """Pick a session by number: dismisses with its 1-based position, or None."""

    DEFAULT_CSS = """
    SessionList { align: center middle; }
    SessionList > Vertical {
        width: 72; max-width: 95%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    SessionList OptionList { height: auto; max-height: 20; border: none; }
    SessionList .keys { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")] + [
        Binding(str(n), f"jump({n})", show=False) for n in range(1, 10)
    ]

    def __init__(self, labels: list[Content], active: int) -> None:
        super().__init__()
        self.labels = labels
        self.active = active

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Sessions"
            yield OptionList(*[Option(label) for label in self.labels])
            yield Label("↑↓ move   Enter or 1–9 go   Escape cancel", classes="keys")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = max(0, self.active - 1)
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index + 1)

    def action_jump(self, number: int) -> None:
        if number <= len(self.labels):
            self.dismiss(number)

    def action_cancel(self) -> None:
        self.dismiss(None)
