"""The first frame: the workbench's look and a prompt that shows what is typed while the workbench loads."""

from ollamux.ui.start.screen import StartScreen

__all__ = ["StartScreen"]
