"""The walking skeleton, driven through the pilot against the simulator."""

from __future__ import annotations

import httpx
from textual.widgets import Static

from ollamux.core.session import Status
from ollamux.ui.chat.message import ReplyView
from ollamux.ui.chat.prompt import PromptArea
from ollamux.ui.chat.view import ChatView
from tests.ui_helpers import ask, make_app, send, status_text, wait_until


async def test_prompt_streams_the_answer_and_shows_stats(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        chat = await ask(pilot, "Show me some code")
        reply = app.query_one(ReplyView)
        answer = reply.query_one(".answer")
        assert "```python" in answer.source
        assert answer.source == chat.session.messages[-1].content
        assert "tokens" in status_text(reply) and "tok/s" in status_text(reply)
        assert app.query_one(PromptArea).text == ""


async def test_first_listed_model_is_used_without_model_flag(sim, tmp_path):
    app = make_app(sim.url, None, tmp_path)
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: bool(app.query(ChatView)))
        async with httpx.AsyncClient() as client:
            first = (await client.get(f"{sim.url}/api/tags")).json()["models"][0]["name"]
        assert app.query_one(ChatView).session.model == first


async def test_thinking_is_shown_apart_and_folds_when_the_answer_starts(sim, tmp_path):
    app = make_app(sim.url, "qwen3:8b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: bool(app.query(ChatView)))
        chat = app.query_one(ChatView)
        await send(pilot, "What is 17 times 23?")
        await wait_until(pilot, lambda: chat.last_status is Status.COMPLETE)
        reply = app.query_one(ReplyView)
        thinking = reply.query_one(".thinking")
        assert thinking.source and thinking.source == chat.session.messages[-1].thinking
        assert thinking.source not in reply.query_one(".answer").source
        assert reply.query_one("Collapsible").collapsed


async def test_error_mid_stream_is_shown_inline_and_keeps_the_partial_text(sim, tmp_path):
    app = make_app(sim.url, "fault-midstream:latest", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: bool(app.query(ChatView)))
        chat = app.query_one(ChatView)
        await send(pilot, "hello")
        await wait_until(pilot, lambda: chat.last_status is Status.ERROR)
        reply = app.query_one(ReplyView)
        assert "unexpectedly stopped" in status_text(reply)
        assert reply.query_one(".answer").source == chat.session.messages[-1].content != ""
        # The session stays usable: the next prompt is accepted.
        await send(pilot, "again")
        await wait_until(pilot, lambda: len(chat.session.messages) == 4)


async def test_a_stream_cut_off_without_its_done_line_is_flagged_and_keeps_the_text(sim, tmp_path):
    app = make_app(sim.url, "fault-cut:latest", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        chat = await ask(pilot, "make a plan", ends=Status.ERROR)
        reply = app.query_one(ReplyView)
        assert "The reply ended early" in status_text(reply) and "regenerate to retry" in status_text(reply)
        partial = chat.session.messages[-1].content
        assert partial.startswith("Sure, here is the plan") and reply.query_one(".answer").source == partial
        await pilot.press("ctrl+r")  # regenerate, as the hint says: the session carries on

        def asked_twice() -> bool:
            return len([r for r in sim.requests if r.path == "/api/chat"]) == 2

        await wait_until(pilot, lambda: asked_twice() and chat.last_status is Status.ERROR)
        assert len(chat.session.messages) == 2  # the failed reply was replaced, not kept beside


async def test_unknown_model_says_how_to_pull_it(sim, tmp_path):
    app = make_app(sim.url, "nosuch:1b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: bool(app.query(ChatView)))
        chat = app.query_one(ChatView)
        await send(pilot, "hello")
        await wait_until(pilot, lambda: chat.last_status is Status.ERROR)
        text = status_text(app.query_one(ReplyView))
        assert "not found" in text and "ollama pull nosuch:1b" in text


async def test_escape_stops_the_reply_and_keeps_its_text(make_sim, tmp_path):
    slow = make_sim(delay_scale=0.2)
    app = make_app(slow.url, "slow-model:latest", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: bool(app.query(ChatView)))
        chat = app.query_one(ChatView)
        await send(pilot, "tell me a long story")
        await wait_until(pilot, lambda: len(chat.session.messages[-1].content) > 5)
        await pilot.press("escape")
        await wait_until(pilot, lambda: chat.last_status is Status.STOPPED)
        reply = app.query_one(ReplyView)
        assert "stopped" in status_text(reply)
        assert reply.query_one(".answer").source == chat.session.messages[-1].content
        # The server saw the client hang up: it stops generating.
        await wait_until(pilot, lambda: slow.cancelled > 0 if isinstance(slow.cancelled, int) else bool(slow.cancelled))


async def test_unreachable_host_is_reported_with_its_url(tmp_path):
    app = make_app("http://127.0.0.1:9", None, tmp_path)
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: "refused" in str(app.query_one("#empty", Static).render()))
        text = str(app.query_one("#empty", Static).render())
        assert "http://127.0.0.1:9" in text and "refused" in text
