"""Getting text out: the clipboard routes and copy mode (ctrl+y).

The clipboard module imports no Textual (it is unit-tested alone); copy mode's
names are loaded when first asked for, so importing the clipboard stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ollamux.ui.copy.clipboard import Clipboard, CopyResult

if TYPE_CHECKING:
    from ollamux.ui.copy.mode import HELP_KEYS as COPY_MODE_KEYS
    from ollamux.ui.copy.mode import CopyChoice, CopyMode

__all__ = ["COPY_MODE_KEYS", "Clipboard", "CopyChoice", "CopyMode", "CopyResult"]

_FROM_MODE = {"COPY_MODE_KEYS": "HELP_KEYS", "CopyChoice": "CopyChoice", "CopyMode": "CopyMode"}


def __getattr__(name: str) -> Any:
    if name in _FROM_MODE:
        from ollamux.ui.copy import mode

        return getattr(mode, _FROM_MODE[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
