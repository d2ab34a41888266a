"""The simulator's tool-calling model and the tool wire of both APIs.

What a test of the tool loop relies on: which tool tool-model calls for a prompt,
with which arguments, what it says once given results, and that Ollama's two
wire shapes (native objects, /v1 JSON strings and call ids) both round-trip
through ollamux's own clients and the official `ollama` package.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import aclosing
from typing import Any

import httpx
import ollama
import pytest

from ollamux.api.events import ChatEvent, ChatRequest, Content, Done, Message, ToolCalls
from ollamux.api.hosts import Host
from ollamux.api.ollama import OllamaClient
from ollamux.api.openai import OpenAIClient
from ollamux.sim import SimServer
from ollamux.sim.tool_picking import Pick, fill_arguments, pick_calls

pytest_plugins = ["tests.sim_fixtures"]

HTTP = httpx.Client(timeout=10)


@pytest.fixture(scope="module", autouse=True)
def _close_http() -> Iterator[None]:
    yield
    HTTP.close()


def tool(name: str, properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    parameters = {"type": "object", "properties": properties, "required": list(required)}
    return {"type": "function", "function": {"name": name, "description": name, "parameters": parameters}}


NUMBER = {"type": "number"}
STRING = {"type": "string"}
ADD = tool("add", {"a": NUMBER, "b": NUMBER}, ("a", "b"))
WEATHER = tool("get_weather", {"city": STRING}, ("city",))
NEEDS_OBJECT = tool("configure", {"settings": {"type": "object"}}, ("settings",))
NEEDS_UNKNOWN = tool("mystery", {}, ("what",))


def user(text: str) -> list[dict[str, Any]]:
    return [{"role": "user", "content": text}]


def native(server: SimServer, messages: list[dict[str, Any]], tools: list[Any], **body: Any) -> dict[str, Any]:
    response = HTTP.post(f"{server.url}/api/chat", json={
        "model": "tool-model", "messages": messages, "tools": tools, "stream": False} | body)
    assert response.status_code == 200, response.text
    return response.json()["message"]


def v1(server: SimServer, messages: list[dict[str, Any]], **body: Any) -> httpx.Response:
    return HTTP.post(f"{server.url}/v1/chat/completions",
                     json={"model": "tool-model", "messages": messages} | body)


# Which call, with which arguments (pure functions: no server)


def test_the_prompt_fills_the_arguments() -> None:
    assert pick_calls([WEATHER, ADD], "add 2 and 40", every=False) == [Pick("add", {"a": 2, "b": 40})]
    assert pick_calls([ADD, WEATHER], "What's the weather in Paris?", every=False) == [
        Pick("get_weather", {"city": "Paris"})]
    # Neither tool named: the first offered, with sample values where the prompt has none.
    assert pick_calls([WEATHER, ADD], "Tell me something", every=False) == [
        Pick("get_weather", {"city": "Tokyo"})]


def test_a_tool_it_cannot_fill_is_skipped() -> None:
    assert pick_calls([NEEDS_OBJECT, NEEDS_UNKNOWN, WEATHER], "hi", every=False) == [
        Pick("get_weather", {"city": "Tokyo"})]
    assert pick_calls([NEEDS_OBJECT, NEEDS_UNKNOWN], "hi", every=True) == []


@pytest.mark.parametrize(("properties", "required", "text", "expected"), [
    ({"text": STRING}, ("text",), 'count the words in "the quick brown fox"', {"text": "the quick brown fox"}),
    ({"n": {"type": "integer"}, "x": NUMBER}, (), "roll 7.6 then 2.5", {"n": 8, "x": 2.5}),
    ({"unit": {"type": "string", "enum": ["celsius", "kelvin"]}}, ("unit",), "in Kelvin please",
     {"unit": "kelvin"}),
    ({"unit": {"enum": ["celsius", "kelvin"]}}, ("unit",), "hot?", {"unit": "celsius"}),
    ({"values": {"type": "array", "items": NUMBER}}, ("values",), "sum 1, 2 and 3", {"values": [1, 2, 3]}),
    ({"tags": {"type": "array", "items": STRING}}, ("tags",), "tag it", {"tags": ["Tokyo"]}),
    ({"flag": {"type": "boolean"}, "limit": {"type": ["integer", "null"]}}, ("flag",), "go",
     {"flag": True, "limit": 3}),
    # An optional property it cannot fill is left out; a required one makes the tool unfillable.
    ({"city": STRING, "extra": {"type": "object"}}, ("city",), "I like Lisbon", {"city": "Lisbon"}),
    ({"city": STRING, "extra": {"type": "object"}}, ("extra",), "anything", None),
    ({"grid": {"type": "array", "items": {"type": "array", "items": NUMBER}}}, ("grid",), "1 2", None),
])
def test_filling_schemas(properties: dict[str, Any], required: tuple[str, ...], text: str,
                         expected: dict[str, Any] | None) -> None:
    schema = {"type": "object", "properties": properties, "required": list(required)}
    assert fill_arguments(schema, text) == expected


# Over the native wire


def test_every_tool_in_one_turn_with_distinct_ids(sim: SimServer) -> None:
    tools = [ADD, NEEDS_OBJECT, WEATHER]
    calls = native(sim, user("use every tool on 2 and 40"), tools)["tool_calls"]
    assert [call["function"]["name"] for call in calls] == ["add", "get_weather"]
    assert [call["function"]["index"] for call in calls] == [0, 1]
    assert len({call["id"] for call in calls}) == 2
    # Deterministic: the same conversation gets the same calls, ids included.
    assert native(sim, user("use every tool on 2 and 40"), tools)["tool_calls"] == calls


def test_no_fillable_tool_is_said_in_prose(sim: SimServer) -> None:
    message = native(sim, user("hi"), [NEEDS_OBJECT])
    assert "tool_calls" not in message
    assert "configure" in message["content"] and "cannot fill" in message["content"]


def test_several_results_one_line_each(sim: SimServer) -> None:
    calls = native(sim, user("all tools: 2 and 40 in Oslo"), [ADD, WEATHER])["tool_calls"]
    history = [*user("all tools: 2 and 40 in Oslo"), {"role": "assistant", "content": "", "tool_calls": calls},
               {"role": "tool", "content": "42", "tool_name": "add"},
               {"role": "tool", "content": "Sunny,\n18 °C", "tool_call_id": calls[1]["id"]}]
    answer = native(sim, history, [ADD, WEATHER])["content"]
    assert answer.splitlines()[-2:] == ["- `add`: 42", "- `get_weather`: Sunny, 18 °C"]


def test_keep_calling_calls_after_every_result(sim: SimServer) -> None:
    history = user("keep calling add with 1 and 1")
    ids = []
    for _ in range(3):
        calls = native(sim, history, [ADD])["tool_calls"]
        ids.append(calls[0]["id"])
        history += [{"role": "assistant", "content": "", "tool_calls": calls},
                    {"role": "tool", "content": "2", "tool_name": "add"}]
    assert len(set(ids)) == 3


def test_a_declined_call_is_not_used(sim: SimServer) -> None:
    calls = native(sim, user("keep calling add"), [ADD])["tool_calls"]
    history = [*user("keep calling add"), {"role": "assistant", "content": "", "tool_calls": calls},
               {"role": "tool", "content": "The user declined this call.", "tool_name": "add"}]
    message = native(sim, history, [ADD])
    assert "tool_calls" not in message
    assert message["content"].startswith("I could not use `add`")


def test_native_arguments_must_be_an_object(sim: SimServer) -> None:
    call = {"function": {"name": "add", "arguments": '{"a": 1}'}}
    history = [*user("add"), {"role": "assistant", "content": "", "tool_calls": [call]}]
    response = HTTP.post(f"{sim.url}/api/chat", json={"model": "tool-model", "messages": history})
    assert response.status_code == 400
    assert "ToolCallFunction.messages.tool_calls.function.arguments" in response.json()["error"]


# Over /v1


def test_v1_call_ids_and_results_by_id(sim: SimServer) -> None:
    reply = v1(sim, user("add 2 and 40"), tools=[ADD]).json()
    choice = reply["choices"][0]
    assert choice["finish_reason"] == "tool_calls"
    call = choice["message"]["tool_calls"][0]
    assert call["id"].startswith("call_") and json.loads(call["function"]["arguments"]) == {"a": 2, "b": 40}
    # A result named only by its call's id, as OpenAI clients send it.
    history = [*user("add 2 and 40"), {"role": "assistant", "content": None, "tool_calls": [call]},
               {"role": "tool", "content": "42", "tool_call_id": call["id"]}]
    answer = v1(sim, history, tools=[ADD]).json()["choices"][0]
    assert answer["finish_reason"] == "stop"
    assert answer["message"]["content"] == "According to `add`, the answer is: **42**."
    # Or named by `name`, with no id at all.
    history[-1] = {"role": "tool", "content": "42", "name": "sum"}
    assert "`sum`" in v1(sim, history).json()["choices"][0]["message"]["content"]


@pytest.mark.parametrize(("messages", "tools", "error"), [
    (user("hi"), [WEATHER], "registry.ollama.ai/library/deepseek-r1:7b does not support tools"),
    ([{"role": "user", "content": None}], None, "invalid message content type: <nil>"),
    ([*user("hi"), {"role": "assistant", "tool_calls": [
        {"id": "c", "type": "function", "function": {"name": "add", "arguments": "{nope"}}]}],
     None, "invalid tool call arguments"),
    (user("hi"), {"type": "function"}, "json: cannot unmarshal object into Go struct field "
                                       "ChatCompletionRequest.tools of type []api.Tool"),
])
def test_v1_refusals(sim: SimServer, messages: list[dict[str, Any]], tools: Any, error: str) -> None:
    response = v1(sim, messages, model="deepseek-r1:7b" if tools == [WEATHER] else "tool-model", tools=tools)
    assert response.status_code == 400
    assert response.json()["error"]["message"] == error


# Through ollamux's own clients, both wires, streamed


async def _reply(client: OllamaClient | OpenAIClient, messages: tuple[Message, ...]) -> list[ChatEvent]:
    request = ChatRequest(model="tool-model", messages=messages, tools=(ADD, WEATHER))
    async with aclosing(client.chat(request)) as events:
        return [event async for event in events]


@pytest.mark.parametrize("kind", ["ollama", "openai"])
async def test_round_trip_through_ollamux_clients(sim: SimServer, kind: str) -> None:
    url = sim.url + ("/v1" if kind == "openai" else "")
    client = OllamaClient(Host("sim", sim.url)) if kind == "ollama" else OpenAIClient(Host("sim", url, "openai"))
    try:
        prompt = Message(role="user", content="all tools: 2 and 40 in Oslo")
        first = await _reply(client, (prompt,))
        calls = [call for event in first if isinstance(event, ToolCalls) for call in event.calls]
        assert [(call.name, call.arguments) for call in calls] == [
            ("add", {"a": 2, "b": 40}), ("get_weather", {"city": "Oslo"})]
        assert all(call.id and call.id.startswith("call_") for call in calls)
        assert isinstance(first[-1], Done) and first[-1].stats.done_reason in ("stop", "tool_calls")
        # Results as the tool loop sends them: the call's id, and (native) the tool's name.
        results = tuple(Message(role="tool", content=text, tool_name=call.name, tool_call_id=call.id)
                        for call, text in zip(calls, ["42", "Rain"], strict=True))
        history = (prompt, Message(role="assistant", content="", tool_calls=tuple(calls)), *results)
        second = await _reply(client, history)
        text = "".join(event.text for event in second if isinstance(event, Content))
        assert text.splitlines()[-2:] == ["- `add`: 42", "- `get_weather`: Rain"]
    finally:
        await client.aclose()


# Through the official client


def test_official_client_tools_and_a_tool_message(sim: SimServer) -> None:
    def add(a: int, b: int) -> int:
        """Add two integers.

        Args:
            a: The first number
            b: The second number
        """
        return a + b

    api = ollama.Client(host=sim.url)
    messages: list[Any] = [{"role": "user", "content": "add 2 and 40"}]
    reply = api.chat("tool-model", messages=messages, tools=[add, WEATHER])
    assert reply.message.tool_calls
    call = reply.message.tool_calls[0]
    assert (call.function.name, dict(call.function.arguments)) == ("add", {"a": 2, "b": 40})
    messages += [reply.message, {"role": "tool", "content": str(add(**call.function.arguments)),
                                 "tool_name": call.function.name}]
    parts = list(api.chat("tool-model", messages=messages, tools=[add, WEATHER], stream=True))
    assert "".join(part.message.content or "" for part in parts) == "According to `add`, the answer is: **42**."
    assert not any(part.message.tool_calls for part in parts)


def test_no_tools_offered_still_calls_get_weather(sim: SimServer) -> None:
    """Small models call tools nobody offered; the tool loop must cope (an unknown tool)."""
    call = native(sim, user("hi"), [])["tool_calls"][0]
    assert call["function"]["name"] == "get_weather" and call["function"]["arguments"] == {"city": "Tokyo"}
