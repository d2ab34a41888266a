"""The search index's SQLite file: its schema, and writing one session's rows.

Three tables: `sessions` (one row per session file, with the file's size and
mtime as read, so that a later change by hand or by another instance shows),
`messages` (the original text of every message, to find the best one and cut
its snippet), and the FTS5 table `session_words`, one row per session: its title,
the text of all its messages, and all their thinking, as the tokenizer must see
them (`search_text.indexed_text`).

One FTS row per session, not per message: ranking then scores 5,000 rows rather
than 250,000 (per-message rows took 300-500 ms a query on the benchmark's
library), and all the words of a query may come from different messages. The
best message of each hit is picked afterwards, in Python, among a few sessions.
`session_words` keeps no copy of the text (contentless): removing a row means
handing FTS5 the words it indexed, recomputed here from `messages`.

Several connections (threads, other ollamux instances) share the file: WAL lets
searches run while one writer writes, and every write is one `BEGIN IMMEDIATE`
transaction, so writers queue behind the busy timeout instead of failing.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ollamux.core.search_text import indexed_text
from ollamux.core.store import SEARCH_INDEX_FILE

DB_NAME = SEARCH_INDEX_FILE
# Raised whenever the tables or what `indexed_text` produces change: any other
# version (older, or a newer ollamux's) is dropped and rebuilt from the files.
SCHEMA_VERSION = 1
BUSY_SECONDS = 30.0
_SETTING_UP = threading.Lock()
# Two-letter word prefixes get their own index: "co" expands to thousands of words.
# (On the benchmark: 40 ms instead of 55 for "co", for 28 MB more; prefixes of 3
# letters gained little for another 24 MB.)
_SCHEMA = """
CREATE TABLE sessions(
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, path TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL, model TEXT NOT NULL, host TEXT NOT NULL,
    created REAL NOT NULL, updated REAL NOT NULL, preview TEXT NOT NULL,
    mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL);
CREATE INDEX sessions_by_update ON sessions(updated);
CREATE INDEX sessions_by_id ON sessions(id);
CREATE TABLE messages(
    rowid INTEGER PRIMARY KEY, session INTEGER NOT NULL, idx INTEGER NOT NULL,
    role TEXT NOT NULL, content TEXT NOT NULL, thinking TEXT NOT NULL);
CREATE INDEX messages_by_session ON messages(session, idx);
CREATE VIRTUAL TABLE session_words USING fts5(
    title, body, thinking, content='',
    tokenize='unicode61 remove_diacritics 2', prefix='2');
"""
_TABLES = ("session_words", "messages", "sessions")

# SQLite's primary result codes for a damaged file and for a file that is not a database.
_CORRUPT_CODES = (11, 26)


@dataclass(frozen=True, slots=True)
class SessionRow:
    """What the index keeps about a session besides its messages."""

    id: str
    path: str
    title: str
    model: str
    host: str
    created: float
    updated: float
    preview: str
    mtime_ns: int
    size: int


@dataclass(frozen=True, slots=True)
class MessageRow:
    """One message's text as indexed; `idx` is its place in the session (-1: none)."""

    idx: int
    role: str
    content: str
    thinking: str


