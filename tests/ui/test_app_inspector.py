"""F5 inspector in the app: what the user sets is what the server receives."""

from __future__ import annotations

from textual.widgets import Input, Static

from ollamux.core.session import Status
from ollamux.ui.inspector.panel import Inspector
from tests.ui_helpers import ask, make_app, send, wait_until


def last_status_line(view) -> str:
    return str(view.query(".status").last(Static).render())


async def test_overrides_set_in_the_inspector_reach_the_server_with_their_types(sim, tmp_path):
    app = make_app(sim.url, "qwen3:8b", tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        await pilot.press("f5")
        await wait_until(pilot, lambda: bool(app.query(Inspector)))
        inspector = app.query_one(Inspector)
        await wait_until(pilot, lambda: inspector.details is not None)
        for name, text in (("num_ctx", "8192"), ("temperature", "0.3")):
            field = inspector.query_one(f"#edit-{name}", Input)
            field.value = text
            await pilot.pause()
        keep_alive = inspector.query_one("#inspector-keep-alive", Input)
        keep_alive.value = "10m"
        await pilot.pause()
        assert view.session.options == {"num_ctx": 8192, "temperature": 0.3}
        await pilot.press("f5")
        await wait_until(pilot, lambda: not app.query(Inspector))
        await ask(pilot, "hello")
        # Under the reply: what it was asked with.
        assert last_status_line(view).endswith("\nsent num_ctx=8192 temperature=0.3 keep_alive=10m")
    body = [r for r in sim.requests if r.path == "/api/chat"][-1].body
    assert body["options"] == {"num_ctx": 8192, "temperature": 0.3}
    assert isinstance(body["options"]["num_ctx"], int) and isinstance(body["options"]["temperature"], float)
    assert body["keep_alive"] == "10m"
    assert "think" not in body  # left at the server's default


async def test_removed_options_from_an_old_session_are_not_sent(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        view.session.options.update({"mirostat": 2, "top_k": 20})
        await ask(pilot, "hello")
        assert last_status_line(view).endswith("\nsent top_k=20")
        view.session.options.clear()
        await send(pilot, "and with the model's own settings?")
        await wait_until(pilot, lambda: len(view.session.messages) == 4 and view.last_status is Status.COMPLETE)
        assert "sent" not in last_status_line(view)
    body = [r for r in sim.requests if r.path == "/api/chat"][-2].body
    assert body["options"] == {"top_k": 20}
