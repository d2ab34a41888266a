"""Client for Ollama's native API (`/api/*`, NDJSON streams)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import TYPE_CHECKING, Any

import httpx

from ollamux.api.batching import one_by_one, read_batches
from ollamux.api.capabilities import OLLAMA, Capabilities, ModelAdmin
from ollamux.api.errors import IncompleteStream, MalformedResponse, StreamError
from ollamux.api.events import (
    NANOSECONDS,
    ChatEvent,
    ChatRequest,
    Done,
    Message,
    Stats,
    ToolCall,
    ToolCalls,
    tool_call_id,
)
from ollamux.api.logprobs import Logprobs, parse_logprobs
from ollamux.api.models import ModelDetails, ModelInfo, PullProgress, RunningModel
from ollamux.api.ndjson import STREAM_TYPES, NdjsonDecoder, ndjson_values
from ollamux.api.numbers import wire_count, wire_seconds
from ollamux.api.reasoning import ReasoningRouter
from ollamux.api.request_settings import settings_body
from ollamux.api.transport import HostConnection, open_stream, request_json

if TYPE_CHECKING:
    from ollamux.api.workshop import Workshop



def message_to_wire(message: Message) -> dict[str, Any]:
    wire: dict[str, Any] = {"role": message.role, "content": message.content}
    if message.thinking:
        wire["thinking"] = message.thinking
    if message.images:
        wire["images"] = [image.data for image in message.images]
    if message.tool_calls:
        wire["tool_calls"] = [
            {"id": call.id, "function": {"index": i, "name": call.name, "arguments": call.arguments}}
            if call.id
            else {"function": {"index": i, "name": call.name, "arguments": call.arguments}}
            for i, call in enumerate(message.tool_calls)
        ]
    if message.tool_name:
        wire["tool_name"] = message.tool_name
    if message.tool_call_id:
        wire["tool_call_id"] = message.tool_call_id
    return wire


def chat_body(request: ChatRequest, *, stream: bool) -> dict[str, Any]:
    """The `/api/chat` body: only what the caller set, so server defaults apply."""
    body: dict[str, Any] = {
        "model": request.model,
        "messages": [message_to_wire(m) for m in request.messages],
        "stream": stream,
    }
    body |= settings_body(request)
    if request.tools:
        body["tools"] = list(request.tools)
    return body | request.extras.wire()


async def ndjson_batches(
    http: httpx.AsyncClient, path: str, body: dict[str, Any], model: str, reader: ChatLineReader
) -> AsyncGenerator[list[ChatEvent], None]:
    """POST `body` to `path` and yield what `reader` makes of each network read's
    lines (never an empty list); IncompleteStream if the stream ends before its last line.
    Closing the generator hangs up: that is how a reply is stopped."""
    decoder = NdjsonDecoder()
    async with open_stream(http, "POST", path, json_body=body, model=model, accept=STREAM_TYPES) as response:
        batches = read_batches(response.aiter_bytes(), decoder.feed, decoder.close, reader.events,
                               lambda: reader.done)
        async with aclosing(batches):
            async for batch in batches:
                yield batch
        if not reader.done:
            raise IncompleteStream()


def stats_from_final(line: dict[str, Any]) -> Stats:
    """Every metric is optional on the wire: a missing one is zero, a bad one unknown."""

    def count(key: str) -> int | None:
        return wire_count(line[key]) if line.get(key) is not None else 0

    def seconds(key: str) -> float | None:
        return wire_seconds(line[key], NANOSECONDS) if line.get(key) is not None else 0.0

    return Stats(
        prompt_tokens=count("prompt_eval_count"),
        generated_tokens=count("eval_count"),
        load_seconds=seconds("load_duration"),
        prompt_seconds=seconds("prompt_eval_duration"),
        generation_seconds=seconds("eval_duration"),
        total_seconds=seconds("total_duration"),
        done_reason=str(line.get("done_reason") or ""),
    )


def _tool_calls(raw: Any) -> tuple[ToolCall, ...]:
    calls = []
    for item in raw if isinstance(raw, list) else []:
        function = item.get("function") if isinstance(item, dict) else None
        if not isinstance(function, dict):
            continue
        arguments = function.get("arguments")
        calls.append(
            ToolCall(
                name=str(function.get("name") or "?"),
                arguments=arguments if isinstance(arguments, dict) else {},
                id=tool_call_id(item.get("id")),
            )
        )
    return tuple(calls)


class ChatLineReader:
    """Turns `/api/chat` lines into events; one instance per reply."""

    def __init__(self) -> None:
        self._router = ReasoningRouter()
        self.done = False

    def events(self, line: Any) -> list[ChatEvent]:
        if not isinstance(line, dict):
            raise MalformedResponse(f"expected a JSON object, got {type(line).__name__}")
        # An error line carries no message: check it first.
        if "error" in line:
            raise StreamError(str(line["error"]))
        events: list[ChatEvent] = []
        message = line.get("message")
        if isinstance(message, dict):
            # Once a token: the fields a line leaves out (most do) are not read further.
            if thinking := message.get("thinking"):
                events += self._router.thinking(str(thinking))
            if content := message.get("content"):
                events += self._router.content(str(content))
            if (raw_calls := message.get("tool_calls")) and (calls := _tool_calls(raw_calls)):
                events.append(ToolCalls(calls))
        if (raw_logprobs := line.get("logprobs")) and (tokens := parse_logprobs(raw_logprobs)):
            events.append(Logprobs(tokens))
        if line.get("done"):
            events += self._router.finish()
            events.append(Done(stats_from_final(line)))
            self.done = True
        return events


class OllamaClient(HostConnection):
    """Async client for one Ollama server, on one pooled httpx connection set."""

    kind = "ollama"
    capabilities: Capabilities = OLLAMA

    @property
    def admin(self) -> ModelAdmin:
        """This client administers its server's models itself."""
        return self

    @property
    def workshop(self) -> Workshop:
        """Generate, create, push, embed and status: `api/workshop.py`."""
        from ollamux.api.workshop import Workshop  # it reads generate lines with ChatLineReader

        return Workshop(self._http)

    def chat(self, request: ChatRequest, *, stream: bool = True) -> AsyncGenerator[ChatEvent, None]:
        """Yield the reply's events; stop iterating (or cancel) to stop the server.

        Consume it inside `contextlib.aclosing` so that breaking out of the loop
        closes the connection at once rather than when the generator is collected.
        """
        return one_by_one(self.chat_batches(request, stream=stream))

    def chat_batches(self, request: ChatRequest, *, stream: bool = True) -> AsyncGenerator[list[ChatEvent], None]:
        """As `chat`, but the events of each network read together, in a list never empty."""
        body = chat_body(request, stream=stream)
        return ndjson_batches(self._http, "/api/chat", body, request.model, ChatLineReader())

    async def list_models(self) -> list[ModelInfo]:
        reply = await request_json(self._http, "GET", "/api/tags")
        entries = reply.get("models") if isinstance(reply, dict) else None
        return [ModelInfo.from_tags_entry(e) for e in entries or [] if isinstance(e, dict)]

    async def running_models(self) -> list[RunningModel]:
        reply = await request_json(self._http, "GET", "/api/ps")
        entries = reply.get("models") if isinstance(reply, dict) else None
        return [RunningModel.from_ps_entry(e) for e in entries or [] if isinstance(e, dict)]

    async def show(self, model: str) -> ModelDetails:
        reply = await request_json(self._http, "POST", "/api/show", json_body={"model": model}, model=model)
        if not isinstance(reply, dict):
            raise MalformedResponse("/api/show did not return an object")
        return ModelDetails.from_show(model, reply)

    async def version(self) -> str:
        reply = await request_json(self._http, "GET", "/api/version")
        return str(reply.get("version", "?")) if isinstance(reply, dict) else "?"

    async def pull(self, model: str) -> AsyncGenerator[PullProgress, None]:
        """Yield progress lines until success; in-band errors raise StreamError."""
        async with open_stream(
            self._http, "POST", "/api/pull", json_body={"model": model, "stream": True},
            model=model, accept=STREAM_TYPES,
        ) as response:
            async for line in ndjson_values(response.aiter_bytes()):
                progress = _pull_line(line)
                yield progress
                if progress.succeeded:
                    return
        raise IncompleteStream()

    async def copy(self, source: str, destination: str) -> None:
        body = {"source": source, "destination": destination}
        await request_json(self._http, "POST", "/api/copy", json_body=body, model=source)

    async def delete(self, model: str) -> None:
        # A JSON body on DELETE: httpx's delete() cannot send one, request() can.
        await request_json(self._http, "DELETE", "/api/delete", json_body={"model": model}, model=model)

    async def load(self, model: str, keep_alive: str | int | float | None = None) -> None:
        """Load a model into memory now (an empty chat); blocks until it is ready."""
        body: dict[str, Any] = {"model": model, "messages": []}
        if keep_alive is not None:
            body["keep_alive"] = keep_alive
        await request_json(self._http, "POST", "/api/chat", json_body=body, model=model)

    async def unload(self, model: str) -> None:
        body = {"model": model, "messages": [], "keep_alive": 0}
        await request_json(self._http, "POST", "/api/chat", json_body=body, model=model)


def _pull_line(line: Any) -> PullProgress:
    if not isinstance(line, dict):
        raise MalformedResponse(f"expected a JSON object, got {type(line).__name__}")
    if "error" in line:
        raise StreamError(str(line["error"]))
    return PullProgress.from_line(line)
