"""The real `ollamux` in a subprocess on a pseudo-terminal, for what only a process shows:
kill -9, crash output on stderr.

Both outputs are drained in threads: Textual draws on stderr, and a full pipe or
pty would stall the app, more likely the slower the machine. stderr is kept apart
(and kept), since that is where a crash is reported.
"""

from __future__ import annotations

import fcntl
import os
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path


class PtyApp:
    def __init__(self, argv: Sequence[str], *, code: str | None = None, size: tuple[int, int] = (100, 30)) -> None:
        master, slave = os.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        command = [sys.executable, "-c", code, *argv] if code else [sys.executable, "-m", "ollamux", *argv]
        # Half-blocks: the app then asks the terminal nothing about pictures before it starts.
        env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(columns), LINES=str(rows),
                   OLLAMUX_GRAPHICS="half-blocks")
        self.process = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=subprocess.PIPE, env=env,
            start_new_session=True, cwd=Path(__file__).resolve().parent.parent,
        )
        os.close(slave)
        self._master = master
        self._stderr = bytearray()
        self._drains = [
            threading.Thread(target=self._read_all, args=(master, None), daemon=True),
            threading.Thread(target=self._read_all, args=(self._stderr_fd(), self._stderr), daemon=True),
        ]
        for drain in self._drains:
            drain.start()

    def _stderr_fd(self) -> int:
        assert self.process.stderr is not None  # stderr=PIPE
        return self.process.stderr.fileno()

    @staticmethod
    def _read_all(fd: int, keep: bytearray | None) -> None:
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            if keep is not None:
                keep += chunk

    def type(self, text: str) -> None:
        os.write(self._master, text.encode())

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def wait_exit(self, timeout: float = 20) -> tuple[int, str]:
        self.process.wait(timeout)
        self._drains[1].join(timeout)  # the rest of stderr, up to its end
        return self.process.returncode, self._stderr.decode("utf-8", "replace")

    def close(self) -> None:
        if self.process.poll() is None:
            self.kill()
        if self.process.stderr is not None:
            self.process.stderr.close()
        os.close(self._master)


def wait_for(condition: Callable[[], bool], timeout: float = 20, what: str = "condition") -> None:
    """Poll a file-system condition; the subprocess does the waiting-worthy work."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not reached in {timeout} s")
        time.sleep(0.05)
