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
    drop_session,
    is_corruption,
    put_session,
    recorded_files,
    writing,
)
from ollamux.core.search_read import Read, Stat, reader
from ollamux.core.store import OPEN_FILE, SUFFIX, SessionStore, StoreProblem

if TYPE_CHECKING:
    from ollamux.core.search_index import SearchIndex

log = logging.getLogger(__name__)
# Files read between two commits: about a second of work on a slow machine.
BATCH_FILES = 100


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
    """The index was empty (missing, damaged, of another version) and built afresh."""
    cancelled: bool = False
    """Stopped by `cancelled()` before the end; what was done is kept."""


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
    index: SearchIndex,
    store: SessionStore,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
    workers: int | None = None,
) -> SyncReport:
    """See `SearchIndex.sync`."""
    report = SyncReport()
    if index.damaged:
        index.discard()
    try:
        _sync(index, store, progress, cancelled, workers, report)
    except sqlite3.Error as error:
        if not is_corruption(error):
            raise
        log.warning("search index damaged during sync (%s): rebuilding it", error)
        index.discard()
        report = SyncReport(rebuilt=True)
        _sync(index, store, progress, cancelled, workers, report)
    return report


def _sync(
    index: SearchIndex,
    store: SessionStore,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
    workers: int | None,
    report: SyncReport,
) -> None:
    conn = index.connection()
    files = session_files(store.root)
    recorded = recorded_files(conn)
    # An empty index facing files was missing, damaged or of another version.
    report.rebuilt = report.rebuilt or (not recorded and bool(files))
    gone = [path for path in recorded if path not in files]
    if gone:
        with writing(conn):
            report.removed += sum(drop_session(conn, path) for path in gone)
    todo = sorted(path for path, stat in files.items() if recorded.get(path) != stat)
    report.unchanged = len(files) - len(todo)
    progress(0, len(todo))
    batch: list[Read] = []
    with reader(len(todo), workers) as read:
        for done, item in enumerate(read(todo, [files[path] for path in todo]), 1):
            _note_readable(store, item, report)
            batch.append(item)
            if len(batch) >= BATCH_FILES:
                _write(conn, batch, recorded, report)
                batch = []
            progress(done, len(todo))
            if done < len(todo) and cancelled():
                report.cancelled = True
                break
    _write(conn, batch, recorded, report)


def _note_readable(store: SessionStore, item: Read, report: SyncReport) -> None:
    """Tell the store what was learnt: a file that failed to load is never saved over."""
    path, _stat, rows, problem = item
    if rows is not None:
        store.unreadable.discard(Path(path))
    elif problem is not None:
        store.unreadable.add(Path(path))
        report.problems.append(StoreProblem(Path(path), problem))


def _write(conn: sqlite3.Connection, batch: list[Read], recorded: dict[str, Stat], report: SyncReport) -> None:
    if not batch:
        return
    with writing(conn):
        for path, stat, rows, _problem in batch:
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
