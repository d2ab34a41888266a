"""Two ollamux on one data folder (two SSH windows): one owner per session, nothing lost."""

from __future__ import annotations

import os
import socket
import tomllib

import pytest
from textual._context import active_app

from ollamux.core.store import OPEN_FILE, SessionStore, sessions_dir
from ollamux.ui.app import OllamuxApp
from ollamux.ui.sessions.browser import SessionBrowser
from ollamux.ui.sessions.fork import ForkPoint
from ollamux.ui.shared.dialogs import AskText, Confirm
from ollamux.ui.workbench.tab_labels import tab_label
from tests.ui_helpers import ask, reopening_app, wait_until


def open_list(tmp_path) -> list[str]:
    return tomllib.loads((sessions_dir(tmp_path / "data") / OPEN_FILE).read_text())["open"]


def notices(app: OllamuxApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def first_session(sim, tmp_path) -> str:
    """A session of last time, open at quit: both instances would want to reopen it."""
    app = reopening_app(sim.url, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await ask(pilot, "first question")
    return view.session.id


async def start(app: OllamuxApp):
    """Run `app` until stopped with `stop`: two apps may then quit in either order."""
    context = app.run_test(size=(100, 30))
    pilot = await context.__aenter__()
    await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
    return context, pilot


async def find_in_browser(pilot, session_id: str) -> None:
    """F4, then type until the session of last time is the only one listed."""
    app = pilot.app
    await pilot.press("f4")
    await wait_until(pilot, lambda: isinstance(app.screen, SessionBrowser) and len(app.screen.shown) >= 1)
    await pilot.press(*"first")
    await wait_until(pilot, lambda: [s.id for s in app.screen.shown] == [session_id])


async def open_from_browser(pilot, session_id: str) -> None:
    await find_in_browser(pilot, session_id)
    await pilot.press("enter")
    await wait_until(pilot, lambda: pilot.app.workbench.workspace.active_view.session.id == session_id)


async def stop(context, *, still_running: OllamuxApp | None = None) -> None:
    """End one app; `still_running` is the other, which this task goes on driving.

    run_test marks its app as the active one in the calling task and, on exit,
    restores what was there before it started: ending the app that started first
    leaves no active app, and the next render the test's pilot makes fails.
    """
    await context.__aexit__(None, None, None)
    if still_running is not None:
        active_app.set(still_running)


@pytest.mark.parametrize("owner_quits_first", [True, False])
async def test_two_instances_never_overwrite_each_others_turns(sim, tmp_path, owner_quits_first):
    shared = await first_session(sim, tmp_path)
    a, b = reopening_app(sim.url, tmp_path), reopening_app(sim.url, tmp_path)
    run_a, pa = await start(a)
    run_b, pb = await start(b)
    assert a.workbench.workspace.active_view.session.id == shared
    # The second window does not reopen the session the first one has open, and says why.
    assert shared not in [v.session.id for v in b.workbench.workspace.views()]
    assert f"open in ollamux pid {os.getpid()} here" in notices(b)
    for prompt in ("second question", "third question"):
        await ask(pa, prompt)
    other = (await ask(pb, "a question of b's own")).session.id
    await ask(pa, "fourth question")
    first, second = ((run_a, b), (run_b, a)) if owner_quits_first else ((run_b, a), (run_a, b))
    await stop(first[0], still_running=first[1])
    await stop(second[0])
    folder = sessions_dir(tmp_path / "data")
    saved = SessionStore(folder).load(folder / f"{shared}.toml")
    prompts = [m.content for m in saved.messages if m.role == "user"]
    assert prompts == ["first question", "second question", "third question", "fourth question"]
    assert all(m.content for m in saved.messages if m.role == "assistant")
    # The open-tab list is the union of both windows' tabs, whichever quit last,
    # and the next start reopens both.
    assert sorted(open_list(tmp_path)) == sorted([shared, other])
    again = reopening_app(sim.url, tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: len(again.workbench.workspace.views()) == 2)
        assert sorted(v.session.id for v in again.workbench.workspace.views()) == sorted([shared, other])
        assert all(v.read_only is None for v in again.workbench.workspace.views())


async def test_a_session_open_elsewhere_is_kept_from_renames_and_deletes_opens_read_only_and_forks(sim, tmp_path):
    """Refuses prompts, keeps the typed text, and forks into a session of one's own."""
    shared = await first_session(sim, tmp_path)
    folder = sessions_dir(tmp_path / "data")
    before = (folder / f"{shared}.toml").read_bytes()
    a, b = reopening_app(sim.url, tmp_path), reopening_app(sim.url, tmp_path)
    run_a, pa = await start(a)
    run_b, pb = await start(b)
    # In b's saved sessions (F4), the session a holds is neither renamed nor deleted.
    await find_in_browser(pb, shared)
    await pb.press("f2")
    await wait_until(pb, lambda: isinstance(b.screen, AskText))
    await pb.press("ctrl+a", *"renamed", "enter")
    await wait_until(pb, lambda: "not changed here" in notices(b))
    await pb.press("delete")
    await wait_until(pb, lambda: isinstance(b.screen, Confirm))
    await pb.press("y")
    await wait_until(pb, lambda: notices(b).count("not changed here") == 2)
    assert (folder / f"{shared}.toml").read_bytes() == before
    # b opens it from there.
    assert isinstance(b.screen, SessionBrowser) and [s.id for s in b.screen.shown] == [shared]
    await pb.press("enter")
    await wait_until(pb, lambda: b.workbench.workspace.active_view.session.id == shared)
    view = b.workbench.workspace.active_view
    # Said in its tab and in a line of the view, with who holds it and the way out.
    assert "read-only" in str(tab_label(2, view))
    line = str(view.query_one(".session-line").render())
    assert f"Read-only: open in ollamux pid {os.getpid()} here" in line and "F8 forks it" in line
    assert socket.gethostname() in (folder / f".{shared}.toml.lock").read_text()
    # Sending is refused with a word; the typed text stays for the fork.
    prompt = view.query_one("#prompt")
    prompt.insert("my careful question")
    await pb.press("enter")
    await wait_until(pb, lambda: "Read-only" in notices(b))
    assert prompt.text == "my careful question"
    assert len(view.session.messages) == 2
    for key in ("ctrl+r", "f7"):  # no other way to change it either
        await pb.press(key)
    assert len(view.session.messages) == 2 and prompt.text == "my careful question"
    # F8 forks it into a session of b's own, which can be asked.
    await pb.press("f8")
    await wait_until(pb, lambda: isinstance(b.screen, ForkPoint))
    await pb.press("end", "enter")
    await wait_until(pb, lambda: b.workbench.workspace.active_view.session.id != shared)
    fork = b.workbench.workspace.active_view
    assert fork.read_only is None and "read-only" not in str(tab_label(3, fork))
    await ask(pb, "a follow-up in the fork")
    # Meanwhile a keeps answering in its own session; b's stale copy never lands on disk.
    await ask(pa, "second question")
    await stop(run_b, still_running=a)
    await ask(pa, "third question")
    await stop(run_a)
    store = SessionStore(folder)
    saved = store.load(folder / f"{shared}.toml")
    asked = [m.content for m in saved.messages if m.role == "user"]
    assert asked == ["first question", "second question", "third question"]
    forked = store.load(folder / f"{fork.session.id}.toml")
    assert [m.content for m in forked.messages if m.role == "user"] == ["first question", "a follow-up in the fork"]
    # Every session lock went with its owner; only the open list's own lock file stays.
    assert [p.name for p in folder.glob(".*.lock")] in ([], [".open.lock"])


def test_the_open_list_holds_every_instances_tabs_and_drops_only_closed_ones(tmp_path):
    from ollamux.core.session import ChatMessage, Session
    from ollamux.core.session_keeper import SessionKeeper

    def session(title: str) -> Session:
        return Session(host="sim", model="m", title=title, messages=[ChatMessage(role="user", content=title)])

    a, b = SessionKeeper(tmp_path / "data"), SessionKeeper(tmp_path / "data")
    s1, s2, s3 = session("one"), session("two"), session("three")
    for keeper, mine in ((a, [s1, s2]), (b, [s3])):
        for s in mine:
            assert keeper.claim(s) is None
            keeper.store.save(s)
        keeper.save_open(mine)
    assert open_list(tmp_path) == [s3.id, s1.id, s2.id]  # b's own tabs first, a's kept
    assert b.claim(s1) is not None and not b.owns(s1)
    b.save_open([s3, s1])  # a tab b shows read-only is not b's to list
    assert open_list(tmp_path) == [s3.id, s1.id, s2.id]
    a.release(s2)  # a closes a tab: gone from the list, b's stays
    a.save_open([s1])
    assert open_list(tmp_path) == [s1.id, s3.id]
    for keeper, mine in ((b, [s3]), (a, [s1])):  # both quit
        keeper.save_open(mine)
        keeper.release_all()
    assert open_list(tmp_path) == [s1.id, s3.id]


async def test_a_read_only_tab_becomes_yours_with_the_latest_turns_once_its_owner_quits(sim, tmp_path):
    shared = await first_session(sim, tmp_path)
    a, b = reopening_app(sim.url, tmp_path), reopening_app(sim.url, tmp_path)
    run_a, pa = await start(a)
    run_b, pb = await start(b)
    await open_from_browser(pb, shared)
    view = b.workbench.workspace.active_view
    assert view.read_only is not None
    await ask(pa, "second question")  # a adds a turn b's copy does not have
    await stop(run_a, still_running=b)
    prompt = view.query_one("#prompt")
    prompt.insert("now mine")
    await pb.press("enter")
    await wait_until(pb, lambda: "yours now" in notices(b))
    # Taken over with what a saved last, and the typed text still there to send.
    assert view.read_only is None and "read-only" not in str(tab_label(2, view))
    assert [m.content for m in view.session.messages if m.role == "user"] == ["first question", "second question"]
    assert prompt.text == "now mine"
    await pb.press("enter")
    await wait_until(pb, lambda: len(view.session.messages) == 6 and not view.session.streaming)
    await stop(run_b)
    folder = sessions_dir(tmp_path / "data")
    saved = SessionStore(folder).load(folder / f"{shared}.toml")
    assert [m.content for m in saved.messages if m.role == "user"] == ["first question", "second question", "now mine"]
