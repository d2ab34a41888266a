"""Benchmark 6: from launch to a usable prompt, `ollamux --demo` against a minimal Textual app.

    python startup.py [--runs 9]

Each program runs as a real process on a pseudo-terminal of 120x40, as from a
shell: `python -m ollamux --demo` (the simulator in a process of its own, as the
demo has it) and a minimal Textual app (one focused TextArea), with the same Python,
the same environment (an empty home folder) and the same procedure, one launch of
each in turn after one untimed warm-up launch of each (so neither pays for
compiling its .pyc files: PYTHONDONTWRITEBYTECODE is left out of their environment).

What is measured (time.perf_counter in this process, from just before the spawn):

- first frame: the program has switched to the alternate screen and written a
  frame after it (the first thing a user sees).
- usable prompt: from the first frame on, a key (a character no screen shows
  otherwise) is typed every 10 ms, as an impatient user would; the time is when
  its character is first drawn on the screen, i.e. a typed key reached the prompt
  and the prompt was repainted with it. The screen is read as the raw output with
  escape sequences removed.

ollamux draws a start screen first (`ollamux.ui.start`): its prompt shows the keys
typed, which the workbench, imported beside it, is handed once it takes keys. So the
usable prompt here is that one: a key typed is drawn, and lands in the session's prompt.

The harness answers the terminal's Primary Device Attributes query as a terminal
without Sixel graphics does, at once (ollamux asks it before Textual starts); the
Kitty graphics query gets no answer, as on most terminals: ollamux asks it just
before DA1, whose answer ends its wait.

Budget (issue 13): ollamux's median at most 1.5x the minimal app's median.

Printed besides (not part of the budget): the CPU time each program spends importing
its modules, in a process of its own (`time.process_time`, after the same warm-up), as
the launch imports them: most of the difference is there.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

BUDGET_RATIO = 1.5
COLUMNS, ROWS = 120, 40
PROBE = "\u00a4"  # the currency sign: in no screen of either program
TYPING_INTERVAL = 0.01
TIMEOUT = 30.0

MINIMAL_APP = """
from textual.app import App, ComposeResult
from textual.widgets import TextArea


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield TextArea(id="prompt")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()


