"""Sessions on disk: one TOML file per session, written atomically.

A crash at any moment leaves either the old file or the new one, never a torn
one: the text goes to a temporary file in the same directory, is fsynced, and
replaces the old file with one rename. A file that cannot be read is reported and
from then on never written over, so a newer ollamux's sessions or a hand-edit gone
wrong survive until the user deals with them.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from ollamux.core.attachment_store import AttachmentStore
from ollamux.core.durable import fsync_dir
from ollamux.core.session import Session, now
from ollamux.core.session_toml import SCHEMA_VERSION, SessionFormatError, session_from_toml, session_to_toml
from ollamux.core.toml_fields import aware

__all__ = [
    "OPEN_FILE",
    "SCHEMA_VERSION",
    "SESSIONS_DIR",
    "SessionStore",
    "StoreError",
    "StoreProblem",
    "session_from_toml",
    "session_to_toml",
    "sessions_dir",
]

SESSIONS_DIR = "sessions"
SUFFIX = ".toml"
# Lives beside the sessions, so the id "open" is reserved and never a session.
OPEN_FILE = "open.toml"
# The search index (`core.search_index`), beside the sessions' folder.
SEARCH_INDEX_FILE = "search-index.sqlite3"
# Leftover temp files (after a crash) neither end in .toml nor show in a listing.
_TEMP_PREFIX = ".tmp-"
_TEMP_SUFFIX = ".part"
# A temp file untouched this long belongs to a save that died: a live one, even of
# a huge session by another instance, is written within seconds.
STALE_TEMP_SECONDS = 600
# Held while open.toml is read and rewritten, so two instances never interleave.
_OPEN_LOCK = ".open.lock"

log = logging.getLogger(__name__)


def sessions_dir(data_dir: Path) -> Path:
    """Where sessions live under the data directory (`config.data_dir()`)."""
    return data_dir / SESSIONS_DIR


def search_index_path(data_dir: Path) -> Path:
    """The search index of the sessions under `data_dir`, beside their folder (`core.search_index`)."""
    return data_dir / SEARCH_INDEX_FILE


class StoreError(Exception):
    """A save or load the store refuses or cannot do; the message says which file."""


@dataclass(frozen=True, slots=True)
class StoreProblem:
    """A session file that could not be read, and why, for the UI to report."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path.name}: {self.reason}"


