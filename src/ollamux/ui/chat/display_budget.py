"""How much of one message the transcript draws, and what it says about the rest.

Rendering Markdown costs time in proportion to the text (about a second per
half megabyte on a slow machine), so a 50 MB reply drawn whole would hold the
app for minutes. Past this budget only the head is drawn, with a line saying
how much is left out and how to read it all: the session, copies and exports
keep every character.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.events import Click
from textual.message import Message
from textual.widgets import Static

from ollamux.core.session import ChatMessage

__all__ = ["DISPLAY_LIMIT", "CutNotice", "cut_notice", "format_chars", "shown_part"]

# About 50,000 tokens: far more than a normal answer, so those draw whole and
# as before; a head this long still renders in a fraction of a second.
DISPLAY_LIMIT = 200_000


def shown_part(text: str, limit: int = DISPLAY_LIMIT) -> str:
    """What of `text` is drawn: all of it within the budget, else its head."""
    return text if len(text) <= limit else text[:limit]


def format_chars(count: int) -> str:
    """A count of characters as a person reads it: `48.2 MB` (one byte each, roughly)."""
    value = float(count)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            break
        value /= 1000
    return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"


def cut_notice(hidden: int) -> Text:
    """The line under a cut message: how much is not shown and how to see it."""
    return Text(
        f"… {format_chars(hidden)} not shown (too long to draw): F9 opens it whole in $PAGER, F6 exports the session"
    )


class CutNotice(Static):
    """The notice under a message drawn cut; a click opens the whole message in the pager."""

    DEFAULT_CSS = """
    CutNotice { color: $warning; display: none; }
    CutNotice.-shown { display: block; }
    """

    @dataclass
    class Pressed(Message):
        """Show this message whole, in the pager."""

        message: ChatMessage

    def __init__(self, message: ChatMessage) -> None:
        super().__init__(classes="cut")
        self.message = message

    def show(self, hidden: int) -> None:
        self.update(cut_notice(hidden))
        self.add_class("-shown")

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(self.Pressed(self.message))
