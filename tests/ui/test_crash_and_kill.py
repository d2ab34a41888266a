"""A kill -9 or a crash of the real `ollamux` process loses seconds, never the conversation,
and prints no conversation text."""

from __future__ import annotations

import contextlib
import os
import tomllib
from pathlib import Path

from ollamux.config import data_dir, state_dir
from ollamux.core.session import Status
from ollamux.core.session_keeper import SessionKeeper
from ollamux.core.store import OPEN_FILE, SessionStore, sessions_dir
from tests.pty_app import PtyApp, wait_for

PROMPT = "tell me about terminals please"


def _open_entries(folder: Path) -> list[str]:
    try:
        return tomllib.loads((folder / OPEN_FILE).read_text())["open"]
    except (OSError, tomllib.TOMLDecodeError, KeyError):
        return []


def _saved(folder: Path) -> str:
    texts = []
    for path in folder.glob("*.toml"):
        if path.name != OPEN_FILE:
            with contextlib.suppress(OSError):
                texts.append(path.read_text())
    return "\n".join(texts)


def test_kill_9_mid_stream_keeps_the_tab_the_prompt_and_the_partial_reply(make_sim):
    sim = make_sim(delay_scale=1.0)  # slow-model: 3 s to load, then 0.2 s a word
    folder = sessions_dir(data_dir())
    # A big screen writes a lot: the test fails if Textual's output (on stderr) is not drained.
    app = PtyApp(["--host", sim.url, "--model", "slow-model:latest"], size=(250, 80))
    try:
        # The open-tab list is written as the tab opens, not at quit.
        wait_for(lambda: len(_open_entries(folder)) == 1, what="open.toml naming the new tab")
        app.type(PROMPT + "\r")
        wait_for(lambda: PROMPT in _saved(folder), what="the prompt saved as it was sent")
        # "Terminals have outlived": the start of the slow model's answer.
        wait_for(lambda: "Terminals have" in _saved(folder), what="the partial reply saved while streaming")
        app.kill()
    finally:
        app.close()
    [entry] = _open_entries(folder)
    store = SessionStore(folder)
    session = store.load(folder / f"{entry}.toml")
    prompt, reply = session.messages
    assert prompt.content == PROMPT
    assert reply.content.startswith("Terminals have")
    # At reload it shows as cut off, not as a finished answer.
    assert reply.status is Status.ERROR and reply.error.startswith("Interrupted")
    # The killed owner's lock died with it: the next start reopens the tab as its own.
    keeper = SessionKeeper(data_dir())
    restored, problems = keeper.restore(file=None, reopen=True)
    assert [s.id for s in restored] == [entry] and not problems and not keeper.notes
    assert keeper.owns(restored[0])
    keeper.release_all()


CRASHING = """
import sys
from ollamux import cli
from ollamux.ui.chat.view import ChatView

async def send_prompt(self, text, attachments=()):
    secret = text * 2  # a local holding conversation text
    raise RuntimeError(f"cannot handle {secret!r}")

ChatView.send_prompt = send_prompt
sys.exit(cli.main(sys.argv[1:]))
"""


def test_a_crash_writes_its_traceback_to_a_file_and_prints_only_its_path(sim):
    app = PtyApp(["--host", sim.url, "--model", "demo-coder:7b"], code=CRASHING)
    try:
        folder = sessions_dir(data_dir())
        wait_for(lambda: len(_open_entries(folder)) == 1, what="the app up")
        app.type(PROMPT + "\r")
        status, stderr = app.wait_exit()
    finally:
        app.close()
    assert status == 1
    [report] = state_dir().glob("crash-*.txt")
    text = report.read_text()
    assert "Traceback (most recent call last):" in text and "in send_prompt" in text
    assert "RuntimeError" in text
    assert PROMPT not in text and "terminals" not in text
    assert os.stat(report).st_mode & 0o777 == 0o600
    # The app draws on stderr (the typed prompt among it); what is printed after
    # it leaves the alternate screen is what stays in the user's terminal.
    printed = stderr.rpartition("\x1b[?1049l")[2]
    assert str(report) in printed and "RuntimeError" in printed
    assert "terminals" not in printed and "secret" not in printed
