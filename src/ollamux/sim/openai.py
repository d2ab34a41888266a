"""Ollama's OpenAI-compatible `/v1` endpoints, as of v0.32.6+ (chunk-for-chunk shapes).

Differences from native that clients must cope with, all reproduced here:
`stream` defaults to false; reasoning arrives in `delta.reasoning`; the role is on
the first chunk only; finish_reason has its own chunk with an empty delta; tool
call arguments are a JSON string; a mid-stream error becomes one empty delta and
the stream ends without finish_reason or `[DONE]`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from .chat import find_model, make_turn
from .context import SimContext
from .exchange import SSE_TYPE, Exchange
from .generation import Event, Finish, Turn, generate
from .scripts import Chunk, Fault
from .validate import RequestError, check_tools, expect_type, native_tool_fields, parse_body
from .vision import base64_problem
from .wire import dumps

_EFFORTS: dict[str, bool | str] = {
    "none": False, "minimal": "low", "low": "low", "medium": "medium", "high": "high",
    "max": "max", "xhigh": "max", "ultra": "max",
}
_STRUCT = "ChatCompletionRequest"
_NO_IMAGE_URLS = "image URLs are not currently supported, please use base64 encoded data instead"
# The data URL prefixes Ollama's /v1 takes; a blank type stands for raw base64, as on /api/chat.
_IMAGE_PREFIXES = ("data:;base64,", *(f"data:image/{kind};base64," for kind in ("jpeg", "jpg", "png", "webp")))


def models(sim: SimContext, ex: Exchange) -> None:
    data = [_model_entry(model.name, model.modified_at.timestamp())
            for model in sim.catalogue.installed()]
    # Go appends to a nil slice: with nothing installed, `data` is null.
    ex.send_json(200, {"object": "list", "data": data or None})


def model(sim: SimContext, ex: Exchange) -> None:
    name = ex.path.removeprefix("/v1/models/")
    found = sim.catalogue.find(name)
    if found is None:
        raise RequestError(404, f"model '{name}' not found")
    ex.send_json(200, _model_entry(found.name, found.modified_at.timestamp()))


def _model_entry(name: str, created: float) -> dict[str, Any]:
    return {"id": name, "object": "model", "created": int(created), "owned_by": "library"}


def chat_completions(sim: SimContext, ex: Exchange) -> None:
    body = parse_body(ex.body, f"openai.{_STRUCT}")
    _check_types(body)
    if not body.get("messages"):
        raise RequestError(400, "[] is too short - 'messages'")
    found = find_model(sim, body.get("model"))
    options: dict[str, Any] = {
        "temperature": body.get("temperature", 1.0),  # /v1 overrides the Modelfile
        "top_p": body.get("top_p", 1.0),
    }
    if body.get("max_tokens") is not None:
        options["num_predict"] = body["max_tokens"]
    for key in ("seed", "frequency_penalty", "presence_penalty"):
        if body.get(key) is not None:
            options[key] = body[key]
    stop = body.get("stop")
    if stop is not None:
        options["stop"] = [stop] if isinstance(stop, str) else stop
    native = {"options": options, "tools": body.get("tools")}
    messages = tuple(_message(item, body["messages"]) for item in body["messages"])
    turn = make_turn(found, str(body["model"]), messages, native, _reasoning(body), None)
    include_usage = (body.get("stream_options") or {}).get("include_usage") is True
    events = generate(sim, turn)
    try:
        first = next(events)  # a failed load raises here, before any byte is sent
        stream = itertools.chain([first], events)
        if body.get("stream") is True:
            _stream(sim, ex, turn, stream, include_usage)
        else:
            _whole(sim, ex, turn, stream)
    finally:
        events.close()


def _check_types(body: dict[str, Any]) -> None:
    expect_type(body, "messages", (list,), _STRUCT, "[]openai.Message")
    expect_type(body, "stream", (bool,), _STRUCT, "bool")
    expect_type(body, "max_tokens", (int,), _STRUCT, "int")
    check_tools(body.get("tools"), _STRUCT, "[]api.Tool")
    expect_type(body, "seed", (int,), _STRUCT, "int")
    for key in ("temperature", "top_p", "frequency_penalty", "presence_penalty"):
        expect_type(body, key, (int, float), _STRUCT, "float64")


def _reasoning(body: dict[str, Any]) -> bool | str | None:
    effort = body.get("reasoning_effort") or (body.get("reasoning") or {}).get("effort")
    if effort is None:
        return None
    if effort not in _EFFORTS:
        choices = ", ".join(f'"{name}"' for name in _EFFORTS)
        raise RequestError(400, f"invalid reasoning value: '{effort}' (must be one of {choices})")
    return _EFFORTS[effort]


def _message(item: Any, raw: list[Any]) -> dict[str, Any]:
    """An OpenAI message as the native layer sees it: text content, raw base64 images,
    tool calls with object arguments, a tool result named by the call it answers."""
    if not isinstance(item, dict):
        raise RequestError(400, "invalid message format")
    content = item.get("content")
    if content is None and not item.get("tool_calls"):
        raise RequestError(400, "invalid message content type: <nil>")  # Go's %T of null
    message: dict[str, Any] = item | native_tool_fields(item, raw)
    role = str(item.get("role") or "").lower()
    if not isinstance(content, list):
        return message | {"content": content or "", "role": role}
    texts, images = [], []
    for part in content:
        if not isinstance(part, dict):
            raise RequestError(400, "invalid message format")
        if part.get("type") == "text":
            texts.append(str(part.get("text") or ""))
        elif part.get("type") == "image_url":
            url = str((part.get("image_url") or {}).get("url") or "")
            if not url.startswith("data:"):
                raise RequestError(400, _NO_IMAGE_URLS)
            prefix = next((p for p in _IMAGE_PREFIXES if url.startswith(p)), None)
            if prefix is None:  # a GIF too: Ollama's /v1 takes only these types
                raise RequestError(400, "invalid image input")
            data = url.removeprefix(prefix)
            if base64_problem(data):
                raise RequestError(400, "invalid message format")
            images.append(data)
    tool = {key: message[key] for key in ("tool_calls", "tool_name", "tool_call_id") if key in message}
    return {"role": role, "content": "\n".join(texts), "images": images} | tool


def _stream(sim: SimContext, ex: Exchange, turn: Turn, events: Iterator[Event],
            include_usage: bool) -> None:
    base = _base(sim, turn, "chat.completion.chunk")
    sent_role, used_tools = False, False

    def send(delta: dict[str, Any], finish: str | None = None) -> None:
        nonlocal sent_role
        if not sent_role and finish is None:
            delta = {"role": "assistant", "content": ""} | delta
            sent_role = True
        choice = {"index": 0, "delta": delta, "finish_reason": finish}
        ex.write_event(base | {"choices": [choice]})

    ex.start_stream(SSE_TYPE)
    for event in events:
        if isinstance(event, Fault):
            if event.message is not None:  # the error text is lost, as on the real server
                choice = {"index": 0, "delta": {"content": ""}, "finish_reason": None}
                ex.write_event(base | {"model": "", "choices": [choice]})
            ex.drop()
            return
        chunk = event.last if isinstance(event, Finish) else event
        for delta in _deltas(chunk):
            used_tools = used_tools or "tool_calls" in delta
            send(delta)
        if isinstance(event, Finish):
            send({}, _finish_reason(event, used_tools))
            if include_usage:
                ex.write_event(base | {"choices": [], "usage": _usage(event)})
            ex.write_event("[DONE]")


def _whole(sim: SimContext, ex: Exchange, turn: Turn, events: Iterator[Event]) -> None:
    content: list[str] = []
    reasoning: list[str] = []
    calls: list[dict[str, Any]] = []
    for event in events:
        if isinstance(event, Fault):
            if event.message is None:
                ex.drop()
                return
            raise RequestError(500, event.message)
        chunk = event.last if isinstance(event, Finish) else event
        if chunk is not None:
            content.append(chunk.content)
            reasoning.append(chunk.thinking)
            calls += [_tool_call(call) for call in chunk.tool_calls]
        if isinstance(event, Finish):
            message: dict[str, Any] = {"role": "assistant", "content": "".join(content)}
            if any(reasoning):
                message["reasoning"] = "".join(reasoning)
            if calls:
                message["tool_calls"] = calls
            choice = {"index": 0, "message": message,
                      "finish_reason": _finish_reason(event, bool(calls))}
            ex.send_json(200, _base(sim, turn, "chat.completion") | {
                "choices": [choice], "usage": _usage(event)})


def _deltas(chunk: Chunk | None) -> list[dict[str, Any]]:
    """A chunk as deltas; one carrying both reasoning and content is split in two."""
    if chunk is None:
        return []
    deltas: list[dict[str, Any]] = []
    if chunk.thinking:
        deltas.append({"reasoning": chunk.thinking})
    if chunk.content:
        deltas.append({"content": chunk.content})
    if chunk.tool_calls:
        deltas.append({"tool_calls": [_tool_call(call) for call in chunk.tool_calls]})
    return deltas


def _tool_call(call: dict[str, Any]) -> dict[str, Any]:
    function = call["function"]
    return {
        "id": call["id"],
        "index": function.get("index", 0),
        "type": "function",
        "function": {"name": function["name"], "arguments": dumps(function["arguments"])},
    }


def _finish_reason(finish: Finish, used_tools: bool) -> str:
    # "length" wins over tool_calls; a plain stop after tool calls becomes tool_calls.
    return "tool_calls" if used_tools and finish.done_reason == "stop" else finish.done_reason


def _usage(finish: Finish) -> dict[str, int]:
    return {
        "prompt_tokens": finish.prompt_tokens,
        "completion_tokens": finish.eval_count,
        "total_tokens": finish.prompt_tokens + finish.eval_count,
    }


def _base(sim: SimContext, turn: Turn, kind: str) -> dict[str, Any]:
    return {
        "id": sim.completion_id(),
        "object": kind,
        "created": int(sim.now().timestamp()),
        "model": turn.requested,
        "system_fingerprint": "fp_ollama",
    }
