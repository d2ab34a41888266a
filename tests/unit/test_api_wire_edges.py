"""Both clients against exact bytes on a real socket: the protocol's edge cases."""

from __future__ import annotations

import asyncio
import time
from contextlib import aclosing
from email.utils import formatdate

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ollamux.api.clients import make_client
from ollamux.api.errors import (
    AuthenticationError,
    ConnectTimeout,
    HostUnreachable,
    HTTPStatusError,
    IncompleteStream,
    MalformedResponse,
    ModelNotFound,
    RateLimited,
    Redirected,
    StreamError,
)
from ollamux.api.events import ChatRequest, Content, Done, Message, Thinking, ToolCalls
from ollamux.api.hosts import Host
from ollamux.api.transport import retry_after_text
from tests.rawserver import Canned, RawServer, ndjson

REQUEST = ChatRequest(model="qwen3", messages=(Message(role="user", content="hi"),))

A1 = ndjson(
    {"model": "qwen3", "message": {"role": "assistant", "content": "", "thinking": "Okay"}, "done": False},
    {"model": "qwen3", "message": {"role": "assistant", "content": "Hi", "thinking": "."}, "done": False},
    {
        "model": "qwen3", "message": {"role": "assistant", "content": "!"}, "done": True,
        "done_reason": "stop", "total_duration": 182242375, "load_duration": 41295167,
        "prompt_eval_count": 169, "prompt_eval_duration": 24573166,
        "eval_count": 15, "eval_duration": 115959084,
    },
)


async def collect(client, request=REQUEST):
    async with aclosing(client.chat(request)) as events:
        return [event async for event in events]


def texts(events, kind):
    return "".join(e.text for e in events if isinstance(e, kind))


async def chat_against(*replies: Canned, kind="ollama", api_key=None):
    async with RawServer(*replies) as server:
        client = make_client(Host("t", server.url, kind, api_key))
        try:
            return await collect(client), server
        finally:
            await client.aclose()


async def test_thinking_then_answer_and_text_on_the_final_line():
    events, _ = await chat_against(Canned(chunks=[A1]))
    assert texts(events, Thinking) == "Okay."
    assert texts(events, Content) == "Hi!"
    done = events[-1]
    assert isinstance(done, Done)
    assert done.stats.generated_tokens == 15
    assert done.stats.prompt_tokens == 169
    assert done.stats.tokens_per_second == pytest.approx(15 / 0.115959084)
    assert done.stats.load_seconds == pytest.approx(0.041295167)


async def test_utf8_and_lines_split_across_tcp_writes_without_final_newline():
    body = A1.rstrip(b"\n").replace(b'"Hi"', '"你好🙂"'.encode())
    cut = body.index("你".encode()) + 1  # in the middle of a 3-byte character
    events, _ = await chat_against(Canned(chunks=[body[:cut], body[cut:cut + 5], body[cut + 5:]]))
    assert texts(events, Content) == "你好🙂!"
    assert isinstance(events[-1], Done)


async def test_error_line_inside_the_stream_keeps_the_text_before_it():
    lines = ndjson(
        {"model": "g", "message": {"role": "assistant", "content": " Yes"}, "done": False},
        {"error": "model runner has unexpectedly stopped, this may be due to resource limitations"},
    )
    seen = []
    async with RawServer(Canned(chunks=[lines])) as server:
        client = make_client(Host("t", server.url))
        with pytest.raises(StreamError) as caught:
            async for event in client.chat(REQUEST):
                seen.append(event)
        await client.aclose()
    assert texts(seen, Content) == " Yes"
    assert "unexpectedly stopped" in caught.value.message
    assert "num_ctx" in caught.value.hint


async def test_stream_cut_before_done_is_incomplete():
    lines = ndjson({"model": "g", "message": {"role": "assistant", "content": "partial"}, "done": False})
    with pytest.raises(IncompleteStream):
        await chat_against(Canned(chunks=[lines]))


async def test_malformed_line_names_what_came():
    with pytest.raises(MalformedResponse) as caught:
        await chat_against(Canned(chunks=[b'{"model": "g", "message": \n']))
    assert '{"model": "g"' in caught.value.message


