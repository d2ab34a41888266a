"""One session on screen: its view, transcript, messages and prompt; and the compare screen."""

from ollamux.ui.chat.attaching import image_problem, resolve
from ollamux.ui.chat.compare import CompareScreen
from ollamux.ui.chat.transcript import Transcript
from ollamux.ui.chat.view import ChatView

__all__ = ["ChatView", "CompareScreen", "Transcript", "image_problem", "resolve"]
