"""`/api/generate`: raw completion and fill-in-the-middle, read into the chat events.

A generate line is a chat line with `response` where chat has `message.content`,
so it is read by the chat reader (thinking, inline think tags, tool calls,
logprobs, stats and in-band errors alike) and nothing above the wire can tell.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from typing import Any

import httpx

from ollamux.api.events import ChatEvent, Image, ThinkValue
from ollamux.api.ollama import ChatLineReader, ndjson_batches
from ollamux.api.reply_extras import ReplyExtras
from ollamux.api.request_settings import settings_body

# The server refuses these with raw on (400); checked here so a form can say so first.
RAW_CONFLICT = "raw mode does not support template, system, or context"


@dataclass(frozen=True, slots=True)
class GenerateRequest:
    """One completion. `system` and `template` None keep the model's own."""

    model: str
    prompt: str
    suffix: str = ""  # the text after the gap: the model fills in the middle
    raw: bool = False  # the prompt goes to the model as is, without the template
    system: str | None = None
    template: str | None = None
    images: tuple[Image, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)
    keep_alive: str | int | float | None = None
    think: ThinkValue | None = None
    format: str | dict[str, Any] | None = None
    extras: ReplyExtras = field(default_factory=ReplyExtras)

    @property
    def problem(self) -> str:
        """What the server would refuse in this request, or ""."""
        if self.raw and (self.system is not None or self.template is not None):
            return RAW_CONFLICT
        return ""


def generate_body(request: GenerateRequest, *, stream: bool) -> dict[str, Any]:
    """The `/api/generate` body: only what the caller set, so server defaults apply."""
    body: dict[str, Any] = {"model": request.model, "prompt": request.prompt, "stream": stream}
    if request.suffix:
        body["suffix"] = request.suffix
    if request.raw:
        body["raw"] = True
    if request.system is not None:
        body["system"] = request.system
    if request.template is not None:
        body["template"] = request.template
    if request.images:
        body["images"] = [image.data for image in request.images]
    return body | settings_body(request) | request.extras.wire()


def as_chat_line(line: Any) -> Any:
    """A generate line in the chat shape (`response` -> `message.content`); others unchanged."""
    if not isinstance(line, dict) or "error" in line:
        return line
    message = {"content": line.get("response"), "thinking": line.get("thinking"),
               "tool_calls": line.get("tool_calls")}
    return {key: value for key, value in line.items() if key not in message and key != "response"} | {
        "message": message}


class GenerateLineReader(ChatLineReader):
    """Turns `/api/generate` lines into events; one instance per completion."""

    def events(self, line: Any) -> list[ChatEvent]:
        return super().events(as_chat_line(line))


def generate_batches(
    http: httpx.AsyncClient, request: GenerateRequest, *, stream: bool = True
) -> AsyncGenerator[list[ChatEvent], None]:
    """The completion's events, those of each network read in one list never empty."""
    return ndjson_batches(http, "/api/generate", generate_body(request, stream=stream), request.model,
                          GenerateLineReader())
