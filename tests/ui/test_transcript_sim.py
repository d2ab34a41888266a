"""The transcript in the real app, against the simulator, driven as a user would."""

from __future__ import annotations

from textual.widgets import Collapsible

from ollamux.core.session import ChatMessage, Status
from ollamux.ui.chat import message as message_module
from ollamux.ui.chat.message import ReplyView
from ollamux.ui.chat.transcript import Transcript
from tests.ui_helpers import ask, make_app, screen_text, send, started, status_text, wait_until

MARKER = "↓ new text below — End to jump"


async def test_streaming_text_is_followed_until_the_reader_scrolls_up(make_sim, tmp_path):
    slow = make_sim(delay_scale=0.3)  # about 20 s for the whole answer: we stop it long before
    app = make_app(slow.url, "slow-model:latest", tmp_path)
    async with app.run_test(size=(70, 20)) as pilot:
        chat = await started(pilot)
        transcript = chat.query_one(Transcript)
        # Earlier turns fill the screen, so the new reply starts at the bottom edge.
        await transcript.load([ChatMessage(role="user", content=f"earlier {n}") for n in range(12)])
        await send(pilot, "tell me a long story")
        await wait_until(pilot, lambda: len(chat.session.messages[-1].content) > 100)
        await wait_until(pilot, lambda: transcript.scroll_y == transcript.max_scroll_y > 4)
        assert "Terminals have outlived" in screen_text(app)
        assert MARKER not in screen_text(app)
        transcript.focus()
        await pilot.press("pageup")
        position = transcript.scroll_y
        await wait_until(pilot, lambda: MARKER in screen_text(app))
        assert transcript.scroll_y == position < transcript.max_scroll_y
        await pilot.press("end")
        await wait_until(pilot, lambda: MARKER not in screen_text(app))
        await pilot.press("escape")
        await wait_until(pilot, lambda: chat.last_status is Status.STOPPED)
        # Still following: the end of the stopped reply is in view.
        await wait_until(pilot, lambda: "■ stopped" in screen_text(app))
        assert transcript.scroll_y == transcript.max_scroll_y


async def test_the_status_line_counts_seconds_while_the_model_loads(make_sim, tmp_path, monkeypatch):
    # deepseek-r1 is not loaded when the simulator starts, and its load is held
    # until the test lets it end; the reply's clock is moved by hand. Nothing
    # depends on how fast a busy machine runs the app.
    cold = make_sim()
    loading = cold.hold_loads()
    now = [1000.0]
    monkeypatch.setattr(message_module, "monotonic", lambda: now[0])
    app = make_app(cold.url, "deepseek-r1:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        chat = await started(pilot)
        transcript = chat.query_one(Transcript)
        await send(pilot, "hello")
        await wait_until(pilot, lambda: bool(transcript.query(ReplyView)))
        reply = transcript.query_one(ReplyView)
        for seconds in range(4):
            shown = f"loading model… {seconds} s"
            await wait_until(pilot, lambda shown=shown: status_text(reply) == shown and shown in screen_text(app))
            now[0] += 1
        # The first byte ends the count.
        loading.set()
        await wait_until(pilot, lambda: chat.last_status is Status.COMPLETE)
        await wait_until(pilot, lambda: "tokens" in status_text(reply))


async def test_ctrl_t_unfolds_and_folds_the_thinking(sim, tmp_path):
    app = make_app(sim.url, "qwen3:8b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        chat = await started(pilot)
        transcript = chat.query_one(Transcript)
        await ask(pilot, "What is 17 times 23?")
        thinking = chat.session.messages[-1].thinking
        first_line = thinking.splitlines()[0][:30]
        collapsible = transcript.query_one(ReplyView).query_one(Collapsible)
        assert collapsible.collapsed and first_line not in screen_text(app)
        transcript.focus()
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: first_line in screen_text(app))
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: collapsible.collapsed)
        await pilot.pause()
        assert first_line not in screen_text(app)


async def test_tool_calls_show_name_and_arguments(sim, tmp_path):
    app = make_app(sim.url, "tool-model:latest", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        transcript = (await started(pilot)).query_one(Transcript)
        await ask(pilot, "What is the weather in Tokyo?")
        (row,) = transcript.query_one(ReplyView).tool_rows
        assert row.text.startswith('🔧 get_weather(city="Tokyo") · ')
        assert '🔧 get_weather(city="Tokyo")' in screen_text(app)


async def test_a_paused_transcript_paints_nothing_until_resumed(make_sim, tmp_path):
    slow = make_sim(delay_scale=0.1)
    app = make_app(slow.url, "slow-model:latest", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        chat = await started(pilot)
        transcript = chat.query_one(Transcript)
        transcript.set_paused(True)  # what hiding the session's tab does
        await send(pilot, "tell me a long story")
        await wait_until(pilot, lambda: len(chat.session.messages[-1].content) > 40)
        reply = transcript.query_one(ReplyView)
        assert reply.paused
        assert reply.query_one(".answer").source == ""
        transcript.set_paused(False)
        await wait_until(pilot, lambda: len(reply.query_one(".answer").source) > 40)
        await pilot.press("escape")
        await wait_until(pilot, lambda: chat.last_status is Status.STOPPED)
        assert reply.query_one(".answer").source == chat.session.messages[-1].content