Minimal().run()
"""

PROGRAMS = {
    "minimal Textual app": [sys.executable, "-c", MINIMAL_APP],
    "ollamux --demo": [sys.executable, "-m", "ollamux", "--demo"],
}

# CSI, OSC, APC and DCS sequences, and two-byte escapes: what is left is the text drawn.
_ESCAPE = re.compile(
    rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|_[^\x1b]*\x1b\\|P[^\x1b]*\x1b\\|[@-Z\\-_])"
)
_ALTERNATE_SCREEN = b"\x1b[?1049h"
_DEVICE_ATTRIBUTES = (b"\x1b[c", b"\x1b[0c")
_NO_SIXEL_ANSWER = b"\x1b[?62;22c"  # a VT220-class terminal with ANSI colour, no Sixel (4)


def _environment(home: str) -> dict[str, str]:
    # PYTHONDONTWRITEBYTECODE too: an installed ollamux has its .pyc files (pip writes
    # them), and without them every launch would compile the app's modules again.
    environment = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("XDG_", "TEXTUAL", "OLLAMUX", "OLLAMA")) and key != "PYTHONDONTWRITEBYTECODE"
    }
    environment.update(HOME=home, TERM="xterm-256color", COLORTERM="truecolor", LANG="C.UTF-8",
                       COLUMNS=str(COLUMNS), LINES=str(ROWS))
    return environment


# What each program imports before it draws, as its launch imports it.
IMPORTS = {
    "minimal Textual app": "import textual.app, textual.widgets; textual.widgets.TextArea",
    "ollamux --demo": "import ollamux.cli, ollamux.ui.graphics_query, ollamux.ui.app",
}


def import_cpu(statement: str) -> float:
    """CPU seconds a fresh interpreter spends on `statement` (the imports alone)."""
    code = f"import time; started = time.process_time(); {statement}; print(time.process_time() - started)"
    with tempfile.TemporaryDirectory(prefix="ollamux-bench-home-") as home:
        result = subprocess.run([sys.executable, "-c", code], env=_environment(home),
                                capture_output=True, text=True, check=True)
    return float(result.stdout)


def launch(command: list[str]) -> tuple[float, float]:
    """Returns (seconds to the first frame, seconds to a usable prompt)."""
    with tempfile.TemporaryDirectory(prefix="ollamux-bench-home-") as home:
        controller, terminal = pty.openpty()
        fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        started = time.perf_counter()
        process = subprocess.Popen(command, stdin=terminal, stdout=terminal, stderr=terminal,
                                   env=_environment(home), start_new_session=True)
        os.close(terminal)
        try:
            return _watch(controller, started, process)
        finally:
            _stop(controller, process)
            os.close(controller)


def _watch(controller: int, started: float, process: subprocess.Popen[bytes]) -> tuple[float, float]:
    raw = b""
    screen_from: int | None = None  # where the alternate screen's output starts in `raw`
    first_frame: float | None = None
    next_key = 0.0
    while True:
        now = time.perf_counter()
        if now - started > TIMEOUT or process.poll() is not None:
            tail = _ESCAPE.sub(b"", raw[-2000:]).decode("utf-8", "replace")
            raise RuntimeError(f"no usable prompt after {now - started:.1f} s; last output: {tail!r}")
        if first_frame is not None and now >= next_key:
            os.write(controller, PROBE.encode())
            next_key = now + TYPING_INTERVAL
        wait = max(0.0, min(0.005, next_key - now)) if first_frame is not None else 0.005
        readable, _, _ = select.select([controller], [], [], wait)
        if not readable:
            continue
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the program has gone
            continue
        now = time.perf_counter()
        raw += chunk
        if any(query in chunk for query in _DEVICE_ATTRIBUTES):
            os.write(controller, _NO_SIXEL_ANSWER)
        if screen_from is None:
            at = raw.find(_ALTERNATE_SCREEN)
            if at < 0:
                continue
            screen_from = at + len(_ALTERNATE_SCREEN)
        shown = _ESCAPE.sub(b"", raw[screen_from:]).decode("utf-8", "replace")
        if first_frame is None and shown.strip():
            first_frame = now - started
            next_key = now
        if PROBE in shown:
            assert first_frame is not None
            return first_frame, now - started


def _stop(controller: int, process: subprocess.Popen[bytes]) -> None:
    """ctrl+q, as a user quits both; then the whole process group if need be."""
    with contextlib.suppress(OSError):
        os.write(controller, b"\x11")
    deadline = time.perf_counter() + 5
    while process.poll() is None and time.perf_counter() < deadline:
        # Drain the output, or a program writing its last frame would block on a full pty.
        readable, _, _ = select.select([controller], [], [], 0.05)
        if readable:
            try:
                os.read(controller, 65536)
            except OSError:  # the terminal side is closed: the program is on its way out
                break
    try:
        process.wait(timeout=max(0.0, deadline - time.perf_counter()))
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # Nine: on a shared 2-core VM a burst of noise moves the median of five by a third.
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    for command in PROGRAMS.values():
        launch(command)  # warm-up: .pyc files, the page cache
    figures: dict[str, list[tuple[float, float]]] = {name: [] for name in PROGRAMS}
    imports: dict[str, list[float]] = {name: [] for name in PROGRAMS}
    for _ in range(runs):
        for name, command in PROGRAMS.items():
            figures[name].append(launch(command))
            imports[name].append(import_cpu(IMPORTS[name]))
    medians: dict[str, float] = {}
    for name, pairs in figures.items():
        frames = [frame for frame, _ in pairs]
        usable = [ready for _, ready in pairs]
        medians[name] = statistics.median(usable)
        print(f"{name}: usable prompt min {min(usable):.3f} s, median {medians[name]:.3f} s "
              f"(first frame min {min(frames):.3f} s, median {statistics.median(frames):.3f} s; {runs} launches)")
    for name, seconds in imports.items():
        print(f"{name}: importing its modules min {min(seconds):.3f} s, median {statistics.median(seconds):.3f} s "
              f"of CPU ({runs} processes)")
    ratio = medians["ollamux --demo"] / medians["minimal Textual app"]
    print(f"ratio ollamux / minimal (medians): {ratio:.2f}x")
    print(f"budget <= {BUDGET_RATIO:g}x the minimal app: {'met' if ratio <= BUDGET_RATIO else 'MISSED'}")


if __name__ == "__main__":
    main()
