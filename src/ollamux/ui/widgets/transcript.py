"""The scrolling transcript of one session."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widget import Widget

from ollamux.core.session import ChatMessage
from ollamux.ui.widgets.message import ReplyView, UserMessage


def message_widget(message: ChatMessage) -> Widget:
    return UserMessage(message) if message.role == "user" else ReplyView(message)


class Transcript(VerticalScroll, can_focus=True):
    """Messages top to bottom; follows the tail until the user scrolls up."""

    DEFAULT_CSS = """
    Transcript {
        height: 1fr;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    """

    def on_mount(self) -> None:
        self.anchor()

    async def add(self, message: ChatMessage) -> Widget:
        widget = message_widget(message)
        await self.mount(widget)
        return widget
