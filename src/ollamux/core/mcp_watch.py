"""Noticing that a server went away while nobody was calling it.

The SDK ends its read stream when a server's output ends (a crash, an exit) but
tells nobody until the next request fails. Watching that stream lets the
inspector say "failed" at once, with the server's last words.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from mcp.client import Transport
    from mcp.client._transport import TransportStreams

T = TypeVar("T")


class EndWatch(Generic[T]):
    """A read stream, as the SDK reads it, that calls `on_end()` when it runs out."""

    def __init__(self, stream: Any, on_end: Callable[[], None]) -> None:
        self._stream = stream
        self._on_end = on_end

    @property
    def last_context(self) -> Any:
        # The SDK runs a message's handlers in the sender's context where a stream keeps one.
        return getattr(self._stream, "last_context", None)

    async def receive(self) -> T:
        import anyio

        try:
            item: T = await self._stream.receive()
        except anyio.EndOfStream:
            self._on_end()
            raise
        return item

    def __aiter__(self) -> EndWatch[T]:
        return self

    async def __anext__(self) -> T:
        try:
            item: T = await self._stream.__anext__()
        except StopAsyncIteration:
            self._on_end()
            raise
        return item

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def __aenter__(self) -> EndWatch[T]:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.aclose()


@asynccontextmanager
async def watched(transport: Transport, on_end: Callable[[], None]) -> AsyncIterator[TransportStreams]:
    """`transport`, its read stream watched for its end."""
    async with transport as (read_stream, write_stream):
        yield EndWatch(read_stream, on_end), write_stream
