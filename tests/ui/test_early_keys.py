"""Keys typed while the app starts reach the first prompt, in order, none lost."""

from __future__ import annotations

import threading

from textual import events

from ollamux.ui.app import OllamuxApp
from ollamux.ui.workbench.early_keys import EarlyKeys
from tests.ui_helpers import make_app, wait_until


class TypedAtLaunch(OllamuxApp):
    """Its first keys are in its queue before its screen exists, as a fast typist's arrive."""

    def on_mount(self) -> None:
        for character in "hello":
            self.post_message(events.Key(character, character))
        super().on_mount()


async def test_keys_typed_before_the_screen_exists_go_into_the_first_prompt(sim, tmp_path):
    app = TypedAtLaunch(make_app(sim.url, "demo-coder:7b", tmp_path).config)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        prompt = app.workbench.workspace.active_view.query_one("#prompt")
        await wait_until(pilot, lambda: prompt.text == "hello")


def reading_held(app: OllamuxApp, monkeypatch) -> threading.Event:
    """Hold the reading of the sessions to reopen (a thread) until the event returned is set."""
    may_read = threading.Event()
    restore = app.keeper.restore

    def slow_restore(*args, **kwargs):
        may_read.wait(30)
        return restore(*args, **kwargs)

    monkeypatch.setattr(app.keeper, "restore", slow_restore)
    return may_read


async def test_keys_wait_while_the_sessions_to_reopen_are_read(sim, tmp_path, monkeypatch):
    """Sessions to reopen come from a thread: keys typed meanwhile go to the prompt on screen after, in order."""
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    may_read = reading_held(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        prompt = app.workbench.workspace.active_view.query_one("#prompt")
        await pilot.press(*"hi")
        assert prompt.text == ""  # held until the workbench knows what it has open
        may_read.set()
        await wait_until(pilot, lambda: prompt.text == "hi")
        await pilot.press("!")
        assert prompt.text == "hi!"  # from then on, straight in


def test_the_bytes_the_graphics_query_read_become_keys_first() -> None:
    early = EarlyKeys("ab\x1b[A")
    later = events.Key("c", "c")
    assert early.hold(later)
    assert [key.key for key in early.release()] == ["a", "b", "up", "c"]
    assert not early.hold(events.Key("d", "d"))  # once released, keys go straight on
    assert early.release() == []


async def test_keys_typed_while_a_missing_session_file_is_read_go_into_the_new_session(sim, tmp_path, monkeypatch):
    """With a model named, the session opened instead takes them; they once went to no prompt, and were lost."""
    app = make_app(sim.url, "demo-coder:7b", tmp_path, open_session=tmp_path / "gone.toml")
    may_read = reading_held(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"hi")
        may_read.set()
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        prompt = app.workbench.workspace.active_view.query_one("#prompt")
        await wait_until(pilot, lambda: prompt.text == "hi")
