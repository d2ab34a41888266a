"""SseDecoder: the data payloads of events, whatever the chunking and line endings."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ollamux.api.errors import MalformedResponse
from ollamux.api.sse import SseDecoder
from tests.chunks import chunked

# protocol.md Appendix A6: DeepSeek-style SSE with a keep-alive comment,
# reasoning, a fragmented tool call and usage. Its ids contain "…" (3 bytes).
A6 = (
    ': keep-alive\n'
    '\n'
    'data: {"id":"3f1c…","object":"chat.completion.chunk","created":1760000000,"model":"deepseek-v4-flash",'
    '"choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":"Need weather"},'
    '"finish_reason":null}]}\n'
    '\n'
    'data: {"id":"3f1c…","object":"chat.completion.chunk","created":1760000000,"model":"deepseek-v4-flash",'
    '"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_0_ab","type":"function",'
    '"function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}\n'
    '\n'
    'data: {"id":"3f1c…","object":"chat.completion.chunk","created":1760000000,"model":"deepseek-v4-flash",'
    '"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":\\"To"}}]},'
    '"finish_reason":null}]}\n'
    '\n'
    'data: {"id":"3f1c…","object":"chat.completion.chunk","created":1760000000,"model":"deepseek-v4-flash",'
    '"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"kyo\\"}"}}]},'
    '"finish_reason":null}]}\n'
    '\n'
    'data: {"id":"3f1c…","object":"chat.completion.chunk","created":1760000000,"model":"deepseek-v4-flash",'
    '"choices":[{"index":0,"delta":{"content":""},"finish_reason":"tool_calls"}]}\n'
    '\n'
    'data: {"id":"3f1c…","object":"chat.completion.chunk","created":1760000000,"model":"deepseek-v4-flash",'
    '"choices":[],"usage":{"prompt_tokens":120,"completion_tokens":40,"total_tokens":160,'
    '"prompt_cache_hit_tokens":64,"prompt_cache_miss_tokens":56,'
    '"completion_tokens_details":{"reasoning_tokens":25}}}\n'
    '\n'
    'data: [DONE]\n'
    '\n'
).encode()


def decode(*chunks: bytes) -> list[str]:
    decoder = SseDecoder()
    events: list[str] = []
    for chunk in chunks:
        events += decoder.feed(chunk)
    return events + decoder.close()


def test_deepseek_fixture() -> None:
    events = decode(A6)
    assert len(events) == 7
    assert events[-1] == "[DONE]"
    chunks = [json.loads(event) for event in events[:-1]]
    assert chunks[0]["choices"][0]["delta"]["reasoning_content"] == "Need weather"
    arguments = "".join(
        chunk["choices"][0]["delta"]["tool_calls"][0]["function"]["arguments"]
        for chunk in chunks[1:4]
    )
    assert json.loads(arguments) == {"city": "Tokyo"}
    assert chunks[5]["usage"]["total_tokens"] == 160


def test_events_are_returned_when_their_blank_line_arrives() -> None:
    decoder = SseDecoder()
    assert decoder.feed(b'data: {"a": 1}\n') == []
    assert decoder.feed(b"\n") == ['{"a": 1}']
    assert decoder.feed(b"data: [DONE]\n\n") == ["[DONE]"]
    assert decoder.close() == []


def test_comments_and_keep_alives_are_ignored() -> None:
    data = b": keep-alive\n\n: keep-alive\n\n:\n\ndata: x\n: comment inside an event\n\n"
    assert decode(data) == ["x"]


def test_multi_line_data_is_joined_with_newlines() -> None:
    assert decode(b"data: first\ndata: second\ndata:\ndata: fourth\n\n") == [
        "first\nsecond\n\nfourth"
    ]


def test_only_one_leading_space_is_stripped() -> None:
    assert decode(b"data:x\n\ndata:  two\n\ndata\n\n") == ["x", " two", ""]


def test_other_fields_are_ignored_and_events_without_data_are_not_dispatched() -> None:
    data = b"event: message\nid: 7\nretry: 1000\ndata: payload\n\nevent: ping\n\nid: 8\n\n"
    assert decode(data) == ["payload"]
    assert decode(b"datum: no\ndata : no either\n\n") == []


def test_blank_lines_between_events_dispatch_nothing() -> None:
    assert decode(b"\n\n\ndata: a\n\n\n\ndata: b\n\n\n") == ["a", "b"]


@pytest.mark.parametrize("ending", [b"\r\n", b"\r", b"\n"], ids=["crlf", "cr", "lf"])
def test_every_line_ending(ending: bytes) -> None:
    data = A6.replace(b"\n", ending)
    assert decode(data) == decode(A6)


def test_crlf_split_between_feeds_is_one_line_end() -> None:
    # A "\r" ending one chunk and the "\n" starting the next are one line end,
    # not an end plus a blank line that would cut the event in two.
    assert decode(b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n") == ["a\nb"]
    assert decode(b"data: a\r", b"", b"\ndata: b\r\n\r\n") == ["a\nb"]


def test_missing_final_blank_line_and_newline() -> None:
    assert decode(b"data: a\n\ndata: [DONE]\n") == ["a", "[DONE]"]
    assert decode(b"data: a\n\ndata: [DONE]") == ["a", "[DONE]"]
    assert decode(b"data: a\n\ndata: [DONE]\r") == ["a", "[DONE]"]
    assert decode(b": keep-alive") == []
    assert decode(b"") == []


@pytest.mark.parametrize("ending", [b"\r\n", b"\n"], ids=["crlf", "lf"])
def test_split_at_every_byte_position(ending: bytes) -> None:
    data = A6.replace(b"\n", ending)
    want = decode(data)
    for cut in range(len(data) + 1):
        assert decode(data[:cut], data[cut:]) == want, cut


def test_one_byte_at_a_time_with_multibyte_characters() -> None:
    data = "data: 你好\r\ndata: 👍🏽\r\n\r\ndata: é\r\r".encode()
    assert decode(*(data[i : i + 1] for i in range(len(data)))) == ["你好\n👍🏽", "é"]


def test_long_data_line_in_small_chunks() -> None:
    payload = json.dumps({"content": "长" * 2_000_000}, ensure_ascii=False)
    data = f"data: {payload}\n\ndata: [DONE]\n\n".encode()
    decoder = SseDecoder()
    events: list[str] = []
    for i in range(0, len(data), 4096):
        events += decoder.feed(data[i : i + 4096])
    assert events == [payload, "[DONE]"]


def test_invalid_utf8_raises_malformed_response() -> None:
    with pytest.raises(MalformedResponse, match="UTF-8"):
        decode(b"data: \xff\n\n")
    decoder = SseDecoder()
    decoder.feed(b"data: \xe4\xbd")
    with pytest.raises(MalformedResponse, match="UTF-8"):
        decoder.close()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=len(A6)), max_size=40),
    st.sampled_from([b"\n", b"\r\n", b"\r"]),
)
def test_any_split_decodes_like_one_piece(cuts: list[int], ending: bytes) -> None:
    data = A6.replace(b"\n", ending)
    assert decode(*chunked(data, cuts)) == decode(A6)
