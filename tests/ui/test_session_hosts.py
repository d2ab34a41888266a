"""A session keeps its host when that host is gone, and any session can move (F10).

Also: a `--model` typo is caught at start, and a 404 names the nearest installed models.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import OptionList

from ollamux.api.hosts import Host
from ollamux.config import Config
from ollamux.core.model_names import did_you_mean, is_listed, nearest_names
from ollamux.core.session import Status, now
from ollamux.core.store import SessionStore, sessions_dir
from ollamux.ui.app import OllamuxApp
from ollamux.ui.models.picker import ModelPicker
from tests.ui_helpers import ask, make_app, send, tab_labels, wait_until


def app_with(tmp_path, hosts, **overrides) -> OllamuxApp:
    settings = {
        "hosts": hosts, "default_model": "demo-coder:7b", "config_path": tmp_path / "config.toml",
        "data_dir": tmp_path / "data", "restore_sessions": True,
    }
    settings.update(overrides)
    return OllamuxApp(Config(**settings))


async def sessions_on(sim, tmp_path, host_name: str, count: int) -> None:
    """Leave `count` saved, open sessions on a host called `host_name`."""
    app = app_with(tmp_path, (Host(host_name, sim.url),))
    async with app.run_test(size=(80, 24)) as pilot:
        for number in range(count):
            if number:
                await app.workbench.open_session(host_name, "qwen3:8b")
            await ask(pilot, f"question {number}")
        await wait_until(pilot, lambda: all(
            app.keeper.store.path_for(s).exists() for s in app.workbench.sessions))


def session_notices(app: OllamuxApp) -> list[str]:
    return [n.message for n in app._notifications if n.title == "Sessions"]


async def test_sessions_on_a_gone_host_keep_it_are_marked_and_get_one_notice(sim, tmp_path):
    await sessions_on(sim, tmp_path, "old-box", 3)
    sim.clear_records()
    app = app_with(tmp_path, (Host("sim", sim.url),))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: len(app.workbench.workspace.views()) == 3)
        await pilot.pause()
        assert all(label.endswith("host gone") for label in tab_labels(app))
        assert all(view.session.host == "old-box" for view in app.workbench.workspace.views())
        notices = session_notices(app)
        assert len(notices) == 1
        assert "3 sessions are on hosts not configured now ('old-box')" in notices[0]
        assert "F10" in notices[0]
        # Sending is refused, the text stays, and the file still names its host.
        view = app.workbench.workspace.active_view
        path = app.keeper.store.path_for(view.session)
        before = SessionStore(sessions_dir(tmp_path / "data")).load(path)
        await send(pilot, "still there?")
        assert view.query_one("#prompt").text == "still there?"
        assert [m for m in view.session.messages if m.content == "still there?"] == []
        assert any("F10 moves it" in n.message for n in app._notifications)
        assert "old-box" in str(view.query_one(".session-line").render())
        assert not any(r.path == "/api/chat" for r in sim.requests)
    # The file keeps its host and its turns; the refused prompt is kept as its draft.
    saved = SessionStore(sessions_dir(tmp_path / "data")).load(path)
    assert (saved.host, saved.draft) == ("old-box", "still there?")
    assert [m.content for m in saved.messages] == [m.content for m in before.messages]


async def test_one_session_on_a_gone_host_is_named_in_the_singular_and_f10_moves_it_and_the_file_keeps_it(
    sim, tmp_path
):
    """F10 moves the session to another host and model."""
    await sessions_on(sim, tmp_path, "old-box", 1)
    app = app_with(tmp_path, (Host("sim", sim.url),))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: len(session_notices(app)) == 1)
        notice = session_notices(app)[0]
        assert "is on host 'old-box', which is not configured now; its tab says \"host gone\". F10 moves it" in notice
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        await pilot.press("f10")
        await wait_until(pilot, lambda: isinstance(app.screen, ModelPicker)
                         and app.screen.query_one(OptionList).highlighted_option is not None)
        await pilot.press(*"qwen3:8b", "enter")
        await wait_until(pilot, lambda: view.session.model == "qwen3:8b")
        assert view.session.host == "sim" and not view.host_gone
        assert "host gone" not in tab_labels(app)[0]
        await ask(pilot, "and now?")
        path = app.keeper.store.path_for(view.session)
        await wait_until(pilot, lambda: SessionStore(sessions_dir(tmp_path / "data")).load(path).model == "qwen3:8b")
    saved = SessionStore(sessions_dir(tmp_path / "data")).load(path)
    assert (saved.host, saved.model) == ("sim", "qwen3:8b")
    assert saved.messages[-1].status is Status.COMPLETE


async def test_any_session_changes_model_from_the_palette(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        await pilot.press("ctrl+p")
        await pilot.press(*"Change model or host")
        await wait_until(
            pilot, lambda: "Change model" in str(app.screen.query_one(OptionList).highlighted_option.prompt)
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ModelPicker)
                         and app.screen.query_one(OptionList).highlighted_option is not None)
        await pilot.press(*"qwen3:8b", "enter")
        await wait_until(pilot, lambda: view.session.model == "qwen3:8b")
        await ask(pilot, "hello")
        assert [r.body["model"] for r in sim.requests if r.path == "/api/chat"][-1] == "qwen3:8b"


async def test_a_model_typo_is_reported_at_start_with_the_nearest_names(sim, tmp_path):
    app = make_app(sim.url, "qwen3:8x", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(
            pilot,
            lambda: app.workbench.workspace.active_view is not None and app.workbench.workspace.active_view.model_note,
        )
        view = app.workbench.workspace.active_view
        line = str(view.query_one(".session-line").render())
        assert "'qwen3:8x' is not on sim: did you mean qwen3:8b" in line and "F10" in line
        assert any("did you mean qwen3:8b" in n.message for n in app._notifications)
        # Pulled (here: copied) since: the first answer clears the note.
        sim.state.copy("qwen3:8b", "qwen3:8x", now())
        await ask(pilot, "hi")
        assert view.model_note == "" and "F10" not in str(view.query_one(".session-line").render())


async def test_a_listed_model_gets_no_note(sim, tmp_path):
    app = make_app(sim.url, "fast-model", tmp_path)  # `:latest` is implied, as in Ollama
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        await pilot.pause()
        assert app.workbench.workspace.active_view.model_note == ""
        assert not [n for n in app._notifications if n.title == "Model"]


async def test_the_404_hint_names_the_nearest_installed_models(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        app.workbench.workspace.active_view.session.model = "qwen3:8x"
        view = await ask(pilot, "hi", ends=Status.ERROR)
        assert view.session.messages[-1].hint.startswith("Did you mean qwen3:8b? (F10 moves this session to it.)")


NAMES = st.lists(st.from_regex(r"[a-z][a-z0-9.-]{0,12}:[a-z0-9.]{1,6}", fullmatch=True), min_size=1, max_size=8)


@given(names=NAMES, data=st.data())
def test_a_listed_name_is_listed_and_its_own_nearest(names, data):
    name = data.draw(st.sampled_from(names))
    assert is_listed(name, names)
    assert nearest_names(name, names)[0] == name


@given(names=NAMES, model=st.text(max_size=20))
def test_suggestions_are_always_listed_names(names, model):
    assert set(nearest_names(model, names)) <= set(names)
    assert len(nearest_names(model, names)) <= 3
    if not nearest_names(model, names):
        assert did_you_mean(model, names) == ""


def test_one_letter_off_is_suggested():
    assert did_you_mean("qwen3:8x", ["qwen3:8b", "llama3.2:latest"]) == "did you mean qwen3:8b?"
    assert did_you_mean("zzz", ["qwen3:8b"]) == ""
