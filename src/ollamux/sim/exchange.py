"""One request/response exchange, the only thing handlers write to.

Handlers never touch http.server directly: they send a whole reply (with
Content-Length, so the connection can be reused) or open a stream (no
Content-Length, `Connection: close`, each write flushed). A write to a client
that went away raises `ClientGone`; a write while the server stops raises
`ServerStopping`, so a stopped server really drops its streams.
"""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from typing import Any

from .context import SimContext
from .validate import RequestError
from .wire import dumps

JSON_TYPE = "application/json; charset=utf-8"
NDJSON_TYPE = "application/x-ndjson"
SSE_TYPE = "text/event-stream"
TEXT_TYPE = "text/plain; charset=utf-8"


class ClientGone(Exception):
    """The client closed the connection while we were writing."""


class ServerStopping(Exception):
    """The server is stopping; the connection is dropped without a proper end."""


class Exchange:
    """The request as received and the means to answer it."""

    def __init__(self, handler: BaseHTTPRequestHandler, sim: SimContext, path: str,
                 body: bytes) -> None:
        self._handler = handler
        self._sim = sim
        self.method = handler.command
        self.path = path
        self.body = body
        self.headers = {name.lower(): value for name, value in handler.headers.items()}
        self.started = False  # headers sent: the status can no longer change
        self.streaming = False

    def send_json(self, status: int, obj: Any) -> None:
        self.send_bytes(status, dumps(obj).encode(), JSON_TYPE)

    def send_text(self, status: int, text: str) -> None:
        self.send_bytes(status, text.encode(), TEXT_TYPE)

    def send_empty(self, status: int = 200) -> None:
        """A success without a body (copy, delete): Content-Length 0, no type."""
        self.send_bytes(status, b"", None)

    def send_bytes(self, status: int, body: bytes, content_type: str | None) -> None:
        handler = self._handler
        self.started = True
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if self.method != "HEAD" and body:
            self._write(body)

    def send_error(self, error: RequestError, *, openai: bool = False) -> None:
        """The error body of the endpoint's family, with the error's status."""
        if not openai:
            self.send_json(error.status, {"error": error.message})
            return
        kind = {400: "invalid_request_error", 404: "not_found_error"}.get(error.status, "api_error")
        self.send_json(error.status, {
            "error": {"message": error.message, "type": kind, "param": None, "code": None}
        })

    def start_stream(self, content_type: str) -> None:
        """Send 200 headers for a body that ends when the connection closes."""
        handler = self._handler
        self.started = self.streaming = True
        handler.close_connection = True
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        if content_type == SSE_TYPE:
            handler.send_header("Cache-Control", "no-cache")
        handler.send_header("Connection", "close")
        handler.end_headers()
        self._flush()

    def write_line(self, obj: Any) -> None:
        """One NDJSON object, flushed at once."""
        self._write(dumps(obj).encode() + b"\n")

    def write_event(self, data: Any) -> None:
        """One SSE event: `data: <json>` (or a literal string such as [DONE])."""
        text = data if isinstance(data, str) else dumps(data)
        self._write(f"data: {text}\n\n".encode())

    def drop(self) -> None:
        """Close the connection without (any more of) an answer: a crash or a cut."""
        self._handler.close_connection = True

    def json_body(self) -> Any:
        """The body as JSON for the request record, or None."""
        try:
            return json.loads(self.body) if self.body.strip() else None
        except (ValueError, UnicodeDecodeError):
            return None

    def _write(self, data: bytes) -> None:
        if self._sim.stopping.is_set():
            raise ServerStopping
        try:
            self._handler.wfile.write(data)
        except OSError as exc:  # reset, broken pipe, or a client that stopped reading
            raise ClientGone from exc
        self._flush()

    def _flush(self) -> None:
        try:
            self._handler.wfile.flush()
        except OSError as exc:
            raise ClientGone from exc
