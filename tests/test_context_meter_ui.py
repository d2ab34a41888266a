"""The session line shows how full the context is, and warns before history is lost."""

from __future__ import annotations

from ollamux.core.session import Status
from tests.ui_helpers import make_app, send, wait_until


def session_line(view) -> str:
    return str(view.query_one(".session-line").render())


async def test_context_use_is_shown_after_a_reply(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.workspace.active_view is not None)
        view = app.workspace.active_view
        await send(pilot, "Show me some code")
        await wait_until(pilot, lambda: view.last_status is Status.COMPLETE)
        await wait_until(pilot, lambda: "ctx " in session_line(view))
        stats = view.session.messages[-1].stats
        used = stats.prompt_tokens + stats.generated_tokens
        assert f"/ 8k ({used * 100 // 8192}%)" in session_line(view)
        assert not view.query_one(".session-line").has_class("-context-full")


async def test_history_that_no_longer_fits_is_flagged(sim, tmp_path):
    app = make_app(sim.url, "fast-model:latest", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.workspace.active_view is not None)
        view = app.workspace.active_view
        view.session.options.update({"num_ctx": 2048, "num_predict": 3000})
        await send(pilot, "go on")
        await wait_until(pilot, lambda: view.last_status is Status.COMPLETE)
        await wait_until(pilot, lambda: "⚠ full: the server silently drops the oldest messages" in session_line(view))
        assert "/ 2k" in session_line(view)
        assert view.query_one(".session-line").has_class("-context-full")
