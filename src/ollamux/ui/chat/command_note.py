"""The answer to a prompt command (`/set …`, `/show`, `/?`), shown in the transcript.

A note for the user only: never sent to the model and not kept in the session
file (the settings it changed are). The typed command is echoed above its answer.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ollamux.core.text import strip_control


class CommandNote(Static):
    DEFAULT_CSS = """
    CommandNote { height: auto; margin: 1 1 0 1; padding: 0 1; border-left: outer $primary-muted; color: $text-muted; }
    CommandNote.-error { border-left: outer $error; color: $text-error; }
    """

    def __init__(self, command: str, answer: str, *, error: bool = False) -> None:
        typed = strip_control(command.strip())
        body = Content.assemble((f"› {typed}", "bold"), "\n", strip_control(answer))
        super().__init__(body, classes="-error" if error else None)
