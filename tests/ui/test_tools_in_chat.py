"""Tools end to end: the simulator's tool model calls the tools of a real MCP server
(tests/mcp_server.py, started by the app over stdio) and of a hand-answered table;
the user approves, declines, allows always, stops, and types answers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from ollamux.config.tools import HandTool, McpServer
from ollamux.core.session import Session, Status
from ollamux.core.session_toml import session_from_toml
from ollamux.core.store import sessions_dir
from ollamux.core.tools import Outcome
from ollamux.ui.chat.message import ReplyView
from ollamux.ui.chat.view import ChatView
from ollamux.ui.inspector.session_tools import SessionTools
from ollamux.ui.tools import ApprovalScreen, HandAnswerScreen
from ollamux.ui.tools.row import ToolRow
from tests.ui_helpers import make_app, reopening_app, send, started, status_text, tab_labels, wait_until

MODEL = "tool-model:latest"
TEST_SERVER = str(Path(__file__).resolve().parent.parent / "mcp_server.py")
TOKEN = "tok-51d0e2aa-never-in-a-file"
KIT = McpServer(
    name="kit", command=sys.executable, args=(TEST_SERVER,),
    env={"OLLAMUX_TEST_TOKEN": "${OLLAMUX_SECRET}", "LC_ALL": "C.UTF-8"},
)
# Without a secret to expand: a `${VAR}` missing from the environment fails the server.
PLAIN_KIT = McpServer(name="kit", command=sys.executable, args=(TEST_SERVER,), env={"LC_ALL": "C.UTF-8"})
LOOKUP = HandTool(
    name="lookup", description="Look a word up in the user's own notes.",
    parameters={"type": "object", "properties": {"word": {"type": "string"}}, "required": ["word"]},
)


def tools_app(sim_url: str, tmp_path: Path, **config: object):
    config = {"mcp_servers": (PLAIN_KIT,), "hand_tools": (LOOKUP,)} | config
    return make_app(sim_url, MODEL, tmp_path, **config)


async def turn(pilot: Pilot, prompt: str) -> ChatView:
    """Send `prompt`; the view, once the turn is over (no reply streams, no call runs)."""
    view = await started(pilot)
    before = len(view.session.messages)
    await send(pilot, prompt)
    await wait_until(pilot, lambda: len(view.session.messages) > before + 1 and not view.session.busy
                     and view.last_status is not Status.STREAMING)
    return view


async def asked(pilot: Pilot, kind: type) -> None:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind))


async def wait_for_section(pilot: Pilot) -> SessionTools:
    await wait_until(pilot, lambda: bool(pilot.app.workbench.query(SessionTools)))
    return pilot.app.workbench.query_one(SessionTools)


def section_text(section: SessionTools) -> str:
    return "\n".join(str(line.render()) for line in section.query(Static))


def rows(view: ChatView) -> list[str]:
    return [row.text for row in view.query(ToolRow)]


def last_answer(view: ChatView) -> str:
    return view.session.messages[-1].content


async def test_each_call_is_asked_about_and_declined_allowed_or_always_allowed(
    sim, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OLLAMUX_SECRET", TOKEN)
    app = tools_app(sim.url, tmp_path, tool_timeout=1.0, mcp_servers=(KIT,))
    async with app.run_test(size=(100, 40)) as pilot:
        view = await started(pilot)
        await send(pilot, "please add 2 and 40")
        await asked(pilot, ApprovalScreen)
        dialog_text = " ".join(str(s.render()) for s in pilot.app.screen.query("Static"))
        assert "kit" in dialog_text and "add" in dialog_text
        assert "⇄" in tab_labels(app)[0]  # the tab says calls are under way
        await pilot.press("n")
        await wait_until(pilot, lambda: not view.session.busy and view.last_status is Status.COMPLETE)
        declined = view.session.messages[2]
        assert (declined.role, declined.tool_outcome, declined.tool_name) == ("tool", Outcome.DECLINED, "add")
        assert "declined" in declined.content  # what the model is told
        assert "could not use" in last_answer(view)
        assert rows(view)[-1].endswith("declined")

        await send(pilot, "add 2 and 40 again")
        await asked(pilot, ApprovalScreen)
        await pilot.press("a")
        await wait_until(pilot, lambda: not view.session.busy and "42" in last_answer(view))
        # Always allowed: the next call runs without a question (a dialog would hold the turn).
        view = await turn(pilot, "add 5 and 6")
        assert "11" in last_answer(view)
        assert [m.tool_outcome for m in view.session.messages if m.role == "tool"][-1] is Outcome.OK

        # A tool error goes back to the model and shows on its row.
        await send(pilot, "fail with 'disk full'")
        await asked(pilot, ApprovalScreen)
        await pilot.press("y")
        await wait_until(pilot, lambda: not view.session.busy and "disk full" in last_answer(view))
        assert rows(view)[-1].endswith("failed")

        # A call that hangs is cancelled after tool_timeout and reported failed.
        await send(pilot, "hang")
        await asked(pilot, ApprovalScreen)
        await pilot.press("y")
        await wait_until(pilot, lambda: not view.session.busy and view.last_status is Status.COMPLETE)
        hung = [m for m in view.session.messages if m.role == "tool"][-1]
        assert hung.tool_outcome is Outcome.FAILED and "timed out after 1" in hung.content

        # Secrets the server was given come back masked, and reach no file.
        await send(pilot, "show the environment")
        await asked(pilot, ApprovalScreen)
        await pilot.press("y")
        await wait_until(pilot, lambda: not view.session.busy and view.last_status is Status.COMPLETE)
        told = [m for m in view.session.messages if m.role == "tool"][-1].content
        assert "•••" in told and TOKEN not in told
    saved = (sessions_dir(tmp_path / "data") / f"{view.session.id}.toml").read_text()
    assert TOKEN not in saved
    again = session_from_toml(saved)
    outcomes = [m.tool_outcome for m in again.messages if m.role == "tool"]
    assert outcomes == [Outcome.DECLINED, Outcome.OK, Outcome.OK, Outcome.FAILED, Outcome.FAILED, Outcome.OK]


async def test_escape_stops_a_turn_hand_tools_take_typed_answers_and_the_round_cap_stops_a_loop(
    sim, tmp_path: Path
) -> None:
    app = tools_app(sim.url, tmp_path, tool_rounds=2)
    async with app.run_test(size=(100, 40)) as pilot:
        view = await started(pilot)
        await send(pilot, "add 1 and 2")
        await asked(pilot, ApprovalScreen)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not view.session.busy and view.last_status is Status.STOPPED)
        assert not any(m.role == "tool" for m in view.session.messages)
        assert rows(view) == [rows(view)[0]] and rows(view)[0].endswith("not run")

        await send(pilot, "lookup the word 'ollama'")
        await asked(pilot, HandAnswerScreen)
        await pilot.press(*"a llama", "enter")
        await wait_until(pilot, lambda: not view.session.busy and "a llama" in last_answer(view))
        assert rows(view)[-1].startswith("🔧 hand/lookup(word=\"ollama\")") and rows(view)[-1].endswith("ok")

        # A model that keeps calling is stopped after tool_rounds rounds, with a word.
        await send(pilot, "keep calling add 1 and 2")
        await asked(pilot, ApprovalScreen)
        await pilot.press("a")  # the later rounds run without asking
        await wait_until(pilot, lambda: not view.session.busy and view.last_status is Status.STOPPED)
        assert [m.tool_name for m in view.session.messages if m.role == "tool"] == ["lookup", "add", "add"]
        assert "Stopped after 2 rounds of tool calls" in status_text(view.query(ReplyView).last())
        assert rows(view)[-1].endswith("not run")

        # The inspector lists the server's tools; one switched off is not offered any more.
        await pilot.press("f5")
        section = await wait_for_section(pilot)
        await wait_until(pilot, lambda: "ready · 7 tools" in section_text(section))
        section.focus()
        await pilot.press("space")  # the cursor starts on the first tool: add
        assert view.session.tool_choices == {"kit/add": False}
        offered = await app.workbench.toolbox.offered(view.session, view.client)
        assert "add" not in {tool.name for tool in offered} and "fail" in {tool.name for tool in offered}
        await pilot.press("f5")

        # A model without the tools capability is sent none (the simulator, like
        # Ollama, would refuse the request with a 400).
        await app.workbench.add_session(Session(host="sim", model="fast-model:latest"))
        other = await turn(pilot, "hello")
        assert other is not view and other.session.messages[-1].status is Status.COMPLETE
    async with reopening_app(sim.url, tmp_path, model=MODEL, mcp_servers=(PLAIN_KIT,), hand_tools=(LOOKUP,)).run_test(
        size=(100, 40)
    ) as pilot:
        await started(pilot)
        (view,) = [v for v in pilot.app.workbench.workspace.views() if v.session.model == MODEL]
        await wait_until(pilot, lambda: len(view.query(ToolRow)) == 5)
        assert [row.rsplit(" · ", 1)[-1] for row in rows(view)] == ["not run", "ok", "ok", "ok", "not run"]
        assert view.session.tool_choices == {"kit/add": False}  # kept with the session
