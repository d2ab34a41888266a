"""The workbench: the screen that composes the features (sessions, chat, models, inspector, copying)."""

from ollamux.ui.workbench.bindings import APP_KEYS
from ollamux.ui.workbench.commands import workbench_commands
from ollamux.ui.workbench.help import HelpScreen
from ollamux.ui.workbench.key_help import help_sections
from ollamux.ui.workbench.palette import LiteralSystemCommands, LiteralThemes
from ollamux.ui.workbench.screen import WorkbenchScreen
from ollamux.ui.workbench.workspace import Workspace

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
