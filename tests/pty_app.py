"""The real `ollamux` in a subprocess on a pseudo-terminal, for what only a process shows:
kill -9, crash output on stderr.

The terminal output is drained in a thread (a full pty would stall the app);
stderr is kept apart, since that is where a crash is reported.
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
        env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(columns), LINES=str(rows))
        self.process = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=subprocess.PIPE, env=env,
            start_new_session=True, cwd=Path(__file__).resolve().parent.parent,
        )
        os.close(slave)
        self._master = master
        self._drain = threading.Thread(target=self._read_all, daemon=True)
        self._drain.start()

    def _read_all(self) -> None:
        while True:
            try:
                if not os.read(self._master, 65536):
                    return
            except OSError:
                return

    def type(self, text: str) -> None:
        os.write(self._master, text.encode())

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def wait_exit(self, timeout: float = 20) -> tuple[int, str]:
        _, stderr = self.process.communicate(timeout=timeout)
        return self.process.returncode, stderr.decode("utf-8", "replace")

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
