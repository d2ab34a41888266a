"""Native `/api/chat`: validation, load/unload, NDJSON replies (`/api/generate` is in `completion`)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

from .context import SimContext
from .exchange import NDJSON_TYPE, Exchange
from .generation import Event, Finish, Turn, generate, warm_up
from .logprobs import with_logprobs
from .scripts import Chunk, Fault
from .state import Installed
from .validate import (
    RequestError,
    check_options,
    check_tool_calls,
    check_tools,
    expect_type,
    go_type,
    parse_body,
    parse_keep_alive,
    parse_think,
)
from .vision import base64_problem
from .wire import full_name, rfc3339

Fields = Callable[[Chunk], dict[str, Any]]
_EMPTY = Chunk(tokens=0)


def find_model(sim: SimContext, name: Any) -> Installed:
    """The installed model a request names: 400 when missing, 404 when unknown."""
    if not name:
        raise RequestError(400, "model is required")
    if not isinstance(name, str):
        raise RequestError(400, "invalid model name")
    model = sim.catalogue.find(name)
    if model is None:
        raise RequestError(404, f"model '{name}' not found")
    return model


def make_turn(model: Installed, requested: str, messages: tuple[dict[str, Any], ...],
              body: dict[str, Any], think: bool | str | None, keep_alive: float | None) -> Turn:
    """Check capabilities and options (the scheduler's checks) and build the turn."""
    capabilities = model.spec.capabilities
    if think not in (None, False) and "thinking" not in capabilities:
        raise RequestError(400, f'"{requested}" does not support thinking')
    tools = tuple(body.get("tools") or ())
    if tools and "tools" not in capabilities:
        raise RequestError(400, f"{full_name(model.name)} does not support tools")
    if any(message.get("images") for message in messages) and "vision" not in capabilities:
        raise RequestError(400, f"{full_name(model.name)} does not support vision")
    options = check_options(body.get("options"))
    thinking = "thinking" in capabilities if think is None else think is not False
    return Turn(requested, model, messages, thinking, options, keep_alive, tools)


def chat(sim: SimContext, ex: Exchange) -> None:
    body = parse_body(ex.body, "api.ChatRequest")
    expect_type(body, "messages", (list,), "ChatRequest", "[]api.Message")
    check_tools(body.get("tools"), "ChatRequest", "api.Tools")
    keep_alive = parse_keep_alive(body.get("keep_alive"))
    think = parse_think(body.get("think"))
    model = find_model(sim, body.get("model"))
    messages = _messages(body.get("messages") or [])
    requested = str(body["model"])
    if not messages and keep_alive == 0:
        sim.catalogue.unload(model.name)
        ex.send_json(200, _line(sim, requested, _chat_fields(_EMPTY), done=True) | {
            "done_reason": "unload"})
        return
    turn = make_turn(model, requested, messages, body, think, keep_alive)
    if not messages:
        warm_up(sim, turn)
        ex.send_json(200, _line(sim, requested, _chat_fields(_EMPTY), done=True) | {
            "done_reason": "load"})
        return
    fields = with_logprobs(_chat_fields, body)  # the workshop's hook: `logprobs.py`
    reply(sim, ex, turn, stream=body.get("stream") is not False, fields=fields)


def reply(sim: SimContext, ex: Exchange, turn: Turn, *, stream: bool, fields: Fields) -> None:
    """Run the turn and answer as a stream or as one object."""
    events = generate(sim, turn)
    try:
        first = next(events)  # a failed load raises here, before any byte is sent
        if stream:
            _stream(sim, ex, turn, itertools.chain([first], events), fields)
        else:
            _whole(sim, ex, turn, itertools.chain([first], events), fields)
    finally:
        events.close()


def _stream(
    sim: SimContext, ex: Exchange, turn: Turn, events: Iterator[Event], fields: Fields
) -> None:
    ex.start_stream(NDJSON_TYPE)
    for event in events:
        if isinstance(event, Fault):
            if event.message is None:
                ex.drop()  # the stream just ends: no done line, no error
            else:
                ex.write_line({"error": event.message})
            return
        if isinstance(event, Finish):
            ex.write_line(_final(sim, turn.requested, event, fields))
        else:
            ex.write_line(_line(sim, turn.requested, fields(event), done=False))


def _whole(
    sim: SimContext, ex: Exchange, turn: Turn, events: Iterator[Event], fields: Fields
) -> None:
    content: list[str] = []
    thinking: list[str] = []
    calls: list[dict[str, Any]] = []
    for event in events:
        if isinstance(event, Fault):
            if event.message is None:
                ex.drop()  # no response at all: the client sees the connection close
                return
            raise RequestError(500, event.message)
        chunk = event.last if isinstance(event, Finish) else event
        if chunk is not None:
            content.append(chunk.content)
            thinking.append(chunk.thinking)
            calls.extend(chunk.tool_calls)
        if isinstance(event, Finish):
            whole = Chunk("".join(content), "".join(thinking), tuple(calls))
            ex.send_json(200, _final(sim, turn.requested, Finish(
                event.done_reason, event.prompt_tokens, event.eval_count, event.metrics, whole
            ), fields))


def _final(sim: SimContext, requested: str, finish: Finish, fields: Fields) -> dict[str, Any]:
    line = _line(sim, requested, fields(finish.last or _EMPTY), done=True)
    return line | {"done_reason": finish.done_reason} | finish.metrics


def _line(sim: SimContext, requested: str, fields: dict[str, Any], *, done: bool) -> dict[str, Any]:
    stamp = rfc3339(sim.now(), utc=True)  # inference chunks are stamped in UTC
    return {"model": requested, "created_at": stamp} | fields | {"done": done}


def _chat_fields(chunk: Chunk) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": chunk.content}
    if chunk.thinking:
        message["thinking"] = chunk.thinking
    if chunk.tool_calls:
        message["tool_calls"] = list(chunk.tool_calls)
    return {"message": message}


def _messages(raw: list[Any]) -> tuple[dict[str, Any], ...]:
    """Messages as the server sees them: objects with lower-cased roles."""
    messages = []
    for item in raw:
        if not isinstance(item, dict):
            raise RequestError(
                400, f"json: cannot unmarshal {go_type(item)} into Go value of type api.Message"
            )
        _check_images(item.get("images"))
        check_tool_calls(item.get("tool_calls"))
        messages.append(item | {"role": str(item.get("role") or "").lower()})
    return tuple(messages)


def _check_images(images: Any) -> None:
    """`images` is a Go `[]ImageData` ([]byte each): base64 text, decoded as the body is read."""
    if images is None:
        return
    if not isinstance(images, list):
        raise RequestError(400, f"json: cannot unmarshal {go_type(images)} into Go struct field "
                                "Message.messages.images of type []api.ImageData")
    for image in images:
        if not isinstance(image, str):
            raise RequestError(400, f"json: cannot unmarshal {go_type(image)} into Go struct field "
                                    "Message.messages.images of type api.ImageData")
        if problem := base64_problem(image):
            raise RequestError(400, problem)

