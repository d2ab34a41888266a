"""Snapshots of session keeping: the F4 browser and its search, and the context warning with what was sent."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from ollamux.core.session import ChatMessage, Session
from ollamux.core.store import SessionStore, sessions_dir
from ollamux.ui.sessions.browser import SessionBrowser
from tests.sim_fixtures import frozen_clock
from tests.ui_helpers import ask, make_app, screen_still, wait_until


@pytest.fixture
def utc(monkeypatch):
    """Dates in the browser are local time: make local time UTC, whatever the machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def saved(store: SessionStore, title: str, model: str, day: int, said: list[str]) -> None:
    session = Session(host="sim", model=model, title=title)
    session.messages = [ChatMessage(role="user" if n % 2 == 0 else "assistant", content=text)
                        for n, text in enumerate(said)]
    session.updated_at = datetime(2026, 11, day, 9, 30, tzinfo=UTC)
    store.save(session)


def exchanges(count: int) -> list[str]:
    return [text for n in range(count) for text in (f"q{n}", "a")]


def test_session_browser(snap_compare, make_sim, tmp_path, utc):
    sim = make_sim(clock=frozen_clock())
    store = SessionStore(sessions_dir(tmp_path / "data"))
    saved(store, "Tuning num_ctx on the 4090", "qwen3:8b", 20, exchanges(6))
    saved(store, "Retry decorator", "demo-coder:7b", 18, exchanges(2))
    saved(store, "Why is the sky blue", "deepseek-r1:7b", 3, exchanges(1))
    (store.root / "broken.toml").write_text("schema_version = 1\nhost = \n")
    app = make_app(sim.url, "demo-coder:7b", tmp_path)

    async def browse(pilot):
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        await screen_still(pilot)  # what the modal covers is drawn as it is now
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionBrowser) and len(app.screen.shown) == 3)

    assert snap_compare(app, terminal_size=(100, 24), run_before=browse)


def test_context_warning_and_settings_sent_at_80x24(snap_compare, make_sim, tmp_path):
    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, "fast-model:latest", tmp_path)

    async def overflow(pilot):
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        view.session.options.update({"num_ctx": 2048, "num_predict": 3000})
        await ask(pilot, "go on")
        await wait_until(pilot, lambda: view.query_one(".session-line").has_class("-context-full"))

    assert snap_compare(app, terminal_size=(80, 24), run_before=overflow)


def test_search_results_at_80x24(snap_compare, make_sim, tmp_path, utc):
    sim = make_sim(clock=frozen_clock())
    store = SessionStore(sessions_dir(tmp_path / "data"))
    saved(store, "Tuning num_ctx on the 4090", "qwen3:8b", 20, [
        "How large can the context be on a 24 GB card?",
        "With qwen3:8b at q4_K_M, a context length of 32768 fits beside the weights; past that, "
        "the KV cache spills to system memory and generation slows down a lot.",
    ])
    saved(store, "Long documents", "qwen3:8b", 18, [
        "Summarise this [b]report[/b] for me",
        "Raise the context length first: num_ctx 16384, or the start of the report is cut.",
    ])
    saved(store, "Context length of deepseek", "deepseek-r1:7b", 3, ["What is the context length?", "128k."])
    saved(store, "Retry decorator", "qwen3:8b", 2, ["Write a retry decorator", "Here it is."])
    app = make_app(sim.url, "demo-coder:7b", tmp_path)

    async def search(pilot):
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        await wait_until(pilot, lambda: app.library.syncs_done == 1)  # no progress line in the picture
        await screen_still(pilot)  # what the modal covers is drawn as it is now
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionBrowser) and len(app.screen.shown) == 4)
        await pilot.press(*'"context length" model:qwen')
        await wait_until(pilot, lambda: app.screen.hits is not None and len(app.screen.hits) == 2)

    assert snap_compare(app, terminal_size=(80, 24), run_before=search)
