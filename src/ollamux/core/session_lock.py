"""One owner per session file: an advisory lock so two ollamux never write the same session.

Two instances on one data folder (two SSH windows) would otherwise both save
the same session, each overwriting the turns the other added. The lock is an
`flock` on a hidden file beside the session (`.ID.toml.lock`), held on an open
descriptor for as long as the session is open. The kernel drops it when the
process ends in any way, kill -9 included, so a lock is never left behind by a
dead owner and "taken over only when the owner is gone" needs no guessing.
flock locks belong to the open file, not the process: two apps in one process
exclude each other just the same. The file also holds the owner's pid, host
and start time, only to tell the user who has the session open.
"""

from __future__ import annotations

import errno
import fcntl
import os
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

LOCK_SUFFIX = ".lock"
# `holder` takes a shared lock for an instant to look: a taker meeting one of
# those tries again this many times, BUSY_PAUSE apart, before it gives up.
BUSY_TRIES = 5
BUSY_PAUSE = 0.005


def lock_path(session_file: Path) -> Path:
    """The lock beside a session file: hidden, and not a `.toml`, so no listing shows it."""
    return session_file.with_name(f".{session_file.name}{LOCK_SUFFIX}")


@dataclass(frozen=True, slots=True)
class Owner:
    """Who holds a session: enough for a person to find that other window."""

    pid: int | None
    host: str
    since: str

    def describe(self) -> str:
        if self.pid is None:
            return "another ollamux"
        where = "here" if self.host == socket.gethostname() else f"on {self.host}"
        since = f", since {self.since}" if self.since else ""
        return f"ollamux pid {self.pid} {where}{since}"

    @classmethod
    def parse(cls, text: str) -> Owner:
        """The owner a lock file names; an empty or foreign file names an unknown one."""
        fields = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
        pid = fields.get("pid", "")
        return cls(int(pid) if pid.isdigit() else None, fields.get("host", "?"), fields.get("since", ""))


def _me() -> str:
    since = datetime.now(UTC).astimezone().strftime("%Y-%m-%d %H:%M")
    return f"pid={os.getpid()}\nhost={socket.gethostname()}\nsince={since}\n"


class SessionLocks:
    """The session locks one app instance holds, by session file."""

    def __init__(self) -> None:
        # None: held without a lock, where the file system cannot give one.
        self._held: dict[Path, int | None] = {}

    def holds(self, session_file: Path) -> bool:
        return session_file in self._held

    def acquire(self, session_file: Path) -> Owner | None:
        """Take the session for this instance: None when it is ours, else who has it.

        Where no lock can be had at all (a read-only folder, a file system
        without locks), the session is taken without one: that is how ollamux
        behaved before locks, better than refusing to save.
        """
        if session_file in self._held:
            return None
        path = lock_path(session_file)
        while True:
            try:
                path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
                fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            except OSError:
                self._held[session_file] = None
                return None
            try:
                _lock_exclusive(fd)
            except OSError as error:
                os.close(fd)
                if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    return self.holder(session_file) or Owner(None, "?", "")
                self._held[session_file] = None  # ENOLCK, EOPNOTSUPP: carry on unguarded
                return None
            # The last owner unlinks the file as it lets go: a lock won on the
            # unlinked file guards nothing, so take the one now at the path.
            if _same_file(fd, path):
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, _me().encode(), 0)
        self._held[session_file] = fd
        return None

    def holder(self, session_file: Path) -> Owner | None:
        """Who holds the session now, without taking it; None when nobody does."""
        if session_file in self._held:
            return None
        try:
            fd = os.open(lock_path(session_file), os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            return None
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except OSError as error:
                if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    return Owner.parse(os.read(fd, 4096).decode("utf-8", "replace"))
            return None
        finally:
            os.close(fd)  # a shared lock taken here ends with the descriptor

    def release(self, session_file: Path) -> None:
        """Let go of a session (tab closed, session deleted, quit)."""
        if session_file not in self._held:
            return
        fd = self._held.pop(session_file)
        if fd is None:
            return
        try:
            if _same_file(fd, lock_path(session_file)):
                lock_path(session_file).unlink(missing_ok=True)
        finally:
            os.close(fd)

    def release_all(self) -> None:
        for session_file in list(self._held):
            self.release(session_file)


def _lock_exclusive(fd: int) -> None:
    for attempt in range(BUSY_TRIES):
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if attempt == BUSY_TRIES - 1:
                raise
            time.sleep(BUSY_PAUSE)  # a look by `holder` lasts microseconds


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = path.stat()
    except OSError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)
