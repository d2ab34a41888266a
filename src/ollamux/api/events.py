"""Typed chat events and requests shared by both wire clients.

Whatever the server speaks (Ollama NDJSON or OpenAI-style SSE), a chat stream is
turned into these events, so nothing above the wire layer knows the format.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

from ollamux.api.logprobs import Logprobs
from ollamux.api.reply_extras import ReplyExtras

NANOSECONDS = 1_000_000_000

Role: TypeAlias = Literal["system", "user", "assistant", "tool"]
ThinkValue: TypeAlias = bool | Literal["low", "medium", "high", "max"]


@dataclass(frozen=True, slots=True)
class ToolCall:
    """One call the model asked for, normalised to a parsed argument mapping."""

    name: str
    arguments: dict[str, Any]
    id: str | None = None
    # The arguments as the model wrote them, kept when they were not valid JSON.
    raw_arguments: str | None = None


def tool_call_id(value: Any) -> str | None:
    """A tool call's id as text: some servers send `"id": 7`, and ids are text to us.

    Anything that is not a string or a number (an object, a bool, null) is no id.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else repr(value)
    return None


@dataclass(frozen=True, slots=True)
class Image:
    """An image as sent: base64 of the file's bytes (no `data:` prefix) and its type."""

    data: str
    media_type: str  # "image/png", "image/jpeg", ...


@dataclass(frozen=True, slots=True)
class Message:
    """One turn of a conversation, as sent to a server."""

    role: Role
    content: str
    thinking: str = ""
    images: tuple[Image, ...] = ()
    tool_calls: tuple[ToolCall, ...] = ()
    tool_name: str | None = None
    tool_call_id: str | None = None


@dataclass(frozen=True, slots=True)
class ChatRequest:
    """Everything one chat turn needs; each client maps it to its own wire shape.

    `options` holds only the caller's overrides, already of the right JSON types.
    """

    model: str
    messages: tuple[Message, ...]
    options: dict[str, Any] = field(default_factory=dict)
    keep_alive: str | int | float | None = None
    think: ThinkValue | None = None
    format: str | dict[str, Any] | None = None
    tools: tuple[dict[str, Any], ...] = ()
    extras: ReplyExtras = field(default_factory=ReplyExtras)  # logprobs, truncate, shift: sent only when set


@dataclass(frozen=True, slots=True)
class Stats:
    """Normalised statistics of one finished reply. Durations are in seconds."""

    # None is "unknown": the server sent a value no count or duration can have
    # (negative, 2**70, Infinity); shown as "?", never as a made-up figure.
    prompt_tokens: int | None = 0
    generated_tokens: int | None = 0
    load_seconds: float | None = 0.0
    prompt_seconds: float | None = 0.0
    generation_seconds: float | None = 0.0
    total_seconds: float | None = 0.0
    done_reason: str = ""
    # The server sent no token count, so generated_tokens is the number of
    # streamed pieces we counted: close to the real figure, but not the server's.
    tokens_counted: bool = False

    @property
    def tokens_per_second(self) -> float | None:
        """Generation speed, or None when the server did not report a duration."""
        if not self.generation_seconds or not self.generated_tokens:
            return None
        return self.generated_tokens / self.generation_seconds

    @property
    def truncated(self) -> bool:
        """True when the reply stopped because it ran out of tokens or context."""
        return self.done_reason == "length"


@dataclass(frozen=True, slots=True)
class Thinking:
    """A piece of the model's reasoning."""

    text: str


@dataclass(frozen=True, slots=True)
class Content:
    """A piece of the answer."""

    text: str


@dataclass(frozen=True, slots=True)
class ToolCalls:
    """Complete tool calls (fragments are merged by the client first)."""

    calls: tuple[ToolCall, ...]


@dataclass(frozen=True, slots=True)
class Done:
    """The reply ended normally; no event follows."""

    stats: Stats


# Logprobs come only when the request asked for them (`ReplyExtras.logprobs`).
ChatEvent: TypeAlias = Thinking | Content | ToolCalls | Done | Logprobs
