"""Huge messages: drawn cut within a budget, the app still answers keys, the pager gets it all."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.drivers.headless_driver import HeadlessDriver

from ollamux.api.events import Content, Thinking
from ollamux.core.session import ChatMessage, Session, Status
from ollamux.core.text import strip_control
from ollamux.ui.chat.display_budget import DISPLAY_LIMIT, CutNotice, format_chars
from tests.rawserver import Canned, RawServer, ndjson
from tests.ui_helpers import make_app, screen_text, send, wait_until

MODEL = "big:latest"
# Big enough that drawing it whole held the app for many seconds (5 MB: 18 s on
# the loop when reopened), small enough to build and send quickly.
HUGE = 5_000_000
# Generous: the fixed app takes a fraction of a second for each.
DEADLINE = 10.0
HOSTILE = "\x1b]0;title\x07\x1b[31m"


def huge_text(size: int = HUGE) -> str:
    """One line of `size` characters with control sequences at both ends."""
    body = "word " * ((size - 2 * len(HOSTILE)) // 5)
    return HOSTILE + body + HOSTILE


async def quits_in_time(pilot) -> None:
    app = pilot.app
    await pilot.press("ctrl+q")
    deadline = time.monotonic() + DEADLINE
    while app.is_running:
        assert time.monotonic() < deadline, "ctrl+q did not quit in time"
        await asyncio.sleep(0.02)


async def restored(pilot, session: Session):
    """Open `session` as a reopened one is, and wait (bounded) until its reply is drawn."""
    app = pilot.app
    # After start-up has opened its own session, so that this one is the tab on screen.
    await wait_until(pilot, lambda: not any(w.group == "startup" and w.is_running for w in app.workers))
    view = await asyncio.wait_for(app.workbench.add_session(session), DEADLINE)
    await wait_until(pilot, lambda: bool(view.query(".answer")) and view.query(".answer").last().region.height > 0,
                     timeout=DEADLINE)
    return view


async def test_a_restored_session_with_a_huge_message_opens_cut_and_still_quits(tmp_path):
    text = huge_text()
    session = Session(host="sim", model=MODEL, messages=[
        ChatMessage("user", text), ChatMessage("assistant", text, thinking=text),
    ])
    app = make_app("http://127.0.0.1:9", MODEL, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        started = time.monotonic()
        view = await restored(pilot, session)
        assert time.monotonic() - started < DEADLINE
        answer = view.query(".answer").last()
        assert len(answer.source) <= DISPLAY_LIMIT
        notice = view.query_one(CutNotice)
        assert notice.display
        # Both the thinking and the answer are cut: the notice counts what is left out of both.
        assert format_chars(2 * (len(text) - DISPLAY_LIMIT)) in str(notice.render())
        await pilot.press("ctrl+end")
        await wait_until(pilot, lambda: "not shown" in screen_text(app), timeout=DEADLINE)
        assert "F9" in screen_text(app)
        await quits_in_time(pilot)


async def test_a_huge_reply_line_streams_cut_and_escape_stops_it(tmp_path):
    text = huge_text()
    # The whole line in one event, then the connection stays open: still streaming.
    reply = Canned(chunks=[ndjson({"model": MODEL, "message": {"role": "assistant", "content": text}, "done": False})],
                   hold_open=True)
    # Start-up asks for the model list, to check the model is there: whenever it asks.
    tags = Canned(content_type="application/json", chunks=[json.dumps({"models": [{"name": MODEL}]}).encode()])
    async with RawServer(routes={"/api/tags": tags, "/api/chat": reply}) as server:
        app = make_app(server.url, MODEL, tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
            view = app.workbench.workspace.active_view
            await send(pilot, "go")
            await wait_until(pilot, lambda: len(view.session.messages) == 2
                             and len(view.session.messages[-1].content) == len(text), timeout=DEADLINE)
            await wait_until(pilot, lambda: "not shown" in screen_text(app), timeout=DEADLINE)
            started = time.monotonic()
            await pilot.press("escape")
            await wait_until(pilot, lambda: view.last_status is Status.STOPPED, timeout=DEADLINE)
            assert time.monotonic() - started < DEADLINE
            assert view.session.messages[-1].content == text  # the session keeps every character
            assert len(view.query(".answer").last().source) <= DISPLAY_LIMIT
            await quits_in_time(pilot)


async def test_a_long_line_streamed_in_small_tokens_arrives_in_linear_time():
    """Appending a token must not copy the whole reply: 200,000 tokens took minutes."""
    session = Session(host="h", model="m")
    session.add_user("go")
    session.start_reply()
    started = time.monotonic()
    for _ in range(200_000):
        session.apply(Content("word "))
        session.apply(Thinking("hmm "))
    assert time.monotonic() - started < DEADLINE
    assert session.messages[-1].content == "word " * 200_000
    assert session.messages[-1].thinking == "hmm " * 200_000


@settings(max_examples=50, deadline=None)
@given(pieces=st.lists(st.tuples(st.sampled_from(["content", "thinking"]), st.text(max_size=20)), max_size=30))
def test_streamed_pieces_read_back_as_their_concatenation_at_any_moment(pieces):
    session = Session(host="h", model="m")
    session.add_user("go")
    reply = session.start_reply()
    expected = {"content": "", "thinking": ""}
    for kind, piece in pieces:
        session.apply(Content(piece) if kind == "content" else Thinking(piece))
        expected[kind] += piece
        assert (reply.content, reply.thinking) == (expected["content"], expected["thinking"])


def pager_script(tmp_path: Path, monkeypatch) -> Path:
    """$PAGER set to a script that writes what it was given to a file; the file."""
    out = tmp_path / "paged.txt"
    script = tmp_path / "pager.sh"
    script.write_text('#!/bin/sh\ncat > "$1"\n')
    script.chmod(0o755)
    monkeypatch.setenv("PAGER", f"{script} {out}")
    # The headless test driver cannot hand the terminal over; a real one can.
    monkeypatch.setattr(HeadlessDriver, "can_suspend", property(lambda self: True))
    return out


@pytest.mark.parametrize("how", ["f9", "click"])
async def test_the_pager_receives_the_whole_message_cleaned(tmp_path, monkeypatch, how):
    out = pager_script(tmp_path, monkeypatch)
    text = huge_text()
    session = Session(host="sim", model=MODEL, messages=[ChatMessage("user", "go"), ChatMessage("assistant", text)])
    app = make_app("http://127.0.0.1:9", MODEL, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await restored(pilot, session)
        await pilot.press("ctrl+end")
        await wait_until(pilot, lambda: "not shown" in screen_text(app), timeout=DEADLINE)
        if how == "f9":
            await pilot.press("f9")
        else:
            await pilot.click(view.query_one(CutNotice))
        await wait_until(pilot, out.exists, timeout=DEADLINE)
        await wait_until(pilot, lambda: out.stat().st_size >= len(text) - 100, timeout=DEADLINE)
        paged = out.read_text()
        assert paged == strip_control(text) + "\n"
        assert "\x1b" not in paged and "\x07" not in paged


async def test_a_pager_that_cannot_run_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGER", str(tmp_path / "no-such-pager"))
    monkeypatch.setattr(HeadlessDriver, "can_suspend", property(lambda self: True))
    session = Session(host="sim", model=MODEL, messages=[ChatMessage("user", "go"), ChatMessage("assistant", "hi")])
    app = make_app("http://127.0.0.1:9", MODEL, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await restored(pilot, session)
        await pilot.press("f9")
        await wait_until(pilot, lambda: any("no-such-pager" in str(n.message) for n in app._notifications))


async def test_messages_within_the_budget_are_drawn_whole_with_no_notice(tmp_path):
    text = "word " * ((DISPLAY_LIMIT - 5) // 5)
    session = Session(host="sim", model=MODEL, messages=[ChatMessage("user", "go"), ChatMessage("assistant", text)])
    app = make_app("http://127.0.0.1:9", MODEL, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await restored(pilot, session)
        assert view.query(".answer").last().source == text
        assert not view.query_one(CutNotice).display
