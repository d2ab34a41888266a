"""Tools in the UI: the approval and hand-answer dialogs, the asker that opens them, and
the inspector's tools section. The chat view and the inspector compose these."""

from typing import TYPE_CHECKING

from ollamux.ui.lazy_names import at_first_use
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

__getattr__ = at_first_use(__name__, _AT_FIRST_USE)
