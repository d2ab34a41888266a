"""Sessions on disk: one TOML file per session, written atomically.

A crash at any moment leaves either the old file or the new one, never a torn
one: the text goes to a temporary file in the same directory, is fsynced, and
replaces the old file with one rename. A file that cannot be read is reported and
from then on never written over, so a newer ollamux's sessions or a hand-edit gone
wrong survive until the user deals with them.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from ollamux.core.session import Session, now
from ollamux.core.session_toml import (
    SCHEMA_VERSION,
    SessionFormatError,
    aware,
    session_from_toml,
    session_to_toml,
)

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
# Leftover temp files (after a crash) neither end in .toml nor show in a listing.
_TEMP_PREFIX = ".tmp-"


def sessions_dir(data_dir: Path) -> Path:
    """Where sessions live under the data directory (`config.data_dir()`)."""
    return data_dir / SESSIONS_DIR


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
        _write_atomic(path, session_to_toml(session))
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
        self.path_for(session).unlink(missing_ok=True)

    def rename(self, session: Session, title: str) -> Path:
        session.title = title
        session.updated_at = now()
        return self.save(session)

    def save_open(self, sessions: list[Session]) -> None:
        """Remember which sessions are open, in tab order, to reopen them at start.

        Each is named by its id, or by its path if it lives outside the store
        (an id never holds a slash, a path always does).
        """
        entries = [str(s.file) if s.file is not None else s.id for s in sessions]
        document = {"schema_version": SCHEMA_VERSION, "open": entries}
        _write_atomic(self.root / OPEN_FILE, tomli_w.dumps(document))

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
    temp = tempfile.NamedTemporaryFile(
        dir=path.parent, prefix=_TEMP_PREFIX, suffix=".part", delete=False
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
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable; not every platform can open a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
