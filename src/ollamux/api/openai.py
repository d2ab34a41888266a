"""Client for OpenAI-compatible servers: DeepSeek, Ollama's `/v1`, llama.cpp, vLLM."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncGenerator
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import Any

from ollamux.api.batching import one_by_one, read_batches
from ollamux.api.capabilities import OPENAI_COMPATIBLE, Capabilities, ModelAdmin
from ollamux.api.errors import IncompleteStream, MalformedResponse, StreamError
from ollamux.api.events import ChatEvent, ChatRequest, Done, Message, Stats, ToolCall, ToolCalls, tool_call_id
from ollamux.api.models import ModelInfo
from ollamux.api.numbers import wire_count
from ollamux.api.reasoning import ReasoningRouter
from ollamux.api.sse import SseDecoder
from ollamux.api.transport import HostConnection, open_stream, request_json

_REASONING_FIELDS = ("reasoning_content", "reasoning")


def message_to_wire(message: Message) -> dict[str, Any]:
    wire: dict[str, Any] = {"role": message.role, "content": message.content}
    if message.images:
        wire["content"] = [{"type": "text", "text": message.content}] + [
            {"type": "image_url", "image_url": {"url": f"data:{image.media_type};base64,{image.data}"}}
            for image in message.images
        ]
    if message.tool_calls:
        wire["tool_calls"] = [
            {
                "id": call.id or f"call_{i}",
                "type": "function",
                "function": {
                    "name": call.name,
                    "arguments": call.raw_arguments or json.dumps(call.arguments),
                },
            }
            for i, call in enumerate(message.tool_calls)
        ]
        # DeepSeek requires the reasoning back on tool-call turns, and only there.
        if message.thinking:
            wire["reasoning_content"] = message.thinking
    if message.tool_call_id:
        wire["tool_call_id"] = message.tool_call_id
    return wire


def _messages_to_wire(messages: tuple[Message, ...]) -> list[dict[str, Any]]:
    """Each message; a result of a call that came without an id (Ollama's older
    replies) answers the id made up for that call, as this API requires one."""
    wired = []
    made_up: list[tuple[str, str]] = []  # (name, id) of the last calls sent without an id
    for message in messages:
        wire = message_to_wire(message)
        if message.tool_calls:
            made_up = [(call.name, f"call_{i}") for i, call in enumerate(message.tool_calls) if not call.id]
        elif message.role == "tool" and not message.tool_call_id and made_up:
            same = next((i for i, (name, _) in enumerate(made_up) if name == message.tool_name), 0)
            wire["tool_call_id"] = made_up.pop(same)[1]
        wired.append(wire)
    return wired


def chat_body(request: ChatRequest, *, stream: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "model": request.model,
        "messages": _messages_to_wire(request.messages),
        "stream": stream,
    }
    if stream:
        body["stream_options"] = {"include_usage": True}
    # Options come already under this API's names and only those it takes: the
    # caller asked `capabilities.options`, and core/options.py owns the names.
    body.update(request.options)
    if isinstance(request.think, str):
        body["reasoning_effort"] = request.think
    elif request.think is False:
        body["reasoning_effort"] = "none"
    if request.format == "json":
        body["response_format"] = {"type": "json_object"}
    elif isinstance(request.format, dict):
        body["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": "reply", "schema": request.format},
        }
    if request.tools:
        body["tools"] = list(request.tools)
    return body


def _parse_arguments(raw: str) -> tuple[dict[str, Any], str | None]:
    """Arguments arrive as a JSON string; models sometimes write invalid JSON."""
    try:
        value = json.loads(raw) if raw.strip() else {}
    except ValueError:
        return {}, raw
    return (value, None) if isinstance(value, dict) else ({}, raw)


@dataclass
class _ToolCallFragments:
    id: str | None = None
    name: str = ""
    arguments: list[str] = field(default_factory=list)

    def build(self) -> ToolCall:
        arguments, raw = _parse_arguments("".join(self.arguments))
        return ToolCall(name=self.name or "?", arguments=arguments, id=self.id, raw_arguments=raw)


class ChatChunkReader:
    """Turns SSE chat chunks into events; one instance per reply.

    These servers report no durations, so generation time is measured here, from
    the first streamed text to the end.
    """

    def __init__(self, clock: Any = time.monotonic) -> None:
        self._router = ReasoningRouter()
        self._clock = clock
        self._started = clock()
        self._first_text: float | None = None
        self._tools: dict[int, _ToolCallFragments] = {}
        self._finish_reason = ""
        self._usage: dict[str, Any] = {}
        # Deltas that carried generated text: the token count when no usage comes.
        self._pieces = 0
        self.done = False

    @property
    def finished(self) -> bool:
        """A finish reason arrived: the answer itself is complete."""
        return bool(self._finish_reason)

    def events(self, data: str) -> list[ChatEvent]:
        if data.strip() == "[DONE]":
            return self.finish()
        try:
            chunk = json.loads(data)
        except ValueError:
            raise MalformedResponse(f"not JSON: {data[:120]!r}") from None
        if not isinstance(chunk, dict):
            raise MalformedResponse(f"expected a JSON object, got {type(chunk).__name__}")
        if "error" in chunk:
            error = chunk["error"]
            message = error.get("message") if isinstance(error, dict) else error
            raise StreamError(str(message))
        if isinstance(chunk.get("usage"), dict):
            self._usage = chunk["usage"]
        events: list[ChatEvent] = []
        for choice in chunk.get("choices") or []:
            if isinstance(choice, dict):
                events += self._choice(choice, choice.get("delta") or choice.get("message") or {})
        return events

    def _choice(self, choice: dict[str, Any], delta: dict[str, Any]) -> list[ChatEvent]:
        events: list[ChatEvent] = []
        for name in _REASONING_FIELDS:
            events += self._router.thinking(str(delta.get(name) or ""))
        events += self._router.content(str(delta.get("content") or ""))
        if events and self._first_text is None:
            self._first_text = self._clock()
        fragments = delta.get("tool_calls") or []
        for fragment in fragments:
            self._add_tool_fragment(fragment)
        # Counted from the delta, not the events: the think-tag router may hold
        # text back (leading whitespace) and emit it with a later piece.
        carried_text = any(delta.get(name) for name in (*_REASONING_FIELDS, "content"))
        if carried_text or fragments:
            self._pieces += 1
        if choice.get("finish_reason"):
            self._finish_reason = str(choice["finish_reason"])
        return events

    def _add_tool_fragment(self, fragment: dict[str, Any]) -> None:
        index = fragment.get("index", len(self._tools))
        call = self._tools.setdefault(index if isinstance(index, int) else 0, _ToolCallFragments())
        call.id = tool_call_id(fragment.get("id")) or call.id
        function = fragment.get("function") or {}
        call.name += str(function.get("name") or "")
        arguments = function.get("arguments")
        if isinstance(arguments, dict):
            call.arguments.append(json.dumps(arguments))
        elif arguments:
            call.arguments.append(str(arguments))

    def finish(self) -> list[ChatEvent]:
        events: list[ChatEvent] = list(self._router.finish())
        if self._tools:
            events.append(ToolCalls(tuple(self._tools[i].build() for i in sorted(self._tools))))
        now = self._clock()
        first = self._first_text if self._first_text is not None else now
        # Servers that ignore stream_options (or a proxy that drops the last
        # chunk) send no usage; a count of what arrived beats a plain 0.
        counted = "completion_tokens" not in self._usage
        stats = Stats(
            prompt_tokens=_usage_count(self._usage, "prompt_tokens"),
            generated_tokens=self._pieces if counted else _usage_count(self._usage, "completion_tokens"),
            generation_seconds=now - first,
            total_seconds=now - self._started,
            done_reason=self._finish_reason,
            tokens_counted=counted,
        )
        events.append(Done(stats))
        self.done = True
        return events


def _usage_count(usage: dict[str, Any], key: str) -> int | None:
    """A missing count is zero, a bad one (negative, huge, Infinity) unknown."""
    return wire_count(usage[key]) if usage.get(key) is not None else 0


class OpenAIClient(HostConnection):
    """Async client for one OpenAI-compatible endpoint (bearer key optional)."""

    kind = "openai"
    capabilities: Capabilities = OPENAI_COMPATIBLE

    @property
    def admin(self) -> ModelAdmin | None:
        """No model administration over this API: it chats and lists models."""
        return None

    async def list_models(self) -> list[ModelInfo]:
        reply = await request_json(self._http, "GET", "models")
        items = reply.get("data") if isinstance(reply, dict) else None
        # Ollama's /v1 sends `"data": null` when nothing is installed.
        return [ModelInfo(name=str(item["id"])) for item in items or [] if isinstance(item, dict) and "id" in item]

    def chat(self, request: ChatRequest, *, stream: bool = True) -> AsyncGenerator[ChatEvent, None]:
        """Yield the reply's events; see `OllamaClient.chat` on stopping."""
        return one_by_one(self.chat_batches(request, stream=stream))

    async def chat_batches(self, request: ChatRequest, *, stream: bool = True) -> AsyncGenerator[list[ChatEvent], None]:
        """As `chat`, but the events of each network read together, in a list never empty."""
        reader = ChatChunkReader()
        body = chat_body(request, stream=stream)
        async with open_stream(
            self._http, "POST", "chat/completions", json_body=body,
            model=request.model, can_pull=False,
            accept=("text/event-stream", "application/json"),
        ) as response:
            if not stream:
                text = (await response.aread()).decode("utf-8", "replace")
                # Servers may pad a queued non-streamed reply with blank lines.
                yield reader.events(text.strip()) + reader.finish()
                return
            decoder = SseDecoder()
            batches = read_batches(response.aiter_bytes(), decoder.feed, decoder.close, reader.events,
                                   lambda: reader.done)
            async with aclosing(batches):
                async for batch in batches:
                    yield batch
        # Servers that omit [DONE] after a finish reason still finished; without
        # either, the stream broke (Ollama's /v1 swallows mid-stream errors so).
        if reader.done:
            return
        if reader.finished:
            yield reader.finish()
            return
        raise IncompleteStream()
