"""One session on screen: its view, transcript, messages and prompt; and the compare screen."""

from ollamux.ui.chat.attaching import Outgoing, image_problem, resolve
from ollamux.ui.chat.compare import CompareScreen
from ollamux.ui.chat.continuing import can_continue, continue_reply
from ollamux.ui.chat.prompt_dock import ask_to_cut
from ollamux.ui.chat.transcript import Transcript
from ollamux.ui.chat.view import ChatView

__all__ = [
    "ChatView", "CompareScreen", "Outgoing", "Transcript", "ask_to_cut", "can_continue", "continue_reply",
    "image_problem", "resolve",
]
