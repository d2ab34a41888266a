"""ctrl+g: every open session in one list, for when tabs overflow or alt+N is eaten.

Terminals and tmux often send alt+digit as ESC followed by the digit, which
Textual reads as a macOS Option character (ESC 1 arrives as "¡"), so alt+N
cannot be relied on over SSH. This list always works: typing a tab's number
(one digit or several, past 9 tabs) or Enter jumps.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
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
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    KEYS = "↑↓ move   Enter or its number go   Escape cancel"

    def __init__(self, labels: list[Content], active: int) -> None:
        super().__init__()
        self.labels = labels
        self.active = active
        self.typed = ""  # digits typed so far, when they could still grow into another number

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Sessions"
            yield OptionList(*[Option(label) for label in self.labels])
            yield Label(self.KEYS, classes="keys")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = max(0, self.active - 1)
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index + 1)

    def on_key(self, event: Key) -> None:
        """A number goes there as soon as no longer one could be meant; Enter settles `1` of 12."""
        if event.character is None or not event.character.isdigit():
            return
        event.stop()
        typed = self.typed + event.character
        number = int(typed)
        if not 1 <= number <= len(self.labels):
            typed, number = event.character, int(event.character)  # a fresh start
            if not 1 <= number <= len(self.labels):
                self._show_typed("")
                return
        if number * 10 > len(self.labels):
            self.dismiss(number)
            return
        self._show_typed(typed)
        self.query_one(OptionList).highlighted = number - 1

    def _show_typed(self, typed: str) -> None:
        self.typed = typed
        keys = f"{self.KEYS}   typed {typed}…" if typed else self.KEYS
        self.query_one(".keys", Label).update(keys)

    def action_cancel(self) -> None:
        self.dismiss(None)
