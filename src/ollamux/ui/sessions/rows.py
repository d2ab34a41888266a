"""The F4 browser's pieces: a saved session's row (nothing searched), its keys line, its answer."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, chop_cells
from textual.content import Content

from ollamux.core.search_hits import Hit
from ollamux.core.session import Session

# A title is never cut shorter than this to make room for the rest of its row.
MIN_TITLE_CELLS = 12


def listed_row(listed: Hit, *, is_open: bool = False, width: int | None = None) -> Content:
    """`title  model @ host  2026-05-04 12:30 · 12 messages · open`, never markup.

    Given a `width`, the row fits it on one line: the title is shortened first,
    then the message count and the host go.
    """
    when = listed.updated.astimezone().strftime("%Y-%m-%d %H:%M")
    count = listed.message_count
    title = listed.title or "untitled"
    where = f"  {listed.model} @ {listed.host}  "
    stamp = f"{when} · {count} message{'s' if count != 1 else ''}"
    mark = " · open" if is_open else ""
    if width is not None:
        if cell_len(title + where + stamp + mark) > width:
            stamp = when
        if cell_len(title + where + stamp + mark) > width:
            where = f"  {listed.model}  "
        room = max(MIN_TITLE_CELLS, width - cell_len(where + stamp + mark))
        if cell_len(title) > room:
            title = chop_cells(title, room - 1)[0] + "…"
    row = Content.assemble((title, "bold"), where, (stamp, "dim"), (mark, "$accent") if mark else "")
    # Very long model names on a narrow screen: the end goes, never onto a second line.
    return row.truncate(width, ellipsis=True) if width is not None and row.cell_length > width else row


@dataclass
class Entry:
    """A row of the browser: a session as the index knows it, and the session itself
    once it is needed (an open tab's from the start; a saved one read when acted on)."""

    hit: Hit
    session: Session | None = None

    @property
    def id(self) -> str:
        return self.hit.session_id

    @property
    def title(self) -> str:
        return self.session.title if self.session is not None else self.hit.title


@dataclass(frozen=True)
class BrowserChoice:
    """What the user picked: a session to open (at a message), or an open one to close and delete.

    An open session is deleted by the app once this screen has gone: its tab
    must not be removed from under a modal.
    """

    session: Session
    delete: bool = False
    message_index: int | None = None
    """The message the search matched, to scroll to; None: the session's end."""


def keys_text(thinking: bool) -> str:
    return f"Enter open  F2 rename  Del delete  alt+k thinking: {'on' if thinking else 'off'}  Esc close"
