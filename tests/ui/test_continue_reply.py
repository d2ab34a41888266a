"""alt+c continues a stopped reply in place on Ollama, and says why not on an OpenAI-compatible host."""

from __future__ import annotations

from pathlib import Path

from ollamux.api.hosts import Host
from ollamux.config import Config
from ollamux.core.continuation import NOT_ON_OPENAI
from ollamux.core.session import ChatMessage, Session, Status
from ollamux.core.store import SessionStore
from ollamux.sim import texts
from ollamux.ui.app import OllamuxApp
from ollamux.ui.chat.command_note import CommandNote
from ollamux.ui.chat.message import ReplyView
from tests.ui_helpers import make_app, screen_text, send, started, wait_until

CUT = "Hello! I'm **demo-co"  # what demo-coder said to "hi" before it was stopped


def stopped_session_file(tmp_path: Path, host: str) -> Path:
    session = Session(host=host, model="demo-coder:7b")
    session.add_user("hi")
    session.messages.append(ChatMessage(role="assistant", content=CUT, status=Status.STOPPED))
    return SessionStore(tmp_path / "elsewhere").save(session)


async def test_alt_c_continues_a_stopped_reply_in_the_same_message_and_saves_one_reply(sim, tmp_path):
    path = stopped_session_file(tmp_path, "sim")
    app = make_app(sim.url, "demo-coder:7b", tmp_path, open_session=path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await started(pilot)
        await wait_until(pilot, lambda: "Continue" in str(app.screen.active_bindings.get("alt+c", "")))
        await pilot.press("alt+c")
        await wait_until(pilot, lambda: view.last_status is Status.COMPLETE)
        chat = [r for r in sim.requests if r.path == "/api/chat"][-1]
        assert chat.body["messages"][-1] == {"role": "assistant", "content": CUT}
        replies = list(view.query(ReplyView))
        assert len(replies) == 1 and replies[0].message.content == texts.CODER_GREETING
        assert "simulated coding assistant" in screen_text(app)
        await wait_until(pilot, lambda: "simulated coding" in path.read_text())
        saved = SessionStore(path.parent).load(path)
        assert [(m.role, m.status) for m in saved.messages] == [("user", Status.COMPLETE),
                                                                  ("assistant", Status.COMPLETE)]
        assert saved.messages[1].content == texts.CODER_GREETING and saved.messages[1].stats is not None
        # Complete now: /continue says there is nothing to continue, and the command stays typed.
        await send(pilot, "/continue")
        await wait_until(pilot, lambda: bool(view.query(CommandNote)))
        assert "nothing to continue" in view.query(CommandNote).last().text


async def test_an_openai_compatible_host_is_not_asked_to_continue_and_says_so(sim, tmp_path):
    path = stopped_session_file(tmp_path, "oa")
    config = Config(hosts=(Host("oa", sim.url + "/v1", "openai"),), default_model="demo-coder:7b",
                    config_path=tmp_path / "config.toml", data_dir=tmp_path / "data", open_session=path)
    app = OllamuxApp(config)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await started(pilot)
        await wait_until(pilot, lambda: bool(view.query(ReplyView)))
        sim.clear_records()
        await pilot.press("alt+c")
        await wait_until(pilot, lambda: any(NOT_ON_OPENAI in str(n.message) for n in app._notifications))
        assert not [r for r in sim.requests if r.path.endswith("/chat/completions")]
        reply = view.session.messages[-1]
        assert (reply.content, reply.status, len(view.session.messages)) == (CUT, Status.STOPPED, 2)
