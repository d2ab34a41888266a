"""Prompt commands in the app: `/set` changes the session without the inspector."""

from __future__ import annotations

from textual.widgets import Input

from ollamux.core.session_lock import Owner
from ollamux.ui.chat.command_note import CommandNote
from ollamux.ui.inspector.panel import Inspector
from tests.ui_helpers import ask, make_app, send, wait_until


def notes(view) -> list[str]:
    return [note.text for note in view.query(CommandNote)]


async def test_set_in_the_prompt_changes_the_next_request_and_is_not_sent(sim, tmp_path):
    app = make_app(sim.url, "qwen3:8b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        prompt = view.query_one("#prompt")
        await send(pilot, "/set temperature 0.2")
        await wait_until(pilot, lambda: view.session.options == {"temperature": 0.2})
        assert prompt.text == ""  # done: the prompt is free again
        assert notes(view)[-1] == "› /set temperature 0.2\ntemperature = 0.2"
        await send(pilot, "/set system Answer in French.")
        await send(pilot, "/set nothink")
        await wait_until(pilot, lambda: view.session.think is False)
        assert not view.session.messages  # nothing went to the model
        await ask(pilot, "hello")
        # The inspector opened afterwards shows the value set by the command.
        await pilot.press("f5")
        await wait_until(pilot, lambda: bool(app.query(Inspector)))
        assert app.query_one("#edit-temperature", Input).value == "0.2"
    chats = [r for r in sim.requests if r.path == "/api/chat"]
    assert len(chats) == 1
    body = chats[0].body
    assert body["options"] == {"temperature": 0.2}
    assert body["think"] is False
    assert body["messages"][0] == {"role": "system", "content": "Answer in French."}


async def test_an_invalid_value_is_refused_inline_and_stays_in_the_prompt(sim, tmp_path):
    app = make_app(sim.url, "qwen3:8b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        prompt = view.query_one("#prompt")
        await send(pilot, "/set parameter num_ctx 4k")
        await wait_until(pilot, lambda: bool(view.query(CommandNote)))
        assert notes(view)[-1] == "› /set parameter num_ctx 4k\nnum_ctx must be a whole number, got '4k'"
        assert view.query(CommandNote).last().has_class("-error")
        assert prompt.text == "/set parameter num_ctx 4k"
        assert view.session.options == {}
        prompt.text = "/frobnicate"
        await pilot.press("enter")
        await wait_until(pilot, lambda: "unknown command /frobnicate" in notes(view)[-1])
        assert not [r for r in sim.requests if r.path == "/api/chat"]


async def test_a_double_slash_sends_a_message_that_starts_with_a_slash(sim, tmp_path):
    app = make_app(sim.url, "qwen3:8b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await ask(pilot, "//etc/hosts is where?")
        assert view.session.messages[0].content == "/etc/hosts is where?"
        assert not view.query(CommandNote)


async def test_a_command_updates_the_open_inspector(sim, tmp_path):
    app = make_app(sim.url, "qwen3:8b", tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        await pilot.press("f5")
        await wait_until(pilot, lambda: bool(app.query(Inspector)))
        await send(pilot, "/set top_k 12")
        await wait_until(pilot, lambda: app.query("#edit-top_k") and app.query_one("#edit-top_k", Input).value == "12")
        assert app.focused is view.query_one("#prompt")  # the command did not take the keyboard away


async def test_settings_from_a_command_are_saved_with_the_session(sim, tmp_path):
    app = make_app(sim.url, "qwen3:8b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await ask(pilot, "hello")
        path = app.keeper.store.path_for(view.session)
        await send(pilot, "/set parameter top_k 7")
        await wait_until(pilot, lambda: path.exists() and "top_k = 7" in path.read_text())
        assert "/set" not in path.read_text()  # the command itself is not a message


async def test_a_read_only_session_keeps_its_settings_and_the_typed_command(sim, tmp_path):
    app = make_app(sim.url, "qwen3:8b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        view.read_only = Owner(pid=None, host="elsewhere", since="")
        await send(pilot, "/set temperature 0.2")
        await pilot.pause()
        assert view.session.options == {}
        assert view.query_one("#prompt").text == "/set temperature 0.2"
        assert not view.query(CommandNote)
