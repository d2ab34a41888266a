"""Small modal questions: yes or no, one of a few answers, and one line of text."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from ollamux.ui.shared.line_input import LineInput

DIALOG_CSS = """
Confirm, Choose, AskText { align: center middle; }
Confirm > Vertical, Choose > Vertical, AskText > Vertical {
    width: 64; max-width: 95%; height: auto;
    border: thick $primary; background: $surface; padding: 1 2;
}
/* A Label is as wide as its text by default, and the box then cuts it: wrap instead. */
Confirm Label, Choose Label, AskText Label { width: 100%; }
Confirm .keys, Choose .keys, AskText .keys { color: $text-muted; margin-top: 1; }
"""


class Confirm(ModalScreen[bool]):
    """A yes/no question: y or Enter says yes, n or Escape says no."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.question))
            yield Label("y / Enter: yes    n / Escape: no", classes="keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class Choose(ModalScreen[str | None]):
    """One of a few answers, each on a key; Escape cancels (None)."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, answers: dict[str, str]) -> None:
        """`answers` maps each key to what it means, e.g. {"y": "with thinking"}."""
        super().__init__()
        self.question = question
        self.answers = answers

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.question))
            keys = "    ".join(f"{key}: {meaning}" for key, meaning in self.answers.items())
            yield Label(Text(f"{keys}    Escape: cancel"), classes="keys")

    def on_key(self, event: Key) -> None:
        if event.character in self.answers:
            event.stop()
            self.dismiss(event.character)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AskText(ModalScreen[str | None]):
    """One line of text; Enter accepts, Escape cancels (None)."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.question))
            yield LineInput(value=self.value, placeholder=self.placeholder)
            yield Label("Enter: accept    Escape: cancel", classes="keys")

    @on(Input.Submitted)
    def _accept(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
