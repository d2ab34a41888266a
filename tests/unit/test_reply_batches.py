"""A reply read a network read at a time: the same text, stats and errors as line by line."""

from __future__ import annotations

import asyncio
from contextlib import aclosing

import pytest

from ollamux.api.batching import PIECE_BYTES
from ollamux.api.clients import make_client
from ollamux.api.events import ChatRequest, Content, Done, Message, Stats, Thinking
from ollamux.api.hosts import Host
from ollamux.core.session import Session, Status
from ollamux.core.streaming import joined, stream_reply
from tests.rawserver import Canned, RawServer, ndjson

REQUEST = ChatRequest(model="qwen3", messages=(Message(role="user", content="hi"),))


def piece(content: str = "", thinking: str = "") -> dict:
    return {"model": "qwen3", "message": {"role": "assistant", "content": content, "thinking": thinking},
            "done": False}


FINAL = {"model": "qwen3", "message": {"role": "assistant", "content": "."}, "done": True,
         "done_reason": "stop", "eval_count": 7, "eval_duration": 1_000_000_000}
BODY = ndjson(piece(thinking="Let me"), piece(thinking=" see"), piece("<b>"), piece(" one"), piece(" two"), FINAL)


async def test_lines_of_one_read_come_as_one_batch_with_the_events_of_line_by_line() -> None:
    one_by_one = [BODY[i:i + 1] for i in range(len(BODY))]
    async with RawServer(Canned(chunks=[BODY], pause=0), Canned(chunks=one_by_one, pause=0)) as server:
        client = make_client(Host("t", server.url))
        try:
            async with aclosing(client.chat_batches(REQUEST)) as batches:
                together = [batch async for batch in batches]
            async with aclosing(client.chat(REQUEST)) as events:
                apart = [event async for event in events]
        finally:
            await client.aclose()
    assert len(together) == 1
    assert together[0] == apart
    assert "".join(e.text for e in apart if isinstance(e, Content)) == "<b> one two."


async def test_a_large_read_is_handed_up_in_pieces_so_keys_get_in_between() -> None:
    line = ndjson(piece(" word"))
    lines = 400  # about 40 KB: one read on loopback, hundreds of lines to decode
    body = line * lines + ndjson(FINAL)
    async with RawServer(Canned(chunks=[body], pause=0)) as server:
        client = make_client(Host("t", server.url))
        try:
            async with aclosing(client.chat_batches(REQUEST)) as batches:
                together = [batch async for batch in batches]
        finally:
            await client.aclose()
    assert len(body) // 4 > PIECE_BYTES
    assert max(len(batch) for batch in together) <= PIECE_BYTES // len(line) + 1
    text = "".join(e.text for batch in together for e in batch if isinstance(e, Content))
    assert text == " word" * lines + "."


def test_a_batch_joins_runs_of_text_of_one_kind_and_keeps_their_order() -> None:
    done = Done(Stats(generated_tokens=7))
    batch = [Thinking("a"), Thinking("b"), Content("c"), Content("d"), Thinking("e"), Content("f"), done]
    assert joined(batch) == [Thinking("ab"), Content("cd"), Thinking("e"), Content("f"), done]


async def test_an_error_line_in_the_same_read_keeps_the_answer_before_it() -> None:
    body = ndjson(piece(" Yes"), piece(" and"), {"error": "model runner has unexpectedly stopped"})
    session = Session(host="t", model="qwen3")
    session.add_user("hi")
    seen: list[str] = []
    async with RawServer(Canned(chunks=[body])) as server:
        client = make_client(Host("t", server.url))
        try:
            reply = await stream_reply(session, client, on_event=lambda e: seen.append(getattr(e, "text", "")))
        finally:
            await client.aclose()
    assert reply.content == " Yes and"
    assert "".join(seen) == " Yes and"
    assert reply.status is Status.ERROR and "unexpectedly stopped" in reply.error


async def test_a_stop_while_a_slow_reply_waits_for_more_keeps_the_text() -> None:
    first = ndjson(piece("tick"))
    session = Session(host="t", model="qwen3")
    session.add_user("hi")
    async with RawServer(Canned(chunks=[first], hold_open=True)) as server:
        client = make_client(Host("t", server.url))
        arrived = asyncio.Event()
        task = asyncio.create_task(stream_reply(session, client, on_event=lambda event: arrived.set()))
        await asyncio.wait_for(arrived.wait(), 2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await asyncio.wait_for(server.disconnected.wait(), 2)
        await client.aclose()
    reply = session.messages[-1]
    assert reply.content == "tick" and reply.status is Status.STOPPED
    assert reply.first_token_seconds is not None
