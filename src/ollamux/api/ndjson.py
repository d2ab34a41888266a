"""Incremental decoder for newline-delimited JSON, the native Ollama stream format.

Bytes arrive in arbitrary network chunks: a line (or one UTF-8 character) can be
split anywhere, and a single line can be megabytes long (a final `/api/generate`
chunk with `context`, a verbose `/api/show`). So this decoder has no line-length
limit and does work linear in the input, however small the chunks are.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import AsyncIterable, AsyncIterator
from typing import Any

from ollamux.api.errors import MalformedResponse

# What a streamed reply may say it is (Ollama answers a non-streamed one as plain JSON).
STREAM_TYPES = ("application/x-ndjson", "application/json")

EXCERPT_CHARS = 120

# Marks a blank line; None cannot, because `null` is a valid JSON line.
_BLANK: Any = object()


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """A short, quoted piece of `text` for an error message.

    The offending line may be megabytes of HTML or JSON; only its start helps a
    person recognise what the server sent.
    """
    head = text[: limit * 4].strip()
    if len(head) > limit:
        return repr(head[:limit]) + "…"
    return repr(head)


def utf8_decoder() -> codecs.IncrementalDecoder:
    """A strict incremental UTF-8 decoder, shared with the SSE decoder."""
    # utf-8-sig only drops a byte-order mark at the very start of the stream
    # (which json.loads would reject); everything else is plain strict UTF-8.
    return codecs.getincrementaldecoder("utf-8-sig")(errors="strict")


def decode_utf8(decoder: codecs.IncrementalDecoder, data: bytes, *, final: bool) -> str:
    """Decode one chunk, holding back a character split at its end.

    Invalid bytes become a protocol error rather than a UnicodeDecodeError, so
    callers only have to handle the typed ApiError family.
    """
    try:
        return decoder.decode(data, final)
    except UnicodeDecodeError as error:
        bad = error.object[error.start : error.start + 8]
        raise MalformedResponse(f"invalid UTF-8 ({error.reason}) near bytes {bad!r}") from None


class NdjsonDecoder:
    """Turn a byte stream into the JSON values of its lines, one chunk at a time.

    Blank lines and `\\r\\n` endings are tolerated. Values are returned as parsed,
    objects or not: deciding what a non-object line means is the caller's job.
    After a MalformedResponse the decoder is in an undefined state; the stream
    is broken and should be abandoned.
    """

    def __init__(self) -> None:
        self._decoder = utf8_decoder()
        # Pieces of the current unfinished line. Joining only when its newline
        # arrives keeps a long line fed in small chunks linear, not quadratic.
        self._pending: list[str] = []

    def feed(self, data: bytes) -> list[Any]:
        """Decode `data` and return the values of all lines it completed."""
        return self._lines(decode_utf8(self._decoder, data, final=False))

    def close(self) -> list[Any]:
        """End the stream: return the value of a last line that had no newline.

        Raises MalformedResponse if the stream stopped inside a UTF-8 character
        or the last line is not JSON.
        """
        values = self._lines(decode_utf8(self._decoder, b"", final=True))
        last = self._take_pending()
        if last:
            value = self._parse(last)
            if value is not _BLANK:
                values.append(value)
        return values

    def _lines(self, text: str) -> list[Any]:
        values: list[Any] = []
        start = 0
        # Only the new text is searched: the pending pieces hold no newline.
        while (end := text.find("\n", start)) >= 0:
            piece = text[start:end]
            if self._pending:
                self._pending.append(piece)
                piece = self._take_pending()
            value = self._parse(piece)
            if value is not _BLANK:
                values.append(value)
            start = end + 1
        if start < len(text):
            self._pending.append(text[start:])
        return values

    def _take_pending(self) -> str:
        line = "".join(self._pending)
        self._pending.clear()
        return line

    @staticmethod
    def _parse(line: str) -> Any:
        # isspace() stops at the first other character, so checking a huge line
        # for blankness costs nothing, unlike strip().
        if not line or line.isspace():
            return _BLANK
        try:
            # json.loads accepts the surrounding whitespace, including a "\r".
            return json.loads(line)
        except json.JSONDecodeError as error:
            raise MalformedResponse(
                f"a line is not JSON ({error.msg} at char {error.pos}): {excerpt(line)}"
            ) from None
        except (ValueError, RecursionError) as error:
            # Valid JSON the parser still refuses: an integer beyond Python's
            # digit limit, or nesting deep enough to hit the recursion guard.
            raise MalformedResponse(f"a line cannot be read ({error}): {excerpt(line)}") from None


async def ndjson_values(chunks: AsyncIterable[bytes]) -> AsyncIterator[Any]:
    """The JSON values of an NDJSON body, as they arrive."""
    decoder = NdjsonDecoder()
    async for chunk in chunks:
        for value in decoder.feed(chunk):
            yield value
    for value in decoder.close():
        yield value
