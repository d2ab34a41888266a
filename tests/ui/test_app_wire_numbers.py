"""A server that sends Infinity, NaN, negative or huge numbers: the app starts,
shows "?" where a figure was bad, and saves a session file it can read back."""

from __future__ import annotations

from textual.widgets import Static

from ollamux.core.session import Status
from ollamux.core.store import SessionStore, sessions_dir
from ollamux.ui.chat.message import ReplyView
from ollamux.ui.models.panel import ModelsPanel
from tests.rawserver import Canned, RawServer
from tests.ui_helpers import ask, make_app, wait_until

JSON = "application/json"
# Written by hand: json.dumps would not put 2**70 and Infinity side by side like a hostile server.
TAGS = b"""{"models": [
 {"name": "inf:1b", "size": Infinity, "details": {"parameter_size": "1B", "quantization_level": "Q4_0"}},
 {"name": "nan:1b", "size": NaN, "details": {"parameter_size": "1B", "quantization_level": "Q4_0"}},
 {"name": "neg:1b", "size": -5, "details": {"parameter_size": "1B", "quantization_level": "Q4_0"}},
 {"name": "huge:1b", "size": 1180591620717411303424, "details": {"parameter_size": "1B", "quantization_level": "Q4_0"}},
 {"name": "fine:1b", "size": 4700000000, "details": {"parameter_size": "1B", "quantization_level": "Q4_0"}}
]}"""
PS = b"""{"models": [{"name": "inf:1b", "size": Infinity, "size_vram": NaN, "context_length": 1e30,
 "expires_at": "0001-01-01T00:00:00+14:00"}]}"""
SHOW = b"""{"model_info": {"general.architecture": "llama", "llama.context_length": Infinity}}"""
CHAT = (
    b'{"message": {"role": "assistant", "content": "hello", "tool_calls": [{"id": 7, "function": {"name": "f",'
    b' "arguments": {"x": Infinity}}}]}, "done": false}\n'
    b'{"message": {"role": "assistant", "content": ""}, "done": true, "done_reason": "stop", "eval_count": -5,'
    b' "prompt_eval_count": 1180591620717411303424, "load_duration": 1e30, "eval_duration": NaN,'
    b' "total_duration": Infinity}\n'
)


def hostile_server() -> RawServer:
    return RawServer(routes={
        "/api/tags": Canned(content_type=JSON, chunks=[TAGS], pause=0),
        "/api/ps": Canned(content_type=JSON, chunks=[PS], pause=0),
        "/api/show": Canned(content_type=JSON, chunks=[SHOW], pause=0),
        "/api/version": Canned(content_type=JSON, chunks=[b'{"version": "0.30.0"}'], pause=0),
        "/api/chat": Canned(chunks=[CHAT], pause=0),
    })


def row(panel: ModelsPanel, name: str, section: str = "Installed") -> str:
    """The model's row in a section; beside a session the panel gives it two lines."""
    lines = panel.lines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(section))
    at = next(i for i in range(start, len(lines)) if lines[i].split()[:1] == [name])
    return " ".join(lines[at : at + 2]) + " "


async def test_bad_numbers_show_as_unknown_and_the_session_saves_and_loads(tmp_path):
    async with hostile_server() as server:
        # No model configured: the app lists the host's models at start.
        app = make_app(server.url, None, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
            assert app.workbench.workspace.active_view.session.model == "inf:1b"
            await pilot.press("f3")
            panel = app.query_one(ModelsPanel)
            await wait_until(pilot, lambda: any("fine:1b" in line for line in panel.lines())
                             and any("Running" in line for line in panel.lines()))
            for name in ("inf:1b", "nan:1b", "neg:1b", "huge:1b"):
                assert row(panel, name).split()[1:4] == ["?", "1B", "Q4_0"], row(panel, name)
            assert "4.7 GB" in row(panel, "fine:1b")
            # Size, CPU/GPU split and countdown unknown; the nonsense context is left out.
            assert row(panel, "inf:1b", "Running").split() == ["inf:1b", "?", "?", "?"]
            await pilot.press("f3")

            view = await ask(pilot, "hi")
            reply = view.query_one(ReplyView)
            status = str(reply.query_one(".status", Static).render())
            assert "? tokens" in status and "prompt ?" in status, status
            assert "1180591620717411303424" not in status
            session = view.session
        assert app.return_code in (0, None)

    (loaded,), problems = SessionStore(sessions_dir(tmp_path / "data")).load_all()
    assert not problems
    reply = loaded.messages[-1]
    assert reply.status is Status.COMPLETE and reply.content == "hello"
    assert reply.stats == session.messages[-1].stats and reply.stats.generated_tokens is None
    assert reply.tool_calls[0].id == "7"
