"""When sessions are saved and which ones come back at start.

The store does the file work; this decides the moments: when a prompt is sent,
every few seconds while its reply streams, after every reply that ended
(finished, stopped or failed), on rename, on close and on quit. Writes run in a
thread so a slow disk never stalls typing.

It also owns this instance's session locks: a session another ollamux holds is
never saved from here, and the open-tab list names only the sessions this
instance holds, keeping the entries of other live instances as they are.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from ollamux.core.session import Session
from ollamux.core.session_lock import Owner, SessionLocks
from ollamux.core.store import SessionStore, StoreError, sessions_dir


class SessionKeeper:
    """Saves sessions and remembers the open ones; problems come back as sentences."""

    def __init__(self, data_dir: Path) -> None:
        self.store = SessionStore(sessions_dir(data_dir))
        # Started on one file (`--session`): a quick look at it must not make
        # the next plain start forget the sessions that were open before.
        self.remember_open = True
        self.locks = SessionLocks()
        # Every session file this instance has held: its entry in the open list
        # is ours to drop when the tab closes, unless another instance holds it now.
        self._claimed: set[Path] = set()
        # The open list is rewritten from several threads: one at a time, newest state.
        self._open_lock = threading.Lock()
        self.store.held_elsewhere = self._held_elsewhere
        # Things worth knowing from the start, not problems (another instance's tabs).
        self.notes: list[str] = []
        # Sessions with a save under way: a partial save waits for none, it is skipped.
        self._saving: set[str] = set()

    def claim(self, session: Session) -> Owner | None:
        """Hold the session for this instance: None if ours now, else who has it."""
        try:
            path = self.store.path_for(session)
            owner = self.locks.acquire(path)
        except (StoreError, OSError):
            return None  # cannot lock (odd id, read-only folder): saving will say why
        if owner is None:
            self._claimed.add(path)
        return owner

    def owns(self, session: Session) -> bool:
        try:
            return self.locks.holds(self.store.path_for(session))
        except StoreError:
            return True  # an id that names no file: nobody holds it, and saving says why

    def release(self, session: Session) -> None:
        # Nothing to release when the id names no file or the lock file is gone.
        with contextlib.suppress(StoreError, OSError):
            self.locks.release(self.store.path_for(session))

    async def save(self, session: Session, *, partial: bool = False) -> str | None:
        """Save one session off the event loop; the problem as text, or None.

        A `partial` save (a reply still streaming) is skipped while another save
        of the session runs: on a huge session saves never pile up.
        """
        if not self.owns(session):
            return None  # another instance owns it: its turns are not ours to overwrite
        if partial and session.id in self._saving:
            return None
        self._saving.add(session.id)
        try:
            await asyncio.to_thread(self.store.save, session)
        except (StoreError, OSError) as error:
            return f"Could not save '{session.title or session.id}': {error}"
        finally:
            self._saving.discard(session.id)
        return None

    def save_now(self, sessions: Iterable[Session]) -> list[str]:
        """Save at quit, where there is no later: synchronous, every session tried."""
        problems: list[str] = []
        sessions = [session for session in sessions if self.owns(session)]
        for session in sessions:
            try:
                self.store.save(session)
            except (StoreError, OSError) as error:
                problems.append(f"{session.title or session.id}: {error}")
        if problem := self.save_open(sessions):
            problems.append(problem)
        return problems

    def save_open(self, sessions: Iterable[Session] | Callable[[], Iterable[Session]]) -> str | None:
        """Remember the open sessions for the next start; the problem as text, or None.

        Given a callable, it is asked under the lock, so that of two writes racing
        in threads the last one writes the newest list.
        """
        with self._open_lock:
            if not self.remember_open:
                return None
            current = sessions() if callable(sessions) else sessions
            try:
                self.store.save_open([s for s in current if self.owns(s)], keep=self._keep_entry)
            except (OSError, StoreError) as error:
                return f"open sessions list: {error}"
        return None

    def _held_elsewhere(self, path: Path) -> str | None:
        owner = self.locks.holder(path)
        return owner.describe() if owner is not None else None

    def _keep_entry(self, path: Path) -> bool:
        """Keep another instance's entry: live elsewhere, or from an instance that quit."""
        if self.locks.holder(path) is not None:
            return True
        return path not in self._claimed and path.exists()

    def release_all(self) -> None:
        """At quit, after the last save: the open list is final, the sessions free."""
        with self._open_lock:
            # A late write from a thread would find no session ours and drop them all.
            self.remember_open = False
        self.locks.release_all()

    def restore(self, *, file: Path | None, reopen: bool) -> tuple[list[Session], list[str]]:
        """The sessions to show at start: one file (`--session`), or the last open ones."""
        self.store.remove_stale_temps()
        if file is not None:
            self.remember_open = False
            try:
                return [self.store.load(file)], []
            except StoreError as error:
                return [], [f"Cannot open {error}"]
        if not reopen:
            return [], []
        sessions: list[Session] = []
        problems: list[str] = []
        elsewhere: list[Owner] = []
        for path in self.store.load_open():
            if not path.exists():
                continue
            try:
                owner = self.locks.acquire(path)
            except OSError:
                owner = None
            if owner is not None:
                # Open in another live instance: that one keeps its tab.
                elsewhere.append(owner)
                continue
            try:
                sessions.append(self.store.load(path))
                self._claimed.add(path)
            except StoreError as error:
                self.locks.release(path)
                problems.append(f"Cannot reopen {error} (the file was left as it is)")
        if elsewhere:
            count = "A session" if len(elsewhere) == 1 else f"{len(elsewhere)} sessions"
            self.notes.append(
                f"{count} of last time {'is' if len(elsewhere) == 1 else 'are'} open in "
                f"{elsewhere[0].describe()}: not reopened here (F4 opens it read-only)."
            )
        return sessions, problems