class SessionStore:
    """Reads and writes the session files under `root`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # Files that failed to load: saving over one would destroy what is in it.
        self.unreadable: set[Path] = set()
        # Saves of one session may overlap (a partial reply, then the final one):
        # each serialises and writes under this lock, so the last taken wins.
        self._write_lock = threading.Lock()
        # Who else holds a session file (another ollamux), set by whoever holds
        # the locks: such a file is never written or deleted from here.
        self.held_elsewhere: Callable[[Path], str | None] = lambda path: None
        # Told of each session file written or deleted, in the thread that did it
        # (the search index keeps up this way); they must not raise.
        self.saved: Callable[[Session, Path], None] = lambda session, path: None
        self.deleted: Callable[[Session, Path], None] = lambda session, path: None

    def path_for(self, session: Session) -> Path:
        """The session's file: its id names it, so a rename never moves it.

        A session opened from a file elsewhere is saved back to that file.
        """
        if session.file is not None:
            return session.file
        ident = session.id
        bad = not ident or ident.startswith(".") or f"{ident}{SUFFIX}" == OPEN_FILE
        if bad or "/" in ident or "\\" in ident or "\0" in ident:
            raise StoreError(f"session id {ident!r} cannot name a file")
        return self.root / f"{ident}{SUFFIX}"

    def save(self, session: Session) -> Path:
        """Write the session atomically; refuses to replace a file that failed to load."""
        path = self.path_for(session)
        if path in self.unreadable:
            raise StoreError(
                f"not saving over {path.name}: it could not be read and is kept as it is"
            )
        self._refuse_if_held(path)
        with self._write_lock:
            _write_atomic(path, session_to_toml(session))
        self.saved(session, path)
        return path

    def load(self, path: Path) -> Session:
        """One session file; on failure the file is marked unreadable and StoreError raised."""
        try:
            text = path.read_bytes().decode("utf-8")
            session = session_from_toml(text)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, SessionFormatError) as exc:
            self.unreadable.add(path)
            raise StoreError(f"{path.name}: {_reason(exc)}") from exc
        # The file name is the identity: a copied or renamed file must save back to itself.
        session.id = path.stem
        if path.resolve().parent != self.root.resolve():
            session.file = path.resolve()
        self.unreadable.discard(path)
        return session

    def load_all(self) -> tuple[list[Session], list[StoreProblem]]:
        """Every readable session, newest first, and a problem for each other file."""
        sessions: list[Session] = []
        problems: list[StoreProblem] = []
        if not self.root.is_dir():
            return sessions, problems
        for path in sorted(self.root.glob(f"*{SUFFIX}")):
            if path.name == OPEN_FILE or path.name.startswith(".") or not path.is_file():
                continue
            try:
                sessions.append(self.load(path))
            except StoreError as exc:
                problems.append(StoreProblem(path, _reason(exc.__cause__ or exc)))
        sessions.sort(key=lambda s: aware(s.updated_at), reverse=True)
        return sessions, problems

    def delete(self, session: Session) -> None:
        """Delete the session's file, then the attachments no other session file names."""
        path = self.path_for(session)
        self._refuse_if_held(path)
        path.unlink(missing_ok=True)
        self.deleted(session, path)
        self._collect_attachments(session)

    def _collect_attachments(self, session: Session) -> None:
        attachments = [a for m in session.messages for a in m.attachments] + session.draft_attachments
        candidates = {attachment.sha256 for attachment in attachments}
        if not candidates:
            return
        try:
            in_use = self._hashes_in_use(candidates)
            # The attachment store lives beside the sessions folder, in the data folder.
            AttachmentStore(self.root.parent).collect(candidates, in_use)
        except OSError as error:  # the session is gone already; a blob left over costs only space
            log.warning("attachments of a deleted session not collected: %s", error)

    def _hashes_in_use(self, candidates: set[str]) -> set[str]:
        """The candidates that any other session file names (a hash in its text is a use).

        A file that cannot be read might name any of them: then all are kept.
        """
        in_use: set[str] = set()
        if not self.root.is_dir():
            return in_use
        for path in self.root.glob(f"*{SUFFIX}"):
            if path.name == OPEN_FILE:
                continue
            try:
                text = path.read_bytes()
            except FileNotFoundError:
                continue  # deleted meanwhile (another instance): it names nothing now
            except OSError:
                return set(candidates)
            in_use.update(sha for sha in candidates - in_use if sha.encode("ascii") in text)
            if in_use == candidates:
                break
        return in_use

    def _refuse_if_held(self, path: Path) -> None:
        if (owner := self.held_elsewhere(path)) is not None:
            raise StoreError(f"{path.name} is open in {owner}: not changed here")

    def rename(self, session: Session, title: str) -> Path:
        self._refuse_if_held(self.path_for(session))  # before the title changes in memory
        session.title = title
        session.updated_at = now()
        return self.save(session)

    def save_open(self, sessions: list[Session], keep: Callable[[Path], bool] = lambda path: False) -> None:
        """Remember which sessions are open, in tab order, to reopen them at start.

        Each is named by its id, or by its path if it lives outside the store
        (an id never holds a slash, a path always does). Entries already in the
        file for which `keep` says yes (another instance's tabs) stay, after ours.
        """
        with self._open_file_lock():
            ours = [self.path_for(s) for s in sessions]
            others = [path for path in self.load_open() if path not in ours and keep(path)]
            entries = [self._entry(path) for path in [*ours, *others]]
            document = {"schema_version": SCHEMA_VERSION, "open": entries}
            _write_atomic(self.root / OPEN_FILE, tomli_w.dumps(document))

    def _entry(self, path: Path) -> str:
        if path.parent == self.root and path.suffix == SUFFIX:
            return path.stem
        return str(path)

    @contextmanager
    def _open_file_lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, mode=0o700, exist_ok=True)
        fd = os.open(self.root / _OPEN_LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            # No locking on this file system: as before, last write wins.
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def remove_stale_temps(self, older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
        """Delete temp files that interrupted saves left behind; the ones removed."""
        removed: list[Path] = []
        if not self.root.is_dir():
            return removed
        cutoff = time.time() - older_than
        for path in self.root.glob(f"{_TEMP_PREFIX}*{_TEMP_SUFFIX}"):
            try:
                if path.lstat().st_mtime < cutoff:
                    path.unlink()
                    removed.append(path)
            except OSError:
                continue  # gone already (another instance cleaned it), or not ours to delete
        return removed

    def load_open(self) -> list[Path]:
        """The files `save_open` named; empty when missing or unreadable (only a convenience)."""
        try:
            data = tomllib.loads((self.root / OPEN_FILE).read_bytes().decode("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return []
        entries = data.get("open")
        if not isinstance(entries, list):
            return []
        return [
            Path(entry) if "/" in entry else self.root / f"{entry}{SUFFIX}"
            for entry in entries
            if isinstance(entry, str) and entry
        ]


def _reason(exc: BaseException) -> str:
    if isinstance(exc, tomllib.TOMLDecodeError):
        return f"not valid TOML: {exc}"
    if isinstance(exc, UnicodeDecodeError):
        return f"not valid UTF-8 (byte {exc.start})"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def _write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a crash leaves the old file or the new one."""
    path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    # mkstemp creates the file with mode 0600, and os.replace keeps that mode.
    # Closed by `with temp` below; its name must outlive it, for the rename or the cleanup.
    temp = tempfile.NamedTemporaryFile(  # noqa: SIM115
        dir=path.parent, prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX, delete=False
    )
    try:
        with temp:
            temp.write(text.encode("utf-8"))
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp.name, path)
    except BaseException:
        # Whatever failed (disk full, a signal), the old file is intact: drop the temp.
        Path(temp.name).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)
