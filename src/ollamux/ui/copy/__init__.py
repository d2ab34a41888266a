"""Copy mode (ctrl+y): every code block of the session labelled, one key copies it.

Where the text then goes (OSC 52, tmux, a local clipboard) is `core.clipboard`.
"""

from ollamux.ui.copy.mode import HELP_KEYS as COPY_MODE_KEYS
from ollamux.ui.copy.mode import CopyChoice, CopyMode

__all__ = ["COPY_MODE_KEYS", "CopyChoice", "CopyMode"]
