"""While a reply streams, what is on screen is on disk within seconds; quitting at any
moment loses nothing and crashes nothing."""

from __future__ import annotations

import os
import time

from ollamux.core.session import Status
from ollamux.core.store import OPEN_FILE, STALE_TEMP_SECONDS, SessionStore, sessions_dir
from ollamux.ui.chat.prompt import PromptArea
from tests.ui_helpers import make_app, reopening_app, send, wait_until


def saved_text(store: SessionStore, session) -> str:
    path = store.path_for(session)
    return path.read_text() if path.exists() else ""


async def test_the_prompt_is_saved_when_sent_and_the_partial_reply_while_streaming(make_sim, tmp_path):
    slow = make_sim(delay_scale=0.5)  # slow-model: 1.5 s to load, then 0.1 s a word
    app = reopening_app(slow.url, tmp_path, "slow-model:latest")
    store = SessionStore(sessions_dir(tmp_path / "data"))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        # The tab is in the open list from the start, not only at quit.
        open_list = store.root / OPEN_FILE
        await wait_until(pilot, lambda: open_list.exists() and view.session.id in open_list.read_text())
        await send(pilot, "a long story please")
        await wait_until(pilot, lambda: "a long story please" in saved_text(store, view.session))
        assert view.session.streaming
        # Within PARTIAL_SAVE_SECONDS of the first words, they are on disk too.
        await wait_until(pilot, lambda: "Terminals have" in saved_text(store, view.session), timeout=10)
        assert view.session.streaming
        partial = store.load(store.path_for(view.session)).messages[-1]
        assert partial.status is Status.ERROR and partial.error.startswith("Interrupted")
        await pilot.press("escape")
        await wait_until(pilot, lambda: view.last_status is Status.STOPPED)
        await wait_until(pilot, lambda: store.load(store.path_for(view.session)).messages[-1].status is Status.STOPPED)


async def test_stale_temp_files_of_interrupted_saves_are_removed_at_start(sim, tmp_path):
    folder = sessions_dir(tmp_path / "data")
    folder.mkdir(parents=True)
    stale = [folder / ".tmp-abc123.part", folder / ".tmp-open.part"]
    for path in stale:
        path.write_text("half a sess")
        old = time.time() - STALE_TEMP_SECONDS - 60
        os.utime(path, (old, old))
    # A save under way in another instance right now: its temp file is fresh, and stays.
    live = folder / ".tmp-live.part"
    live.write_text("being written")
    unrelated = folder / "notes.txt"
    unrelated.write_text("mine")
    os.utime(unrelated, (0, 0))
    app = reopening_app(sim.url, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        assert not any(path.exists() for path in stale)
        assert live.exists() and unrelated.exists()


async def test_quit_right_after_sending_mounts_nothing_and_keeps_the_prompt(sim, tmp_path):
    """The reply's worker starts after the quit: the closing DOM refuses mounts (MountError)."""
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        await view.send_prompt("sent just before quitting")
        app.exit()  # in the same instant: before the reply's worker has run
    assert app.return_code == 0
    saved = SessionStore(sessions_dir(tmp_path / "data")).load(
        sessions_dir(tmp_path / "data") / f"{view.session.id}.toml"
    )
    assert saved.messages[0].content == "sent just before quitting"


async def test_enter_and_quit_in_one_read_keeps_the_prompt(sim, tmp_path):
    """Both keys arrive together: the prompt's Submitted is handled after the quit began.

    Sending runs in a worker, which the quit may cancel before it starts: the text
    is then kept as the session's draft, back in the prompt when it is reopened.
    """
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        prompt = view.query_one(PromptArea)
        await pilot.press(*"typed with the quit")
        app.exit()
        view._submitted(PromptArea.Submitted(prompt, "typed with the quit"))
    assert app.return_code == 0
    # Sent or not (the quit came first), what was typed is in the saved session.
    saved = SessionStore(sessions_dir(tmp_path / "data")).load(
        sessions_dir(tmp_path / "data") / f"{view.session.id}.toml"
    )
    assert saved.draft == "typed with the quit" or saved.messages[0].content == "typed with the quit"
