"""NdjsonDecoder: lines and characters split anywhere, long lines, bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ollamux.api.errors import MalformedResponse
from ollamux.api.ndjson import NdjsonDecoder
from tests.chunks import chunked

# protocol.md Appendix A: A1 (thinking then content), A2 (mid-stream error),
# A3 (tool call then final chunk).
A1 = (
    b'{"model":"qwen3","created_at":"2025-12-08T06:23:02.518809Z","message":{"role":"assistant","content":"","thinking":"Okay"},"done":false}\n'
    b'{"model":"qwen3","created_at":"2025-12-08T06:23:02.562574Z","message":{"role":"assistant","content":"Hi","thinking":"."},"done":false}\n'
    b'{"model":"qwen3","created_at":"2025-12-08T06:23:02.600000Z","message":{"role":"assistant","content":"!"},"done":true,"done_reason":"stop","total_duration":182242375,"load_duration":41295167,"prompt_eval_count":169,"prompt_eval_duration":24573166,"eval_count":15,"eval_duration":115959084}\n'
)
A2 = (
    b'{"model":"gemma4","created_at":"2025-10-26T17:21:21.196249Z","message":{"role":"assistant",'
    b'"content":" Yes"},"done":false}\n'
    b'{"error":"model runner has unexpectedly stopped,'
    b' this may be due to resource limitations or an internal error, check ollama server logs for details"}\n'
)
A3 = (
    b'{"model":"llama3.2","created_at":"2025-07-07T20:22:19.184789Z","message":{"role":"assistant","content":"","tool_calls":[{"id":"call_k3j2h1g0","function":{"index":0,"name":"get_weather","arguments":{"city":"Tokyo"}}}]},"done":false}\n'
    b'{"model":"llama3.2","created_at":"2025-07-07T20:22:19.19314Z","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"total_duration":182242375,"load_duration":41295167,"prompt_eval_count":169,"prompt_eval_duration":24573166,"eval_count":15,"eval_duration":115959084}\n'
)

# Multi-byte characters, written raw (ensure_ascii=False) so their bytes can be split.
UNICODE_LINES = (
    json.dumps({"message": {"content": "你好，世界"}}, ensure_ascii=False).encode()
    + b"\n"
    + json.dumps({"message": {"content": "ok 👍🏽 é"}}, ensure_ascii=False).encode()
    + b"\n"
)


def decode(*chunks: bytes) -> list[Any]:
    decoder = NdjsonDecoder()
    values: list[Any] = []
    for chunk in chunks:
        values += decoder.feed(chunk)
    return values + decoder.close()


def expected(data: bytes) -> list[Any]:
    return [json.loads(line) for line in data.splitlines() if line.strip()]


def test_fixture_lines_decode_in_one_piece() -> None:
    values = decode(A1)
    assert [v["message"].get("thinking") for v in values] == ["Okay", ".", None]
    assert values[-1]["done"] is True
    assert decode(A2)[1]["error"].startswith("model runner has unexpectedly stopped")
    assert decode(A3)[0]["message"]["tool_calls"][0]["function"]["arguments"] == {"city": "Tokyo"}


def test_feed_returns_values_as_soon_as_each_line_completes() -> None:
    decoder = NdjsonDecoder()
    assert decoder.feed(b'{"a": 1}\n{"b"') == [{"a": 1}]
    assert decoder.feed(b": 2}") == []
    assert decoder.feed(b"\n") == [{"b": 2}]
    assert decoder.close() == []


@pytest.mark.parametrize("data", [A1, UNICODE_LINES], ids=["A1", "unicode"])
def test_split_at_every_byte_position(data: bytes) -> None:
    want = expected(data)
    for cut in range(len(data) + 1):
        assert decode(data[:cut], data[cut:]) == want, cut


def test_one_byte_at_a_time() -> None:
    data = UNICODE_LINES + A2
    assert decode(*(data[i : i + 1] for i in range(len(data)))) == expected(data)


def test_multibyte_character_split_inside_its_bytes() -> None:
    line = '{"t": "🙂"}\n'.encode()
    emoji_start = line.index("🙂".encode())
    decoder = NdjsonDecoder()
    assert decoder.feed(line[: emoji_start + 2]) == []
    assert decoder.feed(line[emoji_start + 2 :]) == [{"t": "🙂"}]


def test_last_line_without_newline_comes_from_close() -> None:
    decoder = NdjsonDecoder()
    assert decoder.feed(b'{"a": 1}\n{"done": true}') == [{"a": 1}]
    assert decoder.close() == [{"done": True}]


def test_blank_lines_and_crlf_are_tolerated() -> None:
    data = b'\n\r\n{"a": 1}\r\n   \r\n\n{"b": 2}\r\n\t\n'
    assert decode(data) == [{"a": 1}, {"b": 2}]
    assert decode(b'{"a": 1}\r') == [{"a": 1}]
    assert decode(b"\n  \n") == []
    assert decode(b"") == []


def test_non_object_values_are_returned_as_they_are() -> None:
    assert decode(b'[1, 2]\n"text"\n3\nnull\ntrue\n') == [[1, 2], "text", 3, None, True]


def test_leading_byte_order_mark_is_ignored() -> None:
    assert decode(b"\xef\xbb", b'\xbf{"a": 1}\n') == [{"a": 1}]


def test_multi_megabyte_line_in_small_chunks() -> None:
    # A final /api/generate chunk with a huge `context`; must not be quadratic.
    payload = {"context": list(range(700_000)), "text": "末尾 🙂", "done": True}
    data = json.dumps(payload, ensure_ascii=False).encode() + b"\n" + b'{"after": 1}\n'
    assert len(data) > 5_000_000
    chunks = [data[i : i + 4096] for i in range(0, len(data), 4096)]
    decoder = NdjsonDecoder()
    values: list[Any] = []
    for chunk in chunks:
        values += decoder.feed(chunk)
    assert values == [payload, {"after": 1}]


def test_invalid_json_raises_with_a_short_excerpt() -> None:
    page = "<html><head><title>502 Bad Gateway</title></head>" + "x" * 10_000 + "</html>"
    with pytest.raises(MalformedResponse) as caught:
        decode(b'{"ok": 1}\n' + page.encode() + b"\n")
    detail = caught.value.detail
    assert "<html><head><title>502 Bad Gateway" in detail
    assert len(detail) < 250
    assert "Malformed reply" in str(caught.value)
    assert caught.value.hint


def test_invalid_json_in_the_last_line_raises_at_close() -> None:
    decoder = NdjsonDecoder()
    assert decoder.feed(b'{"ok": 1}\n{"trunc') == [{"ok": 1}]
    with pytest.raises(MalformedResponse, match="trunc"):
        decoder.close()


def test_a_line_that_only_looks_like_one_object_is_malformed() -> None:
    # Read without json.loads when it starts and ends as an object: still whole or refused.
    assert decode(b'{"a": "}"}\r\n {"b": 1} \n') == [{"a": "}"}, {"b": 1}]
    for line in (b'{"a": 1}{"b": 2}', b'{"a": 1} , {"b": 2}', b'{"a": {"b": 1}'):
        with pytest.raises(MalformedResponse):
            decode(line + b"\n")


def test_valid_json_that_python_refuses_is_malformed_not_a_crash() -> None:
    with pytest.raises(MalformedResponse):
        decode(b"[" * 100_000 + b"]" * 100_000 + b"\n")
    with pytest.raises(MalformedResponse):
        decode(b"1" * 5000 + b"\n")  # beyond int()'s default digit limit


def test_invalid_utf8_raises_malformed_response() -> None:
    with pytest.raises(MalformedResponse, match="UTF-8"):
        decode(b'{"a": "\xff\xfe"}\n')
    with pytest.raises(MalformedResponse, match="UTF-8"):
        decode(b'{"a": "\xc3\x28"}\n')  # a lead byte followed by a non-continuation


def test_stream_ending_inside_a_character_raises_at_close() -> None:
    decoder = NdjsonDecoder()
    assert decoder.feed(b'{"a": 1}\n{"b": "\xe4\xbd') == [{"a": 1}]
    with pytest.raises(MalformedResponse, match="UTF-8"):
        decoder.close()


RECORDED = A1 + A2 + A3 + UNICODE_LINES


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(RECORDED)), max_size=40))
def test_any_split_decodes_like_one_piece(cuts: list[int]) -> None:
    assert decode(*chunked(RECORDED, cuts)) == decode(RECORDED)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=len(RECORDED)), max_size=40),
    st.booleans(),
)
def test_any_split_with_crlf_and_no_final_newline(cuts: list[int], crlf: bool) -> None:
    data = RECORDED.replace(b"\n", b"\r\n") if crlf else RECORDED
    data = data.rstrip(b"\r\n")
    assert decode(*chunked(data, cuts)) == expected(RECORDED)
