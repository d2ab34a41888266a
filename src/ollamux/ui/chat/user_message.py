"""The user's prompt in the transcript."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ollamux.core.session import ChatMessage
from ollamux.core.text import strip_control
from ollamux.ui.attachments import SentAttachments
from ollamux.ui.chat.display_budget import DISPLAY_LIMIT, cut_notice, shown_part

__all__ = ["UserMessage"]


class UserMessage(Vertical):
    """The user's prompt, shown as typed: plain text, never markup; then the files sent with it."""

    DEFAULT_CSS = """
    UserMessage {
        height: auto;
        margin: 1 0 0 8;
        padding: 0 1;
        background: $primary 15%;
        border-left: thick $primary;
        & > Static { height: auto; }
    }
    UserMessage.-picked { border-left: thick $accent; }
    """

    def __init__(self, message: ChatMessage) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        message = self.message
        # Cut before cleaning: stripping a 50 MB prompt would itself hold the app.
        text = Text(strip_control(shown_part(message.content)))
        if (hidden := len(message.content) - DISPLAY_LIMIT) > 0:
            text.append("\n")
            text.append(cut_notice(hidden))
        if message.suffix:  # a completion's prompt: the model fills the gap before the suffix
            text.append("\n[… the completion goes here …]\n", style="dim italic")
            text.append(strip_control(shown_part(message.suffix)))
        yield Static(text)
        if message.attachments:
            yield SentAttachments(message.attachments)
