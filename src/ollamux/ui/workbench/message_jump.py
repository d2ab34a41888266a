"""Scrolling a session's transcript to one of its messages (a search hit opened from F4)."""

from __future__ import annotations

from textual.color import Color
from textual.widget import Widget

from ollamux.core.session import ChatMessage
from ollamux.ui.chat import ChatView, Transcript

# How long the message found stays tinted, so the eye finds it on the screen.
FLASH_SECONDS = 1.5


def _widget_of(transcript: Transcript, message: ChatMessage) -> Widget | None:
    """The widget showing `message`; a tool result shows in the row of its call."""
    for widget in transcript.message_widgets():
        if widget.message is message:
            return widget
        if message.role == "tool" and any(result is message for result in getattr(widget, "tool_results", list)()):
            return widget
    return None


async def show_message(view: ChatView, index: int | None) -> None:
    """Scroll `view` so that message `index` of its session is at the top, and flash it.

    The transcript mounts only its newest messages: earlier batches are mounted
    until the message is there. None, or an index out of range, changes nothing.
    """
    messages = view.session.messages
    if index is None or not 0 <= index < len(messages):
        return
    transcript = view.query_one(Transcript)
    transcript.put_back_aside()
    while (widget := _widget_of(transcript, messages[index])) is None:
        if not await transcript.show_earlier(keep_position=False):
            return  # not shown at all (a tool result with no call on screen)
    transcript.release_anchor()  # stop following the end, or the next reply would scroll it away

    def scroll() -> None:
        transcript.scroll_to_widget(widget, animate=False, top=True, immediate=True)
        widget.styles.tint = Color.parse(view.app.current_theme.accent or "yellow").with_alpha(0.3)
        widget.set_timer(FLASH_SECONDS, lambda: widget.styles.clear_rule("tint"))

    # After the layout: a batch just mounted has no size yet.
    transcript.call_after_refresh(scroll)
