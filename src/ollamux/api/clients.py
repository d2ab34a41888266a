"""One entry point for any host: the client that speaks its protocol."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import TYPE_CHECKING, Protocol

import httpx

from ollamux.api.capabilities import Capabilities, ModelAdmin
from ollamux.api.events import ChatEvent, ChatRequest
from ollamux.api.hosts import Host
from ollamux.api.models import ModelInfo
from ollamux.api.ollama import OllamaClient
from ollamux.api.openai import OpenAIClient

if TYPE_CHECKING:  # made at first use (OllamaClient.workshop): the app starts without it
    from ollamux.api.workshop import Workshop


class ChatClient(Protocol):
    """What every backend offers; the UI needs nothing else to chat."""

    host: Host
    kind: str
    capabilities: Capabilities  # what it can do beyond chat: ask this, not `kind`

    @property
    def admin(self) -> ModelAdmin | None:
        """Model administration (details, ps, pull, copy, delete, load), if the backend has it."""
        ...

    def chat(self, request: ChatRequest, *, stream: bool = True) -> AsyncGenerator[ChatEvent, None]: ...

    def chat_batches(self, request: ChatRequest, *, stream: bool = True) -> AsyncGenerator[list[ChatEvent], None]:
        """The events of `chat`, those of each network read in one list."""
        ...

    async def list_models(self) -> list[ModelInfo]: ...

    async def aclose(self) -> None: ...


def make_client(host: Host, *, transport: httpx.AsyncBaseTransport | None = None) -> OllamaClient | OpenAIClient:
    if host.kind == "openai":
        return OpenAIClient(host, transport=transport)
    return OllamaClient(host, transport=transport)


def workshop_of(client: ChatClient) -> Workshop | None:
    """Generate, create, push and embed, where the backend has them (Ollama's native API)."""
    return client.workshop if isinstance(client, OllamaClient) else None


class ClientPool:
    """One client per configured host, created on first use and closed together."""

    def __init__(
        self, hosts: tuple[Host, ...] | list[Host], *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.hosts = {host.name: host for host in hosts}
        self._transport = transport
        self._clients: dict[str, OllamaClient | OpenAIClient] = {}

    def get(self, host_name: str) -> OllamaClient | OpenAIClient:
        client = self._clients.get(host_name)
        if client is None:
            client = self._clients[host_name] = make_client(self.hosts[host_name], transport=self._transport)
        return client

    async def aclose(self) -> None:
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()