@pytest.mark.parametrize(
    ("status", "content_type", "body", "error_type", "in_message"),
    [
        (404, "application/json", b'{"error":"model \'qwen3\' not found"}', ModelNotFound, "not found"),
        (404, "text/plain", b"404 page not found", HTTPStatusError, "404 page not found"),
        (502, "text/html", b"<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>",
         HTTPStatusError, "502 Bad Gateway"),
        (401, "application/json", b'{"error":"unauthorized","signin_url":"https://x"}',
         AuthenticationError, "unauthorized"),
        (403, "text/plain", b"", HTTPStatusError, "forbidden"),
        (429, "application/json", b'{"error":"you\'ve reached your hourly usage limit"}', RateLimited, "usage limit"),
        (503, "application/json", b'{"error":"server busy, please try again.  maximum pending requests exceeded"}',
         HTTPStatusError, "server busy"),
        (500, "application/json", b'{"error":"option \\"stop\\" must be of type array"}', HTTPStatusError, "stop"),
    ],
)
async def test_error_statuses_carry_the_server_message(status, content_type, body, error_type, in_message):
    with pytest.raises(error_type) as caught:
        await chat_against(Canned(status=status, content_type=content_type, chunks=[body]))
    assert in_message in caught.value.message
    assert caught.value.status == status


async def test_model_not_found_offers_a_pull_and_quota_is_not_retried():
    with pytest.raises(ModelNotFound) as caught:
        await chat_against(Canned(status=404, content_type="application/json",
                                  chunks=[b'{"error":"model \'qwen3\' not found"}']))
    assert "pull qwen3" in caught.value.hint
    with pytest.raises(RateLimited) as limited:
        await chat_against(Canned(status=402, content_type="application/json",
                                  chunks=[b'{"error":{"message":"Insufficient Balance"}}']), kind="openai")
    assert limited.value.quota
    assert "Insufficient Balance" in limited.value.message


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("kind", ["ollama", "openai"])
@pytest.mark.parametrize(
    ("location", "shown"),
    [
        ("https://login.example.com/sso?next=/api/chat", "https://login.example.com/sso?next=/api/chat"),
        ("/login", "/login"),  # a path: shown as a whole address on the same server
        ("", "without saying where"),
    ],
)
async def test_a_redirect_says_where_it_points_and_is_not_followed(status, kind, location, shown):
    headers = {"Location": location} if location else {}
    async with RawServer(Canned(status=status, content_type="text/html", headers=headers,
                                chunks=[b"<a href='/login'>moved</a>"])) as server:
        base = server.url
        client = make_client(Host("t", base, kind))
        with pytest.raises(Redirected) as caught:
            await collect(client)
        await client.aclose()
    assert caught.value.status == status
    assert "redirected" in caught.value.message and shown in caught.value.message
    if location.startswith("/"):
        assert f"{base}/login" in caught.value.message
    assert "connection closed" not in caught.value.message
    assert len(server.received) == 1  # not followed


@pytest.mark.parametrize(("kind", "path"), [("ollama", "/api/tags"), ("openai", "/models")])
async def test_a_404_not_about_a_model_says_the_url_may_be_wrong(kind, path):
    """A web server, or the wrong port or path: "HTTP 404" alone would leave the user guessing."""
    async with RawServer(Canned(status=404, content_type="text/plain", chunks=[b"404 page not found"])) as server:
        url = server.url
        client = make_client(Host("t", url, kind))
        with pytest.raises(HTTPStatusError) as caught:
            await client.list_models()
        await client.aclose()
    assert caught.value.status == 404
    assert f"Nothing answers at {url}" in caught.value.hint and path in caught.value.hint
    assert "--openai" in caught.value.hint and "--host" in caught.value.hint


async def test_a_chat_sent_to_a_path_the_server_lacks_is_not_taken_for_a_missing_model():
    """Go answers every unknown path "404 page not found": an OpenAI base URL without its /v1, say."""
    with pytest.raises(HTTPStatusError) as caught:
        await chat_against(Canned(status=404, content_type="text/plain", chunks=[b"404 page not found"]), kind="openai")
    assert not isinstance(caught.value, ModelNotFound)
    assert "Nothing answers at" in caught.value.hint and "/chat/completions" in caught.value.hint


async def test_a_redirect_on_a_listing_is_reported_too():
    async with RawServer(Canned(status=302, content_type="text/plain",
                                headers={"Location": "http://elsewhere:8080/api/tags"})) as server:
        client = make_client(Host("t", server.url))
        with pytest.raises(Redirected) as caught:
            await client.list_models()
        await client.aclose()
    assert "http://elsewhere:8080/api/tags" in caught.value.message


