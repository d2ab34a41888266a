"""Full-text search over every saved session (F4), kept beside the session files.

The TOML files stay the truth; the index (`search_db`) is a cache of them that
`sync` rebuilds when it is missing, damaged, of another schema version, or behind
the files (changed by hand, by another instance, deleted). Typical use:

    index = SearchIndex(config.data_dir)
    report = index.sync(keeper.store, progress=bar.update)   # in a worker thread
    keeper.store.saved = index.update                        # then kept current
    keeper.store.deleted = lambda session, path: index.remove(session.id)
    hits = index.search('quant "context length" model:qwen3')

Every method may run in any thread; each thread gets its own connection, and a
search runs while another thread (or another ollamux) writes. `progress` is
called in the sync's thread (a Textual app hands it on with `call_from_thread`).
A search of 5,000 sessions takes tens of milliseconds (see the benchmark): run
it off the event loop too, newest query wins.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ollamux.core.search_db import (
    connect,
    delete_files,
    drop_session,
    is_corruption,
    put_session,
    writing,
)
from ollamux.core.search_hits import Hit, make_hits
from ollamux.core.search_query import Query, parse
from ollamux.core.search_read import session_rows
from ollamux.core.search_sql import hits_sql
from ollamux.core.search_sync import SyncReport, sync_files
from ollamux.core.search_text import fts_phrase, needle
from ollamux.core.session import Session
from ollamux.core.store import SessionStore, search_index_path, sessions_dir

__all__ = ["Hit", "Query", "SearchIndex", "SearchIndexError", "SyncReport", "parse"]

log = logging.getLogger(__name__)


class SearchIndexError(Exception):
    """A search the index cannot answer now (damaged: the next `sync` rebuilds it)."""


class SearchIndex:
    """The search index of the sessions under `data_dir` (see the module's doc)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = search_index_path(data_dir)
        # Paths are kept absolute and normalised, as `search_sync.session_files` lists them.
        self.sessions_root = Path(os.path.abspath(sessions_dir(data_dir)))
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        # Set when a damaged file was met: the next sync starts from scratch.
        self.damaged = False

    def connection(self) -> sqlite3.Connection:
        """This thread's connection; a new one if the file was replaced or removed."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        try:
            inode = os.stat(self.path).st_ino
        except FileNotFoundError:
            inode = None
        if conn is not None and inode == getattr(self._local, "inode", None):
            return conn
        if conn is not None:  # the file was replaced (a rebuild elsewhere): let go of the old one
            with self._lock:
                self._connections = [other for other in self._connections if other is not conn]
            conn.close()
        try:
            conn = connect(self.path)
        except sqlite3.Error as error:
            if not is_corruption(error):
                raise
            log.warning("search index %s is damaged (%s): rebuilding it", self.path, error)
            self.close()
            delete_files(self.path)
            conn = connect(self.path)
        self._local.conn, self._local.inode = conn, os.stat(self.path).st_ino
        with self._lock:
            self._connections.append(conn)
        return conn

    def discard(self) -> None:
        """Delete the database (damaged): every connection reopens on a new, empty one."""
        self.close()
        delete_files(self.path)
        self.damaged = False

    def close(self) -> None:
        """Close every connection this object opened (at quit, or before a rebuild)."""
        with self._lock:
            connections, self._connections = self._connections, []
        for conn in connections:
            conn.close()
        self._local = threading.local()

    def update(self, session: Session, path: Path) -> None:
        """Index a session just saved to `path`. Never raises: a failure is logged,
        and the next `sync` catches up. Files outside the store are not indexed."""
        path = Path(os.path.abspath(path))
        if path.parent != self.sessions_root:
            return
        try:
            stat = path.stat()
            session_row, messages = session_rows(session, path, stat.st_mtime_ns, stat.st_size)
            conn = self.connection()
            with writing(conn):
                put_session(conn, session_row, messages)
        except (OSError, ValueError, sqlite3.Error) as error:  # ValueError: text SQLite cannot take
            self._note(error)
            log.warning("search index not updated for %s: %s", path.name, error)

    def remove(self, session_id: str) -> None:
        """Forget a deleted session. Never raises (see `update`)."""
        try:
            conn = self.connection()
            with writing(conn):
                drop_session(conn, str(self.sessions_root / f"{session_id}.toml"))
        except (OSError, sqlite3.Error) as error:
            self._note(error)
            log.warning("search index: %s not removed: %s", session_id, error)

    def sync(
        self,
        store: SessionStore,
        *,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        workers: int | None = None,
    ) -> SyncReport:
        """Bring the index up to date with the files in `store`; run it in a worker.

        Re-reads each file whose size or mtime differs from what the index
        recorded, drops files that are gone, and rebuilds from nothing when the
        database is missing, damaged or of another version. `progress(done, total)`
        is called as files are read; `cancelled()` is asked between files, and a
        cancelled sync keeps what it did. A file that cannot be read is skipped
        and reported in `SyncReport.problems` (and marked unreadable in `store`,
        which then never saves over it). Hundreds of files are read in `workers`
        processes (None: one per core; see `search_read.reader`).
        """
        no_progress: Callable[[int, int], None] = lambda done, total: None  # noqa: E731
        return sync_files(self, store, progress or no_progress, cancelled or (lambda: False), workers)

    def search(self, query: str | Query, *, limit: int = 50, thinking: bool = False) -> list[Hit]:
        """The sessions matching `query` (text as typed, or parsed), best first.

        One hit per session, at its best message, ranked by relevance (title
        words weigh most) blended with recency; with no words, the sessions the
        filters keep, newest first. `thinking` searches the models' thinking too.
        Raises SearchIndexError when the index cannot be read.
        """
        query = parse(query) if isinstance(query, str) else query
        last_word = len(query.words) - 1
        terms = [(word, index == last_word) for index, word in enumerate(query.words)]
        terms += [(phrase, False) for phrase in query.phrases]
        phrases = [phrase for term, prefix in terms if (phrase := fts_phrase(term, prefix=prefix))]
        needles = [found for term, prefix in terms if (found := needle(term, prefix=prefix))]
        if terms and not phrases:
            return []  # only punctuation typed so far: nothing can match it
        sql, args = hits_sql(query, phrases, thinking=thinking, now=time.time(), limit=limit)
        try:
            conn = self.connection()
            return make_hits(conn, conn.execute(sql, args).fetchall(), needles, thinking)
        except sqlite3.Error as error:
            self._note(error)
            raise SearchIndexError(f"the search index cannot be read: {error}") from error

    def _note(self, error: BaseException) -> None:
        if isinstance(error, sqlite3.Error) and is_corruption(error):
            self.damaged = True
