"""The answer to a prompt command (`/set …`, `/show`, `/?`), shown in the transcript.

A note for the user only: never sent to the model and not kept in the session
file (the settings it changed are). The typed command is echoed above its answer.
"""

from __future__ import annotations

import re

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from ollamux.core.text import strip_control

# "name  what it is": a line of two columns, its text starting after two spaces or more.
_TWO_COLUMNS = re.compile(r"^(\S.*?) {2,}(\S.*)$")


def answer_lines(answer: str) -> RenderableType:
    """The answer; runs of two-column lines (the command list, /show) as a grid.

    So a text too long for the note wraps within its column instead of back to
    the left edge, where its last words read as a command of their own.
    """
    parts: list[RenderableType] = []
    grid: Table | None = None
    for line in answer.splitlines():
        if (columns := _TWO_COLUMNS.match(line)) is None:
            grid = None
            parts.append(Text(line))
            continue
        if grid is None:
            grid = Table.grid(padding=(0, 2))
            # As wide as the text lays it out, so the grids of one answer line up.
            grid.add_column(width=columns.start(2) - 2, no_wrap=True)
            grid.add_column()
            parts.append(grid)
        grid.add_row(columns[1], columns[2])
    return Group(*parts)


class CommandNote(Static):
    DEFAULT_CSS = """
    CommandNote { height: auto; margin: 1 1 0 1; padding: 0 1; border-left: outer $primary-muted; color: $text-muted; }
    CommandNote.-error { border-left: outer $error; color: $text-error; }
    """

    def __init__(self, command: str, answer: str, *, error: bool = False) -> None:
        typed, answer = strip_control(command.strip()), strip_control(answer)
        body = Group(Text(f"› {typed}", style="bold"), answer_lines(answer))
        super().__init__(body, classes="-error" if error else None)
        self.text = f"› {typed}\n{answer}"  # as plain text, for whoever reads the note
