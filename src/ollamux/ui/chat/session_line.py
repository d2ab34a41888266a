"""The line above a session's transcript: its title, model and host, what stops it
from sending (read-only, host gone, model missing), and how full its context is."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from ollamux.core.context_meter import ContextUse
from ollamux.core.session import Session
from ollamux.core.session_lock import Owner

# A title is cut to keep the line on one row only down to this many cells.
SHORTEST_TITLE = 12


def session_line(
    session: Session,
    host_label: str,
    *,
    read_only: Owner | None,
    problem: str,
    use: ContextUse | None,
    width: int = 0,
) -> Text:
    """Plain Text: titles, models and hosts are outside text, never markup.

    Given the `width` it is shown at, the title is cut (…) so that title, model,
    host and context meter stay on one row: at 80 columns a titled session's line
    wrapped its meter's last word onto a row of its own.
    """
    where = f" @ {host_label}" if host_label else ""
    meter = f"  ·  {use.text()}" if use is not None else ""
    title = session.title
    if title and width and not (use is not None and (use.warning or use.overflowing)):
        room = width - cell_len(f" — {session.model}{where}{meter}")
        if cell_len(title) > room >= SHORTEST_TITLE:
            cut = Text(title)
            cut.truncate(room, overflow="ellipsis")
            title = cut.plain
    title = f"{title} — " if title else ""
    line = Text(f"{title}{session.model}{where}")
    if read_only is not None:
        line = Text(f"Read-only: open in {read_only.describe()} · F8 forks it\n")
        line.append(f"{title}{session.model}{where}")
    elif problem:
        line = Text(f"{problem}\n")
        line.append(f"{title}{session.model}{where}")
    if use is not None:
        line.append(meter)
        if use.warning or use.overflowing:
            line.append(f"  {use.warning_text()}")
    return line
