"""The line above a session's transcript: its title, model and host, what stops it
from sending (read-only, host gone, model missing), and how full its context is."""

from __future__ import annotations

from rich.text import Text

from ollamux.core.context_meter import ContextUse
from ollamux.core.session import Session
from ollamux.core.session_lock import Owner


def session_line(
    session: Session, host_label: str, *, read_only: Owner | None, problem: str, use: ContextUse | None
) -> Text:
    """Plain Text: titles, models and hosts are outside text, never markup."""
    where = f" @ {host_label}" if host_label else ""
    title = f"{session.title} — " if session.title else ""
    line = Text(f"{title}{session.model}{where}")
    if read_only is not None:
        line = Text(f"Read-only: open in {read_only.describe()} · F8 forks it\n")
        line.append(f"{title}{session.model}{where}")
    elif problem:
        line = Text(f"{problem}\n")
        line.append(f"{title}{session.model}{where}")
    if use is not None:
        line.append(f"  ·  {use.text()}")
        if use.warning or use.overflowing:
            line.append(f"  {use.warning_text()}")
    return line
