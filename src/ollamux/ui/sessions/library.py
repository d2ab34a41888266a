"""The search index of the saved sessions, kept current while the app runs.

Synced in a Textual thread worker at start (never on the event loop), then kept
up to date by the store's `saved` / `deleted` hooks, which run in whatever
thread saved (executor threads): `SearchIndex` gives each thread its own
connection and queues writers, so that is safe. Closed at quit: a running sync
is cancelled between files and waited for, briefly.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App

from ollamux.core.session import Session
from ollamux.core.store import SessionStore, StoreProblem, search_index_path

if TYPE_CHECKING:
    from ollamux.core.search_index import SearchIndex

log = logging.getLogger(__name__)

# A cancelled sync stops between two files; a batch's commit may take a moment.
CLOSE_WAIT_SECONDS = 3.0
# The first sync waits this long after start: the first screen and the first
# keys are the user's, and a search meanwhile finds what the index held at quit.
FIRST_SYNC_DELAY = 1.0


class SearchLibrary:
    """The app's `SearchIndex`, its background sync, and where that sync stands."""

    def __init__(self, app: App[Any], data_dir: Path, store: SessionStore) -> None:
        self.app = app
        self.store = store
        self._data_dir = data_dir
        self._index: SearchIndex | None = None
        self._made = threading.Lock()  # saves in executor threads may ask first
        self.progress: tuple[int, int] | None = None
        """(files read, files to read) while a sync runs; None when none does."""
        self.syncs_done = 0
        """How many syncs have ended: a browser searches again when this changes."""
        self.problems: list[StoreProblem] = []
        """The session files the last sync could not read (left as they are)."""
        self._existed = False
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._idle.set()

    @property
    def index(self) -> SearchIndex:
        """The index, made (and its modules imported) when first needed, not at start."""
        with self._made:
            if self._index is None:
                from ollamux.core.search_index import SearchIndex

                self._index = SearchIndex(self._data_dir)
            return self._index

    @property
    def syncing(self) -> bool:
        return not self._idle.is_set()

    def start(self) -> None:
        """Follow the store's saves and deletions, and bring the index up to date."""
        # Read now: a prompt sent before the first sync makes the file (with one session).
        self._existed = search_index_path(self._data_dir).exists()
        self.store.saved = self._saved
        self.store.deleted = self._forget
        self.app.set_timer(FIRST_SYNC_DELAY, self.sync)

    def _saved(self, session: Session, path: Path) -> None:
        # Saves while a reply streams keep its partial text safe on disk; indexing
        # each would rewrite the session's whole text every 2 s. The save as the
        # prompt goes out (no text yet) and the one as the reply ends are indexed
        # (after a crash, the next start's sync reads the file).
        reply = session.reply
        if reply is None or not (reply.content or reply.thinking):
            self.index.update(session, path)

    def _forget(self, session: Session, path: Path) -> None:
        self.index.remove(session.id)

    def sync(self) -> None:
        """Start a sync in a thread unless one runs (also after damage was met)."""
        if self.syncing or self._stop.is_set():
            return
        self._idle.clear()
        self.progress = (0, 0)
        self.app.run_worker(self._sync, thread=True, group="search-index", exit_on_error=False)

    def _sync(self) -> None:
        # Found empty while session files exist: a first build, unless there was an
        # index before (at start, or built by an earlier sync): then it was damaged,
        # of another version, or emptied.
        existed = self._existed or self.syncs_done > 0
        notice = None
        try:
            report = self.index.sync(self.store, progress=self._note_progress, cancelled=self._stop.is_set)
        except (sqlite3.Error, OSError) as error:
            log.warning("search index not synced: %s", error)
            notice = f"The search index could not be brought up to date ({error}): search shows what it holds."
        else:
            self.problems = report.problems
            # A first build is expected; a rebuild of an existing index is news.
            if report.rebuilt and existed and not report.cancelled:
                notice = "The search index was damaged or out of date: it was rebuilt from the session files."
        finally:
            self.progress = None
            self.syncs_done += 1
            self._idle.set()
        if notice is not None and not self._stop.is_set():
            with contextlib.suppress(RuntimeError):  # the app has stopped meanwhile
                self.app.call_from_thread(
                    self.app.notify, notice, title="Search", severity="warning", timeout=10, markup=False
                )

    def _note_progress(self, done: int, total: int) -> None:
        # Called for every file in the sync's thread: a plain assignment, which
        # the browser reads on a timer, rather than a message to the loop per file.
        self.progress = (done, total)

    def close(self) -> None:
        """Stop following the store, cancel a running sync, close the index."""
        self._stop.set()
        self.store.saved = lambda session, path: None
        self.store.deleted = lambda session, path: None
        if not self._idle.wait(CLOSE_WAIT_SECONDS):
            log.warning("the search index sync did not stop in %s s", CLOSE_WAIT_SECONDS)
            return  # its connection stays open; the process exit closes it
        if self._index is not None:
            self._index.close()


def library_of(app: App[Any]) -> SearchLibrary | None:
    """The app's search library, if it has one (an app in a test may not)."""
    library = getattr(app, "library", None)
    return library if isinstance(library, SearchLibrary) else None


def indexing_text(done: int, total: int) -> str:
    """`Indexing 1,234 / 5,000 sessions…`: how far the sync is, for the browser."""
    if total <= 0:
        return "Indexing sessions…"
    return f"Indexing {done:,} / {total:,} session{'s' if total != 1 else ''}…"