def is_corruption(error: sqlite3.Error) -> bool:
    """Whether the error says the file is damaged (rebuild it), not busy or full."""
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(error, sqlite3.DatabaseError) and code is not None and code & 0xFF in _CORRUPT_CODES


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), schema ready."""
    path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    conn = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
    # One thread at a time: two connections setting up a new file at once (the first
    # sync and a search just after start) made one fail with "database is locked",
    # as SQLite does not wait out a lock while it switches the file to WAL.
    with _SETTING_UP:
        _set_up(conn)
    return conn


def _set_up(conn: sqlite3.Connection) -> None:
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
        conn.execute("PRAGMA journal_mode = WAL")
        # In WAL mode a crash may lose the last commits but never corrupts: the
        # index is a cache of the files, and the next sync redoes what was lost.
        conn.execute("PRAGMA synchronous = NORMAL")
        _ensure_schema(conn)
    except BaseException:
        conn.close()
        raise


def _ensure_schema(conn: sqlite3.Connection) -> None:
    if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    with writing(conn):
        # Another instance may have built it while this one waited for the lock.
        if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return
        for table in _TABLES:
            conn.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in filter(str.strip, _SCHEMA.split(";")):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def delete_files(path: Path) -> None:
    """Remove the database with its WAL and shared-memory files (a damaged index)."""
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


@contextlib.contextmanager
def writing(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken at once so that writers queue, not deadlock."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def recorded_files(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    """Every indexed file's path with the (mtime_ns, size) it had when indexed."""
    rows = conn.execute("SELECT path, mtime_ns, size FROM sessions").fetchall()
    return {path: (mtime_ns, size) for path, mtime_ns, size in rows}


def put_session(conn: sqlite3.Connection, session: SessionRow, messages: Sequence[MessageRow]) -> None:
    """Make the index hold exactly this session; call inside `writing`."""
    found = conn.execute("SELECT rowid FROM sessions WHERE path = ?", (session.path,)).fetchone()
    if found is None:
        cursor = conn.execute(
            "INSERT INTO sessions(id, path, title, model, host, created, updated, preview, mtime_ns, size)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _fields(session),
        )
        assert cursor.lastrowid is not None
        rowid = cursor.lastrowid
    else:
        rowid = found[0]
        _forget_words(conn, rowid)
        conn.execute(
            "UPDATE sessions SET id=?, title=?, model=?, host=?, created=?, updated=?, preview=?, mtime_ns=?, size=?"
            " WHERE rowid=?",
            (session.id, *_fields(session)[2:], rowid),  # the path is the key: unchanged
        )
    conn.executemany(
        "INSERT INTO messages(session, idx, role, content, thinking) VALUES (?, ?, ?, ?, ?)",
        [(rowid, m.idx, m.role, m.content, m.thinking) for m in messages],
    )
    conn.execute(
        "INSERT INTO session_words(rowid, title, body, thinking) VALUES (?, ?, ?, ?)",
        (rowid, *_words(session.title, messages)),
    )


def drop_session(conn: sqlite3.Connection, path: str) -> bool:
    """Remove a session and its messages from the index; call inside `writing`."""
    found = conn.execute("SELECT rowid FROM sessions WHERE path = ?", (path,)).fetchone()
    if found is None:
        return False
    _forget_words(conn, found[0])
    conn.execute("DELETE FROM sessions WHERE rowid = ?", (found[0],))
    return True


def _fields(session: SessionRow) -> tuple[object, ...]:
    return (
        session.id, session.path, session.title, session.model, session.host, session.created,
        session.updated, session.preview, session.mtime_ns, session.size,
    )


def _words(title: str, messages: Sequence[MessageRow]) -> tuple[str, str, str]:
    """The FTS5 row of a session: its title, its messages' text, their thinking."""
    ordered = sorted(messages, key=lambda message: message.idx)
    body = "\n".join(message.content for message in ordered)
    thinking = "\n".join(message.thinking for message in ordered if message.thinking)
    return indexed_text(title), indexed_text(body), indexed_text(thinking)


def _forget_words(conn: sqlite3.Connection, session: int) -> None:
    """Remove a session's FTS5 row and its messages, handing FTS5 the words it indexed."""
    title = conn.execute("SELECT title FROM sessions WHERE rowid = ?", (session,)).fetchone()[0]
    rows = conn.execute("SELECT idx, role, content, thinking FROM messages WHERE session = ?", (session,))
    messages = [MessageRow(*row) for row in rows]
    conn.execute(
        "INSERT INTO session_words(session_words, rowid, title, body, thinking) VALUES ('delete', ?, ?, ?, ?)",
        (session, *_words(title, messages)),
    )
    conn.execute("DELETE FROM messages WHERE session = ?", (session,))
