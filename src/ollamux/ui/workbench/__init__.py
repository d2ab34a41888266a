"""The workbench: the screen that composes the features (sessions, chat, models, inspector, copying).

Every name is imported at first use: the app's start screen needs only the key
bindings (`workbench.bindings`), and the rest is imported beside it, in a thread,
while the user already types (see `ollamux.ui.start`).
"""

from typing import TYPE_CHECKING

from ollamux.ui.lazy_names import at_first_use

if TYPE_CHECKING:
    from ollamux.ui.workbench.bindings import APP_KEYS
    from ollamux.ui.workbench.commands import workbench_commands
    from ollamux.ui.workbench.help import HelpScreen
    from ollamux.ui.workbench.key_help import help_sections
    from ollamux.ui.workbench.palette import LiteralSystemCommands, LiteralThemes
    from ollamux.ui.workbench.screen import WorkbenchScreen
    from ollamux.ui.workbench.workspace import Workspace

_AT_FIRST_USE = {
    "APP_KEYS": "ollamux.ui.workbench.bindings",
    "HelpScreen": "ollamux.ui.workbench.help",
    "LiteralSystemCommands": "ollamux.ui.workbench.palette",
    "LiteralThemes": "ollamux.ui.workbench.palette",
    "WorkbenchScreen": "ollamux.ui.workbench.screen",
    "Workspace": "ollamux.ui.workbench.workspace",
    "help_sections": "ollamux.ui.workbench.key_help",
    "workbench_commands": "ollamux.ui.workbench.commands",
}

__all__ = [
    "APP_KEYS",
    "HelpScreen",
    "LiteralSystemCommands",
    "LiteralThemes",
    "WorkbenchScreen",
    "Workspace",
    "help_sections",
    "workbench_commands",
]

__getattr__ = at_first_use(__name__, _AT_FIRST_USE)
