"""Incremental decoder for server-sent events, the OpenAI-compatible stream format.

Only the part of the SSE spec that chat servers use is implemented: the `data`
field of each event. Comments (DeepSeek's `: keep-alive` while a request is
queued) and the `event`, `id` and `retry` fields are read and ignored. Like the
NDJSON decoder, it works on arbitrary byte chunks with no line-length limit.
"""

from __future__ import annotations

import re

from ollamux.api.ndjson import decode_utf8, utf8_decoder

# The spec allows all three line endings, even mixed in one stream.
_LINE_END = re.compile(r"\r\n|\r|\n")


class SseDecoder:
    """Turn a byte stream into the `data` payload of each complete event.

    Payloads are returned verbatim, `[DONE]` included: what the text means is
    the caller's business. Invalid UTF-8 raises MalformedResponse.
    """

    def __init__(self) -> None:
        self._decoder = utf8_decoder()
        # Pieces of the current unfinished line, joined only at its end so a
        # long line fed in small chunks costs linear time.
        self._pending: list[str] = []
        # The data lines of the event being read; a list, not a string, because
        # an event with one empty `data:` line is still an event (payload "").
        self._data: list[str] | None = None
        # A chunk ended in "\r": if the next one starts with "\n", that belongs
        # to the same "\r\n" and must not count as a blank line.
        self._after_cr = False

    def feed(self, data: bytes) -> list[str]:
        """Decode `data` and return the payloads of all events it completed."""
        return self._read(decode_utf8(self._decoder, data, final=False))

    def close(self) -> list[str]:
        """End the stream and return what it still held.

        A last line without a line ending still counts, and an event whose blank
        line never came is dispatched anyway: some servers omit the final one.
        """
        events = self._read(decode_utf8(self._decoder, b"", final=True))
        if self._pending:
            self._line("".join(self._pending), events)
            self._pending.clear()
        self._dispatch(events)
        self._after_cr = False
        return events

    def _read(self, text: str) -> list[str]:
        events: list[str] = []
        start = 0
        if self._after_cr and text:
            self._after_cr = False
            if text[0] == "\n":
                start = 1
        for match in _LINE_END.finditer(text, start):
            piece = text[start : match.start()]
            if self._pending:
                self._pending.append(piece)
                piece = "".join(self._pending)
                self._pending.clear()
            self._line(piece, events)
            start = match.end()
        if start < len(text):
            self._pending.append(text[start:])
        elif text.endswith("\r"):
            self._after_cr = True
        return events

    def _line(self, line: str, events: list[str]) -> None:
        if not line:
            self._dispatch(events)
            return
        if line.startswith(":"):
            return
        name, _, value = line.partition(":")
        if name != "data":
            return
        if value.startswith(" "):
            value = value[1:]
        if self._data is None:
            self._data = []
        self._data.append(value)

    def _dispatch(self, events: list[str]) -> None:
        if self._data is not None:
            events.append("\n".join(self._data))
            self._data = None
