"""When sessions are saved and which ones come back at start.

The store does the file work; this decides the moments: after every reply that
ended (finished, stopped or failed), on rename, on close and on quit. Writes
run in a thread so a slow disk never stalls typing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path

from ollamux.core.session import Session
from ollamux.core.store import SessionStore, StoreError, sessions_dir


class SessionKeeper:
    """Saves sessions and remembers the open ones; problems come back as sentences."""

    def __init__(self, data_dir: Path) -> None:
        self.store = SessionStore(sessions_dir(data_dir))
        # Started on one file (`--session`): a quick look at it must not make
        # the next plain start forget the sessions that were open before.
        self.remember_open = True

    async def save(self, session: Session) -> str | None:
        """Save one session off the event loop; the problem as text, or None."""
        try:
            await asyncio.to_thread(self.store.save, session)
        except (StoreError, OSError) as error:
            return f"Could not save '{session.title or session.id}': {error}"
        return None

    def save_now(self, sessions: Iterable[Session]) -> list[str]:
        """Save at quit, where there is no later: synchronous, every session tried."""
        problems = []
        sessions = list(sessions)
        for session in sessions:
            try:
                self.store.save(session)
            except (StoreError, OSError) as error:
                problems.append(f"{session.title or session.id}: {error}")
        if problem := self.save_open(sessions):
            problems.append(problem)
        return problems

    def save_open(self, sessions: list[Session]) -> str | None:
        """Remember the open sessions for the next start; the problem as text, or None."""
        if not self.remember_open:
            return None
        try:
            self.store.save_open(sessions)
        except OSError as error:
            return f"open sessions list: {error}"
        return None

    def restore(self, *, file: Path | None, reopen: bool) -> tuple[list[Session], list[str]]:
        """The sessions to show at start: one file (`--session`), or the last open ones."""
        if file is not None:
            self.remember_open = False
            try:
                return [self.store.load(file)], []
            except StoreError as error:
                return [], [f"Cannot open {error}"]
        if not reopen:
            return [], []
        sessions, problems = [], []
        for path in self.store.load_open():
            if not path.exists():
                continue
            try:
                sessions.append(self.store.load(path))
            except StoreError as error:
                problems.append(f"Cannot reopen {error} (the file was left as it is)")
        return sessions, problems
