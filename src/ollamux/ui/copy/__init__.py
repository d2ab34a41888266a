"""Getting text out: the clipboard routes and copy mode (ctrl+y)."""

from ollamux.ui.copy.clipboard import Clipboard, CopyResult
from ollamux.ui.copy.mode import HELP_KEYS as COPY_MODE_KEYS
from ollamux.ui.copy.mode import CopyChoice, CopyMode

__all__ = ["COPY_MODE_KEYS", "Clipboard", "CopyChoice", "CopyMode", "CopyResult"]
