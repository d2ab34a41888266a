"""F4: every saved session — filter, open, rename, delete."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, chop_cells
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ollamux.core.session import Session
from ollamux.core.store import SessionStore, StoreError
from ollamux.ui.shared import AskText, Confirm, LineInput


@dataclass(frozen=True)
class BrowserChoice:
    """What the user picked: a session to open, or an open one to close and delete.

    An open session is deleted by the app once this screen has gone: its tab
    must not be removed from under a modal.
    """

    session: Session
    delete: bool = False


# A title is never cut shorter than this to make room for the rest of its row.
MIN_TITLE_CELLS = 12


def session_row(session: Session, *, is_open: bool = False, width: int | None = None) -> Content:
    """`title  model @ host  2026-05-04 12:30 · 12 messages · open`, never markup.

    Given a `width`, the row fits it on one line: the title is shortened first,
    then the message count and the host go.
    """
    when = session.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
    count = len(session.messages)
    title = session.title or "untitled"
    where = f"  {session.model} @ {session.host}  "
    stamp = f"{when} · {count} message{'s' if count != 1 else ''}"
    mark = " · open" if is_open else ""
    if width is not None:
        if cell_len(title + where + stamp + mark) > width:
            stamp = when
        if cell_len(title + where + stamp + mark) > width:
            where = f"  {session.model}  "
        room = max(MIN_TITLE_CELLS, width - cell_len(where + stamp + mark))
        if cell_len(title) > room:
            title = chop_cells(title, room - 1)[0] + "…"
    row = Content.assemble((title, "bold"), where, (stamp, "dim"), (mark, "$accent") if mark else "")
    # Very long model names on a narrow screen: the end goes, never onto a second line.
    return row.truncate(width, ellipsis=True) if width is not None and row.cell_length > width else row


class SessionBrowser(ModalScreen[BrowserChoice | None]):
    """Saved sessions, newest first; type to filter."""

    DEFAULT_CSS = """
    SessionBrowser { align: center middle; }
    SessionBrowser > Vertical {
        width: 100; max-width: 100%; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    SessionBrowser OptionList { height: 1fr; border: none; }
    SessionBrowser .problems { color: $error; height: auto; }
    SessionBrowser .keys { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("enter", "open", "Open", priority=True),
        Binding("f2", "rename", "Rename"),
        Binding("delete", "delete", "Delete", priority=True),  # the filter keeps backspace
    ]

    def __init__(self, store: SessionStore, open_sessions: Sequence[Session] = ()) -> None:
        """`open_sessions` are the ones in tabs: they stand in for their saved
        copies, so a rename here shows in the tab and a later save keeps it."""
        super().__init__()
        self.store = store
        self.open_sessions = list(open_sessions)
        self.sessions: list[Session] = []
        self.shown: list[Session] = []

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Saved sessions"
            yield LineInput(placeholder="Type to filter by title, model or host")
            yield OptionList()
            yield Label(classes="problems")
            yield Label("↑↓ move   Enter open   F2 rename   Delete delete   Escape close", classes="keys")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.reload()

    @work(exclusive=True)
    async def reload(self) -> None:
        sessions, problems = await asyncio.to_thread(self.store.load_all)
        live = {self.store.path_for(s): s for s in self.open_sessions}
        self.sessions = [live.get(self.store.path_for(s), s) for s in sessions]
        self.query_one(".problems", Label).update(
            Content("\n".join(f"Unreadable, left as it is: {p}" for p in problems))
        )
        self._show()

    def _show(self, keep: Session | None = None) -> None:
        """List the sessions the filter matches, and `keep` (just renamed) whether or not it does."""
        words = self.query_one(Input).value.casefold().split()
        self.shown = [
            s for s in self.sessions
            if s is keep or all(w in f"{s.title} {s.model} {s.host}".casefold() for w in words)
        ]
        options = self.query_one(OptionList)
        options.clear_options()
        if self.shown:
            # One line per session: the padding of an option is a cell on each side.
            width = options.scrollable_content_region.width - 2 if options.size.width else None
            options.add_options([Option(session_row(s, is_open=self._is_open(s), width=width)) for s in self.shown])
            options.highlighted = next((i for i, s in enumerate(self.shown) if s is keep), 0)
        else:
            empty = "No saved session matches." if self.sessions else "No saved sessions yet."
            options.add_option(Option(Content(empty), disabled=True))

    def on_resize(self) -> None:
        if self.sessions:
            self._show(keep=self._selected())

    def _is_open(self, session: Session) -> bool:
        return any(session is s for s in self.open_sessions)

    @on(Input.Changed)
    def _filter(self) -> None:
        self._show()

    def _selected(self) -> Session | None:
        index = self.query_one(OptionList).highlighted
        return self.shown[index] if index is not None and index < len(self.shown) else None

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def action_open(self) -> None:
        if (session := self._selected()) is not None:
            self.dismiss(BrowserChoice(session))

    @work
    async def action_rename(self) -> None:
        session = self._selected()
        if session is None:
            return
        title = await self.app.push_screen_wait(AskText("Rename session", session.title))
        if title and title.strip():
            try:
                await asyncio.to_thread(self.store.rename, session, " ".join(title.split()))
            except (StoreError, OSError) as error:
                self.notify(str(error), severity="error", markup=False)
            self._show(keep=session)  # renamed out of the filter, it still stays in the list

    @work
    async def action_delete(self) -> None:
        session = self._selected()
        if session is None:
            return
        question = f"Delete '{session.title or 'untitled'}' ({session.model} @ {session.host})?"
        if is_open := self._is_open(session):
            question += " It is open: its tab closes."
        if not await self.app.push_screen_wait(Confirm(question + " This cannot be undone.")):
            return
        if is_open:
            self.dismiss(BrowserChoice(session, delete=True))
            return
        try:
            await asyncio.to_thread(self.store.delete, session)
        except StoreError as error:  # open in another ollamux
            self.notify(str(error), severity="error", markup=False)
            return
        except OSError as error:
            self.notify(f"Could not delete {session.title or 'untitled'}: {error.strerror}",
                        severity="error", markup=False)
            return
        self.sessions.remove(session)
        self._show()

    def action_cancel(self) -> None:
        self.dismiss(None)
