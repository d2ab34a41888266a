"""Widgets every feature may use: dialogs, hanging lines, a readline-true text field, the key footer.

Imported at first use, so that the start screen can take the footer (and the
prompt's words) without the rest (see `ollamux.ui.start`).
"""

from typing import TYPE_CHECKING

from ollamux.ui.lazy_names import at_first_use

if TYPE_CHECKING:
    from ollamux.ui.shared.dialogs import AskText, Choose, Confirm
    from ollamux.ui.shared.footer import Footer
    from ollamux.ui.shared.hanging_lines import Hanging, HangingLines
    from ollamux.ui.shared.line_input import LineInput

_AT_FIRST_USE = {
    "AskText": "ollamux.ui.shared.dialogs",
    "Choose": "ollamux.ui.shared.dialogs",
    "Confirm": "ollamux.ui.shared.dialogs",
    "Footer": "ollamux.ui.shared.footer",
    "Hanging": "ollamux.ui.shared.hanging_lines",
    "HangingLines": "ollamux.ui.shared.hanging_lines",
    "LineInput": "ollamux.ui.shared.line_input",
}

__all__ = ["AskText", "Choose", "Confirm", "Footer", "Hanging", "HangingLines", "LineInput"]

__getattr__ = at_first_use(__name__, _AT_FIRST_USE)
