"""The model workshop in the app: a session saved as a model, a push the registry refuses."""

from __future__ import annotations

from textual.widgets import Checkbox, Input

from ollamux.ui.workshop.create_form import CreateScreen
from ollamux.ui.workshop.push_form import PushScreen
from tests.ui_helpers import ask, has_line, make_app, models_shown, panel_lines, screen_text, wait_until


async def test_a_session_saved_as_a_model_sends_its_settings_typed_and_the_panel_lists_it(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await ask(pilot, "hello")
        view.session.system_prompt = "You are terse.\nNo small talk."
        view.session.options.update({"temperature": 0.3, "num_ctx": 4096, "stop": ["User:"]})
        await pilot.press("alt+m")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateScreen))
        form = app.screen
        # What will be sent, before it is: the base, the system prompt's first line, the values.
        shown = screen_text(app)
        assert has_line(shown.splitlines(), "from", "demo-coder:7b")
        assert has_line(shown.splitlines(), "system", "You are terse.…")
        assert has_line(shown.splitlines(), "temperature=0.3 · num_ctx=4096 · stop=[\"User:\"]")
        form.query_one(Checkbox).value = True
        await pilot.press(*"bad name")
        assert "is not a model name" in screen_text(app)
        form.query_one("#create-name", Input).value = "terse"
        await pilot.press("enter")
        await wait_until(pilot, lambda: form.done == "terse:latest")
        assert "create terse  ✓ created" in screen_text(app)
        await pilot.press("enter")  # opens a session on the new model
        await wait_until(pilot, lambda: len(app.workbench.workspace.views()) == 2)
        assert app.workbench.workspace.active_view.session.model == "terse:latest"
        await pilot.press("f3")
        await wait_until(pilot, lambda: has_line(panel_lines(app), "terse:latest"))
    body = [r for r in sim.requests if r.path == "/api/create"][-1].body
    assert body["model"] == "terse" and body["from"] == "demo-coder:7b"
    assert body["system"] == "You are terse.\nNo small talk."
    assert body["parameters"] == {"temperature": 0.3, "num_ctx": 4096, "stop": ["User:"]}
    assert isinstance(body["parameters"]["num_ctx"], int) and isinstance(body["parameters"]["temperature"], float)
    assert [m["role"] for m in body["messages"]] == ["user", "assistant"]
    assert body["messages"][0]["content"] == "hello"


async def test_a_refused_push_shows_the_servers_words_and_keeps_the_name(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await models_shown(pilot)
        model = panel.highlighted_entry().model
        await pilot.press("P")
        await wait_until(pilot, lambda: isinstance(app.screen, PushScreen))
        field = app.screen.query_one("#push-name", Input)
        assert field.value == f"namespace/{model}"
        await pilot.press(*"someone")  # replaces the selected "namespace"
        await pilot.press("enter")
        await wait_until(pilot, lambda: "✕ failed" in screen_text(app))
        shown = screen_text(app)
        assert "unauthorized: access denied" in shown and "ollama signin" in shown
        assert field.value == f"someone/{model}"
    pushes = [r.body for r in sim.requests if r.path == "/api/push"]
    assert pushes == [{"model": f"someone/{model}", "stream": True}]
