"""Widgets every feature may use: dialogs, hanging lines, a readline-true text field, the key footer."""

from ollamux.ui.shared.dialogs import AskText, Choose, Confirm
from ollamux.ui.shared.footer import Footer
from ollamux.ui.shared.hanging_lines import Hanging, HangingLines
from ollamux.ui.shared.line_input import LineInput

__all__ = ["AskText", "Choose", "Confirm", "Footer", "Hanging", "HangingLines", "LineInput"]
