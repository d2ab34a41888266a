"""A stream that reports no usage: the tokens are counted, and said to be counted."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from ollamux.api.events import Done, Stats
from ollamux.api.openai import ChatChunkReader
from ollamux.core.session import ChatMessage, Session, Status
from ollamux.core.stats_words import COMPARED, EXPORTED, format_stats
from ollamux.core.store import session_from_toml, session_to_toml
from tests.rawserver import Canned
from tests.unit.test_api_wire_edges import chat_against


def sse(*chunks: dict) -> bytes:
    return b"".join(b"data: " + json.dumps(chunk).encode() + b"\n\n" for chunk in chunks) + b"data: [DONE]\n\n"


def delta(**fields: object) -> dict:
    return {"choices": [{"index": 0, "delta": fields}]}


FINISH = {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}


async def test_a_stream_without_usage_counts_what_arrived():
    body = sse(delta(reasoning_content="hm"), delta(content="Hel"), delta(content="lo"),
               delta(content=""), delta(content="!"), FINISH)
    events, _ = await chat_against(Canned(content_type="text/event-stream", chunks=[body]), kind="openai")
    done = events[-1]
    assert isinstance(done, Done)
    assert done.stats.generated_tokens == 4  # one per delta that carried text
    assert done.stats.tokens_counted
    assert format_stats(done.stats).startswith("~4 tokens (counted)")


async def test_a_stream_with_usage_takes_the_servers_count():
    usage = {"choices": [], "usage": {"prompt_tokens": 9, "completion_tokens": 7}}
    body = sse(delta(content="Hi"), FINISH, usage)
    events, _ = await chat_against(Canned(content_type="text/event-stream", chunks=[body]), kind="openai")
    stats = events[-1].stats
    assert (stats.generated_tokens, stats.tokens_counted) == (7, False)
    assert format_stats(stats).startswith("7 tokens · ")


@given(st.lists(st.text(min_size=1), max_size=30))
def test_counted_tokens_are_the_pieces_of_text_that_arrived(pieces: list[str]) -> None:
    reader = ChatChunkReader(clock=lambda: 0.0)
    for piece in pieces:
        reader.events(json.dumps(delta(content=piece)))
    (done,) = [event for event in reader.finish() if isinstance(event, Done)]
    assert done.stats.generated_tokens == len(pieces) and done.stats.tokens_counted


def test_counted_figures_are_marked_wherever_they_are_shown() -> None:
    stats = Stats(generated_tokens=120, generation_seconds=4.0, tokens_counted=True)
    assert format_stats(stats) == "~120 tokens (counted) · ~30.0 tok/s"
    assert "~120 tokens (counted)" in format_stats(stats, None, EXPORTED)
    assert format_stats(stats, 0.25, COMPARED) == "TTFT 0.25 s · ~30.0 tok/s · ~120 tokens (counted)"
    assert format_stats(Stats(generated_tokens=120, generation_seconds=4.0)) == "120 tokens · 30.0 tok/s"


def test_counted_stats_are_saved_and_reload_the_same() -> None:
    session = Session(host="h", model="m")
    session.messages = [
        ChatMessage(role="user", content="hi"),
        ChatMessage(role="assistant", content="Hello!", status=Status.COMPLETE,
                    stats=Stats(generated_tokens=3, generation_seconds=1.0, tokens_counted=True)),
    ]
    reloaded = session_from_toml(session_to_toml(session))
    assert reloaded.messages[-1].stats == session.messages[-1].stats
    assert format_stats(reloaded.messages[-1].stats).startswith("~3 tokens (counted)")


def test_files_written_before_the_mark_load_as_server_counts() -> None:
    session = Session(host="h", model="m")
    session.messages = [ChatMessage(role="assistant", content="x", status=Status.COMPLETE,
                                    stats=Stats(generated_tokens=5))]
    document = session_to_toml(session).replace("tokens_counted = false\n", "")
    assert "tokens_counted" not in document
    assert session_from_toml(document).messages[0].stats == Stats(generated_tokens=5)
