"""Tools in the UI: the approval and hand-answer dialogs, the asker that opens them, and
the inspector's tools section. The chat view and the inspector compose these."""

from importlib import import_module
from typing import TYPE_CHECKING

from ollamux.ui.tools.section import ToolsSection

if TYPE_CHECKING:
    from ollamux.ui.tools.answer import HandAnswerScreen
    from ollamux.ui.tools.approval import ApprovalScreen
    from ollamux.ui.tools.asker import ScreenAsker

# Imported when first asked for: no start of the app shows a dialog (start-up time).
_AT_FIRST_USE = {
    "HandAnswerScreen": "ollamux.ui.tools.answer",
    "ApprovalScreen": "ollamux.ui.tools.approval",
    "ScreenAsker": "ollamux.ui.tools.asker",
}

__all__ = ["ApprovalScreen", "HandAnswerScreen", "ScreenAsker", "ToolsSection"]


def __getattr__(name: str) -> object:
    if name in _AT_FIRST_USE:
        return getattr(import_module(_AT_FIRST_USE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