@pytest.mark.parametrize(
    ("retry_after", "shown"),
    [("30", "30 s"), ("1", "1 s"), ("600", "10 min"), ("7200", "2 h")],
)
async def test_a_429_shows_how_long_the_server_asks_to_wait(retry_after, shown):
    with pytest.raises(RateLimited) as caught:
        await chat_against(Canned(status=429, content_type="application/json",
                                  headers={"Retry-After": retry_after},
                                  chunks=[b'{"error":"too many requests"}']))
    assert f"wait {shown} " in caught.value.hint
    assert "too many requests" in caught.value.message


async def test_a_429_retry_after_as_a_date_is_shown_as_a_wait():
    when = formatdate(time.time() + 300, usegmt=True)
    with pytest.raises(RateLimited) as caught:
        await chat_against(Canned(status=429, content_type="text/plain",
                                  headers={"Retry-After": when}, chunks=[b"slow down"]))
    assert "wait 5 min" in caught.value.hint or "wait 6 min" in caught.value.hint


@given(st.one_of(st.integers(0, 10**12).map(str), st.text(max_size=40)))
def test_retry_after_text_never_fails_and_is_short(value):
    text = retry_after_text(value, now=1_700_000_000.0)
    assert len(text) < 20
    if value.strip().isascii() and value.strip().isdigit():  # what HTTP calls seconds
        assert text


