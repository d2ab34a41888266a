"""Widgets every feature may use: dialogs and hanging lines."""

from ollamux.ui.shared.dialogs import AskText, Choose, Confirm
from ollamux.ui.shared.hanging_lines import Hanging, HangingLines

__all__ = ["AskText", "Choose", "Confirm", "Hanging", "HangingLines"]
