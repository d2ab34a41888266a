"""Tools in the UI: the approval and hand-answer dialogs, the asker that opens them, and
the inspector's tools section. The chat view and the inspector compose these."""

from ollamux.ui.tools.answer import HandAnswerScreen
from ollamux.ui.tools.approval import ApprovalScreen
from ollamux.ui.tools.asker import ScreenAsker
from ollamux.ui.tools.section import ToolsSection

__all__ = ["ApprovalScreen", "HandAnswerScreen", "ScreenAsker", "ToolsSection"]