def test_retry_after_dates_count_from_now():
    assert retry_after_text("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480.0 - 45) == "45 s"
    assert retry_after_text("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480.0 + 45) == "0 s"
    assert retry_after_text("soon") == ""
    assert retry_after_text("Wed, 21 Oct 2015 07:28:00") == ""  # no zone: not an HTTP date


async def test_html_page_with_status_200_is_not_taken_for_a_stream():
    page = b"<html><title>Hotel WiFi login</title></html>"
    with pytest.raises(MalformedResponse) as caught:
        await chat_against(Canned(content_type="text/html", chunks=[page]))
    assert "Hotel WiFi login" in caught.value.message


async def test_stopping_closes_the_connection_so_the_server_stops():
    first = ndjson({"model": "g", "message": {"role": "assistant", "content": "tick"}, "done": False})
    async with RawServer(Canned(chunks=[first], hold_open=True)) as server:
        client = make_client(Host("t", server.url))

        async def consume():
            async for _ in client.chat(REQUEST):
                pass

        task = asyncio.create_task(consume())
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await asyncio.wait_for(server.disconnected.wait(), 2)
        await client.aclose()


async def test_refused_connection_names_the_url():
    async with RawServer() as server:
        url = server.url
    client = make_client(Host("t", url))
    with pytest.raises(HostUnreachable) as caught:
        await collect(client)
    assert url in caught.value.message
    assert "refused" in caught.value.message
    await client.aclose()


async def test_tls_against_a_plain_server_is_reported_as_tls():
    async def plain_http(reader, writer):
        writer.write(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(plain_http, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    client = make_client(Host("t", f"https://127.0.0.1:{port}"))
    with pytest.raises(HostUnreachable) as caught:
        await collect(client)
    await client.aclose()
    server.close()
    assert "TLS failed" in caught.value.message


@pytest.mark.parametrize(
    ("raised", "error_type", "words"),
    [
        (httpx.ConnectError("[Errno -2] Name or service not known"), HostUnreachable, "host name not found"),
        (httpx.ConnectTimeout("timed out"), ConnectTimeout, "no answer within"),
    ],
)
async def test_dns_failure_and_connect_timeout(raised, error_type, words):
    def fail(request):
        raise raised

    client = make_client(Host("t", "http://gpu-box:11434"), transport=httpx.MockTransport(fail))
    with pytest.raises(error_type) as caught:
        await collect(client)
    assert words in caught.value.message
    assert "gpu-box" in caught.value.message
    await client.aclose()


DEEPSEEK_A6 = (
    b': keep-alive\n'
    b'\n'
    b'data: {"id":"3f1c","object":"chat.completion.chunk","model":"deepseek-v4-flash","choices":[{"index":0,'
    b'"delta":{"role":"assistant","content":null,"reasoning_content":"Need weather"},"finish_reason":null}]}\n'
    b'\n'
    b'data: {"id":"3f1c","object":"chat.completion.chunk","model":"deepseek-v4-flash","choices":[{"index":0,'
    b'"delta":{"tool_calls":[{"index":0,"id":"call_0_ab","type":"function","function":{"name":"get_weather",'
    b'"arguments":""}}]},"finish_reason":null}]}\n'
    b'\n'
    b'data: {"id":"3f1c","object":"chat.completion.chunk","model":"deepseek-v4-flash","choices":[{"index":0,'
    b'"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":\\"To"}}]},"finish_reason":null}]}\n'
    b'\n'
    b'data: {"id":"3f1c","object":"chat.completion.chunk","model":"deepseek-v4-flash","choices":[{"index":0,'
    b'"delta":{"tool_calls":[{"index":0,"function":{"arguments":"kyo\\"}"}}]},"finish_reason":null}]}\n'
    b'\n'
    b'data: {"id":"3f1c","object":"chat.completion.chunk","model":"deepseek-v4-flash","choices":[{"index":0,'
    b'"delta":{"content":""},"finish_reason":"tool_calls"}]}\n'
    b'\n'
    b'data: {"id":"3f1c","object":"chat.completion.chunk","model":"deepseek-v4-flash","choices":[],'
    b'"usage":{"prompt_tokens":120,"completion_tokens":40,"total_tokens":160}}\n'
    b'\n'
    b'data: [DONE]\n'
    b'\n'
)


async def test_deepseek_stream_with_keepalive_reasoning_fragmented_tools_and_usage():
    events, server = await chat_against(
        Canned(content_type="text/event-stream", chunks=[DEEPSEEK_A6[:70], DEEPSEEK_A6[70:]]),
        kind="openai", api_key="sk-test-123",
    )
    assert texts(events, Thinking) == "Need weather"
    (calls,) = [e for e in events if isinstance(e, ToolCalls)]
    assert calls.calls[0].name == "get_weather"
    assert calls.calls[0].arguments == {"city": "Tokyo"}
    assert calls.calls[0].id == "call_0_ab"
    done = events[-1]
    assert isinstance(done, Done)
    assert (done.stats.prompt_tokens, done.stats.generated_tokens) == (120, 40)
    assert done.stats.done_reason == "tool_calls"
    request = server.received[0]
    assert request.path.endswith("/chat/completions")
    assert request.headers["authorization"] == "Bearer sk-test-123"
    assert request.json()["stream_options"] == {"include_usage": True}


async def test_openai_stream_without_done_or_finish_is_incomplete():
    chunk = (
        b'data: {"choices":[{"index":0,"delta":{"content":"Hel"}}]}\n\n'
        b'data: {"model":"","choices":[{"index":0,"delta":{"content":""}}]}\n\n'
    )
    with pytest.raises(IncompleteStream):
        await chat_against(Canned(content_type="text/event-stream", chunks=[chunk]), kind="openai")


async def test_openai_inline_think_tags_are_split_when_no_reasoning_field():
    body = (
        b'data: {"choices":[{"index":0,"delta":{"content":"<th"}}]}\n\n'
        b'data: {"choices":[{"index":0,"delta":{"content":"ink>plan</think>\\n\\nAnswer"}}]}\n\n'
        b'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n'
    )
    events, _ = await chat_against(Canned(content_type="text/event-stream", chunks=[body]), kind="openai")
    assert texts(events, Thinking) == "plan"
    assert texts(events, Content) == "Answer"


async def test_openai_unknown_model_gives_no_pull_hint_and_no_key_is_sent_without_one():
    body = b'{"error":{"message":"Model Not Exist","type":"invalid_request_error","param":null,"code":null}}'
    async with RawServer(Canned(status=400, content_type="application/json", chunks=[body])) as server:
        client = make_client(Host("t", server.url, "openai"))
        with pytest.raises(ModelNotFound) as caught:
            await collect(client)
        await client.aclose()
    assert "pull" not in caught.value.hint.lower()
    assert "authorization" not in server.received[0].headers


async def test_openai_model_list_may_be_null():
    async with RawServer(Canned(content_type="application/json", chunks=[b'{"object":"list","data":null}'])) as server:
        client = make_client(Host("t", server.url + "/v1", "openai"))
        assert await client.list_models() == []
        await client.aclose()
    assert server.received[0].path == "/v1/models"
