"""F4: every saved session — search, open, rename, delete.

With nothing typed, the saved sessions newest first. Typing searches titles and the full
text of every message through the index (`library`), off the loop: the newest query wins.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ollamux.core.search_hits import Hit
from ollamux.core.search_index import SearchIndexError
from ollamux.core.search_query import Query, parse
from ollamux.core.session import Session
from ollamux.core.store import SessionStore
from ollamux.ui.sessions.edits import delete_saved, rename_saved
from ollamux.ui.sessions.library import SearchLibrary, indexing_text
from ollamux.ui.sessions.rows import BrowserChoice, keys_text, session_row
from ollamux.ui.sessions.search_results import find_sessions, hit_row, status_text
from ollamux.ui.shared import AskText, Confirm, LineInput

# Typing fast searches once, after the last key of a burst.
DEBOUNCE_SECONDS = 0.12
# How often the indexing progress line is brought up to date while a sync runs.
PROGRESS_SECONDS = 0.25


class SessionBrowser(ModalScreen[BrowserChoice | None]):
    """Saved sessions, newest first; type to search them all."""

    DEFAULT_CSS = """
    SessionBrowser { align: center middle; }
    SessionBrowser > Vertical {
        width: 100; max-width: 100%; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    SessionBrowser OptionList { height: 1fr; border: none; }
    SessionBrowser .problems { color: $error; height: auto; display: none; }
    SessionBrowser .status { height: auto; display: none; }
    SessionBrowser .keys { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("enter", "open", "Open", priority=True),
        Binding("f2", "rename", "Rename"),
        Binding("delete", "delete", "Delete", priority=True),  # the search box keeps backspace
        Binding("alt+k", "toggle_thinking", "Search thinking too", priority=True),  # before the search box types a k
    ]

    def __init__(
        self, store: SessionStore, open_sessions: Sequence[Session] = (), library: SearchLibrary | None = None
    ) -> None:
        """`open_sessions` are the ones in tabs: they stand in for their saved
        copies, so a rename here shows in the tab and a later save keeps it.
        Without a `library` typing filters by title, model and host only."""
        super().__init__()
        self.store = store
        self.library = library
        self.open_sessions = list(open_sessions)
        self.sessions: list[Session] = []
        self.shown: list[Session] = []
        self.hits: list[Hit] | None = None  # one per row of `shown`; None: nothing searched
        self.thinking = False
        self._query = Query()
        self._syncs_seen = library.syncs_done if library is not None else 0
        self._dismissed = False

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Saved sessions"
            yield LineInput(placeholder="Search titles and messages; model: host: after: before: \"phrase\"")
            yield OptionList()
            yield Label(classes="status")
            yield Label(classes="problems")
            yield Label(keys_text(self.thinking), classes="keys")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.reload()
        if self.library is not None:
            self.set_interval(PROGRESS_SECONDS, self._follow_sync)

    @work(exclusive=True, group="load")
    async def reload(self) -> None:
        sessions, problems = await asyncio.to_thread(self.store.load_all)
        self.sessions = [self._live(s) for s in sessions]
        label = self.query_one(".problems", Label)
        label.update(Content("\n".join(f"Unreadable, left as it is: {p}" for p in problems)))
        label.display = bool(problems)
        if self.hits is None:
            self._show()

    def _live(self, session: Session) -> Session:
        return next((s for s in self.open_sessions if s.id == session.id), session)

    def _show(self, keep: Session | None = None) -> None:
        """List what the search found (or, with nothing typed, every session), keeping `keep` highlighted."""
        text = self.query_one(Input).value
        if self.hits is None:
            words = text.casefold().split()  # no index: the title, model and host only
            self.shown = [
                s for s in self.sessions
                if s is keep or all(w in f"{s.title} {s.model} {s.host}".casefold() for w in words)
            ]
        options = self.query_one(OptionList)
        options.clear_options()
        if self.shown:
            # One line per row (two for a hit): the padding of an option is a cell on each side.
            width = options.scrollable_content_region.width - 2 if options.size.width else None
            rows = (
                [hit_row(h, is_open=self._is_open(s), width=width) for h, s in zip(self.hits, self.shown, strict=True)]
                if self.hits is not None
                else [session_row(s, is_open=self._is_open(s), width=width) for s in self.shown]
            )
            options.add_options([Option(row) for row in rows])
            options.highlighted = next((i for i, s in enumerate(self.shown) if keep is not None and s.id == keep.id), 0)
        else:
            empty = "No saved session matches." if self.sessions or text.strip() else "No saved sessions yet."
            options.add_option(Option(Content(empty), disabled=True))
        self._show_status()

    def _show_status(self, problem: str | None = None) -> None:
        progress = self.library.progress if self.library is not None else None
        indexing = indexing_text(*progress) if progress is not None and self.hits is not None else None
        found = len(self.hits) if self.hits is not None else None
        errors = (*self._query.errors, problem) if problem else self._query.errors
        status, label = status_text(errors, indexing, found), self.query_one(".status", Label)
        label.update(status)
        label.display = bool(status)  # no blank line for nothing

    def on_resize(self) -> None:
        if self.shown:
            self._show(keep=self._selected())

    def _is_open(self, session: Session) -> bool:
        return any(session is s for s in self.open_sessions)

    @on(Input.Changed)
    def _typed(self) -> None:
        self.search()

    @work(exclusive=True, group="search")
    async def search(self, keep: Session | None = None, *, at_once: bool = False) -> None:
        """Search for what is typed, after a pause in typing; a newer search cancels this one."""
        text = self.query_one(Input).value
        self._query = parse(text)
        if self.library is None or not text.strip():
            self.hits = None
            self._show(keep)
            return
        if not at_once:
            await asyncio.sleep(DEBOUNCE_SECONDS)
        try:
            known = [*self.open_sessions, *self.sessions]  # the open ones stand in for their files
            index, load = self.library.index, self.store.load
            found = await asyncio.to_thread(find_sessions, index, self._query, self.thinking, known, load)
        except SearchIndexError:
            self.library.sync()  # the damaged index is rebuilt from the files
            self.hits, self.shown = [], []
            self._show()
            self._show_status("The search index is damaged: rebuilding it from the session files.")
            return
        self.hits = [hit for hit, _session in found]
        self.shown = [session for _hit, session in found]
        self._show(keep)

    def _follow_sync(self) -> None:
        """While the index is built, say how far; when a sync ends, search again."""
        assert self.library is not None
        if self._dismissed:
            return
        if self.library.syncs_done != self._syncs_seen and self.hits is not None:
            self.search(self._selected(), at_once=True)
        elif self.library.progress is not None:
            self._show_status()
        self._syncs_seen = self.library.syncs_done

    def action_toggle_thinking(self) -> None:
        self.thinking = not self.thinking
        self.query_one(".keys", Label).update(keys_text(self.thinking))
        self.search(self._selected(), at_once=True)

    def _selected(self) -> Session | None:
        index = self.query_one(OptionList).highlighted
        return self.shown[index] if index is not None and index < len(self.shown) else None

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def action_open(self) -> None:
        index = self.query_one(OptionList).highlighted
        if (session := self._selected()) is not None and index is not None:
            hit = self.hits[index] if self.hits is not None else None
            self.dismiss(BrowserChoice(session, message_index=hit.message_index if hit is not None else None))

    @work
    async def action_rename(self) -> None:
        session = self._selected()
        if session is None:
            return
        title = await self.app.push_screen_wait(AskText("Rename session", session.title))
        if title and title.strip():
            await rename_saved(self, self.store, session, title)
            if self.hits is not None:  # the row stays where it is, under its new title
                self.hits = [replace(h, title=session.title, title_highlights=()) if h.session_id == session.id else h
                             for h in self.hits]
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
        if await delete_saved(self, self.store, session):
            self.sessions = [s for s in self.sessions if s is not session]
            self.search(at_once=True) if self.hits is not None else self._show()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def dismiss(self, result: BrowserChoice | None = None) -> AwaitComplete:
        # A search or listing still under way would come back to a screen being taken down.
        self._dismissed = True
        for group in ("search", "load"):
            self.workers.cancel_group(self, group)
        return super().dismiss(result)
