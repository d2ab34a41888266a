"""Sessions are saved when replies end and on quit, and come back at start."""

from __future__ import annotations

from ollamux.api.hosts import Host
from ollamux.config import Config
from ollamux.core.session import Status
from ollamux.core.store import SessionStore, sessions_dir
from ollamux.ui.app import OllamuxApp
from tests.ui_helpers import send, wait_until


def app_for(url: str, tmp_path, **overrides) -> OllamuxApp:
    settings = dict(
        hosts=(Host("sim", url),),
        default_model="demo-coder:7b",
        config_path=tmp_path / "config.toml",
        data_dir=tmp_path / "data",
        restore_sessions=True,
    )
    settings.update(overrides)
    return OllamuxApp(Config(**settings))


async def test_a_finished_reply_is_saved_and_the_session_reopens_at_start(sim, tmp_path):
    app = app_for(sim.url, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.workspace.active_view is not None)
        view = app.workspace.active_view
        await send(pilot, "Show me some code")
        await wait_until(pilot, lambda: view.last_status is Status.COMPLETE)
        store = SessionStore(sessions_dir(tmp_path / "data"))
        await wait_until(pilot, lambda: store.path_for(view.session).exists())
        saved = store.load(store.path_for(view.session))
        assert [m.content for m in saved.messages] == [m.content for m in view.session.messages]
        answer = view.session.messages[-1].content
    again = app_for(sim.url, tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: again.workspace.active_view is not None)
        restored = again.workspace.active_view.session
        assert restored.title == "Show me some code"
        assert restored.messages[-1].content == answer
        assert len(again.workspace.views()) == 1


async def test_a_stopped_reply_is_saved_marked_stopped(make_sim, tmp_path):
    slow = make_sim(delay_scale=0.2)
    app = app_for(slow.url, tmp_path, default_model="slow-model:latest")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.workspace.active_view is not None)
        view = app.workspace.active_view
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
    app = app_for(sim.url, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.workspace.active_view is not None)
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("abc123.toml" in m for m in messages)
        # A fresh session was opened instead, and the broken file is untouched.
        assert app.workspace.active_view.session.messages == []
    assert broken.read_text() == 'title = "half a file\n'


async def test_session_flag_opens_that_file(sim, tmp_path):
    first = app_for(sim.url, tmp_path, restore_sessions=False)
    async with first.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: first.workspace.active_view is not None)
        view = first.workspace.active_view
        await send(pilot, "remember me")
        await wait_until(pilot, lambda: view.last_status is Status.COMPLETE)
        path = first.keeper.store.path_for(view.session)
        await wait_until(pilot, path.exists)
    second = app_for(sim.url, tmp_path, restore_sessions=False, open_session=path)
    async with second.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: second.workspace.active_view is not None)
        assert second.workspace.active_view.session.title == "remember me"


async def test_f4_browser_lists_filters_opens_and_deletes_saved_sessions(sim, tmp_path):
    from ollamux.core.session import ChatMessage, Session
    from ollamux.ui.screens.dialogs import Confirm
    from ollamux.ui.screens.session_browser import SessionBrowser

    store = SessionStore(sessions_dir(tmp_path / "data"))
    for title, model in (("GPU notes", "qwen3:8b"), ("Rust question", "demo-coder:7b")):
        session = Session(host="sim", model=model, title=title)
        session.messages = [ChatMessage(role="user", content=title), ChatMessage(role="assistant", content="ok")]
        store.save(session)
    app = app_for(sim.url, tmp_path, restore_sessions=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.workspace.active_view is not None)
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionBrowser) and len(app.screen.shown) == 2)
        await pilot.press(*"rust")
        await wait_until(pilot, lambda: [s.title for s in app.screen.shown] == ["Rust question"])
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(app.workspace.views()) == 2)
        assert app.workspace.active_view.session.title == "Rust question"
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
