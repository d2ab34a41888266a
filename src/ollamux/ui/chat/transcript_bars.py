"""The two one-line bars of a transcript: earlier messages above, new text below."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Static


class EarlierMessages(Static):
    """Stands in for the messages not mounted yet; click (or Home) shows a batch more."""

    DEFAULT_CSS = """
    EarlierMessages {
        display: none;
        height: 1;
        width: 100%;
        content-align: center middle;
        color: $text-muted;
        background: $boost;
        &.-shown { display: block; }
        &:hover { color: $text; background: $primary 30%; }
    }
    """

    class Pressed(Message):
        """The user asked for earlier messages."""

    def show_count(self, count: int) -> None:
        self.set_class(count > 0, "-shown")
        noun = "message" if count == 1 else "messages"
        self.update(Text(f"↑ {count} earlier {noun} — press Home/ctrl+home or click to show more"))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Pressed())


class NewTextMarker(Static):
    """Docked under the transcript while new text arrives out of sight below."""

    DEFAULT_CSS = """
    NewTextMarker {
        dock: bottom;
        display: none;
        height: 1;
        width: 100%;
        content-align: center middle;
        color: $text;
        background: $accent 40%;
        &.-shown { display: block; }
    }
    """

    TEXT = "↓ new text below — End to jump"

    class Pressed(Message):
        """The user clicked the marker: jump to the end."""

    def __init__(self) -> None:
        super().__init__(Text(self.TEXT))

    @property
    def shown(self) -> bool:
        return self.has_class("-shown")

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Pressed())
