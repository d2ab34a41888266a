"""Shared set-up for the benchmarks: a simulator, an app on it, and waiting."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import TextArea

from ollamux.api.hosts import Host
from ollamux.config import Config
from ollamux.core.session import Status
from ollamux.ui.app import OllamuxApp
from ollamux.ui.chat.message import ReplyView
from ollamux.ui.chat.transcript import Transcript
from ollamux.ui.chat.view import ChatView

MODEL = "fast-model:latest"


class KeyClock:
    """When each key went in, and when the prompt applied it (posted its TextArea.Changed).

    Timed where the prompt applies the key, not by polling its text: a poll on a
    busy event loop notices late, and that delay is the poll's, not the key's.
    """

    def __init__(self, prompt: TextArea) -> None:
        self.pressed: list[float] = []
        self.applied: list[float] = []
        post = prompt.post_message

        def post_and_time(message: Message) -> Any:
            if isinstance(message, TextArea.Changed):
                self.applied.append(time.perf_counter())
            return post(message)

        prompt.post_message = post_and_time  # type: ignore[method-assign]

    @property
    def waiting(self) -> bool:
        """Whether a key that went in is not applied yet."""
        return len(self.applied) < len(self.pressed)

    def latencies(self) -> list[float]:
        return [applied - pressed for pressed, applied in zip(self.pressed, self.applied, strict=False)]


def make_app(url: str) -> OllamuxApp:
    folder = Path(tempfile.mkdtemp(prefix="ollamux-bench-"))
    config = Config(
        hosts=(Host("sim", url),),
        default_model=MODEL,
        config_path=folder / "config.toml",
        data_dir=folder / "data",
        restore_sessions=False,
    )
    return OllamuxApp(config)


async def wait_until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 120.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("benchmark condition not reached")
        await asyncio.sleep(0.005)


# How long the app takes to finish starting after its first session shows: the
# search index's first sync (1.0 s) and the Markdown warm-up (1.5 s) are done by then.
SETTLE_SECONDS = 2.0


async def settled_view(pilot: Pilot, app: OllamuxApp) -> ChatView:
    """The session on screen, once the app has finished starting.

    A user takes seconds to type a first prompt; a benchmark that sent one at
    once would time the app's own start (imports, the index, warm-ups) with the
    reply. `startup.py` times the start.
    """
    await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
    await asyncio.sleep(SETTLE_SECONDS)
    view = app.workbench.workspace.active_view
    assert view is not None
    return view


def fully_rendered(view: ChatView) -> bool:
    """The reply is complete and every character of it is in the answer widget."""
    message = view.session.messages[-1] if view.session.messages else None
    if message is None or message.role != "assistant" or message.status is not Status.COMPLETE:
        return False
    # The last reply's answer, looked up without walking every widget of the
    # session: polled every 5 ms, a query of a long session cost as much as the app.
    reply = next(w for w in reversed(view.query_one(Transcript).children) if isinstance(w, ReplyView))
    return reply.query_one(".answer").source == message.content


class SimProcess:
    """The simulator in a process of its own, as a real Ollama server is.

    In-process, its threads would take turns with the app for Python's one
    interpreter lock, and the figures would charge the app for the server's work.
    """

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "ollamux.sim", "--port", "0", "--delay-scale", "0"],
            stdout=subprocess.PIPE, text=True,
        )
        assert self._process.stdout is not None
        first = self._process.stdout.readline()
        if "listening on " not in first:
            self._process.kill()
            raise RuntimeError(f"the simulator did not start: {first!r}")
        self.url = first.split("listening on ", 1)[1].strip()

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=10)

    def __enter__(self) -> SimProcess:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def start_sim() -> SimProcess:
    """A simulator to use in a `with` block: stopped when the block ends, however it ends."""
    return SimProcess()


@contextlib.contextmanager
def profiled(output: str | None, rate: int = 200) -> Iterator[None]:
    """Sample this process with py-spy while the block runs (nothing if `output` is None).

    py-spy (from PyPI; not a project dependency) attaches to this process, so only the
    measured window is sampled, not imports, start-up or the simulator. It writes
    py-spy's raw format (collapsed stacks, thread names first, idle threads left out);
    `bench/profile_summary.py` sums it up. More py-spy options (e.g. --native, to see
    the garbage collector's C frames) go in the environment variable PYSPY_OPTIONS.
    """
    if output is None:
        yield
        return
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    extra = os.environ.get("PYSPY_OPTIONS", "").split()
    # Sampling without pausing the process disturbs it least; native frames need the pause.
    pausing = [] if "--native" in extra else ["--nonblocking"]
    recorder = subprocess.Popen(
        [spy, "record", "--pid", str(os.getpid()), "--rate", str(rate), "--format", "raw",
         "--threads", *pausing, "--output", output, *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    assert recorder.stdout is not None
    first = recorder.stdout.readline()  # "py-spy> Sampling process ..." once it samples
    if "Sampling" not in first:
        recorder.kill()
        raise RuntimeError(f"py-spy did not start: {first!r}")
    try:
        yield
    finally:
        recorder.send_signal(signal.SIGINT)
        recorder.communicate(timeout=60)
