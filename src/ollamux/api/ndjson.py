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

_read_value = json.JSONDecoder().raw_decode


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
        if last and not last.isspace():
            values.append(self._parse(last))
        return values

    def _lines(self, text: str) -> list[Any]:
        # Only the new text is split: the pending pieces hold no newline.
        *complete, rest = text.split("\n")
        if complete and self._pending:
            self._pending.append(complete[0])
            complete[0] = self._take_pending()
        if rest:
            self._pending.append(rest)
        return [self._parse(line) for line in complete if line and not line.isspace()]

    def _take_pending(self) -> str:
        line = "".join(self._pending)
        self._pending.clear()
        return line

    @staticmethod
    def _parse(line: str) -> Any:
        """The value of a line that is not blank.

        (The callers check with isspace(), which stops at the first other character:
        checking a huge line for blankness costs nothing, unlike strip().)
        """
        # A server's line is one object, no more: read without json.loads's look for
        # whitespace around it, a 20,000-token reply's lines cost 40% less (36 against 60 ms).
        if line[0] == "{" and line[-1] == "}":
            try:
                value, end = _read_value(line)
            except (ValueError, RecursionError):
                pass  # json.loads says what is wrong
            else:
                if end == len(line):
                    return value
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
