"""Sessions are saved when replies end and on quit, and come back at start."""

from __future__ import annotations

from ollamux.core.session import Status
from ollamux.core.store import SessionStore, sessions_dir
from ollamux.ui.app import OllamuxApp
from tests.ui_helpers import ask, make_app, reopening_app, send, wait_until


async def saved_reply(pilot, app: OllamuxApp, prompt: str):
    """Ask in the session on screen; once the reply is saved, its view and file."""
    view = await ask(pilot, prompt)
    path = app.keeper.store.path_for(view.session)
    await wait_until(pilot, path.exists)
    return view, path


async def test_a_finished_reply_is_saved_and_the_session_reopens_at_start(sim, tmp_path):
    app = reopening_app(sim.url, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        await ask(pilot, "Show me some code")
        store = SessionStore(sessions_dir(tmp_path / "data"))
        await wait_until(pilot, lambda: store.path_for(view.session).exists())
        saved = store.load(store.path_for(view.session))
        assert [m.content for m in saved.messages] == [m.content for m in view.session.messages]
        answer = view.session.messages[-1].content
    again = reopening_app(sim.url, tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: again.workbench.workspace.active_view is not None)
        restored = again.workbench.workspace.active_view.session
        assert restored.title == "Show me some code"
        assert restored.messages[-1].content == answer
        assert len(again.workbench.workspace.views()) == 1


async def test_a_stopped_reply_is_saved_marked_stopped(make_sim, tmp_path):
    slow = make_sim(delay_scale=0.2)
    app = reopening_app(slow.url, tmp_path, "slow-model:latest")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        await send(pilot, "a long story please")
        await wait_until(pilot, lambda: len(view.session.messages[-1].content) > 10)
        await pilot.press("escape")
        await wait_until(pilot, lambda: view.last_status is Status.STOPPED)
        store = SessionStore(sessions_dir(tmp_path / "data"))
        await wait_until(pilot, lambda: store.path_for(view.session).exists())
        saved = store.load(store.path_for(view.session))
        assert saved.messages[-1].status is Status.STOPPED
        assert saved.messages[-1].content and saved.messages[-1].content in view.session.messages[-1].content


async def test_a_corrupt_session_file_is_reported_and_left_alone(sim, tmp_path):
    folder = sessions_dir(tmp_path / "data")
    folder.mkdir(parents=True)
    broken = folder / "abc123.toml"
    broken.write_text('title = "half a file\n')
    (folder / "open.toml").write_text('schema_version = 1\nopen = ["abc123"]\n')
    app = reopening_app(sim.url, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("abc123.toml" in m for m in messages)
        # A fresh session was opened instead, and the broken file is untouched.
        assert app.workbench.workspace.active_view.session.messages == []
    assert broken.read_text() == 'title = "half a file\n'


async def test_session_flag_opens_that_file(sim, tmp_path):
    first = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with first.run_test(size=(100, 30)) as pilot:
        _, path = await saved_reply(pilot, first, "remember me")
    second = make_app(sim.url, "demo-coder:7b", tmp_path, open_session=path)
    async with second.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: second.workbench.workspace.active_view is not None)
        assert second.workbench.workspace.active_view.session.title == "remember me"


async def test_a_session_file_from_elsewhere_saves_back_to_itself_and_the_open_list_stands(sim, tmp_path):
    first = reopening_app(sim.url, tmp_path)
    async with first.run_test(size=(100, 30)) as pilot:
        _, kept = await saved_reply(pilot, first, "keep me open")
    shared = tmp_path / "shared" / "review.toml"
    shared.parent.mkdir()
    shared.write_bytes(kept.read_bytes())  # a copy, say from another machine

    second = reopening_app(sim.url, tmp_path, open_session=shared)
    async with second.run_test(size=(100, 30)) as pilot:
        await ask(pilot, "and one more thing")
        await wait_until(pilot, lambda: "and one more thing" in shared.read_text())
    assert sorted(p.name for p in kept.parent.glob("*.toml")) == sorted(["open.toml", kept.name])
    assert "and one more thing" not in kept.read_text()

    third = reopening_app(sim.url, tmp_path)  # a plain start reopens what was open before the look
    async with third.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: third.workbench.workspace.active_view is not None)
        assert [len(v.session.messages) for v in third.workbench.workspace.views()] == [2]


async def test_f4_browser_lists_filters_opens_and_deletes_saved_sessions(sim, tmp_path):
    from ollamux.core.session import ChatMessage, Session
    from ollamux.ui.sessions.browser import SessionBrowser
    from ollamux.ui.shared.dialogs import Confirm

    store = SessionStore(sessions_dir(tmp_path / "data"))
    for title, model in (("GPU notes", "qwen3:8b"), ("Rust question", "demo-coder:7b")):
        session = Session(host="sim", model=model, title=title)
        session.messages = [ChatMessage(role="user", content=title), ChatMessage(role="assistant", content="ok")]
        store.save(session)
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionBrowser) and len(app.screen.shown) == 2)
        await pilot.press(*"rust")
        await wait_until(pilot, lambda: [s.title for s in app.screen.shown] == ["Rust question"])
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(app.workbench.workspace.views()) == 2)
        assert app.workbench.workspace.active_view.session.title == "Rust question"
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionBrowser) and len(app.screen.shown) == 2)
        await pilot.press(*"gpu")
        await wait_until(pilot, lambda: [s.title for s in app.screen.shown] == ["GPU notes"])
        await pilot.press("delete")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionBrowser) and not app.screen.shown)
    titles = [s.title for s in store.load_all()[0]]
    assert titles == ["Rust question"]


async def test_f4_renaming_an_open_session_renames_its_tab_and_deleting_it_closes_the_tab(sim, tmp_path):
    from ollamux.ui.sessions.browser import SessionBrowser
    from ollamux.ui.shared.dialogs import AskText, Confirm

    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view, path = await saved_reply(pilot, app, "first draft")
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionBrowser) and len(app.screen.shown) == 1)
        assert str(app.screen.query_one("OptionList").get_option_at_index(0).prompt).endswith(" · open")
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, AskText))
        field = app.screen.query_one("Input")
        field.value = "Final plan"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionBrowser))
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, SessionBrowser))
        assert view.session.title == "Final plan"
        assert "Final plan" in str(app.query("Tab").first().label)
        # The next save keeps the new title rather than writing the old one back.
        await send(pilot, "second thoughts")
        await wait_until(pilot, lambda: len(view.session.messages) == 4 and view.last_status is Status.COMPLETE)
        await wait_until(pilot, lambda: "second thoughts" in path.read_text())
        assert app.keeper.store.load(path).title == "Final plan"

        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionBrowser) and len(app.screen.shown) == 1)
        await pilot.press("delete")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        assert "It is open: its tab closes." in str(app.screen.question)
        await pilot.press("y")
        await wait_until(pilot, lambda: not app.workbench.workspace.views())
        await pilot.pause(0.3)
        assert not path.exists()
    assert not path.exists()  # not even saved again at quit
