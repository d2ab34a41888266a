"""Completion sessions against the simulator: opened from the picker, run with a suffix,
and saved as completions; a stopped completion keeps its partial text."""

from __future__ import annotations

from ollamux.core.export import to_markdown
from ollamux.core.session import Status
from ollamux.core.store import SessionStore, sessions_dir
from ollamux.sim.workshop_models import FIM_BASE, install_workshop_models
from ollamux.ui.chat.message import ReplyView
from ollamux.ui.completion import CompletionView
from tests.ui_helpers import make_app, screen_text, started, tab_labels, wait_until


def generate_bodies(sim) -> list[dict]:
    return [r.body for r in sim.requests if r.path == "/api/generate"]


async def test_a_completion_with_a_suffix_is_sent_shown_and_saved(sim, tmp_path):
    install_workshop_models(sim.state, sim.now())
    app = make_app(sim.url, FIM_BASE.name, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        # ctrl+n, then alt+g on the highlighted model: a completion session, not a chat.
        await pilot.press("ctrl+n")
        await pilot.press(*"coder")
        await wait_until(pilot, lambda: "qwen2.5-coder" in screen_text(app))
        await pilot.press("alt+g")
        await wait_until(pilot, lambda: isinstance(app.workbench.workspace.active_view, CompletionView))
        view = app.workbench.workspace.active_view
        editor = view.editor
        # The model fills in the middle (`insert`): the suffix editor is offered.
        await wait_until(pilot, lambda: editor.has_class("-suffix"))
        assert "2 gen" in tab_labels(app)[-1]
        editor.prompt.insert("def add(a, b):\n")
        editor.suffix_area.insert("\nprint(add(1, 2))\n")
        view.session.options = {"temperature": 0, "num_predict": 64.0}
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(view.session.messages) == 2 and view.last_status is Status.COMPLETE)

        (body,) = generate_bodies(sim)
        assert body["model"] == FIM_BASE.name and body["prompt"] == "def add(a, b):\n"
        assert body["suffix"] == "\nprint(add(1, 2))\n" and "raw" not in body and "system" not in body
        assert body["options"] == {"temperature": 0.0, "num_predict": 64}
        assert isinstance(body["options"]["num_predict"], int) and isinstance(body["options"]["temperature"], float)
        completion = view.session.messages[-1].content
        assert "between 'b' and 'print'" in completion and completion.rstrip().endswith("pass")
        assert "between 'b' and 'print'" in screen_text(app)
        assert "tok/s" in str(view.query_one(ReplyView).query_one(".status").render())
        # Sent, the prompt and suffix leave the editors; F7 brings both back to tweak and run again.
        assert editor.prompt.text == "" and editor.suffix == ""
        await pilot.press("f7")
        assert editor.prompt.text == "def add(a, b):\n" and editor.suffix == "\nprint(add(1, 2))\n"

    store = SessionStore(sessions_dir(tmp_path / "data"))
    saved = store.load(store.path_for(view.session))
    assert saved.kind == "completion" and saved.messages[0].suffix == "\nprint(add(1, 2))\n"
    assert saved.messages[1].content == completion
    assert "print(add(1, 2))" in to_markdown(saved)



async def test_stopping_a_completion_keeps_its_partial_text(make_sim, tmp_path):
    slow = make_sim(delay_scale=0.5)  # slow-model: 1.5 s to load, then 0.1 s a word
    app = make_app(slow.url, "slow-model:latest", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        view = await app.workbench.open_session("sim", "slow-model:latest", completion=True)
        assert isinstance(view, CompletionView)
        view.editor.prompt.insert("Once upon a time")
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(view.session.messages) and len(view.session.messages[-1].content) > 20)
        await pilot.press("escape")
        await wait_until(pilot, lambda: view.last_status is Status.STOPPED)
        partial = view.session.messages[-1]
        assert partial.role == "assistant" and partial.content and partial.status is Status.STOPPED
        # The simulator sees the connection closed in its own time.
        await wait_until(pilot, lambda: slow.cancelled == ["slow-model:latest"])
        assert "stopped" in screen_text(app)
