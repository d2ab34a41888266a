"""A loopback HTTP server that answers with exact bytes, for wire edge cases.

The simulator speaks well-formed HTTP through the standard library; this one lets
a test choose every byte and every pause: a UTF-8 character split across two
TCP writes, a body with no final newline, an HTML page from a "proxy", a stream
that stops dead.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field


@dataclass
class Canned:
    """One reply: status line, headers and body pieces written one by one."""

    status: int = 200
    content_type: str = "application/x-ndjson"
    chunks: list[bytes] = field(default_factory=list)
    pause: float = 0.01
    # Stop after the body without ending the (close-delimited) reply cleanly.
    hold_open: bool = False
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body) if self.body else None


class RawServer:
    """Serves canned replies in order, one per connection, and records requests."""

    def __init__(self, *replies: Canned, routes: dict[str, Canned] | None = None) -> None:
        self.replies = list(replies)
        # Replies by path, served every time (for a whole app, which polls): any
        # other path gets a 404, and `replies` are not used.
        self.routes = routes
        self.received: list[Received] = []
        self.disconnected = asyncio.Event()
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> RawServer:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    @property
    def url(self) -> str:
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await self._serve(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            self.disconnected.set()
        finally:
            writer.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        request_line, *header_lines = head.decode("latin-1").split("\r\n")
        method, path, _ = request_line.split(" ", 2)
        headers = {}
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        self.received.append(Received(method, path, headers, body))
        if self.routes is not None:
            reply = self.routes.get(path, Canned(status=404, content_type="text/plain", chunks=[b"404 page not found"]))
        else:
            reply = self.replies.pop(0)
        extra = "".join(f"{name}: {value}\r\n" for name, value in reply.headers.items())
        writer.write(
            f"HTTP/1.1 {reply.status} X\r\nContent-Type: {reply.content_type}\r\n"
            f"{extra}Connection: close\r\n\r\n".encode()
        )
        await writer.drain()
        for chunk in reply.chunks:
            writer.write(chunk)
            await writer.drain()
            await asyncio.sleep(reply.pause)
        if reply.hold_open:
            # Wait for the client to hang up: that is what a stop must do.
            while await reader.read(1024):
                pass
            self.disconnected.set()


def ndjson(*objects: object) -> bytes:
    return b"".join(json.dumps(o).encode() + b"\n" for o in objects)
