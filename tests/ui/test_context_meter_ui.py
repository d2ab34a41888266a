"""The session line shows how full the context is, and warns before history is lost."""

from __future__ import annotations

from ollamux.core.session import Status
from tests.ui_helpers import ask, make_app, send, wait_until


def session_line(view) -> str:
    return str(view.query_one(".session-line").render())


async def test_context_use_is_shown_after_a_reply(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await ask(pilot, "Show me some code")
        await wait_until(pilot, lambda: "ctx " in session_line(view))
        stats = view.session.messages[-1].stats
        used = stats.prompt_tokens + stats.generated_tokens
        assert f"/ 8k ({used * 100 // 8192}%)" in session_line(view)
        assert not view.query_one(".session-line").has_class("-context-full")


async def test_history_that_no_longer_fits_is_flagged(sim, tmp_path):
    app = make_app(sim.url, "fast-model:latest", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        view.session.options.update({"num_ctx": 2048, "num_predict": 3000})
        await send(pilot, "go on")
        await wait_until(pilot, lambda: view.last_status is Status.COMPLETE)
        await wait_until(pilot, lambda: "⚠ full: the server silently drops the oldest messages" in session_line(view))
        assert "/ 2k" in session_line(view)
        assert view.query_one(".session-line").has_class("-context-full")


async def test_the_model_s_own_length_is_asked_for_only_when_nothing_better_is_known(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        loaded = await ask(pilot, "Show me some code")
        await wait_until(pilot, lambda: "/ 8k" in session_line(loaded))  # what /api/ps says is loaded
        assert not [r for r in sim.requests if r.path == "/api/show"]

        unloaded = await app.workbench.open_session("sim", "qwen3:8b")
        unloaded.session.keep_alive = 0  # unloaded after the reply: /api/ps does not list it
        await send(pilot, "Why is the sky blue?")
        await wait_until(pilot, lambda: unloaded.last_status is Status.COMPLETE)
        await wait_until(pilot, lambda: "/ 40k" in session_line(unloaded))  # the trained length, from /api/show
        assert len([r for r in sim.requests if r.path == "/api/show"]) == 1
