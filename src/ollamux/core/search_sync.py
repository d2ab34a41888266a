"""Bringing the search index up to date with the session files.

A file is re-read when its size or mtime differs from what the index recorded
when it last read it, so hand edits and other instances' saves are caught
without reading every file at every start. Files are parsed outside any
transaction (the slow part) and written in batches: another instance's writes
and this one's searches are held up for a batch at most.

Two instances syncing at once both stay correct: a file's rows are written only
if the file still has the size and mtime it had when read, and skipped if the
index already holds that very version (the other instance wrote it).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ollamux.core.search_db import (
    MessageRow,
    SessionRow,
    drop_session,
    is_corruption,
    put_session,
    recorded_files,
    writing,
)
from ollamux.core.search_text import one_line
from ollamux.core.session import Session
from ollamux.core.session_toml import aware
from ollamux.core.store import OPEN_FILE, SUFFIX, SessionStore, StoreError, StoreProblem

if TYPE_CHECKING:
    from ollamux.core.search_index import SearchIndex

log = logging.getLogger(__name__)
# Files read between two commits: about a second of work on a slow machine.
BATCH_FILES = 100
PREVIEW_LENGTH = 300
Stat = tuple[int, int]  # mtime_ns, size


@dataclass
class SyncReport:
    """What a `SearchIndex.sync` did."""

    indexed: int = 0
    """Files read and indexed (new or changed)."""
    removed: int = 0
    """Sessions dropped: their file is gone or no longer readable."""
    unchanged: int = 0
    """Files already indexed as they are."""
    problems: list[StoreProblem] = field(default_factory=list)
    """Files that could not be read (skipped; the files are left as they are)."""
    rebuilt: bool = False
    """The database was missing, damaged or of another version and started afresh."""
    cancelled: bool = False
    """Stopped by `cancelled()` before the end; what was done is kept."""


def session_rows(session: Session, path: Path, mtime_ns: int, size: int) -> tuple[SessionRow, list[MessageRow]]:
    """What the index stores of a session read from (or saved to) `path`."""
    messages = [
        MessageRow(index, message.role, message.content, message.thinking)
        for index, message in enumerate(session.messages)
    ]
    # A session without messages still has a title to be found by.
    messages = messages or [MessageRow(-1, "", "", "")]
    first_prompt = next((m.content for m in session.messages if m.role == "user" and m.content.strip()), "")
    row = SessionRow(
        id=session.id,
        path=str(path.absolute()),
        title=session.title,
        model=session.model,
        host=session.host,
        created=aware(session.created_at).timestamp(),
        updated=aware(session.updated_at).timestamp(),
        preview=one_line(first_prompt[: PREVIEW_LENGTH * 4])[:PREVIEW_LENGTH],
        mtime_ns=mtime_ns,
        size=size,
    )
    return row, messages


def _stat(path: Path) -> Stat | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def session_files(root: Path) -> dict[str, Stat]:
    """The session files the store would list, by absolute path, with their stat."""
    files: dict[str, Stat] = {}
    if not root.is_dir():
        return files
    for entry in os.scandir(root):
        if entry.name.endswith(SUFFIX) and entry.name != OPEN_FILE and not entry.name.startswith("."):
            try:
                if entry.is_file():
                    stat = entry.stat()
                    files[os.path.abspath(entry.path)] = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                continue  # removed while listed
    return files


def sync_files(
    index: SearchIndex, store: SessionStore, progress: Callable[[int, int], None], cancelled: Callable[[], bool]
) -> SyncReport:
    """See `SearchIndex.sync`."""
    report = SyncReport()
    if index.damaged or not index.path.exists():
        report.rebuilt = True
        if index.damaged:
            index.discard()
    try:
        _sync(index, store, progress, cancelled, report)
    except sqlite3.Error as error:
        if not is_corruption(error):
            raise
        log.warning("search index damaged during sync (%s): rebuilding it", error)
        index.discard()
        report = SyncReport(rebuilt=True)
        _sync(index, store, progress, cancelled, report)
    return report


def _sync(
    index: SearchIndex,
    store: SessionStore,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
    report: SyncReport,
) -> None:
    conn = index.connection()
    files = session_files(store.root)
    recorded = recorded_files(conn)
    gone = [path for path in recorded if path not in files]
    if gone:
        with writing(conn):
            report.removed += sum(drop_session(conn, path) for path in gone)
    todo = sorted(path for path, stat in files.items() if recorded.get(path) != stat)
    report.unchanged = len(files) - len(todo)
    progress(0, len(todo))
    batch: list[tuple[str, Stat, tuple[SessionRow, list[MessageRow]] | None]] = []
    for done, path in enumerate(todo, 1):
        if cancelled():
            report.cancelled = True
            break
        batch.append(_read(store, Path(path), files[path], report))
        if len(batch) >= BATCH_FILES:
            _write(conn, batch, recorded, report)
            batch = []
        progress(done, len(todo))
    _write(conn, batch, recorded, report)


def _read(
    store: SessionStore, path: Path, stat: Stat, report: SyncReport
) -> tuple[str, Stat, tuple[SessionRow, list[MessageRow]] | None]:
    """The file's rows, or None (unreadable: reported, its old rows to be dropped)."""
    try:
        session = store.load(path)
    except StoreError as error:
        if _stat(path) is not None:  # deleted meanwhile is no problem: just gone
            report.problems.append(StoreProblem(path, str(error.__cause__ or error)))
        return str(path), stat, None
    return str(path), stat, session_rows(session, path, *stat)


def _write(
    conn: sqlite3.Connection,
    batch: list[tuple[str, Stat, tuple[SessionRow, list[MessageRow]] | None]],
    recorded: dict[str, Stat],
    report: SyncReport,
) -> None:
    if not batch:
        return
    with writing(conn):
        for path, stat, rows in batch:
            if rows is None:
                if path in recorded:
                    report.removed += drop_session(conn, path)
                continue
            # Changed again since read: its rows would be stale; the next sync reads it.
            if _stat(Path(path)) != stat:
                continue
            now_recorded = conn.execute("SELECT mtime_ns, size FROM sessions WHERE path = ?", (path,)).fetchone()
            if now_recorded is None or tuple(now_recorded) != stat:
                put_session(conn, *rows)
            report.indexed += 1
