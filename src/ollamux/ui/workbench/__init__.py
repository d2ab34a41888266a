"""The workbench: the screen that composes the features (sessions, chat, models, inspector, copying)."""

from typing import TYPE_CHECKING

from ollamux.ui.lazy_names import at_first_use
from ollamux.ui.workbench.bindings import APP_KEYS
from ollamux.ui.workbench.commands import workbench_commands
from ollamux.ui.workbench.palette import LiteralSystemCommands, LiteralThemes
from ollamux.ui.workbench.screen import WorkbenchScreen
from ollamux.ui.workbench.workspace import Workspace

if TYPE_CHECKING:
    from ollamux.ui.workbench.help import HelpScreen
    from ollamux.ui.workbench.key_help import help_sections

# Imported when the help is first opened (F1): it names every feature's keys (start-up time).
_AT_FIRST_USE = {"HelpScreen": "ollamux.ui.workbench.help", "help_sections": "ollamux.ui.workbench.key_help"}

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
