"""Completion sessions: a `Session` whose runs go to `/api/generate`, not to chat.

Each run is kept as a user message (the prompt, with its suffix) and an assistant
message (the completion), so saving, search, export and the tabs treat a completion
session like a chat. Runs are independent: only the last prompt is sent.

`CompletionBackend` lets the one reply loop (`core/streaming.stream_reply`) run a
completion: it looks like a chat client whose `chat_batches` streams the session's
generate request instead, so stopping, errors, stats and partial saves are the chat's.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ollamux.api.batching import one_by_one
from ollamux.api.clients import ChatClient, workshop_of
from ollamux.api.events import ChatEvent, ChatRequest
from ollamux.api.generate import GenerateRequest
from ollamux.api.models import ModelInfo
from ollamux.core.completion_settings import CompletionSettings
from ollamux.core.options import wire_options

__all__ = ["CompletionBackend", "CompletionSettings", "completion_backend", "completion_problem",
           "completion_request", "completion_sent", "last_prompt"]

if TYPE_CHECKING:
    from ollamux.api.capabilities import ModelAdmin
    from ollamux.api.workshop import Workshop
    from ollamux.core.session import ChatMessage, Session

# The model capability (from `/api/show`) that says it fills in the middle.
INSERT_CAPABILITY = "insert"
NO_GENERATE = "Completion sessions need Ollama's native API: this host has no /api/generate."


def last_prompt(session: Session) -> ChatMessage | None:
    return next((m for m in reversed(session.messages) if m.role == "user"), None)


def completion_request(session: Session, options: dict[str, Any] | None = None) -> GenerateRequest:
    """The generate request for the session's last prompt.

    The system prompt empty means the model's own, as in chat. `options` are the
    overrides as the client sends them; by default the session's, with JSON types.
    """
    settings = session.completion or CompletionSettings()
    prompt = last_prompt(session)
    return GenerateRequest(
        model=session.model,
        prompt=prompt.content if prompt is not None else "",
        suffix=prompt.suffix if prompt is not None else "",
        raw=settings.raw,
        system=session.system_prompt or None,
        template=settings.template,
        options=wire_options(session.options) if options is None else dict(options),
        keep_alive=session.keep_alive,
        think=session.think,
        format=session.format,
    )


def completion_sent(request: GenerateRequest) -> dict[str, Any]:
    """A run's own overrides for the reply's `sent` line (the template summed up, as a schema is)."""
    sent: dict[str, Any] = {}
    if request.raw:
        sent["raw"] = True
    if request.template is not None:
        sent["template"] = "own"
    return sent


def completion_problem(session: Session) -> str:
    """Why the server would refuse the next run as set (raw with a system or template), or ""."""
    settings = session.completion or CompletionSettings()
    if settings.raw and (session.system_prompt or settings.template is not None):
        return "Raw mode sends the prompt as is: clear the system prompt (F5) and the template first, or turn raw off."
    return ""


def completion_backend(client: ChatClient, session: Session) -> CompletionBackend | None:
    """The client that runs `session`'s completions; None where the host has no generate."""
    workshop = workshop_of(client)
    return CompletionBackend(client, workshop, session) if workshop is not None else None


class CompletionBackend:
    """A chat client in shape whose replies are the session's completions."""

    def __init__(self, client: ChatClient, workshop: Workshop, session: Session) -> None:
        self._client, self._workshop, self._session = client, workshop, session
        self.host, self.kind, self.capabilities = client.host, client.kind, client.capabilities

    @property
    def admin(self) -> ModelAdmin | None:
        return self._client.admin

    def _generate(self, request: ChatRequest) -> GenerateRequest:
        # The reply loop built `request` for the client (options in its dialect):
        # only those options are taken from it, the rest is the completion's.
        generate = replace(completion_request(self._session, request.options), model=request.model)
        if (reply := self._session.reply) is not None:
            # The reply's "sent" line names what this run carried beyond the chat's settings.
            reply.sent.update(completion_sent(generate))
        return generate

    def chat(self, request: ChatRequest, *, stream: bool = True) -> AsyncGenerator[ChatEvent, None]:
        return one_by_one(self.chat_batches(request, stream=stream))

    def chat_batches(self, request: ChatRequest, *, stream: bool = True) -> AsyncGenerator[list[ChatEvent], None]:
        return self._workshop.generate_batches(self._generate(request), stream=stream)

    async def list_models(self) -> list[ModelInfo]:
        return await self._client.list_models()

    async def aclose(self) -> None:
        """The wrapped client is the pool's: it closes it."""
