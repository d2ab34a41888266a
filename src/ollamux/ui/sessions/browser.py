"""F4: every saved session — search, open, rename, delete.

With nothing typed, the saved sessions newest first. Typing searches titles and the full
text of every message through the index (`library`), off the loop: the newest query wins.
Both lists come from the index alone: a session's file is read only when it is opened,
renamed or deleted, so a library of thousands opens at once.
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
from ollamux.core.store import SessionStore, StoreError
from ollamux.ui.sessions.edits import delete_saved, rename_saved
from ollamux.ui.sessions.library import SearchLibrary, indexing_text
from ollamux.ui.sessions.rows import BrowserChoice, Entry, keys_text, listed_row
from ollamux.ui.sessions.search_results import find_entries, hit_row, status_text
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

    def __init__(self, store: SessionStore, library: SearchLibrary, open_sessions: Sequence[Session] = ()) -> None:
        """`open_sessions` are the ones in tabs: they stand in for their saved
        copies, so a rename here shows in the tab and a later save keeps it."""
        super().__init__()
        self.store = store
        self.library = library
        self.open_sessions = list(open_sessions)
        self.shown: list[Entry] = []
        self.thinking = False
        self._query = Query()
        self._searched = False  # words or filters typed: two-line rows with a snippet
        self._renamed: Entry | None = None  # listed until the next keystroke, matching or not
        self._syncs_seen = library.syncs_done
        self._dismissed = False

    @property
    def hits(self) -> list[Hit] | None:
        """What the words or filters typed found; None with nothing typed."""
        return [entry.hit for entry in self.shown] if self._searched else None

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
        # Files may have changed since the last sync (another instance, a hand edit):
        # the list shows what the index holds now and follows the sync.
        self.library.sync()
        self._show_problems()  # as the last sync found them; the new one brings them up to date
        self.search(at_once=True)
        self.set_interval(PROGRESS_SECONDS, self._follow_sync)

    def _show(self, keep: str | None = None) -> None:
        """List the entries found, keeping the session with id `keep` highlighted."""
        options = self.query_one(OptionList)
        options.clear_options()
        if self.shown:
            # One line per row (two for a hit): the padding of an option is a cell on each side.
            width = options.scrollable_content_region.width - 2 if options.size.width else None
            row = hit_row if self._searched else listed_row
            options.add_options([Option(row(e.hit, is_open=self._is_open(e), width=width)) for e in self.shown])
            options.highlighted = next((i for i, e in enumerate(self.shown) if e.id == keep), 0)
        else:
            empty = "No saved session matches." if self._searched else "No saved sessions yet."
            options.add_option(Option(Content(empty), disabled=True))
        self._show_status()

    def _show_status(self, problem: str | None = None) -> None:
        progress = self.library.progress
        indexing = indexing_text(*progress) if progress is not None else None
        found = len(self.shown) if self._searched else None
        listed = 0 if self._searched else len(self.shown)
        errors = (*self._query.errors, problem) if problem else self._query.errors
        status, label = status_text(errors, indexing, found, listed), self.query_one(".status", Label)
        label.update(status)
        label.display = bool(status)  # no blank line for nothing

    def _show_problems(self) -> None:
        label = self.query_one(".problems", Label)
        label.update(Content("\n".join(f"Unreadable, left as it is: {p}" for p in self.library.problems)))
        label.display = bool(self.library.problems)

    def on_resize(self) -> None:
        if self.shown:
            self._show(keep=self._selected_id())

    def _is_open(self, entry: Entry) -> bool:
        return any(entry.session is s for s in self.open_sessions)

    @on(Input.Changed)
    def _typed(self) -> None:
        self._renamed = None
        self.search()

    @work(exclusive=True, group="search")
    async def search(self, keep: str | None = None, *, at_once: bool = False) -> None:
        """Search for what is typed (nothing: list the newest), after a pause in
        typing; a newer search cancels this one."""
        text = self.query_one(Input).value
        self._query = parse(text)
        if not at_once:
            await asyncio.sleep(DEBOUNCE_SECONDS)
        try:
            index = self.library.index
            found = await asyncio.to_thread(find_entries, index, self._query, self.thinking, self.open_sessions)
        except SearchIndexError:
            self.library.sync()  # the damaged index is rebuilt from the files
            self.shown = []
            self._show()
            self._show_status("The search index is damaged: rebuilding it from the session files.")
            return
        self.shown, self._searched = self._with_renamed(found), bool(text.strip())
        self._show(keep)

    def _with_renamed(self, entries: list[Entry]) -> list[Entry]:
        """`entries` with the session renamed here as renamed; first if they no longer have it."""
        if (renamed := self._renamed) is None:
            return entries
        entries = [renamed if entry.id == renamed.id else entry for entry in entries]
        return entries if any(entry is renamed for entry in entries) else [renamed, *entries]

    def _follow_sync(self) -> None:
        """While the index is built, say how far; when a sync ends, search again."""
        if self._dismissed:
            return
        if self.library.syncs_done != self._syncs_seen:
            self._show_problems()
            self.search(self._selected_id(), at_once=True)
        elif self.library.progress is not None:
            self._show_status()
        self._syncs_seen = self.library.syncs_done

    def action_toggle_thinking(self) -> None:
        self.thinking = not self.thinking
        self.query_one(".keys", Label).update(keys_text(self.thinking))
        self.search(self._selected_id(), at_once=True)

    def _selected(self) -> Entry | None:
        index = self.query_one(OptionList).highlighted
        return self.shown[index] if index is not None and index < len(self.shown) else None

    def _selected_id(self) -> str | None:
        return entry.id if (entry := self._selected()) is not None else None

    async def _session_of(self, entry: Entry) -> Session | None:
        """The entry's session: its open tab's, or read from its file now."""
        if entry.session is None:
            try:
                entry.session = await asyncio.to_thread(self.store.load, entry.hit.path)
            except (StoreError, OSError) as error:
                self.notify(f"Could not open {entry.hit.title or 'untitled'}: {error}", severity="error", markup=False)
        return entry.session

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    @work(exclusive=True, group="act")
    async def action_open(self) -> None:
        if (entry := self._selected()) is not None and (session := await self._session_of(entry)) is not None:
            self.dismiss(BrowserChoice(session, message_index=entry.hit.message_index))

    @work(exclusive=True, group="act")
    async def action_rename(self) -> None:
        if (entry := self._selected()) is None or (session := await self._session_of(entry)) is None:
            return
        title = await self.app.push_screen_wait(AskText("Rename session", session.title))
        if title and title.strip():
            await rename_saved(self, self.store, session, title)
            # The row stays where it is, under its new title, even renamed out of the search.
            entry.hit = replace(entry.hit, title=session.title, title_highlights=())
            self._renamed = entry
            self.shown = self._with_renamed(self.shown)  # a search may have listed it afresh meanwhile
            self._show(keep=entry.id)

    @work(exclusive=True, group="act")
    async def action_delete(self) -> None:
        if (entry := self._selected()) is None or (session := await self._session_of(entry)) is None:
            return
        question = f"Delete '{session.title or 'untitled'}' ({session.model} @ {session.host})?"
        if is_open := self._is_open(entry):
            question += " It is open: its tab closes."
        if not await self.app.push_screen_wait(Confirm(question + " This cannot be undone.")):
            return
        if is_open:
            self.dismiss(BrowserChoice(session, delete=True))
            return
        if await delete_saved(self, self.store, session):
            self.shown = [e for e in self.shown if e is not entry]
            self._show()
            # A search under way read the index before the deletion: this one replaces it.
            self.search(at_once=True)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def dismiss(self, result: BrowserChoice | None = None) -> AwaitComplete:
        # A search or listing still under way would come back to a screen being taken down.
        self._dismissed = True
        for group in ("search", "act"):
            self.workers.cancel_group(self, group)
        return super().dismiss(result)
