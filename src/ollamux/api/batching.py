"""A reply's events a network read at a time.

A server at a GPU box's pace sends a line every few milliseconds, and everything
above the socket (the HTTP stack, the reply loop, the view) costs as much for one
line as for ten. So the clients decode all the lines one read brought and hand
them up as one list; `chat` still gives the events one by one to whoever wants that.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterable, Iterator
from contextlib import aclosing
from typing import TypeVar

from ollamux.api.events import ChatEvent

Item = TypeVar("Item")

# A read from a fast server holds up to 64 KB: hundreds of lines, whose decoding
# would hold the event loop for milliseconds while a key press waits. Decoded this
# much at a time, the reply loop can give the loop back in between (its TIME_SLICE).
PIECE_BYTES = 8192


def pieces(chunk: bytes | None) -> Iterator[bytes | None]:
    """`chunk` in pieces of at most PIECE_BYTES; None (the body's end) stays one None."""
    if chunk is None:
        yield None
        return
    for start in range(0, len(chunk), PIECE_BYTES):
        yield chunk[start : start + PIECE_BYTES]


def decode_batch(
    items: Iterable[Item], events: Callable[[Item], list[ChatEvent]], done: Callable[[], bool]
) -> tuple[list[ChatEvent], Exception | None]:
    """The events of `items` up to the reply's end, and what stopped them, if anything.

    An in-band error (or a line that cannot be read) ends the reply, but the
    text before it in the same read is the user's and must not be lost: it is
    returned with the error, for the caller to hand up before raising it.
    """
    batch: list[ChatEvent] = []
    try:
        for item in items:
            batch += events(item)
            if done():
                break
    except Exception as error:  # raised by the caller once the text before it is handed up
        return batch, error
    return batch, None


async def read_batches(
    chunks: AsyncIterator[bytes],
    feed: Callable[[bytes], list[Item]],
    close: Callable[[], list[Item]],
    events: Callable[[Item], list[ChatEvent]],
    done: Callable[[], bool],
) -> AsyncGenerator[list[ChatEvent], None]:
    """The events of a body's reads, decoded a piece at a time, until the reply is done or the body ends.

    `feed` and `close` are an incremental decoder's (lines or SSE payloads),
    `events` reads one decoded item; the caller decides what an early end means.
    """
    while not done():
        chunk = await anext(chunks, None)
        for piece in pieces(chunk):
            batch, error = decode_batch(close() if piece is None else feed(piece), events, done)
            if batch:
                yield batch
            if error is not None:
                raise error
            if done():
                return
        if chunk is None:
            return


async def one_by_one(batches: AsyncGenerator[list[ChatEvent], None]) -> AsyncGenerator[ChatEvent, None]:
    """The events of `batches` one at a time; closing this closes them (and the connection)."""
    async with aclosing(batches):
        async for batch in batches:
            for event in batch:
                yield event
